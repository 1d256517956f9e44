# inflection_rule.py - src/match/inflection.c's rule in Python, for the
# scripts that measure it (inflection-eval.py, common-stems.py).  The
# tables are read from inflection.c itself, so the two cannot drift apart:
#   ENDINGS       the endings, longest first, as inflection.c tries them
#   COMMON_STEMS  the common stems, as listed there
#   stem(w)       w without its longest ending that leaves at least two
#                 code points (inflection_stem_len)
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_SRC = open(os.path.join(ROOT, "src", "match", "inflection.c"), encoding="utf-8").read()


def c_strings(name):
    """The string literals of the C array `name` in inflection.c."""
    start = _SRC.index(name + "[] = {")
    return re.findall(r'"([^"]+)"', _SRC[start:_SRC.index("};", start)])


ENDINGS = sorted(c_strings("ENDINGS"), key=len, reverse=True)
COMMON_STEMS = c_strings("COMMON_STEMS")


def stem(w):
    for e in ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 2:
            return w[:-len(e)]
    return w
