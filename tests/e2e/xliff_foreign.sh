# xliff_foreign.sh - other tools' XLIFF 1.2 translated in place with
# `anuvad translate`: saving changes only the <target>s of the units
# translated (a diff shows nothing else); inline codes are written in the
# file's own vocabulary (<g>, <ph>, <x/>); a sdlxliff keeps its
# <mrk mtype="seg">; translate="no" units are never offered; what cannot
# be saved in place is refused before anything is touched; `tm import`
# takes the confirmed units.
. tests/lib.sh

S=$SHARED/data/format-samples/xliff
printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body></body></tmx>\n' >"$T/empty.tmx"


# --- a hand-made XLIFF (Manual-12-AltTrans.xlf): a target inserted -----------
cp "$S/Manual-12-AltTrans.xlf" "$T/m.xlf"; chmod u+w "$T/m.xlf"
cp "$T/empty.tmx" "$T/m.tmx"
printf 'edit Texte {1/} texte.\nconfirm!\nquit\n' >"$T/m.script"
run_anuvad translate "$T/m.xlf" --tm "$T/m.tmx" --script "$T/m.script"
expect_status 0 "translate another tool's XLIFF"
diff "$S/Manual-12-AltTrans.xlf" "$T/m.xlf" >"$T/m.diff"
cat >"$T/m.want" <<'EOD'
7c7
<       <source xml:lang="en">Text <ph id='1'>startCode<sub>[nested<ph id='2'>ph-in-sub</ph>still in sub]</sub>endCode</ph> text.</source>
---
>       <source xml:lang="en">Text <ph id='1'>startCode<sub>[nested<ph id='2'>ph-in-sub</ph>still in sub]</sub>endCode</ph> text.</source><target state="translated">Texte <ph id='1'>startCode<sub>[nested<ph id='2'>ph-in-sub</ph>still in sub]</sub>endCode</ph> texte.</target>
32c32
<       <source xml:lang="en">Text <ph id='1'>startCode<sub>nested</sub>endCode</ph> text.</source>
---
>       <source xml:lang="en">Text <ph id='1'>startCode<sub>nested</sub>endCode</ph> text.</source><target state="translated">Texte <ph id='1'>startCode<sub>nested</sub>endCode</ph> texte.</target>
EOD
expect_same_file "$T/m.want" "$T/m.diff" \
  "only the new <target>s differ (the unit and its repetition); the code written as the file's own <ph>"
[ ! -e "$T/m.xlf.lock" ] && ok "no lock file left" || fail "a lock file was left"
run_anuvad tm import --into "$T/m2.tmx" "$T/m.xlf"
expect_status 0 "tm import of the saved file"
grep -q '<seg>Texte <ph x="1">' "$T/m2.tmx" \
  && ok "tm import takes the confirmed unit, its code kept" \
  || fail "tm import: $(grep -c '<tu' "$T/m2.tmx") units"

# --- memoQ (MQ-12-Test01.xlf): every unit translated, nothing else moves ------
cp "$S/MQ-12-Test01.xlf" "$T/mq.xlf"; chmod u+w "$T/mq.xlf"
n=$(grep -c '<trans-unit' "$T/mq.xlf")
: >"$T/mq.script"; i=0
while [ $i -lt "$n" ]; do printf 'copy-source\nconfirm!\n' >>"$T/mq.script"; i=$((i + 1)); done
echo quit >>"$T/mq.script"
cp "$T/empty.tmx" "$T/mq.tmx"
"$ANUVAD" translate "$T/mq.xlf" --tm "$T/mq.tmx" --script "$T/mq.script" >/dev/null 2>&1
same=$(python3 - "$S/MQ-12-Test01.xlf" "$T/mq.xlf" <<'PY'
import re, sys
strip = lambda s: re.sub(r"<target\b[^>]*?(/>|>.*?</target>)", "<target/>", s, flags=re.S)
a, b = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
print("same" if strip(a) == strip(b) and a != b else "differs")
PY
)
[ "$same" = same ] && ok "memoQ file, $n units translated: only <target> elements changed" \
  || fail "memoQ file: more than the targets changed"
xmllint --noout --nonet --schema "$SHARED/data/schemas/xliff-core-1.2-transitional.xsd" \
  "$T/mq.xlf" 2>/dev/null && ok "still valid XLIFF 1.2" || fail "no longer valid XLIFF 1.2"

