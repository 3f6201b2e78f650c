//! `chainmap report`: the files it writes, their safety, their agreement
//! (XLSX read back equals CSV), the Markdown (snapshots), failure handling,
//! and a real headless browser opening the site from disk.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use calamine::Reader;

use crate::{chainmap, tree};

fn report(dataset: &str, out: &Path, extra: &[&str]) {
    let output = chainmap().args(["report", dataset, "-o"]).arg(out).args(extra).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

fn read(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

#[test]
fn writes_site_markdown_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report("chains", &out, &[]);
    for file in [
        "index.html",
        "selenium-food.html",
        "lithium.html",
        "md/index.md",
        "md/selenium-food.md",
        "xlsx/region.xlsx",
        "xlsx/selenium-food.xlsx",
        "maps/overview.svg",
        "maps/selenium-food.panorama.svg",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    for list in ["firms", "projects", "targets", "technologies", "problems"] {
        let csv = std::fs::read(out.join(format!("csv/selenium-food/{list}.csv"))).unwrap();
        assert!(csv.starts_with(b"\xEF\xBB\xBF"), "{list}.csv has a BOM");
        assert!(String::from_utf8(csv).unwrap().lines().count() > 1, "{list}.csv has rows");
    }
    let index = read(&out.join("index.html"));
    for heading in [
        "重点企业清单",
        "重点项目清单",
        "招商目标清单",
        "关键技术清单",
        "企业问题清单",
        "县区 × 产业链",
        "产业链总览图",
    ] {
        assert!(index.contains(heading), "{heading}");
    }
    for remote in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!index.contains(remote), "no remote resources ({remote})");
    }
    let page = read(&out.join("selenium-food.html"));
    assert!(page.contains("产业链全景图") && page.contains("<svg"));
    assert!(page.contains("资金保障"), "problem categories listed");
    // The shipped dataset has monthly data up to 2026-03: the region and every chain show it,
    // and each chain its risk.
    assert!(
        index.contains("<h2 id=\"monitoring\">运行监测 2026-03</h2>") && index.contains("小升规（达规 1 · 培育 6）")
    );
    let lithium = read(&out.join("md/lithium.md"));
    for part in [
        "## 链条风险",
        "## 运行监测 2026-03",
        "锂电新能源产业链累计同比在 8 条产业链中排第 8 名。",
        "### 预警（红 3 · 橙 0 · 黄 0）",
    ] {
        assert!(lithium.contains(part), "{part}");
    }
    // Open problems by impact: the cell maker (4.95 points) before the battery maker (3.71).
    let problems = read(&out.join("csv/lithium/problems.csv"));
    let rows: Vec<&str> = problems.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    assert_eq!(rows[..2], ["AK-X592", "AK-X594"]);
    for file in ["risk-firms", "risk-single-sources", "risk-chokepoints", "monitor-chain", "monitor-warnings"] {
        assert!(out.join(format!("csv/lithium/{file}.csv")).is_file(), "{file}");
    }
}

#[test]
fn xlsx_reads_back_equal_to_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report("chains", &out, &[]);
    for (book, csv_dir) in [("region", "region"), ("selenium-food", "selenium-food"), ("lithium", "lithium")] {
        let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(out.join(format!("xlsx/{book}.xlsx"))).unwrap();
        for (sheet, list) in [
            ("重点企业清单", "firms"),
            ("重点项目清单", "projects"),
            ("招商目标清单", "targets"),
            ("关键技术清单", "technologies"),
            ("企业问题清单", "problems"),
        ] {
            let range = workbook.worksheet_range(sheet).unwrap();
            let from_xlsx: Vec<Vec<String>> = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            calamine::Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            let bytes = std::fs::read(out.join(format!("csv/{csv_dir}/{list}.csv"))).unwrap();
            let from_csv: Vec<Vec<String>> = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(&bytes[3..])
                .records()
                .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                .collect();
            assert_eq!(normalize(&from_xlsx), normalize(&from_csv), "{book} {sheet}");
        }
    }
}

