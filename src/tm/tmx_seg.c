/*
 * tmx_seg.c - the content of a TMX <seg>: canonical XML, plain text for
 * matching, and inline-code checks.
 *
 * The nodes inside <seg> are written back out as canonical XML (our
 * escaping, attributes in document order, <x/> for empty elements), so the
 * same content always gives the same bytes whatever tool wrote it.  At the
 * same time the plain text is collected: text of the seg, <hi> and <sub>
 * in text, with each code element (bpt ept it ph ut) replaced by one
 * TMX_TAG_CHAR and its native-code content left out.  bpt/ept pairing is
 * checked per "flow" (the seg, and each <sub>): every bpt i must have
 * exactly one ept after it.  Elements TMX does not define become <ph>
 * codes holding the original tag as text, so exports stay valid.
 */
#include "tm/tmx_read_impl.h"
#include "base/array.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct inline_def {
    const char *name;
    const char *const *attrs;  /* the attributes TMX 1.4 allows */
    int code;                  /* content is native code (not text) */
} inline_def;

static const char *const bpt_attrs[] = {"i", "x", "type", NULL};
static const char *const ept_attrs[] = {"i", NULL};
static const char *const it_attrs[] = {"pos", "x", "type", NULL};
static const char *const ph_attrs[] = {"x", "assoc", "type", NULL};
static const char *const hi_attrs[] = {"x", "type", NULL};
static const char *const ut_attrs[] = {"x", NULL};
static const char *const sub_attrs[] = {"type", "datatype", NULL};

static const inline_def inline_defs[] = {
    {"bpt", bpt_attrs, 1}, {"ept", ept_attrs, 1}, {"it", it_attrs, 1},
    {"ph", ph_attrs, 1},   {"ut", ut_attrs, 1},   {"hi", hi_attrs, 0},
    {"sub", sub_attrs, 0},
};

static const inline_def *find_inline(const char *n)
{
    for (size_t i = 0; i < sizeof inline_defs / sizeof inline_defs[0]; i++)
        if (strcmp(inline_defs[i].name, n) == 0)
            return &inline_defs[i];
    return NULL;
}

