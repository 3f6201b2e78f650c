//! Why rendering failed: the one error type of `render`. Each message says
//! what to do about it; the command line adds nothing but `error: `.

use std::path::PathBuf;

use rust_xlsxwriter::XlsxError;

use super::map::MapError;

/// A failure while rendering or writing output.
///
/// Each message is complete on its own (it includes the underlying cause),
/// so only [`RenderError::Map`] passes a source on.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A directory for the output could not be made.
    #[error(
        "cannot create the directory {}: {cause}; check the path, and that you may write to its parent",
        path.display()
    )]
    CreateDir { path: PathBuf, cause: std::io::Error },
    /// An output file could not be written.
    #[error(
        "cannot write {}: {cause}; check that you may write to its directory and that the disk has room",
        path.display()
    )]
    Write { path: PathBuf, cause: std::io::Error },
    /// A workbook could not be built.
    #[error(
        "cannot build the XLSX workbook: {0}; a sheet holds at most 1,048,576 rows and a cell at most 32,767 \
         characters, so shorten the data or use the CSV output instead"
    )]
    Xlsx(XlsxError),
    /// A big sheet's temporary file could not be written (a full disk, say).
    #[error(
        "cannot write the temporary file of a big sheet in {}: {cause}; free space there, or set TMPDIR to a \
         directory on a disk with room",
        dir.display()
    )]
    SheetTemp { dir: PathBuf, cause: String },
    /// A Word document could not be packed.
    #[error("cannot build the Word document {name}: {cause}; this is a bug, please report it with the dataset")]
    Docx { name: String, cause: String },
    /// A map could not be made (Graphviz missing or failing, a raster or PDF step).
    #[error(transparent)]
    Map(#[from] MapError),
}

impl From<XlsxError> for RenderError {
    fn from(err: XlsxError) -> Self {
        RenderError::Xlsx(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::write_whole;

    #[test]
    fn messages_hold_the_cause_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain-file");
        std::fs::write(&file, "x").unwrap();
        // A directory cannot be made below a plain file.
        let err = write_whole(&file.join("maps/flow.svg"), b"<svg/>").unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, RenderError::CreateDir { .. }), "{err:?}");
        assert!(message.starts_with(&format!("cannot create the directory {}: ", file.join("maps").display())));
        assert!(message.ends_with("; check the path, and that you may write to its parent"), "{message}");
        // Complete on its own: no source to repeat after it.
        assert!(std::error::Error::source(&err).is_none());
    }

    #[test]
    fn map_failures_pass_through() {
        let err = RenderError::from(MapError::DotMissing { format: "svg" });
        assert_eq!(err.to_string(), MapError::DotMissing { format: "svg" }.to_string());
    }

    #[test]
    fn workbook_failures_say_what_to_do() {
        let sheet = crate::render::Table::new(&["x"]);
        let bad = [crate::render::xlsx::Sheet { name: "a/b", table: &sheet }];
        let err = crate::render::xlsx::to_bytes(&bad).unwrap_err();
        assert!(err.to_string().starts_with("cannot build the XLSX workbook: "), "{err}");
        assert!(err.to_string().contains("use the CSV output instead"));
    }
}
