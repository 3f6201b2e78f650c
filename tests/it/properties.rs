//! Properties of the gap analysis on random chains (proptest), each checked
//! against a brute-force reading of docs/analysis.md where one exists.

use chainmap::analysis::condensed::Condensed;
use chainmap::analysis::gap::gap_kinds;
use chainmap::analysis::paths::{path_shares, ratio};
use chainmap::analysis::priority::PriorityWeights;
use chainmap::analysis::{Coverage, GapKind, LinkStatus, analyze_chain, completeness};
use chainmap::model::{Chain, Link, LinkGraph, Stage};
use num_bigint::BigUint;
use petgraph::graph::NodeIndex;
use proptest::prelude::*;

pub(crate) fn chain(n: usize, edges: &[(usize, usize)], weights: &[f64]) -> Chain {
    let mut graph = LinkGraph::new();
    for _ in 0..n {
        graph.add_node(());
    }
    let mut seen = std::collections::BTreeSet::new();
    for &(a, b) in edges {
        if a != b && seen.insert((a, b)) {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
        }
    }
    Chain {
        id: "p".into(),
        name: "性质".into(),
        name_en: None,
        positioning: None,
        segments: vec![],
        links: (0..n)
            .map(|i| Link {
                id: format!("l{i:03}"),
                name: format!("环节{i}"),
                name_en: None,
                stage: Stage::Midstream,
                segment: None,
                weight: weights[i],
                technologies: vec![],
            })
            .collect(),
        graph,
        recycle: vec![],
    }
}

/// Firms as `(link, active, above_scale, leader)`.
type Firms = Vec<(usize, bool, bool, bool)>;

fn coverage(n: usize, firms: &Firms) -> Vec<Coverage> {
    let mut out = vec![Coverage::default(); n];
    for &(l, active, above, leader) in firms {
        out[l].add(active, above, leader, 100.0);
    }
    out
}

fn statuses(cov: &[Coverage]) -> Vec<LinkStatus> {
    cov.iter().map(|c| c.status(2)).collect()
}

/// A random chain: n links, edges (possibly cyclic unless `acyclic`), weights, firms.
fn arb_chain(acyclic: bool) -> impl Strategy<Value = (Chain, Firms)> {
    (1usize..12).prop_flat_map(move |n| {
        let edges = prop::collection::vec((0..n, 0..n), 0..(n * 2));
        let weights = prop::collection::vec(0.1f64..3.0, n);
        let firms = prop::collection::vec((0..n, any::<bool>(), any::<bool>(), any::<bool>()), 0..(n * 2));
        (edges, weights, firms).prop_map(move |(edges, weights, firms)| {
            let edges: Vec<(usize, usize)> =
                edges.into_iter().map(|(a, b)| if acyclic && a > b { (b, a) } else { (a, b) }).collect();
            (chain(n, &edges, &weights), firms)
        })
    })
}

/// Links reachable from `l` by one or more edges (`l` itself only through a cycle).
fn reachable(chain: &Chain, l: usize, forward: bool) -> Vec<bool> {
    let mut seen = vec![false; chain.links.len()];
    let mut stack = vec![l];
    while let Some(x) = stack.pop() {
        let next: Vec<usize> = if forward { chain.successors(x).collect() } else { chain.predecessors(x).collect() };
        for y in next {
            if !seen[y] {
                seen[y] = true;
                stack.push(y);
            }
        }
    }
    seen
}

