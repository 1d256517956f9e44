/*
 * job.h - what `anuvad pretranslate` and `anuvad analyze` share (CLI
 * only): the options both take (--tm, --jobs, --paragraphs,
 * --source-lang, --target-lang, --help),
 * reading and segmenting the sources into a project, opening the TM
 * (progress on a terminal, warnings), running the lookups
 * (pretranslate.h) and printing the analysis table.
 */
#ifndef ANUVAD_CLI_JOB_H
#define ANUVAD_CLI_JOB_H

#include <getopt.h>
#include <stdio.h>

#include "project/analysis.h"
#include "cli/tm.h"
#include "project/pretranslate.h"
#include "project/xliff.h"

#define CLI_JOB_OPTIONS                                              \
    {"tm", required_argument, NULL, 't'},                            \
    {"jobs", required_argument, NULL, 'j'},                          \
    {"paragraphs", required_argument, NULL, 'p'},                    \
    {"format", required_argument, NULL, 'F'},                        \
    {"accept-changes", no_argument, NULL, 'A'},                      \
    {"source-lang", required_argument, NULL, 'S'},                   \
    {"target-lang", required_argument, NULL, 'T'},                   \
    {"help", no_argument, NULL, 'h'}

/* The help lines of the language options. */
#define CLI_JOB_LANG_HELP                                                     \
    "  --source-lang TAG    the documents' language (default hi-IN)\n"       \
    "  --target-lang TAG    the translation's (default en-US; en-GB for\n"   \
    "                       British and Indian spelling): the project's\n"   \
    "                       target-language, the TM units looked up, the\n"  \
    "                       spelling checked when translating\n"

/* --format, in the usage of both. */
#define CLI_JOB_FORMAT_HELP                                                   \
    "  --format NAME        the sources' format: html, xhtml, markdown,\n"    \
    "                       srt, vtt, docx, odt or text (default: by\n"      \
    "                       extension and content; PDF, .doc... are\n"      \
    "                       refused)\n"                                      \
    "  --accept-changes     DOCX/ODT with tracked changes: translate the\n"  \
    "                       text as if they were accepted (default:\n"      \
    "                       refuse the document)\n"

typedef enum { REPORT_TEXT, REPORT_JSON, REPORT_CSV } cli_report_format;

typedef struct cli_job {
    tmcli tm_cli;             /* the TM's path, warnings, progress */
    const char *cmd;
    text_para_mode mode;
    const char *format;       /* --format NAME, or NULL: detect */
    unsigned fmt_flags;       /* --accept-changes: FMT_ACCEPT_CHANGES */
    unsigned jobs;
    int help;
    xliff_project *project;
    tm_matcher *tm;
    pretranslate_result result;
    int progress_shown;
} cli_job;

void cli_job_init(cli_job *j, const char *cmd);
void cli_job_release(cli_job *j);

/* getopt_long over `shortopts` (starting with ':') and `opts`
 * (CLI_JOB_OPTIONS and the command's own); reset optind = 0 before the
 * first call.  Handles the shared options itself and returns the next
 * option of the command's own (its value in optarg), -1 at the end, or
 * CLI_JOB_USAGE after printing a usage error. */
#define CLI_JOB_USAGE (-2)
int cli_job_next_option(cli_job *j, int argc, char **argv,
                        const char *shortopts, const struct option *opts);

/* Segment the sources into a new project, open the TM and look every
 * segment up (opts: min, analyse_only ...; jobs and progress are set
 * here).  On failure prints the error and returns CLI_FAIL. */
int cli_job_run(cli_job *j, char **sources, int n,
                const pretranslate_opts *opts);

/* The TM as the user named it (--tm), or "tm/hi-en.tmx" for the default
 * one: for messages, reports and alt-trans origins, so that they do not
 * depend on where anuvad is installed. */
const char *cli_job_tm_name(const cli_job *j);

/* Print the analysis of the job to `out`. */
int cli_job_report(cli_job *j, cli_report_format format, FILE *out);

#endif
