/*
 * spell_dict.c - a hunspell dictionary plus anuvad's word lists (see
 * spell_dict.h).
 *
 * Hindi suggestions come from three places, merged and ranked by a
 * weighted edit distance (devanagari_distance):
 *   1. every single typing slip of the word (devanagari_edits) looked up
 *      through the folded index, which finds the dictionary's spelling even
 *      when the word also differs from it in a variant (nukta, nasal);
 *   2. when those are fewer than wanted, the spellings sharing the most
 *      code point trigrams with the word (an inverted index: "trigram
 *      neighbours" below);
 *   3. Hunspell_suggest, which also tries splits, only when neither found
 *      anything: its n-gram pass scans every word it holds (16 ms a word
 *      with the generated lists, measured on NTREX).
 * English suggestions are hunspell's, in its order (its REP table and
 * n-gram scores already rank them well).
 */
#include "spell/spell_dict.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hunspell.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include "base/array.h"
#include "text/devanagari.h"
#include "base/fileio.h"
#include "text/text.h"
#include "base/wordmap.h"

/* hunspell refuses longer words (MAXWORDUTF8LEN); so do we. */
#define MAX_WORD_BYTES 360

struct spell_dict {
    Hunhandle *h;
    char *dic_path;
    UConverter *conv;  /* NULL when the dictionary is UTF-8 */
    int devanagari;
    wordmap *folded;   /* folded form -> offset of a spelling in `spellings` */
    strbuf spellings;  /* NUL-terminated spellings */
    strbuf enc;        /* scratch: a word in the dictionary's encoding */
    strbuf fold;       /* scratch: a folded word */
    struct ngram_index *ngrams; /* Hindi: trigram neighbours, built on
                                   the first suggestion that needs them */
};

/* ---- encoding -------------------------------------------------------- */

/* Put w[0..n) in the dictionary's encoding into d->enc (NUL-terminated).
 * Returns 0 when the word cannot be written in that encoding. */
static int to_dict(spell_dict *d, const char *w, size_t n)
{
    strbuf_clear(&d->enc);
    if (!d->conv)
        return strbuf_append(&d->enc, w, n) == ANV_OK;
    if (strbuf_reserve(&d->enc, 4 * n + 8) != ANV_OK)
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = ucnv_fromAlgorithmic(d->conv, UCNV_UTF8, d->enc.data,
                                     (int32_t)d->enc.cap, w, (int32_t)n, &st);
    if (U_FAILURE(st))
        return 0;
    d->enc.len = (size_t)m;
    return 1;
}

/* Append a word in the dictionary's encoding to `out` as NFC UTF-8. */
static int from_dict(spell_dict *d, const char *s, strbuf *out)
{
    strbuf tmp = STRBUF_INIT;
    const char *u = s;
    size_t un = strlen(s);
    if (d->conv) {
        if (strbuf_reserve(&tmp, 3 * un + 8) != ANV_OK)
            return ANV_ENOMEM;
        UErrorCode st = U_ZERO_ERROR;
        int32_t m = ucnv_toAlgorithmic(UCNV_UTF8, d->conv, tmp.data,
                                       (int32_t)tmp.cap, s, (int32_t)un, &st);
        if (U_FAILURE(st)) {
            strbuf_release(&tmp);
            return ANV_EINVAL;
        }
        tmp.len = (size_t)m;
        u = tmp.data;
        un = tmp.len;
    }
    int rc = text_is_valid_utf8(u, un, NULL) ? text_append_nfc(out, u, un, NULL)
                                             : ANV_EINVAL;
    strbuf_release(&tmp);
    return rc;
}

/* ---- opening ---------------------------------------------------------- */

static int open_in(spell_dict *d, const char *dir, const char *name)
{
    strbuf aff = STRBUF_INIT, dic = STRBUF_INIT;
    int found = 0;
    if (strbuf_printf(&aff, "%s/%s.aff", dir, name) == ANV_OK &&
        strbuf_printf(&dic, "%s/%s.dic", dir, name) == ANV_OK &&
        fileio_exists(aff.data) && fileio_exists(dic.data)) {
        d->h = Hunspell_create(aff.data, dic.data);
        if (d->h) {
            d->dic_path = strbuf_detach(&dic, NULL);
            found = 1;
        }
    }
    strbuf_release(&aff);
    strbuf_release(&dic);
    return found;
}

static int index_folded(spell_dict *d, const char *w, size_t n);

