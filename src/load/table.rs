//! Reading a table file (CSV in UTF-8 or GB18030, XLSX, or JSON) row by row,
//! with its header mapped onto the columns a table kind expects.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc;

use calamine::{Data, Reader};
use rayon::prelude::*;
use serde_json::value::RawValue;

use super::diag::Diagnostics;
use super::intern::Scratch;
use super::locate::{line_column, offset_of, serde_error_position};
use super::progress::LoadProgress;
use super::suggest::best_match;

/// A column a table kind expects: its English header and Chinese aliases.
#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// The shape of one kind of table.
#[derive(Debug)]
pub struct TableSpec {
    /// File stem: `firms`, `candidates`, …
    pub stem: &'static str,
    pub columns: &'static [Column],
}

/// The file formats a table may come in, in order of preference.
pub const EXTENSIONS: [&str; 3] = ["csv", "xlsx", "json"];

/// The cells of one row, wherever they came from.
enum Cells<'a> {
    Csv(&'a csv::ByteRecord),
    Owned(&'a [String]),
    /// Fields of a CSV line without quotes, split at commas.
    Fields(&'a [&'a str]),
}

/// One data row: its line (CSV, JSON) or row number (XLSX), and its cells
/// by expected column.
pub struct Row<'a> {
    pub line: usize,
    map: &'a [Option<usize>],
    cells: Cells<'a>,
}

impl Row<'_> {
    /// The trimmed cell of expected column `col` (index into the spec's
    /// columns); empty when the column or the cell is absent.
    #[must_use]
    pub fn get(&self, col: usize) -> &str {
        let Some(pos) = self.map[col] else { return "" };
        let cell = match &self.cells {
            Cells::Csv(record) => record.get(pos).map_or("", |b| std::str::from_utf8(b).unwrap_or("")),
            Cells::Owned(cells) => cells.get(pos).map_or("", String::as_str),
            Cells::Fields(fields) => fields.get(pos).copied().unwrap_or(""),
        };
        trim(cell)
    }
}

/// `str::trim`, quicker for the usual cell that neither starts nor ends
/// with white space.
fn trim(cell: &str) -> &str {
    let mut chars = cell.chars();
    let starts = chars.next().is_some_and(char::is_whitespace);
    let ends = chars.next_back().is_some_and(char::is_whitespace);
    if starts || ends { cell.trim() } else { cell }
}

