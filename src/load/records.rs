//! Turning the rows of the four tables (firms, candidates, projects,
//! problems) into records, checking that a record's rows agree.

use super::cells::{date, number, required, whole, word, year};
use super::columns::{CandidateCol, FirmCol, ProblemCol, ProjectCol};
use super::diag::{DiagKind, Diagnostic, Diagnostics, Reported, Severity};
use super::intern::{RowArena, Scratch};
use super::keys::{Full, id_hash};
use super::limits::Limit;
use super::resolve::Resolver;
use super::suggest::best_match;
use super::table::Row;
use super::uscc::{UsccProblem, check as check_uscc};
use crate::model::hash_index::HashIndex;
use crate::model::tags::LIST_SEPARATORS;
use crate::model::{
    Amount, CandidateRef, Candidates, Date, Engagement, Firm, FirmIdx, FirmRef, FirmStatus, Firms, Placement, Problem,
    ProblemCategory, ProblemStatus, Project, ProjectStage, Role, TagIdx, words::parse_yes_no,
};

/// One row of a table of records, parsed: the record, the hash of its id,
/// its line and its place.
pub struct Parsed<T> {
    pub record: T,
    /// `id_hash(record.id())`.
    pub hash: u64,
    pub line: usize,
    pub placement: Option<(u16, u16)>,
}

impl<T: Record> Parsed<T> {
    pub fn new(record: T, line: usize, placement: Option<(u16, u16)>) -> Self {
        Self { hash: id_hash(record.id()), record, line, placement }
    }
}

/// A record that may span several rows whose non-placement columns agree.
pub trait Record: PartialEq {
    /// The record's id (`firm_id`, `candidate_id`, `project_id`).
    fn id(&self) -> &str;
    /// Each non-placement column with its value as a person would write it.
    fn columns(&self, names: &Names<'_>) -> Vec<(&'static str, String)>;
}

/// What record columns need to be shown: county, tag and firm names.
pub struct Names<'a> {
    pub counties: &'a [crate::model::County],
    pub tags: &'a [String],
    /// The firms partners refer to, once read.
    pub firms: Option<&'a Firms>,
    /// The candidates projects come from, once read.
    pub candidates: Option<&'a Candidates>,
}

fn opt<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map_or_else(|| "(empty)".to_owned(), show)
}

fn number_text(n: f64) -> String {
    format!("{n}")
}

impl Names<'_> {
    fn county(&self, county: Option<crate::model::CountyIdx>) -> String {
        opt(county, |c| self.counties[usize::from(c)].name.clone())
    }
    fn tags(&self, tags: &[crate::model::TagIdx]) -> String {
        let tags: Vec<&str> = tags.iter().map(|&t| self.tags[usize::from(t)].as_str()).collect();
        tags.join(";")
    }
}

/// Text of a run's arena, by the 32-bit offsets a parsed row keeps.
fn arena_text(arena: &RowArena, from: u32, to: u32) -> &str {
    &arena.text[from as usize..to as usize]
}

/// Tags of a run's arena, by the offsets a parsed row keeps: as the run
/// numbered them.
fn arena_tags(arena: &RowArena, (from, to): (u32, u32)) -> &[TagIdx] {
    &arena.tags[from as usize..to as usize]
}

/// A firms row as parsed, until its firm is in the roster: where its
/// text and tags are in the run's [`RowArena`], so that a row costs no
/// allocation of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFirm {
    /// Start of the id in the arena's text; name and park follow it. 32-bit
    /// offsets, as a run's arena holds less than its run of rows: a parsed
    /// row is handed to the fold in fewer bytes.
    start: u32,
    id_end: u32,
    name_end: u32,
    park_end: u32,
    /// The row's tags in the arena's tags.
    tags: (u32, u32),
    pub firm: Firm,
}

impl ParsedFirm {
    /// `None` when the arena would pass 4 GiB, which only a line of more
    /// than 4 GiB could make it do.
    fn new(
        id: &str,
        name: &str,
        park: &str,
        tags: std::ops::Range<usize>,
        firm: Firm,
        arena: &mut RowArena,
    ) -> Option<Self> {
        let start = arena.text.len();
        let offset = |at: usize| u32::try_from(at).ok();
        let (id_end, name_end) = (start + id.len(), start + id.len() + name.len());
        let park_end = name_end + park.len();
        let parsed = Self {
            start: offset(start)?,
            id_end: offset(id_end)?,
            name_end: offset(name_end)?,
            park_end: offset(park_end)?,
            tags: (offset(tags.start)?, offset(tags.end)?),
            firm,
        };
        arena.text.push_str(id);
        arena.text.push_str(name);
        arena.text.push_str(park);
        Some(parsed)
    }

