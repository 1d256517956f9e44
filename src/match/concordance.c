/*
 * concordance.c - word and phrase search over a TM (see concordance.h).
 *
 * Each candidate text is case-folded one code point at a time
 * (u_foldCase, ICU's simple folding) into a buffer, with a map from every
 * folded byte back to the original byte, then searched with memmem.
 * Queries without any cased character (Hindi, digits, punctuation) skip
 * the folding and search the stored NFC text directly: that is the common
 * case for a Hindi source side, and it avoids folding a million strings.
 */
#include "match/concordance.h"
#include "base/array.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

typedef struct folded {
    strbuf text;
    size_t *map;        /* map[i] = original offset of folded byte i */
    size_t cap;
} folded;

static int fold(folded *f, const char *s, size_t n)
{
    strbuf_clear(&f->text);
    if (strbuf_reserve(&f->text, n + 8) != ANV_OK)
        return ANV_ENOMEM;
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        /* ASCII, most of an English side: folding is lowercasing, as
         * u_foldCase does it, without the call (an English concordance
         * over the 1M bench TM: 4.8 s -> 3.3 s, docs/performance.md) */
        if ((unsigned char)s[i] < 0x80) {
            char b = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
            if (array_grow(&f->map, &f->cap, f->text.len + 2, sizeof *f->map))
                return ANV_ENOMEM;
            f->map[f->text.len] = start;
            if (strbuf_append_char(&f->text, b) != ANV_OK)
                return ANV_ENOMEM;
            i++;
            continue;
        }
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0)
            c = 0xFFFD;
        c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        char buf[4];
        size_t k = 0;
        UBool bad = 0;
        U8_APPEND(buf, k, 4, c, bad);
        if (bad)
            continue;
        if (array_grow(&f->map, &f->cap, f->text.len + k + 1, sizeof *f->map))
            return ANV_ENOMEM;
        for (size_t b = 0; b < k; b++)
            f->map[f->text.len + b] = start;
        if (strbuf_append(&f->text, buf, k) != ANV_OK)
            return ANV_ENOMEM;
    }
    if (array_grow(&f->map, &f->cap, f->text.len + 1, sizeof *f->map))
        return ANV_ENOMEM;
    f->map[f->text.len] = n;
    return ANV_OK;
}

/* A character that continues a word: letter, digit, mark, ZWJ/ZWNJ. */
static int wordish(UChar32 c)
{
    return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) ||
           c == 0x200C || c == 0x200D;
}

static int at_edges(const char *s, size_t n, size_t start, size_t end,
                    int check_left, int check_right)
{
    if (check_left && start > 0) {
        int32_t i = (int32_t)start; /* U8_PREV wants an int32_t index */
        UChar32 c;
        U8_PREV(s, 0, i, c);
        if (c >= 0 && wordish(c))
            return 0;
    }
    if (check_right && end < n) {
        size_t i = end;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c >= 0 && wordish(c))
            return 0;
    }
    return 1;
}

typedef struct hit_rec {
    conc_hit hit;
    int64_t date;
} hit_rec;

static int cmp_hit(const void *a, const void *b)
{
    const hit_rec *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? 1 : -1;
    if (x->hit.id != y->hit.id)
        return x->hit.id < y->hit.id ? 1 : -1;
    return (int)x->hit.side - (int)y->hit.side;
}

typedef struct query {
    const char *q;      /* NFC, folded unless `raw` */
    size_t len;
    int raw;            /* no cased characters: search unfolded text */
    int left, right;    /* check word edges on that side */
} query;

/* First match of q in text that sits at word edges; 1 if found. */
static int find(const query *q, folded *f, const char *text, size_t n,
                size_t *start, size_t *end, int *failed)
{
    const char *hay = text;
    size_t hn = n;
    if (!q->raw) {
        if (fold(f, text, n) != ANV_OK) {
            *failed = 1;
            return 0;
        }
        hay = f->text.data;
        hn = f->text.len;
    }
    const char *p = hay;
    while ((p = memmem(p, hn - (size_t)(p - hay), q->q, q->len))) {
        size_t s = (size_t)(p - hay), e = s + q->len;
        if (!q->raw) {
            s = f->map[s];
            e = f->map[e];
        }
        if (at_edges(text, n, s, e, q->left, q->right)) {
            *start = s;
            *end = e;
            return 1;
        }
        p++;
    }
    return 0;
}

