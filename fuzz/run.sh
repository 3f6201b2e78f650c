#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600) after seeding the
# corpora; prints libFuzzer's last status line (execs, coverage) per target.
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
python3 seed.py
cargo +nightly fuzz build -O
export LSAN_OPTIONS="suppressions=$PWD/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# Inputs that once failed are run first, each once.
for dir in regressions/*/; do
  target=$(basename "$dir")
  cargo +nightly fuzz run -O "$target" "$dir"* -- -runs=1 >/dev/null 2>&1 \
    || { echo "error: $target fails on a regression input in fuzz/$dir"; exit 1; }
done
for target in chain_json region_json table_csv table_xlsx table_json dataset; do
  mkdir -p "corpus/$target"
  log="artifacts/$target.log"
  mkdir -p artifacts
  echo "== $target: ${seconds}s"
  cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -timeout=20 -print_final_stats=1 \
    >"$log" 2>&1 || { tail -40 "$log"; echo "error: $target found a crash (input in fuzz/artifacts/$target/)"; exit 1; }
  grep -E '^#[0-9]+ +DONE|^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | tail -3
  grep -E 'cov: [0-9]+' "$log" | tail -1
done