    /// The firm's id, in the arena of the run it was parsed in.
    #[must_use]
    pub fn id<'a>(&self, arena: &'a RowArena) -> &'a str {
        arena_text(arena, self.start, self.id_end)
    }

    /// The row's tags as the run numbered them.
    #[must_use]
    pub fn run_tags<'a>(&self, arena: &'a RowArena) -> &'a [TagIdx] {
        arena_tags(arena, self.tags)
    }

    /// The firm as the roster takes it, with its tags as the dataset
    /// numbers them (`tags`).
    #[must_use]
    pub fn view<'a>(&self, arena: &'a RowArena, tags: &'a [TagIdx]) -> FirmRef<'a> {
        FirmRef {
            id: self.id(arena),
            name: arena_text(arena, self.id_end, self.name_end),
            park: Some(arena_text(arena, self.name_end, self.park_end)).filter(|p| !p.is_empty()),
            tags,
            firm: self.firm,
        }
    }
}

/// A firm's columns as written, for a message about rows that disagree.
fn firm_columns(firm: &FirmRef<'_>, n: &Names<'_>) -> Vec<(&'static str, String)> {
    vec![
        ("name", firm.name.to_owned()),
        ("county", n.county(firm.county)),
        ("park", opt(firm.park, str::to_owned)),
        ("above_scale", if firm.above_scale { "yes" } else { "no" }.to_owned()),
        ("role", firm.role.as_str().to_owned()),
        ("status", firm.status.as_str().to_owned()),
        ("output", opt(firm.output.get(), number_text)),
        ("employees", opt(firm.employees, |e| e.to_string())),
        ("tags", n.tags(firm.tags)),
    ]
}

impl Record for FirmRef<'_> {
    fn id(&self) -> &str {
        self.id
    }
    fn columns(&self, n: &Names<'_>) -> Vec<(&'static str, String)> {
        firm_columns(self, n)
    }
}

impl Record for CandidateRef<'_> {
    fn id(&self) -> &str {
        self.id
    }
    fn columns(&self, n: &Names<'_>) -> Vec<(&'static str, String)> {
        let partners: Vec<&str> = self.partners.iter().map(|&f| n.firms.map_or("", |firms| firms.id(f))).collect();
        vec![
            ("name", self.name.to_owned()),
            ("region", opt(self.region, str::to_owned)),
            ("revenue", opt(self.revenue, number_text)),
            ("tags", n.tags(self.tags)),
            ("partners", partners.join(";")),
            ("stage", self.stage.as_str().to_owned()),
            ("owner", opt(self.owner, str::to_owned)),
        ]
    }
}

impl Record for Project {
    fn id(&self) -> &str {
        &self.id
    }
    fn columns(&self, n: &Names<'_>) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.to_string()),
            ("county", n.county(self.county)),
            ("investment", opt(self.investment, number_text)),
            ("stage", opt(self.stage, |s| s.as_str().to_owned())),
            ("year", opt(self.year, |y| y.to_string())),
            ("completed_investment", opt(self.completed_investment, number_text)),
            (
                "candidate_id",
                opt(self.candidate, |c| {
                    n.candidates
                        .filter(|pool| (c as usize) < pool.len())
                        .map_or_else(String::new, |pool| pool.id(c as usize).to_owned())
                }),
            ),
        ]
    }
}

