//! `chainmap gaps` on a hand-computed fixture (tests/fixtures/gaps):
//!
//! ```text
//! demo:  e → a → b → c → d → g      f (alone)
//!        a: one active leader (strong)      b: only a halted firm (missing)
//!        c: two above-scale firms (strong)  d: one small firm listed twice (weak)
//!        weights: a 2, the rest 1
//! loop:  s → r1 → r2 → r3 → r1 (a recycling cycle), r2 → t
//!        s leader; r1, r2 (reduced), t one small firm each; r3 none
//! ```

use serde_json::Value;

use crate::chainmap;

fn gaps_json(args: &[&str]) -> Value {
    let output = chainmap().args(["gaps", "tests/fixtures/gaps", "--format", "json"]).args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn link<'a>(doc: &'a Value, chain: &str, link: &str) -> &'a Value {
    let chain = doc["chains"].as_array().unwrap().iter().find(|c| c["id"] == chain).unwrap();
    chain["links"].as_array().unwrap().iter().find(|l| l["id"] == link).unwrap()
}

fn close(value: &Value, expected: f64) {
    let v = value.as_f64().unwrap_or_else(|| panic!("{value} is not a number"));
    assert!((v - expected).abs() < 1e-9, "{v} != {expected}");
}

#[test]
fn one_gap_kind_each() {
    let doc = gaps_json(&[]);
    let expect = [
        ("a", "strong", Value::Null),
        ("b", "missing", "bridge".into()),
        ("c", "strong", Value::Null),
        ("d", "weak", "strengthen".into()),
        ("e", "missing", "extend_upstream".into()),
        ("f", "missing", "isolated".into()),
        ("g", "missing", "extend_downstream".into()),
    ];
    for (id, status, gap) in expect {
        let l = link(&doc, "demo", id);
        assert_eq!(l["status"], status, "status of {id}");
        assert_eq!(l["gap"], gap, "gap of {id}");
        assert_eq!(l["priority"].is_null(), gap.is_null(), "priority is null exactly when gap is ({id})");
    }
}

#[test]
fn firm_counts_halted_and_twice_listed() {
    let doc = gaps_json(&[]);
    // A halted leader alone leaves the link missing.
    assert_eq!(link(&doc, "demo", "b")["firms"], 1);
    assert_eq!(link(&doc, "demo", "b")["active_firms"], 0);
    // A firm listed twice at one link counts once.
    assert_eq!(link(&doc, "demo", "d")["firms"], 1);
    // A leader alone is strong; so are two above-scale firms without one.
    assert_eq!(link(&doc, "demo", "a")["active_firms"], 1);
    assert_eq!(link(&doc, "demo", "c")["active_firms"], 2);
}

#[test]
fn completeness_closed_loop_and_path_share() {
    let doc = gaps_json(&[]);
    let demo = &doc["chains"][0];
    assert_eq!(demo["id"], "demo");
    // (2·1 + 1·0 + 1·1 + 1·0.5 + 0 + 0 + 0) / 8
    close(&demo["completeness"], 3.5 / 8.0);
    // Both sources (e and the lone f) are missing.
    assert_eq!(demo["closed_loop"], false);
    // Two source-to-sink paths: e→…→g and the lone f.
    for id in ["a", "b", "c", "d", "e", "f", "g"] {
        close(&link(&doc, "demo", id)["path_share"], 0.5);
    }
    let lp = &doc["chains"][1];
    assert_eq!(lp["id"], "loop");
    close(&lp["completeness"], 2.5 / 5.0);
    // s → r1 → r2 → t is covered all the way.
    assert_eq!(lp["closed_loop"], true);
    // r3 is missing inside a cycle whose other members are covered.
    assert_eq!(link(&doc, "loop", "r3")["gap"], "bridge");
    for id in ["s", "r1", "r2", "r3", "t"] {
        close(&link(&doc, "loop", id)["path_share"], 1.0);
    }
}

#[test]
fn priorities_and_factors_by_hand() {
    let doc = gaps_json(&[]);
    // Largest demand pull is b's: a (1000) + c (3000 + 1000) = 5000. Largest weight is 2.
    let expect = [
        ("b", 80.0, [1.0, 0.5, 1.0, 0.5]),
        ("d", 56.0, [0.5, 0.5, 0.8, 0.5]),
        ("e", 52.0, [0.7, 0.5, 0.2, 0.5]),
        ("g", 48.8, [0.7, 0.5, 0.04, 0.5]),
        ("f", 32.0, [0.3, 0.5, 0.0, 0.5]),
    ];
    for (id, priority, [kind, share, pull, weight]) in expect {
        let l = link(&doc, "demo", id);
        close(&l["priority"], priority);
        close(&l["factors"]["gap_kind"], kind);
        close(&l["factors"]["path_share"], share);
        close(&l["factors"]["demand_pull"], pull);
        close(&l["factors"]["weight"], weight);
    }
}

