//! `chainmap validate` on one fixture per kind of bad input, each asserting
//! the exact message, file and line.

use std::fmt::Write as _;

use predicates::prelude::*;

use crate::chainmap;

/// Runs `validate` on `tests/fixtures/<name>` and returns stdout and the exit code.
fn validate(name: &str) -> (String, i32) {
    let output = chainmap().args(["validate", &format!("tests/fixtures/{name}")]).output().expect("runs");
    (String::from_utf8(output.stdout).expect("UTF-8"), output.status.code().expect("exit code"))
}

/// Asserts that the fixture is invalid with exactly these problem lines.
fn assert_invalid(name: &str, expected: &[&str]) {
    let (stdout, code) = validate(name);
    let lines: Vec<&str> = stdout.lines().collect();
    let (problems, summary) = lines.split_at(lines.len() - 1);
    assert_eq!(problems, expected, "problems of {name}");
    assert!(summary[0].starts_with("invalid: "), "{stdout}");
    assert_eq!(code, 1, "exit code of {name}");
}

#[test]
fn valid_fixture_passes() {
    chainmap()
        .args(["validate", "tests/fixtures/valid"])
        .assert()
        .success()
        .stdout("tests/fixtures/valid: 1 chain, 3 links, 3 firms at 4 firm-links, 2 candidates, 0 projects, 0 problems\nvalid: 0 errors, 0 warnings\n");
}

#[test]
fn shipped_dataset_is_valid() {
    chainmap()
        .args(["validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\nchains: 8 chains, "))
        .stdout(predicate::str::contains("\nmonthly: 2021-01..2026-03, "))
        // The two holes of the illustrative monthly table, on purpose (docs/data.md).
        .stdout(predicate::str::ends_with("valid: 0 errors, 2 warnings\n"));
}

#[test]
fn malformed_json_names_line_and_column() {
    assert_invalid("bad-json", &["tests/fixtures/bad-json/tea.json:8:55: error: malformed JSON: expected `,` or `}`"]);
}

#[test]
fn missing_required_column() {
    assert_invalid(
        "missing-column",
        &[
            "tests/fixtures/missing-column/firms.csv:1: error: missing required column `link` (环节); add a column headed `link` or `环节`",
        ],
    );
}

#[test]
fn unknown_link_suggests_by_name() {
    assert_invalid(
        "unknown-link",
        &[
            "tests/fixtures/unknown-link/firms.csv:5: error: unknown link `加工厂` in chain `tea`; did you mean 环节 `make` 加工?",
        ],
    );
}

#[test]
fn unknown_chain_suggests_by_name() {
    assert_invalid(
        "unknown-chain",
        &[
            "tests/fixtures/unknown-chain/firms.csv:2: error: unknown chain `茶叶产业链`; did you mean 产业链 `tea` 茶产业链?",
        ],
    );
}

#[test]
fn duplicate_link_id() {
    assert_invalid(
        "duplicate-link-id",
        &[
            "tests/fixtures/duplicate-link-id/tea.json:11:12: error: duplicate link id `make` (first at line 8); link ids must be unique in their chain",
        ],
    );
}

#[test]
fn duplicate_problem_id() {
    // A blank problem_id is allowed; a repeated one is not, since `diff` follows problems by it.
    assert_invalid(
        "duplicate-problem-id",
        &[
            "tests/fixtures/duplicate-problem-id/problems.csv:5: error: problem_id `Q-01` is also on line 2; each problem keeps its own number from month to month; give this one another",
        ],
    );
}

#[test]
fn duplicate_chain_id() {
    assert_invalid(
        "duplicate-chain-id",
        &[
            "tests/fixtures/duplicate-chain-id/tea2.json: error: duplicate chain id `tea` (also in tests/fixtures/duplicate-chain-id/tea.json); each chain file needs its own id",
        ],
    );
}

#[test]
fn self_loop() {
    assert_invalid(
        "self-loop",
        &[
            "tests/fixtures/self-loop/tea.json:15:14: error: edge from `sell` to itself (self-loop); remove it; a recycling loop runs through at least two links",
        ],
    );
}

#[test]
fn edge_to_unknown_link() {
    assert_invalid(
        "unknown-edge",
        &[
            "tests/fixtures/unknown-edge/tea.json:14:28: error: edge to unknown link `sale`; did you mean 环节 `sell` 销售?",
        ],
    );
}

