/*
 * match.c - the fuzzy match score and word diff (see match.h and
 * docs/matching.md for the definition).
 *
 * Three steps:
 *   1. tokens: ICU words (words.h) minus spaces; U+FFFC alone is an inline
 *      tag.  Each token's folded key is interned to an id (by the caller's
 *      function: a private wordmap here, the index dictionary in
 *      fuzzy_search.c), and so is a Hindi word's stem ("L" + stem,
 *      inflection_class_len), whose id names the word's inflection class.
 *   2. alignment: an edit-distance table over the two token sequences
 *      whose cost is the pair (word edits, minor points), compared
 *      lexicographically and packed into one uint64_t (word edits in the
 *      high half, counted in halves: another form of a word costs 1, any
 *      other word edit 2), so one ordinary Levenshtein pass minimises W
 *      first and the minor differences second.  Words never align with
 *      punctuation or tags.  The table is kept as one direction byte per
 *      cell only when a diff is wanted; the cost needs two rows.
 *   3. the diff: the traceback, each step classified (another word, a
 *      number, case, spelling variant, punctuation, tag, spacing).
 *
 * matcher_word_edits() is the cheap first test the index runs on each
 * candidate: plain Levenshtein over word classes (forms of one word
 * equal: a lower bound of W), in a diagonal band of
 * half-width `limit` (Ukkonen), stopping once a whole row exceeds it.
 */
#include "match/match.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucasemap.h>
#include <unicode/utf8.h>

#include "base/array.h"
#include "match/char_sim.h"
#include "match/inflection.h"
#include "text/text.h"
#include "base/wordmap.h"
#include "text/words.h"

struct matcher {
    word_splitter *ws;
    UCaseMap *casemap;
    wordmap *keys;         /* ids of folded keys for matcher_compare/prepare */
    strbuf fold, fold2;    /* scratch for folding */
    strbuf nq, ns;         /* NFC copies of the texts compared */
    match_tokens tq, ts;
    uint32_t *wa, *wb;     /* word classes (matcher_word_edits) */
    size_t wa_cap, wb_cap;
    unsigned *band;        /* two DP rows of matcher_word_edits */
    size_t band_cap;
    uint64_t *row0, *row1; /* cost rows (matcher_compare_segs) */
    size_t row0_cap, row1_cap; /* a capacity each: no realloc per
                                  comparison of one that did not grow */
    unsigned char *dir;    /* traceback directions */
    size_t dir_cap;
    uint32_t *qkey, *qcls; /* the query's keys, classes and kinds, apart, */
    unsigned char *qkind;  /* for the table loop without a diff */
    size_t qkey_cap, qcls_cap, qkind_cap;
    match_diff *diff;
    size_t n_diff, diff_cap;
    char_sim *chars;       /* the character similarity's query vectors */
};

struct match_prepared {
    char *text;
    size_t len;
    match_tokens toks;
};

/* The Unicode object replacement character: an inline tag (TMX_TAG_CHAR in
 * the TM's plain text). */
static const char TAG_UTF8[] = "\xEF\xBF\xBC";

static const char KIND_CHAR[] = "LNPT";

matcher *matcher_new(anv_error *err)
{
    matcher *m = calloc(1, sizeof *m);
    if (!m) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    m->ws = word_splitter_new("hi", err);
    if (!m->ws) {
        free(m);
        return NULL;
    }
    UErrorCode st = U_ZERO_ERROR;
    m->casemap = ucasemap_open("", U_FOLD_CASE_DEFAULT, &st);
    m->keys = wordmap_new();
    m->chars = char_sim_new();
    uint32_t id;
    if (U_FAILURE(st) || !m->keys || !m->chars ||
        /* id 0 is never a real key: MATCH_NUMBER_CLASS relies on it. */
        match_intern_key(m->keys, MATCH_RESERVED_KEY, 1, &id) != ANV_OK) {
        if (U_FAILURE(st))
            anv_error_set(err, ANV_EINTERNAL, "ICU case map: %s",
                          u_errorName(st));
        else
            anv_error_set(err, ANV_ENOMEM, "out of memory");
        matcher_free(m);
        return NULL;
    }
    return m;
}

void matcher_free(matcher *m)
{
    if (!m)
        return;
    word_splitter_free(m->ws);
    if (m->casemap)
        ucasemap_close(m->casemap);
    wordmap_free(m->keys);
    char_sim_free(m->chars);
    strbuf_release(&m->fold);
    strbuf_release(&m->fold2);
    strbuf_release(&m->nq);
    strbuf_release(&m->ns);
    match_tokens_release(&m->tq);
    match_tokens_release(&m->ts);
    free(m->wa);
    free(m->wb);
    free(m->band);
    free(m->row0);
    free(m->row1);
    free(m->dir);
    free(m->qkey);
    free(m->qcls);
    free(m->qkind);
    free(m->diff);
    free(m);
}

void match_tokens_release(match_tokens *t)
{
    free(t->tok);
    memset(t, 0, sizeof *t);
}

/* ---- folding ------------------------------------------------------------ */

/* Consonants whose nukta form is a Perso-Arabic sound that Hindi writers
 * often spell without it (क़ ख़ ग़ ज़ फ़).  ड़ and ढ़ are letters of their
 * own (पढ़ना / पढना is a typo, not a variant): their nukta is kept. */
static int nukta_optional(UChar32 base)
{
    return base == 0x0915 || base == 0x0916 || base == 0x0917 ||
           base == 0x091C || base == 0x092B;
}

