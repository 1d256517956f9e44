/*
 * xliff_internal.h - what the parts of the xliff module share privately.
 *
 * The module is split by job: xliff.c (the model and its edits),
 * xliff_read.c (XLIFF -> model), xliff_write.c (model -> XLIFF, text),
 * xliff_text.c (state names, layout escapes, XML characters).
 * The reader needs two constructors the public API does not offer: a file
 * with any datatype and a unit with the id found in the file.  Nothing
 * outside src/xliff*.c includes this header.
 */
#ifndef ANUVAD_XLIFF_INTERNAL_H
#define ANUVAD_XLIFF_INTERNAL_H

#include "project/xliff.h"

int xliff_project_add_file_full(xliff_project *p, const char *original,
                                const char *source_language,
                                const char *target_language,
                                const char *datatype, anv_error *err);

/* Like xliff_project_add_unit() with an explicit id (NULL = automatic). */
int xliff_project_add_unit_id(xliff_project *p, const char *id,
                              const char *before, const char *source,
                              const char *source_raw, anv_error *err);

/* Another tool's XLIFF, saved in place (xliff_foreign.c). */
typedef struct xliff_foreign xliff_foreign;
/* Keep the file's bytes (data, len) with the project read from them, so
 * that saving changes only the targets; `name` for messages. */
int xliff_foreign_attach(xliff_project *p, const char *data, size_t len,
                         const char *name, anv_error *err);
void xliff_foreign_free(xliff_foreign *f);
/* Why the file cannot be saved in place, or NULL. */
const char *xliff_foreign_problem(const xliff_foreign *f);
/* The file with the changed targets spliced in. */
int xliff_foreign_write(const xliff_project *p, const xliff_foreign *f,
                        strbuf *out, anv_error *err);
void xliff_project_set_foreign(xliff_project *p, xliff_foreign *f);
/* An XLIFF 2 file (data, len) as a project, one unit per <segment>,
 * kept to be saved in place. */
xliff_project *xliff2_read(const char *data, size_t len, const char *name,
                           anv_error *err);
/* Another tool's XLIFF 1.x segmented with <mrk mtype="seg"> (Trados,
 * Okapi): one unit per segment, kept to be saved in place. */
xliff_project *xliff1_seg_read(const char *data, size_t len,
                               const char *name, anv_error *err);
const xliff_foreign *xliff_project_foreign(const xliff_project *p);

/* The unit's length limit (maxwidth, size-unit="char"). */
void xliff_unit_set_max_chars(xliff_project *p, size_t i, unsigned n);

/* 1 when the code point may appear in an XML 1.0 document. */
int xliff_xml_char_ok(unsigned c);

#endif
