//! The report as data: its pages, and on each page its sections with their
//! tables, maps and notes, built once from a [`ReportInput`]. The writers
//! (`html`, `markdown`, `csv`, `xlsx`, `docx`) each show this model in their own
//! format and decide nothing about content, so a section or a list added
//! here appears in every format that can show it.
//!
//! ```text
//! Report ─┬─ pages[0]  the region   (index.html, md/index.md, csv/region/, xlsx/region.xlsx, docx/region.docx)
//!         ├─ pages[c+1] one chain    (<id>.html, md/<id>.md, csv/<id>/, xlsx/<id>.xlsx, docx/<id>.docx)
//!         └─ maps       maps/*.svg
//! Page ── sections ── blocks: Figure | Table(i) | Subheading | Paragraph | Note | Empty
//!      └─ tables: every table of the page, in the order its workbook holds them
//! ```

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::lists::{self, List, ListKind, Scope};
use super::part::Part;
use super::{ReportInput, list_input};
use crate::analysis::priority::gap_kind_value;
use crate::analysis::risk::open_problems;
use crate::analysis::status::firms_by_link;
use crate::analysis::{ChainAnalysis, GapKind, LinkStatus, Period, PeriodSource};
use crate::model::lang::capitalized;
use crate::model::{Factor, FitFactor, Lang, PriorityFactor, Weights};
use crate::render::gaps::{reason, thousands};
use crate::render::map::{MapFormat, View};
use crate::render::monitor::{chain_section, region_section};
use crate::render::risk::{RiskScope, RiskView, report_part};
use crate::render::table::Table;
use crate::render::word::{Signature, region_addressees};
use crate::render::{status_counts, status_links};

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub lang: Lang,
    /// The region first, then one page per chain, in chain order.
    pub pages: Vec<Page<'a>>,
    /// The maps as files (`maps/….svg`, SVG bytes), which the Markdown links to.
    pub maps: Vec<(String, &'a [u8])>,
    /// The line at the foot of every page of the site and of its printout:
    /// the region, the period, the program.
    pub footer: String,
    /// The issuing office and the date at the end of each Word document.
    pub signature: Signature,
}

/// One page: the region or one chain.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// The page's file stem: `index` for the region, the chain id for a chain.
    pub stem: String,
    /// The folder of the page's CSV files and the name of its workbook:
    /// `region`, or the chain id.
    pub folder: String,
    /// Its entry in the site's navigation bar.
    pub nav_label: String,
    pub title: String,
    /// One line under the title: the key counts.
    pub subtitle: String,
    /// A link back to the region page, for formats without a navigation bar.
    pub back: Option<String>,
    /// Whom the Word document is addressed to (主送), with its closing colon.
    /// `region.json` names no office, so the chain offices and the counties
    /// for the region, the chain's office for a chain.
    pub addressees: String,
    /// Key figures shown as cards above the site page's first section.
    pub cards: Vec<(String, usize)>,
    pub sections: Vec<Section<'a>>,
    /// Every table of the page, in the order its workbook holds them;
    /// sections show them by index.
    pub tables: Vec<DataTable>,
}

/// A titled part of a page.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The HTML anchor (`#gaps`).
    pub anchor: String,
    pub title: String,
    /// The number of entries, shown beside the title on the site (the lists).
    pub count: Option<usize>,
    /// Shown on the site only: a quick view whose data the other formats
    /// hold elsewhere (the top targets are the head of the targets list).
    pub site_only: bool,
    pub blocks: Vec<Block<'a>>,
}

/// What a section shows, in order.
#[derive(Debug, Clone)]
pub enum Block<'a> {
    Figure(Figure<'a>),
    /// `Page::tables[i]`.
    Table(usize),
    Subheading(String),
    /// Text every format shows: a period, a rank, a line saying there is no data.
    Paragraph(String),
    /// A remark on the site's tables or maps (how priority is made, why a
    /// map is missing). The Markdown leaves remarks out.
    Note(String),
    /// Said in place of a table with no rows.
    Empty(String),
    /// A paragraph of prose, shown wherever text is (the 说明 section).
    Text(String),
}

/// A map shown in a section.
#[derive(Debug, Clone)]
pub struct Figure<'a> {
    /// The SVG, or `None` when the map could not be made.
    pub svg: Option<&'a [u8]>,
    /// Its file in the report (`maps/overview.svg`).
    pub file: String,
    /// Prefixed to the SVG's ids, so two maps on one page cannot clash.
    pub id_prefix: &'static str,
    /// The image's alternative text.
    pub alt: String,
    /// Said in place of a missing map.
    pub missing: String,
}

