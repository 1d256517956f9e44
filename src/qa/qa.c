/*
 * qa.c - the QA checks (see qa.h for the list).
 *
 * Each per-unit check is a function (unit's source and target -> findings)
 * in the table `checks`; the project-wide ones (inconsistent, length) run
 * after, over all units.  Texts are compared as the project holds them:
 * NFC, inline codes as private-use characters (text/icode.h), so a code
 * is never taken for a word, a bracket or a space.
 */
#include "qa/qa.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "base/array.h"
#include "base/strbuf.h"
#include "base/wordmap.h"
#include "text/icode.h"
#include "text/numbers.h"

#include <ctype.h>
#include <strings.h>

#include <unicode/unum.h>
#include <unicode/ustring.h>

typedef struct unit_ctx {
    const xliff_project *p;
    const qa_opts *o;
    qa_report *r;
    size_t i;
    const char *src, *tgt; /* tgt: "" when there is none */
    size_t slen, tlen;
} unit_ctx;

static int add(unit_ctx *c, const char *check, qa_severity sev,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int add(unit_ctx *c, const char *check, qa_severity sev,
               const char *fmt, ...)
{
    if (array_grow(&c->r->f, &c->r->cap, c->r->n + 1, sizeof *c->r->f) !=
        ANV_OK)
        return ANV_ENOMEM;
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int n = vasprintf(&msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ANV_ENOMEM;
    qa_finding f = {c->i, check, sev, msg};
    c->r->f[c->r->n++] = f;
    return ANV_OK;
}

/* The code point at s[*i] (advancing), or -1 at the end. */
static UChar32 next_cp(const char *s, size_t n, size_t *i)
{
    if (*i >= n)
        return -1;
    UChar32 c;
    U8_NEXT(s, *i, n, c);
    return c;
}

static int is_devanagari_letter(UChar32 c)
{
    return c >= 0x0900 && c <= 0x097F && u_isalpha(c);
}

/* ---- per-unit checks ------------------------------------------------------ */

static int check_untranslated(unit_ctx *c)
{
    if (c->tlen)
        return ANV_OK;
    return add(c, "untranslated", QA_ERROR, "no translation");
}

static int has_letters(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        UChar32 ch = next_cp(s, n, &i);
        if (u_isalpha(ch))
            return 1;
    }
    return 0;
}

static int check_same_as_source(unit_ctx *c)
{
    if (!c->tlen || c->tlen != c->slen || memcmp(c->src, c->tgt, c->slen) ||
        !has_letters(c->src, c->slen))
        return ANV_OK;
    return add(c, "same-as-source", QA_WARNING,
               "the translation is the source text");
}

static int check_source_script(unit_ctx *c)
{
    strbuf words = STRBUF_INIT;
    size_t n = 0;
    for (size_t i = 0; i < c->tlen;) {
        size_t start = i;
        UChar32 ch = next_cp(c->tgt, c->tlen, &i);
        if (!is_devanagari_letter(ch))
            continue;
        size_t end = i;
        while (end < c->tlen) {
            size_t j = end;
            UChar32 d = next_cp(c->tgt, c->tlen, &j);
            if (d < 0x0900 || d > 0x097F || d == 0x0964 || d == 0x0965)
                break;
            end = j;
        }
        if (n++ < 5)
            strbuf_printf(&words, "%s%.*s", words.len ? ", " : "",
                          (int)(end - start), c->tgt + start);
        i = end;
    }
    int rc = n ? add(c, "source-script", QA_ERROR,
                     "Devanagari left in the translation: %s%s",
                     words.data, n > 5 ? ", ..." : "")
               : ANV_OK;
    strbuf_release(&words);
    return rc;
}

/* Is whole number `value` ("2") written out as a word in text (ICU's
 * spellout rules for `locale`: "दो", "two")?  Only 0..1000: numbers a
 * translator may write either way. */
static int spelled_in(const char *value, const char *locale, const char *text,
                      size_t len)
{
    char *end;
    long v = strtol(value, &end, 10);
    if (*end || v < 0 || v > 1000)
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    UNumberFormat *f = unum_open(UNUM_SPELLOUT, NULL, 0, locale, NULL, &st);
    UChar u[64];
    int32_t n = f ? unum_format(f, (int32_t)v, u, 64, NULL, &st) : 0;
    unum_close(f);
    char word[192];
    int32_t wl = 0;
    if (U_FAILURE(st) || n <= 0)
        return 0;
    u_strToUTF8(word, sizeof word, &wl, u, n, &st);
    if (U_FAILURE(st) || wl <= 0 || (size_t)wl >= sizeof word)
        return 0;
    /* a whole word, any case for English */
    for (const char *p = text; (size_t)(p - text) + (size_t)wl <= len; p++) {
        if (strncasecmp(p, word, (size_t)wl) != 0)
            continue;
        unsigned char before = p > text ? (unsigned char)p[-1] : ' ';
        unsigned char after = (size_t)(p - text) + (size_t)wl < len
                                  ? (unsigned char)p[wl]
                                  : ' ';
        if (!isalnum(before) && before < 0x80 && !isalnum(after) &&
            after < 0x80)
            return 1;
    }
    return 0;
}

static int check_number(unit_ctx *c)
{
    if (!c->tlen)
        return ANV_OK;
    num_list a = NUM_LIST_INIT, b = NUM_LIST_INIT;
    num_diff d = {0};
    int rc = numbers_find(c->src, c->slen, NUM_LANG_HI, &a, NULL);
    if (rc == ANV_OK)
        rc = numbers_find(c->tgt, c->tlen, NUM_LANG_EN, &b, NULL);
    if (rc == ANV_OK)
        rc = numbers_compare(&a, &b, &d, NULL);
    strbuf m = STRBUF_INIT;
    /* a number written in words on the other side is there: "2 सप्ताह"
     * as "two weeks", "दो सप्ताह" as "2 weeks" */
    size_t kept = 0;
    for (size_t k = 0; rc == ANV_OK && k < d.n_missing; k++) {
        const num_item *it = &a.items[d.missing[k]];
        if (!(it->kind == NUM_NUMBER &&
              spelled_in(it->value, "en", c->tgt, c->tlen)))
            d.missing[kept++] = d.missing[k];
    }
    d.n_missing = kept;
    kept = 0;
    for (size_t k = 0; rc == ANV_OK && k < d.n_extra; k++) {
        const num_item *it = &b.items[d.extra[k]];
        if (!(it->kind == NUM_NUMBER &&
              spelled_in(it->value, "hi", c->src, c->slen)))
            d.extra[kept++] = d.extra[k];
    }
    d.n_extra = kept;
    for (size_t k = 0; rc == ANV_OK && k < d.n_missing; k++)
        strbuf_printf(&m, "%s%s", m.len ? ", " : "",
                      a.items[d.missing[k]].english);
    if (rc == ANV_OK && d.n_missing)
        rc = add(c, "number", QA_ERROR, "missing in the translation: %s",
                 m.data);
    strbuf_clear(&m);
    for (size_t k = 0; rc == ANV_OK && k < d.n_extra; k++)
        strbuf_printf(&m, "%s%.*s", m.len ? ", " : "",
                      (int)(b.items[d.extra[k]].end - b.items[d.extra[k]].start),
                      c->tgt + b.items[d.extra[k]].start);
    if (rc == ANV_OK && d.n_extra)
        rc = add(c, "number", QA_ERROR, "not in the source: %s", m.data);
    strbuf_release(&m);
    num_diff_release(&d);
    num_list_release(&a);
    num_list_release(&b);
    return rc == ANV_ENOMEM ? rc : ANV_OK;
}

static int check_tags(unit_ctx *c)
{
    if (!c->tlen)
        return ANV_OK;
    icode_problems pr;
    if (icode_check(c->src, c->tgt, &pr))
        return ANV_OK;
    strbuf m = STRBUF_INIT;
    if (pr.missing)
        strbuf_printf(&m, "%zu missing", pr.missing);
    if (pr.extra)
        strbuf_printf(&m, "%s%zu not in the source", m.len ? ", " : "",
                      pr.extra);
    if (pr.duplicated)
        strbuf_printf(&m, "%s%zu doubled", m.len ? ", " : "", pr.duplicated);
    if (pr.misnested)
        strbuf_printf(&m, "%s%zu misnested", m.len ? ", " : "", pr.misnested);
    int rc = add(c, "tags", QA_ERROR, "inline codes: %s", m.data);
    strbuf_release(&m);
    return rc;
}

static int check_terminology(unit_ctx *c)
{
    if (!c->o->terms || !c->o->glossary || !c->o->english_terms || !c->tlen)
        return ANV_OK;
    const term_hit *hits;
    size_t n;
    if (term_matcher_find(c->o->terms, c->src, c->slen, &hits, &n, NULL) !=
        ANV_OK)
        return ANV_OK;
    int rc = ANV_OK;
    for (size_t k = 0; k < n && rc == ANV_OK; k++) {
        const glossary_entry *e = glossary_entry_at(c->o->glossary,
                                                    hits[k].entry);
        int used = term_english_find(c->o->english_terms, c->tgt, c->tlen,
                                     e->target, NULL, NULL, NULL);
        if (used < 0)
            return used == ANV_ENOMEM ? used : ANV_OK;
        if (e->status == GLOSSARY_FORBIDDEN && used)
            rc = add(c, "terminology", QA_ERROR,
                     "forbidden term '%s' used (for %.*s)", e->target,
                     (int)(hits[k].end - hits[k].start), c->src + hits[k].start);
        else if (e->status != GLOSSARY_FORBIDDEN && !used)
            rc = add(c, "terminology", QA_WARNING,
                     "%.*s: the glossary's '%s' is not in the translation",
                     (int)(hits[k].end - hits[k].start),
                     c->src + hits[k].start, e->target);
    }
    return rc;
}

/* The last character of s that is not a space or a code, or 0. */
static UChar32 last_char(const char *s, size_t n)
{
    UChar32 last = 0;
    for (size_t i = 0; i < n;) {
        UChar32 ch = next_cp(s, n, &i);
        if (ch != ' ' && !(ch >= 0xE000 && ch <= 0xF8FF) && ch != '"' &&
            ch != 0x201D && ch != '\'' && ch != 0x2019 && ch != ')')
            last = ch;
    }
    return last;
}

static UChar32 end_class(UChar32 ch)
{
    switch (ch) {
    case 0x0964: case 0x0965: case '.': case '|': return '.';
    case '?': return '?';
    case '!': return '!';
    case ':': return ':';
    default: return 0;
    }
}

static int check_end_punctuation(unit_ctx *c)
{
    if (!c->tlen)
        return ANV_OK;
    UChar32 s = end_class(last_char(c->src, c->slen));
    UChar32 t = end_class(last_char(c->tgt, c->tlen));
    if (s == t || (!s && t == '.') )
        return ANV_OK;
    if (!s)
        return add(c, "end-punctuation", QA_WARNING,
                   "the translation ends with '%c', the source with no "
                   "sentence mark", (char)t);
    if (!t)
        return add(c, "end-punctuation", QA_WARNING,
                   "the source ends with a sentence mark (%s), the "
                   "translation does not", s == '.' ? "। or ." :
                   s == '?' ? "?" : s == '!' ? "!" : ":");
    return add(c, "end-punctuation", QA_WARNING,
               "the source ends with '%c', the translation with '%c'",
               s == '.' ? '.' : (char)s, (char)t);
}

static int count_char(const char *s, size_t n, char ch)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == ch;
    return k;
}

