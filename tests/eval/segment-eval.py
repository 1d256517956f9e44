#!/usr/bin/python3
"""segment-eval.py - sentence-boundary precision, recall and F1 of anuvad's
segmenter and of its peers, on gold-segmented paragraphs.

Data sets (gold = known sentence boundaries):
  flores-hi, flores-en  ../shared/data/flores200-devtest-hin-eng: the
                        sentences of each of the 281 documents, joined
                        with one space (the .paragraphs files); every
                        original line break is a true boundary.
  ntrex-hi, ntrex-en    ../shared/data/ntrex128-hin-eng: NTREX-128 news
                        (newstest2019), the sentences of each of its 123
                        documents joined the same way.
  cases-hi, cases-en    tests/data/segment-cases.tsv: tricky real-world
                        cases (see docs/segmentation.md); the rules were
                        developed on them.
  heldout-hi, -en       tests/data/segment-cases-heldout.tsv: drawn the
                        same way afterwards, from other sentences; the
                        rules were not changed after seeing them.
Systems:
  anuvad      build/anuvad segment (dict/segment.srx + ICU)
  icu         ICU's sentence break iterator alone (anuvad with an SRX
              file that has no rules: tests/data/icu-only.srx)
  tt          Translate Toolkit 3.8: translate.lang.factory
              .getlanguage(LANG).sentences(paragraph)
  omegat      OmegaT 3.6 with its default rules, run headless
              (console-createpseudotranslatetmx over a project holding
              one paragraph per line); slow to start (~5 s per run)

A boundary is the position, in the NFC paragraph, where one segment ends
(white space excluded); precision = correct predicted / predicted,
recall = correct predicted / gold.

    /usr/bin/python3 tests/eval/segment-eval.py [--systems anuvad,icu,tt,omegat]
        [--sets flores-hi,...] [--anuvad BIN] [--json] [--errors N]
        [--check THRESHOLDS]

--check FILE reads "set system min_f1" lines and exits 1 when a figure is
below its minimum (the fast test tests/e2e/segment_eval.sh uses it).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("ANUVAD_SHARED", os.path.join(ROOT, "..", "shared"))
FLORES = os.path.join(SHARED, "data", "flores200-devtest-hin-eng")
NTREX = os.path.join(SHARED, "data", "ntrex128-hin-eng")


def nfc(s):
    return unicodedata.normalize("NFC", s)


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]


def load_flores(code):
    sents = read_lines(os.path.join(FLORES, f"{code}.devtest"))
    docs = [l.split("\t")[1] for l in read_lines(os.path.join(FLORES, "doc_ids.tsv"))[1:]]
    return by_document(sents, docs)


def load_ntrex(name):
    sents = read_lines(os.path.join(NTREX, name))
    docs = read_lines(os.path.join(NTREX, "DOCUMENT_IDS.tsv"))
    return by_document(sents, docs)


def by_document(sents, docs):
    """The sentences of each document (consecutive lines with one id)."""
    out, cur, last = [], [], None
    for s, d in zip(sents, docs):
        if d != last and cur:
            out.append(cur)
            cur = []
        cur.append(s)
        last = d
    if cur:
        out.append(cur)
    return [[nfc(s) for s in segs] for segs in out]


def load_cases(lang, name="segment-cases.tsv"):
    out = []
    for l in read_lines(os.path.join(ROOT, "tests", "data", name)):
        f = l.split("\t")
        if len(f) >= 5 and f[1] == lang:
            out.append(([nfc(s) for s in f[4:]], f[0], f[2]))
    return out


SETS = {
    "flores-hi": ("hi", lambda: [(s, f"flores:{i + 1}", "flores") for i, s in enumerate(load_flores("hin_Deva"))]),
    "flores-en": ("en", lambda: [(s, f"flores:{i + 1}", "flores") for i, s in enumerate(load_flores("eng_Latn"))]),
    "ntrex-hi": ("hi", lambda: [(s, f"ntrex:{i + 1}", "ntrex") for i, s in enumerate(load_ntrex("newstest2019-ref.hin.txt"))]),
    "ntrex-en": ("en", lambda: [(s, f"ntrex:{i + 1}", "ntrex") for i, s in enumerate(load_ntrex("newstest2019-src.eng.txt"))]),
    "cases-hi": ("hi", lambda: load_cases("hi")),
    "cases-en": ("en", lambda: load_cases("en")),
    "heldout-hi": ("hi", lambda: load_cases("hi", "segment-cases-heldout.tsv")),
    "heldout-en": ("en", lambda: load_cases("en", "segment-cases-heldout.tsv")),
}


def boundaries(paragraph, segments):
    """End positions (in paragraph) of all segments but the last.  The
    segments are located in order; text a system changed is skipped."""
    out, pos = [], 0
    for seg in segments[:-1] if segments else []:
        seg = seg.strip()
        if not seg:
            continue
        at = paragraph.find(seg, pos)
        if at < 0:
            continue
        pos = at + len(seg)
        out.append(pos)
    return set(out)


# ---- systems -------------------------------------------------------------

def run_anuvad(binary, lang, paragraphs, srx=None):
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        f.write("".join(p + "\n" for p in paragraphs))
        name = f.name
    cmd = [binary, "segment", "--lang", lang, "--format", "json"]
    if srx:
        cmd += ["--srx", srx]
    try:
        res = subprocess.run(cmd + [name], capture_output=True, text=True, check=True)
    finally:
        os.unlink(name)
    out = [[] for _ in paragraphs]
    for line in res.stdout.splitlines():
        o = json.loads(line)
        out[o["paragraph"] - 1].append(o["text"])
    return out


def run_tt(lang, paragraphs):
    from translate.lang import factory
    lg = factory.getlanguage(lang)
    return [list(lg.sentences(p)) for p in paragraphs]


OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>{lang}</source_lang>
    <target_lang>{target}</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneStandardTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneStandardTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def run_omegat(lang, paragraphs):
    """OmegaT writes the distinct segments of the project to a TMX; each
    paragraph is then covered, left to right, by the longest of them that
    fits (OmegaT never reorders text, so this recovers its split)."""
    import xml.etree.ElementTree as ET
    d = tempfile.mkdtemp(prefix="omegat-eval.")
    try:
        for sub in ("source", "target", "tm", "glossary", "dictionary", "omegat", "cfg"):
            os.mkdir(os.path.join(d, sub))
        with open(os.path.join(d, "omegat.project"), "w", encoding="utf-8") as f:
            f.write(OMEGAT_PROJECT.format(lang=lang, target="en" if lang != "en" else "fr"))
        with open(os.path.join(d, "source", "in.txt"), "w", encoding="utf-8") as f:
            f.write("".join(p + "\n" for p in paragraphs))
        tmx = os.path.join(d, "out.tmx")
        subprocess.run(["java", "-Djava.awt.headless=true", "-jar", "/usr/share/omegat/OmegaT.jar",
                        "--config-dir=" + os.path.join(d, "cfg"), "--disable-project-locking",
                        "--mode=console-createpseudotranslatetmx", "--pseudotranslatetmx=" + tmx,
                        "--pseudotranslatetype=equal", d],
                       capture_output=True, check=True, timeout=600)
        segs = set()
        for tu in ET.parse(tmx).getroot().iter("tu"):
            seg = tu.find("tuv").find("seg")
            segs.add(nfc("".join(seg.itertext())))
    finally:
        shutil.rmtree(d, ignore_errors=True)
    out = []
    for p in paragraphs:
        pos, cur = 0, []
        while pos < len(p):
            while pos < len(p) and p[pos].isspace():
                pos += 1
            best = max((s for s in segs if s and p.startswith(s, pos)), key=len, default=None)
            if best is None:  # not covered: take the rest as one piece
                cur.append(p[pos:])
                break
            cur.append(best)
            pos += len(best)
        out.append(cur)
    return out


def segment(system, lang, paragraphs, args):
    if system == "anuvad":
        return run_anuvad(args.anuvad, lang, paragraphs)
    if system == "icu":
        return run_anuvad(args.anuvad, lang, paragraphs,
                          os.path.join(ROOT, "tests", "data", "icu-only.srx"))
    if system == "tt":
        return run_tt(lang, paragraphs)
    if system == "omegat":
        return run_omegat(lang, paragraphs)
    raise SystemExit(f"unknown system {system}")


# ---- scoring -------------------------------------------------------------

def score(gold_items, predicted):
    tp = fp = fn = 0
    errors = []
    for (segs, ident, cat), pred in zip(gold_items, predicted):
        para = " ".join(segs)
        g = boundaries(para, segs)
        p = boundaries(para, pred)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
        if g != p:
            errors.append((ident, cat, segs, pred))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": prec, "recall": rec, "f1": f1}, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--systems", default="anuvad,icu,tt")
    ap.add_argument("--sets", default="flores-hi,flores-en,ntrex-hi,ntrex-en,cases-hi,cases-en,heldout-hi,heldout-en")
    ap.add_argument("--anuvad", default=os.environ.get("ANUVAD", os.path.join(ROOT, "build", "anuvad")))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="show N wrong paragraphs per set and system")
    ap.add_argument("--check", help="file of 'set system min_f1' lines")
    ap.add_argument("--by-category", action="store_true",
                    help="also print F1 per category of the case sets")
    args = ap.parse_args()

    results = {}
    by_cat = {}
    for set_name in args.sets.split(","):
        lang, load = SETS[set_name]
        items = load()
        paragraphs = [" ".join(segs) for segs, _, _ in items]
        for system in args.systems.split(","):
            pred = segment(system, lang, paragraphs, args)
            res, errors = score(items, pred)
            res["paragraphs"] = len(items)
            results[(set_name, system)] = res
            if args.by_category and set_name.startswith(("cases", "heldout")):
                for cat in sorted({c for _, _, c in items}):
                    pick = [k for k, it in enumerate(items) if it[2] == cat]
                    r, _ = score([items[k] for k in pick], [pred[k] for k in pick])
                    by_cat.setdefault((set_name, cat), {})[system] = (r["f1"], len(pick))
            for ident, cat, segs, p in errors[:args.errors]:
                print(f"--- {set_name} {system} {ident} {cat}\n  gold: {' | '.join(segs)}\n  got:  {' | '.join(p)}")

    if args.json:
        print(json.dumps({f"{s} {y}": r for (s, y), r in results.items()}, indent=1))
    else:
        print("| set | system | paragraphs | boundaries | precision | recall | F1 |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for (s, y), r in results.items():
            print(f"| {s} | {y} | {r['paragraphs']} | {r['tp'] + r['fn']} | "
                  f"{r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |")
    if by_cat:
        systems = args.systems.split(",")
        print("\n| set | category | paragraphs | " + " | ".join(systems) + " |")
        print("| --- | --- | ---: | " + " | ".join("---:" for _ in systems) + " |")
        for (s, cat), row in by_cat.items():
            n = next(iter(row.values()))[1]
            print(f"| {s} | {cat} | {n} | " +
                  " | ".join(f"{row[y][0]:.2f}" for y in systems) + " |")
    if args.check:
        bad = 0
        for line in read_lines(args.check):
            line = line.split("#")[0].split()
            if len(line) != 3:
                continue
            s, y, m = line[0], line[1], float(line[2])
            r = results.get((s, y))
            if r is None:
                continue
            ok = r["f1"] >= m
            bad += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {s} {y}: F1 {r['f1']:.3f} (minimum {m:.3f})")
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
