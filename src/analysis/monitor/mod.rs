//! Operations monitoring (运行监测, SPEC §8): how the region, each chain and
//! each county grow month by month, which firms to warn about, and which
//! small firms are about to cross the above-scale line (小升规).
//!
//! Everything starts from one pass over the firms ([`firm_figures`]): for
//! the report period P, what each firm reported at P, P−1 and P−12, its
//! year-to-date sums this year and last, and its twelve-month sum. Then:
//!
//! - **Indicators** (`figures.rs`): the sums over the firms of the region,
//!   of each chain and of each county, their growth (累计同比, 当月同比,
//!   环比), and the ranking of chains and counties by year-to-date growth.
//! - **Warnings** (`warnings.rs`, 预警): halted, declining, unreported and
//!   at risk of leaving the above-scale list, each tied to the chain links
//!   the firm alone holds ([`risk`](super::risk)).
//! - **The upgrade pipeline** (`upgrade.rs`, 小升规): firms not above scale
//!   whose twelve months reach the nurture or the above-scale line.
//!
//! Thresholds come from `region.json` ([`MonitorSettings`](crate::model::MonitorSettings)).
//! The per-firm pass runs in parallel; every sum is taken in firm order, so
//! the result is the same on any number of threads.

mod figures;
mod upgrade;
mod warnings;

pub(crate) use figures::sort_ranked;
pub use figures::{Figures, FirmFigures, ScopeFigures, firm_figures, growth};
pub use upgrade::Upgrade;
pub use warnings::Warning;

use rayon::prelude::*;

use super::chain::ChainAnalysis;
use crate::model::monthly::month_no;
use crate::model::words::word_enum;
use crate::model::{ChainIdx, CountyIdx, Dataset, Month};

/// Figures that agree to this much count as tied in rankings, and as at a
/// line when compared with it (SPEC §4): relative to the line for amounts,
/// absolute for growth rates.
pub const TIE: f64 = 1e-9;

word_enum! {
    /// What a warning (预警) is about.
    WarningKind {
        Halted => "halted" ["停产"],
        Decline => "decline" ["下滑"],
        Unreported => "unreported" ["未报"],
        ExitRisk => "exit_risk" ["退规风险"] label "exit risk",
    }
}

word_enum! {
    /// How urgent a warning is, as the provincial platforms grade them.
    /// Declared most urgent first, so warnings sort by it.
    WarningLevel {
        Red => "red" ["红", "红色"],
        Orange => "orange" ["橙", "橙色"],
        Yellow => "yellow" ["黄", "黄色"],
    }
}

word_enum! {
    /// Where a firm not above scale stands in the upgrade pipeline (小升规).
    UpgradeLevel {
        Ready => "ready" ["达规"],
        Nurture => "nurture" ["培育"],
    }
}

/// What to monitor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Query {
    /// The report period P; the latest month of the table when `None`.
    pub period: Option<Month>,
    /// Only this chain: its indicators, its counties, its firms' warnings
    /// and pipeline. The region's figures stay the whole region's.
    pub chain: Option<ChainIdx>,
}

/// Why there is nothing to monitor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MonitorError {
    #[error("the dataset has no monthly data; add monthly.csv (one row per firm and month, see docs/formats.md)")]
    NoData,
    #[error("period {period} is outside the monthly data, which runs from {first} to {last}")]
    Outside { period: Month, first: Month, last: Month },
}

/// Everything `chainmap monitor` reports for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Monitor {
    /// The report period P.
    pub period: Month,
    /// The whole region: every firm once.
    pub region: Figures,
    /// Chains ranked by year-to-date growth, highest first, `None` last,
    /// figures within [`TIE`] tied and ties by id; with
    /// a chain in the query, that chain alone, keeping its rank among all.
    pub chains: Vec<ScopeFigures<ChainIdx>>,
    /// Counties with at least one firm in scope, ranked by year-to-date
    /// growth, ties by name.
    pub counties: Vec<ScopeFigures<CountyIdx>>,
    /// Sorted by level, then impact (highest first), then firm id, then kind.
    pub warnings: Vec<Warning>,
    /// The 小升规 pipeline, by twelve-month sum (highest first), then firm id.
    pub upgrade: Vec<Upgrade>,
}

impl Monitor {
    /// The figures of chain `chain`, if it is in the result.
    #[must_use]
    pub fn chain(&self, chain: ChainIdx) -> Option<&ScopeFigures<ChainIdx>> {
        self.chains.iter().find(|c| c.scope == chain)
    }

    /// The warnings about firms of chain `chain`, in order.
    pub fn warnings_in(&self, chain: ChainIdx) -> impl Iterator<Item = &Warning> {
        self.warnings.iter().filter(move |w| w.chains.contains(&chain))
    }
}

