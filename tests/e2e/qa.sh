# qa.sh - `anuvad qa`: each kind of error injected into a translation is
# reported on its segment, a correct one is not, the exit status gates.
. tests/lib.sh

# tests/data/qa/injected.tsv: Hindi sentences and English translations,
# the first right, each of the others with one error a reviewer catches.
cd "$T"
cut -f1 "$ROOT/tests/data/qa/injected.tsv" >doc.hi.txt
"$ANUVAD" tm import --into tm.tmx "$ROOT/tests/data/qa/injected.tsv" >/dev/null 2>&1
"$ANUVAD" pretranslate --tm tm.tmx -o p.xlf doc.hi.txt 2>/dev/null
printf 'तालिका\ttable\nफ़ाइल\tfile\n' >"$T/g.tsv"

run_anuvad qa --glossary "$T/g.tsv" --csv "$T/p.xlf"
expect_status 1 "findings: exit 1"
expect_out 'file,unit,check,severity,message,source,target
"doc.hi.txt","2","number","error","missing in the translation: 3","उसने 3 किताबें खरीदीं।","He bought books."
"doc.hi.txt","3","source-script","error","Devanagari left in the translation: अच्छा","यह बहुत अच्छा है।","This is very अच्छा."
"doc.hi.txt","4","end-punctuation","warning","the source ends with '"'"'?'"'"', the translation with '"'"'.'"'"'","क्या आप आएँगे?","Will you come."
"doc.hi.txt","5","url-email","error","https://example.org/help is not in the translation","जानकारी के लिए https://example.org/help देखें।","For details, see the help page."
"doc.hi.txt","6","repeated-word","warning","'"'"'the the'"'"'","यह  वाक्य ठीक है।","This is the the right sentence."
"doc.hi.txt","7","terminology","warning","तालिकाएँ: the glossary'"'"'s '"'"'table'"'"' is not in the translation","हमने दो तालिकाएँ बनाईं।","We made two charts."
"doc.hi.txt","8","same-as-source","warning","the translation is the source text","मौसम अच्छा है।","मौसम अच्छा है।"
"doc.hi.txt","8","source-script","error","Devanagari left in the translation: मौसम, अच्छा, है","मौसम अच्छा है।","मौसम अच्छा है।"
"doc.hi.txt","9","brackets","warning","'"'"'('"'"' 1 times, '"'"')'"'"' 0 times","वह (शायद) आएगा।","He will (perhaps come."' \
  "every injected error on its segment, the correct first one quiet"

run_anuvad qa --json "$T/p.xlf"
expect_status 1
expect_out_match '^\{"file":"doc.hi.txt","unit":"2","check":"number","severity":"error","message":"missing in the translation: 3","source":"उसने 3 किताबें खरीदीं।","target":"He bought books."\}' \
  "--json: one object a finding"

# a clean project: nothing found, exit 0
head -n 1 "$ROOT/tests/data/qa/injected.tsv" | cut -f1 >ok.hi.txt
"$ANUVAD" pretranslate --tm tm.tmx -o ok.xlf ok.hi.txt 2>/dev/null
run_anuvad qa "$T/ok.xlf"
expect_status 0 "nothing found: exit 0"
expect_err_match "^anuvad: 0 findings$"

# untranslated, and usage errors
printf 'एक नया वाक्य जो किसी टीएम में नहीं।\n' >new.hi.txt
"$ANUVAD" pretranslate --tm tm.tmx -o new.xlf new.hi.txt 2>/dev/null
run_anuvad qa --json "$T/new.xlf"
expect_out_match '"check":"untranslated"' "untranslated"
run_anuvad qa --json --csv "$T/p.xlf"
expect_status 2 "--json and --csv"
run_anuvad qa
expect_status 2 "no project"

