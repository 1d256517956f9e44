# tm_cli.sh - `anuvad tm`: import, export, add, delete, lookup,
# concordance, stats; errors that leave the TM untouched; the lock; the
# default TM.
. tests/lib.sh

export SOURCE_DATE_EPOCH=1700000000 ANUVAD_AUTHOR=tester
TM="$T/my.tmx"

# ---- import ------------------------------------------------------------------
printf 'नमस्ते।\tHello.\nधन्यवाद।\tThank you.\tfrom a note\n\nनमस्ते।\tHello.\n' \
  > "$T/a.tsv"
run_anuvad tm import --into "$TM" "$T/a.tsv"
expect_status 0 "import TSV"
expect_out "$T/a.tsv: read 3, added 2, merged 1, skipped 0
$TM: 2 units" "import counts"
if [ -z "$errout" ]; then ok "no progress on stderr when it is not a terminal"
else fail "stderr not empty: $errout"; fi
expect_same_file "$TM" "$TM" # exists
if grep -q '<note>from a note</note>' "$TM"; then ok "third TSV column is a note"
else fail "note missing"; fi

run_anuvad tm import --into "$TM" --json "$T/a.tsv"
expect_out "{\"tm\":\"$TM\",\"files\":[{\"file\":\"$T/a.tsv\",\"read\":3,\"added\":0,\"merged\":3,\"skipped\":0}],\"read\":3,\"added\":0,\"merged\":3,\"skipped\":0,\"units\":2}" \
  "import --json, all merged the second time"

# A broken TMX: clean error, exit 1, the TM on disk untouched.
cp "$TM" "$T/before.tmx"
printf '<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>\n<tu><tuv xml:lang="en"><seg>a</seg></tuv>\n<tu>\n' > "$T/broken.tmx"
run_anuvad tm import --into "$TM" "$T/a.tsv" "$T/broken.tmx"
expect_status 1 "broken TMX"
expect_err_match "^anuvad: $T/broken.tmx:[0-9]+: " "error names file and line"
expect_same_file "$TM" "$T/before.tmx" "TM untouched after a failed import"

# UTF-16 with a broken surrogate: libxml2's own message must not leak out.
printf '\377\376<\000t\000m\000x\000>\000\000\330a\000<\000/\000t\000m\000x\000>\000' \
  > "$T/bad16.tmx"
run_anuvad tm import --into "$TM" "$T/bad16.tmx"
expect_status 1 "bad UTF-16"
if [ "$(printf '%s\n' "$errout" | wc -l)" -eq 2 ] &&
   printf '%s' "$errout" | head -n 1 | grep -q "^anuvad: $T/bad16.tmx: input conversion failed"; then
  ok "encoding error: one clean message, nothing printed by libxml2"
else fail "stderr: $errout"; fi

run_anuvad tm import --into "$TM" "$T/missing.tmx"
expect_status 1 "missing file"
expect_err_match "missing.tmx: cannot open: No such file" "missing file message"

# Aligned files, and a sample from another tool (TMX 1.1, other languages).
printf 'एक\nदो\n' > "$T/s.txt"; printf 'one\ntwo\n' > "$T/t.txt"
run_anuvad tm import --into "$TM" --source-file "$T/s.txt" --target-file "$T/t.txt"
expect_out "$T/s.txt: read 2, added 2, merged 0, skipped 0
$TM: 4 units" "aligned files"
run_anuvad tm import --into "$TM" "$SHARED/data/tmx-samples/omegat/test-multiple-tuv.tmx"
expect_out_match ": read 3, added 3, merged 0, skipped 0" "TMX 1.1 sample"

# ---- lookup --------------------------------------------------------------------
run_anuvad tm lookup --tm "$TM" 'नमस्ते।' 'कुछ नहीं'
expect_status 0 "lookup"
expect_out "> नमस्ते।
100%  नमस्ते।
      Hello.

> कुछ नहीं
(no match of 50% or more)" "lookup prints each text, its matches and targets"
run_anuvad_stdin 'धन्यवाद।
एक
' tm lookup --tm "$TM" --json
expect_out '{"query":"धन्यवाद।","matches":[{"score":100,"source":"धन्यवाद।","target":"Thank you.","tuid":null,"changedate":"2023-11-14T22:13:20Z","diff":[],"usagecount":null,"number_mismatches":0,"tag_mismatches":0,"target_seg":"Thank you.","target_lang":"en-US"}]}
{"query":"एक","matches":[{"score":100,"source":"एक","target":"one","tuid":null,"changedate":"2023-11-14T22:13:20Z","diff":[],"usagecount":null,"number_mismatches":0,"tag_mismatches":0,"target_seg":"one","target_lang":"en-US"}]}' \
  "lookup --json, one line per stdin line"
# test-multiple-tuv: EN-US with ES, ES-AR, ES-BO, FR-CA x2, FR, DE / FR-FR, FR.
run_anuvad tm lookup --tm "$TM" --source-lang en --target-lang es-AR 'Hello World!'
expect_out "100%  Hello World!
      (es_AR) ¡Hola Mundo!" "exact target tag among many"
run_anuvad tm lookup --tm "$TM" --source-lang en-us --target-lang fr-FR \
  'Hello World!' 'Hello Worlds.'
expect_out "$(printf '> Hello World!\n100%%  Hello World!\n      fr Bonjour tout le monde\302\240!  (FR)\n\n> Hello Worlds.\n100%%  Hello Worlds.\n      fr_FR 2 Bonjour les mondes.')" \
  "fr-FR: bare FR before FR-CA; FR-FR exact (and the sample's no-break space)"
run_anuvad tm lookup --tm "$TM" --source-lang EN_us --target-lang es-MX \
  'This is an english sentence.'
