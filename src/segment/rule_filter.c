/*
 * rule_filter.c - necessary conditions for full-stop rules (see
 * rule_filter.h).
 *
 * The pattern is read as ICU reads it, only as far as needed: a
 * backslash escapes the next character, [...] is a set (no nesting
 * assumed: a nested set gives no filter), "(" opens a group, and
 * ^ $ . | ? * + ( ) [ ] { } are the operators; every other character is
 * a literal.  A pattern with inline flags "(?i" & co gives no filter.
 */
#include "segment/rule_filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>

#include "segment/srx.h"

#define MAX_ENDING 32 /* UTF-16 units of an alternative's literal ending */

typedef enum { FILTER_WORDS, FILTER_DOTS } filter_kind;

struct rule_filter {
    filter_kind kind;
    /* FILTER_WORDS: the alternatives' endings, by length */
    UChar *endings;       /* n_endings strings of MAX_ENDING units */
    int *lengths;
    size_t n_endings;
    /* FILTER_DOTS: a full stop lo..hi units before the final one */
    int lo, hi;
};

/* Length of the set starting at p[0] == '[' (to its ']'), or 0 for a
 * nested or unterminated set. */
static size_t set_length(const char *p)
{
    size_t i = 1;
    if (p[i] == '^')
        i++;
    if (p[i] == ']')
        i++;
    for (; p[i]; i++) {
        if (p[i] == '\\' && p[i + 1]) {
            i++;
            continue;
        }
        if (p[i] == '[')
            return 0;
        if (p[i] == ']')
            return i + 1;
    }
    return 0;
}

/* Length of the escape at p[0] == '\\': \p{..} / \P{..} / \N{..} whole,
 * \Q...\E unsupported (0), else two bytes (the ASCII escapes). */
static size_t escape_length(const char *p)
{
    if (!p[1] || p[1] == 'Q')
        return 0;
    if ((p[1] == 'p' || p[1] == 'P' || p[1] == 'N') && p[2] == '{') {
        const char *e = strchr(p, '}');
        return e ? (size_t)(e - p) + 1 : 0;
    }
    if ((unsigned char)p[1] >= 0x80)
        return 0; /* an escaped non-ASCII character: not worth it */
    return 2;
}

/* The literal ending of alternative a[0..n): the UTF-8 run of literal
 * characters that every match of it ends with, in *start..n, or -1 when
 * something in it is not understood. */
static long literal_ending(const char *a, size_t n)
{
    long run = -1; /* start of the current literal run, -1: none */
    for (size_t i = 0; i < n;) {
        char c = a[i];
        if (c == '\\') {
            size_t k = escape_length(a + i);
            if (!k || i + k > n)
                return -1;
            run = -1;
            i += k;
        } else if (c == '[') {
            size_t k = set_length(a + i);
            if (!k || i + k > n)
                return -1;
            run = -1;
            i += k;
        } else if (c == '(' || c == ')' || c == '|' || c == '^' ||
                   c == '$' || c == '.') {
            if (c == '(' || c == ')')
                return -1; /* a group inside an alternative */
            run = -1;
            i++;
        } else if (c == '?' || c == '*' || c == '+' || c == '{') {
            run = -1; /* what came before is optional or repeated */
            i++;
            if (c == '{') {
                while (i < n && a[i] != '}')
                    i++;
                i++;
            }
        } else {
            if (run < 0)
                run = (long)i;
            i++;
        }
    }
    return run;
}

static rule_filter *words_filter(const char *p, size_t open, size_t close)
{
    rule_filter *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->kind = FILTER_WORDS;
    size_t start = open + 3, depth = 0, cap = 0;
    for (size_t i = start; i <= close; i++) {
        if (i < close && p[i] == '\\') {
            i++;
            continue;
        }
        if (i < close && p[i] == '[') {
            size_t k = set_length(p + i);
            if (!k)
                goto none;
            i += k - 1;
            continue;
        }
        if (i < close && p[i] == '(')
            depth++;
        if (i < close && p[i] == ')')
            depth--;
        if (i < close && (p[i] != '|' || depth))
            continue;
        /* the alternative p[start..i) */
        long e = literal_ending(p + start, i - start);
        if (e < 0)
            goto none;
        const char *lit = p + start + e;
        int32_t len8 = (int32_t)(i - start - (size_t)e), len16 = 0;
        if (f->n_endings == cap) {
            cap = cap ? cap * 2 : 16;
            UChar *ne = realloc(f->endings, cap * MAX_ENDING * sizeof *ne);
            if (ne)
                f->endings = ne;
            int *nl = ne ? realloc(f->lengths, cap * sizeof *nl) : NULL;
            if (!nl)
                goto none;
            f->lengths = nl;
        }
        UErrorCode st = U_ZERO_ERROR;
        u_strFromUTF8(f->endings + f->n_endings * MAX_ENDING, MAX_ENDING,
                      &len16, lit, len8, &st);
        if (U_FAILURE(st) || len16 <= 0 || len16 > MAX_ENDING)
            goto none;
        f->lengths[f->n_endings++] = len16;
        start = i + 1;
    }
    if (f->n_endings)
        return f;
none:
    rule_filter_free(f);
    return NULL;
}

