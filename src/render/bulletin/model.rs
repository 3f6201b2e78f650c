//! The bulletin as data: its title and its parts in reading order, each
//! with its lines, tables and trend charts, built once from a
//! [`BulletinInput`]. The writers (`html`, `markdown`, `xlsx`) each show
//! this model and decide nothing about content.
//!
//! ```text
//! Bulletin ── parts (in order):
//!   headline   主要指标           table: figure | value            (monitor, diff, dispatch)
//!   dispatch   调度情况           problems by unit, candidates by owner × stage, investment by chain
//!   ranking    产业链和县区排名   chains, counties                 (monitor)
//!   trends     产值走势           one SVG chart per chain + the table behind them
//!   warnings   运行预警           warnings with their critical links (monitor, risk)
//!   upgrade    小升规培育         the pipeline                      (monitor)
//!   changes    较上期变化         diff sections                     (diff)
//! ```
//!
//! A part without its data keeps its place and says so in one line.

use super::BulletinInput;
use super::chart::trend_svg;
use crate::analysis::diff::Diff;
use crate::analysis::monitor::WarningLevel;
use crate::model::{Engagement, Lang, ProjectStage};
use crate::render::diff::{DiffView, sections};
use crate::render::monitor::{amount, chains_table, counties_table, percent, upgrade_table, warnings_table};
use crate::render::report::PartTable;
use crate::render::table::Table;
use crate::render::word::{Signature, numbered};

/// The whole bulletin.
#[derive(Debug, Clone)]
pub struct Bulletin {
    pub lang: Lang,
    pub title: String,
    /// The title as an official document gives it: `安康市重点产业链月通报（2026年3月）`.
    pub document_title: String,
    /// The period and the copy compared with.
    pub subtitle: String,
    /// The Word document's opening sentence (现将…通报如下).
    pub opening: String,
    /// At the foot of every printed page.
    pub footer: String,
    /// The issuing office and the date at the end of the Word document.
    pub signature: Signature,
    pub parts: Vec<BulletinPart>,
}

/// A chain's trend chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The chain's name, the chart's heading.
    pub title: String,
    /// The SVG, to inline.
    pub svg: String,
}

/// One titled part of the bulletin.
#[derive(Debug, Clone)]
pub struct BulletinPart {
    /// Its HTML anchor.
    pub anchor: &'static str,
    /// What it is about (`主要指标`): an attachment's title.
    pub name: String,
    /// Its heading, numbered in reading order (`一、主要指标`).
    pub title: String,
    /// Said first, a paragraph each; for a part without data, the one line
    /// that says so.
    pub lines: Vec<String>,
    pub charts: Vec<Chart>,
    /// Its tables; each is a sheet of the workbook.
    pub tables: Vec<PartTable>,
}

impl BulletinPart {
    /// A part named `name`, numbered when the bulletin puts it in its place.
    fn new(anchor: &'static str, name: &str) -> Self {
        Self {
            anchor,
            name: name.to_owned(),
            title: String::new(),
            lines: Vec::new(),
            charts: Vec::new(),
            tables: Vec::new(),
        }
    }

    fn table(&mut self, title: Option<String>, stem: &'static str, sheet: &str, table: Table, empty: String) {
        self.tables.push(PartTable { title, stem, sheet: sheet.to_owned(), table, empty });
    }
}

fn none_word(lang: Lang) -> String {
    lang.pick("（无）", "(none)").to_owned()
}

/// The projects whose stage moved to `to` from an earlier one, and the
/// new projects already there.
fn projects_reaching(diff: &Diff, input: &BulletinInput<'_>, reached: fn(Option<ProjectStage>) -> bool) -> usize {
    let moved = diff.projects.stage_changes.iter().filter(|c| reached(c.stage.to) && !reached(c.stage.from)).count();
    let added = diff.projects.added.iter().filter(|&&p| reached(input.dataset.projects[p].stage)).count();
    moved + added
}

fn started(stage: Option<ProjectStage>) -> bool {
    matches!(stage, Some(ProjectStage::Construction | ProjectStage::Completed | ProjectStage::Producing))
}

fn finished(stage: Option<ProjectStage>) -> bool {
    matches!(stage, Some(ProjectStage::Completed | ProjectStage::Producing))
}

