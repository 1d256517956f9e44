/*
 * format.h - documents in their own formats: the filter API.
 *
 * A *filter* reads a document (HTML, Markdown, SRT, ...) into what a CAT
 * tool needs, and the framework writes it back.  The model is Okapi's:
 * the document is its bytes, cut into
 *
 *     skeleton  unit  skeleton  unit  ...  unit  skeleton
 *
 * where every *unit* (fmt_unit) is a range of the document's bytes that
 * holds translatable text (a paragraph, a heading, a table cell, a title,
 * an alt attribute's value, a subtitle cue) and the *skeleton* is every
 * byte between units, kept as it is.  A unit's text is plain UTF-8 (NFC,
 * entities decoded, line breaks and runs of white space as one space)
 * in which each piece of formatting *inside* the text is one inline-code
 * character (text/icode.h): <b>..</b> becomes the pair {1}..{/1}, <br>
 * the isolated {2/}.  The unit's code table (fmt_unit.codes) keeps each
 * code's original markup, byte for byte ("<a href=\"x\">").  The unit's
 * `map` gives, for every byte of its text, the document offset it came
 * from, so that any piece of the text (a sentence) can be traced back to
 * the document's bytes.  That is what makes an untranslated export
 * identical to the input: the project keeps, for every segment, its raw
 * document bytes and the bytes since the previous segment; with nothing
 * translated it writes exactly those.
 *
 * The project (src/project/) then cuts each unit into sentences with the
 * segmenter; codes that would sit at a segment's edges (a pair wrapping
 * the whole segment, isolated codes before or after the text) go to the
 * layout (icode_trim), codes are renumbered 1.. per segment, and each
 * segment becomes an XLIFF trans-unit with <bpt>/<ept>/<ph>/<it> holding
 * the markup (docs/xliff.md, "Inline codes").  On export a translated
 * segment is written by fmt_render(): its text escaped for the format
 * (fmt_filter.escape: & < > " for HTML), each code char as its markup.
 *
 * ---- Writing a filter ---------------------------------------------------
 *
 * A filter is a const fmt_filter (name, XLIFF datatype, extensions, a
 * content sniff, read, escape) listed in format.c's table.  Its read()
 * gets the document as UTF-8 in doc->data (the framework converted it
 * from the declared encoding and will convert the output back) and adds
 * units with the builder calls, in document order, units never
 * overlapping:
 *
 *     fmt_unit_begin(doc, "title", 0, err);     // context shown to the
 *                                               // translator, flags
 *     fmt_unit_text(doc, start, end, NULL, 0, err);  // doc bytes as text
 *     fmt_unit_text(doc, s, e, "&", 1, err);    // doc bytes s..e ("&amp;")
 *                                               // stand for the text "&"
 *     unsigned id;
 *     fmt_unit_open(doc, s, e, &id, err);       // "<b>" at s..e opens a pair
 *     ...
 *     fmt_unit_close(doc, s, e, id, err);       // "</b>" closes it
 *     fmt_unit_isolated(doc, s, e, err);        // "<br>"
 *     fmt_unit_end(doc, err);
 *
 * Pieces must come in document order and not overlap.  The builder
 * collapses white space (unless FMT_UNIT_KEEP_SPACE), trims the unit to
 * its first and last non-space piece, applies NFC, and drops a unit that
 * has no text but codes and spaces (its bytes stay skeleton).  Literal
 * private-use characters U+E000..U+EBFF in the document are turned into
 * isolated codes holding themselves, so they can never be mistaken for
 * codes.  A unit flagged FMT_UNIT_WHOLE is one segment (an attribute
 * value, a subtitle cue): the segmenter does not cut it.
 *
 * Refusals: a construct the filter cannot keep is ANV_EINVAL with the
 * message "NAME: not supported: WHAT" (doc->name, e.g. "x.pdf: not
 * supported: PDF"), which the CLI prints as "anuvad: x.pdf: not
 * supported: PDF".
 *
 * ---- Containers (DOCX, ODT) ------------------------------------------------
 *
 * A container format has several XML parts.  Its filter sets `container`
 * and implements unpack()/pack(): unpack() lists the parts that carry text
 * (fmt_doc_add_part(doc, "word/document.xml", bytes, len)), read() is then
 * called once per part with doc->part set to the part's index (units
 * belong to the current part), and on export pack() gets the original
 * container bytes and every part rebuilt, and writes the new container.
 * The framework keeps the input in doc->original.  The project keeps one
 * XLIFF <file> per part (anv:part="NAME"), and the original container
 * once, base64, in the first part's <header><skl><internal-file
 * form="base64"> (pretranslate_add_formatted, xliff_project_set_file_part);
 * export (xliff_document_rebuild) rebuilds each part and calls pack().
 * tests/unit/test_formats.c (test_container_parts) has a toy container
 * going through all of it.
 *
 * ---- Encodings ------------------------------------------------------------
 *
 * fmt_doc_open() finds the document's encoding (a BOM, then the filter's
 * declared_encoding hook: <meta charset>, <?xml encoding?>), converts to
 * UTF-8 with ICU and checks that converting back gives the input byte for
 * byte ("not supported: encoding X does not convert back exactly"
 * otherwise).  fmt_doc_encode() converts rebuilt UTF-8 back; characters
 * the encoding lacks become the filter's escape (&#NNNN; in HTML).
 */
