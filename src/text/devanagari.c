/*
 * devanagari.c - folding, well-formedness and typing slips for Hindi words
 * (see devanagari.h).
 *
 * Everything works on code points decoded with ICU's U8_NEXT into a small
 * array (words longer than WORD_MAX code points are left alone: no Hindi
 * word is that long, so such a token is not a word to fold or correct).
 * Character classes follow the Unicode Devanagari block chart.
 */
#include "text/devanagari.h"

#include <stdint.h>
#include <string.h>

#include <unicode/utf8.h>

#include "base/error.h"

#define WORD_MAX 64

#define ZWNJ 0x200C
#define ZWJ 0x200D
#define NUKTA 0x093C
#define VIRAMA 0x094D
#define CANDRABINDU 0x0901
#define ANUSVARA 0x0902

static int is_consonant(int32_t c)
{
    return (c >= 0x0915 && c <= 0x0939) || (c >= 0x0958 && c <= 0x095F) ||
           (c >= 0x0978 && c <= 0x097F);
}

static int is_vowel(int32_t c)
{
    return (c >= 0x0904 && c <= 0x0914) || c == 0x0960 || c == 0x0961 ||
           (c >= 0x0972 && c <= 0x0977);
}

static int is_vowel_sign(int32_t c)
{
    return c == 0x093A || c == 0x093B || (c >= 0x093E && c <= 0x094C) ||
           c == 0x094E || c == 0x094F || (c >= 0x0955 && c <= 0x0957) ||
           c == 0x0962 || c == 0x0963;
}

static int is_bindu(int32_t c)
{
    return c >= 0x0900 && c <= 0x0903;
}

/* The letters whose nukta is optional in Hindi spelling (क़ ख़ ग़ ज़ फ़ य़). */
static int nukta_is_optional_on(int32_t c)
{
    return c == 0x0915 || c == 0x0916 || c == 0x0917 || c == 0x091C ||
           c == 0x092B || c == 0x092F;
}

/* The nasal of the class (varga) of stop consonant c, or 0. */
static int32_t class_nasal(int32_t c)
{
    if (c >= 0x0915 && c <= 0x0918)
        return 0x0919; /* ङ */
    if (c >= 0x091A && c <= 0x091D)
        return 0x091E; /* ञ */
    if (c >= 0x091F && c <= 0x0922)
        return 0x0923; /* ण */
    if (c >= 0x0924 && c <= 0x0927)
        return 0x0928; /* न */
    if (c >= 0x092A && c <= 0x092D)
        return 0x092E; /* म */
    return 0;
}

/* Decode w[0..n) into cp[]; returns the count, or -1 when it is invalid
 * UTF-8 or longer than WORD_MAX code points. */
static int decode(const char *w, size_t n, int32_t cp[WORD_MAX])
{
    if (n > 4 * WORD_MAX)
        return -1;
    int32_t i = 0, len = (int32_t)n, k = 0;
    while (i < len) {
        UChar32 c;
        U8_NEXT((const uint8_t *)w, i, len, c);
        if (c < 0 || k == WORD_MAX)
            return -1;
        cp[k++] = c;
    }
    return k;
}

static int append_cp(strbuf *out, int32_t c)
{
    char buf[4];
    int32_t i = 0;
    U8_APPEND_UNSAFE((uint8_t *)buf, i, c);
    return strbuf_append(out, buf, (size_t)i);
}

