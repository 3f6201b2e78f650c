//! The fast path for the usual large CSV file: UTF-8, or the GBK/GB18030
//! that Excel saves on a Chinese Windows (decoded run by run, on every
//! core), without lone carriage returns. The file is read in blocks of
//! whole lines, and each block is cut into runs parsed on every core while
//! the previous block is folded in. A run without quotes is split at its
//! commas; a run whose quotes only wrap whole fields on one line (an
//! export that quotes every field) is split here too; a run with other
//! quoted fields (a line break in a cell, `""` for a quote) is read by the
//! `csv` crate as the general reader reads it, when no quoted field
//! crosses the run's end. A file that turns out to need more (a quoted
//! field across runs, text in neither encoding) is handed back to the
//! general reader (`csv.rs`), which gives the same rows and the same
//! problems.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc;

use rayon::prelude::*;

use super::header::{HeaderSearch, Search, map_header};
use super::separators::Separators;
use super::{Cells, Chunk, Fold, Row, RowParser, TableSpec, full_width_error, full_width_fields};
use crate::load::diag::Diagnostics;
use crate::load::intern::Scratch;
use crate::load::progress::LoadProgress;

/// How the fast path cuts a file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sizes {
    /// Bytes read at a time (whole lines, so more for a longer line).
    block: usize,
    /// Bytes parsed by one task.
    run: usize,
}

/// Blocks small enough to keep memory flat, runs small enough to spread
/// a block over the cores and for their rows to stay in the cache.
pub(super) const SIZES: Sizes = Sizes { block: 2 << 20, run: 32 << 10 };

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

/// The encoding of a file's text, as the general reader decides it
/// (`csv::decode_text`): UTF-8 when the bytes are UTF-8, else GB18030.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    /// GB18030, the superset of the GBK that Excel saves on a Chinese
    /// Windows. A line feed is never part of a character in it, so a run
    /// of whole lines decodes on its own, as in UTF-8.
    Gb18030,
}

impl Encoding {
    /// The encoding of a file whose first block (without its BOM) is
    /// `first`: a file that is UTF-8 has UTF-8 blocks, and one whose first
    /// block is not UTF-8 is GB18030 or unreadable.
    fn of_first_block(first: &[u8]) -> Self {
        if simdutf8::basic::from_utf8(first).is_ok() { Self::Utf8 } else { Self::Gb18030 }
    }

    /// `bytes` as text; `None` when they are not text in this encoding
    /// (the general reader then reports the file).
    fn decode(self, bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            Self::Utf8 => simdutf8::basic::from_utf8(bytes).ok().map(std::borrow::Cow::Borrowed),
            Self::Gb18030 => encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes),
        }
    }
}

/// The cells of a header line (with or without its line end), as the
/// general reader reads them; `None` when the line is not text in
/// `encoding`, holds a lone carriage return, or has a quoted field that
/// goes on past it.
fn header_cells(bytes: &[u8], encoding: Encoding) -> Option<Vec<String>> {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if memchr::memchr(b'\r', bytes).is_some() {
        return None;
    }
    let text = encoding.decode(bytes)?;
    let bytes = text.as_bytes();
    if memchr::memchr(b'"', bytes).is_none() {
        return Some(text.split(',').map(str::to_owned).collect());
    }
    if !quotes_close(bytes) {
        return None;
    }
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = ::csv::StringRecord::new();
    reader.read_record(&mut record).ok()?;
    Some(record.iter().map(str::to_owned).collect())
}