#ifndef ANUVAD_FORMAT_H
#define ANUVAD_FORMAT_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "text/icode.h"

/* fmt_doc_open_with() flags */
enum {
    /* DOCX/ODT with tracked changes: read the text as if every change
     * were accepted (insertions are text, deletions are not) instead of
     * refusing the document */
    FMT_ACCEPT_CHANGES = 1u << 0
};

/* fmt_unit.flags */
enum {
    FMT_UNIT_WHOLE = 1u << 0,      /* one segment: do not segment */
    FMT_UNIT_KEEP_SPACE = 1u << 1  /* white space is content (not
                                      collapsed; line breaks still read
                                      as spaces) */
};

/* A translatable unit of a document. */
typedef struct fmt_unit {
    size_t part;            /* the part it belongs to (0 for one-part
                               documents) */
    size_t start, end;      /* its bytes in the part (after trimming) */
    char *text;             /* NFC UTF-8, codes as code chars, NUL-ended */
    size_t len;
    size_t *map;            /* len + 1 entries: the part offset of each
                               byte of text; exact at every character and
                               code char; map[len] == end */
    icode *codes;           /* ids 1..n_codes in order of appearance */
    size_t n_codes;
    const char *context;    /* "title", "alt", "meta description", a cue
                               number ... or NULL (static strings) */
    unsigned flags;
} fmt_unit;

/* One part of a document: all of it for text formats, one XML part of a
 * container. */
typedef struct fmt_part {
    char *name;             /* "" for a one-part document */
    char *data;             /* UTF-8 */
    size_t len;
} fmt_part;

typedef struct fmt_doc fmt_doc;
typedef struct fmt_filter fmt_filter;

struct fmt_filter {
    const char *name;           /* "html": --format NAME */
    const char *datatype;       /* XLIFF datatype: "html", "x-markdown" */
    const char *const *extensions; /* lower case, without dot; NULL-ended */
    /* 1 when the content looks like this format (first bytes). */
    int (*sniff)(const char *data, size_t len);
    /* The encoding the document declares (an IANA name into buf), 1 when
     * found; may be NULL (UTF-8 only). */
    int (*declared_encoding)(const char *data, size_t len, char *buf,
                             size_t size);
    /* Cut doc->parts[doc->part] into units with the builder calls. */
    int (*read)(fmt_doc *doc, anv_error *err);
    /* Append text (no code chars) escaped for the format. */
    int (*escape)(strbuf *out, const char *text, size_t n);
    /* Numeric character reference for characters the output encoding
     * lacks: 1 = &#NNNN; (HTML/XML); 0 = refuse. */
    int char_refs;
    /* The bytes that replace the document's language value (doc->lang_
     * start..lang_end) for target language `tag` ("en-GB"); NULL: the tag
     * as it is.  ODT's value is two attributes (fo:language="en"
     * fo:country="GB"). */
    int (*render_lang)(const char *tag, strbuf *out);
    /* Containers only (else NULL): parts out of / back into the file. */
    int (*unpack)(fmt_doc *doc, const char *data, size_t len,
                  anv_error *err);
    int (*pack)(const char *original, size_t len, const fmt_part *parts,
                size_t n_parts, strbuf *out, anv_error *err);
};

