/*
 * tm.c - `anuvad tm`: the subcommand table and the helpers the
 * subcommands share (see tm.h).
 */
#include "cli/cli.h"
#include "cli/tm.h"
#include "base/paths.h"
#include "store/pgtm.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const cli_command subcommands[] = {
    {"import", cli_tm_import, "add TMX, TSV or aligned files to a TM"},
    {"export", cli_tm_export, "write the TM (or part of it) as TMX 1.4b"},
    {"add", cli_tm_add, "add one translation"},
    {"delete", cli_tm_delete, "delete a translation"},
    {"lookup", cli_tm_lookup, "exact and fuzzy matches for a source text"},
    {"concordance", cli_tm_concordance, "find a word or phrase, in context"},
    {"stats", cli_tm_stats, "what is in a TM"},
    {NULL, NULL, NULL}
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad tm SUBCOMMAND [OPTIONS]\n"
            "\n"
            "The translation memory: a TMX file, kept safe by a journal.\n"
            "\n"
            "Subcommands:\n");
    cli_command_list(out, subcommands);
    fprintf(out,
            "\n"
            "Common options:\n"
            "  --tm FILE            the TM (default for reading: the shipped\n"
            "                       tm/hi-en.tmx, which is never changed)\n"
            "  --source-lang TAG    source language (default hi-IN)\n"
            "  --target-lang TAG    target language (default en-US)\n"
            "  --json               structured output\n"
            "  --wait               wait for another writer instead of failing\n"
            "\n"
            "  anuvad tm SUBCOMMAND --help   options of one subcommand\n");
}

int cli_tm(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    const cli_command *sub = cli_command_find(subcommands, argv[1]);
    if (sub)
        return sub->run(argc - 1, argv + 1);
    return cli_usage_error("tm", "'%s' is not a tm subcommand", argv[1]);
}

void tmcli_init(tmcli *c, const char *cmd)
{
    memset(c, 0, sizeof *c);
    c->cmd = cmd;
}

void tmcli_release(tmcli *c)
{
    strbuf_release(&c->path);
}

int tmcli_option(tmcli *c, int opt, const char *arg)
{
    switch (opt) {
    case 't': c->tm_path = arg; return 1;
    case 'S': c->src = arg; return 1;
    case 'T': c->tgt = arg; return 1;
    case 'j': c->json = 1; return 1;
    case 'w': c->wait = 1; return 1;
    case 'h': c->help = 1; return 1;
    }
    return 0;
}

int tmcli_parse_common(tmcli *c, int argc, char **argv, int max_args,
                       void (*usage)(FILE *out))
{
    static const struct option opts[] = {TMCLI_COMMON_OPTIONS,
                                         {NULL, 0, NULL, 0}};
    int opt;
    optind = 0;
    opterr = 0; /* our own messages (cli_unknown_option) */
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1)
        if (!tmcli_option(c, opt, optarg))
            return cli_unknown_option(c->cmd, argv, opts);
    if (c->help) {
        usage(stdout);
        return CLI_OK;
    }
    if (max_args >= 0 && argc - optind > max_args)
        return cli_usage_error(c->cmd, "unexpected argument '%s'",
                               argv[optind + max_args]);
    return -1;
}

void tmcli_warning(void *ctx, const char *message)
{
    tmcli *c = ctx;
    if (c)
        tmcli_progress_done(c);
    cli_warn("%s", message);
}

void tmcli_progress(tmcli *c, const char *what, uint64_t bytes,
                    uint64_t total, uint64_t units)
{
    if (!cli_stderr_is_tty())
        return;
    if (total)
        fprintf(stderr, "\r\033[K%s: %3d%% (%llu units)", what,
                (int)(bytes * 100 / total), (unsigned long long)units);
    else
        fprintf(stderr, "\r\033[K%s: %llu units", what,
                (unsigned long long)units);
    fflush(stderr);
    c->progress_shown = 1;
}

void tmcli_progress_done(tmcli *c)
{
    if (c->progress_shown) {
        fputs("\r\033[K", stderr);
        c->progress_shown = 0;
    }
}

static void open_progress(void *ctx, uint64_t bytes, uint64_t units)
{
    tmcli *c = ctx;
    struct stat st;
    uint64_t total = stat(c->path.data, &st) == 0 ? (uint64_t)st.st_size : 0;
    tmcli_progress(c, "loading the TM", bytes, total, units);
}

const char *tmcli_author(void)
{
    const char *author = getenv("ANUVAD_AUTHOR");
    return author && *author ? author : getenv("USER");
}

int64_t tmcli_clock(void)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    return epoch && *epoch ? strtoll(epoch, NULL, 10) : 0;
}

/* Set c->path to the TM: --tm, else the default TM.  Returns 0, or -1
 * after printing the error and releasing `c`. */
