//! `chainmap risk`: the firms the chains cannot lose, single-source links,
//! chokepoints and redundancy (SPEC §10).

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::Failure;
use super::output::{Format, chain_index, csv_bom, load_for_command};
use crate::analysis::analyze;
use crate::analysis::risk::{assess, open_problems};
use crate::load::Needs;
use crate::render::risk::{RiskScope, RiskView, risk_csv_table, risk_doc, write_risk_markdown, write_risk_text};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap risk                                 every chain of ./chains\n  chainmap risk --chain lithium --top 10        one chain, its ten most critical firms\n  chainmap risk --format json > risk.json       for scripts (firms, chains and links by id)\n\nImpact: completeness points the chains lose if the firm halts (停产), summed over its chains.\nA single-source link (单一来源) has one active firm; a chokepoint (咽喉环节) carries every\nsupply path; redundancy is the share of covered weight with a second source. See docs/analysis.md."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Only this chain (id or name): firms ranked by what they cost it
    #[arg(long)]
    chain: Option<String>,
    /// Show the first N firms
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let dataset = load_for_command(&args.dataset, Needs::FIRMS.problems())?;
    let chain = args.chain.as_deref().map(|c| chain_index(&dataset, c)).transpose()?;
    let analyses = analyze(&dataset);
    let risk = assess(&dataset, &analyses);
    let view = RiskView::new(&dataset, &analyses, &risk, open_problems(&dataset), RiskScope { chain, top: args.top });
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Table => write_risk_text(&mut out, &view)?,
        Format::Md => write_risk_markdown(&mut out, &view)?,
        Format::Csv => {
            csv_bom(&mut out)?;
            risk_csv_table(&view).write_csv(&mut out)?;
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &risk_doc(&view))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
