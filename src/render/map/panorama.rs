//! The panorama (产业链全景图), drawn the way chain offices draw their
//! chains: stage columns × segment rows, one box per link coloured by
//! status and listing its local firms, gap links flagged with the top
//! recruitment candidates for them, single-source links (单一来源, one
//! active firm) marked ① in the header's corner.
//!
//! ```text
//!  富硒食品产业链全景图
//!  完整度 62.5% · 能闭环 · …
//!        ▶ 上游        ▶ 中游        ▶ 下游          配套服务
//!  ┌──┬─────────────┬─────────────┬─────────────┐ ┌──────────┐
//!  │富│┌富硒茶种植①┐│┌茶叶加工──┐ │ …           │ │ …        │
//!  │硒││★ 某茶业   ││└───────────┘│             │ │          │
//!  │茶│└───────────┘│             │             │ │          │
//!  ├──┼─────────────┼─────────────┼─────────────┤ │          │
//!  │… │             │             │             │ │          │
//!  └──┴─────────────┴─────────────┴─────────────┘ └──────────┘
//!  legend
//! ```
//!
//! A grid needs no layout engine, so this works without Graphviz. Text is
//! measured by display width ([`text::width`]); long names wrap, nothing is
//! clipped.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::raster;
use super::svg::{Boxed, Span, Svg, TextStyle};
use super::text::{all_wide, clean, width, wrap, wrap_words};
use super::{
    MapData, MapError, MapFormat, MapOptions, SEGMENT_TINTS, STATUSES, chain_headline, gap_colour, link_firms,
    map_title, reading_order, stage_word, status_colours, status_word,
};
use crate::analysis::risk::Exposure;
use crate::analysis::{GapKind, LinkStatus};
use crate::model::lang::capitalized;
use crate::model::{Chain, ChainIdx, FirmStatus, Lang, LinkIdx, Role, Stage};

const MARGIN: f64 = 28.0;
const STAGE_HEADER: f64 = 40.0;
const COLUMN_GAP: f64 = 14.0;
/// The wider gap that sets 配套服务 apart from the chain proper.
const SUPPORT_GAP: f64 = 30.0;
const ROW_GAP: f64 = 10.0;
const CELL_PAD: f64 = 9.0;
const BOX_GAP: f64 = 9.0;
const BOX_PAD: f64 = 8.0;
const MIN_COLUMN: f64 = 210.0;
const MAX_COLUMN: f64 = 300.0;

const NAME_SIZE: f64 = 14.0;
const NAME_LINE: f64 = 19.0;
const TAG_SIZE: f64 = 11.5;
const STATS_SIZE: f64 = 11.5;
const FIRM_SIZE: f64 = 12.5;
const LINE: f64 = 18.0;
const MARK_WIDTH: f64 = 16.0;

const INK: &str = "#263238";
const MUTED: &str = "#607d8b";
const FAINT: &str = "#9e9e9e";
const LEADER: &str = "#b26a00";
const ABOVE_SCALE: &str = "#2e7d32";
const CANDIDATE: &str = "#1565c0";
/// The single-source mark: a white disc with a "1", in the header's corner.
const SOLE: &str = "#ad1457";
const SOLE_SIZE: f64 = 17.0;
const RULE: &str = "#cfd8dc";

/// One line inside a link box.
#[derive(Debug, Clone)]
enum Line {
    /// "3家 · 规上2 · 优先级 78".
    Stats(String),
    /// A firm: its mark, then its name (wrapped lines), then a note.
    Firm {
        mark: (&'static str, &'static str),
        name: Vec<String>,
        leader: bool,
        halted: bool,
        note: Option<(&'static str, &'static str)>,
    },
    /// "… 另 3 家".
    More(String),
    /// The dashed rule and heading above the candidates.
    CandidatesHeading,
    /// One candidate, wrapped.
    Candidate(Vec<String>),
}

impl Line {
    fn height(&self) -> f64 {
        match self {
            Line::Stats(_) | Line::More(_) => LINE,
            Line::Firm { name, .. } => LINE * name.len() as f64,
            Line::CandidatesHeading => LINE + 6.0,
            Line::Candidate(lines) => LINE * lines.len() as f64,
        }
    }
}