# ---- length over the file's own limit (maxwidth, size-unit="char") ------------
cat >"$T/mw.xlf" <<'EOD'
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="ui.properties" source-language="hi-IN" target-language="en-US" datatype="plaintext">
    <body>
        <trans-unit id="save" maxwidth="10" size-unit="char">
          <source>फ़ाइल सहेजें</source><target state="translated">Save the file now</target>
        </trans-unit>
        <trans-unit id="open" maxwidth="10" size-unit="char">
          <source>खोलें</source><target state="translated">Open</target>
        </trans-unit>
        <trans-unit id="px" maxwidth="10">
          <source>बंद करें</source><target state="translated">Close the window</target>
        </trans-unit>
    </body>
  </file>
</xliff>
EOD
run_anuvad qa --json "$T/mw.xlf"
expect_status 1 "qa: a translation over maxwidth"
expect_out '{"file":"ui.properties","unit":"save","check":"length","severity":"error","message":"17 characters; the file'"'"'s limit is 10","source":"फ़ाइल सहेजें","target":"Save the file now"}' \
  "qa: over the character limit is an error; within it, or a limit in pixels, is not"

# ---- the per-segment checks at confirm in translate ---------------------------
printf 'मैं घर जा रहा हूँ।\n' >"$T/c.txt"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="hi-IN" datatype="plaintext"/><body></body></tmx>\n' >"$T/c.tmx"
"$ANUVAD" pretranslate --tm "$T/c.tmx" -o "$T/c.xlf" "$T/c.txt" >/dev/null 2>&1
printf 'edit I am going  home home\nconfirm\nedit I am going home.\nconfirm\nquit\n' >"$T/c.script"
run_anuvad translate "$T/c.xlf" --tm "$T/c.tmx" --script "$T/c.script"
printf '%s\n' "$out" | grep -qxF "not confirmed yet: end-punctuation: the source ends with a sentence mark (। or .), the translation does not; double-space: two spaces in a row; repeated-word: 'home home'; confirm again to accept" \
  && ok "translate: qa's per-segment findings hold a confirm back once, each named" \
  || fail "translate at confirm: $out"
printf '%s\n' "$out" | grep -q '^confirmed segment 1' \
  && grep -q '<target state="translated">I am going home.</target>' "$T/c.xlf" \
  && ok "the corrected translation is confirmed at once" || fail "not confirmed: $out"

# ---- ignoring a false alarm: stored in the project, quiet afterwards ----------
printf 'मैं घर जा रहा हूँ।\nवह यहाँ है।\n' >"$T/ig.txt"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="hi-IN" datatype="plaintext"/><body></body></tmx>\n' >"$T/ig.tmx"
"$ANUVAD" pretranslate --tm "$T/ig.tmx" -o "$T/ig.xlf" "$T/ig.txt" >/dev/null 2>&1
printf 'edit I am going home\nconfirm!\nedit He is here.\nconfirm!\nquit\n' >"$T/ig.script"
"$ANUVAD" translate "$T/ig.xlf" --tm "$T/ig.tmx" --script "$T/ig.script" >/dev/null 2>&1
run_anuvad qa "$T/ig.xlf"
expect_status 1 "one finding before"
id=$(printf '%s\n' "$out" | sed -n 's/.*end-punctuation: .*  \[\([0-9a-f]\{12\}\)\]$/\1/p')
[ -n "$id" ] && ok "each finding has an id in the text output ($id)" || fail "no id: $out"
run_anuvad qa --ignore "$id" "$T/ig.xlf"
expect_status 0 "qa --ignore"
grep -q "<note from=\"anuvad-qa\">ignore $id: end-punctuation: " "$T/ig.xlf" \
  && ok "the ignore is stored in the project as a note" || fail "no note stored"
run_anuvad qa "$T/ig.xlf"
expect_status 0 "nothing left to report"
expect_err_match '^anuvad: 0 findings \(1 ignored\)$' "later runs count it as ignored"
run_anuvad qa --ignore 000000000000 "$T/ig.xlf"
expect_status 1 "an unknown id"
expect_err_match "^anuvad: no finding 000000000000" "an unknown id is one clear line"