/* 1 when the key of s is s itself: Devanagari has no case, so only the
 * characters fold_chars() changes need the slow path. */
static int devanagari_plain(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i += 3) {
        if (n - i < 3 || u[i] != 0xE0 || (u[i + 1] != 0xA4 && u[i + 1] != 0xA5))
            return 0;
        /* E0 A4 xx and E0 A5 xx encode U+0900..U+097F */
        unsigned c = (u[i + 1] & 0x3Fu) << 6 | (u[i + 2] & 0x3Fu);
        if (c == 0x0901 || c == 0x093C || c == 0x0964 ||
            (c >= 0x0966 && c <= 0x096F))
            return 0;
    }
    return 1;
}

/* Append the variant-folded form of case-folded UTF-8 s[0..n). */
static int fold_chars(const char *s, size_t n, strbuf *out)
{
    int32_t i = 0, len = (int32_t)n;
    UChar32 prev = -1;
    while (i < len) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, len, c);
        if (c < 0)
            c = 0xFFFD;
        if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
            continue; /* ZWJ, ZWNJ, soft hyphen, word joiner ... */
        if (c == 0x093C && nukta_optional(prev))
            continue;
        if (c == 0x0901)
            c = 0x0902; /* chandrabindu -> anusvara */
        else if (c >= 0x0966 && c <= 0x096F)
            c = '0' + (c - 0x0966);
        else if (c == 0x0964 || c == '|')
            c = '.'; /* danda, and the pipe typed for it */
        char buf[U8_MAX_LENGTH];
        int32_t k = 0;
        U8_APPEND_UNSAFE((uint8_t *)buf, k, c);
        if (strbuf_append(out, buf, (size_t)k) != ANV_OK)
            return ANV_ENOMEM;
        prev = c;
    }
    return ANV_OK;
}

