//! What recruiting candidates would do to the chains: `simulate` applies a
//! given list; `plan` picks a portfolio greedily under a budget (docs/analysis.md#plan).
//! `what_if` also halts local firms (docs/analysis.md#halting-what-if) alongside the recruitment.
//!
//! A recruited candidate counts as an active local firm at every link it
//! declares (see `targets::as_local_firm`). A link's status depends only on
//! the firms at that link, so a candidate's marginal gain is a sum over its
//! links, and a pick changes the gains only of candidates sharing one of its
//! links: the plan updates just those, which keeps it fast with a million
//! candidates.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use rayon::prelude::*;

use super::chain::{ChainAnalysis, completeness};
use super::closed_loop::is_closed_loop;
use super::condensed::Condensed;
use super::status::{Coverage, LinkStatus, placements_of};
use super::targets::{Fill, as_local_firm, fill_at, placement_ranges};
use crate::model::{Chain, Dataset, Engagement, FirmIdx, Role};

/// A link whose status a recruitment changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StatusChange {
    pub chain: usize,
    pub link: usize,
    pub from: LinkStatus,
    pub to: LinkStatus,
}

/// Before and after of recruiting a list of candidates (and halting local firms).
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// Candidate indices, as given (repeats dropped).
    pub recruit: Vec<usize>,
    /// Local firms halted, as given (repeats dropped).
    pub halt: Vec<FirmIdx>,
    /// Completeness of every chain before and after, in chain order.
    pub before: Vec<f64>,
    pub after: Vec<f64>,
    /// Whether every chain closes (能闭环) before and after, in chain order.
    pub closed_before: Vec<bool>,
    pub closed_after: Vec<bool>,
    /// Sorted by chain, then link.
    pub changed_links: Vec<StatusChange>,
}

/// The links' coverage as the analysis found it, per chain.
fn current_coverage(analyses: &[ChainAnalysis]) -> Vec<Vec<Coverage>> {
    analyses.iter().map(|a| a.links.iter().map(|l| l.coverage).collect()).collect()
}

fn statuses(coverage: &[Coverage], min_strong: u32) -> Vec<LinkStatus> {
    coverage.iter().map(|c| c.status(min_strong)).collect()
}

/// Applies the candidates as local firms and reports what changes.
#[must_use]
pub fn simulate(dataset: &Dataset, analyses: &[ChainAnalysis], recruit: &[usize]) -> Simulation {
    what_if(dataset, analyses, recruit, &[])
}

/// Applies the candidates as local firms and halts the local firms `halt`
/// (their status set to `halted` at all their placements; a firm already
/// halted changes nothing), then reports what changes.
///
/// Complexity: O(placements of the given firms and candidates + links),
/// plus one closed-loop search per chain where a link turns missing or
/// covered.
#[must_use]
pub fn what_if(dataset: &Dataset, analyses: &[ChainAnalysis], recruit: &[usize], halt: &[FirmIdx]) -> Simulation {
    let min_strong = dataset.region.min_strong_firms;
    let mut coverage = current_coverage(analyses);
    let halt = first_of_each(halt);
    for &f in &halt {
        let firm = &dataset.firms[f as usize];
        if firm.is_active() {
            for p in placements_of(dataset, f) {
                coverage[p.chain()][p.link()].halt(
                    firm.above_scale,
                    firm.role == Role::Leader,
                    firm.output.get().unwrap_or(0.0),
                );
            }
        }
    }
    let recruit = first_of_each(recruit);
    let ranges = placement_ranges(dataset);
    let meanings = dataset.tag_meanings();
    for &c in &recruit {
        let (above_scale, leader) = as_local_firm(&meanings, &dataset.candidates, c);
        for p in &dataset.candidate_placements[ranges[c].clone()] {
            coverage[p.chain()][p.link()].add(true, above_scale, leader, 0.0);
        }
    }
    let mut changed_links = Vec::new();
    let mut after = Vec::with_capacity(analyses.len());
    let mut closed_after = Vec::with_capacity(analyses.len());
    for (c, (chain, analysis)) in dataset.chains.iter().zip(analyses).enumerate() {
        let new = statuses(&coverage[c], min_strong);
        let mut cover_changed = false;
        for (l, (old, new)) in analysis.links.iter().map(|l| l.status).zip(&new).enumerate() {
            if old != *new {
                changed_links.push(StatusChange { chain: c, link: l, from: old, to: *new });
                cover_changed |= old.is_covered() != new.is_covered();
            }
        }
        after.push(completeness(chain, &new));
        // Closed loop depends on which links are covered, nothing more.
        closed_after.push(if cover_changed {
            is_closed_loop(chain, &Condensed::new(&chain.graph), &new)
        } else {
            analysis.closed_loop
        });
    }
    Simulation {
        recruit,
        halt,
        before: analyses.iter().map(|a| a.completeness).collect(),
        after,
        closed_before: analyses.iter().map(|a| a.closed_loop).collect(),
        closed_after,
        changed_links,
    }
}

