//! Chain maps (产业链图谱): the flow map through Graphviz, the panorama
//! (产业链全景图) and the region overview drawn natively as SVG, and the
//! raster and PDF forms of each.
//!
//! | view | DOT | SVG | PNG | PDF |
//! |---|---|---|---|---|
//! | flow | [`flow::write_dot`] | `dot -Tsvg` | `dot` SVG → resvg | `dot` SVG → krilla |
//! | panorama | — | [`panorama::write_svg`] | resvg | krilla |
//! | overview | — | [`overview::write_svg`] | resvg | krilla |
//!
//! The renderers take plain inputs ([`MapData`]) and write bytes; nothing
//! here prints. Output depends only on the data (and, for PNG and PDF, the
//! fonts installed), never on time or thread count.

pub mod flow;
pub mod graphviz;
pub mod lanes;
pub mod overview;
pub mod panorama;
pub mod raster;
pub mod svg;
pub mod text;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::analysis::condensed::Condensed;
use crate::analysis::status::firms_by_link;
use crate::analysis::{ChainAnalysis, GapKind, LinkStatus};
use crate::model::lang::capitalized;
use crate::model::{Chain, ChainIdx, Dataset, FirmIdx, FirmRef, Lang, LinkIdx, Month, Stage};
use crate::render::status_counts;

pub use raster::Fonts;

/// The font stack of every map: the common CJK sans-serif fonts of Linux,
/// Windows and macOS, then the generic family.
pub const FONT_STACK: &str =
    "Noto Sans CJK SC,Source Han Sans SC,WenQuanYi Micro Hei,Microsoft YaHei,PingFang SC,sans-serif";

/// Which picture of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum View {
    /// 供给关系图: links and supply edges, laid out by Graphviz.
    Flow,
    /// 产业链全景图: stage columns × segment rows, firms listed per link.
    Panorama,
    /// 总览: every chain at once, a chain × stage matrix.
    Overview,
}

impl View {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            View::Flow => "flow",
            View::Panorama => "panorama",
            View::Overview => "overview",
        }
    }

    /// The file a map of this view is written to, by `chainmap map` into a
    /// directory and by the report into `maps/`: `<chain-id>.<view>.<ext>`,
    /// or `overview.<ext>` for the overview, which has no chain. The dot
    /// keeps the chain id apart from the view: chain ids are slugs and hold
    /// hyphens (`nev-flow` and `nev` must not meet in one name), never dots.
    #[must_use]
    pub fn file_name(self, chain_id: &str, format: MapFormat) -> String {
        match self {
            View::Overview => format!("overview.{}", format.extension()),
            _ => format!("{chain_id}.{}.{}", self.as_str(), format.extension()),
        }
    }
}

/// The file format of a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MapFormat {
    Dot,
    Svg,
    Png,
    Pdf,
}

impl MapFormat {
    /// The file extension, which is also the format's name.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            MapFormat::Dot => "dot",
            MapFormat::Svg => "svg",
            MapFormat::Png => "png",
            MapFormat::Pdf => "pdf",
        }
    }
}

