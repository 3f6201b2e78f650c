//! Each chain's monthly output over two years (产值走势): for the period P,
//! the twelve months of P's year and the same twelve months of the year
//! before, summed over the chain's firms (a firm at several links of a
//! chain once), as the bulletin's trend charts draw them: this year
//! against last.
//!
//! ```text
//!             Jan Feb Mar … Dec
//! last year    ●   ●   ●  …  ●     every month of P's year − 1
//! this year    ●   ●   ●           January through P; later months are None
//! ```
//!
//! A month of the window no firm of the chain reported is `None` (a gap
//! in the line), not 0: the table says nothing of it.

use crate::model::monthly::month_no;
use crate::model::{ChainIdx, Dataset, Month};

/// One chain's two years of monthly output (万元).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChainTrend {
    #[serde(skip)]
    pub chain: ChainIdx,
    /// P's year.
    pub year: i16,
    /// January to December of P's year; `None` after P or without a row.
    pub this_year: [Option<f64>; 12],
    /// January to December of the year before.
    pub last_year: [Option<f64>; 12],
}

impl ChainTrend {
    /// Whether any month of either year has a figure.
    #[must_use]
    pub fn has_data(&self) -> bool {
        self.this_year.iter().chain(&self.last_year).any(Option::is_some)
    }
}

/// The trend of every chain at period `p`, in chain order.
///
/// # Complexity
/// O(monthly rows × chains per firm + firm placements).
#[must_use]
pub fn chain_trends(dataset: &Dataset, p: Month) -> Vec<ChainTrend> {
    let chains = dataset.chains.len();
    let mut trends: Vec<ChainTrend> = (0..chains)
        .map(|chain| ChainTrend { chain, year: p.year(), this_year: [None; 12], last_year: [None; 12] })
        .collect();
    let january = Month::new(p.year(), 1).expect("January of a valid year");
    let (Some(first), Some(last)) = (january.minus(12).and_then(month_no), month_no(p)) else {
        return trends;
    };
    // Each firm's chains, once each: placements are sorted by firm, then chain.
    let mut chains_of: Vec<Vec<ChainIdx>> = vec![Vec::new(); dataset.firms.len()];
    for placement in &dataset.firm_placements {
        let of = &mut chains_of[placement.owner as usize];
        if of.last() != Some(&placement.chain()) {
            of.push(placement.chain());
        }
    }
    for row in dataset.monthly.iter() {
        let Some(no) = month_no(row.month) else { continue };
        if !(first..=last).contains(&no) {
            continue;
        }
        let offset = usize::from(no - first);
        for &c in &chains_of[row.firm as usize] {
            let cell =
                if offset < 12 { &mut trends[c].last_year[offset] } else { &mut trends[c].this_year[offset - 12] };
            *cell = Some(cell.unwrap_or(0.0) + row.output);
        }
    }
    trends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Firm, FirmRef, FirmStatus, Monthly, MonthlyRow, Placement, Role};

    fn firm(id: &str) -> FirmRef<'_> {
        FirmRef {
            id,
            name: id,
            park: None,
            tags: &[],
            firm: Firm {
                county: None,
                above_scale: false,
                role: Role::Supporting,
                status: FirmStatus::Operating,
                output: crate::model::Amount::NONE,
                employees: None,
            },
        }
    }

    /// Firm 0 at two links of chain 0 and one of chain 1, firm 1 at chain 1:
    /// chain 0 sums firm 0 once, chain 1 both firms; months outside the two
    /// years and after P are left out.
    #[test]
    fn two_years_by_chain() {
        let m = |y, mo| Month::new(y, mo).unwrap();
        let row = |firm, month, output| MonthlyRow { firm, month, output, revenue: None };
        let mut d = Dataset {
            firms: [firm("A"), firm("B")].into_iter().collect(),
            firm_placements: vec![
                Placement { owner: 0, chain: 0, link: 0 },
                Placement { owner: 0, chain: 0, link: 1 },
                Placement { owner: 0, chain: 1, link: 0 },
                Placement { owner: 1, chain: 1, link: 0 },
            ],
            ..Dataset::default()
        };
        let chain = |id: &str| {
            let text = format!(
                r#"{{"id": "{id}", "name": "{id}", "links": [{{"id": "a", "name": "a", "stage": "upstream"}}, {{"id": "b", "name": "b", "stage": "downstream"}}]}}"#
            );
            let mut diags = crate::load::Diagnostics::default();
            crate::load::chain_file::parse_chain("t.json", &text, &mut diags).expect("a chain")
        };
        d.chains = vec![chain("c0"), chain("c1")];
        let rows = vec![
            row(0, m(2024, 12), 99.0),
            row(0, m(2025, 1), 10.0),
            row(1, m(2025, 1), 5.0),
            row(0, m(2026, 3), 12.0),
            row(1, m(2026, 4), 7.0),
        ];
        d.monthly = Monthly::new(2, rows).unwrap();
        let p = m(2026, 3);
        let t = chain_trends(&d, p);
        assert_eq!(t[0].last_year[0], Some(10.0));
        assert_eq!(t[1].last_year[0], Some(15.0));
        assert_eq!(t[0].this_year[2], Some(12.0));
        assert_eq!(t[1].this_year[3], None);
        assert_eq!(t[0].last_year[11], None);
        assert!(t[0].has_data());
    }
}
