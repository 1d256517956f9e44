# translate_terms_tmux.sh - a glossary in `anuvad translate` at a real
# terminal (tmux): the segment's term under its source, Ctrl-O in the
# editor inserts the term's English at the cursor, the confirm goes
# through with it.
. tests/lib.sh
. tests/e2e/translate_lib.inc
. tests/e2e/translate_tmux.inc

export XDG_CONFIG_HOME=$T/config LANG=C.UTF-8
if ! command -v tmux >/dev/null; then
  fail "tmux is not installed (.ci/ensure-deps test installs it)"
  finish
  exit
fi
printf 'हमने दो तालिकाएँ बनाईं।\n' >"$T/d.txt"
make_project "$T/d.txt" "$T/p.xlf"
printf 'तालिका\ttable\n' >"$T/g.tsv"
cp "$T/no-match.tmx" "$T/p.tmx"
tmux_start 120 30 "\"$T/p.xlf\" --tm \"$T/p.tmx\" --glossary \"$T/g.tsv\" --no-spell"
wait_for '^terms +\[t1\] तालिकाएँ → table' "the segment's term under its source"
keys e
wait_for '^target>' "e opens the editor"
type_text "We made two "
keys C-o
wait_for '^target> We made two table$' "Ctrl-O inserts the term's English at the cursor"
type_text "s."
keys Enter
wait_for 'confirmed segment 1' "the confirm goes through (the term is there)"
keys q
wait_exit
grep -q '<target state="translated">We made two tables.</target>' "$T/p.xlf" \
  && ok "saved: We made two tables." || fail "project: $(grep '<target' "$T/p.xlf")"
$TMUX_CMD kill-server 2>/dev/null
finish