# --- Trados/Okapi sdlxliff: the seg <mrk> kept, <g> codes as <g> ----------------
cp "$S/okapi_intro_test15977.sdlxliff" "$T/o.sdlxliff"; chmod u+w "$T/o.sdlxliff"
cp "$T/empty.tmx" "$T/o.tmx"
printf 'copy-source\nconfirm!\nquit\n' >"$T/o.script"
"$ANUVAD" translate "$T/o.sdlxliff" --tm "$T/o.tmx" --script "$T/o.script" >/dev/null 2>&1
diff "$S/okapi_intro_test15977.sdlxliff" "$T/o.sdlxliff" | grep '^>' >"$T/o.diff"
printf '%s\n' \
  '> <trans-unit id="9a2ca56a-d4fd-4f60-98e5-7dba0701a3cf"><source>Okapi Framework</source><seg-source><mrk mtype="seg" mid="1">Okapi Framework</mrk></seg-source><target><mrk mtype="seg" mid="1">Okapi Framework</mrk></target><sdl:seg-defs><sdl:seg id="1" conf="Translated" locked="false"  origin="not-translated" /></sdl:seg-defs></trans-unit>' \
  '> <trans-unit id="1d703a08-2964-447c-9dbe-42d60fd086f4"><source>Okapi Framework</source><seg-source><mrk mtype="seg" mid="10">Okapi Framework</mrk></seg-source><target><mrk mtype="seg" mid="10">Okapi Framework</mrk></target><sdl:seg-defs><sdl:seg id="10" conf="Translated" locked="false"  origin="not-translated" /></sdl:seg-defs></trans-unit>' >"$T/o.want"
expect_same_file "$T/o.want" "$T/o.diff" "sdlxliff: the empty <mrk mtype=\"seg\"/> filled and Trados's sdl:seg conf set to Translated (and its repetition's), nothing else changed"
xmllint --noout "$T/o.sdlxliff" 2>/dev/null && ok "sdlxliff still well-formed" || fail "sdlxliff broken"

# --- translate="no" ------------------------------------------------------------
cat >"$T/no.xlf" <<'EOD'
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="hi-IN" target-language="en-US" datatype="plaintext">
    <body>
      <trans-unit id="1" translate="no"><source>अनुवाद नहीं</source></trans-unit>
      <trans-unit id="2"><source>नमस्ते</source></trans-unit>
    </body>
  </file>
</xliff>
EOD
cp "$T/no.xlf" "$T/no.orig"
cp "$T/empty.tmx" "$T/no.tmx"
printf 'edit Hello\nconfirm!\nquit\n' >"$T/no.script"
run_anuvad translate "$T/no.xlf" --tm "$T/no.tmx" --script "$T/no.script"
diff "$T/no.orig" "$T/no.xlf" | grep '^[<>]' >"$T/no.diff"
printf '%s\n' '<       <trans-unit id="2"><source>नमस्ते</source></trans-unit>' \
  '>       <trans-unit id="2"><source>नमस्ते</source><target state="translated">Hello</target></trans-unit>' >"$T/no.want"
expect_same_file "$T/no.want" "$T/no.diff" "a translate=\"no\" unit is not offered; the next one is segment 1"

# --- a Trados file with several segments in one unit: one unit each ------------
cp "$S/test.txt_en-US_fr-FR.sdlxliff" "$T/t.sdlxliff"; chmod u+w "$T/t.sdlxliff"
cp "$T/empty.tmx" "$T/t.tmx"
printf 'edit Et puis une troisième.\nconfirm!\nquit\n' >"$T/t.script"
run_anuvad translate "$T/t.sdlxliff" --tm "$T/t.tmx" --script "$T/t.script"
printf '%s\n' "$out" | grep -q '^Segment 3 of 5 ' \
  && ok "sdlxliff: 5 segments in one trans-unit; the first not confirmed in Trados (Draft) is offered" \
  || fail "sdlxliff segments: $out"
res=$(python3 - "$S/test.txt_en-US_fr-FR.sdlxliff" "$T/t.sdlxliff" <<'PY'
import sys
a, b = (open(p, encoding="utf-8-sig").read() for p in sys.argv[1:3])
a2 = a.replace('<mrk mtype="seg" mid="3">Et ensuite une troisième.</mrk>',
               '<mrk mtype="seg" mid="3">Et puis une troisième.</mrk>')
a2 = a2.replace('<sdl:seg id="3" conf="Draft"', '<sdl:seg id="3" conf="Translated"')
print("ok" if a2 == b and a2 != a else "differs")
PY
)
[ "$res" = ok ] && ok "sdlxliff: only segment 3's <mrk> text and its sdl:seg conf changed" \
  || fail "sdlxliff with several segments: more changed"

# --- notes and a length limit: shown, and the limit held at confirm -----------
cat >"$T/mw.xlf" <<'EOD'
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="ui.properties" source-language="hi-IN" target-language="en-US" datatype="javapropertyresourcebundle">
    <body>
      <group id="buttons" resname="buttons">
        <trans-unit id="save" resname="button.save" maxwidth="10" size-unit="char">
          <source>फ़ाइल सहेजें</source>
          <note from="developer">Button label; keep it short.</note>
        </trans-unit>
      </group>
    </body>
  </file>
</xliff>
EOD
cp "$T/empty.tmx" "$T/mw.tmx"
printf 'edit Save the file now\nconfirm\nedit Save file\nconfirm\nquit\n' >"$T/mw.script"
run_anuvad translate "$T/mw.xlf" --tm "$T/mw.tmx" --script "$T/mw.script"
printf '%s\n' "$out" | grep -qx 'note     (developer) Button label; keep it short.' &&
  printf '%s\n' "$out" | grep -qx 'limit    10 characters' \
  && ok "the file's note and length limit are shown" || fail "note/limit not shown: $out"
