//! The report as an HTML site: one self-contained page per report page
//! (inline CSS, SVG and a little JavaScript) that opens from disk with no
//! network and prints on A4 landscape.

use std::fmt::Write as _;

use super::Shared;
use super::model::{Block, DataTable, Figure, Page, Report, Section, TableKind};
use crate::analysis::LinkStatus;
use crate::analysis::monitor::WarningLevel;
use crate::render::RenderError;
use crate::render::table::{Align, Table};

/// Writes `<stem>.html` for every page.
///
/// # Errors
/// When the sink cannot keep a file.
pub fn write(report: &Report<'_>, sink: &Shared<'_>) -> Result<(), RenderError> {
    for (i, page) in report.pages.iter().enumerate() {
        sink.put(format!("{}.html", page.stem), page_html(report, i).into_bytes())?;
    }
    Ok(())
}

/// The whole HTML of `report.pages[i]`.
#[must_use]
pub fn page_html(report: &Report<'_>, i: usize) -> String {
    let p = &report.pages[i];
    let lang = report.lang.pick("zh-CN", "en");
    page(lang, &p.title, &p.subtitle, &nav(report, i), &body(p), &report.footer)
}

/// The bar of links to every page, the current one marked.
fn nav(report: &Report<'_>, here: usize) -> String {
    let mut out = String::from("<nav class=\"chains\">");
    for (i, page) in report.pages.iter().enumerate() {
        let class = if i == here { " class=\"here\"" } else { "" };
        let _ = write!(out, "<a href=\"{}.html\"{class}>{}</a>", esc(&page.stem), esc(&page.nav_label));
    }
    out.push_str("</nav>");
    out
}

fn body(page: &Page<'_>) -> String {
    let mut out = String::new();
    if !page.cards.is_empty() {
        out.push_str("<div class=\"cards\">");
        for (label, value) in &page.cards {
            let _ = write!(out, "<div class=\"card\">{}<b>{value}</b></div>", esc(label));
        }
        out.push_str("</div>\n");
    }
    for section in &page.sections {
        write_section(&mut out, page, section);
    }
    out
}

fn write_section(out: &mut String, page: &Page<'_>, section: &Section<'_>) {
    let (anchor, title) = (esc(&section.anchor), esc(&section.title));
    match section.count {
        Some(n) => _ = writeln!(out, "<h2 id=\"{anchor}\">{title} <span class=\"note\">({n})</span></h2>"),
        None => _ = writeln!(out, "<h2 id=\"{anchor}\">{title}</h2>"),
    }
    for block in &section.blocks {
        match block {
            Block::Figure(figure) => out.push_str(&figure_html(figure)),
            Block::Table(t) => out.push_str(&data_table(&page.tables[*t])),
            Block::Subheading(text) => _ = writeln!(out, "<h3>{}</h3>", esc(text)),
            Block::Paragraph(text) | Block::Text(text) => _ = writeln!(out, "<p>{}</p>", esc(text)),
            Block::Note(text) | Block::Empty(text) => _ = writeln!(out, "<p class=\"note\">{}</p>", esc(text)),
        }
    }
}

fn figure_html(figure: &Figure<'_>) -> String {
    match figure.svg {
        Some(svg) => format!("<div class=\"figure\">{}</div>\n", inline_svg(svg, figure.id_prefix)),
        None => format!("<p class=\"note\">{}</p>\n", esc(&figure.missing)),
    }
}

fn data_table(t: &DataTable) -> String {
    let shown = t.on_page();
    match &t.kind {
        TableKind::Plain => table(&shown, t.class),
        TableKind::Chains { pages, completeness, bar_column } => {
            chains_table(&shown, t.class, pages, completeness, *bar_column)
        }
    }
}

