/*
 * html.c - the HTML and XHTML filter.
 *
 * libxml2's HTML parser reads the page (SAX, no tree); each callback
 * notes what it saw and the parser's byte position, so consecutive
 * events tile the document: an event's bytes are those consumed since
 * the previous one.  libxml2 reports a start tag before eating its '>'
 * and reports elements it closes or opens by itself (implied) while it is
 * in the middle of another tag, so a fix-up pass gives a start tag the
 * '>' or "/>" after it, and an event whose bytes do not begin with "<"
 * (start) or "</NAME" (end) zero bytes, handing its bytes to the next
 * event.  A check then makes sure every start tag's bytes are "<...>"
 * and no text event holds a '<'; a page libxml2 reads some other way is
 * refused ("not supported: ...") rather than written back wrong.
 *
 * Then one walk over the events builds the units:
 *   - block elements (p, h1-h6, li, td, div, title, ...) end the current
 *     unit; text starts one; inline elements (b, a, span, ...) become
 *     paired codes, void ones (br, img) isolated codes, comments inside
 *     text isolated codes;
 *   - script, style, pre, code, textarea, and any element with
 *     translate="no", are not translated: at block level they stay
 *     skeleton, inside text the whole element is one isolated code;
 *   - alt and title attributes, <meta name="description" content> and
 *     <input type=submit|button value> become one-segment units when the
 *     element stands outside running text (inside a sentence they stay in
 *     the code: a unit cannot hold another);
 *   - entities are decoded for the text (&amp; is "&"), the bytes stay;
 *   - <html lang> (or xml:lang) is noted for export, which writes the
 *     target language there.
 */
#include "formats/filters.h"
#include "base/array.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

typedef enum { EV_START, EV_END, EV_TEXT, EV_COMMENT, EV_OTHER } ev_type;

typedef struct attr {
    char *name, *value;
} attr;

typedef struct event {
    ev_type type;
    size_t start, end;
    char *name;      /* element name, lower case */
    char *text;      /* decoded text (EV_TEXT) */
    size_t text_len;
    attr *attrs;
    size_t n_attrs;
} event;

typedef struct sax_state {
    xmlParserCtxtPtr ctxt;
    const char *data;
    event *ev;
    size_t n, cap;
    size_t last;
    int failed;
} sax_state;

static size_t position(xmlParserCtxtPtr c)
{
    return (size_t)c->input->consumed +
           (size_t)(c->input->cur - c->input->base);
}

static event *push(sax_state *s, ev_type t)
{
    if (s->failed)
        return NULL;
    if (array_grow(&s->ev, &s->cap, s->n + 1, sizeof *s->ev) != ANV_OK) {
        s->failed = 1;
        return NULL;
    }
    event *e = &s->ev[s->n++];
    memset(e, 0, sizeof *e);
    e->type = t;
    e->start = s->last;
    e->end = position(s->ctxt);
    if (e->end < e->start)
        e->end = e->start;
    s->last = e->end;
    return e;
}

