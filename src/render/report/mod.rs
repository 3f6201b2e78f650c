//! The report (一图五清单): for the region and each chain, the maps and the
//! five lists, as an offline HTML site, Markdown, CSV and XLSX. Everything
//! is built in memory as (relative path, bytes); the command line writes it.

pub mod html;
pub mod lists;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::analysis::status::firms_by_link;
use crate::analysis::targets::Targets;
use crate::analysis::{ChainAnalysis, GapKind, LinkStatus};
use crate::model::lang::capitalized;
use crate::model::{Dataset, Factor, Lang, PriorityFactor, Weights};
use crate::render::gaps::{reason, thousands};
use crate::render::table::{Align, Table};
use crate::render::xlsx::{self, Sheet};
use crate::render::{status_counts, status_links};
use html::{bar, esc, inline_svg, page};
pub use lists::{List, ListInput, ListKind, Scope};

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
    pub lang: Lang,
    pub maps: &'a Maps,
}

/// The report's files: relative path → bytes, in path order.
pub type Files = BTreeMap<String, Vec<u8>>;

/// A cell that a spreadsheet could read as a formula (`=`, `+`, `-`, `@`,
/// tab, carriage return) gets a leading `'`, so it stays text.
#[must_use]
pub fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
}

/// A table with every text cell guarded (numbers in right-aligned columns are kept).
fn guarded(table: &Table) -> Table {
    let mut out = table.clone();
    for row in &mut out.rows {
        for (cell, align) in row.iter_mut().zip(&table.align) {
            let numeric = *align == Align::Right && cell.replace(',', "").parse::<f64>().is_ok_and(|n| n >= 0.0);
            if !numeric {
                *cell = guard(cell);
            }
        }
    }
    out.headers = out.headers.iter().map(|h| guard(h)).collect();
    out
}

/// CSV for Excel: UTF-8 with a BOM so Chinese opens correctly, cells guarded.
fn csv_bytes(table: &Table) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    guarded(table).write_csv(&mut out).expect("writing to memory");
    out
}

/// How priority is made, with the weights in force, e.g. "优先级 0–100 =
/// 缺口类型 40 + 路径占比 25 + 需求拉动 20 + 权重 15（…）". Weights that do not
/// add up to 100 are shown as they are, with the scaling that makes 0–100.
#[must_use]
pub fn priority_note(weights: &Weights<PriorityFactor>, lang: Lang) -> String {
    let terms: Vec<String> = weights.iter().map(|(f, w)| format!("{} {w}", f.label(lang))).collect();
    let terms = terms.join(" + ");
    let total = weights.total();
    let formula = if (total - 100.0).abs() < 1e-9 { terms } else { format!("100 × ({terms}) ÷ {total}") };
    match (lang, total > 0.0) {
        (Lang::Zh, true) => format!("优先级 0–100 = {formula}（各因子取值 0–1，见 docs/analysis.md）"),
        (Lang::En, true) => format!("Priority 0–100 = {formula} (each factor 0–1; see docs/analysis.md)"),
        (Lang::Zh, false) => "优先级均为 0: region.json 中各因子权重都是 0（见 docs/analysis.md）".to_owned(),
        (Lang::En, false) => {
            "Every priority is 0: region.json gives every factor weight 0 (see docs/analysis.md)".to_owned()
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
fn chains_table(input: &ReportInput<'_>, html_bars: bool) -> Table {
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
            if html_bars {
                format!("{:.1}", a.completeness * 100.0)
            } else {
                format!("{:.1}%", a.completeness * 100.0)
            },
            if a.closed_loop { lang.pick("能闭环", "yes") } else { lang.pick("未闭环", "no") }.to_owned(),
            count(a, LinkStatus::Missing).to_string(),
            count(a, LinkStatus::Weak).to_string(),
            top.map(|t| d.candidates[t.candidate].name.to_string()).unwrap_or_default(),
        ]);
    }
    table
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
                let output: f64 = fs.iter().filter_map(|&f| d.firms[f as usize].output).sum();
                let firms = format!("{} {}", fs.len(), lang.pick("家", "firms"));
                if output > 0.0 {
                    format!("{firms} · {} {}", thousands(output), lang.pick("万元", "")).trim_end().to_owned()
                } else {
                    firms
                }
            }));
        }
        let output: f64 = all.iter().filter_map(|&f| d.firms[f as usize].output).sum();
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

