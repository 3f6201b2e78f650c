//! The monthly table (运行监测, SPEC §3.2): each local firm's output and
//! revenue month by month, held compactly.
//!
//! A province keeps some 200,000 firms × 24 months: millions of rows. They
//! are held column by column, sorted by firm and then month, with one start
//! offset per firm: 18 bytes a row (a 16-bit month number and two figures)
//! and 4 bytes a firm, with no string anywhere. A firm's rows are a slice,
//! found in constant time; a month inside them by binary search.
//!
//! ```text
//!   firm      0          1     2
//!   starts    0 ──────── 3 ─── 3 ───────── 5
//!   months    2021-01 2021-02 2021-03 │ │ 2021-02 2021-03
//!   output    120.0   130.5   0.0     │ │ 800.0   760.0
//!   revenue   NaN     128.0   NaN     │ │ 812.0   NaN        (NaN: no revenue given)
//! ```

use super::date::Month;
use super::roster::FirmIdx;

/// A month as a small number: months since January 1900. Written months
/// run from 1900 to 2100 ([`Month::parse_written`]), 2,412 of them.
pub type MonthNo = u16;

/// The number of a month of 1900 to 2100; `None` outside.
#[must_use]
pub fn month_no(month: Month) -> Option<MonthNo> {
    let year = i32::from(month.year()) - 1900;
    if !(0..=200).contains(&year) {
        return None;
    }
    MonthNo::try_from(year * 12 + i32::from(month.month()) - 1).ok()
}

/// The month of a month number.
#[must_use]
pub fn month_of(no: MonthNo) -> Month {
    let year = i16::try_from(1900 + no / 12).expect("at most 1900 + 5461");
    let month = i8::try_from(no % 12 + 1).expect("1 to 12");
    Month::new(year, month).expect("a valid month")
}

/// One row of the monthly table: a firm's figures for one month, in 万元.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthlyRow {
    pub firm: FirmIdx,
    pub month: Month,
    /// 当月产值: finite and ≥ 0.
    pub output: f64,
    /// 当月营业收入, when given: finite and ≥ 0.
    pub revenue: Option<f64>,
}

/// Why rows cannot make a monthly table.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MonthlyError {
    #[error("firm {firm} has two rows for {month}")]
    Twice { firm: FirmIdx, month: Month },
    #[error("firm {firm} is not in the roster of {firms} firms")]
    UnknownFirm { firm: FirmIdx, firms: usize },
    #[error("month {0} is outside 1900 to 2100")]
    OutOfRange(Month),
    #[error("firm {firm} has a figure for {month} that is negative or not a number")]
    BadFigure { firm: FirmIdx, month: Month },
    #[error("more than 4,294,967,295 monthly rows")]
    TooMany,
}

/// The monthly table of a dataset, for a roster of a given number of firms.
/// Empty when the dataset has none.
#[derive(Debug, Clone, Default)]
pub struct Monthly {
    /// Where each firm's rows start, and one past the last firm's end:
    /// `firms + 1` offsets, or none for an empty table.
    starts: Vec<u32>,
    months: Vec<MonthNo>,
    output: Vec<f64>,
    /// NaN where a row gives no revenue.
    revenue: Vec<f64>,
    /// The first and last month with a row.
    span: Option<(MonthNo, MonthNo)>,
    /// Firms with at least one row.
    firms_reporting: usize,
}

impl PartialEq for Monthly {
    /// Tables are equal when they hold the same rows (the NaN of "no
    /// revenue" equals itself).
    fn eq(&self, other: &Self) -> bool {
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
        self.starts == other.starts
            && self.months == other.months
            && self.output == other.output
            && bits(&self.revenue) == bits(&other.revenue)
    }
}

impl Monthly {
    /// The table of `rows` for a roster of `firms` firms, in any order.
    ///
    /// # Errors
    /// A firm–month given twice, a firm past the roster, a month outside
    /// 1900 to 2100, a negative or non-finite figure, or more rows than 32
    /// bits count.
    pub fn new(firms: usize, mut rows: Vec<MonthlyRow>) -> Result<Self, MonthlyError> {
        u32::try_from(rows.len()).map_err(|_| MonthlyError::TooMany)?;
        rows.sort_unstable_by_key(|r| (r.firm, r.month));
        let mut starts = vec![0u32; firms + 1];
        let mut months = Vec::with_capacity(rows.len());
        let (mut output, mut revenue) = (Vec::with_capacity(rows.len()), Vec::with_capacity(rows.len()));
        for row in &rows {
            if row.firm as usize >= firms {
                return Err(MonthlyError::UnknownFirm { firm: row.firm, firms });
            }
            let ok = |x: f64| x.is_finite() && x >= 0.0;
            if !ok(row.output) || row.revenue.is_some_and(|r| !ok(r)) {
                return Err(MonthlyError::BadFigure { firm: row.firm, month: row.month });
            }
            months.push(month_no(row.month).ok_or(MonthlyError::OutOfRange(row.month))?);
            output.push(row.output);
            revenue.push(row.revenue.unwrap_or(f64::NAN));
            starts[row.firm as usize + 1] += 1;
        }
        for f in 0..firms {
            starts[f + 1] += starts[f];
        }
        Self::from_sorted_columns(starts, months, output, revenue)
    }

