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
 * (<bpt>/<ept>/<ph>/<it>, and <g>, <x/>, <bx/>, <ex/> from other tools)
 * becomes code chars with the source's markup in the unit's code table
 * (text/icode.h); a target may only use its source's codes; in matches
 * they are TMX placeholders (U+FFFC); <mrk> keeps its text.
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
#include "base/fileio.h"
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
    /* inline codes of the current unit: the source's, by XLIFF id */
    struct code_slot { char *xid; int cls; icode_kind kind; unsigned id; }
        *slots;
    size_t n_slots, cap_slots;
    icode *codes;
    size_t n_codes, cap_codes;
} reader;

/* How read_text treats inline elements. */
enum { TEXT_PLAIN, TEXT_SOURCE, TEXT_TARGET, TEXT_MATCH };

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

static void codes_reset(reader *rd)
{
    for (size_t i = 0; i < rd->n_slots; i++)
        free(rd->slots[i].xid);
    rd->n_slots = 0;
    for (size_t i = 0; i < rd->n_codes; i++)
        free((void *)rd->codes[i].data);
    rd->n_codes = 0;
}

static void codes_free(reader *rd)
{
    codes_reset(rd);
    free(rd->slots);
    free(rd->codes);
}

/* The text inside the current inline element (its markup), to its end. */
static int read_markup(reader *rd, strbuf *out)
{
    strbuf_clear(out);
    if (strbuf_append(out, "", 0) != ANV_OK)
        return nomem(rd);
    if (xmlTextReaderIsEmptyElement(rd->r))
        return ANV_OK;
    int depth = xmlTextReaderDepth(rd->r), type, rc;
    while ((rc = next_inside(rd, depth, &type)) == 1)
        if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
            type == XML_READER_TYPE_WHITESPACE ||
            type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(rd->r);
            if (v && strbuf_append_str(out, v) != ANV_OK)
                return nomem(rd);
        }
    return rc;
}

/* Inline element classes: a pair's halves share an XLIFF id. */
enum { CLS_PAIR, CLS_ISOLATED, CLS_IT, CLS_G };

static struct code_slot *find_slot(reader *rd, const char *xid, int cls,
                                   icode_kind kind)
{
    for (size_t i = 0; i < rd->n_slots; i++)
        if (rd->slots[i].cls == cls && rd->slots[i].kind == kind &&
            strcmp(rd->slots[i].xid, xid) == 0)
            return &rd->slots[i];
    return NULL;
}

/* A new code of the source: its slot and its table entry. */
static int new_code(reader *rd, const char *xid, int cls, icode_kind kind,
                    unsigned id, const char *markup)
{
    if (id > ICODE_MAX_ID)
        return fail_at(rd, node_line(rd), "more than %u inline codes in "
                       "one segment", ICODE_MAX_ID);
    if (array_grow(&rd->slots, &rd->cap_slots, rd->n_slots + 1,
                   sizeof *rd->slots) != ANV_OK ||
        array_grow(&rd->codes, &rd->cap_codes, rd->n_codes + 1,
                   sizeof *rd->codes) != ANV_OK)
        return nomem(rd);
    char *x = strdup(xid), *m = strdup(markup);
    if (!x || !m) {
        free(x);
        free(m);
        return nomem(rd);
    }
    rd->slots[rd->n_slots++] = (struct code_slot){x, cls, kind, id};
    rd->codes[rd->n_codes++] = (icode){kind, id, m};
    return ANV_OK;
}

static unsigned next_code_id(const reader *rd)
{
    return icode_next_id(rd->codes, rd->n_codes);
}

/* One inline element (bpt ept it ph x bx ex g) of a source, target or
 * match: its code char into `out`.  *g_id is set for a <g> (its close
 * comes at its end tag). */