static int check_brackets(unit_ctx *c)
{
    if (!c->tlen)
        return ANV_OK;
    static const char pairs[][2] = {{'(', ')'}, {'[', ']'}, {'{', '}'}};
    for (size_t k = 0; k < 3; k++) {
        int to = count_char(c->tgt, c->tlen, pairs[k][0]);
        int tc = count_char(c->tgt, c->tlen, pairs[k][1]);
        int so = count_char(c->src, c->slen, pairs[k][0]);
        int sc = count_char(c->src, c->slen, pairs[k][1]);
        if (to != tc && so == sc)
            return add(c, "brackets", QA_WARNING,
                       "'%c' %d times, '%c' %d times", pairs[k][0], to,
                       pairs[k][1], tc);
        if (so == sc && so != to)
            return add(c, "brackets", QA_WARNING,
                       "%d '%c…%c' in the source, %d in the translation", so,
                       pairs[k][0], pairs[k][1], to);
    }
    return ANV_OK;
}

static int count_str(const char *s, size_t n, const char *what)
{
    int k = 0;
    size_t wl = strlen(what);
    for (size_t i = 0; i + wl <= n; i++)
        if (memcmp(s + i, what, wl) == 0)
            k++;
    return k;
}

static int check_quotes(unit_ctx *c)
{
    if (!c->tlen)
        return ANV_OK;
    int straight = count_char(c->tgt, c->tlen, '"');
    int open = count_str(c->tgt, c->tlen, "\u201C");
    int close = count_str(c->tgt, c->tlen, "\u201D");
    int src = count_char(c->src, c->slen, '"') +
              count_str(c->src, c->slen, "\u201C") +
              count_str(c->src, c->slen, "\u201D");
    if (straight % 2 && src % 2 == 0)
        return add(c, "quotes", QA_WARNING, "%d straight quotation marks: "
                   "one is not closed", straight);
    if (open != close)
        return add(c, "quotes", QA_WARNING, "%d opening and %d closing "
                   "quotation marks", open, close);
    return ANV_OK;
}

