#!/bin/sh
# 80-translate.sh - `anuvad translate`: from confirm to the next segment
# shown with its matches, with a 1,000,000-unit TM (target <= 50 ms).
#
# The TM is the lookup bench's (section 40, bench_tm in lib.sh); the
# projects are pre-translations against it: the 10,000-segment one
# section 70 writes, and one of its first 1,000 lines (made here).  A
# script confirms CONFIRMS segments in a row ("edit ..." + "confirm!": no
# spelling stop, but spelling is checked for every view) and --timings
# reports the median, p95 and maximum of confirm -> next segment drawn
# (project saved with fsync, TM journal fsynced, cursor moved, lookups in
# the 1M TM, spelling, numbers, the view written); the next segment is
# drawn while the project and the TM are written, so it also reports
# confirm -> saved (both writes on disk, the confirm acknowledged), and
# the medians of the save, the journal and the lookups.  Opening (the
# TM's lock, its index; a TM this big is never read whole: confirms go to
# its journal) until the first segment is shown is timed apart.  The TM's journal is removed afterwards, so the TM is
# as section 40 left it.  The machine is shared: the load average is
# printed; figures taken while others build are pessimistic.
set -eu
A=${ANUVAD:-build/anuvad}
CONFIRMS=${TRANSLATE_CONFIRMS:-200}
. tests/bench/lib.sh
echo "translate load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_tm
big="$BENCH_DIR/pretranslate-10k.xlf"
doc="$BENCH_DIR/pretranslate-10k.hi.txt"
if [ ! -s "$big" ] || [ ! -s "$doc" ]; then
  echo "translate: $big is missing (section 70 makes it)"
  exit 0
fi
head -n 1000 "$doc" >"$BENCH_DIR/translate-1k.hi.txt"
"$A" pretranslate --tm "$tmx" --force -o "$BENCH_DIR/translate-1k.xlf" \
  "$BENCH_DIR/translate-1k.hi.txt" >/dev/null 2>&1

i=0
: >"$BENCH_DIR/translate.script"
while [ "$i" -lt "$CONFIRMS" ]; do
  i=$((i + 1))
  printf 'edit Benchmark translation number %d.\nconfirm!\n' "$i" \
    >>"$BENCH_DIR/translate.script"
done

export XDG_CONFIG_HOME="$BENCH_DIR/config"
for size in 1k 10k; do
  project="$BENCH_DIR/translate-$size.xlf"
  [ "$size" = 10k ] && cp "$big" "$project"
  rm -f "$project.lock" "$tmx.journal"
  units=$(grep -c '<trans-unit' "$project")
  todo=$(grep -c '<trans-unit' "$project")
  todo=$((todo - $(grep -c 'approved="yes"' "$project")))
  measure "$A" translate "$project" --tm "$tmx" --timings \
    --script "$BENCH_DIR/translate.script"
  echo "translate $units-segment project ($todo to do), 1M TM opened for writing: $(sed -n 's/^timings: opened/opened/p' "$BENCH_DIR/.err"); peak RSS $((kb / 1024)) MB"
  echo "translate $units-segment project, $(sed -n 's/^timings: \([0-9]\)/\1/p' "$BENCH_DIR/.err")"
  echo "translate $units-segment project file: $(($(wc -c <"$project") / 1000)) kB; the whole run $secs s"
  rm -f "$tmx.journal"
done
# A big TM is never saved by translate, so its journal grows from one
# session to the next: 5,000 confirms already in it (a week or two of
# work), then the 1,241-segment project again, 25 confirms.
if [ -x build/bench/fuzzy_bench ]; then
  rm -f "$tmx.journal"
  build/bench/fuzzy_bench tm-journal "$tmx" 5000 >/dev/null 2>&1
  project="$BENCH_DIR/translate-1k.xlf"
  head -n 50 "$BENCH_DIR/translate.script" >"$BENCH_DIR/translate-25.script"
  "$A" pretranslate --tm "$tmx" --force -o "$project" \
    "$BENCH_DIR/translate-1k.hi.txt" >/dev/null 2>&1
  rm -f "$project.lock"
  measure "$A" translate "$project" --tm "$tmx" --timings \
    --script "$BENCH_DIR/translate-25.script"
  echo "translate with 5,000 confirms already in the TM's journal, $(sed -n 's/^timings: \([0-9]\)/\1/p' "$BENCH_DIR/.err")"
  rm -f "$tmx.journal"
fi
echo "translate target: confirm to next segment shown <= 50 ms (1M TM)"
echo "translate load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
