#!/usr/bin/env bash
# Builds the binary to install (`--profile dist`) with profile-guided
# optimisation: an instrumented build runs chainmap's own commands on a
# generated training dataset (not the benchmark's), and the counts it
# leaves guide the final build's inlining, block layout and branch order.
# docs/performance.md (step 23) has what it gains.
#
#     scripts/dist-pgo.sh            # writes target/pgo/dist/chainmap
#
# Needs llvm-profdata of the LLVM that rustc uses (`rustc -vV`): from
# `rustup component add llvm-tools`, or Debian's `llvm-NN` package; set
# LLVM_PROFDATA to choose one.
set -euo pipefail
cd "$(dirname "$0")/.."

llvm=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
[[ -n "$llvm" ]] || { echo "error: rustc -vV names no LLVM version" >&2; exit 1; }

# The merged profile must be written by the LLVM that reads it back.
major_of() { "$1" --version 2>/dev/null | sed -n 's/.*LLVM version \([0-9]*\).*/\1/p' | head -n 1; }
profdata=""
for candidate in ${LLVM_PROFDATA:-} "$(rustc --print sysroot)"/lib/rustlib/*/bin/llvm-profdata \
    "llvm-profdata-$llvm" "/usr/lib/llvm-$llvm/bin/llvm-profdata" llvm-profdata; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if [[ "$(major_of "$path")" == "$llvm" ]]; then
    profdata=$path
    break
  fi
done
if [[ -z "$profdata" ]]; then
  echo "error: no llvm-profdata of LLVM $llvm (rustc's) found" >&2
  echo "hint: rustup component add llvm-tools, or apt-get install llvm-$llvm, or set LLVM_PROFDATA" >&2
  exit 1
fi
echo "== llvm-profdata: $profdata (LLVM $llvm)"

work=target/pgo/work
rm -rf "$work"
mkdir -p "$work/profiles"
profiles=$(cd "$work/profiles" && pwd)

echo "== instrumented build"
RUSTFLAGS="${RUSTFLAGS:-} -Cprofile-generate=$profiles" \
  cargo build --locked --profile dist --target-dir target/pgo/generate
trained=target/pgo/generate/dist/chainmap

echo "== training runs"
# Smaller than the province and another seed: the profile says which
# paths are hot, which does not depend on the benchmark's own rows.
"$trained" gen --chains 20 --links 200 --firms 300000 --candidates 150000 --months 6 \
  --seed 7 -o "$work/train" >/dev/null
data="$work/train"
for args in "gaps" "gaps --format json" "chains" "targets --top 20" "targets --top 20 --format json" \
    "plan --budget 50" "plan --budget 50 --format json" "risk --format json" "monitor" \
    "monitor --format json" "validate --format json"; do
  # shellcheck disable=SC2086 # the arguments are split on purpose
  "$trained" $args "$data" >/dev/null
done
# The report draws maps with Graphviz; without it the run stops early and
# the profile goes on with what it counted up to there.
"$trained" report chains -o "$work/report" --force >/dev/null 2>"$work/report.log" \
  || echo "note: the report's training run failed ($work/report.log); its maps are not in the profile" >&2

echo "== merge"
"$profdata" merge -o "$work/merged.profdata" "$profiles"

echo "== optimised build"
RUSTFLAGS="${RUSTFLAGS:-} -Cprofile-use=$(pwd)/$work/merged.profdata" \
  cargo build --locked --profile dist --target-dir target/pgo
built=target/pgo/dist/chainmap

# The profile changes how the code is laid out, never what it computes.
cmp <("$trained" gaps "$data" --format json) <("$built" gaps "$data" --format json)
cmp <("$trained" targets "$data" --top 20 --format json) <("$built" targets "$data" --top 20 --format json)
echo "== $built"