#[test]
fn filters_by_chain_and_status() {
    let doc = gaps_json(&["--chain", "loop", "--status", "missing,weak"]);
    let chains = doc["chains"].as_array().unwrap();
    assert_eq!(chains.len(), 1);
    let ids: Vec<&str> = chains[0]["links"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["r1", "r2", "r3", "t"]);
}

#[test]
fn unknown_chain_is_a_usage_error() {
    chainmap()
        .args(["gaps", "tests/fixtures/gaps", "--chain", "lop"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown chain `lop`; did you mean `loop` 循环链?"));
    chainmap().args(["gaps", "tests/fixtures/gaps", "--status", "broken"]).assert().code(2);
}

#[test]
fn table_is_sorted_by_priority_with_chinese_words() {
    let output = chainmap().args(["gaps", "tests/fixtures/gaps", "--chain", "demo"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "演示链 (demo)  完整度 43.8%  未闭环  缺失 4 个, 薄弱 1 个");
    assert!(lines[3].starts_with("  80.0  b     初加工    中游      缺失  补链"), "{text}");
    assert!(lines[3].ends_with("断链: 上下游均有本地企业"), "{text}");
    assert!(lines[7].contains("空白"), "{text}");
}

#[test]
fn shipped_dataset_shows_every_status_and_gap_kind() {
    let output = chainmap().args(["gaps", "--format", "json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut statuses = std::collections::BTreeSet::new();
    let mut gaps = std::collections::BTreeSet::new();
    for chain in doc["chains"].as_array().unwrap() {
        for l in chain["links"].as_array().unwrap() {
            statuses.insert(l["status"].as_str().unwrap().to_owned());
            if let Some(g) = l["gap"].as_str() {
                gaps.insert(g.to_owned());
            }
        }
    }
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), ["missing", "strong", "weak"]);
    assert_eq!(
        gaps.into_iter().collect::<Vec<_>>(),
        ["bridge", "extend_downstream", "extend_upstream", "isolated", "strengthen"]
    );
}

#[test]
fn byte_identical_on_one_and_two_threads() {
    for format in ["json", "table", "csv"] {
        let run = |threads: &str| {
            chainmap().env("RAYON_NUM_THREADS", threads).args(["gaps", "--format", format]).output().unwrap().stdout
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("2"), "{format}");
    }
}

#[test]
fn a_link_in_a_supply_cycle_says_so_in_its_reason() {
    let doc = gaps_json(&["--chain", "loop"]);
    // r1 → r2 → r3 → r1: three links taken as one.
    for id in ["r1", "r2", "r3"] {
        let reason = link(&doc, "loop", id)["reason"].as_str().unwrap().to_owned();
        assert!(reason.ends_with("(处于 3 个环节构成的供应循环, 按整体计算)"), "{id}: {reason}");
    }
    let t = link(&doc, "loop", "t")["reason"].as_str().unwrap().to_owned();
    assert!(!t.contains("循环"), "{t}");
}

/// The shipped recycling edges (spent batteries back to 锂盐 and 前驱体,
/// recycled lead back to 铅酸蓄电池) are `"kind": "recycle"`: they do not
/// fuse the links they pass into one component, so no link there is in a
/// supply cycle and 锂盐 is not on every path.
#[test]
fn shipped_recycling_edges_do_not_fuse_their_chains() {
    let output = chainmap().args(["gaps", "chains", "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    for chain in ["lithium", "new-materials"] {
        let c = doc["chains"].as_array().unwrap().iter().find(|c| c["id"] == chain).unwrap();
        for l in c["links"].as_array().unwrap() {
            let reason = l["reason"].as_str().unwrap_or_default();
            assert!(!reason.contains("供应循环"), "{chain}/{}: {reason}", l["id"]);
        }
    }
    let salt = link(&doc, "lithium", "lithium-salt")["path_share"].as_f64().unwrap();
    assert!(salt < 0.5, "锂盐 path share {salt}");
}
