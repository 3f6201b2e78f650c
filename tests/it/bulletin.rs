//! `chainmap bulletin` (月通报) and the shipped earlier snapshot it reads.

use std::path::Path;

use crate::root;

#[path = "../../examples/shipped_snapshot.rs"]
mod shipped_snapshot;

#[test]
fn the_shipped_snapshot_is_what_its_generator_writes() {
    let dir = root().join("chains");
    let snapshot = dir.join("snapshots").join(shipped_snapshot::PERIOD);
    let written = crate::tree(&snapshot);
    let expected: Vec<(std::path::PathBuf, Vec<u8>)> = shipped_snapshot::snapshot_files(&dir)
        .into_iter()
        .map(|(name, text)| (Path::new(&name).to_path_buf(), text.into_bytes()))
        .collect();
    let names = |files: &[(std::path::PathBuf, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&written), names(&expected));
    // `cargo run --example shipped_snapshot` rewrites it.
    assert!(written == expected, "chains/snapshots/2026-02 is not what examples/shipped_snapshot.rs writes");
    // It is a valid dataset of its own, and the loader leaves it out of today's.
    chainmap::load::load_dataset(&snapshot).expect("the snapshot is valid");
    let today = chainmap::load::load_dataset(&dir).expect("the shipped dataset is valid").dataset;
    assert!(today.firms.find("AK-X568").is_some());
}

/// Runs `chainmap bulletin` with `args` (the output directory among them)
/// and returns stdout, stderr and the exit code.
fn bulletin(args: &[&str], out: &Path) -> (String, String, i32) {
    let output = crate::chainmap().arg("bulletin").args(args).arg("-o").arg(out).output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap(),
    )
}

fn read(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// The part titles, in order.
const PARTS: [&str; 7] = [
    "一、主要指标",
    "二、调度情况",
    "三、产业链和县区排名",
    "四、产值走势",
    "五、运行预警",
    "六、小升规培育",
    "七、较上期变化",
];

#[test]
fn the_shipped_bulletin_has_every_part_filled() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulletin");
    let (stdout, stderr, code) = bulletin(&[], &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("since chains/snapshots/2026-02"), "{stdout}");
    let md = read(&out.join("bulletin.md"));
    let mut at = 0;
    for part in PARTS {
        let found = md[at..].find(&format!("\n## {part}\n")).unwrap_or_else(|| panic!("{part} in order"));
        at += found + 1;
    }
    // Nothing is missing: no part says it has no data.
    for missing in ["没有月度数据", "没有上期快照", "没有调度列"] {
        assert!(!md.contains(missing), "{missing}");
    }
    // The month's changes, from the shipped snapshot.
    for change in [
        "| 净增规上企业 | +0 |",
        "| 本期开工项目 | 1 |",
        "| 本期签约招商目标(累计) | 1 (9) |",
        "AK-X568",
        "停产",
        "C571",
        "PRJ563",
    ] {
        assert!(md.contains(change), "{change}");
    }
    let html = read(&out.join("bulletin.html"));
    // One chart per chain, each with a marker per month with a figure:
    // January to March of 2026 and all of 2025.
    assert_eq!(html.matches("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\"").count(), 8);
    assert_eq!(html.matches("data-points=\"15\"").count(), 8);
    assert_eq!(html.matches("<circle class=\"point this-year\"").count(), 8 * 3);
    assert!(
        !html.contains("http://")
            || html.matches("http://").count() == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(out.join("bulletin.xlsx").is_file());
    insta::assert_snapshot!("bulletin_md_shipped", md);
}

#[test]
fn a_dataset_without_monthly_data_or_snapshot_says_so_part_by_part() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulletin");
    let (stdout, stderr, code) = bulletin(&["tests/fixtures/dispatch"], &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("no earlier snapshot"), "{stdout}");
    let md = read(&out.join("bulletin.md"));
    for part in PARTS {
        assert!(md.contains(&format!("\n## {part}\n")), "{part} keeps its place");
    }
    // Ranking, trends, warnings and upgrade have no monthly data; the changes no snapshot.
    assert_eq!(md.matches("运行监测：本数据集没有月度数据").count(), 1 + 4, "{md}");
    assert_eq!(md.matches("没有上期快照").count(), 2, "{md}");
    assert!(md.contains("| 市金融办 | 1 | 1 | 1 | 20.0 |"), "{md}");
    insta::assert_snapshot!("bulletin_md_dispatch_fixture", md);
}

