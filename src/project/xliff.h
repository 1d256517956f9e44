/*
 * xliff.h - a translation project in memory, kept as an XLIFF 1.2 file.
 *
 * A project is what `anuvad pretranslate` produces and `anuvad translate`
 * edits: one or more source documents (xliff_file), each cut into segments
 * (xliff_unit, a <trans-unit>) in document order.  A unit has the Hindi
 * source, maybe an English target with its state (new ... final) and how
 * it was obtained (state-qualifier, match quality, anuvad's marks), the TM
 * matches found for it (<alt-trans>) and notes.
 *
 * The project also keeps the document's layout so that the source (or the
 * translation) can be rebuilt byte for byte: every unit carries the text
 * that stood between it and the previous unit (`before`: spaces, line
 * breaks, blank lines, CRLF ...), every file the text after its last unit
 * (`after`) and whether it started with a byte-order mark.  The source
 * text of a unit is NFC with line breaks as spaces (what matching and the
 * translator see); when the document's bytes differ from that, the unit
 * also keeps them (`source_raw`).  docs/xliff.md describes the file format.
 *
 * Units are numbered 0..n-1 across the whole project (the order the
 * translator walks them); xliff_project_unit() gives a read-only view,
 * and every change goes through a function here, so the project stays
 * consistent (join and split keep the layout; a target and its state
 * change together).  Saving is atomic (fileio.h): a crash leaves the old
 * file or the new one.
 *
 *     xliff_project *p = xliff_project_new(&err);
 *     xliff_project_add_file(p, "doc.hi.txt", "hi-IN", "en-US", &err);
 *     xliff_project_add_unit(p, "", "पहला वाक्य।", NULL, &err);
 *     xliff_unit_set_target(p, 0, "The first sentence.",
 *                           XLIFF_STATE_TRANSLATED, XLIFF_QUAL_NONE, -1, 0,
 *                           &err);
 *     xliff_project_save(p, "doc.xlf", &err);
 *     xliff_project_free(p);
 */
#ifndef ANUVAD_XLIFF_H
#define ANUVAD_XLIFF_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "text/icode.h"
#include "text/words.h"

/* The namespace of anuvad's own attributes (prefix "anv"). */
#define XLIFF_ANUVAD_NS "urn:anuvad:xliff:1"

/* Files larger than this are refused when reading (a safety limit). */
#define XLIFF_MAX_BYTES (1024u * 1024u * 1024u)

/* <target state="...">, in the order work progresses.  XLIFF_STATE_NONE
 * means "no target".  A unit is confirmed from XLIFF_STATE_TRANSLATED on. */
typedef enum xliff_state {
    XLIFF_STATE_NONE = 0,
    XLIFF_STATE_NEW,
    XLIFF_STATE_NEEDS_TRANSLATION,
    XLIFF_STATE_NEEDS_ADAPTATION,
    XLIFF_STATE_NEEDS_L10N,
    XLIFF_STATE_NEEDS_REVIEW_TRANSLATION,
    XLIFF_STATE_NEEDS_REVIEW_ADAPTATION,
    XLIFF_STATE_NEEDS_REVIEW_L10N,
    XLIFF_STATE_TRANSLATED,
    XLIFF_STATE_SIGNED_OFF,
    XLIFF_STATE_FINAL,
    XLIFF_STATE_COUNT
} xliff_state;

/* <target state-qualifier="...">: how the target was obtained. */
typedef enum xliff_qualifier {
    XLIFF_QUAL_NONE = 0,
    XLIFF_QUAL_EXACT_MATCH,
    XLIFF_QUAL_FUZZY_MATCH,
    XLIFF_QUAL_ID_MATCH,
    XLIFF_QUAL_LEVERAGED_GLOSSARY,
    XLIFF_QUAL_LEVERAGED_INHERITED, /* a repetition of an earlier unit */
    XLIFF_QUAL_LEVERAGED_MT,
    XLIFF_QUAL_LEVERAGED_REPOSITORY,
    XLIFF_QUAL_LEVERAGED_TM,
    XLIFF_QUAL_MT_SUGGESTION,
    XLIFF_QUAL_REJECTED_GRAMMAR,
    XLIFF_QUAL_REJECTED_INACCURATE,
    XLIFF_QUAL_REJECTED_LENGTH,
    XLIFF_QUAL_REJECTED_SPELLING,
    XLIFF_QUAL_TM_SUGGESTION,
    XLIFF_QUAL_COUNT
} xliff_qualifier;

