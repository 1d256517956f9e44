# 35-spell-tm.sh - what `anuvad spell --tm TM.tmx` costs on the
# 1,000,000-unit TM of 20-tm.sh (generated from the Tatoeba pairs).
#   cold   no cache yet: open the TM (parse, journal), tokenise both sides
#          of every unit, write TM.tmx.spellwords;
#   warm   the cache is fresh: read it, check one line;
#   plain  the same check without --tm, for comparison;
#   big    a cache of ~380,000 real words (the CMUdict and apertium-hin
#          lists, en_US and en_GB stems) with the TM's stamp: the load cost
#          of a real TM's vocabulary, which the generated TM (few distinct
#          words) does not have;
#   accept the same ~380,000 words given to `--words`, which calls
#          spell_accept_word() for each: the alternative to the cache's
#          lookup-only-flagged-words hook.
# Times are wall clock with CPU time beside them (shared machine).
set -u
A=${ANUVAD:-build/anuvad}
N=${TM_BENCH_UNITS:-1000000}
big="$BENCH_DIR/tm-$N.tmx"
if [ ! -s "$big" ]; then
  echo "(generating $big)"
  sh tests/bench/gen-tmx.sh "$N" tm/tatoeba-hin-eng.tsv >"$big.tmp" &&
    mv "$big.tmp" "$big"
fi
cache="$big.spellwords"
line="$BENCH_DIR/spell-tm-line.txt"
printf '%s\n' 'टोकायव ने कहा कि Tokayev’s troops and Shoigu left.' >"$line"

measure() { # label CMD...
  label=$1; shift
  /usr/bin/time -f '%e %M %U %S' -o "$BENCH_DIR/.time" "$@" \
    >/dev/null 2>"$BENCH_DIR/.err" || echo "($label failed: $(tail -n 1 "$BENCH_DIR/.err"))"
  awk -v l="$label" '{ printf "%s: %.2f s (cpu %.2f s), peak RSS %d MB\n", l, $1, $3 + $4, $2 / 1024 }' \
    "$BENCH_DIR/.time"
}

rm -f "$cache"
measure "spell --tm, cold ($N units, cache written)" "$A" spell --count --tm "$big" "$line"
echo "spell --tm cache: $(wc -c <"$cache") bytes, $(($(wc -l <"$cache") - 1)) words"
measure "spell --tm, warm (from the cache)" "$A" spell --count --tm "$big" "$line"
measure "spell without --tm" "$A" spell --count "$line"

head -n 1 "$cache" >"$BENCH_DIR/big.spellwords"
{ tail -n +2 dict/hi-cmu.dic | sed 's/^/h /'
  tail -n +2 dict/hi-apertium.dic | sed 's/^/h /'
  for d in en_US en_GB; do
    tail -n +2 "/usr/share/hunspell/$d.dic" | cut -d/ -f1 | sed 's/^/e /'
  done; } | grep -E '^[he] [^ ]+$' | awk '!seen[$0]++' >>"$BENCH_DIR/big.spellwords"
cp "$BENCH_DIR/big.spellwords" "$cache"
echo "spell --tm big cache: $(($(wc -l <"$cache") - 1)) words"
measure "spell --tm, warm, big cache" "$A" spell --count --tm "$big" "$line"
tail -n +2 "$cache" | cut -c3- >"$BENCH_DIR/big-words.txt"
measure "spell --words (spell_accept_word for each of them)" "$A" spell --count --words "$BENCH_DIR/big-words.txt" "$line"
rm -f "$cache"
