//! The command line as a user meets it: every command's `--help` and the
//! usage errors of each command, snapshotted as whole runs (COMMAND, EXIT,
//! STDOUT, STDERR), so a changed word, a wrapped line or a changed exit code
//! shows up in review.
//!
//! Help is laid out for a 100-column terminal whatever the terminal running
//! the tests (clap reads `COLUMNS` when no output is a terminal), and without
//! colour.

use std::path::Path;

use crate::chainmap;

/// The terminal width the help snapshots are laid out for.
const COLUMNS: &str = "100";

/// Runs `chainmap ARGS` in `dir` and writes the run down as a transcript.
fn run_in(dir: &Path, args: &[&str]) -> String {
    let output = chainmap()
        .current_dir(dir)
        .args(args)
        .env("COLUMNS", COLUMNS)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("chainmap runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("UTF-8 output");
    let exit = output.status.code().map_or_else(|| "killed by a signal".to_owned(), |c| c.to_string());
    let command: Vec<&str> = std::iter::once("chainmap").chain(args.iter().copied()).collect();
    format!(
        "COMMAND:\n{}\n\nEXIT: {exit}\n\nSTDOUT:\n{}\nSTDERR:\n{}",
        command.join(" "),
        text(output.stdout),
        text(output.stderr)
    )
}

/// Runs `chainmap ARGS` from the package root, where fixture paths are
/// relative.
fn run(args: &[&str]) -> String {
    run_in(crate::root(), args)
}

/// The subcommands `chainmap --help` lists (without clap's own `help`).
fn subcommands() -> Vec<String> {
    let output = chainmap().arg("--help").env("COLUMNS", COLUMNS).output().expect("chainmap runs");
    let help = String::from_utf8(output.stdout).expect("UTF-8 help");
    help.lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn help_of_chainmap_and_of_every_command() {
    insta::assert_snapshot!("help", run(&["--help"]));
    // Taken from the top-level help, so a new command cannot go without a
    // snapshot of its own help.
    let commands = subcommands();
    assert!(commands.len() >= 9, "{commands:?}");
    for command in &commands {
        insta::assert_snapshot!(format!("help_{command}"), run(&[command, "--help"]));
    }
}

#[test]
fn usage_errors_of_chainmap() {
    insta::assert_snapshot!("usage_no_command", run(&[]));
    insta::assert_snapshot!("usage_unknown_command", run(&["frobnicate"]));
    insta::assert_snapshot!("usage_unknown_option", run(&["gaps", "--frobnicate"]));
}

#[test]
fn usage_errors_of_validate() {
    insta::assert_snapshot!("usage_validate_bad_format", run(&["validate", "--format", "yaml"]));
}

#[test]
fn usage_errors_of_chains() {
    insta::assert_snapshot!(
        "usage_chains_option_of_another_command",
        run(&["chains", "tests/fixtures/recruit", "--chain", "heavy"])
    );
}

#[test]
fn usage_errors_of_gaps() {
    insta::assert_snapshot!("usage_gaps_near_chain", run(&["gaps", "tests/fixtures/recruit", "--chain", "hevy"]));
    insta::assert_snapshot!(
        "usage_gaps_bad_status",
        run(&["gaps", "tests/fixtures/recruit", "--status", "weak,broken"])
    );
}

#[test]
fn usage_errors_of_map() {
    insta::assert_snapshot!(
        "usage_map_dot_of_panorama",
        run(&["map", "tests/fixtures/recruit", "--chain", "heavy", "--view", "panorama", "--format", "dot"])
    );
    insta::assert_snapshot!(
        "usage_map_stdout_without_chain",
        run(&["map", "tests/fixtures/recruit", "--view", "panorama", "-o", "-"])
    );
    insta::assert_snapshot!("usage_map_bad_scale", run(&["map", "tests/fixtures/recruit", "--scale", "0"]));
    insta::assert_snapshot!(
        "usage_map_unknown_chain",
        run(&["map", "tests/fixtures/recruit", "--chain", "nothing-like-it", "-o", "-"])
    );
    insta::assert_snapshot!("usage_map_bad_view", run(&["map", "tests/fixtures/recruit", "--view", "sankey"]));
}

#[test]
fn usage_errors_of_targets() {
    // `--format xlsx` without -o is refused only when stdout is a terminal,
    // which the pipe of a test never is; that refusal is not snapshotted.
    insta::assert_snapshot!(
        "usage_targets_unknown_link",
        run(&["targets", "tests/fixtures/recruit", "--link", "nope"])
    );
    insta::assert_snapshot!(
        "usage_targets_link_of_another_chain",
        run(&["targets", "tests/fixtures/recruit", "--chain", "two", "--link", "a"])
    );
    insta::assert_snapshot!(
        "usage_targets_unknown_chain",
        run(&["targets", "tests/fixtures/recruit", "--chain", "nothing-like-it"])
    );
    insta::assert_snapshot!("usage_targets_bad_format", run(&["targets", "tests/fixtures/recruit", "--format", "xls"]));
}

#[test]
fn usage_errors_of_plan() {
    insta::assert_snapshot!("usage_plan_without_budget", run(&["plan", "tests/fixtures/recruit"]));
    insta::assert_snapshot!("usage_plan_bad_budget", run(&["plan", "tests/fixtures/recruit", "--budget", "many"]));
    insta::assert_snapshot!(
        "usage_plan_near_chain",
        run(&["plan", "tests/fixtures/recruit", "--budget", "2", "--chain", "hevy"])
    );
}

#[test]
fn usage_errors_of_simulate() {
    insta::assert_snapshot!("usage_simulate_without_recruit", run(&["simulate", "tests/fixtures/recruit"]));
    insta::assert_snapshot!(
        "usage_simulate_unknown_candidates",
        run(&["simulate", "tests/fixtures/recruit", "--recruit", "CB,NOPE,ZZ"])
    );
    insta::assert_snapshot!(
        "usage_simulate_unknown_firms",
        run(&["simulate", "tests/fixtures/risk", "--halt", "B1,B9", "--recruit", "C1,C9"])
    );
}

#[test]
fn usage_errors_of_report() {
    // A workspace of its own, so the paths in the messages are the short
    // relative ones a user types.
    let work = tempfile::tempdir().expect("temp dir");
    let data = work.path().join("data");
    std::fs::create_dir(&data).expect("data dir");
    crate::copy_fixture_into("recruit", &data);
    std::fs::create_dir(work.path().join("last-month")).expect("old report");
    std::fs::write(work.path().join("notes.txt"), "not a report\n").expect("file");
    let before = crate::tree(work.path());

    insta::assert_snapshot!("usage_report_exists", run_in(work.path(), &["report", "data", "-o", "last-month"]));
    insta::assert_snapshot!(
        "usage_report_inside_dataset",
        run_in(work.path(), &["report", "data", "-o", "data/report"])
    );
    insta::assert_snapshot!(
        "usage_report_onto_a_file",
        run_in(work.path(), &["report", "data", "-o", "notes.txt", "--force"])
    );
    insta::assert_snapshot!("usage_report_bad_lang", run_in(work.path(), &["report", "data", "--lang", "fr"]));
    assert!(crate::tree(work.path()) == before, "a usage error writes nothing");
}

#[test]
fn usage_errors_of_monitor() {
    insta::assert_snapshot!(
        "usage_monitor_period_outside",
        run(&["monitor", "tests/fixtures/monitor", "--period", "2023年1月"])
    );
    insta::assert_snapshot!(
        "usage_monitor_bad_period",
        run(&["monitor", "tests/fixtures/monitor", "--period", "2022-13"])
    );
    insta::assert_snapshot!("usage_monitor_near_chain", run(&["monitor", "tests/fixtures/monitor", "--chain", "pak"]));
    insta::assert_snapshot!(
        "usage_monitor_period_without_monthly_data",
        run(&["monitor", "tests/fixtures/valid", "--period", "2022-06"])
    );
}

#[test]
fn usage_errors_of_gen() {
    insta::assert_snapshot!("usage_gen_without_output", run(&["gen"]));
    insta::assert_snapshot!("usage_gen_no_chains", run(&["gen", "--chains", "0", "-o", "never-written"]));
    assert!(!crate::root().join("never-written").exists());
}

#[test]
fn usage_errors_of_risk() {
    insta::assert_snapshot!("usage_risk_near_chain", run(&["risk", "tests/fixtures/risk", "--chain", "fod"]));
    insta::assert_snapshot!("usage_risk_bad_top", run(&["risk", "tests/fixtures/risk", "--top", "all"]));
}

#[test]
fn usage_errors_of_diff() {
    insta::assert_snapshot!("usage_diff_without_new", run(&["diff", "tests/fixtures/diff/old"]));
    insta::assert_snapshot!(
        "usage_diff_bad_format",
        run(&["diff", "tests/fixtures/diff/old", "tests/fixtures/diff/new", "--format", "csv"])
    );
}

#[test]
fn usage_errors_of_snapshot() {
    insta::assert_snapshot!(
        "usage_snapshot_bad_period",
        run(&["snapshot", "tests/fixtures/valid", "--period", "2026-13"])
    );
    let work = tempfile::tempdir().expect("temp dir");
    let data = work.path().join("data");
    std::fs::create_dir_all(data.join("snapshots/2026-03")).expect("snapshot directory");
    crate::copy_fixture_into("valid", &data);
    let before = crate::tree(work.path());
    insta::assert_snapshot!("usage_snapshot_exists", run_in(work.path(), &["snapshot", "data", "--period", "2026-03"]));
    assert!(crate::tree(work.path()) == before, "a usage error writes nothing");
}
