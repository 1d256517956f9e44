/*
 * tmgen.h - a deterministic generator of Hindi->English TM units and fuzzy
 * queries, made from the real sentence pairs in ../shared/data.
 *
 * Used by the fuzzy-index unit test (a few thousand units) and by the
 * benchmark (a million), and by `fuzzy_bench gen` to write the same TM as
 * TSV for other tools.  Header-only test code.
 *
 * Base pairs: FLORES-200 devtest, NTREX-128, Tatoeba, TICO-19 and WMT14
 * (newstest + newsdev), about 11,200 pairs, line-aligned files.  Every
 * 20th pair is held out of the TM and serves for "unrelated" queries.
 *
 * Unit i is base pair (i mod B) (B = pairs kept) in variant round
 * r = i / B: round 0 is the sentence as it is; later rounds apply one to
 * three edits chosen by a splitmix64 stream seeded with i: replace,
 * delete, insert or swap words; change or insert a number; toggle a
 * nukta or chandrabindu (Hindi spelling variants); change the final
 * danda / full stop / pipe or add a comma; flip the case of a Latin word;
 * wrap a word in inline tags (U+FFFC).  The replacement words come from
 * the base sentences themselves.  Words here are simply the space-separated
 * pieces: this is a generator of variation, not a tokenizer.
 *
 * A smaller TM (tmgen_unit's `bases`) takes base pairs evenly spread over
 * the corpora.  Queries cycle through five kinds: exact (a TM unit's
 * source), edited (a base sentence with 1-3 fresh edits), reordered (words
 * rotated or halves swapped), truncated (a prefix of the words) and
 * unrelated (a held-out sentence, or an English one).
 */
#ifndef ANUVAD_TMGEN_H
#define ANUVAD_TMGEN_H

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

typedef struct tmgen_pair {
    char *hi, *en;
} tmgen_pair;

typedef struct tmgen {
    tmgen_pair *base;     /* pairs that go into the TM */
    size_t n_base, cap_base;
    tmgen_pair *held;     /* pairs kept out of the TM */
    size_t n_held, cap_held;
    char **vocab;         /* Hindi words (pointers into a copy) */
    size_t n_vocab, cap_vocab;
} tmgen;

enum {
    TMGEN_EXACT,
    TMGEN_EDITED,
    TMGEN_REORDERED,
    TMGEN_TRUNCATED,
    TMGEN_UNRELATED,
    TMGEN_KINDS
};

static const char *const tmgen_kind_names[TMGEN_KINDS] = {
    "exact", "edited", "reordered", "truncated", "unrelated"};

static uint64_t tmgen_mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* A small deterministic random stream. */
typedef struct tmgen_rng {
    uint64_t s;
} tmgen_rng;

static uint64_t tmgen_next(tmgen_rng *r)
{
    r->s += 0x9E3779B97F4A7C15ull;
    return tmgen_mix(r->s);
}

static size_t tmgen_below(tmgen_rng *r, size_t n)
{
    return n ? (size_t)(tmgen_next(r) % n) : 0;
}

static char *tmgen_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static int tmgen_push(tmgen_pair **a, size_t *n, size_t *cap, char *hi,
                      char *en)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 1024;
        tmgen_pair *p = realloc(*a, c * sizeof *p);
        if (!p)
            return -1;
        *a = p;
        *cap = c;
    }
    (*a)[*n].hi = hi;
    (*a)[*n].en = en;
    (*n)++;
    return 0;
}

static char *tmgen_line(FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, f);
    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

/* Read one pair of line-aligned files; returns pairs read or -1. */
static long tmgen_read_pairs(tmgen *g, const char *shared, const char *hi,
                             const char *en, size_t *serial)
{
    strbuf ph = STRBUF_INIT, pe = STRBUF_INIT;
    strbuf_printf(&ph, "%s/data/%s", shared, hi);
    strbuf_printf(&pe, "%s/data/%s", shared, en);
    FILE *fh = ph.data ? fopen(ph.data, "r") : NULL;
    FILE *fe = pe.data ? fopen(pe.data, "r") : NULL;
    strbuf_release(&ph);
    strbuf_release(&pe);
    long count = -1;
    if (fh && fe) {
        count = 0;
        for (;;) {
            char *h = tmgen_line(fh), *e = tmgen_line(fe);
            if (!h || !e) {
                free(h);
                free(e);
                break;
            }
            int rc = (*serial)++ % 20 == 19
                         ? tmgen_push(&g->held, &g->n_held, &g->cap_held, h, e)
                         : tmgen_push(&g->base, &g->n_base, &g->cap_base, h,
                                      e);
            if (rc != 0) {
                free(h);
                free(e);
                count = -1;
                break;
            }
            count++;
        }
    }
    if (fh)
        fclose(fh);
    if (fe)
        fclose(fe);
    return count;
}

