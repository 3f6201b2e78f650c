//! Where a run of CSV text without quotes splits: its commas and line
//! ends, found sixteen bytes at a time.
//!
//! A firms row is some 130 bytes of a dozen short fields. Searching for
//! the next comma or line end one field at a time (`memchr2`) starts a new
//! search a dozen times a row, each costing more than the few bytes it
//! passes over. Here each 64 bytes are compared with both at once (SSE2,
//! which every x86-64 processor has), giving one bit a byte, and the
//! separators are read off the bits: a third of the time of `memchr2` on
//! the province's firms table (docs/performance.md, step 18).

/// The comma and line-end bits of one 64-byte chunk (bit `i` for byte `i`).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn chunk_mask(chunk: &[u8; 64]) -> u64 {
    use safe_arch::{bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i, set_splat_i8_m128i};
    let comma = set_splat_i8_m128i(b','.cast_signed());
    let line_end = set_splat_i8_m128i(b'\n'.cast_signed());
    let mut mask = 0u64;
    for (at, sixteen) in chunk.chunks_exact(16).enumerate() {
        let Ok(sixteen) = <&[u8; 16]>::try_from(sixteen) else { unreachable!("chunks of 16") };
        let v = load_unaligned_m128i(sixteen);
        let hits = bitor_m128i(cmp_eq_mask_i8_m128i(v, comma), cmp_eq_mask_i8_m128i(v, line_end));
        // The mask of sixteen bytes is the low 16 bits, the rest zero.
        let bits = u64::from(move_mask_i8_m128i(hits).cast_unsigned());
        mask |= bits << (16 * at);
    }
    mask
}

/// The comma and line-end bits of one 64-byte chunk, a byte at a time
/// where SSE2 is not there.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn chunk_mask(chunk: &[u8; 64]) -> u64 {
    tail_mask(chunk)
}

/// The comma and line-end bits of up to 64 bytes.
fn tail_mask(bytes: &[u8]) -> u64 {
    bytes.iter().enumerate().fold(0, |mask, (i, &b)| mask | (u64::from(b == b',' || b == b'\n') << i))
}

/// The positions of the commas and line ends of `bytes`, in order.
pub(super) struct Separators<'a> {
    bytes: &'a [u8],
    /// Where the chunk of `mask` starts.
    base: usize,
    /// The separators of the chunk at `base` not yet given.
    mask: u64,
}

impl<'a> Separators<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        // The first chunk is read by the first `next`, from `base + 64`.
        Self { bytes, base: 0usize.wrapping_sub(64), mask: 0 }
    }
}

impl Iterator for Separators<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            let start = self.base.wrapping_add(64);
            let rest = self.bytes.get(start..)?;
            if rest.is_empty() {
                return None;
            }
            self.base = start;
            self.mask = match rest.first_chunk::<64>() {
                Some(chunk) => chunk_mask(chunk),
                None => tail_mask(rest),
            };
        }
        let at = self.base + self.mask.trailing_zeros() as usize;
        // The lowest bit set, cleared.
        self.mask &= self.mask - 1;
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn one_by_one(bytes: &[u8]) -> Vec<usize> {
        bytes.iter().enumerate().filter(|&(_, &b)| b == b',' || b == b'\n').map(|(i, _)| i).collect()
    }

    #[test]
    fn finds_every_comma_and_line_end() {
        assert_eq!(Separators::new(b"").count(), 0);
        assert_eq!(Separators::new(b",").collect::<Vec<_>>(), vec![0]);
        let row = "91610106Y6EQ7X4X24,康宁通和助剂科技有限公司,fine-chemicals,down-033,康宁区,,no,backbone\r\n";
        let text = row.repeat(5);
        assert_eq!(Separators::new(text.as_bytes()).collect::<Vec<_>>(), one_by_one(text.as_bytes()));
        // A chunk of separators only, then a chunk with none, then a tail.
        let mut bytes = vec![b','; 64];
        bytes.extend([b'a'; 64]);
        bytes.extend(b"a\n,b");
        assert_eq!(Separators::new(&bytes).collect::<Vec<_>>(), one_by_one(&bytes));
    }

    proptest! {
        #[test]
        fn finds_what_a_byte_at_a_time_finds(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b','), Just(b'\n'), Just(b'\r'), Just(b'"'), Just(0x8c), any::<u8>()],
                0..300,
            )
        ) {
            prop_assert_eq!(Separators::new(&bytes).collect::<Vec<_>>(), one_by_one(&bytes));
        }
    }
}
