#!/bin/sh
# qa-pofilter.sh - anuvad qa and Translate Toolkit's pofilter side by side
# (docs/qa.md): errors caught on the injected-error project
# (tests/data/qa/injected.tsv: 9 segments, the first right, each other
# with one error), and false alarms on projects of human reference
# translations (FLORES-200 devtest, NTREX-128: their pairs in a TM, the
# Hindi pre-translated).  pofilter reads the same XLIFF files; its
# checks that are not about quality (untranslated, hassuggestion,
# isreview) are left out, as `untranslated` is for anuvad.
# Usage: sh tests/eval/qa-pofilter.sh   (from the project root, built)
set -eu
A=${ANUVAD:-build/anuvad}
SH=${ANUVAD_SHARED:-../shared}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
project() { # NAME HINDI ENGLISH
  paste "$2" "$3" >"$T/$1.tsv"
  "$A" tm import --into "$T/$1.tmx" "$T/$1.tsv" >/dev/null 2>&1
  "$A" pretranslate --tm "$T/$1.tmx" -o "$T/$1.xlf" "$2" >/dev/null 2>&1
}
cut -f1 tests/data/qa/injected.tsv >"$T/inj.hi"
cut -f2 tests/data/qa/injected.tsv >"$T/inj.en"
project injected "$T/inj.hi" "$T/inj.en"
project flores "$SH/data/flores200-devtest-hin-eng/hin_Deva.devtest" \
  "$SH/data/flores200-devtest-hin-eng/eng_Latn.devtest"
project ntrex "$SH/data/ntrex128-hin-eng/newstest2019-ref.hin.txt" \
  "$SH/data/ntrex128-hin-eng/newstest2019-src.eng.txt"
printf 'तालिका\ttable\nफ़ाइल\tfile\n' >"$T/g.tsv"   # as tests/e2e/qa.sh
for p in injected flores ntrex; do
  "$A" qa --glossary "$T/g.tsv" --json "$T/$p.xlf" >"$T/$p.anuvad" 2>/dev/null || true
  pofilter -x untranslated -x hassuggestion -x isreview \
    -i "$T/$p.xlf" -o "$T/$p.pof" >/dev/null 2>&1 || true
done
python3 - "$T" <<'PY'
import json, re, sys, collections
T = sys.argv[1]
def translated(p):
    x = open(f"{T}/{p}.xlf", encoding="utf-8").read()
    return len(re.findall(r'<target state=', x))  # (alt-trans has none)
def anuvad(p):
    units, checks = set(), collections.Counter()
    for line in open(f"{T}/{p}.anuvad", encoding="utf-8"):
        d = json.loads(line)
        if d["check"] == "untranslated":
            continue
        units.add(d["unit"]); checks[d["check"]] += 1
    return units, checks
CAPS = ("simplecaps", "startcaps")
def pofilter(p, skip=()):
    units, checks = set(), collections.Counter()
    x = open(f"{T}/{p}.pof", encoding="utf-8").read()
    # (pofilter writes the units with a namespace prefix: <ns0:trans-unit>)
    for tu in re.findall(r'<(?:\w+:)?trans-unit\b.*?</(?:\w+:)?trans-unit>', x, re.S):
        uid = re.search(r'id="([^"]*)"', tu).group(1)
        found = [c for c in re.findall(r'from="pofilter">([a-z-]+):', tu)
                 if c not in ("untranslated", "hassuggestion", "isreview")
                 and c not in skip]
        if found:
            units.add(uid)
            checks.update(found)
    return units, checks
print("| project | segments with a target | anuvad qa: flagged | pofilter: flagged | pofilter without its capitalisation checks |")
print("| --- | --- | --- | --- | --- |")
for p in ("injected", "flores", "ntrex"):
    n = translated(p)
    (au, ac), (pu, pc), (qu, qc) = anuvad(p), pofilter(p), pofilter(p, CAPS)
    if p == "injected":
        errs = {str(i) for i in range(2, 10)}
        print(f"| injected errors | {n} (8 wrong, unit 1 right) | caught {len(au & errs)} of 8, "
              f"unit 1 {'flagged' if '1' in au else 'quiet'} | caught {len(pu & errs)} of 8, "
              f"unit 1 {'flagged' if '1' in pu else 'quiet'} ({', '.join(f'{k} {v}' for k, v in pc.most_common(4))}) | "
              f"caught {len(qu & errs)} of 8, unit 1 {'flagged' if '1' in qu else 'quiet'} |")
    else:
        fmt = lambda u, c: (f"{len(u)} ({100 * len(u) / n:.1f} %): " +
                            ", ".join(f"{k} {v}" for k, v in c.most_common(4)))
        print(f"| {p} references (false alarms) | {n} | {fmt(au, ac)} | {fmt(pu, pc)} | {fmt(qu, qc)} |")
PY
