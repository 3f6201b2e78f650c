//! The analysis on a generated dataset of moderate size (20 chains × 100
//! links, 200,000 firm rows, 100,000 candidate rows, 24 months of monthly
//! rows for its 160,000 firms), loaded once: gap analysis of every chain,
//! ranking every target, a plan of 50, firm criticality (halting every firm
//! in turn), and operations monitoring (the firms' figures alone, and the
//! whole of `monitor` with its warnings and their impacts).
//!
//! `cargo bench --bench analysis`. Province-scale whole-process figures are
//! in docs/performance.md.

use std::hint::black_box;

use chainmap::analysis::monitor::{Query, firm_figures, monitor};
use chainmap::analysis::recruit::plan;
use chainmap::analysis::risk::{Criticality, assess};
use chainmap::analysis::{TargetFilter, analyze, rank_targets, ranked_candidates};
use chainmap::load::load_dataset;
use chainmap::model::monthly::month_no;
use chainmap::synthetic::{Params, write_dataset};
use criterion::{Criterion, criterion_group, criterion_main};

const PARAMS: Params =
    Params { chains: 20, links: 100, firm_rows: 200_000, candidate_rows: 100_000, months: 24, seed: 1 };

fn analysis(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("dataset");
    write_dataset(&PARAMS, &dir).expect("generated");
    let dataset = load_dataset(&dir).expect("valid").dataset;
    let analyses = analyze(&dataset);
    let ranked = ranked_candidates(&dataset, &analyses, &TargetFilter::default());

    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    group.bench_function("gaps", |b| b.iter(|| black_box(analyze(&dataset).len())));
    group.bench_function("targets", |b| {
        b.iter(|| black_box(rank_targets(&dataset, &analyses, &TargetFilter::default()).targets.len()));
    });
    group.bench_function("plan: ranked candidates", |b| {
        b.iter(|| black_box(ranked_candidates(&dataset, &analyses, &TargetFilter::default()).len()));
    });
    group.bench_function("plan 50", |b| b.iter(|| black_box(plan(&dataset, &analyses, &ranked, 50, None).picks.len())));
    group.bench_function("criticality", |b| b.iter(|| black_box(Criticality::new(&dataset, &analyses).ranked().len())));
    group.bench_function("risk", |b| b.iter(|| black_box(assess(&dataset, &analyses).firms.len())));
    let (_, last) = dataset.monthly.span().expect("monthly rows");
    let period = month_no(last).expect("a written month");
    group.bench_function("monitor: firm figures", |b| b.iter(|| black_box(firm_figures(&dataset, period).len())));
    group.bench_function("monitor", |b| {
        b.iter(|| black_box(monitor(&dataset, &analyses, &Query::default()).expect("monthly data").warnings.len()));
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
