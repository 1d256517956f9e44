/*
 * regex_hint.c - first/last character sets of ICU regexes (see
 * regex_hint.h).
 *
 * The pattern is cut into top-level tokens: single-character elements
 * (a literal, an escape like \. \s \p{Lu} \x{964}, a [set], the dot),
 * zero-width assertions (\b ^ $ and look-around groups), other groups,
 * quantifiers, and '|'.  Anything this reader does not fully understand
 * makes it give up: a missing hint only costs time, a wrong one would
 * change segmentation.
 */
#include "segment/regex_hint.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "segment/srx.h"
#include "base/strbuf.h"

typedef enum { T_ATOM, T_ZERO, T_GROUP, T_QUANT, T_ALT, T_BAD } tok_kind;

typedef struct tok {
    tok_kind kind;
    size_t start, end; /* bytes of the pattern */
    long min;          /* T_QUANT: least number of repetitions */
} tok;

#define MAX_TOKS 512

struct regex_hint {
    URegularExpression *re; /* the element alone, matched on one character */
    unsigned char cache[65536 / 4]; /* 2 bits per BMP code point:
                                       0 unknown, 1 no, 2 yes */
};

/* End of the group that starts at p[i] == '(' (index after its ')'), or
 * 0 when unbalanced or when it holds \Q. */
