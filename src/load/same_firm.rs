//! Finding one firm entered under two ids, which would count it twice: two
//! ids that are the same credit code written differently, or two ids with
//! the same name.
//!
//! On a province roster this is a pass over 1.6 million firms after the
//! table is read. It runs on every core and allocates nothing per firm:
//! each firm's two keys are hashed straight from their characters, the
//! (hash, firm) pairs are sorted, and only firms whose hashes meet are
//! compared character by character. The names are looked at first, on
//! their own, so that a load that keeps no names can let them go before
//! the codes are.

use rayon::prelude::*;

use crate::model::keys::id_hash;

/// Full-width ASCII forms (`９`, `Ｍ`, `（`) as their half-width selves.
fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        c => c,
    }
}

/// A credit code as written, reduced to what identifies it: full-width
/// letters and digits made half-width, spaces and hyphens dropped, letters
/// capitalised (`９１６１ 0100-...` and `916101...` are one code).
fn code_chars(id: &str) -> impl Iterator<Item = char> + '_ {
    id.chars().map(half_width).filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase())
}

/// A firm's name for comparing: full-width letters, digits and brackets as
/// half-width, and no spaces.
fn name_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().map(half_width).filter(|c| !c.is_whitespace())
}

/// The hash of a key: of its text as it is when the text is already in
/// its reduced form (`reduced`), as nearly every id and name is, hashed a
/// word at a time; else of the reduced form, gathered first.
fn key_hash(text: &str, reduced: fn(&str) -> bool, reduce: fn(&str) -> String) -> u64 {
    if reduced(text) { id_hash(text) } else { id_hash(&reduce(text)) }
}

/// Whether a credit code is its own [`code_chars`]: digits and capital
/// letters only.
fn plain_code(id: &str) -> bool {
    // Without an early way out the bytes are tested many at a time.
    id.bytes().fold(true, |plain, b| plain & (b.is_ascii_digit() | b.is_ascii_uppercase()))
}

/// Whether a name is its own [`name_chars`]: no white space and no
/// full-width form. Every character [`name_chars`] changes or drops starts
/// with an ASCII white-space byte or one of these lead bytes (U+0085 and
/// U+00A0; U+1680; U+2000–U+205F; U+3000; U+FF01–U+FF5E); a name with
/// them takes the longer way, whatever its characters turn out to be.
fn plain_name(name: &str) -> bool {
    // As in `plain_code`, no early way out.
    !name
        .bytes()
        .fold(false, |found, b| found | b.is_ascii_whitespace() | matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF))
}

/// A credit code has 18 characters; an id that reduces to another length is
/// the office's own number and is not compared as a code.
const CODE_CHARS: usize = 18;

/// The firms (`0..count`) whose id is the credit code of an earlier firm,
/// written differently: `(firm, earlier firm)`, by firm. `find` gives the
/// firm whose id is exactly the text given, as the roster's index does.
///
/// The roster keeps one firm per id as written, so two ids already in
/// their reduced form (digits and capitals, as nearly every id is) never
/// meet: only an id written differently can share a code with another
/// firm, either another such id or the one firm whose id is its code as
/// reduced. So the ids are only scanned, and the few written differently
/// looked up, instead of every id hashed and sorted.
#[must_use]
pub fn by_code<'a>(
    count: usize,
    id: impl Fn(u32) -> &'a str + Sync,
    find: impl Fn(&str) -> Option<u32>,
) -> Vec<(u32, u32)> {
    let Ok(count) = u32::try_from(count) else { return Vec::new() };
    let mut codes: Vec<(String, u32)> = (0..count)
        .into_par_iter()
        .filter(|&firm| !plain_code(id(firm)))
        .filter_map(|firm| {
            let code: String = code_chars(id(firm)).collect();
            (code.chars().count() == CODE_CHARS).then_some((code, firm))
        })
        .collect();
    let written_plainly: Vec<(String, u32)> =
        codes.iter().filter_map(|(code, _)| find(code).map(|firm| (code.clone(), firm))).collect();
    codes.extend(written_plainly);
    codes.sort_unstable();
    codes.dedup();
    let mut found: Vec<(u32, u32)> = codes
        .chunk_by(|a, b| a.0 == b.0)
        .flat_map(|group| group[1..].iter().map(|&(_, firm)| (firm, group[0].1)))
        .collect();
    found.sort_unstable();
    found
}

/// The firms (`0..count`) with the name of an earlier firm: `(firm,
/// earlier firm)`, by firm. (A firm that also repeats a code is said to
/// repeat the code, by the warnings of `Records::warn_same_firm_twice`.)
#[must_use]
pub fn by_name<'a>(count: usize, name: impl Fn(u32) -> &'a str + Sync) -> Vec<(u32, u32)> {
    repeats(
        count,
        |firm| key_hash(name(firm), plain_name, |name| name_chars(name).collect()),
        |a, b| name_chars(name(a)).eq(name_chars(name(b))),
    )
}

