//! Columns that hold a table's texts and lists in one buffer each: one
//! allocation for a column of millions of short values instead of one a
//! value (the roster's and the candidate pool's).

/// A column cannot take another row: it would pass 4 GiB (its text) or
/// 2^32 items (its lists), what its 32-bit ends reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnFull;

/// Texts side by side in one buffer, each found by where it ends: one
/// allocation for a column of millions of short texts instead of one each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextColumn {
    pub(super) text: String,
    pub(super) ends: Vec<u32>,
}

impl TextColumn {
    #[must_use]
    pub fn with_capacity(rows: usize, bytes: usize) -> Self {
        Self { text: String::with_capacity(bytes), ends: Vec::with_capacity(rows) }
    }

    #[must_use]
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Asks for where row `i` ends, which [`TextColumn::get`] reads first.
    pub fn warm_end(&self, i: usize) {
        if let Some(end) = self.ends.get(i) {
            crate::model::prefetch::prefetch(end);
        }
    }

    /// Asks for the start of row `i`'s text; its end should be in the
    /// cache already ([`TextColumn::warm_end`]).
    pub fn warm_text(&self, i: usize) {
        let start = if i == 0 { Some(0) } else { self.ends.get(i - 1).map(|&e| e as usize) };
        if let Some(byte) = start.and_then(|start| self.text.as_bytes().get(start)) {
            crate::model::prefetch::prefetch(byte);
        }
    }

    /// Adds `text` as the next row; `Err` when the column would pass 4 GiB,
    /// what its 32-bit ends reach, and then it is left as it was.
    pub fn push(&mut self, text: &str) -> Result<(), ColumnFull> {
        let end = u32::try_from(self.text.len() + text.len()).map_err(|_| ColumnFull)?;
        self.text.push_str(text);
        self.ends.push(end);
        Ok(())
    }

    pub fn pop(&mut self) {
        self.truncate(self.ends.len().saturating_sub(1));
    }

    /// Keeps the first `rows` rows.
    pub fn truncate(&mut self, rows: usize) {
        self.ends.truncate(rows);
        let end = self.ends.last().map_or(0, |&end| end as usize);
        self.text.truncate(end);
    }
}

/// Lists side by side in one buffer, each found by where it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListColumn<T> {
    items: Vec<T>,
    ends: Vec<u32>,
}

impl<T> Default for ListColumn<T> {
    fn default() -> Self {
        Self { items: Vec::new(), ends: Vec::new() }
    }
}

impl<T: Copy> ListColumn<T> {
    #[must_use]
    pub fn with_capacity(rows: usize, items: usize) -> Self {
        Self { items: Vec::with_capacity(items), ends: Vec::with_capacity(rows) }
    }

    #[must_use]
    pub fn get(&self, i: usize) -> &[T] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.items[start..self.ends[i] as usize]
    }

    /// Adds `list` as the next row; `Err` past 2^32 items, and then it is
    /// left as it was.
    pub fn push(&mut self, list: &[T]) -> Result<(), ColumnFull> {
        let end = u32::try_from(self.items.len() + list.len()).map_err(|_| ColumnFull)?;
        self.items.extend_from_slice(list);
        self.ends.push(end);
        Ok(())
    }

    /// Keeps the first `rows` rows.
    pub fn truncate(&mut self, rows: usize) {
        self.ends.truncate(rows);
        let end = self.ends.last().map_or(0, |&end| end as usize);
        self.items.truncate(end);
    }
}
