//! The gap analysis as JSON (docs/formats.md#json-gaps), tables for people, CSV and Markdown.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::table::Table;
use crate::analysis::{ChainAnalysis, GapKind, LinkAnalysis, LinkStatus};
use crate::model::{Chain, Dataset, Factor, Lang, PriorityFactor};

/// The JSON document of `chainmap gaps --format json`.
#[derive(Debug, Serialize)]
pub struct GapsDoc<'a> {
    pub chains: Vec<ChainDoc<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ChainDoc<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub completeness: f64,
    pub closed_loop: bool,
    pub links: Vec<LinkDoc<'a>>,
}

#[derive(Debug, Serialize)]
pub struct LinkDoc<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub stage: &'static str,
    pub segment: Option<&'a str>,
    pub status: LinkStatus,
    pub gap: Option<GapKind>,
    pub firms: u32,
    pub active_firms: u32,
    pub path_share: f64,
    pub priority: Option<f64>,
    pub factors: BTreeMap<&'static str, f64>,
    /// The top factor in words (more fields may be added: docs/formats.md#json-gaps).
    pub reason: Option<String>,
}

/// Which links to show.
#[derive(Debug, Clone, Default)]
pub struct GapFilter {
    /// Only this chain (index), when set.
    pub chain: Option<usize>,
    /// Only these statuses, when non-empty.
    pub statuses: Vec<LinkStatus>,
}

impl GapFilter {
    fn keeps_chain(&self, c: usize) -> bool {
        self.chain.is_none_or(|only| only == c)
    }
    fn keeps_link(&self, link: &LinkAnalysis) -> bool {
        self.statuses.is_empty() || self.statuses.contains(&link.status)
    }
}

/// The top factor of a gap link in words, e.g. "断链: 上下游均有本地企业".
#[must_use]
pub fn reason(link: &LinkAnalysis, lang: Lang) -> Option<String> {
    let priority = link.priority.as_ref()?;
    let gap = link.gap?;
    let weight = priority.factors[PriorityFactor::Weight];
    let top = match (priority.top_factor, lang) {
        (PriorityFactor::GapKind, lang) => gap.situation(lang, link.coverage.active_firms),
        (PriorityFactor::PathShare, Lang::Zh) => format!("关键节点: {:.0}% 的供应路径经过", link.path_share * 100.0),
        (PriorityFactor::PathShare, Lang::En) => {
            format!("key node: {:.0}% of supply paths pass here", link.path_share * 100.0)
        }
        (PriorityFactor::DemandPull, Lang::Zh) => {
            format!("需求拉动: 相邻环节在产产值 {} 万元", thousands(link.demand_pull))
        }
        (PriorityFactor::DemandPull, Lang::En) => {
            format!("demand pull: neighbours' output {} (10k yuan)", thousands(link.demand_pull))
        }
        (PriorityFactor::Weight, Lang::Zh) => format!("战略权重高 ({weight})"),
        (PriorityFactor::Weight, Lang::En) => format!("high strategic weight ({weight})"),
    };
    // Inside a supply cycle the figures are the cycle's, not the link's own.
    Some(match (link.cycle, lang) {
        (0 | 1, _) => top,
        (n, Lang::Zh) => format!("{top} (处于 {n} 个环节构成的供应循环, 按整体计算)"),
        (n, Lang::En) => format!("{top} (in a supply cycle of {n} links, taken as one)"),
    })
}

/// 12345.6 → "12,346".
#[must_use]
pub fn thousands(value: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "output figures are small and >= 0")]
    let whole = value.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Writes `doc` as `serde_json::to_writer_pretty` does, its chains made on
/// every core ([`super::json`]).
///
/// # Errors
/// When `out` cannot be written.
pub fn write_gaps_json(out: &mut impl Write, doc: &GapsDoc<'_>) -> io::Result<()> {
    super::json::Object::new(out).list("chains", &doc.chains)?.end()
}

