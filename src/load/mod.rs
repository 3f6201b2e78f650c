//! Files → model: reads a dataset directory, validates everything, and
//! reports every problem of the dataset in one run.

pub mod cells;
pub mod chain_file;
pub mod columns;
pub mod diag;
pub mod intern;
pub mod limits;
/// The key tables belong to the model, whose firm roster finds its firms
/// by id with the same hash; the loader's other look-ups use them from here.
pub use crate::model::keys;
pub mod locate;
pub mod monthly;
pub mod needs;
pub mod progress;
pub mod records;
pub mod region_file;
pub mod resolve;
mod same_firm;
pub mod suggest;
pub mod table;
pub mod uscc;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use columns::{CANDIDATES, CandidateCol, FIRMS, FirmCol, MONTHLY, PROBLEMS, PROJECTS, ProjectCol, TABLES};
pub use diag::{DiagKind, Diagnostic, Diagnostics, Limit, Severity};
use intern::{Interner, Scratch};
use keys::id_hash;
pub use needs::Needs;
pub use progress::{LoadProgress, NoProgress};
use records::{Keyed, Names, Parsed, ParsedCandidate, ParsedFirm, Records, rows_in};
use resolve::Resolver;
pub use table::Reading;
use table::{Chunk, Fold, Row, RowParser, TableFormat, TableSpec, read_table_chunked};

use crate::model::{Candidates, Chain, Dataset, Firms, Monthly, Problem, Project, Region};

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
    name == "region.json" || TABLES.iter().any(|spec| name == format!("{}.json", spec.stem))
}

/// Whether the loader reads a file of this name: `region.json`, a chain
/// file (any other `*.json`) or a table in one of its formats.
fn is_input(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // As `load_chains` picks chain files: by a name ending in `.json`.
    lower.rsplit_once('.').is_some_and(|(_, extension)| extension == "json")
        || TABLES
            .iter()
            .any(|spec| TableFormat::ALL.iter().any(|f| lower == format!("{}.{}", spec.stem, f.extension())))
}

/// The names of the files in `dir` that make up the dataset, sorted: what
/// [`load_dataset`] reads, and what a snapshot copies. Directories, such as
/// `snapshots/`, are not part of it.
///
/// # Errors
/// When `dir` is not a directory or cannot be listed.
pub fn input_files(dir: &Path) -> Result<Vec<String>, LoadError> {
    if !dir.is_dir() {
        return Err(LoadError::NotFound(dir.display().to_string()));
    }
    let entries =
        std::fs::read_dir(dir).map_err(|source| LoadError::Unreadable { path: dir.display().to_string(), source })?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        // Through symbolic links, as every other program reads a file: a
        // table linked in from a shared folder is part of the dataset.
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| is_input(name))
        .collect();
    names.sort();
    Ok(names)
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
    load_dataset_with(dir, &NoProgress)
}

/// [`load_dataset`], reporting its progress to `progress`.
///
/// # Errors
/// `LoadError::Invalid` with every problem when the dataset has errors.
pub fn load_dataset_with(dir: &Path, progress: &dyn LoadProgress) -> Result<Loaded, LoadError> {
    load_dataset_reading(dir, Reading::Parallel, progress)
}

/// [`load_dataset_with`], reading CSV tables as `reading` says. The result
/// does not depend on it; tests show that.
///
/// # Errors
/// `LoadError::Invalid` with every problem when the dataset has errors.
pub fn load_dataset_reading(dir: &Path, reading: Reading, progress: &dyn LoadProgress) -> Result<Loaded, LoadError> {
    load_dataset_needs(dir, Needs::ALL, reading, progress)
}

/// Loads the chains, the region, the firms and of the optional tables only
/// those in `needs`: a table left out is not opened, so neither its rows nor
/// its problems are seen, and the dataset holds none of its records.
/// [`Needs::ALL`] is [`load_dataset_reading`].
///
/// # Errors
/// `LoadError::Invalid` with every problem of what was read when it has errors.
pub fn load_dataset_needs(
    dir: &Path,
    needs: Needs,
    reading: Reading,
    progress: &dyn LoadProgress,
) -> Result<Loaded, LoadError> {
    if !dir.is_dir() {
        return Err(LoadError::NotFound(dir.display().to_string()));
    }
    let entries =
        std::fs::read_dir(dir).map_err(|source| LoadError::Unreadable { path: dir.display().to_string(), source })?;
    let mut files: Vec<(String, u64)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            // Through symbolic links, as `input_files` lists them.
            let meta = std::fs::metadata(e.path()).ok().filter(std::fs::Metadata::is_file)?;
            Some((e.file_name().into_string().ok()?, meta.len()))
        })
        .filter(|(name, _)| !needs.skips_file(name))
        .collect();
    files.sort();
    let names: Vec<String> = files.iter().map(|(name, _)| name.clone()).collect();
    progress.start(files.iter().map(|(_, len)| len).sum());
    let result = load_listed(dir, &names, needs, reading, progress);
    progress.finish();
    result
}