/// Normalises a header cell: no BOM, no unit in brackets, lowercase, `_` for spaces.
fn normalize_header(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            ' ' | '-' => out.push('_'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out.trim_matches('_').to_owned()
}

/// Maps header cells to the spec's columns, reporting missing required
/// columns, duplicates and unknown headers. `None` when a required column
/// is missing.
fn map_header(
    spec: &TableSpec,
    headers: &[String],
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<Vec<Option<usize>>> {
    let mut map: Vec<Option<usize>> = vec![None; spec.columns.len()];
    for (pos, header) in headers.iter().enumerate() {
        let key = normalize_header(header);
        if key.is_empty() {
            continue;
        }
        let found =
            spec.columns.iter().position(|c| c.name == key || c.aliases.iter().any(|a| normalize_header(a) == key));
        match found {
            Some(col) if map[col].is_some() => {
                diags
                    .error(
                        file,
                        line,
                        format!(
                            "columns `{}` and `{header}` both mean `{}`",
                            headers[map[col].unwrap_or(0)],
                            spec.columns[col].name
                        ),
                    )
                    .hint("keep one of them");
            }
            Some(col) => map[col] = Some(pos),
            None => {
                let options = spec.columns.iter().flat_map(|c| {
                    std::iter::once((c.name, c.aliases[0])).chain(c.aliases.iter().map(move |a| (*a, c.name)))
                });
                let hint = best_match(header, options).map(|(k, v)| format!("did you mean `{k}` ({v})?"));
                diags.warning(file, line, format!("unknown column `{header}` ignored")).maybe_hint(hint);
            }
        }
    }
    let mut ok = true;
    for (col, spec_col) in spec.columns.iter().enumerate() {
        if spec_col.required && map[col].is_none() {
            diags
                .error(file, line, format!("missing required column `{}` ({})", spec_col.name, spec_col.aliases[0]))
                .hint(format!("add a column headed `{}` or `{}`", spec_col.name, spec_col.aliases[0]));
            ok = false;
        }
    }
    ok.then_some(map)
}

/// Reads the table at `path` (shown as `file`) and calls `on_row` for each
/// non-empty data row. Problems go to `diags`; returns false when the file
/// could not be read as a table at all.
pub fn read_table(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" => read_csv(path, file, spec, diags, on_row),
        "xlsx" => read_xlsx(path, file, spec, diags, on_row),
        "json" => read_json(path, file, spec, diags, on_row),
        _ => {
            diags.error(file, 0, format!("unsupported table format `.{ext}`")).hint("use .csv, .xlsx or .json");
            false
        }
    }
}

/// Turns table rows into records, on any thread.
pub trait RowParser: Sync {
    type Out: Send;
    /// The record of one row, or `None` when the row gives nothing to keep
    /// (its problems are in `diags`). Names the row introduces (tags, and
    /// counties the region does not list) are numbered in `scratch`.
    fn parse(&self, row: &Row<'_>, scratch: &mut Scratch, diags: &mut Diagnostics) -> Option<Self::Out>;
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

/// Reads the table at `path` (shown as `file`): each row is parsed by
/// `parser` and the parsed rows are folded, in file order, into a state made
/// by `init` (given the file's size). Returns the state, the problems found, and whether the file
/// could be read as a table at all.
///
/// A UTF-8 CSV file without quotes and without lone carriage returns (what
/// programs write, and the usual roster) is read in blocks and parsed on
/// every core while the previous block is folded in. Any other file (XLSX,
/// JSON, GBK, quoted fields) is read row by row. Both ways give the same
/// state and the same problems.
pub fn read_table_chunked<P: RowParser, S: Send>(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    parser: &P,
    init: &dyn Fn(u64) -> S,
    apply: &Apply<'_, S, P::Out>,
    reading: Reading,
    progress: &dyn LoadProgress,
) -> (S, Diagnostics, bool) {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let mut reported = 0;
    if ext == "csv" && reading == Reading::Parallel {
        match read_csv_fast(path, file, spec, parser, init, apply, SIZES, progress) {
            Ok(done) => return done,
            Err(bytes) => reported = bytes,
        }
    }
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let mut state = init(size);
    let mut diags = Diagnostics::default();
    let mut chunk = Chunk::default();
    let readable = read_table(path, file, spec, &mut diags, &mut |row, diags| {
        if let Some(out) = parser.parse(row, &mut chunk.scratch, diags) {
            chunk.rows.push(out);
        }
        if chunk.rows.len() >= SEQUENTIAL_CHUNK {
            apply(&mut state, std::mem::take(&mut chunk), diags);
        }
    });
    apply(&mut state, chunk, &mut diags);
    progress.advance(size.saturating_sub(reported));
    (state, diags, readable)
}

/// How the fast CSV path cuts a file.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    /// Bytes read at a time (whole lines, so more for a longer line).
    block: usize,
    /// Bytes parsed by one task.
    run: usize,
}

/// Blocks small enough to keep memory flat, runs small enough to spread
/// a block over the cores and for their rows to stay in the cache.
const SIZES: Sizes = Sizes { block: 2 << 20, run: 32 << 10 };

/// Reads blocks of whole lines from `source` and sends them, reusing the
/// buffers that come back.
fn read_blocks(
    mut source: impl Read,
    Sizes { block: size, run }: Sizes,
    to: &mpsc::SyncSender<std::io::Result<Vec<u8>>>,
    back: &mpsc::Receiver<Vec<u8>>,
) {
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let mut block = back.try_recv().unwrap_or_else(|_| Vec::with_capacity(size + run));
        block.clear();
        block.append(&mut carry);
        let mut eof = false;
        // Fill the block, and go on until it holds a line end (long lines).
        while !eof && (block.len() < size || memchr::memrchr(b'\n', &block).is_none()) {
            let want = size.saturating_sub(block.len()).max(run);
            match (&mut source).take(want as u64).read_to_end(&mut block) {
                Ok(n) => eof = n < want,
                Err(err) => {
                    let _ = to.send(Err(err));
                    return;
                }
            }
        }
        if !eof {
            let end = memchr::memrchr(b'\n', &block).map_or(block.len(), |i| i + 1);
            carry.extend_from_slice(&block[end..]);
            block.truncate(end);
        }
        if !block.is_empty() && to.send(Ok(block)).is_err() {
            return;
        }
        if eof {
            return;
        }
    }
}

/// A CSV line as text without its line end, or `None` when it is not
/// UTF-8 or holds a quote or a lone carriage return.
fn plain_line(bytes: &[u8]) -> Option<&str> {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if memchr::memchr2(b'"', b'\r', bytes).is_some() {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// Whether a CSV line holds only commas and blanks (a row of empty cells).
fn blank_line(line: &str) -> bool {
    line.bytes().all(|b| b == b',' || b.is_ascii_whitespace())
}

/// Splits whole lines into runs of about `run` bytes.
fn runs(mut bytes: &[u8], run: usize) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(bytes.len() / run + 1);
    while bytes.len() > run {
        let cut = memchr::memchr(b'\n', &bytes[run..]).map_or(bytes.len(), |i| run + i + 1);
        let (run, rest) = bytes.split_at(cut);
        out.push(run);
        bytes = rest;
    }
    if !bytes.is_empty() {
        out.push(bytes);
    }
    out
}

/// Parses one run of whole lines starting at line `line`; `None` when the
/// run needs the general reader (not UTF-8, quotes, lone carriage returns).
fn parse_run<P: RowParser>(
    bytes: &[u8],
    mut line: usize,
    map: &[Option<usize>],
    width: usize,
    parser: &P,
    file: &str,
) -> Option<(Chunk<P::Out>, Diagnostics)> {
    for hit in memchr::memchr2_iter(b'"', b'\r', bytes) {
        if bytes[hit] == b'"' || bytes.get(hit + 1) != Some(&b'\n') {
            return None;
        }
    }
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    let mut chunk = Chunk { rows: Vec::with_capacity(bytes.len() / 100), scratch: Scratch::default() };
    let mut diags = Diagnostics::default();
    let mut fields: Vec<&str> = Vec::with_capacity(width + 1);
    let mut row = |line: usize, fields: &[&str], diags: &mut Diagnostics| {
        if fields.iter().all(|f| f.bytes().all(|b| b.is_ascii_whitespace())) {
            return;
        }
        if fields.len() > width {
            diags
                .error(file, line, format!("row has {} fields but the header has {width}", fields.len()))
                .hint("a field with a comma in it must be in double quotes");
            return;
        }
        let row = Row { line, map, cells: Cells::Fields(fields) };
        if let Some(out) = parser.parse(&row, &mut chunk.scratch, diags) {
            chunk.rows.push(out);
        }
    };
    // One pass over the commas and line ends of the run.
    let mut start = 0;
    for hit in memchr::memchr2_iter(b',', b'\n', bytes) {
        if bytes[hit] == b',' {
            fields.push(&text[start..hit]);
        } else {
            let end = if bytes[..hit].ends_with(b"\r") { hit - 1 } else { hit };
            fields.push(&text[start..end]);
            row(line, &fields, &mut diags);
            fields.clear();
            line += 1;
        }
        start = hit + 1;
    }
    if start < bytes.len() || !fields.is_empty() {
        fields.push(&text[start..]);
        row(line, &fields, &mut diags);
    }
    Some((chunk, diags))
}

/// The fast path of [`read_table_chunked`]. `Err` with the bytes reported
/// to `progress` so far when the file needs the general reader; nothing
/// has been folded into a returned state then.
fn read_csv_fast<P: RowParser, S: Send>(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    parser: &P,
    init: &dyn Fn(u64) -> S,
    apply: &Apply<'_, S, P::Out>,
    sizes: Sizes,
    progress: &dyn LoadProgress,
) -> Result<(S, Diagnostics, bool), u64> {
    // A file that cannot be opened: the general reader reports it.
    let source = std::fs::File::open(path).map_err(|_| 0u64)?;
    let size = source.metadata().map_err(|_| 0u64)?.len();
    std::thread::scope(|scope| {
        let (to, blocks) = mpsc::sync_channel(2);
        let (back, returned) = mpsc::channel();
        scope.spawn(move || read_blocks(source, sizes, &to, &returned));
        let mut state = init(size);
        let mut diags = Diagnostics::default();
        let mut header: Option<(Vec<Option<usize>>, usize)> = None;
        let mut line = 1;
        let mut reported = 0;
        let mut pending: Vec<(Chunk<P::Out>, Diagnostics)> = Vec::new();
        let fold = |state: &mut S, diags: &mut Diagnostics, pending: &mut Vec<(Chunk<P::Out>, Diagnostics)>| {
            for (chunk, found) in pending.drain(..) {
                diags.extend(found);
                apply(state, chunk, diags);
            }
        };
        for block in blocks {
            // A read error: the general reader reports it.
            let block: Vec<u8> = block.map_err(|_| reported)?;
            let mut bytes = block.as_slice();
            if reported == 0 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            while header.is_none() && !bytes.is_empty() {
                let end = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1);
                let text = plain_line(&bytes[..end]).ok_or(reported)?;
                bytes = &bytes[end..];
                line += 1;
                if blank_line(text) {
                    continue;
                }
                let headers: Vec<String> = text.split(',').map(str::to_owned).collect();
                // A bad header: the general reader reports it, having checked the encoding.
                let map = map_header(spec, &headers, file, line - 1, &mut diags).ok_or(reported)?;
                header = Some((map, headers.len()));
            }
            if let Some((map, width)) = &header {
                let runs = runs(bytes, sizes.run);
                let mut starts = Vec::with_capacity(runs.len());
                for run in &runs {
                    starts.push(line);
                    line += memchr::memchr_iter(b'\n', run).count();
                }
                // Fold the previous block in while this one is parsed.
                let ((), parsed) = rayon::join(
                    || fold(&mut state, &mut diags, &mut pending),
                    || {
                        runs.par_iter()
                            .zip(starts)
                            .map(|(run, start)| parse_run(run, start, map, *width, parser, file))
                            .collect::<Option<Vec<_>>>()
                    },
                );
                pending = parsed.ok_or(reported)?;
            }
            progress.advance(block.len() as u64);
            reported += block.len() as u64;
            let _ = back.send(block);
        }
        fold(&mut state, &mut diags, &mut pending);
        if header.is_none() {
            diags.error(file, 0, "the file is empty").hint("it needs a header row, then one row per record");
            return Ok((state, diags, false));
        }
        Ok((state, diags, true))
    })
}

/// Decodes CSV bytes: UTF-8 (a BOM is dropped) when they are valid UTF-8,
/// else GB18030, the superset of GBK that Excel on Chinese Windows writes.
///
/// # Errors
/// When the bytes are neither.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, &'static str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors { Err("the file is neither UTF-8 nor GB18030/GBK text") } else { Ok(text) }
}

