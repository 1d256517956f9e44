#!/bin/sh
# gen-tmx.sh N PAIRS_TSV > OUT.tmx - a big TMX made from real sentence pairs.
#
# Unit k uses pair k mod P of PAIRS_TSV (hindi<TAB>english[<TAB>...]) with a
# systematic variation v = k div P, so that units are distinct but look
# like a real TM: in sentences with names (Tom/टॉम, Mary/मैरी) the names
# are swapped for others; sentences without names, and every sentence past
# the name list, get a section number on both sides.  Dates and usage
# counts vary too.  Deterministic: same N, same file.
set -eu
n=$1
pairs=$2
awk -F '\t' -v N="$n" '
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
BEGIN {
  split("Tom Ravi Anita Sunil Meena Arjun Kavita Rahul Pooja Vikram Sita Amit Neha Karan Priya Rohan", EN, " ")
  split("टॉम रवि अनीता सुनील मीना अर्जुन कविता राहुल पूजा विक्रम सीता अमित नेहा करण प्रिया रोहन", HI, " ")
  split("Mary Geeta Ramesh Lata Mohan Usha Deepak Asha Vijay Rekha Suresh Kiran Manoj Nisha Ajay Ritu", EN2, " ")
  split("मैरी गीता रमेश लता मोहन उषा दीपक आशा विजय रेखा सुरेश किरण मनोज निशा अजय रितु", HI2, " ")
  NN = 16; P = 0
}
{ hi[P] = $1; en[P] = $2; P++ }
END {
  print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  print "<tmx version=\"1.4\">"
  print "  <header creationtool=\"gen-tmx\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"gen\" adminlang=\"en-US\" srclang=\"hi-IN\" datatype=\"plaintext\"/>"
  print "  <body>"
  for (k = 0; k < N; k++) {
    p = k % P; v = int(k / P)
    h = hi[p]; e = en[p]
    j = v % NN; named = 0
    if (j > 0) named = gsub(/टॉम/, HI[j+1], h) + gsub(/Tom/, EN[j+1], e) + gsub(/मैरी/, HI2[j+1], h) + gsub(/Mary/, EN2[j+1], e)
    if (v > 0 && (!named || v >= NN)) { h = h " (खंड " v ")"; e = e " (section " v ")" }
    d = sprintf("2023%02d%02dT%02d%02d%02dZ", 1 + k % 12, 1 + k % 28, k % 24, k % 60, (k * 7) % 60)
    printf "    <tu tuid=\"u%d\" creationdate=\"%s\" creationid=\"gen\" changedate=\"%s\" usagecount=\"%d\">\n", k, d, d, k % 5
    printf "      <tuv xml:lang=\"hi-IN\">\n        <seg>%s</seg>\n      </tuv>\n", esc(h)
    printf "      <tuv xml:lang=\"en-US\">\n        <seg>%s</seg>\n      </tuv>\n    </tu>\n", esc(e)
  }
  print "  </body>"
  print "</tmx>"
}' "$pairs"
