/*
 * tm_matcher_delta.c - what the fuzzy index keeps of a unit (its payload),
 * how a TM feeds an index (from a store, or from the TMX read as a stream
 * by a thread of its own), and the delta: the units changed since the
 * index was built (see tm_matcher_impl.h).
 *
 * The payload is a unit's strings, each followed by a NUL (XML text never
 * holds one), so the decoded strings are C strings in place:
 *
 *     target  tuid  target_seg  source_seg  target_lang  (prev next)*
 *
 * target_seg and source_seg are "" when they are the plain text itself
 * (no inline codes, nothing escaped: most units), which keeps the index
 * small; the context pairs are the unit's x-context-prev/next props.
 */
#include "match/tm_matcher_impl.h"
#include "base/array.h"
#include "tm/tmx_read.h"
#include "tm/tmx_unit.h"
#include "text/langtag.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static int nomem(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* ---- the payload ------------------------------------------------------------ */

static int put_str(strbuf *out, const char *s, size_t n)
{
    if (n && strbuf_append(out, s, n) != ANV_OK)
        return ANV_ENOMEM;
    return strbuf_append_char(out, '\0');
}

/* The seg XML unless it is the plain text. */
static int put_seg(strbuf *out, const char *seg, size_t seg_len,
                   const char *plain, size_t plain_len)
{
    int same = seg_len == plain_len && memcmp(seg, plain, plain_len) == 0;
    return put_str(out, seg, same ? 0 : seg_len);
}

int tm_payload_encode(strbuf *out, const tm_entry *e, const char *tuid,
                      const char *extra, size_t extra_len)
{
    if (put_str(out, e->target, e->target_len) != ANV_OK ||
        put_str(out, tuid ? tuid : "", tuid ? strlen(tuid) : 0) != ANV_OK ||
        put_seg(out, e->target_seg, e->target_seg_len, e->target,
                e->target_len) != ANV_OK ||
        put_seg(out, e->source_seg, e->source_seg_len, e->source,
                e->source_len) != ANV_OK ||
        put_str(out, e->target_lang, strlen(e->target_lang)) != ANV_OK)
        return ANV_ENOMEM;
    size_t pos = 0;
    const char *prev, *next;
    while (tmx_extra_next_context(extra, extra_len, &pos, &prev, &next))
        if (put_str(out, prev, strlen(prev)) != ANV_OK ||
            put_str(out, next, strlen(next)) != ANV_OK)
            return ANV_ENOMEM;
    return ANV_OK;
}

/* The string at *pos; NULL when there is no NUL before `end`. */
static const char *take(const char *p, size_t len, size_t *pos, size_t *n)
{
    if (*pos >= len)
        return NULL;
    const char *s = p + *pos, *nul = memchr(s, '\0', len - *pos);
    if (!nul)
        return NULL;
    *n = (size_t)(nul - s);
    *pos += *n + 1;
    return s;
}

int tm_payload_decode(fuzzy_searcher *fs, uint32_t unit, tm_payload *out)
{
    size_t len, pos = 0, n;
    const char *p = fuzzy_searcher_payload(fs, unit, &len);
    memset(out, 0, sizeof *out);
    if (!p || !(out->target = take(p, len, &pos, &out->target_len)) ||
        !(out->tuid = take(p, len, &pos, &n)) ||
        !(out->target_seg = take(p, len, &pos, &out->target_seg_len)) ||
        !(out->source_seg = take(p, len, &pos, &out->source_seg_len)) ||
        !(out->target_lang = take(p, len, &pos, &n)))
        return 0;
    if (!out->target_seg_len) {
        out->target_seg = out->target;
        out->target_seg_len = out->target_len;
    }
    out->contexts = p + pos;
    out->contexts_len = len - pos;
    /* Whole pairs of NUL-terminated strings. */
    size_t strings = 0;
    while (take(p, len, &pos, &n))
        strings++;
    return pos == len && strings % 2 == 0;
}

int tm_payload_source(tm_payload *p, fuzzy_searcher *fs, uint32_t unit)
{
    if (!(p->source = fuzzy_searcher_source(fs, unit, &p->source_len)))
        return 0;
    if (!p->source_seg_len) {
        p->source_seg = p->source;
        p->source_seg_len = p->source_len;
    }
    return 1;
}