/// The chains table: each name links to its page, completeness is a bar.
fn chains_table(table: &Table, class: &str, pages: &[String], completeness: &[f64], bar_column: usize) -> String {
    let num = |a: &Align| if *a == Align::Right { " class=\"num\"" } else { "" };
    let mut out = format!("<div class=\"tablewrap\"><table class=\"data {class}\"><thead><tr>");
    for (h, a) in table.headers.iter().zip(&table.align) {
        let _ = write!(out, "<th{}>{}</th>", num(a), esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for (r, row) in table.rows.iter().enumerate() {
        out.push_str("<tr>");
        for (i, (cell, a)) in row.iter().zip(&table.align).enumerate() {
            let content = match i {
                0 => format!("<a href=\"{}.html\">{}</a>", esc(&pages[r]), esc(cell)),
                _ if i == bar_column => bar(completeness[r]),
                _ => esc(cell),
            };
            let _ = write!(out, "<td{}>{content}</td>", num(a));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// Escapes text for HTML element content and attribute values (the XML
/// escaping of the maps serves HTML too).
#[must_use]
pub fn esc(text: &str) -> String {
    crate::render::map::text::xml(text)
}

const CSS: &str = r#"
:root { --ink:#1f2933; --muted:#52606d; --line:#d9e2ec; --head:#f0f4f8; --accent:#1d4e89;
        --strong:#2e7d32; --weak:#e08a00; --missing:#c62828; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.55 "Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif; color: var(--ink); background: #fff; }
header.top { background: var(--accent); color: #fff; padding: 14px 28px; }
header.top h1 { margin: 0; font-size: 22px; font-weight: 600; }
header.top p { margin: 4px 0 0; opacity: .9; }
nav.chains { background: var(--head); border-bottom: 1px solid var(--line); padding: 8px 28px; }
nav.chains a { margin-right: 14px; color: var(--accent); text-decoration: none; white-space: nowrap; }
nav.chains a.here { font-weight: 700; text-decoration: underline; }
main { padding: 12px 28px 40px; max-width: 1500px; }
h2 { font-size: 18px; border-left: 4px solid var(--accent); padding-left: 8px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 18px 0 8px; }
.note { color: var(--muted); font-size: 13px; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow-x: auto; margin: 8px 0 16px; background: #fff; }
.figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
.tablewrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: var(--head); font-weight: 600; white-space: nowrap; position: sticky; top: 0; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) td { background: #fafcfe; }
.status-strong { color: var(--strong); font-weight: 600; }
.status-weak { color: var(--weak); font-weight: 600; }
.status-missing { color: var(--missing); font-weight: 600; }
.level-red, .level-orange, .level-yellow { font-weight: 700; text-align: center; }
.level-red { color: #fff; background: #c62828 !important; }
.level-orange { color: #fff; background: #ef6c00 !important; }
.level-yellow { color: var(--ink); background: #fdd835 !important; }
.bar { display: inline-block; width: 90px; height: 9px; background: #e4e7eb; border-radius: 5px; vertical-align: middle; margin-right: 6px; }
.bar i { display: block; height: 100%; border-radius: 5px; background: var(--accent); }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 130px; }
.card b { display: block; font-size: 20px; }
.tools { margin: 4px 0; }
.tools input { padding: 3px 8px; border: 1px solid var(--line); border-radius: 4px; width: 240px; }
th.sortable { cursor: pointer; }
th.sortable::after { content: " ⇅"; color: #9aa5b1; font-weight: 400; }
footer { color: var(--muted); font-size: 12px; padding: 16px 28px; border-top: 1px solid var(--line); }
@media print {
  body { font-size: 11px; }
  header.top { background: none; color: var(--ink); padding: 0 0 6px; border-bottom: 2px solid var(--accent); }
  nav.chains, .tools, footer { display: none; }
  main { padding: 0; max-width: none; }
  th { position: static; }
  th.sortable::after { content: none; }
  thead { display: table-header-group; }
  /* A heading, and the remark under it, stay with what follows. */
  h1, h2, h3, p.note { break-after: avoid; break-inside: avoid; }
  h2 { margin-top: 16px; }
  tr { break-inside: avoid; }
  .tablewrap { overflow: visible; }
  /* A map is scaled to fit what is left of a landscape page under the
     title and its heading (186 mm of A4 less about 36 mm), never split. */
  .figure { border: none; padding: 0; margin: 4px 0 8px; overflow: visible; break-inside: avoid; }
  .figure svg { width: auto; height: auto; max-width: 100%; max-height: 150mm; }
}
"#;

/// Sorts a table by a header click; adds a filter box above each table.
/// Marks the document so a test can see the script ran.
const JS: &str = r"
(function () {
  function cellValue(td) {
    var t = td.textContent.trim();
    var n = parseFloat(t.replace(/[,%]/g, ''));
    return (t !== '' && !isNaN(n) && /^[-+]?[\d,.]+%?$/.test(t)) ? n : t;
  }
  document.querySelectorAll('table.data').forEach(function (table) {
    var tbody = table.tBodies[0];
    if (!tbody) return;
    var wrap = document.createElement('div');
    wrap.className = 'tools';
    var input = document.createElement('input');
    input.type = 'search';
    input.placeholder = document.documentElement.lang === 'en' ? 'Filter rows…' : '筛选…';
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(tbody.rows, function (tr) {
        tr.style.display = !q || tr.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
      });
    });
    wrap.appendChild(input);
    table.parentNode.parentNode.insertBefore(wrap, table.parentNode);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.classList.add('sortable');
      th.addEventListener('click', function () {
        var asc = th.getAttribute('data-sort') !== 'asc';
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('data-sort'); });
        th.setAttribute('data-sort', asc ? 'asc' : 'desc');
        var rows = Array.prototype.slice.call(tbody.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a.cells[col]), y = cellValue(b.cells[col]);
          var r = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y), 'zh');
          return asc ? r : -r;
        });
        rows.forEach(function (tr) { tbody.appendChild(tr); });
      });
    });
  });
  // Everything is inline: the page loads no resource of its own.
  var loaded = window.performance && performance.getEntriesByType ? performance.getEntriesByType('resource').length : 0;
  document.documentElement.setAttribute('data-resources', String(loaded));
  document.documentElement.setAttribute('data-ready', 'true');
})();
";

/// A whole page around `body`.
#[must_use]
pub fn page(lang: &str, title: &str, subtitle: &str, nav: &str, body: &str, footer: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{CSS}{print}</style>\n</head>\n<body>\n<header class=\"top\"><h1>{title}</h1><p>{subtitle}</p></header>\n{nav}\n<main>\n{body}</main>\n<footer>{footer}</footer>\n<script>{JS}</script>\n</body>\n</html>\n",
        title = esc(title),
        subtitle = esc(subtitle),
        footer = esc(footer),
        print = page_box(lang, footer),
    )
}

/// The printed page: A4 landscape, the footer line (region, period) at the
/// bottom left of every sheet and the page number at the bottom right, in
/// CSS paged-media margin boxes (Chromium prints them since version 131;
/// print with its own header and footer off, `--no-pdf-header-footer`, or
/// they are printed over ours).
fn page_box(lang: &str, footer: &str) -> String {
    let number = if lang == "en" {
        r#""Page " counter(page) " of " counter(pages)"#
    } else {
        r#""第 " counter(page) " 页 / 共 " counter(pages) " 页""#
    };
    format!(
        "\n@page {{ size: A4 landscape; margin: 12mm 12mm 14mm;\n  \
         @bottom-left {{ content: {}; font-size: 8pt; color: #52606d; }}\n  \
         @bottom-right {{ content: {number}; font-size: 8pt; color: #52606d; }}\n}}\n",
        css_string(footer)
    )
}

/// A CSS string literal holding `text`: quotes, backslashes and line
/// breaks escaped, and `<` too, so no text can close the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => _ = write!(out, "\\{:x} ", u32::from(c)),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A table as HTML; a cell holding a status word or a warning level gets its colour.
#[must_use]
pub fn table(table: &Table, class: &str) -> String {
    let mut out = String::new();
    let _ = write!(out, "<div class=\"tablewrap\"><table class=\"data {class}\"><thead><tr>");
    for (h, align) in table.headers.iter().zip(&table.align) {
        let cls = if *align == Align::Right { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{cls}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for (cell, align) in row.iter().zip(&table.align) {
            // A cell that is exactly a status word or a warning level, in either language, gets its colour.
            let status = LinkStatus::ALL.iter().find(|s| cell == s.zh() || cell == s.as_str());
            let level = WarningLevel::ALL.iter().find(|l| cell == l.zh() || cell == l.as_str());
            let cls = match (align, status, level) {
                (Align::Right, _, _) => " class=\"num\"".to_owned(),
                (Align::Left, Some(s), _) => format!(" class=\"status-{}\"", s.as_str()),
                (Align::Left, None, Some(l)) => format!(" class=\"level-{}\"", l.as_str()),
                (Align::Left, None, None) => String::new(),
            };
            let _ = write!(out, "<td{cls}>{}</td>", esc(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// An SVG document ready to inline: no XML declaration or doctype, and its
/// ids prefixed so two maps on one page cannot clash.
#[must_use]
pub fn inline_svg(svg: &[u8], prefix: &str) -> String {
    let text = String::from_utf8_lossy(svg);
    let start = text.find("<svg").unwrap_or(0);
    let body = &text[start..];
    body.replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace("url(#", &format!("url(#{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"))
}

/// A completeness bar with its percentage.
#[must_use]
pub fn bar(fraction: f64) -> String {
    format!("<span class=\"bar\"><i style=\"width:{:.1}%\"></i></span>{:.1}%", fraction * 100.0, fraction * 100.0)
}

#[cfg(test)]
mod tests {
    use super::super::sample::Sample;
    use super::*;
    use crate::model::Lang;

    #[test]
    fn escapes_everything_from_data() {
        assert_eq!(esc("<script>\"x\" & 'y'"), "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;");
        let mut t = Table::new(&["名称"]);
        t.push(vec!["<img src=x onerror=alert(1)>".into()]);
        let html = table(&t, "");
        assert!(!html.contains("<img"));
    }

    /// The part of a page the model decides (the navigation bar and the
    /// body; the frame around them is fixed), one table row per line.
    fn shown(report: &Report<'_>, i: usize) -> String {
        format!("{}\n{}", nav(report, i), body(&report.pages[i])).replace("</tr>", "</tr>\n")
    }

    #[test]
    fn region_page() {
        let sample = Sample::new();
        insta::assert_snapshot!(shown(&sample.report(Lang::Zh), 0));
    }

    #[test]
    fn chain_page() {
        let sample = Sample::new();
        insta::assert_snapshot!(shown(&sample.report(Lang::Zh), 1));
        // A missing map is said in its place.
        insta::assert_snapshot!("chain_page_en_missing_flow", shown(&sample.report(Lang::En), 2));
    }

    #[test]
    fn whole_page_is_framed_once() {
        let sample = Sample::new();
        let report = sample.report(Lang::En);
        let html = page_html(&report, 1);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains(&body(&report.pages[1])));
        assert_eq!(html.matches("<main>").count(), 1);
        let mut files = super::super::Files::new();
        write(&report, &super::super::Shared::new(&mut files)).unwrap();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["index.html", "silk.html", "tea.html"]);
    }

    #[test]
    fn the_printed_footer_is_a_css_string_that_cannot_escape() {
        assert_eq!(css_string("安康市 · 报告期 2026年3月"), "\"安康市 · 报告期 2026年3月\"");
        assert_eq!(css_string("a\"b\\c</style>\nd"), r#""a\22 b\5c c\3c /style\3e  d""#);
        let html = page("zh-CN", "t", "s", "", "", "示例市 · 报告期 2026年3月");
        assert!(html.contains("@bottom-left { content: \"示例市 · 报告期 2026年3月\";"));
        assert!(html.contains(r#"content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";"#));
    }

    #[test]
    fn svg_ids_are_prefixed() {
        let svg = br##"<?xml version="1.0"?><svg><defs><marker id="a"/></defs><path marker-end="url(#a)"/><use href="#a"/></svg>"##;
        let out = inline_svg(svg, "p1");
        assert!(out.starts_with("<svg"));
        assert!(out.contains("id=\"p1-a\"") && out.contains("url(#p1-a)") && out.contains("href=\"#p1-a\""));
    }
}
