//! `chainmap report`: one map, five lists (一图五清单) for the region and
//! each chain, as an offline HTML site, Markdown, CSV, XLSX and Word.

use std::path::PathBuf;
use std::time::Duration;

use rayon::prelude::*;

use super::Failure;
use super::output::{load_for_command, never_freed};
use crate::analysis::monitor::monitor_each_chain;
use crate::analysis::risk::assess;
use crate::analysis::{TargetFilter, analyze, rank_targets, report_period};
use crate::load::Needs;
use crate::model::{Lang, Month};
use crate::render::map::{Fonts, MapData, MapError, MapFormat, MapOptions, View, render, top_candidates};
use crate::render::outdir::{self, OutDirError, Output};
use crate::render::report::{Maps, ReportInput, build_into};

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
    after_help = "Examples:\n  chainmap report                           the shipped dataset into out/report/\n  chainmap report my-city/ -o 月报 --force  replace last month's report\n  chainmap report --lang en -o out/report-en\n  chainmap report --period 2026-02 -o out/2026-02   February's report, titled so\n  chainmap report --docx                    with the Word documents (公文格式) to circulate\n\nWrites index.html (the region) and <chain>.html (one page per chain) that open from disk\nwith no network, md/ (Markdown), csv/ (UTF-8 with BOM, for Excel), xlsx/ (a workbook per\nchain and one for the region) and maps/ (SVG); with --docx also docx/ (a Word document\nper chain and one for the region, to circulate). The report is built next to the target\nand moved into place whole: a failed run leaves the previous report as it was. A list of\nmore than 1,000 rows shows its first 1,000 on the pages and in the Word documents, and\nsays so; csv/ and xlsx/ hold every row.\n\nThe period defaults to the latest month of monthly.csv, else the month of the latest\nproblem reported; never the day of the run, so the same data gives the same report."
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
    /// Period in every title, e.g. 2026-03, 202603 or 2026年3月 (default: from the data)
    #[arg(long, value_name = "P", value_parser = super::monitor::parse_month)]
    period: Option<Month>,
    /// Also write docx/: Word documents in official layout (公文格式), the maps as pictures
    #[arg(long)]
    docx: bool,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let target = outdir::check(Output::Report, &args.output, &args.dataset, args.force).map_err(failure)?;
    let dot_timeout = super::map::dot_timeout()?;
    let dataset = load_for_command(&args.dataset, Needs::ALL)?;
    let lang = args.lang.lang();
    let analyses = analyze(&dataset);
    let targets = never_freed(rank_targets(&dataset, &analyses, &TargetFilter::default()));
    let top = top_candidates(&dataset, &targets, 3);
    let data = MapData::new(&dataset, &analyses, &top);
    let period = report_period(&dataset, args.period);
    let maps = draw_maps(&data, lang, period.map(|p| p.month), dot_timeout);
    for note in &maps.notes {
        eprintln!("note: {note}");
    }
    // The SVG maps leave fonts to the viewer; their pictures in the Word
    // documents are drawn with the fonts of this machine.
    let word = args.docx.then(|| word_fonts("maps in the Word documents"));
    let risk = assess(&dataset, &analyses);
    // The asked month, else the latest; without monthly data (or a month
    // outside it) the report says there is none.
    let monitoring = monitor_each_chain(&dataset, &analyses, args.period).ok();
    // The files go into the staging directory as they are made: at
    // province scale they are 1.6 GB, which the report need not hold.
    let mut staging = outdir::Staging::begin(Output::Report, &target).map_err(failure)?;
    build_into(
        &ReportInput {
            dataset: &dataset,
            analyses: &analyses,
            targets: &targets,
            risk: &risk,
            monitoring: monitoring.as_ref(),
            lang,
            maps: &maps,
            period,
        },
        word.as_ref(),
        &mut staging,
    )?;
    let files = staging.files();
    let swept = staging.finish().map_err(failure)?;
    for path in &swept.restored {
        eprintln!("note: put back {}, which an interrupted run had moved aside", path.display());
    }
    if !swept.removed.is_empty() {
        eprintln!("note: removed {} unfinished report(s) left by interrupted runs", swept.removed.len());
    }
    println!(
        "{}: {} chain pages, {} files (open {})",
        args.output.display(),
        dataset.chains.len(),
        files,
        args.output.join("index.html").display()
    );
    Ok(())
}

/// A refused target is a usage error; a file system failure is not.
fn failure(err: OutDirError) -> Failure {
    if err.is_usage() { Failure::Usage(err.to_string()) } else { Failure::Other(err.into()) }
}

/// Draws every map the report shows as SVG. The flow maps need Graphviz;
/// without it the report says so and goes on.
fn draw_maps(data: &MapData<'_>, lang: Lang, period: Option<Month>, dot_timeout: Option<Duration>) -> Maps {
    let fonts = Fonts::none();
    let options = MapOptions { lang, dot_timeout, period, ..MapOptions::default() };
    let mut maps = Maps::default();
    let svg = |view: View, chain: usize| render(data, view, chain, MapFormat::Svg, &options, &fonts);
    maps.overview = svg(View::Overview, 0).ok().filter(|b| !b.is_empty());
    // The chains' maps on every core, taken in chain order.
    let drawn: Vec<_> =
        (0..data.dataset.chains.len()).into_par_iter().map(|c| (svg(View::Panorama, c), svg(View::Flow, c))).collect();
    let mut dot_missing = false;
    for (c, (panorama, flow)) in drawn.into_iter().enumerate() {
        maps.panorama.push(panorama.ok());
        match flow {
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

/// The fonts of this machine, to draw the pictures of a Word document with
/// (an SVG leaves fonts to the viewer, a picture cannot); warns when none
/// has Chinese glyphs, naming the `pictures` that will show boxes.
pub(super) fn word_fonts(pictures: &str) -> Fonts {
    let fonts = Fonts::system();
    if fonts.cjk_family().is_none() {
        eprintln!(
            "warning: no installed font has Chinese glyphs, so the {pictures} show Chinese as empty boxes; install one, e.g. `apt-get install fonts-noto-cjk`, and run again"
        );
    }
    fonts
}