/* Fold every stem of .dic file `path` into the index (Hindi only).  A .dic
 * lists a count, then one word per line, maybe followed by /FLAGS and
 * morphological fields; only the word is wanted. */
static int index_dic_words(spell_dict *d, const char *path, anv_error *err)
{
    text_reader *r = text_reader_open(path, err);
    if (!r)
        return err ? err->code : ANV_EIO;
    text_paragraph p;
    int rc;
    long line = 0;
    while ((rc = text_reader_next(r, TEXT_PARA_LINE, &p, err)) == 1) {
        if (line++ == 0)
            continue; /* the word count */
        size_t n = strcspn(p.text, "/\t ");
        if (n > 0 && devanagari_is_wellformed(p.text, n) &&
            index_folded(d, p.text, n) != ANV_OK) {
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
            break;
        }
    }
    text_reader_free(r);
    return rc < 0 ? rc : ANV_OK;
}

spell_dict *spell_dict_open(const char *name, const char *package,
                            const char *const *dirs, int devanagari,
                            anv_error *err)
{
    spell_dict *d = calloc(1, sizeof *d);
    if (!d) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    d->devanagari = devanagari;
    for (size_t i = 0; dirs[i] && !d->h; i++)
        if (*dirs[i])
            open_in(d, dirs[i], name);
    if (!d->h) {
        strbuf where = STRBUF_INIT;
        for (size_t i = 0; dirs[i]; i++)
            if (*dirs[i])
                strbuf_printf(&where, "%s%s", where.len ? ", " : "", dirs[i]);
        anv_error_set(err, ANV_ENOTFOUND,
                      "hunspell dictionary %s not found (looked in %s); "
                      "install the Debian package %s",
                      name, where.data ? where.data : "no folder", package);
        strbuf_release(&where);
        free(d);
        return NULL;
    }
    const char *enc = Hunspell_get_dic_encoding(d->h);
    if (enc && strcasecmp(enc, "UTF-8") != 0 && strcasecmp(enc, "UTF8") != 0) {
        UErrorCode st = U_ZERO_ERROR;
        d->conv = ucnv_open(enc, &st);
        /* A word that the encoding cannot hold is not in the dictionary:
         * stop instead of substituting '?'. */
        if (U_SUCCESS(st))
            ucnv_setFromUCallBack(d->conv, UCNV_FROM_U_CALLBACK_STOP, NULL,
                                  NULL, NULL, &st);
        if (U_FAILURE(st)) {
            anv_error_set(err, ANV_EINTERNAL,
                          "%s: encoding %s is unknown to ICU (%s)",
                          d->dic_path, enc, u_errorName(st));
            spell_dict_free(d);
            return NULL;
        }
    }
    if (devanagari) {
        d->folded = wordmap_new();
        if (!d->folded) {
            anv_error_set(err, ANV_ENOMEM, "out of memory");
            spell_dict_free(d);
            return NULL;
        }
        /* Only a UTF-8 .dic can be read as text; others keep hunspell's
         * exact lookups and simply get no variant matching for stems. */
        if (!d->conv && index_dic_words(d, d->dic_path, err) != ANV_OK) {
            spell_dict_free(d);
            return NULL;
        }
    }
    return d;
}

static void ngram_index_free(struct ngram_index *g);

void spell_dict_free(spell_dict *d)
{
    if (!d)
        return;
    if (d->h)
        Hunspell_destroy(d->h);
    if (d->conv)
        ucnv_close(d->conv);
    free(d->dic_path);
    wordmap_free(d->folded);
    ngram_index_free(d->ngrams);
    strbuf_release(&d->spellings);
    strbuf_release(&d->enc);
    strbuf_release(&d->fold);
    free(d);
}

const char *spell_dict_path(const spell_dict *d)
{
    return d->dic_path;
}

/* ---- words ------------------------------------------------------------ */

static int has_space(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i] == ' ' || w[i] == '\t' || w[i] == '\n' || w[i] == '\r')
            return 1;
    return 0;
}

/* The spelling that folded form d->fold stands for, or NULL. */
static const char *folded_spelling(spell_dict *d)
{
    uint32_t off;
    if (!wordmap_get(d->folded, d->fold.data ? d->fold.data : "",
                     d->fold.len, &off))
        return NULL;
    return d->spellings.data + off;
}

static int fold_word(spell_dict *d, const char *w, size_t n)
{
    strbuf_clear(&d->fold);
    return devanagari_fold(w, n, &d->fold);
}

