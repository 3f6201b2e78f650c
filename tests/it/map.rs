//! `chainmap map`: the flow map (DOT, and SVG/PNG/PDF through Graphviz),
//! the panorama and the overview (native SVG, PNG, PDF).
//!
//! `tests/fixtures/map-names` is one chain whose every name is hostile to
//! DOT or XML: quotes, backslashes (`\N`, `\G` are Graphviz escapes), `<`,
//! `&`, `&amp;` itself, `]]>`, line breaks, emoji.
//!
//! Tests that need Graphviz's `dot` fail in CI (`CI=true`, where `.ci/run`
//! installs it) and skip with a notice elsewhere.

use std::path::{Path, PathBuf};

use crate::{chainmap, fixture, root};

const WEIRD: &str = "tests/fixtures/map-names";

/// The shipped dataset's chain ids.
fn shipped_chains() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root().join("chains"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            let id = name.strip_suffix(".json")?;
            (id != "region").then(|| id.to_owned())
        })
        .collect();
    ids.sort();
    ids
}

/// Whether `dot` can be run; in CI its absence is a failure.
fn dot_or_skip(test: &str) -> bool {
    let found = std::process::Command::new("dot").arg("-V").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: Graphviz `dot` is required in CI; .ci/run installs the graphviz package"
        );
        eprintln!("note: skipping {test}: Graphviz `dot` is not installed (apt-get install graphviz)");
    }
    found
}

