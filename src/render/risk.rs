//! The risk picture (SPEC §10) as JSON, tables for people, CSV and
//! Markdown: the firms the chains cannot lose with what their halting would
//! break in words, the single-source links with their one firm, the
//! chokepoints, and each chain's redundancy.
//!
//! Every format writes the same [`RiskView`]: the dataset's risk narrowed to
//! one chain (`--chain`) and to the first firms (`--top`). The report's
//! chain pages show a chain's view through [`report_part`], in the same
//! words as the command.

use std::io::{self, Write};

use serde::Serialize;

use super::report::{Part, PartTable};
use super::table::Table;
use crate::analysis::risk::{Exposure, FirmImpact, LinkRef, Risk, SingleSource, rank_firms};
use crate::analysis::{ChainAnalysis, LinkStatus};
use crate::model::{ChainIdx, Dataset, Lang};

/// Which part of the risk picture to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RiskScope {
    /// Only this chain, when set: its firms ranked by what they cost it
    /// alone, its single sources, its chokepoints, its redundancy.
    pub chain: Option<ChainIdx>,
    /// Only the first `top` firms of the ranking.
    pub top: Option<usize>,
}

/// The risk picture in scope, as every format writes it.
#[derive(Debug, Clone)]
pub struct RiskView<'a> {
    dataset: &'a Dataset,
    analyses: &'a [ChainAnalysis],
    /// Ranked, within the scope's chain, at most `top`.
    firms: Vec<FirmImpact>,
    /// How many firms the ranking holds before `top`.
    ranked: usize,
    single_sources: Vec<SingleSource>,
    chokepoints: Vec<LinkRef>,
    /// The chains in scope, in chain order, with their redundancy.
    chains: Vec<(ChainIdx, Option<f64>)>,
    /// Open problems per firm, by firm index.
    open_problems: Vec<u32>,
}

impl<'a> RiskView<'a> {
    /// The part of `risk` in `scope`. Narrowed to a chain, each firm counts
    /// with what halting it costs that chain only, and the firms are ranked
    /// again on those figures. `open_problems` is
    /// [`open_problems`](crate::analysis::risk::open_problems)`(dataset)`.
    #[must_use]
    pub fn new(
        dataset: &'a Dataset,
        analyses: &'a [ChainAnalysis],
        risk: &Risk,
        open_problems: Vec<u32>,
        scope: RiskScope,
    ) -> Self {
        let keeps = |c: ChainIdx| scope.chain.is_none_or(|only| only == c);
        let mut firms = match scope.chain {
            None => risk.firms.clone(),
            Some(c) => {
                let mut here: Vec<FirmImpact> = risk.firms.iter().filter_map(|f| f.in_chain(c)).collect();
                rank_firms(dataset, &mut here);
                here
            }
        };
        let ranked = firms.len();
        firms.truncate(scope.top.unwrap_or(usize::MAX));
        Self {
            dataset,
            analyses,
            firms,
            ranked,
            single_sources: risk.single_sources.iter().copied().filter(|s| keeps(s.chain)).collect(),
            chokepoints: risk.chokepoints.iter().copied().filter(|l| keeps(l.chain)).collect(),
            chains: risk.redundancy.iter().copied().enumerate().filter(|(c, _)| keeps(*c)).collect(),
            open_problems,
        }
    }

