/*
 * fuzzy_build.c - building a fuzzy index and writing it out (see
 * fuzzy_index.h; the file layout is in fuzzy_format.h).
 *
 * fuzzy_builder_add() normalises and tokenizes each unit at once (the
 * matcher's tokenizer, keys interned in a wordmap whose ids become the
 * dictionary ids) and appends its token keys, and its record as in the
 * file (token spans, 2 bytes a token for nearly every unit, then the
 * source in SCSU), to growing arrays,
 * counting for each word class how many units hold it.  Writing then
 * needs no second pass over the text:
 *   - units are put in order of word count with a counting sort (stable,
 *     so units with equal counts keep the order they were added in);
 *   - posting lists are laid out from the counts and filled by walking
 *     the units in that order, which leaves every list sorted;
 *   - the file is written strictly front to back (header, sections,
 *     trailer) through stdio, hashing as it goes, so the same code writes
 *     to a file or to memory (open_memstream).
 */
#include "match/fuzzy_format.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/fileio.h"
#include "text/text.h"
#include "base/wordmap.h"

struct fuzzy_builder {
    matcher *m;
    size_t skipped; /* units over FUZZY_MAX_TEXT_BYTES, left out */
    wordmap *keys; /* folded key -> id; id 0 is reserved (the number class) */
    /* one row per unit, in the order added */
    uint64_t *ids;
    int64_t *dates;
    int32_t *usage;
    uint32_t *words;
    unsigned char *wide; /* 1: its spans take 4 bytes a token */
    uint64_t *src_off, *tok_off, *pay_off; /* n + 1 entries */
    size_t n, cap;
    char *src;          /* records (UNIT_TEXT), back to back */
    size_t src_len, src_cap;
    char *pay;
    size_t pay_len, pay_cap;
    uint32_t *tok_key;
    size_t n_tok, tok_cap;
    size_t n_wide;      /* units with wide spans */
    uint32_t *df;       /* per key id: units holding it as a word class */
    uint32_t *last;     /* per key id: last unit counted, + 1 */
    uint32_t *key_cls;  /* per key id: its class (KEY_CLASS) */
    size_t df_cap;
    size_t max_words;
    strbuf nfc;
    match_tokens toks;
    fz_text scsu;
};

fuzzy_builder *fuzzy_builder_new(anv_error *err)
{
    fuzzy_builder *b = calloc(1, sizeof *b);
    if (!b) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    b->m = matcher_new(err);
    b->keys = wordmap_new();
    uint32_t id;
    int scsu = fz_text_init(&b->scsu);
    b->src_off = malloc(sizeof *b->src_off);
    b->tok_off = malloc(sizeof *b->tok_off);
    b->pay_off = malloc(sizeof *b->pay_off);
    if (!b->m || !b->keys || !b->src_off || !b->tok_off || !b->pay_off ||
        scsu != ANV_OK ||
        match_intern_key(b->keys, MATCH_RESERVED_KEY, 1, &id) != ANV_OK) {
        if (b->m)
            anv_error_set(err, ANV_ENOMEM, "out of memory");
        fuzzy_builder_free(b);
        return NULL;
    }
    b->src_off[0] = b->tok_off[0] = b->pay_off[0] = 0;
    return b;
}

void fuzzy_builder_free(fuzzy_builder *b)
{
    if (!b)
        return;
    matcher_free(b->m);
    wordmap_free(b->keys);
    free(b->ids);
    free(b->dates);
    free(b->usage);
    free(b->words);
    free(b->src_off);
    free(b->tok_off);
    free(b->pay_off);
    free(b->wide);
    free(b->src);
    free(b->pay);
    free(b->tok_key);
    free(b->df);
    free(b->last);
    free(b->key_cls);
    strbuf_release(&b->nfc);
    match_tokens_release(&b->toks);
    fz_text_release(&b->scsu);
    free(b);
}

size_t fuzzy_builder_units(const fuzzy_builder *b) { return b->n; }
size_t fuzzy_builder_skipped(const fuzzy_builder *b) { return b->skipped; }

