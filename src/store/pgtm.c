/*
 * pgtm.c - a TM in PostgreSQL (see pgtm.h).
 *
 * Connection: PQconnectdb() with the URI as given (password from the URI,
 * PGPASSFILE or the environment, as libpq does).  Schema: created inside
 * a transaction holding an advisory lock, so two first users do not race;
 * anv_schema holds the version and each migration below brings an older
 * database up to STORE_SCHEMA_VERSION.  Writes: one transaction per push,
 * INSERT ... ON CONFLICT (ukey) DO UPDATE, so concurrent writers on many
 * machines neither lose nor duplicate a unit.  Each unit travels as a
 * small TMX document written by tmx_writer and read back by tmx_read, so
 * nothing of the unit is lost on the way.
 */
#include "store/pgtm.h"
#include "tm/tmx_read.h"
#include "tm/tmx_write.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

struct store_pg {
    PGconn *conn;
    strbuf shown;      /* the masked URI, for messages */
    int listening;
};

int store_is_uri(const char *name)
{
    return name && (strncmp(name, "postgresql://", 13) == 0 ||
                    strncmp(name, "postgres://", 11) == 0);
}

int store_mask_uri(const char *uri, strbuf *out)
{
    strbuf_clear(out);
    const char *p = strstr(uri, "://");
    p = p ? p + 3 : uri;
    const char *slash = p + strcspn(p, "/?");
    const char *at = memchr(p, '@', (size_t)(slash - p));
    const char *colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
    if (colon) {
        if (strbuf_append(out, uri, (size_t)(colon + 1 - uri)) != ANV_OK ||
            strbuf_append_str(out, "***") != ANV_OK)
            return ANV_ENOMEM;
        p = at;
    } else {
        p = uri;
    }
    /* password=... among the parameters */
    for (;;) {
        const char *pw = strstr(p, "password=");
        if (!pw) break;
        if (strbuf_append(out, p, (size_t)(pw + 9 - p)) != ANV_OK ||
            strbuf_append_str(out, "***") != ANV_OK)
            return ANV_ENOMEM;
        p = pw + 9 + strcspn(pw + 9, "&");
    }
    return strbuf_append_str(out, p);
}

/* The first line of libpq's message, for one-line errors. */
static int pg_fail(store_pg *p, const char *what, const PGresult *res,
                   anv_error *err)
{
    const char *m = res ? PQresultErrorMessage(res) : PQerrorMessage(p->conn);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    size_t n = strcspn(m ? m : "", "\n");
    if (state && strcmp(state, "42501") == 0)
        return anv_error_set(err, ANV_EIO, "%s: %s: this role may only read "
                             "the TM (%.*s)", p->shown.data, what, (int)n, m);
    return anv_error_set(err, ANV_EIO, "%s: %s: %.*s", p->shown.data, what,
                         (int)n, m ? m : "");
}

