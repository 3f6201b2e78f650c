//! Numbers as people read them: fixed decimals, and never a negative zero.
//!
//! `format!("{:.2}", x)` writes `-0.00` for `-0.0` — which is what
//! `Iterator::sum` returns for no floats at all — and for any small negative
//! that rounds to zero. In a plan or a what-if a minus sign reads as "worse",
//! so a figure that rounds to zero is written without one.

/// `x` with `decimals` decimals; a value that rounds to zero has no sign.
#[must_use]
pub fn fixed(x: f64, decimals: usize) -> String {
    unsigned_zero(format!("{x:.decimals$}"))
}

/// `x` with its sign (`+1.5`, `-0.3`) and `decimals` decimals, for a change;
/// a change that rounds to zero is written `0.0`, with no sign.
#[must_use]
pub fn signed(x: f64, decimals: usize) -> String {
    let text = format!("{x:+.decimals$}");
    match text.strip_prefix(['+', '-']) {
        Some(digits) if is_zero(digits) => digits.to_owned(),
        _ => text,
    }
}

/// `x`, with `-0.0` turned into `0.0`: for figures written in full (CSV,
/// JSON), where `-0.0` would come out as `-0` or `-0.0`.
#[must_use]
pub fn no_negative_zero(x: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x }
}

fn unsigned_zero(text: String) -> String {
    match text.strip_prefix('-') {
        Some(digits) if is_zero(digits) => digits.to_owned(),
        _ => text,
    }
}

/// Whether formatted digits (`0.00`) are all zeros.
fn is_zero(digits: &str) -> bool {
    digits.bytes().all(|b| b == b'0' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_never_writes_a_negative_zero() {
        let nothing: f64 = std::iter::empty::<f64>().sum();
        assert!(nothing.is_sign_negative(), "the sum of no floats is -0.0, the case this module exists for");
        assert_eq!(fixed(nothing * 100.0, 2), "0.00");
        assert_eq!(fixed(-0.004, 2), "0.00");
        assert_eq!(fixed(-0.005_1, 2), "-0.01");
        assert_eq!(fixed(12.345, 1), "12.3");
        assert_eq!(fixed(-3.0, 0), "-3");
    }

    #[test]
    fn signed_keeps_the_sign_of_a_change_but_not_of_zero() {
        assert_eq!(signed(1.25, 1), "+1.2");
        assert_eq!(signed(-0.31, 1), "-0.3");
        assert_eq!(signed(0.0, 1), "0.0");
        assert_eq!(signed(-0.0, 1), "0.0");
        assert_eq!(signed(-0.04, 1), "0.0");
        assert_eq!(signed(0.04, 1), "0.0");
    }

    #[test]
    fn machines_get_a_plain_zero() {
        assert_eq!(no_negative_zero(-0.0).to_string(), "0");
        assert!(no_negative_zero(-0.0).is_sign_positive());
        assert_eq!(no_negative_zero(-1.5).to_string(), "-1.5");
        assert_eq!(serde_json::to_string(&no_negative_zero(-0.0)).unwrap(), "0.0");
    }
}
