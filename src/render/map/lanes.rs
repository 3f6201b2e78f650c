//! Where each link of the flow map goes: its lane (a row: one per segment
//! 子链, one for links of no segment, 配套服务 last) and its column (stage
//! bands 上游 → 中游 → 下游 left to right), chosen so the map stays within a
//! printable aspect ratio. Graphviz is then told these places outright and
//! only orders the links within a cell and routes the edges.
//!
//! ```text
//!            ① 上游          ② 中游        ③ 下游
//!          ┌───────────────┬─────────────┬──────────┐
//!  [富硒茶] │ [种植]→[采摘]  │ [加工]      │ [销售]   │  lane: segment 1
//!          ├───────────────┼─────────────┼──────────┤
//!  [魔芋]   │ [种植]        │ [精深加工]   │          │  lane: segment 2
//!          ├───────────────┴─────────────┴──────────┤
//!  [配套]   │ [检测]              [物流]               │  lane: 配套服务, under
//!          └────────────────────────────────────────┘  the links it serves
//! ```
//!
//! Inside a stage, a link's column follows its depth along the stage's own
//! supply edges, so supply runs left to right. Two knobs keep the map
//! printable: `cap`, the most links one cell holds before the rest spill
//! into the next column (a crowded stage widens instead of growing tall),
//! and `span`, the most columns a stage takes (a long chain inside a stage
//! folds, and the links of one column then read top to bottom). Every
//! pair of knobs is measured with estimated box sizes and the layout kept
//! is the one inside the aspect window with the fewest folded edges, then
//! the closest to the target aspect.

use crate::model::{Chain, LinkIdx, Stage};

use super::reading_order;

/// What a lane holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LaneKind {
    /// The links of the chain's `n`-th segment.
    Segment(usize),
    /// Links of the chain proper in no segment.
    Shared,
    /// 配套服务.
    Support,
}

/// One row of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lane {
    pub kind: LaneKind,
    /// In reading order.
    pub links: Vec<LinkIdx>,
}

/// The width and height of a link's box, in points, as estimated from its
/// label.
pub type BoxSize = (f64, f64);

/// The places of a chain's links.
#[derive(Debug, Clone, PartialEq)]
pub struct Lanes {
    /// Top to bottom: segments in the chain's order, then the links of no
    /// segment, then 配套服务. Lanes with no link are left out.
    pub lanes: Vec<Lane>,
    /// Per column, left to right, the stage whose band it is in.
    pub columns: Vec<Stage>,
    /// Per link, its column.
    pub column: Vec<usize>,
    /// Estimated width and height of the drawing, in points.
    pub estimate: (f64, f64),
}

/// The stages that take columns, left to right. 配套服务 takes none: its
/// lane sits under the columns of the links it serves.
const BANDS: [Stage; 3] = [Stage::Upstream, Stage::Midstream, Stage::Downstream];

/// Graphviz spacing the estimate assumes (the flow map's `nodesep` and
/// `ranksep`, in points) and the room a lane's frame and the title take.
const NODE_GAP: f64 = 18.0;
const RANK_GAP: f64 = 40.0;
/// A long edge passing a column inside a lane takes a slot about this tall.
const EDGE_SLOT: f64 = 18.0;
const LANE_FRAME: f64 = 24.0;
const TITLE: f64 = 140.0;
const LANE_LABEL: f64 = 120.0;

/// The aspect (width / height) the layout aims at, and the window it must
/// stay in, of the estimate. Drawings come out about a tenth wider than
/// estimated (edge routing needs room the estimate does not count), so the
/// window's top, 1.4, lands near 1.55:1, inside A4 landscape's 1.41–1.6.
const TARGET: f64 = 1.2;
const WINDOW: (f64, f64) = (0.7, 1.38);

/// The printable area of an A4 landscape page in points (297 × 210 mm
/// less 12.7 mm margins), and the least scale at which a map printed on it
/// still reads (13 pt link names at 10 pt).
const PAGE: (f64, f64) = (770.0, 523.0);
const READABLE_SCALE: f64 = 0.75;

/// Whether a map of `w` × `h` points fits one A4 page, landscape or
/// portrait, at a scale that still reads.
fn prints_readably(w: f64, h: f64) -> bool {
    let fit = |(pw, ph): (f64, f64)| (pw / w).min(ph / h);
    fit(PAGE).max(fit((PAGE.1, PAGE.0))) >= READABLE_SCALE
}

/// The values of each knob tried: every small one, then sparser, so the
/// search stays a few hundred layouts however big the chain.
const KNOBS: [usize; 18] = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48];

