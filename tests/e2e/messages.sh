# messages.sh - what went wrong, said once and truly (issue 14, items 10,
# 11 and 19): each check failed before its fix.
. tests/lib.sh

# UTF-16 text is not taken for XML
printf 'नमस्ते\tHello\n' | iconv -t UTF-16 >"$T/u16.tsv"
run_anuvad tm import --into "$T/a.tmx" "$T/u16.tsv"
expect_status 1 "UTF-16 TSV"
expect_err_match "u16.tsv:1:1: this is UTF-16 text; anuvad reads UTF-8 \(convert it with iconv" \
  "UTF-16 TSV: says UTF-16, not 'Document is empty'"

# a stray & in a TMX, at its end or anywhere
HEAD='<?xml version="1.0"?>
<tmx version="1.4">
<header srclang="hi" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/>
<body>'
printf '%s\n<tu><tuv xml:lang="hi"><seg>a</seg></tuv><tuv xml:lang="en"><seg>c &</seg></tuv></tu></body></tmx>' "$HEAD" >"$T/amp.tmx"
run_anuvad tm import --into "$T/a.tmx" "$T/amp.tmx"
expect_status 1 "stray & in a TMX"
expect_err_match "^anuvad: $T/amp.tmx:5: a '&' that starts no entity \(write &amp; for the character\)$" \
  "stray &: not 'the file ends too early'"

# a broken XLIFF is read as XLIFF, not as a TMX with the wrong root
printf '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\0\0</xliff>\n' >"$T/nul.xlf"
run_anuvad tm import --into "$T/a.tmx" "$T/nul.xlf"
expect_status 1 "XLIFF with NUL bytes"
if printf '%s' "$errout" | grep -q 'not a TMX file'; then
  fail "nul.xlf reported as a TMX: $errout"
else
  ok "nul.xlf reported as the XLIFF it is"
fi

# an option that is almost right
run_anuvad export "$T/p.xlf" --txt "$T/x.txt"
expect_status 2 "export --txt"
expect_err_match "unknown option '--txt' \(did you mean --text\?\)" "--txt suggests --text"

# --max 0 is not a number of matches
run_anuvad tm lookup --max 0 'कुछ'
expect_status 2 "--max 0 is a usage error"
run_anuvad tm lookup --max all --min 100 'कुछ नहीं'
expect_status 0 "--max all"

# a folder given as a file; an unknown language is a usage error
run_anuvad segment "$T"
expect_status 1 "segment a folder"
expect_err_match "^anuvad: $T: is a folder, not a file$" "is a folder"
run_anuvad segment --lang xx "$T/u16.tsv"
expect_status 2 "segment --lang xx"

# "1 segment", not "1 segments"
printf 'एक वाक्य।\n' >"$T/one.hi.txt"
run_anuvad pretranslate -o "$T/one.xlf" "$T/one.hi.txt"
expect_err_match ": 1 segment, 0 with a target" "one segment, singular"
run_anuvad export "$T/one.xlf" --text "$T/one.en.txt"
expect_err_match "1 of 1 segment is not translated" "singular in export's warning"

# no lock file is left behind by a failed import or a failed translate
printf 'x\n' >"$T/bad.tmx"
run_anuvad tm import --into "$T/b.tmx" "$T/amp.tmx"
[ ! -e "$T/b.tmx.lock" ] && ok "no lock file after a failed import" \
  || fail "b.tmx.lock left behind"
run_anuvad translate --script /dev/null --tm "$T/missing-folder/t.tmx" "$T/one.xlf"
ls "$T" | grep -q '\.lock$' && fail "lock files left by a failed translate: $(ls "$T" | grep lock)" \
  || ok "no lock file after a failed translate"

# a missing TM: one line, and no leak (the sanitizer build fails on one)
run_anuvad tm lookup --tm "$T/missing.tmx" abc
expect_status 1 "missing TM"
expect_err_match "^anuvad: $T/missing.tmx: no such translation memory$" "missing TM named"

# item 10: a project whose one segment is over 10 MB reads back
LC_ALL=C awk 'BEGIN { s = "यह एक बहुत लंबा वाक्य है जो कभी खत्म नहीं होता और ";
             while (length(s) < 12000000) s = s s; printf "%s।\n", s }' \
  >"$T/huge.hi.txt"
run_anuvad pretranslate -o "$T/huge.xlf" "$T/huge.hi.txt"
expect_status 0 "pretranslate of a 10+ MB line"
run_anuvad export "$T/huge.xlf" --text "$T/huge.out"
expect_status 0 "the project it wrote reads back"
expect_same_file "$T/huge.hi.txt" "$T/huge.out" "and exports the line byte for byte"

finish
