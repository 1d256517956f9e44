/*
 * tm_matcher.c - opening a TM for lookups: finding its fuzzy index,
 * deciding whether it is fresh, catching up with the journal, rebuilding
 * and saving it; confirming translations (see tm_matcher.h).
 *
 * The index records the stamp (size, mtime, inode, hash of the tail; see
 * fuzzy_index.h) of two files as they were when it was built: the TMX and
 * its journal.  Opening compares them with the files now:
 *
 *   TMX same, journal same             fresh: map the index, read nothing
 *   TMX same, journal grown by         fresh up to the old journal size:
 *     appending (or newly there)         read only the records after it
 *                                        into the delta (tm_matcher_delta.c)
 *   anything else                      stale: rebuild (from the writer's
 *                                        store, else from the TMX read as
 *                                        a stream when there is no
 *                                        journal, else from a store), save
 *
 * Why not rebuild whenever the journal changes: a translator confirms a
 * segment every minute or so, each time appending to the journal, and a
 * rebuild of a million-unit TM takes about 15 s; reading a few hundred
 * journal records takes milliseconds.  Saving the TM rewrites the TMX,
 * which does call for a rebuild (once, at the next open).
 *
 * The journal is opened before anything is stamped or read, as the TM
 * store does: a save that happens meanwhile unlinks the journal we hold
 * and replaces the TMX, so we see the old TMX and old journal (their
 * stamps match the index: a consistent snapshot) or the new TMX (which
 * does not: rebuild).
 *
 * A writer opened with `background` takes the lock at open but reads its
 * store in a thread once the index is open (finish_load hands it over to
 * the first caller that needs it; tm_matcher_free stops the read).  With
 * `read_up_to` too, a TM of more units is not read at all: its confirms
 * and removals go to the journal alone (journal_only, below) and reach
 * the delta through the store's journal hook.
 *
 * Where the index lives: TM.tmx.idx (TM.tmx.SRC.TGT.idx for another
 * language pair); when that cannot be written (an installed TM) a file in
 * the user's cache folder named after the TM's real path; when neither
 * can, memory.  An index file that is damaged is just rebuilt.
 */
#include "match/tm_matcher_impl.h"
#include "base/arena.h"
#include "base/fileio.h"
#include "tm/tm_journal.h"
#include "text/langtag.h"
#include "base/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NO_DELTA UINT64_MAX