/* "...\.){M,N}CLASS{A,B}\." with M >= 1 and CLASS not matching "." */
static rule_filter *dots_filter(const char *p, size_t len)
{
    /* p[len - 2..] is "\." ; before it {A,B} */
    if (len < 12 || p[len - 3] != '}')
        return NULL;
    size_t q = len - 3;
    while (q > 0 && p[q] != '{')
        q--;
    int a, b;
    if (sscanf(p + q, "{%d,%d}", &a, &b) != 2 || a < 0 || b < a || b > 30)
        return NULL;
    /* the class before the quantifier: [...] or \p{...} */
    size_t c = q;
    if (c > 0 && p[c - 1] == ']') {
        while (c > 0 && p[c - 1] != '[')
            c--;
        if (!c)
            return NULL;
        c--;
        if (set_length(p + c) != q - c)
            return NULL;
    } else if (c > 0 && p[c - 1] == '}') {
        while (c > 0 && p[c - 1] != '\\')
            c--;
        if (!c)
            return NULL;
        c--;
        if (escape_length(p + c) != q - c)
            return NULL;
    } else {
        return NULL;
    }
    /* before the class: "\.){M,N}" with M >= 1 */
    size_t g = c;
    if (g < 2 || p[g - 1] != '}')
        return NULL;
    while (g > 0 && p[g - 1] != '{')
        g--;
    int m, n;
    if (!g || sscanf(p + g - 1, "{%d,%d}", &m, &n) != 2 || m < 1)
        return NULL;
    g--;
    if (g < 3 || strncmp(p + g - 3, "\\.)", 3) != 0)
        return NULL;
    /* the class must not match a full stop: ask ICU */
    char cls[128];
    if (q - c >= sizeof cls)
        return NULL;
    memcpy(cls, p + c, q - c);
    cls[q - c] = 0;
    UErrorCode st = U_ZERO_ERROR;
    long off;
    URegularExpression *re = srx_regex_compile(cls, 0, &st, &off);
    if (!re)
        return NULL;
    static const UChar dot[] = {'.'};
    uregex_setText(re, dot, 1, &st);
    int matches_dot = U_SUCCESS(st) ? uregex_matches(re, 0, &st) != 0 : 1;
    uregex_close(re);
    if (matches_dot || U_FAILURE(st))
        return NULL;
    rule_filter *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->kind = FILTER_DOTS;
    f->lo = a + 1;     /* the class run, then the full stop before it; */
    f->hi = 2 * b + 1; /* a code point may take two UTF-16 units */
    return f;
}

rule_filter *rule_filter_new(const char *p)
{
    size_t len = strlen(p);
    if (len < 3 || strcmp(p + len - 2, "\\.") != 0)
        return NULL;
    for (const char *s = p; (s = strstr(s, "(?")) != NULL; s += 2)
        if (s[2] != ':' && s[2] != '<' && s[2] != '=' && s[2] != '!')
            return NULL; /* inline flags */
    if (p[len - 3] == ')') {
        /* the group that closes at len - 3: find its "(?:" */
        size_t open = (size_t)-1, depth = 0;
        size_t opens[64];
        for (size_t i = 0; i + 2 < len; i++) {
            if (p[i] == '\\') {
                i++;
                continue;
            }
            if (p[i] == '[') {
                size_t k = set_length(p + i);
                if (!k)
                    return NULL;
                i += k - 1;
                continue;
            }
            if (p[i] == '(') {
                if (depth == 64)
                    return NULL;
                opens[depth++] = i;
            } else if (p[i] == ')') {
                if (!depth)
                    return NULL;
                size_t o = opens[--depth];
                if (i == len - 3)
                    open = o;
            }
        }
        if (open != (size_t)-1 && strncmp(p + open, "(?:", 3) == 0)
            return words_filter(p, open, len - 3);
        return NULL;
    }
    return dots_filter(p, len);
}

int rule_filter_may_match(const rule_filter *f, const UChar *u, int32_t x)
{
    int32_t dot = x - 1; /* the full stop the match ends with */
    if (dot < 0)
        return 0;
    if (f->kind == FILTER_DOTS) {
        for (int k = f->lo; k <= f->hi && dot - k >= 0; k++)
            if (u[dot - k] == '.')
                return 1;
        return 0;
    }
    /* a linear pass, the last unit compared first: 40-70 endings cost
     * a few hundred instructions, the regex thousands */
    if (dot == 0)
        return 0;
    UChar last = u[dot - 1];
    for (size_t i = 0; i < f->n_endings; i++) {
        int32_t l = f->lengths[i];
        const UChar *e = f->endings + i * MAX_ENDING;
        if (e[l - 1] == last && l <= dot &&
            memcmp(u + dot - l, e, (size_t)l * sizeof *u) == 0)
            return 1;
    }
    return 0;
}

void rule_filter_free(rule_filter *f)
{
    if (!f)
        return;
    free(f->endings);
    free(f->lengths);
    free(f);
}
