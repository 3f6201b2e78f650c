//! Nothing lost under faults: what `report --force` may replace, chain ids
//! that would overwrite the region's files, interrupted runs (SIGINT,
//! SIGTERM, a Graphviz that never finishes) and the debris of killed ones.

use std::collections::BTreeSet;
use std::path::Path;

use chainmap::model::RESERVED_CHAIN_IDS;

use crate::{chainmap, tree};

#[test]
fn chain_ids_index_and_region_are_reserved() {
    let output = chainmap().args(["validate", "tests/fixtures/reserved-chain-id"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "tests/fixtures/reserved-chain-id/index.json:2:9: error: chain id `index` is reserved: the report writes \
         index.html and md/index.md for the region; choose another id\n\
         tests/fixtures/reserved-chain-id/region-chain.json:2:9: error: chain id `region` is reserved: the report \
         writes csv/region/ and xlsx/region.xlsx for the region; choose another id\n\
         invalid: 2 errors, 0 warnings\n"
    );
}

/// The names the report gives its files for the region, where a chain's
/// files are named after the chain id: `<name>.html`, `md/<name>.md`,
/// `csv/<name>/…`, `xlsx/<name>.xlsx`. (Maps are `<id>-<view>.svg`, so
/// `maps/overview.svg` cannot collide with a chain's.)
#[test]
fn every_region_file_name_a_chain_could_take_is_reserved() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    chainmap().args(["report", "chains", "-o"]).arg(&out).assert().success();
    let chain_ids: BTreeSet<String> = std::fs::read_dir(crate::root().join("chains"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .filter(|n| n != "region")
        .collect();
    let mut region_names = BTreeSet::new();
    for (path, _) in tree(&out) {
        let parts: Vec<String> = path.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let name = match parts.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [file] => match file.strip_suffix(".html") {
                Some(stem) => stem.to_owned(),
                None => continue,
            },
            ["md", file] => file.trim_end_matches(".md").to_owned(),
            ["csv", dir, _] => dir.to_owned(),
            ["xlsx", file] => file.trim_end_matches(".xlsx").to_owned(),
            _ => continue,
        };
        if !chain_ids.contains(&name) {
            region_names.insert(name);
        }
    }
    let reserved: BTreeSet<String> = RESERVED_CHAIN_IDS.iter().map(|(id, _)| (*id).to_owned()).collect();
    assert_eq!(region_names, reserved, "the region's file names and the reserved chain ids differ");
}

/// Runs `chainmap` in `dir` and returns its exit code and stderr.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = chainmap().current_dir(dir).args(args).output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// A project directory `proj` in a fresh temporary directory, holding the
/// dataset `proj/chains` (a copy of the `gaps` fixture) and a note.
fn project() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("proj/chains");
    std::fs::create_dir_all(&data).unwrap();
    crate::copy_fixture_into("gaps", &data);
    std::fs::write(work.path().join("proj/notes.txt"), "the analyst's notes\n").unwrap();
    work
}

