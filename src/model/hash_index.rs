//! Record numbers by the 64-bit hash of their key, for tables of millions
//! of records whose keys are kept elsewhere (the roster's id column).
//!
//! A `hashbrown` table keeps its control bytes and its entries apart: in a
//! table far bigger than the cache, an insert waits for memory twice, and
//! reading the control bytes ahead (what the loader does a run of rows at a
//! time) leaves the entry still to fetch. Here a bucket is one cache line
//! of eight slots, each holding 32 more bits of the hash beside the
//! number: one read brings in all that a look-up or an insert touches,
//! and a look-up follows a number to its key only when those 32 bits agree
//! (docs/performance.md, step 17).

use crate::model::prefetch::prefetch;

/// Slots in a bucket: eight of 8 bytes fill a 64-byte cache line.
const SLOTS: usize = 8;

/// Slots in a bucket that may be full on average before the index grows:
/// seven in eight, so that a look-up rarely reads a second bucket.
const FULL: usize = 7;

/// Numbers by hash. A slot is 0 when empty, else the tag (32 bits of the
/// hash other than those that chose the bucket) in its high half and the
/// number plus one in its low half. A key goes in the first empty slot of
/// its bucket or of the buckets after it; nothing is taken out, so a
/// look-up can stop at the first empty slot.
#[derive(Debug, Clone, Default)]
pub struct HashIndex {
    /// A power of two of them, or none.
    buckets: Vec<Bucket>,
    len: usize,
}

/// A cache line of slots.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct Bucket([u64; SLOTS]);

/// The tag of a hash: its bits mixed again, so that it does not repeat the
/// low bits that chose the bucket.
fn tag(hash: u64) -> u64 {
    hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32
}

impl HashIndex {
    /// An index with room for `numbers` numbers before it grows.
    #[must_use]
    pub fn with_capacity(numbers: usize) -> Self {
        let mut index = Self::default();
        if numbers > 0 {
            index.allocate(numbers.div_ceil(FULL).next_power_of_two());
        }
        index
    }

    /// Numbers held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Empty buckets, written out now: an index is written all over as it
    /// fills, and a page read before it is written costs a second fault.
    fn allocate(&mut self, buckets: usize) {
        self.buckets = vec![Bucket::default(); buckets];
    }

    /// The bucket a hash starts at.
    fn home(&self, hash: u64) -> usize {
        // The low bits of `id_hash` are its best mixed; a mask keeps them.
        usize::try_from(hash & (self.buckets.len() as u64 - 1)).unwrap_or(0)
    }

    /// The number whose hash is `hash` and for which `is` holds; `is` is
    /// asked only of numbers whose tag agrees.
    pub fn find(&self, hash: u64, mut is: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.buckets.is_empty() {
            return None;
        }
        let tag = tag(hash);
        let mut at = self.home(hash);
        loop {
            let bucket = &self.buckets[at].0;
            // Tested slot by slot without a way out, so that the compiler
            // compares all eight at once.
            let (mut hits, mut empty) = (0u32, 0u32);
            for (i, &slot) in bucket.iter().enumerate() {
                hits |= u32::from(slot >> 32 == tag) << i;
                empty |= u32::from(slot == 0) << i;
            }
            hits &= !empty;
            while hits != 0 {
                let slot = bucket[hits.trailing_zeros() as usize];
                #[allow(clippy::cast_possible_truncation)] // the low half
                let number = (slot as u32).wrapping_sub(1);
                if is(number) {
                    return Some(number);
                }
                hits &= hits - 1;
            }
            if empty != 0 {
                return None;
            }
            at = (at + 1) & (self.buckets.len() - 1);
        }
    }

    /// The first number of the home bucket of `hash` whose tag agrees,
    /// unchecked: what a look-up would most likely ask `is` of first, to
    /// warm what that asks for ahead of it. `None` when no slot agrees.
    #[must_use]
    pub fn first_guess(&self, hash: u64) -> Option<u32> {
        let bucket = &self.buckets.get(self.home(hash))?.0;
        let tag = tag(hash);
        let slot = bucket.iter().find(|&&slot| slot >> 32 == tag && slot != 0)?;
        #[allow(clippy::cast_possible_truncation)] // the low half
        Some((*slot as u32).wrapping_sub(1))
    }

    /// Reads the bucket where a number with this hash would be, so that a
    /// look-up or an insert soon after finds it in the cache.
    pub fn warm(&self, hash: u64) {
        if !self.buckets.is_empty() {
            prefetch(&self.buckets[self.home(hash)]);
        }
    }

