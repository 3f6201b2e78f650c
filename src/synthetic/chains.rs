//! Synthetic chains: links over the four stages, segments, a layered supply
//! graph from upstream to downstream with services on the side, and in some
//! chains a recycling edge that closes a loop.

use std::fmt::Write as _;

use rustc_hash::FxHashSet;

use super::rng::Rng;
use super::vocab::{ACTIVITIES, INDUSTRIES, POSITIONINGS, Product, TECHNOLOGIES};

/// What a link is meant to look like once firms are placed, so that an
/// analysis finds every kind of link status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// No firm at all: missing.
    Empty,
    /// Only halted firms: missing.
    HaltedOnly,
    /// Exactly one small active firm: weak.
    Sparse,
    /// Small and halted firms only: weak.
    WeakDense,
    /// Any firm, leaders included: usually strong.
    Open,
}

const STAGE_WORDS: [&str; 4] = ["upstream", "midstream", "downstream", "support"];
const STAGE_PREFIXES: [&str; 4] = ["up", "mid", "down", "svc"];

#[derive(Debug, Clone)]
pub struct LinkPlan {
    pub id: String,
    pub name: String,
    /// 0 upstream, 1 midstream, 2 downstream, 3 support.
    pub stage: usize,
    pub segment: Option<usize>,
    /// Weight in tenths: 5..=20 (0.5–2.0).
    pub weight_tenths: u64,
    pub technologies: Vec<&'static str>,
    pub profile: Profile,
    /// The product the link is about (Chinese).
    pub product: &'static str,
}

#[derive(Debug, Clone)]
pub struct ChainPlan {
    pub id: String,
    pub name: String,
    pub name_en: String,
    pub positioning: Option<&'static str>,
    /// Segment ids and their product.
    pub segments: Vec<(String, Product)>,
    pub links: Vec<LinkPlan>,
    pub edges: Vec<(usize, usize)>,
    /// Links adjacent through an edge, either way, per link.
    pub neighbours: Vec<Vec<usize>>,
}

/// How many links of each stage a chain of `n` links has.
fn stage_counts(n: usize) -> [usize; 4] {
    let support = n * 15 / 100;
    let production = n - support;
    let down = if production >= 3 { (production * 3 / 10).max(1) } else { 0 };
    let up = (production * 36 / 100).max(1).min(production - down);
    [up, production - up - down, down, support]
}

/// Plans chain number `k` (0-based) with `n` links.
#[must_use]
pub fn plan_chain(seed: u64, k: usize, n: usize) -> ChainPlan {
    let mut rng = Rng::new(seed, 0x1000 + k as u64);
    let (stem, zh, en, industry_products) = INDUSTRIES[k % INDUSTRIES.len()];
    let round = k / INDUSTRIES.len() + 1;
    let (id, name, name_en) = if round == 1 {
        (stem.to_owned(), format!("{zh}产业链"), en.to_owned())
    } else {
        (format!("{stem}-{round}"), format!("{zh}产业链（{round}）"), format!("{en} {round}"))
    };
    let positioning = rng.percent(70).then(|| *rng.pick(POSITIONINGS));

    // The chain's products: one per segment, or a pool when it has none.
    let counts = stage_counts(n);
    let production = n - counts[3];
    let segment_count = if production < 2 || rng.percent(15) { 0 } else { (2 + rng.below(4)).min(production) };
    let mut products: Vec<Product> = industry_products.to_vec();
    rng.shuffle(&mut products);
    let segment_count = segment_count.min(products.len());
    let segments: Vec<(String, Product)> =
        (0..segment_count).map(|s| (format!("seg-{}", s + 1), products[s])).collect();

    let mut links = Vec::with_capacity(n);
    let mut names = FxHashSet::default();
    for (stage, &count) in counts.iter().enumerate() {
        let offset = rng.below(segment_count.max(1));
        for j in 0..count {
            let segment = (stage < 3 && segment_count > 0).then(|| (j + offset) % segment_count);
            let product = segment.map_or_else(|| rng.pick(&products).0, |s| segments[s].1.0);
            let activity = rng.pick(ACTIVITIES[stage]);
            let base =
                if stage == 3 && rng.percent(60) { (*activity).to_owned() } else { format!("{product}{activity}") };
            let mut name = base.clone();
            let mut copy = 1;
            while !names.insert(name.clone()) {
                copy += 1;
                name = format!("{base}{copy}");
            }
            let weight_tenths = if rng.percent(40) { 10 } else { rng.range(5, 20) };
            let mut technologies = Vec::new();
            for _ in 0..rng.below(3) {
                let t = *rng.pick(TECHNOLOGIES);
                if !technologies.contains(&t) {
                    technologies.push(t);
                }
            }
            let profile = match rng.weighted(&[6, 4, 10, 20, 60]) {
                0 => Profile::Empty,
                1 => Profile::HaltedOnly,
                2 => Profile::Sparse,
                3 => Profile::WeakDense,
                _ => Profile::Open,
            };
            links.push(LinkPlan {
                id: format!("{}-{:03}", STAGE_PREFIXES[stage], j + 1),
                name,
                stage,
                segment,
                weight_tenths,
                technologies,
                profile,
                product,
            });
        }
    }
    if !links.iter().any(|l| l.profile == Profile::Open) {
        links[0].profile = Profile::Open;
    }
    let edges = plan_edges(&mut rng, &links);
    let mut neighbours = vec![Vec::new(); links.len()];
    for &(a, b) in &edges {
        neighbours[a].push(b);
        neighbours[b].push(a);
    }
    ChainPlan { id, name, name_en, positioning, segments, links, edges, neighbours }
}

