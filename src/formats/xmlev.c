/*
 * xmlev.c - an XML part as events with their exact bytes (xmlev.h).
 *
 * How the byte positions are found: at each SAX callback the parser's
 * position (bytes consumed) is noted, and an event's bytes are those
 * consumed since the previous event.  libxml2 reports a start tag before
 * it eats the '>' (or "/>"), so a fix-up pass gives the start tag those
 * bytes and takes them from the next event; the end event of an empty
 * element is then left with zero bytes.  The XML declaration is an
 * XEV_OTHER event (startDocument comes after it), and whatever follows
 * the root element is a last XEV_OTHER event, so the events cover the
 * whole part.  The HTML filter (html.c) does the same with libxml2's
 * HTML parser, which needs more repairs; XML is strict enough that the
 * check at the end never fires on well-formed input, but it stays: a
 * wrong range would silently corrupt a document.
 */
#include "formats/xmlev.h"
#include "base/array.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

typedef struct sax_state {
    xmlParserCtxtPtr ctxt;
    const char *data;
    xev *ev;
    size_t n, cap;
    size_t last;
    int failed;
    int error_line;        /* the first error libxml2 reported */
    char error[160];
} sax_state;

static size_t position(xmlParserCtxtPtr c)
{
    return (size_t)c->input->consumed +
           (size_t)(c->input->cur - c->input->base);
}

static sax_state *state_of(void *ctx)
{
    return ((xmlParserCtxtPtr)ctx)->_private;
}

static xev *push_at(sax_state *s, xev_type t, size_t end)
{
    if (s->failed)
        return NULL;
    if (array_grow(&s->ev, &s->cap, s->n + 1, sizeof *s->ev) != ANV_OK) {
        s->failed = 1;
        return NULL;
    }
    xev *e = &s->ev[s->n++];
    memset(e, 0, sizeof *e);
    e->type = t;
    e->start = s->last;
    e->end = end < e->start ? e->start : end;
    s->last = e->end;
    return e;
}

static xev *push(sax_state *s, xev_type t)
{
    return push_at(s, t, position(s->ctxt));
}

static char *dup_or_empty(const xmlChar *v)
{
    return strdup(v ? (const char *)v : "");
}

