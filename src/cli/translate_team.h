/*
 * translate_team.h - `anuvad translate` with a team TM in PostgreSQL:
 * each confirm committed to the database before it is reported, and
 * colleagues' confirms offered as matches as they arrive (CLI only;
 * store/pgtm.h does the database work).
 */
#ifndef ANUVAD_CLI_TRANSLATE_TEAM_H
#define ANUVAD_CLI_TRANSLATE_TEAM_H

#include <pthread.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "session/session.h"
#include "store/pgtm.h"

typedef struct tr_team {
    const char *uri;
    store_pg *write;      /* the confirms (maybe on the confirm's thread) */
    store_pg *listen;     /* LISTEN anv_tm and the reads (main thread) */
    int64_t mark;         /* store_pg_pull_each's */
    pthread_mutex_t lock; /* the fields below, written by the confirm */
    size_t sent;          /* confirms committed as they were made */
    strbuf message;       /* the last write failure, for the main thread */
    int down_said;        /* "kept for later" said once per outage */
    tmx_tuv *tuvs;        /* the confirmed unit's, read for the write */
    size_t cap_tuvs;
} tr_team;

/* Before session_open: connect (two connections), LISTEN, and hook the
 * confirms (so->on_tm_unit).  `mark` is where the local copy's last read
 * ended (tmcli_pg_mark).  A database that cannot be reached is no error:
 * the session runs on the local copy and confirms are sent at its end
 * (tmcli_pg_session_start has said so), or at a confirm once it is back. */
void tr_team_start(tr_team *tt, const char *uri, int64_t mark,
                   session_opts *so);

/* The socket to poll beside the keyboard, or -1. */
int tr_team_socket(const tr_team *tt);

/* Colleagues' confirms since the last call, when a notification came
 * (or `force`): merged into the session's TM.  Returns how many units
 * were read (0 when nothing came), or -1 after a warning. */
long tr_team_poll(tr_team *tt, session *s, int force);

/* A confirm's database outcome to tell the translator ("kept: ..."), or
 * NULL; the caller frees it. */
char *tr_team_take_message(tr_team *tt);

void tr_team_end(tr_team *tt);

#endif
