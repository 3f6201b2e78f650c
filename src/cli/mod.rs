//! The command line: clap definitions and one file per command. The only
//! place that prints or picks an exit code.

mod bulletin;
mod chains;
mod diff;
mod gaps;
mod r#gen;
mod interrupt;
mod map;
mod monitor;
mod output;
mod plan;
mod progress;
mod report;
mod risk;
mod simulate;
mod snapshot;
mod targets;
mod validate;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use output::Format;

/// Industrial chain mapping and gap analysis for chain offices (链长办).
#[derive(Debug, Parser)]
#[command(name = "chainmap", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a dataset and report every problem in it
    Validate(validate::Args),
    /// One row per chain: links, firms, completeness, closed loop
    Chains(chains::Args),
    /// Links, statuses, gap kinds and priorities, by chain
    Gaps(gaps::Args),
    /// Chain maps: the flow map, the panorama (全景图), the overview
    Map(map::Args),
    /// Ranked recruitment targets with reasons
    Targets(targets::Args),
    /// A greedy recruitment portfolio under a budget
    Plan(plan::Args),
    /// What-if: completeness before and after recruiting candidates or halting firms
    Simulate(simulate::Args),
    /// Which firms the chains cannot lose: criticality, single sources, chokepoints
    Risk(risk::Args),
    /// One map, five lists: an offline HTML site, Markdown, CSV and XLSX
    Report(report::Args),
    /// Operations monitoring: growth, rankings, early warnings, 小升规
    Monitor(monitor::Args),
    /// What changed between two copies of a dataset: chains, links, firms, candidates, problems
    Diff(diff::Args),
    /// Keep this month's copy of the dataset under snapshots/<YYYY-MM>/
    Snapshot(snapshot::Args),
    /// The monthly bulletin (月通报): one HTML page, Markdown and a workbook
    Bulletin(bulletin::Args),
    /// Write a deterministic synthetic dataset, for benchmarks
    Gen(r#gen::Args),
}

/// How a command ended, beyond success.
#[derive(Debug)]
pub enum Failure {
    /// The dataset is invalid or the analysis failed; the problems were printed.
    Reported,
    /// The arguments do not fit the dataset or each other (an unknown chain
    /// id, say): the message, which `main` prints once as `error: …`.
    Usage(String),
    /// Anything else, printed by `main`.
    Other(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(err: E) -> Self {
        Failure::Other(err.into())
    }
}

/// Whether `err` says the reader of our output went away. `serde_json` and
/// `csv` wrap the I/O error and skip it in their `source()`, so each is asked.
fn is_broken_pipe(err: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    if let Some(e) = err.downcast_ref::<std::io::Error>() {
        return e.kind() == BrokenPipe || e.get_ref().is_some_and(|inner| is_broken_pipe(inner));
    }
    if let Some(e) = err.downcast_ref::<serde_json::Error>() {
        return e.io_error_kind() == Some(BrokenPipe);
    }
    if let Some(e) = err.downcast_ref::<csv::Error>() {
        return matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe);
    }
    false
}

/// Parses the arguments, runs the command and maps the outcome to an exit
/// code: 0 success, 1 invalid dataset or failed analysis, 2 usage error.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    interrupt::install();
    let result = match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Chains(args) => chains::run(&args),
        Command::Gaps(args) => gaps::run(&args),
        Command::Map(args) => map::run(&args),
        Command::Targets(args) => targets::run(&args),
        Command::Plan(args) => plan::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Risk(args) => risk::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Monitor(args) => monitor::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Snapshot(args) => snapshot::run(&args),
        Command::Bulletin(args) => bulletin::run(&args),
        Command::Gen(args) => r#gen::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Reported) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(err)) => {
            // A closed pipe (`chainmap chains | head`) is not a failure.
            if err.chain().any(is_broken_pipe) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            ExitCode::from(1)
        }
    }
}