int tm_payload_has_context(const tm_payload *p, const char *prev,
                           const char *next)
{
    size_t pos = 0, a, b;
    const char *s, *t;
    while ((s = take(p->contexts, p->contexts_len, &pos, &a)) &&
           (t = take(p->contexts, p->contexts_len, &pos, &b)))
        if (strcmp(s, prev) == 0 && strcmp(t, next) == 0)
            return 1;
    return 0;
}

/* ---- feeding an index --------------------------------------------------------- */

/* The builder's view of store unit `id` as index unit id `as`, its
 * payload encoded into `pay`: 1, or 0 when the unit lacks a language of
 * the pair (left out), or -1 when out of memory. */
static int unit_view(tm_store *t, uint32_t id, uint32_t as, strbuf *pay,
                     fuzzy_unit *fu)
{
    tm_entry e;
    tmx_unit u;
    if (!tm_entry_get(t, id, &e))
        return 0;
    tm_unit_get(t, id, &u, NULL, 0); /* tuid and props only */
    strbuf_clear(pay);
    if (tm_payload_encode(pay, &e, u.tuid, u.meta.extra, u.meta.extra_len) !=
        ANV_OK)
        return -1;
    *fu = (fuzzy_unit){as,           e.source, e.source_len, e.changedate,
                       e.usagecount, pay->data, pay->len,    1};
    return 1;
}

/* Store unit `id` (with the pair) into the builder as index unit id
 * `as`; units without both languages are left out. */
static int feed_unit(tm_store *t, uint32_t id, uint32_t as, fuzzy_builder *b,
                     strbuf *pay, anv_error *err)
{
    fuzzy_unit fu;
    int v = unit_view(t, id, as, pay, &fu);
    if (v < 0)
        return nomem(err);
    return v ? fuzzy_builder_add(b, &fu, err) : ANV_OK;
}

int tm_feed_store(tm_store *t, fuzzy_builder *b, const tm_matcher_opts *o,
                  anv_error *err)
{
    strbuf pay = STRBUF_INIT;
    uint32_t limit = tm_id_limit(t);
    int rc = ANV_OK;
    for (uint32_t id = 0; id < limit && rc == ANV_OK; id++) {
        if (o && o->on_progress && id % 65536 == 0)
            o->on_progress(o->ctx, "indexing", id, limit);
        rc = feed_unit(t, id, id, b, &pay, err);
    }
    strbuf_release(&pay);
    return rc;
}

/* The streaming build: each unit of the TMX, as the reader gives it, is
 * put alone in a scratch store (the pair view is the store's, to the
 * byte) and fed under the id a whole store would give it: its place in
 * the file.  Two threads: one reads the TMX, the other (the caller's)
 * builds, with batches of units between them, one lock a batch.  Reading
 * is about 40 % of a build of long sentences and tokenizing most of the
 * rest (perf, 1M units), so the two overlap instead of adding up. */
#define BATCH_UNITS 512
#define BATCH_BYTES (1u << 20) /* a batch of long units is handed over
                                  sooner: at most ~4 MB in flight */
#define BATCHES 4

typedef struct batch {
    size_t n;
    fuzzy_unit u[BATCH_UNITS]; /* source and payload set when taken: */
    size_t at[BATCH_UNITS];    /* where each unit's source, then its
                                  payload, begin in `bytes` */
    strbuf bytes;
} batch;

typedef struct streamer {
    /* the reading thread's; the reader's callbacks see `rd` (first): the
     * progress of reading is that of indexing too, a batch or so behind */
    tm_reading rd;
    tm_store *scratch;
    uint32_t next_id;
    strbuf pay;
    const char *path;
    int read_rc;
    anv_error read_err;
    /* shared, under mu */
    pthread_mutex_t mu;
    pthread_cond_t changed;
    batch b[BATCHES];
    size_t w, r, full;         /* slot filled next, taken next, full ones */
    int done;                  /* the reader has finished */
    int stop;                  /* the builder failed: read no more */
} streamer;

/* Hand the batch being filled over; wait for a free slot. */
static int push_batch(streamer *st)
{
    pthread_mutex_lock(&st->mu);
    st->full++;
    st->w = (st->w + 1) % BATCHES;
    pthread_cond_broadcast(&st->changed);
    while (st->full == BATCHES && !st->stop)
        pthread_cond_wait(&st->changed, &st->mu);
    int stop = st->stop;
    pthread_mutex_unlock(&st->mu);
    if (!stop) {
        st->b[st->w].n = 0;
        strbuf_clear(&st->b[st->w].bytes);
    }
    return stop ? ANV_EINTERNAL : ANV_OK; /* the builder's error stands */
}

