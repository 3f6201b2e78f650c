//! `chainmap chains`: one row per chain in every format.

use crate::chainmap;

#[test]
fn table_aligns_chinese_by_display_width() {
    let output = chainmap().args(["chains", "tests/fixtures/valid"]).output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "id   产业链    环节  企业  规上企业  县区  完整度  闭环\n---  --------  ----  ----  --------  ----  ------  ------\ntea  茶产业链     3     3         1     2   87.5%  能闭环\n"
    );
}

#[test]
fn json_csv_and_markdown() {
    let json = chainmap().args(["chains", "tests/fixtures/valid", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"chains": [{
            "id": "tea", "name": "茶产业链", "links": 3, "edges": 2, "firms": 3,
            "above_scale_firms": 1, "counties": ["东县", "西县"],
            // grow weak (w 1), make strong (w 2), sell strong (w 1): 3.5 / 4
            "completeness": 0.875, "closed_loop": true
        }]})
    );
    chainmap().args(["chains", "tests/fixtures/valid", "--format", "csv"]).assert().success().stdout(
        "id,name,links,firms,above_scale_firms,counties,completeness,closed_loop\ntea,茶产业链,3,3,1,2,0.875,true\n",
    );
    chainmap()
        .args(["chains", "tests/fixtures/valid", "--format", "md"])
        .assert()
        .success()
        .stdout("| id | 产业链 | 环节 | 企业 | 规上企业 | 县区 | 完整度 | 闭环 |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n| tea | 茶产业链 | 3 | 3 | 1 | 2 | 87.5% | 能闭环 |\n");
}

#[test]
fn invalid_dataset_exits_1_with_problems_on_stderr() {
    chainmap()
        .args(["chains", "tests/fixtures/unknown-link"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains("firms.csv:5: error: unknown link `加工厂`"));
}

#[test]
fn help_shows_an_example() {
    for command in ["validate", "chains"] {
        chainmap()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicates::str::contains("Examples:"))
            .stdout(predicates::str::contains(format!("chainmap {command}")));
    }
}