/// Why a map could not be made.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    #[error("the {view} view has no {format} form; use svg, png or pdf (DOT is for the flow view only)")]
    Unsupported { view: &'static str, format: &'static str },
    #[error(
        "the Graphviz `dot` program is not installed, and {format} output of the flow map needs it; install the \
         `graphviz` package (apt-get install graphviz, brew install graphviz, or https://graphviz.org/download/), \
         or ask for `--format dot`, or use `--view panorama`, which needs no Graphviz"
    )]
    DotMissing { format: &'static str },
    #[error(
        "Graphviz `dot` did not lay out the flow map of chain `{chain}` within {limit:?} and was stopped; draw \
         this chain with `--view panorama` (no Graphviz needed), split it into smaller chains, or allow more time \
         with CHAINMAP_DOT_TIMEOUT=SECONDS (0 for no limit)"
    )]
    DotTimeout { chain: String, limit: std::time::Duration },
    #[error(
        "the flow map of chain `{chain}` has {links} links, more than the {most} Graphviz lays out within the \
         time limit of {limit:?} (its time grows with the fourth power of the links), so it was not started; draw \
         this chain with `--view panorama` (no Graphviz needed), split it into smaller chains (one per segment), \
         write `--format dot` and lay it out yourself, or allow more time with CHAINMAP_DOT_TIMEOUT=SECONDS \
         (0 for no limit)"
    )]
    FlowTooBig { chain: String, links: usize, most: usize, limit: std::time::Duration },
    #[error(
        "the panorama of chain `{chain}` ({links} links) would be {width:.0} × {height:.0} units, too big for \
         {format} ({limit}), so it was not drawn; write it as SVG (`--format svg`), which has no size limit, or \
         draw fewer links at once: split the chain into smaller chains (one per segment) and draw each with \
         `--chain`"
    )]
    PanoramaTooBig { chain: String, links: usize, width: f64, height: f64, format: &'static str, limit: String },
    #[error(
        "Graphviz `dot` failed ({status}): {stderr}; check that `dot -V` works (reinstall Graphviz if it does not), \
         or write the DOT with `--format dot` and lay it out yourself"
    )]
    DotFailed { status: String, stderr: String },
    // The cause is in the message, so it is not passed on as a source too.
    #[error("could not run Graphviz `dot`: {0}; check that the `dot` on your PATH is Graphviz and runs (`dot -V`)")]
    DotIo(std::io::Error),
    #[error(
        "could not read the SVG back for rendering: {0}; write the map with `--format svg` and open it in a \
         browser to see what is wrong"
    )]
    Svg(String),
    #[error("could not make the PNG: {0}; try a smaller `--scale`, or `--format svg`")]
    Png(String),
    #[error("could not make the PDF: {0}; try `--format svg` or `--format png`")]
    Pdf(String),
}

/// What the maps are drawn from, prepared once for all chains.
#[derive(Debug, Clone)]
pub struct MapData<'a> {
    pub dataset: &'a Dataset,
    /// In chain order, as `analysis::analyze` returns them.
    pub analyses: &'a [ChainAnalysis],
    /// Per chain, per link: the local firms there, leaders first, then by
    /// role and name.
    pub firms: Vec<Vec<Vec<FirmIdx>>>,
    /// Per gap link (chain, link): display names of the top recruitment
    /// candidates for it, best first.
    pub candidates: &'a BTreeMap<(ChainIdx, LinkIdx), Vec<String>>,
}

impl<'a> MapData<'a> {
    #[must_use]
    pub fn new(
        dataset: &'a Dataset,
        analyses: &'a [ChainAnalysis],
        candidates: &'a BTreeMap<(ChainIdx, LinkIdx), Vec<String>>,
    ) -> Self {
        let mut firms = firms_by_link(dataset);
        // A chain at a time on every core: a province's 2 million places
        // took a second on one.
        firms.par_iter_mut().for_each(|links| {
            for at_link in links {
                at_link.sort_by(|&a, &b| {
                    let (fa, fb) = (dataset.firms.get(a), dataset.firms.get(b));
                    fa.role.cmp(&fb.role).then_with(|| fa.name.cmp(fb.name)).then_with(|| fa.id.cmp(fb.id))
                });
            }
        });
        Self { dataset, analyses, firms, candidates }
    }
}

/// The firms to list at a link (at most `max`, leaders first) and how many
/// more there are.
#[must_use]
pub fn link_firms<'d>(data: &MapData<'d>, chain: ChainIdx, link: LinkIdx, max: usize) -> (Vec<FirmRef<'d>>, usize) {
    let all = &data.firms[chain][link];
    let shown = all.iter().take(max).map(|&f| data.dataset.firms.get(f)).collect();
    (shown, all.len().saturating_sub(max))
}

