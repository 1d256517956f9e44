/*
 * pretranslate.c - `anuvad pretranslate`: source documents in, one
 * XLIFF 1.2 project out, every segment with the TM's best match.
 *
 *   anuvad pretranslate [--tm TM.tmx] [--min 75] [--jobs N] [-o PROJECT.xlf]
 *                       [--paragraphs line|blank] [--report] SOURCE...
 *
 * The work is in pretranslate.h (segmenting, lookups on N threads,
 * filling targets, repetitions, the number auto-fix); job.c is shared
 * with `anuvad analyze`.  The project is written atomically, and an
 * existing project is never replaced without --force: it may hold a
 * translator's work.
 */
#include "cli/cli.h"
#include "cli/job.h"
#include "cli/term.h"
#include "base/fileio.h"
#include "base/relpath.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad pretranslate [OPTIONS] SOURCE...\n"
            "\n"
            "Cut each SOURCE (UTF-8 text, HTML, Markdown, SRT, WebVTT) into\n"
            "segments, look every segment up in the TM with its neighbours,\n"
            "and write one XLIFF 1.2\n"
            "project: the best match of at least --min as the target (101%%\n"
            "and 100%% as translated, fuzzy matches as needs-review), the\n"
            "matches from 50%% as alt-trans, numbers of a fuzzy match fixed\n"
            "to the source's, repeated segments filled from their first\n"
            "occurrence.  docs/pretranslate.md has the rules.\n"
            "\n"
            "  --tm FILE            the TM (default: the shipped tm/hi-en.tmx);\n"
            "                       the project records it for `translate`\n"
            "  --min N              lowest score used as a target, 1-101\n"
            "                       (default 75)\n"
            "  -o, --output FILE    the project (default: the first SOURCE\n"
            "                       with .xlf added); - is standard output\n"
            "  --force              replace an existing project file\n"
            "  --jobs N             lookup threads (default: the CPUs, at\n"
            "                       most 8); the output does not depend on it\n"
            "  --paragraphs MODE    line: every line is a paragraph (default);\n"
            "                       blank: paragraphs end at blank lines\n"
            CLI_JOB_FORMAT_HELP
            CLI_JOB_LANG_HELP
            "  --glossary FILE      note each segment's glossary terms in the\n"
            "                       project (<note from=\"anuvad-term\">)\n"
            "  --report             print the analysis table (as `anuvad\n"
            "                       analyze`) on standard output, or on\n"
            "                       standard error with -o -\n"
            "  -h, --help           this help\n"
            "\n"
            "SOURCE - is standard input (then -o is needed).\n");
}

/* `path` as the project at `project` records it: relative to the
 * project's folder, or absolute when the project goes to standard output
 * (or to a folder that is not there: then saving it says so). */
static int from_project(const char *path, const char *project, strbuf *rel,
                        anv_error *err)
{
    int absolute = strcmp(project, "-") == 0 ||
                   relpath_from(path, project, rel, NULL) != ANV_OK;
    int rc = absolute ? relpath_from(path, "/-", rel, err) : ANV_OK;
    if (rc == ANV_OK && absolute) {
        strbuf abs = STRBUF_INIT; /* from "/": make it absolute */
        rc = strbuf_printf(&abs, "/%s", rel->data) == ANV_OK
                 ? ANV_OK
                 : anv_error_set(err, ANV_ENOMEM, "out of memory");
        strbuf_release(rel);
        *rel = abs;
    }
    return rc;
}

/* The project remembers the TM given with --tm (anv:tm), relative to its
 * own folder, so that `anuvad translate` uses it without --tm.  The
 * shipped TM is not recorded: it is read-only data. */
static int record_tm(cli_job *j, const char *project, anv_error *err)
{
    if (!j->tm_cli.tm_path)
        return ANV_OK;
    strbuf rel = STRBUF_INIT;
    int rc = from_project(j->tm_cli.path.data, project, &rel, err);
    if (rc == ANV_OK)
        rc = xliff_project_set_tm(j->project, rel.data, err);
    strbuf_release(&rel);
    return rc;
}

/* And its glossaries (anv:glossaries, '|' between them), for `translate`
 * and `qa` without --glossary.  A path with '|' in it cannot be
 * recorded: it is left out, with a warning. */
