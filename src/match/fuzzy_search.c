/*
 * fuzzy_search.c - finding every unit of a fuzzy index that scores >= min
 * (the bounds are explained in fuzzy_index.h).
 *
 * Per search:
 *   - the query is normalised, tokenized and its keys looked up in the
 *     index dictionary; a key the index has never seen gets a fresh id
 *     above the dictionary's, so it matches nothing but still counts as a
 *     word of the query;
 *   - for each distinct word class of the query, its posting list is cut
 *     to the feasible word-count range by binary search, and the lists are
 *     taken shortest first.  Each unit gets a counter: the summed query
 *     multiplicity of the lists it appears in, an upper bound of its
 *     shared words.
 *   - prefix phase: while the lists not read yet still weigh at least
 *     the smallest overlap any match needs, every unit in a list becomes a
 *     candidate.  After that, a unit not seen yet cannot reach the bound,
 *     so the remaining (long, common-word) lists only raise the counters
 *     of the candidates, and after each list the candidates whose counter
 *     plus the weight still unread is below their own bound are dropped.
 *     Reading a list sequentially costs a few ns per entry, checking a
 *     candidate directly a few hundred (its tokens are somewhere in a big
 *     file: cache misses), so lists are read only while that is the
 *     cheaper way to thin the candidates out (measured: docs/performance.md);
 *   - each surviving candidate: the exact multiset overlap from its
 *     tokens, matcher_word_edits (banded), then matcher_compare_segs,
 *     exactly the code matcher_compare() runs.
 *   - the counting and the checks run one block of unit numbers at a
 *     time, the blocks of units about as long as the query first, then
 *     outwards.  With a --max, the max-th best score found so far is the
 *     bar the next block is gathered at: a match most often has about the
 *     query's length, so after the first blocks the others are searched
 *     for fewer word counts and with more shared words needed, which
 *     reads far fewer lists (callgrind, 1M-unit bench TM, the 30 slowest
 *     queries: 483 M instructions -> 239 M; docs/performance.md).
 * fuzzy_searcher_compare() then gives a caller the diff of the matches it
 * shows, from the same tokens.
 */
#include "match/fuzzy_format.h"

#include <stdlib.h>
#include <string.h>

#include "base/array.h"

/* A unit's counter: 0 unseen, COUNT_DEAD dropped, else 1 + the summed
 * weights of the lists that hold it, at most 1 + the query's words
 * (32,768 at most: FUZZY_MAX_TEXT_BYTES), so 16 bits hold it. */
typedef uint16_t count_t;
#define COUNT_DEAD UINT16_MAX

/* Units are counted one block of unit numbers at a time, every list
 * advancing through the block: the counters of a block (128 KB) stay in
 * the CPU cache, where a counter per unit of a million-unit TM (2 MB)
 * would be read at random from memory. */
#define BLOCK 65536u

/* The posting list of one distinct query word class, cut to the
 * feasible units. */
typedef struct qlist {
    const uint32_t *p;
    size_t n;
    size_t pos;      /* entries before it are done (in the block) */
    uint32_t weight; /* how many times the query has the class */
    uint32_t cls;
} qlist;

typedef struct cand {
    uint32_t unit;
    uint32_t need; /* shared words it needs (from its word count) */
    uint32_t rank; /* verify's order under max: smaller is promising */
    uint32_t shared; /* at most this many words shared with the query (the
                        last prune's count plus the lists not read) */
    uint32_t words;  /* its word count, known while gathering: verify reads
                        no row of the index (a cache miss each) for the
                        many candidates the bar rules out */
} cand;