fn load_listed(
    dir: &Path,
    names: &[String],
    needs: Needs,
    reading: Reading,
    progress: &dyn LoadProgress,
) -> Result<Loaded, LoadError> {
    let mut diags = Diagnostics::default();
    let region = if names.iter().any(|n| n == "region.json") {
        let file = label(dir, "region.json");
        match std::fs::read_to_string(dir.join("region.json")) {
            Ok(text) => {
                progress.advance(text.len() as u64);
                region_file::parse_region(&file, &text, &mut diags)
            }
            Err(err) => {
                diags.error(&file, 0, format!("cannot read: {err}"));
                Region::default()
            }
        }
    } else {
        Region::default()
    };

    let (chains, broken_chains) = load_chains(dir, names, &mut diags, progress);
    let mut dataset = Dataset { region, ..Dataset::default() };
    let how = TableReading { reading, needs, progress };
    load_tables(dir, names, &chains, broken_chains, &mut dataset, &mut diags, how);
    dataset.chains = chains;

    if diags.has_errors() {
        return Err(LoadError::Invalid(diags.into_sorted()));
    }
    Ok(Loaded { dataset, warnings: diags.into_sorted() })
}

/// One chain file, read and parsed on its own.
struct ChainFile {
    name: String,
    file: String,
    diags: Diagnostics,
    chain: Option<Chain>,
    /// What tables may call the chain when its file has errors.
    broken: Vec<String>,
}

fn read_chain_file(dir: &Path, name: &str, progress: &dyn LoadProgress) -> ChainFile {
    let file = label(dir, name);
    let mut diags = Diagnostics::default();
    let text = match std::fs::read_to_string(dir.join(name)) {
        Ok(text) => text,
        Err(err) => {
            diags.error(&file, 0, format!("cannot read: {err}")).hint("chain files are UTF-8 JSON");
            return ChainFile { name: name.to_owned(), file, diags, chain: None, broken: Vec::new() };
        }
    };
    progress.advance(text.len() as u64);
    let chain = chain_file::parse_chain(&file, &text, &mut diags);
    let broken = if chain.is_none() {
        let mut broken = chain_file::names_of_broken_chain(&text);
        broken.push(name.rsplit_once('.').map_or(name, |(s, _)| s).to_owned());
        broken
    } else {
        Vec::new()
    };
    ChainFile { name: name.to_owned(), file, diags, chain, broken }
}

/// The valid chains, sorted by id, and the names of the chains whose files
/// have errors. The files are parsed in parallel and checked against each
/// other in name order.
fn load_chains(
    dir: &Path,
    names: &[String],
    diags: &mut Diagnostics,
    progress: &dyn LoadProgress,
) -> (Vec<Chain>, FxHashSet<String>) {
    let chain_names: Vec<&String> =
        names.iter().filter(|n| n.to_ascii_lowercase().ends_with(".json") && !is_table_or_region(n)).collect();
    let parsed: Vec<ChainFile> = chain_names.par_iter().map(|name| read_chain_file(dir, name, progress)).collect();
    let mut chains: Vec<Chain> = Vec::new();
    // The file of each chain id and name taken so far.
    let mut files_by_id: FxHashMap<String, String> = FxHashMap::default();
    let mut files_by_name: FxHashMap<String, String> = FxHashMap::default();
    let mut broken = FxHashSet::default();
    let mut past_limit = false;
    for ChainFile { name, file, diags: found, chain, broken: names_of_broken } in parsed {
        diags.extend(found);
        broken.extend(names_of_broken);
        let Some(chain) = chain else {
            continue;
        };
        if let Some(first) = files_by_id.get(&chain.id) {
            diags
                .error(&file, 0, format!("duplicate chain id `{}` (also in {first})", chain.id))
                .hint("each chain file needs its own id");
            continue;
        }
        if let Some(first) = files_by_name.get(&chain.name) {
            diags
                .error(&file, 0, format!("duplicate chain name `{}` (also in {first})", chain.name))
                .hint("tables may name chains by name, so names must be unique");
            continue;
        }
        if Limit::Chains.index::<u16>(chains.len()).is_none() {
            // Reported at the first chain past the limit, in file name order.
            if !past_limit {
                past_limit = true;
                diags.too_many(&file, 0, Limit::Chains, "");
            }
            // Rows naming the chains past the limit are not reported again.
            broken.extend([chain.id, chain.name].into_iter().chain(chain.name_en));
            continue;
        }
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        if stem != chain.id {
            diags
                .warning(&file, 0, format!("chain `{}` is in a file named `{name}`", chain.id))
                .hint(format!("name the file `{}.json`", chain.id));
        }
        files_by_id.insert(chain.id.clone(), file.clone());
        files_by_name.insert(chain.name.clone(), file);
        chains.push(chain);
    }
    if chains.is_empty() && !diags.has_errors() {
        diags
            .error(&dir.display().to_string(), 0, "no chain files (*.json) in the dataset directory")
            .hint("each chain is a <chain-id>.json file; see docs/formats.md");
    }
    chains.sort_by(|a, b| a.id.cmp(&b.id));
    (chains, broken)
}