static int record_glossaries(cli_job *j, const cli_glossaries *gl,
                             const char *project, anv_error *err)
{
    strbuf list = STRBUF_INIT, rel = STRBUF_INIT;
    int rc = ANV_OK;
    for (size_t i = 0; rc == ANV_OK && i < gl->n; i++) {
        if (strchr(gl->files[i], '|')) {
            cli_warn("%s: not remembered in the project ('|' in its name)",
                     gl->files[i]);
            continue;
        }
        strbuf_clear(&rel);
        rc = from_project(gl->files[i], project, &rel, err);
        if (rc == ANV_OK &&
            strbuf_printf(&list, "%s%s", list.len ? "|" : "", rel.data) !=
                ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    if (rc == ANV_OK && list.len)
        rc = xliff_project_set_glossaries(j->project, list.data, err);
    strbuf_release(&list);
    strbuf_release(&rel);
    return rc;
}

int cli_pretranslate(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_JOB_OPTIONS,
        {"min", required_argument, NULL, 'm'},
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, 'f'},
        {"report", no_argument, NULL, 'r'},
        {"glossary", required_argument, NULL, 'g'},
        {NULL, 0, NULL, 0}};
    cli_job j;
    cli_job_init(&j, "pretranslate");
    pretranslate_opts po = {0};
    po.min = PRETRANSLATE_MIN_DEFAULT;
    const char *output = NULL;
    int force = 0, report = 0, c;
    cli_glossaries gl;
    memset(&gl, 0, sizeof gl);
    long v;
    optind = 0;
    while ((c = cli_job_next_option(&j, argc, argv, ":o:h", opts)) != -1) {
        switch (c) {
        case 'm':
            if ((v = cli_parse_long(j.cmd, "--min", optarg, 1, 101)) < 0)
                return CLI_USAGE;
            po.min = (int)v;
            break;
        case 'o': output = optarg; break;
        case 'f': force = 1; break;
        case 'r': report = 1; break;
        case 'g':
            if (cli_glossaries_add(&gl, j.cmd, optarg) != CLI_OK)
                return CLI_USAGE;
            break;
        default: return CLI_USAGE;
        }
    }
    if (j.help) {
        usage(stdout);
        return CLI_OK;
    }
    if (optind == argc)
        return cli_usage_error(j.cmd, "which documents? (SOURCE...)");
    for (int i = optind; i < argc; i++)
        if (strcmp(argv[i], "-") == 0 && !output)
            return cli_usage_error(j.cmd, "a SOURCE from standard input "
                                   "needs -o PROJECT.xlf");
    strbuf out_path = STRBUF_INIT;
    if (output)
        strbuf_append_str(&out_path, output);
    else
        strbuf_printf(&out_path, "%s.xlf", argv[optind]);
    if (!out_path.data)
        return cli_error("out of memory");
    if (strcmp(out_path.data, "-") != 0 && fileio_exists(out_path.data) &&
        !force) {
        cli_error("%s exists; it may hold translations (use --force to "
                  "replace it, or -o another name)", out_path.data);
        strbuf_release(&out_path);
        return CLI_FAIL;
    }
    int to_stdout = strcmp(out_path.data, "-") == 0;
    int rc = cli_job_run(&j, argv + optind, argc - optind, &po);
    anv_error err;
    anv_error_clear(&err);
    if (rc == CLI_OK && (record_tm(&j, out_path.data, &err) != ANV_OK ||
                         record_glossaries(&j, &gl, out_path.data, &err) !=
                             ANV_OK))
        rc = cli_fail(&err);
    /* each unit's glossary terms, as a note other tools show */
    size_t term_hits = 0, term_units = 0;
    if (rc == CLI_OK && gl.n) {
        rc = cli_glossaries_open(&gl);
        strbuf note = STRBUF_INIT;
        for (size_t i = 0; rc == CLI_OK &&
                           i < xliff_project_unit_count(j.project); i++) {
            const char *src = xliff_project_unit(j.project, i)->source;
            const term_hit *h;
            size_t n = 0;
            if (term_matcher_find(gl.m, src, strlen(src), &h, &n, &err) !=
                    ANV_OK || !n)
                continue;
            strbuf_clear(&note);
            for (size_t k = 0; k < n; k++) {
                const glossary_entry *e = glossary_entry_at(gl.g, h[k].entry);
                strbuf_printf(&note, "%s[t%zu] %.*s → %s%s", k ? "  " : "",
                              k + 1, (int)(h[k].end - h[k].start),
                              src + h[k].start, e->target,
                              e->status == GLOSSARY_FORBIDDEN ? " (forbidden)"
                                                              : "");
            }
            if (xliff_unit_add_note(j.project, i, "anuvad-term", note.data,
                                    &err) != ANV_OK)
                rc = cli_fail(&err);
            term_hits += n;
            term_units++;
        }
        strbuf_release(&note);
    }
    if (rc == CLI_OK &&
        xliff_project_save(j.project, out_path.data,
                           force ? XLIFF_WRITE_REPLACE_READONLY : 0,
                           &err) != ANV_OK)
        rc = cli_fail(&err);
    if (rc == CLI_OK) {
        size_t reps = 0;
        for (size_t i = 0; i < j.result.n; i++)
            reps += j.result.unit[i].band == ANALYSIS_REPETITION;
        fprintf(stderr, "anuvad: %s: %zu segment%s, %zu with a target (%zu "
                "with numbers fixed), %zu repetition%s\n",
                to_stdout ? "<stdout>" : out_path.data, j.result.n,
                cli_plural(j.result.n), j.result.filled,
                j.result.numbers_fixed, reps, cli_plural(reps));
        if (gl.n)
            fprintf(stderr, "anuvad: %zu glossary term%s in %zu segment%s "
                    "(notes from \"anuvad-term\")\n", term_hits,
                    cli_plural(term_hits), term_units, cli_plural(term_units));
    }
    if (rc == CLI_OK && report)
        rc = cli_job_report(&j, REPORT_TEXT, to_stdout ? stderr : stdout);
    strbuf_release(&out_path);
    cli_job_release(&j);
    cli_glossaries_release(&gl);
    return rc;
}
