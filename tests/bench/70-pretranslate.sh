#!/bin/sh
# 70-pretranslate.sh - `anuvad pretranslate` of 10,000 segments against a
# 1,000,000-unit TM, with 2 jobs and with 1.
#
# The TM is the lookup bench's (section 40): $BENCH_DIR/fuzzy-1000000.tmx,
# made by `fuzzy_bench tmx` from tmgen.h (FLORES, NTREX, Tatoeba, TICO-19
# and WMT14 pairs in systematic variants), generated here only when
# section 40 did not run.  The document is tmgen's mixed queries (a TM
# unit's source, an edited, reordered or truncated sentence, a sentence
# the TM does not hold), one a line, cut at exactly 10,000 segments.
# Section 40 removes the TM's index when it is done, so the first open here
# builds it again: its time and memory are printed apart.  With a
# fuzzy_bench too old to write TMX, section 20's TM (tm-1000000.tmx,
# Tatoeba variants) is used instead, and the output says so.
#
# Lookups go down to 50 % (for the analysis bands and alt-trans), the
# expensive setting.  Figures: segments/s (target >= 3,000 with 2 jobs,
# peak RSS <= 300 MB: issue 19),
# CPU time, peak RSS, the analysis table.  The machine is shared: the load
# average is printed; figures taken while others build are pessimistic.
set -eu
A=${ANUVAD:-build/anuvad}
bin=build/bench/fuzzy_bench
N=1000000
. tests/bench/lib.sh
echo "pretranslate load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

bench_tm

# the document: exactly 10,000 segments of mixed queries
doc="$BENCH_DIR/pretranslate-10k.hi.txt"
"$bin" queries "$N" 9000 "$doc.all"
"$A" segment --format tsv "$doc.all" |
  awk -F'\t' 'NR > 1 && NR <= 10001 { line = $3; seg = $4 } END { print line, seg }' >"$BENCH_DIR/.cut"
read -r line seg <"$BENCH_DIR/.cut"
head -n "$((line - 1))" "$doc.all" >"$doc"
sed -n "${line}p" "$doc.all" >"$BENCH_DIR/.last"
"$A" segment "$BENCH_DIR/.last" | head -n "$seg" | paste -sd ' ' >>"$doc"
rm -f "$doc.all"

printf 'राम घर गया।\n' >"$BENCH_DIR/one.hi.txt"
measure "$A" analyze --tm "$tmx" "$BENCH_DIR/one.hi.txt"
echo "pretranslate TM: $(basename "$tmx"), first open (builds the index when missing): $secs s, peak RSS $((kb / 1024)) MB"
measure "$A" analyze --tm "$tmx" "$BENCH_DIR/one.hi.txt"
echo "pretranslate TM open with its index: $secs s, peak RSS $((kb / 1024)) MB"

for jobs in 2 1; do
  measure "$A" pretranslate --tm "$tmx" --jobs "$jobs" --force --report \
    -o "$BENCH_DIR/pretranslate-10k.xlf" "$doc"
  segs=$(grep -c '<trans-unit' "$BENCH_DIR/pretranslate-10k.xlf")
  rate=$(awk -v n="$segs" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  echo "pretranslate $jobs job(s): $segs segments in $secs s = $rate segments/s (cpu $cpu s)"
  echo "pretranslate $jobs job(s): peak RSS $((kb / 1024)) MB"
  [ "$jobs" = 2 ] && cp "$BENCH_DIR/.out" "$BENCH_DIR/report.txt"
done
echo "pretranslate target: >= 3000 segments/s with 2 jobs, peak RSS <= 300 MB"
echo "pretranslate project: $(($(wc -c <"$BENCH_DIR/pretranslate-10k.xlf") / 1000)) kB; $(tail -n 1 "$BENCH_DIR/.err")"
sed -n '/match /,/total/p' "$BENCH_DIR/report.txt"
echo "pretranslate load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
