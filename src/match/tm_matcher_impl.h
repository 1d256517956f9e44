/*
 * tm_matcher_impl.h - inside the TM matcher; only tm_matcher*.c include
 * this.
 *
 *   tm_matcher.c         opening: which index file, fresh or stale, the
 *                        rebuild, the journal catch-up; tm_matcher_add
 *   tm_matcher_delta.c   the payload of a unit, feeding a builder from a
 *                        TM store, the delta (units changed since the
 *                        index was built)
 *   tm_matcher_search.c  searchers and tm_lookup; concordance over the
 *                        index and the delta
 *
 * The delta.  The index is immutable, so a change after it was built is
 * kept beside it: `hidden` lists the index's units that are no longer in
 * the TM as they were (deleted, or replaced by a newer version), and a
 * small TM store in memory holds the units as they are now, with its own
 * in-memory fuzzy index in two parts (sealed and fresh, see the struct),
 * brought up to date lazily, at the next lookup after a change.  A
 * lookup searches them all, drops hidden units and merges.
 * Units are the same when their pair view is (source and target text and
 * <seg> XML), which is how journal records name them.
 *
 * Locking: `lock` is taken for reading by lookups and for writing by
 * changes to the delta and its rebuild.
 */
#ifndef ANUVAD_TM_MATCHER_IMPL_H
#define ANUVAD_TM_MATCHER_IMPL_H

#include <pthread.h>
#include <stdatomic.h>

#include "match/fuzzy_index.h"
#include "base/strbuf.h"
#include "match/tm_matcher.h"

/* More units than this changed since the index was built: rebuilding is
 * cheaper than keeping them in the delta (and is done at open). */
#define TM_DELTA_MAX 20000

/* A unit of an index, decoded.  Strings are NUL-terminated and point
 * into the searcher that read it (valid until its next payload read); a seg that the payload leaves out ("": the plain text
 * itself) is the plain text here.  The source (kept compressed) is read
 * apart, by tm_payload_source(): a context test needs only the payload. */
typedef struct tm_payload {
    const char *source, *target, *tuid, *target_seg, *source_seg,
        *target_lang;
    size_t source_len, target_len, target_seg_len, source_seg_len;
    const char *contexts;      /* prev NUL next NUL ..., n_contexts pairs */
    size_t contexts_len;
} tm_payload;

struct tm_matcher {
    char *path;
    char *src_lang, *tgt_lang;
    tm_store *store;           /* write mode only; with background,
                                  once read */
    /* background: the store being read by `loader` (tm_load), handed to
     * `store` by the first caller that needs it (under load_mutex) */
    tm_store *pending;
    pthread_t loader;
    int loader_running;
    atomic_int stop_loading;   /* set by tm_matcher_free: the read stops */
    int load_rc;
    anv_error load_err;
    strbuf load_warnings;      /* from the loader, NUL after each */
    pthread_mutex_t load_mutex;
    void (*on_warning)(void *ctx, const char *message);
    void (*on_progress)(void *ctx, const char *what, uint64_t done,
                        uint64_t total);
    void *warning_ctx;         /* the caller's ctx for both */
    uint64_t tmx_bytes;        /* the TMX's size at open (progress) */
    int64_t clock;             /* set on the store once it is read */
    char *author;
    fuzzy_index *index;
    strbuf index_path;         /* empty when in memory */
    size_t index_units;

