/*
 * tm.c - the TM store in memory: units, the exact index, lookups and
 * changes (see tm.h for the contract, tm_impl.h for the layout).
 *
 * Everything here works on the in-memory records; tm_file.c reads and
 * writes files and replays the journal, tm_stats.c counts; both use this
 * file, which uses neither.  A change is first applied in memory, then
 * journaled (tm_journal_write, below) when the TM is open for writing.
 */
#include "tm/tm_impl.h"
#include "base/array.h"
#include "tm/tmx_write.h"
#include "text/langtag.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#define NONE UINT32_MAX

static int nomem(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

tm_store *tm_alloc(anv_error *err)
{
    tm_store *t = calloc(1, sizeof *t);
    if (t)
        t->jfd = -1;
    if (!t || !(t->strings = arena_new()) || !(t->langs = strpool_new()) ||
        !(t->authors = strpool_new()) ||
        tm_set_pair(t, TM_DEFAULT_SOURCE, TM_DEFAULT_TARGET, err) != ANV_OK) {
        tm_free(t);
        nomem(err);
        return NULL;
    }
    return t;
}

tm_store *tm_new_memory(anv_error *err)
{
    return tm_alloc(err);
}

const char *tm_path(const tm_store *t)
{
    return t->path;
}

int64_t tm_now(const tm_store *t)
{
    return t->clock ? t->clock : (int64_t)time(NULL);
}

void tm_set_clock(tm_store *t, int64_t now)
{
    t->clock = now;
}

int tm_set_author(tm_store *t, const char *author, anv_error *err)
{
    if (!author || !*author) {
        t->author = 0;
        return ANV_OK;
    }
    t->author = strpool_intern(t->authors, author);
    return t->author ? ANV_OK : nomem(err);
}

/* ---- languages and the pair ------------------------------------------------ */

/* Grow the per-language match tables to cover every interned tag. */
static int update_pair_tables(tm_store *t)
{
    uint32_t n = strpool_count(t->langs) + 1;
    if (n > t->n_q) {
        uint8_t *s = realloc(t->src_q, n), *g = s ? realloc(t->tgt_q, n) : NULL;
        if (s)
            t->src_q = s;
        if (!g)
            return ANV_ENOMEM;
        t->tgt_q = g;
        t->n_q = n;
    }
    t->src_q[0] = t->tgt_q[0] = 0;
    for (uint32_t id = 1; id < n; id++) {
        const char *tag = strpool_get(t->langs, id);
        t->src_q[id] = (uint8_t)langtag_compare(t->src_lang, tag);
        t->tgt_q[id] = (uint8_t)langtag_compare(t->tgt_lang, tag);
    }
    return ANV_OK;
}

static uint16_t intern_lang(tm_store *t, const char *tag)
{
    uint32_t before = strpool_count(t->langs);
    uint32_t id = strpool_intern(t->langs, tag);
    if (!id || id > UINT16_MAX)
        return 0;
    if (id > before && update_pair_tables(t) != ANV_OK)
        return 0;
    return (uint16_t)id;
}

int tm_set_pair(tm_store *t, const char *source_lang, const char *target_lang,
                anv_error *err)
{
    if (!langtag_is_valid(source_lang) || !langtag_is_valid(target_lang))
        return anv_error_set(err, ANV_EINVAL, "'%s' is not a language tag",
                             langtag_is_valid(source_lang) ? target_lang
                                                           : source_lang);
    char *s = strdup(source_lang), *g = strdup(target_lang);
    if (!s || !g) {
        free(s);
        free(g);
        return nomem(err);
    }
    free(t->src_lang);
    free(t->tgt_lang);
    t->src_lang = s;
    t->tgt_lang = g;
    return update_pair_tables(t) == ANV_OK ? ANV_OK : nomem(err);
}

const char *tm_source_lang(const tm_store *t)
{
    return t->src_lang;
}

const char *tm_target_lang(const tm_store *t)
{
    return t->tgt_lang;
}

const char *tm_lang_of(const tm_store *t, const tm_tuv_rec *v)
{
    return strpool_get(t->langs, v->lang);
}

/* ---- storing units ------------------------------------------------------------ */

static int grow(void **arr, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return ANV_OK;
    uint32_t n = *cap ? *cap : 1024;
    while (n < need) {
        if (n > UINT32_MAX / 2)
            return ANV_ENOMEM;
        n *= 2;
    }
    void *p = realloc(*arr, (size_t)n * size);
    if (!p)
        return ANV_ENOMEM;
    *arr = p;
    *cap = n;
    return ANV_OK;
}

static int meta_empty(const tmx_meta *m)
{
    return m->creationdate == TMX_NO_DATE && m->changedate == TMX_NO_DATE &&
           m->lastusagedate == TMX_NO_DATE && m->usagecount < 0 &&
           !m->creationid && !m->changeid && !m->extra_len;
}

/* The dates, count and ids of `m` into record r; ANV_ENOMEM if an id
 * could not be interned. */
static int copy_meta_fields(tm_store *t, tm_meta_rec *r, const tmx_meta *m)
{
    r->creationdate = m->creationdate;
    r->changedate = m->changedate;
    r->lastusagedate = m->lastusagedate;
    r->usagecount = m->usagecount;
    r->creationid = m->creationid ? strpool_intern(t->authors, m->creationid)
                                  : 0;
    r->changeid = m->changeid ? strpool_intern(t->authors, m->changeid) : 0;
    if ((m->creationid && !r->creationid) || (m->changeid && !r->changeid))
        return ANV_ENOMEM;
    return ANV_OK;
}

/* Store a tmx_meta; *idx gets its 1-based index (0 when empty). */
static int store_meta(tm_store *t, const tmx_meta *m, uint32_t *idx)
{
    *idx = 0;
    if (meta_empty(m))
        return ANV_OK;
    if (grow((void **)&t->metas, &t->cap_metas, t->n_metas + 1,
             sizeof *t->metas) != ANV_OK)
        return ANV_ENOMEM;
    tm_meta_rec *r = &t->metas[t->n_metas];
    r->extra = NULL;
    r->extra_len = (uint32_t)m->extra_len;
    if (m->extra_len &&
        !(r->extra = arena_strndup(t->strings, m->extra, m->extra_len)))
        return ANV_ENOMEM;
    if (copy_meta_fields(t, r, m) != ANV_OK)
        return ANV_ENOMEM;
    *idx = ++t->n_metas;
    return ANV_OK;
}

static void meta_view(const tm_store *t, uint32_t idx, tmx_meta *out)
{
    tmx_meta_init(out);
    if (!idx)
        return;
    const tm_meta_rec *r = &t->metas[idx - 1];
    out->creationdate = r->creationdate;
    out->changedate = r->changedate;
    out->lastusagedate = r->lastusagedate;
    out->usagecount = r->usagecount;
    out->creationid = strpool_get(t->authors, r->creationid);
    out->changeid = strpool_get(t->authors, r->changeid);
    out->extra = r->extra;
    out->extra_len = r->extra_len;
}

static void index_link(tm_store *t, uint32_t k)
{
    tm_tuv_rec *v = &t->tuvs[k];
    uint32_t b = v->hash & (t->n_buckets - 1);
    v->next = t->buckets[b];
    t->buckets[b] = k + 1;
}

static void index_unlink(tm_store *t, uint32_t k)
{
    uint32_t *p = &t->buckets[t->tuvs[k].hash & (t->n_buckets - 1)];
    while (*p && *p != k + 1)
        p = &t->tuvs[*p - 1].next;
    if (*p)
        *p = t->tuvs[k].next;
}

static int rebuild_index(tm_store *t, uint32_t want)
{
    uint32_t n = 1024;
    while (n < want && n < (1u << 31))
        n *= 2;
    uint32_t *b = calloc(n, sizeof *b);
    if (!b)
        return ANV_ENOMEM;
    free(t->buckets);
    t->buckets = b;
    t->n_buckets = n;
    for (uint32_t id = 0; id < t->n_units; id++) {
        const tm_unit_rec *u = &t->units[id];
        if (u->live)
            for (uint32_t k = u->first_tuv; k < u->first_tuv + u->n_tuvs; k++)
                index_link(t, k);
    }
    return ANV_OK;
}

int tm_ensure_index(tm_store *t, anv_error *err)
{
    if (t->buckets && t->n_tuvs <= t->n_buckets)
        return ANV_OK;
    return rebuild_index(t, t->n_tuvs * 2) == ANV_OK ? ANV_OK : nomem(err);
}

/* Store the tuvs of `u` at the end of tuvs[] for unit `id`. */
static int store_tuvs(tm_store *t, uint32_t id, const tmx_unit *u,
                      uint32_t *first)
{
    if (u->n_tuvs > UINT16_MAX ||
        grow((void **)&t->tuvs, &t->cap_tuvs, t->n_tuvs + (uint32_t)u->n_tuvs,
             sizeof *t->tuvs) != ANV_OK)
        return ANV_ENOMEM;
    *first = t->n_tuvs;
    for (size_t i = 0; i < u->n_tuvs; i++) {
        const tmx_tuv *s = &u->tuvs[i];
        tm_tuv_rec *v = &t->tuvs[t->n_tuvs];
        memset(v, 0, sizeof *v);
        v->unit = id;
        v->lang = intern_lang(t, s->lang);
        v->seg = arena_strndup(t->strings, s->seg, s->seg_len);
        v->seg_len = (uint32_t)s->seg_len;
        /* The reader points plain at seg when both are the same bytes. */
        v->plain = s->plain == s->seg ? v->seg
                                      : arena_strndup(t->strings, s->plain,
                                                      s->plain_len);
        v->plain_len = (uint32_t)s->plain_len;
        v->has_tags = (uint8_t)(s->has_tags != 0);
        v->hash = arena_hash(s->plain, s->plain_len);
        if (!v->lang || !v->seg || !v->plain ||
            store_meta(t, &s->meta, &v->meta) != ANV_OK)
            return ANV_ENOMEM;
        t->n_tuvs++;
    }
    return ANV_OK;
}

static int link_unit(tm_store *t, uint32_t id)
{
    if (!t->buckets)
        return ANV_OK;
    if (t->n_tuvs > t->n_buckets)
        return rebuild_index(t, t->n_tuvs * 2);
    const tm_unit_rec *u = &t->units[id];
    for (uint32_t k = u->first_tuv; k < u->first_tuv + u->n_tuvs; k++)
        index_link(t, k);
    return ANV_OK;
}

static void unlink_unit(tm_store *t, uint32_t id)
{
    const tm_unit_rec *u = &t->units[id];
    if (t->buckets)
        for (uint32_t k = u->first_tuv; k < u->first_tuv + u->n_tuvs; k++)
            index_unlink(t, k);
}

int tm_append(tm_store *t, const tmx_unit *u, uint32_t *id, anv_error *err)
{
    if (t->n_units == NONE - 1 ||
        grow((void **)&t->units, &t->cap_units, t->n_units + 1,
             sizeof *t->units) != ANV_OK)
        return nomem(err);
    uint32_t nid = t->n_units;
    tm_unit_rec *r = &t->units[nid];
    memset(r, 0, sizeof *r);
    if (store_tuvs(t, nid, u, &r->first_tuv) != ANV_OK ||
        store_meta(t, &u->meta, &r->meta) != ANV_OK ||
        (u->tuid && !(r->tuid = arena_strndup(t->strings, u->tuid,
                                              strlen(u->tuid)))))
        return nomem(err);
    r->n_tuvs = (uint16_t)u->n_tuvs;
    r->live = 1;
    t->n_units++;
    t->n_live++;
    t->dirty = 1;
    if (id)
        *id = nid;
    return link_unit(t, nid) == ANV_OK ? ANV_OK : nomem(err);
}

int tm_replace(tm_store *t, uint32_t id, const tmx_unit *u, anv_error *err)
{
    tm_unit_rec *r = &t->units[id];
    uint32_t first, meta;
    const char *tuid = NULL;
    if (store_tuvs(t, id, u, &first) != ANV_OK ||
        store_meta(t, &u->meta, &meta) != ANV_OK ||
        (u->tuid && !(tuid = arena_strndup(t->strings, u->tuid,
                                           strlen(u->tuid)))))
        return nomem(err);
    unlink_unit(t, id);
    r->first_tuv = first;
    r->n_tuvs = (uint16_t)u->n_tuvs;
    r->meta = meta;
    r->tuid = tuid;
    t->dirty = 1;
    return link_unit(t, id) == ANV_OK ? ANV_OK : nomem(err);
}

void tm_kill(tm_store *t, uint32_t id)
{
    if (!t->units[id].live)
        return;
    unlink_unit(t, id);
    t->units[id].live = 0;
    t->n_live--;
    t->dirty = 1;
}

/* ---- views ---------------------------------------------------------------------- */

uint32_t tm_id_limit(const tm_store *t)
{
    return t->n_units;
}

size_t tm_count(const tm_store *t)
{
    return t->n_live;
}

size_t tm_unit_get(const tm_store *t, uint32_t id, tmx_unit *out, tmx_tuv *tuvs,
                   size_t max)
{
    if (id >= t->n_units || !t->units[id].live)
        return 0;
    const tm_unit_rec *r = &t->units[id];
    out->tuid = r->tuid;
    meta_view(t, r->meta, &out->meta);
    out->tuvs = tuvs;
    out->n_tuvs = r->n_tuvs <= max ? r->n_tuvs : 0;
    out->line = 0;
    for (size_t i = 0; i < r->n_tuvs && i < max; i++) {
        const tm_tuv_rec *v = &t->tuvs[r->first_tuv + i];
        tuvs[i].lang = tm_lang_of(t, v);
        tuvs[i].seg = v->seg;
        tuvs[i].seg_len = v->seg_len;
        tuvs[i].plain = v->plain;
        tuvs[i].plain_len = v->plain_len;
        tuvs[i].has_tags = v->has_tags;
        meta_view(t, v->meta, &tuvs[i].meta);
    }
    return r->n_tuvs;
}

int tm_unit_get_grow(const tm_store *t, uint32_t id, tmx_unit *out,
                     tmx_tuv **tuvs, size_t *cap, size_t *n)
{
    *n = tm_unit_get(t, id, out, *tuvs, *cap);
    if (*n <= *cap)
        return ANV_OK;
    tmx_tuv *bigger = realloc(*tuvs, *n * sizeof *bigger);
    if (!bigger)
        return ANV_ENOMEM;
    *tuvs = bigger;
    *cap = *n;
    tm_unit_get(t, id, out, *tuvs, *cap);
    return ANV_OK;
}

/* The best source and target tuvs of a unit for the pair; 1 if both. */
int tm_pair_tuvs(const tm_store *t, uint32_t id, const tm_tuv_rec **src,
                 const tm_tuv_rec **tgt)
{
    const tm_unit_rec *r = &t->units[id];
    int bs = 0, bt = 0;
    *src = *tgt = NULL;
    for (uint32_t k = r->first_tuv; k < r->first_tuv + r->n_tuvs; k++) {
        const tm_tuv_rec *v = &t->tuvs[k];
        if (t->src_q[v->lang] > bs) {
            bs = t->src_q[v->lang];
            *src = v;
        }
    }
    for (uint32_t k = r->first_tuv; k < r->first_tuv + r->n_tuvs; k++) {
        const tm_tuv_rec *v = &t->tuvs[k];
        if (v != *src && t->tgt_q[v->lang] > bt) {
            bt = t->tgt_q[v->lang];
            *tgt = v;
        }
    }
    return *src && *tgt;
}

static int64_t meta_date(const tm_store *t, uint32_t idx, int change)
{
    if (!idx)
        return TMX_NO_DATE;
    const tm_meta_rec *m = &t->metas[idx - 1];
    return change ? m->changedate : m->creationdate;
}

int tm_entry_get(const tm_store *t, uint32_t id, tm_entry *out)
{
    const tm_tuv_rec *s, *g;
    if (id >= t->n_units || !t->units[id].live || !tm_pair_tuvs(t, id, &s, &g))
        return 0;
    const tm_unit_rec *r = &t->units[id];
    out->id = id;
    out->source = s->plain;
    out->source_len = s->plain_len;
    out->target = g->plain;
    out->target_len = g->plain_len;
    out->source_seg = s->seg;
    out->source_seg_len = s->seg_len;
    out->target_seg = g->seg;
    out->target_seg_len = g->seg_len;
    out->source_lang = tm_lang_of(t, s);
    out->target_lang = tm_lang_of(t, g);
    int qs = t->src_q[s->lang], qt = t->tgt_q[g->lang];
    out->lang_match = qs < qt ? qs : qt;
    out->has_tags = s->has_tags || g->has_tags;
    int64_t d = meta_date(t, r->meta, 1);
    if (d == TMX_NO_DATE)
        d = meta_date(t, g->meta, 1);
    if (d == TMX_NO_DATE)
        d = meta_date(t, r->meta, 0);
    if (d == TMX_NO_DATE)
        d = meta_date(t, g->meta, 0);
    out->changedate = d;
    out->usagecount = r->meta ? t->metas[r->meta - 1].usagecount : -1;
    if (out->usagecount < 0 && g->meta)
        out->usagecount = t->metas[g->meta - 1].usagecount;
    return 1;
}

/* ---- sameness ------------------------------------------------------------------------ */

static int tuv_same(const tm_store *t, const tm_tuv_rec *a, const tmx_tuv *b)
{
    if (a->plain_len != b->plain_len ||
        memcmp(a->plain, b->plain, b->plain_len) != 0 ||
        !langtag_equal(tm_lang_of(t, a), b->lang))
        return 0;
    if (!a->has_tags && !b->has_tags)
        return 1;
    return a->seg_len == b->seg_len && memcmp(a->seg, b->seg, b->seg_len) == 0;
}

/* For each tuv of u, the tuv of unit `id` it is the same as; 1 if every
 * tuv pairs up one to one. */
static int unit_same(const tm_store *t, uint32_t id, const tmx_unit *u,
                     uint32_t *match)
{
    const tm_unit_rec *r = &t->units[id];
    if (!r->live || r->n_tuvs != u->n_tuvs)
        return 0;
    uint64_t used = 0;
    for (size_t i = 0; i < u->n_tuvs; i++) {
        uint32_t found = NONE;
        for (uint32_t k = 0; k < r->n_tuvs && found == NONE; k++)
            if (!(k < 64 && (used >> k & 1)) &&
                tuv_same(t, &t->tuvs[r->first_tuv + k], &u->tuvs[i]))
                found = k;
        if (found == NONE)
            return 0;
        if (found < 64)
            used |= 1ull << found;
        if (match)
            match[i] = r->first_tuv + found;
    }
    return 1;
}

uint32_t tm_find_same(tm_store *t, const tmx_unit *u)
{
    if (!u->n_tuvs || tm_ensure_index(t, NULL) != ANV_OK)
        return NONE;
    const tmx_tuv *f = &u->tuvs[0];
    uint32_t h = arena_hash(f->plain, f->plain_len);
    for (uint32_t k = t->buckets[h & (t->n_buckets - 1)]; k;
         k = t->tuvs[k - 1].next) {
        const tm_tuv_rec *v = &t->tuvs[k - 1];
        if (v->hash == h && tuv_same(t, v, f) &&
            unit_same(t, v->unit, u, NULL))
            return v->unit;
    }
    return NONE;
}

/* ---- merging ---------------------------------------------------------------------------- */

static int64_t later(int64_t a, int64_t b)
{
    return a == TMX_NO_DATE ? b : b == TMX_NO_DATE ? a : a > b ? a : b;
}

static int64_t earlier(int64_t a, int64_t b)
{
    return a == TMX_NO_DATE ? b : b == TMX_NO_DATE ? a : a < b ? a : b;
}

/* Merge incoming metadata into the view `m` (whose strings the store
 * owns); `extra` receives the merged blob. */
static int merge_meta(tmx_meta *m, const tmx_meta *in, strbuf *extra)
{
    int newer = in->changedate != TMX_NO_DATE &&
                (m->changedate == TMX_NO_DATE || in->changedate > m->changedate);
    m->creationdate = earlier(m->creationdate, in->creationdate);
    m->changedate = later(m->changedate, in->changedate);
    m->lastusagedate = later(m->lastusagedate, in->lastusagedate);
    if (in->usagecount > m->usagecount)
        m->usagecount = in->usagecount;
    if (!m->creationid)
        m->creationid = in->creationid;
    if (newer && in->changeid)
        m->changeid = in->changeid;
    strbuf_clear(extra);
    if ((m->extra_len && strbuf_append(extra, m->extra, m->extra_len) != ANV_OK)
        || tmx_extra_merge(extra, in->extra, in->extra_len) != ANV_OK)
        return ANV_ENOMEM;
    m->extra = extra->data;
    m->extra_len = extra->len;
    return ANV_OK;
}

/* Set the metadata record *idx to `m`, in place when there is one.  `m`
 * may point into the record itself (a view of it). */
static int set_meta(tm_store *t, uint32_t *idx, const tmx_meta *m)
{
    if (!*idx || meta_empty(m))
        return store_meta(t, m, idx);
    tm_meta_rec *r = &t->metas[*idx - 1];
    if (m->extra_len != r->extra_len ||
        (m->extra_len && memcmp(m->extra, r->extra, m->extra_len) != 0)) {
        const char *e = m->extra_len ? arena_strndup(t->strings, m->extra,
                                                     m->extra_len)
                                     : NULL;
        if (m->extra_len && !e)
            return ANV_ENOMEM;
        r->extra = e;
        r->extra_len = (uint32_t)m->extra_len;
    }
    return copy_meta_fields(t, r, m);
}

int tm_merge_into(tm_store *t, uint32_t id, const tmx_unit *u, int overwrite,
                  anv_error *err)
{
    size_t n = u->n_tuvs;
    uint32_t *match = malloc(n * sizeof *match);
    strbuf extra = STRBUF_INIT;
    int rc = ANV_OK;
    if (!match || !unit_same(t, id, u, match)) {
        free(match);
        return match ? anv_error_set(err, ANV_EINTERNAL, "merging unlike "
                                     "units") : nomem(err);
    }
    /* Only metadata changes: the records are updated where they are. */
    for (size_t i = 0; i <= n && rc == ANV_OK; i++) {
        uint32_t *idx = i < n ? &t->tuvs[match[i]].meta : &t->units[id].meta;
        const tmx_meta *in = i < n ? &u->tuvs[i].meta : &u->meta;
        tmx_meta cur;
        meta_view(t, *idx, &cur);
        if (!overwrite && merge_meta(&cur, in, &extra) != ANV_OK)
            rc = ANV_ENOMEM;
        else if (set_meta(t, idx, overwrite ? in : &cur) != ANV_OK)
            rc = ANV_ENOMEM;
    }
    tm_unit_rec *r = &t->units[id];
    if (rc == ANV_OK && u->tuid && (overwrite || !r->tuid) &&
        !(r->tuid = arena_strndup(t->strings, u->tuid, strlen(u->tuid))))
        rc = ANV_ENOMEM;
    if (rc == ANV_OK && overwrite && !u->tuid)
        r->tuid = NULL;
    t->dirty = 1;
    strbuf_release(&extra);
    free(match);
    return rc == ANV_OK ? ANV_OK : nomem(err);
}

int tm_put(tm_store *t, const tmx_unit *u, uint32_t *id, tm_outcome *outcome,
           anv_error *err)
{
    if (!u->n_tuvs)
        return anv_error_set(err, ANV_EINVAL, "a unit needs a <tuv>");
    uint32_t same = tm_find_same(t, u);
    int rc;
    if (same != NONE) {
        rc = tm_merge_into(t, same, u, 0, err);
        if (id)
            *id = same;
        if (outcome)
            *outcome = TM_MERGED;
    } else {
        rc = tm_append(t, u, id, err);
        if (outcome)
            *outcome = TM_ADDED;
    }
    return rc;
}

/* ---- lookup ---------------------------------------------------------------------------- */

typedef struct hit_key {
    tm_hit hit;
    int64_t date;
} hit_key;

static int cmp_hits(const void *a, const void *b)
{
    const hit_key *x = a, *y = b;
    if (x->hit.lang_match != y->hit.lang_match)
        return y->hit.lang_match - x->hit.lang_match;
    if (x->date != y->date)
        return x->date < y->date ? 1 : -1;
    return x->hit.id < y->hit.id ? 1 : -1;
}

int tm_lookup_exact(tm_store *t, const char *text, size_t len, tm_hit **hits,
                    size_t *n, anv_error *err)
{
    *hits = NULL;
    *n = 0;
    size_t bad;
    if (!text_is_valid_utf8(text, len, &bad))
        return anv_error_set(err, ANV_EUTF8, "the text to look up is not "
                             "valid UTF-8 (byte %zu)", bad + 1);
    strbuf q = STRBUF_INIT;
    int rc = text_append_nfc(&q, text, len, err);
    if (rc == ANV_OK && !q.data && strbuf_append(&q, "", 0) != ANV_OK)
        rc = nomem(err);
    if (rc == ANV_OK)
        rc = tm_ensure_index(t, err);
    hit_key *keys = NULL;
    size_t nk = 0, cap = 0;
    uint32_t h = rc == ANV_OK ? arena_hash(q.data, q.len) : 0;
    for (uint32_t k = rc == ANV_OK ? t->buckets[h & (t->n_buckets - 1)] : 0;
         k && rc == ANV_OK; k = t->tuvs[k - 1].next) {
        const tm_tuv_rec *v = &t->tuvs[k - 1], *s, *g;
        tm_entry e;
        if (v->hash != h || v->plain_len != q.len ||
            memcmp(v->plain, q.data, q.len) != 0 || !t->src_q[v->lang] ||
            !tm_pair_tuvs(t, v->unit, &s, &g) || s != v ||
            !tm_entry_get(t, v->unit, &e))
            continue;
        if (array_grow(&keys, &cap, nk + 1, sizeof *keys)) {
            rc = nomem(err);
            break;
        }
        keys[nk].hit.id = v->unit;
        keys[nk].hit.lang_match = e.lang_match;
        keys[nk].date = e.changedate;
        nk++;
    }
    strbuf_release(&q);
    if (rc != ANV_OK || nk == 0) {
        free(keys);
        return rc;
    }
    qsort(keys, nk, sizeof *keys, cmp_hits);
    tm_hit *out = malloc(nk * sizeof *out);
    if (!out) {
        free(keys);
        return nomem(err);
    }
    for (size_t i = 0; i < nk; i++)
        out[i] = keys[i].hit;
    free(keys);
    *hits = out;
    *n = nk;
    return ANV_OK;
}

/* ---- journal records ---------------------------------------------------------- */

/* The record formats and how they are replayed are described in
 * tm_file.c, which reads them back. */

/* Unit u as a TMX <tu> element, appended to `out`. */
static int unit_xml(const tmx_unit *u, strbuf *out, anv_error *err)
{
    tmx_writer *w = tmx_writer_new_memory(err);
    int rc = w ? tmx_writer_unit(w, u, err) : ANV_ENOMEM;
    if (rc == ANV_OK) {
        size_t len;
        const char *s = tmx_writer_buffer(w, &len);
        if (strbuf_append(out, s, len) != ANV_OK)
            rc = nomem(err);
    }
    tmx_writer_free(w);
    return rc;
}

int tm_unit_xml(const tm_store *t, uint32_t id, strbuf *out, anv_error *err)
{
    tmx_tuv stack_tuvs[16], *tuvs = stack_tuvs;
    tmx_unit u;
    size_t n = tm_unit_get(t, id, &u, tuvs, 16);
    if (n == 0)
        return anv_error_set(err, ANV_ENOTFOUND, "no unit %u", (unsigned)id);
    if (n > 16) {
        if (!(tuvs = malloc(n * sizeof *tuvs)))
            return nomem(err);
        tm_unit_get(t, id, &u, tuvs, n);
    }
    int rc = unit_xml(&u, out, err);
    if (tuvs != stack_tuvs)
        free(tuvs);
    return rc;
}

int tm_journal_open_for(tm_store *t, anv_error *err)
{
    if (t->journal)
        return ANV_OK;
    if (!(t->journal = tm_journal_open(t->jpath, err)))
        return err ? err->code : ANV_EIO;
    memcpy(t->journal_id, tm_journal_id(t->journal), sizeof t->journal_id);
    return ANV_OK;
}

int tm_journal_write(tm_store *t, const char *op, uint32_t id,
                     const char *old_payload, size_t old_len,
                     anv_error *err)
{
    if (!t->writable)
        return ANV_OK;
    int rc = tm_journal_open_for(t, err);
    if (rc != ANV_OK)
        return rc;
    strbuf payload = STRBUF_INIT;
    if (old_len && strbuf_append(&payload, old_payload, old_len) != ANV_OK)
        rc = nomem(err);
    if (rc == ANV_OK && id != NONE)
        rc = tm_unit_xml(t, id, &payload, err);
    if (rc == ANV_OK)
        rc = tm_journal_append(t->journal, op, payload.data, payload.len,
                               err);
    strbuf_release(&payload);
    return rc;
}

/* A record for a store not read yet (defer_load): the unit `u` itself,
 * the store having none to write; then the hook hears of it. */
int tm_journal_unit(tm_store *t, const char *op, const tmx_unit *u,
                    anv_error *err)
{
    if (!t->writable)
        return anv_error_set_at(err, ANV_EINVAL, t->path, 0, 0,
                                "the TM is open for reading only");
    strbuf xml = STRBUF_INIT;
    int rc = tm_journal_ready(t, err);
    if (rc == ANV_OK)
        rc = unit_xml(u, &xml, err);
    if (rc == ANV_OK)
        rc = tm_journal_write(t, op, NONE, xml.data, xml.len, err);
    strbuf_release(&xml);
    if (rc == ANV_OK && t->on_journaled)
        rc = t->on_journaled(t->journaled_ctx, op, 0, u, err);
    return rc;
}

/* ---- changes from the user ---------------------------------------------------------------- */

/* Clean user text: valid UTF-8 required, NFC, characters XML forbids out;
 * then the seg XML.  Offsets into t->scratch come back in *plain and *seg. */
static int clean_text(tm_store *t, const char *s, size_t *plain, size_t *plain_len,
                      size_t *seg, size_t *seg_len, long *dropped,
                      anv_error *err)
{
    size_t n = strlen(s), bad;
    if (!text_is_valid_utf8(s, n, &bad))
        return anv_error_set(err, ANV_EUTF8, "not valid UTF-8 (byte %zu)",
                             bad + 1);
    strbuf nfc = STRBUF_INIT;
    int rc = text_append_nfc(&nfc, s, n, err);
    if (rc != ANV_OK) {
        strbuf_release(&nfc);
        return rc;
    }
    const char *v = nfc.data ? nfc.data : "";
    *plain = t->scratch.len;
    long d1 = tmx_append_xml_safe(&t->scratch, v, nfc.len);
    *plain_len = t->scratch.len - *plain;
    long d2 = d1 < 0 ? d1 : strbuf_append_char(&t->scratch, '\0');
    *seg = t->scratch.len;
    long d3 = d2 < 0 ? d2 : tmx_append_seg_text(&t->scratch, v, nfc.len);
    *seg_len = t->scratch.len - *seg;
    strbuf_release(&nfc);
    if (d3 < 0 || strbuf_append_char(&t->scratch, '\0') != ANV_OK)
        return nomem(err);
    if (dropped)
        *dropped += d1;
    return ANV_OK;
}

int tm_make_pair_unit(tm_store *t, const char *source, const char *target,
                      const char *note, tmx_unit *u, tmx_tuv tuvs[2],
                      long *dropped, anv_error *err)
{
    size_t off[2][4];
    const char *text[2] = {source, target};
    strbuf_clear(&t->scratch);
    if (dropped)
        *dropped = 0;
    for (int i = 0; i < 2; i++) {
        int rc = clean_text(t, text[i], &off[i][0], &off[i][1], &off[i][2],
                            &off[i][3], dropped, err);
        if (rc != ANV_OK)
            return rc;
        if (off[i][1] == 0 || text_is_blank(t->scratch.data + off[i][0],
                                            off[i][1]))
            return anv_error_set(err, ANV_EINVAL, "the %s is empty",
                                 i ? "target" : "source");
    }
    size_t extra = t->scratch.len, extra_len = 0;
    if (note && *note) {
        strbuf clean = STRBUF_INIT;
        if (tmx_append_xml_safe(&clean, note, strlen(note)) < 0 ||
            tmx_extra_add_note(&t->scratch, NULL, NULL,
                               clean.data ? clean.data : "") != ANV_OK) {
            strbuf_release(&clean);
            return nomem(err);
        }
        strbuf_release(&clean);
        extra_len = t->scratch.len - extra;
    }
    const char *base = t->scratch.data;
    const char *langs[2] = {t->src_lang, t->tgt_lang};
    for (int i = 0; i < 2; i++) {
        tuvs[i].lang = langs[i];
        tuvs[i].plain = base + off[i][0];
        tuvs[i].plain_len = off[i][1];
        tuvs[i].seg = base + off[i][2];
        tuvs[i].seg_len = off[i][3];
        tuvs[i].has_tags = 0;
        tmx_meta_init(&tuvs[i].meta);
    }
    int64_t now = tm_now(t);
    memset(u, 0, sizeof *u);
    tmx_meta_init(&u->meta);
    u->meta.creationdate = u->meta.changedate = now;
    u->meta.creationid = u->meta.changeid = strpool_get(t->authors, t->author);
    u->meta.extra = extra_len ? base + extra : NULL;
    u->meta.extra_len = extra_len;
    u->tuvs = tuvs;
    u->n_tuvs = 2;
    return ANV_OK;
}

/* The best source and target tuvs of unit `id` for the languages
 * `sl` and `tl` (as tm_pair_tuvs does for the store's pair); 1 if both
 * match at least LANGTAG_GENERAL. */
static int tuvs_for(const tm_store *t, uint32_t id, const char *sl,
                    const char *tl, const tm_tuv_rec **src,
                    const tm_tuv_rec **tgt)
{
    const tm_unit_rec *r = &t->units[id];
    int bs = 0, bt = 0;
    *src = *tgt = NULL;
    for (uint32_t k = r->first_tuv; k < r->first_tuv + r->n_tuvs; k++) {
        int q = (int)langtag_compare(sl, tm_lang_of(t, &t->tuvs[k]));
        if (q > bs) {
            bs = q;
            *src = &t->tuvs[k];
        }
    }
    for (uint32_t k = r->first_tuv; k < r->first_tuv + r->n_tuvs; k++) {
        int q = (int)langtag_compare(tl, tm_lang_of(t, &t->tuvs[k]));
        if (&t->tuvs[k] != *src && q > bt) {
            bt = q;
            *tgt = &t->tuvs[k];
        }
    }
    return bs >= LANGTAG_GENERAL && bt >= LANGTAG_GENERAL;
}

/* The unit a confirm `u` (source tuv, then target tuv) is the same
 * translation again of: the newest with exactly u's source and target
 * (both plain, without inline codes) in u's languages, or NONE.  The
 * languages come from u, not from the store's pair, so that replaying a
 * journal decides as the confirm would have, whatever pair the store
 * that replays it is set to. */
static uint32_t find_confirmed(tm_store *t, const tmx_unit *u)
{
    const tmx_tuv *src = &u->tuvs[0], *tgt = &u->tuvs[1];
    if (tm_ensure_index(t, NULL) != ANV_OK)
        return NONE;
    uint32_t h = arena_hash(src->plain, src->plain_len);
    uint32_t best = NONE;
    for (uint32_t k = t->buckets[h & (t->n_buckets - 1)]; k;
         k = t->tuvs[k - 1].next) {
        const tm_tuv_rec *v = &t->tuvs[k - 1], *s, *g;
        if (v->hash != h || v->has_tags || v->plain_len != src->plain_len ||
            memcmp(v->plain, src->plain, src->plain_len) != 0 ||
            (best != NONE && v->unit <= best) ||
            !tuvs_for(t, v->unit, src->lang, tgt->lang, &s, &g) || s != v ||
            g->has_tags || g->plain_len != tgt->plain_len ||
            memcmp(g->plain, tgt->plain, tgt->plain_len) != 0)
            continue;
        best = v->unit;
    }
    return best;
}

int tm_use(tm_store *t, const tmx_unit *u, uint32_t *id, tm_outcome *outcome,
           anv_error *err)
{
    if (u->n_tuvs != 2)
        return anv_error_set(err, ANV_EPARSE, "a confirm has a source and "
                             "a target, not %zu languages", u->n_tuvs);
    uint32_t nid = find_confirmed(t, u);
    int rc = ANV_OK;
    if (nid == NONE) {
        rc = tm_append(t, u, &nid, err);
        if (outcome)
            *outcome = TM_ADDED;
    } else {
        /* The same translation again: count the use, keep the unit, and
         * remember this context too. */
        tmx_meta m;
        strbuf extra = STRBUF_INIT;
        meta_view(t, t->units[nid].meta, &m);
        m.usagecount = (m.usagecount < 0 ? 0 : m.usagecount) + 1;
        m.changedate = m.lastusagedate = u->meta.changedate;
        if (u->meta.changeid)
            m.changeid = u->meta.changeid;
        size_t pos = 0;
        const char *prev, *next;
        if (tmx_extra_next_context(u->meta.extra, u->meta.extra_len, &pos,
                                   &prev, &next)) {
            if (tmx_extra_with_context(&extra, m.extra, m.extra_len, prev,
                                       next, TM_MAX_CONTEXTS) != ANV_OK)
                rc = nomem(err);
            m.extra = extra.data;
            m.extra_len = extra.len;
        }
        if (rc == ANV_OK && set_meta(t, &t->units[nid].meta, &m) != ANV_OK)
            rc = nomem(err);
        strbuf_release(&extra);
        t->dirty = 1;
        if (outcome)
            *outcome = TM_MERGED;
    }
    if (rc == ANV_OK && id)
        *id = nid;
    return rc;
}

/* A neighbour as the context props keep it: NFC, characters XML forbids
 * left out ("" for none). */
static int clean_context(const char *s, strbuf *out, anv_error *err)
{
    size_t n = s ? strlen(s) : 0, bad;
    if (!text_is_valid_utf8(s ? s : "", n, &bad))
        return anv_error_set(err, ANV_EUTF8, "the context is not valid "
                             "UTF-8 (byte %zu)", bad + 1);
    strbuf nfc = STRBUF_INIT;
    int rc = n ? text_append_nfc(&nfc, s, n, err) : ANV_OK;
    if (rc == ANV_OK &&
        (tmx_append_xml_safe(out, nfc.data ? nfc.data : "", nfc.len) < 0 ||
         strbuf_append(out, "", 0) != ANV_OK)) /* a C string */
        rc = nomem(err);
    strbuf_release(&nfc);
    return rc;
}

int tm_add(tm_store *t, const char *source, const char *target, const char *note,
           uint32_t *id, tm_outcome *outcome, long *dropped, anv_error *err)
{
    return tm_add_in_context(t, source, target, note, NULL, NULL, id, outcome,
                             dropped, err);
}

int tm_add_in_context(tm_store *t, const char *source, const char *target,
                      const char *note, const char *prev, const char *next,
                      uint32_t *id, tm_outcome *outcome, long *dropped,
                      anv_error *err)
{
    tmx_unit u;
    tmx_tuv tuvs[2];
    strbuf cprev = STRBUF_INIT, cnext = STRBUF_INIT, extra = STRBUF_INIT;
    int rc = ANV_OK;
    if ((prev || next) &&
        ((rc = clean_context(prev, &cprev, err)) != ANV_OK ||
         (rc = clean_context(next, &cnext, err)) != ANV_OK))
        goto out;
    rc = tm_make_pair_unit(t, source, target, note, &u, tuvs, dropped, err);
    if (rc != ANV_OK)
        goto out;
    /* The confirm as a unit of its own: used once, in this context. */
    u.meta.usagecount = 1;
    if (prev || next) {
        if ((u.meta.extra_len &&
             strbuf_append(&extra, u.meta.extra, u.meta.extra_len) !=
                 ANV_OK) ||
            tmx_extra_with_context(&extra, NULL, 0, cprev.data, cnext.data,
                                   1) != ANV_OK) {
            rc = nomem(err);
            goto out;
        }
        u.meta.extra = extra.data;
        u.meta.extra_len = extra.len;
    }
    if (t->unloaded) {
        /* Not read yet: the journal takes the confirm as it is, and
         * tm_load merges it (tm_use) when it replays the journal. */
        rc = tm_journal_unit(t, "use", &u, err);
        if (rc == ANV_OK && id)
            *id = NONE;
        if (rc == ANV_OK && outcome)
            *outcome = TM_JOURNALED;
        goto out;
    }
    uint32_t nid;
    rc = tm_use(t, &u, &nid, outcome, err);
    if (rc == ANV_OK && id)
        *id = nid;
    if (rc == ANV_OK)
        rc = tm_journal_write(t, "put", nid, NULL, 0, err);
out:
    strbuf_release(&cprev);
    strbuf_release(&cnext);
    strbuf_release(&extra);
    return rc;
}

int tm_remove_pair(tm_store *t, const char *source, const char *target,
                   anv_error *err)
{
    tmx_unit u;
    tmx_tuv tuvs[2];
    int rc = tm_make_pair_unit(t, source, target, NULL, &u, tuvs, NULL, err);
    if (rc != ANV_OK)
        return rc;
    if (t->unloaded) /* replayed as tm_delete below would do it */
        return tm_journal_unit(t, "del", &u, err);
    uint32_t id = find_confirmed(t, &u);
    return id == NONE ? ANV_OK : tm_delete(t, id, err);
}

void tm_set_journal_hook(tm_store *t, tm_change_fn fn, void *ctx)
{
    t->on_journaled = fn;
    t->journaled_ctx = ctx;
}

int tm_update(tm_store *t, uint32_t id, const char *target, anv_error *err)
{
    if (id >= t->n_units || !t->units[id].live)
        return anv_error_set(err, ANV_ENOTFOUND, "no unit %u", (unsigned)id);
    enum { MAX_TUVS = 64 };
    strbuf old = STRBUF_INIT;
    tmx_unit cur;
    tmx_tuv tuvs[MAX_TUVS + 1];
    size_t po, pl, so, sl;
    const tm_tuv_rec *s, *g;
    strbuf_clear(&t->scratch);
    int rc = t->writable ? tm_unit_xml(t, id, &old, err) : ANV_OK;
    if (rc == ANV_OK)
        rc = clean_text(t, target, &po, &pl, &so, &sl, NULL, err);
    if (rc == ANV_OK && text_is_blank(t->scratch.data + po, pl))
        rc = anv_error_set(err, ANV_EINVAL, "the target is empty");
    size_t n = rc == ANV_OK ? tm_unit_get(t, id, &cur, tuvs, MAX_TUVS) : 0;
    if (rc == ANV_OK && (n == 0 || n > MAX_TUVS))
        rc = anv_error_set(err, ANV_ELIMIT, "unit %u has too many "
                           "languages to update", (unsigned)id);
    if (rc == ANV_OK) {
        tm_pair_tuvs(t, id, &s, &g);
        size_t k = g ? (size_t)(g - &t->tuvs[t->units[id].first_tuv]) : n++;
        if (!g) {
            tuvs[k].lang = t->tgt_lang;
            tmx_meta_init(&tuvs[k].meta);
        }
        tuvs[k].plain = t->scratch.data + po;
        tuvs[k].plain_len = pl;
        tuvs[k].seg = t->scratch.data + so;
        tuvs[k].seg_len = sl;
        tuvs[k].has_tags = 0;
        cur.n_tuvs = n;
        cur.meta.changedate = tm_now(t);
        if (t->author)
            cur.meta.changeid = strpool_get(t->authors, t->author);
        rc = tm_replace(t, id, &cur, err);
    }
    if (rc == ANV_OK)
        rc = tm_journal_write(t, "upd", id, old.data, old.len, err);
    strbuf_release(&old);
    return rc;
}

int tm_delete(tm_store *t, uint32_t id, anv_error *err)
{
    if (id >= t->n_units || !t->units[id].live)
        return anv_error_set(err, ANV_ENOTFOUND, "no unit %u", (unsigned)id);
    /* The record names the unit by content: take it before it goes. */
    strbuf old = STRBUF_INIT;
    int rc = t->writable ? tm_unit_xml(t, id, &old, err) : ANV_OK;
    if (rc == ANV_OK) {
        tm_kill(t, id);
        rc = tm_journal_write(t, "del", UINT32_MAX, old.data, old.len, err);
    }
    strbuf_release(&old);
    return rc;
}

int tm_add_header_extra(tm_store *t, const char *extra, size_t len,
                        anv_error *err)
{
    size_t pos = 0, start = 0, before = t->hdr_extra.len;
    tmx_extra_item it;
    while (start = pos, tmx_extra_next(extra, len, &pos, &it))
        if (it.kind != 'a' &&
            !tmx_extra_contains(t->hdr_extra.data, t->hdr_extra.len, &it) &&
            strbuf_append(&t->hdr_extra, extra + start, pos - start) != ANV_OK)
            return nomem(err);
    if (t->hdr_extra.len != before)
        t->dirty = 1;
    return ANV_OK;
}

int tm_add_header_note(tm_store *t, const char *text, anv_error *err)
{
    strbuf one = STRBUF_INIT;
    int rc = tmx_extra_add_note(&one, NULL, NULL, text);
    if (rc == ANV_OK)
        rc = tm_add_header_extra(t, one.data, one.len, err);
    else
        rc = nomem(err);
    strbuf_release(&one);
    return rc;
}

int tm_is_dirty(const tm_store *t)
{
    return t->dirty;
}

void tm_clear(tm_store *t)
{
    arena_reset(t->strings);
    t->n_units = t->n_tuvs = t->n_metas = 0;
    t->n_live = 0;
    if (t->buckets) /* the exact index, emptied: nothing to free */
        memset(t->buckets, 0, t->n_buckets * sizeof *t->buckets);
}

void tm_free(tm_store *t)
{
    if (!t)
        return;
    if (t->jfd >= 0)
        close(t->jfd);
    free(t->jpath);
    tm_journal_close(t->journal);
    lockfile_release(t->lock);
    arena_free(t->strings);
    strpool_free(t->langs);
    strpool_free(t->authors);
    free(t->units);
    free(t->tuvs);
    free(t->metas);
    free(t->buckets);
    free(t->src_lang);
    free(t->tgt_lang);
    free(t->src_q);
    free(t->tgt_q);
    free(t->hdr_srclang);
    free(t->path);
    strbuf_release(&t->hdr_extra);
    strbuf_release(&t->scratch);
    free(t);
}
