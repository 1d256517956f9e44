/*
 * tmx_unit.c - the extra blob, TMX dates and XML-safe text.
 */
#include "tm/tmx_unit.h"

#include <string.h>
#include <time.h>

#include <unicode/utf8.h>

void tmx_meta_init(tmx_meta *m)
{
    memset(m, 0, sizeof *m);
    m->creationdate = m->changedate = m->lastusagedate = TMX_NO_DATE;
    m->usagecount = -1;
}

/* ---- the extra blob ---------------------------------------------------- */

static const char *field(const char *blob, size_t len, size_t *pos)
{
    const char *s = blob + *pos;
    const char *nul = memchr(s, '\0', len - *pos);
    if (!nul)
        return NULL;
    *pos = (size_t)(nul - blob) + 1;
    return s;
}

int tmx_extra_next(const char *blob, size_t len, size_t *pos,
                   tmx_extra_item *out)
{
    if (!blob || *pos >= len)
        return 0;
    size_t p = *pos;
    char kind = blob[p++];
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->lang = out->oencoding = "";
    switch (kind) {
    case 'a':
        out->name = field(blob, len, &p);
        out->text = out->name ? field(blob, len, &p) : NULL;
        break;
    case 'p':
        out->name = field(blob, len, &p);
        out->lang = out->name ? field(blob, len, &p) : NULL;
        out->oencoding = out->lang ? field(blob, len, &p) : NULL;
        out->text = out->oencoding ? field(blob, len, &p) : NULL;
        break;
    case 'n':
        out->lang = field(blob, len, &p);
        out->oencoding = out->lang ? field(blob, len, &p) : NULL;
        out->text = out->oencoding ? field(blob, len, &p) : NULL;
        break;
    default:
        return 0;
    }
    if (!out->text)
        return 0;
    *pos = p;
    return 1;
}

static int add_fields(strbuf *b, char kind, const char *const *f, size_t n)
{
    if (strbuf_append_char(b, kind) != ANV_OK)
        return ANV_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (strbuf_append(b, f[i] ? f[i] : "", f[i] ? strlen(f[i]) + 1 : 1)
            != ANV_OK)
            return ANV_ENOMEM;
    return ANV_OK;
}

int tmx_extra_add_attr(strbuf *b, const char *name, const char *value)
{
    const char *f[] = {name, value};
    return add_fields(b, 'a', f, 2);
}

int tmx_extra_add_prop(strbuf *b, const char *type, const char *lang,
                       const char *oencoding, const char *text)
{
    const char *f[] = {type, lang, oencoding, text};
    return add_fields(b, 'p', f, 4);
}

int tmx_extra_add_note(strbuf *b, const char *lang, const char *oencoding,
                       const char *text)
{
    const char *f[] = {lang, oencoding, text};
    return add_fields(b, 'n', f, 3);
}

static int same_item(const tmx_extra_item *a, const tmx_extra_item *b)
{
    if (a->kind != b->kind)
        return 0;
    if (a->kind == 'a')
        return strcmp(a->name, b->name) == 0;
    return (a->kind == 'n' || strcmp(a->name, b->name) == 0) &&
           strcmp(a->lang, b->lang) == 0 &&
           strcmp(a->oencoding, b->oencoding) == 0 &&
           strcmp(a->text, b->text) == 0;
}

int tmx_extra_contains(const char *blob, size_t len,
                       const tmx_extra_item *item)
{
    size_t pos = 0;
    tmx_extra_item it;
    while (tmx_extra_next(blob, len, &pos, &it))
        if (same_item(&it, item))
            return 1;
    return 0;
}

/* ---- translation context ------------------------------------------------ */

static int is_prop(const tmx_extra_item *it, const char *ours,
                   const char *omegat)
{
    return it->kind == 'p' &&
           (strcmp(it->name, ours) == 0 || strcmp(it->name, omegat) == 0);
}

