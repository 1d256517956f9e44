#!/bin/sh
# 40-fuzzy.sh - the fuzzy index on a generated 1,000,000-unit TM, and
# Translate Toolkit's matcher on the same TM and queries at 100,000 units.
#
# Figures (explained in docs/performance.md): build time, index file size,
# warm open, lookup latency p50/p95/p99 over 1,000 mixed queries at
# --min 50 (and 75), queries/s with 1 and 2 threads, peak RSS, and the
# recall against a scan that scores every unit.  FUZZY_UNITS overrides the
# TM size.  The machine is shared: figures taken while others build are
# pessimistic.
set -u
bin=build/bench/fuzzy_bench
n=${FUZZY_UNITS:-1000000}
dir=${BENCH_DIR:-build/bench}
if [ ! -x "$bin" ]; then
  echo "fuzzy: $bin is missing (make bench builds it)"
  exit 1
fi
idx=$dir/fuzzy-$n.idx
"$bin" build "$n" "$idx" || exit 1
"$bin" search "$idx" "$n" 50 1000 50 || exit 1
"$bin" search "$idx" "$n" 75 1000 0 | grep -E 'min|p50|p95|p99|threads'
rm -f "$idx"

# Translate Toolkit (pot2po --tm's matcher) at 100,000 units.
if /usr/bin/python3 -c 'import translate.search.match' 2>/dev/null; then
  m=100000
  tsv=$dir/fuzzy-$m.tsv
  queries=$dir/fuzzy-$m-queries.txt
  [ -s "$tsv" ] || "$bin" gen "$m" "$tsv"
  "$bin" queries "$m" 100 "$queries"
  "$bin" build "$m" "$dir/fuzzy-$m.idx" >/dev/null
  for min in 75 50; do
    "$bin" time "$dir/fuzzy-$m.idx" "$queries" "$min"
    /usr/bin/python3 tests/bench/tt_match.py "$tsv" "$queries" "$min"
  done
  rm -f "$dir/fuzzy-$m.idx"
else
  echo "fuzzy: translate-toolkit not installed, no comparison"
fi
