# pretranslate.sh - `anuvad pretranslate` and `anuvad analyze` end to end:
# a small TM made here with one unit for each case (exact, in context,
# fuzzy, numbers fixed: Devanagari digits, Indian grouping, a month name;
# numbers that cannot be fixed, two translations of one source, a low
# match, no match, a repetition), the exact project and analysis table;
# the seed article's round trip; --jobs 1 and 2 giving the same bytes; bad
# input (one-line error, exit 1, nothing written).
. tests/lib.sh

SEED=$ROOT/examples/kazakhstan-csto.hi.txt
cd "$T" || exit 1

cat >small.tmx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en-US" srclang="hi-IN" datatype="plaintext"/>
  <body>
    <tu tuid="exact" changedate="20240101T000000Z"><tuv xml:lang="hi-IN"><seg>राम घर गया।</seg></tuv><tuv xml:lang="en-US"><seg>Ram went home.</seg></tuv></tu>
    <tu tuid="ctx" changedate="20240101T000000Z"><prop type="x-context-prev">यह एक परीक्षा है।</prop><prop type="x-context-next">मौसम आज बहुत अच्छा है।</prop><tuv xml:lang="hi-IN"><seg>सीता स्कूल जाती है।</seg></tuv><tuv xml:lang="en-US"><seg>Sita goes to school.</seg></tuv></tu>
    <tu tuid="fuzzy" changedate="20240101T000000Z"><tuv xml:lang="hi-IN"><seg>मौसम आज बहुत खराब है।</seg></tuv><tuv xml:lang="en-US"><seg>The weather is very bad today.</seg></tuv></tu>
    <tu tuid="date" changedate="20240101T000000Z"><tuv xml:lang="hi-IN"><seg>बैठक 19 जनवरी को हुई।</seg></tuv><tuv xml:lang="en-US"><seg>The meeting was held on January 19.</seg></tuv></tu>
    <tu tuid="lakh" changedate="20240101T000000Z"><tuv xml:lang="hi-IN"><seg>सरकार ने 50,000 रुपये दिए।</seg></tuv><tuv xml:lang="en-US"><seg>The government gave 50,000 rupees.</seg></tuv></tu>
    <tu tuid="month" changedate="20240101T000000Z"><tuv xml:lang="hi-IN"><seg>परिणाम 5 मार्च को आएंगे।</seg></tuv><tuv xml:lang="en-US"><seg>The results will come on March 5.</seg></tuv></tu>
    <tu tuid="low" changedate="20240101T000000Z"><tuv xml:lang="hi-IN"><seg>वह रोज़ सुबह दौड़ने जाता है।</seg></tuv><tuv xml:lang="en-US"><seg>He goes running every morning.</seg></tuv></tu>
    <tu tuid="thanks1" changedate="20240101T000000Z"><tuv xml:lang="hi-IN"><seg>आपका बहुत धन्यवाद।</seg></tuv><tuv xml:lang="en-US"><seg>Thank you very much.</seg></tuv></tu>
    <tu tuid="thanks2" changedate="20240201T000000Z"><tuv xml:lang="hi-IN"><seg>आपका बहुत धन्यवाद।</seg></tuv><tuv xml:lang="en-US"><seg>Many thanks.</seg></tuv></tu>
    <tu tuid="unsure" changedate="20240101T000000Z"><tuv xml:lang="hi-IN"><seg>कीमत 8 रुपये है।</seg></tuv><tuv xml:lang="en-US"><seg>The price is eight rupees.</seg></tuv></tu>
  </body>
</tmx>
EOF
cat >doc.hi.txt <<'EOF'
राम घर गया।
यह एक परीक्षा है। सीता स्कूल जाती है।
मौसम आज बहुत अच्छा है।
बैठक २१ जनवरी को हुई।
सरकार ने १,००,००० रुपये दिए।
परिणाम 7 अप्रैल को आएंगे।
वह रोज़ शाम को टहलने जाता है।
आपका बहुत धन्यवाद।
राम घर गया।
कल भारी बारिश होगी और सड़कें बंद रहेंगी।
कीमत 9 रुपये है।
EOF

