//! The same roster in every format and encoding loads to the same model:
//! GBK CSV with Chinese headers, UTF-8 CSV with English headers, UTF-8 with
//! a BOM, XLSX (first sheet) and JSON.

use std::path::Path;

use chainmap::load::load_dataset;
use chainmap::model::Dataset;

use crate::{copy_fixture, fixture};

/// The parts of a dataset the tables fill.
fn tables(dataset: &Dataset) -> String {
    format!(
        "{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}\n{:#?}",
        dataset.firms,
        dataset.firm_placements,
        dataset.candidates,
        dataset.candidate_placements,
        dataset.tags,
        dataset.region.counties
    )
}

fn load(dir: &Path) -> Dataset {
    match load_dataset(dir) {
        Ok(loaded) => {
            assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
            loaded.dataset
        }
        Err(err) => panic!("{} does not load: {err:#?}", dir.display()),
    }
}

/// Reads a CSV fixture's rows (any encoding) as text cells.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text = chainmap::load::table::decode_text(&bytes).unwrap().into_owned();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn gbk_chinese_headers_equal_utf8_english_headers() {
    let english = load(&fixture("valid"));
    let gbk = load(&fixture("roster-gbk"));
    assert_eq!(tables(&gbk), tables(&english));
    assert_eq!(english.firms.len(), 3);
    assert_eq!(english.firms.name(1), "秦巴茶业");
}

#[test]
fn utf8_with_bom_and_crlf_loads_the_same() {
    let dir = copy_fixture("roster-gbk");
    for name in ["firms.csv", "candidates.csv"] {
        let rows = csv_rows(&fixture("roster-gbk").join(name));
        let mut text = String::from("\u{feff}");
        for row in rows {
            text.push_str(&row.join(","));
            text.push_str("\r\n");
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    assert_eq!(tables(&load(dir.path())), tables(&load(&fixture("valid"))));
}

/// Writes a CSV's rows as the first sheet of an XLSX workbook, numbers as
/// numbers, the way an analyst's spreadsheet holds them.
fn write_xlsx(rows: &[Vec<String>], path: &Path) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            match cell.parse::<f64>() {
                Ok(n) if r > 0 => sheet.write_number(r, c, n).unwrap(),
                _ if cell.is_empty() => sheet,
                _ => sheet.write_string(r, c, cell).unwrap(),
            };
        }
    }
    workbook.save(path).unwrap();
}

#[test]
fn xlsx_loads_the_same() {
    let dir = copy_fixture("roster-gbk");
    for stem in ["firms", "candidates"] {
        let rows = csv_rows(&fixture("roster-gbk").join(format!("{stem}.csv")));
        std::fs::remove_file(dir.path().join(format!("{stem}.csv"))).unwrap();
        write_xlsx(&rows, &dir.path().join(format!("{stem}.xlsx")));
    }
    assert_eq!(tables(&load(dir.path())), tables(&load(&fixture("valid"))));
}

#[test]
fn json_tables_load_the_same() {
    let dir = copy_fixture("valid");
    for stem in ["firms", "candidates"] {
        let rows = csv_rows(&fixture("valid").join(format!("{stem}.csv")));
        let (header, data) = rows.split_first().unwrap();
        let objects: Vec<serde_json::Value> = data
            .iter()
            .map(|row| {
                let mut object = serde_json::Map::new();
                for (key, value) in header.iter().zip(row) {
                    // Numbers as JSON numbers and tags as arrays, as an integrator would write them.
                    let value = if key == "tags" {
                        serde_json::Value::from(value.split(';').filter(|t| !t.is_empty()).collect::<Vec<_>>())
                    } else if let Ok(n) = value.parse::<i64>()
                        && !key.ends_with("_id")
                    {
                        serde_json::Value::from(n)
                    } else {
                        serde_json::Value::from(value.as_str())
                    };
                    object.insert(key.clone(), value);
                }
                serde_json::Value::Object(object)
            })
            .collect();
        std::fs::remove_file(dir.path().join(format!("{stem}.csv"))).unwrap();
        std::fs::write(dir.path().join(format!("{stem}.json")), serde_json::to_string_pretty(&objects).unwrap())
            .unwrap();
    }
    assert_eq!(tables(&load(dir.path())), tables(&load(&fixture("valid"))));
}

#[test]
fn two_formats_of_one_table_is_an_error() {
    let dir = copy_fixture("valid");
    let rows = csv_rows(&fixture("valid").join("firms.csv"));
    write_xlsx(&rows, &dir.path().join("firms.xlsx"));
    let err = load_dataset(dir.path()).unwrap_err();
    assert!(format!("{err:?}").contains("both firms.csv and firms.xlsx exist"), "{err:?}");
}

#[test]
fn xlsx_errors_name_the_row() {
    let dir = copy_fixture("valid");
    let mut rows = csv_rows(&fixture("valid").join("firms.csv"));
    rows[2][3] = "加工厂".to_owned();
    std::fs::remove_file(dir.path().join("firms.csv")).unwrap();
    write_xlsx(&rows, &dir.path().join("firms.xlsx"));
    let chainmap::load::LoadError::Invalid(problems) = load_dataset(dir.path()).unwrap_err() else {
        panic!("expected problems")
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].file.ends_with("firms.xlsx"));
    assert_eq!(problems[0].line, 3);
    assert_eq!(problems[0].message, "unknown link `加工厂` in chain `tea`");
}

#[test]
fn an_id_beats_a_name_that_looks_like_it() {
    // Regression: `grow` named in English "make" must not capture rows for link `make`.
    let dir = copy_fixture("valid");
    let chain = std::fs::read_to_string(dir.path().join("tea.json")).unwrap();
    let chain =
        chain.replace(r#""id": "grow", "name": "种植","#, r#""id": "grow", "name": "种植", "name_en": "make","#);
    std::fs::write(dir.path().join("tea.json"), chain).unwrap();
    let dataset = load(dir.path());
    let make = dataset.chains[0].link_by_id("make").unwrap();
    let f002 = dataset.firms.find("F002").unwrap() as usize;
    assert!(dataset.firm_placements.iter().any(|p| p.owner as usize == f002 && p.link() == make));
}

#[test]
fn an_empty_json_table_has_no_rows() {
    let dir = copy_fixture("valid");
    std::fs::remove_file(dir.path().join("candidates.csv")).unwrap();
    std::fs::write(dir.path().join("candidates.json"), "[]").unwrap();
    let dataset = load(dir.path());
    assert!(dataset.candidates.is_empty());
}
