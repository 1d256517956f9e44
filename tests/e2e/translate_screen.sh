# translate_screen.sh - the translate screen at a real terminal (tmux):
# the view fitted to the window at 60, 80 and 120 columns (issue 14, item
# 17: wrapped between words by display width, never inside a Devanagari
# cluster or an English word, continuation rows indented, matches folded
# into "+N more" so that the header, the source, the keys and the prompt
# stay on the screen, drawn again when the window is resized), and
# readline's word motion over Devanagari (item 18).
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

# ---- the view fitted to the window ------------------------------------------------
# Segment 2 with six fuzzy matches (five shown: --max 5), each as long
# as the segment.
S2=$(sed -n 3p "$DOC")
for n in 11 12 13 14 15 16; do
  "$ANUVAD" tm add --tm "$T/p.tmx" "$(printf '%s' "$S2" | sed "s/19/$n/")" \
    "Russian Defence Minister Sergei Shoigu confirmed that the troops will complete their withdrawal by January $n after their week-long deployment." \
    >/dev/null 2>&1
done

# every word of the text is on the screen whole (a row cut inside a word
# breaks it in two)
words_whole() { # TEXT WHAT
  missing=
  scr=$(screen)
  for w in $1; do
    case $scr in *"$w"*) ;; *) missing="$missing $w" ;; esac
  done
  [ -z "$missing" ] && ok "$2" || { fail "$2: cut:$missing"; screen | sed 's/^/    | /'; }
}

fitted() { # COLS ROWS
  first=$(screen | head -n 1)
  case $first in "Segment 2 of 27"*) ok "$1x$2: the header is on the first row" ;;
    *) fail "$1x$2: first row: $first"; screen | sed 's/^/    | /' ;; esac
  words_whole "$S2" "$1x$2: no word of the source is cut"
  words_whole "Enter confirm · 1-9 take match · e edit · 0 copy source · s skip · n/p next/prev · / search · u undo · ? help · q quit" \
    "$1x$2: no word of the keys line is cut"
  if screen | grep -q '^> *$'; then ok "$1x$2: the prompt is on the screen"
  else fail "$1x$2: no prompt"; fi
}

for cols in 60 80 120; do
  tmux_start "$cols" 20 "\"$T/p.xlf\" --tm \"$T/p.tmx\" --no-spell"
  wait_for '^Segment 1 of 27' "opens at ${cols}x20"
  keys n
  wait_for '^numbers' "segment 2 at ${cols}x20"
  sleep 0.3
  fitted "$cols" 20
  wait_for '^ +\+[0-9] more matches \(keys [0-9]-5 take them\)$' \
    "${cols}x20: the matches that do not fit are folded"
  if [ "$cols" = 60 ]; then
    src_rows=$(screen | sed -n '/^source /,/^matches/p' | sed '$d')
    if [ "$(printf '%s\n' "$src_rows" | wc -l)" -ge 2 ] &&
       ! printf '%s\n' "$src_rows" | sed 1d | grep -qv '^         [^ ]'; then
      ok "60x20: the source's continuation rows are indented under it"
    else
      fail "60x20: source rows:"; printf '%s\n' "$src_rows" | sed 's/^/    | /'
    fi
    # a bigger window: drawn again at once, the source on one row
    $TMUX_CMD resize-window -x 150 -y 40
    wait_for "^source   $S2\$" "resized to 150x40: drawn again, the source on one row"
    wait_for '^ 5 ' "150x40: all five matches (--max 5)"
    $TMUX_CMD resize-window -x 60 -y 20
    wait_for '^ +\+[0-9] more matches' "back to 60x20: folded again"
    sleep 0.3
    fitted 60 20
  fi
  keys q
  wait_exit
  [ "$(cat "$T/status" 2>/dev/null)" = 0 ] && ok "${cols}x20: quits with status 0" ||
    fail "quit: status $(cat "$T/status" 2>/dev/null), stderr: $(cat "$T/stderr")"
  $TMUX_CMD kill-server 2>/dev/null
done

# ---- a source taller than the window -----------------------------------------------
# Eight clauses without a stop: one segment of 15 rows at 60 columns.  The
# head is cut with a row saying so; the header, the target, the keys and
# the prompt stay.
w="रूस के रक्षा मंत्री सर्गेई शोइगु ने पुष्टि की कि सैनिक अपनी सप्ताह भर की तैनाती के बाद"
printf '%s %s %s %s %s %s %s %s।\nदूसरा वाक्य।\n' "$w" "$w" "$w" "$w" "$w" "$w" "$w" "$w" >"$T/long.txt"
make_project "$T/long.txt" "$T/long.xlf"
tmux_start 60 15 "\"$T/long.xlf\" --tm \"$T/long.tmx\" --no-spell"
wait_for '^ +… [0-9]+ more rows \(a taller window shows them\)$' "60x15: the long source is cut, saying so"
case $(screen | head -n 1) in "Segment 1 of 2"*) ok "60x15: the header stays" ;;
  *) fail "60x15: first row: $(screen | head -n 1)" ;; esac
wait_for '^target   \(none\)$' "60x15: the target stays"
wait_for '^> *$' "60x15: the prompt stays"
keys q
wait_exit
$TMUX_CMD kill-server 2>/dev/null

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
