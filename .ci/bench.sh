#!/usr/bin/env bash
# Times `rfm score` on generated data against the peers of ../shared/bench
# (a DuckDB query and a Polars script computing the same run), side by
# side: alternating runs, then for each program the median wall time, CPU
# time (user + sys) and peak RSS, rfm's CPU per row, and the ratio of rfm's
# median wall time to each peer's. Usage:
#
#   bash .ci/bench.sh [ROWS] [CUSTOMERS] [RUNS]     # default 10000000 1000000 5
#
# A peer is skipped when its folder is absent (and Polars when node is):
# the DuckDB peer is built on first use (go install; minutes), Polars is
# installed with npm into $POLARS_DIR (default ~/.cache/rfm-bench/polars).
# BENCH_DIR keeps the binaries, the data and the outputs (default: a new
# temporary folder, removed at the end); RFM_BIN times that rfm binary
# instead of building one; BENCH_PEERS lists the peers to run (default
# "duckdb polars"; empty for none). Needs /usr/bin/time (Debian: time).
# The README's 100M-row run (6.4 GB of data, not part of CI) is
# BENCH_PEERS= bash .ci/bench.sh 100000000 10000000 1
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
customers=${2:-1000000}
runs=${3:-5}
peers=${BENCH_PEERS-duckdb polars}
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
bench=../shared/bench

if [ -n "${RFM_BIN:-}" ]; then
  cp "$RFM_BIN" "$work/rfm"
else
  go build -o "$work/rfm" ./cmd/rfm
fi
go build -o "$work/rfmgen" ./cmd/rfmgen
data="$work/orders-$rows.csv"
[ -s "$data" ] || "$work/rfmgen" -rows "$rows" -customers "$customers" -seed 1 >"$data"
echo "input: $data ($(du -hL "$data" | cut -f1), $rows rows, $customers customers); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

duck=""
if [ -d "$bench/duck" ] && [[ " $peers " == *" duckdb "* ]]; then
  duck="$(go env GOPATH)/bin/duckpeer"
  [ -x "$duck" ] || (cd "$bench/duck" && go install .)
fi
polars=""
if [ -f "$bench/polars/rfm_polars.js" ] && command -v node >/dev/null && [[ " $peers " == *" polars "* ]]; then
  nm=$(bash "$bench/polars/install.sh" "${POLARS_DIR:-$HOME/.cache/rfm-bench/polars}" 2>/dev/null | tail -1)
  [ -d "$nm" ] && polars="$nm"
fi

# measure NAME CMD...: one run; appends "wall_s cpu_s peak_kb" to $work/NAME.times.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>&1
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/t" >>"$work/$name.times"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
col() { cut -d' ' -f"$2" "$work/$1.times" | median; }

rm -f "$work"/*.times
for i in $(seq "$runs"); do
  measure rfm "$work/rfm" score "$data" -o "$work/rfm.out.csv" -q
  if [ -n "$duck" ]; then
    measure duckdb "$duck" "$bench/rfm_duckdb.sql" "$data" "$work/duckdb.out.csv"
  fi
  if [ -n "$polars" ]; then
    measure polars env NODE_PATH="$polars" node "$bench/polars/rfm_polars.js" "$data" "$work/polars.out.csv"
  fi
done

report() { # NAME LABEL
  printf '%-8s median wall %6.2f s, CPU %6.2f s, peak RSS %5d MiB (%d runs)\n' "$2" "$(col "$1" 1)" "$(col "$1" 2)" "$(($(col "$1" 3 | cut -d. -f1) / 1024))" "$runs"
}
report rfm "rfm:"
awk -v c="$(col rfm 2)" -v n="$rows" 'BEGIN {printf "rfm CPU per row: %.0f ns\n", c * 1e9 / n}'
for peer in duckdb polars; do
  [ -s "$work/$peer.times" ] || { echo "$peer: skipped (no peer)"; continue; }
  label=DuckDB; [ "$peer" = polars ] && label=Polars
  report "$peer" "$label:"
  awk -v a="$(col rfm 1)" -v b="$(col "$peer" 1)" -v l="$label" 'BEGIN {printf "ratio rfm/%s (wall): %.3f\n", l, a/b}'
  if cmp -s "$work/rfm.out.csv" "$work/$peer.out.csv"; then
    echo "$label output: byte-identical"
  else
    echo "$label output: DIFFERS (the DuckDB peer reads doubles; see $bench/README.md)"
  fi
done

# BENCH_WRITES=1 also times, on the same data, what issue 19 measures
# against writing the customer CSV: rfm score without -o (the CSV's cost is
# the difference from the runs above), --split-by segment, and rfm diff of
# the customer file and the same data scored 92 days earlier; alternating
# runs, medians.
if [ -n "${BENCH_WRITES:-}" ]; then
  "$work/rfm" score "$data" -o "$work/new.csv" -q
  asof=$(sed -n 's/.*"as_of": "\([0-9-]*\)".*/\1/p' "$work/new.csv.rfm.json")
  "$work/rfm" score "$data" --as-of "$(date -u -d "$asof - 92 days" +%F)" -o "$work/old.csv" -q
  rm -f "$work"/nocsv.times "$work"/split.times "$work"/diff.times
  for i in $(seq "$runs"); do
    measure nocsv "$work/rfm" score "$data" -q
    measure split "$work/rfm" score "$data" --split-by segment -o "$work/split/" -q
    measure diff "$work/rfm" diff "$work/old.csv" "$work/new.csv" -o "$work/moves.csv" -q
  done
  report nocsv "no -o:"
  report split "split:"
  report diff "diff:"
  awk -v a="$(col rfm 1)" -v b="$(col nocsv 1)" -v s="$(col split 1)" -v d="$(col diff 1)" 'BEGIN {
    w = a - b; printf "writing the customer CSV: %.2f s (wall, -o FILE.csv minus no -o)\n", w
    if (w > 0) printf "split / CSV writing: %.2f; diff / CSV writing: %.2f (issue 19: at most 1.5)\n", (s - b) / w, d / w }'
fi
