//! `chainmap gaps`: links, statuses, gap kinds and priorities.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::Failure;
use super::output::{Format, chain_index, csv_bom, load_for_command};
use crate::analysis::{LinkStatus, analyze};
use crate::load::Needs;
use crate::render::gaps::{GapFilter, gaps_csv_table, gaps_doc, write_gaps_json, write_gaps_markdown, write_gaps_text};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap gaps                                 every chain of ./chains, by priority\n  chainmap gaps --chain selenium-food           one chain\n  chainmap gaps --status missing,weak           only the gap links\n  chainmap gaps --format json > gaps.json       for scripts (chains and links by id)\n\nStatus: strong 较强 (an active leader, or enough active above-scale firms), weak 薄弱, missing 缺失.\nGap: 补链 bridge, 延链 extend up/downstream, 空白 isolated, 强链 strengthen."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Only this chain (id or name)
    #[arg(long)]
    chain: Option<String>,
    /// Only links with these statuses (missing, weak, strong; comma-separated)
    #[arg(long, value_delimiter = ',', value_parser = parse_status)]
    status: Vec<LinkStatus>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

fn parse_status(word: &str) -> Result<LinkStatus, String> {
    LinkStatus::parse(word.trim()).ok_or_else(|| format!("unknown status `{word}`; use missing, weak or strong"))
}

pub fn run(args: &Args) -> Result<(), Failure> {
    // Gap tables name links, never firms.
    let dataset = load_for_command(&args.dataset, Needs::FIRMS.without_firm_names())?;
    let chain = args.chain.as_deref().map(|c| chain_index(&dataset, c)).transpose()?;
    let analyses = analyze(&dataset);
    let filter = GapFilter { chain, statuses: args.status.clone() };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Table => write_gaps_text(&mut out, &dataset, &analyses, &filter)?,
        Format::Md => write_gaps_markdown(&mut out, &dataset, &analyses, &filter)?,
        Format::Csv => {
            csv_bom(&mut out)?;
            gaps_csv_table(&dataset, &analyses, &filter).write_csv(&mut out)?;
        }
        Format::Json => {
            write_gaps_json(&mut out, &gaps_doc(&dataset, &analyses, &filter))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
