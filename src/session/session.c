/*
 * session.c - opening and closing a translation session (session.h): the
 * project and its lock, the TMs, the spell checker; moving the cursor;
 * saving; and the repair that keeps the TM in step with the project.
 *
 * The repair (session_repair_tm) is what makes "project first, then TM"
 * safe: every confirmed unit whose source and target are not a pair in
 * the TM is added to it.  It runs at open -- after a crash between the
 * two writes of a confirm, after a TM that could not be written, and for
 * units confirmed by pre-translation (100 % matches from another TM) --
 * and again after a TM write failed.  It costs one exact lookup (a hash
 * probe) per confirmed unit, so opening a 10,000-unit project stays fast.
 *
 * Dependencies go one way: session_view.c uses this file, session_act.c
 * uses both; this file uses neither (freeing a session joins a confirm's
 * writer thread itself; closing, which waits for it and keeps the draft,
 * is an action, in session_act.c).
 */
#include "session/session_impl.h"
#include "base/array.h"
#include "base/fileio.h"
#include "base/relpath.h"
#include "tm/tm_journal.h"
#include "project/tm_codes.h"
#include "text/icode.h"
#include "text/langtag.h"
#include "text/text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- small helpers ----------------------------------------------------- */

void *bag_keep(bag *b, void *p)
{
    if (!p)
        return NULL;
    if (array_grow(&b->ptrs, &b->cap, b->n + 1, sizeof *b->ptrs) != ANV_OK) {
        free(p);
        return NULL;
    }
    b->ptrs[b->n++] = p;
    return p;
}

char *bag_strndup(bag *b, const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return bag_keep(b, c);
}

void bag_clear(bag *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->ptrs[i]);
    b->n = 0;
}

double session_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void session_opts_init(session_opts *o)
{
    memset(o, 0, sizeof *o);
    o->create_tm = 1;
    o->min = TM_MIN_DEFAULT;
    o->max_matches = TM_MAX_DEFAULT;
    o->spell = 1;
}

int session_tm_merge(session *s, const tmx_unit *u, anv_error *err)
{
    int rc = tm_matcher_put(s->tms[0].m, u, err);
    if (rc == ANV_OK)
        s->view_ok = 0; /* the matches are looked up again */
    return rc;
}

void session_set_glossary(session *s, const glossary *g, term_matcher *terms,
                          term_english *english_terms)
{
    s->glossary = g;
    s->terms = g ? terms : NULL;
    s->english_terms = g ? english_terms : NULL;
}

const xliff_project *session_project(const session *s)
{
    return s->p;
}

size_t session_current(const session *s)
{
    return s->cur;
}

void session_get_timings(const session *s, session_timings *t)
{
    *t = s->timings;
}

void session_event_release(session_event *ev)
{
    strbuf_release(&ev->message);
    ev->hits = NULL;
    ev->n_hits = ev->total_hits = 0;
}

/* ---- the cursor and the draft -------------------------------------------- */

void session_invalidate(session *s)
{
    s->view_ok = 0;
    s->draft_ok = 0;
    s->warned = 0;
}

void session_move(session *s, size_t i)
{
    size_t n = xliff_project_unit_count(s->p);
    s->cur = i < n ? i : n - 1;
    const xliff_unit *u = xliff_project_unit(s->p, s->cur);
    strbuf_clear(&s->draft);
    s->has_draft = u->target != NULL;
    if (u->target)
        strbuf_append_str(&s->draft, u->target);
    s->origin.qualifier = u->qualifier;
    s->origin.quality = u->match_quality;
    s->origin.marks = u->marks & ~(unsigned)XLIFF_MARK_PROPAGATED;
    session_invalidate(s);
}

void session_context(const session *s, size_t i, const char **prev,
                     const char **next)
{
    size_t n = xliff_project_unit_count(s->p);
    const xliff_unit *u = xliff_project_unit(s->p, i);
    *prev = "";
    *next = "";
    if (i > 0 && xliff_project_unit(s->p, i - 1)->file == u->file)
        *prev = xliff_project_unit(s->p, i - 1)->source;
    if (i + 1 < n && xliff_project_unit(s->p, i + 1)->file == u->file)
        *next = xliff_project_unit(s->p, i + 1)->source;
}

/* ---- saving ------------------------------------------------------------------ */

int session_save(session *s, anv_error *err)
{
    double t0 = session_now_ms();
    int rc = xliff_project_save(s->p, s->path, 0, err);
    s->timings.save_ms = session_now_ms() - t0;
    return rc;
}

