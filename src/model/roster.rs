//! The tables: local firms, key projects and firm problems (the
//! recruitment candidates are in `candidates`). Attributes that must agree
//! across a record's rows live on the record; each row's chain and link
//! become a `Placement`. The firms, the table of millions, are held column
//! by column ([`Firms`]).

use super::chain::{ChainIdx, LinkIdx};
use super::column::{ColumnFull, TextColumn};
use super::date::Date;
use super::hash_index::HashIndex;
use super::keys::id_hash;
use super::region::CountyIdx;
use super::words::{FirmStatus, ProblemCategory, ProblemStatus, ProjectStage, Role};

/// Index into `Dataset::firms`.
pub type FirmIdx = u32;
/// Index into `Dataset::tags`.
pub type TagIdx = u16;

/// Where a firm, candidate or project works: one link of one chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Placement {
    /// Index of the firm, candidate or project this placement belongs to.
    pub owner: u32,
    pub chain: u16,
    pub link: u16,
}

impl Placement {
    #[must_use]
    pub fn chain(self) -> ChainIdx {
        usize::from(self.chain)
    }
    #[must_use]
    pub fn link(self) -> LinkIdx {
        usize::from(self.link)
    }
}

/// What the analysis reads of a local firm (本地企业): its fixed-size
/// attributes. Its id, name, park and tags are columns of [`Firms`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Firm {
    pub county: Option<CountyIdx>,
    /// 规上: above designated size.
    pub above_scale: bool,
    pub role: Role,
    pub status: FirmStatus,
    /// Output value in 10k yuan (万元), when reported.
    pub output: Amount,
    pub employees: Option<u32>,
}

/// An amount in 万元 that may be missing, in eight bytes where an
/// `Option<f64>` takes sixteen: a missing amount is held as NaN, which no
/// figure read from a table is (they are finite). A firm's row is then 24
/// bytes, not 32, for the millions of a province roster.
#[derive(Clone, Copy)]
pub struct Amount(f64);

impl Amount {
    /// No amount.
    pub const NONE: Self = Self(f64::NAN);

    /// The amount, if any.
    #[must_use]
    pub fn get(self) -> Option<f64> {
        Some(self.0).filter(|v| !v.is_nan())
    }
}

/// `Some(NaN)` is no amount.
impl From<Option<f64>> for Amount {
    fn from(value: Option<f64>) -> Self {
        value.map_or(Self::NONE, Self)
    }
}

impl PartialEq for Amount {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl std::fmt::Debug for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl Firm {
    /// Halted firms do not cover a link.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.status != FirmStatus::Halted
    }
}

/// One firm with its text: what [`Firms::get`] gives and [`Firms::push`]
/// takes. It reads as the firm's [`Firm`] too (`firm.status`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FirmRef<'a> {
    /// Unified Social Credit Code or the office's own firm number.
    pub id: &'a str,
    pub name: &'a str,
    pub park: Option<&'a str>,
    pub tags: &'a [TagIdx],
    pub firm: Firm,
}

impl std::ops::Deref for FirmRef<'_> {
    type Target = Firm;
    fn deref(&self) -> &Firm {
        &self.firm
    }
}

/// A [`Firms`] cannot take another firm: a column would pass 4 GiB, or the
/// firms would pass what a [`FirmIdx`] numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterFull;

impl From<ColumnFull> for RosterFull {
    fn from(_: ColumnFull) -> Self {
        RosterFull
    }
}

/// The firm roster, column by column: the fixed-size attributes as rows of
/// [`Firm`], and the texts each in one buffer. Ids are held once: the index
/// by id looks its keys up in the id column itself. A province roster of
/// 1.6 million firms takes about 115 bytes a firm this way, against some
/// 220 as a record with one allocation per string (docs/performance.md).
#[derive(Clone, Default)]
pub struct Firms {
    rows: Vec<Firm>,
    ids: TextColumn,
    /// Firm numbers, hashed by [`id_hash`] of their id.
    by_id: HashIndex,
    names: TextColumn,
    /// Whether the names were let go (see [`Firms::drop_names`]).
    names_dropped: bool,
    /// An empty park is no park: a park cell is never empty text.
    parks: TextColumn,
    tags: Vec<TagIdx>,
    tag_ends: Vec<u32>,
}