/// A table's file: where it is, how messages name it, and its format.
struct TableFile {
    path: PathBuf,
    label: String,
    format: TableFormat,
}

/// The one file holding table `spec`, if any; two formats of one table is an error.
fn table_file(
    dir: &Path,
    names: &[String],
    spec: &TableSpec,
    required: bool,
    diags: &mut Diagnostics,
) -> Option<TableFile> {
    let found: Vec<(&String, TableFormat)> = TableFormat::ALL
        .into_iter()
        .filter_map(|format| {
            let name = format!("{}.{}", spec.stem, format.extension());
            names.iter().find(|n| n.eq_ignore_ascii_case(&name)).map(|n| (n, format))
        })
        .collect();
    match found.as_slice() {
        [] => {
            if required {
                diags
                    .error(&label(dir, &format!("{}.csv", spec.stem)), 0, format!("the {} table is missing", spec.stem))
                    .hint(format!("add {}", TableFormat::file_choices(spec.stem)));
            }
            None
        }
        [(one, format)] => Some(TableFile { path: dir.join(one), label: label(dir, one), format: *format }),
        [(first, _), (second, _), ..] => {
            diags
                .error(&label(dir, second), 0, format!("both {first} and {second} exist"))
                .hint("keep one file per table");
            None
        }
    }
}

/// Record ids that failed to load: later references to them are not reported again.
type Failed = FxHashSet<Box<str>>;

/// Resolves a row's chain and link, in the table's columns `chain` and
/// `link`; `None` after reporting.
fn place<C: Into<usize> + Copy>(
    row: &Row<'_>,
    res: &Resolver<'_>,
    (chain, link): (C, C),
    file: &str,
    diags: &mut Diagnostics,
) -> Option<(u16, u16)> {
    let chain_value = cells::required(row, chain, file, diags)?;
    let link_value = cells::required(row, link, file, diags)?;
    let chain = res.chain(chain_value, file, row.line, diags)?;
    let link = res.link(chain, link_value, file, row.line, diags)?;
    // The chain files hold no more chains and links than a placement
    // numbers (they report more), but a bad number is never stored.
    let Some(chain_no) = Limit::Chains.index(chain) else {
        diags.too_many(file, row.line, Limit::Chains, "");
        return None;
    };
    let Some(link_no) = Limit::Links.index(link) else {
        diags.too_many(file, row.line, Limit::Links, res.chain_id(chain));
        return None;
    };
    Some((chain_no, link_no))
}

/// The output of a row of a table whose records span rows (firms,
/// candidates), given the next output's number in `scratch.outputs`: the
/// row read whole by `whole`, or `repeat(of)` when it repeats the run's
/// output `of` but for its chain and link (`[id, chain, link]`), that
/// output having been read whole without a message. An output read whole
/// may be repeated when `clean` says so of it and it gave no message: a
/// row with a problem is read whole each time, so that each of its lines
/// gets its messages.
fn read_or_repeat<C: Into<usize> + Copy, T>(
    (row, scratch, diags): (&Row<'_>, &mut Scratch, &mut Diagnostics),
    [id, chain, link]: [C; 3],
    repeat: impl FnOnce(u32) -> T,
    whole: impl FnOnce(&mut Scratch, &mut Diagnostics) -> T,
    clean: impl FnOnce(&T) -> bool,
) -> T {
    let output = scratch.outputs;
    scratch.outputs += 1;
    if let Some(of) = scratch.repeatable
        && row.repeats_previous(id, [chain, link])
    {
        return repeat(of);
    }
    let problems = diags.len();
    let parsed = whole(scratch, diags);
    let clean = clean(&parsed) && diags.len() == problems;
    scratch.repeatable = u32::try_from(output).ok().filter(|_| clean);
    parsed
}

/// A parsed firms row.
enum FirmRow {
    Firm {
        /// The row, its text in the run's arena.
        firm: ParsedFirm,
        /// `id_hash` of its id.
        hash: u64,
        line: usize,
        placement: Option<(u16, u16)>,
        /// The warning about its credit code, if it is the firm's first row.
        warning: Option<Box<Diagnostic>>,
    },
    /// A row whose cells are those of the run's output `of` (a `Firm`
    /// without problems) but for its chain and link: the firm's next
    /// placement, read no further.
    Repeat { of: u32, line: usize, placement: Option<(u16, u16)> },
    /// A row with errors, by its `firm_id`.
    Failed(Box<str>),
}

struct FirmParser<'a> {
    res: &'a Resolver<'a>,
    file: &'a str,
}