# units() XLIFF: one line a unit: id, state, qualifier, quality, marks,
# number of alt-trans, target (or -), then the notes.
units() {
  awk '
  function attr(s, name,   m) {
    if (match(s, " " name "=\"[^\"]*\"")) return substr(s, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
    return "-"
  }
  function text(s) { sub(/^[^>]*>/, "", s); sub(/<\/[a-z:-]*>$/, "", s); return s }
  /<trans-unit / { id = attr($0, "id"); st = "-"; q = "-"; mq = "-"; mk = "-"; t = "-"; alts = 0; notes = "" }
  /^ *<target / && !inalt { st = attr($0, "state"); q = attr($0, "state-qualifier"); mq = attr($0, "anv:match-quality"); mk = attr($0, "anv:marks"); t = text($0) }
  /<alt-trans / { alts++; inalt = 1 }
  /<\/alt-trans>/ { inalt = 0 }
  /<note / { notes = notes " | " text($0) }
  /<\/trans-unit>/ { print id, st, q, mq, mk, alts, t notes }' "$1"
}

# --- the cases ------------------------------------------------------------------
run_anuvad pretranslate --tm small.tmx doc.hi.txt
expect_status 0 "pretranslate with a small TM"
expect_err_match "^anuvad: doc.hi.txt.xlf: 12 segments, 9 with a target \(3 with numbers fixed\), 1 repetition$" "the summary names the project (default name: SOURCE.xlf)"
[ "$errout" = "anuvad: doc.hi.txt.xlf: 12 segments, 9 with a target (3 with numbers fixed), 1 repetition" ] &&
  ok "stderr is not a terminal: no progress, only the summary" || fail "stderr: $errout"
if command -v script >/dev/null 2>&1; then
  script -qec "\"$ANUVAD\" pretranslate --tm small.tmx --force -o tty.xlf doc.hi.txt" /dev/null >tty.log 2>&1
  # each progress line clears the rest of the terminal line first (\033[K)
  if grep -q "$(printf '\r\033\[K')looking up: 12 of 12 segments" tty.log; then
    ok "on a terminal, a progress line"
  else fail "no progress on a terminal: $(od -c tty.log | head -n 3)"; fi
fi
out=$(units doc.hi.txt.xlf)
expect_out "1 translated leveraged-tm 100 - 1 Ram went home.
2 - - - - 0 -
3 translated exact-match 101 - 1 Sita goes to school.
4 needs-review-translation fuzzy-match 80 - 1 The weather is very bad today.
5 needs-review-translation fuzzy-match 99 numbers-fixed 1 The meeting was held on January 21. | numbers fixed: 19→21
6 needs-review-translation fuzzy-match 99 numbers-fixed 1 The government gave 100,000 rupees. | numbers fixed: 50,000→100,000
7 needs-review-translation fuzzy-match 79 numbers-fixed 1 The results will come on April 7. | numbers fixed: March→April, 5→7
8 - - - - 1 -
9 needs-review-translation leveraged-tm 100 - 2 Many thanks. | the TM has 2 translations of this source; the newest is used
10 translated leveraged-inherited 100 - 1 Ram went home. | repetition of unit 1: its target copied
11 - - - - 0 -
12 needs-review-translation fuzzy-match 99 - 1 The price is eight rupees. | numbers not fixed: 8 occurs 1 time in the match's source but 0 in its translation" \
  "every case: state, qualifier, quality, marks, alt-trans, target, notes"
if grep -q 'match-quality="57" origin="small.tmx" tool-id="anuvad" anv:tuid="low"' doc.hi.txt.xlf &&
   ! grep -q 'He goes running' doc.hi.txt.xlf.tmp 2>/dev/null; then
  ok "a 57% match is an alt-trans only (below --min 75)"
else fail "the 57% match is not an alt-trans"; fi
if grep -q 'approved="yes" anv:before' doc.hi.txt.xlf && [ "$(grep -c 'approved="yes"' doc.hi.txt.xlf)" -eq 3 ]; then
  ok "approved=\"yes\" on the three translated units only"
else fail "approved: $(grep -c 'approved="yes"' doc.hi.txt.xlf)"; fi
XSD=$SHARED/data/schemas/xliff-core-1.2-transitional.xsd
if xmllint --noout --nonet --schema "$XSD" doc.hi.txt.xlf >xsd.log 2>&1
then ok "the project is valid XLIFF 1.2 (transitional schema)"
else fail "invalid XLIFF: $(tail -n 3 xsd.log)"; fi

# --min moves the target threshold, not the alt-trans
run_anuvad pretranslate --tm small.tmx --min 50 -o min50.xlf doc.hi.txt
expect_status 0 "--min 50"
out=$(units min50.xlf | sed -n 8p)
expect_out "8 needs-review-translation fuzzy-match 57 - 1 He goes running every morning." "--min 50 fills the 57% match"
run_anuvad pretranslate --tm small.tmx --min 100 -o min100.xlf doc.hi.txt
expect_err_match "12 segments, 4 with a target \(0 with numbers fixed\)" "--min 100: only 100/101 and the repetition"

# the analysis: the same bands from analyze and --report
TABLE="TM: small.tmx (10 units)

doc.hi.txt
  match             segments     words  characters with spaces   words
  in context 101%          1         4          16          19    7.1%
  100%                     2         6          25          29   10.7%
  repetitions              1         3           9          11    5.4%
  95-99%                   3        14          54          65   25.0%
  85-94%                   0         0           0           0    0.0%
  75-84%                   2        10          39          47   17.9%
  50-74%                   1         7          23          29   12.5%
  no match                 2        12          47          57   21.4%
  total                   12        56         213         257  100.0%"
run_anuvad analyze --tm small.tmx doc.hi.txt
expect_status 0 "analyze"
expect_out "$TABLE" "analyze: the table"
run_anuvad pretranslate --tm small.tmx --force --report doc.hi.txt
expect_out "$TABLE" "pretranslate --report gives the same table"
run_anuvad analyze --tm small.tmx --csv doc.hi.txt
expect_out "$(printf '%s\r\n' 'file,band,segments,words,characters,characters_with_spaces' \
  'doc.hi.txt,101,1,4,16,19' 'doc.hi.txt,100,2,6,25,29' 'doc.hi.txt,repetitions,1,3,9,11' \
  'doc.hi.txt,95-99,3,14,54,65' 'doc.hi.txt,85-94,0,0,0,0' 'doc.hi.txt,75-84,2,10,39,47' \
  'doc.hi.txt,50-74,1,7,23,29' 'doc.hi.txt,none,2,12,47,57' 'doc.hi.txt,total,12,56,213,257' \
  ',101,1,4,16,19' ',100,2,6,25,29' ',repetitions,1,3,9,11' ',95-99,3,14,54,65' ',85-94,0,0,0,0' \
  ',75-84,2,10,39,47' ',50-74,1,7,23,29' ',none,2,12,47,57' ',total,12,56,213,257')" "analyze --csv"
run_anuvad analyze --tm small.tmx --json doc.hi.txt
case "$out" in
  '{"tm":"small.tmx","files":[{"file":"doc.hi.txt","bands":{"101":{"segments":1,"words":4,"characters":16,"characters_with_spaces":19},"100":{"segments":2,'*'"none":{"segments":2,"words":12,"characters":47,"characters_with_spaces":57}},"total":{"segments":12,"words":56,"characters":213,"characters_with_spaces":257}}],"job":{"bands":{'*'}}}') ok "analyze --json" ;;
  *) fail "analyze --json: $out" ;;
