/*
 * fuzzy_index.h - find every TM unit whose fuzzy score (match.h) reaches a
 * threshold, fast, over a million units.
 *
 * The index keeps, for every unit, its NFC source (in SCSU), its tokens
 * (the ids of their folded keys, and where they are in the source apart),
 * and for every word key the sorted list of units holding it.  A search
 * for `query` at `min`:
 *
 *   1. length filter: a unit scoring >= min has W <= Wmax(L), L the
 *      longer word count (match_max_word_edits; below 50 it allows for
 *      the character lift), and W >= |Lq - Lu|, so
 *      only units with word counts in a range can match.  Units are stored
 *      sorted by word count: the range is a range of unit numbers, found
 *      in each posting list by binary search;
 *   2. prefix filter: W >= L - (shared words), so a match shares at least
 *      Lq - Wmax(Lq) of the query's words (as a multiset, numbers as one
 *      class).  Sort the query's word classes rarest first: a unit sharing
 *      that many must hold one of the first Wmax(Lq) + 1, so only their
 *      posting lists make candidates; the common words' lists are read
 *      (if at all) only to count, and drop candidates that can no longer
 *      share enough words (fuzzy_search.c);
 *   3. count filter: for each candidate, the exact multiset overlap, which
 *      must reach L - Wmax(L) for its own L;
 *   4. the word edit distance in a band of width Wmax(L);
 *   5. the full score (match.h) of the survivors.
 * Each step only drops units whose score is provably below min, so the
 * result is exactly the set a brute-force scan gives (the unit tests check
 * it against one).  Results are sorted by score, then higher character
 * similarity, newer changedate, higher usagecount, the caller's id.
 *
 * The index is built once (fuzzy_builder), written to a file beside the TM
 * (TM.tmx.idx), and later mmap()ed: opening checks the file's hash and
 * structure, then uses it in place, but for the units' texts and payloads,
 * read with pread() (fuzzy_file.c says why).  The file records a stamp (size,
 * mtime, inode and a hash of the tail) of the files it was built from;
 * fuzzy_index_load() rebuilds when they changed.
 *
 * A fuzzy_index is immutable and may be shared by threads; each thread
 * searches with its own fuzzy_searcher.
 */
#ifndef ANUVAD_FUZZY_INDEX_H
#define ANUVAD_FUZZY_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "match/match.h"

/* ---- what goes in ------------------------------------------------------- */

typedef struct fuzzy_unit {
    uint64_t id;            /* the caller's id, returned with each match */
    const char *source;     /* UTF-8 source text (NFC-normalised here) */
    size_t source_len;
    int64_t changedate;     /* seconds since 1970; INT64_MIN if unknown */
    int64_t usagecount;     /* -1 if unknown */
    const void *payload;    /* bytes kept for the caller (target, tuid ...), */
    size_t payload_len;     /* returned by fuzzy_index_payload(); may be 0 */
    int source_nfc;         /* 1: the source is valid UTF-8 in NFC already
                               (a TM store's): not checked again */
} fuzzy_unit;

/* ---- staleness ----------------------------------------------------------- */

#define FUZZY_STAMP_FILES 4

typedef struct fuzzy_file_stamp {
    uint64_t exists;       /* 0 when the file was absent */
    uint64_t size;
    int64_t mtime_sec, mtime_nsec;
    uint64_t inode, device;
    uint64_t tail_hash;    /* of the last 64 KiB */
} fuzzy_file_stamp;

typedef struct fuzzy_stamp {
    uint64_t n;
    fuzzy_file_stamp files[FUZZY_STAMP_FILES];
} fuzzy_stamp;

/* The stamp of up to FUZZY_STAMP_FILES files as they are now (a missing
 * file is recorded as absent, not an error). */
int fuzzy_stamp_files(fuzzy_stamp *out, const char *const *paths, size_t n,
                      anv_error *err);

