//! Large CSV tables are read in blocks parsed on every core; everything else
//! row by row. Both ways, and any number of threads, give the same dataset
//! and the same problems, with the right line numbers.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

/// A dataset of `params` generated into `temp`, and a copy of it whose CSV
/// tables `resave(from, to)` writes another way: (original, copy).
fn resaved_copy(temp: &Path, params: &Params, resave: impl Fn(&Path, &Path)) -> (PathBuf, PathBuf) {
    let (original, copy) = (temp.join("original"), temp.join("copy"));
    write_dataset(params, &original).unwrap();
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(&original).unwrap() {
        let path = entry.unwrap().path();
        let to = copy.join(path.file_name().unwrap());
        if path.extension().is_some_and(|e| e == "csv") {
            resave(&path, &to);
        } else {
            std::fs::copy(&path, &to).unwrap();
        }
    }
    (original, copy)
}

/// `copy` loads the same every way, and as `original` does (the problems
/// naming the files as in their own directory).
fn assert_loads_as(copy: &Path, original: &Path) {
    assert_same_every_way(copy);
    let seen = |dir: &Path| outcome(dir, Reading::Parallel).replace(&dir.display().to_string(), "DATASET");
    assert_eq!(seen(copy), seen(original));
}

#[test]
fn a_generated_dataset_saved_as_gbk_loads_as_its_utf8_self() {
    let temp = tempfile::tempdir().unwrap();
    // Firms, candidates and months of more than one block each.
    let params = Params { chains: 8, links: 30, firm_rows: 30_000, candidate_rows: 20_000, months: 12, seed: 5 };
    let (utf8, gbk) = resaved_copy(temp.path(), &params, |from, to| {
        let text = std::fs::read_to_string(from).unwrap();
        let (encoded, _, unmappable) = encoding_rs::GBK.encode(&text);
        assert!(!unmappable);
        std::fs::write(to, encoded).unwrap();
    });
    assert!(std::fs::metadata(gbk.join("firms.csv")).unwrap().len() > 2 << 20);
    assert_ne!(std::fs::read(gbk.join("firms.csv")).unwrap(), std::fs::read(utf8.join("firms.csv")).unwrap());
    assert_loads_as(&gbk, &utf8);
}

#[test]
fn a_generated_dataset_with_every_field_quoted_loads_as_its_plain_self() {
    let temp = tempfile::tempdir().unwrap();
    let params = Params { chains: 8, links: 30, firm_rows: 30_000, candidate_rows: 20_000, months: 3, seed: 6 };
    let (plain, quoted) = resaved_copy(temp.path(), &params, |from, to| {
        // As exports that quote every field write them, with CRLF.
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(from).unwrap();
        let mut writer = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .terminator(csv::Terminator::CRLF)
            .from_path(to)
            .unwrap();
        for record in reader.records() {
            writer.write_record(&record.unwrap()).unwrap();
        }
    });
    assert!(std::fs::read_to_string(quoted.join("firms.csv")).unwrap().starts_with("\"firm_id\",\"name\""));
    assert_loads_as(&quoted, &plain);
}