fn read_csv(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.error(file, 0, format!("cannot read: {err}"));
            return false;
        }
    };
    let text = match decode_text(&bytes) {
        Ok(text) => text,
        Err(message) => {
            diags.error(file, 0, message).hint("save it from Excel as “CSV UTF-8” or as CSV on a Chinese system");
            return false;
        }
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    let mut map = None;
    let mut width = 0;
    let mut lines = LineCounter::new(text.as_bytes());
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                diags.error(file, line, format!("unreadable CSV: {err}"));
                return false;
            }
        }
        let line = record.position().map_or(0, |p| lines.line_of_record_at(usize::try_from(p.byte()).unwrap_or(0)));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let Some(map) = &map else {
            let headers: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            width = headers.len();
            match map_header(spec, &headers, file, line, diags) {
                Some(m) => map = Some(m),
                None => return false,
            }
            continue;
        };
        if record.len() > width {
            diags
                .error(file, line, format!("row has {} fields but the header has {width}", record.len()))
                .hint("a field with a comma in it must be in double quotes");
            continue;
        }
        on_row(&Row { line, map, cells: Cells::Csv(&record) }, diags);
    }
    if map.is_none() {
        diags.error(file, 0, "the file is empty").hint("it needs a header row, then one row per record");
        return false;
    }
    true
}

