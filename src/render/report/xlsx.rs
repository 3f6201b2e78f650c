//! The report as workbooks: `xlsx/<folder>.xlsx` per page, one sheet per
//! table that has a sheet name, in the page's table order, cells guarded
//! against formulas.

use rust_xlsxwriter::XlsxError;

use super::model::{Page, Report};
use super::{Files, guarded};
use crate::render::table::Table;
use crate::render::xlsx::{Sheet, to_bytes};

/// Writes every page's workbook.
///
/// # Errors
/// When a workbook cannot be built.
pub fn write(report: &Report<'_>, files: &mut Files) -> Result<(), XlsxError> {
    for page in &report.pages {
        files.insert(format!("xlsx/{}.xlsx", page.folder), page_xlsx(page)?);
    }
    Ok(())
}

/// The workbook of a page.
///
/// # Errors
/// When the workbook cannot be built (a sheet name Excel refuses, say).
pub fn page_xlsx(page: &Page<'_>) -> Result<Vec<u8>, XlsxError> {
    let tables: Vec<(&str, Table)> =
        page.tables.iter().filter_map(|t| Some((t.sheet.as_deref()?, guarded(&t.table)))).collect();
    let sheets: Vec<Sheet<'_>> = tables.iter().map(|(name, table)| Sheet { name, table }).collect();
    to_bytes(&sheets)
}
