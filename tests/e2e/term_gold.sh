# term_gold.sh - recall and precision of the Hindi term matcher, and the
# exact-match rate of name hints, on real text.  The term matcher on the
# NTREX-128 sentences against the hand-checked hits in
# tests/data/term/gold-ntrex.tsv (tests/eval/term-gold.sh; the figures
# are the ones docs/terminology.md states: a change to them is a change
# to the matcher's behaviour and must be looked at and re-stated).
. tests/lib.sh

out=$(cd "$ROOT" && ANUVAD="$ANUVAD" ANUVAD_SHARED="$SHARED" sh tests/eval/term-gold.sh 2>&1)
if [ "$out" = "gold hits 730, found 725, right 723: recall 99.0 %, precision 99.7 %" ]; then
  ok "730 gold hits: 723 found, 2 false (recall 99.0 %, precision 99.7 %)"
else
  fail "term matcher on the gold set: $out"
fi

# name hints against 786 real name pairs (tests/eval/names-eval.sh)
out=$(cd "$ROOT" && ANUVAD="$ANUVAD" ANUVAD_SHARED="$SHARED" sh tests/eval/names-eval.sh 2>&1)
if [ "$out" = "786 names: ICU alone 10.6 %, anuvad's hint 22.8 %, with a TM 24.4 % exact" ]; then
  ok "name hints: 22.8 % exact (ICU alone 10.6 %), 24.4 % with another corpus's TM"
else
  fail "name hints on the name pairs: $out"
fi
finish