# ---- numbers written in words on one side (ICU spellout, hi and en) ----------
run_anuvad qa --json "$ROOT/tests/data/qa/number-words.xlf"
expect_out '{"file":"n.txt","unit":"3","check":"number","severity":"error","message":"missing in the translation: 4","source":"वह 4 दिन में आएगा।","target":"He will come in five days."}' \
  "दो = 2 and 3 = three are the same number; 4 as five is not"

# ---- inconsistent against a TM ---------------------------------------------------
printf 'वह यहाँ है।\tHe is here.\n' >"$T/it.tsv"
"$ANUVAD" tm import --into "$T/it.tmx" "$T/it.tsv" >/dev/null 2>&1
sed 's/He is here\./He is over here./' "$T/ig.xlf" >"$T/ig2.xlf"
run_anuvad qa --tm "$T/it.tmx" --json "$T/ig2.xlf"
expect_out '{"file":"'"$T"'/ig.txt","unit":"2","check":"inconsistent","severity":"warning","message":"the TM translates this source as \"He is here.\"","source":"वह यहाँ है।","target":"He is over here."}' \
  "--tm: a source the TM translates otherwise"
run_anuvad qa --tm "$T/it.tmx" --json "$T/ig.xlf"
expect_status 0 "--tm: the TM's own translation is no finding"

# ---- --html: one page for the reviewer -----------------------------------------
sed 's/He will come in five days\./He will come in five days \&amp; \&lt;b\&gt;nights\&lt;\/b\&gt;?/' \
  "$ROOT/tests/data/qa/number-words.xlf" >"$T/h.xlf" 2>/dev/null
run_anuvad qa --html "$T/qa.html" "$T/h.xlf"
expect_status 1 "--html with findings"
expect_err_match "^anuvad: [0-9]+ findings? in $T/qa.html$" "--html says where the page went"
xmllint --html --noout "$T/qa.html" 2>/dev/null && ok "the page reads in libxml2 without errors" \
  || fail "the page has HTML errors"
grep -qF '<tr class="error" data-check="number"><td>n.txt</td><td>3</td><td class="check">number</td><td>missing in the translation: 4</td>' "$T/qa.html" \
  && ok "a row per finding, the check marked by severity" || fail "no row: $(grep -c '<tr class' "$T/qa.html")"
grep -qF 'five days &amp; &lt;b&gt;nights&lt;/b&gt;?' "$T/qa.html" \
  && ok "the target's text escaped" || fail "not escaped"
grep -q "type='checkbox'" "$T/qa.html" && ! grep -q '<link\|src="http' "$T/qa.html" \
  && ok "filters by check, nothing loaded from outside" || fail "filters or outside files"

# ---- spelling of the target -------------------------------------------------------
sed -e 's/He will come in 2 weeks\./He will come in 2 weks./' \
    -e 's/He will come in three days\./The three days were criticised by Shoigu./' \
  "$ROOT/tests/data/qa/number-words.xlf" >"$T/sp.xlf"
run_anuvad qa --json "$T/sp.xlf"
printf '%s\n' "$out" | grep -qF '"unit":"1","check":"spelling","severity":"warning","message":"not in the dictionary: weks"' \
  && ok "spelling: a misspelt word is reported" || fail "spelling: $out"
printf '%s\n' "$out" | grep -q '"unit":"2","check":"spelling"' \
  && fail "spelling: a British spelling or a name reported: $out" \
  || ok "spelling: en-GB 'criticised' in an en-US project and the name 'Shoigu' are not"
run_anuvad qa --no-spelling --json "$T/sp.xlf"
printf '%s\n' "$out" | grep -q '"check":"spelling"' && fail "--no-spelling still checks" \
  || ok "--no-spelling"