/* The stamp of an open file (named `name` in messages). */
int fuzzy_stamp_fd(int fd, const char *name, fuzzy_file_stamp *out,
                   anv_error *err);

/* 1 when the open file `fd` is the file `old` was taken of, grown only by
 * appending: the same inode and device, at least as long, and the same
 * bytes in the window whose hash `old` recorded (an append-only journal
 * that was cut and rewritten fails this).  A caller that indexed the file
 * up to old->size then only needs to read what follows. */
int fuzzy_stamp_appended(int fd, const fuzzy_file_stamp *old);

/* ---- building ------------------------------------------------------------ */

typedef struct fuzzy_builder fuzzy_builder;
typedef struct fuzzy_index fuzzy_index;

fuzzy_builder *fuzzy_builder_new(anv_error *err);
void fuzzy_builder_free(fuzzy_builder *b);

/* Add a unit (its strings are copied).  ANV_EUTF8 for invalid UTF-8.  A
 * source longer than FUZZY_MAX_TEXT_BYTES is skipped (ANV_OK). */
int fuzzy_builder_add(fuzzy_builder *b, const fuzzy_unit *u, anv_error *err);

size_t fuzzy_builder_units(const fuzzy_builder *b);
/* Units left out for their length. */
size_t fuzzy_builder_skipped(const fuzzy_builder *b);

/* Write the index to `path` atomically (temporary file, fsync, rename),
 * recording `stamp` (may be NULL). */
int fuzzy_builder_write(fuzzy_builder *b, const char *path,
                        const fuzzy_stamp *stamp, anv_error *err);

/* Make an index in memory, without a file. */
int fuzzy_builder_finish(fuzzy_builder *b, fuzzy_index **out,
                         anv_error *err);

/* ---- opening ------------------------------------------------------------- */

/* Map an index file.  ANV_ENOTFOUND when missing, ANV_EPARSE when it is
 * not a sound index of this version (then rebuild it). */
int fuzzy_index_open(const char *path, fuzzy_index **out, anv_error *err);
void fuzzy_index_free(fuzzy_index *idx);

/* Produces the units when the index must be (re)built. */
typedef int (*fuzzy_feed_fn)(void *ctx, fuzzy_builder *b, anv_error *err);

typedef struct fuzzy_load_info {
    int rebuilt;          /* the index was built by calling feed */
    int saved;            /* ... and written to the index path */
    anv_error why;        /* why it was rebuilt (missing, stale, broken) */
    anv_error save_error; /* why it could not be written (then the index
                             lives in memory only) */
} fuzzy_load_info;

/* Open `index_path` when it was built from `files` as they are now;
 * otherwise build it from `feed`, write it (if that fails, keep it in
 * memory and say so in info->save_error) and return it. */
int fuzzy_index_load(const char *index_path, const char *const *files,
                     size_t n_files, fuzzy_feed_fn feed, void *ctx,
                     fuzzy_index **out, fuzzy_load_info *info,
                     anv_error *err);

/* ---- facts about an index ------------------------------------------------ */

size_t fuzzy_index_units(const fuzzy_index *idx);
size_t fuzzy_index_keys(const fuzzy_index *idx);
const fuzzy_stamp *fuzzy_index_stamp(const fuzzy_index *idx);
/* 1 when the file was opened without the whole check, because that same
 * file (INDEX.ok says which) passed it before (fuzzy_file.c). */
int fuzzy_index_trusted(const fuzzy_index *idx);

/* Unit numbers (0 .. units - 1) are the index's own order. */
uint64_t fuzzy_index_id(const fuzzy_index *idx, uint32_t unit);
int64_t fuzzy_index_changedate(const fuzzy_index *idx, uint32_t unit);

/* ---- searching ----------------------------------------------------------- */

