//! What the commands print is as safe as the report: CSV and XLSX cells
//! that a spreadsheet would run as formulas stay text, Markdown carries no
//! links or HTML from the data, `validate` sends no control characters to
//! the terminal, CSV gets a BOM only in a file, and a reader that goes away
//! (`chainmap gaps | head`) is no error.

use std::process::Stdio;

use crate::{chainmap, root};

const EVIL: &str = "tests/fixtures/evil";

fn stdout(args: &[&str]) -> String {
    let output = chainmap().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn csv_cells_that_would_be_formulas_stay_text() {
    let targets = stdout(&["targets", EVIL, "--format", "csv"]);
    assert!(targets.contains(",'@SUM(1+1)*cmd|' /C calc'!A0,'+成都,"), "{targets}");
    let risk = stdout(&["risk", EVIL, "--format", "csv"]);
    assert!(risk.contains(",E2,'=cmd|' /C calc'!A0,"), "{risk}");
    assert!(!risk.contains(",=cmd"), "{risk}");
    // Numbers stay numbers, the negative ones too.
    assert!(targets.contains(",54.6892,"), "{targets}");
}

#[test]
fn xlsx_cells_that_would_be_formulas_stay_text() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("targets.xlsx");
    chainmap().args(["targets", EVIL, "--format", "xlsx", "-o"]).arg(&path).assert().success();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.rows().flatten().map(ToString::to_string).collect();
    assert!(cells.contains(&"'@SUM(1+1)*cmd|' /C calc'!A0".to_owned()), "{cells:?}");
    assert!(cells.contains(&"'+成都".to_owned()), "{cells:?}");
    assert!(!cells.iter().any(|c| c.starts_with(['=', '@', '+'])), "{cells:?}");
}

#[test]
fn markdown_carries_no_links_or_html_from_the_data() {
    let md = stdout(&["targets", EVIL, "--format", "md"]);
    assert!(md.contains(r"@SUM(1+1)\*cmd\|' /C calc'!A0"), "{md}");
    assert!(md.contains("&lt;script>alert(3)&lt;/script>公司"), "{md}");
    assert!(!md.contains("<script>"), "{md}");
}

#[test]
fn validate_shows_control_characters_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("tests/fixtures/valid")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let firms = dir.path().join("firms.csv");
    let mut text = std::fs::read_to_string(&firms).unwrap();
    let chain = text.lines().nth(1).unwrap().split(',').nth(2).unwrap().to_owned();
    text += &["X9,坏企业,", &chain, ",\u{1b}[2J\u{1b}[31mred\u{7},,,no,supporting,operating,1,1,\n"].concat();
    std::fs::write(&firms, text).unwrap();
    let output = chainmap().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let all = [output.stdout, output.stderr].concat();
    let shown = String::from_utf8_lossy(&all);
    assert!(!all.iter().any(|&b| b == 0x1b || b == 0x07), "{shown}");
    assert!(shown.contains(r"\u{1b}[31mred\u{7}"), "{shown}");
}

#[test]
fn csv_gets_a_bom_in_a_file_and_none_in_a_pipe() {
    let piped = chainmap().args(["gaps", "chains", "--format", "csv"]).output().unwrap();
    assert!(piped.stdout.starts_with(b"chain,"), "{:?}", &piped.stdout[..20]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gaps.csv");
    let file = std::fs::File::create(&path).unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("chainmap"))
        .current_dir(root())
        .args(["gaps", "chains", "--format", "csv"])
        .stdout(file)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read(&path).unwrap();
    assert!(written.starts_with("\u{feff}chain,".as_bytes()), "{:?}", &written[..20]);
    assert_eq!(&written[3..], &piped.stdout[..]);
}

#[test]
fn a_reader_that_goes_away_is_no_error_in_any_format() {
    for command in ["gaps", "targets", "risk", "monitor", "chains"] {
        for format in ["table", "json", "csv", "md"] {
            let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("chainmap"))
                .current_dir(root())
                .args([command, "chains", "--format", format])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            // The reader goes away before a byte is read.
            drop(child.stdout.take());
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{command} --format {format}: {stderr}");
            assert!(!stderr.contains("error"), "{command} --format {format}: {stderr}");
        }
    }
}