/* anuvad's marks on a target (anv:marks="..."). */
enum {
    XLIFF_MARK_PROPAGATED = 1u << 0,    /* copied from an identical unit
                                           when that one was confirmed */
    XLIFF_MARK_NUMBERS_FIXED = 1u << 1  /* numbers/dates of a TM match
                                           replaced by the source's */
};

/* One TM match (<alt-trans>). */
typedef struct xliff_match {
    int quality;            /* match-quality, 0..101, or -1 when unknown */
    const char *origin;     /* where it came from (TM file), or NULL */
    const char *source;     /* the TM's source text */
    const char *target;     /* the TM's target text */
    const char *tuid;       /* the TMX tuid, or NULL */
    const char *changedate; /* the TMX changedate (YYYYMMDDThhmmssZ), or NULL */
} xliff_match;

typedef struct xliff_note {
    const char *from; /* who wrote it ("anuvad"), or NULL */
    const char *text;
} xliff_note;

/* A unit as callers see it: read-only; change it with the functions below.
 * Pointers stay valid until the unit is changed, joined or freed. */
typedef struct xliff_unit {
    const char *id;         /* unique in its file (anuvad makes ids
                               unique in the project) */
    size_t file;            /* index of its file */
    const char *before;     /* layout between the previous unit and this */
    const char *source;     /* NFC, line breaks as spaces */
    const char *source_raw; /* the document's bytes, or NULL when == source */
    const char *target;     /* NULL when there is no translation */
    xliff_state state;      /* XLIFF_STATE_NONE exactly when target == NULL */
    xliff_qualifier qualifier;
    int match_quality;      /* of the match the target came from, or -1 */
    unsigned marks;         /* XLIFF_MARK_* */
    const xliff_match *matches;
    size_t n_matches;
    const xliff_note *notes;
    size_t n_notes;
    /* Inline codes: source and target hold one code char per code
     * (text/icode.h); this table holds each code's original markup.
     * Empty for plain-text documents. */
    const icode *codes;
    size_t n_codes;
    /* The file's length limit for the target in characters (XLIFF
     * maxwidth with size-unit="char"), 0 when none. */
    unsigned max_chars;
} xliff_unit;

typedef struct xliff_file {
    const char *original;        /* the source document's name */
    const char *source_language; /* "hi-IN" */
    const char *target_language; /* "en-US" */
    const char *datatype;        /* "plaintext" */
    int bom;                     /* the document started with a UTF-8 BOM */
    const char *after;           /* layout after the last unit */
    int blank_paragraphs;        /* paragraphs end at blank lines (a single
                                    line break is inside one); otherwise
                                    every line is a paragraph */
    size_t first_unit, n_units;  /* its units in the project's numbering */
    /* Documents read by a filter (src/formats/): the encoding to write
     * them back in (NULL: UTF-8), and where the document's language value
     * sits (<html lang="hi">), as a byte range of the first unit's
     * `before` (lang_end == 0: none); export writes the target language
     * there once anything is translated. */
    const char *encoding;
    size_t lang_start, lang_end;
    /* A part of a container document (DOCX, ODT): its name in the
     * container ("word/document.xml"), else NULL.  The parts of one
     * document are consecutive files with the same `original`; the first
     * holds the container's bytes (`container`, written base64 in
     * <header><skl><internal-file>), which export needs to write the
     * container again. */
    const char *part;
    const char *container;
    size_t container_len;
} xliff_file;

typedef struct xliff_project xliff_project;