/* Attribute values: escape what XML would change or reject on reading. */
static int append_attr_value(strbuf *b, const char *v)
{
    for (; *v; v++) {
        const char *rep = NULL;
        switch (*v) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\t': rep = "&#9;"; break;
        case '\n': rep = "&#10;"; break;
        case '\r': rep = "&#13;"; break;
        }
        if ((rep ? strbuf_append_str(b, rep) : strbuf_append_char(b, *v))
            != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

/* Text: & < > escaped, CR kept as a reference so it survives re-reading.
 * strcspn finds the next special character a word at a time. */
static int append_text(strbuf *b, const char *v)
{
    for (;;) {
        size_t run = strcspn(v, "&<>\r");
        if (strbuf_append(b, v, run) != ANV_OK)
            return ANV_ENOMEM;
        v += run;
        if (!*v)
            return ANV_OK;
        const char *rep = *v == '&' ? "&amp;" : *v == '<' ? "&lt;"
                        : *v == '>' ? "&gt;" : "&#13;";
        if (strbuf_append_str(b, rep) != ANV_OK)
            return ANV_ENOMEM;
        v++;
    }
}

/* The start tag of the current element, with the attributes allowed by
 * `allowed` (all of them when NULL), written to b; `attr_i` gets the value
 * of "i" and `attr_pos` of "pos" when asked for. */
static int start_tag(rd *d, strbuf *b, const char *const *allowed,
                     char **attr_i, char **attr_pos)
{
    const char *el = rd_name(d);
    int rc = strbuf_append_char(b, '<') == ANV_OK &&
                     strbuf_append_str(b, el) == ANV_OK
                 ? ANV_OK : ANV_ENOMEM;
    char elname[32];
    snprintf(elname, sizeof elname, "%s", el);
    while (rc == ANV_OK && xmlTextReaderMoveToNextAttribute(d->r) == 1) {
        const char *an = rd_name(d), *v = rd_value(d);
        if (allowed && !rd_in_list(allowed, an)) {
            if (strncmp(an, "xmlns", 5) != 0)
                rd_warn(d, W_UNKNOWN_ATTR, "attribute '%s' on <%s> is not "
                     "TMX; dropped", an, elname);
            continue;
        }
        if (attr_i && strcmp(an, "i") == 0)
            *attr_i = strdup(v);
        if (attr_pos && strcmp(an, "pos") == 0)
            *attr_pos = strdup(v);
        if (strbuf_printf(b, " %s=\"", an) != ANV_OK ||
            append_attr_value(b, v) != ANV_OK ||
            strbuf_append_char(b, '"') != ANV_OK)
            rc = ANV_ENOMEM;
    }
    xmlTextReaderMoveToElement(d->r);
    return rc == ANV_OK ? ANV_OK : rd_nomem(d);
}

static int add_mark(rd *d, const char *i)
{
    for (size_t k = 0; k < d->n_marks; k++)
        if (d->marks[k].flow == d->flow && strcmp(d->marks[k].i, i) == 0)
            return rd_unit_error(d, "two <bpt> with i=\"%s\" in one segment",
                              i);
    if (array_grow(&d->marks, &d->cap_marks, d->n_marks + 1,
                   sizeof *d->marks))
        return rd_nomem(d);
    char *copy = strdup(i);
    if (!copy)
        return rd_nomem(d);
    d->marks[d->n_marks++] = (pair_mark){copy, d->flow, 0};
    return ANV_OK;
}

static int close_mark(rd *d, const char *i)
{
    for (size_t k = 0; k < d->n_marks; k++)
        if (d->marks[k].flow == d->flow && strcmp(d->marks[k].i, i) == 0 &&
            !d->marks[k].closed) {
            d->marks[k].closed = 1;
            return ANV_OK;
        }
    return rd_unit_error(d, "<ept i=\"%s\"> without a <bpt i=\"%s\"> before it",
                      i, i);
}

/* End of a flow: every bpt of it must be closed; forget its marks. */
static int end_flow(rd *d, int flow)
{
    int rc = ANV_OK;
    while (d->n_marks && d->marks[d->n_marks - 1].flow == flow) {
        pair_mark *m = &d->marks[--d->n_marks];
        if (!m->closed && rc == ANV_OK)
            rc = rd_unit_error(d, "<bpt i=\"%s\"> without its <ept>", m->i);
        free(m->i);
    }
    return rc;
}

void tmx_seg_clear_marks(rd *d)
{
    while (d->n_marks)
        free(d->marks[--d->n_marks].i);
}

static int append_placeholder(rd *d)
{
    return strbuf_append(&d->plain, TMX_TAG_CHAR, TMX_TAG_CHAR_LEN) == ANV_OK
               ? ANV_OK : rd_nomem(d);
}

/* An element TMX does not define inside a seg (or a misplaced one): keep
 * its tags as text, inside a <ph> where text is allowed.  Returns the
 * end-tag text to write at the matching end (caller frees). */
static int foreign_tag(rd *d, int in_code, char **end_text)
{
    strbuf tag = STRBUF_INIT;
    const char *el = rd_name(d);
    int empty = xmlTextReaderIsEmptyElement(d->r);
    *end_text = NULL;
    rd_warn(d, W_FOREIGN_INLINE, "<%s> is not a TMX inline element; kept as "
         "%s", el, in_code ? "code text" : "a <ph> code");
    if (!empty && (*end_text = malloc(strlen(el) + 4)))
        sprintf(*end_text, "</%s>", el);
    int rc = start_tag(d, &tag, NULL, NULL, NULL);
    if (rc == ANV_OK && strbuf_append_str(&tag, empty ? "/>" : ">") != ANV_OK)
        rc = rd_nomem(d);
    if (rc == ANV_OK && !in_code) {
        if (strbuf_append_str(&d->seg, "<ph>") != ANV_OK ||
            append_text(&d->seg, tag.data) != ANV_OK ||
            strbuf_append_str(&d->seg, "</ph>") != ANV_OK)
            rc = rd_nomem(d);
        else
            rc = append_placeholder(d);
    } else if (rc == ANV_OK && append_text(&d->seg, tag.data) != ANV_OK) {
        rc = rd_nomem(d);
    }
    strbuf_release(&tag);
    if (!empty && !*end_text && rc == ANV_OK)
        rc = rd_nomem(d);
    return rc;
}

static int foreign_end(rd *d, int in_code, const char *end_text)
{
    if (in_code)
        return append_text(&d->seg, end_text) == ANV_OK ? ANV_OK : rd_nomem(d);
    if (strbuf_append_str(&d->seg, "<ph>") != ANV_OK ||
        append_text(&d->seg, end_text) != ANV_OK ||
        strbuf_append_str(&d->seg, "</ph>") != ANV_OK)
        return rd_nomem(d);
    return append_placeholder(d);
}

static int seg_content(rd *d, int in_code, int *has_tags);

/* One inline element (the reader is on its start tag). */
static int inline_element(rd *d, int in_code, int *has_tags)
{
    const inline_def *def = find_inline(rd_name(d));
    /* In text (seg, hi, sub) everything but sub is allowed; inside a code
     * element only sub is. */
    int allowed = def && (in_code ? strcmp(def->name, "sub") == 0
                                  : strcmp(def->name, "sub") != 0);
    int empty = xmlTextReaderIsEmptyElement(d->r);
    int rc;
    if (!allowed) {
        char *end_text = NULL;
        rc = foreign_tag(d, in_code, &end_text);
        if (rc == ANV_OK && !empty) {
            rc = seg_content(d, in_code, has_tags);
            if (rc == ANV_OK)
                rc = foreign_end(d, in_code, end_text);
        }
        *has_tags = 1;
        free(end_text);
        return rc;
    }
    *has_tags = 1;
    char *i = NULL, *pos = NULL;
    int is_bpt = strcmp(def->name, "bpt") == 0;
    int is_ept = strcmp(def->name, "ept") == 0;
    rc = start_tag(d, &d->seg, def->attrs, is_bpt || is_ept ? &i : NULL,
                   strcmp(def->name, "it") == 0 ? &pos : NULL);
    if (rc == ANV_OK && (is_bpt || is_ept) && !i)
        rc = rd_unit_error(d, "<%s> without the i attribute", def->name);
    if (rc == ANV_OK && strcmp(def->name, "it") == 0 &&
        (!pos || (strcmp(pos, "begin") != 0 && strcmp(pos, "end") != 0)))
        rc = rd_unit_error(d, "<it> needs pos=\"begin\" or pos=\"end\"");
    if (rc == ANV_OK && is_bpt)
        rc = add_mark(d, i);
    if (rc == ANV_OK && is_ept)
        rc = close_mark(d, i);
    free(i);
    free(pos);
    if (rc != ANV_OK)
        return rc;
    if (def->code && (rc = append_placeholder(d)) != ANV_OK)
        return rc;
    if (empty)
        return strbuf_append_str(&d->seg, "/>") == ANV_OK ? ANV_OK
                                                          : rd_nomem(d);
    if (strbuf_append_char(&d->seg, '>') != ANV_OK)
        return rd_nomem(d);
    int saved_flow = d->flow;
    if (strcmp(def->name, "sub") == 0)
        d->flow = ++d->flow_counter;
    d->code_depth += def->code;
    rc = seg_content(d, def->code, has_tags);
    d->code_depth -= def->code;
    if (rc == ANV_OK && d->flow != saved_flow)
        rc = end_flow(d, d->flow);
    d->flow = saved_flow;
    if (rc == ANV_OK && strbuf_printf(&d->seg, "</%s>", def->name) != ANV_OK)
        rc = rd_nomem(d);
    return rc;
}

/* Content of seg or of an inline element, up to its end tag. */
static int seg_content(rd *d, int in_code, int *has_tags)
{
    int depth = xmlTextReaderDepth(d->r), rc;
    while ((rc = rd_next_child(d, depth)) == 1) {
        int t = rd_type(d);
        if (rd_is_text(t)) {
            const char *v = rd_value(d);
            if (append_text(&d->seg, v) != ANV_OK ||
                (d->code_depth == 0 &&
                 strbuf_append_str(&d->plain, v) != ANV_OK))
                return rd_nomem(d);
        } else if (t == XML_READER_TYPE_ELEMENT) {
            if ((rc = inline_element(d, in_code, has_tags)) != ANV_OK)
                return rc;
        } else if (t == XML_READER_TYPE_ENTITY_REFERENCE) {
            return rd_entity_error(d);
        } else if (t == XML_READER_TYPE_COMMENT ||
                   t == XML_READER_TYPE_PROCESSING_INSTRUCTION) {
            rd_warn(d, W_COMMENT_IN_SEG, "comment or processing instruction "
                 "inside <seg>; dropped");
        }
    }
    return rc < 0 ? rc : ANV_OK;
}

int tmx_read_seg(rd *d, tuv_off *tv)
{
    strbuf_clear(&d->seg);
    strbuf_clear(&d->plain);
    tmx_seg_clear_marks(d);
    d->flow = d->flow_counter = d->code_depth = 0;
    int has_tags = 0, rc = ANV_OK;
    if (!xmlTextReaderIsEmptyElement(d->r))
        rc = seg_content(d, 0, &has_tags);
    if (rc == ANV_OK)
        rc = end_flow(d, 0);
    if (rc != ANV_OK)
        return rc;
    const char *seg = d->seg.data ? d->seg.data : "";
    const char *plain = d->plain.data ? d->plain.data : "";
    tv->has_tags = has_tags;
    tv->seg = d->scratch.len;
    tv->seg_len = d->seg.len;
    if (strbuf_append(&d->scratch, seg, d->seg.len + 1) != ANV_OK)
        return rd_nomem(d);
    tv->plain = d->scratch.len;
    if (text_append_nfc(&d->scratch, plain, d->plain.len, d->err) != ANV_OK)
        return d->err ? d->err->code : ANV_ENOMEM;
    tv->plain_len = d->scratch.len - tv->plain;
    if (strbuf_append_char(&d->scratch, '\0') != ANV_OK)
        return rd_nomem(d);
    /* Plain text equal to the seg XML (no tags, nothing escaped, already
     * NFC) is stored once: the store shares it when the pointers match. */
    if (tv->plain_len == tv->seg_len &&
        memcmp(d->scratch.data + tv->seg, d->scratch.data + tv->plain,
               tv->seg_len) == 0) {
        d->scratch.len = tv->plain;
        d->scratch.data[d->scratch.len] = '\0';
        tv->plain = tv->seg;
    }
    return ANV_OK;
}
