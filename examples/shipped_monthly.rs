//! Writes the shipped dataset's illustrative monthly table,
//! `chains/monthly.csv`: January 2021 through March 2026 for every
//! illustrative firm of `chains/firms.csv` (names ending in `（示例）`), none
//! for the plan-named firms, whose figures are not invented.
//!
//! ```sh
//! cargo run --example shipped_monthly        # rewrites chains/monthly.csv
//! ```
//!
//! The same roster always gives the same bytes: the noise comes from a hash
//! of the firm id and the month, not from a random generator. A test
//! (`tests/it/monitor.rs`) holds the committed file to this program.
//!
//! Each firm's month is its yearly level ÷ 12 × a seasonal shape × ±3 %
//! noise. The level is the roster's `output` (an invented one for firms the
//! roster lists as halted, whose output is empty) grown by a rate drawn from
//! the id (−3 % to +10 % a year around mid-2025), times the steps of its
//! story below. Revenue is a share of output (90 to 100 %); the
//! cooperatives (合作社) report none. The stories make every warning and
//! both pipeline levels appear, and they follow the firms' problems in
//! `problems.csv` (orders falling, halts, expansion).

use std::fmt::Write as _;
use std::path::Path;

use chainmap::analysis::status::placements_of;
use chainmap::model::{Dataset, FirmIdx, Month};

/// The first and the last month of the table.
const FIRST: (i16, i8) = (2021, 1);
const LAST: (i16, i8) = (2026, 3);

/// What happens to one firm beyond its trend.
#[derive(Debug, Clone, Copy, Default)]
struct Story {
    /// The yearly output level when the roster has none.
    level: Option<f64>,
    /// The yearly growth rate, instead of the one drawn from the id.
    growth: Option<f64>,
    /// From this month on, the level is multiplied by the factor (0: halted,
    /// rows of 0 go on).
    steps: &'static [((i16, i8), f64)],
    /// The first month reported (a firm that started later).
    from: Option<(i16, i8)>,
    /// The last month reported (a firm that stopped reporting).
    until: Option<(i16, i8)>,
    /// Months without a row between two reported ones (a hole).
    holes: &'static [(i16, i8)],
    /// Revenue as a share of output, instead of the one drawn from the id.
    revenue: Option<f64>,
    /// No row at all.
    none: bool,
}

const fn story() -> Story {
    Story { level: None, growth: None, steps: &[], from: None, until: None, holes: &[], revenue: None, none: false }
}

/// The stories, by firm id.
fn story_of(id: &str) -> Story {
    match id {
        // 储能电芯: orders fell in the autumn (良率偏低，订单减少), and it halts in March 2026.
        // It is the one active firm at lithium/cell: its halting breaks the link.
        "AK-X592" => Story { growth: Some(0.0), steps: &[((2025, 10), 0.8), ((2026, 3), 0.0)], ..story() },
        // Halted firms, as the roster and their problems say, reporting 0 since.
        "AK-X013" => Story { level: Some(900.0), steps: &[((2026, 1), 0.0)], ..story() },
        "AK-X030" => Story { level: Some(3600.0), steps: &[((2025, 12), 0.0)], ..story() },
        "AK-X047" => Story { level: Some(600.0), steps: &[((2025, 11), 0.0)], ..story() },
        "AK-X539" => Story { level: Some(2600.0), steps: &[((2025, 10), 0.0)], ..story() },
        "AK-X591" => Story { level: Some(9000.0), steps: &[((2026, 1), 0.0)], ..story() },
        // Declines: 沉淀硫酸钡 orders (orange), 中药制药 reduced (orange), 热风炉 and 风电 (yellow).
        "AK-X023" => Story { growth: Some(0.0), steps: &[((2025, 9), 0.65)], ..story() },
        "AK-X068" => Story { growth: Some(0.0), steps: &[((2025, 7), 0.68)], ..story() },
        "AK-X045" => Story { growth: Some(0.0), steps: &[((2025, 12), 0.75)], ..story() },
        "AK-X506" => Story { growth: Some(0.0), steps: &[((2026, 1), 0.76)], ..story() },
        // A cooperative that has not sent March yet (未报).
        "AK-X534" => Story { until: Some((2026, 2)), ..story() },
        // 智能玩具 lost half its sales in 2025 and holds there, just under the
        // above-scale line (退规风险) without a year-to-date decline.
        "AK-X567" => Story { growth: Some(0.0), steps: &[((2025, 1), 0.515)], revenue: Some(0.97), ..story() },
        // 生态养殖 expanded in mid-2025 and has crossed the line (达规);
        // 秦钒储能材料 expanded in the autumn and is just under it (培育).
        "AK-X011" => Story { growth: Some(0.0), steps: &[((2025, 7), 1.3)], revenue: Some(0.97), ..story() },
        "AK-X509" => Story { growth: Some(0.0), steps: &[((2025, 10), 1.2)], revenue: Some(0.97), ..story() },
        // Holes: months a cooperative did not report.
        "AK-X531" => Story { holes: &[(2022, 1), (2022, 2)], ..story() },
        "AK-X061" => Story { holes: &[(2023, 8)], ..story() },
        // Firms that started later.
        "AK-X599" => Story { from: Some((2023, 6)), ..story() },
        "AK-X601" => Story { from: Some((2024, 1)), ..story() },
        "AK-X602" => Story { from: Some((2025, 5)), ..story() },
        // The pumped-storage station is still being built: nothing to report.
        "AK-X503" => Story { none: true, ..story() },
        _ => story(),
    }
}

