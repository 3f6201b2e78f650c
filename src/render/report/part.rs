//! A part of a report page that another renderer hands the report — the
//! monitoring of `render::monitor`, the risk of `render::risk` — as plain
//! data: a title, lines of text, and titled tables. The report model turns
//! it into one section of the page (`model::Page::add_part`), so every
//! format shows it, and each table gets its CSV file and workbook sheet.

use crate::render::table::Table;

/// One part of a page.
#[derive(Debug, Clone)]
pub struct Part {
    /// The HTML anchor of its section (`#monitoring`).
    pub anchor: &'static str,
    pub title: String,
    /// Said first, a paragraph each (the period, a chain's rank; or the one
    /// line saying there is no data).
    pub lines: Vec<String>,
    pub tables: Vec<PartTable>,
}

/// One table of a part.
#[derive(Debug, Clone)]
pub struct PartTable {
    /// Its subheading; `None` for a table that the lines introduce.
    pub title: Option<String>,
    /// The stem of its CSV file (`csv/<folder>/<stem>.csv`) and its CSS class.
    pub stem: &'static str,
    /// Its sheet in the page's workbook: at most 31 characters, none of `[]:*?/\`.
    pub sheet: String,
    pub table: Table,
    /// Said in place of the table when it has no rows.
    pub empty: String,
}
