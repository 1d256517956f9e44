/*
 * tm.h - what the `anuvad tm SUBCOMMAND` files share (CLI only).
 *
 * Each subcommand parses its own options with getopt_long, handing the
 * common ones (--tm, --source-lang, --target-lang, --json, --wait) to
 * tmcli_option(), then opens the TM with tmcli_open(), which finds the
 * default TM, applies the language pair, the author ($ANUVAD_AUTHOR, else
 * $USER) and SOURCE_DATE_EPOCH (reproducible dates), and prints the
 * reader's warnings and, on a terminal, progress.
 */
#ifndef ANUVAD_CLI_TM_H
#define ANUVAD_CLI_TM_H

#include <getopt.h>
#include <stdio.h>
#include <stdint.h>

#include <jansson.h>

#include "base/json_out.h"
#include "base/strbuf.h"
#include "tm/tm.h"
#include "match/tm_matcher.h"

#define TMCLI_COMMON_OPTIONS                                         \
    {"tm", required_argument, NULL, 't'},                            \
    {"source-lang", required_argument, NULL, 'S'},                   \
    {"target-lang", required_argument, NULL, 'T'},                   \
    {"json", no_argument, NULL, 'j'},                                \
    {"wait", no_argument, NULL, 'w'},                                \
    {"help", no_argument, NULL, 'h'}

typedef struct tmcli {
    const char *cmd;        /* "tm lookup", for messages */
    const char *tm_path;    /* --tm, or NULL for the default TM */
    const char *src, *tgt;  /* --source-lang / --target-lang, or NULL */
    int json, wait, help;
    strbuf path;            /* the TM path actually used (for a
                               PostgreSQL URI: its local cache) */
    const char *uri;        /* the PostgreSQL URI, or NULL (tm_pg.c) */
    int progress_shown;
} tmcli;

void tmcli_init(tmcli *c, const char *cmd);
void tmcli_release(tmcli *c);

/* Handle a common option; returns 1 if it was one. */
int tmcli_option(tmcli *c, int opt, const char *arg);

/* Parse argv for a subcommand that has only the common options and
 * `max_args` arguments.  Returns -1 to go on, else the exit status
 * (--help printed with `usage`, or a usage error). */
int tmcli_parse_common(tmcli *c, int argc, char **argv, int max_args,
                       void (*usage)(FILE *out));

/* Open the TM (see above).  On failure prints the error, releases `c`
 * and returns NULL (with --wait advice for a locked TM). */
tm_store *tmcli_open(tmcli *c, int write, int create);

/* A PostgreSQL TM (tm_pg.c).  tmcli_pg_sync() brings the local cache of
 * c->uri up to date and sets c->path to it; tmcli_save() saves a file TM
 * (tm_save) or, for a URI, writes the units of `t` (an in-memory TM that
 * tmcli_open() gave for writing) to the database in one transaction. */
int tmcli_pg_sync(tmcli *c);
int tmcli_save(tmcli *c, tm_store *t, anv_error *err);

/* For `translate`: send to the database the units of the cache of c->uri
 * changed since the last successful push (CACHE/pg-HASH.pushed), then
 * mark `now` (seconds since 1970).  The first call only marks.  Prints a
 * warning and returns -1 when the database cannot be reached: the units
 * stay in the cache and go at the next call. */
int tmcli_pg_push_pending(tmcli *c, int64_t now);

/* `translate --tm URI`: send what an earlier session left, bring the cache
 * up to date (when the database is down, go on with the cache if there is
 * one) and set c->path to it; at the end send the session's confirms. */
int tmcli_pg_session_start(tmcli *c);
int tmcli_pg_session_end(tmcli *c);

/* Where the local copy's last read of the database ended (the mark of
 * store_pg_pull_each), 0 when it has read nothing. */
int64_t tmcli_pg_mark(tmcli *c);

/* Who and when for new units: $ANUVAD_AUTHOR, else $USER (may be NULL);
 * SOURCE_DATE_EPOCH (reproducible dates), else 0 for the real clock. */
const char *tmcli_author(void);
int64_t tmcli_clock(void);

/* Open the TM for lookups (tm_matcher.h) with the language pair, warnings
 * and, on a terminal, the index build's progress; says when the index was
 * damaged or cannot be saved.  On failure prints the error and returns
 * NULL. */
tm_matcher *tmcli_open_matcher(tmcli *c);

/* Print a library warning ("anuvad: warning: ..."). */
void tmcli_warning(void *ctx, const char *message);

/* Progress line on stderr when it is a terminal; tmcli_progress_done()
 * clears it. */
void tmcli_progress(tmcli *c, const char *what, uint64_t bytes,
                    uint64_t total, uint64_t units);
void tmcli_progress_done(tmcli *c);

/* A date as a JSON value: "2024-05-01T12:00:00Z", or null. */
json_t *tmcli_json_date(int64_t t);

/* A date for people: 2024-05-01, or "-". */
void tmcli_day(int64_t t, char buf[16]);

/* Write a buffer to stdout (with its error check left to main). */
void tmcli_put(const strbuf *b);

/* The subcommands. */
int cli_tm_import(int argc, char **argv);
int cli_tm_export(int argc, char **argv);
int cli_tm_add(int argc, char **argv);
int cli_tm_delete(int argc, char **argv);
int cli_tm_lookup(int argc, char **argv);
int cli_tm_concordance(int argc, char **argv);
int cli_tm_stats(int argc, char **argv);

#endif
