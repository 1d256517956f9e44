/*
 * term_english.c - an English term in its inflected forms (see
 * term_english.h).
 *
 * Each call splits the text into words (ICU, as everywhere), lower-cases
 * them (ASCII letters: English terms; other letters compare as they
 * are) and tries the term at each word.  A text word is compared with a
 * term word by `same_word`: equality, then the dictionary's stems, then
 * the plural rules, then the stemmer.  Segments are short and terms few,
 * so nothing is cached between calls.
 */
#include "term/term_english.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "text/stem.h"
#include "text/words.h"

#define MAX_TERM_WORDS 12

struct term_english {
    spell_checker *spell, *own_spell;
    spell_lang english;
    word_splitter *ws;
    word_stemmer *stemmer;
    strbuf a, b, stems, tmp;
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
    strbuf_release(&t->a);
    strbuf_release(&t->b);
    strbuf_release(&t->stems);
    strbuf_release(&t->tmp);
    free(t);
}

static int lower(strbuf *out, const char *w, size_t n)
{
    strbuf_clear(out);
    int rc = strbuf_append(out, w, n);
    for (size_t i = 0; rc == ANV_OK && i < out->len; i++)
        out->data[i] = (char)tolower((unsigned char)out->data[i]);
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

/* Text word x (lower case) is term word w (lower case): 1, 0, or < 0. */
static int same_word(term_english *t, const char *x, size_t xn, const char *w,
                     size_t wn, anv_error *err)
{
    if (xn == wn && memcmp(x, w, xn) == 0)
        return 1;
    if (is_plural_of(x, xn, w, wn))
        return 1;
    size_t nx, nw;
    strbuf_clear(&t->stems);
    strbuf_clear(&t->tmp);
    int rc = spell_stems(t->spell, t->english, x, xn, &t->stems, &nx, err);
    if (rc == ANV_OK)
        rc = spell_stems(t->spell, t->english, w, wn, &t->tmp, &nw, err);
    if (rc != ANV_OK)
        return rc;
    if (nx) { /* a word the dictionary knows: its stems decide */
        for (size_t i = 0, k = 0; k < nx; k++) {
            const char *xs = t->stems.data + i;
            size_t xsn = strlen(xs);
            if (xsn == wn && memcmp(xs, w, wn) == 0)
                return 1;
            for (size_t j = 0, m = 0; m < nw; m++) {
                const char *ws = t->tmp.data + j;
                if (strcmp(ws, xs) == 0)
                    return 1;
                j += strlen(ws) + 1;
            }
            i += xsn + 1;
        }
        return 0;
    }
    const char *s;
    size_t sn;
    strbuf_clear(&t->tmp);
    if ((rc = word_stemmer_stem(t->stemmer, x, xn, &s, &sn, err)) != ANV_OK ||
        (rc = strbuf_append(&t->tmp, s, sn)) != ANV_OK ||
        (rc = word_stemmer_stem(t->stemmer, w, wn, &s, &sn, err)) != ANV_OK)
        return rc;
    return sn == t->tmp.len && memcmp(s, t->tmp.data, sn) == 0;
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

typedef struct span {
    size_t start, end;
} span;

/* The word tokens of s[0..n) into *out (malloc'd), *count of them. */
static int words_of(term_english *t, const char *s, size_t n, span **out,
                    size_t *count, anv_error *err)
{
    const word_token *tok;
    size_t nt;
    *out = NULL;
    *count = 0;
    int rc = word_splitter_split(t->ws, s, n, &tok, &nt, err);
    if (rc != ANV_OK)
        return rc;
    span *w = malloc((nt ? nt : 1) * sizeof *w);
    if (!w)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    for (size_t i = 0; i < nt; i++)
        if (tok[i].kind == WORD_LETTERS || tok[i].kind == WORD_NUMBER)
            w[(*count)++] = (span){tok[i].start, tok[i].end};
    *out = w;
    return ANV_OK;
}

int term_english_find(term_english *t, const char *text, size_t len,
                      const char *term, size_t *start, size_t *end,
                      anv_error *err)
{
    span *tw = NULL, *xw = NULL;
    size_t ntw, nxw;
    int rc = words_of(t, term, strlen(term), &tw, &ntw, err);
    if (rc == ANV_OK)
        rc = words_of(t, text, len, &xw, &nxw, err);
    int found = 0;
    if (ntw > MAX_TERM_WORDS)
        ntw = MAX_TERM_WORDS;
    for (size_t i = 0; rc == ANV_OK && ntw && !found && i + ntw <= nxw; i++) {
        int ok = 1;
        for (size_t j = 0; ok && j < ntw; j++) {
            if (j && !joiner(text, xw[i + j - 1].end, xw[i + j].start)) {
                ok = 0;
                break;
            }
            if ((rc = lower(&t->a, text + xw[i + j].start,
                            xw[i + j].end - xw[i + j].start)) != ANV_OK ||
                (rc = lower(&t->b, term + tw[j].start,
                            tw[j].end - tw[j].start)) != ANV_OK)
                break;
            int s = same_word(t, t->a.data, t->a.len, t->b.data, t->b.len, err);
            if (s < 0)
                rc = s;
            ok = s == 1;
        }
        if (rc == ANV_OK && ok) {
            found = 1;
            if (start)
                *start = xw[i].start;
            if (end)
                *end = xw[i + ntw - 1].end;
        }
    }
    free(tw);
    free(xw);
    if (rc == ANV_ENOMEM)
        anv_error_set(err, rc, "out of memory");
    return rc != ANV_OK ? rc : found;
}