/* Remember the folded form of Hindi word w[0..n) and its spelling. */
static int index_folded(spell_dict *d, const char *w, size_t n)
{
    if (fold_word(d, w, n) != ANV_OK)
        return ANV_ENOMEM;
    if (folded_spelling(d))
        return ANV_OK; /* keep the first spelling seen */
    size_t off = d->spellings.len;
    if (off > UINT32_MAX - n - 1 ||
        strbuf_append(&d->spellings, w, n) != ANV_OK ||
        strbuf_append_char(&d->spellings, '\0') != ANV_OK)
        return ANV_ENOMEM;
    return wordmap_put(d->folded, d->fold.data, d->fold.len, (uint32_t)off);
}

int spell_dict_add_word(spell_dict *d, const char *w, size_t n)
{
    if (n == 0 || n > MAX_WORD_BYTES || has_space(w, n) ||
        !text_is_valid_utf8(w, n, NULL))
        return ANV_EINVAL;
    if (d->devanagari && !devanagari_is_wellformed(w, n))
        return ANV_EINVAL;
    if (!to_dict(d, w, n))
        return ANV_EINVAL;
    Hunspell_add(d->h, d->enc.data);
    return d->devanagari ? index_folded(d, w, n) : ANV_OK;
}

int spell_dict_add_dic(spell_dict *d, const char *path, int suggest,
                       anv_error *err)
{
    /* Hunspell_add_dic sizes a new hash table from the count line, much
     * faster than Hunspell_add word by word (hunspell's own table is sized
     * for the main .dic, so long chains would form).  Hunspell's n-gram
     * pass scans every word it holds: the apertium forms (70,000) make a
     * suggestion take 10-15 ms instead of 3 but find inflections two slips
     * away (मिठाईयाँ -> मिठाई); the CMU transcriptions (180,000) would make
     * it 60 ms and bring little, so they stay in the folded index only,
     * which accepts them and finds them through the slips. */
    if (suggest && Hunspell_add_dic(d->h, path) != 0)
        return anv_error_set(err, ANV_EIO, "%s: hunspell cannot load it",
                             path);
    return d->devanagari ? index_dic_words(d, path, err) : ANV_OK;
}

int spell_dict_add_list(spell_dict *d, const char *path, size_t *added,
                        size_t *skipped, anv_error *err)
{
    size_t n_added = 0, n_skipped = 0;
    text_reader *r = text_reader_open(path, err);
    if (!r)
        return err ? err->code : ANV_EIO;
    text_paragraph p;
    int rc;
    while ((rc = text_reader_next(r, TEXT_PARA_LINE, &p, err)) == 1) {
        const char *s = p.text;
        size_t n = p.len;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        if (n == 0 || *s == '#')
            continue;
        int a = spell_dict_add_word(d, s, n);
        if (a == ANV_ENOMEM) {
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
            break;
        }
        if (a == ANV_OK)
            n_added++;
        else
            n_skipped++;
    }
    text_reader_free(r);
    if (added)
        *added = n_added;
    if (skipped)
        *skipped = n_skipped;
    return rc < 0 ? rc : ANV_OK;
}

int spell_dict_accepts(spell_dict *d, const char *w, size_t n)
{
    if (n == 0 || n > MAX_WORD_BYTES)
        return 0;
    /* Signs in an impossible order are never a correct spelling, whatever
     * a generated list may contain. */
    if (d->devanagari && !devanagari_is_wellformed(w, n))
        return 0;
    if (to_dict(d, w, n) && Hunspell_spell(d->h, d->enc.data))
        return 1;
    if (!d->devanagari)
        return 0;
    return fold_word(d, w, n) == ANV_OK && folded_spelling(d) != NULL;
}

int spell_dict_stems(spell_dict *d, const char *w, size_t n, strbuf *out,
                     size_t *count)
{
    *count = 0;
    if (n == 0 || n > MAX_WORD_BYTES || !to_dict(d, w, n))
        return ANV_OK;
    char **list = NULL;
    int k = Hunspell_stem(d->h, &list, d->enc.data);
    int rc = ANV_OK;
    for (int i = 0; i < k && rc == ANV_OK; i++) {
        rc = from_dict(d, list[i], out);
        if (rc == ANV_OK)
            rc = strbuf_append(out, "", 1);
        if (rc == ANV_OK)
            (*count)++;
        else if (rc == ANV_EINVAL)
            rc = ANV_OK; /* a stem not in UTF-8: skipped */
    }
    if (list)
        Hunspell_free_list(d->h, &list, k);
    return rc;
}

