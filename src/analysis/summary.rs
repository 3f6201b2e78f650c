//! Per-chain counts: links, firms, above-scale firms, counties.

use serde::Serialize;

use crate::model::Dataset;

/// What `chainmap chains` shows for one chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainSummary {
    pub id: String,
    pub name: String,
    pub links: usize,
    pub edges: usize,
    /// Distinct local firms at any link of the chain.
    pub firms: usize,
    /// Of those, the ones above designated size (规上).
    pub above_scale_firms: usize,
    /// Names of the counties the chain's firms are in, in the region's order.
    pub counties: Vec<String>,
}

/// One summary per chain, in chain id order.
#[must_use]
pub fn summarize_chains(dataset: &Dataset) -> Vec<ChainSummary> {
    // Placements are sorted by firm, so a chain's firms arrive in order:
    // a firm is new to a chain when it differs from the chain's last one.
    let mut firms_by_chain: Vec<Vec<u32>> = vec![Vec::new(); dataset.chains.len()];
    for p in &dataset.firm_placements {
        let firms = &mut firms_by_chain[p.chain()];
        if firms.last() != Some(&p.owner) {
            firms.push(p.owner);
        }
    }
    dataset
        .chains
        .iter()
        .zip(firms_by_chain)
        .map(|(chain, firms)| {
            let firm_list = firms.iter().map(|&f| &dataset.firms[f as usize]);
            let above_scale_firms = firm_list.clone().filter(|f| f.above_scale).count();
            let mut seen = vec![false; dataset.region.counties.len()];
            for county in firm_list.filter_map(|f| f.county) {
                seen[usize::from(county)] = true;
            }
            ChainSummary {
                id: chain.id.clone(),
                name: chain.name.clone(),
                links: chain.links.len(),
                edges: chain.graph.edge_count(),
                firms: firms.len(),
                above_scale_firms,
                counties: dataset
                    .region
                    .counties
                    .iter()
                    .zip(seen)
                    .filter(|(_, seen)| *seen)
                    .map(|(c, _)| c.name.clone())
                    .collect(),
            }
        })
        .collect()
}
