/*
 * xliff_read.c - reading an XLIFF 1.2 file into a project.
 *
 * libxml2's xmlTextReader streams the file node by node, so memory is the
 * size of the project, not of a DOM.  Parser options: XML_PARSE_NONET and
 * XML_PARSE_HUGE; never NOENT or DTDLOAD, so no entity is expanded and
 * nothing outside the file is read (a <!DOCTYPE> with entities gives an
 * error, not an XXE).  HUGE lifts libxml2's 10 MB limit on one text node:
 * a segment of a one-line 60 MB document must read back, since anuvad
 * wrote it; the file as a whole stays bounded by XLIFF_MAX_BYTES, and
 * with no entity expanded a small file cannot grow into a huge one.  The first XML error is kept with its line and reported as
 * "FILE:LINE: what"; structural errors name the element and its line.
 *
 * What is read: <xliff> (anv:tm), <file> (original, languages, datatype,
 * anv:bom, anv:paragraphs, anv:after), <trans-unit> at any <group> depth
 * (id, approved, anv:before,
 * anv:raw), its <source>, <target> (state, state-qualifier,
 * anv:match-quality, anv:marks), <alt-trans> and <note>.  Everything else
 * (header, context groups, other namespaces) is skipped.  Inline markup
 * (<g>, <x/>, <ph> ...) is refused with a clear message rather than
 * silently dropped; <mrk> keeps its text.
 *
 * Targets are read the way Translate Toolkit reads them: approved="yes"
 * makes a unit at least translated, approved="no" at most needing review;
 * a target without a state counts as needing review.  An empty target, or
 * a copy of the source that is not confirmed (what OmegaT and Okapi write
 * for untranslated units), reads as "no target".
 */
#include "project/xliff.h"
#include "project/xliff_internal.h"
#include "base/array.h"
#include "text/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/xmlreader.h>

#define NS_12 "urn:oasis:names:tc:xliff:document:1.2"
#define NS_11 "urn:oasis:names:tc:xliff:document:1.1"

typedef struct reader {
    xmlTextReaderPtr r;
    const char *name;
    anv_error *err;
    xliff_project *p;
    int xml_failed;
    int xml_code;      /* libxml2's code of that error */
    int had_root;      /* the parser had seen a root element by then */
    int open_elements; /* elements still open at the XML error */
    char open_name[64];
    long xml_line;
    char xml_msg[256];
    /* ids of the current file, to check that they are unique */
    struct id_line { const char *id; long line; } *ids;
    size_t n_ids, cap_ids;
} reader;

/* What a <trans-unit> holds until its end tag. */
typedef struct pending_unit {
    size_t index;       /* in the project, once <source> was read */
    int have_source, have_target;
    int approved;       /* -1 absent, 0 no, 1 yes */
    xliff_state state;
    int state_given;
    xliff_qualifier qualifier;
    int quality;
    unsigned marks;
    strbuf target;
    long target_line;
} pending_unit;

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    reader *rd = ctx;
    if (rd->xml_failed || !e || e->level < XML_ERR_ERROR)
        return;
    rd->xml_failed = 1;
    rd->xml_code = e->code;
    rd->xml_line = e->line;
    xmlParserCtxtPtr pc = e->ctxt;
    if (pc && e->domain == XML_FROM_PARSER) {
        rd->had_root = pc->myDoc && xmlDocGetRootElement(pc->myDoc);
        rd->open_elements = pc->nameNr;
        snprintf(rd->open_name, sizeof rd->open_name, "%s",
                 pc->name ? (const char *)pc->name : "");
    }
    snprintf(rd->xml_msg, sizeof rd->xml_msg, "%s",
             e->message ? e->message : "malformed XML");
    /* one line: libxml2 messages end in a newline and some have two */
    size_t n = strlen(rd->xml_msg);
    while (n && (rd->xml_msg[n - 1] == '\n' || rd->xml_msg[n - 1] == ' '))
        rd->xml_msg[--n] = '\0';
    for (char *c = rd->xml_msg; *c; c++)
        if (*c == '\n')
            *c = ' ';
}