int session_reload(session *s, anv_error *err)
{
    xliff_project *p = xliff_project_read(s->path, err);
    if (!p)
        return err ? err->code : ANV_EIO;
    xliff_project_free(s->p);
    s->p = p;
    session_move(s, s->cur);
    return ANV_OK;
}

/* ---- the TM ------------------------------------------------------------------- */

/* A text as the TM keeps a confirm: inline codes as TMX placeholders
 * (U+FFFC), their markup left out (docs/formats.md). */
static const char *tm_text(const char *t, strbuf *b)
{
    size_t n = strlen(t);
    if (!icode_count(t, n))
        return t;
    strbuf_clear(b);
    return icode_replace(b, t, n, "\xEF\xBF\xBC") == ANV_OK ? b->data : NULL;
}

tm_store *session_store(session *s, anv_error *err)
{
    if (tm_matcher_load(s->tms[0].m, err) != ANV_OK)
        return NULL;
    tm_store *t = tm_matcher_store(s->tms[0].m);
    if (!t)
        anv_error_set(err, ANV_EINTERNAL, "the TM is not open for writing");
    return t;
}

/* The id of a unit of the store with this source and NFC target. */
static int pair_in_store(session *s, const char *source, const strbuf *t,
                         uint32_t *id, anv_error *err)
{
    tm_store *store = session_store(s, err);
    if (!store)
        return err && err->code ? err->code : ANV_EIO;
    tm_hit *hits = NULL;
    size_t n = 0;
    int found = 0;
    int rc = tm_lookup_exact(store, source, strlen(source), &hits, &n, err);
    for (size_t k = 0; rc == ANV_OK && k < n && !found; k++) {
        tm_entry e;
        if (tm_entry_get(store, hits[k].id, &e) && e.target_len == t->len &&
            memcmp(e.target, t->data ? t->data : "", t->len) == 0) {
            found = 1;
            *id = hits[k].id;
        }
    }
    free(hits);
    return rc == ANV_OK ? found : rc;
}

/* Whether the TM has a unit with exactly this source and target: 1 (with
 * its id, from the store), 0, or an error code.  With `id` NULL and the
 * store not read (yet, or at all), the index and journal answer instead
 * (tms[0]'s searcher: only for the thread that looks up). */
static int tm_find_pair(session *s, const char *source, const char *target,
                        uint32_t *id, anv_error *err)
{
    strbuf t = STRBUF_INIT, vs = STRBUF_INIT, vt = STRBUF_INIT;
    source = tm_text(source, &vs);
    target = tm_text(target, &vt);
    int rc = source && target ? ANV_OK
                              : anv_error_set(err, ANV_ENOMEM, "out of memory");
    uint32_t scratch;
    if (rc == ANV_OK && !id && !tm_matcher_store_loaded(s->tms[0].m)) {
        rc = tm_searcher_has_pair(s->tms[0].s, source, target, err);
    } else if (rc == ANV_OK) {
        rc = text_append_nfc(&t, target, strlen(target), err);
        if (rc == ANV_OK)
            rc = pair_in_store(s, source, &t, id ? id : &scratch, err);
    }
    strbuf_release(&t);
    strbuf_release(&vs);
    strbuf_release(&vt);
    return rc;
}

static int tm_add_unit(session *s, size_t i, tm_outcome *outcome,
                       uint32_t *id, anv_error *err)
{
    const xliff_unit *u = xliff_project_unit(s->p, i);
    const char *prev, *next;
    session_context(s, i, &prev, &next);
    strbuf b[4] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    const char *src = tm_text(u->source, &b[0]), *tgt = tm_text(u->target, &b[1]);
    prev = tm_text(prev, &b[2]);
    next = tm_text(next, &b[3]);
    int rc = src && tgt && prev && next
                 ? tm_matcher_add(s->tms[0].m, src, tgt, prev, next, outcome,
                                  id, err)
                 : anv_error_set(err, ANV_ENOMEM, "out of memory");
    for (int k = 0; k < 4; k++)
        strbuf_release(&b[k]);
    return rc;
}

