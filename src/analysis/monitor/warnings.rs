//! Early warnings (预警, SPEC §8): firms that halted, decline, stopped
//! reporting or may leave the above-scale list, each tied to the chain
//! links it alone holds.
//!
//! | kind | when | level | value |
//! |---|---|---|---|
//! | `halted` 停产 | a row at P with output 0, and output > 0 at P−1 | red | output at P−1 |
//! | `decline` 下滑 | `ytd_prev > 0` and `g = ytd / ytd_prev − 1` ≤ yellow line | red ≤ red line, orange ≤ orange line, else yellow | g |
//! | `unreported` 未报 | no row at P, a row at P−1 | yellow | output at P−1 |
//! | `exit_risk` 退规风险 | above scale, rows for all of P−11 … P, twelve-month sum < above-scale line | orange | the sum |
//!
//! A figure within [`TIE`] of a line counts as at the line. Each warning
//! carries the firm's `critical_links` — the links where it is the only
//! active firm, which its halting breaks — and its `impact`, the
//! completeness points the chains lose if it halts (SPEC §10; 0 for a firm
//! the roster already lists as halted).

use rayon::prelude::*;

use super::figures::{FirmFigures, sort_ranked};
use super::{TIE, WarningKind, WarningLevel};
use crate::analysis::chain::ChainAnalysis;
use crate::analysis::risk::{Criticality, LinkRef};
use crate::analysis::status::placements_of;
use crate::model::{ChainIdx, CountyIdx, Dataset, DeclineLevels, FirmIdx, MonitorSettings};

/// One warning about one firm.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub firm: FirmIdx,
    pub kind: WarningKind,
    pub level: WarningLevel,
    /// The figure behind it: output at P−1 (halted, unreported), the
    /// year-to-date growth as a fraction (decline), the twelve-month sum
    /// (exit risk).
    pub value: f64,
    /// The chains the firm works in, in id order.
    pub chains: Vec<ChainIdx>,
    pub county: Option<CountyIdx>,
    /// The links that go missing if the firm halts, by chain then link.
    pub critical_links: Vec<LinkRef>,
    /// Completeness points lost if the firm halts, summed over chains.
    pub impact: f64,
}

/// Whether growth `g` is at or below `line`.
fn at_or_below(g: f64, line: f64) -> bool {
    g <= line + TIE
}

/// Whether an amount is below `line`, by more than the tie.
pub(super) fn below(amount: f64, line: f64) -> bool {
    amount < line - TIE * line.abs().max(1.0)
}

/// The level of a decline of growth `g`, if it is one.
fn decline_level(g: f64, levels: &DeclineLevels) -> Option<WarningLevel> {
    if at_or_below(g, levels.red) {
        Some(WarningLevel::Red)
    } else if at_or_below(g, levels.orange) {
        Some(WarningLevel::Orange)
    } else if at_or_below(g, levels.yellow) {
        Some(WarningLevel::Yellow)
    } else {
        None
    }
}

/// The kinds of warning a firm's figures call for, with level and value.
fn kinds(f: &FirmFigures, above_scale: bool, settings: &MonitorSettings) -> impl Iterator<Item = Found> {
    let halted = (f.reported && f.month == 0.0 && f.reported_prev && f.month_prev > 0.0).then_some((
        WarningKind::Halted,
        WarningLevel::Red,
        f.month_prev,
    ));
    let decline = f
        .yoy()
        .filter(|_| f.ytd_prev > 0.0)
        .and_then(|g| decline_level(g, &settings.decline).map(|level| (WarningKind::Decline, level, g)));
    let unreported =
        (!f.reported && f.reported_prev).then_some((WarningKind::Unreported, WarningLevel::Yellow, f.month_prev));
    let exit = f
        .trailing12
        .filter(|&sum| above_scale && below(sum, settings.above_scale_line))
        .map(|sum| (WarningKind::ExitRisk, WarningLevel::Orange, sum));
    [halted, decline, unreported, exit].into_iter().flatten()
}

/// A warning's kind, level and value, as [`kinds`] finds them.
type Found = (WarningKind, WarningLevel, f64);

