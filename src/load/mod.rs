//! Files → model: reads a dataset directory, validates everything, and
//! reports every problem of the dataset in one run.

pub mod chain_file;
pub mod diag;
pub mod locate;
pub mod records;
pub mod region_file;
pub mod resolve;
pub mod suggest;
pub mod table;
pub mod uscc;

use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

pub use diag::{Diagnostic, Diagnostics, Severity};
use records::{CANDIDATES, FIRMS, Names, PROBLEMS, PROJECTS, Records};
use resolve::Resolver;
use table::{EXTENSIONS, Row, TableSpec, read_table};

use crate::model::{Chain, Dataset, FirmIdx, Region};

/// A dataset that loaded, with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub warnings: Vec<Diagnostic>,
}

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("dataset directory `{0}` not found; pass the directory that holds the chain files, e.g. `chains`")]
    NotFound(String),
    #[error("cannot list dataset directory `{path}`: {source}")]
    Unreadable { path: String, source: std::io::Error },
    /// Every problem found, errors and warnings, sorted by place.
    #[error("the dataset has {} error(s)", .0.iter().filter(|d| d.severity == Severity::Error).count())]
    Invalid(Vec<Diagnostic>),
}

/// The table file names that are not chain files.
fn is_table_or_region(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "region.json"
        || [&FIRMS, &CANDIDATES, &PROJECTS, &PROBLEMS].iter().any(|spec| name == format!("{}.json", spec.stem))
}

/// How a path is shown in messages: as the user named the directory.
fn label(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// Loads and validates the dataset directory `dir`.
///
/// # Errors
/// `LoadError::Invalid` with every problem when the dataset has errors.
pub fn load_dataset(dir: &Path) -> Result<Loaded, LoadError> {
    if !dir.is_dir() {
        return Err(LoadError::NotFound(dir.display().to_string()));
    }
    let entries =
        std::fs::read_dir(dir).map_err(|source| LoadError::Unreadable { path: dir.display().to_string(), source })?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();

    let mut diags = Diagnostics::default();
    let region = if names.iter().any(|n| n == "region.json") {
        let file = label(dir, "region.json");
        match std::fs::read_to_string(dir.join("region.json")) {
            Ok(text) => region_file::parse_region(&file, &text, &mut diags),
            Err(err) => {
                diags.error(&file, 0, format!("cannot read: {err}"));
                Region::default()
            }
        }
    } else {
        Region::default()
    };

    let (chains, broken_chains) = load_chains(dir, &names, &mut diags);
    let mut dataset = Dataset { region, ..Dataset::default() };
    load_tables(dir, &names, &chains, broken_chains, &mut dataset, &mut diags);
    dataset.chains = chains;

    if diags.has_errors() {
        return Err(LoadError::Invalid(diags.into_sorted()));
    }
    Ok(Loaded { dataset, warnings: diags.into_sorted() })
}

/// The valid chains, sorted by id, and the names of the chains whose files
/// have errors.
fn load_chains(dir: &Path, names: &[String], diags: &mut Diagnostics) -> (Vec<Chain>, FxHashSet<String>) {
    let mut chains: Vec<(Chain, String)> = Vec::new();
    let mut broken = FxHashSet::default();
    for name in names.iter().filter(|n| n.to_ascii_lowercase().ends_with(".json") && !is_table_or_region(n)) {
        let file = label(dir, name);
        let text = match std::fs::read_to_string(dir.join(name)) {
            Ok(text) => text,
            Err(err) => {
                diags.error(&file, 0, format!("cannot read: {err}")).hint("chain files are UTF-8 JSON");
                continue;
            }
        };
        let Some(chain) = chain_file::parse_chain(&file, &text, diags) else {
            broken.extend(chain_file::names_of_broken_chain(&text));
            broken.insert(name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s).to_owned());
            continue;
        };
        if let Some((_, first)) = chains.iter().find(|(c, _)| c.id == chain.id) {
            diags
                .error(&file, 0, format!("duplicate chain id `{}` (also in {first})", chain.id))
                .hint("each chain file needs its own id");
            continue;
        }
        if let Some((_, first)) = chains.iter().find(|(c, _)| c.name == chain.name) {
            diags
                .error(&file, 0, format!("duplicate chain name `{}` (also in {first})", chain.name))
                .hint("tables may name chains by name, so names must be unique");
            continue;
        }
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        if stem != chain.id {
            diags
                .warning(&file, 0, format!("chain `{}` is in a file named `{name}`", chain.id))
                .hint(format!("name the file `{}.json`", chain.id));
        }
        chains.push((chain, file));
    }
    if chains.is_empty() && !diags.has_errors() {
        diags
            .error(&dir.display().to_string(), 0, "no chain files (*.json) in the dataset directory")
            .hint("each chain is a <chain-id>.json file; see docs/formats.md");
    }
    let mut chains: Vec<Chain> = chains.into_iter().map(|(c, _)| c).collect();
    chains.sort_by(|a, b| a.id.cmp(&b.id));
    (chains, broken)
}

