//! `chainmap map`: chain maps — the flow map (Graphviz), the panorama
//! (全景图) and the region overview — as DOT, SVG, PNG or PDF.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use super::Failure;
use super::output::{chain_index, load_for_command, never_freed};
use super::report::LangArg;
use crate::analysis::{TargetFilter, analyze, rank_targets, report_period};
use crate::load::Needs;
use crate::model::{ChainIdx, Month};
use crate::render::map::graphviz::{DOT_TIMEOUT, fontconfig_has_cjk};
use crate::render::map::raster::PNG_SCALE;
use crate::render::map::{Fonts, MapData, MapError, MapFormat, MapOptions, View, render, top_candidates};
use crate::render::write_whole;

/// Where maps go when no `-o` is given.
pub const DEFAULT_DIR: &str = "out/maps";

/// How many recruitment candidates the panorama lists per gap link.
const CANDIDATES_PER_LINK: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ViewArg {
    /// 供给关系图: links and supply edges by stage and segment (Graphviz)
    Flow,
    /// 产业链全景图: stage columns × segment rows, firms listed per link
    Panorama,
    /// 总览: every chain at once, a chain × stage matrix
    Overview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Dot,
    Svg,
    Png,
    Pdf,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  chainmap map --chain selenium-food --view panorama --format png
  chainmap map --chain selenium-food --view flow --format svg -o flow.svg
  chainmap map --view panorama --format png        every chain into out/maps/
  chainmap map --view overview -o overview.png     all chains at once (format from the extension)
  chainmap map --chain lithium --format dot -o -   DOT on stdout
  chainmap map --chain selenium-food --view panorama --lang en   English words and names

Without -o, maps are written to out/maps/<chain>.<view>.<ext> (overview.<ext> for the overview).
The flow view needs Graphviz (`dot`) for svg, png and pdf; dot output and the other views do not.")]
pub struct Args {
    /// Dataset directory
    #[arg(default_value = "chains")]
    dataset: PathBuf,
    /// Only this chain (id or name); without it, every chain is drawn into a directory
    #[arg(long)]
    chain: Option<String>,
    /// Which map
    #[arg(long, value_enum, default_value_t = ViewArg::Flow)]
    view: ViewArg,
    /// Flow view: list the local firms in each link's box (the panorama always does)
    #[arg(long)]
    firms: bool,
    /// The most firms listed per link; the rest are counted
    #[arg(long, default_value_t = 8, value_name = "N")]
    max_firms: usize,
    /// Output format [default: from the -o extension, else svg]
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Output file, directory (with every chain), or - for stdout
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// PNG pixels per SVG unit
    #[arg(long, default_value_t = PNG_SCALE, value_name = "F")]
    scale: f32,
    /// Language of the map's words and of chain, segment and link names
    #[arg(long, value_enum, default_value_t = LangArg::Zh)]
    lang: LangArg,
    /// Period in the title, e.g. 2026-03 or 2026年3月 (default: from the data, as the report)
    #[arg(long, value_name = "P", value_parser = super::monitor::parse_month)]
    period: Option<Month>,
}

/// Where the maps go.
enum Target {
    Stdout,
    /// One file at this path.
    File(PathBuf),
    /// A directory, one file per map.
    Dir(PathBuf),
}

fn view_of(arg: ViewArg) -> View {
    match arg {
        ViewArg::Flow => View::Flow,
        ViewArg::Panorama => View::Panorama,
        ViewArg::Overview => View::Overview,
    }
}

fn format_arg(arg: FormatArg) -> MapFormat {
    match arg {
        FormatArg::Dot => MapFormat::Dot,
        FormatArg::Svg => MapFormat::Svg,
        FormatArg::Png => MapFormat::Png,
        FormatArg::Pdf => MapFormat::Pdf,
    }
}

/// The map format a file extension names (`.gv` is Graphviz's other DOT
/// extension), or `None` for one chainmap does not write.
fn format_of_extension(ext: &str) -> Option<MapFormat> {
    let ext = ext.to_ascii_lowercase();
    if ext == "gv" {
        return Some(MapFormat::Dot);
    }
    [MapFormat::Dot, MapFormat::Svg, MapFormat::Png, MapFormat::Pdf].into_iter().find(|f| f.extension() == ext)
}

/// Whether the path is spelled as a directory (`maps/`), existing or not.
fn ends_in_separator(path: &Path) -> bool {
    path.as_os_str().to_string_lossy().ends_with(std::path::is_separator)
}

/// Where the maps go, and in which format. A file's extension gives the
/// format when `--format` does not, and must agree with it when it does, so
/// a file never holds another format than its name says.
fn target_and_format(args: &Args, one_map: bool) -> Result<(Target, MapFormat), Failure> {
    let asked = args.format.map(format_arg);
    let Some(path) = args.output.as_deref() else {
        return Ok((Target::Dir(PathBuf::from(DEFAULT_DIR)), asked.unwrap_or(MapFormat::Svg)));
    };
    if path == Path::new("-") {
        if !one_map {
            return Err(Failure::Usage("-o - writes one map; add --chain ID (or use --view overview)".to_owned()));
        }
        return Ok((Target::Stdout, asked.unwrap_or(MapFormat::Svg)));
    }
    let named = path.extension().and_then(|e| e.to_str());
    if path.is_dir() || ends_in_separator(path) {
        return Ok((Target::Dir(path.to_owned()), asked.unwrap_or(MapFormat::Svg)));
    }
    if !one_map {
        if named.and_then(format_of_extension).is_some() {
            return Err(Failure::Usage(format!(
                "-o {} names one file, but without --chain every chain is drawn, one file each; \
                 add --chain ID, or give a directory",
                path.display()
            )));
        }
        return Ok((Target::Dir(path.to_owned()), asked.unwrap_or(MapFormat::Svg)));
    }
    let file = Target::File(path.to_owned());
    match (named, asked) {
        (None, Some(format)) => Ok((file, format)),
        (None, None) => Err(Failure::Usage(format!(
            "cannot tell the format of -o {}: end the name in .svg, .png, .pdf or .dot, or add --format",
            path.display()
        ))),
        (Some(ext), asked) => match (format_of_extension(ext), asked) {
            (Some(format), None) => Ok((file, format)),
            (Some(format), Some(same)) if format == same => Ok((file, format)),
            (Some(format), Some(other)) => Err(Failure::Usage(format!(
                "-o {} names a {} file but --format is {}; drop --format or rename the file",
                path.display(),
                format.extension().to_uppercase(),
                other.extension()
            ))),
            (None, _) => Err(Failure::Usage(format!(
                "-o {}: maps are written as .svg, .png, .pdf or .dot, not .{ext}; rename the file{}",
                path.display(),
                asked.map(|f| format!(" to end in .{}", f.extension())).unwrap_or_default()
            ))),
        },
    }
}

/// How long Graphviz may lay out one flow map: `CHAINMAP_DOT_TIMEOUT`
/// seconds (0: no limit), else the default.
pub(super) fn dot_timeout() -> Result<Option<Duration>, Failure> {
    const VAR: &str = "CHAINMAP_DOT_TIMEOUT";
    let Some(value) = std::env::var_os(VAR) else { return Ok(Some(DOT_TIMEOUT)) };
    let text = value.to_string_lossy();
    match text.trim().parse::<f64>() {
        Ok(0.0) => Ok(None),
        Ok(s) if s.is_finite() && s > 0.0 && s <= 1e9 => Ok(Some(Duration::from_secs_f64(s))),
        _ => Err(Failure::Usage(format!("{VAR} must be a number of seconds (0 for no limit), got `{text}`"))),
    }
}

/// Warns when the map will show Chinese as empty boxes for want of a font.
fn warn_about_fonts(view: View, format: MapFormat, fonts: &Fonts) {
    const INSTALL: &str = "install one, e.g. `apt-get install fonts-noto-cjk` (or fonts-wqy-microhei) on Debian/Ubuntu, \
                           `dnf install google-noto-sans-cjk-fonts` on Fedora";
    let via_dot = view == View::Flow && format != MapFormat::Dot;
    if via_dot && fontconfig_has_cjk() == Some(false) {
        eprintln!(
            "warning: fontconfig knows no font with Chinese glyphs (`fc-list :lang=zh` is empty), so Graphviz \
             will lay Chinese out as boxes; {INSTALL}"
        );
    }
    if matches!(format, MapFormat::Png | MapFormat::Pdf) && fonts.cjk_family().is_none() {
        eprintln!("warning: no installed font has Chinese glyphs, so Chinese text will show as empty boxes; {INSTALL}");
    }
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let view = view_of(args.view);
    if view == View::Overview
        && let Some(chain) = &args.chain
    {
        return Err(Failure::Usage(format!(
            "--view overview draws every chain at once and takes no --chain; drop --chain {chain}, \
             or draw that chain with --view panorama or --view flow"
        )));
    }
    let one_map = args.chain.is_some() || view == View::Overview;
    let (target, format) = target_and_format(args, one_map)?;
    if view != View::Flow && format == MapFormat::Dot {
        return Err(Failure::Usage(format!(
            "the {} view has no DOT form; use --format svg, png or pdf (DOT is for --view flow)",
            view.as_str()
        )));
    }
    if !(args.scale.is_finite() && args.scale > 0.0 && args.scale <= 16.0) {
        return Err(Failure::Usage("--scale must be a number above 0 and at most 16".to_owned()));
    }

    let dot_timeout = dot_timeout()?;
    // The panorama lists recruitment targets; the period, unless given,
    // comes from the monthly figures or the problems.
    let needs = Needs { candidates: view == View::Panorama, ..Needs::FIRMS };
    let needs = if args.period.is_some() { needs } else { needs.monthly().problems() };
    let dataset = load_for_command(&args.dataset, needs)?;
    let chain = args.chain.as_deref().map(|c| chain_index(&dataset, c)).transpose()?;
    let analyses = analyze(&dataset);
    let targets = never_freed(rank_targets(&dataset, &analyses, &TargetFilter::default()));
    let candidates = top_candidates(&dataset, &targets, CANDIDATES_PER_LINK);
    let data = MapData::new(&dataset, &analyses, &candidates);
    let options = MapOptions {
        firms: args.firms,
        max_firms: args.max_firms,
        png_scale: args.scale,
        lang: args.lang.lang(),
        dot_timeout,
        period: report_period(&dataset, args.period).map(|p| p.month),
    };
    let fonts = if matches!(format, MapFormat::Png | MapFormat::Pdf) { Fonts::system() } else { Fonts::none() };
    warn_about_fonts(view, format, &fonts);

    let chains: Vec<ChainIdx> = match (view, chain) {
        (View::Overview, _) => vec![0],
        (_, Some(c)) => vec![c],
        (_, None) => (0..dataset.chains.len()).collect(),
    };
    let file_name = |c: ChainIdx| view.file_name(&dataset.chains[c].id, format);
    // Render everything before writing anything: a failure leaves no files behind.
    let rendered: Vec<(ChainIdx, Vec<u8>)> = chains
        .par_iter()
        .map(|&c| render(&data, view, c, format, &options, &fonts).map(|bytes| (c, bytes)))
        .collect::<Result<_, MapError>>()?;
    match target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(&rendered[0].1)?;
            out.flush()?;
        }
        Target::File(path) => {
            write_whole(&path, &rendered[0].1)?;
            eprintln!("wrote {}", path.display());
        }
        Target::Dir(dir) => {
            for (c, bytes) in &rendered {
                let path = dir.join(file_name(*c));
                write_whole(&path, bytes)?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}