/// A link's box, measured.
#[derive(Debug, Clone)]
struct LinkBox {
    link: LinkIdx,
    status: LinkStatus,
    gap: Option<GapKind>,
    /// Held by one active firm: its halting breaks the link.
    single_source: bool,
    name: Vec<String>,
    lines: Vec<Line>,
}

impl LinkBox {
    fn header_height(&self) -> f64 {
        10.0 + NAME_LINE * self.name.len() as f64
    }
    fn height(&self) -> f64 {
        self.header_height() + BOX_PAD + self.lines.iter().map(Line::height).sum::<f64>() + BOX_PAD - 4.0
    }
}

fn tag_width(gap: Option<GapKind>, lang: Lang) -> f64 {
    gap.map_or(0.0, |g| width(&g.mark(lang), TAG_SIZE) + 12.0)
}

/// The room the header's marks take beside the name: the gap tag, the
/// single-source mark, and a gap between them.
fn marks_width(gap: Option<GapKind>, single_source: bool, lang: Lang) -> f64 {
    let tag = tag_width(gap, lang);
    if single_source { tag + SOLE_SIZE + if tag > 0.0 { 4.0 } else { 0.0 } } else { tag }
}

/// The width a link's box would like: its name and tag on one line, and its
/// longest firm or candidate line.
fn wanted_width(data: &MapData<'_>, chain: ChainIdx, link: LinkIdx, options: &MapOptions) -> f64 {
    let lang = options.lang;
    let name = data.dataset.chains[chain].links[link].display_name(lang);
    let a = &data.analyses[chain].links[link];
    let mut wanted =
        width(&clean(name), NAME_SIZE) + marks_width(a.gap, a.coverage.is_single_source(), lang) + 2.0 * BOX_PAD + 8.0;
    let (firms, _) = link_firms(data, chain, link, options.max_firms);
    for f in firms {
        wanted = wanted.max(width(&clean(f.name), FIRM_SIZE) + MARK_WIDTH + 2.0 * BOX_PAD + 30.0);
    }
    if let Some(names) = data.candidates.get(&(chain, link)) {
        for name in names {
            wanted = wanted.max(width(&clean(name), FIRM_SIZE) + MARK_WIDTH + 2.0 * BOX_PAD);
        }
    }
    // Slack: the measure is an estimate, and a box a little wide beats a wrap.
    wanted + 2.0 * CELL_PAD + 10.0
}

/// "1 firm", "3 firms".
pub(super) fn firms_en(n: usize) -> String {
    if n == 1 { "1 firm".to_owned() } else { format!("{n} firms") }
}

/// Lays out one link's box for a column of width `column`.
fn link_box(data: &MapData<'_>, chain: ChainIdx, link: LinkIdx, column: f64, options: &MapOptions) -> LinkBox {
    let lang = options.lang;
    let a = &data.analyses[chain].links[link];
    let inner = column - 2.0 * CELL_PAD - 2.0 * BOX_PAD;
    let single_source = a.coverage.is_single_source();
    let name = wrap(
        &clean(data.dataset.chains[chain].links[link].display_name(lang)),
        inner - marks_width(a.gap, single_source, lang) - 4.0,
        NAME_SIZE,
    );
    let mut lines = Vec::new();

    let all = &data.firms[chain][link];
    let firm = |f: &u32| data.dataset.firms.get(*f);
    let above = all.iter().filter(|f| firm(f).above_scale).count();
    let mut stats = match (all.is_empty(), lang) {
        (true, _) => lang.pick("暂无本地企业", "No local firms").to_owned(),
        (false, Lang::Zh) => format!("{}家 · 规上{above}", all.len()),
        (false, Lang::En) => format!("{} · {above} above scale", firms_en(all.len())),
    };
    if let Some(p) = &a.priority {
        let _ = write!(stats, " · {} {:.0}", lang.pick("优先级", "priority"), p.score);
    }
    lines.push(Line::Stats(stats));

    let (firms, more) = link_firms(data, chain, link, options.max_firms);
    for f in firms {
        let leader = f.role == Role::Leader;
        let mark = if leader {
            ("★", LEADER)
        } else if f.above_scale {
            ("●", ABOVE_SCALE)
        } else {
            ("○", MUTED)
        };
        let note = match f.status {
            FirmStatus::Halted => Some((lang.pick("停产", "halted"), FAINT)),
            FirmStatus::Reduced => Some((lang.pick("减产", "reduced"), "#e08a00")),
            FirmStatus::Operating => None,
        };
        let note_width = note.map_or(0.0, |(n, _)| width(n, FIRM_SIZE - 1.5) + 6.0);
        let name = wrap(&clean(f.name), inner - MARK_WIDTH - note_width, FIRM_SIZE);
        lines.push(Line::Firm { mark, name, leader, halted: !f.is_active(), note });
    }
    if more > 0 {
        lines.push(Line::More(match lang {
            Lang::Zh => format!("… 另 {more} 家"),
            Lang::En => format!("… {more} more"),
        }));
    }
    if a.gap.is_some()
        && let Some(names) = data.candidates.get(&(chain, link)).filter(|n| !n.is_empty())
    {
        lines.push(Line::CandidatesHeading);
        for n in names {
            lines.push(Line::Candidate(wrap(&clean(n), inner - MARK_WIDTH, FIRM_SIZE)));
        }
    }
    LinkBox { link, status: a.status, gap: a.gap, single_source, name, lines }
}

