//! The Unified Social Credit Code (统一社会信用代码, GB 32100-2015) check.

/// The 31 symbols of the code, in value order (no I, O, S, V, Z).
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// What is wrong with an 18-character code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccProblem {
    /// A character outside the code's alphabet, at this 1-based position.
    BadCharacter { position: usize, character: char },
    /// The 18th character is not the check character of the first 17.
    BadCheck { expected: char, found: char },
}

/// The value of each byte in the code (lowercase letters read as
/// uppercase), or `NONE` for bytes outside the alphabet.
const VALUES: [u8; 256] = {
    let mut values = [NONE; 256];
    let mut i: u8 = 0;
    while (i as usize) < ALPHABET.len() {
        let c = ALPHABET[i as usize];
        values[c as usize] = i;
        values[c.to_ascii_lowercase() as usize] = i;
        i += 1;
    }
    values
};
const NONE: u8 = u8::MAX;

fn value(c: u8) -> Option<u32> {
    let v = VALUES[c as usize];
    (v != NONE && !c.is_ascii_lowercase()).then_some(u32::from(v))
}

/// The check character of the first 17 bytes, any case, if all are in the alphabet.
fn check_of(bytes: &[u8; 17]) -> Option<u8> {
    // Every firm row's id is checked: one pass with no branch per byte,
    // which the compiler unrolls for the fixed length.
    let (mut sum, mut any) = (0u32, 0u8);
    for (&b, weight) in bytes.iter().zip(WEIGHTS) {
        let v = VALUES[b as usize];
        any |= v;
        sum += u32::from(v) * weight;
    }
    // Values are below 32 and `NONE` has the high bit.
    (any & 0x80 == 0).then(|| ALPHABET[((31 - sum % 31) % 31) as usize])
}

/// The weight of each of the first 17 positions: 3^i mod 31.
const WEIGHTS: [u32; 17] = {
    let mut weights = [1u32; 17];
    let mut i = 1;
    while i < 17 {
        weights[i] = weights[i - 1] * 3 % 31;
        i += 1;
    }
    weights
};

/// The check character for the first 17 characters, if they are valid.
#[must_use]
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut weight = 1u32;
    let mut sum = 0u32;
    for &b in bytes {
        sum += value(b)? * weight;
        weight = weight * 3 % 31;
    }
    let check = (31 - sum % 31) % 31;
    Some(char::from(ALPHABET[check as usize]))
}

/// Checks an 18-character code; lowercase letters are read as uppercase.
///
/// # Errors
/// Returns what is wrong with the code.
pub fn check(code: &str) -> Result<(), UsccProblem> {
    // The common case, a valid code, without allocating.
    let bytes = code.as_bytes();
    if let Some((first17, &[last])) = bytes.split_first_chunk::<17>()
        && VALUES[last as usize] != NONE
        && check_of(first17) == Some(last.to_ascii_uppercase())
    {
        return Ok(());
    }
    let upper = code.to_ascii_uppercase();
    for (i, c) in upper.chars().enumerate() {
        if !c.is_ascii() || value(c as u8).is_none() {
            return Err(UsccProblem::BadCharacter { position: i + 1, character: c });
        }
    }
    let expected = check_character(&upper[..17]).expect("17 valid characters");
    let found = char::from(upper.as_bytes()[17]);
    if expected == found { Ok(()) } else { Err(UsccProblem::BadCheck { expected, found }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_codes() {
        for code in ["91350100M000100Y43", "9144030071526726XG", "914403001922038216"] {
            assert_eq!(check(code), Ok(()), "{code}");
        }
    }

    #[test]
    fn lowercase_is_read_as_uppercase() {
        assert_eq!(check("91350100m000100y43"), Ok(()));
        assert_eq!(check("91350100m000100y44"), Err(UsccProblem::BadCheck { expected: '3', found: '4' }));
        assert_eq!(check_character("91350100m000100y"), None);
    }

    #[test]
    fn bad_check_and_bad_character() {
        assert_eq!(check("91350100M000100Y44"), Err(UsccProblem::BadCheck { expected: '3', found: '4' }));
        assert_eq!(check("91350100M00010OY43"), Err(UsccProblem::BadCharacter { position: 15, character: 'O' }));
    }
}
