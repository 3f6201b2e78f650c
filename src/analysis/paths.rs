//! Path share: the fraction of all source-to-sink supply paths that run
//! through a link, counted exactly on the condensation.

use num_bigint::BigUint;
use num_traits::{One, ToPrimitive, Zero};

use super::condensed::Condensed;

/// `num / den` as an `f64`, right to about 1e-15 relative whatever the
/// sizes of the two integers (path counts grow exponentially: 10^60 and
/// more on wide chains, beyond `f64`'s range on very wide ones).
#[must_use]
pub fn ratio(num: &BigUint, den: &BigUint) -> f64 {
    if num.is_zero() {
        return 0.0;
    }
    // Keep the top 64 bits of each and carry the rest as a power of two.
    let scale = |x: &BigUint| -> (f64, i64) {
        let bits = x.bits();
        let shift = bits.saturating_sub(64);
        let top = (x >> shift).to_f64().expect("64-bit value fits");
        (top, i64::try_from(shift).expect("shift fits"))
    };
    let (n, en) = scale(num);
    let (d, ed) = scale(den);
    let exponent = en - ed;
    let mut value = n / d;
    // powi takes i32; exponents of real path counts are far inside that range.
    value *= 2f64.powi(i32::try_from(exponent).unwrap_or(if exponent > 0 { i32::MAX } else { i32::MIN }));
    value
}

/// Number of source-to-sink paths through each component, and in all.
///
/// Complexity: O(V + E) big-integer additions plus one multiplication per
/// component.
#[must_use]
pub fn path_counts(condensed: &Condensed) -> (Vec<BigUint>, BigUint) {
    let n = condensed.len();
    let mut from_sources: Vec<BigUint> = Vec::with_capacity(n);
    for c in 0..n {
        let count = if condensed.is_source(c) {
            BigUint::one()
        } else {
            condensed.predecessors[c].iter().map(|&p| &from_sources[p]).sum()
        };
        from_sources.push(count);
    }
    let mut to_sinks: Vec<BigUint> = vec![BigUint::zero(); n];
    for c in (0..n).rev() {
        to_sinks[c] = if condensed.is_sink(c) {
            BigUint::one()
        } else {
            condensed.successors[c].iter().map(|&s| &to_sinks[s]).sum()
        };
    }
    let total: BigUint = (0..n).filter(|&c| condensed.is_source(c)).map(|c| &to_sinks[c]).sum();
    let through = from_sources.iter().zip(&to_sinks).map(|(a, b)| a * b).collect();
    (through, total)
}

/// The path share of every link: the share of its component.
#[must_use]
pub fn path_shares(condensed: &Condensed) -> Vec<f64> {
    let (through, total) = path_counts(condensed);
    let shares: Vec<f64> = through.iter().map(|t| ratio(t, &total)).collect();
    condensed.component.iter().map(|&c| shares[c]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_of_huge_numbers() {
        let big = BigUint::from(3u32).pow(2000); // ~10^954, beyond f64
        let third = BigUint::from(3u32).pow(1999);
        assert!((ratio(&third, &big) - 1.0 / 3.0).abs() < 1e-15);
        assert!((ratio(&big, &big) - 1.0).abs() < 1e-15);
        assert!(ratio(&BigUint::zero(), &big).abs() < f64::MIN_POSITIVE);
    }
}