/// Draws a measured link box with its top-left corner at (x, y).
#[allow(clippy::many_single_char_names, reason = "x, y, w, h: geometry reads best short")]
#[allow(clippy::too_many_arguments, reason = "the box, where it goes, and the language")]
fn draw_box(svg: &mut Svg, data: &MapData<'_>, chain: ChainIdx, b: &LinkBox, x: f64, y: f64, w: f64, lang: Lang) {
    let colours = status_colours(b.status);
    let c = &data.dataset.chains[chain];
    let l = &c.links[b.link];
    let h = b.height();
    let hh = b.header_height();
    let mut title =
        format!("{} ({}) · {}", clean(c.links[b.link].display_name(lang)), l.id, status_word(b.status, lang));
    if b.single_source {
        let _ = write!(title, " · {}", capitalized(Exposure::SingleSource.label(lang)));
    }
    svg.group(&title);
    let missing = b.status == LinkStatus::Missing;
    svg.rect(x, y, w, h, Boxed::fill(colours.tint).radius(5.0));
    // The header: status colour, the link's name, its gap mark.
    svg.rect(x, y, w, hh, Boxed::fill(colours.main).radius(5.0));
    svg.rect(x, y + hh - 6.0, w, 6.0, Boxed::fill(colours.main));
    for (i, line) in b.name.iter().enumerate() {
        svg.text(
            x + BOX_PAD,
            y + 5.0 + NAME_LINE * (i as f64 + 0.78),
            line,
            TextStyle::new(NAME_SIZE, colours.on_main).bold(),
        );
    }
    if let Some(gap) = b.gap {
        let tw = tag_width(Some(gap), lang);
        let (tx, ty) = (x + w - BOX_PAD - tw, y + 7.0);
        svg.rect(tx, ty, tw, 17.0, Boxed::fill("#ffffff").radius(8.5));
        svg.text(tx + tw / 2.0, ty + 12.5, &gap.mark(lang), TextStyle::new(TAG_SIZE, gap_colour(gap)).middle().bold());
    }
    if b.single_source {
        // Left of the gap tag, or in the corner when there is none.
        sole_mark(svg, x + w - BOX_PAD - marks_width(b.gap, true, lang), y + 7.0);
    }
    svg.rect(
        x,
        y,
        w,
        h,
        Boxed::fill("none").stroke(colours.main, if missing { 1.8 } else { 1.3 }).radius(5.0).dashed(missing),
    );

    let left = x + BOX_PAD;
    let mut top = y + hh + BOX_PAD - 4.0;
    for line in &b.lines {
        let base = top + LINE * 0.72;
        match line {
            Line::Stats(text) => svg.text(left, base, text, TextStyle::new(STATS_SIZE, MUTED)),
            Line::Firm { mark, name, leader, halted, note } => {
                svg.text(left, base, mark.0, TextStyle::new(FIRM_SIZE - 1.0, mark.1));
                let fill = if *halted { FAINT } else { INK };
                let last = name.len() - 1;
                for (i, part) in name.iter().enumerate() {
                    let mut spans = vec![Span::new(part.clone(), fill).bold(*leader).strike(*halted)];
                    if i == last
                        && let Some((word, colour)) = note
                    {
                        spans.push(Span::new(format!(" {word}"), colour));
                    }
                    svg.spans(left + MARK_WIDTH, base + LINE * i as f64, FIRM_SIZE, &spans);
                }
            }
            Line::More(text) => svg.text(left + MARK_WIDTH, base, text, TextStyle::new(STATS_SIZE, MUTED)),
            Line::CandidatesHeading => {
                svg.line((left, top + 4.0), (x + w - BOX_PAD, top + 4.0), "#90caf9", 1.0, true);
                svg.text(
                    left,
                    base + 6.0,
                    lang.pick("拟招引目标", "Recruitment targets"),
                    TextStyle::new(STATS_SIZE, CANDIDATE).bold(),
                );
            }
            Line::Candidate(parts) => {
                svg.text(left, base, "▸", TextStyle::new(FIRM_SIZE, CANDIDATE));
                for (i, part) in parts.iter().enumerate() {
                    svg.text(left + MARK_WIDTH, base + LINE * i as f64, part, TextStyle::new(FIRM_SIZE, CANDIDATE));
                }
            }
        }
        top += line.height();
    }
    svg.end_group();
}

