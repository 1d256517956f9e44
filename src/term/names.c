/*
 * names.c - romanised hints for Devanagari names (see names.h).
 *
 * A word goes through three steps:
 *
 *   schwa_delete()  Devanagari in, Devanagari out: the word is cut into
 *                   units (a consonant with its nukta, then a virama, a
 *                   vowel sign or the inherent a; or an independent
 *                   vowel; nasal signs stay with their unit), and a virama
 *                   is written where the inherent a is not said;
 *   ICU             one rule-based transliterator (HINT_RULES): ICU's
 *                   Devanagari-Latin, English spellings of its letters,
 *                   Latin-ASCII, Any-Title;
 *   prefer_tm()     a learnt English word with the same consonant
 *                   skeleton and the fewest edits replaces the hint.
 *
 * The learnt words live in one strbuf (NUL-separated); a wordmap gives
 * a word's id, another a skeleton's id, and skeleton -> words is a chain
 * (first[skeleton], next[word]).
 */
#include "term/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#include "base/array.h"
#include "base/wordmap.h"
#include "text/words.h"

/* ICU rules: "::ID ;" runs a built-in transform, "a > b ;" rewrites,
 * "a } b > c" rewrites a before b.  Order matters where one rule's
 * input starts another's (ch before c). */
static const char HINT_RULES[] =
    "::Devanagari-Latin ;\n"
    "\\' > ;\n"                               /* ICU's syllable separator */
    "\u015B > sh ; \u1E63 > sh ;\n"           /* ś ṣ */
    "ch > chh ; c > ch ;\n"                   /* छ, च */
    "r\u0325 > ri ; \u1E5B\u0325 > ri ;\n"    /* r̥ (ऋ) */
    "j\u00F1 > gy ;\n"                        /* ज्ञ */
    "\u1E45 > n ; \u00F1 > n ;\n"             /* ṅ ñ */
    "\u1E41 } [pbm] > m ; \u1E41 > n ; m\u0310 > n ;\n" /* ṁ, m̐ */
    "\u1E5Bh > rh ; \u1E5B > r ;\n"           /* ड़ ढ़ */
    "\u1E25 > h ;\n"                          /* visarga */
    "ph > f ;\n"       /* फ is f in loanwords and foreign names (+1 point
                         on the name pairs); ai for ै and iy for िय stay,
                         though Katrina and Claudia would gain: Jaipur and
                         Priya would lose */
    "::Latin-ASCII ;\n"
    "::Any-Title ;\n";

static const char PLAIN_RULES[] =
    "::Devanagari-Latin ;\n"
    "\\' > ;\n"
    "::Latin-ASCII ;\n"
    "::Any-Title ;\n";

struct name_hints {
    UTransliterator *hint, *plain;
    strbuf words;         /* learnt words, NUL-separated */
    uint32_t *word_off, *word_count, *next;
    size_t n_words, cap_words, cap_count, cap_next; /* a capacity each: a
        realloc a word of a partner array that did not grow cost a new
        block and a copy under ASan */
    wordmap *word_ids;    /* word -> id */
    wordmap *skel_ids;    /* skeleton -> id */
    uint32_t *first;      /* skeleton id -> first word id + 1 */
    size_t cap_first;
    strbuf skel, tmp;
    word_splitter *ws;
    name_span *found;
    size_t n_found, cap_found;
};

static UTransliterator *open_rules(const char *id, const char *rules,
                                   anv_error *err)
{
    UChar buf[2048];
    int32_t n;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(buf, (int32_t)(sizeof buf / sizeof *buf), &n, rules, -1,
                  &st);
    UChar uid[32];
    u_uastrcpy(uid, id);
    UParseError pe;
    UTransliterator *t = U_SUCCESS(st)
        ? utrans_openU(uid, -1, UTRANS_FORWARD, buf, n, &pe, &st)
        : NULL;
    if (U_FAILURE(st)) {
        anv_error_set(err, ANV_EINTERNAL, "ICU transliterator %s: %s", id,
                      u_errorName(st));
        if (t)
            utrans_close(t);
        return NULL;
    }
    return t;
}