/// Hashes the key of every firm (`0..count`), groups the firms by hash
/// and pairs every firm with the first earlier firm of the same hash whose
/// key is `same`; by firm. A hash is the high half of the key's 64-bit
/// hash: 4 bytes a firm, for a few more meetings of hashes to compare.
fn repeats(count: usize, hash: impl Fn(u32) -> u64 + Sync, same: impl Fn(u32, u32) -> bool + Sync) -> Vec<(u32, u32)> {
    let Ok(count) = u32::try_from(count) else { return Vec::new() };
    meetings_of(count, DEAL, |firm| high_half(hash(firm)), same)
}

// The high half of a 64-bit hash is a 32-bit hash.
#[allow(clippy::cast_possible_truncation)]
fn high_half(hash: u64) -> u32 {
    (hash >> 32) as u32
}

// A firm packed beside its hash is the low half of the number.
#[allow(clippy::cast_possible_truncation)]
fn low_half(key: u64) -> u32 {
    key as u32
}

/// How many of a hash's high bits choose its bucket in [`meetings_of`]: a
/// province's 1.6 million firms make buckets of some 1,600, sorted within
/// the cache.
const BUCKET_BITS: u32 = 10;

/// Firms dealt out at a time by one task of [`meetings_of`].
const DEAL: u32 = 1 << 18;

/// Groups the firms (`hashes[firm]` is the hash of firm `firm`'s key) by
/// hash and pairs every firm with the first earlier firm of the same hash
/// whose key is `same`; by firm. Dealt three at a time, so that a few
/// firms take the way of many.
#[cfg(test)]
fn meetings(hashes: &[u32], same: impl Fn(u32, u32) -> bool + Sync) -> Vec<(u32, u32)> {
    let count = u32::try_from(hashes.len()).expect("fewer than 2^32 firms");
    meetings_of(count, 3, |firm| hashes[firm as usize], same)
}

