//! Reading a table file row by row, whatever its format, with its header
//! mapped onto the columns a table kind expects.
//!
//! Each format has its own reader beside this file (`csv`, `csv_fast`,
//! `xlsx`, `json`); [`TableFormat`] lists them and sends a file to its
//! reader. A reader hands out [`Row`]s whose cells are found by the
//! table's columns, so what is done with a row does not depend on where
//! it came from.

mod csv;
mod csv_fast;
mod header;
mod json;
mod separators;
mod xlsx;

use std::path::Path;

pub use self::csv::decode_text;
use super::diag::Diagnostics;
use super::intern::Scratch;
use super::progress::LoadProgress;
use crate::model::text::trim;

/// The most characters a cell may hold: a name, an id, a word or a
/// figure. Far above any real name (the longest registered firm names run
/// to some 60 characters), and small enough for every output: an Excel
/// cell holds 32,767 characters, and a map box must stay drawable.
pub const MAX_NAME_CHARS: usize = 200;

/// The most characters a cell of free text or a list may hold (a
/// problem's description, tags, partners).
pub const MAX_TEXT_CHARS: usize = 2000;

/// A column a table kind expects: its English header and Chinese aliases.
#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// Free text or a list: cells may hold [`MAX_TEXT_CHARS`] characters
    /// rather than [`MAX_NAME_CHARS`].
    pub text: bool,
}

impl Column {
    /// The most characters a cell of this column may hold.
    #[must_use]
    pub fn max_chars(&self) -> usize {
        if self.text { MAX_TEXT_CHARS } else { MAX_NAME_CHARS }
    }
}

/// The shape of one kind of table.
#[derive(Debug)]
pub struct TableSpec {
    /// File stem: `firms`, `candidates`, …
    pub stem: &'static str,
    pub columns: &'static [Column],
}

/// The file formats a table may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Comma-separated text in UTF-8 (with or without BOM) or GB18030/GBK.
    Csv,
    /// The first sheet of an Excel workbook.
    Xlsx,
    /// An array of objects, one per row.
    Json,
}

impl TableFormat {
    /// Every format, in order of preference.
    pub const ALL: [Self; 3] = [Self::Csv, Self::Xlsx, Self::Json];

    /// The file extension, lowercase and without the dot.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
        }
    }

    /// The format of a file, by its extension in any case.
    #[must_use]
    pub fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        Self::ALL.into_iter().find(|f| ext.eq_ignore_ascii_case(f.extension()))
    }

    /// The files a table with this stem may be, as a person would list
    /// them: `firms.csv, firms.xlsx or firms.json`.
    #[must_use]
    pub fn file_choices(stem: &str) -> String {
        let names: Vec<String> = Self::ALL.iter().map(|f| format!("{stem}.{}", f.extension())).collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// Reads the table at `path` (shown as `file`) and calls `on_row` for
    /// each non-empty data row. Problems go to `diags`; returns false when
    /// the file could not be read as a table at all.
    fn read(
        self,
        path: &Path,
        file: &str,
        spec: &TableSpec,
        diags: &mut Diagnostics,
        on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
    ) -> bool {
        match self {
            Self::Csv => csv::read(path, file, spec, diags, on_row),
            Self::Xlsx => xlsx::read(path, file, spec, diags, on_row),
            Self::Json => json::read(path, file, spec, diags, on_row),
        }
    }
}

/// The cells of one row, as a reader holds them.
enum Cells<'a> {
    /// A record of the `csv` crate, known to be UTF-8.
    Csv(&'a ::csv::ByteRecord),
    Owned(&'a [String]),
    /// Fields of a CSV line, in order, each cut from one buffer (the
    /// line, or the record the `csv` crate read it into).
    Fields(&'a [&'a str]),
}

/// One data row: its line (CSV, JSON) or row number (XLSX), and its cells
/// by expected column.
pub struct Row<'a> {
    pub line: usize,
    spec: &'a TableSpec,
    map: &'a [Option<usize>],
    cells: Cells<'a>,
    /// The cells of the row the parser was given before this one in the
    /// same run, where the reader keeps them (the fast CSV path): what
    /// [`Row::repeats_previous`] compares with.
    previous: &'a [&'a str],
}

