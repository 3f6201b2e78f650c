//! The report (一图五清单): for the region and each chain, the maps and the
//! five lists, as an offline HTML site, Markdown, CSV, XLSX and Word
//! documents. The content is built once as a [`Report`] (`model`); one
//! writer per format shows it (`html`, `markdown`, `csv`, `xlsx`, `docx`). Parts that other renderers make —
//! the monitoring, the risk — come in as [`Part`]s. Each file is handed,
//! as (relative path, bytes), to a [`Sink`] as soon as it is made: the
//! command line's writes it into the report's staging directory, tests'
//! keep it in memory ([`Files`]).

pub mod csv;
pub mod docx;
pub mod html;
pub mod lists;
pub mod markdown;
pub mod model;
pub mod part;
#[cfg(test)]
mod sample;
pub mod xlsx;

use std::collections::BTreeMap;

use crate::analysis::monitor::Monitoring;
use crate::analysis::risk::Risk;
use crate::analysis::targets::Targets;
use crate::analysis::{ChainAnalysis, Period};
use crate::model::{Dataset, Lang};
use crate::render::RenderError;
use crate::render::map::Fonts;
pub use lists::{List, ListInput, ListKind, Scope};
pub use model::{Report, county_table, gap_table, priority_note};
pub use part::{Part, PartTable};

/// The maps the report shows, rendered beforehand as SVG; `None` where a
/// map could not be made (say, no Graphviz for the flow map), with `notes`
/// saying why.
#[derive(Debug, Clone, Default)]
pub struct Maps {
    pub overview: Option<Vec<u8>>,
    /// Per chain.
    pub panorama: Vec<Option<Vec<u8>>>,
    /// Per chain.
    pub flow: Vec<Option<Vec<u8>>>,
    pub notes: Vec<String>,
}

/// What the report is made from.
pub struct ReportInput<'a> {
    pub dataset: &'a Dataset,
    pub analyses: &'a [ChainAnalysis],
    pub targets: &'a Targets,
    /// `analysis::risk::assess` of the dataset: the problem lists' order
    /// and the chain pages' risk sections.
    pub risk: &'a Risk,
    /// The monitoring of the latest month, `None` without monthly data.
    pub monitoring: Option<&'a Monitoring>,
    pub lang: Lang,
    pub maps: &'a Maps,
    /// The period the report speaks for (`analysis::report_period`), in
    /// every title and the footer; `None` when the data names none.
    pub period: Option<Period>,
}

/// The report's files: relative path → bytes, in path order.
pub type Files = BTreeMap<String, Vec<u8>>;

pub use crate::render::table::guard;

fn list_input<'a>(input: &ReportInput<'a>) -> ListInput<'a> {
    ListInput {
        dataset: input.dataset,
        analyses: input.analyses,
        targets: input.targets,
        risk: input.risk,
        lang: input.lang,
        period: input.period.map(|p| p.month),
    }
}

/// Where the report's files go as they are made: a map in memory
/// ([`Files`]), or the directory the command line writes the report in
/// (`outdir::Staging`), so that a province's 1.6 GB of files are not held
/// all at once. Writers that work on every core share it behind a lock.
pub trait Sink: Send {
    /// Keeps the file at `path` (relative to the report's directory).
    ///
    /// # Errors
    /// When the file cannot be written ([`RenderError::Write`]).
    fn put(&mut self, path: String, bytes: Vec<u8>) -> Result<(), RenderError>;
}

impl Sink for Files {
    fn put(&mut self, path: String, bytes: Vec<u8>) -> Result<(), RenderError> {
        self.insert(path, bytes);
        Ok(())
    }
}

/// A [`Sink`] that writers working on every core share, behind a lock.
pub struct Shared<'s>(std::sync::Mutex<&'s mut dyn Sink>);

impl<'s> Shared<'s> {
    pub fn new(sink: &'s mut dyn Sink) -> Self {
        Self(std::sync::Mutex::new(sink))
    }

    /// Keeps a file; see [`Sink::put`].
    ///
    /// # Errors
    /// When the sink cannot keep it.
    pub fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), RenderError> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).put(path, bytes)
    }
}

/// Builds every file of the report into memory; see [`build_into`].
///
/// # Errors
/// As [`build_into`].
pub fn build(input: &ReportInput<'_>, word: Option<&Fonts>) -> Result<Files, RenderError> {
    let mut files = Files::new();
    build_into(input, word, &mut files)?;
    Ok(files)
}

