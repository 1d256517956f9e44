# 20-tm.sh - the translation memory on a 1,000,000-unit TMX.
#
# The TMX is generated once (tests/bench/gen-tmx.sh) from the Tatoeba pairs
# in tm/ with systematic variation, and kept in $BENCH_DIR.  Figures:
#   read     open the TM (parse, NFC, store, index) and write nothing
#            (export --since a future date): seconds, MB/s, peak RSS;
#   import   tm import into a new TM: read + de-duplicate + save;
#   export   tm export of the whole TM: the writing part is the export's
#            time minus the read time, in MB/s of output;
#   lookup   the first tm lookup (builds the fuzzy index), then exact
#            lookups of 10,000 sources through the index.
# Targets (issue 3): read >= 60 MB/s, peak RSS <= 3x the TMX, export >=
# 60 MB/s.  Times are wall clock; CPU time (user + system) is printed
# beside them because on a shared machine the wall clock also counts the
# time other processes had the CPU.
set -eu
A=${ANUVAD:-build/anuvad}
N=${TM_BENCH_UNITS:-1000000}
big="$BENCH_DIR/tm-$N.tmx"
gen=tests/bench/gen-tmx.sh
if [ ! -s "$big" ] || [ "$gen" -nt "$big" ]; then
  echo "(generating $big)"
  sh "$gen" "$N" tm/tatoeba-hin-eng.tsv >"$big.tmp" && mv "$big.tmp" "$big"
fi
bytes=$(wc -c <"$big")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "tmx: $N units"
echo "tmx size: $mb MB"

. tests/bench/lib.sh
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? b / 1048576 / s : 0) }'; }
ratio() { awk -v k="$1" -v b="$bytes" 'BEGIN { printf "%.2f", k * 1024 / b }'; }

measure "$A" tm export --tm "$big" --since 2100-01-01 -o -
read_secs=$secs read_cpu=$cpu
echo "read: $secs s (cpu $cpu s)"
echo "read speed: $(rate "$bytes" "$secs") MB/s (target >= 60; $(rate "$bytes" "$cpu") MB/s of cpu time)"
echo "read peak RSS: $((kb / 1024)) MB = $(ratio "$kb") x the TMX (target <= 3)"

rm -f "$BENCH_DIR/imported.tmx" "$BENCH_DIR/imported.tmx".*
measure "$A" tm import --into "$BENCH_DIR/imported.tmx" "$big"
echo "import (read, dedupe, save): $secs s (cpu $cpu s), peak RSS $((kb / 1024)) MB"

measure "$A" tm export --tm "$big" -o "$BENCH_DIR/exported.tmx"
out_bytes=$(wc -c <"$BENCH_DIR/exported.tmx")
write_secs=$(awk -v a="$secs" -v b="$read_secs" 'BEGIN { d = a - b; printf "%.2f", (d > 0.01 ? d : 0.01) }')
write_cpu=$(awk -v a="$cpu" -v b="$read_cpu" 'BEGIN { d = a - b; printf "%.2f", (d > 0.01 ? d : 0.01) }')
echo "export: $secs s (of which writing $write_secs s; cpu $cpu s, writing $write_cpu s)"
echo "export speed: $(rate "$out_bytes" "$write_secs") MB/s (target >= 60; $(rate "$out_bytes" "$write_cpu") MB/s of cpu time)"

awk -F'\t' 'NR % 300 == 1 { print $1 }' tm/tatoeba-hin-eng.tsv |
  awk '{ for (i = 0; i < 1000; i++) print }' | head -n 10000 >"$BENCH_DIR/queries.txt"
# tm lookup reads the TMX only to build its index (first run); then it
# opens the index (section 40-fuzzy has the fuzzy figures).
rm -f "$big.idx"
measure "$A" tm lookup --tm "$big" --min 100 'नमस्ते।'
echo "first tm lookup (read the TMX, build the index): $secs s (cpu $cpu s), peak RSS $((kb / 1024)) MB (target <= 15 s, <= 600 MB)"
echo "index file: $(($(wc -c <"$big.idx") / 1000000)) MB = $(ratio "$(($(wc -c <"$big.idx") / 1024))") x the TMX (target <= 1)"
measure "$A" tm lookup --tm "$big" --min 100 <"$BENCH_DIR/queries.txt"
found=$(grep -c '^100%' "$BENCH_DIR/.out" || true)
echo "exact lookups: 10000 in $secs s with the index ($found matches)"
rm -f "$big.idx"
