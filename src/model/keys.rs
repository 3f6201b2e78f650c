//! Looking up short text keys: chain and link ids and names, which every
//! row of a table names. (Records by id — millions of firms, candidates —
//! are in [`super::hash_index`], which reads their ids where the records
//! keep them.)
//!
//! The keys of a [`KeyTable`] are copied side by side into one buffer, and
//! each entry of the hash table holds where its key is: a look-up compares
//! against bytes one step away rather than following each key to its own
//! allocation.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// The hash keys are found by. Rows compute it once, on the thread that
/// reads them, and pass it to [`KeyTable::get_hashed`] and
/// [`KeyTable::insert_new`].
#[must_use]
pub fn id_hash(key: &str) -> u64 {
    FxBuildHasher.hash_one(key)
}

/// A [`KeyTable`] cannot take a key: its keys would need more than 4 GiB,
/// what its 32-bit offsets reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

/// Keys mapped to numbers (a record's index, a chain's or a link's).
#[derive(Debug, Default)]
pub struct KeyTable {
    /// Start and length of a key in `text`, and its number; hashed by
    /// [`id_hash`] of the key.
    entries: HashTable<(u32, u32, u32)>,
    /// The keys, in the order they were added.
    text: String,
}

impl KeyTable {
    /// A table with room for `keys` keys of `bytes` bytes in all, so that
    /// nothing is copied as it fills.
    #[must_use]
    pub fn with_capacity(keys: usize, bytes: usize) -> Self {
        Self { entries: HashTable::with_capacity(keys), text: String::with_capacity(bytes) }
    }

    fn key(&self, (start, len, _): (u32, u32, u32)) -> &str {
        &self.text[start as usize..(start + len) as usize]
    }

    /// The number of `key`, whose hash is `hash` = `id_hash(key)`.
    #[must_use]
    pub fn get_hashed(&self, hash: u64, key: &str) -> Option<u32> {
        self.entries.find(hash, |&entry| self.key(entry) == key).map(|&(_, _, value)| value)
    }

    /// The number of `key`.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<u32> {
        self.get_hashed(id_hash(key), key)
    }

    /// Adds `key`, known not to be in the table yet, with number `value`;
    /// `hash` is `id_hash(key)`.
    ///
    /// # Errors
    /// [`Full`] when the keys would take more than 4 GiB.
    pub fn insert_new(&mut self, hash: u64, key: &str, value: u32) -> Result<(), Full> {
        let start = u32::try_from(self.text.len()).map_err(|_| Full)?;
        let len = u32::try_from(key.len()).map_err(|_| Full)?;
        start.checked_add(len).ok_or(Full)?;
        self.text.push_str(key);
        let text = &self.text;
        self.entries.insert_unique(hash, (start, len, value), |&(start, len, _)| {
            id_hash(&text[start as usize..(start + len) as usize])
        });
        Ok(())
    }

    /// Adds `key` with number `value` unless the key is taken (the first
    /// number given a key stays). Returns whether it was added.
    ///
    /// # Errors
    /// [`Full`] when the keys would take more than 4 GiB.
    pub fn insert(&mut self, key: &str, value: u32) -> Result<bool, Full> {
        let hash = id_hash(key);
        if self.get_hashed(hash, key).is_some() {
            return Ok(false);
        }
        self.insert_new(hash, key, value).map(|()| true)
    }

    /// How many keys the table holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Keys of at most [`INLINE`] bytes are held in the slots of a
/// [`NameTable`] themselves.
const INLINE: usize = 13;

/// A slot of a [`NameTable`]: the key's bytes, zero-padded (the first
/// word and the rest), its length plus one (0: an empty slot) and its
/// number, packed so that a look-up compares two words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    head: u64,
    /// Key bytes 8..13, then the length plus one (byte 13), then the
    /// number (bytes 14 and 15).
    tail: u64,
}

/// The bits of [`Slot::tail`] that hold key bytes and length.
const TAIL_KEY: u64 = (1 << 48) - 1;

impl Slot {
    /// The slot `key` would have, with number 0; `None` for a longer key.
    fn of(key: &str) -> Option<Self> {
        let bytes = key.as_bytes();
        if bytes.len() > INLINE {
            return None;
        }
        let mut padded = [0u8; 16];
        padded[..bytes.len()].copy_from_slice(bytes);
        #[allow(clippy::cast_possible_truncation)] // at most INLINE + 1
        {
            padded[INLINE] = bytes.len() as u8 + 1;
        }
        let word = |at: usize| u64::from_le_bytes(padded[at..at + 8].try_into().unwrap_or_default());
        Some(Self { head: word(0), tail: word(8) })
    }

    fn is_empty(self) -> bool {
        self.tail & TAIL_KEY == 0
    }

    fn same_key(self, other: Self) -> bool {
        self.head == other.head && self.tail & TAIL_KEY == other.tail & TAIL_KEY
    }

    fn value(self) -> u16 {
        (self.tail >> 48) as u16
    }
}

/// The slot a key with this hash is looked for from.
#[allow(clippy::cast_possible_truncation)] // the mask keeps it in range
fn home(hash: u64, mask: usize) -> usize {
    hash as usize & mask
}

