//! Operations monitoring (SPEC §8): the monthly table in every format and
//! with every kind of bad row; the indicators, warnings and pipeline on a
//! hand-computed fixture (tests/fixtures/monitor) and, as properties, on
//! random datasets against sums taken row by row.
//!
//! ```text
//! food: grow → make → sell            pack: box → print          P = 2022-06 (the latest month)
//!
//! firm  county  links (roster)                 2021 / month   2022 / month (Jan–Jun)
//! H1    东县    food/grow (leader, small)     100            120 Jan–May, 0 in Jun        → halted
//! D1    西县    food/make, pack/box, pack/print 300          150 (above scale)            → decline −50 %
//!               (two chains: once in each; two links of pack: once)
//! S1    南县    food/make (small)              —              —  (no row: 南县 reports nothing)
//! U1    东县    food/sell (small)              50             50 Jan–May, no row in Jun    → unreported
//! N1    —       food/sell (small)              120            140                          → nurture 1560
//! R1    北县    food/sell (small)              150            200 (every month form)       → ready 2100
//! X1    西县    pack/box (above scale)         180            160, revenue 150             → exit risk 1980
//! G1    北县    pack/box (above scale)         400, no row Apr–May (a hole)   400
//!
//! links: grow strong (H1 leader); make weak (D1 above, S1); sell weak (U1, N1, R1);
//!        box strong (D1, X1, G1 above); print weak (D1 alone)
//! halting H1 breaks food/grow: 1/3 of food = 33.33 points; halting D1 breaks pack/print:
//! ½ of a weak link's half … 0.5 / 2 = 25 points; halting U1 or X1 changes no link.
//! ```

use std::path::Path;

use chainmap::analysis::analyze;
use chainmap::analysis::monitor::{
    Figures, FirmFigures, Monitor, MonitorError, Query, UpgradeLevel, WarningKind, WarningLevel, firm_figures, monitor,
};
use chainmap::load::load_dataset;
use chainmap::model::monthly::month_no;
use chainmap::model::{Dataset, Month, MonthlyRow};

use crate::{chainmap, copy_fixture, fixture};

fn load(dir: &Path) -> Dataset {
    match load_dataset(dir) {
        Ok(loaded) => {
            assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
            loaded.dataset
        }
        Err(err) => panic!("{} does not load: {err:#?}", dir.display()),
    }
}

/// The monthly rows of a dataset as `firm_id month output revenue` lines.
fn rows(dataset: &Dataset) -> Vec<String> {
    dataset
        .monthly
        .iter()
        .map(|MonthlyRow { firm, month, output, revenue }| {
            format!("{} {month} {output} {revenue:?}", dataset.firms.id(firm))
        })
        .collect()
}

/// The monthly rows every format below holds, as a UTF-8 CSV with English headers.
const MONTHLY_CSV: &str =
    "firm_id,period,output,revenue\nF002,2022-01,410.5,400\nF001,2022-01,20,\nF001,2022-02,25,24\nF002,2022-02,0,\n";

const EXPECTED: [&str; 4] =
    ["F001 2022-01 20 None", "F001 2022-02 25 Some(24.0)", "F002 2022-01 410.5 Some(400.0)", "F002 2022-02 0 None"];

#[test]
fn monthly_rows_load_by_firm_and_month() {
    let dir = copy_fixture("valid");
    std::fs::write(dir.path().join("monthly.csv"), MONTHLY_CSV).unwrap();
    let dataset = load(dir.path());
    assert_eq!(rows(&dataset), EXPECTED);
    assert_eq!(dataset.monthly.firms_reporting(), 2);
    assert_eq!(dataset.monthly.span(), Some((Month::new(2022, 1).unwrap(), Month::new(2022, 2).unwrap())));
}

#[test]
fn gbk_chinese_headers_every_written_month_and_a_bom() {
    // Chinese headers, a month in each written form, GBK as Excel saves it.
    let text = "统一社会信用代码,企业名称,统计月份,当月产值,当月营业收入\r\nF002,秦巴茶业,2022年1月,410.5,400\r\nF001,茶农合作社,2022/01,20,\r\nF001,茶农合作社,2022.2,25,24\r\nF002,秦巴茶业,202202,0,\r\n";
    let dir = copy_fixture("valid");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    std::fs::write(dir.path().join("monthly.csv"), &gbk).unwrap();
    assert_eq!(rows(&load(dir.path())), EXPECTED);
    std::fs::write(dir.path().join("monthly.csv"), format!("\u{feff}{}", text.replace("2022/01", "2022-1"))).unwrap();
    assert_eq!(rows(&load(dir.path())), EXPECTED);
}