static int stream_unit(void *ctx, const tmx_unit *u, anv_error *err)
{
    streamer *st = ctx;
    uint32_t id = st->next_id++, got;
    if (!u->n_tuvs) /* a store keeps it, with no pair: it has an id */
        return ANV_OK;
    tm_clear(st->scratch);
    int rc = tm_put(st->scratch, u, &got, NULL, err);
    fuzzy_unit fu;
    int v = rc == ANV_OK ? unit_view(st->scratch, got, id, &st->pay, &fu) : 0;
    if (rc != ANV_OK || v == 0)
        return rc;
    batch *b = &st->b[st->w];
    size_t at = b->bytes.len;
    if (v < 0 || strbuf_append(&b->bytes, fu.source, fu.source_len) != ANV_OK ||
        strbuf_append(&b->bytes, fu.payload, fu.payload_len) != ANV_OK)
        return nomem(err);
    b->at[b->n] = at;
    b->u[b->n++] = fu;
    return b->n == BATCH_UNITS || b->bytes.len >= BATCH_BYTES
               ? push_batch(st)
               : ANV_OK;
}

static void *read_thread(void *arg)
{
    streamer *st = arg;
    tmx_read_opts ro = {0};
    ro.ctx = st;
    ro.on_unit = stream_unit;
    ro.on_warning = st->rd.o->on_warning ? tm_reading_warning : NULL;
    ro.on_progress = st->rd.o->on_progress ? tm_reading_progress : NULL;
    anv_error_clear(&st->read_err);
    int rc = tmx_read_file(st->path, &ro, NULL, &st->read_err);
    pthread_mutex_lock(&st->mu);
    st->read_rc = rc;
    if (rc == ANV_OK && st->b[st->w].n) { /* the last, part full */
        st->full++;
        st->w = (st->w + 1) % BATCHES;
    }
    st->done = 1;
    pthread_cond_broadcast(&st->changed);
    pthread_mutex_unlock(&st->mu);
    return NULL;
}

/* Build from the batches until the reader is done (or either fails). */
static int build_batches(streamer *st, fuzzy_builder *b, anv_error *err)
{
    int rc = ANV_OK;
    for (;;) {
        pthread_mutex_lock(&st->mu);
        while (!st->full && !st->done)
            pthread_cond_wait(&st->changed, &st->mu);
        int have = st->full > 0 && st->read_rc == ANV_OK;
        pthread_mutex_unlock(&st->mu);
        if (!have)
            return rc;
        batch *bt = &st->b[st->r];
        for (size_t i = 0; i < bt->n && rc == ANV_OK; i++) {
            fuzzy_unit fu = bt->u[i];
            fu.source = bt->bytes.data + bt->at[i];
            fu.payload = fu.source + fu.source_len;
            rc = fuzzy_builder_add(b, &fu, err);
        }
        pthread_mutex_lock(&st->mu);
        st->full--;
        st->r = (st->r + 1) % BATCHES;
        if (rc != ANV_OK)
            st->stop = 1;
        pthread_cond_broadcast(&st->changed);
        pthread_mutex_unlock(&st->mu);
        if (rc != ANV_OK)
            return rc;
    }
}

int tm_feed_tmx(const tm_matcher *tm, fuzzy_builder *b,
                const tm_matcher_opts *o, anv_error *err)
{
    streamer *st = calloc(1, sizeof *st);
    if (!st)
        return nomem(err);
    st->rd.o = o;
    st->rd.tmx_bytes = tm->tmx_bytes;
    st->path = tm->path;
    int rc = (st->scratch = tm_new_memory(err)) ? ANV_OK
                                               : err ? err->code : ANV_ENOMEM;
    if (rc == ANV_OK)
        rc = tm_set_pair(st->scratch, tm->src_lang, tm->tgt_lang, err);
    int sync = rc == ANV_OK && pthread_mutex_init(&st->mu, NULL) == 0;
    int cond = sync && pthread_cond_init(&st->changed, NULL) == 0;
    pthread_t reader;
    int started = cond && pthread_create(&reader, NULL, read_thread, st) == 0;
    if (rc == ANV_OK && !started)
        rc = nomem(err);
    if (started) {
        rc = build_batches(st, b, err);
        pthread_join(reader, NULL);
        /* the reader's own failure, unless it only stopped for the
         * builder's */
        if (rc == ANV_OK && st->read_rc != ANV_OK) {
            rc = st->read_rc;
            if (err)
                *err = st->read_err;
        }
    }
    if (cond)
        pthread_cond_destroy(&st->changed);
    if (sync)
        pthread_mutex_destroy(&st->mu);
    for (size_t i = 0; i < BATCHES; i++)
        strbuf_release(&st->b[i].bytes);
    tm_free(st->scratch);
    strbuf_release(&st->pay);
    free(st);
    return rc;
}

