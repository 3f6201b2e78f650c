//! Operations monitoring (运行监测) for people and machines: the JSON of
//! SPEC §8, tables for people (Chinese first, growth as signed
//! percentages, levels as 红/橙/黄), Markdown and CSV, the sections of the
//! report's region and chain pages, and the line saying which months a
//! monthly table covers.
//!
//! ```text
//! 运行监测 2022-06（累计 2022-01 至 2022-06，万元）
//! 全市  当月 1,050.0  当月同比 -23.1%  环比 -13.9%  累计 7,150.0  累计同比 +2.1%  报送 6/8
//!
//! 产业链（按累计同比排名）            县区（按累计同比排名）
//! 排名  id  产业链  当月产值 …          排名  县区  当月产值 …
//!
//! 预警（红 2 · 橙 1 · 黄 1）          小升规（达规 1 · 培育 1）
//! 等级  类型  企业编号 … 断链环节  影响   阶段  企业编号 … 近12个月营收
//! ```

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::gaps::thousands;
use super::report::{Part, PartTable};
use super::risk::points;
use super::table::Table;
use crate::analysis::monitor::{
    Figures, Monitor, ScopeFigures, Upgrade, UpgradeLevel, Warning, WarningKind, WarningLevel,
};
use crate::analysis::risk::LinkRef;
use crate::analysis::status::PlacementStarts;
use crate::model::lang::capitalized;
use crate::model::{ChainIdx, CountyIdx, Dataset, Lang, Month, Monthly};

/// The months, firms and rows of a monthly table, as `validate` and
/// `chains` report it: "monthly: 2021-01..2022-06, 131 firms, 2,358 rows";
/// `None` without monthly data.
#[must_use]
pub fn coverage_line(monthly: &Monthly) -> Option<String> {
    let (first, last) = monthly.span()?;
    let count = |n: usize, word: &str| format!("{} {word}{}", thousands(n as f64), if n == 1 { "" } else { "s" });
    Some(format!(
        "monthly: {first}..{last}, {}, {}",
        count(monthly.firms_reporting(), "firm"),
        count(monthly.rows(), "row")
    ))
}

/// What is said instead of the monitoring of a dataset without monthly data.
#[must_use]
pub fn no_data_line(lang: Lang) -> String {
    format!("{}{}", lang.pick("运行监测：", "Operations monitoring: "), no_data_reason(lang))
}

/// Why there is no monitoring, as said under a heading that already names it.
#[must_use]
pub fn no_data_reason(lang: Lang) -> &'static str {
    lang.pick(
        "本数据集没有月度数据（monthly.csv，每家企业每月一行，见 docs/formats.md）。",
        "this dataset has no monthly data (monthly.csv, one row per firm and month; see docs/formats.md).",
    )
}

// ---------------------------------------------------------------- JSON

/// The JSON document of `chainmap monitor --format json` (SPEC §8).
#[derive(Debug, Serialize)]
pub struct MonitorDoc<'a> {
    /// `null` without monthly data.
    pub period: Option<Month>,
    /// `null` without monthly data.
    pub region: Option<FiguresDoc>,
    pub chains: Vec<ChainDoc<'a>>,
    pub counties: Vec<CountyDoc<'a>>,
    pub warnings: Vec<WarningDoc<'a>>,
    pub upgrade: Vec<UpgradeDoc<'a>>,
}

/// Writes `doc` as `serde_json::to_writer_pretty` does, its lists made on
/// every core ([`super::json`]): 70 MB for twelve months of a province.
///
/// # Errors
/// When `out` cannot be written.
pub fn write_monitor_json(out: &mut impl Write, doc: &MonitorDoc<'_>) -> io::Result<()> {
    super::json::Object::new(out)
        .value("period", &doc.period)?
        .value("region", &doc.region)?
        .list("chains", &doc.chains)?
        .list("counties", &doc.counties)?
        .list("warnings", &doc.warnings)?
        .list("upgrade", &doc.upgrade)?
        .end()
}

