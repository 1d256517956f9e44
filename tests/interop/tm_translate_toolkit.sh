# tm_translate_toolkit.sh - Translate Toolkit 3.8 reads what anuvad writes
# (pocount, and its Python API through /usr/bin/python3), and anuvad
# imports what po2tmx writes, with the same pairs.
. tests/lib.sh

run_anuvad tm export -o "$T/def.tmx"
expect_status 0 "export the default TM"

out=$(pocount "$T/def.tmx" 2>&1)
if printf '%s' "$out" | grep -Eq 'Translated: +3117 \(100%\)'; then
  ok "pocount counts all 3117 units as translated"
else fail "pocount: $out"; fi

# Every unit, in order: the right Hindi source, English target, languages.
/usr/bin/python3 - "$T/def.tmx" "$ROOT/tm/tatoeba-hin-eng.tsv" <<'PY' >"$T/py.out" 2>&1
import sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
pairs = [l.rstrip("\n").split("\t")[:2] for l in open(sys.argv[2], encoding="utf-8")]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
assert len(store.units) == len(pairs), (len(store.units), len(pairs))
for unit, (hi, en) in zip(store.units, pairs):
    langs = [t.get(XML_LANG) for t in unit.xmlelement.iter("{*}tuv")]
    assert langs == ["hi-IN", "en-US"], langs
    assert unit.source == hi and unit.target == en, (unit.source, unit.target)
print("ok", len(store.units))
PY
if [ "$(cat "$T/py.out")" = "ok 3117" ]; then
  ok "Python API yields all 3117 pairs with hi-IN/en-US"
else fail "Python API: $(tail -n 3 "$T/py.out")"; fi

# po2tmx output (Hindi msgid, English msgstr) comes in with its pairs;
# fuzzy and untranslated entries are left out by po2tmx itself.
cat >"$T/a.po" <<'PO'
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

msgid "नमस्ते।"
msgstr "Hello."

msgid "धन्यवाद।"
msgstr "Thank you & goodbye."

#, fuzzy
msgid "शायद"
msgstr "Maybe"
PO
po2tmx -l en-US --source-language=hi-IN "$T/a.po" "$T/po.tmx" >/dev/null 2>&1
run_anuvad tm import --into "$T/p.tmx" "$T/po.tmx"
expect_out "$T/po.tmx: read 2, added 2, merged 0, skipped 0
$T/p.tmx: 2 units" "import po2tmx output"
run_anuvad tm lookup --tm "$T/p.tmx" --min 100 'नमस्ते।' 'धन्यवाद।'
expect_out "> नमस्ते।
100%  नमस्ते।
      Hello.

> धन्यवाद।
100%  धन्यवाद।
      Thank you & goodbye." \
  "po2tmx pairs found"

finish