/// 主要指标: one row per figure.
fn headline(input: &BulletinInput<'_>) -> BulletinPart {
    let lang = input.lang;
    let mut part = BulletinPart::new("headline", lang.pick("主要指标", "Headline figures"));
    let mut t = Table::new(&[lang.pick("指标", "Figure"), lang.pick("数值", "Value")]);
    let mut row = |label: &str, value: String| t.push(vec![label.to_owned(), value]);
    let dash = || "—".to_owned();
    match input.monitor {
        Some(m) => {
            let f = &m.region;
            row(lang.pick("当月产值(万元)", "Output this month (10k yuan)"), amount(f.month));
            row(lang.pick("当月同比", "Month on last year"), percent(f.month_yoy()));
            row(lang.pick("累计产值(万元)", "Output so far this year (10k yuan)"), amount(f.ytd));
            row(lang.pick("累计同比", "Year to date on last year"), percent(f.yoy()));
            let count = |level: WarningLevel| m.warnings.iter().filter(|w| w.level == level).count();
            let levels: Vec<String> =
                WarningLevel::ALL.iter().map(|&l| format!("{} {}", l.label(lang), count(l))).collect();
            row(lang.pick("预警(红/橙/黄)", "Warnings (red/orange/yellow)"), levels.join(" / "));
        }
        None => row(lang.pick("当月产值(万元)", "Output this month (10k yuan)"), dash()),
    }
    let mean = |analyses: &[crate::analysis::ChainAnalysis]| {
        (!analyses.is_empty()).then(|| analyses.iter().map(|a| a.completeness).sum::<f64>() / analyses.len() as f64)
    };
    let now = mean(input.analyses).map_or_else(dash, |c| format!("{:.1}%", c * 100.0));
    let completeness = match input.since.as_ref().and_then(|s| mean(s.old.analyses)) {
        Some(old) => format!("{:.1}% → {now}", old * 100.0),
        None => now,
    };
    row(lang.pick("平均链条完整度", "Mean chain completeness"), completeness);
    let d = input.dispatch;
    let p = &d.problems_total;
    row(
        lang.pick("企业问题(待解决/已解决/超期)", "Problems (open/resolved/overdue)"),
        format!("{} / {} / {}", p.open, p.resolved, p.overdue),
    );
    let inv = &d.investment_total;
    row(
        lang.pick("已完成投资/计划投资(万元)", "Investment completed / planned (10k yuan)"),
        format!(
            "{} / {} ({})",
            amount(inv.completed),
            amount(inv.planned),
            inv.share.map_or_else(dash, |s| format!("{:.1}%", s * 100.0))
        ),
    );
    let signed_total = input.dataset.candidates.iter().filter(|c| c.stage == Engagement::Signed).count();
    match input.since.as_ref() {
        Some(since) => {
            let diff = since.diff;
            row(lang.pick("净增规上企业", "Net change of above-scale firms"), format!("{:+}", diff.above_scale_net));
            row(lang.pick("本期销号问题", "Problems resolved since"), diff.problems.resolved.len().to_string());
            row(
                lang.pick("本期开工项目", "Projects started since"),
                projects_reaching(diff, input, started).to_string(),
            );
            row(
                lang.pick("本期竣工/达产项目", "Projects completed since"),
                projects_reaching(diff, input, finished).to_string(),
            );
            let signed = diff.candidates.stage_changes.iter().filter(|c| c.stage.to == Engagement::Signed).count()
                + diff
                    .candidates
                    .added
                    .iter()
                    .filter(|&&c| input.dataset.candidates.get(c).stage == Engagement::Signed)
                    .count();
            row(
                lang.pick("本期签约招商目标(累计)", "Candidates signed since (in all)"),
                format!("{signed} ({signed_total})"),
            );
        }
        None => {
            row(lang.pick("净增规上企业", "Net change of above-scale firms"), dash());
            row(lang.pick("签约招商目标(累计)", "Candidates signed (in all)"), signed_total.to_string());
        }
    }
    part.table(None, "headline", lang.pick("主要指标", "Headline"), t, String::new());
    if input.monitor.is_none() {
        part.lines.push(crate::render::monitor::no_data_line(lang));
    }
    if input.since.is_none() {
        part.lines.push(no_since_line(lang));
    }
    part
}

fn no_since_line(lang: Lang) -> String {
    lang.pick(
        "没有上期快照（snapshots/ 下没有早于本期的月份，可用 --since 指定），与上期比较的指标从略。",
        "No earlier snapshot (none under snapshots/ before this period; name one with --since): figures against last month are left out.",
    )
    .to_owned()
}