struct fuzzy_searcher {
    const fuzzy_index *x;
    matcher *m;
    strbuf q;                 /* the query, NFC */
    match_tokens qt;
    match_tok *ut;            /* the tokens of the unit being checked */
    size_t ut_cap;
    fz_text text;             /* its source, out of SCSU */
    fz_window payload;        /* fuzzy_searcher_payload()'s */
    strbuf unknown;           /* keys not in the dictionary, back to back */
    size_t *unknown_off;      /* n_unknown + 1 offsets */
    size_t n_unknown, unknown_cap;
    count_t *count;           /* per unit of a block (see count_t) */
    uint32_t *touched;        /* block offsets whose count is not 0 */
    uint32_t block;           /* units per block (BLOCK) */
    size_t n_touched, touched_cap;
    cand *cand;               /* live candidates */
    size_t n_cand, cand_cap;
    cand *sorted;             /* verify's order (rank_order) */
    size_t sorted_cap;
    qlist *lists;
    size_t lists_cap;
    uint32_t *need;           /* shared words needed, by word count - lo */
    size_t need_cap;
    uint32_t *qw;             /* the query's word classes */
    size_t qw_cap;
    /* the query's distinct word classes */
    uint32_t *qslot;          /* open addressing: index + 1 */
    size_t qslot_mask, qslot_cap;
    uint32_t *qkey, *qcount, *qused, *qgen;
    size_t nq, q_cap;
    uint32_t gen;
    fuzzy_match *res;
    size_t n_res, res_cap;
    int *top;                 /* the best `max` scores' heap (topk) */
    size_t top_cap;
};

fuzzy_searcher *fuzzy_searcher_new(const fuzzy_index *x, anv_error *err)
{
    fuzzy_searcher *s = calloc(1, sizeof *s);
    if (!s) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    s->x = x;
    s->m = matcher_new(err);
    s->block = BLOCK;
    s->count = calloc(BLOCK, sizeof *s->count);
    s->unknown_off = malloc(sizeof *s->unknown_off);
    int text = fz_text_init(&s->text);
    if (!s->m || !s->count || !s->unknown_off || text != ANV_OK) {
        if (s->m)
            anv_error_set(err, ANV_ENOMEM, "out of memory");
        fuzzy_searcher_free(s);
        return NULL;
    }
    s->unknown_off[0] = 0;
    s->unknown_cap = 1;
    return s;
}

void fuzzy_searcher_free(fuzzy_searcher *s)
{
    if (!s)
        return;
    matcher_free(s->m);
    strbuf_release(&s->q);
    match_tokens_release(&s->qt);
    free(s->ut);
    fz_text_release(&s->text);
    fz_window_release(&s->payload);
    strbuf_release(&s->unknown);
    free(s->unknown_off);
    free(s->count);
    free(s->touched);
    free(s->cand);
    free(s->sorted);
    free(s->lists);
    free(s->need);
    free(s->qw);
    free(s->qslot);
    free(s->qkey);
    free(s->qcount);
    free(s->qused);
    free(s->qgen);
    free(s->res);
    free(s->top);
    free(s);
}

int fuzzy_searcher_set_block(fuzzy_searcher *s, uint32_t units)
{
    if (units == 0)
        units = BLOCK;
    count_t *count = calloc(units, sizeof *count);
    if (!count)
        return ANV_ENOMEM;
    free(s->count);
    s->count = count;
    s->block = units;
    return ANV_OK;
}

/* match_key_fn: dictionary id, or a fresh id past the dictionary. */
static int lookup_key(void *ctx, const char *key, size_t n, uint32_t *id)
{
    fuzzy_searcher *s = ctx;
    long k = fz_dict_find(s->x, key, n);
    if (k >= 0) {
        *id = (uint32_t)k;
        return ANV_OK;
    }
    for (size_t i = 0; i < s->n_unknown; i++) {
        size_t a = s->unknown_off[i], e = s->unknown_off[i + 1];
        if (e - a == n && (n == 0 || memcmp(s->unknown.data + a, key, n) == 0)) {
            *id = (uint32_t)(s->x->n_keys + i);
            return ANV_OK;
        }
    }
    if (s->x->n_keys + s->n_unknown > MATCH_MAX_ID)
        return ANV_ELIMIT;
    if (array_grow(&s->unknown_off, &s->unknown_cap, s->n_unknown + 2,
                   sizeof *s->unknown_off) != ANV_OK ||
        strbuf_append(&s->unknown, key, n) != ANV_OK)
        return ANV_ENOMEM;
    *id = (uint32_t)(s->x->n_keys + s->n_unknown);
    s->unknown_off[++s->n_unknown] = s->unknown.len;
    return ANV_OK;
}

/* Slot of class c in the query table (index + 1 there, or 0 = absent). */
static size_t qslot_of(const fuzzy_searcher *s, uint32_t c)
{
    size_t i = (c * 0x9E3779B1u) & s->qslot_mask;
    while (s->qslot[i] && s->qkey[s->qslot[i] - 1] != c)
        i = (i + 1) & s->qslot_mask;
    return i;
}

