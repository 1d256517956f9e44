/*
 * tm_pg.c - a TM named by a PostgreSQL URI, for the tm subcommands (see
 * tm.h and store/pgtm.h).
 *
 * Reading: the database is mirrored into a file TM in the cache folder,
 * CACHE/pg-HASH.tmx (HASH of the URI, which is never written anywhere),
 * with the last change number read in CACHE/pg-HASH.seq; each run reads
 * only the rows changed since, then every reader (lookup, fuzzy index,
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

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Pull the rows past the cache's last change number into it. */
static int sync_cache(tmcli *c, store_pg *p, anv_error *err)
{
    strbuf dir = STRBUF_INIT, seqf = STRBUF_INIT;
    int rc = paths_cache_dir(&dir, err);
    if (rc == ANV_OK && mkdir(dir.data, 0700) != 0 && errno != EEXIST) {
        /* the parent may be missing too */
        strbuf parent = STRBUF_INIT;
        strbuf_append_str(&parent, dir.data);
        char *slash = strrchr(parent.data, '/');
        if (slash) *slash = 0;
        mkdir(parent.data, 0700);
        strbuf_release(&parent);
        if (mkdir(dir.data, 0700) != 0 && errno != EEXIST)
            rc = anv_error_set(err, ANV_EIO, "%s: %s", dir.data, strerror(errno));
    }
    char name[40];
    snprintf(name, sizeof name, "/pg-%016llx", (unsigned long long)fnv(c->uri));
    strbuf_clear(&c->path);
    if (rc == ANV_OK &&
        (strbuf_append_str(&c->path, dir.data) != ANV_OK ||
         strbuf_append_str(&c->path, name) != ANV_OK ||
         strbuf_append_str(&seqf, c->path.data) != ANV_OK ||
         strbuf_append_str(&c->path, ".tmx") != ANV_OK ||
         strbuf_append_str(&seqf, ".seq") != ANV_OK))
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    int64_t last = 0;
    if (rc == ANV_OK) {
        FILE *f = fopen(seqf.data, "r");
        long long v;
        if (f && fscanf(f, "%lld", &v) == 1)
            last = v;
        if (f) fclose(f);
        struct stat st;
        if (stat(c->path.data, &st) != 0)
            last = 0;
    }
    tm_open_opts o = {0};
    o.write = 1;
    o.create = 1;
    o.wait = 1;
    tm_store *cache = rc == ANV_OK ? tm_open(c->path.data, &o, err) : NULL;
    if (rc == ANV_OK && !cache)
        rc = err->code;
    int64_t before = last;
    if (rc == ANV_OK)
        rc = store_pg_pull(p, cache, &last, NULL, err);
    if (rc == ANV_OK && (last != before || tm_is_dirty(cache) ||
                         !fileio_exists(c->path.data)))
        rc = tm_save(cache, err);
    if (rc == ANV_OK && last != before) {
        FILE *f = fopen(seqf.data, "w");
        if (!f || fprintf(f, "%lld\n", (long long)last) < 0 || fclose(f) != 0)
            rc = anv_error_set(err, ANV_EIO, "%s: cannot write", seqf.data);
    }
    tm_free(cache);
    strbuf_release(&dir);
    strbuf_release(&seqf);
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
    int rc = store_pg_push(p, t, NULL, err);
    if (rc == ANV_OK)
        rc = sync_cache(c, p, err);
    store_pg_free(p);
    return rc;
}