/// Builds the JSON document: chains by id, links by id.
#[must_use]
pub fn gaps_doc<'a>(dataset: &'a Dataset, analyses: &[ChainAnalysis], filter: &GapFilter) -> GapsDoc<'a> {
    let chains = dataset
        .chains
        .iter()
        .zip(analyses)
        .enumerate()
        .filter(|(c, _)| filter.keeps_chain(*c))
        .map(|(_, (chain, analysis))| ChainDoc {
            id: &chain.id,
            name: &chain.name,
            completeness: analysis.completeness,
            closed_loop: analysis.closed_loop,
            links: chain
                .links
                .iter()
                .zip(&analysis.links)
                .filter(|(_, a)| filter.keeps_link(a))
                .map(|(link, a)| LinkDoc {
                    id: &link.id,
                    name: &link.name,
                    stage: link.stage.as_str(),
                    segment: link.segment.map(|s| chain.segments[s].id.as_str()),
                    status: a.status,
                    gap: a.gap,
                    firms: a.coverage.firms,
                    active_firms: a.coverage.active_firms,
                    path_share: a.path_share,
                    priority: a.priority.as_ref().map(|p| p.score),
                    factors: a.priority.as_ref().map(|p| p.factors.named()).unwrap_or_default(),
                    reason: reason(a, Lang::Zh),
                })
                .collect(),
        })
        .collect();
    GapsDoc { chains }
}

/// The links of a chain in the order people read them: highest priority
/// first, then strong links; ties by link id.
fn ranked<'a>(chain: &'a Chain, analysis: &'a ChainAnalysis, filter: &GapFilter) -> Vec<usize> {
    let mut order: Vec<usize> = (0..chain.links.len()).filter(|&l| filter.keeps_link(&analysis.links[l])).collect();
    let score = |l: usize| analysis.links[l].priority.as_ref().map_or(-1.0, |p| p.score);
    order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then_with(|| chain.links[a].id.cmp(&chain.links[b].id)));
    order
}

/// One table per chain, for people.
fn chain_table(chain: &Chain, analysis: &ChainAnalysis, filter: &GapFilter) -> Table {
    let mut table =
        Table::new(&["优先级", "环节", "名称", "阶段", "状态", "缺口", "在产/企业", "路径占比", "主要因素"])
            .right(&[0, 6, 7]);
    for l in ranked(chain, analysis, filter) {
        let (link, a) = (&chain.links[l], &analysis.links[l]);
        table.push(vec![
            a.priority.as_ref().map_or_else(String::new, |p| format!("{:.1}", p.score)),
            link.id.clone(),
            link.name.clone(),
            link.stage.zh().to_owned(),
            a.status.zh().to_owned(),
            a.gap.map_or_else(String::new, |g| g.with_direction(g.zh(), Lang::Zh)),
            format!("{}/{}", a.coverage.active_firms, a.coverage.firms),
            format!("{:.1}%", a.path_share * 100.0),
            reason(a, Lang::Zh).unwrap_or_default(),
        ]);
    }
    table
}

fn heading(chain: &Chain, analysis: &ChainAnalysis) -> String {
    let missing = analysis.links.iter().filter(|l| l.status == LinkStatus::Missing).count();
    let weak = analysis.links.iter().filter(|l| l.status == LinkStatus::Weak).count();
    format!(
        "{} ({})  完整度 {:.1}%  {}  {} {missing} 个, {} {weak} 个",
        chain.name,
        chain.id,
        analysis.completeness * 100.0,
        if analysis.closed_loop { "能闭环" } else { "未闭环" },
        LinkStatus::Missing.zh(),
        LinkStatus::Weak.zh(),
    )
}