static long node_line(reader *rd)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(rd->r);
    long line = n ? xmlGetLineNo(n) : -1;
    return line > 0 ? line : xmlTextReaderGetParserLineNumber(rd->r);
}

static int fail_at(reader *rd, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(reader *rd, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    anv_error_vset_at(rd->err, ANV_EPARSE, rd->name, line > 0 ? line : 0, 0,
                      fmt, ap);
    va_end(ap);
    return ANV_EPARSE;
}

static int nomem(reader *rd)
{
    return anv_error_set(rd->err, ANV_ENOMEM, "out of memory");
}

/* Next node: 1, or 0 at the end, or a negative code with the error set. */
static int advance(reader *rd)
{
    int rc = xmlTextReaderRead(rd->r);
    if (rc == 1 && !rd->xml_failed)
        return 1;
    if (rc == 0 && !rd->xml_failed)
        return 0;
    /* In streaming mode libxml2 reports a file cut short as "Extra
     * content at the end of the document"; elements still open tell. */
    if (rd->xml_failed && rd->open_elements > 0 &&
        strncmp(rd->xml_msg, "Extra content at the end", 24) == 0)
        return fail_at(rd, rd->xml_line, "unexpected end of file inside "
                       "<%s> (is the file cut short?)", rd->open_name);
    if (rd->xml_failed && !rd->had_root &&
        (rd->xml_code == XML_ERR_DOCUMENT_EMPTY ||
         rd->xml_code == XML_ERR_DOCUMENT_START ||
         rd->xml_code == XML_ERR_DOCUMENT_END))
        return fail_at(rd, rd->xml_line, "not an XML file");
    if (rd->xml_failed)
        return fail_at(rd, rd->xml_line, "%s", rd->xml_msg);
    return fail_at(rd, xmlTextReaderGetParserLineNumber(rd->r),
                   "malformed XML");
}

static const char *local_name(reader *rd)
{
    const xmlChar *n = xmlTextReaderConstLocalName(rd->r);
    return n ? (const char *)n : "";
}

/* 1 when the current element is in the XLIFF namespace (1.2, 1.1 or no
 * namespace at all, as older files have). */
static int in_xliff_ns(reader *rd)
{
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(rd->r);
    return !ns || strcmp((const char *)ns, NS_12) == 0 ||
           strcmp((const char *)ns, NS_11) == 0;
}

static int is(reader *rd, const char *name)
{
    return in_xliff_ns(rd) && strcmp(local_name(rd), name) == 0;
}

/* Attribute value (malloc'd by libxml2, free with xmlFree), or NULL. */
static char *get_attr(reader *rd, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(rd->r, BAD_CAST name);
}

static char *get_anv_attr(reader *rd, const char *name)
{
    return (char *)xmlTextReaderGetAttributeNs(rd->r, BAD_CAST name,
                                               BAD_CAST XLIFF_ANUVAD_NS);
}

/* The next node inside the element at `depth`: 1 with *type set, 0 at
 * that element's end tag, or a negative code with the error set. */
static int next_inside(reader *rd, int depth, int *type)
{
    int rc = advance(rd);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return fail_at(rd, xmlTextReaderGetParserLineNumber(rd->r),
                       "unexpected end of file");
    *type = xmlTextReaderNodeType(rd->r);
    if (*type == XML_READER_TYPE_END_ELEMENT &&
        xmlTextReaderDepth(rd->r) == depth)
        return 0;
    if (*type == XML_READER_TYPE_ENTITY_REFERENCE)
        return fail_at(rd, node_line(rd), "entity references are not "
                       "supported");
    return 1;
}

/* Visit the child elements of the current element; `visit` must consume
 * the child it is called on (read to its end or skip it). */
typedef int (*visit_fn)(reader *rd, void *ctx);

static int each_child(reader *rd, visit_fn visit, void *ctx)
{
    if (xmlTextReaderIsEmptyElement(rd->r))
        return ANV_OK;
    int depth = xmlTextReaderDepth(rd->r), type, rc;
    while ((rc = next_inside(rd, depth, &type)) == 1)
        if (type == XML_READER_TYPE_ELEMENT &&
            (rc = visit(rd, ctx)) != ANV_OK)
            return rc;
    return rc;
}

/* Move past the current element (which must be an element start).  The
 * recursion is bounded by libxml2's nesting limit (256 by default). */
static int skip_child(reader *rd, void *ctx);

static int skip_element(reader *rd)
{
    return each_child(rd, skip_child, NULL);
}

static int skip_child(reader *rd, void *ctx)
{
    (void)ctx;
    return skip_element(rd);
}

/* The text content of the current element into `out`.  <mrk> keeps its
 * text; other inline elements are refused. */
static int read_text(reader *rd, strbuf *out)
{
    strbuf_clear(out);
    if (strbuf_append(out, "", 0) != ANV_OK)
        return nomem(rd);
    if (xmlTextReaderIsEmptyElement(rd->r))
        return ANV_OK;
    const char *outer = local_name(rd);
    char outer_name[32];
    snprintf(outer_name, sizeof outer_name, "%s", outer);
    int depth = xmlTextReaderDepth(rd->r), type, rc;
    while ((rc = next_inside(rd, depth, &type)) == 1) {
        switch (type) {
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
            const char *v = (const char *)xmlTextReaderConstValue(rd->r);
            if (v && strbuf_append_str(out, v) != ANV_OK)
                return nomem(rd);
            break;
        }
        case XML_READER_TYPE_ELEMENT:
            if (strcmp(local_name(rd), "mrk") != 0)
                return fail_at(rd, node_line(rd),
                               "<%s> holds inline markup <%s>, which anuvad "
                               "does not support", outer_name,
                               local_name(rd));
            break;
        default:
            break;
        }
    }
    return rc;
}