/// Cells with numbers compared as numbers (`110.0` in CSV is `110` in XLSX).
fn normalize(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.parse::<f64>().map_or_else(|_| c.clone(), |n| format!("{n}"))).collect())
        .collect()
}

#[test]
fn names_from_the_data_stay_text_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report("tests/fixtures/evil", &out, &[]);
    for page in ["index.html", "evil.html"] {
        let html = read(&out.join(page));
        // Only the report's own script tag.
        assert_eq!(html.matches("<script").count(), 1, "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(html.contains("&lt;script&gt;alert(3)&lt;/script&gt;公司"), "{page}");
    }
    let firms = read(&out.join("csv/evil/firms.csv"));
    assert!(firms.contains("\n'=cmd|' /C calc'!A0,"), "{firms}");
    assert!(firms.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{firms}");
    let targets = read(&out.join("csv/evil/targets.csv"));
    assert!(targets.contains("'@SUM(1+1)*cmd|' /C calc'!A0"), "{targets}");
    assert!(targets.contains(",'+成都,"), "{targets}");
    let projects = read(&out.join("csv/evil/projects.csv"));
    assert!(projects.contains("'-2+3 <i>项目</i>"), "{projects}");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(out.join("xlsx/evil.xlsx")).unwrap();
    let range = workbook.worksheet_range("重点企业清单").unwrap();
    let cells: Vec<String> = range.rows().flat_map(|r| r.iter().map(ToString::to_string)).collect();
    assert!(cells.iter().any(|c| c == "'=cmd|' /C calc'!A0"));
    assert!(cells.iter().all(|c| !c.starts_with('=')));
    let markdown = read(&out.join("md/evil.md"));
    assert!(!markdown.contains("<script>"), "{markdown}");
    for svg in ["maps/evil.panorama.svg", "maps/overview.svg"] {
        let text = read(&out.join(svg));
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{svg}: {e}"));
        assert!(!text.contains("<script"), "{svg}");
    }
}

#[test]
fn markdown_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report("tests/fixtures/gaps", &out, &[]);
    insta::assert_snapshot!("report_md_index", read(&out.join("md/index.md")));
    insta::assert_snapshot!("report_md_demo", read(&out.join("md/demo.md")));
    let en = dir.path().join("report-en");
    report("tests/fixtures/gaps", &en, &["--lang", "en"]);
    insta::assert_snapshot!("report_md_demo_en", read(&en.join("md/demo.md")));
}

