#!/bin/sh
# 40-fuzzy.sh - fuzzy lookups the way anuvad does them (a TMX file opened
# with the TM matcher, src/match/tm_matcher.h) on a generated 1,000,000-unit TM,
# and Translate Toolkit's matcher on the same TM and queries at 100,000
# units.
#
# Figures (explained in docs/performance.md): the TMX; cold open (read the
# TMX, build and save TM.tmx.idx) with its peak RSS; warm open (map the
# index); one lookup in a new process once the index was checked; lookup latency p50/p95/p99 over 1,000 mixed queries at --min 50
# (and 75), --max 5, with the diff of each match; queries/s with 1 and 2
# threads; peak RSS; recall against scoring every unit; confirming 1,000
# translations (journal) and the warm open that reads them back.
# FUZZY_UNITS overrides the TM size.  The machine is shared: the load
# average is printed, and figures taken while others build are
# pessimistic.
set -u
bin=build/bench/fuzzy_bench
n=${FUZZY_UNITS:-1000000}
dir=${BENCH_DIR:-build/bench}
if [ ! -x "$bin" ]; then
  echo "fuzzy: $bin is missing (make bench builds it)"
  exit 1
fi
echo "fuzzy load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
tmx=$dir/fuzzy-$n.tmx
if [ ! -s "$tmx" ] || [ tests/bench/tmgen.h -nt "$tmx" ]; then
  echo "(generating $tmx)"
  "$bin" tmx "$n" "$tmx.tmp" && mv "$tmx.tmp" "$tmx" || exit 1
fi
echo "fuzzy TMX: $n units, $(($(wc -c <"$tmx") / 1000000)) MB"
rm -f "$tmx.idx" "$tmx.journal" "$tmx.lock"
"$bin" tm-open "$tmx" || exit 1
echo "fuzzy index file: $(($(wc -c <"$tmx.idx") / 1000000)) MB, $(awk -v i="$(wc -c <"$tmx.idx")" -v t="$(wc -c <"$tmx")" 'BEGIN { printf "%.2f", i / t }') x the TMX (target <= 1)"
"$bin" tm-open "$tmx" | grep -v units
# One lookup in a new process, the way a script or an editor plugin asks:
# the index passed the whole check once (an index written in the last two
# seconds is not vouched for, src/match/fuzzy_file.c), so the process maps
# it and reads only the pages the search touches.  Median of 3.
sleep 2
"$bin" tm-open "$tmx" >/dev/null
A=${ANUVAD:-build/anuvad}
for i in 1 2 3; do
  /usr/bin/time -f '%e %M' "$A" tm lookup --tm "$tmx" 'मैं कल दिल्ली जाऊँगा।' \
    2>&1 >/dev/null | tail -1
done | sort -n | sed -n 2p | {
  read -r secs kb
  echo "fuzzy one lookup in a new process: $secs s, $((kb / 1024)) MB RSS (target <= 0.15 s, <= 150 MB)"
}
"$bin" tm-search "$tmx" "$n" 50 1000 50 || exit 1
"$bin" tm-search "$tmx" "$n" 75 1000 0 | grep -E 'min|p50|p95|p99|threads'
"$bin" tm-journal "$tmx" 1000
rm -f "$tmx.journal" "$tmx.idx" "$tmx.lock"
echo "fuzzy load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Translate Toolkit (pot2po --tm's matcher) at 100,000 units, against
# tm_lookup on the same units as TMX.
if /usr/bin/python3 -c 'import translate.search.match' 2>/dev/null; then
  m=100000
  tsv=$dir/fuzzy-$m.tsv
  small=$dir/fuzzy-$m.tmx
  queries=$dir/fuzzy-$m-queries.txt
  [ -s "$tsv" ] && [ "$tsv" -nt tests/bench/tmgen.h ] || "$bin" gen "$m" "$tsv"
  [ -s "$small" ] && [ "$small" -nt tests/bench/tmgen.h ] || "$bin" tmx "$m" "$small"
  "$bin" queries "$m" 100 "$queries"
  "$bin" tm-open "$small" >/dev/null
  for min in 75 50; do
    "$bin" tm-time "$small" "$queries" "$min"
    /usr/bin/python3 tests/bench/tt_match.py "$tsv" "$queries" "$min"
  done
  rm -f "$small.idx"
else
  echo "fuzzy: translate-toolkit not installed, no comparison"
fi