/* anv:NAME decoded from the layout escapes into `out` ("" when absent). */
static int read_layout_attr(reader *rd, const char *name, strbuf *out,
                            int *present)
{
    strbuf_clear(out);
    char *v = get_anv_attr(rd, name);
    if (present)
        *present = v != NULL;
    int rc = v ? xliff_unescape_layout(out, v, strlen(v))
               : strbuf_append(out, "", 0);
    xmlFree(v);
    if (rc == -1)
        return fail_at(rd, node_line(rd), "bad escape in anv:%s", name);
    if (rc != ANV_OK)
        return nomem(rd);
    if (!out->data && strbuf_append(out, "", 0) != ANV_OK)
        return nomem(rd);
    return ANV_OK;
}

/* "87", "87%" or "87.5" -> 87; anything else -1. */
static int parse_quality(const char *s)
{
    if (!s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || (*end && strcmp(end, "%") != 0) || v < 0 ||
        v > 101)
        return -1;
    return (int)v;
}

/* ---- <trans-unit> --------------------------------------------------------- */

typedef struct unit_ctx {
    pending_unit *pu;
    strbuf *text, *tmp;
    const char *before;
    const char *raw;
    const char *id;
} unit_ctx;

typedef struct alt_ctx {
    strbuf src, tgt;
    int have_src, have_tgt;
} alt_ctx;

static int visit_alt_child(reader *rd, void *ctx)
{
    alt_ctx *ac = ctx;
    if (is(rd, "source") && !ac->have_src) {
        ac->have_src = 1;
        return read_text(rd, &ac->src);
    }
    if (is(rd, "target") && !ac->have_tgt) {
        ac->have_tgt = 1;
        return read_text(rd, &ac->tgt);
    }
    return skip_element(rd);
}