/// The reading order of a chain's links: by depth along the supply edges
/// (longest path from a source, cycles collapsed), then by id. Upstream
/// links of a segment come before the links they supply.
#[must_use]
pub fn reading_order(chain: &Chain) -> Vec<LinkIdx> {
    let condensed = Condensed::new(&chain.graph);
    let mut depth = vec![0usize; condensed.members.len()];
    for c in 0..condensed.members.len() {
        depth[c] = condensed.predecessors[c].iter().map(|&p| depth[p] + 1).max().unwrap_or(0);
    }
    let mut order: Vec<LinkIdx> = (0..chain.links.len()).collect();
    order.sort_by_key(|&l| (depth[condensed.component[l]], l));
    order
}

/// Options shared by the views.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapOptions {
    /// Flow view: list the local firms in each link's box.
    pub firms: bool,
    /// The most firms listed in one link's box (the rest are counted).
    pub max_firms: usize,
    /// PNG pixels per SVG unit.
    pub png_scale: f32,
    /// The language of the fixed words and of chain, segment and link names
    /// (`name_en` in English, when there is one). Firm names stay as they are.
    pub lang: Lang,
    /// How long Graphviz may take to lay out a flow map; `None`: no limit.
    pub dot_timeout: Option<std::time::Duration>,
    /// The period the map shows (报告期), in its title; `None` when the data
    /// names none (see `analysis::period`).
    pub period: Option<Month>,
}

impl Default for MapOptions {
    fn default() -> Self {
        Self {
            firms: false,
            max_firms: 8,
            png_scale: raster::PNG_SCALE,
            lang: Lang::Zh,
            dot_timeout: Some(graphviz::DOT_TIMEOUT),
            period: None,
        }
    }
}

/// The column word of a stage: its label, capitalised (上游 / Upstream, …,
/// 配套服务 / Support services).
#[must_use]
pub fn stage_word(stage: Stage, lang: Lang) -> String {
    capitalized(stage.label(lang))
}

/// Colours of one link status: strong is green, weak amber, missing red.
#[derive(Debug, Clone, Copy)]
pub struct StatusColours {
    /// Strong colour: headers, borders, bars.
    pub main: &'static str,
    /// Pale tint: box backgrounds.
    pub tint: &'static str,
    /// Text on `main`.
    pub on_main: &'static str,
}

/// The colours of a status, the same in every view.
#[must_use]
pub fn status_colours(status: LinkStatus) -> StatusColours {
    match status {
        LinkStatus::Strong => StatusColours { main: "#2e7d32", tint: "#edf7ee", on_main: "#ffffff" },
        LinkStatus::Weak => StatusColours { main: "#e08a00", tint: "#fff6e0", on_main: "#ffffff" },
        LinkStatus::Missing => StatusColours { main: "#c62828", tint: "#fdeeee", on_main: "#ffffff" },
    }
}

pub use crate::render::STATUSES;

/// The legend word of a status: its label, capitalised (较强 / 薄弱 / 缺失,
/// Strong / Weak / Missing).
#[must_use]
pub fn status_word(status: LinkStatus, lang: Lang) -> String {
    capitalized(status.label(lang))
}

/// The colour of a gap kind's mark.
#[must_use]
pub fn gap_colour(gap: GapKind) -> &'static str {
    match gap {
        GapKind::Bridge => "#b71c1c",
        GapKind::ExtendDownstream | GapKind::ExtendUpstream => "#6a1b9a",
        GapKind::Isolated => "#546e7a",
        GapKind::Strengthen => "#a15c00",
    }
}

/// Stage columns in reading order, left to right, 配套服务 last.
pub const STAGES: [Stage; 4] = [Stage::Upstream, Stage::Midstream, Stage::Downstream, Stage::Support];

/// Pale background colours for segments (子链), by segment index.
pub const SEGMENT_TINTS: [&str; 6] = ["#eef4fb", "#f3eefa", "#eef8f6", "#fbf3ea", "#f7eef3", "#f0f3e8"];

