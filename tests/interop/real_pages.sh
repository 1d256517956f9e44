# real_pages.sh - web pages, Word and ODF files that another program
# (LibreOffice 7.4, headless) wrote from real Hindi text, translated with a
# TM of that text's real English translations.
#
# The text: the first 40 documents of FLORES-200 devtest (Hindi and its
# reference English, ../shared/data/flores200-devtest-hin-eng; CC BY-SA
# 4.0, see its SOURCE.md), laid out as a page: each document a heading
# (its first sentence), paragraphs of one sentence (some wholly bold, some
# italic), a list, a table row and a two-sentence paragraph.  LibreOffice
# turns that HTML into its own HTML, into DOCX and into ODT; the TM holds
# every sentence pair.  For each of the three:
#   - pretranslate + export --document: every one-sentence paragraph with
#     a TM pair reads back (LibreOffice's text of the file) exactly as its
#     English, and the two-sentence paragraphs as their two English
#     sentences;
#   - the HTML page keeps its tag skeleton: its elements and attributes,
#     with all text taken out, are those of LibreOffice's page (the lang
#     of <html> excepted, which becomes the target language), and it is
#     well-formed for libxml2's HTML parser.
. tests/lib.sh

F=$SHARED/data/flores200-devtest-hin-eng
export HOME="$T/home"
LO="-env:UserInstallation=file://$T/lo-profile"
if ! command -v soffice >/dev/null; then
  fail "LibreOffice (soffice) is not installed"; finish; exit
fi

python3 - "$F" "$T" <<'PY'
import sys, html
F, T = sys.argv[1], sys.argv[2]
hi = open(F + "/hin_Deva.devtest", encoding="utf-8").read().split("\n")
en = open(F + "/eng_Latn.devtest", encoding="utf-8").read().split("\n")
docs = {}
for row in open(F + "/doc_ids.tsv", encoding="utf-8").read().split("\n")[1:]:
    if row:
        line, doc = (int(x) for x in row.split("\t")[:2])
        docs.setdefault(doc, []).append(line - 1)
out = ['<!DOCTYPE html>\n<html lang="hi"><head><meta charset="utf-8">'
       '<title>FLORES</title></head><body>']
tsv = []
for d in sorted(docs)[:40]:
    s = docs[d]
    for i in s:
        tsv.append(hi[i] + "\t" + en[i])
    e = lambda i: html.escape(hi[i], quote=False)
    out.append("<h2>%s</h2>" % e(s[0]))
    rest = s[1:]
    k = 0
    while k < len(rest):
        i = rest[k]
        if k == 0:
            out.append(("<p><b>%s</b></p>" if d % 2 else "<p>%s</p>") % e(i))
        elif k == 1 and len(rest) > 2:
            out.append("<p>%s %s</p>" % (e(i), e(rest[k + 1])))
            k += 1
        elif k == 3:
            out.append("<ul><li>%s</li></ul>" % e(i))
        elif k == 4:
            out.append("<table><tr><td>%s</td></tr></table>" % e(i))
        elif k % 2:
            out.append("<p><i>%s</i></p>" % e(i))
        else:
            out.append("<p>%s</p>" % e(i))
        k += 1
out.append("</body></html>")
open(T + "/page.hi.html", "w", encoding="utf-8").write("\n".join(out) + "\n")
open(T + "/pairs.tsv", "w", encoding="utf-8").write("\n".join(tsv) + "\n")
PY
"$ANUVAD" tm import --into "$T/flores.tmx" "$T/pairs.tsv" >/dev/null 2>&1
# the Hindi lines anuvad cuts into more than one sentence ("।" and "."
# inside a FLORES line) are not one-sentence paragraphs
cut -f1 "$T/pairs.tsv" >"$T/hi.txt"
"$ANUVAD" segment --format tsv "$T/hi.txt" >"$T/hi.seg"
pairs=$(grep -c . "$T/pairs.tsv")

mkdir -p "$T/lo" "$T/txt"
(cd "$T/lo" &&
  soffice "$LO" --headless --infilter="HTML (StarWriter)" \
    --convert-to 'docx:MS Word 2007 XML' "$T/page.hi.html" >/dev/null 2>&1 &&
  soffice "$LO" --headless --infilter="HTML (StarWriter)" \
    --convert-to odt "$T/page.hi.html" >/dev/null 2>&1 &&
  soffice "$LO" --headless --convert-to 'html:HTML (StarWriter)' \
    "$T/lo/page.hi.odt" --outdir "$T/lo/html" >/dev/null 2>&1)
for f in page.hi.docx page.hi.odt html/page.hi.html; do
  [ -s "$T/lo/$f" ] || fail "LibreOffice did not write $f"
