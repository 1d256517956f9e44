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
enum { KIND_MASK = 3, BOUNDARY = 4 }; /* kind[] also holds this flag: a
                                         normalisation boundary before
                                         the character */

struct nfc_fast {
    const UNormalizer2 *nfc;
    uint8_t ccc[NFC_FAST_SIZE];
    uint8_t kind[NFC_FAST_SIZE];
};

/* Kind and boundary flag of c, from ICU. */
static uint8_t kind_from_icu(const UNormalizer2 *nfc, UChar32 c)
{
    UChar d[8];
    UErrorCode st = U_ZERO_ERROR;
    int decomposes = unorm2_getRawDecomposition(nfc, c, d, 8, &st) >= 0;
    int32_t qc = u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK);
    uint8_t kind;
    if (qc == UNORM_YES)
        kind = decomposes ? KIND_YES : KIND_PLAIN;
    else if (qc == UNORM_MAYBE && !decomposes)
        kind = KIND_MAYBE;
    else
        kind = KIND_NO;
    return kind | (unorm2_hasBoundaryBefore(nfc, c) ? BOUNDARY : 0);
}

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
        t->ccc[k] = u_getCombiningClass(c);
        t->kind[k] = kind_from_icu(nfc, c);
    }
    return t;
}

void nfc_fast_free(nfc_fast *t)
{
    free(t);
}

/* The quick check's state: the previous character's class, and the
 * previous character itself when it is a PLAIN starter (else -1). */
typedef struct qc_state {
    uint8_t last_ccc;
    UChar32 prev;
} qc_state;

/* One character of the quick check (UAX #15) with "maybe" settled as
 * nfc_fast.h says.  0 when the text can no longer be proved NFC. */
static inline int qc_step(const nfc_fast *t, qc_state *q, UChar32 c,
                          uint8_t ccc, uint8_t kind)
{
    if (ccc != 0 && q->last_ccc > ccc)
        return 0; /* not in canonical order */
    switch (kind & KIND_MASK) {
    case KIND_NO:
        return 0;
    case KIND_MAYBE:
        /* NFC unless it composes with the starter just before it;
         * after anything else, the context decides: not proved. */
        if (q->prev < 0 || unorm2_composePair(t->nfc, q->prev, c) >= 0)
            return 0;
        q->prev = -1;
        break;
    case KIND_YES:
        q->prev = -1;
        break;
    default:
        q->prev = ccc == 0 ? c : -1;
    }
    q->last_ccc = ccc;
    return 1;
}

int nfc_fast_check(const nfc_fast *t, const char *s, size_t n)
{
    const uint8_t *u = (const uint8_t *)s;
    if (n > INT32_MAX)
        return 0;
    int32_t len = (int32_t)n, i = 0;
    qc_state q = {0, -1};
    while (i < len) {
        if (u[i] < 0x80) { /* ASCII: PLAIN, class 0 */
            if (u[i] == 0)
                return 0;
            q.prev = u[i++];
            q.last_ccc = 0;
            continue;
        }
        UChar32 c;
        U8_NEXT(u, i, len, c);
        int32_t k = slot(c); /* -1 for an invalid sequence too */
        if (k < 0 || !qc_step(t, &q, c, t->ccc[k], t->kind[k]))
            return 0;
    }
    return 1;
}

/* Class and kind of c: the table's, or ICU's outside it. */
static void props(const nfc_fast *t, UChar32 c, uint8_t *ccc, uint8_t *kind)
{
    int32_t k = slot(c);
    if (k >= 0) {
        *ccc = t->ccc[k];
        *kind = t->kind[k];
    } else {
        *ccc = u_getCombiningClass(c);
        *kind = kind_from_icu(t->nfc, c);
    }
}

size_t nfc_fast_span(const nfc_fast *t, const char *s, size_t n)
{
    const uint8_t *u = (const uint8_t *)s;
    int32_t len = n > INT32_MAX ? INT32_MAX : (int32_t)n, i = 0;
    size_t boundary = 0; /* the last boundary with NFC text before it */
    qc_state q = {0, -1};
    while (i < len) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(u, i, len, c);
        if (c < 0)
            return boundary;
        uint8_t ccc, kind;
        props(t, c, &ccc, &kind);
        if (kind & BOUNDARY)
            boundary = (size_t)at;
        if (!qc_step(t, &q, c, ccc, kind))
            return boundary;
    }
    return (size_t)len;
}

size_t nfc_fast_piece(const nfc_fast *t, const char *s, size_t n)
{
    const uint8_t *u = (const uint8_t *)s;
    int32_t len = n > INT32_MAX ? INT32_MAX : (int32_t)n, i = 0;
    UChar32 c;
    if (len > 0)
        U8_NEXT(u, i, len, c);
    while (i < len) {
        int32_t at = i;
        uint8_t ccc, kind;
        U8_NEXT(u, i, len, c);
        if (c < 0)
            return (size_t)i;
        props(t, c, &ccc, &kind);
        if (kind & BOUNDARY)
            return (size_t)at;
    }
    return (size_t)len;
}
