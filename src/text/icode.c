/*
 * icode.c - inline codes as private-use characters in segment text (see
 * icode.h).
 *
 * Decoding uses ICU's U8_NEXT; a code char is any code point in
 * U+E000..U+EBFF, its kind the 1024-block it falls in, its id the offset
 * in the block.  The checks collect the codes of a string into a small
 * array (segments hold a handful) and compare arrays; nothing here
 * allocates except the output buffers and those arrays.
 */
#include "text/icode.h"
#include "text/text.h"
#include "base/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#define ICODE_BASE 0xE000u
#define ICODE_BLOCK 0x400u

size_t icode_at(const char *s, size_t n, size_t i, icode_kind *kind,
                unsigned *id)
{
    if (i + ICODE_CHAR_LEN > n || (unsigned char)s[i] != 0xEE)
        return 0;
    size_t j = i;
    UChar32 c;
    U8_NEXT((const uint8_t *)s, j, n, c);
    if (c < (UChar32)ICODE_BASE || c >= (UChar32)(ICODE_BASE + 3 * ICODE_BLOCK))
        return 0;
    unsigned off = (unsigned)c - ICODE_BASE;
    if (off % ICODE_BLOCK == 0)
        return 0; /* id 0 is never used */
    if (kind)
        *kind = (icode_kind)(off / ICODE_BLOCK);
    if (id)
        *id = off % ICODE_BLOCK;
    return ICODE_CHAR_LEN;
}

int icode_append(strbuf *out, icode_kind kind, unsigned id)
{
    if (id < 1 || id > ICODE_MAX_ID || kind > ICODE_ISOLATED)
        return ANV_EINVAL;
    uint8_t buf[4];
    size_t k = 0;
    UBool bad = 0;
    U8_APPEND(buf, k, 4, (UChar32)(ICODE_BASE + kind * ICODE_BLOCK + id), bad);
    (void)bad;
    return strbuf_append(out, (const char *)buf, k);
}

/* The next byte at or after i that may start a code char (0xEE), or n:
 * memchr skips plain text a word at a time. */
static size_t next_lead(const char *s, size_t n, size_t i)
{
    const char *p = i < n ? memchr(s + i, 0xEE, n - i) : NULL;
    return p ? (size_t)(p - s) : n;
}

size_t icode_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = next_lead(s, n, 0); i < n; i = next_lead(s, n, i + 1))
        if (icode_at(s, n, i, NULL, NULL)) {
            c++;
            i += ICODE_CHAR_LEN - 1;
        }
    return c;
}

int icode_next_piece(const char *s, size_t n, size_t *pos, icode_piece *out)
{
    size_t i = *pos;
    if (i >= n)
        return 0;
    if (icode_at(s, n, i, &out->kind, &out->id)) {
        out->is_code = 1;
        out->text = s + i;
        out->len = ICODE_CHAR_LEN;
        *pos = i + ICODE_CHAR_LEN;
        return 1;
    }
    size_t j = next_lead(s, n, i + 1);
    while (j < n && !icode_at(s, n, j, NULL, NULL))
        j = next_lead(s, n, j + 1);
    out->is_code = 0;
    out->text = s + i;
    out->len = j - i;
    *pos = j;
    return 1;
}

int icode_has_partner(const char *s, size_t n, icode_kind kind, unsigned id)
{
    if (kind == ICODE_ISOLATED)
        return 0;
    icode_kind want = kind == ICODE_OPEN ? ICODE_CLOSE : ICODE_OPEN, k;
    unsigned i2;
    for (size_t i = next_lead(s, n, 0); i < n; i = next_lead(s, n, i + 1))
        if (icode_at(s, n, i, &k, &i2) && k == want && i2 == id)
            return 1;
    return 0;
}

unsigned icode_next_id(const icode *codes, size_t n)
{
    unsigned m = 0;
    for (size_t i = 0; i < n; i++)
        if (codes[i].id > m)
            m = codes[i].id;
    return m + 1;
}

int icode_replace(strbuf *out, const char *s, size_t n, const char *repl)
{
    size_t pos = 0;
    icode_piece pc;
    while (icode_next_piece(s, n, &pos, &pc))
        if ((pc.is_code ? strbuf_append_str(out, repl)
                        : strbuf_append(out, pc.text, pc.len)) != ANV_OK)
            return ANV_ENOMEM;
    return strbuf_append(out, "", 0);
}

int icode_display(strbuf *out, const char *s, size_t n)
{
    size_t pos = 0;
    icode_piece pc;
    while (icode_next_piece(s, n, &pos, &pc)) {
        int rc = !pc.is_code ? strbuf_append(out, pc.text, pc.len)
                 : strbuf_printf(out, pc.kind == ICODE_OPEN    ? "{%u}"
                                      : pc.kind == ICODE_CLOSE ? "{/%u}"
                                                               : "{%u/}",
                                 pc.id);
        if (rc != ANV_OK)
            return ANV_ENOMEM;
    }
    return strbuf_append(out, "", 0);
}