impl Row<'_> {
    /// Whether every cell of this row but those of columns `except` is
    /// the same, byte for byte, as the row before's (see `previous`);
    /// `first` is compared first, as the column most likely to differ.
    /// Always false where the reader keeps no row before.
    #[must_use]
    #[inline]
    pub fn repeats_previous(&self, first: impl Into<usize>, except: [impl Into<usize>; 2]) -> bool {
        let Cells::Fields(fields) = &self.cells else { return false };
        let previous = self.previous;
        if previous.len() != fields.len() {
            return false;
        }
        // A short row may lack the column.
        if let Some(at) = self.map[first.into()]
            && previous.get(at) != fields.get(at)
        {
            return false;
        }
        let [a, b] = except.map(|col| self.map[col.into()]);
        (0..fields.len()).all(|at| Some(at) == a || Some(at) == b || previous[at] == fields[at])
    }

    /// The trimmed cell of expected column `col` (an index into the spec's
    /// columns, or the table's column enum); empty when the column or the
    /// cell is absent.
    #[must_use]
    #[inline]
    pub fn get(&self, col: impl Into<usize>) -> &str {
        let Some(pos) = self.map[col.into()] else { return "" };
        let cell = match &self.cells {
            Cells::Csv(record) => record.get(pos).map_or("", |b| std::str::from_utf8(b).unwrap_or("")),
            Cells::Owned(cells) => cells.get(pos).map_or("", String::as_str),
            Cells::Fields(fields) => fields.get(pos).copied().unwrap_or(""),
        };
        trim(cell)
    }

    /// Reports every cell longer than its column allows (the row is still
    /// parsed, so its other problems are reported too).
    pub fn check_lengths(&self, file: &str, diags: &mut Diagnostics) {
        // The usual row is shorter than the shortest limit in all: nothing to count.
        if self.bytes() <= MAX_NAME_CHARS {
            return;
        }
        for (col, column) in self.spec.columns.iter().enumerate() {
            let cell = self.get(col);
            let max = column.max_chars();
            // A cell holds at least a character per byte of UTF-8.
            if cell.len() <= max {
                continue;
            }
            let chars = cell.chars().count();
            if chars > max {
                let what = if column.text { "a text" } else { "a name, id, word or figure" };
                diags
                    .error(
                        file,
                        self.line,
                        format!("`{}` is {chars} characters long; {what} holds at most {max}", column.name),
                    )
                    .hint("shorten it; notes belong in a column of their own, which chainmap ignores");
            }
        }
    }

    /// At least the bytes of all the row's cells, untrimmed.
    fn bytes(&self) -> usize {
        match &self.cells {
            Cells::Csv(record) => record.as_slice().len(),
            Cells::Owned(cells) => cells.iter().map(String::len).sum(),
            // Fields are cut in order from one line (or one record's
            // buffer): from the first's start to the last's end spans
            // them all, found without a pass over every row's cells.
            Cells::Fields(fields) => match (fields.first(), fields.last()) {
                (Some(first), Some(last)) => {
                    let (start, end) = (first.as_ptr() as usize, last.as_ptr() as usize + last.len());
                    if start <= end { end - start } else { fields.iter().map(|f| f.len()).sum() }
                }
                _ => 0,
            },
        }
    }

    /// The English name of expected column `col`, as messages name it.
    #[must_use]
    pub fn name(&self, col: impl Into<usize>) -> &'static str {
        self.spec.columns[col.into()].name
    }
}

/// A CSV row typed with full-width commas (`，`) between its fields, as a
/// Chinese input method gives them: it arrives as one cell holding the
/// whole row, in a table of several columns. Returns how many fields it
/// would have with ASCII commas.
fn full_width_fields<'c>(mut cells: impl Iterator<Item = &'c str>, width: usize) -> Option<usize> {
    let first = cells.next()?;
    // The cheap test first: the usual row's second cell is not empty, which
    // takes a byte or two to see, where a search of the first cell for `，`
    // reads all of it.
    if width < 2 || cells.any(|c| !trim(c).is_empty()) || !first.contains('，') {
        return None;
    }
    Some(first.split('，').count()).filter(|&n| n > 1)
}