impl Firms {
    /// A roster with room for `firms` firms and `text_bytes` bytes in each
    /// text column, its index by id sized for `indexed` firms. Room reserved
    /// costs address space, not memory, until it is written; but an index
    /// is written all over as it fills, so it is sized for the firms
    /// expected rather than the most there could be (it grows past that).
    #[must_use]
    pub fn with_capacity(firms: usize, indexed: usize, text_bytes: usize) -> Self {
        Self {
            rows: Vec::with_capacity(firms),
            ids: TextColumn::with_capacity(firms, text_bytes),
            by_id: HashIndex::with_capacity(indexed),
            names: TextColumn::with_capacity(firms, text_bytes),
            names_dropped: false,
            parks: TextColumn::with_capacity(firms, text_bytes),
            tags: Vec::with_capacity(firms),
            tag_ends: Vec::with_capacity(firms),
        }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The fixed-size attributes of every firm, by index.
    #[must_use]
    pub fn rows(&self) -> &[Firm] {
        &self.rows
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Firm> {
        self.rows.iter()
    }

    #[must_use]
    pub fn id(&self, firm: FirmIdx) -> &str {
        self.ids.get(firm as usize)
    }

    /// # Panics
    /// When the roster's names were let go ([`Firms::drop_names`]): a
    /// command that shows names loads them.
    #[must_use]
    pub fn name(&self, firm: FirmIdx) -> &str {
        assert!(!self.names_dropped, "the firm names were not loaded; load them (Needs::firm_names) to show them");
        self.names.get(firm as usize)
    }

    /// Whether the roster holds the firms' names.
    #[must_use]
    pub fn has_names(&self) -> bool {
        !self.names_dropped
    }

    /// Lets the names go, for a roster whose names no one will read: what
    /// a province roster holds most of. Firms pushed after have none either.
    pub fn drop_names(&mut self) {
        self.names = TextColumn::default();
        self.names_dropped = true;
    }

    #[must_use]
    pub fn park(&self, firm: FirmIdx) -> Option<&str> {
        Some(self.parks.get(firm as usize)).filter(|p| !p.is_empty())
    }

    #[must_use]
    pub fn tags(&self, firm: FirmIdx) -> &[TagIdx] {
        let f = firm as usize;
        let start = if f == 0 { 0 } else { self.tag_ends[f - 1] as usize };
        &self.tags[start..self.tag_ends[f] as usize]
    }

    /// A firm with its text.
    ///
    /// # Panics
    /// As [`Firms::name`].
    #[must_use]
    pub fn get(&self, firm: FirmIdx) -> FirmRef<'_> {
        FirmRef { name: self.name(firm), ..self.get_without_name(firm) }
    }

    fn get_without_name(&self, firm: FirmIdx) -> FirmRef<'_> {
        FirmRef {
            id: self.id(firm),
            name: "",
            park: self.park(firm),
            tags: self.tags(firm),
            firm: self.rows[firm as usize],
        }
    }

    /// The firm with this id.
    #[must_use]
    pub fn find(&self, id: &str) -> Option<FirmIdx> {
        self.find_hashed(id_hash(id), id)
    }

    /// The firm with this id, whose hash is `hash` = `id_hash(id)`.
    #[must_use]
    pub fn find_hashed(&self, hash: u64, id: &str) -> Option<FirmIdx> {
        self.by_id.find(hash, |f| self.ids.get(f as usize) == id)
    }

    /// The firms with these ids (each with its `id_hash`), in order: what
    /// `find_hashed` gives for each, but what each look-up reads is asked
    /// for ahead of it, so that the waits for memory of different keys
    /// overlap: its bucket of the index 24 keys ahead; then, 16 ahead, where
    /// the id of the firm the bucket most likely names ends; then, 8
    /// ahead, that id's text. Each step reads what the one before brought.
    #[must_use]
    pub fn find_many(&self, keys: &[(u64, &str)]) -> Vec<Option<FirmIdx>> {
        const BUCKET: usize = 24;
        const END: usize = 16;
        const TEXT: usize = 8;
        let guess = |i: usize| keys.get(i).and_then(|&(hash, _)| self.by_id.first_guess(hash)).map(|f| f as usize);
        for &(hash, _) in keys.iter().take(BUCKET) {
            self.by_id.warm(hash);
        }
        let mut found = Vec::with_capacity(keys.len());
        for (i, &(hash, id)) in keys.iter().enumerate() {
            if let Some(&(ahead, _)) = keys.get(i + BUCKET) {
                self.by_id.warm(ahead);
            }
            if let Some(f) = guess(i + END) {
                self.ids.warm_end(f);
            }
            if let Some(f) = guess(i + TEXT) {
                self.ids.warm_text(f);
            }
            found.push(self.find_hashed(hash, id));
        }
        found
    }

    /// Reads the part of the index where a firm with this hash would be,
    /// so that a look-up soon after finds it in the cache. The loader warms
    /// a run's rows at once before adding them one by one: the reads of
    /// different rows do not wait for each other, while each look-up of
    /// the fold would wait for memory on its own (an index of millions of
    /// firms is far bigger than the cache).
    pub fn warm(&self, hash: u64) {
        self.by_id.warm(hash);
    }

