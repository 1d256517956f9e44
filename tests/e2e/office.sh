# office.sh - DOCX and ODT through the CLI: what becomes a segment and
# what a code (exact segment lists of two real samples), the merged runs,
# the paired codes of bold and links, the title, and the refusals of bad
# containers: each one line naming the file, exit 1, nothing written.
# (Round trips of every sample are in formats.sh; LibreOffice reading the
# translated files back is tests/interop/office.sh.)
. tests/lib.sh

S=$SHARED/data/format-samples
D=$ROOT/tests/data/office

# ---- segments --------------------------------------------------------------
run_anuvad segment "$S/docx/docxtest.docx"
expect_status 0 "segment a DOCX"
printf '%s\n' "$out" >"$T/docx.seg"
expect_same_file "$D/docxtest.segments" "$T/docx.seg" \
  "docxtest.docx: the segments and codes (headers, TOC, bold, italics, footnote, comment)"
case $out in
  *"This paragraph has some {1}bold{/1}, {2}itaclics{/2}, and {3}underlined{/3} text."*)
    ok "formatting inside a sentence: paired codes on the same words" ;;
  *) fail "bold/italic/underline codes not where they were" ;;
esac
case $out in
  *"typpo.."*"{1/}"*) ok "Word's spell-check marks and smart tags make no codes" ;;
  *) fail "smart-tag paragraph: $out" ;;
esac

run_anuvad segment "$S/odt/test_inline.odt"
expect_status 0 "segment an ODT"
printf '%s\n' "$out" >"$T/odt.seg"
expect_same_file "$D/test_inline.segments" "$T/odt.seg" \
  "test_inline.odt: the segments and codes"

# ---- the seed article as LibreOffice wrote it -----------------------------
# (tests/data/office/seed.hi.docx and .odt: LibreOffice 7.4 made them from
# seed.hi.html, the example article with a footnote added)
run_anuvad segment "$D/seed.hi.docx"
expect_status 0 "segment the seed DOCX"
case $out in
  *"गुरुवार को, रूसी सेना ने घोषणा की कि {1}सामूहिक सुरक्षा संधि संगठन{/1} (सीएसटीओ){2/} के तहत"*)
    ok "DOCX: the hyperlink is a pair around its words, the footnote reference an isolated code" ;;
  *) fail "DOCX link/footnote: $out" ;;
esac
case $out in
  *"सामूहिक सुरक्षा संधि संगठन।"*) ok "DOCX: the footnote's text is a segment" ;;
  *) fail "DOCX footnote text missing" ;;
esac
case $out in
  *"रूसी राष्ट्रपति व्लादिमीर पुतिन के साथ एक बैठक के दौरान, {1}रक्षा मंत्री{/1} सर्गेई"*)
    ok "DOCX: italics inside a sentence are a pair" ;;
  *) fail "DOCX italics: $out" ;;
esac
run_anuvad segment "$D/seed.hi.odt"
expect_status 0 "segment the seed ODT"
case $out in
  *"गुरुवार को, रूसी सेना ने घोषणा की कि {1}सामूहिक सुरक्षा संधि संगठन{/1} (सीएसटीओ)"*)
    ok "ODT: the hyperlink is a pair around its words" ;;
  *) fail "ODT link: $out" ;;
esac

printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="hi-IN" datatype="plaintext"/><body></body></tmx>\n' >"$T/empty.tmx"

# ---- every segment written back: well-formed parts, the language set --------
# copy-source + confirm for every segment of every sample that opens: the
# export writes each segment through the filter (codes as their markup,
# merged runs, escaping), and every XML part must still be well-formed
copy_all() {
  n=$(grep -c '<trans-unit' "$1")
  : >"$T/copy.script"
  i=0
  while [ $i -lt "$n" ]; do
    printf 'copy-source\nconfirm!\n' >>"$T/copy.script"; i=$((i + 1))
  done
  echo quit >>"$T/copy.script"
  "$ANUVAD" translate "$1" --tm "$T/empty.tmx" --script "$T/copy.script" \
    >/dev/null 2>&1
}
bad="" docs=0
for f in "$S"/docx/*.docx "$S"/odt/*.odt "$D"/seed.hi.docx "$D"/seed.hi.odt; do
  b=$(basename "$f"); ext=${f##*.}
  "$ANUVAD" pretranslate --target-lang en-GB --tm "$T/empty.tmx" \
    -o "$T/w.xlf" --force "$f" >/dev/null 2>&1 || continue
  copy_all "$T/w.xlf"
  [ "$(grep -c 'state="translated"' "$T/w.xlf")" -eq \
    "$(grep -c '<trans-unit' "$T/w.xlf")" ] || bad="$bad $b(copy)"
  rm -rf "$T/x" "$T/w.$ext"; mkdir -p "$T/x"
  "$ANUVAD" export "$T/w.xlf" --document "$T/w.$ext" 2>/dev/null \
    || { bad="$bad $b(export)"; continue; }
  (cd "$T/x" && unzip -q "$T/w.$ext") || { bad="$bad $b(unzip)"; continue; }
  for x in "$T"/x/*.xml "$T"/x/word/*.xml "$T"/x/docProps/*.xml; do
    [ -f "$x" ] || continue
    xmllint --noout "$x" 2>/dev/null || bad="$bad $b:$(basename "$x")"
  done
  case $ext in
    docx) grep -q '<w:docDefaults><w:rPrDefault><w:rPr>.*<w:lang w:val="en-GB"' \
            "$T/x/word/styles.xml" 2>/dev/null ||
          ! grep -q '<w:docDefaults>.*<w:lang w:val=' "$T/x/word/styles.xml" 2>/dev/null ||
          bad="$bad $b(lang)" ;;
    odt) grep -q 'style:family="paragraph"><style:paragraph-properties[^>]*/><style:text-properties[^>]*fo:language="en" fo:country="GB"' \
           "$T/x/styles.xml" ||
         ! grep -q 'style:family="paragraph">.*fo:language=' "$T/x/styles.xml" ||
         bad="$bad $b(lang)" ;;
  esac
  docs=$((docs + 1))
