//! Gap kinds: what kind of work a missing or weak link calls for.

use serde::Serialize;

use super::condensed::Condensed;
use super::status::LinkStatus;

/// The kind of gap at a link (SPEC §4, "Gap kind").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// 补链: missing, with covered links both up- and downstream — a break in the chain.
    Bridge,
    /// 延链: missing, covered upstream only — extend the chain downstream.
    ExtendDownstream,
    /// 延链: missing, covered downstream only — extend the chain upstream.
    ExtendUpstream,
    /// 空白: missing, nothing covered up- or downstream.
    Isolated,
    /// 强链: weak — grow what is there.
    Strengthen,
}

impl GapKind {
    pub const ALL: [GapKind; 5] =
        [GapKind::Bridge, GapKind::ExtendDownstream, GapKind::ExtendUpstream, GapKind::Isolated, GapKind::Strengthen];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            GapKind::Bridge => "bridge",
            GapKind::ExtendDownstream => "extend_downstream",
            GapKind::ExtendUpstream => "extend_upstream",
            GapKind::Isolated => "isolated",
            GapKind::Strengthen => "strengthen",
        }
    }

    /// The office's word for the work: 补链, 延链, 强链, or 空白 (建链).
    #[must_use]
    pub fn zh(self) -> &'static str {
        match self {
            GapKind::Bridge => "补链",
            GapKind::ExtendDownstream | GapKind::ExtendUpstream => "延链",
            GapKind::Isolated => "空白",
            GapKind::Strengthen => "强链",
        }
    }
}

/// The gap kind of every link: `None` for strong links.
///
/// An ancestor (descendant) of `l` is a link from which `l` can be reached
/// (which `l` reaches) along supply edges, `l` excluded. Inside a cycle every
/// member reaches every other, so a covered link in `l`'s own component is
/// both a covered ancestor and a covered descendant.
///
/// Complexity: O(V + E) on the condensation.
#[must_use]
pub fn gap_kinds(condensed: &Condensed, statuses: &[LinkStatus]) -> Vec<Option<GapKind>> {
    let n = condensed.len();
    let covered_inside: Vec<bool> =
        condensed.members.iter().map(|m| m.iter().any(|&l| statuses[l].is_covered())).collect();
    // covered_before[c]: some strictly earlier component reaching c has a covered link.
    let mut covered_before = vec![false; n];
    for c in 0..n {
        covered_before[c] = condensed.predecessors[c].iter().any(|&p| covered_inside[p] || covered_before[p]);
    }
    let mut covered_after = vec![false; n];
    for c in (0..n).rev() {
        covered_after[c] = condensed.successors[c].iter().any(|&s| covered_inside[s] || covered_after[s]);
    }
    statuses
        .iter()
        .enumerate()
        .map(|(l, status)| match status {
            LinkStatus::Strong => None,
            LinkStatus::Weak => Some(GapKind::Strengthen),
            LinkStatus::Missing => {
                let c = condensed.component[l];
                // `l` is missing, so any covered member of its component is another link.
                let ancestor = covered_before[c] || covered_inside[c];
                let descendant = covered_after[c] || covered_inside[c];
                Some(match (ancestor, descendant) {
                    (true, true) => GapKind::Bridge,
                    (true, false) => GapKind::ExtendDownstream,
                    (false, true) => GapKind::ExtendUpstream,
                    (false, false) => GapKind::Isolated,
                })
            }
        })
        .collect()
}
