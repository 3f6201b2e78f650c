//! Calendar days and months, and the one place that reads them as analysts
//! write them.
//!
//! The calendar is `jiff`'s: a [`Date`] wraps a `jiff::civil::Date` and a
//! [`Month`] is a year and a month. Both print and serialise in ISO form
//! (`2026-03-15`, `2026-03`), sort in time order, and read that form back
//! with [`str::parse`]. The forms people type into a roster are read by
//! [`Date::parse_written`] and [`Month::parse_written`]:
//!
//! | form            | date             | month       |
//! |-----------------|------------------|-------------|
//! | ISO             | `2026-03-15`     | `2026-03`   |
//! | one digit       | `2026-3-15`      | `2026-3`    |
//! | slashes         | `2026/3/15`      | `2026/03`   |
//! | dots            | `2026.3.15`      | `2026.03`   |
//! | Chinese         | `2026年3月15日` (or `号`) | `2026年3月` |
//! | digits only     | —                | `202603`    |
//! | Excel date      | `46096` (days since 1899-12-30) | — |
//!
//! Written years run from 1900 to 2100: a year outside is a typing slip in
//! a roster, not a date.

use std::fmt;
use std::str::FromStr;

use jiff::Span;
use jiff::civil;

use super::Lang;

/// The years a written date or month may have.
const WRITTEN_YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// A calendar day, in years 1 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(civil::Date);

/// A calendar month (`YYYY-MM`), in years 1 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Its first day: the order of months is the order of their first days.
    first: civil::Date,
}

impl Date {
    /// How a date may be written, for the hint of a date that is not one.
    pub const WRITTEN_FORMS: &'static str =
        "2026-03-15, 2026/3/15, 2026.3.15 or 2026年3月15日 (or 15号), or as an Excel date number such as 46096";

    /// The date `year`-`month`-`day`, if there is such a day.
    #[must_use]
    pub fn new(year: i16, month: i8, day: i8) -> Option<Self> {
        civil::Date::new(year, month, day).ok().and_then(Self::from_civil)
    }

    /// A `jiff` date, if its year is 1 to 9999.
    #[must_use]
    pub fn from_civil(date: civil::Date) -> Option<Self> {
        (1..=9999).contains(&date.year()).then_some(Self(date))
    }

    /// The `jiff` date, for calendar arithmetic.
    #[must_use]
    pub fn civil(self) -> civil::Date {
        self.0
    }

    #[must_use]
    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// The month this day is in.
    #[must_use]
    pub fn month(self) -> Month {
        Month { first: self.0.first_of_month() }
    }

    /// The day of the month, 1 to 31.
    #[must_use]
    pub fn day(self) -> i8 {
        self.0.day()
    }

    /// The day `days` days later (earlier when negative), if it is in years 1 to 9999.
    #[must_use]
    pub fn plus_days(self, days: i32) -> Option<Self> {
        let span = Span::new().try_days(days).ok()?;
        self.0.checked_add(span).ok().and_then(Self::from_civil)
    }

    /// Days from `earlier` to this day (negative when `earlier` is later).
    #[must_use]
    pub fn days_since(self, earlier: Self) -> i32 {
        // Days between two days of years 1 to 9999 always fit a span.
        self.0.since(earlier.0).map_or(0, |span| span.get_days())
    }

    /// The day of an Excel date number: days since 1899-12-30, a fraction
    /// being the time of day. (Excel counts a 29 February 1900 that never
    /// was, so its numbers below 61 are a day off; no roster goes back
    /// that far.)
    #[must_use]
    pub fn from_excel_serial(serial: f64) -> Option<Self> {
        if !serial.is_finite() || !(0.0..=3_000_000.0).contains(&serial) {
            return None;
        }
        #[allow(clippy::cast_possible_truncation, reason = "checked to be in range")]
        let days = serial.floor() as i32;
        Self::new(1899, 12, 30)?.plus_days(days)
    }

    /// A date as analysts write it: `2026-03-15`, `2026-3-15`, `2026/3/15`,
    /// `2026.3.15`, `2026年3月15日` (or `号`, or neither), or an Excel date
    /// number of five digits (`46096`, a fraction allowed). `None` for
    /// anything else, a day the month does not have (`2026-02-30`), or a
    /// year outside 1900 to 2100.
    ///
    /// A number of four digits or fewer is not read as an Excel date: in a
    /// date column it is more likely a year than a day of the 1900s.
    #[must_use]
    pub fn parse_written(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(serial) = excel_serial(text) {
            return Self::from_excel_serial(serial).filter(|d| WRITTEN_YEARS.contains(&d.year()));
        }
        let (year, month, Some(day)) = written_fields(text)? else {
            return None;
        };
        Self::new(year, month, day).filter(|d| WRITTEN_YEARS.contains(&d.year()))
    }
}

