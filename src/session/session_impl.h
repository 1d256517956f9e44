/*
 * session_impl.h - the inside of a session (session.h), shared by
 * session.c (opening, the TM repair, moving, saving), session_view.c (the
 * view: matches, spelling, numbers) and session_act.c (the actions, undo,
 * the script language).  Not for other modules.
 */
#ifndef ANUVAD_SESSION_IMPL_H
#define ANUVAD_SESSION_IMPL_H

#include <pthread.h>

#include "base/lockfile.h"
#include "match/match.h"
#include "text/numbers.h"
#include "session/session.h"
#include "spell/spell.h"
#include "spell/spell_tm.h"
#include "match/tm_matcher.h"
#include "text/words.h"
#include "project/xliff.h"

/* Blocks malloc()ed for one view, freed together when it is rebuilt. */
typedef struct bag {
    void **ptrs;
    size_t n, cap;
} bag;

void *bag_keep(bag *b, void *p);          /* p, or NULL (p freed) */
char *bag_strndup(bag *b, const char *s, size_t n);
void bag_clear(bag *b);

/* A TM looked up for matches. */
typedef struct session_tm {
    tm_matcher *m;
    tm_searcher *s;
    const char *name;  /* the file name shown as a match's origin */
} session_tm;

/* How the draft was obtained: what its target gets on confirm. */
typedef struct draft_origin {
    xliff_qualifier qualifier;
    int quality;       /* -1: none */
    unsigned marks;
} draft_origin;

/* A unit's target as it was before a change (for undo and rollback). */
typedef struct unit_before {
    size_t index;
    char *target;      /* NULL: none */
    xliff_state state;
    xliff_qualifier qualifier;
    int quality;
    unsigned marks;
} unit_before;

typedef enum { UNDO_CONFIRM, UNDO_PROPAGATION } undo_kind;

typedef struct undo_entry {
    undo_kind kind;
    unit_before *units; /* CONFIRM: the unit; PROPAGATION: the copies */
    size_t n;
    /* CONFIRM: what went to the TM, and the unit's id there when the
     * confirm created it (so undo deletes it) */
    char *source, *target;
    int tm_created;
    uint32_t tm_id;
    draft_origin origin; /* of the confirmed draft, to give it back */
} undo_entry;

/* A confirm whose writes (project, then TM) are under way or done but
 * not yet reported.  With background_save they run on `thread` and
 * session_wait() finishes the job; otherwise act_confirm finishes it at
 * once. */
typedef struct confirm_job {
    int threaded;        /* the writes run on `thread`: not finished */
    pthread_t thread;
    undo_entry ce, pe;   /* the confirm and its propagation */
    char **accept;       /* the draft's flagged words, accepted after */
    size_t n_accept;
    int all_done;        /* no unconfirmed segment was left */
    int save_rc, tm_rc;
    anv_error save_err, tm_err;
} confirm_job;

/* A source/target pair taken back by undo: hidden from this session's
 * lookups (the matcher still holds it until the TM is opened again). */
typedef struct retracted {
    char *source, *target;
} retracted;

struct session {
    char *path;            /* the project file */
    char *tm_path;         /* the TM written to (tms[0]) */
    xliff_project *p;
    lockfile *lock;
    session_tm tms[1 + SESSION_MAX_REFS]; /* [0]: the TM written to */
    size_t n_tms;
    /* tms[0]'s store (concordance, the repair, undo) is read in the
     * background at open: session_store() waits for it */
    matcher *cmp;          /* diffs of stored matches */
    const glossary *glossary; /* session_opts.glossary/terms, or NULL */
    term_matcher *terms;
    term_english *english_terms;
    int (*on_tm_unit)(void *ctx, tm_store *store, uint32_t id);
    void *hook_ctx;
    spell_checker *spell;  /* NULL when spelling is off; no suggestions:
                              hunspell takes up to 40 ms to suggest for
                              one word, too slow for every view */
    spell_checker *suggest;/* the target language with suggestions,
                              opened when a confirm is held back */
    spell_options spell_opts;
    spell_tm_words *tm_words; /* the words the TM has used: not misspelt
                                 (spell_tm.h); NULL for a big TM */
    anv_error spell_error;
    word_splitter *ws;     /* "hi": word counts, split before word N */
    int min;
    size_t max;
    size_t cur;

