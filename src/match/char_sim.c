/*
 * char_sim.c - character similarity: the F-measure (b = 1.5) of the
 * longest common subsequence of two texts' code points (char_sim.h).
 *
 * The LCS is Hyyrö's bit-vector form of Allison and Dix's algorithm: V
 * has one bit per query code point, all set at first; for each code point
 * of the unit, with M the bits of the query positions holding it,
 *
 *     V = (V + (V & M)) | (V & ~M)
 *
 * and at the end the LCS is the number of cleared bits.  The addition
 * carries across the 64-bit words of a long query.  A code point the
 * query lacks has M = 0 and leaves V as it is, so it is only looked up.
 *
 * Look-up: code points below U+0980 (ASCII, Latin-1, Devanagari: nearly
 * every character of a Hindi-English TM) index a table directly; others
 * are searched in a short list.
 */
#include "match/char_sim.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "base/array.h"

#define DIRECT 0x0980 /* code points with a direct table entry */

struct char_sim {
    char *query;            /* the query the vectors are for */
    size_t query_len, query_cap;
    int ready;              /* vectors built for `query` */
    size_t lq;              /* its code points without white space */
    size_t words;           /* 64-bit words per vector */
    uint16_t direct[DIRECT]; /* code point -> vector number + 1, 0: none */
    int32_t *other;         /* code points >= DIRECT the query has */
    size_t n_other, other_cap;
    uint64_t *mask;         /* vector k at mask[k * words] */
    size_t n_mask, mask_cap;
    uint64_t *v;
    size_t v_cap;
};

char_sim *char_sim_new(void)
{
    return calloc(1, sizeof(char_sim));
}

void char_sim_free(char_sim *c)
{
    if (!c)
        return;
    free(c->query);
    free(c->other);
    free(c->mask);
    free(c->v);
    free(c);
}

static int is_space(UChar32 cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    if (cp >= 0x0900 && cp <= 0x097F) /* Devanagari: no spaces, and most
                                         of a Hindi text (skips ICU) */
        return 0;
    return u_isUWhiteSpace(cp);
}

/* Reads the next code point of s[*i..n) that is not white space; -2 at
 * the end.  Invalid bytes read as U+FFFD. */
static UChar32 next_cp(const char *s, size_t *i, size_t n)
{
    while (*i < n) {
        UChar32 cp;
        int32_t j = (int32_t)*i;
        U8_NEXT((const uint8_t *)s, j, (int32_t)n, cp);
        *i = (size_t)j;
        if (cp < 0)
            cp = 0xFFFD;
        if (!is_space(cp))
            return cp;
    }
    return -2;
}

/* The vector number + 1 of code point cp, 0 when the query lacks it. */
static size_t vector_of(const char_sim *c, UChar32 cp)
{
    if (cp < DIRECT)
        return c->direct[cp];
    for (size_t k = 0; k < c->n_other; k++)
        if (c->other[2 * k] == cp)
            return (size_t)c->other[2 * k + 1];
    return 0;
}

static int prepare(char_sim *c, const char *q, size_t n)
{
    c->ready = 0;
    if (array_grow(&c->query, &c->query_cap, n + 1, 1) != ANV_OK)
        return ANV_ENOMEM;
    memcpy(c->query, q, n);
    c->query_len = n;
    memset(c->direct, 0, sizeof c->direct);
    c->n_other = 0;
    c->n_mask = 0;
    size_t lq = 0;
    for (size_t i = 0; next_cp(q, &i, n) != -2;)
        lq++;
    c->lq = lq;
    if (lq > CHAR_SIM_MAX_CPS) {
        c->ready = 1;
        return ANV_OK;
    }
    c->words = (lq + 63) / 64;
    if (c->words == 0)
        c->words = 1;
    /* at most one vector per query code point */
    if (array_grow(&c->mask, &c->mask_cap, (lq + 1) * c->words,
                   sizeof *c->mask) != ANV_OK ||
        array_grow(&c->v, &c->v_cap, c->words, sizeof *c->v) != ANV_OK)
        return ANV_ENOMEM;
    size_t pos = 0;
    UChar32 cp;
    for (size_t i = 0; (cp = next_cp(q, &i, n)) != -2; pos++) {
        size_t k = vector_of(c, cp);
        if (!k) {
            k = ++c->n_mask;
            memset(&c->mask[(k - 1) * c->words], 0,
                   c->words * sizeof *c->mask);
            if (cp < DIRECT) {
                c->direct[cp] = (uint16_t)k;
            } else {
                if (array_grow(&c->other, &c->other_cap, 2 * (c->n_other + 1),
                               sizeof *c->other) != ANV_OK)
                    return ANV_ENOMEM;
                c->other[2 * c->n_other] = cp;
                c->other[2 * c->n_other + 1] = (int32_t)k;
                c->n_other++;
            }
        }
        c->mask[(k - 1) * c->words + pos / 64] |= (uint64_t)1 << (pos % 64);
    }
    c->ready = 1;
    return ANV_OK;
}

int char_sim_score(char_sim *c, const char *query, size_t qlen,
                   const char *unit, size_t ulen)
{
    if (!c->ready || c->query_len != qlen ||
        memcmp(c->query, query, qlen) != 0) {
        if (prepare(c, query, qlen) != ANV_OK)
            return -1;
    }
    size_t lq = c->lq, words = c->words;
    if (lq > CHAR_SIM_MAX_CPS)
        return 0;
    uint64_t *v = c->v;
    for (size_t w = 0; w < words; w++)
        v[w] = ~(uint64_t)0;
    size_t lu = 0;
    UChar32 cp;
    for (size_t i = 0; (cp = next_cp(unit, &i, ulen)) != -2;) {
        if (++lu > CHAR_SIM_MAX_CPS)
            return 0;
        size_t k = lq ? vector_of(c, cp) : 0;
        if (!k)
            continue;
        const uint64_t *m = &c->mask[(k - 1) * words];
        uint64_t carry = 0;
        for (size_t w = 0; w < words; w++) {
            uint64_t u = v[w] & m[w];
            uint64_t s1 = v[w] + u;
            uint64_t s2 = s1 + carry;
            carry = (s1 < v[w]) | (s2 < s1);
            v[w] = s2 | (v[w] & ~m[w]);
        }
    }
    if (lq == 0 && lu == 0)
        return 100;
    if (lq == 0 || lu == 0)
        return 0;
    size_t kept = 0; /* set bits among the lq query positions */
    for (size_t w = 0; w < words; w++) {
        uint64_t bits = v[w];
        if (w == words - 1 && lq % 64)
            bits &= ((uint64_t)1 << (lq % 64)) - 1;
        kept += (size_t)__builtin_popcountll(bits);
    }
    size_t lcs = lq - kept;
    /* 100 (1 + b^2) LCS / (b^2 lq + lu) with b^2 = 9/4 */
    return (int)(100 * 13 * lcs / (9 * lq + 4 * lu));
}
