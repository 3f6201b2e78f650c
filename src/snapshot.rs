//! Keeping a month's copy of a dataset (docs/analysis.md#snapshots): the
//! files the loader reads, copied into `snapshots/<YYYY-MM>/` inside the
//! dataset, so that next month `chainmap diff` (and the bulletin) can say
//! what changed since.
//!
//! ```text
//! chains/                         chains/snapshots/
//!   region.json  ─┐                 .chainmap-snapshot-<pid>-…/   (staging, filled first)
//!   food.json     ├─ copy ────────▶   region.json food.json firms.csv …
//!   firms.csv    ─┘                      │ rename (or exchange) into place
//!   snapshots/    (not copied)           ▼
//!                                   2026-03/
//! ```
//!
//! A snapshot is written whole or not at all: the copy is made in a
//! staging directory beside the target and moved into place in one step
//! (replacing an existing snapshot only when asked, through
//! [`outdir::swap_into_place`]). An interrupted run removes its staging
//! directory; one killed outright leaves it to the next run to remove.
//! Nothing here prints; the dataset's own files are only read.

use std::path::{Path, PathBuf};

use crate::load::{LoadError, input_files};
use crate::model::{Dataset, Date, Month};
use crate::render::outdir::{self, OutDirError};
use crate::scratch;

/// The directory inside a dataset that holds its snapshots.
pub const SNAPSHOTS_DIR: &str = "snapshots";

/// Name prefix of staging directories: `.chainmap-snapshot-<pid>-<random>`.
pub const STAGING_PREFIX: &str = ".chainmap-snapshot-";

/// The latest snapshot of `dataset` kept for a month before `period` (any
/// month, without a period): what the bulletin compares with by default.
/// Only directories named `YYYY-MM` count; `None` when there is none.
#[must_use]
pub fn previous_snapshot(dataset: &Path, period: Option<Month>) -> Option<(Month, PathBuf)> {
    let dir = dataset.join(SNAPSHOTS_DIR);
    std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            // Only the ISO form the snapshot command writes, not every written one.
            let month = name.parse::<Month>().ok()?;
            (month.to_string() == name).then_some((month, e.path()))
        })
        .filter(|(month, _)| period.is_none_or(|p| *month < p))
        .max_by_key(|(month, _)| *month)
}

/// Why a snapshot could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{dir} already exists; pass --force to replace it, or --period to keep another month")]
    Exists { dir: String },
    #[error("{dir} exists and is not a directory; move it away first")]
    NotADirectory { dir: String },
    #[error(transparent)]
    Dataset(#[from] LoadError),
    #[error("cannot {what} {path}: {source}")]
    Io {
        what: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Replace(#[from] OutDirError),
}

impl SnapshotError {
    /// Whether the arguments are at fault (a usage error) rather than the
    /// file system or the dataset.
    #[must_use]
    pub fn is_usage(&self) -> bool {
        matches!(self, SnapshotError::Exists { .. } | SnapshotError::NotADirectory { .. })
    }
}

fn io_error<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> SnapshotError + 'a {
    move |source| SnapshotError::Io { what, path: path.display().to_string(), source }
}

/// A snapshot written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// `<dataset>/snapshots/<period>`.
    pub dir: PathBuf,
    /// The files copied, sorted.
    pub files: Vec<String>,
    /// Whether an earlier snapshot of the period was replaced.
    pub replaced: bool,
}

/// The period a snapshot is kept for when none is given: the latest month
/// of the monthly table, else the month of `today`.
#[must_use]
pub fn default_period(dataset: &Dataset, today: Date) -> Month {
    dataset.monthly.span().map_or_else(|| today.month(), |(_, last)| last)
}

/// Where the snapshot of `period` of the dataset in `dataset_dir` goes.
#[must_use]
pub fn snapshot_dir(dataset_dir: &Path, period: Month) -> PathBuf {
    dataset_dir.join(SNAPSHOTS_DIR).join(period.to_string())
}