# ---- confirming over a finding in translate ignores it for qa --------------------
"$ANUVAD" pretranslate --tm "$T/ig.tmx" -o "$T/c2.xlf" "$T/c.txt" >/dev/null 2>&1
printf 'edit I am going home home\nconfirm\nconfirm\nquit\n' >"$T/c2.script"
cp "$T/ig.tmx" "$T/c2.tmx"
run_anuvad translate "$T/c2.xlf" --tm "$T/c2.tmx" --script "$T/c2.script"
printf '%s\n' "$out" | grep -q '^confirmed segment 1' \
  && ok "a second confirm accepts the translation over the findings" || fail "not confirmed: $out"
run_anuvad qa "$T/c2.xlf"
expect_status 0 "the findings the translator confirmed over"
expect_err_match '^anuvad: 0 findings \(2 ignored\)$' "are counted as ignored by anuvad qa"

# ---- a forbidden term used ----------------------------------------------------------
"$ANUVAD" term add --glossary "$T/fb.tbx" --forbidden 'सारणी' chart 2>/dev/null
cat >"$T/fb.xlf" <<'EOD'
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="f.txt" source-language="hi-IN" target-language="en-US" datatype="plaintext">
    <body>
        <trans-unit id="1"><source>यह सारणी देखें।</source><target state="translated">See this chart.</target></trans-unit>
    </body>
  </file>
</xliff>
EOD
run_anuvad qa --glossary "$T/fb.tbx" --json "$T/fb.xlf"
expect_out '{"file":"f.txt","unit":"1","check":"terminology","severity":"error","message":"forbidden term '"'"'chart'"'"' used (for सारणी)","source":"यह सारणी देखें।","target":"See this chart."}' \
  "a forbidden term (term add --forbidden, TBX-Basic) used in the translation"

# ---- a term's English in its inflected forms ---------------------------------------
# analyses (classical plural), children (irregular), councils (hunspell's
# stems), blockchains (unknown to the dictionary: Snowball) are the terms;
# universe is not university, organization not organ (known words whose
# stems differ)
printf 'विश्लेषण\tanalysis\nबच्चा\tchild\nसुरक्षा परिषद\tSecurity Council\nब्लॉकचेन\tblockchain\nविश्वविद्यालय\tuniversity\nअंग\torgan\n' >"$T/en.tsv"
cat >"$T/en.xlf" <<'EOD'
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="f.txt" source-language="hi-IN" target-language="en-US" datatype="plaintext">
    <body>
        <trans-unit id="1"><source>दो विश्लेषण हुए।</source><target state="translated">Two analyses were made.</target></trans-unit>
        <trans-unit id="2"><source>बच्चे खेले।</source><target state="translated">The children played.</target></trans-unit>
        <trans-unit id="3"><source>सुरक्षा परिषदों की बैठक।</source><target state="translated">A meeting of the security-councils.</target></trans-unit>
        <trans-unit id="4"><source>ब्लॉकचेन पर।</source><target state="translated">On blockchains.</target></trans-unit>
        <trans-unit id="5"><source>विश्वविद्यालय बड़ा है।</source><target state="translated">The universe is big.</target></trans-unit>
        <trans-unit id="6"><source>अंग दान।</source><target state="translated">Organization donation.</target></trans-unit>
    </body>
  </file>
</xliff>
EOD
run_anuvad qa --glossary "$T/en.tsv" --no-spelling --csv "$T/en.xlf"
expect_out 'file,unit,check,severity,message,source,target
"f.txt","5","terminology","warning","विश्वविद्यालय: the glossary'"'"'s '"'"'university'"'"' is not in the translation","विश्वविद्यालय बड़ा है।","The universe is big."
"f.txt","6","terminology","warning","अंग: the glossary'"'"'s '"'"'organ'"'"' is not in the translation","अंग दान।","Organization donation."' \
  "English terms in every inflection (hunspell stems, plurals, Snowball), look-alikes not"

finish
