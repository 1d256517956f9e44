# export.sh - `anuvad export`: the translated document with the source's
# layout, the bilingual TSV, the OmegaT flavour, and bad input.
. tests/lib.sh

FIX=$ROOT/tests/interop/fixtures
SRC=$ROOT/examples/kazakhstan-csto.hi.txt

# --- --text: the seed project (5 of 27 segments translated) ---------------
# Expected: the article with lines 1, 3, 5 and 6 in English (line 7, the
# English caption, was confirmed as it is); every other byte the same,
# including the missing final newline.
TITLE="Russia's CSTO forces begin withdrawal from Kazakhstan after quelling unrest"
LEAD="Russian Defence Minister Sergei Shoigu confirmed that the troops will complete their withdrawal by January 19 after their week-long deployment."
printf '%s' "$(awk -v t="$TITLE" -v l="$LEAD" '
  NR == 1 || NR == 6 { print t; next }
  NR == 3 { print l; next }
  NR == 5 { print "January 14, 2022"; next }
  { print }' "$SRC")" >"$T/want.txt"
run_anuvad export "$FIX/seed.xlf" --text "$T/seed.en.txt"
expect_status 0 "--text"
expect_same_file "$T/want.txt" "$T/seed.en.txt" "--text rebuilds the article with the targets"
expect_err_match "seed.en.txt: 22 of 27 segments are not translated; their source text was kept" \
  "warning counts untranslated segments"
expect_err_match "1 of 27 segments is translated but not confirmed" \
  "warning counts unconfirmed segments"

# A project with nothing translated gives back the source byte for byte:
# the layout fixture has a BOM, CRLF, a tab, a form feed, blank lines, a
# wrapped paragraph, a precomposed nukta and no final newline.
sed -e 's/approved="yes" //' -e '/<target /d' "$FIX/layout.xlf" >"$T/layout-src.xlf"
run_anuvad export "$T/layout-src.xlf" --text "$T/layout.txt"
expect_status 0 "--text of an untranslated project"
expect_same_file "$FIX/layout.hi.txt" "$T/layout.txt" "untranslated export equals the source, byte for byte"
expect_err_match "4 of 4 segments are not translated" "all four counted"

# ... and with its one translation, only that sentence changes.
perl -0777 -pe 's/^(\xEF\xBB\xBF  ).*?\xE0\xA5\xA4/$1The first sentence was written on 19 February./s' \
  "$FIX/layout.hi.txt" >"$T/want2.txt"
run_anuvad export "$FIX/layout.xlf" --text "$T/layout.en.txt"
expect_status 0 "--text of the layout project"
expect_same_file "$T/want2.txt" "$T/layout.en.txt" "one sentence replaced, layout kept"

# to standard output
run_anuvad export "$FIX/layout.xlf" --text -
expect_status 0 "--text -"
if cmp -s "$T/.out" "$T/want2.txt"; then ok "--text - writes the document to stdout"
else fail "--text - differs"; fi

# --- --tsv ------------------------------------------------------------------
run_anuvad export "$FIX/layout.xlf" --tsv "$T/layout.tsv"
expect_status 0 "--tsv"
printf '%s\t%s\n' \
  'पहला वाक्य १९ फ़रवरी को लिखा गया।' 'The first sentence was written on 19 February.' \
  'दूसरा वाक्य दो पंक्तियों में है।' '' \
  'ज़रा ठहरो, 1,00,000 लोग आए।' '' \
  'Last line without a newline.' '' >"$T/want.tsv"
expect_same_file "$T/want.tsv" "$T/layout.tsv" "--tsv: source TAB target, one line a segment"
run_anuvad export "$FIX/seed.xlf" --tsv "$T/seed.tsv" --text "$T/again.txt"
expect_status 0 "--tsv and --text together"
if [ "$(wc -l <"$T/seed.tsv")" -eq 27 ]; then ok "27 TSV lines for 27 segments"
else fail "$(wc -l <"$T/seed.tsv") TSV lines for 27 segments"; fi
# a quotation mark and a tab in a target, escaped
sed 's|>January 14, 2022<|>January\&#9;14, "2022" \\ x<|' "$FIX/seed.xlf" >"$T/tab.xlf"
run_anuvad export "$T/tab.xlf" --tsv -
expect_out_match "$(printf '^.*\tJanuary\\\\t14, "2022" \\\\\\\\ x$')" "tab and backslash escaped in TSV"

