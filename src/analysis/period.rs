//! The period a report speaks for (报告期): the month the office asked
//! for, else the newest month the data itself names. Never the clock and
//! never a file's modification time, which a fresh clone or a copy resets:
//! the same dataset gives the same report on any day, on any machine.
//!
//! Where the period comes from, first that applies:
//!
//! | source | month |
//! |---|---|
//! | `--period P` | P, as written |
//! | `monthly.csv` | its latest month (the month `monitor` reports by default) |
//! | `problems.csv` | the month of the latest `reported` date |
//! | none | no period: the report says it has none |
//!
//! Project years are not a source: a project's year is when it starts or is
//! planned to, often a year ahead of the data.

use crate::model::{Dataset, Month};

/// Where a report's period comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSource {
    /// Asked for (`--period`).
    Asked,
    /// The latest month of the monthly table.
    Monthly,
    /// The month of the latest reported problem.
    Problems,
}

/// A report's period and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub month: Month,
    pub source: PeriodSource,
}

/// The period of a report on `dataset`: `asked` when given, else the newest
/// month the data names, else `None`.
///
/// # Example
/// A dataset whose monthly table runs to 2026-03 and whose latest problem
/// was reported on 2026-05-02 has the period 2026-03 (from the monthly table).
#[must_use]
pub fn report_period(dataset: &Dataset, asked: Option<Month>) -> Option<Period> {
    if let Some(month) = asked {
        return Some(Period { month, source: PeriodSource::Asked });
    }
    if let Some((_, last)) = dataset.monthly.span() {
        return Some(Period { month: last, source: PeriodSource::Monthly });
    }
    let latest = dataset.problems.iter().filter_map(|p| p.reported).max()?;
    Some(Period { month: latest.month(), source: PeriodSource::Problems })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Monthly, MonthlyRow, Problem, ProblemCategory, ProblemStatus};

    fn problem(reported: Option<Date>) -> Problem {
        Problem {
            id: None,
            firm: 0,
            category: ProblemCategory::ALL[0],
            description: "x".into(),
            status: ProblemStatus::ALL[0],
            reported,
            department: None,
            deadline: None,
            resolved_on: None,
        }
    }

    #[test]
    fn asked_then_monthly_then_problems_then_none() {
        let mut d = Dataset::default();
        assert_eq!(report_period(&d, None), None);
        d.problems = vec![problem(Date::new(2026, 5, 2)), problem(None), problem(Date::new(2025, 12, 31))];
        let may = Month::new(2026, 5).unwrap();
        assert_eq!(report_period(&d, None), Some(Period { month: may, source: PeriodSource::Problems }));
        let march = Month::new(2026, 3).unwrap();
        let row = MonthlyRow { firm: 0, month: march, output: 1.0, revenue: None };
        d.monthly = Monthly::new(1, vec![row]).unwrap();
        assert_eq!(report_period(&d, None), Some(Period { month: march, source: PeriodSource::Monthly }));
        let asked = Month::new(2024, 1).unwrap();
        assert_eq!(report_period(&d, Some(asked)), Some(Period { month: asked, source: PeriodSource::Asked }));
    }
}
