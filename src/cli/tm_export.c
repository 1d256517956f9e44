/*
 * tm_export.c - `anuvad tm export`: the TM, or the units changed since
 * a date, or one language pair, as TMX 1.4b.
 */
#include "cli/cli.h"
#include "cli/tm.h"

#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad tm export [--tm TM.tmx] [-o OUT.tmx] [--since DATE]\n"
            "                        [--source-lang TAG --target-lang TAG]\n"
            "\n"
            "Write the TM as TMX 1.4b (valid against tmx14.dtd), with every\n"
            "attribute, prop, note and inline code it was given.\n"
            "\n"
            "Options:\n"
            "  --tm FILE           the TM (default: the shipped tm/hi-en.tmx)\n"
            "  -o, --output FILE   where to write (default: standard output);\n"
            "                      written to a temporary file and renamed\n"
            "  --since DATE        only units created or changed on or after\n"
            "                      DATE (YYYY-MM-DD, or a TMX date)\n"
            "  --source-lang TAG   with --target-lang: only units with both\n"
            "  --target-lang TAG     languages, and only those two\n");
}

int cli_tm_export(int argc, char **argv)
{
    static const struct option opts[] = {
        TMCLI_COMMON_OPTIONS,
        {"output", required_argument, NULL, 'o'},
        {"since", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0}};
    tmcli c;
    tmcli_init(&c, "tm export");
    const char *output = "-", *since = NULL;
    int opt;
    optind = 0;
    opterr = 0; /* our own messages (cli_unknown_option) */
    while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (tmcli_option(&c, opt, optarg))
            continue;
        switch (opt) {
        case 'o': output = optarg; break;
        case 'd': since = optarg; break;
        default: return cli_unknown_option(c.cmd, argv, opts);
        }
    }
    if (c.help) {
        usage(stdout);
        return CLI_OK;
    }
    if (optind < argc)
        return cli_usage_error(c.cmd, "unexpected argument '%s'",
                               argv[optind]);
    tm_export_opts eo = {TMX_NO_DATE, c.src || c.tgt};
    if (since && !tmx_date_parse(since, &eo.since))
        return cli_usage_error(c.cmd, "--since wants a date like 2024-05-01, "
                               "not '%s'", since);
    tm_store *t = tmcli_open(&c, 0, 0);
    if (!t)
        return CLI_FAIL;
    anv_error err;
    anv_error_clear(&err);
    size_t units = 0;
    long dropped = 0;
    int rc = tm_export(t, output, &eo, &units, &dropped, &err);
    if (rc != ANV_OK)
        cli_fail(&err);
    else if (strcmp(output, "-") != 0)
        fprintf(stderr, "%s: %zu unit%s\n", output, units,
                units == 1 ? "" : "s");
    if (rc == ANV_OK && dropped)
        cli_warn("%ld characters that XML does not allow were left out",
                 dropped);
    tm_free(t);
    tmcli_release(&c);
    return rc == ANV_OK ? CLI_OK : CLI_FAIL;
}
