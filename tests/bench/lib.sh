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
