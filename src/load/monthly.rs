//! The monthly table (`monthly.csv|xlsx|json`, SPEC §3.2 and §8) →
//! [`Monthly`]: every row checked (a firm of the roster, a month in one of
//! its written forms, figures that are numbers ≥ 0), then all rows sorted
//! by firm and month to find a firm–month given twice (an error naming the
//! first line) and a hole in a firm's months (a warning).
//!
//! Rows are parsed on every core like the other tables; what a row keeps
//! is 32 bytes of numbers, no string, so that millions of rows load in
//! memory proportional to them.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::cells::{number, required, required_month, required_number};
use super::columns::MonthlyCol as C;
use super::diag::{DiagKind, Diagnostics};
use super::intern::Scratch;
use super::limits::Limit;
use super::suggest::best_match;
use super::table::{Chunk, Row, RowParser};
use crate::model::monthly::{MonthNo, month_no, month_of};
use crate::model::{FirmIdx, Firms, Monthly};

/// A monthly row, checked: what the table keeps of it.
#[derive(Debug, Clone, Copy)]
pub(super) struct MonthlyRaw {
    output: f64,
    /// NaN when the row gives no revenue.
    revenue: f64,
    firm: FirmIdx,
    line: u32,
    month: MonthNo,
}

/// What a monthly row gives.
#[derive(Debug)]
pub(super) enum MonthlyParsed {
    Row(MonthlyRaw),
    /// A row whose firm is looked up with the run's others when the run is
    /// parsed (`end_run`): what it gives then. `None` figures are cells
    /// already reported.
    Pending {
        output: Option<f64>,
        revenue: Option<f64>,
        month: Option<MonthNo>,
        line: usize,
    },
    /// A row with a problem already reported, and nothing to keep.
    Nothing,
    /// A row naming a firm that is not in the roster, reported in file
    /// order (with a suggestion, which takes a look through the roster).
    UnknownFirm {
        id: Box<str>,
        name: Box<str>,
        line: usize,
    },
}

pub(super) struct MonthlyParser<'a> {
    pub file: &'a str,
    pub firms: &'a Firms,
    /// Whether references to firms can be checked: the firms table was read.
    pub firms_readable: bool,
    /// Firms whose own rows failed: rows naming them are not reported again.
    pub failed: &'a rustc_hash::FxHashSet<Box<str>>,
}

impl RowParser for MonthlyParser<'_> {
    type Out = MonthlyParsed;
    fn parse(&self, row: &Row<'_>, scratch: &mut Scratch, diags: &mut Diagnostics) -> Option<MonthlyParsed> {
        let file = self.file;
        let id = required(row, C::Firm, file, diags);
        let period = required_month(row, C::Period, file, diags);
        let output = required_number(row, C::Output, file, diags);
        let revenue = number(row, C::Revenue, file, diags);
        let month = period.and_then(|p| {
            // A written month is of 1900 to 2100, so it has a number.
            month_no(p)
        });
        let revenue = revenue.map(|r| r.unwrap_or(f64::NAN)).ok();
        let id = id?;
        let firm = match near_firm(self.firms, id, scratch.last_firm) {
            Some(firm) => {
                scratch.misses = 0;
                Some(firm)
            }
            // A row away from the one before: looked up at once now and
            // then, which finds the place again in a table that follows
            // the roster but for a firm that did not report.
            None if scratch.misses.is_multiple_of(RESYNC) => {
                scratch.misses += 1;
                self.firms.find(id)
            }
            None => {
                scratch.misses += 1;
                let start = scratch.arena.text.len();
                scratch.arena.text.push_str(id);
                let end = scratch.arena.text.len();
                scratch.arena.text.push_str(row.get(C::Name));
                scratch.deferred.push((scratch.outputs, end, start..scratch.arena.text.len()));
                scratch.outputs += 1;
                return Some(MonthlyParsed::Pending { output, revenue, month, line: row.line });
            }
        };
        scratch.outputs += 1;
        let parsed = match firm {
            Some(firm) => {
                scratch.last_firm = Some(firm);
                self.found(firm, (output, revenue, month), row.line, diags)
            }
            None => self.unknown(id, row.get(C::Name), row.line),
        };
        Some(parsed)
    }

    /// Looks up the firms of the run's rows that were away from the row
    /// before all at once, so that the look-ups overlap
    /// ([`Firms::find_many`]): a monthly table sorted otherwise than the
    /// roster (by credit code, by county) costs a wait for memory per row
    /// otherwise.
    fn end_run(&self, chunk: &mut Chunk<Self::Out>, diags: &mut Diagnostics) {
        let deferred = std::mem::take(&mut chunk.scratch.deferred);
        if deferred.is_empty() {
            return;
        }
        let text = &chunk.scratch.arena.text;
        let keys: Vec<(u64, &str)> = deferred
            .iter()
            .map(|(_, id_end, range)| &text[range.start..*id_end])
            .map(|id| (crate::model::keys::id_hash(id), id))
            .collect();
        let found = self.firms.find_many(&keys);
        for (((at, id_end, range), firm), &(_, id)) in deferred.iter().zip(found).zip(&keys) {
            let row = &mut chunk.rows[*at];
            let &mut MonthlyParsed::Pending { output, revenue, month, line } = row else {
                unreachable!("a deferred row is pending")
            };
            *row = match firm {
                Some(firm) => self.found(firm, (output, revenue, month), line, diags),
                None => self.unknown(id, &text[*id_end..range.end], line),
            };
        }
    }

    fn start_run(&self, chunk: &mut Chunk<MonthlyParsed>, bytes: usize) {
        // A monthly row is some 30 bytes, where the chunk's room is made
        // for rows of a hundred.
        chunk.rows.reserve(bytes / 24);
    }
}

