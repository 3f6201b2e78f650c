//! What the table targets share: a small valid dataset written to a fresh
//! directory, one of whose tables the fuzzer then replaces.

use std::path::Path;

use chainmap::load::{LoadError, NoProgress, Reading, load_dataset_reading};

pub const CHAIN: &str = r#"{"id": "tea", "name": "茶产业链",
 "links": [{"id": "grow", "name": "种植", "stage": "upstream"},
           {"id": "make", "name": "加工", "stage": "midstream"},
           {"id": "sell", "name": "销售", "stage": "downstream"}],
 "edges": [{"from": "grow", "to": "make"}, {"from": "make", "to": "sell"}]}"#;

pub const FIRMS: &str = "firm_id,name,chain,link,county,above_scale,role,status,output,tags\n\
F001,茶企,tea,grow,东县,yes,leader,operating,1000,上市\n\
F002,茶厂,tea,make,西县,no,supporting,reduced,20,\n";

pub const CANDIDATES: &str = "candidate_id,name,region,chain,link,revenue,tags,partners,stage\n\
C1,外企,浙江,tea,sell,5000,上市,F001,intent\n";

/// The tables a target may replace, by the first byte of its input.
pub const TABLES: [&str; 5] = ["firms", "candidates", "projects", "problems", "monthly"];

/// A fresh directory, in memory where the system offers it.
pub fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() { tempfile::tempdir_in(shm).unwrap() } else { tempfile::tempdir().unwrap() }
}

/// Writes the base dataset into `dir`.
pub fn base(dir: &Path) {
    std::fs::write(dir.join("tea.json"), CHAIN).unwrap();
    std::fs::write(dir.join("firms.csv"), FIRMS).unwrap();
    std::fs::write(dir.join("candidates.csv"), CANDIDATES).unwrap();
}

/// Loads `dir` and renders every diagnostic, as the command line would.
pub fn load(dir: &Path, reading: Reading) -> Result<usize, Vec<String>> {
    match load_dataset_reading(dir, reading, &NoProgress) {
        Ok(loaded) => Ok(loaded.dataset.firms.len()),
        // Messages name the directory; compare them without it.
        Err(LoadError::Invalid(diags)) => {
            let dir = dir.display().to_string();
            Err(diags.iter().map(|d| d.to_string().replace(&dir, "DIR")).collect())
        }
        Err(other) => Err(vec![other.to_string().replace(&dir.display().to_string(), "DIR")]),
    }
}

/// Replaces table `TABLES[data[0] % 5]` with `data[1..]` in format `ext`
/// and loads the dataset; returns what the load said.
pub fn load_with_table(data: &[u8], ext: &str, reading: Reading) -> Option<Result<usize, Vec<String>>> {
    let (&which, bytes) = data.split_first()?;
    let dir = scratch();
    base(dir.path());
    let table = TABLES[usize::from(which) % TABLES.len()];
    let _ = std::fs::remove_file(dir.path().join(format!("{table}.csv")));
    std::fs::write(dir.path().join(format!("{table}.{ext}")), bytes).unwrap();
    Some(load(dir.path(), reading))
}
