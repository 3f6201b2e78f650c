//! The report as workbooks: `xlsx/<folder>.xlsx` per page, one sheet per
//! table that has a sheet name, in the page's table order, cells guarded
//! against formulas.

use super::Shared;
use super::model::{Page, Report};
use crate::render::RenderError;
use crate::render::xlsx::{Sheet, to_bytes};

/// Writes every page's workbook.
///
/// # Errors
/// When a workbook cannot be built.
pub fn write(report: &Report<'_>, sink: &Shared<'_>) -> Result<(), RenderError> {
    use rayon::prelude::*;

    // Pages are independent: a province's region workbook is built on one
    // core while the chains' are on the other, each kept as soon as it is
    // made.
    report.pages.par_iter().try_for_each(|page| sink.put(format!("xlsx/{}.xlsx", page.folder), page_xlsx(page)?))
}

/// The workbook of a page.
///
/// # Errors
/// When the workbook cannot be built (a sheet name Excel refuses, say).
pub fn page_xlsx(page: &Page<'_>) -> Result<Vec<u8>, RenderError> {
    let sheets: Vec<Sheet<'_>> =
        page.tables.iter().filter_map(|t| Some(Sheet { name: t.sheet.as_deref()?, table: &t.table })).collect();
    to_bytes(&sheets)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::super::sample::Sample;
    use super::*;
    use crate::model::Lang;

    /// A workbook read back: each sheet's name and rows, numbers marked `#`
    /// so a number stored as text shows.
    fn shown(bytes: Vec<u8>) -> String {
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook");
        let mut out = String::new();
        for name in book.sheet_names() {
            let _ = writeln!(out, "== {name}");
            for row in book.worksheet_range(&name).expect("the sheet").rows() {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        Data::Float(n) => format!("#{n}"),
                        Data::Int(n) => format!("#{n}"),
                        other => other.to_string(),
                    })
                    .collect();
                let _ = writeln!(out, "{}", cells.join(" | "));
            }
        }
        out
    }

    #[test]
    fn region_workbook() {
        let sample = Sample::new();
        insta::assert_snapshot!(shown(page_xlsx(&sample.report(Lang::Zh).pages[0]).unwrap()));
    }

    #[test]
    fn chain_workbook() {
        let sample = Sample::new();
        insta::assert_snapshot!(shown(page_xlsx(&sample.report(Lang::En).pages[1]).unwrap()));
    }

    #[test]
    fn same_data_same_bytes() {
        let sample = Sample::new();
        let report = sample.report(Lang::Zh);
        assert_eq!(page_xlsx(&report.pages[1]).unwrap(), page_xlsx(&report.pages[1]).unwrap());
        let mut files = super::super::Files::new();
        write(&report, &super::super::Shared::new(&mut files)).unwrap();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["xlsx/region.xlsx", "xlsx/silk.xlsx", "xlsx/tea.xlsx"]);
    }
}