esac
if printf '%s' "$out" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["job"]["total"]["words"] == 56' 2>/dev/null
then ok "analyze --json parses, job total 56 words"
else fail "analyze --json does not parse"; fi

# two files: repetitions across files, a table per file and one for all
printf 'राम घर गया।\nनई बात।\n' >second.hi.txt
run_anuvad analyze --tm small.tmx doc.hi.txt second.hi.txt
expect_out_match "second.hi.txt
  match             segments     words  characters with spaces   words
  in context 101%          0         0           0           0    0.0%
  100%                     0         0           0           0    0.0%
  repetitions              1         3           9          11   60.0%" "a segment repeated from the first file is a repetition in the second"
expect_out_match "all 2 files
  match             segments     words  characters with spaces   words" "and a table for the whole job"
expect_out_match "  total                   14        61         228         275  100.0%" "job total"

# analyze writes nothing.  The TM's index is a cache: the first open at
# least two seconds after it was built writes small.tmx.idx.ok, its
# "checked" mark (src/match/fuzzy_file.c), and on a slow machine that open
# could be the one under test.  So let the index age and be vouched for
# first, then compare.
sleep 2
run_anuvad analyze --tm small.tmx doc.hi.txt
before=$(ls -l --time-style=full-iso)
run_anuvad analyze --tm small.tmx doc.hi.txt
after=$(ls -l --time-style=full-iso)
[ "$before" = "$after" ] && ok "analyze leaves the folder as it was" || fail "analyze changed the folder"

