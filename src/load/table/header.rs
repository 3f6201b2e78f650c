//! Matching a table's header row to the columns its kind expects: English
//! names or Chinese aliases, in any case, with units in brackets ignored.

use super::TableSpec;
use crate::load::diag::{DiagKind, Diagnostics};
use crate::load::suggest::best_match;

/// Normalises a header cell: no BOM, no unit in brackets, lowercase, `_` for spaces.
pub(super) fn normalize_header(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            ' ' | '-' => out.push('_'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out.trim_matches('_').to_owned()
}

/// How many non-empty rows may stand above the header row: a title, the
/// date of the roster, a line of instructions, as offices save their sheets.
pub(super) const ROWS_ABOVE_HEADER: usize = 10;

/// The column of `spec` a header cell names, if any.
fn column_of(spec: &TableSpec, header: &str) -> Option<usize> {
    let key = normalize_header(header);
    if key.is_empty() {
        return None;
    }
    spec.columns.iter().position(|c| c.name == key || c.aliases.iter().any(|a| normalize_header(a) == key))
}

/// Whether `cells` is a header row: it names every required column of `spec`.
pub(super) fn is_header(spec: &TableSpec, cells: &[String]) -> bool {
    let named: Vec<usize> = cells.iter().filter_map(|cell| column_of(spec, cell)).collect();
    spec.columns.iter().enumerate().all(|(col, c)| !c.required || named.contains(&col))
}

/// Looks for the header among the first non-empty rows of a table: the
/// first row naming every required column. Rows above it are skipped.
#[derive(Debug, Default)]
pub(super) struct HeaderSearch {
    /// The first non-empty row and its line: what is reported when no row
    /// is a header.
    pub first: Option<(Vec<String>, usize)>,
    /// Non-empty rows looked at.
    seen: usize,
}

/// What [`HeaderSearch::offer`] made of a row.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Search {
    /// This row is the header.
    Found,
    /// Not yet: the row stands above the header.
    Skip,
    /// Too many rows without a header: the table has none.
    GiveUp,
}

impl HeaderSearch {
    /// Looks at the next non-empty row.
    pub(super) fn offer(&mut self, spec: &TableSpec, cells: &[String], line: usize) -> Search {
        if self.first.is_none() {
            self.first = Some((cells.to_vec(), line));
        }
        self.seen += 1;
        if is_header(spec, cells) {
            Search::Found
        } else if self.seen > ROWS_ABOVE_HEADER {
            Search::GiveUp
        } else {
            Search::Skip
        }
    }

    /// Whether the header found is the first non-empty row.
    pub(super) fn at_top(&self) -> bool {
        self.seen <= 1
    }

    /// Notes where the header of a CSV table was found, when rows stood
    /// above it.
    pub(super) fn note_found(&self, file: &str, line: usize, diags: &mut Diagnostics) {
        if !self.at_top() {
            diags.note(file, line, format!("the header is on line {line}; the lines above it were skipped"));
        }
    }
}

/// Maps header cells to the spec's columns, reporting missing required
/// columns, duplicates and unknown headers. `None` when a required column
/// is missing.
pub(super) fn map_header(
    spec: &TableSpec,
    headers: &[String],
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<Vec<Option<usize>>> {
    let mut map: Vec<Option<usize>> = vec![None; spec.columns.len()];
    for (pos, header) in headers.iter().enumerate() {
        if normalize_header(header).is_empty() {
            continue;
        }
        match column_of(spec, header) {
            Some(col) if map[col].is_some() => {
                diags
                    .error(
                        file,
                        line,
                        format!(
                            "columns `{}` and `{header}` both mean `{}`",
                            headers[map[col].unwrap_or(0)],
                            spec.columns[col].name
                        ),
                    )
                    .hint("keep one of them");
            }
            Some(col) => map[col] = Some(pos),
            None => {
                let options = spec.columns.iter().flat_map(|c| {
                    std::iter::once((c.name, c.aliases[0])).chain(c.aliases.iter().map(move |a| (*a, c.name)))
                });
                let hint = best_match(header, options).map(|(k, v)| format!("did you mean `{k}` ({v})?"));
                diags.warning(file, line, format!("unknown column `{header}` ignored")).maybe_hint(hint);
            }
        }
    }
    let mut ok = true;
    // A header typed with full-width commas is one cell naming every column.
    let mut filled = headers.iter().filter(|h| !h.trim().is_empty());
    let full_width = filled.next().is_some_and(|h| h.contains('，')) && filled.next().is_none();
    for (col, spec_col) in spec.columns.iter().enumerate() {
        if spec_col.required && map[col].is_none() {
            let hint = if full_width {
                "the header is one cell with full-width commas `，`; separate the columns with ASCII commas `,`"
                    .to_owned()
            } else {
                format!("add a column headed `{}` or `{}`", spec_col.name, spec_col.aliases[0])
            };
            diags
                .error(file, line, format!("missing required column `{}` ({})", spec_col.name, spec_col.aliases[0]))
                .hint(hint)
                .kind(DiagKind::MissingColumn { column: spec_col.name });
            ok = false;
        }
    }
    ok.then_some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_normalise() {
        assert_eq!(normalize_header("\u{feff}产值（万元）"), "产值");
        assert_eq!(normalize_header(" Firm ID "), "firm_id");
        assert_eq!(normalize_header("output (万元)"), "output");
    }
}