/// Places the links of `chain`, given the size of each link's box.
///
/// Complexity: O(K² · (V log V + E)) for the K ≤ 18 values of each knob.
#[must_use]
pub fn place(chain: &Chain, sizes: &[BoxSize]) -> Lanes {
    let plan = Plan::new(chain);
    let knobs: Vec<usize> = KNOBS.into_iter().filter(|&k| k == 1 || k <= chain.links.len()).collect();
    let mut best: Option<((f64, usize, f64), Lanes)> = None;
    for &span in &knobs {
        for &cap in &knobs {
            let lanes = plan.layout(chain, sizes, span, cap);
            let (w, h) = lanes.estimate;
            let aspect = w / h.max(1.0);
            // A map that prints on one page at a readable size may have any
            // shape; folding it would only spoil its left-to-right reading.
            let outside = if prints_readably(w, h) {
                0.0
            } else {
                (aspect / WINDOW.1).ln().max((WINDOW.0 / aspect).ln()).max(0.0)
            };
            // Rounded, so a sliver outside the window does not outweigh folding.
            let score = ((outside * 100.0).round(), plan.folded(chain, &lanes), (aspect / TARGET).ln().abs());
            if best.as_ref().is_none_or(|(b, _)| score.partial_cmp(b) == Some(std::cmp::Ordering::Less)) {
                best = Some((score, lanes));
            }
        }
    }
    best.expect("at least one layout is tried").1
}

/// What every layout of a chain shares: lanes, reading order, depths.
struct Plan {
    order: Vec<LinkIdx>,
    /// Per link, its lane's index in `lanes`.
    lane_of: Vec<usize>,
    kinds: Vec<LaneKind>,
    /// Per link of a band, its depth along the supply edges inside its stage.
    level: Vec<usize>,
    /// Per band stage present, how many depths it has.
    levels: Vec<(Stage, usize)>,
    edges: Vec<(LinkIdx, LinkIdx)>,
}

impl Plan {
    fn new(chain: &Chain) -> Self {
        let order = reading_order(chain);
        let kind_of = |l: LinkIdx| {
            let link = &chain.links[l];
            match (link.stage, link.segment) {
                (Stage::Support, _) => LaneKind::Support,
                (_, Some(s)) => LaneKind::Segment(s),
                (_, None) => LaneKind::Shared,
            }
        };
        let mut kinds: Vec<LaneKind> = (0..chain.links.len()).map(kind_of).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let lane_of = (0..chain.links.len()).map(|l| kinds.binary_search(&kind_of(l)).expect("listed")).collect();
        // Depth inside the stage, in reading order; an edge back up a cycle
        // (its tail not yet placed) does not count.
        let mut level: Vec<Option<usize>> = vec![None; chain.links.len()];
        for &l in &order {
            let stage = chain.links[l].stage;
            let deepest = chain
                .predecessors(l)
                .filter(|&p| chain.links[p].stage == stage)
                .filter_map(|p| level[p].map(|d| d + 1))
                .max();
            level[l] = Some(deepest.unwrap_or(0));
        }
        let level: Vec<usize> = level.into_iter().map(|d| d.unwrap_or(0)).collect();
        let levels = BANDS
            .into_iter()
            .filter_map(|s| {
                let deepest = (0..chain.links.len()).filter(|&l| chain.links[l].stage == s).map(|l| level[l]).max()?;
                Some((s, deepest + 1))
            })
            .collect();
        Self { order, lane_of, kinds, level, levels, edges: chain.edges() }
    }

