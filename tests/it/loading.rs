//! Large CSV tables are read in blocks parsed on every core; everything else
//! row by row. Both ways, and any number of threads, give the same dataset
//! and the same problems, with the right line numbers.

use std::fmt::Write as _;
use std::path::Path;

use chainmap::load::{LoadError, NoProgress, Reading, load_dataset_reading};
use chainmap::synthetic::{Params, write_dataset};
use predicates::prelude::*;

use crate::{chainmap, copy_fixture, fixture, root};

/// Everything a load gives: the dataset and the problems, as text.
fn outcome(dir: &Path, reading: Reading) -> String {
    match load_dataset_reading(dir, reading, &NoProgress) {
        Ok(loaded) => format!("{:#?}\n{:#?}", loaded.dataset, loaded.warnings),
        Err(LoadError::Invalid(problems)) => format!("invalid\n{problems:#?}"),
        Err(other) => format!("error {other}"),
    }
}

/// The outcome on a pool of `threads` threads.
fn outcome_on(threads: usize, dir: &Path, reading: Reading) -> String {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| outcome(dir, reading))
}

fn assert_same_every_way(dir: &Path) {
    let row_by_row = outcome_on(1, dir, Reading::RowByRow);
    for threads in [1, 2, 3] {
        assert_eq!(outcome_on(threads, dir, Reading::Parallel), row_by_row, "{} on {threads} threads", dir.display());
    }
}

fn generate(dir: &Path, firms: usize, candidates: usize) {
    let params = Params { chains: 12, links: 40, firm_rows: firms, candidate_rows: candidates, months: 0, seed: 3 };
    write_dataset(&params, dir).unwrap();
}

#[test]
fn every_fixture_loads_the_same_every_way() {
    let mut fixtures: Vec<_> =
        std::fs::read_dir(root().join("tests/fixtures")).unwrap().map(|e| e.unwrap().path()).collect();
    fixtures.sort();
    fixtures.push(root().join("chains"));
    for dir in fixtures {
        assert_same_every_way(&dir);
    }
}

#[test]
fn a_generated_dataset_of_many_blocks_loads_the_same_every_way() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("big");
    // About 6 MB of firms: more than one block.
    generate(&dir, 45_000, 20_000);
    assert_same_every_way(&dir);
}

#[test]
fn a_generated_monthly_table_of_many_blocks_loads_the_same_every_way() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("monthly");
    // About 4 MB of monthly rows: more than one block of 2 MiB.
    let params = Params { chains: 6, links: 25, firm_rows: 6_000, candidate_rows: 500, months: 24, seed: 9 };
    write_dataset(&params, &dir).unwrap();
    assert!(std::fs::metadata(dir.join("monthly.csv")).unwrap().len() > 2 << 20);
    assert_same_every_way(&dir);
}

#[test]
fn a_quote_late_in_a_large_file_is_read_row_by_row() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("quoted");
    generate(&dir, 45_000, 1_000);
    let firms = dir.join("firms.csv");
    let mut text = std::fs::read_to_string(&firms).unwrap();
    let last = text.lines().last().unwrap().to_owned();
    // The same firm again at its link, its name quoted: a repeat, so a warning.
    let mut cells: Vec<String> = last.split(',').map(str::to_owned).collect();
    cells[1] = format!("\"{}\"", cells[1]);
    text.push_str(&cells.join(","));
    text.push('\n');
    std::fs::write(&firms, text).unwrap();
    assert_same_every_way(&dir);
    assert!(outcome(&dir, Reading::Parallel).contains("is listed twice"));
}

#[test]
fn crlf_and_blank_lines_name_the_right_line() {
    // Excel writes CRLF; the problem is on line 6 whichever way the file is read.
    let dir = copy_fixture("bad-enum");
    let firms = std::fs::read_to_string(fixture("bad-enum").join("firms.csv")).unwrap();
    let mut lines: Vec<&str> = firms.lines().collect();
    lines.insert(2, "");
    let crlf = lines.join("\r\n") + "\r\n";
    std::fs::write(dir.path().join("firms.csv"), &crlf).unwrap();
    let expected = format!("{}:6: error: unknown role `boss`", dir.path().join("firms.csv").display());
    chainmap().arg("validate").arg(dir.path()).assert().code(1).stdout(predicate::str::contains(expected.as_str()));
    assert_same_every_way(dir.path());
    // The same file with a quoted cell is read by the general reader: same line.
    std::fs::write(dir.path().join("firms.csv"), crlf.replacen("firm_id", "\"firm_id\"", 1)).unwrap();
    chainmap().arg("validate").arg(dir.path()).assert().code(1).stdout(predicate::str::contains(expected.as_str()));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("large");
    // Above the size from which a terminal shows a bar.
    generate(&dir, 70_000, 2_000);
    chainmap().arg("chains").arg(&dir).assert().success().stderr("");
    chainmap().arg("validate").arg(&dir).assert().success().stderr("");
}

#[test]
fn names_past_a_limit_are_reported_at_the_same_line_every_way() {
    // 70,000 rows of about 40 bytes, each with a new tag and county: more
    // than a run of the parallel reader holds, and more names than 16-bit
    // numbers reach. The first county past the limit is on line 65,538;
    // the first tag on line 65,537, as every row also has the tag 共有.
    let dir = copy_fixture("valid");
    let mut firms = String::from("firm_id,name,chain,link,county,tags\n");
    for i in 0..70_000 {
        writeln!(firms, "F{i:03},茶企{i},tea,grow,县{i},标签{i};共有").unwrap();
    }
    std::fs::write(dir.path().join("firms.csv"), firms).unwrap();
    assert_same_every_way(dir.path());
    let outcome = outcome(dir.path(), Reading::Parallel);
    assert!(
        outcome.contains(
            "line: 65537,\n        column: None,\n        severity: Error,\n        message: \"too many different tags"
        ),
        "{outcome}"
    );
    assert!(
        outcome.contains(
            "line: 65538,\n        column: None,\n        severity: Error,\n        message: \"too many counties"
        ),
        "{outcome}"
    );
}
