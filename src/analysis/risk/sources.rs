//! Single points of failure (docs/analysis.md#single-sources): links held by one active firm
//! (单一来源), links every supply path runs through (咽喉环节), and how much
//! of a chain has a second source (redundancy).

use rayon::prelude::*;

use super::{LinkRef, TIE};
use crate::analysis::chain::ChainAnalysis;
use crate::analysis::condensed::Condensed;
use crate::model::{Chain, ChainIdx, Dataset, FirmIdx, LinkIdx};

/// A covered link with exactly one active firm: halting that firm breaks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SingleSource {
    pub chain: ChainIdx,
    pub link: LinkIdx,
    /// The one active firm at the link.
    pub firm: FirmIdx,
}

/// Every single-source link with its firm, by chain then link.
///
/// Complexity: O(P) over the firm placements, in parallel, plus a sort of
/// the result.
#[must_use]
pub fn single_sources(dataset: &Dataset, analyses: &[ChainAnalysis]) -> Vec<SingleSource> {
    let mut out: Vec<SingleSource> = dataset
        .firm_placements
        .par_iter()
        .filter(|p| {
            analyses[p.chain()].links[p.link()].coverage.is_single_source()
                && dataset.firms[p.owner as usize].is_active()
        })
        .map(|p| SingleSource { chain: p.chain(), link: p.link(), firm: p.owner })
        .collect();
    // One active firm per such link, so (chain, link) is a total order here.
    out.sort_unstable();
    out
}

/// Chokepoints (咽喉环节): the links of chains with two or more components
/// (on the condensation) whose path share is 1, to within [`TIE`] — every
/// source-to-sink supply path runs through them. A chain that is one link,
/// or one cycle, has no chokepoint: it has no path to choke.
///
/// ```text
///   s → b ⇄ c → t        components {s}, {b, c}, {t}, {u}; paths s→bc→t, s→bc→u
///             ↘ u        chokepoints: s, b, c (share 1); t and u carry ½ each
/// ```
///
/// Complexity: O(V + E log E) per chain.
#[must_use]
pub fn chokepoints(dataset: &Dataset, analyses: &[ChainAnalysis]) -> Vec<LinkRef> {
    let per_chain: Vec<Vec<LinkRef>> = dataset
        .chains
        .par_iter()
        .zip(analyses)
        .enumerate()
        .map(|(c, (chain, analysis))| {
            if Condensed::new(&chain.graph).len() < 2 {
                return Vec::new();
            }
            (0..chain.links.len())
                .filter(|&l| 1.0 - analysis.links[l].path_share <= TIE)
                .map(|l| LinkRef { chain: c, link: l })
                .collect()
        })
        .collect();
    per_chain.concat()
}

/// Redundancy (冗余度) of a chain: Σ w over covered links with two or more
/// active firms ÷ Σ w over covered links. 1 means no covered link hangs on a
/// single firm; `None` when no link is covered.
#[must_use]
pub fn redundancy(chain: &Chain, analysis: &ChainAnalysis) -> Option<f64> {
    let mut covered = 0.0;
    let mut backed = 0.0;
    for (link, a) in chain.links.iter().zip(&analysis.links) {
        if a.status.is_covered() {
            covered += link.weight;
            if a.coverage.active_firms >= 2 {
                backed += link.weight;
            }
        }
    }
    (covered > 0.0).then(|| backed / covered)
}