static int inline_code(reader *rd, int mode, strbuf *out, unsigned *g_id)
{
    const char *name = local_name(rd);
    long line = node_line(rd);
    int cls;
    icode_kind kind = ICODE_ISOLATED;
    if (!strcmp(name, "bpt") || !strcmp(name, "bx")) {
        cls = CLS_PAIR;
        kind = ICODE_OPEN;
    } else if (!strcmp(name, "ept") || !strcmp(name, "ex")) {
        cls = CLS_PAIR;
        kind = ICODE_CLOSE;
    } else if (!strcmp(name, "ph") || !strcmp(name, "x")) {
        cls = CLS_ISOLATED;
    } else if (!strcmp(name, "it")) {
        cls = CLS_IT;
        char *pos = get_attr(rd, "pos");
        kind = pos && !strcmp(pos, "close") ? ICODE_CLOSE : ICODE_OPEN;
        xmlFree(pos);
    } else {
        cls = CLS_G;
        kind = ICODE_OPEN;
    }
    char *xid = get_attr(rd, "id");
    if (!xid && (!strcmp(name, "bx") || !strcmp(name, "ex")))
        xid = get_attr(rd, "rid");
    char elname[8];
    snprintf(elname, sizeof elname, "%s", name);
    strbuf markup = STRBUF_INIT;
    int rc = cls == CLS_G ? ANV_OK : read_markup(rd, &markup);
    const char *x = xid ? xid : "";
    unsigned id = 0;
    if (rc != ANV_OK)
        goto out;
    if (mode == TEXT_MATCH) {
        if (strbuf_append_str(out, "\xEF\xBF\xBC") != ANV_OK)
            rc = nomem(rd);
        if (cls == CLS_G)
            *g_id = ICODE_MAX_ID + 1; /* a close placeholder too */
        goto out;
    }
    if (mode == TEXT_SOURCE) {
        struct code_slot *open = kind == ICODE_CLOSE && cls == CLS_PAIR
                                     ? find_slot(rd, x, cls, ICODE_OPEN)
                                     : NULL;
        id = open && !find_slot(rd, x, cls, ICODE_CLOSE) ? open->id
                                                         : next_code_id(rd);
        rc = new_code(rd, x, cls, kind, id,
                      markup.data ? markup.data : "");
        if (rc == ANV_OK && cls == CLS_G)
            rc = new_code(rd, x, cls, ICODE_CLOSE, id, "");
    } else {
        struct code_slot *sl = find_slot(rd, x, cls, kind);
        if (!sl) {
            rc = fail_at(rd, line, "<%s id=\"%s\"> in the target is not in "
                         "the source", elname, x);
            goto out;
        }
        id = sl->id;
    }
    if (icode_append(out, kind, id) != ANV_OK)
        rc = nomem(rd);
    if (cls == CLS_G)
        *g_id = id;
out:
    xmlFree(xid);
    strbuf_release(&markup);
    return rc;
}

static int is_inline(const char *n)
{
    static const char *const names[] = {"bpt", "ept", "it", "ph", "x",
                                        "bx", "ex", "g", NULL};
    for (const char *const *p = names; *p; p++)
        if (strcmp(n, *p) == 0)
            return 1;
    return 0;
}

/* The text content of the current element into `out`.  <mrk> keeps its
 * text; inline codes become code chars (text/icode.h): a source's are
 * numbered and kept in rd->codes, a target's must be the source's, a
 * match's are TMX placeholders (U+FFFC).  In plain mode (notes) inline
 * elements are refused. */
static int read_text_mode(reader *rd, strbuf *out, int mode)
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
    unsigned g_stack[64];
    int g_depth[64];
    size_t n_g = 0;
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
        case XML_READER_TYPE_ELEMENT: {
            const char *n = local_name(rd);
            if (strcmp(n, "mrk") == 0)
                break;
            if (mode == TEXT_PLAIN || !is_inline(n))
                return fail_at(rd, node_line(rd),
                               "<%s> holds inline markup <%s>, which anuvad "
                               "does not support", outer_name, n);
            int empty = xmlTextReaderIsEmptyElement(rd->r);
            int d = xmlTextReaderDepth(rd->r);
            unsigned g_id = 0;
            if ((rc = inline_code(rd, mode, out, &g_id)) != ANV_OK)
                return rc;
            if (g_id) {
                if (empty || n_g == 64) {
                    if ((g_id > ICODE_MAX_ID
                             ? strbuf_append_str(out, "\xEF\xBF\xBC")
                             : icode_append(out, ICODE_CLOSE, g_id)) != ANV_OK)
                        return nomem(rd);
                } else {
                    g_stack[n_g] = g_id;
                    g_depth[n_g++] = d;
                }
            }
            break;
        }
        case XML_READER_TYPE_END_ELEMENT:
            if (n_g && xmlTextReaderDepth(rd->r) == g_depth[n_g - 1]) {
                unsigned g_id = g_stack[--n_g];
                if ((g_id > ICODE_MAX_ID
                         ? strbuf_append_str(out, "\xEF\xBF\xBC")
                         : icode_append(out, ICODE_CLOSE, g_id)) != ANV_OK)
                    return nomem(rd);
            }
            break;
        default:
            break;
        }
    }
    return rc;
}

