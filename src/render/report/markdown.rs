//! The report as Markdown: `md/<stem>.md` per page, for reading in a
//! repository or a wiki. Maps are linked as images from `maps/`; a map that
//! could not be made, the site's remarks and its quick views are left out.

use std::fmt::Write as _;

use super::Shared;
use super::model::{Block, Page, Report, Section, TableKind};
use crate::render::RenderError;
use crate::render::table::Table;

/// Writes `md/<stem>.md` for every page.
///
/// # Errors
/// When the sink cannot keep a file.
pub fn write(report: &Report<'_>, sink: &Shared<'_>) -> Result<(), RenderError> {
    for page in &report.pages {
        sink.put(format!("md/{}.md", page.stem), page_markdown(page).into_bytes())?;
    }
    Ok(())
}

/// The whole Markdown of a page.
#[must_use]
pub fn page_markdown(page: &Page<'_>) -> String {
    let mut out = format!("# {}\n\n{}\n", md(&page.title), md(&page.subtitle));
    if let Some(back) = &page.back {
        let _ = write!(out, "\n[{}](index.md)\n", md(back));
    }
    for section in page.sections.iter().filter(|s| !s.site_only) {
        let body = section_body(page, section);
        // A section that ends with a paragraph ends with one line break, like the others.
        let body = if body.ends_with("\n\n") { format!("{}\n", body.trim_end_matches('\n')) } else { body };
        // A section with nothing to show here (its only map is missing) is left out whole.
        if !body.is_empty() {
            let _ = write!(out, "\n## {}\n\n{body}", md(&section.title));
        }
    }
    out
}

fn section_body(page: &Page<'_>, section: &Section<'_>) -> String {
    let mut out = String::new();
    for block in &section.blocks {
        match block {
            Block::Figure(figure) => {
                if figure.svg.is_some() {
                    let _ = writeln!(out, "![{}](../{})", md(&figure.alt), figure.file);
                }
            }
            Block::Table(t) => {
                let t = &page.tables[*t];
                let shown = t.on_page();
                out.push_str(&table(&shown));
                if let TableKind::Chains { pages, .. } = &t.kind {
                    for (row, stem) in shown.rows.iter().zip(pages) {
                        let _ = writeln!(out, "- [{}]({stem}.md)", md(&row[0]));
                    }
                }
            }
            Block::Subheading(text) => {
                let gap = if out.is_empty() || out.ends_with("\n\n") { "" } else { "\n" };
                let _ = write!(out, "{gap}### {}\n\n", md(text));
            }
            Block::Paragraph(text) => _ = write!(out, "{}\n\n", md(text)),
            Block::Note(_) => {}
            Block::Empty(text) => _ = writeln!(out, "{}", md(text)),
            Block::Text(text) => {
                let gap = if out.is_empty() { "" } else { "\n" };
                let _ = writeln!(out, "{gap}{}", md(text));
            }
        }
    }
    out
}

fn table(table: &Table) -> String {
    let mut out = Vec::new();
    table.write_markdown(&mut out).expect("writing to memory");
    String::from_utf8(out).expect("tables hold UTF-8 text")
}

/// Markdown-safe inline text.
fn md(text: &str) -> String {
    crate::render::table::markdown_text(text).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::super::sample::Sample;
    use super::*;
    use crate::model::Lang;

    #[test]
    fn region_page() {
        let sample = Sample::new();
        insta::assert_snapshot!(page_markdown(&sample.report(Lang::Zh).pages[0]));
    }

    #[test]
    fn chain_pages() {
        let sample = Sample::new();
        insta::assert_snapshot!("chain_page", page_markdown(&sample.report(Lang::Zh).pages[1]));
        // The tea flow map is missing: its section is left out, not announced.
        let tea = page_markdown(&sample.report(Lang::En).pages[2]);
        assert!(!tea.contains("Supply flow") && tea.contains("## Panorama"));
        insta::assert_snapshot!("chain_page_en_missing_flow", tea);
    }

    #[test]
    fn one_file_per_page() {
        let sample = Sample::new();
        let mut files = super::super::Files::new();
        write(&sample.report(Lang::Zh), &super::super::Shared::new(&mut files)).unwrap();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["md/index.md", "md/silk.md", "md/tea.md"]);
    }
}