/// 调度情况: problems by unit, candidates by owner and stage, investment by chain.
fn dispatch(input: &BulletinInput<'_>) -> BulletinPart {
    let lang = input.lang;
    let d = input.dispatch;
    let mut part = BulletinPart::new("dispatch", lang.pick("调度情况", "Dispatch"));
    if !d.has_columns {
        part.lines.push(
            lang.pick(
                "本数据集没有调度列（责任单位、办结时限、办结日期、已完成投资等，见 docs/formats.md），本部分从略。",
                "This dataset has no dispatch columns (department, deadline, resolved_on, completed_investment…; see docs/formats.md): this part is left out.",
            )
            .to_owned(),
        );
        return part;
    }
    let unit_name =
        |u: &Option<String>| u.clone().unwrap_or_else(|| lang.pick("（未指定）", "(unassigned)").to_owned());
    let mut t = Table::new(&[
        lang.pick("责任单位", "Responsible unit"),
        lang.pick("待解决", "Open"),
        lang.pick("已解决", "Resolved"),
        lang.pick("超期", "Overdue"),
        lang.pick("平均办结天数", "Mean days to resolve"),
    ])
    .right(&[1, 2, 3, 4]);
    let days = |m: Option<f64>| m.map_or_else(|| "—".to_owned(), |m| format!("{m:.1}"));
    let total = lang.pick("合计", "Total").to_owned();
    let rows = d.problems.iter().map(|u| (unit_name(&u.unit), u)).chain([(total.clone(), &d.problems_total)]);
    for (name, u) in rows {
        t.push(vec![name, u.open.to_string(), u.resolved.to_string(), u.overdue.to_string(), days(u.mean_days)]);
    }
    let period = d.period.map_or_else(String::new, |p| p.words(lang));
    part.table(
        Some(format!(
            "{}{period}",
            lang.pick("企业问题办理（按责任单位）· 超期截至", "Problems by responsible unit · overdue at the end of ")
        )),
        "problems_by_unit",
        lang.pick("问题办理", "Problems by unit"),
        t,
        lang.pick("没有企业问题。", "No problems.").to_owned(),
    );

    let mut headers = vec![lang.pick("责任单位/包抓领导", "Responsible")];
    headers.extend(Engagement::ALL.iter().map(|s| s.word(lang)));
    headers.push(lang.pick("合计", "Total"));
    let stages = Engagement::ALL.len();
    let mut t = Table::new(&headers).right(&(1..=stages + 1).collect::<Vec<_>>());
    let rows = d.candidates.iter().map(|u| (unit_name(&u.owner), u)).chain([(total, &d.candidates_total)]);
    for (name, u) in rows {
        let mut row = vec![name];
        row.extend(u.by_stage.iter().map(ToString::to_string));
        row.push(u.total().to_string());
        t.push(row);
    }
    part.table(
        Some(lang.pick("招商目标推进（按责任单位和对接阶段）", "Candidates by responsible unit and stage").to_owned()),
        "candidates_by_owner",
        lang.pick("招商推进", "Candidates by owner"),
        t,
        lang.pick("没有招商目标。", "No candidates.").to_owned(),
    );

    let mut t = Table::new(&[
        lang.pick("产业链", "Chain"),
        lang.pick("项目数", "Projects"),
        lang.pick("计划投资(万元)", "Planned (10k yuan)"),
        lang.pick("已完成投资(万元)", "Completed (10k yuan)"),
        lang.pick("完成率", "Share"),
    ])
    .right(&[1, 2, 3, 4]);
    let share = |s: Option<f64>| s.map_or_else(|| "—".to_owned(), |s| format!("{:.1}%", s * 100.0));
    for c in d.investment.iter().chain(std::iter::once(&d.investment_total)) {
        let name = c.chain.map_or_else(
            || lang.pick("合计", "Total").to_owned(),
            |c| input.dataset.chains[c].display_name(lang).to_owned(),
        );
        t.push(vec![name, c.projects.to_string(), amount(c.planned), amount(c.completed), share(c.share)]);
    }
    part.table(
        Some(lang.pick("重点项目投资完成（按产业链）", "Project investment by chain").to_owned()),
        "investment_by_chain",
        lang.pick("投资完成", "Investment"),
        t,
        lang.pick("没有重点项目。", "No projects.").to_owned(),
    );
    part
}

