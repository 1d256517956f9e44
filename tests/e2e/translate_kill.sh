# translate_kill.sh - SIGKILL during a scripted `anuvad translate`
# session, again and again: no acknowledged confirm is ever lost.
#
# A round starts from a fresh project (the seed article) and TM.  Each run
# reopens the project with a script of "edit TEXT" + "confirm!" lines
# (every TEXT unique), is killed with SIGKILL after a random delay, and
# then the files are checked as they are on disk, before anything repairs
# them:
#   - the project parses and has all 27 units;
#   - every segment whose confirm was acknowledged ("confirmed segment N"
#     on stdout, printed only after both writes) has that translation in
#     the project, state translated -- or the next one, when the kill came
#     between the save and the acknowledgement -- and so have the copies
#     the acknowledgement named; every other unit has no target, or that
#     in-flight translation;
#   - the TM (TMX + journal, read by `anuvad tm export`) has every
#     acknowledged pair, and nothing that was never confirmed;
#   - the next run opens at the first unconfirmed segment.
# A round ends when every segment is confirmed.  KILLS runs in all; the
# delays come from a fixed seed.
. tests/lib.sh
. tests/e2e/translate_lib.inc

KILLS=${TRANSLATE_KILLS:-24}
DOC=$ROOT/examples/kazakhstan-csto.hi.txt
export XDG_CONFIG_HOME=$T/config

verify() { # OUT_LOG RUN -> prints "ok ..." / "FAIL ..." lines, updates state
  units_of "$T/p.xlf" >"$T/units.txt" 2>"$T/units.err" || echo "FAIL project does not parse: $(cat "$T/units.err")"
  tm_pairs "$T/p.tmx" >"$T/pairs.txt" 2>/dev/null || : >"$T/pairs.txt"
  "$PY" - "$1" "$2" "$T/state.json" "$T/units.txt" "$T/pairs.txt" "$T/sources.txt" <<'EOF'
import json, os, re, sys
log, run, state_path, units_path, pairs_path, sources_path = sys.argv[1:7]
state = json.load(open(state_path)) if os.path.exists(state_path) else \
    {'acked': {}, 'all_texts': [], 'expect_start': 1, 'acks': 0}
acked = state['acked']
sources = open(sources_path, encoding='utf-8').read().split('\n')
fails = []
# what the run acknowledged, and what was in flight when it died
cur, text, inflight, first_seg = None, None, None, None
for line in open(log, encoding='utf-8', errors='replace'):
    line = line.rstrip('\n')
    m = re.match(r'^Segment (\d+) of', line)
    if m:
        cur = int(m.group(1))
        if first_seg is None:
            first_seg = cur
        continue
    if line.startswith('> edit '):
        text = line[len('> edit '):]
        state['all_texts'].append(text)
        continue
    if line == '> confirm!':
        inflight = (cur, text)
        continue
    m = re.match(r'^confirmed segment (\d+)(?:; copied to ([\d, ]+))?', line)
    if m:
        segs = [int(m.group(1))]
        if m.group(2):
            segs += [int(x) for x in m.group(2).split(', ')]
        for s in segs:
            acked[str(s)] = text
        state['acks'] += 1
        inflight = None
if first_seg is not None and first_seg != state['expect_start']:
    fails.append('opened at segment %d, not %d' % (first_seg,
                                                   state['expect_start']))
units = [l.split('|', 4) for l in open(units_path, encoding='utf-8').read().splitlines()]
if len(units) != 27:
    fails.append('the project has %d units' % len(units))
# the copies an in-flight confirm may have made: same source, later
flight = set()
if inflight and inflight[0]:
    n = inflight[0]
    flight = {i + 1 for i in range(n - 1, 27) if sources[i] == sources[n - 1]}
first_open = None
for i, u in enumerate(units):
    seg = i + 1
    if len(u) < 5:
        fails.append('unit %d unreadable' % seg)
        continue
    state_, target = u[1], u[4]
    want = acked.get(str(seg))
    ok_targets = {want} if want is not None else {''}
    if seg in flight:
        ok_targets.add(inflight[1])
    if target not in ok_targets:
        fails.append('segment %d has %r, wanted %r' % (seg, target, sorted(ok_targets)))
    if target and state_ != 'translated':
        fails.append('segment %d is %s' % (seg, state_))
    if not target and first_open is None:
        first_open = seg
pairs = set(open(pairs_path, encoding='utf-8').read().splitlines())
# Confirms a kill caught after the project save are in the project; the
# TM gets them when a later run has opened the project (the first view
# is printed after the open's repair).
saved = state.setdefault('saved', {})
if first_seg is not None:
    for seg, t in saved.items():
        if acked.get(seg) is None or acked.get(seg) == t:
            acked[seg] = t
    saved.clear()
for seg, t in acked.items():
    if saved.get(seg) == t:
        continue
    if '%s|%s' % (sources[int(seg) - 1], t) not in pairs:
        fails.append('TM lacks segment %s: %r' % (seg, t))
known = set(state['all_texts'])
for p in pairs:
    if p and p.split('|', 1)[1] not in known:
        fails.append('TM has a pair never confirmed: %r' % p)
# A confirm killed after the project was saved stands: the project has
# it (and the next open puts it in the TM).
note = ''
for seg in flight:
    if seg <= len(units) and len(units[seg - 1]) == 5 and \
            units[seg - 1][4] == inflight[1]:
        acked[str(seg)] = inflight[1]
        saved[str(seg)] = inflight[1]
        note = '; killed inside a confirm, after the project save'
if inflight and not note:
    note = '; killed inside a confirm, before the project save'
pair = '%s|%s' % (sources[inflight[0] - 1], inflight[1]) if inflight and inflight[0] else None
if note and pair and pair in pairs and 'after' in note:
    note += ' and the TM write'
elif note and 'after' in note:
    note += ', before the TM write'
state['notes'] = state.get('notes', []) + ([note] if note else [])
state['expect_start'] = first_open or 1
state['done'] = first_open is None
json.dump(state, open(state_path, 'w'))
print('FAIL run %s: %s' % (run, '; '.join(fails)) if fails else
      'ok run %s: %d segments acknowledged so far, all on disk%s' % (run, len(acked), note))
print('round-done' if state['done'] else 'round-open')
print(state['acks'])
EOF
}

