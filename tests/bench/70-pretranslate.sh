#!/bin/sh
# 70-pretranslate.sh - `anuvad pretranslate` of 10,000 segments against the
# 1,000,000-unit TM of section 20 ($BENCH_DIR/tm-1000000.tmx, made by
# gen-tmx.sh; generated here only if section 20 did not run), 2 jobs.
#
# The document mixes what a real job has: the 3,117 Tatoeba sentences the
# TM holds (100 %), a thousand of them without their first word (fuzzy)
# and news sentences from FLORES-200, WMT14 and NTREX that the
# conversational TM does not know (mostly no match), up to 10,000
# segments.  Lookups go down to 50 % (for the
# analysis bands and alt-trans), which is the expensive setting.
# Figures: segments/s with 2 jobs and with 1 (target >= 1,000 segments/s
# with 2), peak RSS, the first open of the TM (building its fuzzy index,
# once), and the analysis table of the job.  The machine is shared: times
# taken while others build are pessimistic; CPU time is printed beside.
set -eu
A=${ANUVAD:-build/anuvad}
N=1000000
big="$BENCH_DIR/tm-$N.tmx"
if [ ! -s "$big" ]; then
  echo "(generating $big)"
  sh tests/bench/gen-tmx.sh "$N" tm/tatoeba-hin-eng.tsv >"$big.tmp" && mv "$big.tmp" "$big"
fi
D=${ANUVAD_SHARED:-../shared}/data
doc="$BENCH_DIR/pretranslate-10k.hi.txt"
{
  awk -F'\t' '{ print $1 }' tm/tatoeba-hin-eng.tsv
  awk -F'\t' 'NR % 3 == 1 { n = split($1, w, " "); if (n < 4) next
                 s = w[2]; for (i = 3; i <= n; i++) s = s " " w[i]; print s }' tm/tatoeba-hin-eng.tsv
  cat "$D/flores200-devtest-hin-eng/hin_Deva.devtest" "$D/wmt14-newstest-hien/newsdev2014.hi"
  cat "$D/wmt14-newstest-hien/newstest2014.hi" "$D/ntrex128-hin-eng/newstest2019-ref.hin.txt"
} >"$doc.all"
# exactly 10,000 segments: cut the document after the line that holds the
# 10,000th segment, and that line after its 10,000th segment
"$A" segment --format tsv "$doc.all" |
  awk -F'\t' 'NR > 1 && NR <= 10001 { line = $3; seg = $4 } END { print line, seg }' >"$BENCH_DIR/.cut"
read -r line seg <"$BENCH_DIR/.cut"
head -n "$((line - 1))" "$doc.all" >"$doc"
sed -n "${line}p" "$doc.all" >"$BENCH_DIR/.last"
"$A" segment "$BENCH_DIR/.last" | head -n "$seg" | paste -sd ' ' >>"$doc"
rm -f "$doc.all"

. tests/bench/lib.sh

# the fuzzy index of the TM (built once, then mapped)
printf 'राम घर गया।\n' >"$BENCH_DIR/one.hi.txt"
measure "$A" analyze --tm "$big" "$BENCH_DIR/one.hi.txt"
echo "first open of the TM (builds its index if missing): $secs s, peak RSS $((kb / 1024)) MB"
measure "$A" analyze --tm "$big" "$BENCH_DIR/one.hi.txt"
echo "open with the index: $secs s"

for jobs in 2 1; do
  measure "$A" pretranslate --tm "$big" --jobs "$jobs" --force --report \
    -o "$BENCH_DIR/pretranslate-10k.xlf" "$doc"
  segs=$(grep -c '<trans-unit' "$BENCH_DIR/pretranslate-10k.xlf")
  rate=$(awk -v n="$segs" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  echo "pretranslate, $jobs job(s): $segs segments in $secs s = $rate segments/s (cpu $cpu s; target >= 1000 with 2 jobs)"
  echo "pretranslate, $jobs job(s): peak RSS $((kb / 1024)) MB"
  [ "$jobs" = 2 ] && cp "$BENCH_DIR/.out" "$BENCH_DIR/report.txt"
done
echo "project: $(wc -c <"$BENCH_DIR/pretranslate-10k.xlf") bytes; $(tail -n 1 "$BENCH_DIR/.err")"
sed -n '/match /,/total/p' "$BENCH_DIR/report.txt"
