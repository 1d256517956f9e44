/*
 * tm_matcher.h - THE way anuvad queries a translation memory: exact,
 * in-context and fuzzy matches for a segment, in about a millisecond on a
 * million units.
 *
 * A tm_matcher is a TM (a TMX file, tm.h) seen through its fuzzy index
 * (fuzzy_index.h), for one language pair (default hi-IN -> en-US):
 *
 *   - opening maps TM.tmx.idx, the persistent index beside the TMX, and
 *     does not read the TMX at all when the index is fresh: the index
 *     holds each unit's source, tokens and a payload with the target, the
 *     <seg> XML, tuid, changedate, usagecount and context props;
 *   - when the TMX changed (or there is no index, or it is damaged) the TM
 *     is loaded and the index rebuilt and saved (about 15 s for a million
 *     units, once).  Where the TM's folder is not writable (an installed
 *     default TM) the index goes to $XDG_CACHE_HOME/anuvad/, and if that
 *     fails too it lives in memory for this run: a lookup never fails
 *     because an index cannot be saved;
 *   - translations confirmed since the index was built are in the TM's
 *     journal (TM.tmx.journal, tm.h).  The index records how much of the
 *     journal it holds; opening reads only the records after that and
 *     keeps them as an in-memory *delta*, searched beside the index.  So
 *     confirming a segment never forces a rebuild; saving the TM (which
 *     rewrites the TMX) does, at the next open;
 *   - tm_matcher_add() (a matcher opened with `write`) adds a confirmed
 *     translation to the TM (journaled, fsynced) and to the delta: the very
 *     next lookup finds it.
 *
 * Lookups return every unit scoring >= min (match.h; docs/matching.md):
 * never a false negative, best first (score, then newer changedate, then
 * higher usagecount), at most max.  An identical source is 100, or 101
 * when the caller gives the segment's neighbours and the unit was
 * confirmed with the same ones (its context props, tmx_unit.h).
 *
 * Threads: a tm_matcher is shared; each thread looks up with its own
 * tm_searcher.  tm_matcher_add() may run while other threads look up.
 *
 * Example (error handling shortened):
 *
 *     anv_error err;
 *     tm_matcher *tm = tm_matcher_open("project.tmx", NULL, NULL, &err);
 *     if (!tm)
 *         return fail(&err);
 *     tm_searcher *s = tm_searcher_new(tm, &err);   // one per thread
 *     tm_query q = {.text = "कृपया पृष्ठ 12 देखें।",
 *                   .prev = prev_segment, .next = next_segment,
 *                   .min = 75, .max = 3};
 *     tm_matches r;
 *     if (tm_lookup(s, &q, &r, &err) == ANV_OK)
 *         for (size_t i = 0; i < r.n; i++)
 *             printf("%d%% %s -> %s (%u numbers differ)\n",
 *                    r.match[i].score, r.match[i].source,
 *                    r.match[i].target, r.match[i].cmp.number_mismatches);
 *     tm_searcher_free(s);
 *     tm_matcher_free(tm);
 */
#ifndef ANUVAD_TM_MATCHER_H
#define ANUVAD_TM_MATCHER_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "match/match.h"
#include "match/concordance.h"
#include "base/strbuf.h"
#include "tm/tm.h"

typedef struct tm_matcher tm_matcher;
typedef struct tm_searcher tm_searcher;

/* ---- opening ------------------------------------------------------------- */

typedef struct tm_matcher_opts {
    const char *source_lang;   /* NULL: hi-IN */
    const char *target_lang;   /* NULL: en-US */
    int write;                 /* also open the TM for writing (its lock;
                                  the whole TM is loaded): tm_matcher_add() */
    int create;                /* with write: a missing TMX is a new TM */
    int wait;                  /* with write: wait for another writer */
    int background;            /* with write: when the index is fresh, read
                                  the TMX in a thread; lookups are served
                                  by the index and journal meanwhile, and
                                  the first call that needs the whole TM
                                  (adding, tm_matcher_store) waits for it.
                                  Warnings of that read reach on_warning
                                  then, from the thread that waited. */
    size_t read_up_to;         /* with background: a TM of more units than
                                  this is not read at all until a call
                                  needs its whole store (tm_matcher_load,
                                  tm_matcher_store, tm_matcher_put):
                                  tm_matcher_add and tm_matcher_remove
                                  journal without it.  0: no limit */
    int64_t clock;             /* with write: dates of changes, seconds
                                  since 1970 (tm_set_clock); 0: now */
    const char *author;        /* with write: creationid / changeid of
                                  changes (tm_set_author); NULL: none */
    const char *cache_dir;     /* NULL: paths_cache_dir() */
    /* Warnings from reading the TMX (repaired problems); may be NULL. */
    void (*on_warning)(void *ctx, const char *message);
    /* Progress of a rebuild: what ("reading the TM", "indexing"), done and
     * total (bytes or units; total 0 when unknown); may be NULL.  A
     * reader's rebuild reads and indexes at once, in two threads: it
     * reports "reading the TM" only, from the reading thread. */
    void (*on_progress)(void *ctx, const char *what, uint64_t done,
                        uint64_t total);
    void *ctx;
} tm_matcher_opts;