/// One in how many rows in a row away from the row before is looked up
/// at once rather than with the run's others.
const RESYNC: usize = 16;

impl MonthlyParser<'_> {
    /// A row of firm `firm` with these figures, or nothing when a figure
    /// or the month was not read (already reported).
    fn found(
        &self,
        firm: FirmIdx,
        (output, revenue, month): (Option<f64>, Option<f64>, Option<MonthNo>),
        line: usize,
        diags: &mut Diagnostics,
    ) -> MonthlyParsed {
        let Some(line) = Limit::Records.index::<u32>(line) else {
            diags.too_many(self.file, line, Limit::Records, "monthly row");
            return MonthlyParsed::Nothing;
        };
        match (output, revenue, month) {
            (Some(output), Some(revenue), Some(month)) => {
                MonthlyParsed::Row(MonthlyRaw { output, revenue, firm, line, month })
            }
            _ => MonthlyParsed::Nothing,
        }
    }

    /// A row naming no firm of the roster: reported, unless the roster
    /// could not be read or the firm's own rows failed.
    fn unknown(&self, id: &str, name: &str, line: usize) -> MonthlyParsed {
        if !self.firms_readable || self.failed.contains(id) {
            return MonthlyParsed::Nothing;
        }
        MonthlyParsed::UnknownFirm { id: id.into(), name: name.into(), line }
    }
}

/// The firm `id` names when it is `near` (the previous row's firm) or the
/// firm after it. A monthly table written firm by firm in roster order, as
/// one made from the roster is, then costs a comparison of ids side by
/// side in the id column per row instead of a look-up in a table of
/// millions.
fn near_firm(firms: &Firms, id: &str, near: Option<FirmIdx>) -> Option<FirmIdx> {
    let near = near?;
    [near, near.saturating_add(1)].into_iter().find(|&f| (f as usize) < firms.len() && firms.id(f) == id)
}

/// The rows read so far, a column each (the table's own columns are made
/// from them one at a time, see [`MonthlyState::finish`]), and what is
/// needed to report unknown firms.
pub(super) struct MonthlyState<'a> {
    rows: RawColumns,
    suggest: Suggest<'a>,
}

/// The checked rows in file order, column by column: 26 bytes a row. A
/// row's firm and line go together in 64 bits (see [`FirmLine`]): both are
/// wanted only until the rows are in order and checked, and then their
/// column takes the output in table order. The figures are held as their
/// bits for that: a column is the same type as the one it takes the place
/// of, and none is made anew (on twelve months of a province, 19 million
/// rows, each new column was some 150 MB of fresh pages).
#[derive(Default)]
struct RawColumns {
    firm_line: Vec<u64>,
    month: Vec<MonthNo>,
    output: Vec<u64>,
    revenue: Vec<u64>,
}

