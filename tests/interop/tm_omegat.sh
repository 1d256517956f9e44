# tm_omegat.sh - OmegaT 3.6 uses anuvad's TMX (in tm/auto/ of a project,
# exact matches become the translation), and anuvad imports the TMX that
# OmegaT writes (console-createpseudotranslatetmx, TMX 1.1 with lang=).
. tests/lib.sh

P="$T/project"
omegat_project "$P"
mkdir -p "$P/tm/auto"
# OmegaT's text filter joins lines into paragraphs and its default rules
# do not split at the danda, so one paragraph per sentence.
printf 'वाह!\n\nटॉम मैरी का जेठ है।\n\nयह वाक्य किसी टीएम में नहीं है।\n\nनया वाक्य।\n' \
  >"$P/source/doc.txt"

# Our TMX: the default TM, plus one unit added through the journal.
export SOURCE_DATE_EPOCH=1700000000
cp "$ROOT/tm/hi-en.tmx" "$P/tm/auto/hi-en.tmx"
run_anuvad tm add --tm "$P/tm/auto/hi-en.tmx" 'नया वाक्य।' 'A new sentence.'
expect_status 0 "add a unit to the TM OmegaT will use"

omegat_translate "$P"
printf 'Wow!\n\nTom is Mary'"'"'s husband'"'"'s older brother.\n\nयह वाक्य किसी टीएम में नहीं है।\n\nA new sentence.\n' \
  >"$T/want.txt"
if cmp -s "$P/target/doc.txt" "$T/want.txt"; then
  ok "OmegaT filled exact matches from our TMX in tm/auto"
else
  fail "OmegaT target differs"
  diff "$T/want.txt" "$P/target/doc.txt" | head -n 10
  tail -n 5 "$P/log"
fi

timeout 600 java -Djava.awt.headless=true -Duser.home="$P/home" \
  -jar "$OMEGAT_JAR" --mode=console-createpseudotranslatetmx \
  --pseudotranslatetmx="$T/pseudo.tmx" --pseudotranslatetype=equal "$P" \
  >"$T/omegat2.log" 2>&1
run_anuvad tm import --into "$T/from-omegat.tmx" "$T/pseudo.tmx"
expect_out "$T/pseudo.tmx: read 4, added 4, merged 0, skipped 0
$T/from-omegat.tmx: 4 units" "import OmegaT's TMX"
run_anuvad tm lookup --tm "$T/from-omegat.tmx" --min 100 'नया वाक्य।' 'वाह!'
expect_out "> नया वाक्य।
100%  नया वाक्य।
      नया वाक्य।

> वाह!
100%  वाह!
      वाह!" \
  "OmegaT's pairs (pseudo-translation: target = source)"

finish
