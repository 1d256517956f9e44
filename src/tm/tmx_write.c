/*
 * tmx_write.c - TMX 1.4b output (see tmx_write.h).
 *
 * Indentation is written by hand (two spaces a level) rather than with
 * xmlTextWriterSetIndent, which would also indent inside <seg>, where
 * whitespace is content.
 */
#include "tm/tmx_write.h"
#include "base/version.h"

#include <errno.h>
#include <string.h>

#include <libxml/xmlwriter.h>

struct tmx_writer {
    xmlTextWriterPtr xw;
    xmlBufferPtr buf;       /* memory writers */
    char *name;
    strbuf safe;            /* scratch for strings that needed filtering */
    long dropped;
};

static tmx_writer *writer_alloc(const char *name, anv_error *err)
{
    tmx_writer *w = calloc(1, sizeof *w);
    if (w)
        w->name = strdup(name);
    if (!w || !w->name) {
        free(w);
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    return w;
}

tmx_writer *tmx_writer_new(FILE *fp, const char *name, anv_error *err)
{
    tmx_writer *w = writer_alloc(name, err);
    if (!w)
        return NULL;
    xmlOutputBufferPtr out = xmlOutputBufferCreateFile(fp, NULL);
    w->xw = out ? xmlNewTextWriter(out) : NULL;
    if (!w->xw) {
        if (out)
            xmlOutputBufferClose(out);
        tmx_writer_free(w);
        anv_error_set(err, ANV_ENOMEM, "cannot start the XML writer");
        return NULL;
    }
    return w;
}

tmx_writer *tmx_writer_new_memory(anv_error *err)
{
    tmx_writer *w = writer_alloc("<memory>", err);
    if (!w)
        return NULL;
    w->buf = xmlBufferCreate();
    w->xw = w->buf ? xmlNewTextWriterMemory(w->buf, 0) : NULL;
    if (!w->xw) {
        tmx_writer_free(w);
        anv_error_set(err, ANV_ENOMEM, "cannot start the XML writer");
        return NULL;
    }
    return w;
}

void tmx_writer_free(tmx_writer *w)
{
    if (!w)
        return;
    if (w->xw)
        xmlFreeTextWriter(w->xw);
    if (w->buf)
        xmlBufferFree(w->buf);
    strbuf_release(&w->safe);
    free(w->name);
    free(w);
}

const char *tmx_writer_buffer(tmx_writer *w, size_t *len)
{
    if (!w->buf) {
        *len = 0;
        return "";
    }
    xmlTextWriterFlush(w->xw);
    *len = (size_t)xmlBufferLength(w->buf);
    return (const char *)xmlBufferContent(w->buf);
}

long tmx_writer_dropped(const tmx_writer *w)
{
    return w->dropped;
}

/* `s` as XML may hold it: usually `s` itself; when it has characters XML
 * forbids, a filtered copy (valid until the next call). */
static const char *safe(tmx_writer *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++)
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
            *p == 0xEF || *p == 0xED)
            break;
    if (!*p)
        return s;
    strbuf_clear(&w->safe);
    long n = tmx_append_xml_safe(&w->safe, s, strlen(s));
    if (n < 0)
        return "";
    w->dropped += n;
    return w->safe.data;
}

/* xmlTextWriter calls return -1 on failure; fold them into one check. */
typedef struct wctx {
    tmx_writer *w;
    int failed;
    int failed_errno; /* errno at the first failure (ENOSPC ...), or 0 */
} wctx;

static void ok(wctx *c, int rc)
{
    if (rc < 0 && !c->failed)
        c->failed_errno = errno;
    if (rc < 0)
        c->failed = 1;
}

static void raw(wctx *c, const char *s)
{
    ok(c, xmlTextWriterWriteRaw(c->w->xw, BAD_CAST s));
}

static void start(wctx *c, const char *el)
{
    ok(c, xmlTextWriterStartElement(c->w->xw, BAD_CAST el));
}

static void end(wctx *c)
{
    ok(c, xmlTextWriterEndElement(c->w->xw));
}

static void attr(wctx *c, const char *name, const char *value)
{
    if (value)
        ok(c, xmlTextWriterWriteAttribute(c->w->xw, BAD_CAST name,
                                          BAD_CAST safe(c->w, value)));
}

static void text(wctx *c, const char *s)
{
    ok(c, xmlTextWriterWriteString(c->w->xw, BAD_CAST safe(c->w, s)));
}

static void date_attr(wctx *c, const char *name, int64_t t)
{
    if (t == TMX_NO_DATE)
        return;
    char buf[TMX_DATE_LEN + 1];
    tmx_date_format(t, buf);
    attr(c, name, buf);
}

