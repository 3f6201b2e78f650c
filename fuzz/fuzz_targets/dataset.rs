//! A whole dataset of any bytes: the input split at NUL bytes into a chain
//! file, region.json, firms, candidates, projects, problems and monthly
//! (CSV), loaded and analysed: never a panic, and every figure finite.
#![no_main]

use chainmap::load::Reading;
use libfuzzer_sys::fuzz_target;

const FILES: [&str; 7] =
    ["tea.json", "region.json", "firms.csv", "candidates.csv", "projects.csv", "problems.csv", "monthly.csv"];

/// A fresh directory, in memory where the system offers it.
fn scratch() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() { tempfile::tempdir_in(shm).unwrap() } else { tempfile::tempdir().unwrap() }
}

fuzz_target!(|data: &[u8]| {
    let dir = scratch();
    for (name, bytes) in FILES.iter().zip(data.split(|&b| b == 0)) {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    if let Ok(loaded) = chainmap::load::load_dataset_reading(dir.path(), Reading::Parallel, &chainmap::load::NoProgress)
    {
        for chain in chainmap::analysis::analyze(&loaded.dataset) {
            assert!(chain.completeness.is_finite());
        }
    }
});