/// The ids or names of a few thousand things at most (chains, a chain's
/// links), looked up by every row of a table. Most such keys are short
/// and are held in the table's slots, so that a look-up reads one place
/// rather than a hash table's control bytes, entry and key text in turn —
/// every firm row looks up a link among a hundred chains' tables, which
/// together are more than a core's cache once rows stream through it.
/// Longer keys (most Chinese names) are in a [`KeyTable`] beside it.
#[derive(Debug, Default)]
pub struct NameTable {
    /// Open addressing, linear probing; a power of two long, at most seven
    /// eighths full (a chain's 200 link ids in 4 KiB rather than 8), or
    /// empty.
    slots: Vec<Slot>,
    /// How many slots are taken.
    inline: usize,
    long: KeyTable,
}

impl NameTable {
    /// Adds `key` with number `value` unless the key is taken (the first
    /// number given a key stays). Returns whether it was added.
    ///
    /// # Errors
    /// [`Full`] when the long keys would take more than 4 GiB.
    pub fn insert(&mut self, key: &str, value: u16) -> Result<bool, Full> {
        let Some(slot) = Slot::of(key) else {
            return self.long.insert(key, u32::from(value));
        };
        if (self.inline + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = home(id_hash(key), mask);
        loop {
            let here = self.slots[at];
            if here.is_empty() {
                self.slots[at] = Slot { head: slot.head, tail: slot.tail | u64::from(value) << 48 };
                self.inline += 1;
                return Ok(true);
            }
            if here.same_key(slot) {
                return Ok(false);
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![Slot::default(); (old.len() * 2).max(16)];
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| !s.is_empty()) {
            let mut at = home(Self::hash_slot(slot), mask);
            while !self.slots[at].is_empty() {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }

    /// The [`id_hash`] of the key a slot holds.
    fn hash_slot(slot: Slot) -> u64 {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&slot.head.to_le_bytes());
        bytes[8..].copy_from_slice(&slot.tail.to_le_bytes());
        let len = usize::from(bytes[INLINE]) - 1;
        id_hash(std::str::from_utf8(&bytes[..len]).unwrap_or_default())
    }

    /// The number of `key`, whose hash is `hash` = `id_hash(key)`.
    #[must_use]
    pub fn get_hashed(&self, hash: u64, key: &str) -> Option<u16> {
        let Some(slot) = Slot::of(key) else {
            return self.long.get_hashed(hash, key).and_then(|v| u16::try_from(v).ok());
        };
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = home(hash, mask);
        loop {
            let here = self.slots[at];
            if here.same_key(slot) {
                return Some(here.value());
            }
            if here.is_empty() {
                return None;
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_number_of_a_key_stays() {
        let mut keys = KeyTable::default();
        assert_eq!(keys.insert("tea", 0), Ok(true));
        assert_eq!(keys.insert("茶产业链", 0), Ok(true));
        assert_eq!(keys.insert("tea", 1), Ok(false));
        assert_eq!(keys.get("tea"), Some(0));
        assert_eq!(keys.get("茶产业链"), Some(0));
        assert_eq!(keys.get("te"), None);
        assert_eq!(keys.len(), 2);
    }

    #[test]
    fn hashed_look_ups_agree() {
        let mut keys = KeyTable::with_capacity(1000, 8000);
        for i in 0..1000u32 {
            let id = format!("F{i:05}");
            keys.insert_new(id_hash(&id), &id, i).unwrap();
        }
        for i in (0..1000u32).step_by(37) {
            let id = format!("F{i:05}");
            assert_eq!(keys.get_hashed(id_hash(&id), &id), Some(i));
        }
        assert_eq!(keys.get("F01000"), None);
    }

    #[test]
    fn short_and_long_names_are_found() {
        let mut names = NameTable::default();
        let keys = ["", "up-001", "1234567890123", "12345678901234", "富硒茶", "富硒茶种植与加工", "tea"];
        for (n, key) in (0u16..).zip(keys) {
            assert_eq!(names.insert(key, n), Ok(true), "{key}");
        }
        assert_eq!(names.insert("tea", 99), Ok(false));
        for (n, key) in (0u16..).zip(keys) {
            assert_eq!(names.get_hashed(id_hash(key), key), Some(n), "{key}");
        }
        for absent in ["te", "tea\0", "up-0011", "1234567890124", "富硒"] {
            assert_eq!(names.get_hashed(id_hash(absent), absent), None, "{absent}");
        }
    }

    proptest::proptest! {
        /// A name table answers as a map where the first number given a
        /// key stays, through every growth of its slots.
        #[test]
        fn name_tables_answer_as_a_map(
            keys in proptest::collection::vec("[a-c\\-0-9富硒]{0,16}", 0..300),
            probes in proptest::collection::vec("[a-c\\-0-9富硒]{0,16}", 0..50),
        ) {
            let mut names = NameTable::default();
            let mut model = std::collections::HashMap::new();
            for (n, key) in (0u16..).zip(&keys) {
                let added = names.insert(key, n).unwrap();
                proptest::prop_assert_eq!(added, !model.contains_key(key.as_str()));
                model.entry(key.as_str()).or_insert(n);
            }
            for key in keys.iter().chain(&probes) {
                proptest::prop_assert_eq!(names.get_hashed(id_hash(key), key), model.get(key.as_str()).copied());
            }
        }
    }
}