/// Runs `chainmap map ARGS -o -` and returns stdout, asserting success.
fn map_stdout(args: &[&str]) -> Vec<u8> {
    let output = chainmap().arg("map").args(args).args(["-o", "-"]).output().unwrap();
    assert!(output.status.success(), "map {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("UTF-8")
}

/// The names of a chain's links, from its JSON file, as they are shown
/// (line breaks become spaces).
fn link_names(dataset: &str, chain: &str) -> Vec<String> {
    let path = root().join(dataset).join(format!("{chain}.json"));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// All the text of an SVG document, whitespace removed: wrapped names are
/// split over several `<text>` elements, so names are compared this way.
fn svg_text(svg: &str) -> String {
    // Graphviz's SVG declares the SVG 1.1 DTD.
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    let doc = roxmltree::Document::parse_with_options(svg, options)
        .unwrap_or_else(|e| panic!("SVG is not well-formed XML: {e}"));
    doc.descendants()
        .filter(|n| n.is_text() && n.parent().is_some_and(|p| p.tag_name().name() != "title"))
        .filter_map(|n| n.text())
        .collect::<String>()
        .split_whitespace()
        .collect()
}

fn squash(name: &str) -> String {
    name.split_whitespace().collect()
}

#[test]
fn flow_dot_snapshot() {
    let dot = text(map_stdout(&[WEIRD, "--chain", "weird", "--view", "flow", "--format", "dot", "--firms"]));
    insta::assert_snapshot!("flow_dot_weird", dot);
}

#[test]
fn panorama_svg_snapshot() {
    let svg = text(map_stdout(&[WEIRD, "--chain", "weird", "--view", "panorama", "--format", "svg"]));
    insta::assert_snapshot!("panorama_svg_weird", svg);
}

#[test]
fn overview_svg_snapshot() {
    let svg = text(map_stdout(&["tests/fixtures/gaps", "--view", "overview", "--format", "svg"]));
    insta::assert_snapshot!("overview_svg_gaps", svg);
}

#[test]
fn english_maps_use_english_words_and_names() {
    let mut views = vec!["panorama", "overview"];
    if dot_or_skip("english_maps_use_english_words_and_names") {
        views.push("flow");
    }
    for view in views {
        // The overview is every chain at once and takes no --chain.
        let chain: &[&str] = if view == "overview" { &[] } else { &["--chain", "selenium-food"] };
        let svg = text(map_stdout(&[&["chains", "--view", view, "--format", "svg", "--lang", "en"], chain].concat()));
        let shown = svg_text(&svg);
        for word in ["Upstream", "Midstream", "Downstream", "Completeness"] {
            assert!(shown.contains(word), "{view}: no {word:?}");
        }
        assert!(shown.contains(&squash("Selenium-rich food")), "{view}: no chain name_en");
        if view != "overview" {
            // A link's and a segment's name_en.
            assert!(shown.contains(&squash("Tea growing")), "{view}: no link name_en");
            assert!(shown.contains(&squash("Selenium-rich tea")), "{view}: no segment name_en");
        }
        for word in ["上游", "配套服务", "较强", "缺失", "补链", "完整度", "产业链", "优先级"] {
            assert!(!shown.contains(word), "{view}: Chinese word {word:?} in the English map");
        }
        let zh = text(map_stdout(&[&["chains", "--view", view, "--format", "svg"], chain].concat()));
        assert!(svg_text(&zh).contains("上游"), "{view}: the default stays Chinese");
    }
}

#[test]
fn dot_parses_back_for_every_chain() {
    let mut cases: Vec<(String, String)> = shipped_chains().into_iter().map(|c| ("chains".to_owned(), c)).collect();
    cases.push((WEIRD.to_owned(), "weird".to_owned()));
    for (dataset, chain) in cases {
        for firms in [false, true] {
            let mut args = vec![dataset.as_str(), "--chain", chain.as_str(), "--format", "dot"];
            if firms {
                args.push("--firms");
            }
            let dot = text(map_stdout(&args));
            let graph = graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("{chain}: DOT does not parse: {e}"));
            assert!(matches!(graph, graphviz_rust::dot_structures::Graph::DiGraph { .. }), "{chain}");
        }
    }
}

#[test]
fn dot_renders_every_chain_with_every_link_name() {
    if !dot_or_skip("dot_renders_every_chain_with_every_link_name") {
        return;
    }
    let mut cases: Vec<(String, String)> = shipped_chains().into_iter().map(|c| ("chains".to_owned(), c)).collect();
    cases.push((WEIRD.to_owned(), "weird".to_owned()));
    for (dataset, chain) in cases {
        let svg = text(map_stdout(&[&dataset, "--chain", &chain, "--view", "flow", "--format", "svg", "--firms"]));
        let all = svg_text(&svg);
        for name in link_names(&dataset, &chain) {
            assert!(all.contains(&squash(&name)), "{chain}: flow SVG lacks link name {name:?}");
        }
    }
}

#[test]
fn panorama_and_overview_are_well_formed_with_every_link_name() {
    let mut cases: Vec<(String, String)> = shipped_chains().into_iter().map(|c| ("chains".to_owned(), c)).collect();
    cases.push((WEIRD.to_owned(), "weird".to_owned()));
    for (dataset, chain) in &cases {
        let svg = text(map_stdout(&[dataset, "--chain", chain, "--view", "panorama", "--format", "svg"]));
        let all = svg_text(&svg);
        for name in link_names(dataset, chain) {
            assert!(all.contains(&squash(&name)), "{chain}: panorama lacks link name {name:?}");
        }
    }
    for dataset in ["chains", WEIRD] {
        let svg = text(map_stdout(&[dataset, "--view", "overview"]));
        svg_text(&svg);
    }
}

#[test]
fn hostile_names_come_out_as_text() {
    let svg = text(map_stdout(&[WEIRD, "--chain", "weird", "--view", "panorama"]));
    let all = svg_text(&svg);
    for shown in [
        r#"源头"引号"\反斜杠"#,
        "中游<b>&amp;</b>第二行",
        r"配套\N\n\G\\",
        r#"龙头"Leader"&Co<Ltd>"#,
        "停产企业]]><!--x-->",
        "多行名称\\企业😀",
        r#"候选"甲"<&>"#,
        "下游🚀emoji",
        "Candidatewithnewline",
    ] {
        assert!(all.contains(shown), "panorama lacks {shown:?}");
    }
    // The signed candidate is not a target.
    assert!(!all.contains("Signed🚀"), "a signed candidate is listed");

    let dot = text(map_stdout(&[WEIRD, "--chain", "weird", "--format", "dot", "--firms"]));
    // Backslashes are doubled, so Graphviz never expands \N (node name) or \G (graph name).
    assert!(dot.contains(r"配套 \\N \\n \\G \\\\"), "{dot}");
    assert!(dot.contains("中游 &lt;b&gt;&amp;amp;&lt;/b&gt; 第二行"), "{dot}");
    if dot_or_skip("hostile_names_come_out_as_text") {
        let rendered = text(map_stdout(&[WEIRD, "--chain", "weird", "--format", "svg", "--firms"]));
        let all = svg_text(&rendered);
        for shown in [r"配套\N\n\G\\", "中游<b>&amp;</b>第二行", r#"龙头"Leader"&Co<Ltd>"#, r#"子链<x>&"y""#]
        {
            assert!(all.contains(shown), "flow SVG lacks {shown:?}");
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs_and_threads() {
    let runs = |args: &[&str]| -> Vec<Vec<u8>> {
        ["1", "2", "2"]
            .iter()
            .map(|threads| {
                let output = chainmap()
                    .env("RAYON_NUM_THREADS", threads)
                    .arg("map")
                    .args(args)
                    .args(["-o", "-"])
                    .output()
                    .unwrap();
                assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
                output.stdout
            })
            .collect()
    };
    let mut cases = vec![
        vec!["chains", "--chain", "selenium-food", "--format", "dot", "--firms"],
        vec!["chains", "--chain", "selenium-food", "--view", "panorama", "--format", "svg"],
        vec!["chains", "--chain", "lithium", "--view", "panorama", "--format", "png"],
        vec!["chains", "--view", "overview", "--format", "svg"],
        vec!["chains", "--view", "overview", "--format", "pdf"],
        vec!["chains", "--view", "overview", "--format", "png"],
        // Several fonts in one file (Chinese, bold, emoji fallback): PDF
        // writers that keep fonts in a hash map write them in a new order
        // on every run.
        vec![WEIRD, "--chain", "weird", "--view", "panorama", "--format", "pdf"],
    ];
    if dot_or_skip("output_is_byte_identical_across_runs_and_threads") {
        cases.push(vec!["chains", "--chain", "selenium-food", "--format", "svg"]);
        // The flow map's PDF differed on every run (resource dictionaries in hash order).
        cases.push(vec!["chains", "--chain", "lithium", "--format", "pdf"]);
        cases.push(vec!["chains", "--chain", "lithium", "--format", "png"]);
        cases.push(vec![WEIRD, "--chain", "weird", "--format", "pdf", "--firms"]);
    }
    for args in cases {
        let out = runs(&args);
        assert!(!out[0].is_empty());
        assert!(out.iter().all(|o| *o == out[0]), "{args:?} differs between runs");
    }
}

#[test]
fn every_chain_as_pdf_and_png_is_byte_identical_on_one_and_two_threads() {
    let out = tempfile::tempdir().unwrap();
    // Every shipped chain as PDF; PNG on the small fixture (rasterising the
    // shipped panoramas takes a minute in a debug build).
    let mut cases = vec![("chains", "panorama", "pdf"), ("tests/fixtures/gaps", "panorama", "png")];
    if dot_or_skip("every_chain_as_pdf_and_png_is_byte_identical_on_one_and_two_threads") {
        cases.extend([("chains", "flow", "pdf"), ("tests/fixtures/gaps", "flow", "png")]);
    }
    for (dataset, view, format) in cases {
        let dirs: Vec<PathBuf> = ["1", "2"]
            .iter()
            .map(|threads| {
                let dir = out.path().join(format!("{}-{view}-{format}-{threads}", dataset.replace('/', "_")));
                chainmap()
                    .env("RAYON_NUM_THREADS", threads)
                    .args(["map", dataset, "--view", view, "--format", format, "-o"])
                    .arg(&dir)
                    .assert()
                    .success();
                dir
            })
            .collect();
        let (one, two) = (crate::tree(&dirs[0]), crate::tree(&dirs[1]));
        assert!(!one.is_empty(), "{dataset} {view} {format}: no files");
        assert!(one == two, "{dataset} {view} {format}: 1 and 2 threads differ");
    }
}

#[test]
fn png_and_pdf_are_images() {
    let png = map_stdout(&[WEIRD, "--chain", "weird", "--view", "panorama", "--format", "png"]);
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let pdf = map_stdout(&[WEIRD, "--view", "overview", "--format", "pdf"]);
    assert!(pdf.starts_with(b"%PDF-"));
    if dot_or_skip("png_and_pdf_are_images") {
        let png = map_stdout(&["chains", "--chain", "lithium", "--format", "png"]);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let pdf = map_stdout(&["chains", "--chain", "lithium", "--format", "pdf"]);
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

/// The files in `dir`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[test]
fn every_chain_into_a_directory() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("maps");
    chainmap()
        .args(["map", "chains", "--view", "panorama", "-o"])
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicates::str::contains("selenium-food.panorama.svg"));
    let expected: Vec<String> = shipped_chains().iter().map(|c| format!("{c}.panorama.svg")).collect();
    assert_eq!(files(&dir), expected, "one file per chain and no temporary files left");
}

/// `chainmap map` into a directory and the report's `maps/` name a map
/// alike, so a map found in one is found by the same name in the other.
#[test]
fn map_and_report_name_their_files_alike() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("maps");
    let mut views = vec!["panorama", "overview"];
    if dot_or_skip("map_and_report_name_their_files_alike") {
        views.push("flow");
    }
    for view in &views {
        chainmap().args(["map", "tests/fixtures/gaps", "--view", view, "-o"]).arg(&dir).assert().success();
    }
    let report = out.path().join("report");
    chainmap().args(["report", "tests/fixtures/gaps", "-o"]).arg(&report).assert().success();
    let mut written = files(&report.join("maps"));
    written.retain(|name| views.iter().any(|v| name == &format!("{v}.svg") || name.contains(&format!(".{v}."))));
    assert_eq!(files(&dir), written);
    assert!(written.contains(&"demo.panorama.svg".to_owned()), "{written:?}");
}

/// Text in the panorama's PDF is set once: copied or searched, each label
/// reads once. Bold labels are drawn filled and outlined (the fonts have no
/// bold face); a converter that drew them twice made `上游 上游` of every
/// bold word. `pdftotext -raw` keeps text in content order and does not
/// merge overlapping copies the way its layout mode does.
#[test]
fn panorama_pdf_text_reads_once() {
    if !crate::tool_or_skip("pdftotext", "-v", "poppler-utils", "panorama_pdf_text_reads_once") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("pan.pdf");
    chainmap()
        .args(["map", "chains", "--chain", "selenium-food", "--view", "panorama", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let text = std::process::Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-").output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    // The title and the stage headers are bold.
    assert_eq!(text.matches("富硒食品产业链全景图").count(), 1, "{text}");
    let header = text.lines().find(|l| l.contains("中游")).unwrap();
    assert_eq!(header.trim(), "上游 中游 下游 配套服务", "{text}");
    // A link name (bold) once in its box.
    assert_eq!(text.matches("茶树良种繁育").count(), 1, "{text}");
}

#[test]
fn default_directory_is_out_maps() {
    let cwd = tempfile::tempdir().unwrap();
    chainmap().current_dir(cwd.path()).args(["map", "--view", "overview"]).arg(fixture("gaps")).assert().success();
    assert_eq!(files(&cwd.path().join("out/maps")), ["overview.svg"]);
}

#[test]
fn one_file_format_from_its_extension_and_replaced_whole() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("demo.pdf");
    std::fs::write(&path, "old").unwrap();
    chainmap()
        .args(["map", "tests/fixtures/gaps", "--chain", "demo", "--view", "panorama", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
    assert_eq!(files(out.path()), ["demo.pdf"]);
}

/// `chainmap map tests/fixtures/gaps ARGS -o OUT`, with `OUT` in a fresh
/// directory; the exit code, stderr and the files the directory holds after.
fn map_to(args: &[&str], out: &str) -> (i32, String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let output = chainmap()
        .args(["map", "tests/fixtures/gaps"])
        .args(args)
        .arg("-o")
        .arg(dir.path().join(out))
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap(), stderr, files(dir.path()))
}

#[test]
fn map_o_jpg_is_refused_not_an_svg_named_jpg() {
    let (code, stderr, written) = map_to(&["--chain", "demo", "--view", "panorama"], "x.jpg");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.starts_with("error: -o ") && stderr.contains("not .jpg; rename the file\n"), "{stderr}");
    assert!(written.is_empty(), "{written:?}");
    let (code, stderr, _) = map_to(&["--chain", "demo", "--view", "panorama", "--format", "png"], "x.jpg");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not .jpg; rename the file to end in .png"), "{stderr}");
}

#[test]
fn map_format_comes_from_the_extension_of_the_file() {
    let cases = [("a.png", &b"\x89PNG\r\n\x1a\n"[..]), ("b.PDF", b"%PDF-"), ("c.svg", b"<svg"), ("d.gv", b"digraph")];
    for (name, magic) in cases {
        let view = if Path::new(name).extension().is_some_and(|e| e == "gv") { "flow" } else { "overview" };
        let chain: &[&str] = if view == "flow" { &["--chain", "demo"] } else { &[] };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        chainmap()
            .args(["map", "tests/fixtures/gaps", "--view", view])
            .args(chain)
            .arg("-o")
            .arg(&path)
            .assert()
            .success();
        let bytes = std::fs::read(&path).unwrap();
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap();
        let found =
            if magic == b"<svg" { bytes.windows(4).any(|w| w == magic) } else { bytes[start..].starts_with(magic) };
        assert!(found, "{name}: {:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(40)]));
    }
}

#[test]
fn map_format_that_contradicts_the_extension_is_refused() {
    let (code, stderr, written) = map_to(&["--view", "overview", "--format", "svg"], "overview.png");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("overview.png names a PNG file but --format is svg"), "{stderr}");
    assert!(written.is_empty());
    // Agreeing is fine, and so is a name without an extension when --format says what it is.
    assert_eq!(map_to(&["--view", "overview", "--format", "png"], "overview.png").2, ["overview.png"]);
    assert_eq!(map_to(&["--view", "overview", "--format", "pdf"], "overview").2, ["overview"]);
    // Without either, chainmap cannot tell.
    let (code, stderr, written) = map_to(&["--view", "overview"], "overview");
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot tell the format"), "{stderr}");
    assert!(written.is_empty());
}

#[test]
fn map_one_file_name_for_every_chain_is_refused() {
    let (code, stderr, written) = map_to(&["--view", "panorama"], "panorama.png");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("without --chain every chain is drawn"), "{stderr}");
    assert!(written.is_empty(), "no directory named panorama.png: {written:?}");
    // A name ending in a separator is a directory, even for one map.
    let (code, stderr, written) = map_to(&["--chain", "demo", "--view", "panorama"], "maps/");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(written, ["maps"]);
}

#[test]
fn map_overview_refuses_chain() {
    chainmap()
        .args(["map", "tests/fixtures/gaps", "--view", "overview", "--chain", "demo", "-o", "-"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: --view overview draws every chain at once and takes no --chain; drop --chain demo, \
             or draw that chain with --view panorama or --view flow\n",
        );
}

#[test]
fn usage_errors() {
    // DOT is for the flow view only.
    chainmap()
        .args(["map", "tests/fixtures/gaps", "--chain", "demo", "--view", "panorama", "--format", "dot"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no DOT form"));
    // Stdout takes one map.
    chainmap().args(["map", "tests/fixtures/gaps", "--view", "panorama", "-o", "-"]).assert().code(2);
    chainmap()
        .args(["map", "tests/fixtures/gaps", "--chain", "nope", "-o", "-"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown chain `nope`"));
}

#[test]
fn without_graphviz_dot_still_works_and_svg_names_the_package() {
    let empty = tempfile::tempdir().unwrap();
    let without_dot = || {
        let mut cmd = chainmap();
        cmd.env("PATH", empty.path());
        cmd
    };
    without_dot()
        .args(["map", "tests/fixtures/gaps", "--chain", "demo", "--format", "dot", "-o", "-"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("digraph"));
    without_dot()
        .args(["map", "tests/fixtures/gaps", "--chain", "demo", "--view", "panorama", "-o", "-"])
        .assert()
        .success();
    let out = tempfile::tempdir().unwrap();
    without_dot()
        .args(["map", "tests/fixtures/gaps", "--chain", "demo", "--format", "svg", "-o"])
        .arg(out.path().join("flow.svg"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("install the `graphviz` package"));
    assert!(files(out.path()).is_empty(), "no output file on failure");
}

#[test]
fn panorama_marks_single_source_links() {
    // The titles of the link boxes name the mark; the legend explains it.
    let titled = |lang: &str, word: &str| -> Vec<String> {
        let svg =
            text(map_stdout(&["tests/fixtures/risk", "--chain", "battery", "--view", "panorama", "--lang", lang]));
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let marked: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .filter(|t| t.ends_with(&format!(" · {word}")))
            .map(|t| t[t.find('(').unwrap() + 1..t.find(')').unwrap()].to_owned())
            .collect();
        assert!(svg_text(&svg).contains(&squash(word)), "{lang}: no legend entry for {word}");
        marked
    };
    // ore, pack, salt and storage have one active firm (storage's halted
    // leader does not count); cell has two, brine and recycle none.
    assert_eq!(titled("zh", "单一来源"), ["ore", "salt", "pack", "storage"]);
    assert_eq!(titled("en", "Single source"), ["ore", "salt", "pack", "storage"]);
}

#[test]
fn recycling_edges_are_drawn_dotted_and_labelled_on_the_flow_map() {
    let dot = text(map_stdout(&["chains", "--chain", "lithium", "--view", "flow", "--format", "dot"]));
    let recycle: Vec<&str> = dot.lines().filter(|l| l.contains("xlabel=\"回收\"")).collect();
    assert_eq!(recycle.len(), 2, "{recycle:#?}");
    assert!(recycle.iter().all(|l| l.contains("style=dotted") && l.contains("constraint=false")), "{recycle:#?}");
    assert!(dot.contains("回收再利用 (不计入分析)"), "legend");
    let en =
        text(map_stdout(&["chains", "--chain", "new-materials", "--view", "flow", "--format", "dot", "--lang", "en"]));
    assert_eq!(en.lines().filter(|l| l.contains("xlabel=\"recycling\"")).count(), 1);
}

/// A point, in inches.
type Point = (f64, f64);

/// The DOT of a chain's flow map, laid out by Graphviz in `-Tplain`: each
/// node's box and each edge's points, in inches.
struct Plain {
    /// (name, centre x, centre y, width, height).
    nodes: Vec<(String, f64, f64, f64, f64)>,
    /// (tail, head, points).
    edges: Vec<(String, String, Vec<Point>)>,
    size: (f64, f64),
}

fn plain(dot_source: &str) -> Plain {
    let mut child = std::process::Command::new("dot")
        .arg("-Tplain")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), dot_source.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let name = |t: &str| t.trim_matches('"').to_owned();
    let num = |t: &str| t.parse::<f64>().unwrap();
    let mut result = Plain { nodes: Vec::new(), edges: Vec::new(), size: (0.0, 0.0) };
    for line in text.lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        match t.first().copied() {
            Some("graph") => result.size = (num(t[2]), num(t[3])),
            Some("node") => result.nodes.push((name(t[1]), num(t[2]), num(t[3]), num(t[4]), num(t[5]))),
            Some("edge") => {
                let n: usize = t[3].parse().unwrap();
                let points = (0..n).map(|i| (num(t[4 + 2 * i]), num(t[5 + 2 * i]))).collect();
                result.edges.push((name(t[1]), name(t[2]), points));
            }
            _ => {}
        }
    }
    result
}

/// Whether the segment from `a` to `b` passes through the inside of the box
/// centred at (x, y), `w` × `h` (shrunk by a hair, so touching is not crossing).
fn crosses(from: Point, to: Point, (cx, cy, width, height): (f64, f64, f64, f64)) -> bool {
    let (left, right) = (cx - width / 2.0 + 0.02, cx + width / 2.0 - 0.02);
    let (bottom, top) = (cy - height / 2.0 + 0.02, cy + height / 2.0 - 0.02);
    // Sample the segment: ortho edges are axis-parallel runs, so this is exact enough.
    (0..=64).any(|i| {
        let along = f64::from(i) / 64.0;
        let (px, py) = (from.0 + (to.0 - from.0) * along, from.1 + (to.1 - from.1) * along);
        px > left && px < right && py > bottom && py < top
    })
}

/// Issue 15 item 3: the flow map of a big chain was a diagonal staircase of
/// stage clusters, 2715 × 6659 px at 45 links, with edges looping across the
/// stage and segment labels. Now every stage is a band of columns, left to
/// right, the map prints within 1.6:1 either way, and no edge crosses a
/// stage header or a lane (segment) label.
#[test]
fn flow_maps_keep_stages_in_columns_print_within_1_6_to_1_and_no_edge_crosses_a_label() {
    if !dot_or_skip("flow_maps_keep_stages_in_columns_print_within_1_6_to_1_and_no_edge_crosses_a_label") {
        return;
    }
    let generated = tempfile::tempdir().unwrap();
    let big = generated.path().join("big");
    let status = chainmap()
        .args(["gen", "--chains", "1", "--links", "45", "--firms", "300", "--candidates", "100", "-o"])
        .arg(&big)
        .output()
        .unwrap();
    assert!(status.status.success());
    let mut cases: Vec<(String, String)> = shipped_chains().into_iter().map(|c| ("chains".to_owned(), c)).collect();
    cases.push((big.display().to_string(), "selenium-food".to_owned()));
    for (dataset, chain) in &cases {
        let dot = text(map_stdout(&[dataset, "--chain", chain, "--view", "flow", "--format", "dot"]));
        let laid = plain(&dot);
        let (w, h) = laid.size;
        assert!(w / h <= 1.6 && h / w <= 1.6, "{chain}: {w:.1} × {h:.1} in");

        // Stage bands: every upstream link left of every midstream link, and so on.
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(Path::new(dataset).join(format!("{chain}.json"))).unwrap())
                .unwrap();
        let x_of = |id: &str| laid.nodes.iter().find(|n| n.0 == id).unwrap_or_else(|| panic!("{chain}: no {id}")).1;
        let xs = |stage: &str| -> Vec<f64> {
            doc["links"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|l| l["stage"] == stage)
                .map(|l| x_of(l["id"].as_str().unwrap()))
                .collect()
        };
        let bands: Vec<Vec<f64>> =
            ["upstream", "midstream", "downstream"].iter().map(|s| xs(s)).filter(|b| !b.is_empty()).collect();
        for pair in bands.windows(2) {
            let left = pair[0].iter().copied().fold(f64::MIN, f64::max);
            let right = pair[1].iter().copied().fold(f64::MAX, f64::min);
            assert!(left < right, "{chain}: stage bands overlap ({left} ≥ {right})");
        }

        // Labels: the stage headers and the lane labels are boxes no edge crosses.
        let labels: Vec<_> = laid
            .nodes
            .iter()
            .filter(|n| n.0.starts_with("column-") || n.0.starts_with("lane-"))
            .map(|n| (n.1, n.2, n.3, n.4))
            .collect();
        assert!(labels.len() >= 4, "{chain}: headers and lane labels");
        for (tail, head, points) in &laid.edges {
            if tail.starts_with("column-") || tail.starts_with("lanes-") {
                continue; // the hidden ruler and root
            }
            for pair in points.windows(2) {
                for &label in &labels {
                    assert!(
                        !crosses(pair[0], pair[1], label),
                        "{chain}: edge {tail} → {head} crosses a label at {label:?}"
                    );
                }
            }
        }
    }
}

/// A fake `dot` that leaves a mark when it is run.
#[cfg(unix)]
fn marking_dot(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let mark = dir.join("dot-ran");
    let script = dir.join("dot");
    std::fs::write(&script, format!("#!/bin/sh\ntouch '{}'\ncat >/dev/null\nexit 1\n", mark.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    mark
}

/// Issue 15 item 3: the panorama of a 10,000-link chain exhausted memory as
/// a PNG, and such a chain's flow map would keep Graphviz busy for hours.
/// Both are refused with the chain, its links and the limit, before any
/// drawing: Graphviz is never started, and no file is written.
#[cfg(unix)]
#[test]
fn maps_too_big_to_draw_are_refused_before_any_heavy_work() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big");
    let made = chainmap()
        .args(["gen", "--chains", "1", "--links", "2000", "--firms", "4000", "--candidates", "200", "-o"])
        .arg(&big)
        .output()
        .unwrap();
    assert!(made.status.success());
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let mark = marking_dot(&bin);
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let map = |args: &[&str], out: &Path| {
        chainmap()
            .env("PATH", &path)
            .arg("map")
            .arg(&big)
            .args(["--chain", "selenium-food"])
            .args(args)
            .arg("-o")
            .arg(out)
            .output()
            .unwrap()
    };

    let flow = dir.path().join("flow.svg");
    let output = map(&["--view", "flow"], &flow);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "error: the flow map of chain `selenium-food` has 2000 links, more than the 165 Graphviz lays out within the time limit of 60s"
        ) && stderr.contains("--view panorama"),
        "{stderr}"
    );
    assert!(!mark.exists(), "dot was not started");
    assert!(!flow.exists());
    // The DOT needs no Graphviz, so it is written (to lay out with more time).
    let dot = dir.path().join("flow.dot");
    assert!(map(&["--view", "flow"], &dot).status.success());
    assert!(!mark.exists());

    let svg = dir.path().join("panorama.svg");
    assert!(map(&["--view", "panorama"], &svg).status.success(), "SVG has no size limit");
    let svg = std::fs::read_to_string(&svg).unwrap();
    let attr = |name: &str| -> String {
        let at = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        svg[at..at + svg[at..].find('"').unwrap()].to_owned()
    };
    let drawn = format!("{} × {} units", attr("width"), attr("height"));
    for (ext, limit) in
        [("png", "too big for PNG (at most 67 million pixels"), ("pdf", "too big for PDF (a page at most 14400 points")]
    {
        let file = dir.path().join(format!("panorama.{ext}"));
        let output = map(&["--view", "panorama"], &file);
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("error: the panorama of chain `selenium-food` (2000 links) would be "), "{stderr}");
        // The size was measured without drawing, and is the size drawn.
        assert!(stderr.contains(&drawn), "{drawn}: {stderr}");
        assert!(stderr.contains(limit) && stderr.contains("--format svg"), "{stderr}");
        assert!(!file.exists());
    }
}