/// Builds every file of the report into `sink`: the model once, then each
/// format's writer over it. With `word`, the fonts to draw the maps'
/// pictures with (an SVG leaves fonts to the viewer, a picture cannot),
/// the Word documents too: drawing the pictures takes most of the time, so
/// they are made on request.
///
/// # Errors
/// When a workbook cannot be built ([`RenderError::Xlsx`]), or a Word
/// document ([`RenderError::Docx`], [`RenderError::Map`] for a map's
/// picture), or the sink cannot keep a file ([`RenderError::Write`]).
pub fn build_into(input: &ReportInput<'_>, word: Option<&Fonts>, sink: &mut dyn Sink) -> Result<(), RenderError> {
    let report = Report::new(input);
    let sink = Shared::new(sink);
    for (path, svg) in &report.maps {
        sink.put(path.clone(), svg.to_vec())?;
    }
    // The workbooks alongside the other formats: a province's region
    // workbook keeps a core busy for some fifteen seconds, in which the
    // other core makes the rest.
    let (books, rest) = rayon::join(
        || xlsx::write(&report, &sink),
        || {
            html::write(&report, &sink)?;
            markdown::write(&report, &sink)?;
            csv::write(&report, &sink)?;
            match word {
                Some(fonts) => docx::write(&report, fonts, &sink),
                None => Ok(()),
            }
        },
    );
    books.and(rest)
}

#[cfg(test)]
mod tests {
    use super::model::{Block, DataTable, Section, TableKind};
    use super::sample::Sample;
    use super::*;
    use crate::render::table::Table;

    /// A section added to the model once shows in every format.
    #[test]
    fn a_new_section_reaches_every_format() {
        let sample = Sample::new();
        let mut report = sample.report(Lang::Zh);
        let page = &mut report.pages[1];
        let mut table = Table::new(&["风险", "环节"]);
        table.push(vec!["单一供应商".into(), "印染".into()]);
        page.tables.push(DataTable {
            table,
            class: "risks",
            csv: Some("risks"),
            sheet: Some("供应风险".into()),
            kind: TableKind::Plain,
        });
        let t = page.tables.len() - 1;
        page.sections.push(Section {
            anchor: "risks".into(),
            title: "供应风险清单".into(),
            count: Some(1),
            site_only: false,
            blocks: vec![Block::Table(t)],
        });
        let mut files = Files::new();
        {
            let sink = Shared::new(&mut files);
            html::write(&report, &sink).unwrap();
            markdown::write(&report, &sink).unwrap();
            csv::write(&report, &sink).unwrap();
            xlsx::write(&report, &sink).unwrap();
            docx::write(&report, &Fonts::none(), &sink).unwrap();
        }
        let text = |path: &str| String::from_utf8_lossy(&files[path]).into_owned();
        assert!(text("silk.html").contains("<h2 id=\"risks\">供应风险清单 <span class=\"note\">(1)</span></h2>"));
        assert!(
            text("md/silk.md")
                .ends_with("\n## 供应风险清单\n\n| 风险 | 环节 |\n| --- | --- |\n| 单一供应商 | 印染 |\n")
        );
        assert_eq!(text("csv/silk/risks.csv"), "\u{feff}风险,环节\n单一供应商,印染\n");
        let book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(files["xlsx/silk.xlsx"].clone())).unwrap();
        assert_eq!(calamine::Reader::sheet_names(&book).last().map(String::as_str), Some("供应风险"));
        // The Word document: a numbered section that points to its attachment, the table there.
        let (paragraphs, tables) = crate::render::word::tests::shown(&files["docx/silk.docx"]);
        let k = tables.len();
        let number = page_sections_shown(&report.pages[1]);
        assert!(paragraphs.contains(&format!("{number}、供应风险清单")), "{paragraphs:?}");
        assert!(paragraphs.contains(&format!("共 1 条，详见附件{k}。")) && paragraphs.contains(&format!("附件{k}")));
        assert_eq!(tables[k - 1], [["风险", "环节"], ["单一供应商", "印染"]]);
        // The other pages are untouched.
        assert!(!text("index.html").contains("供应风险"));
        assert!(
            !crate::render::word::tests::shown(&files["docx/region.docx"]).0.iter().any(|p| p.contains("供应风险"))
        );
    }

    /// The 一、二、… number of the page's last section in the Word document.
    fn page_sections_shown(page: &model::Page<'_>) -> &'static str {
        const NUMBERS: [&str; 16] = [
            "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
        ];
        NUMBERS[page.sections.iter().filter(|s| !s.site_only).count() - 1]
    }
}