/// A table of a page and where each format puts it.
#[derive(Debug, Clone)]
pub struct DataTable {
    pub table: Table,
    /// The site's CSS class of the table.
    pub class: &'static str,
    /// Its CSV file stem (`csv/<folder>/<stem>.csv`), when it has one.
    pub csv: Option<&'static str>,
    /// Its sheet in the page's workbook, when it has one.
    pub sheet: Option<String>,
    pub kind: TableKind,
}

/// The most rows of a table that a page shows (the site, the Markdown and
/// the Word documents) when the table has a CSV file of its own, which
/// holds every row, as its sheet does. A page is to be read and printed:
/// a province's key firms, 1.77 million rows, made a region page of 756 MB,
/// where the first thousand are the leaders and the largest above-scale
/// firms, and the rest is for a spreadsheet.
pub const PAGE_ROWS: usize = 1_000;

impl DataTable {
    /// Whether a page shows only the first [`PAGE_ROWS`] rows of the table.
    #[must_use]
    pub fn cut_on_page(&self) -> bool {
        self.csv.is_some() && self.table.rows.len() > PAGE_ROWS
    }

    /// The table as a page shows it: whole, or its first [`PAGE_ROWS`]
    /// rows when it is [`cut_on_page`](DataTable::cut_on_page).
    #[must_use]
    pub fn on_page(&self) -> std::borrow::Cow<'_, Table> {
        if self.csv.is_some() { page_head(&self.table) } else { std::borrow::Cow::Borrowed(&self.table) }
    }
}

/// What a page shows of a table whose every row is in a file: its first
/// [`PAGE_ROWS`] rows when it has more, else the whole table.
#[must_use]
pub fn page_head(table: &Table) -> std::borrow::Cow<'_, Table> {
    if table.rows.len() > PAGE_ROWS {
        std::borrow::Cow::Owned(Table {
            headers: table.headers.clone(),
            align: table.align.clone(),
            rows: table.rows[..PAGE_ROWS].to_vec(),
        })
    } else {
        std::borrow::Cow::Borrowed(table)
    }
}

/// The note under a table of `all` rows a page cuts to its first
/// [`PAGE_ROWS`]: `files` hold every row.
#[must_use]
pub fn cut_words(all: usize, files: &str, lang: Lang) -> String {
    #[allow(clippy::cast_precision_loss, reason = "row counts are far below 2^52")]
    let (shown, all) = (thousands(PAGE_ROWS as f64), thousands(all as f64));
    match lang {
        Lang::Zh => format!("此处列出前 {shown} 行，共 {all} 行；全部各行见 {files}。"),
        Lang::En => format!("The first {shown} of {all} rows are shown here; every row is in {files}."),
    }
}

/// How a table's cells are shown beyond their text.
#[derive(Debug, Clone, PartialEq)]
pub enum TableKind {
    /// Text cells; a cell that is a status word gets its colour on the site.
    Plain,
    /// One row per chain: the first cell links to the chain's page, and
    /// `completeness` (one per row, 0–1) is drawn as a bar in `bar_column`.
    Chains { pages: Vec<String>, completeness: Vec<f64>, bar_column: usize },
}

impl Page<'_> {
    /// Says after each table the page cuts (see [`PAGE_ROWS`]) how many
    /// rows it has and which files hold them all.
    fn say_where_cut_tables_are_whole(&mut self, lang: Lang) {
        for section in &mut self.sections {
            let blocks = std::mem::take(&mut section.blocks);
            for block in blocks {
                let note = match block {
                    Block::Table(t) if self.tables[t].cut_on_page() => {
                        Some(cut_note(&self.tables[t], &self.folder, lang))
                    }
                    _ => None,
                };
                section.blocks.push(block);
                section.blocks.extend(note.map(Block::Paragraph));
            }
        }
    }

    /// Adds a part another renderer made as a section: its lines, then
    /// each table under its subheading (or what is said when it has no
    /// rows), each table with its CSV file and sheet.
    pub fn add_part(&mut self, part: Part) {
        let mut blocks: Vec<Block<'_>> = part.lines.into_iter().map(Block::Paragraph).collect();
        for t in part.tables {
            if let Some(title) = t.title {
                blocks.push(Block::Subheading(title));
            }
            blocks.push(if t.table.rows.is_empty() { Block::Empty(t.empty) } else { Block::Table(self.tables.len()) });
            self.tables.push(DataTable::plain(t.table, t.stem, Some(t.stem), Some(t.sheet)));
        }
        self.sections.push(section(part.anchor, &part.title, blocks));
    }
}

impl DataTable {
    fn plain(table: Table, class: &'static str, csv: Option<&'static str>, sheet: Option<String>) -> Self {
        Self { table, class, csv, sheet, kind: TableKind::Plain }
    }
}

