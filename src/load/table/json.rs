//! Reading a JSON table: an array of objects, as an integrator writes it.
//! Numbers, booleans and arrays of tags become cells as a person would
//! type them.

use std::path::Path;

use serde_json::value::RawValue;

use super::header::map_header;
use super::{Cells, Row, TableSpec};
use crate::load::diag::Diagnostics;
use crate::load::locate::{line_column, offset_of, serde_error_position};

/// Reads a JSON table: an array of objects, the union of their keys as the
/// header, each row at the line of its object.
pub(super) fn read(
    path: &Path,
    file: &str,
    spec: &TableSpec,
    diags: &mut Diagnostics,
    on_row: &mut dyn FnMut(&Row<'_>, &mut Diagnostics),
) -> bool {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            diags.error(file, 0, format!("cannot read: {err}"));
            return false;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let rows: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(rows) => rows,
        Err(err) => {
            let (line, column, message) = serde_error_position(text, 0, &err);
            diags
                .error(file, line, format!("malformed JSON: {message}"))
                .column(column)
                .hint("a JSON table is an array of objects, one per row");
            return false;
        }
    };
    // The header is the union of the rows' keys, in order of appearance.
    let mut objects = Vec::with_capacity(rows.len());
    let mut headers: Vec<String> = Vec::new();
    for raw in &rows {
        let (line, column) = line_column(text, offset_of(text, raw));
        match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(raw.get()) {
            Ok(object) => {
                for key in object.keys() {
                    if !headers.contains(key) {
                        headers.push(key.clone());
                    }
                }
                objects.push((line, column, object));
            }
            Err(_) => {
                diags.error(file, line, "a row must be a JSON object").column(column);
            }
        }
    }
    if objects.is_empty() {
        return true; // an empty table: no rows, nothing to check
    }
    let header_line = objects.first().map_or(1, |(line, _, _)| *line);
    let Some(map) = map_header(spec, &headers, file, header_line, diags) else {
        return false;
    };
    let mut cells = Vec::with_capacity(headers.len());
    for (line, column, object) in &objects {
        cells.clear();
        for key in &headers {
            let text = match object.get(key) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Bool(b)) => if *b { "yes" } else { "no" }.to_owned(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(";"),
                Some(serde_json::Value::Object(_)) => {
                    diags.error(file, *line, format!("field `{key}` must not be an object")).column(*column);
                    String::new()
                }
            };
            cells.push(text);
        }
        on_row(&Row { line: *line, spec, map: &map, cells: Cells::Owned(&cells), previous: &[] }, diags);
    }
    true
}