/* A context pair starting at *pos: 1 and *pos past it, else 0.  A prev
 * prop directly followed by a next prop is one pair; a prev or next prop
 * alone (how `export --tmx` writes a document's first and last segment)
 * is a pair whose other half is "" (the document's edge). */
static int context_at(const char *blob, size_t len, size_t *pos,
                      const char **prev, const char **next)
{
    size_t p = *pos, after;
    tmx_extra_item a, b;
    if (!tmx_extra_next(blob, len, &p, &a))
        return 0;
    if (is_prop(&a, TMX_PROP_CONTEXT_NEXT, "next")) {
        *prev = "";
        *next = a.text;
    } else if (is_prop(&a, TMX_PROP_CONTEXT_PREV, "prev")) {
        *prev = a.text;
        *next = "";
        after = p;
        if (tmx_extra_next(blob, len, &after, &b) &&
            is_prop(&b, TMX_PROP_CONTEXT_NEXT, "next")) {
            *next = b.text;
            p = after;
        }
    } else {
        return 0;
    }
    *pos = p;
    return 1;
}

int tmx_extra_next_context(const char *blob, size_t len, size_t *pos,
                           const char **prev, const char **next)
{
    tmx_extra_item it;
    while (*pos < len) {
        if (context_at(blob, len, pos, prev, next))
            return 1;
        if (!tmx_extra_next(blob, len, pos, &it))
            return 0;
    }
    return 0;
}

int tmx_extra_has_context(const char *blob, size_t len, const char *prev,
                          const char *next)
{
    size_t pos = 0;
    const char *p, *n;
    while (tmx_extra_next_context(blob, len, &pos, &p, &n))
        if (strcmp(p, prev) == 0 && strcmp(n, next) == 0)
            return 1;
    return 0;
}

static int add_context(strbuf *b, const char *prev, const char *next)
{
    return tmx_extra_add_prop(b, TMX_PROP_CONTEXT_PREV, NULL, NULL, prev) ==
                   ANV_OK &&
                   tmx_extra_add_prop(b, TMX_PROP_CONTEXT_NEXT, NULL, NULL,
                                      next) == ANV_OK
               ? ANV_OK
               : ANV_ENOMEM;
}

int tmx_extra_with_context(strbuf *out, const char *blob, size_t len,
                           const char *prev, const char *next, size_t keep)
{
    int have = tmx_extra_has_context(blob, len, prev, next);
    size_t pairs = 0, pos = 0, start;
    const char *p, *n;
    while (tmx_extra_next_context(blob, len, &pos, &p, &n))
        pairs++;
    size_t total = pairs + !have, drop = total > keep ? total - keep : 0;
    tmx_extra_item it;
    pos = 0;
    while (start = pos, pos < len) {
        if (context_at(blob, len, &pos, &p, &n)) {
            if (drop) {
                drop--;
                continue;
            }
        } else if (!tmx_extra_next(blob, len, &pos, &it)) {
            break;
        }
        if (strbuf_append(out, blob + start, pos - start) != ANV_OK)
            return ANV_ENOMEM;
    }
    return have || keep == 0 ? ANV_OK : add_context(out, prev, next);
}

