//! The monthly bulletin (月通报): this month's monitoring, dispatch, trends,
//! warnings and upgrade pipeline, and what changed since the previous
//! snapshot, as one self-contained HTML page (inline CSS and SVG, printable
//! on A4), Markdown, an XLSX workbook with a sheet per table and, on
//! request, a Word document in official layout (公文格式). The
//! content is built once as a [`Bulletin`] (`model`); one writer per format
//! shows it. Everything is built in memory as (relative path, bytes); the
//! command line writes it.

pub mod chart;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod model;
pub mod xlsx;

use crate::analysis::ChainAnalysis;
use crate::analysis::diff::{Diff, Side};
use crate::analysis::dispatch::Dispatch;
use crate::analysis::monitor::Monitor;
use crate::analysis::trend::ChainTrend;
use crate::model::{Dataset, Lang, Month};
use crate::render::RenderError;
use crate::render::map::Fonts;
use crate::render::report::Files;
pub use model::{Bulletin, BulletinPart, Chart};

/// The comparison with the previous snapshot.
pub struct Since<'a> {
    /// How the bulletin names the copy compared with (`snapshots/2026-02`).
    pub label: String,
    pub old: Side<'a>,
    pub new: Side<'a>,
    pub diff: &'a Diff,
}

/// What the bulletin is made from.
pub struct BulletinInput<'a> {
    pub dataset: &'a Dataset,
    pub analyses: &'a [ChainAnalysis],
    /// The region's monitoring at the period; `None` without monthly data.
    pub monitor: Option<&'a Monitor>,
    pub dispatch: &'a Dispatch,
    /// Per chain, in chain order.
    pub trends: &'a [ChainTrend],
    /// `None` when there is no earlier snapshot.
    pub since: Option<Since<'a>>,
    pub period: Option<Month>,
    pub lang: Lang,
}

/// The file names of the bulletin, in its output directory.
pub const HTML: &str = "bulletin.html";
pub const MARKDOWN: &str = "bulletin.md";
pub const XLSX: &str = "bulletin.xlsx";
pub const DOCX: &str = "bulletin.docx";

/// Builds every file of the bulletin: the model once, then each format;
/// with `word`, the fonts to draw the trend charts' pictures with, the Word
/// document too.
///
/// # Errors
/// When the workbook cannot be built ([`RenderError::Xlsx`]), or the Word
/// document ([`RenderError::Docx`], [`RenderError::Map`] for a chart's picture).
pub fn build(input: &BulletinInput<'_>, word: Option<&Fonts>) -> Result<Files, RenderError> {
    let bulletin = Bulletin::new(input);
    let mut files = Files::new();
    files.insert(HTML.to_owned(), html::bulletin_html(&bulletin).into_bytes());
    files.insert(MARKDOWN.to_owned(), markdown::bulletin_markdown(&bulletin).into_bytes());
    files.insert(XLSX.to_owned(), xlsx::bulletin_xlsx(&bulletin)?);
    if let Some(fonts) = word {
        files.insert(DOCX.to_owned(), docx::bulletin_docx(&bulletin, fonts)?);
    }
    Ok(files)
}