/// A scope's figures: sums in 万元, growth as fractions (`null` when its
/// denominator is 0), firm counts.
#[derive(Debug, Serialize)]
pub struct FiguresDoc {
    pub month: f64,
    pub month_prev_year: f64,
    pub month_prev: f64,
    pub ytd: f64,
    pub ytd_prev: f64,
    pub yoy: Option<f64>,
    pub month_yoy: Option<f64>,
    pub mom: Option<f64>,
    pub firms: u32,
    pub reporting: u32,
}

impl From<&Figures> for FiguresDoc {
    fn from(f: &Figures) -> Self {
        Self {
            month: f.month,
            month_prev_year: f.month_prev_year,
            month_prev: f.month_prev,
            ytd: f.ytd,
            ytd_prev: f.ytd_prev,
            yoy: f.yoy(),
            month_yoy: f.month_yoy(),
            mom: f.mom(),
            firms: f.firms,
            reporting: f.reporting,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ChainDoc<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub rank: usize,
    #[serde(flatten)]
    pub figures: FiguresDoc,
}

#[derive(Debug, Serialize)]
pub struct CountyDoc<'a> {
    pub name: &'a str,
    pub rank: usize,
    #[serde(flatten)]
    pub figures: FiguresDoc,
}

#[derive(Debug, Serialize)]
pub struct LinkDoc<'a> {
    pub chain: &'a str,
    pub link: &'a str,
}

#[derive(Debug, Serialize)]
pub struct WarningDoc<'a> {
    pub firm: &'a str,
    pub name: &'a str,
    pub kind: WarningKind,
    pub level: WarningLevel,
    pub value: f64,
    pub chains: Vec<&'a str>,
    pub county: Option<&'a str>,
    pub critical_links: Vec<LinkDoc<'a>>,
    pub impact: f64,
}

#[derive(Debug, Serialize)]
pub struct UpgradeDoc<'a> {
    pub firm: &'a str,
    pub name: &'a str,
    pub trailing12: f64,
    pub level: UpgradeLevel,
    pub chains: Vec<&'a str>,
    pub county: Option<&'a str>,
}

/// The chains a firm works in, in chain (id) order.
fn firm_chains(dataset: &Dataset, starts: &PlacementStarts, firm: u32) -> Vec<ChainIdx> {
    let mut chains: Vec<ChainIdx> = starts.of(dataset, firm).iter().map(|p| p.chain()).collect();
    chains.dedup();
    chains
}

/// The firm's chains by id, in chain order.
fn chain_ids<'d>(dataset: &'d Dataset, starts: &PlacementStarts, firm: u32) -> Vec<&'d str> {
    firm_chains(dataset, starts, firm).into_iter().map(|c| dataset.chains[c].id.as_str()).collect()
}

fn county_name(dataset: &Dataset, county: Option<CountyIdx>) -> Option<&str> {
    county.map(|c| dataset.county_name(c))
}

