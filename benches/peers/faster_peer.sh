#!/usr/bin/env bash
# `gaps` against the faster of polars and DuckDB, round by round: each
# round runs chainmap, the polars script and the DuckDB script in turn and
# divides chainmap's wall time by the faster peer's of that round (issue 14
# asks for the faster of the two). One warm-up round; then one line a round
# and the median ratio.
#
#   benches/peers/faster_peer.sh target/pgo/dist/chainmap /tmp/province 11
#
# (target/pgo/dist/chainmap is what scripts/dist-pgo.sh builds.)
set -euo pipefail
chainmap=${1:?the chainmap binary}
dataset=${2:?the dataset directory}
rounds=${3:-11}
here=$(dirname "$0")

wall_us() {
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000))
}

ratios=()
for round in $(seq 0 "$rounds"); do
    a=$(wall_us "$chainmap" gaps "$dataset" --format json)
    p=$(wall_us python3 "$here/polars_gaps.py" "$dataset")
    d=$(wall_us python3 "$here/duckdb_gaps.py" "$dataset")
    [ "$round" -eq 0 ] && continue
    faster=$((p < d ? p : d))
    ratio=$(python3 -c "print(f'{$a / $faster:.4f}')")
    ratios+=("$ratio")
    python3 -c "print(f'chainmap {$a/1e6:.3f} s  polars {$p/1e6:.3f} s  DuckDB {$d/1e6:.3f} s  ratio $ratio')"
done
python3 -c "import statistics, sys; r = [float(x) for x in sys.argv[1:]]; print(f'median {statistics.median(r):.4f} (min {min(r):.4f}, max {max(r):.4f}, {len(r)} rounds)')" "${ratios[@]}"
