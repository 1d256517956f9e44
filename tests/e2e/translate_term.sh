# translate_term.sh - SIGTERM and SIGHUP (a terminal window closed, a
# `kill`) during a scripted `anuvad translate` session: a confirm whose
# next segment was already drawn is always written.
#
# `anuvad translate` draws the next segment while the confirm's project
# save and TM write still run (on a thread).  A terminating signal that
# arrives meanwhile must wait for the writes; only then may the process
# end.  The project here is big enough (the seed article 60 times, 1,620
# segments, about 2 MB of XLIFF) for the save to take several
# milliseconds, so the signals land inside saves often.  For every run:
#   - the project parses and keeps all its units;
#   - every confirm followed in the output by the next segment's header
#     ("Segment N of") has its translation in the project, state
#     translated;
#   - the process ended by the signal (status 128 + signal number).
# The delays come from a fixed seed.
. tests/lib.sh
. tests/e2e/translate_lib.inc

RUNS=${TRANSLATE_TERM_RUNS:-10}
export XDG_CONFIG_HOME=$T/config
DOC=$T/long.hi.txt
for i in $(seq 1 60); do
  sed "s/^./खंड $i: &/" "$ROOT/examples/kazakhstan-csto.hi.txt"
done >"$DOC"
make_project "$DOC" "$T/p.xlf"
units=$(units_of "$T/p.xlf" | wc -l)
echo "translate_term: the project has $units segments, $(($(wc -c <"$T/p.xlf") / 1000)) kB"

: >"$T/script"
for k in $(seq 1 400); do
  printf 'edit Line %d.\nconfirm!\n' "$k" >>"$T/script"
done
# The delays spread over the first second or two of a run (opening takes
# part of it).
awk 'BEGIN { srand(11); for (i = 0; i < 100; i++) printf "%.3f\n", 0.3 + rand() * 1.5 }' >"$T/delays"

checked=0
run=0
while [ "$run" -lt "$RUNS" ]; do
  run=$((run + 1))
  sig=TERM code=143
  [ $((run % 2)) -eq 0 ] && sig=HUP code=129
  # each run's texts are its own: "Line K." becomes "Run R line K."
  sed "s/^edit Line/edit Run $run line/" "$T/script" >"$T/run.script"
  "$ANUVAD" translate "$T/p.xlf" --tm "$T/p.tmx" --no-spell \
    --script "$T/run.script" >"$T/out.log" 2>"$T/err.log" &
  pid=$!
  sleep "$(sed -n "${run}p" "$T/delays")"
  kill -s "$sig" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  status=$?
  if [ "$status" -ne "$code" ]; then
    fail "run $run: exit status $status after SIG$sig, wanted $code"
    head -n 5 "$T/err.log"
    continue
  fi
  units_of "$T/p.xlf" >"$T/units.txt" 2>"$T/units.err" ||
    { fail "run $run: the project does not parse: $(cat "$T/units.err")"; continue; }
  verdict=$("$PY" - "$T/out.log" "$T/units.txt" "$units" <<'EOF'
import re, sys
log, units_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
units = [l.split('|', 4) for l in open(units_path, encoding='utf-8').read().splitlines()]
fails = []
if len(units) != n:
    fails.append('the project has %d units, not %d' % (len(units), n))
cur = text = None
pending = None      # (segment, text) of a confirm not yet followed by a view
shown = []          # confirms whose next segment was drawn
for line in open(log, encoding='utf-8', errors='replace'):
    m = re.match(r'^Segment (\d+) of', line)
    if m:
        if pending:
            shown.append(pending)
            pending = None
        cur = int(m.group(1))
    elif line.startswith('> edit '):
        text = line[len('> edit '):].rstrip('\n')
    elif line.rstrip('\n') == '> confirm!':
        pending = (cur, text)
for seg, t in shown:
    u = units[seg - 1] if seg <= len(units) else []
    if len(u) < 5 or u[4] != t or u[1] != 'translated':
        fails.append('segment %d: the next segment was shown, but the project has %r' % (seg, u[4] if len(u) == 5 else None))
print('FAIL ' + '; '.join(fails[:3]) if fails else 'ok %d' % len(shown))
EOF
)
  case "$verdict" in
    ok*) n=${verdict#ok }; checked=$((checked + n))
         ok "run $run (SIG$sig): the $n confirms whose next segment was shown are all in the project" ;;
    *) fail "run $run (SIG$sig): ${verdict#FAIL }" ;;
  esac
done
echo "translate_term: $run runs, $checked confirms checked"
[ "$checked" -gt 0 ] || fail "no confirm was reached before the signals: nothing was checked"
finish