/// Where the records of a table are kept as its rows are folded in: what
/// [`Records`] needs to number records by id and check that the rows of
/// one record agree.
pub trait Store {
    /// A parsed row's record, which may borrow from the run it came in.
    type Row<'a>: Record;
    /// How many records are kept.
    fn count(&self) -> usize;
    /// The id of record `record`.
    fn id(&self, record: u32) -> &str;
    /// The record with this id, whose hash is `hash` = `id_hash(id)`.
    fn find(&self, hash: u64, id: &str) -> Option<u32>;
    /// Keeps `row` as a new record, numbered [`Store::count`]; its id, whose
    /// hash is `hash`, is not kept yet.
    ///
    /// # Errors
    /// [`Full`] when the store cannot take it; the store is then as it was.
    fn push(&mut self, hash: u64, row: Self::Row<'_>) -> Result<(), Full>;
    /// Whether `row` says of record `record` what its first row said.
    fn agrees(&self, record: u32, row: &Self::Row<'_>) -> bool;
    /// Each non-placement column of record `record`, as [`Record::columns`].
    fn columns(&self, record: u32, names: &Names<'_>) -> Vec<(&'static str, String)>;
    /// Brings where a record with id hash `hash` would be into the cache
    /// (see [`Firms::warm`]); nothing by default.
    fn warm(&self, _hash: u64) {}
}

/// Records kept whole, one after the other, with an index by id: the
/// candidates and the projects.
pub struct Keyed<T> {
    /// Numbers of `items`, by [`id_hash`] of their id.
    pub index: HashIndex,
    pub items: Vec<T>,
}

impl<T> Keyed<T> {
    /// A store for a table file of `bytes` bytes (see [`rows_in`]).
    #[must_use]
    pub fn for_file(bytes: u64) -> Self {
        let rows = rows_in(bytes);
        Self { index: HashIndex::with_capacity(rows / 3), items: Vec::with_capacity(rows) }
    }
}

impl<T: Record> Store for Keyed<T> {
    type Row<'a> = T;
    fn count(&self) -> usize {
        self.items.len()
    }
    fn id(&self, record: u32) -> &str {
        self.items[record as usize].id()
    }
    fn find(&self, hash: u64, id: &str) -> Option<u32> {
        self.index.find(hash, |n| self.items[n as usize].id() == id)
    }
    fn push(&mut self, hash: u64, row: T) -> Result<(), Full> {
        let number = u32::try_from(self.items.len()).ok().filter(|&n| n < u32::MAX).ok_or(Full)?;
        let items = &self.items;
        self.index.insert(hash, number, |n| id_hash(items[n as usize].id()));
        self.items.push(row);
        Ok(())
    }
    fn agrees(&self, record: u32, row: &T) -> bool {
        self.items[record as usize] == *row
    }
    fn columns(&self, record: u32, names: &Names<'_>) -> Vec<(&'static str, String)> {
        self.items[record as usize].columns(names)
    }
    fn warm(&self, hash: u64) {
        self.index.warm(hash);
    }
}

/// The firm roster fills its columns straight from the parsed rows.
impl Store for Firms {
    type Row<'a> = FirmRef<'a>;
    fn count(&self) -> usize {
        Firms::len(self)
    }
    fn id(&self, record: u32) -> &str {
        Firms::id(self, record)
    }
    fn find(&self, hash: u64, id: &str) -> Option<u32> {
        self.find_hashed(hash, id)
    }
    fn push(&mut self, hash: u64, row: FirmRef<'_>) -> Result<(), Full> {
        self.push_hashed(hash, row).map(|_| ()).map_err(|_| Full)
    }
    fn agrees(&self, record: u32, row: &FirmRef<'_>) -> bool {
        self.get(record) == *row
    }
    fn columns(&self, record: u32, names: &Names<'_>) -> Vec<(&'static str, String)> {
        firm_columns(&self.get(record), names)
    }
    fn warm(&self, hash: u64) {
        Firms::warm(self, hash);
    }
}

/// The candidate pool, like the roster, fills its columns straight from
/// the parsed rows.
impl Store for Candidates {
    type Row<'a> = CandidateRef<'a>;
    fn count(&self) -> usize {
        self.len()
    }
    fn id(&self, record: u32) -> &str {
        Candidates::id(self, record as usize)
    }
    fn find(&self, hash: u64, id: &str) -> Option<u32> {
        self.find_hashed(hash, id)
    }
    fn push(&mut self, hash: u64, row: CandidateRef<'_>) -> Result<(), Full> {
        self.push_hashed(hash, row).map(|_| ()).map_err(|_| Full)
    }
    fn agrees(&self, record: u32, row: &CandidateRef<'_>) -> bool {
        self.get(record as usize) == *row
    }
    fn columns(&self, record: u32, names: &Names<'_>) -> Vec<(&'static str, String)> {
        self.get(record as usize).columns(names)
    }
    fn warm(&self, hash: u64) {
        Candidates::warm(self, hash);
    }
}

/// How many rows to make room for in a table file of `bytes` bytes: more
/// than such a file can usually hold, so that nothing is copied as the
/// records grow; room never used costs address space, not memory.
#[must_use]
pub fn rows_in(bytes: u64) -> usize {
    usize::try_from(bytes / 64).unwrap_or(usize::MAX).min(1 << 28)
}

/// Records keyed by id, each with the line of its first row, and their
/// placements with the line of each row.
pub struct Records<S> {
    what: &'static str,
    store: S,
    first_line: Vec<u32>,
    placements: Vec<(Placement, u32)>,
    /// The id hash of the last record added.
    last_hash: Option<u64>,
    /// The record the last row added went to, when the row agreed with
    /// it (or began it): a row repeating that row goes there too.
    last_agreed: Option<u32>,
    /// Whether a row past [`Limit::Records`] was reported.
    full: bool,
}

impl<S: Store> Records<S> {
    /// Records of what a message calls `what`, kept in `store`; room for
    /// `rows` rows (see [`rows_in`]).
    #[must_use]
    pub fn new(what: &'static str, store: S, rows: usize) -> Self {
        Self {
            what,
            store,
            first_line: Vec::with_capacity(rows),
            placements: Vec::with_capacity(rows),
            last_hash: None,
            last_agreed: None,
            full: false,
        }
    }

    /// Reports the first row past [`Limit::Records`].
    fn past_limit(&mut self, file: &str, line: usize, diags: &mut Diagnostics) {
        if !self.full {
            self.full = true;
            diags.too_many(file, line, Limit::Records, self.what);
        }
    }

    /// Brings the index where records with these id hashes would be into
    /// the cache, before the rows are added one by one.
    pub fn warm(&self, hashes: impl Iterator<Item = u64>) {
        for hash in hashes {
            self.store.warm(hash);
        }
    }

    /// Whether a record with this id (and `hash` = `id_hash(id)`) was added.
    #[must_use]
    pub fn contains(&self, hash: u64, id: &str) -> bool {
        self.store.find(hash, id).is_some()
    }

    /// Adds one parsed row's record and its placement (chain and link): a
    /// new record, or a check that the row agrees with the record's first row.
    pub fn add(&mut self, parsed: Parsed<S::Row<'_>>, names: &Names<'_>, file: &str, diags: &mut Diagnostics) {
        self.last_agreed = None;
        let Parsed { record, hash, line: row_line, placement } = parsed;
        let Some(line) = Limit::Records.index::<u32>(row_line) else {
            return self.past_limit(file, row_line, diags);
        };
        // The rows of a record are usually next to each other: try the last record first.
        let last = (self.last_hash == Some(hash))
            .then(|| self.store.count().checked_sub(1))
            .flatten()
            .and_then(|last| Limit::Records.index::<u32>(last))
            .filter(|&last| self.store.id(last) == record.id());
        let owner = if let Some(owner) = last.or_else(|| self.store.find(hash, record.id())) {
            if self.store.agrees(owner, &record) {
                self.last_agreed = Some(owner);
            } else {
                // Only on a mismatch: show the first column that differs, as written.
                let differing =
                    record.columns(names).into_iter().zip(self.store.columns(owner, names)).find(|(a, b)| a.1 != b.1);
                if let Some(((field, here), (_, there))) = differing {
                    let first_line = self.first_line[owner as usize];
                    diags
                        .error(
                            file,
                            row_line,
                            format!(
                                "{} `{}` disagrees with its row at line {first_line}: {field} is `{here}` here but `{there}` there",
                                self.what,
                                record.id()
                            ),
                        )
                        .hint(format!("a {} at several links is several rows whose other columns agree", self.what));
                }
            }
            owner
        } else {
            let Some(owner) = Limit::Records.index::<u32>(self.store.count()) else {
                return self.past_limit(file, row_line, diags);
            };
            if self.store.push(hash, record).is_err() {
                return self.past_limit(file, row_line, diags);
            }
            self.last_hash = Some(hash);
            self.first_line.push(line);
            self.last_agreed = Some(owner);
            owner
        };
        if let Some((chain, link)) = placement {
            self.placements.push((Placement { owner, chain, link }, line));
        }
    }

    /// Adds a row whose record is that of the row added just before (its
    /// other columns the same, byte for byte): its placement, to the
    /// record that row went to. `false`, with nothing done, when that row
    /// did not agree with its record or was past a limit: this row is then
    /// to be added whole, so that it gets its own messages.
    pub fn repeat(&mut self, line: usize, placement: Option<(u16, u16)>, file: &str, diags: &mut Diagnostics) -> bool {
        let Some(owner) = self.last_agreed else { return false };
        let Some(line) = Limit::Records.index::<u32>(line) else {
            self.last_agreed = None;
            self.past_limit(file, line, diags);
            return true;
        };
        if let Some((chain, link)) = placement {
            self.placements.push((Placement { owner, chain, link }, line));
        }
        true
    }

    /// The records, and their placements sorted and without repeats (a
    /// record listed twice at the same link is a warning).
    pub fn finish(
        self,
        chain_ids: &[&str],
        link_ids: &dyn Fn(usize, usize) -> String,
        file: &str,
        diags: &mut Diagnostics,
    ) -> (S, Vec<Placement>) {
        let mut placements = self.placements;
        sort_placements(&mut placements);
        // The usual table lists no record twice at a link: a look for
        // neighbours alike, then a plain copy, rather than the pass below
        // that asks of every placement whether it is its neighbour's twin
        // (8 ms on one core for the province's two million).
        if !placements.windows(2).any(|pair| pair[0].0 == pair[1].0) {
            return (self.store, placements.into_iter().map(|(placement, _)| placement).collect());
        }
        let mut last: Option<Placement> = None;
        let mut first_line = 0;
        // Collected where the lines were: the placements are not held twice.
        let out: Vec<Placement> = placements
            .into_iter()
            .filter_map(|(placement, line)| {
                if last == Some(placement) {
                    diags.warning(
                        file,
                        line as usize,
                        format!(
                            "{} `{}` is listed twice at link `{}` of chain `{}` (also line {first_line}); counted once",
                            self.what,
                            self.store.id(placement.owner),
                            link_ids(placement.chain(), placement.link()),
                            chain_ids[placement.chain()],
                        ),
                    );
                    return None;
                }
                first_line = line;
                last = Some(placement);
                Some(placement)
            })
            .collect();
        (self.store, out)
    }
}

/// Sorts placements with their lines by placement, then line.
fn sort_placements(placements: &mut [(Placement, u32)]) {
    use rayon::iter::ParallelIterator;
    use rayon::slice::ParallelSliceMut;

    // Compared as one packed number and the line, in place.
    let key = |&(p, line): &(Placement, u32)| {
        ((u64::from(p.owner) << 32) | (u64::from(p.chain) << 16) | u64::from(p.link), line)
    };
    // Records are numbered as they first appear, so when each record's rows
    // come together (as programs write a table) the placements are in order
    // of record already, and only each record's few need sorting.
    if placements.is_sorted_by_key(|(p, _)| p.owner) {
        placements.par_chunk_by_mut(|a, b| a.0.owner == b.0.owner).for_each(|rows| rows.sort_unstable_by_key(key));
    } else {
        placements.par_sort_unstable_by_key(key);
    }
}

/// One firms row → a firm record (without its placement).
#[inline]
pub fn firm_row(
    row: &Row<'_>,
    res: &Resolver<'_>,
    scratch: &mut Scratch,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<ParsedFirm> {
    use FirmCol as C;
    let line = row.line;
    let id = required(row, C::Id, file, diags);
    let name = required(row, C::Name, file, diags);
    let county = res.county(row.get(C::County), scratch, file, line, diags);
    res.park(row.get(C::Park), file, line, diags);
    let above_scale = match row.get(C::AboveScale) {
        "" => Ok(false),
        v => parse_yes_no(v).ok_or_else(|| {
            diags.error(file, line, format!("unknown above_scale `{v}`")).hint("use yes/no or 是/否");
            Reported
        }),
    };
    let role = word(row, C::Role, Role::parse, Role::accepted, file, diags);
    let status = word(row, C::Status, FirmStatus::parse, FirmStatus::accepted, file, diags);
    let output = number(row, C::Output, file, diags);
    let employees = whole::<u32>(row, C::Employees, file, diags);
    let tags = scratch.tags_into_arena(row.get(C::Tags), line);
    let firm = Firm {
        county: county.ok()?,
        above_scale: above_scale.ok()?,
        role: role.ok()?.unwrap_or(Role::Supporting),
        status: status.ok()?.unwrap_or(FirmStatus::Operating),
        output: output.ok()?.into(),
        employees: employees.ok()?,
    };
    let parsed = ParsedFirm::new(id?, name?, row.get(C::Park), tags, firm, &mut scratch.arena);
    if parsed.is_none() {
        diags.error(file, line, "the row is too long: its run of rows holds more than 4 GiB of text");
    }
    parsed
}

/// The warning for an 18-character firm id that is not a valid credit code.
#[must_use]
pub fn check_firm_id(id: &str, file: &str, line: usize) -> Option<Diagnostic> {
    let chars = if id.is_ascii() { id.len() } else { id.chars().count() };
    if chars != 18 {
        return None;
    }
    let (problem, hint) = match check_uscc(id) {
        Ok(()) => return None,
        Err(UsccProblem::BadCheck { expected, found }) => {
            (format!("check character is `{found}`, expected `{expected}`"), "compare it with the business licence")
        }
        Err(UsccProblem::BadCharacter { position, character }) => (
            format!("character {position} `{character}` is not allowed"),
            "the code uses digits and capital letters except I, O, S, V and Z",
        ),
    };
    Some(Diagnostic {
        file: file.to_owned(),
        line,
        column: None,
        severity: Severity::Warning,
        message: format!("firm_id `{id}` is not a valid Unified Social Credit Code: {problem}"),
        hint: Some(hint.to_owned()),
        kind: DiagKind::Other,
    })
}

/// A candidates row as parsed, until its candidate is in the pool: where
/// its text, tags and partners are in the run's [`RowArena`], as a
/// [`ParsedFirm`] is.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCandidate {
    /// Start of the id in the arena's text; name, region and owner follow.
    start: u32,
    id_end: u32,
    name_end: u32,
    region_end: u32,
    owner_end: u32,
    /// The row's tags in the arena's tags.
    tags: (u32, u32),
    /// The row's partners in the arena's partners, once looked up.
    partners: (u32, u32),
    revenue: Amount,
    stage: Engagement,
}

impl ParsedCandidate {
    /// The candidate's id, in the arena of the run it was parsed in.
    #[must_use]
    pub fn id<'a>(&self, arena: &'a RowArena) -> &'a str {
        arena_text(arena, self.start, self.id_end)
    }