/* Build the table of the query's distinct word classes with their counts. */
static int query_classes(fuzzy_searcher *s, size_t lq)
{
    size_t size = 16;
    while (size < 2 * lq)
        size *= 2;
    if (array_grow(&s->qslot, &s->qslot_cap, size, sizeof *s->qslot) !=
            ANV_OK ||
        array_grow(&s->qkey, &s->q_cap, lq + 1, sizeof *s->qkey) != ANV_OK)
        return ANV_ENOMEM;
    size_t cap = s->q_cap;
    void *p;
    if (!(p = realloc(s->qcount, cap * sizeof *s->qcount)))
        return ANV_ENOMEM;
    s->qcount = p;
    if (!(p = realloc(s->qused, cap * sizeof *s->qused)))
        return ANV_ENOMEM;
    s->qused = p;
    if (!(p = realloc(s->qgen, cap * sizeof *s->qgen)))
        return ANV_ENOMEM;
    s->qgen = p;
    if (cap)
        memset(s->qgen, 0, cap * sizeof *s->qgen);
    s->gen = 0;
    s->qslot_mask = size - 1;
    memset(s->qslot, 0, size * sizeof *s->qslot);
    s->nq = 0;
    for (size_t i = 0; i < lq; i++) {
        size_t slot = qslot_of(s, s->qw[i]);
        if (!s->qslot[slot]) {
            s->qkey[s->nq] = s->qw[i];
            s->qcount[s->nq] = 0;
            s->qslot[slot] = (uint32_t)++s->nq;
        }
        s->qcount[s->qslot[slot] - 1]++;
    }
    return ANV_OK;
}

/* Unit u as the comparison sees it: its tokens copied out of the file
 * (the overlap count and the word edits read the keys in place: this is
 * for the units scored), its source out of SCSU and the tokens' spans.  A
 * source that does not decode (a damaged trusted file) is compared as an
 * empty text with empty spans: it can only score low, never crash. */
static int unit_seg(fuzzy_searcher *s, uint32_t u, match_seg *seg)
{
    const fuzzy_index *x = s->x;
    size_t n = x->unit_tok[u + 1] - x->unit_tok[u];
    if (array_grow(&s->ut, &s->ut_cap, n ? n : 1, sizeof *s->ut) != ANV_OK)
        return ANV_ENOMEM;
    fz_unit_keys(x, u, s->ut);
    /* on any other error, the text and the spans are empty */
    if (fz_unit_text(&s->text, x, u, s->ut) == ANV_ENOMEM)
        return ANV_ENOMEM;
    seg->text = s->text.out.data ? s->text.out.data : "";
    seg->len = s->text.out.len;
    seg->tok = s->ut;
    seg->n = n;
    seg->words = x->unit_words[u];
    return ANV_OK;
}

const char *fuzzy_searcher_source(fuzzy_searcher *s, uint32_t unit,
                                  size_t *len)
{
    *len = 0;
    if (fz_unit_text(&s->text, s->x, unit, NULL) != ANV_OK)
        return NULL;
    *len = s->text.out.len;
    return s->text.out.data ? s->text.out.data : "";
}

const void *fuzzy_searcher_payload(fuzzy_searcher *s, uint32_t unit,
                                   size_t *len)
{
    const fuzzy_index *x = s->x;
    size_t n = x->unit_payload[unit + 1] - x->unit_payload[unit];
    const void *p;
    *len = 0;
    if (fz_blob(x, x->payload + x->unit_payload[unit], n, &s->payload, &p) !=
        ANV_OK)
        return NULL;
    *len = n;
    return p;
}

/* The query of the last search, as the comparison sees it. */
static void query_seg(const fuzzy_searcher *s, match_seg *seg)
{
    seg->text = s->q.data;
    seg->len = s->q.len;
    seg->tok = s->qt.tok;
    seg->n = s->qt.n;
    seg->words = s->qt.words;
}

/* Multiset overlap of unit u's word classes with the query's reaches
 * `need`? */
