/*
 * tm_stats.c - what is in a TM: units, languages, language combinations,
 * dates, duplicates (tm_stats_compute in tm.h).
 *
 * One pass over the units for the counts; duplicates use the exact index
 * (units whose pair source has the same text share a hash chain).
 */
#include "tm/tm_impl.h"
#include "text/langtag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nomem(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* Count of strings, by strpool id. */
typedef struct counter {
    strpool *pool;
    size_t *counts;
    uint32_t cap;
} counter;

static int count(counter *c, const char *key)
{
    uint32_t id = strpool_intern(c->pool, key);
    if (!id)
        return ANV_ENOMEM;
    if (id > c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 64;
        while (cap < id)
            cap *= 2;
        size_t *n = realloc(c->counts, cap * sizeof *n);
        if (!n)
            return ANV_ENOMEM;
        memset(n + c->cap, 0, (cap - c->cap) * sizeof *n);
        c->counts = n;
        c->cap = cap;
    }
    c->counts[id - 1]++;
    return ANV_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_combo(const void *a, const void *b)
{
    const tm_combo_count *x = a, *y = b;
    if (x->units != y->units)
        return x->units < y->units ? 1 : -1;
    return strcmp(x->langs, y->langs);
}

static int cmp_lang(const void *a, const void *b)
{
    const tm_lang_count *x = a, *y = b;
    if (x->tuvs != y->tuvs)
        return x->tuvs < y->tuvs ? 1 : -1;
    return strcmp(x->lang, y->lang);
}

static void count_extra(tm_stats *st, const char *extra, size_t len)
{
    size_t pos = 0;
    tmx_extra_item it;
    while (tmx_extra_next(extra, len, &pos, &it)) {
        st->notes += it.kind == 'n';
        st->props += it.kind == 'p';
    }
}

static void count_meta(const tm_store *t, tm_stats *st, uint32_t idx)
{
    if (!idx)
        return;
    const tm_meta_rec *m = &t->metas[idx - 1];
    int64_t first = m->creationdate != TMX_NO_DATE ? m->creationdate
                                                   : m->changedate;
    int64_t last = m->changedate != TMX_NO_DATE ? m->changedate
                                                : m->creationdate;
    if (first != TMX_NO_DATE &&
        (st->first_date == TMX_NO_DATE || first < st->first_date))
        st->first_date = first;
    if (last != TMX_NO_DATE &&
        (st->last_date == TMX_NO_DATE || last > st->last_date))
        st->last_date = last;
    count_extra(st, m->extra, m->extra_len);
}

/* Language combination of a unit: its folded tags, sorted, " + ". */
static int combo_key(const tm_store *t, const tm_unit_rec *u, strbuf *key)
{
    enum { MAX = 64 };
    char folded[MAX][48];
    const char *sorted[MAX];
    size_t n = 0;
    for (uint32_t k = u->first_tuv; k < u->first_tuv + u->n_tuvs && n < MAX;
         k++) {
        if (!langtag_fold(tm_lang_of(t, &t->tuvs[k]), folded[n],
                          sizeof folded[n]))
            snprintf(folded[n], sizeof folded[n], "?");
        sorted[n] = folded[n];
        n++;
    }
    qsort(sorted, n, sizeof *sorted, cmp_str);
    strbuf_clear(key);
    for (size_t i = 0; i < n; i++)
        if ((i && strbuf_append_str(key, " + ") != ANV_OK) ||
            strbuf_append_str(key, sorted[i]) != ANV_OK)
            return ANV_ENOMEM;
    return ANV_OK;
}

/* Duplicates among pair units: see tm_stats in tm.h. */
static void count_duplicates(tm_store *t, tm_stats *st)
{
    for (uint32_t id = 0; id < t->n_units; id++) {
        const tm_tuv_rec *s, *g;
        if (!t->units[id].live || !tm_pair_tuvs(t, id, &s, &g))
            continue;
        int earlier_same_source = 0, earlier_same_pair = 0, other_target = 0;
        for (uint32_t k = t->buckets[s->hash & (t->n_buckets - 1)]; k;
             k = t->tuvs[k - 1].next) {
            const tm_tuv_rec *v = &t->tuvs[k - 1], *vs, *vg;
            if (v->unit == id || v->hash != s->hash ||
                v->plain_len != s->plain_len ||
                memcmp(v->plain, s->plain, s->plain_len) != 0 ||
                !tm_pair_tuvs(t, v->unit, &vs, &vg) || vs != v)
                continue;
            int same_target = vg->plain_len == g->plain_len &&
                              memcmp(vg->plain, g->plain, g->plain_len) == 0;
            if (v->unit < id) {
                earlier_same_source = 1;
                earlier_same_pair |= same_target;
            }
            other_target |= !same_target;
        }
        st->dup_units += earlier_same_pair;
        st->dup_sources += !earlier_same_source && other_target;
    }
}

int tm_stats_compute(tm_store *t, tm_stats *st, anv_error *err)
{
    memset(st, 0, sizeof *st);
    st->first_date = st->last_date = TMX_NO_DATE;
    counter langs = {strpool_new(), NULL, 0};
    counter combos = {strpool_new(), NULL, 0};
    strbuf key = STRBUF_INIT;
    int rc = langs.pool && combos.pool ? tm_ensure_index(t, err)
                                       : nomem(err);
    for (uint32_t id = 0; id < t->n_units && rc == ANV_OK; id++) {
        const tm_unit_rec *u = &t->units[id];
        if (!u->live)
            continue;
        st->units++;
        st->tuvs += u->n_tuvs;
        count_meta(t, st, u->meta);
        for (uint32_t k = u->first_tuv; k < u->first_tuv + u->n_tuvs; k++) {
            char folded[64];
            if (!langtag_fold(tm_lang_of(t, &t->tuvs[k]), folded,
                              sizeof folded))
                snprintf(folded, sizeof folded, "?");
            count_meta(t, st, t->tuvs[k].meta);
            if (count(&langs, folded) != ANV_OK)
                rc = nomem(err);
        }
        if (rc == ANV_OK && (combo_key(t, u, &key) != ANV_OK ||
                             count(&combos, key.data) != ANV_OK))
            rc = nomem(err);
        tm_entry e;
        if (tm_entry_get(t, id, &e)) {
            st->pair_units++;
            st->with_tags += e.has_tags != 0;
        }
    }
    if (rc == ANV_OK)
        count_duplicates(t, st);
    uint32_t nl = langs.pool ? strpool_count(langs.pool) : 0;
    uint32_t nc = combos.pool ? strpool_count(combos.pool) : 0;
    if (rc == ANV_OK && ((nl && !(st->langs = calloc(nl, sizeof *st->langs))) ||
                         (nc && !(st->combos = calloc(nc, sizeof *st->combos)))))
        rc = nomem(err);
    for (uint32_t i = 0; i < nl && rc == ANV_OK; i++) {
        /* Point into a copy that outlives the temporary pool. */
        const char *s = strpool_get(langs.pool, i + 1);
        char *copy = strdup(s);
        if (!copy) {
            rc = nomem(err);
            break;
        }
        st->langs[i].lang = copy;
        st->langs[i].tuvs = langs.counts[i];
        st->n_langs++;
    }
    for (uint32_t i = 0; i < nc && rc == ANV_OK; i++) {
        if (!(st->combos[i].langs = strdup(strpool_get(combos.pool, i + 1)))) {
            rc = nomem(err);
            break;
        }
        st->combos[i].units = combos.counts[i];
        st->n_combos++;
    }
    if (rc == ANV_OK) {
        qsort(st->langs, st->n_langs, sizeof *st->langs, cmp_lang);
        qsort(st->combos, st->n_combos, sizeof *st->combos, cmp_combo);
        st->memory = arena_bytes(t->strings) +
                     (size_t)t->cap_units * sizeof *t->units +
                     (size_t)t->cap_tuvs * sizeof *t->tuvs +
                     (size_t)t->cap_metas * sizeof *t->metas +
                     (size_t)t->n_buckets * sizeof *t->buckets;
    }
    strpool_free(langs.pool);
    strpool_free(combos.pool);
    free(langs.counts);
    free(combos.counts);
    strbuf_release(&key);
    if (rc != ANV_OK)
        tm_stats_release(st);
    return rc;
}

void tm_stats_release(tm_stats *st)
{
    for (size_t i = 0; i < st->n_langs; i++)
        free((char *)st->langs[i].lang);
    for (size_t i = 0; i < st->n_combos; i++)
        free(st->combos[i].langs);
    free(st->langs);
    free(st->combos);
    st->langs = NULL;
    st->combos = NULL;
    st->n_langs = st->n_combos = 0;
}
