/*
 * session_act.c - the actions of a translation session (session_do in
 * session.h) and the script language that names them.
 *
 * Every action that changes the project saves it before it reports
 * success; when the save fails the change is taken back in memory (a
 * confirm restores the units it touched; join, split and undo read the
 * project again from its file, which still holds the state before them),
 * so the session never shows what the file does not hold.
 *
 * Confirm (act_confirm) is the heart of it; session.h explains the order
 * of its writes.  Undo entries record each touched unit's target, state,
 * qualifier, quality and marks as they were; a confirm and the
 * propagation it caused are two entries, so one undo takes back the
 * copies and a second the confirm itself.
 */
#include "session/session_impl.h"
#include "qa/qa.h"
#include "text/icode.h"
#include "base/array.h"
#include "text/text.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int nomem(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* Set the event's outcome and append to its message. */
static int say(session_event *ev, session_outcome o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int say(session_event *ev, session_outcome o, const char *fmt, ...)
{
    ev->outcome = o;
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    strbuf_append_str(&ev->message, buf);
    return ANV_OK;
}

/* ---- the draft ------------------------------------------------------------ */

static int set_draft(session *s, const char *text, size_t n, anv_error *err)
{
    strbuf nfc = STRBUF_INIT;
    int rc = text_append_nfc(&nfc, text, n, err);
    if (rc == ANV_OK) {
        strbuf_clear(&s->draft);
        rc = strbuf_append(&s->draft, nfc.data ? nfc.data : "", nfc.len);
        if (rc != ANV_OK)
            rc = nomem(err);
        s->has_draft = rc == ANV_OK;
        s->draft_ok = 0;
    }
    strbuf_release(&nfc);
    return rc;
}

static xliff_qualifier qualifier_of_score(int score)
{
    return score > 100    ? XLIFF_QUAL_EXACT_MATCH
           : score == 100 ? XLIFF_QUAL_LEVERAGED_TM
                          : XLIFF_QUAL_FUZZY_MATCH;
}

static int act_take(session *s, long n, session_event *ev, anv_error *err)
{
    int rc = session_view_segment(s, err);
    if (rc != ANV_OK)
        return rc;
    if (!s->n_matches)
        return say(ev, SESSION_REFUSED, "no match to take");
    if (n < 1 || (size_t)n > s->n_matches)
        return say(ev, SESSION_REFUSED, "no match %ld (1 to %zu)", n,
                   s->n_matches);
    const session_match *m = &s->matches[n - 1];
    numfix fx;
    rc = numbers_fix_match(s->query.data, m->source, m->target, &fx, err);
    if (rc != ANV_OK)
        return rc;
    int fixed = fx.outcome == NUMFIX_FIXED;
    const char *text = fixed ? fx.target : m->target;
    rc = set_draft(s, text, strlen(text), err);
    if (rc == ANV_OK) {
        s->origin.qualifier = qualifier_of_score(m->score);
        s->origin.quality = m->score;
        s->origin.marks = fixed ? XLIFF_MARK_NUMBERS_FIXED : 0;
        say(ev, SESSION_DONE, "match %ld (%d%%) taken", n, m->score);
        strbuf what = STRBUF_INIT;
        if (fixed && numfix_describe(&fx, &what) == ANV_OK)
            say(ev, SESSION_DONE, "; numbers carried over: %s", what.data);
        else if (fx.outcome == NUMFIX_UNSURE)
            say(ev, SESSION_DONE, "; its numbers differ, check them (%s)",
                fx.reason);
        strbuf_release(&what);
    }
    numfix_release(&fx);
    return rc;
}

static int act_edit(session *s, const char *text, session_event *ev,
                    anv_error *err)
{
    if (!text || !*text) {
        strbuf_clear(&s->draft);
        s->has_draft = 0;
        s->draft_ok = 0;
        s->origin.qualifier = XLIFF_QUAL_NONE;
        s->origin.quality = -1;
        s->origin.marks = 0;
        return say(ev, SESSION_DONE, "translation cleared");
    }
    /* The draft's origin stays: an edit post-edits what was there.
     * Inline codes typed as {1} {/1} {2/} become the source's codes. */
    const xliff_unit *u = xliff_project_unit(s->p, s->cur);
    if (!u->n_codes)
        return set_draft(s, text, strlen(text), err);
    strbuf coded = STRBUF_INIT;
    int rc = icode_parse_display(&coded, text, strlen(text), u->source);
    if (rc == ANV_OK)
        rc = set_draft(s, coded.data, coded.len, err);
    else
        rc = nomem(err);
    strbuf_release(&coded);
    return rc;
}

static int act_copy_source(session *s, session_event *ev, anv_error *err)
{
    const xliff_unit *u = xliff_project_unit(s->p, s->cur);
    int rc = set_draft(s, u->source, strlen(u->source), err);
    if (rc == ANV_OK) {
        s->origin.qualifier = XLIFF_QUAL_NONE;
        s->origin.quality = -1;
        s->origin.marks = 0;
        say(ev, SESSION_DONE, "source copied");
    }
    return rc;
}

/* ---- undo records ------------------------------------------------------------ */

static int record_unit(unit_before *b, const xliff_unit *u, size_t i)
{
    b->index = i;
    b->target = u->target ? strdup(u->target) : NULL;
    b->state = u->state;
    b->qualifier = u->qualifier;
    b->quality = u->match_quality;
    b->marks = u->marks;
    return u->target && !b->target ? ANV_ENOMEM : ANV_OK;
}

static int append_before(undo_entry *e, size_t *cap, const xliff_unit *u,
                         size_t i)
{
    if (array_grow(&e->units, cap, e->n + 1, sizeof *e->units) != ANV_OK)
        return ANV_ENOMEM;
    int rc = record_unit(&e->units[e->n], u, i);
    if (rc == ANV_OK)
        e->n++;
    return rc;
}

static void restore_unit(session *s, const unit_before *b)
{
    xliff_unit_set_target(s->p, b->index, b->target, b->state, b->qualifier,
                          b->quality, b->marks, NULL);
}

/* Give units their recorded targets back, last first. */
static void restore_units(session *s, const undo_entry *e)
{
    for (size_t k = e->n; k-- > 0;)
        restore_unit(s, &e->units[k]);
}

static int push_undo(session *s, undo_entry *e)
{
    if (array_grow(&s->undo, &s->cap_undo, s->n_undo + 1, sizeof *s->undo) !=
        ANV_OK)
        return ANV_ENOMEM;
    s->undo[s->n_undo++] = *e;
    memset(e, 0, sizeof *e);
    return ANV_OK;
}

static void clear_undo(session *s)
{
    for (size_t k = 0; k < s->n_undo; k++)
        session_undo_entry_free(&s->undo[k]);
    s->n_undo = 0;
}

static void unretract(session *s, const char *source, const char *target)
{
    for (size_t k = 0; k < s->n_retracted; k++)
        if (strcmp(s->retracted[k].source, source) == 0 &&
            strcmp(s->retracted[k].target, target) == 0) {
            free(s->retracted[k].source);
            free(s->retracted[k].target);
            s->retracted[k] = s->retracted[--s->n_retracted];
            return;
        }
}

static int retract(session *s, const char *source, const char *target)
{
    if (array_grow(&s->retracted, &s->cap_retracted, s->n_retracted + 1,
                   sizeof *s->retracted) != ANV_OK)
        return ANV_ENOMEM;
    retracted *r = &s->retracted[s->n_retracted];
    r->source = strdup(source);
    r->target = strdup(target);
    if (!r->source || !r->target) {
        free(r->source);
        free(r->target);
        return ANV_ENOMEM;
    }
    s->n_retracted++;
    return ANV_OK;
}

/* ---- confirming -------------------------------------------------------------- */

/* Held back by the checks?  Says why in the event. */
static int checks_hold(session *s, session_event *ev)
{
    const char *source = xliff_project_unit(s->p, s->cur)->source;
    icode_problems cp;
    int codes_ok = icode_check(source, s->draft.data ? s->draft.data : "",
                               &cp);
    unsigned max = xliff_project_unit(s->p, s->cur)->max_chars;
    size_t chars = icode_text_chars(s->draft.data ? s->draft.data : "",
                                    s->draft.len);
    int too_long = max && chars > max;
    /* the reviewer's per-segment checks (anuvad qa), on the draft */
    qa_report qr = QA_REPORT_INIT;
    anv_error qerr;
    anv_error_clear(&qerr);
    qa_opts qo = {s->glossary, s->terms, NULL, NULL, NULL, s->english_terms};
    if (qa_check_segment(s->p, s->cur, s->draft.data ? s->draft.data : "",
                         &qo, &qr, &qerr) != ANV_OK)
        qa_report_release(&qr); /* out of memory: confirm without them */
    if ((!s->n_draft_flags && !s->n_missing && codes_ok && !too_long &&
         !qr.n) ||
        (s->warned && strcmp(s->warned_for.data ? s->warned_for.data : "",
                             s->draft.data) == 0)) {
        /* nothing to say, or the second confirm of the same text: the
         * translator overrides the findings, which `anuvad qa` then
         * counts as ignored (notes on the unit, saved with the confirm) */
        for (size_t k = 0; k < qr.n; k++)
            qa_ignore_finding(s->p, &qr.f[k], s->draft.data, &qerr);
        qa_report_release(&qr);
        return 0;
    }
    s->warned = 1;
    strbuf_clear(&s->warned_for);
    strbuf_append(&s->warned_for, s->draft.data, s->draft.len);
    say(ev, SESSION_WARNED, "not confirmed yet:");
    session_suggest_draft(s, NULL);
    for (size_t k = 0; k < s->n_draft_flags; k++) {
        const session_word *w = &s->draft_flags[k];
        say(ev, SESSION_WARNED, "%s %s", k ? "," : " misspelt:", w->word);
        if (*w->suggestions)
            say(ev, SESSION_WARNED, " (%s)", w->suggestions);
    }
    int first = 1;
    for (size_t k = 0; k < s->n_numbers; k++)
        if (!s->numbers[k].in_draft) {
            say(ev, SESSION_WARNED, "%s %s",
                first ? (s->n_draft_flags ? "; numbers missing:"
                                          : " numbers missing:")
                      : ",",
                s->numbers[k].english);
            first = 0;
        }
    if (!codes_ok) {
        say(ev, SESSION_WARNED, "%sinline codes:",
            s->n_draft_flags || !first ? "; " : " ");
        if (cp.missing)
            say(ev, SESSION_WARNED, " %zu missing", cp.missing);
        if (cp.misnested)
            say(ev, SESSION_WARNED, " %zu misnested", cp.misnested);
        if (cp.duplicated)
            say(ev, SESSION_WARNED, " %zu twice", cp.duplicated);
        if (cp.extra)
            say(ev, SESSION_WARNED, " %zu not in the source", cp.extra);
    }
    int said = s->n_draft_flags || !first || !codes_ok;
    if (too_long) {
        say(ev, SESSION_WARNED, "%s%zu characters, the file's limit is %u",
            said ? "; " : " ", chars, max);
        said = 1;
    }
    for (size_t k = 0; k < qr.n; k++, said = 1)
        say(ev, SESSION_WARNED, "%s%s: %s", said ? "; " : " ", qr.f[k].check,
            qr.f[k].message);
    qa_report_release(&qr);
    say(ev, SESSION_WARNED, "; confirm again to accept");
    return 1;
}

/* The later identical units that are not confirmed, or hold a copy made
 * by an earlier propagation, get the text.  Records them in `pe`. */
static int propagate(session *s, size_t i, const char *text, undo_entry *pe,
                     anv_error *err)
{
    size_t n = xliff_project_unit_count(s->p), cap = 0;
    int quality = s->origin.quality > 100 ? 100 : s->origin.quality;
    unsigned marks = XLIFF_MARK_PROPAGATED |
                     (s->origin.marks & XLIFF_MARK_NUMBERS_FIXED);
    for (size_t j = xliff_project_next_same_source(s->p, i, i + 1); j < n;
         j = xliff_project_next_same_source(s->p, i, j + 1)) {
        const xliff_unit *c = xliff_project_unit(s->p, j);
        int confirmed = xliff_state_is_confirmed(c->state);
        if (confirmed && (!(c->marks & XLIFF_MARK_PROPAGATED) ||
                          (c->target && strcmp(c->target, text) == 0)))
            continue;
        if (append_before(pe, &cap, c, j) != ANV_OK)
            return nomem(err);
        int rc = xliff_unit_set_target(s->p, j, text, XLIFF_STATE_TRANSLATED,
                                       XLIFF_QUAL_LEVERAGED_INHERITED,
                                       quality, marks, err);
        if (rc != ANV_OK)
            return rc;
    }
    return ANV_OK;
}

static void say_units(session_event *ev, const undo_entry *e)
{
    for (size_t k = 0; k < e->n; k++)
        say(ev, ev->outcome, "%s%zu", k ? ", " : "", e->units[k].index + 1);
}

/* The next unconfirmed segment after i, from the top again when there is
 * none below; the unit count when every segment is confirmed. */
static size_t next_to_do(const session *s, size_t i)
{
    size_t n = xliff_project_unit_count(s->p);
    size_t j = xliff_project_next_unconfirmed(s->p, i + 1);
    return j < n ? j : xliff_project_next_unconfirmed(s->p, 0);
}

/* After a confirm: on to the next segment to do.  Returns 1 when every
 * segment is confirmed. */
static int move_on(session *s, size_t i)
{
    size_t j = next_to_do(s, i);
    int all_done = j == xliff_project_unit_count(s->p);
    session_move(s, all_done ? i : j);
    return all_done;
}

/* The writes of a confirm: the project, then the TM.  Runs on the
 * session's thread, or on a thread of its own while the next segment is
 * shown (session_opts.background_save); then the main thread only reads
 * the project until session_wait(), and the matcher takes concurrent
 * lookups by design. */
static void job_write(session *s)
{
    confirm_job *j = &s->job;
    anv_error_clear(&j->save_err);
    anv_error_clear(&j->tm_err);
    j->tm_rc = ANV_OK;
    j->save_rc = session_save(s, &j->save_err);
    if (j->save_rc != ANV_OK)
        return;
    j->tm_rc = session_tm_add(s, j->ce.units[0].index, &j->ce.tm_created,
                              &j->ce.tm_id, &j->tm_err);
    size_t repaired;
    if (j->tm_rc == ANV_OK && s->tm_pending)
        j->tm_rc = session_repair_tm(s, &repaired, &j->tm_err);
}

static void *job_thread(void *arg)
{
    job_write(arg);
    return NULL;
}


/* Put back what a confirm changed in memory: its copies, then the unit. */
static void unconfirm_units(session *s, const confirm_job *j)
{
    restore_units(s, &j->pe);
    restore_units(s, &j->ce);
}

/* The end of a confirm, once its writes are done: the history, the
 * message, or, when the project could not be saved, everything back as
 * it was, the cursor on the segment again. */
static int job_finish(session *s, session_event *ev, anv_error *err)
{
    confirm_job *j = &s->job;
    ev->pending = 0;
    size_t i = j->ce.units[0].index;
    if (j->save_rc != ANV_OK) {
        unconfirm_units(s, j);
        ev->moved = s->cur != i;
        session_move(s, i);
        int rc = set_draft(s, j->ce.target, strlen(j->ce.target), NULL);
        s->origin = j->ce.origin;
        int save_rc = j->save_rc;
        if (err) {
            *err = j->save_err;
            anv_error_prefix(err, "segment %zu is not confirmed", i + 1);
        }
        session_job_release(j);
        return rc == ANV_OK ? save_rc : rc;
    }
    if (j->tm_rc != ANV_OK)
        s->tm_pending = 1;
    ev->tm_pending = s->tm_pending;
    unretract(s, j->ce.source, j->ce.target);
    /* The words just confirmed are the TM's now: not misspelt again in
     * this session (the next one reads them from the TM). */
    for (size_t k = 0; s->spell && k < j->n_accept; k++) {
        const char *w = j->accept[k];
        spell_accept_word(s->spell, SPELL_AUTO, w, strlen(w), NULL);
        if (s->suggest)
            spell_accept_word(s->suggest, SPELL_AUTO, w, strlen(w), NULL);
    }
    say(ev, SESSION_DONE, "confirmed segment %zu", i + 1);
    if (j->pe.n) {
        say(ev, SESSION_DONE, "; copied to ");
        say_units(ev, &j->pe);
    }
    if (j->all_done)
        say(ev, SESSION_DONE, "; all %zu segments are confirmed",
            xliff_project_unit_count(s->p));
    if (j->tm_rc != ANV_OK)
        say(ev, SESSION_DONE,
            "\nnot in the TM yet: %s (the project has it; it goes into "
            "the TM at the next confirm, or when the project is opened "
            "again)",
            j->tm_err.message);
    if (push_undo(s, &j->ce) != ANV_OK ||
        (j->pe.n && push_undo(s, &j->pe) != ANV_OK))
        clear_undo(s); /* no memory for the history: undo forgets */
    session_job_release(j);
    return ANV_OK;
}

int session_wait(session *s, session_event *ev, anv_error *err)
{
    if (!s->job.threaded)
        return ANV_OK;
    pthread_join(s->job.thread, NULL);
    return job_finish(s, ev, err);
}

/* Copy the draft's flagged words, to accept once the confirm is done. */
static int keep_flags(session *s, confirm_job *j)
{
    if (!s->n_draft_flags)
        return ANV_OK;
    if (!(j->accept = calloc(s->n_draft_flags, sizeof *j->accept)))
        return ANV_ENOMEM;
    for (size_t k = 0; k < s->n_draft_flags; k++)
        if (!(j->accept[j->n_accept++] = strdup(s->draft_flags[k].word)))
            return ANV_ENOMEM;
    return ANV_OK;
}

static int act_confirm(session *s, int force, session_event *ev,
                       anv_error *err)
{
    size_t i = s->cur;
    if (!s->has_draft || !s->draft.len)
        return say(ev, SESSION_REFUSED,
                   "nothing to confirm: the translation is empty");
    int rc = session_view_draft(s, err);
    if (rc != ANV_OK)
        return rc;
    if (!force && checks_hold(s, ev))
        return ANV_OK;
    const xliff_unit *u = xliff_project_unit(s->p, i);
    confirm_job *j = &s->job;
    memset(j, 0, sizeof *j);
    size_t cap = 0;
    j->ce.kind = UNDO_CONFIRM;
    j->pe.kind = UNDO_PROPAGATION;
    j->ce.origin = s->origin;
    j->ce.target = strdup(s->draft.data);
    j->ce.source = strdup(u->source);
    if (!j->ce.target || !j->ce.source ||
        append_before(&j->ce, &cap, u, i) != ANV_OK ||
        keep_flags(s, j) != ANV_OK) {
        session_job_release(j);
        return nomem(err);
    }
    /* Confirming a signed-off or final unit again without a change keeps
     * its state. */
    xliff_state state = u->target && strcmp(u->target, j->ce.target) == 0 &&
                                xliff_state_is_confirmed(u->state)
                            ? u->state
                            : XLIFF_STATE_TRANSLATED;
    rc = xliff_unit_set_target(s->p, i, j->ce.target, state,
                               s->origin.qualifier, s->origin.quality,
                               s->origin.marks, err);
    if (rc == ANV_OK)
        rc = propagate(s, i, j->ce.target, &j->pe, err);
    if (rc != ANV_OK) {
        unconfirm_units(s, j);
        session_job_release(j);
        s->view_ok = 0;
        return rc;
    }
    /* The counts are cached before a thread reads the units, so that
     * the views drawn meanwhile only read them. */
    xliff_counts counts;
    xliff_project_count(s->p, XLIFF_ALL_FILES, s->ws, &counts, NULL);
    j->all_done = move_on(s, i);
    ev->moved = s->cur != i;
    if (s->background_save &&
        pthread_create(&j->thread, NULL, job_thread, s) == 0) {
        j->threaded = 1;
        ev->pending = 1;
        return ANV_OK;
    }
    job_write(s);
    return job_finish(s, ev, err);
}

/* ---- undo -------------------------------------------------------------------- */

/* Save after an in-memory change; when that fails, read the project back
 * (the file still has the state before the change). */
static int save_or_reload(session *s, anv_error *err)
{
    int rc = session_save(s, err);
    if (rc != ANV_OK) {
        anv_error keep;
        anv_error_clear(&keep);
        if (err)
            keep = *err;
        session_reload(s, NULL);
        if (err)
            *err = keep;
    }
    return rc;
}

static int act_undo(session *s, session_event *ev, anv_error *err)
{
    if (!s->n_undo)
        return say(ev, SESSION_REFUSED, "nothing to undo");
    undo_entry *e = &s->undo[s->n_undo - 1];
    restore_units(s, e);
    int rc = save_or_reload(s, err);
    if (rc != ANV_OK)
        return rc;
    undo_entry done = *e;
    s->n_undo--;
    if (done.kind == UNDO_PROPAGATION) {
        say(ev, SESSION_DONE, "undone: the copies in segment%s ",
            done.n > 1 ? "s" : "");
        say_units(ev, &done);
        for (size_t k = 0; k < done.n; k++)
            if (done.units[k].index == s->cur)
                session_move(s, s->cur);
        session_undo_entry_free(&done);
        return ANV_OK;
    }
    size_t i = done.units[0].index;
    say(ev, SESSION_DONE, "undone: the confirm of segment %zu", i + 1);
    if (done.tm_created) {
        anv_error terr;
        anv_error_clear(&terr);
        if (session_tm_remove(s, done.source, done.target, &terr) != ANV_OK)
            say(ev, SESSION_DONE, "\nthe TM keeps it: %s", terr.message);
        if (retract(s, done.source, done.target) != ANV_OK)
            rc = nomem(err);
    }
    ev->moved = i != s->cur;
    session_move(s, i);
    /* The undone translation comes back as the draft, to fix. */
    if (rc == ANV_OK)
        rc = set_draft(s, done.target, strlen(done.target), err);
    s->origin = done.origin;
    session_undo_entry_free(&done);
    return rc;
}

/* ---- join and split ------------------------------------------------------------- */

/* After a join or split (rc and xerr: how it went): a refusal (the units
 * cannot be joined, no such split point) is said; another failure reloads
 * the project from disk; a change that stands is saved and clears the
 * undo history, whose units are no longer the ones it recorded.
 * *changed says whether the change stands. */
static int restructured(session *s, int rc, const anv_error *xerr,
                        session_event *ev, anv_error *err, int *changed)
{
    *changed = 0;
    if (rc == ANV_EINVAL)
        return say(ev, SESSION_REFUSED, "%s", xerr->message);
    if (rc != ANV_OK) {
        if (err)
            *err = *xerr;
        session_reload(s, NULL);
        return rc;
    }
    if ((rc = save_or_reload(s, err)) != ANV_OK)
        return rc;
    clear_undo(s);
    *changed = 1;
    return ANV_OK;
}

static int act_join(session *s, session_event *ev, anv_error *err)
{
    size_t i = s->cur;
    anv_error jerr;
    anv_error_clear(&jerr);
    int changed;
    int rc = restructured(s, xliff_project_join(s->p, i, &jerr), &jerr, ev,
                          err, &changed);
    if (rc != ANV_OK || !changed)
        return rc;
    say(ev, SESSION_DONE, "joined segments %zu and %zu", i + 1, i + 2);
    const xliff_unit *u = xliff_project_unit(s->p, i);
    if (xliff_state_is_confirmed(u->state) && u->target && *u->target) {
        int created;
        uint32_t id;
        anv_error terr;
        anv_error_clear(&terr);
        if (session_tm_add(s, i, &created, &id, &terr) != ANV_OK) {
            s->tm_pending = 1;
            ev->tm_pending = 1;
            say(ev, SESSION_DONE, "\nnot in the TM yet: %s", terr.message);
        }
    }
    session_move(s, i);
    return ANV_OK;
}

/* Where to cut: before word n (1-based, words as the tokenizer counts
 * them), or where the text has a '|' that the source does not. */
static int split_point(session *s, const session_action *a, size_t *off,
                       session_event *ev, anv_error *err)
{
    const char *src = xliff_project_unit(s->p, s->cur)->source;
    size_t len = strlen(src);
    if (!a->text) {
        const word_token *tok;
        size_t n, words = 0;
        int rc = word_splitter_split(s->ws, src, len, &tok, &n, err);
        if (rc != ANV_OK)
            return rc;
        for (size_t k = 0; k < n; k++)
            if (tok[k].kind == WORD_LETTERS || tok[k].kind == WORD_NUMBER) {
                if (++words == (size_t)a->n && words > 1) {
                    *off = tok[k].start;
                    return ANV_OK;
                }
            }
        say(ev, SESSION_REFUSED,
            "split before word %ld: the segment has %zu words (2 to %zu)",
            a->n, words, words);
        return ANV_OK;
    }
    strbuf t = STRBUF_INIT;
    int rc = text_append_nfc(&t, a->text, strlen(a->text), err);
    if (rc == ANV_OK) {
        const char *x = t.data ? t.data : "";
        size_t k = 0;
        while (x[k] && x[k] == src[k])
            k++;
        if (x[k] == '|' && strcmp(x + k + 1, src + k) == 0)
            *off = k;
        else
            say(ev, SESSION_REFUSED,
                "put one | where the segment is to be cut and change "
                "nothing else");
    }
    strbuf_release(&t);
    return rc;
}

static int act_split(session *s, const session_action *a, session_event *ev,
                     anv_error *err)
{
    size_t i = s->cur, off = 0;
    int rc = split_point(s, a, &off, ev, err);
    if (rc != ANV_OK || ev->outcome == SESSION_REFUSED)
        return rc;
    anv_error serr;
    anv_error_clear(&serr);
    int changed;
    rc = restructured(s, xliff_project_split(s->p, i, off, &serr), &serr, ev,
                      err, &changed);
    if (rc != ANV_OK || !changed)
        return rc;
    session_move(s, i);
    return say(ev, SESSION_DONE, "split segment %zu into %zu and %zu", i + 1,
               i + 1, i + 2);
}

/* ---- moving, searching, the dictionary -------------------------------------------- */

static int go(session *s, size_t i, session_event *ev)
{
    ev->moved = i != s->cur;
    if (ev->moved)
        session_move(s, i);
    return ANV_OK;
}

static int act_skip(session *s, session_event *ev)
{
    size_t j = next_to_do(s, s->cur);
    if (j == xliff_project_unit_count(s->p) || j == s->cur)
        return say(ev, SESSION_REFUSED, "no other segment to translate");
    return go(s, j, ev);
}

/* A big TM not read (tm_matcher_opts.read_up_to) is searched through its
 * index and journal, rather than read whole for it (the matcher decides). */
static int act_concordance(session *s, const char *q, session_event *ev,
                           anv_error *err)
{
    if (!q || !*q)
        return say(ev, SESSION_REFUSED, "concordance: give words to find");
    conc_opts o = {CONC_BOTH, 0, 20};
    tm_conc_result_release(&s->conc);
    int rc = tm_matcher_concordance(s->tms[0].m, q, &o, &s->conc, err);
    if (rc != ANV_OK)
        return rc;
    size_t n = s->conc.n, total = s->conc.total;
    session_conc_hit *h = n ? realloc(s->hits, n * sizeof *h) : s->hits;
    if (n && !h)
        return nomem(err);
    s->hits = h;
    s->n_hits = n;
    for (size_t k = 0; k < n; k++) {
        const tm_conc_hit *c = &s->conc.hits[k];
        h[k] = (session_conc_hit){c->source, c->target, c->source_len,
                                  c->target_len, c->side, c->start, c->end};
    }
    ev->hits = s->hits;
    ev->n_hits = s->n_hits;
    ev->total_hits = total;
    if (!total)
        return say(ev, SESSION_DONE, "no unit of the TM has \"%s\"", q);
    say(ev, SESSION_DONE, "%zu unit%s of the TM %s \"%s\"", total,
        total == 1 ? "" : "s", total == 1 ? "has" : "have", q);
    if (total > s->n_hits)
        say(ev, SESSION_DONE, " (the newest %zu shown)", s->n_hits);
    return ANV_OK;
}

static int act_add_word(session *s, const char *w, session_event *ev,
                        anv_error *err)
{
    if (!s->spell)
        return say(ev, SESSION_REFUSED, "spelling is not checked%s%s",
                   s->spell_error.code ? ": " : "",
                   s->spell_error.message);
    if (!w || !*w)
        return say(ev, SESSION_REFUSED, "add which word?");
    anv_error e;
    anv_error_clear(&e);
    int r = spell_add_personal_word(s->spell, SPELL_AUTO, w, strlen(w), &e);
    if (r == ANV_EINVAL)
        return say(ev, SESSION_REFUSED, "%s", e.message);
    if (r < 0) {
        if (err)
            *err = e;
        return r;
    }
    if (s->suggest) /* and offer it from now on */
        spell_accept_word(s->suggest, SPELL_AUTO, w, strlen(w), NULL);
    s->view_ok = 0; /* the source's flags change too */
    return say(ev, SESSION_DONE,
               r ? "\"%s\" added to your dictionary"
                 : "\"%s\" is already in your dictionary",
               w);
}

/* ---- drafts left behind ------------------------------------------------------------ */

int session_keep_draft(session *s, int *kept, anv_error *err)
{
    if (kept)
        *kept = 0;
    const xliff_unit *u = xliff_project_unit(s->p, s->cur);
    if (!s->has_draft || !s->draft.len ||
        (u->target && strcmp(u->target, s->draft.data) == 0))
        return ANV_OK;
    /* As in memoQ and Trados, a translation edited and left without a
     * confirm is kept as a draft: the project holds it, not confirmed
     * (needs-review-translation), and the TM keeps what was confirmed
     * before, if anything.  `was` is the unit as it was, to put back
     * when the save fails. */
    size_t i = s->cur;
    unit_before was;
    if (record_unit(&was, u, i) != ANV_OK)
        return nomem(err);
    int rc = xliff_unit_set_target(s->p, i, s->draft.data,
                                   XLIFF_STATE_NEEDS_REVIEW_TRANSLATION,
                                   s->origin.qualifier, s->origin.quality,
                                   s->origin.marks, err);
    if (rc == ANV_OK && (rc = session_save(s, err)) != ANV_OK)
        restore_unit(s, &was);
    free(was.target);
    if (rc != ANV_OK) {
        anv_error_prefix(err, "the draft of segment %zu is not saved", i + 1);
        return rc;
    }
    /* The view stays: it depends on the source and the draft, not on the
     * target.  A warning about the draft is given again at a confirm. */
    s->warned = 0;
    if (kept)
        *kept = 1;
    return ANV_OK;
}

/* ---- the dispatcher ----------------------------------------------------------------- */

static int dispatch(session *s, const session_action *a, session_event *ev,
                    anv_error *err);

int session_do(session *s, const session_action *a, session_event *ev,
               anv_error *err)
{
    ev->outcome = SESSION_DONE;
    strbuf_clear(&ev->message);
    ev->moved = 0;
    ev->pending = 0;
    ev->hits = NULL;
    ev->n_hits = ev->total_hits = 0;
    /* A confirm still writing: finish it first (its message comes first). */
    int rc = session_wait(s, ev, err);
    if (rc != ANV_OK)
        return rc;
    if (ev->message.len)
        strbuf_append_char(&ev->message, '\n');
    ev->tm_pending = s->tm_pending;
    int kept = 0;
    size_t at = s->cur;
    switch (a->verb) {
    case SESSION_SKIP:
    case SESSION_NEXT:
    case SESSION_PREV:
    case SESSION_GOTO:
    case SESSION_JOIN:
    case SESSION_SPLIT:
    case SESSION_UNDO:
    case SESSION_QUIT:
        /* leaving the segment, or changing it: its draft is kept first */
        if ((rc = session_keep_draft(s, &kept, err)) != ANV_OK)
            return rc;
        break;
    default: break;
    }
    rc = dispatch(s, a, ev, err);
    if (rc == ANV_OK && kept) {
        if (ev->message.len)
            strbuf_append_char(&ev->message, '\n');
        say(ev, ev->outcome, "segment %zu: your draft is kept (not confirmed)",
            at + 1);
    }
    return rc;
}

/* The action itself, once a draft left behind is kept. */
static int dispatch(session *s, const session_action *a, session_event *ev,
                    anv_error *err)
{
    size_t n = xliff_project_unit_count(s->p);
    switch (a->verb) {
    case SESSION_TAKE: return act_take(s, a->n, ev, err);
    case SESSION_COPY_SOURCE: return act_copy_source(s, ev, err);
    case SESSION_EDIT: return act_edit(s, a->text, ev, err);
    case SESSION_CONFIRM: return act_confirm(s, 0, ev, err);
    case SESSION_CONFIRM_FORCE: return act_confirm(s, 1, ev, err);
    case SESSION_SKIP: return act_skip(s, ev);
    case SESSION_NEXT:
        if (s->cur + 1 >= n)
            return say(ev, SESSION_REFUSED, "this is the last segment");
        return go(s, s->cur + 1, ev);
    case SESSION_PREV:
        if (s->cur == 0)
            return say(ev, SESSION_REFUSED, "this is the first segment");
        return go(s, s->cur - 1, ev);
    case SESSION_GOTO:
        if (a->n < 1) /* not a number */
            return say(ev, SESSION_REFUSED, "go to which segment? Give its "
                       "number, 1 to %zu", n);
        if ((size_t)a->n > n)
            return say(ev, SESSION_REFUSED, "no segment %ld (1 to %zu)",
                       a->n, n);
        return go(s, (size_t)a->n - 1, ev);
    case SESSION_CONCORDANCE: return act_concordance(s, a->text, ev, err);
    case SESSION_ADD_WORD: return act_add_word(s, a->text, ev, err);
    case SESSION_JOIN: return act_join(s, ev, err);
    case SESSION_SPLIT: return act_split(s, a, ev, err);
    case SESSION_UNDO: return act_undo(s, ev, err);
    case SESSION_SHOW:
    case SESSION_HELP:
    case SESSION_QUIT: return ANV_OK;
    }
    return anv_error_set(err, ANV_EINVAL, "unknown action");
}

/* ---- the script language ------------------------------------------------------------ */

enum { ARG_NONE, ARG_NUMBER, ARG_TEXT, ARG_SPLIT };

static const struct {
    const char *name, *alias;
    session_verb verb;
    int arg;
} verbs[] = {
    {"take", "t", SESSION_TAKE, ARG_NUMBER},
    {"copy-source", NULL, SESSION_COPY_SOURCE, ARG_NONE},
    {"edit", "e", SESSION_EDIT, ARG_TEXT},
    {"confirm", "c", SESSION_CONFIRM, ARG_NONE},
    {"confirm!", "c!", SESSION_CONFIRM_FORCE, ARG_NONE},
    {"skip", "s", SESSION_SKIP, ARG_NONE},
    {"next", "n", SESSION_NEXT, ARG_NONE},
    {"prev", "p", SESSION_PREV, ARG_NONE},
    {"previous", NULL, SESSION_PREV, ARG_NONE},
    {"goto", "g", SESSION_GOTO, ARG_NUMBER},
    {"concordance", NULL, SESSION_CONCORDANCE, ARG_TEXT},
    {"add-word", "a", SESSION_ADD_WORD, ARG_TEXT},
    {"join", "J", SESSION_JOIN, ARG_NONE},
    {"split", "S", SESSION_SPLIT, ARG_SPLIT},
    {"undo", "u", SESSION_UNDO, ARG_NONE},
    {"show", NULL, SESSION_SHOW, ARG_NONE},
    {"help", "?", SESSION_HELP, ARG_NONE},
    {"quit", "q", SESSION_QUIT, ARG_NONE},
};

static int parse_number(const char *s, long *out)
{
    if (!isdigit((unsigned char)*s))
        return -1;
    char *end;
    long v = strtol(s, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end || v < 1)
        return -1;
    *out = v;
    return 0;
}

int session_action_parse(const char *line, session_action *a, anv_error *err)
{
    memset(a, 0, sizeof *a);
    while (*line == ' ' || *line == '\t')
        line++;
    if (*line == ':')
        line++;
    if (!*line || *line == '#')
        return ANV_ENOTFOUND;
    /* "/words": a concordance search, as in less and vi. */
    if (*line == '/') {
        a->verb = SESSION_CONCORDANCE;
        for (a->text = line + 1; *a->text == ' ' || *a->text == '\t';)
            a->text++;
        return ANV_OK;
    }
    /* ":12" goes to segment 12, as in vi. */
    if (isdigit((unsigned char)*line)) {
        a->verb = SESSION_GOTO;
        if (parse_number(line, &a->n) == 0)
            return ANV_OK;
        return anv_error_set(err, ANV_EINVAL, "'%s' is not a segment number",
                             line);
    }
    size_t wl = strcspn(line, " \t");
    const char *arg = line + wl;
    while (*arg == ' ' || *arg == '\t')
        arg++;
    for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++) {
        const char *al = verbs[k].alias;
        if (!((strlen(verbs[k].name) == wl &&
               memcmp(verbs[k].name, line, wl) == 0) ||
              (al && strlen(al) == wl && memcmp(al, line, wl) == 0)))
            continue;
        a->verb = verbs[k].verb;
        switch (verbs[k].arg) {
        case ARG_NONE:
            if (*arg)
                return anv_error_set(err, ANV_EINVAL,
                                     "%s takes no argument", verbs[k].name);
            return ANV_OK;
        case ARG_NUMBER:
            if (parse_number(arg, &a->n) != 0)
                return anv_error_set(err, ANV_EINVAL, "%s wants a number%s",
                                     verbs[k].name,
                                     a->verb == SESSION_TAKE ? " (1-9)" : "");
            return ANV_OK;
        case ARG_TEXT:
            a->text = arg;
            return ANV_OK;
        case ARG_SPLIT:
            if (parse_number(arg, &a->n) == 0)
                return ANV_OK;
            if (!strchr(arg, '|'))
                return anv_error_set(err, ANV_EINVAL,
                                     "split wants a word number, or the "
                                     "source with a | where to cut");
            a->text = arg;
            return ANV_OK;
        }
    }
    return anv_error_set(err, ANV_EINVAL, "unknown command '%.*s' (try help)",
                         (int)wl, line);
}

/* ---- closing ------------------------------------------------------------------- */

int session_close(session *s, int *saved, anv_error *err)
{
    *saved = 0;
    session_event ev = SESSION_EVENT_INIT;
    int rc = session_wait(s, &ev, err);
    session_event_release(&ev);
    if (rc == ANV_OK)
        rc = session_keep_draft(s, NULL, err);
    if (rc != ANV_OK)
        return rc;
    /* a big TM keeps its journal (saving rewrites the whole file): no need
     * to wait for its store if it is still being read */
    if (!s->n_tms || (!tm_matcher_store_loaded(s->tms[0].m) &&
                      tm_matcher_units(s->tms[0].m) > SESSION_SAVE_TM_MAX))
        return ANV_OK;
    tm_store *store = session_store(s, NULL);
    if (!store || !tm_is_dirty(store) || tm_count(store) > SESSION_SAVE_TM_MAX)
        return ANV_OK;
    rc = tm_save(store, err);
    *saved = rc == ANV_OK;
    if (rc != ANV_OK) /* nothing is lost: the journal has every confirm */
        anv_error_prefix(err, "the TM was not saved (its journal keeps "
                              "every confirm)");
    return rc;
}