impl RowParser for FirmParser<'_> {
    type Out = FirmRow;
    fn parse(&self, row: &Row<'_>, scratch: &mut Scratch, diags: &mut Diagnostics) -> Option<FirmRow> {
        let placement = place(row, self.res, (FirmCol::Chain, FirmCol::Link), self.file, diags);
        // A firm at several links is several rows, usually one after the
        // other, alike but for the link: a fifth of the province's rows.
        Some(read_or_repeat(
            (row, scratch, diags),
            [FirmCol::Id, FirmCol::Chain, FirmCol::Link],
            |of| FirmRow::Repeat { of, line: row.line, placement },
            |scratch, diags| match records::firm_row(row, self.res, scratch, self.file, diags) {
                Some(firm) => {
                    let id = firm.id(&scratch.arena);
                    let warning = records::check_firm_id(id, self.file, row.line).map(Box::new);
                    FirmRow::Firm { hash: id_hash(id), firm, line: row.line, placement, warning }
                }
                None => FirmRow::Failed(row.get(FirmCol::Id).into()),
            },
            |parsed| matches!(parsed, FirmRow::Firm { warning: None, .. }),
        ))
    }

    fn start_run(&self, chunk: &mut Chunk<FirmRow>, bytes: usize) {
        // A firm's id, name and park are some two fifths of its row.
        chunk.scratch.arena.text.reserve(bytes / 2);
    }
}

struct FirmsState {
    records: Records<Firms>,
    failed: Failed,
    interner: Interner,
}

/// A roster for a firms table file of `bytes` bytes. A firms row is some
/// 130 bytes, and a firm about 1.2 rows: the index by id is sized for a
/// third of [`rows_in`], which is twice that. Each text column may take as
/// much as the file, and costs only what it holds.
fn firms_for_file(bytes: u64) -> Firms {
    let rows = rows_in(bytes);
    Firms::with_capacity(rows, rows / 3, usize::try_from(bytes).unwrap_or(usize::MAX))
}

/// The local firms that candidates' partners and problems refer to.
#[derive(Clone, Copy)]
struct Roster<'a> {
    firms: &'a Firms,
    /// Whether the firms table could be read: without it, references to
    /// firms cannot be checked.
    readable: bool,
    /// The firms whose own rows failed.
    failed: &'a Failed,
}

impl Roster<'_> {
    /// Adds the problems of a row to `diags`, except reports of references
    /// to firms whose own rows failed, or to any firm when the firms table
    /// could not be read: the cause is reported there.
    fn keep(&self, mut found: Diagnostics, diags: &mut Diagnostics) {
        found.retain(|d| d.kind.missing_firm().is_none_or(|id| self.readable && !self.failed.contains(id)));
        diags.extend(found);
    }
}

struct CandidateParser<'a> {
    res: &'a Resolver<'a>,
    file: &'a str,
    roster: Roster<'a>,
}

/// A parsed candidates row.
enum CandidateRow {
    Candidate(Parsed<ParsedCandidate>),
    /// A row whose cells are those of the run's output `of` (a `Candidate`
    /// without problems) but for its chain and link, as a
    /// [`FirmRow::Repeat`] is.
    Repeat {
        of: u32,
        line: usize,
        placement: Option<(u16, u16)>,
    },
    /// The id of a row with errors, so that projects naming it are not
    /// reported again.
    Failed(Box<str>),
}

impl CandidateRow {
    /// The candidate id of output `at` of a run, a repeat's that of the
    /// row it repeats.
    fn id(rows: &[Self], at: usize, arena: &intern::RowArena) -> Box<str> {
        match &rows[at] {
            Self::Candidate(parsed) => parsed.record.id(arena).into(),
            Self::Repeat { of, .. } => Self::id(rows, *of as usize, arena),
            Self::Failed(id) => id.clone(),
        }
    }
}

