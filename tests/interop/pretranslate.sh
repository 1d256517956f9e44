# pretranslate.sh - a pre-translated project in the real peer tools:
# the XLIFF 1.2 schema (xmllint), Translate Toolkit (pocount, xliff2po),
# OmegaT 3.6 (opens the project; its word and character statistics
# compared with `anuvad analyze` on the seed article, segment by segment).
. tests/lib.sh

XSD=$SHARED/data/schemas/xliff-core-1.2-transitional.xsd
SEED=$ROOT/examples/kazakhstan-csto.hi.txt
cd "$T" || exit 1

# a TM with an exact, an in-context, a fuzzy and a number-fixed match
cat >tm.tmx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en-US" srclang="hi-IN" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="hi-IN"><seg>रूस के सीएसटीओ बलों ने अशांति ख़त्म करने के बाद कज़ाख़स्तान से वापसी शुरू की</seg></tuv><tuv xml:lang="en-US"><seg>Russia's CSTO forces begin withdrawal from Kazakhstan after quelling unrest</seg></tuv></tu>
    <tu><tuv xml:lang="hi-IN"><seg>जनवरी 13, 2022</seg></tuv><tuv xml:lang="en-US"><seg>January 13, 2022</seg></tuv></tu>
    <tu><tuv xml:lang="hi-IN"><seg>अमेरिका ने कहा कि वह कज़ाख़स्तान के घटनाक्रम पर नज़र बनाए हुए है।</seg></tuv><tuv xml:lang="en-US"><seg>The US said it is monitoring developments in Kazakhstan.</seg></tuv></tu>
    <tu><prop type="x-context-prev">Statecraft Staff</prop><prop type="x-context-next">Editorial Team</prop><tuv xml:lang="hi-IN"><seg>लेखक</seg></tuv><tuv xml:lang="en-US"><seg>Author</seg></tuv></tu>
  </body>
</tmx>
EOF
cp "$SEED" seed.hi.txt
"$ANUVAD" pretranslate --tm tm.tmx -o seed.xlf seed.hi.txt 2>pt.log ||
  fail "pretranslate failed: $(cat pt.log)"
# units: 1 and 4 the title (100, then a repetition), 3 the dateline
# (numbers fixed), 22 fuzzy, 25 "लेखक" (100: its context in the TM is not
# this document's), 23 more without a target
if xmllint --noout --nonet --schema "$XSD" seed.xlf >xsd.log 2>&1
then ok "the pre-translated project is valid XLIFF 1.2 (transitional schema)"
else fail "invalid: $(tail -n 3 xsd.log)"; fi
n=$(grep -c 'state="translated"' seed.xlf); f=$(grep -c 'state="needs-review-translation"' seed.xlf)
[ "$n" = 3 ] && [ "$f" = 2 ] && ok "3 translated and 2 fuzzy units" || fail "$n translated, $f fuzzy"

# --- Translate Toolkit --------------------------------------------------------------
out=$(pocount --short-strings --no-color seed.xlf 2>&1)
case "$out" in
  *"total: 27"*"| 3t"*"2f"*"22u"*) ok "pocount: 27 units, 3 translated, 2 fuzzy, 22 untranslated (our states)" ;;
  *) fail "pocount says: $out" ;;
esac
if xliff2po seed.xlf seed.po >tt.log 2>&1; then ok "xliff2po converts the project"
else fail "xliff2po failed: $(tail -n 3 tt.log)"; fi
n=$(grep -c '^msgid' seed.po)
[ "$n" -eq 28 ] && ok "xliff2po: 27 messages and the header" || fail "xliff2po: $n msgid lines"
n=$(grep -A1 "^#, fuzzy" seed.po | grep -c "^msgid \"[^\"]")
[ "$n" -eq 2 ] && ok "xliff2po: the two fuzzy targets are fuzzy messages" || fail "xliff2po: $n fuzzy"
if grep -q '^msgstr "January 14, 2022"$' seed.po; then
  ok "xliff2po: the number-fixed dateline arrives as the translation"
else fail "xliff2po: no 'January 14, 2022'"; fi