int devanagari_fold(const char *w, size_t n, strbuf *out)
{
    int32_t cp[WORD_MAX];
    int k = decode(w, n, cp);
    if (k < 0)
        return strbuf_append(out, w, n);
    for (int i = 0; i < k; i++) {
        int32_t c = cp[i];
        if (c == ZWJ || c == ZWNJ)
            continue;
        if (c == NUKTA && i > 0 && nukta_is_optional_on(cp[i - 1]))
            continue;
        if (c == CANDRABINDU)
            c = ANUSVARA;
        /* nasal + virama + stop of the same class -> anusvara */
        if (i + 2 < k && cp[i + 1] == VIRAMA && class_nasal(cp[i + 2]) == c) {
            c = ANUSVARA;
            i++;
        }
        if (append_cp(out, c) != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

int devanagari_is_wellformed(const char *w, size_t n)
{
    int32_t cp[WORD_MAX];
    int k = decode(w, n, cp);
    if (k <= 0)
        return 0;
    /* What the previous code point was. */
    enum { START, CONS, CONS_NUKTA, VOWEL, SIGN, HALANT, BINDU, JOINER };
    int prev = START;
    for (int i = 0; i < k; i++) {
        int32_t c = cp[i];
        int base = prev == CONS || prev == CONS_NUKTA;
        if (is_consonant(c)) {
            prev = CONS;
        } else if (is_vowel(c)) {
            if (prev == HALANT || prev == JOINER)
                return 0;
            prev = VOWEL;
        } else if (c == NUKTA) {
            if (prev != CONS || (cp[i - 1] >= 0x0958 && cp[i - 1] <= 0x095F))
                return 0;
            prev = CONS_NUKTA;
        } else if (is_vowel_sign(c)) {
            if (!base)
                return 0;
            prev = SIGN;
        } else if (c == VIRAMA) {
            if (!base && prev != JOINER)
                return 0;
            prev = HALANT;
        } else if (is_bindu(c)) {
            if (!base && prev != VOWEL && prev != SIGN)
                return 0;
            prev = BINDU;
        } else if (c == ZWJ || c == ZWNJ) {
            if (!base && prev != HALANT)
                return 0;
            prev = JOINER;
        } else if (c == 0x0950 && k == 1) { /* om */
            prev = VOWEL;
        } else if (c == 0x093D) { /* avagraha */
            if (prev == HALANT || prev == JOINER || prev == START)
                return 0;
            prev = BINDU;
        } else {
            return 0;
        }
    }
    return prev != JOINER;
}

/* ---- typing slips ---------------------------------------------------- */

/* What can be typed: independent vowels, consonants, signs. */
static const int32_t alphabet[] = {
    0x0905, 0x0906, 0x0907, 0x0908, 0x0909, 0x090A, 0x090B, 0x090F, 0x0910,
    0x0911, 0x0913, 0x0914,
    0x0915, 0x0916, 0x0917, 0x0918, 0x0919, 0x091A, 0x091B, 0x091C, 0x091D,
    0x091E, 0x091F, 0x0920, 0x0921, 0x0922, 0x0923, 0x0924, 0x0925, 0x0926,
    0x0927, 0x0928, 0x092A, 0x092B, 0x092C, 0x092D, 0x092E, 0x092F, 0x0930,
    0x0932, 0x0935, 0x0936, 0x0937, 0x0938, 0x0939,
    0x093E, 0x093F, 0x0940, 0x0941, 0x0942, 0x0943, 0x0945, 0x0947, 0x0948,
    0x0949, 0x094B, 0x094C,
    NUKTA, VIRAMA, CANDRABINDU, ANUSVARA, 0x0903};

/* Pairs of signs a typist confuses (short/long vowel, e/ai, o/au). */
static int confusable(int32_t a, int32_t b)
{
    static const int32_t pairs[][2] = {
        {0x093F, 0x0940}, {0x0941, 0x0942}, {0x0947, 0x0948},
        {0x094B, 0x094C}, {0x0907, 0x0908}, {0x0909, 0x090A},
        {0x090F, 0x0910}, {0x0913, 0x0914}, {0x0945, 0x0947},
        {0x0949, 0x094B}, {CANDRABINDU, ANUSVARA}, {0x0936, 0x0937},
        {0x0936, 0x0938}, {0x0923, 0x0928}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if ((pairs[i][0] == a && pairs[i][1] == b) ||
            (pairs[i][0] == b && pairs[i][1] == a))
            return 1;
    return 0;
}

/* Cost of typing `c` where it does not belong (or leaving it out). */
static int indel_cost(int32_t c)
{
    if (c == VIRAMA || c == NUKTA || c == ANUSVARA || c == CANDRABINDU)
        return 1;
    if (is_vowel_sign(c))
        return 2;
    return 3;
}

static int replace_cost(int32_t a, int32_t b)
{
    if (a == b)
        return 0;
    if (confusable(a, b))
        return 1;
    if (is_vowel_sign(a) && is_vowel_sign(b))
        return 2;
    return 3;
}

static int emit(const int32_t *cp, int k, int cost,
                int (*fn)(const char *, size_t, int, void *), void *ctx,
                strbuf *buf)
{
    strbuf_clear(buf);
    for (int i = 0; i < k; i++)
        if (append_cp(buf, cp[i]) != ANV_OK)
            return ANV_ENOMEM;
    return fn(buf->data ? buf->data : "", buf->len, cost, ctx);
}

int devanagari_edits(const char *w, size_t n,
                     int (*fn)(const char *cand, size_t len, int cost,
                               void *ctx),
                     void *ctx)
{
    int32_t cp[WORD_MAX], ed[WORD_MAX + 1];
    int k = decode(w, n, cp);
    if (k <= 0)
        return 0;
    strbuf buf = STRBUF_INIT;
    int rc = 0;
    const int na = (int)(sizeof alphabet / sizeof alphabet[0]);
    /* drop one code point; a doubled consonant (कक, क्क) costs 1 */
    for (int i = 0; i < k && !rc; i++) {
        int m = 0;
        for (int j = 0; j < k; j++)
            if (j != i)
                ed[m++] = cp[j];
        int cost = indel_cost(cp[i]);
        if (is_consonant(cp[i]) && i > 0 &&
            (cp[i - 1] == cp[i] ||
             (i > 1 && cp[i - 1] == VIRAMA && cp[i - 2] == cp[i])))
            cost = 1;
        rc = emit(ed, m, cost, fn, ctx, &buf);
    }
    /* swap two neighbours */
    for (int i = 0; i + 1 < k && !rc; i++) {
        if (cp[i] == cp[i + 1])
            continue;
        memcpy(ed, cp, (size_t)k * sizeof *cp);
        ed[i] = cp[i + 1];
        ed[i + 1] = cp[i];
        rc = emit(ed, k, 1, fn, ctx, &buf);
    }
    /* replace one */
    for (int i = 0; i < k && !rc; i++) {
        memcpy(ed, cp, (size_t)k * sizeof *cp);
        for (int a = 0; a < na && !rc; a++) {
            if (alphabet[a] == cp[i])
                continue;
            ed[i] = alphabet[a];
            rc = emit(ed, k, replace_cost(cp[i], alphabet[a]), fn, ctx, &buf);
        }
    }
    /* insert one */
    for (int i = 0; i <= k && !rc; i++) {
        for (int j = 0; j < i; j++)
            ed[j] = cp[j];
        for (int j = i; j < k; j++)
            ed[j + 1] = cp[j];
        for (int a = 0; a < na && !rc; a++) {
            ed[i] = alphabet[a];
            rc = emit(ed, k + 1, indel_cost(alphabet[a]), fn, ctx, &buf);
        }
    }
    strbuf_release(&buf);
    return rc;
}

int devanagari_distance(const char *a, size_t an, const char *b, size_t bn)
{
    int32_t x[WORD_MAX], y[WORD_MAX];
    int n = decode(a, an, x), m = decode(b, bn, y);
    if (n < 0 || m < 0)
        return 1000;
    /* Damerau (optimal string alignment) with the costs above. */
    static const int big = 1 << 20;
    int d[WORD_MAX + 1][WORD_MAX + 1];
    for (int i = 0; i <= n; i++)
        d[i][0] = i ? d[i - 1][0] + indel_cost(x[i - 1]) : 0;
    for (int j = 1; j <= m; j++)
        d[0][j] = d[0][j - 1] + indel_cost(y[j - 1]);
    for (int i = 1; i <= n; i++)
        for (int j = 1; j <= m; j++) {
            int best = d[i - 1][j - 1] + replace_cost(x[i - 1], y[j - 1]);
            int del = d[i - 1][j] + indel_cost(x[i - 1]);
            int ins = d[i][j - 1] + indel_cost(y[j - 1]);
            if (del < best)
                best = del;
            if (ins < best)
                best = ins;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] &&
                x[i - 2] == y[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best < big ? best : big;
        }
    return d[n][m];
}
