//! Free text on its way into a picture: cleaning, escaping for DOT and XML,
//! and measuring by display width so CJK text (two columns a glyph) fits
//! the boxes drawn around it.
//!
//! Names come from spreadsheets and may hold anything: quotes, backslashes,
//! `<`, `&`, line breaks, emoji. Every name passes through [`clean`] and
//! then exactly one escaper, so it always comes out as text.

use unicode_width::UnicodeWidthChar;

/// A name fit for one line of a picture: control characters (line breaks,
/// tabs) become spaces, runs of spaces collapse, and the two characters XML
/// 1.0 forbids (U+FFFE, U+FFFF) become U+FFFD.
#[must_use]
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(safe_char) {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// A character fit for XML 1.0 and one line of a label: control
/// characters become spaces, U+FFFE and U+FFFF become U+FFFD.
#[must_use]
pub fn safe_char(c: char) -> char {
    match c {
        c if c.is_control() => ' ',
        '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
        c => c,
    }
}

/// Escapes cleaned text for XML character data and attribute values; the
/// same escaping serves Graphviz HTML-like labels.
#[must_use]
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The inside of a DOT quoted string that Graphviz shows as this text:
/// `"` and `\` are escaped, so `\n`, `\N` and friends are never read as
/// Graphviz escapes, and `&` becomes `&amp;`, because Graphviz reads HTML
/// entities even in plain labels (a firm named `A&amp;B` stays `A&amp;B`).
#[must_use]
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}

/// [`dot_escape`] with the quotes.
#[must_use]
pub fn dot_quoted(text: &str) -> String {
    format!("\"{}\"", dot_escape(text))
}

/// The advance of one character in ems, by display width: CJK and emoji
/// take one em, Latin letters and digits a little over half.
fn advance(c: char) -> f64 {
    match c.width() {
        Some(2) => 1.0,
        Some(0) | None => 0.0,
        _ => 0.6,
    }
}

/// The width of `text` set at `size` pixels. It errs on the wide side, so
/// a box sized by it holds the text in any common sans-serif CJK font.
#[must_use]
pub fn width(text: &str, size: f64) -> f64 {
    text.chars().map(advance).sum::<f64>() * size
}

/// Punctuation that may not begin a line (避头尾).
const CLOSING: [char; 16] =
    ['）', ')', '」', '』', '】', '》', '，', '。', '、', '：', '；', '！', '？', ',', '.', '·'];

/// Breaks `text` into lines no wider than `max` at `size` pixels. Breaks at
/// a space when the line holds one in its second half (Latin words), else
/// between any two characters (Chinese has no spaces to break at).
#[must_use]
pub fn wrap(text: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for c in text.chars() {
        let w = advance(c) * size;
        if line_width + w > max && !line.is_empty() {
            let keep = line.rfind(' ').filter(|&i| i > 0 && width(&line[..i], size) > max / 2.0);
            match keep {
                Some(i) => {
                    let rest = line[i + 1..].to_owned();
                    line.truncate(i);
                    lines.push(std::mem::take(&mut line));
                    line = rest;
                }
                None => {
                    // No line starts with closing punctuation: carry the last
                    // character down with it.
                    let mut carried = String::new();
                    if CLOSING.contains(&c) && line.chars().count() > 1 {
                        carried.extend(line.pop());
                    }
                    lines.push(std::mem::take(&mut line));
                    line = carried;
                }
            }
            line_width = width(&line, size);
        }
        if line.is_empty() && c == ' ' {
            continue;
        }
        line.push(c);
        line_width += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Breaks `text` into lines no wider than `max` at `size` pixels, only at
/// spaces when it can: for short English labels, where a word cut in two
/// reads badly. A word wider than `max` alone is broken by [`wrap`].
#[must_use]
pub fn wrap_words(text: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if width(&joined, size) <= max {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut parts = wrap(word, max, size);
        line = parts.pop().unwrap_or_default();
        lines.extend(parts);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Whether `text` is all wide characters (CJK), which read well stacked one
/// above the other.
#[must_use]
pub fn all_wide(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.width() == Some(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning() {
        assert_eq!(clean("a\nb\r\n\tc  "), "a b c");
        assert_eq!(clean("\u{FFFE}x"), "\u{FFFD}x");
        assert_eq!(clean("富硒茶"), "富硒茶");
    }

    #[test]
    fn escaping() {
        assert_eq!(xml(r#"<a & "b">'"#), "&lt;a &amp; &quot;b&quot;&gt;&#39;");
        assert_eq!(dot_quoted(r#"say "hi" \n"#), r#""say \"hi\" \\n""#);
        assert_eq!(dot_escape("A&amp;B"), "A&amp;amp;B");
    }

    #[test]
    fn word_wrapping_breaks_at_spaces() {
        let max = width("Packaged drinking", 14.0);
        assert_eq!(wrap_words("Packaged drinking water", max, 14.0), ["Packaged drinking", "water"]);
        assert_eq!(wrap_words("Packaged drinking water", max - 1.0, 14.0), ["Packaged", "drinking water"]);
        // A word too wide alone is broken; nothing is lost.
        let long = wrap_words("x Supercalifragilistic", width("Superca", 14.0), 14.0);
        assert_eq!(long.concat(), "xSupercalifragilistic");
        assert_eq!(wrap_words("", 100.0, 14.0), [""]);
    }

    #[test]
    fn widths_and_wrapping() {
        assert!((width("富硒", 10.0) - 20.0).abs() < 1e-9);
        assert!((width("ab", 10.0) - 12.0).abs() < 1e-9);
        assert_eq!(wrap("富硒食品产业链", 40.0, 10.0), ["富硒食品", "产业链"]);
        assert_eq!(wrap("hello big world", 70.0, 10.0), ["hello big", "world"]);
        assert_eq!(wrap("", 10.0, 10.0), [""]);
        assert_eq!(wrap("有限公司（示例）", 70.0, 10.0), ["有限公司（示", "例）"]);
        assert_eq!(wrap("有限公司示例）", 60.0, 10.0), ["有限公司示", "例）"]);
        assert!(all_wide("富硒茶"));
        assert!(!all_wide("富硒 tea"));
    }
}