static int check_spaces(unit_ctx *c)
{
    if (!c->tlen)
        return ANV_OK;
    int rc = ANV_OK;
    if (memmem(c->tgt, c->tlen, "  ", 2) && !memmem(c->src, c->slen, "  ", 2))
        rc = add(c, "double-space", QA_WARNING, "two spaces in a row");
    int sl = c->slen && c->src[0] == ' ', tl = c->tgt[0] == ' ';
    int st = c->slen && c->src[c->slen - 1] == ' ',
        tt = c->tgt[c->tlen - 1] == ' ';
    if (rc == ANV_OK && (sl != tl || st != tt))
        rc = add(c, "whitespace", QA_WARNING, "%s spaces differ from the "
                 "source's", sl != tl ? "leading" : "trailing");
    return rc;
}

/* URLs, e-mail addresses, #hashtags and @handles of s, each passed to fn. */
static int each_address(const char *s, size_t n,
                        int (*fn)(const char *a, size_t len, void *ctx),
                        void *ctx)
{
    for (size_t i = 0; i < n;) {
        size_t end = i;
        while (end < n && s[end] != ' ' && (unsigned char)s[end] < 0x80 &&
               s[end] != '"' && s[end] != '<' && s[end] != '>')
            end++;
        if (end > i) {
            const char *w = s + i;
            size_t len = end - i;
            while (len && strchr(".,;:!?)'", w[len - 1]))
                len--; /* sentence punctuation after it */
            int addr = (len > 7 && (!strncmp(w, "http://", 7) ||
                                    !strncmp(w, "https://", 8) ||
                                    !strncmp(w, "www.", 4))) ||
                       (len > 3 && memchr(w + 1, '@', len - 2) &&
                        memchr(w, '.', len)) ||
                       (len > 1 && (w[0] == '#' || w[0] == '@') &&
                        isalnum((unsigned char)w[1]));
            if (addr) {
                int rc = fn(w, len, ctx);
                if (rc)
                    return rc;
            }
            i = end;
        } else {
            i++;
        }
    }
    return 0;
}