typedef struct tm_matcher_info {
    int rebuilt;           /* the index was built from the TM this time */
    anv_error why;         /* ... why: missing, built from other files,
                              damaged */
    int damaged;           /* an index file was there but unusable (say
                              so: it was truncated, corrupted, or another
                              version's) */
    int saved;             /* the built index was written to index_path */
    anv_error save_error;  /* else why not (it lives in memory this run) */
    const char *index_path;/* the index used (valid until tm_matcher_free);
                              NULL when it is in memory only */
    size_t units;          /* units that can match */
    size_t journal_units;  /* of which read from the journal (the delta) */
} tm_matcher_info;

/* Open the TM at `path` (TM.tmx) for lookups.  `opts` and `info` may be
 * NULL.  Errors: ANV_ENOTFOUND (no TMX and no journal), ANV_EINVAL (a bad
 * language tag), ANV_EPARSE / ANV_EUTF8 (a broken TMX or journal, when it
 * has to be read), ANV_ELOCKED (write: another writer), ANV_ENOMEM. */
tm_matcher *tm_matcher_open(const char *path, const tm_matcher_opts *opts,
                            tm_matcher_info *info, anv_error *err);
void tm_matcher_free(tm_matcher *tm);

/* The index file name for a TM and language pair: TM.tmx.idx for hi-IN
 * -> en-US, TM.tmx.SRC.TGT.idx (folded tags) for another pair. */
int tm_matcher_index_name(const char *path, const char *source_lang,
                          const char *target_lang, strbuf *out,
                          anv_error *err);

/* Units that can match now (the index's, minus those changed since, plus
 * the delta's). */
size_t tm_matcher_units(tm_matcher *tm);

/* ---- confirming a translation ------------------------------------------- */

/* Add a confirmed translation to the TM (tm_add_in_context: journaled and
 * fsynced before this returns ANV_OK) and make it searchable at once.
 * `prev` and `next` are the source texts of the neighbouring segments
 * ("" at a document edge; both NULL: no context).  *outcome (may be NULL)
 * says whether it was a new unit (TM_ADDED) or the same translation again
 * (TM_MERGED), *id (may be NULL) gets the store's id of the unit, or
 * UINT32_MAX when the store is not read (read_up_to: the journal has the
 * confirm, and the outcome is the index's and journal's view).  Needs a
 * matcher opened with `write`. */
int tm_matcher_add(tm_matcher *tm, const char *source, const char *target,
                   const char *prev, const char *next, tm_outcome *outcome,
                   uint32_t *id, anv_error *err);

/* A concordance hit and its unit's texts, which live as long as the
 * result. */
typedef struct tm_conc_hit {
    const char *source, *target;
    size_t source_len, target_len;
    conc_side side;
    size_t start, end;             /* of the match, in that side's text */
} tm_conc_hit;

typedef struct tm_conc_result {
    tm_conc_hit *hits;             /* newest first, at most o->limit */
    size_t n, total;               /* total: matching hits before the limit */
    strbuf texts;                  /* the hits' texts */
} tm_conc_result;

/* Concordance: conc_search over a writer's store when it is read (or
 * being read: waited for); otherwise, for a reader or a writer that does
 * not read a big TM (read_up_to), the same matching and order over the
 * index and the journal's units, about a second for a million units
 * instead of reading them all (units with the same date may then come in
 * another order for units changed since the index was built). */
