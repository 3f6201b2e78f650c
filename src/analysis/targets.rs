//! Recruitment targets (招商目标): which outside firms to approach first, for
//! which gap links, and why.
//!
//! A candidate's **score** is Σ priority(l) over the gap links l it declares
//! it can fill (missing or weak links), times its **fit** in [0, 1]: a
//! weighted mean of named factors, each in [0, 1].
//!
//! | factor | value |
//! |---|---|
//! | `size` | revenue (万元) on a log scale: 100万 → 0, 1000万 → 0.33, 1亿 → 0.67, 10亿 and more → 1 |
//! | `tags` | the best tag's value as [`crate::model::tags`] declares it: 500强 1.0, 上市 and 头部 0.8, 小巨人 0.7, 专精特新 0.5, 高新技术企业 0.3 |
//! | `ties` | already trades with a local leader 1.0, with another local firm 0.6, none 0 |
//! | `stage` | 未接触 0, 已接洽 0.25, 有意向 0.5, 洽谈中 1.0 |
//! | `region` | first preferred region of `region.json` 1.0, then falling by 1/n per place; elsewhere 0 |
//! | `second_source` | the share of the gap links it fills that are single-source (单一来源: weak, one active firm), where it would add a second source |
//!
//! Default weights 25, 20, 20, 20, 15, 10, overridable in `region.json` (`fit_weights`);
//! the factors, their keys, labels and default weights are declared in
//! [`crate::model::factors`].
//! Signed candidates (已签约) are not targets; nor is a candidate that only
//! serves strong links — a strong link held by one leader is single-source
//! too, but it is no gap, so a second source there does not make a target.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::chain::ChainAnalysis;
use super::gap::GapKind;
use super::regions::preference_rank;
use crate::model::{Candidates, Dataset, Engagement, FactorValues, FirmStatus, FitFactor, Role, Tag, Weights};

/// The fit factor weights in force.
pub type FitWeights = Weights<FitFactor>;

fn stage_value(stage: Engagement) -> f64 {
    match stage {
        Engagement::None | Engagement::Signed => 0.0,
        Engagement::Contacted => 0.25,
        Engagement::Intent => 0.5,
        Engagement::Negotiating => 1.0,
    }
}

/// Revenue (万元) on a log scale, 100万 → 0 … 10亿 → 1.
fn size_value(revenue: Option<f64>) -> f64 {
    revenue.map_or(0.0, |r| ((r.max(1.0).log10() - 2.0) / 3.0).clamp(0.0, 1.0))
}

/// The preference rank of each place candidates are based in.
type RegionRanks<'a> = rustc_hash::FxHashMap<&'a str, Option<usize>>;

/// One gap link a target can fill.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    pub chain: usize,
    pub link: usize,
    pub gap: GapKind,
    pub priority: f64,
    /// The link hangs on one active firm (a weak single-source link): the
    /// candidate would be its second source.
    pub single_source: bool,
}

/// A ranked recruitment target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Index into `Dataset::candidates`.
    pub candidate: usize,
    pub score: f64,
    /// Fit factors (`size`, `tags`, `ties`, `stage`, `region`,
    /// `second_source`), `fit` and `priority_sum`.
    pub factors: FitFactors,
    pub fills: Vec<Fill>,
    /// The local firm it already trades with that matters most (a leader if any).
    pub best_partner: Option<u32>,
    /// Index into the region preference list, when it lies in a preferred region.
    pub preferred_region: Option<usize>,
}

/// A target's factors, kept inline (a million targets make a map each
/// expensive); they serialise as a map from factor name to value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitFactors {
    pub values: FactorValues<FitFactor>,
    pub fit: f64,
    /// Σ priority of the gap links it fills.
    pub priority_sum: f64,
}

impl FitFactors {
    /// Every factor by name, in name order.
    #[must_use]
    pub fn named(&self) -> BTreeMap<&'static str, f64> {
        let mut map = self.values.named();
        map.insert("fit", self.fit);
        map.insert("priority_sum", self.priority_sum);
        map
    }
}

