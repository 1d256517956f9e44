# project_tmx.sh - a finished project back into translation memory:
# `anuvad export PROJECT.xlf --tmx OUT.tmx` and `anuvad tm import --into
# TM.tmx PROJECT.xlf`.  Confirmed units only, context props, valid TMX
# 1.4b (xmllint against tmx14.dtd), the export read back by `tm import`
# with the same units, and bad input (broken XLIFF, broken TMX, missing
# file): one-line error, exit 1, nothing written.
. tests/lib.sh

FIX=$ROOT/tests/interop/fixtures
DTD="$SHARED/data/schemas/tmx14.dtd"
export SOURCE_DATE_EPOCH=1704067200 ANUVAD_AUTHOR=tester

valid() { # FILE WHAT
  if xmllint --noout --dtdvalid "$DTD" "$1" 2>"$T/.xmllint"; then ok "$2"
  else fail "$2: $(head -n 3 "$T/.xmllint")"; fi
}

# --- export --tmx ------------------------------------------------------------
# finished.xlf: 7 units in two files; 1 needs review, 1 has no target, 1 is
# confirmed with a blank target: 4 units come out, with their neighbours'
# sources as context props (both always, empty at a document edge) and the reviewer's note (not anuvad's).
run_anuvad export "$FIX/finished.xlf" --tmx "$T/finished.tmx"
expect_status 0 "export --tmx"
expect_out "" "nothing on stdout"
expect_err_match "^anuvad: warning: .*/finished.tmx: 2 of 7 segments have no confirmed translation; left out$" \
  "warning counts the unconfirmed segments"
expect_err_match "finished.tmx: 1 confirmed segment with an empty side left out$" \
  "warning counts the blank target"
cat >"$T/want.tmx" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="anuvad" creationtoolversion="0.1.0" segtype="sentence" o-tmf="anuvad" adminlang="en-US" srclang="hi-IN" datatype="plaintext" creationdate="20240101T000000Z"/>
  <body>
    <tu creationdate="20240101T000000Z" creationid="tester" changedate="20240101T000000Z" changeid="tester">
      <prop type="x-context-prev"></prop>
      <prop type="x-context-next">सैनिक लौटे।</prop>
      <note>Name as in the ministry's list &amp; press kit.</note>
      <tuv xml:lang="hi-IN">
        <seg>टोकायव ने कहा।</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>Tokayev said so.</seg>
      </tuv>
    </tu>
    <tu creationdate="20240101T000000Z" creationid="tester" changedate="20240101T000000Z" changeid="tester">
      <prop type="x-context-prev">सैनिक लौटे।</prop>
      <prop type="x-context-next">अनुवाद नहीं हुआ।</prop>
      <tuv xml:lang="hi-IN">
        <seg>क &lt; ख</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>a &lt; b &amp; c</seg>
      </tuv>
    </tu>
    <tu creationdate="20240101T000000Z" creationid="tester" changedate="20240101T000000Z" changeid="tester">
      <prop type="x-context-prev">अनुवाद नहीं हुआ।</prop>
      <prop type="x-context-next"></prop>
      <tuv xml:lang="hi-IN">
        <seg>अंत।</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>The end.</seg>
      </tuv>
    </tu>
    <tu creationdate="20240101T000000Z" creationid="tester" changedate="20240101T000000Z" changeid="tester">
      <prop type="x-context-prev"></prop>
      <prop type="x-context-next">खाली।</prop>
      <tuv xml:lang="hi-IN">
        <seg>अकेला।</seg>
      </tuv>
      <tuv xml:lang="en-GB">
        <seg>Alone.</seg>
      </tuv>
    </tu>
  </body>
</tmx>
EOF
expect_same_file "$T/want.tmx" "$T/finished.tmx" "the exported TMX, byte for byte"
valid "$T/finished.tmx" "export of finished.xlf is valid TMX 1.4b"

# to standard output
run_anuvad export "$FIX/finished.xlf" --tmx -
expect_status 0 "--tmx -"
if cmp -s "$T/.out" "$T/want.tmx"; then ok "--tmx - writes the TMX to stdout"
else fail "--tmx - differs"; fi
expect_err_match "<stdout>: 2 of 7 segments" "warning names <stdout>"

# the seed project: 4 confirmed (translated, signed-off, final, and the
# repeated headline), the fuzzy lead sentence left out
run_anuvad export "$FIX/seed.xlf" --tmx "$T/seed.tmx"
expect_status 0 "export --tmx of the seed project"
expect_err_match "seed.tmx: 23 of 27 segments have no confirmed translation; left out$"
valid "$T/seed.tmx" "export of seed.xlf is valid TMX 1.4b"
n=$(grep -c '<tu ' "$T/seed.tmx")
[ "$n" -eq 4 ] && ok "seed: 4 units" || fail "seed: $n units, wanted 4"
if grep -q 'January 19' "$T/seed.tmx"; then fail "the needs-review target went into the TMX"
else ok "the needs-review target is left out"; fi

# --- read back with tm import --------------------------------------------------
run_anuvad tm import --into "$T/back.tmx" "$T/finished.tmx"
expect_status 0 "tm import of the exported TMX"
expect_out "$(printf '%s\n' "$T/finished.tmx: read 4, added 4, merged 0, skipped 0" \
  "$T/back.tmx: 4 units")" "the export reads back as 4 units"
