//! The region overview (产业链总览): every chain at once, as a chain ×
//! stage matrix. Each cell is a bar of the stage's links by status (较强,
//! 薄弱, 缺失, with counts); each row carries the chain's completeness and
//! whether it closes the loop, and counts its gaps by kind.
//!
//! ```text
//!  产业链          完整度        闭环   上游        中游      下游      配套服务   缺口
//!  富硒食品产业链  ████░░ 49.8%  能     [██3|█2|█4] [ … ]     [ … ]     [ … ]      补链 3 · 延链 6 · 强链 8
//! ```

use std::io::{self, Write};

use super::svg::{Boxed, Svg, TextStyle};
use super::text::{clean, width};
use super::{MapData, MapOptions, STAGES, STATUSES, map_title, percent, stage_word, status_colours, status_word};
use crate::analysis::{ChainAnalysis, GapKind, LinkStatus};
use crate::model::lang::capitalized;
use crate::model::{Chain, Lang, Stage};
use crate::render::status_counts;

const MARGIN: f64 = 28.0;
const ROW: f64 = 46.0;
const HEAD: f64 = 34.0;
const BAR: f64 = 22.0;
const STAGE_COLUMN: f64 = 170.0;
const COMPLETENESS_COLUMN: f64 = 190.0;
const LOOP_COLUMN: f64 = 64.0;
const INK: &str = "#263238";
const MUTED: &str = "#607d8b";

/// Gap kinds counted in the last column by their labels, so kinds that
/// share one count together (延链 counts both directions).
fn gap_summary(links: &[crate::analysis::LinkAnalysis], lang: Lang) -> String {
    let mut parts: Vec<(&str, usize)> = Vec::new();
    for kind in GapKind::ALL {
        let n = links.iter().filter(|l| l.gap == Some(*kind)).count();
        match parts.iter_mut().find(|(label, _)| *label == kind.label(lang)) {
            Some((_, count)) => *count += n,
            None => parts.push((kind.label(lang), n)),
        }
    }
    let words: Vec<String> =
        parts.iter().filter(|(_, n)| *n > 0).map(|(w, n)| format!("{} {n}", capitalized(w))).collect();
    if words.is_empty() { lang.pick("无缺口", "No gaps").to_owned() } else { words.join(" · ") }
}

/// Where the table's columns start; the name, stage and gap columns fit
/// their text.
struct Columns {
    name: f64,
    stage: f64,
    gap: f64,
    x_complete: f64,
    x_loop: f64,
    x_stage: f64,
    x_gaps: f64,
    right: f64,
}

impl Columns {
    fn new(data: &MapData<'_>, gap_texts: &[String], gaps_head: &str, lang: Lang) -> Self {
        let chains = &data.dataset.chains;
        let name = chains.iter().map(|c| width(&clean(c.display_name(lang)), 15.0)).fold(120.0, f64::max) + 24.0;
        let gap = gap_texts.iter().map(|t| width(t, 13.0)).fold(width(gaps_head, 14.0), f64::max) + 24.0;
        // The stage columns: wide enough for their headings (配套服务 is long in English).
        let stage = STAGES.iter().map(|&s| width(&stage_word(s, lang), 14.0) + 24.0).fold(STAGE_COLUMN, f64::max);
        let x_complete = MARGIN + name;
        let x_loop = x_complete + COMPLETENESS_COLUMN;
        let x_stage = x_loop + LOOP_COLUMN;
        let x_gaps = x_stage + stage * STAGES.len() as f64;
        Self { name, stage, gap, x_complete, x_loop, x_stage, x_gaps, right: x_gaps + gap }
    }
}

