//! Turning byte offsets and `serde_json` errors into 1-based line and column
//! numbers, counting columns in characters so CJK text lines up.

use serde_json::value::RawValue;

/// Line and character column of a byte offset in `text`.
#[must_use]
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The line starts of a text, for many line and column look-ups in it
/// (one per link of a chain file) without rescanning from the top.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    #[must_use]
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { text, starts }
    }

    /// The indexed text.
    #[must_use]
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Line and character column of a byte offset, as [`line_column`].
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// Byte offset of a raw JSON value borrowed from `text`.
#[must_use]
pub fn offset_of(text: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// Byte offset of the value of `"key":` inside a raw JSON object, if present.
#[must_use]
pub fn key_offset(object: &str, key: &str) -> Option<usize> {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(found) = object[from..].find(&needle) {
        let after = from + found + needle.len();
        let rest = object[after..].trim_start();
        if let Some(value) = rest.strip_prefix(':') {
            let value_start = object.len() - value.trim_start().len();
            return Some(value_start);
        }
        from = after;
    }
    None
}

/// Where a `serde_json` error points, converted from its byte column to a
/// character column, and shifted when the parsed text began at `base`
/// inside `text`. Also returns the message without serde's position suffix.
#[must_use]
pub fn serde_error_position(text: &str, base: usize, err: &serde_json::Error) -> (usize, usize, String) {
    let message = err.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    if err.line() == 0 {
        let (line, column) = line_column(text, base);
        return (line, column, message);
    }
    // Find the byte offset of serde's (line, byte column) within the parsed slice.
    let slice = &text[base..];
    let mut line_start = 0;
    for _ in 1..err.line() {
        match slice[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    let mut offset = base + line_start + err.column().saturating_sub(1);
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (line, column) = line_column(text, offset);
    (line, column, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "{\n  \"name\": \"茶叶\", \"x\": 1\n}";
        let offset = text.find("\"x\"").unwrap();
        assert_eq!(line_column(text, offset), (2, 17));
    }

    #[test]
    fn line_index_agrees_with_line_column() {
        let text = "{\n  \"name\": \"茶叶\",\n\n \"x\": 1\n}";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(index.line_column(offset), line_column(text, offset), "{offset}");
            }
        }
    }

    #[test]
    fn finds_key_values() {
        let object = r#"{"name": "weight", "weight" : -1}"#;
        assert_eq!(&object[key_offset(object, "weight").unwrap()..], "-1}");
    }
}
