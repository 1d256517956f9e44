/*
 * tm.h - the translation memory store: a TMX file in memory, kept safe on
 * disk.
 *
 * A tm holds every unit of a TMX with all its languages and metadata (see
 * tmx_unit.h), packed into arenas (1M units of a 385 MB TMX take about
 * 0.9x the file's size in RAM).  Units are named by a stable id: their
 * index in load order (file order, then journal, then additions).  Ids
 * stay valid for the life of the handle; a deleted unit leaves a hole
 * (tm_entry_get() says 0) and ids are never reused.  Strings handed out
 * stay valid until tm_free(), even when a unit is updated or deleted.
 *
 * Durability (see docs/tm.md):
 *   - tm_save() writes a temporary file beside the TMX, fsyncs it, keeps
 *     the old file as TM.tmx.bak and renames the new one into place;
 *   - between saves, tm_add/tm_update/tm_delete on a TM opened for writing
 *     append a record to TM.tmx.journal and fsync it before returning
 *     ANV_OK; opening the TM replays the journal, saving folds it in;
 *   - one writer at a time (flock on TM.tmx.lock); readers never wait.
 *
 * A language pair (default hi-IN -> en-US) decides which <tuv> is the
 * source and which the target for lookups, entries and additions; tags
 * match case-insensitively with region fallback (langtag.h).
 *
 * For the fuzzy index, iterate the pair view:
 *
 *     tm_entry e;
 *     for (uint32_t id = 0; id < tm_id_limit(t); id++)
 *         if (tm_entry_get(t, id, &e))
 *             index_add(ix, id, e.source, e.source_len);
 *
 * and map hits back with tm_entry_get(t, id, &e).
 */
#ifndef ANUVAD_TM_H
#define ANUVAD_TM_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tm/tmx_unit.h"

typedef struct tm_store tm_store;

#define TM_DEFAULT_SOURCE "hi-IN"
#define TM_DEFAULT_TARGET "en-US"

typedef struct tm_open_opts {
    int write;   /* take the writer lock; changes are journaled */
    int create;  /* a missing TMX opens as an empty TM */
    int wait;    /* wait for another writer instead of failing */
    int defer_load; /* take the lock and check the files, but read the TMX
                       and journal only at tm_load() */
    /* Asked before each unit read: 1 stops the read (the open or tm_load
     * fails; the store must be freed).  May be NULL. */
    int (*should_stop)(void *ctx);
    /* Warnings from reading the TMX (repaired problems), may be NULL. */
    void (*on_warning)(void *ctx, const char *message);
    void (*on_progress)(void *ctx, uint64_t bytes, uint64_t units);
    void *ctx;
} tm_open_opts;

/* Open the TM at `path` (a TMX file) and replay its journal.  Errors:
 * ANV_ENOTFOUND (no such TM and not `create`), ANV_ELOCKED (another
 * writer), ANV_EPARSE/ANV_EUTF8 (a broken TMX: "FILE:LINE: what"), ... */
tm_store *tm_open(const char *path, const tm_open_opts *opts, anv_error *err);

/* Read the TMX and replay the journal of a TM opened with defer_load
 * (another thread may do it: nothing else may use the store meanwhile).
 * A no-op when it is loaded; after a failure the store is unusable: free
 * it.  Warnings and progress go to the callbacks given to tm_open(). */
int tm_load(tm_store *t, anv_error *err);

/* An empty TM in memory only (no file, no journal): for tests and tools. */
tm_store *tm_new_memory(anv_error *err);

/* Forget every unit of a memory TM (tm_new_memory), keeping its language
 * pair and its buffers: a scratch store that views one unit at a time
 * through the pair (tm_entry_get), as the fuzzy index's streaming build
 * does.  Ids start at 0 again; strings handed out before are invalid. */
void tm_clear(tm_store *t);

/* Free everything and release the lock.  Unsaved changes that were
 * journaled are safe; they come back at the next open. */
void tm_free(tm_store *t);

const char *tm_path(const tm_store *t);

/* ---- settings ------------------------------------------------------------ */

/* Choose the language pair (tags as given are also what new units get). */
int tm_set_pair(tm_store *t, const char *source_lang, const char *target_lang,
                anv_error *err);
const char *tm_source_lang(const tm_store *t);
const char *tm_target_lang(const tm_store *t);

/* Time used for new dates (seconds since 1970 UTC); 0 = the real clock. */
void tm_set_clock(tm_store *t, int64_t now);

/* creationid/changeid of new and changed units; NULL = none. */
int tm_set_author(tm_store *t, const char *author, anv_error *err);

/* ---- reading ------------------------------------------------------------- */

/* Ids are 0 .. tm_id_limit()-1 (some may be deleted). */
uint32_t tm_id_limit(const tm_store *t);

/* Number of live units. */
size_t tm_count(const tm_store *t);

