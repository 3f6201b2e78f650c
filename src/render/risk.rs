//! The risk picture (SPEC §10) as JSON, tables for people, CSV and
//! Markdown: the firms the chains cannot lose with what their halting would
//! break in words, the single-source links with their one firm, the
//! chokepoints, and each chain's redundancy.
//!
//! Every format writes the same [`RiskView`]: the dataset's risk narrowed to
//! one chain (`--chain`) and to the first firms (`--top`).

use std::io::{self, Write};

use serde::Serialize;

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
                let firm = &view.dataset.firms[f.firm as usize];
                FirmDoc {
                    rank: i + 1,
                    firm: &firm.id,
                    name: &firm.name,
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
                firm: &view.dataset.firms[s.firm as usize].id,
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

/// The firms, ranked, for people.
fn firms_table(view: &RiskView<'_>) -> Table {
    let mut table =
        Table::new(&["排名", "编号", "企业", "产业链", "影响(百分点)", "停产后果", "待解决问题"]).right(&[0, 4, 6]);
    for (i, f) in view.firms.iter().enumerate() {
        let firm = &view.dataset.firms[f.firm as usize];
        table.push(vec![
            (i + 1).to_string(),
            firm.id.to_string(),
            firm.name.to_string(),
            view.chain_names(f, Lang::Zh),
            format!("{:.2}", f.impact),
            view.consequences(f, Lang::Zh),
            view.open_problems[f.firm as usize].to_string(),
        ]);
    }
    table
}

/// The single-source links with their one firm, for people.
fn single_sources_table(view: &RiskView<'_>) -> Table {
    let mut table = Table::new(&["产业链", "环节", "名称", "状态", "唯一在产企业"]);
    for s in &view.single_sources {
        let chain = &view.dataset.chains[s.chain];
        let firm = &view.dataset.firms[s.firm as usize];
        table.push(vec![
            chain.name.clone(),
            chain.links[s.link].id.clone(),
            chain.links[s.link].name.clone(),
            view.analyses[s.chain].links[s.link].status.zh().to_owned(),
            format!("{} ({})", firm.name, firm.id),
        ]);
    }
    table
}

/// The chokepoints, for people.
fn chokepoints_table(view: &RiskView<'_>) -> Table {
    let mut table = Table::new(&["产业链", "环节", "名称", "状态", "在产企业"]).right(&[4]);
    for &l in &view.chokepoints {
        let chain = &view.dataset.chains[l.chain];
        let a = &view.analyses[l.chain].links[l.link];
        table.push(vec![
            chain.name.clone(),
            chain.links[l.link].id.clone(),
            chain.links[l.link].name.clone(),
            a.status.zh().to_owned(),
            a.coverage.active_firms.to_string(),
        ]);
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

/// The four parts for people, each a heading and a table, or a heading
/// and a line saying there is nothing.
fn sections(view: &RiskView<'_>) -> [(String, Option<Table>); 4] {
    let firms_heading = if view.firms.len() < view.ranked {
        format!("企业关键度: 停产将降低完整度的企业 {} 家, 按影响排序 (前 {} 家)", view.ranked, view.firms.len())
    } else {
        format!("企业关键度: 停产将降低完整度的企业 {} 家, 按影响排序", view.ranked)
    };
    let single = Exposure::SingleSource.zh();
    let choke = Exposure::Chokepoint.zh();
    [
        (firms_heading, (!view.firms.is_empty()).then(|| firms_table(view))),
        (
            format!("{single}环节 (仅一家在产企业, 该企业停产即断链): {} 个", view.single_sources.len()),
            (!view.single_sources.is_empty()).then(|| single_sources_table(view)),
        ),
        (
            format!("{choke} (所有供应路径都经过): {} 个", view.chokepoints.len()),
            (!view.chokepoints.is_empty()).then(|| chokepoints_table(view)),
        ),
        ("冗余度 (有第二来源的覆盖环节权重占比)".to_owned(), (!view.chains.is_empty()).then(|| chains_table(view))),
    ]
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
        let firm = &view.dataset.firms[f.firm as usize];
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
        let firm = &view.dataset.firms[s.firm as usize];
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
