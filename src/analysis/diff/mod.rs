//! Change over time (docs/analysis.md#diff): what moved between two copies
//! of a dataset — an old month's snapshot and today's roster — keyed by
//! ids, never by position, so the two may differ in chains and links as
//! well as in rows.
//!
//! ```text
//!   old dataset ──┐                      ┌─ chains: completeness, closed loop,
//!   (+ analysis)  ├─ pair by id ─────────┤   link statuses, links ± (chains.rs)
//!   new dataset ──┘  (identity.rs)       ├─ firms ±, fields changed (firms.rs)
//!   (+ analysis)                         ├─ candidates / projects ±, stages (stages.rs)
//!                                        ├─ problems opened, resolved (problems.rs)
//!                                        └─ net above-scale firms (firms.rs)
//! ```
//!
//! The result holds indices into the two datasets, each list in the order
//! of its ids, so a renderer (the `diff` command, the monthly bulletin) can
//! lay it out with the names of either side.

pub mod chains;
pub mod firms;
pub mod identity;
pub mod problems;
pub mod stages;

pub use chains::{ChainChange, ChainChanges, LinkChange, compare_chains};
pub use firms::{FieldValue, FirmChange, FirmChanges, FirmField, above_scale_net, compare_firms};
pub use problems::{ProblemChanges, ProblemIdentity, compare_problems};
pub use stages::{StageChange, StageChanges, compare_stages};

use crate::analysis::ChainAnalysis;
use crate::model::{Dataset, Engagement, ProjectStage};

/// One of the two datasets compared, with its analysis
/// ([`analyze`](crate::analysis::analyze)).
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub dataset: &'a Dataset,
    pub analyses: &'a [ChainAnalysis],
}

/// A value in the old dataset and in the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change<T> {
    pub from: T,
    pub to: T,
}

impl<T: PartialEq> Change<T> {
    /// Whether the value differs.
    #[must_use]
    pub fn changed(&self) -> bool {
        self.from != self.to
    }
}

/// Everything that changed between two datasets.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff {
    pub chains: ChainChanges,
    pub firms: FirmChanges,
    pub candidates: StageChanges<Engagement>,
    pub projects: StageChanges<Option<ProjectStage>>,
    pub problems: ProblemChanges,
    /// Above-scale firms (规上) in the new dataset less those in the old (净增规上).
    pub above_scale_net: i64,
}

impl Diff {
    /// Whether the two datasets hold the same chains, statuses, records and
    /// problem states: nothing for a bulletin to report.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.chains.added.is_empty()
            && self.chains.removed.is_empty()
            && self.chains.chains.iter().all(ChainChange::is_unchanged)
            && self.firms == FirmChanges::default()
            && self.candidates.is_empty()
            && self.projects.is_empty()
            && self.problems.opened.is_empty()
            && self.problems.resolved.is_empty()
            && self.above_scale_net == 0
    }
}

/// Compares `old` with `new`.
///
/// Complexity: O(n log n) in the number of chains, links and records.
#[must_use]
pub fn diff(old: Side<'_>, new: Side<'_>) -> Diff {
    Diff {
        chains: compare_chains(old, new),
        firms: compare_firms(old, new),
        candidates: compare_stages(old, new, |s| s.dataset.candidates.iter().map(|c| (c.id, c.stage)).collect()),
        projects: compare_stages(old, new, |s| s.dataset.projects.iter().map(|p| (&*p.id, p.stage)).collect()),
        problems: compare_problems(old, new),
        above_scale_net: above_scale_net(old.dataset, new.dataset),
    }
}
