//! `chainmap gen`: a deterministic synthetic dataset, for benchmarks.

use std::io::Write;
use std::path::PathBuf;

use super::Failure;
use crate::synthetic::{MAX_CHAINS, MAX_LINKS, MAX_MONTHS, Params, write_dataset};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap gen -o /tmp/small   8 chains × 20 links, 1000 firm rows, 500 candidate rows\n  chainmap gen --chains 20 --links 100 --firms 200000 --candidates 100000 --seed 7 -o /tmp/city\n  chainmap gen --chains 100 --links 200 --firms 2000000 --candidates 1000000 -o /tmp/province\n  chainmap gen --firms 248000 --months 24 -o /tmp/monthly   about 200,000 firms × 24 months\n\nThe same arguments always give byte-identical files. --firms and --candidates\ncount rows: a firm at three links is three rows. The output directory must not\nexist or be empty; it appears whole or not at all."
)]
pub struct Args {
    /// Number of chains
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=MAX_CHAINS as i64))]
    chains: u32,
    /// Links per chain
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=MAX_LINKS as i64))]
    links: u32,
    /// Rows of firms.csv (firm × link)
    #[arg(long, default_value_t = 1000)]
    firms: usize,
    /// Rows of candidates.csv (candidate × link)
    #[arg(long, default_value_t = 500)]
    candidates: usize,
    /// Months of monthly.csv, ending 2026-06 (0: none)
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=MAX_MONTHS as i64))]
    months: u32,
    /// Seed of the random numbers
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Dataset directory to create
    #[arg(short, long = "output", value_name = "DIR")]
    output: PathBuf,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let params = Params {
        chains: args.chains as usize,
        links: args.links as usize,
        firm_rows: args.firms,
        candidate_rows: args.candidates,
        months: args.months as usize,
        seed: args.seed,
    };
    let s = write_dataset(&params, &args.output)?;
    let monthly = if args.months > 0 {
        format!(", {} monthly rows over {} months", s.monthly_rows, args.months)
    } else {
        String::new()
    };
    writeln!(
        std::io::stdout(),
        "{}: {} chains, {} links, {} edges, {} firms at {} firm rows, {} candidates at {} candidate rows, {} projects, {} problems{monthly}",
        args.output.display(),
        s.chains,
        s.links,
        s.edges,
        s.firms,
        s.firm_rows,
        s.candidates,
        s.candidate_rows,
        s.projects,
        s.problems
    )?;
    Ok(())
}