impl serde::Serialize for FitFactors {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.named().serialize(serializer)
    }
}

/// Which gap links count.
#[derive(Debug, Clone, Default)]
pub struct TargetFilter {
    /// Only fills in this chain.
    pub chain: Option<usize>,
    /// Only fills at these (chain, link) pairs.
    pub links: Option<Vec<(usize, usize)>>,
}

impl TargetFilter {
    fn keeps(&self, chain: usize, link: usize) -> bool {
        self.chain.is_none_or(|c| c == chain) && self.links.as_ref().is_none_or(|ls| ls.contains(&(chain, link)))
    }
}

/// The result of ranking: targets best first, and the signed candidates apart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Targets {
    pub targets: Vec<Target>,
    /// Signed candidates (已签约) with the gap links they will fill.
    pub signed: Vec<Target>,
    /// Candidates (not signed) whose links in the filter are all strong:
    /// no gap to fill, so no target; listed so that they do not vanish
    /// without a word. Indices into `Dataset::candidates`, by id.
    pub strong_only: Vec<usize>,
}

/// Ranges of each candidate's placements in `Dataset::candidate_placements`
/// (sorted by owner, so each candidate's rows are contiguous).
#[must_use]
pub fn placement_ranges(dataset: &Dataset) -> Vec<std::ops::Range<usize>> {
    let mut ranges = vec![0..0; dataset.candidates.len()];
    let placements = &dataset.candidate_placements;
    let mut start = 0;
    while start < placements.len() {
        let owner = placements[start].owner;
        let mut end = start + 1;
        while end < placements.len() && placements[end].owner == owner {
            end += 1;
        }
        ranges[owner as usize] = start..end;
        start = end;
    }
    ranges
}

/// What recruiting a firm at link `link` of chain `chain` would fill:
/// `None` when the link has no gap.
#[must_use]
pub fn fill_at(analyses: &[ChainAnalysis], chain: usize, link: usize) -> Option<Fill> {
    let analysis = &analyses[chain].links[link];
    Some(Fill {
        chain,
        link,
        gap: analysis.gap?,
        priority: analysis.priority.as_ref().map_or(0.0, |pr| pr.score),
        single_source: analysis.coverage.is_single_source(),
    })
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// What a fill at each link counts for in a score, for the gap links in
/// the filter (`None` elsewhere): its priority and whether the link is
/// single-source. Read once per placement of a million candidates, in
/// one small table rather than through each chain's analysis.
struct FillTable {
    /// Where each chain's links start in `fills`.
    base: Vec<usize>,
    fills: Vec<Option<(f64, bool)>>,
}

impl FillTable {
    fn new(dataset: &Dataset, analyses: &[ChainAnalysis], filter: &TargetFilter) -> Self {
        let mut base = Vec::with_capacity(dataset.chains.len());
        let mut fills = Vec::new();
        for (c, chain) in dataset.chains.iter().enumerate() {
            base.push(fills.len());
            fills.extend((0..chain.links.len()).map(|l| {
                filter.keeps(c, l).then(|| fill_at(analyses, c, l)).flatten().map(|f| (f.priority, f.single_source))
            }));
        }
        Self { base, fills }
    }

    fn at(&self, p: crate::model::Placement) -> Option<(f64, bool)> {
        self.fills[self.base[p.chain()] + p.link()]
    }
}

/// What scoring reads besides the candidate: the analyses, the filter, the
/// weights, each place's preference rank and each tag's meaning.
struct Scoring<'a> {
    dataset: &'a Dataset,
    analyses: &'a [ChainAnalysis],
    filter: &'a TargetFilter,
    fill_table: FillTable,
    weights: FitWeights,
    regions: RegionRanks<'a>,
    meanings: Vec<Option<Tag>>,
}