#[test]
fn since_defaults_to_the_latest_snapshot_before_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let (default, explicit) = (dir.path().join("default"), dir.path().join("explicit"));
    assert_eq!(bulletin(&[], &default).2, 0);
    assert_eq!(bulletin(&["--since", "chains/snapshots/2026-02"], &explicit).2, 0);
    for file in ["bulletin.html", "bulletin.md", "bulletin.xlsx"] {
        assert!(std::fs::read(default.join(file)).unwrap() == std::fs::read(explicit.join(file)).unwrap(), "{file}");
    }
    // For February itself there is no snapshot before it.
    let feb = dir.path().join("feb");
    let (stdout, _, code) = bulletin(&["--period", "2026-02"], &feb);
    assert_eq!(code, 0);
    assert!(stdout.contains("no earlier snapshot"), "{stdout}");
    assert!(read(&feb.join("bulletin.md")).starts_with("# 安康市重点产业链月通报 · 2026年2月\n"));
    // An invalid --since exits 1 and names it.
    let (_, stderr, code) = bulletin(&["--since", "tests/fixtures/bad-dispatch"], &dir.path().join("bad"));
    assert_eq!(code, 1);
    assert!(stderr.contains("error: OLD dataset tests/fixtures/bad-dispatch is invalid"), "{stderr}");
    assert!(!dir.path().join("bad").exists());
}

#[test]
fn an_existing_bulletin_is_replaced_only_with_force_and_never_inside_the_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulletin");
    assert_eq!(bulletin(&["tests/fixtures/dispatch"], &out).2, 0);
    let (_, stderr, code) = bulletin(&["tests/fixtures/dispatch"], &out);
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(bulletin(&["tests/fixtures/dispatch", "--force"], &out).2, 0);
    let data = crate::copy_fixture("dispatch");
    let inside = data.path().join("out");
    let (_, stderr, code) = bulletin(&[data.path().to_str().unwrap()], &inside);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("refusing to write the bulletin inside the dataset directory"), "{stderr}");
    assert!(!inside.exists());
    // Its own marker, which `--force` above found.
    assert!(out.join(".chainmap-bulletin").is_file() && !out.join(".chainmap-report").exists());
}

#[test]
fn the_same_bytes_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        let output = crate::chainmap()
            .env("RAYON_NUM_THREADS", threads)
            .args(["bulletin", "--docx", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(out.join("bulletin.docx").is_file());
        outputs.push(crate::tree(&out));
    }
    assert!(outputs[0] == outputs[1], "the bulletin differs between 1 and 2 threads");
}

#[test]
fn the_workbook_has_a_sheet_per_table() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulletin");
    assert_eq!(bulletin(&[], &out).2, 0);
    let book: calamine::Xlsx<_> = calamine::open_workbook(out.join("bulletin.xlsx")).unwrap();
    let sheets = book.sheet_names();
    for sheet in [
        "主要指标",
        "问题办理",
        "招商推进",
        "投资完成",
        "产业链排名",
        "县区排名",
        "产值走势",
        "运行预警",
        "小升规",
        "变化-问题",
    ] {
        assert!(sheets.iter().any(|s| s == sheet), "{sheet} in {sheets:?}");
    }
}

/// The Chromium on this machine, or `None` (then the test skips, except in CI).
fn chromium(test: &str) -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| std::process::Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI must have chromium installed by .ci/run");
        eprintln!("notice: chromium not found; skipping {test}");
    }
    found
}