/// Draws the single-source mark with its top-left corner at (x, y).
fn sole_mark(svg: &mut Svg, x: f64, y: f64) {
    svg.rect(x, y, SOLE_SIZE, SOLE_SIZE, Boxed::fill("#ffffff").stroke(SOLE, 1.0).radius(SOLE_SIZE / 2.0));
    svg.text(x + SOLE_SIZE / 2.0, y + 12.5, "1", TextStyle::new(TAG_SIZE, SOLE).middle().bold());
}

/// A row of the grid: a segment, or the links of no segment.
struct Row {
    label: String,
    tint: &'static str,
    /// Per column, the links in reading order.
    cells: Vec<Vec<LinkIdx>>,
}

/// The columns of a chain: the three stages always, 配套服务 when the
/// chain has any.
fn columns(c: &Chain) -> Vec<Stage> {
    let mut stages = vec![Stage::Upstream, Stage::Midstream, Stage::Downstream];
    if c.links.iter().any(|l| l.stage == Stage::Support) {
        stages.push(Stage::Support);
    }
    stages
}

/// The rows of the grid: segments in the chain's order, then the links of
/// no segment; rows with no link are left out.
fn grid_rows(c: &Chain, stages: &[Stage], lang: Lang) -> Vec<Row> {
    let column_of = |stage: Stage| stages.iter().position(|&s| s == stage).expect("every stage has a column");
    let mut rows: Vec<Row> = c
        .segments
        .iter()
        .enumerate()
        .map(|(s, seg)| Row {
            label: clean(seg.display_name(lang)),
            tint: SEGMENT_TINTS[s % SEGMENT_TINTS.len()],
            cells: vec![Vec::new(); stages.len()],
        })
        .collect();
    let loose = rows.len();
    rows.push(Row {
        label: if c.segments.is_empty() { lang.pick("全链", "Whole chain") } else { lang.pick("通用", "Shared") }
            .to_owned(),
        tint: "#f3f5f6",
        cells: vec![Vec::new(); stages.len()],
    });
    for l in reading_order(c) {
        let link = &c.links[l];
        rows[link.segment.unwrap_or(loose)].cells[column_of(link.stage)].push(l);
    }
    rows.retain(|r| r.cells.iter().any(|cell| !cell.is_empty()));
    rows
}

