# segment.sh - `anuvad segment` end to end: the seed article split exactly
# as a translator would, the output formats, rebuilding a document byte for
# byte from segments and gaps, and every kind of bad input.
. tests/lib.sh

# ---- the seed article --------------------------------------------------
# tests/data/kazakhstan-csto.segments.txt was checked by hand: one segment
# per sentence; the dateline, the English caption and the credit line each
# on their own; the quotation ending in ।" kept with its sentence.
run_anuvad segment "$ROOT/examples/kazakhstan-csto.hi.txt"
expect_status 0 "seed article"
expect_out "$(cat "$ROOT/tests/data/kazakhstan-csto.segments.txt")" \
  "seed article segmented as a translator would"

run_anuvad segment --lang hi --paragraphs line --format text - \
  <"$ROOT/examples/kazakhstan-csto.hi.txt"
expect_out "$(cat "$ROOT/tests/data/kazakhstan-csto.segments.txt")" \
  "the same from stdin with the options spelled out"

# ---- formats -------------------------------------------------------------
printf 'पहला वाक्य। दूसरा.\nThird one. Fourth!\n' >"$T/two.txt"
run_anuvad segment "$T/two.txt"
expect_out "$(printf 'पहला वाक्य।\nदूसरा.\n\nThird one.\nFourth!')" "text format"

run_anuvad segment --format tsv "$T/two.txt"
expect_out "$(printf 'file\tparagraph\tline\tsegment\tstart\tend\ttext
%s\t1\t1\t1\t0\t31\tपहला वाक्य।
%s\t1\t1\t2\t32\t48\tदूसरा.
%s\t2\t2\t1\t49\t59\tThird one.
%s\t2\t2\t2\t60\t67\tFourth!' "$T/two.txt" "$T/two.txt" "$T/two.txt" "$T/two.txt")" \
  "tsv format"

printf 'a\tb. \\Next.\n' | "$ANUVAD" segment --lang en --format tsv >"$T/esc.tsv"
if grep -q "$(printf '\t')a\\\\tb\.$" "$T/esc.tsv" &&
   grep -q "$(printf '\t')\\\\\\\\Next\.$" "$T/esc.tsv"; then
  ok "tsv escapes tab and backslash"
else fail "tsv escaping: $(cat "$T/esc.tsv")"; fi

run_anuvad segment --format json --lang en "$T/two.txt"
expect_out_match '^\{"file":"[^"]*two.txt","paragraph":2,"line":2,"segment":2,"start":60,"end":67,"text":"Fourth!"\}$' \
  "json lines"

# ---- rebuilding the input byte for byte ------------------------------------
# The input has a BOM, CRLF line ends, a line that is not in NFC (nukta
# letters), empty lines and trailing spaces.  From the tsv offsets and the
# gaps between them the input must come back unchanged, and each
# segment's text must be the NFC form of its bytes (line breaks inside a
# paragraph read as spaces in blank-line mode).
printf '\357\273\277डॉ. ज़ाकिर हुसैन आए।  फिर गए।\r\n\r\n  The U.S. team won. It rained.  \r\nदूसरी पंक्ति है.\r\nअंत।' \
  >"$T/doc.txt"
for mode in line blank; do
  "$ANUVAD" segment --paragraphs $mode --format json "$T/doc.txt" >"$T/doc.$mode.json"
  if /usr/bin/python3 - "$T/doc.txt" "$T/doc.$mode.json" $mode <<'EOF'
import json, re, sys, unicodedata
raw = open(sys.argv[1], "rb").read()
segs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
out, pos = b"", 0
for s in segs:
    assert s["start"] >= pos, s
    gap = raw[pos:s["start"]]
    assert re.fullmatch(rb"(\xef\xbb\xbf)?[\s]*", gap), gap  # only BOM/space
    piece = raw[s["start"]:s["end"]]
    text = unicodedata.normalize("NFC", piece.decode("utf-8"))
    if sys.argv[3] == "blank":
        text = re.sub(r"\r?\n", " ", text)
    assert text == s["text"], (text, s["text"])
    out += gap + piece
    pos = s["end"]