#[test]
fn xlsx_month_cells_and_json_numbers() {
    let dir = copy_fixture("valid");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let month_format = rust_xlsxwriter::Format::new().set_num_format("yyyy年m月");
    for (c, header) in ["企业编号", "月份", "产值", "营收"].iter().enumerate() {
        sheet.write_string(0, u16::try_from(c).unwrap(), *header).unwrap();
    }
    // A month cell as a date (the first of the month), as a number 202201,
    // and as text.
    let first = |m: u8| rust_xlsxwriter::ExcelDateTime::from_ymd(2022, m, 1).unwrap();
    sheet.write_string(1, 0, "F002").unwrap();
    sheet.write_datetime_with_format(1, 1, first(1), &month_format).unwrap();
    sheet.write_number(1, 2, 410.5).unwrap();
    sheet.write_number(1, 3, 400).unwrap();
    sheet.write_string(2, 0, "F001").unwrap();
    sheet.write_number(2, 1, 202_201).unwrap();
    sheet.write_number(2, 2, 20).unwrap();
    sheet.write_string(3, 0, "F001").unwrap();
    sheet.write_string(3, 1, "2022年2月").unwrap();
    sheet.write_number(3, 2, 25).unwrap();
    sheet.write_number(3, 3, 24).unwrap();
    sheet.write_string(4, 0, "F002").unwrap();
    sheet.write_datetime_with_format(4, 1, first(2), &month_format).unwrap();
    sheet.write_number(4, 2, 0).unwrap();
    workbook.save(dir.path().join("monthly.xlsx")).unwrap();
    assert_eq!(rows(&load(dir.path())), EXPECTED);

    std::fs::remove_file(dir.path().join("monthly.xlsx")).unwrap();
    let json = r#"[
        {"firm_id": "F002", "period": 202201, "output": 410.5, "revenue": 400},
        {"firm_id": "F001", "period": "2022-01", "output": 20, "revenue": null},
        {"firm_id": "F001", "period": "2022年2月", "output": 25, "revenue": 24},
        {"firm_id": "F002", "period": "2022-2", "output": 0}
    ]"#;
    std::fs::write(dir.path().join("monthly.json"), json).unwrap();
    assert_eq!(rows(&load(dir.path())), EXPECTED);
}