impl Scoring<'_> {
    /// Scores candidate `candidate`, whose placements are `range`; `None`
    /// when it fills no gap link in the filter. The target's list of fills
    /// stays empty: ranking a million candidates keeps a score each, and
    /// only the targets shown take their list ([`Scoring::target`]).
    fn score(&self, candidate: usize, range: std::ops::Range<usize>) -> Option<Target> {
        let dataset = self.dataset;
        let pool = &dataset.candidates;
        let fills = || dataset.candidate_placements[range.clone()].iter().filter_map(|&p| self.fill_table.at(p));
        let (count, singles) = fills().fold((0usize, 0usize), |(n, s), (_, single)| (n + 1, s + usize::from(single)));
        if count == 0 {
            return None;
        }
        let tags = pool
            .tags(candidate)
            .iter()
            .filter_map(|&t| self.meanings[usize::from(t)])
            .map(Tag::fit)
            .fold(0.0, f64::max);
        let partner_is_leader = |f: &u32| {
            let firm = &dataset.firms[*f as usize];
            firm.role == Role::Leader && firm.status != FirmStatus::Halted
        };
        let partners = pool.partners(candidate);
        let best_partner = partners.iter().find(|f| partner_is_leader(f)).or_else(|| partners.first()).copied();
        let ties = match best_partner {
            Some(f) if partner_is_leader(&f) => 1.0,
            Some(_) => 0.6,
            None => 0.0,
        };
        let preference = &dataset.region.region_preference;
        let preferred_region = pool.region(candidate).and_then(|r| self.regions.get(r).copied().flatten());
        let region = preferred_region.map_or(0.0, |i| 1.0 - i as f64 / preference.len() as f64);
        let second_source = singles as f64 / count as f64;
        let values = FactorValues::from_fn(|f| match f {
            FitFactor::Size => size_value(pool.revenue(candidate)),
            FitFactor::Tags => tags,
            FitFactor::Ties => ties,
            FitFactor::Stage => stage_value(pool.stage(candidate)),
            FitFactor::Region => region,
            FitFactor::SecondSource => second_source,
        });
        let total = self.weights.total();
        let fit = if total > 0.0 { self.weights.weighted_sum(&values) / total } else { 0.0 };
        // A second pass rather than a sum in the fold above: `Iterator::sum`
        // is what the published scores were summed with, to the last bit.
        let priority_sum: f64 = fills().map(|(priority, _)| priority).sum();
        let factors = FitFactors { values: values.map(round4), fit: round4(fit), priority_sum: round4(priority_sum) };
        let score = round4(priority_sum * fit);
        Some(Target { candidate, score, factors, fills: Vec::new(), best_partner, preferred_region })
    }

    /// The target of a candidate known to fill a gap link, with its list.
    fn target(&self, candidate: usize, range: std::ops::Range<usize>) -> Target {
        let fills = self.dataset.candidate_placements[range.clone()]
            .iter()
            .filter(|p| self.filter.keeps(p.chain(), p.link()))
            .filter_map(|p| fill_at(self.analyses, p.chain(), p.link()))
            .collect();
        let target = self.score(candidate, range).expect("a ranked candidate fills a gap link");
        Target { fills, ..target }
    }
}

/// Ranks every candidate that fills a gap link: highest score first, ties by
/// candidate id. Runs in parallel; the order does not depend on threads.
#[must_use]
pub fn rank_targets(dataset: &Dataset, analyses: &[ChainAnalysis], filter: &TargetFilter) -> Targets {
    rank_targets_top(dataset, analyses, filter, None)
}

