#!/usr/bin/python3
# common-stems.py - the list of common stems in src/match/inflection.c:
# stems (as inflection.c finds them: the longest ending that leaves two
# code points) of which two forms or more occur, found in 3 % or more of
# the Hindi segments of FLORES-200 devtest, NTREX-128, TICO-19 test,
# WMT14 newsdev and newstest, and Tatoeba.  Their forms are not counted
# as half a word edit apart (docs/matching.md, "Inflections: half a
# word").  Prints the stems with their segment counts and forms, then
# says whether inflection.c has the same list.
#
#   tests/eval/common-stems.py [--percent 3]
import argparse
import collections
import os
import re
import sys
import unicodedata

from inflection_rule import COMMON_STEMS, ROOT, stem

DATA = os.path.join(os.path.dirname(ROOT), "shared", "data")
CORPUS = ["flores200-devtest-hin-eng/hin_Deva.devtest",
          "ntrex128-hin-eng/newstest2019-ref.hin.txt",
          "tico19-test-en-hi/tico19-test.hi",
          "wmt14-newstest-hien/newsdev2014.hi",
          "wmt14-newstest-hien/newstest2014.hi",
          "tatoeba-hin-eng/tatoeba.hi"]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--percent", type=float, default=3.0)
    args = ap.parse_args()
    segments = []
    for name in CORPUS:
        with open(os.path.join(DATA, name), encoding="utf-8") as f:
            segments += [unicodedata.normalize("NFC", l) for l in f if l.strip()]
    seen_in = collections.Counter()
    forms = collections.defaultdict(collections.Counter)
    for seg in segments:
        stems = set()
        for w in set(re.findall(r"[\u0900-\u0963\u0971-\u097f]+", seg)):
            s = stem(w)
            forms[s][w] += 1
            stems.add(s)
        seen_in.update(stems)
    least = args.percent / 100 * len(segments)
    common = [s for s in seen_in if len(forms[s]) > 1 and seen_in[s] >= least]
    common.sort(key=lambda s: -seen_in[s])
    print(f"{len(segments)} segments; {len(common)} stems of several forms "
          f"in {args.percent:g} % or more of them")
    for s in common:
        top = " ".join(f"{w}:{n}" for w, n in forms[s].most_common(6))
        print(f"{seen_in[s]:6d}  {s}  {top}")
    want = sorted(common, key=lambda s: s.encode())
    have = COMMON_STEMS
    if have == want:
        print("inflection.c: the same list")
        return 0
    print("inflection.c differs: has", len(have), "wants", len(want))
    print("  only in inflection.c:", " ".join(sorted(set(have) - set(want))))
    print("  only here:", " ".join(sorted(set(want) - set(have))))
    print("  sorted by bytes:", ", ".join(f'"{s}"' for s in want))
    return 1


if __name__ == "__main__":
    sys.exit(main())