impl Month {
    /// How a month may be written, for the hint of a month that is not one.
    pub const WRITTEN_FORMS: &'static str = "2026-03, 2026-3, 2026/03, 2026.03, 202603 or 2026年3月";

    /// The month `month` (1 to 12) of `year` (1 to 9999).
    #[must_use]
    pub fn new(year: i16, month: i8) -> Option<Self> {
        Date::new(year, month, 1).map(Date::month)
    }

    #[must_use]
    pub fn year(self) -> i16 {
        self.first.year()
    }

    /// The month of the year, 1 to 12.
    #[must_use]
    pub fn month(self) -> i8 {
        self.first.month()
    }

    /// The month before, if it is in year 1 or later.
    #[must_use]
    pub fn prev(self) -> Option<Self> {
        self.minus(1)
    }

    /// The month `k` months earlier (`P−k`), if it is in year 1 or later.
    #[must_use]
    pub fn minus(self, k: u32) -> Option<Self> {
        let span = Span::new().try_months(k).ok()?;
        self.first.checked_sub(span).ok().and_then(Date::from_civil).map(Date::month)
    }

    /// The first day of the month.
    #[must_use]
    pub fn first_day(self) -> Date {
        Date(self.first)
    }

    /// The last day of the month.
    #[must_use]
    pub fn last_day(self) -> Date {
        Date(self.first.last_of_month())
    }

    /// The month in words, as a title gives it: `2026年3月`, `March 2026`.
    #[must_use]
    pub fn words(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}年{}月", self.year(), self.month()),
            Lang::En => self.first.strftime("%B %Y").to_string(),
        }
    }

    /// A month as analysts write it: `2026-03`, `2026-3`, `2026/03`,
    /// `2026.03`, `202603` or `2026年3月`. `None` for anything else, a
    /// month that is not 1 to 12, or a year outside 1900 to 2100.
    ///
    /// A spreadsheet that stores `2026.10` as a number shows `2026.1`,
    /// which reads as January: months belong in text cells.
    #[must_use]
    pub fn parse_written(text: &str) -> Option<Self> {
        // `2026-03`, as a monthly table is written row after row, read from
        // its bytes.
        if let [y0, y1, y2, y3, b'-', m0, m1] = *text.as_bytes()
            && [y0, y1, y2, y3, m0, m1].iter().all(u8::is_ascii_digit)
        {
            let digit = |b: u8| i16::from(b - b'0');
            let year = digit(y0) * 1000 + digit(y1) * 100 + digit(y2) * 10 + digit(y3);
            let month = i8::try_from(digit(m0) * 10 + digit(m1)).expect("two digits");
            return Self::new(year, month).filter(|m| WRITTEN_YEARS.contains(&m.year()));
        }
        let text = text.trim();
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let (year, month) = if text.len() == 6 && digits(text) {
            (text[..4].parse().ok()?, text[4..].parse().ok()?)
        } else if text.len() == 7 && text.as_bytes()[4] == b'-' && digits(&text[..4]) && digits(&text[5..]) {
            // `2026-03`, as a monthly table is written row after row.
            (text[..4].parse().ok()?, text[5..].parse().ok()?)
        } else {
            match written_fields(text)? {
                (year, month, None) => (year, month),
                (_, _, Some(_)) => return None,
            }
        };
        Self::new(year, month).filter(|m| WRITTEN_YEARS.contains(&m.year()))
    }
}

/// The number of a five-digit Excel date (`46096`, `46096.5`).
fn excel_serial(text: &str) -> Option<f64> {
    let whole = text.split_once('.').map_or(text, |(whole, _)| whole);
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok = text.split_once('.').is_none_or(|(_, f)| !f.is_empty() && digits(f));
    (whole.len() == 5 && digits(whole) && fraction_ok).then(|| text.parse().ok()).flatten()
}