/// [`rank_targets`], keeping only the best `top` targets when it is given
/// (the signed candidates and those serving only strong links are all
/// kept): what `chainmap targets --top N` shows, without a list of fills
/// for each of a million candidates.
#[must_use]
pub fn rank_targets_top(
    dataset: &Dataset,
    analyses: &[ChainAnalysis],
    filter: &TargetFilter,
    top: Option<usize>,
) -> Targets {
    let Scored { scoring, ranges, scores } = Scored::new(dataset, analyses, filter);
    let placed_in_filter = |range: &std::ops::Range<usize>| {
        dataset.candidate_placements[range.clone()].iter().any(|p| filter.keeps(p.chain(), p.link()))
    };
    let is_signed = |c: usize| dataset.candidates.stage(c) == Engagement::Signed;
    let mut strong_only: Vec<usize> = (0..scores.len())
        .into_par_iter()
        .filter(|&c| scores[c].is_none() && placed_in_filter(&ranges[c]) && !is_signed(c))
        .collect();
    let signed: Vec<usize> =
        (0..scores.len()).into_par_iter().filter(|&c| scores[c].is_some() && is_signed(c)).collect();
    let by_number = numbered_by_id(dataset);
    let ranked = best_first(dataset, &scores, top, by_number);
    let target = |c: usize| scoring.target(c, ranges[c].clone());
    let targets: Vec<Target> = ranked.par_iter().map(|&c| target(c)).collect();
    // `signed` is in number order already.
    let mut signed: Vec<Target> = signed.into_par_iter().map(target).collect();
    if !by_number {
        let id = |c: usize| dataset.candidates.id(c);
        signed.par_sort_unstable_by(|a, b| id(a.candidate).cmp(id(b.candidate)));
        strong_only.par_sort_unstable_by(|&a, &b| id(a).cmp(id(b)));
    }
    Targets { targets, signed, strong_only }
}

/// Whether the candidates are numbered in the order of their ids, as a
/// table written by id numbers them: then an order by number is the order
/// by id, and reads no ids.
fn numbered_by_id(dataset: &Dataset) -> bool {
    let pool = &dataset.candidates;
    (1..pool.len()).into_par_iter().all(|c| pool.id(c - 1) < pool.id(c))
}

/// The candidates [`rank_targets`] makes targets of, in its order, without
/// the targets: what `plan` draws from, a million of them, when each needs
/// only its place in the ranking and its placements.
#[must_use]
pub fn ranked_candidates(dataset: &Dataset, analyses: &[ChainAnalysis], filter: &TargetFilter) -> Vec<usize> {
    best_first(dataset, &Scored::new(dataset, analyses, filter).scores, None, numbered_by_id(dataset))
}

/// Every candidate scored: its placements' range and its score (`None`:
/// no gap link in the filter to fill).
struct Scored<'a> {
    scoring: Scoring<'a>,
    ranges: Vec<std::ops::Range<usize>>,
    scores: Vec<Option<f64>>,
}

impl<'a> Scored<'a> {
    fn new(dataset: &'a Dataset, analyses: &'a [ChainAnalysis], filter: &'a TargetFilter) -> Self {
        let ranges = placement_ranges(dataset);
        // Candidates come from a handful of places: match each place once.
        let pool = &dataset.candidates;
        let places = (0..pool.len())
            .into_par_iter()
            .fold(rustc_hash::FxHashSet::default, |mut places, c| {
                places.extend(pool.region(c));
                places
            })
            .reduce(rustc_hash::FxHashSet::default, |mut a, b| {
                a.extend(b);
                a
            });
        let regions: RegionRanks =
            places.into_iter().map(|r| (r, preference_rank(r, &dataset.region.region_preference))).collect();
        let scoring = Scoring {
            dataset,
            analyses,
            filter,
            fill_table: FillTable::new(dataset, analyses, filter),
            weights: FitWeights::from_overrides(&dataset.region.fit_weights),
            regions,
            meanings: dataset.tag_meanings(),
        };
        let mut scores: Vec<Option<f64>> = Vec::new();
        ranges
            .par_iter()
            .enumerate()
            .map(|(c, range)| scoring.score(c, range.clone()).map(|t| t.score))
            .collect_into_vec(&mut scores);
        Self { scoring, ranges, scores }
    }
}