static int grow_rows(fuzzy_builder *b)
{
    if (b->n + 1 < b->cap)
        return ANV_OK;
    size_t cap = b->cap ? b->cap * 2 : 1024;
#define RE(field)                                                          \
    do {                                                                   \
        void *p = realloc(b->field, cap * sizeof *b->field);               \
        if (!p)                                                            \
            return ANV_ENOMEM;                                             \
        b->field = p;                                                      \
    } while (0)
    RE(ids);
    RE(dates);
    RE(usage);
    RE(words);
    RE(src_off);
    RE(tok_off);
    RE(pay_off);
    RE(wide);
#undef RE
    b->cap = cap;
    return ANV_OK;
}

/* Count the unit's word classes once each (postings hold a unit once). */
static int count_classes(fuzzy_builder *b, const match_tokens *t)
{
    size_t nk = wordmap_count(b->keys);
    if (nk > b->df_cap) {
        size_t old = b->df_cap, cap = old ? old : 1024;
        while (cap < nk)
            cap *= 2;
        uint32_t *df = realloc(b->df, cap * sizeof *df);
        if (!df)
            return ANV_ENOMEM;
        b->df = df;
        uint32_t *last = realloc(b->last, cap * sizeof *last);
        if (!last)
            return ANV_ENOMEM;
        b->last = last;
        uint32_t *key_cls = realloc(b->key_cls, cap * sizeof *key_cls);
        if (!key_cls)
            return ANV_ENOMEM;
        b->key_cls = key_cls;
        memset(df + old, 0, (cap - old) * sizeof *df);
        memset(last + old, 0, (cap - old) * sizeof *last);
        /* a stem's own key names a class; it is a key of its own class
         * until a token says otherwise */
        for (size_t k = old; k < cap; k++)
            key_cls[k] = (uint32_t)k;
        b->df_cap = cap;
    }
    uint32_t stamp = (uint32_t)b->n + 1;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t key = t->tok[i].key;
        b->key_cls[MATCH_KEY_ID(key)] = t->tok[i].cls;
        if (!match_is_word(key))
            continue;
        uint32_t id = MATCH_KEY_ID(match_word_class(key, t->tok[i].cls));
        if (b->last[id] != stamp) {
            b->last[id] = stamp;
            b->df[id]++;
        }
    }
    return ANV_OK;
}

