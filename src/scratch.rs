//! Scratch paths and child processes that must not outlive the run that
//! made them: the report's staging directory, the directory `gen` fills
//! before renaming it into place, a temporary file, a Graphviz child.
//!
//! Code that makes one registers it here for as long as it exists (the
//! returned [`Registration`] unregisters it when dropped). When the run is
//! interrupted, the command line's signal handler calls [`clean_up`] and
//! exits; nothing here prints or exits. Runs that were killed outright
//! (SIGKILL, a power cut) cannot clean up: their scratch directories carry
//! the owner's process id, and [`stale`] finds those whose owner is gone so
//! the next run can remove them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// What to undo for one registration.
#[derive(Debug)]
enum Undo {
    /// Remove this path: a directory with everything in it, or a file.
    Remove(PathBuf),
    /// Move `from` back to `to` if `to` is missing, then remove `dir`
    /// (which holds `from`): the old report during a two-rename replace.
    Restore { from: PathBuf, to: PathBuf, dir: PathBuf },
    /// Kill this child process.
    Kill(u32),
}

static REGISTRY: Mutex<Vec<(u64, Undo)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A registered scratch path or process; dropping it unregisters it (the
/// owner has finished with it: renamed it into place, removed it, reaped it).
#[derive(Debug)]
#[must_use = "the registration ends when this is dropped"]
pub struct Registration(u64);

impl Drop for Registration {
    fn drop(&mut self) {
        let mut registry = REGISTRY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        registry.retain(|(id, _)| *id != self.0);
    }
}

fn register(undo: Undo) -> Registration {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    REGISTRY.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((id, undo));
    Registration(id)
}

/// Removes `path` (a directory and all in it, or a file) if the run is interrupted.
pub fn remove_on_interrupt(path: &Path) -> Registration {
    register(Undo::Remove(path.to_path_buf()))
}

/// Makes a scratch path with `make` and removes it if the run is
/// interrupted. The registry stays locked from before `make` until the
/// path is registered, so an interrupt in between waits and then removes
/// it too. `make` must not register anything itself.
pub fn make_removed_on_interrupt<T, E>(
    make: impl FnOnce() -> Result<T, E>,
    path_of: impl FnOnce(&T) -> PathBuf,
) -> Result<(T, Registration), E> {
    let mut registry = REGISTRY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let made = make()?;
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    registry.push((id, Undo::Remove(path_of(&made))));
    Ok((made, Registration(id)))
}

/// If the run is interrupted: moves `from` back to `to` when `to` is
/// missing, then removes `dir`.
pub fn restore_on_interrupt(from: &Path, to: &Path, dir: &Path) -> Registration {
    register(Undo::Restore { from: from.to_path_buf(), to: to.to_path_buf(), dir: dir.to_path_buf() })
}

/// Spawns `command` and kills the child if the run is interrupted. The
/// registry stays locked from before the spawn until the child is
/// registered, so an interrupt that comes in between waits for the
/// registration and then kills the child too.
pub fn spawn_killed_on_interrupt(
    command: &mut std::process::Command,
) -> std::io::Result<(std::process::Child, Registration)> {
    let mut registry = REGISTRY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let child = command.spawn()?;
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    registry.push((id, Undo::Kill(child.id())));
    Ok((child, Registration(id)))
}

/// Undoes every registration, newest first: kills the children, puts old
/// reports back, removes scratch paths. Meant to be called just before the
/// process exits: the registry stays locked afterwards, so a thread still
/// working cannot register (or unregister) anything more.
pub fn clean_up() {
    let mut registry = REGISTRY.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    for (_, undo) in registry.iter().rev() {
        if let Undo::Kill(pid) = undo {
            kill(*pid);
        }
    }
    for (_, undo) in registry.drain(..).rev() {
        match undo {
            Undo::Remove(path) => remove(&path),
            Undo::Restore { from, to, dir } => {
                if std::fs::symlink_metadata(&to).is_err() {
                    let _ = std::fs::rename(&from, &to);
                }
                remove(&dir);
            }
            Undo::Kill(_) => {}
        }
    }
    std::mem::forget(registry);
}

fn remove(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            // A thread of this run may still be adding files to it; a
            // removal that meets a new entry fails, so try again.
            for _ in 0..20 {
                if std::fs::remove_dir_all(path).is_ok() || std::fs::symlink_metadata(path).is_err() {
                    break;
                }
            }
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

#[cfg(unix)]
fn kill(pid: u32) {
    if let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
    }
}

#[cfg(not(unix))]
fn kill(_pid: u32) {}

/// Whether a process with this id is running. (`kill(pid, 0)`, which asks
/// the same as looking for `/proc/<pid>` on Linux and works on every Unix.)
/// Where that cannot be asked, every process counts as running, so nothing
/// of a live run is ever taken for stale.
#[must_use]
pub fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        match i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) {
            Some(pid) => match rustix::process::test_kill_process(pid) {
                Ok(()) => true,
                // Running, under another user.
                Err(e) => e != rustix::io::Errno::SRCH,
            },
            None => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// The process id in a scratch name `<prefix><pid>` or `<prefix><pid>-…`.
fn owner(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let digits = rest.split('-').next()?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The entries of `dir` named `<prefix><pid>` or `<prefix><pid>-…` whose
/// owner is not running (or is this process, which has not made them yet):
/// left by runs that were killed. Sorted by name.
#[must_use]
pub fn stale(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let me = std::process::id();
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name().to_str().and_then(|n| owner(n, prefix)).is_some_and(|pid| pid == me || !is_running(pid))
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_is_read_from_the_name() {
        assert_eq!(owner(".chainmap-report-123-abc", ".chainmap-report-"), Some(123));
        assert_eq!(owner(".out.gen-77", ".out.gen-"), Some(77));
        assert_eq!(owner(".chainmap-report-abc", ".chainmap-report-"), None);
        assert_eq!(owner(".chainmap-report-", ".chainmap-report-"), None);
        assert_eq!(owner("report", ".chainmap-report-"), None);
    }

    #[cfg(unix)]
    #[test]
    fn this_process_is_running_and_a_reaped_child_is_not() {
        assert!(is_running(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!is_running(pid));
    }

    #[cfg(unix)]
    #[test]
    fn stale_entries_are_those_of_gone_owners() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        // pid 1 is always running.
        for name in [format!(".x-{gone}-a"), ".x-1-b".to_owned(), ".x-zz".to_owned(), "x".to_owned()] {
            std::fs::create_dir(dir.path().join(name)).unwrap();
        }
        assert_eq!(stale(dir.path(), ".x-"), vec![dir.path().join(format!(".x-{gone}-a"))]);
    }
}