    strbuf draft;
    int has_draft;
    draft_origin origin;
    int warned;            /* the checks warned about draft `warned_for` */
    strbuf warned_for;

    /* the view of unit view_index, valid while view_ok */
    int view_ok;
    size_t view_index;
    bag view_bag;
    strbuf query;
    session_match *matches;
    size_t n_matches, cap_matches;
    session_word *src_flags;
    size_t n_src_flags, cap_src_flags;
    num_list src_nums;
    /* the part that depends on the draft, valid while draft_ok */
    int draft_ok;
    bag draft_bag;
    session_word *draft_flags;
    size_t n_draft_flags, cap_draft_flags;
    session_number *numbers;
    size_t n_numbers, n_missing;
    int draft_suggested;   /* draft_flags have their suggestions */

    undo_entry *undo;
    size_t n_undo, cap_undo;
    retracted *retracted;
    size_t n_retracted, cap_retracted;
    int tm_pending;        /* a TM write failed: repair at next confirm */
    int background_save;   /* confirm's writes on a thread of their own */
    confirm_job job;

    session_conc_hit *hits;
    size_t n_hits;
    tm_conc_result conc;   /* the hits' texts, when the index found them */
    session_timings timings;
};

/* ---- session.c ---------------------------------------------------------- */

/* Segment i's neighbours in its file ("" at an edge). */
void session_context(const session *s, size_t i, const char **prev,
                     const char **next);

/* Put the cursor on unit i, the draft from its target. */
void session_move(session *s, size_t i);

/* Save the project (timed). */
int session_save(session *s, anv_error *err);

/* Throw away the project in memory and read it again from its file:
 * the rollback when a join, split or undo could not be saved. */
int session_reload(session *s, anv_error *err);

/* Add unit i's translation to the TM, with its context.  *created and
 * *id say whether a new TM unit was made (rather than an existing one
 * counted again). */
int session_tm_add(session *s, size_t i, int *created, uint32_t *id,
                   anv_error *err);

/* Remove the TM unit holding exactly this translation (undoing a
 * confirm that added it). */
int session_tm_remove(session *s, const char *source, const char *target,
                      anv_error *err);

/* Add every confirmed translation the TM lacks; *added counts them. */
int session_repair_tm(session *s, size_t *added, anv_error *err);

void session_undo_entry_free(undo_entry *e);

/* Free what a confirm job holds (its undo entries, the words to accept)
 * and clear it. */
void session_job_release(confirm_job *j);

/* Free the view's memory (both parts). */
void session_view_release(session *s);

/* Forget the draft checks' warning and the view. */
void session_invalidate(session *s);

double session_now_ms(void);

/* ---- session_view.c ------------------------------------------------------- */

/* Build the view's segment part (lookups, spelling, numbers) when stale. */
int session_view_segment(session *s, anv_error *err);

/* Build the draft part (its spelling, the numbers it has) when stale. */
int session_view_draft(session *s, anv_error *err);

/* Give the draft's misspelt words their suggestions (slow: only when a
 * confirm is held back). */
int session_suggest_draft(session *s, anv_error *err);

/* 1 when the pair was taken back by undo in this session. */
int session_is_retracted(const session *s, const char *source,
                         const char *target);

/* The current segment's draft, when it differs from the unit's target,
 * becomes the target, not confirmed, and the project is saved: done
 * before the cursor leaves the segment and at close.  *kept (may be NULL)
 * says whether there was such a draft. */
int session_keep_draft(session *s, int *kept, anv_error *err);

/* The store of the TM written to, once read (waiting for the read that
 * started at open); NULL with err set when it could not be read. */
tm_store *session_store(session *s, anv_error *err);

#endif
