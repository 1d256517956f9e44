/*
 * job.c - the part of `anuvad pretranslate` and `anuvad analyze` that
 * is the same for both (see job.h): sources -> project -> lookups ->
 * analysis table.  The library does the work (pretranslate.h,
 * analysis.h); this file parses options, prints progress when stderr is
 * a terminal, and turns errors into messages.
 */
#include "cli/cli.h"
#include "cli/job.h"
#include "segment/srx.h"
#include "text/langtag.h"
#include "text/words.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void cli_job_init(cli_job *j, const char *cmd)
{
    memset(j, 0, sizeof *j);
    tmcli_init(&j->tm_cli, cmd);
    j->cmd = cmd;
    j->mode = TEXT_PARA_LINE;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    j->jobs = n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
}

void cli_job_release(cli_job *j)
{
    pretranslate_result_release(&j->result);
    tm_matcher_free(j->tm);
    xliff_project_free(j->project);
    tmcli_release(&j->tm_cli);
    j->tm = NULL;
    j->project = NULL;
}

/* 1 handled, 0 not a shared option, -1 a usage error (printed). */
static int job_option(cli_job *j, int opt, const char *arg)
{
    long v;
    switch (opt) {
    case 't':
        j->tm_cli.tm_path = arg;
        return 1;
    case 'j':
        if ((v = cli_parse_long(j->cmd, "--jobs", arg, 1, 64)) < 0)
            return -1;
        j->jobs = (unsigned)v;
        return 1;
    case 'p':
        if (strcmp(arg, "line") == 0)
            j->mode = TEXT_PARA_LINE;
        else if (strcmp(arg, "blank") == 0)
            j->mode = TEXT_PARA_BLANK;
        else {
            cli_usage_error(j->cmd, "--paragraphs wants line or blank, not "
                            "'%s'", arg);
            return -1;
        }
        return 1;
    case 'F':
        j->format = arg;
        return 1;
    case 'A':
        j->fmt_flags |= FMT_ACCEPT_CHANGES;
        return 1;
    case 'S':
    case 'T':
        if (!langtag_is_valid(arg)) {
            cli_usage_error(j->cmd, "%s wants a language tag such as %s, "
                            "not '%s'", opt == 'S' ? "--source-lang"
                                                   : "--target-lang",
                            opt == 'S' ? "hi-IN" : "en-GB", arg);
            return -1;
        }
        *(opt == 'S' ? &j->tm_cli.src : &j->tm_cli.tgt) = arg;
        return 1;
    case 'h':
        j->help = 1;
        return 1;
    default:
        return 0;
    }
}

int cli_job_next_option(cli_job *j, int argc, char **argv,
                        const char *shortopts, const struct option *opts)
{
    opterr = 0; /* our own messages, in the CLI's format */
    for (;;) {
        int c = getopt_long(argc, argv, shortopts, opts, NULL);
        if (c == -1)
            return -1;
        int h = job_option(j, c, optarg);
        if (h < 0)
            return CLI_JOB_USAGE;
        if (h > 0)
            continue;
        if (c == ':') {
            cli_usage_error(j->cmd, "%s needs a value", argv[optind - 1]);
            return CLI_JOB_USAGE;
        }
        if (c == '?') {
            cli_unknown_option(j->cmd, argv, opts);
            return CLI_JOB_USAGE;
        }
        return c;
    }
}

/* ---- progress (stderr, only on a terminal) ------------------------------ */

static void progress_done(cli_job *j)
{
    if (j->progress_shown) {
        fputs("\r\033[K", stderr);
        j->progress_shown = 0;
    }
    tmcli_progress_done(&j->tm_cli);
}

static void lookup_progress(void *ctx, size_t done, size_t total)
{
    cli_job *j = ctx;
    if (!cli_stderr_is_tty())
        return;
    fprintf(stderr, "\r\033[Klooking up: %zu of %zu segments", done, total);
    fflush(stderr);
    j->progress_shown = 1;
}

/* ---- the job ------------------------------------------------------------- */

/* An XLIFF file (by its extension): another tool's bilingual file, which
 * is pre-translated as it is (its units, its structure kept on save). */
