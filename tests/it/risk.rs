//! Risk (docs/analysis.md#risk) through the library: firm criticality, single sources,
//! chokepoints, redundancy and halting as a what-if, on a hand-computed
//! fixture (tests/fixtures/risk) and on random datasets against a full
//! re-analysis with the firm halted.
//!
//! ```text
//! battery (weights: salt 2, the rest 1; Σ 8)
//!
//!   brine ─┐                   ┌─→ pack
//!          ├─→ salt ───→ cell ─┤
//!   ore ───┘     ↑         │   └─→ storage
//!                └ recycle←┘       salt → cell → recycle → salt is one cycle
//!
//!   brine  —                                  missing
//!   ore    B2 (small, reduced)                weak    single source
//!   salt   B1 (leader)                        strong  single source
//!   cell   B3, B4 (both above scale)          strong  two sources
//!   recycle —                                 missing
//!   pack   B5 (small)                         weak    single source
//!   storage B7 (small), B6 (halted leader)    weak    single source (B6 does not count)
//!   completeness (1 + 0.5 + 0.5 + 2 + 0.5) / 8 = 4.5 / 8; closes along ore → salt → cell → pack
//!   4 source-to-sink paths ({brine, ore} × {pack, storage}), all through the cycle:
//!   chokepoints cell, recycle, salt
//!
//! food:  farm → process → brand
//!   farm F1 (leader) strong; process B3 weak (one above-scale firm); brand F2, F3 weak (two sources)
//!   completeness 2 / 3; closes; every link is a chokepoint (three components, one path)
//!
//! ring:  x ⇄ y      x R1 (leader) strong, y missing; completeness 1/2; closes (x is in a
//!                   component that is both source and sink); one component: no chokepoint
//! blank: z alone, no firm: completeness 0, does not close, redundancy null
//! ```
//!
//! Halting each firm, by hand:
//!
//! | firm | loses | impact (points) | breaks | downgrades | loop lost |
//! |---|---|--:|---|---|---|
//! | R1 | ring x strong → missing: 1/2 | 50 | ring/x | | ring |
//! | F1 | food farm strong → missing: 1/3 | 33.333… | food/farm | | food |
//! | B1 | battery salt strong → missing: 2/8 | 25 | battery/salt | | battery (ore reaches nothing else) |
//! | B3 | battery cell strong → weak: 0.5/8; food process weak → missing: 0.5/3 | 6.25 + 16.666… | food/process | battery/cell | food |
//! | B2 | battery ore weak → missing: 0.5/8 | 6.25 | battery/ore | | battery (brine is missing too) |
//! | B5 | battery pack: 0.5/8 | 6.25 | battery/pack | | — (still closes via storage) |
//! | B7 | battery storage: 0.5/8 | 6.25 | battery/storage | | — (still closes via pack) |
//! | B4 | battery cell strong → weak: 0.5/8 | 6.25 | | battery/cell | |
//! | F2, F3 | nothing: brand keeps one small firm and stays weak | 0 | | | |
//! | B6 | already halted | 0 | | | |
//!
//! The four firms at 6.25 tie: B2, B5, B7 (one break each, by id), then B4
//! (no break). B7 comes before B5 in firms.csv, so the id, not the row,
//! decides.
//!
//! Candidates (the `second_source` fit factor): C1 at battery/salt, strong
//! with one leader — single-source but no gap, so not a target; C2 at brine
//! (missing) and ore (weak, single source B2): `second_source` 1/2; C3 at pack
//! (weak, single source B5): 1; C4 at food/brand (weak, two firms): 0.

use chainmap::analysis::recruit::what_if;
use chainmap::analysis::risk::{
    Criticality, FirmImpact, LinkRef, assess, chokepoints, open_problems, redundancy, simulate_halt, single_sources,
};
use chainmap::analysis::{ChainAnalysis, LinkStatus, analyze};
use chainmap::load::load_dataset;
use chainmap::model::{Dataset, FirmIdx, FirmStatus};

use crate::fixture;

fn risk_fixture() -> Dataset {
    load_dataset(&fixture("risk")).expect("valid fixture").dataset
}

fn firm(d: &Dataset, id: &str) -> FirmIdx {
    d.firms.find(id).expect("firm in fixture")
}

fn links(d: &Dataset, refs: &[LinkRef]) -> Vec<String> {
    refs.iter().map(|r| format!("{}/{}", d.chains[r.chain].id, d.chains[r.chain].links[r.link].id)).collect()
}

fn chains(d: &Dataset, refs: &[usize]) -> Vec<String> {
    refs.iter().map(|&c| d.chains[c].id.clone()).collect()
}

fn close(value: f64, expected: f64) {
    assert!((value - expected).abs() < 1e-9, "{value} != {expected}");
}

type Expected = (f64, &'static [&'static str], &'static [&'static str], &'static [&'static str]);