#[test]
fn id_that_is_not_a_slug() {
    assert_invalid(
        "not-slug",
        &[
            "tests/fixtures/not-slug/tea.json:7:12: error: link id `Grow_Tea` is not a slug; use lowercase letters, digits and '-', e.g. `grow-tea`",
        ],
    );
}

#[test]
fn weight_must_be_positive() {
    assert_invalid(
        "bad-weight",
        &[
            "tests/fixtures/bad-weight/tea.json:8:86: error: weight of link `make` must be finite and > 0, got 0; use a positive number such as 1.0 (the default)",
        ],
    );
}

#[test]
fn bad_enum_word() {
    assert_invalid(
        "bad-enum",
        &[
            "tests/fixtures/bad-enum/firms.csv:5: error: unknown role `boss`; use one of leader 链主, backbone 骨干, supporting 配套",
        ],
    );
}

#[test]
fn negative_and_non_numeric_numbers() {
    assert_invalid(
        "bad-number",
        &[
            "tests/fixtures/bad-number/firms.csv:5: error: `employees` is not a number: `很多`; write a plain whole number such as 120",
            "tests/fixtures/bad-number/firms.csv:5: error: `output` must not be negative, got -800",
        ],
    );
}

#[test]
fn firm_rows_that_disagree() {
    assert_invalid(
        "firm-disagrees",
        &[
            "tests/fixtures/firm-disagrees/firms.csv:4: error: firm `F002` disagrees with its row at line 3: name is `秦巴茶叶` here but `秦巴茶业` there; a firm at several links is several rows whose other columns agree",
        ],
    );
}

/// A candidate's rows one after another, some repeating the row before
/// them exactly: each is compared with the candidate's first row — a row
/// that repeats a disagreeing row disagrees too, and a link listed twice
/// is a warning — and a row that failed (an unknown partner) is no first
/// row.
#[test]
fn candidate_rows_that_repeat_the_row_before() {
    let file = "tests/fixtures/candidate-repeats/candidates.csv";
    let disagrees = "error: candidate `C001` disagrees with its row at line 2: name is `远方茶饮有限公司` here but `远方茶饮` there; a candidate at several links is several rows whose other columns agree";
    let expected = [
        format!("{file}:4: {disagrees}"),
        format!("{file}:5: {disagrees}"),
        format!(
            "{file}:5: warning: candidate `C001` is listed twice at link `sell` of chain `tea` (also line 2); counted once"
        ),
        format!(
            "{file}:6: warning: candidate `C001` is listed twice at link `make` of chain `tea` (also line 3); counted once"
        ),
        format!(
            "{file}:7: error: unknown partner firm `F009`; partners lists the firm_id of local firms in the firms table, separated by `;`"
        ),
        format!(
            "{file}:9: warning: candidate `C002` is listed twice at link `make` of chain `tea` (also line 8); counted once"
        ),
    ];
    assert_invalid("candidate-repeats", &expected.iter().map(String::as_str).collect::<Vec<_>>());
}

/// A wrong value on many rows has its "did you mean" worked out once; the
/// same value in another chain is a link of that chain, with its own hint.
#[test]
fn repeated_unknowns_keep_their_own_hints() {
    let file = "tests/fixtures/repeated-unknowns/firms.csv";
    let expected = [
        format!("{file}:2: error: unknown chain `茶产业`; did you mean 产业链 `tea` 茶产业链?"),
        format!("{file}:3: error: unknown chain `茶产业`; did you mean 产业链 `tea` 茶产业链?"),
        format!("{file}:4: error: unknown link `加工厂` in chain `tea`; did you mean 环节 `make` 加工?"),
        format!("{file}:5: error: unknown link `加工厂` in chain `silk`; did you mean 环节 `mill` 加工厂房?"),
        format!("{file}:6: error: unknown link `加工厂` in chain `silk`; did you mean 环节 `mill` 加工厂房?"),
    ];
    assert_invalid("repeated-unknowns", &expected.iter().map(String::as_str).collect::<Vec<_>>());
}

