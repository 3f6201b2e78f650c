//! Tables as XLSX workbooks: one sheet per table, header row frozen, column
//! widths fitted to Chinese text, numbers stored as numbers. A table longer
//! than a sheet holds goes on over more sheets.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::RenderError;
use super::table::{Align, Row, Table, guard, guard_cell};

/// A sheet to write: its name (≤ 31 characters, no `[]:*?/\`) and its table.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub table: &'a Table,
}

/// The rows of a sheet below its header: Excel's 1,048,576 less one.
const SHEET_ROWS: usize = 1_048_575;

/// A sheet of more rows than this is written row by row (see [`Limits`]).
const BIG_ROWS: usize = 100_000;

/// A workbook of more rows than this is compressed at [`BIG_BOOK_LEVEL`].
const BIG_BOOK_ROWS: usize = 10_000;
const BIG_BOOK_LEVEL: u8 = 3;

/// How a workbook is laid out: the rows of a sheet below its header, and
/// the rows past which a sheet is written row by row.
#[derive(Clone, Copy)]
struct Limits {
    sheet_rows: usize,
    big: usize,
}

/// Builds a workbook from the sheets. Right-aligned columns holding numbers
/// are written as numbers; every other cell as text, so nothing a data file
/// holds (`=cmd|…`) can become a formula.
///
/// A table of more rows than a sheet holds (a province's roster of key
/// firms) is not cut short: its rows go on over sheets named as it with
/// `(2)`, `(3)` …, each with the header.
///
/// # Errors
/// When the workbook cannot be built.
pub fn workbook(sheets: &[Sheet<'_>]) -> Result<Workbook, XlsxError> {
    workbook_of(sheets, Limits { sheet_rows: SHEET_ROWS, big: BIG_ROWS })
}

/// The name of part `part` (from 0) of sheet `name`: `name` for the first,
/// then `name (2)` and so on, the name shortened to keep within Excel's 31
/// characters.
fn part_name(name: &str, part: usize) -> String {
    if part == 0 {
        return name.to_owned();
    }
    let suffix = format!(" ({})", part + 1);
    let keep = 31usize.saturating_sub(suffix.chars().count());
    name.chars().take(keep).chain(suffix.chars()).collect()
}

/// [`workbook`] laid out as `limits` say.
fn workbook_of(sheets: &[Sheet<'_>], limits: Limits) -> Result<Workbook, XlsxError> {
    let per_sheet = limits.sheet_rows.max(1);
    let mut book = Workbook::new();
    // Compressing the sheets is most of the time a big workbook takes: a
    // province's region workbook (two million rows) took 40 s at the
    // default level, 6, and its hundred chains' workbooks (24,000 rows
    // each) 13 s. Past ten thousand rows a faster level is worth a file
    // some 6 % larger; smaller workbooks keep the default.
    if sheets.iter().map(|s| s.table.rows.len()).sum::<usize>() > BIG_BOOK_ROWS {
        book.set_zip_compression_level(BIG_BOOK_LEVEL);
    }
    // A fixed creation date: the same data gives the same bytes.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let header =
        Format::new().set_bold().set_background_color("#DCE6F1").set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    for sheet in sheets {
        let table = sheet.table;
        let widths = column_widths(table);
        // A table with no rows still has its sheet, with the header.
        let parts = table.rows.len().div_ceil(per_sheet).max(1);
        for part in 0..parts {
            let rows = &table.rows[(part * per_sheet).min(table.rows.len())..];
            let rows = &rows[..rows.len().min(per_sheet)];
            // A big sheet's cells go to a temporary file row by row rather
            // than into memory: some 100 bytes a cell, which for a
            // province's key firms (20 million cells) was gigabytes.
            let ws =
                if rows.len() > limits.big { book.add_worksheet_with_constant_memory()? } else { book.add_worksheet() };
            write_sheet(ws, (&part_name(sheet.name, part), &widths), table, rows, &header)?;
        }
    }
    Ok(book)
}

/// The width of each column of `table`, fitted to its widest cell: worked
/// out once for the whole table, so that its sheets look alike.
fn column_widths(table: &Table) -> Vec<u32> {
    (0..table.headers.len())
        .map(|c| {
            let widest = std::iter::once(table.headers[c].as_str())
                .chain(table.rows.iter().map(|r| &r[c]))
                .map(UnicodeWidthStr::width)
                .max();
            // Display width counts a CJK glyph as 2, which matches Excel's character units well.
            let width = (widest.unwrap_or(8) + 2).clamp(6, 60);
            u32::try_from(width).unwrap_or(60)
        })
        .collect()
}

/// Fills sheet `ws`, named `name`, with `table`'s header and `rows` of it,
/// its columns `widths` wide. The columns and the frozen header are set
/// first, as a sheet written row by row needs.
fn write_sheet(
    ws: &mut rust_xlsxwriter::Worksheet,
    (name, widths): (&str, &[u32]),
    table: &Table,
    rows: &[Row],
    header: &Format,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (c, &width) in widths.iter().enumerate() {
        ws.set_column_width(col(c), width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (c, h) in table.headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c), guard(h), header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let number = (table.align[c] == Align::Right).then(|| cell.replace(',', "").parse::<f64>().ok()).flatten();
            match number {
                Some(n) if n.is_finite() => ws.write_number(r, col(c), n)?,
                _ if cell.is_empty() => ws,
                _ => ws.write_string(r, col(c), guard_cell(cell, table.align[c]))?,
            };
        }
    }
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Writes the workbook to bytes.
///
/// # Errors
/// When the workbook cannot be built ([`RenderError::Xlsx`]), or a big
/// sheet's temporary file cannot be written ([`RenderError::SheetTemp`]).
pub fn to_bytes(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, RenderError> {
    let built = quiet_panics::caught(|| workbook(sheets)?.save_to_buffer())
        .map_err(|panic| RenderError::SheetTemp { dir: std::env::temp_dir(), cause: system_words(&panic) })?;
    Ok(built?)
}

/// What the system said, from the library's panic message: `No space left
/// on device` from `Couldn't write to xml file: Os { code: 28, kind:
/// StorageFull, message: "No space left on device" }`; the whole message
/// when it holds none.
fn system_words(panic: &str) -> String {
    const START: &str = "message: \"";
    panic
        .find(START)
        .map(|at| &panic[at + START.len()..])
        .and_then(|rest| rest.find('"').map(|end| rest[..end].to_owned()))
        .unwrap_or_else(|| panic.to_owned())
}

/// The XLSX library writes a big sheet to a temporary file as it goes
/// (constant-memory mode) and panics when a write fails — a full disk —
/// where it could return the error. Such a panic is caught and becomes an
/// error, said once, as every other, without the panic's report.
mod quiet_panics {
    use std::cell::Cell;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::Once;

    thread_local! {
        /// Whether this thread is in [`caught`], whose panics are not reported.
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }

    /// Runs `work`; a panic in it is returned as its message.
    pub fn caught<T>(work: impl FnOnce() -> T) -> Result<T, String> {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let report = panic::take_hook();
            panic::set_hook(Box::new(move |info| {
                if !QUIET.get() {
                    report(info);
                }
            }));
        });
        let was = QUIET.replace(true);
        let result = panic::catch_unwind(AssertUnwindSafe(work));
        QUIET.set(was);
        result.map_err(|payload| {
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "the XLSX library stopped".to_owned())
        })
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn a_panic_becomes_its_message_and_the_thread_goes_on() {
            assert_eq!(super::caught(|| 7), Ok(7));
            let message = super::caught(|| -> u8 { panic!("Couldn't write to xml file: disk full") });
            assert_eq!(message, Err("Couldn't write to xml file: disk full".to_owned()));
            assert_eq!(super::caught(|| "again"), Ok("again"));
        }
    }
}