/// Counts source-to-sink paths through each component by enumerating them.
fn brute_force_shares(condensed: &Condensed) -> Vec<f64> {
    fn walk(c: &Condensed, node: usize, path: &mut Vec<usize>, counts: &mut Vec<u64>, total: &mut u64) {
        path.push(node);
        if c.is_sink(node) {
            *total += 1;
            for &p in path.iter() {
                counts[p] += 1;
            }
        }
        for &s in &c.successors[node] {
            walk(c, s, path, counts, total);
        }
        path.pop();
    }
    let mut counts = vec![0; condensed.len()];
    let mut total = 0;
    for s in (0..condensed.len()).filter(|&c| condensed.is_source(c)) {
        walk(condensed, s, &mut Vec::new(), &mut counts, &mut total);
    }
    condensed.component.iter().map(|&c| counts[c] as f64 / total as f64).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn completeness_stays_in_unit_interval((chain, firms) in arb_chain(false)) {
        let c = completeness(&chain, &statuses(&coverage(chain.links.len(), &firms)));
        prop_assert!((0.0..=1.0).contains(&c));
    }

    #[test]
    fn adding_an_active_firm_never_hurts((chain, firms) in arb_chain(false), pick in any::<prop::sample::Index>(), above in any::<bool>(), leader in any::<bool>()) {
        let n = chain.links.len();
        let before = statuses(&coverage(n, &firms));
        let mut more = firms.clone();
        more.push((pick.index(n), true, above, leader));
        let after = statuses(&coverage(n, &more));
        prop_assert!(completeness(&chain, &after) >= completeness(&chain, &before) - 1e-12);
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(!b.is_covered() || a.is_covered(), "a covered link turned missing");
            prop_assert!(a >= b, "a status went down: {b:?} → {a:?}");
        }
    }

    #[test]
    fn gap_kinds_follow_the_definition((chain, firms) in arb_chain(false)) {
        let st = statuses(&coverage(chain.links.len(), &firms));
        let gaps = gap_kinds(&Condensed::new(&chain.graph), &st);
        for l in 0..chain.links.len() {
            match st[l] {
                LinkStatus::Strong => prop_assert_eq!(gaps[l], None),
                LinkStatus::Weak => prop_assert_eq!(gaps[l], Some(GapKind::Strengthen)),
                LinkStatus::Missing => {
                    let up = reachable(&chain, l, false);
                    let down = reachable(&chain, l, true);
                    let ancestor = (0..chain.links.len()).any(|x| x != l && up[x] && st[x].is_covered());
                    let descendant = (0..chain.links.len()).any(|x| x != l && down[x] && st[x].is_covered());
                    let expected = match (ancestor, descendant) {
                        (true, true) => GapKind::Bridge,
                        (true, false) => GapKind::ExtendDownstream,
                        (false, true) => GapKind::ExtendUpstream,
                        (false, false) => GapKind::Isolated,
                    };
                    prop_assert_eq!(gaps[l], Some(expected));
                }
            }
        }
    }

    #[test]
    fn path_shares_match_enumeration((chain, _firms) in arb_chain(false)) {
        let condensed = Condensed::new(&chain.graph);
        let shares = path_shares(&condensed);
        let brute = brute_force_shares(&condensed);
        for (s, b) in shares.iter().zip(&brute) {
            prop_assert!((0.0..=1.0 + 1e-12).contains(s));
            prop_assert!((s - b).abs() <= 1e-12 * b.max(1.0), "{s} vs {b}");
        }
    }

    #[test]
    fn sources_and_sinks_each_sum_to_one((chain, _firms) in arb_chain(true)) {
        let condensed = Condensed::new(&chain.graph);
        let shares = path_shares(&condensed);
        let sum = |pick: &dyn Fn(usize) -> bool| -> f64 {
            (0..chain.links.len()).filter(|&l| pick(condensed.component[l])).map(|l| shares[l]).sum()
        };
        prop_assert!((sum(&|c| condensed.is_source(c)) - 1.0).abs() < 1e-9);
        prop_assert!((sum(&|c| condensed.is_sink(c)) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn priority_is_null_exactly_when_gap_is((chain, firms) in arb_chain(false)) {
        let n = chain.links.len();
        let analysis = analyze_chain(&chain, &coverage(n, &firms), 2, &PriorityWeights::from_overrides(&std::collections::BTreeMap::default()));
        for link in &analysis.links {
            prop_assert_eq!(link.priority.is_some(), link.gap.is_some());
            if let Some(p) = &link.priority {
                prop_assert!((0.0..=100.0).contains(&p.score));
            }
        }
    }
}

/// `width` links per layer, every link of a layer supplying every link of the
/// next: `width^layers` source-to-sink paths, and each link carries 1/width of them.
fn layered(width: usize, layers: usize) -> Chain {
    let n = width * layers;
    let mut edges = Vec::new();
    for layer in 0..layers - 1 {
        for a in 0..width {
            for b in 0..width {
                edges.push((layer * width + a, (layer + 1) * width + b));
            }
        }
    }
    chain(n, &edges, &vec![1.0; n])
}

#[test]
fn astronomically_many_paths() {
    // 100^30 = 10^60 paths.
    let shares = path_shares(&Condensed::new(&layered(100, 30).graph));
    assert!(shares.iter().all(|s| (s - 0.01).abs() < 1e-9 * 0.01), "{:?}", &shares[..3]);
    // 10^400 paths: beyond the range of f64 altogether.
    let shares = path_shares(&Condensed::new(&layered(10, 400).graph));
    assert!(shares.iter().all(|s| (s - 0.1).abs() < 1e-9 * 0.1), "{:?}", &shares[..3]);
}

#[test]
fn ratio_keeps_precision_at_any_size() {
    let den = BigUint::from(7u32).pow(1000);
    let num = BigUint::from(7u32).pow(999) * 3u32;
    assert!((ratio(&num, &den) - 3.0 / 7.0).abs() < 1e-15);
}

#[test]
fn lone_link_is_source_and_sink() {
    let c = chain(1, &[], &[1.0]);
    let condensed = Condensed::new(&c.graph);
    assert!(condensed.is_source(0) && condensed.is_sink(0));
    assert!((path_shares(&condensed)[0] - 1.0).abs() < 1e-15);
}

#[allow(clippy::cast_possible_truncation, reason = "test datasets are tiny")]
mod plans {
    //! The plan against brute force: greedy by simulated gain, and its gains
    //! add up to what `simulate` reports.

    use chainmap::analysis::recruit::{plan, simulate};
    use chainmap::analysis::{TargetFilter, analyze, rank_targets, ranked_candidates};
    use chainmap::model::{Candidate, Dataset, Engagement, Firm, FirmRef, FirmStatus, Placement, Role};
    use proptest::prelude::*;

    use super::chain;

    type FirmSpec = (usize, usize, bool, bool, bool);
    type CandidateSpec = (Vec<(usize, usize)>, bool, bool, bool);

    fn dataset(chains: &[(usize, Vec<(usize, usize)>)], firms: &[FirmSpec], candidates: &[CandidateSpec]) -> Dataset {
        let mut d = Dataset { tags: vec!["上市".into()], ..Dataset::default() };
        for (i, (n, edges)) in chains.iter().enumerate() {
            let mut c = chain(*n, edges, &vec![1.0 + i as f64 * 0.5; *n]);
            c.id = format!("c{i}");
            c.name = format!("链{i}");
            d.chains.push(c);
        }
        let at = |d: &Dataset, c: usize, l: usize| {
            let c = c % d.chains.len();
            (c, l % d.chains[c].links.len())
        };
        for (i, &(c, l, active, above, leader)) in firms.iter().enumerate() {
            let (id, name) = (format!("F{i:03}"), format!("企业{i}"));
            d.firms
                .push(FirmRef {
                    id: &id,
                    name: &name,
                    park: None,
                    tags: &[],
                    firm: Firm {
                        county: None,
                        above_scale: above,
                        role: if leader { Role::Leader } else { Role::Supporting },
                        status: if active { FirmStatus::Operating } else { FirmStatus::Halted },
                        output: Some(100.0).into(),
                        employees: None,
                    },
                })
                .unwrap();
            let (c, l) = at(&d, c, l);
            d.firm_placements.push(Placement { owner: i as u32, chain: c as u16, link: l as u16 });
        }
        d.firm_placements.sort_unstable();
        d.firm_placements.dedup();
        for (i, (links, big, listed, signed)) in candidates.iter().enumerate() {
            let candidate = Candidate {
                id: format!("C{i:03}"),
                name: format!("候选{i}"),
                region: None,
                revenue: Some(if *big { 5000.0 } else { 500.0 }),
                tags: if *listed { vec![0] } else { vec![] },
                partners: vec![],
                stage: if *signed { Engagement::Signed } else { Engagement::Intent },
                owner: None,
            };
            d.candidates.push(candidate.view()).unwrap();
            for &(c, l) in links {
                let (c, l) = at(&d, c, l);
                d.candidate_placements.push(Placement { owner: i as u32, chain: c as u16, link: l as u16 });
            }
        }
        d.candidate_placements.sort_unstable();
        d.candidate_placements.dedup();
        d
    }

    fn arb_dataset() -> impl Strategy<Value = Dataset> {
        let chains = prop::collection::vec(
            (1usize..7).prop_flat_map(|n| (Just(n), prop::collection::vec((0..n, 0..n), 0..n * 2))),
            1..3,
        );
        let firms = prop::collection::vec(
            (0usize..3, 0usize..7, any::<bool>(), any::<bool>(), prop::bool::weighted(0.2)),
            0..10,
        );
        let candidates = prop::collection::vec(
            (
                prop::collection::vec((0usize..3, 0usize..7), 1..4),
                any::<bool>(),
                prop::bool::weighted(0.2),
                prop::bool::weighted(0.15),
            ),
            0..10,
        );
        (chains, firms, candidates).prop_map(|(c, f, k)| dataset(&c, &f, &k))
    }

    fn total(values: &[f64]) -> f64 {
        values.iter().sum()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn targets_go_by_id_however_the_pool_is_numbered(d in arb_dataset()) {
            // The same pool with its ids the other way round: candidate i
            // is now the (n-1-i)-th by id, so number order is not id order.
            let n = d.candidates.len();
            let mut turned = d.clone();
            turned.candidates = d
                .candidates
                .iter()
                .enumerate()
                .map(|(i, c)| Candidate {
                    id: format!("C{:03}", n - 1 - i),
                    name: c.name.to_owned(),
                    region: c.region.map(str::to_owned),
                    revenue: c.revenue,
                    tags: c.tags.to_vec(),
                    partners: c.partners.to_vec(),
                    stage: c.stage,
                    owner: c.owner.map(str::to_owned),
                })
                .collect();
            let analyses = analyze(&turned);
            let t = rank_targets(&turned, &analyses, &TargetFilter::default());
            let id = |c: usize| turned.candidates.id(c);
            prop_assert!(t.signed.windows(2).all(|w| id(w[0].candidate) < id(w[1].candidate)));
            prop_assert!(t.strong_only.windows(2).all(|w| id(w[0]) < id(w[1])));
            let ordered = |a: &chainmap::analysis::targets::Target, b: &chainmap::analysis::targets::Target| {
                b.score.total_cmp(&a.score).then_with(|| id(a.candidate).cmp(id(b.candidate))).is_lt()
            };
            prop_assert!(t.targets.windows(2).all(|w| ordered(&w[0], &w[1])));
            let ranked = ranked_candidates(&turned, &analyses, &TargetFilter::default());
            prop_assert_eq!(ranked, t.targets.iter().map(|t| t.candidate).collect::<Vec<_>>());
            // The same candidates as in the pool numbered by id.
            let before = rank_targets(&d, &analyze(&d), &TargetFilter::default());
            let numbers = |targets: &[chainmap::analysis::targets::Target]| {
                let mut numbers: Vec<usize> = targets.iter().map(|t| t.candidate).collect();
                numbers.sort_unstable();
                numbers
            };
            prop_assert_eq!(numbers(&t.targets), numbers(&before.targets));
            prop_assert_eq!(numbers(&t.signed), numbers(&before.signed));
        }

        #[test]
        fn plan_is_greedy_and_agrees_with_simulate(d in arb_dataset(), budget in 0usize..6) {
            let analyses = analyze(&d);
            let targets = rank_targets(&d, &analyses, &TargetFilter::default());
            let ranked = ranked_candidates(&d, &analyses, &TargetFilter::default());
            let pool: Vec<usize> = targets.targets.iter().map(|t| t.candidate).collect();
            prop_assert_eq!(&ranked, &pool, "plan draws from the targets in their order");
            let p = plan(&d, &analyses, &ranked, budget, None);
            prop_assert!(p.picks.len() <= budget);
            let before: f64 = p.before.values().sum();
            let after: f64 = p.after.values().sum();
            let gains: f64 = p.picks.iter().map(|x| x.gain).sum();
            prop_assert!((after - before - gains).abs() < 1e-9);
            let picked: Vec<usize> = p.picks.iter().map(|x| x.candidate).collect();
            let sim = simulate(&d, &analyses, &picked);
            for (c, a) in &p.after {
                prop_assert!((sim.after[*c] - a).abs() < 1e-12);
            }
            for (k, pick) in p.picks.iter().enumerate() {
                prop_assert!(pick.gain > 0.0);
                prop_assert!(d.candidates.stage(pick.candidate) != Engagement::Signed);
                let base = total(&simulate(&d, &analyses, &picked[..k]).after);
                for &other in pool.iter().filter(|c| !picked[..=k].contains(c)) {
                    let mut with = picked[..k].to_vec();
                    with.push(other);
                    let g = total(&simulate(&d, &analyses, &with).after) - base;
                    prop_assert!(g <= pick.gain + 1e-9, "step {} picked gain {} but {} gains {}", k + 1, pick.gain, other, g);
                }
            }
            if p.picks.len() < budget {
                let base = total(&sim.after);
                for &other in pool.iter().filter(|c| !picked.contains(c)) {
                    let mut with = picked.clone();
                    with.push(other);
                    prop_assert!(total(&simulate(&d, &analyses, &with).after) - base <= 1e-12);
                }
            }
        }
    }
}

/// A figure drawn across the whole range a dataset may hold, its ends most
/// of all: 0, a little, a lot, and the bound itself.
fn arb_bounded(max: f64) -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(max), Just(max / 3.0), Just(1e-3), 0.0..max]
}