/* ---- the delta ------------------------------------------------------------------ */

/* Where `unit` is or would go in the sorted hidden list. */
static size_t hidden_pos(const tm_matcher *tm, uint32_t unit)
{
    size_t lo = 0, hi = tm->n_hidden;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tm->hidden[mid] < unit)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int tm_delta_hides(const tm_matcher *tm, uint32_t unit)
{
    size_t i = hidden_pos(tm, unit);
    return i < tm->n_hidden && tm->hidden[i] == unit;
}

static int hide(tm_matcher *tm, uint32_t unit)
{
    size_t i = hidden_pos(tm, unit);
    if (i < tm->n_hidden && tm->hidden[i] == unit)
        return ANV_OK;
    if (array_grow(&tm->hidden, &tm->cap_hidden, tm->n_hidden + 1,
                   sizeof *tm->hidden) != ANV_OK)
        return ANV_ENOMEM;
    memmove(tm->hidden + i + 1, tm->hidden + i,
            (tm->n_hidden - i) * sizeof *tm->hidden);
    tm->hidden[i] = unit;
    tm->n_hidden++;
    return ANV_OK;
}

static int same_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    return an == bn && memcmp(a, b, an) == 0;
}

/* The index's unit `unit` has the pair view of e (its source is e's:
 * it scored 100); fs: the searcher that found it. */
static int index_unit_is(fuzzy_searcher *fs, uint32_t unit,
                         const tm_entry *e)
{
    tm_payload p;
    return tm_payload_decode(fs, unit, &p) &&
           tm_payload_source(&p, fs, unit) &&
           same_bytes(p.source, p.source_len, e->source, e->source_len) &&
           same_bytes(p.target, p.target_len, e->target, e->target_len) &&
           same_bytes(p.target_seg, p.target_seg_len, e->target_seg,
                      e->target_seg_len) &&
           same_bytes(p.source_seg, p.source_seg_len, e->source_seg,
                      e->source_seg_len);
}

static int entries_same(const tm_entry *a, const tm_entry *b)
{
    return same_bytes(a->source, a->source_len, b->source, b->source_len) &&
           same_bytes(a->target, a->target_len, b->target, b->target_len) &&
           same_bytes(a->source_seg, a->source_seg_len, b->source_seg,
                      b->source_seg_len) &&
           same_bytes(a->target_seg, a->target_seg_len, b->target_seg,
                      b->target_seg_len);
}

/* Delta unit `id` was added, changed or deleted: out of the sealed index,
 * into the fresh one at the next refresh. */
static int touch(tm_matcher *tm, uint32_t id)
{
    if (id >= tm->changed_cap) {
        size_t cap = tm->changed_cap ? tm->changed_cap : 1024;
        while (cap <= id)
            cap *= 2;
        uint8_t *c = realloc(tm->changed, cap);
        if (!c)
            return ANV_ENOMEM;
        memset(c + tm->changed_cap, 0, cap - tm->changed_cap);
        tm->changed = c;
        tm->changed_cap = cap;
    }
    tm->n_changed += !tm->changed[id];
    tm->changed[id] = 1;
    tm->delta_dirty = 1;
    return ANV_OK;
}

int tm_delta_sealed_hides(const tm_matcher *tm, uint32_t unit)
{
    uint64_t id = fuzzy_index_id(tm->delta_index, unit);
    return id < tm->changed_cap && tm->changed[id];
}

/* The main index's units with exactly this source (an exact search with
 * the matcher's own searcher, write lock held); none when it is empty. */