impl RowParser for CandidateParser<'_> {
    type Out = CandidateRow;
    fn parse(&self, row: &Row<'_>, scratch: &mut Scratch, diags: &mut Diagnostics) -> Option<Self::Out> {
        let placement = place(row, self.res, (CandidateCol::Chain, CandidateCol::Link), self.file, diags);
        // The partners are looked up when the run is parsed (`end_run`),
        // a repeated row's too, so that each line is told of a partner
        // that is no local firm.
        let partners = row.get(CandidateCol::Partners);
        if !partners.is_empty() {
            let start = scratch.arena.text.len();
            scratch.arena.text.push_str(partners);
            scratch.deferred.push((scratch.outputs, row.line, start..scratch.arena.text.len()));
        }
        // A candidate for several links is several rows (three in ten of
        // the province's rows repeat the row before).
        Some(read_or_repeat(
            (row, scratch, diags),
            [CandidateCol::Id, CandidateCol::Chain, CandidateCol::Link],
            |of| CandidateRow::Repeat { of, line: row.line, placement },
            |scratch, diags| match records::candidate_row(row, scratch, self.file, diags) {
                Some(candidate) => {
                    let hash = id_hash(candidate.id(&scratch.arena));
                    CandidateRow::Candidate(Parsed { record: candidate, hash, line: row.line, placement })
                }
                None => CandidateRow::Failed(row.get(CandidateCol::Id).into()),
            },
            |parsed| matches!(parsed, CandidateRow::Candidate(_)),
        ))
    }

    /// Looks up the partners of the run's candidates all at once, so that
    /// the look-ups overlap ([`crate::model::Firms::find_many`]); a row
    /// naming a firm that is not in the roster fails.
    fn end_run(&self, chunk: &mut Chunk<Self::Out>, diags: &mut Diagnostics) {
        let deferred = std::mem::take(&mut chunk.scratch.deferred);
        let text = &chunk.scratch.arena.text;
        let cell = |i: usize| &text[deferred[i].2.clone()];
        let cells: Vec<Vec<&str>> = (0..deferred.len()).map(|i| records::partner_ids(cell(i))).collect();
        // A candidate's rows come together and repeat its partners: a cell
        // the same as the row before's is not looked up again (29 % of
        // the province's partner look-ups). `from[i]`: where row i's
        // firms are in `found`.
        let mut keys: Vec<(u64, &str)> = Vec::new();
        let mut from: Vec<usize> = Vec::with_capacity(cells.len());
        for (i, ids) in cells.iter().enumerate() {
            match from.last() {
                Some(&before) if cell(i) == cell(i - 1) => from.push(before),
                _ => {
                    from.push(keys.len());
                    keys.extend(ids.iter().map(|&id| (id_hash(id), id)));
                }
            }
        }
        let found = self.roster.firms.find_many(&keys);
        let mut partners = std::mem::take(&mut chunk.scratch.arena.partners);
        for (((at, line, _), ids), start) in deferred.iter().zip(&cells).zip(from) {
            let mut local = Diagnostics::default();
            let firms = found[start..start + ids.len()].iter().copied();
            let before = partners.len();
            let partners_ok = records::partners_found(ids, firms, (self.file, *line), &mut local, &mut partners);
            self.roster.keep(local, diags);
            let placed = match &mut chunk.rows[*at] {
                // A run's partners outnumber its bytes only past 4 GiB of them.
                CandidateRow::Candidate(parsed) => {
                    partners_ok && parsed.record.set_partners(before..partners.len()).is_some()
                }
                // Its candidate has the partners of the row it repeats, which
                // fails with it.
                &mut CandidateRow::Repeat { of, .. } => {
                    partners.truncate(before);
                    partners_ok && !matches!(chunk.rows[of as usize], CandidateRow::Failed(_))
                }
                CandidateRow::Failed(_) => true,
            };
            if !placed {
                chunk.rows[*at] = CandidateRow::Failed(CandidateRow::id(&chunk.rows, *at, &chunk.scratch.arena));
            }
        }
        chunk.scratch.arena.partners = partners;
    }
}

struct ProjectParser<'a> {
    res: &'a Resolver<'a>,
    file: &'a str,
    candidates: records::CandidateIndex<'a>,
}

/// A parsed projects row: the project, unless the row failed, and the
/// candidate id it names that is no candidate, reported by the fold.
struct ProjectRow {
    project: Option<Parsed<Project>>,
    unknown_candidate: Option<(Box<str>, usize)>,
}

impl RowParser for ProjectParser<'_> {
    type Out = ProjectRow;
    fn parse(&self, row: &Row<'_>, scratch: &mut Scratch, diags: &mut Diagnostics) -> Option<ProjectRow> {
        let placement = place(row, self.res, (ProjectCol::Chain, ProjectCol::Link), self.file, diags);
        let mut unknown = None;
        let project = records::project_row(row, self.res, scratch, (self.candidates, &mut unknown), self.file, diags)
            .map(|project| Parsed::new(project, row.line, placement));
        let unknown_candidate = unknown.map(|id| (id, row.line));
        (project.is_some() || unknown_candidate.is_some()).then_some(ProjectRow { project, unknown_candidate })
    }
}

struct ProblemParser<'a> {
    file: &'a str,
    roster: Roster<'a>,
}

impl RowParser for ProblemParser<'_> {
    /// The problem and its line, for the check that its id is unique.
    type Out = (Problem, usize);
    fn parse(&self, row: &Row<'_>, _: &mut Scratch, diags: &mut Diagnostics) -> Option<(Problem, usize)> {
        let mut local = Diagnostics::default();
        let parsed = records::problem_row(row, self.roster.firms, self.file, &mut local);
        self.roster.keep(local, diags);
        parsed.map(|problem| (problem, row.line))
    }
}