impl<'a> Report<'a> {
    /// Builds the report's pages from the dataset, its analysis and its maps.
    #[must_use]
    pub fn new(input: &ReportInput<'a>) -> Self {
        let d = input.dataset;
        let lang = input.lang;
        let firms_at = firms_by_link(d);
        let mut maps = Vec::new();
        if let Some(svg) = &input.maps.overview {
            maps.push((map_file(View::Overview, ""), svg.as_slice()));
        }
        for (c, chain) in d.chains.iter().enumerate() {
            if let Some(svg) = panorama(input, c) {
                maps.push((map_file(View::Panorama, &chain.id), svg));
            }
            if let Some(svg) = flow(input, c) {
                maps.push((map_file(View::Flow, &chain.id), svg));
            }
        }
        // The pages are independent: at province scale each of the region's
        // lists is a million rows, and the chains' pages together as many.
        let (region, chains) = rayon::join(
            || region_page(input, &firms_at),
            || (0..d.chains.len()).into_par_iter().map(|c| chain_page(input, c, &firms_at)).collect::<Vec<_>>(),
        );
        let mut pages = vec![region];
        pages.extend(chains);
        for page in &mut pages {
            page.sections.push(notes_section(input));
            page.say_where_cut_tables_are_whole(lang);
        }
        let signature = Signature::new(&d.region, input.period.map(|p| p.month), lang);
        Report { lang, pages, maps, footer: footer(input), signature }
    }
}

/// What a page says under a table it cuts: how many rows it shows of how
/// many, and the files that hold every row.
fn cut_note(table: &DataTable, folder: &str, lang: Lang) -> String {
    let csv = table.csv.map(|stem| format!("csv/{folder}/{stem}.csv"));
    let sheet = table.sheet.as_ref().map(|_| format!("xlsx/{folder}.xlsx"));
    let files: Vec<String> = csv.into_iter().chain(sheet).collect();
    cut_words(table.table.rows.len(), &files.join(lang.pick(" 与 ", " and ")), lang)
}

/// A map's file in the report: in `maps/`, named as `chainmap map` names it.
fn map_file(view: View, chain_id: &str) -> String {
    format!("maps/{}", view.file_name(chain_id, MapFormat::Svg))
}

fn panorama<'a>(input: &ReportInput<'a>, c: usize) -> Option<&'a [u8]> {
    input.maps.panorama.get(c).and_then(Option::as_deref)
}

fn flow<'a>(input: &ReportInput<'a>, c: usize) -> Option<&'a [u8]> {
    input.maps.flow.get(c).and_then(Option::as_deref)
}

fn footer(input: &ReportInput<'_>) -> String {
    let lang = input.lang;
    let mut parts: Vec<String> = input.dataset.region.display_name(lang).map(str::to_owned).into_iter().collect();
    parts.push(period_words(input.period, lang));
    parts.push(format!("chainmap {}", env!("CARGO_PKG_VERSION")));
    parts.join(" · ")
}

/// `报告期 2026年3月`, or that the data names no period.
fn period_words(period: Option<Period>, lang: Lang) -> String {
    match period {
        Some(p) => format!("{}{}", lang.pick("报告期 ", "period: "), p.month.words(lang)),
        None => lang.pick("报告期未注明", "no period stated").to_owned(),
    }
}

/// A page's title: the region's name first, the period last (` · 2026年3月`).
fn page_title(input: &ReportInput<'_>, subject: &str) -> String {
    let lang = input.lang;
    let mut title = match input.dataset.region.display_name(lang).map(str::trim).filter(|r| !r.is_empty()) {
        Some(region) => format!("{region}{}{subject}", lang.pick("", " · ")),
        None => subject.to_owned(),
    };
    if let Some(p) = input.period {
        title.push_str(" · ");
        title.push_str(&p.month.words(lang));
    }
    title
}

