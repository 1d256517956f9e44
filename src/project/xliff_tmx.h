/*
 * xliff_tmx.h - a project's confirmed translations as TMX units.
 *
 * What a finished project gives back to translation memory: one two-tuv
 * TMX unit per confirmed trans-unit (state translated, signed-off or
 * final: xliff_state_is_confirmed).  Units without a target, or whose
 * target still needs review (a fuzzy match nobody looked at), never go
 * into a TM: a TM is what later projects trust as 100% matches.
 *
 * Each unit carries:
 *   - the source (<source>, NFC, line breaks as spaces) and the target
 *     (NFC), in the languages of the unit's <file>;
 *   - the neighbours in its document, as props for in-context (101%)
 *     matches: <prop type="x-context-prev"> holds the previous unit's
 *     source, <prop type="x-context-next"> the next one's; both always,
 *     empty at a document edge (docs/xliff.md);
 *   - the notes a person wrote (<note> whose from is not "anuvad"; anuvad's
 *     own notes such as "numbers fixed" are about the project, not the
 *     translation);
 *   - creationdate = changedate and creationid = changeid from the options.
 *
 * Both `anuvad export --tmx` (xliff_project_export_tmx, through the one
 * TMX writer, tmx_write.h) and `anuvad tm import PROJECT.xlf`
 * (tm_import.c, through tm_put) use xliff_project_tmx_units(), so the two
 * give the same units.
 */
#ifndef ANUVAD_XLIFF_TMX_H
#define ANUVAD_XLIFF_TMX_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tm/tmx_unit.h"
#include "project/xliff.h"


typedef struct xliff_tmx_opts {
    int64_t date;           /* creationdate/changedate; TMX_NO_DATE: none */
    const char *author;     /* creationid/changeid; NULL: none */
} xliff_tmx_opts;

typedef struct xliff_tmx_counts {
    size_t units;           /* trans-units in the project */
    size_t confirmed;       /* given out as TMX units */
    size_t unconfirmed;     /* left out: no target, or not confirmed */
    size_t empty;           /* left out: confirmed, but a side is blank */
    long dropped;           /* characters XML forbids, left out */
} xliff_tmx_counts;

/* Called for each confirmed unit, in document order; `index` is the
 * unit's number in the project.  The unit's strings are valid during the
 * call only.  Return ANV_OK to go on. */
typedef int (*xliff_tmx_fn)(void *ctx, const tmx_unit *u, size_t index,
                            anv_error *err);

/* Hand every confirmed unit of `p` to `fn`.  *counts (may be NULL) is
 * filled.  Returns ANV_OK, fn's error, or ANV_ENOMEM. */
int xliff_project_tmx_units(const xliff_project *p, const xliff_tmx_opts *o,
                            xliff_tmx_fn fn, void *ctx,
                            xliff_tmx_counts *counts, anv_error *err);

/* Write the confirmed units as a TMX 1.4b file, atomically ("-" is
 * stdout).  The header's srclang is the files' source language (or
 * "*all*" when the files differ) and its creationdate o->date. */
int xliff_project_export_tmx(const xliff_project *p, const char *path,
                             const xliff_tmx_opts *o,
                             xliff_tmx_counts *counts, anv_error *err);

#endif