/* Does `allowed` hold code (k, id)? */
static int has_code(const char *allowed, icode_kind k, unsigned id)
{
    size_t n = strlen(allowed);
    icode_kind k2;
    unsigned id2;
    for (size_t i = 0; i < n; i++)
        if (icode_at(allowed, n, i, &k2, &id2)) {
            if (k2 == k && id2 == id)
                return 1;
            i += ICODE_CHAR_LEN - 1;
        }
    return 0;
}

/* A placeholder at s[i]: "{N}", "{/N}", "{N/}".  Returns its length and
 * fills kind/id, or 0. */
static size_t placeholder_at(const char *s, size_t n, size_t i,
                             icode_kind *k, unsigned *id)
{
    size_t j = i + 1;
    if (i >= n || s[i] != '{')
        return 0;
    *k = ICODE_OPEN;
    if (j < n && s[j] == '/') {
        *k = ICODE_CLOSE;
        j++;
    }
    unsigned v = 0;
    size_t digits = 0;
    while (j < n && s[j] >= '0' && s[j] <= '9' && digits < 5) {
        v = v * 10 + (unsigned)(s[j] - '0');
        j++;
        digits++;
    }
    if (!digits || v < 1 || v > ICODE_MAX_ID)
        return 0;
    if (*k == ICODE_OPEN && j < n && s[j] == '/') {
        *k = ICODE_ISOLATED;
        j++;
    }
    if (j >= n || s[j] != '}')
        return 0;
    *id = v;
    return j + 1 - i;
}

int icode_parse_display(strbuf *out, const char *s, size_t n,
                        const char *allowed)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        icode_kind k;
        unsigned id;
        size_t len = placeholder_at(s, n, i, &k, &id);
        if (!len || !has_code(allowed, k, id))
            continue;
        if (strbuf_append(out, s + start, i - start) != ANV_OK ||
            icode_append(out, k, id) != ANV_OK)
            return ANV_ENOMEM;
        i += len - 1;
        start = i + 1;
    }
    return strbuf_append(out, s + start, n - start);
}

/* ---- checks ---------------------------------------------------------------- */

typedef struct code_ref {
    icode_kind kind;
    unsigned id;
    size_t pos;
} code_ref;

typedef struct code_list {
    code_ref *v;
    size_t n, cap;
} code_list;

static int collect(const char *s, code_list *out)
{
    size_t n = strlen(s);
    icode_kind k;
    unsigned id;
    out->n = 0;
    for (size_t i = 0; i < n; i++)
        if (icode_at(s, n, i, &k, &id)) {
            if (array_grow(&out->v, &out->cap, out->n + 1, sizeof *out->v) !=
                ANV_OK)
                return ANV_ENOMEM;
            out->v[out->n++] = (code_ref){k, id, i};
            i += ICODE_CHAR_LEN - 1;
        }
    return ANV_OK;
}

static size_t occurrences(const code_list *l, icode_kind k, unsigned id)
{
    size_t c = 0;
    for (size_t i = 0; i < l->n; i++)
        c += l->v[i].kind == k && l->v[i].id == id;
    return c;
}

/* Closes that come before their open, and pairs that cross. */
static size_t misnestings(const code_list *l)
{
    size_t bad = 0;
    unsigned stack[64];
    size_t depth = 0;
    for (size_t i = 0; i < l->n; i++) {
        const code_ref *c = &l->v[i];
        if (c->kind == ICODE_OPEN) {
            if (occurrences(l, ICODE_CLOSE, c->id) && depth < 64)
                stack[depth++] = c->id;
        } else if (c->kind == ICODE_CLOSE) {
            int opened = 0;
            for (size_t j = 0; j < i; j++)
                opened |= l->v[j].kind == ICODE_OPEN && l->v[j].id == c->id;
            if (!opened) {
                if (occurrences(l, ICODE_OPEN, c->id))
                    bad++; /* its open comes later */
                continue;
            }
            if (depth && stack[depth - 1] == c->id) {
                depth--;
                continue;
            }
            for (size_t j = depth; j-- > 0;)
                if (stack[j] == c->id) {
                    memmove(stack + j, stack + j + 1,
                            (depth - j - 1) * sizeof *stack);
                    depth--;
                    bad++;
                    break;
                }
        }
    }
    return bad;
}

