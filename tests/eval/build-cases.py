#!/usr/bin/python3
"""build-cases.py - draw the tricky-case test set for the segmenter from the
shared corpora (run once; the result, tests/data/segment-cases.tsv, was then
reviewed by hand, see docs/segmentation.md).

Each case is a short paragraph of two to three consecutive sentences (from
the same document where the corpus has documents) in which one sentence
shows a hard feature: an abbreviation, initials, a "|" or Latin "I" typed
for the danda, a decimal, a quotation closing after the full stop ...
The gold segmentation is the corpus's own line breaks.

Output: id, lang, category, source, then the gold segments (TAB-separated);
the paragraph is the segments joined with one space.

    /usr/bin/python3 tests/eval/build-cases.py ../shared/data > cases.tsv
    /usr/bin/python3 tests/eval/build-cases.py ../shared/data SEED EXCLUDE.tsv

The second form draws a held-out set with another random seed, leaving
out every sentence that appears in EXCLUDE.tsv (the development set).
"""
import random
import re
import sys

D = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
random.seed(int(sys.argv[2]) if len(sys.argv) > 2 else 20220114)
EXCLUDE = set()
if len(sys.argv) > 3:
    with open(sys.argv[3], encoding="utf-8") as f:
        for line in f:
            EXCLUDE.update(line.rstrip("\n").split("\t")[4:])


def lines(path):
    with open(f"{D}/{path}", encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f]


def docs_flores(lang):
    sents = lines(f"flores200-devtest-hin-eng/{lang}.devtest")
    ids = [l.split("\t")[1] for l in lines("flores200-devtest-hin-eng/doc_ids.tsv")[1:]]
    return sents, ids, "flores"


def docs_ntrex(lang):
    f = "newstest2019-ref.hin.txt" if lang == "hi" else "newstest2019-src.eng.txt"
    return lines(f"ntrex128-hin-eng/{f}"), lines("ntrex128-hin-eng/DOCUMENT_IDS.tsv"), "ntrex"


def docs_tico(lang):
    s = lines(f"tico19-test-en-hi/tico19-test.{lang}")
    ids = [l.split("\t")[0].split(":")[0] for l in lines("tico19-test-en-hi/tico19-test.en.info")]
    return s, ids, "tico19"


def docs_wmt(lang):
    s = lines(f"wmt14-newstest-hien/newstest2014.{lang}")
    return s, ["wmt"] * len(s), "wmt14"  # in document order, ids unknown


def docs_tatoeba(lang):
    s = lines(f"tatoeba-hin-eng/tatoeba.{lang}")
    return s, ["tatoeba"] * len(s), "tatoeba"


HI = {
    "danda": r"।$",
    "double-danda": r"॥",
    "fullstop-hi": r"[\u0900-\u097f]\.$",
    "pipe": r"\|",
    "latin-I": r"[\u0900-\u097f]\s?I$",
    "question-exclamation": r"[?!]",
    "abbreviation-hi": r"(?<![\u0900-\u097f])(डॉ|श्री|श्रीमती|प्रो|रु|सं|पृ|कु|सु|डी|ई)\.",
    "initials-hi": r"(?<![\u0900-\u097f])[\u0900-\u097f]{1,4}\.\s?[\u0900-\u097f]{1,4}\.",
    "english-abbreviation-in-hi": r"\b(Mr|Dr|St|Mrs|Ms|Prof|Inc|Ltd|Co|vs|etc|No)\.",
    "decimal-time": r"\d[.:]\d",
    "quote-after-terminator": r"[।.?!][\"”’')\]]",
    "devanagari-digits": r"[०-९]",
    "latin-inside-hi": r"[A-Za-z]{3,}.*[A-Za-z]{3,}",
}
EN = {
    "basic-en": r"[a-z]\.$",
    "abbreviation-en": r"\b(Mr|Mrs|Ms|Dr|Prof|St|Gov|Govt|Gen|Sen|Rep|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Inc|Ltd|Co|Corp|vs|etc|No|approx)\.",
    "initials-en": r"\b[A-Z]\.\s?[A-Z]",
    "dotted-abbreviation-en": r"\b([A-Za-z]\.){2,}",
    "decimal-time-en": r"\d[.:]\d",
    "quote-after-terminator-en": r"[.?!][\"”’')\]]",
    "question-exclamation-en": r"[?!]",
    "url-email": r"https?://|www\.|\w@\w",
}
CAP = 24


# A case is only fair when every sentence ends like a sentence: headlines
# and list items without a final stop cannot be told apart from the next
# sentence once joined into a paragraph.
END = re.compile(r"([.।॥?!|]|[\u0900-\u097f] ?I|॥ ?[०-९0-9]+ ?॥)[\"”’')\]]*$")


def make(sents, ids, src, i):
    """The sentence i with its neighbours in the same document."""
    out = [sents[i]]
    if i > 0 and ids[i - 1] == ids[i] and src != "tatoeba":
        out.insert(0, sents[i - 1])
    if i + 1 < len(sents) and ids[i + 1] == ids[i] and src != "tatoeba":
        out.append(sents[i + 1])
    if src == "tatoeba":  # not running text: two random neighbours
        out = [sents[random.randrange(len(sents))], sents[i],
               sents[random.randrange(len(sents))]]
    return out, f"{src}:{i + 1}"


def draw(lang, cats, corpora):
    cases = []
    seen = set()
    for cat, rx in cats.items():
        pool = []
        for corpus in corpora:
            sents, ids, src = corpus(lang)
            for i, s in enumerate(sents):
                if re.search(rx, s):
                    pool.append((sents, ids, src, i))
        random.shuffle(pool)
        n = 0
        for sents, ids, src, i in pool:
            segs, where = make(sents, ids, src, i)
            key = " ".join(segs)
            if key in seen or any("\t" in s or not END.search(s) or s in EXCLUDE
                                  for s in segs):
                continue
            seen.add(key)
            cases.append((lang, cat, where, segs))
            n += 1
            if n == CAP:
                break
    return cases


hi = draw("hi", HI, [lambda l: docs_flores("hin_Deva"), docs_ntrex, docs_tico,
                     docs_wmt, docs_tatoeba])
en = draw("en", EN, [lambda l: docs_flores("eng_Latn"), docs_ntrex, docs_tico,
                     docs_wmt, docs_tatoeba])
prefix = "c" if len(sys.argv) <= 3 else "x"
for k, (lang, cat, where, segs) in enumerate(hi + en, 1):
    print("\t".join([f"{prefix}{k:03d}", lang, cat, where] + segs))
# Hand-written cases for what the corpora lack (double danda, URLs, e-mail
# addresses, the abbreviations the issue lists) follow in the committed
# file with source "handmade".
