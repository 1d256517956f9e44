# formats.sh - a project made from a web page (inline codes as
# <bpt>/<ept>/<ph> in the XLIFF) in the peer tools: the XLIFF 1.2 schema
# (xmllint), Translate Toolkit's pocount, and OmegaT 3.6 (headless), which
# must open it, keep every code, and give back a file we read and export
# to the same page.
. tests/lib.sh

XSD=$SHARED/data/schemas/xliff-core-1.2-transitional.xsd
PAGE=$ROOT/examples/kazakhstan-csto.hi.html

"$ANUVAD" tm import --into "$T/demo.tmx" "$ROOT/examples/csto-earlier-report.tsv" \
  >/dev/null 2>&1
run_anuvad pretranslate --tm "$T/demo.tmx" -o "$T/page.xlf" "$PAGE"
expect_status 0 "the seed article as HTML pre-translated"
codes=$(grep -c '<bpt id=' "$T/page.xlf")
[ "$codes" -ge 2 ] && ok "the project has inline codes ($codes units with <bpt>)" \
  || fail "no inline codes in the project"

# --- the schema ---------------------------------------------------------------
if xmllint --noout --nonet --schema "$XSD" "$T/page.xlf" >"$T/xsd.log" 2>&1
then ok "a project with inline codes is valid XLIFF 1.2 (transitional)"
else fail "not valid: $(tail -n 3 "$T/xsd.log")"; fi
"$ANUVAD" export "$T/page.xlf" --omegat "$T/page-omegat.xlf" 2>/dev/null
if xmllint --noout --nonet --schema "$XSD" "$T/page-omegat.xlf" >"$T/xsd.log" 2>&1
then ok "its OmegaT flavour is valid XLIFF 1.2"
else fail "OmegaT flavour not valid: $(tail -n 3 "$T/xsd.log")"; fi

# --- Translate Toolkit ----------------------------------------------------------
units=$(grep -c '<trans-unit' "$T/page.xlf")
confirmed=$(grep -c 'approved="yes"' "$T/page.xlf")
out=$(pocount --short-strings --no-color "$T/page.xlf" 2>&1)
case "$out" in
  *"total: $units"*"| ${confirmed}t"*) ok "pocount reads it: $units units, $confirmed translated" ;;
  *) fail "pocount says: $out (wanted $units units, $confirmed translated)" ;;
esac

# --- OmegaT 3.6 -------------------------------------------------------------------
if [ ! -f "$OMEGAT_JAR" ]; then
  fail "OmegaT is not installed ($OMEGAT_JAR)"
  finish; exit
fi
P=$T/omegat
omegat_project "$P" "$T/page-omegat.xlf"
cat >"$P/omegat/project_save.tmx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="anuvad-tests" creationtoolversion="1" segtype="paragraph" o-tmf="OmegaT TMX" adminlang="EN-US" srclang="hi-IN" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="hi-IN"><seg>बल</seg></tuv><tuv xml:lang="en-US"><seg>Forces</seg></tuv></tu>
  </body>
</tmx>
EOF
if omegat_translate "$P" && [ -f "$P/target/page-omegat.xlf" ]; then
  ok "OmegaT opens the project with inline codes and writes its target file"
else
  fail "OmegaT failed: $(tail -n 5 "$P/log")"
fi
n=$(omegat_segments "$P")
want=$((units - confirmed))
[ "$n" = "$want" ] && ok "OmegaT sees the $want units not yet confirmed" \
  || fail "OmegaT counted $n segments, wanted $want"
if xmllint --noout --nonet --schema "$XSD" "$P/target/page-omegat.xlf" >/dev/null 2>&1
then ok "OmegaT's output is still valid XLIFF 1.2"
else fail "OmegaT's output is not valid XLIFF"; fi
# (OmegaT writes " as &quot; inside them: the same XML)
codes_of() {
  grep -o '<[be]pt id="[0-9]*">[^<]*</[be]pt>' "$1" | sed 's/&quot;/"/g' |
    sort | uniq -c
}
a=$(codes_of "$T/page-omegat.xlf")
b=$(codes_of "$P/target/page-omegat.xlf")
[ -n "$a" ] && [ "$a" = "$b" ] && ok "OmegaT keeps every inline code with its markup" \
  || fail "OmegaT changed the codes"
run_anuvad export "$P/target/page-omegat.xlf" --document "$T/from-omegat.html"
expect_status 0 "we read OmegaT's target file and export the page"
# what we gave OmegaT, read back by us (unconfirmed targets went to
# alt-trans in the OmegaT flavour)
"$ANUVAD" export "$T/page-omegat.xlf" --document "$T/ours.html" 2>/dev/null
sed 's|<th>बल</th>|<th>Forces</th>|' "$T/ours.html" >"$T/want.html"
expect_same_file "$T/want.html" "$T/from-omegat.html" \
  "OmegaT's translation arrives, every other byte of the page as ours"

finish