name_hints *name_hints_new(anv_error *err)
{
    name_hints *h = calloc(1, sizeof *h);
    if (!h) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    if (!(h->word_ids = wordmap_new()) || !(h->skel_ids = wordmap_new())) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        name_hints_free(h);
        return NULL;
    }
    if (!(h->ws = word_splitter_new("hi", err)) ||
        !(h->hint = open_rules("anuvad-names", HINT_RULES, err)) ||
        !(h->plain = open_rules("anuvad-plain", PLAIN_RULES, err))) {
        name_hints_free(h);
        return NULL;
    }
    return h;
}

void name_hints_free(name_hints *h)
{
    if (!h)
        return;
    if (h->hint)
        utrans_close(h->hint);
    if (h->plain)
        utrans_close(h->plain);
    strbuf_release(&h->words);
    free(h->word_off);
    free(h->word_count);
    free(h->next);
    wordmap_free(h->word_ids);
    wordmap_free(h->skel_ids);
    free(h->first);
    word_splitter_free(h->ws);
    free(h->found);
    strbuf_release(&h->skel);
    strbuf_release(&h->tmp);
    free(h);
}

/* ---- the consonant skeleton ------------------------------------------------
 *
 * Two spellings of one name differ mostly in vowels (Tokayev/Tokayav,
 * Sergei/Sargei) and in how a sound is written (kh/k, ph/f, w/v, c/k).
 * The skeleton keeps the consonants in order: lower case, an h after a
 * consonant dropped, f->p, w->v, q->k, c->k, x->ks, vowels and y dropped
 * (a leading vowel kept as "a"), doubled letters once. */
static int skeleton(const char *w, size_t n, strbuf *out)
{
    strbuf_clear(out);
    int rc = ANV_OK;
    char last = 0;
    for (size_t i = 0; i < n && rc == ANV_OK; i++) {
        char c = w[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == 'h' && i && !strchr("aeiouy", last ? last : 'a'))
            continue;
        if (strchr("aeiouy", c)) {
            if (i == 0)
                c = 'a';
            else {
                last = c;
                continue;
            }
        }
        c = c == 'f' ? 'p' : c == 'w' ? 'v' : c == 'q' || c == 'c' ? 'k' : c;
        if (c == 'x') {
            rc = strbuf_append(out, "ks", 2);
            last = 's';
            continue;
        }
        if (out->len && out->data[out->len - 1] == c)
            continue;
        rc = strbuf_append_char(out, c);
        last = c;
    }
    return rc;
}