int session_tm_add(session *s, size_t i, int *created, uint32_t *id,
                   anv_error *err)
{
    double t0 = session_now_ms();
    tm_outcome outcome = TM_MERGED;
    int rc = tm_add_unit(s, i, &outcome, id, err);
    *created = rc == ANV_OK && outcome == TM_ADDED;
    /* a big TM not read (tm_matcher_opts.read_up_to) has no id to give:
     * the hook's sessions (team TM) read it */
    if (rc == ANV_OK && s->on_tm_unit && *id != UINT32_MAX)
        s->on_tm_unit(s->hook_ctx, session_store(s, NULL), *id);
    s->timings.tm_ms = session_now_ms() - t0;
    return rc;
}

int session_tm_remove(session *s, const char *source, const char *target,
                      anv_error *err)
{
    strbuf b[2] = {STRBUF_INIT, STRBUF_INIT};
    const char *src = tm_text(source, &b[0]), *tgt = tm_text(target, &b[1]);
    int rc = src && tgt ? tm_matcher_remove(s->tms[0].m, src, tgt, err)
                        : anv_error_set(err, ANV_ENOMEM, "out of memory");
    strbuf_release(&b[0]);
    strbuf_release(&b[1]);
    return rc;
}

/* The repair: confirmed units of the project the TM lacks are added.  At
 * open (`at_open`) the check asks the index, so that the session need
 * not wait for a big TM to be read when nothing is missing. */
static int repair_tm(session *s, size_t *added, int at_open, anv_error *err)
{
    *added = 0;
    size_t n = xliff_project_unit_count(s->p);
    for (size_t i = 0; i < n; i++) {
        const xliff_unit *u = xliff_project_unit(s->p, i);
        if (!xliff_state_is_confirmed(u->state) || !u->target || !*u->target)
            continue;
        uint32_t id;
        int have = tm_find_pair(s, u->source, u->target, at_open ? NULL : &id,
                                err);
        if (have < 0)
            return have;
        if (have)
            continue;
        int rc = tm_add_unit(s, i, NULL, NULL, err);
        if (rc != ANV_OK)
            return rc;
        (*added)++;
    }
    s->tm_pending = 0;
    return ANV_OK;
}

int session_repair_tm(session *s, size_t *added, anv_error *err)
{
    return repair_tm(s, added, 0, err);
}

static int open_tm(session *s, const char *path, int write,
                   const session_opts *o, const char *src, const char *tgt,
                   anv_error *err)
{
    tm_matcher_opts mo = {0};
    mo.source_lang = src;
    mo.target_lang = tgt;
    mo.write = write;
    mo.create = write && o->create_tm;
    mo.wait = o->wait_tm;
    /* the session starts on the index; a TM is read meanwhile, unless it
     * is big: then confirms and undos go to its journal and concordance
     * scans its index (docs/performance.md).  The team TM's hook wants
     * the store's units: read. */
    mo.background = write;
    mo.read_up_to = o->on_tm_unit        ? 0
                    : o->read_tm_up_to ? o->read_tm_up_to
                                       : SESSION_READ_TM_MAX;
    mo.clock = o->clock;
    mo.author = o->author;
    mo.on_warning = o->on_warning;
    mo.on_progress = o->on_progress;
    mo.ctx = o->ctx;
    session_tm *t = &s->tms[s->n_tms];
    tm_matcher_info info;
    if (!(t->m = tm_matcher_open(path, &mo, &info, err)))
        return err ? err->code : ANV_EIO;
    s->n_tms++;
    if (info.damaged && o->on_warning)
        o->on_warning(o->ctx, info.why.message);
    if (info.rebuilt && !info.saved && o->on_warning)
        o->on_warning(o->ctx, info.save_error.message);
    t->name = base_name(path);
    if (!(t->s = tm_searcher_new(t->m, err)))
        return err ? err->code : ANV_ENOMEM;
    return ANV_OK;
}

/* ---- opening -------------------------------------------------------------------- */