/// Whether a line's cells are all blank (a row of empty cells).
fn blank_line(cells: &[String]) -> bool {
    cells.iter().all(|cell| cell.bytes().all(|b| b.is_ascii_whitespace()))
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

/// Whether a run of whole lines ends outside a quoted field, reading
/// quotes as the `csv` crate does: a quote at the start of a field opens a
/// quoted field; inside one, two quotes are a quote and one closes it;
/// anywhere else a quote is a character like any other.
fn quotes_close(bytes: &[u8]) -> bool {
    let (mut quoted, mut field_start, mut escaped) = (false, 0, false);
    for hit in memchr::memchr3_iter(b'"', b',', b'\n', bytes) {
        match bytes[hit] {
            b'"' if escaped => escaped = false,
            b'"' if quoted => {
                if bytes.get(hit + 1) == Some(&b'"') {
                    escaped = true;
                } else {
                    quoted = false;
                }
            }
            b'"' => quoted = hit == field_start,
            _ if !quoted => field_start = hit + 1,
            _ => {}
        }
    }
    !quoted
}

/// Where a field's text is in a run, and whether it is the last of its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    ends_line: bool,
}

/// The fields of a run of whole lines (without lone carriage returns) in
/// which every quote opens a field and closes it just before a comma or
/// the line's end: `"a","b,c",d` is `a`, `b,c` and `d`, as the `csv` crate
/// reads it. `None` for any other quote (two quotes for one, a quoted
/// field over several lines, a quote inside a field), which the crate reads.
fn simply_quoted(bytes: &[u8]) -> Option<Vec<Span>> {
    let mut spans = Vec::with_capacity(bytes.len() / 8);
    let mut at = 0;
    while at < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let end = if bytes[..line_end].ends_with(b"\r") && line_end > at { line_end - 1 } else { line_end };
        loop {
            let (start, field_end, next) = if bytes.get(at) == Some(&b'"') && at < end {
                let close = at + 1 + memchr::memchr(b'"', &bytes[at + 1..end])?;
                if close + 1 < end && bytes[close + 1] != b',' {
                    return None;
                }
                (at + 1, close, close + 1)
            } else {
                let next = memchr::memchr(b',', &bytes[at..end]).map_or(end, |i| at + i);
                if memchr::memchr(b'"', &bytes[at..next]).is_some() {
                    return None;
                }
                (at, next, next)
            };
            let ends_line = next >= end;
            spans.push(Span { start, end: field_end, ends_line });
            at = next + 1;
            if ends_line {
                break;
            }
        }
        at = line_end + 1;
    }
    Some(spans)
}

