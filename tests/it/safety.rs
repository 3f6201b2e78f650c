//! Nothing lost under faults: chain ids that would overwrite the region's
//! files.

use std::collections::BTreeSet;

use chainmap::model::RESERVED_CHAIN_IDS;

use crate::{chainmap, tree};

#[test]
fn chain_ids_index_and_region_are_reserved() {
    let output = chainmap().args(["validate", "tests/fixtures/reserved-chain-id"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "tests/fixtures/reserved-chain-id/index.json:2:9: error: chain id `index` is reserved: the report writes \
         index.html and md/index.md for the region; choose another id\n\
         tests/fixtures/reserved-chain-id/region-chain.json:2:9: error: chain id `region` is reserved: the report \
         writes csv/region/ and xlsx/region.xlsx for the region; choose another id\n\
         invalid: 2 errors, 0 warnings\n"
    );
}

/// The names the report gives its files for the region, where a chain's
/// files are named after the chain id: `<name>.html`, `md/<name>.md`,
/// `csv/<name>/…`, `xlsx/<name>.xlsx`. (Maps are `<id>-<view>.svg`, so
/// `maps/overview.svg` cannot collide with a chain's.)
#[test]
fn every_region_file_name_a_chain_could_take_is_reserved() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    chainmap().args(["report", "chains", "-o"]).arg(&out).assert().success();
    let chain_ids: BTreeSet<String> = std::fs::read_dir(crate::root().join("chains"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .filter(|n| n != "region")
        .collect();
    let mut region_names = BTreeSet::new();
    for (path, _) in tree(&out) {
        let parts: Vec<String> = path.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let name = match parts.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [file] => match file.strip_suffix(".html") {
                Some(stem) => stem.to_owned(),
                None => continue,
            },
            ["md", file] => file.trim_end_matches(".md").to_owned(),
            ["csv", dir, _] => dir.to_owned(),
            ["xlsx", file] => file.trim_end_matches(".xlsx").to_owned(),
            _ => continue,
        };
        if !chain_ids.contains(&name) {
            region_names.insert(name);
        }
    }
    let reserved: BTreeSet<String> = RESERVED_CHAIN_IDS.iter().map(|(id, _)| (*id).to_owned()).collect();
    assert_eq!(region_names, reserved, "the region's file names and the reserved chain ids differ");
}