expect_out "100%  This is an english sentence.
      Es una oración en inglés.  (ES)" "es-MX finds ES"

# ---- add, delete ----------------------------------------------------------------
run_anuvad tm add --tm "$TM" 'तीन' 'three'
expect_out "added (unit 7)" "add"
run_anuvad tm add --tm "$TM" 'तीन' 'three'
expect_out "already there: used 2 times (unit 7)" "same pair again"
if [ ! -e "$TM.journal" ] && grep -q '<seg>three</seg>' "$TM"; then
  ok "saved into the TMX, journal folded"
else fail "not saved or journal left"; fi
if [ -e "$TM.bak" ]; then ok "previous TMX kept as .bak"; else fail "no .bak"; fi
run_anuvad tm add --tm "$TM" --defer 'चार' 'four'
if [ -e "$TM.journal" ] && ! grep -q '<seg>four</seg>' "$TM"; then
  ok "--defer: only in the journal"
else fail "--defer wrote the TMX"; fi
run_anuvad tm lookup --tm "$TM" 'चार'
expect_out "100%  चार
      four" "journaled unit is found"
run_anuvad tm delete --tm "$TM" 'एक' 'one'
expect_out "deleted 1 unit" "delete"
if grep -q '<seg>four</seg>' "$TM" && ! grep -q '<seg>one</seg>' "$TM"; then
  ok "delete saved, journal folded"; else fail "delete not saved"; fi
run_anuvad tm add --tm "$TM" 'x' ''
expect_status 1 "empty target refused"
expect_err_match "^anuvad: the target is empty$" "empty target message"

# ---- concordance ------------------------------------------------------------------
run_anuvad tm concordance --tm "$TM" --width 12 'you'
expect_out "      Thank [you].  | धन्यवाद।" "concordance KWIC"
run_anuvad tm concordance --tm "$TM" --json --side source 'नमस्ते'
expect_out '{"id":0,"side":"source","source":"नमस्ते।","target":"Hello.","start":0,"end":18,"changedate":"2023-11-14T22:13:20Z"}' \
  "concordance --json"

# ---- stats, export ------------------------------------------------------------------
run_anuvad tm stats --tm "$TM" --json
expect_out "{\"tm\":\"$TM\",\"units\":8,\"tuvs\":24,\"pair\":{\"source\":\"hi-IN\",\"target\":\"en-US\",\"units\":5,\"with_tags\":0,\"sources_with_several_targets\":0,\"repeated_units\":0},\"languages\":{\"en-us\":8,\"hi-in\":5,\"de\":2,\"es\":2,\"fr\":2,\"fr-ca\":2,\"es-ar\":1,\"es-bo\":1,\"fr-fr\":1},\"combinations\":[{\"languages\":\"en-us + hi-in\",\"units\":5},{\"languages\":\"de + en-us + es\",\"units\":1},{\"languages\":\"de + en-us + es + es-ar + es-bo + fr + fr-ca + fr-ca\",\"units\":1},{\"languages\":\"en-us + fr + fr-fr\",\"units\":1}],\"first_date\":\"2023-11-14T22:13:20Z\",\"last_date\":\"2023-11-14T22:13:20Z\",\"notes\":1,\"props\":0,\"memory_bytes\":$(printf '%s' "$out" | sed 's/.*"memory_bytes":\([0-9]*\)}/\1/')}" \
  "stats --json"
run_anuvad tm export --tm "$TM" -o "$T/out.tmx"
expect_status 0 "export"
expect_err_match "out.tmx: 8 units" "export count"
if [ "$(grep -c '<tu[ >]' "$T/out.tmx")" = 8 ]; then ok "8 units written"
else fail "wrong unit count in export"; fi
run_anuvad tm export --tm "$TM" --source-lang hi-IN --target-lang en-US
if [ "$(printf '%s' "$out" | grep -c '<tu[ >]')" = 5 ] &&
   ! printf '%s' "$out" | grep -q 'xml:lang="be"'; then
  ok "export of one pair to stdout"; else fail "pair export"; fi
run_anuvad tm export --tm "$TM" --since 2030-01-01
if ! printf '%s' "$out" | grep -q '<tu'; then ok "--since in the future: no units"
else fail "--since"; fi
run_anuvad tm export --tm "$TM" --since yesterday
expect_status 2 "--since needs a date"

# ---- the lock ------------------------------------------------------------------------
( flock "$TM.lock" sleep 2 ) &
sleep 0.5
run_anuvad tm add --tm "$TM" 'पाँच' 'five'
expect_status 1 "second writer refused"
expect_err_match "my.tmx.lock: locked: another process is writing this TM" "lock message"
expect_err_match "--wait" "lock message suggests --wait"
run_anuvad tm lookup --tm "$TM" 'तीन'
expect_out "100%  तीन
      three" "readers do not wait"
run_anuvad tm add --tm "$TM" --wait 'पाँच' 'five'
expect_status 0 "--wait waits for the lock"
wait

# ---- default TM, usage -----------------------------------------------------------------
run_anuvad tm lookup --max 1 'वाह!'
expect_out "100%  वाह!
      Wow!" "default TM (tm/hi-en.tmx) without --tm"
run_anuvad tm
expect_status 2 "tm without subcommand"
run_anuvad tm frobnicate
expect_status 2 "unknown subcommand"
run_anuvad tm import "$T/a.tsv"
expect_status 2 "import without --into"
run_anuvad tm import --help
expect_status 0 "import --help"
expect_out_match "^Usage: anuvad tm import" "import --help text"
run_anuvad tm --help
expect_out_match "concordance" "tm --help lists subcommands"

finish