#[test]
fn bad_monthly_rows_are_named_by_file_and_line() {
    let output = chainmap().args(["validate", "tests/fixtures/bad-monthly"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let file = "tests/fixtures/bad-monthly/monthly.csv";
    assert_eq!(
        lines,
        [
            format!("{file}:4: error: unknown firm `F009`; did you mean `F001` 茶农合作社?"),
            format!(
                "{file}:5: error: unknown firm `秦巴茶业`; `秦巴茶业` is the name of firm `F002`; the firm_id column takes its id"
            ),
            format!(
                "{file}:6: error: `period` is not a month: `2022-13`; write it as 2026-03, 2026-3, 2026/03, 2026.03, 202603 or 2026年3月"
            ),
            format!("{file}:7: error: `output` must not be negative, got -5"),
            format!(
                "{file}:8: error: `output` is not a number: `很多`; write a plain number such as 1200 or 1200.5 (units are 万元)"
            ),
            format!(
                "{file}:10: error: firm `F001` has two rows for 2022-02 (the first at line 3); keep one row per firm and month; this one is left out"
            ),
            format!(
                "{file}:11: warning: firm `F001` has no row for 2022-03..2022-04, between 2022-02 (line 3) and 2022-05; add the missing months (output 0 when the firm made nothing); monitoring counts a month without a row as 0"
            ),
            format!("{file}:12: error: empty `output`; every row needs a `output`"),
            format!("{file}:13: error: unknown firm `F00X`; did you mean `F001` 茶农合作社?"),
            "invalid: 8 errors, 1 warning".to_owned(),
        ]
    );
}

#[test]
fn a_hole_is_a_warning_and_validate_reports_the_months() {
    let dir = copy_fixture("valid");
    let text = format!("{MONTHLY_CSV}F001,2022-04,30,\nF001,2022-06,30,\n");
    std::fs::write(dir.path().join("monthly.csv"), text).unwrap();
    let output = chainmap().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap().replace(&dir.path().display().to_string(), "DIR");
    assert_eq!(
        stdout,
        "DIR/monthly.csv:6: warning: firm `F001` has no row for 2022-03, between 2022-02 (line 4) and 2022-04; add the missing months (output 0 when the firm made nothing); monitoring counts a month without a row as 0\n\
         DIR/monthly.csv:7: warning: firm `F001` has no row for 2022-05, between 2022-04 (line 6) and 2022-06; add the missing months (output 0 when the firm made nothing); monitoring counts a month without a row as 0\n\
         DIR: 1 chain, 3 links, 3 firms at 4 firm-links, 2 candidates, 0 projects, 0 problems\n\
         monthly: 2022-01..2022-06, 2 firms, 6 rows\n\
         valid: 0 errors, 2 warnings\n"
    );
    let chains = chainmap().arg("chains").arg(dir.path()).output().unwrap();
    let text = String::from_utf8(chains.stdout).unwrap();
    assert!(text.ends_with("能闭环\n\nmonthly: 2022-01..2022-06, 2 firms, 6 rows\n"), "{text}");
    let json = chainmap().arg("chains").arg(dir.path()).args(["--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["monthly"], serde_json::json!({"first": "2022-01", "last": "2022-06", "firms": 2, "rows": 6}));
}

#[test]
fn rows_of_a_firm_whose_own_rows_failed_are_not_reported_again() {
    let dir = copy_fixture("valid");
    let firms = std::fs::read_to_string(crate::fixture("valid/firms.csv")).unwrap().replace("yes,leader", "yes,boss");
    std::fs::write(dir.path().join("firms.csv"), firms).unwrap();
    std::fs::write(dir.path().join("monthly.csv"), "firm_id,period,output\nF002,2022-01,3\nF001,2022-01,1\n").unwrap();
    let output = chainmap().arg("validate").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains("monthly.csv"), "{stdout}");
    assert_eq!(stdout.lines().filter(|l| l.contains(": error: ")).count(), 2, "{stdout}");
}

fn month(year: i16, month: i8) -> Month {
    Month::new(year, month).unwrap()
}

fn close(value: f64, expected: f64, what: &str) {
    assert!((value - expected).abs() <= 1e-9 * expected.abs().max(1.0), "{what}: {value} != {expected}");
}

fn close_opt(value: Option<f64>, expected: Option<f64>, what: &str) {
    match (value, expected) {
        (Some(v), Some(e)) => close(v, e, what),
        (v, e) => assert_eq!(v, e, "{what}"),
    }
}

/// `month`, `month_prev_year`, `month_prev`, `ytd`, `ytd_prev`, `firms`, `reporting`.
type Expected = (f64, f64, f64, f64, f64, u32, u32);

fn assert_figures(f: &Figures, (month, prev_year, prev, ytd, ytd_prev, firms, reporting): Expected, what: &str) {
    close(f.month, month, &format!("{what} month"));
    close(f.month_prev_year, prev_year, &format!("{what} month_prev_year"));
    close(f.month_prev, prev, &format!("{what} month_prev"));
    close(f.ytd, ytd, &format!("{what} ytd"));
    close(f.ytd_prev, ytd_prev, &format!("{what} ytd_prev"));
    let growth = |now: f64, before: f64| (before != 0.0).then(|| now / before - 1.0);
    close_opt(f.yoy(), growth(ytd, ytd_prev), &format!("{what} yoy"));
    close_opt(f.month_yoy(), growth(month, prev_year), &format!("{what} month_yoy"));
    close_opt(f.mom(), growth(month, prev), &format!("{what} mom"));
    assert_eq!((f.firms, f.reporting), (firms, reporting), "{what} firms, reporting");
}

fn monitor_fixture() -> Dataset {
    let loaded = load_dataset(&fixture("monitor")).expect("valid fixture");
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("monthly.csv:35: warning: firm `G1` has no row for 2021-04..2021-05"), "{warnings:?}");
    loaded.dataset
}

fn run(dataset: &Dataset, query: Query) -> Monitor {
    monitor(dataset, &analyze(dataset), &query).expect("monthly data")
}

fn firm_id(d: &Dataset, firm: u32) -> &str {
    d.firms.id(firm)
}

#[test]
fn hand_computed_indicators() {
    let d = monitor_fixture();
    let m = run(&d, Query::default());
    assert_eq!(m.period, month(2022, 6));
    // By firm at 2022-06: month, P−12, P−1, ytd (Jan–Jun 2022), ytd_prev (Jan–Jun 2021).
    //   H1 0, 100, 120, 5×120 = 600, 6×100 = 600        D1 150, 300, 150, 900, 1800
    //   U1 0, 50, 50, 5×50 = 250, 300 (no row at P)      X1 160, 180, 160, 960, 1080
    //   R1 200, 150, 200, 1200, 900                      N1 140, 120, 140, 840, 720
    //   G1 400, 400, 400, 2400, 4×400 = 1600 (no rows in April and May 2021)
    //   S1 nothing
    let region = (
        0.0 + 150.0 + 0.0 + 160.0 + 200.0 + 140.0 + 400.0,
        100.0 + 300.0 + 50.0 + 180.0 + 150.0 + 120.0 + 400.0,
        120.0 + 150.0 + 50.0 + 160.0 + 200.0 + 140.0 + 400.0,
        600.0 + 900.0 + 250.0 + 960.0 + 1200.0 + 840.0 + 2400.0,
        600.0 + 1800.0 + 300.0 + 1080.0 + 900.0 + 720.0 + 1600.0,
        8,
        6, // U1 and S1 have no row at P; H1 reported its 0
    );
    assert_figures(&m.region, region, "region");
    assert_eq!((m.region.month, m.region.ytd, m.region.ytd_prev), (1050.0, 7150.0, 7000.0));

    // food: H1, D1, S1, U1, N1, R1 (D1 once, though also in pack); pack: D1 (at two links, once), X1, G1.
    let chains: Vec<(&str, usize)> = m.chains.iter().map(|c| (d.chains[c.scope].id.as_str(), c.rank)).collect();
    // pack 4260 / 4480 − 1 = −4.9 % ranks above food 3790 / 4320 − 1 = −12.3 %.
    assert_eq!(chains, [("pack", 1), ("food", 2)]);
    assert_figures(&m.chains[0].figures, (710.0, 880.0, 710.0, 4260.0, 4480.0, 3, 3), "pack");
    assert_figures(&m.chains[1].figures, (490.0, 720.0, 660.0, 3790.0, 4320.0, 6, 4), "food");

    // 北县 R1 + G1: 3600 / 2500 − 1 = +44 %; 东县 H1 + U1: 850 / 900 − 1 = −5.6 %;
    // 西县 D1 + X1: 1860 / 2880 − 1 = −35.4 %; 南县 S1 alone, nothing reported: null, last.
    // N1 has no county.
    let counties: Vec<(&str, usize)> = m.counties.iter().map(|c| (d.county_name(c.scope), c.rank)).collect();
    assert_eq!(counties, [("北县", 1), ("东县", 2), ("西县", 3), ("南县", 4)]);
    assert_figures(&m.counties[0].figures, (600.0, 550.0, 600.0, 3600.0, 2500.0, 2, 2), "北县");
    assert_figures(&m.counties[1].figures, (0.0, 150.0, 170.0, 850.0, 900.0, 2, 1), "东县");
    assert_figures(&m.counties[2].figures, (310.0, 480.0, 310.0, 1860.0, 2880.0, 2, 2), "西县");
    assert_figures(&m.counties[3].figures, (0.0, 0.0, 0.0, 0.0, 0.0, 1, 0), "南县");
    assert_eq!(m.counties[3].figures.yoy(), None);
}

#[test]
fn hand_computed_warnings_and_pipeline() {
    let d = monitor_fixture();
    let m = run(&d, Query::default());
    let warnings: Vec<(&str, WarningKind, WarningLevel)> =
        m.warnings.iter().map(|w| (firm_id(&d, w.firm), w.kind, w.level)).collect();
    // Red first, by impact: H1 (33.3) before D1 (25); then orange, then yellow.
    assert_eq!(
        warnings,
        [
            ("H1", WarningKind::Halted, WarningLevel::Red),
            ("D1", WarningKind::Decline, WarningLevel::Red),
            ("X1", WarningKind::ExitRisk, WarningLevel::Orange),
            ("U1", WarningKind::Unreported, WarningLevel::Yellow),
        ]
    );
    let [h1, d1, x1, u1] = &m.warnings[..] else { panic!("four warnings") };
    close(h1.value, 120.0, "H1 output before it halted");
    close(h1.impact, 100.0 / 3.0, "H1 impact: grow (1 of 3 links, strong) goes missing");
    assert_eq!(h1.critical_links.len(), 1);
    let link = h1.critical_links[0];
    assert_eq!((d.chains[link.chain].id.as_str(), d.chains[link.chain].links[link.link].id.as_str()), ("food", "grow"));
    close(d1.value, 900.0 / 1800.0 - 1.0, "D1 growth");
    close(d1.impact, 25.0, "D1 impact: print (1 of 2 links, weak) goes missing");
    let chains: Vec<&str> = d1.chains.iter().map(|&c| d.chains[c].id.as_str()).collect();
    assert_eq!(chains, ["food", "pack"]);
    assert_eq!(d.county_name(d1.county.unwrap()), "西县");
    // X1: 2021-07 … 2021-12 output (no revenue) 6 × 180, 2022 revenue 6 × 150.
    close(x1.value, 6.0 * 180.0 + 6.0 * 150.0, "X1 twelve months");
    assert_eq!((x1.impact, x1.critical_links.len()), (0.0, 0), "D1 and G1 keep box strong");
    close(u1.value, 50.0, "U1 output at P−1");
    assert_eq!((u1.impact, u1.critical_links.len()), (0.0, 0), "N1 and R1 keep sell weak");

    // R1: 6 × 150 + 6 × 200 = 2100 ≥ 2000, ready; N1: 6 × 120 + 6 × 140 = 1560 ≥ 1500, nurture;
    // H1: 6 × 100 + 5 × 120 + 0 = 1200, below; U1 has no row at P.
    let upgrade: Vec<(&str, f64, UpgradeLevel)> =
        m.upgrade.iter().map(|u| (firm_id(&d, u.firm), u.trailing12, u.level)).collect();
    assert_eq!(upgrade, [("R1", 2100.0, UpgradeLevel::Ready), ("N1", 1560.0, UpgradeLevel::Nurture)]);
}

#[test]
fn a_firm_already_halted_has_no_impact() {
    let dir = copy_fixture("monitor");
    let firms = std::fs::read_to_string(fixture("monitor/firms.csv")).unwrap();
    std::fs::write(dir.path().join("firms.csv"), firms.replace("东县,no,leader,operating", "东县,no,leader,halted"))
        .unwrap();
    let d = load_dataset(dir.path()).unwrap().dataset;
    let m = run(&d, Query::default());
    let h1 = m.warnings.iter().find(|w| firm_id(&d, w.firm) == "H1").unwrap();
    assert_eq!((h1.kind, h1.impact, h1.critical_links.len()), (WarningKind::Halted, 0.0, 0));
    // Now D1 (25 points) leads the reds.
    assert_eq!(firm_id(&d, m.warnings[0].firm), "D1");
}

#[test]
fn an_earlier_period_and_growth_without_a_year_before() {
    let d = monitor_fixture();
    let m = run(&d, Query { period: Some(month(2021, 12)), chain: None });
    // 2021 is the first year: nothing a year before, so year-on-year growth is null.
    let ytd = 12.0 * (100.0 + 300.0 + 50.0 + 180.0 + 150.0 + 120.0) + 10.0 * 400.0;
    assert_figures(&m.region, (1300.0, 0.0, 1300.0, ytd, 0.0, 8, 7), "region in 2021-12");
    assert_eq!((m.region.yoy(), m.region.month_yoy(), m.region.mom()), (None, None, Some(0.0)));
    // Ranked by null growth: ties by id.
    let chains: Vec<&str> = m.chains.iter().map(|c| d.chains[c.scope].id.as_str()).collect();
    assert_eq!(chains, ["food", "pack"]);
    // X1's twelve months are 12 × 180 = 2160: no exit risk yet; G1 lacks two months.
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    // R1 12 × 150 = 1800: nurture; N1 12 × 120 = 1440: below the nurture line.
    let upgrade: Vec<(&str, f64, UpgradeLevel)> =
        m.upgrade.iter().map(|u| (firm_id(&d, u.firm), u.trailing12, u.level)).collect();
    assert_eq!(upgrade, [("R1", 1800.0, UpgradeLevel::Nurture)]);
}

#[test]
fn one_chain_narrows_counties_warnings_and_pipeline() {
    let d = monitor_fixture();
    let pack = d.chain_by_id("pack").unwrap();
    let all = run(&d, Query::default());
    let m = run(&d, Query { period: None, chain: Some(pack) });
    assert_eq!(m.region, all.region, "the region stays the whole region");
    assert_eq!(m.chains.len(), 1);
    assert_eq!((m.chains[0].scope, m.chains[0].rank), (pack, 1));
    // pack's firms by county: 北县 G1 2400 / 1600 − 1 = +50 %; 西县 D1 + X1 −35.4 %.
    let counties: Vec<&str> = m.counties.iter().map(|c| d.county_name(c.scope)).collect();
    assert_eq!(counties, ["北县", "西县"]);
    assert_figures(&m.counties[0].figures, (400.0, 400.0, 400.0, 2400.0, 1600.0, 1, 1), "北县 in pack");
    let warnings: Vec<&str> = m.warnings.iter().map(|w| firm_id(&d, w.firm)).collect();
    assert_eq!(warnings, ["D1", "X1"]);
    assert!(m.upgrade.is_empty(), "pack's firms are all above scale");
    let food = d.chain_by_id("food").unwrap();
    let in_food: Vec<&str> = all.warnings_in(food).map(|w| firm_id(&d, w.firm)).collect();
    assert_eq!(in_food, ["H1", "D1", "U1"]);
    assert_eq!(all.chain(food).map(|c| c.rank), Some(2));
}

#[test]
fn periods_outside_the_data_and_no_data() {
    let d = monitor_fixture();
    let analyses = analyze(&d);
    let outside = Query { period: Some(month(2020, 12)), chain: None };
    assert_eq!(
        monitor(&d, &analyses, &outside),
        Err(MonitorError::Outside { period: month(2020, 12), first: month(2021, 1), last: month(2022, 6) })
    );
    let empty = load(&fixture("valid"));
    assert_eq!(monitor(&empty, &analyze(&empty), &Query::default()), Err(MonitorError::NoData));
}

#[test]
fn monitor_json_is_spec_shaped() {
    let output = chainmap().args(["monitor", "tests/fixtures/monitor", "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // Keys in the order SPEC §8 lists them.
    let text = String::from_utf8(output.stdout).unwrap();
    let at = |key: &str| text.find(&format!("\n  \"{key}\": ")).unwrap_or_else(|| panic!("{key} in {text}"));
    let order = ["period", "region", "chains", "counties", "warnings", "upgrade"].map(at);
    assert!(order.is_sorted(), "{order:?}");
    let doc: serde_json::Value = serde_json::from_slice(text.as_bytes()).unwrap();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&doc).len(), 6);
    assert_eq!(doc["period"], "2022-06");
    let mut figures =
        ["month", "month_prev_year", "month_prev", "ytd", "ytd_prev", "yoy", "month_yoy", "mom", "firms", "reporting"];
    figures.sort_unstable();
    assert_eq!(keys(&doc["region"]), figures);
    assert_eq!(doc["region"]["ytd"], 7150.0);
    assert_eq!(doc["region"]["reporting"], 6);
    let chain = &doc["chains"][0];
    assert_eq!(
        (chain["id"].as_str(), chain["rank"].as_u64(), chain["firms"].as_u64()),
        (Some("pack"), Some(1), Some(3))
    );
    let south = &doc["counties"][3];
    assert_eq!(
        (south["name"].as_str(), &south["yoy"], &south["mom"]),
        (Some("南县"), &serde_json::Value::Null, &serde_json::Value::Null)
    );
    let mut h1 = doc["warnings"][0].clone();
    close(h1["impact"].as_f64().unwrap(), 100.0 / 3.0, "H1 impact");
    h1["impact"] = serde_json::Value::Null;
    assert_eq!(
        h1,
        serde_json::json!({
            "firm": "H1", "name": "停产种植场", "kind": "halted", "level": "red", "value": 120.0,
            "chains": ["food"], "county": "东县", "critical_links": [{"chain": "food", "link": "grow"}],
            "impact": null
        })
    );
    assert_eq!(doc["warnings"][3]["county"], "东县");
    assert_eq!(
        doc["upgrade"][1],
        serde_json::json!({"firm": "N1", "name": "培育食品厂", "trailing12": 1560.0, "level": "nurture", "chains": ["food"], "county": null})
    );
}

#[test]
fn monitor_for_people() {
    let output = chainmap().args(["monitor", "tests/fixtures/monitor", "--period", "2022年6月"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "运行监测 2022-06（累计 2022-01 至 2022-06，单位万元）");
    assert_eq!(lines[1], "监测市  当月 1,050.0  当月同比 -19.2%  环比 -13.9%  累计 7,150.0  累计同比 +2.1%  报送 6/8");
    assert!(text.contains("\n预警（红 2 · 橙 1 · 黄 1）\n"), "{text}");
    assert!(text.contains("红    停产      H1        停产种植场  上月产值 120.0"), "{text}");
    assert!(
        text.contains("   4  南县       0.0         —        —       0.0         —           0.0        0/1\n"),
        "{text}"
    );
    assert!(text.ends_with("培育  N1        培育食品厂       1,560.0  食品产业链\n"), "{text}");
    // Without monthly data, one line says so.
    let output = chainmap().args(["monitor", "tests/fixtures/valid"]).output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8(output.stdout).unwrap().starts_with("运行监测：本数据集没有月度数据"));
    let output = chainmap().args(["monitor", "tests/fixtures/valid", "--format", "json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["period"], serde_json::Value::Null);
    assert_eq!(doc["warnings"], serde_json::json!([]));
}

#[test]
fn csv_and_markdown() {
    let output = chainmap().args(["monitor", "tests/fixtures/monitor", "--format", "csv"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let blocks: Vec<&str> = text.split("\n\n").collect();
    assert_eq!(blocks.len(), 3, "{text}");
    assert!(blocks[0].starts_with("scope,id,name,rank,month,month_prev_year,month_prev,ytd,ytd_prev,yoy,month_yoy,mom,firms,reporting\nregion,,监测市,,1050,1300,1220,7150,7000,"));
    assert!(blocks[0].ends_with("\ncounty,,南县,4,0,0,0,0,0,,,,1,0"), "{}", blocks[0]);
    assert!(blocks[1].contains("\nred,decline,D1,下滑包装厂,-0.5,food;pack,西县,pack/print,25\n"), "{}", blocks[1]);
    assert_eq!(
        blocks[2],
        "pipeline,firm,name,trailing12,chains,county\nready,R1,达规食品厂,2100,food,北县\nnurture,N1,培育食品厂,1560,food,\n"
    );
    let output = chainmap().args(["monitor", "tests/fixtures/monitor", "--format", "md"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("# 运行监测 2022-06"), "{text}");
    assert!(text.contains("\n## 小升规（达规 1 · 培育 1）\n\n| 阶段 | 企业编号 |"), "{text}");
}

mod properties {
    //! Random datasets: two chains, firms at random links and counties, and
    //! random monthly rows over 2021–2022 (holes and zeros included). Each
    //! scope's figures are checked against sums taken straight from the rows.

    use chainmap::model::{County, Firm, FirmRef, FirmStatus, Monthly, Placement, Region, Role};
    use proptest::prelude::*;

    use super::*;
    use crate::properties::chain;

    /// A firm: its links as (chain, link) picks, its county (3 = none),
    /// above scale, and its rows as (month 0–23 from January 2021, output
    /// in tenths, revenue in tenths or none).
    type FirmSpec = (Vec<(usize, usize)>, u8, bool, Vec<(u8, u16, Option<u16>)>);

    fn dataset(firms: &[FirmSpec]) -> Dataset {
        let counties = ["东县", "西县", "南县"].map(|name| County { name: name.into(), code: None }).to_vec();
        let mut d = Dataset { region: Region { counties, ..Region::default() }, ..Dataset::default() };
        for (i, n) in [3usize, 2].into_iter().enumerate() {
            let mut c = chain(n, &[(0, 1)], &vec![1.0; n]);
            c.id = format!("c{i}");
            d.chains.push(c);
        }
        let mut rows = Vec::new();
        for (i, (at, county, above, months)) in firms.iter().enumerate() {
            let owner = u32::try_from(i).unwrap();
            let (id, name) = (format!("F{:03}", 999 - i), format!("企业{i}"));
            d.firms
                .push(FirmRef {
                    id: &id,
                    name: &name,
                    park: None,
                    tags: &[],
                    firm: Firm {
                        county: (*county < 3).then_some(u16::from(*county)),
                        above_scale: *above,
                        role: Role::Backbone,
                        status: FirmStatus::Operating,
                        output: chainmap::model::Amount::NONE,
                        employees: None,
                    },
                })
                .unwrap();
            for &(c, l) in at {
                let c = c % 2;
                let l = l % d.chains[c].links.len();
                d.firm_placements.push(Placement { owner, chain: c.try_into().unwrap(), link: l.try_into().unwrap() });
            }
            let mut seen = std::collections::BTreeSet::new();
            for &(m, output, revenue) in months {
                let m = m % 24;
                if seen.insert(m) {
                    let month = month(2021 + i16::from(m / 12), i8::try_from(m % 12 + 1).unwrap());
                    let tenths = |t: u16| f64::from(t) / 10.0;
                    rows.push(MonthlyRow { firm: owner, month, output: tenths(output), revenue: revenue.map(tenths) });
                }
            }
        }
        d.firm_placements.sort_unstable();
        d.firm_placements.dedup();
        d.monthly = Monthly::new(d.firms.len(), rows).unwrap();
        d
    }

    /// A firm's figures for period `p`, from its rows alone.
    fn by_rows(d: &Dataset, firm: u32, p: Month) -> FirmFigures {
        let rows: Vec<MonthlyRow> = d.monthly.iter().filter(|r| r.firm == firm).collect();
        let at = |m: Option<Month>| rows.iter().find(|r| Some(r.month) == m);
        let out = |m: Option<Month>| at(m).map_or(0.0, |r| r.output);
        let year_before = p.minus(12);
        let ytd = |last: Month| {
            rows.iter().filter(|r| r.month.year() == last.year() && r.month <= last).map(|r| r.output).sum()
        };
        let window: Vec<&MonthlyRow> = rows.iter().filter(|r| r.month <= p && Some(r.month) > p.minus(12)).collect();
        FirmFigures {
            month: out(Some(p)),
            month_prev_year: out(year_before),
            month_prev: out(p.prev()),
            ytd: ytd(p),
            ytd_prev: year_before.map_or(0.0, ytd),
            reported: at(Some(p)).is_some(),
            reported_prev: at(p.prev()).is_some(),
            trailing12: (window.len() == 12).then(|| window.iter().map(|r| r.revenue.unwrap_or(r.output)).sum()),
        }
    }

    fn same(a: &Figures, b: &Figures) -> bool {
        let near = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(1.0);
        near(a.month, b.month)
            && near(a.month_prev_year, b.month_prev_year)
            && near(a.month_prev, b.month_prev)
            && near(a.ytd, b.ytd)
            && near(a.ytd_prev, b.ytd_prev)
            && (a.firms, a.reporting) == (b.firms, b.reporting)
    }

    fn arb_firms() -> impl Strategy<Value = Vec<FirmSpec>> {
        let row = (0u8..24, prop_oneof![Just(0u16), 0u16..5000], prop::option::of(0u16..5000));
        let firm = (
            prop::collection::vec((0usize..2, 0usize..3), 1..3),
            0u8..4,
            any::<bool>(),
            prop::collection::vec(row, 0..30),
        );
        prop::collection::vec(firm, 1..12)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn scopes_are_sums_of_their_firms(firms in arb_firms(), period in 0u8..24) {
            let d = dataset(&firms);
            prop_assume!(!d.monthly.is_empty());
            let (first, last) = d.monthly.span().unwrap();
            let p = month(2021 + i16::from(period / 12), i8::try_from(period % 12 + 1).unwrap());
            prop_assume!(first <= p && p <= last);
            let figures = firm_figures(&d, month_no(p).unwrap());
            let m = run(&d, Query { period: Some(p), chain: None });
            let mut region = Figures::default();
            for (f, fig) in figures.iter().enumerate() {
                let firm = u32::try_from(f).unwrap();
                prop_assert_eq!(fig, &by_rows(&d, firm, p), "firm {}", f);
                region.add(fig);
            }
            prop_assert!(same(&m.region, &region), "{:?} != {:?}", m.region, region);
            // A chain: its firms, each once, however many of its links they work at.
            for c in &m.chains {
                let mut sum = Figures::default();
                let mut owners: Vec<u32> =
                    d.firm_placements.iter().filter(|p| p.chain() == c.scope).map(|p| p.owner).collect();
                owners.dedup();
                for f in owners {
                    sum.add(&by_rows(&d, f, p));
                }
                prop_assert!(same(&c.figures, &sum), "chain {}: {:?} != {:?}", c.scope, c.figures, sum);
            }
            for c in &m.counties {
                let mut sum = Figures::default();
                for (f, firm) in d.firms.iter().enumerate() {
                    if firm.county == Some(c.scope) {
                        sum.add(&by_rows(&d, u32::try_from(f).unwrap(), p));
                    }
                }
                prop_assert!(same(&c.figures, &sum), "county {}", c.scope);
            }
            // Growth is null exactly when its denominator is 0.
            for f in std::iter::once(&m.region).chain(m.chains.iter().map(|c| &c.figures)).chain(m.counties.iter().map(|c| &c.figures)) {
                prop_assert_eq!(f.yoy().is_none(), f.ytd_prev == 0.0);
                prop_assert_eq!(f.month_yoy().is_none(), f.month_prev_year == 0.0);
                prop_assert_eq!(f.mom().is_none(), f.month_prev == 0.0);
            }
            // Ranks run 1, 2, … and go down in growth (nulls last).
            for w in m.chains.windows(2).chain(std::iter::empty()) {
                prop_assert_eq!(w[1].rank, w[0].rank + 1);
                let (a, b) = (w[0].figures.yoy(), w[1].figures.yoy());
                prop_assert!(a.is_some() || b.is_none());
                if let (Some(a), Some(b)) = (a, b) {
                    prop_assert!(a >= b - 1e-9);
                }
            }
            // Every warning and pipeline entry follows its rule.
            for w in &m.warnings {
                let fig = &figures[w.firm as usize];
                match w.kind {
                    WarningKind::Halted => prop_assert!(fig.reported && fig.month == 0.0 && fig.month_prev > 0.0),
                    WarningKind::Decline => prop_assert!(fig.ytd_prev > 0.0 && fig.ytd / fig.ytd_prev - 1.0 <= -0.2 + 1e-9),
                    WarningKind::Unreported => prop_assert!(!fig.reported && fig.reported_prev),
                    WarningKind::ExitRisk => prop_assert!(d.firms[w.firm as usize].above_scale && fig.trailing12.is_some_and(|s| s < 2000.0)),
                }
            }
            for u in &m.upgrade {
                prop_assert!(!d.firms[u.firm as usize].above_scale);
                prop_assert_eq!(u.level == UpgradeLevel::Ready, u.trailing12 >= 2000.0 - 1e-6);
            }
        }
    }
}

/// `chainmap monitor` on a pool of `threads` threads, in every format.
fn monitor_outputs(dataset: &Path, threads: &str) -> Vec<Vec<u8>> {
    ["json", "table", "csv", "md"]
        .iter()
        .map(|format| {
            let output = chainmap()
                .env("RAYON_NUM_THREADS", threads)
                .arg("monitor")
                .arg(dataset)
                .args(["--format", format])
                .output()
                .unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            output.stdout
        })
        .collect()
}

#[test]
fn byte_identical_on_one_and_two_threads() {
    let one = monitor_outputs(&fixture("monitor"), "1");
    assert!(one.iter().all(|o| !o.is_empty()));
    assert_eq!(one, monitor_outputs(&fixture("monitor"), "2"));
}

#[test]
fn report_sections_for_the_region_and_a_chain() {
    use chainmap::model::Lang;
    use chainmap::render::monitor::{chain_section, no_data_reason, region_section};

    let d = monitor_fixture();
    let m = run(&d, Query::default());
    let region = region_section(&d, Some(&m), Lang::Zh);
    assert_eq!(region.title, "运行监测 2022-06");
    assert_eq!(
        region.lines,
        ["报告期 2022-06，累计为 2022-01 至 2022-06，金额单位万元；增速为 — 表示上年同期（或上月）为 0。"]
    );
    let tables: Vec<(&str, usize)> = region.tables.iter().map(|t| (t.stem, t.table.rows.len())).collect();
    assert_eq!(
        tables,
        [
            ("monitor-region", 1),
            ("monitor-chains", 2),
            ("monitor-counties", 4),
            ("monitor-warnings", 4),
            ("monitor-upgrade", 2)
        ]
    );
    // The region's figures: year-to-date growth +2.1 %, 6 of 8 firms reporting.
    let row = &region.tables[0].table.rows[0];
    assert_eq!((&row[5], &row[7]), ("+2.1%", "6/8"));

    let food = d.chain_by_id("food").unwrap();
    let chain = run(&d, Query { chain: Some(food), ..Query::default() });
    let section = chain_section(&d, Some(&chain), food, Lang::En);
    assert_eq!(section.lines[1], "食品产业链 ranks 2 of 2 chains by year-to-date growth.");
    let stems: Vec<&str> = section.tables.iter().map(|t| t.stem).collect();
    assert_eq!(stems, ["monitor-chain", "monitor-counties", "monitor-warnings"]);
    assert_eq!(section.tables[2].title.as_deref(), Some("Warnings (red 2 · orange 0 · yellow 1)"));
    let firms: Vec<&str> = section.tables[2].table.rows.iter().map(|r| &r[2]).collect();
    assert_eq!(firms, ["H1", "D1", "U1"]);

    let empty = load(&fixture("valid"));
    let none = chain_section(&empty, None, 0, Lang::Zh);
    assert_eq!((none.lines, none.tables.len()), (vec![no_data_reason(Lang::Zh).to_owned()], 0));
}

/// The report's monitoring of every chain, made from the region's, is what
/// `monitor --chain` gives for each chain.
#[test]
fn each_chain_as_if_asked_alone() {
    use chainmap::analysis::monitor::monitor_each_chain;

    for d in [monitor_fixture(), load_dataset(&crate::root().join("chains")).unwrap().dataset] {
        let analyses = analyze(&d);
        let all = monitor_each_chain(&d, &analyses, None).unwrap();
        assert_eq!(all.region, run(&d, Query::default()));
        assert_eq!(all.chains.len(), d.chains.len());
        for (c, chain) in all.chains.iter().enumerate() {
            assert_eq!(chain, &run(&d, Query { chain: Some(c), ..Query::default() }), "{}", d.chains[c].id);
        }
    }
    let period = Month::new(2022, 3);
    let d = monitor_fixture();
    let analyses = analyze(&d);
    let march = monitor_each_chain(&d, &analyses, period).unwrap();
    assert_eq!(march.chains[1], run(&d, Query { period, chain: Some(1) }));
}

#[path = "../../examples/shipped_monthly.rs"]
mod shipped_monthly;

#[test]
fn the_shipped_monthly_table_is_what_its_generator_writes() {
    let loaded = load_dataset(&crate::root().join("chains")).expect("the shipped dataset is valid");
    let written = std::fs::read_to_string(crate::root().join("chains/monthly.csv")).unwrap();
    // `cargo run --example shipped_monthly` rewrites it.
    assert!(
        shipped_monthly::monthly_csv(&loaded.dataset) == written,
        "chains/monthly.csv is not what examples/shipped_monthly.rs writes"
    );
    // Its two holes are the dataset's only warnings.
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings.iter().all(|w| w.contains("monthly.csv:") && w.contains("has no row for")), "{warnings:#?}");
}

#[test]
fn the_shipped_dataset_shows_every_warning_and_pipeline_level() {
    let d = load_dataset(&crate::root().join("chains")).unwrap().dataset;
    let m = run(&d, Query::default());
    assert_eq!(m.period, month(2026, 3));
    for kind in WarningKind::ALL {
        assert!(m.warnings.iter().any(|w| w.kind == *kind), "no {kind} warning");
    }
    for level in WarningLevel::ALL {
        assert!(m.warnings.iter().any(|w| w.level == *level), "no {level} warning");
    }
    for level in UpgradeLevel::ALL {
        assert!(m.upgrade.iter().any(|u| u.level == *level), "no {level} firm");
    }
    // A halted firm that alone holds a link: its halting breaks it.
    assert!(m.warnings.iter().any(|w| w.kind == WarningKind::Halted && w.impact > 0.0 && !w.critical_links.is_empty()));
    // Plan-named firms have no monthly rows; every chain and county has figures.
    assert!(d.monthly.iter().all(|r| d.firms.name(r.firm).ends_with("（示例）")));
    assert_eq!(m.chains.len(), d.chains.len());
    assert!(m.chains.iter().all(|c| c.figures.yoy().is_some()));
    assert!(d.monthly.span().is_some_and(|(first, _)| first == month(2021, 1)));
}

#[test]
fn byte_identical_on_one_and_two_threads_on_the_shipped_dataset() {
    let chains = crate::root().join("chains");
    let one = monitor_outputs(&chains, "1");
    assert_eq!(one, monitor_outputs(&chains, "2"));
}

#[test]
fn gen_months_writes_a_monthly_table_with_every_warning() {
    let temp = tempfile::tempdir().unwrap();
    let generate = |name: &str| {
        let dir = temp.path().join(name);
        chainmap()
            .args(["gen", "--chains", "6", "--links", "25", "--firms", "3000", "--candidates", "500", "--months", "24"])
            .args(["--seed", "5", "-o"])
            .arg(&dir)
            .assert()
            .success()
            .stdout(predicates::str::contains(" monthly rows over 24 months\n"));
        dir
    };
    let dir = generate("a");
    let again = generate("b");
    let bytes = |d: &Path| std::fs::read(d.join("monthly.csv")).unwrap();
    assert!(bytes(&dir) == bytes(&again), "the same arguments write the same monthly table");
    chainmap()
        .arg("validate")
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicates::str::contains("\nmonthly: 2024-07..2026-06, "))
        .stdout(predicates::str::ends_with("valid: 0 errors, 0 warnings\n"));
    let d = load(&dir);
    let m = run(&d, Query::default());
    for kind in WarningKind::ALL {
        assert!(m.warnings.iter().any(|w| w.kind == *kind), "no {kind} warning");
    }
    for level in UpgradeLevel::ALL {
        assert!(m.upgrade.iter().any(|u| u.level == *level), "no {level} firm");
    }
    let one = monitor_outputs(&dir, "1");
    assert_eq!(one, monitor_outputs(&dir, "2"));
}
