//! Where a report (or a bulletin, the other directory chainmap writes) may
//! go, and putting it there whole.
//!
//! A report directory is replaced only when chainmap wrote it: every report
//! carries a [`MARKER`] file, every bulletin a [`BULLETIN_MARKER`], and a
//! directory without either (other than an empty one) is never deleted. The target may not be the dataset, lie
//! inside it or hold it. The report is written into a staging directory
//! beside the target (`.chainmap-report-<pid>-…`) and swapped in whole:
//!
//! - on Linux with `renameat2(RENAME_EXCHANGE)`, one atomic step that puts
//!   the new report at the target and the old one in the staging directory,
//!   which is then removed: at every instant the target holds the old report
//!   or the new one;
//! - elsewhere (or on a file system without the exchange) with two renames:
//!   the old report into `.chainmap-old-<pid>-…/<name>`, the new one into
//!   place. Between the two the target is missing; an interrupted run puts
//!   the old report back, and the next run restores one left by a run that
//!   was killed there.
//!
//! Staging directories of runs that were killed are removed by the next run
//! into the same parent directory ([`scratch::stale`]).

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::render::report::Files;
use crate::scratch;

/// The file that marks a directory as a chainmap report.
pub const MARKER: &str = ".chainmap-report";

/// The file that marks a directory as a chainmap bulletin. Bulletins of
/// earlier versions carry [`MARKER`]; either lets `--force` replace one.
pub const BULLETIN_MARKER: &str = ".chainmap-bulletin";

/// What a command writes into its output directory: the word its messages
/// use and the marker file it leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Report,
    Bulletin,
}

impl Output {
    pub const ALL: [Output; 2] = [Output::Report, Output::Bulletin];

    /// `report`, `bulletin`: the command's name and how messages call its output.
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            Output::Report => "report",
            Output::Bulletin => "bulletin",
        }
    }

    #[must_use]
    pub fn marker(self) -> &'static str {
        match self {
            Output::Report => MARKER,
            Output::Bulletin => BULLETIN_MARKER,
        }
    }
}

/// Name prefix of staging directories: `.chainmap-report-<pid>-<random>`.
pub const STAGING_PREFIX: &str = ".chainmap-report-";

/// Name prefix of the directories that hold an old report during a two-rename
/// replace: `.chainmap-old-<pid>-<random>/<target name>`.
pub const OLD_PREFIX: &str = ".chainmap-old-";

/// Why a report cannot be written where asked.
#[derive(Debug, thiserror::Error)]
pub enum OutDirError {
    #[error("refusing to write the {what} into the dataset directory {dataset} itself; choose another -o")]
    IsDataset { what: &'static str, dataset: String },
    #[error("refusing to write the {what} inside the dataset directory {dataset}; choose another -o")]
    InsideDataset { what: &'static str, dataset: String },
    #[error(
        "refusing to write the {what} to {target}: it holds the dataset directory {dataset}, and replacing it would \
         delete the dataset; choose another -o"
    )]
    HoldsDataset { what: &'static str, target: String, dataset: String },
    #[error("{target} already exists; pass --force to replace it")]
    Exists { target: String },
    #[error("{target} exists and is not a directory")]
    NotADirectory { target: String },
    #[error(
        "refusing to replace {target}: it is not a {what} written by chainmap (it has no {marker} file), and \
         chainmap deletes only its own {what}s; choose another -o, or empty or remove {target} yourself"
    )]
    NotAReport { what: &'static str, marker: &'static str, target: String },
    #[error("cannot {what} {path}: {source}")]
    Io {
        what: &'static str,
        path: String,
        #[source]
        source: io::Error,
    },
}

impl OutDirError {
    /// Whether the arguments are at fault (a usage error) rather than the
    /// file system.
    #[must_use]
    pub fn is_usage(&self) -> bool {
        !matches!(self, OutDirError::Io { .. })
    }
}

fn io_error<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> OutDirError + 'a {
    move |source| OutDirError::Io { what, path: path.display().to_string(), source }
}

