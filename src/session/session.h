/*
 * session.h - a translator's session over an XLIFF project: the state
 * machine behind `anuvad translate`, with no terminal I/O.
 *
 * A session opens a project (xliff.h) and the TM confirmed translations go
 * to (tm_matcher.h, opened for writing), and keeps a cursor on one
 * segment and a *draft*: the translation being prepared for it.  The
 * caller (the CLI, a script, a unit test) asks for a view of the current
 * segment -- progress, the source with its misspelt words, the matches
 * with the words that differ, the draft, the numbers to carry over -- and
 * applies actions to it: take a match, edit, confirm, skip, move, search
 * the TM, add a word to the personal dictionary, join, split, undo.
 *
 * What confirming does, in this order:
 *   1. the unit gets the draft as its target, state="translated"; later
 *      identical units that are not confirmed (or hold an earlier
 *      propagated copy) get the same target, marked "propagated"
 *      (auto-propagation);
 *   2. the project is saved: temporary file, fsync, rename (fileio.h);
 *   3. the translation goes into the TM with the segment's neighbours as
 *      context: journaled and fsynced before tm_matcher_add returns.
 * Only then is the confirm reported done.  The project comes first
 * because it is the translator's deliverable and the TM can be rebuilt
 * from it: when the process dies between 2 and 3, the next
 * session_open() finds confirmed units whose translation the TM lacks
 * (an exact lookup each, microseconds) and adds them -- the same repair
 * runs after a failed TM write.  The other order would leave, after a
 * crash between the writes, a TM holding a translation the project does
 * not show as done, with nothing on disk saying which.  So a SIGKILL at
 * any moment loses no acknowledged confirm, and reopening resumes at the
 * first unconfirmed segment.  docs/translating.md has the details.
 *
 * A draft that differs from the unit's target is not thrown away when the
 * cursor leaves the segment (next, previous, go to, skip, undo, join,
 * split, close): it becomes the unit's target, not confirmed
 * (needs-review-translation), and the project is saved -- as memoQ and
 * Trados keep an edited, unconfirmed segment.  The TM is not touched.
 *
 * Undo takes back the last confirm or the last propagation (one step
 * each): the units get their previous targets and states (project saved
 * again), and a TM unit the confirm created is deleted from the TM (a
 * journaled tm_delete; lookups of this session no longer show it).  Join
 * and split are saved at once and clear the undo history, since the
 * units they change are no longer the ones recorded.
 *
 * A session holds the project's lock (PROJECT.lock beside it): a second
 * session on the same project fails at once instead of overwriting.
 *
 *     session_opts o;
 *     session_opts_init(&o);
 *     o.tm_path = "my.tmx";
 *     session *s = session_open("doc.xlf", &o, NULL, &err);
 *     session_action a;
 *     session_event ev = SESSION_EVENT_INIT;
 *     session_action_parse("edit The first sentence.", &a, &err);
 *     session_do(s, &a, &ev, &err);
 *     session_action_parse("confirm", &a, &err);
 *     session_do(s, &a, &ev, &err);     // saved in doc.xlf and my.tmx
 *     session_event_release(&ev);
 *     session_free(s);
 */
#ifndef ANUVAD_SESSION_H
#define ANUVAD_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "match/concordance.h"
#include "base/error.h"
#include "match/match.h"
#include "base/strbuf.h"
#include "project/xliff.h"
#include "term/glossary.h"
#include "term/term_english.h"
#include "term/term_match.h"

typedef struct session session;

/* ---- opening ----------------------------------------------------------- */

#define SESSION_MAX_MATCHES 9 /* the keys 1..9 */
#define SESSION_TM_WORDS_MAX 100000 /* the TM's words spell right up to
                                       this many units (session.c) */
#define SESSION_READ_TM_MAX SESSION_TM_WORDS_MAX /* a bigger TM is never
                                       read (confirms: its journal) */
#define SESSION_MAX_REFS 8