    /// The row's tags as the run numbered them.
    #[must_use]
    pub fn run_tags<'a>(&self, arena: &'a RowArena) -> &'a [TagIdx] {
        arena_tags(arena, self.tags)
    }

    /// Where the row's partners, sorted and without repeats, are in the
    /// arena's partners.
    pub fn set_partners(&mut self, partners: std::ops::Range<usize>) -> Option<()> {
        self.partners = (u32::try_from(partners.start).ok()?, u32::try_from(partners.end).ok()?);
        Some(())
    }

    /// The candidate as the pool takes it, with its tags as the dataset
    /// numbers them (`tags`).
    #[must_use]
    pub fn view<'a>(&self, arena: &'a RowArena, tags: &'a [TagIdx]) -> CandidateRef<'a> {
        let text = |from, to| Some(arena_text(arena, from, to)).filter(|t| !t.is_empty());
        CandidateRef {
            id: self.id(arena),
            name: arena_text(arena, self.id_end, self.name_end),
            region: text(self.name_end, self.region_end),
            revenue: self.revenue.get(),
            tags,
            partners: &arena.partners[self.partners.0 as usize..self.partners.1 as usize],
            stage: self.stage,
            owner: text(self.region_end, self.owner_end),
        }
    }
}

/// One candidates row → a candidate as parsed, its partners not yet
/// looked up (see [`partners_found`]).
pub fn candidate_row(
    row: &Row<'_>,
    scratch: &mut Scratch,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<ParsedCandidate> {
    use CandidateCol as C;
    let line = row.line;
    let id = required(row, C::Id, file, diags);
    let name = required(row, C::Name, file, diags);
    let revenue = number(row, C::Revenue, file, diags);
    let stage = word(row, C::Stage, Engagement::parse, Engagement::accepted, file, diags);
    let tags = scratch.tags_into_arena(row.get(C::Tags), line);
    let (id, name, revenue, stage) = (id?, name?, revenue.ok()?, stage.ok()?.unwrap_or(Engagement::None));
    let (region, owner) = (row.get(C::Region), row.get(C::Owner));
    let arena = &mut scratch.arena;
    let offset = |at: usize| u32::try_from(at).ok();
    let start = arena.text.len();
    let id_end = start + id.len();
    let name_end = id_end + name.len();
    let region_end = name_end + region.len();
    let parsed = ParsedCandidate {
        start: offset(start)?,
        id_end: offset(id_end)?,
        name_end: offset(name_end)?,
        region_end: offset(region_end)?,
        owner_end: offset(region_end + owner.len())?,
        tags: (offset(tags.start)?, offset(tags.end)?),
        partners: (0, 0),
        revenue: revenue.into(),
        stage,
    };
    for text in [id, name, region, owner] {
        arena.text.push_str(text);
    }
    Some(parsed)
}

/// The firm ids of a candidate's partners cell.
#[must_use]
pub fn partner_ids(cell: &str) -> Vec<&str> {
    cell.split(LIST_SEPARATORS).map(crate::model::text::trim).filter(|p| !p.is_empty()).collect()
}

/// A candidate's partners (`ids`, as [`partner_ids`] gives them, and the
/// firm each names, if any) as its record holds them, appended to `out`:
/// sorted and without repeats. `false`, with nothing appended, after
/// reporting an id that is no firm of the roster.
pub fn partners_found(
    ids: &[&str],
    found: impl Iterator<Item = Option<FirmIdx>>,
    (file, line): (&str, usize),
    diags: &mut Diagnostics,
    out: &mut Vec<FirmIdx>,
) -> bool {
    let start = out.len();
    let mut partners_ok = true;
    for (partner, firm) in ids.iter().zip(found) {
        if let Some(f) = firm {
            if !out[start..].contains(&f) {
                out.push(f);
            }
        } else {
            diags
                .error(file, line, format!("unknown partner firm `{partner}`"))
                .hint("partners lists the firm_id of local firms in the firms table, separated by `;`")
                .kind(DiagKind::UnknownPartner { id: (*partner).into() });
            partners_ok = false;
        }
    }
    if !partners_ok {
        out.truncate(start);
    }
    out[start..].sort_unstable();
    partners_ok
}

/// The candidate pool, by id: what a project's `candidate_id` refers to.
#[derive(Clone, Copy)]
pub struct CandidateIndex<'a> {
    /// `None` without a candidates table.
    pub candidates: Option<&'a Candidates>,
    /// Ids of candidates whose own rows failed: not reported again.
    pub failed: &'a rustc_hash::FxHashSet<Box<str>>,
}