static void on_start_document(void *ctx)
{
    sax_state *s = state_of(ctx);
    if (position(s->ctxt) > 0)
        push(s, XEV_OTHER);
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    sax_state *s = state_of(ctx);
    xev *e = push(s, XEV_START);
    if (!e)
        return;
    size_t n = 0;
    while (atts && atts[2 * n])
        n++;
    e->name = dup_or_empty(name);
    e->attrs = n ? calloc(n, sizeof *e->attrs) : NULL;
    if (!e->name || (n && !e->attrs)) {
        s->failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        e->attrs[i].name = dup_or_empty(atts[2 * i]);
        e->attrs[i].value = dup_or_empty(atts[2 * i + 1]);
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
    xev *e = push(s, XEV_END);
    if (e && !(e->name = dup_or_empty(name)))
        s->failed = 1;
}

/* raw[0..n) is text[0..k) with "\r\n" where text has "\n". */
static int same_but_cr(const char *raw, size_t n, const char *text, size_t k)
{
    size_t i = 0, j = 0;
    while (i < n && j < k) {
        if (raw[i] == '\r' && i + 1 < n && raw[i + 1] == '\n' &&
            text[j] == '\n')
            i++;
        else if (raw[i] != text[j])
            return 0;
        i++;
        j++;
    }
    return i == n && j == k;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    sax_state *s = state_of(ctx);
    /* libxml2's fast path for plain text hands over a pointer into its
     * input before it moves its position past the text; elsewhere
     * (entities, text it had to copy) the position is already after it */
    xmlParserInputPtr in = s->ctxt->input;
    size_t end = position(s->ctxt);
    if (ch >= in->base && ch < in->end)
        end = (size_t)in->consumed + (size_t)(ch - in->base) + (size_t)len;
    /* The parser hands line ends over as "\n" where the part has
     * "\r\n": such text is still the part's bytes as they are, and is
     * kept as those bytes (the builder reads "\r\n" as white space). */
    size_t raw_len = end >= s->last ? end - s->last : 0;
    if (raw_len > (size_t)len && same_but_cr(s->data + s->last, raw_len,
                                             (const char *)ch, (size_t)len)) {
        ch = (const xmlChar *)(s->data + s->last);
        len = (int)raw_len;
    }
    /* consecutive plain text (cut by the parser's buffer) is one event;
     * an entity or character reference stays an event of its own */
    int plain = end - s->last == (size_t)len &&
                memcmp(s->data + s->last, ch, (size_t)len) == 0;
    if (plain && s->n && s->ev[s->n - 1].type == XEV_TEXT &&
        s->ev[s->n - 1].end == s->last) {
        xev *e = &s->ev[s->n - 1];
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
    xev *e = push_at(s, XEV_TEXT, end);
    if (!e)
        return;
    if (!(e->text = malloc((size_t)len + 1))) {
        s->failed = 1;
        return;
    }
    memcpy(e->text, ch, (size_t)len);
    e->text[len] = '\0';
    e->text_len = (size_t)len;
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
    (void)ch;
    (void)len;
    push(state_of(ctx), XEV_OTHER);
}

static void on_comment(void *ctx, const xmlChar *v)
{
    (void)v;
    push(state_of(ctx), XEV_OTHER);
}

static void on_pi(void *ctx, const xmlChar *t, const xmlChar *d)
{
    (void)t;
    (void)d;
    push(state_of(ctx), XEV_OTHER);
}

static void on_subset(void *ctx, const xmlChar *n, const xmlChar *e,
                      const xmlChar *sys)
{
    (void)n;
    (void)e;
    (void)sys;
    push(state_of(ctx), XEV_OTHER);
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* The first error is the one worth reporting (later ones follow from it:
 * "premature end of data" after a mismatched tag). */
static void on_error(void *ctx, const char *msg, ...)
{
    sax_state *s = state_of(ctx);
    if (s->error_line)
        return;
    s->error_line = s->ctxt->input ? s->ctxt->input->line : 0;
    if (!s->error_line)
        s->error_line = 1;
    va_list ap;
    va_start(ap, msg);
    vsnprintf(s->error, sizeof s->error, msg, ap);
    va_end(ap);
    size_t k = strlen(s->error);
    while (k && (s->error[k - 1] == '\n' || s->error[k - 1] == ' '))
        s->error[--k] = '\0';
}

void xmlev_free(xev_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++) {
        xev *e = &list->ev[i];
        free(e->name);
        free(e->text);
        for (size_t k = 0; k < e->n_attrs; k++) {
            free(e->attrs[k].name);
            free(e->attrs[k].value);
        }
        free(e->attrs);
    }
    free(list->ev);
    list->ev = NULL;
    list->n = 0;
}

static int starts_with_name(const char *d, size_t n, const char *name)
{
    size_t k = strlen(name);
    if (n < k || memcmp(d, name, k) != 0)
        return 0;
    return n == k || d[k] == '>' || d[k] == '/' || d[k] == ' ' ||
           d[k] == '\t' || d[k] == '\n' || d[k] == '\r';
}

/* The fix-up pass: start tags get their '>' or "/>". */
static void fix_ranges(sax_state *s, const char *d, size_t len)
{
    for (size_t i = 0; i < s->n; i++) {
        xev *e = &s->ev[i];
        if (e->type == XEV_END && e->end == e->start)
            continue;
        if (e->type == XEV_END && !(e->end - e->start > 2 &&
                                    d[e->start] == '<' &&
                                    d[e->start + 1] == '/')) {
            /* an empty element's end: its bytes belong to the next */
            if (i + 1 < s->n)
                s->ev[i + 1].start = e->start;
            e->end = e->start;
            continue;
        }
        /* white space between top-level nodes (after a comment, before
         * the root) is reported to no callback: it joins the node before */
        if (e->type == XEV_START && i > 0 && s->ev[i - 1].type == XEV_OTHER)
            while (e->start < e->end &&
                   (d[e->start] == ' ' || d[e->start] == '\n' ||
                    d[e->start] == '\r' || d[e->start] == '\t'))
                s->ev[i - 1].end = ++e->start;
        if (e->type == XEV_START && i + 1 < s->n) {
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

/* Pair start and end events; check every range. 0 and *bad on a
 * mismatch. */
static int check_ranges(sax_state *s, const char *d, size_t len,
                        size_t *bad)
{
    size_t *stack = NULL, depth = 0, cap = 0;
    size_t pos = 0;
    int ok = 1;
    for (size_t i = 0; ok && i < s->n; i++) {
        xev *e = &s->ev[i];
        size_t n = e->end - e->start;
        *bad = e->start;
        if (e->start != pos) {
            ok = 0;
            break;
        }
        pos = e->end;
        switch (e->type) {
        case XEV_START:
            ok = n > 2 && d[e->start] == '<' && d[e->end - 1] == '>' &&
                 starts_with_name(d + e->start + 1, n - 1, e->name);
            if (ok && array_grow(&stack, &cap, depth + 1, sizeof *stack) !=
                          ANV_OK)
                ok = 0;
            if (ok)
                stack[depth++] = i;
            break;
        case XEV_END:
            ok = depth > 0 && strcmp(s->ev[stack[depth - 1]].name,
                                     e->name) == 0;
            if (ok && n)
                ok = n > 3 && d[e->start] == '<' && d[e->start + 1] == '/' &&
                     starts_with_name(d + e->start + 2, n - 2, e->name);
            if (ok && !n)
                ok = d[e->start - 1] == '>' && d[e->start - 2] == '/' &&
                     stack[depth - 1] + 1 == i;
            if (ok) {
                e->match = stack[--depth];
                s->ev[e->match].match = i;
            }
            break;
        case XEV_TEXT:
            ok = memchr(d + e->start, '<', n) == NULL;
            break;
        case XEV_OTHER:
            break;
        }
    }
    if (ok && (depth || pos != len)) {
        *bad = pos;
        ok = 0;
    }
    free(stack);
    return ok;
}

static int read_events(const char *data, size_t len, const char *name,
                       xev_list *out, anv_error *err);

int xmlev_read(const char *data, size_t len, const char *name,
               xev_list *out, anv_error *err)
{
    /* libxml2 counts its positions after a UTF-8 byte-order mark: the
     * rest is read on its own and the mark becomes a first event */
    if (len < 3 || memcmp(data, "\xEF\xBB\xBF", 3) != 0)
        return read_events(data, len, name, out, err);
    int rc = read_events(data + 3, len - 3, name, out, err);
    if (rc != ANV_OK)
        return rc;
    xev *ev = realloc(out->ev, (out->n + 1) * sizeof *ev);
    if (!ev) {
        xmlev_free(out);
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    memmove(ev + 1, ev, out->n * sizeof *ev);
    memset(ev, 0, sizeof *ev);
    ev[0].type = XEV_OTHER;
    ev[0].end = 3;
    out->ev = ev;
    out->n++;
    for (size_t i = 1; i < out->n; i++) {
        ev[i].start += 3;
        ev[i].end += 3;
        if (ev[i].type == XEV_START || ev[i].type == XEV_END)
            ev[i].match += 1;
    }
    return ANV_OK;
}

static int read_events(const char *data, size_t len, const char *name,
                       xev_list *out, anv_error *err)
{
    out->ev = NULL;
    out->n = 0;
    if (len > INT32_MAX)
        return anv_error_set(err, ANV_ELIMIT, "%s: too large", name);
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
    if (!ctxt)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    sax_state st = {0};
    st.ctxt = ctxt;
    st.data = data;
    /* no network, ever; errors come to on_error (so not NOERROR, which
     * would drop the handler) */
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
    xmlSAXHandler *sax = ctxt->sax;
    memset(sax, 0, sizeof *sax);
    sax->startDocument = on_start_document;
    sax->startElement = on_start;
    sax->endElement = on_end;
    sax->characters = on_text;
    sax->ignorableWhitespace = on_text;
    sax->cdataBlock = on_cdata;
    sax->comment = on_comment;
    sax->processingInstruction = on_pi;
    sax->internalSubset = on_subset;
    sax->warning = quiet;
    sax->error = on_error;
    sax->fatalError = on_error;
    sax->initialized = 1; /* SAX1: qualified names as written */
    ctxt->_private = &st;
    xmlParseDocument(ctxt);
    int rc = ANV_OK;
    if (st.failed) {
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    } else if (!ctxt->wellFormed) {
        rc = anv_error_set(err, ANV_EPARSE, "%s: line %d: broken XML: %s",
                           name, st.error_line,
                           st.error[0] ? st.error : "not well-formed");
    } else if (position(ctxt) < len || st.last < len) {
        st.last = st.last < len ? st.last : len;
        push_at(&st, XEV_OTHER, len); /* after the root element */
        if (st.failed)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    xmlFreeParserCtxt(ctxt);
    out->ev = st.ev;
    out->n = st.n;
    if (rc == ANV_OK) {
        fix_ranges(&st, data, len);
        size_t bad = 0;
        if (!check_ranges(&st, data, len, &bad))
            rc = anv_error_set(err, ANV_EINVAL, "%s: byte %zu: not "
                               "supported: markup libxml2 reads differently "
                               "from its bytes", name, bad);
    }
    if (rc != ANV_OK)
        xmlev_free(out);
    return rc;
}

const char *xmlev_attr(const xev *e, const char *name)
{
    for (size_t i = 0; i < e->n_attrs; i++)
        if (strcmp(e->attrs[i].name, name) == 0)
            return e->attrs[i].value;
    return NULL;
}

int xmlev_empty(const xev_list *list, size_t i)
{
    const xev *e = &list->ev[i];
    return e->type == XEV_START && e->match > i &&
           list->ev[e->match].end == list->ev[e->match].start;
}