/// A month's share of the year (mean 1), by the kind of link.
fn season(link: &str) -> [f64; 12] {
    let shape: [f64; 12] = if link.starts_with("tea-") {
        // Spring tea.
        [0.3, 0.5, 1.6, 2.0, 1.7, 1.1, 0.9, 0.8, 0.9, 0.8, 0.7, 0.7]
    } else if link.starts_with("konjac-growing") {
        // Harvest in autumn.
        [0.6, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.4, 1.6, 1.5, 1.3]
    } else if link.starts_with("hydro") {
        // The flood season.
        [0.6, 0.6, 0.8, 1.0, 1.2, 1.4, 1.5, 1.4, 1.3, 1.0, 0.7, 0.5]
    } else if link.starts_with("mulberry") || link.contains("silkworm") || link.starts_with("cocoon") {
        // Spring and autumn silkworms.
        [0.2, 0.2, 0.6, 1.2, 1.8, 1.6, 1.2, 1.4, 1.6, 1.2, 0.6, 0.4]
    } else {
        // The Spring Festival dip and the year-end push.
        [0.85, 0.75, 1.0, 1.0, 1.0, 1.02, 1.0, 1.0, 1.03, 1.05, 1.1, 1.2]
    };
    let mean = shape.iter().sum::<f64>() / 12.0;
    shape.map(|s| s / mean)
}

/// A number in [0, 1) from a text and a month (FNV-1a, then splitmix64).
fn unit(text: &str, salt: u64) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    let mut z = h ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Every month of the table, in order.
fn months() -> Vec<Month> {
    let last = Month::new(LAST.0, LAST.1).expect("a month");
    let mut out = vec![Month::new(FIRST.0, FIRST.1).expect("a month")];
    while *out.last().expect("one") < last {
        let next = out.last().expect("one").last_day().plus_days(1).expect("a day").month();
        out.push(next);
    }
    out
}

/// One firm's course: its story, seasonal shape, level, growth and
/// revenue share (none for a cooperative).
struct Course {
    firm: usize,
    story: Story,
    season: [f64; 12],
    level: f64,
    growth: f64,
    revenue: Option<f64>,
}

/// The table as CSV: by month, then by firm in roster order, as an office
/// appends each month's returns.
#[must_use]
pub fn monthly_csv(dataset: &Dataset) -> String {
    let at = |(y, m): (i16, i8)| Month::new(y, m).expect("a month");
    let firm_at = |i: usize| dataset.firms.get(FirmIdx::try_from(i).expect("few firms"));
    let courses: Vec<Course> = (0..dataset.firms.len())
        .map(|i| (i, firm_at(i)))
        .filter(|(_, f)| f.name.ends_with("（示例）"))
        .map(|(i, f)| {
            let story = story_of(f.id);
            let firm = FirmIdx::try_from(i).expect("few firms");
            let link =
                placements_of(dataset, firm).first().map(|p| dataset.chains[p.chain()].links[p.link()].id.as_str());
            let level = f.output.get().or(story.level).filter(|_| !story.none).unwrap_or(0.0);
            let growth = story.growth.unwrap_or(-0.03 + 0.13 * unit(f.id, 1));
            let revenue = (!f.name.contains("合作社")).then(|| story.revenue.unwrap_or(0.9 + 0.1 * unit(f.id, 2)));
            Course { firm: i, story, season: season(link.unwrap_or("")), level, growth, revenue }
        })
        .collect();
    let mut out = String::from("firm_id,period,output,revenue\n");
    for month in months() {
        // Years from mid-2025, when the roster's levels hold.
        let years = f64::from(month.year() - 2025) + (f64::from(month.month()) - 6.5) / 12.0;
        let salt = u64::try_from(i32::from(month.year()) * 12 + i32::from(month.month())).expect("positive");
        for &Course { firm, story, season, level, growth, revenue } in &courses {
            let firm = firm_at(firm);
            let reported = !story.none
                && story.from.is_none_or(|from| month >= at(from))
                && story.until.is_none_or(|until| month <= at(until))
                && !story.holes.iter().any(|&hole| month == at(hole));
            if !reported {
                continue;
            }
            let steps: f64 = story.steps.iter().filter(|(from, _)| month >= at(*from)).map(|(_, f)| f).product();
            let noise = 0.97 + 0.06 * unit(firm.id, salt);
            let month_of_year = usize::try_from(month.month() - 1).expect("1 to 12");
            let output = level / 12.0 * (1.0 + growth).powf(years) * steps * season[month_of_year] * noise;
            let _ = write!(out, "{},{month},{output:.1},", firm.id);
            if let Some(share) = revenue {
                let _ = write!(out, "{:.1}", output * share);
            }
            out.push('\n');
        }
    }
    out
}

#[allow(dead_code, reason = "the test that holds the file to this program includes it without its main")]
fn main() {
    let dir = Path::new("chains");
    let dataset = chainmap::load::load_dataset(dir).expect("the shipped dataset is valid").dataset;
    std::fs::write(dir.join("monthly.csv"), monthly_csv(&dataset)).expect("chains/monthly.csv written");
}