/// The JSON document of a monitoring result; `None` gives the document of
/// a dataset without monthly data.
#[must_use]
pub fn monitor_doc<'a>(dataset: &'a Dataset, monitor: Option<&Monitor>) -> MonitorDoc<'a> {
    let Some(m) = monitor else {
        return MonitorDoc {
            period: None,
            region: None,
            chains: Vec::new(),
            counties: Vec::new(),
            warnings: Vec::new(),
            upgrade: Vec::new(),
        };
    };
    let starts = PlacementStarts::new(dataset);
    MonitorDoc {
        period: Some(m.period),
        region: Some((&m.region).into()),
        chains: m
            .chains
            .iter()
            .map(|c| {
                let chain = &dataset.chains[c.scope];
                ChainDoc { id: &chain.id, name: &chain.name, rank: c.rank, figures: (&c.figures).into() }
            })
            .collect(),
        counties: m
            .counties
            .iter()
            .map(|c| CountyDoc { name: dataset.county_name(c.scope), rank: c.rank, figures: (&c.figures).into() })
            .collect(),
        warnings: m
            .warnings
            .par_iter()
            .map(|w| {
                let firm = dataset.firms.get(w.firm);
                WarningDoc {
                    firm: firm.id,
                    name: firm.name,
                    kind: w.kind,
                    level: w.level,
                    value: w.value,
                    chains: w.chains.iter().map(|&c| dataset.chains[c].id.as_str()).collect(),
                    county: county_name(dataset, w.county),
                    critical_links: w
                        .critical_links
                        .iter()
                        .map(|l| LinkDoc {
                            chain: &dataset.chains[l.chain].id,
                            link: &dataset.chains[l.chain].links[l.link].id,
                        })
                        .collect(),
                    impact: w.impact,
                }
            })
            .collect(),
        upgrade: m
            .upgrade
            .par_iter()
            .map(|u| {
                let firm = dataset.firms.get(u.firm);
                UpgradeDoc {
                    firm: firm.id,
                    name: firm.name,
                    trailing12: u.trailing12,
                    level: u.level,
                    chains: chain_ids(dataset, &starts, u.firm),
                    county: county_name(dataset, firm.county),
                }
            })
            .collect(),
    }
}

// ---------------------------------------------------------------- cells

/// 12345.67 → "12,345.7": an amount in 万元 with one decimal.
#[must_use]
pub fn amount(value: f64) -> String {
    let tenths = (value * 10.0).round();
    let whole = (tenths / 10.0).trunc();
    let decimal = (tenths - whole * 10.0).abs();
    format!("{}.{decimal:.0}", thousands(whole))
}

/// Growth as a signed percentage with one decimal ("+12.3%", "-5.0%"), or
/// "—" when there is none (its denominator is 0).
#[must_use]
pub fn percent(growth: Option<f64>) -> String {
    growth.map_or_else(|| "—".to_owned(), |g| format!("{:+.1}%", g * 100.0))
}

/// A number for a CSV cell: as it is, or empty for none.
fn raw(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The figure behind a warning, in words: "上月 120.0", "累计同比 -50.0%",
/// "近12个月 1,980.0".
#[must_use]
pub fn warning_value(warning: &Warning, lang: Lang) -> String {
    match warning.kind {
        WarningKind::Halted | WarningKind::Unreported => {
            format!("{} {}", lang.pick("上月产值", "last month"), amount(warning.value))
        }
        WarningKind::Decline => format!("{} {}", lang.pick("累计同比", "YTD"), percent(Some(warning.value))),
        WarningKind::ExitRisk => format!("{} {}", lang.pick("近12个月营收", "12 months"), amount(warning.value)),
    }
}

fn links_text(dataset: &Dataset, links: &[LinkRef], lang: Lang) -> String {
    let names: Vec<String> = links
        .iter()
        .map(|l| {
            let chain = &dataset.chains[l.chain];
            format!("{}·{}", chain.display_name(lang), chain.links[l.link].display_name(lang))
        })
        .collect();
    names.join(lang.pick("、", ", "))
}

fn chains_text(dataset: &Dataset, chains: &[ChainIdx], lang: Lang) -> String {
    let names: Vec<&str> = chains.iter().map(|&c| dataset.chains[c].display_name(lang)).collect();
    names.join(lang.pick("、", ", "))
}

/// Counts by level, as headings show them: "红 2 · 橙 1 · 黄 0".
fn level_counts<T: Copy + PartialEq>(all: &[T], levels: &[T], label: impl Fn(T) -> &'static str) -> String {
    let counts: Vec<String> =
        levels.iter().map(|&l| format!("{} {}", label(l), all.iter().filter(|&&x| x == l).count())).collect();
    counts.join(" · ")
}

// ---------------------------------------------------------------- tables

/// The heading: the period and the months the year-to-date sums cover.
#[must_use]
pub fn heading(monitor: &Monitor, lang: Lang) -> String {
    let january = Month::new(monitor.period.year(), 1).expect("January");
    match lang {
        Lang::Zh => format!("运行监测 {}（累计 {january} 至 {}，单位万元）", monitor.period, monitor.period),
        Lang::En => {
            format!(
                "Operations monitoring {} (year to date {january} to {}, in 10k yuan)",
                monitor.period, monitor.period
            )
        }
    }
}

/// One scope's figures in a line: "全市  当月 1,050.0  当月同比 -23.1% …".
#[must_use]
pub fn figures_line(label: &str, f: &Figures, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{label}  当月 {}  当月同比 {}  环比 {}  累计 {}  累计同比 {}  报送 {}/{}",
            amount(f.month),
            percent(f.month_yoy()),
            percent(f.mom()),
            amount(f.ytd),
            percent(f.yoy()),
            f.reporting,
            f.firms
        ),
        Lang::En => format!(
            "{label}  month {}  year on year {}  month on month {}  year to date {}  YTD growth {}  reporting {}/{}",
            amount(f.month),
            percent(f.month_yoy()),
            percent(f.mom()),
            amount(f.ytd),
            percent(f.yoy()),
            f.reporting,
            f.firms
        ),
    }
}

