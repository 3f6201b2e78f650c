//! `chainmap bulletin`: the monthly bulletin (月通报) — monitoring, dispatch,
//! trends, warnings, the 小升规 pipeline and the changes since the previous
//! snapshot — as one HTML page, Markdown, a workbook and, with `--docx`, a
//! Word document in official layout.

use std::path::PathBuf;

use super::Failure;
use super::diff::load_side;
use super::monitor::parse_month;
use super::output::load_for_command;
use super::report::{LangArg, word_fonts};
use crate::analysis::diff::{Side, diff};
use crate::analysis::dispatch::dispatch;
use crate::analysis::monitor::{Query, monitor};
use crate::analysis::trend::chain_trends;
use crate::analysis::{analyze, report_period};
use crate::load::Needs;
use crate::model::Month;
use crate::render::bulletin::{BulletinInput, HTML, Since, build};
use crate::render::outdir::{self, OutDirError, Output};
use crate::snapshot::previous_snapshot;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap bulletin                              the shipped dataset into out/bulletin/\n  chainmap bulletin my-city/ -o 月通报 --force     replace last month's bulletin\n  chainmap bulletin --since chains/snapshots/2026-01 -o out/q1\n  chainmap bulletin --lang en -o out/bulletin-en\n  chainmap bulletin --docx                        with the Word document (公文格式) to circulate\n\nWrites bulletin.html (one page, no network, prints on A4), bulletin.md and bulletin.xlsx\n(a sheet per table); with --docx also bulletin.docx (the bulletin as an official document,\nthe trend charts as pictures, long tables as attachments). The period defaults to the\nlatest month of monthly.csv, else the month of the latest problem reported. --since\ndefaults to the latest snapshot before the period under DATASET/snapshots/; without one,\nthe parts that compare say so. The bulletin is built next to the target and moved into\nplace whole; never inside the dataset.\n\nThe monthly routine: update the roster, `chainmap bulletin`, then `chainmap snapshot`."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// The earlier copy to compare with (default: the latest snapshot before the period)
    #[arg(long, value_name = "OLD")]
    since: Option<PathBuf>,
    /// The month of the bulletin, e.g. 2026-03, 202603 or 2026年3月 (default: from the data)
    #[arg(long, value_name = "P", value_parser = parse_month)]
    period: Option<Month>,
    /// Output directory
    #[arg(short, long, default_value = "out/bulletin")]
    output: PathBuf,
    /// Language of the bulletin
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
    /// Replace an existing bulletin directory
    #[arg(long)]
    force: bool,
    /// Also write bulletin.docx: the bulletin in official layout (公文格式), the charts as pictures
    #[arg(long)]
    docx: bool,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let target = outdir::check(Output::Bulletin, &args.output, &args.dataset, args.force).map_err(failure)?;
    let dataset = load_for_command(&args.dataset, Needs::ALL)?;
    let period = report_period(&dataset, args.period).map(|p| p.month);
    let since_dir = match &args.since {
        Some(dir) => Some(dir.clone()),
        None => previous_snapshot(&args.dataset, period).map(|(_, dir)| dir),
    };
    let old = match &since_dir {
        Some(dir) => Some(load_side(dir, "OLD").map_err(|why| {
            eprintln!("error: {why}");
            Failure::Reported
        })?),
        None => None,
    };
    let lang = args.lang.lang();
    let analyses = analyze(&dataset);
    let old_analyses = old.as_ref().map(|old| analyze(old));
    let monitored = monitor(&dataset, &analyses, &Query { period, chain: None }).ok();
    let dispatched = dispatch(&dataset, period);
    let trends = period.map(|p| chain_trends(&dataset, p)).unwrap_or_default();
    let new_side = Side { dataset: &dataset, analyses: &analyses };
    let compared = old.as_ref().zip(old_analyses.as_ref()).map(|(old, old_analyses)| {
        let old_side = Side { dataset: old, analyses: old_analyses };
        (old_side, diff(old_side, new_side))
    });
    let since = compared.as_ref().zip(since_dir.as_ref()).map(|((old, diff), dir)| Since {
        label: dir.display().to_string(),
        old: *old,
        new: new_side,
        diff,
    });
    let word = args.docx.then(|| word_fonts("charts in the Word document"));
    let files = build(
        &BulletinInput {
            dataset: &dataset,
            analyses: &analyses,
            monitor: monitored.as_ref(),
            dispatch: &dispatched,
            trends: &trends,
            since,
            period,
            lang,
        },
        word.as_ref(),
    )?;
    let swept = outdir::write(Output::Bulletin, &target, &files).map_err(failure)?;
    for path in &swept.restored {
        eprintln!("note: put back {}, which an interrupted run had moved aside", path.display());
    }
    let against = since_dir.map_or_else(|| "no earlier snapshot".to_owned(), |d| format!("since {}", d.display()));
    println!("{}: {} files, {against} (open {})", args.output.display(), files.len(), args.output.join(HTML).display());
    Ok(())
}

/// A refused target is a usage error; a file system failure is not.
fn failure(err: OutDirError) -> Failure {
    if err.is_usage() { Failure::Usage(err.to_string()) } else { Failure::Other(err.into()) }
}
