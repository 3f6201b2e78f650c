//! Firm criticality (企业关键度): what the chains lose if one active local
//! firm halts (docs/analysis.md#halting-a-firm).
//!
//! Halting firm f sets its status to `halted` at all its placements. Only the
//! links f works at can change status, and a link's status depends only on
//! the firms at that link, so the effect of f is computed per placement from
//! the link's [`Coverage`](crate::analysis::Coverage) with f taken out:
//!
//! - a chain's completeness drops by Σ w(l)·Δc(l) / Σ w, Δc(l) being the
//!   drop in the credit of f's link l (1 strong, 0.5 weak, 0 missing);
//!   `impact` is that drop × 100, summed over chains, in completeness points;
//! - a link that turns missing is a **break**, one that goes from strong to
//!   weak a **downgrade**;
//! - closed loop depends only on which links are covered, so it is checked
//!   again only where f breaks a link of a chain that closed. A link can turn
//!   missing only when f is its one active firm; whether the chain still
//!   closes without each such link is worked out once per chain, and a
//!   firm that breaks two or more links of one chain has that chain searched
//!   again.
//!
//! At province scale (1.6 million firms, 20,000 links) that is a pass over
//! the firm placements, in parallel, plus one closed-loop search per
//! single-source link.

use rayon::prelude::*;

use super::LinkRef;
use crate::analysis::chain::ChainAnalysis;
use crate::analysis::closed_loop::is_closed_loop;
use crate::analysis::condensed::Condensed;
use crate::analysis::status::{LinkStatus, placements_of};
use crate::model::{Chain, ChainIdx, Dataset, FirmIdx, Placement, Role};

/// Impacts that agree to this many points count as tied (docs/analysis.md#ties).
pub const TIE: f64 = 1e-9;

/// What halting one firm costs one chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainImpact {
    pub chain: ChainIdx,
    /// (completeness before − after) × 100, in points; > 0.
    pub impact: f64,
}

/// What halting one local firm would cost.
#[derive(Debug, Clone, PartialEq)]
pub struct FirmImpact {
    pub firm: FirmIdx,
    /// Σ over chains of (completeness before − after) × 100, in points.
    /// 0 for a firm already halted, or one whose links keep their status.
    pub impact: f64,
    /// The chains that lose completeness, by chain; their impacts add up to `impact`.
    pub chains: Vec<ChainImpact>,
    /// Links that become missing, by chain then link.
    pub breaks: Vec<LinkRef>,
    /// Links that go from strong to weak, by chain then link.
    pub downgrades: Vec<LinkRef>,
    /// Chains whose closed loop goes from true to false, by chain.
    pub loop_lost: Vec<ChainIdx>,
}

impl FirmImpact {
    fn nothing(firm: FirmIdx) -> Self {
        Self {
            firm,
            impact: 0.0,
            chains: Vec::new(),
            breaks: Vec::new(),
            downgrades: Vec::new(),
            loop_lost: Vec::new(),
        }
    }

    /// The part of the impact that falls on one chain, as if the firm
    /// worked there alone; `None` when halting it costs that chain nothing.
    /// Rank a chain's firms with [`rank_firms`] on these.
    #[must_use]
    pub fn in_chain(&self, chain: ChainIdx) -> Option<FirmImpact> {
        let part = self.chains.iter().find(|c| c.chain == chain)?;
        let here = |links: &[LinkRef]| links.iter().copied().filter(|l| l.chain == chain).collect();
        Some(FirmImpact {
            firm: self.firm,
            impact: part.impact,
            chains: vec![*part],
            breaks: here(&self.breaks),
            downgrades: here(&self.downgrades),
            loop_lost: self.loop_lost.iter().copied().filter(|&c| c == chain).collect(),
        })
    }
}

/// Per chain, what halting firms needs beyond the gap analysis itself.
#[derive(Debug, Clone)]
struct ChainContext {
    /// Σ weight of the chain's links.
    total_weight: f64,
    /// The condensation, kept for chains that close (only they can lose it).
    condensed: Option<Condensed>,
    /// For a chain that closes: per link, whether the chain stops closing
    /// when that link alone turns missing. Worked out for single-source
    /// links only (no other link can turn missing when one firm halts).
    loop_hangs_on: Vec<bool>,
}