static int overlap_reaches(fuzzy_searcher *s, const uint32_t *keys,
                           size_t n, size_t words, size_t need)
{
    if (++s->gen == 0) {
        if (s->q_cap)
            memset(s->qgen, 0, s->q_cap * sizeof *s->qgen);
        s->gen = 1;
    }
    size_t have = 0, left = words;
    for (size_t i = 0; i < n; i++) {
        uint32_t key = keys[i];
        if (!match_is_word(key))
            continue;
        if (have + left < need)
            return 0;
        left--;
        uint32_t v = s->qslot[qslot_of(
            s, match_word_class(key, s->x->key_cls[MATCH_KEY_ID(key)]))];
        if (!v)
            continue;
        v--;
        if (s->qgen[v] != s->gen) {
            s->qgen[v] = s->gen;
            s->qused[v] = 0;
        }
        if (s->qused[v] < s->qcount[v]) {
            s->qused[v]++;
            if (++have >= need)
                return 1;
        }
    }
    return have >= need;
}

/* First index in sorted p[0..n) with p[i] >= v. */
static size_t lower_bound(const uint32_t *p, size_t n, uint32_t v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int shorter_first(const void *a, const void *b)
{
    const qlist *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return x->cls < y->cls ? -1 : x->cls > y->cls;
}

/* Shared words a unit of `words` words needs with a query of lq words. */
static uint32_t need_of(size_t words, size_t lq, int min)
{
    size_t l = words > lq ? words : lq;
    return (uint32_t)(l - match_max_word_edits((unsigned)l, min));
}

/* Reading one posting entry vs checking one candidate from its tokens,
 * in the same unit of time (measured on the 1M-unit bench TM: about 2 ns
 * against 300 ns). */
#define READ_COST 1
#define CHECK_COST 150

/* Keep the candidates (from cand[from] on, units from `base` on) that can
 * still reach their bound when every list not read yet (weighing `rest`)
 * holds them. */
static void prune(fuzzy_searcher *s, size_t from, uint32_t base, size_t rest)
{
    size_t k = from;
    for (size_t i = from; i < s->n_cand; i++) {
        cand c = s->cand[i];
        count_t *count = &s->count[c.unit - base];
        if (*count - 1u + rest >= c.need) {
            c.shared = (uint32_t)(*count - 1u + rest);
            s->cand[k++] = c;
        } else {
            *count = COUNT_DEAD;
        }
    }
    s->n_cand = k;
}

/* Candidates among units b0 .. b1 - 1 (steps 2 and 3 of one block), with
 * lo = Lq - Wmax(Lq) the fewest words a feasible unit has, and so also the
 * fewest shared words any match needs (kmin). */
static int gather_block(fuzzy_searcher *s, uint32_t b0, uint32_t b1,
                        size_t lo, size_t lq)
{
    const fuzzy_index *x = s->x;
    size_t from = s->n_cand, rest = lq, i = 0, w0 = lo;
    while (b0 >= x->len_start[w0 + 1])
        w0++; /* the word count of unit b0 */
    /* Each list from the block's first unit (blocks are not taken in
     * order: search_blocks). */
    for (size_t j = 0; j < s->nq; j++) {
        qlist *l = &s->lists[j];
        l->pos = l->p ? lower_bound(l->p, l->n, b0) : 0;
    }
    /* Room for every unit of the block as a candidate, so that the loop
     * below adds them without a check each (3 % of the slowest queries'
     * instructions, callgrind). */
    size_t room = b1 - b0;
    if (array_grow(&s->touched, &s->touched_cap, s->n_touched + room,
                   sizeof *s->touched) != ANV_OK ||
        array_grow(&s->cand, &s->cand_cap, s->n_cand + room,
                   sizeof *s->cand) != ANV_OK)
        return ANV_ENOMEM;
    /* Prefix: every unit in these lists is a candidate. */
    for (; i < s->nq && rest >= lo; i++) {
        qlist *l = &s->lists[i];
        size_t w = w0;
        for (; l->pos < l->n && l->p[l->pos] < b1; l->pos++) {
            uint32_t u = l->p[l->pos];
            count_t *count = &s->count[u - b0];
            if (*count == 0) {
                while (u >= x->len_start[w + 1])
                    w++;
                /* First seen here, it holds at most the unread lists: a
                 * long unit needing more than that cannot match, now or
                 * when a later list holds it. */
                if (s->need[w - lo] > rest)
                    continue;
                s->touched[s->n_touched++] = u - b0;
                s->cand[s->n_cand].unit = u;
                s->cand[s->n_cand].words = (uint32_t)w;
                s->cand[s->n_cand++].need = s->need[w - lo];
                *count = 1;
            }
            *count = (count_t)(*count + l->weight);
        }
        rest -= l->weight;
    }
    /* The rest: raise the counters of live candidates only, while reading
     * a list is cheaper than checking the candidates left.  A prune costs
     * a pass over the candidates, so it waits until as many posting
     * entries were read since the last one (with 40 lists of a few hundred
     * entries and a thousand candidates, pruning after each list was 12 %
     * of the slowest queries' time); the candidates counted for the
     * decision may then be more than are live, never fewer, and the prune
     * after the loop is exact. */
    size_t read_since_prune = SIZE_MAX;
    for (; i < s->nq; i++) {
        if (read_since_prune >= s->n_cand - from) {
            prune(s, from, b0, rest);
            read_since_prune = 0;
        }
        qlist *l = &s->lists[i];
        size_t m = l->pos < l->n /* an empty list may be NULL */
                       ? lower_bound(l->p + l->pos, l->n - l->pos, b1) : 0;
        if (s->n_cand == from ||
            (uint64_t)m * READ_COST > (uint64_t)(s->n_cand - from) * CHECK_COST)
            break;
        for (size_t k = l->pos; k < l->pos + m; k++) {
            count_t *count = &s->count[l->p[k] - b0];
            if (*count != 0 && *count != COUNT_DEAD) /* live */
                *count = (count_t)(*count + l->weight);
        }
        l->pos += m;
        read_since_prune += m;
        rest -= l->weight;
    }
    prune(s, from, b0, rest);
    for (size_t t = 0; t < s->n_touched; t++)
        s->count[s->touched[t]] = 0;
    s->n_touched = 0;
    return ANV_OK;
}

/* The feasible word counts lo..hi of a query of lq words at bar `min`
 * (from W >= |Lq - Lu|), clipped to the index; 0 when none. */
static int feasible(const fuzzy_index *x, size_t lq, int min, size_t *lo,
                    size_t *hi)
{
    unsigned wq = match_max_word_edits((unsigned)lq, min);
    *lo = lq - wq;
    *hi = lq;
    while (*hi < x->max_words &&
           *hi + 1 - match_max_word_edits((unsigned)(*hi + 1), min) <= lq)
        (*hi)++;
    if (*lo > x->max_words)
        return 0;
    if (*hi > x->max_words)
        *hi = x->max_words;
    return x->len_start[*lo] < x->len_start[*hi + 1];
}

/* The query's posting lists cut to units first .. end - 1, shortest first. */
static int cut_lists(fuzzy_searcher *s, uint32_t first, uint32_t end)
{
    const fuzzy_index *x = s->x;
    if (array_grow(&s->lists, &s->lists_cap, s->nq, sizeof *s->lists) != ANV_OK)
        return ANV_ENOMEM;
    for (size_t i = 0; i < s->nq; i++) {
        qlist *l = &s->lists[i];
        uint32_t id = MATCH_KEY_ID(s->qkey[i]);
        l->cls = s->qkey[i];
        l->weight = s->qcount[i];
        l->p = NULL;
        l->n = l->pos = 0;
        if (id < x->n_keys) {
            const uint32_t *p = x->post + x->post_off[id];
            size_t n = x->post_off[id + 1] - x->post_off[id];
            size_t a = lower_bound(p, n, first);
            l->p = p + a;
            l->n = lower_bound(p + a, n - a, end);
        }
    }
    if (s->nq > 1) /* qsort of a NULL array is undefined even when empty */
        qsort(s->lists, s->nq, sizeof *s->lists, shorter_first);
    return ANV_OK;
}

/* The shared words each feasible word count needs at bar `min`, looked
 * up while walking a list: units are sorted by word count, so the word
 * count only moves forward and no unit's row has to be read. */
static int set_need(fuzzy_searcher *s, size_t lo, size_t hi, size_t lq,
                    int min)
{
    if (array_grow(&s->need, &s->need_cap, hi - lo + 1, sizeof *s->need) !=
        ANV_OK)
        return ANV_ENOMEM;
    for (size_t w = lo; w <= hi; w++)
        s->need[w - lo] = need_of(w, lq, min);
    return ANV_OK;
}

/* The best `max` scores kept so far, a min-heap: top[0] is the bar a
 * candidate must reach to be among them. */
typedef struct topk {
    int *s;
    size_t n, k;
} topk;

static void topk_push(topk *t, int score)
{
    if (!t->k)
        return;
    size_t i;
    if (t->n < t->k) {
        i = t->n++;
    } else if (score > t->s[0]) {
        i = 0; /* replace the smallest, then sift down */
        for (;;) {
            size_t l = 2 * i + 1, r = l + 1, m = i;
            int v = score;
            if (l < t->n && t->s[l] < v)
                m = l, v = t->s[l];
            if (r < t->n && t->s[r] < v)
                m = r;
            if (m == i)
                break;
            t->s[i] = t->s[m];
            i = m;
        }
        t->s[i] = score;
        return;
    } else {
        return;
    }
    while (i && t->s[(i - 1) / 2] > score) { /* sift up */
        t->s[i] = t->s[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    t->s[i] = score;
}

/* The score a candidate must reach now: min, or once max matches are
 * kept, the lowest of them (a tie may still win on date or usage); at
 * most 100, as a raw 100 may become 101 in context. */
static int topk_bar(const topk *t, int min)
{
    int bar = t->k && t->n == t->k && t->s[0] > min ? t->s[0] : min;
    return bar < MATCH_SCORE_EXACT ? bar : MATCH_SCORE_EXACT;
}

static int keep(fuzzy_searcher *s, uint32_t u, const match_result *m,
                const fuzzy_options *o, topk *top)
{
    int score = m->score;
    const fuzzy_index *x = s->x;
    if (o->hidden && o->hidden(o->hidden_ctx, u))
        return ANV_OK;
    if (score == MATCH_SCORE_EXACT && o->in_context &&
        o->in_context(o->context_ctx, u))
        score = MATCH_SCORE_CONTEXT;
    if (score < o->min)
        return ANV_OK;
    if (top)
        topk_push(top, score);
    if (array_grow(&s->res, &s->res_cap, s->n_res + 1, sizeof *s->res) !=
        ANV_OK)
        return ANV_ENOMEM;
    fuzzy_match *r = &s->res[s->n_res++];
    r->id = x->unit_id[u];
    r->unit = u;
    r->score = score;
    r->chars = m->chars;
    r->changedate = x->unit_date[u];
    r->usagecount = x->unit_usage[u];
    return ANV_OK;
}

int fuzzy_match_order(const fuzzy_match *x, const fuzzy_match *y)
{
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->chars != y->chars)
        return x->chars > y->chars ? -1 : 1;
    if (x->changedate != y->changedate)
        return x->changedate > y->changedate ? -1 : 1;
    if (x->usagecount != y->usagecount)
        return x->usagecount > y->usagecount ? -1 : 1;
    return 0;
}

static int best_first(const void *a, const void *b)
{
    const fuzzy_match *x = a, *y = b;
    int o = fuzzy_match_order(x, y);
    if (o)
        return o;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Sort the candidates by rank (a key below 2^20), smallest first, in two
 * stable counting passes of 10 bits.  Why not qsort: a query of common
 * words can have 85,000 candidates, and sorting them with a comparison
 * function took about half of its 24 ms; this is linear.  The order only
 * decides how early the bar rises, never which matches are found. */
#define RANK_BITS 10
static int rank_order(fuzzy_searcher *s)
{
    if (array_grow(&s->sorted, &s->sorted_cap, s->n_cand,
                   sizeof *s->sorted) != ANV_OK)
        return ANV_ENOMEM;
    cand *from = s->cand, *to = s->sorted;
    for (unsigned shift = 0; shift < 2 * RANK_BITS; shift += RANK_BITS) {
        size_t start[(1u << RANK_BITS) + 1] = {0};
        for (size_t c = 0; c < s->n_cand; c++)
            start[((from[c].rank >> shift) & ((1u << RANK_BITS) - 1)) + 1]++;
        for (size_t b = 1; b <= 1u << RANK_BITS; b++)
            start[b] += start[b - 1];
        for (size_t c = 0; c < s->n_cand; c++)
            to[start[(from[c].rank >> shift) & ((1u << RANK_BITS) - 1)]++] =
                from[c];
        cand *t = from;
        from = to;
        to = t;
    }
    return ANV_OK; /* two passes: the order is back in s->cand */
}

/* Steps 3 to 5 for every candidate.  With o->max, the candidates are
 * taken most promising first and the bar rises to the max-th best score
 * kept: a candidate that cannot reach it is not scored (results are the
 * same: it could not be among the max best).  Measured at 1M units:
 * docs/performance.md. */
static int verify(fuzzy_searcher *s, const match_seg *q, int min,
                  const fuzzy_options *o, topk *top)
{
    size_t lq = q->words;
    if (top->k && s->n_cand > top->k) {
        for (size_t c = 0; c < s->n_cand; c++) {
            cand *cd = &s->cand[c];
            size_t w = cd->words;
            size_t l = w > lq ? w : lq, shorter = w < lq ? w : lq;
            size_t sh = cd->shared < shorter ? cd->shared : shorter;
            /* at least l - sh word edits in l words, in 1/1024ths, then
             * the length difference */
            cd->rank = (uint32_t)(((l - sh) * 1024 / (l ? l : 1)) << 8 |
                                  ((w > lq ? w - lq : lq - w) & 0xff));
        }
        if (rank_order(s) != ANV_OK)
            return ANV_ENOMEM;
    }
    int rc = ANV_OK;
    for (size_t c = 0; c < s->n_cand && rc == ANV_OK; c++) {
        uint32_t u = s->cand[c].unit;
        size_t w = s->cand[c].words;
        size_t l = w > lq ? w : lq;
        int bar = topk_bar(top, min);
        unsigned wmax = match_max_word_edits((unsigned)l, bar);
        /* the shared words counted while gathering bound the overlap:
         * no need to read the unit's tokens (a cache miss) to see that
         * it falls short */
        if (lq > 0 && s->cand[c].shared + wmax < l)
            continue;
        const uint32_t *keys = s->x->tok_key + s->x->unit_tok[u];
        size_t nt = s->x->unit_tok[u + 1] - s->x->unit_tok[u];
        if (l > 0 && !overlap_reaches(s, keys, nt, w, l - wmax))
            continue;
        if (matcher_word_edits_keys(s->m, q, keys, nt, s->x->key_cls, w,
                                    wmax) > wmax)
            continue;
        match_seg us;
        if (unit_seg(s, u, &us) != ANV_OK) {
            rc = ANV_ENOMEM;
            break;
        }
        /* A score below the bar cannot be among the max best: neither
         * its character similarity nor the result itself is needed. */
        match_result r;
        int below;
        if (matcher_compare_segs_bar(s->m, q, &us, bar, &r, &below) !=
            ANV_OK)
            rc = ANV_ENOMEM;
        else if (!below && keep(s, u, &r, o, top->k ? top : NULL) != ANV_OK)
            rc = ANV_ENOMEM;
    }
    return rc;
}

/* Steps 1 to 5 for a query of lq >= 1 words, one block of units at a
 * time.  The blocks are taken from the units as long as the query
 * outwards, one to the right (longer units), one to the left, and so on:
 * a match most often has about the query's length.  With a --max, the
 * bar reached after a block is the bar the next one is gathered at: fewer
 * feasible word counts, more shared words needed, fewer lists read.  The
 * results are the same: a unit the higher bar leaves out scores below the
 * max-th best found, so it could not be among the max best. */
static int search_blocks(fuzzy_searcher *s, const match_seg *q, size_t lq,
                         int min, const fuzzy_options *o, topk *top)
{
    const fuzzy_index *x = s->x;
    size_t lo, hi;
    if (!feasible(x, lq, min, &lo, &hi))
        return ANV_OK;
    uint32_t first = x->len_start[lo], end = x->len_start[hi + 1];
    int rc = cut_lists(s, first, end);
    if (rc == ANV_OK)
        rc = set_need(s, lo, hi, lq, min);
    /* the first unit of lq words or more: lo <= lq, so first <= it */
    uint32_t center = x->len_start[lq < hi ? lq : hi];
    /* still to search: units right .. end - 1 and first .. left - 1 */
    uint32_t right = center, left = center;
    int bar = min, to_right = 1;
    while (rc == ANV_OK && (right < end || left > first)) {
        int now = topk_bar(top, min);
        if (now != bar) {
            /* a higher bar: a narrower range, inside the first one (the
             * lists stay cut to that) */
            bar = now;
            if (!feasible(x, lq, bar, &lo, &hi))
                break;
            first = x->len_start[lo];
            end = x->len_start[hi + 1];
            rc = set_need(s, lo, hi, lq, bar);
            continue; /* the loop's condition with the new range */
        }
        uint32_t b0, b1;
        if ((to_right && right < end) || left <= first) {
            b0 = right;
            b1 = end - b0 > s->block ? b0 + s->block : end;
            right = b1;
        } else {
            b1 = left;
            b0 = b1 - first > s->block ? b1 - s->block : first;
            left = b0;
        }
        to_right = !to_right;
        s->n_cand = 0;
        rc = gather_block(s, b0, b1, lo, lq);
        if (rc == ANV_OK)
            rc = verify(s, q, bar, o, top);
    }
    return rc;
}

static int exhaustive(fuzzy_searcher *s, const match_seg *q,
                      const fuzzy_options *o)
{
    for (uint32_t u = 0; u < s->x->n_units; u++) {
        match_seg us;
        match_result r;
        if (unit_seg(s, u, &us) != ANV_OK ||
            matcher_compare_segs(s->m, q, &us, 0, &r) != ANV_OK ||
            keep(s, u, &r, o, NULL) != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

int fuzzy_search(fuzzy_searcher *s, const char *query, size_t len,
                 const fuzzy_options *o, const fuzzy_match **matches,
                 size_t *n, anv_error *err)
{
    *matches = NULL;
    *n = 0;
    s->n_res = 0;
    s->n_cand = 0;
    s->n_touched = 0;
    s->n_unknown = 0;
    strbuf_clear(&s->unknown);
    if (len > FUZZY_MAX_TEXT_BYTES) /* see fuzzy_index.h */
        return ANV_OK;
    if (o->min < 1 || o->min > MATCH_SCORE_CONTEXT)
        return anv_error_set(err, ANV_EINVAL,
                             "minimum score %d is not between 1 and 101",
                             o->min);
    int min = o->min > MATCH_SCORE_EXACT ? MATCH_SCORE_EXACT : o->min;
    int rc = match_normalize("query", query, len, &s->q, err);
    if (rc == ANV_OK)
        rc = matcher_tokenize(s->m, s->q.data, s->q.len, lookup_key, s,
                              &s->qt, err);
    if (rc != ANV_OK)
        return rc;
    match_seg q;
    query_seg(s, &q);
    size_t lq = q.words;
    /* with max at least the number of units (TM_MAX_ALL: all), the bar
     * never rises */
    topk top = {NULL, 0, o->max < s->x->n_units ? o->max : 0};
    if (array_grow(&s->top, &s->top_cap, top.k, sizeof *s->top) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    top.s = s->top;

    if (o->exhaustive) {
        rc = exhaustive(s, &q, o);
    } else if (lq == 0) {
        /* Only units without words can reach min >= 1. */
        for (uint32_t u = 0; u < s->x->len_start[1] && rc == ANV_OK; u++) {
            if (array_grow(&s->cand, &s->cand_cap, s->n_cand + 1,
                           sizeof *s->cand) != ANV_OK)
                rc = ANV_ENOMEM;
            else
                s->cand[s->n_cand++] = (cand){u, 0, 0, 0, 0};
        }
        if (rc == ANV_OK)
            rc = verify(s, &q, min, o, &top);
    } else {
        if (array_grow(&s->qw, &s->qw_cap, lq, sizeof *s->qw) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        match_word_classes(&q, s->qw);
        rc = query_classes(s, lq);
        if (rc == ANV_OK)
            rc = search_blocks(s, &q, lq, min, o, &top);
    }
    if (rc != ANV_OK)
        return anv_error_set(err, rc, "fuzzy search: %s",
                             anv_error_code_name(rc));
    if (s->n_res > 1)
        qsort(s->res, s->n_res, sizeof *s->res, best_first);
    *matches = s->res;
    *n = o->max && o->max < s->n_res ? o->max : s->n_res;
    return ANV_OK;
}

int fuzzy_searcher_compare(fuzzy_searcher *s, uint32_t unit,
                           match_result *out)
{
    match_seg q, us;
    query_seg(s, &q);
    if (unit_seg(s, unit, &us) != ANV_OK)
        return ANV_ENOMEM;
    return matcher_compare_segs(s->m, &q, &us, 1, out);
}