    fn chain_id(&self, c: ChainIdx) -> &'a str {
        &self.dataset.chains[c].id
    }

    fn link_id(&self, l: LinkRef) -> &'a str {
        &self.dataset.chains[l.chain].links[l.link].id
    }

    /// A link named for people: `链/环节` when `with_chain`.
    fn link_name(&self, l: LinkRef, with_chain: bool, lang: Lang) -> String {
        let chain = &self.dataset.chains[l.chain];
        let name = chain.links[l.link].display_name(lang);
        if with_chain { format!("{}/{name}", chain.display_name(lang)) } else { name.to_owned() }
    }

    /// The names of the chains a firm's halting costs, in chain order.
    fn chain_names(&self, f: &FirmImpact, lang: Lang) -> String {
        let names: Vec<&str> = f.chains.iter().map(|c| self.dataset.chains[c.chain].display_name(lang)).collect();
        names.join(lang.pick("、", ", "))
    }

    /// What halting a firm would do, in words: "停产将致 锂盐 断链; 电芯 由较强降为薄弱;
    /// 电池链 无法闭环". Links carry their chain's name when the firm's
    /// halting reaches several chains.
    #[must_use]
    pub fn consequences(&self, f: &FirmImpact, lang: Lang) -> String {
        let several = f.chains.len() > 1;
        let names = |links: &[LinkRef]| -> String {
            let names: Vec<String> = links.iter().map(|&l| self.link_name(l, several, lang)).collect();
            names.join(lang.pick("、", ", "))
        };
        let (strong, weak) = (LinkStatus::Strong.label(lang), LinkStatus::Weak.label(lang));
        let mut parts = Vec::new();
        if !f.breaks.is_empty() {
            parts.push(match lang {
                Lang::Zh => format!("{} 断链", names(&f.breaks)),
                Lang::En => format!("break {}", names(&f.breaks)),
            });
        }
        if !f.downgrades.is_empty() {
            parts.push(match lang {
                Lang::Zh => format!("{} 由{strong}降为{weak}", names(&f.downgrades)),
                Lang::En => format!("drop {} from {strong} to {weak}", names(&f.downgrades)),
            });
        }
        if !f.loop_lost.is_empty() {
            let chains: Vec<&str> = f.loop_lost.iter().map(|&c| self.dataset.chains[c].display_name(lang)).collect();
            parts.push(match lang {
                Lang::Zh => format!("{} 无法闭环", chains.join("、")),
                Lang::En => format!("leave {} unable to close", chains.join(", ")),
            });
        }
        match lang {
            Lang::Zh => format!("停产将致 {}", parts.join("; ")),
            Lang::En => format!("halting it would {}", parts.join("; ")),
        }
    }

    /// Covered links and single-source links of a chain.
    fn counts(&self, c: ChainIdx) -> (usize, usize) {
        let links = &self.analyses[c].links;
        let covered = links.iter().filter(|l| l.status.is_covered()).count();
        let single = links.iter().filter(|l| l.coverage.is_single_source()).count();
        (covered, single)
    }
}

/// A link of a chain, by id.
#[derive(Debug, Serialize)]
pub struct LinkDoc<'a> {
    pub chain: &'a str,
    pub link: &'a str,
}

#[derive(Debug, Serialize)]
pub struct FirmDoc<'a> {
    pub rank: usize,
    pub firm: &'a str,
    pub name: &'a str,
    /// Completeness points lost, summed over chains (or in the one chain in scope).
    pub impact: f64,
    pub breaks: Vec<LinkDoc<'a>>,
    pub downgrades: Vec<LinkDoc<'a>>,
    /// Chain ids.
    pub loop_lost: Vec<&'a str>,
    pub open_problems: u32,
}

#[derive(Debug, Serialize)]
pub struct SingleSourceDoc<'a> {
    pub chain: &'a str,
    pub link: &'a str,
    pub firm: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ChainDoc<'a> {
    pub id: &'a str,
    pub redundancy: Option<f64>,
}

/// The JSON document of `chainmap risk --format json` (SPEC §10).
#[derive(Debug, Serialize)]
pub struct RiskDoc<'a> {
    pub firms: Vec<FirmDoc<'a>>,
    pub single_source: Vec<SingleSourceDoc<'a>>,
    pub chokepoints: Vec<LinkDoc<'a>>,
    pub chains: Vec<ChainDoc<'a>>,
}

/// Builds the JSON document: ids as values, every list in the order of the
/// tables (firms by rank, links by chain then link, chains by id).
#[must_use]
pub fn risk_doc<'a>(view: &RiskView<'a>) -> RiskDoc<'a> {
    let links = |refs: &[LinkRef]| -> Vec<LinkDoc<'a>> {
        refs.iter().map(|&l| LinkDoc { chain: view.chain_id(l.chain), link: view.link_id(l) }).collect()
    };
    RiskDoc {
        firms: view
            .firms
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let firm = view.dataset.firms.get(f.firm);
                FirmDoc {
                    rank: i + 1,
                    firm: firm.id,
                    name: firm.name,
                    impact: f.impact,
                    breaks: links(&f.breaks),
                    downgrades: links(&f.downgrades),
                    loop_lost: f.loop_lost.iter().map(|&c| view.chain_id(c)).collect(),
                    open_problems: view.open_problems[f.firm as usize],
                }
            })
            .collect(),
        single_source: view
            .single_sources
            .iter()
            .map(|s| SingleSourceDoc {
                chain: view.chain_id(s.chain),
                link: view.link_id(LinkRef { chain: s.chain, link: s.link }),
                firm: view.dataset.firms.get(s.firm).id,
            })
            .collect(),
        chokepoints: links(&view.chokepoints),
        chains: view.chains.iter().map(|&(c, redundancy)| ChainDoc { id: view.chain_id(c), redundancy }).collect(),
    }
}

/// "16.7%", or "—" for a chain with nothing covered.
fn redundancy_words(redundancy: Option<f64>) -> String {
    redundancy.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}