int icode_check(const char *source, const char *target, icode_problems *out)
{
    memset(out, 0, sizeof *out);
    code_list s = {0}, t = {0};
    if (collect(source, &s) != ANV_OK || collect(target, &t) != ANV_OK) {
        free(s.v);
        free(t.v);
        out->missing = 1; /* out of memory: say something is wrong */
        return 0;
    }
    for (size_t i = 0; i < s.n; i++)
        if (!occurrences(&t, s.v[i].kind, s.v[i].id))
            out->missing++;
    for (size_t i = 0; i < t.n; i++) {
        size_t in_t = occurrences(&t, t.v[i].kind, t.v[i].id);
        if (!occurrences(&s, t.v[i].kind, t.v[i].id))
            out->extra++;
        else if (in_t > 1)
            out->duplicated++;
    }
    size_t ms = misnestings(&s), mt = misnestings(&t);
    out->misnested = mt > ms ? mt - ms : 0;
    free(s.v);
    free(t.v);
    return !out->missing && !out->extra && !out->duplicated &&
           !out->misnested;
}

int icode_next_missing(const char *source, const char *target,
                       icode_kind *kind, unsigned *id)
{
    size_t n = strlen(source);
    icode_kind k;
    unsigned i2;
    for (size_t i = 0; i < n; i++)
        if (icode_at(source, n, i, &k, &i2)) {
            if (!has_code(target, k, i2)) {
                *kind = k;
                *id = i2;
                return 1;
            }
            i += ICODE_CHAR_LEN - 1;
        }
    return 0;
}

/* ---- trimming a segment ------------------------------------------------------ */

/* Is code (k, id) in s[a..b)? */
static int inside(const char *s, size_t a, size_t b, icode_kind k,
                  unsigned id)
{
    icode_kind k2;
    unsigned id2;
    for (size_t i = a; i < b; i++)
        if (icode_at(s, b, i, &k2, &id2)) {
            if (k2 == k && id2 == id)
                return 1;
            i += ICODE_CHAR_LEN - 1;
        }
    return 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* The start of the code char that ends s[..end), or (size_t)-1. */
static size_t code_before(const char *s, size_t start, size_t end)
{
    if (end < start + ICODE_CHAR_LEN)
        return (size_t)-1;
    size_t at = end - ICODE_CHAR_LEN;
    return icode_at(s, end, at, NULL, NULL) ? at : (size_t)-1;
}

void icode_trim(const char *s, size_t *start, size_t *end)
{
    size_t a = *start, b = *end;
    for (;;) {
        while (a < b && is_space(s[a]))
            a++;
        while (b > a && is_space(s[b - 1]))
            b--;
        icode_kind k;
        unsigned id;
        /* leading: isolated, a close, an open whose close is not inside */
        if (icode_at(s, b, a, &k, &id)) {
            if (k != ICODE_OPEN ||
                !inside(s, a + ICODE_CHAR_LEN, b, ICODE_CLOSE, id)) {
                a += ICODE_CHAR_LEN;
                continue;
            }
        }
        size_t at = code_before(s, a, b);
        if (at != (size_t)-1) {
            icode_kind kb;
            unsigned idb;
            icode_at(s, b, at, &kb, &idb);
            if (kb != ICODE_CLOSE || !inside(s, a, at, ICODE_OPEN, idb)) {
                b = at;
                continue;
            }
            /* a pair wrapping the whole segment */
            if (icode_at(s, b, a, &k, &id) && k == ICODE_OPEN && id == idb) {
                a += ICODE_CHAR_LEN;
                b = at;
                continue;
            }
        }
        break;
    }
    if (a >= b) {
        *start = *end;
        return;
    }
    *start = a;
    *end = b;
}

/* ---- tables -------------------------------------------------------------------- */

const icode *icode_find(const icode *codes, size_t n, icode_kind kind,
                        unsigned id)
{
    for (size_t i = 0; i < n; i++)
        if (codes[i].kind == kind && codes[i].id == id)
            return &codes[i];
    return NULL;
}

int icode_table_copy(icode **dst, const icode *src, size_t n)
{
    *dst = NULL;
    if (!n)
        return ANV_OK;
    icode *t = calloc(n, sizeof *t);
    if (!t)
        return ANV_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        t[i] = src[i];
        t[i].data = strdup(src[i].data ? src[i].data : "");
        if (!t[i].data) {
            icode_table_free(t, i);
            return ANV_ENOMEM;
        }
    }
    *dst = t;
    return ANV_OK;
}

void icode_table_free(icode *codes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free((void *)codes[i].data);
    free(codes);
}

size_t icode_text_chars(const char *s, size_t n)
{
    size_t pos = 0, chars = 0;
    icode_piece pc;
    while (icode_next_piece(s, n, &pos, &pc))
        if (!pc.is_code)
            chars += text_count_chars(pc.text, pc.len);
    return chars;
}
