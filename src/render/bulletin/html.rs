//! The bulletin as one HTML page: the report's page frame (its CSS, its
//! A4 print rules with the footer and page numbers, its readiness script),
//! the charts inline as SVG, nothing loaded from anywhere.

use std::fmt::Write as _;

use super::model::Bulletin;
use crate::render::report::html::{esc, page, table};

/// Charts side by side on screen, two to a printed row, each kept whole.
const CHART_CSS: &str = "<style>.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{flex:1 1 460px;max-width:660px;break-inside:avoid;page-break-inside:avoid}.chart h3{margin:4px 0}.chart svg{width:100%;height:auto}h2,h3{break-after:avoid;page-break-after:avoid}@media print{.chart{flex-basis:48%}}</style>";

/// The whole page.
#[must_use]
pub fn bulletin_html(b: &Bulletin) -> String {
    let mut body = String::new();
    // A table of contents in place of the report's navigation bar.
    body.push_str("<nav class=\"toc\"><ol>");
    for part in &b.parts {
        let _ = write!(body, "<li><a href=\"#{}\">{}</a></li>", part.anchor, esc(&part.title));
    }
    body.push_str("</ol></nav>\n");
    for part in &b.parts {
        let _ = writeln!(body, "<section id=\"{}\">\n<h2>{}</h2>", part.anchor, esc(&part.title));
        for line in &part.lines {
            let _ = writeln!(body, "<p>{}</p>", esc(line));
        }
        if !part.charts.is_empty() {
            body.push_str("<div class=\"charts\">\n");
            for chart in &part.charts {
                let _ = writeln!(body, "<figure class=\"chart\"><h3>{}</h3>{}</figure>", esc(&chart.title), chart.svg);
            }
            body.push_str("</div>\n");
        }
        // The trend table is the charts' data: the workbook and the Markdown hold it.
        let tables = part.tables.iter().filter(|_| part.charts.is_empty());
        for t in tables {
            if let Some(title) = &t.title {
                let _ = writeln!(body, "<h3>{}</h3>", esc(title));
            }
            if t.table.rows.is_empty() {
                let _ = writeln!(body, "<p class=\"note\">{}</p>", esc(&t.empty));
            } else {
                body.push_str(&table(&t.on_page(), t.stem));
                if let Some(note) = t.cut_note(super::XLSX, b.lang) {
                    let _ = writeln!(body, "<p>{}</p>", esc(&note));
                }
            }
        }
        body.push_str("</section>\n");
    }
    let lang = b.lang.pick("zh-CN", "en");
    let html = page(lang, &b.title, &b.subtitle, "", &body, &b.footer);
    // The chart rules go last in the head, after the report's own.
    html.replacen("</head>", &format!("{CHART_CSS}\n</head>"), 1)
}