static int exec(store_pg *p, const char *sql, int n, const char *const *v,
                anv_error *err)
{
    PGresult *r = PQexecParams(p->conn, sql, n, NULL, v, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    int rc = ANV_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = pg_fail(p, "cannot write", r, err);
    PQclear(r);
    return rc;
}

/* Run a query that returns rows; NULL (and err set) on failure. */
static PGresult *query(store_pg *p, const char *sql, const char *what,
                       anv_error *err)
{
    PGresult *r = PQexec(p->conn, sql);
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        return r;
    pg_fail(p, what, r, err);
    PQclear(r);
    return NULL;
}

/* Migrations: MIGRATIONS[i] brings version i to version i+1. */
static const char *const MIGRATIONS[] = {
    "CREATE SEQUENCE IF NOT EXISTS anv_change_seq;"
    "CREATE TABLE IF NOT EXISTS anv_units ("
    " id bigserial PRIMARY KEY,"
    " ukey text NOT NULL UNIQUE,"
    " tmx text NOT NULL,"
    " seq bigint NOT NULL DEFAULT nextval('anv_change_seq'),"
    " changed timestamptz NOT NULL DEFAULT now());"
    "CREATE INDEX IF NOT EXISTS anv_units_seq ON anv_units (seq);",
    /* 2: the transaction that wrote a row, for reads in commit order */
    "ALTER TABLE anv_units ADD COLUMN IF NOT EXISTS"
    " txid xid8 NOT NULL DEFAULT pg_current_xact_id();"
    "CREATE INDEX IF NOT EXISTS anv_units_txid ON anv_units (txid);",
};

static int schema_version(store_pg *p, int *version, anv_error *err)
{
    PGresult *r = query(p, "SELECT to_regclass('anv_schema') IS NULL",
                        "cannot read the schema", err);
    if (!r)
        return err->code;
    int missing = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    *version = 0;
    if (missing)
        return ANV_OK;
    r = query(p, "SELECT max(version) FROM anv_schema",
              "cannot read the schema", err);
    if (!r)
        return err->code;
    *version = PQgetisnull(r, 0, 0) ? 0 : atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return ANV_OK;
}

static int migrate(store_pg *p, anv_error *err)
{
    int v;
    int rc = schema_version(p, &v, err);
    if (rc != ANV_OK || v == STORE_SCHEMA_VERSION)
        return rc;
    if (v > STORE_SCHEMA_VERSION)
        return anv_error_set(err, ANV_EINVAL, "%s: the TM has schema version "
                             "%d, newer than this anuvad (%d)", p->shown.data,
                             v, STORE_SCHEMA_VERSION);
    if ((rc = exec(p, "BEGIN", 0, NULL, err)) != ANV_OK ||
        (rc = exec(p, "SELECT pg_advisory_xact_lock(4242018)", 0, NULL,
                   err)) != ANV_OK ||
        (rc = exec(p, "CREATE TABLE IF NOT EXISTS anv_schema ("
                   "version int PRIMARY KEY, applied timestamptz NOT NULL "
                   "DEFAULT now())", 0, NULL, err)) != ANV_OK ||
        (rc = schema_version(p, &v, err)) != ANV_OK)
        goto out;
    for (; v < STORE_SCHEMA_VERSION; v++) {
        char num[16];
        snprintf(num, sizeof num, "%d", v + 1);
        const char *vals[1] = {num};
        PGresult *r = PQexec(p->conn, MIGRATIONS[v]);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            rc = pg_fail(p, "cannot create the schema", r, err);
            PQclear(r);
            goto out;
        }
        PQclear(r);
        if ((rc = exec(p, "INSERT INTO anv_schema (version) VALUES ($1::int)",
                       1, vals, err)) != ANV_OK)
            goto out;
    }
    return exec(p, "COMMIT", 0, NULL, err);
out:
    PQclear(PQexec(p->conn, "ROLLBACK"));
    return rc;
}

store_pg *store_pg_open(const char *uri, anv_error *err)
{
    store_pg *p = calloc(1, sizeof *p);
    if (!p) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    if (store_mask_uri(uri, &p->shown) != ANV_OK) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        store_pg_free(p);
        return NULL;
    }
    p->conn = PQconnectdb(uri);
    if (PQstatus(p->conn) != CONNECTION_OK) {
        const char *m = PQerrorMessage(p->conn);
        /* libpq's text may repeat the connection string: keep only the
         * reason after the last "failed: " */
        const char *why = m, *f;
        while ((f = strstr(why, "failed: ")) != NULL)
            why = f + 8;
        size_t n = strcspn(why, "\n");
        anv_error_set(err, ANV_EIO, "%s: cannot connect: %.*s",
                      p->shown.data, (int)n, why);
        store_pg_free(p);
        return NULL;
    }
    PQclear(PQexec(p->conn, "SET client_min_messages = warning"));
    if (migrate(p, err) != ANV_OK) {
        store_pg_free(p);
        return NULL;
    }
    return p;
}

void store_pg_free(store_pg *p)
{
    if (!p)
        return;
    if (p->conn)
        PQfinish(p->conn);
    strbuf_release(&p->shown);
    free(p);
}