static int open_spelling(session *s, const session_opts *o,
                         const char *target_lang)
{
    if (!o->spell)
        return ANV_OK;
    spell_options so;
    spell_options_init(&so);
    so.lang = SPELL_AUTO;
    spell_lang english;
    if (spell_lang_parse(target_lang, &english) == 0 &&
        (english == SPELL_EN_US || english == SPELL_EN_GB))
        so.english = english;
    so.dicpath = o->dicpath;
    so.personal_dir = o->personal_dir;
    so.max_suggestions = 3;
    s->spell_opts = so; /* for the suggesting checker, later */
    so.max_suggestions = 0;
    anv_error_clear(&s->spell_error);
    s->spell = spell_checker_new(&so, &s->spell_error);
    /* A name the TM has used before is not a misspelling (spell_tm.h).
     * Reading the words costs about 7.5 us a unit (7.5 s for a million,
     * measured): done for TMs up to SESSION_TM_WORDS_MAX units, where the
     * open stays under a second; a bigger TM is checked against the
     * dictionaries, the personal list and the words confirmed in this
     * session. */
    tm_store *store;
    if (s->spell && tm_matcher_units(s->tms[0].m) <= SESSION_TM_WORDS_MAX &&
        (store = session_store(s, NULL)) &&
        (s->tm_words = spell_tm_words_build(store, NULL)))
        spell_set_known_words(s->spell, spell_tm_words_known, s->tm_words);
    return ANV_OK;
}

/* The TM to write to: --tm, else the project's own (anv:tm, which must
 * still be there: a project silently writing into a new, empty TM would
 * lose the translator's memory), else the caller's default. */
static int choose_tm(session *s, const session_opts *o,
                     session_open_info *info, anv_error *err)
{
    const char *recorded = xliff_project_tm(s->p);
    strbuf path = STRBUF_INIT;
    int rc = ANV_OK;
    if ((o->tm_path && *o->tm_path) || !recorded) {
        const char *p = o->tm_path && *o->tm_path ? o->tm_path
                                                  : o->default_tm_path;
        if (!p || !*p)
            return anv_error_set(err, ANV_EINVAL, "no TM given");
        rc = strbuf_append_str(&path, p) == ANV_OK
                 ? ANV_OK
                 : anv_error_set(err, ANV_ENOMEM, "out of memory");
    } else if ((rc = relpath_resolve(recorded, s->path, &path, err)) ==
               ANV_OK) {
        info->tm_from_project = 1;
        strbuf journal = STRBUF_INIT;
        if (strbuf_printf(&journal, "%s" TM_JOURNAL_SUFFIX, path.data) !=
            ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        else if (!fileio_exists(path.data) && !fileio_exists(journal.data))
            rc = anv_error_set_at(err, ANV_ENOTFOUND, s->path, 0, 0,
                                  "the project's TM %s is not there (moved "
                                  "or deleted?); give --tm FILE", path.data);
        strbuf_release(&journal);
    }
    if (rc == ANV_OK)
        s->tm_path = strbuf_detach(&path, NULL);
    strbuf_release(&path);
    return rc;
}

const char *session_tm_path(const session *s)
{
    return s->tm_path;
}

static int same_lang(const char *a, const char *b)
{
    return (!a && !b) || (a && b && langtag_equal(a, b));
}

static int check_languages(const xliff_project *p, anv_error *err)
{
    const xliff_file *f0 = xliff_project_file(p, 0);
    for (size_t f = 1; f < xliff_project_file_count(p); f++) {
        const xliff_file *fi = xliff_project_file(p, f);
        if (!same_lang(f0->source_language,
                                   fi->source_language) ||
            !same_lang(f0->target_language, fi->target_language))
            return anv_error_set(err, ANV_EINVAL,
                                 "files '%s' and '%s' have different "
                                 "language pairs; translate them apart",
                                 f0->original, fi->original);
    }
    return ANV_OK;
}

session *session_open(const char *project, const session_opts *o,
                      session_open_info *info, anv_error *err)
{
    session_open_info scratch;
    if (!info)
        info = &scratch;
    memset(info, 0, sizeof *info);
    anv_error_clear(&info->spell_error);
    if (o->n_refs > SESSION_MAX_REFS) {
        anv_error_set(err, ANV_EINVAL, "at most %d reference TMs",
                      SESSION_MAX_REFS);
        return NULL;
    }
    session *s = calloc(1, sizeof *s);
    strbuf lock = STRBUF_INIT;
    if (!s || !(s->path = strdup(project)) ||
        strbuf_printf(&lock, "%s.lock", project) != ANV_OK) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        goto fail;
    }
    s->background_save = o->background_save;
    s->on_tm_unit = o->on_tm_unit;
    s->hook_ctx = o->tm_unit_ctx;
    s->min = o->min > 0 ? o->min : TM_MIN_DEFAULT;
    s->max = o->max_matches ? o->max_matches : TM_MAX_DEFAULT;
    if (s->max > SESSION_MAX_MATCHES)
        s->max = SESSION_MAX_MATCHES;
    /* The lock first: a second session must not even read a project
     * that the first is about to overwrite. */
    if (!(s->lock = lockfile_acquire(lock.data, 0, err))) {
        if (err && err->code == ANV_ELOCKED) {
            info->project_locked = 1;
            /* The lock's own message speaks of a TM. */
            anv_error_set_at(err, ANV_ELOCKED, project, 0, 0,
                             "another session has this project open (%s)",
                             lock.data);
        }
        goto fail;
    }
    if (!(s->p = xliff_project_read(project, err)))
        goto fail;
    strbuf_clear(&lock);
    if (xliff_project_unit_count(s->p) == 0) {
        anv_error_set_at(err, ANV_EINVAL, project, 0, 0,
                         "the project has no segments");
        goto fail;
    }
    if (check_languages(s->p, err) != ANV_OK)
        goto fail;
    const xliff_file *f0 = xliff_project_file(s->p, 0);
    if (choose_tm(s, o, info, err) != ANV_OK)
        goto fail;
    if (strbuf_printf(&lock, "%s" TM_JOURNAL_SUFFIX, s->tm_path) != ANV_OK) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        goto fail;
    }
    info->tm_created = !fileio_exists(s->tm_path) &&
                       !fileio_exists(lock.data);
    if (open_tm(s, s->tm_path, 1, o, f0->source_language,
                f0->target_language, err) != ANV_OK)
        goto fail;
    for (size_t r = 0; r < o->n_refs; r++)
        if (open_tm(s, o->refs[r], 0, o, f0->source_language,
                    f0->target_language, err) != ANV_OK)
            goto fail;
    if (!(s->cmp = matcher_new(err)) ||
        !(s->ws = word_splitter_new("hi", err)))
        goto fail;
    if (repair_tm(s, &info->recovered, 1, err) != ANV_OK)
        goto fail;
    open_spelling(s, o, f0->target_language);
    s->glossary = o->glossary;
    s->terms = o->glossary ? o->terms : NULL;
    s->english_terms = o->glossary ? o->english_terms : NULL;
    info->spell_off = !s->spell;
    if (o->spell && !s->spell)
        info->spell_error = s->spell_error;
    size_t first = xliff_project_next_unconfirmed(s->p, 0);
    session_move(s, first < xliff_project_unit_count(s->p) ? first : 0);
    strbuf_release(&lock);
    return s;