/* One unit seen through the language pair. */
typedef struct tm_entry {
    uint32_t id;
    const char *source;      /* NFC plain text, inline codes as U+FFFC */
    size_t source_len;
    const char *target;
    size_t target_len;
    const char *source_seg;  /* the <seg> content as XML */
    size_t source_seg_len;
    const char *target_seg;
    size_t target_seg_len;
    const char *source_lang; /* the tags as written in the unit */
    const char *target_lang;
    int64_t changedate;      /* unit's, else target tuv's, else creation;
                                TMX_NO_DATE when there is none */
    int64_t usagecount;      /* -1 when unknown */
    int lang_match;          /* worse of the two tags' langtag_match:
                                3 exact, 2 hi ~ hi-IN, 1 en-US ~ en-GB */
    int has_tags;            /* either side has inline codes */
} tm_entry;

/* 1 and *out filled when unit `id` is live and has both languages of the
 * pair; 0 otherwise.  Pointers stay valid until tm_free(). */
int tm_entry_get(const tm_store *t, uint32_t id, tm_entry *out);

/* The whole unit, every language: fills *out, with up to `max` tuvs in
 * `tuvs`.  Returns the unit's number of tuvs (call again with a bigger
 * array when it is larger than `max`), or 0 when `id` is not live. */
size_t tm_unit_get(const tm_store *t, uint32_t id, tmx_unit *out, tmx_tuv *tuvs,
                   size_t max);

/* The same into *tuvs, an array of *cap tuvs the caller owns (NULL and 0
 * to start; free() it when done), grown as the unit needs.  *n is the
 * unit's number of tuvs, 0 when `id` is not live.  Returns ANV_OK or
 * ANV_ENOMEM. */
int tm_unit_get_grow(const tm_store *t, uint32_t id, tmx_unit *out,
                     tmx_tuv **tuvs, size_t *cap, size_t *n);

/* ---- exact lookup ---------------------------------------------------------- */

typedef struct tm_hit {
    uint32_t id;
    int lang_match;          /* as in tm_entry */
} tm_hit;

/* Units whose source is exactly `text` after NFC (inline codes count as
 * U+FFFC), best first: exact language tags first, then newest changedate,
 * then newest id.  *hits is malloc()ed (free it), *n may be 0. */
int tm_lookup_exact(tm_store *t, const char *text, size_t len, tm_hit **hits,
                    size_t *n, anv_error *err);

/* ---- changing ---------------------------------------------------------------- */

typedef enum {
    TM_ADDED = 1,    /* a new unit */
    TM_MERGED = 2,   /* the same unit was there: dates, counts, notes merged */
    TM_JOURNALED = 3 /* the store is not read yet (defer_load): the journal
                        has it, and reading the store applies it */
} tm_outcome;

/* Add a translation of the pair: plain text, NFC'd and escaped here.
 * Same source and target as an existing unit: that unit's usagecount goes
 * up and its changedate becomes now (TM_MERGED).  Same source, another
 * target: a new unit (both kept; lookups give the newest first).
 * `note` (may be NULL) becomes a <note> of a new unit.  *id gets the
 * unit's id.  Characters XML forbids are left out; *dropped (may be NULL)
 * says how many.  Journaled when the TM is open for writing. */
int tm_add(tm_store *t, const char *source, const char *target, const char *note,
           uint32_t *id, tm_outcome *outcome, long *dropped, anv_error *err);

/* The same, confirmed in context: `prev` and `next` are the source texts
 * of the segments before and after it in its document ("" at an edge).
 * They are kept as a context pair (tmx_unit.h: x-context-prev /
 * x-context-next props), which makes a later lookup with the same
 * neighbours an in-context match (101).  A unit confirmed again in another
 * context keeps both, up to TM_MAX_CONTEXTS (the oldest go first).  With
 * prev and next both NULL this is tm_add(). */
#define TM_MAX_CONTEXTS 8
int tm_add_in_context(tm_store *t, const char *source, const char *target,
                      const char *note, const char *prev, const char *next,
                      uint32_t *id, tm_outcome *outcome, long *dropped,
                      anv_error *err);

/* A store opened with defer_load for writing takes confirms before it is
 * read: tm_add_in_context() then journals the confirm as it is (a "use"
 * record: TM_JOURNALED, *id UINT32_MAX) and tm_load() applies it as it
 * replays the journal, exactly as if the store had been read.  That is
 * how `translate` works with a big TM without reading it (measured:
 * docs/performance.md).  tm_remove_pair() likewise. */

/* Apply a confirm `u` (a source tuv, then a target tuv, as
 * tm_add_in_context makes it): the same translation again (the newest
 * unit with exactly this source and target, plain, in u's languages)
 * counts a use, takes u's changedate and changeid and keeps u's context
 * pair; else u is added (TM_ADDED).  Not journaled: the replay of a
 * journal's "use" records, and tm_add_in_context, call it. */