/* ---- building and reading ------------------------------------------ */

xliff_project *xliff_project_new(anv_error *err);
void xliff_project_free(xliff_project *p);

/* Start a new file; the units added next belong to it.  NULL languages
 * mean the project's defaults (below), else "hi-IN" and "en-US". */
int xliff_project_add_file(xliff_project *p, const char *original,
                           const char *source_language,
                           const char *target_language, anv_error *err);

/* The languages of files added later without languages (such as by
 * xliff_project_add_document): `pretranslate --target-lang en-GB`.  NULL
 * keeps "hi-IN" / "en-US". */
int xliff_project_set_default_languages(xliff_project *p,
                                        const char *source_language,
                                        const char *target_language,
                                        anv_error *err);

/* The TM the project was made with (anv:tm on <xliff>), as recorded:
 * relative to the project's folder (relpath.h) or absolute; NULL when
 * none.  `anuvad translate` uses it when no --tm is given. */
const char *xliff_project_tm(const xliff_project *p);
int xliff_project_set_tm(xliff_project *p, const char *tm, anv_error *err);

/* The glossaries the project was made with (anv:glossaries on <xliff>):
 * paths relative to the project's folder or absolute, separated by '|';
 * NULL when none.  `translate` and `qa` use them when no --glossary is
 * given. */
const char *xliff_project_glossaries(const xliff_project *p);
int xliff_project_set_glossaries(xliff_project *p, const char *list,
                                 anv_error *err);

/* The layout around file `f`'s units: a leading BOM, and the text after
 * the last unit (typically the final newline). */
int xliff_project_set_file_layout(xliff_project *p, size_t f, int bom,
                                  const char *after, anv_error *err);

/* How file f's document was cut into paragraphs: `blank` nonzero when at
 * blank lines (text.h's TEXT_PARA_BLANK), zero for one a line (the
 * default).  Joins use it: they never cross a paragraph's end. */
int xliff_project_set_file_paragraphs(xliff_project *p, size_t f, int blank,
                                      anv_error *err);

/* Append a unit (untranslated) to the last file.  `before` is the layout
 * text since the previous unit (NULL = none), `source` the segment (NFC),
 * `source_raw` its bytes in the document (NULL or equal to `source` when
 * they are the same).  The id is given automatically ("1", "2" ...). */
int xliff_project_add_unit(xliff_project *p, const char *before,
                           const char *source, const char *source_raw,
                           anv_error *err);

/* A segment of a document: its source text (NFC, line breaks as spaces,
 * as text_reader gives it) and its byte range in the document. */
typedef struct xliff_span {
    const char *source;
    size_t start, end;
} xliff_span;

/* Add a whole document as a new file: one unit per span (spans in order,
 * not overlapping), the bytes between them as layout, a leading BOM
 * noted.  Each span's bytes must give its source once line breaks are
 * read as spaces and NFC applied (ANV_EINVAL naming the span if not):
 * that is what lets export rebuild the document byte for byte. */
int xliff_project_add_document(xliff_project *p, const char *original,
                               const char *doc, size_t len,
                               const xliff_span *spans, size_t n,
                               anv_error *err);

/* Give the last added unit its code table (copied).  Its source must
 * hold exactly the codes of the table, each once. */
int xliff_unit_set_codes(xliff_project *p, size_t i, const icode *codes,
                         size_t n, anv_error *err);

/* A document read by a filter: its datatype (the filter's), encoding
 * (NULL = UTF-8) and language value (see xliff_file). */
int xliff_project_set_file_format(xliff_project *p, size_t f,
                                  const char *datatype, const char *encoding,
                                  size_t lang_start, size_t lang_end,
                                  anv_error *err);

/* Make file f a part of a container document: the part's name, and for
 * the first part the container's bytes (copied; NULL for the others). */
int xliff_project_set_file_part(xliff_project *p, size_t f, const char *part,
                                const char *container, size_t len,
                                anv_error *err);