out += raw[pos:]
assert out == raw
assert len(segs) == 6, len(segs)
EOF
  then ok "rebuild byte for byte ($mode paragraphs)"
  else fail "rebuild ($mode paragraphs)"; fi
done
run_anuvad segment --paragraphs blank "$T/doc.txt"
expect_out "$(printf 'डॉ. ज़ाकिर हुसैन आए।\nफिर गए।\n\nThe U.S. team won.\nIt rained.\nदूसरी पंक्ति है.\nअंत।')" \
  "blank-line paragraphs: the lines of a paragraph are joined"

# ---- another tool's SRX ------------------------------------------------------
run_anuvad segment --lang en --srx "$SHARED/data/srx-rules/omegat-defaultRules.srx" "$T/two.txt"
expect_status 0 "OmegaT's rules load"
expect_out "$(printf 'पहला वाक्य।\nदूसरा.\n\nThird one.\nFourth!')" "OmegaT's rules + ICU"

# ---- bad input: one line naming the file and the place, exit 1 ---------------
printf '<srx version="2.0"><body>\n<languagerules>\n</srx>\n' >"$T/malformed.srx"
run_anuvad segment --srx "$T/malformed.srx" "$T/two.txt"
expect_status 1 "malformed SRX"
expect_err_match "^anuvad: $T/malformed.srx:3:7: malformed XML: Opening and ending tag mismatch: languagerules line 2 and srx$"

printf '<srx version="2.0"><body><languagerules>\n<languagerule languagerulename="A">\n<rule><beforebreak>x</beforebreak></rule>\n<rule break="no"><beforebreak>[a</beforebreak></rule>\n</languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="A"/></maprules></body></srx>\n' >"$T/regex.srx"
run_anuvad segment --srx "$T/regex.srx" "$T/two.txt"
expect_status 1 "bad regex in SRX"
expect_err_match "^anuvad: $T/regex.srx:4: rule 2 of languagerule \"A\": bad beforebreak regex \"\\[a\": U_REGEX_MISSING_CLOSE_BRACKET at character 3$"

run_anuvad segment --srx "$T/regex.srx" --lang fr "$T/two.txt"
expect_status 1 "language not in the SRX"

run_anuvad segment --lang fr "$T/two.txt"
expect_status 2 "unknown --lang is a usage error"
expect_err_match "^anuvad segment: unknown language 'fr'"

run_anuvad segment --lang 'h!' "$T/two.txt"
expect_status 2 "malformed --lang is a usage error"

run_anuvad segment "$T/missing.txt"
expect_status 1 "missing file"
expect_err_match "^anuvad: $T/missing.txt: cannot open: No such file or directory$"

run_anuvad segment "$T"
expect_status 1 "unreadable file (a folder)"
expect_err_match "^anuvad: $T: is a folder, not a file$"

run_anuvad segment --srx "$T/missing.srx" "$T/two.txt"
expect_status 1 "missing SRX"
expect_err_match "missing.srx"

printf 'ठीक है।\nचलो \377 अब।\n' >"$T/bad-utf8.txt"
run_anuvad segment "$T/bad-utf8.txt"
expect_status 1 "invalid UTF-8"
expect_err_match "^anuvad: $T/bad-utf8.txt:2:5: invalid UTF-8 \\(byte 0xFF\\)$"
expect_out "ठीक है।" "paragraphs before the bad line were written"

# ---- usage errors: exit 2 -------------------------------------------------------
run_anuvad segment --format xml "$T/two.txt"
expect_status 2 "bad --format"
expect_err_match "^anuvad segment: --format wants text, tsv or json, not 'xml'$"
run_anuvad segment --paragraphs para "$T/two.txt"
expect_status 2 "bad --paragraphs"
run_anuvad segment --bogus
expect_status 2 "unknown option"
expect_err_match "^anuvad segment: unknown option '--bogus'$"
run_anuvad segment --lang
expect_status 2 "missing option value"
run_anuvad segment --help
expect_status 0 "--help"
expect_out_match "^Usage: anuvad segment" "--help text"

finish