fail:
    strbuf_release(&lock);
    session_free(s);
    return NULL;
}


void session_undo_entry_free(undo_entry *e)
{
    for (size_t k = 0; k < e->n; k++)
        free(e->units[k].target);
    free(e->units);
    free(e->source);
    free(e->target);
}

void session_view_release(session *s)
{
    bag_clear(&s->view_bag);
    free(s->view_bag.ptrs);
    bag_clear(&s->draft_bag);
    free(s->draft_bag.ptrs);
    free(s->matches);
    free(s->src_flags);
    free(s->draft_flags);
    num_list_release(&s->src_nums);
    strbuf_release(&s->query);
}

void session_job_release(confirm_job *j)
{
    session_undo_entry_free(&j->ce);
    session_undo_entry_free(&j->pe);
    for (size_t k = 0; k < j->n_accept; k++)
        free(j->accept[k]);
    free(j->accept);
    memset(j, 0, sizeof *j);
}

void session_free(session *s)
{
    if (!s)
        return;
    if (s->job.threaded) { /* never leave a thread writing */
        pthread_join(s->job.thread, NULL);
        session_job_release(&s->job);
    }
    session_view_release(s);
    for (size_t k = 0; k < s->n_undo; k++)
        session_undo_entry_free(&s->undo[k]);
    free(s->undo);
    for (size_t k = 0; k < s->n_retracted; k++) {
        free(s->retracted[k].source);
        free(s->retracted[k].target);
    }
    free(s->retracted);
    for (size_t k = 0; k < s->n_tms; k++) {
        tm_searcher_free(s->tms[k].s);
        tm_matcher_free(s->tms[k].m);
    }
    spell_checker_free(s->spell);
    spell_checker_free(s->suggest);
    spell_tm_words_free(s->tm_words);
    matcher_free(s->cmp);
    word_splitter_free(s->ws);
    xliff_project_free(s->p);
    lockfile_release(s->lock);
    strbuf_release(&s->draft);
    strbuf_release(&s->warned_for);
    free(s->hits);
    tm_conc_result_release(&s->conc);
    free(s->path);
    free(s->tm_path);
    free(s);
}