/// Parses one run of whole lines starting at line `line`; `None` when the
/// run needs the general reader (not text in `encoding`, a lone carriage
/// return, a quoted field that goes on past the run).
#[allow(clippy::too_many_arguments)]
fn parse_run<P: RowParser>(
    raw: &[u8],
    encoding: Encoding,
    mut line: usize,
    spec: &TableSpec,
    map: &[Option<usize>],
    width: usize,
    parser: &P,
    file: &str,
) -> Option<(Chunk<P::Out>, Diagnostics)> {
    // GB18030 is decoded here, on every core, run by run.
    let text = encoding.decode(raw)?;
    let text: &str = &text;
    let bytes = text.as_bytes();
    let mut quotes = false;
    for hit in memchr::memchr2_iter(b'"', b'\r', bytes) {
        if bytes[hit] == b'"' {
            quotes = true;
        } else if bytes.get(hit + 1) != Some(&b'\n') {
            return None;
        }
    }
    // Quotes that only wrap whole fields on one line, as programs that
    // quote every field write them, are split here; any other quotes are
    // read as the general reader reads them.
    let simple = if quotes { simply_quoted(bytes) } else { None };
    if quotes && simple.is_none() && !quotes_close(bytes) {
        return None;
    }
    let mut chunk = Chunk { rows: Vec::with_capacity(bytes.len() / 100), scratch: Scratch::default() };
    parser.start_run(&mut chunk, bytes.len());
    let mut diags = Diagnostics::default();
    let mut fields: Vec<&str> = Vec::with_capacity(width + 1);
    // The fields of the row the parser was given last, for a row that
    // repeats it but for its place (`Row::repeats_previous`).
    let mut previous: Vec<&str> = Vec::with_capacity(width + 1);
    // Whether the row went to the parser.
    let mut row = |line: usize, fields: &[&str], previous: &[&str], diags: &mut Diagnostics| {
        if fields.iter().all(|f| f.bytes().all(|b| b.is_ascii_whitespace())) {
            return false;
        }
        if let Some(count) = full_width_fields(fields.iter().copied(), width) {
            full_width_error(file, line, count, diags);
            return false;
        }
        if fields.len() > width {
            diags
                .error(file, line, format!("row has {} fields but the header has {width}", fields.len()))
                .hint("a field with a comma in it must be in double quotes");
            return false;
        }
        let row = Row { line, spec, map, cells: Cells::Fields(fields), previous };
        row.check_lengths(file, diags);
        if let Some(out) = parser.parse(&row, &mut chunk.scratch, diags) {
            chunk.rows.push(out);
        }
        true
    };
    if let Some(spans) = simple {
        for Span { start, end, ends_line } in spans {
            fields.push(&text[start..end]);
            if ends_line {
                if row(line, &fields, &previous, &mut diags) {
                    std::mem::swap(&mut fields, &mut previous);
                }
                fields.clear();
                line += 1;
            }
        }
        parser.end_run(&mut chunk, &mut diags);
        return Some((chunk, diags));
    }
    if quotes {
        // As the general reader reads a file (`csv.rs`), on this run alone.
        let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        let mut record = ::csv::ByteRecord::new();
        let mut lines = super::csv::LineCounter::starting_at(bytes, line);
        // A record the crate cannot read: the general reader reports it.
        while reader.read_byte_record(&mut record).ok()? {
            let at = record.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
            // Fields of UTF-8 text cut at ASCII commas and quotes are UTF-8.
            let cells: Vec<&str> = record.iter().map(|f| std::str::from_utf8(f).unwrap_or("")).collect();
            row(lines.line_of_record_at(at), &cells, &[], &mut diags);
        }
        parser.end_run(&mut chunk, &mut diags);
        return Some((chunk, diags));
    }
    // One pass over the commas and line ends of the run.
    let mut start = 0;
    for hit in Separators::new(bytes) {
        if bytes[hit] == b',' {
            fields.push(&text[start..hit]);
        } else {
            let end = if bytes[..hit].ends_with(b"\r") { hit - 1 } else { hit };
            fields.push(&text[start..end]);
            if row(line, &fields, &previous, &mut diags) {
                std::mem::swap(&mut fields, &mut previous);
            }
            fields.clear();
            line += 1;
        }
        start = hit + 1;
    }
    if start < bytes.len() || !fields.is_empty() {
        fields.push(&text[start..]);
        row(line, &fields, &previous, &mut diags);
    }
    parser.end_run(&mut chunk, &mut diags);
    Some((chunk, diags))
}