/// Writes the workbook to `path` whole: a temporary file next to it, then a rename.
///
/// # Errors
/// When the workbook cannot be built or written.
pub fn save(sheets: &[Sheet<'_>], path: &Path) -> Result<(), RenderError> {
    let bytes = to_bytes(sheets)?;
    super::write_whole(path, &bytes)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Reader, Xlsx};

    use super::*;

    /// Each sheet of a workbook: its name and its rows, cells as text.
    fn read_back(mut book: Workbook) -> Vec<(String, Vec<Vec<String>>)> {
        let bytes = book.save_to_buffer().expect("the workbook is built");
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook");
        let names = book.sheet_names();
        names
            .into_iter()
            .map(|name| {
                let range = book.worksheet_range(&name).expect("the sheet");
                let rows = range.rows().map(|row| row.iter().map(ToString::to_string).collect()).collect();
                (name, rows)
            })
            .collect()
    }

    fn table(rows: usize) -> Table {
        let mut table = Table::new(&["企业", "产值"]).right(&[1]);
        for i in 0..rows {
            table.push([format!("企业{i}"), format!("{i}")]);
        }
        table
    }

    #[test]
    fn a_full_disk_is_said_in_the_systems_words() {
        let panic =
            r#"Couldn't write to xml file: Os { code: 28, kind: StorageFull, message: "No space left on device" }"#;
        assert_eq!(system_words(panic), "No space left on device");
        assert_eq!(
            system_words("constant memory worksheets required a temp file"),
            "constant memory worksheets required a temp file"
        );
    }

    #[test]
    fn a_table_longer_than_a_sheet_goes_on_over_sheets_each_with_its_header() {
        let (long, short) = (table(7), table(2));
        let sheets = [Sheet { name: "重点企业清单", table: &long }, Sheet { name: "项目", table: &short }];
        let read = read_back(workbook_of(&sheets, Limits { sheet_rows: 3, big: BIG_ROWS }).expect("built"));
        let names: Vec<&str> = read.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["重点企业清单", "重点企业清单 (2)", "重点企业清单 (3)", "项目"]);
        let firms: Vec<String> =
            read[..3].iter().flat_map(|(_, rows)| rows[1..].iter().map(|r| r[0].clone())).collect();
        let expected: Vec<String> = (0..7).map(|i| format!("企业{i}")).collect();
        assert_eq!(firms, expected, "every row once, in order");
        for (name, rows) in &read {
            assert_eq!(rows[0], ["企业", "产值"], "{name} has the header");
        }
        assert_eq!(read[2].1.len(), 2, "the last part holds what is left");
        assert_eq!(read[3].1.len(), 3);
    }

    #[test]
    fn big_sheets_written_row_by_row_read_back_alike() {
        let (long, short) = (table(7), table(2));
        let sheets = [Sheet { name: "重点企业清单", table: &long }, Sheet { name: "项目", table: &short }];
        let in_memory = read_back(workbook_of(&sheets, Limits { sheet_rows: 3, big: BIG_ROWS }).expect("built"));
        let row_by_row = read_back(workbook_of(&sheets, Limits { sheet_rows: 3, big: 2 }).expect("built"));
        assert_eq!(row_by_row, in_memory);
    }

    #[test]
    fn a_table_that_fits_or_is_empty_keeps_one_sheet() {
        let (full, empty) = (table(3), table(0));
        let sheets = [Sheet { name: "满", table: &full }, Sheet { name: "空", table: &empty }];
        let read = read_back(workbook_of(&sheets, Limits { sheet_rows: 3, big: BIG_ROWS }).expect("built"));
        assert_eq!(
            read.iter().map(|(name, rows)| (name.as_str(), rows.len())).collect::<Vec<_>>(),
            [("满", 4), ("空", 1)]
        );
    }

    #[test]
    fn a_long_sheet_name_is_shortened_to_take_its_number() {
        let name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一";
        assert_eq!(name.chars().count(), 31);
        let second = part_name(name, 1);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)") && second.starts_with("一二三"));
        assert_eq!(part_name(name, 0), name);
        assert_eq!(part_name("清单", 11), "清单 (12)");
    }
}