fn list_input<'a>(input: &'a ReportInput<'a>) -> ListInput<'a> {
    ListInput { dataset: input.dataset, analyses: input.analyses, targets: input.targets, lang: input.lang }
}

fn nav(input: &ReportInput<'_>, here: Option<usize>) -> String {
    let mut out = String::from("<nav class=\"chains\">");
    let cls = |is: bool| if is { " class=\"here\"" } else { "" };
    let _ =
        write!(out, "<a href=\"index.html\"{}>{}</a>", cls(here.is_none()), esc(input.lang.pick("全市总览", "Region")));
    for (c, chain) in input.dataset.chains.iter().enumerate() {
        let _ = write!(
            out,
            "<a href=\"{}.html\"{}>{}</a>",
            chain.id,
            cls(here == Some(c)),
            esc(chain.display_name(input.lang))
        );
    }
    out.push_str("</nav>");
    out
}

fn region_name<'a>(input: &ReportInput<'a>) -> &'a str {
    input.dataset.region.display_name(input.lang).unwrap_or_else(|| input.lang.pick("本地区", "The region"))
}

fn footer(input: &ReportInput<'_>) -> String {
    format!(
        "chainmap {} · {}",
        env!("CARGO_PKG_VERSION"),
        input.lang.pick(
            "链条完整度、缺口与优先级的定义见 docs/analysis.md",
            "definitions of completeness, gaps and priority: docs/analysis.md"
        )
    )
}

fn figure(svg: Option<&Vec<u8>>, prefix: &str, missing: &str) -> String {
    match svg {
        Some(svg) => format!("<div class=\"figure\">{}</div>\n", inline_svg(svg, prefix)),
        None => format!("<p class=\"note\">{}</p>\n", esc(missing)),
    }
}

fn lists_html(lists: &[List], counts: &Table, lang: Lang) -> String {
    let mut out = String::new();
    for list in lists {
        let _ = writeln!(
            out,
            "<h2 id=\"{}\">{} <span class=\"note\">({})</span></h2>",
            list.kind.stem(),
            esc(list.kind.title(lang)),
            list.table.rows.len()
        );
        if list.kind == ListKind::Problems {
            let _ = writeln!(out, "<h3>{}</h3>", esc(lang.pick("按类别统计", "By category")));
            out.push_str(&html::table(counts, "counts"));
            let _ = writeln!(out, "<h3>{}</h3>", esc(lang.pick("问题明细", "Problems")));
        }
        if list.table.rows.is_empty() {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(lang.pick("（无）", "(none)")));
        } else {
            out.push_str(&html::table(&list.table, list.kind.stem()));
        }
    }
    out
}

fn lists_markdown(lists: &[List], counts: &Table, lang: Lang) -> String {
    let mut out = Vec::new();
    for list in lists {
        let _ = writeln!(out_string(&mut out), "\n## {}\n", list.kind.title(lang));
        if list.kind == ListKind::Problems {
            let _ = writeln!(out_string(&mut out), "### {}\n", lang.pick("按类别统计", "By category"));
            counts.write_markdown(&mut out).expect("memory");
            let _ = writeln!(out_string(&mut out), "\n### {}\n", lang.pick("问题明细", "Problems"));
        }
        if list.table.rows.is_empty() {
            let _ = writeln!(out_string(&mut out), "{}", lang.pick("（无）", "(none)"));
        } else {
            list.table.write_markdown(&mut out).expect("memory");
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// A `fmt::Write` view of a byte buffer.
struct Utf8Sink<'a>(&'a mut Vec<u8>);
impl std::fmt::Write for Utf8Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}
fn out_string(buf: &mut Vec<u8>) -> Utf8Sink<'_> {
    Utf8Sink(buf)
}

/// Markdown-safe inline text.
fn md(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace('<', "&lt;").replace('\n', " ")
}