/// A blank `name_en` counts as none: the English report shows the Chinese
/// name, as the maps do, never an empty one.
#[test]
fn blank_english_names_fall_back_to_chinese() {
    let data = crate::copy_fixture("gaps");
    let chain = data.path().join("demo.json");
    let text = read(&chain)
        .replace(r#""name": "演示链","#, r#""name": "演示链", "name_en": " ","#)
        .replace(r#""name": "初加工","#, r#""name": "初加工", "name_en": "","#)
        .replace(r#""name": "精加工","#, r#""name": "精加工", "name_en": "Refining","#);
    std::fs::write(&chain, text).unwrap();
    std::fs::write(data.path().join("region.json"), r#"{"name": "演示市", "name_en": "  "}"#).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report(data.path().to_str().unwrap(), &out, &["--lang", "en"]);
    let page = read(&out.join("md/demo.md"));
    assert!(page.starts_with("# 演示市 · 演示链: one map, five lists"), "{page}");
    assert!(page.contains("| 80.0 | 初加工 |") && page.contains("| Refining |"), "{page}");
    assert!(page.contains("bridges the break at 初加工"), "{page}");
    let index = read(&out.join("md/index.md"));
    assert!(index.starts_with("# 演示市 · key industrial chains"), "{index}");
    assert!(index.contains("- [演示链](demo.md)"), "{index}");
    let html = read(&out.join("demo.html"));
    assert!(html.contains(">演示链</a>") && !html.contains("> </a>"), "the navigation names the chain");
}

/// The note above a chain's gap table states the priority weights in force,
/// not the defaults, when `region.json` overrides them.
#[test]
fn priority_note_shows_the_weights_in_force() {
    let data = crate::copy_fixture("gaps");
    let region = data.path().join("region.json");
    let dir = tempfile::tempdir().unwrap();

    let weights = r#"{"gap_kind": 50, "path_share": 20, "demand_pull": 20, "weight": 10}"#;
    std::fs::write(&region, format!(r#"{{"priority_weights": {weights}}}"#)).unwrap();
    let out = dir.path().join("report");
    report(data.path().to_str().unwrap(), &out, &[]);
    let page = read(&out.join("demo.html"));
    assert!(
        page.contains("<p class=\"note\">优先级 0–100 = 缺口类型 50 + 路径占比 20 + 需求拉动 20 + 权重 10（"),
        "{page}"
    );
    assert!(!page.contains("缺口类型 40"), "the default weights are not shown");
    // The table agrees with the note: 初加工 has factors 1, 0.5, 1, 0.5.
    assert!(read(&out.join("md/demo.md")).contains("| 85.0 | 初加工 |"));

    // Weights that do not add up to 100 are shown with the scaling to 0–100.
    std::fs::write(&region, r#"{"priority_weights": {"gap_kind": 70, "demand_pull": 0}}"#).unwrap();
    let out = dir.path().join("report-en");
    report(data.path().to_str().unwrap(), &out, &["--lang", "en"]);
    let page = read(&out.join("demo.html"));
    let note =
        "Priority 0–100 = 100 × (gap kind 70 + path share 25 + demand pull 0 + weight 15) ÷ 110 (each factor 0–1;";
    assert!(page.contains(note), "{page}");
    // 100 × (70 + 12.5 + 0 + 7.5) ÷ 110 = 81.8.
    assert!(read(&out.join("md/demo.md")).contains("| 81.8 | 初加工 |"));
}

/// The `<title>` of an HTML page or an SVG map.
fn title_of(text: &str) -> &str {
    let start = text.find("<title>").expect("a title") + "<title>".len();
    &text[start..start + text[start..].find("</title>").unwrap()]
}

/// The period and the region's name head every page and map; the period
/// comes from the data (the latest month of monthly.csv), or `--period`,
/// and the page explains its figures itself.
#[test]
fn every_title_carries_the_region_and_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report("tests/fixtures/monitor", &out, &[]);
    let index = read(&out.join("index.html"));
    // monthly.csv runs to 2022-06.
    assert_eq!(title_of(&index), "监测市重点产业链 一图五清单 · 2022年6月");
    assert!(index.contains("<footer>监测市 · 报告期 2022年6月 · chainmap "), "{index}");
    assert!(index.contains("<h2 id=\"notes\">说明</h2>\n<p>报告期 2022年6月：月度数据（monthly.csv）的最新月份。</p>"));
    assert!(!index.contains("docs/analysis.md"), "the page explains itself");
    let food = read(&out.join("food.html"));
    assert!(title_of(&food).starts_with("监测市") && title_of(&food).ends_with(" · 2022年6月"), "{}", title_of(&food));
    for map in ["overview.svg", "food.panorama.svg", "pack.panorama.svg"] {
        let svg = read(&out.join("maps").join(map));
        let title = title_of(&svg);
        assert!(title.starts_with("监测市") && title.ends_with("（2022年6月）"), "{map}: {title}");
    }

    // Any written month form; English words.
    let out = dir.path().join("report-en");
    report("tests/fixtures/monitor", &out, &["--period", "2025年12月", "--lang", "en"]);
    let index = read(&out.join("index.html"));
    assert!(title_of(&index).ends_with(" · December 2025"), "{}", title_of(&index));
    assert!(index.contains("<p>Period December 2025: as asked (--period).</p>"), "{index}");
    let svg = read(&out.join("maps/food.panorama.svg"));
    assert!(title_of(&svg).ends_with("(December 2025)"), "{}", title_of(&svg));

    // No monthly data and no problem dates: no period, and the page says so.
    let out = dir.path().join("report-none");
    report("tests/fixtures/gaps", &out, &[]);
    let index = read(&out.join("index.html"));
    assert_eq!(title_of(&index), "重点产业链 一图五清单");
    assert!(index.contains("<footer>报告期未注明 · chainmap "), "{index}");
}

#[test]
fn byte_identical_across_runs_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    chainmap().env("RAYON_NUM_THREADS", "1").args(["report", "chains", "-o"]).arg(&a).assert().success();
    chainmap().env("RAYON_NUM_THREADS", "2").args(["report", "chains", "-o"]).arg(&b).assert().success();
    assert!(tree(&a) == tree(&b), "reports differ");
}

/// A dataset whose key-firm list is longer than a page shows: one chain of
/// ten links and some 2,200 firms.
fn long_lists(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    chainmap()
        .args(["gen", "--chains", "1", "--links", "10", "--firms", "2500", "--candidates", "50", "--seed", "1", "-o"])
        .arg(&data)
        .assert()
        .success();
    data
}

#[test]
fn pages_show_the_first_thousand_rows_of_a_long_list_and_the_files_hold_all() {
    let dir = tempfile::tempdir().unwrap();
    let data = long_lists(dir.path());
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    chainmap().env("RAYON_NUM_THREADS", "1").args(["report"]).arg(&data).arg("-o").arg(&one).assert().success();
    chainmap().env("RAYON_NUM_THREADS", "2").args(["report"]).arg(&data).arg("-o").arg(&two).assert().success();
    assert!(
        tree(&one) == tree(&two),
        "the pages and workbooks are built in parallel, the same on any number of threads"
    );

    let csv_rows = read(&one.join("csv/region/firms.csv")).lines().count() - 1;
    assert!(csv_rows > 1_000, "the list is long: {csv_rows} rows");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(one.join("xlsx/region.xlsx")).unwrap();
    assert_eq!(book.worksheet_range("重点企业清单").unwrap().rows().count(), csv_rows + 1, "the sheet holds every row");

    let all = format!("{},{:03}", csv_rows / 1000, csv_rows % 1000);
    let note = format!("此处列出前 1,000 行，共 {all} 行；全部各行见 csv/region/firms.csv 与 xlsx/region.xlsx。");
    let md = read(&one.join("md/index.md"));
    let section = md.split("## 重点企业清单").nth(1).unwrap().split("\n## ").next().unwrap();
    let table_lines = section.lines().filter(|l| l.starts_with('|')).count();
    assert_eq!(table_lines, 2 + 1_000, "header, rule and the first thousand rows");
    assert!(section.contains(&note), "the Markdown says where the rest is");
    let html = read(&one.join("index.html"));
    assert!(html.contains(&note), "the site says where the rest is");
    // The chain's own page cuts its list the same way, pointing to its files.
    let chain_note = "共 ".to_owned() + &all + " 行；全部各行见 csv/";
    assert!(read(&one.join(format!("md/{}.md", chain_id(&data)))).contains(&chain_note));
}

/// The id of the one chain of a generated dataset.
fn chain_id(data: &Path) -> String {
    std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|path| path.extension().is_some_and(|x| x == "json"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .find(|stem| stem != "region")
        .expect("a chain file")
}

#[test]
fn a_failed_report_leaves_the_previous_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report("tests/fixtures/gaps", &out, &[]);
    let before = tree(&out);
    // An invalid dataset: exit 1, nothing written.
    chainmap().args(["report", "tests/fixtures/unknown-link", "-o"]).arg(&out).arg("--force").assert().code(1);
    assert!(tree(&out) == before);
    // An existing report is replaced only with --force.
    chainmap().args(["report", "tests/fixtures/recruit", "-o"]).arg(&out).assert().code(2);
    assert!(tree(&out) == before);
    chainmap().args(["report", "tests/fixtures/recruit", "-o"]).arg(&out).arg("--force").assert().success();
    assert!(tree(&out) != before);
    // No staging directories are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("report")]);
}

#[test]
fn refuses_to_write_inside_the_dataset() {
    let data = crate::copy_fixture("gaps");
    let inside = data.path().join("out");
    chainmap().arg("report").arg(data.path()).arg("-o").arg(&inside).assert().code(2);
    assert!(!inside.exists());
}

/// The Chromium binary, or `None` (a failure in CI, where `.ci/run` installs it).
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI must have chromium installed by .ci/run");
        eprintln!("notice: chromium not found; skipping the browser test");
    }
    found
}

/// Opens a page from disk in headless Chromium and returns the DOM after its
/// scripts ran, and Chromium's log (where console messages appear).
fn open_in_browser(browser: &Path, page: &Path) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let output = Process::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--enable-logging=stderr",
            "--log-level=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The `<tbody>` rows of the table that follows `<h2 id="{id}">`.
fn rows_after(dom: &str, id: &str) -> usize {
    let start = dom.find(&format!("<h2 id=\"{id}\"")).unwrap_or_else(|| panic!("no list {id}"));
    let rest = &dom[start..];
    let body = rest.find("<tbody>").unwrap_or_else(|| panic!("no table after {id}"));
    let end = rest[body..].find("</tbody>").unwrap();
    rest[body..body + end].matches("<tr").count()
}

#[test]
fn a_real_browser_opens_the_site_from_disk() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report("chains", &out, &[]);
    for page in ["index.html", "selenium-food.html"] {
        let (dom, log) = open_in_browser(&browser, &out.join(page));
        assert!(dom.contains("data-ready=\"true\""), "{page}: the page's script did not run\n{log}");
        assert!(dom.contains("class=\"tools\""), "{page}: filter boxes were added");
        // The page logs nothing to the console: any message is an error or a warning.
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(console.is_empty(), "{page}: console messages: {console:#?}");
        // The page itself requested no resource at all (Resource Timing, read by the page's script).
        assert!(dom.contains("data-resources=\"0\""), "{page}: the page loaded resources");
        // And names no remote one: links go only to sibling pages and anchors.
        for attr in ["src=\"", "href=\""] {
            for value in dom.split(attr).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]) {
                assert!(
                    value.starts_with('#')
                        || (Path::new(value).extension().is_some_and(|e| e == "html") && !value.contains(':')),
                    "{page}: {attr}{value}"
                );
            }
        }
        for list in ["firms", "projects", "targets", "technologies", "problems"] {
            assert!(rows_after(&dom, list) > 0, "{page}: list {list} has rows");
        }
    }
}

