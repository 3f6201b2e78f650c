//! The report as Word documents in the layout of official documents (公文格式,
//! `render::word`): `docx/region.docx` and `docx/<chain-id>.docx`, one per
//! page, for an office to edit, sign and pass round. The 正文 says what each
//! section holds and shows the maps; every table goes to an attachment (附件)
//! at the end, on landscape pages.
//!
//! ```text
//!  Page                        docx/<folder>.docx
//!  title, addressees, subtitle  标题, 主送, opening paragraph
//!  section (not site-only)      一、title
//!    Subheading                   （一）text
//!    Paragraph, Text, Note, Empty text
//!    Figure                       picture + 图N caption, or the line saying it is missing
//!    Table(i)                     共 N 条，详见附件k。 → 附件k: page.tables[i]
//! ```

use rayon::prelude::*;

use super::Shared;
use super::model::{Block, Page, Report};
use crate::model::Lang;
use crate::render::RenderError;
use crate::render::map::Fonts;
use crate::render::word::{Signature, Writer, qualified};

/// Writes `docx/<folder>.docx` for every page.
///
/// # Errors
/// When a map cannot be drawn as a picture, or a document cannot be packed.
pub fn write(report: &Report<'_>, fonts: &Fonts, sink: &Shared<'_>) -> Result<(), RenderError> {
    // Drawing the maps' pictures takes most of the time; pages are
    // independent, each document made on one thread, so its bytes do not
    // depend on the number of threads.
    report.pages.par_iter().try_for_each(|page| {
        let bytes = page_docx(page, report.lang, &report.signature, fonts)?;
        sink.put(format!("docx/{}.docx", page.folder), bytes)
    })
}

/// The Word document of a page.
///
/// # Errors
/// When a map cannot be drawn as a picture, or the document cannot be packed.
pub fn page_docx(page: &Page<'_>, lang: Lang, signature: &Signature, fonts: &Fonts) -> Result<Vec<u8>, RenderError> {
    let mut doc = Writer::new(lang);
    doc.title(&page.title);
    doc.addressees(&page.addressees);
    doc.paragraph(&page.subtitle);
    for (n, section) in page.sections.iter().filter(|s| !s.site_only).enumerate() {
        doc.heading(n + 1, &section.title);
        let (mut sub, mut subheading) = (0, None::<&str>);
        for block in &section.blocks {
            match block {
                Block::Subheading(text) => {
                    sub += 1;
                    doc.subheading(sub, text);
                    subheading = Some(text);
                }
                Block::Paragraph(text) | Block::Text(text) | Block::Note(text) | Block::Empty(text) => {
                    doc.paragraph(text);
                }
                Block::Figure(figure) => match figure.svg {
                    Some(svg) => doc.picture(svg, fonts, &section.title)?,
                    None => doc.paragraph(&figure.missing),
                },
                Block::Table(t) => {
                    let title = match subheading {
                        Some(sub) => qualified(lang, &section.title, sub),
                        None => section.title.clone(),
                    };
                    let table = &page.tables[*t];
                    doc.attach(title, table.on_page(), table.table.rows.len());
                }
            }
        }
    }
    doc.finish(signature, &format!("{}.docx", page.folder))
}

#[cfg(test)]
mod tests {
    use super::super::model::Section;
    use super::super::sample::Sample;
    use super::*;
    use crate::render::table::Row;
    use crate::render::word::chinese_numeral;
    use crate::render::word::tests::{parts, pictures, shown};

    fn docx(sample: &Sample, lang: Lang, page: usize) -> Vec<u8> {
        let report = sample.report(lang);
        page_docx(&report.pages[page], lang, &report.signature, &Fonts::none()).unwrap()
    }

