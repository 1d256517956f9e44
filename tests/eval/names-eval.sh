#!/bin/sh
# names-eval.sh - romanised name hints against real name pairs
# (docs/terminology.md): tests/data/term/names-gold.tsv holds 786
# Hindi names with the English spelling the same sentence uses in
# FLORES-200 devtest and NTREX-128.  Each Hindi name is romanised by
#   icu   ICU's Devanagari-Latin + Latin-ASCII, capitalised (`--names-icu`)
#   hint  anuvad's hint (`--names`: schwa deletion, English spelling)
#   tm    the hint preferring spellings of a TM (`--names --tm`): the
#         other corpus's pairs (NTREX's for FLORES names and the other
#         way round), so that no sentence helps with its own name
# and the exact-match rate (case-sensitive) is printed for each.
# Usage: sh tests/eval/names-eval.sh [-v]   (from the project root, built)
set -eu
A=${ANUVAD:-build/anuvad}
SH=${ANUVAD_SHARED:-../shared}
G=tests/data/term/names-gold.tsv
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
F=$SH/data/flores200-devtest-hin-eng
N=$SH/data/ntrex128-hin-eng
paste "$F/hin_Deva.devtest" "$F/eng_Latn.devtest" >"$T/flores.tsv"
paste "$N/newstest2019-ref.hin.txt" "$N/newstest2019-src.eng.txt" >"$T/ntrex.tsv"
"$A" tm import --into "$T/flores.tmx" "$T/flores.tsv" >/dev/null 2>&1
"$A" tm import --into "$T/ntrex.tmx" "$T/ntrex.tsv" >/dev/null 2>&1
for c in flores ntrex; do
  grep -P "\t$c:" "$G" >"$T/$c.gold" || true
  cut -f1 "$T/$c.gold" >"$T/$c.hi"
  other=ntrex; [ $c = ntrex ] && other=flores
  "$A" term lookup --names-icu --json - <"$T/$c.hi" >"$T/$c.icu"
  "$A" term lookup --names --json - <"$T/$c.hi" >"$T/$c.hint"
  "$A" term lookup --names --tm "$T/$other.tmx" --json - <"$T/$c.hi" >"$T/$c.tm"
done
python3 - "$T" "${1:-}" <<'PY'
import json, sys
t, verbose = sys.argv[1], sys.argv[2] == "-v"
def hints(path):
    out = []
    for line in open(path, encoding="utf-8"):
        names = json.loads(line).get("names", [])
        out.append(names[0]["hint"] if names else "")
    return out
total, right = 0, {"icu": 0, "hint": 0, "tm": 0}
for c in ("flores", "ntrex"):
    gold = [l.rstrip("\n").split("\t") for l in open(f"{t}/{c}.gold", encoding="utf-8")]
    got = {k: hints(f"{t}/{c}.{k}") for k in right}
    for i, (hi, en, _) in enumerate(gold):
        total += 1
        for k in right:
            right[k] += got[k][i] == en
        if verbose:
            print(hi, en, *(got[k][i] for k in right), sep="\t")
print(f"{total} names: ICU alone {100 * right['icu'] / total:.1f} %, "
      f"anuvad's hint {100 * right['hint'] / total:.1f} %, "
      f"with a TM {100 * right['tm'] / total:.1f} % exact")
PY
