/*
 * tmx_read.c - the streaming TMX reader (see tmx_read.h).
 *
 * Shape: a small recursive descent over xmlTextReader nodes, one function
 * per TMX element (document > tmx > header/body > tu > tuv > seg).  The
 * strings of the unit being read go into one scratch buffer, addressed by
 * offsets because the buffer may move as it grows; the views passed to
 * on_unit are built from the offsets at the end of the <tu>.
 *
 * The content of <seg> is handled in tmx_seg.c, moving over nodes and
 * reporting at the current node in tmx_node.c (tmx_read.c -> tmx_seg.c ->
 * tmx_node.c, one way); tmx_read_impl.h holds the state they share.
 *
 * Problems inside a unit return UNIT_BAD with the message in d->err; the
 * <tu> level either fails the read or, with skip_invalid, skips to the end
 * of the unit.  libxml2's own errors (malformed XML) always end the read.
 */
#include "tm/tmx_read_impl.h"
#include "base/array.h"
#include "text/langtag.h"
#include "text/text.h"
#include "base/xml_clean.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

/* ---- errors and warnings -------------------------------------------------- */

static void warn_summary(rd *d)
{
    if (!d->opts->on_warning)
        return;
    for (int k = 0; k < W_MAX; k++)
        if (d->warn_count[k] > 1) {
            char msg[ANV_ERROR_MAX];
            snprintf(msg, sizeof msg, "%s: %ld more %s", d->name,
                     d->warn_count[k] - 1, warn_what[k]);
            d->opts->on_warning(d->opts->ctx, msg);
        }
    uint32_t c;
    long line;
    long n = xml_clean_removed(d->xc, &c, &line);
    if (n > 0) {
        char msg[ANV_ERROR_MAX];
        snprintf(msg, sizeof msg,
                 "%s:%ld: removed %ld control character%s that XML does "
                 "not allow (first U+%04X)",
                 d->name, line, n, n == 1 ? "" : "s", (unsigned)c);
        d->st.warnings++;
        d->opts->on_warning(d->opts->ctx, msg);
    }
}

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    rd *d = ctx;
    if (!e || e->level < XML_ERR_ERROR || d->xml_failed)
        return;
    d->xml_failed = 1;
    d->xml_line = e->line;
    /* libxml2 messages end in "\n" and some span lines: make one line. */
    size_t j = 0;
    for (const char *s = e->message ? e->message : "malformed XML";
         *s && j + 2 < sizeof d->xml_msg; s++) {
        char c = *s == '\n' ? ' ' : *s;
        if (c == ' ' && (j == 0 || d->xml_msg[j - 1] == ' '))
            continue;
        d->xml_msg[j++] = c;
    }
    while (j > 0 && d->xml_msg[j - 1] == ' ')
        j--;
    d->xml_msg[j] = '\0';
}

/* libxml2's printf-style error function, used by a few code paths
 * ("xmlParseChunk: encoder error") instead of the structured one. */