static int find_tm(tmcli *c)
{
    anv_error err;
    anv_error_clear(&err);
    strbuf_clear(&c->path);
    if (c->tm_path && store_is_uri(c->tm_path)) {
        c->uri = c->tm_path;
        if (tmcli_pg_sync(c) != 0) {
            tmcli_release(c);
            return -1;
        }
    } else if (c->tm_path) {
        if (strbuf_append_str(&c->path, c->tm_path) != ANV_OK) {
            cli_error("out of memory");
            return -1;
        }
    } else if (paths_find_data("tm/hi-en.tmx", &c->path, &err) != ANV_OK) {
        cli_fail(&err);
        fprintf(stderr, "(give a TM with --tm FILE)\n");
        tmcli_release(c);
        return -1;
    }
    return 0;
}

tm_store *tmcli_open(tmcli *c, int write, int create)
{
    anv_error err;
    anv_error_clear(&err);
    if (write && c->tm_path && store_is_uri(c->tm_path)) {
        /* writes gather in memory; tmcli_save() sends them */
        c->uri = c->tm_path;
        if (strbuf_append_str(&c->path, "") != ANV_OK) return NULL;
        store_mask_uri(c->uri, &c->path);
        tm_store *t = tm_new_memory(&err);
        if (t && tm_set_pair(t, c->src ? c->src : TM_DEFAULT_SOURCE,
                             c->tgt ? c->tgt : TM_DEFAULT_TARGET, &err) == ANV_OK &&
            tm_set_author(t, tmcli_author(), &err) == ANV_OK) {
            tm_set_clock(t, tmcli_clock());
            return t;
        }
        cli_fail(&err);
        tm_free(t);
        tmcli_release(c);
        return NULL;
    }
    /* The shipped TM is read-only data (it is rebuilt from tm/'s pairs and
     * may sit in a read-only install): changes go to a TM the user names. */
    if (write && !c->tm_path) {
        cli_error("%s changes a TM: name yours with --tm FILE (the shipped "
                  "TM is read-only; FILE is created when it does not exist)",
                  c->cmd);
        tmcli_release(c);
        return NULL;
    }
    if (find_tm(c) != 0)
        return NULL;
    tm_open_opts o = {0};
    o.write = write;
    o.create = create;
    o.wait = c->wait;
    o.on_warning = tmcli_warning;
    o.on_progress = open_progress;
    o.ctx = c;
    tm_store *t = tm_open(c->path.data, &o, &err);
    tmcli_progress_done(c);
    if (!t) {
        cli_fail(&err);
        if (err.code == ANV_ELOCKED)
            fprintf(stderr, "(run again with --wait to wait for it)\n");
        tmcli_release(c);
        return NULL;
    }
    const char *author = tmcli_author();
    tm_set_clock(t, tmcli_clock());
    if (tm_set_pair(t, c->src ? c->src : TM_DEFAULT_SOURCE,
                    c->tgt ? c->tgt : TM_DEFAULT_TARGET, &err) != ANV_OK ||
        tm_set_author(t, author, &err) != ANV_OK) {
        cli_fail(&err);
        tm_free(t);
        tmcli_release(c);
        return NULL;
    }
    return t;
}

json_t *tmcli_json_date(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[32];
    if (t == TMX_NO_DATE || !gmtime_r(&tt, &tm))
        return json_null();
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(buf);
}

void tmcli_day(int64_t t, char buf[16])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t == TMX_NO_DATE || !gmtime_r(&tt, &tm))
        snprintf(buf, 16, "-");
    else
        strftime(buf, 16, "%Y-%m-%d", &tm);
}

void tmcli_put(const strbuf *b)
{
    if (b->len)
        fwrite(b->data, 1, b->len, stdout);
}

static void matcher_progress(void *ctx, const char *what, uint64_t done,
                             uint64_t total)
{
    tmcli *c = ctx;
    if (!cli_stderr_is_tty())
        return;
    fprintf(stderr, "\r\033[K%s (%s): %3d%%", what, c->path.data,
            total ? (int)(done * 100 / total) : 0);
    fflush(stderr);
    c->progress_shown = 1;
}

tm_matcher *tmcli_open_matcher(tmcli *c)
{
    if (find_tm(c) != 0)
        return NULL;
    anv_error err;
    anv_error_clear(&err);
    tm_matcher_opts o = {0};
    o.source_lang = c->src;
    o.target_lang = c->tgt;
    o.on_warning = tmcli_warning;
    o.on_progress = matcher_progress;
    o.ctx = c;
    tm_matcher_info info;
    tm_matcher *tm = tm_matcher_open(c->path.data, &o, &info, &err);
    tmcli_progress_done(c);
    if (!tm) {
        cli_fail(&err);
        tmcli_release(c); /* as every other failure here does */
        return NULL;
    }
    if (info.damaged)
        cli_warn("%s; rebuilt it", info.why.message);
    if (info.rebuilt && !info.saved)
        cli_warn("cannot save the fuzzy index (%s); it is rebuilt at each "
                 "run", info.save_error.message);
    return tm;
}
