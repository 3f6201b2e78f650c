//! Looking up short text keys (record ids, chain and link ids and names)
//! in tables of millions of rows.
//!
//! The keys of a [`KeyTable`] are copied side by side into one buffer, and
//! each entry of the hash table holds where its key is: a look-up compares
//! against bytes one step away rather than following each key to its own
//! allocation, which with millions of firms is most of the cost of a load.

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

    /// Reads the part of the table where a key with this hash would be, so
    /// that a look-up soon after finds it in the cache (see
    /// `Firms::warm`).
    pub fn warm(&self, hash: u64) {
        std::hint::black_box(self.entries.find(hash, |_| false));
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
}
