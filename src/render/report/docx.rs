//! The report as Word documents in the layout of official documents (公文格式,
//! GB/T 9704-2012): `docx/region.docx` and `docx/<chain-id>.docx`, one per
//! page, for an office to edit, sign and pass round. The 正文 says what each
//! section holds and shows the maps; every table goes to an attachment (附件)
//! at the end, on landscape pages.
//!
//! ```text
//!  portrait A4, 版心 156 × 225 mm          landscape A4, 版心 225 × 156 mm
//! ┌────────────────────────────┐        ┌────────────────────────────────────┐
//! │   安康市…一图五清单 · 2026年3月 │        │ 附件1                                │
//! │ 各产业链链长办公室，各县（市、区）：│        │           各产业链概况                  │
//! │     opening paragraph      │        │ ┌──────┬──────┬──────┐ header row,   │
//! │ 一、各产业链概况              │        │ │      │      │      │ repeated on   │
//! │     共 8 条，详见附件1。       │        │ ├──────┼──────┼──────┤ every page    │
//! │ 二、产业链总览图              │        │ │      │      │      │               │
//! │      [map picture]         │        │ └──────┴──────┴──────┘               │
//! │      图1 产业链总览图          │        │                                    │
//! │ 附件：1. 各产业链概况          │        │               — 5 —                │
//! │        — 1 —               │        └────────────────────────────────────┘
//! └────────────────────────────┘
//! ```
//!
//! docx-rs writes the package; two things it cannot say are added to its
//! parts before they are zipped: the header rows' `w:tblHeader` (repeat on
//! each page) and a font table that names a fallback for each Chinese font.
//! Every paragraph and picture gets its id here, numbered per document, as
//! docx-rs's own counters run on across documents and threads.

use std::fmt::Write as _;
use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, HeightRule, LineSpacing, LineSpacingType, PageMargin, PageNum,
    PageOrientationType, Paragraph, Pic, Run, RunFonts, SectionProperty, Shading, SpecialIndentType, Style, StyleType,
    Table as DocTable, TableAlignmentType, TableCell, TableLayoutType, TableRow, WidthType,
};
use rayon::prelude::*;
use unicode_width::UnicodeWidthStr;

use super::Files;
use super::model::{Block, Page, Report};
use crate::model::Lang;
use crate::render::RenderError;
use crate::render::map::Fonts;
use crate::render::map::raster::{PNG_SCALE, svg_to_picture};
use crate::render::table::{Align, Table};

/// Twips (1/20 pt) in a millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
/// EMU (the unit of `DrawingML` sizes) in a millimetre.
const EMU_PER_MM: f64 = 36_000.0;

/// A4, GB/T 9704 §5.2.1: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
const PAGE_W_MM: f64 = 210.0;
const PAGE_H_MM: f64 = 297.0;
const TOP_MM: f64 = 37.0;
const LEFT_MM: f64 = 28.0;
const TEXT_W_MM: f64 = 156.0;
const TEXT_H_MM: f64 = 225.0;
/// The page number sits 7 mm below the 版心 (§7.5); its 4号 line is about 5 mm high.
const FOOTER_MM: f64 = PAGE_H_MM - TOP_MM - TEXT_H_MM - 7.0 - 5.0;
/// 22 lines to a page of 3号 text (§5.2.2): the line pitch, exact, in twips.
const LINE_TWIPS: i32 = 579;
/// Paragraphs open two 3号 characters in (首行缩进两字).
const INDENT_TWIPS: i32 = 2 * 320;

/// The most a map's picture may take of the 版心: all its width, and its
/// height less room for its heading and caption.
const PICTURE_W_MM: f64 = TEXT_W_MM;
const PICTURE_H_MM: f64 = 190.0;
/// Pixels per inch of a map's picture at the size it is shown: print
/// quality for a figure, and a quarter of the pixels (and of the drawing
/// time) of 300.
const PICTURE_DPI: f64 = 200.0;

/// Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小二 18 pt, 五号 10.5 pt.
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_FOOTER: usize = 28;
const SIZE_ATTACHMENT_TITLE: usize = 36;
const SIZE_TABLE: usize = 21;

/// The fonts of official documents and what Word takes when one is missing
/// (`w:altName` in the font table): 方正小标宋简体 and the `_GB2312` faces are
/// installed on government machines, 宋体, 仿宋, 楷体 and 黑体 on every Chinese
/// Windows.
const TITLE_FONT: (&str, &str) = ("方正小标宋简体", "宋体");
const BODY_FONT: (&str, &str) = ("仿宋_GB2312", "仿宋");
const H2_FONT: (&str, &str) = ("楷体_GB2312", "楷体");
const H1_FONT: &str = "黑体";
const NUMBER_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";

/// Header rows are written with this height rule (at least 7 mm) and no
/// other row is, so the font of `w:tblHeader` can be put beside it in the XML.
const HEADER_ROW_TWIPS: f32 = 397.0;

/// Writes `docx/<folder>.docx` for every page.
///
/// # Errors
/// When a map cannot be drawn as a picture, or a document cannot be packed.
pub fn write(report: &Report<'_>, fonts: &Fonts, files: &mut Files) -> Result<(), RenderError> {
    // Drawing the maps' pictures takes most of the time; pages are
    // independent, and collected in order, so the bytes do not depend on
    // the number of threads.
    let documents: Vec<Vec<u8>> =
        report.pages.par_iter().map(|page| page_docx(page, report.lang, fonts)).collect::<Result<_, _>>()?;
    for (page, bytes) in report.pages.iter().zip(documents) {
        files.insert(format!("docx/{}.docx", page.folder), bytes);
    }
    Ok(())
}

/// The Word document of a page.
///
/// # Errors
/// When a map cannot be drawn as a picture, or the document cannot be packed.
pub fn page_docx(page: &Page<'_>, lang: Lang, fonts: &Fonts) -> Result<Vec<u8>, RenderError> {
    let mut doc = Writer { lang, next_para: 0, pictures: 0, body: Vec::new() };
    let attachments = doc.body(page, fonts)?;
    let landscape = !attachments.is_empty();
    if landscape {
        doc.attachment_list(&attachments);
        // The 正文's section ends here, portrait, with the same footer.
        let end = doc.para("GwBody").section_property(portrait().footer(Footer::new(), FOOTER_RID));
        doc.body.push(Child::Paragraph(Box::new(end)));
        for (k, attachment) in attachments.iter().enumerate() {
            doc.attachment(k, attachment, &page.tables[attachment.table].table);
        }
    }
    let footer = Footer::new().add_paragraph(
        doc.para("GwFooter")
            .add_run(Run::new().add_text("— "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" —")),
    );
    let mut docx = styles(Docx::new()).footer(footer);
    docx = if landscape {
        docx.page_size(mm32(PAGE_H_MM), mm32(PAGE_W_MM))
            .page_orient(PageOrientationType::Landscape)
            .page_margin(landscape_margin())
    } else {
        docx.page_size(mm32(PAGE_W_MM), mm32(PAGE_H_MM)).page_margin(portrait_margin())
    };
    for child in doc.body {
        docx = match child {
            Child::Paragraph(p) => docx.add_paragraph(*p),
            Child::Table(t) => docx.add_table(*t),
        };
    }
    pack(docx, &page.folder)
}

/// The id of the footer part: docx-rs names the first footer so, and the
/// 正文's section refers to the same footer as the attachments'.
const FOOTER_RID: &str = "rIdFooter1";

enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<DocTable>),
}

/// A table the 正文 refers to, shown in full as an attachment.
struct Attachment {
    title: String,
    table: usize,
}

struct Writer {
    lang: Lang,
    next_para: u32,
    pictures: usize,
    body: Vec<Child>,
}

impl Writer {
    /// A paragraph of `style` with the document's next paragraph id.
    fn para(&mut self, style: &str) -> Paragraph {
        self.next_para += 1;
        Paragraph::new().id(format!("{:08X}", self.next_para)).style(style)
    }

