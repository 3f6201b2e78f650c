//! The indicators of operations monitoring (SPEC §8): each firm's figures
//! around the report period, their sums over the region, each chain and
//! each county, growth, and the ranking of chains and counties.
//!
//! ```text
//!   P = 2022-06                 Jan ──────────── P          (ytd)
//!   2022  . . . . . . . . . . . [ 1  2  3  4  5  6 ] . . .
//!   2021  . . . . . . . . . . . [ 1  2  3  4  5  6 ] . . .  (ytd_prev)
//!                                              ↑ P−12 (month_prev_year)
//!   month = out(P), month_prev = out(P−1); trailing twelve = P−11 … P
//! ```

use rayon::prelude::*;

use super::TIE;
use crate::model::monthly::MonthNo;
use crate::model::{ChainIdx, CountyIdx, Dataset, FirmIdx};

/// What one firm reported around the report period P, in 万元. A month
/// without a row counts as 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FirmFigures {
    /// out(f, P).
    pub month: f64,
    /// out(f, P−12).
    pub month_prev_year: f64,
    /// out(f, P−1).
    pub month_prev: f64,
    /// Σ out(f, q), January of P's year through P.
    pub ytd: f64,
    /// The same months one year earlier.
    pub ytd_prev: f64,
    /// Whether the firm has a row at P.
    pub reported: bool,
    /// Whether the firm has a row at P−1.
    pub reported_prev: bool,
    /// Σ over P−11 … P of the revenue (the output where a row gives no
    /// revenue), when the firm has a row for each of those twelve months.
    pub trailing12: Option<f64>,
}

impl FirmFigures {
    /// Year-to-date growth, `None` when last year's sum is 0.
    #[must_use]
    pub fn yoy(&self) -> Option<f64> {
        growth(self.ytd, self.ytd_prev)
    }
}

/// `now / before − 1`, or `None` when `before` is 0.
#[must_use]
pub fn growth(now: f64, before: f64) -> Option<f64> {
    (before != 0.0).then(|| now / before - 1.0)
}

/// The figures of every firm for period `p`, by firm.
///
/// Complexity: O(F log R) for F firms of R rows each at most, in parallel.
#[must_use]
pub fn firm_figures(dataset: &Dataset, p: MonthNo) -> Vec<FirmFigures> {
    let monthly = &dataset.monthly;
    let january = p - p % 12;
    (0..dataset.firms.len())
        .into_par_iter()
        .map(|f| {
            let series = monthly.firm(FirmIdx::try_from(f).expect("firms are numbered in 32 bits"));
            if series.is_empty() {
                return FirmFigures::default();
            }
            let at = |month: Option<MonthNo>| month.and_then(|m| series.row(m));
            let output_at = |month: Option<MonthNo>| at(month).map_or(0.0, |i| series.output[i]);
            let sum = |first: Option<MonthNo>, last: Option<MonthNo>| match (first, last) {
                (Some(first), Some(last)) => series.output[series.rows_between(first, last)].iter().sum(),
                _ => 0.0,
            };
            let trailing12 = p.checked_sub(11).and_then(|first| {
                let rows = series.rows_between(first, p);
                (rows.len() == 12).then(|| rows.map(|i| series.revenue(i).unwrap_or(series.output[i])).sum())
            });
            FirmFigures {
                month: output_at(Some(p)),
                month_prev_year: output_at(p.checked_sub(12)),
                month_prev: output_at(p.checked_sub(1)),
                ytd: sum(Some(january), Some(p)),
                ytd_prev: sum(january.checked_sub(12), p.checked_sub(12)),
                reported: at(Some(p)).is_some(),
                reported_prev: at(p.checked_sub(1)).is_some(),
                trailing12,
            }
        })
        .collect()
}

/// The sums over the firms of one scope (region, chain or county), in 万元.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    /// Output at P (当月).
    pub month: f64,
    /// Output at P−12 (上年同月).
    pub month_prev_year: f64,
    /// Output at P−1 (上月).
    pub month_prev: f64,
    /// Output from January through P (累计).
    pub ytd: f64,
    /// The same months one year earlier (上年同期累计).
    pub ytd_prev: f64,
    /// Firms in the scope.
    pub firms: u32,
    /// Firms in the scope with a row at P (报送).
    pub reporting: u32,
}