/// Copies the dataset's files (those [`input_files`] lists; never
/// `snapshots/`) into `snapshots/<period>/`, whole or not at all. An
/// existing snapshot of the period is replaced only with `force`.
pub fn write_snapshot(dataset_dir: &Path, period: Month, force: bool) -> Result<Snapshot, SnapshotError> {
    let files = input_files(dataset_dir)?;
    let parent = dataset_dir.join(SNAPSHOTS_DIR);
    let target = snapshot_dir(dataset_dir, period);
    let shown = target.display().to_string();
    let existing = std::fs::symlink_metadata(&target).ok();
    match &existing {
        Some(meta) if !meta.is_dir() => return Err(SnapshotError::NotADirectory { dir: shown }),
        Some(_) if !force => return Err(SnapshotError::Exists { dir: shown }),
        _ => {}
    }
    std::fs::create_dir_all(&parent).map_err(io_error("create", &parent))?;
    for stale in scratch::stale(&parent, STAGING_PREFIX) {
        let _ = std::fs::remove_dir_all(stale);
    }
    // Puts back a snapshot a killed two-rename replace had moved aside.
    outdir::sweep(&parent);

    let staging = tempfile::Builder::new()
        .prefix(&format!("{STAGING_PREFIX}{}-", std::process::id()))
        .tempdir_in(&parent)
        .map_err(io_error("write in", &parent))?
        .keep();
    let registration = scratch::remove_on_interrupt(&staging);
    let result = fill(&staging, dataset_dir, &files).and_then(|()| {
        let name = target.file_name().unwrap_or_default();
        if existing.is_some() {
            outdir::swap_into_place(&staging, &target, &parent, name).map_err(SnapshotError::from)
        } else {
            std::fs::rename(&staging, &target).map_err(io_error("move the snapshot to", &target))
        }
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    drop(registration);
    result.map(|()| Snapshot { dir: target, files, replaced: existing.is_some() })
}

/// Copies `files` from `from` into the staging directory.
fn fill(staging: &Path, from: &Path, files: &[String]) -> Result<(), SnapshotError> {
    // A temporary directory is private (0700); a snapshot is an ordinary one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(staging, std::fs::Permissions::from_mode(0o755))
            .map_err(io_error("write in", staging))?;
    }
    for name in files {
        let source = from.join(name);
        std::fs::copy(&source, staging.join(name)).map_err(io_error("copy", &source))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tea.json"), "{}").unwrap();
        std::fs::write(dir.path().join("firms.csv"), "firm_id\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not data").unwrap();
        dir
    }

    fn month(text: &str) -> Month {
        text.parse().unwrap()
    }

    #[test]
    fn copies_the_input_files_only() {
        let dir = dataset_dir();
        let snapshot = write_snapshot(dir.path(), month("2026-03"), false).unwrap();
        assert_eq!(snapshot.dir, dir.path().join("snapshots/2026-03"));
        assert_eq!(snapshot.files, ["firms.csv", "tea.json"]);
        assert!(!snapshot.replaced);
        assert_eq!(std::fs::read_to_string(snapshot.dir.join("firms.csv")).unwrap(), "firm_id\n");
        assert!(!snapshot.dir.join("notes.txt").exists());
        let beside: Vec<_> =
            std::fs::read_dir(dir.path().join("snapshots")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(beside, ["2026-03"], "no staging directory left");
    }

    #[test]
    fn a_second_snapshot_of_a_month_needs_force() {
        let dir = dataset_dir();
        write_snapshot(dir.path(), month("2026-03"), false).unwrap();
        std::fs::write(dir.path().join("firms.csv"), "firm_id\nF1\n").unwrap();
        assert!(matches!(write_snapshot(dir.path(), month("2026-03"), false), Err(SnapshotError::Exists { .. })));
        let kept = dir.path().join("snapshots/2026-03/firms.csv");
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "firm_id\n", "left as it was");
        let snapshot = write_snapshot(dir.path(), month("2026-03"), true).unwrap();
        assert!(snapshot.replaced);
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), "firm_id\nF1\n");
    }

    #[test]
    fn snapshots_are_not_copied_into_snapshots() {
        let dir = dataset_dir();
        write_snapshot(dir.path(), month("2026-02"), false).unwrap();
        let snapshot = write_snapshot(dir.path(), month("2026-03"), false).unwrap();
        assert!(!snapshot.dir.join(SNAPSHOTS_DIR).exists());
    }

    #[test]
    fn without_monthly_data_the_period_is_the_month_of_today() {
        let today = Date::new(2026, 4, 2).unwrap();
        assert_eq!(default_period(&Dataset::default(), today), month("2026-04"));
    }
}