fn lists_files(
    files: &mut Files,
    dir: &str,
    book: &str,
    lists: &[List],
    counts: &Table,
    gaps: Option<&Table>,
    lang: Lang,
) -> anyhow::Result<()> {
    for list in lists {
        files.insert(format!("csv/{dir}/{}.csv", list.kind.stem()), csv_bytes(&list.table));
    }
    files.insert(format!("csv/{dir}/problem-categories.csv"), csv_bytes(counts));
    if let Some(gaps) = gaps {
        files.insert(format!("csv/{dir}/gaps.csv"), csv_bytes(gaps));
    }
    let guarded_lists: Vec<Table> = lists.iter().map(|l| guarded(&l.table)).collect();
    let guarded_counts = guarded(counts);
    let guarded_gaps = gaps.map(guarded);
    let mut sheets: Vec<Sheet<'_>> = Vec::new();
    if let Some(g) = &guarded_gaps {
        sheets.push(Sheet { name: lang.pick("环节缺口", "Gaps"), table: g });
    }
    for (list, table) in lists.iter().zip(&guarded_lists) {
        sheets.push(Sheet { name: list.kind.title(lang), table });
    }
    sheets.push(Sheet { name: lang.pick("问题分类统计", "Problems by category"), table: &guarded_counts });
    files.insert(format!("xlsx/{book}.xlsx"), xlsx::to_bytes(&sheets)?);
    Ok(())
}

