/*
 * glossary.h - a termbase in memory: entries read from TBX, TSV or CSV.
 *
 * An entry pairs a Hindi term with its English translation and what the
 * file says about it: a note, part of speech, domain, other English
 * terms (synonyms) and a status (preferred, admitted, forbidden).  A TBX
 * concept with several Hindi terms gives one entry per Hindi term, each
 * with the concept's English terms: the first preferred one is the
 * target, the others are synonyms.
 *
 * Formats (told by the file's first bytes and, for CSV, its name):
 *   - TBX v2 (<martif>, TBX-Basic: termEntry/langSet/tig or ntig) and
 *     TBX v3 (<tbx>: conceptEntry/langSec/termSec), read with libxml2
 *     (no entity expansion, no network);
 *   - TSV as OmegaT writes glossaries: source TAB target [TAB comment],
 *     one entry a line, a first line "hi<TAB>en" or "source<TAB>target"
 *     taken as a header;
 *   - CSV with a header naming the columns: source (or hi), target (or
 *     en), and any of comment/note, pos, domain, status.
 *
 *     glossary *g = glossary_new(&err);
 *     glossary_read(g, "terms.tbx", &err);
 *     for (size_t i = 0; i < glossary_count(g); i++)
 *         ... glossary_entry(g, i)->source ...
 *     glossary_free(g);
 */
#ifndef ANUVAD_GLOSSARY_H
#define ANUVAD_GLOSSARY_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"

typedef enum glossary_status {
    GLOSSARY_ADMITTED = 0, /* nothing said */
    GLOSSARY_PREFERRED,
    GLOSSARY_FORBIDDEN     /* a term not to use (TBX deprecated/superseded) */
} glossary_status;

typedef struct glossary_entry {
    const char *source;   /* the Hindi term (NFC) */
    const char *target;   /* its English translation */
    const char *note;     /* or NULL */
    const char *pos;      /* part of speech, or NULL */
    const char *domain;   /* subject field, or NULL */
    const char *synonyms; /* other English terms, "; "-separated, or NULL */
    glossary_status status;
    const char *file;     /* the file it came from */
    long line;            /* its line there */
} glossary_entry;

typedef struct glossary glossary;

glossary *glossary_new(anv_error *err);
void glossary_free(glossary *g);

/* Add the entries of a TBX, TSV or CSV file.  Errors name the file and
 * line: "FILE:LINE: what". */
int glossary_read(glossary *g, const char *path, anv_error *err);

/* Add one entry (strings copied; NULL for what is not known). */
int glossary_add(glossary *g, const glossary_entry *e, anv_error *err);

size_t glossary_count(const glossary *g);
const glossary_entry *glossary_entry_at(const glossary *g, size_t i);

/* ---- writing (glossary_write.c) ---------------------------------------- */

typedef enum glossary_format {
    GLOSSARY_TBX, /* TBX-Basic (TBX v2 martif) */
    GLOSSARY_TSV  /* OmegaT's: source TAB target TAB comment */
} glossary_format;

/* The glossary as a file of format f, appended to out; glossary_read()
 * reads it back to the same entries (TSV: source, target and note). */
int glossary_write(const glossary *g, glossary_format f, strbuf *out,
                   anv_error *err);

#endif
