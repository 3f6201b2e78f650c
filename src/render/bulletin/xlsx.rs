//! The bulletin as a workbook: one sheet per table, in the bulletin's
//! order, cells guarded against formulas (`render::xlsx`).

use super::model::Bulletin;
use crate::render::RenderError;
use crate::render::xlsx::{Sheet, to_bytes};

/// The workbook's bytes.
///
/// # Errors
/// When the workbook cannot be built.
pub fn bulletin_xlsx(b: &Bulletin) -> Result<Vec<u8>, RenderError> {
    let sheets: Vec<Sheet<'_>> =
        b.parts.iter().flat_map(|p| &p.tables).map(|t| Sheet { name: &t.sheet, table: &t.table }).collect();
    to_bytes(&sheets)
}