done

# text_of FILE OUT: LibreOffice's plain text of FILE
text_of() {
  rm -rf "$T/conv" && mkdir -p "$T/conv"
  cp "$1" "$T/conv/"
  (cd "$T/conv" && soffice "$LO" --headless --convert-to txt:Text \
     "$(basename "$1")" >/dev/null 2>&1)
  cp "$T/conv/$(basename "${1%.*}").txt" "$2" 2>/dev/null
}

for f in html/page.hi.html page.hi.docx page.hi.odt; do
  ext=${f##*.}
  src=$T/lo/$f
  run_anuvad pretranslate --tm "$T/flores.tmx" -o "$T/p-$ext.xlf" "$src"
  expect_status 0 "$ext: LibreOffice's file pre-translated"
  "$ANUVAD" export "$T/p-$ext.xlf" --document "$T/out.$ext" 2>/dev/null
  text_of "$src" "$T/txt/orig-$ext.txt"
  text_of "$T/out.$ext" "$T/txt/out-$ext.txt"
  res=$(python3 - "$T/txt/orig-$ext.txt" "$T/txt/out-$ext.txt" "$T/pairs.tsv" "$T/hi.seg" <<'PY'
import sys, collections
orig = open(sys.argv[1], encoding="utf-8-sig").read().split("\n")
out = open(sys.argv[2], encoding="utf-8-sig").read().split("\n")
pairs = dict(l.split("\t", 1) for l in open(sys.argv[3], encoding="utf-8").read().split("\n") if "\t" in l)
hi = open(sys.argv[3], encoding="utf-8").read().split("\n")
per_line = collections.Counter(l.split("\t")[2] for l in open(sys.argv[4], encoding="utf-8").read().split("\n")[1:] if l.strip())
single = {h.split("\t")[0] for n, h in enumerate(hi, 1) if per_line.get(str(n)) == 1}
pairs = {k: v for k, v in pairs.items() if k in single}
if len(orig) != len(out):
    print("lines differ: %d %d" % (len(orig), len(out))); sys.exit()
one = two = bad = 0
for o, t in zip(orig, out):
    o, t = o.strip(), t.strip()
    if o in pairs:
        one += 1
        if t != pairs[o]:
            bad += 1; print("WANT", pairs[o], "GOT", t)
        continue
    # two sentences of a paragraph, each with its pair
    for k in range(1, len(o)):
        a, b = o[:k].strip(), o[k:].strip()
        if a in pairs and b in pairs:
            two += 1
            if t != pairs[a] + " " + pairs[b]:
                bad += 1; print("WANT", pairs[a] + " " + pairs[b], "GOT", t)
            break
print(one, two, bad)
PY
)
  set -- $res
  if [ "${3:-x}" = 0 ] && [ "${1:-0}" -ge 80 ]; then
    ok "$ext: all $1 one-sentence paragraphs with a TM pair (and $2 two-sentence ones) read back as their English"
  else
    fail "$ext: $res"
  fi
done

# the page's tag skeleton, text taken out
skeleton() {
  python3 - "$1" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True); self.out = []
    def handle_starttag(self, tag, attrs):
        attrs = [(k, v) for k, v in attrs if not (tag == "html" and k == "lang")]
        self.out.append("<%s %s>" % (tag, attrs))
    def handle_endtag(self, tag):
        self.out.append("</%s>" % tag)
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
print("\n".join(p.out))
PY
}
skeleton "$T/lo/html/page.hi.html" >"$T/skel-in"
skeleton "$T/out.html" >"$T/skel-out"
if cmp -s "$T/skel-in" "$T/skel-out"; then
  ok "html: the page's tags and attributes are LibreOffice's ($(wc -l <"$T/skel-in") tags), text aside"
else
  fail "html: the tag skeleton changed: $(diff "$T/skel-in" "$T/skel-out" | head -5)"
fi
grep -q '<html lang="en-US"' "$T/out.html" \
  || grep -q 'lang="en-US"' "$T/out.html" \
  && ok "html: the page's language is the target's" \
  || fail "html: lang not set: $(grep -o '<html[^>]*>' "$T/out.html")"
n=$(xmllint --html --noout "$T/out.html" 2>&1 | grep -c 'error')
n0=$(xmllint --html --noout "$T/lo/html/page.hi.html" 2>&1 | grep -c 'error')
[ "$n" -le "$n0" ] && ok "html: libxml2 reads the translation with no new errors ($n)" \
  || fail "html: $n errors, the original $n0"
echo "($pairs sentence pairs in the TM)"

finish
