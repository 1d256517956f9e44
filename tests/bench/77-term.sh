#!/bin/sh
# 77-term.sh - `anuvad term lookup` with a 100,000-entry glossary over the
# NTREX-128 Hindi text (1,997 sentences, repeated 10 times: 6.7 MB).
# The glossary: every lemma of the Hindi lexicon (dict/hi-lemmas.tsv),
# then the most frequent word pairs and triples of the WMT14, FLORES and
# TICO-19 Hindi (real multiword terms in shape), up to 100,000 entries.
# Figures: glossary load (lookup of an empty input), lookup speed and
# peak RSS, medians of 3 runs.  Targets (ours): load < 1 s, >= 5 MB/s,
# RSS < 300 MB.
set -eu
A=${ANUVAD:-build/anuvad}
. tests/bench/lib.sh
SH=${ANUVAD_SHARED:-../shared}
g="$BENCH_DIR/glossary-100k.tsv"
if [ ! -s "$g" ]; then
  { cut -f2 dict/hi-lemmas.tsv | sort -u
    for n in 2 3; do
      cat "$SH/data/wmt14-newstest-hien/newstest2014.hi" \
          "$SH/data/flores200-devtest-hin-eng/hin_Deva.devtest" \
          "$SH/data/tico19-test-en-hi/tico19-test.hi" |
        awk -v n=$n '{ gsub(/[।,.?!:;"()]/, " "); k = split($0, w, " ");
                       for (i = 1; i + n - 1 <= k; i++) { s = w[i];
                         for (j = 1; j < n; j++) s = s " " w[i + j]; print s } }'
    done | sort | uniq -c | sort -rn | awk '{ $1 = ""; sub(/^ /, ""); print }'
  } | awk '!seen[$0]++' | head -n 100000 |
    awk '{ printf "%s\tterm %d\n", $0, NR }' >"$g.tmp"
  mv "$g.tmp" "$g"
fi
entries=$(wc -l <"$g")
text="$BENCH_DIR/ntrex-x10.hi"
if [ ! -s "$text" ]; then
  for i in 1 2 3 4 5 6 7 8 9 10; do
    cat "$SH/data/ntrex128-hin-eng/newstest2019-ref.hin.txt"
  done >"$text"
fi
mb=$(awk -v b="$(wc -c <"$text")" 'BEGIN { printf "%.1f", b / 1e6 }')
loads="" runs="" rss=0
for run in 1 2 3; do
  measure sh -c '"$0" term lookup --glossary "$1" - </dev/null' "$A" "$g"
  loads="$loads $secs"
  measure sh -c '"$0" term lookup --glossary "$1" --json - <"$2" >/dev/null' "$A" "$g" "$text"
  runs="$runs $secs"
  [ "$kb" -gt "$rss" ] && rss=$kb
done
load=$(printf '%s\n' $loads | sort -n | sed -n 2p)
run=$(printf '%s\n' $runs | sort -n | sed -n 2p)
hits=$("$A" term lookup --glossary "$g" --json - \
         <"$SH/data/ntrex128-hin-eng/newstest2019-ref.hin.txt" |
       grep -o '"source"' | wc -l)
speed=$(awk -v m="$mb" -v r="$run" -v l="$load" \
          'BEGIN { d = r - l; if (d < 0.001) d = 0.001; printf "%.1f", m / d }')
echo "term glossary: $entries entries, load (with the lexicon) median $load s of 3 (runs:$loads) (target < 1 s)"
echo "term lookup: $mb MB in median $run s of 3 (runs:$runs), $speed MB/s after the load (target >= 5 MB/s); $hits hits in one pass of NTREX"
echo "term lookup: peak RSS $((rss / 1024)) MB (target < 300 MB)"