run_anuvad tm import --into "$T/seed-back.tmx" "$T/seed.tmx"
expect_out "$(printf '%s\n' "$T/seed.tmx: read 4, added 3, merged 1, skipped 0" \
  "$T/seed-back.tmx: 3 units")" "seed: the repeated headline merges"

# --- tm import PROJECT.xlf -----------------------------------------------------
run_anuvad tm import --into "$T/direct.tmx" "$FIX/finished.xlf"
expect_status 0 "tm import of a project"
expect_out "$(printf '%s\n' "$FIX/finished.xlf: read 7, added 4, merged 0, skipped 3" \
  "$T/direct.tmx: 4 units")" "counts as for other imports"
expect_err_match "^anuvad: warning: .*finished.xlf: 2 of 7 segments have no confirmed translation; left out$" \
  "warning counts the unconfirmed segments"
# The project straight in, or through its TMX export: the same TM.
expect_same_file "$T/back.tmx" "$T/direct.tmx" "import of the XLIFF = import of its TMX export"
valid "$T/direct.tmx" "the TM is valid TMX 1.4b"
run_anuvad tm import --into "$T/seed-direct.tmx" "$FIX/seed.xlf"
expect_same_file "$T/seed-back.tmx" "$T/seed-direct.tmx" "seed: same TM both ways"

# the same project again: every unit merges (usage kept, nothing doubled)
run_anuvad tm import --into "$T/direct.tmx" "$FIX/finished.xlf"
expect_out "$(printf '%s\n' "$FIX/finished.xlf: read 7, added 0, merged 4, skipped 3" \
  "$T/direct.tmx: 4 units")" "a second import merges"

# from standard input, with --json
"$ANUVAD" tm import --into "$T/stdin.tmx" --json - <"$FIX/finished.xlf" \
  >"$T/.out" 2>"$T/.err"
status=$? out=$(cat "$T/.out") errout=$(cat "$T/.err")
expect_status 0 "tm import - (XLIFF on stdin)"
expect_out "{\"tm\":\"$T/stdin.tmx\",\"files\":[{\"file\":\"<stdin>\",\"read\":7,\"added\":4,\"merged\":0,\"skipped\":3}],\"read\":7,\"added\":4,\"merged\":0,\"skipped\":3,\"units\":4}" \
  "stdin XLIFF, JSON counts"

# --- bad input -----------------------------------------------------------------
head -c 1500 "$FIX/finished.xlf" >"$T/cut.xlf"
run_anuvad export "$T/cut.xlf" --tmx "$T/cut.tmx"
expect_status 1 "export of a cut XLIFF"
expect_err_match "^anuvad: $T/cut.xlf:28: unexpected end of file" "error names file and line"
[ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] && ok "one line" || fail "more than one line: $errout"
[ -e "$T/cut.tmx" ] && fail "a TMX was written" || ok "nothing written"
cp "$T/want.tmx" "$T/keep.tmx"
run_anuvad export "$T/cut.xlf" --tmx "$T/keep.tmx"
expect_status 1
expect_same_file "$T/want.tmx" "$T/keep.tmx" "an existing OUT.tmx is left as it was"
ls "$T" | grep -q '\.tmp' && fail "temporary file left" || ok "no temporary file left"

run_anuvad export "$T/missing.xlf" --tmx "$T/m.tmx"
expect_status 1 "export of a missing file"
expect_err_match "^anuvad: $T/missing.xlf: cannot open"
[ -e "$T/m.tmx" ] && fail "a TMX was written" || ok "nothing written"

cp "$T/direct.tmx" "$T/before.tmx"
run_anuvad tm import --into "$T/direct.tmx" "$T/cut.xlf"
expect_status 1 "tm import of a cut XLIFF"
expect_err_match "^anuvad: $T/cut.xlf:28: unexpected end of file"
expect_same_file "$T/before.tmx" "$T/direct.tmx" "the TM is unchanged"
[ -e "$T/direct.tmx.journal" ] && fail "a journal was written" || ok "no journal"

sed 's|<source>अंत।</source>||' "$FIX/finished.xlf" >"$T/nosource.xlf"
run_anuvad tm import --into "$T/direct.tmx" "$T/nosource.xlf"
expect_status 1 "tm import of an XLIFF with a unit without <source>"
expect_err_match "^anuvad: $T/nosource.xlf:27: <target> before <source>"
expect_same_file "$T/before.tmx" "$T/direct.tmx" "the TM is unchanged"

# a good project and a broken TMX in one import: all or nothing
head -c 700 "$T/want.tmx" >"$T/cut.tmx"
run_anuvad tm import --into "$T/direct.tmx" "$FIX/seed.xlf" "$T/cut.tmx"
expect_status 1 "tm import of a project and a cut TMX"
expect_err_match "^anuvad: $T/cut.tmx:[0-9]+: "
expect_same_file "$T/before.tmx" "$T/direct.tmx" "nothing of the project was saved either"

run_anuvad tm import --into "$T/new.tmx" "$T/missing.xlf"
expect_status 1 "tm import of a missing file"
expect_err_match "^anuvad: $T/missing.xlf: cannot open"
[ -e "$T/new.tmx" ] && fail "a TM was created" || ok "no TM created"

finish