/// Reports a row that [`full_width_fields`] recognised.
fn full_width_error(file: &str, line: usize, fields: usize, diags: &mut Diagnostics) {
    diags
        .error(file, line, format!("the row is one cell: its {fields} fields are separated by full-width commas `，`"))
        .hint("separate the fields with ASCII commas `,` (switch the input method to half-width), or save from Excel");
}

/// Turns table rows into records, on any thread.
pub trait RowParser: Sync {
    type Out: Send;
    /// The record of one row, or `None` when the row gives nothing to keep
    /// (its problems are in `diags`). Names the row introduces (tags, and
    /// counties the region does not list) are numbered in `scratch`.
    fn parse(&self, row: &Row<'_>, scratch: &mut Scratch, diags: &mut Diagnostics) -> Option<Self::Out>;

    /// Finishes a run's rows once they are all parsed: what is cheaper
    /// done for many rows at once than row by row (look-ups that overlap).
    fn end_run(&self, _chunk: &mut Chunk<Self::Out>, _diags: &mut Diagnostics) {}

    /// Readies a run's chunk for `bytes` bytes of rows: room for what the
    /// table keeps of them, which would otherwise grow by doubling, copied
    /// each time.
    fn start_run(&self, _chunk: &mut Chunk<Self::Out>, _bytes: usize) {}
}

/// Parsed rows of one run of a table, in file order, with the names they
/// introduced.
pub struct Chunk<T> {
    pub rows: Vec<T>,
    pub scratch: Scratch,
}

impl<T> Default for Chunk<T> {
    fn default() -> Self {
        Self { rows: Vec::new(), scratch: Scratch::default() }
    }
}

/// Folds the parsed rows of one run into the table's state, in file order.
pub type Apply<'a, S, T> = dyn Fn(&mut S, Chunk<T>, &mut Diagnostics) + Sync + 'a;

/// How CSV tables are read: in blocks parsed on every core when the file
/// allows it, or row by row (as XLSX and JSON always are). Both give the
/// same records and the same problems; tests hold them to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Parallel,
    RowByRow,
}

/// Rows per chunk when a table is read row by row.
const SEQUENTIAL_CHUNK: usize = 4096;

/// What the rows of a table become: each row parsed by `parser` (on any
/// thread), and the parsed rows folded by `apply`, in file order, into a
/// state made by `init` (given the file's size in bytes).
pub struct Fold<'a, P: RowParser, S> {
    pub parser: &'a P,
    pub init: &'a (dyn Fn(u64) -> S + Sync),
    pub apply: &'a Apply<'a, S, P::Out>,
}

