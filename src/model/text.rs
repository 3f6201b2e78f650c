//! Text as cells and words hold it.

/// `str::trim`, quicker for the usual cell that neither starts nor ends
/// with white space.
#[must_use]
#[inline]
pub fn trim(cell: &str) -> &str {
    // Most cells start and end with a printable ASCII character or with a
    // Chinese one, which no white space shares its first or last byte
    // with: white space beyond ASCII is U+0085, U+00A0, U+1680,
    // U+2000–U+205F and U+3000, whose UTF-8 starts with C2, E1, E2 or E3
    // and ends with 80–8A, 9F, A0, A8, A9 or AF.
    let plain_first = |b: u8| b > b' ' && b != 0x7f && !matches!(b, 0xC2 | 0xE1..=0xE3);
    let plain_last = |b: u8| b > b' ' && b != 0x7f && !matches!(b, 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF);
    let bytes = cell.as_bytes();
    if bytes.first().is_some_and(|&b| plain_first(b)) && bytes.last().is_some_and(|&b| plain_last(b)) {
        return cell;
    }
    trim_unusual(cell)
}

/// [`trim`] of a cell whose first or last byte could belong to white space.
#[inline(never)]
fn trim_unusual(cell: &str) -> &str {
    let mut chars = cell.chars();
    let starts = chars.next().is_some_and(char::is_whitespace);
    let ends = chars.next_back().is_some_and(char::is_whitespace);
    if starts || ends { cell.trim() } else { cell }
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
