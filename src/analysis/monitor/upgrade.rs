//! The upgrade pipeline (小升规, SPEC §8): firms not above scale whose last
//! twelve months reach the nurture line (培育) or the above-scale line
//! itself (达规). The city's target is a net gain of above-scale firms;
//! these are the firms that can make it.

use super::UpgradeLevel;
use super::figures::{FirmFigures, sort_ranked};
use super::warnings::below;
use crate::model::{Dataset, FirmIdx, MonitorSettings};

/// A firm in the pipeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Upgrade {
    pub firm: FirmIdx,
    /// Σ over P−11 … P of the revenue (the output where a row gives none).
    pub trailing12: f64,
    pub level: UpgradeLevel,
}

/// Every firm in scope that is not above scale, has a row for each of
/// P−11 … P, and whose twelve-month sum is at or over the nurture line:
/// `ready` at or over the above-scale line, else `nurture`. By sum, highest
/// first (ties within [`TIE`](super::TIE)), then firm id.
pub(super) fn pipeline(
    dataset: &Dataset,
    firms: &[FirmFigures],
    in_scope: Option<&[bool]>,
    settings: &MonitorSettings,
) -> Vec<Upgrade> {
    let mut out: Vec<Upgrade> = (0..=FirmIdx::MAX)
        .zip(firms)
        .filter(|(f, _)| in_scope.is_none_or(|s| s[*f as usize]) && !dataset.firms[*f as usize].above_scale)
        .filter_map(|(firm, figures)| {
            let sum = figures.trailing12.filter(|&sum| !below(sum, settings.nurture_line))?;
            let level = if below(sum, settings.above_scale_line) { UpgradeLevel::Nurture } else { UpgradeLevel::Ready };
            Some(Upgrade { firm, trailing12: sum, level })
        })
        .collect();
    sort_upgrade(dataset, &mut out);
    out
}

/// Sorts the pipeline by twelve-month sum, highest first (ties within
/// [`TIE`](super::TIE)), then firm id, whatever the order firms come in.
pub(super) fn sort_upgrade(dataset: &Dataset, upgrade: &mut [Upgrade]) {
    sort_ranked(upgrade, &|u: &Upgrade| Some(u.trailing12), &|u: &Upgrade| dataset.firms.id(u.firm));
}