static char *lower_dup(const xmlChar *n)
{
    char *s = strdup(n ? (const char *)n : "");
    for (char *p = s; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}

static sax_state *state_of(void *ctx)
{
    return ((xmlParserCtxtPtr)ctx)->_private;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    sax_state *s = state_of(ctx);
    event *e = push(s, EV_START);
    if (!e)
        return;
    e->name = lower_dup(name);
    size_t n = 0;
    while (atts && atts[2 * n])
        n++;
    e->attrs = n ? calloc(n, sizeof *e->attrs) : NULL;
    if (!e->name || (n && !e->attrs)) {
        s->failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        e->attrs[i].name = lower_dup(atts[2 * i]);
        e->attrs[i].value =
            strdup(atts[2 * i + 1] ? (const char *)atts[2 * i + 1] : "");
        e->n_attrs = i + 1;
        if (!e->attrs[i].name || !e->attrs[i].value) {
            s->failed = 1;
            return;
        }
    }
}

static void on_end(void *ctx, const xmlChar *name)
{
    sax_state *s = state_of(ctx);
    event *e = push(s, EV_END);
    if (e && !(e->name = lower_dup(name)))
        s->failed = 1;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    sax_state *s = state_of(ctx);
    /* consecutive plain text (the parser's buffer size) is one event;
     * entities stay events of their own */
    size_t end = position(s->ctxt);
    int plain = end - s->last == (size_t)len &&
                memcmp(s->data + s->last, ch, (size_t)len) == 0;
    if (plain && s->n && s->ev[s->n - 1].type == EV_TEXT &&
        s->ev[s->n - 1].end == s->last) {
        event *e = &s->ev[s->n - 1];
        if (e->text_len == e->end - e->start &&
            memcmp(s->data + e->start, e->text, e->text_len) == 0) {
            char *t = realloc(e->text, e->text_len + (size_t)len + 1);
            if (!t) {
                s->failed = 1;
                return;
            }
            memcpy(t + e->text_len, ch, (size_t)len);
            e->text = t;
            e->text_len += (size_t)len;
            e->text[e->text_len] = '\0';
            e->end = end;
            s->last = end;
            return;
        }
    }
    event *e = push(s, EV_TEXT);
    if (!e)
        return;
    e->text = malloc((size_t)len + 1);
    if (!e->text) {
        s->failed = 1;
        return;
    }
    memcpy(e->text, ch, (size_t)len);
    e->text[len] = '\0';
    e->text_len = (size_t)len;
}

static void on_comment(void *ctx, const xmlChar *v)
{
    (void)v;
    push(state_of(ctx), EV_COMMENT);
}

static void on_pi(void *ctx, const xmlChar *t, const xmlChar *d)
{
    (void)t;
    (void)d;
    push(state_of(ctx), EV_OTHER);
}

static void on_subset(void *ctx, const xmlChar *n, const xmlChar *e,
                      const xmlChar *s)
{
    (void)n;
    (void)e;
    (void)s;
    push(state_of(ctx), EV_OTHER);
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void free_events(sax_state *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->ev[i].name);
        free(s->ev[i].text);
        for (size_t k = 0; k < s->ev[i].n_attrs; k++) {
            free(s->ev[i].attrs[k].name);
            free(s->ev[i].attrs[k].value);
        }
        free(s->ev[i].attrs);
    }
    free(s->ev);
}

static int starts_nocase(const char *d, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n >= k && strncasecmp(d, p, k) == 0;
}

/* The fix-up pass (see the top of the file). */
static void fix_ranges(sax_state *s, const char *d, size_t len)
{
    for (size_t i = 0; i < s->n; i++) {
        event *e = &s->ev[i];
        if (e->type == EV_START || e->type == EV_END) {
            if (e->start == 0 && e->end >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
                e->start = 3; /* the byte-order mark */
            while (e->start < e->end && isspace((unsigned char)d[e->start]))
                e->start++; /* blanks the parser skipped silently */
        }
        size_t n = e->end - e->start;
        int real = 1;
        if (e->type == EV_START)
            real = n > 1 && d[e->start] == '<' &&
                   starts_nocase(d + e->start + 1, n - 1, e->name);
        else if (e->type == EV_END)
            real = n > 2 && d[e->start] == '<' && d[e->start + 1] == '/' &&
                   starts_nocase(d + e->start + 2, n - 2, e->name);
        if (!real) {
            if (i + 1 < s->n)
                s->ev[i + 1].start = e->start;
            e->end = e->start;
            continue;
        }
        if (e->type == EV_START && i + 1 < s->n) {
            size_t end = e->end;
            if (end < len && d[end] == '>')
                end++;
            else if (end + 1 < len && d[end] == '/' && d[end + 1] == '>')
                end += 2;
            if (end > e->end && s->ev[i + 1].end >= end) {
                e->end = end;
                s->ev[i + 1].start = end;
            }
        }
    }
}

/* Are the ranges what they should be?  (Text inside script and style
 * may hold '<'; it is never translated.) */
static int check_ranges(const sax_state *s, const char *d, size_t *bad)
{
    int raw = 0;
    for (size_t i = 0; i < s->n; i++) {
        const event *e = &s->ev[i];
        size_t n = e->end - e->start;
        int rawtext = e->name && (strcmp(e->name, "script") == 0 ||
                                  strcmp(e->name, "style") == 0);
        if (e->type == EV_START && rawtext)
            raw = 1;
        else if (e->type == EV_END && rawtext)
            raw = 0;
        if (e->type == EV_START && n &&
            (d[e->start] != '<' || d[e->end - 1] != '>')) {
            *bad = e->start;
            return 0;
        }
        if (e->type == EV_TEXT && !raw && memchr(d + e->start, '<', n)) {
            *bad = e->start;
            return 0;
        }
    }
    return 1;
}

/* ---- elements ---------------------------------------------------------- */

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return 1;
    return 0;
}