static int missing_address(const char *a, size_t len, void *vc)
{
    unit_ctx *c = vc;
    if (memmem(c->tgt, c->tlen, a, len))
        return 0;
    return add(c, "url-email", QA_ERROR, "%.*s is not in the translation",
               (int)len, a) == ANV_OK ? 0 : ANV_ENOMEM;
}

static int check_url_email(unit_ctx *c)
{
    if (!c->tlen)
        return ANV_OK;
    return each_address(c->src, c->slen, missing_address, c);
}

static int only_spaces_between(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ')
            return 0;
    return b > a;
}

typedef struct spell_ctx {
    unit_ctx *c;
    strbuf words;
    size_t n;
} spell_ctx;

static int on_misspelt(const spell_flag *f, void *ctx)
{
    spell_ctx *sc = ctx;
    unsigned char first = (unsigned char)f->word[0];
    if (!(first >= 'a' && first <= 'z'))
        return 0; /* names, acronyms, other scripts: not judged here */
    anv_error e;
    if (sc->c->o->variant &&
        spell_check_word(sc->c->o->variant, f->word, strlen(f->word), &e) == 1)
        return 0; /* the other English's spelling: a variant */
    strbuf_printf(&sc->words, "%s%s", sc->n++ ? ", " : "", f->word);
    if (f->n_suggestions)
        strbuf_printf(&sc->words, " (%s?)", f->suggestions[0]);
    return 0;
}

