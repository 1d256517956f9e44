# lib.sh - what the benchmark sections share (sourced; bench/run only runs
# the NN-*.sh files).
#
# measure CMD...: run CMD with its output in $BENCH_DIR/.out and .err;
# sets $secs (wall clock), $cpu (user + system seconds) and $kb (peak RSS
# in KB).  A failing command is reported, not fatal: benchmarks report.
measure() {
  /usr/bin/time -f '%e %M %U %S' -o "$BENCH_DIR/.time" "$@" \
    >"$BENCH_DIR/.out" 2>"$BENCH_DIR/.err" ||
    echo "($1 failed: $(tail -n 2 "$BENCH_DIR/.err"))"
  secs=$(cut -d' ' -f1 "$BENCH_DIR/.time")
  kb=$(cut -d' ' -f2 "$BENCH_DIR/.time")
  cpu=$(awk '{ printf "%.2f", $3 + $4 }' "$BENCH_DIR/.time")
}

# bench_tm: sets $tmx to the 1,000,000-unit TM of the lookup bench
# (section 40: $BENCH_DIR/fuzzy-1000000.tmx, from tmgen.h), generating it
# only when section 40 did not run; with a fuzzy_bench too old to write
# TMX, section 20's TM (tm-1000000.tmx, Tatoeba variants) instead.
bench_tm() {
  tmx="$BENCH_DIR/fuzzy-1000000.tmx"
  if [ ! -s "$tmx" ] && build/bench/fuzzy_bench 2>&1 | grep -q '|tmx|'; then
    echo "(generating $tmx)"
    build/bench/fuzzy_bench tmx 1000000 "$tmx.tmp" && mv "$tmx.tmp" "$tmx"
  fi
  if [ ! -s "$tmx" ]; then
    tmx="$BENCH_DIR/tm-1000000.tmx"
    echo "(fuzzy_bench cannot write TMX: using section 20's TM, $tmx)"
    if [ ! -s "$tmx" ]; then
      sh tests/bench/gen-tmx.sh 1000000 tm/tatoeba-hin-eng.tsv >"$tmx.tmp"
      mv "$tmx.tmp" "$tmx"
    fi
  fi
}
