//! Gap kinds: what kind of work a missing or weak link calls for.

use super::condensed::Condensed;
use super::status::LinkStatus;
use crate::model::Lang;
use crate::model::lang::capitalized;
use crate::model::words::word_enum;

word_enum! {
    /// The kind of gap at a link (docs/analysis.md#gap-kind): the work it calls
    /// for, in the office's words. Both 延链 kinds show as 延链; `parse`
    /// reads 延链 as `extend_downstream`.
    GapKind {
        /// 补链: missing, with covered links both up- and downstream — a break in the chain.
        Bridge => "bridge" ["补链"] label "fill",
        /// 延链: missing, covered upstream only — extend the chain downstream.
        ExtendDownstream => "extend_downstream" ["延链"] label "extend",
        /// 延链: missing, covered downstream only — extend the chain upstream.
        ExtendUpstream => "extend_upstream" ["延链"] label "extend",
        /// 空白: missing, nothing covered up- or downstream.
        Isolated => "isolated" ["空白"] label "blank",
        /// 强链: weak — grow what is there.
        Strengthen => "strengthen" ["强链"] label "strengthen",
    }
}

/// Which way a 延链 gap grows the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Downstream,
    Upstream,
}

impl Direction {
    /// 向下游 / downstream.
    #[must_use]
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Direction::Downstream => lang.pick("向下游", "downstream"),
            Direction::Upstream => lang.pick("向上游", "upstream"),
        }
    }
}

// The other words and phrases of each gap kind, all here beside the declaration.
impl GapKind {
    /// Which way the work grows the chain, for the two 延链 kinds.
    #[must_use]
    pub fn direction(self) -> Option<Direction> {
        match self {
            GapKind::ExtendDownstream => Some(Direction::Downstream),
            GapKind::ExtendUpstream => Some(Direction::Upstream),
            GapKind::Bridge | GapKind::Isolated | GapKind::Strengthen => None,
        }
    }

    /// The office's work at a link (补链, 延链, 建链, 强链): the label, but
    /// 建链 (build) at a blank link, and 固链 (consolidate) at a strong link,
    /// which has no gap.
    #[must_use]
    pub fn work(gap: Option<GapKind>, lang: Lang) -> &'static str {
        match gap {
            Some(GapKind::Isolated) => lang.pick("建链", "build"),
            Some(
                kind @ (GapKind::Bridge | GapKind::ExtendDownstream | GapKind::ExtendUpstream | GapKind::Strengthen),
            ) => kind.label(lang),
            None => lang.pick("固链", "consolidate"),
        }
    }

    /// `word` followed by the way this kind grows the chain, if it has one:
    /// 延链(向下游), extend (downstream).
    #[must_use]
    pub fn with_direction(self, word: &str, lang: Lang) -> String {
        match (self.direction(), lang) {
            (None, _) => word.to_owned(),
            (Some(d), Lang::Zh) => format!("{word}({})", d.word(lang)),
            (Some(d), Lang::En) => format!("{word} ({})", d.word(lang)),
        }
    }

    /// The mark on a map: the label, capitalised, with an arrow the way a
    /// 延链 grows the chain (补链, 延链→, ←延链; Fill, Extend→, ←Extend).
    #[must_use]
    pub fn mark(self, lang: Lang) -> String {
        let label = capitalized(self.label(lang));
        match self.direction() {
            None => label,
            Some(Direction::Downstream) => format!("{label}→"),
            Some(Direction::Upstream) => format!("←{label}"),
        }
    }

    /// What the kind means, for legends and the report's notes; the two
    /// 延链 kinds share one meaning, as they share a label.
    #[must_use]
    pub fn meaning(self, lang: Lang) -> &'static str {
        match self {
            GapKind::Bridge => lang.pick("上下游均有本地企业而本环节缺失", "local firms up- and downstream, none here"),
            GapKind::ExtendDownstream | GapKind::ExtendUpstream => {
                lang.pick("向下游 / 上游延伸", "grow the chain downstream / upstream")
            }
            GapKind::Isolated => lang.pick("上下游均无本地企业", "no local firms up- or downstream"),
            GapKind::Strengthen => lang.pick("补强薄弱环节", "shore up a weak link"),
        }
    }

    /// Why the link is a gap, for the gap tables: where local firms are, or
    /// for a weak link how many are active.
    #[must_use]
    pub fn situation(self, lang: Lang, active_firms: u32) -> String {
        match (self, lang) {
            (GapKind::Bridge, Lang::Zh) => "断链: 上下游均有本地企业".to_owned(),
            (GapKind::ExtendDownstream, Lang::Zh) => "延链: 上游有本地企业, 下游待延伸".to_owned(),
            (GapKind::ExtendUpstream, Lang::Zh) => "延链: 下游有本地企业, 上游待补齐".to_owned(),
            (GapKind::Isolated, Lang::Zh) => "空白: 上下游均无本地企业".to_owned(),
            (GapKind::Strengthen, Lang::Zh) => format!("强链: 在产企业 {active_firms} 家, 无链主"),
            (GapKind::Bridge, Lang::En) => "break in the chain: local firms up- and downstream".to_owned(),
            (GapKind::ExtendDownstream, Lang::En) => "extend downstream: local firms upstream only".to_owned(),
            (GapKind::ExtendUpstream, Lang::En) => "extend upstream: local firms downstream only".to_owned(),
            (GapKind::Isolated, Lang::En) => "blank: no local firms up- or downstream".to_owned(),
            (GapKind::Strengthen, Lang::En) => format!("strengthen: {active_firms} active firms, no leader"),
        }
    }

    /// What recruiting a firm at `place` does, for a target's reasons.
    #[must_use]
    pub fn pitch(self, lang: Lang, place: &str) -> String {
        match (self, lang) {
            (GapKind::Bridge, Lang::Zh) => format!("补 {place} 断链"),
            (GapKind::ExtendDownstream | GapKind::ExtendUpstream, Lang::Zh) => format!("延链 {place}"),
            (GapKind::Isolated, Lang::Zh) => format!("填补空白 {place}"),
            (GapKind::Strengthen, Lang::Zh) => format!("强链 {place}"),
            (GapKind::Bridge, Lang::En) => format!("bridges the break at {place}"),
            (GapKind::ExtendDownstream | GapKind::ExtendUpstream, Lang::En) => format!("extends the chain at {place}"),
            (GapKind::Isolated, Lang::En) => format!("fills the blank at {place}"),
            (GapKind::Strengthen, Lang::En) => format!("strengthens {place}"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_each_kind() {
        assert_eq!(GapKind::ExtendUpstream.as_str(), "extend_upstream");
        assert_eq!(GapKind::Isolated.zh(), "空白");
        assert_eq!(GapKind::work(Some(GapKind::Isolated), Lang::En), "build");
        assert_eq!(GapKind::work(None, Lang::Zh), "固链");
        assert_eq!(GapKind::ExtendDownstream.with_direction("延链", Lang::Zh), "延链(向下游)");
        assert_eq!(GapKind::ExtendUpstream.with_direction("extend", Lang::En), "extend (upstream)");
        assert_eq!(GapKind::Bridge.with_direction("补链", Lang::Zh), "补链");
        assert_eq!(GapKind::ExtendDownstream.mark(Lang::Zh), "延链→");
        assert_eq!(GapKind::ExtendUpstream.mark(Lang::En), "←Extend");
        assert_eq!(GapKind::Isolated.mark(Lang::En), "Blank");
    }
}
