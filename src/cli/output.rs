//! Shared pieces of the commands: output formats, loading with reporting.

use std::io::{BufWriter, Write};
use std::mem::ManuallyDrop;
use std::path::Path;

use clap::ValueEnum;

use super::Failure;
use super::progress::LoadBar;
use crate::load::{Diagnostic, LoadError, Needs, Reading, Severity, load_dataset_needs};
use crate::model::Dataset;
use crate::render::Table;

/// How a command writes its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people
    Table,
    /// JSON for programs
    Json,
    /// CSV (UTF-8)
    Csv,
    /// Markdown table
    Md,
}

/// `value`, never to be freed: a command's process ends with it, and
/// freeing millions of records (the dataset, its ranked targets with a
/// list of fills each) one by one would only make it end later — some
/// 50 ms for the province's targets alone.
pub fn never_freed<T>(value: T) -> ManuallyDrop<T> {
    ManuallyDrop::new(value)
}

/// Loads a dataset for a command other than `validate`: on errors, prints
/// them to stderr; on warnings, a one-line note. A large load shows a
/// progress bar on a terminal.
///
/// Only the optional tables in `needs` are read: a command is not slowed,
/// nor stopped, by a table it does not use; `validate` checks them all.
///
/// The dataset is never freed (see [`never_freed`]).
pub fn load_for_command(dir: &Path, needs: Needs) -> Result<ManuallyDrop<Dataset>, Failure> {
    match load_dataset_needs(dir, needs, Reading::Parallel, &LoadBar::new()) {
        Ok(loaded) => {
            // Notes say how a file was read; only warnings are worth a line here.
            let warnings = loaded.warnings.iter().filter(|d| d.severity == Severity::Warning).count();
            if warnings > 0 {
                eprintln!(
                    "note: {} warning(s) in {}; run `chainmap validate {}` to see them",
                    warnings,
                    dir.display(),
                    dir.display()
                );
            }
            Ok(never_freed(loaded.dataset))
        }
        Err(LoadError::Invalid(diagnostics)) => {
            print_diagnostics(&diagnostics, Some(&count_line(&diagnostics)));
            Err(Failure::Reported)
        }
        Err(other) => Err(Failure::Other(other.into())),
    }
}

/// Prints `diagnostics` on standard error, one a line, then `last` if
/// given. Buffered: standard error writes each piece of a line at once,
/// and a table with every row wrong has hundreds of thousands of lines
/// (361,165 took 17 s, most of it in the kernel, before this).
pub fn print_diagnostics(diagnostics: &[Diagnostic], last: Option<&str>) {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in diagnostics {
        let _ = writeln!(err, "{d}");
    }
    if let Some(last) = last {
        let _ = writeln!(err, "{last}");
    }
    let _ = err.flush();
}

/// "2 errors, 1 warning".
#[must_use]
pub fn count_line(diagnostics: &[Diagnostic]) -> String {
    let count = |severity| diagnostics.iter().filter(|d| d.severity == severity).count();
    let plural = |n: usize, word: &str| {
        if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
    };
    let line = format!("{}, {}", plural(count(Severity::Error), "error"), plural(count(Severity::Warning), "warning"));
    match count(Severity::Note) {
        0 => line,
        notes => format!("{line}, {}", plural(notes, "note")),
    }
}

/// Writes a table result in the chosen format, JSON from `json`.
pub fn write_result(format: Format, table: &Table, json: &serde_json::Value) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Format::Table => table.write_text(&mut out)?,
        Format::Csv => {
            csv_bom(&mut out)?;
            table.write_csv(&mut out)?;
        }
        Format::Md => table.write_markdown(&mut out)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, json)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Starts CSV output with a byte-order mark when standard output is a
/// file (`chainmap gaps --format csv > gaps.csv`), so Excel reads it as
/// UTF-8; a pipe or a terminal gets none, so the next program sees the
/// header as written.
pub fn csv_bom(out: &mut dyn Write) -> std::io::Result<()> {
    if stdout_is_file() { out.write_all("\u{feff}".as_bytes()) } else { Ok(()) }
}

#[cfg(unix)]
fn stdout_is_file() -> bool {
    rustix::fs::fstat(std::io::stdout()).is_ok_and(|st| rustix::fs::FileType::from_raw_mode(st.st_mode).is_file())
}

#[cfg(not(unix))]
fn stdout_is_file() -> bool {
    false
}

/// "1 chain", "2 chains".
#[must_use]
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// The chain a `--chain` argument names, by id or name; an unknown chain is
/// a usage error.
pub fn chain_index(dataset: &Dataset, value: &str) -> Result<usize, Failure> {
    if let Some(c) = dataset.chains.iter().position(|c| c.id == value || c.name == value) {
        return Ok(c);
    }
    let hint = crate::load::suggest::best_match(value, dataset.chains.iter().map(|c| (c.id.as_str(), c.name.as_str())))
        .map_or_else(
            || {
                let ids: Vec<&str> = dataset.chains.iter().map(|c| c.id.as_str()).collect();
                format!("the chains are {}", ids.join(", "))
            },
            |(id, name)| format!("did you mean `{id}` {name}?"),
        );
    Err(Failure::Usage(format!("unknown chain `{value}`; {hint}")))
}

/// Says on stderr, in one line, that the dataset has no candidate pool, when
/// it has none: `targets` and `plan` then give an empty result and succeed
/// (candidates are optional, SPEC §3).
pub fn note_no_candidate_pool(dir: &Path, dataset: &Dataset) {
    if dataset.candidates.is_empty() {
        eprintln!(
            "note: no candidate pool in {}, so no recruitment targets; add {} to rank them",
            dir.display(),
            crate::load::table::TableFormat::file_choices("candidates")
        );
    }
}
