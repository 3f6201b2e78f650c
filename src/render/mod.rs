//! Model and results → text for people and machines.

pub mod bulletin;
pub mod diff;
pub mod error;
pub mod gaps;
pub mod json;
pub mod map;
pub mod monitor;
pub mod number;
pub mod outdir;
pub mod report;
pub mod risk;
pub mod row;
pub mod table;
pub mod targets;
pub mod word;
pub mod xlsx;

pub use error::RenderError;
pub use table::{Align, Table};

use crate::analysis::{LinkAnalysis, LinkStatus};
use crate::model::Lang;

/// The statuses in the order headlines and legends show them.
pub const STATUSES: [LinkStatus; 3] = [LinkStatus::Strong, LinkStatus::Weak, LinkStatus::Missing];

/// Link counts by status, as headlines show them: "较强 2 · 薄弱 1 · 缺失 4".
#[must_use]
pub fn status_counts<'a>(links: impl IntoIterator<Item = &'a LinkAnalysis>, lang: Lang) -> String {
    let statuses: Vec<LinkStatus> = links.into_iter().map(|l| l.status).collect();
    let counts: Vec<String> = STATUSES
        .iter()
        .map(|&s| format!("{} {}", s.label(lang), statuses.iter().filter(|&&t| t == s).count()))
        .collect();
    counts.join(" · ")
}

/// Links of a status, in words: 缺失环节, missing links.
#[must_use]
pub fn status_links(status: LinkStatus, lang: Lang) -> String {
    format!("{}{}", status.label(lang), lang.pick("环节", " links"))
}

/// Writes `bytes` to `path` whole: into a temporary file in the same
/// directory (created if need be), then renamed over the target, so a
/// reader never sees half a file and a failed run leaves the old one.
///
/// # Errors
/// When the directory cannot be made or written.
pub fn write_whole(path: &std::path::Path, bytes: &[u8]) -> Result<(), RenderError> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|cause| RenderError::CreateDir { path: dir.to_path_buf(), cause })?;
    let failed = |cause| RenderError::Write { path: path.to_path_buf(), cause };
    let (mut tmp, _registration) = crate::scratch::make_removed_on_interrupt(
        || tempfile::NamedTempFile::new_in(dir),
        |tmp| tmp.path().to_path_buf(),
    )
    .map_err(failed)?;
    tmp.write_all(bytes).map_err(failed)?;
    // A temporary file is private (0600); what we write is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644)).map_err(failed)?;
    }
    tmp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}
