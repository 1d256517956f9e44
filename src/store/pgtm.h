/*
 * pgtm.h - a translation memory in a PostgreSQL database (libpq).
 *
 * A TM named by a libpq URI (postgresql://... or postgres://...) lives in
 * the database; anuvad keeps a local copy of it as an ordinary file TM in
 * the cache folder (paths_cache_dir()), so lookups, the fuzzy index,
 * concordance, stats and export run on the same code, with the same
 * scores and order, as for a file TM.
 *
 * Schema (created on first use, see pgtm.c): anv_schema(version) and
 * anv_units(ukey, tmx, seq): one row per unit, `tmx` a TMX 1.4b document
 * holding that one <tu> (every tuv, date, prop, note and inline code as
 * TMX markup), `ukey` the md5 of its languages and <seg> contents (the
 * identity a file TM merges on), `seq` a number from anv_change_seq,
 * renewed at every change (the order of changes), `txid` the transaction
 * that wrote the row: a copy reads the rows of the transactions that
 * ended since its last read to catch up (store_pg_pull).
 *
 *     store_pg *p = store_pg_open(uri, &err);
 *     store_pg_push(p, memory_tm, &n, &err);    // one transaction
 *     store_pg_pull(p, cache_tm, &mark, &n, &err);
 *     store_pg_free(p);
 *
 * Only parameterised queries are sent.  Credentials are never put into a
 * message: errors name the URI through store_mask_uri().
 */
#ifndef ANUVAD_STORE_PGTM_H
#define ANUVAD_STORE_PGTM_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "tm/tm.h"

#define STORE_SCHEMA_VERSION 2

typedef struct store_pg store_pg;

/* 1 when `name` is a PostgreSQL URI rather than a file name. */
int store_is_uri(const char *name);

/* The URI with its password (user:PASS@, password=PASS) replaced by ***. */
int store_mask_uri(const char *uri, strbuf *out);

/* Connect and create or migrate the schema (a role that may only read
 * works as long as the schema exists).  Errors: ANV_EIO, one line. */
store_pg *store_pg_open(const char *uri, anv_error *err);
void store_pg_free(store_pg *p);

/* Write every live unit of `t` changed (or created) at or after `since`
 * (TMX_NO_DATE: all) in one transaction: all or nothing.  A unit
 * already in the database (same key) is replaced by the newer one and gets
 * a new change number.  Committed before it returns ANV_OK; then the
 * channel anv_tm is notified. */
int store_pg_push(store_pg *p, tm_store *t, int64_t since, size_t *units,
                  anv_error *err);

/* Reads go by a mark: every row written by a transaction at or after
 * the mark, in whatever order they ended (a long import still open does
 * not hide behind a short write that ended first).  A copy keeps the mark
 * and the state of its last read; mark 0 reads everything. */

/* The state of the database as a read now would see it, a short string
 * that starts with the mark such a read would end at: when it equals
 * the state of the copy's last read, there is nothing new to read. */
int store_pg_state(store_pg *p, strbuf *state, anv_error *err);

/* Call fn for each row written at or after *mark (oldest change first),
 * then set *mark, and *state (may be NULL) to the state seen.  *units
 * (may be NULL) counts the rows. */
typedef int (*store_unit_fn)(void *ctx, const tmx_unit *u, anv_error *err);
int store_pg_pull_each(store_pg *p, store_unit_fn fn, void *ctx,
                       int64_t *mark, strbuf *state, size_t *units,
                       anv_error *err);

/* The same, each row put (tm_put: merged as a file TM merges) into
 * `cache`. */
int store_pg_pull(store_pg *p, tm_store *cache, int64_t *mark,
                  strbuf *state, size_t *units, anv_error *err);

/* Write the one unit `u` (committed, colleagues notified) before
 * returning ANV_OK. */
int store_pg_put(store_pg *p, const tmx_unit *u, anv_error *err);

/* Wait up to `ms` milliseconds for a notification on anv_tm (LISTEN is
 * sent on first use).  Returns 1 when one came, 0 on time out, <0 on
 * error. */
int store_pg_wait(store_pg *p, int ms, anv_error *err);

/* The connection's socket, to wait on it with poll() beside other input
 * (after a first store_pg_wait, which sends LISTEN). */
int store_pg_socket(store_pg *p);

#endif
