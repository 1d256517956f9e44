/*
 * tm_matcher_search.c - tm_lookup: the index and the delta searched
 * together (see tm_matcher.h and tm_matcher_impl.h); concordance over
 * both.
 *
 * A lookup asks each fuzzy index (the main one, the delta's sealed and
 * fresh parts) for *every* unit scoring >= min (not just `max` of them:
 * the engine scores and sorts them all anyway), then
 *   - drops the units that the delta hides (the main index's changed
 *     since it was built, the sealed part's changed since it was sealed),
 *   - turns an exact 100 into 101 when the caller's neighbours are one of
 *     the unit's context pairs (which may reorder the list: hence all),
 *   - merges the lists best first and keeps `max`,
 * and only for those asks the fuzzy searcher that found them for the word
 * diff (fuzzy_searcher_compare, from the tokens it already has: the
 * index's scan does not keep diffs).  Everything handed out is copied
 * into the searcher, because the delta's index may be rebuilt by another
 * thread after the lookup.
 *
 * tm_matcher_concordance scans every unit of the index (those the delta
 * does not hide) and of the delta with conc_scan, the store's matching
 * and order, for a writer that has not read a big TM.
 */
#include "match/tm_matcher_impl.h"
#include "base/array.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

typedef struct cand {
    int delta;
    int fresh;                 /* found in the delta's fresh index */
    fuzzy_match m;             /* its score made 101 when in context */
} cand;

/* Where a match's strings are in `strings` until the lookup is done. */
enum { S_SOURCE, S_TARGET, S_SOURCE_SEG, S_TARGET_SEG, S_LANG, S_TUID, S_N };

typedef struct copied {
    size_t at[S_N], len[S_N];
    size_t diff_at;
} copied;

struct tm_searcher {
    tm_matcher *tm;
    fuzzy_searcher *main, *delta, *fresh;
    unsigned delta_gen;
    strbuf q, prev, next;      /* NFC */
    cand *cand;
    size_t n_cand, cap_cand;
    tm_match *match;
    copied *copy;
    size_t cap_match, cap_copy;
    match_diff *diff;
    size_t n_diff, cap_diff;
    strbuf strings;
};

tm_searcher *tm_searcher_new(tm_matcher *tm, anv_error *err)
{
    tm_searcher *s = calloc(1, sizeof *s);
    if (!s) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    s->tm = tm;
    s->delta_gen = ~0u;
    if (!(s->main = fuzzy_searcher_new(tm->index, err))) {
        tm_searcher_free(s);
        return NULL;
    }
    return s;
}

void tm_searcher_free(tm_searcher *s)
{
    if (!s)
        return;
    fuzzy_searcher_free(s->main);
    fuzzy_searcher_free(s->delta);
    fuzzy_searcher_free(s->fresh);
    strbuf_release(&s->q);
    strbuf_release(&s->prev);
    strbuf_release(&s->next);
    strbuf_release(&s->strings);
    free(s->cand);
    free(s->match);
    free(s->copy);
    free(s->diff);
    free(s);
}

/* ---- preparing ------------------------------------------------------------------ */

static int nfc(strbuf *out, const char *what, const char *text,
               anv_error *err)
{
    size_t len = text ? strlen(text) : 0, bad;
    strbuf_clear(out);
    if (!text_is_valid_utf8(text ? text : "", len, &bad))
        return anv_error_set(err, ANV_EUTF8, "the %s is not valid UTF-8 "
                             "(byte %zu)", what, bad + 1);
    int rc = len ? text_append_nfc(out, text, len, err) : ANV_OK;
    if (rc == ANV_OK && strbuf_append(out, "", 0) != ANV_OK) /* a C string */
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    return rc;
}

/* Take the read lock with the delta's index up to date, and this
 * searcher's delta searcher on it. */
static int lock_fresh(tm_searcher *s, anv_error *err)
{
    tm_matcher *tm = s->tm;
    for (;;) {
        pthread_rwlock_rdlock(&tm->lock);
        if (!tm->delta_dirty)
            break;
        pthread_rwlock_unlock(&tm->lock);
        pthread_rwlock_wrlock(&tm->lock);
        int rc = tm_delta_refresh(tm, err);
        pthread_rwlock_unlock(&tm->lock);
        if (rc != ANV_OK)
            return rc;
    }
    if (s->delta_gen != tm->delta_gen) {
        fuzzy_searcher_free(s->delta);
        fuzzy_searcher_free(s->fresh);
        s->delta = s->fresh = NULL;
        if ((tm->delta_index &&
             !(s->delta = fuzzy_searcher_new(tm->delta_index, err))) ||
            (tm->fresh_index &&
             !(s->fresh = fuzzy_searcher_new(tm->fresh_index, err)))) {
            pthread_rwlock_unlock(&tm->lock);
            return err ? err->code : ANV_ENOMEM;
        }
        s->delta_gen = tm->delta_gen;
    }
    return ANV_OK;
}