/// The items in the order given, each kept at its first mention.
fn first_of_each<T: Copy + PartialEq>(items: &[T]) -> Vec<T> {
    let mut unique: Vec<T> = Vec::with_capacity(items.len());
    for &item in items {
        if !unique.contains(&item) {
            unique.push(item);
        }
    }
    unique
}

/// One pick of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub step: usize,
    pub candidate: usize,
    /// The gap links in scope it declares, with the priorities they had before the plan.
    pub fills: Vec<Fill>,
    /// Rise in the summed completeness of the chains in scope.
    pub gain: f64,
    pub changes: Vec<StatusChange>,
    /// Completeness after this pick of each chain it changed.
    pub after: BTreeMap<usize, f64>,
}

/// A greedy recruitment portfolio.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub budget: usize,
    pub picks: Vec<Pick>,
    /// Chains in scope with their completeness before and after the plan.
    pub before: BTreeMap<usize, f64>,
    pub after: BTreeMap<usize, f64>,
}

/// The links of all chains numbered one after the other.
struct FlatLinks {
    /// Where each chain's links start.
    base: Vec<usize>,
    count: usize,
}

impl FlatLinks {
    fn new(chains: &[Chain]) -> Self {
        let mut base = Vec::with_capacity(chains.len());
        let mut count = 0;
        for chain in chains {
            base.push(count);
            count += chain.links.len();
        }
        Self { base, count }
    }

    /// # Panics
    /// Past 2^32 links, which no dataset holds (a chain has at most 2^16).
    fn flat(&self, (chain, link): (usize, usize)) -> u32 {
        u32::try_from(self.base[chain] + link).expect("fewer than 2^32 links")
    }
}

/// A plan's pool, in rank order: each candidate, how it would count as a
/// local firm, and the gap links in scope it fills (as [`FlatLinks`]),
/// rank by rank in one list. Read once from the placements, which lie in
/// candidate order rather than rank order, so that working out a
/// candidate's gain reads only what lies together.
struct PlanPool {
    candidates: Vec<(usize, (bool, bool))>,
    /// Where each rank's links start in `links`, and where the last ends.
    starts: Vec<usize>,
    links: Vec<u32>,
}

impl PlanPool {
    /// The candidates of `ranked` that are not signed and fill a gap link
    /// (`fills` gives those of a candidate, in its placements' order).
    fn new<I: Iterator<Item = (usize, usize)>>(
        dataset: &Dataset,
        ranked: &[usize],
        flat: &FlatLinks,
        fills: impl Fn(usize) -> I + Sync,
    ) -> Self {
        let meanings = dataset.tag_meanings();
        let counts: Vec<usize> = ranked
            .par_iter()
            .map(|&c| if dataset.candidates.stage(c) == Engagement::Signed { 0 } else { fills(c).count() })
            .collect();
        let candidates: Vec<(usize, (bool, bool))> = ranked
            .par_iter()
            .zip(&counts)
            .filter(|&(_, &n)| n > 0)
            .map(|(&c, _)| (c, as_local_firm(&meanings, &dataset.candidates, c)))
            .collect();
        let mut starts = Vec::with_capacity(candidates.len() + 1);
        starts.push(0);
        for &n in counts.iter().filter(|&&n| n > 0) {
            starts.push(starts[starts.len() - 1] + n);
        }
        let links = candidates.par_iter().flat_map_iter(|&(c, _)| fills(c).map(|at| flat.flat(at))).collect();
        Self { candidates, starts, links }
    }