/// The supply edges: upstream → midstream → downstream, within a segment
/// mostly, services into production, and a recycling loop in some chains.
fn plan_edges(rng: &mut Rng, links: &[LinkPlan]) -> Vec<(usize, usize)> {
    let by_stage: Vec<Vec<usize>> =
        (0..4).map(|s| (0..links.len()).filter(|&i| links[i].stage == s).collect()).collect();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut seen = FxHashSet::default();
    let mut add = |edges: &mut Vec<(usize, usize)>, from: usize, to: usize| {
        if from != to && seen.insert((from, to)) {
            edges.push((from, to));
        }
    };
    // A link of `pool`, in `segment` three times in four when one is.
    let pick = |rng: &mut Rng, pool: &[usize], segment: Option<usize>| -> usize {
        let same: Vec<usize> = pool.iter().copied().filter(|&i| links[i].segment == segment).collect();
        if !same.is_empty() && rng.percent(75) { *rng.pick(&same) } else { *rng.pick(pool) }
    };
    let [ups, mids, downs, services] = [&by_stage[0], &by_stage[1], &by_stage[2], &by_stage[3]];
    for (j, &u) in ups.iter().enumerate() {
        if j > 0 && rng.percent(15) {
            let from = pick(rng, &ups[..j], links[u].segment);
            add(&mut edges, from, u);
        }
    }
    for (j, &m) in mids.iter().enumerate() {
        if !ups.is_empty() {
            for _ in 0..rng.range(1, 2) {
                let from = pick(rng, ups, links[m].segment);
                add(&mut edges, from, m);
            }
        }
        if j > 0 && rng.percent(30) {
            let from = pick(rng, &mids[..j], links[m].segment);
            add(&mut edges, from, m);
        }
    }
    let feeders = if mids.is_empty() { ups } else { mids };
    for &d in downs {
        if !feeders.is_empty() {
            for _ in 0..rng.range(1, 2) {
                let from = pick(rng, feeders, links[d].segment);
                add(&mut edges, from, d);
            }
        }
    }
    // Every producing link supplies something further down when it can.
    for (stage, pool) in [(0, if mids.is_empty() { downs } else { mids }), (1, downs)] {
        if pool.is_empty() {
            continue;
        }
        for &i in &by_stage[stage] {
            if !edges.iter().any(|&(a, _)| a == i) {
                let to = pick(rng, pool, links[i].segment);
                add(&mut edges, i, to);
            }
        }
    }
    let served: Vec<usize> = mids.iter().chain(downs).copied().collect();
    if !served.is_empty() {
        for &s in services {
            for _ in 0..rng.range(1, 2) {
                add(&mut edges, s, *rng.pick(&served));
            }
        }
    }
    // Recycling: a downstream link feeds back to one of its own upstream
    // ancestors, which closes a loop.
    if !downs.is_empty() && rng.percent(30) {
        for _ in 0..rng.range(1, 2) {
            let start = *rng.pick(downs);
            let mut at = start;
            for _ in 0..8 {
                let preds: Vec<usize> = edges.iter().filter(|&&(_, b)| b == at).map(|&(a, _)| a).collect();
                if preds.is_empty() || links[at].stage == 0 {
                    break;
                }
                at = *rng.pick(&preds);
            }
            if links[at].stage == 0 {
                add(&mut edges, start, at);
            }
        }
    }
    edges
}

