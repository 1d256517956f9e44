/*
 * tm_pg.c - a TM named by a PostgreSQL URI, for the tm subcommands (see
 * tm.h and store/pgtm.h).
 *
 * Reading: the database is mirrored into a file TM in the cache folder,
 * CACHE/pg-HASH.tmx (HASH of the URI, which is never written anywhere),
 * with the mark of its last read in CACHE/pg-HASH.mark (store_pg_mark:
 * reads go in commit order; the .seq files of schema 1 are not used, so
 * an old copy reads everything once); each run reads only the rows
 * written since, then every reader (lookup, fuzzy index,
 * concordance, stats, export) works on the cache as on any file TM.
 * Writing: tmcli_open() hands out an in-memory TM; tmcli_save() sends its
 * units to the database in one transaction, then syncs the cache.
 */
#include "cli/cli.h"
#include "cli/tm.h"
#include "base/fileio.h"
#include "base/paths.h"
#include "store/pgtm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* CACHE/pg-HASH.tmx in c->path, and the side file with suffix `ext`. */
static int cache_names(tmcli *c, const char *ext, strbuf *side,
                       anv_error *err)
{
    strbuf dir = STRBUF_INIT;
    int rc = paths_cache_dir(&dir, err);
    char name[40];
    snprintf(name, sizeof name, "/pg-%016llx", (unsigned long long)fnv(c->uri));
    strbuf_clear(&c->path);
    strbuf_clear(side);
    if (rc == ANV_OK &&
        (strbuf_append_str(&c->path, dir.data) != ANV_OK ||
         strbuf_append_str(&c->path, name) != ANV_OK ||
         strbuf_append_str(side, c->path.data) != ANV_OK ||
         strbuf_append_str(&c->path, ".tmx") != ANV_OK ||
         strbuf_append_str(side, ext) != ANV_OK))
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    strbuf_release(&dir);
    return rc;
}

/* The first line of a side file into `line` (empty when there is none). */
static int read_line(const char *path, strbuf *line)
{
    strbuf_clear(line);
    FILE *f = fopen(path, "r");
    if (!f)
        return ANV_OK;
    char buf[128];
    int rc = ANV_OK;
    if (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = 0;
        rc = strbuf_append_str(line, buf);
    }
    fclose(f);
    return rc;
}

static int write_line(const char *path, const char *line, anv_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f || fprintf(f, "%s\n", line) < 0 || fclose(f) != 0)
        return anv_error_set(err, ANV_EIO, "%s: cannot write", path);
    return ANV_OK;
}

/* A side file holding a number (CACHE/pg-HASH.pushed): 0 when none. */
static int64_t read_number(const char *path)
{
    strbuf line = STRBUF_INIT;
    int64_t n = read_line(path, &line) == ANV_OK && line.len
                    ? strtoll(line.data, NULL, 10)
                    : 0;
    strbuf_release(&line);
    return n;
}

static int write_number(const char *path, int64_t n, anv_error *err)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)n);
    return write_line(path, buf, err);
}

/* The copy's state file (CACHE/pg-HASH.mark) holds the state of its last
 * read (store_pg_state), whose first number is the mark to read on from. */

/* Pull what was written since the copy's last read into it. */
static int sync_cache(tmcli *c, store_pg *p, anv_error *err)
{
    strbuf dir = STRBUF_INIT, statef = STRBUF_INIT;
    strbuf saved = STRBUF_INIT, now = STRBUF_INIT;
    int rc = paths_cache_dir(&dir, err);
    if (rc == ANV_OK && mkdir(dir.data, 0700) != 0 && errno != EEXIST) {
        char *slash = strrchr(dir.data, '/');   /* the parent may be missing */
        if (slash) {
            *slash = 0;
            mkdir(dir.data, 0700);
            *slash = '/';
        }
        if (mkdir(dir.data, 0700) != 0 && errno != EEXIST)
            rc = anv_error_set(err, ANV_EIO, "%s: %s", dir.data, strerror(errno));
    }
    if (rc == ANV_OK)
        rc = cache_names(c, ".mark", &statef, err);
    int have_copy = rc == ANV_OK && fileio_exists(c->path.data);
    if (rc == ANV_OK && have_copy && read_line(statef.data, &saved) != ANV_OK)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (rc == ANV_OK)
        rc = store_pg_state(p, &now, err);
    if (rc == ANV_OK && have_copy && saved.len && strcmp(saved.data, now.data) == 0)
        goto out;       /* up to date: no need to load the copy */
    tm_open_opts o = {0};
    o.write = 1;
    o.create = 1;
    o.wait = 1;
    tm_store *cache = rc == ANV_OK ? tm_open(c->path.data, &o, err) : NULL;
    if (rc == ANV_OK && !cache)
        rc = err->code;
    int64_t mark = saved.len ? strtoll(saved.data, NULL, 10) : 0;
    size_t n = 0;
    if (rc == ANV_OK)
        rc = store_pg_pull(p, cache, &mark, &now, &n, err);
    if (rc == ANV_OK && (n || tm_is_dirty(cache) || !have_copy))
        rc = tm_save(cache, err);
    /* the state only once the copy holds what was read */
    if (rc == ANV_OK)
        rc = write_line(statef.data, now.data, err);
    tm_free(cache);
out:
    strbuf_release(&dir);
    strbuf_release(&statef);
    strbuf_release(&saved);
    strbuf_release(&now);
    return rc;
}

