//! Operations monitoring (SPEC §8): the monthly table in every format and
//! with every kind of bad row.

use std::path::Path;

use chainmap::load::load_dataset;
use chainmap::model::{Dataset, Month, MonthlyRow};

use crate::{chainmap, copy_fixture};

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
            format!("{} {month} {output} {revenue:?}", dataset.firms[firm as usize].id)
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