/// An impact in completeness points as the tables show it: "4.95".
#[must_use]
pub fn points(impact: f64) -> String {
    format!("{impact:.2}")
}

/// How the tables for people are laid out: the command shows every chain
/// with link ids; a chain's page in the report knows its chain and names
/// links only.
#[derive(Debug, Clone, Copy)]
struct Layout {
    lang: Lang,
    /// A column naming the chain.
    chain: bool,
    /// A column with the link id beside its name.
    link_ids: bool,
}

impl Layout {
    const COMMAND: Layout = Layout { lang: Lang::Zh, chain: true, link_ids: true };

    /// Headers: the chain's if shown, then the link's (id and name, or name), then `rest`.
    fn link_headers(self, rest: &[&'static str]) -> Vec<&'static str> {
        let lang = self.lang;
        let mut headers = Vec::new();
        if self.chain {
            headers.push(lang.pick("产业链", "Chain"));
        }
        if self.link_ids {
            headers.extend([lang.pick("环节", "Link"), lang.pick("名称", "Name")]);
        } else {
            headers.push(lang.pick("环节", "Link"));
        }
        headers.extend_from_slice(rest);
        headers
    }

    /// The cells of `link_headers` for one link.
    fn link_cells(self, view: &RiskView<'_>, l: LinkRef) -> Vec<String> {
        let chain = &view.dataset.chains[l.chain];
        let link = &chain.links[l.link];
        let mut cells = Vec::new();
        if self.chain {
            cells.push(chain.display_name(self.lang).to_owned());
        }
        if self.link_ids {
            cells.push(link.id.clone());
        }
        cells.push(link.display_name(self.lang).to_owned());
        cells
    }
}

/// The firms, ranked, for people.
fn firms_table(view: &RiskView<'_>, layout: Layout) -> Table {
    let lang = layout.lang;
    let mut headers = vec![lang.pick("排名", "Rank"), lang.pick("编号", "Firm id"), lang.pick("企业", "Firm")];
    if layout.chain {
        headers.push(lang.pick("产业链", "Chains"));
    }
    let impact = headers.len();
    headers.extend([
        lang.pick("影响(百分点)", "Impact (points)"),
        lang.pick("停产后果", "If it halts"),
        lang.pick("待解决问题", "Open problems"),
    ]);
    let mut table = Table::new(&headers).right(&[0, impact, impact + 2]);
    for (i, f) in view.firms.iter().enumerate() {
        let firm = view.dataset.firms.get(f.firm);
        let mut row = vec![(i + 1).to_string(), firm.id.to_string(), firm.name.to_string()];
        if layout.chain {
            row.push(view.chain_names(f, lang));
        }
        row.extend([points(f.impact), view.consequences(f, lang), view.open_problems[f.firm as usize].to_string()]);
        table.push(row);
    }
    table
}

/// The single-source links with their one firm, for people.
fn single_sources_table(view: &RiskView<'_>, layout: Layout) -> Table {
    let lang = layout.lang;
    let headers = layout.link_headers(&[lang.pick("状态", "Status"), lang.pick("唯一在产企业", "The one active firm")]);
    let mut table = Table::new(&headers);
    for s in &view.single_sources {
        let firm = view.dataset.firms.get(s.firm);
        let mut row = layout.link_cells(view, LinkRef { chain: s.chain, link: s.link });
        row.extend([
            view.analyses[s.chain].links[s.link].status.word(lang).to_owned(),
            format!("{} ({})", firm.name, firm.id),
        ]);
        table.push(row);
    }
    table
}

/// The chokepoints, for people.
fn chokepoints_table(view: &RiskView<'_>, layout: Layout) -> Table {
    let lang = layout.lang;
    let headers = layout.link_headers(&[lang.pick("状态", "Status"), lang.pick("在产企业", "Active firms")]);
    let last = headers.len() - 1;
    let mut table = Table::new(&headers).right(&[last]);
    for &l in &view.chokepoints {
        let a = &view.analyses[l.chain].links[l.link];
        let mut row = layout.link_cells(view, l);
        row.extend([a.status.word(lang).to_owned(), a.coverage.active_firms.to_string()]);
        table.push(row);
    }
    table
}

/// Redundancy per chain, for people.
fn chains_table(view: &RiskView<'_>) -> Table {
    let mut table = Table::new(&["id", "产业链", "覆盖环节", Exposure::SingleSource.zh(), "冗余度"]).right(&[2, 3, 4]);
    for &(c, redundancy) in &view.chains {
        let chain = &view.dataset.chains[c];
        let (covered, single) = view.counts(c);
        table.push(vec![
            chain.id.clone(),
            chain.name.clone(),
            covered.to_string(),
            single.to_string(),
            redundancy_words(redundancy),
        ]);
    }
    table
}

/// The headings of the firms, single-source and chokepoint parts, with
/// their counts.
fn headings(view: &RiskView<'_>, lang: Lang) -> [String; 3] {
    let (ranked, shown) = (view.ranked, view.firms.len());
    let firms = match (lang, shown < ranked) {
        (Lang::Zh, false) => format!("企业关键度: 停产将降低完整度的企业 {ranked} 家, 按影响排序"),
        (Lang::Zh, true) => format!("企业关键度: 停产将降低完整度的企业 {ranked} 家, 按影响排序 (前 {shown} 家)"),
        (Lang::En, false) => format!("Critical firms: {ranked} whose halting would lower completeness, by impact"),
        (Lang::En, true) => {
            format!("Critical firms: {ranked} whose halting would lower completeness, by impact (first {shown})")
        }
    };
    let (single, choke) = (view.single_sources.len(), view.chokepoints.len());
    match lang {
        Lang::Zh => [
            firms,
            format!("{}环节 (仅一家在产企业, 该企业停产即断链): {single} 个", Exposure::SingleSource.zh()),
            format!("{} (所有供应路径都经过): {choke} 个", Exposure::Chokepoint.zh()),
        ],
        Lang::En => [
            firms,
            format!("Single-source links (one active firm: its halting breaks the link): {single}"),
            format!("Chokepoints (every supply path runs through them): {choke}"),
        ],
    }
}

/// The four parts for people, each a heading and a table, or a heading
/// and a line saying there is nothing.
fn sections(view: &RiskView<'_>) -> [(String, Option<Table>); 4] {
    let layout = Layout::COMMAND;
    let [firms, single, choke] = headings(view, layout.lang);
    [
        (firms, (!view.firms.is_empty()).then(|| firms_table(view, layout))),
        (single, (!view.single_sources.is_empty()).then(|| single_sources_table(view, layout))),
        (choke, (!view.chokepoints.is_empty()).then(|| chokepoints_table(view, layout))),
        ("冗余度 (有第二来源的覆盖环节权重占比)".to_owned(), (!view.chains.is_empty()).then(|| chains_table(view))),
    ]
}

/// A chain's redundancy in a sentence: "冗余度 63.1%: 覆盖环节 8 个, 其中单一来源 3 个".
fn redundancy_line(view: &RiskView<'_>, c: ChainIdx, redundancy: Option<f64>, lang: Lang) -> String {
    let (covered, single) = view.counts(c);
    let r = redundancy_words(redundancy);
    match lang {
        Lang::Zh => format!(
            "冗余度 {r} (有第二来源的覆盖环节权重占比): 覆盖环节 {covered} 个, 其中{} {single} 个",
            Exposure::SingleSource.zh()
        ),
        Lang::En => format!(
            "Redundancy {r} (the share of covered weight with a second source): {covered} covered link{}, {single} of them single-source",
            if covered == 1 { "" } else { "s" }
        ),
    }
}

/// The risk section of a chain's page in the report: the chain's
/// redundancy in a line, then its firms ranked by what halting them costs
/// the chain, its single-source links and its chokepoints, in the words
/// of `chainmap risk --chain`. `view` is the chain's
/// ([`RiskScope`] with the chain, no `top`).
#[must_use]
pub fn report_part(view: &RiskView<'_>, lang: Lang) -> Part {
    let layout = Layout { lang, chain: false, link_ids: false };
    let [firms, single, choke] = headings(view, lang);
    let none = lang.pick("（无）", "(none)");
    let table = |title: String, stem, sheet: &str, table: Table| PartTable {
        title: Some(title),
        stem,
        sheet: sheet.to_owned(),
        table,
        empty: none.to_owned(),
    };
    Part {
        anchor: "risk",
        title: lang.pick("链条风险", "Risk").to_owned(),
        lines: view.chains.iter().map(|&(c, r)| redundancy_line(view, c, r, lang)).collect(),
        tables: vec![
            table(firms, "risk-firms", lang.pick("企业关键度", "Critical firms"), firms_table(view, layout)),
            table(
                single,
                "risk-single-sources",
                lang.pick("单一来源环节", "Single sources"),
                single_sources_table(view, layout),
            ),
            table(choke, "risk-chokepoints", lang.pick("咽喉环节", "Chokepoints"), chokepoints_table(view, layout)),
        ],
    }
}

/// Writes the tables for people: the four parts, blank lines between.
///
/// # Errors
/// When writing fails.
pub fn write_risk_text(out: &mut dyn Write, view: &RiskView<'_>) -> io::Result<()> {
    for (i, (heading, table)) in sections(view).iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{heading}")?;
        if let Some(table) = table {
            table.write_text(out)?;
        }
    }
    Ok(())
}

/// Writes Markdown: the four parts, each a heading and a table.
///
/// # Errors
/// When writing fails.
pub fn write_risk_markdown(out: &mut dyn Write, view: &RiskView<'_>) -> io::Result<()> {
    for (i, (heading, table)) in sections(view).iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "## {heading}")?;
        if let Some(table) = table {
            writeln!(out)?;
            table.write_markdown(out)?;
        }
    }
    Ok(())
}