# The delays spread over the time a whole run takes here (start, 27
# confirms, exit), measured once.
make_project "$DOC" "$T/p.xlf"
printf 'edit Warm-up %d.\nconfirm!\n' $(seq 1 27) >"$T/script"
t0=$(date +%s%N)
"$ANUVAD" translate "$T/p.xlf" --tm "$T/p.tmx" --no-spell --script "$T/script" \
  >/dev/null 2>&1
span=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "translate_kill: a whole run takes $span ms; kills spread over it"
awk -v span="$span" 'BEGIN { srand(7); for (i = 0; i < 400; i++) printf "%.3f\n", rand() * span / 1000 }' >"$T/delays"
runs=0 rounds=0 acks_total=0
fresh=1
while [ "$runs" -lt "$KILLS" ]; do
  if [ "$fresh" -eq 1 ]; then
    rounds=$((rounds + 1))
    rm -f "$T/p.tmx" "$T/p.tmx".* "$T/state.json" "$T/p.xlf".*
    make_project "$DOC" "$T/p.xlf"
    "$ANUVAD" segment "$DOC" | grep -v '^$' >"$T/sources.txt"
    fresh=0
  fi
  runs=$((runs + 1))
  : >"$T/script"
  for k in $(seq 1 40); do
    printf 'edit Run %d, line %d.\nconfirm!\n' "$runs" "$k" >>"$T/script"
  done
  "$ANUVAD" translate "$T/p.xlf" --tm "$T/p.tmx" --no-spell \
    --script "$T/script" >"$T/out.log" 2>"$T/err.log" &
  pid=$!
  sleep "$(sed -n "${runs}p" "$T/delays")"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  verify "$T/out.log" "$runs" >"$T/verdict"
  verdict=$(sed -n 1p "$T/verdict")
  case "$verdict" in
    ok*) ok "${verdict#ok }" ;;
    *) fail "${verdict#FAIL }"; cat "$T/err.log" ;;
  esac
  if [ "$(sed -n 2p "$T/verdict")" = round-done ]; then
    acks_total=$((acks_total + $(sed -n 3p "$T/verdict")))
    fresh=1
  fi
done
[ "$fresh" -eq 1 ] || acks_total=$((acks_total + $(sed -n 3p "$T/verdict")))
echo "translate_kill: $runs kills in $rounds rounds, $acks_total acknowledged confirms checked"
finish
