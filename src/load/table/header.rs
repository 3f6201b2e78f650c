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
        let key = normalize_header(header);
        if key.is_empty() {
            continue;
        }
        let found =
            spec.columns.iter().position(|c| c.name == key || c.aliases.iter().any(|a| normalize_header(a) == key));
        match found {
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
    for (col, spec_col) in spec.columns.iter().enumerate() {
        if spec_col.required && map[col].is_none() {
            diags
                .error(file, line, format!("missing required column `{}` ({})", spec_col.name, spec_col.aliases[0]))
                .hint(format!("add a column headed `{}` or `{}`", spec_col.name, spec_col.aliases[0]))
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