static int check_spelling(unit_ctx *c)
{
    if (!c->tlen || !c->o->spell)
        return ANV_OK;
    spell_ctx sc = {c, STRBUF_INIT, 0};
    strbuf plain = STRBUF_INIT;
    int rc = icode_replace(&plain, c->tgt, c->tlen, " ");
    anv_error e;
    if (rc == ANV_OK && plain.len)
        spell_check_text(c->o->spell, plain.data, plain.len, on_misspelt, &sc,
                         NULL, &e); /* a word it cannot check: no verdict */
    if (rc == ANV_OK && sc.n)
        rc = add(c, "spelling", QA_WARNING, "not in the dictionary: %s",
                 sc.words.data);
    strbuf_release(&plain);
    strbuf_release(&sc.words);
    return rc;
}

static int check_repeated_word(unit_ctx *c)
{
    size_t prev_s = 0, prev_e = 0;
    for (size_t i = 0; i < c->tlen;) {
        while (i < c->tlen && !isalpha((unsigned char)c->tgt[i]))
            i++;
        size_t s = i;
        while (i < c->tlen && isalpha((unsigned char)c->tgt[i]))
            i++;
        if (i == s)
            break;
        if (prev_e > prev_s && i - s == prev_e - prev_s &&
            strncasecmp(c->tgt + s, c->tgt + prev_s, i - s) == 0 &&
            only_spaces_between(c->tgt, prev_e, s))
            return add(c, "repeated-word", QA_WARNING, "'%.*s %.*s'",
                       (int)(prev_e - prev_s), c->tgt + prev_s, (int)(i - s),
                       c->tgt + s);
        prev_s = s;
        prev_e = i;
    }
    return ANV_OK;
}

/* ---- the table ---------------------------------------------------------------- */

typedef struct qa_check {
    const char *name;
    int (*run)(unit_ctx *c); /* NULL: a project-wide check, run after */
} qa_check;

static const qa_check checks[] = {
    {"untranslated", check_untranslated},
    {"same-as-source", check_same_as_source},
    {"source-script", check_source_script},
    {"number", check_number},
    {"tags", check_tags},
    {"terminology", check_terminology},
    {"inconsistent", NULL},
    {"end-punctuation", check_end_punctuation},
    {"brackets", check_brackets},
    {"quotes", check_quotes},
    {"double-space", check_spaces}, /* and whitespace */
    {"url-email", check_url_email},
    {"length", NULL},
    {"repeated-word", check_repeated_word},
    {"spelling", check_spelling},
};

const char *const *qa_check_names(void)
{
    static const char *const names[] = {
        "untranslated", "same-as-source", "source-script", "number", "tags",
        "terminology", "inconsistent", "end-punctuation", "brackets",
        "quotes", "double-space", "whitespace", "url-email", "length",
        "repeated-word", "spelling", NULL};
    return names;
}