static int read_alt_trans(reader *rd, unit_ctx *uc)
{
    long line = node_line(rd);
    char *q = get_attr(rd, "match-quality");
    char *origin = get_attr(rd, "origin");
    char *tuid = get_anv_attr(rd, "tuid");
    char *date = get_anv_attr(rd, "changedate");
    alt_ctx ac = {STRBUF_INIT, STRBUF_INIT, 0, 0};
    int rc = each_child(rd, visit_alt_child, &ac);
    if (rc == ANV_OK && !ac.have_tgt)
        rc = fail_at(rd, line, "<alt-trans> without a <target>");
    if (rc == ANV_OK) {
        /* without a <source>, the match is for the unit's source */
        const char *src =
            ac.have_src ? ac.src.data
                        : xliff_project_unit(rd->p, uc->pu->index)->source;
        xliff_match m = {parse_quality(q), origin, src, ac.tgt.data, tuid,
                         date};
        rc = xliff_unit_add_match(rd->p, uc->pu->index, &m, rd->err);
    }
    xmlFree(q);
    xmlFree(origin);
    xmlFree(tuid);
    xmlFree(date);
    strbuf_release(&ac.src);
    strbuf_release(&ac.tgt);
    return rc;
}

static int read_target(reader *rd, pending_unit *pu)
{
    long line = node_line(rd);
    if (pu->have_target)
        return fail_at(rd, line, "a second <target> in one <trans-unit>");
    char *st = get_attr(rd, "state");
    char *qual = get_attr(rd, "state-qualifier");
    char *q = get_anv_attr(rd, "match-quality");
    char *marks = get_anv_attr(rd, "marks");
    int rc = ANV_OK;
    pu->target_line = line;
    if (st && xliff_state_parse(st, &pu->state) == 0) {
        pu->state_given = 1;
    } else if (st && strncmp(st, "x-", 2) != 0) {
        rc = fail_at(rd, line, "unknown state '%s'", st);
        goto out;
    }
    if (qual && xliff_qualifier_parse(qual, &pu->qualifier) != 0 &&
        strncmp(qual, "x-", 2) != 0) {
        rc = fail_at(rd, line, "unknown state-qualifier '%s'", qual);
        goto out;
    }
    pu->quality = parse_quality(q);
    if (marks) {
        char *save = NULL;
        for (char *t = strtok_r(marks, " ", &save); t;
             t = strtok_r(NULL, " ", &save)) {
            if (strcmp(t, "numbers-fixed") == 0)
                pu->marks |= XLIFF_MARK_NUMBERS_FIXED;
            else if (strcmp(t, "propagated") == 0)
                pu->marks |= XLIFF_MARK_PROPAGATED;
        }
    }
    rc = read_text(rd, &pu->target);
    pu->have_target = 1;
out:
    xmlFree(st);
    xmlFree(qual);
    xmlFree(q);
    xmlFree(marks);
    return rc;
}

static int visit_unit_child(reader *rd, void *ctx)
{
    unit_ctx *uc = ctx;
    pending_unit *pu = uc->pu;
    long line = node_line(rd);
    if (!in_xliff_ns(rd))
        return skip_element(rd);
    const char *name = local_name(rd);
    if (strcmp(name, "source") == 0) {
        if (pu->have_source)
            return fail_at(rd, line, "a second <source> in one "
                           "<trans-unit>");
        int rc = read_text(rd, uc->text);
        if (rc != ANV_OK)
            return rc;
        /* Sources are NFC; a file from elsewhere may not be.  The text as
         * found is then kept as the document's bytes. */
        strbuf_clear(uc->tmp);
        if ((rc = text_append_nfc(uc->tmp, uc->text->data, uc->text->len,
                                  rd->err)) != ANV_OK)
            return rc;
        const char *raw = uc->raw;
        if (!raw && strcmp(uc->tmp->data, uc->text->data) != 0)
            raw = uc->text->data;
        if ((rc = xliff_project_add_unit_id(rd->p, uc->id, uc->before,
                                            uc->tmp->data, raw, rd->err)) !=
            ANV_OK)
            return rc;
        pu->index = xliff_project_unit_count(rd->p) - 1;
        pu->have_source = 1;
        return ANV_OK;
    }
    int known = strcmp(name, "target") == 0 ||
                strcmp(name, "alt-trans") == 0 || strcmp(name, "note") == 0;
    if (known && !pu->have_source)
        return fail_at(rd, line, "<%s> before <source>", name);
    if (strcmp(name, "target") == 0)
        return read_target(rd, pu);
    if (strcmp(name, "alt-trans") == 0)
        return read_alt_trans(rd, uc);
    if (strcmp(name, "note") == 0) {
        char *from = get_attr(rd, "from");
        int rc = read_text(rd, uc->text);
        if (rc == ANV_OK)
            rc = xliff_unit_add_note(rd->p, pu->index, from, uc->text->data,
                                     rd->err);
        xmlFree(from);
        return rc;
    }
    return skip_element(rd);
}