/* Edit distance of a and b, ignoring ASCII case (short words). */
static size_t edits(const char *a, size_t an, const char *b, size_t bn)
{
    size_t row[64];
    if (an >= 63 || bn >= 63)
        return SIZE_MAX;
    for (size_t j = 0; j <= bn; j++)
        row[j] = j;
    for (size_t i = 1; i <= an; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            size_t up = row[j];
            int same = (a[i - 1] | 0x20) == (b[j - 1] | 0x20);
            size_t best = diag + !same;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[bn];
}

/* ---- learning the TM's spellings ---------------------------------------- */

static int learn_word(name_hints *h, const char *w, size_t n)
{
    uint32_t id;
    if (wordmap_get(h->word_ids, w, n, &id)) {
        h->word_count[id]++;
        return ANV_OK;
    }
    int rc = skeleton(w, n, &h->skel);
    if (rc != ANV_OK)
        return rc;
    if (h->skel.len < 2)
        return ANV_OK;
    id = (uint32_t)h->n_words;
    if (array_grow(&h->word_off, &h->cap_words, h->n_words + 1,
                   sizeof *h->word_off) != ANV_OK ||
        array_grow(&h->word_count, &h->cap_count, h->n_words + 1,
                   sizeof *h->word_count) != ANV_OK ||
        array_grow(&h->next, &h->cap_next, h->n_words + 1,
                   sizeof *h->next) != ANV_OK)
        return ANV_ENOMEM;
    uint32_t s;
    if (!wordmap_get(h->skel_ids, h->skel.data, h->skel.len, &s)) {
        s = (uint32_t)wordmap_count(h->skel_ids);
        size_t old = h->cap_first;
        if (wordmap_put(h->skel_ids, h->skel.data, h->skel.len, s) != ANV_OK ||
            array_grow(&h->first, &h->cap_first, (size_t)s + 1,
                       sizeof *h->first) != ANV_OK)
            return ANV_ENOMEM;
        memset(h->first + old, 0, (h->cap_first - old) * sizeof *h->first);
    }
    h->word_off[id] = (uint32_t)h->words.len;
    h->word_count[id] = 1;
    h->next[id] = h->first[s];
    h->first[s] = id + 1;
    h->n_words++;
    if (strbuf_append(&h->words, w, n) != ANV_OK ||
        strbuf_append(&h->words, "", 1) != ANV_OK ||
        wordmap_put(h->word_ids, w, n, id) != ANV_OK)
        return ANV_ENOMEM;
    return ANV_OK;
}

int name_hints_learn(name_hints *h, const char *text, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (!(text[i] >= 'A' && text[i] <= 'Z') ||
            (i && ((text[i - 1] | 0x20) >= 'a' && (text[i - 1] | 0x20) <= 'z'))) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && ((text[j] | 0x20) >= 'a' && (text[j] | 0x20) <= 'z'))
            j++;
        /* a capitalised word (not an acronym) of three letters or more */
        if (j - i >= 3 && text[i + 1] >= 'a' && text[i + 1] <= 'z' &&
            (j == n || (unsigned char)text[j] < 0x80) &&
            learn_word(h, text + i, j - i) != ANV_OK)
            return ANV_ENOMEM;
        i = j;
    }
    return ANV_OK;
}

/* Replace the hint w[0..n) in `out` from `at` with the learnt spelling
 * that sounds alike: same skeleton, fewest edits (then the most used);
 * taken when it is at most a third of the word away, or one edit for a
 * skeleton of fewer than three consonants (Ram is not Rome). */
static int prefer_tm(name_hints *h, strbuf *out, size_t at)
{
    const char *w = out->data + at;
    size_t n = out->len - at;
    uint32_t s;
    if (!h->n_words || skeleton(w, n, &h->skel) != ANV_OK ||
        !wordmap_get(h->skel_ids, h->skel.data, h->skel.len, &s))
        return ANV_OK;
    size_t limit = h->skel.len >= 3 ? (n + 2) / 3 : 1;
    long best = -1;
    size_t best_d = SIZE_MAX;
    for (uint32_t id = h->first[s]; id; id = h->next[id - 1]) {
        const char *cand = h->words.data + h->word_off[id - 1];
        size_t d = edits(w, n, cand, strlen(cand));
        if (d < best_d ||
            (d == best_d && h->word_count[id - 1] > h->word_count[best])) {
            best = id - 1;
            best_d = d;
        }
    }
    if (best < 0 || best_d > limit)
        return ANV_OK;
    const char *cand = h->words.data + h->word_off[best];
    out->len = at;
    return strbuf_append_str(out, cand);
}

/* ---- schwa deletion ---------------------------------------------------------- */

enum { UNIT_CONS, UNIT_VOWEL, UNIT_OTHER };

typedef struct unit {
    int kind;
    int vowel;     /* consonant: 0 virama, 1 inherent a, 2 a vowel sign */
    int nasal;     /* followed by anusvara, chandrabindu or visarga */
    int32_t start, end, cons_end; /* code points; cons_end after the nukta */
} unit;

static int is_consonant(UChar32 c)
{
    return (c >= 0x0915 && c <= 0x0939) || (c >= 0x0958 && c <= 0x095F);
}

