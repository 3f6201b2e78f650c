//! Reading the first sheet of an Excel workbook: numbers written as a
//! person would type them, date cells as ISO dates.

use std::path::Path;

use calamine::{Data, Reader};

use super::header::map_header;
use super::{Cells, Row, TableSpec};
use crate::load::diag::Diagnostics;
use crate::model::Date;

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

/// Reads the first sheet of a workbook; its first non-empty row is the header.
pub(super) fn read(
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
                Data::DateTime(d) => {
                    let serial = d.as_f64();
                    Date::from_excel_serial(serial).map_or_else(|| number_text(serial), |d| d.to_string())
                }
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
        on_row(&Row { line, spec, map, cells: Cells::Owned(&cells) }, diags);
    }
    if map.is_none() {
        diags.error(file, 0, "the first sheet is empty").hint("it needs a header row, then one row per record");
        return false;
    }
    true
}
