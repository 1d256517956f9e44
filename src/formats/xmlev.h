/*
 * xmlev.h - an XML part as a list of events with their exact bytes.
 *
 * The container filters (DOCX, ODT) need what html.c needs for HTML:
 * every start tag, end tag and piece of text of an XML part together
 * with the bytes it came from, so that units can point back into the
 * part and everything else stays skeleton, byte for byte.  libxml2's XML
 * parser reads the part (SAX, no tree, no network, no external
 * entities); each callback notes the parser's byte position, so the
 * events tile the part: concatenating the bytes of all events gives the
 * part back.  An empty element (<w:b/>) is a start event holding all of
 * "<w:b/>" and an end event of zero bytes.  Text events hold the
 * decoded text (an entity "&amp;" is an event of its own with text "&").
 *
 * After the parse a check makes sure the tiling is what it should be
 * (every start tag's bytes "<NAME ...>", every non-empty end tag
 * "</NAME...>", no '<' in text); a part libxml2 reads some other way is
 * refused rather than written back wrong.
 */
#ifndef ANUVAD_XMLEV_H
#define ANUVAD_XMLEV_H

#include <stddef.h>

#include "base/error.h"

typedef enum {
    XEV_START,
    XEV_END,
    XEV_TEXT,
    XEV_OTHER /* XML declaration, comment, PI, CDATA, DOCTYPE */
} xev_type;

typedef struct xev_attr {
    char *name, *value; /* qualified name as written; value decoded */
} xev_attr;

typedef struct xev {
    xev_type type;
    size_t start, end; /* bytes of the part */
    char *name;        /* element name as written ("w:p"), START/END */
    char *text;        /* decoded text (XEV_TEXT), NUL-ended */
    size_t text_len;
    xev_attr *attrs;   /* START */
    size_t n_attrs;
    size_t match;      /* START: index of its END; END: of its START */
} xev;

typedef struct xev_list {
    xev *ev;
    size_t n;
} xev_list;

/* Parse data[0..len) (UTF-8 XML).  `name` names the part in messages:
 * "doc.docx: word/document.xml: line 3: ..." for broken XML. */
int xmlev_read(const char *data, size_t len, const char *name,
               xev_list *out, anv_error *err);
void xmlev_free(xev_list *list);

/* The value of attribute `name` of a START event, or NULL. */
const char *xmlev_attr(const xev *e, const char *name);

/* 1 when the START event is an empty element (<x/>). */
int xmlev_empty(const xev_list *list, size_t i);

#endif
