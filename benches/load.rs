//! Loading a generated dataset of moderate size: 20 chains × 100 links,
//! 200,000 firm rows and 100,000 candidate rows (about 36 MB), generated
//! into a temporary directory when the benchmark starts.
//!
//! `load/parallel, GBK` loads the same tables saved in GBK, as Excel on a
//! Chinese Windows saves CSV.
//!
//! `load for …` loads what each command reads (`Needs`) of the same dataset
//! with six months of monthly figures: the hot path of `gaps`, `targets`,
//! `risk` and `monitor` before their analysis, which `benches/analysis.rs`
//! measures.
//!
//! `cargo bench --features bench --bench load`. Province-scale whole-process
//! figures are in docs/performance.md.

use std::hint::black_box;
use std::path::Path;

use chainmap::load::{Needs, NoProgress, Reading, load_dataset_needs, load_dataset_reading};
use chainmap::synthetic::{Params, write_dataset};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PARAMS: Params =
    Params { chains: 20, links: 100, firm_rows: 200_000, candidate_rows: 100_000, months: 0, seed: 1 };

fn dataset_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum()
}

/// A copy of the dataset in `dir` with its tables in GBK, as Excel saves
/// CSV on a Chinese Windows.
fn saved_as_gbk(dir: &Path, to: &Path) {
    std::fs::create_dir(to).expect("created");
    for entry in std::fs::read_dir(dir).expect("listed") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let bytes = if path.extension().is_some_and(|e| e == "csv") {
            encoding_rs::GBK.encode(std::str::from_utf8(&bytes).expect("UTF-8")).0.into_owned()
        } else {
            bytes
        };
        std::fs::write(to.join(path.file_name().expect("named")), bytes).expect("written");
    }
}

fn load(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("dataset");
    write_dataset(&PARAMS, &dir).expect("generated");
    let gbk = temp.path().join("gbk");
    saved_as_gbk(&dir, &gbk);
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(dataset_bytes(&dir)));
    for (name, dir, reading) in [
        ("parallel", &dir, Reading::Parallel),
        ("parallel, GBK", &gbk, Reading::Parallel),
        ("row_by_row", &dir, Reading::RowByRow),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let loaded = load_dataset_reading(dir, reading, &NoProgress).expect("valid");
                black_box(loaded.dataset.firms.len())
            });
        });
    }
    group.finish();
}

fn load_for_command(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = temp.path().join("dataset");
    write_dataset(&Params { months: 6, ..PARAMS }, &dir).expect("generated");
    let mut group = c.benchmark_group("load for");
    group.sample_size(10);
    let commands = [
        ("gaps", Needs::FIRMS),
        ("targets", Needs::FIRMS.candidates()),
        ("risk", Needs::FIRMS.problems()),
        ("monitor", Needs::FIRMS.monthly()),
        ("validate", Needs::ALL),
    ];
    for (name, needs) in commands {
        group.bench_function(name, |b| {
            b.iter(|| {
                let loaded = load_dataset_needs(&dir, needs, Reading::Parallel, &NoProgress).expect("valid");
                black_box(loaded.dataset.firms.len())
            });
        });
    }
    group.finish();
}

fn generate(c: &mut Criterion) {
    let mut group = c.benchmark_group("gen");
    group.sample_size(10);
    group.bench_function("20x100, 200k firm rows, 100k candidate rows", |b| {
        b.iter(|| {
            let temp = tempfile::tempdir().expect("temp dir");
            write_dataset(&PARAMS, &temp.path().join("dataset")).expect("generated")
        });
    });
    group.finish();
}

criterion_group!(benches, load, load_for_command, generate);
criterion_main!(benches);