static int prepare(query *q, folded *qf, strbuf *nfc, const char *text,
                   int substring, anv_error *err)
{
    size_t n = strlen(text), bad;
    if (!text_is_valid_utf8(text, n, &bad))
        return anv_error_set(err, ANV_EUTF8, "the search text is not valid "
                             "UTF-8 (byte %zu)", bad + 1);
    int rc = text_append_nfc(nfc, text, n, err);
    if (rc != ANV_OK)
        return rc;
    if (!nfc->len)
        return anv_error_set(err, ANV_EINVAL, "nothing to search for");
    q->raw = 1;
    size_t i = 0;
    UChar32 c = 0, first = -1;
    while (i < nfc->len) {
        U8_NEXT(nfc->data, i, nfc->len, c);
        if (first < 0)
            first = c;
        if (u_hasBinaryProperty(c, UCHAR_CASED))
            q->raw = 0;
    }
    q->left = !substring && wordish(first);
    q->right = !substring && wordish(c);
    if (q->raw) {
        q->q = nfc->data;
        q->len = nfc->len;
        return ANV_OK;
    }
    if (fold(qf, nfc->data, nfc->len) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    q->q = qf->text.data;
    q->len = qf->text.len;
    return ANV_OK;
}

struct conc_scan {
    conc_opts o;
    strbuf nfc;
    folded qf, tf;
    query q;
    hit_rec *recs;
    size_t nr, cap;
};

void conc_scan_free(conc_scan *c)
{
    if (!c)
        return;
    free(c->recs);
    strbuf_release(&c->nfc);
    strbuf_release(&c->qf.text);
    strbuf_release(&c->tf.text);
    free(c->qf.map);
    free(c->tf.map);
    free(c);
}

conc_scan *conc_scan_new(const char *text, const conc_opts *o,
                         anv_error *err)
{
    static const conc_opts defaults = {CONC_BOTH, 0, 0};
    conc_scan *c = calloc(1, sizeof *c);
    if (!c) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    c->o = o ? *o : defaults;
    if (prepare(&c->q, &c->qf, &c->nfc, text, c->o.substring, err) !=
        ANV_OK) {
        conc_scan_free(c);
        return NULL;
    }
    return c;
}

int conc_scan_unit(conc_scan *c, uint32_t id, uint64_t ref,
                   const char *source, size_t source_len, const char *target,
                   size_t target_len, int64_t date, anv_error *err)
{
    for (int side = CONC_SOURCE; side <= CONC_TARGET; side++) {
        if (!(c->o.side & side))
            continue;
        const char *s = side == CONC_SOURCE ? source : target;
        size_t sn = side == CONC_SOURCE ? source_len : target_len;
        size_t start, end;
        int failed = 0;
        if (!find(&c->q, &c->tf, s, sn, &start, &end, &failed)) {
            if (failed)
                return anv_error_set(err, ANV_ENOMEM, "out of memory");
            continue;
        }
        if (array_grow(&c->recs, &c->cap, c->nr + 1, sizeof *c->recs))
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        c->recs[c->nr].hit = (conc_hit){id, ref, (conc_side)side, start, end};
        c->recs[c->nr].date = date;
        c->nr++;
    }
    return ANV_OK;
}

int conc_scan_finish(conc_scan *c, conc_hit **hits, size_t *n, size_t *total,
                     anv_error *err)
{
    *hits = NULL;
    *n = 0;
    if (total)
        *total = c->nr;
    if (!c->nr)
        return ANV_OK;
    qsort(c->recs, c->nr, sizeof *c->recs, cmp_hit);
    size_t keep = c->o.limit && c->o.limit < c->nr ? c->o.limit : c->nr;
    conc_hit *out = malloc(keep * sizeof *out);
    if (!out)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    for (size_t i = 0; i < keep; i++)
        out[i] = c->recs[i].hit;
    *hits = out;
    *n = keep;
    return ANV_OK;
}

int conc_search(const tm_store *t, const char *text, const conc_opts *o,
                conc_hit **hits, size_t *n, size_t *total, anv_error *err)
{
    *hits = NULL;
    *n = 0;
    if (total)
        *total = 0;
    conc_scan *c = conc_scan_new(text, o, err);
    if (!c)
        return err ? err->code : ANV_ENOMEM;
    int rc = ANV_OK;
    for (uint32_t id = 0; rc == ANV_OK && id < tm_id_limit(t); id++) {
        tm_entry e;
        if (tm_entry_get(t, id, &e))
            rc = conc_scan_unit(c, id, id, e.source, e.source_len, e.target,
                                e.target_len, e.changedate, err);
    }
    if (rc == ANV_OK)
        rc = conc_scan_finish(c, hits, n, total, err);
    conc_scan_free(c);
    return rc;
}

/* ---- key word in context ----------------------------------------------------- */

static int char_columns(UChar32 c)
{
    if (c == 0x200B || (U_GET_GC_MASK(c) & (U_GC_MN_MASK | U_GC_ME_MASK |
                                           U_GC_CF_MASK)))
        return 0;
    int w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return w == U_EA_WIDE || w == U_EA_FULLWIDTH ? 2 : 1;
}

int conc_columns(const char *s, size_t n)
{
    int cols = 0;
    size_t i = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        cols += c < 0 ? 1 : char_columns(c);
    }
    return cols;
}