struct fmt_doc {
    const fmt_filter *filter;
    char *name;                 /* for messages */
    char *encoding;             /* the input's encoding, "UTF-8" ... */
    int bom;                    /* UTF-16/32 input had a BOM (kept) */
    fmt_part *parts;
    size_t n_parts, part;       /* `part`: the one read() works on */
    fmt_unit *units;
    size_t n_units, cap_units;
    /* The document's language value (<html lang="hi">: the bytes "hi"),
     * which export replaces with the target language; lang_end == 0:
     * none. In part lang_part. */
    size_t lang_part, lang_start, lang_end;
    struct fmt_builder *b;      /* the unit being built */
    unsigned flags;             /* FMT_ACCEPT_CHANGES ... */
    /* Containers: the input as it was (pack() gets it back on export). */
    char *original;
    size_t original_len;
};

/* ---- finding a filter ------------------------------------------------------ */

/* By name ("html", "xhtml", "markdown", "srt", "vtt", "text"); NULL if
 * unknown. */
const fmt_filter *fmt_filter_by_name(const char *name);

/* By XLIFF datatype ("html"); NULL for "plaintext" and unknown ones. */
const fmt_filter *fmt_filter_by_datatype(const char *datatype);

/* How much of a file's start fmt_detect looks at: a caller may pass just
 * that much (the sniffers and the binary test read no further). */
#define FMT_SNIFF_BYTES 8192

/* By file name and content: the extension first, then a sniff of the
 * first bytes (at most FMT_SNIFF_BYTES of `data` are read).  Returns the filter, or NULL for plain text (the classic
 * text path) — and for things anuvad cannot read, ANV_EINVAL with
 * "not supported: FORMAT" (PDF, .doc, XLSX,
 * ZIP, images, binaries).  *filter is set on success. */
int fmt_detect(const char *path, const char *data, size_t len,
               const fmt_filter **filter, anv_error *err);

/* Names of the filters, for --help: "html, xhtml, markdown, srt, vtt". */
const char *fmt_filter_names(void);

/* ---- reading ---------------------------------------------------------------- */

/* Read a document with `filter` (not NULL): encoding found and converted,
 * units built.  `name` is used in messages. */
fmt_doc *fmt_doc_open(const fmt_filter *filter, const char *name,
                      const char *data, size_t len, anv_error *err);
/* The same with flags (FMT_ACCEPT_CHANGES). */
fmt_doc *fmt_doc_open_with(const fmt_filter *filter, const char *name,
                           const char *data, size_t len, unsigned flags,
                           anv_error *err);
void fmt_doc_free(fmt_doc *doc);

/* Builder calls for filters (see the top of this file).  Offsets are in
 * the current part. */
int fmt_unit_begin(fmt_doc *doc, const char *context, unsigned flags,
                   anv_error *err);
/* Text: the part's bytes [start, end) as they are (text == NULL), or
 * standing for `text` (an entity, a decoded escape). */
int fmt_unit_text(fmt_doc *doc, size_t start, size_t end, const char *text,
                  size_t n, anv_error *err);
int fmt_unit_open(fmt_doc *doc, size_t start, size_t end, unsigned *id,
                  anv_error *err);
int fmt_unit_close(fmt_doc *doc, size_t start, size_t end, unsigned id,
                   anv_error *err);
int fmt_unit_isolated(fmt_doc *doc, size_t start, size_t end,
                      anv_error *err);
/* 1 when the unit being built has no piece yet. */
int fmt_unit_empty(const fmt_doc *doc);
int fmt_unit_end(fmt_doc *doc, anv_error *err);
/* Drop the unit being built (its bytes stay skeleton). */
void fmt_unit_cancel(fmt_doc *doc);

/* A part for container filters' unpack(): the bytes are copied. */
int fmt_doc_add_part(fmt_doc *doc, const char *name, const char *data,
                     size_t len, anv_error *err);

/* ---- writing ------------------------------------------------------------------ */

/* Append segment text with code chars as the format's bytes: text
 * escaped, each code char replaced by its markup from `codes`.  A code
 * char not in the table is ANV_EINVAL. */
int fmt_render(const fmt_filter *f, const char *text, size_t n,
               const icode *codes, size_t n_codes, strbuf *out,
               anv_error *err);

/* Convert rebuilt UTF-8 back into the document's encoding (`encoding`
 * as fmt_doc.encoding; "UTF-8" copies).  Characters the encoding lacks
 * become &#NNNN; when the filter allows it, else ANV_EINVAL. */
int fmt_encode(const fmt_filter *f, const char *encoding, const char *utf8,
               size_t n, strbuf *out, anv_error *err);

#endif