/// The grid measured: column widths and places, the row header, every
/// box and every row's height.
struct Grid {
    widths: Vec<f64>,
    column_x: Vec<f64>,
    right: f64,
    header_width: f64,
    /// Row labels stacked one character a line (every label is Chinese).
    stacked: bool,
    /// Per row, per column, the measured boxes.
    boxes: Vec<Vec<Vec<LinkBox>>>,
    row_heights: Vec<f64>,
}

impl Grid {
    fn measure(data: &MapData<'_>, chain: ChainIdx, rows: &[Row], stages: &[Stage], options: &MapOptions) -> Self {
        // Column widths from what their boxes would like, within bounds.
        let widths: Vec<f64> = (0..stages.len())
            .map(|col| {
                rows.iter()
                    .flat_map(|r| r.cells[col].iter())
                    .map(|&l| wanted_width(data, chain, l, options))
                    .fold(MIN_COLUMN, f64::max)
                    .min(MAX_COLUMN)
            })
            .collect();
        // Row header: narrow with stacked characters when every label is Chinese.
        let stacked = rows.iter().all(|r| all_wide(&r.label));
        let header_width = if stacked {
            46.0
        } else {
            rows.iter().map(|r| width(&r.label, 14.0) + 16.0).fold(64.0, f64::max).min(150.0)
        };
        let boxes: Vec<Vec<Vec<LinkBox>>> = rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .enumerate()
                    .map(|(col, cell)| cell.iter().map(|&l| link_box(data, chain, l, widths[col], options)).collect())
                    .collect()
            })
            .collect();
        let row_heights: Vec<f64> = boxes
            .iter()
            .zip(rows)
            .map(|(cells, row)| {
                let tallest = cells
                    .iter()
                    .map(|cell| {
                        cell.iter().map(LinkBox::height).sum::<f64>() + BOX_GAP * cell.len().saturating_sub(1) as f64
                    })
                    .fold(0.0, f64::max);
                let label_needs = if stacked { 20.0 * row.label.chars().count() as f64 + 16.0 } else { 40.0 };
                (tallest + 2.0 * CELL_PAD).max(label_needs)
            })
            .collect();
        let mut column_x = Vec::with_capacity(stages.len());
        let mut x = MARGIN + header_width + 6.0;
        for (col, stage) in stages.iter().enumerate() {
            if *stage == Stage::Support {
                x += SUPPORT_GAP - COLUMN_GAP;
            }
            column_x.push(x);
            x += widths[col] + COLUMN_GAP;
        }
        Self { widths, column_x, right: x - COLUMN_GAP, header_width, stacked, boxes, row_heights }
    }
}

/// The most pixels a panorama's PNG may have at one pixel per SVG unit.
/// Beyond that the PNG would have to be drawn smaller than the SVG itself,
/// and its text would no longer read; a 10,000-link chain's panorama
/// (over 600,000 units tall) ran out of memory before this guard.
pub const MAX_PNG_AREA: f64 = raster::MAX_PIXELS;

/// The longest side of a PDF page in points: 200 inches, the most PDF
/// readers (Acrobat among them) open.
pub const MAX_PDF_SIDE: f64 = 14_400.0;

/// The panorama's title and the headline under it.
fn title_and_headline(data: &MapData<'_>, chain: ChainIdx, options: &MapOptions) -> (String, String) {
    let lang = options.lang;
    let c = &data.dataset.chains[chain];
    let subject = match lang {
        Lang::Zh => format!("{}全景图", clean(&c.name)),
        Lang::En => format!("{} · panorama", clean(c.display_name(lang))),
    };
    (map_title(data, &subject, options), chain_headline(&data.analyses[chain], lang))
}

fn total_width(grid: &Grid, title: &str, headline: &str) -> f64 {
    (grid.right + MARGIN).max(MARGIN * 2.0 + width(title, 26.0)).max(MARGIN * 2.0 + width(headline, 14.0))
}