impl ChainContext {
    fn new(chain: &Chain, analysis: &ChainAnalysis) -> Self {
        let total_weight = chain.links.iter().map(|l| l.weight).sum();
        if !analysis.closed_loop {
            return Self { total_weight, condensed: None, loop_hangs_on: Vec::new() };
        }
        let condensed = Condensed::new(&chain.graph);
        let mut statuses: Vec<LinkStatus> = analysis.links.iter().map(|l| l.status).collect();
        let loop_hangs_on = (0..chain.links.len())
            .map(|l| {
                if analysis.links[l].coverage.active_firms != 1 {
                    return false;
                }
                let kept = std::mem::replace(&mut statuses[l], LinkStatus::Missing);
                let hangs = !is_closed_loop(chain, &condensed, &statuses);
                statuses[l] = kept;
                hangs
            })
            .collect();
        Self { total_weight, condensed: Some(condensed), loop_hangs_on }
    }
}

/// Firm criticality over one dataset and its gap analysis: the effect of
/// halting any one firm, and the ranking of the firms that matter.
///
/// # Example
///
/// ```text
///   a → b → c        a: leader L (strong)   b: firm S (weak)   c: leaders M, N (strong)
/// ```
///
/// Halting L breaks `a` (1/3 of the chain: impact 33.3) and the chain no
/// longer closes; halting S breaks `b` (impact 16.7, closed loop lost);
/// halting M or N changes nothing (the other leader keeps `c` strong).
///
/// ```
/// # use chainmap::analysis::{analyze, risk::Criticality};
/// # fn demo(dataset: &chainmap::model::Dataset) {
/// let analyses = analyze(dataset);
/// let criticality = Criticality::new(dataset, &analyses);
/// for firm in criticality.ranked() {
///     let _ = (firm.firm, firm.impact, &firm.breaks, &firm.loop_lost);
/// }
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Criticality<'a> {
    dataset: &'a Dataset,
    analyses: &'a [ChainAnalysis],
    chains: Vec<ChainContext>,
}

impl<'a> Criticality<'a> {
    /// Prepares the per-chain tables; `analyses` is `analyze(dataset)`.
    ///
    /// Complexity: O(Σ over closed chains of single-source links × (V + E)),
    /// in parallel over chains.
    #[must_use]
    pub fn new(dataset: &'a Dataset, analyses: &'a [ChainAnalysis]) -> Self {
        let chains = dataset.chains.par_iter().zip(analyses).map(|(c, a)| ChainContext::new(c, a)).collect();
        Self { dataset, analyses, chains }
    }

    /// What halting `firm` would cost; nothing for a firm already halted.
    ///
    /// Complexity: O(log P + the firm's placements) with P firm placements in
    /// all, plus a closed-loop search for each chain where it breaks two or
    /// more links.
    #[must_use]
    pub fn firm(&self, firm: FirmIdx) -> FirmImpact {
        self.halt(firm, placements_of(self.dataset, firm))
    }

    /// Every active firm whose halting costs completeness (impact > 0),
    /// ranked by [`rank_firms`]. The same whatever the number of threads.
    ///
    /// Complexity: O(P) over the firm placements, in parallel, plus the
    /// ranking's sort.
    #[must_use]
    pub fn ranked(&self) -> Vec<FirmImpact> {
        let mut firms: Vec<FirmImpact> = self
            .dataset
            .firm_placements
            .par_chunk_by(|a, b| a.owner == b.owner)
            .map(|run| self.halt(run[0].owner, run))
            .filter(|f| f.impact > 0.0)
            .collect();
        rank_firms(self.dataset, &mut firms);
        firms
    }

    /// The effect of halting `firm`, whose placements are `placements`.
    fn halt(&self, firm: FirmIdx, placements: &[Placement]) -> FirmImpact {
        let mut out = FirmImpact::nothing(firm);
        let f = &self.dataset.firms[firm as usize];
        if !f.is_active() {
            return out;
        }
        let min_strong = self.dataset.region.min_strong_firms;
        // Placements come by chain, then link: one run per chain.
        for run in placements.chunk_by(|a, b| a.chain == b.chain) {
            let c = run[0].chain();
            let chain = &self.dataset.chains[c];
            let analysis = &self.analyses[c];
            let first_break = out.breaks.len();
            let mut lost = 0.0;
            for p in run {
                let link = &analysis.links[p.link()];
                let mut without = link.coverage;
                without.halt(f.above_scale, f.role == Role::Leader, f.output.get().unwrap_or(0.0));
                let after = without.status(min_strong);
                if after == link.status {
                    continue;
                }
                lost += chain.links[p.link()].weight * (link.status.credit() - after.credit());
                let at = LinkRef { chain: c, link: p.link() };
                if after.is_covered() { out.downgrades.push(at) } else { out.breaks.push(at) }
            }
            if lost > 0.0 {
                let impact = lost / self.chains[c].total_weight * 100.0;
                out.impact += impact;
                out.chains.push(ChainImpact { chain: c, impact });
                if self.loses_loop(c, &out.breaks[first_break..]) {
                    out.loop_lost.push(c);
                }
            }
        }
        out
    }

