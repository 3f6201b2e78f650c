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

/// A load without the firms' names holds the same firms but for their
/// names, gives the same analyses, and still checks the names as it reads
/// them: the same warnings and errors. A load of the monthly table keeps
/// them, since its hints name firms.
#[test]
fn a_load_without_firm_names_checks_them_and_keeps_the_rest() {
    let dir = root().join("chains");
    let load = |needs| load_dataset_needs(&dir, needs, Reading::Parallel, &NoProgress).expect("valid");
    let (full, part) = (load(Needs::FIRMS).dataset, load(Needs::FIRMS.without_firm_names()).dataset);
    assert!(full.firms.has_names() && !part.firms.has_names());
    assert_eq!(part.firms.len(), full.firms.len());
    for f in 0..u32::try_from(full.firms.len()).unwrap() {
        assert_eq!(part.firms[f as usize], full.firms[f as usize]);
        assert_eq!(
            (part.firms.id(f), part.firms.park(f), part.firms.tags(f)),
            (full.firms.id(f), full.firms.park(f), full.firms.tags(f))
        );
    }
    assert_eq!(analyze(&part), analyze(&full));
    assert!(load(Needs::FIRMS.monthly().without_firm_names()).dataset.firms.has_names());

    let dir = copy_fixture("valid");
    // One firm's rows disagree on its name; another firm has the name of a third.
    append(dir.path(), "firms.csv", "F001,茶农 合作社,tea,make,东县,,no,supporting,operating,300,25,\n");
    append(dir.path(), "firms.csv", "F900,秦巴茶业,tea,sell,西县,,no,supporting,operating,10,2,\n");
    let problems = |dir: &Path, needs| match load_dataset_needs(dir, needs, Reading::Parallel, &NoProgress) {
        Ok(loaded) => format!("{:?}", loaded.warnings),
        Err(err) => format!("{err:?}"),
    };
    let with_names = problems(dir.path(), Needs::FIRMS);
    assert!(with_names.contains("name is `茶农 合作社` here but `茶农合作社` there"), "{with_names}");
    assert_eq!(problems(dir.path(), Needs::FIRMS.without_firm_names()), with_names);
    let dir = copy_fixture("valid");
    append(dir.path(), "firms.csv", "F900,秦巴茶业,tea,sell,西县,,no,supporting,operating,10,2,\n");
    let with_names = problems(dir.path(), Needs::FIRMS);
    assert!(with_names.contains("has the name `秦巴茶业` of firm `F002`"), "{with_names}");
    assert_eq!(problems(dir.path(), Needs::FIRMS.without_firm_names()), with_names);
}

/// The same-firm warnings are the same without the firms' names: a firm
/// that repeats a code and a name is said to repeat the code either way.
#[test]
fn same_firm_warnings_do_not_depend_on_keeping_the_names() {
    let dir = copy_fixture("same-firm-twice");
    append(
        dir.path(),
        "firms.csv",
        "９１３５０１００Ｍ０００１００Ｙ４３,茶机制造,tea,sell,东县,,no,supporting,operating,300,25,\n",
    );
    let warnings = |needs| {
        let loaded = load_dataset_needs(dir.path(), needs, Reading::Parallel, &NoProgress).expect("valid");
        loaded.warnings.iter().map(|d| format!("{}: {}", d.line, d.message)).collect::<Vec<_>>()
    };
    let with_names = warnings(Needs::FIRMS);
    assert!(with_names.iter().any(|w| w.starts_with("7: firm `９１３５") && w.contains("credit code of firm `91350")));
    assert!(!with_names.iter().any(|w| w.contains("the name `茶机制造`")), "{with_names:?}");
    assert_eq!(warnings(Needs::FIRMS.without_firm_names()), with_names);
}