    /// Adds a firm whose id is not in the roster yet, and returns its number.
    ///
    /// # Errors
    /// [`RosterFull`] past 2^32 − 1 firms or 4 GiB of a text column; the
    /// roster is then as it was.
    ///
    /// # Panics
    /// When the id is in the roster already.
    pub fn push(&mut self, firm: FirmRef<'_>) -> Result<FirmIdx, RosterFull> {
        let hash = id_hash(firm.id);
        assert!(self.find_hashed(hash, firm.id).is_none(), "firm `{}` is in the roster already", firm.id);
        self.push_hashed(hash, firm)
    }

    /// [`Firms::push`] with `hash` = `id_hash(firm.id)`, for a caller that
    /// has just looked the id up and not found it (the loader).
    ///
    /// # Errors
    /// As [`Firms::push`].
    ///
    /// # Panics
    /// In a debug build, when the id is in the roster already.
    pub fn push_hashed(&mut self, hash: u64, firm: FirmRef<'_>) -> Result<FirmIdx, RosterFull> {
        // The loader has just looked the id up: a second probe of an index
        // of millions of firms would cost a cache miss a firm.
        debug_assert!(self.find_hashed(hash, firm.id).is_none(), "firm `{}` is in the roster already", firm.id);
        let index = FirmIdx::try_from(self.rows.len()).ok().filter(|&i| i < FirmIdx::MAX).ok_or(RosterFull)?;
        let tag_end = u32::try_from(self.tags.len() + firm.tags.len()).map_err(|_| RosterFull)?;
        self.ids.push(firm.id)?;
        if !self.names_dropped
            && let Err(full) = self.names.push(firm.name)
        {
            self.ids.pop();
            return Err(full.into());
        }
        if let Err(full) = self.parks.push(firm.park.unwrap_or("")) {
            self.ids.pop();
            if !self.names_dropped {
                self.names.pop();
            }
            return Err(full.into());
        }
        self.tags.extend_from_slice(firm.tags);
        self.tag_ends.push(tag_end);
        self.rows.push(firm.firm);
        let ids = &self.ids;
        self.by_id.insert(hash, index, |f| id_hash(ids.get(f as usize)));
        Ok(index)
    }
}

/// Firm by firm, each with its text (names empty when let go); the index
/// by id is not shown (its order depends on how much room it was given).
impl std::fmt::Debug for Firms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let firm = |firm| if self.names_dropped { self.get_without_name(firm) } else { self.get(firm) };
        f.debug_list().entries((0..=FirmIdx::MAX).take(self.len()).map(firm)).finish()
    }
}

/// Rosters are equal when they hold the same firms in the same order; the
/// index by id follows from the ids.
impl PartialEq for Firms {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
            && self.ids == other.ids
            && self.names == other.names
            && self.names_dropped == other.names_dropped
            && self.parks == other.parks
            && self.tags == other.tags
            && self.tag_ends == other.tag_ends
    }
}

impl std::ops::Index<usize> for Firms {
    type Output = Firm;
    fn index(&self, firm: usize) -> &Firm {
        &self.rows[firm]
    }
}

/// A roster of the firms given, in order, for code that makes datasets.
///
/// # Panics
/// When two firms have one id, or a roster could not hold them all.
/// The fixed-size attributes can change in place (a what-if halts a firm);
/// the texts, which the index by id depends on, cannot.
impl std::ops::IndexMut<usize> for Firms {
    fn index_mut(&mut self, firm: usize) -> &mut Firm {
        &mut self.rows[firm]
    }
}

impl<'a> FromIterator<FirmRef<'a>> for Firms {
    fn from_iter<I: IntoIterator<Item = FirmRef<'a>>>(firms: I) -> Self {
        let mut roster = Firms::default();
        for firm in firms {
            roster.push(firm).expect("a roster holds 2^32 - 1 firms");
        }
        roster
    }
}

impl<'a> IntoIterator for &'a Firms {
    type Item = &'a Firm;
    type IntoIter = std::slice::Iter<'a, Firm>;
    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter()
    }
}

/// A key investment project (重点项目).
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub id: Box<str>,
    pub name: Box<str>,
    pub county: Option<CountyIdx>,
    /// Investment in 10k yuan (万元).
    pub investment: Option<f64>,
    pub stage: Option<ProjectStage>,
    pub year: Option<u16>,
    /// Investment completed so far (已完成投资), in 10k yuan (万元).
    pub completed_investment: Option<f64>,
    /// The candidate the project came from (`Dataset::candidates` index):
    /// a signed candidate's project is how a signing shows in the money.
    pub candidate: Option<u32>,
}

