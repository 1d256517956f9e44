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
    conc_side side;    /* CONC_SOURCE or CONC_TARGET */
    size_t start, end; /* byte offsets of the match in that side's plain
                          text (tm_entry.source / .target) */
} conc_hit;

/* Search; *hits is malloc()ed (free it).  *total gets the number of
 * matching units before the limit (may be NULL). */
int conc_search(const tm_store *t, const char *query, const conc_opts *o,
                conc_hit **hits, size_t *n, size_t *total, anv_error *err);

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