/// The region's line.
#[must_use]
pub fn region_line(dataset: &Dataset, monitor: &Monitor, lang: Lang) -> String {
    let name = dataset.region.display_name(lang).unwrap_or(lang.pick("全市", "Region"));
    figures_line(name, &monitor.region, lang)
}

/// The figure columns of a scope table, after its rank and name columns.
const FIGURE_COLUMNS: usize = 7;

fn figure_headers(lang: Lang) -> [&'static str; FIGURE_COLUMNS] {
    [
        lang.pick("当月产值", "Month"),
        lang.pick("当月同比", "YoY"),
        lang.pick("环比", "MoM"),
        lang.pick("累计产值", "Year to date"),
        lang.pick("累计同比", "YTD growth"),
        lang.pick("上年同期累计", "YTD last year"),
        lang.pick("报送/企业", "Reporting/firms"),
    ]
}

fn figure_cells(f: &Figures) -> [String; FIGURE_COLUMNS] {
    [
        amount(f.month),
        percent(f.month_yoy()),
        percent(f.mom()),
        amount(f.ytd),
        percent(f.yoy()),
        amount(f.ytd_prev),
        format!("{}/{}", f.reporting, f.firms),
    ]
}

fn scope_table<K: Copy>(
    scopes: &[ScopeFigures<K>],
    name_headers: &[&str],
    names: impl Fn(K) -> Vec<String>,
    lang: Lang,
) -> Table {
    let mut headers = vec![lang.pick("排名", "Rank")];
    headers.extend_from_slice(name_headers);
    let first = headers.len();
    headers.extend(figure_headers(lang));
    let right: Vec<usize> = std::iter::once(0).chain(first..first + FIGURE_COLUMNS).collect();
    let mut table = Table::new(&headers).right(&right);
    for s in scopes {
        let mut row = vec![s.rank.to_string()];
        row.extend(names(s.scope));
        row.extend(figure_cells(&s.figures));
        table.push(row);
    }
    table
}

/// The chains, ranked by year-to-date growth.
#[must_use]
pub fn chains_table(dataset: &Dataset, monitor: &Monitor, lang: Lang) -> Table {
    scope_table(
        &monitor.chains,
        &["id", lang.pick("产业链", "Chain")],
        |c| vec![dataset.chains[c].id.clone(), dataset.chains[c].display_name(lang).to_owned()],
        lang,
    )
}

/// The counties, ranked by year-to-date growth.
#[must_use]
pub fn counties_table(dataset: &Dataset, monitor: &Monitor, lang: Lang) -> Table {
    scope_table(&monitor.counties, &[lang.pick("县区", "County")], |c| vec![dataset.county_name(c).to_owned()], lang)
}