    fn text(&mut self, style: &str, text: &str) -> Paragraph {
        let mut run = Run::new();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            run = run.add_text(line);
        }
        self.para(style).add_run(run)
    }

    fn push(&mut self, p: Paragraph) {
        self.body.push(Child::Paragraph(Box::new(p)));
    }

    /// The title, the addressees and the 正文, section by section; returns
    /// the tables it refers to, in order, as attachments.
    fn body(&mut self, page: &Page<'_>, fonts: &Fonts) -> Result<Vec<Attachment>, RenderError> {
        let lang = self.lang;
        let title = self.text("GwTitle", &page.title);
        self.push(title);
        let to = self.text("GwTo", &page.addressees);
        self.push(to);
        let opening = self.text("GwBody", &page.subtitle);
        self.push(opening);
        let mut attachments = Vec::new();
        let mut number = 0;
        for section in page.sections.iter().filter(|s| !s.site_only) {
            number += 1;
            let heading = match lang {
                Lang::Zh => format!("{}、{}", chinese_numeral(number), section.title),
                Lang::En => format!("{number}. {}", section.title),
            };
            let heading = self.text("GwH1", &heading).keep_next(true);
            self.push(heading);
            let (mut sub, mut subheading) = (0, None::<&str>);
            for block in &section.blocks {
                match block {
                    Block::Subheading(text) => {
                        sub += 1;
                        let text = match lang {
                            Lang::Zh => format!("（{}）{text}", chinese_numeral(sub)),
                            Lang::En => format!("({sub}) {text}"),
                        };
                        let p = self.text("GwH2", &text).keep_next(true);
                        self.push(p);
                        subheading = Some(text_of(block));
                    }
                    Block::Paragraph(text) | Block::Text(text) | Block::Note(text) | Block::Empty(text) => {
                        let p = self.text("GwBody", text);
                        self.push(p);
                    }
                    Block::Figure(figure) => match figure.svg {
                        Some(svg) => self.picture(svg, fonts, &section.title)?,
                        None => {
                            let p = self.text("GwBody", &figure.missing);
                            self.push(p);
                        }
                    },
                    Block::Table(t) => {
                        let k = attachments.len() + 1;
                        let rows = page.tables[*t].table.rows.len();
                        let text = match lang {
                            Lang::Zh => format!("共 {rows} 条，详见附件{k}。"),
                            Lang::En => format!("{rows} rows: see attachment {k}."),
                        };
                        let p = self.text("GwBody", &text);
                        self.push(p);
                        let title = match subheading {
                            Some(sub) => lang_join(lang, &section.title, sub),
                            None => section.title.clone(),
                        };
                        attachments.push(Attachment { title, table: *t });
                    }
                }
            }
        }
        Ok(attachments)
    }

    /// A map as a picture fitted to the 版心, with its caption below.
    fn picture(&mut self, svg: &[u8], fonts: &Fonts, caption: &str) -> Result<(), RenderError> {
        let box_w = PICTURE_W_MM * EMU_PER_MM;
        let box_h = PICTURE_H_MM * EMU_PER_MM;
        let mut shown = (0.0, 0.0);
        let picture = svg_to_picture(svg, fonts, |w, h| {
            let emu_per_unit = (box_w / f64::from(w)).min(box_h / f64::from(h));
            shown = (f64::from(w) * emu_per_unit, f64::from(h) * emu_per_unit);
            let pixels_per_unit = emu_per_unit / EMU_PER_MM / 25.4 * PICTURE_DPI;
            #[allow(clippy::cast_possible_truncation, reason = "a scale factor, well inside f32")]
            let scale = pixels_per_unit.min(f64::from(PNG_SCALE)) as f32;
            scale
        })?;
        self.pictures += 1;
        let n = self.pictures;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "at most the 版心, in EMU")]
        let (w, h) = (shown.0.round() as u32, shown.1.round() as u32);
        let pic = Pic::new_with_dimensions(picture.png, 1, 1).size(w, h).id(format!("rIdImage{n}"));
        let p = self.para("GwPicture").add_run(Run::new().add_image(pic)).keep_next(true);
        self.push(p);
        let caption = match self.lang {
            Lang::Zh => format!("图{n}　{caption}"),
            Lang::En => format!("Figure {n}. {caption}"),
        };
        let p = self.text("GwCaption", &caption);
        self.push(p);
        Ok(())
    }

    /// 附件：1. … after the 正文, one line each, the numbers aligned.
    fn attachment_list(&mut self, attachments: &[Attachment]) {
        let label = self.lang.pick("附件：", "Attachments: ");
        let blank = self.para("GwBody");
        self.push(blank);
        for (k, a) in attachments.iter().enumerate() {
            let line = format!("{}. {}", k + 1, a.title);
            let p = if k == 0 {
                self.text("GwBody", &format!("{label}{line}"))
            } else {
                // Under the first number: the two-character indent and the label.
                let label_twips = i32::try_from(label.width() * 160).unwrap_or(0);
                self.text("GwBody", &line).indent(
                    Some(INDENT_TWIPS + label_twips),
                    Some(SpecialIndentType::FirstLine(0)),
                    None,
                    None,
                )
            };
            self.push(p);
        }
    }

    /// 附件N, its title, and its table, starting a page.
    fn attachment(&mut self, k: usize, attachment: &Attachment, table: &Table) {
        let label = match self.lang {
            Lang::Zh => format!("附件{}", k + 1),
            Lang::En => format!("Attachment {}", k + 1),
        };
        // The section break before the first attachment starts its page already.
        let p = self.text("GwAttachment", &label).keep_next(true).page_break_before(k > 0);
        self.push(p);
        let p = self.text("GwAttachmentTitle", &attachment.title).keep_next(true);
        self.push(p);
        let t = self.table(table, LANDSCAPE_TEXT_W_MM);
        self.body.push(Child::Table(Box::new(t)));
    }

    /// A table across the text width, columns as wide as their text needs
    /// (a CJK glyph counts 2), the header row shaded and repeated on each page.
    fn table(&mut self, table: &Table, width_mm: f64) -> DocTable {
        let total = mm(width_mm);
        let widths = column_widths(table, total);
        let header = table
            .headers
            .iter()
            .zip(&widths)
            .map(|(text, &w)| {
                let p = self.text("GwTableHead", text);
                TableCell::new().add_paragraph(p).width(w, WidthType::Dxa).shading(Shading::new().fill("E7E6E6"))
            })
            .collect();
        let mut rows =
            vec![TableRow::new(header).cant_split().row_height(HEADER_ROW_TWIPS).height_rule(HeightRule::AtLeast)];
        for row in &table.rows {
            let cells = row
                .iter()
                .zip(&widths)
                .zip(&table.align)
                .map(|((text, &w), align)| {
                    let mut p = self.text("GwTable", text);
                    if *align == Align::Right {
                        p = p.align(AlignmentType::Right);
                    }
                    TableCell::new().add_paragraph(p).width(w, WidthType::Dxa)
                })
                .collect();
            rows.push(TableRow::new(cells).cant_split());
        }
        DocTable::new(rows)
            .set_grid(widths)
            .layout(TableLayoutType::Fixed)
            .width(total, WidthType::Dxa)
            .align(TableAlignmentType::Center)
    }
}