/* Append s[0..n) with tabs and line breaks as spaces. */
static int append_flat(strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
        if (strbuf_append_char(out, c) != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

/* Columns of [from, to) laid out by grapheme clusters, walking from
 * `pos` backwards (dir < 0) or forwards (dir > 0) while they fit in
 * `room`; returns where it stopped and sets *cut when text was left. */
static size_t walk(UBreakIterator *bi, size_t pos, size_t limit, int dir,
                   const char *text, int room, int *cut)
{
    int cols = 0;
    *cut = 0;
    while (pos != limit) {
        int32_t next = dir < 0 ? ubrk_preceding(bi, (int32_t)pos)
                               : ubrk_following(bi, (int32_t)pos);
        if (next == UBRK_DONE)
            break;
        size_t a = dir < 0 ? (size_t)next : pos, b = dir < 0 ? pos
                                                             : (size_t)next;
        int w = conc_columns(text + a, b - a);
        if (cols + w > room) {
            *cut = 1;
            break;
        }
        cols += w;
        pos = (size_t)next;
    }
    return pos;
}

int conc_kwic(strbuf *out, const char *text, size_t len, size_t start,
              size_t end, int width, const char *mark_l, const char *mark_r)
{
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
    UBreakIterator *bi = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &st);
    if (U_SUCCESS(st))
        ubrk_setUText(bi, ut, &st);
    int rc = ANV_OK;
    if (U_FAILURE(st)) {
        rc = ANV_EINTERNAL;
        goto out;
    }
    /* Whole grapheme clusters only: a cut never separates a vowel sign
     * or virama from its consonant.  One column is kept for the "…". */
    int cut_l, cut_r;
    size_t from = walk(bi, start, 0, -1, text, width - 1, &cut_l);
    size_t to = walk(bi, end, len, 1, text, width - 1, &cut_r);
    int pad = width - conc_columns(text + from, start - from) - cut_l;
    for (int i = 0; i < pad && rc == ANV_OK; i++)
        rc = strbuf_append_char(out, ' ');
    if (rc != ANV_OK ||
        (cut_l && strbuf_append_str(out, "\xE2\x80\xA6") != ANV_OK) ||
        append_flat(out, text + from, start - from) != ANV_OK ||
        strbuf_append_str(out, mark_l) != ANV_OK ||
        append_flat(out, text + start, end - start) != ANV_OK ||
        strbuf_append_str(out, mark_r) != ANV_OK ||
        append_flat(out, text + end, to - end) != ANV_OK ||
        (cut_r && strbuf_append_str(out, "\xE2\x80\xA6") != ANV_OK))
        rc = ANV_ENOMEM;
out:
    ubrk_close(bi);
    utext_close(ut);
    return rc;
}