/// Warnings, most urgent first.
#[must_use]
pub fn warnings_table<'w>(dataset: &Dataset, warnings: impl IntoIterator<Item = &'w Warning>, lang: Lang) -> Table {
    let mut table = Table::new(&[
        lang.pick("等级", "Level"),
        lang.pick("类型", "Kind"),
        lang.pick("企业编号", "Firm"),
        lang.pick("企业名称", "Name"),
        lang.pick("依据", "Figure"),
        lang.pick("产业链", "Chains"),
        lang.pick("县区", "County"),
        lang.pick("停产即断链环节", "Links it alone holds"),
        lang.pick("停产影响(百分点)", "Impact if halted (points)"),
    ])
    .right(&[8]);
    for w in warnings {
        let firm = dataset.firms.get(w.firm);
        table.push(vec![
            w.level.label(lang).to_owned(),
            w.kind.label(lang).to_owned(),
            firm.id.to_string(),
            firm.name.to_string(),
            warning_value(w, lang),
            chains_text(dataset, &w.chains, lang),
            county_name(dataset, w.county).unwrap_or_default().to_owned(),
            links_text(dataset, &w.critical_links, lang),
            points(w.impact),
        ]);
    }
    table
}

/// The 小升规 pipeline, by twelve-month sum.
#[must_use]
pub fn upgrade_table<'u>(dataset: &Dataset, upgrade: impl IntoIterator<Item = &'u Upgrade>, lang: Lang) -> Table {
    let mut table = Table::new(&[
        lang.pick("阶段", "Level"),
        lang.pick("企业编号", "Firm"),
        lang.pick("企业名称", "Name"),
        lang.pick("近12个月营收", "12 months"),
        lang.pick("产业链", "Chains"),
        lang.pick("县区", "County"),
    ])
    .right(&[3]);
    let starts = PlacementStarts::new(dataset);
    for u in upgrade {
        let firm = dataset.firms.get(u.firm);
        let chains = firm_chains(dataset, &starts, u.firm);
        table.push(vec![
            u.level.label(lang).to_owned(),
            firm.id.to_string(),
            firm.name.to_string(),
            amount(u.trailing12),
            chains_text(dataset, &chains, lang),
            county_name(dataset, firm.county).unwrap_or_default().to_owned(),
        ]);
    }
    table
}

/// A title with a remark in brackets, as each language writes them.
fn bracketed(title: &str, remark: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{title}（{remark}）"),
        Lang::En => format!("{title} ({remark})"),
    }
}

/// The titles of the parts, with counts where they help.
fn titles(monitor: &Monitor, lang: Lang) -> [String; 4] {
    let levels: Vec<WarningLevel> = monitor.warnings.iter().map(|w| w.level).collect();
    let stages: Vec<UpgradeLevel> = monitor.upgrade.iter().map(|u| u.level).collect();
    [
        lang.pick("产业链（按累计同比排名）", "Chains (ranked by year-to-date growth)").to_owned(),
        lang.pick("县区（按累计同比排名）", "Counties (ranked by year-to-date growth)").to_owned(),
        bracketed(lang.pick("预警", "Warnings"), &level_counts(&levels, WarningLevel::ALL, |l| l.label(lang)), lang),
        bracketed(
            lang.pick("小升规", "Upgrade pipeline"),
            &level_counts(&stages, UpgradeLevel::ALL, |l| l.label(lang)),
            lang,
        ),
    ]
}

/// The four tables with their titles, in the order people read them.
fn parts(dataset: &Dataset, monitor: &Monitor, lang: Lang) -> [(String, Table); 4] {
    let [chains, counties, warnings, upgrade] = titles(monitor, lang);
    [
        (chains, chains_table(dataset, monitor, lang)),
        (counties, counties_table(dataset, monitor, lang)),
        (warnings, warnings_table(dataset, &monitor.warnings, lang)),
        (upgrade, upgrade_table(dataset, &monitor.upgrade, lang)),
    ]
}

