//! Tables as XLSX workbooks: one sheet per table, header row frozen, column
//! widths fitted to Chinese text, numbers stored as numbers.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::RenderError;
use super::table::{Align, Table, guard, guard_cell};

/// A sheet to write: its name (≤ 31 characters, no `[]:*?/\`) and its table.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub table: &'a Table,
}

/// Builds a workbook from the sheets. Right-aligned columns holding numbers
/// are written as numbers; every other cell as text, so nothing a data file
/// holds (`=cmd|…`) can become a formula.
///
/// # Errors
/// When the workbook cannot be built.
pub fn workbook(sheets: &[Sheet<'_>]) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation date: the same data gives the same bytes.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let header =
        Format::new().set_bold().set_background_color("#DCE6F1").set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name)?;
        let table = sheet.table;
        for (c, h) in table.headers.iter().enumerate() {
            ws.write_string_with_format(0, col(c), guard(h), &header)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let number =
                    (table.align[c] == Align::Right).then(|| cell.replace(',', "").parse::<f64>().ok()).flatten();
                match number {
                    Some(n) if n.is_finite() => ws.write_number(r, col(c), n)?,
                    _ if cell.is_empty() => ws,
                    _ => ws.write_string(r, col(c), guard_cell(cell, table.align[c]))?,
                };
            }
        }
        for c in 0..table.headers.len() {
            let widest =
                std::iter::once(&table.headers[c]).chain(table.rows.iter().map(|r| &r[c])).map(|s| s.width()).max();
            // Display width counts a CJK glyph as 2, which matches Excel's character units well.
            let width = (widest.unwrap_or(8) + 2).clamp(6, 60);
            ws.set_column_width(col(c), u32::try_from(width).unwrap_or(60))?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(book)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Writes the workbook to bytes.
///
/// # Errors
/// When the workbook cannot be built.
pub fn to_bytes(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, XlsxError> {
    workbook(sheets)?.save_to_buffer()
}

/// Writes the workbook to `path` whole: a temporary file next to it, then a rename.
///
/// # Errors
/// When the workbook cannot be built or written.
pub fn save(sheets: &[Sheet<'_>], path: &Path) -> Result<(), RenderError> {
    let bytes = to_bytes(sheets)?;
    super::write_whole(path, &bytes)
}