/// 说明: what the page's figures mean and where the period comes from, so
/// the page, on screen or printed, explains itself.
fn notes_section<'a>(input: &ReportInput<'_>) -> Section<'a> {
    let (d, lang) = (input.dataset, input.lang);
    let [strong, weak, missing] = [LinkStatus::Strong, LinkStatus::Weak, LinkStatus::Missing].map(|s| s.label(lang));
    let n = d.region.min_strong_firms;
    let source = match input.period.map(|p| p.source) {
        Some(PeriodSource::Asked) => lang.pick("按要求指定（--period）", "as asked (--period)"),
        Some(PeriodSource::Monthly) => {
            lang.pick("月度数据（monthly.csv）的最新月份", "the latest month of monthly.csv")
        }
        Some(PeriodSource::Problems) => lang.pick(
            "无月度数据，取企业问题最近提出日期所在月份",
            "no monthly data, so the month of the latest problem reported",
        ),
        None => lang.pick(
            "数据中没有月度数据或问题提出日期，可用 --period 指定",
            "the data has no monthly table or problem dates; give one with --period",
        ),
    };
    // Kinds that share a label (the two 延链) share a meaning and a value.
    let (mut gaps, mut values): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for &g in GapKind::ALL {
        let text = format!("{}{}{}", g.label(lang), lang.pick("指", ": "), g.meaning(lang));
        if !gaps.contains(&text) {
            gaps.push(text);
            values.push(format!("{} {}", g.label(lang), gap_kind_value(g)));
        }
    }
    let values = values.join(lang.pick("、", ", "));
    let priority = Weights::<PriorityFactor>::from_overrides(&d.region.priority_weights);
    let fit = Weights::<FitFactor>::from_overrides(&d.region.fit_weights);
    let paragraphs = match lang {
        Lang::Zh => vec![
            format!("{}：{source}。", period_words(input.period, lang)),
            format!(
                "环节状态：{strong}——有在产的链主（龙头）企业，或在产规上企业不少于 {n} 家；{weak}——有在产企业但未达{strong}；{missing}——没有在产企业。停产企业不计。"
            ),
            "链条完整度 = Σ(环节权重 × 得分) ÷ Σ环节权重，较强得 1、薄弱得 0.5、缺失得 0。能闭环：从源头环节到终端环节至少有一条供给路径全部经过有在产企业的环节。".to_owned(),
            format!("缺口类型：{}。", gaps.join("；")),
            format!(
                "优先级 0–100 = {}，各因子取值 0–1。缺口类型：{values}；路径占比：经过本环节的源头—终端路径占全部路径的比例；需求拉动：相邻环节在产企业产值与本链最大者之比；权重：环节权重与本链最大者之比。",
                formula(&priority, true, lang)
            ),
            format!(
                "招商评分 = 所补缺口环节优先级之和 × 匹配度；{}。规模按营业收入（对数）计，资质标签取最高者，本地配套看是否已与本地企业配套，对接阶段从未接触到洽谈中，新增第二来源为所补环节中仅有一家在产企业的比例。",
                format!("匹配度 0–1 = {}", formula(&fit, false, lang))
            ),
        ],
        Lang::En => vec![
            match input.period {
                Some(p) => format!("Period {}: {source}.", p.month.words(lang)),
                None => format!("No period stated: {source}."),
            },
            format!(
                "Link status: {strong}, an active leader or at least {n} active above-scale firms; {weak}, active firms but fewer; {missing}, no active firm. Halted firms do not count."
            ),
            "Completeness = Σ(link weight × credit) ÷ Σ link weight, with credit 1 strong, 0.5 weak, 0 missing. A chain closes when some supply path from a source link to an end link runs through covered links only.".to_owned(),
            format!("Gap kinds: {}.", gaps.join("; ")),
            format!(
                "Priority 0–100 = {}, each factor 0–1. Gap kind: {values}; path share: the share of source-to-end paths through the link; demand pull: active output at the neighbouring links against the chain's largest; weight: the link's weight against the chain's largest.",
                formula(&priority, true, lang)
            ),
            format!(
                "A target's score = the sum of the priorities of the gap links it fills × its fit; {}. Size from revenue (log scale), tags the best one, ties whether it already supplies local firms, stage how far talks went, second source the share of the links it fills that have one active firm.",
                format!("fit 0–1 = {}", formula(&fit, false, lang))
            ),
        ],
    };
    section("notes", lang.pick("说明", "Notes"), paragraphs.into_iter().map(Block::Text).collect())
}

/// A weighted sum of factors (each 0–1) in words. Out of 100:
/// `a 40 + b 25 + …` when the weights add up to 100, else
/// `100 × (a 40 + …) ÷ 110`; out of 1: `(a 25 + …) ÷ 110`.
fn formula<F: Factor>(weights: &Weights<F>, out_of_100: bool, lang: Lang) -> String {
    let terms: Vec<String> = weights.iter().map(|(f, w)| format!("{} {w}", f.label(lang))).collect();
    let terms = terms.join(" + ");
    let total = weights.total();
    match out_of_100 {
        true if (total - 100.0).abs() < 1e-9 => terms,
        true => format!("100 × ({terms}) ÷ {total}"),
        false => format!("({terms}) ÷ {total}"),
    }
}

fn section<'a>(anchor: &str, title: &str, blocks: Vec<Block<'a>>) -> Section<'a> {
    Section { anchor: anchor.to_owned(), title: title.to_owned(), count: None, site_only: false, blocks }
}