/// The line a CSV record starts on, counting line feeds. The `csv` crate's
/// own record positions point back at the end of the previous record (the
/// line feed of a CRLF, blank lines) and so name the line before for files
/// saved by Excel; the fast path counts the same way as this.
struct LineCounter<'t> {
    text: &'t [u8],
    counted_to: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t [u8]) -> Self {
        Self { text, counted_to: 0, line: 1 }
    }

    /// The line of the record the reader says starts at byte `at`
    /// (records come in order).
    fn line_of_record_at(&mut self, at: usize) -> usize {
        let at = at.min(self.text.len());
        let start = at + self.text[at..].iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        if start >= self.counted_to {
            self.line += memchr::memchr_iter(b'\n', &self.text[self.counted_to..start]).count();
            self.counted_to = start;
        }
        self.line
    }
}

/// An Excel serial date as `YYYY-MM-DD` (days since 1899-12-30).
fn excel_date(serial: f64) -> String {
    #[allow(clippy::cast_possible_truncation, reason = "dates are small")]
    let days = serial.floor() as i64 - 25569; // days since 1970-01-01
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A number as a person would type it: no `.0` on whole numbers.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation, reason = "checked to be whole and small")]
        let whole = value as i64;
        whole.to_string()
    } else {
        value.to_string()
    }
}