#[test]
fn firms_ranked_by_impact_with_breaks_by_hand() {
    let d = risk_fixture();
    let analyses = analyze(&d);
    let ranked = Criticality::new(&d, &analyses).ranked();
    let ids: Vec<&str> = ranked.iter().map(|f| d.firms.id(f.firm)).collect();
    assert_eq!(ids, ["R1", "F1", "B1", "B3", "B2", "B5", "B7", "B4"]);
    // (impact, breaks, downgrades, loop lost)
    let expect: [Expected; 8] = [
        (50.0, &["ring/x"], &[], &["ring"]),
        (100.0 / 3.0, &["food/farm"], &[], &["food"]),
        (25.0, &["battery/salt"], &[], &["battery"]),
        (6.25 + 50.0 / 3.0, &["food/process"], &["battery/cell"], &["food"]),
        (6.25, &["battery/ore"], &[], &["battery"]),
        (6.25, &["battery/pack"], &[], &[]),
        (6.25, &["battery/storage"], &[], &[]),
        (6.25, &[], &["battery/cell"], &[]),
    ];
    for (f, (impact, breaks, downgrades, loop_lost)) in ranked.iter().zip(expect) {
        let id = d.firms.id(f.firm);
        close(f.impact, impact);
        assert_eq!(links(&d, &f.breaks), breaks, "breaks of {id}");
        assert_eq!(links(&d, &f.downgrades), downgrades, "downgrades of {id}");
        assert_eq!(chains(&d, &f.loop_lost), loop_lost, "loop lost by {id}");
    }
}

#[test]
fn impact_of_any_firm_and_its_chains() {
    let d = risk_fixture();
    let analyses = analyze(&d);
    let criticality = Criticality::new(&d, &analyses);
    // Halting one of two small firms leaves the link weak; a halted firm has nothing to lose.
    for id in ["F2", "F3", "B6"] {
        let f = criticality.firm(firm(&d, id));
        assert!(f.impact.abs() < f64::MIN_POSITIVE, "{id}: {}", f.impact);
        assert!(f.chains.is_empty() && f.breaks.is_empty() && f.downgrades.is_empty() && f.loop_lost.is_empty());
    }
    // B3 works at two chains: its impact splits between them.
    let b3 = criticality.firm(firm(&d, "B3"));
    let per_chain: Vec<(String, f64)> = b3.chains.iter().map(|c| (d.chains[c.chain].id.clone(), c.impact)).collect();
    assert_eq!(per_chain.len(), 2);
    assert_eq!((per_chain[0].0.as_str(), per_chain[1].0.as_str()), ("battery", "food"));
    close(per_chain[0].1, 6.25);
    close(per_chain[1].1, 50.0 / 3.0);
    let food = d.chain_by_id("food").unwrap();
    let in_food = b3.in_chain(food).unwrap();
    close(in_food.impact, 50.0 / 3.0);
    assert_eq!(links(&d, &in_food.breaks), ["food/process"]);
    assert!(in_food.downgrades.is_empty());
    assert_eq!(chains(&d, &in_food.loop_lost), ["food"]);
    assert_eq!(b3.in_chain(d.chain_by_id("ring").unwrap()), None);
    // The single lookup agrees with the ranking pass.
    let ranked = criticality.ranked();
    let from_rank = ranked.iter().find(|f| f.firm == b3.firm).unwrap();
    assert_eq!(from_rank, &b3);
}

#[test]
fn single_sources_chokepoints_and_redundancy_by_hand() {
    let d = risk_fixture();
    let analyses = analyze(&d);
    let single: Vec<String> = single_sources(&d, &analyses)
        .iter()
        .map(|s| {
            let chain = &d.chains[s.chain];
            format!("{}/{} {}", chain.id, chain.links[s.link].id, d.firms.id(s.firm))
        })
        .collect();
    assert_eq!(
        single,
        [
            "battery/ore B2",
            "battery/pack B5",
            "battery/salt B1",
            "battery/storage B7",
            "food/farm F1",
            "food/process B3",
            "ring/x R1"
        ]
    );
    assert_eq!(
        links(&d, &chokepoints(&d, &analyses)),
        ["battery/cell", "battery/recycle", "battery/salt", "food/brand", "food/farm", "food/process"]
    );
    let red: Vec<Option<f64>> = d.chains.iter().zip(&analyses).map(|(c, a)| redundancy(c, a)).collect();
    // battery: cell (1) of ore, salt, cell, pack, storage (1 + 2 + 1 + 1 + 1); blank: nothing covered;
    // food: brand (1) of 3; ring: x has one firm.
    assert_eq!(red.len(), 4);
    close(red[0].unwrap(), 1.0 / 6.0);
    assert_eq!(red[1], None);
    close(red[2].unwrap(), 1.0 / 3.0);
    close(red[3].unwrap(), 0.0);
    let all = assess(&d, &analyses);
    assert_eq!(all.firms, Criticality::new(&d, &analyses).ranked());
    assert_eq!(all.single_sources, single_sources(&d, &analyses));
    assert_eq!(all.redundancy, red);
}