/// 产业链和县区排名.
fn ranking(input: &BulletinInput<'_>) -> BulletinPart {
    let lang = input.lang;
    let mut part = BulletinPart::new("ranking", lang.pick("产业链和县区排名", "Chains and counties ranked"));
    let Some(m) = input.monitor else {
        part.lines.push(crate::render::monitor::no_data_line(lang));
        return part;
    };
    part.lines
        .push(lang.pick("按累计同比排名，从高到低。", "Ranked by year-to-date growth, highest first.").to_owned());
    let none = none_word(lang);
    part.table(
        Some(lang.pick("产业链", "Chains").to_owned()),
        "chains",
        lang.pick("产业链排名", "Chains ranked"),
        chains_table(input.dataset, m, lang),
        none.clone(),
    );
    part.table(
        Some(lang.pick("县区", "Counties").to_owned()),
        "counties",
        lang.pick("县区排名", "Counties ranked"),
        counties_table(input.dataset, m, lang),
        none,
    );
    part
}

/// 产值走势: a chart per chain, and the table of the figures drawn.
fn trends(input: &BulletinInput<'_>) -> BulletinPart {
    let lang = input.lang;
    let mut part = BulletinPart::new("trends", lang.pick("产值走势", "Output trends"));
    let with_data: Vec<_> = input.trends.iter().filter(|t| t.has_data()).collect();
    if with_data.is_empty() {
        part.lines.push(crate::render::monitor::no_data_line(lang));
        return part;
    }
    let year = with_data[0].year;
    part.lines.push(match lang {
        Lang::Zh => format!("各产业链月度产值（万元），{year}年（实线、圆点）与{}年（虚线、方块）对比。", year - 1),
        Lang::En => format!(
            "Each chain's monthly output (10k yuan), {year} (solid line, dots) against {} (dashed line, squares).",
            year - 1
        ),
    });
    let mut headers = vec![lang.pick("产业链", "Chain"), lang.pick("年份", "Year")];
    let months: Vec<String> =
        (1..=12).map(|m| if lang == Lang::Zh { format!("{m}月") } else { MONTHS_EN[m - 1].to_owned() }).collect();
    headers.extend(months.iter().map(String::as_str));
    let mut t = Table::new(&headers).right(&(2..14).collect::<Vec<_>>());
    for trend in with_data {
        let name = input.dataset.chains[trend.chain].display_name(lang).to_owned();
        part.charts.push(Chart { title: name.clone(), svg: trend_svg(trend, &name, lang) });
        for (y, values) in [(trend.year, &trend.this_year), (trend.year - 1, &trend.last_year)] {
            let mut row = vec![name.clone(), y.to_string()];
            row.extend(values.iter().map(|v| v.map(amount).unwrap_or_default()));
            t.push(row);
        }
    }
    part.table(None, "trends", lang.pick("产值走势", "Output trends"), t, String::new());
    part
}

/// Month abbreviations for English charts and tables.
pub const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// 运行预警 with the critical links.
fn warnings(input: &BulletinInput<'_>) -> BulletinPart {
    let lang = input.lang;
    let mut part = BulletinPart::new("warnings", lang.pick("运行预警", "Warnings"));
    let Some(m) = input.monitor else {
        part.lines.push(crate::render::monitor::no_data_line(lang));
        return part;
    };
    let critical = m.warnings.iter().filter(|w| !w.critical_links.is_empty()).count();
    part.lines.push(match lang {
        Lang::Zh => format!("预警 {} 条，其中 {critical} 条涉及停产即断链的环节。", m.warnings.len()),
        Lang::En => format!("{} warnings, {critical} of them at firms whose halting breaks a link.", m.warnings.len()),
    });
    part.table(
        None,
        "warnings",
        lang.pick("运行预警", "Warnings"),
        warnings_table(input.dataset, &m.warnings, lang),
        lang.pick("本期没有预警。", "No warnings this period.").to_owned(),
    );
    part
}

/// 小升规培育.
fn upgrade(input: &BulletinInput<'_>) -> BulletinPart {
    let lang = input.lang;
    let mut part = BulletinPart::new("upgrade", lang.pick("小升规培育", "Upgrade pipeline (小升规)"));
    let Some(m) = input.monitor else {
        part.lines.push(crate::render::monitor::no_data_line(lang));
        return part;
    };
    part.table(
        None,
        "upgrade",
        lang.pick("小升规", "Upgrade"),
        upgrade_table(input.dataset, &m.upgrade, lang),
        lang.pick("本期没有接近规上的企业。", "No firm is near the above-scale line this period.").to_owned(),
    );
    part
}