/// The region page: key figures, the chains, the overview map, the top
/// targets, counties × chains, the monitoring, and the five lists over all
/// chains.
fn region_page<'a>(input: &ReportInput<'a>, firms_at: &[Vec<Vec<u32>>]) -> Page<'a> {
    let (d, lang) = (input.dataset, input.lang);
    let title = page_title(input, lang.pick("重点产业链 一图五清单", "key industrial chains: one map, five lists"));
    let missing: usize = input.analyses.iter().map(|a| count(a, LinkStatus::Missing)).sum();
    let weak: usize = input.analyses.iter().map(|a| count(a, LinkStatus::Weak)).sum();
    let subtitle = format!(
        "{} {} · {missing} {}{} · {weak} {}{}",
        d.chains.len(),
        lang.pick("条重点产业链", "chains"),
        lang.pick("个", ""),
        status_links(LinkStatus::Missing, lang),
        lang.pick("个", ""),
        status_links(LinkStatus::Weak, lang),
    );
    let cards = vec![
        (lang.pick("重点产业链", "Chains").to_owned(), d.chains.len()),
        (lang.pick("环节", "Links").to_owned(), d.chains.iter().map(|c| c.links.len()).sum()),
        (capitalized(&status_links(LinkStatus::Missing, lang)), missing),
        (capitalized(&status_links(LinkStatus::Weak, lang)), weak),
        (lang.pick("招商目标", "Targets").to_owned(), input.targets.targets.len()),
    ];
    let tables = vec![
        DataTable { kind: chains_kind(input), ..DataTable::plain(chains_table(input), "chains", Some("chains"), None) },
        DataTable::plain(top_targets_table(input, 10), "top", None, None),
        DataTable::plain(county_table(input), "counties", Some("counties"), None),
    ];
    let overview = Figure {
        svg: input.maps.overview.as_deref(),
        file: map_file(View::Overview, ""),
        id_prefix: "ov",
        alt: lang.pick("总览图", "overview").to_owned(),
        missing: lang.pick("（总览图未生成）", "(overview map not available)").to_owned(),
    };
    let mut counties = vec![Block::Table(2)];
    counties.extend(input.maps.notes.iter().map(|n| Block::Note(n.clone())));
    let sections = vec![
        section("chains", lang.pick("各产业链概况", "The chains"), vec![Block::Table(0)]),
        section("overview", lang.pick("产业链总览图", "Overview map"), vec![Block::Figure(overview)]),
        Section {
            site_only: true,
            ..section(
                "top-targets",
                lang.pick("重点招商目标（前 10）", "Top recruitment targets"),
                vec![Block::Table(1)],
            )
        },
        section("counties", lang.pick("县区 × 产业链", "Counties × chains"), counties),
    ];
    let mut page = Page {
        stem: "index".to_owned(),
        folder: "region".to_owned(),
        nav_label: lang.pick("全市总览", "Region").to_owned(),
        title,
        subtitle,
        back: None,
        addressees: region_addressees(lang),
        cards,
        sections,
        tables,
    };
    page.add_part(region_section(d, input.monitoring.map(|m| &m.region), lang));
    add_lists(&mut page, input, Scope::Region, firms_at);
    page
}

/// A chain's page: its panorama and flow maps, its gaps with their
/// priorities, its risk, its monitoring, and its five lists.
fn chain_page<'a>(input: &ReportInput<'a>, c: usize, firms_at: &[Vec<Vec<u32>>]) -> Page<'a> {
    let lang = input.lang;
    let chain = &input.dataset.chains[c];
    let analysis = &input.analyses[c];
    let name = chain.display_name(lang);
    let positioning = chain.positioning.as_deref().map(|p| format!("（{p}）")).unwrap_or_default();
    let headline = format!(
        "{} {:.1}% · {} · {}",
        lang.pick("完整度", "completeness"),
        analysis.completeness * 100.0,
        if analysis.closed_loop { lang.pick("能闭环", "closes") } else { lang.pick("未闭环", "does not close") },
        status_counts(&analysis.links, lang),
    );
    let figure = |svg, view: View, id_prefix, missing: &str| Figure {
        svg,
        file: map_file(view, &chain.id),
        id_prefix,
        alt: name.to_owned(),
        missing: missing.to_owned(),
    };
    let panorama =
        figure(panorama(input, c), View::Panorama, "pan", lang.pick("（全景图未生成）", "(panorama not available)"));
    let flow = figure(
        flow(input, c),
        View::Flow,
        "flow",
        lang.pick("（供给关系图需要 Graphviz，未生成）", "(the flow map needs Graphviz and was not made)"),
    );
    let weights = Weights::<PriorityFactor>::from_overrides(&input.dataset.region.priority_weights);
    let gaps =
        DataTable::plain(gap_table(input, c), "gaps", Some("gaps"), Some(lang.pick("环节缺口", "Gaps").to_owned()));
    let sections = vec![
        section("panorama", lang.pick("产业链全景图", "Panorama"), vec![Block::Figure(panorama)]),
        section("flow", lang.pick("供给关系图", "Supply flow"), vec![Block::Figure(flow)]),
        section(
            "gaps",
            lang.pick("环节缺口与优先级", "Gaps and priorities"),
            vec![Block::Note(priority_note(&weights, lang)), Block::Table(0)],
        ),
    ];
    let mut page = Page {
        stem: chain.id.clone(),
        folder: chain.id.clone(),
        nav_label: name.to_owned(),
        title: page_title(input, &format!("{name}{positioning}{}", lang.pick(" 一图五清单", ": one map, five lists"))),
        subtitle: headline,
        back: Some(lang.pick("← 全市总览", "← region").to_owned()),
        addressees: match lang {
            // 纺织丝绸产业链链长办公室, and 丝绸产业链链长办公室 for a chain named 丝绸.
            Lang::Zh if name.ends_with("产业链") => format!("{name}链长办公室："),
            Lang::Zh => format!("{name}产业链链长办公室："),
            Lang::En => format!("To: the chain leader's office, {name}"),
        },
        cards: Vec::new(),
        sections,
        tables: vec![gaps],
    };
    let risk = RiskView::new(
        input.dataset,
        input.analyses,
        input.risk,
        open_problems(input.dataset),
        RiskScope { chain: Some(c), top: None },
    );
    page.add_part(report_part(&risk, lang));
    page.add_part(chain_section(input.dataset, input.monitoring.map(|m| &m.chains[c]), c, lang));
    add_lists(&mut page, input, Scope::Chain(c), firms_at);
    page
}