static int is_vowel_sign(UChar32 c)
{
    return (c >= 0x093E && c <= 0x094C) || c == 0x0962 || c == 0x0963 ||
           (c >= 0x0955 && c <= 0x0957);
}

#define MAX_NAME_CHARS 64

/* Devanagari word cp[0..n) with a virama where the inherent a is not
 * said, as UTF-16 into u (room for 2n + 1). */
static int32_t schwa_delete(const UChar32 *cp, int32_t n, UChar *u)
{
    unit un[MAX_NAME_CHARS];
    int32_t nu = 0;
    for (int32_t i = 0; i < n;) {
        unit x = {UNIT_OTHER, 2, 0, i, i + 1, i + 1};
        if (is_consonant(cp[i])) {
            x.kind = UNIT_CONS;
            int32_t j = i + 1;
            if (j < n && cp[j] == 0x093C)
                j++;
            x.cons_end = j;
            if (j < n && cp[j] == 0x094D)
                x.vowel = 0, j++;
            else if (j < n && is_vowel_sign(cp[j]))
                x.vowel = 2, j++;
            else
                x.vowel = 1;
            x.end = j;
        } else if ((cp[i] >= 0x0904 && cp[i] <= 0x0914) || cp[i] == 0x0960 ||
                   cp[i] == 0x0961) {
            x.kind = UNIT_VOWEL;
        }
        while (x.end < n && cp[x.end] >= 0x0900 && cp[x.end] <= 0x0903) {
            x.nasal = 1;
            x.end++;
        }
        un[nu++] = x;
        i = x.end;
    }
    /* the end of the word: not in a word of one syllable (न), not after
     * a conjunct that ends in र, य, व or ण (मित्र Mitra, सूर्य Surya,
     * कृष्ण Krishna), but
     * after other conjuncts, as names say them (जोहान्सबर्ग Johannesburg) */
    const unit *last = &un[nu - 1];
    UChar32 lc = nu ? cp[last->start] : 0;
    if (nu >= 2 && last->kind == UNIT_CONS && last->vowel == 1 &&
        !last->nasal &&
        !(un[nu - 2].kind == UNIT_CONS && un[nu - 2].vowel == 0 &&
          (lc == 0x0930 || lc == 0x092F || lc == 0x0935 || lc == 0x0923)))
        un[nu - 1].vowel = 0;
    /* inside: V C a C V -> V C C V, right to left (कमला Kamla); after a
     * conjunct too, as in foreign names (जोहान्सबर्ग Johansbarg: +0.5
     * points on the name pairs) */
    for (int32_t k = nu - 2; k >= 1; k--) {
        const unit *l = &un[k - 1], *r = &un[k + 1];
        if (un[k].kind == UNIT_CONS && un[k].vowel == 1 && !un[k].nasal &&
            (l->kind == UNIT_VOWEL || l->kind == UNIT_CONS) &&
            r->kind == UNIT_CONS && r->vowel)
            un[k].vowel = 0;
    }
    int32_t o = 0;
    for (int32_t k = 0; k < nu; k++) {
        for (int32_t i = un[k].start; i < un[k].end; i++) {
            U16_APPEND_UNSAFE(u, o, cp[i]);
            if (i + 1 == un[k].cons_end && un[k].kind == UNIT_CONS &&
                un[k].vowel == 0 && (i + 1 >= un[k].end ||
                                     cp[i + 1] != 0x094D))
                u[o++] = 0x094D;
        }
    }
    return o;
}

/* ---- romanising ---------------------------------------------------------------- */