static const char *const inline_elems[] = {
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "blink", "cite",
    "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "label", "mark",
    "nobr", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
    "wbr", "br", "img", "input", "select", "code", "script", "textarea",
    "noscript", "option", "button", "output",
    "meter", "progress", "object", "embed", "iframe", "svg", "math",
    "image", "map", "area", "audio", "video", "picture", "source", "track",
    "canvas", NULL};

static const char *const void_elems[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
    "meta", "param", "source", "track", "wbr", "image", "basefont",
    "frame", "isindex", "keygen", NULL};

/* Elements whose content is never translated. */
static const char *const skip_elems[] = {
    "script", "style", "pre", "code", "textarea", "noscript", "template",
    "svg", "math", "head-meta", "select", "object", "iframe", "canvas",
    "audio", "video", "map", "xmp", "listing", "plaintext", NULL};

static const char *attr_value(const event *e, const char *name)
{
    for (size_t i = 0; i < e->n_attrs; i++)
        if (strcmp(e->attrs[i].name, name) == 0)
            return e->attrs[i].value;
    return NULL;
}

static int is_void(const char *name)
{
    return in_list(name, void_elems);
}

static int no_translate(const event *e)
{
    const char *t = attr_value(e, "translate");
    return (t && strcasecmp(t, "no") == 0) || in_list(e->name, skip_elems);
}

/* Where does attribute `name`'s value sit in the start tag d[s..e)?
 * Walks the tag's attributes (name, '=', quoted or bare value); 1 and
 * the value's byte range when found. */
static int locate_attr(const char *d, size_t s, size_t e, const char *name,
                       size_t *vs, size_t *ve)
{
    size_t i = s + 1;
    while (i < e && !isspace((unsigned char)d[i]) && d[i] != '>' &&
           d[i] != '/')
        i++; /* the element name */
    while (i < e) {
        while (i < e && (isspace((unsigned char)d[i]) || d[i] == '/'))
            i++;
        if (i >= e || d[i] == '>')
            return 0;
        size_t ns = i;
        while (i < e && !isspace((unsigned char)d[i]) && d[i] != '=' &&
               d[i] != '>' && d[i] != '/')
            i++;
        size_t nl = i - ns;
        while (i < e && isspace((unsigned char)d[i]))
            i++;
        size_t a = i, b = i;
        if (i < e && d[i] == '=') {
            i++;
            while (i < e && isspace((unsigned char)d[i]))
                i++;
            if (i < e && (d[i] == '"' || d[i] == '\'')) {
                char q = d[i++];
                a = i;
                while (i < e && d[i] != q)
                    i++;
                b = i;
                if (i < e)
                    i++;
            } else {
                a = i;
                while (i < e && !isspace((unsigned char)d[i]) && d[i] != '>')
                    i++;
                b = i;
            }
        }
        if (nl == strlen(name) && strncasecmp(d + ns, name, nl) == 0) {
            *vs = a;
            *ve = b;
            return 1;
        }
        if (i == ns)
            i++;
    }
    return 0;
}

/* ---- the walk ------------------------------------------------------------ */