# --- --omegat ---------------------------------------------------------------
run_anuvad export "$FIX/seed.xlf" --omegat "$T/o.xlf"
expect_status 0 "--omegat"
expect_same_file "$FIX/seed-omegat.xlf" "$T/o.xlf" "--omegat writes the OmegaT flavour"

# --- multi-file projects -----------------------------------------------------
# two <file>s: --text needs a folder and writes each under its own name
awk '/<\/xliff>/ { exit } { print }' "$FIX/layout.xlf" >"$T/two.xlf"
sed -n '/<file /,/<\/file>/p' "$FIX/seed.xlf" >>"$T/two.xlf"
echo '</xliff>' >>"$T/two.xlf"
run_anuvad export "$T/two.xlf" --text "$T/two.txt"
expect_status 1 "two files, --text to a file"
expect_err_match "the project has 2 files; --text needs an existing folder" "asks for a folder"
mkdir "$T/out"
run_anuvad export "$T/two.xlf" --text "$T/out"
expect_status 0 "two files into a folder"
# named for the target language: layout.hi.txt -> layout.en.txt
expect_same_file "$T/want2.txt" "$T/out/layout.en.txt" "first document in the folder"
expect_same_file "$T/want.txt" "$T/out/kazakhstan-csto.en.txt" "second document in the folder"
[ ! -e "$T/out/layout.hi.txt" ] && ok "no file keeps the Hindi name" \
  || fail "layout.hi.txt written"
# same-named documents from two folders keep their folders, no clash
mkdir -p "$T/m/a" "$T/m/b" "$T/m/out"
printf 'एक।\n' >"$T/m/a/doc.hi.txt"; printf 'दो।\n' >"$T/m/b/doc.hi.txt"
(cd "$T/m" && "$ANUVAD" pretranslate -o p.xlf a/doc.hi.txt b/doc.hi.txt 2>/dev/null)
run_anuvad export "$T/m/p.xlf" --text "$T/m/out"
expect_status 0 "same names in two folders"
[ "$(cat "$T/m/out/a/doc.en.txt")" = "एक।" ] && [ "$(cat "$T/m/out/b/doc.en.txt")" = "दो।" ] \
  && ok "each document in its folder, target-language name" \
  || fail "same-named documents: $(find "$T/m/out" -type f)"

# --- bad input ----------------------------------------------------------------
head -n 20 "$FIX/seed.xlf" >"$T/cut.xlf"
run_anuvad export "$T/cut.xlf" --text "$T/cut.txt"
expect_status 1 "a cut XLIFF"
expect_err_match "^anuvad: $T/cut.xlf:[0-9]+: unexpected end of file inside <[a-z-]+> \\(is the file cut short\\?\\)$" \
  "one clean line naming file and line"
if [ -e "$T/cut.txt" ]; then fail "output written for a broken project"
else ok "nothing written for a broken project"; fi
printf 'old\n' >"$T/keep.txt"
sed 's|</source>|</sorce>|' "$FIX/layout.xlf" >"$T/broken.xlf"
run_anuvad export "$T/broken.xlf" --text "$T/keep.txt"
expect_status 1 "mismatched tags"
expect_err_match "broken.xlf:9: Opening and ending tag mismatch" "XML error with its line"
if [ "$(cat "$T/keep.txt")" = old ]; then ok "an existing output is untouched"
else fail "an existing output was changed"; fi
run_anuvad export "$ROOT/examples/kazakhstan-csto.hi.txt" --text "$T/x.txt"
expect_status 1 "a text file given as project"
expect_err_match "kazakhstan-csto.hi.txt:1: not an XML file" "not XML"
run_anuvad export "$T/missing.xlf" --text "$T/x.txt"
expect_status 1 "missing project"
expect_err_match "missing.xlf: cannot open: No such file or directory" "missing file named"
ls "$T" | grep -q '\.tmp\.' && fail "temporary files left behind" || ok "no temporary files left"

# --- usage --------------------------------------------------------------------
run_anuvad export "$FIX/seed.xlf"
expect_status 2 "no output asked for"
expect_err_match "say what to write" "usage message"
run_anuvad export --text "$T/x.txt"
expect_status 2 "no project"
run_anuvad export "$FIX/seed.xlf" --text - --tsv -
expect_status 2 "two outputs on stdout"
run_anuvad export --help
expect_status 0 "--help"
expect_out_match "^Usage: anuvad export PROJECT.xlf" "--help usage"

finish