/// The fast path of [`read_table_chunked`](super::read_table_chunked). `Err` with the bytes reported
/// to `progress` so far when the file needs the general reader; nothing
/// has been folded into a returned state then.
pub(super) fn read<P: RowParser, S: Send>(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    fold: &Fold<'_, P, S>,
    sizes: Sizes,
    progress: &dyn LoadProgress,
) -> Result<(S, Diagnostics, bool), u64> {
    let (parser, init, apply) = (fold.parser, fold.init, fold.apply);
    // A file that cannot be opened: the general reader reports it.
    let source = std::fs::File::open(path).map_err(|_| 0u64)?;
    let size = source.metadata().map_err(|_| 0u64)?.len();
    std::thread::scope(|scope| {
        let (to, blocks) = mpsc::sync_channel(2);
        let (back, returned) = mpsc::channel();
        scope.spawn(move || read_blocks(source, sizes, &to, &returned));
        // The state is made by the first fold, beside the first block's
        // parse: making it writes out the roster's index (16 MiB for the
        // province), which on this thread before the first block kept
        // the other core waiting.
        let mut state: Option<S> = None;
        let mut diags = Diagnostics::default();
        let mut header: Option<(Vec<Option<usize>>, usize)> = None;
        let mut search = HeaderSearch::default();
        let mut line = 1;
        let mut reported = 0;
        let mut encoding = None;
        let mut pending: Vec<(Chunk<P::Out>, Diagnostics)> = Vec::new();
        let fold = |state: &mut Option<S>, diags: &mut Diagnostics, pending: &mut Vec<(Chunk<P::Out>, Diagnostics)>| {
            let state = state.get_or_insert_with(|| init(size));
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
            let encoding = *encoding.get_or_insert_with(|| {
                let encoding = Encoding::of_first_block(bytes);
                // U+FEFF in GB18030, which the general reader decodes to
                // a BOM that the `csv` crate then drops.
                if encoding == Encoding::Gb18030 {
                    bytes = bytes.strip_prefix(b"\x84\x31\x95\x33").unwrap_or(bytes);
                }
                encoding
            });
            // The header is looked for as the general reader looks for it:
            // a title or a date may stand above it, as offices save sheets.
            while header.is_none() && !bytes.is_empty() {
                let end = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1);
                let headers = header_cells(&bytes[..end], encoding).ok_or(reported)?;
                bytes = &bytes[end..];
                line += 1;
                if blank_line(&headers) {
                    continue;
                }
                let at = line - 1;
                match search.offer(spec, &headers, at) {
                    Search::Skip => continue,
                    // No header: the general reader reports the first row's missing columns.
                    Search::GiveUp => return Err(reported),
                    Search::Found => {}
                }
                // A bad header: the general reader reports it, having checked the encoding.
                let map = map_header(spec, &headers, file, at, &mut diags).ok_or(reported)?;
                search.note_found(file, at, &mut diags);
                header = Some((map, headers.len()));
            }
            if let Some((map, width)) = &header {
                let runs = runs(bytes, sizes.run);
                // Fold the previous block in while this one's lines are
                // counted and its runs parsed: counted before, the other
                // core waited for the count.
                let ((), (parsed, next_line)) = rayon::join(
                    || fold(&mut state, &mut diags, &mut pending),
                    || {
                        let mut starts = Vec::with_capacity(runs.len());
                        let mut at = line;
                        for run in &runs {
                            starts.push(at);
                            at += memchr::memchr_iter(b'\n', run).count();
                        }
                        let parsed = runs
                            .par_iter()
                            .zip(starts)
                            .map(|(run, start)| parse_run(run, encoding, start, spec, map, *width, parser, file))
                            .collect::<Option<Vec<_>>>();
                        (parsed, at)
                    },
                );
                line = next_line;
                pending = parsed.ok_or(reported)?;
            }
            progress.advance(block.len() as u64);
            reported += block.len() as u64;
            let _ = back.send(block);
        }
        fold(&mut state, &mut diags, &mut pending);
        let state = state.unwrap_or_else(|| init(size));
        if header.is_none() {
            // Rows, but none of them a header: the general reader reports
            // the first one's missing columns.
            if search.first.is_some() {
                return Err(reported);
            }
            diags.error(file, 0, "the file is empty").hint("it needs a header row, then one row per record");
            return Ok((state, diags, false));
        }
        Ok((state, diags, true))
    })
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::*;
    use crate::load::intern::Interner;
    use crate::load::progress::NoProgress;
    use crate::load::table::{Column, Fold, Reading, TableFormat, read_table_chunked};
    use crate::model::Region;

    static ECHO_SPEC: TableSpec = TableSpec {
        stem: "echo",
        columns: &[
            Column { name: "a", aliases: &["甲"], required: true, text: false },
            Column { name: "b", aliases: &["乙"], required: false, text: false },
            Column { name: "tags", aliases: &["标签"], required: false, text: true },
        ],
    };

    /// Keeps every row's line and cells; `bad` in column b is an error.
    struct Echo;

    impl RowParser for Echo {
        type Out = Echoed;
        fn parse(&self, row: &Row<'_>, scratch: &mut Scratch, diags: &mut Diagnostics) -> Option<Self::Out> {
            let tags = scratch.tags(row.get(2usize), row.line);
            if row.get(1usize) == "bad" {
                diags.error("echo.csv", row.line, "bad row");
                return None;
            }
            Some((row.line, (0..3usize).map(|c| row.get(c).to_owned()).collect(), tags))
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
        let apply = |state: &mut (Vec<Kept>, Interner), chunk: Chunk<Echoed>, diags: &mut Diagnostics| {
            let remap = state.1.remap(&chunk.scratch, "echo.csv", diags);
            for (line, cells, mut tags) in chunk.rows {
                remap.tags(&mut tags);
                let names = tags.iter().map(|&t| state.1.tags[usize::from(t)].clone()).collect();
                state.0.push((line, cells, names));
            }
        };
        let seen = |(state, diags, readable): ((Vec<_>, Interner), Diagnostics, bool)| {
            (state.0, diags.into_sorted(), readable)
        };
        let fold = Fold { parser: &Echo, init: &init, apply: &apply };
        let row_by_row = || {
            read_table_chunked(&path, "echo.csv", TableFormat::Csv, &ECHO_SPEC, &fold, Reading::RowByRow, &NoProgress)
        };
        let general = row_by_row();
        let fast = read(&path, "echo.csv", &ECHO_SPEC, &fold, sizes, &NoProgress).unwrap_or_else(|_| row_by_row());
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
            // Quoted fields as Excel writes them, and quotes that open none.
            "\"a,b\"",
            "\"x\"\"y\"",
            "\"\"",
            "\" 中 \"",
            "\"bad\"",
            "\"multi\nline\"",
            "\"cr\r\nlf\"",
            "a\"b",
            "\"open",
            "\"q\"tail",
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
            gbk in any::<bool>(),
            header in prop::sample::select(vec![
                "a,b,tags", "甲,乙,标签", "b,a", "a,,tags,extra", "tags,b", "\"a\",\"b\",\"tags\"", "\"a,b\",tags", "\"a\nb\",a",
                // Rows above the header, as offices save sheets.
                "企业名单（2026年11月）,,\n,,\na,b,tags", "\"名单, 11月\"\n\n甲,乙", "x\nb\ny\nz\nw\nv\nu\nt\ns\nr\nq\na,b",
            ]),
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
            if tail != "\u{ff}" {
                text.extend_from_slice(tail.as_bytes());
            }
            if gbk {
                // As Excel saves it on a Chinese Windows (every cell above
                // has a GB18030 form).
                let (encoded, _, unmappable) = encoding_rs::GB18030.encode(std::str::from_utf8(&text).unwrap());
                prop_assert!(!unmappable);
                text = encoded.into_owned();
            }
            if tail == "\u{ff}" {
                text.push(0xff);
            }
            let (general, fast) = both_ways(&text, Sizes { block, run });
            prop_assert_eq!(general, fast);
        }
    }

    /// Blocks and runs small enough for a table of a few hundred rows to
    /// take many of each.
    const SMALL: Sizes = Sizes { block: 1000, run: 100 };

    /// `bytes` as an echo table, read on the fast path only: the rows
    /// kept, the messages and whether it could be read; `None` when the
    /// file went to the general reader.
    fn fast_only(bytes: &[u8]) -> Option<(usize, Vec<String>, bool)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("echo.csv");
        std::fs::write(&path, bytes).unwrap();
        let init = |_| 0usize;
        let apply = |rows: &mut usize, chunk: Chunk<Echoed>, _: &mut Diagnostics| *rows += chunk.rows.len();
        let fold = Fold { parser: &Echo, init: &init, apply: &apply };
        let (rows, diags, readable) = read(&path, "echo.csv", &ECHO_SPEC, &fold, SMALL, &NoProgress).ok()?;
        Some((rows, diags.into_sorted().into_iter().map(|d| d.message).collect(), readable))
    }

    #[test]
    fn gbk_is_read_on_the_fast_path() {
        let mut text = String::from("甲,乙,标签\n");
        for i in 0..200 {
            let _ = writeln!(text, "企业{i},{},高新技术企业;专精特新", i % 7);
        }
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert_eq!(fast_only(&gbk), Some((200, vec![], true)), "GBK on the fast path");
        let (general, fast) = both_ways(&gbk, SMALL);
        assert_eq!(general.0[199].1[0], "企业199");
        assert_eq!(general, fast);
    }

    #[test]
    fn a_title_above_the_header_stays_on_the_fast_path() {
        let mut text = String::from("企业名单（2026年11月）,,\r\n,,\r\n甲,乙,标签\r\n");
        for i in 0..200 {
            let _ = write!(text, "企业{i},{},专精特新\r\n", i % 7);
        }
        let note = "the header is on line 3; the lines above it were skipped".to_owned();
        assert_eq!(fast_only(text.as_bytes()), Some((200, vec![note], true)), "a title on the fast path");
        let (general, fast) = both_ways(text.as_bytes(), SMALL);
        assert_eq!(general, fast);
    }

    #[test]
    fn quotes_around_whole_fields_are_split_here() {
        fn fields(text: &str) -> Option<Vec<(&str, bool)>> {
            simply_quoted(text.as_bytes())
                .map(|spans| spans.iter().map(|s| (&text[s.start..s.end], s.ends_line)).collect())
        }
        assert_eq!(
            fields("\"a\",\"b,c\",d\r\n\"\",\n"),
            Some(vec![("a", false), ("b,c", false), ("d", true), ("", false), ("", true)])
        );
        assert_eq!(fields("x,\"y\""), Some(vec![("x", false), ("y", true)]));
        for other in ["\"a\"\"b\"\n", "\"a\" ,b\n", "a\"b\n", "\"multi\nline\"\n", "\"open\n"] {
            assert_eq!(fields(other), None, "{other:?}");
        }
        // A table that quotes every field, read on the fast path as the general reader reads it.
        let mut text = String::from("\"a\",\"b\",\"tags\"\r\n");
        for i in 0..100 {
            let _ = write!(text, "\"企业,{i}\",\"{}\",\"t1;t2\"\r\n", i % 5);
        }
        let (general, fast) = both_ways(text.as_bytes(), Sizes { block: 700, run: 90 });
        assert_eq!(general.0.len(), 100);
        assert_eq!(general.0[7].1, ["企业,7", "2", "t1;t2"]);
        assert_eq!(general, fast);
    }

    proptest! {
        /// Runs whose quotes only wrap whole fields are cut as the `csv`
        /// crate cuts them.
        #[test]
        fn simple_quotes_cut_as_the_crate_cuts(
            lines in prop::collection::vec(
                (
                    prop::collection::vec(
                        prop::sample::select(vec!["", "x", " y ", "中文", "\"a,b\"", "\"\"", "\" 中 \"", "\"x\""]),
                        1..5,
                    ),
                    prop::sample::select(vec!["\n", "\r\n"]),
                ),
                0..12,
            ),
            cut_last_end in any::<bool>(),
        ) {
            let mut text = String::new();
            for (cells, end) in &lines {
                text.push_str(&cells.join(","));
                text.push_str(end);
            }
            if cut_last_end {
                text = text.trim_end_matches(['\r', '\n']).to_owned();
            }
            let spans = simply_quoted(text.as_bytes()).expect("simple quotes");
            let mut ours: Vec<Vec<&str>> = vec![Vec::new()];
            for span in spans {
                ours.last_mut().unwrap().push(&text[span.start..span.end]);
                if span.ends_line {
                    ours.push(Vec::new());
                }
            }
            ours.retain(|row| !row.is_empty() && row != &[""]);
            let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            let crates: Vec<Vec<String>> =
                reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
            let crates: Vec<Vec<String>> = crates.into_iter().filter(|row| row != &[""]).collect();
            prop_assert_eq!(ours, crates);
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
}
