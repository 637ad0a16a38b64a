#!/usr/bin/env bash
# Times `rfm score` on generated data against the DuckDB peer query, side by
# side: alternating runs, the median wall time and peak RSS of each, and the
# ratio. Usage:
#
#   bash .ci/bench.sh [ROWS] [CUSTOMERS] [RUNS]     # default 10000000 1000000 5
#
# The peer (../shared/bench, a DuckDB program) is built on first use and
# skipped when that folder is absent. Needs /usr/bin/time (Debian: time).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000000}
customers=${2:-1000000}
runs=${3:-5}
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"

go build -o "$work/rfm" ./cmd/rfm
go build -o "$work/rfmgen" ./cmd/rfmgen
data="$work/orders-$rows.csv"
[ -s "$data" ] || "$work/rfmgen" -rows "$rows" -customers "$customers" -seed 1 >"$data"
echo "input: $data ($(du -hL "$data" | cut -f1), $rows rows, $customers customers); $(nproc) cores"

peer=""
if [ -d ../shared/bench/duck ]; then
  peer="$(go env GOPATH)/bin/duckpeer"
  [ -x "$peer" ] || (cd ../shared/bench/duck && go install .)
fi

# measure NAME CMD...: one run; appends "wall_seconds peak_kb" to $work/NAME.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1
  cat "$work/t" >>"$work/$name"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

rm -f "$work/rfm.times" "$work/peer.times"
for i in $(seq "$runs"); do
  measure rfm.times "$work/rfm" score "$data" -o "$work/rfm.out.csv" -q
  [ -n "$peer" ] && measure peer.times "$peer" ../shared/bench/rfm_duckdb.sql "$data" "$work/peer.out.csv"
done

rw=$(cut -d' ' -f1 "$work/rfm.times" | median)
rm_=$(cut -d' ' -f2 "$work/rfm.times" | median)
printf 'rfm score:  median wall %.2f s, peak RSS %d MiB (%d runs)\n' "$rw" "$((${rm_%.*} / 1024))" "$runs"
if [ -n "$peer" ]; then
  pw=$(cut -d' ' -f1 "$work/peer.times" | median)
  pm=$(cut -d' ' -f2 "$work/peer.times" | median)
  printf 'DuckDB:     median wall %.2f s, peak RSS %d MiB\n' "$pw" "$((${pm%.*} / 1024))"
  awk -v a="$rw" -v b="$pw" 'BEGIN {printf "ratio rfm/DuckDB: %.3f\n", a/b}'
  if cmp -s "$work/rfm.out.csv" "$work/peer.out.csv"; then
    echo "outputs: byte-identical"
  else
    echo "outputs: DIFFER (the peer reads doubles; see ../shared/bench/README.md)"
  fi
fi