/// The size of the panorama in SVG units, measured without drawing it
/// (the legend, whose lines wrap, is drawn into a scratch picture).
#[must_use]
pub fn size(data: &MapData<'_>, chain: ChainIdx, options: &MapOptions) -> (f64, f64) {
    let c = &data.dataset.chains[chain];
    let stages = columns(c);
    let rows = grid_rows(c, &stages, options.lang);
    let grid = Grid::measure(data, chain, &rows, &stages, options);
    let (title, headline) = title_and_headline(data, chain, options);
    let w = total_width(&grid, &title, &headline);
    // Added up in the order `write_svg` adds it, so the sums agree exactly.
    let mut y = MARGIN + 76.0 + STAGE_HEADER + 10.0;
    for rh in &grid.row_heights {
        y += rh + ROW_GAP;
    }
    y += 8.0;
    y += 26.0;
    let mut scratch = Svg::new();
    let bottom = draw_legend(&mut scratch, MARGIN, y, w - MARGIN, data.candidates.is_empty(), options.lang);
    (w, bottom + MARGIN)
}

/// Refuses, before drawing, a panorama too big for `format` (PNG or PDF):
/// a PNG that would have to be drawn below one pixel per unit, a PDF page
/// longer than PDF readers open.
pub fn check_size(
    data: &MapData<'_>,
    chain: ChainIdx,
    format: MapFormat,
    options: &MapOptions,
) -> Result<(), MapError> {
    let (w, h) = size(data, chain, options);
    let too_big = |limit: String| MapError::PanoramaTooBig {
        chain: data.dataset.chains[chain].id.clone(),
        links: data.dataset.chains[chain].links.len(),
        width: w,
        height: h,
        format: if format == MapFormat::Png { "PNG" } else { "PDF" },
        limit,
    };
    match format {
        MapFormat::Png if w * h > MAX_PNG_AREA => {
            Err(too_big(format!("at most {:.0} million pixels at one pixel per unit", MAX_PNG_AREA / 1e6)))
        }
        MapFormat::Pdf if w.max(h) > MAX_PDF_SIDE => {
            Err(too_big(format!("a page at most {MAX_PDF_SIDE:.0} points on a side, which PDF readers open")))
        }
        _ => Ok(()),
    }
}

/// Writes the panorama of one chain as SVG.
pub fn write_svg(out: &mut dyn Write, data: &MapData<'_>, chain: ChainIdx, options: &MapOptions) -> io::Result<()> {
    let lang = options.lang;
    let c = &data.dataset.chains[chain];
    let stages = columns(c);
    let rows = grid_rows(c, &stages, lang);
    let grid = Grid::measure(data, chain, &rows, &stages, options);

    let (title, headline) = title_and_headline(data, chain, options);
    let total_width = total_width(&grid, &title, &headline);

    let mut svg = Svg::new();
    // Title block.
    svg.text(MARGIN, MARGIN + 26.0, &title, TextStyle::new(26.0, INK).bold());
    svg.text(MARGIN, MARGIN + 52.0, &headline, TextStyle::new(14.0, "#37474f"));
    svg.line((MARGIN, MARGIN + 64.0), (total_width - MARGIN, MARGIN + 64.0), RULE, 1.0, false);

    let header_y = MARGIN + 76.0;
    stage_headers(&mut svg, &stages, &grid, header_y, lang);

    // The grid.
    let mut y = header_y + STAGE_HEADER + 10.0;
    for (r, row) in rows.iter().enumerate() {
        let rh = grid.row_heights[r];
        row_header(&mut svg, row, &grid, y, rh, lang);
        for (col, cell) in grid.boxes[r].iter().enumerate() {
            let (x0, w) = (grid.column_x[col], grid.widths[col]);
            svg.rect(x0, y, w, rh, Boxed::fill(row.tint).stroke("#dde3e7", 1.0).radius(4.0));
            let mut by = y + CELL_PAD;
            for b in cell {
                draw_box(&mut svg, data, chain, b, x0 + CELL_PAD, by, w - 2.0 * CELL_PAD, lang);
                by += b.height() + BOX_GAP;
            }
        }
        y += rh + ROW_GAP;
    }

    // Legend.
    y += 8.0;
    svg.line((MARGIN, y), (total_width - MARGIN, y), RULE, 1.0, false);
    y += 26.0;
    let legend_bottom = draw_legend(&mut svg, MARGIN, y, total_width - MARGIN, data.candidates.is_empty(), lang);
    let total_height = legend_bottom + MARGIN;
    // The size guard measures without drawing; it must measure what is drawn.
    debug_assert_eq!(size(data, chain, options), (total_width, total_height), "panorama::size is out of step");
    let doc = svg.finish(total_width, total_height, &title);
    out.write_all(doc.as_bytes())
}