fn read_xlsx(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let mut workbook = match calamine::open_workbook_auto(path) {
        Ok(workbook) => workbook,
        Err(err) => {
            diags.error(file, 0, format!("cannot open workbook: {err}"));
            return false;
        }
    };
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(err)) => {
            diags.error(file, 0, format!("cannot read the first sheet: {err}"));
            return false;
        }
        None => {
            diags.error(file, 0, "the workbook has no sheet");
            return false;
        }
    };
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut map = None;
    let mut cells: Vec<String> = Vec::new();
    for (i, raw) in range.rows().enumerate() {
        let line = first_row + i + 1;
        cells.clear();
        for cell in raw {
            let text = match cell {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Float(f) => number_text(*f),
                Data::Int(n) => n.to_string(),
                Data::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
                Data::DateTime(d) => excel_date(d.as_f64()),
                Data::Error(e) => {
                    diags.error(file, line, format!("cell holds the spreadsheet error {e}"));
                    String::new()
                }
            };
            cells.push(text);
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(map) = &map else {
            match map_header(spec, &cells, file, line, diags) {
                Some(m) => map = Some(m),
                None => return false,
            }
            continue;
        };
        on_row(&Row { line, map, cells: Cells::Owned(&cells) }, diags);
    }
    if map.is_none() {
        diags.error(file, 0, "the first sheet is empty").hint("it needs a header row, then one row per record");
        return false;
    }
    true
}

