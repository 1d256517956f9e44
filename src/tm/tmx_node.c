/*
 * tmx_node.c - the TMX reader's cursor: moving over xmlTextReader nodes,
 * looking at the current one, and the reader's messages (errors at the
 * current node, warnings counted by kind).
 *
 * Both halves of the reader use these: tmx_read.c (document, header,
 * units) and tmx_seg.c (the content of a <seg>).  This file uses neither,
 * so the dependencies go one way: tmx_read.c -> tmx_seg.c -> tmx_node.c.
 */
#include "tm/tmx_read_impl.h"
#include "base/xml_clean.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

long rd_node_line(rd *d)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(d->r);
    long line = n ? xmlGetLineNo(n) : -1;
    if (line <= 0 || line >= 65535)
        line = xmlTextReaderGetParserLineNumber(d->r);
    return line;
}


int rd_unit_error(rd *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    anv_error_vset_at(d->err, ANV_EPARSE, d->name, rd_node_line(d), 0, fmt, ap);
    va_end(ap);
    return d->in_unit ? UNIT_BAD : ANV_EPARSE;
}


void rd_warn(rd *d, int kind, const char *fmt, ...)
{
    d->st.warnings++;
    if (d->warn_count[kind]++ > 0 || !d->opts->on_warning)
        return;
    char msg[ANV_ERROR_MAX], body[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s:%ld: %s", d->name, rd_node_line(d), body);
    d->opts->on_warning(d->opts->ctx, msg);
}


int rd_xml_error(rd *d)
{
    int e = xml_clean_read_errno(d->xc);
    long lines, ent = xml_clean_entity_line(d->xc);
    if (e)
        return anv_error_set_at(d->err, ANV_EIO, d->name, 0, 0,
                                "read error: %s", strerror(e));
    if (ent)
        return anv_error_set_at(d->err, ANV_EPARSE, d->name, ent, 0,
                                "the DTD declares entities; refused "
                                "(anuvad never expands entities)");
    if (xml_clean_bytes_in(d->xc) == 0)
        return anv_error_set_at(d->err, ANV_EPARSE, d->name, 0, 0,
                                "empty file, not TMX");
    if (d->xml_failed && xml_clean_at_end(d->xc, &lines) &&
        d->xml_line >= lines)
        return anv_error_set_at(d->err, ANV_EPARSE, d->name, d->xml_line, 0,
                                "the file ends too early (truncated?): %s",
                                d->xml_msg);
    if (d->xml_failed &&
        strncmp(d->xml_msg, "Input is not proper UTF-8", 25) == 0) {
        const char *bytes = strstr(d->xml_msg, "Bytes:");
        return anv_error_set_at(d->err, ANV_EUTF8, d->name, d->xml_line, 0,
                                "not valid UTF-8 and no other encoding "
                                "declared (%s)", bytes ? bytes : "");
    }
    if (d->xml_failed)
        return anv_error_set_at(d->err, ANV_EPARSE, d->name, d->xml_line, 0,
                                "%s", d->xml_msg);
    return anv_error_set_at(d->err, ANV_EPARSE, d->name,
                            xmlTextReaderGetParserLineNumber(d->r), 0,
                            "malformed XML");
}


/* Next node: 1, or 0 at the end of the document, or a negative error. */
int rd_next(rd *d)
{
    int rc = xmlTextReaderRead(d->r);
    if (rc < 0 || d->xml_failed)
        return rd_xml_error(d);
    return rc;
}


int rd_type(rd *d)
{
    return xmlTextReaderNodeType(d->r);
}


const char *rd_name(rd *d)
{
    const xmlChar *n = xmlTextReaderConstName(d->r);
    return n ? (const char *)n : "";
}


int rd_is_text(int t)
{
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
           t == XML_READER_TYPE_WHITESPACE ||
           t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}


const char *rd_value(rd *d)
{
    const xmlChar *v = xmlTextReaderConstValue(d->r);
    return v ? (const char *)v : "";
}


/* Skip the rest of the element whose start tag was just read. */
int rd_skip_element(rd *d)
{
    if (xmlTextReaderIsEmptyElement(d->r))
        return ANV_OK;
    int depth = xmlTextReaderDepth(d->r), rc;
    while ((rc = rd_next_child(d, depth)) == 1)
        ;
    return rc;
}


int rd_next_child(rd *d, int depth)
{
    int rc = rd_next(d);
    if (rc <= 0)
        return rc < 0 ? rc : rd_xml_error(d); /* the document ended */
    return rd_type(d) == XML_READER_TYPE_END_ELEMENT &&
                   xmlTextReaderDepth(d->r) == depth
               ? 0 : 1;
}


int rd_entity_error(rd *d)
{
    return rd_unit_error(d, "entity reference &%s; (anuvad does not expand "
                         "entities)", rd_name(d));
}


int rd_nomem(rd *d)
{
    return anv_error_set(d->err, ANV_ENOMEM, "out of memory");
}


int rd_in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}
