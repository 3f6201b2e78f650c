//! Model and results → text for people and machines.

pub mod gaps;
pub mod map;
pub mod number;
pub mod report;
pub mod table;
pub mod targets;
pub mod xlsx;

pub use table::{Align, Table};

/// Writes `bytes` to `path` whole: into a temporary file in the same
/// directory (created if need be), then renamed over the target, so a
/// reader never sees half a file and a failed run leaves the old one.
///
/// # Errors
/// When the directory cannot be written.
pub fn write_whole(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    // A temporary file is private (0600); what we write is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