/// Stage headers at `y0`: chevrons for the chain, a plain bar for 配套服务.
fn stage_headers(svg: &mut Svg, stages: &[Stage], grid: &Grid, y0: f64, lang: Lang) {
    let blues = ["#1565c0", "#1e77d0", "#2b89de"];
    let h = STAGE_HEADER;
    for (col, stage) in stages.iter().enumerate() {
        let (x0, w) = (grid.column_x[col], grid.widths[col]);
        if *stage == Stage::Support {
            svg.rect(x0, y0, w, h, Boxed::fill("#78909c").radius(4.0));
        } else {
            let notch = if col == 0 { 0.0 } else { 12.0 };
            svg.polygon(
                &[
                    (x0, y0),
                    (x0 + w + 2.0, y0),
                    (x0 + w + 14.0, y0 + h / 2.0),
                    (x0 + w + 2.0, y0 + h),
                    (x0, y0 + h),
                    (x0 + notch, y0 + h / 2.0),
                ],
                blues[col.min(2)],
            );
        }
        svg.text(
            x0 + w / 2.0,
            y0 + h / 2.0 + 6.0,
            &stage_word(*stage, lang),
            TextStyle::new(17.0, "#ffffff").middle().bold(),
        );
    }
}

/// A row's header at `y`, `rh` high: its label stacked one character a
/// line, or wrapped.
fn row_header(svg: &mut Svg, row: &Row, grid: &Grid, y: f64, rh: f64, lang: Lang) {
    let header_width = grid.header_width;
    svg.rect(MARGIN, y, header_width, rh, Boxed::fill("#455a64").radius(4.0));
    if grid.stacked {
        let n = row.label.chars().count() as f64;
        let first = y + rh / 2.0 - 20.0 * n / 2.0 + 15.0;
        for (i, ch) in row.label.chars().enumerate() {
            svg.text(
                MARGIN + header_width / 2.0,
                first + 20.0 * i as f64,
                &ch.to_string(),
                TextStyle::new(16.0, "#ffffff").middle().bold(),
            );
        }
    } else {
        let lines = match lang {
            Lang::Zh => wrap(&row.label, header_width - 12.0, 14.0),
            Lang::En => wrap_words(&row.label, header_width - 12.0, 14.0),
        };
        let first = y + rh / 2.0 - 18.0 * lines.len() as f64 / 2.0 + 13.0;
        for (i, line) in lines.iter().enumerate() {
            svg.text(
                MARGIN + header_width / 2.0,
                first + 18.0 * i as f64,
                line,
                TextStyle::new(14.0, "#ffffff").middle().bold(),
            );
        }
    }
}