# --- threads do not change the output --------------------------------------------
{ head -n 120 "$SHARED/data/flores200-devtest-hin-eng/hin_Deva.devtest"
  awk -F'\t' 'NR % 25 == 1 { print $1 }' "$ROOT/tm/tatoeba-hin-eng.tsv" | head -n 120
  awk -F'\t' 'NR % 25 == 2 { sub(/।$/, "", $1); print $1 " २०२२।" }' "$ROOT/tm/tatoeba-hin-eng.tsv" | head -n 60
  awk -F'\t' 'NR % 25 == 1 { print $1 }' "$ROOT/tm/tatoeba-hin-eng.tsv" | head -n 30
} >mixed.hi.txt
cp "$ROOT/tm/hi-en.tmx" tatoeba.tmx
run_anuvad pretranslate --tm tatoeba.tmx --jobs 1 -o j1.xlf mixed.hi.txt
expect_status 0 "320 lines against the Tatoeba TM, 1 job"
run_anuvad pretranslate --tm tatoeba.tmx --jobs 2 -o j2.xlf mixed.hi.txt
expect_status 0 "the same with 2 jobs"
expect_same_file j1.xlf j2.xlf "--jobs 1 and --jobs 2 write the same bytes"
n=$(grep -c 'state-qualifier="leveraged-tm"' j1.xlf)
f=$(grep -c 'state-qualifier="fuzzy-match"' j1.xlf)
r=$(grep -c 'state-qualifier="leveraged-inherited"' j1.xlf)
if [ "$n" -ge 100 ] && [ "$f" -ge 30 ] && [ "$r" -ge 20 ]; then
  ok "the job has exact ($n), fuzzy ($f) and repeated ($r) units"
else fail "too few kinds of unit to test threads: $n exact, $f fuzzy, $r repeated"; fi
run_anuvad pretranslate --tm tatoeba.tmx --jobs 7 -o j7.xlf mixed.hi.txt
expect_same_file j1.xlf j7.xlf "--jobs 7 too"

# --- round trips -----------------------------------------------------------------
cp "$SEED" seed.hi.txt
run_anuvad pretranslate --tm tatoeba.tmx seed.hi.txt
expect_status 0 "the seed article"
run_anuvad export seed.hi.txt.xlf --text seed.back.txt
expect_same_file "$SEED" seed.back.txt "seed article: pretranslate -> export --text without translations is the source byte for byte"
# every layout trap: BOM, CRLF, tabs, blank-line paragraphs wrapped over
# lines, precomposed nukta letters U+095B and U+095E (NFC changes them),
# no final newline.  A TM without a match for any of it: no translations.
printf '\357\273\277  राम घर गया।\r\n\r\n\340\245\233रूर।  \340\245\236िल्म अच्छी थी।\tवह\r\nघर गया।\n\n\n\tअंत' >traps.txt
sed -e '/<tu /d' -e 's|</body>|<tu><tuv xml:lang="hi-IN"><seg>बिल्कुल अलग वाक्य।</seg></tuv><tuv xml:lang="en-US"><seg>Something else.</seg></tuv></tu></body>|' small.tmx >other.tmx
for mode in line blank; do
  run_anuvad pretranslate --tm other.tmx --paragraphs $mode -o traps-$mode.xlf traps.txt
  run_anuvad export traps-$mode.xlf --text traps-$mode.txt
  expect_same_file traps.txt traps-$mode.txt "layout traps, --paragraphs $mode: the document comes back byte for byte"
