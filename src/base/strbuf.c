/*
 * strbuf.c - growable NUL-terminated byte buffer (see strbuf.h).
 */
#include "base/strbuf.h"
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int strbuf_reserve(strbuf *b, size_t extra)
{
    if (extra > (size_t)-1 / 2 - b->len)
        return ANV_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return ANV_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return ANV_ENOMEM;
    b->data = p;
    b->cap = cap;
    return ANV_OK;
}

int strbuf_append(strbuf *b, const char *s, size_t n)
{
    if (strbuf_reserve(b, n) != ANV_OK)
        return ANV_ENOMEM;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return ANV_OK;
}

int strbuf_append_str(strbuf *b, const char *s)
{
    return strbuf_append(b, s, strlen(s));
}

int strbuf_append_char(strbuf *b, char c)
{
    return strbuf_append(b, &c, 1);
}

int strbuf_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ANV_EINVAL;
    if (strbuf_reserve(b, (size_t)n) != ANV_OK)
        return ANV_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return ANV_OK;
}

int strbuf_append_xml(strbuf *b, const char *s, size_t n, int attr)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        default: break;
        }
        if (!rep)
            continue;
        if (strbuf_append(b, s + start, i - start) != ANV_OK ||
            strbuf_append_str(b, rep) != ANV_OK)
            return ANV_ENOMEM;
        start = i + 1;
    }
    return strbuf_append(b, s + start, n - start);
}

void strbuf_clear(strbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void strbuf_release(strbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *strbuf_detach(strbuf *b, size_t *len)
{
    char *p = b->data;
    if (len)
        *len = b->len;
    if (!p)
        p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
