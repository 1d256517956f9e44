/*
 * tmx_read.h - streaming TMX reader (TMX 1.1 to 1.4b) on libxml2's
 * xmlTextReader.
 *
 * The file is never loaded whole: the reader walks it node by node and
 * hands each <tu> to a callback as a tmx_unit (tmx_unit.h) whose strings
 * stay valid only during the call.  Memory stays flat whatever the size.
 *
 * Accepted: TMX 1.1 (tuv "lang"), 1.2, 1.3, 1.4, "1.4b" and files without a
 * version; UTF-8 (with or without BOM), UTF-16 LE/BE, UTF-32 and every
 * encoding libxml2 knows by its declaration (ISO-8859-x, us-ascii ...).
 * Inline elements bpt ept it ph hi ut sub are kept as canonical XML;
 * elements TMX does not define inside <seg> (<g>, <x/> ...) become <ph>
 * codes holding the original tag as text, so exports stay valid TMX.
 *
 * Safety: libxml2 runs with XML_PARSE_NONET and without NOENT, DTDLOAD or
 * XINCLUDE: no entity is ever expanded, no DTD or other file is fetched.
 * A document whose DTD declares entities (the "billion laughs" attack) is
 * refused as soon as its DOCTYPE has been read, before any reference.
 * Control characters XML forbids are removed (see xml_clean.h) and
 * reported as one warning.
 *
 * Errors are "FILE:LINE: what is wrong" in the caller's anv_error:
 * malformed XML, bad encodings, and TMX errors (no <tmx> root, a <tuv>
 * without language or <seg>, unpaired <bpt>/<ept>, entity references).
 * With `skip_invalid`, a unit with a TMX error is skipped (and counted)
 * instead of stopping the read; malformed XML always stops it.
 */
#ifndef ANUVAD_TMX_READ_H
#define ANUVAD_TMX_READ_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tm/tmx_unit.h"

typedef struct tmx_read_opts {
    int skip_invalid;      /* skip units with TMX errors instead of failing */
    void *ctx;             /* passed to the callbacks */
    /* Called once, after <header> (or before the first unit when there is
     * no header).  May be NULL.  Returns ANV_OK to go on. */
    int (*on_header)(void *ctx, const tmx_header *h, anv_error *err);
    /* Called for every unit.  Returns ANV_OK to go on; any other value
     * stops the read and is returned by tmx_read_*. */
    int (*on_unit)(void *ctx, const tmx_unit *u, anv_error *err);
    /* Warnings ("FILE:LINE: text"), at most one per kind of problem plus
     * a summary of the repeats at the end.  May be NULL. */
    void (*on_warning)(void *ctx, const char *message);
    /* Progress, every few thousand units: bytes of input read so far.
     * May be NULL. */
    void (*on_progress)(void *ctx, uint64_t bytes, uint64_t units);
} tmx_read_opts;

typedef struct tmx_read_stats {
    uint64_t units;        /* units passed to on_unit */
    uint64_t skipped;      /* units dropped (skip_invalid, or no <tuv>) */
    uint64_t warnings;     /* problems repaired or ignored */
    uint64_t bytes;        /* size of the input */
} tmx_read_stats;

/* Read a TMX file ("-" = stdin).  `stats` may be NULL. */
int tmx_read_file(const char *path, const tmx_read_opts *opts,
                  tmx_read_stats *stats, anv_error *err);

/* Read TMX from memory; `name` is used in messages. */
int tmx_read_memory(const char *name, const char *data, size_t len,
                    const tmx_read_opts *opts, tmx_read_stats *stats,
                    anv_error *err);

/* 1 when the first bytes look like XML (a BOM or '<' after blanks, in
 * UTF-8, UTF-16 or UTF-32): how `tm import` tells TMX from TSV. */
int tmx_sniff(const char *data, size_t len);

#endif