/// Adds the five lists of `scope` to a page, each a section with its table,
/// and the problem counts by category, shown with the problems and last in
/// the workbook.
fn add_lists(page: &mut Page<'_>, input: &ReportInput<'_>, scope: Scope, firms_at: &[Vec<Vec<u32>>]) {
    let lang = input.lang;
    let li = list_input(input);
    let lists = lists::five_lists(&li, scope, firms_at);
    let first = page.tables.len();
    let counts = first + lists.len();
    for (i, List { kind, table }) in lists.into_iter().enumerate() {
        let rows = table.rows.len();
        let mut blocks = Vec::new();
        if kind == ListKind::Problems {
            blocks.push(Block::Subheading(lang.pick("按类别统计", "By category").to_owned()));
            blocks.push(Block::Table(counts));
            blocks.push(Block::Subheading(lang.pick("问题明细", "Problems").to_owned()));
        }
        blocks.push(if rows == 0 {
            Block::Empty(lang.pick("（无）", "(none)").to_owned())
        } else {
            Block::Table(first + i)
        });
        page.sections.push(Section { count: Some(rows), ..section(kind.stem(), kind.title(lang), blocks) });
        page.tables.push(DataTable::plain(table, kind.stem(), Some(kind.stem()), Some(kind.title(lang).to_owned())));
    }
    page.tables.push(DataTable::plain(
        lists::problem_counts(&li, scope),
        "counts",
        Some("problem-categories"),
        Some(lang.pick("问题分类统计", "Problems by category").to_owned()),
    ));
}

/// How priority is made, with the weights in force, e.g. "优先级 0–100 =
/// 缺口类型 40 + 路径占比 25 + 需求拉动 20 + 权重 15（…）". Weights that do not
/// add up to 100 are shown as they are, with the scaling that makes 0–100.
#[must_use]
pub fn priority_note(weights: &Weights<PriorityFactor>, lang: Lang) -> String {
    let total = weights.total();
    let formula = formula(weights, true, lang);
    match (lang, total > 0.0) {
        (Lang::Zh, true) => format!("优先级 0–100 = {formula}（各因子取值 0–1，见页末说明）"),
        (Lang::En, true) => format!("Priority 0–100 = {formula} (each factor 0–1; see the notes at the end)"),
        (Lang::Zh, false) => "优先级均为 0: region.json 中各因子权重都是 0（见页末说明）".to_owned(),
        (Lang::En, false) => {
            "Every priority is 0: region.json gives every factor weight 0 (see the notes at the end)".to_owned()
        }
    }
}

