/*
 * concordance.h - find a word or phrase in a TM and show it in context.
 *
 * A concordance search looks for the query in the plain text of every
 * unit of the language pair, on the source side, the target side or both.
 * Matching is case-insensitive (ICU simple case folding, code point by
 * code point, so offsets map back exactly) after NFC, and by default only
 * at word edges: "is" does not find "this", and in Hindi "कर" does not
 * find "करना", because a letter, mark or digit next to the match means the
 * word goes on.  Results come newest first.
 *
 * conc_kwic() lays one hit out key-word-in-context: a fixed-width left
 * context, the match, the right context, measured in terminal columns.
 */
#ifndef ANUVAD_CONCORDANCE_H
#define ANUVAD_CONCORDANCE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "tm/tm.h"

typedef enum { CONC_SOURCE = 1, CONC_TARGET = 2, CONC_BOTH = 3 } conc_side;

typedef struct conc_opts {
    conc_side side;
    int substring;     /* match anywhere, not only at word edges */
    size_t limit;      /* at most this many hits; 0 = no limit */
} conc_opts;

typedef struct conc_hit {
    uint32_t id;       /* the unit (tm_entry_get for its text) */
    uint64_t ref;      /* conc_scan_unit's `ref`; conc_search: the id */
    conc_side side;    /* CONC_SOURCE or CONC_TARGET */
    size_t start, end; /* byte offsets of the match in that side's plain
                          text (tm_entry.source / .target) */
} conc_hit;

/* Search; *hits is malloc()ed (free it).  *total gets the number of
 * matching units before the limit (may be NULL). */
int conc_search(const tm_store *t, const char *query, const conc_opts *o,
                conc_hit **hits, size_t *n, size_t *total, anv_error *err);

/* The same over units handed one at a time (a TM not read whole: the
 * matcher's index and delta, tm_matcher_concordance): conc_scan_new(),
 * conc_scan_unit() for each unit (its id, as conc_search gives it, orders
 * hits of the same date; `ref`, the caller's, comes back in the hit),
 * conc_scan_finish() for the hits, newest first. */
typedef struct conc_scan conc_scan;
conc_scan *conc_scan_new(const char *query, const conc_opts *o,
                         anv_error *err);
int conc_scan_unit(conc_scan *c, uint32_t id, uint64_t ref,
                   const char *source, size_t source_len, const char *target,
                   size_t target_len, int64_t date, anv_error *err);
int conc_scan_finish(conc_scan *c, conc_hit **hits, size_t *n, size_t *total,
                     anv_error *err);
void conc_scan_free(conc_scan *c);

/* Append `text` laid out around [start, end): `width` columns of left
 * context (right-aligned, "…" where cut), the match between `mark_l` and
 * `mark_r`, then up to `width` columns of right context.  Newlines and
 * tabs in the text show as spaces. */
int conc_kwic(strbuf *out, const char *text, size_t len, size_t start,
              size_t end, int width, const char *mark_l, const char *mark_r);

/* Terminal columns of valid UTF-8 s[0..n): combining marks and format
 * characters take none, wide East Asian characters two. */
int conc_columns(const char *s, size_t n);

#endif
