//! Each command reads only the tables it uses: the chains, the region and
//! the firms always, and of the candidate pool, projects, problems and
//! monthly figures only what its result depends on. A problem in a table a
//! command does not read does not stop it; `validate` still reports it.

use std::io::Write as _;
use std::path::Path;

use chainmap::analysis::analyze;
use chainmap::load::{Needs, NoProgress, Reading, load_dataset_needs};
use predicates::prelude::*;

use crate::{chainmap, copy_fixture, root};

/// Appends `lines` to the file `name` of `dir`.
fn append(dir: &Path, name: &str, lines: &str) {
    let mut file = std::fs::OpenOptions::new().append(true).open(dir.join(name)).expect("file exists");
    file.write_all(lines.as_bytes()).expect("writable");
}

#[test]
fn a_bad_candidate_row_stops_validate_and_targets_but_not_gaps() {
    let dir = copy_fixture("valid");
    append(dir.path(), "candidates.csv", "C009,坏行,成都,tea,nowhere,100,,,none\n");

    chainmap()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("candidates.csv:4: error: unknown link `nowhere`"));
    for command in ["targets", "plan"] {
        let mut cmd = chainmap();
        cmd.arg(command).arg(dir.path());
        if command == "plan" {
            cmd.args(["--budget", "1"]);
        }
        cmd.assert().code(1).stderr(predicate::str::contains("candidates.csv:4: error: unknown link `nowhere`"));
    }
    for command in ["gaps", "chains", "risk"] {
        chainmap()
            .arg(command)
            .arg(dir.path())
            .assert()
            .success()
            .stderr(predicate::str::contains("candidates.csv").not());
    }
    // Halting a firm needs no candidates; recruiting one does.
    chainmap().args(["simulate"]).arg(dir.path()).args(["--halt", "F002"]).assert().success();
    chainmap().args(["simulate"]).arg(dir.path()).args(["--recruit", "C001"]).assert().code(1);
}

#[test]
fn a_bad_problem_row_stops_risk_but_not_gaps_or_targets() {
    let dir = copy_fixture("valid");
    std::fs::write(dir.path().join("problems.csv"), "firm_id,category\nF404,资金保障\n").unwrap();

    chainmap().arg("validate").arg(dir.path()).assert().code(1).stdout(predicate::str::contains("problems.csv:2"));
    chainmap().arg("risk").arg(dir.path()).assert().code(1).stderr(predicate::str::contains("problems.csv:2"));
    for command in ["gaps", "targets", "monitor"] {
        chainmap().arg(command).arg(dir.path()).assert().success();
    }
}

#[test]
fn a_table_left_out_is_not_opened_even_when_it_is_not_a_table() {
    let dir = copy_fixture("valid");
    // Not a spreadsheet at all: opening it would be an error.
    std::fs::write(dir.path().join("projects.xlsx"), "not a workbook").unwrap();
    chainmap().arg("validate").arg(dir.path()).assert().code(1).stdout(predicate::str::contains("projects.xlsx"));
    chainmap().arg("gaps").arg(dir.path()).assert().success();
}

/// What a command computes from the firms does not change when the other
/// tables are left out: the same firms, placements and analyses, and the
/// tags and counties the firms use keep their numbers.
#[test]
fn leaving_tables_out_changes_nothing_the_firms_give() {
    let dir = root().join("chains");
    let full = load_dataset_needs(&dir, Needs::ALL, Reading::Parallel, &NoProgress).expect("valid").dataset;
    for needs in [Needs::FIRMS, Needs::FIRMS.monthly(), Needs::FIRMS.problems(), Needs::FIRMS.candidates()] {
        let part = load_dataset_needs(&dir, needs, Reading::Parallel, &NoProgress).expect("valid").dataset;
        assert_eq!(format!("{:?}", part.chains), format!("{:?}", full.chains), "{needs:?}");
        assert_eq!(part.firms, full.firms, "{needs:?}");
        assert_eq!(part.firm_placements, full.firm_placements, "{needs:?}");
        assert!(full.tags.starts_with(&part.tags), "{needs:?}");
        assert!(full.region.counties.starts_with(&part.region.counties), "{needs:?}");
        assert_eq!(analyze(&part), analyze(&full), "{needs:?}");
        assert_eq!(part.candidates.is_empty(), !needs.candidates);
        assert_eq!(part.problems.is_empty(), !needs.problems);
        assert_eq!(part.monthly.rows() == 0, !needs.monthly);
        assert!(part.projects.is_empty());
        if needs.candidates {
            assert_eq!(part.candidates, full.candidates);
            assert_eq!(part.candidate_placements, full.candidate_placements);
        }
        if needs.problems {
            assert_eq!(part.problems, full.problems);
        }
    }
}
