//! The whole analysis of one chain: statuses, gaps, path shares,
//! completeness, closed loop and priorities.

use rayon::prelude::*;

use super::closed_loop::is_closed_loop;
use super::condensed::Condensed;
use super::gap::{GapKind, gap_kinds};
use super::paths::path_shares;
use super::priority::{Priority, PriorityWeights, gap_kind_value, priority};
use super::status::{Coverage, LinkStatus, link_coverage};
use crate::model::{Chain, Dataset, FactorValues, PriorityFactor};

/// What the analysis says of one link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkAnalysis {
    pub status: LinkStatus,
    pub gap: Option<GapKind>,
    pub coverage: Coverage,
    pub path_share: f64,
    /// Output (万元) of the active firms at the link's direct neighbours.
    pub demand_pull: f64,
    /// Present exactly when `gap` is.
    pub priority: Option<Priority>,
    /// The links of the supply cycle the link is in, itself included: 1
    /// when it is in none. The path share and gap kind of a link in a cycle
    /// are those of the whole cycle, taken as one.
    pub cycle: usize,
}

/// What the analysis says of one chain; `links` is in the chain's link order.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainAnalysis {
    /// Σ w·c / Σ w with c = 1 strong, 0.5 weak, 0 missing.
    pub completeness: f64,
    pub closed_loop: bool,
    pub links: Vec<LinkAnalysis>,
}

/// Completeness of a chain whose links have these statuses.
#[must_use]
pub fn completeness(chain: &Chain, statuses: &[LinkStatus]) -> f64 {
    let total: f64 = chain.links.iter().map(|l| l.weight).sum();
    let done: f64 = chain.links.iter().zip(statuses).map(|(l, s)| l.weight * s.credit()).sum();
    if total > 0.0 { done / total } else { 0.0 }
}

/// Analyses one chain given the coverage of each of its links.
#[must_use]
pub fn analyze_chain(
    chain: &Chain,
    coverage: &[Coverage],
    min_strong_firms: u32,
    weights: &PriorityWeights,
) -> ChainAnalysis {
    let statuses: Vec<LinkStatus> = coverage.iter().map(|c| c.status(min_strong_firms)).collect();
    let condensed = Condensed::new(&chain.graph);
    let gaps = gap_kinds(&condensed, &statuses);
    let shares = path_shares(&condensed);
    let demand: Vec<f64> = (0..chain.links.len())
        .map(|l| {
            let mut neighbours: Vec<usize> = chain.predecessors(l).chain(chain.successors(l)).collect();
            neighbours.sort_unstable();
            neighbours.dedup();
            neighbours.iter().map(|&n| coverage[n].active_output).sum()
        })
        .collect();
    let max_demand = demand.iter().copied().fold(0.0, f64::max);
    let max_weight = chain.links.iter().map(|l| l.weight).fold(0.0, f64::max);
    let links = (0..chain.links.len())
        .map(|l| {
            let priority = gaps[l].map(|kind| {
                let pull = if max_demand > 0.0 { demand[l] / max_demand } else { 0.0 };
                let values = FactorValues::from_fn(|f| match f {
                    PriorityFactor::GapKind => gap_kind_value(kind),
                    PriorityFactor::PathShare => shares[l],
                    PriorityFactor::DemandPull => pull,
                    PriorityFactor::Weight => chain.links[l].weight / max_weight,
                });
                priority(values, weights)
            });
            LinkAnalysis {
                status: statuses[l],
                gap: gaps[l],
                coverage: coverage[l],
                path_share: shares[l],
                demand_pull: demand[l],
                priority,
                cycle: condensed.members[condensed.component[l]].len(),
            }
        })
        .collect();
    ChainAnalysis {
        completeness: completeness(chain, &statuses),
        closed_loop: is_closed_loop(chain, &condensed, &statuses),
        links,
    }
}

/// Analyses every chain of the dataset, in parallel; the result is in chain
/// order and the same whatever the number of threads.
#[must_use]
pub fn analyze(dataset: &Dataset) -> Vec<ChainAnalysis> {
    let coverage = link_coverage(dataset);
    let weights = PriorityWeights::from_overrides(&dataset.region.priority_weights);
    dataset
        .chains
        .par_iter()
        .zip(coverage.par_iter())
        .map(|(chain, coverage)| analyze_chain(chain, coverage, dataset.region.min_strong_firms, &weights))
        .collect()
}
