# 90-team-tm.sh - a team TM in PostgreSQL beside a file TM (issue 18).
#
# On a throwaway cluster (tests/pg_cluster.inc, Unix socket only):
#   - import of TEAM_TM_UNITS units (default 1,000,000, section 20's
#     generated TMX) into PostgreSQL, and the first sync of a machine's
#     local copy (what a new translator waits for once);
#   - 8 simulated translators at once, each confirming TEAM_TM_CONFIRMS
#     segments (default 200) with `tm add` and looking one up with
#     `tm lookup` after each: confirm and lookup latency p50/p99 (whole
#     CLI runs: connect, sync, work), and how long until a unit confirmed
#     by translator 1 is seen by a lookup of translator 2 (p50/p99),
#     against PostgreSQL and against one shared file TM (--wait).
# Figures are "name: value unit (target)" lines; they go to
# docs/performance.md.
set -u
. tests/bench/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/anuvad-bench.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
. tests/pg_cluster.inc
pg_start || { echo "(cannot start PostgreSQL)"; exit 0; }
ANUVAD=${ANUVAD:-build/anuvad}
N=${TEAM_TM_UNITS:-1000000}
C=${TEAM_TM_CONFIRMS:-200}
export XDG_CACHE_HOME="$T/cache"

tmx="$BENCH_DIR/tm-$N.tmx"
if [ ! -s "$tmx" ]; then
  sh tests/bench/gen-tmx.sh "$N" tm/tatoeba-hin-eng.tsv >"$tmx.tmp" && mv "$tmx.tmp" "$tmx"
fi
psql_q "CREATE DATABASE big" >/dev/null
BIG="postgresql://anv@/big?host=$PGSOCK"
measure "$ANUVAD" tm import --into "$BIG" "$tmx"
echo "pg import $N units: $secs s, peak RSS $((kb / 1024)) MB (target: once, minutes)"
rows=$("$PGBIN/psql" -X -A -t -h "$PGSOCK" -U anv -d big -c "SELECT count(*) FROM anv_units")
echo "pg rows after import: $rows"
XDG_CACHE_HOME="$T/fresh" measure "$ANUVAD" tm stats --tm "$BIG"
echo "pg first sync of a machine's copy ($N units): $secs s"
XDG_CACHE_HOME="$T/fresh" measure "$ANUVAD" tm lookup --tm "$BIG" "टॉम मैरी का जेठ है।"
echo "pg lookup, copy up to date (first: builds the index): $secs s"
XDG_CACHE_HOME="$T/fresh" measure "$ANUVAD" tm lookup --tm "$BIG" "टॉम मैरी का जेठ है।"
echo "pg lookup, copy up to date, index built: $secs s (target: <= 1 s)"

now_ms() { date +%s%3N; }

# translator W TM: C confirms, a lookup after each; latencies in ms.
translator() {
  w=$1; tm=$2
  export XDG_CACHE_HOME="$T/cache-$w"
  i=1
  while [ "$i" -le "$C" ]; do
    t0=$(now_ms)
    "$ANUVAD" tm add --wait --tm "$tm" "अनुवादक $w वाक्य $i है।" "translator $w sentence $i" >/dev/null 2>>"$T/err"
    t1=$(now_ms)
    echo "$((t1 - t0))" >>"$T/confirm.$w"
    [ "$w" = 1 ] && echo "$i $t1" >>"$T/committed"
    "$ANUVAD" tm lookup --tm "$tm" "अनुवादक 1 वाक्य $i है।" >"$T/look.$w" 2>>"$T/err"
    t2=$(now_ms)
    echo "$((t2 - t1))" >>"$T/lookup.$w"
    if [ "$w" = 2 ]; then
      grep -o 'translator 1 sentence [0-9]*$' "$T/look.$w" | sed "s/.* //;s/\$/ $t2/" >>"$T/seen"
    fi
    i=$((i + 1))
  done
}

pct() { sort -n | awk -v p="$1" '{ a[NR] = $1 } END { if (NR) { i = int((NR - 1) * p / 100) + 1; print a[i] } else print "-" }'; }