    pthread_rwlock_t lock;
    /* the delta */
    uint32_t *hidden;          /* index unit numbers, sorted */
    size_t n_hidden, cap_hidden;
    tm_store *delta;           /* NULL until the first change */
    /* The delta's own index in two parts, so that a change does not cost
     * a rebuild of every unit in it (a week of confirms with a big TM
     * never saved is thousands: 50 ms a rebuild at 5,000, measured):
     * `delta_index` holds the delta as it was when last sealed, less the
     * units changed since (`changed`, by delta id), which `fresh_index`
     * holds as they are now.  When the changed units outgrow a quarter
     * of the sealed ones, all are sealed again (tm_delta_refresh). */
    fuzzy_index *delta_index;  /* sealed; NULL when it has no units */
    fuzzy_index *fresh_index;  /* NULL when no changed unit is live */
    uint8_t *changed;          /* 1 per delta id changed since sealing */
    size_t changed_cap, n_changed;
    size_t sealed_units;
    int delta_dirty;           /* the indexes must be brought up to date */
    unsigned delta_gen;        /* bumped at each rebuild */
    size_t delta_units;
    fuzzy_searcher *own;       /* finds the index's copies of a unit */
    tm_outcome last_use;       /* of the last confirm applied to the delta */
};

/* tm_matcher_delta.c */

/* Encode the payload of a TM entry (and its unit's tuid and extra). */
int tm_payload_encode(strbuf *out, const tm_entry *e, const char *tuid,
                      const char *extra, size_t extra_len);
/* Decode unit `unit` of searcher fs's index, read through fs (valid until
 * fs reads another payload); 0 when its payload is not one (a damaged
 * index) or cannot be read. */
int tm_payload_decode(fuzzy_searcher *fs, uint32_t unit, tm_payload *out);
/* Fill p->source (and p->source_seg when the payload left it out) with
 * the source of `unit`, decoded by searcher fs of the same index; valid
 * until fs's next call.  0 when out of memory or damaged. */
int tm_payload_source(tm_payload *p, fuzzy_searcher *fs, uint32_t unit);
/* 1 when the payload holds the context pair (prev, next). */
int tm_payload_has_context(const tm_payload *p, const char *prev,
                           const char *next);

/* Reading a TMX for a matcher: its options and the file's size, for the
 * reader's warning and progress callbacks below, whose ctx points to one
 * (or to a struct whose first member is one). */
typedef struct tm_reading {
    const tm_matcher_opts *o;
    uint64_t tmx_bytes;
} tm_reading;
void tm_reading_warning(void *ctx, const char *message);
/* Reports "reading the TM", bytes of tmx_bytes. */
void tm_reading_progress(void *ctx, uint64_t bytes, uint64_t units);

/* Add every unit of the pair in `t` to `b` (progress: "indexing"). */
int tm_feed_store(tm_store *t, fuzzy_builder *b, const tm_matcher_opts *o,
                  anv_error *err);
/* Add every unit of the pair in tm's TMX to `b`, read as a
 * stream: units get the ids a store reading the same file gives them (no
 * journal: its units come as the delta).  Memory: the builder's, not a
 * whole store's besides. */
int tm_feed_tmx(const tm_matcher *tm, fuzzy_builder *b,
                const tm_matcher_opts *o, anv_error *err);

/* The journal's changes after byte `from` into the delta. */
int tm_delta_read_journal(tm_matcher *tm, int fd, const char *path,
                          uint64_t from, anv_error *err);
/* A change read from the journal, or journaled by a store not read yet
 * (tm_set_journal_hook; ctx: the matcher, write lock held): into the
 * delta. */
int tm_delta_journaled(void *ctx, const char *op, int nth, const tmx_unit *u,
                       anv_error *err);
/* Unit `u` is in the TM as it is now (added or changed): into the delta. */
int tm_delta_put(tm_matcher *tm, const tmx_unit *u, anv_error *err);
/* The unit with exactly this translation (plain texts) is gone. */
int tm_delta_forget(tm_matcher *tm, const char *source, const char *target,
                    anv_error *err);
/* Bring the delta's indexes up to date: the changed units' index, or
 * everything sealed again (write lock held). */
int tm_delta_refresh(tm_matcher *tm, anv_error *err);
/* 1 when index unit `unit` is hidden. */
int tm_delta_hides(const tm_matcher *tm, uint32_t unit);
/* 1 when unit `unit` of the sealed delta index was changed since. */
int tm_delta_sealed_hides(const tm_matcher *tm, uint32_t unit);
void tm_delta_free(tm_matcher *tm);

#endif
