//! The general CSV reader: UTF-8 with or without BOM, or GB18030/GBK as
//! Excel saves it on a Chinese Windows; quoted fields, CRLF and blank lines.

use std::borrow::Cow;
use std::path::Path;

use super::header::{HeaderSearch, Search, map_header};
use super::{Cells, Row, TableSpec, full_width_error, full_width_fields};
use crate::load::diag::Diagnostics;

/// Decodes CSV bytes: UTF-8 (a BOM is dropped) when they are valid UTF-8,
/// else GB18030, the superset of GBK that Excel on Chinese Windows writes.
///
/// # Errors
/// When the bytes are neither.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, &'static str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors { Err("the file is neither UTF-8 nor GB18030/GBK text") } else { Ok(text) }
}

/// Reads a CSV table row by row, in any of the encodings it may come in.
pub(super) fn read(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.error(file, 0, format!("cannot read: {err}"));
            return false;
        }
    };
    let text = match decode_text(&bytes) {
        Ok(text) => text,
        Err(message) => {
            diags.error(file, 0, message).hint("save it from Excel as “CSV UTF-8” or as CSV on a Chinese system");
            return false;
        }
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut map = None;
    let mut search = HeaderSearch::default();
    let mut width = 0;
    let mut lines = LineCounter::new(text.as_bytes());
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                diags.error(file, line, format!("unreadable CSV: {err}"));
                return false;
            }
        }
        let line = record.position().map_or(0, |p| lines.line_of_record_at(usize::try_from(p.byte()).unwrap_or(0)));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let Some(map) = &map else {
            let headers: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            match search.offer(spec, &headers, line) {
                Search::Skip => continue,
                Search::GiveUp => break,
                Search::Found => {}
            }
            width = headers.len();
            match map_header(spec, &headers, file, line, diags) {
                Some(m) => map = Some(m),
                None => return false,
            }
            search.note_found(file, line, diags);
            continue;
        };
        if let Some(fields) = full_width_fields(record.iter().map(|f| std::str::from_utf8(f).unwrap_or("")), width) {
            full_width_error(file, line, fields, diags);
            continue;
        }
        if record.len() > width {
            diags
                .error(file, line, format!("row has {} fields but the header has {width}", record.len()))
                .hint("a field with a comma in it must be in double quotes");
            continue;
        }
        on_row(&Row { line, spec, map, cells: Cells::Csv(&record), previous: &[] }, diags);
    }
    if map.is_none() {
        match search.first {
            // No row names the required columns: the first is taken as the
            // header, and its missing columns reported.
            Some((headers, line)) => {
                map_header(spec, &headers, file, line, diags);
            }
            None => {
                diags.error(file, 0, "the file is empty").hint("it needs a header row, then one row per record");
            }
        }
        return false;
    }
    true
}

/// The line a CSV record starts on, counting line feeds. The `csv` crate's
/// own record positions point back at the end of the previous record (the
/// line feed of a CRLF, blank lines) and so name the line before for files
/// saved by Excel; the fast path counts the same way as this.
pub(super) struct LineCounter<'t> {
    text: &'t [u8],
    counted_to: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    pub(super) fn new(text: &'t [u8]) -> Self {
        Self::starting_at(text, 1)
    }

    /// A counter for text whose first line is line `line` of its file.
    pub(super) fn starting_at(text: &'t [u8], line: usize) -> Self {
        Self { text, counted_to: 0, line }
    }

    /// The line of the record the reader says starts at byte `at`
    /// (records come in order).
    pub(super) fn line_of_record_at(&mut self, at: usize) -> usize {
        let at = at.min(self.text.len());
        let start = at + self.text[at..].iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        if start >= self.counted_to {
            self.line += memchr::memchr_iter(b'\n', &self.text[self.counted_to..start]).count();
            self.counted_to = start;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        assert_eq!(decode_text("\u{feff}环节".as_bytes()).unwrap(), "环节");
        let (gbk, _, _) = encoding_rs::GBK.encode("环节,企业名称");
        assert_eq!(decode_text(&gbk).unwrap(), "环节,企业名称");
        assert!(decode_text(&[0xff, 0xff, 0xff]).is_err());
    }
}
