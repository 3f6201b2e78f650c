//! Identity across two datasets: which record of the old one is which of
//! the new one. Records pair by a key (an id, or for problems without ids
//! their firm, category and description), never by their position, so two
//! datasets may hold different chains, links and rows in any order
//! (docs/analysis.md#identity).

/// How the records of two datasets pair up by key, each list in key order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    /// Records in both: (index in the old dataset, index in the new one).
    pub both: Vec<(usize, usize)>,
    /// Indices in the old dataset of records the new one does not have.
    pub removed: Vec<usize>,
    /// Indices in the new dataset of records the old one does not have.
    pub added: Vec<usize>,
}

/// Pairs `old` and `new` records by key. Each side lists every record's key
/// with its index; keys are unique within a side (the loader makes ids
/// unique, and [`nth_of_equal`] makes other keys so).
///
/// Complexity: O(n log n) in the number of records.
#[must_use]
pub fn pair_by_key<K: Ord>(mut old: Vec<(K, usize)>, mut new: Vec<(K, usize)>) -> Pairing {
    old.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    new.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut pairing = Pairing::default();
    let mut old = old.into_iter().peekable();
    let mut new = new.into_iter().peekable();
    loop {
        match (old.peek(), new.peek()) {
            (Some((a, _)), Some((b, _))) => match a.cmp(b) {
                std::cmp::Ordering::Less => pairing.removed.extend(old.next().map(|(_, i)| i)),
                std::cmp::Ordering::Greater => pairing.added.extend(new.next().map(|(_, i)| i)),
                std::cmp::Ordering::Equal => {
                    if let (Some((_, o)), Some((_, n))) = (old.next(), new.next()) {
                        pairing.both.push((o, n));
                    }
                }
            },
            (Some(_), None) => pairing.removed.extend(old.next().map(|(_, i)| i)),
            (None, Some(_)) => pairing.added.extend(new.next().map(|(_, i)| i)),
            (None, None) => return pairing,
        }
    }
}

/// Numbers records whose keys are equal: `keys` sorted by key and then by
/// the order the records should pair off in, each given its rank among the
/// records with the same key (0, 1, …). Two identical problems of one firm
/// thus stay two problems, the first of the old month pairing with the
/// first of the new.
#[must_use]
pub fn nth_of_equal<K: Ord + Clone, O: Ord>(mut keys: Vec<(K, O, usize)>) -> Vec<((K, u32), usize)> {
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut out: Vec<((K, u32), usize)> = Vec::with_capacity(keys.len());
    for (key, _, index) in keys {
        let nth = match out.last() {
            Some(((last, n), _)) if *last == key => n + 1,
            _ => 0,
        };
        out.push(((key, nth), index));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_by_key_whatever_the_order() {
        let old = vec![("c", 0), ("a", 1), ("b", 2)];
        let new = vec![("d", 0), ("b", 1), ("a", 2)];
        let pairing = pair_by_key(old, new);
        assert_eq!(pairing.both, [(1, 2), (2, 1)]);
        assert_eq!(pairing.removed, [0]);
        assert_eq!(pairing.added, [0]);
    }

    #[test]
    fn empty_sides() {
        assert_eq!(pair_by_key::<&str>(vec![], vec![("a", 0)]).added, [0]);
        assert_eq!(pair_by_key::<&str>(vec![("a", 3)], vec![]).removed, [3]);
        assert_eq!(pair_by_key::<&str>(vec![], vec![]), Pairing::default());
    }

    #[test]
    fn equal_keys_are_numbered_in_order() {
        let keys = vec![("x", 2, 0), ("y", 1, 1), ("x", 1, 2), ("x", 1, 3)];
        let numbered = nth_of_equal(keys);
        assert_eq!(numbered, [(("x", 0), 2), (("x", 1), 3), (("x", 2), 0), (("y", 0), 1)]);
    }
}