int tmx_extra_merge(strbuf *b, const char *add, size_t add_len)
{
    size_t pos = 0, start = 0;
    tmx_extra_item it;
    const char *p, *n;
    while (start = pos, pos < add_len) {
        /* A context pair is one thing: its halves are not merged apart. */
        if (context_at(add, add_len, &pos, &p, &n)) {
            if (!tmx_extra_has_context(b->data, b->len, p, n) &&
                strbuf_append(b, add + start, pos - start) != ANV_OK)
                return ANV_ENOMEM;
            continue;
        }
        if (!tmx_extra_next(add, add_len, &pos, &it))
            break;
        if (tmx_extra_contains(b->data, b->len, &it))
            continue;
        if (strbuf_append(b, add + start, pos - start) != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

/* ---- dates -------------------------------------------------------------- */

static int digits(const char **s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return 0;
        v = v * 10 + (c - '0');
    }
    *s += n;
    *out = v;
    return 1;
}

static int skip(const char **s, char c)
{
    if (**s == c) {
        (*s)++;
        return 1;
    }
    return 0;
}

int tmx_date_parse(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (!s || !digits(&s, 4, &y))
        return 0;
    int ext = skip(&s, '-');
    if (!digits(&s, 2, &mo) || (ext && !skip(&s, '-')) || !digits(&s, 2, &d))
        return 0;
    if (skip(&s, 'T') || skip(&s, 't')) {
        if (!digits(&s, 2, &h) || (ext && !skip(&s, ':')) ||
            !digits(&s, 2, &mi) || (ext && !skip(&s, ':')) ||
            !digits(&s, 2, &sec))
            return 0;
        if (!skip(&s, 'Z'))
            skip(&s, 'z');
    }
    if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        sec > 60)
        return 0;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
                                31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] + (mo == 2 && leap))
        return 0;
    /* Days from 1970-01-01 (H. Hinnant's days_from_civil), by hand
     * rather than timegm(): a big TMX has two dates a unit. */
    int yy = y - (mo <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    *out = days * 86400 + h * 3600 + mi * 60 + sec;
    return 1;
}

void tmx_date_format(int64_t t, char *buf)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 > 9999 ||
        tm.tm_year + 1900 < 0) {
        memcpy(buf, "19700101T000000Z", TMX_DATE_LEN + 1);
        return;
    }
    /* By hand rather than snprintf: exports format two dates a unit. */
    int f[] = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
               tm.tm_hour, tm.tm_min, tm.tm_sec};
    int width[] = {4, 2, 2, 2, 2, 2};
    char *o = buf;
    for (int i = 0; i < 6; i++) {
        if (i == 3)
            *o++ = 'T';
        for (int k = width[i] - 1, v = f[i]; k >= 0; k--, v /= 10)
            o[k] = (char)('0' + v % 10);
        o += width[i];
    }
    *o++ = 'Z';
    *o = '\0';
}

/* ---- text ---------------------------------------------------------------- */

int tmx_xml_char_ok(uint32_t c)
{
    if (c < 0x20)
        return c == 0x9 || c == 0xA || c == 0xD;
    if (c >= 0xD800 && c <= 0xDFFF)
        return 0;
    return c != 0xFFFE && c != 0xFFFF && c <= 0x10FFFF;
}

static long append_filtered(strbuf *out, const char *s, size_t n, int escape)
{
    long dropped = 0;
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        /* Most text is plain ASCII that needs nothing: copy runs of it. */
        if (b >= 0x20 && b < 0x80 &&
            (!escape || (b != '&' && b != '<' && b != '>'))) {
            i++;
            continue;
        }
        if (strbuf_append(out, s + run, i - run) != ANV_OK)
            return ANV_ENOMEM;
        size_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        const char *rep = NULL;
        if (c < 0 || !tmx_xml_char_ok((uint32_t)c))
            dropped++, rep = "";
        else if (escape && c == '&')
            rep = "&amp;";
        else if (escape && c == '<')
            rep = "&lt;";
        else if (escape && c == '>')
            rep = "&gt;";
        int rc = rep ? strbuf_append_str(out, rep)
                     : strbuf_append(out, s + start, i - start);
        if (rc != ANV_OK)
            return ANV_ENOMEM;
        run = i;
    }
    if (strbuf_append(out, s + run, n - run) != ANV_OK)
        return ANV_ENOMEM;
    return dropped;
}

long tmx_append_seg_text(strbuf *out, const char *s, size_t n)
{
    return append_filtered(out, s, n, 1);
}

long tmx_append_xml_safe(strbuf *out, const char *s, size_t n)
{
    return append_filtered(out, s, n, 0);
}
