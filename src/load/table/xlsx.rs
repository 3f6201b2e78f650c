//! Reading a table from an Excel workbook: the first sheet whose header row
//! names the table's required columns (an instructions sheet may come
//! first, a title may stand above the header), numbers written as a person
//! would type them, date cells as ISO dates.
//!
//! A sheet is read as a stream of cells, one row at a time. The dimension a
//! sheet declares is not trusted, nor are its cell references: a 2 KB file
//! may claim a cell at `XFD1048576`, and a table laid out as rows of cells
//! would then take gigabytes. A cell right of [`MAX_COLUMNS`] or below
//! Excel's last row is an error naming the file and the cell.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx, XlsxError};

use super::header::{HeaderSearch, Search, map_header};
use super::{Cells, Row, TableSpec};
use crate::load::diag::Diagnostics;
use crate::model::Date;

/// The most columns a table sheet may use: far more than any table has
/// (the firms table has a dozen), and the width of Excel 2003 (`IV`).
pub const MAX_COLUMNS: u32 = 256;

/// Excel's last row.
pub const MAX_ROWS: u32 = 1_048_576;

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

/// The letters of a 0-based column: 0 → `A`, 26 → `AA`.
fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Writes a cell's text into `out` (emptied first), or gives the
/// spreadsheet error it holds (`#DIV/0!`). A row's cells are written into
/// the strings of the row before: a million rows of a dozen cells, with
/// no string made for each.
fn cell_text_into(value: &DataRef<'_>, out: &mut String) -> Result<(), String> {
    out.clear();
    match value {
        DataRef::Empty => {}
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => out.push_str(s),
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::Float(f) => out.push_str(&number_text(*f)),
        DataRef::Int(n) => out.push_str(&n.to_string()),
        DataRef::Bool(b) => out.push_str(if *b { "yes" } else { "no" }),
        DataRef::DateTime(d) => {
            let serial = d.as_f64();
            out.push_str(&Date::from_excel_serial(serial).map_or_else(|| number_text(serial), |d| d.to_string()));
        }
        DataRef::Error(e) => return Err(e.to_string()),
    }
    Ok(())
}

/// How reading one sheet ended.
enum Sheet {
    /// The sheet held the table, and its rows were read.
    Table,
    /// No header in the sheet's first rows: the table is elsewhere.
    NoHeader,
    /// The sheet could not be read; the cause is reported.
    Failed,
}

/// One sheet's rows as they come, before and after the header.
struct SheetRows<'a> {
    spec: &'a TableSpec,
    file: &'a str,
    /// The sheet's name, and whether it is the workbook's first.
    name: &'a str,
    first_sheet: bool,
    search: HeaderSearch,
    map: Option<Vec<Option<usize>>>,
}

impl SheetRows<'_> {
    /// Takes one non-empty row; `Some` when the sheet is done with.
    fn row(
        &mut self,
        line: usize,
        cells: &[String],
        errors: &[(u32, String)],
        diags: &mut Diagnostics,
        on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
    ) -> Option<Sheet> {
        if let Some(map) = &self.map {
            for (col, error) in errors {
                diags.error(
                    self.file,
                    line,
                    format!("cell {}{line} holds the spreadsheet error {error}", column_letters(*col)),
                );
            }
            on_row(&Row { line, spec: self.spec, map, cells: Cells::Owned(cells), previous: &[] }, diags);
            return None;
        }
        match self.search.offer(self.spec, cells, line) {
            Search::Skip => None,
            Search::GiveUp => Some(Sheet::NoHeader),
            Search::Found => {
                // A row naming every required column maps.
                let Some(map) = map_header(self.spec, cells, self.file, line, diags) else {
                    return Some(Sheet::Failed);
                };
                self.map = Some(map);
                if !self.first_sheet || !self.search.at_top() {
                    diags.note(self.file, line, format!("read sheet `{}`, with the header on row {line}", self.name));
                }
                None
            }
        }
    }
}