typedef struct walker {
    fmt_doc *doc;
    const char *d;
    sax_state *s;
    /* inline elements open in the current unit: event index and code id */
    struct {
        const char *name;
        unsigned id;
    } open[256];
    size_t n_open;
    int in_unit;
} walker;

static int end_unit(walker *w, anv_error *err)
{
    w->n_open = 0;
    if (!w->in_unit)
        return ANV_OK;
    w->in_unit = 0;
    return fmt_unit_end(w->doc, err);
}

static int ensure_unit(walker *w, const char *context, anv_error *err)
{
    if (w->in_unit)
        return ANV_OK;
    w->in_unit = 1;
    w->n_open = 0;
    return fmt_unit_begin(w->doc, context, 0, err);
}

/* An attribute value as a unit of its own. */
static int attr_unit(walker *w, const event *e, const char *name,
                     const char *context, anv_error *err)
{
    const char *v = attr_value(e, name);
    size_t vs, ve;
    if (!v || !*v || !locate_attr(w->d, e->start, e->end, name, &vs, &ve))
        return ANV_OK;
    /* only when the bytes are the value as they are (no entities) */
    if (ve - vs != strlen(v) || memcmp(w->d + vs, v, ve - vs) != 0)
        return ANV_OK;
    int rc = fmt_unit_begin(w->doc, context, FMT_UNIT_WHOLE, err);
    if (rc == ANV_OK)
        rc = fmt_unit_text(w->doc, vs, ve, NULL, 0, err);
    if (rc == ANV_OK)
        rc = fmt_unit_end(w->doc, err);
    return rc;
}

static int attr_units(walker *w, const event *e, anv_error *err)
{
    int rc = ANV_OK;
    if (strcmp(e->name, "meta") == 0) {
        const char *n = attr_value(e, "name");
        if (n && (strcasecmp(n, "description") == 0 ||
                  strcasecmp(n, "keywords") == 0))
            rc = attr_unit(w, e, "content", strcasecmp(n, "keywords") == 0
                                                ? "meta keywords"
                                                : "meta description",
                           err);
        return rc;
    }
    if (rc == ANV_OK)
        rc = attr_unit(w, e, "alt", "alt", err);
    if (rc == ANV_OK)
        rc = attr_unit(w, e, "title", "title attribute", err);
    if (rc == ANV_OK)
        rc = attr_unit(w, e, "placeholder", "placeholder", err);
    const char *type = attr_value(e, "type");
    if (rc == ANV_OK && strcmp(e->name, "input") == 0 && type &&
        (strcasecmp(type, "submit") == 0 || strcasecmp(type, "button") == 0 ||
         strcasecmp(type, "reset") == 0))
        rc = attr_unit(w, e, "value", "button", err);
    return rc;
}

/* The index of the END event closing START event i (or s->n). */
static size_t matching_end(const sax_state *s, size_t i)
{
    int depth = 0;
    for (size_t j = i; j < s->n; j++) {
        if (s->ev[j].type == EV_START)
            depth++;
        else if (s->ev[j].type == EV_END && --depth == 0)
            return j;
    }
    return s->n;
}