static int run(UTransliterator *t, UChar *u, int32_t n, int32_t cap,
               strbuf *out, anv_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t limit = n;
    utrans_transUChars(t, u, &n, cap, 0, &limit, &st);
    char buf[1024];
    int32_t bn;
    if (U_SUCCESS(st))
        u_strToUTF8(buf, (int32_t)sizeof buf, &bn, u, n, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
        return anv_error_set(err, ANV_EINTERNAL, "ICU transliteration: %s",
                             u_errorName(st));
    return strbuf_append(out, buf, (size_t)bn) == ANV_OK
               ? ANV_OK
               : anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* Each word of w[0..n) through `t`, words joined by one space; `hint`
 * adds schwa deletion and the TM's spellings. */
static int romanise(name_hints *h, UTransliterator *t, int hint,
                    const char *w, size_t n, strbuf *out, anv_error *err)
{
    int rc = ANV_OK;
    int words = 0;
    for (int32_t i = 0; rc == ANV_OK && (size_t)i < n;) {
        UChar32 cp[MAX_NAME_CHARS];
        int32_t nc = 0;
        while ((size_t)i < n && w[i] == ' ')
            i++;
        while ((size_t)i < n && w[i] != ' ') {
            UChar32 c;
            U8_NEXT(w, i, (int32_t)n, c);
            if (c < 0)
                return anv_error_set(err, ANV_EUTF8, "name not in UTF-8");
            if (nc < MAX_NAME_CHARS)
                cp[nc++] = c;
        }
        if (!nc)
            break;
        UChar u[8 * MAX_NAME_CHARS];
        int32_t un = 0;
        if (hint)
            un = schwa_delete(cp, nc, u);
        else
            for (int32_t k = 0; k < nc; k++)
                U16_APPEND_UNSAFE(u, un, cp[k]);
        if (words++ && (rc = strbuf_append_char(out, ' ')) != ANV_OK)
            break;
        size_t at = out->len;
        rc = run(t, u, un, (int32_t)(sizeof u / sizeof *u), out, err);
        if (rc == ANV_OK && hint && prefer_tm(h, out, at) != ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    return rc;
}

int name_hints_romanise(name_hints *h, const char *w, size_t n, strbuf *out,
                        anv_error *err)
{
    return romanise(h, h->hint, 1, w, n, out, err);
}

int name_hints_plain(name_hints *h, const char *w, size_t n, strbuf *out,
                     anv_error *err)
{
    return romanise(h, h->plain, 0, w, n, out, err);
}

/* ---- finding names ------------------------------------------------------------- */

int name_hints_find(name_hints *h, spell_checker *spell, const char *text,
                    size_t len, const name_span *skip, size_t n_skip,
                    const name_span **out, size_t *n, anv_error *err)
{
    *out = NULL;
    *n = 0;
    h->n_found = 0;
    const word_token *tok;
    size_t nt;
    int rc = word_splitter_split(h->ws, text, len, &tok, &nt, err);
    if (rc != ANV_OK)
        return rc;
    size_t s = 0; /* next skip range that may matter */
    int open = 0; /* the last word (not space) was a name: it may grow */
    for (size_t i = 0; i < nt; i++) {
        const word_token *t = &tok[i];
        if (t->kind == WORD_SPACE)
            continue;
        while (s < n_skip && skip[s].end <= t->start)
            s++;
        int name = t->kind == WORD_LETTERS &&
                   t->script == WORD_SCRIPT_DEVANAGARI &&
                   !(s < n_skip && skip[s].start < t->end);
        if (name) {
            int known = spell_check_word(spell, text + t->start,
                                         t->end - t->start, err);
            if (known < 0)
                return known;
            name = known == 0;
        }
        if (!name) {
            open = 0;
            continue;
        }
        if (open) { /* one name when only blanks (' ') stand between */
            int spaces = 1;
            for (size_t k = h->found[h->n_found - 1].end; k < t->start; k++)
                spaces &= text[k] == ' ';
            if (spaces) {
                h->found[h->n_found - 1].end = t->end;
                continue;
            }
        }
        if (array_grow(&h->found, &h->cap_found, h->n_found + 1,
                       sizeof *h->found) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        h->found[h->n_found++] = (name_span){t->start, t->end};
        open = 1;
    }
    *out = h->found;
    *n = h->n_found;
    return ANV_OK;
}