done
[ -z "$bad" ] && [ "$docs" -eq 16 ] \
  && ok "$docs DOCX/ODT files with every segment rewritten: every XML part well-formed, the language en-GB" \
  || fail "rewritten DOCX/ODT ($docs):$bad"

# ---- tracked changes ----------------------------------------------------------
# refused by default (formats.sh); --accept-changes reads the text as if
# the changes were accepted: "track [edits → changes] or add comments"
run_anuvad segment "$S/docx/Addcomments.docx"
expect_status 1 "segment refuses a DOCX with tracked changes"
rm -f "$T/acc.xlf"
run_anuvad pretranslate --accept-changes --tm "$T/empty.tmx" -o "$T/acc.xlf" \
  "$S/docx/Addcomments.docx"
expect_status 0 "pretranslate --accept-changes"
grep -q '<source>When editing, it is helpful to track changes or add <ph id="1">' "$T/acc.xlf" \
  && ! grep '<source>' "$T/acc.xlf" | grep -q 'edits' \
  && ok "--accept-changes: the inserted word is text, the deleted one is not" \
  || fail "--accept-changes: $(grep -m1 '<source>' "$T/acc.xlf")"
"$ANUVAD" export "$T/acc.xlf" --document "$T/acc.docx" 2>/dev/null
[ "$(unzip -p "$T/acc.docx" word/document.xml | md5sum)" = \
  "$(unzip -p "$S/docx/Addcomments.docx" word/document.xml | md5sum)" ] \
  && ok "--accept-changes, nothing translated: the document comes back as it was, changes and all" \
  || fail "--accept-changes: untranslated export differs"
run_anuvad analyze --accept-changes --tm "$T/empty.tmx" "$S/odt/TestDocument04.odt"
expect_status 0 "analyze --accept-changes on an ODT with tracked changes"

# ---- bad containers ----------------------------------------------------------
refused() { # FILE MESSAGE-REGEX WHAT
  rm -f "$T/r.xlf"
  run_anuvad pretranslate --tm "$T/empty.tmx" -o "$T/r.xlf" "$1"
  if [ "$status" -eq 1 ] && [ -z "$out" ] &&
     [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] &&
     printf '%s\n' "$errout" | grep -Eq "$2" && [ ! -e "$T/r.xlf" ]; then
    ok "$3: one line, exit 1, nothing written"
  else
    fail "$3: status $status, stderr: $errout"
  fi
}
head -c 3000 "$S/docx/docxtest.docx" >"$T/cut.docx"
refused "$T/cut.docx" "^anuvad: $T/cut.docx: not a valid ZIP container" "a truncated DOCX"
python3 - "$T/nodoc.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/styles.xml", "<w:styles/>")
PY
refused "$T/nodoc.docx" "^anuvad: $T/nodoc.docx: .*word/document.xml" "a DOCX without word/document.xml"
python3 - "$T/bomb.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("word/document.xml", b"<w:document>" + b" " * (300 << 20) + b"</w:document>")
PY
refused "$T/bomb.docx" "^anuvad: $T/bomb.docx: .*(limit|large|expands)" "a ZIP bomb (an entry of 300 MB)"
mkdir -p "$T/pw" && (cd "$T/pw" && unzip -q "$S/docx/docxtest.docx" &&
  zip -q -r -P secret "$T/pw.docx" .)
refused "$T/pw.docx" "^anuvad: $T/pw.docx: .*(password|encrypt)" "a password-protected DOCX"
mkdir -p "$T/broken" && (cd "$T/broken" && unzip -q "$S/docx/docxtest.docx" &&
  sed -i 's|</w:body>||' word/document.xml && zip -q -r "$T/broken.docx" .)
refused "$T/broken.docx" "^anuvad: $T/broken.docx: word/document.xml: line [0-9]+: broken XML" "a DOCX whose document.xml is not well-formed"
mkdir -p "$T/bodt" && (cd "$T/bodt" && unzip -q "$S/odt/test_2.odt" &&
  printf '<office:document-content>' >content.xml && zip -q -r "$T/broken.odt" .)
refused "$T/broken.odt" "^anuvad: $T/broken.odt: content.xml: line [0-9]+: broken XML" "an ODT whose content.xml is not well-formed"

finish