static void tmgen_free(tmgen *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_base; i++) {
        free(g->base[i].hi);
        free(g->base[i].en);
    }
    for (size_t i = 0; i < g->n_held; i++) {
        free(g->held[i].hi);
        free(g->held[i].en);
    }
    for (size_t i = 0; i < g->n_vocab; i++)
        free(g->vocab[i]);
    free(g->base);
    free(g->held);
    free(g->vocab);
    free(g);
}

/* Load the pairs from `shared` (the ../shared folder).  NULL on error. */
static tmgen *tmgen_open(const char *shared)
{
    static const char *const files[][2] = {
        {"flores200-devtest-hin-eng/hin_Deva.devtest",
         "flores200-devtest-hin-eng/eng_Latn.devtest"},
        {"ntrex128-hin-eng/newstest2019-ref.hin.txt",
         "ntrex128-hin-eng/newstest2019-src.eng.txt"},
        {"tatoeba-hin-eng/tatoeba.hi", "tatoeba-hin-eng/tatoeba.en"},
        {"tico19-test-en-hi/tico19-test.hi",
         "tico19-test-en-hi/tico19-test.en"},
        {"wmt14-newstest-hien/newstest2014.hi",
         "wmt14-newstest-hien/newstest2014.en"},
        {"wmt14-newstest-hien/newsdev2014.hi",
         "wmt14-newstest-hien/newsdev2014.en"},
    };
    tmgen *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    size_t serial = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (tmgen_read_pairs(g, shared, files[i][0], files[i][1], &serial) <
            0) {
            tmgen_free(g);
            return NULL;
        }
    /* Vocabulary: every 7th space-separated piece of the base sentences. */
    size_t k = 0;
    for (size_t i = 0; i < g->n_base; i++) {
        const char *s = g->base[i].hi;
        while (*s) {
            while (*s == ' ')
                s++;
            const char *e = s;
            while (*e && *e != ' ')
                e++;
            if (e > s && k++ % 7 == 0) {
                if (g->n_vocab == g->cap_vocab) {
                    size_t c = g->cap_vocab ? g->cap_vocab * 2 : 4096;
                    char **v = realloc(g->vocab, c * sizeof *v);
                    if (!v) {
                        tmgen_free(g);
                        return NULL;
                    }
                    g->vocab = v;
                    g->cap_vocab = c;
                }
                g->vocab[g->n_vocab++] = tmgen_strndup(s, (size_t)(e - s));
            }
            s = e;
        }
    }
    return g;
}

/* ---- words of a sentence ------------------------------------------------ */

#define TMGEN_MAX_WORDS 512

typedef struct tmgen_words {
    char *w[TMGEN_MAX_WORDS];
    size_t n;
} tmgen_words;

static void tmgen_split(const char *s, tmgen_words *out)
{
    out->n = 0;
    while (*s && out->n < TMGEN_MAX_WORDS) {
        while (*s == ' ')
            s++;
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        if (e > s)
            out->w[out->n++] = tmgen_strndup(s, (size_t)(e - s));
        s = e;
    }
}

static void tmgen_words_free(tmgen_words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->w[i]);
    w->n = 0;
}

static void tmgen_join(const tmgen_words *w, strbuf *out)
{
    for (size_t i = 0; i < w->n; i++) {
        if (i)
            strbuf_append_char(out, ' ');
        strbuf_append_str(out, w->w[i]);
    }
}

/* Replace the first `from` in word *w by `to`; 1 when done. */
static int tmgen_replace(char **w, const char *from, const char *to)
{
    char *p = strstr(*w, from);
    if (!p)
        return 0;
    size_t a = (size_t)(p - *w), fl = strlen(from), tl = strlen(to);
    size_t n = strlen(*w) - fl + tl;
    char *r = malloc(n + 1);
    if (!r)
        return 0;
    memcpy(r, *w, a);
    memcpy(r + a, to, tl);
    strcpy(r + a + tl, p + fl);
    free(*w);
    *w = r;
    return 1;
}

