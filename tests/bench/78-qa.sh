#!/bin/sh
# 78-qa.sh - `anuvad qa` on a project of 10,000+ units, with spelling on
# and off.  The project: the Hindi of NTREX-128, WMT14 newstest2014 and
# FLORES-200 devtest twice over (about 11,000 segments), pre-translated
# with a TM of their own reference translations, so every segment has a
# real English target.  Target: under a second, medians of 3 runs.
set -eu
A=${ANUVAD:-build/anuvad}
. tests/bench/lib.sh
SH=${ANUVAD_SHARED:-../shared}
echo "qa load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
p="$BENCH_DIR/qa-10k.xlf"
if [ ! -s "$p" ]; then
  paste "$SH/data/ntrex128-hin-eng/newstest2019-ref.hin.txt" \
        "$SH/data/ntrex128-hin-eng/newstest2019-src.eng.txt" >"$BENCH_DIR/qa.tsv"
  paste "$SH/data/wmt14-newstest-hien/newstest2014.hi" \
        "$SH/data/wmt14-newstest-hien/newstest2014.en" >>"$BENCH_DIR/qa.tsv"
  paste "$SH/data/flores200-devtest-hin-eng/hin_Deva.devtest" \
        "$SH/data/flores200-devtest-hin-eng/eng_Latn.devtest" >>"$BENCH_DIR/qa.tsv"
  rm -f "$BENCH_DIR/qa.tmx" "$BENCH_DIR"/qa.tmx.*
  "$A" tm import --into "$BENCH_DIR/qa.tmx" "$BENCH_DIR/qa.tsv" >/dev/null 2>&1
  cut -f1 "$BENCH_DIR/qa.tsv" >"$BENCH_DIR/qa.hi.txt"
  cut -f1 "$BENCH_DIR/qa.tsv" >>"$BENCH_DIR/qa.hi.txt"
  "$A" pretranslate --tm "$BENCH_DIR/qa.tmx" --force -o "$p" \
    "$BENCH_DIR/qa.hi.txt" >/dev/null 2>&1
fi
units=$(grep -c '<trans-unit' "$p")
for mode in spelling no-spelling; do
  times=""
  for run in 1 2 3; do
    # (qa exits 1 when it finds something: the shell's status is the
    # run's, so `measure` sees no failure)
    if [ "$mode" = spelling ]; then
      measure sh -c '"$0" qa --json "$1" >/dev/null; exit 0' "$A" "$p"
    else
      measure sh -c '"$0" qa --no-spelling --json "$1" >/dev/null; exit 0' "$A" "$p"
    fi
    times="$times $secs"
  done
  med=$(printf '%s\n' $times | sort -n | sed -n 2p)
  echo "qa $mode: $units units, median $med s of 3 (runs:$times), peak RSS $((kb / 1024)) MB (target < 1 s)"
done
echo "qa load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