/// Reads the table at `path` (shown as `file`, in `format`) into the state
/// `fold` makes of its rows. Returns the state, the problems found, and
/// whether the file could be read as a table at all.
///
/// A CSV file in UTF-8 or GBK/GB18030 without lone carriage returns and
/// without quoted fields across lines (what programs and Excel write, and
/// the usual roster) is read in blocks and parsed on every core while the
/// previous block is folded in (`csv_fast.rs`). Any other file (XLSX,
/// JSON, a CSV file with a line break in a quoted field) is read row by
/// row. Both ways give the same state and the same problems.
pub fn read_table_chunked<P: RowParser, S: Send>(
    path: &Path,
    file: &str,
    format: TableFormat,
    spec: &TableSpec,
    fold: &Fold<'_, P, S>,
    reading: Reading,
    progress: &dyn LoadProgress,
) -> (S, Diagnostics, bool) {
    let mut reported = 0;
    if format == TableFormat::Csv && reading == Reading::Parallel {
        match csv_fast::read(path, file, spec, fold, csv_fast::SIZES, progress) {
            Ok(done) => return done,
            Err(bytes) => reported = bytes,
        }
    }
    let (parser, apply) = (fold.parser, fold.apply);
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let mut state = (fold.init)(size);
    let mut diags = Diagnostics::default();
    let mut chunk = Chunk::default();
    let readable = format.read(path, file, spec, &mut diags, &mut |row, diags| {
        row.check_lengths(file, diags);
        if let Some(out) = parser.parse(row, &mut chunk.scratch, diags) {
            chunk.rows.push(out);
        }
        if chunk.rows.len() >= SEQUENTIAL_CHUNK {
            parser.end_run(&mut chunk, diags);
            apply(&mut state, std::mem::take(&mut chunk), diags);
        }
    });
    parser.end_run(&mut chunk, &mut diags);
    apply(&mut state, chunk, &mut diags);
    progress.advance(size.saturating_sub(reported));
    (state, diags, readable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(TableFormat::of(Path::new("d/firms.CSV")), Some(TableFormat::Csv));
        assert_eq!(TableFormat::of(Path::new("firms.xlsx")), Some(TableFormat::Xlsx));
        assert_eq!(TableFormat::of(Path::new("firms.parquet")), None);
        assert_eq!(TableFormat::file_choices("firms"), "firms.csv, firms.xlsx or firms.json");
    }

    static TWO: TableSpec = TableSpec {
        stem: "two",
        columns: &[
            Column { name: "a", aliases: &[], required: true, text: false },
            Column { name: "b", aliases: &[], required: false, text: false },
        ],
    };

    /// The problems `check_lengths` finds in a row of these fields.
    fn too_long(fields: &[&str]) -> Vec<String> {
        let row = Row { line: 2, spec: &TWO, map: &[Some(0), Some(1)], cells: Cells::Fields(fields), previous: &[] };
        let mut diags = Diagnostics::default();
        row.check_lengths("two.csv", &mut diags);
        diags.into_sorted().into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn a_row_repeats_the_one_before_but_for_the_columns_set_aside() {
        // Columns a and b set aside; the header puts `a` last, past the
        // end of a short row.
        let map = [Some(2), Some(0)];
        let row = |fields: &'static [&'static str], previous: &'static [&'static str]| Row {
            line: 3,
            spec: &TWO,
            map: &map,
            cells: Cells::Fields(fields),
            previous,
        };
        assert!(row(&["x", "same", "id"], &["y", "same", "id"]).repeats_previous(0usize, [1usize, 1]));
        assert!(!row(&["x", "other", "id"], &["y", "same", "id"]).repeats_previous(0usize, [1usize, 1]));
        assert!(!row(&["x", "same", "id2"], &["y", "same", "id"]).repeats_previous(0usize, [1usize, 1]));
        assert!(row(&["x", "same"], &["y", "same"]).repeats_previous(0usize, [1usize, 1]));
        assert!(!row(&["x", "same"], &["x", "same", ""]).repeats_previous(0usize, [1usize, 1]));
        // No row before: nothing to repeat.
        assert!(!row(&["x"], &[]).repeats_previous(0usize, [1usize, 1]));
    }

    #[test]
    fn cells_too_long_wherever_the_fields_were_cut_from() {
        for len in [MAX_NAME_CHARS - 1, MAX_NAME_CHARS, MAX_NAME_CHARS + 1] {
            let long = "名".repeat(len);
            let ascii = "x".repeat(len);
            // Cut from a line, as the fast path cuts an unquoted run, and
            // from a record's buffer, as the `csv` crate gives a quoted one.
            let line = format!("{ascii},{long}");
            let (a, b) = line.split_at(len);
            let quoted = format!("\"{ascii}\",\"{long}\"\n");
            let mut reader = ::csv::ReaderBuilder::new().has_headers(false).from_reader(quoted.as_bytes());
            let mut record = ::csv::ByteRecord::new();
            assert!(reader.read_byte_record(&mut record).unwrap());
            let cut: Vec<&str> = record.iter().map(|f| std::str::from_utf8(f).unwrap()).collect();
            for fields in [[a, &b[1..]], [cut[0], cut[1]]] {
                let found = too_long(&fields);
                if len > MAX_NAME_CHARS {
                    assert_eq!(found.len(), 2, "{len}: {found:?}");
                    assert!(found[0].starts_with(&format!("`a` is {len} characters long")), "{found:?}");
                } else {
                    assert!(found.is_empty(), "{len}: {found:?}");
                }
            }
        }
        assert!(too_long(&["x"; 0]).is_empty());
    }
}