/// The text of each heading (`<h1>`, `<h2>`, `<h3>`) of a page, as printed.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for level in ["<h1", "<h2", "<h3"] {
        for rest in html.split(level).skip(1) {
            let inner = &rest[rest.find('>').unwrap() + 1..rest.find("</h").unwrap()];
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            out.push(text.replace("&amp;", "&").split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    out
}

/// Prints a page to PDF with headless Chromium, as an office would (its
/// own header and footer off), and returns the text of each printed page.
fn print_pages(browser: &Path, page: &Path, pdf: &Path) -> Vec<String> {
    let profile = tempfile::tempdir().unwrap();
    let output = Process::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .output()
        .unwrap();
    assert!(pdf.is_file(), "chromium printed no PDF: {}", String::from_utf8_lossy(&output.stderr));
    let info = Process::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    (1..=pages)
        .map(|i| {
            let i = i.to_string();
            let text = Process::new("pdftotext").args(["-layout", "-f", &i, "-l", &i]).arg(pdf).arg("-").output();
            String::from_utf8(text.unwrap().stdout).unwrap()
        })
        .collect()
}

/// Printed like a meeting pack: every sheet holds more than a heading, none
/// is blank, none ends in a heading (kept with what follows), a map is never
/// split, and every sheet's footer carries the region, the period and the
/// page number. docs/report.md records the page counts.
#[test]
fn pages_print_without_lone_headings_or_blank_sheets() {
    let Some(browser) = chromium() else { return };
    if !crate::tool_or_skip("pdftotext", "-v", "poppler-utils", "pages_print_without_lone_headings_or_blank_sheets") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report("chains", &out, &[]);
    for page in ["index.html", "selenium-food.html"] {
        let heads = headings(&read(&out.join(page)));
        let sheets = print_pages(&browser, &out.join(page), &dir.path().join(format!("{page}.pdf")));
        let n = sheets.len();
        for (i, sheet) in sheets.iter().enumerate() {
            let lines: Vec<&str> = sheet.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            let footer = format!("第 {} 页 / 共 {n} 页", i + 1);
            let (last, body) = lines.split_last().unwrap_or_else(|| panic!("{page}: sheet {} is blank", i + 1));
            assert!(
                last.starts_with("安康市 · 报告期 2026年3月") && last.ends_with(&footer),
                "{page}: footer {last:?}"
            );
            let is_heading = |l: &&str| heads.iter().any(|h| h == l);
            assert!(!body.is_empty(), "{page}: sheet {} holds only its footer", i + 1);
            assert!(!body.iter().all(is_heading), "{page}: sheet {} holds only a heading: {body:?}", i + 1);
            assert!(!is_heading(body.last().unwrap()), "{page}: sheet {} ends in a heading: {body:?}", i + 1);
        }
        // The panorama's title (its top) and its gap notes (its foot) are on one sheet: it was not cut.
        if page == "selenium-food.html" {
            let top = sheets.iter().position(|s| s.contains("安康市富硒食品产业链全景图（2026年3月）"));
            let foot = sheets.iter().position(|s| s.contains("越高越先补"));
            assert!(top.is_some() && top == foot, "{page}: the panorama runs from sheet {top:?} to {foot:?}");
        }
        eprintln!("{page}: {n} printed pages");
    }
}

#[test]
fn word_documents_on_request_the_same_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, a, b) = (dir.path().join("plain"), dir.path().join("a"), dir.path().join("b"));
    report("tests/fixtures/recruit", &plain, &[]);
    assert!(!plain.join("docx").exists(), "no Word documents unless asked");
    chainmap()
        .env("RAYON_NUM_THREADS", "1")
        .args(["report", "tests/fixtures/recruit", "--docx", "-o"])
        .arg(&a)
        .assert()
        .success();
    chainmap()
        .env("RAYON_NUM_THREADS", "2")
        .args(["report", "tests/fixtures/recruit", "--docx", "-o"])
        .arg(&b)
        .assert()
        .success();
    assert!(tree(&a) == tree(&b), "reports differ");
    let docx: Vec<_> = std::fs::read_dir(a.join("docx")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(docx.iter().any(|f| f == "region.docx") && docx.len() > 1, "{docx:?}");
    for file in &docx {
        let bytes = std::fs::read(a.join("docx").join(file)).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "{file:?} is a zip archive");
    }
}

#[test]
fn a_chain_word_document_opens_in_libreoffice() {
    let Some(soffice) = crate::soffice("a_chain_word_document_opens_in_libreoffice") else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    report("chains", &out, &["--docx"]);
    let pdf = crate::docx_to_pdf(&soffice, &out.join("docx/textile-silk.docx"), dir.path());
    let text = Process::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    // Title and addressees first; every page numbered; the lists attached, each with its header row.
    assert!(pages[0].contains("纺织丝绸产业链") && pages[0].contains("链长办公室："), "{}", pages[0]);
    for (i, page) in pages.iter().enumerate() {
        let packed: String = page.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(packed.contains(&format!("—{}—", i + 1)), "page {} numbered: {page}", i + 1);
    }
    for (label, header) in [("重点企业清单", "企业名称"), ("招商目标清单", "目标企业"), ("企业问题清单", "问题类别")]
    {
        assert!(pages.iter().any(|p| p.contains(label) && p.contains(header)), "{label} attached with {header}");
    }
}
