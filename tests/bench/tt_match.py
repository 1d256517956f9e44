#!/usr/bin/python3
# tt_match.py - Translate Toolkit's fuzzy matcher on the bench TM, for the
# comparison in docs/performance.md (run with /usr/bin/python3, which has
# the Debian translate-toolkit package).
#
#   tt_match.py TM.tsv QUERIES.txt MIN [CANDIDATES]
#
# TM.tsv is source<TAB>target a line (fuzzy_bench gen); QUERIES.txt one
# query a line (fuzzy_bench queries).  The matcher is set up as pot2po
# --tm sets it up (translate.search.match.matcher with max_length=1000,
# one candidate unless CANDIDATES says otherwise), so the figures are those
# of `pot2po --tm` without the PO file handling around it.
import sys
import time

from translate.search import match
from translate.storage import po


def main():
    tm_path, queries_path, min_sim = sys.argv[1], sys.argv[2], int(sys.argv[3])
    candidates = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    store = po.pofile()
    with open(tm_path, encoding="utf-8") as f:
        for line in f:
            source, _, target = line.rstrip("\n").partition("\t")
            unit = store.addsourceunit(source)
            unit.target = target
    t0 = time.monotonic()
    matcher = match.matcher(store, max_candidates=candidates,
                            min_similarity=min_sim, max_length=1000)
    setup = time.monotonic() - t0
    with open(queries_path, encoding="utf-8") as f:
        queries = [line.rstrip("\n") for line in f]
    found = 0
    t0 = time.monotonic()
    for q in queries:
        found += len(matcher.matches(q)) > 0
    took = time.monotonic() - t0
    # The po store has a header unit, which the matcher ignores.
    print("translate-toolkit: %d units, matcher set-up %.1f s, %d queries, "
          "%.1f ms a query (min %d, %d candidate(s), %d with a match)"
          % (len(store.units) - 1, setup, len(queries),
             took * 1000 / max(len(queries), 1), min_sim, candidates, found))


if __name__ == "__main__":
    main()