    /// One layout: each stage takes at most `span` columns (fewer when it
    /// has fewer depths and no cell overflows) and a cell holds `cap` links
    /// before the next column is used.
    fn layout(&self, chain: &Chain, sizes: &[BoxSize], span: usize, cap: usize) -> Lanes {
        let n = chain.links.len();
        let mut column = vec![0usize; n];
        let mut placed = vec![false; n];
        let mut columns = Vec::new();
        for &(stage, levels) in &self.levels {
            let start = columns.len();
            // Depths map onto `squeeze` columns; up to `span` when cells overflow.
            let squeeze = span.min(levels);
            let mut fill: std::collections::BTreeMap<(usize, usize), usize> = std::collections::BTreeMap::new();
            let mut last = start;
            for &l in self.order.iter().filter(|&&l| chain.links[l].stage == stage) {
                let mut c = start + self.level[l] * squeeze / levels;
                let end = start + span.max(squeeze);
                // Never left of a supplier in the stage. Unfolded, also right
                // of it (a supplier spilled right pulls its customers along);
                // folded, the same column will do: it reads top to bottom.
                let step = usize::from(squeeze == levels);
                for p in chain.predecessors(l).filter(|&p| placed[p] && chain.links[p].stage == stage) {
                    c = c.max((column[p] + step).min(end - 1));
                }
                let lane = self.lane_of[l];
                let c = (c..end).find(|&x| fill.get(&(lane, x)).copied().unwrap_or(0) < cap).unwrap_or_else(|| {
                    (c..end).min_by_key(|&x| (fill.get(&(lane, x)).copied().unwrap_or(0), x)).unwrap_or(c)
                });
                *fill.entry((lane, c)).or_default() += 1;
                column[l] = c;
                placed[l] = true;
                last = last.max(c);
            }
            columns.resize(last + 1, stage);
        }
        if columns.is_empty() {
            // A chain of 配套服务 alone still needs a column.
            columns.push(Stage::Support);
        }
        // 配套服务: under the links it serves, `cap` to a column.
        let mut fill = vec![0usize; columns.len()];
        for &l in self.order.iter().filter(|&&l| chain.links[l].stage == Stage::Support) {
            let served: Vec<usize> = chain
                .successors(l)
                .chain(chain.predecessors(l))
                .filter(|&o| placed[o] && chain.links[o].stage != Stage::Support)
                .map(|o| column[o])
                .collect();
            let wanted = if served.is_empty() {
                0
            } else {
                (served.iter().sum::<usize>() * 2 + served.len()) / (2 * served.len())
            };
            let mut by_distance: Vec<usize> = (0..columns.len()).collect();
            by_distance.sort_by_key(|&x| (x.abs_diff(wanted), x));
            let c = by_distance
                .iter()
                .copied()
                .find(|&x| fill[x] < cap)
                .unwrap_or_else(|| (0..columns.len()).min_by_key(|&x| (fill[x], x)).expect("a column"));
            fill[c] += 1;
            column[l] = c;
            placed[l] = true;
        }
        let lanes = self
            .kinds
            .iter()
            .enumerate()
            .map(|(i, &kind)| Lane {
                kind,
                links: self.order.iter().copied().filter(|&l| self.lane_of[l] == i).collect(),
            })
            .collect();
        let estimate = self.estimate(chain, sizes, &column, columns.len());
        Lanes { lanes, columns, column, estimate }
    }

    /// The drawing's width and height: columns as wide as their widest box,
    /// lanes as tall as their tallest cell plus the edges passing through.
    fn estimate(&self, chain: &Chain, sizes: &[BoxSize], column: &[usize], columns: usize) -> (f64, f64) {
        let mut widths = vec![60.0f64; columns];
        let mut cells = vec![vec![0.0f64; columns]; self.kinds.len()];
        for l in 0..chain.links.len() {
            widths[column[l]] = widths[column[l]].max(sizes[l].0);
            cells[self.lane_of[l]][column[l]] += sizes[l].1 + NODE_GAP;
        }
        for &(a, b) in &self.edges {
            if self.lane_of[a] == self.lane_of[b] && chain.links[a].stage != Stage::Support {
                let (lo, hi) = (column[a].min(column[b]), column[a].max(column[b]));
                for cell in &mut cells[self.lane_of[a]][(lo + 1).min(hi)..hi] {
                    *cell += EDGE_SLOT;
                }
            }
        }
        let width = LANE_LABEL + widths.iter().map(|w| w + RANK_GAP).sum::<f64>();
        let height =
            TITLE + cells.iter().map(|lane| lane.iter().copied().fold(0.0, f64::max) + LANE_FRAME).sum::<f64>();
        (width, height)
    }