/// An unknown candidate id is searched for among the candidates for the
/// first 20 distinct ids of a table, in file order (a search compares with
/// every candidate); an id met again keeps its hint; the rest get the plain
/// hint. The same on one thread or two.
#[test]
fn unknown_candidate_hints_for_the_first_twenty_ids() {
    let file = "tests/fixtures/unknown-candidates/projects.csv";
    let plain = "a project's candidate_id names a candidate of the candidates table; leave it empty for a project not recruited from the pool";
    let run = |threads: &str| {
        let output = chainmap()
            .args(["validate", "tests/fixtures/unknown-candidates"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let stdout = run("1");
    assert_eq!(stdout, run("2"));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 27, "{stdout}");
    assert_eq!(lines.iter().filter(|l| l.contains("; did you mean candidate")).count(), 21, "{stdout}");
    assert!(lines[19].starts_with(&format!("{file}:21: error: unknown candidate `C0020`; did you mean")), "{stdout}");
    assert_eq!(lines[20], format!("{file}:22: error: unknown candidate `C0021`; {plain}"));
    assert_eq!(lines[24], format!("{file}:26: error: unknown candidate `C0025`; {plain}"));
    assert_eq!(
        lines[25],
        format!("{file}:27: error: unknown candidate `C0001`; did you mean candidate `C001` 远方茶饮?")
    );
}

#[test]
fn bad_credit_code_is_a_warning() {
    chainmap()
        .args(["validate", "tests/fixtures/bad-credit-code"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "tests/fixtures/bad-credit-code/firms.csv:2: warning: firm_id `91350100M000100Y44` is not a valid Unified Social Credit Code: check character is `4`, expected `3`; compare it with the business licence\n",
        ))
        .stdout(predicate::str::ends_with("valid: 0 errors, 1 warning\n"));
}

#[test]
fn every_problem_in_one_run() {
    // Two files broken at once: both are reported, and nothing cascades.
    let dir = crate::copy_fixture("bad-enum");
    std::fs::copy(crate::fixture("bad-weight/tea.json"), dir.path().join("tea.json")).unwrap();
    let output = chainmap().arg("validate").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout.lines().filter(|l| l.contains(": error: ")).count(), 2, "{stdout}");
    assert!(stdout.contains("tea.json:8:86: error: weight of link `make`"), "{stdout}");
    assert!(stdout.contains("firms.csv:5: error: unknown role `boss`"), "{stdout}");
}

#[test]
fn json_output_lists_problems() {
    let output = chainmap().args(["validate", "tests/fixtures/unknown-link", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["problems"][0]["line"], 5);
    assert_eq!(json["problems"][0]["hint"], "did you mean 环节 `make` 加工?");
}

#[test]
fn missing_directory_is_an_error() {
    chainmap()
        .args(["validate", "no/such/dir"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("dataset directory `no/such/dir` not found"));
}

#[test]
fn usage_error_exits_2() {
    chainmap().args(["validate", "--format", "yaml"]).assert().code(2);
    chainmap().arg("frobnicate").assert().code(2);
}

#[test]
fn inputs_are_never_modified() {
    let dir = crate::copy_fixture("valid");
    let before = crate::tree(dir.path());
    chainmap().arg("validate").arg(dir.path()).assert().success();
    chainmap().arg("chains").arg(dir.path()).assert().success();
    assert_eq!(crate::tree(dir.path()), before);
}

/// Runs `validate` on a dataset directory and returns its problem lines,
/// each with the directory written as `DIR`, and the exit code.
fn problems_in(dir: &std::path::Path) -> (Vec<String>, i32) {
    let output = chainmap().arg("validate").arg(dir).output().expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8").replace(&dir.display().to_string(), "DIR");
    let mut lines: Vec<String> = stdout.lines().map(str::to_owned).collect();
    lines.pop(); // the summary
    (lines, output.status.code().expect("exit code"))
}

#[test]
fn more_tags_and_counties_than_an_index_holds() {
    // 65,537 firms, each with its own county and tag: the last of each does
    // not fit a 16-bit number. Reported once, at its line, not cut short.
    let dir = crate::copy_fixture("valid");
    let mut firms = String::from("firm_id,name,chain,link,county,tags\n");
    for i in 0..65_537 {
        writeln!(firms, "F{i:03},茶企{i},tea,grow,县{i},标签{i}").unwrap();
    }
    std::fs::write(dir.path().join("firms.csv"), firms).unwrap();
    let (problems, code) = problems_in(dir.path());
    assert_eq!(
        problems,
        [
            "DIR/firms.csv:65538: error: too many counties: a dataset holds at most 65536; a county cell names one county (县区); check that the column holds counties",
            "DIR/firms.csv:65538: error: too many different tags: a dataset holds at most 65536; tags are a short vocabulary such as 专精特新;高新技术企业; put other details in columns of their own",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn more_tags_in_one_cell_than_an_index_holds() {
    let dir = crate::copy_fixture("valid");
    let tags: Vec<String> = (0..65_537).map(|i| format!("t{i}")).collect();
    let firms = format!("firm_id,name,chain,link,tags\nF1,茶企,tea,grow,ok\nF002,茶企二,tea,make,{}\n", tags.join(";"));
    std::fs::write(dir.path().join("firms.csv"), firms).unwrap();
    let (problems, code) = problems_in(dir.path());
    // The cell is also longer than a list may be (issue 10 item 5).
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].starts_with("DIR/firms.csv:3: error: `tags` is 447648 characters long"), "{}", problems[0]);
    assert!(problems[1].starts_with("DIR/firms.csv:3: error: too many different tags"), "{}", problems[1]);
    assert_eq!(code, 1);
}

#[test]
fn more_counties_in_region_json_than_an_index_holds() {
    let dir = crate::copy_fixture("valid");
    let counties: Vec<String> = (0..65_537).map(|i| format!("\"县{i}\"")).collect();
    let mut region = format!("{{\"counties\": [\n{}\n]}}\n", counties.join(",\n"));
    // The firms' counties must be listed for the rest to be valid.
    region = region.replacen("\"县0\"", "\"东县\", \"西县\"", 1);
    std::fs::write(dir.path().join("region.json"), region).unwrap();
    let (problems, code) = problems_in(dir.path());
    assert_eq!(
        problems,
        [
            "DIR/region.json:65537:1: error: too many counties: a dataset holds at most 65536; list fewer counties in region.json"
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn more_links_than_a_chain_holds() {
    let dir = crate::copy_fixture("valid");
    let links: Vec<String> =
        (0..65_537).map(|i| format!("{{\"id\": \"l{i}\", \"name\": \"环节{i}\", \"stage\": \"upstream\"}}")).collect();
    let chain = format!("{{\"id\": \"big\", \"name\": \"大链\", \"links\": [\n{}\n]}}\n", links.join(",\n"));
    std::fs::write(dir.path().join("big.json"), chain).unwrap();
    let (problems, code) = problems_in(dir.path());
    assert_eq!(
        problems,
        [
            "DIR/big.json:65538:8: error: chain `big` has too many links: a chain holds at most 65536; split the chain into several chains"
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn more_chains_than_a_dataset_holds() {
    let dir = crate::copy_fixture("valid");
    for i in 0..65_536 {
        let chain = format!(
            r#"{{"id": "c{i:05}", "name": "链{i}", "links": [{{"id": "a", "name": "甲", "stage": "upstream"}}]}}"#
        );
        std::fs::write(dir.path().join(format!("c{i:05}.json")), chain).unwrap();
    }
    // `tea.json` comes after the 65,536 others by name: it is the one too many,
    // and the firms' rows naming it are not reported again.
    let (problems, code) = problems_in(dir.path());
    assert_eq!(
        problems,
        [
            "DIR/tea.json: error: too many chains: a dataset holds at most 65536; split the region over several dataset directories"
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn references_to_a_firm_whose_rows_failed_are_not_reported_again() {
    // F002's rows fail; the candidate and the problem that name it are not
    // reported a second time, while a problem of a firm that is nowhere is.
    let dir = crate::copy_fixture("valid");
    let firms = std::fs::read_to_string(crate::fixture("valid/firms.csv")).unwrap().replace("yes,leader", "yes,boss");
    std::fs::write(dir.path().join("firms.csv"), firms).unwrap();
    std::fs::write(
        dir.path().join("problems.csv"),
        "firm_id,category,description,status,reported\nF002,资金保障,缺流动资金,open,2026-03-01\nF999,用地建设,缺地,open,2026-03-02\n",
    )
    .unwrap();
    let (problems, code) = problems_in(dir.path());
    assert_eq!(
        problems,
        [
            "DIR/firms.csv:3: error: unknown role `boss`; use one of leader 链主, backbone 骨干, supporting 配套",
            "DIR/firms.csv:4: error: unknown role `boss`; use one of leader 链主, backbone 骨干, supporting 配套",
            "DIR/problems.csv:3: error: unknown firm `F999`; a problem belongs to a firm of the firms table; use its firm_id",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn problems_carry_their_kind() {
    use chainmap::load::DiagKind;

    let kinds = |name: &str| -> Vec<DiagKind> {
        match chainmap::load::load_dataset(&crate::fixture(name)) {
            Err(chainmap::load::LoadError::Invalid(problems)) => problems.into_iter().map(|d| d.kind).collect(),
            other => panic!("{name} should be invalid: {other:?}"),
        }
    };
    assert_eq!(kinds("unknown-link"), [DiagKind::UnknownLink { chain: "tea".into(), value: "加工厂".into() }]);
    assert_eq!(kinds("unknown-chain"), [DiagKind::UnknownChain { value: "茶叶产业链".into() }]);
    assert_eq!(kinds("missing-column"), [DiagKind::MissingColumn { column: "link" }]);
    assert_eq!(kinds("bad-enum"), [DiagKind::Other]);
}

/// docs/formats.md says the factor names of the weight maps are checked.
#[test]
fn unknown_weight_factor_names_are_errors_at_their_key() {
    let dir = crate::copy_fixture("valid");
    std::fs::write(
        dir.path().join("region.json"),
        r#"{"counties": ["东县", "西县"], "priority_weights": {"gap": 50}, "fit_weights": {"bogus": 1}}"#,
    )
    .unwrap();
    let (problems, code) = problems_in(dir.path());
    assert_eq!(
        problems,
        [
            "DIR/region.json:1:56: error: unknown factor `gap` in priority_weights; did you mean `gap_kind`?",
            "DIR/region.json:1:86: error: unknown factor `bogus` in fit_weights; the factors are size, tags, ties, \
             stage, region, second_source",
        ]
    );
    assert_eq!(code, 1);
}

/// Issue 10 item 8: the same firm entered under two ids (its credit code
/// written two ways, or its name under a second id) was counted twice
/// without a word; each is now a warning naming both lines.
#[test]
fn same_firm_under_two_ids_is_a_warning_naming_both_lines() {
    let (stdout, code) = validate("same-firm-twice");
    assert_eq!(code, 0, "{stdout}");
    let file = "tests/fixtures/same-firm-twice/firms.csv";
    let warnings: Vec<&str> = stdout.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(
        warnings,
        [
            format!(
                "{file}:5: warning: firm `9135 0100-m000 100Y43` has the credit code of firm `91350100M000100Y43` at line 2, written differently: one firm under two ids is counted twice; write the firm's 统一社会信用代码 the same way on all its rows"
            ),
            format!(
                "{file}:6: warning: firm `F009` has the name `秦巴茶业` of firm `F002` at line 3: one firm under two ids is counted twice; give one firm one id (its 统一社会信用代码) on all its rows, or tell the two firms apart by name"
            ),
        ]
    );
}

/// `validate` on a copy of the `valid` fixture changed by `edit` (file
/// name, text → new text): its exit code and its problem lines, with the
/// temporary directory's path replaced by `DIR`.
fn validate_edited(edits: &[(&str, &dyn Fn(String) -> String)]) -> (i32, Vec<String>) {
    let dir = crate::copy_fixture("valid");
    for (name, edit) in edits {
        let path = dir.path().join(name);
        std::fs::write(&path, edit(std::fs::read_to_string(&path).unwrap())).unwrap();
    }
    let output = chainmap().arg("validate").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap().replace(&dir.path().display().to_string(), "DIR");
    let problems = stdout.lines().filter(|l| l.contains(": error: ")).map(str::to_owned).collect();
    (output.status.code().unwrap(), problems)
}

/// Issue 10 item 5: a 40,000-character firm name validated and then broke
/// `report` (Excel's 32,767-character cell limit, without file or line); a
/// 20,000-character link name broke `dot`. Both are now errors of `validate`
/// with their place.
#[test]
fn overlong_names_are_errors_with_their_place() {
    let long_name = "茶".repeat(40_000);
    let long_link = "加".repeat(20_000);
    let (code, problems) = validate_edited(&[
        ("firms.csv", &|t: String| t.replace("茶农合作社", &long_name)),
        ("tea.json", &|t: String| t.replace("\"name\": \"加工\"", &format!("\"name\": \"{long_link}\""))),
    ]);
    assert_eq!(code, 1);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        problems[0],
        "DIR/firms.csv:2: error: `name` is 40000 characters long; a name, id, word or figure holds at most 200; shorten it; notes belong in a column of their own, which chainmap ignores"
    );
    assert!(
        problems[1].starts_with("DIR/tea.json:")
            && problems[1].contains(": error: a link name is 20000 characters long; an id or a name holds at most 200"),
        "{}",
        problems[1]
    );
}

/// Issue 10 item 6: figures past what the domain can mean (1e308 of
/// output, a weight of 1e308) passed and came out as null priorities and
/// NaN; NaN and inf spelled out are no numbers. Each is an error with its place.
#[test]
fn figures_out_of_bounds_are_errors_with_their_place() {
    let (code, problems) = validate_edited(&[
        ("firms.csv", &|t: String| t.replace(",300,25,", ",1e308,25,").replace(",800,40,", ",NaN,40,")),
        ("candidates.csv", &|t: String| t.replace(",30000,", ",inf,")),
        ("tea.json", &|t: String| t.replace("\"weight\": 2.0", "\"weight\": 1e308")),
    ]);
    assert_eq!(code, 1);
    assert!(problems.iter().any(|p| p.starts_with("DIR/firms.csv:2: error: `output` is 1e308, more than a figure here can be; amounts are in 万元 and at most 10000000000")), "{problems:?}");
    assert!(
        problems.iter().any(|p| p.starts_with("DIR/firms.csv:5: error: `output` is not a number: `NaN`")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("DIR/candidates.csv:2: error: `revenue` is not a number: `inf`")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("tea.json:")
            && p.contains("error: weight of link `make` is 1e308, more than the most, 1000")),
        "{problems:?}"
    );
}

#[test]
fn dispatch_columns_in_every_written_form_with_their_slips() {
    assert_invalid(
        "bad-dispatch",
        &[
            "tests/fixtures/bad-dispatch/problems.csv:2: warning: deadline 2026-01-10 is before the day the problem was reported, 2026-01-15; 办结时限 is the day it should be resolved by; check the year and the month",
            "tests/fixtures/bad-dispatch/problems.csv:4: warning: the problem is open but has a resolved_on date, 2026-02-25; set its status to resolved (已解决), or clear 办结日期 if it is still open",
            "tests/fixtures/bad-dispatch/problems.csv:5: error: `deadline` is not a date: `2026年3月`; `2026年3月` is a month; write the day too, such as 2026年3月1日 or 2026-03-01",
            "tests/fixtures/bad-dispatch/projects.csv:2: warning: completed_investment 9000 is more than the investment 8000; completed investment (已完成投资) counts toward the planned total (投资额); check the unit and the digits",
            "tests/fixtures/bad-dispatch/projects.csv:3: error: unknown candidate `C0O2`; did you mean candidate `C002` 茶机制造?",
            "tests/fixtures/bad-dispatch/projects.csv:4: error: `completed_investment` is not a number: `一半`; write a plain number such as 1200 or 1200.5 (units are 万元)",
        ],
    );
}

/// A candidate's partners are looked up when its run of rows is parsed,
/// all at once: an id that is no firm is still an error at its own line,
/// whichever of a row's partners it is, and a known one beside it is not.
#[test]
fn unknown_partners_are_errors_at_their_line() {
    let (code, problems) = validate_edited(&[("candidates.csv", &|t: String| {
        t.replace(",F002,intent", ",F404;F002,intent").replace(",专精特新,,none", ",专精特新,F001、F405,none")
    })]);
    assert_eq!(code, 1);
    assert_eq!(
        problems,
        [
            "DIR/candidates.csv:2: error: unknown partner firm `F404`; partners lists the firm_id of local firms in the firms table, separated by `;`",
            "DIR/candidates.csv:3: error: unknown partner firm `F405`; partners lists the firm_id of local firms in the firms table, separated by `;`",
        ]
    );
}

/// A candidate's rows repeat its partners, and a cell the same as the row
/// before's is looked up once: an unknown partner is still an error at
/// every row that names it, and a row naming other partners is looked up
/// on its own.
#[test]
fn repeated_partner_cells_are_errors_at_every_row() {
    let (code, problems) = validate_edited(&[("candidates.csv", &|_: String| {
        "candidate_id,name,region,chain,link,revenue,tags,partners,stage\n\
         C001,远方茶饮,成都,tea,sell,30000,上市,F002;F404,intent\n\
         C001,远方茶饮,成都,tea,make,30000,上市,F002;F404,intent\n\
         C002,茶机制造,江苏苏州,tea,grow,1500,专精特新,F001,none\n\
         C002,茶机制造,江苏苏州,tea,sell,1500,专精特新,F001,none\n\
         C003,茶包装,浙江杭州,tea,make,800,,F001,none\n\
         C003,茶包装,浙江杭州,tea,sell,800,,F405,none\n"
            .to_owned()
    })]);
    assert_eq!(code, 1);
    let unknown = |line: usize, id: &str| {
        format!(
            "DIR/candidates.csv:{line}: error: unknown partner firm `{id}`; partners lists the firm_id of local firms in the firms table, separated by `;`"
        )
    };
    assert_eq!(problems, [unknown(2, "F404"), unknown(3, "F404"), unknown(7, "F405")]);
}