static int walk(walker *w, anv_error *err)
{
    sax_state *s = w->s;
    int rc = ANV_OK;
    for (size_t i = 0; i < s->n && rc == ANV_OK; i++) {
        event *e = &s->ev[i];
        switch (e->type) {
        case EV_START: {
            if (strcmp(e->name, "html") == 0) {
                size_t vs, ve;
                if ((locate_attr(w->d, e->start, e->end, "lang", &vs, &ve) ||
                     locate_attr(w->d, e->start, e->end, "xml:lang", &vs,
                                 &ve)) &&
                    ve > vs) {
                    w->doc->lang_part = w->doc->part;
                    w->doc->lang_start = vs;
                    w->doc->lang_end = ve;
                }
            }
            int inl = in_list(e->name, inline_elems);
            if (no_translate(e)) {
                size_t j = is_void(e->name) ? i : matching_end(s, i);
                size_t end = j < s->n ? s->ev[j].end : e->end;
                if (inl && w->in_unit && (j == i || j < s->n))
                    rc = fmt_unit_isolated(w->doc, e->start, end, err);
                else if (!inl)
                    rc = end_unit(w, err);
                if (j > i)
                    i = j;
                break;
            }
            if (!inl) {
                rc = end_unit(w, err);
                if (rc == ANV_OK)
                    rc = attr_units(w, e, err);
                if (rc == ANV_OK && strcmp(e->name, "title") == 0)
                    rc = ensure_unit(w, "title", err);
                break;
            }
            /* inline */
            if (!w->in_unit || fmt_unit_empty(w->doc)) {
                if (w->in_unit && fmt_unit_empty(w->doc))
                    rc = end_unit(w, err);
                if (rc == ANV_OK)
                    rc = attr_units(w, e, err);
            }
            if (rc == ANV_OK)
                rc = ensure_unit(w, NULL, err);
            if (rc != ANV_OK)
                break;
            if (is_void(e->name)) {
                rc = fmt_unit_isolated(w->doc, e->start, e->end, err);
                /* its END event (libxml2 sends one) is nothing */
                if (i + 1 < s->n && s->ev[i + 1].type == EV_END &&
                    strcmp(s->ev[i + 1].name, e->name) == 0 &&
                    s->ev[i + 1].end == s->ev[i + 1].start)
                    i++;
                break;
            }
            unsigned id;
            rc = fmt_unit_open(w->doc, e->start, e->end, &id, err);
            if (rc == ANV_OK && w->n_open < 256) {
                w->open[w->n_open].name = e->name;
                w->open[w->n_open].id = id;
                w->n_open++;
            }
            break;
        }
        case EV_END: {
            int inl = in_list(e->name, inline_elems);
            if (!inl) {
                rc = end_unit(w, err);
                break;
            }
            if (!w->in_unit)
                break;
            size_t k = w->n_open;
            while (k > 0 && strcmp(w->open[k - 1].name, e->name) != 0)
                k--;
            if (k > 0) {
                rc = fmt_unit_close(w->doc, e->start, e->end,
                                    w->open[k - 1].id, err);
                memmove(&w->open[k - 1], &w->open[k],
                        (w->n_open - k) * sizeof w->open[0]);
                w->n_open--;
            } else if (e->end > e->start) {
                rc = fmt_unit_isolated(w->doc, e->start, e->end, err);
            }
            break;
        }
        case EV_TEXT: {
            size_t n = e->end - e->start;
            if (n == 0)
                break;
            const char *raw = w->d + e->start;
            int blank = 1;
            for (size_t k = 0; k < n && blank; k++)
                blank = isspace((unsigned char)raw[k]) != 0;
            if (blank && !w->in_unit)
                break;
            rc = ensure_unit(w, NULL, err);
            if (rc != ANV_OK)
                break;
            if (raw[0] == '&' && (n != e->text_len ||
                                  memcmp(raw, e->text, n) != 0))
                rc = fmt_unit_text(w->doc, e->start, e->end, e->text,
                                   e->text_len, err);
            else
                rc = fmt_unit_text(w->doc, e->start, e->end, NULL, 0, err);
            break;
        }
        case EV_COMMENT:
            if (w->in_unit && !fmt_unit_empty(w->doc))
                rc = fmt_unit_isolated(w->doc, e->start, e->end, err);
            break;
        case EV_OTHER:
            rc = end_unit(w, err);
            break;
        }
    }
    if (rc == ANV_OK)
        rc = end_unit(w, err);
    return rc;
}