/// A JSON string literal.
pub fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The chain file, one segment, link or edge per line.
#[must_use]
pub fn chain_json(chain: &ChainPlan) -> String {
    let mut out = String::with_capacity(256 + chain.links.len() * 160);
    let field = |out: &mut String, key: &str, value: &str| {
        let _ = write!(out, "  \"{key}\": ");
        json_string(out, value);
        out.push_str(",\n");
    };
    out.push_str("{\n");
    field(&mut out, "id", &chain.id);
    field(&mut out, "name", &chain.name);
    field(&mut out, "name_en", &chain.name_en);
    if let Some(p) = chain.positioning {
        field(&mut out, "positioning", p);
    }
    out.push_str("  \"segments\": [");
    for (i, (id, (zh, en))) in chain.segments.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        let _ = write!(out, "{{\"id\": \"{id}\", \"name\": ");
        json_string(&mut out, zh);
        out.push_str(", \"name_en\": ");
        json_string(&mut out, en);
        out.push('}');
    }
    out.push_str(if chain.segments.is_empty() { "],\n" } else { "\n  ],\n" });
    out.push_str("  \"links\": [");
    for (i, link) in chain.links.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        let _ = write!(out, "{{\"id\": \"{}\", \"name\": ", link.id);
        json_string(&mut out, &link.name);
        let _ = write!(out, ", \"stage\": \"{}\"", STAGE_WORDS[link.stage]);
        if let Some(s) = link.segment {
            let _ = write!(out, ", \"segment\": \"{}\"", chain.segments[s].0);
        }
        let _ =
            write!(out, ", \"weight\": {}.{}, \"technologies\": [", link.weight_tenths / 10, link.weight_tenths % 10);
        for (t, tech) in link.technologies.iter().enumerate() {
            if t > 0 {
                out.push_str(", ");
            }
            json_string(&mut out, tech);
        }
        out.push_str("]}");
    }
    out.push_str("\n  ],\n  \"edges\": [");
    for (i, &(a, b)) in chain.edges.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        let _ = write!(out, "{{\"from\": \"{}\", \"to\": \"{}\"}}", chain.links[a].id, chain.links[b].id);
    }
    out.push_str(if chain.edges.is_empty() { "]\n}\n" } else { "\n  ]\n}\n" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up() {
        for n in 1..300 {
            let counts = stage_counts(n);
            assert_eq!(counts.iter().sum::<usize>(), n, "{n}");
            if n >= 3 {
                assert!(counts[0] > 0 && counts[1] > 0 && counts[2] > 0, "{n}: {counts:?}");
            }
        }
    }

    #[test]
    fn edges_have_no_self_loops_or_repeats() {
        for k in 0..40 {
            let chain = plan_chain(3, k, 5 + k * 7);
            let mut seen = FxHashSet::default();
            for &(a, b) in &chain.edges {
                assert_ne!(a, b);
                assert!(seen.insert((a, b)));
            }
            let names: FxHashSet<&str> = chain.links.iter().map(|l| l.name.as_str()).collect();
            assert_eq!(names.len(), chain.links.len());
        }
    }
}