/* ---- project-wide checks -------------------------------------------------------- */

/* One source translated two ways: each unit after the first with another
 * target names the first. */
/* A text as the TM compares it: inline codes as U+FFFC. */
static int tm_plain(strbuf *b, const char *s)
{
    strbuf_clear(b);
    return icode_replace(b, s, strlen(s), "\xEF\xBF\xBC") == ANV_OK &&
                   strbuf_append(b, "", 0) == ANV_OK
               ? ANV_OK
               : ANV_ENOMEM;
}

/* `inconsistent` against a TM: the same source (100 %, or 101 in
 * context) translated otherwise there. */
static int check_against_tm(const xliff_project *p, qa_report *r,
                            const qa_opts *o)
{
    strbuf src = STRBUF_INIT, tgt = STRBUF_INIT;
    int rc = ANV_OK;
    for (size_t i = 0; rc == ANV_OK && i < xliff_project_unit_count(p); i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        if (!u->target || !*u->target)
            continue;
        if (tm_plain(&src, u->source) != ANV_OK ||
            tm_plain(&tgt, u->target) != ANV_OK) {
            rc = ANV_ENOMEM;
            break;
        }
        tm_query q = {0};
        q.text = src.data;
        q.min = 100;
        q.max = 5;
        tm_matches m;
        anv_error e;
        if (tm_lookup(o->tm, &q, &m, &e) != ANV_OK)
            continue; /* a text the TM cannot take (not UTF-8): no verdict */
        for (size_t k = 0; k < m.n && rc == ANV_OK; k++) {
            const tm_match *x = &m.match[k];
            if (x->target_len == tgt.len &&
                !memcmp(x->target, tgt.data, tgt.len))
                break; /* the TM has this translation too */
            if (k + 1 < m.n)
                continue;
            unit_ctx c = {p, o, r, i, u->source, u->target,
                          strlen(u->source), strlen(u->target)};
            rc = add(&c, "inconsistent", QA_WARNING, "the TM translates "
                     "this source as \"%.*s\"", (int)m.match[0].target_len,
                     m.match[0].target);
        }
    }
    strbuf_release(&src);
    strbuf_release(&tgt);
    return rc;
}