/// Groups the firms `0..count` by `hash` and pairs every firm with the
/// first earlier firm of the same hash whose key is `same`; by firm.
///
/// Each task hashes a stretch of `deal` firms and deals them into buckets by
/// their hash's high bits; each bucket, gathered from the tasks, is sorted
/// on its own (hash and firm packed in one number, so the firms of one
/// hash come in order whatever task dealt them): every step on every core,
/// and small sorts, where one sort of all the firms took twice the time
/// and dealing them out on one core a fifth of it.
fn meetings_of(
    count: u32,
    deal: u32,
    hash: impl Fn(u32) -> u32 + Sync,
    same: impl Fn(u32, u32) -> bool + Sync,
) -> Vec<(u32, u32)> {
    let buckets = 1usize << BUCKET_BITS;
    let bucket = |hash: u32| (hash >> (32 - BUCKET_BITS)) as usize;
    let dealt: Vec<Vec<Vec<u64>>> = (0..count.div_ceil(deal))
        .into_par_iter()
        .map(|task| {
            let firms = task * deal..count.min(task.saturating_add(1).saturating_mul(deal));
            // Counted first, so that each hand has the room it needs and no
            // more: hands grown by doubling held a third more at the peak.
            let hashes: Vec<u32> = firms.clone().map(&hash).collect();
            let mut counts = vec![0usize; buckets];
            for &hash in &hashes {
                counts[bucket(hash)] += 1;
            }
            let mut hands: Vec<Vec<u64>> = counts.into_iter().map(Vec::with_capacity).collect();
            for (firm, hash) in firms.zip(hashes) {
                hands[bucket(hash)].push((u64::from(hash) << 32) | u64::from(firm));
            }
            hands
        })
        .collect();
    let same = &same;
    let mut found: Vec<(u32, u32)> = (0..buckets)
        .into_par_iter()
        .flat_map_iter(|b| {
            let mut keys: Vec<u64> = dealt.iter().flat_map(|hands| hands[b].iter().copied()).collect();
            keys.sort_unstable();
            let mut found = Vec::new();
            for run in keys.chunk_by(|a, b| a >> 32 == b >> 32).filter(|run| run.len() > 1) {
                for (at, &key) in run.iter().enumerate().skip(1) {
                    let later = low_half(key);
                    if let Some(earlier) = run[..at].iter().map(|&k| low_half(k)).find(|&earlier| same(earlier, later))
                    {
                        found.push((later, earlier));
                    }
                }
            }
            found
        })
        .collect();
    found.par_sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_written_differently_are_one() {
        let plain: Vec<char> = code_chars("91350100M000100Y43").collect();
        assert_eq!(plain.len(), CODE_CHARS);
        assert!(code_chars("９１３５０１００Ｍ０００１００Ｙ４３").eq(plain.iter().copied()));
        assert!(code_chars("913501-00m000 100y43").eq(plain.iter().copied()));
        assert!(name_chars(" 秦巴 茶业（西安）").eq(name_chars("秦巴茶业(西安)")));
    }

    #[test]
    fn a_key_hashes_as_its_reduced_form() {
        let code = |id| key_hash(id, plain_code, |id| code_chars(id).collect());
        let name = |n| key_hash(n, plain_name, |n| name_chars(n).collect());
        assert_eq!(code("913501-00m000 100y43"), code("91350100M000100Y43"));
        assert_eq!(code("９１３５０１００Ｍ０００１００Ｙ４３"), code("91350100M000100Y43"));
        assert_eq!(name(" 秦巴 茶业（西安）"), name("秦巴茶业(西安)"));
        assert_eq!(name("秦巴\u{3000}茶业\u{a0}"), name("秦巴茶业"));
        assert!(plain_name("秦巴茶业(西安)") && !plain_name("秦巴茶业（西安）"));
        assert!(plain_code("91350100M000100Y43") && !plain_code("91350100m000100Y43"));
    }

    /// The roster's look-up of an id as written.
    fn find(ids: &[&str], id: &str) -> Option<u32> {
        ids.iter().position(|&i| i == id).and_then(|i| u32::try_from(i).ok())
    }

    #[test]
    fn repeats_name_the_first_earlier_firm() {
        let ids =
            ["91350100M000100Y43", "F2", "913501-00m000 100y43", "F4", "F5", "９１３５０１００Ｍ０００１００Ｙ４３"];
        let names = ["甲公司", "乙公司", "丙公司", "乙 公司", "丁公司", "乙公司"];
        assert_eq!(by_code(ids.len(), |i| ids[i as usize], |code| find(&ids, code)), vec![(2, 0), (5, 0)]);
        // Firm 5 has the name of firm 1 too; the warnings say only its code.
        assert_eq!(by_name(names.len(), |i| names[i as usize]), vec![(3, 1), (5, 1)]);
    }

    #[test]
    fn ids_that_are_not_codes_are_compared_by_name_only() {
        let (ids, names) = (["F001", "f-001", "F 001"], ["甲", "乙", "丙"]);
        assert_eq!(by_code(ids.len(), |i| ids[i as usize], |code| find(&ids, code)), vec![]);
        assert_eq!(by_name(names.len(), |i| names[i as usize]), vec![]);
    }

    /// Every firm with the first earlier firm of the same credit code, one
    /// pair of firms at a time.
    fn by_code_one_by_one(ids: &[String]) -> Vec<(u32, u32)> {
        let code = |id: &str| code_chars(id).collect::<String>();
        let is_code = |id: &str| code_chars(id).count() == CODE_CHARS;
        (0..ids.len())
            .filter_map(|f| {
                let e = (0..f).find(|&e| is_code(&ids[e]) && code(&ids[e]) == code(&ids[f]))?;
                Some((u32::try_from(f).ok()?, u32::try_from(e).ok()?))
            })
            .collect()
    }

    proptest::proptest! {
        /// Ids written plainly or not, codes or not (each id once, as the
        /// roster keeps them): the same pairs as comparing every two firms.
        #[test]
        fn codes_meet_as_when_every_two_firms_are_compared(
            ids in proptest::collection::vec(
                proptest::sample::select(vec![
                    "91350100M000100Y43", "913501-00m000 100y43", "９１３５０１００Ｍ０００１００Ｙ４３",
                    "91350100M000100y43", "91610106Y6EQ7X4X24", "91610106-Y6EQ7X4X24", "91610106Y6EQ7X4X2",
                    "F001", "f-001", " 91610106y6eq7x4x24",
                ]),
                0..12,
            )
        ) {
            let mut unique: Vec<String> = Vec::new();
            for id in ids {
                if !unique.iter().any(|u| u == id) {
                    unique.push(id.to_owned());
                }
            }
            let found = by_code(unique.len(), |i| unique[i as usize].as_str(), |code| {
                unique.iter().position(|u| u == code).and_then(|i| u32::try_from(i).ok())
            });
            proptest::prop_assert_eq!(found, by_code_one_by_one(&unique));
        }
    }

    proptest::proptest! {
        /// Hashes in one bucket or many, keys that agree or not: the pairs
        /// of comparing every firm with every earlier one of its hash.
        #[test]
        fn meetings_pair_as_every_two_firms_compared(
            firms in proptest::collection::vec(
                (proptest::sample::select(vec![0u32, 1, 0x8000_0000, 0x8000_0001, u32::MAX]), 0u8..3),
                0..40,
            )
        ) {
            let hashes: Vec<u32> = firms.iter().map(|&(hash, _)| hash).collect();
            let same = |a: u32, b: u32| firms[a as usize].1 == firms[b as usize].1;
            let one_by_one: Vec<(u32, u32)> = (0..hashes.len())
                .filter_map(|f| {
                    let e = (0..f).find(|&e| hashes[e] == hashes[f] && firms[e].1 == firms[f].1)?;
                    Some((u32::try_from(f).ok()?, u32::try_from(e).ok()?))
                })
                .collect();
            proptest::prop_assert_eq!(meetings(&hashes, same), one_by_one);
        }
    }

    #[test]
    fn a_shared_hash_is_no_repeat_unless_the_keys_agree() {
        // Hash collisions cannot be forced with Fx here; check the comparison
        // used for runs of one hash directly.
        let found = meetings(&[7, 7, 7, 9], |a, b| a % 2 == b % 2);
        assert_eq!(found, vec![(2, 0)]);
    }
}
