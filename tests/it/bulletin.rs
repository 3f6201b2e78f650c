//! `chainmap bulletin` (月通报) and the shipped earlier snapshot it reads.

use std::path::Path;

use crate::root;

#[path = "../../examples/shipped_snapshot.rs"]
mod shipped_snapshot;

#[test]
fn the_shipped_snapshot_is_what_its_generator_writes() {
    let dir = root().join("chains");
    let snapshot = dir.join("snapshots").join(shipped_snapshot::PERIOD);
    let written = crate::tree(&snapshot);
    let expected: Vec<(std::path::PathBuf, Vec<u8>)> = shipped_snapshot::snapshot_files(&dir)
        .into_iter()
        .map(|(name, text)| (Path::new(&name).to_path_buf(), text.into_bytes()))
        .collect();
    let names = |files: &[(std::path::PathBuf, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&written), names(&expected));
    // `cargo run --example shipped_snapshot` rewrites it.
    assert!(written == expected, "chains/snapshots/2026-02 is not what examples/shipped_snapshot.rs writes");
    // It is a valid dataset of its own, and the loader leaves it out of today's.
    chainmap::load::load_dataset(&snapshot).expect("the snapshot is valid");
    let today = chainmap::load::load_dataset(&dir).expect("the shipped dataset is valid").dataset;
    assert!(today.firms.iter().any(|f| &*f.id == "AK-X568"));
}