static int check_inconsistent(const xliff_project *p, qa_report *r,
                              const qa_opts *o)
{
    if (o->tm) {
        int rc = check_against_tm(p, r, o);
        if (rc != ANV_OK)
            return rc;
    }
    size_t n = xliff_project_unit_count(p);
    wordmap *by_src = wordmap_new(), *by_tgt = wordmap_new();
    int rc = by_src && by_tgt ? ANV_OK : ANV_ENOMEM;
    for (size_t i = 0; i < n && rc == ANV_OK; i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        if (!u->target || !*u->target)
            continue;
        unit_ctx c = {p, o, r, i, u->source, u->target, strlen(u->source),
                      strlen(u->target)};
        uint32_t first;
        if (wordmap_get(by_src, u->source, c.slen, &first)) {
            const xliff_unit *f = xliff_project_unit(p, first);
            if (strcmp(f->target, u->target) != 0)
                rc = add(&c, "inconsistent", QA_WARNING,
                         "the same source as segment %u is translated "
                         "differently: \"%s\"", first + 1, f->target);
        } else if (wordmap_put(by_src, u->source, c.slen, (uint32_t)i) !=
                   ANV_OK) {
            rc = ANV_ENOMEM;
        }
        if (rc != ANV_OK || !has_letters(u->target, c.tlen))
            continue;
        if (wordmap_get(by_tgt, u->target, c.tlen, &first)) {
            const xliff_unit *f = xliff_project_unit(p, first);
            if (strcmp(f->source, u->source) != 0)
                rc = add(&c, "inconsistent", QA_WARNING,
                         "segment %u, another source, has the same "
                         "translation", first + 1);
        } else if (wordmap_put(by_tgt, u->target, c.tlen, (uint32_t)i) !=
                   ANV_OK) {
            rc = ANV_ENOMEM;
        }
    }
    wordmap_free(by_src);
    wordmap_free(by_tgt);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The target/source length ratio (in characters) far from the project's
 * median: more than 3 times it or less than a third, for sources of 20
 * characters or more (short ones vary too much to say). */
static int check_length(const xliff_project *p, qa_report *r,
                        const qa_opts *o)
{
    size_t n = xliff_project_unit_count(p), k = 0;
    double *ratio = calloc(n ? n : 1, sizeof *ratio);
    if (!ratio)
        return ANV_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        size_t sl = u->source ? strlen(u->source) : 0;
        if (!u->target || !*u->target || sl < 20)
            continue;
        ratio[k++] = (double)strlen(u->target) / (double)sl;
    }
    int rc = ANV_OK;
    /* over the file's own limit (XLIFF maxwidth, size-unit="char") */
    for (size_t i = 0; i < n && rc == ANV_OK; i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        size_t chars = u->target ? icode_text_chars(u->target,
                                                     strlen(u->target))
                                 : 0;
        if (!u->max_chars || chars <= u->max_chars)
            continue;
        unit_ctx c = {p, o, r, i, u->source, u->target, strlen(u->source),
                      strlen(u->target)};
        rc = add(&c, "length", QA_ERROR, "%zu characters; the file's limit "
                 "is %u", chars, u->max_chars);
    }
    if (rc == ANV_OK && k >= 10) {
        qsort(ratio, k, sizeof *ratio, cmp_double);
        double med = ratio[k / 2];
        for (size_t i = 0; i < n && rc == ANV_OK; i++) {
            const xliff_unit *u = xliff_project_unit(p, i);
            size_t sl = u->source ? strlen(u->source) : 0;
            if (!u->target || !*u->target || sl < 20)
                continue;
            double q = (double)strlen(u->target) / (double)sl;
            if (q > 3 * med || q < med / 3) {
                unit_ctx c = {p, o, r, i, u->source, u->target, sl,
                              strlen(u->target)};
                rc = add(&c, "length", QA_WARNING,
                         "the translation is %.1f times the source's "
                         "length; in this project it is %.1f times",
                         q, med);
            }
        }
    }
    free(ratio);
    return rc;
}

/* FNV-1a, 64 bits: small and stable; the ids only need to tell findings
 * of one project apart. */
static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    h ^= 0xff; /* a separator, so "ab"+"c" differs from "a"+"bc" */
    return h * 1099511628211ULL;
}

static void finding_id(const xliff_project *p, const qa_finding *f,
                       const char *target, char id[QA_ID_SIZE])
{
    const xliff_unit *u = xliff_project_unit(p, f->unit);
    uint64_t h = 14695981039346656037ULL;
    h = fnv(h, u ? u->id : "");
    h = fnv(h, f->check);
    h = fnv(h, u ? u->source : "");
    h = fnv(h, target ? target : "");
    h = fnv(h, f->message);
    snprintf(id, QA_ID_SIZE, "%012llx",
             (unsigned long long)(h & 0xffffffffffffULL));
}

void qa_finding_id(const xliff_project *p, const qa_finding *f,
                   char id[QA_ID_SIZE])
{
    const xliff_unit *u = xliff_project_unit(p, f->unit);
    finding_id(p, f, u ? u->target : NULL, id);
}

int qa_ignore_finding(xliff_project *p, const qa_finding *f,
                      const char *target, anv_error *err)
{
    char fid[QA_ID_SIZE];
    finding_id(p, f, target, fid);
    strbuf note = STRBUF_INIT;
    int rc = strbuf_printf(&note, "ignore %s: %s: %s", fid, f->check,
                           f->message);
    if (rc == ANV_OK)
        rc = xliff_unit_add_note(p, f->unit, "anuvad-qa", note.data, err);
    else
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    strbuf_release(&note);
    return rc;
}

#define IGNORE_FROM "anuvad-qa"