    /// Adds `number`, whose hash is `hash`; `rehash` gives the hash of a
    /// number already held, for when the index grows.
    ///
    /// # Panics
    /// When `number` is `u32::MAX`.
    pub fn insert(&mut self, hash: u64, number: u32, rehash: impl Fn(u32) -> u64) {
        assert!(number < u32::MAX, "an index number is below u32::MAX");
        if self.len >= self.buckets.len() * FULL {
            self.grow(&rehash);
        }
        self.place(hash, (tag(hash) << 32) | u64::from(number + 1));
        self.len += 1;
    }

    fn place(&mut self, hash: u64, slot: u64) {
        let mut at = self.home(hash);
        loop {
            if let Some(free) = self.buckets[at].0.iter_mut().find(|s| **s == 0) {
                *free = slot;
                return;
            }
            at = (at + 1) & (self.buckets.len() - 1);
        }
    }

    fn grow(&mut self, rehash: &impl Fn(u32) -> u64) {
        let old = std::mem::take(&mut self.buckets);
        self.allocate((old.len() * 2).max(1));
        for &slot in old.iter().flat_map(|bucket| &bucket.0).filter(|&&s| s != 0) {
            #[allow(clippy::cast_possible_truncation)] // the low half
            let number = (slot as u32) - 1;
            self.place(rehash(number), slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::keys::id_hash;

    /// Keys numbered in order of insertion, looked up as the roster does.
    fn filled(keys: &[String], capacity: usize) -> HashIndex {
        let mut index = HashIndex::with_capacity(capacity);
        for (number, key) in keys.iter().enumerate() {
            let number = u32::try_from(number).unwrap();
            assert_eq!(index.find(id_hash(key), |n| keys[n as usize] == *key), None);
            index.insert(id_hash(key), number, |n| id_hash(&keys[n as usize]));
        }
        index
    }

    #[test]
    fn buckets_are_cache_lines() {
        let index = HashIndex::with_capacity(1000);
        assert_eq!(index.buckets.len(), 256);
        assert_eq!(std::mem::size_of::<Bucket>(), 64);
        assert_eq!(index.buckets.as_ptr() as usize % 64, 0);
    }

    #[test]
    fn finds_what_it_holds_and_grows_from_nothing() {
        let keys: Vec<String> = (0..5000).map(|i| format!("91610000MA{i:08}")).collect();
        let index = filled(&keys, 0);
        assert_eq!(index.len(), 5000);
        assert!(index.buckets.len() * FULL >= 5000);
        for (number, key) in keys.iter().enumerate() {
            assert_eq!(index.find(id_hash(key), |n| keys[n as usize] == *key), Some(u32::try_from(number).unwrap()));
        }
        assert_eq!(index.find(id_hash("absent"), |n| keys[n as usize] == "absent"), None);
    }

    #[test]
    fn one_hash_for_every_key() {
        // Keys that all collide go bucket after bucket, and are still told
        // apart by the key itself.
        let keys: Vec<String> = (0..100).map(|i| i.to_string()).collect();
        let mut index = HashIndex::with_capacity(4);
        for number in 0..100u32 {
            assert_eq!(index.find(7, |n| n == number), None);
            index.insert(7, number, |_| 7);
        }
        for number in 0..100u32 {
            assert_eq!(index.find(7, |n| keys[n as usize] == keys[number as usize]), Some(number));
        }
        // The look-up asks only of numbers whose tag agrees: all of them here.
        let mut asked = 0;
        assert_eq!(
            index.find(7, |_| {
                asked += 1;
                false
            }),
            None
        );
        assert_eq!(asked, 100);
    }

    proptest! {
        #[test]
        fn finds_as_a_map_does(keys in prop::collection::hash_set("[0-9A-Z]{1,6}", 0..600), capacity in 0usize..700) {
            let keys: Vec<String> = keys.into_iter().collect();
            let index = filled(&keys, capacity);
            prop_assert_eq!(index.len(), keys.len());
            for (number, key) in keys.iter().enumerate() {
                prop_assert_eq!(index.find(id_hash(key), |n| keys[n as usize] == *key), Some(u32::try_from(number).unwrap()));
                let other = format!("{key}!");
                prop_assert_eq!(index.find(id_hash(&other), |n| keys[n as usize] == other), None);
            }
        }
    }
}