/// A whole dataset written as files, figures anywhere within their bounds
/// (docs/formats.md): link weights, firm outputs, candidate revenues and
/// the weights of `region.json`.
fn arb_dataset_files() -> impl Strategy<Value = Vec<(String, String)>> {
    use std::fmt::Write as _;

    use chainmap::model::bounds::{MAX_AMOUNT, MAX_WEIGHT};
    use chainmap::model::{FitFactor, PriorityFactor};
    (1usize..8).prop_flat_map(|n| {
        let edges = prop::collection::vec((0..n, 0..n), 0..(n * 2));
        let weights = prop::collection::vec(prop_oneof![Just(1e-6), Just(MAX_WEIGHT), 1e-6..MAX_WEIGHT], n);
        let firms = prop::collection::vec((0..n, 0usize..3, any::<bool>(), 0usize..3, arb_bounded(MAX_AMOUNT)), 0..(n * 3));
        let tags = prop::sample::select(vec!["", "上市", "500强;专精特新", "国家级专精特新“小巨人”", "独角兽"]);
        let candidates = prop::collection::vec((0..n, arb_bounded(MAX_AMOUNT), tags, 0usize..5), 0..(n * 2));
        let region_weights = prop::collection::vec(arb_bounded(MAX_WEIGHT), PriorityFactor::KEYS.len() + FitFactor::KEYS.len());
        (edges, weights, firms, candidates, region_weights).prop_map(move |(edges, weights, firms, candidates, rw)| {
            let links: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"id": "l{i}", "name": "环节{i}", "stage": "midstream", "weight": {:e}}}"#, weights[i]))
                .collect();
            let edges: Vec<String> = edges
                .iter()
                .filter(|(a, b)| a != b)
                .collect::<std::collections::BTreeSet<_>>()
                .iter()
                .map(|(a, b)| format!(r#"{{"from": "l{a}", "to": "l{b}"}}"#))
                .collect();
            let chain = format!(
                r#"{{"id": "p", "name": "性质链", "links": [{}], "edges": [{}]}}"#,
                links.join(", "),
                edges.join(", ")
            );
            let mut firm_rows = String::from("firm_id,name,chain,link,county,above_scale,role,status,output\n");
            for (i, (link, role, above, status, output)) in firms.iter().enumerate() {
                let role = ["leader", "backbone", "supporting"][*role];
                let status = ["operating", "reduced", "halted"][*status];
                let county = ["东县", "西县"][i % 2];
                let above = if *above { "yes" } else { "no" };
                let _ = writeln!(firm_rows, "F{i},企业{i},p,l{link},{county},{above},{role},{status},{output}");
            }
            let mut candidate_rows = String::from("candidate_id,name,region,chain,link,revenue,tags,partners,stage\n");
            for (i, (link, revenue, tags, stage)) in candidates.iter().enumerate() {
                let stage = ["none", "contacted", "intent", "negotiating", "signed"][*stage];
                let partner = if firms.is_empty() { String::new() } else { "F0".to_owned() };
                let _ = writeln!(candidate_rows, "C{i},候选{i},成都,p,l{link},{revenue},{tags},{partner},{stage}");
            }
            let (pw, fw) = rw.split_at(PriorityFactor::KEYS.len());
            let pairs = |keys: &[&str], ws: &[f64]| -> String {
                keys.iter().zip(ws).map(|(k, w)| format!(r#""{k}": {w:e}"#)).collect::<Vec<_>>().join(", ")
            };
            let region = format!(
                r#"{{"name": "性质市", "region_preference": ["成都"], "priority_weights": {{{}}}, "fit_weights": {{{}}}}}"#,
                pairs(PriorityFactor::KEYS, pw),
                pairs(FitFactor::KEYS, fw)
            );
            vec![
                ("p.json".to_owned(), chain),
                ("firms.csv".to_owned(), firm_rows),
                ("candidates.csv".to_owned(), candidate_rows),
                ("region.json".to_owned(), region),
            ]
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Issue 10 item 6: with every figure within its bounds, every figure
    /// computed from them — completeness, path shares, demand pull,
    /// priorities and their factors, target scores and fit factors, plan
    /// gains, firms' impacts — is finite.
    #[test]
    fn every_computed_figure_is_finite(files in arb_dataset_files()) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in &files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let loaded = chainmap::load::load_dataset(dir.path());
        let dataset = match loaded {
            Ok(loaded) => loaded.dataset,
            Err(err) => return Err(TestCaseError::fail(format!("{err:?}"))),
        };
        let analyses = chainmap::analysis::analyze(&dataset);
        let targets = chainmap::analysis::rank_targets(&dataset, &analyses, &chainmap::analysis::TargetFilter::default());
        let ranked = chainmap::analysis::ranked_candidates(&dataset, &analyses, &chainmap::analysis::TargetFilter::default());
        let plan = chainmap::analysis::recruit::plan(&dataset, &analyses, &ranked, 3, None);
        let risk = chainmap::analysis::risk::assess(&dataset, &analyses);
        let mut figures: Vec<f64> = Vec::new();
        for chain in &analyses {
            figures.push(chain.completeness);
            for link in &chain.links {
                figures.extend([link.path_share, link.demand_pull]);
                if let Some(p) = &link.priority {
                    figures.push(p.score);
                    figures.extend(p.factors.named().into_values());
                }
            }
        }
        for t in targets.targets.iter().chain(&targets.signed) {
            figures.push(t.score);
            figures.extend(t.factors.named().into_values());
            figures.extend(t.fills.iter().map(|f| f.priority));
        }
        figures.extend(plan.picks.iter().map(|p| p.gain));
        figures.extend(plan.before.values().chain(plan.after.values()).copied());
        for (i, x) in figures.iter().enumerate() {
            prop_assert!(x.is_finite(), "figure {i} is {x}");
        }
        // Impacts, redundancies: every figure of the risk assessment, as printed.
        let shown = format!("{risk:?}");
        prop_assert!(!shown.contains("NaN") && !shown.contains("inf"), "{shown}");
    }
}
