/*
 * test_session.c - the translation session (session.h) driven directly:
 * where it opens, what confirm writes to the project and to the TM, auto-
 * propagation and its undo, the checks before confirming, taking a match
 * with its numbers carried over, join and split, the TM repair after a
 * crash between the two writes, the project lock, and the script
 * language.  Every check reads the files back (a fresh XLIFF read, a
 * fresh TM open), not the session's memory.
 */
#include "testutil.h"
#include "base/fileio.h"

#include <sys/stat.h>
#include <unistd.h>

#include "session/session.h"
#include "tm/tm.h"
#include "match/tm_matcher.h"
#include "project/xliff.h"

typedef struct fx {
    char dir[64];
    char project[128];
    char tm[128];
    char personal[128];
    size_t read_tm_up_to; /* session_opts.read_tm_up_to */
} fx;

static fx F;

static int setup(void **state)
{
    (void)state;
    snprintf(F.dir, sizeof F.dir, "/tmp/anuvad-session.XXXXXX");
    if (!mkdtemp(F.dir))
        return -1;
    snprintf(F.project, sizeof F.project, "%s/doc.xlf", F.dir);
    snprintf(F.tm, sizeof F.tm, "%s/doc.tmx", F.dir);
    snprintf(F.personal, sizeof F.personal, "%s/personal", F.dir);
    F.read_tm_up_to = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", F.dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A one-file project of these sources, saved as F.project. */
static void make_project(const char *const *sources, size_t n)
{
    anv_error err;
    xliff_project *p = xliff_project_new(&err);
    assert_non_null(p);
    assert_int_equal(xliff_project_add_file(p, "doc.hi.txt", NULL, NULL,
                                            &err), ANV_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(xliff_project_add_unit(p, i ? " " : "", sources[i],
                                                NULL, &err), ANV_OK);
    assert_int_equal(xliff_project_save(p, F.project, 0, &err), ANV_OK);
    xliff_project_free(p);
}

static session *open_session_with(int spell, int background_save,
                                  session_open_info *info)
{
    session_opts o;
    session_opts_init(&o);
    o.tm_path = F.tm;
    o.spell = spell;
    o.background_save = background_save;
    o.personal_dir = F.personal;
    o.clock = 1700000000;
    o.read_tm_up_to = F.read_tm_up_to;
    anv_error err;
    anv_error_clear(&err);
    session *s = session_open(F.project, &o, info, &err);
    if (!s)
        fail_msg("session_open: %s", err.message);
    return s;
}

static session *open_session(int spell, session_open_info *info)
{
    return open_session_with(spell, 0, info);
}

/* Run one script line; returns the outcome. */
static session_outcome run(session *s, const char *line, session_event *ev)
{
    session_action a;
    anv_error err;
    anv_error_clear(&err);
    assert_int_equal(session_action_parse(line, &a, &err), ANV_OK);
    if (session_do(s, &a, ev, &err) != ANV_OK)
        fail_msg("%s: %s", line, err.message);
    return ev->outcome;
}

static xliff_project *reread(void)
{
    anv_error err;
    xliff_project *p = xliff_project_read(F.project, &err);
    assert_non_null(p);
    return p;
}

/* Number of TM units with this source and target (the TM read afresh:
 * TMX + journal). */
static size_t tm_count_pair(const char *source, const char *target)
{
    anv_error err;
    tm_open_opts o = {0};
    tm_store *t = tm_open(F.tm, &o, &err);
    if (!t)
        return 0;
    tm_hit *hits;
    size_t n, found = 0;
    assert_int_equal(tm_lookup_exact(t, source, strlen(source), &hits, &n,
                                     &err), ANV_OK);
    for (size_t k = 0; k < n; k++) {
        tm_entry e;
        if (tm_entry_get(t, hits[k].id, &e) && strcmp(e.target, target) == 0)
            found++;
    }
    free(hits);
    tm_free(t);
    return found;
}

static void expect_unit(const xliff_project *p, size_t i, const char *target,
                        xliff_state state, xliff_qualifier q, unsigned marks)
{
    const xliff_unit *u = xliff_project_unit(p, i);
    if (!target) {
        assert_null(u->target);
    } else {
        assert_non_null(u->target);
        assert_string_equal(u->target, target);
    }
    assert_int_equal(u->state, state);
    assert_int_equal(u->qualifier, q);
    assert_int_equal(u->marks, marks);
}

static const char *const seed[] = {
    "रूस ने वापसी शुरू की।",
    "सैनिक 19 जनवरी तक लौटेंगे।",
    "रूस ने वापसी शुरू की।",
    "यह एक वाक्य है।",
    "रूस ने वापसी शुरू की।",
};
#define N_SEED (sizeof seed / sizeof *seed)

/* ---- opening, confirming ---------------------------------------------------- */

static void test_confirm_saves_project_and_tm(void **state)
{
    (void)state;
    make_project(seed, N_SEED);
    session_open_info info;
    session *s = open_session(0, &info);
    assert_int_equal(info.tm_created, 1);
    assert_int_equal(info.recovered, 0);
    assert_int_equal(session_current(s), 0);
    session_event ev = SESSION_EVENT_INIT;
    /* nothing to confirm yet */
    assert_int_equal(run(s, "confirm", &ev), SESSION_REFUSED);
    run(s, "edit Russia began the withdrawal.", &ev);
    assert_int_equal(run(s, "confirm", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data,
                        "confirmed segment 1; copied to 3, 5");
    assert_int_equal(ev.moved, 1);
    assert_int_equal(session_current(s), 1); /* 3 and 5 are done */

    xliff_project *p = reread();
    expect_unit(p, 0, "Russia began the withdrawal.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_NONE, 0);
    expect_unit(p, 1, NULL, XLIFF_STATE_NONE, XLIFF_QUAL_NONE, 0);
    expect_unit(p, 2, "Russia began the withdrawal.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_LEVERAGED_INHERITED, XLIFF_MARK_PROPAGATED);
    expect_unit(p, 4, "Russia began the withdrawal.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_LEVERAGED_INHERITED, XLIFF_MARK_PROPAGATED);
    xliff_project_free(p);
    /* the TM has it once (the copies are not added again) */
    assert_int_equal(tm_count_pair(seed[0], "Russia began the withdrawal."),
                     1);

    /* the number check holds the next confirm back once */
    run(s, "edit The soldiers will return by January.", &ev);
    assert_int_equal(run(s, "confirm", &ev), SESSION_WARNED);
    assert_string_equal(ev.message.data, "not confirmed yet: numbers "
                                         "missing: 19; confirm again to "
                                         "accept");
    assert_int_equal(session_current(s), 1);
    p = reread();
    expect_unit(p, 1, NULL, XLIFF_STATE_NONE, XLIFF_QUAL_NONE, 0);
    xliff_project_free(p);
    /* a changed draft is checked again; the same one accepted */
    run(s, "edit The soldiers return by January.", &ev);
    assert_int_equal(run(s, "confirm", &ev), SESSION_WARNED);
    assert_int_equal(run(s, "confirm", &ev), SESSION_DONE);
    assert_int_equal(session_current(s), 3);
    session_event_release(&ev);
    session_free(s);

    /* reopening resumes at the first unconfirmed segment */
    s = open_session(0, &info);
    assert_int_equal(info.tm_created, 0);
    assert_int_equal(info.recovered, 0);
    assert_int_equal(session_current(s), 3);
    session_view v;
    anv_error err;
    assert_int_equal(session_view_get(s, &v, &err), ANV_OK);
    assert_int_equal(v.counts.confirmed_units, 4);
    assert_int_equal(v.counts.total_units, 5);
    /* closing folds the journal of a small TM into its TMX */
    int saved;
    assert_int_equal(session_close(s, &saved, &err), ANV_OK);
    assert_int_equal(saved, 1);
    session_free(s);
    assert_int_equal(access(F.tm, F_OK), 0);
    assert_int_equal(tm_count_pair(seed[0], "Russia began the withdrawal."),
                     1);
}

static void test_lock(void **state)
{
    (void)state;
    make_project(seed, N_SEED);
    session *s = open_session(0, NULL);
    session_opts o;
    session_opts_init(&o);
    o.tm_path = F.tm;
    o.spell = 0;
    anv_error err;
    anv_error_clear(&err);
    assert_null(session_open(F.project, &o, NULL, &err));
    assert_int_equal(err.code, ANV_ELOCKED);
    session_free(s);
    session *again = session_open(F.project, &o, NULL, &err);
    assert_non_null(again);
    session_free(again);
    /* no lock file is left behind once the session is closed */
    char lock[600];
    snprintf(lock, sizeof lock, "%s.lock", F.project);
    assert_false(fileio_exists(lock));
}

/* The translate screen's "g" with something that is not a number asks
 * for one, instead of "no segment 0". */
static void test_goto_without_a_number(void **state)
{
    (void)state;
    make_project(seed, N_SEED);
    session *s = open_session(0, NULL);
    session_event ev = SESSION_EVENT_INIT;
    session_action a;
    memset(&a, 0, sizeof a);
    a.verb = SESSION_GOTO;
    a.n = 0;
    anv_error err;
    anv_error_clear(&err);
    assert_int_equal(session_do(s, &a, &ev, &err), ANV_OK);
    assert_int_equal(ev.outcome, SESSION_REFUSED);
    char want[80];
    snprintf(want, sizeof want,
             "go to which segment? Give its number, 1 to %zu", N_SEED);
    assert_string_equal(ev.message.data, want);
    session_event_release(&ev);
    session_free(s);
}

/* ---- propagation and undo ----------------------------------------------------------- */

static void undo_scenario(void)
{
    make_project(seed, N_SEED);
    session *s = open_session(0, NULL);
    session_event ev = SESSION_EVENT_INIT;
    run(s, "edit Russia began the withdrawal.", &ev);
    run(s, "confirm", &ev);
    assert_int_equal(run(s, "undo", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data, "undone: the copies in segments 3, 5");
    xliff_project *p = reread();
    expect_unit(p, 0, "Russia began the withdrawal.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_NONE, 0);
    expect_unit(p, 2, NULL, XLIFF_STATE_NONE, XLIFF_QUAL_NONE, 0);
    expect_unit(p, 4, NULL, XLIFF_STATE_NONE, XLIFF_QUAL_NONE, 0);
    xliff_project_free(p);
    assert_int_equal(run(s, "undo", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data, "undone: the confirm of segment 1");
    assert_int_equal(session_current(s), 0);
    p = reread();
    expect_unit(p, 0, NULL, XLIFF_STATE_NONE, XLIFF_QUAL_NONE, 0);
    xliff_project_free(p);
    /* the TM unit the confirm made is gone, and lookups no longer see it */
    assert_int_equal(tm_count_pair(seed[0], "Russia began the withdrawal."),
                     0);
    session_view v;
    anv_error err;
    assert_int_equal(session_view_get(s, &v, &err), ANV_OK);
    assert_int_equal(v.n_matches, 0);
    /* the undone text comes back as the draft, not saved */
    assert_string_equal(v.draft, "Russia began the withdrawal.");
    assert_int_equal(v.draft_saved, 0);
    assert_int_equal(run(s, "undo", &ev), SESSION_REFUSED);

    /* confirm again, then a re-confirm with another text updates the
     * propagated copies but not a unit the translator confirmed */
    run(s, "confirm", &ev);           /* 1, copies in 3 and 5 */
    run(s, "goto 5", &ev);
    run(s, "edit Russia started pulling out.", &ev);
    run(s, "confirm", &ev);           /* 5 is the translator's now */
    run(s, "goto 1", &ev);
    run(s, "edit Russia has begun withdrawing.", &ev);
    run(s, "confirm", &ev);
    assert_string_equal(ev.message.data, "confirmed segment 1; copied to 3");
    p = reread();
    expect_unit(p, 2, "Russia has begun withdrawing.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_LEVERAGED_INHERITED, XLIFF_MARK_PROPAGATED);
    expect_unit(p, 4, "Russia started pulling out.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_LEVERAGED_INHERITED, 0);
    xliff_project_free(p);
    /* both translations are in the TM (newest first in lookups) */
    assert_int_equal(tm_count_pair(seed[0], "Russia began the withdrawal."),
                     1);
    assert_int_equal(tm_count_pair(seed[0], "Russia has begun withdrawing."),
                     1);
    /* undo the copy, then the confirm: the copy in 3 holds the first
     * translation again, 1 too */
    run(s, "undo", &ev);
    run(s, "undo", &ev);
    p = reread();
    expect_unit(p, 0, "Russia began the withdrawal.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_NONE, 0);
    expect_unit(p, 2, "Russia began the withdrawal.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_LEVERAGED_INHERITED, XLIFF_MARK_PROPAGATED);
    xliff_project_free(p);
    assert_int_equal(tm_count_pair(seed[0], "Russia has begun withdrawing."),
                     0);
    session_event_release(&ev);
    session_free(s);
}

/* ---- matches ---------------------------------------------------------------------------- */

static void add_to_tm(const char *source, const char *target)
{
    anv_error err;
    tm_open_opts o = {0};
    o.write = o.create = 1;
    tm_store *t = tm_open(F.tm, &o, &err);
    assert_non_null(t);
    assert_int_equal(tm_add(t, source, target, NULL, NULL, NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(tm_save(t, &err), ANV_OK);
    tm_free(t);
}

/* A TM of two units, and sessions that do not read a TM of more than
 * one. */
static void tm_bigger_than_read(void)
{
    add_to_tm("बिल्ली सो रही है।", "The cat is asleep.");
    add_to_tm("आज बारिश हुई।", "It rained today.");
    F.read_tm_up_to = 1;
}

/* The TM's journal has "use" records, "del" ones as `del` says, and no
 * "put" (written only by a store that was read). */
static void expect_journal_records(int use, int del)
{
    char jp[160], *data;
    size_t len;
    anv_error err;
    snprintf(jp, sizeof jp, "%s.journal", F.tm);
    assert_int_equal(fileio_read_all(jp, 1 << 20, &data, &len, &err), 0);
    assert_int_equal(strstr(data, "\nuse ") != NULL, use);
    assert_int_equal(strstr(data, "\ndel ") != NULL, del);
    assert_null(strstr(data, "\nput "));
    free(data);
}

static void test_undo(void **state)
{
    (void)state;
    undo_scenario();
}

/* The same with a TM bigger than read_tm_up_to: confirms and the undo go
 * to its journal without its store, with the same outcome. */
static void test_undo_with_the_tm_unread(void **state)
{
    (void)state;
    tm_bigger_than_read();
    undo_scenario();
    assert_int_equal(tm_count_pair("आज बारिश हुई।", "It rained today."), 1);
    /* journaled as confirms ("use") and a removal, the store never read */
    expect_journal_records(1, 1);
}


static void test_take_carries_numbers(void **state)
{
    (void)state;
    static const char *const src[] = {"21 जनवरी को बैठक हुई।",
                                      "बैठक 19 जनवरी को हुई।"};
    make_project(src, 2);
    add_to_tm("19 जनवरी को बैठक हुई।", "The meeting was held on January 19.");
    session *s = open_session(0, NULL);
    session_view v;
    anv_error err;
    assert_int_equal(session_view_get(s, &v, &err), ANV_OK);
    assert_int_equal(v.n_matches, 1);
    assert_int_equal(v.matches[0].score, 99);
    assert_int_equal(v.matches[0].number_mismatches, 1);
    assert_string_equal(v.matches[0].origin, "doc.tmx");
    assert_int_equal(v.n_numbers, 2);
    assert_string_equal(v.numbers[0].english, "21");
    assert_int_equal(v.numbers[0].in_draft, 0);
    assert_int_equal(v.n_numbers_missing, 2);
    session_event ev = SESSION_EVENT_INIT;
    assert_int_equal(run(s, "take 2", &ev), SESSION_REFUSED);
    assert_int_equal(run(s, "take 1", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data,
                        "match 1 (99%) taken; numbers carried over: 19→21");
    assert_int_equal(session_view_get(s, &v, &err), ANV_OK);
    assert_string_equal(v.draft, "The meeting was held on January 21.");
    assert_int_equal(v.n_numbers_missing, 0);
    assert_int_equal(run(s, "confirm", &ev), SESSION_DONE);
    xliff_project *p = reread();
    expect_unit(p, 0, "The meeting was held on January 21.",
                XLIFF_STATE_TRANSLATED, XLIFF_QUAL_FUZZY_MATCH,
                XLIFF_MARK_NUMBERS_FIXED);
    assert_int_equal(xliff_project_unit(p, 0)->match_quality, 99);
    xliff_project_free(p);
    session_event_release(&ev);
    session_free(s);
}

/* The matches pre-translation stored (<alt-trans>) are shown too, with
 * their diff, after the live ones. */
static void test_stored_matches(void **state)
{
    (void)state;
    static const char *const src[] = {"यह एक वाक्य है।"};
    anv_error err;
    xliff_project *p = xliff_project_new(&err);
    xliff_project_add_file(p, "doc.hi.txt", NULL, NULL, &err);
    xliff_project_add_unit(p, "", src[0], NULL, &err);
    xliff_match m = {80, "old.tmx", "यह एक छोटा वाक्य है।",
                     "This is a short sentence.", NULL, NULL};
    assert_int_equal(xliff_unit_add_match(p, 0, &m, &err), ANV_OK);
    assert_int_equal(xliff_project_save(p, F.project, 0, &err), ANV_OK);
    xliff_project_free(p);
    add_to_tm("यह एक वाक्य है।", "This is one sentence.");
    session *s = open_session(0, NULL);
    session_view v;
    assert_int_equal(session_view_get(s, &v, &err), ANV_OK);
    assert_int_equal(v.n_matches, 2);
    assert_int_equal(v.matches[0].score, 100);
    assert_int_equal(v.matches[0].stored, 0);
    assert_int_equal(v.matches[1].score, 80);
    assert_int_equal(v.matches[1].stored, 1);
    assert_string_equal(v.matches[1].origin, "old.tmx");
    strbuf b = STRBUF_INIT;
    match_result r = {0};
    r.diff = v.matches[1].diff;
    r.n_diff = v.matches[1].n_diff;
    assert_int_equal(match_diff_append_marked(&b, &r, v.matches[1].source,
                                              strlen(v.matches[1].source),
                                              v.query), ANV_OK);
    assert_string_equal(b.data, "यह एक [-छोटा-] वाक्य है।");
    strbuf_release(&b);
    session_free(s);
}

/* ---- join and split --------------------------------------------------------------- */

static void test_join_split(void **state)
{
    (void)state;
    static const char *const src[] = {"पहला वाक्य।", "दूसरा वाक्य।",
                                      "तीसरा वाक्य।"};
    make_project(src, 3);
    session *s = open_session(0, NULL);
    session_event ev = SESSION_EVENT_INIT;
    assert_int_equal(run(s, "join", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data, "joined segments 1 and 2");
    xliff_project *p = reread();
    assert_int_equal(xliff_project_unit_count(p), 2);
    assert_string_equal(xliff_project_unit(p, 0)->source,
                        "पहला वाक्य। दूसरा वाक्य।");
    xliff_project_free(p);
    /* split before word 3 gives the two segments back */
    assert_int_equal(run(s, "split 1", &ev), SESSION_REFUSED);
    assert_int_equal(run(s, "split 5", &ev), SESSION_REFUSED);
    assert_string_equal(ev.message.data, "split before word 5: the segment "
                                         "has 4 words (2 to 4)");
    assert_int_equal(run(s, "split 3", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data, "split segment 1 into 1 and 2");
    p = reread();
    assert_int_equal(xliff_project_unit_count(p), 3);
    assert_string_equal(xliff_project_unit(p, 0)->source, "पहला वाक्य।");
    assert_string_equal(xliff_project_unit(p, 1)->source, "दूसरा वाक्य।");
    xliff_project_free(p);
    /* at a marked place */
    run(s, "goto 3", &ev);
    assert_int_equal(run(s, "split तीसर|ा वाक्य।", &ev), SESSION_REFUSED);
    assert_string_equal(ev.message.data,
                        "split point 12 is inside a character");
    assert_int_equal(run(s, "split तीसरा |वाक्य।", &ev), SESSION_DONE);
    assert_int_equal(run(s, "split तीसरा |वाक्य!", &ev), SESSION_REFUSED);
    p = reread();
    assert_int_equal(xliff_project_unit_count(p), 4);
    assert_string_equal(xliff_project_unit(p, 2)->source, "तीसरा");
    assert_string_equal(xliff_project_unit(p, 3)->source, "वाक्य।");
    xliff_project_free(p);
    /* join and split leave nothing to undo; the last one can't join */
    assert_int_equal(run(s, "undo", &ev), SESSION_REFUSED);
    run(s, "goto 4", &ev);
    assert_int_equal(run(s, "join", &ev), SESSION_REFUSED);
    /* joining two confirmed segments gives a confirmed one, in the TM */
    run(s, "goto 1", &ev);
    run(s, "edit First.", &ev);
    run(s, "confirm", &ev);
    run(s, "edit Second.", &ev);
    run(s, "confirm", &ev);
    run(s, "goto 1", &ev);
    run(s, "join", &ev);
    p = reread();
    expect_unit(p, 0, "First. Second.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_NONE, 0);
    xliff_project_free(p);
    assert_int_equal(tm_count_pair("पहला वाक्य। दूसरा वाक्य।",
                                   "First. Second."), 1);
    session_event_release(&ev);
    session_free(s);
}

/* ---- crash safety ------------------------------------------------------------------ */

/* The process died after saving the project, before the TM write: the
 * next open adds the translation to the TM. */
static void test_repair_after_crash(void **state)
{
    (void)state;
    make_project(seed, N_SEED);
    session *s = open_session(0, NULL);
    session_event ev = SESSION_EVENT_INIT;
    run(s, "goto 2", &ev);
    run(s, "edit Soldiers return by 19 January.", &ev);
    run(s, "confirm", &ev);
    session_event_release(&ev);
    session_free(s);
    assert_int_equal(tm_count_pair(seed[1], "Soldiers return by 19 January."),
                     1);
    /* what the TM looks like when the journal append never happened */
    char path[256];
    snprintf(path, sizeof path, "%s.journal", F.tm);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(tm_count_pair(seed[1], "Soldiers return by 19 January."),
                     0);
    session_open_info info;
    s = open_session(0, &info);
    assert_int_equal(info.recovered, 1);
    session_free(s);
    assert_int_equal(tm_count_pair(seed[1], "Soldiers return by 19 January."),
                     1);
    /* and in context: a lookup with the segment's neighbours is 101 */
    anv_error err;
    tm_matcher *m = tm_matcher_open(F.tm, NULL, NULL, &err);
    assert_non_null(m);
    tm_searcher *ts = tm_searcher_new(m, &err);
    tm_query q = {seed[1], seed[0], seed[2], 100, 5, 0};
    tm_matches r;
    assert_int_equal(tm_lookup(ts, &q, &r, &err), ANV_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.match[0].score, 101);
    tm_searcher_free(ts);
    tm_matcher_free(m);
}

/* With background_save the next segment can be shown while the confirm
 * is written; session_wait() reports it.  A project that cannot be saved
 * undoes the confirm: the cursor goes back, the translation becomes the
 * draft again, the TM is not written. */
static void test_background_save_and_failure(void **state)
{
    (void)state;
    make_project(seed, N_SEED);
    anv_error err;
    anv_error_clear(&err);
    session *s = open_session_with(0, 1, NULL);
    session_event ev = SESSION_EVENT_INIT;
    run(s, "goto 2", &ev);
    run(s, "edit Soldiers return by 19 January.", &ev);
    assert_int_equal(run(s, "confirm", &ev), SESSION_DONE);
    assert_int_equal(ev.pending, 1);
    assert_int_equal(ev.message.len, 0);
    assert_int_equal(session_current(s), 2); /* the next one to do */
    session_view v;
    assert_int_equal(session_view_get(s, &v, &err), ANV_OK);
    assert_int_equal(v.index, 2);
    assert_int_equal(session_wait(s, &ev, &err), ANV_OK);
    assert_int_equal(ev.pending, 0);
    assert_string_equal(ev.message.data, "confirmed segment 2");
    assert_int_equal(tm_count_pair(seed[1], "Soldiers return by 19 January."),
                     1);

    /* the project's place is taken by a folder: the save fails */
    char moved[160];
    snprintf(moved, sizeof moved, "%s.away", F.project);
    assert_int_equal(rename(F.project, moved), 0);
    assert_int_equal(mkdir(F.project, 0755), 0);
    run(s, "goto 1", &ev);
    run(s, "edit Russia began the withdrawal.", &ev);
    assert_int_equal(run(s, "confirm", &ev), SESSION_DONE);
    assert_int_equal(ev.pending, 1);
    assert_int_not_equal(session_wait(s, &ev, &err), ANV_OK);
    assert_non_null(strstr(err.message, "segment 1 is not confirmed"));
    assert_int_equal(session_current(s), 0);
    assert_int_equal(session_view_get(s, &v, &err), ANV_OK);
    assert_null(v.unit->target);
    assert_string_equal(v.draft, "Russia began the withdrawal.");
    assert_int_equal(v.counts.confirmed_units, 1); /* the copies too */
    assert_int_equal(tm_count_pair(seed[0], "Russia began the withdrawal."),
                     0);
    /* nothing to undo but the earlier confirm */
    assert_int_equal(rmdir(F.project), 0);
    assert_int_equal(rename(moved, F.project), 0);
    assert_int_equal(run(s, "confirm", &ev), SESSION_DONE);
    assert_int_equal(session_wait(s, &ev, &err), ANV_OK);
    assert_string_equal(ev.message.data,
                        "confirmed segment 1; copied to 3, 5");
    session_event_release(&ev);
    session_free(s);
    xliff_project *p = reread();
    expect_unit(p, 0, "Russia began the withdrawal.", XLIFF_STATE_TRANSLATED,
                XLIFF_QUAL_NONE, 0);
    xliff_project_free(p);
}

/* A draft left without a confirm is kept in the project, not confirmed,
 * and the TM does not get it; editing a confirmed unit and leaving it
 * unconfirms it (as memoQ and Trados do); closing keeps the draft too. */
static void test_draft_is_kept(void **state)
{
    (void)state;
    make_project(seed, N_SEED);
    anv_error err;
    anv_error_clear(&err);
    session *s = open_session(0, NULL);
    session_event ev = SESSION_EVENT_INIT;
    run(s, "edit Russia began", &ev);
    assert_int_equal(run(s, "next", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data,
                        "segment 1: your draft is kept (not confirmed)");
    xliff_project *p = reread();
    expect_unit(p, 0, "Russia began", XLIFF_STATE_NEEDS_REVIEW_TRANSLATION,
                XLIFF_QUAL_NONE, 0);
    xliff_project_free(p);
    assert_int_equal(tm_count_pair(seed[0], "Russia began"), 0);

    /* moving on without a change keeps nothing and says nothing */
    assert_int_equal(run(s, "prev", &ev), SESSION_DONE);
    assert_int_equal(ev.message.len, 0);
    assert_int_equal(run(s, "next", &ev), SESSION_DONE);
    assert_int_equal(ev.message.len, 0);

    /* a confirmed unit edited and left: unconfirmed, the TM unchanged */
    run(s, "edit Soldiers return by 19 January.", &ev);
    assert_int_equal(run(s, "confirm", &ev), SESSION_DONE);
    run(s, "goto 2", &ev);
    run(s, "edit Soldiers come back by 19 January.", &ev);
    assert_int_equal(run(s, "goto 4", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data,
                        "segment 2: your draft is kept (not confirmed)");
    p = reread();
    expect_unit(p, 1, "Soldiers come back by 19 January.",
                XLIFF_STATE_NEEDS_REVIEW_TRANSLATION, XLIFF_QUAL_NONE, 0);
    xliff_project_free(p);
    assert_int_equal(tm_count_pair(seed[1], "Soldiers return by 19 January."),
                     1);
    assert_int_equal(tm_count_pair(seed[1],
                                   "Soldiers come back by 19 January."),
                     0);

    /* closing keeps the draft of the segment on screen */
    run(s, "edit A draft at the end", &ev);
    int saved;
    assert_int_equal(session_close(s, &saved, &err), ANV_OK);
    session_event_release(&ev);
    session_free(s);
    p = reread();
    expect_unit(p, 3, "A draft at the end",
                XLIFF_STATE_NEEDS_REVIEW_TRANSLATION, XLIFF_QUAL_NONE, 0);
    xliff_project_free(p);
}

/* ---- spelling ------------------------------------------------------------------------ */

static void test_spelling(void **state)
{
    (void)state;
    static const char *const src[] = {"यह एक वाक्य है।"};
    make_project(src, 1);
    session *s = open_session(1, NULL);
    session_event ev = SESSION_EVENT_INIT;
    run(s, "edit This is a sentense.", &ev);
    session_view v;
    anv_error err;
    assert_int_equal(session_view_get(s, &v, &err), ANV_OK);
    assert_int_equal(v.spell_off, 0);
    assert_int_equal(v.n_source_flags, 0);
    assert_int_equal(v.n_draft_flags, 1);
    assert_string_equal(v.draft_flags[0].word, "sentense");
    assert_int_equal(run(s, "confirm", &ev), SESSION_WARNED);
    assert_non_null(strstr(ev.message.data, "misspelt: sentense (sentence"));
    /* a word the translator adds is accepted from then on */
    assert_int_equal(run(s, "add-word sentense", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data,
                        "\"sentense\" added to your dictionary");
    assert_int_equal(session_view_get(s, &v, &err), ANV_OK);
    assert_int_equal(v.n_draft_flags, 0);
    assert_int_equal(run(s, "add-word two words", &ev), SESSION_REFUSED);
    session_event_release(&ev);
    session_free(s);
    char path[256];
    snprintf(path, sizeof path, "%s/spell-en.txt", F.personal);
    assert_int_equal(access(path, F_OK), 0);
}

/* ---- moving, concordance --------------------------------------------------------------- */

/* With `confirm_after`, segment 2 is confirmed after the searches. */
static void moving_scenario(int confirm_after)
{
    make_project(seed, N_SEED);
    session *s = open_session(0, NULL);
    session_event ev = SESSION_EVENT_INIT;
    assert_int_equal(run(s, "prev", &ev), SESSION_REFUSED);
    assert_int_equal(run(s, "next", &ev), SESSION_DONE);
    assert_int_equal(session_current(s), 1);
    assert_int_equal(run(s, "goto 6", &ev), SESSION_REFUSED);
    assert_int_equal(run(s, ":5", &ev), SESSION_DONE);
    assert_int_equal(run(s, "next", &ev), SESSION_REFUSED);
    assert_int_equal(run(s, "skip", &ev), SESSION_DONE); /* wraps */
    assert_int_equal(session_current(s), 0);
    run(s, "edit Russia began the withdrawal.", &ev);
    run(s, "confirm", &ev);
    /* the concordance finds it on both sides */
    assert_int_equal(run(s, "concordance withdrawal", &ev), SESSION_DONE);
    assert_string_equal(ev.message.data,
                        "1 unit of the TM has \"withdrawal\"");
    assert_int_equal(ev.n_hits, 1);
    assert_int_equal(ev.hits[0].side, CONC_TARGET);
    assert_int_equal(ev.hits[0].end - ev.hits[0].start, 10);
    assert_int_equal(run(s, "/वापसी", &ev), SESSION_DONE);
    assert_int_equal(ev.hits[0].side, CONC_SOURCE);
    assert_int_equal(run(s, "/nothing", &ev), SESSION_DONE);
    assert_int_equal(ev.n_hits, 0);
    if (confirm_after) {
        run(s, ":2", &ev);
        run(s, "edit The soldiers will return by 19 January.", &ev);
        assert_int_equal(run(s, "confirm", &ev), SESSION_DONE);
    }
    session_event_release(&ev);
    session_free(s);
}

static void test_moving(void **state)
{
    (void)state;
    moving_scenario(0);
}

/* The same with a TM bigger than read_tm_up_to: the concordance goes
 * through the index and the journal, and the store is never read (the
 * confirm after it is a "use" record, as the first). */
static void test_moving_with_the_tm_unread(void **state)
{
    (void)state;
    tm_bigger_than_read();
    moving_scenario(1);
    expect_journal_records(1, 0);
}

/* ---- the script language ------------------------------------------------------------ */

static void test_parse(void **state)
{
    (void)state;
    session_action a;
    anv_error err;
    assert_int_equal(session_action_parse("  take 3", &a, &err), ANV_OK);
    assert_int_equal(a.verb, SESSION_TAKE);
    assert_int_equal(a.n, 3);
    assert_int_equal(session_action_parse(":edit  Hello there ", &a, &err),
                     ANV_OK);
    assert_int_equal(a.verb, SESSION_EDIT);
    assert_string_equal(a.text, "Hello there ");
    assert_int_equal(session_action_parse("confirm!", &a, &err), ANV_OK);
    assert_int_equal(a.verb, SESSION_CONFIRM_FORCE);
    assert_int_equal(session_action_parse("g 12", &a, &err), ANV_OK);
    assert_int_equal(a.verb, SESSION_GOTO);
    assert_int_equal(a.n, 12);
    assert_int_equal(session_action_parse("split 4", &a, &err), ANV_OK);
    assert_int_equal(a.n, 4);
    assert_null(a.text);
    assert_int_equal(session_action_parse("split ab|cd", &a, &err), ANV_OK);
    assert_string_equal(a.text, "ab|cd");
    assert_int_equal(session_action_parse("/ वापसी", &a, &err), ANV_OK);
    assert_int_equal(a.verb, SESSION_CONCORDANCE);
    assert_string_equal(a.text, "वापसी");
    assert_int_equal(session_action_parse("# a comment", &a, &err),
                     ANV_ENOTFOUND);
    assert_int_equal(session_action_parse("   ", &a, &err), ANV_ENOTFOUND);
    assert_int_equal(session_action_parse("take", &a, &err), ANV_EINVAL);
    assert_string_equal(err.message, "take wants a number (1-9)");
    assert_int_equal(session_action_parse("confirm now", &a, &err),
                     ANV_EINVAL);
    assert_int_equal(session_action_parse("split here", &a, &err),
                     ANV_EINVAL);
    assert_int_equal(session_action_parse("frobnicate", &a, &err),
                     ANV_EINVAL);
    assert_string_equal(err.message, "unknown command 'frobnicate' (try help)");
}

int main(void)
{
    /* The spelling test needs the shipped word lists (dict/). */
    char root[512];
    setenv("ANUVAD_DATA", root_path(root, sizeof root, ""), 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_confirm_saves_project_and_tm,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_goto_without_a_number, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_undo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_with_the_tm_unread, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_take_carries_numbers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stored_matches, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_join_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repair_after_crash, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_background_save_and_failure,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_draft_is_kept, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_spelling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moving, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moving_with_the_tm_unread, setup,
                                        teardown),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
