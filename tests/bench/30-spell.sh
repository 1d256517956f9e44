# 30-spell.sh - spell checking speed: words/s on 10 MB of Hindi news and
# prose (the shared corpora repeated), verdicts only and with suggestions,
# and the start-up cost that every `anuvad spell` (and every checker the
# translator opens) pays.  Target: >= 500,000 words/s for the verdicts.
# Suggestions cost about 25 ms per distinct flagged word (mostly hunspell's
# n-gram pass), once per word thanks to the cache.
set -u
S=${ANUVAD_SHARED:-../shared}/data
in="$BENCH_DIR/spell-hi-10mb.txt"
if [ ! -s "$in" ]; then
  : >"$in.tmp"
  while [ "$(wc -c <"$in.tmp")" -lt 10485760 ]; do
    cat "$S/ntrex128-hin-eng/newstest2019-ref.hin.txt" \
        "$S/flores200-devtest-hin-eng/hin_Deva.devtest" \
        "$S/wmt14-newstest-hien/newstest2014.hi" \
        "$S/tico19-test-en-hi/tico19-test.hi" \
        "$S/tatoeba-hin-eng/tatoeba.hi" >>"$in.tmp"
  done
  head -c 10485760 "$in.tmp" | sed '$d' >"$in"
  rm -f "$in.tmp"
fi

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" -v s="${4:-0}" \
  'BEGIN { printf "%d", n / (b - a - s) }'; }
words=$("$ANUVAD" spell --lang hi --count --json "$in" |
        sed 's/.*"words":\([0-9]*\).*/\1/')
echo "spell input: $(wc -c <"$in") bytes, $words words"

printf 'नमस्ते दुनिया\n' >"$BENCH_DIR/spell-one.txt"
t0=$(now)
for i in 1 2 3 4 5; do "$ANUVAD" spell --lang hi "$BENCH_DIR/spell-one.txt" >/dev/null; done
t1=$(now)
startup=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 5 }')
echo "spell start-up (hi dictionaries and lists, one line): $(awk -v s="$startup" 'BEGIN { printf "%d", s * 1000 }') ms"

t0=$(now)
"$ANUVAD" spell --lang hi --count "$in" >/dev/null
t1=$(now)
echo "spell verdicts (--count): $(rate "$words" "$t0" "$t1") words/s"
echo "spell verdicts, start-up excluded: $(rate "$words" "$t0" "$t1" "$startup") words/s"

t0=$(now)
"$ANUVAD" spell --lang hi --suggest 5 "$in" >"$BENCH_DIR/spell-out.txt"
t1=$(now)
flagged=$(wc -l <"$BENCH_DIR/spell-out.txt")
distinct=$(cut -f2 "$BENCH_DIR/spell-out.txt" | sort -u | wc -l)
echo "spell with 5 suggestions: $(rate "$words" "$t0" "$t1") words/s ($flagged flags, $distinct distinct words)"