static int is_xliff_name(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (!strcasecmp(dot, ".xlf") || !strcasecmp(dot, ".xliff") ||
                   !strcasecmp(dot, ".sdlxliff") ||
                   !strcasecmp(dot, ".mqxliff"));
}

static int read_sources(cli_job *j, char **sources, int n)
{
    anv_error err;
    anv_error_clear(&err);
    if (n == 1 && is_xliff_name(sources[0]) && !j->format) {
        /* the units are the file's; targets it has are kept */
        if (!(j->project = xliff_project_read(sources[0], &err)))
            return cli_fail(&err);
        const char *why = xliff_project_in_place_problem(j->project);
        if (why) {
            cli_error("%s: not supported: pre-translating another tool's "
                      "XLIFF in place: %s", sources[0], why);
            return CLI_FAIL;
        }
        return CLI_OK;
    }
    srx_rules *rules = srx_load_default(&err);
    segmenter *sg = rules ? segmenter_new(rules, "hi", &err) : NULL;
    srx_free(rules);
    if (!sg)
        return cli_fail(&err);
    int rc = (j->project = xliff_project_new(&err)) ? ANV_OK : err.code;
    if (rc == ANV_OK)
        rc = xliff_project_set_default_languages(j->project, j->tm_cli.src,
                                                 j->tm_cli.tgt, &err);
    for (int i = 0; i < n && rc == ANV_OK; i++)
        rc = pretranslate_add_file_with(j->project, sg, sources[i], NULL,
                                        j->mode, j->format, j->fmt_flags,
                                        &err);
    segmenter_free(sg);
    return rc == ANV_OK ? CLI_OK : cli_fail(&err);
}

const char *cli_job_tm_name(const cli_job *j)
{
    return j->tm_cli.tm_path ? j->tm_cli.tm_path : "tm/hi-en.tmx";
}

int cli_job_run(cli_job *j, char **sources, int n,
                const pretranslate_opts *opts)
{
    if (read_sources(j, sources, n) != CLI_OK ||
        !(j->tm = tmcli_open_matcher(&j->tm_cli)))
        return CLI_FAIL;
    pretranslate_opts o = *opts;
    o.jobs = j->jobs;
    o.on_progress = lookup_progress;
    o.ctx = j;
    if (!o.origin)
        o.origin = cli_job_tm_name(j);
    anv_error err;
    anv_error_clear(&err);
    int rc = pretranslate_run(j->project, j->tm, &o, &j->result, &err);
    progress_done(j);
    return rc == ANV_OK ? CLI_OK : cli_fail(&err);
}

int cli_job_report(cli_job *j, cli_report_format format, FILE *out)
{
    anv_error err;
    anv_error_clear(&err);
    size_t nf = xliff_project_file_count(j->project);
    analysis_table *files = calloc(nf ? nf : 1, sizeof *files);
    analysis_table total;
    word_splitter *ws = word_splitter_new("hi", &err);
    strbuf b = STRBUF_INIT;
    int rc = files && ws ? ANV_OK : (err.code ? err.code : ANV_ENOMEM);
    if (rc == ANV_OK)
        rc = pretranslate_analysis(j->project, &j->result, ws, files, &nf,
                                   &total, &err);
    if (rc == ANV_OK) {
        if (format == REPORT_JSON)
            rc = analysis_write_json(&b, cli_job_tm_name(j), files, nf,
                                     &total);
        else if (format == REPORT_CSV)
            rc = analysis_write_csv(&b, files, nf, &total);
        else {
            strbuf_printf(&b, "TM: %s (%zu units)\n\n", cli_job_tm_name(j),
                          tm_matcher_units(j->tm));
            rc = analysis_write_text(&b, files, nf, &total);
        }
    }
    word_splitter_free(ws);
    free(files);
    if (rc == ANV_OK && b.len && fwrite(b.data, 1, b.len, out) != b.len)
        rc = anv_error_set(&err, ANV_EIO, "%s: %s",
                           out == stdout ? "standard output" : "the report",
                           strerror(errno));
    strbuf_release(&b);
    if (rc == ANV_ENOMEM && !err.message[0])
        anv_error_set(&err, rc, "out of memory");
    return rc == ANV_OK ? CLI_OK : cli_fail(&err);
}
