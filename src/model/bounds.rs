//! The bounds of the figures a dataset may hold: what the domain can mean.
//! Past them a figure is a typing slip or a hostile file, and sums of a
//! million such figures would leave the range where results stay finite
//! and exact enough to rank.

/// The largest amount in 万元 (output, revenue, investment, a line of
/// `region.json`): 10¹⁰ 万元 = 100 万亿元, about the yearly output of
/// China; no firm or project comes near. Two million firms at the bound
/// still sum to 2·10¹⁶, far inside the range of an `f64`.
pub const MAX_AMOUNT: f64 = 1e10;

/// The largest weight (a link's `weight`, a factor weight of `region.json`).
/// Weights are relative: 1 is the default, and a link a thousand times as
/// important as another is more than any chain office means.
pub const MAX_WEIGHT: f64 = 1000.0;