/// A row's firm and line in one `u64`.
struct FirmLine;

impl FirmLine {
    fn pack(firm: FirmIdx, line: u32) -> u64 {
        (u64::from(firm) << 32) | u64::from(line)
    }

    fn firm(packed: u64) -> FirmIdx {
        FirmIdx::try_from(packed >> 32).expect("the high half")
    }

    fn line(packed: u64) -> u32 {
        u32::try_from(packed & u64::from(u32::MAX)).expect("the low half")
    }
}

impl RawColumns {
    fn with_capacity(rows: usize) -> Self {
        Self {
            firm_line: Vec::with_capacity(rows),
            month: Vec::with_capacity(rows),
            output: Vec::with_capacity(rows),
            revenue: Vec::with_capacity(rows),
        }
    }

    /// Adds `rows`, every one a [`MonthlyParsed::Row`].
    fn extend(&mut self, rows: &[MonthlyParsed]) {
        let raw = |parsed: &MonthlyParsed| match parsed {
            MonthlyParsed::Row(row) => *row,
            _ => unreachable!("only rows are added a run at a time"),
        };
        self.firm_line.extend(rows.iter().map(raw).map(|row| FirmLine::pack(row.firm, row.line)));
        self.month.extend(rows.iter().map(|p| raw(p).month));
        self.output.extend(rows.iter().map(|p| raw(p).output.to_bits()));
        self.revenue.extend(rows.iter().map(|p| raw(p).revenue.to_bits()));
    }

    fn push(&mut self, row: MonthlyRaw) {
        self.firm_line.push(FirmLine::pack(row.firm, row.line));
        self.month.push(row.month);
        self.output.push(row.output.to_bits());
        self.revenue.push(row.revenue.to_bits());
    }
}

impl<'a> MonthlyState<'a> {
    /// A state for a file of `bytes` bytes, whose rows name `firms`.
    #[must_use]
    pub fn for_file(bytes: u64, firms: &'a Firms) -> Self {
        // Rows of a monthly CSV file are some 30 bytes; reserving for them
        // costs address space, not memory, until they come.
        let rows = usize::try_from(bytes / 24).unwrap_or(usize::MAX).min(1 << 28);
        Self { rows: RawColumns::with_capacity(rows), suggest: Suggest::new(firms) }
    }

    /// Folds a run of parsed rows in, in file order.
    pub fn apply(&mut self, chunk: Chunk<MonthlyParsed>, file: &str, diags: &mut Diagnostics) {
        // The usual run names only firms of the roster: its rows go to the
        // columns a column at a time, each a copy of known length.
        if chunk.rows.iter().all(|parsed| matches!(parsed, MonthlyParsed::Row(_))) {
            self.rows.extend(&chunk.rows);
            return;
        }
        for parsed in chunk.rows {
            match parsed {
                MonthlyParsed::Row(row) => self.rows.push(row),
                MonthlyParsed::Nothing => {}
                MonthlyParsed::Pending { .. } => unreachable!("found when the run was parsed"),
                MonthlyParsed::UnknownFirm { id, name, line } => {
                    let hint = self.suggest.hint(&id, &name);
                    diags
                        .error(file, line, format!("unknown firm `{id}`"))
                        .hint(hint)
                        .kind(DiagKind::UnknownFirm { id });
                }
            }
        }
    }