/// Streams the cells of one sheet into rows.
fn read_sheet(
    workbook: &mut Xlsx<BufReader<File>>,
    rows: &mut SheetRows<'_>,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> Sheet {
    let (file, name) = (rows.file, rows.name);
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet, say: no table there.
        Err(XlsxError::NotAWorksheet(_)) => return Sheet::NoHeader,
        Err(err) => {
            diags.error(file, 0, format!("cannot read sheet `{name}`: {err}"));
            return Sheet::Failed;
        }
    };
    // The row being gathered (0-based), its cells (`width` of them; the
    // strings past it are kept for their room), and the errors its cells hold.
    let mut current: Option<u32> = None;
    let mut cells: Vec<String> = Vec::new();
    let mut width = 0;
    let mut errors: Vec<(u32, String)> = Vec::new();
    loop {
        let cell = match reader.next_cell() {
            Ok(cell) => cell,
            Err(err) => {
                diags.error(file, 0, format!("cannot read sheet `{name}`: {err}"));
                return Sheet::Failed;
            }
        };
        let position = cell.as_ref().map(calamine::Cell::get_position);
        if let Some((row, col)) = position {
            let line = usize::try_from(row).map_or(usize::MAX, |r| r.saturating_add(1));
            // Made only for a message.
            let place = || format!("{}{line}", column_letters(col));
            if col >= MAX_COLUMNS {
                let last = column_letters(MAX_COLUMNS - 1);
                diags
                    .error(
                        file,
                        line,
                        format!(
                            "cell {} of sheet `{name}` is right of column {last}: a table uses at most {MAX_COLUMNS} columns",
                            place()
                        ),
                    )
                    .hint("delete the columns right of the table, or keep the table on a sheet of its own");
                return Sheet::Failed;
            }
            if row >= MAX_ROWS {
                diags
                    .error(
                        file,
                        line,
                        format!("cell {} of sheet `{name}` is below Excel's last row, {MAX_ROWS}", place()),
                    )
                    .hint("the workbook is damaged; save it again from Excel");
                return Sheet::Failed;
            }
            if current.is_some_and(|r| row < r) {
                diags
                    .error(file, line, format!("sheet `{name}` lists row {line} after a later row"))
                    .hint("the workbook was not written by a spreadsheet program; save it again from Excel");
                return Sheet::Failed;
            }
        }
        if let Some(row) = current
            && position.is_none_or(|(r, _)| r != row)
        {
            let cells = &cells[..width];
            if !cells.iter().all(|c| c.trim().is_empty()) {
                let line = usize::try_from(row).unwrap_or(usize::MAX - 1) + 1;
                if let Some(done) = rows.row(line, cells, &errors, diags, on_row) {
                    return done;
                }
            }
            width = 0;
            errors.clear();
        }
        let Some(cell) = cell else { break };
        let (row, col) = cell.get_position();
        current = Some(row);
        let at = col as usize;
        if cells.len() <= at {
            cells.resize(at + 1, String::new());
        }
        // Cells left out between the last one and this are empty.
        for skipped in cells.iter_mut().take(at).skip(width) {
            skipped.clear();
        }
        width = width.max(at + 1);
        if let Err(error) = cell_text_into(cell.get_value(), &mut cells[at]) {
            errors.push((col, error));
        }
    }
    if rows.map.is_some() { Sheet::Table } else { Sheet::NoHeader }
}

/// Reads the table from the first sheet that holds it; its header is the
/// first row naming every required column.
pub(super) fn read(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let mut workbook: Xlsx<_> = match calamine::open_workbook(path) {
        Ok(workbook) => workbook,
        Err(err) => {
            diags.error(file, 0, format!("cannot open workbook: {err}"));
            return false;
        }
    };
    let names = workbook.sheet_names();
    if names.is_empty() {
        diags.error(file, 0, "the workbook has no sheet");
        return false;
    }
    // The first non-empty row of the workbook: taken as the header, to
    // report its missing columns, when no sheet has a header.
    let mut first: Option<(Vec<String>, usize)> = None;
    for (i, name) in names.iter().enumerate() {
        let mut rows = SheetRows { spec, file, name, first_sheet: i == 0, search: HeaderSearch::default(), map: None };
        let outcome = read_sheet(&mut workbook, &mut rows, diags, on_row);
        if first.is_none() {
            first = rows.search.first;
        }
        match outcome {
            Sheet::Table => return true,
            Sheet::Failed => return false,
            Sheet::NoHeader => {}
        }
    }
    match first {
        Some((headers, line)) => {
            map_header(spec, &headers, file, line, diags);
        }
        None if names.len() == 1 => {
            diags.error(file, 0, "the first sheet is empty").hint("it needs a header row, then one row per record");
        }
        None => {
            diags.error(file, 0, "every sheet is empty").hint("the table needs a header row, then one row per record");
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_have_letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(255), "IV");
        assert_eq!(column_letters(16_383), "XFD");
    }
}
