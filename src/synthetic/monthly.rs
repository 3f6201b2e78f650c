//! The synthetic monthly table (`monthly.csv`): every firm of the roster,
//! month by month up to [`LAST_MONTH`], written month after month as an
//! office appends its returns.
//!
//! A firm's month is its yearly output ÷ 12, grown by a rate of its own
//! (−10 % to +15 % a year), shaped by the Spring Festival dip and the
//! year-end push, with ±5 % noise; seven firms in ten give revenue too.
//! Halted firms report 0, some of them after producing into the last year;
//! a few firms fall by a third in the last year, a few start late, a few
//! have not sent the last month. No firm has a hole, so the table
//! validates without warnings, and monitoring finds every kind of warning.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::rng::Rng;
use super::tables::{FirmSketch, Written};
use crate::model::Month;

/// The last month of a generated table: its months run up to it.
pub const LAST_MONTH: (i16, i8) = (2026, 6);

/// The most months a table may have: a century, so that its first month is
/// a written month (1900 or later).
pub const MAX_MONTHS: usize = 1200;

/// The share of a year's output each month carries (mean 1).
const SEASON: [f64; 12] = [0.85, 0.75, 1.0, 1.0, 1.0, 1.02, 1.0, 1.0, 1.03, 1.05, 1.1, 1.2];

/// The months of a table of `count` months, oldest first.
fn months(count: usize) -> Vec<Month> {
    let last = Month::new(LAST_MONTH.0, LAST_MONTH.1).expect("a month");
    (0..count).rev().map(|k| last.minus(u32::try_from(k).expect("at most 1200")).expect("after year 1")).collect()
}

/// What one firm does over the table's months, drawn once per firm.
#[derive(Debug, Clone, Copy)]
struct Course {
    /// Output of a month of mean season, at the last month's level.
    level: f64,
    /// Growth per month (as a factor).
    monthly_growth: f64,
    /// Revenue as a share of output, for the firms that give it.
    revenue: Option<f64>,
    /// The first month with a row (index into the months).
    first: usize,
    /// One past the last month with a row.
    end: usize,
    /// From this month on, output is multiplied by `factor` (0: halted).
    step: usize,
    factor: f64,
}

fn course(rng: &mut Rng, firm: FirmSketch, count: usize) -> Course {
    #[allow(clippy::cast_precision_loss, reason = "outputs are below 2^53")]
    let yearly = if firm.output == 0 { 120.0 } else { firm.output as f64 };
    let growth = -0.10 + 0.25 * rng.range(0, 1000) as f64 / 1000.0;
    let revenue = rng.percent(70).then(|| 0.85 + 0.15 * rng.range(0, 1000) as f64 / 1000.0);
    let last_year = count.saturating_sub(12);
    let (step, factor) = if firm.halted {
        // Halted: most long ago (every row 0), some in the last year.
        if rng.percent(30) { (last_year + rng.below(12.min(count)), 0.0) } else { (0, 0.0) }
    } else if rng.percent(3) {
        // A third of the output lost in the last year.
        (last_year + rng.below(12.min(count)), 0.65)
    } else {
        (count, 1.0)
    };
    let first = if count > 1 && rng.percent(2) { 1 + rng.below(count - 1) } else { 0 };
    let end = if rng.percent(1) { count - 1 } else { count };
    Course {
        level: yearly / 12.0,
        monthly_growth: (1.0 + growth).powf(1.0 / 12.0),
        revenue,
        first,
        end: end.max(first + 1),
        step,
        factor,
    }
}

/// Writes the monthly table of `months` months for the firms `ids` (with
/// their sketches): a row per firm and month it reports. Returns the count
/// of rows (as records: the months).
pub fn write_monthly(
    out: &mut dyn Write,
    seed: u64,
    count: usize,
    ids: &[String],
    firms: &[FirmSketch],
) -> io::Result<Written> {
    let mut rng = Rng::new(seed, 6);
    let courses: Vec<Course> = firms.iter().map(|&f| course(&mut rng, f, count)).collect();
    out.write_all(b"firm_id,period,output,revenue\n")?;
    let mut rows = 0;
    let mut line = String::with_capacity(64);
    for (m, month) in months(count).into_iter().enumerate() {
        let season = SEASON[usize::try_from(month.month() - 1).expect("1 to 12")];
        #[allow(clippy::cast_possible_wrap, clippy::cast_possible_truncation, reason = "at most 1200 months")]
        let from_last = m as i32 - count as i32 + 1;
        for (id, c) in ids.iter().zip(&courses) {
            if m < c.first || m >= c.end {
                continue;
            }
            let noise = 0.95 + 0.1 * rng.range(0, 1000) as f64 / 1000.0;
            let factor = if m >= c.step { c.factor } else { 1.0 };
            let output = c.level * c.monthly_growth.powi(from_last) * season * noise * factor;
            line.clear();
            let _ = write!(line, "{id},{month},{output:.1},");
            if let Some(share) = c.revenue {
                let _ = write!(line, "{:.1}", output * share);
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
            rows += 1;
        }
    }
    Ok(Written { records: count, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_end_at_the_last_month() {
        let m = months(18);
        assert_eq!((m[0].to_string(), m[17].to_string()), ("2025-01".to_owned(), "2026-06".to_owned()));
        assert_eq!(months(MAX_MONTHS)[0].to_string(), "1926-07");
        assert!(months(0).is_empty());
    }

    #[test]
    fn the_same_seed_writes_the_same_rows() {
        let ids: Vec<String> = (0..50).map(|i| format!("F{i}")).collect();
        let firms: Vec<FirmSketch> =
            (0..50).map(|i| FirmSketch { above_scale: i % 3 == 0, halted: i % 7 == 0, output: 100 * i }).collect();
        let write = |seed| {
            let mut out = Vec::new();
            write_monthly(&mut out, seed, 24, &ids, &firms).unwrap();
            out
        };
        assert_eq!(write(3), write(3));
        assert_ne!(write(3), write(4));
        let text = String::from_utf8(write(3)).unwrap();
        assert!(text.starts_with("firm_id,period,output,revenue\nF0,2024-07,"), "{text}");
        assert!(text.lines().count() > 24 * 45, "most firms report every month");
    }
}