/// The one file holding table `spec`, if any; two formats of one table is an error.
fn table_file(
    dir: &Path,
    names: &[String],
    spec: &TableSpec,
    required: bool,
    diags: &mut Diagnostics,
) -> Option<(PathBuf, String)> {
    let found: Vec<&String> = EXTENSIONS
        .iter()
        .filter_map(|ext| names.iter().find(|n| n.eq_ignore_ascii_case(&format!("{}.{ext}", spec.stem))))
        .collect();
    match found.as_slice() {
        [] => {
            if required {
                diags
                    .error(&label(dir, &format!("{}.csv", spec.stem)), 0, format!("the {} table is missing", spec.stem))
                    .hint(format!("add {0}.csv, {0}.xlsx or {0}.json", spec.stem));
            }
            None
        }
        [one] => Some((dir.join(one), label(dir, one))),
        [first, second, ..] => {
            diags
                .error(&label(dir, second), 0, format!("both {first} and {second} exist"))
                .hint("keep one file per table");
            None
        }
    }
}

/// A record id that failed to load: later references to it are not reported again.
type Failed = FxHashSet<String>;

fn load_tables(
    dir: &Path,
    names: &[String],
    chains: &[Chain],
    broken_chains: FxHashSet<String>,
    dataset: &mut Dataset,
    diags: &mut Diagnostics,
) {
    let mut res = Resolver::new(chains, &dataset.region, broken_chains);
    let chain_ids: Vec<&str> = chains.iter().map(|c| c.id.as_str()).collect();
    let link_id = |c: usize, l: usize| chains[c].links[l].id.clone();

    // Resolves a row's chain and link; `None` after reporting.
    let place = |row: &Row<'_>, res: &Resolver<'_>, chain_col: usize, file: &str, diags: &mut Diagnostics| {
        let chain_value = row.get(chain_col);
        let link_value = row.get(chain_col + 1);
        if chain_value.is_empty() || link_value.is_empty() {
            let name = if chain_value.is_empty() { "chain" } else { "link" };
            diags.error(file, row.line, format!("empty `{name}`")).hint(format!("every row needs a `{name}`"));
            return None;
        }
        let chain = res.chain(chain_value, file, row.line, diags)?;
        let link = res.link(chain, link_value, file, row.line, diags)?;
        Some((chain, link))
    };

    let mut failed_firms = Failed::default();
    // Without a readable firms table, references to firms cannot be checked.
    let mut firms_readable = false;
    if let Some((path, file)) = table_file(dir, names, &FIRMS, true, diags) {
        let mut firms = Records::new("firm");
        firms_readable = read_table(&path, &file, &FIRMS, diags, &mut |row, diags| {
            let placement = place(row, &res, records::firm_col::CHAIN, &file, diags);
            match records::firm_row(row, &mut res, &file, diags) {
                Some((id, firm)) => {
                    if !firms.index.contains_key(id.as_str()) {
                        records::check_firm_id(&id, &file, row.line, diags);
                    }
                    let names = Names { counties: &res.counties, tags: &res.tags, firm_ids: &[] };
                    firms.add(&id, row.line, firm, placement, &names, &file, diags);
                }
                None => {
                    failed_firms.insert(row.get(records::firm_col::ID).to_owned());
                }
            }
        });
        let (items, placements) = firms.finish(&chain_ids, &link_id, &file, diags);
        dataset.firms = items;
        dataset.firm_placements = placements;
    }
    // Rebuild the firm index from the final list for the tables that refer to firms.
    let firm_index: FxHashMap<Box<str>, FirmIdx> = dataset
        .firms
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.clone(), FirmIdx::try_from(i).expect("fewer than 4 billion firms")))
        .collect();

    let firm_ids: Vec<&str> = dataset.firms.iter().map(|f| &*f.id).collect();
    if let Some((path, file)) = table_file(dir, names, &CANDIDATES, true, diags) {
        let mut candidates = Records::new("candidate");
        read_table(&path, &file, &CANDIDATES, diags, &mut |row, diags| {
            let placement = place(row, &res, records::candidate_col::CHAIN, &file, diags);
            let mut local = Diagnostics::default();
            let parsed = records::candidate_row(row, &mut res, &firm_index, &file, &mut local);
            keep_unless_failed(local, firms_readable, &failed_firms, diags);
            if let Some((id, candidate)) = parsed {
                let names = Names { counties: &res.counties, tags: &res.tags, firm_ids: &firm_ids };
                candidates.add(&id, row.line, candidate, placement, &names, &file, diags);
            }
        });
        let (items, placements) = candidates.finish(&chain_ids, &link_id, &file, diags);
        dataset.candidates = items;
        dataset.candidate_placements = placements;
    }

    if let Some((path, file)) = table_file(dir, names, &PROJECTS, false, diags) {
        let mut projects = Records::new("project");
        read_table(&path, &file, &PROJECTS, diags, &mut |row, diags| {
            let placement = place(row, &res, records::project_col::CHAIN, &file, diags);
            if let Some((id, project)) = records::project_row(row, &mut res, &file, diags) {
                let names = Names { counties: &res.counties, tags: &res.tags, firm_ids: &[] };
                projects.add(&id, row.line, project, placement, &names, &file, diags);
            }
        });
        let (items, placements) = projects.finish(&chain_ids, &link_id, &file, diags);
        dataset.projects = items;
        dataset.project_placements = placements;
    }

    if let Some((path, file)) = table_file(dir, names, &PROBLEMS, false, diags) {
        read_table(&path, &file, &PROBLEMS, diags, &mut |row, diags| {
            let mut local = Diagnostics::default();
            let parsed = records::problem_row(row, &firm_index, &file, &mut local);
            keep_unless_failed(local, firms_readable, &failed_firms, diags);
            if let Some(problem) = parsed {
                dataset.problems.push(problem);
            }
        });
    }

    dataset.region.counties = res.counties;
    dataset.tags = res.tags;
}

/// Keeps the problems of a row, except "unknown firm" reports about firms
/// whose own rows already failed, or about any firm when the firms table
/// could not be read (the cause is reported there).
fn keep_unless_failed(local: Diagnostics, firms_readable: bool, failed: &Failed, diags: &mut Diagnostics) {
    for d in local.into_sorted() {
        let firm = ["unknown firm `", "unknown partner firm `"]
            .iter()
            .find_map(|prefix| d.message.strip_prefix(prefix))
            .and_then(|rest| rest.strip_suffix('`'));
        let about_failed = firm.is_some_and(|id| !firms_readable || failed.contains(id));
        if !about_failed {
            diags.push_diagnostic(d);
        }
    }
}
