//! Change over time: `chainmap diff` on a fixture pair whose every change
//! was worked out by hand, problems paired with and without ids, the
//! snapshot round trip, and the snapshot's refusals.
//!
//! ```text
//! tests/fixtures/diff/old                        tests/fixtures/diff/new
//! food: farm → mill(w2) → pack ← cold            food: farm → mill(w2) → pack → retail
//!   farm F01 leader        strong                  farm F01 leader            strong
//!   mill F02 supporting    weak                    mill F02 leader, above     strong   (weak → strong)
//!   pack F03 halted        missing                 pack F03 operating         weak     (missing → weak)
//!   cold F04               weak                    retail F04 (moved, 东县)   weak     (cold removed, retail added)
//!   completeness (1 + 2·½ + 0 + ½)/5 = 0.5         (1 + 2·1 + ½ + ½)/5 = 0.8
//!   closed loop: pack missing → false              farm → mill → pack → retail covered → true
//! silk: spin F05 (above)   removed with F05        tea: grow F07 (added, above), brew   added
//! above scale: F01, F05 = 2                       F01, F02, F07 = 3 → net +1
//! candidates: C1 negotiating, C2 none             C1 signed, C3 contacted (C2 removed)
//! projects:   P1 planned, P2 construction         P1 construction, P3 planned (P2 removed)
//! problems: Q1 open, Q2 resolved, Q3 open,        Q1 resolved, Q2 resolved, Q3 open (reworded),
//!           Q4 resolved, Q7 open (F05)            Q4 open again, Q5 open (new), Q6 resolved (new)
//! ```

use std::path::Path;

use serde_json::{Value, json};

use crate::{chainmap, copy_fixture_into, fixture};