/* ---- collecting --------------------------------------------------------------- */

/* The fuzzy search's callbacks: a unit of index `x` in the query's
 * context, a unit of the main index changed since it was built. */
typedef struct search_ctx {
    const tm_searcher *s;
    fuzzy_searcher *fs; /* the search's, for payloads */
} search_ctx;

static int in_context(void *ctx, uint32_t unit)
{
    const search_ctx *c = ctx;
    tm_payload p;
    return tm_payload_decode(c->fs, unit, &p) &&
           tm_payload_has_context(&p, c->s->prev.data, c->s->next.data);
}

static int hidden(void *ctx, uint32_t unit)
{
    const search_ctx *c = ctx;
    return tm_delta_hides(c->s->tm, unit);
}

static int sealed_hidden(void *ctx, uint32_t unit)
{
    const search_ctx *c = ctx;
    return tm_delta_sealed_hides(c->s->tm, unit);
}

/* Which index collect() searches. */
enum { IN_MAIN, IN_SEALED, IN_FRESH };

/* The best `max` matches of searcher fs's index (the main one, or one of
 * the delta's), its hidden units left out and exact matches in context made
 * 101 inside the search, so that its --max bound sees the final scores. */
static int collect(tm_searcher *s, fuzzy_searcher *fs, int which,
                   const tm_query *q, int min, size_t max, int context,
                   anv_error *err)
{
    search_ctx sc = {s, fs};
    fuzzy_options o = {.min = min,
                       .max = q->exhaustive ? 0 : max,
                       .in_context = context ? in_context : NULL,
                       .context_ctx = &sc,
                       .exhaustive = q->exhaustive,
                       .hidden = which == IN_MAIN     ? hidden
                                 : which == IN_SEALED ? sealed_hidden
                                                      : NULL,
                       .hidden_ctx = &sc};
    const fuzzy_match *m;
    size_t n;
    int rc = fuzzy_search(fs, s->q.data, s->q.len, &o, &m, &n, err);
    for (size_t i = 0; i < n && rc == ANV_OK; i++) {
        if (array_grow(&s->cand, &s->cap_cand, s->n_cand + 1,
                       sizeof *s->cand) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        cand *c = &s->cand[s->n_cand++];
        c->delta = which != IN_MAIN;
        c->fresh = which == IN_FRESH;
        c->m = m[i];
    }
    return rc;
}

/* Best first: score, newer changedate, higher usagecount; then a unit
 * confirmed since the index was built, then the TM's order. */
static int best_first(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    int o = fuzzy_match_order(&x->m, &y->m);
    if (o)
        return o;
    if (x->delta != y->delta)
        return x->delta ? -1 : 1;
    return x->m.id < y->m.id ? -1 : x->m.id > y->m.id;
}

/* ---- handing out -------------------------------------------------------------- */

static int keep_str(tm_searcher *s, copied *c, int which, const char *str,
                    size_t len)
{
    c->at[which] = s->strings.len;
    c->len[which] = len;
    if (len && strbuf_append(&s->strings, str, len) != ANV_OK)
        return ANV_ENOMEM;
    return strbuf_append_char(&s->strings, '\0');
}

/* Copy candidate c's strings and its diff with the query into the
 * searcher; pointers are set by point_matches() once nothing moves. */
static int copy_match(tm_searcher *s, const cand *c, tm_match *out,
                      copied *cp, anv_error *err)
{
    tm_payload p;
    /* The searcher that found c, whose last search was this query. */
    fuzzy_searcher *fs = c->fresh ? s->fresh : c->delta ? s->delta : s->main;
    if (!tm_payload_decode(fs, c->m.unit, &p) ||
        !tm_payload_source(&p, fs, c->m.unit))
        return anv_error_set(err, ANV_EPARSE, "the fuzzy index holds a "
                             "damaged unit (delete the .idx file)");
    memset(out, 0, sizeof *out);
    out->score = c->m.score;
    out->changedate = c->m.changedate;
    out->usagecount = c->m.usagecount;
    out->from_journal = c->delta;
    if (keep_str(s, cp, S_SOURCE, p.source, p.source_len) != ANV_OK ||
        keep_str(s, cp, S_TARGET, p.target, p.target_len) != ANV_OK ||
        keep_str(s, cp, S_SOURCE_SEG, p.source_seg, p.source_seg_len) !=
            ANV_OK ||
        keep_str(s, cp, S_TARGET_SEG, p.target_seg, p.target_seg_len) !=
            ANV_OK ||
        keep_str(s, cp, S_LANG, p.target_lang, strlen(p.target_lang)) !=
            ANV_OK ||
        keep_str(s, cp, S_TUID, p.tuid, strlen(p.tuid)) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (fuzzy_searcher_compare(fs, c->m.unit, &out->cmp) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    cp->diff_at = s->n_diff;
    if (array_grow(&s->diff, &s->cap_diff, s->n_diff + out->cmp.n_diff,
                   sizeof *s->diff) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (out->cmp.n_diff)
        memcpy(s->diff + s->n_diff, out->cmp.diff,
               out->cmp.n_diff * sizeof *s->diff);
    s->n_diff += out->cmp.n_diff;
    return ANV_OK;
}

static void point_matches(tm_searcher *s, size_t n)
{
    const char *b = s->strings.data;
    for (size_t i = 0; i < n; i++) {
        tm_match *m = &s->match[i];
        const copied *c = &s->copy[i];
        m->source = b + c->at[S_SOURCE];
        m->source_len = c->len[S_SOURCE];
        m->target = b + c->at[S_TARGET];
        m->target_len = c->len[S_TARGET];
        m->source_seg = b + c->at[S_SOURCE_SEG];
        m->source_seg_len = c->len[S_SOURCE_SEG];
        m->target_seg = b + c->at[S_TARGET_SEG];
        m->target_seg_len = c->len[S_TARGET_SEG];
        m->target_lang = b + c->at[S_LANG];
        m->tuid = b + c->at[S_TUID];
        m->cmp.diff = s->diff + c->diff_at;
    }
}

/* ---- the lookup ------------------------------------------------------------------ */

int tm_lookup(tm_searcher *s, const tm_query *q, tm_matches *out,
              anv_error *err)
{
    memset(out, 0, sizeof *out);
    int min = q->min ? q->min : TM_MIN_DEFAULT;
    size_t max = q->max ? q->max : TM_MAX_DEFAULT;
    int context = q->prev || q->next;
    if (min < 1 || min > MATCH_SCORE_CONTEXT)
        return anv_error_set(err, ANV_EINVAL, "the minimum score %d is not "
                             "between 1 and %d", min, MATCH_SCORE_CONTEXT);
    int rc = nfc(&s->q, "text to look up", q->text, err);
    if (rc == ANV_OK && context)
        rc = nfc(&s->prev, "previous segment", q->prev, err);
    if (rc == ANV_OK && context)
        rc = nfc(&s->next, "next segment", q->next, err);
    if (rc == ANV_OK)
        rc = lock_fresh(s, err);
    if (rc != ANV_OK)
        return rc;
    s->n_cand = 0;
    rc = collect(s, s->main, IN_MAIN, q, min, max, context, err);
    if (rc == ANV_OK && s->delta)
        rc = collect(s, s->delta, IN_SEALED, q, min, max, context, err);
    if (rc == ANV_OK && s->fresh)
        rc = collect(s, s->fresh, IN_FRESH, q, min, max, context, err);
    if (rc == ANV_OK && s->n_cand > 1)
        qsort(s->cand, s->n_cand, sizeof *s->cand, best_first);
    size_t n = s->n_cand < max ? s->n_cand : max;
    strbuf_clear(&s->strings);
    s->n_diff = 0;
    if (rc == ANV_OK &&
        (array_grow(&s->match, &s->cap_match, n, sizeof *s->match) !=
             ANV_OK ||
         array_grow(&s->copy, &s->cap_copy, n, sizeof *s->copy) != ANV_OK))
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && rc == ANV_OK; i++)
        rc = copy_match(s, &s->cand[i], &s->match[i], &s->copy[i], err);
    pthread_rwlock_unlock(&s->tm->lock);
    if (rc != ANV_OK)
        return rc;
    point_matches(s, n);
    out->query = s->q.data;
    out->query_len = s->q.len;
    out->match = s->match;
    out->n = n;
    return ANV_OK;
}

/* ---- is this translation in the TM? ------------------------------------------ */

int tm_searcher_has_pair(tm_searcher *s, const char *source,
                         const char *target, anv_error *err)
{
    strbuf t = STRBUF_INIT;
    int rc = nfc(&s->q, "text to look up", source, err);
    if (rc == ANV_OK)
        rc = nfc(&t, "translation", target, err);
    if (rc == ANV_OK)
        rc = lock_fresh(s, err);
    if (rc != ANV_OK) {
        strbuf_release(&t);
        return rc;
    }
    tm_matcher *tm = s->tm;
    /* the main index: its exact matches (the same text), not hidden, and
     * only their payloads read, none of what a lookup hands out */
    search_ctx sc = {s, s->main};
    fuzzy_options o = {.min = MATCH_SCORE_EXACT, .hidden = hidden,
                       .hidden_ctx = &sc};
    const fuzzy_match *m;
    size_t n = 0;
    int found = 0;
    rc = fuzzy_search(s->main, s->q.data, s->q.len, &o, &m, &n, err);
    for (size_t i = 0; rc == ANV_OK && i < n && !found; i++) {
        tm_payload p;
        found = tm_payload_decode(s->main, m[i].unit, &p) &&
                p.target_len == t.len &&
                memcmp(p.target, t.data ? t.data : "", t.len) == 0;
    }
    /* the delta: its store, asked directly */
    tm_hit *hits = NULL;
    size_t nh = 0;
    if (rc == ANV_OK && !found && tm->delta)
        rc = tm_lookup_exact(tm->delta, s->q.data, s->q.len, &hits, &nh,
                             err);
    for (size_t i = 0; rc == ANV_OK && i < nh && !found; i++) {
        tm_entry e;
        found = tm_entry_get(tm->delta, hits[i].id, &e) &&
                e.target_len == t.len &&
                memcmp(e.target, t.data ? t.data : "", t.len) == 0;
    }
    free(hits);
    pthread_rwlock_unlock(&tm->lock);
    strbuf_release(&t);
    return rc == ANV_OK ? found : rc;
}

/* ---- concordance without the store ------------------------------------------- */

/* A hit's unit: the main index's unit number, or the delta's id past
 * DELTA_REF. */
#define DELTA_REF (UINT64_C(1) << 32)

/* Ids that order hits of the same date: the store's id for the index's
 * units; the journal's units (newer, as the store would number them)
 * after every one of those. */
#define DELTA_ORDER 0x80000000u

static int scan_index(tm_matcher *tm, fuzzy_searcher *fs, conc_scan *c,
                      anv_error *err)
{
    for (uint32_t u = 0; u < tm->index_units; u++) {
        tm_payload p;
        if (tm_delta_hides(tm, u))
            continue;
        if (!tm_payload_decode(fs, u, &p) ||
            !tm_payload_source(&p, fs, u))
            return anv_error_set(err, ANV_EPARSE, "the fuzzy index holds a "
                                 "damaged unit (delete the .idx file)");
        uint64_t id = fuzzy_index_id(tm->index, u);
        int rc = conc_scan_unit(c, id < DELTA_ORDER ? (uint32_t)id
                                                    : DELTA_ORDER - 1,
                                u, p.source, p.source_len, p.target,
                                p.target_len,
                                fuzzy_index_changedate(tm->index, u), err);
        if (rc != ANV_OK)
            return rc;
    }
    return ANV_OK;
}

static int scan_delta(tm_matcher *tm, conc_scan *c, anv_error *err)
{
    uint32_t limit = tm->delta ? tm_id_limit(tm->delta) : 0;
    for (uint32_t id = 0; id < limit; id++) {
        tm_entry e;
        if (!tm_entry_get(tm->delta, id, &e))
            continue;
        int rc = conc_scan_unit(c, DELTA_ORDER + id, DELTA_REF + id, e.source,
                                e.source_len, e.target, e.target_len,
                                e.changedate, err);
        if (rc != ANV_OK)
            return rc;
    }
    return ANV_OK;
}

/* Where a concordance's units are: the store (refs are its ids), or the
 * index (refs are unit numbers, read through fs) and the delta (refs
 * past DELTA_REF). */
typedef struct conc_units {
    tm_matcher *tm;
    const tm_store *store;
    fuzzy_searcher *fs;
} conc_units;

/* The texts of the unit `ref` names; 0 when it has none (damaged). */
static int ref_texts(const conc_units *cu, uint64_t ref, const char **src,
                     size_t *sn, const char **tgt, size_t *tn)
{
    tm_entry e;
    tm_payload p;
    if (cu->store || ref >= DELTA_REF) {
        const tm_store *t = cu->store ? cu->store : cu->tm->delta;
        if (!tm_entry_get(t, (uint32_t)(cu->store ? ref : ref - DELTA_REF),
                          &e))
            return 0;
        *src = e.source, *sn = e.source_len;
        *tgt = e.target, *tn = e.target_len;
        return 1;
    }
    if (!tm_payload_decode(cu->fs, (uint32_t)ref, &p) ||
        !tm_payload_source(&p, cu->fs, (uint32_t)ref))
        return 0;
    *src = p.source, *sn = p.source_len;
    *tgt = p.target, *tn = p.target_len;
    return 1;
}

/* The texts of the kept hits, copied (the index's decoded source lives
 * until the searcher's next call). */
static int copy_hits(const conc_units *cu, const conc_hit *h, size_t n,
                     tm_conc_result *out, anv_error *err)
{
    size_t (*at)[2] = n ? calloc(n, sizeof *at) : NULL;
    if (n && (!at || !(out->hits = calloc(n, sizeof *out->hits)))) {
        free(at);
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    int rc = ANV_OK;
    for (size_t k = 0; k < n && rc == ANV_OK; k++) {
        const char *src, *tgt;
        size_t sn, tn;
        if (!ref_texts(cu, h[k].ref, &src, &sn, &tgt, &tn)) {
            rc = anv_error_set(err, ANV_EPARSE, "the fuzzy index holds a "
                               "damaged unit (delete the .idx file)");
            break;
        }
        at[k][0] = out->texts.len;
        at[k][1] = out->texts.len + sn + 1;
        if (strbuf_append(&out->texts, src, sn) != ANV_OK ||
            strbuf_append_char(&out->texts, '\0') != ANV_OK ||
            strbuf_append(&out->texts, tgt, tn) != ANV_OK ||
            strbuf_append_char(&out->texts, '\0') != ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        out->hits[k] = (tm_conc_hit){NULL, NULL, sn, tn, h[k].side,
                                     h[k].start, h[k].end};
    }
    for (size_t k = 0; k < n && rc == ANV_OK; k++) {
        out->hits[k].source = out->texts.data + at[k][0];
        out->hits[k].target = out->texts.data + at[k][1];
    }
    if (rc == ANV_OK)
        out->n = n;
    free(at);
    return rc;
}

/* The hits over the index and the delta (conc_scan, a unit at a time). */
static int scan(tm_matcher *tm, fuzzy_searcher *fs, const char *query,
                const conc_opts *o, conc_hit **hits, size_t *n,
                size_t *total, anv_error *err)
{
    conc_scan *c = conc_scan_new(query, o, err);
    if (!c)
        return err ? err->code : ANV_ENOMEM;
    int rc = scan_index(tm, fs, c, err);
    if (rc == ANV_OK)
        rc = scan_delta(tm, c, err);
    if (rc == ANV_OK)
        rc = conc_scan_finish(c, hits, n, total, err);
    conc_scan_free(c);
    return rc;
}

int tm_matcher_concordance(tm_matcher *tm, const char *query,
                           const conc_opts *o, tm_conc_result *out,
                           anv_error *err)
{
    memset(out, 0, sizeof *out);
    /* A writer's store that is read, or being read, is searched (waited
     * for); a store not read by design (read_up_to), or a reader's,
     * through the index and the delta. */
    pthread_mutex_lock(&tm->load_mutex);
    int use_store = tm->store || (tm->pending && tm->loader_running);
    pthread_mutex_unlock(&tm->load_mutex);
    conc_units cu = {tm, NULL, NULL};
    int rc = ANV_OK;
    if (use_store) {
        rc = tm_matcher_load(tm, err);
        cu.store = tm->store;
    } else if (!(cu.fs = fuzzy_searcher_new(tm->index, err))) {
        rc = err ? err->code : ANV_ENOMEM;
    }
    conc_hit *hits = NULL;
    size_t n = 0;
    /* read lock: neither the store nor the delta may change under the
     * search (a confirm meanwhile waits, in its background job) */
    pthread_rwlock_rdlock(&tm->lock);
    if (rc == ANV_OK)
        rc = cu.store ? conc_search(cu.store, query, o, &hits, &n,
                                    &out->total, err)
                      : scan(tm, cu.fs, query, o, &hits, &n, &out->total,
                             err);
    if (rc == ANV_OK)
        rc = copy_hits(&cu, hits, n, out, err);
    pthread_rwlock_unlock(&tm->lock);
    free(hits);
    fuzzy_searcher_free(cu.fs);
    if (rc != ANV_OK)
        tm_conc_result_release(out);
    return rc;
}

void tm_conc_result_release(tm_conc_result *r)
{
    free(r->hits);
    strbuf_release(&r->texts);
    memset(r, 0, sizeof *r);
}