static int finish(wctx *c, anv_error *err)
{
    if (!c->failed)
        return ANV_OK;
    return anv_error_set_at(err, ANV_EIO, c->w->name, 0, 0, "write error%s%s",
                            c->failed_errno ? ": " : "",
                            c->failed_errno ? strerror(c->failed_errno) : "");
}

static void extra_attrs(wctx *c, const char *extra, size_t len)
{
    size_t pos = 0;
    tmx_extra_item it;
    while (tmx_extra_next(extra, len, &pos, &it))
        if (it.kind == 'a')
            attr(c, it.name, it.text);
}

static void props_notes(wctx *c, const char *extra, size_t len,
                        const char *indent)
{
    size_t pos = 0;
    tmx_extra_item it;
    while (tmx_extra_next(extra, len, &pos, &it)) {
        if (it.kind == 'a')
            continue;
        raw(c, indent);
        start(c, it.kind == 'p' ? "prop" : "note");
        if (it.kind == 'p')
            attr(c, "type", it.name);
        if (*it.lang)
            attr(c, "xml:lang", it.lang);
        if (*it.oencoding)
            attr(c, "o-encoding", it.oencoding);
        text(c, it.text);
        end(c);
    }
}

static void meta_attrs(wctx *c, const tmx_meta *m)
{
    extra_attrs(c, m->extra, m->extra_len);
    date_attr(c, "creationdate", m->creationdate);
    attr(c, "creationid", m->creationid);
    date_attr(c, "changedate", m->changedate);
    attr(c, "changeid", m->changeid);
    date_attr(c, "lastusagedate", m->lastusagedate);
    if (m->usagecount >= 0) {
        char n[32];
        snprintf(n, sizeof n, "%lld", (long long)m->usagecount);
        attr(c, "usagecount", n);
    }
}

int tmx_writer_begin(tmx_writer *w, const tmx_write_header *h,
                     anv_error *err)
{
    wctx c = {w, 0, 0};
    ok(&c, xmlTextWriterStartDocument(w->xw, "1.0", "UTF-8", NULL));
    ok(&c, xmlTextWriterWriteDTD(w->xw, BAD_CAST "tmx", NULL,
                                 BAD_CAST "tmx14.dtd", NULL));
    raw(&c, "\n");
    start(&c, "tmx");
    attr(&c, "version", "1.4");
    raw(&c, "\n  ");
    start(&c, "header");
    attr(&c, "creationtool", "anuvad");
    attr(&c, "creationtoolversion", ANUVAD_VERSION);
    attr(&c, "segtype", "sentence");
    attr(&c, "o-tmf", "anuvad");
    attr(&c, "adminlang", h && h->adminlang ? h->adminlang : "en-US");
    attr(&c, "srclang", h && h->srclang ? h->srclang : "*all*");
    attr(&c, "datatype", "plaintext");
    if (h)
        date_attr(&c, "creationdate", h->creationdate);
    if (h && h->extra_len) {
        props_notes(&c, h->extra, h->extra_len, "\n    ");
        raw(&c, "\n  ");
    }
    end(&c);
    raw(&c, "\n  ");
    start(&c, "body");
    return finish(&c, err);
}

int tmx_writer_unit(tmx_writer *w, const tmx_unit *u, anv_error *err)
{
    wctx c = {w, 0, 0};
    raw(&c, "\n    ");
    start(&c, "tu");
    attr(&c, "tuid", u->tuid);
    meta_attrs(&c, &u->meta);
    props_notes(&c, u->meta.extra, u->meta.extra_len, "\n      ");
    for (size_t i = 0; i < u->n_tuvs; i++) {
        const tmx_tuv *t = &u->tuvs[i];
        raw(&c, "\n      ");
        start(&c, "tuv");
        attr(&c, "xml:lang", t->lang);
        meta_attrs(&c, &t->meta);
        props_notes(&c, t->meta.extra, t->meta.extra_len, "\n        ");
        raw(&c, "\n        ");
        start(&c, "seg");
        if (t->seg_len)
            raw(&c, t->seg);
        end(&c);
        raw(&c, "\n      ");
        end(&c);
    }
    raw(&c, "\n    ");
    end(&c);
    return finish(&c, err);
}

int tmx_writer_end(tmx_writer *w, anv_error *err)
{
    wctx c = {w, 0, 0};
    raw(&c, "\n  ");
    end(&c); /* body */
    raw(&c, "\n");
    end(&c); /* tmx */
    ok(&c, xmlTextWriterEndDocument(w->xw));
    ok(&c, xmlTextWriterFlush(w->xw));
    return finish(&c, err);
}