    /// Supply edges inside a stage that do not run left to right: drawn
    /// top to bottom in one column, or backwards.
    fn folded(&self, chain: &Chain, lanes: &Lanes) -> usize {
        self.edges
            .iter()
            .filter(|&&(a, b)| {
                chain.links[a].stage == chain.links[b].stage
                    && chain.links[a].stage != Stage::Support
                    && lanes.column[b] <= lanes.column[a]
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::chain_file::parse_chain;
    use crate::load::diag::Diagnostics;

    /// A chain from `(id, stage, segment)` links and `(from, to)` edges.
    fn chain(links: &[(&str, &str, Option<&str>)], edges: &[(&str, &str)]) -> Chain {
        let mut segments: Vec<&str> = links.iter().filter_map(|l| l.2).collect();
        segments.dedup();
        let json = serde_json::json!({
            "id": "c",
            "name": "测试链",
            "segments": segments.iter().map(|s| serde_json::json!({"id": s, "name": s})).collect::<Vec<_>>(),
            "links": links.iter().map(|(id, stage, seg)| {
                let mut l = serde_json::json!({"id": id, "name": id, "stage": stage});
                if let Some(s) = seg { l["segment"] = serde_json::json!(s); }
                l
            }).collect::<Vec<_>>(),
            "edges": edges.iter().map(|(a, b)| serde_json::json!({"from": a, "to": b})).collect::<Vec<_>>(),
        });
        let mut diags = Diagnostics::default();
        parse_chain("c.json", &json.to_string(), &mut diags).unwrap_or_else(|| panic!("{diags:?}"))
    }

    fn sizes(c: &Chain) -> Vec<BoxSize> {
        vec![(150.0, 50.0); c.links.len()]
    }

    fn col(c: &Chain, lanes: &Lanes, id: &str) -> usize {
        lanes.column[c.link_by_id(id).unwrap()]
    }

    #[test]
    fn stages_take_bands_of_columns_left_to_right_and_supply_runs_rightwards() {
        let c = chain(
            &[
                ("a", "upstream", Some("s1")),
                ("b", "upstream", Some("s1")),
                ("c", "midstream", Some("s1")),
                ("d", "downstream", Some("s1")),
                ("e", "upstream", Some("s2")),
                ("f", "downstream", Some("s2")),
            ],
            &[("a", "b"), ("b", "c"), ("c", "d"), ("e", "f"), ("a", "f")],
        );
        let lanes = place(&c, &sizes(&c));
        assert_eq!(col(&c, &lanes, "a"), 0);
        assert_eq!(col(&c, &lanes, "b"), 1, "b is supplied by a, in the same stage");
        assert!(col(&c, &lanes, "c") > col(&c, &lanes, "b"));
        assert!(col(&c, &lanes, "d") > col(&c, &lanes, "c"));
        assert_eq!(col(&c, &lanes, "f"), col(&c, &lanes, "d"), "one band per stage, shared by the lanes");
        for (l, link) in c.links.iter().enumerate() {
            assert_eq!(lanes.columns[lanes.column[l]], link.stage, "{}", link.id);
        }
        let kinds: Vec<LaneKind> = lanes.lanes.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, [LaneKind::Segment(0), LaneKind::Segment(1)]);
    }

    #[test]
    fn support_and_unsegmented_links_take_the_last_lanes_under_what_they_serve() {
        let c = chain(
            &[
                ("a", "upstream", Some("s1")),
                ("b", "midstream", None),
                ("c", "downstream", Some("s1")),
                ("d", "downstream", Some("s1")),
                ("lab", "support", None),
            ],
            &[("a", "b"), ("b", "c"), ("c", "d"), ("lab", "c")],
        );
        let lanes = place(&c, &sizes(&c));
        let kinds: Vec<LaneKind> = lanes.lanes.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, [LaneKind::Segment(0), LaneKind::Shared, LaneKind::Support]);
        assert_eq!(col(&c, &lanes, "lab"), col(&c, &lanes, "c"), "under the link it serves");
    }

    #[test]
    fn a_long_chain_inside_one_stage_folds_to_stay_printable() {
        // Twenty-four upstream links in one line, then one link downstream:
        // one column each would be a strip 26 columns wide.
        let ids: Vec<String> = (0..24).map(|i| format!("u{i:02}")).collect();
        let mut links: Vec<(&str, &str, Option<&str>)> = ids.iter().map(|id| (id.as_str(), "upstream", None)).collect();
        links.push(("z", "downstream", None));
        let mut edges: Vec<(&str, &str)> = ids.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect();
        edges.push(("u23", "z"));
        let c = chain(&links, &edges);
        let lanes = place(&c, &sizes(&c));
        let (w, h) = lanes.estimate;
        assert!((1.0 / 1.6..=1.6).contains(&(w / h)), "{w} × {h}, {} columns", lanes.columns.len());
        assert!(lanes.columns.len() < 12, "{:?}", lanes.columns);
        // Folded, supply still never runs leftwards.
        for w in ids.windows(2) {
            assert!(col(&c, &lanes, &w[1]) >= col(&c, &lanes, &w[0]), "{} → {}", w[0], w[1]);
        }
    }

    #[test]
    fn a_crowded_stage_spreads_over_more_columns_instead_of_one_tall_one() {
        // Forty independent upstream links feeding one downstream link.
        let ids: Vec<String> = (0..40).map(|i| format!("u{i:02}")).collect();
        let mut links: Vec<(&str, &str, Option<&str>)> = ids.iter().map(|id| (id.as_str(), "upstream", None)).collect();
        links.push(("z", "downstream", None));
        let edges: Vec<(&str, &str)> = ids.iter().map(|id| (id.as_str(), "z")).collect();
        let c = chain(&links, &edges);
        let lanes = place(&c, &sizes(&c));
        let (w, h) = lanes.estimate;
        assert!((1.0 / 1.6..=1.6).contains(&(w / h)), "{w} × {h}");
        assert!(lanes.columns.iter().filter(|&&s| s == Stage::Upstream).count() >= 3, "{:?}", lanes.columns);
    }

    #[test]
    fn the_same_chain_gives_the_same_places() {
        let c = chain(
            &[("a", "upstream", None), ("b", "midstream", None), ("c", "downstream", None), ("s", "support", None)],
            &[("a", "b"), ("b", "c"), ("s", "b")],
        );
        assert_eq!(place(&c, &sizes(&c)), place(&c, &sizes(&c)));
    }
}