/// The text of the marker file.
#[must_use]
pub fn marker_text(output: Output) -> String {
    let what = output.noun();
    format!(
        "This directory is a {what} written by chainmap {}.\n`chainmap {what} --force` replaces it whole; delete this \
         file to keep chainmap from ever replacing it.\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// `path` made absolute and free of `.`, `..` and symbolic links, without
/// requiring it to exist: its nearest existing ancestor canonicalised, the
/// rest appended.
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    let path = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for part in rest.into_iter().rev() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Whether `dir` may be replaced: it has a marker, or is empty.
fn replaceable(dir: &Path) -> io::Result<bool> {
    if Output::ALL.iter().any(|o| dir.join(o.marker()).is_file()) {
        return Ok(true);
    }
    Ok(std::fs::read_dir(dir)?.next().is_none())
}

/// Checks that `output` may be written to `target` for the dataset in
/// `dataset` (both as the user gave them; messages name them so) and
/// returns the target's absolute path.
///
/// Refused: a target that is the dataset, lies inside it or holds it; an
/// existing target without `force`; one that is not a directory; a
/// non-empty directory without a marker.
pub fn check(output: Output, target: &Path, dataset: &Path, force: bool) -> Result<PathBuf, OutDirError> {
    let what = output.noun();
    let shown = |p: &Path| p.display().to_string();
    let abs_target = absolute(target).map_err(io_error("resolve", target))?;
    let abs_dataset = absolute(dataset).map_err(io_error("resolve", dataset))?;
    if abs_target == abs_dataset {
        return Err(OutDirError::IsDataset { what, dataset: shown(dataset) });
    }
    if abs_target.starts_with(&abs_dataset) {
        return Err(OutDirError::InsideDataset { what, dataset: shown(dataset) });
    }
    if abs_dataset.starts_with(&abs_target) {
        return Err(OutDirError::HoldsDataset { what, target: shown(target), dataset: shown(dataset) });
    }
    let Ok(meta) = std::fs::metadata(&abs_target) else { return Ok(abs_target) };
    if meta.is_dir() && !replaceable(&abs_target).map_err(io_error("read", target))? {
        return Err(OutDirError::NotAReport { what, marker: output.marker(), target: shown(target) });
    }
    if !force {
        return Err(OutDirError::Exists { target: shown(target) });
    }
    if !meta.is_dir() {
        return Err(OutDirError::NotADirectory { target: shown(target) });
    }
    Ok(abs_target)
}

/// What the sweep of a parent directory found, left by runs that were killed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Staging and old-report directories removed.
    pub removed: Vec<PathBuf>,
    /// Reports put back where a killed two-rename replace had taken them away.
    pub restored: Vec<PathBuf>,
}

/// Removes the scratch directories of killed runs from `parent`, first
/// putting back any old report whose target is missing.
pub fn sweep(parent: &Path) -> Swept {
    let mut swept = Swept::default();
    for dir in scratch::stale(parent, OLD_PREFIX) {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().filter_map(Result::ok) {
            let to = parent.join(entry.file_name());
            if std::fs::symlink_metadata(&to).is_err() && std::fs::rename(entry.path(), &to).is_ok() {
                swept.restored.push(to);
            }
        }
        if std::fs::remove_dir_all(&dir).is_ok() {
            swept.removed.push(dir);
        }
    }
    for dir in scratch::stale(parent, STAGING_PREFIX) {
        if std::fs::remove_dir_all(&dir).is_ok() {
            swept.removed.push(dir);
        }
    }
    swept
}

/// Creates the directories of `relative` below `root` one level at a time,
/// never `root` itself: once an interrupted run has removed its staging
/// directory, a writer still running cannot bring it back.
fn create_below(root: &Path, relative: &Path) -> io::Result<()> {
    let mut dir = root.to_path_buf();
    for part in relative.components() {
        dir.push(part);
        match std::fs::create_dir(&dir) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Writes the `files` of `output` and its marker to the absolute path
/// `target` (checked by [`check`]), replacing the directory there whole.
/// Returns what the sweep of the parent directory found.
pub fn write(output: Output, target: &Path, files: &Files) -> Result<Swept, OutDirError> {
    let mut staging = Staging::begin(output, target)?;
    for (relative, bytes) in files {
        staging.write(relative, bytes)?;
    }
    staging.finish()
}

/// An output directory being written: a staging directory beside the
/// target, with the marker, filled file by file as the output is made, then
/// put in the target's place whole by [`Staging::finish`]. Dropped
/// unfinished (an error on the way), it is removed, and the target is as it
/// was; an interrupted run removes it too.
pub struct Staging {
    output: Output,
    target: PathBuf,
    dir: PathBuf,
    swept: Swept,
    files: usize,
    finished: bool,
    /// Removes `dir` if the run is interrupted; dropped after `drop` has run.
    _registration: scratch::Registration,
}

impl Staging {
    /// Sweeps the target's parent directory of what killed runs left, and
    /// makes the staging directory there with `output`'s marker in it.
    /// `target` is absolute and checked by [`check`].
    ///
    /// # Errors
    /// When the parent or the staging directory cannot be made or written.
    pub fn begin(output: Output, target: &Path) -> Result<Self, OutDirError> {
        let parent =
            target.parent().ok_or_else(|| OutDirError::NotADirectory { target: target.display().to_string() })?;
        std::fs::create_dir_all(parent).map_err(io_error("create", parent))?;
        let swept = sweep(parent);
        let (dir, registration) = scratch::make_removed_on_interrupt(
            || {
                tempfile::Builder::new()
                    .prefix(&format!("{STAGING_PREFIX}{}-", std::process::id()))
                    .tempdir_in(parent)
                    .map(tempfile::TempDir::keep)
            },
            PathBuf::clone,
        )
        .map_err(io_error("write in", parent))?;
        let staging = Staging {
            output,
            target: target.to_path_buf(),
            dir,
            swept,
            files: 0,
            finished: false,
            _registration: registration,
        };
        // A temporary directory is private (0700); a report is an ordinary one.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&staging.dir, std::fs::Permissions::from_mode(0o755))
                .map_err(io_error("write in", &staging.dir))?;
        }
        std::fs::write(staging.dir.join(output.marker()), marker_text(output))
            .map_err(io_error("write", &staging.dir))?;
        Ok(staging)
    }

    /// Writes the file `relative` (to the output's directory), making its
    /// directories.
    ///
    /// # Errors
    /// When a directory or the file cannot be made.
    pub fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<(), OutDirError> {
        self.write_file(relative, bytes).map_err(|(path, source)| io_error("write", &path)(source))
    }

    fn write_file(&mut self, relative: &str, bytes: &[u8]) -> Result<(), (PathBuf, io::Error)> {
        let path = self.dir.join(relative);
        if let Some(dir) = Path::new(relative).parent()
            && let Err(err) = create_below(&self.dir, dir)
        {
            return Err((path, err));
        }
        match std::fs::write(&path, bytes) {
            Ok(()) => {
                self.files += 1;
                Ok(())
            }
            Err(err) => Err((path, err)),
        }
    }

    /// The number of files written, the marker aside.
    #[must_use]
    pub fn files(&self) -> usize {
        self.files
    }

    /// Puts the staging directory in the target's place, replacing what is
    /// there (an output of the same kind, or an empty directory). Returns
    /// what the sweep of the parent directory found.
    ///
    /// # Errors
    /// When the target cannot be replaced; it is then as it was.
    pub fn finish(mut self) -> Result<Swept, OutDirError> {
        hold_staged();
        let parent = self.target.parent().unwrap_or(Path::new("/"));
        let name = self.target.file_name().unwrap_or_default();
        replace(self.output, &self.dir, &self.target, parent, name)?;
        self.finished = true;
        Ok(std::mem::take(&mut self.swept))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl crate::render::report::Sink for Staging {
    fn put(&mut self, path: String, bytes: Vec<u8>) -> Result<(), crate::render::RenderError> {
        self.write_file(&path, &bytes).map_err(|(path, cause)| crate::render::RenderError::Write { path, cause })
    }
}

/// The one test hook: with `CHAINMAP_HOLD_STAGED_REPORT=SECONDS` set, a
/// finished staging directory waits that long before it replaces the
/// target. An optimised build writes a report in milliseconds, too fast
/// for a test to interrupt it at the instant both reports exist; this
/// holds that instant open. Unset (or not a number), it costs nothing.
fn hold_staged() {
    if let Some(seconds) = std::env::var("CHAINMAP_HOLD_STAGED_REPORT").ok().and_then(|s| s.parse::<f64>().ok())
        && let Ok(pause) = std::time::Duration::try_from_secs_f64(seconds)
    {
        std::thread::sleep(pause);
    }
}

/// Moves the finished `staging` directory to `target`, replacing what is
/// there (a report, or an empty directory). On success `staging` is gone.
fn replace(
    output: Output,
    staging: &Path,
    target: &Path,
    parent: &Path,
    name: &std::ffi::OsStr,
) -> Result<(), OutDirError> {
    let Ok(meta) = std::fs::symlink_metadata(target) else {
        return std::fs::rename(staging, target).map_err(io_error("move the new report to", target));
    };
    // Checked again: the directory may have changed since `check`.
    if !meta.is_dir() {
        return Err(OutDirError::NotADirectory { target: target.display().to_string() });
    }
    if !replaceable(target).map_err(io_error("read", target))? {
        let (what, marker) = (output.noun(), output.marker());
        return Err(OutDirError::NotAReport { what, marker, target: target.display().to_string() });
    }
    swap_into_place(staging, target, parent, name)
}

/// Moves the finished directory `staging` to the existing directory
/// `target` in `parent` (`name` is the target's name), removing what was
/// there: atomically where the system can exchange the two, else by two
/// renames that put the old one back on failure or interruption. The
/// caller has checked that `target` may be replaced. On success `staging`
/// is gone.
pub fn swap_into_place(
    staging: &Path,
    target: &Path,
    parent: &Path,
    name: &std::ffi::OsStr,
) -> Result<(), OutDirError> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => {
                // `staging` now holds the old report.
                return std::fs::remove_dir_all(staging).map_err(io_error("remove the old report in", staging));
            }
            // No exchange on this file system or kernel: fall back below.
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {}
            Err(e) => return Err(io_error("move the new report to", target)(e.into())),
        }
    }
    two_renames(staging, target, parent, name)
}

/// The replace without an atomic exchange: the old report aside, the new
/// one into place, the old one removed; the old one goes back on failure or
/// interruption.
fn two_renames(staging: &Path, target: &Path, parent: &Path, name: &std::ffi::OsStr) -> Result<(), OutDirError> {
    let old_dir = tempfile::Builder::new()
        .prefix(&format!("{OLD_PREFIX}{}-", std::process::id()))
        .tempdir_in(parent)
        .map_err(io_error("write in", parent))?
        .keep();
    let old = old_dir.join(name);
    let registration = scratch::restore_on_interrupt(&old, target, &old_dir);
    if let Err(e) = std::fs::rename(target, &old) {
        let _ = std::fs::remove_dir(&old_dir);
        return Err(io_error("move aside", target)(e));
    }
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&old, target);
        let _ = std::fs::remove_dir_all(&old_dir);
        return Err(io_error("move the new report to", target)(e));
    }
    let removed = std::fs::remove_dir_all(&old_dir).map_err(io_error("remove the old report in", &old_dir));
    drop(registration);
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(content: &str) -> Files {
        let mut files = Files::new();
        files.insert("index.html".into(), content.as_bytes().to_vec());
        files.insert("csv/region/firms.csv".into(), b"a,b\n".to_vec());
        files
    }

    /// A directory holding the report `out`, its page saying `page`.
    fn a_report_of(page: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write(Output::Report, &out, &files(page)).unwrap();
        (dir, out)
    }

    /// `dir` holds the report `out` and nothing else: no staging directory,
    /// no old report.
    fn assert_only_out_in(dir: &Path) {
        let beside: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(beside, ["out"]);
    }

    #[test]
    fn absolute_resolves_what_does_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        assert_eq!(absolute(&base.join("a/b/../c")).unwrap(), base.join("a/c"));
        assert_eq!(absolute(&base.join("a/./b")).unwrap(), base.join("a/b"));
    }

    #[test]
    fn the_dataset_is_never_a_target() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("proj");
        let data = project.join("chains");
        std::fs::create_dir_all(&data).unwrap();
        assert!(matches!(check(Output::Report, &data, &data, true), Err(OutDirError::IsDataset { .. })));
        assert!(matches!(
            check(Output::Report, &data.join("out"), &data, true),
            Err(OutDirError::InsideDataset { .. })
        ));
        assert!(matches!(check(Output::Report, &project, &data, true), Err(OutDirError::HoldsDataset { .. })));
        assert!(matches!(check(Output::Report, dir.path(), &data, true), Err(OutDirError::HoldsDataset { .. })));
        // Through `..` and a symbolic link too.
        assert!(matches!(
            check(Output::Report, &data.join("../chains/x/.."), &data, true),
            Err(OutDirError::IsDataset { .. })
        ));
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&project, &link).unwrap();
            assert!(matches!(check(Output::Report, &link, &data, true), Err(OutDirError::HoldsDataset { .. })));
        }
    }

    #[test]
    fn only_reports_and_empty_directories_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let out = dir.path().join("out");
        assert_eq!(check(Output::Report, &out, &data, false).unwrap(), absolute(&out).unwrap());
        std::fs::create_dir(&out).unwrap();
        assert!(matches!(check(Output::Report, &out, &data, false), Err(OutDirError::Exists { .. })));
        assert!(check(Output::Report, &out, &data, true).is_ok(), "an empty directory");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(matches!(check(Output::Report, &out, &data, true), Err(OutDirError::NotAReport { .. })));
        std::fs::write(out.join(MARKER), marker_text(Output::Report)).unwrap();
        assert!(check(Output::Report, &out, &data, true).is_ok(), "a report");
    }

    #[test]
    fn a_bulletin_has_its_own_marker_and_words_and_replaces_either_kind() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let err = check(Output::Bulletin, &data.join("out"), &data, true).unwrap_err().to_string();
        assert!(err.starts_with("refusing to write the bulletin inside the dataset directory"), "{err}");
        let out = dir.path().join("out");
        write(Output::Bulletin, &out, &files("one")).unwrap();
        assert!(out.join(BULLETIN_MARKER).is_file() && !out.join(MARKER).exists());
        assert!(std::fs::read_to_string(out.join(BULLETIN_MARKER)).unwrap().contains("`chainmap bulletin --force`"));
        // A bulletin of an earlier version, marked as a report, is replaced too.
        std::fs::remove_file(out.join(BULLETIN_MARKER)).unwrap();
        std::fs::write(out.join(MARKER), marker_text(Output::Report)).unwrap();
        assert!(check(Output::Bulletin, &out, &data, true).is_ok());
        write(Output::Bulletin, &out, &files("two")).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        std::fs::remove_file(out.join(BULLETIN_MARKER)).unwrap();
        let err = check(Output::Bulletin, &out, &data, true).unwrap_err().to_string();
        assert!(err.contains("it is not a bulletin written by chainmap (it has no .chainmap-bulletin file)"), "{err}");
    }

    #[test]
    fn a_report_replaces_a_report_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write(Output::Report, &out, &files("one")).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert!(out.join(MARKER).is_file());
        write(Output::Report, &out, &files("two")).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_only_out_in(dir.path());
    }

    /// The report's files go into the staging directory as they are made;
    /// a run that fails on the way leaves the old report and nothing beside it.
    #[test]
    fn files_are_staged_as_they_come_and_a_staging_left_unfinished_is_removed() {
        use crate::render::report::Sink;

        let (dir, out) = a_report_of("one");
        let mut staging = Staging::begin(Output::Report, &out).unwrap();
        staging.put("csv/region/firms.csv".into(), b"a\n".to_vec()).unwrap();
        staging.put("index.html".into(), b"two".to_vec()).unwrap();
        assert_eq!(staging.files(), 2);
        assert_eq!(std::fs::read_to_string(staging.dir.join("csv/region/firms.csv")).unwrap(), "a\n");
        assert!(staging.dir.join(MARKER).is_file());
        // A file where a directory must go: the error names the file.
        let err = staging.put("index.html/x".into(), Vec::new()).unwrap_err();
        assert!(err.to_string().contains("index.html/x"), "{err}");
        drop(staging);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert_only_out_in(dir.path());

        let mut staging = Staging::begin(Output::Report, &out).unwrap();
        staging.put("index.html".into(), b"two".to_vec()).unwrap();
        staging.finish().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("csv").exists(), "the new report is the staged one, whole");
    }

    #[test]
    fn the_two_rename_fallback_replaces_and_leaves_nothing_beside_it() {
        let (dir, out) = a_report_of("one");
        let mut staging = Staging::begin(Output::Report, &out).unwrap();
        staging.write("index.html", b"two").unwrap();
        two_renames(&staging.dir, &out, dir.path(), out.file_name().unwrap()).unwrap();
        staging.finished = true;
        drop(staging);
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert_only_out_in(dir.path());
    }

    #[cfg(unix)]
    #[test]
    fn the_sweep_removes_staging_of_killed_runs_and_restores_a_missing_report() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let staging = dir.path().join(format!("{STAGING_PREFIX}{gone}-abc"));
        std::fs::create_dir(&staging).unwrap();
        std::fs::write(staging.join("index.html"), "half").unwrap();
        let old = dir.path().join(format!("{OLD_PREFIX}{gone}-def"));
        std::fs::create_dir_all(old.join("out")).unwrap();
        std::fs::write(old.join("out/index.html"), "old").unwrap();
        // pid 1 is running: its staging directory stays.
        let live = dir.path().join(format!("{STAGING_PREFIX}1-ghi"));
        std::fs::create_dir(&live).unwrap();

        let swept = sweep(dir.path());
        assert_eq!(swept.restored, [dir.path().join("out")]);
        assert_eq!(swept.removed, [old, staging]);
        assert_eq!(std::fs::read_to_string(dir.path().join("out/index.html")).unwrap(), "old");
        assert!(live.is_dir());
    }
}