/// The gap table of a chain with every priority factor, highest priority first.
#[must_use]
pub fn gap_table(input: &ReportInput<'_>, c: usize) -> Table {
    let lang = input.lang;
    let chain = &input.dataset.chains[c];
    let analysis = &input.analyses[c];
    let mut headers = vec![
        lang.pick("优先级", "Priority"),
        lang.pick("环节", "Link"),
        lang.pick("阶段", "Stage"),
        lang.pick("状态", "Status"),
        lang.pick("缺口", "Gap"),
        lang.pick("在产/企业", "Active/firms"),
        lang.pick("路径占比", "Path share"),
    ];
    let first_factor = headers.len();
    headers.extend(PriorityFactor::ALL.iter().map(|f| f.column(lang)));
    headers.push(lang.pick("主要因素", "Main factor"));
    let right: Vec<usize> = [0, 6].into_iter().chain(first_factor..first_factor + PriorityFactor::COUNT).collect();
    let mut table = Table::new(&headers).right(&right);
    let mut order: Vec<usize> = (0..chain.links.len()).collect();
    let score = |l: usize| analysis.links[l].priority.as_ref().map_or(-1.0, |p| p.score);
    order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then_with(|| chain.links[a].id.cmp(&chain.links[b].id)));
    for l in order {
        let (link, a) = (&chain.links[l], &analysis.links[l]);
        let mut row = vec![
            a.priority.as_ref().map_or_else(String::new, |p| format!("{:.1}", p.score)),
            link.display_name(lang).to_owned(),
            link.stage.word(lang).to_owned(),
            a.status.word(lang).to_owned(),
            a.gap.map_or_else(String::new, |g| g.with_direction(GapKind::work(Some(g), lang), lang)),
            format!("{}/{}", a.coverage.active_firms, a.coverage.firms),
            format!("{:.1}%", a.path_share * 100.0),
        ];
        for &f in PriorityFactor::ALL {
            row.push(a.priority.as_ref().map_or_else(String::new, |p| format!("{:.2}", p.factors[f])));
        }
        row.push(reason(a, lang).unwrap_or_default());
        table.push(row);
    }
    table
}

fn count(analysis: &ChainAnalysis, status: LinkStatus) -> usize {
    analysis.links.iter().filter(|l| l.status == status).count()
}

/// One row per chain: completeness, closed loop, gap counts, top target.
fn chains_table(input: &ReportInput<'_>) -> Table {
    let lang = input.lang;
    let d = input.dataset;
    let (missing, weak) = (capitalized(LinkStatus::Missing.label(lang)), capitalized(LinkStatus::Weak.label(lang)));
    let mut table = Table::new(&[
        lang.pick("产业链", "Chain"),
        lang.pick("定位", "Positioning"),
        lang.pick("环节", "Links"),
        lang.pick("本地企业", "Local firms"),
        lang.pick("完整度", "Completeness"),
        lang.pick("闭环", "Closed loop"),
        &missing,
        &weak,
        lang.pick("首要招商目标", "Top target"),
    ])
    .right(&[2, 3, 6, 7]);
    let firms_at = firms_by_link(d);
    for (c, (chain, a)) in d.chains.iter().zip(input.analyses).enumerate() {
        let firms: BTreeSet<u32> = firms_at[c].iter().flatten().copied().collect();
        let top = input.targets.targets.iter().find(|t| t.fills.iter().any(|f| f.chain == c));
        table.push(vec![
            chain.display_name(lang).to_owned(),
            chain.positioning.clone().unwrap_or_default(),
            chain.links.len().to_string(),
            firms.len().to_string(),
            format!("{:.1}%", a.completeness * 100.0),
            if a.closed_loop { lang.pick("能闭环", "yes") } else { lang.pick("未闭环", "no") }.to_owned(),
            count(a, LinkStatus::Missing).to_string(),
            count(a, LinkStatus::Weak).to_string(),
            top.map(|t| d.candidates.get(t.candidate).name.to_string()).unwrap_or_default(),
        ]);
    }
    table
}

/// The chains table's links to the chain pages and its completeness bars.
fn chains_kind(input: &ReportInput<'_>) -> TableKind {
    TableKind::Chains {
        pages: input.dataset.chains.iter().map(|c| c.id.clone()).collect(),
        completeness: input.analyses.iter().map(|a| a.completeness).collect(),
        bar_column: 4,
    }
}

