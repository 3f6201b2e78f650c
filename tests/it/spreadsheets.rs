//! Spreadsheets as offices save them, and as an attacker crafts them
//! (issue 10 items 2 and 9): workbooks built here cell by cell, so each
//! test shows the XML that used to abort the process or mislead the reader.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::{chainmap, copy_fixture};

/// A minimal XLSX workbook: one worksheet per `(name, sheet XML)`, the XML
/// being everything inside `<worksheet>` (a `<dimension>` and the `<sheetData>`).
fn workbook(sheets: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, text: &str| {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut entries = String::new();
    let mut rels = String::new();
    for (i, (name, _)) in sheets.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            types,
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
        let _ = write!(entries, r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#);
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        );
    }
    types.push_str("</Types>");
    put("[Content_Types].xml", &types);
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put(
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#
        ),
    );
    put(
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    );
    for (i, (_, xml)) in sheets.iter().enumerate() {
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{xml}</worksheet>"#
            ),
        );
    }
    zip.finish().unwrap().into_inner()
}

/// A cell holding text.
fn text(at: &str, value: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{value}</t></is></c>"#)
}

/// A row of text cells from column A, at 1-based row `row`.
fn row(row: usize, values: &[&str]) -> String {
    let cells: String = values
        .iter()
        .enumerate()
        .map(|(i, v)| text(&format!("{}{row}", char::from(b'A' + u8::try_from(i).unwrap())), v))
        .collect();
    format!(r#"<row r="{row}">{cells}</row>"#)
}

/// The rows of the `valid` fixture's firms table, as sheet rows from row `from`.
fn firm_rows(from: usize) -> String {
    let csv = std::fs::read_to_string(crate::fixture("valid").join("firms.csv")).unwrap();
    csv.lines().enumerate().map(|(i, line)| row(from + i, &line.split(',').collect::<Vec<_>>())).collect()
}

/// The `valid` fixture with its firms table replaced by `firms.xlsx` made of `sheets`.
fn with_firms_workbook(sheets: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = copy_fixture("valid");
    std::fs::remove_file(dir.path().join("firms.csv")).unwrap();
    std::fs::write(dir.path().join("firms.xlsx"), workbook(sheets)).unwrap();
    dir
}

/// `validate` on `dir`: exit code and stdout, and how long it took.
fn validate(dir: &Path) -> (Option<i32>, String, Duration) {
    let start = Instant::now();
    let output = chainmap().arg("validate").arg(dir).output().unwrap();
    (output.status.code(), String::from_utf8(output.stdout).unwrap(), start.elapsed())
}

/// Issue 10 item 2: a 2 KB workbook with one cell at XFD1048576, or at
/// XFD2000, declared or not in the sheet's dimension, used to take the
/// memory of the whole declared grid (or abort allocating it). It is now
/// a clear error naming the file and the cell, at once.
#[test]
fn hostile_xlsx_far_cell_is_an_error_not_an_abort() {
    for (at, dimension) in [("XFD1048576", "A1:XFD1048576"), ("XFD2000", "A1:XFD2000"), ("XFD1048576", "A1")] {
        let far = text(at, "x");
        let sheet = format!(
            r#"<dimension ref="{dimension}"/><sheetData>{}<row r="{}">{far}</row></sheetData>"#,
            firm_rows(1),
            at.trim_start_matches(char::is_alphabetic)
        );
        let dir = with_firms_workbook(&[("Sheet1", &sheet)]);
        assert!(std::fs::metadata(dir.path().join("firms.xlsx")).unwrap().len() < 8 * 1024);
        let (code, stdout, took) = validate(dir.path());
        assert_eq!(code, Some(1), "{stdout}");
        let line = at.trim_start_matches(char::is_alphabetic);
        assert!(
            stdout.contains(&format!(
                "firms.xlsx:{line}: error: cell {at} of sheet `Sheet1` is right of column IV: a table uses at most 256 columns"
            )),
            "{stdout}"
        );
        assert!(took < Duration::from_secs(20), "{at} took {took:?}");
    }
}

/// Issue 10 item 2: a cell reference of sixteen letters overflows the
/// column number; it used to abort allocating 512 GiB.
#[test]
fn hostile_xlsx_overlong_reference_is_an_error_not_an_abort() {
    let sheet =
        format!(r#"<sheetData>{}<row r="9">{}</row></sheetData>"#, firm_rows(1), text("AAAAAAAAAAAAAAAA1", "x"));
    let dir = with_firms_workbook(&[("Sheet1", &sheet)]);
    let (code, stdout, _) = validate(dir.path());
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("firms.xlsx:1: error: cell "), "{stdout}");
    assert!(stdout.contains("is right of column IV"), "{stdout}");
}

/// A roster as an office keeps it: an instructions sheet first, then the
/// roster under a title row. The table is found, and a note says where.
#[test]
fn xlsx_table_found_below_a_title_on_a_later_sheet() {
    let instructions = format!("<sheetData>{}{}</sheetData>", row(1, &["填表说明"]), row(2, &["每家企业每个环节一行"]));
    let roster = format!("<sheetData>{}{}</sheetData>", row(1, &["2024年茶产业链企业名单"]), firm_rows(3));
    let dir = with_firms_workbook(&[("说明", &instructions), ("企业名单", &roster)]);
    let (code, stdout, _) = validate(dir.path());
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("firms.xlsx:3: note: read sheet `企业名单`, with the header on row 3"), "{stdout}");
    assert!(stdout.contains("3 firms"), "{stdout}");
    // Other commands stay quiet about a note.
    let output = chainmap().arg("chains").arg(dir.path()).output().unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// With no header anywhere, the first row is reported as before: each
/// missing column once, not once per sheet.
#[test]
fn xlsx_without_a_header_reports_the_first_row() {
    let sheet = format!("<sheetData>{}</sheetData>", row(2, &["序号", "备注"]));
    let dir = with_firms_workbook(&[("Sheet1", &sheet), ("Sheet2", "<sheetData/>")]);
    let (code, stdout, _) = validate(dir.path());
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(stdout.matches("firms.xlsx:2: error: missing required column").count(), 4, "{stdout}");
}

/// A title row above a CSV header: the header is found and a note says so,
/// on both ways of reading CSV.
#[test]
fn csv_header_below_a_title_row() {
    let dir = copy_fixture("valid");
    let firms = std::fs::read_to_string(dir.path().join("firms.csv")).unwrap();
    std::fs::write(dir.path().join("firms.csv"), format!("茶产业链企业名单（2024年12月）,,,\n\n{firms}")).unwrap();
    let (code, stdout, _) = validate(dir.path());
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("firms.csv:3: note: the header is on line 3; the lines above it were skipped"), "{stdout}");
    assert!(stdout.contains("3 firms"), "{stdout}");
}

