#!/usr/bin/python3
# match-eval.py - how useful each tool's fuzzy matches are: anuvad, OmegaT
# 3.6 and Translate Toolkit on the same TM and the same held-out queries,
# in one run (issue 17; the table is in docs/matching.md).
#
#   tests/eval/match-eval.py [--anuvad build/anuvad] [--dir build/match-eval]
#                            [--min 30] [--tools anuvad,omegat,tt]
#
# Data: the Tatoeba pairs (tm/tatoeba-hin-eng.tsv) and TICO-19
# (../shared/data/tico19-test-en-hi).  Every 10th Tatoeba pair and every
# 6th one-sentence TICO-19 pair is a query (its English the reference);
# all the other pairs are the TM, written once as TMX (anuvad, OmegaT) and
# as a PO store (Translate Toolkit).  Each tool gives at most 5 matches at
# its own score >= --min:
#   anuvad       `anuvad tm lookup --json --min M --max 5`
#   OmegaT 3.6   its FindMatches (the Matches pane's search) from a Groovy
#                script run by console-translate (omegat_matches.groovy)
#   Translate    translate.search.match.matcher (pot2po --tm's matcher),
#   Toolkit      max_candidates=5, min_similarity=M
# Each top-1 target is scored with chrF (character 1..6-grams, beta 2,
# whitespace dropped, as sacreBLEU's default CHRF computes a sentence)
# against the reference; no match scores 0.  Figures per tool:
#   any >= 50, any >= 30   queries with a match at that score or more
#   chrF@1                 mean chrF of the top-1 target over all queries
#   top-1 = best unit      queries whose top-1 target is as good (chrF) as
#                          the TM's best target for that reference
#   best of top 5          mean of the best chrF among the 5
#   by band                top-1s per score band: how many, mean chrF
# Run with /usr/bin/python3 (Debian's translate-toolkit).
import argparse
import collections
import json
import os
import subprocess
import sys
import unicodedata
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")
BANDS = [(100, 101, "100-101"), (95, 99, "95-99"), (85, 94, "85-94"),
         (75, 84, "75-84"), (50, 74, "50-74"), (30, 49, "30-49")]


# ---- chrF ------------------------------------------------------------------

def ngrams(text):
    s = "".join(text.split())
    return [collections.Counter(s[i:i + n] for i in range(len(s) - n + 1))
            for n in range(1, 7)]


def chrf(hyp, ref):
    """sacreBLEU's sentence chrF (char order 6, word order 0, beta 2,
    eps_smoothing off): precision and recall averaged over the orders
    that both sides have, then F-beta."""
    eff, p_sum, r_sum = 0, 0.0, 0.0
    for h, r in zip(hyp, ref):
        nh, nr = sum(h.values()), sum(r.values())
        if nh == 0 or nr == 0:
            continue
        m = sum((h & r).values())
        eff += 1
        p_sum += m / nh
        r_sum += m / nr
    if eff == 0:
        return 0.0
    p, r = p_sum / eff, r_sum / eff
    if p + r == 0:
        return 0.0
    return 100 * 5 * p * r / (4 * p + r)


# ---- data --------------------------------------------------------------------

def one_sentence(hi):
    t = hi.strip().rstrip("।.?!\"' ")
    return not any(c in t for c in "।?!")


