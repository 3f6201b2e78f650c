//! Deterministic synthetic datasets, for benchmarks and tests at any scale.
//!
//! [`write_dataset`] writes a dataset directory in the shipped format: one
//! chain file per chain, `region.json`, `firms.csv`, `candidates.csv`,
//! small `projects.csv` and `problems.csv`, and, when months are asked for,
//! `monthly.csv` (every firm, month by month). The same [`Params`] give
//! byte-identical files on every machine and with every crate version: the
//! random numbers come from a PRNG written out in this module, and numbers
//! are written as integers or fixed tenths.
//!
//! The data looks like a real chain office's: links over the four stages,
//! in segments, supplied from upstream to downstream, some chains with a
//! recycling loop; firms that are missing, halted, small or leading at
//! their links, most at one link and some at two or three; firm ids that
//! are valid Unified Social Credit Codes (a few are office numbers); and
//! candidates at gap links mostly, in every engagement stage. Every
//! generated dataset validates with no errors and no warnings.

mod chains;
mod monthly;
mod rng;
mod tables;
mod vocab;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The size and seed of a synthetic dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Number of chains (1 to 10,000).
    pub chains: usize,
    /// Links per chain (1 to 10,000).
    pub links: usize,
    /// Rows of `firms.csv` (one per firm and link).
    pub firm_rows: usize,
    /// Rows of `candidates.csv` (one per candidate and link).
    pub candidate_rows: usize,
    /// Months of `monthly.csv` (0 to 1,200; none written for 0), up to
    /// [`LAST_MONTH`].
    pub months: usize,
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub chains: usize,
    pub links: usize,
    pub edges: usize,
    pub firms: usize,
    pub firm_rows: usize,
    pub candidates: usize,
    pub candidate_rows: usize,
    pub projects: usize,
    pub problems: usize,
    /// Rows of `monthly.csv` (firm × month); 0 without one.
    pub monthly_rows: usize,
}

/// Why a dataset could not be written.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error("output directory `{0}` exists and is not empty; pass a new directory (gen never overwrites)")]
    NotEmpty(String),
    #[error("`{0}` exists and is not a directory; pass a new directory")]
    NotADirectory(String),
    #[error("{0}")]
    BadParams(String),
    #[error("cannot write `{path}`: {source}")]
    Io { path: String, source: std::io::Error },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> GenError + '_ {
    move |source| GenError::Io { path: path.display().to_string(), source }
}

/// The largest chain and link counts: placements hold them in 16 bits, and
/// names stay readable.
pub const MAX_CHAINS: usize = 10_000;
pub const MAX_LINKS: usize = 10_000;
pub use monthly::{LAST_MONTH, MAX_MONTHS};

impl Params {
    /// Checks the counts.
    ///
    /// # Errors
    /// `GenError::BadParams` naming the count out of range.
    pub fn check(&self) -> Result<(), GenError> {
        if !(1..=MAX_CHAINS).contains(&self.chains) {
            return Err(GenError::BadParams(format!("--chains must be 1 to {MAX_CHAINS}, got {}", self.chains)));
        }
        if !(1..=MAX_LINKS).contains(&self.links) {
            return Err(GenError::BadParams(format!("--links must be 1 to {MAX_LINKS}, got {}", self.links)));
        }
        if self.months > MAX_MONTHS {
            return Err(GenError::BadParams(format!("--months must be 0 to {MAX_MONTHS}, got {}", self.months)));
        }
        Ok(())
    }
}

/// Writes the dataset for `params` into the new directory `dir`.
///
/// The files are written into a temporary directory beside `dir`, which is
/// renamed into place at the end: `dir` appears whole or not at all. An
/// existing empty `dir` is replaced; an existing non-empty one is an error.
/// The temporary directory (`.<name>.gen-<pid>`) is removed if the run is
/// interrupted ([`crate::scratch`]), or by the next run when it was killed.
pub fn write_dataset(params: &Params, dir: &Path) -> Result<Summary, GenError> {
    params.check()?;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(GenError::NotADirectory(dir.display().to_string()));
        }
        let mut entries = std::fs::read_dir(dir).map_err(io_error(dir))?;
        if entries.next().is_some() {
            return Err(GenError::NotEmpty(dir.display().to_string()));
        }
    }
    let name =
        dir.file_name().ok_or_else(|| GenError::BadParams(format!("`{}` does not name a directory", dir.display())))?;
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io_error(parent))?;
    let prefix = format!(".{}.gen-", name.to_string_lossy());
    // Left behind by runs that were killed (this one's pid included, reused).
    for stale in crate::scratch::stale(parent, &prefix) {
        std::fs::remove_dir_all(&stale).map_err(io_error(&stale))?;
    }
    let temp = parent.join(format!("{prefix}{}", std::process::id()));
    let ((), _registration) =
        crate::scratch::make_removed_on_interrupt(|| std::fs::create_dir(&temp), |()| temp.clone())
            .map_err(io_error(&temp))?;
    let result = write_files(params, &temp).and_then(|summary| {
        if dir.exists() {
            std::fs::remove_dir(dir).map_err(io_error(dir))?;
        }
        std::fs::rename(&temp, dir).map_err(io_error(dir))?;
        Ok(summary)
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    result
}

/// A buffered file in `dir`, written by `fill` and flushed.
fn write_file<T>(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> Result<T, GenError> {
    let path: PathBuf = dir.join(name);
    let file = File::create(&path).map_err(io_error(&path))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let value = fill(&mut out).map_err(io_error(&path))?;
    out.flush().map_err(io_error(&path))?;
    Ok(value)
}

fn write_files(params: &Params, dir: &Path) -> Result<Summary, GenError> {
    let seed = params.seed;
    let chains: Vec<chains::ChainPlan> =
        (0..params.chains).map(|k| chains::plan_chain(seed, k, params.links)).collect();
    let region = tables::plan_region(seed, params.chains);
    write_file(dir, "region.json", |out| out.write_all(tables::region_json(&region).as_bytes()))?;
    for chain in &chains {
        write_file(dir, &format!("{}.json", chain.id), |out| out.write_all(chains::chain_json(chain).as_bytes()))?;
    }
    let (firm_ids, sketches, firms) =
        write_file(dir, "firms.csv", |out| tables::write_firms(out, seed, params.firm_rows, &chains, &region))?;
    let candidates = write_file(dir, "candidates.csv", |out| {
        tables::write_candidates(out, seed, params.candidate_rows, &chains, &firm_ids)
    })?;
    let projects = write_file(dir, "projects.csv", |out| tables::write_projects(out, seed, &chains, &region))?;
    let problems = write_file(dir, "problems.csv", |out| tables::write_problems(out, seed, params.chains, &firm_ids))?;
    let monthly = if params.months > 0 {
        write_file(dir, "monthly.csv", |out| monthly::write_monthly(out, seed, params.months, &firm_ids, &sketches))?
    } else {
        tables::Written::default()
    };
    Ok(Summary {
        chains: chains.len(),
        links: chains.iter().map(|c| c.links.len()).sum(),
        edges: chains.iter().map(|c| c.edges.len()).sum(),
        firms: firms.records,
        firm_rows: firms.rows,
        candidates: candidates.records,
        candidate_rows: candidates.rows,
        projects: projects.records,
        problems: problems.records,
        monthly_rows: monthly.rows,
    })
}
