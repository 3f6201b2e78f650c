//! The bulletin as Markdown, for a wiki or a message: every part with its
//! lines and tables; the trend charts as the table of their figures.

use std::fmt::Write as _;

use super::model::Bulletin;
use crate::render::table::markdown_text;

fn md(text: &str) -> String {
    markdown_text(text).replace('\n', " ")
}

/// The whole Markdown.
#[must_use]
pub fn bulletin_markdown(b: &Bulletin) -> String {
    let mut out = format!("# {}\n\n{}\n", md(&b.title), md(&b.subtitle));
    for part in &b.parts {
        let _ = write!(out, "\n## {}\n", md(&part.title));
        for line in &part.lines {
            let _ = write!(out, "\n{}\n", md(line));
        }
        for t in &part.tables {
            if let Some(title) = &t.title {
                let _ = write!(out, "\n### {}\n", md(title));
            }
            if t.table.rows.is_empty() {
                let _ = write!(out, "\n{}\n", md(&t.empty));
            } else {
                let mut bytes = Vec::new();
                t.on_page().write_markdown(&mut bytes).expect("writing to memory");
                let _ = write!(out, "\n{}", String::from_utf8(bytes).expect("tables hold UTF-8 text"));
                if let Some(note) = t.cut_note(super::XLSX, b.lang) {
                    let _ = write!(out, "\n{}\n", md(&note));
                }
            }
        }
    }
    out
}