/* Append ICU's case folding of s[0..n) to out. */
static int casefold(matcher *m, const char *s, size_t n, strbuf *out,
                    anv_error *err)
{
    if (n > INT32_MAX / 4)
        return anv_error_set(err, ANV_ELIMIT, "token too long");
    size_t want = n + 16;
    for (;;) {
        if (strbuf_reserve(out, want + 1) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        UErrorCode st = U_ZERO_ERROR;
        int32_t got = ucasemap_utf8FoldCase(m->casemap, out->data + out->len,
                                            (int32_t)(out->cap - out->len - 1),
                                            s, (int32_t)n, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR) {
            want = (size_t)got + 1;
            continue;
        }
        if (U_FAILURE(st))
            return anv_error_set(err, ANV_EINTERNAL, "ICU case folding: %s",
                                 u_errorName(st));
        out->len += (size_t)got;
        out->data[out->len] = '\0';
        return ANV_OK;
    }
}

/* Append the folded key of a token (first byte: its kind) to `out`. */
static int fold_key(matcher *m, int kind, const char *s, size_t n,
                    strbuf *out, anv_error *err)
{
    if (strbuf_append_char(out, KIND_CHAR[kind & 3]) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (kind == MATCH_TOK_TAG)
        return ANV_OK;
    if (devanagari_plain(s, n))
        return strbuf_append(out, s, n) == ANV_OK
                   ? ANV_OK
                   : anv_error_set(err, ANV_ENOMEM, "out of memory");
    strbuf_clear(&m->fold2);
    int rc = casefold(m, s, n, &m->fold2, err);
    if (rc != ANV_OK)
        return rc;
    if (fold_chars(m->fold2.data, m->fold2.len, out) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    return ANV_OK;
}

/* ---- tokens ------------------------------------------------------------- */

/* The caller's id of a folded key (match_key_fn), checked. */
static int key_id_of(match_key_fn key_id, void *ctx, const char *key,
                     size_t n, uint32_t *id, anv_error *err)
{
    *id = 0;
    int rc = key_id(ctx, key, n, id);
    if (rc != ANV_OK)
        return anv_error_set(err, rc, "word keys: %s",
                             anv_error_code_name(rc));
    if (*id > MATCH_MAX_ID)
        return anv_error_set(err, ANV_ELIMIT, "too many distinct words");
    return ANV_OK;
}

int matcher_tokenize(matcher *m, const char *text, size_t len,
                     match_key_fn key_id, void *ctx, match_tokens *out,
                     anv_error *err)
{
    out->n = 0;
    out->words = 0;
    if (len > UINT32_MAX)
        return anv_error_set(err, ANV_ELIMIT, "text longer than 4 GiB");
    const word_token *t;
    size_t n;
    int rc = word_splitter_split(m->ws, text, len, &t, &n, err);
    if (rc != ANV_OK)
        return rc;
    if (array_grow(&out->tok, &out->cap, n, sizeof *out->tok) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int kind;
        switch (t[i].kind) {
        case WORD_SPACE:
            continue;
        case WORD_LETTERS:
            kind = MATCH_TOK_LETTERS;
            break;
        case WORD_NUMBER:
            kind = MATCH_TOK_NUMBER;
            break;
        default:
            kind = t[i].end - t[i].start == sizeof TAG_UTF8 - 1 &&
                           memcmp(text + t[i].start, TAG_UTF8,
                                  sizeof TAG_UTF8 - 1) == 0
                       ? MATCH_TOK_TAG
                       : MATCH_TOK_PUNCT;
        }
        strbuf_clear(&m->fold);
        rc = fold_key(m, kind, text + t[i].start, t[i].end - t[i].start,
                      &m->fold, err);
        if (rc != ANV_OK)
            return rc;
        uint32_t id;
        rc = key_id_of(key_id, ctx, m->fold.data, m->fold.len, &id, err);
        if (rc != ANV_OK)
            return rc;
        match_tok *tok = &out->tok[out->n++];
        tok->key = MATCH_KEY(kind, id);
        tok->cls = tok->key;
        if (kind == MATCH_TOK_LETTERS) {
            /* the class is named by the key of the stem ("L" + stem): a
             * key of its own when no word of the text is the bare stem */
            size_t word = m->fold.len - 1;
            size_t stem = inflection_class_len(m->fold.data + 1, word);
            if (stem < word) {
                rc = key_id_of(key_id, ctx, m->fold.data, 1 + stem, &id, err);
                if (rc != ANV_OK)
                    return rc;
                tok->cls = MATCH_KEY(MATCH_TOK_LETTERS, id);
            }
        }
        tok->start = (uint32_t)t[i].start;
        tok->end = (uint32_t)t[i].end;
        if (kind <= MATCH_TOK_NUMBER)
            out->words++;
    }
    return ANV_OK;
}

int match_intern_key(void *wordmap, const char *key, size_t n, uint32_t *id)
{
    if (wordmap_get(wordmap, key, n, id))
        return ANV_OK;
    size_t count = wordmap_count(wordmap);
    if (count > MATCH_MAX_ID)
        return ANV_ELIMIT;
    *id = (uint32_t)count;
    return wordmap_put(wordmap, key, n, *id);
}

/* ---- the score's arithmetic ---------------------------------------------- */

int match_score_of(unsigned half_edits, unsigned words, unsigned minor,
                   int identical)
{
    if (identical)
        return MATCH_SCORE_EXACT;
    long base = words ? (long)(100ull * (2ull * words - half_edits) /
                               (2ull * words))
                      : 100;
    long pen = minor > MATCH_MINOR_CAP ? MATCH_MINOR_CAP : (long)minor;
    if (half_edits == 0 && minor == 0)
        pen = 1; /* the texts differ in whitespace only */
    long s = base - pen;
    return s > 99 ? 99 : s < 0 ? 0 : (int)s;
}

int match_lifted(int word_score, int chars)
{
    if (word_score < 1 || word_score > MATCH_LIFT_CEIL)
        return word_score;
    int s = chars < word_score + MATCH_LIFT_MAX ? chars
                                                : word_score + MATCH_LIFT_MAX;
    if (s > MATCH_LIFT_CEIL)
        s = MATCH_LIFT_CEIL;
    return s > word_score ? s : word_score;
}

int match_word_bar(int min)
{
    if (min > MATCH_LIFT_CEIL)
        return min;
    int w = min - MATCH_LIFT_MAX;
    return w < 1 ? 1 : w;
}

unsigned match_max_half_edits(unsigned words, int min)
{
    if (min <= 0)
        return 2 * words;
    int bar = match_word_bar(min);
    if (bar >= 100)
        return 0;
    return (unsigned)(2ull * words * (unsigned)(100 - bar) / 100);
}

/* floor(floor(x) / 2) = floor(x / 2): the same as words * (100 - bar) /
 * 100 rounded down. */
unsigned match_max_word_edits(unsigned words, int min)
{
    return match_max_half_edits(words, min) / 2;
}

/* ---- word edits (the index's first test) -------------------------------- */

size_t match_word_classes(const match_seg *s, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        if (match_is_word(s->tok[i].key))
            out[k++] = match_word_class(s->tok[i].key, s->tok[i].cls);
    return k;
}

static size_t key_classes(const uint32_t *keys, size_t n,
                          const uint32_t *key_cls, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (match_is_word(keys[i]))
            out[k++] = match_word_class(keys[i],
                                        key_cls[MATCH_KEY_ID(keys[i])]);
    return k;
}

/* Room for the word classes of two texts of na and nb words. */
static int word_room(matcher *m, size_t na, size_t nb)
{
    return array_grow(&m->wa, &m->wa_cap, na + 1, sizeof *m->wa) == ANV_OK &&
           array_grow(&m->wb, &m->wb_cap, nb + 1, sizeof *m->wb) == ANV_OK &&
           array_grow(&m->band, &m->band_cap, 2 * (nb + 2),
                      sizeof *m->band) == ANV_OK;
}

static unsigned word_edits(matcher *m, size_t na, size_t nb, unsigned limit);

unsigned matcher_word_edits(matcher *m, const match_seg *a,
                            const match_seg *b, unsigned limit)
{
    size_t na = a->words, nb = b->words;
    if ((na > nb ? na - nb : nb - na) > limit)
        return limit + 1;
    if (!word_room(m, na, nb))
        return limit + 1; /* out of memory: "too far" (the caller's search
                             then fails loudly elsewhere, never with a
                             false score) */
    return word_edits(m, match_word_classes(a, m->wa),
                      match_word_classes(b, m->wb), limit);
}

unsigned matcher_word_edits_keys(matcher *m, const match_seg *a,
                                 const uint32_t *keys, size_t n,
                                 const uint32_t *key_cls, size_t words,
                                 unsigned limit)
{
    size_t na = a->words;
    if ((na > words ? na - words : words - na) > limit)
        return limit + 1;
    if (!word_room(m, na, words))
        return limit + 1;
    return word_edits(m, match_word_classes(a, m->wa),
                      key_classes(keys, n, key_cls, m->wb), limit);
}

/* The banded edit distance of the classes in m->wa[0..na), m->wb[0..nb). */
static unsigned word_edits(matcher *m, size_t na, size_t nb, unsigned limit)
{
    const unsigned big = limit + 1;
    const uint32_t *x = m->wa, *y = m->wb;
    unsigned *prev = m->band, *cur = m->band + nb + 2;
    /* Row 0: j edits to build y[0..j) from nothing; beyond the band, big. */
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j <= limit ? (unsigned)j : big;
    for (size_t i = 1; i <= na; i++) {
        size_t lo = i > limit ? i - limit : 1;
        size_t hi = i + limit < nb ? i + limit : nb;
        cur[lo - 1] = lo == 1 && i <= limit ? (unsigned)i : big;
        unsigned rowmin = cur[lo - 1];
        for (size_t j = lo; j <= hi; j++) {
            unsigned c = prev[j - 1] + (x[i - 1] != y[j - 1]);
            if (prev[j] + 1 < c)
                c = prev[j] + 1;
            if (cur[j - 1] + 1 < c)
                c = cur[j - 1] + 1;
            cur[j] = c < big ? c : big;
            if (cur[j] < rowmin)
                rowmin = cur[j];
        }
        if (hi < nb)
            cur[hi + 1] = big; /* read as "up" by the next row */
        if (rowmin >= big)
            return big;
        unsigned *t = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb] < big ? prev[nb] : big;
}

/* ---- the full comparison ------------------------------------------------- */

/* Word edits are counted in halves (the high half of a cost): a word
 * edit is 2, a word replaced by another form of it (same class) 1. */
#define COST_WORD ((uint64_t)2 << 32)
#define COST_INFLECTION ((uint64_t)1 << 32)
#define COST_MINOR 1
#define COST_NEVER (UINT64_MAX / 4)

static int same_bytes(const match_seg *a, const match_tok *ta,
                      const match_seg *b, const match_tok *tb)
{
    return ta->end - ta->start == tb->end - tb->start &&
           memcmp(a->text + ta->start, b->text + tb->start,
                  ta->end - ta->start) == 0;
}

/* Cost of aligning two tokens with different keys, by their kinds
 * (letters, number, punctuation, tag): another word or number is a word
 * edit, another number or punctuation mark or tag a minor one, and a word
 * never stands for a mark. */
static const uint64_t SUB_BY_KIND[4][4] = {
    {COST_WORD, COST_WORD, COST_NEVER, COST_NEVER},
    {COST_WORD, COST_MINOR, COST_NEVER, COST_NEVER},
    {COST_NEVER, COST_NEVER, COST_MINOR, COST_NEVER},
    {COST_NEVER, COST_NEVER, COST_NEVER, COST_MINOR},
};

/* Cost of inserting or deleting a token, by its kind. */
static const uint64_t INDEL_BY_KIND[4] = {COST_WORD, COST_WORD, COST_MINOR,
                                          COST_MINOR};

/* Cost of aligning source token s with query token q.  Equal keys are
 * tested first: that and "two different letter words" are nearly all
 * cells of the table.  Other keys of one class are two forms of a word
 * (only letters tokens have a class apart from their key).  Inline: gcc
 * called it for every cell, and the comparison of two 64-word sentences
 * has 6,000 cells (the inlined table loop made the slowest lookups 12 %
 * faster). */
static inline uint64_t sub_cost(const match_seg *src, const match_tok *s,
                                const match_seg *qry, const match_tok *q)
{
    if (s->key == q->key)
        return same_bytes(src, s, qry, q) ? 0 : COST_MINOR;
    if (s->cls == q->cls)
        return COST_INFLECTION;
    return SUB_BY_KIND[MATCH_KEY_KIND(s->key)][MATCH_KEY_KIND(q->key)];
}

static inline uint64_t indel_cost(const match_tok *t)
{
    return INDEL_BY_KIND[MATCH_KEY_KIND(t->key)];
}

/* Direction of a traced cell. */
enum { DIR_DIAG, DIR_DELETE, DIR_INSERT };

/* The table of compare_segs with the directions a diff is traced from.
 * prev holds row 0; returns the total cost. */
static uint64_t table_traced(matcher *m, const match_seg *src,
                             const match_seg *qry, uint64_t *prev,
                             uint64_t *cur)
{
    size_t ns = src->n, nq = qry->n, cols = nq + 1;
    for (size_t j = 1; j <= nq; j++)
        m->dir[j] = DIR_INSERT;
    for (size_t i = 1; i <= ns; i++) {
        const match_tok *s = &src->tok[i - 1];
        uint64_t del = indel_cost(s);
        cur[0] = prev[0] + del;
        m->dir[i * cols] = DIR_DELETE;
        for (size_t j = 1; j <= nq; j++) {
            const match_tok *q = &qry->tok[j - 1];
            uint64_t best = prev[j - 1] + sub_cost(src, s, qry, q);
            unsigned char d = DIR_DIAG;
            uint64_t c = prev[j] + del;
            if (c < best)
                best = c, d = DIR_DELETE;
            c = cur[j - 1] + indel_cost(q);
            if (c < best)
                best = c, d = DIR_INSERT;
            cur[j] = best;
            m->dir[i * cols + j] = d;
        }
        uint64_t *t = prev;
        prev = cur;
        cur = t;
    }
    return prev[nq];
}

/* The table of compare_segs when no diff is wanted, which is how every
 * candidate of an index search is scored.  The same recurrence, with the
 * query's keys, classes and kinds in flat arrays (m->qkey, m->qcls,
 * m->qkind) and a row of SUB_BY_KIND per source token, so that a cell is
 * a key compare (and a class compare when the keys differ), two table
 * loads and three adds: the comparison of two long sentences was
 * two thirds of the slowest lookups' time (callgrind: 44 instructions a
 * cell before).  prev holds row 0; returns the total cost.
 *
 * `cutoff`: a cost at or above it only needs to be known as such (the
 * search's bar allows fewer word edits); such a cell is stored as
 * COST_DEAD and not continued.  Costs only add up along a path, so the
 * cells of the best path are all below the cutoff when its total is: each
 * row is computed over the columns still below it in the row before (the
 * band of the diagonal that the word edits allow), and past them only as
 * far as cheap insertions (marks, tags) reach.  Returns COST_DEAD when the
 * total reaches the cutoff.  With two long sentences and a bar of 75 or
 * more, most of the table is outside the band. */
#define COST_DEAD COST_NEVER

static uint64_t table_untraced(matcher *m, const match_seg *src,
                               const match_seg *qry, uint64_t *prev,
                               uint64_t *cur, uint64_t cutoff)
{
    size_t ns = src->n, nq = qry->n;
    const uint32_t *qkey = m->qkey, *qcls = m->qcls;
    const unsigned char *qkind = m->qkind;
    /* prev's cells below the cutoff are in [lo, hi]; its cells from
     * lo - 1 to hi + 1 are set (computed, or COST_DEAD) */
    size_t lo = 0, hi = nq;
    for (size_t i = 1; i <= ns; i++) {
        const match_tok *s = &src->tok[i - 1];
        uint32_t sk = s->key, sc = s->cls;
        const uint64_t *row = SUB_BY_KIND[MATCH_KEY_KIND(sk)];
        uint64_t del = indel_cost(s);
        cur[0] = prev[0] + del < cutoff ? prev[0] + del : COST_DEAD;
        size_t first = lo > 1 ? lo : 1, end = hi < nq ? hi + 1 : nq;
        if (first > 1)
            cur[first - 1] = COST_DEAD;
        size_t j;
        for (j = first; j <= end; j++) {
            uint64_t sub = qkey[j - 1] != sk
                               ? qcls[j - 1] == sc ? COST_INFLECTION
                                                   : row[qkind[j - 1]]
                           : same_bytes(src, s, qry, &qry->tok[j - 1])
                               ? 0
                               : COST_MINOR;
            uint64_t best = prev[j - 1] + sub, c = prev[j] + del;
            best = c < best ? c : best;
            c = cur[j - 1] + INDEL_BY_KIND[qkind[j - 1]];
            best = c < best ? c : best;
            cur[j] = best < cutoff ? best : COST_DEAD;
        }
        /* past the band, only insertions from a live cell */
        for (; j <= nq && cur[j - 1] < cutoff; j++) {
            uint64_t c = cur[j - 1] + INDEL_BY_KIND[qkind[j - 1]];
            cur[j] = c < cutoff ? c : COST_DEAD;
        }
        if (j <= nq)
            cur[j] = COST_DEAD;
        /* the live cells' ends, found from the outside in (a cell or two
         * at each edge of the band) */
        size_t new_lo = 0, new_hi = j - 1;
        if (cur[0] >= cutoff) {
            for (new_lo = first; new_lo < j && cur[new_lo] >= cutoff; new_lo++)
                ;
            if (new_lo == j)
                return COST_DEAD;
        }
        while (cur[new_hi] >= cutoff)
            new_hi--;
        lo = new_lo;
        hi = new_hi;
        uint64_t *t = prev;
        prev = cur;
        cur = t;
    }
    return hi == nq ? prev[nq] : COST_DEAD;
}

/* The query's keys, classes and kinds into m->qkey, m->qcls, m->qkind
 * (table_untraced). */
static int query_columns(matcher *m, const match_seg *qry)
{
    if (array_grow(&m->qkey, &m->qkey_cap, qry->n + 1, sizeof *m->qkey) !=
            ANV_OK ||
        array_grow(&m->qcls, &m->qcls_cap, qry->n + 1, sizeof *m->qcls) !=
            ANV_OK ||
        array_grow(&m->qkind, &m->qkind_cap, qry->n + 1, 1) != ANV_OK)
        return ANV_ENOMEM;
    for (size_t j = 0; j < qry->n; j++) {
        m->qkey[j] = qry->tok[j].key;
        m->qcls[j] = qry->tok[j].cls;
        m->qkind[j] = (unsigned char)MATCH_KEY_KIND(qry->tok[j].key);
    }
    return ANV_OK;
}

static int push_diff(matcher *m, match_op op, match_diff_kind kind,
                     size_t s0, size_t s1, size_t q0, size_t q1)
{
    if (array_grow(&m->diff, &m->diff_cap, m->n_diff + 1, sizeof *m->diff) !=
        ANV_OK)
        return ANV_ENOMEM;
    match_diff *d = &m->diff[m->n_diff++];
    d->op = op;
    d->kind = kind;
    d->src_start = s0;
    d->src_end = s1;
    d->query_start = q0;
    d->query_end = q1;
    return ANV_OK;
}

/* CASE when the two tokens (same key) differ only by case folding,
 * VARIANT otherwise. */
static match_diff_kind case_or_variant(matcher *m, const char *a, size_t an,
                                       const char *b, size_t bn)
{
    strbuf_clear(&m->fold);
    size_t cut;
    if (casefold(m, a, an, &m->fold, NULL) != ANV_OK)
        return MATCH_DIFF_VARIANT;
    cut = m->fold.len;
    if (casefold(m, b, bn, &m->fold, NULL) != ANV_OK)
        return MATCH_DIFF_VARIANT;
    return cut * 2 == m->fold.len &&
                   memcmp(m->fold.data, m->fold.data + cut, cut) == 0
               ? MATCH_DIFF_CASE
               : MATCH_DIFF_VARIANT;
}

/* Whitespace before token i (or after the last one when i == n). */
static void gap_before(const match_seg *s, size_t i, size_t *g0, size_t *g1)
{
    *g0 = i > 0 ? s->tok[i - 1].end : 0;
    *g1 = i < s->n ? s->tok[i].start : s->len;
}

static int diff_gap(matcher *m, const match_seg *src, size_t i,
                    const match_seg *qry, size_t j)
{
    size_t s0, s1, q0, q1;
    gap_before(src, i, &s0, &s1);
    gap_before(qry, j, &q0, &q1);
    if (s1 - s0 == q1 - q0 &&
        memcmp(src->text + s0, qry->text + q0, s1 - s0) == 0)
        return ANV_OK;
    return push_diff(m, MATCH_OP_SUBSTITUTE, MATCH_DIFF_SPACE, s0, s1, q0,
                     q1);
}

/* Walk the traced table from the end, then put the steps in text order. */
static int trace(matcher *m, const match_seg *src, const match_seg *qry,
                 match_result *out)
{
    size_t ns = src->n, nq = qry->n, cols = nq + 1;
    size_t i = ns, j = nq;
    /* Steps are collected backwards as (i, j, dir) in the diff array's
     * spare room would complicate things; count them first instead. */
    size_t steps = 0;
    while (i > 0 || j > 0) {
        unsigned char d = m->dir[i * cols + j];
        steps++;
        if (d == DIR_DIAG)
            i--, j--;
        else if (d == DIR_DELETE)
            i--;
        else
            j--;
    }
    unsigned char *path = malloc(steps ? steps : 1);
    if (!path)
        return ANV_ENOMEM;
    i = ns;
    j = nq;
    for (size_t k = steps; k-- > 0;) {
        unsigned char d = m->dir[i * cols + j];
        path[k] = d;
        if (d == DIR_DIAG)
            i--, j--;
        else if (d == DIR_DELETE)
            i--;
        else
            j--;
    }
    int rc = ANV_OK;
    int prev_diag = 1; /* the text starts are aligned */
    i = j = 0;
    for (size_t k = 0; k < steps && rc == ANV_OK; k++) {
        if (path[k] == DIR_DIAG) {
            const match_tok *s = &src->tok[i], *q = &qry->tok[j];
            if (prev_diag)
                rc = diff_gap(m, src, i, qry, j);
            uint64_t c = sub_cost(src, s, qry, q);
            if (rc == ANV_OK && c) {
                unsigned kind = MATCH_KEY_KIND(s->key);
                match_diff_kind dk;
                /* a form of a common stem (करता / करेगा) costs a word
                 * but is still shown as another form of it */
                if (c == COST_INFLECTION ||
                    (c >= COST_WORD &&
                     inflection_same_word(src->text + s->start,
                                          s->end - s->start,
                                          qry->text + q->start,
                                          q->end - q->start))) {
                    dk = MATCH_DIFF_INFLECTION;
                    out->inflections++;
                } else if (c >= COST_WORD)
                    dk = MATCH_DIFF_WORD;
                else if (kind == MATCH_TOK_NUMBER && s->key != q->key) {
                    dk = MATCH_DIFF_NUMBER;
                    out->number_mismatches++;
                } else if (kind == MATCH_TOK_LETTERS)
                    dk = case_or_variant(m, src->text + s->start,
                                         s->end - s->start,
                                         qry->text + q->start,
                                         q->end - q->start);
                else if (s->key == q->key)
                    dk = MATCH_DIFF_VARIANT;
                else
                    dk = MATCH_DIFF_PUNCT;
                rc = push_diff(m, MATCH_OP_SUBSTITUTE, dk, s->start, s->end,
                               q->start, q->end);
            }
            i++, j++;
            prev_diag = 1;
        } else if (path[k] == DIR_DELETE) {
            const match_tok *s = &src->tok[i];
            unsigned kind = MATCH_KEY_KIND(s->key);
            size_t qpos = j > 0 ? qry->tok[j - 1].end : 0;
            if (kind == MATCH_TOK_TAG)
                out->tag_mismatches++;
            rc = push_diff(m, MATCH_OP_DELETE,
                           kind == MATCH_TOK_TAG     ? MATCH_DIFF_TAG
                           : kind == MATCH_TOK_PUNCT ? MATCH_DIFF_PUNCT
                                                     : MATCH_DIFF_WORD,
                           s->start, s->end, qpos, qpos);
            i++;
            prev_diag = 0;
        } else {
            const match_tok *q = &qry->tok[j];
            unsigned kind = MATCH_KEY_KIND(q->key);
            size_t spos = i > 0 ? src->tok[i - 1].end : 0;
            if (kind == MATCH_TOK_TAG)
                out->tag_mismatches++;
            rc = push_diff(m, MATCH_OP_INSERT,
                           kind == MATCH_TOK_TAG     ? MATCH_DIFF_TAG
                           : kind == MATCH_TOK_PUNCT ? MATCH_DIFF_PUNCT
                                                     : MATCH_DIFF_WORD,
                           spos, spos, q->start, q->end);
            j++;
            prev_diag = 0;
        }
    }
    if (rc == ANV_OK && prev_diag)
        rc = diff_gap(m, src, ns, qry, nq); /* trailing whitespace */
    free(path);
    return rc;
}

/* matcher_compare_segs and matcher_compare_segs_bar: bar <= 0 for none;
 * *below set when the word score falls short of bar. */
static int compare_segs(matcher *m, const match_seg *query,
                        const match_seg *source, int want_diff, int bar,
                        match_result *out, int *below)
{
    memset(out, 0, sizeof *out);
    *below = 0;
    m->n_diff = 0;
    const match_seg *src = source, *qry = query;
    size_t ns = src->n, nq = qry->n, cols = nq + 1;
    int traced = want_diff && (ns + 1) <= MATCH_DIFF_MAX_CELLS / cols;
    if (array_grow(&m->row0, &m->row0_cap, cols, sizeof *m->row0) != ANV_OK ||
        array_grow(&m->row1, &m->row1_cap, cols, sizeof *m->row1) != ANV_OK)
        return ANV_ENOMEM;
    if (traced &&
        array_grow(&m->dir, &m->dir_cap, (ns + 1) * cols, 1) != ANV_OK)
        return ANV_ENOMEM;
    uint64_t *prev = m->row0, *cur = m->row1;
    prev[0] = 0;
    for (size_t j = 1; j <= nq; j++)
        prev[j] = prev[j - 1] + indel_cost(&qry->tok[j - 1]);
    out->words = (unsigned)(src->words > qry->words ? src->words : qry->words);
    /* Above the lift's ceiling only the word score can reach the bar:
     * more word edits than it allows need not be counted exactly. */
    unsigned hmax = bar > MATCH_LIFT_CEIL
                        ? match_max_half_edits(out->words, bar)
                        : UINT32_MAX;
    uint64_t cutoff = hmax < UINT32_MAX
                          ? ((uint64_t)hmax + 1) * COST_INFLECTION
                          : UINT64_MAX;
    uint64_t total;
    if (traced)
        total = table_traced(m, src, qry, prev, cur);
    else if (query_columns(m, qry) != ANV_OK)
        return ANV_ENOMEM;
    else
        total = table_untraced(m, src, qry, prev, cur, cutoff);
    if (total >= cutoff) /* at least this many: below the bar */
        total = cutoff;
    out->half_edits = (unsigned)(total >> 32);
    out->word_edits = (out->half_edits + 1) / 2;
    out->minor = (unsigned)(total & 0xffffffffu);
    int identical = src->len == qry->len &&
                    memcmp(src->text, qry->text, src->len) == 0;
    out->word_score = match_score_of(out->half_edits, out->words,
                                     out->minor, identical);
    if (bar > MATCH_LIFT_CEIL && out->word_score < bar) {
        /* no lift above the ceiling: the score is the word score */
        out->score = out->word_score;
        *below = 1;
        return ANV_OK;
    }
    out->chars = identical ? 100
                           : char_sim_score(m->chars, qry->text, qry->len,
                                            src->text, src->len);
    if (out->chars < 0)
        return ANV_ENOMEM;
    out->score = match_lifted(out->word_score, out->chars);
    if (traced) {
        if (trace(m, src, qry, out) != ANV_OK)
            return ANV_ENOMEM;
        out->has_diff = 1;
        out->diff = m->diff;
        out->n_diff = m->n_diff;
    }
    return ANV_OK;
}

int matcher_compare_segs(matcher *m, const match_seg *query,
                         const match_seg *source, int want_diff,
                         match_result *out)
{
    int below;
    return compare_segs(m, query, source, want_diff, 0, out, &below);
}

int matcher_compare_segs_bar(matcher *m, const match_seg *query,
                             const match_seg *source, int bar,
                             match_result *out, int *below)
{
    return compare_segs(m, query, source, 0, bar, out, below);
}

/* ---- comparing two texts --------------------------------------------- */

int match_normalize(const char *what, const char *s, size_t n, strbuf *out,
                    anv_error *err)
{
    size_t bad;
    if (!text_is_valid_utf8(s, n, &bad))
        return anv_error_set(err, ANV_EUTF8, "%s: invalid UTF-8 at byte %zu",
                             what, bad);
    strbuf_clear(out);
    int rc = text_append_nfc(out, s, n, err);
    if (rc == ANV_OK && !out->data && strbuf_append(out, "", 0) != ANV_OK)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    return rc;
}

static void seg_of(match_seg *seg, const char *text, size_t len,
                   const match_tokens *t)
{
    seg->text = text;
    seg->len = len;
    seg->tok = t->tok;
    seg->n = t->n;
    seg->words = t->words;
}

int matcher_compare(matcher *m, const char *query, size_t qlen,
                    const char *source, size_t slen, match_result *out,
                    anv_error *err)
{
    int rc = match_normalize("query", query, qlen, &m->nq, err);
    if (rc == ANV_OK)
        rc = match_normalize("source", source, slen, &m->ns, err);
    if (rc == ANV_OK)
        rc = matcher_tokenize(m, m->nq.data, m->nq.len, match_intern_key, m->keys,
                              &m->tq, err);
    if (rc == ANV_OK)
        rc = matcher_tokenize(m, m->ns.data, m->ns.len, match_intern_key, m->keys,
                              &m->ts, err);
    if (rc != ANV_OK)
        return rc;
    match_seg q, s;
    seg_of(&q, m->nq.data, m->nq.len, &m->tq);
    seg_of(&s, m->ns.data, m->ns.len, &m->ts);
    if (matcher_compare_segs(m, &q, &s, 1, out) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    return ANV_OK;
}

int matcher_prepare(matcher *m, const char *text, size_t len,
                    match_prepared **out, anv_error *err)
{
    *out = NULL;
    match_prepared *p = calloc(1, sizeof *p);
    if (!p)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    strbuf b = STRBUF_INIT;
    int rc = match_normalize("text", text, len, &b, err);
    if (rc == ANV_OK) {
        p->text = strbuf_detach(&b, &p->len);
        if (!p->text)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    if (rc == ANV_OK)
        rc = matcher_tokenize(m, p->text, p->len, match_intern_key, m->keys,
                              &p->toks, err);
    strbuf_release(&b);
    if (rc != ANV_OK) {
        match_prepared_free(p);
        return rc;
    }
    *out = p;
    return ANV_OK;
}

void match_prepared_free(match_prepared *p)
{
    if (!p)
        return;
    free(p->text);
    match_tokens_release(&p->toks);
    free(p);
}

const char *match_prepared_text(const match_prepared *p, size_t *len)
{
    *len = p->len;
    return p->text;
}

int matcher_compare_prepared(matcher *m, const match_prepared *query,
                             const match_prepared *source, int want_diff,
                             match_result *out, anv_error *err)
{
    match_seg q, s;
    seg_of(&q, query->text, query->len, &query->toks);
    seg_of(&s, source->text, source->len, &source->toks);
    if (matcher_compare_segs(m, &q, &s, want_diff, out) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    return ANV_OK;
}

/* ---- context ------------------------------------------------------------ */

static int same_neighbour(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

int match_context_equal(const match_context *a, const match_context *b)
{
    return a && b && same_neighbour(a->prev, b->prev) &&
           same_neighbour(a->next, b->next);
}

void match_apply_context(match_result *r, const match_context *query_ctx,
                         const match_context *unit_ctx)
{
    if (r->score == MATCH_SCORE_EXACT &&
        match_context_equal(query_ctx, unit_ctx))
        r->score = MATCH_SCORE_CONTEXT;
}

/* ---- showing a diff ------------------------------------------------------ */

const char *match_op_name(match_op op)
{
    switch (op) {
    case MATCH_OP_INSERT:
        return "insert";
    case MATCH_OP_DELETE:
        return "delete";
    default:
        return "substitute";
    }
}

const char *match_diff_kind_name(match_diff_kind kind)
{
    static const char *const names[] = {"word",  "number", "case",
                                        "variant", "punct", "tag",
                                        "space", "inflection"};
    return (unsigned)kind < sizeof names / sizeof *names ? names[kind]
                                                         : "word";
}

json_t *match_diff_json(const match_result *r, const char *source,
                        const char *query)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < r->n_diff; k++) {
        const match_diff *d = &r->diff[k];
        json_t *o = json_pack(
            "{s:s, s:s, s:[I,I], s:[I,I], s:s%, s:s%}", "op",
            match_op_name(d->op), "kind", match_diff_kind_name(d->kind),
            "match", (json_int_t)d->src_start, (json_int_t)d->src_end,
            "query", (json_int_t)d->query_start, (json_int_t)d->query_end,
            "match_text", source + d->src_start, d->src_end - d->src_start,
            "query_text", query + d->query_start,
            d->query_end - d->query_start);
        if (json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

int match_diff_append_marked(strbuf *out, const match_result *r,
                             const char *source, size_t slen,
                             const char *query)
{
    static const match_marks wdiff = {"[-", "-]", "{+", "+}"};
    return match_diff_append_styled(out, r, source, slen, query, &wdiff);
}

int match_diff_append_styled(strbuf *out, const match_result *r,
                             const char *source, size_t slen,
                             const char *query, const match_marks *mk)
{
    size_t pos = 0;
    int rc = ANV_OK;
    for (size_t k = 0; k < r->n_diff && rc == ANV_OK; k++) {
        const match_diff *d = &r->diff[k];
        if (d->kind == MATCH_DIFF_SPACE)
            continue;
        if (d->src_start > pos) {
            rc = strbuf_append(out, source + pos, d->src_start - pos);
            pos = d->src_start;
        }
        if (rc == ANV_OK && d->op != MATCH_OP_INSERT)
            rc = strbuf_printf(out, "%s%.*s%s", mk->del_open,
                               (int)(d->src_end - d->src_start),
                               source + d->src_start, mk->del_close);
        if (rc == ANV_OK && d->op != MATCH_OP_DELETE) {
            /* A word inserted between two words gets spaces on both
             * sides: "a {+b+} c", not "a{+b+} c". */
            int word = d->op == MATCH_OP_INSERT && d->kind == MATCH_DIFF_WORD;
            if (word && pos < slen && source[pos] == ' ') {
                rc = strbuf_append_char(out, ' ');
                pos++;
            } else if (word && pos == slen && pos > 0) {
                rc = strbuf_append_char(out, ' ');
            }
            if (rc == ANV_OK)
                rc = strbuf_printf(out, "%s%.*s%s%s", mk->ins_open,
                                   (int)(d->query_end - d->query_start),
                                   query + d->query_start, mk->ins_close,
                                   word && pos < slen ? " " : "");
        }
        if (d->src_end > pos)
            pos = d->src_end;
    }
    if (rc == ANV_OK)
        rc = strbuf_append(out, source + pos, slen - pos);
    return rc;
}