typedef struct fuzzy_match {
    uint64_t id;          /* the caller's id */
    uint32_t unit;        /* the index's unit number */
    int score;            /* min .. 101 */
    int chars;            /* character similarity, the first tie-breaker */
    int64_t changedate, usagecount;
} fuzzy_match;

/* The order of results: higher score, then higher character similarity
 * (match.h), then newer changedate, then higher
 * usagecount first (< 0: x first, > 0: y first, 0: a tie, which a search
 * breaks by the caller's id). */
int fuzzy_match_order(const fuzzy_match *x, const fuzzy_match *y);

typedef struct fuzzy_options {
    int min;              /* lowest score wanted, 1 .. 101 */
    size_t max;           /* at most this many matches, the best; 0 = all.
                             It bounds the work: once `max` matches are
                             found, a candidate that cannot reach the
                             max-th best score is not scored */
    /* When not NULL: called for each exact (100) match, with the index's
     * unit number; return 1 when the unit's context equals the query's
     * (the match becomes 101). */
    int (*in_context)(void *ctx, uint32_t unit);
    void *context_ctx;
    int exhaustive;       /* score every unit, no filters (for checks) */
    /* When not NULL: units it returns 1 for are not matches (units the
     * TM changed since the index was built), and do not count for `max`. */
    int (*hidden)(void *ctx, uint32_t unit);
    void *hidden_ctx;
} fuzzy_options;

typedef struct fuzzy_searcher fuzzy_searcher;

fuzzy_searcher *fuzzy_searcher_new(const fuzzy_index *idx, anv_error *err);
void fuzzy_searcher_free(fuzzy_searcher *s);

/* The longest source (in bytes, as given) a fuzzy index takes, and the
 * longest query it searches for.  A segment is a sentence, seldom over
 * 1 KB; a unit or a query past this bound (a whole book on one line, a
 * 200 MB <seg>) is left out of fuzzy matching: indexing it would cost
 * several times its size in memory and on disk for matches no translator
 * could use.  Such units stay in the TM (exports, concordance) and are
 * counted in fuzzy_builder_skipped(). */
#define FUZZY_MAX_TEXT_BYTES (64u * 1024u)

/* Every unit scoring >= opts->min against `query` (UTF-8; NFC-normalised
 * here), best first, at most opts->max.  A query longer than
 * FUZZY_MAX_TEXT_BYTES gets no match.  *matches belongs to the searcher
 * and stays valid until its next search. */
int fuzzy_search(fuzzy_searcher *s, const char *query, size_t len,
                 const fuzzy_options *opts, const fuzzy_match **matches,
                 size_t *n, anv_error *err);

/* The last search's query compared with unit `unit` (an index unit
 * number), diff included: the result matcher_compare() gives for the two
 * texts, from the tokens the search already has (nothing is normalised or
 * tokenized again).  The diff belongs to the searcher and stays valid
 * until its next search or comparison.  Call it only after a successful
 * fuzzy_search().  Returns ANV_OK or ANV_ENOMEM. */
int fuzzy_searcher_compare(fuzzy_searcher *s, uint32_t unit,
                           match_result *out);

/* Unit `unit`'s NFC source (the index keeps it compressed), valid until
 * the searcher's next call; NULL when out of memory or the unit's bytes
 * are damaged.  *len gets its length. */
const char *fuzzy_searcher_source(fuzzy_searcher *s, uint32_t unit,
                                  size_t *len);

/* Unit `unit`'s payload (as the feed gave it), valid until the next call
 * of this function on the searcher; NULL when out of memory or the file
 * cannot be read.  *len gets its length. */
const void *fuzzy_searcher_payload(fuzzy_searcher *s, uint32_t unit,
                                   size_t *len);

/* Count units in blocks of `units` (0: the default, 65,536) instead.  The
 * results never depend on it; tests use small blocks to cover the seams.
 * Returns ANV_OK or ANV_ENOMEM. */
int fuzzy_searcher_set_block(fuzzy_searcher *s, uint32_t units);

#endif