/* ---- suggestions --------------------------------------------------------- */

typedef struct candidate {
    size_t off;  /* spelling at words.data + off */
    int cost;
    int order;   /* the order found, to keep sorting stable */
} candidate;

typedef struct suggest_state {
    spell_dict *d;
    const char *word;
    size_t word_len;
    wordmap *seen;   /* spelling -> index in cands */
    candidate *cands;
    size_t n, cap;
    strbuf words;
    strbuf fold;
    int oom;
} suggest_state;

static int add_candidate(suggest_state *s, const char *w, size_t n, int cost)
{
    uint32_t idx;
    if (n == s->word_len && (n == 0 || memcmp(w, s->word, n) == 0))
        return 0;
    if (wordmap_get(s->seen, w, n, &idx)) {
        if (cost < s->cands[idx].cost)
            s->cands[idx].cost = cost;
        return 0;
    }
    if (array_grow(&s->cands, &s->cap, s->n + 1, sizeof *s->cands) != ANV_OK)
        return s->oom = 1;
    candidate *c = &s->cands[s->n];
    c->off = s->words.len;
    c->cost = cost;
    c->order = (int)s->n;
    if (strbuf_append(&s->words, w, n) != ANV_OK ||
        strbuf_append_char(&s->words, '\0') != ANV_OK ||
        wordmap_put(s->seen, w, n, (uint32_t)s->n) != ANV_OK)
        return s->oom = 1;
    s->n++;
    return 0;
}

/* devanagari_edits callback: keep slips whose folded form is a word. */
static int on_edit(const char *cand, size_t len, int cost, void *ctx)
{
    suggest_state *s = ctx;
    strbuf_clear(&s->fold);
    if (devanagari_fold(cand, len, &s->fold) != ANV_OK)
        return s->oom = 1;
    uint32_t off;
    if (!wordmap_get(s->d->folded, s->fold.data, s->fold.len, &off))
        return 0;
    /* the slip as typed when the dictionary has it so (नतीजा), else the
     * index's spelling of its folded form (which may be नतीज़ा) */
    if (to_dict(s->d, cand, len) && Hunspell_spell(s->d->h, s->d->enc.data))
        return add_candidate(s, cand, len, cost);
    const char *sp = s->d->spellings.data + off;
    return add_candidate(s, sp, strlen(sp), cost);
}

/* Is every space-separated part of s[0..n) a word we accept? */
static int parts_accepted(spell_dict *d, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (j == i || !spell_dict_accepts(d, s + i, j - i))
            return 0;
        i = j + 1;
    }
    return 1;
}

static void add_hunspell_suggestions(suggest_state *s)
{
    spell_dict *d = s->d;
    if (!to_dict(d, s->word, s->word_len))
        return;
    char **list = NULL;
    int n = Hunspell_suggest(d->h, &list, d->enc.data);
    strbuf u = STRBUF_INIT;
    for (int i = 0; i < n && !s->oom; i++) {
        strbuf_clear(&u);
        if (from_dict(d, list[i], &u) != ANV_OK || !u.len)
            continue;
        /* English: hunspell's own order, but a word split in two
         * ("co lour", "de-fence") only after the single words. */
        int cost = 3 * (i + 1) +
                   (strpbrk(u.data, " -") ? 1000 : 0);
        if (d->devanagari) {
            int split = memchr(u.data, ' ', u.len) != NULL;
            if (split ? !parts_accepted(d, u.data, u.len)
                      : !devanagari_is_wellformed(u.data, u.len))
                continue;
            cost = devanagari_distance(s->word, s->word_len, u.data, u.len) +
                   (split ? 3 : 0);
        }
        add_candidate(s, u.data, u.len, cost);
    }
    strbuf_release(&u);
    if (n > 0)
        Hunspell_free_list(d->h, &list, n);
}

/* ---- trigram neighbours (Hindi) ---------------------------------------
 *
 * Hunspell_suggest's n-gram pass compares the word with every word it
 * holds, converting each to UTF-16: measured on NTREX, 16 ms per distinct
 * flagged Hindi word, almost all of the suggestion time.  The same idea
 * through an inverted index: every spelling of the folded index is cut
 * into code point trigrams (with a start and an end mark), and a word's
 * neighbours are the spellings sharing the most trigrams with it, of a
 * length within NGRAM_LENGTH_SLACK; the best NGRAM_CHECK of them are
 * ranked by devanagari_distance like the slips.  Hunspell is asked only
 * when neither finds anything. */