/* Read an XLIFF 1.2 file.  Errors are "FILE:LINE: what" (ANV_EPARSE),
 * ANV_ENOTFOUND / ANV_EIO, or ANV_ELIMIT beyond XLIFF_MAX_BYTES. */
xliff_project *xliff_project_read(const char *path, anv_error *err);

/* 1 when the XLIFF file at `path` was written by anuvad (its first
 * <file>'s header names the tool "anuvad"), 0 when another tool wrote
 * it, negative ANV_E* when it cannot be read.  Reads only up to the first
 * <body>. */
int xliff_written_by_anuvad(const char *path, anv_error *err);

/* The same from memory; `name` is used in messages. */
xliff_project *xliff_project_parse(const char *name, const char *data,
                                   size_t len, anv_error *err);

/* ---- looking ------------------------------------------------------- */

size_t xliff_project_unit_count(const xliff_project *p);
const xliff_unit *xliff_project_unit(const xliff_project *p, size_t i);
size_t xliff_project_file_count(const xliff_project *p);
const xliff_file *xliff_project_file(const xliff_project *p, size_t f);

/* Index of the unit with this id, or xliff_project_unit_count(). */
size_t xliff_project_find_id(const xliff_project *p, const char *id);

/* First unit at or after `from` that is not confirmed, or
 * xliff_project_unit_count() when there is none. */
size_t xliff_project_next_unconfirmed(const xliff_project *p, size_t from);

/* First unit at or after `from` whose source is the same as unit i's
 * (a repetition), or xliff_project_unit_count().  For auto-propagation:
 *     for (j = next_same_source(p, i, i + 1); j < n;
 *          j = next_same_source(p, i, j + 1)) ... */
size_t xliff_project_next_same_source(const xliff_project *p, size_t i,
                                      size_t from);

/* 1 for translated, signed-off and final. */
int xliff_state_is_confirmed(xliff_state s);

/* Units and source words (counted by `ws`, a "hi" word splitter) per
 * state, for one file or for XLIFF_ALL_FILES.  Word counts are cached per
 * unit, so calling this after every edit is cheap. */
#define XLIFF_ALL_FILES ((size_t)-1)
typedef struct xliff_counts {
    size_t units[XLIFF_STATE_COUNT];
    size_t words[XLIFF_STATE_COUNT];
    size_t total_units, total_words;
    size_t confirmed_units, confirmed_words;
} xliff_counts;
int xliff_project_count(xliff_project *p, size_t file, word_splitter *ws,
                        xliff_counts *out, anv_error *err);

/* ---- changing ------------------------------------------------------ */

/* Set (or with target == NULL remove) unit i's translation together with
 * its state, qualifier, match quality (-1 = none) and marks.  A target
 * needs a state other than NONE; NULL needs NONE.  On failure nothing
 * changed. */
int xliff_unit_set_target(xliff_project *p, size_t i, const char *target,
                          xliff_state state, xliff_qualifier qualifier,
                          int match_quality, unsigned marks, anv_error *err);

/* Append a TM match (strings are copied) / drop all of them. */
int xliff_unit_add_match(xliff_project *p, size_t i, const xliff_match *m,
                         anv_error *err);
void xliff_unit_clear_matches(xliff_project *p, size_t i);

/* Append a note ("numbers fixed: 19→21"); `from` may be NULL. */
int xliff_unit_add_note(xliff_project *p, size_t i, const char *from,
                        const char *text, anv_error *err);

/* Join unit i with unit i+1 (same file, same paragraph: a blank line in
 * the layout between them, or any line break when every line is a
 * paragraph, refuses the join with ANV_EINVAL).  The source becomes
 * source(i) + layout between (line breaks as spaces) + source(i+1), the
 * document bytes are kept; targets are joined with a space; the state
 * stays confirmed only when both were; matches are dropped (they matched
 * the halves); notes are kept.  Unit i keeps its id. */
int xliff_project_join(xliff_project *p, size_t i, anv_error *err);

