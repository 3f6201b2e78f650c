//! JSON documents written as `serde_json::to_writer_pretty` writes them,
//! with their long lists made on every core.
//!
//! A province's documents are lists of thousands of alike elements (20,000
//! links of `gaps`, 150,000 candidates of `targets`: 9 and 48 MB), which one
//! core took 10 and 80 ms to write at the end of a run. Each element is
//! made on its own and indented to its place; since JSON strings hold no raw
//! line ends, every line end is the formatter's (docs/performance.md, step
//! 17).

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

/// The most elements written by one task: enough that a task outweighs
/// its setting up (fewer when the list is short, so that every core has
/// some: `gaps` has a hundred chains of 200 links each).
const CHUNK: usize = 512;

/// Tasks' text held at once: some 2 MB for `targets`' candidates.
const WAVE: usize = 16;

/// The top-level object of a document, written key by key as
/// `to_writer_pretty` writes it: `{}` without keys.
pub struct Object<'w, W: Write> {
    out: &'w mut W,
    keys: usize,
}

impl<'w, W: Write> Object<'w, W> {
    pub fn new(out: &'w mut W) -> Self {
        Self { out, keys: 0 }
    }

    fn key(&mut self, key: &str) -> io::Result<()> {
        self.out.write_all(if self.keys == 0 { b"{\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *self.out, key).map_err(io::Error::from)?;
        self.keys += 1;
        self.out.write_all(b": ")
    }

    /// `key` and a list made on every core ([`write_list`]).
    ///
    /// # Errors
    /// When the output cannot be written, or an element cannot be made JSON.
    pub fn list<T: Serialize + Sync>(&mut self, key: &str, items: &[T]) -> io::Result<&mut Self> {
        self.key(key)?;
        write_list(self.out, items)?;
        Ok(self)
    }

    /// `key` and a value made on one core ([`write_value`]).
    ///
    /// # Errors
    /// When the output cannot be written, or the value cannot be made JSON.
    pub fn value<T: Serialize>(&mut self, key: &str, value: &T) -> io::Result<&mut Self> {
        self.key(key)?;
        write_value(self.out, value)?;
        Ok(self)
    }

    /// Closes the object.
    ///
    /// # Errors
    /// When the output cannot be written.
    pub fn end(&mut self) -> io::Result<()> {
        self.out.write_all(if self.keys == 0 { b"{}" } else { b"\n}" })
    }
}

/// A list as the value of a key of the top-level object: `[]`, or its
/// elements one level in from the key, as `to_writer_pretty` indents them.
///
/// # Errors
/// When `out` cannot be written, or an element cannot be made JSON.
fn write_list<T: Serialize + Sync>(out: &mut impl Write, items: &[T]) -> io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[\n")?;
    // A wave of chunks at a time, so that no more than a wave's text is
    // held before it is written.
    let chunk = (items.len() / (rayon::current_num_threads() * 8)).clamp(1, CHUNK);
    for (w, wave) in items.chunks(chunk * WAVE).enumerate() {
        let chunks: Vec<Vec<u8>> = wave
            .par_chunks(chunk)
            .map(|chunk| {
                let (mut written, mut item) = (Vec::new(), Vec::new());
                for element in chunk {
                    item.clear();
                    serde_json::to_writer_pretty(&mut item, element)?;
                    if !written.is_empty() {
                        written.extend_from_slice(b",\n");
                    }
                    for (i, line) in item.split(|&b| b == b'\n').enumerate() {
                        written.extend_from_slice(if i == 0 { b"    " } else { b"\n    " });
                        written.extend_from_slice(line);
                    }
                }
                Ok::<_, serde_json::Error>(written)
            })
            .collect::<Result<_, _>>()
            .map_err(io::Error::from)?;
        for (i, chunk) in chunks.iter().enumerate() {
            if w > 0 || i > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(chunk)?;
        }
    }
    out.write_all(b"\n  ]")
}

/// A value of a key of the top-level object, made on one core: its lines
/// after the first one level in, as `to_writer_pretty` indents them.
///
/// # Errors
/// When `out` cannot be written, or the value cannot be made JSON.
fn write_value<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    let written = serde_json::to_vec_pretty(value).map_err(io::Error::from)?;
    for (i, line) in written.split(|&b| b == b'\n').enumerate() {
        out.write_all(if i == 0 { b"" } else { b"\n  " })?;
        out.write_all(line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// `{"key": items}` written with [`write_list`] and by `serde_json`.
    fn both_ways(items: &[Value]) {
        let mut written = b"{\n  \"key\": ".to_vec();
        write_list(&mut written, items).unwrap();
        written.extend_from_slice(b"\n}");
        assert_eq!(
            String::from_utf8(written).unwrap(),
            serde_json::to_string_pretty(&json!({ "key": items })).unwrap()
        );
    }

    #[test]
    fn lists_are_written_as_serde_json_writes_them() {
        let element = |i: usize| {
            json!({"id": format!("c{i}"), "name": "茶 \"产业链\"\n\t\\", "n": i, "x": 0.1 + 0.2,
                   "fills": [{"chain": "tea", "gap": null}], "empty": [], "none": {}})
        };
        both_ways(&[]);
        both_ways(&[element(0)]);
        both_ways(&[json!("a"), json!(1), json!(null), json!([])]);
        both_ways(&(0..1300).map(element).collect::<Vec<_>>());
        // Past a wave of the largest chunks.
        both_ways(&(0..20_000).map(|i| json!(i)).collect::<Vec<_>>());
    }

    #[test]
    fn objects_are_written_as_serde_json_writes_them() {
        let mut written = Vec::new();
        Object::new(&mut written).end().unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), serde_json::to_string_pretty(&json!({})).unwrap());
        let mut written = Vec::new();
        Object::new(&mut written).value("a \"b\"", &json!(null)).unwrap().list("c", &[1, 2]).unwrap().end().unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            serde_json::to_string_pretty(&json!({"a \"b\"": null, "c": [1, 2]})).unwrap()
        );
    }

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        for value in [json!(null), json!("2026-03"), json!({"a": [1, {"b": "x\ny"}], "c": {}}), json!([])] {
            let mut written = b"{\n  \"key\": ".to_vec();
            write_value(&mut written, &value).unwrap();
            written.extend_from_slice(b"\n}");
            assert_eq!(
                String::from_utf8(written).unwrap(),
                serde_json::to_string_pretty(&json!({ "key": value })).unwrap()
            );
        }
    }
}
