//! `chainmap chains`: one row per chain.

use std::io::Write;
use std::path::PathBuf;

use super::Failure;
use super::output::{Format, load_for_command, write_result};
use crate::analysis::{analyze, summarize_chains};
use crate::load::Needs;
use crate::render::Table;
use crate::render::monitor::coverage_line;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap chains                  the chains of ./chains as a table\n  chainmap chains --format json    the same for scripts\n  chainmap chains my-city/ --format csv > chains.csv"
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let dataset = load_for_command(&args.dataset, Needs::FIRMS.monthly())?;
    let summaries = summarize_chains(&dataset);
    let analyses = analyze(&dataset);
    let mut table =
        Table::new(&["id", "产业链", "环节", "企业", "规上企业", "县区", "完整度", "闭环"]).right(&[2, 3, 4, 5, 6]);
    let mut rows = Vec::new();
    for (s, a) in summaries.iter().zip(&analyses) {
        let csv = args.format == Format::Csv;
        table.push(vec![
            s.id.clone(),
            s.name.clone(),
            s.links.to_string(),
            s.firms.to_string(),
            s.above_scale_firms.to_string(),
            s.counties.len().to_string(),
            if csv { a.completeness.to_string() } else { format!("{:.1}%", a.completeness * 100.0) },
            match (csv, a.closed_loop) {
                (true, b) => b.to_string(),
                (false, true) => "能闭环".to_owned(),
                (false, false) => "未闭环".to_owned(),
            },
        ]);
        let mut json = serde_json::to_value(s)?;
        json["completeness"] = a.completeness.into();
        json["closed_loop"] = a.closed_loop.into();
        rows.push(json);
    }
    if args.format == Format::Csv {
        table.headers =
            ["id", "name", "links", "firms", "above_scale_firms", "counties", "completeness", "closed_loop"]
                .map(String::from)
                .to_vec();
    }
    let mut json = serde_json::json!({ "chains": rows });
    if let Some((first, last)) = dataset.monthly.span() {
        json["monthly"] = serde_json::json!({
            "first": first,
            "last": last,
            "firms": dataset.monthly.firms_reporting(),
            "rows": dataset.monthly.rows(),
        });
    }
    write_result(args.format, &table, &json)?;
    if args.format == Format::Table
        && let Some(line) = coverage_line(&dataset.monthly)
    {
        // Through `?`, so that a closed pipe ends the command quietly.
        writeln!(std::io::stdout(), "\n{line}")?;
    }
    Ok(())
}