def load_pairs():
    pairs = []
    with open(os.path.join(ROOT, "tm", "tatoeba-hin-eng.tsv"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            hi, en = line.rstrip("\n").split("\t")[:2]
            pairs.append((hi, en, i % 10 == 3))
    tico = os.path.join(SHARED, "tico19-test-en-hi")
    with open(os.path.join(tico, "tico19-test.hi"), encoding="utf-8") as fh, \
         open(os.path.join(tico, "tico19-test.en"), encoding="utf-8") as fe:
        for i, (hi, en) in enumerate(zip(fh, fe)):
            hi, en = hi.strip(), en.strip()
            pairs.append((hi, en, i % 6 == 1 and one_sentence(hi)))
    tm = [(unicodedata.normalize("NFC", h), e) for h, e, q in pairs if not q and h and e]
    queries = [(unicodedata.normalize("NFC", h), e) for h, e, q in pairs if q and h and e]
    return tm, queries


def write_tmx(path, tm):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">'
                '<header creationtool="match-eval" creationtoolversion="1" '
                'segtype="sentence" o-tmf="tsv" adminlang="en" srclang="hi-IN" '
                'datatype="plaintext"/>\n<body>\n')
        for i, (hi, en) in enumerate(tm):
            f.write('<tu tuid="%d"><tuv xml:lang="hi-IN"><seg>%s</seg></tuv>'
                    '<tuv xml:lang="en-US"><seg>%s</seg></tuv></tu>\n'
                    % (i + 1, escape(hi), escape(en)))
        f.write("</body>\n</tmx>\n")


# ---- the tools -----------------------------------------------------------------

def run_anuvad(args, d, queries):
    tmx = os.path.join(d, "anuvad", "tm.tmx")
    os.makedirs(os.path.dirname(tmx), exist_ok=True)
    for ext in ("", ".idx", ".journal", ".lock"):
        if os.path.exists(tmx + ext):
            os.remove(tmx + ext)
    write_tmx(tmx, args.tm)
    p = subprocess.run([args.anuvad, "tm", "lookup", "--tm", tmx, "--json",
                        "--min", str(args.min), "--max", "5", "-"],
                       input="".join(q + "\n" for q, _ in queries),
                       capture_output=True, text=True, check=True)
    out = []
    for line in p.stdout.splitlines():
        o = json.loads(line)
        out.append([(m["score"], m["target"]) for m in o["matches"]])
    return out


def run_omegat(args, d, queries):
    p = os.path.join(d, "omegat")
    for sub in ("source", "target", "tm", "glossary", "omegat", "dictionary", "home"):
        os.makedirs(os.path.join(p, sub), exist_ok=True)
    with open(os.path.join(p, "omegat.project"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<omegat><project version="1.0"><source_dir>source</source_dir>'
                '<source_dir_excludes/><target_dir>target</target_dir>'
                '<tm_dir>tm</tm_dir><glossary_dir>glossary</glossary_dir>'
                '<glossary_file>glossary/glossary.txt</glossary_file>'
                '<dictionary_dir>dictionary</dictionary_dir>'
                '<source_lang>hi-IN</source_lang><target_lang>en-US</target_lang>'
                '<source_tok>org.omegat.tokenizer.LuceneHindiTokenizer</source_tok>'
                '<target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>'
                '<sentence_seg>false</sentence_seg>'
                '<support_default_translations>true</support_default_translations>'
                '<remove_tags>false</remove_tags></project></omegat>\n')
    with open(os.path.join(p, "source", "doc.txt"), "w", encoding="utf-8") as f:
        f.write("x\n")
    write_tmx(os.path.join(p, "tm", "tm.tmx"), args.tm)
    qf, of = os.path.join(d, "queries.txt"), os.path.join(p, "matches.jsonl")
    env = dict(os.environ, OMT_QUERIES=qf, OMT_OUT=of)
    with open(os.path.join(p, "log"), "w") as log:
        subprocess.run(["java", "-Djava.awt.headless=true",
                        "-Duser.home=" + os.path.join(p, "home"),
                        "-jar", "/usr/share/omegat/OmegaT.jar", p,
                        "--mode=console-translate",
                        "--script=" + os.path.join(ROOT, "tests", "eval",
                                                   "omegat_matches.groovy")],
                       env=env, stdout=log, stderr=log, check=True, timeout=3600)
    out = []
    with open(of, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            out.append([(m["score"], m["target"]) for m in o["matches"]
                        if m["score"] >= args.min][:5])
    return out


def run_tt(args, d, queries):
    from translate.search import match
    from translate.storage import po
    store = po.pofile()
    for hi, en in args.tm:
        unit = store.addsourceunit(hi)
        unit.target = en
    # The matcher keeps (similarity, unit) in a heap, so candidates with the
    # same similarity get compared; Translate Toolkit 3.8 stops there with
    # a TypeError.  Make them equal (the heap then keeps the first found).
    from translate.storage import base
    base.TranslationUnit.__lt__ = lambda a, b: False
    m = match.matcher(store, max_candidates=5, min_similarity=args.min,
                      max_length=1000)
    out = []
    for q, _ in queries:
        ms = []
        for u in m.matches(q):
            score = int(u.getnotes().split()[-1].rstrip("%"))
            ms.append((score, u.target))
        out.append(ms)
    return out


# ---- figures ------------------------------------------------------------------

def oracle(d, tm, queries):
    """The best chrF any TM target reaches for each reference (cached)."""
    path = os.path.join(d, "oracle.json")
    key = [len(tm), len(queries), queries[0][1], queries[-1][1]]
    if os.path.exists(path):
        with open(path) as f:
            o = json.load(f)
        if o["key"] == key:
            return o["best"]
    grams = [ngrams(en) for _, en in tm]
    best = []
    for _, ref in queries:
        r = ngrams(ref)
        best.append(max(chrf(g, r) for g in grams))
    with open(path, "w") as f:
        json.dump({"key": key, "best": best}, f)
    return best


def figures(results, queries, best):
    n = len(queries)
    any50 = any30 = top_best = 0
    c1 = c5 = 0.0
    bands = {b[2]: [] for b in BANDS}
    for ms, (_, ref), b in zip(results, queries, best):
        if not ms:
            continue
        r = ngrams(ref)
        scores = [chrf(ngrams(t), r) for _, t in ms]
        any50 += ms[0][0] >= 50
        any30 += ms[0][0] >= 30
        c1 += scores[0]
        c5 += max(scores)
        top_best += scores[0] >= b - 1e-9
        for lo, hi, name in BANDS:
            if lo <= ms[0][0] <= hi:
                bands[name].append(scores[0])
    return {"any50": 100 * any50 / n, "any30": 100 * any30 / n,
            "chrf1": c1 / n, "best": 100 * top_best / n, "top5": c5 / n,
            "bands": {k: (len(v), sum(v) / len(v) if v else 0.0)
                      for k, v in bands.items()}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--anuvad", default=os.path.join(ROOT, "build", "anuvad"))
    ap.add_argument("--dir", default=os.path.join(ROOT, "build", "match-eval"))
    ap.add_argument("--min", type=int, default=30)
    ap.add_argument("--tools", default="anuvad,omegat,tt")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    args.tm, queries = load_pairs()
    with open(os.path.join(args.dir, "queries.txt"), "w", encoding="utf-8") as f:
        f.writelines(q + "\n" for q, _ in queries)
    names = {"anuvad": ("anuvad", run_anuvad), "omegat": ("OmegaT 3.6", run_omegat),
             "tt": ("Translate Toolkit", run_tt)}
    best = oracle(args.dir, args.tm, queries)
    print("match-eval: TM %d units, %d queries (min %d, top 5)"
          % (len(args.tm), len(queries), args.min))
    print()
    print("| | any >= 50 | any >= 30 | chrF@1, all queries | top-1 = best unit "
          "| best of top 5 |")
    print("|---|---|---|---|---|---|")
    figs = {}
    for t in args.tools.split(","):
        label, fn = names[t]
        res = fn(args, args.dir, queries)
        with open(os.path.join(args.dir, t + ".jsonl"), "w", encoding="utf-8") as f:
            for (q, ref), ms in zip(queries, res):
                f.write(json.dumps({"query": q, "ref": ref, "matches": ms},
                                   ensure_ascii=False) + "\n")
        figs[label] = f = figures(res, queries, best)
        print("| %s | %.0f %% | %.0f %% | %.1f | %.0f %% | %.1f |"
              % (label, f["any50"], f["any30"], f["chrf1"], f["best"], f["top5"]))
        sys.stdout.flush()
    print()
    print("Top-1 by score band: how many, mean chrF")
    print()
    print("| band | " + " | ".join(figs) + " |")
    print("|---|" + "---|" * len(figs))
    for _, _, name in BANDS:
        print("| %s | " % name + " | ".join(
            "%d, %.1f" % f["bands"][name] for f in figs.values()) + " |")


if __name__ == "__main__":
    main()