#[test]
fn halting_as_a_what_if_by_hand() {
    let d = risk_fixture();
    let analyses = analyze(&d);
    let (b1, b3) = (firm(&d, "B1"), firm(&d, "B3"));
    let sim = simulate_halt(&d, &analyses, &[b3, b1, b3]);
    assert_eq!(sim.halt, [b3, b1]);
    assert!(sim.recruit.is_empty());
    // battery: cell 0.5 + ore 0.5 + pack 0.5 + storage 0.5 of 8; food: farm 1 + brand 0.5 of 3.
    let expect_before = [4.5 / 8.0, 0.0, 2.0 / 3.0, 0.5];
    let expect_after = [2.0 / 8.0, 0.0, 0.5, 0.5];
    for c in 0..4 {
        close(sim.before[c], expect_before[c]);
        close(sim.after[c], expect_after[c]);
    }
    assert_eq!(sim.closed_before, [true, false, true, true]);
    assert_eq!(sim.closed_after, [false, false, false, true]);
    let changed: Vec<(String, LinkStatus, LinkStatus)> = sim
        .changed_links
        .iter()
        .map(|ch| (links(&d, &[LinkRef { chain: ch.chain, link: ch.link }]).remove(0), ch.from, ch.to))
        .collect();
    assert_eq!(
        changed,
        [
            ("battery/cell".to_owned(), LinkStatus::Strong, LinkStatus::Weak),
            ("battery/salt".to_owned(), LinkStatus::Strong, LinkStatus::Missing),
            ("food/process".to_owned(), LinkStatus::Weak, LinkStatus::Missing),
        ]
    );
    // Its completeness difference is the sum of the two firms' impacts: they share no link.
    let criticality = Criticality::new(&d, &analyses);
    let drop: f64 = sim.before.iter().zip(&sim.after).map(|(b, a)| (b - a) * 100.0).sum();
    close(drop, criticality.firm(b1).impact + criticality.firm(b3).impact);

    // A listed 锂盐 firm recruited while B1 halts keeps salt strong: nothing changes.
    let c1 = d.candidates.find("C1").unwrap();
    let both = what_if(&d, &analyses, &[c1], &[b1]);
    assert_eq!((both.recruit.as_slice(), both.halt.as_slice()), ([c1].as_slice(), [b1].as_slice()));
    assert!(both.changed_links.is_empty());
    assert_eq!(both.after, both.before);
    assert_eq!(both.closed_after, both.closed_before);
    // Halting a firm already halted changes nothing either.
    assert!(simulate_halt(&d, &analyses, &[firm(&d, "B6")]).changed_links.is_empty());
}

#[test]
fn open_problems_per_firm() {
    let d = risk_fixture();
    let counts = open_problems(&d);
    assert_eq!(counts[firm(&d, "B1") as usize], 2);
    assert_eq!(counts[firm(&d, "F2") as usize], 1);
    assert_eq!(counts.iter().sum::<u32>(), 3);
}

fn on_threads<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool").install(work)
}

/// Σ over chains of (before − after) × 100, from a whole new analysis with `firm` halted.
fn reanalysed(d: &Dataset, before: &[ChainAnalysis], firm: FirmIdx) -> (f64, Vec<ChainAnalysis>) {
    let mut halted = d.clone();
    halted.firms[firm as usize].status = FirmStatus::Halted;
    let after = analyze(&halted);
    let drop = before.iter().zip(&after).map(|(b, a)| (b.completeness - a.completeness) * 100.0).sum();
    (drop, after)
}

#[test]
fn same_on_one_and_two_threads() {
    for dir in [fixture("risk"), crate::root().join("chains")] {
        let d = load_dataset(&dir).expect("valid").dataset;
        let analyses = analyze(&d);
        let one = on_threads(1, || assess(&d, &analyses));
        let two = on_threads(2, || assess(&d, &analyses));
        assert_eq!(one, two, "{}", dir.display());
    }
}

#[test]
fn shipped_dataset_names_firms_whose_loss_breaks_a_chain() {
    let d = load_dataset(&crate::root().join("chains")).expect("valid").dataset;
    let analyses = analyze(&d);
    let risk = assess(&d, &analyses);
    assert!(risk.firms.iter().any(|f| !f.breaks.is_empty()), "no firm breaks a link");
    assert!(!risk.single_sources.is_empty());
    for f in risk.firms.iter().take(10) {
        let (drop, _) = reanalysed(&d, &analyses, f.firm);
        assert!((f.impact - drop).abs() <= 1e-9, "{}: {} vs {drop}", d.firms.id(f.firm), f.impact);
    }
}

mod properties {
    //! For every firm of random datasets, criticality agrees with a full
    //! re-analysis with that firm halted, and the single points of failure
    //! with their definitions.

    use std::collections::BTreeSet;

    use chainmap::analysis::condensed::Condensed;
    use chainmap::analysis::risk::{Criticality, TIE, assess, chokepoints, redundancy, simulate_halt, single_sources};
    use chainmap::analysis::{LinkStatus, analyze};
    use chainmap::model::{Dataset, Firm, FirmIdx, FirmRef, FirmStatus, Placement, Region, Role};
    use proptest::prelude::*;