#[test]
fn report_force_onto_the_directory_that_holds_the_dataset_deletes_nothing() {
    let work = project();
    let before = tree(work.path());
    let (code, stderr) = run_in(work.path(), &["report", "proj/chains", "-o", "proj", "--force"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: refusing to write the report to proj: it holds the dataset directory proj/chains, and replacing it \
         would delete the dataset; choose another -o\n"
    );
    // The dataset itself, its parent's parent, and the same through `..`.
    for target in ["proj/chains", ".", "proj/chains/..", "proj/../proj/chains/"] {
        let (code, stderr) = run_in(work.path(), &["report", "proj/chains", "-o", target, "--force"]);
        assert_eq!(code, 2, "-o {target}: {stderr}");
        assert!(stderr.contains("dataset directory"), "-o {target}: {stderr}");
    }
    assert!(tree(work.path()) == before, "nothing changed");
}

#[test]
fn a_directory_chainmap_did_not_write_is_never_replaced() {
    let work = project();
    let out = work.path().join("out");
    std::fs::create_dir_all(out.join("photos")).unwrap();
    std::fs::write(out.join("photos/site.jpg"), "jpeg").unwrap();
    let before = tree(work.path());
    let (code, stderr) = run_in(work.path(), &["report", "proj/chains", "-o", "out", "--force"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: refusing to replace out: it is not a report written by chainmap (it has no .chainmap-report file), \
         and chainmap deletes only its own reports; choose another -o, or empty or remove out yourself\n"
    );
    assert!(tree(work.path()) == before, "nothing changed");
}

#[test]
fn a_report_replaces_an_earlier_report_and_only_that() {
    let work = project();
    let (code, stderr) = run_in(work.path(), &["report", "proj/chains", "-o", "out"]);
    assert_eq!(code, 0, "{stderr}");
    let marker = std::fs::read_to_string(work.path().join("out/.chainmap-report")).unwrap();
    assert!(marker.starts_with("This directory is a report written by chainmap "), "{marker}");
    std::fs::write(work.path().join("out/index.html"), "edited").unwrap();
    let (code, stderr) = run_in(work.path(), &["report", "proj/chains", "-o", "out", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_ne!(std::fs::read(work.path().join("out/index.html")).unwrap(), b"edited", "replaced");
    let mut beside: Vec<_> = std::fs::read_dir(work.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    beside.sort();
    assert_eq!(beside, ["out", "proj"], "no staging directory left");
    // Without the marker the same directory is no longer chainmap's to replace.
    std::fs::remove_file(work.path().join("out/.chainmap-report")).unwrap();
    let (code, stderr) = run_in(work.path(), &["report", "proj/chains", "-o", "out", "--force"]);
    assert_eq!(code, 2, "{stderr}");
}

/// The entries of `dir` whose names start with `.chainmap-` or contain `.gen-`: scratch.
fn debris(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.starts_with(".chainmap-") || n.contains(".gen-"))
        .collect();
    names.sort();
    names
}

/// The id of a process that has exited (and been reaped).
#[cfg(unix)]
fn gone_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// Whether process `pid` is alive; a zombie (killed, not yet reaped by its
/// new parent) counts as gone.
#[cfg(target_os = "linux")]
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.rsplit_once(") ").is_some_and(|(_, rest)| !rest.starts_with('Z')))
}

#[cfg(unix)]
fn signal(pid: u32, signal: rustix::process::Signal) {
    let pid = rustix::process::Pid::from_raw(i32::try_from(pid).unwrap()).unwrap();
    rustix::process::kill_process(pid, signal).unwrap();
}

/// Polls `done` every few milliseconds for at most `seconds`.
fn wait_for(seconds: u64, mut done: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while std::time::Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    false
}

/// `chainmap` as a child process of its own, without Graphviz on the PATH
/// (the flow maps would only make the run slower).
#[cfg(unix)]
fn spawn(dir: &Path, args: &[&str], path: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("chainmap"))
        .current_dir(dir)
        .env("PATH", path)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn an_interrupted_report_leaves_the_old_one_and_no_debris() {
    use rustix::process::Signal;
    let work = tempfile::tempdir().unwrap();
    let no_dot = tempfile::tempdir().unwrap();
    for (name, fixture) in [("small", "gaps"), ("big", "valid")] {
        std::fs::create_dir(work.path().join(name)).unwrap();
        crate::copy_fixture_into(fixture, &work.path().join(name));
    }
    let (code, stderr) = run_in(work.path(), &["report", "small", "-o", "out"]);
    assert_eq!(code, 0, "{stderr}");
    let old = tree(&work.path().join("out"));

    // Ctrl-C while the new report waits, written, in its staging directory
    // (held there by the test hook, however fast the build), then again
    // while a `dot` that never finishes holds the run at its flow maps.
    let bin = tempfile::tempdir().unwrap();
    hanging_dot(bin.path());
    let pid_file = bin.path().join("dot.pid");
    let dot_pid = || std::fs::read_to_string(&pid_file).ok()?.trim().parse::<u32>().ok();
    let run = |args: &[&str], path: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("chainmap"))
            .current_dir(work.path())
            .env("PATH", path)
            .env("DOT_PID_FILE", &pid_file)
            .env("CHAINMAP_DOT_TIMEOUT", "0")
            .env("CHAINMAP_HOLD_STAGED_REPORT", "60")
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let hanging = format!("{}:/usr/bin:/bin", bin.path().display());
    let args = ["report", "big", "-o", "out", "--force"];
    let staged = || debris(work.path()).iter().any(|d| work.path().join(d).join(".chainmap-report").is_file());
    let child = run(&args, &no_dot.path().display().to_string());
    assert!(wait_for(120, staged), "the new report was written in its staging directory");
    signal(child.id(), Signal::INT);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(debris(work.path()), Vec::<String>::new(), "no staging directory left");
    assert!(tree(&work.path().join("out")) == old, "the old report is intact");

    let child = run(&args, &hanging);
    assert!(wait_for(120, || dot_pid().is_some()), "dot started");
    signal(child.id(), Signal::INT);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(debris(work.path()), Vec::<String>::new(), "no staging directory left");
    assert!(tree(&work.path().join("out")) == old, "the old report is intact");
    let pid = dot_pid().unwrap();
    assert!(wait_for(5, || !alive(pid)), "dot outlived chainmap");

    // SIGTERM early: while the dataset is read, or at the latest at the maps.
    let child = run(&args, &hanging);
    std::thread::sleep(std::time::Duration::from_millis(300));
    signal(child.id(), Signal::TERM);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(143), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("chainmap: terminated"));
    assert_eq!(debris(work.path()), Vec::<String>::new());
    assert!(tree(&work.path().join("out")) == old, "the old report is intact");
}

