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

impl PartTable {
    /// The table as a page shows it (see [`page_head`](super::model::page_head)):
    /// every row is in its sheet.
    #[must_use]
    pub fn on_page(&self) -> std::borrow::Cow<'_, Table> {
        super::model::page_head(&self.table)
    }

    /// Said under the table when a page shows only its first rows: every
    /// row is in its sheet of workbook `book`.
    #[must_use]
    pub fn cut_note(&self, book: &str, lang: crate::model::Lang) -> Option<String> {
        (self.table.rows.len() > super::model::PAGE_ROWS).then(|| {
            let sheet = &self.sheet;
            let files = match lang {
                crate::model::Lang::Zh => format!("{book} 的「{sheet}」表"),
                crate::model::Lang::En => format!("the sheet “{sheet}” of {book}"),
            };
            super::model::cut_words(self.table.rows.len(), &files, lang)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::render::report::model::PAGE_ROWS;

    fn part_table(rows: usize) -> PartTable {
        let mut table = Table::new(&["企业"]);
        for i in 0..rows {
            table.push(vec![format!("企业{i}")]);
        }
        PartTable { title: None, stem: "warnings", sheet: "运行预警".to_owned(), table, empty: String::new() }
    }

    #[test]
    fn a_long_part_table_shows_its_head_and_names_its_sheet() {
        let long = part_table(67_288);
        assert_eq!(long.on_page().rows[..], long.table.rows[..PAGE_ROWS]);
        assert_eq!(
            long.cut_note("bulletin.xlsx", Lang::Zh).as_deref(),
            Some("此处列出前 1,000 行，共 67,288 行；全部各行见 bulletin.xlsx 的「运行预警」表。")
        );
        assert_eq!(
            long.cut_note("bulletin.xlsx", Lang::En).as_deref(),
            Some(
                "The first 1,000 of 67,288 rows are shown here; every row is in the sheet “运行预警” of bulletin.xlsx."
            )
        );
        let whole = part_table(PAGE_ROWS);
        assert_eq!(whole.on_page().rows.len(), PAGE_ROWS);
        assert_eq!(whole.cut_note("bulletin.xlsx", Lang::Zh), None);
    }
}
