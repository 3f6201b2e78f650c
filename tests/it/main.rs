//! Integration tests: the real `chainmap` binary on fixture datasets.
//! One test binary with a module per topic.

mod bulletin;
mod chains;
mod cli;
mod diff;
mod dispatch;
mod docs;
mod formats;
mod gaps;
mod r#gen;
mod loading;
mod map;
mod monitor;
mod needs;
mod output;
mod properties;
mod recruit;
mod report;
mod risk;
mod safety;
mod spreadsheets;
mod validate;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The package root: tests pass dataset paths relative to it, so messages
/// name files the same way on every machine.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `chainmap` run from the package root.
pub(crate) fn chainmap() -> Command {
    let mut cmd = Command::cargo_bin("chainmap").expect("binary built");
    cmd.current_dir(root());
    cmd
}

/// A fixture dataset directory.
pub(crate) fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Copies a fixture into a fresh temporary directory.
pub(crate) fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture_into(name, dir.path());
    dir
}

/// Copies a fixture's files into `dir`, which must exist.
pub(crate) fn copy_fixture_into(name: &str, dir: &Path) {
    for entry in std::fs::read_dir(fixture(name)).expect("fixture exists") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
}

/// Every file below `dir` with its bytes, by path relative to `dir`.
pub(crate) fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable directory") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).expect("below dir").to_path_buf(), std::fs::read(&p).expect("readable")));
            }
        }
    }
    out.sort();
    out
}

/// Whether `tool` (run with `arg`, say `-v`) is installed; in CI, where
/// `.ci/run` installs `package`, its absence is a failure.
pub(crate) fn tool_or_skip(tool: &str, arg: &str, package: &str, test: &str) -> bool {
    let found = std::process::Command::new(tool).arg(arg).output().is_ok();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: `{tool}` is required in CI; .ci/run installs the {package} package"
        );
        eprintln!("note: skipping {test}: `{tool}` is not installed (apt-get install {package})");
    }
    found
}

/// The `soffice` of `LibreOffice`, or `None` (then `test` skips): the Word
/// documents are checked by unzipping them in the unit tests; the tests
/// that call this, where `LibreOffice` is installed (Debian
/// `libreoffice-writer-nogui`), open one as Word would.
pub(crate) fn soffice(test: &str) -> Option<PathBuf> {
    let found = ["soffice", "libreoffice"].iter().find_map(|name| {
        std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.is_file())
    });
    if found.is_none() {
        eprintln!("notice: LibreOffice not found; skipping {test}");
    }
    found
}

/// Converts a Word document to PDF in `dir` with headless `LibreOffice`
/// and returns the PDF's path.
pub(crate) fn docx_to_pdf(soffice: &Path, docx: &Path, dir: &Path) -> PathBuf {
    // A profile of its own, so a LibreOffice already running elsewhere is not asked instead.
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let status = std::process::Command::new(soffice)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    dir.join(docx.with_extension("pdf").file_name().expect("a file name"))
}
