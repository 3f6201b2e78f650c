//! The bulletin as a Word document in the layout of official documents
//! (公文格式, `render::word`), `bulletin.docx`, for the office to sign and
//! circulate: every part of the [`Bulletin`] in order, its lines as text, the
//! trend charts as pictures with captions, and each table in the 正文 when it
//! fits the portrait page and is short, else as a landscape attachment.
//!
//! ```text
//!  Bulletin                     bulletin.docx
//!  document_title               标题: 安康市重点产业链月通报（2026年3月）
//!  (region)                     主送: 各产业链链长办公室，各县（市、区）：
//!  opening                      现将…通报如下。
//!  part  "一、主要指标"           一、主要指标
//!    lines                        text
//!    charts                       picture + 图N　<chain>月度产值
//!    tables                       （一）title, then the table here (≤ 20 rows and
//!                                 fits 156 mm) or 共 N 条，详见附件k。
//!  signature                    发文机关 and 成文日期, then 附件1…
//! ```

use super::model::{Bulletin, BulletinPart};
use crate::model::Lang;
use crate::render::RenderError;
use crate::render::map::Fonts;
use crate::render::word::{Writer, fits_portrait, qualified, region_addressees};

/// The width of a trend chart (its SVG is 640 × 280): three charts with
/// their captions to a page, the axis labels about 7 pt.
const CHART_W_MM: f64 = 135.0;

/// The most rows a table may have to stand in the 正文: about half a page
/// of 五号 rows, so the text still reads as a letter; longer ones are
/// attachments.
const INLINE_ROWS: usize = 20;

/// The Word document of the bulletin; `fonts` draw the trend charts' pictures.
///
/// # Errors
/// When a chart cannot be drawn as a picture, or the document cannot be packed.
pub fn bulletin_docx(b: &Bulletin, fonts: &Fonts) -> Result<Vec<u8>, RenderError> {
    let mut doc = Writer::new(b.lang);
    doc.title(&b.document_title);
    doc.addressees(&region_addressees(b.lang));
    doc.paragraph(&b.opening);
    for part in &b.parts {
        write_part(&mut doc, part, b.lang, fonts)?;
    }
    doc.finish(&b.signature, super::DOCX)
}

fn write_part<'t>(doc: &mut Writer<'t>, part: &'t BulletinPart, lang: Lang, fonts: &Fonts) -> Result<(), RenderError> {
    doc.numbered_heading(&part.title);
    for line in &part.lines {
        doc.paragraph(line);
    }
    for chart in &part.charts {
        let caption = match lang {
            Lang::Zh => format!("{}月度产值", chart.title),
            Lang::En => format!("{}: monthly output", chart.title),
        };
        doc.picture_within(chart.svg.as_bytes(), fonts, &caption, CHART_W_MM)?;
    }
    let mut sub = 0;
    for t in &part.tables {
        if let Some(title) = &t.title {
            sub += 1;
            doc.subheading(sub, title);
        }
        if t.table.rows.is_empty() {
            if !t.empty.is_empty() {
                doc.paragraph(&t.empty);
            }
        } else if t.table.rows.len() <= INLINE_ROWS && fits_portrait(&t.table) {
            doc.table(&t.table);
        } else {
            let title = match &t.title {
                Some(title) => qualified(lang, &part.name, title),
                None => part.name.clone(),
            };
            doc.attach(title, t.on_page(), t.table.rows.len());
            if let Some(note) = t.cut_note(super::XLSX, lang) {
                doc.paragraph(&note);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::word::tests::{parts, pictures, shown};

    #[test]
    fn inline_and_attached_tables_and_the_chart_pictures() {
        // Built by the command's tests from the shipped dataset; here from a
        // bulletin model written by hand, so each rule is seen on its own.
        use crate::render::bulletin::model::Chart;
        use crate::render::report::PartTable;
        use crate::render::table::Table;
        use crate::render::word::Signature;
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="280"><rect width="640" height="280" fill="#eee"/></svg>"##;
        let mut short = Table::new(&["指标", "数值"]);
        short.push(vec!["当月产值(万元)".into(), "1,234".into()]);
        let mut long = Table::new(&["企业", "预警"]);
        for i in 0..=INLINE_ROWS {
            long.push(vec![format!("企业{i}"), "停产".into()]);
        }
        let table = |title: Option<&str>, table: Table, empty: &str| PartTable {
            title: title.map(str::to_owned),
            stem: "t",
            sheet: "t".into(),
            table,
            empty: empty.into(),
        };
        let part = |name: &str, title: &str| BulletinPart {
            anchor: "a",
            name: name.into(),
            title: title.into(),
            lines: Vec::new(),
            charts: Vec::new(),
            tables: Vec::new(),
        };
        let mut headline = part("主要指标", "一、主要指标");
        headline.lines.push("说明一句。".into());
        headline.tables.push(table(None, short.clone(), ""));
        let mut trends = part("产值走势", "二、产值走势");
        trends.charts.push(Chart { title: "丝绸产业链".into(), svg: svg.into() });
        let mut warnings = part("运行预警", "三、运行预警");
        warnings.tables.push(table(Some("停产"), long.clone(), ""));
        warnings.tables.push(table(Some("下滑"), Table::new(&["企业"]), "本期没有。"));
        let b = Bulletin {
            lang: Lang::Zh,
            title: "安康市重点产业链月通报 · 2026年3月".into(),
            document_title: "安康市重点产业链月通报（2026年3月）".into(),
            subtitle: String::new(),
            opening: "现将情况通报如下。".into(),
            footer: String::new(),
            signature: Signature {
                issuer: "安康市产业链链长制工作领导小组办公室".into(), date: None
            },
            parts: vec![headline, trends, warnings],
        };
        let bytes = bulletin_docx(&b, &Fonts::none()).unwrap();
        let (paragraphs, tables) = shown(&bytes);
        assert_eq!(
            paragraphs[..3],
            ["安康市重点产业链月通报（2026年3月）", "各产业链链长办公室，各县（市、区）：", "现将情况通报如下。"]
        );
        for p in [
            "一、主要指标",
            "二、产值走势",
            "图1　丝绸产业链月度产值",
            "三、运行预警",
            "（一）停产",
            "（二）下滑",
            "本期没有。",
        ] {
            assert!(paragraphs.iter().any(|q| q == p), "{p} in {paragraphs:?}");
        }
        // The short table in the text, the long one attached with its header row repeated.
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0], [["指标", "数值"], ["当月产值(万元)", "1,234"]]);
        assert_eq!(tables[1][0], ["企业", "预警"]);
        assert_eq!(tables[1].len(), INLINE_ROWS + 2);
        assert!(paragraphs.contains(&format!("共 {} 条，详见附件1。", INLINE_ROWS + 1)));
        assert!(paragraphs.contains(&"附件：1. 运行预警（停产）".to_owned()));
        let xml = String::from_utf8(parts(&bytes)["word/document.xml"].clone()).unwrap();
        assert_eq!(xml.matches("<w:tblHeader />").count(), 2);
        assert_eq!(pictures(&bytes).len(), 1);
    }
}
