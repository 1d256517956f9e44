# xliff.sh - our XLIFF in the real peer tools: the XLIFF 1.2 schema
# (xmllint), Translate Toolkit (xliff2po, pocount) and OmegaT 3.6's own
# XLIFF filter (headless console-translate).  The files are the fixtures
# our writer produced (tests/unit/test_xliff_fixtures.c checks that they
# are exactly what it writes today).
. tests/lib.sh

FIX=$ROOT/tests/interop/fixtures
XSD=$SHARED/data/schemas/xliff-core-1.2-transitional.xsd
SRC=$ROOT/examples/kazakhstan-csto.hi.txt

# --- the schema ----------------------------------------------------------------
for f in seed.xlf seed-omegat.xlf layout.xlf; do
  if xmllint --noout --nonet --schema "$XSD" "$FIX/$f" >"$T/xsd.log" 2>&1
  then ok "$f is valid XLIFF 1.2 (transitional schema)"
  else fail "$f is not valid: $(tail -n 3 "$T/xsd.log")"; fi
done
# the check can fail: a state XLIFF does not define
sed 's/state="signed-off"/state="reviewed"/' "$FIX/seed.xlf" >"$T/bad.xlf"
if xmllint --noout --nonet --schema "$XSD" "$T/bad.xlf" >/dev/null 2>&1
then fail "the schema accepted state=\"reviewed\""
else ok "the schema rejects an invalid state (the check works)"; fi

# --- Translate Toolkit ----------------------------------------------------------
# pocount reads our states: 4 confirmed (approved="yes"), 1 fuzzy
# (needs-review-translation), 22 without target.
out=$(pocount --short-strings --no-color "$FIX/seed.xlf" 2>&1)
case "$out" in
  *"total: 27"*"| 4t"*"1f"*"22u"*) ok "pocount: 27 units, 4 translated, 1 fuzzy, 22 untranslated" ;;
  *) fail "pocount says: $out" ;;
esac
out=$(pocount --short-words --no-color "$FIX/seed.xlf" 2>&1)
case "$out" in
  *"total: 636"*"| 46t"*"26f"*"564u"*) ok "pocount: 636 source words, 46 translated, 26 fuzzy" ;;
  *) fail "pocount words: $out" ;;
esac
if xliff2po "$FIX/seed.xlf" "$T/seed.po" >"$T/tt.log" 2>&1; then
  ok "xliff2po converts our XLIFF"
else
  fail "xliff2po failed: $(tail -n 3 "$T/tt.log")"
fi
n=$(grep -c '^msgid' "$T/seed.po")
if [ "$n" -eq 28 ]; then ok "xliff2po: 27 messages and the header"
else fail "xliff2po: $n msgid lines, wanted 28"; fi
if grep -A 3 '^#: 2$' "$T/seed.po" | grep -q '^#, fuzzy'; then
  ok "xliff2po: the fuzzy match is a fuzzy message"
else
  fail "xliff2po: unit 2 is not fuzzy"
fi
if grep -q '^msgstr "January 14, 2022"$' "$T/seed.po"; then
  ok "xliff2po: a confirmed target is the translation"
else
  fail "xliff2po: the dateline's translation is missing"
fi
# layout stays in our attributes: the PO has the sources as the translator
# sees them, never the document's line breaks or escapes
xliff2po "$FIX/layout.xlf" "$T/layout.po" >/dev/null 2>&1
if grep -q '^msgid "दूसरा वाक्य दो पंक्तियों में है।"$' "$T/layout.po" &&
   ! grep -q '\\\\r' "$T/layout.po"; then
  ok "xliff2po: a wrapped paragraph is one clean message"
else
  fail "xliff2po: layout leaked into the messages"
fi

# --- OmegaT 3.6 -------------------------------------------------------------------
if [ ! -f "$OMEGAT_JAR" ]; then
  fail "OmegaT is not installed ($OMEGAT_JAR)"
  finish; exit
fi