    /// The table of columns already sorted by firm and then month: row `i`
    /// is `months[i]`, `output[i]`, `revenue[i]` (NaN: no revenue), and firm
    /// `f`'s rows are `starts[f]..starts[f + 1]`, with `starts` of
    /// `firms + 1` offsets from 0 to the number of rows. The loader builds
    /// the columns one at a time, so that a table of millions of rows is
    /// never held twice over.
    ///
    /// # Errors
    /// [`MonthlyError::Twice`] for a firm–month given twice, and
    /// [`MonthlyError::TooMany`] past 2^32 − 1 rows.
    ///
    /// # Panics
    /// When the columns differ in length, `starts` is not as above, or a
    /// firm's months go backwards.
    pub fn from_sorted_columns(
        starts: Vec<u32>,
        months: Vec<MonthNo>,
        output: Vec<f64>,
        revenue: Vec<f64>,
    ) -> Result<Self, MonthlyError> {
        let rows = u32::try_from(months.len()).map_err(|_| MonthlyError::TooMany)?;
        assert!(output.len() == months.len() && revenue.len() == months.len(), "monthly columns of unequal length");
        if months.is_empty() {
            return Ok(Self::default());
        }
        assert!(starts.first() == Some(&0) && starts.last() == Some(&rows), "monthly starts do not span the rows");
        let mut firms_reporting = 0;
        let mut span: Option<(MonthNo, MonthNo)> = None;
        for (f, pair) in starts.windows(2).enumerate() {
            assert!(pair[0] <= pair[1], "monthly starts go backwards");
            let series = &months[pair[0] as usize..pair[1] as usize];
            let (Some(&first), Some(&last)) = (series.first(), series.last()) else { continue };
            if let Some(twice) = series.windows(2).find(|w| w[0] >= w[1]) {
                assert!(twice[0] == twice[1], "monthly rows out of month order");
                let firm = FirmIdx::try_from(f).expect("firms are numbered in 32 bits");
                return Err(MonthlyError::Twice { firm, month: month_of(twice[0]) });
            }
            firms_reporting += 1;
            span = Some(span.map_or((first, last), |(a, b)| (a.min(first), b.max(last))));
        }
        Ok(Self { starts, months, output, revenue, span, firms_reporting })
    }

    /// Whether the dataset has no monthly row.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.months.is_empty()
    }

    /// How many rows (firm × month).
    #[must_use]
    pub fn rows(&self) -> usize {
        self.months.len()
    }

    /// How many firms have at least one row.
    #[must_use]
    pub fn firms_reporting(&self) -> usize {
        self.firms_reporting
    }

    /// The first and the last month with a row; `None` for an empty table.
    #[must_use]
    pub fn span(&self) -> Option<(Month, Month)> {
        self.span.map(|(a, b)| (month_of(a), month_of(b)))
    }

    /// The rows of firm `firm`, by month.
    #[must_use]
    pub fn firm(&self, firm: FirmIdx) -> FirmSeries<'_> {
        let f = firm as usize;
        if f + 1 >= self.starts.len() {
            return FirmSeries { months: &[], output: &[], revenue: &[] };
        }
        let range = self.starts[f] as usize..self.starts[f + 1] as usize;
        FirmSeries {
            months: &self.months[range.clone()],
            output: &self.output[range.clone()],
            revenue: &self.revenue[range],
        }
    }

    /// Every row, by firm and then month.
    pub fn iter(&self) -> impl Iterator<Item = MonthlyRow> + '_ {
        (0..self.starts.len().saturating_sub(1)).flat_map(move |f| {
            let firm = FirmIdx::try_from(f).expect("firms are numbered in 32 bits");
            let series = self.firm(firm);
            (0..series.len()).map(move |i| MonthlyRow {
                firm,
                month: month_of(series.months[i]),
                output: series.output[i],
                revenue: series.revenue(i),
            })
        })
    }
}

/// One firm's rows, by month.
#[derive(Debug, Clone, Copy)]
pub struct FirmSeries<'a> {
    /// Month numbers, strictly increasing.
    pub months: &'a [MonthNo],
    pub output: &'a [f64],
    revenue: &'a [f64],
}