/// The landscape 版心: the portrait one turned.
const LANDSCAPE_TEXT_W_MM: f64 = TEXT_H_MM;

fn text_of<'b>(block: &'b Block<'_>) -> &'b str {
    match block {
        Block::Subheading(t) | Block::Paragraph(t) | Block::Note(t) | Block::Empty(t) | Block::Text(t) => t,
        Block::Figure(f) => &f.alt,
        Block::Table(_) => "",
    }
}

/// `企业问题清单（问题明细）`, `Firm problems: Problems`.
fn lang_join(lang: Lang, title: &str, sub: &str) -> String {
    match lang {
        Lang::Zh => format!("{title}（{sub}）"),
        Lang::En => format!("{title}: {sub}"),
    }
}

/// Column widths in twips that add up to `total`. Each column wants its
/// widest line (a CJK glyph counts 2 display columns) and the cell margins;
/// when all cannot have that, the widest are cut to one common width and
/// the short ones (阶段, 状态, numbers) keep theirs, so they do not wrap.
/// Room to spare is shared out in proportion.
fn column_widths(table: &Table, total: usize) -> Vec<usize> {
    // One display column of 五号 text: half a 10.5 pt glyph, in twips.
    const UNIT: usize = SIZE_TABLE * 10 / 2;
    let wanted: Vec<usize> = (0..table.headers.len())
        .map(|c| {
            let cells = std::iter::once(&table.headers[c]).chain(table.rows.iter().map(|r| &r[c]));
            let widest = cells.flat_map(|s| s.split('\n')).map(UnicodeWidthStr::width).max().unwrap_or(0);
            // Three more for the cell's margins (2 × 0.19 cm) and a glyph's rounding.
            (widest.max(2) + 3) * UNIT
        })
        .collect();
    let sum: usize = wanted.iter().sum();
    let mut widths: Vec<usize> = if sum <= total {
        wanted.iter().map(|w| total * w / sum.max(1)).collect()
    } else {
        let mut sorted = wanted.clone();
        sorted.sort_unstable();
        let (mut left, mut cap) = (total, 0);
        for (i, &w) in sorted.iter().enumerate() {
            let rest = sorted.len() - i;
            if w * rest > left {
                cap = left / rest;
                break;
            }
            left -= w;
        }
        wanted.iter().map(|&w| w.min(cap)).collect()
    };
    // What rounding left over goes to the widest column, so the grid fills the width exactly.
    let spare = total.saturating_sub(widths.iter().sum());
    if let Some(widest) = (0..widths.len()).max_by_key(|&c| (wanted[c], std::cmp::Reverse(c))) {
        widths[widest] += spare;
    }
    widths
}

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (sections never reach 100).
fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..10 => DIGITS[n].to_owned(),
        10..20 => format!("十{}", DIGITS[n % 10]),
        _ => format!("{}十{}", DIGITS[(n / 10) % 10], DIGITS[n % 10]),
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "page measures, a few thousand twips")]
fn mm(mm: f64) -> usize {
    (mm * TWIPS_PER_MM).round() as usize
}