    /// Whether chain `c` stops closing when the links `breaks` turn missing.
    fn loses_loop(&self, c: ChainIdx, breaks: &[LinkRef]) -> bool {
        let context = &self.chains[c];
        let Some(condensed) = &context.condensed else {
            return false; // it did not close before
        };
        match breaks {
            [] => false,
            [only] => context.loop_hangs_on[only.link],
            _ => {
                let mut statuses: Vec<LinkStatus> = self.analyses[c].links.iter().map(|l| l.status).collect();
                for b in breaks {
                    statuses[b.link] = LinkStatus::Missing;
                }
                !is_closed_loop(&self.dataset.chains[c], condensed, &statuses)
            }
        }
    }
}

/// Ranks firms by impact, highest first; impacts within [`TIE`] of the next
/// one down count as tied (a run of such figures is one tie), and ties go to
/// the firm with more breaks, then to the lower firm id.
///
/// Sorting first by exact figure and then cutting the order into runs makes
/// the ranking a total order that depends only on the figures, so it is the
/// same whatever order the firms arrive in.
pub fn rank_firms(dataset: &Dataset, firms: &mut [FirmImpact]) {
    let id = |f: &FirmImpact| dataset.firms.id(f.firm);
    firms.sort_by(|a, b| b.impact.total_cmp(&a.impact).then_with(|| id(a).cmp(id(b))));
    let mut start = 0;
    while start < firms.len() {
        let mut end = start + 1;
        while end < firms.len() && firms[end - 1].impact - firms[end].impact <= TIE {
            end += 1;
        }
        firms[start..end].sort_by(|a, b| b.breaks.len().cmp(&a.breaks.len()).then_with(|| id(a).cmp(id(b))));
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Firm, FirmRef, FirmStatus};

    fn dataset(ids: &[&str]) -> Dataset {
        let firms = ids
            .iter()
            .map(|&id| FirmRef {
                id,
                name: id,
                park: None,
                tags: &[],
                firm: Firm {
                    county: None,
                    above_scale: false,
                    role: Role::Supporting,
                    status: FirmStatus::Operating,
                    output: crate::model::Amount::NONE,
                    employees: None,
                },
            })
            .collect();
        Dataset { firms, ..Dataset::default() }
    }

    fn impact(firm: FirmIdx, impact: f64, breaks: usize) -> FirmImpact {
        let mut f = FirmImpact::nothing(firm);
        f.impact = impact;
        f.breaks = vec![LinkRef { chain: 0, link: 0 }; breaks];
        f
    }

    #[test]
    fn figures_within_the_tie_go_by_breaks_then_id() {
        let d = dataset(&["Z", "B", "A", "C", "D"]);
        // 0.1 + 0.2 and 0.3 differ in the last bit: tied, so breaks decide.
        let (sum, exact): (f64, f64) = (0.1 + 0.2, 0.3);
        assert!((sum - exact).abs() > 0.0);
        let mut firms = vec![
            impact(0, sum, 1),
            impact(1, exact, 2),
            impact(2, exact, 1),
            impact(3, 90.0, 0),
            impact(4, exact - 1e-6, 5),
        ];
        rank_firms(&d, &mut firms);
        let order: Vec<&str> = firms.iter().map(|f| d.firms.id(f.firm)).collect();
        // C leads outright; B has two breaks; A and Z tie on one break, by id;
        // D is 1e-6 lower, beyond the tie, its five breaks notwithstanding.
        assert_eq!(order, ["C", "B", "A", "Z", "D"]);
    }

    #[test]
    fn ranking_ignores_arrival_order() {
        let d = dataset(&["A", "B", "C"]);
        let firms = vec![impact(0, 5.0, 0), impact(1, 5.0 + 4e-10, 0), impact(2, 5.0 - 4e-10, 1)];
        let mut forward = firms.clone();
        let mut backward: Vec<FirmImpact> = firms.into_iter().rev().collect();
        rank_firms(&d, &mut forward);
        rank_firms(&d, &mut backward);
        assert_eq!(forward, backward);
        let order: Vec<FirmIdx> = forward.iter().map(|f| f.firm).collect();
        assert_eq!(order, [2, 0, 1]);
    }
}
