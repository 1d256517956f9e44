/*
 * analyze.c - `anuvad analyze`: how much of a job the TM already
 * covers, in the bands translators price by (docs/analysis.md).
 *
 *   anuvad analyze [--tm TM.tmx] [--json|--csv] [--jobs N]
 *                  [--paragraphs line|blank] SOURCE...
 *
 * Exactly the segmentation and lookups of `anuvad pretranslate` (job.c,
 * pretranslate.h), so the two always agree; nothing is written but the
 * table on standard output.
 */
#include "cli/cli.h"
#include "cli/job.h"

#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad analyze [OPTIONS] SOURCE...\n"
            "\n"
            "Segments, words and characters of the SOURCE documents per match\n"
            "band: in context 101%%, 100%%, repetitions, 95-99%%, 85-94%%,\n"
            "75-84%%, 50-74%%, no match; per file and for the whole job.\n"
            "The segments and matches are those `anuvad pretranslate` would\n"
            "use; nothing is written (the counting rules: docs/analysis.md).\n"
            "\n"
            "  --tm FILE            the TM (default: the shipped tm/hi-en.tmx)\n"
            "  --json               the table as JSON\n"
            "  --csv                the table as CSV (file,band,segments,words,\n"
            "                       characters,characters_with_spaces)\n"
            "  --jobs N             lookup threads (default: the CPUs, at\n"
            "                       most 8)\n"
            "  --paragraphs MODE    line: every line is a paragraph (default);\n"
            "                       blank: paragraphs end at blank lines\n"
            CLI_JOB_FORMAT_HELP
            CLI_JOB_LANG_HELP
            "  -h, --help           this help\n");
}

int cli_analyze(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_JOB_OPTIONS,
        {"json", no_argument, NULL, 'J'},
        {"csv", no_argument, NULL, 'C'},
        {NULL, 0, NULL, 0}};
    cli_job j;
    cli_job_init(&j, "analyze");
    cli_report_format format = REPORT_TEXT;
    int c, formats = 0;
    optind = 0;
    while ((c = cli_job_next_option(&j, argc, argv, ":h", opts)) != -1) {
        switch (c) {
        case 'J': format = REPORT_JSON; formats++; break;
        case 'C': format = REPORT_CSV; formats++; break;
        default: return CLI_USAGE;
        }
    }
    if (j.help) {
        usage(stdout);
        return CLI_OK;
    }
    if (formats > 1)
        return cli_usage_error(j.cmd, "--json or --csv, not both");
    if (optind == argc)
        return cli_usage_error(j.cmd, "which documents? (SOURCE...)");
    pretranslate_opts po = {0};
    po.analyse_only = 1;
    int rc = cli_job_run(&j, argv + optind, argc - optind, &po);
    if (rc == CLI_OK)
        rc = cli_job_report(&j, format, stdout);
    cli_job_release(&j);
    return rc;
}
