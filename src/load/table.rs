//! Reading a table file (CSV in UTF-8 or GB18030, XLSX, or JSON) row by row,
//! with its header mapped onto the columns a table kind expects.

use std::borrow::Cow;
use std::path::Path;

use calamine::{Data, Reader};
use serde_json::value::RawValue;

use super::diag::Diagnostics;
use super::locate::{line_column, offset_of, serde_error_position};
use super::suggest::best_match;

/// A column a table kind expects: its English header and Chinese aliases.
#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// The shape of one kind of table.
#[derive(Debug)]
pub struct TableSpec {
    /// File stem: `firms`, `candidates`, …
    pub stem: &'static str,
    pub columns: &'static [Column],
}

/// The file formats a table may come in, in order of preference.
pub const EXTENSIONS: [&str; 3] = ["csv", "xlsx", "json"];

/// The cells of one row, wherever they came from.
enum Cells<'a> {
    Csv(&'a csv::ByteRecord),
    Owned(&'a [String]),
}

/// One data row: its line (CSV, JSON) or row number (XLSX), and its cells
/// by expected column.
pub struct Row<'a> {
    pub line: usize,
    map: &'a [Option<usize>],
    cells: Cells<'a>,
}

impl Row<'_> {
    /// The trimmed cell of expected column `col` (index into the spec's
    /// columns); empty when the column or the cell is absent.
    #[must_use]
    pub fn get(&self, col: usize) -> &str {
        let Some(pos) = self.map[col] else { return "" };
        let cell = match &self.cells {
            Cells::Csv(record) => record.get(pos).map_or("", |b| std::str::from_utf8(b).unwrap_or("")),
            Cells::Owned(cells) => cells.get(pos).map_or("", String::as_str),
        };
        cell.trim()
    }
}

/// Normalises a header cell: no BOM, no unit in brackets, lowercase, `_` for spaces.
fn normalize_header(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            ' ' | '-' => out.push('_'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out.trim_matches('_').to_owned()
}

/// Maps header cells to the spec's columns, reporting missing required
/// columns, duplicates and unknown headers. `None` when a required column
/// is missing.
fn map_header(
    spec: &TableSpec,
    headers: &[String],
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<Vec<Option<usize>>> {
    let mut map: Vec<Option<usize>> = vec![None; spec.columns.len()];
    for (pos, header) in headers.iter().enumerate() {
        let key = normalize_header(header);
        if key.is_empty() {
            continue;
        }
        let found =
            spec.columns.iter().position(|c| c.name == key || c.aliases.iter().any(|a| normalize_header(a) == key));
        match found {
            Some(col) if map[col].is_some() => {
                diags
                    .error(
                        file,
                        line,
                        format!(
                            "columns `{}` and `{header}` both mean `{}`",
                            headers[map[col].unwrap_or(0)],
                            spec.columns[col].name
                        ),
                    )
                    .hint("keep one of them");
            }
            Some(col) => map[col] = Some(pos),
            None => {
                let options = spec.columns.iter().flat_map(|c| {
                    std::iter::once((c.name, c.aliases[0])).chain(c.aliases.iter().map(move |a| (*a, c.name)))
                });
                let hint = best_match(header, options).map(|(k, v)| format!("did you mean `{k}` ({v})?"));
                diags.warning(file, line, format!("unknown column `{header}` ignored")).maybe_hint(hint);
            }
        }
    }
    let mut ok = true;
    for (col, spec_col) in spec.columns.iter().enumerate() {
        if spec_col.required && map[col].is_none() {
            diags
                .error(file, line, format!("missing required column `{}` ({})", spec_col.name, spec_col.aliases[0]))
                .hint(format!("add a column headed `{}` or `{}`", spec_col.name, spec_col.aliases[0]));
            ok = false;
        }
    }
    ok.then_some(map)
}

/// Reads the table at `path` (shown as `file`) and calls `on_row` for each
/// non-empty data row. Problems go to `diags`; returns false when the file
/// could not be read as a table at all.
pub fn read_table(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" => read_csv(path, file, spec, diags, on_row),
        "xlsx" => read_xlsx(path, file, spec, diags, on_row),
        "json" => read_json(path, file, spec, diags, on_row),
        _ => {
            diags.error(file, 0, format!("unsupported table format `.{ext}`")).hint("use .csv, .xlsx or .json");
            false
        }
    }
}

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

fn read_csv(
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
    let mut width = 0;
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
        let line = record.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let Some(map) = &map else {
            let headers: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            width = headers.len();
            match map_header(spec, &headers, file, line, diags) {
                Some(m) => map = Some(m),
                None => return false,
            }
            continue;
        };
        if record.len() > width {
            diags
                .error(file, line, format!("row has {} fields but the header has {width}", record.len()))
                .hint("a field with a comma in it must be in double quotes");
            continue;
        }
        on_row(&Row { line, map, cells: Cells::Csv(&record) }, diags);
    }
    if map.is_none() {
        diags.error(file, 0, "the file is empty").hint("it needs a header row, then one row per record");
        return false;
    }
    true
}

