#!/bin/sh
# 75-formats.sh - `anuvad pretranslate` of a 5 MB HTML page, and of the
# same text as plain text: MB/s, segments/s and peak RSS of both, and
# their ratio (what reading HTML costs on top of the text path).
#
# The page is made from real Hindi news sentences (NTREX-128, WMT14
# newstest2014, FLORES-200 devtest), one <p> each, with a <b> word every
# 4th paragraph, an <a href> every 7th, an <h2> every 20 and an
# &amp; entity every 9th, repeated with different markup until it holds
# 5 MB.  The plain text is the same paragraphs, one a line.  TM: the
# shipped tm/hi-en.tmx, 2 jobs.  Target: HTML at least half the text
# path's segments/s, peak RSS under 4 times the text path's.
set -eu
A=${ANUVAD:-build/anuvad}
. tests/bench/lib.sh
SH=${ANUVAD_SHARED:-../shared}
echo "formats load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

html="$BENCH_DIR/formats-5mb.hi.html"
text="$BENCH_DIR/formats-5mb.hi.txt"
if [ ! -s "$html" ]; then
  cat "$SH/data/ntrex128-hin-eng/newstest2019-ref.hin.txt" \
      "$SH/data/wmt14-newstest-hien/newstest2014.hi" \
      "$SH/data/flores200-devtest-hin-eng/hin_Deva.devtest" |
    tr -d '\r' | grep -v '^[[:space:]]*$' >"$BENCH_DIR/.lines"
  LC_ALL=C awk -v html="$html.tmp" -v text="$text.tmp" '
    function wrap(t, w, a, b,    p) {
      p = index(t, w)
      return p ? substr(t, 1, p - 1) a w b substr(t, p + length(w)) : t
    }
    { line[NR] = $0 }
    END {
      print "<!DOCTYPE html>\n<html lang=\"hi\">\n<head><meta charset=\"utf-8\"><title>समाचार</title></head>\n<body>" >html
      size = 0; pass = 0
      while (size < 5000000) {
        for (i = 1; i <= NR && size < 5000000; i++) {
          k = i + pass
          plain = line[i]; t = plain
          gsub(/&/, "\\&amp;", t); gsub(/</, "\\&lt;", t); gsub(/>/, "\\&gt;", t)
          if (k % 20 == 0) { s = "<h2>" t "</h2>" }
          else {
            n = split(t, w, " ")
            if (k % 4 == 0 && n > 3) t = wrap(t, w[3], "<b>", "</b>")
            if (k % 7 == 0 && n > 5) t = wrap(t, w[5], "<a href=\"https://example.org/" k "\">", "</a>")
            if (k % 9 == 0) { t = t " &amp; " pass; plain = plain " & " pass }
            s = "<p>" t "</p>"
          }
          print s >html; print plain >text
          size += length(s) + 1
        }
        pass++
      }
      print "</body>\n</html>" >html
    }' "$BENCH_DIR/.lines"
  mv "$html.tmp" "$html"
  mv "$text.tmp" "$text"
fi
hb=$(wc -c <"$html"); tb=$(wc -c <"$text")

for kind in text html; do
  f=$text; [ "$kind" = html ] && f=$html
  measure "$A" pretranslate --tm tm/hi-en.tmx --jobs 2 --force \
    -o "$BENCH_DIR/formats-$kind.xlf" "$f"
  segs=$(grep -c '<trans-unit' "$BENCH_DIR/formats-$kind.xlf")
  bytes=$(wc -c <"$f")
  mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.2f", (s > 0 ? b / 1e6 / s : 0) }')
  rate=$(awk -v n="$segs" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  echo "formats $kind: $((bytes / 1000)) kB, $segs segments in $secs s = $mbs MB/s, $rate segments/s (cpu $cpu s), peak RSS $((kb / 1024)) MB"
  eval "secs_$kind=$secs; kb_$kind=$kb; segs_$kind=$segs"
done
awk -v st="$secs_text" -v sh="$secs_html" -v nt="$segs_text" -v nh="$segs_html" \
    -v kt="$kb_text" -v kh="$kb_html" 'BEGIN {
  rt = st > 0 ? nt / st : 0; rh = sh > 0 ? nh / sh : 0
  printf "formats HTML / text: segments/s %.2f (target >= 0.5), peak RSS %.2f (target < 4)\n",
    (rt > 0 ? rh / rt : 0), (kt > 0 ? kh / kt : 0) }'
measure "$A" export "$BENCH_DIR/formats-html.xlf" --document "$BENCH_DIR/formats-out.html"
echo "formats export --document of the HTML project: $secs s, peak RSS $((kb / 1024)) MB"
echo "formats load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
