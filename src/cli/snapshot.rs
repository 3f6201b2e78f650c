//! `chainmap snapshot`: keeps this month's copy of the dataset under
//! `snapshots/<YYYY-MM>/`, for `diff` and the bulletin to compare against.

use std::path::PathBuf;

use super::Failure;
use super::monitor::parse_month;
use super::output::load_for_command;
use crate::load::Needs;
use crate::model::{Date, Month};
use crate::snapshot::{default_period, write_snapshot};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap snapshot                       ./chains into chains/snapshots/<latest month>/\n  chainmap snapshot --period 2026-03      name the month (2026-03, 2026/3, 202603, 2026年3月 …)\n  chainmap snapshot --force               keep this month's copy again after a late correction\n  chainmap diff chains/snapshots/2026-03 chains\n\nCopies the files the dataset is read from (region.json, the chain files and the tables;\nnot snapshots/) after checking that the dataset is valid. The period defaults to the\nlatest month of monthly.csv, else the current month (UTC). The copy is made beside the\ntarget and moved into place whole; an existing snapshot is replaced only with --force."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// The month the copy is kept for (default: the latest month of the monthly data, else this month)
    #[arg(long, value_name = "P", value_parser = parse_month)]
    period: Option<Month>,
    /// Replace an existing snapshot of the period
    #[arg(long)]
    force: bool,
}

/// Today, for the default period of a dataset without monthly data.
fn today() -> Option<Date> {
    Date::from_civil(jiff::tz::Offset::UTC.to_datetime(jiff::Timestamp::now()).date())
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let dataset = load_for_command(&args.dataset, Needs::ALL)?;
    let period = match (args.period, today()) {
        (Some(period), _) => period,
        (None, Some(today)) => default_period(&dataset, today),
        (None, None) => return Err(Failure::Usage("the system clock is off the calendar; pass --period".to_owned())),
    };
    let snapshot = write_snapshot(&args.dataset, period, args.force)
        .map_err(|err| if err.is_usage() { Failure::Usage(err.to_string()) } else { Failure::Other(err.into()) })?;
    let verb = if snapshot.replaced { "replaced" } else { "kept" };
    println!("{verb} {}: {} file(s) of {}", snapshot.dir.display(), snapshot.files.len(), args.dataset.display());
    Ok(())
}