fn mm32(length: f64) -> u32 {
    u32::try_from(mm(length)).unwrap_or(u32::MAX)
}

fn twips(length: f64) -> i32 {
    i32::try_from(mm(length)).unwrap_or(i32::MAX)
}

fn portrait_margin() -> PageMargin {
    let bottom = PAGE_H_MM - TOP_MM - TEXT_H_MM;
    PageMargin {
        top: twips(TOP_MM),
        left: twips(LEFT_MM),
        bottom: twips(bottom),
        right: twips(PAGE_W_MM - LEFT_MM - TEXT_W_MM),
        header: twips(15.0),
        footer: twips(FOOTER_MM),
        gutter: 0,
    }
}

/// The portrait 版心 turned: 订口 28 mm at the top, the bound edge.
fn landscape_margin() -> PageMargin {
    let bottom = PAGE_W_MM - LEFT_MM - TEXT_W_MM;
    PageMargin {
        top: twips(LEFT_MM),
        left: twips(TOP_MM),
        bottom: twips(bottom),
        right: twips(PAGE_H_MM - TOP_MM - TEXT_H_MM),
        header: twips(15.0),
        footer: twips(bottom - 7.0 - 5.0),
        gutter: 0,
    }
}

fn portrait() -> SectionProperty {
    SectionProperty::new()
        .page_size(docx_rs::PageSize::new().size(mm32(PAGE_W_MM), mm32(PAGE_H_MM)))
        .page_margin(portrait_margin())
}