/// The overview's title and its headline of region-wide counts.
fn title_and_headline(data: &MapData<'_>, options: &MapOptions) -> (String, String) {
    let lang = options.lang;
    let title = map_title(data, lang.pick("重点产业链总览", "key industrial chains, overview"), options);
    let all = || data.analyses.iter().flat_map(|a| a.links.iter());
    let mean = if data.analyses.is_empty() {
        0.0
    } else {
        data.analyses.iter().map(|a| a.completeness).sum::<f64>() / data.analyses.len() as f64
    };
    let (n_chains, n_links, n_closed) =
        (data.dataset.chains.len(), all().count(), data.analyses.iter().filter(|a| a.closed_loop).count());
    let (counts, mean) = (status_counts(all(), lang), percent(mean));
    let headline = match lang {
        Lang::Zh => {
            format!("产业链 {n_chains} 条 · 环节 {n_links} 个: {counts} · 平均完整度 {mean} · 能闭环 {n_closed} 条")
        }
        Lang::En => format!(
            "{n_chains} chains · {n_links} links: {counts} · mean completeness {mean} · {n_closed} with a closed loop"
        ),
    };
    (title, headline)
}

/// Writes the overview of every chain as SVG.
pub fn write_svg(out: &mut dyn Write, data: &MapData<'_>, options: &MapOptions) -> io::Result<()> {
    let lang = options.lang;
    let chains = &data.dataset.chains;
    let gap_texts: Vec<String> = data.analyses.iter().map(|a| gap_summary(&a.links, lang)).collect();
    let gaps_head = lang.pick("缺口环节", "Gap links");
    let cols = Columns::new(data, &gap_texts, gaps_head, lang);
    let (title, headline) = title_and_headline(data, options);
    let total_width = (cols.right + MARGIN).max(MARGIN * 2.0 + width(&headline, 14.0));

    let mut svg = Svg::new();
    svg.text(MARGIN, MARGIN + 26.0, &title, TextStyle::new(26.0, INK).bold());
    svg.text(MARGIN, MARGIN + 52.0, &headline, TextStyle::new(14.0, "#37474f"));

    // Header row.
    let top = MARGIN + 70.0;
    svg.rect(MARGIN, top, cols.right - MARGIN, HEAD, Boxed::fill("#455a64").radius(4.0));
    let head = |svg: &mut Svg, x: f64, w: f64, text: &str| {
        svg.text(x + w / 2.0, top + 22.0, text, TextStyle::new(14.0, "#ffffff").middle().bold());
    };
    head(&mut svg, MARGIN, cols.name, lang.pick("产业链", "Chain"));
    head(&mut svg, cols.x_complete, COMPLETENESS_COLUMN, lang.pick("链条完整度", "Completeness"));
    head(&mut svg, cols.x_loop, LOOP_COLUMN, lang.pick("闭环", "Loop"));
    for (i, &stage) in STAGES.iter().enumerate() {
        head(&mut svg, cols.x_stage + cols.stage * i as f64, cols.stage, &stage_word(stage, lang));
    }
    head(&mut svg, cols.x_gaps, cols.gap, gaps_head);

    let mut y = top + HEAD;
    for (c, (chain, analysis)) in chains.iter().zip(data.analyses).enumerate() {
        let fill = if c % 2 == 0 { "#ffffff" } else { "#f5f7f8" };
        svg.rect(MARGIN, y, cols.right - MARGIN, ROW, Boxed::fill(fill));
        chain_row(&mut svg, &cols, y + ROW / 2.0, chain, analysis, lang);
        svg.text(cols.x_gaps + 12.0, y + ROW / 2.0 + 5.0, &gap_texts[c], TextStyle::new(13.0, INK));
        svg.end_group();
        y += ROW;
    }
    svg.rect(MARGIN, top, cols.right - MARGIN, y - top, Boxed::fill("none").stroke("#b0bec5", 1.0).radius(4.0));

    let (legend_end, y) = legend(&mut svg, y + 30.0, lang);
    let doc = svg.finish(total_width.max(legend_end), y + MARGIN, &title);
    out.write_all(doc.as_bytes())
}