/// "62.5%".
#[must_use]
pub fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A map's title: the region's name, what the map shows, and the period,
/// so a printed map says whose it is and when: `安康市富硒食品产业链全景图（2026年3月）`,
/// `Ankang: Selenium-rich food · panorama (March 2026)`. The region's name
/// is left out when the dataset gives none, and the period when the data
/// names none.
#[must_use]
pub fn map_title(data: &MapData<'_>, subject: &str, options: &MapOptions) -> String {
    let lang = options.lang;
    let region = data.dataset.region.display_name(lang).map(text::clean).unwrap_or_default();
    let region = region.trim();
    let period = options.period.map(|p| p.words(lang));
    match (lang, period) {
        (Lang::Zh, Some(p)) => format!("{region}{subject}（{p}）"),
        (Lang::Zh, None) => format!("{region}{subject}"),
        (Lang::En, period) => {
            let title = if region.is_empty() { capitalized(subject) } else { format!("{region}: {subject}") };
            match period {
                Some(p) => format!("{title} ({p})"),
                None => title,
            }
        }
    }
}

/// The headline of a chain: completeness, closed loop, link counts.
#[must_use]
pub fn chain_headline(analysis: &ChainAnalysis, lang: Lang) -> String {
    let counts = status_counts(&analysis.links, lang);
    match lang {
        Lang::Zh => format!(
            "完整度 {} · {} · 环节 {} 个: {counts}",
            percent(analysis.completeness),
            if analysis.closed_loop { "能闭环" } else { "未闭环" },
            analysis.links.len(),
        ),
        Lang::En => format!(
            "Completeness {} · {} · {} links: {counts}",
            percent(analysis.completeness),
            if analysis.closed_loop { "closed loop" } else { "no closed loop" },
            analysis.links.len(),
        ),
    }
}

/// Renders one map to bytes in the given format.
///
/// `chain` is required for the flow and panorama views and ignored by the
/// overview. `fonts` is needed for PNG and PDF; load it once with
/// [`Fonts::system`] when rendering many maps.
pub fn render(
    data: &MapData<'_>,
    view: View,
    chain: ChainIdx,
    format: MapFormat,
    options: &MapOptions,
    fonts: &Fonts,
) -> Result<Vec<u8>, MapError> {
    let mut svg = Vec::new();
    match view {
        View::Flow => {
            if format != MapFormat::Dot {
                flow::check_size(&data.dataset.chains[chain], options.dot_timeout)?;
            }
            let mut dot = Vec::new();
            flow::write_dot(&mut dot, data, chain, options).expect("writing to memory");
            if format == MapFormat::Dot {
                return Ok(dot);
            }
            let id = &data.dataset.chains[chain].id;
            svg = graphviz::run_dot(&dot, "svg", format.extension(), id, options.dot_timeout)?;
        }
        View::Panorama | View::Overview if format == MapFormat::Dot => {
            return Err(MapError::Unsupported { view: view.as_str(), format: "DOT" });
        }
        View::Panorama => {
            if matches!(format, MapFormat::Png | MapFormat::Pdf) {
                panorama::check_size(data, chain, format, options)?;
            }
            panorama::write_svg(&mut svg, data, chain, options).expect("writing to memory");
        }
        View::Overview => overview::write_svg(&mut svg, data, options).expect("writing to memory"),
    }
    match format {
        MapFormat::Dot => unreachable!("handled above"),
        MapFormat::Svg => Ok(svg),
        MapFormat::Png => raster::svg_to_png(&svg, fonts, options.png_scale),
        MapFormat::Pdf => raster::svg_to_pdf(&svg, fonts),
    }
}

/// The best `n` recruitment targets of each gap link, by display name, for
/// the panorama's 拟招引目标.
#[must_use]
pub fn top_candidates(
    dataset: &Dataset,
    targets: &crate::analysis::Targets,
    n: usize,
) -> BTreeMap<(ChainIdx, LinkIdx), Vec<String>> {
    crate::analysis::targets::top_per_link(targets, n)
        .into_iter()
        .map(|(key, list)| (key, list.into_iter().map(|c| text::clean(dataset.candidates.get(c).name)).collect()))
        .collect()
}
