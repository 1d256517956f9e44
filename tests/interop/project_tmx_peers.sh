# project_tmx_peers.sh - the TMX that `anuvad export --tmx` writes from a
# finished project opens in Translate Toolkit 3.8 (Python API through
# /usr/bin/python3, and pocount) with exactly the confirmed pairs.
. tests/lib.sh

export SOURCE_DATE_EPOCH=1704067200
run_anuvad export "$ROOT/tests/interop/fixtures/finished.xlf" --tmx "$T/done.tmx"
expect_status 0 "export --tmx"

/usr/bin/python3 - "$T/done.tmx" <<'PY' >"$T/py.out" 2>&1
import sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
for unit in store.units:
    langs = [t.get(XML_LANG) for t in unit.xmlelement.iter("{*}tuv")]
    print("%s|%s|%s" % ("/".join(langs), unit.source, unit.target))
PY
expect_same_file "$T/py.out" /dev/stdin "Translate Toolkit reads the four confirmed pairs" <<'WANT'
hi-IN/en-US|टोकायव ने कहा।|Tokayev said so.
hi-IN/en-US|क < ख|a < b & c
hi-IN/en-US|अंत।|The end.
hi-IN/en-GB|अकेला।|Alone.
WANT

out=$(pocount "$T/done.tmx" 2>&1)
if printf '%s' "$out" | grep -Eq 'Translated: +4 \(100%\)'; then
  ok "pocount counts 4 translated units"
else fail "pocount: $out"; fi

finish
