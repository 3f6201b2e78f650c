//! `chainmap simulate`: what if these candidates were recruited?

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use super::Failure;
use super::output::{Format, load_for_command};
use crate::analysis::analyze;
use crate::analysis::recruit::simulate;
use crate::model::Lang;
use crate::render::targets::{changes_table, completeness_table, simulation_doc};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap simulate --recruit C001\n  chainmap simulate --recruit C001,C014,C596 --format json\n\nEach candidate counts as an active local firm at every link it declares (above scale at\nrevenue ≥ 2000 万元; a leader when tagged 头部, 上市 or 500强)."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Candidate ids to recruit, comma-separated
    #[arg(long, value_delimiter = ',', required = true, value_name = "IDS")]
    recruit: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let dataset = load_for_command(&args.dataset)?;
    let mut recruit = Vec::new();
    let mut unknown = Vec::new();
    for id in args.recruit.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match dataset.candidates.iter().position(|c| &*c.id == id) {
            Some(c) => recruit.push(c),
            None => unknown.push(id),
        }
    }
    if !unknown.is_empty() {
        return Err(Failure::Usage(format!(
            "unknown candidate id(s): {}; use candidate_id values from the candidates table",
            unknown.join(", ")
        )));
    }
    let analyses = analyze(&dataset);
    let sim = simulate(&dataset, &analyses, &recruit);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let before: BTreeMap<usize, f64> = sim.before.iter().copied().enumerate().collect();
    let after: BTreeMap<usize, f64> = sim.after.iter().copied().enumerate().collect();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &simulation_doc(&dataset, &sim))?;
            writeln!(out)?;
        }
        Format::Csv => changes_table(&dataset, &sim.changed_links, Lang::En).write_csv(&mut out)?,
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
