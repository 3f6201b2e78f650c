//! The report as CSV for Excel: every table of a page that has a file stem
//! becomes `csv/<folder>/<stem>.csv`, UTF-8 with a BOM so Chinese opens
//! correctly, cells guarded against formulas.

use rayon::prelude::*;

use super::Shared;
use super::model::{Page, Report};
use crate::render::RenderError;
use crate::render::table::Table;

/// Writes every page's CSV files, pages on every core (a province's are
/// 856 MB), each file kept as soon as it is made.
///
/// # Errors
/// When the sink cannot keep a file.
pub fn write(report: &Report<'_>, sink: &Shared<'_>) -> Result<(), RenderError> {
    report.pages.par_iter().try_for_each(|page| {
        page.tables.iter().try_for_each(|t| match t.csv {
            Some(stem) => sink.put(format!("csv/{}/{stem}.csv", page.folder), csv_bytes(&t.table)),
            None => Ok(()),
        })
    })
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
    table.write_csv(&mut out).expect("writing to memory");
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::super::sample::Sample;
    use super::*;
    use crate::model::Lang;

    /// Every CSV file of a page, each under its path, the BOM checked and dropped.
    fn shown(page: &Page<'_>) -> String {
        let mut out = String::new();
        for (path, bytes) in page_csv(page) {
            let text = std::str::from_utf8(&bytes).expect("UTF-8");
            let text = text.strip_prefix('\u{feff}').expect("every file starts with a BOM");
            let _ = write!(out, "== {path}\n{text}");
        }
        out
    }

    #[test]
    fn region_files() {
        let sample = Sample::new();
        insta::assert_snapshot!(shown(&sample.report(Lang::Zh).pages[0]));
    }

    #[test]
    fn chain_files() {
        let sample = Sample::new();
        insta::assert_snapshot!(shown(&sample.report(Lang::En).pages[1]));
    }

    #[test]
    fn formulas_stay_text() {
        let mut table = Table::new(&["name", "n"]).right(&[1]);
        table.push(vec!["=1+1".into(), "-3".into()]);
        table.push(vec!["@x".into(), "12".into()]);
        let bytes = csv_bytes(&table);
        assert_eq!(std::str::from_utf8(&bytes[3..]).unwrap(), "name,n\n'=1+1,-3\n'@x,12\n");
    }

    #[test]
    fn growth_stays_a_number_and_lookalikes_do_not() {
        let mut table = Table::new(&["growth"]).right(&[0]);
        for cell in ["+12.3%", "-1,050.0%", "-5%", "+%", "-1+1%", "-.5%", "+1e3%", "+12.3"] {
            table.push(vec![cell.into()]);
        }
        let mut left = Table::new(&["name"]);
        left.push(vec!["+12.3%".into()]);
        let text = |t: &Table| String::from_utf8(csv_bytes(t)[3..].to_vec()).unwrap();
        assert_eq!(text(&table), "growth\n+12.3%\n\"-1,050.0%\"\n-5%\n'+%\n'-1+1%\n'-.5%\n'+1e3%\n+12.3\n");
        // Only in a column of figures.
        assert_eq!(text(&left), "name\n'+12.3%\n");
    }
}
