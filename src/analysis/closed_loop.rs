//! Closed loop (能闭环): can goods flow from a source of the chain to a sink
//! through local firms only?

use super::condensed::Condensed;
use super::status::LinkStatus;
use crate::model::Chain;

/// True when some path from a link in a source component to a link in a
/// sink component consists only of covered links (a single covered link
/// whose component is both source and sink is such a path).
///
/// Complexity: O(V + E).
#[must_use]
pub fn is_closed_loop(chain: &Chain, condensed: &Condensed, statuses: &[LinkStatus]) -> bool {
    let covered = |l: usize| statuses[l].is_covered();
    let mut seen = vec![false; chain.links.len()];
    let mut stack: Vec<usize> =
        (0..chain.links.len()).filter(|&l| covered(l) && condensed.is_source(condensed.component[l])).collect();
    for &l in &stack {
        seen[l] = true;
    }
    while let Some(l) = stack.pop() {
        if condensed.is_sink(condensed.component[l]) {
            return true;
        }
        for next in chain.successors(l) {
            if covered(next) && !seen[next] {
                seen[next] = true;
                stack.push(next);
            }
        }
    }
    false
}