static int read_text(reader *rd, strbuf *out)
{
    return read_text_mode(rd, out, TEXT_PLAIN);
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
        return read_text_mode(rd, &ac->src, TEXT_MATCH);
    }
    if (is(rd, "target") && !ac->have_tgt) {
        ac->have_tgt = 1;
        return read_text_mode(rd, &ac->tgt, TEXT_MATCH);
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
    rc = read_text_mode(rd, &pu->target, TEXT_TARGET);
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
        codes_reset(rd);
        int rc = read_text_mode(rd, uc->text, TEXT_SOURCE);
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
        if (rd->n_codes)
            return xliff_unit_set_codes(rd->p, pu->index, rd->codes,
                                        rd->n_codes, rd->err);
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
    char *maxwidth = get_attr(rd, "maxwidth");
    char *size_unit = get_attr(rd, "size-unit");
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
    /* a limit in characters is one a translator can keep; pixels
     * (the default size-unit) depend on the font */
    if (rc == ANV_OK && maxwidth && size_unit && !strcmp(size_unit, "char")) {
        char *end;
        unsigned long n = strtoul(maxwidth, &end, 10);
        if (!*end && n > 0 && n < 1000000)
            xliff_unit_set_max_chars(rd->p, pu.index, (unsigned)n);
    }
out:
    xmlFree(id);
    xmlFree(approved);
    xmlFree(maxwidth);
    xmlFree(size_unit);
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
    if (is(rd, "trans-unit")) {
        /* translate="no": not a unit (never offered, never changed);
         * except a confirmed one (approved="yes"), which is how anuvad's
         * OmegaT flavour locks confirmed units */
        char *tr = get_attr(rd, "translate"), *ap = get_attr(rd, "approved");
        int skip = tr && strcmp(tr, "no") == 0 &&
                   !(ap && strcmp(ap, "yes") == 0);
        xmlFree(tr);
        xmlFree(ap);
        return skip ? skip_element(rd) : read_unit(rd);
    }
    if (is(rd, "group"))
        return each_child(rd, visit_body_child, NULL);
    return skip_element(rd);
}

/* <skl><internal-file form="base64">: a container document's original
 * (xliff.h), for the file just added. */
static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

static int visit_skl_child(reader *rd, void *ctx)
{
    (void)ctx;
    if (!is(rd, "internal-file"))
        return skip_element(rd);
    long line = node_line(rd);
    char *form = get_attr(rd, "form");
    int b64 = form && strcmp(form, "base64") == 0;
    xmlFree(form);
    strbuf text = STRBUF_INIT, bytes = STRBUF_INIT;
    int rc = read_text(rd, &text);
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; rc == ANV_OK && b64 && i < text.len; i++) {
        int c = (unsigned char)text.data[i], v = b64_value(c);
        if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (v < 0) {
            rc = fail_at(rd, line, "<internal-file> is not base64");
            break;
        }
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (strbuf_append_char(&bytes, (char)((acc >> bits) & 0xFF)) !=
                ANV_OK)
                rc = nomem(rd);
        }
    }
    size_t f = xliff_project_file_count(rd->p) - 1;
    const xliff_file *x = xliff_project_file(rd->p, f);
    if (rc == ANV_OK && b64 && x->part)
        rc = xliff_project_set_file_part(rd->p, f, x->part,
                                         bytes.data ? bytes.data : "",
                                         bytes.len, rd->err);
    strbuf_release(&text);
    strbuf_release(&bytes);
    return rc;
}

static int visit_header_child(reader *rd, void *ctx)
{
    if (is(rd, "skl"))
        return each_child(rd, visit_skl_child, ctx);
    return skip_element(rd);
}

