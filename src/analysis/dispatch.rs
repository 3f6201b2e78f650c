//! Dispatch (调度): the sums a chain office reads out at its weekly and
//! monthly dispatch meetings, from the optional dispatch columns (SPEC
//! §3.2) — problems open, resolved and overdue and the days they took, by
//! the unit responsible (责任单位); investment completed against planned,
//! by chain; candidates by engagement stage, by the unit or leader who
//! answers for them (包抓).
//!
//! A problem is overdue (超期) at period P when it is open and its deadline
//! falls before P's last day ([`Problem::overdue_at`]); without a period
//! nothing is overdue. Rows with no responsible unit are summed under
//! `unit: None`, listed last, so every problem and candidate is counted once.
//!
//! ```text
//! problems.csv                       by unit          open resolved overdue mean days
//!   A 市工信局 open  deadline 03-10   市工信局           1      1        1      12.0
//!   B 市工信局 resolved 03-01→03-13   (none)             1      0        0       —
//!   C (none)   open  no deadline     all                2      1        1      12.0
//! ```

use std::collections::BTreeMap;

use crate::model::{ChainIdx, Dataset, Engagement, Month, ProblemStatus};

/// Problems of one responsible unit (or of all, in [`Dispatch::problems_total`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct UnitProblems {
    /// The responsible unit as written; `None` for problems without one.
    pub unit: Option<String>,
    pub open: usize,
    pub resolved: usize,
    /// Open past their deadline at the end of the period.
    pub overdue: usize,
    /// Resolved problems with both a reported and a resolved date: what
    /// `mean_days` is the mean of.
    pub timed: usize,
    /// Mean days from reported to resolved over the `timed` problems.
    pub mean_days: Option<f64>,
}

impl UnitProblems {
    #[must_use]
    pub fn total(&self) -> usize {
        self.open + self.resolved
    }
}

/// Investment of the projects of one chain (or of all, counted once each).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ChainInvestment {
    /// `None` for the region's total.
    #[serde(skip)]
    pub chain: Option<ChainIdx>,
    pub projects: usize,
    /// Σ `investment` (万元) of the projects that give one.
    pub planned: f64,
    /// Σ `completed_investment` (万元) of the projects that give one.
    pub completed: f64,
    /// completed ÷ planned; `None` when nothing is planned.
    pub share: Option<f64>,
}

/// Candidates of one responsible unit or leader, by engagement stage.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitCandidates {
    /// `None` for candidates without one.
    pub owner: Option<String>,
    /// Counts in the order of [`Engagement::ALL`].
    pub by_stage: Vec<usize>,
}

impl UnitCandidates {
    #[must_use]
    pub fn total(&self) -> usize {
        self.by_stage.iter().sum()
    }
}

/// The dispatch tables of a dataset at a period.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Dispatch {
    /// The period overdue is judged at; `None`: nothing is overdue.
    pub period: Option<Month>,
    /// By unit, sorted by name, the problems without a unit last.
    pub problems: Vec<UnitProblems>,
    pub problems_total: UnitProblems,
    /// By chain, in chain order; chains without projects left out.
    pub investment: Vec<ChainInvestment>,
    /// Every project once.
    pub investment_total: ChainInvestment,
    /// By owner, sorted by name, the candidates without one last.
    pub candidates: Vec<UnitCandidates>,
    pub candidates_total: UnitCandidates,
    /// Whether the dataset fills any dispatch column at all: without, the
    /// bulletin says it has no dispatch data instead of showing zeros.
    pub has_columns: bool,
}

/// Adds one problem to `unit`'s figures; `days` its days to resolve.
fn count_problem(unit: &mut UnitProblems, status: ProblemStatus, overdue: bool, days: Option<i32>, sum: &mut f64) {
    match status {
        ProblemStatus::Open => unit.open += 1,
        ProblemStatus::Resolved => unit.resolved += 1,
    }
    unit.overdue += usize::from(overdue);
    if let Some(days) = days {
        unit.timed += 1;
        *sum += f64::from(days);
    }
}

/// Sorted keys with `None` last: units as written, then the rows without one.
fn none_last<T>(map: BTreeMap<Option<String>, T>) -> Vec<(Option<String>, T)> {
    let (mut named, unnamed): (Vec<_>, Vec<_>) = map.into_iter().partition(|(k, _)| k.is_some());
    named.extend(unnamed);
    named
}

