#!/bin/sh
# term-gold.sh - recall and precision of `anuvad term lookup` on real
# news text (docs/terminology.md): the NTREX-128 Hindi sentences (1,997)
# against the glossary tests/data/term/gold-glossary.tsv (35 news terms),
# compared with the hand-checked hits in tests/data/term/gold-ntrex.tsv
# (line, start, end in characters, the entry's Hindi, the words).
# A hit counts when line, span and entry are all right.
# Usage: sh tests/eval/term-gold.sh [-v]   (from the project root, built);
# -v lists the misses and the false hits.
set -eu
A=${ANUVAD:-build/anuvad}
SH=${ANUVAD_SHARED:-../shared}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$A" term lookup --glossary tests/data/term/gold-glossary.tsv --json - \
  <"$SH/data/ntrex128-hin-eng/newstest2019-ref.hin.txt" >"$T/hits.json"
python3 - "$T/hits.json" tests/data/term/gold-ntrex.tsv "${1:-}" <<'PY'
import json, sys
got = set()
for line in open(sys.argv[1], encoding="utf-8"):
    o = json.loads(line)
    for t in o["terms"]:
        got.add((o["line"], t["start"], t["end"], t["source"], t["text"]))
gold = set()
for line in open(sys.argv[2], encoding="utf-8"):
    n, s, e, src, text = line.rstrip("\n").split("\t")
    gold.add((int(n), int(s), int(e), src, text))
tp = len(got & gold)
print(f"gold hits {len(gold)}, found {len(got)}, right {tp}: "
      f"recall {100 * tp / len(gold):.1f} %, precision {100 * tp / len(got):.1f} %")
if sys.argv[3] == "-v":
    for h in sorted(gold - got):
        print("missed", *h, sep="\t")
    for h in sorted(got - gold):
        print("false ", *h, sep="\t")
PY