    /// The table: rows sorted by firm and month; a firm–month given twice is
    /// an error at its later line, naming the first; a hole in a firm's
    /// months is a warning at the row after it.
    ///
    /// Millions of rows are never held twice: the order of the rows is
    /// found and checked first, then each of the table's columns is taken
    /// from the rows' column and that column freed before the next. Each
    /// step is shared among the cores by firms or by rows, and gives what
    /// one core gives.
    #[must_use]
    pub fn finish(self, firms: &Firms, file: &str, diags: &mut Diagnostics) -> Monthly {
        let RawColumns { firm_line, month, output, revenue } = self.rows;
        let (mut order, counted) = by_firm_and_month(&firm_line, &month, firms.len(), rayon::current_num_threads());
        let ranges = firm_ranges(firms.len(), CHECKED_PIECES);
        let pieces = cut(&mut order, ranges.iter().map(|r| counted[r.end] as usize));
        let checked: Vec<(Vec<u32>, Diagnostics)> = pieces
            .into_par_iter()
            .zip(&ranges)
            .map(|(rows, range)| {
                let base = counted[range.start] as usize;
                let mut kept = Vec::with_capacity(range.len());
                let mut found = Diagnostics::default();
                for f in range.clone() {
                    let run = &mut rows[counted[f] as usize - base..counted[f + 1] as usize - base];
                    let firm = FirmIdx::try_from(f).expect("firms are numbered in 32 bits");
                    kept.push(check_firm(run, (&firm_line, &month), || firms.id(firm), file, &mut found));
                }
                (kept, found)
            })
            .collect();
        let mut starts = Vec::with_capacity(firms.len() + 1);
        starts.push(0u32);
        for (kept, found) in checked {
            diags.extend(found);
            for n in kept {
                starts.push(starts.last().expect("starts from 0") + n);
            }
        }
        if starts.last() != Some(&u32::try_from(order.len()).expect("rows are counted in 32 bits")) {
            order.retain(|&i| i != LEFT_OUT);
        }
        let months: Vec<MonthNo> = order.par_iter().map(|&i| month[i as usize]).collect();
        drop(month);
        // Each column of figures is made in the room of a column spent.
        let mut output_sorted = firm_line;
        gather_into(&order, &output, &mut output_sorted);
        let mut revenue_sorted = output;
        gather_into(&order, &revenue, &mut revenue_sorted);
        drop((revenue, order));
        // In place: a `u64` and an `f64` take the same room.
        let output: Vec<f64> = output_sorted.into_iter().map(f64::from_bits).collect();
        let revenue: Vec<f64> = revenue_sorted.into_iter().map(f64::from_bits).collect();
        // The rows were counted in 32 bits as lines were, and sorted just now.
        Monthly::from_sorted_columns(starts, months, output, revenue).expect("rows sorted, each firm–month once")
    }
}

/// Pieces the firms are checked in: more than there are cores, so that a
/// core with firms of fewer rows takes another piece.
const CHECKED_PIECES: usize = 64;

/// What a row left out of the order is marked with: no row has this
/// number, since rows are numbered below their lines, which are 32-bit
/// numbers under `u32::MAX`.
const LEFT_OUT: u32 = u32::MAX;

/// Checks the rows `run` of one firm (whose id `id` gives, only for a
/// message), in month order: a month given twice is an error, and the
/// later row is marked [`LEFT_OUT`]; a hole is a warning. Gives how many
/// rows are kept.
fn check_firm<'f>(
    run: &mut [u32],
    (firm_line, month): (&[u64], &[MonthNo]),
    id: impl Fn() -> &'f str,
    file: &str,
    diags: &mut Diagnostics,
) -> u32 {
    let line = |row: usize| FirmLine::line(firm_line[row]);
    let mut kept = 0;
    let mut last: Option<usize> = None;
    for i in run {
        let row = *i as usize;
        let m = month[row];
        if let Some(before) = last {
            if month[before] == m {
                diags
                    .error(
                        file,
                        line(row) as usize,
                        format!(
                            "firm `{}` has two rows for {} (the first at line {})",
                            id(),
                            month_of(m),
                            line(before)
                        ),
                    )
                    .hint("keep one row per firm and month; this one is left out");
                *i = LEFT_OUT;
                continue;
            }
            if m > month[before] + 1 {
                let (from, to) = (month_of(month[before] + 1), month_of(m - 1));
                let gap = if from == to { from.to_string() } else { format!("{from}..{to}") };
                diags
                    .warning(
                        file,
                        line(row) as usize,
                        format!(
                            "firm `{}` has no row for {gap}, between {} (line {}) and {}",
                            id(),
                            month_of(month[before]),
                            line(before),
                            month_of(m)
                        ),
                    )
                    .hint("add the missing months (output 0 when the firm made nothing); monitoring counts a month without a row as 0");
            }
        }
        kept += 1;
        last = Some(row);
    }
    kept
}

