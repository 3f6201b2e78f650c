//! `chainmap diff OLD NEW`: what changed between two copies of a dataset —
//! chains, link statuses, firms, candidates, projects, problems.

use std::io::{BufWriter, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::Failure;
use super::output::{count_line, print_diagnostics};
use super::progress::LoadBar;
use super::report::LangArg;
use crate::analysis::analyze;
use crate::analysis::diff::{Side, diff};
use crate::load::{LoadError, Loaded, load_dataset_with};
use crate::model::Dataset;
use crate::render::diff::{DiffView, diff_doc, write_diff_markdown, write_diff_text};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap diff chains/snapshots/2026-02 chains     since last month's snapshot\n  chainmap diff old/ new/ --format json > diff.json\n  chainmap diff old/ new/ --format md --lang en\n\nChains pair by id, links by chain and id, firms by firm_id, candidates by candidate_id,\nprojects by project_id, problems by problem_id when both tables have one for every problem\n(else by firm, category and description). Each dataset must be valid: an invalid one\nexits 1, naming it. See docs/analysis.md."
)]
pub struct Args {
    /// The earlier dataset directory (e.g. a snapshot under snapshots/)
    old: PathBuf,
    /// The later dataset directory
    new: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    format: DiffFormat,
    /// Language of the tables and Markdown (JSON has ids and English words)
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// Aligned tables for people
    Table,
    /// JSON for programs
    Json,
    /// Markdown
    Md,
}

/// Loads one side of the comparison. On failure, prints its problems and
/// returns the line that names the side and says why.
pub(super) fn load_side(dir: &Path, which: &str) -> Result<ManuallyDrop<Dataset>, String> {
    match load_dataset_with(dir, &LoadBar::new()) {
        Ok(Loaded { dataset, warnings }) => {
            if !warnings.is_empty() {
                eprintln!(
                    "note: {} warning(s) in {which} {}; run `chainmap validate {}` to see them",
                    warnings.len(),
                    dir.display(),
                    dir.display()
                );
            }
            Ok(ManuallyDrop::new(dataset))
        }
        Err(LoadError::Invalid(diagnostics)) => {
            print_diagnostics(&diagnostics, None);
            Err(format!(
                "{which} dataset {} is invalid ({}); fix it, or compare another copy",
                dir.display(),
                count_line(&diagnostics)
            ))
        }
        Err(other) => Err(format!("{which}: {other}")),
    }
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let old = load_side(&args.old, "OLD");
    let new = load_side(&args.new, "NEW");
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            let mut err = std::io::stderr().lock();
            for why in [old.err(), new.err()].into_iter().flatten() {
                let _ = writeln!(err, "error: {why}");
            }
            return Err(Failure::Reported);
        }
    };
    let (old_analyses, new_analyses) = rayon::join(|| analyze(&old), || analyze(&new));
    let old = Side { dataset: &old, analyses: &old_analyses };
    let new = Side { dataset: &new, analyses: &new_analyses };
    let result = diff(old, new);
    let view = DiffView { old, new, diff: &result };
    let (old_label, new_label) = (args.old.display().to_string(), args.new.display().to_string());
    let labels = (old_label.as_str(), new_label.as_str());
    let lang = args.lang.lang();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        DiffFormat::Table => write_diff_text(&mut out, &view, labels, lang)?,
        DiffFormat::Md => write_diff_markdown(&mut out, &view, labels, lang)?,
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &diff_doc(&view))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