/// Above this many candidates an unknown id gets no "did you mean": the
/// search would cost more than the hint is worth.
const SUGGEST_AMONG: usize = 100_000;

/// How many distinct unknown candidate ids of one table are searched for:
/// a search compares the id with every candidate (some 50 ms among
/// 100,000), and a projects table whose `candidate_id` column is wrong
/// throughout took 14 s for 300 rows when every row searched.
const SEARCHES: usize = 20;

impl CandidateIndex<'_> {
    /// The candidate `id` names: `Err(true)` when it names none, to be
    /// reported ([`UnknownCandidates::report`]); `Err(false)` when its own
    /// rows failed, reported there.
    fn find(&self, id: &str) -> Result<u32, bool> {
        if let Some(found) = self.candidates.and_then(|pool| pool.find_hashed(id_hash(id), id)) {
            return Ok(found);
        }
        Err(!self.failed.contains(id))
    }
}

/// Reports the projects' unknown candidate ids, with a "did you mean" for
/// the first [`SEARCHES`] distinct ones. Called in file order (the fold),
/// so which ids are searched does not depend on threads or on the reader.
#[derive(Default)]
pub struct UnknownCandidates {
    hints: rustc_hash::FxHashMap<Box<str>, String>,
}

impl UnknownCandidates {
    pub fn report(
        &mut self,
        id: &str,
        index: CandidateIndex<'_>,
        (file, line): (&str, usize),
        diags: &mut Diagnostics,
    ) {
        let searches_left = self.hints.len() < SEARCHES;
        let hint = self.hints.get(id).cloned().unwrap_or_else(|| {
            let hint = if let Some(pool) = index.candidates {
                let options = pool.iter().map(|c| (c.id, c.name));
                match (searches_left && pool.len() <= SUGGEST_AMONG).then(|| best_match(id, options)).flatten() {
                    Some((key, name)) => format!("did you mean candidate `{key}` {name}?"),
                    None => "a project's candidate_id names a candidate of the candidates table; leave it empty for a project not recruited from the pool".to_owned(),
                }
            } else {
                "a project's candidate_id names a candidate of the candidates table, and there is none".to_owned()
            };
            if searches_left {
                self.hints.insert(id.into(), hint.clone());
            }
            hint
        });
        diags.error(file, line, format!("unknown candidate `{id}`")).hint(hint);
    }
}

