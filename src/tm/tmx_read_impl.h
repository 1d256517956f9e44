/*
 * tmx_read_impl.h - the TMX reader's state, shared by tmx_read.c (the
 * document, header, units) and tmx_seg.c (the content of <seg>).  Only
 * those two files include it.
 */
#ifndef ANUVAD_TMX_READ_IMPL_H
#define ANUVAD_TMX_READ_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/xmlreader.h>

#include "base/strbuf.h"
#include "tm/tmx_read.h"
#include "base/xml_clean.h"

#define UNIT_BAD 1          /* a TMX error inside one unit */
#define NO_STR SIZE_MAX     /* an absent string offset */
#define PROGRESS_EVERY 4096

enum {
    W_UNKNOWN_ATTR, W_UNKNOWN_ELEMENT, W_FOREIGN_INLINE, W_BAD_DATE,
    W_BAD_NUMBER, W_NO_TUV, W_SKIPPED, W_UDE, W_PROP_TYPE, W_BAD_SEGTYPE,
    W_COMMENT_IN_SEG, W_MAX
};

static const char *const warn_what[W_MAX] = {
    "attributes TMX does not define", "elements TMX does not define",
    "inline elements TMX does not define", "dates that could not be read",
    "numbers that could not be read", "units without <tuv>",
    "invalid units skipped", "<ude> definitions", "<prop> without type",
    "invalid segtype values", "comments or processing instructions in <seg>",
};

typedef struct meta_off {
    int64_t creationdate, changedate, lastusagedate, usagecount;
    size_t creationid, changeid;     /* offsets in scratch, or NO_STR */
    size_t extra, extra_len;
} meta_off;

typedef struct tuv_off {
    size_t lang, seg, seg_len, plain, plain_len;
    int has_tags;
    meta_off meta;
} tuv_off;

/* A bpt seen in the current seg: its i, which flow it belongs to, and
 * whether its ept has come. */
typedef struct pair_mark {
    char *i;
    int flow;
    int closed;
} pair_mark;

/* Names compared on every unit: interned in the reader's dictionary once,
 * then compared by pointer (libxml2 interns every element and attribute
 * name it parses), which profiling showed cheaper than strcmp chains. */
enum {
    N_TU, N_TUV, N_SEG, N_PROP, N_NOTE, N_CREATIONDATE, N_CHANGEDATE,
    N_LASTUSAGEDATE, N_CREATIONID, N_CHANGEID, N_USAGECOUNT, N_TUID,
    N_LANG, N_SEGTYPE, N_MAX
};
static const char *const hot_names[N_MAX] = {
    "tu", "tuv", "seg", "prop", "note", "creationdate", "changedate",
    "lastusagedate", "creationid", "changeid", "usagecount", "tuid",
    "lang", "segtype"};

typedef struct rd {
    xmlTextReaderPtr r;
    const char *nm[N_MAX];  /* hot_names, interned */
    const char *name;
    const tmx_read_opts *opts;
    tmx_read_stats st;
    anv_error *err;
    xml_clean *xc;
    /* libxml2's first error */
    int xml_failed;
    long xml_line;
    char xml_msg[400];
    int header_done;
    int in_unit;
    /* the unit being read */
    long tu_line;
    size_t tuid;
    meta_off tu_meta;
    strbuf scratch, tu_extra, tuv_extra, seg, plain;
    tuv_off *tuvs;
    size_t n_tuvs, cap_tuvs;
    tmx_tuv *views;
    size_t cap_views;
    /* seg serialisation state */
    pair_mark *marks;
    size_t n_marks, cap_marks;
    int flow, flow_counter, code_depth;
    /* header */
    strbuf hdr_extra;
    char *version, *srclang;
    long warn_count[W_MAX];
} rd;

/* tmx_node.c: node access and messages. */
long rd_node_line(rd *d);
/* A TMX error at the current node: returns UNIT_BAD inside a unit (which
 * may then be skipped), ANV_EPARSE outside. */
int rd_unit_error(rd *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rd_warn(rd *d, int kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int rd_xml_error(rd *d);
int rd_next(rd *d);              /* 1, 0 at the end, or an error */
int rd_type(rd *d);
const char *rd_name(rd *d);
const char *rd_value(rd *d);
int rd_is_text(int node_type);
int rd_skip_element(rd *d);
/* Next node inside the element whose start tag was at `depth`: 1 on it,
 * 0 at the element's end tag, or an error (a document that ends inside
 * the element included). */
int rd_next_child(rd *d, int depth);
/* The error for an entity reference at the current node. */
int rd_entity_error(rd *d);
int rd_nomem(rd *d);
int rd_in_list(const char *const *list, const char *s);

/* tmx_seg.c: read a <seg> (the reader is on its start tag) into tv. */
int tmx_read_seg(rd *d, tuv_off *tv);
void tmx_seg_clear_marks(rd *d);

#endif