/// The paragraph styles, in the fonts of official documents; Latin letters
/// and digits in Times New Roman.
fn styles(docx: Docx) -> Docx {
    let fonts = |(east, _): (&str, &str)| RunFonts::new().east_asia(east).ascii(LATIN_FONT).hi_ansi(LATIN_FONT);
    let exact = |line: i32| LineSpacing::new().line_rule(LineSpacingType::Exact).line(line);
    let single = LineSpacing::new().line_rule(LineSpacingType::Auto).line(240);
    let paragraph = |id: &str, name: &str| Style::new(id, StyleType::Paragraph).name(name);
    let title = paragraph("GwTitle", "Document title")
        .fonts(fonts(TITLE_FONT))
        .size(SIZE_TITLE)
        .align(AlignmentType::Center)
        // Two lines of space above, one below, as a title stands on the first page.
        .line_spacing(exact(700).before(LINE_TWIPS.unsigned_abs() * 2).after(LINE_TWIPS.unsigned_abs()));
    let body = paragraph("GwBody", "Body text")
        .fonts(fonts(BODY_FONT))
        .size(SIZE_BODY)
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT_TWIPS)), None, None)
        .line_spacing(exact(LINE_TWIPS));
    let to = paragraph("GwTo", "Addressees").fonts(fonts(BODY_FONT)).size(SIZE_BODY).line_spacing(exact(LINE_TWIPS));
    let h1 = paragraph("GwH1", "Heading 1")
        .fonts(fonts((H1_FONT, H1_FONT)))
        .size(SIZE_BODY)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT_TWIPS)), None, None)
        .outline_lvl(0)
        .line_spacing(exact(LINE_TWIPS));
    let h2 = paragraph("GwH2", "Heading 2")
        .fonts(fonts(H2_FONT))
        .size(SIZE_BODY)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT_TWIPS)), None, None)
        .outline_lvl(1)
        .line_spacing(exact(LINE_TWIPS));
    let picture =
        paragraph("GwPicture", "Picture").align(AlignmentType::Center).line_spacing(single.clone().before(120));
    let caption = paragraph("GwCaption", "Caption")
        .fonts(fonts(H2_FONT))
        .size(SIZE_FOOTER)
        .align(AlignmentType::Center)
        .line_spacing(single.clone().after(240));
    let attachment = paragraph("GwAttachment", "Attachment label")
        .fonts(fonts((H1_FONT, H1_FONT)))
        .size(SIZE_BODY)
        .line_spacing(exact(LINE_TWIPS));
    let attachment_title = paragraph("GwAttachmentTitle", "Attachment title")
        .fonts(fonts(TITLE_FONT))
        .size(SIZE_ATTACHMENT_TITLE)
        .align(AlignmentType::Center)
        .line_spacing(single.clone().before(120).after(240));
    let table =
        paragraph("GwTable", "Table text").fonts(fonts(BODY_FONT)).size(SIZE_TABLE).line_spacing(single.clone());
    let table_head = paragraph("GwTableHead", "Table header")
        .fonts(fonts((H1_FONT, H1_FONT)))
        .size(SIZE_TABLE)
        .align(AlignmentType::Center)
        .line_spacing(single.clone());
    let footer = paragraph("GwFooter", "Page number")
        .fonts(RunFonts::new().east_asia(NUMBER_FONT).ascii(NUMBER_FONT).hi_ansi(NUMBER_FONT))
        .size(SIZE_FOOTER)
        .align(AlignmentType::Center);
    vec![title, body, to, h1, h2, picture, caption, attachment, attachment_title, table, table_head, footer]
        .into_iter()
        .fold(docx, Docx::add_style)
}

/// Builds the package parts, adds what docx-rs cannot say, and zips them.
fn pack(docx: Docx, name: &str) -> Result<Vec<u8>, RenderError> {
    let mut xml = docx.build();
    let document = String::from_utf8_lossy(&xml.document).into_owned();
    xml.document = mark_header_rows(&number_drawings(&document)).into_bytes();
    xml.font_table = font_table().into_bytes();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| RenderError::Docx { name: format!("{name}.docx"), cause: e.to_string() })?;
    Ok(out.into_inner())
}