/// Overwrites `into` with `column` in the order `order` gives, in the room
/// `into` already has (as many rows or more), on every core. (Moving the
/// rows in place along the order's cycles would need no second column at
/// all, but took 3 s more on 19 million rows: each step of a cycle waits
/// for the one before, where these reads overlap.)
fn gather_into(order: &[u32], column: &[u64], into: &mut Vec<u64>) {
    const ROWS: usize = 1 << 16;
    into.truncate(order.len());
    into.par_chunks_mut(ROWS).zip(order.par_chunks(ROWS)).for_each(|(into, order)| {
        for (to, &i) in into.iter_mut().zip(order) {
            *to = column[i as usize];
        }
    });
}

/// `firms` firms cut into `pieces` ranges of about as many firms each
/// (fewer ranges when there are fewer firms).
fn firm_ranges(firms: usize, pieces: usize) -> Vec<Range<usize>> {
    let pieces = pieces.clamp(1, firms.max(1));
    (0..pieces).map(|p| firms * p / pieces..firms * (p + 1) / pieces).collect()
}

/// `slice` cut before each of `ends` (ascending, the last at most its
/// length): the pieces up to each end in turn.
fn cut<T>(mut slice: &mut [T], ends: impl Iterator<Item = usize>) -> Vec<&mut [T]> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for end in ends {
        let (piece, rest) = slice.split_at_mut(end - at);
        pieces.push(piece);
        slice = rest;
        at = end;
    }
    pieces
}

/// The numbers of the rows, given by their `firm` and `month` columns, in
/// order of firm, month and line, and where each firm's rows start in it
/// (`firms + 1` offsets). A monthly table is written month after month
/// (each month's returns added to it), so a comparison sort of millions of
/// rows was most of the table's load; here the rows are counted out to
/// their firms in file order (a firm's rows come out in line order, and
/// usually in month order too), and only a firm whose months are out of
/// order has its few rows sorted.
///
/// Each core takes a range of firms and reads every row for that range's:
/// it alone writes their counts and places, and reading is cheap beside
/// the places written.
fn by_firm_and_month(firm_line: &[u64], month: &[MonthNo], firms: usize, pieces: usize) -> (Vec<u32>, Vec<u32>) {
    let ranges = firm_ranges(firms, pieces);
    let mut starts = vec![0u32; firms + 1];
    cut(&mut starts[1..], ranges.iter().map(|r| r.end)).into_par_iter().zip(&ranges).for_each(|(counts, range)| {
        for &packed in firm_line {
            if let Some(count) =
                (FirmLine::firm(packed) as usize).checked_sub(range.start).and_then(|f| counts.get_mut(f))
            {
                *count += 1;
            }
        }
    });
    for f in 0..firms {
        starts[f + 1] += starts[f];
    }
    let mut order = vec![0u32; firm_line.len()];
    let starts_ref = &starts;
    cut(&mut order, ranges.iter().map(|r| starts[r.end] as usize)).into_par_iter().zip(&ranges).for_each(
        |(rows, range)| {
            let base = starts_ref[range.start];
            let mut next: Vec<u32> = starts_ref[range.clone()].iter().map(|&s| s - base).collect();
            // Lines are counted in 32 bits, and so are the rows.
            for (i, &packed) in (0u32..).zip(firm_line) {
                if let Some(at) =
                    (FirmLine::firm(packed) as usize).checked_sub(range.start).and_then(|f| next.get_mut(f))
                {
                    rows[*at as usize] = i;
                    *at += 1;
                }
            }
            for f in range.clone() {
                let firm_rows = &mut rows[(starts_ref[f] - base) as usize..(starts_ref[f + 1] - base) as usize];
                if !firm_rows.is_sorted_by_key(|&i| month[i as usize]) {
                    // Numbers follow lines: (month, number) is (month, line).
                    firm_rows.sort_unstable_by_key(|&i| (month[i as usize], i));
                }
            }
        },
    );
    (order, starts)
}

/// "Did you mean …?" for a firm id that is not in the roster. The roster's
/// names are indexed on the first unknown firm (a name written where the
/// id belongs is the usual slip); ids close in spelling are looked for in
/// rosters small enough to search, for a few distinct ids.
struct Suggest<'a> {
    firms: &'a Firms,
    by_name: Option<FxHashMap<&'a str, FirmIdx>>,
    hints: FxHashMap<Box<str>, String>,
    searches_left: usize,
}

