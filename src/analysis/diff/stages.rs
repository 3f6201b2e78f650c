//! What changed among the recruitment candidates and the key projects:
//! those added and removed, and those whose stage moved (a candidate from
//! 洽谈中 to 已签约, a project from 谋划 to 在建). Candidates pair by
//! `candidate_id`, projects by `project_id`.

use super::identity::{Pairing, pair_by_key};
use super::{Change, Side};

/// A record in both datasets whose stage moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageChange<S> {
    /// The record's index in the old dataset…
    pub old: usize,
    /// …and in the new one.
    pub new: usize,
    pub stage: Change<S>,
}

/// Records of one kind compared, each list by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChanges<S> {
    /// Indices in the new dataset of records the old one did not have.
    pub added: Vec<usize>,
    /// Indices in the old dataset of records the new one does not have.
    pub removed: Vec<usize>,
    pub stage_changes: Vec<StageChange<S>>,
}

impl<S> Default for StageChanges<S> {
    fn default() -> Self {
        Self { added: Vec::new(), removed: Vec::new(), stage_changes: Vec::new() }
    }
}

impl<S> StageChanges<S> {
    /// Whether no record was added, removed or moved.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.stage_changes.is_empty()
    }
}

/// Compares records of one kind, each side's as its ids and stages in
/// order (`records`).
#[must_use]
pub fn compare_stages<'a, S: Copy + PartialEq>(
    old: Side<'a>,
    new: Side<'a>,
    records: fn(Side<'a>) -> Vec<(&'a str, S)>,
) -> StageChanges<S> {
    let (old_records, new_records) = (records(old), records(new));
    let ids = |records: &[(&'a str, S)]| records.iter().enumerate().map(|(i, r)| (r.0, i)).collect::<Vec<_>>();
    let Pairing { both, removed, added } = pair_by_key(ids(&old_records), ids(&new_records));
    let stage_changes = both
        .into_iter()
        .map(|(o, n)| StageChange { old: o, new: n, stage: Change { from: old_records[o].1, to: new_records[n].1 } })
        .filter(|c| c.stage.changed())
        .collect();
    StageChanges { added, removed, stage_changes }
}
