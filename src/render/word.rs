//! Word documents in the layout of official documents (公文格式, GB/T
//! 9704-2012): the page, the fonts and the paragraph styles, and a
//! [`Writer`] that the report's and the bulletin's documents both fill —
//! title, addressees, numbered headings, text, pictures with captions,
//! tables, attachments — and that ends each document the same way: the
//! list of attachments, the issuing office and the date, then every
//! attachment on landscape pages, packed into a zip with no time of the run.
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
//! │ 附件：1. 各产业链概况          │        │                            — 5 —   │
//! │        安康市…办公室          │        └────────────────────────────────────┘
//! │          2026年3月31日      │
//! │ — 1 —                      │  odd page numbers right, even ones left
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
use unicode_width::UnicodeWidthStr;

use crate::model::{Date, Lang, Month, Region};
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
/// The landscape 版心: the portrait one turned.
const LANDSCAPE_TEXT_W_MM: f64 = TEXT_H_MM;
/// 22 lines to a page of 3号 text (§5.2.2): the line pitch, exact, in twips.
const LINE_TWIPS: i32 = 579;
/// One 3号 character (16 pt), in twips.
const CHAR_TWIPS: i32 = 320;
/// Paragraphs open two 3号 characters in (首行缩进两字).
const INDENT_TWIPS: i32 = 2 * CHAR_TWIPS;
/// The page number stands one 4号 character (14 pt) in from the edge of
/// the 版心 (§7.5: 单页码居右空一字，双页码居左空一字).
const PAGE_NUMBER_INDENT_TWIPS: i32 = 280;

/// The most a picture may take of the 版心: all its width, and its height
/// less room for its heading and caption.
const PICTURE_W_MM: f64 = TEXT_W_MM;
const PICTURE_H_MM: f64 = 190.0;
/// Pixels per inch of a picture at the size it is shown: print quality for
/// a figure, and a quarter of the pixels (and of the drawing time) of 300.
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

/// The ids of the footer parts: docx-rs names footers in the order they
/// are added, odd pages' first; the 正文's section refers to the same two
/// as the attachments'.
const ODD_FOOTER_RID: &str = "rIdFooter1";
const EVEN_FOOTER_RID: &str = "rIdFooter2";

/// Whom a region-wide document is addressed to (主送): `region.json` names
/// no office, so the chain offices and the counties.
#[must_use]
pub fn region_addressees(lang: Lang) -> String {
    lang.pick("各产业链链长办公室，各县（市、区）：", "To: the chain leaders' offices and the counties").to_owned()
}

/// The end of a document: the issuing office (发文机关署名) and the date it
/// is written (成文日期), the last day of the period, never the day of the
/// run, so the same data gives the same document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub issuer: String,
    pub date: Option<Date>,
}

impl Signature {
    /// The counterpart of [`region_addressees`]: `region.json` names no
    /// office, so the region's chain-leader office, `<region>产业链链长制工作
    /// 领导小组办公室`.
    #[must_use]
    pub fn new(region: &Region, period: Option<Month>, lang: Lang) -> Self {
        let name = region.display_name(lang).map(str::trim).filter(|r| !r.is_empty());
        let issuer = match (lang, name) {
            (Lang::Zh, Some(name)) => format!("{name}产业链链长制工作领导小组办公室"),
            (Lang::Zh, None) => "产业链链长制工作领导小组办公室".to_owned(),
            (Lang::En, Some(name)) => format!("Office of the chain-leader working group, {name}"),
            (Lang::En, None) => "Office of the chain-leader working group".to_owned(),
        };
        Self { issuer, date: period.map(Month::last_day) }
    }

    /// 成文日期 in words: `2026年3月31日`, `31 March 2026`.
    fn date_words(&self, lang: Lang) -> Option<String> {
        self.date.map(|d| match lang {
            Lang::Zh => format!("{}年{}月{}日", d.year(), d.month().month(), d.day()),
            Lang::En => format!("{} {}", d.day(), d.month().words(lang)),
        })
    }
}

/// Whether a table fits the portrait 版心 with no column cut, so it can
/// stand in the 正文 rather than as an attachment.
#[must_use]
pub fn fits_portrait(table: &Table) -> bool {
    wanted_widths(table).iter().sum::<usize>() <= mm(TEXT_W_MM)
}

enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<DocTable>),
}

/// A table the 正文 refers to, shown in full as an attachment.
struct Attachment<'t> {
    title: String,
    table: std::borrow::Cow<'t, Table>,
}

/// One Word document being written, paragraph by paragraph, in reading order.
pub struct Writer<'t> {
    lang: Lang,
    next_para: u32,
    pictures: usize,
    body: Vec<Child>,
    attachments: Vec<Attachment<'t>>,
}

impl<'t> Writer<'t> {
    #[must_use]
    pub fn new(lang: Lang) -> Self {
        Self { lang, next_para: 0, pictures: 0, body: Vec::new(), attachments: Vec::new() }
    }

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

    /// The 标题, centred in 2号 小标宋.
    pub fn title(&mut self, text: &str) {
        let p = self.text("GwTitle", text);
        self.push(p);
    }

    /// The 主送 line, flush left, with its closing colon.
    pub fn addressees(&mut self, text: &str) {
        let p = self.text("GwTo", text);
        self.push(p);
    }

    /// A paragraph of the 正文.
    pub fn paragraph(&mut self, text: &str) {
        let p = self.text("GwBody", text);
        self.push(p);
    }

    /// A first-level heading `一、…` (黑体), `n` counting from 1, kept with
    /// what follows.
    pub fn heading(&mut self, n: usize, title: &str) {
        self.numbered_heading(&numbered(self.lang, n, title));
    }

    /// A first-level heading whose text carries its number already.
    pub fn numbered_heading(&mut self, text: &str) {
        let p = self.text("GwH1", text).keep_next(true);
        self.push(p);
    }

    /// A second-level heading `（一）…` (楷体), kept with what follows.
    pub fn subheading(&mut self, n: usize, title: &str) {
        let text = match self.lang {
            Lang::Zh => format!("（{}）{title}", chinese_numeral(n)),
            Lang::En => format!("({n}) {title}"),
        };
        let p = self.text("GwH2", &text).keep_next(true);
        self.push(p);
    }

    /// An SVG as a picture fitted to the 版心, with its numbered caption
    /// below (`图1　…`).
    ///
    /// # Errors
    /// When the SVG cannot be drawn.
    pub fn picture(&mut self, svg: &[u8], fonts: &Fonts, caption: &str) -> Result<(), RenderError> {
        self.picture_within(svg, fonts, caption, PICTURE_W_MM)
    }