/// Writes the monitoring for people: heading, the region's line, then the
/// chains, counties, warnings and the pipeline, each as a table (a part
/// without rows says so in one line).
///
/// # Errors
/// When writing fails.
pub fn write_text(out: &mut dyn Write, dataset: &Dataset, monitor: &Monitor) -> io::Result<()> {
    let lang = Lang::Zh;
    writeln!(out, "{}", heading(monitor, lang))?;
    writeln!(out, "{}", region_line(dataset, monitor, lang))?;
    for (title, table) in parts(dataset, monitor, lang) {
        writeln!(out, "\n{title}")?;
        if table.rows.is_empty() {
            writeln!(out, "无")?;
        } else {
            table.write_text(out)?;
        }
    }
    Ok(())
}

/// Writes Markdown: the same parts under headings.
///
/// # Errors
/// When writing fails.
pub fn write_markdown(out: &mut dyn Write, dataset: &Dataset, monitor: &Monitor) -> io::Result<()> {
    let lang = Lang::Zh;
    writeln!(out, "# {}\n\n{}", heading(monitor, lang), region_line(dataset, monitor, lang))?;
    for (title, table) in parts(dataset, monitor, lang) {
        writeln!(out, "\n## {title}\n")?;
        if table.rows.is_empty() {
            writeln!(out, "无")?;
        } else {
            table.write_markdown(out)?;
        }
    }
    Ok(())
}

/// The CSV tables, English headers and raw numbers (growth as fractions,
/// empty for none): the indicators (one row per scope: the region, each
/// chain, each county), the warnings, and the pipeline.
#[must_use]
pub fn csv_tables(dataset: &Dataset, monitor: &Monitor) -> [Table; 3] {
    let figure_columns =
        ["month", "month_prev_year", "month_prev", "ytd", "ytd_prev", "yoy", "month_yoy", "mom", "firms", "reporting"];
    let mut headers = vec!["scope", "id", "name", "rank"];
    headers.extend(figure_columns);
    let mut indicators = Table::new(&headers);
    let mut push = |scope: &str, id: &str, name: &str, rank: String, f: &Figures| {
        let mut row = vec![scope.to_owned(), id.to_owned(), name.to_owned(), rank];
        row.extend([f.month, f.month_prev_year, f.month_prev, f.ytd, f.ytd_prev].map(|v| v.to_string()));
        row.extend([f.yoy(), f.month_yoy(), f.mom()].map(raw));
        row.extend([f.firms.to_string(), f.reporting.to_string()]);
        indicators.push(row);
    };
    push("region", "", dataset.region.name.as_deref().unwrap_or(""), String::new(), &monitor.region);
    for c in &monitor.chains {
        let chain = &dataset.chains[c.scope];
        push("chain", &chain.id, &chain.name, c.rank.to_string(), &c.figures);
    }
    for c in &monitor.counties {
        push("county", "", dataset.county_name(c.scope), c.rank.to_string(), &c.figures);
    }
    let doc = monitor_doc(dataset, Some(monitor));
    let mut warnings =
        Table::new(&["level", "kind", "firm", "name", "value", "chains", "county", "critical_links", "impact"]);
    for w in &doc.warnings {
        let links: Vec<String> = w.critical_links.iter().map(|l| format!("{}/{}", l.chain, l.link)).collect();
        warnings.push(vec![
            w.level.to_string(),
            w.kind.to_string(),
            w.firm.to_owned(),
            w.name.to_owned(),
            w.value.to_string(),
            w.chains.join(";"),
            w.county.unwrap_or_default().to_owned(),
            links.join(";"),
            w.impact.to_string(),
        ]);
    }
    let mut upgrade = Table::new(&["pipeline", "firm", "name", "trailing12", "chains", "county"]);
    for u in &doc.upgrade {
        upgrade.push(vec![
            u.level.to_string(),
            u.firm.to_owned(),
            u.name.to_owned(),
            u.trailing12.to_string(),
            u.chains.join(";"),
            u.county.unwrap_or_default().to_owned(),
        ]);
    }
    [indicators, warnings, upgrade]
}