/// Opened from disk in headless Chromium: the page's script ran, nothing
/// was loaded, nothing was logged to the console, and the charts and the
/// warnings table are there in the DOM.
#[test]
fn a_real_browser_opens_the_bulletin_from_disk() {
    let Some(browser) = chromium("a_real_browser_opens_the_bulletin_from_disk") else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulletin");
    assert_eq!(bulletin(&[], &out).2, 0);
    let profile = tempfile::tempdir().unwrap();
    let page = out.join("bulletin.html").canonicalize().unwrap();
    let output = std::process::Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--log-level=0"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(output.status.success(), "chromium failed");
    let (dom, log) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(dom.contains("data-ready=\"true\""), "the page's script did not run\n{log}");
    assert!(dom.contains("data-resources=\"0\""), "the page loaded resources");
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert_eq!(dom.matches("class=\"trend\"").count(), 8);
    let warnings = &dom[dom.find("<section id=\"warnings\">").unwrap()..];
    let warnings = &warnings[..warnings.find("</section>").unwrap()];
    assert!(warnings.matches("<tr>").count() > 5, "the warnings table has rows");
}

/// Printed with headless Chromium: some pages, none holding only a heading,
/// and each chart's axis labels in the PDF's text.
#[test]
fn the_bulletin_prints_with_its_charts() {
    let Some(browser) = chromium("the_bulletin_prints_with_its_charts") else { return };
    if !crate::tool_or_skip("pdftotext", "-v", "poppler-utils", "the_bulletin_prints_with_its_charts") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulletin");
    assert_eq!(bulletin(&[], &out).2, 0);
    let pdf = dir.path().join("bulletin.pdf");
    let profile = tempfile::tempdir().unwrap();
    let page = out.join("bulletin.html").canonicalize().unwrap();
    std::process::Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(pdf.is_file(), "chromium printed no PDF");
    let info = std::process::Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!((2..=40).contains(&pages), "{pages} pages");
    let headings: Vec<String> = PARTS.iter().map(|p| (*p).to_owned()).collect();
    let mut all = String::new();
    for i in 1..=pages {
        let i = i.to_string();
        let text =
            std::process::Command::new("pdftotext").args(["-layout", "-f", &i, "-l", &i]).arg(&pdf).arg("-").output();
        let text = String::from_utf8(text.unwrap().stdout).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 2, "page {i} is (nearly) blank: {lines:?}");
        assert!(
            !lines.iter().all(|l| headings.iter().any(|h| l.contains(h.as_str())) || l.contains("chainmap")),
            "page {i} holds only a heading"
        );
        all.push_str(&text);
    }
    // Every chart's axis labels: its unit, the months and the two years.
    assert!(all.matches("产值（万元）").count() >= 8, "the charts' unit is in the PDF's text");
    assert!(all.matches("12月").count() >= 8, "the charts' months are in the PDF's text");
    assert!(all.matches("2025年").count() >= 8, "the charts' legends are in the PDF's text");
}

/// Names and descriptions that are markup or formulas stay text: escaped in
/// the page, guarded in the workbook, as in the report. The month's
/// changes carry them too: E2 was `reduced` and its problem open in the
/// snapshot, and E1's problem was not there yet.
#[test]
fn hostile_names_are_escaped_in_every_part() {
    use calamine::Reader;
    let data = crate::copy_fixture("evil");
    let old = data.path().join("snapshots/2026-02");
    std::fs::create_dir_all(&old).unwrap();
    for name in ["evil.json", "candidates.csv", "projects.csv"] {
        std::fs::copy(data.path().join(name), old.join(name)).unwrap();
    }
    let firms =
        read(&data.path().join("firms.csv")).replace(",no,supporting,operating,200", ",no,supporting,reduced,200");
    std::fs::write(old.join("firms.csv"), firms).unwrap();
    let problems = read(&data.path().join("problems.csv"));
    let problems: Vec<&str> = problems.lines().filter(|l| !l.contains("alert(4)")).collect();
    std::fs::write(old.join("problems.csv"), problems.join("\n").replace(",resolved,", ",open,") + "\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulletin");
    let (stdout, stderr, code) = bulletin(&[data.path().to_str().unwrap()], &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("snapshots/2026-02"), "{stdout}");
    let html = read(&out.join("bulletin.html"));
    assert!(!html.contains("<script>alert") && !html.contains("<i>项目"), "markup from the data got through");
    assert!(html.contains("&lt;/td&gt;&lt;script&gt;alert(4)&lt;/script&gt;"), "the opened problem is shown, escaped");
    assert!(html.contains("=cmd|&#39; /C calc&#39;!A0"), "the halted firm's name is shown as text");
    let md = read(&out.join("bulletin.md"));
    assert!(!md.contains("<script>"), "{md}");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("bulletin.xlsx")).unwrap();
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula in sheet {sheet}");
    }
}