    #[test]
    fn chain_document_holds_title_sections_and_attachments() {
        let sample = Sample::new();
        let report = sample.report(Lang::Zh);
        let page = &report.pages[1];
        let bytes = docx(&sample, Lang::Zh, 1);
        let (paragraphs, tables) = shown(&bytes);
        assert_eq!(paragraphs[0], page.title);
        assert_eq!(paragraphs[1], "丝绸产业链链长办公室：");
        // Every section the Word document shows, numbered 一、二、… in order.
        let headings: Vec<&String> = paragraphs.iter().filter(|p| p.contains('、') && !p.starts_with("附件")).collect();
        let shown_sections: Vec<&Section<'_>> = page.sections.iter().filter(|s| !s.site_only).collect();
        for (i, section) in shown_sections.iter().enumerate() {
            let heading = format!("{}、{}", chinese_numeral(i + 1), section.title);
            assert!(paragraphs.contains(&heading), "{heading} in {headings:?}");
        }
        assert!(paragraphs.iter().any(|p| p.starts_with("（一）")), "subheadings numbered （一）");
        // Every table of the page that a section shows is an attachment: its header row, then its rows.
        let shown_tables: Vec<usize> = shown_sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| if let Block::Table(t) = b { Some(*t) } else { None })
            .collect();
        assert_eq!(tables.len(), shown_tables.len());
        for (k, (t, shown)) in shown_tables.iter().zip(&tables).enumerate() {
            let table = page.tables[*t].on_page();
            assert_eq!(shown[0], table.headers, "attachment {}", k + 1);
            let rows: Vec<Vec<String>> = table.rows.iter().map(Row::to_vec).collect();
            assert_eq!(shown[1..], rows[..], "attachment {}", k + 1);
            assert!(paragraphs.contains(&format!("附件{}", k + 1)));
        }
        for list in ["重点企业清单", "重点项目清单", "招商目标清单", "关键技术清单"] {
            assert!(paragraphs.iter().any(|p| p.ends_with(list) && p.starts_with(char::is_numeric)), "{list} attached");
        }
        // Signed after the list of attachments, before the first of them.
        let signed = paragraphs.iter().position(|p| *p == report.signature.issuer).expect("the issuing office");
        assert!(paragraphs[signed - 2].ends_with("企业问题清单（问题明细）") && paragraphs[signed - 1].is_empty());
        assert_eq!(paragraphs[signed + 1], "2024年3月31日", "the last day of the period");
        assert_eq!(paragraphs[signed + 3], "附件1");
        // The header row of each table repeats on every page; no other row does.
        let xml = String::from_utf8(parts(&bytes)["word/document.xml"].clone()).unwrap();
        assert_eq!(xml.matches("<w:tblHeader />").count(), tables.len());
        // The page number in the footer, the font fallbacks in the font table.
        let footer = String::from_utf8(parts(&bytes)["word/footer1.xml"].clone()).unwrap();
        assert!(footer.contains("PAGE") && footer.contains("— "));
        assert!(
            String::from_utf8_lossy(&parts(&bytes)["word/fontTable.xml"])
                .contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" />"#)
        );
    }

    #[test]
    fn maps_are_png_pictures_the_document_refers_to() {
        let sample = Sample::new();
        // The silk page has both maps; tea's flow map is missing and said so.
        for (page, count) in [(0, 1), (1, 2), (2, 1)] {
            let bytes = docx(&sample, Lang::Zh, page);
            let shown_pictures = pictures(&bytes);
            assert_eq!(shown_pictures.len(), count, "page {page}");
            assert!(shown_pictures.iter().all(|png| png.starts_with(b"\x89PNG\r\n\x1a\n")), "PNG pictures");
            let parts = parts(&bytes);
            // The sample's stand-in maps draw alike, and a picture is stored once.
            let media = parts.keys().filter(|k| k.starts_with("word/media/") && !k.ends_with('/')).count();
            assert_eq!(media, 1, "page {page}");
            let (paragraphs, _) = shown(&bytes);
            assert_eq!(paragraphs.iter().filter(|p| p.starts_with('图')).count(), count, "a caption each");
        }
        let (paragraphs, _) = shown(&docx(&sample, Lang::Zh, 2));
        assert!(paragraphs.iter().any(|p| p.contains("供给关系图需要 Graphviz")));
    }

    #[test]
    fn english_documents() {
        let sample = Sample::new();
        let (paragraphs, _) = shown(&docx(&sample, Lang::En, 0));
        assert_eq!(paragraphs[1], "To: the chain leaders' offices and the counties");
        assert!(paragraphs.iter().any(|p| p == "1. The chains"), "{paragraphs:?}");
        assert!(paragraphs.iter().any(|p| p.starts_with("Attachments: 1. ")));
        assert!(paragraphs.iter().any(|p| p == "Attachment 1"));
    }

    #[test]
    fn same_bytes_on_any_thread_and_no_date_of_the_run() {
        let sample = Sample::new();
        let report = sample.report(Lang::Zh);
        let mut files = super::super::Files::new();
        write(&report, &Fonts::none(), &super::super::Shared::new(&mut files)).unwrap();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["docx/region.docx", "docx/silk.docx", "docx/tea.docx"]);
        // docx-rs numbers paragraphs per thread and pictures per process: a
        // document made after others, on another thread, must not differ.
        let again = std::thread::scope(|s| {
            s.spawn(|| {
                let mut files = super::super::Files::new();
                write(&report, &Fonts::none(), &super::super::Shared::new(&mut files)).unwrap();
                files
            })
            .join()
            .unwrap()
        });
        assert_eq!(files, again);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let one = pool.install(|| {
            let mut files = super::super::Files::new();
            write(&report, &Fonts::none(), &super::super::Shared::new(&mut files)).unwrap();
            files
        });
        assert_eq!(files, one);
        let core = String::from_utf8(parts(&files["docx/silk.docx"])["docProps/core.xml"].clone()).unwrap();
        let today = jiff::Timestamp::now().to_string()[..10].to_owned();
        assert!(!core.contains(&today) && core.contains("1970-01-01T00:00:00Z"), "{core}");
    }
}