/* Decide the target and state of a unit as the module header says. */
static int finish_target(reader *rd, pending_unit *pu)
{
    if (!pu->have_target)
        return ANV_OK;
    const xliff_unit *u = xliff_project_unit(rd->p, pu->index);
    xliff_state st = pu->state_given ? pu->state : XLIFF_STATE_NONE;
    if (pu->approved == 1 && !xliff_state_is_confirmed(st))
        st = XLIFF_STATE_TRANSLATED;
    if (pu->approved == 0 && xliff_state_is_confirmed(st))
        st = XLIFF_STATE_NEEDS_REVIEW_TRANSLATION;
    const char *t = pu->target.data;
    if (!xliff_state_is_confirmed(st) &&
        (*t == '\0' ||
         (st <= XLIFF_STATE_NEEDS_TRANSLATION &&
          (strcmp(t, u->source) == 0 ||
           (u->source_raw && strcmp(t, u->source_raw) == 0)))))
        return ANV_OK; /* no translation yet */
    if (st == XLIFF_STATE_NONE)
        st = XLIFF_STATE_NEEDS_REVIEW_TRANSLATION;
    if (pu->quality > 101)
        pu->quality = -1;
    return xliff_unit_set_target(rd->p, pu->index, t, st, pu->qualifier,
                                 pu->quality, pu->marks, rd->err);
}

static int remember_id(reader *rd, const char *id, long line)
{
    if (array_grow(&rd->ids, &rd->cap_ids, rd->n_ids + 1, sizeof *rd->ids) !=
        ANV_OK)
        return nomem(rd);
    rd->ids[rd->n_ids].id = id;
    rd->ids[rd->n_ids].line = line;
    rd->n_ids++;
    return ANV_OK;
}

static int read_unit(reader *rd)
{
    long line = node_line(rd);
    char *id = get_attr(rd, "id");
    char *approved = get_attr(rd, "approved");
    strbuf before = STRBUF_INIT, raw = STRBUF_INIT, text = STRBUF_INIT,
           tmp = STRBUF_INIT;
    pending_unit pu = {0};
    pu.approved = approved ? strcmp(approved, "yes") == 0 : -1;
    pu.quality = -1;
    int have_raw = 0, rc;
    if (!id || !*id) {
        rc = fail_at(rd, line, "<trans-unit> without an id");
        goto out;
    }
    if ((rc = read_layout_attr(rd, "before", &before, NULL)) != ANV_OK ||
        (rc = read_layout_attr(rd, "raw", &raw, &have_raw)) != ANV_OK)
        goto out;
    unit_ctx uc = {&pu, &text, &tmp, before.data, have_raw ? raw.data : NULL,
                   id};
    if ((rc = each_child(rd, visit_unit_child, &uc)) != ANV_OK)
        goto out;
    if (!pu.have_source) {
        rc = fail_at(rd, line, "<trans-unit id=\"%s\"> without a <source>",
                     id);
        goto out;
    }
    if ((rc = finish_target(rd, &pu)) != ANV_OK)
        goto out;
    rc = remember_id(rd, xliff_project_unit(rd->p, pu.index)->id, line);
out:
    xmlFree(id);
    xmlFree(approved);
    strbuf_release(&before);
    strbuf_release(&raw);
    strbuf_release(&text);
    strbuf_release(&tmp);
    strbuf_release(&pu.target);
    return rc;
}

/* ---- <file>, <body>, <group> ------------------------------------------------ */

