//! Finding one firm entered under two ids, which would count it twice: two
//! ids that are the same credit code written differently, or two ids with
//! the same name.
//!
//! On a province roster this is a pass over 1.6 million firms after the
//! table is read. It runs on every core and allocates nothing per firm:
//! each firm's two keys are hashed straight from their characters, the
//! (hash, firm) pairs are sorted, and only firms whose hashes meet are
//! compared character by character.

use std::hash::Hasher;

use rayon::prelude::*;
use rustc_hash::FxHasher;

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

/// The hash of a key's characters.
fn hash_chars(chars: impl Iterator<Item = char>) -> u64 {
    let mut hasher = FxHasher::default();
    for c in chars {
        hasher.write_u32(u32::from(c));
    }
    hasher.finish()
}

/// A credit code has 18 characters; an id that reduces to another length is
/// the office's own number and is not compared as a code.
const CODE_CHARS: usize = 18;

/// For each firm entered again (by index), the first firm it repeats.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Repeats {
    /// Firms whose id is the credit code of an earlier firm, written
    /// differently: `(firm, earlier firm)`, by firm.
    pub by_code: Vec<(u32, u32)>,
    /// Firms with the name of an earlier firm and no repeat by code:
    /// `(firm, earlier firm)`, by firm.
    pub by_name: Vec<(u32, u32)>,
}

/// Finds the firms (`0..count`, in record order; `id` and `name` give each
/// one's) that repeat an earlier firm's credit code or name.
#[must_use]
pub fn find<'a, I, N>(count: usize, id: I, name: N) -> Repeats
where
    I: Fn(u32) -> &'a str + Sync,
    N: Fn(u32) -> &'a str + Sync,
{
    let Ok(count) = u32::try_from(count) else { return Repeats::default() };
    // One list of hashes, filled for one key and then for the other. Every
    // firm is in it, as its length is known: a list of only the ids that
    // are codes would be gathered piece by piece, and held twice on the
    // way. An id that is no code meets no other, as `same` tells.
    let mut keys: Vec<(u64, u32)> = Vec::new();
    (0..count).into_par_iter().map(|firm| (hash_chars(code_chars(id(firm))), firm)).collect_into_vec(&mut keys);
    let is_code = |firm: u32| code_chars(id(firm)).count() == CODE_CHARS;
    let by_code = repeats(&mut keys, |a, b| is_code(a) && code_chars(id(a)).eq(code_chars(id(b))));
    (0..count).into_par_iter().map(|firm| (hash_chars(name_chars(name(firm))), firm)).collect_into_vec(&mut keys);
    let mut by_name = repeats(&mut keys, |a, b| name_chars(name(a)).eq(name_chars(name(b))));
    by_name.retain(|(firm, _)| by_code.binary_search_by_key(firm, |&(f, _)| f).is_err());
    Repeats { by_code, by_name }
}

/// Sorts `keys` (a hash and a firm each) and pairs every firm with the
/// first earlier firm of the same hash whose key is `same`; by firm.
fn repeats(keys: &mut [(u64, u32)], same: impl Fn(u32, u32) -> bool + Sync) -> Vec<(u32, u32)> {
    keys.par_sort_unstable();
    let mut found: Vec<(u32, u32)> = keys
        .par_chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
        .flat_map_iter(|run| {
            let same = &same;
            run.iter().enumerate().skip(1).filter_map(move |(at, &(_, firm))| {
                run[..at].iter().map(|&(_, earlier)| earlier).find(|&earlier| same(earlier, firm)).map(|e| (firm, e))
            })
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
    fn repeats_name_the_first_earlier_firm_and_code_wins_over_name() {
        let ids =
            ["91350100M000100Y43", "F2", "913501-00m000 100y43", "F4", "F5", "９１３５０１００Ｍ０００１００Ｙ４３"];
        let names = ["甲公司", "乙公司", "丙公司", "乙 公司", "丁公司", "乙公司"];
        let found = find(ids.len(), |i| ids[i as usize], |i| names[i as usize]);
        assert_eq!(found.by_code, vec![(2, 0), (5, 0)]);
        // Firm 5 has the name of firm 1 too, but its code repeat is what is said.
        assert_eq!(found.by_name, vec![(3, 1)]);
    }

    #[test]
    fn ids_that_are_not_codes_are_compared_by_name_only() {
        let (ids, names) = (["F001", "f-001", "F 001"], ["甲", "乙", "丙"]);
        let found = find(ids.len(), |i| ids[i as usize], |i| names[i as usize]);
        assert_eq!(found, Repeats::default());
    }

    #[test]
    fn a_shared_hash_is_no_repeat_unless_the_keys_agree() {
        // Hash collisions cannot be forced with Fx here; check the comparison
        // used for runs of one hash directly.
        let mut keys = vec![(7, 0), (7, 1), (7, 2), (9, 3)];
        let found = repeats(&mut keys, |a, b| a % 2 == b % 2);
        assert_eq!(found, vec![(2, 0)]);
    }
}
