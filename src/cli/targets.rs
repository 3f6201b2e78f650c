//! `chainmap targets`: ranked recruitment targets with reasons.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use super::Failure;
use super::output::{chain_index, csv_bom, load_for_command, never_freed, note_no_candidate_pool};
use crate::analysis::{TargetFilter, analyze, rank_targets_top};
use crate::load::Needs;
use crate::model::Lang;
use crate::render::targets::{signed_line, strong_only_line, targets_doc, targets_table, write_targets_json};
use crate::render::xlsx::{self, Sheet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TargetFormat {
    /// Aligned columns for people
    Table,
    /// JSON for programs
    Json,
    /// CSV (UTF-8)
    Csv,
    /// Markdown table
    Md,
    /// Excel workbook (to -o PATH, or to stdout when it is not a terminal)
    Xlsx,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap targets                               every target, best first\n  chainmap targets --chain selenium-food --top 10\n  chainmap targets --chain selenium-food --link tea-deep\n  chainmap targets --format xlsx -o 招商目标.xlsx\n\nScore = Σ priority of the gap links a candidate can fill × its fit (size and tags,\nties with local firms, engagement stage, preferred region, a second source where a\nlink hangs on one firm). Signed candidates are listed apart as 已签约. See\ndocs/analysis.md."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Only gap links of this chain (id or name)
    #[arg(long)]
    chain: Option<String>,
    /// Only this gap link (id or name; within --chain when given)
    #[arg(long)]
    link: Option<String>,
    /// Show the first N targets
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TargetFormat::Table)]
    format: TargetFormat,
    /// Output file (xlsx); `-` for stdout
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let dataset = load_for_command(&args.dataset, Needs::FIRMS.candidates())?;
    let chain = args.chain.as_deref().map(|c| chain_index(&dataset, c)).transpose()?;
    let links = match &args.link {
        None => None,
        Some(value) => {
            let found: Vec<(usize, usize)> = dataset
                .chains
                .iter()
                .enumerate()
                .filter(|(c, _)| chain.is_none_or(|only| only == *c))
                .flat_map(|(c, ch)| {
                    ch.links
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| l.id == *value || l.name == *value)
                        .map(move |(l, _)| (c, l))
                })
                .collect();
            if found.is_empty() {
                return Err(Failure::Usage(format!(
                    "no link `{value}`{}",
                    chain.map_or(String::new(), |c| format!(" in chain `{}`", dataset.chains[c].id))
                )));
            }
            Some(found)
        }
    };
    note_no_candidate_pool(&args.dataset, &dataset);
    let analyses = analyze(&dataset);
    // A link with no gap has no targets: say why the result is empty.
    for &(c, l) in links.iter().flatten() {
        if analyses[c].links[l].gap.is_none() {
            let (chain, link) = (&dataset.chains[c], &dataset.chains[c].links[l]);
            eprintln!(
                "note: link `{}` {} of chain `{}` is strong (no gap), so nobody is a target for it; targets fill missing and weak links",
                link.id, link.name, chain.id
            );
        }
    }
    let targets = never_freed(rank_targets_top(&dataset, &analyses, &TargetFilter { chain, links }, args.top));
    if args.format == TargetFormat::Xlsx {
        let table = targets_table(&dataset, &targets, args.top, Lang::Zh);
        let sheets = [Sheet { name: "招商目标", table: &table }];
        return match args.output.as_deref() {
            Some(path) if path.as_os_str() != "-" => Ok(xlsx::save(&sheets, path)?),
            _ if std::io::stdout().is_terminal() => {
                Err(Failure::Usage("an XLSX workbook needs -o PATH (or a redirect to a file)".to_owned()))
            }
            _ => {
                let bytes = xlsx::to_bytes(&sheets)?;
                std::io::stdout().lock().write_all(&bytes)?;
                Ok(())
            }
        };
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        TargetFormat::Table => {
            targets_table(&dataset, &targets, args.top, Lang::Zh).write_text(&mut out)?;
            if let Some(line) = signed_line(&dataset, &targets) {
                writeln!(out, "\n{line}")?;
            }
            if let Some(line) = strong_only_line(&dataset, &targets) {
                writeln!(out, "\n{line}")?;
            }
        }
        TargetFormat::Md => targets_table(&dataset, &targets, args.top, Lang::Zh).write_markdown(&mut out)?,
        TargetFormat::Csv => {
            csv_bom(&mut out)?;
            targets_table(&dataset, &targets, args.top, Lang::En).write_csv(&mut out)?;
        }
        TargetFormat::Json | TargetFormat::Xlsx => {
            write_targets_json(&mut out, &never_freed(targets_doc(&dataset, &targets, args.top)))?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