/* Split unit i before byte `offset` of its source (a character boundary
 * inside the text).  Whitespace around the cut becomes layout of the new
 * unit i+1 (which gets a new id and no target), so joining again gives
 * the original back.  A target stays with unit i, as needing review;
 * matches are dropped. */
int xliff_project_split(xliff_project *p, size_t i, size_t offset,
                        anv_error *err);

/* ---- writing ------------------------------------------------------- */

enum {
    /* For OmegaT 3.6's XLIFF filter, which translates the text of
     * <target> and ignores units without one: every unit not confirmed
     * gets a copy of the source as target (state="needs-translation"),
     * its unconfirmed target if any going to a first <alt-trans
     * origin="anuvad:target">; confirmed units get translate="no", so
     * OmegaT leaves them alone.  xliff_project_read() reads a source
     * copy back as "no target". */
    XLIFF_WRITE_FOR_OMEGAT = 1u << 0,
    /* replace the file even when it is read-only (the user said --force) */
    XLIFF_WRITE_REPLACE_READONLY = 1u << 1
};

/* Write the project as XLIFF 1.2 to a stream. */
/* Another tool's XLIFF (its header does not name anuvad): the project
 * keeps the file's bytes, and writing it changes only the <target>s of
 * units whose translation or state changed (xliff_foreign.c). */
int xliff_project_is_foreign(const xliff_project *p);
/* Why such a file cannot be saved in place (several <mrk mtype="seg">
 * in a unit, XLIFF 2 ...), or NULL. */
const char *xliff_project_in_place_problem(const xliff_project *p);

int xliff_project_write(const xliff_project *p, FILE *fp, unsigned flags,
                        anv_error *err);

/* Save atomically (temporary file, fsync, rename); "-" is stdout. */
int xliff_project_save(const xliff_project *p, const char *path,
                       unsigned flags, anv_error *err);

/* Rebuild file f's document into `out`: its layout with, for every unit,
 * the target when `use_targets` and there is one, else the source as it
 * stood in the document.  *kept_source (if not NULL) is the number of
 * units written as source.  A document read by a filter gets its targets
 * written by the filter (text escaped, codes as their markup), the
 * target language in its language attribute when a target was written,
 * and its original encoding back. */
int xliff_file_rebuild(const xliff_project *p, size_t f, int use_targets,
                       strbuf *out, size_t *kept_source, anv_error *err);

/* Documents: a file, or the consecutive parts of one container.  The
 * first file after the document that starts at file f. */
size_t xliff_document_end(const xliff_project *p, size_t f);

/* Rebuild the document that starts at file f, as export writes it: a
 * plain or filtered file as xliff_file_rebuild() with targets; a
 * container's parts rebuilt and packed by its filter with the original
 * container.  *kept_source as there (summed over the parts). */
int xliff_document_rebuild(const xliff_project *p, size_t f, strbuf *out,
                           size_t *kept_source, anv_error *err);

/* The same with the container's filter given (NULL: found by the file's
 * datatype). */
struct fmt_filter;
int xliff_document_rebuild_with(const xliff_project *p, size_t f,
                                const struct fmt_filter *filter, strbuf *out,
                                size_t *kept_source, anv_error *err);

/* ---- names and the layout encoding ------------------------------------ */

const char *xliff_state_name(xliff_state s);         /* "translated" */
const char *xliff_qualifier_name(xliff_qualifier q); /* "fuzzy-match" */
/* Parse a name; 0 on success, -1 if unknown. */
int xliff_state_parse(const char *name, xliff_state *out);
int xliff_qualifier_parse(const char *name, xliff_qualifier *out);

/* Layout text is stored in attributes with backslash escapes, so that no
 * XML processor can change it: \n \r \t \\ and \uXXXX for other control
 * characters (and anything XML cannot hold).  Used for TSV export too. */
int xliff_escape_layout(strbuf *out, const char *s, size_t n);
/* Undo xliff_escape_layout; -1 on a malformed escape (out unchanged). */
int xliff_unescape_layout(strbuf *out, const char *s, size_t n);

#endif
