//! The candidate pool (招商目标库), column by column as the roster is: a
//! province pool of 700,000 candidates held as a record each, with up to
//! six allocations of its own, took `targets` to 459 MiB where the columns
//! take it to 378, and a tenth of the pool's load went to allocating and
//! freeing them (docs/performance.md, step 20).

use super::column::{ColumnFull, ListColumn, TextColumn};
use super::hash_index::HashIndex;
use super::keys::id_hash;
use super::roster::{Amount, FirmIdx, RosterFull, TagIdx};
use super::words::Engagement;

/// An outside firm worth recruiting (招商目标), as the pool holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CandidateRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Where the firm is based (所在地区), as written.
    pub region: Option<&'a str>,
    /// Operating revenue in 10k yuan (万元).
    pub revenue: Option<f64>,
    pub tags: &'a [TagIdx],
    /// Local firms it already trades with, sorted and without repeats.
    pub partners: &'a [FirmIdx],
    pub stage: Engagement,
    /// Who answers for bringing it in (责任单位 or 包抓领导), as written:
    /// what the dispatch tables group candidates by.
    pub owner: Option<&'a str>,
}

/// A candidate that owns its text, for code that makes datasets (samples
/// and tests); the pool takes it as [`Candidate::view`].
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub region: Option<String>,
    pub revenue: Option<f64>,
    pub tags: Vec<TagIdx>,
    pub partners: Vec<FirmIdx>,
    pub stage: Engagement,
    pub owner: Option<String>,
}

impl Candidate {
    #[must_use]
    pub fn view(&self) -> CandidateRef<'_> {
        CandidateRef {
            id: &self.id,
            name: &self.name,
            region: self.region.as_deref(),
            revenue: self.revenue,
            tags: &self.tags,
            partners: &self.partners,
            stage: self.stage,
            owner: self.owner.as_deref(),
        }
    }
}

/// The candidates, numbered in the order they were added, with an index
/// by id that looks its keys up in the id column itself. An empty region or
/// owner is none: a cell is never empty text.
#[derive(Clone, Default)]
pub struct Candidates {
    ids: TextColumn,
    by_id: HashIndex,
    names: TextColumn,
    regions: TextColumn,
    owners: TextColumn,
    revenues: Vec<Amount>,
    stages: Vec<Engagement>,
    tags: ListColumn<TagIdx>,
    partners: ListColumn<FirmIdx>,
}

impl Candidates {
    /// A pool with room for `rows` candidates and `text_bytes` bytes in each
    /// text column, its index sized for `indexed` candidates (see
    /// [`super::Firms::with_capacity`]).
    #[must_use]
    pub fn with_capacity(rows: usize, indexed: usize, text_bytes: usize) -> Self {
        Self {
            ids: TextColumn::with_capacity(rows, text_bytes),
            by_id: HashIndex::with_capacity(indexed),
            names: TextColumn::with_capacity(rows, text_bytes),
            regions: TextColumn::with_capacity(rows, text_bytes),
            owners: TextColumn::with_capacity(rows, text_bytes),
            revenues: Vec::with_capacity(rows),
            stages: Vec::with_capacity(rows),
            tags: ListColumn::with_capacity(rows, 0),
            partners: ListColumn::with_capacity(rows, rows),
        }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.stages.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.stages.is_empty()
    }

    #[must_use]
    pub fn id(&self, candidate: usize) -> &str {
        self.ids.get(candidate)
    }

    #[must_use]
    pub fn name(&self, candidate: usize) -> &str {
        self.names.get(candidate)
    }

    #[must_use]
    pub fn stage(&self, candidate: usize) -> Engagement {
        self.stages[candidate]
    }

    #[must_use]
    pub fn region(&self, candidate: usize) -> Option<&str> {
        some(self.regions.get(candidate))
    }

    #[must_use]
    pub fn revenue(&self, candidate: usize) -> Option<f64> {
        self.revenues[candidate].get()
    }

    #[must_use]
    pub fn tags(&self, candidate: usize) -> &[TagIdx] {
        self.tags.get(candidate)
    }

    #[must_use]
    pub fn partners(&self, candidate: usize) -> &[FirmIdx] {
        self.partners.get(candidate)
    }