    fn len(&self) -> usize {
        self.candidates.len()
    }

    /// The gap links the `rank`-th candidate fills.
    fn links(&self, rank: usize) -> &[u32] {
        &self.links[self.starts[rank]..self.starts[rank + 1]]
    }
}

/// The pool's ranks at each gap link, in rank order: link by link in one
/// list. Made as (link, rank) pairs sorted on every core: a count, then a
/// fill, on one core took some 100 ms of the province's `plan`.
struct RanksAtLink {
    /// Where each link's ranks start in `ranks`, and where the last ends.
    starts: Vec<usize>,
    ranks: Vec<u32>,
}

impl RanksAtLink {
    /// # Panics
    /// With a pool of 2^32 candidates or more, which no dataset holds.
    fn new(links: usize, pool: &PlanPool) -> Self {
        let ranks = u32::try_from(pool.len()).expect("fewer than 2^32 candidates");
        let mut pairs: Vec<u64> = (0..ranks)
            .into_par_iter()
            .flat_map_iter(|rank| {
                pool.links(rank as usize).iter().map(move |&l| (u64::from(l) << 32) | u64::from(rank))
            })
            .collect();
        pairs.par_sort_unstable();
        let mut starts = vec![0; links + 1];
        for &pair in &pairs {
            starts[(pair >> 32) as usize + 1] += 1;
        }
        for l in 0..links {
            starts[l + 1] += starts[l];
        }
        #[allow(clippy::cast_possible_truncation, reason = "the low half is the rank")]
        let ranks = pairs.par_iter().map(|&pair| pair as u32).collect();
        Self { starts, ranks }
    }

    /// The ranks at flat link `l`, in rank order.
    fn at(&self, l: u32) -> &[u32] {
        let l = l as usize;
        &self.ranks[self.starts[l]..self.starts[l + 1]]
    }
}

/// What recruiting one more firm would add to each link's chain, in
/// [`UNITS`], for each way a candidate counts as a local firm (above
/// scale, leader): kept for every link, and worked out again only for the
/// links a pick changes, so that a candidate's gain is a sum of look-ups.
struct LinkUnits {
    units: Vec<[i64; 4]>,
}

impl LinkUnits {
    fn kind((above, leader): (bool, bool)) -> usize {
        usize::from(above) * 2 + usize::from(leader)
    }

    /// The units of recruiting a firm of kind `kind` at `(chain, link)`.
    fn of(
        dataset: &Dataset,
        (coverage, totals): (&[Vec<Coverage>], &[f64]),
        (chain, link): (usize, usize),
        (above, leader): (bool, bool),
    ) -> i64 {
        let min_strong = dataset.region.min_strong_firms;
        let current = coverage[chain][link];
        let mut with = current;
        with.add(true, above, leader, 0.0);
        let delta = with.status(min_strong).credit() - current.status(min_strong).credit();
        let share = dataset.chains[chain].links[link].weight * delta / totals[chain];
        #[allow(clippy::cast_possible_truncation, reason = "a share of completeness times 1e12 fits i64")]
        let units = (share * UNITS).round() as i64;
        units
    }

    fn at(dataset: &Dataset, state: (&[Vec<Coverage>], &[f64]), at: (usize, usize)) -> [i64; 4] {
        [(false, false), (false, true), (true, false), (true, true)].map(|kind| Self::of(dataset, state, at, kind))
    }

    fn new(dataset: &Dataset, state: (&[Vec<Coverage>], &[f64])) -> Self {
        let units = (0..dataset.chains.len())
            .flat_map(|c| (0..dataset.chains[c].links.len()).map(move |l| (c, l)))
            .map(|at| Self::at(dataset, state, at))
            .collect();
        Self { units }
    }

    /// The gain of recruiting the `rank`-th candidate of the pool.
    fn gain(&self, pool: &PlanPool, rank: usize) -> i64 {
        let kind = Self::kind(pool.candidates[rank].1);
        pool.links(rank).iter().map(|&l| self.units[l as usize][kind]).sum()
    }
}

/// Gains are compared in integer units of 1e-12 of completeness, each link's
/// share rounded on its own, so equal gains compare equal however they add up
/// and ties fall to the score and id as docs/analysis.md#plan says.
const UNITS: f64 = 1e12;