/// Writes the three CSV tables, a blank line between them.
///
/// # Errors
/// When writing fails.
pub fn write_csv(out: &mut dyn Write, dataset: &Dataset, monitor: &Monitor) -> io::Result<()> {
    for (i, table) in csv_tables(dataset, monitor).iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        table.write_csv(out)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- report

fn section_title(monitor: Option<&Monitor>, lang: Lang) -> String {
    match monitor {
        Some(m) => format!("{} {}", lang.pick("运行监测", "Operations monitoring"), m.period),
        None => lang.pick("运行监测", "Operations monitoring").to_owned(),
    }
}

/// The section of a dataset without monthly data: its title and the line
/// saying so.
fn no_data_part(lang: Lang) -> Part {
    Part {
        anchor: "monitoring",
        title: section_title(None, lang),
        lines: vec![capitalized(no_data_reason(lang))],
        tables: vec![],
    }
}

/// The report period and the months the year-to-date sums cover, in a
/// line: "报告期 2022-06，累计为 2022-01 至 2022-06，金额单位万元".
fn period_line(monitor: &Monitor, lang: Lang) -> String {
    let january = Month::new(monitor.period.year(), 1).expect("January");
    let p = monitor.period;
    match lang {
        Lang::Zh => format!("报告期 {p}，累计为 {january} 至 {p}，金额单位万元；增速为 — 表示上年同期（或上月）为 0。"),
        Lang::En => format!(
            "Period {p}; year to date is {january} to {p}; amounts in 10k yuan; a growth of — means the year before (or the month before) was 0."
        ),
    }
}

/// A table of the part, with its CSV stem and sheet.
fn part_table(title: Option<String>, stem: &'static str, sheet: &str, table: Table, lang: Lang) -> PartTable {
    PartTable { title, stem, sheet: sheet.to_owned(), table, empty: lang.pick("（无）", "(none)").to_owned() }
}

/// One scope's figures as a table of one row: its name, then the figures.
fn figures_table(label: &str, f: &Figures, lang: Lang) -> Table {
    let mut headers = vec![lang.pick("范围", "Scope")];
    headers.extend(figure_headers(lang));
    let mut table = Table::new(&headers).right(&(1..=FIGURE_COLUMNS).collect::<Vec<_>>());
    let mut row = vec![label.to_owned()];
    row.extend(figure_cells(f));
    table.push(row);
    table
}

/// The region page's section: the period, the region's figures; chains
/// and counties ranked; the warnings; the 小升规 pipeline. `monitor` is
/// the whole region's ([`Query::default`](crate::analysis::monitor::Query));
/// `None` without monthly data.
#[must_use]
pub fn region_section(dataset: &Dataset, monitor: Option<&Monitor>, lang: Lang) -> Part {
    let Some(m) = monitor else { return no_data_part(lang) };
    let name = dataset.region.display_name(lang).unwrap_or(lang.pick("全市", "Region"));
    let [chains, counties, warnings, upgrade] = parts(dataset, m, lang);
    let sheets = [
        lang.pick("监测 产业链", "Monitor chains"),
        lang.pick("监测 县区", "Monitor counties"),
        lang.pick("预警", "Warnings"),
        lang.pick("小升规", "Upgrade pipeline"),
    ];
    let stems = ["monitor-chains", "monitor-counties", "monitor-warnings", "monitor-upgrade"];
    let mut tables = vec![part_table(
        None,
        "monitor-region",
        lang.pick("监测 全市", "Monitor region"),
        figures_table(name, &m.region, lang),
        lang,
    )];
    tables.extend(
        [chains, counties, warnings, upgrade]
            .into_iter()
            .zip(sheets.into_iter().zip(stems))
            .map(|((title, table), (sheet, stem))| part_table(Some(title), stem, sheet, table, lang)),
    );
    Part { anchor: "monitoring", title: section_title(monitor, lang), lines: vec![period_line(m, lang)], tables }
}

/// A chain page's section: the chain's figures and its rank among the
/// chains, its counties ranked, and the warnings about its firms with the
/// links they alone hold and their impact. `monitor` is the chain's
/// ([`Query`](crate::analysis::monitor::Query) naming the chain, or
/// [`Monitoring::chains`](crate::analysis::monitor::Monitoring)); `None`
/// without monthly data.
#[must_use]
pub fn chain_section(dataset: &Dataset, monitor: Option<&Monitor>, chain: ChainIdx, lang: Lang) -> Part {
    let Some(m) = monitor else { return no_data_part(lang) };
    let mut lines = vec![period_line(m, lang)];
    let mut tables = Vec::new();
    let name = dataset.chains[chain].display_name(lang);
    if let Some(c) = m.chain(chain) {
        lines.push(match lang {
            Lang::Zh => format!("{name}累计同比在 {} 条产业链中排第 {} 名。", dataset.chains.len(), c.rank),
            Lang::En => format!("{name} ranks {} of {} chains by year-to-date growth.", c.rank, dataset.chains.len()),
        });
        tables.push(part_table(
            None,
            "monitor-chain",
            lang.pick("监测 本链", "Monitor chain"),
            figures_table(name, &c.figures, lang),
            lang,
        ));
    }
    let [_, counties, warnings, _] = titles(m, lang);
    let sheets = [lang.pick("监测 县区", "Monitor counties"), lang.pick("预警", "Warnings")];
    tables.push(part_table(Some(counties), "monitor-counties", sheets[0], counties_table(dataset, m, lang), lang));
    tables.push(part_table(
        Some(warnings),
        "monitor-warnings",
        sheets[1],
        warnings_table(dataset, m.warnings_in(chain), lang),
        lang,
    ));
    Part { anchor: "monitoring", title: section_title(monitor, lang), lines, tables }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_percentages() {
        assert_eq!(amount(1050.0), "1,050.0");
        assert_eq!(amount(1_234_567.89), "1,234,567.9");
        assert_eq!(amount(0.04), "0.0");
        assert_eq!(amount(99.96), "100.0");
        assert_eq!(percent(Some(0.123_45)), "+12.3%");
        assert_eq!(percent(Some(-0.5)), "-50.0%");
        assert_eq!(percent(Some(0.0)), "+0.0%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn json_is_written_as_serde_json_writes_it() {
        use crate::analysis::analyze;
        use crate::analysis::monitor::{Query, monitor};
        let dataset = crate::load::load_dataset(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("chains"))
            .unwrap()
            .dataset;
        let analyses = analyze(&dataset);
        let whole = monitor(&dataset, &analyses, &Query::default()).unwrap();
        let one_chain = monitor(&dataset, &analyses, &Query { period: None, chain: Some(0) }).unwrap();
        assert!(!whole.warnings.is_empty() && !whole.upgrade.is_empty());
        for result in [None, Some(&whole), Some(&one_chain)] {
            let doc = monitor_doc(&dataset, result);
            let mut written = Vec::new();
            write_monitor_json(&mut written, &doc).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), serde_json::to_string_pretty(&doc).unwrap());
        }
    }

    #[test]
    fn levels_in_both_languages() {
        assert_eq!(WarningLevel::Red.label(Lang::Zh), "红");
        assert_eq!(WarningLevel::Orange.label(Lang::En), "orange");
        assert_eq!(WarningKind::ExitRisk.label(Lang::En), "exit risk");
        assert_eq!(WarningKind::ExitRisk.as_str(), "exit_risk");
        assert_eq!(UpgradeLevel::Nurture.zh(), "培育");
        assert_eq!(WarningLevel::parse("红色"), Some(WarningLevel::Red));
    }
}
