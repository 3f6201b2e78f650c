//! Operations monitoring (运行监测) for people and machines: the months a
//! dataset's monthly table covers.

use super::gaps::thousands;
use crate::model::Monthly;

/// The months, firms and rows of a monthly table, as `validate` and
/// `chains` report it: "monthly: 2021-01..2022-06, 131 firms, 2,358 rows";
/// `None` without monthly data.
#[must_use]
pub fn coverage_line(monthly: &Monthly) -> Option<String> {
    let (first, last) = monthly.span()?;
    let count = |n: usize, word: &str| format!("{} {word}{}", thousands(n as f64), if n == 1 { "" } else { "s" });
    Some(format!(
        "monthly: {first}..{last}, {}, {}",
        count(monthly.firms_reporting(), "firm"),
        count(monthly.rows(), "row")
    ))
}