/// Counties × chains: local firms and their output per cell, and per county
/// the weak links its firms work at (its 强链 tasks).
#[must_use]
pub fn county_table(input: &ReportInput<'_>) -> Table {
    let (d, lang) = (input.dataset, input.lang);
    let mut headers: Vec<String> = vec![lang.pick("县区", "County").to_owned()];
    headers.extend(d.chains.iter().map(|c| c.display_name(lang).to_owned()));
    headers.extend([
        lang.pick("企业合计", "Firms").to_owned(),
        lang.pick("产值合计(万元)", "Output (10k yuan)").to_owned(),
        format!("{}{}", lang.pick("涉及", ""), capitalized(&status_links(LinkStatus::Weak, lang))),
    ]);
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let n = d.chains.len();
    let mut table = Table::new(&header_refs).right(&[n + 1, n + 2, n + 3]);
    let mut per: BTreeMap<(u16, usize), BTreeSet<u32>> = BTreeMap::new();
    let mut weak: BTreeMap<u16, BTreeSet<(usize, usize)>> = BTreeMap::new();
    for p in &d.firm_placements {
        let firm = &d.firms[p.owner as usize];
        let Some(county) = firm.county else { continue };
        per.entry((county, p.chain())).or_default().insert(p.owner);
        if input.analyses[p.chain()].links[p.link()].status == LinkStatus::Weak {
            weak.entry(county).or_default().insert((p.chain(), p.link()));
        }
    }
    for county in 0..d.region.counties.len() {
        let county = u16::try_from(county).unwrap_or(u16::MAX);
        let mut all: BTreeSet<u32> = BTreeSet::new();
        let mut row = vec![d.county_name(county).to_owned()];
        for c in 0..n {
            let firms = per.get(&(county, c));
            row.push(firms.map_or_else(String::new, |fs| {
                all.extend(fs);
                let output: f64 = fs.iter().filter_map(|&f| d.firms[f as usize].output.get()).sum();
                let firms = format!("{} {}", fs.len(), lang.pick("家", "firms"));
                if output > 0.0 {
                    format!("{firms} · {} {}", thousands(output), lang.pick("万元", "")).trim_end().to_owned()
                } else {
                    firms
                }
            }));
        }
        let output: f64 = all.iter().filter_map(|&f| d.firms[f as usize].output.get()).sum();
        row.push(all.len().to_string());
        row.push(thousands(output));
        row.push(weak.get(&county).map_or(0, BTreeSet::len).to_string());
        table.push(row);
    }
    table
}

/// The first `n` region targets.
fn top_targets_table(input: &ReportInput<'_>, n: usize) -> Table {
    let mut list = lists::targets_list(&list_input(input), Scope::Region).table;
    list.rows.retain(|r| !r[0].is_empty());
    list.rows.truncate(n);
    list
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn priority_note_follows_the_weights() {
        assert_eq!(
            priority_note(&Weights::default(), Lang::Zh),
            "优先级 0–100 = 缺口类型 40 + 路径占比 25 + 需求拉动 20 + 权重 15（各因子取值 0–1，见页末说明）"
        );
        assert_eq!(
            priority_note(&Weights::default(), Lang::En),
            "Priority 0–100 = gap kind 40 + path share 25 + demand pull 20 + weight 15 (each factor 0–1; see the notes at the end)"
        );
        let overrides = BTreeMap::from([("path_share".to_owned(), 12.5), ("weight".to_owned(), 0.0)]);
        assert_eq!(
            priority_note(&Weights::from_overrides(&overrides), Lang::Zh),
            "优先级 0–100 = 100 × (缺口类型 40 + 路径占比 12.5 + 需求拉动 20 + 权重 0) ÷ 72.5（各因子取值 0–1，见页末说明）"
        );
        let zero = PriorityFactor::KEYS.iter().map(|k| ((*k).to_owned(), 0.0)).collect();
        assert!(priority_note(&Weights::from_overrides(&zero), Lang::En).starts_with("Every priority is 0"));
    }

    fn data_table(rows: usize, csv: Option<&'static str>, sheet: Option<&str>) -> DataTable {
        let mut table = Table::new(&["企业"]);
        for i in 0..rows {
            table.push(vec![format!("企业{i}")]);
        }
        DataTable { table, class: "firms", csv, sheet: sheet.map(str::to_owned), kind: TableKind::Plain }
    }

    #[test]
    fn a_page_cuts_only_long_tables_with_files_of_their_own() {
        let long = data_table(PAGE_ROWS + 1, Some("firms"), Some("重点企业清单"));
        assert!(long.cut_on_page());
        let shown = long.on_page();
        assert_eq!(shown.rows.len(), PAGE_ROWS);
        assert_eq!(shown.rows[..], long.table.rows[..PAGE_ROWS], "the head of the list, in order");
        assert!(!data_table(PAGE_ROWS, Some("firms"), None).cut_on_page(), "a thousand rows are shown whole");
        assert!(!data_table(PAGE_ROWS + 1, None, None).cut_on_page(), "a table with no file of its own is shown whole");
    }

    #[test]
    fn the_note_under_a_cut_table_names_its_files() {
        let long = data_table(1_234_567, Some("firms"), Some("重点企业清单"));
        assert_eq!(
            cut_note(&long, "region", Lang::Zh),
            "此处列出前 1,000 行，共 1,234,567 行；全部各行见 csv/region/firms.csv 与 xlsx/region.xlsx。"
        );
        assert_eq!(
            cut_note(&long, "tea", Lang::En),
            "The first 1,000 of 1,234,567 rows are shown here; every row is in csv/tea/firms.csv and xlsx/tea.xlsx."
        );
        let no_sheet = data_table(2_000, Some("gaps"), None);
        assert_eq!(
            cut_note(&no_sheet, "tea", Lang::En),
            "The first 1,000 of 2,000 rows are shown here; every row is in csv/tea/gaps.csv."
        );
    }
}