/// Builds every file of the report.
///
/// # Errors
/// When a workbook cannot be built.
pub fn build(input: &ReportInput<'_>) -> anyhow::Result<Files> {
    let d = input.dataset;
    let lang = input.lang;
    let lang_code = lang.pick("zh-CN", "en");
    let firms_at = firms_by_link(d);
    let weights = Weights::<PriorityFactor>::from_overrides(&d.region.priority_weights);
    let li = list_input(input);
    let mut files = Files::new();
    let region = region_name(input);
    let title =
        format!("{region}{}", lang.pick(" 重点产业链 一图五清单", " key industrial chains: one map, five lists"));

    // Maps as files, for the Markdown and for reuse.
    if let Some(svg) = &input.maps.overview {
        files.insert("maps/overview.svg".into(), svg.clone());
    }
    for (c, chain) in d.chains.iter().enumerate() {
        if let Some(Some(svg)) = input.maps.panorama.get(c) {
            files.insert(format!("maps/{}-panorama.svg", chain.id), svg.clone());
        }
        if let Some(Some(svg)) = input.maps.flow.get(c) {
            files.insert(format!("maps/{}-flow.svg", chain.id), svg.clone());
        }
    }

    // The region.
    let region_lists = lists::five_lists(&li, Scope::Region, &firms_at);
    let region_counts = lists::problem_counts(&li, Scope::Region);
    let chains_html = chains_table(input, true);
    let mut body = String::new();
    let total_links: usize = d.chains.iter().map(|c| c.links.len()).sum();
    let missing: usize = input.analyses.iter().map(|a| count(a, LinkStatus::Missing)).sum();
    let weak: usize = input.analyses.iter().map(|a| count(a, LinkStatus::Weak)).sum();
    body.push_str("<div class=\"cards\">");
    for (label, value) in [
        (lang.pick("重点产业链", "Chains"), d.chains.len()),
        (lang.pick("环节", "Links"), total_links),
        (&capitalized(&status_links(LinkStatus::Missing, lang)), missing),
        (&capitalized(&status_links(LinkStatus::Weak, lang)), weak),
        (lang.pick("招商目标", "Targets"), input.targets.targets.len()),
    ] {
        let _ = write!(body, "<div class=\"card\">{}<b>{value}</b></div>", esc(label));
    }
    body.push_str("</div>\n");
    let _ = writeln!(body, "<h2 id=\"chains\">{}</h2>", esc(lang.pick("各产业链概况", "The chains")));
    // The chain table with links and bars.
    {
        let mut t = String::from("<div class=\"tablewrap\"><table class=\"data chains\"><thead><tr>");
        for (h, a) in chains_html.headers.iter().zip(&chains_html.align) {
            let cls = if *a == Align::Right { " class=\"num\"" } else { "" };
            let _ = write!(t, "<th{cls}>{}</th>", esc(h));
        }
        t.push_str("</tr></thead><tbody>");
        for (c, row) in chains_html.rows.iter().enumerate() {
            t.push_str("<tr>");
            for (i, (cell, a)) in row.iter().zip(&chains_html.align).enumerate() {
                let cls = if *a == Align::Right { " class=\"num\"" } else { "" };
                let content = match i {
                    0 => format!("<a href=\"{}.html\">{}</a>", d.chains[c].id, esc(cell)),
                    4 => bar(input.analyses[c].completeness),
                    _ => esc(cell),
                };
                let _ = write!(t, "<td{cls}>{content}</td>");
            }
            t.push_str("</tr>");
        }
        t.push_str("</tbody></table></div>\n");
        body.push_str(&t);
    }
    let _ = writeln!(body, "<h2 id=\"overview\">{}</h2>", esc(lang.pick("产业链总览图", "Overview map")));
    body.push_str(&figure(
        input.maps.overview.as_ref(),
        "ov",
        lang.pick("（总览图未生成）", "(overview map not available)"),
    ));
    let _ = writeln!(
        body,
        "<h2 id=\"top-targets\">{}</h2>",
        esc(lang.pick("重点招商目标（前 10）", "Top recruitment targets"))
    );
    body.push_str(&html::table(&top_targets_table(input, 10), "top"));
    let _ = writeln!(body, "<h2 id=\"counties\">{}</h2>", esc(lang.pick("县区 × 产业链", "Counties × chains")));
    body.push_str(&html::table(&county_table(input), "counties"));
    for note in &input.maps.notes {
        let _ = writeln!(body, "<p class=\"note\">{}</p>", esc(note));
    }
    body.push_str(&lists_html(&region_lists, &region_counts, lang));
    let subtitle = format!(
        "{} {} · {missing} {}{} · {weak} {}{}",
        d.chains.len(),
        lang.pick("条重点产业链", "chains"),
        lang.pick("个", ""),
        status_links(LinkStatus::Missing, lang),
        lang.pick("个", ""),
        status_links(LinkStatus::Weak, lang),
    );
    files.insert(
        "index.html".into(),
        page(lang_code, &title, &subtitle, &nav(input, None), &body, &footer(input)).into_bytes(),
    );

    let mut md_index = format!("# {}\n\n{subtitle}\n\n## {}\n\n", md(&title), lang.pick("各产业链概况", "The chains"));
    let mut buf = Vec::new();
    chains_table(input, false).write_markdown(&mut buf).expect("memory");
    md_index.push_str(&String::from_utf8(buf).expect("UTF-8"));
    for chain in &d.chains {
        let _ = writeln!(md_index, "- [{}]({}.md)", md(chain.display_name(lang)), chain.id);
    }
    if input.maps.overview.is_some() {
        let _ = write!(
            md_index,
            "\n## {}\n\n![{}](../maps/overview.svg)\n",
            lang.pick("产业链总览图", "Overview map"),
            lang.pick("总览图", "overview")
        );
    }
    let _ = writeln!(md_index, "\n## {}\n", lang.pick("县区 × 产业链", "Counties × chains"));
    let mut buf = Vec::new();
    county_table(input).write_markdown(&mut buf).expect("memory");
    md_index.push_str(&String::from_utf8(buf).expect("UTF-8"));
    md_index.push_str(&lists_markdown(&region_lists, &region_counts, lang));
    files.insert("md/index.md".into(), md_index.into_bytes());
    lists_files(&mut files, "region", "region", &region_lists, &region_counts, None, lang)?;
    files.insert("csv/region/chains.csv".into(), csv_bytes(&chains_table(input, false)));
    files.insert("csv/region/counties.csv".into(), csv_bytes(&county_table(input)));

    // One page per chain.
    for (c, chain) in d.chains.iter().enumerate() {
        let analysis = &input.analyses[c];
        let chain_lists = lists::five_lists(&li, Scope::Chain(c), &firms_at);
        let counts = lists::problem_counts(&li, Scope::Chain(c));
        let gaps = gap_table(input, c);
        let name = chain.display_name(lang);
        let positioning = chain.positioning.as_deref().map(|p| format!("（{p}）")).unwrap_or_default();
        let headline = format!(
            "{} {:.1}% · {} · {}",
            lang.pick("完整度", "completeness"),
            analysis.completeness * 100.0,
            if analysis.closed_loop {
                lang.pick("能闭环", "closes")
            } else {
                lang.pick("未闭环", "does not close")
            },
            status_counts(&analysis.links, lang),
        );
        let mut body = String::new();
        let _ = writeln!(body, "<h2 id=\"panorama\">{}</h2>", esc(lang.pick("产业链全景图", "Panorama")));
        body.push_str(&figure(
            input.maps.panorama.get(c).and_then(Option::as_ref),
            "pan",
            lang.pick("（全景图未生成）", "(panorama not available)"),
        ));
        let _ = writeln!(body, "<h2 id=\"flow\">{}</h2>", esc(lang.pick("供给关系图", "Supply flow")));
        body.push_str(&figure(
            input.maps.flow.get(c).and_then(Option::as_ref),
            "flow",
            lang.pick("（供给关系图需要 Graphviz，未生成）", "(the flow map needs Graphviz and was not made)"),
        ));
        let _ = writeln!(body, "<h2 id=\"gaps\">{}</h2>", esc(lang.pick("环节缺口与优先级", "Gaps and priorities")));
        let _ = writeln!(body, "<p class=\"note\">{}</p>", esc(&priority_note(&weights, lang)));
        body.push_str(&html::table(&gaps, "gaps"));
        body.push_str(&lists_html(&chain_lists, &counts, lang));
        let title = format!("{name}{positioning}{}", lang.pick(" 一图五清单", ": one map, five lists"));
        files.insert(
            format!("{}.html", chain.id),
            page(lang_code, &title, &headline, &nav(input, Some(c)), &body, &footer(input)).into_bytes(),
        );

        let mut text =
            format!("# {}\n\n{headline}\n\n[{}](index.md)\n", md(&title), lang.pick("← 全市总览", "← region"));
        for (maps, view, heading) in [
            (&input.maps.panorama, "panorama", lang.pick("产业链全景图", "Panorama")),
            (&input.maps.flow, "flow", lang.pick("供给关系图", "Supply flow")),
        ] {
            if maps.get(c).is_some_and(Option::is_some) {
                let _ = write!(text, "\n## {heading}\n\n![{}](../maps/{}-{view}.svg)\n", md(name), chain.id);
            }
        }
        let _ = writeln!(text, "\n## {}\n", lang.pick("环节缺口与优先级", "Gaps and priorities"));
        let mut buf = Vec::new();
        gaps.write_markdown(&mut buf).expect("memory");
        text.push_str(&String::from_utf8(buf).expect("UTF-8"));
        text.push_str(&lists_markdown(&chain_lists, &counts, lang));
        files.insert(format!("md/{}.md", chain.id), text.into_bytes());
        lists_files(&mut files, &chain.id, &chain.id, &chain_lists, &counts, Some(&gaps), lang)?;
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn priority_note_follows_the_weights() {
        assert_eq!(
            priority_note(&Weights::default(), Lang::Zh),
            "优先级 0–100 = 缺口类型 40 + 路径占比 25 + 需求拉动 20 + 权重 15（各因子取值 0–1，见 docs/analysis.md）"
        );
        assert_eq!(
            priority_note(&Weights::default(), Lang::En),
            "Priority 0–100 = gap kind 40 + path share 25 + demand pull 20 + weight 15 (each factor 0–1; see docs/analysis.md)"
        );
        let overrides = BTreeMap::from([("path_share".to_owned(), 12.5), ("weight".to_owned(), 0.0)]);
        assert_eq!(
            priority_note(&Weights::from_overrides(&overrides), Lang::Zh),
            "优先级 0–100 = 100 × (缺口类型 40 + 路径占比 12.5 + 需求拉动 20 + 权重 0) ÷ 72.5（各因子取值 0–1，见 docs/analysis.md）"
        );
        let zero = PriorityFactor::KEYS.iter().map(|k| ((*k).to_owned(), 0.0)).collect();
        assert!(priority_note(&Weights::from_overrides(&zero), Lang::En).starts_with("Every priority is 0"));
    }
}