typedef struct session_opts {
    const char *tm_path;     /* the TM: matches, and where confirmed
                                translations go; NULL: the project's
                                own (anv:tm, relative to the project's
                                folder), else default_tm_path */
    const char *default_tm_path; /* when neither names a TM */
    int create_tm;           /* a missing TM is created (default 1) */
    int wait_tm;             /* wait for another writer of the TM */
    const char *refs[SESSION_MAX_REFS]; /* more TMs, for matches only */
    size_t n_refs;
    int min;                 /* lowest match score shown (default 50) */
    size_t max_matches;      /* 1..SESSION_MAX_MATCHES (default 5) */
    size_t read_tm_up_to;    /* a TM of more units is not read (confirms
                                go to its journal, concordance scans its
                                index); 0: SESSION_READ_TM_MAX */
    const char *author;      /* creationid/changeid of TM units, or NULL */
    int64_t clock;           /* TM dates: seconds since 1970; 0: now */
    int spell;               /* check spelling (default 1) */
    int background_save;     /* a confirm returns before its writes are
                                done (SESSION_EVENT.pending): the caller
                                shows the next segment meanwhile, then
                                calls session_wait() (default 0) */
    const char *dicpath;     /* spell_options.dicpath (NULL: $DICPATH) */
    const char *personal_dir;/* spell_options.personal_dir (NULL: the
                                user's config folder, "": none) */
    /* A glossary and its matcher (the caller's, kept open while the
     * session is): each segment's term hits in the view, and a confirm
     * held back once when a term's English is missing; NULL: none. */
    const glossary *glossary;
    term_matcher *terms;
    term_english *english_terms; /* the terms' English in a translation */
    /* Warnings (a repaired TMX, an unusable fuzzy index) and progress of
     * a long open (reading a big TM, building its index); may be NULL. */
    void (*on_warning)(void *ctx, const char *message);
    void (*on_progress)(void *ctx, const char *what, uint64_t done,
                        uint64_t total);
    void *ctx;
    /* Called when a confirm has written unit `id` of the TM `store` (and
     * journaled it), before the confirm is reported: a team TM commits it
     * here.  A non-zero return is not the confirm's failure (the unit is
     * in the project and the TM); the caller says what it means.  May
     * run on the confirm's own thread (background_save).  May be NULL. */
    int (*on_tm_unit)(void *ctx, tm_store *store, uint32_t id);
    void *tm_unit_ctx;
} session_opts;

void session_opts_init(session_opts *o);

typedef struct session_open_info {
    size_t recovered;       /* confirmed units the TM lacked, added now */
    int tm_created;         /* the TM did not exist: a new one */
    int tm_from_project;    /* the TM is the one the project records */
    int project_locked;     /* failed: another session has the project */
    int spell_off;          /* spelling is not checked ... */
    anv_error spell_error;  /* ... because of this (when asked for) */
} session_open_info;

/* The path of the TM written to (see session_opts.tm_path). */
const char *session_tm_path(const session *s);

/* Open `project` (an XLIFF file written by anuvad pretranslate, or any
 * XLIFF 1.2) at its first unconfirmed segment.  `info` may be NULL.
 * Errors: those of xliff_project_read and tm_matcher_open, ANV_ELOCKED
 * (another session has the project, or another writer the TM),
 * ANV_EINVAL (no segments; files with different language pairs). */
session *session_open(const char *project, const session_opts *o,
                      session_open_info *info, anv_error *err);

/* At the end of a session: the current segment's draft, if it was
 * edited and not confirmed, is kept in the project (not confirmed, as
 * when the cursor leaves a segment); a TM of at most SESSION_SAVE_TM_MAX units is
 * saved (its journal folded into the TMX, so that other tools see a
 * complete TMX).  A bigger TM keeps its journal: saving would rewrite
 * the whole TMX and make the next open rebuild its fuzzy index, which
 * takes seconds per million units; the journal is just as safe.
 * *saved says whether it was saved. */
#define SESSION_SAVE_TM_MAX 50000
int session_close(session *s, int *saved, anv_error *err);

/* Free the session.  Nothing is lost without session_close(): every
 * change was saved when it was made. */
void session_free(session *s);

const xliff_project *session_project(const session *s);

/* Use glossary `g` from now on, as session_opts.glossary & co would (the
 * project's recorded glossaries, known only once it is open); the
 * caller keeps them open while the session is. */
/* A unit from elsewhere (a colleague's confirm in a team TM) put into
 * the session's TM (merged as a file TM merges) and offered as a match
 * from now on, the current segment's matches included. */
int session_tm_merge(session *s, const tmx_unit *u, anv_error *err);

void session_set_glossary(session *s, const glossary *g, term_matcher *terms,
                          term_english *english_terms);
size_t session_current(const session *s);   /* 0-based unit index */

/* ---- the view of the current segment ------------------------------------ */

typedef struct session_match {
    int score;               /* 1..101 */
    const char *source;      /* the TM's source (NFC) */
    const char *target;      /* its translation */
    const match_diff *diff;  /* what differs from the query (match.h) */
    size_t n_diff;
    int has_diff;            /* 0: too long to trace a diff */
    unsigned number_mismatches;
    const char *origin;      /* the TM's file name (stored matches: the
                                <alt-trans> origin), or "" */
    int64_t changedate;      /* TMX_NO_DATE when unknown */
    int stored;              /* from the project's <alt-trans>, found by
                                pre-translation, not by a lookup now */
} session_match;

/* A misspelt word. */
typedef struct session_word {
    size_t start, end;       /* bytes in the text checked */
    const char *word;
    const char *suggestions; /* "a, b, c", or "" */
} session_word;

/* A number or month name of the source, and whether the draft has it. */
typedef struct session_number {
    size_t start, end;       /* bytes in the source */
    const char *english;     /* how the translation writes it: "1,600" */
    int in_draft;
} session_number;