#[cfg(unix)]
#[test]
fn scratch_of_a_killed_report_is_removed_by_the_next_run() {
    let work = project();
    let gone = gone_pid();
    let staging = work.path().join(format!(".chainmap-report-{gone}-a1b2c3"));
    std::fs::create_dir_all(staging.join("csv")).unwrap();
    std::fs::write(staging.join("index.html"), "half a report").unwrap();
    // Killed between the two renames of the fallback: the old report aside, the target missing.
    let old = work.path().join(format!(".chainmap-old-{gone}-d4e5f6/out"));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join(".chainmap-report"), "a report").unwrap();
    std::fs::write(old.join("index.html"), "last month").unwrap();
    // A running process's staging directory is not touched (pid 1 always runs).
    let live = work.path().join(".chainmap-report-1-g7h8i9");
    std::fs::create_dir(&live).unwrap();

    let (code, stderr) = run_in(work.path(), &["report", "proj/chains", "-o", "other"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("note: put back "), "{stderr}");
    assert!(stderr.contains("note: removed 2 unfinished report(s) left by interrupted runs"), "{stderr}");
    assert_eq!(std::fs::read_to_string(work.path().join("out/index.html")).unwrap(), "last month");
    assert_eq!(debris(work.path()), [".chainmap-report-1-g7h8i9"]);
    assert!(work.path().join("other/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn an_interrupted_gen_leaves_no_debris_and_a_killed_one_is_cleaned_next_time() {
    use rustix::process::Signal;
    let work = tempfile::tempdir().unwrap();
    let gone = gone_pid();
    let stale = work.path().join(format!(".data.gen-{gone}"));
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("firms.csv"), "half a table").unwrap();
    let path = std::env::var_os("PATH").unwrap();
    let mut child = spawn(
        work.path(),
        &["gen", "--chains", "50", "--links", "100", "--firms", "3000000", "--candidates", "10", "-o", "data"],
        Path::new(&path),
    );
    let me = format!(".data.gen-{}", child.id());
    assert!(wait_for(60, || work.path().join(&me).is_dir()), "gen made its temporary directory");
    assert!(!stale.exists(), "the killed run's directory is removed first");
    signal(child.id(), Signal::TERM);
    assert_eq!(child.wait().unwrap().code(), Some(143));
    assert_eq!(debris(work.path()), Vec::<String>::new());
    assert!(!work.path().join("data").exists());
}

/// A `dot` that never finishes: it writes its pid to `$DOT_PID_FILE` and sleeps.
#[cfg(unix)]
fn hanging_dot(bin: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let dot = bin.join("dot");
    std::fs::write(&dot, "#!/bin/sh\necho $$ > \"$DOT_PID_FILE\"\nexec sleep 60\n").unwrap();
    std::fs::set_permissions(&dot, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn graphviz_gets_a_time_limit_and_does_not_outlive_chainmap() {
    use rustix::process::Signal;
    let bin = tempfile::tempdir().unwrap();
    hanging_dot(bin.path());
    let path = format!("{}:/usr/bin:/bin", bin.path().display());
    let pid_file = bin.path().join("dot.pid");
    let dot_pid = || std::fs::read_to_string(&pid_file).ok()?.trim().parse::<u32>().ok();

    // The time limit: the map fails with a message that says what to do.
    let started = std::time::Instant::now();
    let output = chainmap()
        .env("PATH", &path)
        .env("DOT_PID_FILE", &pid_file)
        .env("CHAINMAP_DOT_TIMEOUT", "1")
        .args(["map", "tests/fixtures/gaps", "--chain", "demo", "--format", "svg", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "stopped at the limit");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: Graphviz `dot` did not lay out the flow map of chain `demo` within 1s and was stopped; draw this chain with `--view panorama`"),
        "{stderr}"
    );
    let pid = dot_pid().expect("dot ran");
    assert!(!alive(pid), "dot was stopped");

    // The report goes on without the flow map, and says why.
    let out = tempfile::tempdir().unwrap();
    let output = chainmap()
        .env("PATH", &path)
        .env("DOT_PID_FILE", &pid_file)
        .env("CHAINMAP_DOT_TIMEOUT", "0.5")
        .args(["report", "tests/fixtures/gaps", "-o"])
        .arg(out.path().join("r"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("within 500ms"));
    assert!(out.path().join("r/maps/demo.panorama.svg").is_file());
    assert!(!out.path().join("r/maps/demo.flow.svg").exists());

    // SIGTERM while dot runs (no limit): dot is stopped with chainmap.
    std::fs::remove_file(&pid_file).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("chainmap"))
        .current_dir(crate::root())
        .env("PATH", &path)
        .env("DOT_PID_FILE", &pid_file)
        .env("CHAINMAP_DOT_TIMEOUT", "0")
        .args(["map", "tests/fixtures/gaps", "--chain", "demo", "--format", "svg", "-o", "-"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    assert!(wait_for(30, || dot_pid().is_some()), "dot started");
    signal(child.id(), Signal::TERM);
    assert_eq!(child.wait().unwrap().code(), Some(143));
    let pid = dot_pid().unwrap();
    assert!(wait_for(5, || !alive(pid)), "dot outlived chainmap");

    // A bad limit is a usage error.
    chainmap()
        .env("CHAINMAP_DOT_TIMEOUT", "soon")
        .args(["map", "tests/fixtures/gaps", "--chain", "demo", "-o", "-"])
        .assert()
        .code(2)
        .stderr("error: CHAINMAP_DOT_TIMEOUT must be a number of seconds (0 for no limit), got `soon`\n");
}