#[test]
fn a_monthly_table_sorted_by_credit_code_loads_as_in_roster_order() {
    let temp = tempfile::tempdir().unwrap();
    let params = Params { chains: 6, links: 25, firm_rows: 6_000, candidate_rows: 500, months: 12, seed: 9 };
    let (roster_order, by_code) = resaved_copy(temp.path(), &params, |from, to| {
        let text = std::fs::read_to_string(from).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        if from.ends_with("monthly.csv") {
            // Month by month, each month's rows by credit code, as a
            // statistics system exports them.
            lines[1..].sort_by_key(|line| {
                let cells: Vec<&str> = line.split(',').collect();
                (cells[1], cells[0])
            });
        }
        std::fs::write(to, lines.join("\n") + "\n").unwrap();
    });
    let monthly = std::fs::read_to_string(by_code.join("monthly.csv")).unwrap();
    assert_ne!(monthly, std::fs::read_to_string(roster_order.join("monthly.csv")).unwrap());
    let dataset = |dir: &Path| {
        for reading in [Reading::Parallel, Reading::RowByRow] {
            assert!(load_dataset_reading(dir, reading, &NoProgress).is_ok());
        }
        format!("{:#?}", load_dataset_reading(dir, Reading::Parallel, &NoProgress).unwrap().dataset)
    };
    assert_eq!(dataset(&by_code), dataset(&roster_order));
    assert_same_every_way(&by_code);

    // Rows naming no firm, or with a bad figure, among rows looked up
    // together: each reported at its own line, every way.
    let mut lines: Vec<String> = monthly.lines().map(str::to_owned).collect();
    let first_firm = lines[1].split(',').next().unwrap().to_owned();
    lines.insert(40, "NOSUCHFIRM01,2025-07,12.5,".to_owned());
    lines.insert(41, format!("{first_firm},2099-01,abc,"));
    std::fs::write(by_code.join("monthly.csv"), lines.join("\n") + "\n").unwrap();
    assert_same_every_way(&by_code);
    let Err(LoadError::Invalid(problems)) = load_dataset_reading(&by_code, Reading::Parallel, &NoProgress) else {
        panic!("rows naming no firm and with a bad figure are errors");
    };
    let at = |line: usize, words: &str| problems.iter().any(|p| p.line == line && p.message.contains(words));
    assert!(at(41, "unknown firm `NOSUCHFIRM01`"), "{problems:#?}");
    assert!(at(42, "abc"), "{problems:#?}");
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

#[test]
fn rows_that_repeat_the_row_before_get_their_own_messages_every_way() {
    // A firm at several links is several rows, which the fast reader takes
    // as the row before but for the link: each such row must still be told
    // of its own problems, as the general reader tells it.
    let dir = copy_fixture("valid");
    let firms = "firm_id,name,chain,link,county,park,above_scale,role,status,output,employees,tags
F001,茶农合作社,tea,grow,东县,,no,supporting,operating,300,25,
F001,茶农合作社,tea,make,东县,,no,supporting,operating,300,25,
916100007109339000,码错茶企,tea,grow,东县,,no,supporting,operating,10,1,
916100007109339000,码错茶企,tea,make,东县,,no,supporting,operating,10,1,
F003,山城茶厂,tea,grow,东县,,no,backbone,reduced,800,40,
F004,秦巴茶业,tea,make,西县,,yes,leader,operating,5000,120,专精特新
F003,山城茶厂二,tea,make,东县,,no,backbone,reduced,800,40,
F003,山城茶厂二,tea,sell,东县,,no,backbone,reduced,800,40,
F005,茶具公司,tea,grow,东县,,no,supporting,operating,50,3,
F005,茶具公司,no-such-chain,grow,东县,,no,supporting,operating,50,3,
F006,茶叶商行,tea,sell,东县,,no,supporting,operating,70,4,
F006,茶叶商行,tea,sell,东县,,no,supporting,operating,70,4,
F007,老板茶庄,tea,grow,东县,,no,boss,operating,90,5,
F007,老板茶庄,tea,make,东县,,no,boss,operating,90,5,
F008,茶饮料厂,tea,make,东县,,no,supporting,operating,60,6,

F008,茶饮料厂,tea,sell,东县,,no,supporting,operating,60,6,
F009,园外茶厂,tea,grow,东县,无名园,no,supporting,operating,40,2,
F009,园外茶厂,tea,make,东县,无名园,no,supporting,operating,40,2,
";
    std::fs::write(dir.path().join("firms.csv"), firms).unwrap();
    let region = r#"{"name": "测试市", "counties": [{"name": "东县"}, {"name": "西县"}],
        "parks": [{"name": "茶园区", "county": "东县"}]}"#;
    std::fs::write(dir.path().join("region.json"), region).unwrap();
    let candidates = "candidate_id,name,region,chain,link,revenue,tags,partners,stage
C002,茶机制造,江苏苏州,tea,grow,1500,专精特新,F001,none
C002,茶机制造,江苏苏州,tea,make,1500,专精特新,F001,none
C001,远方茶饮,成都,tea,sell,30000,上市,F999,intent
C001,远方茶饮,成都,tea,make,30000,上市,F999,intent
C003,茶包装厂,浙江杭州,tea,grow,900,,F004,none
C003,茶包装厂,浙江杭州,tea,sell,900,,F004,signed
";
    std::fs::write(dir.path().join("candidates.csv"), candidates).unwrap();
    assert_same_every_way(dir.path());
    let output = chainmap().arg("validate").arg(dir.path()).assert().code(1).get_output().stdout.clone();
    let output = String::from_utf8(output).unwrap();
    let lines_of = |needle: &str| -> Vec<String> {
        output
            .lines()
            .filter(|l| l.contains(needle))
            .map(|l| l.split(": ").next().unwrap().rsplit(':').next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(lines_of("disagrees"), ["7", "8", "9"], "{output}");
    assert_eq!(lines_of("unknown chain"), ["11"], "{output}");
    assert_eq!(lines_of("listed twice"), ["13"], "{output}");
    assert_eq!(lines_of("unknown role"), ["14", "15"], "{output}");
    assert_eq!(lines_of("F999"), ["4", "5"], "{output}");
    assert_eq!(lines_of("not a valid Unified Social Credit Code"), ["4"], "{output}");
    assert_eq!(lines_of("park `无名园`"), ["19", "20"], "{output}");
}

#[test]
fn files_linked_into_a_dataset_are_read_as_its_own() {
    let temp = tempfile::tempdir().unwrap();
    let linked = temp.path().join("linked");
    std::fs::create_dir(&linked).unwrap();
    let source = root().join("chains");
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        std::os::unix::fs::symlink(&path, linked.join(path.file_name().unwrap())).unwrap();
    }
    // The same dataset and problems, the problems naming the files as linked.
    assert!(outcome(&source, Reading::Parallel).contains("AK-X531"), "the shipped dataset has warnings to compare");
    assert_loads_as(&linked, &source);
    assert_eq!(
        chainmap::load::input_files(&linked).unwrap(),
        chainmap::load::input_files(&source).unwrap(),
        "a snapshot copies the linked files too"
    );
}
