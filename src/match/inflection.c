/*
 * inflection.c - Hindi inflectional endings (inflection.h).
 *
 * The endings are tried longest first; the first that leaves a stem of at
 * least two code points is taken off.  The list was grown against
 * apertium-hin's lexicon (the precision and recall in inflection.h):
 * adding -के or -कर (करके, जाकर) made नौकर "the same word" as नौ, so they
 * are not in it.
 */
#include "match/inflection.h"

#include <string.h>

#include <unicode/utf8.h>

/* Longest first, so that -ियों is tried before -ों (every code point of
 * these is 3 bytes long). */
static const char *const ENDINGS[] = {
    /* 6 code points */
    "नेवाला", "नेवाली", "नेवाले",
    /* 4 code points */
    "ियाँ", "ियां", "ियों", "ूँगा", "ूंगा", "ूँगी", "ूंगी",
    "ेंगे", "ेंगी", "वाला", "वाली", "वाले", "एंगे", "एँगे",
    "एंगी", "एँगी", "ऊँगा", "ऊंगा", "ऊँगी", "ऊंगी",
    /* 3 code points */
    "ाओं", "ाएँ", "ाएं", "ुओं", "ुएँ", "ुएं", "ोगे", "ोगी",
    "ेगा", "ेगी", "एगा", "एगी", "ओगे", "ओगी", "िये", "इये",
    /* 2 code points */
    "ओं", "एँ", "एं", "ों", "ें", "ना", "ने", "नी", "ता",
    "ते", "ती", "या", "ये", "यी", "ूँ", "ूं", "ऊँ", "ऊं",
    "िए", "इए", "ीं", "ुआ", "ुई", "ुए",
    /* 1 code point */
    "ई", "ए", "ओ", "ा", "े", "ी", "ो",
};

static size_t code_points(const char *s, size_t n)
{
    size_t k = 0;
    for (int32_t i = 0; (size_t)i < n; k++)
        U8_FWD_1((const uint8_t *)s, i, (int32_t)n);
    return k;
}

/* The Devanagari block is U+0900..U+097F: E0 A4 xx and E0 A5 xx. */
static int devanagari_start(const char *w, size_t n)
{
    return n >= 3 && (unsigned char)w[0] == 0xE0 &&
           ((unsigned char)w[1] == 0xA4 || (unsigned char)w[1] == 0xA5);
}

size_t inflection_stem_len(const char *w, size_t n)
{
    if (!devanagari_start(w, n))
        return n;
    for (size_t k = 0; k < sizeof ENDINGS / sizeof *ENDINGS; k++) {
        size_t e = strlen(ENDINGS[k]);
        if (e < n && memcmp(w + n - e, ENDINGS[k], e) == 0 &&
            code_points(w, n - e) >= 2)
            return n - e;
    }
    return n;
}

/* Stems of several forms found in 3 % or more of the Hindi segments of
 * FLORES, NTREX, TICO-19, WMT14 and Tatoeba (53 stems in 11,253
 * segments; tests/eval/common-stems.py lists them).  They are postpositions,
 * pronouns and the auxiliary and light verbs (कर, हो, जा, रह, सक, दे ...),
 * whose forms carry case, tense and person, which the English says with
 * other words: करता / करेगा is "does" / "will do".  The suffix rule also
 * merges some of them with unrelated words (से / सेना, को / कोई, ने /
 * नेता).  And their classes would be long posting lists: a rare form such
 * as जाएँगे would be found through the list of every form of जा
 * (docs/matching.md measures it).  Sorted by bytes, for bsearch. */
static const char *const COMMON_STEMS[] = {
    "अप", "इस", "इसक", "उनक", "उस", "उसक", "एक", "कम", "कर", "कह", "का",
    "कि", "किस", "के", "को", "क्", "गय", "चाह", "जा", "जो", "था", "दि",
    "दे", "देख", "द्वार", "नह", "ने", "पर", "पहल", "पा", "बता", "बार",
    "मिल", "मुझ", "मेर", "मैं", "यह", "या", "रह", "रूप", "लग", "लि", "लोग",
    "वह", "वाल", "सक", "समय", "साथ", "से", "हम", "हु", "है", "हो",
};

static int common_stem(const char *w, size_t n)
{
    size_t lo = 0, hi = sizeof COMMON_STEMS / sizeof *COMMON_STEMS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *c = COMMON_STEMS[mid];
        size_t cn = strlen(c);
        int d = memcmp(c, w, cn < n ? cn : n);
        if (d == 0)
            d = cn < n ? -1 : cn > n;
        if (d == 0)
            return 1;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

size_t inflection_class_len(const char *w, size_t n)
{
    size_t stem = inflection_stem_len(w, n);
    return stem < n && common_stem(w, stem) ? n : stem;
}

int inflection_common_stems_sorted(void)
{
    for (size_t i = 1; i < sizeof COMMON_STEMS / sizeof *COMMON_STEMS; i++)
        if (strcmp(COMMON_STEMS[i - 1], COMMON_STEMS[i]) >= 0)
            return 0;
    return 1;
}

int inflection_same_word(const char *a, size_t an, const char *b, size_t bn)
{
    if (!devanagari_start(a, an) || !devanagari_start(b, bn))
        return 0;
    /* the stems share their first code point: most pairs end here */
    if (memcmp(a, b, 3) != 0)
        return 0;
    if (an == bn && memcmp(a, b, an) == 0)
        return 0;
    size_t sa = inflection_stem_len(a, an), sb = inflection_stem_len(b, bn);
    return sa == sb && memcmp(a, b, sa) == 0;
}