/// The dispatch tables of `dataset`, overdue judged at the end of `period`.
///
/// # Complexity
/// O(problems + project placements + candidates), plus sorting the units.
#[must_use]
pub fn dispatch(dataset: &Dataset, period: Option<Month>) -> Dispatch {
    let mut units: BTreeMap<Option<String>, (UnitProblems, f64)> = BTreeMap::new();
    let mut total = UnitProblems::default();
    let mut total_days = 0.0;
    for p in &dataset.problems {
        let overdue = period.is_some_and(|m| p.overdue_at(m));
        let days = p.days_to_resolve();
        let key = p.department.as_deref().map(str::to_owned);
        let (unit, sum) =
            units.entry(key.clone()).or_insert_with(|| (UnitProblems { unit: key, ..UnitProblems::default() }, 0.0));
        count_problem(unit, p.status, overdue, days, sum);
        count_problem(&mut total, p.status, overdue, days, &mut total_days);
    }
    let mean = |sum: f64, n: usize| (n > 0).then(|| sum / n as f64);
    total.mean_days = mean(total_days, total.timed);
    let problems = none_last(units)
        .into_iter()
        .map(|(_, (mut unit, sum))| {
            unit.mean_days = mean(sum, unit.timed);
            unit
        })
        .collect();

    let mut by_chain: BTreeMap<ChainIdx, Vec<u32>> = BTreeMap::new();
    for p in &dataset.project_placements {
        let projects = by_chain.entry(p.chain()).or_default();
        if projects.last() != Some(&p.owner) {
            projects.push(p.owner);
        }
    }
    let sum_projects = |chain: Option<ChainIdx>, owners: &mut dyn Iterator<Item = u32>| {
        let mut row = ChainInvestment { chain, ..ChainInvestment::default() };
        for owner in owners {
            let project = &dataset.projects[owner as usize];
            row.projects += 1;
            row.planned += project.investment.unwrap_or(0.0);
            row.completed += project.completed_investment.unwrap_or(0.0);
        }
        row.share = (row.planned > 0.0).then(|| row.completed / row.planned);
        row
    };
    let investment = by_chain
        .into_iter()
        .map(|(chain, mut owners)| {
            // Placements are sorted by owner within a chain; dedup catches rows apart.
            owners.sort_unstable();
            owners.dedup();
            sum_projects(Some(chain), &mut owners.into_iter())
        })
        .collect();
    let all = u32::try_from(dataset.projects.len()).unwrap_or(u32::MAX);
    let investment_total = sum_projects(None, &mut (0..all));

    let stages = Engagement::ALL.len();
    let stage_index = |s: Engagement| Engagement::ALL.iter().position(|&e| e == s).unwrap_or(0);
    let mut owners: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    let mut candidates_total = UnitCandidates { owner: None, by_stage: vec![0; stages] };
    for c in dataset.candidates.iter() {
        let counts = owners.entry(c.owner.map(str::to_owned)).or_insert_with(|| vec![0; stages]);
        counts[stage_index(c.stage)] += 1;
        candidates_total.by_stage[stage_index(c.stage)] += 1;
    }
    let candidates =
        none_last(owners).into_iter().map(|(owner, by_stage)| UnitCandidates { owner, by_stage }).collect();

    let has_columns =
        dataset.problems.iter().any(|p| p.department.is_some() || p.deadline.is_some() || p.resolved_on.is_some())
            || dataset.projects.iter().any(|p| p.completed_investment.is_some() || p.candidate.is_some())
            || dataset.candidates.iter().any(|c| c.owner.is_some());

    Dispatch {
        period,
        problems,
        problems_total: total,
        investment,
        investment_total,
        candidates,
        candidates_total,
        has_columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit's problems: unit, open, resolved, overdue, mean days.
    type Row<'a> = (Option<&'a str>, usize, usize, usize, Option<f64>);
    use crate::model::{Candidate, Date, Placement, Problem, ProblemCategory, Project};

    fn problem(department: Option<&str>, status: ProblemStatus, dates: [Option<Date>; 3]) -> Problem {
        let [reported, deadline, resolved_on] = dates;
        Problem {
            id: None,
            firm: 0,
            category: ProblemCategory::ALL[0],
            description: "x".into(),
            status,
            reported,
            department: department.map(Into::into),
            deadline,
            resolved_on,
        }
    }

    fn day(m: i8, d: i8) -> Option<Date> {
        Date::new(2026, m, d)
    }

    /// The sketch of the module's doc, and one more resolved problem of
    /// 市工信局 that took 20 days: mean (12 + 20) / 2 = 16.
    #[test]
    fn problems_by_unit_with_overdue_and_mean_days() {
        use ProblemStatus::{Open, Resolved};
        let d = Dataset {
            problems: vec![
                problem(Some("市工信局"), Open, [day(3, 1), day(3, 10), None]),
                problem(Some("市工信局"), Resolved, [day(3, 1), None, day(3, 13)]),
                problem(None, Open, [day(3, 2), None, None]),
                problem(Some("市工信局"), Resolved, [day(2, 1), day(2, 28), day(2, 21)]),
                // Its deadline is the period's last day: not yet overdue.
                problem(Some("县商务局"), Open, [day(3, 2), day(3, 31), None]),
            ],
            ..Dataset::default()
        };
        let march = Month::new(2026, 3);
        let r = dispatch(&d, march);
        let units: Vec<Row<'_>> =
            r.problems.iter().map(|u| (u.unit.as_deref(), u.open, u.resolved, u.overdue, u.mean_days)).collect();
        assert_eq!(
            units,
            [(Some("县商务局"), 1, 0, 0, None), (Some("市工信局"), 1, 2, 1, Some(16.0)), (None, 1, 0, 0, None)]
        );
        assert_eq!((r.problems_total.open, r.problems_total.resolved, r.problems_total.overdue), (3, 2, 1));
        assert_eq!(r.problems_total.mean_days, Some(16.0));
        // A month later the 03-31 deadline has passed too.
        assert_eq!(dispatch(&d, Month::new(2026, 4)).problems_total.overdue, 2);
        // Without a period nothing is overdue.
        assert_eq!(dispatch(&d, None).problems_total.overdue, 0);
        assert!(r.has_columns);
    }

    /// Project 0 (planned 1000, done 250) sits at two links of chain 0 and
    /// one of chain 1; project 1 (planned 500, no figure done) at chain 1:
    /// chain 0 has 250/1000, chain 1 250/1500, the region 250/1500 (each
    /// project once).
    #[test]
    fn investment_by_chain_counts_a_project_once_per_chain() {
        let project = |investment, completed| Project {
            id: "P".into(),
            name: "p".into(),
            county: None,
            investment: Some(investment),
            stage: None,
            year: None,
            completed_investment: completed,
            candidate: None,
        };
        let at = |owner, chain, link| Placement { owner, chain, link };
        let d = Dataset {
            projects: vec![project(1000.0, Some(250.0)), project(500.0, None)],
            // Sorted, as the loader leaves them.
            project_placements: vec![at(0, 0, 0), at(0, 0, 1), at(0, 1, 0), at(1, 1, 2)],
            ..Dataset::default()
        };
        let r = dispatch(&d, None);
        let rows: Vec<(Option<usize>, usize, f64, f64)> =
            r.investment.iter().map(|c| (c.chain, c.projects, c.planned, c.completed)).collect();
        assert_eq!(rows, [(Some(0), 1, 1000.0, 250.0), (Some(1), 2, 1500.0, 250.0)]);
        assert_eq!((r.investment_total.projects, r.investment_total.planned), (2, 1500.0));
        assert_eq!(r.investment[0].share, Some(0.25));
    }

    #[test]
    fn candidates_by_owner_and_stage() {
        let candidate = |i: usize, (owner, stage): (Option<&str>, Engagement)| Candidate {
            id: format!("C{i}"),
            name: "c".into(),
            region: None,
            revenue: None,
            tags: vec![],
            partners: vec![],
            stage,
            owner: owner.map(Into::into),
        };
        let d = Dataset {
            candidates: [
                (Some("王副市长"), Engagement::Signed),
                (None, Engagement::None),
                (Some("王副市长"), Engagement::Intent),
                (Some("市商务局"), Engagement::Intent),
            ]
            .into_iter()
            .enumerate()
            .map(|(i, c)| candidate(i, c))
            .collect(),
            ..Dataset::default()
        };
        let r = dispatch(&d, None);
        let at = |s: Engagement| Engagement::ALL.iter().position(|&e| e == s).unwrap();
        let owners: Vec<Option<&str>> = r.candidates.iter().map(|u| u.owner.as_deref()).collect();
        assert_eq!(owners, [Some("市商务局"), Some("王副市长"), None]);
        assert_eq!(r.candidates[1].by_stage[at(Engagement::Signed)], 1);
        assert_eq!(r.candidates[1].by_stage[at(Engagement::Intent)], 1);
        assert_eq!(r.candidates_total.total(), 4);
        assert_eq!(r.candidates_total.by_stage[at(Engagement::Intent)], 2);
    }
}
