//! Reading the values of table cells: required cells, numbers, whole
//! numbers, words of an enumeration and dates, each reported with its
//! place and a fix hint when it is not what its column takes. Messages
//! name a cell by its column's English header.

use super::diag::{Diagnostics, Reported};
use super::table::Row;

/// The cell of a required column, or an error naming the column.
pub fn required<'r>(
    row: &'r Row<'_>,
    col: impl Into<usize> + Copy,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<&'r str> {
    let value = row.get(col);
    if value.is_empty() {
        let name = row.name(col);
        diags.error(file, row.line, format!("empty `{name}`")).hint(format!("every row needs a `{name}`"));
        None
    } else {
        Some(value)
    }
}

/// How to write a number that is not a whole count.
const NUMBER_HINT: &str = "write a plain number such as 1200 or 1200.5 (units are 万元)";
/// How to write a whole count.
const WHOLE_HINT: &str = "write a plain whole number such as 120";

/// A non-negative number (thousands separators allowed); empty → `Ok(None)`.
pub fn number(
    row: &Row<'_>,
    col: impl Into<usize> + Copy,
    file: &str,
    diags: &mut Diagnostics,
) -> Result<Option<f64>, Reported> {
    number_value(row.get(col), row.name(col), NUMBER_HINT, file, row.line, diags)
}

/// A whole non-negative number that fits `T`; empty → `Ok(None)`.
pub fn whole<T: TryFrom<u64>>(
    row: &Row<'_>,
    col: impl Into<usize> + Copy,
    file: &str,
    diags: &mut Diagnostics,
) -> Result<Option<T>, Reported> {
    whole_value(row.get(col), row.name(col), file, row.line, diags)
}

/// A word of an enumeration; empty → `Ok(None)`.
pub fn word<T>(
    row: &Row<'_>,
    col: impl Into<usize> + Copy,
    parse: fn(&str) -> Option<T>,
    accepted: fn() -> String,
    file: &str,
    diags: &mut Diagnostics,
) -> Result<Option<T>, Reported> {
    let value = row.get(col);
    if value.is_empty() {
        return Ok(None);
    }
    match parse(value) {
        Some(v) => Ok(Some(v)),
        None => {
            diags
                .error(file, row.line, format!("unknown {} `{value}`", row.name(col)))
                .hint(format!("use one of {}", accepted()));
            Err(Reported)
        }
    }
}

/// A date; empty → `Ok(None)`.
pub fn date(
    row: &Row<'_>,
    col: impl Into<usize> + Copy,
    file: &str,
    diags: &mut Diagnostics,
) -> Result<Option<String>, Reported> {
    date_value(row.get(col), row.name(col), file, row.line, diags)
}

fn number_value(
    value: &str,
    name: &str,
    hint: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<f64>, Reported> {
    if value.is_empty() {
        return Ok(None);
    }
    // Most numbers in a roster are plain whole numbers.
    if value.len() <= 15 && value.bytes().all(|b| b.is_ascii_digit()) {
        #[allow(clippy::cast_precision_loss, reason = "below 10^15, exact")]
        return Ok(value.parse::<u64>().ok().map(|n| n as f64));
    }
    let cleaned: std::borrow::Cow<'_, str> = if value.contains([',', '，', ' ']) {
        value.chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect::<String>().into()
    } else {
        value.into()
    };
    match cleaned.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
        Ok(n) if n < 0.0 => {
            diags.error(file, line, format!("`{name}` must not be negative, got {value}"));
            Err(Reported)
        }
        _ => {
            diags.error(file, line, format!("`{name}` is not a number: `{value}`")).hint(hint);
            Err(Reported)
        }
    }
}

fn whole_value<T: TryFrom<u64>>(
    value: &str,
    name: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<T>, Reported> {
    let Some(n) = number_value(value, name, WHOLE_HINT, file, line, diags)? else {
        return Ok(None);
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked whole and non-negative")]
    let converted = (n.fract() == 0.0 && n < 1.8e19).then(|| T::try_from(n as u64).ok()).flatten();
    match converted {
        Some(v) => Ok(Some(v)),
        None => {
            diags.error(file, line, format!("`{name}` must be a whole number in range, got {value}"));
            Err(Reported)
        }
    }
}

/// A date as `YYYY-MM-DD` from `YYYY-MM-DD`, `YYYY/M/D` or `YYYY年M月D日`; empty → `Ok(None)`.
fn date_value(
    value: &str,
    name: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<String>, Reported> {
    if value.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = value.trim_end_matches('日').split(['-', '/', '.', '年', '月']).collect();
    let parsed = match parts.as_slice() {
        [y, m, d] => match (y.parse::<u16>(), m.parse::<u8>(), d.parse::<u8>()) {
            (Ok(y), Ok(m), Ok(d))
                if (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d) =>
            {
                Some(format!("{y:04}-{m:02}-{d:02}"))
            }
            _ => None,
        },
        _ => None,
    };
    parsed.map(Some).ok_or_else(|| {
        diags
            .error(file, line, format!("`{name}` is not a date: `{value}`"))
            .hint("write it as YYYY-MM-DD, e.g. 2026-03-15");
        Reported
    })
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        let mut d = Diagnostics::default();
        assert_eq!(number_value("1,200.5", "output", NUMBER_HINT, "f", 2, &mut d), Ok(Some(1200.5)));
        assert_eq!(number_value("", "output", NUMBER_HINT, "f", 2, &mut d), Ok(None));
        assert!(number_value("-3", "output", NUMBER_HINT, "f", 2, &mut d).is_err());
        assert!(number_value("abc", "output", NUMBER_HINT, "f", 2, &mut d).is_err());
        assert_eq!(whole_value::<u32>("12", "employees", "f", 2, &mut d), Ok(Some(12)));
        assert!(whole_value::<u32>("1.5", "employees", "f", 2, &mut d).is_err());
        assert_eq!(date_value("2026/3/5", "reported", "f", 2, &mut d), Ok(Some("2026-03-05".into())));
        assert_eq!(date_value("2026年3月5日", "reported", "f", 2, &mut d), Ok(Some("2026-03-05".into())));
        assert!(date_value("2026-02-30", "reported", "f", 2, &mut d).is_err());
    }
}
