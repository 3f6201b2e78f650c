//! The report as CSV for Excel: every table of a page that has a file stem
//! becomes `csv/<folder>/<stem>.csv`, UTF-8 with a BOM so Chinese opens
//! correctly, cells guarded against formulas.

use super::model::{Page, Report};
use super::{Files, guarded};
use crate::render::table::Table;

/// Writes every page's CSV files.
pub fn write(report: &Report<'_>, files: &mut Files) {
    for page in &report.pages {
        files.extend(page_csv(page));
    }
}

/// The CSV files of a page: (path, bytes), in table order.
#[must_use]
pub fn page_csv(page: &Page<'_>) -> Vec<(String, Vec<u8>)> {
    page.tables
        .iter()
        .filter_map(|t| Some((format!("csv/{}/{}.csv", page.folder, t.csv?), csv_bytes(&t.table))))
        .collect()
}

/// A table as CSV bytes with a BOM.
#[must_use]
pub fn csv_bytes(table: &Table) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    guarded(table).write_csv(&mut out).expect("writing to memory");
    out
}