static void on_generic_error(void *ctx, const char *fmt, ...)
{
    rd *d = ctx;
    if (d->xml_failed)
        return;
    char msg[sizeof d->xml_msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    xmlError e;
    memset(&e, 0, sizeof e);
    e.level = XML_ERR_ERROR;
    e.message = msg;
    on_xml_error(d, &e);
}

/* ---- node helpers ------------------------------------------------------------ */

/* The current node's name is hot name `which`. */
static int is(rd *d, int which)
{
    return rd_name(d) == d->nm[which];
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* Store a string in scratch; *slot gets its offset. */
static int keep(rd *d, const char *s, size_t *slot)
{
    *slot = d->scratch.len;
    return strbuf_append(&d->scratch, s, strlen(s) + 1);
}

/* ---- attributes of tu and tuv ------------------------------------------------ */

static const char *const tu_other_attrs[] = {
    "o-encoding", "datatype", "creationtool", "creationtoolversion",
    "segtype", "o-tmf", "srclang", NULL};
static const char *const tuv_other_attrs[] = {
    "o-encoding", "datatype", "creationtool", "creationtoolversion", "o-tmf",
    NULL};

static void meta_reset(meta_off *m)
{
    m->creationdate = m->changedate = m->lastusagedate = TMX_NO_DATE;
    m->usagecount = -1;
    m->creationid = m->changeid = NO_STR;
    m->extra = NO_STR;
    m->extra_len = 0;
}

static int date_attr(rd *d, const char *an, const char *v, int64_t *out)
{
    if (!tmx_date_parse(v, out))
        rd_warn(d, W_BAD_DATE, "%s=\"%.40s\" is not a TMX date; dropped", an, v);
    return ANV_OK;
}

/* Read the attributes of <tu> (lang_off == NULL) or <tuv>. */
static int meta_attrs(rd *d, meta_off *m, strbuf *extra, size_t *lang_off)
{
    meta_reset(m);
    const char *el = lang_off ? "tuv" : "tu";
    int rc = ANV_OK;
    while (rc == ANV_OK && xmlTextReaderMoveToNextAttribute(d->r) == 1) {
        const char *an = rd_name(d), *v = rd_value(d);
        if (an == d->nm[N_CREATIONDATE])
            rc = date_attr(d, an, v, &m->creationdate);
        else if (an == d->nm[N_CHANGEDATE])
            rc = date_attr(d, an, v, &m->changedate);
        else if (an == d->nm[N_LASTUSAGEDATE])
            rc = date_attr(d, an, v, &m->lastusagedate);
        else if (an == d->nm[N_CREATIONID])
            rc = keep(d, v, &m->creationid);
        else if (an == d->nm[N_CHANGEID])
            rc = keep(d, v, &m->changeid);
        else if (an == d->nm[N_USAGECOUNT]) {
            char *end;
            errno = 0;
            long long n = strtoll(v, &end, 10);
            if (*v && !*end && n >= 0 && errno == 0)
                m->usagecount = n;
            else
                rd_warn(d, W_BAD_NUMBER, "usagecount=\"%.40s\" is not a count; "
                     "dropped", v);
        } else if (!lang_off && an == d->nm[N_TUID]) {
            rc = keep(d, v, &d->tuid);
        } else if (lang_off && (an == d->nm[N_LANG] ||
                                strcmp(an, "xml:lang") == 0)) {
            /* TMX 1.1 wrote "lang"; when both are there xml:lang wins.
             * (Prefixed names are interned apart: no pointer test.) */
            if (*lang_off == NO_STR || an != d->nm[N_LANG])
                rc = keep(d, v, lang_off);
        } else if (an == d->nm[N_SEGTYPE] && !lang_off &&
                   strcmp(v, "block") != 0 && strcmp(v, "paragraph") != 0 &&
                   strcmp(v, "sentence") != 0 && strcmp(v, "phrase") != 0) {
            rd_warn(d, W_BAD_SEGTYPE, "segtype=\"%.40s\" is not a TMX segment "
                 "type; dropped", v);
        } else if (rd_in_list(lang_off ? tuv_other_attrs : tu_other_attrs, an)) {
            if (tmx_extra_add_attr(extra, an, v) != ANV_OK)
                rc = rd_nomem(d);
        } else if (strncmp(an, "xmlns", 5) != 0) {
            rd_warn(d, W_UNKNOWN_ATTR, "attribute '%s' on <%s> is not TMX; "
                 "dropped", an, el);
        }
    }
    xmlTextReaderMoveToElement(d->r);
    return rc == ANV_ENOMEM ? rd_nomem(d) : rc;
}

/* ---- prop and note ------------------------------------------------------------- */

/* Text content of an element holding only text (prop, note). */
static int text_content(rd *d, strbuf *out)
{
    if (xmlTextReaderIsEmptyElement(d->r))
        return ANV_OK;
    int depth = xmlTextReaderDepth(d->r);
    int rc;
    while ((rc = rd_next_child(d, depth)) == 1) {
        int t = rd_type(d);
        if (rd_is_text(t)) {
            if (strbuf_append_str(out, rd_value(d)) != ANV_OK)
                return rd_nomem(d);
        } else if (t == XML_READER_TYPE_ENTITY_REFERENCE) {
            return rd_entity_error(d);
        } else if (t == XML_READER_TYPE_ELEMENT) {
            rd_warn(d, W_UNKNOWN_ELEMENT, "<%s> inside a <prop> or <note> is "
                 "not TMX; dropped", rd_name(d));
            if ((rc = rd_skip_element(d)) != ANV_OK)
                return rc;
        }
    }
    return rc < 0 ? rc : ANV_OK;
}

static int prop_or_note(rd *d, strbuf *extra)
{
    int is_prop = strcmp(rd_name(d), "prop") == 0;
    char *type_v = NULL, *lang = NULL, *oenc = NULL;
    while (xmlTextReaderMoveToNextAttribute(d->r) == 1) {
        const char *an = rd_name(d);
        char **slot = strcmp(an, "type") == 0 && is_prop ? &type_v
                    : strcmp(an, "xml:lang") == 0 || strcmp(an, "lang") == 0
                        ? &lang
                    : strcmp(an, "o-encoding") == 0 ? &oenc : NULL;
        if (slot) {
            if (!*slot || an[0] == 'x') {
                free(*slot);
                *slot = strdup(rd_value(d));
            }
        } else if (strncmp(an, "xmlns", 5) != 0) {
            rd_warn(d, W_UNKNOWN_ATTR, "attribute '%s' on <%s> is not TMX; "
                 "dropped", an, is_prop ? "prop" : "note");
        }
    }
    xmlTextReaderMoveToElement(d->r);
    strbuf text = STRBUF_INIT;
    int rc = text_content(d, &text);
    if (rc == ANV_OK) {
        const char *t = text.data ? text.data : "";
        if (is_prop && !type_v)
            rd_warn(d, W_PROP_TYPE, "<prop> without a type; dropped");
        else if ((is_prop ? tmx_extra_add_prop(extra, type_v, lang, oenc, t)
                          : tmx_extra_add_note(extra, lang, oenc, t))
                 != ANV_OK)
            rc = rd_nomem(d);
    }
    strbuf_release(&text);
    free(type_v);
    free(lang);
    free(oenc);
    return rc;
}

/* ---- tuv and tu ---------------------------------------------------------------------- */

static int read_tuv(rd *d)
{
    if (array_grow(&d->tuvs, &d->cap_tuvs, d->n_tuvs + 1, sizeof *d->tuvs))
        return rd_nomem(d);
    tuv_off *tv = &d->tuvs[d->n_tuvs];
    memset(tv, 0, sizeof *tv);
    tv->lang = NO_STR;
    tv->seg = NO_STR;
    strbuf_clear(&d->tuv_extra);
    int rc = meta_attrs(d, &tv->meta, &d->tuv_extra, &tv->lang);
    if (rc != ANV_OK)
        return rc;
    if (tv->lang == NO_STR)
        return rd_unit_error(d, "<tuv> without xml:lang");
    if (!langtag_is_valid(d->scratch.data + tv->lang))
        return rd_unit_error(d, "<tuv> language '%s' is not a language tag",
                          d->scratch.data + tv->lang);
    int has_seg = 0;
    if (!xmlTextReaderIsEmptyElement(d->r)) {
        int depth = xmlTextReaderDepth(d->r);
        while ((rc = rd_next_child(d, depth)) == 1) {
            rc = ANV_OK;
            int t = rd_type(d);
            const char *n = rd_name(d);
            if (t == XML_READER_TYPE_ELEMENT && is(d, N_SEG)) {
                if (has_seg)
                    return rd_unit_error(d, "<tuv> with two <seg>");
                has_seg = 1;
                rc = tmx_read_seg(d, tv);
            } else if (t == XML_READER_TYPE_ELEMENT &&
                       (is(d, N_PROP) || is(d, N_NOTE))) {
                rc = prop_or_note(d, &d->tuv_extra);
            } else if (t == XML_READER_TYPE_ELEMENT) {
                rd_warn(d, W_UNKNOWN_ELEMENT, "<%s> inside <tuv> is not TMX; "
                     "dropped", n);
                rc = rd_skip_element(d);
            } else if (rd_is_text(t) && !is_blank(rd_value(d))) {
                return rd_unit_error(d, "text outside <seg> in a <tuv>");
            } else if (t == XML_READER_TYPE_ENTITY_REFERENCE) {
                return rd_entity_error(d);
            }
            if (rc != ANV_OK)
                return rc;
        }
        if (rc < 0)
            return rc;
    }
    if (!has_seg)
        return rd_unit_error(d, "<tuv> without <seg>");
    tv->meta.extra = d->scratch.len;
    tv->meta.extra_len = d->tuv_extra.len;
    if (d->tuv_extra.len &&
        strbuf_append(&d->scratch, d->tuv_extra.data, d->tuv_extra.len)
            != ANV_OK)
        return rd_nomem(d);
    d->n_tuvs++;
    return ANV_OK;
}

static const char *str_at(const rd *d, size_t off)
{
    return off == NO_STR ? NULL : d->scratch.data + off;
}

static void meta_view(const rd *d, const meta_off *m, tmx_meta *out)
{
    out->creationdate = m->creationdate;
    out->changedate = m->changedate;
    out->lastusagedate = m->lastusagedate;
    out->usagecount = m->usagecount;
    out->creationid = str_at(d, m->creationid);
    out->changeid = str_at(d, m->changeid);
    out->extra = m->extra_len ? d->scratch.data + m->extra : NULL;
    out->extra_len = m->extra_len;
}

static int call_header(rd *d)
{
    if (d->header_done)
        return ANV_OK;
    d->header_done = 1;
    if (!d->opts->on_header)
        return ANV_OK;
    tmx_header h = {d->version, d->srclang, d->hdr_extra.data,
                    d->hdr_extra.len};
    return d->opts->on_header(d->opts->ctx, &h, d->err);
}

static int deliver_unit(rd *d)
{
    if (d->n_tuvs == 0) {
        rd_warn(d, W_NO_TUV, "<tu> without <tuv>; skipped");
        d->st.skipped++;
        return ANV_OK;
    }
    if (array_grow(&d->views, &d->cap_views, d->n_tuvs, sizeof *d->views))
        return rd_nomem(d);
    for (size_t k = 0; k < d->n_tuvs; k++) {
        const tuv_off *t = &d->tuvs[k];
        tmx_tuv *v = &d->views[k];
        v->lang = str_at(d, t->lang);
        v->seg = str_at(d, t->seg);
        v->seg_len = t->seg_len;
        v->plain = str_at(d, t->plain);
        v->plain_len = t->plain_len;
        v->has_tags = t->has_tags;
        meta_view(d, &t->meta, &v->meta);
    }
    tmx_unit u;
    u.tuid = str_at(d, d->tuid);
    meta_view(d, &d->tu_meta, &u.meta);
    u.tuvs = d->views;
    u.n_tuvs = d->n_tuvs;
    u.line = d->tu_line;
    d->st.units++;
    if (d->opts->on_progress && d->st.units % PROGRESS_EVERY == 0)
        d->opts->on_progress(d->opts->ctx, xml_clean_bytes_in(d->xc),
                             d->st.units);
    return d->opts->on_unit ? d->opts->on_unit(d->opts->ctx, &u, d->err)
                            : ANV_OK;
}

/* The body of read_tu: returns ANV_OK, UNIT_BAD or a fatal error. */
static int tu_content(rd *d)
{
    int rc = meta_attrs(d, &d->tu_meta, &d->tu_extra, NULL);
    if (rc != ANV_OK || xmlTextReaderIsEmptyElement(d->r))
        return rc;
    int depth = xmlTextReaderDepth(d->r);
    while ((rc = rd_next_child(d, depth)) == 1) {
        int t = rd_type(d);
        if (t == XML_READER_TYPE_ENTITY_REFERENCE)
            return rd_entity_error(d);
        if (t != XML_READER_TYPE_ELEMENT)
            continue;
        const char *n = rd_name(d);
        if (is(d, N_TUV))
            rc = read_tuv(d);
        else if (is(d, N_PROP) || is(d, N_NOTE))
            rc = prop_or_note(d, &d->tu_extra);
        else {
            rd_warn(d, W_UNKNOWN_ELEMENT, "<%s> inside <tu> is not TMX; "
                 "dropped", n);
            rc = rd_skip_element(d);
        }
        if (rc != ANV_OK)
            return rc;
    }
    return rc < 0 ? rc : ANV_OK;
}

static int read_tu(rd *d)
{
    strbuf_clear(&d->scratch);
    strbuf_clear(&d->tu_extra);
    d->n_tuvs = 0;
    d->tuid = NO_STR;
    d->tu_line = rd_node_line(d);
    int depth = xmlTextReaderDepth(d->r);
    int empty = xmlTextReaderIsEmptyElement(d->r);
    d->in_unit = 1;
    int rc = tu_content(d);
    d->in_unit = 0;
    if (rc == UNIT_BAD) {
        if (!d->opts->skip_invalid)
            return ANV_EPARSE;
        d->st.skipped++;
        d->st.warnings++;
        if (d->warn_count[W_SKIPPED]++ == 0 && d->opts->on_warning) {
            char msg[ANV_ERROR_MAX + 32];
            snprintf(msg, sizeof msg, "%s; unit skipped",
                     anv_error_message(d->err));
            d->opts->on_warning(d->opts->ctx, msg);
        }
        anv_error_clear(d->err);
        /* Go on after the end of this <tu>, wherever the error was. */
        while (!empty && !(rd_type(d) == XML_READER_TYPE_END_ELEMENT &&
                           xmlTextReaderDepth(d->r) == depth)) {
            if ((rc = rd_next(d)) <= 0)
                return rc < 0 ? rc : rd_xml_error(d);
        }
        return ANV_OK;
    }
    if (rc != ANV_OK)
        return rc;
    d->tu_meta.extra = d->scratch.len;
    d->tu_meta.extra_len = d->tu_extra.len;
    if (d->tu_extra.len &&
        strbuf_append(&d->scratch, d->tu_extra.data, d->tu_extra.len)
            != ANV_OK)
        return rd_nomem(d);
    return deliver_unit(d);
}

/* ---- header, body, document ------------------------------------------------------ */

static int read_header(rd *d)
{
    while (xmlTextReaderMoveToNextAttribute(d->r) == 1) {
        const char *an = rd_name(d), *v = rd_value(d);
        if (strcmp(an, "srclang") == 0) {
            free(d->srclang);
            d->srclang = strdup(v);
        } else if (strncmp(an, "xmlns", 5) != 0 &&
                   tmx_extra_add_attr(&d->hdr_extra, an, v) != ANV_OK) {
            return rd_nomem(d);
        }
    }
    xmlTextReaderMoveToElement(d->r);
    if (xmlTextReaderIsEmptyElement(d->r))
        return call_header(d);
    int depth = xmlTextReaderDepth(d->r);
    int rc;
    while ((rc = rd_next_child(d, depth)) == 1) {
        int t = rd_type(d);
        if (t != XML_READER_TYPE_ELEMENT)
            continue;
        const char *n = rd_name(d);
        if (strcmp(n, "prop") == 0 || strcmp(n, "note") == 0) {
            rc = prop_or_note(d, &d->hdr_extra);
        } else {
            if (strcmp(n, "ude") == 0)
                rd_warn(d, W_UDE, "<ude> (user-defined encoding) is not kept");
            else
                rd_warn(d, W_UNKNOWN_ELEMENT, "<%s> inside <header> is not "
                     "TMX; dropped", n);
            rc = rd_skip_element(d);
        }
        if (rc != ANV_OK)
            return rc;
    }
    return rc < 0 ? rc : call_header(d);
}

static int read_body(rd *d)
{
    int rc = call_header(d);
    if (rc != ANV_OK || xmlTextReaderIsEmptyElement(d->r))
        return rc;
    int depth = xmlTextReaderDepth(d->r);
    while ((rc = rd_next_child(d, depth)) == 1) {
        int t = rd_type(d);
        if (t == XML_READER_TYPE_ENTITY_REFERENCE)
            return rd_entity_error(d);
        if (t != XML_READER_TYPE_ELEMENT)
            continue;
        if (is(d, N_TU)) {
            rc = read_tu(d);
        } else {
            rd_warn(d, W_UNKNOWN_ELEMENT, "<%s> inside <body> is not TMX; "
                 "dropped", rd_name(d));
            rc = rd_skip_element(d);
        }
        if (rc != ANV_OK)
            return rc;
    }
    return rc < 0 ? rc : ANV_OK;
}

/* Refuse a DTD that declares entities: that is how entity-expansion
 * attacks start, and no TMX needs one. */
static int check_doctype(rd *d)
{
    /* The DOCTYPE node is the xmlDtd itself.  (xmlTextReaderCurrentDoc
     * would make the reader keep the whole tree in memory.) */
    xmlNodePtr n = xmlTextReaderCurrentNode(d->r);
    xmlDtdPtr dtd = n && n->type == XML_DTD_NODE ? (xmlDtdPtr)n : NULL;
    if (dtd && ((dtd->entities && xmlHashSize(dtd->entities) > 0) ||
                (dtd->pentities && xmlHashSize(dtd->pentities) > 0)))
        return anv_error_set_at(d->err, ANV_EPARSE, d->name, rd_node_line(d), 0,
                                "the DTD declares entities; refused (anuvad "
                                "never expands entities)");
    return ANV_OK;
}

static int read_tmx(rd *d)
{
    const xmlChar *v = xmlTextReaderGetAttribute(d->r, BAD_CAST "version");
    if (v) {
        d->version = strdup((const char *)v);
        xmlFree((void *)v);
    }
    if (xmlTextReaderIsEmptyElement(d->r))
        return call_header(d);
    int depth = xmlTextReaderDepth(d->r);
    int rc;
    while ((rc = rd_next_child(d, depth)) == 1) {
        int t = rd_type(d);
        if (t != XML_READER_TYPE_ELEMENT)
            continue;
        const char *n = rd_name(d);
        if (strcmp(n, "header") == 0 && !d->header_done) {
            rc = read_header(d);
        } else if (strcmp(n, "body") == 0) {
            rc = read_body(d);
        } else {
            rd_warn(d, W_UNKNOWN_ELEMENT, "<%s> inside <tmx> is not TMX; "
                 "dropped", n);
            rc = rd_skip_element(d);
        }
        if (rc != ANV_OK)
            return rc;
    }
    return rc < 0 ? rc : call_header(d);
}

static int read_document(rd *d)
{
    int seen_root = 0, rc;
    while ((rc = rd_next(d)) == 1) {
        int t = rd_type(d);
        if (t == XML_READER_TYPE_DOCUMENT_TYPE) {
            if ((rc = check_doctype(d)) != ANV_OK)
                return rc;
        } else if (t == XML_READER_TYPE_ELEMENT && !seen_root) {
            seen_root = 1;
            if (strcmp(rd_name(d), "tmx") != 0)
                return anv_error_set_at(d->err, ANV_EPARSE, d->name,
                                        rd_node_line(d), 0,
                                        "not a TMX file: the root element "
                                        "is <%s>, not <tmx>", rd_name(d));
            if ((rc = read_tmx(d)) != ANV_OK)
                return rc;
        }
    }
    if (rc < 0)
        return rc;
    if (!seen_root)
        return anv_error_set_at(d->err, ANV_EPARSE, d->name, 0, 0,
                                "no <tmx> element");
    return ANV_OK;
}

static void rd_release(rd *d)
{
    strbuf_release(&d->scratch);
    strbuf_release(&d->tu_extra);
    strbuf_release(&d->tuv_extra);
    strbuf_release(&d->seg);
    strbuf_release(&d->plain);
    strbuf_release(&d->hdr_extra);
    tmx_seg_clear_marks(d);
    free(d->marks);
    free(d->tuvs);
    free(d->views);
    free(d->version);
    free(d->srclang);
}

static int run(const char *name, xml_clean *xc, const tmx_read_opts *opts,
               tmx_read_stats *stats, anv_error *err)
{
    static const tmx_read_opts no_opts;
    rd d;
    memset(&d, 0, sizeof d);
    d.name = name;
    d.opts = opts ? opts : &no_opts;
    d.err = err;
    d.xc = xc;
    /* NONET: never fetch anything.  No NOENT/DTDLOAD/XINCLUDE: entities
     * are never expanded, external DTDs never read.  NOCDATA: CDATA comes
     * as text.  BIG_LINES: right line numbers past 65535. */
    int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES |
                  XML_PARSE_NOWARNING;
    /* Some errors (encoding conversion, I/O) skip the reader's handler and
     * go to libxml2's thread-local one, which prints to stderr.  Catch
     * them too for the length of the read; the library never prints. */
    xml_error_handlers saved;
    xml_errors_redirect(&saved, &d, on_xml_error, on_generic_error);
    d.r = xmlReaderForIO(xml_clean_read, NULL, xc, name, NULL, options);
    if (!d.r) {
        xml_errors_restore(&saved);
        rd_release(&d);
        return d.xml_failed ? rd_xml_error(&d)
                            : anv_error_set_at(err, ANV_ENOMEM, name, 0, 0,
                                               "cannot start the XML reader");
    }
    xmlTextReaderSetStructuredErrorHandler(d.r, on_xml_error, &d);
    for (int i = 0; i < N_MAX; i++)
        d.nm[i] = (const char *)xmlTextReaderConstString(
            d.r, (const xmlChar *)hot_names[i]);
    int rc = read_document(&d);
    xml_errors_restore(&saved);
    if (rc == ANV_OK)
        warn_summary(&d);
    d.st.bytes = xml_clean_bytes_in(xc);
    if (stats)
        *stats = d.st;
    xmlFreeTextReader(d.r);
    rd_release(&d);
    return rc;
}

int tmx_read_file(const char *path, const tmx_read_opts *opts,
                  tmx_read_stats *stats, anv_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return anv_error_set_at(err,
                                errno == ENOENT ? ANV_ENOTFOUND : ANV_EIO,
                                name, 0, 0, "cannot open: %s",
                                strerror(errno));
    xml_clean *xc = xml_clean_open_fd(fd, err);
    int rc = xc ? run(name, xc, opts, stats, err) : ANV_ENOMEM;
    xml_clean_free(xc);
    if (!is_stdin)
        close(fd);
    return rc;
}

int tmx_read_memory(const char *name, const char *data, size_t len,
                    const tmx_read_opts *opts, tmx_read_stats *stats,
                    anv_error *err)
{
    xml_clean *xc = xml_clean_open_memory(data, len, err);
    int rc = xc ? run(name, xc, opts, stats, err) : ANV_ENOMEM;
    xml_clean_free(xc);
    return rc;
}

int tmx_sniff(const char *data, size_t len)
{
    const unsigned char *b = (const unsigned char *)data;
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
                     (b[0] == 0xFE && b[1] == 0xFF)))
        return 1;
    if (len >= 4 && ((b[0] == '<' && b[1] == 0) || (b[0] == 0 && b[1] == '<')
                     || (!b[0] && !b[1] && !b[2] && b[3] == '<')))
        return 1;
    size_t i = 0;
    if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        i = 3;
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' ||
                       b[i] == '\r'))
        i++;
    return i < len && b[i] == '<';
}
