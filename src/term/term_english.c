/*
 * term_english.c - an English term in its inflected forms (see
 * term_english.h).
 *
 * A call splits the text and the term into words (ICU, as everywhere)
 * and lower-cases them (ASCII letters: English terms; other letters
 * compare as they are), then tries the term at each word of the text.
 * A text word is compared with a term word by `same_word`: equality, the
 * plural rules, then the dictionary's stems, then the stemmer.  Each
 * word's stems are found once, when first needed, and kept with it; the
 * text's words are kept until another text comes, since a segment is
 * asked about each of its terms in turn (QA, the confirm check).
 */
#include "term/term_english.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/strbuf.h"
#include "text/stem.h"
#include "text/words.h"

#define MAX_TERM_WORDS 12

/* One word and what is known of it; strings are offsets into the pool of
 * its side (text or term). */
typedef struct eword {
    size_t start, end;   /* bytes in the text (term) */
    size_t lower, lower_len;
    size_t stems, n_stems; /* hunspell's, NUL-separated */
    size_t snow, snow_len; /* Snowball's */
    int have_stems, have_snow;
} eword;

typedef struct eside {
    strbuf pool;
    eword *w;
    size_t n, cap;
} eside;

struct term_english {
    spell_checker *spell, *own_spell;
    spell_lang english;
    word_splitter *ws;
    word_stemmer *stemmer;
    eside text, term;
    strbuf last_text;  /* the text `text` holds the words of */
    int have_text;
};

term_english *term_english_new(spell_checker *spell, spell_lang english,
                               anv_error *err)
{
    term_english *t = calloc(1, sizeof *t);
    if (!t) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    t->english = english == SPELL_EN_GB ? SPELL_EN_GB : SPELL_EN_US;
    if (!spell) {
        spell_options o;
        spell_options_init(&o);
        o.lang = t->english;
        o.project_lists = 0;
        o.personal_dir = "";
        spell = t->own_spell = spell_checker_new(&o, err);
    }
    t->spell = spell;
    if (!spell || !(t->ws = word_splitter_new("en", err)) ||
        !(t->stemmer = word_stemmer_new("english", err))) {
        term_english_free(t);
        return NULL;
    }
    return t;
}

void term_english_free(term_english *t)
{
    if (!t)
        return;
    spell_checker_free(t->own_spell);
    word_splitter_free(t->ws);
    word_stemmer_free(t->stemmer);
    strbuf_release(&t->text.pool);
    free(t->text.w);
    strbuf_release(&t->term.pool);
    free(t->term.w);
    strbuf_release(&t->last_text);
    free(t);
}