static int index_exact(tm_matcher *tm, const char *source, size_t len,
                       const fuzzy_match **m, size_t *n, anv_error *err)
{
    *n = 0;
    if (!tm->index_units)
        return ANV_OK;
    if (!tm->own && !(tm->own = fuzzy_searcher_new(tm->index, err)))
        return err ? err->code : ANV_ENOMEM;
    fuzzy_options o = {.min = MATCH_SCORE_EXACT};
    return fuzzy_search(tm->own, source, len, &o, m, n, err);
}

/* Hide the index's copies of the unit whose pair view is e, and delete
 * the delta's, except delta unit `keep`. */
static int forget_same(tm_matcher *tm, const tm_entry *e, uint32_t keep,
                       anv_error *err)
{
    const fuzzy_match *m;
    size_t nm;
    int rc = index_exact(tm, e->source, e->source_len, &m, &nm, err);
    for (size_t i = 0; i < nm && rc == ANV_OK; i++)
        if (index_unit_is(tm->own, m[i].unit, e) &&
            hide(tm, m[i].unit) != ANV_OK)
            rc = nomem(err);
    tm_hit *hits = NULL;
    size_t n = 0;
    if (rc == ANV_OK)
        rc = tm_lookup_exact(tm->delta, e->source, e->source_len, &hits, &n,
                             err);
    for (size_t i = 0; i < n && rc == ANV_OK; i++) {
        tm_entry d;
        if (hits[i].id != keep && tm_entry_get(tm->delta, hits[i].id, &d) &&
            entries_same(&d, e)) {
            rc = tm_delete(tm->delta, hits[i].id, err);
            if (rc == ANV_OK && touch(tm, hits[i].id) != ANV_OK)
                rc = nomem(err);
        }
    }
    free(hits);
    return rc;
}

static int ensure_delta(tm_matcher *tm, anv_error *err)
{
    if (tm->delta)
        return ANV_OK;
    tm->delta = tm_new_memory(err);
    if (!tm->delta)
        return err ? err->code : ANV_ENOMEM;
    return tm_set_pair(tm->delta, tm->src_lang, tm->tgt_lang, err);
}

/* Unit u as it is now (keep = 1) or as it was before being deleted or
 * replaced (keep = 0). */
static int delta_change(tm_matcher *tm, const tmx_unit *u, int keep,
                        anv_error *err)
{
    uint32_t id;
    tm_entry e;
    int rc = ensure_delta(tm, err);
    if (rc == ANV_OK)
        rc = tm_put(tm->delta, u, &id, NULL, err);
    if (rc == ANV_OK && touch(tm, id) != ANV_OK)
        rc = nomem(err);
    if (rc != ANV_OK)
        return rc;
    /* Seen through the pair (a unit without both languages cannot match
     * and cannot be anything the index holds). */
    if (!tm_entry_get(tm->delta, id, &e))
        return tm_delete(tm->delta, id, err);
    return forget_same(tm, &e, keep ? id : UINT32_MAX, err);
}

int tm_delta_put(tm_matcher *tm, const tmx_unit *u, anv_error *err)
{
    return delta_change(tm, u, 1, err);
}

/* The index's unit (not hidden) that tm_use would merge confirm `u`
 * into: exactly u's source and target, without inline codes, the newest
 * (highest id); with its date and use count.  0 when there is none. */
static int index_confirmed(tm_matcher *tm, const tmx_unit *u, uint32_t *unit,
                           fuzzy_match *found, anv_error *err)
{
    const tmx_tuv *src = &u->tuvs[0], *tgt = &u->tuvs[1];
    const fuzzy_match *m;
    size_t n;
    int rc = index_exact(tm, src->plain, src->plain_len, &m, &n, err);
    if (rc != ANV_OK)
        return -rc;
    int have = 0;
    for (size_t i = 0; i < n; i++) {
        tm_payload p;
        if (tm_delta_hides(tm, m[i].unit) ||
            (have && m[i].id <= found->id) ||
            !tm_payload_decode(tm->own, m[i].unit, &p) ||
            !tm_payload_source(&p, tm->own, m[i].unit) ||
            !same_bytes(p.source, p.source_len, src->plain, src->plain_len) ||
            !same_bytes(p.target, p.target_len, tgt->plain, tgt->plain_len) ||
            memchr(p.source_seg, '<', p.source_seg_len) ||
            memchr(p.target_seg, '<', p.target_seg_len) ||
            langtag_compare(tgt->lang, p.target_lang) < LANGTAG_GENERAL)
            continue;
        have = 1;
        *unit = m[i].unit;
        *found = m[i];
    }
    return have;
}