/// A Word document as the tests read it: the text of each paragraph of
/// the body (line breaks as `\n`), each table as rows of cell texts, and
/// the pictures the body refers to, in order.
struct Word {
    paragraphs: Vec<String>,
    tables: Vec<Vec<Vec<String>>>,
    pictures: Vec<Vec<u8>>,
    document: String,
}

impl Word {
    fn open(path: &Path) -> Self {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).expect("a zip archive");
        let mut part = |name: &str| {
            let mut bytes = Vec::new();
            archive.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_end(&mut bytes).unwrap();
            bytes
        };
        let document = String::from_utf8(part("word/document.xml")).unwrap();
        let rels = String::from_utf8(part("word/_rels/document.xml.rels")).unwrap();
        let rels = roxmltree::Document::parse(&rels).unwrap();
        let target = |id: &str| {
            let rel = rels.descendants().find(|n| n.attribute("Id") == Some(id)).unwrap_or_else(|| panic!("{id}"));
            format!("word/{}", rel.attribute("Target").unwrap())
        };
        let xml = roxmltree::Document::parse(&document).expect("well-formed XML");
        let text = |n: roxmltree::Node<'_, '_>| -> String {
            n.descendants()
                .filter_map(|d| match d.tag_name().name() {
                    "t" => d.text(),
                    "br" => Some("\n"),
                    _ => None,
                })
                .collect()
        };
        let body = xml.descendants().find(|n| n.has_tag_name("body")).unwrap();
        let (mut paragraphs, mut tables) = (Vec::new(), Vec::new());
        for child in body.children() {
            match child.tag_name().name() {
                "p" => paragraphs.push(text(child)),
                "tbl" => tables.push(
                    child
                        .children()
                        .filter(|r| r.has_tag_name("tr"))
                        .map(|r| r.children().filter(|c| c.has_tag_name("tc")).map(text).collect())
                        .collect(),
                ),
                _ => {}
            }
        }
        let embeds: Vec<String> = xml
            .descendants()
            .filter(|n| n.has_tag_name("blip"))
            .filter_map(|n| n.attributes().find(|a| a.name() == "embed").map(|a| a.value().to_owned()))
            .collect();
        let pictures = embeds.iter().map(|id| part(&target(id))).collect();
        Self { paragraphs, tables, pictures, document }
    }
}

/// The Markdown lines of a table: its header row and its rows, as the
/// bulletin's Markdown writes them.
fn markdown_rows(table: &[Vec<String>]) -> Vec<String> {
    let escape = |s: &String| chainmap::render::table::markdown_text(s).replace('\n', "<br>");
    table.iter().map(|row| format!("| {} |", row.iter().map(escape).collect::<Vec<_>>().join(" | "))).collect()
}