# --- OmegaT 3.6 -------------------------------------------------------------------------
if [ ! -f "$OMEGAT_JAR" ]; then
  fail "OmegaT is not installed ($OMEGAT_JAR)"
  finish; exit
fi
# 1. OmegaT opens the project in its OmegaT flavour: the 24 units that are
#    not confirmed are its segments, and its target file comes back intact.
"$ANUVAD" export seed.xlf --omegat seed-omegat.xlf 2>/dev/null
omegat_project o1 seed-omegat.xlf
if omegat_translate o1 && [ -f o1/target/seed-omegat.xlf ]; then
  ok "OmegaT opens the pre-translated project and writes its target file"
else fail "OmegaT failed: $(tail -n 5 o1/log)"; fi
n=$(omegat_segments o1)
[ "$n" = 24 ] && ok "OmegaT sees the 24 units not confirmed" || fail "OmegaT counted $n segments, wanted 24"
run_anuvad export o1/target/seed-omegat.xlf --text theirs.txt
expect_status 0 "we read OmegaT's target file back"
# The flavour keeps unconfirmed targets aside for OmegaT (docs/xliff.md),
# so the document read back has the three confirmed translations (the
# title twice, the byline) and the source everywhere else; OmegaT drops
# the final newline.
TITLE="Russia's CSTO forces begin withdrawal from Kazakhstan after quelling unrest"
printf '%s' "$(awk -v t="$TITLE" 'NR == 1 || NR == 6 { print t; next }
  $0 == "लेखक" { print "Author"; next } { print }' "$SEED")" >want.txt
expect_same_file want.txt theirs.txt "OmegaT's file gives our document back: confirmed targets, layout byte for byte"

# 2. Statistics.  OmegaT loads one file per anuvad segment (its own
#    segmentation off), so both tools count the same text.
omegat_project o2
"$ANUVAD" segment "$SEED" | grep -v '^$' |
  awk '{ f = sprintf("o2/source/s%02d.txt", NR); printf "%s", $0 > f; close(f) }'
omegat_translate o2 || fail "OmegaT failed on the statistics project: $(tail -n 5 o2/log)"
awk -F'\t' '/^s[0-9]+\.txt/ { gsub(/ /, ""); print $1, $6, $10, $14 }' \
  o2/omegat/project_stats.txt >omegat.txt
(cd o2/source && "$ANUVAD" analyze --tm "$T/tm.tmx" --csv s*.txt) | tr -d '\r' |
  awk -F, '$2 == "total" && $1 != "" { print $1, $4, $5, $6 }' >anuvad.txt
n=$(wc -l <omegat.txt)
[ "$n" = 27 ] && ok "OmegaT counted the 27 segments" || fail "OmegaT stats for $n files"
same_chars=$(paste -d' ' omegat.txt anuvad.txt | awk '$3 == $7 && $4 == $8' | wc -l)
[ "$same_chars" = 27 ] && ok "characters with and without spaces: the same in all 27 segments" ||
  fail "characters differ in $((27 - same_chars)) segments"
diff_words=$(paste -d' ' omegat.txt anuvad.txt | awk '$2 != $6 { printf "%s:%d ", $1, $6 - $2 }')
expect() { if [ "$1" = "$2" ]; then ok "$3"; else fail "$3: got '$1'"; fi; }
expect "$diff_words" "s09.txt:1 s11.txt:1 s17.txt:1 " \
  "words differ only in the 3 segments with a hyphenated compound (पूर्व-सोवियत, कासिम-जोमार्ट, दक्षिण-पश्चिमी): ICU counts 2 words, OmegaT 1"
total=$(awk '{ s += $2 } END { print s }' omegat.txt)
expect "$total" 636 "OmegaT: 636 words in all"
run_anuvad analyze --tm tm.tmx --csv "$SEED"
expect "$(printf '%s\n' "$out" | tr -d '\r' | awk -F, '$1 == "" && $2 == "total" { print $3, $4, $5, $6 }')" \
  "27 639 2716 3325" "anuvad: 27 segments, 639 words, 2716 / 3325 characters"

finish