#define NGRAM_LENGTH_SLACK 3
#define NGRAM_CHECK 1000
#define NGRAM_MAX_CPS 64

typedef struct ngram_index {
    wordmap *grams;      /* 12-byte trigram -> id */
    uint32_t *start;     /* id -> first posting; n_grams + 1 */
    uint32_t *post;      /* word numbers */
    uint32_t *word_off;  /* word number -> offset in d->spellings */
    unsigned char *word_cps; /* its length in code points (capped) */
    size_t n_words;
    uint16_t *count;     /* per word, during one query */
    uint32_t *touched;
    size_t n_touched;
} ngram_index;

static void ngram_index_free(ngram_index *g)
{
    if (!g)
        return;
    wordmap_free(g->grams);
    free(g->start);
    free(g->post);
    free(g->word_off);
    free(g->word_cps);
    free(g->count);
    free(g->touched);
    free(g);
}

/* The trigram keys of UTF-8 w[0..n) into keys[][3]; returns how many
 * and sets *cps to its length in code points. */
static size_t trigrams(const char *w, size_t n, UChar32 keys[][3],
                       size_t *cps)
{
    UChar32 cp[NGRAM_MAX_CPS + 2];
    size_t k = 0;
    cp[k++] = 0x2402; /* start mark */
    for (int32_t i = 0; (size_t)i < n && k < NGRAM_MAX_CPS + 1;) {
        UChar32 c;
        U8_NEXT(w, i, (int32_t)n, c);
        cp[k++] = c < 0 ? 0xFFFD : c;
    }
    *cps = k - 1;
    cp[k++] = 0x2403; /* end mark */
    size_t nk = 0;
    for (size_t i = 0; i + 2 < k; i++, nk++) {
        keys[nk][0] = cp[i];
        keys[nk][1] = cp[i + 1];
        keys[nk][2] = cp[i + 2];
    }
    return nk;
}

static ngram_index *ngram_index_build(spell_dict *d)
{
    ngram_index *g = calloc(1, sizeof *g);
    if (!g || !(g->grams = wordmap_new()))
        goto fail;
    size_t cap_words = 0, cap_cps = 0, n_grams = 0, cap_counts = 0;
    uint32_t *counts = NULL; /* postings per gram, then fill positions */
    UChar32 keys[NGRAM_MAX_CPS + 2][3];
    /* pass 1: words, grams, postings per gram */
    for (size_t off = 0; off < d->spellings.len;) {
        const char *w = d->spellings.data + off;
        size_t n = strlen(w), cps;
        /* a capacity each: a realloc a word of word_cps (to word_off's
         * capacity) was under ASan a new block and a copy every time */
        if (array_grow(&g->word_off, &cap_words, g->n_words + 1,
                       sizeof *g->word_off) != ANV_OK ||
            array_grow(&g->word_cps, &cap_cps, g->n_words + 1, 1) != ANV_OK)
            goto fail_counts;
        size_t nk = trigrams(w, n, keys, &cps);
        g->word_off[g->n_words] = (uint32_t)off;
        g->word_cps[g->n_words] = (unsigned char)(cps > 255 ? 255 : cps);
        for (size_t i = 0; i < nk; i++) {
            uint32_t id;
            if (!wordmap_get(g->grams, (const char *)keys[i], sizeof keys[i],
                             &id)) {
                id = (uint32_t)n_grams++;
                if (wordmap_put(g->grams, (const char *)keys[i],
                                sizeof keys[i], id) != ANV_OK ||
                    array_grow(&counts, &cap_counts, n_grams,
                               sizeof *counts) != ANV_OK)
                    goto fail_counts;
                counts[id] = 0;
            }
            counts[id]++;
        }
        g->n_words++;
        off += n + 1;
    }
    if (!(g->start = malloc((n_grams + 1) * sizeof *g->start)))
        goto fail_counts;
    uint32_t total = 0;
    for (size_t i = 0; i < n_grams; i++) {
        g->start[i] = total;
        total += counts[i];
        counts[i] = g->start[i];
    }
    g->start[n_grams] = total;
    if (!(g->post = malloc((total ? total : 1) * sizeof *g->post)) ||
        !(g->count = calloc(g->n_words ? g->n_words : 1, sizeof *g->count)) ||
        !(g->touched = malloc((g->n_words ? g->n_words : 1) *
                              sizeof *g->touched)))
        goto fail_counts;
    /* pass 2: postings, word numbers ascending in each list */
    for (size_t wn = 0; wn < g->n_words; wn++) {
        const char *w = d->spellings.data + g->word_off[wn];
        size_t cps, nk = trigrams(w, strlen(w), keys, &cps);
        for (size_t i = 0; i < nk; i++) {
            uint32_t id;
            if (wordmap_get(g->grams, (const char *)keys[i], sizeof keys[i],
                            &id))
                g->post[counts[id]++] = (uint32_t)wn;
        }
    }
    free(counts);
    return g;
fail_counts:
    free(counts);
fail:
    ngram_index_free(g);
    return NULL;
}

