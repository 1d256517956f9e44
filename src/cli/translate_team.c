/*
 * translate_team.c - a translate session on a team TM (see
 * translate_team.h).
 *
 * The session works on the local copy of the database (cli/tm_pg.c), so a
 * confirm is first fsynced into the project and the copy's journal.  Then
 * the session's on_tm_unit hook, still before the confirm is reported,
 * writes that one unit to the database in its own transaction
 * (store_pg_put: committed, colleagues notified).  When that fails (the
 * server down, the network gone) the confirm is not lost: it is in the
 * project and the copy, and the session's end sends every unit changed
 * since the last hand-over (tmcli_pg_session_end), or the next session
 * does; the translator is told once per outage.
 *
 * A second connection LISTENs on anv_tm.  The interactive loop polls its
 * socket beside the keyboard, the script loop before each command; on a
 * notification the rows written since the last read are merged into the
 * session's TM (session_tm_merge), and the current segment's matches are
 * looked up again.
 */
#include "cli/translate_team.h"
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static int on_tm_unit(void *ctx, tm_store *store, uint32_t id)
{
    tr_team *tt = ctx;
    tmx_unit u;
    anv_error err;
    anv_error_clear(&err);
    int rc = ANV_EINVAL;
    pthread_mutex_lock(&tt->lock);
    if (!tt->write) /* down at the start or since: try again */
        tt->write = store_pg_open(tt->uri, &err);
    size_t n = 0;
    if (tt->write &&
        tm_unit_get_grow(store, id, &u, &tt->tuvs, &tt->cap_tuvs, &n) != ANV_OK)
        anv_error_set(&err, ANV_ENOMEM, "out of memory");
    else if (n)
        rc = store_pg_put(tt->write, &u, &err);
    if (rc == ANV_OK) {
        tt->sent++;
        tt->down_said = 0;
    } else {
        store_pg_free(tt->write); /* reconnect at the next confirm */
        tt->write = NULL;
        if (!tt->down_said) {
            tt->down_said = 1;
            strbuf_clear(&tt->message);
            strbuf_printf(&tt->message,
                          "the team TM did not take this confirm (%s); it is "
                          "safe in the project and the local copy, and is "
                          "sent when the database is back",
                          err.message[0] ? err.message : "not connected");
        }
    }
    pthread_mutex_unlock(&tt->lock);
    return rc;
}

void tr_team_start(tr_team *tt, const char *uri, int64_t mark,
                   session_opts *so)
{
    memset(tt, 0, sizeof *tt);
    pthread_mutex_init(&tt->lock, NULL);
    tt->uri = uri;
    tt->mark = mark;
    anv_error err;
    anv_error_clear(&err);
    so->on_tm_unit = on_tm_unit;
    so->tm_unit_ctx = tt;
    if (!(tt->write = store_pg_open(uri, &err)) ||
        !(tt->listen = store_pg_open(uri, &err)) ||
        store_pg_wait(tt->listen, 0, &err) < 0) {
        /* tmcli_pg_session_start has said that the session works on the
         * local copy; a confirm tries to connect again */
        store_pg_free(tt->write);
        store_pg_free(tt->listen);
        tt->write = tt->listen = NULL;
        tt->down_said = 1;
    }
}

int tr_team_socket(const tr_team *tt)
{
    return tt->listen ? store_pg_socket(tt->listen) : -1;
}

static int merge(void *ctx, const tmx_unit *u, anv_error *err)
{
    return session_tm_merge(ctx, u, err);
}

long tr_team_poll(tr_team *tt, session *s, int force)
{
    if (!tt->listen)
        return 0;
    anv_error err;
    anv_error_clear(&err);
    int got = force ? 1 : store_pg_wait(tt->listen, 0, &err);
    size_t n = 0;
    if (got > 0 &&
        store_pg_pull_each(tt->listen, merge, s, &tt->mark, NULL, &n, &err) ==
            ANV_OK)
        return (long)n;
    if (got == 0)
        return 0;
    cli_warn("%s", err.message);
    fprintf(stderr, "(colleagues' confirms are not offered until the next "
                    "session)\n");
    store_pg_free(tt->listen);
    tt->listen = NULL;
    return -1;
}

char *tr_team_take_message(tr_team *tt)
{
    pthread_mutex_lock(&tt->lock);
    char *m = tt->message.len ? strdup(tt->message.data) : NULL;
    strbuf_clear(&tt->message);
    pthread_mutex_unlock(&tt->lock);
    return m;
}

void tr_team_end(tr_team *tt)
{
    store_pg_free(tt->write);
    store_pg_free(tt->listen);
    strbuf_release(&tt->message);
    free(tt->tuvs);
    pthread_mutex_destroy(&tt->lock);
    tt->write = tt->listen = NULL;
}