impl Figures {
    /// Adds one firm.
    pub fn add(&mut self, f: &FirmFigures) {
        self.month += f.month;
        self.month_prev_year += f.month_prev_year;
        self.month_prev += f.month_prev;
        self.ytd += f.ytd;
        self.ytd_prev += f.ytd_prev;
        self.firms += 1;
        self.reporting += u32::from(f.reported);
    }

    /// 累计同比: `ytd / ytd_prev − 1`; `None` when `ytd_prev` is 0.
    #[must_use]
    pub fn yoy(&self) -> Option<f64> {
        growth(self.ytd, self.ytd_prev)
    }

    /// 当月同比: `month / month_prev_year − 1`; `None` when `month_prev_year` is 0.
    #[must_use]
    pub fn month_yoy(&self) -> Option<f64> {
        growth(self.month, self.month_prev_year)
    }

    /// 环比: `month / month_prev − 1`; `None` when `month_prev` is 0.
    #[must_use]
    pub fn mom(&self) -> Option<f64> {
        growth(self.month, self.month_prev)
    }
}

/// The figures of one chain or county, with its rank (1 = fastest growth).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScopeFigures<K> {
    pub scope: K,
    pub rank: usize,
    pub figures: Figures,
}

/// Which firms a query covers: `None` for all, else by firm whether it
/// works in chain `chain`.
pub(super) fn scope_filter(dataset: &Dataset, chain: Option<ChainIdx>) -> Option<Vec<bool>> {
    let chain = chain?;
    let mut in_chain = vec![false; dataset.firms.len()];
    for p in dataset.firm_placements.iter().filter(|p| p.chain() == chain) {
        in_chain[p.owner as usize] = true;
    }
    Some(in_chain)
}

/// Every firm once.
pub(super) fn region(firms: &[FirmFigures]) -> Figures {
    let mut sum = Figures::default();
    for f in firms {
        sum.add(f);
    }
    sum
}

/// Every chain's figures (a firm once per chain it works in), ranked; with
/// `only`, that chain alone, with its rank among all.
pub(super) fn chains(dataset: &Dataset, firms: &[FirmFigures], only: Option<ChainIdx>) -> Vec<ScopeFigures<ChainIdx>> {
    let mut sums = vec![Figures::default(); dataset.chains.len()];
    let mut last = None;
    // Placements come by firm, then chain: a firm's rows in a chain are one run.
    for p in &dataset.firm_placements {
        if last != Some((p.owner, p.chain)) {
            last = Some((p.owner, p.chain));
            sums[p.chain()].add(&firms[p.owner as usize]);
        }
    }
    let mut chains: Vec<ScopeFigures<ChainIdx>> =
        sums.into_iter().enumerate().map(|(scope, figures)| ScopeFigures { scope, rank: 0, figures }).collect();
    // Chains are numbered in id order.
    rank(&mut chains, |c| c.figures.yoy(), |c| c.scope);
    chains.retain(|c| only.is_none_or(|only| only == c.scope));
    chains
}

/// The figures of every county with a firm in scope, ranked (ties by name).
pub(super) fn counties(
    dataset: &Dataset,
    firms: &[FirmFigures],
    in_scope: Option<&[bool]>,
) -> Vec<ScopeFigures<CountyIdx>> {
    let mut sums = vec![Figures::default(); dataset.region.counties.len()];
    for (f, firm) in dataset.firms.iter().enumerate() {
        if let Some(county) = firm.county
            && in_scope.is_none_or(|s| s[f])
        {
            sums[usize::from(county)].add(&firms[f]);
        }
    }
    let mut counties: Vec<ScopeFigures<CountyIdx>> = (0..=CountyIdx::MAX)
        .zip(sums)
        .filter(|(_, figures)| figures.firms > 0)
        .map(|(scope, figures)| ScopeFigures { scope, rank: 0, figures })
        .collect();
    rank(&mut counties, |c| c.figures.yoy(), |c| dataset.county_name(c.scope));
    counties
}

/// Sorts by `figure`, highest first, `None` last; figures within [`TIE`]
/// of the next one down count as tied (a run of such figures is one tie),
/// and ties go by `key`. Then numbers the ranks from 1.
///
/// Sorting by exact figure first and then cutting the order into runs
/// makes the order depend on the figures alone, not on the order items
/// come in.
fn rank<K: Ord + Send, T: Rankable + Send + Sync>(
    items: &mut [T],
    figure: impl Fn(&T) -> Option<f64> + Sync,
    key: impl Fn(&T) -> K + Sync,
) {
    sort_ranked(items, &figure, &key);
    for (i, item) in items.iter_mut().enumerate() {
        item.set_rank(i + 1);
    }
}