/* The identity of a unit: its languages and <seg> contents. */
static int unit_key(const tmx_unit *u, strbuf *key)
{
    strbuf_clear(key);
    for (size_t i = 0; i < u->n_tuvs; i++) {
        const tmx_tuv *v = &u->tuvs[i];
        if (strbuf_append_str(key, v->lang) != ANV_OK ||
            strbuf_append_char(key, '\x1f') != ANV_OK ||
            strbuf_append(key, v->seg, v->seg_len) != ANV_OK ||
            strbuf_append_char(key, '\x1e') != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

static int unit_tmx(const tmx_unit *u, strbuf *out, anv_error *err)
{
    tmx_writer *w = tmx_writer_new_memory(err);
    if (!w)
        return err->code;
    tmx_write_header h = {0};
    h.creationdate = TMX_NO_DATE;
    int rc = tmx_writer_begin(w, &h, err);
    if (rc == ANV_OK) rc = tmx_writer_unit(w, u, err);
    if (rc == ANV_OK) rc = tmx_writer_end(w, err);
    if (rc == ANV_OK) {
        size_t len;
        const char *b = tmx_writer_buffer(w, &len);
        strbuf_clear(out);
        rc = strbuf_append(out, b, len);
    }
    tmx_writer_free(w);
    return rc;
}

/* A unit written: inserted, or replacing the row with its key. */
static const char PUT_SQL[] =
    "INSERT INTO anv_units (ukey, tmx) VALUES (md5($1), $2) "
    "ON CONFLICT (ukey) DO UPDATE SET tmx = EXCLUDED.tmx, "
    "seq = nextval('anv_change_seq'), changed = now(), "
    "txid = pg_current_xact_id()";

/* End a write transaction: on success notify colleagues and commit, else
 * roll back.  Returns rc, or the notify's or commit's failure. */
static int end_write(store_pg *p, int rc, anv_error *err)
{
    if (rc == ANV_OK)
        rc = exec(p, "SELECT pg_notify('anv_tm', '')", 0, NULL, err);
    if (rc == ANV_OK)
        rc = exec(p, "COMMIT", 0, NULL, err);
    else if (p->conn)
        PQclear(PQexec(p->conn, "ROLLBACK"));
    return rc;
}

int store_pg_put(store_pg *p, const tmx_unit *u, anv_error *err)
{
    strbuf key = STRBUF_INIT, doc = STRBUF_INIT;
    int rc = unit_key(u, &key);
    if (rc == ANV_OK)
        rc = unit_tmx(u, &doc, err);
    if (rc == ANV_OK)
        rc = exec(p, "BEGIN", 0, NULL, err);
    if (rc == ANV_OK) {
        const char *vals[2] = {key.data, doc.data};
        rc = end_write(p, exec(p, PUT_SQL, 2, vals, err), err);
    }
    strbuf_release(&key);
    strbuf_release(&doc);
    return rc;
}

int store_pg_push(store_pg *p, tm_store *t, int64_t since, size_t *units,
                  anv_error *err)
{
    strbuf key = STRBUF_INIT, doc = STRBUF_INIT;
    size_t n = 0, cap = 0;
    tmx_tuv *tuvs = NULL;
    int rc = exec(p, "BEGIN", 0, NULL, err);
    PGresult *prep = NULL;
    if (rc == ANV_OK) {
        prep = PQprepare(p->conn, "anv_put", PUT_SQL, 2, NULL);
        if (PQresultStatus(prep) != PGRES_COMMAND_OK)
            rc = pg_fail(p, "cannot write", prep, err);
        PQclear(prep);
    }
    for (uint32_t id = 0; rc == ANV_OK && id < tm_id_limit(t); id++) {
        tmx_unit u;
        size_t k;
        if (tm_unit_get_grow(t, id, &u, &tuvs, &cap, &k) != ANV_OK) {
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
            break;
        }
        int64_t when = u.meta.changedate != TMX_NO_DATE ? u.meta.changedate
                                                        : u.meta.creationdate;
        if (k == 0 || (since != TMX_NO_DATE && when != TMX_NO_DATE &&
                       when < since))
            continue;
        if ((rc = unit_key(&u, &key)) != ANV_OK ||
            (rc = unit_tmx(&u, &doc, err)) != ANV_OK)
            break;
        const char *vals[2] = {key.data, doc.data};
        PGresult *r = PQexecPrepared(p->conn, "anv_put", 2, vals, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = pg_fail(p, "cannot write", r, err);
        PQclear(r);
        n++;
    }
    rc = end_write(p, rc, err);
    PQclear(PQexec(p->conn, "DEALLOCATE anv_put"));
    free(tuvs);
    strbuf_release(&key);
    strbuf_release(&doc);
    if (units)
        *units = rc == ANV_OK ? n : 0;
    return rc;
}

typedef struct pull_ctx {
    store_unit_fn fn;
    void *ctx;
    size_t n;
} pull_ctx;

static int pull_unit(void *ctx, const tmx_unit *u, anv_error *err)
{
    pull_ctx *pc = ctx;
    pc->n++;
    return pc->fn(pc->ctx, u, err);
}

/* The snapshot's oldest running transaction, and what can be seen of
 * the rows written at or after it: "XMIN ROWS MAXSEQ SUMSEQ". */
#define STATE_SQL                                                          \
    "snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS x), "      \
    "st AS (SELECT snap.x::text || ' ' || count(u.seq) || ' ' || "        \
    "coalesce(max(u.seq), 0) || ' ' || coalesce(sum(u.seq), 0) AS s "      \
    "FROM snap LEFT JOIN anv_units u ON u.txid >= snap.x GROUP BY snap.x) "

int store_pg_state(store_pg *p, strbuf *state, anv_error *err)
{
    PGresult *r = query(p, "WITH " STATE_SQL "SELECT s FROM st",
                        "cannot read", err);
    if (!r)
        return err->code;
    strbuf_clear(state);
    int rc = strbuf_append_str(state, PQgetvalue(r, 0, 0)) == ANV_OK
                 ? ANV_OK
                 : anv_error_set(err, ANV_ENOMEM, "out of memory");
    PQclear(r);
    return rc;
}

int store_pg_pull_each(store_pg *p, store_unit_fn fn, void *ctx,
                       int64_t *mark, strbuf *state, size_t *units,
                       anv_error *err)
{
    /* Rows are read by the transaction that wrote them, not by their
     * change number: numbers are taken when a row is written, so a long
     * import still open holds lower numbers than a short write that
     * commits after it started, and a reader going by numbers would pass
     * the import's by.  A read takes every row it can see written by a
     * transaction at or after *mark, then sets *mark to the oldest
     * transaction running at its snapshot: what it could not see has an
     * id at or above that and comes with the next read.  Rows of
     * transactions that ended while an older one runs are read again
     * until that one ends; putting a unit twice merges it with itself.
     * One statement, so the rows, the new mark and the state are of one
     * snapshot. */
    char from[24];
    snprintf(from, sizeof from, "%lld", (long long)*mark);
    const char *vals[1] = {from};
    PGresult *r = PQexecParams(p->conn,
                               "WITH " STATE_SQL
                               "SELECT u.tmx, st.s FROM st LEFT JOIN "
                               "anv_units u ON u.txid >= $1::text::xid8 "
                               "ORDER BY u.seq",
                               1, NULL, vals, NULL, NULL, 0);
    int rc = ANV_OK;
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1) {
        rc = pg_fail(p, "cannot read", r, err);
        PQclear(r);
        return rc;
    }
    pull_ctx pc = {fn, ctx, 0};
    tmx_read_opts o = {0};
    o.ctx = &pc;
    o.on_unit = pull_unit;
    for (int i = 0; i < PQntuples(r) && rc == ANV_OK; i++)
        if (!PQgetisnull(r, i, 0))
            rc = tmx_read_memory(p->shown.data, PQgetvalue(r, i, 0),
                                 (size_t)PQgetlength(r, i, 0), &o, NULL, err);
    if (rc == ANV_OK) {
        const char *st = PQgetvalue(r, 0, 1);
        *mark = strtoll(st, NULL, 10);
        if (state) {
            strbuf_clear(state);
            if (strbuf_append_str(state, st) != ANV_OK)
                rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        }
    }
    PQclear(r);
    if (units)
        *units = pc.n;
    return rc;
}

static int put_into_tm(void *ctx, const tmx_unit *u, anv_error *err)
{
    return tm_put(ctx, u, NULL, NULL, err);
}

int store_pg_pull(store_pg *p, tm_store *cache, int64_t *mark,
                  strbuf *state, size_t *units, anv_error *err)
{
    return store_pg_pull_each(p, put_into_tm, cache, mark, state, units, err);
}

int store_pg_wait(store_pg *p, int ms, anv_error *err)
{
    if (!p->listening) {
        int rc = exec(p, "LISTEN anv_tm", 0, NULL, err);
        if (rc != ANV_OK)
            return rc;
        p->listening = 1;
    }
    PGnotify *nf;
    for (;;) {
        if (!PQconsumeInput(p->conn))
            return pg_fail(p, "lost the connection", NULL, err);
        if ((nf = PQnotifies(p->conn)) != NULL) {
            PQfreemem(nf);
            while ((nf = PQnotifies(p->conn)) != NULL)
                PQfreemem(nf);
            return 1;
        }
        struct pollfd pfd = {PQsocket(p->conn), POLLIN, 0};
        int k = poll(&pfd, 1, ms);
        if (k <= 0)
            return 0;
        ms = 0;
    }
}

int store_pg_socket(store_pg *p)
{
    return PQsocket(p->conn);
}