/// `w:tblHeader` beside the height only header rows have: Word and
/// `LibreOffice` repeat such a row at the top of each page the table runs onto.
fn mark_header_rows(document: &str) -> String {
    let height = format!("<w:trHeight w:val=\"{HEADER_ROW_TWIPS}\" w:hRule=\"atLeast\" />");
    document.replace(&height, &format!("{height}<w:tblHeader />"))
}

/// docx-rs numbers every drawing 1; Word wants the ids distinct.
fn number_drawings(document: &str) -> String {
    const DOC_PR: &str = "<wp:docPr id=\"1\"";
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    let mut n = 0;
    while let Some(at) = rest.find(DOC_PR) {
        n += 1;
        out.push_str(&rest[..at]);
        let _ = write!(out, "<wp:docPr id=\"{n}\"");
        rest = &rest[at + DOC_PR.len()..];
    }
    out.push_str(rest);
    out
}

/// The font table with each Chinese font's fallback (`w:altName`), which
/// docx-rs's fixed table (Times New Roman, Symbol, Arial) cannot hold.
fn font_table() -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    out.push_str(r#"<w:font w:name="Times New Roman"><w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font>"#);
    for (name, alt) in [TITLE_FONT, BODY_FONT, H2_FONT, (H1_FONT, H1_FONT), (NUMBER_FONT, NUMBER_FONT)] {
        let _ = write!(out, r#"<w:font w:name="{name}">"#);
        if alt != name {
            let _ = write!(out, r#"<w:altName w:val="{alt}" />"#);
        }
        out.push_str(r#"<w:charset w:val="86" /><w:family w:val="auto" /><w:pitch w:val="variable" /></w:font>"#);
    }
    out.push_str("</w:fonts>");
    out
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeMap;
    use std::io::{Cursor, Read};

    use super::super::model::Section;
    use super::super::sample::Sample;
    use super::*;

    /// A Word document unzipped: each part's name and bytes.
    pub fn parts(docx: &[u8]) -> BTreeMap<String, Vec<u8>> {
        let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip archive");
        let mut parts = BTreeMap::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            // No time of the run in the archive: every entry carries the zip epoch.
            let name = entry.name().expect("a UTF-8 name").into_owned();
            let t = entry.last_modified().expect("a time");
            assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute()), (1980, 1, 1, 0, 0), "{name}");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            parts.insert(name, bytes);
        }
        parts
    }

    /// The text of each paragraph of `word/document.xml` outside tables,
    /// and each table as rows of cell texts.
    pub fn shown(docx: &[u8]) -> (Vec<String>, Vec<Vec<Vec<String>>>) {
        let parts = parts(docx);
        let xml = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let text = |n: roxmltree::Node<'_, '_>| -> String {
            n.descendants().filter(|d| d.has_tag_name("t")).filter_map(|d| d.text()).collect()
        };
        let body = doc.descendants().find(|n| n.has_tag_name("body")).unwrap();
        let (mut paragraphs, mut tables) = (Vec::new(), Vec::new());
        for child in body.children() {
            if child.has_tag_name("p") {
                paragraphs.push(text(child));
            } else if child.has_tag_name("tbl") {
                let rows = child.children().filter(|r| r.has_tag_name("tr"));
                tables.push(rows.map(|r| r.children().filter(|c| c.has_tag_name("tc")).map(text).collect()).collect());
            }
        }
        (paragraphs, tables)
    }

    fn docx(sample: &Sample, lang: Lang, page: usize) -> Vec<u8> {
        page_docx(&sample.report(lang).pages[page], lang, &Fonts::none()).unwrap()
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
            let table = &page.tables[*t].table;
            assert_eq!(shown[0], table.headers, "attachment {}", k + 1);
            assert_eq!(shown[1..], table.rows[..], "attachment {}", k + 1);
            assert!(paragraphs.contains(&format!("附件{}", k + 1)));
        }
        for list in ["重点企业清单", "重点项目清单", "招商目标清单", "关键技术清单"] {
            assert!(paragraphs.iter().any(|p| p.ends_with(list) && p.starts_with(char::is_numeric)), "{list} attached");
        }
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
        for (page, pictures) in [(0, 1), (1, 2), (2, 1)] {
            let bytes = docx(&sample, Lang::Zh, page);
            let parts = parts(&bytes);
            let rels = roxmltree::Document::parse(std::str::from_utf8(&parts["word/_rels/document.xml.rels"]).unwrap())
                .unwrap()
                .descendants()
                .filter(|n| n.has_tag_name("Relationship"))
                .map(|n| (n.attribute("Id").unwrap().to_owned(), n.attribute("Target").unwrap().to_owned()))
                .collect::<BTreeMap<String, String>>();
            let xml = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
            let embeds: Vec<&str> =
                xml.split(r#"r:embed=""#).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
            assert_eq!(embeds.len(), pictures, "page {page}");
            for (n, id) in embeds.iter().enumerate() {
                let media = &parts[&format!("word/{}", rels[*id])];
                assert!(media.starts_with(b"\x89PNG\r\n\x1a\n"), "{id} is a PNG");
                assert!(xml.contains(&format!(r#"<wp:docPr id="{}""#, n + 1)), "drawing ids distinct");
            }
            // The sample's stand-in maps draw alike, and a picture is stored once.
            let media = parts.keys().filter(|k| k.starts_with("word/media/") && !k.ends_with('/')).count();
            assert_eq!(media, 1, "page {page}");
            let (paragraphs, _) = shown(&bytes);
            assert_eq!(paragraphs.iter().filter(|p| p.starts_with('图')).count(), pictures, "a caption each");
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
        let mut files = Files::new();
        write(&report, &Fonts::none(), &mut files).unwrap();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["docx/region.docx", "docx/silk.docx", "docx/tea.docx"]);
        // docx-rs numbers paragraphs per thread and pictures per process: a
        // document made after others, on another thread, must not differ.
        let again = std::thread::scope(|s| {
            s.spawn(|| {
                let mut files = Files::new();
                write(&report, &Fonts::none(), &mut files).unwrap();
                files
            })
            .join()
            .unwrap()
        });
        assert_eq!(files, again);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let one = pool.install(|| {
            let mut files = Files::new();
            write(&report, &Fonts::none(), &mut files).unwrap();
            files
        });
        assert_eq!(files, one);
        let core = String::from_utf8(parts(&files["docx/silk.docx"])["docProps/core.xml"].clone()).unwrap();
        let today = jiff::Timestamp::now().to_string()[..10].to_owned();
        assert!(!core.contains(&today) && core.contains("1970-01-01T00:00:00Z"), "{core}");
    }

    #[test]
    fn numerals_and_column_widths() {
        let words: Vec<String> = [1, 9, 10, 11, 20, 21, 99].into_iter().map(chinese_numeral).collect();
        assert_eq!(words, ["一", "九", "十", "十一", "二十", "二十一", "九十九"]);
        let mut table = Table::new(&["阶段", "企业名称"]);
        table.push(vec!["中游".into(), "安康蚕丝被家纺有限公司（示例）".repeat(3)]);
        // Too wide for the page: the short column keeps what it needs, the long one takes the rest.
        assert_eq!(column_widths(&table, 5000), [7 * 105, 5000 - 7 * 105]);
        // Room to spare is shared out in proportion, and the grid fills the width.
        let mut narrow = Table::new(&["a", "bb"]);
        narrow.push(vec!["1".into(), "22".into()]);
        let widths = column_widths(&narrow, 1000);
        assert_eq!(widths.iter().sum::<usize>(), 1000);
        assert_eq!(widths, [500, 500]);
    }
}
