# 60-xliff.sh - reading and saving a 10,000-segment XLIFF project.
#
# The interactive editor saves the project after every confirmed segment,
# so the time to write a big project matters; so does reading it.  The
# project is built from FLORES-200 (1,012 sentences, repeated), every
# third segment translated and every fifth with a TM match, about the
# shape `anuvad pretranslate` writes.  Figures: wall time of
#   export --text    (read the XLIFF, rebuild the document)
#   export --omegat  (read the XLIFF, write it again atomically, fsync)
set -u
SHARED=${ANUVAD_SHARED:-$(pwd)/../shared}
F=$SHARED/data/flores200-devtest-hin-eng
BIG=$BENCH_DIR/xliff-10k.xlf
if [ ! -f "$BIG" ]; then
  paste "$F/hin_Deva.devtest" "$F/eng_Latn.devtest" |
  awk -F'\t' '
    function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s);
                      gsub(/>/, "\\&gt;", s); return s }
    { hi[NR] = esc($1); en[NR] = esc($2) }
    END {
      print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      print "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" xmlns:anv=\"urn:anuvad:xliff:1\">"
      print "<file original=\"big.txt\" source-language=\"hi-IN\" target-language=\"en-US\" datatype=\"plaintext\" anv:after=\"\\n\"><body>"
      for (i = 1; i <= 10000; i++) {
        k = (i - 1) % NR + 1
        printf "<trans-unit id=\"%d\" xml:space=\"preserve\"%s anv:before=\"%s\"><source>%s</source>", \
          i, (i % 3 == 0 ? " approved=\"yes\"" : ""), (i == 1 ? "" : (i % 4 ? " " : "\\n\\n")), hi[k]
        if (i % 3 == 0) printf "<target state=\"translated\">%s</target>", en[k]
        if (i % 5 == 0) printf "<alt-trans match-quality=\"87\" origin=\"tm.tmx\"><source>%s</source><target>%s</target></alt-trans>", hi[k], en[k]
        print "</trans-unit>"
      }
      print "</body></file></xliff>"
    }' >"$BIG"
fi
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
t=$(date +%s%N)
"$ANUVAD" export "$BIG" --text "$BENCH_DIR/xliff-10k.txt" 2>/dev/null
echo "xliff_read_10k_units: $(ms "$t") ms"
t=$(date +%s%N)
"$ANUVAD" export "$BIG" --omegat "$BENCH_DIR/xliff-10k-out.xlf" 2>/dev/null
echo "xliff_read_and_save_10k_units: $(ms "$t") ms"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%M' -o "$BENCH_DIR/rss" \
    "$ANUVAD" export "$BIG" --text "$BENCH_DIR/xliff-10k.txt" 2>/dev/null
  echo "xliff_read_10k_peak_rss: $(( $(tail -n 1 "$BENCH_DIR/rss") / 1024 )) MiB"
fi
echo "xliff_10k_file_size: $(( $(wc -c <"$BIG") / 1024 )) KiB"
