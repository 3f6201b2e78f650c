//! `targets`, `plan` and `simulate` on a fixture where the right picks are
//! evident by hand (tests/fixtures/recruit):
//!
//! ```text
//! heavy:  a → b → c,  d alone     a, c leaders; b missing (bridge, weight 3); d missing (isolated, weight 0.5)
//! two:    p → q → s → t           p, t leaders; q, s missing (bridges, weight 1)
//! CB fills b, CD fills d, C1 fills q, C2 fills q and s: all alike (1000 万元, no tags, no ties, 未接触)
//! CS fills b, a 500强 with 90亿 of revenue, but already signed
//! ```

use calamine::Reader;
use serde_json::Value;

use crate::chainmap;

fn json(args: &[&str]) -> Value {
    let output = chainmap().args(args).args(["--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn close(value: &Value, expected: f64) {
    let v = value.as_f64().unwrap_or_else(|| panic!("{value} is not a number"));
    assert!((v - expected).abs() < 1e-9, "{v} != {expected}");
}

#[test]
fn targets_rank_by_worth_and_leave_signed_apart() {
    let doc = json(&["targets", "tests/fixtures/recruit"]);
    let ids: Vec<&str> = doc["targets"].as_array().unwrap().iter().map(|t| t["candidate"].as_str().unwrap()).collect();
    // Two bridges beat one of equal worth; a heavy bridge beats a light blank.
    assert_eq!(ids, ["C2", "C1", "CB", "CD"]);
    assert_eq!(doc["signed"][0]["candidate"], "CS");
    let c2 = &doc["targets"][0];
    assert_eq!(c2["rank"], 1);
    assert_eq!(c2["fills"].as_array().unwrap().len(), 2);
    assert_eq!(c2["fills"][0]["gap"], "bridge");
    close(&c2["fills"][0]["priority"], 100.0);
    // fit = 25 × size((log10 1000 − 2) / 3) / 110, the sum of the default
    // weights (second_source is 0: no link it fills hangs on one firm)
    close(&c2["factors"]["fit"], 0.0758);
    close(&c2["factors"]["size"], 0.3333);
    close(&c2["factors"]["second_source"], 0.0);
    close(&c2["factors"]["priority_sum"], 200.0);
    close(&c2["score"], 15.1515);
    assert_eq!(c2["reasons"][0], "补 冶炼 断链");
}

#[test]
fn targets_filter_by_chain_link_and_top() {
    let doc = json(&["targets", "tests/fixtures/recruit", "--chain", "heavy", "--link", "核心部件"]);
    let ids: Vec<&str> = doc["targets"].as_array().unwrap().iter().map(|t| t["candidate"].as_str().unwrap()).collect();
    assert_eq!(ids, ["CB"]);
    let doc = json(&["targets", "tests/fixtures/recruit", "--top", "2"]);
    assert_eq!(doc["targets"].as_array().unwrap().len(), 2);
}

#[test]
fn plan_picks_by_marginal_gain_and_stops_early() {
    let doc = json(&["plan", "tests/fixtures/recruit", "--budget", "10"]);
    let picks = doc["picks"].as_array().unwrap();
    let ids: Vec<&str> = picks.iter().map(|p| p["candidate"].as_str().unwrap()).collect();
    // CB: b (weight 3 of 5.5) missing → weak; C2: q and s (1 + 1 of 4) missing → weak;
    // then C1 adds nothing (q is already weak), CD a little; the signed CS never.
    assert_eq!(ids, ["CB", "C2", "CD"]);
    close(&picks[0]["gain"], 1.5 / 5.5);
    close(&picks[1]["gain"], 0.25);
    close(&picks[2]["gain"], 0.25 / 5.5);
    assert_eq!(picks[0]["changes"][0]["from"], "missing");
    assert_eq!(picks[0]["changes"][0]["to"], "weak");
    close(&doc["before"]["heavy"], 2.0 / 5.5);
    close(&doc["after"]["heavy"], 3.75 / 5.5);
    close(&doc["after"]["two"], 0.75);
}

#[test]
fn plan_gains_equal_what_simulate_reports() {
    let plan = json(&["plan", "tests/fixtures/recruit", "--budget", "2"]);
    let picks: Vec<&str> = plan["picks"].as_array().unwrap().iter().map(|p| p["candidate"].as_str().unwrap()).collect();
    let gains: f64 = plan["picks"].as_array().unwrap().iter().map(|p| p["gain"].as_f64().unwrap()).sum();
    let sim = json(&["simulate", "tests/fixtures/recruit", "--recruit", &picks.join(",")]);
    let before: f64 = sim["before"].as_object().unwrap().values().map(|v| v.as_f64().unwrap()).sum();
    let after: f64 = sim["after"].as_object().unwrap().values().map(|v| v.as_f64().unwrap()).sum();
    assert!((after - before - gains).abs() < 1e-12);
    assert_eq!(sim["changed_links"].as_array().unwrap().len(), 3);
}

#[test]
fn plan_for_one_chain() {
    let doc = json(&["plan", "tests/fixtures/recruit", "--budget", "5", "--chain", "two"]);
    let ids: Vec<&str> = doc["picks"].as_array().unwrap().iter().map(|p| p["candidate"].as_str().unwrap()).collect();
    assert_eq!(ids, ["C2"]);
    assert_eq!(doc["before"].as_object().unwrap().len(), 1);
}

#[test]
fn simulate_unknown_ids_are_named() {
    chainmap()
        .args(["simulate", "tests/fixtures/recruit", "--recruit", "CB,NOPE,ZZ"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown candidate id(s): NOPE, ZZ"));
}

#[test]
fn simulate_applies_signed_candidates_too() {
    let sim = json(&["simulate", "tests/fixtures/recruit", "--recruit", "CS"]);
    // A 500强 counts as a leader: b goes straight to strong.
    assert_eq!(sim["changed_links"][0]["link"], "b");
    assert_eq!(sim["changed_links"][0]["to"], "strong");
}

#[test]
fn targets_xlsx_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("targets.xlsx");
    chainmap().args(["targets", "tests/fixtures/recruit", "--format", "xlsx", "-o"]).arg(&path).assert().success();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = book.worksheet_range("招商目标").unwrap();
    assert_eq!(range.get_size().0, 5);
    assert_eq!(range.get((1, 1)).unwrap().to_string(), "C2");
    // Scores are numbers, not text.
    assert!(matches!(range.get((1, 4)).unwrap(), calamine::Data::Float(_)));
}

#[test]
fn shipped_dataset_gives_actionable_lists() {
    let doc = json(&["targets"]);
    let targets = doc["targets"].as_array().unwrap();
    assert!(targets.len() > 50);
    assert!(targets.iter().all(|t| !t["reasons"].as_array().unwrap().is_empty()));
    assert!(!doc["signed"].as_array().unwrap().is_empty());
    let plan = json(&["plan", "--budget", "5"]);
    assert_eq!(plan["picks"].as_array().unwrap().len(), 5);
    assert!(plan["picks"].as_array().unwrap().iter().all(|p| p["gain"].as_f64().unwrap() > 0.0));
}

#[test]
fn byte_identical_on_one_and_two_threads() {
    for args in [&["targets", "--format", "json"][..], &["plan", "--budget", "20", "--format", "json"][..]] {
        let run = |threads: &str| chainmap().env("RAYON_NUM_THREADS", threads).args(args).output().unwrap().stdout;
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("2"), "{args:?}");
    }
}

/// Each number in `text` that is a zero written with a minus sign
/// (`-0`, `-0.00`), with what follows it.
fn negative_zeros(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('-') {
        let digits: String = text[at + 1..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        if digits.starts_with('0') && digits.chars().all(|c| c == '0' || c == '.') {
            found.push(text[at..].chars().take(12).collect());
        }
    }
    found
}

#[test]
fn plan_budget_zero_says_0_00_not_minus_0_00() {
    let table = chainmap().args(["plan", "tests/fixtures/recruit", "--budget", "0"]).output().unwrap();
    assert!(table.status.success());
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.starts_with("招商组合: 预算 0 家, 选中 0 家, 完整度合计提升 0.00 个百分点\n"), "{text}");
    assert_eq!(negative_zeros(&text), Vec::<String>::new(), "{text}");
}

#[test]
fn plan_and_simulate_never_print_a_negative_zero() {
    let runs: [&[&str]; 5] = [
        &["plan", "tests/fixtures/recruit", "--budget", "0"],
        // The plan stops early: nothing gains after the third pick.
        &["plan", "tests/fixtures/recruit", "--budget", "10"],
        &["plan", "tests/fixtures/recruit", "--budget", "3", "--chain", "heavy"],
        &["simulate", "tests/fixtures/recruit", "--recruit", "C1,CD"],
        &["simulate", "tests/fixtures/recruit", "--recruit", "CS"],
    ];
    for args in runs {
        for format in ["table", "md", "csv", "json"] {
            let output = chainmap().args(args).args(["--format", format]).output().unwrap();
            assert!(output.status.success(), "{args:?} {format}: {}", String::from_utf8_lossy(&output.stderr));
            let text = String::from_utf8(output.stdout).unwrap();
            assert_eq!(negative_zeros(&text), Vec::<String>::new(), "{args:?} --format {format}:\n{text}");
        }
    }
}

/// Issue 10 item 12: a dataset with chains and firms but no candidate pool
/// is whole (SPEC §3). Everything works; `targets` and `plan` say in one
/// line that there is no pool and give an empty result.
#[test]
fn candidates_are_optional() {
    let dir = "tests/fixtures/no-candidates";
    chainmap().args(["validate", dir]).assert().success();
    for args in [&["gaps", dir][..], &["chains", dir], &["risk", dir]] {
        let output = chainmap().args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(!output.stdout.is_empty(), "{args:?} printed nothing");
    }
    let out = tempfile::tempdir().unwrap();
    let map = out.path().join("tea.dot");
    chainmap().args(["map", dir, "--chain", "tea", "-o"]).arg(&map).assert().success();
    assert!(map.is_file());
    let report = out.path().join("report");
    chainmap().args(["report", dir, "-o"]).arg(&report).assert().success();
    assert!(report.join("index.html").is_file());

    for args in [&["targets", dir][..], &["plan", dir, "--budget", "3"]] {
        let output = chainmap().args(args).args(["--format", "json"]).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("note: no candidate pool in tests/fixtures/no-candidates"), "{stderr}");
        let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
        let list = if args[0] == "targets" { &doc["targets"] } else { &doc["picks"] };
        assert_eq!(list.as_array().map(Vec::len), Some(0), "{doc}");
    }
    // The table output succeeds too, with the same note.
    let output = chainmap().args(["targets", dir]).output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no candidate pool"));
}

/// The recruit fixture in a temporary directory with `line` added to its
/// candidates table.
fn recruit_with_candidate(line: &str) -> tempfile::TempDir {
    let dir = crate::copy_fixture("recruit");
    let path = dir.path().join("candidates.csv");
    let mut table = std::fs::read_to_string(&path).unwrap();
    table.push_str(line);
    table.push('\n');
    std::fs::write(&path, table).unwrap();
    dir
}

/// Issue 10 item 8: tags typed with a full-width comma, or in their long
/// official forms, count as the tags they are (SPEC §3.2). `上市，专精特新`
/// used to be one unknown tag (fit factor `tags` 0); `拟上市` is not 上市.
#[test]
fn tags_split_on_full_width_separators_and_long_forms_count() {
    for (tags, expected) in [
        ("上市，专精特新", 0.8),
        ("专精特新|上市", 0.8),
        ("国家级专精特新“小巨人”", 0.7),
        ("省级专精特新中小企业、高新区企业", 0.5),
        ("拟上市", 0.0),
    ] {
        let dir = recruit_with_candidate(&format!("CX,新材料厂,湖南长沙,heavy,d,1000,{tags},,none"));
        let doc = json(&["targets", dir.path().to_str().unwrap()]);
        let cx = doc["targets"].as_array().unwrap().iter().find(|t| t["candidate"] == "CX").expect("CX is a target");
        close(&cx["factors"]["tags"], expected);
    }
}

/// Issue 10 item 8: a candidate that serves only strong links is no
/// target; it is now named apart instead of vanishing, and `--link` on a
/// strong link says why the list is empty.
#[test]
fn candidate_serving_only_strong_links_is_named_and_strong_link_says_why() {
    let dir = recruit_with_candidate("CA,原料二厂,湖南长沙,heavy,a,1000,,,none");
    let path = dir.path().to_str().unwrap();
    let doc = json(&["targets", path]);
    assert_eq!(doc["strong_only"], serde_json::json!([{"candidate": "CA", "name": "原料二厂"}]));
    let output = chainmap().args(["targets", path]).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("只对应强链环节, 无缺口可补（不列为招商目标）: CA 原料二厂"), "{stdout}");

    let output =
        chainmap().args(["targets", path, "--chain", "heavy", "--link", "a", "--format", "json"]).output().unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("note: link `a` 原料 of chain `heavy` is strong (no gap), so nobody is a target for it"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["targets"], serde_json::json!([]));
}