    use super::{FirmImpact, on_threads, reanalysed};
    use crate::properties::chain;

    /// A firm: its placements as (chain, link) picks, status (0 operating, 1
    /// reduced, 2 halted), above scale, leader.
    type FirmSpec = (Vec<(usize, usize)>, u8, bool, bool);
    type ChainSpec = (usize, Vec<(usize, usize)>, Vec<f64>);

    fn dataset(chains: &[ChainSpec], firms: &[FirmSpec], min_strong: u32) -> Dataset {
        let mut d =
            Dataset { region: Region { min_strong_firms: min_strong, ..Region::default() }, ..Dataset::default() };
        for (i, (n, edges, weights)) in chains.iter().enumerate() {
            let mut c = chain(*n, edges, weights);
            c.id = format!("c{i}");
            d.chains.push(c);
        }
        for (i, (at, status, above, leader)) in firms.iter().enumerate() {
            // Ids against index order, so ranking by id is tested too.
            let (id, name) = (format!("F{:03}", 999 - i), format!("企业{i}"));
            d.firms
                .push(FirmRef {
                    id: &id,
                    name: &name,
                    park: None,
                    tags: &[],
                    firm: Firm {
                        county: None,
                        above_scale: *above,
                        role: if *leader { Role::Leader } else { Role::Backbone },
                        status: [FirmStatus::Operating, FirmStatus::Reduced, FirmStatus::Halted][usize::from(*status)],
                        output: Some(100.0).into(),
                        employees: None,
                    },
                })
                .unwrap();
            for &(c, l) in at {
                let c = c % d.chains.len();
                let l = l % d.chains[c].links.len();
                let owner = u32::try_from(i).unwrap();
                d.firm_placements.push(Placement { owner, chain: c.try_into().unwrap(), link: l.try_into().unwrap() });
            }
        }
        d.firm_placements.sort_unstable();
        d.firm_placements.dedup();
        d
    }

    fn arb_dataset() -> impl Strategy<Value = Dataset> {
        let chains = prop::collection::vec(
            (1usize..7).prop_flat_map(|n| {
                (Just(n), prop::collection::vec((0..n, 0..n), 0..n * 2), prop::collection::vec(0.1f64..3.0, n))
            }),
            1..4,
        );
        let firms = prop::collection::vec(
            (prop::collection::vec((0usize..4, 0usize..7), 1..4), 0u8..3, any::<bool>(), prop::bool::weighted(0.3)),
            0..14,
        );
        (chains, firms, 1u32..4).prop_map(|(c, f, m)| dataset(&c, &f, m))
    }

    /// Links whose status goes from `from` to one of `to`, per chain.
    fn moved(
        d: &Dataset,
        before: &[chainmap::analysis::ChainAnalysis],
        after: &[chainmap::analysis::ChainAnalysis],
        from: &[LinkStatus],
        to: &[LinkStatus],
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for c in 0..d.chains.len() {
            for (l, (b, a)) in before[c].links.iter().zip(&after[c].links).enumerate() {
                if b.status != a.status && from.contains(&b.status) && to.contains(&a.status) {
                    out.push((c, l));
                }
            }
        }
        out
    }

    fn pairs(refs: &[chainmap::analysis::risk::LinkRef]) -> Vec<(usize, usize)> {
        refs.iter().map(|r| (r.chain, r.link)).collect()
    }

    /// Whether every source-to-sink path of the condensation runs through
    /// component `through`: with it taken out, no other source reaches a sink.
    fn all_paths_through(condensed: &Condensed, through: usize) -> bool {
        let mut seen = vec![false; condensed.len()];
        let mut stack: Vec<usize> = (0..condensed.len()).filter(|&c| c != through && condensed.is_source(c)).collect();
        while let Some(c) = stack.pop() {
            if condensed.is_sink(c) {
                return false;
            }
            for &s in &condensed.successors[c] {
                if s != through && !seen[s] {
                    seen[s] = true;
                    stack.push(s);
                }
            }
        }
        true
    }