int tm_use(tm_store *t, const tmx_unit *u, uint32_t *id, tm_outcome *outcome,
           anv_error *err);

/* Remove the unit holding exactly this translation (plain source and
 * target, as tm_add takes them), as undoing a confirm that added it does;
 * nothing when there is none.  Journaled. */
int tm_remove_pair(tm_store *t, const char *source, const char *target,
                   anv_error *err);

/* Put a whole unit (from a TMX or TSV import).  An identical unit (same
 * languages, same text and inline codes) is merged: newest dates, highest
 * usagecount, props and notes of both (TM_MERGED); else it is added.  Not
 * journaled: an import saves when it is done. */
int tm_put(tm_store *t, const tmx_unit *u, uint32_t *id, tm_outcome *outcome,
           anv_error *err);

/* Replace the target text of unit `id` (adding a target tuv if it has
 * none); changedate becomes now.  Journaled. */
int tm_update(tm_store *t, uint32_t id, const char *target, anv_error *err);

/* Delete unit `id`.  Journaled. */
int tm_delete(tm_store *t, uint32_t id, anv_error *err);

/* Add a <note> to the TM's header (kept once; e.g. data attribution). */
int tm_add_header_note(tm_store *t, const char *text, anv_error *err);

/* Add the props and notes of an extra blob (tmx_unit.h) to the header,
 * each once; attribute records are ignored. */
int tm_add_header_extra(tm_store *t, const char *extra, size_t len,
                        anv_error *err);

/* ---- the journal, without the TM ---------------------------------------------- */

/* Called for each unit of each change in a journal: op "put" (the unit as
 * it is now, added or changed), "del" (the unit deleted), "upd" (nth 0:
 * the unit before, nth 1: after) or "use" (a confirm, which tm_use
 * applies).  The unit's strings live for the call. */
typedef int (*tm_change_fn)(void *ctx, const char *op, int nth,
                            const tmx_unit *u, anv_error *err);

/* Read the changes in the journal open as `fd` (TM.tmx.journal, named
 * `path` in messages) whose records end after byte `from`, without
 * loading the TM: how a fuzzy index built earlier catches up with
 * translations confirmed since (tm_matcher.h).  A torn tail is ignored. */
int tm_journal_changes(int fd, const char *path, uint64_t from,
                       tm_change_fn fn, void *ctx, long *records,
                       anv_error *err);

/* Tell `fn` of each change journaled while the store is not read yet (a
 * confirm: op "use"; a removal: "del"), after its record is synced: a
 * caller keeping its own view of the TM (the matcher's delta) keeps it up
 * to date.  An error from fn is returned by the change, which the journal
 * has nonetheless. */
void tm_set_journal_hook(tm_store *t, tm_change_fn fn, void *ctx);

/* ---- saving and exporting -------------------------------------------------------- */

/* Write the TM to its file (temporary file, fsync, rename, TM.tmx.bak)
 * and fold the journal in. */
int tm_save(tm_store *t, anv_error *err);

/* 1 when there are changes that only the journal (or only memory) has. */
int tm_is_dirty(const tm_store *t);

typedef struct tm_export_opts {
    int64_t since;           /* only units changed (or created) at or after
                                this time; TMX_NO_DATE = all */
    int pair_only;           /* only units with both languages of the pair,
                                and only those two tuvs */
} tm_export_opts;

/* Write TMX to `path` ("-" = stdout) atomically; *units gets the number
 * of units written and *dropped the characters left out (may be NULL). */
int tm_export(tm_store *t, const char *path, const tm_export_opts *opts,
              size_t *units, long *dropped, anv_error *err);

/* ---- statistics ------------------------------------------------------------------- */

typedef struct tm_lang_count {
    const char *lang;        /* folded tag: "hi-in" */
    size_t tuvs;
} tm_lang_count;

typedef struct tm_combo_count {
    char *langs;             /* "en-us + fr-ca": folded, sorted */
    size_t units;
} tm_combo_count;

typedef struct tm_stats {
    size_t units, tuvs;
    size_t pair_units;       /* units with both languages of the pair */
    size_t with_tags;        /* pair units with inline codes */
    size_t notes, props;     /* on units and tuvs */
    size_t dup_sources;      /* pair sources with more than one target */
    size_t dup_units;        /* pair units repeating another's source and
                                target exactly */
    int64_t first_date, last_date;  /* oldest creation / newest change */
    tm_lang_count *langs;
    size_t n_langs;
    tm_combo_count *combos;  /* language combinations, most units first */
    size_t n_combos;
    size_t memory;           /* bytes held by the store (approximate) */
} tm_stats;

int tm_stats_compute(tm_store *t, tm_stats *st, anv_error *err);
void tm_stats_release(tm_stats *st);

#endif