#[test]
fn the_word_document_on_request_holds_every_part_table_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, out) = (dir.path().join("plain"), dir.path().join("bulletin"));
    assert_eq!(bulletin(&[], &plain).2, 0);
    assert!(!plain.join("bulletin.docx").exists(), "no Word document unless asked");
    let (stdout, stderr, code) = bulletin(&["--docx"], &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("4 files"), "{stdout}");
    let word = Word::open(&out.join("bulletin.docx"));
    let p = &word.paragraphs;
    assert_eq!(p[0], "安康市重点产业链月通报（2026年3月）");
    assert_eq!(p[1], "各产业链链长办公室，各县（市、区）：");
    assert!(p[2].starts_with("现将2026年3月安康市重点产业链（8条）"), "{}", p[2]);
    // Every part's heading, in order.
    let mut at = 0;
    for part in PARTS {
        at += p[at..].iter().position(|q| q == part).unwrap_or_else(|| panic!("{part} in order in {p:?}"));
    }
    assert!(p.iter().any(|q| q == "（一）企业问题办理（按责任单位）· 超期截至2026年3月"), "{p:?}");
    // Every table of the Markdown, header row and rows, in the document's
    // text or an attachment; each header row repeats on every page.
    let md = read(&out.join("bulletin.md"));
    assert_eq!(word.tables.len(), md.lines().filter(|l| l.starts_with("| ---")).count());
    let lines: Vec<&str> = md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| ---")).collect();
    for table in &word.tables {
        let rows = markdown_rows(table);
        assert!(lines.windows(rows.len()).any(|w| w == rows), "{rows:#?} in the Markdown");
    }
    assert!(word.tables[0].contains(&vec!["净增规上企业".to_owned(), "+0".to_owned()]), "{:?}", word.tables[0]);
    assert_eq!(word.document.matches("<w:tblHeader />").count(), word.tables.len());
    // The long and wide tables are attachments on landscape pages.
    for attachment in ["附件1", "附件3", "运行预警"] {
        assert!(p.iter().any(|q| q.contains(attachment)), "{attachment} in {p:?}");
    }
    assert!(p.iter().any(|q| q.starts_with("附件：1. 产业链和县区排名（产业链）")), "{p:?}");
    assert!(word.document.contains("w:orient=\"landscape\""));
    // One trend chart per chain, a PNG picture with its caption.
    assert_eq!(word.pictures.len(), 8);
    assert!(word.pictures.iter().all(|png| png.starts_with(b"\x89PNG\r\n\x1a\n")));
    let captions: Vec<&String> = p.iter().filter(|q| q.starts_with('图') && q.ends_with("月度产值")).collect();
    assert_eq!(captions.len(), 8, "{captions:?}");
    assert_eq!(captions[0], "图1　清洁能源产业链月度产值");
    // Signed by the office, dated the period's last day.
    let signed = p.iter().position(|q| q == "安康市产业链链长制工作领导小组办公室").expect("signed");
    assert_eq!(p[signed + 1], "2026年3月31日");
}

#[test]
fn the_word_document_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulletin");
    assert_eq!(bulletin(&["--docx", "--lang", "en"], &out).2, 0);
    let word = Word::open(&out.join("bulletin.docx"));
    let p = &word.paragraphs;
    assert_eq!(p[0], "Ankang key industrial chains: monthly bulletin, March 2026");
    assert_eq!(p[1], "To: the chain leaders' offices and the counties");
    for part in ["1. Headline figures", "4. Output trends", "7. Changes since last month"] {
        assert!(p.iter().any(|q| q == part), "{part} in {p:?}");
    }
    assert!(p.iter().any(|q| q.starts_with("Figure 1. ") && q.ends_with(": monthly output")), "{p:?}");
    assert!(p.iter().any(|q| q == "31 March 2026"), "{p:?}");
}

/// Converted to PDF with headless `LibreOffice` where it is installed
/// (Debian `libreoffice-writer-nogui`): the title on the first page, every
/// page numbered, every part's heading and the attachments' header rows.
#[test]
fn the_word_document_opens_in_libreoffice() {
    let Some(soffice) = crate::soffice("the_word_document_opens_in_libreoffice") else { return };
    if !crate::tool_or_skip("pdftotext", "-v", "poppler-utils", "the_word_document_opens_in_libreoffice") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulletin");
    assert_eq!(bulletin(&["--docx"], &out).2, 0);
    let pdf = crate::docx_to_pdf(&soffice, &out.join("bulletin.docx"), dir.path());
    let text = std::process::Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|p| !p.is_empty())
        .collect();
    assert!(pages[0].starts_with("安康市重点产业链月通报（2026年3月）各产业链链长办公室"), "{}", pages[0]);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("—{}—", i + 1)), "page {} numbered: {page}", i + 1);
    }
    let all = pages.concat();
    for part in PARTS {
        assert!(all.contains(part), "{part}");
    }
    for header in ["指标数值", "责任单位待解决已解决超期", "等级类型企业编号企业名称"] {
        assert!(all.contains(header), "header row {header}");
    }
}