static int html_read(fmt_doc *doc, anv_error *err)
{
    const fmt_part *part = &doc->parts[doc->part];
    if (part->len > INT32_MAX)
        return anv_error_set(err, ANV_ELIMIT, "%s: too large", doc->name);
    xmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(part->data,
                                                       (int)part->len);
    if (!ctxt)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    sax_state st = {0};
    st.ctxt = ctxt;
    st.data = part->data;
    xmlSAXHandler *sax = ctxt->sax;
    memset(sax, 0, sizeof *sax);
    sax->startElement = on_start;
    sax->endElement = on_end;
    sax->characters = on_text;
    sax->ignorableWhitespace = on_text;
    sax->cdataBlock = on_text;
    sax->comment = on_comment;
    sax->processingInstruction = on_pi;
    sax->internalSubset = on_subset;
    sax->warning = quiet;
    sax->error = quiet;
    sax->initialized = 1;
    ctxt->_private = &st;
    htmlCtxtUseOptions(ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                 HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED |
                                 HTML_PARSE_IGNORE_ENC);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(ctxt);
    int rc = ANV_OK;
    if (st.failed)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    htmlFreeParserCtxt(ctxt);
    if (rc == ANV_OK) {
        fix_ranges(&st, part->data, part->len);
        size_t bad = 0;
        if (!check_ranges(&st, part->data, &bad))
            rc = anv_error_set(err, ANV_EINVAL, "%s: byte %zu: not "
                               "supported: markup libxml2's HTML parser "
                               "reads differently from its bytes",
                               doc->name, bad);
    }
    if (rc == ANV_OK) {
        walker w = {0};
        w.doc = doc;
        w.d = part->data;
        w.s = &st;
        rc = walk(&w, err);
        if (rc != ANV_OK && w.in_unit)
            fmt_unit_cancel(doc);
    }
    free_events(&st);
    return rc;
}

/* ---- detection and escaping ------------------------------------------------- */

const char *fmt_find_nocase(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

int fmt_escape_xml(strbuf *out, const char *text, size_t n)
{
    return strbuf_append_xml(out, text, n, 1);
}

/* charset=NAME in a <meta>, or <?xml ... encoding="NAME"?>. */
static int html_encoding(const char *d, size_t len, char *buf, size_t size)
{
    size_t head = len < 4096 ? len : 4096;
    const char *p = NULL;
    if (head > 5 && memcmp(d, "<?xml", 5) == 0) {
        const char *q = memchr(d, '>', head);
        p = fmt_find_nocase(d, q ? (size_t)(q - d) : head, "encoding=");
        if (p)
            p += 9;
    }
    if (!p && (p = fmt_find_nocase(d, head, "charset=")))
        p += 8;
    if (!p)
        return 0;
    while (p < d + head && (*p == '"' || *p == '\'' || *p == ' '))
        p++;
    size_t k = 0;
    while (p + k < d + head && k + 1 < size &&
           (isalnum((unsigned char)p[k]) || p[k] == '-' || p[k] == '_' ||
            p[k] == ':' || p[k] == '.'))
        k++;
    if (!k)
        return 0;
    memcpy(buf, p, k);
    buf[k] = '\0';
    return 1;
}

static int html_sniff(const char *d, size_t len)
{
    size_t head = len < 1024 ? len : 1024;
    return fmt_find_nocase(d, head, "<!doctype html") ||
           fmt_find_nocase(d, head, "<html");
}

static int xhtml_sniff(const char *d, size_t len)
{
    size_t head = len < 2048 ? len : 2048;
    return head > 5 && memcmp(d, "<?xml", 5) == 0 &&
           fmt_find_nocase(d, head, "http://www.w3.org/1999/xhtml");
}

static const char *const html_ext[] = {"html", "htm", NULL};
static const char *const xhtml_ext[] = {"xhtml", "xht", NULL};

const fmt_filter fmt_filter_xhtml = {
    .name = "xhtml",
    .datatype = "xhtml",
    .extensions = xhtml_ext,
    .sniff = xhtml_sniff,
    .declared_encoding = html_encoding,
    .read = html_read,
    .escape = fmt_escape_xml,
    .char_refs = 1,
};

const fmt_filter fmt_filter_html = {
    .name = "html",
    .datatype = "html",
    .extensions = html_ext,
    .sniff = html_sniff,
    .declared_encoding = html_encoding,
    .read = html_read,
    .escape = fmt_escape_xml,
    .char_refs = 1,
};