/// The scored candidates that are not signed, highest score first, ties by
/// candidate id; only the first `top` when it is given. `by_number`: see
/// [`numbered_by_id`].
fn best_first(dataset: &Dataset, scores: &[Option<f64>], top: Option<usize>, by_number: bool) -> Vec<usize> {
    let is_signed = |c: usize| dataset.candidates.stage(c) == Engagement::Signed;
    let mut ranked: Vec<(f64, usize)> = (0..scores.len())
        .into_par_iter()
        .filter_map(|c| scores[c].filter(|_| !is_signed(c)).map(|score| (score, c)))
        .collect();
    let id = |c: usize| dataset.candidates.id(c);
    // Candidate ids are unique, so no two targets compare equal: the best
    // `top` chosen and sorted in place are the first `top` of a stable sort.
    // Scores tie often (they are rounded); when the candidates are numbered
    // in the order of their ids, ties are broken by number and the sort
    // reads no ids.
    let order = |a: &(f64, usize), b: &(f64, usize)| {
        let by_score = b.0.total_cmp(&a.0);
        if by_number { by_score.then(a.1.cmp(&b.1)) } else { by_score.then_with(|| id(a.1).cmp(id(b.1))) }
    };
    if let Some(top) = top.filter(|&top| top < ranked.len()) {
        if top > 0 {
            ranked.select_nth_unstable_by(top - 1, order);
        }
        ranked.truncate(top);
    }
    ranked.par_sort_unstable_by(order);
    ranked.into_iter().map(|(_, c)| c).collect()
}

/// How a recruited candidate counts as a local firm (docs/analysis.md#plan):
/// above scale when revenue ≥ 2000 万元, a leader when it has a leader tag
/// (头部, 上市 or 500强, [`Tag::is_leader`]). `meanings` is
/// [`Dataset::tag_meanings`].
#[must_use]
pub fn as_local_firm(meanings: &[Option<Tag>], pool: &Candidates, candidate: usize) -> (bool, bool) {
    let above_scale = pool.revenue(candidate).is_some_and(|r| r >= 2000.0);
    let leader = pool.tags(candidate).iter().any(|&t| meanings[usize::from(t)].is_some_and(Tag::is_leader));
    (above_scale, leader)
}

/// The best `n` targets for each gap link, by rank (signed candidates excluded).
#[must_use]
pub fn top_per_link(targets: &Targets, n: usize) -> BTreeMap<(usize, usize), Vec<usize>> {
    let mut out: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for t in &targets.targets {
        for f in &t.fills {
            let list = out.entry((f.chain, f.link)).or_default();
            if list.len() < n {
                list.push(t.candidate);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Candidate;

    #[test]
    fn factor_scales() {
        assert!(size_value(Some(100.0)).abs() < 1e-12);
        assert!((size_value(Some(10_000.0)) - 2.0 / 3.0).abs() < 1e-12);
        assert!((size_value(Some(1e7)) - 1.0).abs() < 1e-12);
        assert!(size_value(None).abs() < 1e-12);
        assert!(stage_value(Engagement::Negotiating) > stage_value(Engagement::Intent));
    }

    #[test]
    fn leader_tags_in_any_written_form() {
        let mut dataset =
            Dataset { tags: ["龙头", "高新", "世界500强"].map(String::from).to_vec(), ..Dataset::default() };
        let candidate = |id: &str, tags: Vec<u16>, revenue: f64| Candidate {
            id: id.into(),
            name: "外地企业".into(),
            region: None,
            revenue: Some(revenue),
            tags,
            partners: vec![],
            stage: Engagement::None,
            owner: None,
        };
        dataset.candidates =
            [candidate("C1", vec![0], 100.0), candidate("C2", vec![1], 5000.0), candidate("C3", vec![1, 2], 0.0)]
                .into_iter()
                .collect();
        let meanings = dataset.tag_meanings();
        let kinds: Vec<(bool, bool)> =
            (0..dataset.candidates.len()).map(|c| as_local_firm(&meanings, &dataset.candidates, c)).collect();
        assert_eq!(kinds, [(false, true), (true, false), (false, true)]);
    }
}
