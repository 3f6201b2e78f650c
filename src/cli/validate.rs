//! `chainmap validate`: check everything, report every problem.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::ValueEnum;

use super::Failure;
use super::output::{count_line, plural};
use super::progress::LoadBar;
use crate::load::{Diagnostic, LoadError, Loaded, Severity, load_dataset_with};
use crate::render::monitor::coverage_line;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap validate                 check the dataset in ./chains\n  chainmap validate my-city/        check another dataset directory\n  chainmap validate --format json   problems as JSON, for scripts\n\nEach problem is printed as `file:line: error: …` (or `warning`), with a hint.\nExit code 0 when the dataset is valid (warnings allowed), 1 when it has errors."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    format: ValidateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ValidateFormat {
    /// One `file:line: severity: message` line per problem
    Text,
    /// `{"valid", "errors", "warnings", "problems": [...]}`
    Json,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let (diagnostics, summary) = match load_dataset_with(&args.dataset, &LoadBar::new()) {
        Ok(Loaded { dataset, warnings }) => {
            let d = &dataset;
            let summary = format!(
                "{}: {}, {}, {} at {}, {}, {}, {}",
                args.dataset.display(),
                plural(d.chains.len(), "chain"),
                plural(d.chains.iter().map(|c| c.links.len()).sum::<usize>(), "link"),
                plural(d.firms.len(), "firm"),
                plural(d.firm_placements.len(), "firm-link"),
                plural(d.candidates.len(), "candidate"),
                plural(d.projects.len(), "project"),
                plural(d.problems.len(), "problem"),
            );
            let summary = match coverage_line(&dataset.monthly) {
                Some(monthly) => format!("{summary}\n{monthly}"),
                None => summary,
            };
            // Freeing millions of records one by one would only make the
            // process, which ends here, end later.
            std::mem::forget(dataset);
            (warnings, Some(summary))
        }
        Err(LoadError::Invalid(diagnostics)) => (diagnostics, None),
        Err(other) => return Err(other.into()),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        ValidateFormat::Text => {
            for d in &diagnostics {
                writeln!(out, "{d}")?;
            }
            if let Some(summary) = &summary {
                writeln!(out, "{summary}")?;
            }
            let verdict = if summary.is_some() { "valid" } else { "invalid" };
            writeln!(out, "{verdict}: {}", count_line(&diagnostics))?;
        }
        ValidateFormat::Json => {
            let problems: Vec<serde_json::Value> = diagnostics.iter().map(diagnostic_json).collect();
            let count = |severity| diagnostics.iter().filter(|d| d.severity == severity).count();
            let json = serde_json::json!({
                "valid": summary.is_some(),
                "errors": count(Severity::Error),
                "warnings": count(Severity::Warning),
                "notes": count(Severity::Note),
                "problems": problems,
            });
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    if summary.is_some() { Ok(()) } else { Err(Failure::Reported) }
}

fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "file": d.file,
        "line": d.line,
        "column": d.column,
        "severity": d.severity.word(),
        "message": d.message,
        "hint": d.hint,
    })
}
