//! Risk (docs/analysis.md#risk): which local firms the chains cannot afford to lose.
//!
//! - **Criticality** (`criticality.rs`): what halting one active firm would
//!   cost — completeness points, links that go missing or drop from strong
//!   to weak, chains that stop closing.
//! - **Single points of failure** (`sources.rs`): links held by exactly one
//!   active firm, links every supply path runs through, and the share of a
//!   chain's covered weight that has a second source.
//! - **The firm-problem list's order** (`problems.rs`): open problems by
//!   what their firm's halting would cost.
//! - **Halting as a what-if**: [`simulate_halt`], the halting side of
//!   [`recruit::what_if`](super::recruit::what_if).
//!
//! Everything here reads the per-link [`Coverage`](super::Coverage) the gap
//! analysis already found, so no chain is analysed again from scratch.

mod criticality;
mod problems;
mod sources;

pub use criticality::{ChainImpact, Criticality, FirmImpact, TIE, rank_firms};
pub use problems::{impacts, order_problems};
pub use sources::{SingleSource, chokepoints, redundancy, single_sources};

use super::chain::ChainAnalysis;
use super::recruit::{Simulation, what_if};
use crate::model::words::word_enum;
use crate::model::{ChainIdx, Dataset, FirmIdx, LinkIdx, ProblemStatus};

word_enum! {
    /// The two kinds of single point of failure a link can be (SPEC §10),
    /// in the words the risk list, the panorama's legend and the targets'
    /// reasons use.
    Exposure {
        /// 单一来源: a covered link held by exactly one active firm.
        SingleSource => "single_source" ["单一来源"] label "single source",
        /// 咽喉环节: every source-to-sink supply path runs through the link.
        Chokepoint => "chokepoint" ["咽喉环节"],
    }
}

/// One link of one chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkRef {
    pub chain: ChainIdx,
    pub link: LinkIdx,
}

/// Everything `chainmap risk` reports, for the whole dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// Active firms whose halting costs completeness, ranked (see [`rank_firms`]).
    pub firms: Vec<FirmImpact>,
    /// Sorted by chain, then link.
    pub single_sources: Vec<SingleSource>,
    /// Sorted by chain, then link.
    pub chokepoints: Vec<LinkRef>,
    /// Redundancy of every chain, in chain order; `None` when nothing is covered.
    pub redundancy: Vec<Option<f64>>,
}

/// The whole risk picture of a dataset, from its gap analysis.
#[must_use]
pub fn assess(dataset: &Dataset, analyses: &[ChainAnalysis]) -> Risk {
    Risk {
        firms: Criticality::new(dataset, analyses).ranked(),
        single_sources: single_sources(dataset, analyses),
        chokepoints: chokepoints(dataset, analyses),
        redundancy: dataset.chains.iter().zip(analyses).map(|(chain, a)| redundancy(chain, a)).collect(),
    }
}

/// Halts the local firms `firms` (status `halted` at all their placements)
/// and reports completeness and closed loop before and after, and every link
/// whose status changes. To halt firms and recruit candidates together, call
/// [`what_if`](super::recruit::what_if).
#[must_use]
pub fn simulate_halt(dataset: &Dataset, analyses: &[ChainAnalysis], firms: &[FirmIdx]) -> Simulation {
    what_if(dataset, analyses, &[], firms)
}

/// The number of open problems (待解决) each local firm has reported, by firm
/// index: the firm-problem list is worked in order of what is at stake.
#[must_use]
pub fn open_problems(dataset: &Dataset) -> Vec<u32> {
    let mut counts = vec![0; dataset.firms.len()];
    for problem in dataset.problems.iter().filter(|p| p.status == ProblemStatus::Open) {
        counts[problem.firm as usize] += 1;
    }
    counts
}
