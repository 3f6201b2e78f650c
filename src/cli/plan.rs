//! `chainmap plan`: a greedy recruitment portfolio under a budget.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::Failure;
use super::output::{Format, chain_index, csv_bom, load_for_command, note_no_candidate_pool};
use crate::analysis::recruit::plan;
use crate::analysis::{TargetFilter, analyze, ranked_candidates};
use crate::load::Needs;
use crate::model::Lang;
use crate::render::number::fixed;
use crate::render::targets::{completeness_table, plan_doc, plan_table};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap plan --budget 5                        five recruitments across all chains\n  chainmap plan --budget 3 --chain selenium-food  three for one chain\n  chainmap plan --budget 50 --format json\n\nEach step picks the candidate that raises the summed completeness of the chains in\nscope the most, counting it as a local firm at every link it declares (above scale at\nrevenue ≥ 2000 万元; a leader when tagged 头部, 上市 or 500强). Ties go to the higher\ntarget score, then the lower id; the plan stops early when nobody adds anything."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// How many candidates to recruit
    #[arg(long)]
    budget: usize,
    /// Only this chain (id or name)
    #[arg(long)]
    chain: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let dataset = load_for_command(&args.dataset, Needs::FIRMS.candidates())?;
    let chain = args.chain.as_deref().map(|c| chain_index(&dataset, c)).transpose()?;
    note_no_candidate_pool(&args.dataset, &dataset);
    let analyses = analyze(&dataset);
    let ranked = ranked_candidates(&dataset, &analyses, &TargetFilter { chain, links: None });
    let result = plan(&dataset, &analyses, &ranked, args.budget, chain);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &plan_doc(&dataset, &result))?;
            writeln!(out)?;
        }
        Format::Csv => {
            csv_bom(&mut out)?;
            plan_table(&dataset, &result, Lang::En).write_csv(&mut out)?;
        }
        Format::Md => {
            plan_table(&dataset, &result, Lang::Zh).write_markdown(&mut out)?;
            writeln!(out)?;
            completeness_table(&dataset, &result.before, &result.after, Lang::Zh).write_markdown(&mut out)?;
        }
        Format::Table => {
            let total = result.picks.iter().map(|p| p.gain).sum::<f64>();
            writeln!(
                out,
                "招商组合: 预算 {} 家, 选中 {} 家, 完整度合计提升 {} 个百分点",
                result.budget,
                result.picks.len(),
                fixed(total * 100.0, 2)
            )?;
            if result.picks.len() < result.budget {
                writeln!(out, "（其余候选企业不能再提升完整度, 提前结束）")?;
            }
            writeln!(out)?;
            plan_table(&dataset, &result, Lang::Zh).write_text(&mut out)?;
            writeln!(out)?;
            completeness_table(&dataset, &result.before, &result.after, Lang::Zh).write_text(&mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}