/// The problems read so far, and the line of each `problem_id` met.
#[derive(Default)]
struct ProblemsState {
    problems: Vec<Problem>,
    lines: FxHashMap<Box<str>, usize>,
}

impl ProblemsState {
    /// Adds a chunk of problems; an id met before is an error, since `diff`
    /// follows a problem by its id (docs/formats.md#problems).
    fn apply(&mut self, chunk: Chunk<(Problem, usize)>, file: &str, diags: &mut Diagnostics) {
        for (problem, line) in chunk.rows {
            if let Some(id) = &problem.id {
                if let Some(first) = self.lines.get(id) {
                    diags
                        .error(file, line, format!("problem_id `{id}` is also on line {first}"))
                        .hint("each problem keeps its own number from month to month; give this one another");
                    continue;
                }
                self.lines.insert(id.clone(), line);
            }
            self.problems.push(problem);
        }
    }
}

/// Records of one kind, kept in `S`, with the tag and county numbering
/// they extend.
struct RecordsState<S> {
    records: Records<S>,
    interner: Interner,
}

/// Folds parsed rows of projects into their records.
fn add_records<T: records::Record + Send>(
    state: &mut RecordsState<Keyed<T>>,
    (rows, scratch): (impl Iterator<Item = Parsed<T>>, &Scratch),
    (firms, candidates): (Option<&Firms>, Option<&Candidates>),
    file: &str,
    diags: &mut Diagnostics,
    renumber: fn(&mut T, &intern::Remap),
) {
    let remap = state.interner.remap(scratch, file, diags);
    for mut parsed in rows {
        renumber(&mut parsed.record, &remap);
        let names = Names { counties: &state.interner.counties, tags: &state.interner.tags, firms, candidates };
        state.records.add(parsed, &names, file, diags);
    }
}

/// How the tables of one load are read, and who hears of the progress.
#[derive(Clone, Copy)]
struct TableReading<'a> {
    reading: Reading,
    /// What of the tables the dataset keeps.
    needs: Needs,
    progress: &'a dyn LoadProgress,
}

impl TableReading<'_> {
    /// Reads `table` (laid out as `spec`) into the state `fold` makes of its rows.
    fn read<P: RowParser, S: Send>(
        self,
        table: &TableFile,
        spec: &TableSpec,
        fold: &Fold<'_, P, S>,
    ) -> (S, Diagnostics, bool) {
        self.progress.file(&table.label);
        read_table_chunked(&table.path, &table.label, table.format, spec, fold, self.reading, self.progress)
    }
}

/// Reads the tables that follow the roster's firms: their problems and
/// their monthly figures.
fn load_firm_follow_up(
    dir: &Path,
    names: &[String],
    roster: Roster<'_>,
    how: TableReading<'_>,
    diags: &mut Diagnostics,
) -> (Vec<Problem>, Monthly) {
    let mut follow_up = (Vec::new(), Monthly::default());
    if let Some(table) = table_file(dir, names, &PROBLEMS, false, diags) {
        let file = table.label.as_str();
        let parser = ProblemParser { file, roster };
        let apply = |state: &mut ProblemsState, chunk, diags: &mut Diagnostics| state.apply(chunk, file, diags);
        let (state, found, _) =
            how.read(&table, &PROBLEMS, &Fold { parser: &parser, init: &|_| ProblemsState::default(), apply: &apply });
        diags.extend(found);
        follow_up.0 = state.problems;
    }

    if let Some(table) = table_file(dir, names, &MONTHLY, false, diags) {
        let file = table.label.as_str();
        let parser = monthly::MonthlyParser {
            file,
            firms: roster.firms,
            firms_readable: roster.readable,
            failed: roster.failed,
        };
        let init = |bytes| monthly::MonthlyState::for_file(bytes, roster.firms);
        let apply = |state: &mut monthly::MonthlyState<'_>, chunk, diags: &mut Diagnostics| {
            state.apply(chunk, file, diags);
        };
        let (state, found, _) = how.read(&table, &MONTHLY, &Fold { parser: &parser, init: &init, apply: &apply });
        diags.extend(found);
        follow_up.1 = state.finish(roster.firms, file, diags);
    }

    follow_up
}

/// The candidate pool as read: the candidates (`None` without a
/// candidates table) and their placements, and the ids whose rows failed
/// (for projects' `candidate_id`).
struct CandidatePool {
    candidates: Option<Candidates>,
    placements: Vec<crate::model::Placement>,
    failed: Failed,
}

/// A candidate pool for a table file of `bytes` bytes (see [`firms_for_file`]).
fn candidates_for_file(bytes: u64) -> Candidates {
    let rows = rows_in(bytes);
    Candidates::with_capacity(rows, rows / 3, usize::try_from(bytes).unwrap_or(usize::MAX))
}