/* Index unit `unit` (found: its search result) as a tmx_unit, for the
 * delta: what lookups show of it (texts, tuid, date, use count, context
 * pairs).  Strings point into the index and into `extra`. */
static int index_unit_view(tm_matcher *tm, uint32_t unit,
                           const fuzzy_match *found, tmx_unit *out,
                           tmx_tuv tuvs[2], strbuf *extra)
{
    tm_payload p;
    if (!tm_payload_decode(tm->own, unit, &p) ||
        !tm_payload_source(&p, tm->own, unit))
        return ANV_EPARSE;
    size_t pos = 0, a, b;
    const char *prev, *next;
    while ((prev = take(p.contexts, p.contexts_len, &pos, &a)) &&
           (next = take(p.contexts, p.contexts_len, &pos, &b))) {
        strbuf more = STRBUF_INIT;
        int rc = tmx_extra_with_context(&more, extra->data, extra->len, prev,
                                        next, TM_MAX_CONTEXTS);
        strbuf_release(extra);
        *extra = more;
        if (rc != ANV_OK)
            return ANV_ENOMEM;
    }
    const char *langs[2] = {tm->src_lang, p.target_lang};
    const char *plain[2] = {p.source, p.target}, *seg[2] = {p.source_seg,
                                                            p.target_seg};
    size_t plain_len[2] = {p.source_len, p.target_len},
           seg_len[2] = {p.source_seg_len, p.target_seg_len};
    for (int i = 0; i < 2; i++) {
        tuvs[i] = (tmx_tuv){0};
        tuvs[i].lang = langs[i];
        tuvs[i].plain = plain[i];
        tuvs[i].plain_len = plain_len[i];
        tuvs[i].seg = seg[i];
        tuvs[i].seg_len = seg_len[i];
        tmx_meta_init(&tuvs[i].meta);
    }
    memset(out, 0, sizeof *out);
    tmx_meta_init(&out->meta);
    out->tuid = *p.tuid ? p.tuid : NULL;
    out->meta.changedate = found->changedate;
    out->meta.usagecount = found->usagecount;
    out->meta.extra = extra->data;
    out->meta.extra_len = extra->len;
    out->tuvs = tuvs;
    out->n_tuvs = 2;
    return ANV_OK;
}

/* A confirm journaled without the store (a "use" record): applied to the
 * delta as tm_load will apply it to the store.  When the unit it counts a
 * use of is still only the index's, that unit moves into the delta first
 * (and is hidden in the index). */
static int delta_use(tm_matcher *tm, const tmx_unit *u, anv_error *err)
{
    if (u->n_tuvs != 2)
        return anv_error_set(err, ANV_EPARSE, "a confirm has a source and "
                             "a target, not %zu languages", u->n_tuvs);
    int rc = ensure_delta(tm, err);
    if (rc != ANV_OK)
        return rc;
    uint32_t unit = 0;
    fuzzy_match found = {0};
    int have = index_confirmed(tm, u, &unit, &found, err);
    if (have < 0)
        return -have;
    if (have) {
        tmx_unit x;
        tmx_tuv tuvs[2];
        strbuf extra = STRBUF_INIT;
        rc = index_unit_view(tm, unit, &found, &x, tuvs, &extra);
        if (rc == ANV_ENOMEM)
            rc = nomem(err);
        else if (rc != ANV_OK)
            rc = anv_error_set(err, rc, "the fuzzy index is damaged");
        if (rc == ANV_OK)
            rc = delta_change(tm, &x, 1, err);
        strbuf_release(&extra);
        if (rc != ANV_OK)
            return rc;
    }
    uint32_t id;
    rc = tm_use(tm->delta, u, &id, &tm->last_use, err);
    return rc == ANV_OK && touch(tm, id) != ANV_OK ? nomem(err) : rc;
}

int tm_delta_journaled(void *ctx, const char *op, int nth, const tmx_unit *u,
                       anv_error *err)
{
    tm_matcher *tm = ctx;
    if (strcmp(op, "use") == 0)
        return delta_use(tm, u, err);
    int keep = strcmp(op, "put") == 0 || (strcmp(op, "upd") == 0 && nth > 0);
    return delta_change(tm, u, keep, err);
}