run_team() {
  label=$1; tm=$2
  rm -f "$T"/confirm.* "$T"/lookup.* "$T/committed" "$T/seen" "$T/err"
  start=$(now_ms)
  for w in 1 2 3 4 5 6 7 8; do translator "$w" "$tm" & done
  wait
  end=$(now_ms)
  echo "$label: 8 translators x $C confirms: $(((end - start) / 1000)) s wall"
  echo "$label confirm latency p50/p99: $(cat "$T"/confirm.* | pct 50) / $(cat "$T"/confirm.* | pct 99) ms"
  echo "$label lookup latency p50/p99: $(cat "$T"/lookup.* | pct 50) / $(cat "$T"/lookup.* | pct 99) ms"
  # visible delay: for each unit of translator 1, first time translator 2
  # saw it minus its commit time
  awk 'NR == FNR { c[$1] = $2; next } !($1 in s) { s[$1] = $2 } END { for (k in s) if (k in c) { d = s[k] - c[k]; print (d < 0 ? 0 : d) } }' \
    "$T/committed" "$T/seen" 2>/dev/null >"$T/delay"
  echo "$label visible to others p50/p99: $(pct 50 <"$T/delay") / $(pct 99 <"$T/delay") ms ($(wc -l <"$T/delay") samples; target: <= 1000 ms)"
  [ -s "$T/err" ] && echo "($label errors: $(sort "$T/err" | uniq -c | head -n 3))"
}

psql_q "CREATE DATABASE team" >/dev/null
run_team "pg" "postgresql://anv@/team?host=$PGSOCK"
run_team "file" "$T/team.tmx"

# 8 `translate` sessions at once on one team TM, each confirming C
# segments of its own project (script mode, --timings): a confirm is
# committed to the database before it is reported, and each session
# merges the others' confirms as they are notified.  A watcher LISTENs
# as a session does and reads each new row: "visible" is the time from
# the row's write to that read, on the database's clock.
psql_q "CREATE DATABASE live" >/dev/null
LIVE="postgresql://anv@/live?host=$PGSOCK"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="hi-IN" datatype="plaintext"/><body></body></tmx>\n' >"$T/empty.tmx"
"$ANUVAD" tm add --tm "$LIVE" 'शुरू।' 'Start.' >/dev/null 2>&1   # the schema
for w in 1 2 3 4 5 6 7 8; do
  i=1; : >"$T/live$w.txt"; : >"$T/live$w.script"
  while [ "$i" -le "$C" ]; do
    echo "सत्र $w का वाक्य $i है।" >>"$T/live$w.txt"
    printf 'edit Session %s sentence %s.\nconfirm\n' "$w" "$i" >>"$T/live$w.script"
    i=$((i + 1))
  done
  echo quit >>"$T/live$w.script"
  "$ANUVAD" pretranslate --tm "$T/empty.tmx" -o "$T/live$w.xlf" "$T/live$w.txt" >/dev/null 2>&1
done
build/bench/team_watch "$LIVE" 5 >"$T/visible" 2>"$T/watch.err" &
watcher=$!
i=0; while [ $i -lt 50 ] && ! grep -q listening "$T/watch.err"; do sleep 0.1; i=$((i + 1)); done
start=$(now_ms)
for w in 1 2 3 4 5 6 7 8; do
  XDG_CACHE_HOME="$T/live-cache-$w" "$ANUVAD" translate "$T/live$w.xlf" --tm "$LIVE" \
    --script "$T/live$w.script" --timings >/dev/null 2>"$T/live$w.err" &
done
wait $(jobs -p | grep -v "^$watcher\$") 2>/dev/null
end=$(now_ms)
wait $watcher
saved50=$(sed -n 's/.*to saved in project and TM: median \([0-9.]*\) ms.*/\1/p' "$T"/live*.err | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
saved95=$(sed -n 's/.*to saved in project and TM: median [0-9.]* ms, p95 \([0-9.]*\) ms.*/\1/p' "$T"/live*.err | sort -n | tail -n 1)
look50=$(sed -n 's/.*lookups \([0-9.]*\) ms.*/\1/p' "$T"/live*.err | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
sent=$(grep -h 'committed to the team TM' "$T"/live*.err | awk '{ s += $2 } END { print s + 0 }')
echo "pg live sessions: 8 x $C confirms in $(((end - start) / 1000)) s wall; $sent committed as made"
echo "pg live confirm to saved (project, journal, database commit): median of the sessions' medians $saved50 ms, worst session p95 $saved95 ms"
echo "pg live lookup per segment (median of the sessions' medians): $look50 ms"
echo "pg live visible to others p50/p99: $(pct 50 <"$T/visible") / $(pct 99 <"$T/visible") ms ($(wc -l <"$T/visible") rows; target: <= 1000 ms)"
pg_stop