printf '%s\n' "$out" | grep -qx "not confirmed yet: 17 characters, the file's limit is 10; confirm again to accept" \
  && ok "a translation over the limit is held back once" || fail "limit not enforced: $out"
grep -q '<source>फ़ाइल सहेजें</source><target state="translated">Save file</target>' "$T/mw.xlf" &&
  grep -q '<note from="developer">Button label; keep it short.</note>' "$T/mw.xlf" \
  && ok "the short one is saved in place, the note kept" || fail "mw.xlf: $(cat "$T/mw.xlf")"

# --- XLIFF 2.0: the state on <segment>, codes as the file's <pc>/<ph> -------------
S2=$SHARED/data/format-samples/xliff2
cp "$S2/withReorderedCodes.xlf" "$T/r.xlf"; chmod u+w "$T/r.xlf"
cp "$T/empty.tmx" "$T/r.tmx"
printf 'edit {3/}{1}Texte{2/}{/1}\nconfirm!\nquit\n' >"$T/r.script"
run_anuvad translate "$T/r.xlf" --tm "$T/r.tmx" --script "$T/r.script"
expect_status 0 "translate an XLIFF 2.0 file"
diff "$S2/withReorderedCodes.xlf" "$T/r.xlf" | grep "^>" | tr -d "\r" >"$T/r.diff"  # the file has CRLF lines
printf '%s\n' '>    <segment state="translated">' \
  '>     <target><ph id="3"/><pc id="1" canReorder="firstNo" canDelete="no" canCopy="no">Texte<ph id="2" canReorder="no" canDelete="no" canCopy="no"/></pc></target>' \
  '>    <segment state="translated">' \
  '>     <target><ph id="3"/><pc id="1" canReorder="firstNo" canDelete="no" canCopy="no">Texte<ph id="2" canReorder="no" canDelete="no" canCopy="no"/></pc></target>' >"$T/r.want"
expect_same_file "$T/r.want" "$T/r.diff" \
  "XLIFF 2.0: the segment's state and its target change (and its repetition's), the codes reordered as the translator put them"
xmllint --noout "$T/r.xlf" 2>/dev/null && ok "XLIFF 2.0 file still well-formed" || fail "XLIFF 2.0 broken"
run_anuvad tm import --into "$T/r2.tmx" "$T/r.xlf"
expect_status 0 "tm import of an XLIFF 2.0 file"
grep -q '<seg><ph x="3">&lt;ph id="3"/&gt;</ph><bpt i="1" x="1">' "$T/r2.tmx" \
  && ok "tm import takes the XLIFF 2.0 unit with its codes" || fail "tm import of XLIFF 2.0"
cp "$S2/ValidDocument.xlf" "$T/v.xlf"
run_anuvad translate "$T/v.xlf" --tm "$T/empty.tmx" --script /dev/null
expect_status 1 "an XLIFF 2.0 file whose units are all translate=\"no\""
expect_same_file "$S2/ValidDocument.xlf" "$T/v.xlf" "left untouched"

# --- pretranslate and analyze another tool's XLIFF ----------------------------
cat >"$T/pf.xlf" <<'EOD'
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:mq="MQXliff">
  <file original="report.docx" source-language="hi-IN" target-language="en-US" datatype="x-docx">
    <header><skl><external-file href="report.skl"/></skl></header>
    <body>
      <trans-unit id="1" mq:status="NotStarted">
        <source>मैं घर जा रहा हूँ।</source>
      </trans-unit>
      <trans-unit id="2">
        <source>वह यहाँ है।</source>
        <target state="final">He is here (the client's own).</target>
      </trans-unit>
    </body>
  </file>
</xliff>
EOD
printf 'मैं घर जा रहा हूँ।\tI am going home.\nवह यहाँ है।\tHe is here.\n' >"$T/pf.tsv"
"$ANUVAD" tm import --into "$T/pf.tmx" "$T/pf.tsv" >/dev/null 2>&1
run_anuvad pretranslate --tm "$T/pf.tmx" -o "$T/pf.out.xlf" "$T/pf.xlf"
expect_status 0 "pretranslate another tool's XLIFF"
diff "$T/pf.xlf" "$T/pf.out.xlf" | grep '^[<>]' >"$T/pf.diff"
printf '%s\n' '<         <source>मैं घर जा रहा हूँ।</source>' \
  '>         <source>मैं घर जा रहा हूँ।</source><target state="translated">I am going home.</target>' >"$T/pf.want"
expect_same_file "$T/pf.want" "$T/pf.diff" \
  "pretranslate fills the unit without a target, keeps the client's final one and every other byte"
run_anuvad analyze --tm "$T/pf.tmx" --csv "$T/pf.xlf"
expect_status 0 "analyze another tool's XLIFF"

finish
