/*
 * nfc_fast.c - one-pass UTF-8 check and NFC quick check for the common
 * scripts (see nfc_fast.h).
 *
 * Per code point in the table's ranges the table keeps its canonical
 * combining class and one of four kinds:
 *   PLAIN  NFC_QC=Yes and no decomposition: a starter a following "maybe"
 *          can be tested against with one composePair call;
 *   YES    NFC_QC=Yes, with a decomposition (ऩ = न + ़);
 *   MAYBE  NFC_QC=Maybe (may compose with what precedes it), no
 *          decomposition of its own;
 *   NO     NFC_QC=No, or a "maybe" that decomposes: never NFC here.
 * ASCII is PLAIN with class 0 and needs no table.
 */
#include "text/nfc_fast.h"

#include <stdint.h>
#include <stdlib.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

/* The table covers [0, LOW_END) and [PUNCT_START, PUNCT_END): Latin,
 * the combining marks, Devanagari and its neighbours, then General
 * Punctuation and the currency signs (curly quotes, dashes, ZWJ, ₹, €),
 * which Hindi news uses on every few lines. */
enum { LOW_END = 0x1000, PUNCT_START = 0x2000, PUNCT_END = 0x2100,
       NFC_FAST_SIZE = LOW_END + (PUNCT_END - PUNCT_START) };

/* The table slot of code point c, or -1 outside the table. */
static int32_t slot(UChar32 c)
{
    if (c >= 0 && c < LOW_END)
        return c;
    if (c >= PUNCT_START && c < PUNCT_END)
        return LOW_END + (c - PUNCT_START);
    return -1;
}

enum { KIND_PLAIN, KIND_YES, KIND_MAYBE, KIND_NO };

struct nfc_fast {
    const UNormalizer2 *nfc;
    uint8_t ccc[NFC_FAST_SIZE];
    uint8_t kind[NFC_FAST_SIZE];
};

nfc_fast *nfc_fast_new(anv_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st)) {
        anv_error_set(err, ANV_EINTERNAL, "ICU NFC: %s", u_errorName(st));
        return NULL;
    }
    nfc_fast *t = malloc(sizeof *t);
    if (!t) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    t->nfc = nfc;
    for (UChar32 c = 0; c < PUNCT_END; c++) {
        int32_t k = slot(c);
        if (k < 0)
            continue;
        UChar d[8];
        st = U_ZERO_ERROR;
        int decomposes = unorm2_getRawDecomposition(nfc, c, d, 8, &st) >= 0;
        int32_t qc = u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK);
        t->ccc[k] = u_getCombiningClass(c);
        if (qc == UNORM_YES)
            t->kind[k] = decomposes ? KIND_YES : KIND_PLAIN;
        else if (qc == UNORM_MAYBE && !decomposes)
            t->kind[k] = KIND_MAYBE;
        else
            t->kind[k] = KIND_NO;
    }
    return t;
}

void nfc_fast_free(nfc_fast *t)
{
    free(t);
}

int nfc_fast_check(const nfc_fast *t, const char *s, size_t n)
{
    const uint8_t *u = (const uint8_t *)s;
    if (n > INT32_MAX)
        return 0;
    int32_t len = (int32_t)n, i = 0;
    uint8_t last_ccc = 0;   /* class of the previous character */
    UChar32 prev = -1;      /* the previous character when it is PLAIN */
    while (i < len) {
        if (u[i] < 0x80) { /* ASCII: PLAIN, class 0 */
            if (u[i] == 0)
                return 0;
            prev = u[i++];
            last_ccc = 0;
            continue;
        }
        UChar32 c;
        U8_NEXT(u, i, len, c);
        int32_t k = slot(c); /* -1 for an invalid sequence too */
        if (k < 0)
            return 0;
        uint8_t ccc = t->ccc[k];
        if (ccc != 0 && last_ccc > ccc)
            return 0; /* not in canonical order */
        switch (t->kind[k]) {
        case KIND_NO:
            return 0;
        case KIND_MAYBE:
            /* NFC unless it composes with the starter just before it;
             * after anything else, the context decides: ICU's path. */
            if (prev < 0 || unorm2_composePair(t->nfc, prev, c) >= 0)
                return 0;
            prev = -1;
            break;
        case KIND_YES:
            prev = -1;
            break;
        default:
            prev = ccc == 0 ? c : -1;
        }
        last_ccc = ccc;
    }
    return 1;
}
