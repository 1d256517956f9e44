/*
 * tm_file.c - the TM on disk: opening (TMX + journal replay), saving,
 * exporting.  It uses the store (tm.c), never the other way round:
 * writing journal records, which every change in tm.c does, is in tm.c.
 *
 * Journal records carry whole units as TMX <tu> elements, and replaying
 * them is idempotent:
 *   put  TU       make the identical unit have exactly this metadata, or
 *                 add it;
 *   upd  OLD NEW  replace the unit identical to OLD by NEW (or, if OLD is
 *                 gone, make sure NEW is there);
 *   del  TU       delete the unit identical to TU, if any;
 *   use  TU       a confirm, as tm_use() applies it: the same translation
 *                 again counts a use of its unit (date, author, context
 *                 from TU), else TU is added.  Written by a store that is
 *                 not read yet (defer_load), whose confirms cannot be
 *                 merged when they are made: the merge happens here.
 * Records name units by content, never by id.  put, upd and del are
 * idempotent; use is not, and need not be: a journal is only ever
 * replayed onto the TMX it was written against (a save records the ID of
 * the journal it folded in, header prop FOLDED_PROP, and a journal with
 * that ID is skipped), so each record is applied once.
 *
 * Order of operations, which the crash test (tests/unit/test_tm_crash.c)
 * checks at random kill points:
 *   open:  reader: open the journal first, then read the TMX, then replay,
 *          so a save by a writer in between is never half seen;
 *          writer: lock, remove stale temporary files, read, replay and
 *          cut a torn journal tail (with defer_load, tm_open stops after
 *          the lock and the journal's opening, and tm_load does the rest,
 *          from another thread if the caller likes);
 *   save:  write TM.tmx.anuvad.tmp.PID.XXXXXX, fsync, link the old TMX to TM.tmx.bak,
 *          rename over TM.tmx, fsync the folder, then unlink the journal.
 */
#include "tm/tm_impl.h"
#include "base/fileio.h"
#include "text/langtag.h"
#include "tm/tmx_read.h"
#include "tm/tmx_write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NONE UINT32_MAX
#define FOLDED_PROP "x-anuvad-journal"