/// A row of the CSV table; what a part has no use for stays empty.
#[derive(Debug, Default)]
struct CsvRow {
    section: &'static str,
    rank: String,
    chain: String,
    link: String,
    firm: String,
    name: String,
    impact: String,
    breaks: String,
    downgrades: String,
    loop_lost: String,
    open_problems: String,
    redundancy: String,
    consequences: String,
}

impl CsvRow {
    const HEADERS: [&'static str; 13] = [
        "section",
        "rank",
        "chain",
        "link",
        "firm",
        "name",
        "impact",
        "breaks",
        "downgrades",
        "loop_lost",
        "open_problems",
        "redundancy",
        "consequences",
    ];

    /// The cells in the order of [`CsvRow::HEADERS`].
    fn cells(self) -> Vec<String> {
        vec![
            self.section.to_owned(),
            self.rank,
            self.chain,
            self.link,
            self.firm,
            self.name,
            self.impact,
            self.breaks,
            self.downgrades,
            self.loop_lost,
            self.open_problems,
            self.redundancy,
            self.consequences,
        ]
    }
}

/// One flat CSV table of the four parts, English headers and words, ids
/// where the JSON has them, figures unrounded: a `section` column says
/// which part a row belongs to (`firm`, `single_source`, `chokepoint`,
/// `chain`), and the columns a part has no use for are empty. Lists are
/// joined by `;`, links written `chain/link`.
#[must_use]
pub fn risk_csv_table(view: &RiskView<'_>) -> Table {
    let mut table = Table::new(&CsvRow::HEADERS);
    let links = |refs: &[LinkRef]| -> String {
        let ids: Vec<String> =
            refs.iter().map(|&l| format!("{}/{}", view.chain_id(l.chain), view.link_id(l))).collect();
        ids.join(";")
    };
    let chains = |chains: &mut dyn Iterator<Item = ChainIdx>| -> String {
        let ids: Vec<&str> = chains.map(|c| view.chain_id(c)).collect();
        ids.join(";")
    };
    for (i, f) in view.firms.iter().enumerate() {
        let firm = view.dataset.firms.get(f.firm);
        table.push(
            CsvRow {
                section: "firm",
                rank: (i + 1).to_string(),
                chain: chains(&mut f.chains.iter().map(|c| c.chain)),
                firm: firm.id.to_string(),
                name: firm.name.to_string(),
                impact: f.impact.to_string(),
                breaks: links(&f.breaks),
                downgrades: links(&f.downgrades),
                loop_lost: chains(&mut f.loop_lost.iter().copied()),
                open_problems: view.open_problems[f.firm as usize].to_string(),
                consequences: view.consequences(f, Lang::En),
                ..CsvRow::default()
            }
            .cells(),
        );
    }
    for s in &view.single_sources {
        let firm = view.dataset.firms.get(s.firm);
        table.push(
            CsvRow {
                section: Exposure::SingleSource.as_str(),
                chain: view.chain_id(s.chain).to_owned(),
                link: view.link_id(LinkRef { chain: s.chain, link: s.link }).to_owned(),
                firm: firm.id.to_string(),
                name: firm.name.to_string(),
                ..CsvRow::default()
            }
            .cells(),
        );
    }
    for &l in &view.chokepoints {
        table.push(
            CsvRow {
                section: Exposure::Chokepoint.as_str(),
                chain: view.chain_id(l.chain).to_owned(),
                link: view.link_id(l).to_owned(),
                ..CsvRow::default()
            }
            .cells(),
        );
    }
    for &(c, redundancy) in &view.chains {
        table.push(
            CsvRow {
                section: "chain",
                chain: view.chain_id(c).to_owned(),
                name: view.dataset.chains[c].name.clone(),
                redundancy: redundancy.map(|r| r.to_string()).unwrap_or_default(),
                ..CsvRow::default()
            }
            .cells(),
        );
    }
    table
}