static void tmgen_insert_word(tmgen_words *w, size_t pos, char *word)
{
    if (w->n == TMGEN_MAX_WORDS) {
        free(word);
        return;
    }
    memmove(&w->w[pos + 1], &w->w[pos], (w->n - pos) * sizeof *w->w);
    w->w[pos] = word;
    w->n++;
}

static void tmgen_number(tmgen_rng *r, char *buf, size_t size)
{
    static const char *const deva[] = {"०", "१", "२", "३", "४",
                                       "५", "६", "७", "८", "९"};
    unsigned v = (unsigned)tmgen_below(r, 5000);
    if (tmgen_below(r, 6) == 0) { /* Devanagari digits now and then */
        char d[16];
        int n = snprintf(d, sizeof d, "%u", v);
        buf[0] = '\0';
        for (int i = 0; i < n; i++)
            strncat(buf, deva[d[i] - '0'], size - strlen(buf) - 1);
    } else if (v >= 1000 && tmgen_below(r, 2)) {
        snprintf(buf, size, "%u,%03u", v / 1000, v % 1000);
    } else {
        snprintf(buf, size, "%u", v);
    }
}

/* One edit of the sentence's words. */
static void tmgen_edit(const tmgen *g, tmgen_rng *r, tmgen_words *w)
{
    if (w->n == 0) {
        tmgen_insert_word(w, 0, tmgen_strndup("नमस्ते", strlen("नमस्ते")));
        return;
    }
    size_t pos = tmgen_below(r, w->n);
    const char *v = g->vocab[tmgen_below(r, g->n_vocab)];
    switch (tmgen_below(r, 10)) {
    case 0: /* replace a word */
    case 1:
        free(w->w[pos]);
        w->w[pos] = tmgen_strndup(v, strlen(v));
        break;
    case 2: /* delete a word */
        if (w->n > 2) {
            free(w->w[pos]);
            memmove(&w->w[pos], &w->w[pos + 1],
                    (w->n - pos - 1) * sizeof *w->w);
            w->n--;
        }
        break;
    case 3: /* insert a word */
        tmgen_insert_word(w, pos, tmgen_strndup(v, strlen(v)));
        break;
    case 4: /* swap two neighbours */
        if (pos + 1 < w->n) {
            char *t = w->w[pos];
            w->w[pos] = w->w[pos + 1];
            w->w[pos + 1] = t;
        }
        break;
    case 5: { /* a number: change the first one, or add one */
        char num[64];
        tmgen_number(r, num, sizeof num);
        for (size_t i = 0; i < w->n; i++) {
            const unsigned char *c = (const unsigned char *)w->w[i];
            if (isdigit(c[0])) {
                free(w->w[i]);
                w->w[i] = tmgen_strndup(num, strlen(num));
                return;
            }
        }
        tmgen_insert_word(w, pos, tmgen_strndup(num, strlen(num)));
        break;
    }
    case 6: { /* a Hindi spelling variant somewhere */
        static const char *const pairs[][2] = {
            {"ज़", "ज"}, {"फ़", "फ"}, {"क़", "क"}, {"ँ", "ं"},
            {"ज", "ज़"}, {"ं", "ँ"}, {"फ", "फ़"}};
        size_t p = tmgen_below(r, sizeof pairs / sizeof *pairs);
        for (size_t k = 0; k < w->n; k++)
            if (tmgen_replace(&w->w[(pos + k) % w->n], pairs[p][0],
                              pairs[p][1]))
                break;
        break;
    }
    case 7: { /* punctuation: the sentence end, or a comma */
        char **last = &w->w[w->n - 1];
        if (!tmgen_replace(last, "।", tmgen_below(r, 2) ? "." : "|") &&
            !tmgen_replace(last, ".", "।") && !tmgen_replace(last, "|", "।")) {
            size_t n = strlen(w->w[pos]);
            char *t = malloc(n + 2);
            if (t) {
                memcpy(t, w->w[pos], n);
                strcpy(t + n, ",");
                free(w->w[pos]);
                w->w[pos] = t;
            }
        }
        break;
    }
    case 8: /* letter case of a Latin word */
        for (size_t k = 0; k < w->n; k++) {
            unsigned char *c = (unsigned char *)w->w[(pos + k) % w->n];
            if (isalpha(c[0])) {
                c[0] = (unsigned char)(isupper(c[0]) ? tolower(c[0])
                                                     : toupper(c[0]));
                break;
            }
        }
        break;
    default: { /* inline tags around a word */
        size_t n = strlen(w->w[pos]);
        char *t = malloc(n + 7);
        if (t) {
            memcpy(t, "\xEF\xBF\xBC", 3);
            memcpy(t + 3, w->w[pos], n);
            memcpy(t + 3 + n, "\xEF\xBF\xBC", 4); /* with the NUL */
            free(w->w[pos]);
            w->w[pos] = t;
        }
        break;
    }
    }
}