/// One projects row → a project record; a `candidate_id` naming no
/// candidate is left in `unknown`, to be reported in file order.
pub fn project_row(
    row: &Row<'_>,
    res: &Resolver<'_>,
    scratch: &mut Scratch,
    (candidates, unknown): (CandidateIndex<'_>, &mut Option<Box<str>>),
    file: &str,
    diags: &mut Diagnostics,
) -> Option<Project> {
    use ProjectCol as C;
    let line = row.line;
    let id = required(row, C::Id, file, diags);
    let name = required(row, C::Name, file, diags);
    let county = res.county(row.get(C::County), scratch, file, line, diags);
    let investment = number(row, C::Investment, file, diags);
    let stage = word(row, C::Stage, ProjectStage::parse, ProjectStage::accepted, file, diags);
    let year = year(row, C::Year, file, diags);
    let completed = number(row, C::CompletedInvestment, file, diags);
    if let (Ok(Some(planned)), Ok(Some(done))) = (&investment, &completed)
        && done > planned
    {
        diags.warning(file, line, format!("completed_investment {done} is more than the investment {planned}")).hint(
            "completed investment (已完成投资) counts toward the planned total (投资额); check the unit and the digits",
        );
    }
    let candidate = match row.get(C::Candidate) {
        "" => Ok(None),
        c => candidates.find(c).map(Some).map_err(|to_report| {
            if to_report {
                *unknown = Some(c.into());
            }
        }),
    };
    Some(Project {
        id: id?.into(),
        name: name?.into(),
        county: county.ok()?,
        investment: investment.ok()?,
        stage: stage.ok()?,
        year: year.ok()?,
        completed_investment: completed.ok()?,
        candidate: candidate.ok()?,
    })
}

/// One problems row → a problem of a firm in the roster.
pub fn problem_row(row: &Row<'_>, firms: &Firms, file: &str, diags: &mut Diagnostics) -> Option<Problem> {
    use ProblemCol as C;
    let line = row.line;
    let firm = required(row, C::Firm, file, diags).and_then(|id| {
        let found = firms.find(id);
        if found.is_none() {
            diags
                .error(file, line, format!("unknown firm `{id}`"))
                .hint("a problem belongs to a firm of the firms table; use its firm_id")
                .kind(DiagKind::UnknownFirm { id: id.into() });
        }
        found
    });
    let category = required(row, C::Category, file, diags)
        .map(|_| word(row, C::Category, ProblemCategory::parse, category_words, file, diags));
    let status = word(row, C::Status, ProblemStatus::parse, ProblemStatus::accepted, file, diags);
    let reported = date(row, C::Reported, file, diags);
    let deadline = date(row, C::Deadline, file, diags);
    let resolved_on = date(row, C::ResolvedOn, file, diags);
    let dates = [&reported, &deadline, &resolved_on].map(|d| d.ok().flatten());
    check_dispatch_dates(dates, status.ok().flatten(), file, line, diags);
    Some(Problem {
        id: Some(row.get(C::Id)).filter(|id| !id.is_empty()).map(Into::into),
        firm: firm?,
        category: category?.ok()??,
        description: row.get(C::Description).into(),
        status: status.ok()?.unwrap_or(ProblemStatus::Open),
        reported: reported.ok()?,
        department: Some(row.get(C::Department)).filter(|d| !d.is_empty()).map(Into::into),
        deadline: deadline.ok()?,
        resolved_on: resolved_on.ok()?,
    })
}

/// Warns of a problem's dates that cannot all be right: a deadline or a
/// day resolved before the day it was reported, or an open problem with
/// a day resolved. Each is a slip in one cell, not a reason to refuse
/// the table.
fn check_dispatch_dates(
    [reported, deadline, resolved_on]: [Option<Date>; 3],
    status: Option<ProblemStatus>,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) {
    if let Some(reported) = reported {
        if let Some(deadline) = deadline
            && deadline < reported
        {
            diags
                .warning(
                    file,
                    line,
                    format!("deadline {deadline} is before the day the problem was reported, {reported}"),
                )
                .hint("办结时限 is the day it should be resolved by; check the year and the month");
        }
        if let Some(resolved) = resolved_on
            && resolved < reported
        {
            diags
                .warning(
                    file,
                    line,
                    format!("resolved_on {resolved} is before the day the problem was reported, {reported}"),
                )
                .hint("办结日期 is the day it was resolved; check the year and the month");
        }
    }
    if let (Some(resolved), None | Some(ProblemStatus::Open)) = (resolved_on, status) {
        diags
            .warning(file, line, format!("the problem is open but has a resolved_on date, {resolved}"))
            .hint("set its status to resolved (已解决), or clear 办结日期 if it is still open");
    }
}

/// The eleven categories in Chinese, as analysts write them.
fn category_words() -> String {
    let words: Vec<&str> = ProblemCategory::ALL.iter().map(|c| c.zh()).collect();
    words.join(", ")
}

impl Records<Firms> {
    /// Warns of one firm entered under two ids, which would count it twice:
    /// two ids that are the same credit code written differently, or two
    /// ids with the same name. Each warning names both lines. With
    /// `keep_names` false the firms' names are let go once read (see
    /// [`Firms::drop_names`]), before the codes are compared.
    pub fn warn_same_firm_twice(&mut self, keep_names: bool, file: &str, diags: &mut Diagnostics) {
        let firms = &self.store;
        let by_name = super::same_firm::by_name(firms.len(), |f| firms.name(f));
        // The names the warnings show, taken before the names may go.
        let mut by_name: Vec<(FirmIdx, FirmIdx, String)> =
            by_name.into_iter().map(|(firm, first)| (firm, first, firms.name(firm).to_owned())).collect();
        if !keep_names {
            self.store.drop_names();
        }
        let firms = &self.store;
        let by_code = super::same_firm::by_code(firms.len(), |f| firms.id(f), |id| firms.find(id));
        // A firm that repeats a code and a name is said to repeat the code.
        by_name.retain(|(firm, _, _)| by_code.binary_search_by_key(firm, |&(f, _)| f).is_err());
        let line = |f: FirmIdx| self.first_line[f as usize];
        for (firm, first) in by_code {
            diags
                .warning(
                    file,
                    line(firm) as usize,
                    format!(
                        "firm `{}` has the credit code of firm `{}` at line {}, written differently: one firm under two ids is counted twice",
                        firms.id(firm), firms.id(first), line(first)
                    ),
                )
                .hint("write the firm's 统一社会信用代码 the same way on all its rows");
        }
        for (firm, first, name) in by_name {
            diags
                .warning(
                    file,
                    line(firm) as usize,
                    format!(
                        "firm `{}` has the name `{name}` of firm `{}` at line {}: one firm under two ids is counted twice",
                        firms.id(firm),
                        firms.id(first),
                        line(first)
                    ),
                )
                .hint(
                    "give one firm one id (its 统一社会信用代码) on all its rows, or tell the two firms apart by name",
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn placement((owner, chain, link): (u32, u16, u16)) -> Placement {
        Placement { owner, chain, link }
    }

    proptest! {
        /// Whether or not each record's rows come together, the placements
        /// end in the order of a plain sort by (placement, line).
        #[test]
        fn placements_sort_as_a_plain_sort(
            rows in prop::collection::vec((0u32..6, 0u16..3, 0u16..4), 0..60),
            together in any::<bool>(),
        ) {
            let mut rows: Vec<(u32, u16, u16)> = rows;
            if together {
                // Records numbered as they first appear, their rows side by side.
                rows.sort_by_key(|&(owner, _, _)| owner);
            }
            let mut placements: Vec<(Placement, u32)> =
                (0u32..).zip(&rows).map(|(line, &row)| (placement(row), line + 2)).collect();
            let mut plain = placements.clone();
            plain.sort();
            sort_placements(&mut placements);
            prop_assert_eq!(placements, plain);
        }
    }
}