static int nomem(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

static char *path_with(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    char *p = malloc(n + m + 1);
    if (p) {
        memcpy(p, path, n);
        memcpy(p + n, suffix, m + 1);
    }
    return p;
}

/* ---- replay ---------------------------------------------------------------------- */

typedef struct replay {
    tm_store *t;
    const char *op;
    int nth;              /* unit number within the record */
    uint32_t old_id;      /* upd: the unit matching OLD */
} replay;

static int replay_unit(void *ctx, const tmx_unit *u, anv_error *err)
{
    replay *r = ctx;
    tm_store *t = r->t;
    int nth = r->nth++;
    if (strcmp(r->op, "use") == 0)
        return tm_use(t, u, NULL, NULL, err);
    uint32_t same = tm_find_same(t, u);
    if (strcmp(r->op, "put") == 0) {
        if (same != NONE)
            return tm_merge_into(t, same, u, 1, err);
        return tm_append(t, u, NULL, err);
    }
    if (strcmp(r->op, "del") == 0) {
        if (same != NONE)
            tm_kill(t, same);
        return ANV_OK;
    }
    if (nth == 0) { /* upd, OLD */
        r->old_id = same;
        return ANV_OK;
    }
    if (r->old_id != NONE)
        return tm_replace(t, r->old_id, u, err);
    if (same == NONE)
        return tm_append(t, u, NULL, err);
    return ANV_OK;
}

/* Parse the units of one record (its payload is <tu> elements) and hand
 * each to on_unit.  Records of an unknown kind are skipped: a newer
 * anuvad's, not ours to judge. */
static int record_units(const char *op, const char *payload, size_t len,
                        int (*on_unit)(void *, const tmx_unit *, anv_error *),
                        void *ctx, anv_error *err)
{
    static const char head[] = "<tmx version=\"1.4\"><body>";
    static const char tail[] = "</body></tmx>";
    if (strcmp(op, "put") != 0 && strcmp(op, "upd") != 0 &&
        strcmp(op, "del") != 0 && strcmp(op, "use") != 0)
        return ANV_OK;
    strbuf doc = STRBUF_INIT;
    if (strbuf_append(&doc, head, sizeof head - 1) != ANV_OK ||
        strbuf_append(&doc, payload, len) != ANV_OK ||
        strbuf_append(&doc, tail, sizeof tail - 1) != ANV_OK) {
        strbuf_release(&doc);
        return nomem(err);
    }
    tmx_read_opts o = {0};
    o.ctx = ctx;
    o.on_unit = on_unit;
    int rc = tmx_read_memory("journal record", doc.data, doc.len, &o, NULL,
                             err);
    strbuf_release(&doc);
    return rc;
}

static int replay_record(void *ctx, const char *op, const char *payload,
                         size_t len, anv_error *err)
{
    replay *r = ctx;
    r->op = op;
    r->nth = 0;
    r->old_id = NONE;
    return record_units(op, payload, len, replay_unit, r, err);
}

/* ---- reading a journal without the TM ------------------------------------------ */

typedef struct changes {
    tm_change_fn fn;
    void *ctx;
    const char *op;
    int nth;
} changes;

static int change_unit(void *ctx, const tmx_unit *u, anv_error *err)
{
    changes *c = ctx;
    return c->fn(c->ctx, c->op, c->nth++, u, err);
}

static int change_record(void *ctx, const char *op, const char *payload,
                         size_t len, anv_error *err)
{
    changes *c = ctx;
    c->op = op;
    c->nth = 0;
    return record_units(op, payload, len, change_unit, c, err);
}

int tm_journal_changes(int fd, const char *path, uint64_t from,
                       tm_change_fn fn, void *ctx, long *records,
                       anv_error *err)
{
    changes c = {fn, ctx, NULL, 0};
    char id[TM_JOURNAL_ID_LEN + 1];
    if (lseek(fd, 0, SEEK_SET) != 0)
        return anv_error_set_at(err, ANV_EIO, path, 0, 0, "cannot read: %s",
                                strerror(errno));
    return tm_journal_replay(fd, path, 0, NULL, from, change_record, &c,
                             records, id, err);
}

/* ---- open ------------------------------------------------------------------------- */

typedef struct loader {
    tm_store *t;
    const tm_open_opts *opts;
} loader;

static void load_warning(void *ctx, const char *message)
{
    const loader *ld = ctx;
    ld->opts->on_warning(ld->opts->ctx, message);
}

static void load_progress(void *ctx, uint64_t bytes, uint64_t units)
{
    const loader *ld = ctx;
    ld->opts->on_progress(ld->opts->ctx, bytes, units);
}

static int load_header(void *ctx, const tmx_header *h, anv_error *err)
{
    tm_store *t = ((loader *)ctx)->t;
    if (h->srclang && !(t->hdr_srclang = strdup(h->srclang)))
        return nomem(err);
    /* Keep the header's props and notes (attribution travels with the
     * data); its attributes are rewritten by anuvad on save.  Our own
     * folded-journal prop is remembered, not kept. */
    strbuf keep = STRBUF_INIT;
    size_t pos = 0, start = 0;
    tmx_extra_item it;
    int rc = ANV_OK;
    while (rc == ANV_OK &&
           (start = pos, tmx_extra_next(h->extra, h->extra_len, &pos, &it))) {
        if (it.kind == 'p' && strcmp(it.name, FOLDED_PROP) == 0)
            snprintf(t->folded_id, sizeof t->folded_id, "%s", it.text);
        else if (strbuf_append(&keep, h->extra + start, pos - start) != 0)
            rc = nomem(err);
    }
    if (rc == ANV_OK)
        rc = tm_add_header_extra(t, keep.data, keep.len, err);
    strbuf_release(&keep);
    return rc;
}

static int load_unit(void *ctx, const tmx_unit *u, anv_error *err)
{
    const loader *ld = ctx;
    if (ld->opts->should_stop && ld->opts->should_stop(ld->opts->ctx))
        return anv_error_set(err, ANV_EINTERNAL, "reading the TM was "
                             "stopped");
    return tm_append(ld->t, u, NULL, err);
}

tm_store *tm_open(const char *path, const tm_open_opts *opts, anv_error *err)
{
    static const tm_open_opts defaults;
    if (!opts)
        opts = &defaults;
    tm_store *t = tm_alloc(err);
    if (!t)
        return NULL;
    /* A TM named through a symbolic link is the file the link names: its
     * lock, journal and backup live beside it, so that a writer using the
     * link and one using the file itself exclude each other. */
    t->path = fileio_resolve_links(path);
    char *lp = t->path ? path_with(t->path, ".lock") : NULL;
    t->jpath = t->path ? path_with(t->path, TM_JOURNAL_SUFFIX) : NULL;
    t->jfd = -1;
    t->load_opts = *opts;
    int rc = ANV_OK;
    if (!t->path || !lp || !t->jpath) {
        rc = nomem(err);
        goto out;
    }
    path = t->path;
    if (opts->write) {
        if (!(t->lock = lockfile_acquire(lp, opts->wait, err))) {
            rc = err ? err->code : ANV_ELOCKED;
            goto out;
        }
        if (fileio_is_readonly(path)) {
            rc = anv_error_set_at(err, ANV_EPERM, path, 0, 0,
                                  "is read-only; not changed (make it "
                                  "writable, or name another TM with "
                                  "--tm)");
            goto out;
        }
        t->writable = 1;
        /* a writer holds the lock: any temporary file is a leftover */
        fileio_remove_stale_temps(path, 1);
    }
    /* The journal before the TMX: see the comment at the top. */
    t->jfd = open(t->jpath, (opts->write ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (t->jfd < 0 && errno != ENOENT) {
        rc = anv_error_set_at(err, ANV_EIO, t->jpath, 0, 0,
                              "cannot open: %s", strerror(errno));
        goto out;
    }
    if (!fileio_exists(path) && !opts->create && t->jfd < 0) {
        rc = anv_error_set_at(err, ANV_ENOTFOUND, path, 0, 0,
                              "no such translation memory");
        goto out;
    }
    t->unloaded = 1;
    if (!opts->defer_load)
        rc = tm_load(t, err);
out:
    free(lp);
    if (rc != ANV_OK) {
        tm_free(t);
        return NULL;
    }
    return t;
}

int tm_load(tm_store *t, anv_error *err)
{
    if (!t->unloaded)
        return ANV_OK;
    t->unloaded = 0;
    const tm_open_opts *opts = &t->load_opts;
    const char *path = t->path, *jp = t->jpath;
    int rc = ANV_OK;
    if (fileio_exists(path)) {
        loader ld = {t, opts};
        tmx_read_opts ro = {0};
        ro.ctx = &ld;
        ro.on_header = load_header;
        ro.on_unit = load_unit;
        ro.on_warning = opts->on_warning ? load_warning : NULL;
        ro.on_progress = opts->on_progress ? load_progress : NULL;
        rc = tmx_read_file(path, &ro, NULL, err);
        if (rc != ANV_OK)
            goto out;
    }
    t->dirty = 0;
    if (t->jfd >= 0) {
        replay r = {t, NULL, 0, NONE};
        if (lseek(t->jfd, 0, SEEK_SET) != 0) { /* tm_journal_ready read it */
            rc = anv_error_set_at(err, ANV_EIO, jp, 0, 0, "cannot read: %s",
                                  strerror(errno));
            goto out;
        }
        long records = 0;
        char id[TM_JOURNAL_ID_LEN + 1];
        rc = tm_journal_replay(t->jfd, jp, opts->write,
                               t->folded_id[0] ? t->folded_id : NULL, 0,
                               replay_record, &r, &records, id, err);
        if (rc != ANV_OK)
            goto out;
        if (id[0] && strcmp(id, t->folded_id) == 0) {
            /* Left over from a save that crashed before removing it. */
            if (opts->write && unlink(jp) == 0)
                fileio_sync_parent(jp, NULL);
        } else {
            memcpy(t->journal_id, id, sizeof id);
            t->dirty = 1;
        }
    }
out:
    if (t->jfd >= 0)
        close(t->jfd);
    t->jfd = -1;
    /* the callbacks' context is the caller's: not used after this */
    memset(&t->load_opts, 0, sizeof t->load_opts);
    t->load_opts.write = t->writable;
    if (rc != ANV_OK)
        t->failed = 1;
    return rc;
}

/* ---- a journal written before the store is read ---------------------------------- */

typedef struct header_only {
    char folded[TM_JOURNAL_ID_LEN + 1];
    int seen;
} header_only;

static int folded_of_header(void *ctx, const tmx_header *h, anv_error *err)
{
    header_only *ho = ctx;
    size_t pos = 0;
    tmx_extra_item it;
    while (tmx_extra_next(h->extra, h->extra_len, &pos, &it))
        if (it.kind == 'p' && strcmp(it.name, FOLDED_PROP) == 0)
            snprintf(ho->folded, sizeof ho->folded, "%s", it.text);
    ho->seen = 1;
    /* the body is not wanted: stop the reader here */
    return anv_error_set(err, ANV_EINTERNAL, "header read");
}

static int any_record(void *ctx, const char *op, const char *payload,
                      size_t len, anv_error *err)
{
    (void)ctx, (void)op, (void)payload, (void)len, (void)err;
    return ANV_OK;
}

int tm_journal_ready(tm_store *t, anv_error *err)
{
    if (t->journal || !t->unloaded)
        return ANV_OK;
    if (t->jfd >= 0) {
        /* the ID of the journal the TMX already holds, from its header */
        header_only ho = {"", 0};
        anv_error herr;
        anv_error_clear(&herr);
        tmx_read_opts ro = {0};
        ro.ctx = &ho;
        ro.on_header = folded_of_header;
        int rc = fileio_exists(t->path)
                     ? tmx_read_file(t->path, &ro, NULL, &herr)
                     : ANV_OK;
        if (rc != ANV_OK && !ho.seen) {
            if (err)
                *err = herr;
            return rc;
        }
        /* cut a torn tail: records appended after it would be lost */
        long records;
        char id[TM_JOURNAL_ID_LEN + 1];
        if (lseek(t->jfd, 0, SEEK_SET) != 0)
            return anv_error_set_at(err, ANV_EIO, t->jpath, 0, 0,
                                    "cannot read: %s", strerror(errno));
        rc = tm_journal_replay(t->jfd, t->jpath, 1, NULL, 0, any_record,
                               NULL, &records, id, err);
        if (rc != ANV_OK)
            return rc;
        if (id[0] && ho.folded[0] && strcmp(id, ho.folded) == 0) {
            /* left over from a save that crashed before removing it: the
             * TMX has it all, and tm_load would skip it, new records too */
            close(t->jfd);
            t->jfd = -1;
            if (unlink(t->jpath) != 0 && errno != ENOENT)
                return anv_error_set_at(err, ANV_EIO, t->jpath, 0, 0,
                                        "cannot remove: %s",
                                        strerror(errno));
            fileio_sync_parent(t->jpath, NULL);
        }
    }
    int rc = tm_journal_open_for(t, err);
    if (rc != ANV_OK)
        return rc;
    /* tm_load replays what tm_open found; a journal made since is it */
    if (t->jfd < 0 && (t->jfd = open(t->jpath, O_RDWR | O_CLOEXEC)) < 0)
        return anv_error_set_at(err, ANV_EIO, t->jpath, 0, 0,
                                "cannot open: %s", strerror(errno));
    return ANV_OK;
}

/* ---- save and export --------------------------------------------------------------- */

/* srclang for the header: the one we read (or the pair's source) when
 * every unit has it, else "*all*". */
static const char *header_srclang(const tm_store *t, const char *want)
{
    for (uint32_t id = 0; id < t->n_units; id++) {
        const tm_unit_rec *u = &t->units[id];
        if (!u->live)
            continue;
        int found = 0;
        for (uint32_t k = u->first_tuv; k < u->first_tuv + u->n_tuvs && !found;
             k++)
            found = langtag_compare(want, tm_lang_of(t, &t->tuvs[k])) >=
                    LANGTAG_GENERAL;
        if (!found)
            return "*all*";
    }
    return want;
}

static int changed_since(const tmx_unit *u, int64_t since)
{
    int64_t d = u->meta.changedate != TMX_NO_DATE ? u->meta.changedate
                                                  : u->meta.creationdate;
    for (size_t i = 0; i < u->n_tuvs; i++) {
        int64_t v = u->tuvs[i].meta.changedate != TMX_NO_DATE
                        ? u->tuvs[i].meta.changedate
                        : u->tuvs[i].meta.creationdate;
        if (v != TMX_NO_DATE && (d == TMX_NO_DATE || v > d))
            d = v;
    }
    return d != TMX_NO_DATE && d >= since;
}

static int write_units(tm_store *t, FILE *fp, const char *name,
                       const tm_export_opts *o, const strbuf *hdr_extra,
                       size_t *count, long *dropped, anv_error *err)
{
    tmx_write_header h = {0};
    h.srclang = o->pair_only ? t->src_lang
                             : header_srclang(t, t->hdr_srclang ? t->hdr_srclang
                                                                : t->src_lang);
    h.creationdate = TMX_NO_DATE;
    h.extra = hdr_extra->data;
    h.extra_len = hdr_extra->len;
    tmx_writer *w = tmx_writer_new(fp, name, err);
    if (!w)
        return err ? err->code : ANV_ENOMEM;
    int rc = tmx_writer_begin(w, &h, err);
    size_t cap = 0, n = 0;
    tmx_tuv *tuvs = NULL;
    for (uint32_t id = 0; id < t->n_units && rc == ANV_OK; id++) {
        tmx_unit u;
        size_t nt;
        if (tm_unit_get_grow(t, id, &u, &tuvs, &cap, &nt) != ANV_OK) {
            rc = nomem(err);
            break;
        }
        if (nt == 0)
            continue;
        if (o->pair_only) {
            const tm_tuv_rec *s, *g;
            if (!tm_pair_tuvs(t, id, &s, &g))
                continue;
            uint32_t first = t->units[id].first_tuv;
            tmx_tuv two[2] = {tuvs[s - &t->tuvs[first]],
                              tuvs[g - &t->tuvs[first]]};
            tuvs[0] = two[0];
            tuvs[1] = two[1];
            u.n_tuvs = 2;
        }
        if (o->since != TMX_NO_DATE && !changed_since(&u, o->since))
            continue;
        rc = tmx_writer_unit(w, &u, err);
        n++;
    }
    if (rc == ANV_OK)
        rc = tmx_writer_end(w, err);
    if (dropped)
        *dropped = tmx_writer_dropped(w);
    if (count)
        *count = n;
    free(tuvs);
    tmx_writer_free(w);
    return rc;
}

int tm_export(tm_store *t, const char *path, const tm_export_opts *opts,
              size_t *units, long *dropped, anv_error *err)
{
    static const tm_export_opts all = {TMX_NO_DATE, 0};
    atomic_file *af = atomic_file_open(path, err);
    if (!af)
        return err ? err->code : ANV_EIO;
    int rc = write_units(t, atomic_file_stream(af),
                         strcmp(path, "-") == 0 ? "standard output" : path,
                         opts ? opts : &all, &t->hdr_extra, units, dropped,
                         err);
    if (rc != ANV_OK) {
        atomic_file_abort(af);
        return rc;
    }
    return atomic_file_commit(af, NULL, err);
}

int tm_save(tm_store *t, anv_error *err)
{
    static const tm_export_opts all = {TMX_NO_DATE, 0};
    if (!t->path)
        return anv_error_set(err, ANV_EINVAL, "this TM has no file");
    if (!t->writable)
        return anv_error_set_at(err, ANV_EINVAL, t->path, 0, 0,
                                "opened read-only");
    char *bak = path_with(t->path, ".bak"), *jp = path_with(t->path,
                                                             TM_JOURNAL_SUFFIX);
    atomic_file *af = bak && jp ? atomic_file_open(t->path, err) : NULL;
    int rc = af ? ANV_OK : bak && jp ? (err ? err->code : ANV_EIO)
                                     : nomem(err);
    /* The header names the journal folded in (see the top comment). */
    strbuf hdr = STRBUF_INIT;
    if (rc == ANV_OK &&
        ((t->hdr_extra.len &&
          strbuf_append(&hdr, t->hdr_extra.data, t->hdr_extra.len) != 0) ||
         (t->journal_id[0] && tmx_extra_add_prop(&hdr, FOLDED_PROP, NULL, NULL,
                                                 t->journal_id) != 0)))
        rc = nomem(err);
    if (rc == ANV_OK)
        rc = write_units(t, atomic_file_stream(af), t->path, &all, &hdr,
                         NULL, NULL, err);
    strbuf_release(&hdr);
    if (rc == ANV_OK) {
        rc = atomic_file_commit(af, bak, err);
        af = NULL;
    }
    if (rc == ANV_OK) {
        /* The TMX now holds everything: the journal can go. */
        tm_journal_close(t->journal);
        t->journal = NULL;
        if (unlink(jp) == 0)
            fileio_sync_parent(jp, NULL);
        t->journal_id[0] = '\0';
        t->dirty = 0;
    }
    if (af)
        atomic_file_abort(af);
    free(bak);
    free(jp);
    return rc;
}