/// The largest roster searched for ids close in spelling, and how many
/// distinct unknown ids are searched for per file.
const SEARCHED_ROSTER: usize = 10_000;
const SEARCHES: usize = 20;

impl<'a> Suggest<'a> {
    fn new(firms: &'a Firms) -> Self {
        Self { firms, by_name: None, hints: FxHashMap::default(), searches_left: SEARCHES }
    }

    fn hint(&mut self, id: &str, name: &str) -> String {
        if let Some(hint) = self.hints.get(id) {
            return hint.clone();
        }
        let firms = self.firms;
        let by_name = self.by_name.get_or_insert_with(|| {
            let mut names = FxHashMap::default();
            for f in (0..=FirmIdx::MAX).take(firms.len()) {
                names.entry(firms.name(f)).or_insert(f);
            }
            names
        });
        let named = |f: FirmIdx| firms.get(f);
        let hint = if let Some(&f) = by_name.get(id) {
            format!("`{id}` is the name of firm `{}`; the firm_id column takes its id", named(f).id)
        } else if let Some(&f) = by_name.get(name).filter(|_| !name.is_empty()) {
            format!("did you mean `{}` {}?", named(f).id, named(f).name)
        } else if let Some((found, label)) = (self.searches_left > 0 && firms.len() <= SEARCHED_ROSTER)
            .then(|| {
                self.searches_left -= 1;
                best_match(id, (0..=FirmIdx::MAX).take(firms.len()).map(|f| (firms.id(f), firms.name(f))))
            })
            .flatten()
        {
            format!("did you mean `{found}` {label}?")
        } else {
            "a monthly row belongs to a firm of the firms table; use its firm_id".to_owned()
        };
        self.hints.insert(id.into(), hint.clone());
        hint
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Firm, FirmRef, FirmStatus, Role};

    proptest! {
        /// Rows written month after month, firm by firm, or in any order,
        /// with repeats: the order is that of a plain sort by firm, month
        /// and line.
        #[test]
        fn rows_come_in_the_order_of_a_plain_sort(
            cells in prop::collection::vec((0u32..5, 0u16..6), 0..80),
            by_month in any::<bool>(),
            pieces in 1usize..7,
        ) {
            let mut cells = cells;
            if by_month {
                cells.sort_by_key(|&(firm, month)| (month, firm));
            }
            let firm_line: Vec<u64> = (2u32..).zip(&cells).map(|(line, &(firm, _))| FirmLine::pack(firm, line)).collect();
            let month: Vec<MonthNo> = cells.iter().map(|&(_, month)| month).collect();
            let mut plain: Vec<u32> = (0..u32::try_from(cells.len()).unwrap()).collect();
            plain.sort_by_key(|&i| (cells[i as usize].0, month[i as usize], i));
            let (order, starts) = by_firm_and_month(&firm_line, &month, 5, pieces);
            prop_assert_eq!(order, plain);
            let counted: Vec<u32> = (0..=5u32).map(|f| u32::try_from(cells.iter().filter(|c| c.0 < f).count()).unwrap()).collect();
            prop_assert_eq!(starts, counted);
        }
    }

    #[test]
    fn a_firm_found_near_the_last_is_the_firm_the_index_finds() {
        let mut firms = Firms::default();
        for id in ["F1", "F2", "F3", "F4"] {
            let firm = Firm {
                county: None,
                above_scale: false,
                role: Role::Supporting,
                status: FirmStatus::Operating,
                output: crate::model::Amount::NONE,
                employees: None,
            };
            firms.push(FirmRef { id, name: id, park: None, tags: &[], firm }).unwrap();
        }
        for near in [None, Some(0), Some(1), Some(2), Some(3)] {
            for id in ["F1", "F2", "F3", "F4", "F5", ""] {
                // Near or not found near: never another firm.
                let found = near_firm(&firms, id, near);
                assert!(found.is_none() || found == firms.find(id), "{id} near {near:?}");
                let next = near.map(|n| n + 1);
                assert_eq!(found.is_some(), firms.find(id).is_some_and(|f| Some(f) == near || Some(f) == next));
            }
        }
    }
}