static size_t group_end(const char *p, size_t i)
{
    int depth = 0, in_class = 0;
    for (; p[i]; i++) {
        char c = p[i];
        if (c == '\\') {
            if (p[i + 1] == 'Q' || !p[i + 1])
                return 0;
            i++;
        } else if (c == '[') {
            in_class++;
        } else if (c == ']' && in_class) {
            in_class--;
        } else if (!in_class && c == '(') {
            depth++;
        } else if (!in_class && c == ')') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return 0;
}

/* End of the [set] starting at p[i] == '[', or 0. */
static size_t class_end(const char *p, size_t i)
{
    int depth = 0;
    for (; p[i]; i++) {
        if (p[i] == '\\') {
            if (!p[i + 1] || p[i + 1] == 'Q')
                return 0;
            i++;
        } else if (p[i] == '[') {
            depth++;
        } else if (p[i] == ']' && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

/* One escape at p[i] == '\\': its kind and end. */
static tok_kind escape(const char *p, size_t i, size_t *end)
{
    char c = p[i + 1];
    *end = i + 2;
    if (!c)
        return T_BAD;
    if (strchr("pPNx", c) && p[i + 2] == '{') {
        const char *e = strchr(p + i + 2, '}');
        if (!e)
            return T_BAD;
        *end = (size_t)(e - p) + 1;
        return T_ATOM;
    }
    if (c == 'x' || c == 'u' || c == 'U') {
        size_t n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        for (size_t k = 0; k < n; k++)
            if (!is_hex(p[i + 2 + k]))
                return T_BAD;
        *end = i + 2 + n;
        return T_ATOM;
    }
    if (strchr("sSdDwWhHvVtnrfea", c))
        return T_ATOM;
    if (strchr("bBAzZG", c))
        return T_ZERO;
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
        (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80)
        return T_BAD; /* back-references, \Q, \X, \R, unknown escapes */
    return T_ATOM;    /* an escaped punctuation character */
}

/* Quantifier at p[i]: its end and minimum, or 0. */
static size_t quantifier(const char *p, size_t i, long *min)
{
    size_t e = i + 1;
    if (p[i] == '*' || p[i] == '?') {
        *min = 0;
    } else if (p[i] == '+') {
        *min = 1;
    } else if (p[i] == '{') {
        char *after;
        *min = strtol(p + i + 1, &after, 10);
        if (after == p + i + 1)
            return 0;
        if (*after == ',')
            for (after++; *after >= '0' && *after <= '9';)
                after++;
        if (*after != '}')
            return 0;
        e = (size_t)(after - p) + 1;
    } else {
        return 0;
    }
    if (p[e] == '?' || p[e] == '+') /* lazy or possessive */
        e++;
    return e;
}

static size_t tokenize(const char *p, tok *t)
{
    size_t n = 0;
    for (size_t i = 0; p[i] && n < MAX_TOKS;) {
        tok *k = &t[n++];
        k->start = i;
        k->min = 1;
        long min;
        size_t e = quantifier(p, i, &min);
        if (e) {
            k->kind = T_QUANT;
            k->min = min;
        } else if (p[i] == '\\') {
            k->kind = escape(p, i, &e);
        } else if (p[i] == '[') {
            e = class_end(p, i);
            k->kind = e ? T_ATOM : T_BAD;
        } else if (p[i] == '(') {
            e = group_end(p, i);
            if (!e)
                k->kind = T_BAD;
            else if (strncmp(p + i, "(?=", 3) == 0 ||
                     strncmp(p + i, "(?!", 3) == 0 ||
                     strncmp(p + i, "(?<=", 4) == 0 ||
                     strncmp(p + i, "(?<!", 4) == 0)
                k->kind = T_ZERO;
            else if (p[i + 1] == '?' && p[i + 2] != ':' && p[i + 2] != '<')
                k->kind = T_BAD; /* flags such as (?i) */
            else
                k->kind = T_GROUP;
        } else if (p[i] == '|') {
            k->kind = T_ALT;
            e = i + 1;
        } else if (p[i] == ')') {
            k->kind = T_BAD;
        } else if (p[i] == '^' || p[i] == '$') {
            k->kind = T_ZERO;
            e = i + 1;
        } else { /* a literal character (all of its UTF-8 bytes), or '.' */
            e = i + 1;
            while (((unsigned char)p[e] & 0xC0) == 0x80)
                e++;
            k->kind = T_ATOM;
        }
        if (!e || k->kind == T_BAD)
            return 0;
        k->end = e;
        i = e;
    }
    return n < MAX_TOKS ? n : 0;
}

static regex_hint *make(const char *p, const tok *atom)
{
    size_t len = atom->end - atom->start;
    char *text = malloc(len + 1);
    regex_hint *h = calloc(1, sizeof *h);
    if (!text || !h) {
        free(text);
        free(h);
        return NULL;
    }
    memcpy(text, p + atom->start, len);
    text[len] = '\0';
    UErrorCode st = U_ZERO_ERROR;
    long off;
    h->re = srx_regex_compile(text, 0, &st, &off);
    free(text);
    if (!h->re) {
        free(h);
        return NULL;
    }
    return h;
}

regex_hint *regex_hint_last(const char *p)
{
    static const tok none = {T_BAD, 0, 0, 0};
    tok *t = malloc(MAX_TOKS * sizeof *t);
    size_t n = t ? tokenize(p, t) : 0;
    regex_hint *h = NULL;
    for (size_t i = 0; i < n; i++)
        if (t[i].kind == T_ALT)
            n = 0;
    while (n > 0) {
        const tok *last = &t[n - 1], *base = last, *q = &none;
        if (last->kind == T_QUANT) {
            if (n < 2)
                break;
            q = last;
            base = &t[n - 2];
        }
        if (base->kind == T_ZERO) { /* zero-width: look further left */
            n -= q == &none ? 1 : 2;
            continue;
        }
        if (base->kind == T_ATOM && q->min >= 1)
            h = make(p, base);
        else if (base->kind == T_ATOM && q == &none)
            h = make(p, base);
        break;
    }
    free(t);
    return h;
}

/* Append to `out` the first element of every alternative of p (as
 * "elem|"), looking into groups; 0 when some alternative has none. */
static int first_atoms(const char *p, strbuf *out, int depth)
{
    tok *t = malloc(MAX_TOKS * sizeof *t);
    size_t n = t ? tokenize(p, t) : 0;
    int ok = n > 0 && depth < 8;
    size_t i = 0;
    while (ok && i <= n) {
        /* the alternative starting at token i */
        int found = 0;
        for (; i < n && t[i].kind != T_ALT; i++) {
            int quantified = i + 1 < n && t[i + 1].kind == T_QUANT;
            if (t[i].kind == T_ZERO) {
                i += quantified;
                continue;
            }
            if (quantified && t[i + 1].min < 1) {
                /* optional: it or whatever follows can come first */
                if (t[i].kind != T_ATOM)
                    break;
                strbuf_append(out, p + t[i].start, t[i].end - t[i].start);
                strbuf_append_char(out, '|');
                i++;
                continue;
            }
            if (t[i].kind == T_ATOM) {
                strbuf_append(out, p + t[i].start, t[i].end - t[i].start);
                strbuf_append_char(out, '|');
                found = 1;
            } else if (t[i].kind == T_GROUP) {
                /* the group's content, without "(", "(?:" and ")" */
                size_t skip = p[t[i].start + 1] == '?' ? 3 : 1;
                if (p[t[i].start + 1] == '?' && p[t[i].start + 2] == '<')
                    break; /* named group: give up */
                size_t len = t[i].end - t[i].start - skip - 1;
                char *inner = malloc(len + 1);
                if (inner) {
                    memcpy(inner, p + t[i].start + skip, len);
                    inner[len] = '\0';
                    found = first_atoms(inner, out, depth + 1);
                    free(inner);
                }
            }
            break;
        }
        if (!found) {
            ok = 0;
            break;
        }
        while (i < n && t[i].kind != T_ALT) /* on to the next alternative */
            i++;
        i++;
    }
    free(t);
    return ok;
}

int regex_hint_anchored(const char *p)
{
    tok *t = malloc(MAX_TOKS * sizeof *t);
    size_t n = t ? tokenize(p, t) : 0;
    int anchored = n > 0 && t[0].kind == T_ZERO && p[t[0].start] == '^' &&
                   !(n > 1 && t[1].kind == T_QUANT);
    for (size_t i = 0; anchored && i < n; i++)
        if (t[i].kind == T_ALT)
            anchored = 0;
    free(t);
    return anchored;
}

regex_hint *regex_hint_first(const char *p)
{
    strbuf alts = STRBUF_INIT;
    regex_hint *h = NULL;
    if (strbuf_append_str(&alts, "(?:") == ANV_OK &&
        first_atoms(p, &alts, 0) && alts.len > 3) {
        alts.data[alts.len - 1] = ')'; /* the last '|' */
        tok whole = {T_ATOM, 0, alts.len, 1};
        h = make(alts.data, &whole);
    }
    strbuf_release(&alts);
    return h;
}

int regex_hint_allows(regex_hint *h, UChar32 c)
{
    unsigned shift = 0, idx = 0;
    if (c >= 0 && c <= 0xffff) {
        idx = (unsigned)c >> 2;
        shift = ((unsigned)c & 3) * 2;
        unsigned v = (h->cache[idx] >> shift) & 3;
        if (v)
            return v == 2;
    }
    UChar buf[2];
    int32_t len = 0;
    UBool err = 0;
    U16_APPEND(buf, len, 2, c, err);
    if (err)
        return 1;
    UErrorCode st = U_ZERO_ERROR;
    uregex_setText(h->re, buf, len, &st);
    int yes = U_SUCCESS(st) ? uregex_matches(h->re, 0, &st) != 0 : 1;
    if (U_FAILURE(st))
        yes = 1;
    if (c >= 0 && c <= 0xffff)
        h->cache[idx] |= (unsigned char)((yes ? 2u : 1u) << shift);
    return yes;
}

void regex_hint_free(regex_hint *h)
{
    if (!h)
        return;
    uregex_close(h->re);
    free(h);
}