done
out=$(grep -c '<trans-unit' traps-blank.xlf)
expect_out 5 "blank-line paragraphs: the sentence wrapped over two lines is one unit"
if grep -q 'anv:raw="वह\\r\\nघर गया।"' traps-blank.xlf && [ "$(grep -c 'anv:raw=' traps-blank.xlf)" -eq 3 ]; then
  ok "the wrapped line and the precomposed letters keep their bytes in anv:raw"
else fail "anv:raw: $(grep -o 'anv:raw="[^"]*"' traps-blank.xlf)"; fi
run_anuvad pretranslate --tm small.tmx --paragraphs blank -o traps-small.xlf traps.txt
out=$(units traps-small.xlf | head -n 1)
expect_out "1 translated leveraged-tm 100 - 1 Ram went home." "after a BOM and indentation the first segment still matches"

# --- bad input ---------------------------------------------------------------------
printf 'ठीक है।\nखराब \377 बाइट।\n' >bad.txt
run_anuvad pretranslate --tm small.tmx bad.txt
expect_status 1 "invalid UTF-8"
expect_err_match "^anuvad: bad.txt:2:6: " "the error names the file, line and column"
[ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] && ok "one line" || fail "more than one line: $errout"
[ ! -e bad.txt.xlf ] && ok "no project written" || fail "a project was written"

run_anuvad pretranslate --tm missing.tmx doc.hi.txt -o m.xlf
expect_status 1 "a missing TM"
expect_err_match "^anuvad: .*missing.tmx" "the error names the TM"
[ ! -e m.xlf ] && ok "no project for a missing TM" || fail "project written"

head -c 900 small.tmx >broken.tmx
run_anuvad pretranslate --tm broken.tmx doc.hi.txt -o b.xlf
expect_status 1 "a broken TM"
expect_err_match "^anuvad: broken.tmx:[0-9]+" "the error names the TM and the line"
[ ! -e b.xlf ] && ok "no project for a broken TM" || fail "project written"

echo 'old project' >keep.xlf
run_anuvad pretranslate --tm small.tmx doc.hi.txt -o keep.xlf
expect_status 1 "an existing project is not replaced"
expect_err_match "keep.xlf exists; it may hold translations" "and says why"
[ "$(cat keep.xlf)" = "old project" ] && ok "the old project is untouched" || fail "keep.xlf changed"
run_anuvad pretranslate --tm small.tmx doc.hi.txt -o keep.xlf --force
expect_status 0 "--force replaces it"

mkdir ro && chmod 555 ro
if [ -w ro ]; then
  ok "(running as a user who can write anywhere: unwritable-folder check skipped)"
else
  run_anuvad pretranslate --tm small.tmx doc.hi.txt -o ro/p.xlf
  expect_status 1 "an unwritable output folder"
  expect_err_match "^anuvad: ro/p.xlf" "the error names the output"
  [ -z "$(ls -A ro)" ] && ok "nothing left in the folder" || fail "left: $(ls -A ro)"
fi
run_anuvad pretranslate --tm small.tmx doc.hi.txt -o no/such/dir/p.xlf
expect_status 1 "an output folder that does not exist"
expect_err_match "^anuvad: no/such/dir/p.xlf" "the error names the output"

mkdir dirout
run_anuvad pretranslate --tm small.tmx doc.hi.txt -o dirout --force
expect_status 1 "an output that is a folder"
expect_err_match "^anuvad: dirout" "the error names it"
[ -z "$(ls | grep -i tmp)" ] && ok "no temporary file left behind" || fail "left: $(ls | grep -i tmp)"

# standard input and output
run_anuvad_stdin "$(cat doc.hi.txt)" pretranslate --tm small.tmx -o - -
expect_status 0 "a source on standard input, the project on standard output"
printf '%s\n' "$out" >stdio.xlf
out=$(units stdio.xlf | sed -n 3p)
expect_out "3 translated exact-match 101 - 1 Sita goes to school." "the same units from standard input"
expect_err_match "^anuvad: <stdout>: 12 segments" "the summary says where the project went"

run_anuvad pretranslate --tm small.tmx --min 0 doc.hi.txt
expect_status 2 "--min 0 is a usage error"
run_anuvad analyze --json --csv doc.hi.txt
expect_status 2 "--json and --csv together"
run_anuvad pretranslate --tm small.tmx -
expect_status 2 "standard input needs -o"

finish
