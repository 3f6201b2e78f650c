//! `chainmap monitor`: operations monitoring (运行监测, SPEC §8) — growth of
//! the region, its chains and counties, early warnings, the 小升规 pipeline.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::Failure;
use super::output::{Format, chain_index, csv_bom, load_for_command, never_freed};
use crate::analysis::analyze;
use crate::analysis::monitor::{MonitorError, Query, monitor};
use crate::load::Needs;
use crate::model::Month;
use crate::render::monitor::{monitor_doc, no_data_line, write_csv, write_markdown, write_monitor_json, write_text};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap monitor                             the latest month of ./chains/monthly.csv\n  chainmap monitor --period 2025-12            another month (2025-12, 2025/12, 202512, 2025年12月 …)\n  chainmap monitor --chain selenium-food       one chain, its counties, warnings and pipeline\n  chainmap monitor --format json > monitor.json\n\nGrowth: 累计同比 year to date against the same months last year, 当月同比 against the\nsame month last year, 环比 against the month before; — when last year's figure is 0.\nWarnings: 停产 halted (red), 下滑 decline (yellow/orange/red at -20/-30/-50 %),\n未报 unreported (yellow), 退规风险 exit risk (orange); thresholds in region.json.\n小升规: firms not above scale whose twelve months reach 1500 (培育) or 2000 (达规) 万元.\nCSV: three tables (indicators, warnings, pipeline) separated by a blank line.\nSee docs/analysis.md."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Report period: a month of the monthly data, as 2022-06, 2022/6, 202206 or 2022年6月 (default: the
    /// latest)
    #[arg(long, value_name = "P", value_parser = parse_month)]
    period: Option<Month>,
    /// Only this chain (id or name): its figures, counties, warnings and pipeline
    #[arg(long)]
    chain: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub(super) fn parse_month(text: &str) -> Result<Month, String> {
    Month::parse_written(text).ok_or_else(|| format!("`{text}` is not a month; write it as {}", Month::WRITTEN_FORMS))
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let dataset = load_for_command(&args.dataset, Needs::FIRMS.monthly())?;
    let chain = args.chain.as_deref().map(|c| chain_index(&dataset, c)).transpose()?;
    let query = Query { period: args.period, chain };
    let analyses = analyze(&dataset);
    let result = match monitor(&dataset, &analyses, &query) {
        Ok(result) => never_freed(Some(result)),
        Err(MonitorError::NoData) if args.period.is_none() => never_freed(None),
        Err(err) => return Err(Failure::Usage(err.to_string())),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match (args.format, &*result) {
        (Format::Json, _) => {
            write_monitor_json(&mut out, &never_freed(monitor_doc(&dataset, result.as_ref())))?;
            writeln!(out)?;
        }
        (Format::Table | Format::Md, None) => writeln!(out, "{}", no_data_line(crate::model::Lang::Zh))?,
        (Format::Csv, None) => {}
        (Format::Table, Some(m)) => write_text(&mut out, &dataset, m)?,
        (Format::Md, Some(m)) => write_markdown(&mut out, &dataset, m)?,
        (Format::Csv, Some(m)) => {
            csv_bom(&mut out)?;
            write_csv(&mut out, &dataset, m)?;
        }
    }
    out.flush()?;
    Ok(())
}