    /// Candidate `candidate` with its text: where a pass over many reads a
    /// few of the columns, it asks for those alone (each is a read of its own).
    #[must_use]
    pub fn get(&self, candidate: usize) -> CandidateRef<'_> {
        CandidateRef {
            id: self.ids.get(candidate),
            name: self.names.get(candidate),
            region: some(self.regions.get(candidate)),
            revenue: self.revenues[candidate].get(),
            tags: self.tags.get(candidate),
            partners: self.partners.get(candidate),
            stage: self.stages[candidate],
            owner: some(self.owners.get(candidate)),
        }
    }

    /// Every candidate, in order.
    #[must_use]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = CandidateRef<'_>> + DoubleEndedIterator + Clone + '_ {
        (0..self.len()).map(|c| self.get(c))
    }

    /// The candidate with this id.
    #[must_use]
    pub fn find(&self, id: &str) -> Option<usize> {
        self.find_hashed(id_hash(id), id).map(|c| c as usize)
    }

    /// The candidate with this id, whose hash is `hash` = `id_hash(id)`.
    #[must_use]
    pub fn find_hashed(&self, hash: u64, id: &str) -> Option<u32> {
        self.by_id.find(hash, |c| self.ids.get(c as usize) == id)
    }

    /// See [`super::Firms::warm`].
    pub fn warm(&self, hash: u64) {
        self.by_id.warm(hash);
    }

    /// Adds a candidate whose id is not in the pool yet, and returns its
    /// number.
    ///
    /// # Errors
    /// [`RosterFull`] past 2^32 − 1 candidates or 4 GiB of a column; the
    /// pool is then as it was.
    ///
    /// # Panics
    /// When the id is in the pool already.
    pub fn push(&mut self, candidate: CandidateRef<'_>) -> Result<u32, RosterFull> {
        let hash = id_hash(candidate.id);
        assert!(self.find_hashed(hash, candidate.id).is_none(), "candidate `{}` is in the pool already", candidate.id);
        self.push_hashed(hash, candidate)
    }

    /// [`Candidates::push`] with `hash` = `id_hash(candidate.id)`, for a
    /// caller that has just looked the id up and not found it (the loader).
    ///
    /// # Errors
    /// As [`Candidates::push`].
    ///
    /// # Panics
    /// In a debug build, when the id is in the pool already.
    pub fn push_hashed(&mut self, hash: u64, candidate: CandidateRef<'_>) -> Result<u32, RosterFull> {
        debug_assert!(
            self.find_hashed(hash, candidate.id).is_none(),
            "candidate `{}` is in the pool already",
            candidate.id
        );
        let number = u32::try_from(self.len()).ok().filter(|&n| n < u32::MAX).ok_or(RosterFull)?;
        if self.push_columns(candidate).is_err() {
            // Takes back what went in before the column that was full.
            let rows = number as usize;
            for column in [&mut self.ids, &mut self.names, &mut self.regions, &mut self.owners] {
                column.truncate(rows);
            }
            self.tags.truncate(rows);
            self.partners.truncate(rows);
            return Err(RosterFull);
        }
        self.revenues.push(candidate.revenue.into());
        self.stages.push(candidate.stage);
        let ids = &self.ids;
        self.by_id.insert(hash, number, |c| id_hash(ids.get(c as usize)));
        Ok(number)
    }

    fn push_columns(&mut self, c: CandidateRef<'_>) -> Result<(), ColumnFull> {
        self.ids.push(c.id)?;
        self.names.push(c.name)?;
        self.regions.push(c.region.unwrap_or(""))?;
        self.owners.push(c.owner.unwrap_or(""))?;
        self.tags.push(c.tags)?;
        self.partners.push(c.partners)
    }
}

/// An empty cell is none.
fn some(text: &str) -> Option<&str> {
    Some(text).filter(|t| !t.is_empty())
}

/// Candidate by candidate, each with its text; the index by id is not
/// shown (its order depends on how much room it was given).
impl std::fmt::Debug for Candidates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Pools are equal when they hold the same candidates in the same order.
impl PartialEq for Candidates {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// A pool of the candidates given, in order, for code that makes datasets.
///
/// # Panics
/// When two candidates have one id, or a pool could not hold them all.
impl<'a> FromIterator<CandidateRef<'a>> for Candidates {
    fn from_iter<I: IntoIterator<Item = CandidateRef<'a>>>(candidates: I) -> Self {
        let mut pool = Candidates::default();
        for candidate in candidates {
            pool.push(candidate).expect("a pool holds 2^32 - 1 candidates");
        }
        pool
    }
}

impl FromIterator<Candidate> for Candidates {
    fn from_iter<I: IntoIterator<Item = Candidate>>(candidates: I) -> Self {
        let mut pool = Candidates::default();
        for candidate in candidates {
            pool.push(candidate.view()).expect("a pool holds 2^32 - 1 candidates");
        }
        pool
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: &str, region: Option<&str>, tags: &[TagIdx], partners: &[FirmIdx]) -> Candidate {
        Candidate {
            id: id.into(),
            name: format!("{id} 公司"),
            region: region.map(Into::into),
            revenue: (id.len() > 2).then_some(12.5),
            tags: tags.to_vec(),
            partners: partners.to_vec(),
            stage: Engagement::Intent,
            owner: None,
        }
    }

    #[test]
    fn each_candidate_reads_back_as_given() {
        let given = [
            candidate("ZS1", Some("安徽合肥"), &[], &[3, 9]),
            candidate("ZS22", None, &[1, 2], &[]),
            candidate("ZS333", Some("陕西"), &[0], &[1]),
        ];
        let pool: Candidates = given.iter().cloned().collect();
        assert_eq!(pool.len(), 3);
        for (i, c) in given.iter().enumerate() {
            assert_eq!(pool.get(i), c.view());
            assert_eq!(pool.find(&c.id), Some(i));
        }
        assert_eq!(pool.find("ZS4"), None);
        assert_eq!(pool.iter().rev().map(|c| c.id).collect::<Vec<_>>(), ["ZS333", "ZS22", "ZS1"]);
    }

    #[test]
    #[should_panic(expected = "in the pool already")]
    fn one_id_once() {
        let _: Candidates = [candidate("ZS1", None, &[], &[]), candidate("ZS1", None, &[], &[])].into_iter().collect();
    }
}
