//! What changed among the firms' problems (企业诉求): the problems opened
//! and resolved since the old dataset, and where the new one stands (how
//! many open, resolved, in all, and the share resolved: 销号率).
//!
//! Problems pair by `problem_id` when every problem of both datasets has
//! one; otherwise by firm, category and description, identical problems
//! of one firm pairing off in the order they were reported
//! (docs/analysis.md#identity).

use super::Side;
use super::identity::{nth_of_equal, pair_by_key};
use crate::model::{Dataset, Date, ProblemCategory, ProblemStatus};

/// How the problems of the two datasets were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemIdentity {
    /// By `problem_id` (问题编号).
    ById,
    /// By firm, category and description.
    ByDescription,
}

/// The problems of two datasets compared.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemChanges {
    pub identity: ProblemIdentity,
    /// Indices in the new dataset of problems open there and not open in
    /// the old one (new problems, and problems opened again), by key.
    pub opened: Vec<usize>,
    /// Indices in the new dataset of problems resolved there and not
    /// resolved in the old one (销号), by key.
    pub resolved: Vec<usize>,
    /// Problems open in the new dataset.
    pub open: usize,
    /// Problems resolved in the new dataset.
    pub resolved_total: usize,
    /// Problems in the new dataset.
    pub total: usize,
    /// `resolved_total / total` (销号率); `None` without problems.
    pub resolution_rate: Option<f64>,
}

/// What pairs a problem with its counterpart in the other dataset.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum ProblemKey<'a> {
    Id(&'a str),
    /// Firm id, category, description, and the rank among equal ones.
    Described(&'a str, ProblemCategory, &'a str, u32),
}

/// What describes a problem without an id: its firm's id, its category,
/// its description.
type Described<'a> = (&'a str, ProblemCategory, &'a str);

/// Every problem of `dataset` with its key under `identity`.
fn keys(dataset: &Dataset, identity: ProblemIdentity) -> Vec<(ProblemKey<'_>, usize)> {
    let problems = dataset.problems.iter().enumerate();
    match identity {
        ProblemIdentity::ById => problems.filter_map(|(i, p)| Some((ProblemKey::Id(p.id.as_deref()?), i))).collect(),
        ProblemIdentity::ByDescription => {
            let described: Vec<(Described<'_>, Option<Date>, usize)> = problems
                .map(|(i, p)| ((dataset.firms.id(p.firm), p.category, &*p.description), p.reported, i))
                .collect();
            nth_of_equal(described)
                .into_iter()
                .map(|(((firm, category, description), nth), i)| {
                    (ProblemKey::Described(firm, category, description, nth), i)
                })
                .collect()
        }
    }
}

/// Compares the problems of `old` and `new`.
#[must_use]
pub fn compare_problems(old: Side<'_>, new: Side<'_>) -> ProblemChanges {
    let has_ids = |d: &Dataset| d.problems.iter().all(|p| p.id.is_some());
    let identity = if has_ids(old.dataset) && has_ids(new.dataset) {
        ProblemIdentity::ById
    } else {
        ProblemIdentity::ByDescription
    };
    let new_keys = keys(new.dataset, identity);
    let pairing = pair_by_key(keys(old.dataset, identity), new_keys.clone());
    let (old_problems, new_problems) = (&old.dataset.problems, &new.dataset.problems);
    // The status each new problem had in the old dataset, if it was there.
    let mut was: Vec<Option<ProblemStatus>> = vec![None; new_problems.len()];
    for (o, n) in pairing.both {
        was[n] = Some(old_problems[o].status);
    }
    let mut new_keys = new_keys;
    new_keys.sort_unstable();
    let now = |i: usize| new_problems[i].status;
    let opened = new_keys
        .iter()
        .map(|&(_, i)| i)
        .filter(|&i| now(i) == ProblemStatus::Open && was[i] != Some(ProblemStatus::Open));
    let opened: Vec<usize> = opened.collect();
    let resolved: Vec<usize> = new_keys
        .iter()
        .map(|&(_, i)| i)
        .filter(|&i| now(i) == ProblemStatus::Resolved && was[i] != Some(ProblemStatus::Resolved))
        .collect();
    let total = new_problems.len();
    let resolved_total = new_problems.iter().filter(|p| p.status == ProblemStatus::Resolved).count();
    ProblemChanges {
        identity,
        opened,
        resolved,
        open: new_problems.iter().filter(|p| p.status == ProblemStatus::Open).count(),
        resolved_total,
        total,
        resolution_rate: (total > 0).then(|| resolved_total as f64 / total as f64),
    }
}