/// Reads the candidate pool, if there is one.
fn load_candidates(
    dir: &Path,
    names: &[String],
    (res, roster): (&Resolver<'_>, Roster<'_>),
    (chain_ids, link_id): (&[&str], &dyn Fn(usize, usize) -> String),
    interner: &mut Interner,
    diags: &mut Diagnostics,
    how: TableReading<'_>,
) -> CandidatePool {
    let Some(table) = table_file(dir, names, &CANDIDATES, false, diags) else {
        return CandidatePool { candidates: None, placements: Vec::new(), failed: Failed::default() };
    };
    let file = table.label.as_str();
    let parser = CandidateParser { res, file, roster };
    let init = |bytes| {
        let records = Records::new("candidate", candidates_for_file(bytes), rows_in(bytes));
        let state = RecordsState { records, interner: interner.clone() };
        (state, Failed::default())
    };
    let apply = |(state, failed): &mut (RecordsState<Candidates>, Failed),
                 chunk: Chunk<CandidateRow>,
                 diags: &mut Diagnostics| {
        let Chunk { rows, scratch } = chunk;
        let remap = state.interner.remap(&scratch, file, diags);
        state.records.warm(rows.iter().filter_map(|row| match row {
            CandidateRow::Candidate(parsed) => Some(parsed.hash),
            CandidateRow::Repeat { .. } | CandidateRow::Failed(_) => None,
        }));
        let names = Names {
            counties: &state.interner.counties,
            tags: &state.interner.tags,
            firms: Some(roster.firms),
            candidates: None,
        };
        let mut tags = Vec::new();
        let mut add = |records: &mut Records<Candidates>, row: &CandidateRow, line, placement, diags: &mut _| {
            let CandidateRow::Candidate(Parsed { record, hash, .. }) = row else { return };
            tags.clear();
            tags.extend_from_slice(record.run_tags(&scratch.arena));
            remap.tags(&mut tags);
            let record = record.view(&scratch.arena, &tags);
            records.add(Parsed { record, hash: *hash, line, placement }, &names, file, diags);
        };
        // The rows are read where they lie, as the firms' are.
        for row in &rows {
            match row {
                CandidateRow::Failed(id) => {
                    failed.insert(id.clone());
                }
                CandidateRow::Candidate(parsed) => add(&mut state.records, row, parsed.line, parsed.placement, diags),
                // The row it repeats was added just before.
                &CandidateRow::Repeat { of, line, placement } => {
                    if !state.records.repeat(line, placement, file, diags) {
                        add(&mut state.records, &rows[of as usize], line, placement, diags);
                    }
                }
            }
        }
    };
    let ((state, failed), found, _) =
        how.read(&table, &CANDIDATES, &Fold { parser: &parser, init: &init, apply: &apply });
    diags.extend(found);
    *interner = state.interner;
    let (candidates, placements) = state.records.finish(chain_ids, link_id, file, diags);
    CandidatePool { candidates: Some(candidates), placements, failed }
}

/// Reads the projects table, if there is one: the projects and their
/// placements.
fn load_projects(
    dir: &Path,
    names: &[String],
    (res, candidates): (&Resolver<'_>, records::CandidateIndex<'_>),
    (chain_ids, link_id): (&[&str], &dyn Fn(usize, usize) -> String),
    interner: &mut Interner,
    diags: &mut Diagnostics,
    how: TableReading<'_>,
) -> Option<(Vec<Project>, Vec<crate::model::Placement>)> {
    let table = table_file(dir, names, &PROJECTS, false, diags)?;
    let file = table.label.as_str();
    let parser = ProjectParser { res, file, candidates };
    let init = |bytes| {
        let records = Records::new("project", Keyed::for_file(bytes), rows_in(bytes));
        (RecordsState { records, interner: interner.clone() }, records::UnknownCandidates::default())
    };
    let apply = |(state, unknown): &mut (RecordsState<Keyed<Project>>, records::UnknownCandidates),
                 chunk: Chunk<ProjectRow>,
                 diags: &mut Diagnostics| {
        let Chunk { rows, scratch } = chunk;
        state.records.warm(rows.iter().filter_map(|row| row.project.as_ref()).map(|parsed| parsed.hash));
        let mut projects = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some((id, line)) = row.unknown_candidate {
                unknown.report(&id, candidates, (file, line), diags);
            }
            projects.extend(row.project);
        }
        let projects = (projects.into_iter(), &scratch);
        add_records(state, projects, (None, candidates.candidates), file, diags, |p, r| {
            p.county = r.county(p.county);
        });
    };
    let ((state, _), found, _) = how.read(&table, &PROJECTS, &Fold { parser: &parser, init: &init, apply: &apply });
    diags.extend(found);
    *interner = state.interner;
    let (projects, placements) = state.records.finish(chain_ids, link_id, file, diags);
    Some((projects.items, placements))
}