typedef struct ngram_hit {
    uint32_t word;
    uint16_t shared;
} ngram_hit;

static int more_shared(const void *a, const void *b)
{
    const ngram_hit *x = a, *y = b;
    if (x->shared != y->shared)
        return x->shared > y->shared ? -1 : 1;
    return x->word < y->word ? -1 : x->word > y->word;
}

static void add_ngram_suggestions(suggest_state *s)
{
    spell_dict *d = s->d;
    if (!d->ngrams && !(d->ngrams = ngram_index_build(d))) {
        s->oom = 1;
        return;
    }
    ngram_index *g = d->ngrams;
    UChar32 keys[NGRAM_MAX_CPS + 2][3];
    size_t qcps, nk = trigrams(s->word, s->word_len, keys, &qcps);
    g->n_touched = 0;
    for (size_t i = 0; i < nk; i++) {
        uint32_t id;
        if (!wordmap_get(g->grams, (const char *)keys[i], sizeof keys[i], &id))
            continue;
        for (uint32_t p = g->start[id]; p < g->start[id + 1]; p++) {
            uint32_t wn = g->post[p];
            size_t wl = g->word_cps[wn];
            if (wl + NGRAM_LENGTH_SLACK < qcps || wl > qcps + NGRAM_LENGTH_SLACK)
                continue;
            if (!g->count[wn]++)
                g->touched[g->n_touched++] = wn;
        }
    }
    /* the NGRAM_CHECK words sharing the most, sharing at least two */
    ngram_hit *hits = malloc((g->n_touched ? g->n_touched : 1) * sizeof *hits);
    size_t nh = 0;
    for (size_t i = 0; i < g->n_touched; i++) {
        uint32_t wn = g->touched[i];
        if (hits && g->count[wn] >= 2)
            hits[nh++] = (ngram_hit){wn, g->count[wn]};
        g->count[wn] = 0;
    }
    if (!hits) {
        s->oom = 1;
        return;
    }
    qsort(hits, nh, sizeof *hits, more_shared);
    for (size_t i = 0; i < nh && i < NGRAM_CHECK && !s->oom; i++) {
        const char *w = d->spellings.data + g->word_off[hits[i].word];
        size_t n = strlen(w);
        add_candidate(s, w, n, devanagari_distance(s->word, s->word_len, w, n));
    }
    free(hits);
}

static int by_cost(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

int spell_dict_suggest(spell_dict *d, const char *w, size_t n, int max,
                       strbuf *out, size_t *count)
{
    *count = 0;
    if (max <= 0 || n == 0 || n > MAX_WORD_BYTES)
        return ANV_OK;
    suggest_state s = {.d = d, .word = w, .word_len = n};
    s.seen = wordmap_new();
    if (!s.seen)
        return ANV_ENOMEM;
    if (d->devanagari && devanagari_edits(w, n, on_edit, &s) == ANV_ENOMEM)
        s.oom = 1;
    if (!s.oom && d->devanagari && s.n < (size_t)max)
        add_ngram_suggestions(&s);
    if (!s.oom && (!d->devanagari || s.n == 0))
        add_hunspell_suggestions(&s);
    int rc = ANV_OK;
    if (s.oom) {
        rc = ANV_ENOMEM;
    } else {
        if (s.n > 1) /* s.cands is NULL when there is none */
            qsort(s.cands, s.n, sizeof *s.cands, by_cost);
        for (size_t i = 0; i < s.n && i < (size_t)max; i++) {
            const char *sp = s.words.data + s.cands[i].off;
            if (strbuf_append(out, sp, strlen(sp) + 1) != ANV_OK) {
                rc = ANV_ENOMEM;
                break;
            }
            (*count)++;
        }
    }
    wordmap_free(s.seen);
    free(s.cands);
    strbuf_release(&s.words);
    strbuf_release(&s.fold);
    return rc;
}