/* Is finding f marked "ignore" on its unit? */
static int ignored(const xliff_project *p, const qa_finding *f)
{
    const xliff_unit *u = xliff_project_unit(p, f->unit);
    char id[QA_ID_SIZE];
    qa_finding_id(p, f, id);
    for (size_t k = 0; u && k < u->n_notes; k++) {
        const xliff_note *n = &u->notes[k];
        if (n->from && !strcmp(n->from, IGNORE_FROM) &&
            !strncmp(n->text, "ignore ", 7) &&
            !strncmp(n->text + 7, id, QA_ID_SIZE - 1))
            return 1;
    }
    return 0;
}

int qa_ignore(xliff_project *p, const qa_report *r, const char *id,
              anv_error *err)
{
    for (size_t k = 0; k < r->n; k++) {
        char fid[QA_ID_SIZE];
        qa_finding_id(p, &r->f[k], fid);
        if (strcmp(fid, id) != 0)
            continue;
        strbuf note = STRBUF_INIT;
        int rc = strbuf_printf(&note, "ignore %s: %s: %s", fid, r->f[k].check,
                               r->f[k].message);
        if (rc == ANV_OK)
            rc = xliff_unit_add_note(p, r->f[k].unit, IGNORE_FROM, note.data,
                                     err);
        else
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        strbuf_release(&note);
        return rc;
    }
    return anv_error_set(err, ANV_ENOTFOUND, "no finding %s (the ids are "
                         "in `anuvad qa`'s output)", id);
}

int qa_run(const xliff_project *p, const qa_opts *opts, qa_report *out,
           anv_error *err)
{
    static const qa_opts none;
    if (!opts)
        opts = &none;
    int rc = ANV_OK;
    for (size_t i = 0; i < xliff_project_unit_count(p) && rc == ANV_OK; i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        unit_ctx c = {p, opts, out, i, u->source, u->target ? u->target : "",
                      strlen(u->source), u->target ? strlen(u->target) : 0};
        for (size_t k = 0; k < sizeof checks / sizeof *checks; k++)
            if (checks[k].run && (rc = checks[k].run(&c)) != ANV_OK)
                break;
    }
    if (rc == ANV_OK)
        rc = check_inconsistent(p, out, opts);
    if (rc == ANV_OK)
        rc = check_length(p, out, opts);
    if (rc != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    /* findings the reviewer marked "ignore" (qa_ignore) stay quiet */
    size_t kept = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (ignored(p, &out->f[i])) {
            free(out->f[i].message);
            out->ignored++;
        } else {
            out->f[kept++] = out->f[i];
        }
    }
    out->n = kept;
    /* stable: within a unit, the checks' order */
    for (size_t i = 1; i < out->n; i++)
        if (out->f[i].unit < out->f[i - 1].unit) {
            /* insertion sort keeps equal units in order; project-wide
             * findings are few */
            qa_finding f = out->f[i];
            size_t j = i;
            while (j > 0 && out->f[j - 1].unit > f.unit) {
                out->f[j] = out->f[j - 1];
                j--;
            }
            out->f[j] = f;
        }
    return ANV_OK;
}

int qa_check_segment(const xliff_project *p, size_t i, const char *target,
                     const qa_opts *opts, qa_report *out, anv_error *err)
{
    static const qa_opts none;
    if (!opts)
        opts = &none;
    const xliff_unit *u = xliff_project_unit(p, i);
    if (!u || !target)
        return ANV_OK;
    unit_ctx c = {p, opts, out, i, u->source, target, strlen(u->source),
                  strlen(target)};
    int rc = ANV_OK;
    for (size_t k = 0; k < sizeof checks / sizeof *checks && rc == ANV_OK;
         k++)
        if (checks[k].run && strcmp(checks[k].name, "untranslated") != 0 &&
            strcmp(checks[k].name, "number") != 0 &&
            strcmp(checks[k].name, "tags") != 0)
            rc = checks[k].run(&c);
    return rc == ANV_OK ? ANV_OK
                        : anv_error_set(err, ANV_ENOMEM, "out of memory");
}

void qa_report_release(qa_report *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->f[i].message);
    free(r->f);
    r->f = NULL;
    r->n = r->cap = 0;
}