impl FirmSeries<'_> {
    /// How many rows the firm has.
    #[must_use]
    pub fn len(&self) -> usize {
        self.months.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.months.is_empty()
    }

    /// The revenue of row `i`, when given.
    #[must_use]
    pub fn revenue(&self, i: usize) -> Option<f64> {
        Some(self.revenue[i]).filter(|r| !r.is_nan())
    }

    /// The row for month `month`, if the firm has one.
    #[must_use]
    pub fn row(&self, month: MonthNo) -> Option<usize> {
        self.months.binary_search(&month).ok()
    }

    /// The rows of months `first` to `last` (inclusive), as a range of row indices.
    #[must_use]
    pub fn rows_between(&self, first: MonthNo, last: MonthNo) -> std::ops::Range<usize> {
        let start = self.months.partition_point(|&m| m < first);
        let end = self.months.partition_point(|&m| m <= last);
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(firm: FirmIdx, y: i16, m: i8, output: f64, revenue: Option<f64>) -> MonthlyRow {
        MonthlyRow { firm, month: Month::new(y, m).unwrap(), output, revenue }
    }

    #[test]
    fn month_numbers_round_trip() {
        for (y, m) in [(1900, 1), (1999, 12), (2022, 6), (2100, 12)] {
            let month = Month::new(y, m).unwrap();
            assert_eq!(month_of(month_no(month).unwrap()), month);
        }
        assert_eq!(month_no(Month::new(1900, 1).unwrap()), Some(0));
        assert_eq!(month_no(Month::new(1901, 1).unwrap()), Some(12));
        assert_eq!(month_no(Month::new(1899, 12).unwrap()), None);
        assert_eq!(month_no(Month::new(2101, 1).unwrap()), None);
    }

    #[test]
    fn rows_by_firm_then_month() {
        let table = Monthly::new(
            4,
            vec![
                row(2, 2021, 3, 760.0, None),
                row(0, 2021, 2, 130.5, Some(128.0)),
                row(0, 2021, 1, 120.0, None),
                row(2, 2021, 2, 800.0, Some(812.0)),
                row(0, 2021, 3, 0.0, None),
            ],
        )
        .unwrap();
        assert_eq!(table.rows(), 5);
        assert_eq!(table.firms_reporting(), 2);
        let (first, last) = table.span().unwrap();
        assert_eq!((first.to_string(), last.to_string()), ("2021-01".into(), "2021-03".into()));
        let zero = table.firm(0);
        assert_eq!(zero.output, [120.0, 130.5, 0.0]);
        assert_eq!(zero.revenue(1), Some(128.0));
        assert_eq!(zero.revenue(0), None);
        assert!(table.firm(1).is_empty());
        assert!(table.firm(3).is_empty());
        assert!(table.firm(99).is_empty());
        let feb = month_no(Month::new(2021, 2).unwrap()).unwrap();
        assert_eq!(table.firm(2).row(feb), Some(0));
        assert_eq!(table.firm(2).rows_between(feb + 1, feb + 5), 1..2);
        assert_eq!(table.firm(2).rows_between(feb + 2, feb + 5), 2..2);
        let again: Vec<MonthlyRow> = table.iter().collect();
        assert_eq!(Monthly::new(4, again).unwrap(), table);
    }

    #[test]
    fn columns_make_the_table_rows_make() {
        let (jan, feb) =
            (month_no(Month::new(2021, 1).unwrap()).unwrap(), month_no(Month::new(2021, 2).unwrap()).unwrap());
        let columns = Monthly::from_sorted_columns(
            vec![0, 2, 2, 3],
            vec![jan, feb, feb],
            vec![1.0, 2.0, 3.0],
            vec![f64::NAN, 5.0, f64::NAN],
        )
        .unwrap();
        let rows = Monthly::new(
            3,
            vec![row(2, 2021, 2, 3.0, None), row(0, 2021, 2, 2.0, Some(5.0)), row(0, 2021, 1, 1.0, None)],
        )
        .unwrap();
        assert_eq!(columns, rows);
        assert_eq!((columns.firms_reporting(), columns.span()), (rows.firms_reporting(), rows.span()));
        let twice = Monthly::from_sorted_columns(vec![0, 2], vec![jan, jan], vec![1.0; 2], vec![f64::NAN; 2]);
        assert_eq!(twice, Err(MonthlyError::Twice { firm: 0, month: Month::new(2021, 1).unwrap() }));
    }

    #[test]
    #[should_panic(expected = "out of month order")]
    fn columns_out_of_order_are_a_bug() {
        let _ = Monthly::from_sorted_columns(vec![0, 2], vec![2, 1], vec![1.0; 2], vec![f64::NAN; 2]);
    }

    #[test]
    fn bad_rows_are_refused() {
        let twice = Monthly::new(1, vec![row(0, 2021, 1, 1.0, None), row(0, 2021, 1, 2.0, None)]);
        assert_eq!(twice, Err(MonthlyError::Twice { firm: 0, month: Month::new(2021, 1).unwrap() }));
        assert!(matches!(Monthly::new(1, vec![row(1, 2021, 1, 1.0, None)]), Err(MonthlyError::UnknownFirm { .. })));
        assert!(matches!(Monthly::new(1, vec![row(0, 2021, 1, -1.0, None)]), Err(MonthlyError::BadFigure { .. })));
        assert!(matches!(
            Monthly::new(1, vec![row(0, 2021, 1, 1.0, Some(f64::NAN))]),
            Err(MonthlyError::BadFigure { .. })
        ));
        assert!(matches!(Monthly::new(1, vec![row(0, 1850, 1, 1.0, None)]), Err(MonthlyError::OutOfRange(_))));
        assert!(Monthly::new(3, vec![]).unwrap().is_empty());
        assert_eq!(Monthly::new(3, vec![]).unwrap().span(), None);
    }
}