/// Draws the legend as a flow of items from (x, y), wrapping at `right`;
/// returns the bottom of the last line.
fn draw_legend(svg: &mut Svg, left: f64, y: f64, right: f64, no_candidates: bool, lang: Lang) -> f64 {
    enum Item {
        Status(LinkStatus),
        Gap(GapKind),
        Mark(&'static str, &'static str, &'static str),
        Halted,
        SingleSource,
    }
    let mut items: Vec<Item> = STATUSES.iter().map(|&s| Item::Status(s)).collect();
    items.extend(GapKind::ALL.iter().copied().map(Item::Gap));
    items.extend([
        Item::Mark("★", LEADER, lang.pick("链主/龙头", "Chain leader")),
        Item::Mark("●", ABOVE_SCALE, lang.pick("规上企业", "Above-scale firm")),
        Item::Mark("○", MUTED, lang.pick("其他企业", "Other firm")),
        Item::Halted,
        Item::SingleSource,
    ]);
    if !no_candidates {
        items.push(Item::Mark(
            "▸",
            CANDIDATE,
            lang.pick("拟招引目标 (各缺口环节前几名)", "Recruitment targets (the best few per gap link)"),
        ));
    }
    let explain = |s: LinkStatus| {
        let meaning = match s {
            LinkStatus::Strong => {
                lang.pick("有在产链主, 或在产规上企业达标", "an active leader, or enough active above-scale firms")
            }
            LinkStatus::Weak => lang.pick("有在产企业, 未达较强", "active firms, but not strong"),
            LinkStatus::Missing => lang.pick("无在产本地企业", "no active local firm"),
        };
        format!("{}: {meaning}", status_word(s, lang))
    };
    let (firm_word, halted_word) = (lang.pick("某企业", "A firm"), lang.pick(" 停产", " halted"));
    let sole = format!(
        "{}: {}",
        capitalized(Exposure::SingleSource.label(lang)),
        lang.pick("仅一家在产企业", "one active firm")
    );
    let (mut x, mut y) = (left, y);
    let size = 12.5;
    for item in &items {
        let w = match item {
            Item::Status(s) => 30.0 + width(&explain(*s), size),
            Item::Gap(g) => tag_width(Some(*g), lang) + 4.0,
            Item::Mark(_, _, label) => 18.0 + width(label, size),
            Item::Halted => width(&format!("{firm_word}{halted_word}"), size),
            Item::SingleSource => SOLE_SIZE + 6.0 + width(&sole, size),
        } + 18.0;
        if x + w > right && x > left {
            x = left;
            y += 26.0;
        }
        match item {
            Item::Status(s) => {
                let colours = status_colours(*s);
                let missing = *s == LinkStatus::Missing;
                svg.rect(
                    x,
                    y - 12.0,
                    22.0,
                    15.0,
                    Boxed::fill(colours.tint).stroke(colours.main, 1.5).radius(3.0).dashed(missing),
                );
                svg.rect(x, y - 12.0, 22.0, 5.0, Boxed::fill(colours.main));
                svg.text(x + 30.0, y, &explain(*s), TextStyle::new(size, INK));
            }
            Item::Gap(g) => {
                let tw = tag_width(Some(*g), lang);
                svg.rect(x, y - 13.0, tw, 17.0, Boxed::fill("#ffffff").stroke(gap_colour(*g), 1.0).radius(8.5));
                svg.text(x + tw / 2.0, y, &g.mark(lang), TextStyle::new(TAG_SIZE, gap_colour(*g)).middle().bold());
            }
            Item::Mark(mark, colour, label) => {
                svg.text(x, y, mark, TextStyle::new(size, colour));
                svg.text(x + 18.0, y, label, TextStyle::new(size, INK));
            }
            Item::Halted => {
                svg.spans(x, y, size, &[Span::new(firm_word, FAINT).strike(true), Span::new(halted_word, FAINT)]);
            }
            Item::SingleSource => {
                sole_mark(svg, x, y - 13.0);
                svg.text(x + SOLE_SIZE + 6.0, y, &sole, TextStyle::new(size, INK));
            }
        }
        x += w;
    }
    draw_gap_notes(svg, left, y, right, lang)
}

/// Below the legend: what each gap mark means, wrapped at `right`;
/// returns the bottom of the last line.
fn draw_gap_notes(svg: &mut Svg, left: f64, mut y: f64, right: f64, lang: Lang) -> f64 {
    // What each mark means; kinds that share a label (the two 延链) share a line.
    let mut groups: Vec<(&str, Vec<String>, &str)> = Vec::new();
    for &g in GapKind::ALL {
        match groups.last_mut() {
            Some((label, marks, _)) if *label == g.label(lang) => marks.push(g.mark(lang)),
            _ => groups.push((g.label(lang), vec![g.mark(lang)], g.meaning(lang))),
        }
    }
    let mut parts: Vec<String> = groups.iter().map(|(_, marks, m)| format!("{}: {m}", marks.join(" / "))).collect();
    parts.push(lang.pick("优先级 0–100, 越高越先补", "priority 0–100, highest first").to_owned());
    let note = parts.join(" · ");
    for line in wrap(&note, right - left, 11.5) {
        y += 20.0;
        svg.text(left, y, &line, TextStyle::new(11.5, MUTED));
    }
    y
}
