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
 * renewed at every change: a copy reads the rows past the last number it
 * has seen to catch up.
 *
 *     store_pg *p = store_pg_open(uri, &err);
 *     store_pg_push(p, memory_tm, &n, &err);    // one transaction
 *     store_pg_pull(p, cache_tm, &last_seq, &n, &err);
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

#define STORE_SCHEMA_VERSION 1

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

/* Put (tm_put) into `cache` every row changed after *last_seq, oldest
 * first, and set *last_seq to the newest seen.  *units may be NULL. */
int store_pg_pull(store_pg *p, tm_store *cache, int64_t *last_seq,
                  size_t *units, anv_error *err);

/* The newest change number in the database (0 when empty): a copy that
 * has seen it has nothing to read. */
int store_pg_last_seq(store_pg *p, int64_t *seq, anv_error *err);

/* Wait up to `ms` milliseconds for a notification on anv_tm (LISTEN is
 * sent on first use).  Returns 1 when one came, 0 on time out, <0 on
 * error. */
int store_pg_wait(store_pg *p, int ms, anv_error *err);

#endif
