//! The firm-problem list (解难题清单) in the order of what is at stake
//! (docs/analysis.md#problems-by-impact): open problems first, by the
//! completeness their firm's halting would cost, so the office works first
//! on the firms the chains cannot lose.

use super::Risk;
use crate::analysis::monitor::sort_ranked;
use crate::model::{ChainIdx, Dataset, Problem, ProblemStatus};

/// What halting each local firm would cost, by firm index, in completeness
/// points: summed over its chains, or in chain `chain` alone when given
/// (as a chain's own page ranks its firms). 0 for a firm whose halting
/// changes no status, or that is halted already.
///
/// Complexity: O(F + the ranked firms).
#[must_use]
pub fn impacts(dataset: &Dataset, risk: &Risk, chain: Option<ChainIdx>) -> Vec<f64> {
    let mut out = vec![0.0; dataset.firms.len()];
    for f in &risk.firms {
        out[f.firm as usize] = match chain {
            None => f.impact,
            Some(c) => f.chains.iter().find(|part| part.chain == c).map_or(0.0, |part| part.impact),
        };
    }
    out
}

/// Orders problems as the firm-problem list shows them: open problems
/// first, by their firm's impact (`impacts`, by firm index), highest first,
/// impacts within [`TIE`](super::TIE) of each other counting as tied; then,
/// and for the resolved problems after them, by category, the day it was
/// reported (undated first), and firm id. The order depends only on the
/// problems, not on the order they come in.
pub fn order_problems(dataset: &Dataset, problems: &mut [&Problem], impacts: &[f64]) {
    let key = |p: &&Problem| (p.category, p.reported, dataset.firms.id(p.firm));
    problems.sort_by_key(|p| p.status != ProblemStatus::Open);
    let open = problems.partition_point(|p| p.status == ProblemStatus::Open);
    let (open, resolved) = problems.split_at_mut(open);
    sort_ranked(open, &|p: &&Problem| Some(impacts[p.firm as usize]), &key);
    resolved.sort_by_key(key);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::risk::{ChainImpact, FirmImpact};
    use crate::model::{Date, Firm, FirmRef, FirmStatus, ProblemCategory, Role};

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

    fn problem(firm: u32, category: ProblemCategory, status: ProblemStatus, day: i8) -> Problem {
        Problem {
            id: None,
            firm,
            category,
            description: "".into(),
            status,
            reported: Date::new(2024, 1, day),
            department: None,
            deadline: None,
            resolved_on: None,
        }
    }

    fn impact(firm: u32, parts: &[(ChainIdx, f64)]) -> FirmImpact {
        FirmImpact {
            firm,
            impact: parts.iter().map(|p| p.1).sum(),
            chains: parts.iter().map(|&(chain, impact)| ChainImpact { chain, impact }).collect(),
            breaks: vec![],
            downgrades: vec![],
            loop_lost: vec![],
        }
    }

    #[test]
    fn open_problems_go_by_impact_then_as_before() {
        use ProblemCategory::{Funding, Market};
        use ProblemStatus::{Open, Resolved};
        let dataset = Dataset { firms: ["A", "B", "C", "D"].map(firm).into_iter().collect(), ..Dataset::default() };
        // A costs chain 0 and chain 1; B only chain 1; C and D nothing.
        let risk = Risk {
            firms: vec![impact(0, &[(0, 10.0), (1, 2.0)]), impact(1, &[(1, 5.0)])],
            single_sources: vec![],
            chokepoints: vec![],
            redundancy: vec![],
        };
        assert_eq!(impacts(&dataset, &risk, None), [12.0, 5.0, 0.0, 0.0]);
        assert_eq!(impacts(&dataset, &risk, Some(1)), [2.0, 5.0, 0.0, 0.0]);
        let all = [
            problem(2, Funding, Open, 3),
            problem(3, Funding, Open, 2),
            problem(0, Market, Open, 1),
            problem(1, Market, Resolved, 1),
            problem(1, Funding, Open, 9),
            problem(0, Funding, Resolved, 1),
        ];
        let order = |chain| {
            let mut problems: Vec<&Problem> = all.iter().collect();
            problems.reverse();
            order_problems(&dataset, &mut problems, &impacts(&dataset, &risk, chain));
            problems.iter().map(|p| all.iter().position(|q| std::ptr::eq(*p, q)).unwrap()).collect::<Vec<_>>()
        };
        // Region: A (12) before B (5); C and D tie at 0 and go by date;
        // resolved last, by category.
        assert_eq!(order(None), [2, 4, 1, 0, 5, 3]);
        // In chain 1, B (5) comes before A (2).
        assert_eq!(order(Some(1)), [4, 2, 1, 0, 5, 3]);
    }

    #[test]
    fn impacts_within_the_tie_go_as_before() {
        let dataset = Dataset { firms: ["A", "B"].map(firm).into_iter().collect(), ..Dataset::default() };
        let open = [
            problem(0, ProblemCategory::Market, ProblemStatus::Open, 1),
            problem(1, ProblemCategory::Funding, ProblemStatus::Open, 1),
        ];
        let mut problems: Vec<&Problem> = open.iter().collect();
        // 0.1 + 0.2 and 0.3 differ in the last bit: tied, so the category decides.
        order_problems(&dataset, &mut problems, &[0.1 + 0.2, 0.3]);
        assert_eq!(problems[0].firm, 1);
    }
}
