//! Text as cells and words hold it.

/// `str::trim`, quicker for the usual cell that neither starts nor ends
/// with white space.
#[must_use]
#[inline]
pub fn trim(cell: &str) -> &str {
    // Ids, codes and figures start and end with a printable ASCII
    // character: two comparisons, in the caller's line.
    let printable = |b: &u8| b.wrapping_sub(b'!') <= b'~' - b'!';
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (None, _) => cell,
        (Some(first), Some(last)) if printable(first) && printable(last) => cell,
        _ => trim_checked(cell),
    }
}

/// [`trim`] of a cell that starts or ends with something else than
/// printable ASCII.
#[inline(never)]
fn trim_checked(cell: &str) -> &str {
    // Most other cells start or end with a Chinese character, which no
    // white space shares its first or last byte with: white space beyond
    // ASCII is U+0085 (C2 85), U+00A0 (C2 A0), U+1680 (E1 9A 80),
    // U+2000–U+200A (E2 80 80–8A), U+2028, U+2029, U+202F (E2 80 A8, A9,
    // AF), U+205F (E2 81 9F) and U+3000 (E3 80 80): a first byte C2 or
    // E1–E3, a last byte that ends one of these after a byte 80, 81, 9A or
    // C2.
    let plain_first = |b: u8| b > b' ' && b != 0x7f && !matches!(b, 0xC2 | 0xE1..=0xE3);
    let plain_last = |before: u8, b: u8| {
        b > b' '
            && b != 0x7f
            && !(matches!(b, 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF)
                && matches!(before, 0x80 | 0x81 | 0x9A | 0xC2))
    };
    let bytes = cell.as_bytes();
    let plain = match bytes {
        [] => true,
        [only] => plain_first(*only) && plain_last(0, *only),
        [first, last] => plain_first(*first) && plain_last(*first, *last),
        [first, .., before, last] => plain_first(*first) && plain_last(*before, *last),
    };
    if plain {
        return cell;
    }
    trim_unusual(cell)
}

/// [`trim`] of a cell whose first or last byte could belong to white
/// space: the general way, kept out of the quick one's line.
#[inline(never)]
fn trim_unusual(cell: &str) -> &str {
    cell.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_every_white_space_as_str_trim_does() {
        let spaces = (0..=0x10_ffff).filter_map(char::from_u32).filter(|c| c.is_whitespace());
        for space in spaces {
            for cell in
                [format!("{space}康宁区"), format!("有限公司{space}"), format!("{space}x{space}"), space.to_string()]
            {
                assert_eq!(trim(&cell), cell.trim(), "{cell:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn trims_as_str_trim_does(cell in "\\PC{0,6}|[ \u{3000}\u{a0}]?[\u{80}-\u{3100}a]{0,3}[ \u{2029}\u{85}]?") {
            proptest::prop_assert_eq!(trim(&cell), cell.trim());
        }
    }
}