/* The words of s[0..n) into `side`, lower-cased, nothing else known yet. */
static int split_words(term_english *t, const char *s, size_t n, eside *side,
                       anv_error *err)
{
    const word_token *tok;
    size_t nt;
    strbuf_clear(&side->pool);
    side->n = 0;
    int rc = word_splitter_split(t->ws, s, n, &tok, &nt, err);
    for (size_t i = 0; rc == ANV_OK && i < nt; i++) {
        if (tok[i].kind != WORD_LETTERS && tok[i].kind != WORD_NUMBER)
            continue;
        if (array_grow(&side->w, &side->cap, side->n + 1, sizeof *side->w) !=
            ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        eword *w = &side->w[side->n++];
        memset(w, 0, sizeof *w);
        w->start = tok[i].start;
        w->end = tok[i].end;
        w->lower = side->pool.len;
        w->lower_len = tok[i].end - tok[i].start;
        if (strbuf_append(&side->pool, s + w->start, w->lower_len) != ANV_OK ||
            strbuf_append_char(&side->pool, '\0') != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        for (size_t k = 0; k < w->lower_len; k++)
            side->pool.data[w->lower + k] =
                (char)tolower((unsigned char)side->pool.data[w->lower + k]);
    }
    return rc;
}

/* w's hunspell stems (0 of them: a word the dictionary does not know). */
static int need_stems(term_english *t, eside *side, eword *w, anv_error *err)
{
    if (w->have_stems)
        return ANV_OK;
    /* spell_stems appends to the pool, which may move: copy the word */
    strbuf word = STRBUF_INIT;
    int rc = strbuf_append(&word, side->pool.data + w->lower, w->lower_len);
    w->stems = side->pool.len;
    if (rc == ANV_OK)
        rc = spell_stems(t->spell, t->english, word.data, word.len,
                         &side->pool, &w->n_stems, err);
    else
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    strbuf_release(&word);
    w->have_stems = rc == ANV_OK;
    return rc;
}

/* w's Snowball stem. */
static int need_snow(term_english *t, eside *side, eword *w, anv_error *err)
{
    if (w->have_snow)
        return ANV_OK;
    const char *s;
    int rc = word_stemmer_stem(t->stemmer, side->pool.data + w->lower,
                               w->lower_len, &s, &w->snow_len, err);
    w->snow = side->pool.len;
    if (rc == ANV_OK && strbuf_append(&side->pool, s, w->snow_len) != ANV_OK)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    w->have_snow = rc == ANV_OK;
    return rc;
}

/* Plurals no affix rule makes: Latin and Greek endings and the old
 * irregular nouns.  `x` is the plural of `w` when w ends in `one` and x
 * is w with that ending replaced by `many`. */
static const struct {
    const char *one, *many;
} plurals[] = {
    {"is", "es"},     {"um", "a"},       {"on", "a"},        {"us", "i"},
    {"ix", "ices"},   {"ex", "ices"},    {"a", "ae"},        {"man", "men"},
    {"child", "children"}, {"person", "people"}, {"foot", "feet"},
    {"tooth", "teeth"}, {"mouse", "mice"}, {"goose", "geese"},
    {"f", "ves"},     {"fe", "ves"},
};

static int is_plural_of(const char *x, size_t xn, const char *w, size_t wn)
{
    for (size_t i = 0; i < sizeof plurals / sizeof *plurals; i++) {
        size_t on = strlen(plurals[i].one), mn = strlen(plurals[i].many);
        if (wn < on || (on <= 2 && wn < 4) || wn - on + mn != xn ||
            memcmp(w + wn - on, plurals[i].one, on) != 0)
            continue;
        if (memcmp(x, w, wn - on) == 0 &&
            memcmp(x + wn - on, plurals[i].many, mn) == 0)
            return 1;
    }
    return 0;
}

/* Text word x is term word w: 1, 0, or < 0. */
static int same_word(term_english *t, eword *x, eword *w, anv_error *err)
{
    const char *xl = t->text.pool.data + x->lower;
    const char *wl = t->term.pool.data + w->lower;
    size_t xn = x->lower_len, wn = w->lower_len;
    if (xn == wn && memcmp(xl, wl, xn) == 0)
        return 1;
    if (is_plural_of(xl, xn, wl, wn))
        return 1;
    int rc = need_stems(t, &t->text, x, err);
    if (rc != ANV_OK)
        return rc;
    if (x->n_stems) { /* a word the dictionary knows: its stems decide */
        if ((rc = need_stems(t, &t->term, w, err)) != ANV_OK)
            return rc;
        wl = t->term.pool.data + w->lower;
        const char *xs = t->text.pool.data + x->stems;
        for (size_t k = 0; k < x->n_stems; k++, xs += strlen(xs) + 1) {
            if (strlen(xs) == wn && memcmp(xs, wl, wn) == 0)
                return 1;
            const char *ws = t->term.pool.data + w->stems;
            for (size_t m = 0; m < w->n_stems; m++, ws += strlen(ws) + 1)
                if (strcmp(ws, xs) == 0)
                    return 1;
        }
        return 0;
    }
    if ((rc = need_snow(t, &t->text, x, err)) != ANV_OK ||
        (rc = need_snow(t, &t->term, w, err)) != ANV_OK)
        return rc;
    return x->snow_len == w->snow_len &&
           memcmp(t->text.pool.data + x->snow, t->term.pool.data + w->snow,
                  x->snow_len) == 0;
}

/* Only spaces and hyphens in s[a..b), and at least one. */
static int joiner(const char *s, size_t a, size_t b)
{
    if (a >= b)
        return 0;
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ' && s[i] != '-')
            return 0;
    return 1;
}

int term_english_find(term_english *t, const char *text, size_t len,
                      const char *term, size_t *start, size_t *end,
                      anv_error *err)
{
    int rc = ANV_OK;
    if (!t->have_text || t->last_text.len != len ||
        (len && memcmp(t->last_text.data, text, len) != 0)) {
        t->have_text = 0;
        strbuf_clear(&t->last_text);
        if (strbuf_append(&t->last_text, text, len) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        if ((rc = split_words(t, text, len, &t->text, err)) != ANV_OK)
            return rc;
        t->have_text = 1;
    }
    if ((rc = split_words(t, term, strlen(term), &t->term, err)) != ANV_OK)
        return rc;
    eword *xw = t->text.w, *tw = t->term.w;
    size_t nxw = t->text.n, ntw = t->term.n;
    if (ntw > MAX_TERM_WORDS)
        ntw = MAX_TERM_WORDS;
    for (size_t i = 0; ntw && i + ntw <= nxw; i++) {
        int ok = 1;
        for (size_t j = 0; ok && j < ntw; j++) {
            if (j && !joiner(text, xw[i + j - 1].end, xw[i + j].start)) {
                ok = 0;
                break;
            }
            int same = same_word(t, &xw[i + j], &tw[j], err);
            if (same < 0)
                return same;
            ok = same == 1;
        }
        if (ok) {
            if (start)
                *start = xw[i].start;
            if (end)
                *end = xw[i + ntw - 1].end;
            return 1;
        }
    }
    return 0;
}