/// Picks up to `budget` candidates greedily by marginal gain in the summed
/// completeness of the chains in scope (`chain`, or all). Ties go to the
/// higher target score, then the lower id; stops when nothing gains.
/// Candidates are `ranked`, best target first (see
/// [`ranked_candidates`](super::targets::ranked_candidates); signed ones
/// are not targets).
#[must_use]
pub fn plan(
    dataset: &Dataset,
    analyses: &[ChainAnalysis],
    ranked: &[usize],
    budget: usize,
    chain: Option<usize>,
) -> Plan {
    let min_strong = dataset.region.min_strong_firms;
    let in_scope = |c: usize| chain.is_none_or(|only| only == c);
    let mut coverage = current_coverage(analyses);
    let totals: Vec<f64> = dataset.chains.iter().map(|c| c.links.iter().map(|l| l.weight).sum()).collect();

    // The pool, in rank order: rank index breaks ties (score, then id).
    let ranges = placement_ranges(dataset);
    let fills_of = |candidate: usize| {
        dataset.candidate_placements[ranges[candidate].clone()]
            .iter()
            .map(|p| (p.chain(), p.link()))
            .filter(|&(c, l)| in_scope(c) && analyses[c].links[l].gap.is_some())
    };
    let flat = FlatLinks::new(&dataset.chains);
    let pool = PlanPool::new(dataset, ranked, &flat, fills_of);
    let at_link = RanksAtLink::new(flat.count, &pool);
    let mut units = LinkUnits::new(dataset, (&coverage, &totals));

    let mut gains: Vec<i64> = (0..pool.len()).into_par_iter().map(|r| units.gain(&pool, r)).collect();
    let mut picked = vec![false; pool.len()];
    let mut heap: BinaryHeap<(i64, Reverse<usize>)> = gains.iter().enumerate().map(|(r, &g)| (g, Reverse(r))).collect();

    let before: BTreeMap<usize, f64> =
        (0..dataset.chains.len()).filter(|&c| in_scope(c)).map(|c| (c, analyses[c].completeness)).collect();
    let mut current: BTreeMap<usize, f64> = before.clone();
    let mut picks = Vec::new();
    while picks.len() < budget {
        let Some((gain, Reverse(rank))) = heap.pop() else { break };
        if picked[rank] || gain != gains[rank] {
            continue; // stale entry
        }
        if gain <= 0 {
            break;
        }
        picked[rank] = true;
        let (candidate, (above, leader)) = pool.candidates[rank];
        let fills: Vec<Fill> = fills_of(candidate).filter_map(|(c, l)| fill_at(analyses, c, l)).collect();
        let mut changes = Vec::new();
        let mut touched: Vec<usize> = Vec::new();
        for f in &fills {
            let cov = &mut coverage[f.chain][f.link];
            let from = cov.status(min_strong);
            cov.add(true, above, leader, 0.0);
            let to = cov.status(min_strong);
            if from != to {
                changes.push(StatusChange { chain: f.chain, link: f.link, from, to });
                if !touched.contains(&f.chain) {
                    touched.push(f.chain);
                }
            }
        }
        for f in &fills {
            units.units[flat.flat((f.chain, f.link)) as usize] =
                LinkUnits::at(dataset, (&coverage, &totals), (f.chain, f.link));
        }
        changes.sort();
        touched.sort_unstable();
        let mut after = BTreeMap::new();
        let mut exact_gain = 0.0;
        for &c in &touched {
            let value = completeness(&dataset.chains[c], &statuses(&coverage[c], min_strong));
            exact_gain += value - current[&c];
            current.insert(c, value);
            after.insert(c, value);
        }
        // Only candidates sharing a link with this pick can see their gain change.
        for f in &fills {
            for &other in at_link.at(flat.flat((f.chain, f.link))) {
                let other = other as usize;
                if !picked[other] {
                    let g = units.gain(&pool, other);
                    if g != gains[other] {
                        gains[other] = g;
                        heap.push((g, Reverse(other)));
                    }
                }
            }
        }
        picks.push(Pick { step: picks.len() + 1, candidate, fills, gain: exact_gain, changes, after });
    }
    Plan { budget, picks, before, after: current }
}