    /// Halting each firm in turn against a new analysis of the halted dataset.
    fn matches_reanalysis(d: &Dataset) -> Result<(), TestCaseError> {
        let before = analyze(d);
        let criticality = Criticality::new(d, &before);
        let mut expected_ranked = Vec::new();
        for f in 0..u32::try_from(d.firms.len()).unwrap() {
            let got: FirmImpact = criticality.firm(f);
            let (drop, after) = reanalysed(d, &before, f);
            prop_assert!((got.impact - drop).abs() <= 1e-9, "firm {f}: {} vs {drop}", got.impact);
            let chain_sum: f64 = got.chains.iter().map(|c| c.impact).sum();
            prop_assert!((chain_sum - got.impact).abs() <= 1e-9);
            prop_assert_eq!(
                pairs(&got.breaks),
                moved(d, &before, &after, &[LinkStatus::Weak, LinkStatus::Strong], &[LinkStatus::Missing])
            );
            prop_assert_eq!(
                pairs(&got.downgrades),
                moved(d, &before, &after, &[LinkStatus::Strong], &[LinkStatus::Weak])
            );
            let lost: Vec<usize> =
                (0..d.chains.len()).filter(|&c| before[c].closed_loop && !after[c].closed_loop).collect();
            prop_assert_eq!(&got.loop_lost, &lost);
            if !d.firms[f as usize].is_active() {
                prop_assert!(got.impact.abs() < f64::MIN_POSITIVE && got.chains.is_empty());
                prop_assert!(got.breaks.is_empty() && got.downgrades.is_empty() && got.loop_lost.is_empty());
            }
            // The what-if agrees with the full analysis too.
            let sim = simulate_halt(d, &before, &[f]);
            for (c, a) in after.iter().enumerate() {
                prop_assert!((sim.after[c] - a.completeness).abs() <= 1e-12);
                prop_assert_eq!(sim.closed_after[c], a.closed_loop);
            }
            let changed: Vec<(usize, usize)> = sim.changed_links.iter().map(|ch| (ch.chain, ch.link)).collect();
            let any = [LinkStatus::Missing, LinkStatus::Weak, LinkStatus::Strong];
            prop_assert_eq!(changed, moved(d, &before, &after, &any, &any));
            // A firm breaks exactly the links where it is the single source.
            let sole: Vec<(usize, usize)> =
                single_sources(d, &before).iter().filter(|s| s.firm == f).map(|s| (s.chain, s.link)).collect();
            prop_assert_eq!(pairs(&got.breaks), sole);
            if got.impact > 0.0 {
                expected_ranked.push(f);
            }
        }
        let ranked = criticality.ranked();
        let ranked_firms: BTreeSet<FirmIdx> = ranked.iter().map(|f| f.firm).collect();
        prop_assert_eq!(ranked_firms, expected_ranked.into_iter().collect::<BTreeSet<_>>());
        for pair in ranked.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if (a.impact - b.impact).abs() <= TIE {
                let key = |f: &FirmImpact| (std::cmp::Reverse(f.breaks.len()), d.firms.id(f.firm).to_owned());
                prop_assert!(key(a) < key(b), "tie out of order");
            } else {
                prop_assert!(a.impact > b.impact, "impact out of order");
            }
        }
        Ok(())
    }

    /// Single sources, chokepoints and redundancy against their definitions.
    fn match_definitions(d: &Dataset) -> Result<(), TestCaseError> {
        let analyses = analyze(d);
        let mut active: Vec<Vec<Vec<FirmIdx>>> = d.chains.iter().map(|c| vec![Vec::new(); c.links.len()]).collect();
        for p in &d.firm_placements {
            if d.firms[p.owner as usize].is_active() {
                active[p.chain()][p.link()].push(p.owner);
            }
        }
        let expected: Vec<(usize, usize, FirmIdx)> = active
            .iter()
            .enumerate()
            .flat_map(|(c, links)| {
                links.iter().enumerate().filter(|(_, f)| f.len() == 1).map(move |(l, f)| (c, l, f[0]))
            })
            .collect();
        let got: Vec<(usize, usize, FirmIdx)> =
            single_sources(d, &analyses).iter().map(|s| (s.chain, s.link, s.firm)).collect();
        prop_assert_eq!(got, expected);

        let mut expected_chokepoints = Vec::new();
        for (c, chain) in d.chains.iter().enumerate() {
            let condensed = Condensed::new(&chain.graph);
            if condensed.len() >= 2 {
                for l in 0..chain.links.len() {
                    if all_paths_through(&condensed, condensed.component[l]) {
                        expected_chokepoints.push((c, l));
                    }
                }
            }
        }
        prop_assert_eq!(pairs(&chokepoints(d, &analyses)), expected_chokepoints);

        for (c, chain) in d.chains.iter().enumerate() {
            let covered: Vec<usize> = (0..chain.links.len()).filter(|&l| !active[c][l].is_empty()).collect();
            let w = |l: &usize| chain.links[*l].weight;
            let total: f64 = covered.iter().map(w).sum();
            let backed: f64 = covered.iter().filter(|&&l| active[c][l].len() >= 2).map(w).sum();
            match redundancy(chain, &analyses[c]) {
                None => prop_assert!(covered.is_empty()),
                Some(r) => prop_assert!((r - backed / total).abs() <= 1e-12),
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn criticality_equals_a_full_reanalysis(d in arb_dataset()) {
            matches_reanalysis(&d)?;
        }

        #[test]
        fn single_points_of_failure_follow_their_definitions(d in arb_dataset()) {
            match_definitions(&d)?;
        }

        #[test]
        fn risk_is_the_same_on_one_and_two_threads(d in arb_dataset()) {
            let analyses = analyze(&d);
            prop_assert_eq!(on_threads(1, || assess(&d, &analyses)), on_threads(2, || assess(&d, &analyses)));
        }
    }
}

mod command {
    //! `chainmap risk` and `chainmap simulate --halt` on the hand-computed
    //! fixture: the JSON of SPEC §10 with the figures of the table above,
    //! the table for people, `--chain` and `--top`, halting through the
    //! command line, and the same bytes on one and two threads.

    use std::collections::BTreeSet;

    use serde_json::Value;

    use crate::chainmap;

    fn run(args: &[&str]) -> Vec<u8> {
        let output = chainmap().args(["risk", "tests/fixtures/risk"]).args(args).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        output.stdout
    }

    fn json(args: &[&str]) -> Value {
        serde_json::from_slice(&run(&[args, &["--format", "json"]].concat())).unwrap()
    }

    fn text(args: &[&str]) -> String {
        String::from_utf8(run(args)).unwrap()
    }

    fn keys(value: &Value) -> Vec<&str> {
        value.as_object().unwrap().keys().map(String::as_str).collect::<BTreeSet<_>>().into_iter().collect()
    }

    fn links(value: &Value) -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                assert_eq!(keys(l), ["chain", "link"]);
                format!("{}/{}", l["chain"].as_str().unwrap(), l["link"].as_str().unwrap())
            })
            .collect()
    }

    fn strings(value: &Value) -> Vec<&str> {
        value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
    }

    /// (firm, impact, breaks, downgrades, loop lost, open problems) of each ranked firm.
    type Row = (&'static str, f64, &'static [&'static str], &'static [&'static str], &'static [&'static str], u64);

    fn check_firms(doc: &Value, expect: &[Row]) {
        let firms = doc["firms"].as_array().unwrap();
        assert_eq!(firms.len(), expect.len(), "{firms:?}");
        for (i, (f, (id, impact, breaks, downgrades, loop_lost, problems))) in firms.iter().zip(expect).enumerate() {
            assert_eq!(
                keys(f),
                ["breaks", "downgrades", "firm", "impact", "loop_lost", "name", "open_problems", "rank"]
            );
            assert_eq!(f["rank"], i + 1);
            assert_eq!(f["firm"], *id);
            super::close(f["impact"].as_f64().unwrap(), *impact);
            assert_eq!(links(&f["breaks"]), *breaks, "breaks of {id}");
            assert_eq!(links(&f["downgrades"]), *downgrades, "downgrades of {id}");
            assert_eq!(strings(&f["loop_lost"]), *loop_lost, "loop lost by {id}");
            assert_eq!(f["open_problems"], *problems, "open problems of {id}");
        }
    }

    #[test]
    fn json_is_spec_10_with_the_figures_by_hand() {
        let doc = json(&[]);
        assert_eq!(keys(&doc), ["chains", "chokepoints", "firms", "single_source"]);
        check_firms(
            &doc,
            &[
                ("R1", 50.0, &["ring/x"], &[], &["ring"], 0),
                ("F1", 100.0 / 3.0, &["food/farm"], &[], &["food"], 0),
                ("B1", 25.0, &["battery/salt"], &[], &["battery"], 2),
                ("B3", 6.25 + 50.0 / 3.0, &["food/process"], &["battery/cell"], &["food"], 0),
                ("B2", 6.25, &["battery/ore"], &[], &["battery"], 0),
                ("B5", 6.25, &["battery/pack"], &[], &[], 0),
                ("B7", 6.25, &["battery/storage"], &[], &[], 0),
                ("B4", 6.25, &[], &["battery/cell"], &[], 0),
            ],
        );
        assert_eq!(doc["firms"][0]["name"], "环链龙头");
        let single: Vec<String> = doc["single_source"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                assert_eq!(keys(s), ["chain", "firm", "link"]);
                format!(
                    "{}/{} {}",
                    s["chain"].as_str().unwrap(),
                    s["link"].as_str().unwrap(),
                    s["firm"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            single,
            [
                "battery/ore B2",
                "battery/pack B5",
                "battery/salt B1",
                "battery/storage B7",
                "food/farm F1",
                "food/process B3",
                "ring/x R1"
            ]
        );
        assert_eq!(
            links(&doc["chokepoints"]),
            ["battery/cell", "battery/recycle", "battery/salt", "food/brand", "food/farm", "food/process"]
        );
        let chains = doc["chains"].as_array().unwrap();
        let ids: Vec<&str> = chains.iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["battery", "blank", "food", "ring"]);
        for c in chains {
            assert_eq!(keys(c), ["id", "redundancy"]);
        }
        super::close(chains[0]["redundancy"].as_f64().unwrap(), 1.0 / 6.0);
        assert!(chains[1]["redundancy"].is_null());
        super::close(chains[2]["redundancy"].as_f64().unwrap(), 1.0 / 3.0);
        super::close(chains[3]["redundancy"].as_f64().unwrap(), 0.0);
    }

    #[test]
    fn chain_narrows_every_part() {
        // In food alone B3 costs 16.67 (process breaks, the loop is lost);
        // its downgrade of battery/cell is not food's. F2 and F3 still cost nothing.
        let doc = json(&["--chain", "food"]);
        check_firms(
            &doc,
            &[
                ("F1", 100.0 / 3.0, &["food/farm"], &[], &["food"], 0),
                ("B3", 50.0 / 3.0, &["food/process"], &[], &["food"], 0),
            ],
        );
        let single: Vec<&str> =
            doc["single_source"].as_array().unwrap().iter().map(|s| s["firm"].as_str().unwrap()).collect();
        assert_eq!(single, ["F1", "B3"]);
        assert_eq!(links(&doc["chokepoints"]), ["food/brand", "food/farm", "food/process"]);
        assert_eq!(doc["chains"].as_array().unwrap().len(), 1);
        assert_eq!(doc["chains"][0]["id"], "food");

        // In battery the four firms at 6.25 tie, B3 among them now: one
        // break first (B2, B5, B7 by id), then no break (B3, B4 by id).
        let doc = json(&["--chain", "电池链"]);
        let ids: Vec<&str> = doc["firms"].as_array().unwrap().iter().map(|f| f["firm"].as_str().unwrap()).collect();
        assert_eq!(ids, ["B1", "B2", "B5", "B7", "B3", "B4"]);
        assert_eq!(links(&doc["firms"][4]["downgrades"]), ["battery/cell"]);
        assert!(doc["firms"][4]["loop_lost"].as_array().unwrap().is_empty());
    }

    #[test]
    fn top_limits_the_firms_only() {
        let all = json(&[]);
        let doc = json(&["--top", "2"]);
        let ids: Vec<&str> = doc["firms"].as_array().unwrap().iter().map(|f| f["firm"].as_str().unwrap()).collect();
        assert_eq!(ids, ["R1", "F1"]);
        for part in ["single_source", "chokepoints", "chains"] {
            assert_eq!(doc[part], all[part], "{part}");
        }
        let table = text(&["--chain", "battery", "--top", "1"]);
        assert!(table.starts_with("企业关键度: 停产将降低完整度的企业 6 家, 按影响排序 (前 1 家)\n"), "{table}");
        let first = table.lines().nth(3).unwrap();
        assert_eq!(first.split_whitespace().take(4).collect::<Vec<_>>(), ["1", "B1", "锂盐龙头", "电池链"], "{table}");
        assert_eq!(table.lines().nth(4), Some(""), "one firm, then the next part: {table}");
    }

    #[test]
    fn table_for_people() {
        insta::assert_snapshot!("risk_table", text(&[]));
    }

    #[test]
    fn csv_and_markdown_hold_every_part() {
        let csv = text(&["--format", "csv"]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(headers[..3], ["section", "rank", "chain"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let count = |section: &str| rows.iter().filter(|r| &r[0] == section).count();
        assert_eq!([count("firm"), count("single_source"), count("chokepoint"), count("chain")], [8, 7, 6, 4], "{csv}");
        let b3 = rows.iter().find(|r| &r[0] == "firm" && &r[4] == "B3").unwrap();
        assert_eq!((&b3[2], &b3[7], &b3[8], &b3[9]), ("battery;food", "food/process", "battery/cell", "food"));
        super::close(b3[6].parse().unwrap(), 6.25 + 50.0 / 3.0);

        let md = text(&["--format", "md"]);
        assert_eq!(md.matches("\n## ").count() + usize::from(md.starts_with("## ")), 4, "{md}");
        assert!(md.contains("| 4 | B3 | 电芯一厂 | 电池链、食品链 | 22.92 |"), "{md}");
    }

    #[test]
    fn unknown_chain_is_a_usage_error() {
        chainmap()
            .args(["risk", "tests/fixtures/risk", "--chain", "fod"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("unknown chain `fod`; did you mean `food` 食品链?"));
    }

    fn simulate(args: &[&str]) -> Value {
        let output = chainmap()
            .args(["simulate", "tests/fixtures/risk"])
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice(&output.stdout).unwrap()
    }

    #[test]
    fn simulate_halt_by_hand() {
        let sim = simulate(&["--halt", "B3,B1,B3"]);
        assert_eq!(keys(&sim), ["after", "before", "changed_links", "halt", "recruit"]);
        assert_eq!(strings(&sim["halt"]), ["B3", "B1"]);
        assert!(sim["recruit"].as_array().unwrap().is_empty());
        // battery: cell 0.5 + ore 0.5 + pack 0.5 + storage 0.5 of 8; food: farm 1 + brand 0.5 of 3.
        for (chain, before, after) in
            [("battery", 4.5 / 8.0, 2.0 / 8.0), ("blank", 0.0, 0.0), ("food", 2.0 / 3.0, 0.5), ("ring", 0.5, 0.5)]
        {
            super::close(sim["before"][chain].as_f64().unwrap(), before);
            super::close(sim["after"][chain].as_f64().unwrap(), after);
        }
        let changed: Vec<String> = sim["changed_links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{}/{} {}→{}",
                    c["chain"].as_str().unwrap(),
                    c["link"].as_str().unwrap(),
                    c["from"].as_str().unwrap(),
                    c["to"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(changed, ["battery/cell strong→weak", "battery/salt strong→missing", "food/process weak→missing"]);

        // The drop of one firm's halt is its impact in `risk`.
        let risk = json(&[]);
        for f in risk["firms"].as_array().unwrap() {
            let sim = simulate(&["--halt", f["firm"].as_str().unwrap()]);
            let drop: f64 = ["battery", "blank", "food", "ring"]
                .iter()
                .map(|c| (sim["before"][c].as_f64().unwrap() - sim["after"][c].as_f64().unwrap()) * 100.0)
                .sum();
            super::close(drop, f["impact"].as_f64().unwrap());
        }

        // A listed 锂盐 firm recruited while B1 halts keeps salt strong.
        let both = simulate(&["--halt", "B1", "--recruit", "C1"]);
        assert_eq!((strings(&both["halt"]), strings(&both["recruit"])), (vec!["B1"], vec!["C1"]));
        assert!(both["changed_links"].as_array().unwrap().is_empty());
        assert_eq!(both["before"], both["after"]);
    }

    #[test]
    fn simulate_halt_table_and_errors() {
        let output = chainmap().args(["simulate", "tests/fixtures/risk", "--halt", "R1"]).output().unwrap();
        let table = String::from_utf8(output.stdout).unwrap();
        assert!(table.contains("ring     环链    50.0%   0.0%  -50.0"), "{table}");
        assert!(table.contains("环链    x     甲    较强  缺失"), "{table}");
        chainmap()
            .args(["simulate", "tests/fixtures/risk", "--halt", "B1,NOPE,Q", "--recruit", "C1"])
            .assert()
            .code(2)
            .stderr("error: unknown firm id(s): NOPE, Q; use firm_id values from the firms table\n");
        chainmap()
            .args(["simulate", "tests/fixtures/risk", "--halt", " , "])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("nothing to simulate"));
    }

    #[test]
    fn second_source_fit_factor_on_targets() {
        let output = chainmap().args(["targets", "tests/fixtures/risk", "--format", "json"]).output().unwrap();
        let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
        let targets = doc["targets"].as_array().unwrap();
        let find = |id: &str| targets.iter().find(|t| t["candidate"] == id);
        // A lone leader's strong link is no gap: C1 is no target, signed or not.
        assert!(find("C1").is_none() && doc["signed"].as_array().unwrap().is_empty());
        let second = |id: &str| find(id).unwrap()["factors"]["second_source"].as_f64().unwrap();
        super::close(second("C2"), 0.5);
        super::close(second("C3"), 1.0);
        super::close(second("C4"), 0.0);
        // C3: 1000 万元 (size 1/3), nothing else but the second source:
        // fit = (25 × 1/3 + 10 × 1) / 110, the sum of the default weights.
        let c3 = find("C3").unwrap();
        let fit = (25.0 / 3.0 + 10.0) / 110.0;
        assert!((c3["factors"]["fit"].as_f64().unwrap() - fit).abs() < 5e-5);
        let priority = c3["fills"][0]["priority"].as_f64().unwrap();
        assert!((c3["score"].as_f64().unwrap() - priority * fit).abs() < 5e-4);
        // C4 is alike but fills no single source: its link's higher priority
        // does not make up for the factor.
        assert!(find("C4").unwrap()["fills"][0]["priority"].as_f64().unwrap() > priority);
        let ids: Vec<&str> = targets.iter().map(|t| t["candidate"].as_str().unwrap()).collect();
        assert_eq!(ids, ["C2", "C3", "C4"]);
        assert_eq!(strings(&c3["reasons"]), ["强链 电池包", "可为单一来源环节 电池包 增加第二来源"]);
        assert_eq!(strings(&find("C2").unwrap()["reasons"])[2], "可为单一来源环节 锂矿 增加第二来源");
        assert_eq!(strings(&find("C4").unwrap()["reasons"]), ["强链 品牌"]);
    }

    #[test]
    fn byte_identical_on_one_and_two_threads() {
        for dataset in ["tests/fixtures/risk", "chains"] {
            for format in ["table", "json", "csv", "md"] {
                let run = |threads: &str| {
                    chainmap()
                        .env("RAYON_NUM_THREADS", threads)
                        .args(["risk", dataset, "--format", format])
                        .output()
                        .unwrap()
                        .stdout
                };
                let one = run("1");
                assert!(!one.is_empty());
                assert_eq!(one, run("2"), "{dataset} {format}");
            }
        }
        let halt = |threads: &str| {
            let args = ["simulate", "--halt", "AK-P51,AK-P08", "--recruit", "C001", "--format", "json"];
            chainmap().env("RAYON_NUM_THREADS", threads).args(args).output().unwrap().stdout
        };
        let one = halt("1");
        assert!(String::from_utf8_lossy(&one).contains("\"AK-P51\""));
        assert_eq!(one, halt("2"), "simulate --halt");
    }
}
