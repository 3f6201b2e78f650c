//! Link status: which links have local firms working at them, and how many.

use rayon::prelude::*;

use crate::model::words::word_enum;
use crate::model::{Chain, Dataset, FirmIdx, Placement, Role};

word_enum! {
    /// Whether a chain has the link locally (docs/analysis.md#link-status).
    LinkStatus {
        /// No active local firm.
        Missing => "missing" ["缺失"],
        /// Active firms, but no active leader and too few above-scale firms.
        Weak => "weak" ["薄弱"],
        /// An active leader, or enough active above-scale firms.
        Strong => "strong" ["较强"],
    }
}

impl LinkStatus {
    /// Weak and strong links are covered.
    #[must_use]
    pub fn is_covered(self) -> bool {
        self != LinkStatus::Missing
    }

    /// What the link contributes to completeness: 1 strong, 0.5 weak, 0 missing.
    #[must_use]
    pub fn credit(self) -> f64 {
        match self {
            LinkStatus::Missing => 0.0,
            LinkStatus::Weak => 0.5,
            LinkStatus::Strong => 1.0,
        }
    }
}

/// The firms at one link, counted the way status needs them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Coverage {
    /// All local firms at the link, halted ones included.
    pub firms: u32,
    /// Firms that are not halted.
    pub active_firms: u32,
    pub active_above_scale: u32,
    pub active_leaders: u32,
    /// Summed output (万元) of the active firms; firms without a figure add 0.
    pub active_output: f64,
}

impl Coverage {
    /// Status under the rule of docs/analysis.md#link-status with `min_strong_firms` above-scale firms.
    #[must_use]
    pub fn status(&self, min_strong_firms: u32) -> LinkStatus {
        if self.active_firms == 0 {
            LinkStatus::Missing
        } else if self.active_leaders > 0 || self.active_above_scale >= min_strong_firms {
            LinkStatus::Strong
        } else {
            LinkStatus::Weak
        }
    }

    /// Whether the link hangs on one firm (单一来源, SPEC §10): covered, by
    /// exactly one active firm.
    #[must_use]
    pub fn is_single_source(&self) -> bool {
        self.active_firms == 1
    }

    /// Counts one more firm at the link.
    pub fn add(&mut self, active: bool, above_scale: bool, leader: bool, output: f64) {
        self.firms += 1;
        if active {
            self.active_firms += 1;
            self.active_above_scale += u32::from(above_scale);
            self.active_leaders += u32::from(leader);
            self.active_output += output;
        }
    }

    /// Counts one of the link's active firms, added with these figures, as
    /// halted: it stays among `firms` but no longer covers the link.
    pub fn halt(&mut self, above_scale: bool, leader: bool, output: f64) {
        debug_assert!(self.active_firms > 0, "halting a firm the link does not count as active");
        self.active_firms -= 1;
        self.active_above_scale -= u32::from(above_scale);
        self.active_leaders -= u32::from(leader);
        self.active_output -= output;
    }
}

/// For each chain, for each link, the local firms placed there (each once,
/// in firm order).
#[must_use]
pub fn firms_by_link(dataset: &Dataset) -> Vec<Vec<Vec<FirmIdx>>> {
    let mut out: Vec<Vec<Vec<FirmIdx>>> =
        dataset.chains.iter().map(|c: &Chain| vec![Vec::new(); c.links.len()]).collect();
    // Placements are sorted by firm, so each list comes out in firm order.
    for p in &dataset.firm_placements {
        out[p.chain()][p.link()].push(p.owner);
    }
    out
}

/// The placements of one local firm: every link it works at, by chain then
/// link.
#[must_use]
pub fn placements_of(dataset: &Dataset, firm: FirmIdx) -> &[Placement] {
    // Placements are sorted by firm, so a firm's are one run.
    let all = &dataset.firm_placements;
    let start = all.partition_point(|p| p.owner < firm);
    let len = all[start..].partition_point(|p| p.owner == firm);
    &all[start..start + len]
}

/// Where each firm's placements start in `Dataset::firm_placements`, found
/// in one pass: for code that asks for the placements of hundreds of
/// thousands of firms, where a binary search each would cost more.
#[derive(Debug, Clone)]
pub struct PlacementStarts {
    /// Per firm, then one past the last: the start of its run.
    starts: Vec<u32>,
}

impl PlacementStarts {
    #[must_use]
    pub fn new(dataset: &Dataset) -> Self {
        let mut starts = vec![0u32; dataset.firms.len() + 1];
        for p in &dataset.firm_placements {
            starts[p.owner as usize + 1] += 1;
        }
        for f in 1..starts.len() {
            starts[f] += starts[f - 1];
        }
        Self { starts }
    }

    /// The placements of `firm` (as [`placements_of`]).
    #[must_use]
    pub fn of<'d>(&self, dataset: &'d Dataset, firm: FirmIdx) -> &'d [Placement] {
        let f = firm as usize;
        &dataset.firm_placements[self.starts[f] as usize..self.starts[f + 1] as usize]
    }
}

/// The coverage of every link, by chain then link, in a pass over the
/// placements: they are sorted by firm, so the firms are read in the order
/// they are kept and each link's output is summed in firm order, while the
/// coverages (a few hundred kilobytes at province scale) stay in the cache.
/// Each core takes a share of the chains and passes over all the
/// placements for those of its chains, so that every sum is still made in
/// firm order, the same to the last bit however many cores share the work.
#[must_use]
pub fn link_coverage(dataset: &Dataset) -> Vec<Vec<Coverage>> {
    let chains = dataset.chains.len();
    let shares = rayon::current_num_threads().clamp(1, chains.max(1));
    let share = |s: usize| s * chains / shares..(s + 1) * chains / shares;
    let parts: Vec<Vec<Vec<Coverage>>> = (0..shares)
        .into_par_iter()
        .map(|s| {
            let mine = share(s);
            let mut out: Vec<Vec<Coverage>> =
                dataset.chains[mine.clone()].iter().map(|c: &Chain| vec![Coverage::default(); c.links.len()]).collect();
            for p in dataset.firm_placements.iter().filter(|p| mine.contains(&p.chain())) {
                let firm = &dataset.firms[p.owner as usize];
                let leader = firm.role == Role::Leader;
                out[p.chain() - mine.start][p.link()].add(
                    firm.is_active(),
                    firm.above_scale,
                    leader,
                    firm.output.get().unwrap_or(0.0),
                );
            }
            out
        })
        .collect();
    parts.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_rules() {
        let mut c = Coverage::default();
        assert_eq!(c.status(2), LinkStatus::Missing);
        c.add(false, true, true, 100.0); // halted leader: still missing
        assert_eq!(c.status(2), LinkStatus::Missing);
        c.add(true, true, false, 100.0);
        assert_eq!(c.status(2), LinkStatus::Weak);
        c.add(true, true, false, 100.0);
        assert_eq!(c.status(2), LinkStatus::Strong);
        let mut leader = Coverage::default();
        leader.add(true, false, true, 0.0);
        assert_eq!(leader.status(2), LinkStatus::Strong);
        assert_eq!(c.firms, 3);
        assert_eq!(c.active_firms, 2);
        c.halt(true, false, 100.0);
        assert_eq!(c.status(2), LinkStatus::Weak);
        assert_eq!((c.firms, c.active_firms, c.active_above_scale), (3, 1, 1));
    }
}