/// Writes a heading and a table per chain, blank lines between chains.
fn write_per_chain(
    out: &mut dyn Write,
    dataset: &Dataset,
    analyses: &[ChainAnalysis],
    filter: &GapFilter,
    write: &dyn Fn(&mut dyn Write, String, Table) -> io::Result<()>,
) -> io::Result<()> {
    let mut first = true;
    for (c, (chain, analysis)) in dataset.chains.iter().zip(analyses).enumerate() {
        if !filter.keeps_chain(c) {
            continue;
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        write(out, heading(chain, analysis), chain_table(chain, analysis, filter))?;
    }
    Ok(())
}

/// Writes the tables for people: a heading and a table per chain.
///
/// # Errors
/// When writing fails.
pub fn write_gaps_text(
    out: &mut dyn Write,
    dataset: &Dataset,
    analyses: &[ChainAnalysis],
    filter: &GapFilter,
) -> io::Result<()> {
    write_per_chain(out, dataset, analyses, filter, &|out, heading, table| {
        writeln!(out, "{heading}")?;
        table.write_text(out)
    })
}

/// Writes Markdown: a heading and a table per chain.
///
/// # Errors
/// When writing fails.
pub fn write_gaps_markdown(
    out: &mut dyn Write,
    dataset: &Dataset,
    analyses: &[ChainAnalysis],
    filter: &GapFilter,
) -> io::Result<()> {
    write_per_chain(out, dataset, analyses, filter, &|out, heading, table| {
        writeln!(out, "## {heading}\n")?;
        table.write_markdown(out)
    })
}

/// One flat CSV table over all chains, English headers, for spreadsheets and scripts.
#[must_use]
pub fn gaps_csv_table(dataset: &Dataset, analyses: &[ChainAnalysis], filter: &GapFilter) -> Table {
    let base = [
        "chain",
        "link",
        "name",
        "stage",
        "segment",
        "status",
        "gap",
        "firms",
        "active_firms",
        "path_share",
        "priority",
    ];
    // A factor's column is its key, with `_factor` where a base column has that name.
    let factor_columns: Vec<String> = PriorityFactor::ALL
        .iter()
        .map(|f| if base.contains(&f.key()) { format!("{}_factor", f.key()) } else { f.key().to_owned() })
        .collect();
    let mut headers: Vec<&str> = base.to_vec();
    headers.extend(factor_columns.iter().map(String::as_str));
    headers.push("reason");
    let mut table = Table::new(&headers);
    for (c, (chain, analysis)) in dataset.chains.iter().zip(analyses).enumerate() {
        if !filter.keeps_chain(c) {
            continue;
        }
        for (link, a) in chain.links.iter().zip(&analysis.links).filter(|(_, a)| filter.keeps_link(a)) {
            let mut row = vec![
                chain.id.clone(),
                link.id.clone(),
                link.name.clone(),
                link.stage.as_str().to_owned(),
                link.segment.map(|s| chain.segments[s].id.clone()).unwrap_or_default(),
                a.status.as_str().to_owned(),
                a.gap.map(|g| g.as_str().to_owned()).unwrap_or_default(),
                a.coverage.firms.to_string(),
                a.coverage.active_firms.to_string(),
                a.path_share.to_string(),
                a.priority.as_ref().map(|p| p.score.to_string()).unwrap_or_default(),
            ];
            for &f in PriorityFactor::ALL {
                row.push(a.priority.as_ref().map(|p| p.factors[f].to_string()).unwrap_or_default());
            }
            row.push(reason(a, Lang::Zh).unwrap_or_default());
            table.push(row);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(id: &'static str, name: &'static str) -> LinkDoc<'static> {
        LinkDoc {
            id,
            name,
            stage: "upstream",
            segment: None,
            status: LinkStatus::Weak,
            gap: Some(GapKind::Strengthen),
            firms: 3,
            active_firms: 2,
            path_share: 0.1 + 0.2,
            priority: Some(41.25),
            factors: BTreeMap::from([("weight", 0.5), ("gap_kind", 1.0)]),
            reason: Some("强链: 在产企业 2 家\n\"无链主\"".to_owned()),
        }
    }

    #[test]
    fn json_is_written_as_serde_json_writes_it() {
        let chain =
            |id, links| ChainDoc { id, name: "茶 \"产业链\"", completeness: 2.0 / 3.0, closed_loop: true, links };
        let docs = [
            GapsDoc { chains: vec![] },
            GapsDoc { chains: vec![chain("tea", vec![])] },
            GapsDoc {
                chains: vec![
                    chain("tea", vec![link("grow", "种植"), link("make", "加工\t\\")]),
                    chain("empty", vec![]),
                    chain("x", vec![link("a", "")]),
                ],
            },
        ];
        for doc in &docs {
            let mut written = Vec::new();
            write_gaps_json(&mut written, doc).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), serde_json::to_string_pretty(doc).unwrap());
        }
    }
}
