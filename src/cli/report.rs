//! `chainmap report`: one map, five lists (一图五清单) for the region and
//! each chain, as an offline HTML site, Markdown, CSV and XLSX.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Failure;
use super::output::load_for_command;
use crate::analysis::{TargetFilter, analyze, rank_targets};
use crate::model::Lang;
use crate::render::map::{Fonts, MapData, MapError, MapFormat, MapOptions, View, render, top_candidates};
use crate::render::report::{Maps, ReportInput, build};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum LangArg {
    /// 中文
    Zh,
    /// English (names with `name_en` use it)
    En,
}

impl LangArg {
    pub(super) fn lang(self) -> Lang {
        match self {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  chainmap report                           the shipped dataset into out/report/\n  chainmap report my-city/ -o 月报 --force  replace last month's report\n  chainmap report --lang en -o out/report-en\n\nWrites index.html (the region) and <chain>.html (one page per chain) that open from disk\nwith no network, md/ (Markdown), csv/ (UTF-8 with BOM, for Excel), xlsx/ (a workbook per\nchain and one for the region) and maps/ (SVG). The report is built next to the target and\nmoved into place whole: a failed run leaves the previous report as it was."
)]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Output directory
    #[arg(short, long, default_value = "out/report")]
    output: PathBuf,
    /// Language of the report
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
    /// Replace an existing report directory
    #[arg(long)]
    force: bool,
}

/// `path` made absolute without requiring it to exist: its nearest existing
/// ancestor canonicalised, the rest appended.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let path = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for name in rest.iter().rev() {
        out.push(name);
    }
    Ok(out)
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let target = absolute(&args.output)?;
    let dataset_dir = absolute(&args.dataset)?;
    if target.starts_with(&dataset_dir) {
        return Err(Failure::Usage(format!(
            "refusing to write the report inside the dataset directory {}; choose another -o",
            args.dataset.display()
        )));
    }
    if target.exists() && !args.force {
        return Err(Failure::Usage(format!("{} already exists; pass --force to replace it", args.output.display())));
    }
    if target.exists() && !target.is_dir() {
        return Err(Failure::Usage(format!("{} exists and is not a directory", args.output.display())));
    }
    let dataset = load_for_command(&args.dataset)?;
    let lang = args.lang.lang();
    let analyses = analyze(&dataset);
    let targets = rank_targets(&dataset, &analyses, &TargetFilter::default());
    let top = top_candidates(&dataset, &targets, 3);
    let data = MapData::new(&dataset, &analyses, &top);
    let maps = draw_maps(&data, lang);
    for note in &maps.notes {
        eprintln!("note: {note}");
    }
    let files = build(&ReportInput { dataset: &dataset, analyses: &analyses, targets: &targets, lang, maps: &maps })?;
    write_tree(&target, &files)?;
    println!(
        "{}: {} chain pages, {} files (open {})",
        args.output.display(),
        dataset.chains.len(),
        files.len(),
        args.output.join("index.html").display()
    );
    Ok(())
}

/// Draws every map the report shows as SVG. The flow maps need Graphviz;
/// without it the report says so and goes on.
fn draw_maps(data: &MapData<'_>, lang: Lang) -> Maps {
    let fonts = Fonts::none();
    let options = MapOptions { lang, ..MapOptions::default() };
    let mut maps = Maps::default();
    let svg = |view: View, chain: usize| render(data, view, chain, MapFormat::Svg, &options, &fonts);
    maps.overview = svg(View::Overview, 0).ok().filter(|b| !b.is_empty());
    let mut dot_missing = false;
    for c in 0..data.dataset.chains.len() {
        maps.panorama.push(svg(View::Panorama, c).ok());
        match svg(View::Flow, c) {
            Ok(bytes) => maps.flow.push(Some(bytes)),
            Err(MapError::DotMissing { .. }) => {
                dot_missing = true;
                maps.flow.push(None);
            }
            Err(err) => {
                maps.notes.push(format!("{}: {err}", data.dataset.chains[c].id));
                maps.flow.push(None);
            }
        }
    }
    if dot_missing {
        maps.notes.push(
            lang.pick(
                "未安装 Graphviz（dot），报告中没有供给关系图；安装 graphviz 软件包后重新生成即可",
                "Graphviz (`dot`) is not installed, so the report has no flow maps; install the graphviz package and run again",
            )
            .to_owned(),
        );
    }
    maps
}

/// Writes the files into a fresh directory next to `target`, then moves it
/// into place (replacing an old report only after the new one is whole).
fn write_tree(target: &Path, files: &BTreeMap<String, Vec<u8>>) -> anyhow::Result<()> {
    let parent = target.parent().context("the output directory has no parent")?;
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".chainmap-report-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot write in {}", parent.display()))?;
    for (path, bytes) in files {
        let path = staging.path().join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let staging = staging.keep();
    if target.exists() {
        let old = tempfile::Builder::new().prefix(".chainmap-old-").tempdir_in(parent)?.keep();
        std::fs::rename(target, old.join("report"))
            .with_context(|| format!("cannot move {} aside", target.display()))?;
        if let Err(err) = std::fs::rename(&staging, target) {
            // Put the old report back; the new one stays beside it for inspection.
            let _ = std::fs::rename(old.join("report"), target);
            return Err(err).with_context(|| format!("cannot move the new report to {}", target.display()));
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&staging, target)
            .with_context(|| format!("cannot move the new report to {}", target.display()))?;
    }
    Ok(())
}