int tmcli_pg_sync(tmcli *c)
{
    anv_error err;
    anv_error_clear(&err);
    store_pg *p = store_pg_open(c->uri, &err);
    int rc = p ? sync_cache(c, p, &err) : err.code;
    store_pg_free(p);
    if (rc != ANV_OK) {
        cli_fail(&err);
        return -1;
    }
    return 0;
}

int tmcli_save(tmcli *c, tm_store *t, anv_error *err)
{
    if (!c->uri)
        return tm_save(t, err);
    store_pg *p = store_pg_open(c->uri, err);
    if (!p)
        return err->code;
    int rc = store_pg_push(p, t, TMX_NO_DATE, NULL, err);
    if (rc == ANV_OK)
        rc = sync_cache(c, p, err);
    store_pg_free(p);
    return rc;
}

int tmcli_pg_push_pending(tmcli *c, int64_t now)
{
    anv_error err;
    anv_error_clear(&err);
    strbuf mark = STRBUF_INIT;
    int rc = cache_names(c, ".pushed", &mark, &err);
    tm_open_opts o = {0};
    o.wait = 1;
    tm_store *cache = NULL;
    store_pg *p = NULL;
    if (rc == ANV_OK && fileio_exists(mark.data) &&
        !(cache = tm_open(c->path.data, &o, &err)))
        rc = err.code;
    if (rc == ANV_OK && cache && !(p = store_pg_open(c->uri, &err)))
        rc = err.code;
    size_t n = 0;
    if (rc == ANV_OK && cache)
        rc = store_pg_push(p, cache, read_number(mark.data), &n, &err);
    if (rc == ANV_OK)
        rc = write_number(mark.data, now, &err);
    tm_free(cache);
    store_pg_free(p);
    strbuf_release(&mark);
    if (rc != ANV_OK) {
        cli_warn("%s", err.message);
        fprintf(stderr, "(the confirmed translations are safe in the project "
                "and the local copy; they are sent at the next 'anuvad "
                "translate' with this TM)\n");
        return -1;
    }
    if (n)
        fprintf(stderr, "anuvad: %zu translation%s sent to the team TM\n", n,
                n == 1 ? "" : "s");
    return 0;
}

static int64_t clock_now(void)
{
    int64_t t = tmcli_clock();
    return t ? t : (int64_t)time(NULL);
}

int tmcli_pg_session_start(tmcli *c)
{
    anv_error err;
    anv_error_clear(&err);
    strbuf side = STRBUF_INIT;
    int rc = cache_names(c, ".pushed", &side, &err);
    strbuf_release(&side);
    if (rc != ANV_OK) {
        cli_fail(&err);
        return -1;
    }
    int64_t now = clock_now();
    tmcli_pg_push_pending(c, now);
    store_pg *p = store_pg_open(c->uri, &err);
    rc = p ? sync_cache(c, p, &err) : err.code;
    store_pg_free(p);
    if (rc == ANV_OK)
        return 0;
    if (!fileio_exists(c->path.data)) {
        cli_fail(&err);
        return -1;
    }
    cli_warn("%s", err.message);
    fprintf(stderr, "(working on the local copy of the TM; confirmed "
            "translations are sent when the database is back)\n");
    return 0;
}

int tmcli_pg_session_end(tmcli *c)
{
    return tmcli_pg_push_pending(c, clock_now());
}

int64_t tmcli_pg_mark(tmcli *c)
{
    anv_error err;
    strbuf statef = STRBUF_INIT, state = STRBUF_INIT;
    int64_t mark = 0;
    if (cache_names(c, ".mark", &statef, &err) == ANV_OK &&
        read_line(statef.data, &state) == ANV_OK && state.len)
        mark = strtoll(state.data, NULL, 10);
    strbuf_release(&statef);
    strbuf_release(&state);
    return mark;
}
