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
//! overridable per factor in `region.json` (`priority_weights`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::gap::GapKind;
use crate::model::region::PRIORITY_FACTORS;

/// The default weight of each priority factor, in `PRIORITY_FACTORS` order.
pub const DEFAULT_WEIGHTS: [f64; 4] = [40.0, 25.0, 20.0, 15.0];

/// Resolved factor weights.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorityWeights {
    pub weights: [f64; 4],
}

impl PriorityWeights {
    /// The defaults with the overrides of `region.json` applied (the loader
    /// checked that every key is a factor name).
    #[must_use]
    pub fn from_overrides(overrides: &BTreeMap<String, f64>) -> Self {
        let mut weights = DEFAULT_WEIGHTS;
        for (i, name) in PRIORITY_FACTORS.iter().enumerate() {
            if let Some(&w) = overrides.get(*name) {
                weights[i] = w;
            }
        }
        Self { weights }
    }
}

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
    /// Factor name → value in [0, 1].
    pub factors: BTreeMap<&'static str, f64>,
    /// The factor that contributes most (weight × value).
    #[serde(skip)]
    pub top_factor: &'static str,
}

/// Rounds to 4 decimals so printed factors read cleanly (0.7, not 0.7000000000000001).
fn tidy(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Combines factor values (in `PRIORITY_FACTORS` order) into a priority.
#[must_use]
pub fn priority(values: [f64; 4], weights: &PriorityWeights) -> Priority {
    let total: f64 = weights.weights.iter().sum();
    let contributions: Vec<f64> = values.iter().zip(&weights.weights).map(|(v, w)| v * w).collect();
    let score = if total > 0.0 { 100.0 * contributions.iter().sum::<f64>() / total } else { 0.0 };
    let top = contributions.iter().enumerate().fold(0, |best, (i, c)| if *c > contributions[best] { i } else { best });
    Priority {
        score: tidy(score),
        factors: PRIORITY_FACTORS.iter().zip(values).map(|(name, v)| (*name, tidy(v))).collect(),
        top_factor: PRIORITY_FACTORS[top],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_sum_in_0_100() {
        let w = PriorityWeights::from_overrides(&BTreeMap::new());
        assert!((priority([1.0, 1.0, 1.0, 1.0], &w).score - 100.0).abs() < 1e-9);
        assert!(priority([0.0; 4], &w).score.abs() < 1e-9);
        let p = priority([1.0, 0.5, 0.0, 1.0], &w);
        assert!((p.score - (40.0 + 12.5 + 15.0)).abs() < 1e-9);
        assert_eq!(p.top_factor, "gap_kind");
        let only_weight = PriorityWeights::from_overrides(&BTreeMap::from([
            ("gap_kind".to_owned(), 0.0),
            ("path_share".to_owned(), 0.0),
            ("demand_pull".to_owned(), 0.0),
        ]));
        assert!((priority([1.0, 1.0, 1.0, 0.25], &only_weight).score - 25.0).abs() < 1e-9);
    }
}
