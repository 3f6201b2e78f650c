//! Priority of a gap link, 0–100: a weighted sum of named factors, each in
//! [0, 1], so an analyst can see why a link ranks where it does.
//!
//! | factor | value |
//! |---|---|
//! | `gap_kind` | `bridge` 1.0, `extend_downstream` / `extend_upstream` 0.7, `strengthen` 0.5, `isolated` 0.3 |
//! | `path_share` | the link's path share |
//! | `demand_pull` | active output at the link's direct neighbours ÷ the largest such figure in the chain |
//! | `weight` | the link's weight ÷ the largest weight in the chain |
//!
//! Priority = 100 × Σ wᶠ·vᶠ / Σ wᶠ with default weights 40, 25, 20, 15,
//! overridable per factor in `region.json` (`priority_weights`). The factors,
//! their keys, labels and default weights are declared in
//! [`crate::model::factors`].

use serde::Serialize;

use super::gap::GapKind;
use crate::model::{FactorValues, PriorityFactor, Weights};

/// The priority factor weights in force.
pub type PriorityWeights = Weights<PriorityFactor>;

/// The value of the `gap_kind` factor: bridges first.
#[must_use]
pub fn gap_kind_value(kind: GapKind) -> f64 {
    match kind {
        GapKind::Bridge => 1.0,
        GapKind::ExtendDownstream | GapKind::ExtendUpstream => 0.7,
        GapKind::Strengthen => 0.5,
        GapKind::Isolated => 0.3,
    }
}

/// A gap link's priority and the factors behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Priority {
    /// 0–100.
    pub score: f64,
    /// Each factor's value in [0, 1].
    pub factors: FactorValues<PriorityFactor>,
    /// The factor that contributes most (weight × value); the first in
    /// declaration order on a tie.
    #[serde(skip)]
    pub top_factor: PriorityFactor,
}

/// Rounds to 4 decimals so printed factors read cleanly (0.7, not 0.7000000000000001).
fn tidy(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Combines factor values into a priority.
#[must_use]
pub fn priority(values: FactorValues<PriorityFactor>, weights: &PriorityWeights) -> Priority {
    let total = weights.total();
    let score = if total > 0.0 { 100.0 * weights.weighted_sum(&values) / total } else { 0.0 };
    let contribution = |f: PriorityFactor| values[f] * weights[f];
    let top = PriorityFactor::ALL
        .iter()
        .copied()
        .fold(PriorityFactor::ALL[0], |best, f| if contribution(f) > contribution(best) { f } else { best });
    Priority { score: tidy(score), factors: values.map(tidy), top_factor: top }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn values(gap_kind: f64, path_share: f64, demand_pull: f64, weight: f64) -> FactorValues<PriorityFactor> {
        FactorValues::from_fn(|f| match f {
            PriorityFactor::GapKind => gap_kind,
            PriorityFactor::PathShare => path_share,
            PriorityFactor::DemandPull => demand_pull,
            PriorityFactor::Weight => weight,
        })
    }

    #[test]
    fn weighted_sum_in_0_100() {
        let w = PriorityWeights::from_overrides(&BTreeMap::new());
        assert!((priority(values(1.0, 1.0, 1.0, 1.0), &w).score - 100.0).abs() < 1e-9);
        assert!(priority(values(0.0, 0.0, 0.0, 0.0), &w).score.abs() < 1e-9);
        let p = priority(values(1.0, 0.5, 0.0, 1.0), &w);
        assert!((p.score - (40.0 + 12.5 + 15.0)).abs() < 1e-9);
        assert_eq!(p.top_factor, PriorityFactor::GapKind);
        let only_weight = PriorityWeights::from_overrides(&BTreeMap::from([
            ("gap_kind".to_owned(), 0.0),
            ("path_share".to_owned(), 0.0),
            ("demand_pull".to_owned(), 0.0),
        ]));
        let p = priority(values(1.0, 1.0, 1.0, 0.25), &only_weight);
        assert!((p.score - 25.0).abs() < 1e-9);
        assert_eq!(p.top_factor, PriorityFactor::Weight);
    }
}