fn load_tables(
    dir: &Path,
    names: &[String],
    chains: &[Chain],
    broken_chains: FxHashSet<String>,
    dataset: &mut Dataset,
    diags: &mut Diagnostics,
    how: TableReading<'_>,
) {
    let region = dataset.region.clone();
    let Ok(res) = Resolver::new(chains, &region, broken_chains) else {
        diags.too_many(&dir.display().to_string(), 0, Limit::Names, "");
        return;
    };
    let mut interner = Interner::new(&region);
    let chain_ids: Vec<&str> = chains.iter().map(|c| c.id.as_str()).collect();
    let link_id = |c: usize, l: usize| chains[c].links[l].id.clone();

    let mut failed_firms = Failed::default();
    // Without a readable firms table, references to firms cannot be checked.
    let mut firms_readable = false;
    if let Some(table) = table_file(dir, names, &FIRMS, true, diags) {
        let file = table.label.as_str();
        let parser = FirmParser { res: &res, file };
        let init = |bytes| FirmsState {
            records: Records::new("firm", firms_for_file(bytes), rows_in(bytes)),
            failed: Failed::default(),
            interner: interner.clone(),
        };
        let apply = |state: &mut FirmsState, chunk: Chunk<FirmRow>, diags: &mut Diagnostics| {
            let remap = state.interner.remap(&chunk.scratch, file, diags);
            let arena = &chunk.scratch.arena;
            state.records.warm(chunk.rows.iter().filter_map(|row| match row {
                FirmRow::Firm { hash, .. } => Some(*hash),
                FirmRow::Repeat { .. } | FirmRow::Failed(_) => None,
            }));
            let mut tags = Vec::new();
            let mut add = |state: &mut FirmsState, row: &FirmRow, line: usize, placement, diags: &mut Diagnostics| {
                let FirmRow::Firm { firm, hash, warning, .. } = row else { return };
                tags.clear();
                tags.extend(firm.run_tags(arena).iter().filter_map(|&t| remap.tag(t)));
                let mut record = firm.view(arena, &tags);
                record.firm.county = remap.county(record.firm.county);
                if let Some(warning) = warning
                    && !state.records.contains(*hash, record.id)
                {
                    diags.push_diagnostic(Diagnostic::clone(warning));
                }
                let names = Names {
                    counties: &state.interner.counties,
                    tags: &state.interner.tags,
                    firms: None,
                    candidates: None,
                };
                state.records.add(Parsed { record, hash: *hash, line, placement }, &names, file, diags);
            };
            // The rows are read where they lie rather than moved out one by one.
            for row in &chunk.rows {
                match row {
                    FirmRow::Failed(id) => {
                        state.failed.insert(id.clone());
                    }
                    FirmRow::Firm { line, placement, .. } => add(state, row, *line, *placement, diags),
                    // The row before (or the one it repeats) was added just now.
                    &FirmRow::Repeat { of, line, placement } => {
                        if !state.records.repeat(line, placement, file, diags) {
                            add(state, &chunk.rows[of as usize], line, placement, diags);
                        }
                    }
                }
            }
        };
        let (mut state, found, readable) =
            how.read(&table, &FIRMS, &Fold { parser: &parser, init: &init, apply: &apply });
        diags.extend(found);
        firms_readable = readable;
        failed_firms = state.failed;
        interner = state.interner;
        // The monthly table's hints name firms.
        let keep_names = how.needs.firm_names || how.needs.monthly;
        state.records.warn_same_firm_twice(keep_names, file, diags);
        let (firms, placements) = state.records.finish(&chain_ids, &link_id, file, diags);
        dataset.firms = firms;
        dataset.firm_placements = placements;
    }
    let roster = Roster { firms: &dataset.firms, readable: firms_readable, failed: &failed_firms };

    // The candidate pool is optional (SPEC §3): without it there are no targets.
    let pool = load_candidates(dir, names, (&res, roster), (&chain_ids, &link_id), &mut interner, diags, how);
    let has_pool = pool.candidates.is_some();
    dataset.candidates = pool.candidates.unwrap_or_default();
    dataset.candidate_placements = pool.placements;

    let candidates =
        records::CandidateIndex { candidates: has_pool.then_some(&dataset.candidates), failed: &pool.failed };
    if let Some((projects, placements)) =
        load_projects(dir, names, (&res, candidates), (&chain_ids, &link_id), &mut interner, diags, how)
    {
        dataset.projects = projects;
        dataset.project_placements = placements;
    }

    let (problems, monthly) = load_firm_follow_up(dir, names, roster, how, diags);
    dataset.problems = problems;
    dataset.monthly = monthly;

    dataset.region.counties = interner.counties;
    dataset.tags = interner.tags;
}