/// One chain's row around its middle line `mid`: its name, completeness,
/// closed loop and stage bars. Opens the chain's group; the caller closes it.
fn chain_row(svg: &mut Svg, cols: &Columns, mid: f64, chain: &Chain, analysis: &ChainAnalysis, lang: Lang) {
    let name = chain.display_name(lang);
    svg.group(&format!("{} ({})", clean(name), chain.id));
    svg.text(MARGIN + 12.0, mid + 5.0, name, TextStyle::new(15.0, INK).bold());

    // Completeness: a bar and the figure.
    let bar_w = COMPLETENESS_COLUMN - 80.0;
    let (bx, by) = (cols.x_complete + 12.0, mid - 7.0);
    svg.rect(bx, by, bar_w, 14.0, Boxed::fill("#e3e8eb").radius(7.0));
    let done = bar_w * analysis.completeness.clamp(0.0, 1.0);
    if done > 0.5 {
        // Blue, not a status colour: completeness is a share, not a status.
        svg.rect(bx, by, done.max(14.0), 14.0, Boxed::fill("#1e77d0").radius(7.0));
    }
    svg.text(bx + bar_w + 8.0, mid + 5.0, &percent(analysis.completeness), TextStyle::new(14.0, INK));

    let (loop_word, loop_colour) =
        if analysis.closed_loop { (lang.pick("能", "yes"), "#2e7d32") } else { (lang.pick("未", "no"), "#c62828") };
    svg.text(cols.x_loop + LOOP_COLUMN / 2.0, mid + 5.0, loop_word, TextStyle::new(14.0, loop_colour).middle().bold());

    for (i, &stage) in STAGES.iter().enumerate() {
        let x0 = cols.x_stage + cols.stage * i as f64 + 10.0;
        stage_bar(svg, (x0, cols.stage - 20.0), mid, chain, analysis, stage);
    }
}

/// One bar of a stage's links by status, with counts, in the span `(x0, w)`;
/// a dash when the chain has no link at that stage.
fn stage_bar(svg: &mut Svg, (x0, w): (f64, f64), mid: f64, chain: &Chain, analysis: &ChainAnalysis, stage: Stage) {
    let counts: Vec<(LinkStatus, usize)> = STATUSES
        .iter()
        .map(|&s| {
            let n = chain.links.iter().zip(&analysis.links).filter(|(l, a)| l.stage == stage && a.status == s).count();
            (s, n)
        })
        .collect();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        svg.text(x0 + w / 2.0, mid + 5.0, "—", TextStyle::new(14.0, "#b0bec5").middle());
        return;
    }
    let mut x = x0;
    for (s, n) in counts.into_iter().filter(|(_, n)| *n > 0) {
        let seg = w * n as f64 / total as f64;
        let colours = status_colours(s);
        svg.rect(x, mid - BAR / 2.0, seg, BAR, Boxed::fill(colours.main).stroke("#ffffff", 1.0));
        if seg >= 16.0 {
            svg.text(x + seg / 2.0, mid + 5.0, &n.to_string(), TextStyle::new(13.0, colours.on_main).middle().bold());
        }
        x += seg;
    }
}

/// The legend of status colours and the definitions, on the line `y`.
/// Returns the width it needs and its line.
fn legend(svg: &mut Svg, y: f64, lang: Lang) -> (f64, f64) {
    let mut x = MARGIN;
    for s in STATUSES {
        let colours = status_colours(s);
        svg.rect(x, y - 12.0, 26.0, 15.0, Boxed::fill(colours.main));
        let word = match lang {
            Lang::Zh => format!("{}环节数", status_word(s, lang)),
            Lang::En => format!("{} links", status_word(s, lang)),
        };
        svg.text(x + 32.0, y, &word, TextStyle::new(13.0, INK));
        x += 32.0 + width(&word, 13.0) + 22.0;
    }
    let note = lang.pick(
        "链条完整度 = Σ 权重 × (较强 1, 薄弱 0.5, 缺失 0) ÷ Σ 权重 · 闭环: 有一条从源头到终端、全由本地已覆盖环节组成的路径",
        "Completeness = Σ weight × (strong 1, weak 0.5, missing 0) ÷ Σ weight · Loop: a path from source to end \
         product through locally covered links only",
    );
    svg.text(x, y, note, TextStyle::new(12.5, MUTED));
    (x + width(note, 12.5) + MARGIN, y)
}