/// An Excel serial date as `YYYY-MM-DD` (days since 1899-12-30).
fn excel_date(serial: f64) -> String {
    #[allow(clippy::cast_possible_truncation, reason = "dates are small")]
    let days = serial.floor() as i64 - 25569; // days since 1970-01-01
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A number as a person would type it: no `.0` on whole numbers.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation, reason = "checked to be whole and small")]
        let whole = value as i64;
        whole.to_string()
    } else {
        value.to_string()
    }
}

fn read_xlsx(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let mut workbook = match calamine::open_workbook_auto(path) {
        Ok(workbook) => workbook,
        Err(err) => {
            diags.error(file, 0, format!("cannot open workbook: {err}"));
            return false;
        }
    };
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(err)) => {
            diags.error(file, 0, format!("cannot read the first sheet: {err}"));
            return false;
        }
        None => {
            diags.error(file, 0, "the workbook has no sheet");
            return false;
        }
    };
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut map = None;
    let mut cells: Vec<String> = Vec::new();
    for (i, raw) in range.rows().enumerate() {
        let line = first_row + i + 1;
        cells.clear();
        for cell in raw {
            let text = match cell {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Float(f) => number_text(*f),
                Data::Int(n) => n.to_string(),
                Data::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
                Data::DateTime(d) => excel_date(d.as_f64()),
                Data::Error(e) => {
                    diags.error(file, line, format!("cell holds the spreadsheet error {e}"));
                    String::new()
                }
            };
            cells.push(text);
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(map) = &map else {
            match map_header(spec, &cells, file, line, diags) {
                Some(m) => map = Some(m),
                None => return false,
            }
            continue;
        };
        on_row(&Row { line, map, cells: Cells::Owned(&cells) }, diags);
    }
    if map.is_none() {
        diags.error(file, 0, "the first sheet is empty").hint("it needs a header row, then one row per record");
        return false;
    }
    true
}

fn read_json(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            diags.error(file, 0, format!("cannot read: {err}"));
            return false;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let rows: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(rows) => rows,
        Err(err) => {
            let (line, column, message) = serde_error_position(text, 0, &err);
            diags
                .error(file, line, format!("malformed JSON: {message}"))
                .column(column)
                .hint("a JSON table is an array of objects, one per row");
            return false;
        }
    };
    // The header is the union of the rows' keys, in order of appearance.
    let mut objects = Vec::with_capacity(rows.len());
    let mut headers: Vec<String> = Vec::new();
    for raw in &rows {
        let (line, column) = line_column(text, offset_of(text, raw));
        match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw.get()) {
            Ok(object) => {
                for key in object.keys() {
                    if !headers.contains(key) {
                        headers.push(key.clone());
                    }
                }
                objects.push((line, column, object));
            }
            Err(_) => {
                diags.error(file, line, "a row must be a JSON object").column(column);
            }
        }
    }
    if objects.is_empty() {
        return true; // an empty table: no rows, nothing to check
    }
    let header_line = objects.first().map_or(1, |(line, _, _)| *line);
    let Some(map) = map_header(spec, &headers, file, header_line, diags) else {
        return false;
    };
    let mut cells = Vec::with_capacity(headers.len());
    for (line, column, object) in &objects {
        cells.clear();
        for key in &headers {
            let text = match object.get(key) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Bool(b)) => if *b { "yes" } else { "no" }.to_owned(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(";"),
                Some(serde_json::Value::Object(_)) => {
                    diags.error(file, *line, format!("field `{key}` must not be an object")).column(*column);
                    String::new()
                }
            };
            cells.push(text);
        }
        on_row(&Row { line: *line, map: &map, cells: Cells::Owned(&cells) }, diags);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise() {
        assert_eq!(normalize_header("\u{feff}产值（万元）"), "产值");
        assert_eq!(normalize_header(" Firm ID "), "firm_id");
        assert_eq!(normalize_header("output (万元)"), "output");
    }

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        assert_eq!(decode_text("\u{feff}环节".as_bytes()).unwrap(), "环节");
        let (gbk, _, _) = encoding_rs::GBK.encode("环节,企业名称");
        assert_eq!(decode_text(&gbk).unwrap(), "环节,企业名称");
        assert!(decode_text(&[0xff, 0xff, 0xff]).is_err());
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(45658.0), "2025-01-01");
        assert_eq!(excel_date(25569.0), "1970-01-01");
    }
}