fn read_json(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            diags.error(file, 0, format!("cannot read: {err}"));
            return false;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let rows: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(rows) => rows,
        Err(err) => {
            let (line, column, message) = serde_error_position(text, 0, &err);
            diags
                .error(file, line, format!("malformed JSON: {message}"))
                .column(column)
                .hint("a JSON table is an array of objects, one per row");
            return false;
        }
    };
    // The header is the union of the rows' keys, in order of appearance.
    let mut objects = Vec::with_capacity(rows.len());
    let mut headers: Vec<String> = Vec::new();
    for raw in &rows {
        let (line, column) = line_column(text, offset_of(text, raw));
        match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw.get()) {
            Ok(object) => {
                for key in object.keys() {
                    if !headers.contains(key) {
                        headers.push(key.clone());
                    }
                }
                objects.push((line, column, object));
            }
            Err(_) => {
                diags.error(file, line, "a row must be a JSON object").column(column);
            }
        }
    }
    if objects.is_empty() {
        return true; // an empty table: no rows, nothing to check
    }
    let header_line = objects.first().map_or(1, |(line, _, _)| *line);
    let Some(map) = map_header(spec, &headers, file, header_line, diags) else {
        return false;
    };
    let mut cells = Vec::with_capacity(headers.len());
    for (line, column, object) in &objects {
        cells.clear();
        for key in &headers {
            let text = match object.get(key) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Bool(b)) => if *b { "yes" } else { "no" }.to_owned(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(";"),
                Some(serde_json::Value::Object(_)) => {
                    diags.error(file, *line, format!("field `{key}` must not be an object")).column(*column);
                    String::new()
                }
            };
            cells.push(text);
        }
        on_row(&Row { line: *line, map: &map, cells: Cells::Owned(&cells) }, diags);
    }
    true
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::*;
    use crate::load::intern::Interner;
    use crate::load::progress::NoProgress;
    use crate::model::Region;

    static ECHO_SPEC: TableSpec = TableSpec {
        stem: "echo",
        columns: &[
            Column { name: "a", aliases: &["甲"], required: true },
            Column { name: "b", aliases: &["乙"], required: false },
            Column { name: "tags", aliases: &["标签"], required: false },
        ],
    };

    /// Keeps every row's line and cells; `bad` in column b is an error.
    struct Echo;

    impl RowParser for Echo {
        type Out = Echoed;
        fn parse(&self, row: &Row<'_>, scratch: &mut Scratch, diags: &mut Diagnostics) -> Option<Self::Out> {
            let tags = scratch.tags(row.get(2));
            if row.get(1) == "bad" {
                diags.error("echo.csv", row.line, "bad row");
                return None;
            }
            Some((row.line, (0..3).map(|c| row.get(c).to_owned()).collect(), tags))
        }
    }

    /// A row as kept: its line, its cells and its tags by name.
    type Kept = (usize, Vec<String>, Vec<String>);
    type Echoed = (usize, Vec<String>, Vec<crate::model::TagIdx>);
    type Seen = (Vec<Kept>, Vec<crate::load::Diagnostic>, bool);

    /// Reads `bytes` as a CSV table both ways: row by row, and in blocks of
    /// the given sizes.
    fn both_ways(bytes: &[u8], sizes: Sizes) -> (Seen, Seen) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("echo.csv");
        std::fs::write(&path, bytes).unwrap();
        let init = |_| (Vec::new(), Interner::new(&Region::default()));
        let apply = |state: &mut (Vec<Kept>, Interner), chunk: Chunk<Echoed>, _: &mut Diagnostics| {
            let remap = state.1.remap(&chunk.scratch);
            for (line, cells, mut tags) in chunk.rows {
                remap.tags(&mut tags);
                let names = tags.iter().map(|&t| state.1.tags[usize::from(t)].clone()).collect();
                state.0.push((line, cells, names));
            }
        };
        let seen = |(state, diags, readable): ((Vec<_>, Interner), Diagnostics, bool)| {
            (state.0, diags.into_sorted(), readable)
        };
        let general =
            read_table_chunked(&path, "echo.csv", &ECHO_SPEC, &Echo, &init, &apply, Reading::RowByRow, &NoProgress);
        let fast = match read_csv_fast(&path, "echo.csv", &ECHO_SPEC, &Echo, &init, &apply, sizes, &NoProgress) {
            Ok(done) => done,
            Err(_) => {
                read_table_chunked(&path, "echo.csv", &ECHO_SPEC, &Echo, &init, &apply, Reading::RowByRow, &NoProgress)
            }
        };
        (seen(general), seen(fast))
    }

    fn cell() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "",
            " ",
            "x",
            " y ",
            "中文",
            "bad",
            "t1;t2",
            "t2",
            "\t",
            "z\u{3000}",
            "\"q\"",
            "a\rb",
            "é",
        ])
    }

    fn line() -> impl Strategy<Value = (Vec<&'static str>, &'static str)> {
        (prop::collection::vec(cell(), 0..6), prop::sample::select(vec!["\n", "\r\n"]))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn blocks_read_like_rows(
            bom in any::<bool>(),
            header in prop::sample::select(vec!["a,b,tags", "甲,乙,标签", "b,a", "a,,tags,extra", "tags,b"]),
            lines in prop::collection::vec(line(), 0..40),
            tail in prop::sample::select(vec!["", "\n", "x,y", "\u{ff}"]),
            block in 1usize..80,
            run in 1usize..24,
        ) {
            let mut text: Vec<u8> = Vec::new();
            if bom {
                text.extend_from_slice("\u{feff}".as_bytes());
            }
            text.extend_from_slice(header.as_bytes());
            text.push(b'\n');
            for (cells, end) in &lines {
                text.extend_from_slice(cells.join(",").as_bytes());
                text.extend_from_slice(end.as_bytes());
            }
            if tail == "\u{ff}" {
                text.push(0xff);
            } else {
                text.extend_from_slice(tail.as_bytes());
            }
            let (general, fast) = both_ways(&text, Sizes { block, run });
            prop_assert_eq!(general, fast);
        }
    }

    #[test]
    fn long_lines_and_tiny_blocks() {
        let mut text = String::from("a,b,tags\n");
        for i in 0..50 {
            let _ = writeln!(text, "{},{},t{}", "x".repeat(i * 7), i, i % 3);
        }
        let (general, fast) = both_ways(text.as_bytes(), Sizes { block: 5, run: 3 });
        assert_eq!(general.0.len(), 50);
        assert_eq!(general, fast);
    }

    #[test]
    fn headers_normalise() {
        assert_eq!(normalize_header("\u{feff}产值（万元）"), "产值");
        assert_eq!(normalize_header(" Firm ID "), "firm_id");
        assert_eq!(normalize_header("output (万元)"), "output");
    }

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        assert_eq!(decode_text("\u{feff}环节".as_bytes()).unwrap(), "环节");
        let (gbk, _, _) = encoding_rs::GBK.encode("环节,企业名称");
        assert_eq!(decode_text(&gbk).unwrap(), "环节,企业名称");
        assert!(decode_text(&[0xff, 0xff, 0xff]).is_err());
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(45658.0), "2025-01-01");
        assert_eq!(excel_date(25569.0), "1970-01-01");
    }
}