int fuzzy_builder_add(fuzzy_builder *b, const fuzzy_unit *u, anv_error *err)
{
    if (u->source_len > FUZZY_MAX_TEXT_BYTES) { /* see fuzzy_index.h */
        b->skipped++;
        return ANV_OK;
    }
    if (b->n >= UINT32_MAX - 2)
        return anv_error_set(err, ANV_ELIMIT, "too many units for one index");
    /* A store's sources are NFC already: normalising a million of them
     * again was 8 % of a build (measured with perf). */
    const char *text = u->source;
    size_t len = u->source_len;
    int rc = ANV_OK;
    if (!u->source_nfc) {
        size_t bad;
        if (!text_is_valid_utf8(u->source, u->source_len, &bad))
            return anv_error_set(err, ANV_EUTF8,
                                 "unit %llu: invalid UTF-8 at byte %zu",
                                 (unsigned long long)u->id, bad);
        strbuf_clear(&b->nfc);
        rc = text_append_nfc(&b->nfc, u->source, u->source_len, err);
        if (rc != ANV_OK)
            return rc;
        text = b->nfc.data ? b->nfc.data : "";
        len = b->nfc.len;
    } else if (!text) {
        text = "";
    }
    rc = matcher_tokenize(b->m, text, len, match_intern_key, b->keys,
                          &b->toks, err);
    if (rc != ANV_OK)
        return rc;
    if (b->n_tok + b->toks.n > UINT32_MAX) /* UNIT_TOK is 32-bit */
        return anv_error_set(err, ANV_ELIMIT, "too many words for one index");
    rc = fz_text_encode(&b->scsu, text, len);
    if (rc != ANV_OK)
        return anv_error_set(err, rc, "unit %llu: %s",
                             (unsigned long long)u->id,
                             anv_error_code_name(rc));
    const strbuf *packed = &b->scsu.out;
    if (grow_rows(b) != ANV_OK ||
        array_grow(&b->src, &b->src_cap,
                   b->src_len + 4 * b->toks.n + packed->len, 1) != ANV_OK ||
        array_grow(&b->pay, &b->pay_cap, b->pay_len + u->payload_len, 1) !=
            ANV_OK ||
        array_grow(&b->tok_key, &b->tok_cap, b->n_tok + b->toks.n,
                   sizeof *b->tok_key) != ANV_OK ||
        count_classes(b, &b->toks) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    size_t i = b->n;
    b->ids[i] = u->id;
    b->dates[i] = u->changedate;
    /* usage counts past 2^31 mean nothing; they keep their order */
    b->usage[i] = u->usagecount > INT32_MAX ? INT32_MAX
                  : u->usagecount < 0       ? -1
                                            : (int32_t)u->usagecount;
    b->words[i] = (uint32_t)b->toks.words;
    if (b->toks.words > b->max_words)
        b->max_words = b->toks.words;
    /* The record: spans, then source.  The copies below skip empty
     * ranges: memcpy from a NULL buffer is undefined even for 0 bytes
     * (UBSan under `make fuzz`). */
    b->wide[i] = 0;
    if (b->toks.n) {
        size_t bytes = fz_spans_encode(b->toks.tok, b->toks.n,
                                       (unsigned char *)b->src + b->src_len);
        b->src_len += bytes;
        b->wide[i] = bytes > 2 * b->toks.n;
        b->n_wide += b->wide[i];
    }
    if (packed->len)
        memcpy(b->src + b->src_len, packed->data, packed->len);
    b->src_len += packed->len;
    if (u->payload_len)
        memcpy(b->pay + b->pay_len, u->payload, u->payload_len);
    b->pay_len += u->payload_len;
    for (size_t t = 0; t < b->toks.n; t++)
        b->tok_key[b->n_tok + t] = b->toks.tok[t].key;
    b->n_tok += b->toks.n;
    b->n++;
    b->src_off[b->n] = b->src_len;
    b->tok_off[b->n] = b->n_tok;
    b->pay_off[b->n] = b->pay_len;
    return ANV_OK;
}

/* ---- writing ------------------------------------------------------------- */

typedef struct writer {
    FILE *f;
    fz_hash hash;
    int failed;
} writer;

static void put(writer *w, const void *data, size_t n)
{
    if (!n || w->failed)
        return;
    fz_hash_update(&w->hash, data, n);
    if (fwrite(data, 1, n, w->f) != n)
        w->failed = 1;
}

static void pad8(writer *w, uint64_t len)
{
    static const char zeros[8];
    put(w, zeros, (8 - len % 8) % 8);
}

static uint64_t align8(uint64_t x) { return (x + 7) & ~(uint64_t)7; }

/* Everything the writer computes from the builder. */
typedef struct layout {
    uint32_t *perm;      /* position -> unit added */
    uint32_t *len_start; /* max_words + 2 */
    uint64_t *post_off;  /* keys + 1 */
    uint32_t *post;
    uint32_t *slots;
    const char **key;    /* key id -> its bytes (in the wordmap) */
    size_t *key_len;
    uint64_t key_bytes;
    size_t n_keys, n_post, n_slots;
} layout;

/* wordmap_each: put each key at its id. */
static void collect_key(const char *key, size_t len, uint32_t id, void *ctx)
{
    layout *l = ctx;
    l->key[id] = key;
    l->key_len[id] = len;
    l->key_bytes += len;
}

static void layout_free(layout *l)
{
    free(l->perm);
    free(l->len_start);
    free(l->post_off);
    free(l->post);
    free(l->slots);
    free(l->key);
    free(l->key_len);
}

static int plan(fuzzy_builder *b, layout *l)
{
    memset(l, 0, sizeof *l);
    size_t n = b->n, lw = b->max_words + 2;
    l->n_keys = wordmap_count(b->keys);
    l->key = malloc(l->n_keys * sizeof *l->key);
    l->key_len = malloc(l->n_keys * sizeof *l->key_len);
    if (!l->key || !l->key_len)
        return ANV_ENOMEM;
    wordmap_each(b->keys, collect_key, l);
    l->perm = malloc((n ? n : 1) * sizeof *l->perm);
    l->len_start = calloc(lw, sizeof *l->len_start);
    l->post_off = malloc((l->n_keys + 1) * sizeof *l->post_off);
    if (!l->perm || !l->len_start || !l->post_off)
        return ANV_ENOMEM;
    /* Counting sort by word count. */
    for (size_t i = 0; i < n; i++)
        l->len_start[b->words[i] + 1]++;
    for (size_t w = 1; w < lw; w++)
        l->len_start[w] += l->len_start[w - 1];
    uint32_t *next = malloc(lw * sizeof *next);
    if (!next)
        return ANV_ENOMEM;
    if (lw)
        memcpy(next, l->len_start, lw * sizeof *next);
    for (size_t i = 0; i < n; i++)
        l->perm[next[b->words[i]]++] = (uint32_t)i;
    free(next);

    /* Posting lists, filled in unit order so that each is sorted. */
    uint64_t total = 0;
    for (size_t k = 0; k < l->n_keys; k++) {
        l->post_off[k] = total;
        total += k < b->df_cap ? b->df[k] : 0;
    }
    l->post_off[l->n_keys] = total;
    l->n_post = total;
    l->post = malloc((total ? total : 1) * sizeof *l->post);
    uint64_t *cur = malloc((l->n_keys ? l->n_keys : 1) * sizeof *cur);
    if (!l->post || !cur) {
        free(cur);
        return ANV_ENOMEM;
    }
    if (l->n_keys)
        memcpy(cur, l->post_off, l->n_keys * sizeof *cur);
    if (b->df_cap)
        memset(b->last, 0, b->df_cap * sizeof *b->last);
    for (size_t pos = 0; pos < n; pos++) {
        uint32_t u = l->perm[pos];
        for (uint64_t t = b->tok_off[u]; t < b->tok_off[u + 1]; t++) {
            uint32_t key = b->tok_key[t];
            if (!match_is_word(key))
                continue;
            uint32_t id = MATCH_KEY_ID(
                match_word_class(key, b->key_cls[MATCH_KEY_ID(key)]));
            if (b->last[id] != pos + 1) {
                b->last[id] = (uint32_t)pos + 1;
                l->post[cur[id]++] = (uint32_t)pos;
            }
        }
    }
    free(cur);
    /* The counts in b->last are spent; a later add recounts from here. */
    if (b->df_cap)
        memset(b->last, 0, b->df_cap * sizeof *b->last);

    /* Dictionary: open addressing at load factor <= 1/2. */
    l->n_slots = 2;
    while (l->n_slots < 2 * l->n_keys)
        l->n_slots *= 2;
    l->slots = calloc(l->n_slots, sizeof *l->slots);
    if (!l->slots)
        return ANV_ENOMEM;
    for (size_t k = 0; k < l->n_keys; k++) {
        size_t i = (size_t)fz_hash_bytes(l->key[k], l->key_len[k]) &
                   (l->n_slots - 1);
        while (l->slots[i])
            i = (i + 1) & (l->n_slots - 1);
        l->slots[i] = (uint32_t)k + 1;
    }
    return ANV_OK;
}

static void write_sections(fuzzy_builder *b, const layout *l,
                           const fz_header *h, writer *w)
{
    size_t n = b->n;
    const uint32_t *perm = l->perm;
    uint64_t off;
    for (int s = 0; s < FZ_N_SECTIONS; s++) {
        switch (s) {
        case FZ_UNIT_ID:
            for (size_t p = 0; p < n; p++)
                put(w, &b->ids[perm[p]], 8);
            break;
        case FZ_UNIT_DATE:
            for (size_t p = 0; p < n; p++)
                put(w, &b->dates[perm[p]], 8);
            break;
        case FZ_UNIT_USAGE:
            for (size_t p = 0; p < n; p++)
                put(w, &b->usage[perm[p]], 4);
            break;
        case FZ_UNIT_WORDS:
            for (size_t p = 0; p < n; p++)
                put(w, &b->words[perm[p]], 4);
            break;
        case FZ_UNIT_SRC:
        case FZ_UNIT_PAYLOAD: {
            const uint64_t *o = s == FZ_UNIT_SRC ? b->src_off : b->pay_off;
            off = 0;
            put(w, &off, 8);
            for (size_t p = 0; p < n; p++) {
                off += o[perm[p] + 1] - o[perm[p]];
                put(w, &off, 8);
            }
            break;
        }
        case FZ_UNIT_TOK: {
            uint32_t t = 0; /* fuzzy_builder_add() keeps it below 2^32 */
            put(w, &t, 4);
            for (size_t p = 0; p < n; p++) {
                t += (uint32_t)(b->tok_off[perm[p] + 1] - b->tok_off[perm[p]]);
                put(w, &t, 4);
            }
            break;
        }
        case FZ_LEN_START:
            put(w, l->len_start, (b->max_words + 2) * 4);
            break;
        case FZ_TOK_KEYS:
            for (size_t p = 0; p < n; p++)
                put(w, b->tok_key ? b->tok_key + b->tok_off[perm[p]] : NULL,
                    (b->tok_off[perm[p] + 1] - b->tok_off[perm[p]]) *
                        sizeof *b->tok_key);
            break;
        case FZ_WIDE_UNITS:
            for (size_t p = 0; p < n; p++)
                if (b->wide[perm[p]]) {
                    uint32_t pos = (uint32_t)p;
                    put(w, &pos, 4);
                }
            break;
        case FZ_POST_OFF:
            put(w, l->post_off, (l->n_keys + 1) * 8);
            break;
        case FZ_POSTINGS:
            put(w, l->post, l->n_post * 4);
            break;
        case FZ_KEY_CLASS:
            for (size_t k = 0; k < l->n_keys; k++) {
                uint32_t c = k < b->df_cap ? b->key_cls[k] : (uint32_t)k;
                put(w, &c, 4);
            }
            break;
        case FZ_DICT_SLOTS:
            put(w, l->slots, l->n_slots * 4);
            break;
        case FZ_DICT_STR_OFF:
            off = 0;
            put(w, &off, 8);
            for (size_t k = 0; k < l->n_keys; k++) {
                off += l->key_len[k];
                put(w, &off, 8);
            }
            break;
        case FZ_DICT_STR:
            for (size_t k = 0; k < l->n_keys; k++)
                put(w, l->key[k], l->key_len[k]);
            break;
        case FZ_UNIT_TEXT:
            /* b->src stays NULL when every unit is empty (no spans, no
             * text): no pointer arithmetic on it then (fuzz_fuzzy_index,
             * clang's UBSan) */
            for (size_t p = 0; b->src && p < n; p++)
                put(w, b->src + b->src_off[perm[p]],
                    b->src_off[perm[p] + 1] - b->src_off[perm[p]]);
            break;
        case FZ_PAYLOAD_BLOB:
            /* b->pay stays NULL when no unit has a payload: no pointer
             * arithmetic on it then (undefined, even + 0) */
            for (size_t p = 0; b->pay && p < n; p++)
                put(w, b->pay + b->pay_off[perm[p]],
                    b->pay_off[perm[p] + 1] - b->pay_off[perm[p]]);
            break;
        }
        pad8(w, h->sections[s].len);
    }
}

static int write_index(fuzzy_builder *b, FILE *f, const fuzzy_stamp *stamp,
                       anv_error *err)
{
    layout l;
    if (plan(b, &l) != ANV_OK) {
        layout_free(&l);
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    fz_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, FZ_MAGIC, 8);
    h.format_version = FZ_FORMAT_VERSION;
    h.match_version = MATCH_VERSION;
    h.byte_order = FZ_BYTE_ORDER;
    h.header_size = sizeof h;
    h.n_units = b->n;
    h.n_tokens = b->n_tok;
    h.n_keys = l.n_keys;
    h.n_postings = l.n_post;
    h.n_slots = l.n_slots;
    h.max_words = b->max_words;
    if (stamp)
        h.stamp = *stamp;
    uint64_t len[FZ_N_SECTIONS] = {
        [FZ_UNIT_ID] = 8 * b->n,
        [FZ_UNIT_DATE] = 8 * b->n,
        [FZ_UNIT_USAGE] = 4 * b->n,
        [FZ_UNIT_WORDS] = 4 * b->n,
        [FZ_UNIT_SRC] = 8 * (b->n + 1),
        [FZ_UNIT_TOK] = 4 * (b->n + 1),
        [FZ_UNIT_PAYLOAD] = 8 * (b->n + 1),
        [FZ_LEN_START] = 4 * (b->max_words + 2),
        [FZ_TOK_KEYS] = 4 * b->n_tok,
        [FZ_POST_OFF] = 8 * (l.n_keys + 1),
        [FZ_POSTINGS] = 4 * l.n_post,
        [FZ_KEY_CLASS] = 4 * l.n_keys,
        [FZ_DICT_SLOTS] = 4 * l.n_slots,
        [FZ_DICT_STR_OFF] = 8 * (l.n_keys + 1),
        [FZ_DICT_STR] = l.key_bytes,
        [FZ_UNIT_TEXT] = b->src_len,
        [FZ_PAYLOAD_BLOB] = b->pay_len,
        [FZ_WIDE_UNITS] = 4 * b->n_wide,
    };
    uint64_t off = align8(sizeof h);
    for (int s = 0; s < FZ_N_SECTIONS; s++) {
        h.sections[s].off = off;
        h.sections[s].len = len[s];
        off += align8(len[s]);
    }
    h.file_size = off + sizeof(fz_trailer);
    h.header_hash = fz_hash_bytes(&h, offsetof(fz_header, header_hash));

    int ok = fwrite(&h, sizeof h, 1, f) == 1;
    writer w;
    memset(&w, 0, sizeof w);
    w.f = f;
    fz_hash_init(&w.hash);
    if (ok) {
        pad8(&w, sizeof h); /* sizeof h is a multiple of 8: writes nothing */
        write_sections(b, &l, &h, &w);
    }
    fz_trailer t;
    memcpy(t.magic, FZ_MAGIC, 8);
    t.body_hash = fz_hash_final(&w.hash);
    ok = ok && !w.failed && fwrite(&t, sizeof t, 1, f) == 1;
    layout_free(&l);
    if (!ok)
        return anv_error_set(err, ANV_EIO, "cannot write the index: %s",
                             strerror(errno));
    return ANV_OK;
}

int fuzzy_builder_write(fuzzy_builder *b, const char *path,
                        const fuzzy_stamp *stamp, anv_error *err)
{
    atomic_file *af = atomic_file_open(path, err);
    if (!af)
        return err ? err->code : ANV_EIO;
    int rc = write_index(b, atomic_file_stream(af), stamp, err);
    if (rc != ANV_OK) {
        anv_error_prefix(err, "%s", path);
        atomic_file_abort(af);
        return rc;
    }
    return atomic_file_commit(af, NULL, err);
}

int fuzzy_builder_finish(fuzzy_builder *b, fuzzy_index **out, anv_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    int rc = write_index(b, f, NULL, err);
    if (fclose(f) != 0 && rc == ANV_OK)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    fuzzy_index *x = rc == ANV_OK ? malloc(sizeof *x) : NULL;
    if (rc == ANV_OK && !x)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (rc == ANV_OK)
        rc = fz_index_attach(x, buf, size, 0, 0, "(in memory)", err);
    if (rc != ANV_OK) {
        if (x)
            fuzzy_index_free(x); /* frees buf */
        else
            free(buf);
        return rc;
    }
    *out = x;
    return ANV_OK;
}

/* ---- open, or rebuild ------------------------------------------------------ */

/* Here rather than in fuzzy_file.c so that opening never depends on
 * building: fuzzy_build.c -> fuzzy_file.c, one way. */
int fuzzy_index_load(const char *index_path, const char *const *files,
                     size_t n_files, fuzzy_feed_fn feed, void *ctx,
                     fuzzy_index **out, fuzzy_load_info *info,
                     anv_error *err)
{
    *out = NULL;
    memset(info, 0, sizeof *info);
    fuzzy_stamp now;
    int rc = fuzzy_stamp_files(&now, files, n_files, err);
    if (rc != ANV_OK)
        return rc;
    fuzzy_index *x = NULL;
    if (fuzzy_index_open(index_path, &x, &info->why) == ANV_OK) {
        if (fz_stamp_equal(&x->h->stamp, &now)) {
            *out = x;
            return ANV_OK;
        }
        anv_error_set_at(&info->why, ANV_EINVAL, index_path, 0, 0,
                         "built from other versions of the files");
        fuzzy_index_free(x);
    }
    info->rebuilt = 1;
    fuzzy_builder *b = fuzzy_builder_new(err);
    if (!b)
        return err ? err->code : ANV_ENOMEM;
    rc = feed(ctx, b, err);
    if (rc == ANV_OK) {
        if (fuzzy_builder_write(b, index_path, &now, &info->save_error) ==
            ANV_OK) {
            info->saved = 1;
            rc = fuzzy_index_open(index_path, out, err);
        } else {
            rc = fuzzy_builder_finish(b, out, err);
        }
    }
    fuzzy_builder_free(b);
    return rc;
}