/// The file stem and sheet name of each of the diff's sections, in `sections` order.
const STEMS: [(&str, &str, &str); 11] = [
    ("changes_chains", "变化-产业链", "Changes chains"),
    ("changes_chains_added", "变化-新增链", "Chains added"),
    ("changes_chains_removed", "变化-删除链", "Chains removed"),
    ("changes_links", "变化-环节状态", "Link status changes"),
    ("changes_links_added", "变化-环节增删", "Links added removed"),
    ("changes_firms", "变化-企业", "Firms"),
    ("changes_firm_fields", "变化-企业信息", "Firm changes"),
    ("changes_above_scale", "变化-规上", "Above scale"),
    ("changes_candidates", "变化-招商目标", "Candidates"),
    ("changes_projects", "变化-项目", "Projects"),
    ("changes_problems", "变化-问题", "Problems"),
];

/// 较上期变化: the diff's sections.
fn changes(input: &BulletinInput<'_>) -> BulletinPart {
    let lang = input.lang;
    let mut part = BulletinPart::new("changes", lang.pick("较上期变化", "Changes since last month"));
    let Some(since) = input.since.as_ref() else {
        part.lines.push(no_since_line(lang));
        return part;
    };
    part.lines.push(match lang {
        Lang::Zh => format!("与 {} 比较。", since.label),
        Lang::En => format!("Compared with {}.", since.label),
    });
    let view = DiffView { old: since.old, new: since.new, diff: since.diff };
    for ((heading, table), (stem, zh, en)) in sections(&view, lang).into_iter().zip(STEMS) {
        match table {
            Some(table) => part.table(Some(heading), stem, lang.pick(zh, en), table, String::new()),
            None => part.lines.push(heading),
        }
    }
    part
}

impl Bulletin {
    /// The bulletin of `input`, every part in order.
    #[must_use]
    pub fn new(input: &BulletinInput<'_>) -> Self {
        let lang = input.lang;
        let r = &input.dataset.region;
        let region = match lang {
            Lang::En => r.name_en.as_deref().or(r.name.as_deref()),
            Lang::Zh => r.name.as_deref(),
        }
        .unwrap_or("");
        let period = input.period.map(|p| p.words(lang));
        let title = match (lang, &period) {
            (Lang::Zh, Some(p)) => format!("{region}重点产业链月通报 · {p}"),
            (Lang::Zh, None) => format!("{region}重点产业链月通报"),
            (Lang::En, Some(p)) => format!("{region} key industrial chains: monthly bulletin, {p}"),
            (Lang::En, None) => format!("{region} key industrial chains: monthly bulletin"),
        };
        let subtitle = match (&input.since, lang) {
            (Some(s), Lang::Zh) => format!("{} 条产业链 · 较上期：{}", input.dataset.chains.len(), s.label),
            (Some(s), Lang::En) => format!("{} chains · compared with {}", input.dataset.chains.len(), s.label),
            (None, Lang::Zh) => format!("{} 条产业链 · 无上期快照", input.dataset.chains.len()),
            (None, Lang::En) => format!("{} chains · no earlier snapshot", input.dataset.chains.len()),
        };
        let document_title = match (lang, &period) {
            (Lang::Zh, Some(p)) => format!("{region}重点产业链月通报（{p}）"),
            (Lang::Zh, None) | (Lang::En, _) => title.clone(),
        };
        let chains = input.dataset.chains.len();
        let opening = match (lang, &period) {
            (Lang::Zh, Some(p)) => format!("现将{p}{region}重点产业链（{chains}条）运行情况通报如下。"),
            (Lang::Zh, None) => format!("现将{region}重点产业链（{chains}条）运行情况通报如下。"),
            (Lang::En, Some(p)) => format!("This bulletin reports on the {chains} key industrial chains for {p}."),
            (Lang::En, None) => format!("This bulletin reports on the {chains} key industrial chains."),
        };
        let footer = format!("{title} · chainmap");
        let signature = Signature::new(r, input.period, lang);
        let mut parts = vec![
            headline(input),
            dispatch(input),
            ranking(input),
            trends(input),
            warnings(input),
            upgrade(input),
            changes(input),
        ];
        for (n, part) in parts.iter_mut().enumerate() {
            part.title = numbered(lang, n + 1, &part.name);
        }
        Self { lang, title, document_title, subtitle, opening, footer, signature, parts }
    }
}