/// A difficulty reported by a local firm (企业诉求/问题).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The office's number for it (问题编号), unique in its table when given:
    /// what follows a problem from one month's copy to the next.
    pub id: Option<Box<str>>,
    pub firm: FirmIdx,
    pub category: ProblemCategory,
    pub description: Box<str>,
    pub status: ProblemStatus,
    /// The day it was reported (提出日期).
    pub reported: Option<Date>,
    /// Who answers for resolving it (责任单位), as written.
    pub department: Option<Box<str>>,
    /// The day it should be resolved by (办结时限).
    pub deadline: Option<Date>,
    /// The day it was resolved (办结日期).
    pub resolved_on: Option<Date>,
}

impl Problem {
    /// Whether the problem is open past its deadline at the end of `period`
    /// (超期): its deadline falls before the period's last day. A problem
    /// without a deadline is never overdue.
    #[must_use]
    pub fn overdue_at(&self, period: super::Month) -> bool {
        self.status == super::ProblemStatus::Open && self.deadline.is_some_and(|d| d < period.last_day())
    }

    /// Days from reported to resolved, for a resolved problem with both dates.
    #[must_use]
    pub fn days_to_resolve(&self) -> Option<i32> {
        if self.status != super::ProblemStatus::Resolved {
            return None;
        }
        let (from, to) = (self.reported?, self.resolved_on?);
        Some(to.days_since(from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_firm_row_is_24_bytes_and_its_amount_round_trips() {
        assert_eq!(std::mem::size_of::<Firm>(), 24);
        for value in [None, Some(0.0), Some(1833.5), Some(1e10)] {
            assert_eq!(Amount::from(value).get(), value);
        }
        assert_eq!(Amount::from(Some(f64::NAN)), Amount::NONE);
        assert_ne!(Amount::from(Some(0.0)), Amount::NONE);
    }

    fn firm(status: FirmStatus) -> Firm {
        Firm {
            county: None,
            above_scale: false,
            role: Role::Supporting,
            status,
            output: Some(1.5).into(),
            employees: None,
        }
    }

    #[test]
    fn many_ids_are_found_as_one_by_one() {
        let ids: Vec<String> = (0..300).map(|i| format!("F{i:04}")).collect();
        let firms: Firms = ids
            .iter()
            .map(|id| FirmRef { id, name: "", park: None, tags: &[], firm: firm(FirmStatus::Operating) })
            .collect();
        // Known and unknown ids, repeats, fewer and more keys than the look-ups keep apart.
        let asked: Vec<String> =
            (0..700).map(|i| if i % 3 == 0 { format!("X{i}") } else { format!("F{:04}", (i * 7) % 320) }).collect();
        for n in [0, 1, 5, 40, 700] {
            let keys: Vec<(u64, &str)> = asked[..n].iter().map(|id| (id_hash(id), id.as_str())).collect();
            let one_by_one: Vec<Option<FirmIdx>> = keys.iter().map(|&(_, id)| firms.find(id)).collect();
            assert_eq!(firms.find_many(&keys), one_by_one, "{n} keys");
        }
    }

    #[test]
    fn each_firm_reads_back_its_columns() {
        let mut firms = Firms::default();
        let a = FirmRef {
            id: "F1",
            name: "甲公司",
            park: Some("经开区"),
            tags: &[2, 0],
            firm: firm(FirmStatus::Operating),
        };
        let b = FirmRef { id: "F2", name: "", park: None, tags: &[], firm: firm(FirmStatus::Halted) };
        let c = FirmRef { id: "913501", name: "丙", park: None, tags: &[1], firm: firm(FirmStatus::Reduced) };
        for f in [a, b, c] {
            firms.push(f).unwrap();
        }
        assert_eq!(firms.len(), 3);
        assert_eq!([firms.get(0), firms.get(1), firms.get(2)], [a, b, c]);
        assert_eq!((firms.find("F2"), firms.find("913501"), firms.find("F")), (Some(1), Some(2), None));
        assert!(!firms[1].is_active() && firms.get(0).is_active());
        assert_eq!(firms.iter().filter(|f| f.is_active()).count(), 2);
        let collected: Firms = [a, b, c].into_iter().collect();
        assert_eq!(collected, firms);
    }

    #[test]
    fn the_index_survives_growing() {
        let ids: Vec<String> = (0..5000).map(|i| format!("F{i:05}")).collect();
        let mut firms = Firms::with_capacity(10, 2, 16);
        for id in &ids {
            firms.push(FirmRef { id, name: id, park: None, tags: &[], firm: firm(FirmStatus::Operating) }).unwrap();
        }
        for (i, id) in ids.iter().enumerate().step_by(97) {
            assert_eq!(firms.find(id), Some(u32::try_from(i).unwrap()));
            assert_eq!(firms.name(u32::try_from(i).unwrap()), id);
        }
    }

    #[test]
    #[should_panic(expected = "in the roster already")]
    fn an_id_is_pushed_once() {
        let a = FirmRef { id: "F1", name: "甲", park: None, tags: &[], firm: firm(FirmStatus::Operating) };
        let _: Firms = [a, a].into_iter().collect();
    }
}
