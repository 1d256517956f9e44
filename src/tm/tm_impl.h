/*
 * tm_impl.h - inside the TM store; only tm*.c include this.
 *
 * Layout, chosen for a million units in little memory:
 *   units[]  one 24-byte record per unit: tuid, where its tuvs are, meta;
 *   tuvs[]   one 48-byte record per tuv; a unit's tuvs are contiguous.
 *            When a unit changes, its tuvs are copied to the end and the
 *            old records are left behind (dead) until the next open;
 *   metas[]  dates, ids, counts and the extra blob, only for units and
 *            tuvs that have any (a tuv of our own TMX has none);
 *   strings  every text in one arena; authors and languages interned.
 * The exact index is a chained hash table over the plain text of every
 * live tuv (buckets[] + tuv.next), built on first use.
 */
#ifndef ANUVAD_TM_IMPL_H
#define ANUVAD_TM_IMPL_H

#include "base/arena.h"
#include "base/lockfile.h"
#include "base/strbuf.h"
#include "tm/tm.h"
#include "tm/tm_journal.h"

typedef struct tm_meta_rec {
    int64_t creationdate, changedate, lastusagedate, usagecount;
    const char *extra;
    uint32_t extra_len;
    uint32_t creationid, changeid;  /* author pool ids, 0 = none */
} tm_meta_rec;

typedef struct tm_tuv_rec {
    const char *seg, *plain;        /* plain == seg when they are equal */
    uint32_t seg_len, plain_len;
    uint32_t meta;                  /* 1-based index in metas, 0 = none */
    uint32_t hash;                  /* arena_hash(plain) */
    uint32_t next;                  /* 1-based next tuv in the bucket */
    uint32_t unit;                  /* the unit's id */
    uint16_t lang;                  /* language pool id */
    uint8_t has_tags;
} tm_tuv_rec;

typedef struct tm_unit_rec {
    const char *tuid;
    uint32_t first_tuv;
    uint32_t meta;
    uint16_t n_tuvs;
    uint8_t live;
} tm_unit_rec;

struct tm_store {
    char *path;                     /* NULL for a memory TM */
    lockfile *lock;                 /* writers only */
    tm_journal *journal;            /* opened at the first journaled change */
    int writable;
    int dirty;

    arena *strings;
    strpool *langs, *authors;

    tm_unit_rec *units;
    uint32_t n_units, cap_units;
    size_t n_live;
    tm_tuv_rec *tuvs;
    uint32_t n_tuvs, cap_tuvs;
    tm_meta_rec *metas;
    uint32_t n_metas, cap_metas;

    uint32_t *buckets;              /* 1-based tuv indexes; NULL = no index */
    uint32_t n_buckets;             /* a power of two */

    char *src_lang, *tgt_lang;
    uint8_t *src_q, *tgt_q;         /* langtag_match per language id */
    uint32_t n_q;

    int64_t clock;
    uint32_t author;

    /* Which journal is on disk (its ID), and which one the TMX says it
     * already holds (header prop x-anuvad-journal); see tm_journal.h. */
    char journal_id[TM_JOURNAL_ID_LEN + 1];
    char folded_id[TM_JOURNAL_ID_LEN + 1];

    /* Between tm_open(defer_load) and tm_load(): what the load needs. */
    int unloaded;                   /* the TMX and journal not read yet */
    int failed;                     /* tm_load() failed: unusable */
    int jfd;                        /* the journal, open since tm_open */
    char *jpath;
    tm_open_opts load_opts;
    /* told of each change journaled before the load (tm_set_journal_hook) */
    tm_change_fn on_journaled;
    void *journaled_ctx;

    char *hdr_srclang;              /* srclang of the TMX header read */
    strbuf hdr_extra;               /* header props and notes */

    strbuf scratch;                 /* for building units */
};

/* tm_file.c: make the journal ready for records written before the
 * store is read (its torn tail cut, a journal the TMX already holds
 * removed, kept open for tm_load); a no-op once it is open or loaded. */
int tm_journal_ready(tm_store *t, anv_error *err);

/* tm.c */
tm_store *tm_alloc(anv_error *err);
int tm_append(tm_store *t, const tmx_unit *u, uint32_t *id, anv_error *err);
uint32_t tm_find_same(tm_store *t, const tmx_unit *u);     /* UINT32_MAX: none */
int tm_replace(tm_store *t, uint32_t id, const tmx_unit *u, anv_error *err);
/* Give unit `id` (the same content as u) u's metadata (overwrite) or the
 * merge of both. */
int tm_merge_into(tm_store *t, uint32_t id, const tmx_unit *u, int overwrite,
                  anv_error *err);
void tm_kill(tm_store *t, uint32_t id);
int tm_ensure_index(tm_store *t, anv_error *err);
int64_t tm_now(const tm_store *t);
const char *tm_lang_of(const tm_store *t, const tm_tuv_rec *v);
int tm_pair_tuvs(const tm_store *t, uint32_t id, const tm_tuv_rec **src,
                 const tm_tuv_rec **tgt);
/* Build a two-tuv unit of the pair from plain text (into t->scratch). */
int tm_make_pair_unit(tm_store *t, const char *source, const char *target,
                      const char *note, tmx_unit *u, tmx_tuv tuvs[2],
                      long *dropped, anv_error *err);

/* tm.c: open the journal for appending (t->journal), once. */
int tm_journal_open_for(tm_store *t, anv_error *err);
/* tm.c: journal record OP holding unit `u`, for a store not read yet
 * (tm_journal_ready first; the journal hook hears of it). */
int tm_journal_unit(tm_store *t, const char *op, const tmx_unit *u,
                    anv_error *err);
/* tm.c: journal record OP with `old_payload` (may be empty) and then
 * unit `id` (none when id is UINT32_MAX); a no-op unless writable. */
int tm_journal_write(tm_store *t, const char *op, uint32_t id,
                     const char *old_payload, size_t old_len,
                     anv_error *err);
int tm_unit_xml(const tm_store *t, uint32_t id, strbuf *out, anv_error *err);

#endif
