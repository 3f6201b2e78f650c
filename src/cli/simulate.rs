//! `chainmap simulate`: what if these candidates were recruited, and these
//! local firms halted?

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::Failure;
use super::output::{Format, csv_bom, load_for_command};
use crate::analysis::analyze;
use crate::analysis::recruit::what_if;
use crate::load::Needs;
use crate::model::{Dataset, FirmIdx, Lang};
use crate::render::targets::{changes_table, completeness_table, simulation_doc};

#[derive(Debug, clap::Args)]
#[command(
    group = clap::ArgGroup::new("what").args(["recruit", "halt"]).required(true).multiple(true),
    after_help = "Examples:\n  chainmap simulate --recruit C001\n  chainmap simulate --recruit C001,C014,C596 --format json\n  chainmap simulate --halt AK-P51,AK-P08           if these firms stopped (停产)\n  chainmap simulate --halt AK-P51 --recruit C531   halting and recruiting together\n\nEach candidate counts as an active local firm at every link it declares (above scale at\nrevenue ≥ 2000 万元; a leader when tagged 头部, 上市 or 500强). A halted firm no longer\ncovers any of its links."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Candidate ids to recruit, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    recruit: Vec<String>,
    /// Local firm ids to halt (停产), comma-separated
    #[arg(long, value_delimiter = ',', value_name = "FIRM_IDS")]
    halt: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// The candidates and firms the arguments name, by index; the ids that name
/// none are a usage error that lists them.
fn resolve<'a>(dataset: &Dataset, args: &'a Args) -> Result<(Vec<usize>, Vec<FirmIdx>), Failure> {
    let ids =
        |values: &'a [String]| -> Vec<&'a str> { values.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect() };
    let (recruit_ids, halt_ids) = (ids(&args.recruit), ids(&args.halt));
    if recruit_ids.is_empty() && halt_ids.is_empty() {
        return Err(Failure::Usage(
            "nothing to simulate; give candidate ids to --recruit or firm ids to --halt".into(),
        ));
    }
    let mut recruit = Vec::new();
    let mut unknown_candidates = Vec::new();
    for &id in &recruit_ids {
        match dataset.candidates.find(id) {
            Some(c) => recruit.push(c),
            None => unknown_candidates.push(id),
        }
    }
    let mut halt = Vec::new();
    let mut unknown_firms = Vec::new();
    for &id in &halt_ids {
        match dataset.firms.find(id) {
            Some(f) => halt.push(f),
            None => unknown_firms.push(id),
        }
    }
    let mut problems = Vec::new();
    if !unknown_candidates.is_empty() {
        problems.push(format!(
            "unknown candidate id(s): {}; use candidate_id values from the candidates table",
            unknown_candidates.join(", ")
        ));
    }
    if !unknown_firms.is_empty() {
        problems
            .push(format!("unknown firm id(s): {}; use firm_id values from the firms table", unknown_firms.join(", ")));
    }
    if problems.is_empty() { Ok((recruit, halt)) } else { Err(Failure::Usage(problems.join("; "))) }
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let dataset = load_for_command(&args.dataset, Needs { candidates: !args.recruit.is_empty(), ..Needs::FIRMS })?;
    let (recruit, halt) = resolve(&dataset, args)?;
    let analyses = analyze(&dataset);
    let sim = what_if(&dataset, &analyses, &recruit, &halt);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let before: BTreeMap<usize, f64> = sim.before.iter().copied().enumerate().collect();
    let after: BTreeMap<usize, f64> = sim.after.iter().copied().enumerate().collect();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &simulation_doc(&dataset, &sim))?;
            writeln!(out)?;
        }
        Format::Csv => {
            csv_bom(&mut out)?;
            changes_table(&dataset, &sim.changed_links, Lang::En).write_csv(&mut out)?;
        }
        Format::Md => {
            completeness_table(&dataset, &before, &after, Lang::Zh).write_markdown(&mut out)?;
            writeln!(out)?;
            changes_table(&dataset, &sim.changed_links, Lang::Zh).write_markdown(&mut out)?;
        }
        Format::Table => {
            completeness_table(&dataset, &before, &after, Lang::Zh).write_text(&mut out)?;
            writeln!(out)?;
            if sim.changed_links.is_empty() {
                writeln!(out, "没有环节的状态发生变化")?;
            } else {
                changes_table(&dataset, &sim.changed_links, Lang::Zh).write_text(&mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