static int visit_file_child(reader *rd, void *ctx)
{
    (void)ctx;
    if (is(rd, "body"))
        return each_child(rd, visit_body_child, NULL);
    if (is(rd, "header"))
        return each_child(rd, visit_header_child, NULL);
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
    char *encoding = get_anv_attr(rd, "encoding");
    char *lang_at = get_anv_attr(rd, "lang-at");
    char *part = get_anv_attr(rd, "part");
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
    size_t ls = 0, le = 0;
    if (lang_at && (sscanf(lang_at, "%zu %zu", &ls, &le) != 2 || le <= ls)) {
        rc = fail_at(rd, line, "bad anv:lang-at \"%s\"", lang_at);
        goto out;
    }
    if ((encoding || lang_at) &&
        (rc = xliff_project_set_file_format(rd->p, f, datatype, encoding, ls,
                                            le, rd->err)) != ANV_OK)
        goto out;
    if (part && (rc = xliff_project_set_file_part(rd->p, f, part, NULL, 0,
                                                  rd->err)) != ANV_OK)
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
    xmlFree(encoding);
    xmlFree(lang_at);
    xmlFree(part);
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
    char *gl = rc == ANV_OK ? get_anv_attr(rd, "glossaries") : NULL;
    if (rc == ANV_OK)
        rc = xliff_project_set_glossaries(rd->p, gl, rd->err);
    xmlFree(gl);
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
    codes_free(&rd);
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
    /* XLIFF 2 (its namespace in the first bytes): xliff_foreign.c */
    char head[4096];
    size_t got = fread(head, 1, sizeof head - 1, fp);
    head[got] = '\0';
    if (strstr(head, "urn:oasis:names:tc:xliff:document:2.")) {
        fclose(fp);
        char *data = NULL;
        size_t len = 0;
        if (fileio_read_all(path, XLIFF_MAX_BYTES, &data, &len, err) != ANV_OK)
            return NULL;
        xliff_project *p2 = xliff2_read(data, len, path, err);
        free(data);
        return p2;
    }
    /* another tool's XLIFF 1.x segmented with <mrk mtype="seg"> (in
     * UTF-8): one unit per segment (xliff_foreign.c) */
    if (!strstr(head, "tool-id=\"anuvad\"")) {
        char *data = NULL;
        size_t len = 0;
        if (fileio_read_all(path, XLIFF_MAX_BYTES, &data, &len, err) != ANV_OK) {
            fclose(fp);
            return NULL;
        }
        int utf8 = !strstr(head, "encoding=") ||
                   strstr(head, "encoding=\"utf-8\"") ||
                   strstr(head, "encoding=\"UTF-8\"") ||
                   strstr(head, "encoding='utf-8'") ||
                   strstr(head, "encoding='UTF-8'");
        if (utf8 && strstr(data, "<seg-source") &&
            strstr(data, "mtype=\"seg\"")) {
            fclose(fp);
            xliff_project *p1 = xliff1_seg_read(data, len, path, err);
            free(data);
            return p1;
        }
        free(data);
    }
    rewind(fp);
    xliff_project *p = run(xmlReaderForIO(read_cb, NULL, fp, path, NULL,
                                          READ_OPTIONS),
                           path, err);
    if (p && ferror(fp)) {
        anv_error_set_at(err, ANV_EIO, path, 0, 0, "read error");
        xliff_project_free(p);
        p = NULL;
    }
    fclose(fp);
    /* another tool's file: keep its bytes to save it in place */
    if (p && xliff_written_by_anuvad(path, err) == 0) {
        char *data = NULL;
        size_t len = 0;
        int rc = fileio_read_all(path, XLIFF_MAX_BYTES, &data, &len, err);
        if (rc == ANV_OK)
            rc = xliff_foreign_attach(p, data, len, path, err);
        free(data);
        if (rc != ANV_OK) {
            xliff_project_free(p);
            p = NULL;
        }
    }
    return p;
}

int xliff_written_by_anuvad(const char *path, anv_error *err)
{
    xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET |
                                          XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING);
    if (!r)
        return anv_error_set(err, ANV_EIO, "%s: cannot read", path);
    int found = 0, rc;
    while ((rc = xmlTextReaderRead(r)) == 1) {
        if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
            continue;
        const char *n = (const char *)xmlTextReaderConstLocalName(r);
        if (n && strcmp(n, "tool") == 0) {
            char *id = (char *)xmlTextReaderGetAttribute(r, BAD_CAST "tool-id");
            found = id && strcmp(id, "anuvad") == 0;
            xmlFree(id);
            if (found)
                break;
        } else if (n && (strcmp(n, "body") == 0 ||
                         strcmp(n, "trans-unit") == 0)) {
            break;
        }
    }
    xmlFreeTextReader(r);
    if (rc < 0)
        return anv_error_set(err, ANV_EPARSE, "%s: not well-formed XML",
                             path);
    return found;
}