int tm_matcher_concordance(tm_matcher *tm, const char *query,
                           const conc_opts *o, tm_conc_result *out,
                           anv_error *err);
void tm_conc_result_release(tm_conc_result *r);

/* Remove the unit holding exactly this translation (tm_remove_pair), as
 * undoing a confirm that added it does; with the store not read, the
 * journal records it and lookups stop finding it at once. */
int tm_matcher_remove(tm_matcher *tm, const char *source, const char *target,
                      anv_error *err);

/* Put a whole unit (another TM's, a colleague's: tm_put, merged as a
 * file TM merges) into the TM and make it searchable at once.  Needs a
 * matcher opened with `write`. */
int tm_matcher_put(tm_matcher *tm, const tmx_unit *u, anv_error *err);

/* The TM store of a matcher opened with `write` (for tm_save, tm_stats
 * ...), else NULL; with `background`, once it is read (waiting for it),
 * NULL when that failed (tm_matcher_load says why).  Changes made through
 * it directly, other than saving, are not seen by lookups until the TM is
 * opened again: use tm_matcher_add(). */
tm_store *tm_matcher_store(tm_matcher *tm);

/* Wait until the TM store of a `background` matcher is read: ANV_OK, or
 * the error of reading it (every later call gives the same).  ANV_OK at
 * once for other matchers. */
int tm_matcher_load(tm_matcher *tm, anv_error *err);

/* 1 when the store of a `write` matcher is in memory (a `background` one
 * may still be reading it, or may never have needed it). */
int tm_matcher_store_loaded(tm_matcher *tm);

/* ---- looking up ------------------------------------------------------------ */

#define TM_MIN_DEFAULT 50
#define TM_MAX_DEFAULT 5
#define TM_MAX_ALL SIZE_MAX

typedef struct tm_query {
    const char *text;      /* the source segment, UTF-8 (NFC'd here) */
    const char *prev;      /* the segments before and after it, for 101 */
    const char *next;      /* matches; both NULL: unknown; "" at an edge */
    int min;               /* lowest score, 1..101; 0: TM_MIN_DEFAULT */
    size_t max;            /* most matches; 0: TM_MAX_DEFAULT;
                              TM_MAX_ALL: all */
    int exhaustive;        /* score every unit, no index (slow; checks) */
} tm_query;

typedef struct tm_match {
    int score;                 /* min .. 101 */
    const char *source;        /* NFC plain text, inline codes as U+FFFC */
    size_t source_len;
    const char *target;        /* likewise */
    size_t target_len;
    const char *source_seg;    /* the <seg> XML (inline codes as elements) */
    size_t source_seg_len;
    const char *target_seg;
    size_t target_seg_len;
    const char *target_lang;   /* the target's tag as the unit writes it */
    const char *tuid;          /* "" when the unit has none */
    int64_t changedate;        /* seconds since 1970; TMX_NO_DATE if none */
    int64_t usagecount;        /* -1 when unknown */
    int from_journal;          /* the unit changed since the index was built */
    /* The comparison with the query (match.h): word edits, minor points,
     * number_mismatches, tag_mismatches and the diff, whose byte ranges
     * are into `source` and tm_matches.query. */
    match_result cmp;
} tm_match;

typedef struct tm_matches {
    const char *query;         /* the query in NFC (what the diffs index) */
    size_t query_len;
    const tm_match *match;     /* best first */
    size_t n;
} tm_matches;

/* One per thread. */
tm_searcher *tm_searcher_new(tm_matcher *tm, anv_error *err);
void tm_searcher_free(tm_searcher *s);

/* The matches for q.  Everything in *out belongs to the searcher and stays
 * valid until its next lookup.  Errors: ANV_EUTF8 (the query or context
 * is not UTF-8), ANV_EINVAL (min out of range), ANV_ENOMEM. */
int tm_lookup(tm_searcher *s, const tm_query *q, tm_matches *out,
              anv_error *err);

/* Whether the TM holds exactly this translation: a unit whose source is
 * `source` (NFC'd here) and whose target is `target` (NFC'd): 1, 0, or an
 * error code.  What a tm_lookup at 100 with the same target would say,
 * at a fraction of its work: nothing is copied, compared again or
 * scored by characters (the session's repair at open asks this of every
 * confirmed segment). */
int tm_searcher_has_pair(tm_searcher *s, const char *source,
                         const char *target, anv_error *err);

#endif
