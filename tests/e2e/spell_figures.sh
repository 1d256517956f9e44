# spell_figures.sh - the spell checker's key figures (false flags on news
# and everyday text, detection of typos) against stored thresholds, on a
# quick sample: see tests/eval/spell_eval.c and docs/spelling.md.
. tests/lib.sh

eval_bin="$(dirname "$ANUVAD")/eval/spell_eval"
if [ ! -x "$eval_bin" ]; then
  fail "$eval_bin is not built"
  finish
  exit 1
fi
ANUVAD_DATA="$ROOT" "$eval_bin" --quick \
  --thresholds "$ROOT/tests/eval/spell-thresholds.txt" >"$T/figures" 2>&1
status=$?
if [ "$status" -eq 0 ]; then
  ok "figures within thresholds"
else
  fail "figures out of bounds (status $status)"
fi
grep -E '^(ok  |FAIL) ' "$T/figures" | sed 's/^/    /'
finish