/// The year, month and day (none for a month) of a written date or month:
/// `Y-M-D`, `Y/M/D` or `Y.M.D` with one separator throughout, or
/// `Y年M月D日` (`号`, or no suffix); a year of four digits, a month and a
/// day of one or two. `None` when the text has another shape.
fn written_fields(text: &str) -> Option<(i16, i8, Option<i8>)> {
    let parts: Vec<&str> = if let Some((year, rest)) = text.split_once('年') {
        let (month, rest) = rest.split_once('月')?;
        let rest = rest.trim();
        if rest.is_empty() {
            vec![year.trim(), month.trim()]
        } else {
            vec![year.trim(), month.trim(), rest.strip_suffix(['日', '号']).unwrap_or(rest).trim()]
        }
    } else {
        let separator = text.chars().find(|c| !c.is_ascii_digit())?;
        if !matches!(separator, '-' | '/' | '.') {
            return None;
        }
        text.split(separator).collect()
    };
    let number = |part: &str, sizes: std::ops::RangeInclusive<usize>| {
        (sizes.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<i16>().ok())?
    };
    let year = number(parts.first()?, 4..=4)?;
    let month = i8::try_from(number(parts.get(1)?, 1..=2)?).ok()?;
    match parts.get(2) {
        None => Some((year, month, None)),
        Some(day) if parts.len() == 3 => Some((year, month, Some(i8::try_from(number(day, 1..=2)?).ok()?))),
        Some(_) => None,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// A text that is not a date or month in ISO form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a {1} in ISO form ({2})")]
pub struct NotIso(String, &'static str, &'static str);

impl FromStr for Date {
    type Err = NotIso;

    /// Reads `YYYY-MM-DD`, as [`Date`] prints.
    fn from_str(text: &str) -> Result<Self, NotIso> {
        let fail = || NotIso(text.to_owned(), "date", "YYYY-MM-DD");
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(fail());
        }
        let number = |range: std::ops::Range<usize>| {
            let part = &text[range];
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse::<i16>().ok()).flatten()
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        let (Some(year), Some(month), Some(day)) = (year, month, day) else {
            return Err(fail());
        };
        Self::new(year, i8::try_from(month).map_err(|_| fail())?, i8::try_from(day).map_err(|_| fail())?)
            .ok_or_else(fail)
    }
}

impl FromStr for Month {
    type Err = NotIso;

    /// Reads `YYYY-MM`, as [`Month`] prints.
    fn from_str(text: &str) -> Result<Self, NotIso> {
        let fail = || NotIso(text.to_owned(), "month", "YYYY-MM");
        let first: Date = format!("{text}-01").parse().map_err(|_| fail())?;
        if text.len() == 7 { Ok(first.month()) } else { Err(fail()) }
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_written_with_a_dash_reads_as_with_a_slash() {
        // `YYYY-MM` takes a short way; `YYYY/MM` the general one.
        for year in [1899, 1900, 2026, 2100, 2101] {
            for month in 0..=13 {
                let (dash, slash) = (format!("{year}-{month:02}"), format!("{year}/{month:02}"));
                assert_eq!(Month::parse_written(&dash), Month::parse_written(&slash), "{dash}");
            }
        }
        assert_eq!(Month::parse_written(" 2026-03 ").map(|m| m.to_string()).as_deref(), Some("2026-03"));
        assert_eq!(Month::parse_written("2026-1a"), None);
    }

    fn date(text: &str) -> Option<String> {
        Date::parse_written(text).map(|d| d.to_string())
    }

    fn month(text: &str) -> Option<String> {
        Month::parse_written(text).map(|m| m.to_string())
    }

    #[test]
    fn every_written_date_form() {
        for text in [
            "2022-06-30",
            "2022-6-30",
            "2022/6/30",
            "2022/06/30",
            "2022.6.30",
            "2022年6月30日",
            "2022年6月30号",
            "2022年06月30",
            " 2022 年 6 月 30 日 ",
            "44742",
            "44742.75",
        ] {
            assert_eq!(date(text).as_deref(), Some("2022-06-30"), "{text}");
        }
        assert_eq!(date("2024-2-29").as_deref(), Some("2024-02-29"));
        assert_eq!(date("2026/3/5").as_deref(), Some("2026-03-05"));
    }

    #[test]
    fn dates_that_are_not() {
        for text in [
            "",
            "2022-02-30",
            "2023-02-29",
            "2022-13-01",
            "2022-00-10",
            "0000-00-00",
            "1899-12-31",
            "2101-01-01",
            "22-06-30",
            "2022-06",
            "2022-6/30",
            "2022-06-30T00:00:00",
            "2022年13月1日",
            "2022年6月",
            "2022年6月31日",
            "2026",
            "123456",
            "44742.",
            "30/06/2022",
            "二〇二二年六月",
        ] {
            assert_eq!(date(text), None, "{text}");
        }
    }

    #[test]
    fn excel_serials() {
        let serial = |s: f64| Date::from_excel_serial(s).map(|d| d.to_string());
        assert_eq!(serial(45658.0).as_deref(), Some("2025-01-01"));
        assert_eq!(serial(25569.0).as_deref(), Some("1970-01-01"));
        assert_eq!(serial(61.0).as_deref(), Some("1900-03-01"));
        assert_eq!(serial(f64::NAN), None);
        assert_eq!(serial(-1.0), None);
        assert_eq!(serial(1e12), None);
        // The example in the hint is the day it shows.
        assert_eq!(date("46096").as_deref(), Some("2026-03-15"));
    }

    #[test]
    fn every_written_month_form() {
        for text in ["2022-06", "2022-6", "2022/06", "2022/6", "2022.06", "2022.6", "202206", "2022年6月", "2022年06月"]
        {
            assert_eq!(month(text).as_deref(), Some("2022-06"), "{text}");
        }
    }

    #[test]
    fn months_that_are_not() {
        for text in [
            "",
            "0000-00",
            "2022-13",
            "2022-0",
            "2022年13月",
            "2022年0月",
            "202213",
            "20226",
            "2022-06-30",
            "22-06",
            "2022",
            "1899-12",
        ] {
            assert_eq!(month(text), None, "{text}");
        }
    }

    #[test]
    fn months_step_back_over_years() {
        let june = Month::new(2022, 6).unwrap();
        assert_eq!(june.prev().unwrap().to_string(), "2022-05");
        assert_eq!(june.minus(6).unwrap().to_string(), "2021-12");
        assert_eq!(june.minus(12).unwrap().to_string(), "2021-06");
        assert_eq!(june.minus(0), Some(june));
        assert_eq!((june.year(), june.month()), (2022, 6));
        assert!(june.minus(12) < Some(june));
        assert_eq!(Month::new(1, 1).unwrap().prev(), None);
        assert_eq!(june.first_day().to_string(), "2022-06-01");
        assert_eq!(june.last_day().to_string(), "2022-06-30");
        assert_eq!(Month::new(2024, 2).unwrap().last_day().to_string(), "2024-02-29");
        assert_eq!(Date::new(2022, 6, 30).unwrap().month(), june);
        let day = Date::new(2022, 6, 30).unwrap();
        assert_eq!(day.plus_days(1).unwrap().to_string(), "2022-07-01");
        assert_eq!(day.plus_days(i32::MAX), None);
        assert_eq!(day.plus_days(i32::MIN), None);
    }

    #[test]
    fn iso_round_trips_through_text_and_serde() {
        let day = Date::new(2026, 3, 15).unwrap();
        assert_eq!("2026-03-15".parse::<Date>(), Ok(day));
        assert!("2026/3/15".parse::<Date>().is_err());
        assert!("2026-02-30".parse::<Date>().is_err());
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"2026-03-15\"");
        assert_eq!(serde_json::from_str::<Date>("\"2026-03-15\"").unwrap(), day);
        let month = day.month();
        assert_eq!("2026-03".parse::<Month>(), Ok(month));
        assert!("2026-3".parse::<Month>().is_err());
        assert_eq!(serde_json::to_string(&month).unwrap(), "\"2026-03\"");
        assert_eq!(serde_json::from_str::<Month>("\"2026-03\"").unwrap(), month);
        assert!(serde_json::from_str::<Month>("\"2026-13\"").is_err());
        assert_eq!(Month::new(987, 1).unwrap().to_string(), "0987-01");
        assert_eq!(Date::new(987, 1, 2).unwrap().to_string(), "0987-01-02");
    }

    #[test]
    fn months_in_words() {
        let june = Month::new(2026, 6).unwrap();
        assert_eq!(june.words(Lang::Zh), "2026年6月");
        assert_eq!(june.words(Lang::En), "June 2026");
        assert_eq!(Month::new(2025, 12).unwrap().words(Lang::Zh), "2025年12月");
    }
}
