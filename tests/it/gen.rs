//! `chainmap gen`: synthetic datasets that validate, byte for byte the same
//! for the same seed.

use std::path::Path;

use predicates::prelude::*;

use crate::chainmap;

/// Generates a small dataset with `seed` into `dir`.
fn generate(dir: &Path, seed: u64) {
    chainmap()
        .args(["gen", "--chains", "6", "--links", "25", "--firms", "3000", "--candidates", "1500", "--seed"])
        .arg(seed.to_string())
        .arg("-o")
        .arg(dir)
        .assert()
        .success()
        .stdout(predicate::str::contains("6 chains, 150 links"))
        .stdout(predicate::str::contains("at 3000 firm rows"))
        .stdout(predicate::str::contains("at 1500 candidate rows"));
}

#[test]
fn generated_dataset_validates_without_warnings() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("synthetic");
    generate(&dir, 5);
    chainmap()
        .arg("validate")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicate::str::contains(": 6 chains, 150 links, "))
        .stdout(predicate::str::contains(" at 3000 firm-links, "))
        .stdout(predicate::str::ends_with("valid: 0 errors, 0 warnings\n"));
    // Nothing is left beside the output directory.
    let beside: Vec<_> = std::fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["synthetic"]);
}

#[test]
fn generated_chains_have_every_link_status() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("synthetic");
    generate(&dir, 5);
    let output = chainmap().arg("gaps").arg(&dir).args(["--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let links: Vec<&serde_json::Value> =
        json["chains"].as_array().unwrap().iter().flat_map(|c| c["links"].as_array().unwrap()).collect();
    for status in ["missing", "weak", "strong"] {
        assert!(links.iter().any(|l| l["status"] == status), "no {status} link");
    }
    // Missing links both without firms and with halted firms only.
    assert!(links.iter().any(|l| l["status"] == "missing" && l["firms"] == 0));
    assert!(links.iter().any(|l| l["status"] == "missing" && l["firms"].as_u64() > Some(0)));
    assert!(links.iter().any(|l| l["gap"] == "bridge"));
}

#[test]
fn firm_ids_are_mostly_credit_codes() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("synthetic");
    generate(&dir, 11);
    let firms = std::fs::read_to_string(dir.join("firms.csv")).unwrap();
    let ids: Vec<&str> = firms.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    let codes = ids.iter().filter(|id| id.len() == 18).count();
    assert!(codes * 10 > ids.len() * 9, "{codes} of {}", ids.len());
    // Some firms work at several links: the same id on several rows.
    let mut distinct = ids.clone();
    distinct.dedup();
    assert!(distinct.len() < ids.len());
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let temp = tempfile::tempdir().unwrap();
    generate(&temp.path().join("a"), 42);
    generate(&temp.path().join("b"), 42);
    generate(&temp.path().join("c"), 43);
    let a = crate::tree(&temp.path().join("a"));
    assert!(a.len() >= 10, "{:?}", a.iter().map(|f| &f.0).collect::<Vec<_>>());
    assert_eq!(a, crate::tree(&temp.path().join("b")));
    let c = crate::tree(&temp.path().join("c"));
    for name in ["firms.csv", "candidates.csv", "region.json"] {
        let find =
            |files: &[(std::path::PathBuf, Vec<u8>)]| files.iter().find(|f| f.0.as_os_str() == name).unwrap().1.clone();
        assert_ne!(find(&a), find(&c), "{name}");
    }
}

#[test]
fn refuses_a_directory_that_is_not_empty() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("notes.txt"), "keep me").unwrap();
    chainmap()
        .args(["gen", "-o"])
        .arg(temp.path())
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("exists and is not empty"));
    assert_eq!(crate::tree(temp.path()), [(std::path::PathBuf::from("notes.txt"), b"keep me".to_vec())]);
    // An empty directory is filled.
    let empty = temp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    chainmap().args(["gen", "--chains", "2", "--links", "5", "-o"]).arg(&empty).assert().success();
    chainmap().arg("validate").arg(&empty).assert().success();
}

#[test]
fn bad_counts_are_usage_errors() {
    chainmap().args(["gen", "--chains", "0", "-o", "x"]).assert().code(2);
    chainmap().args(["gen", "--links", "100000", "-o", "x"]).assert().code(2);
    chainmap().args(["gen", "--help"]).assert().success().stdout(predicate::str::contains("Examples:"));
}