int tm_delta_forget(tm_matcher *tm, const char *source, const char *target,
                    anv_error *err)
{
    /* the pair as the store has it (cleaned, NFC): through the delta's
     * own tm_add, whose copy then goes with the others */
    uint32_t id;
    tm_entry e;
    int rc = ensure_delta(tm, err);
    if (rc == ANV_OK)
        rc = tm_add(tm->delta, source, target, NULL, &id, NULL, NULL, err);
    if (rc == ANV_OK && touch(tm, id) != ANV_OK)
        rc = nomem(err);
    if (rc != ANV_OK || !tm_entry_get(tm->delta, id, &e))
        return rc;
    return forget_same(tm, &e, UINT32_MAX, err);
}

int tm_delta_read_journal(tm_matcher *tm, int fd, const char *path,
                          uint64_t from, anv_error *err)
{
    long records;
    return tm_journal_changes(fd, path, from, tm_delta_journaled, tm,
                              &records, err);
}

/* Changed units past this many, and past a quarter of the sealed ones,
 * are sealed with the rest: a refresh costs at most about a quarter of a
 * whole rebuild, and a whole rebuild happens once per that many changes. */
#define RESEAL_MIN 64

/* An index of the delta's units: every one (`only` NULL), or those
 * `only` marks; *out NULL when none is live. */
static int build_delta(tm_matcher *tm, const uint8_t *only, size_t only_cap,
                       fuzzy_index **out, anv_error *err)
{
    *out = NULL;
    fuzzy_builder *b = fuzzy_builder_new(err);
    if (!b)
        return err ? err->code : ANV_ENOMEM;
    int rc = ANV_OK;
    if (!only) {
        rc = tm_feed_store(tm->delta, b, NULL, err);
    } else {
        strbuf pay = STRBUF_INIT;
        uint32_t limit = tm_id_limit(tm->delta);
        for (uint32_t id = 0; id < limit && id < only_cap && rc == ANV_OK;
             id++)
            if (only[id])
                rc = feed_unit(tm->delta, id, id, b, &pay, err);
        strbuf_release(&pay);
    }
    if (rc == ANV_OK && fuzzy_builder_units(b) > 0)
        rc = fuzzy_builder_finish(b, out, err);
    fuzzy_builder_free(b);
    return rc;
}

int tm_delta_refresh(tm_matcher *tm, anv_error *err)
{
    if (!tm->delta_dirty)
        return ANV_OK;
    int reseal = !tm->delta_index ||
                 (tm->n_changed > RESEAL_MIN &&
                  tm->n_changed > tm->sealed_units / 4);
    fuzzy_index_free(tm->fresh_index);
    tm->fresh_index = NULL;
    tm->delta_gen++;
    int rc;
    if (reseal) {
        fuzzy_index_free(tm->delta_index);
        tm->delta_index = NULL;
        tm->sealed_units = 0;
        rc = build_delta(tm, NULL, 0, &tm->delta_index, err);
        if (rc == ANV_OK) {
            if (tm->changed) /* memset(NULL, 0, 0) is undefined */
                memset(tm->changed, 0, tm->changed_cap);
            tm->n_changed = 0;
            tm->sealed_units = tm->delta_index
                                   ? fuzzy_index_units(tm->delta_index)
                                   : 0;
        }
    } else {
        rc = build_delta(tm, tm->changed, tm->changed_cap, &tm->fresh_index,
                         err);
    }
    if (rc == ANV_OK) {
        tm->delta_units = tm_count(tm->delta);
        tm->delta_dirty = 0;
    }
    return rc;
}

void tm_delta_free(tm_matcher *tm)
{
    free(tm->hidden);
    tm->hidden = NULL;
    tm->n_hidden = tm->cap_hidden = 0;
    fuzzy_searcher_free(tm->own);
    tm->own = NULL;
    fuzzy_index_free(tm->delta_index);
    tm->delta_index = NULL;
    fuzzy_index_free(tm->fresh_index);
    tm->fresh_index = NULL;
    free(tm->changed);
    tm->changed = NULL;
    tm->changed_cap = tm->n_changed = tm->sealed_units = 0;
    tm_free(tm->delta);
    tm->delta = NULL;
    tm->delta_units = 0;
    tm->delta_dirty = 0;
    tm->delta_gen++;
}