/// A CSV row typed with full-width commas is one cell: the error says so,
/// instead of four missing values.
#[test]
fn csv_row_with_full_width_commas_gets_a_hint() {
    let dir = copy_fixture("valid");
    let mut firms = std::fs::read_to_string(dir.path().join("firms.csv")).unwrap();
    firms.push_str("F009，新茶厂，tea，grow，东县，，no，supporting，operating，100，5，\n");
    std::fs::write(dir.path().join("firms.csv"), &firms).unwrap();
    let (code, stdout, _) = validate(dir.path());
    assert_eq!(code, Some(1), "{stdout}");
    let line = firms.lines().count();
    assert!(
        stdout.contains(&format!(
            "firms.csv:{line}: error: the row is one cell: its 12 fields are separated by full-width commas `，`; separate the fields with ASCII commas"
        )),
        "{stdout}"
    );
    assert_eq!(stdout.matches("error:").count(), 1, "{stdout}");
}

/// A header mistake in the firms table (a typo, a title row typed with
/// full-width commas) is reported once, at the header: the problems table's
/// references to firms are not checked against a roster that was not read.
#[test]
fn a_firms_header_mistake_does_not_cascade_into_unknown_firms() {
    for header in ["firm-idd,name,chain,link,above_scale,role,status,output", "firm_id，name，chain，link"] {
        let dir = copy_fixture("risk");
        let path = dir.path().join("firms.csv");
        let firms = std::fs::read_to_string(&path).unwrap();
        let (_, rows) = firms.split_once('\n').unwrap();
        std::fs::write(&path, format!("{header}\n{rows}")).unwrap();
        let (code, stdout, _) = validate(dir.path());
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.lines().filter(|l| l.contains(": error: ")).all(|l| l.contains("firms.csv:1: ")), "{stdout}");
    }
}

/// A row as Excel writes it: empty cells left out.
fn sparse_row(row: usize, values: &[&str]) -> String {
    let cells: String = values
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_empty())
        .map(|(i, v)| text(&format!("{}{row}", char::from(b'A' + u8::try_from(i).unwrap())), v))
        .collect();
    format!(r#"<row r="{row}">{cells}</row>"#)
}

/// Cells are read into the strings of the row before: a row without a
/// cell that the row before had (Excel leaves empty cells out) must not
/// take that cell's text.
#[test]
fn xlsx_rows_without_their_empty_cells_read_as_the_csv() {
    let csv = std::fs::read_to_string(crate::fixture("valid").join("firms.csv")).unwrap();
    // Every other firm (by id) without its role, output and employees.
    let csv: String = csv
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let mut cells: Vec<&str> = line.split(',').collect();
            if i > 0 && cells[0].ends_with(['1', '3', '5', '7', '9']) {
                for col in [7, 9, 10] {
                    cells[col] = "";
                }
            }
            cells.join(",") + "\n"
        })
        .collect();
    let from_csv = copy_fixture("valid");
    std::fs::write(from_csv.path().join("firms.csv"), &csv).unwrap();
    let rows: String =
        csv.lines().enumerate().map(|(i, line)| sparse_row(i + 1, &line.split(',').collect::<Vec<_>>())).collect();
    let dir = with_firms_workbook(&[("企业", &format!("<sheetData>{rows}</sheetData>"))]);
    let run = |dir: &Path, args: &[&str]| {
        let output = chainmap().args(args).arg(dir).args(["--format", "json"]).output().unwrap();
        (output.status.code(), String::from_utf8(output.stdout).unwrap())
    };
    for args in [&["chains"][..], &["gaps"], &["risk"]] {
        let (code, out) = run(dir.path(), args);
        assert_eq!(code, Some(0), "{args:?}");
        assert_eq!(out, run(from_csv.path(), args).1, "{args:?}");
    }
}