# 1. The OmegaT flavour: OmegaT translates two of our untranslated units
#    from its project memory; we read its target file back.
"$ANUVAD" export "$FIX/seed.xlf" --omegat "$T/seed-omegat.xlf" 2>/dev/null
P=$T/omegat1
omegat_project "$P" "$T/seed-omegat.xlf"
us=$(sed -n 's|.*<source>\(अमेरिका ने कहा कि वह कज़ाख़स्तान[^<]*\)</source>.*|\1|p' "$FIX/seed.xlf")
cat >"$P/omegat/project_save.tmx" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="anuvad-tests" creationtoolversion="1" segtype="paragraph" o-tmf="OmegaT TMX" adminlang="EN-US" srclang="hi-IN" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="hi-IN"><seg>$us</seg></tuv><tuv xml:lang="en-US"><seg>The US said it is monitoring developments in Kazakhstan.</seg></tuv></tu>
    <tu><tuv xml:lang="hi-IN"><seg>लेखक</seg></tuv><tuv xml:lang="en-US"><seg>Author</seg></tuv></tu>
  </body>
</tmx>
EOF
if omegat_translate "$P" && [ -f "$P/target/seed-omegat.xlf" ]; then
  ok "OmegaT opens the OmegaT-flavoured XLIFF and writes its target file"
else
  fail "OmegaT failed: $(tail -n 5 "$P/log")"
fi
n=$(omegat_segments "$P")
if [ "$n" = 23 ]; then ok "OmegaT sees the 23 units not yet confirmed (4 locked)"
else fail "OmegaT counted $n segments, wanted 23"; fi
if xmllint --noout --nonet --schema "$XSD" "$P/target/seed-omegat.xlf" >/dev/null 2>&1
then ok "OmegaT's output is still valid XLIFF 1.2"
else fail "OmegaT's output is not valid XLIFF"; fi
# Read back: the confirmed units, OmegaT's two translations, the layout.
TITLE="Russia's CSTO forces begin withdrawal from Kazakhstan after quelling unrest"
printf '%s' "$(LC_ALL=C awk -v t="$TITLE" -v us="$us" '
  NR == 1 || NR == 6 { print t; next }
  NR == 5 { print "January 14, 2022"; next }
  index($0, us) == 1 {
    print "The US said it is monitoring developments in Kazakhstan." \
          substr($0, length(us) + 1); next }
  $0 == "लेखक" { print "Author"; next }
  { print }' "$SRC")" >"$T/want-omegat.txt"
run_anuvad export "$P/target/seed-omegat.xlf" --text "$T/from-omegat.txt"
expect_status 0 "we read OmegaT's target file"
expect_same_file "$T/want-omegat.txt" "$T/from-omegat.txt" \
  "OmegaT's translations arrive, the layout is intact byte for byte"
expect_err_match "21 of 27 segments are not translated" "untouched source copies read as untranslated"
expect_err_match "2 of 27 segments are translated but not confirmed" "OmegaT's translations wait for confirmation"

# 2. The plain project file: OmegaT's filter only sees units that have a
#    <target> (it translates the target text) and keeps our attributes.
P=$T/omegat2
omegat_project "$P" "$FIX/seed.xlf"
if omegat_translate "$P" && [ -f "$P/target/seed.xlf" ]; then
  ok "OmegaT opens the plain project XLIFF"
else
  fail "OmegaT failed on seed.xlf: $(tail -n 5 "$P/log")"
fi
n=$(omegat_segments "$P")
if [ "$n" = 5 ]; then ok "OmegaT sees only the 5 units that have a target (documented)"
else fail "OmegaT counted $n segments in seed.xlf, wanted 5"; fi
"$ANUVAD" export "$FIX/seed.xlf" --text "$T/ours.txt" 2>/dev/null
run_anuvad export "$P/target/seed.xlf" --text "$T/theirs.txt"
expect_status 0 "we read OmegaT's copy of the plain file"
expect_same_file "$T/ours.txt" "$T/theirs.txt" "OmegaT keeps every anuvad attribute: same document"

finish
