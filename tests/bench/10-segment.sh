# 10-segment.sh - `anuvad segment` speed and memory on Hindi (target: at
# least 40 MB/s on one core and at most 2.5x the time of ICU's bare
# sentence break iterator in the same run, memory flat in the input size).
#
# Input: the Hindi sides of FLORES, NTREX, TICO-19 and WMT14 (2.6 MB, one
# paragraph per line) repeated to 52 MB, made once in $BENCH_DIR.  Peak
# RSS is measured on the full input and on a tenth of it: equal figures
# mean the segmenter streams.
set -u
D=${ANUVAD_SHARED:-../shared}/data
one=$BENCH_DIR/segment-hi-2.6mb.txt
big=$BENCH_DIR/segment-hi-52mb.txt
small=$BENCH_DIR/segment-hi-5mb.txt
if [ ! -s "$big" ]; then
  cat "$D/flores200-devtest-hin-eng/hin_Deva.devtest.paragraphs" \
      "$D/ntrex128-hin-eng/newstest2019-ref.hin.txt" \
      "$D/tico19-test-en-hi/tico19-test.hi" \
      "$D/wmt14-newstest-hien/newstest2014.hi" >"$one"
  : >"$big"; : >"$small"
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    cat "$one" >>"$big"
    [ "$i" -le 2 ] && cat "$one" >>"$small"
  done
fi

# run FILE LABEL ARGS...: print MB/s and peak RSS of one segment run.
run() {
  f=$1; label=$2; shift 2
  bytes=$(wc -c <"$f")
  /usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.out" \
    "$ANUVAD" segment "$@" "$f" >"$BENCH_DIR/segments.out" || return 1
  read -r secs rss_kb <"$BENCH_DIR/time.out"
  segs=$(grep -c . "$BENCH_DIR/segments.out")
  awk -v b="$bytes" -v s="$secs" -v r="$rss_kb" -v n="$segs" -v l="$label" 'BEGIN {
    if (s < 0.01) s = 0.01
    printf "%s-input: %.1f MB\n", l, b / 1e6
    printf "%s-segments: %d\n", l, n
    printf "%s-throughput: %.1f MB/s\n", l, b / 1e6 / s
    printf "%s-peak-rss: %.1f MB\n", l, r / 1024
  }'
}

run "$big" segment-hi --lang hi
run "$small" segment-hi-small --lang hi
run "$big" segment-hi-icu-only --lang hi --srx tests/data/icu-only.srx

# The peer: ICU's bare sentence break iterator (tests/bench/icu_break.c)
# on the same file, and anuvad, alternately five times each; the ratio is
# of the medians (times in milliseconds, from date: /usr/bin/time's 10 ms
# steps were 6 % of ICU's time).
ICU_BREAK=${ICU_BREAK:-build/bench/icu_break}
ms() { # ms CMD...: milliseconds the command takes, output dropped
  t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}
median() { sort -n | sed -n 3p; }
if [ -x "$ICU_BREAK" ]; then
  : >"$BENCH_DIR/icu.ms"; : >"$BENCH_DIR/anv.ms"
  for i in 1 2 3 4 5; do
    ms "$ICU_BREAK" hi "$big" >>"$BENCH_DIR/icu.ms"
    ms "$ANUVAD" segment --lang hi "$big" >>"$BENCH_DIR/anv.ms"
  done
  icu_ms=$(median <"$BENCH_DIR/icu.ms"); anv_ms=$(median <"$BENCH_DIR/anv.ms")
  awk -v b="$(wc -c <"$big")" -v i="$icu_ms" -v a="$anv_ms" 'BEGIN {
    if (i < 1) i = 1; if (a < 1) a = 1
    printf "segment-hi-throughput: %.1f MB/s, median of 5 (target >= 40)\n", b / 1e3 / a
    printf "icu-bare-break-throughput: %.1f MB/s, median of 5 (peer)\n", b / 1e3 / i
    printf "segment-hi-vs-icu-bare: %.2fx the time, %d / %d ms (target <= 2.5)\n", a / i, a, i
  }'
fi

# Loading another tool's big rule file (2772 rules): start-up cost.
printf 'Mr. Smith went home. He slept.\n' >"$BENCH_DIR/tiny.txt"
/usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.out" "$ANUVAD" segment --lang en \
  --srx "${ANUVAD_SHARED:-../shared}/data/srx-rules/omegat-defaultRules.srx" \
  "$BENCH_DIR/tiny.txt" >/dev/null
read -r secs rss_kb <"$BENCH_DIR/time.out"
echo "segment-omegat-srx-startup: $secs s"
