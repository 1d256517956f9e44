/*
 * team_watch.c - how soon a confirm committed to a team TM reaches a
 * colleague (tests/bench/90-team-tm.sh).
 *
 * Usage: team_watch URI SECONDS
 *
 * LISTENs on anv_tm, as a `translate` session does, and on each
 * notification reads the rows written since the last read, printing for
 * each the milliseconds from its write (the row's `changed`, the
 * transaction's time) to now, by the database's clock, so that both ends
 * are read from one clock.  Stops after SECONDS without a notification.
 * This is the path a session's merge takes (store_pg_wait, then a read of
 * the new rows); a session in the interactive loop wakes on the same
 * socket, one in script mode looks before each command.
 */
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: team_watch URI SECONDS\n");
        return 2;
    }
    PGconn *c = PQconnectdb(argv[1]);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "team_watch: %s", PQerrorMessage(c));
        return 1;
    }
    PQclear(PQexec(c, "LISTEN anv_tm"));
    /* Rows are read as the library reads them (store/pgtm.c): by the
     * transaction that wrote them, from the oldest one still running at
     * the last read, so that a row whose change number is lower than one
     * already read, committed later, is not missed; each row version (its
     * change number) is counted once. */
    char mark[32] = "0";
    unsigned char *seen = NULL;
    size_t cap = 0;
    int idle_ms = atoi(argv[2]) * 1000;
    fprintf(stderr, "team_watch: listening\n");
    for (;;) {
        struct pollfd p = {PQsocket(c), POLLIN, 0};
        if (poll(&p, 1, idle_ms) <= 0)
            break;
        PQconsumeInput(c);
        PGnotify *n;
        int got = 0;
        while ((n = PQnotifies(c)) != NULL) {
            PQfreemem(n);
            got = 1;
        }
        if (!got)
            continue;
        const char *v[1] = {mark};
        PGresult *r = PQexecParams(
            c,
            "SELECT seq, (extract(epoch FROM clock_timestamp() - changed) "
            "* 1000)::int, pg_snapshot_xmin(pg_current_snapshot())::text "
            "FROM anv_units WHERE txid >= $1::text::xid8",
            1, NULL, v, NULL, NULL, 0);
        for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r);
             i++) {
            size_t seq = (size_t)strtoull(PQgetvalue(r, i, 0), NULL, 10);
            if (seq >= cap) {
                size_t ncap = seq * 2 + 1024;
                unsigned char *m = realloc(seen, ncap);
                if (!m)
                    return 1;
                memset(m + cap, 0, ncap - cap);
                seen = m;
                cap = ncap;
            }
            if (!seen[seq]) {
                seen[seq] = 1;
                printf("%s\n", PQgetvalue(r, i, 1));
            }
            snprintf(mark, sizeof mark, "%s", PQgetvalue(r, i, 2));
        }
        fflush(stdout);
        PQclear(r);
    }
    free(seen);
    PQfinish(c);
    return 0;
}
