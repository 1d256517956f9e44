# translate_tmux.sh - `anuvad translate` at a real terminal (tmux):
# translate three segments of the seed article with the keys, kill the
# session with SIGKILL, reopen it: the three are there, the cursor is on
# the fourth.
#
# Segment 4 repeats segment 1, so confirming 1 copies its translation
# there; the test takes that copy back with `u` (undo the propagation),
# which is also what puts segment 4 next in line.  Along the way: the
# editor prefilled with the source (0) and edited with readline keys, a
# confirm held back by the spelling check, a word added to the personal
# dictionary (a), a match taken (1) and left with Ctrl-G, colour, NO_COLOR.
. tests/lib.sh
. tests/e2e/translate_lib.inc
. tests/e2e/translate_tmux.inc

DOC=$ROOT/examples/kazakhstan-csto.hi.txt
export XDG_CONFIG_HOME=$T/config LANG=C.UTF-8
unset NO_COLOR
make_project "$DOC" "$T/p.xlf"

if ! command -v tmux >/dev/null; then
  fail "tmux is not installed (.ci/ensure-deps test installs it)"
  finish
  exit
fi

# start [ENV=VALUE ...]: a session in a detached tmux, 150x50.
start() { tmux_start 150 50 "\"$T/p.xlf\" --tm \"$T/p.tmx\"" "$@"; }

# ---- first session: three segments, then SIGKILL -----------------------------
start
wait_for '^Segment 1 of 27 · confirmed 0 of 27 segments' "opens at segment 1"
keys e
wait_for '^target>$' "e opens the editor"
type_text "Russia's CSTO forces begin withdrawal from Kazakhstan after quelling unrest"
keys Enter
wait_for '^confirmed segment 1; copied to 4$' "Enter in the editor confirms"
wait_for '^Segment 2 of 27' "on to segment 2"
keys u
wait_for '^undone: the copies in segment 4$' "u takes the copy back"

keys e
wait_for '^target>$' "editor for segment 2"
type_text "Russian Defense Minister Sergei Shoigu confirmed that the troops will complete their withdrawal by January 19 after their week-long deployment."
keys Enter
wait_for '^not confirmed yet: misspelt: Shoigu' "the spelling check holds the confirm"
keys a
wait_for 'add to your dictionary: Shoigu$' "a offers the flagged word"
keys Enter
wait_for '^"Shoigu" added to your dictionary$' "word added"
keys Enter
wait_for '^Segment 3 of 27' "Enter confirms segment 2"

keys 0
wait_for '^target> .*2022$' "0 puts the source in the editor"
keys C-u
type_text "January 14, 2022"
keys Enter
wait_for '^Segment 4 of 27 · confirmed 3 of 27 segments' "segment 3 confirmed, on to 4"
if [ "$($TMUX_CMD capture-pane -p -e | grep -c "$(printf '\033')\[")" -gt 0 ]; then
  ok "colour at a terminal"
else
  fail "no colour at a terminal"
fi

pid=$(cat "$T/pid")
kill -9 "$pid"
i=0
while $TMUX_CMD has-session 2>/dev/null && [ $i -lt 100 ]; do
  sleep 0.1; i=$((i + 1))
done
[ ! -f "$T/status" ] || [ "$(cat "$T/status")" -ne 0 ] && ok "killed" ||
  fail "the session ended by itself"

expect_units() {
  got=$(units_of "$T/p.xlf" | head -n 4)
  if [ "$got" = "$1" ]; then ok "$2"
  else fail "$2"; printf 'got:\n%s\n' "$got"; fi
}
want="1|translated|||Russia's CSTO forces begin withdrawal from Kazakhstan after quelling unrest
2|translated|||Russian Defense Minister Sergei Shoigu confirmed that the troops will complete their withdrawal by January 19 after their week-long deployment.
3|translated|||January 14, 2022
4||||"
expect_units "$want" "the three segments are in the project after SIGKILL"
pairs=$(tm_pairs "$T/p.tmx" | cut -d'|' -f2 | sort)
if [ "$pairs" = "$(printf '%s\n' "January 14, 2022" \
    "Russia's CSTO forces begin withdrawal from Kazakhstan after quelling unrest" \
    "Russian Defense Minister Sergei Shoigu confirmed that the troops will complete their withdrawal by January 19 after their week-long deployment." | sort)" ]; then
  ok "and in the TM"
else
  fail "TM after SIGKILL: $pairs"
fi

# ---- reopen --------------------------------------------------------------------
start
wait_for '^Segment 4 of 27 · confirmed 3 of 27 segments' "reopens on segment 4"
wait_for "^ 1  100%  .*p.tmx" "segment 1's translation is a match"
keys 1
wait_for "^target> Russia's CSTO forces begin withdrawal" "1 takes the match into the editor"
keys C-g
wait_for '^not confirmed$' "Ctrl-G leaves the editor"
keys q
wait_exit
if [ -f "$T/status" ] && [ "$(cat "$T/status")" -eq 0 ]; then
  ok "q quits with status 0 (no leak reports)"
else
  fail "quit: status $(cat "$T/status" 2>/dev/null), stderr: $(cat "$T/stderr")"
fi
# The match taken and left in the editor with Ctrl-G is a draft: q kept
# it in the project, not confirmed.
want="$(printf '%s\n' "$want" | sed '$d')
4|needs-review-translation|leveraged-tm||Russia's CSTO forces begin withdrawal from Kazakhstan after quelling unrest"
expect_units "$want" "the second session kept segment 4's draft, nothing else changed"
grep -q '^anuvad: .*/p.xlf: 3 of 27 segments confirmed; all saved$' "$T/stderr" &&
  ok "q says what is saved" || fail "q: stderr $(cat "$T/stderr")"

# ---- NO_COLOR ---------------------------------------------------------------------
start NO_COLOR=1
wait_for '^Segment 4 of 27' "NO_COLOR session"
if $TMUX_CMD capture-pane -p -e | grep -q "$(printf '\033')\[[0-9;]*m"; then
  fail "colour despite NO_COLOR"
else
  ok "no colour with NO_COLOR"
fi
keys q
wait_exit
$TMUX_CMD kill-server 2>/dev/null
finish
