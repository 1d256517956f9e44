#!/bin/sh
# 76-office.sh - `anuvad pretranslate` of a DOCX and an ODT that
# LibreOffice wrote, against the same text as plain text: MB/s (of the
# document's XML text part, and of the file), segments/s and peak RSS.
#
# The documents: all the Hindi news sentences of NTREX-128, WMT14
# newstest2014 and FLORES-200 devtest as one <p> each (an <h2> every 20th,
# a <b> word every 4th), converted by LibreOffice headless from HTML to
# DOCX and ODT (cached in $BENCH_DIR).  TM: the shipped tm/hi-en.tmx, 2
# jobs.  Target: the XML text part read at least half as fast (MB/s) as
# the plain text; per segment a DOCX costs more, as its document.xml is
# 2.3 times the text's bytes (run properties around every run) and all
# that markup goes into the project's layout.
set -eu
A=${ANUVAD:-build/anuvad}
. tests/bench/lib.sh
SH=${ANUVAD_SHARED:-../shared}
echo "office load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if ! command -v soffice >/dev/null; then
  echo "office: LibreOffice (soffice) is not installed: no DOCX/ODT figures"
  exit 0
fi
html="$BENCH_DIR/office.hi.html"
text="$BENCH_DIR/office.hi.txt"
if [ ! -s "$BENCH_DIR/office.hi.docx" ] || [ ! -s "$BENCH_DIR/office.hi.odt" ]; then
  cat "$SH/data/ntrex128-hin-eng/newstest2019-ref.hin.txt" \
      "$SH/data/wmt14-newstest-hien/newstest2014.hi" \
      "$SH/data/flores200-devtest-hin-eng/hin_Deva.devtest" |
    tr -d '\r' | grep -v '^[[:space:]]*$' >"$text"
  LC_ALL=C awk 'BEGIN { print "<!DOCTYPE html><html lang=\"hi\"><head><meta charset=\"utf-8\"><title>समाचार</title></head><body>" }
    { t = $0; gsub(/&/, "\\&amp;", t); gsub(/</, "\\&lt;", t); gsub(/>/, "\\&gt;", t)
      n = split(t, w, " ")
      if (NR % 4 == 0 && n > 3) { p = index(t, w[3]); t = substr(t, 1, p - 1) "<b>" w[3] "</b>" substr(t, p + length(w[3])) }
      if (NR % 20 == 0) print "<h2>" t "</h2>"; else print "<p>" t "</p>" }
    END { print "</body></html>" }' "$text" >"$html"
  for fmt in 'docx:MS Word 2007 XML' odt; do
    HOME="$BENCH_DIR/lo-home" soffice -env:UserInstallation="file://$BENCH_DIR/lo-profile" \
      --headless --infilter="HTML (StarWriter)" --convert-to "$fmt" \
      --outdir "$BENCH_DIR" "$html" >/dev/null 2>&1
  done
fi

for kind in text docx odt; do
  f=$text; [ "$kind" != text ] && f="$BENCH_DIR/office.hi.$kind"
  measure "$A" pretranslate --tm tm/hi-en.tmx --jobs 2 --force \
    -o "$BENCH_DIR/office-$kind.xlf" "$f"
  segs=$(grep -c '<trans-unit' "$BENCH_DIR/office-$kind.xlf")
  case $kind in
    docx) xml=$(unzip -p "$f" word/document.xml | wc -c) ;;
    odt) xml=$(unzip -p "$f" content.xml | wc -c) ;;
    *) xml=$(wc -c <"$f") ;;
  esac
  bytes=$(wc -c <"$f")
  awk -v k="$kind" -v b="$bytes" -v x="$xml" -v s="$secs" -v n="$segs" -v c="$cpu" -v kb="$kb" 'BEGIN {
    printf "office %s: %d kB file, %d kB of XML text part, %d segments in %s s = %.2f MB/s of XML (%.2f of file), %.0f segments/s (cpu %s s), peak RSS %d MB\n",
      k, b / 1000, x / 1000, n, s, (s > 0 ? x / 1e6 / s : 0), (s > 0 ? b / 1e6 / s : 0), (s > 0 ? n / s : 0), c, kb / 1024 }'
  eval "secs_$kind=$secs; segs_$kind=$segs; xml_$kind=$xml"
done
awk -v st="$secs_text" -v nt="$segs_text" -v sd="$secs_docx" -v nd="$segs_docx" \
    -v so="$secs_odt" -v no="$segs_odt" -v xt="$xml_text" -v xd="$xml_docx" \
    -v xo="$xml_odt" 'BEGIN {
  rt = st > 0 ? nt / st : 0; mt = st > 0 ? xt / st : 0
  printf "office DOCX / text MB/s %.2f, ODT / text %.2f (target >= 0.5); segments/s DOCX / text %.2f, ODT / text %.2f\n",
    (mt > 0 && sd > 0 ? xd / sd / mt : 0), (mt > 0 && so > 0 ? xo / so / mt : 0),
    (rt > 0 && sd > 0 ? nd / sd / rt : 0), (rt > 0 && so > 0 ? no / so / rt : 0) }'
measure "$A" export "$BENCH_DIR/office-docx.xlf" --document "$BENCH_DIR/office-out.docx"
echo "office export --document of the DOCX project: $secs s, peak RSS $((kb / 1024)) MB"
echo "office load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