/// The period a query asks for: the given one when the table covers it,
/// else the table's latest month.
///
/// # Errors
/// [`MonitorError::NoData`] without monthly rows; [`MonitorError::Outside`]
/// for a period before the first or after the last month of the table.
pub fn period(dataset: &Dataset, asked: Option<Month>) -> Result<Month, MonitorError> {
    let (first, last) = dataset.monthly.span().ok_or(MonitorError::NoData)?;
    match asked {
        None => Ok(last),
        Some(period) if (first..=last).contains(&period) => Ok(period),
        Some(period) => Err(MonitorError::Outside { period, first, last }),
    }
}

/// Operations monitoring of `dataset` (whose gap analysis is `analyses`)
/// for the period and scope of `query`.
///
/// # Errors
/// As [`period`]: no monthly data, or a period outside it.
///
/// # Example
///
/// ```no_run
/// # use chainmap::analysis::{analyze, monitor::{monitor, Query}};
/// # fn demo(dataset: &chainmap::model::Dataset) {
/// let analyses = analyze(dataset);
/// let result = monitor(dataset, &analyses, &Query::default()).expect("monthly data");
/// println!("{}: year to date {:?}", result.period, result.region.yoy());
/// for w in &result.warnings {
///     println!("{} {} {} impact {}", dataset.firms.id(w.firm), w.kind.zh(), w.level.zh(), w.impact);
/// }
/// # }
/// ```
pub fn monitor(dataset: &Dataset, analyses: &[ChainAnalysis], query: &Query) -> Result<Monitor, MonitorError> {
    let period = period(dataset, query.period)?;
    let firms = firm_figures(dataset, month_no(period).expect("a month of the table has a number"));
    let in_scope = figures::scope_filter(dataset, query.chain);
    Ok(parts(dataset, analyses, period, &firms, query.chain, in_scope.as_deref()))
}

/// The monitoring of the firms in scope for `period`, from their figures.
/// The parts are worked out side by side; each sums in firm order on its
/// own, so the result is the same on any number of threads.
fn parts(
    dataset: &Dataset,
    analyses: &[ChainAnalysis],
    period: Month,
    firms: &[FirmFigures],
    chain: Option<ChainIdx>,
    in_scope: Option<&[bool]>,
) -> Monitor {
    let settings = &dataset.region.monitor;
    let ((region, chains), (counties, (warnings, upgrade))) = rayon::join(
        || (figures::region(firms), figures::chains(dataset, firms, chain)),
        || {
            rayon::join(
                || figures::counties(dataset, firms, in_scope),
                || {
                    rayon::join(
                        || warnings::warnings(dataset, analyses, firms, in_scope, settings),
                        || upgrade::pipeline(dataset, firms, in_scope, settings),
                    )
                },
            )
        },
    );
    Monitor { period, region, chains, counties, warnings, upgrade }
}

/// The monitoring of the whole region and of each chain for one period,
/// as the report shows them on its region page and its chain pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Monitoring {
    /// The whole region ([`Query`] without a chain).
    pub region: Monitor,
    /// Per chain, in chain order: what [`monitor`] gives for a [`Query`]
    /// naming that chain.
    pub chains: Vec<Monitor>,
}

/// The region's monitoring and every chain's for `period` (the latest
/// month of the table when `None`), from one pass over the firms and one
/// search for the warnings' impacts: each chain's part is the region's
/// narrowed to the chain's firms and sorted again, so it equals
/// [`monitor`] with that chain in the query without computing it anew.
///
/// # Errors
/// As [`period`]: no monthly data, or a period outside it.
///
/// Complexity: one [`monitor`] of the region, then O(P + F) per chain for
/// P firm placements and F firms, in parallel over chains.
pub fn monitor_each_chain(
    dataset: &Dataset,
    analyses: &[ChainAnalysis],
    period: Option<Month>,
) -> Result<Monitoring, MonitorError> {
    let period = self::period(dataset, period)?;
    let firms = firm_figures(dataset, month_no(period).expect("a month of the table has a number"));
    let region = parts(dataset, analyses, period, &firms, None, None);
    let chains = (0..dataset.chains.len())
        .into_par_iter()
        .map(|c| {
            let in_chain = figures::scope_filter(dataset, Some(c)).expect("a chain is given");
            // A subset is sorted again: its ties are cut from its own figures.
            let mut warnings: Vec<Warning> =
                region.warnings.iter().filter(|w| in_chain[w.firm as usize]).cloned().collect();
            warnings::sort_warnings(dataset, &mut warnings);
            let mut upgrade: Vec<Upgrade> =
                region.upgrade.iter().filter(|u| in_chain[u.firm as usize]).copied().collect();
            upgrade::sort_upgrade(dataset, &mut upgrade);
            Monitor {
                period,
                region: region.region,
                chains: region.chains.iter().filter(|s| s.scope == c).copied().collect(),
                counties: figures::counties(dataset, &firms, Some(&in_chain)),
                warnings,
                upgrade,
            }
        })
        .collect();
    Ok(Monitoring { region, chains })
}
