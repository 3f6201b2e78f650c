//! Reading the values of table cells: required cells, numbers, whole
//! numbers, words of an enumeration, dates and months, each reported with its
//! place and a fix hint when it is not what its column takes. Messages
//! name a cell by its column's English header.

use super::diag::{Diagnostics, Reported};
use super::table::Row;
use crate::model::bounds::MAX_AMOUNT;
use crate::model::{Date, Month};

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

/// A month that must be given: empty is an error, as for [`required`].
pub fn required_month(
    row: &Row<'_>,
    col: impl Into<usize> + Copy,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<Month> {
    let value = required(row, col, file, diags)?;
    month_value(value, row.name(col), file, row.line, diags).ok()?
}

/// A number that must be given: empty is an error, as for [`required`].
pub fn required_number(
    row: &Row<'_>,
    col: impl Into<usize> + Copy,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<f64> {
    let value = required(row, col, file, diags)?;
    number_value(value, row.name(col), NUMBER_HINT, file, row.line, diags).ok()?
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
) -> Result<Option<Date>, Reported> {
    date_value(row.get(col), row.name(col), file, row.line, diags)
}

/// A month; empty → `Ok(None)`.
pub fn month(
    row: &Row<'_>,
    col: impl Into<usize> + Copy,
    file: &str,
    diags: &mut Diagnostics,
) -> Result<Option<Month>, Reported> {
    month_value(row.get(col), row.name(col), file, row.line, diags)
}

/// A year, written `2026`, `2026年` or `2026年度`, from 1900 to 2100;
/// empty → `Ok(None)`.
pub fn year(
    row: &Row<'_>,
    col: impl Into<usize> + Copy,
    file: &str,
    diags: &mut Diagnostics,
) -> Result<Option<u16>, Reported> {
    year_value(row.get(col), row.name(col), file, row.line, diags)
}

fn year_value(
    value: &str,
    name: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<u16>, Reported> {
    if value.is_empty() {
        return Ok(None);
    }
    let digits = value.strip_suffix("年度").or_else(|| value.strip_suffix('年')).unwrap_or(value).trim();
    match digits.parse::<u16>() {
        Ok(y) if (1900..=2100).contains(&y) && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(y)),
        _ => {
            diags
                .error(file, line, format!("`{name}` is not a year from 1900 to 2100: `{value}`"))
                .hint("write a year such as 2026 or 2026年");
            Err(Reported)
        }
    }
}

/// Powers of ten that a `f64` holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 16] =
    [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// A plain decimal — digits with at most one point, at most 15 digits in
/// all — as `str::parse::<f64>` reads it, without its general algorithm:
/// the digits as a whole number (below 2^53, so exact) divided by a power
/// of ten (exact too) is correctly rounded by the division, which is what
/// the general parse gives (Clinger's fast path). `None` for anything else.
fn plain_decimal(value: &str) -> Option<f64> {
    let bytes = value.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let (mut whole, mut digits, mut point) = (0u64, 0usize, None);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                whole = whole * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    #[allow(clippy::cast_precision_loss, reason = "below 10^15, exact")]
    let whole = whole as f64;
    // Most figures are whole: no division (a slow instruction) for them.
    Some(match point {
        Some(p) if p + 1 < bytes.len() => whole / EXACT_POWERS_OF_TEN[bytes.len() - p - 1],
        _ => whole,
    })
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
    // Most numbers in a table are plain: digits, perhaps with a point. One
    // of ten bytes at most is below the largest amount, so nothing waits
    // for its division to check it.
    if value.len() <= 10
        && let Some(n) = plain_decimal(value)
    {
        return Ok(Some(n));
    }
    let parsed = plain_decimal(value).map_or_else(
        || {
            if value.contains([',', '，', ' ']) {
                value.chars().filter(|c| !matches!(c, ',' | '，' | ' ')).collect::<String>().parse::<f64>()
            } else {
                value.parse::<f64>()
            }
        },
        Ok,
    );
    match parsed {
        Ok(n) if n.is_finite() && n > MAX_AMOUNT => {
            diags
                .error(file, line, format!("`{name}` is {value}, more than a figure here can be"))
                .hint("amounts are in 万元 and at most 10000000000 (100 万亿元); check the unit and the digits");
            Err(Reported)
        }
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
    // The usual count is plain digits: read without going through `f64`.
    if !value.is_empty() && value.len() <= 18 && value.bytes().all(|b| b.is_ascii_digit()) {
        let n = value.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        #[allow(clippy::cast_precision_loss, reason = "compared with a bound, not kept")]
        let in_bounds = n as f64 <= MAX_AMOUNT;
        if in_bounds && let Ok(v) = T::try_from(n) {
            return Ok(Some(v));
        }
    }
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

fn date_value(
    value: &str,
    name: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<Date>, Reported> {
    if value.is_empty() {
        return Ok(None);
    }
    Date::parse_written(value).map(Some).ok_or_else(|| {
        let hint = match Month::parse_written(value) {
            // A month is not a day: which day is for the office to say.
            Some(month) => format!(
                "`{value}` is a month; write the day too, such as {}年{}月1日 or {}",
                month.year(),
                month.month(),
                month.first_day()
            ),
            None => format!("write it as {}", Date::WRITTEN_FORMS),
        };
        diags.error(file, line, format!("`{name}` is not a date: `{value}`")).hint(hint);
        Reported
    })
}

fn month_value(
    value: &str,
    name: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Result<Option<Month>, Reported> {
    if value.is_empty() {
        return Ok(None);
    }
    // A month cell of a workbook holds the month's first day, which the
    // workbook reader writes as an ISO date.
    let first_day = || value.parse::<Date>().ok().filter(|d| d.day() == 1).map(Date::month);
    Month::parse_written(value).or_else(first_day).map(Some).ok_or_else(|| {
        diags
            .error(file, line, format!("`{name}` is not a month: `{value}`"))
            .hint(format!("write it as {}", Month::WRITTEN_FORMS));
        Reported
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// A plain decimal reads to the very bits the general parse gives.
        #[test]
        fn a_plain_decimal_reads_as_the_general_parse(
            digits in "[0-9]{0,17}",
            point in proptest::option::of(0usize..18),
        ) {
            let mut value = digits.clone();
            if let Some(at) = point.filter(|&at| at <= digits.len()) {
                value.insert(at, '.');
            }
            if let Some(fast) = plain_decimal(&value) {
                prop_assert_eq!(fast.to_bits(), value.parse::<f64>().unwrap().to_bits(), "{}", value);
            } else {
                // Only what the fast path leaves alone: too many digits, or none.
                let count = value.bytes().filter(u8::is_ascii_digit).count();
                prop_assert!(count == 0 || count > 15, "{}", value);
            }
        }
    }

    proptest! {
        /// Plain digits, read as a whole count without `f64`, give what
        /// the general way gives: the count, or an error with its message.
        #[test]
        fn a_plain_count_reads_as_the_general_way(digits in "[0-9]{1,20}") {
            let general = |value: &str, diags: &mut Diagnostics| -> Result<Option<u32>, Reported> {
                let n = number_value(value, "employees", WHOLE_HINT, "f", 2, diags)?.expect("not empty");
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let v = (n.fract() == 0.0 && n < 1.8e19).then(|| u32::try_from(n as u64).ok()).flatten();
                v.map(Some).ok_or_else(|| {
                    diags.error("f", 2, format!("`employees` must be a whole number in range, got {value}"));
                    Reported
                })
            };
            let (mut fast_diags, mut general_diags) = (Diagnostics::default(), Diagnostics::default());
            let fast = whole_value::<u32>(&digits, "employees", "f", 2, &mut fast_diags);
            prop_assert_eq!(fast, general(&digits, &mut general_diags));
            let messages = |d: Diagnostics| d.into_sorted().iter().map(ToString::to_string).collect::<Vec<_>>();
            prop_assert_eq!(messages(fast_diags), messages(general_diags));
        }
    }

    #[test]
    fn plain_decimals_at_the_edges() {
        for (text, value) in [("0", 0.0), ("154.6", 154.6), ("5.", 5.0), (".5", 0.5), ("007", 7.0), ("0.1", 0.1)] {
            assert_eq!(plain_decimal(text).map(f64::to_bits), Some(f64::to_bits(value)), "{text}");
        }
        for text in ["", ".", "1.2.3", "-1", "+1", "1e5", "1,000", "1234567890123456"] {
            assert_eq!(plain_decimal(text), None, "{text}");
        }
    }

    #[test]
    fn a_month_in_a_date_column_and_a_bad_year_say_what_is_accepted() {
        let mut d = Diagnostics::default();
        assert!(date_value("2022年6月", "reported", "f", 2, &mut d).is_err());
        assert!(year_value("明年", "year", "f", 3, &mut d).is_err());
        assert!(year_value("1066", "year", "f", 4, &mut d).is_err());
        let problems: Vec<String> = d.into_sorted().iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "f:2: error: `reported` is not a date: `2022年6月`; `2022年6月` is a month; write the day too, such as 2022年6月1日 or 2022-06-01",
                "f:3: error: `year` is not a year from 1900 to 2100: `明年`; write a year such as 2026 or 2026年",
                "f:4: error: `year` is not a year from 1900 to 2100: `1066`; write a year such as 2026 or 2026年",
            ]
        );
    }

    #[test]
    fn numbers_and_dates() {
        let mut d = Diagnostics::default();
        assert_eq!(number_value("1,200.5", "output", NUMBER_HINT, "f", 2, &mut d), Ok(Some(1200.5)));
        assert_eq!(number_value("", "output", NUMBER_HINT, "f", 2, &mut d), Ok(None));
        assert!(number_value("-3", "output", NUMBER_HINT, "f", 2, &mut d).is_err());
        assert!(number_value("abc", "output", NUMBER_HINT, "f", 2, &mut d).is_err());
        for hostile in ["1e308", "NaN", "inf", "-inf", "infinity", "999999999999999", "10000000001"] {
            assert!(number_value(hostile, "output", NUMBER_HINT, "f", 2, &mut d).is_err(), "{hostile}");
        }
        assert_eq!(number_value("10000000000", "output", NUMBER_HINT, "f", 2, &mut d), Ok(Some(1e10)));
        assert_eq!(whole_value::<u32>("12", "employees", "f", 2, &mut d), Ok(Some(12)));
        assert!(whole_value::<u32>("1.5", "employees", "f", 2, &mut d).is_err());
        for too_big in ["4294967296", "20000000000"] {
            assert!(whole_value::<u32>(too_big, "employees", "f", 2, &mut d).is_err(), "{too_big}");
        }
        assert_eq!(whole_value::<u32>("4294967295", "employees", "f", 2, &mut d), Ok(Some(u32::MAX)));
        assert_eq!(date_value("2026/3/5", "reported", "f", 2, &mut d), Ok(Date::new(2026, 3, 5)));
        assert_eq!(date_value("", "reported", "f", 2, &mut d), Ok(None));
        assert!(date_value("2026-02-30", "reported", "f", 3, &mut d).is_err());
        assert_eq!(date_value("2024年5月1号", "reported", "f", 2, &mut d), Ok(Date::new(2024, 5, 1)));
        assert_eq!(year_value("2026年", "year", "f", 2, &mut d), Ok(Some(2026)));
        assert_eq!(year_value("2026年度", "year", "f", 2, &mut d), Ok(Some(2026)));
        assert_eq!(year_value("2026", "year", "f", 2, &mut d), Ok(Some(2026)));
        assert_eq!(month_value("2022年6月", "period", "f", 2, &mut d), Ok(Month::new(2022, 6)));
        assert_eq!(month_value("2022-06-01", "period", "f", 2, &mut d), Ok(Month::new(2022, 6)));
        assert_eq!(month_value("", "period", "f", 2, &mut d), Ok(None));
        assert!(month_value("2022-06-15", "period", "f", 1, &mut d).is_err());
        let problems = d.into_sorted();
        assert_eq!(
            problems[0].to_string(),
            "f:1: error: `period` is not a month: `2022-06-15`; write it as 2026-03, 2026-3, 2026/03, 2026.03, 202603 or 2026年3月"
        );
        let last = problems.last().unwrap();
        assert_eq!(
            last.to_string(),
            "f:3: error: `reported` is not a date: `2026-02-30`; write it as 2026-03-15, 2026/3/15, 2026.3.15 or 2026年3月15日 (or 15号), or as an Excel date number such as 46096"
        );
    }
}
