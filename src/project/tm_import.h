/*
 * tm_import.h - bringing translations into a TM: TMX files, XLIFF
 * projects, TSV files and pairs of aligned text files.
 *
 * Every unit goes through tm_put(), which merges a unit identical to one
 * already there (same languages, text and inline codes) instead of
 * adding it again.  Nothing is saved here: the caller saves once all files
 * went in, so a file that fails half-way leaves the TM on disk untouched.
 *
 * Formats, told apart by content (tm_import_file):
 *   TMX  any version and encoding tmx_read.h accepts; the file header's
 *        props and notes join the TM header's (attribution travels);
 *   XLIFF  a project (root element <xliff>): its confirmed units, as
 *        xliff_tmx.h makes them; the others count as skipped;
 *   TSV  UTF-8, one unit a line: SOURCE<TAB>TARGET[<TAB>NOTE], in the TM's
 *        language pair; blank lines are ignored, a first line of two
 *        language tags ("hi<TAB>en") or "source<TAB>target" is a header
 *        (tags other than the TM's pair refuse the file).
 * Languages are checked: TMX units without both languages of the TM's
 * pair are counted (other_pair) and named in a warning; in TSV and
 * aligned files the script of each side is checked against the pair's
 * (Hindi: Devanagari, English: Latin): sides swapped in most lines refuse
 * the file, a few lines in another script are a warning.
 * Aligned files (tm_import_pair_files): line n of one is the translation
 * of line n of the other.
 */
#ifndef ANUVAD_TM_IMPORT_H
#define ANUVAD_TM_IMPORT_H

#include <stdint.h>

#include "base/error.h"
#include "tm/tm.h"

typedef struct tm_import_opts {
    int skip_invalid;    /* skip bad units/lines (with a warning) */
    void *ctx;
    void (*on_warning)(void *ctx, const char *message);
    /* bytes of `file` read so far, of `total` (0 if unknown) */
    void (*on_progress)(void *ctx, const char *file, uint64_t bytes,
                        uint64_t total, uint64_t units);
} tm_import_opts;

typedef struct tm_import_counts {
    uint64_t read;       /* units (lines) read */
    uint64_t added;      /* new units */
    uint64_t merged;     /* identical to a unit already there */
    uint64_t skipped;    /* unusable: empty side, invalid (skip_invalid) */
    uint64_t other_pair; /* of read: stored, but without both languages
                            of the TM's pair (TMX), so no match for it */
} tm_import_counts;

/* Import a TMX, XLIFF or TSV file ("-" = stdin); counts are added to
 * *c. */
int tm_import_file(tm_store *t, const char *path, const tm_import_opts *o,
                   tm_import_counts *c, anv_error *err);

/* Import two aligned one-segment-a-line files. */
int tm_import_pair_files(tm_store *t, const char *source_path,
                         const char *target_path, const tm_import_opts *o,
                         tm_import_counts *c, anv_error *err);

#endif
