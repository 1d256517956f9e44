# translate_screen.sh - the translate screen at a real terminal (tmux):
# readline's word motion over Devanagari (issue 14, item 18).
. tests/lib.sh
. tests/e2e/translate_lib.inc
. tests/e2e/translate_tmux.inc

DOC=$ROOT/examples/kazakhstan-csto.hi.txt
export XDG_CONFIG_HOME=$T/config LANG=C.UTF-8 NO_COLOR=1
make_project "$DOC" "$T/p.xlf"

if ! command -v tmux >/dev/null; then
  fail "tmux is not installed (.ci/ensure-deps test installs it)"
  finish
  exit
fi

# ---- word motion: Alt-B, Alt-F, Alt-D, Alt-Backspace over ् and ़ --------------
# In a UTF-8 locale and in the C locale (LANG unset, as in many containers
# and ssh sessions), where readline reset LC_CTYPE to C at its start and
# then moved by bytes and read UTF-8 bytes as Meta keys.
word_motion() {
  tmux_start 120 40 "\"$T/p.xlf\" --tm \"$T/p.tmx\" --no-spell" "$@"
  wait_for '^Segment 1 of 27' "opens ($*)"
  keys e
  wait_for '^target>$' "editor"
  type_text "रक्षा मंत्री क़िला"
  keys M-b
  type_text "*"
  wait_for '^target> रक्षा मंत्री \*क़िला$' "Alt-B goes to the start of क़िला, not into it"
  keys M-b
  type_text "+"
  wait_for '^target> रक्षा \+मंत्री \*क़िला$' "Alt-B again: the start of मंत्री, not after ्"
  keys C-a M-f
  type_text "="
  wait_for '^target> रक्षा= \+मंत्री \*क़िला$' "Alt-F goes to the end of रक्षा"
  keys M-f M-d
  wait_for '^target> रक्षा= \+मंत्री$' "Alt-D kills क़िला whole"
  keys M-BSpace
  wait_for '^target> रक्षा= \+$' "Alt-Backspace kills मंत्री whole"
  keys C-g
  wait_for '^not confirmed$' "Ctrl-G leaves the editor"
  keys q
  wait_exit
  [ "$(cat "$T/status" 2>/dev/null)" = 0 ] && ok "quits with status 0" ||
    fail "quit: status $(cat "$T/status" 2>/dev/null), stderr: $(cat "$T/stderr")"
}
word_motion LANG=C.UTF-8
word_motion LANG= LC_ALL=C
$TMUX_CMD kill-server 2>/dev/null
finish