static void tmgen_variant(const tmgen *g, const char *s, uint64_t seed,
                          int edits, strbuf *out)
{
    tmgen_words w;
    tmgen_split(s, &w);
    tmgen_rng r = {tmgen_mix(seed)};
    for (int e = 0; e < edits; e++)
        tmgen_edit(g, &r, &w);
    strbuf_clear(out);
    tmgen_join(&w, out);
    tmgen_words_free(&w);
}

/* ---- units and queries --------------------------------------------------- */

/* Base pair k of a TM drawn from `nb` base pairs, spread evenly over all
 * of them (so a small TM still has every corpus in it). */
static const tmgen_pair *tmgen_base(const tmgen *g, size_t k, size_t nb)
{
    return &g->base[k * (g->n_base / nb)];
}

/* Unit i of a TM drawn from `bases` base pairs (0 = all). */
static void tmgen_unit(const tmgen *g, uint64_t i, size_t bases, strbuf *src,
                       strbuf *tgt)
{
    size_t nb = bases && bases < g->n_base ? bases : g->n_base;
    const tmgen_pair *p = tmgen_base(g, i % nb, nb);
    uint64_t round = i / nb;
    if (round == 0) {
        strbuf_clear(src);
        strbuf_append_str(src, p->hi);
    } else {
        tmgen_rng r = {tmgen_mix(i ^ 0x5eed)};
        tmgen_variant(g, p->hi, i, 1 + (int)tmgen_below(&r, 3), src);
    }
    strbuf_clear(tgt);
    strbuf_append_str(tgt, p->en);
}

/* Dates and usage counts for ties: spread over 2020-2023. */
static int64_t tmgen_date(uint64_t i)
{
    return 1577836800 + (int64_t)(tmgen_mix(i * 7 + 1) % (4u * 365 * 86400));
}

static int64_t tmgen_usage(uint64_t i) { return (int64_t)(tmgen_mix(i) % 5); }

/* Query i (kind = i mod TMGEN_KINDS) against a TM of `units` units drawn
 * from `bases` base pairs (0 = all). */
static int tmgen_query(const tmgen *g, uint64_t i, size_t units, size_t bases,
                       strbuf *q)
{
    size_t nb = bases && bases < g->n_base ? bases : g->n_base;
    int kind = (int)(i % TMGEN_KINDS);
    tmgen_rng r = {tmgen_mix(i * 31 + 17)};
    const char *s = tmgen_base(g, tmgen_below(&r, nb), nb)->hi;
    strbuf_clear(q);
    switch (kind) {
    case TMGEN_EXACT: {
        strbuf t = STRBUF_INIT;
        tmgen_unit(g, tmgen_below(&r, units), bases, q, &t);
        strbuf_release(&t);
        break;
    }
    case TMGEN_EDITED:
        tmgen_variant(g, s, i * 1000003 + 7, 1 + (int)tmgen_below(&r, 3), q);
        break;
    case TMGEN_REORDERED: {
        tmgen_words w;
        tmgen_split(s, &w);
        tmgen_words o = {{0}, 0};
        size_t cut = w.n > 1 ? 1 + tmgen_below(&r, w.n - 1) : 0;
        for (size_t k = 0; k < w.n; k++)
            o.w[o.n++] = w.w[(k + cut) % w.n];
        tmgen_join(&o, q);
        tmgen_words_free(&w);
        break;
    }
    case TMGEN_TRUNCATED: {
        tmgen_words w;
        tmgen_split(s, &w);
        size_t keep = w.n > 1 ? w.n / 2 + tmgen_below(&r, (w.n + 1) / 2) : w.n;
        size_t n = w.n;
        w.n = keep;
        tmgen_join(&w, q);
        w.n = n;
        tmgen_words_free(&w);
        break;
    }
    default: {
        const tmgen_pair *h = &g->held[tmgen_below(&r, g->n_held)];
        strbuf_append_str(q, tmgen_below(&r, 4) ? h->hi : h->en);
        break;
    }
    }
    return kind;
}

#endif