static int nomem(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* ---- names ------------------------------------------------------------------- */

int tm_matcher_index_name(const char *path, const char *source_lang,
                          const char *target_lang, strbuf *out,
                          anv_error *err)
{
    char s[64], t[64], ds[64], dt[64];
    strbuf_clear(out);
    if (!langtag_fold(source_lang, s, sizeof s) ||
        !langtag_fold(target_lang, t, sizeof t) ||
        !langtag_is_valid(source_lang) || !langtag_is_valid(target_lang))
        return anv_error_set(err, ANV_EINVAL, "'%s' is not a language tag",
                             langtag_is_valid(source_lang) ? target_lang
                                                           : source_lang);
    langtag_fold(TM_DEFAULT_SOURCE, ds, sizeof ds);
    langtag_fold(TM_DEFAULT_TARGET, dt, sizeof dt);
    int rc = strcmp(s, ds) == 0 && strcmp(t, dt) == 0
                 ? strbuf_printf(out, "%s.idx", path)
                 : strbuf_printf(out, "%s.%s.%s.idx", path, s, t);
    return rc == ANV_OK ? ANV_OK : nomem(err);
}

/* The index's name in the cache folder: the file name, prefixed by a
 * hash of the real path of the TM's folder (two TMs of the same name in
 * different folders get different files). */
static int cache_name(const char *cache_dir, const char *index_name,
                      strbuf *out, anv_error *err)
{
    char *a = strdup(index_name), *b = strdup(index_name);
    char real[PATH_MAX];
    int rc = ANV_OK;
    if (!a || !b) {
        rc = nomem(err);
    } else {
        const char *dir = dirname(a), *base = basename(b);
        if (!realpath(dir, real))
            snprintf(real, sizeof real, "%s", dir);
        strbuf_clear(out);
        if (strbuf_printf(out, "%s/fuzzy/%08x-%s", cache_dir,
                          (unsigned)arena_hash(real, strlen(real)),
                          base) != ANV_OK)
            rc = nomem(err);
    }
    free(a);
    free(b);
    return rc;
}

/* mkdir -p of the folder holding `path`. */
static int make_parent(const char *path, anv_error *err)
{
    char *p = strdup(path);
    if (!p)
        return nomem(err);
    char *slash = strrchr(p, '/');
    int rc = ANV_OK;
    if (slash && slash != p) {
        *slash = '\0';
        rc = fileio_make_dirs(p, err);
    }
    free(p);
    return rc;
}

/* ---- the TM store, when it must be read ---------------------------------------- */

void tm_reading_warning(void *ctx, const char *message)
{
    const tm_reading *rd = ctx;
    rd->o->on_warning(rd->o->ctx, message);
}

void tm_reading_progress(void *ctx, uint64_t bytes, uint64_t units)
{
    const tm_reading *rd = ctx;
    (void)units;
    rd->o->on_progress(rd->o->ctx, "reading the TM", bytes, rd->tmx_bytes);
}

/* tm_open() of the matcher's TM, seen through its language pair. */
static tm_store *open_with(const tm_matcher *tm, const tm_open_opts *so,
                           anv_error *err)
{
    tm_store *t = tm_open(tm->path, so, err);
    if (t && tm_set_pair(t, tm->src_lang, tm->tgt_lang, err) != ANV_OK) {
        tm_free(t);
        return NULL;
    }
    return t;
}

static tm_store *open_store(const tm_matcher *tm, const tm_matcher_opts *o,
                            int write, anv_error *err)
{
    tm_reading op = {o, tm->tmx_bytes};
    tm_open_opts so = {0};
    so.write = write;
    so.create = write && o->create;
    so.wait = o->wait;
    so.on_warning = o->on_warning ? tm_reading_warning : NULL;
    so.on_progress = o->on_progress ? tm_reading_progress : NULL;
    so.ctx = &op;
    return open_with(tm, &so, err);
}

/* ---- reading the store in the background --------------------------------------- */

/* The caller's clock and author on a store read for writing. */
static int configure_store(tm_matcher *tm, tm_store *t, anv_error *err)
{
    if (tm->clock)
        tm_set_clock(t, tm->clock);
    return tm->author ? tm_set_author(t, tm->author, err) : ANV_OK;
}

/* The loader's warnings wait in a buffer: the caller's callback may not
 * be called from another thread. */
static void buffer_warning(void *ctx, const char *message)
{
    tm_matcher *tm = ctx;
    if (strbuf_append_str(&tm->load_warnings, message) == ANV_OK)
        strbuf_append_char(&tm->load_warnings, '\0');
}

/* Progress of a read done before the index is opened (to rebuild it);
 * a read in the background reports nothing. */
static void deferred_progress(void *ctx, uint64_t bytes, uint64_t units)
{
    tm_matcher *tm = ctx;
    (void)units;
    if (!tm->loader_running && tm->on_progress)
        tm->on_progress(tm->warning_ctx, "reading the TM", bytes,
                        tm->tmx_bytes);
}

/* A matcher freed before its store was needed stops the read at once
 * instead of waiting for it (quitting just after opening a big TM). */
static int loading_stopped(void *ctx)
{
    tm_matcher *tm = ctx;
    return atomic_load(&tm->stop_loading);
}

/* Take the lock and check the files now; read them later (tm_load). */
static tm_store *open_store_deferred(tm_matcher *tm, const tm_matcher_opts *o,
                                     anv_error *err)
{
    tm_open_opts so = {0};
    so.write = 1;
    so.create = o->create;
    so.wait = o->wait;
    so.defer_load = 1;
    so.on_warning = buffer_warning;
    so.on_progress = deferred_progress;
    so.should_stop = loading_stopped;
    so.ctx = tm;
    return open_with(tm, &so, err);
}

static void *load_thread(void *arg)
{
    tm_matcher *tm = arg;
    tm->load_rc = tm_load(tm->pending, &tm->load_err);
    return NULL;
}

/* Start reading the pending store in a thread (once); 0 when no thread
 * could be started. */
static int start_loader(tm_matcher *tm)
{
    if (tm->loader_running)
        return 1;
    tm->loader_running = 1; /* before the thread reads it */
    if (pthread_create(&tm->loader, NULL, load_thread, tm) != 0)
        tm->loader_running = 0;
    return tm->loader_running;
}

/* Hand the pending store over (reading it here when no thread does). */
static int finish_load(tm_matcher *tm, anv_error *err)
{
    pthread_mutex_lock(&tm->load_mutex);
    if (tm->pending) {
        if (tm->loader_running) {
            pthread_join(tm->loader, NULL);
            tm->loader_running = 0;
        } else {
            tm->load_rc = tm_load(tm->pending, &tm->load_err);
        }
        if (tm->load_rc == ANV_OK)
            tm->load_rc = configure_store(tm, tm->pending, &tm->load_err);
        if (tm->load_rc == ANV_OK) {
            tm->store = tm->pending;
        } else {
            tm_free(tm->pending);
        }
        tm->pending = NULL;
        for (size_t at = 0; at < tm->load_warnings.len;) {
            const char *m = tm->load_warnings.data + at;
            if (tm->on_warning)
                tm->on_warning(tm->warning_ctx, m);
            at += strlen(m) + 1;
        }
        strbuf_clear(&tm->load_warnings);
    }
    int rc = tm->load_rc;
    pthread_mutex_unlock(&tm->load_mutex);
    if (rc != ANV_OK && err)
        *err = tm->load_err;
    return rc;
}

int tm_matcher_load(tm_matcher *tm, anv_error *err)
{
    return finish_load(tm, err);
}

int tm_matcher_store_loaded(tm_matcher *tm)
{
    pthread_mutex_lock(&tm->load_mutex);
    int loaded = tm->store != NULL;
    pthread_mutex_unlock(&tm->load_mutex);
    return loaded;
}

/* ---- finding a fresh index ------------------------------------------------------ */

static int file_stamp_equal(const fuzzy_file_stamp *a,
                            const fuzzy_file_stamp *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* Use the index at `path` if it was built from the TMX as it is now and
 * from the journal as it is or a prefix of it; *from gets where the
 * journal records it lacks begin (NO_DELTA: none). */
static int try_index(tm_matcher *tm, const char *path, int jfd,
                     const fuzzy_stamp *now, tm_matcher_info *info,
                     uint64_t *from)
{
    fuzzy_index *x;
    anv_error e;
    anv_error_clear(&e);
    int rc = fuzzy_index_open(path, &x, &e);
    if (rc != ANV_OK) {
        if (rc != ANV_ENOTFOUND && !info->why.code) {
            info->why = e;
            info->damaged = rc == ANV_EPARSE;
        }
        return 0;
    }
    const fuzzy_stamp *st = fuzzy_index_stamp(x);
    const fuzzy_file_stamp *jold = &st->files[1];
    int ok = 0;
    *from = NO_DELTA;
    if (st->n == 2 && file_stamp_equal(&st->files[0], &now->files[0])) {
        if (file_stamp_equal(jold, &now->files[1]))
            ok = 1;
        else if (jfd >= 0 && !jold->exists)
            ok = 1, *from = 0;
        else if (jfd >= 0 && fuzzy_stamp_appended(jfd, jold))
            ok = 1, *from = jold->size;
    }
    if (!ok) {
        if (!info->why.code)
            anv_error_set_at(&info->why, ANV_EINVAL, path, 0, 0,
                             "built from another version of the TM");
        fuzzy_index_free(x);
        return 0;
    }
    tm->index = x;
    tm->index_units = fuzzy_index_units(x);
    strbuf_clear(&tm->index_path);
    return strbuf_append_str(&tm->index_path, path) == ANV_OK;
}

/* ---- rebuilding ------------------------------------------------------------------ */

/* Write the index built in `b` to the first place that takes it; *saved
 * gets that place, or NULL when none did (info->save_error says why). */
static void save_index(fuzzy_builder *b, const char *const places[2],
                       const fuzzy_stamp *now, const char **saved,
                       tm_matcher_info *info)
{
    anv_error why[2];
    *saved = NULL;
    for (int i = 0; i < 2 && !*saved; i++) {
        anv_error_clear(&why[i]);
        if (places[i] &&
            (i == 0 || make_parent(places[i], &why[i]) == ANV_OK) &&
            fuzzy_builder_write(b, places[i], now, &why[i]) == ANV_OK)
            *saved = places[i];
    }
    if (!*saved)
        anv_error_set(&info->save_error, ANV_EIO, "%.500s%s%.500s",
                      why[0].message, why[1].code ? "; " : "",
                      why[1].message);
}

static int rebuild(tm_matcher *tm, const tm_matcher_opts *o,
                   const char *beside, const char *cache,
                   const fuzzy_stamp *now, tm_matcher_info *info,
                   anv_error *err)
{
    info->rebuilt = 1;
    if (!info->why.code)
        anv_error_set_at(&info->why, ANV_ENOTFOUND, beside, 0, 0,
                         "no fuzzy index yet");
    /* Without a store in memory and without a journal, the index is
     * built from the TMX read as a stream: the peak is the builder alone,
     * not a whole store besides (measured: docs/performance.md).  With a
     * journal, from a store that replays it.  A background writer's store
     * is read meanwhile by its thread when it can stream; else it is read
     * now and built from. */
    int stream = !tm->store && !now->files[1].exists &&
                 now->files[0].exists;
    if (tm->pending && !stream && finish_load(tm, err) != ANV_OK)
        return err ? err->code : ANV_EIO;
    if (tm->pending && stream && !o->read_up_to)
        start_loader(tm); /* with read_up_to: decided once it is built */
    tm_store *t = tm->store || stream ? tm->store : open_store(tm, o, 0, err);
    if (!t && !stream)
        return err ? err->code : ANV_EIO;
    fuzzy_builder *b = fuzzy_builder_new(err);
    int rc = !b      ? ANV_ENOMEM
             : stream ? tm_feed_tmx(tm, b, o, err)
                      : tm_feed_store(t, b, o, err);
    /* Memory: the TM, the builder and the mapped index are each about the
     * size of the TMX; free each as soon as the next one exists, so the
     * peak is two of them, not three. */
    if (t != tm->store)
        tm_free(t);
    const char *places[2] = {beside, cache}, *saved = NULL;
    if (rc == ANV_OK)
        save_index(b, places, now, &saved, info);
    if (rc == ANV_OK && !saved)
        rc = fuzzy_builder_finish(b, &tm->index, err);
    fuzzy_builder_free(b);
    strbuf_clear(&tm->index_path);
    if (rc == ANV_OK && saved) {
        info->saved = 1;
        rc = fuzzy_index_open(saved, &tm->index, err);
        if (rc == ANV_OK && strbuf_append_str(&tm->index_path, saved) != ANV_OK)
            rc = nomem(err);
    }
    if (rc == ANV_OK)
        tm->index_units = fuzzy_index_units(tm->index);
    return rc;
}

/* ---- opening ---------------------------------------------------------------------- */

/* Everything tm_matcher_open needs besides the matcher. */
typedef struct open_state {
    strbuf jpath;
    int jfd;
    fuzzy_stamp now;
    strbuf beside, cache;
} open_state;

static int stamp_now(tm_matcher *tm, open_state *s, anv_error *err)
{
    const char *files[1] = {tm->path};
    s->jfd = open(s->jpath.data, O_RDONLY | O_CLOEXEC);
    if (s->jfd < 0 && errno != ENOENT)
        return anv_error_set_at(err, ANV_EIO, s->jpath.data, 0, 0,
                                "cannot open: %s", strerror(errno));
    int rc = fuzzy_stamp_files(&s->now, files, 1, err);
    s->now.n = 2;
    if (rc == ANV_OK && s->jfd >= 0)
        rc = fuzzy_stamp_fd(s->jfd, s->jpath.data, &s->now.files[1], err);
    if (rc == ANV_OK && !s->now.files[0].exists && s->jfd < 0 && !tm->store &&
        !tm->pending)
        rc = anv_error_set_at(err, ANV_ENOTFOUND, tm->path, 0, 0,
                              "no such translation memory");
    return rc;
}

static int index_places(tm_matcher *tm, const tm_matcher_opts *o,
                        open_state *s, anv_error *err)
{
    int rc = tm_matcher_index_name(tm->path, tm->src_lang, tm->tgt_lang,
                                   &s->beside, err);
    if (rc != ANV_OK)
        return rc;
    strbuf dir = STRBUF_INIT;
    if (o->cache_dir)
        rc = strbuf_append_str(&dir, o->cache_dir) == ANV_OK ? ANV_OK
                                                             : nomem(err);
    else if (paths_cache_dir(&dir, NULL) != ANV_OK)
        dir.len = 0; /* no cache folder: beside the TM or in memory */
    if (rc == ANV_OK && dir.len)
        rc = cache_name(dir.data, s->beside.data, &s->cache, err);
    strbuf_release(&dir);
    return rc;
}

static int open_index(tm_matcher *tm, const tm_matcher_opts *o,
                      open_state *s, tm_matcher_info *info, anv_error *err)
{
    int rc = index_places(tm, o, s, err);
    if (rc != ANV_OK)
        return rc;
    const char *cache = s->cache.len ? s->cache.data : NULL;
    uint64_t from = NO_DELTA;
    int have = try_index(tm, s->beside.data, s->jfd, &s->now, info, &from) ||
               (cache && try_index(tm, cache, s->jfd, &s->now, info, &from));
    if (have && from != NO_DELTA) {
        rc = tm_delta_read_journal(tm, s->jfd, s->jpath.data, from, err);
        if (rc != ANV_OK)
            return rc;
        if (tm->delta && tm_count(tm->delta) > TM_DELTA_MAX) {
            anv_error_set_at(&info->why, ANV_EINVAL, tm->path, 0, 0,
                             "more than %d units changed since the fuzzy "
                             "index was built", TM_DELTA_MAX);
            tm_delta_free(tm);
            fuzzy_index_free(tm->index);
            tm->index = NULL;
            have = 0;
        }
    }
    if (have) {
        anv_error_clear(&info->why);
        info->damaged = 0;
        return ANV_OK;
    }
    return rebuild(tm, o, s->beside.data, cache, &s->now, info, err);
}

tm_matcher *tm_matcher_open(const char *path, const tm_matcher_opts *opts,
                            tm_matcher_info *info, anv_error *err)
{
    static const tm_matcher_opts defaults = {0};
    tm_matcher_info scratch;
    if (!opts)
        opts = &defaults;
    if (!info)
        info = &scratch;
    memset(info, 0, sizeof *info);
    anv_error_clear(&info->why);
    anv_error_clear(&info->save_error);
    const char *src = opts->source_lang ? opts->source_lang
                                        : TM_DEFAULT_SOURCE;
    const char *tgt = opts->target_lang ? opts->target_lang
                                        : TM_DEFAULT_TARGET;
    tm_matcher *tm = calloc(1, sizeof *tm);
    open_state s = {STRBUF_INIT, -1, {0}, STRBUF_INIT, STRBUF_INIT};
    if (!tm || pthread_rwlock_init(&tm->lock, NULL) != 0) {
        free(tm);
        nomem(err);
        return NULL;
    }
    if (pthread_mutex_init(&tm->load_mutex, NULL) != 0) {
        pthread_rwlock_destroy(&tm->lock);
        free(tm);
        nomem(err);
        return NULL;
    }
    tm->on_warning = opts->on_warning;
    tm->on_progress = opts->on_progress;
    tm->warning_ctx = opts->ctx;
    tm->clock = opts->clock;
    if (opts->author && !(tm->author = strdup(opts->author))) {
        tm_matcher_free(tm);
        nomem(err);
        return NULL;
    }
    tm->path = strdup(path);
    struct stat st; /* for the progress of reading it */
    tm->tmx_bytes = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
    tm->src_lang = strdup(src);
    tm->tgt_lang = strdup(tgt);
    int rc = tm->path && tm->src_lang && tm->tgt_lang &&
                     strbuf_printf(&s.jpath, "%s" TM_JOURNAL_SUFFIX, path) == ANV_OK
                 ? ANV_OK
                 : nomem(err);
    if (rc == ANV_OK && opts->write && opts->background &&
        !(tm->pending = open_store_deferred(tm, opts, err)))
        rc = err ? err->code : ANV_EIO;
    else if (rc == ANV_OK && opts->write && !opts->background &&
             !(tm->store = open_store(tm, opts, 1, err)))
        rc = err ? err->code : ANV_EIO;
    if (rc == ANV_OK && tm->store)
        rc = configure_store(tm, tm->store, err);
    if (rc == ANV_OK)
        rc = stamp_now(tm, &s, err);
    if (rc == ANV_OK)
        rc = open_index(tm, opts, &s, info, err);
    if (rc == ANV_OK)
        rc = tm_delta_refresh(tm, err);
    /* The index is fresh (or was built, from the store read by now or
     * while its thread reads it): the rest of the store can come while the
     * caller starts working. */
    if (rc == ANV_OK && tm->pending && opts->read_up_to &&
        tm_matcher_units(tm) > opts->read_up_to)
        /* big: not read until needed; confirms go to the journal */
        tm_set_journal_hook(tm->pending, tm_delta_journaled, tm);
    else if (rc == ANV_OK && tm->pending && !start_loader(tm))
        rc = finish_load(tm, err); /* no thread: read it now */
    if (s.jfd >= 0)
        close(s.jfd);
    strbuf_release(&s.jpath);
    strbuf_release(&s.beside);
    strbuf_release(&s.cache);
    if (rc != ANV_OK) {
        tm_matcher_free(tm);
        return NULL;
    }
    info->units = tm_matcher_units(tm);
    info->journal_units = tm->delta_units;
    info->index_path = tm->index_path.len ? tm->index_path.data : NULL;
    return tm;
}

void tm_matcher_free(tm_matcher *tm)
{
    if (!tm)
        return;
    if (tm->loader_running) {
        atomic_store(&tm->stop_loading, 1);
        pthread_join(tm->loader, NULL);
    }
    tm_free(tm->pending);
    strbuf_release(&tm->load_warnings);
    pthread_mutex_destroy(&tm->load_mutex);
    free(tm->author);
    tm_delta_free(tm);
    fuzzy_index_free(tm->index);
    tm_free(tm->store);
    strbuf_release(&tm->index_path);
    free(tm->path);
    free(tm->src_lang);
    free(tm->tgt_lang);
    pthread_rwlock_destroy(&tm->lock);
    free(tm);
}

size_t tm_matcher_units(tm_matcher *tm)
{
    pthread_rwlock_rdlock(&tm->lock);
    size_t n = tm->index_units - tm->n_hidden + tm->delta_units;
    pthread_rwlock_unlock(&tm->lock);
    return n;
}

tm_store *tm_matcher_store(tm_matcher *tm)
{
    finish_load(tm, NULL);
    return tm->store;
}

/* ---- confirming ------------------------------------------------------------------- */

/* Unit `id`, just written to the store, made searchable (the delta).
 * Called with the write lock held. */
static int index_written(tm_matcher *tm, uint32_t id, anv_error *err)
{
    tmx_unit u;
    tmx_tuv *tuvs = NULL;
    size_t cap = 0, n;
    int rc = tm_unit_get_grow(tm->store, id, &u, &tuvs, &cap, &n) == ANV_OK
                 ? ANV_OK
                 : nomem(err);
    if (rc == ANV_OK && n)
        rc = tm_delta_put(tm, &u, err);
    free(tuvs);
    return rc;
}

static int writable(tm_matcher *tm, anv_error *err)
{
    int rc = finish_load(tm, err); /* a background read, if any */
    if (rc != ANV_OK)
        return rc;
    if (tm->store)
        return ANV_OK;
    return anv_error_set_at(err, ANV_EINVAL, tm->path, 0, 0,
                            "the TM was opened for lookups only");
}

int tm_matcher_put(tm_matcher *tm, const tmx_unit *in, anv_error *err)
{
    int rc = writable(tm, err);
    if (rc != ANV_OK)
        return rc;
    uint32_t id;
    pthread_rwlock_wrlock(&tm->lock);
    rc = tm_put(tm->store, in, &id, NULL, err);
    if (rc == ANV_OK)
        rc = index_written(tm, id, err);
    pthread_rwlock_unlock(&tm->lock);
    return rc;
}

/* The store not read and not being read (read_up_to): the change goes
 * to its journal alone, and from there into the delta (the journal hook,
 * tm_delta_journaled).  load_mutex keeps tm_load from starting meanwhile,
 * so the load replays every such record.  1 when it was done so (rc in
 * *rc), 0 when the store is there or being read. */
static int journal_only(tm_matcher *tm, const char *source,
                        const char *target, const char *prev,
                        const char *next, int remove, tm_outcome *outcome,
                        int *rc, anv_error *err)
{
    pthread_mutex_lock(&tm->load_mutex);
    int unread = tm->pending && !tm->loader_running;
    if (unread) {
        pthread_rwlock_wrlock(&tm->lock);
        tm->last_use = TM_ADDED;
        *rc = remove ? tm_remove_pair(tm->pending, source, target, err)
                     : tm_add_in_context(tm->pending, source, target, NULL,
                                         prev, next, NULL, NULL, NULL, err);
        if (outcome)
            *outcome = tm->last_use;
        pthread_rwlock_unlock(&tm->lock);
    }
    pthread_mutex_unlock(&tm->load_mutex);
    return unread;
}

int tm_matcher_add(tm_matcher *tm, const char *source, const char *target,
                   const char *prev, const char *next, tm_outcome *outcome,
                   uint32_t *id, anv_error *err)
{
    int rc;
    if (id)
        *id = UINT32_MAX;
    if (journal_only(tm, source, target, prev, next, 0, outcome, &rc, err))
        return rc;
    if ((rc = writable(tm, err)) != ANV_OK)
        return rc;
    uint32_t nid;
    pthread_rwlock_wrlock(&tm->lock);
    rc = tm_add_in_context(tm->store, source, target, NULL, prev, next, &nid,
                           outcome, NULL, err);
    if (rc == ANV_OK)
        rc = index_written(tm, nid, err);
    pthread_rwlock_unlock(&tm->lock);
    if (rc == ANV_OK && id)
        *id = nid;
    return rc;
}

int tm_matcher_remove(tm_matcher *tm, const char *source, const char *target,
                      anv_error *err)
{
    int rc;
    if (journal_only(tm, source, target, NULL, NULL, 1, NULL, &rc, err))
        return rc;
    if ((rc = writable(tm, err)) != ANV_OK)
        return rc;
    pthread_rwlock_wrlock(&tm->lock);
    rc = tm_remove_pair(tm->store, source, target, err);
    if (rc == ANV_OK)
        rc = tm_delta_forget(tm, source, target, err);
    pthread_rwlock_unlock(&tm->lock);
    return rc;
}