static int visit_body_child(reader *rd, void *ctx)
{
    (void)ctx;
    if (is(rd, "trans-unit"))
        return read_unit(rd);
    if (is(rd, "group"))
        return each_child(rd, visit_body_child, NULL);
    return skip_element(rd);
}

static int visit_file_child(reader *rd, void *ctx)
{
    (void)ctx;
    if (is(rd, "body"))
        return each_child(rd, visit_body_child, NULL);
    return skip_element(rd);
}

static int cmp_id(const void *a, const void *b)
{
    const struct id_line *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int read_file(reader *rd)
{
    long line = node_line(rd);
    char *original = get_attr(rd, "original");
    char *srclang = get_attr(rd, "source-language");
    char *tgtlang = get_attr(rd, "target-language");
    char *datatype = get_attr(rd, "datatype");
    char *bom = get_anv_attr(rd, "bom");
    char *paras = get_anv_attr(rd, "paragraphs");
    strbuf after = STRBUF_INIT;
    int rc;
    if (!original || !srclang) {
        rc = fail_at(rd, line, "<file> without the %s attribute",
                     original ? "source-language" : "original");
        goto out;
    }
    if ((rc = read_layout_attr(rd, "after", &after, NULL)) != ANV_OK)
        goto out;
    if ((rc = xliff_project_add_file_full(rd->p, original, srclang,
                                          tgtlang && *tgtlang ? tgtlang
                                                              : NULL,
                                          datatype, rd->err)) != ANV_OK)
        goto out;
    size_t f = xliff_project_file_count(rd->p) - 1;
    if ((rc = xliff_project_set_file_layout(
             rd->p, f, bom && strcmp(bom, "yes") == 0, after.data,
             rd->err)) != ANV_OK ||
        (rc = xliff_project_set_file_paragraphs(
             rd->p, f, paras && strcmp(paras, "blank") == 0, rd->err)) !=
            ANV_OK)
        goto out;
    rd->n_ids = 0;
    if ((rc = each_child(rd, visit_file_child, NULL)) != ANV_OK)
        goto out;
    if (rd->n_ids > 1)
        qsort(rd->ids, rd->n_ids, sizeof *rd->ids, cmp_id);
    for (size_t k = 1; k < rd->n_ids; k++)
        if (strcmp(rd->ids[k].id, rd->ids[k - 1].id) == 0) {
            rc = fail_at(rd, rd->ids[k].line, "duplicate trans-unit id "
                         "'%s' (first on line %ld)", rd->ids[k].id,
                         rd->ids[k - 1].line);
            goto out;
        }
out:
    xmlFree(original);
    xmlFree(srclang);
    xmlFree(tgtlang);
    xmlFree(datatype);
    xmlFree(bom);
    xmlFree(paras);
    strbuf_release(&after);
    return rc;
}

static int visit_root_child(reader *rd, void *ctx)
{
    (void)ctx;
    if (is(rd, "file"))
        return read_file(rd);
    return skip_element(rd);
}

static int read_document(reader *rd)
{
    int rc;
    for (;;) {
        if ((rc = advance(rd)) < 0)
            return rc;
        if (rc == 0)
            return fail_at(rd, xmlTextReaderGetParserLineNumber(rd->r),
                           "no XML element in the file");
        int type = xmlTextReaderNodeType(rd->r);
        if (type == XML_READER_TYPE_ELEMENT)
            break;
        if (type == XML_READER_TYPE_TEXT)
            return fail_at(rd, node_line(rd), "text outside any element");
    }
    long line = node_line(rd);
    if (strcmp(local_name(rd), "xliff") != 0 || !in_xliff_ns(rd))
        return fail_at(rd, line, "not an XLIFF file (the root element is "
                       "<%s>)", (const char *)xmlTextReaderConstName(rd->r));
    char *version = get_attr(rd, "version");
    int ok = version && (strcmp(version, "1.2") == 0 ||
                         strcmp(version, "1.1") == 0 ||
                         strcmp(version, "1.0") == 0);
    if (!ok) {
        rc = fail_at(rd, line, "XLIFF version %s is not supported (anuvad "
                     "reads 1.2)", version ? version : "(none)");
        xmlFree(version);
        return rc;
    }
    xmlFree(version);
    char *tm = get_anv_attr(rd, "tm");
    rc = xliff_project_set_tm(rd->p, tm, rd->err);
    xmlFree(tm);
    if (rc != ANV_OK)
        return rc;
    if ((rc = each_child(rd, visit_root_child, NULL)) != ANV_OK)
        return rc;
    /* Read to the end, so that junk after the root is reported. */
    while ((rc = advance(rd)) == 1)
        ;
    if (rc < 0)
        return rc;
    if (xliff_project_file_count(rd->p) == 0)
        return fail_at(rd, line, "no <file> in the XLIFF");
    return ANV_OK;
}

static xliff_project *run(xmlTextReaderPtr xr, const char *name,
                          anv_error *err)
{
    if (!xr) {
        anv_error_set_at(err, ANV_ENOMEM, name, 0, 0,
                         "cannot start the XML reader");
        return NULL;
    }
    reader rd = {0};
    rd.r = xr;
    rd.name = name;
    rd.err = err;
    xmlTextReaderSetStructuredErrorHandler(xr, on_xml_error, &rd);
    rd.p = xliff_project_new(err);
    int rc = rd.p ? read_document(&rd) : ANV_ENOMEM;
    xmlFreeTextReader(xr);
    free(rd.ids);
    if (rc != ANV_OK) {
        xliff_project_free(rd.p);
        return NULL;
    }
    return rd.p;
}

/* The parser options: see the top of the file for why these only. */
#define READ_OPTIONS (XML_PARSE_NONET | XML_PARSE_HUGE)

xliff_project *xliff_project_parse(const char *name, const char *data,
                                   size_t len, anv_error *err)
{
    if (len == 0) {
        anv_error_set_at(err, ANV_EPARSE, name, 0, 0, "the file is empty");
        return NULL;
    }
    if (len > XLIFF_MAX_BYTES || len > (size_t)INT32_MAX) {
        anv_error_set_at(err, ANV_ELIMIT, name, 0, 0,
                         "file larger than %u bytes", XLIFF_MAX_BYTES);
        return NULL;
    }
    return run(xmlReaderForMemory(data, (int)len, name, NULL, READ_OPTIONS),
               name, err);
}

static int read_cb(void *ctx, char *buf, int len)
{
    FILE *fp = ctx;
    size_t n = fread(buf, 1, (size_t)len, fp);
    return n == 0 && ferror(fp) ? -1 : (int)n;
}

/* A folder, an empty file or one beyond XLIFF_MAX_BYTES: the error, before
 * the parser sees it. */
static int refuse_by_stat(FILE *fp, const char *path, anv_error *err)
{
    struct stat st;
    if (fstat(fileno(fp), &st) != 0)
        return ANV_OK;
    if (S_ISDIR(st.st_mode))
        return anv_error_set_at(err, ANV_EIO, path, 0, 0, "is a folder");
    if (S_ISREG(st.st_mode) && st.st_size == 0)
        return anv_error_set_at(err, ANV_EPARSE, path, 0, 0,
                                "the file is empty");
    if ((uint64_t)st.st_size > XLIFF_MAX_BYTES)
        return anv_error_set_at(err, ANV_ELIMIT, path, 0, 0,
                                "file larger than %u bytes", XLIFF_MAX_BYTES);
    return ANV_OK;
}

xliff_project *xliff_project_read(const char *path, anv_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        anv_error_set_at(err, errno == ENOENT ? ANV_ENOTFOUND : ANV_EIO,
                         path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if (refuse_by_stat(fp, path, err) != ANV_OK) {
        fclose(fp);
        return NULL;
    }
    xliff_project *p = run(xmlReaderForIO(read_cb, NULL, fp, path, NULL,
                                          READ_OPTIONS),
                           path, err);
    if (p && ferror(fp)) {
        anv_error_set_at(err, ANV_EIO, path, 0, 0, "read error");
        xliff_project_free(p);
        p = NULL;
    }
    fclose(fp);
    return p;
}