typedef struct session_view {
    size_t index;            /* 0-based */
    size_t n_units;
    const xliff_unit *unit;
    const char *query;       /* the source the diffs refer to (NFC) */
    const char *draft;       /* the translation to confirm, or NULL */
    int draft_saved;         /* the draft is the unit's saved target */
    const session_match *matches;
    size_t n_matches;
    const session_word *source_flags;
    size_t n_source_flags;
    const session_word *draft_flags;
    size_t n_draft_flags;
    const session_number *numbers;
    size_t n_numbers;
    size_t n_numbers_missing;
    xliff_counts counts;     /* the whole project */
    int all_confirmed;
    int spell_off;
    /* The source's glossary terms (session_opts.terms), in order. */
    const term_hit *terms;
    size_t n_terms;
    const glossary *glossary;
} session_view;

/* The view of the current segment.  Everything in it belongs to the
 * session and stays valid until the next session_do() or
 * session_view_get().  Matches are looked up once per visit. */
int session_view_get(session *s, session_view *v, anv_error *err);

/* ---- actions -------------------------------------------------------------- */

typedef enum session_verb {
    SESSION_TAKE,        /* n: draft := match n (1..9), numbers carried
                            over when only they differ */
    SESSION_COPY_SOURCE, /* draft := the source */
    SESSION_EDIT,        /* draft := text ("" clears it) */
    SESSION_CONFIRM,     /* checks first: a second confirm of the same
                            draft accepts what they found */
    SESSION_CONFIRM_FORCE, /* confirm without the checks */
    SESSION_SKIP,        /* to the next unconfirmed segment */
    SESSION_NEXT,
    SESSION_PREV,
    SESSION_GOTO,        /* n: segment 1..N */
    SESSION_CONCORDANCE, /* text: words to find in the TM */
    SESSION_ADD_WORD,    /* text: a word for the personal dictionary */
    SESSION_JOIN,        /* this segment with the next */
    SESSION_SPLIT,       /* before word n, or at the '|' in text */
    SESSION_UNDO,
    SESSION_SHOW,        /* nothing: the caller shows the view */
    SESSION_HELP,        /* nothing: the caller shows help */
    SESSION_QUIT         /* nothing: the caller stops */
} session_verb;

typedef struct session_action {
    session_verb verb;
    long n;              /* TAKE, GOTO, SPLIT by word (0: not given) */
    const char *text;    /* EDIT, CONCORDANCE, ADD_WORD, SPLIT by text;
                            points into the parsed line */
} session_action;

/* Parse one line of the script language (docs/translating.md):
 *     take N | copy-source | edit TEXT | confirm | confirm! | skip |
 *     next | prev | goto N | concordance TEXT | add-word WORD | join |
 *     split N | split TEXT|TEXT | undo | show | help | quit
 * with a leading ':' allowed and a few short forms (c, s, n, p, g N,
 * u, q ...).  Blank lines and lines starting with '#' give
 * ANV_ENOTFOUND (nothing to do); anything else unknown ANV_EINVAL with a
 * message. */
int session_action_parse(const char *line, session_action *a,
                         anv_error *err);

typedef enum session_outcome {
    SESSION_DONE = 0,    /* carried out */
    SESSION_WARNED,      /* a confirm held back: the checks found
                            something (see the view); confirm again */
    SESSION_REFUSED      /* nothing done, the message says why (no such
                            match, nothing to undo ...) */
} session_outcome;

/* A concordance hit: a TM unit and where the words are in it. */
typedef struct session_conc_hit {
    const char *source, *target;
    size_t source_len, target_len;
    conc_side side;       /* where the match is */
    size_t start, end;    /* bytes in that side */
} session_conc_hit;

typedef struct session_event {
    session_outcome outcome;
    strbuf message;       /* for the translator; may hold several lines */
    int moved;            /* the cursor is on another segment */
    int pending;          /* a confirm's writes are under way: call
                             session_wait() for its outcome */
    int tm_pending;       /* confirmed in the project; the TM write failed
                             (retried at the next confirm and open) */
    const session_conc_hit *hits; /* SESSION_CONCORDANCE */
    size_t n_hits, total_hits;
} session_event;

#define SESSION_EVENT_INIT {SESSION_DONE, STRBUF_INIT, 0, 0, 0, NULL, 0, 0}
void session_event_release(session_event *ev);

/* Apply an action to the current segment.  Returns ANV_OK with the
 * outcome in *ev (whose previous content is replaced), or an error when
 * something failed (a project that cannot be saved: the change is rolled
 * back in memory, the draft kept). */
int session_do(session *s, const session_action *a, session_event *ev,
               anv_error *err);

/* Finish a confirm started with background_save: wait for its writes,
 * then fill *ev with its outcome ("confirmed segment 3; copied to 9").
 * When the project could not be saved, the confirm is undone in memory,
 * the cursor is back on the segment with the translation as its draft,
 * and the error is returned.  Does nothing when no confirm is pending;
 * session_do() calls it first anyway. */
int session_wait(session *s, session_event *ev, anv_error *err);

/* Where the time of the last confirm and view went, in milliseconds
 * (for --timings and the benchmark). */
typedef struct session_timings {
    double save_ms;       /* writing the project (with fsync) */
    double tm_ms;         /* the TM journal (with fsync) */
    double lookup_ms;     /* TM lookups for the last view */
    double view_ms;       /* the whole last view (lookups, spelling ...) */
} session_timings;

void session_get_timings(const session *s, session_timings *t);

#endif