    /// [`Writer::picture`] at most `width_mm` wide (and at most the 版心).
    ///
    /// # Errors
    /// When the SVG cannot be drawn.
    pub fn picture_within(
        &mut self,
        svg: &[u8],
        fonts: &Fonts,
        caption: &str,
        width_mm: f64,
    ) -> Result<(), RenderError> {
        let box_w = width_mm.min(PICTURE_W_MM) * EMU_PER_MM;
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

    /// A table in the 正文, across the portrait 版心, with half a line of
    /// space below it before the text goes on.
    pub fn table(&mut self, table: &Table) {
        let t = self.doc_table(table, TEXT_W_MM);
        self.body.push(Child::Table(Box::new(t)));
        let gap = self.para("GwTable");
        self.push(gap);
    }

    /// A table shown as an attachment after the 正文, of a list of `rows`
    /// rows: all of them, or the first when the table holds fewer (a
    /// report's page shows no more than its first thousand). The 正文 says
    /// how many rows the list has and which attachment holds them.
    pub fn attach(&mut self, title: String, table: std::borrow::Cow<'t, Table>, rows: usize) {
        let shown = table.rows.len();
        self.attachments.push(Attachment { title, table });
        let k = self.attachments.len();
        let text = match (self.lang, shown == rows) {
            (Lang::Zh, true) => format!("共 {rows} 条，详见附件{k}。"),
            (Lang::En, true) => format!("{rows} rows: see attachment {k}."),
            (Lang::Zh, false) => format!("共 {rows} 条，附件{k}列出前 {shown} 条。"),
            (Lang::En, false) => format!("{rows} rows: attachment {k} shows the first {shown}."),
        };
        self.paragraph(&text);
    }

    /// Ends the 正文 with the list of attachments and the signature, adds
    /// the attachments on landscape pages and the page numbers, and packs
    /// the document; `name` names it in an error.
    ///
    /// # Errors
    /// When the document cannot be packed.
    pub fn finish(mut self, signature: &Signature, name: &str) -> Result<Vec<u8>, RenderError> {
        let attachments = std::mem::take(&mut self.attachments);
        self.attachment_list(&attachments);
        self.signature(signature);
        let landscape = !attachments.is_empty();
        if landscape {
            // The 正文's section ends here, portrait, with the same footers.
            let section = portrait().footer(Footer::new(), ODD_FOOTER_RID).even_footer(Footer::new(), EVEN_FOOTER_RID);
            let end = self.para("GwBody").section_property(section);
            self.push(end);
            for (k, attachment) in attachments.iter().enumerate() {
                self.attachment(k, attachment);
            }
        }
        let odd = self.page_number("GwFooterOdd");
        let even = self.page_number("GwFooterEven");
        let mut docx = styles(Docx::new()).footer(odd).even_footer(even);
        docx = if landscape {
            docx.page_size(mm32(PAGE_H_MM), mm32(PAGE_W_MM))
                .page_orient(PageOrientationType::Landscape)
                .page_margin(landscape_margin())
        } else {
            docx.page_size(mm32(PAGE_W_MM), mm32(PAGE_H_MM)).page_margin(portrait_margin())
        };
        for child in self.body {
            docx = match child {
                Child::Paragraph(p) => docx.add_paragraph(*p),
                Child::Table(t) => docx.add_table(*t),
            };
        }
        pack(docx, name)
    }

    /// `— 1 —` in a footer.
    fn page_number(&mut self, style: &str) -> Footer {
        let p = self
            .para(style)
            .add_run(Run::new().add_text("— "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" —"));
        Footer::new().add_paragraph(p)
    }

    /// 附件：1. … after the 正文, a line below it, one line each, the numbers aligned.
    fn attachment_list(&mut self, attachments: &[Attachment<'_>]) {
        if attachments.is_empty() {
            return;
        }
        let label = self.lang.pick("附件：", "Attachments: ");
        self.paragraph("");
        for (k, a) in attachments.iter().enumerate() {
            let line = format!("{}. {}", k + 1, a.title);
            let p = if k == 0 {
                self.text("GwBody", &format!("{label}{line}"))
            } else {
                // Under the first number: the two-character indent and the label.
                self.text("GwBody", &line).indent(
                    Some(INDENT_TWIPS + half_chars(label)),
                    Some(SpecialIndentType::FirstLine(0)),
                    None,
                    None,
                )
            };
            self.push(p);
        }
    }

    /// 发文机关署名 and 成文日期 a line below the 正文 (GB/T 9704 §7.3.5.2, a
    /// document without a seal): the office two characters in from the
    /// right, the date below it starting two characters further right — or,
    /// when the date is the longer, the date two characters in and the
    /// office moved left to keep that step.
    fn signature(&mut self, signature: &Signature) {
        let issuer_w = half_chars(&signature.issuer);
        let date = signature.date_words(self.lang);
        let date_w = date.as_deref().map_or(0, half_chars);
        let (issuer_right, date_right) = if issuer_w - date_w >= INDENT_TWIPS {
            (INDENT_TWIPS, issuer_w - date_w)
        } else {
            (2 * INDENT_TWIPS + date_w - issuer_w, INDENT_TWIPS)
        };
        // Never a page with only the signature (§7.3.5.1): the last line of
        // the text goes with it.
        if let Some(Child::Paragraph(last)) = self.body.pop() {
            self.push(last.keep_next(true));
        }
        let blank = self.para("GwBody").keep_next(true);
        self.push(blank);
        let right = |p: Paragraph, end: i32| p.indent(None, Some(SpecialIndentType::FirstLine(0)), Some(end), None);
        let p = self.text("GwSignature", &signature.issuer).keep_next(signature.date.is_some());
        self.push(right(p, issuer_right));
        if let Some(date) = date {
            let p = self.text("GwSignature", &date);
            self.push(right(p, date_right));
        }
    }

    /// 附件N, its title, and its table, starting a page.
    fn attachment(&mut self, k: usize, attachment: &Attachment<'_>) {
        let label = match self.lang {
            Lang::Zh => format!("附件{}", k + 1),
            Lang::En => format!("Attachment {}", k + 1),
        };
        // The section break before the first attachment starts its page already.
        let p = self.text("GwAttachment", &label).keep_next(true).page_break_before(k > 0);
        self.push(p);
        let p = self.text("GwAttachmentTitle", &attachment.title).keep_next(true);
        self.push(p);
        let t = self.doc_table(&attachment.table, LANDSCAPE_TEXT_W_MM);
        self.body.push(Child::Table(Box::new(t)));
    }

    /// A table across `width_mm`, columns as wide as their text needs (a
    /// CJK glyph counts 2), the header row shaded and repeated on each page.
    fn doc_table(&mut self, table: &Table, width_mm: f64) -> DocTable {
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

/// The width of a line of 3号 text in twips: half a character per display
/// column (a CJK glyph counts 2, a digit of Times New Roman about 1).
fn half_chars(text: &str) -> i32 {
    i32::try_from(text.width()).map_or(i32::MAX, |w| w * CHAR_TWIPS / 2)
}

/// What each column wants in twips: its widest line (a CJK glyph counts 2
/// display columns) and the cell margins.
fn wanted_widths(table: &Table) -> Vec<usize> {
    // One display column of 五号 text: half a 10.5 pt glyph, in twips.
    const UNIT: usize = SIZE_TABLE * 10 / 2;
    (0..table.headers.len())
        .map(|c| {
            let cells = std::iter::once(table.headers[c].as_str()).chain(table.rows.iter().map(|r| &r[c]));
            let widest = cells.flat_map(|s| s.split('\n')).map(UnicodeWidthStr::width).max().unwrap_or(0);
            // Three more for the cell's margins (2 × 0.19 cm) and a glyph's rounding.
            (widest.max(2) + 3) * UNIT
        })
        .collect()
}

/// Column widths in twips that add up to `total`. Each column wants its
/// widest line and the cell margins; when all cannot have that, the widest
/// are cut to one common width and the short ones (阶段, 状态, numbers) keep
/// theirs, so they do not wrap. Room to spare is shared out in proportion.
fn column_widths(table: &Table, total: usize) -> Vec<usize> {
    let wanted = wanted_widths(table);
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

/// A first-level heading's text: `一、主要指标`, `1. Headline figures`.
#[must_use]
pub fn numbered(lang: Lang, n: usize, title: &str) -> String {
    match lang {
        Lang::Zh => format!("{}、{title}", chinese_numeral(n)),
        Lang::En => format!("{n}. {title}"),
    }
}

/// A table's title under its section's: `企业问题清单（问题明细）`,
/// `Firm problems: Problems`.
#[must_use]
pub fn qualified(lang: Lang, title: &str, sub: &str) -> String {
    match lang {
        Lang::Zh => format!("{title}（{sub}）"),
        Lang::En => format!("{title}: {sub}"),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (sections never reach 100).
#[must_use]
pub fn chinese_numeral(n: usize) -> String {
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

/// Margins in millimetres around a 版心; the page number 7 mm below it
/// (§7.5), its 4号 line about 5 mm high.
fn margin(top: f64, left: f64, bottom: f64, right: f64) -> PageMargin {
    PageMargin {
        top: twips(top),
        left: twips(left),
        bottom: twips(bottom),
        right: twips(right),
        header: twips(15.0),
        footer: twips(bottom - 7.0 - 5.0),
        gutter: 0,
    }
}

fn portrait_margin() -> PageMargin {
    margin(TOP_MM, LEFT_MM, PAGE_H_MM - TOP_MM - TEXT_H_MM, PAGE_W_MM - LEFT_MM - TEXT_W_MM)
}

/// The portrait 版心 turned: 订口 28 mm at the top, the bound edge.
fn landscape_margin() -> PageMargin {
    margin(LEFT_MM, TOP_MM, PAGE_W_MM - LEFT_MM - TEXT_W_MM, PAGE_H_MM - TOP_MM - TEXT_H_MM)
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
    let signature = paragraph("GwSignature", "Signature")
        .fonts(fonts(BODY_FONT))
        .size(SIZE_BODY)
        .align(AlignmentType::Right)
        .line_spacing(exact(LINE_TWIPS));
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
    let number = |id: &str, name: &str| {
        paragraph(id, name)
            .fonts(RunFonts::new().east_asia(NUMBER_FONT).ascii(NUMBER_FONT).hi_ansi(NUMBER_FONT))
            .size(SIZE_FOOTER)
    };
    let odd = number("GwFooterOdd", "Page number, odd pages").align(AlignmentType::Right).indent(
        None,
        None,
        Some(PAGE_NUMBER_INDENT_TWIPS),
        None,
    );
    let even = number("GwFooterEven", "Page number, even pages").align(AlignmentType::Left).indent(
        Some(PAGE_NUMBER_INDENT_TWIPS),
        None,
        None,
        None,
    );
    vec![
        title,
        body,
        to,
        signature,
        h1,
        h2,
        picture,
        caption,
        attachment,
        attachment_title,
        table,
        table_head,
        odd,
        even,
    ]
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
    xml.pack(&mut out).map_err(|e| RenderError::Docx { name: name.to_owned(), cause: e.to_string() })?;
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
pub(crate) mod tests {
    use std::collections::BTreeMap;
    use std::io::{Cursor, Read};

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

    /// Each PNG picture `word/document.xml` refers to, in order.
    pub fn pictures(docx: &[u8]) -> Vec<Vec<u8>> {
        let parts = parts(docx);
        let rels = roxmltree::Document::parse(std::str::from_utf8(&parts["word/_rels/document.xml.rels"]).unwrap())
            .unwrap()
            .descendants()
            .filter(|n| n.has_tag_name("Relationship"))
            .map(|n| (n.attribute("Id").unwrap().to_owned(), n.attribute("Target").unwrap().to_owned()))
            .collect::<BTreeMap<String, String>>();
        let xml = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
        let embeds: Vec<&str> =
            xml.split(r#"r:embed=""#).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
        for n in 1..=embeds.len() {
            assert!(xml.contains(&format!(r#"<wp:docPr id="{n}""#)), "drawing ids distinct");
        }
        embeds.iter().map(|id| parts[&format!("word/{}", rels[*id])].clone()).collect()
    }

    #[test]
    fn numerals_and_column_widths() {
        let words: Vec<String> = [1, 9, 10, 11, 20, 21, 99].into_iter().map(chinese_numeral).collect();
        assert_eq!(words, ["一", "九", "十", "十一", "二十", "二十一", "九十九"]);
        let mut table = Table::new(&["阶段", "企业名称"]);
        table.push(vec!["中游".into(), "安康蚕丝被家纺有限公司（示例）".repeat(3)]);
        // Too wide for the page: the short column keeps what it needs, the long one takes the rest.
        assert_eq!(column_widths(&table, 5000), [7 * 105, 5000 - 7 * 105]);
        assert!(!fits_portrait(&table));
        // Room to spare is shared out in proportion, and the grid fills the width.
        let mut narrow = Table::new(&["a", "bb"]);
        narrow.push(vec!["1".into(), "22".into()]);
        let widths = column_widths(&narrow, 1000);
        assert_eq!(widths.iter().sum::<usize>(), 1000);
        assert_eq!(widths, [500, 500]);
        assert!(fits_portrait(&narrow));
    }

    fn signed(issuer: &str, date: Option<Date>, lang: Lang) -> (Vec<String>, String) {
        let mut w = Writer::new(lang);
        w.paragraph("正文");
        let bytes = w.finish(&Signature { issuer: issuer.to_owned(), date }, "t.docx").unwrap();
        let xml = String::from_utf8(parts(&bytes)["word/document.xml"].clone()).unwrap();
        (shown(&bytes).0, xml)
    }

    /// The right indents of the paragraphs that set one, in twips.
    fn right_indents(xml: &str) -> Vec<i32> {
        xml.split(r#"<w:ind w:left="0" w:right=""#)
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect()
    }

    #[test]
    fn the_signature_steps_two_characters_between_office_and_date() {
        let region = Region { name: Some("安康市".into()), ..Region::default() };
        let signature = Signature::new(&region, Month::new(2026, 2), Lang::Zh);
        assert_eq!(signature.issuer, "安康市产业链链长制工作领导小组办公室");
        assert_eq!(signature.date_words(Lang::Zh).as_deref(), Some("2026年2月28日"));
        assert_eq!(signature.date_words(Lang::En).as_deref(), Some("28 February 2026"));
        // The office (18 characters, 5760 twips) is the longer: it stands two
        // characters in, the date (3 characters and 7 digits, 2080 twips)
        // starts two right of the office.
        let (paragraphs, xml) = signed(&signature.issuer, signature.date, Lang::Zh);
        assert_eq!(paragraphs[paragraphs.len() - 2..], ["安康市产业链链长制工作领导小组办公室", "2026年2月28日"]);
        assert_eq!(right_indents(&xml), [640, 5760 - 2080]);
        // A short office and a long date: the date two characters in, the
        // office starting two characters before it.
        let (_, xml) = signed("办公室", signature.date, Lang::Zh);
        assert_eq!(right_indents(&xml), [640 + 2080 + 640 - 960, 640]);
        // No period, no date.
        let (paragraphs, _) = signed("办公室", None, Lang::Zh);
        assert_eq!(paragraphs.last().map(String::as_str), Some("办公室"));
    }

    #[test]
    fn an_attachment_of_the_first_rows_says_how_many_the_list_has() {
        let mut table = Table::new(&["企业"]);
        for i in 0..3 {
            table.push(vec![format!("企业{i}")]);
        }
        for (lang, whole, head) in [
            (Lang::Zh, "共 3 条，详见附件1。", "共 1234 条，附件2列出前 3 条。"),
            (Lang::En, "3 rows: see attachment 1.", "1234 rows: attachment 2 shows the first 3."),
        ] {
            let mut w = Writer::new(lang);
            w.attach("全部".to_owned(), std::borrow::Cow::Borrowed(&table), 3);
            w.attach("前几行".to_owned(), std::borrow::Cow::Borrowed(&table), 1234);
            let bytes = w.finish(&Signature { issuer: "办公室".to_owned(), date: None }, "t.docx").unwrap();
            let (paragraphs, tables) = shown(&bytes);
            assert!(paragraphs.iter().any(|p| p == whole) && paragraphs.iter().any(|p| p == head), "{paragraphs:?}");
            assert_eq!(tables.len(), 2);
            assert!(tables.iter().all(|t| t.len() == 4), "each attachment holds the rows it was given");
        }
    }

    #[test]
    fn page_numbers_right_on_odd_pages_left_on_even_ones() {
        let mut w = Writer::new(Lang::Zh);
        w.paragraph("正文");
        let bytes = w.finish(&Signature { issuer: "办公室".into(), date: None }, "t.docx").unwrap();
        let parts = parts(&bytes);
        let settings = String::from_utf8_lossy(&parts["word/settings.xml"]);
        assert!(settings.contains("evenAndOddHeaders"), "{settings}");
        let document = String::from_utf8_lossy(&parts["word/document.xml"]);
        assert!(document.contains(r#"<w:footerReference w:type="default" r:id="rIdFooter1" />"#), "{document}");
        assert!(document.contains(r#"<w:footerReference w:type="even" r:id="rIdFooter2" />"#), "{document}");
        let styles = String::from_utf8_lossy(&parts["word/styles.xml"]);
        for (footer, style) in [("word/footer1.xml", "GwFooterOdd"), ("word/footer2.xml", "GwFooterEven")] {
            let xml = String::from_utf8_lossy(&parts[footer]);
            assert!(xml.contains("PAGE") && xml.contains("— ") && xml.contains(style), "{footer}: {xml}");
        }
        let style = |id: &str| {
            let at = styles.find(&format!(r#"w:styleId="{id}""#)).unwrap();
            styles[at..at + styles[at..].find("</w:style>").unwrap()].to_owned()
        };
        assert!(style("GwFooterOdd").contains(r#"<w:jc w:val="right" />"#));
        assert!(style("GwFooterEven").contains(r#"<w:jc w:val="left" />"#));
    }
}