/// Runs `chainmap diff OLD NEW --format json` and parses what it prints.
fn diff_json(old: &Path, new: &Path) -> Value {
    let output = chainmap().args(["diff"]).arg(old).arg(new).args(["--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// The problems part of the fixture's diff, by `problem_id`: Q4 was resolved
/// and is open again, Q5 is new; Q1 was open and is resolved, Q6 is new and
/// resolved; Q3 is the same problem reworded.
fn problems_by_id() -> Value {
    json!({
        "opened": [
            {"problem": "Q4", "firm": "F04", "name": "冷链公司", "category": "land_construction", "description": "冷库用地"},
            {"problem": "Q5", "firm": "F07", "name": "茶园公司", "category": "talent_technology", "description": "缺技术人员"}
        ],
        "resolved": [
            {"problem": "Q1", "firm": "F02", "name": "加工厂", "category": "funding", "description": "流动资金不足"},
            {"problem": "Q6", "firm": "F02", "name": "加工厂", "category": "factors", "description": "用电紧张"}
        ],
        "open": 3, "resolved_total": 3, "total": 6, "resolution_rate": 0.5
    })
}

#[test]
fn diff_json_is_as_worked_out_by_hand() {
    let got = diff_json(&fixture("diff/old"), &fixture("diff/new"));
    let expected = json!({
        "chains": [{
            "id": "food",
            "completeness": [0.5, 0.8],
            "closed_loop": [false, true],
            "status_changes": [
                {"link": "mill", "from": "weak", "to": "strong"},
                {"link": "pack", "from": "missing", "to": "weak"}
            ],
            "links_added": ["retail"],
            "links_removed": ["cold"]
        }],
        "chains_added": ["tea"],
        "chains_removed": ["silk"],
        "firms": {
            "added": [{"firm": "F07", "name": "茶园公司"}],
            "removed": [{"firm": "F05", "name": "丝厂"}],
            "changed": [
                {"firm": "F02", "name": "加工厂", "field": "above_scale", "from": false, "to": true},
                {"firm": "F02", "name": "加工厂", "field": "role", "from": "supporting", "to": "leader"},
                {"firm": "F03", "name": "包装厂", "field": "status", "from": "halted", "to": "operating"},
                {"firm": "F04", "name": "冷链公司", "field": "county", "from": "西县", "to": "东县"},
                {"firm": "F04", "name": "冷链公司", "field": "links", "from": "food/cold", "to": "food/retail"}
            ]
        },
        "candidates": {
            "added": [{"candidate": "C3", "name": "茶饮集团"}],
            "removed": [{"candidate": "C2", "name": "良种公司"}],
            "stage_changes": [{"candidate": "C1", "name": "远方包装", "from": "negotiating", "to": "signed"}]
        },
        "projects": {
            "added": [{"project": "P3", "name": "茶园提升项目"}],
            "removed": [{"project": "P2", "name": "缫丝技改项目"}],
            "stage_changes": [{"project": "P1", "name": "加工扩能项目", "from": "planned", "to": "construction"}]
        },
        "problems": problems_by_id(),
        "above_scale_net": 1
    });
    assert_eq!(got, expected, "{}", serde_json::to_string_pretty(&got).unwrap());
}

#[test]
fn the_json_keys_come_in_the_order_of_the_format() {
    let output = chainmap()
        .args(["diff", "tests/fixtures/diff/old", "tests/fixtures/diff/new", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let top: Vec<&str> =
        text.lines().filter(|l| l.starts_with("  \"")).map(|l| l.trim().split('"').nth(1).unwrap()).collect();
    assert_eq!(
        top,
        ["chains", "chains_added", "chains_removed", "firms", "candidates", "projects", "problems", "above_scale_net"]
    );
}

/// Writes `dir/problems.csv` without its `problem_id` column.
fn drop_problem_ids(dir: &Path) {
    let path = dir.join("problems.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let without: Vec<&str> = text.lines().map(|l| l.split_once(',').unwrap().1).collect();
    std::fs::write(&path, without.join("\n") + "\n").unwrap();
}

#[test]
fn problems_pair_by_description_unless_both_tables_have_ids() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    for (name, to) in [("diff/old", &old), ("diff/new", &new)] {
        std::fs::create_dir(to).unwrap();
        copy_fixture_into(name, to);
    }
    // With ids in both tables, as the fixture has them.
    assert_eq!(diff_json(&old, &new)["problems"], problems_by_id());

    // The old table keeps its ids, the new one has none: problems pair by
    // firm, category and description. Q3, reworded (销路不畅 → 产品销路不畅),
    // is now a new open problem; the rest pair as before. Sorted by firm,
    // then category in the order of the eleven categories, then description.
    drop_problem_ids(&new);
    let expected = json!({
        "opened": [
            {"problem": null, "firm": "F01", "name": "农场一号", "category": "market", "description": "产品销路不畅"},
            {"problem": null, "firm": "F04", "name": "冷链公司", "category": "land_construction", "description": "冷库用地"},
            {"problem": null, "firm": "F07", "name": "茶园公司", "category": "talent_technology", "description": "缺技术人员"}
        ],
        "resolved": [
            {"problem": null, "firm": "F02", "name": "加工厂", "category": "funding", "description": "流动资金不足"},
            {"problem": null, "firm": "F02", "name": "加工厂", "category": "factors", "description": "用电紧张"}
        ],
        "open": 3, "resolved_total": 3, "total": 6, "resolution_rate": 0.5
    });
    assert_eq!(diff_json(&old, &new)["problems"], expected);
}

#[test]
fn tables_for_people() {
    let run = |args: &[&str]| {
        let output = chainmap()
            .args(["diff", "tests/fixtures/diff/old", "tests/fixtures/diff/new"])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    insta::assert_snapshot!("diff_table", run(&[]));
    insta::assert_snapshot!("diff_md_en", run(&["--format", "md", "--lang", "en"]));
}

#[test]
fn byte_identical_on_one_and_two_threads() {
    for format in ["json", "table", "md"] {
        let run = |threads: &str| {
            chainmap()
                .env("RAYON_NUM_THREADS", threads)
                .args(["diff", "tests/fixtures/diff/old", "tests/fixtures/diff/new", "--format", format])
                .output()
                .unwrap()
                .stdout
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("2"), "{format}");
    }
    // The shipped dataset against itself, on a larger scale.
    let run = |threads: &str| {
        chainmap()
            .env("RAYON_NUM_THREADS", threads)
            .args(["diff", "chains", "chains", "--format", "json"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("2"));
}

#[test]
fn an_invalid_old_or_new_is_named() {
    let stderr = |old: &str, new: &str| {
        let output = chainmap().args(["diff", old, new]).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{old} {new}");
        assert!(output.stdout.is_empty());
        String::from_utf8(output.stderr).unwrap()
    };
    let err = stderr("tests/fixtures/bad-json", "tests/fixtures/diff/new");
    assert!(err.starts_with("tests/fixtures/bad-json/tea.json:8:55: error: malformed JSON"), "{err}");
    assert!(
        err.ends_with(
            "error: OLD dataset tests/fixtures/bad-json is invalid (1 error, 0 warnings); fix it, or compare another copy\n"
        ),
        "{err}"
    );
    let err = stderr("tests/fixtures/diff/old", "tests/fixtures/self-loop");
    assert!(err.ends_with("error: NEW dataset tests/fixtures/self-loop is invalid (1 error, 0 warnings); fix it, or compare another copy\n"), "{err}");
    // Both invalid: both named, OLD first.
    let err = stderr("tests/fixtures/bad-json", "tests/fixtures/no-such-dataset");
    let last: Vec<&str> = err.lines().rev().take(2).collect();
    assert!(last[1].starts_with("error: OLD dataset tests/fixtures/bad-json is invalid"), "{err}");
    assert_eq!(
        last[0],
        "error: NEW: dataset directory `tests/fixtures/no-such-dataset` not found; pass the directory that holds the chain files, e.g. `chains`"
    );
}

/// The diff of a dataset with an earlier copy of itself: every chain
/// unchanged, every list empty.
fn no_change(dataset: &Path, copy: &Path) {
    let got = diff_json(copy, dataset);
    for chain in got["chains"].as_array().unwrap() {
        assert_eq!(chain["completeness"][0], chain["completeness"][1]);
        assert_eq!(chain["closed_loop"][0], chain["closed_loop"][1]);
        for list in ["status_changes", "links_added", "links_removed"] {
            assert_eq!(chain[list], json!([]), "{list}");
        }
    }
    assert!(!got["chains"].as_array().unwrap().is_empty());
    let empty = json!([]);
    for list in [
        &got["chains_added"],
        &got["chains_removed"],
        &got["firms"]["added"],
        &got["firms"]["removed"],
        &got["firms"]["changed"],
        &got["candidates"]["added"],
        &got["candidates"]["removed"],
        &got["candidates"]["stage_changes"],
        &got["projects"]["added"],
        &got["projects"]["removed"],
        &got["projects"]["stage_changes"],
        &got["problems"]["opened"],
        &got["problems"]["resolved"],
    ] {
        assert_eq!(list, &empty);
    }
    assert_eq!(got["above_scale_net"], 0);
    let output = chainmap().arg("diff").arg(copy).arg(dataset).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.lines().next().unwrap().ends_with(": 无变化"), "{text}");
}

#[test]
fn snapshot_then_diff_against_it_is_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    copy_fixture_into("diff/new", &data);
    let output = chainmap().arg("snapshot").arg(&data).args(["--period", "2026年2月"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let copy = data.join("snapshots/2026-02");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("kept {}: 6 file(s) of {}\n", copy.display(), data.display())
    );
    no_change(&data, &copy);
    // Every input file was copied byte for byte, and nothing else.
    let copied = crate::tree(&copy);
    let mut originals: Vec<_> = crate::tree(&fixture("diff/new"));
    originals.sort();
    assert_eq!(copied, originals);
}

#[test]
fn snapshot_period_defaults_to_the_latest_month_of_the_monthly_data() {
    let dir = crate::copy_fixture("monitor");
    chainmap().arg("snapshot").arg(dir.path()).assert().success();
    let kept: Vec<_> =
        std::fs::read_dir(dir.path().join("snapshots")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(kept, ["2022-06"]);
    no_change(dir.path(), &dir.path().join("snapshots/2022-06"));
}

#[test]
fn snapshot_refuses_to_replace_without_force() {
    let dir = crate::copy_fixture("valid");
    chainmap().arg("snapshot").arg(dir.path()).args(["--period", "2026-03"]).assert().success();
    let kept = dir.path().join("snapshots/2026-03/firms.csv");
    let before = std::fs::read(&kept).unwrap();
    let firms = dir.path().join("firms.csv");
    let mut text = std::fs::read_to_string(&firms).unwrap();
    text.push_str("F004,新厂,tea,grow,东县,,no,supporting,operating,100,5,\n");
    std::fs::write(&firms, text).unwrap();
    let output = chainmap().arg("snapshot").arg(dir.path()).args(["--period", "2026-03"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!(
            "error: {} already exists; pass --force to replace it, or --period to keep another month\n",
            dir.path().join("snapshots/2026-03").display()
        )
    );
    assert_eq!(std::fs::read(&kept).unwrap(), before, "the old snapshot is left as it was");

    let output = chainmap().arg("snapshot").arg(dir.path()).args(["--period", "2026-03", "--force"]).output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8(output.stdout).unwrap().starts_with("replaced "));
    assert_eq!(std::fs::read(&kept).unwrap(), std::fs::read(dir.path().join("firms.csv")).unwrap());
    let beside: Vec<_> =
        std::fs::read_dir(dir.path().join("snapshots")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["2026-03"], "no staging or old copy left beside it");
}

#[test]
fn snapshot_of_an_invalid_dataset_is_refused() {
    let dir = crate::copy_fixture("self-loop");
    let output = chainmap().arg("snapshot").arg(dir.path()).args(["--period", "2026-03"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!dir.path().join("snapshots").exists());
}

#[test]
fn the_loader_ignores_snapshots() {
    let dir = crate::copy_fixture("valid");
    let validate = || {
        let output = chainmap().arg("validate").arg(dir.path()).output().unwrap();
        (output.status.code(), String::from_utf8(output.stdout).unwrap())
    };
    let before = validate();
    // A snapshot directory holding files that would not load, and a table
    // name and chain file at its own level.
    let snapshots = dir.path().join("snapshots");
    std::fs::create_dir_all(snapshots.join("2026-01")).unwrap();
    std::fs::write(snapshots.join("2026-01/firms.csv"), "not,a,roster\n").unwrap();
    std::fs::write(snapshots.join("2026-01/broken.json"), "{").unwrap();
    std::fs::write(snapshots.join("firms.csv"), "junk").unwrap();
    assert_eq!(validate(), before);
    assert_eq!(before.0, Some(0));
}

/// Writes `table` with its data rows in reverse order.
fn reverse_rows(table: &Path) {
    let text = std::fs::read_to_string(table).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    std::fs::write(table, lines.join("\n") + "\n").unwrap();
}

#[test]
fn records_pair_by_id_not_by_position() {
    // The shipped dataset against a copy whose every table lists its rows
    // the other way round: nothing changed.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("chains");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(crate::root().join("chains")).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    for table in ["firms.csv", "candidates.csv", "projects.csv", "problems.csv"] {
        reverse_rows(&copy.join(table));
    }
    no_change(&crate::root().join("chains"), &copy);
}

mod properties {
    //! Properties of the comparison on random datasets: a dataset against
    //! itself is no change, and comparing the other way round swaps every
    //! added with removed and every from with to.

    use chainmap::analysis::analyze;
    use chainmap::analysis::diff::{Diff, Side, diff};
    use chainmap::model::{Dataset, Firm, FirmRef, FirmStatus, Placement, Role};
    use proptest::prelude::*;

    use crate::properties::chain;

    /// A firm: its id number, chain, link, active, above scale, leader.
    type FirmSpec = (usize, usize, usize, bool, bool, bool);

    /// A dataset of `chains` chains (`c0`, `c1`, … of `links` links each) and
    /// the firms, the first row of an id winning.
    fn dataset(chains: usize, links: usize, firms: &[FirmSpec]) -> Dataset {
        let mut d = Dataset::default();
        for i in 0..chains {
            let edges: Vec<(usize, usize)> = (1..links).map(|l| (l - 1, l)).collect();
            let mut c = chain(links, &edges, &vec![1.0; links]);
            c.id = format!("c{i}");
            c.name = format!("链{i}");
            d.chains.push(c);
        }
        let mut ids = std::collections::BTreeSet::new();
        for &(id, c, l, active, above, leader) in firms {
            if !ids.insert(id) {
                continue;
            }
            let owner = u32::try_from(d.firms.len()).unwrap();
            let (id, name) = (format!("F{id:02}"), format!("企业{id}"));
            d.firms
                .push(FirmRef {
                    id: &id,
                    name: &name,
                    park: None,
                    tags: &[],
                    firm: Firm {
                        county: None,
                        above_scale: above,
                        role: if leader { Role::Leader } else { Role::Supporting },
                        status: if active { FirmStatus::Operating } else { FirmStatus::Halted },
                        output: chainmap::model::Amount::NONE,
                        employees: None,
                    },
                })
                .unwrap();
            let (c, l) = (c % chains, l % links);
            d.firm_placements.push(Placement {
                owner,
                chain: u16::try_from(c).unwrap(),
                link: u16::try_from(l).unwrap(),
            });
        }
        d.firm_placements.sort_unstable();
        d
    }

    fn arb_dataset() -> impl Strategy<Value = Dataset> {
        let firm = (0usize..12, 0usize..3, 0usize..4, any::<bool>(), any::<bool>(), prop::bool::weighted(0.2));
        (1usize..4, 1usize..5, prop::collection::vec(firm, 0..12)).prop_map(|(c, l, f)| dataset(c, l, &f))
    }

    fn compare(old: &Dataset, new: &Dataset) -> Diff {
        let (a, b) = (analyze(old), analyze(new));
        diff(Side { dataset: old, analyses: &a }, Side { dataset: new, analyses: &b })
    }

    fn firm_ids(d: &Dataset, firms: &[u32]) -> Vec<String> {
        firms.iter().map(|&f| d.firms.id(f).to_string()).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn a_dataset_against_itself_is_no_change(d in arb_dataset()) {
            prop_assert!(compare(&d, &d).is_empty());
        }

        #[test]
        fn the_other_way_round_swaps_everything(a in arb_dataset(), b in arb_dataset()) {
            let (ab, ba) = (compare(&a, &b), compare(&b, &a));
            prop_assert_eq!(firm_ids(&b, &ab.firms.added), firm_ids(&b, &ba.firms.removed));
            prop_assert_eq!(firm_ids(&a, &ab.firms.removed), firm_ids(&a, &ba.firms.added));
            prop_assert_eq!(b.firms.len() + ab.firms.removed.len(), a.firms.len() + ab.firms.added.len());
            prop_assert_eq!(ab.above_scale_net, -ba.above_scale_net);
            prop_assert_eq!(&ab.chains.added, &ba.chains.removed);
            prop_assert_eq!(ab.firms.changed.len(), ba.firms.changed.len());
            for (x, y) in ab.firms.changed.iter().zip(&ba.firms.changed) {
                prop_assert_eq!((x.old, x.new, x.field), (y.new, y.old, y.field));
                prop_assert_eq!(&x.value.from, &y.value.to);
                prop_assert_eq!(&x.value.to, &y.value.from);
            }
            for (x, y) in ab.chains.chains.iter().zip(&ba.chains.chains) {
                // The same figure of the same dataset, computed the same way.
                prop_assert_eq!(x.completeness.from.to_bits(), y.completeness.to.to_bits());
                prop_assert_eq!(x.closed_loop.to, y.closed_loop.from);
                prop_assert_eq!(x.status_changes.len(), y.status_changes.len());
                for (s, t) in x.status_changes.iter().zip(&y.status_changes) {
                    prop_assert_eq!((s.status.from, s.status.to), (t.status.to, t.status.from));
                }
            }
        }
    }
}