/// Every warning about the firms in scope, sorted by level, then impact
/// (highest first, ties within [`TIE`]), then firm id, then kind.
pub(super) fn warnings(
    dataset: &Dataset,
    analyses: &[ChainAnalysis],
    firms: &[FirmFigures],
    in_scope: Option<&[bool]>,
    settings: &MonitorSettings,
) -> Vec<Warning> {
    let warned: Vec<(FirmIdx, Vec<Found>)> = firms
        .par_iter()
        .enumerate()
        .filter(|(f, _)| in_scope.is_none_or(|s| s[*f]))
        .filter_map(|(f, figures)| {
            let f = FirmIdx::try_from(f).expect("firms are numbered in 32 bits");
            let found: Vec<_> = kinds(figures, dataset.firms[f as usize].above_scale, settings).collect();
            (!found.is_empty()).then_some((f, found))
        })
        .collect();
    if warned.is_empty() {
        return Vec::new();
    }
    let criticality = Criticality::new(dataset, analyses);
    let mut out: Vec<Warning> = warned
        .into_par_iter()
        .flat_map_iter(|(firm, found)| {
            // A firm's warnings share its impact, found once.
            let halted = criticality.firm(firm);
            let mut chains: Vec<ChainIdx> = placements_of(dataset, firm).iter().map(|p| p.chain()).collect();
            chains.dedup();
            let county = dataset.firms[firm as usize].county;
            found.into_iter().map(move |(kind, level, value)| Warning {
                firm,
                kind,
                level,
                value,
                chains: chains.clone(),
                county,
                critical_links: halted.breaks.clone(),
                impact: halted.impact,
            })
        })
        .collect();
    sort_warnings(dataset, &mut out);
    out
}

/// Sorts warnings by level, then impact (highest first, ties within
/// [`TIE`]), then firm id, then kind. The order depends only on the
/// warnings in the slice, not on the order they come in.
pub(super) fn sort_warnings(dataset: &Dataset, warnings: &mut [Warning]) {
    let id = |w: &Warning| (dataset.firms.id(w.firm), w.kind);
    warnings.sort_by_key(|w| w.level);
    for run in warnings.chunk_by_mut(|a, b| a.level == b.level) {
        sort_ranked(run, &|w: &Warning| Some(w.impact), &id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(ytd: f64, ytd_prev: f64) -> FirmFigures {
        FirmFigures { ytd, ytd_prev, reported: true, reported_prev: true, month: 1.0, ..FirmFigures::default() }
    }

    fn found(f: &FirmFigures, above_scale: bool) -> Vec<(WarningKind, WarningLevel)> {
        kinds(f, above_scale, &MonitorSettings::default()).map(|(k, l, _)| (k, l)).collect()
    }

    #[test]
    fn decline_levels_at_their_lines() {
        // 80 / 100 − 1 is −0.19999999999999996 in floating point: at the line.
        assert_eq!(found(&figures(80.0, 100.0), false), [(WarningKind::Decline, WarningLevel::Yellow)]);
        assert_eq!(found(&figures(80.1, 100.0), false), []);
        assert_eq!(found(&figures(70.0, 100.0), false), [(WarningKind::Decline, WarningLevel::Orange)]);
        assert_eq!(found(&figures(50.0, 100.0), false), [(WarningKind::Decline, WarningLevel::Red)]);
        assert_eq!(found(&figures(0.0, 100.0), false), [(WarningKind::Decline, WarningLevel::Red)]);
        assert_eq!(found(&figures(10.0, 0.0), false), []);
    }

    #[test]
    fn halted_needs_a_row_of_zero_after_output() {
        let halted = FirmFigures { reported: true, reported_prev: true, month_prev: 30.0, ..FirmFigures::default() };
        assert_eq!(found(&halted, false), [(WarningKind::Halted, WarningLevel::Red)]);
        let silent = FirmFigures { reported: false, ..halted };
        assert_eq!(found(&silent, false), [(WarningKind::Unreported, WarningLevel::Yellow)]);
        let idle = FirmFigures { month_prev: 0.0, ..halted };
        assert_eq!(found(&idle, false), []);
    }

    #[test]
    fn exit_risk_below_the_line_for_above_scale_firms_only() {
        let near = FirmFigures { trailing12: Some(1999.0), ..figures(1.0, 1.0) };
        assert_eq!(found(&near, true), [(WarningKind::ExitRisk, WarningLevel::Orange)]);
        assert_eq!(found(&near, false), []);
        // Twelve months of 166.666… sum to a hair above or below 2000: at the line.
        let at_line = FirmFigures { trailing12: Some(2000.0 - 1e-10), ..near };
        assert_eq!(found(&at_line, true), []);
        let incomplete = FirmFigures { trailing12: None, ..near };
        assert_eq!(found(&incomplete, true), []);
    }
}