/// What [`rank`] numbers.
pub(super) trait Rankable {
    fn set_rank(&mut self, rank: usize);
}

impl<K> Rankable for ScopeFigures<K> {
    fn set_rank(&mut self, rank: usize) {
        self.rank = rank;
    }
}

/// The order of [`rank`], without numbering.
///
/// Each item's figure and key are taken once (a key is often a firm's id,
/// a look-up in the roster, and a province's warnings and pipeline are
/// hundreds of thousands of firms), sorted on every core with a stable
/// sort, and the items put in that order: the same order as sorting the
/// items themselves on one core.
pub(crate) fn sort_ranked<T: Send + Sync, K: Ord + Send>(
    items: &mut [T],
    figure: &(dyn Fn(&T) -> Option<f64> + Sync),
    key: &(dyn Fn(&T) -> K + Sync),
) {
    let mut keyed: Vec<(Option<f64>, K, usize)> =
        items.par_iter().enumerate().map(|(i, item)| (figure(item), key(item), i)).collect();
    let order = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    };
    keyed.par_sort_by(|a, b| order(a.0, b.0).then_with(|| a.1.cmp(&b.1)));
    let mut start = 0;
    while start < keyed.len() {
        let mut end = start + 1;
        while end < keyed.len() && tied(keyed[end - 1].0, keyed[end].0) {
            end += 1;
        }
        keyed[start..end].sort_by(|a, b| a.1.cmp(&b.1));
        start = end;
    }
    let taken: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();
    permute(items, &taken);
}

/// Puts `items` in the order `taken` gives: the item at `i` afterwards is
/// the one at `taken[i]` before. `taken` holds each position once.
fn permute<T>(items: &mut [T], taken: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        // Along the cycle from `start`, the item first at `start` moves to
        // the place whose item it takes, until the cycle closes.
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = taken[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Whether two figures, the first the higher, count as tied.
fn tied(higher: Option<f64>, lower: Option<f64>) -> bool {
    match (higher, lower) {
        (Some(a), Some(b)) => a - b <= TIE,
        (None, None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Item(&'static str, Option<f64>, usize);

    impl Rankable for Item {
        fn set_rank(&mut self, rank: usize) {
            self.2 = rank;
        }
    }

    #[test]
    fn ranks_go_by_figure_then_key_with_nulls_last() {
        let (sum, exact) = (0.1 + 0.2, 0.3);
        let mut items = vec![
            Item("z", Some(sum), 0),
            Item("n1", None, 0),
            Item("a", Some(exact), 0),
            Item("b", Some(0.5), 0),
            Item("c", Some(exact - 1e-6), 0),
            Item("m", None, 0),
        ];
        let mut backward: Vec<Item> = items.iter().rev().copied().collect();
        rank(&mut items, |i| i.1, |i| i.0);
        rank(&mut backward, |i| i.1, |i| i.0);
        assert_eq!(items, backward);
        let order: Vec<(&str, usize)> = items.iter().map(|i| (i.0, i.2)).collect();
        assert_eq!(order, [("b", 1), ("a", 2), ("z", 3), ("c", 4), ("m", 5), ("n1", 6)]);
    }

    #[test]
    fn items_are_put_in_the_order_taken() {
        let orders: [&[usize]; 5] = [&[], &[0], &[1, 0], &[2, 0, 1], &[3, 4, 0, 1, 2]];
        for taken in orders {
            let mut items: Vec<usize> = (0..taken.len()).map(|i| i * 10).collect();
            permute(&mut items, taken);
            assert_eq!(items, taken.iter().map(|i| i * 10).collect::<Vec<_>>(), "{taken:?}");
        }
    }

    #[test]
    fn growth_is_null_exactly_when_its_denominator_is_zero() {
        assert_eq!(growth(5.0, 0.0), None);
        assert_eq!(growth(0.0, 0.0), None);
        assert_eq!(growth(0.0, 4.0), Some(-1.0));
        assert_eq!(growth(6.0, 4.0), Some(0.5));
    }
}
