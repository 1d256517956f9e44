/*
 * tmx_unit.h - one translation unit as the TMX reader, writer and the TM
 * store pass it around.
 *
 * A TMX <tu> holds one <tuv> per language.  Everything a unit carries is
 * kept, so that export gives back what import read:
 *   - the well-known attributes (tuid, dates, ids, usagecount) as fields;
 *   - every other attribute, <prop> and <note>, in document order, in an
 *     "extra" blob (see below);
 *   - the content of <seg> as canonical inner XML, inline elements
 *     (bpt ept it ph hi ut sub) included, plus a plain-text form for
 *     matching: NFC, each inline code replaced by TMX_TAG_CHAR (U+FFFC,
 *     OBJECT REPLACEMENT CHARACTER); the text of <hi> stays, the content
 *     of bpt/ept/it/ph/ut (native codes) does not.
 *
 * The structs below are views: their pointers belong to whoever filled
 * them (the reader's buffers during a callback, the store's arena).
 *
 * The extra blob is a sequence of records, strings NUL-terminated (XML
 * text never contains NUL):
 *     'a' NAME VALUE                    another attribute
 *     'p' TYPE LANG O-ENCODING TEXT     a <prop>  (LANG, O-ENCODING may be "")
 *     'n' LANG O-ENCODING TEXT          a <note>
 */
#ifndef ANUVAD_TMX_UNIT_H
#define ANUVAD_TMX_UNIT_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"

/* The placeholder of an inline code in plain text, U+FFFC in UTF-8. */
#define TMX_TAG_CHAR "\xEF\xBF\xBC"
#define TMX_TAG_CHAR_LEN 3

#define TMX_NO_DATE INT64_MIN   /* a date attribute that is absent */
#define TMX_DATE_LEN 16         /* YYYYMMDDThhmmssZ */

typedef struct tmx_meta {
    int64_t creationdate;   /* seconds since 1970-01-01 UTC, or TMX_NO_DATE */
    int64_t changedate;
    int64_t lastusagedate;
    int64_t usagecount;     /* -1 when absent */
    const char *creationid; /* NULL when absent */
    const char *changeid;
    const char *extra;      /* other attributes, props, notes (see above) */
    size_t extra_len;
} tmx_meta;

typedef struct tmx_tuv {
    const char *lang;       /* as written (xml:lang, or lang in TMX 1.1) */
    const char *seg;        /* canonical inner XML of <seg> */
    size_t seg_len;
    const char *plain;      /* NFC text, inline codes as TMX_TAG_CHAR */
    size_t plain_len;
    int has_tags;           /* seg holds inline elements */
    tmx_meta meta;
} tmx_tuv;

typedef struct tmx_unit {
    const char *tuid;       /* NULL when absent */
    tmx_meta meta;
    const tmx_tuv *tuvs;
    size_t n_tuvs;
    long line;              /* line of <tu> in its file, 0 if unknown */
} tmx_unit;

/* The file-level information of a TMX <header>. */
typedef struct tmx_header {
    const char *version;    /* <tmx version>, NULL if absent */
    const char *srclang;    /* may be "*all*"; NULL if absent */
    const char *extra;      /* header attributes, props, notes */
    size_t extra_len;
} tmx_header;

void tmx_meta_init(tmx_meta *m);

/* ---- the extra blob ---------------------------------------------------- */

typedef struct tmx_extra_item {
    char kind;              /* 'a', 'p' or 'n' */
    const char *name;       /* attribute name / prop type; NULL for notes */
    const char *lang;       /* xml:lang of a prop or note, "" if none */
    const char *oencoding;  /* o-encoding of a prop or note, "" if none */
    const char *text;       /* attribute value, prop or note text */
} tmx_extra_item;

/* Next record at *pos; returns 1 and advances, 0 at the end (or on a
 * malformed blob, which the library never produces). */
int tmx_extra_next(const char *blob, size_t len, size_t *pos,
                   tmx_extra_item *out);

int tmx_extra_add_attr(strbuf *b, const char *name, const char *value);
int tmx_extra_add_prop(strbuf *b, const char *type, const char *lang,
                       const char *oencoding, const char *text);
int tmx_extra_add_note(strbuf *b, const char *lang, const char *oencoding,
                       const char *text);

/* 1 when blob `item` (one record, as returned) already occurs in blob. */
int tmx_extra_contains(const char *blob, size_t len,
                       const tmx_extra_item *item);

/* Append the records of `add` that `*b` does not have yet (merging the
 * props and notes of two copies of a unit).  Attributes already present
 * by name are kept as they are; a context pair (below) is added as a
 * pair. */
int tmx_extra_merge(strbuf *b, const char *add, size_t add_len);

/* ---- translation context ---------------------------------------------- */

/* The neighbours a translation was confirmed with (for in-context, 101 %
 * matches) are unit props, one pair per context, the previous segment's
 * source then the next one's ("" at a document edge):
 *     <prop type="x-context-prev">...</prop><prop type="x-context-next">...</prop>
 * A prev or next prop alone is a pair whose other half is "" (export
 * --tmx leaves out the half beyond a document's edge).  OmegaT writes the
 * same as "prev" / "next"; both names are read. */
#define TMX_PROP_CONTEXT_PREV "x-context-prev"
#define TMX_PROP_CONTEXT_NEXT "x-context-next"

/* The next context pair at *pos (a prev prop directly followed by a next
 * prop); returns 1 and sets *prev and *next, 0 at the end. */
int tmx_extra_next_context(const char *blob, size_t len, size_t *pos,
                           const char **prev, const char **next);

/* 1 when the blob holds the context pair (prev, next). */
int tmx_extra_has_context(const char *blob, size_t len, const char *prev,
                          const char *next);

/* Write into `out` the blob with the pair (prev, next) added at the end
 * unless it is there already, keeping only the `keep` most recent pairs
 * (the oldest are dropped; other records stay as they are). */
int tmx_extra_with_context(strbuf *out, const char *blob, size_t len,
                           const char *prev, const char *next, size_t keep);

/* ---- dates -------------------------------------------------------------- */

/* Parse a TMX date: YYYYMMDDThhmmssZ; also accepted (found in the wild):
 * YYYY-MM-DDThh:mm:ssZ, and either without the Z or the time part.
 * Returns 1 and sets *out, or 0 when `s` is not a date. */
int tmx_date_parse(const char *s, int64_t *out);

/* Format as YYYYMMDDThhmmssZ into buf (at least TMX_DATE_LEN + 1 bytes). */
void tmx_date_format(int64_t t, char *buf);

/* ---- text ---------------------------------------------------------------- */

/* 1 for a code point XML 1.0 allows in a document. */
int tmx_xml_char_ok(uint32_t c);

/* Append plain text as the content of a <seg>: XML-escaped, characters XML
 * forbids left out.  Returns the number of characters left out (>= 0) or a
 * negative ANV_E* code.  `s` must be valid UTF-8. */
long tmx_append_seg_text(strbuf *out, const char *s, size_t n);

/* Copy valid UTF-8 `s` to out without the characters XML forbids; returns
 * how many were left out (>= 0) or a negative ANV_E* code. */
long tmx_append_xml_safe(strbuf *out, const char *s, size_t n);

#endif
