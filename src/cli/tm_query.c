/*
 * tm_query.c - `anuvad tm concordance`: a word or phrase in the TM,
 * key word in context (`tm lookup` is tm_lookup.c).
 */
#include "cli/cli.h"
#include "cli/tm.h"
#include "match/concordance.h"
#include "text/langtag.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- concordance ------------------------------------------------------------------- */

static void usage_concordance(FILE *out)
{
    fprintf(out,
            "Usage: anuvad tm concordance [--tm TM.tmx] [OPTIONS] TEXT\n"
            "\n"
            "Find a word or phrase in the TM, in either language, and show\n"
            "each occurrence in its context (key word in context), with the\n"
            "translation beside it.  Case does not matter; matches start and\n"
            "end at word edges unless --substring.  Newest first.\n"
            "\n"
            "Options:\n"
            "  --tm FILE           the TM (default: the shipped tm/hi-en.tmx)\n"
            "  --side SIDE         source, target or both (default both)\n"
            "  --substring         match inside words too\n"
            "  --limit N           show at most N hits (default 50; 0 = all)\n"
            "  --width N           columns of context each side (default 30)\n"
            "  --source-lang TAG, --target-lang TAG, --json\n");
}

static int print_hits(const tm_store *t, const conc_hit *hits, size_t n,
                      int width, int json, int color)
{
    strbuf out = STRBUF_INIT;
    const char *ml = color ? "\033[1m" : "[", *mr = color ? "\033[0m" : "]";
    for (size_t i = 0; i < n; i++) {
        tm_entry e;
        tm_entry_get(t, hits[i].id, &e);
        int src = hits[i].side == CONC_SOURCE;
        const char *text = src ? e.source : e.target;
        size_t len = src ? e.source_len : e.target_len;
        const char *other = src ? e.target : e.source;
        size_t olen = src ? e.target_len : e.source_len;
        if (json) {
            json_out_line(
                &out, json_pack("{s:I, s:s, s:s%, s:s%, s:I, s:I, s:o}", "id",
                                (json_int_t)e.id, "side",
                                src ? "source" : "target", "source", e.source,
                                e.source_len, "target", e.target,
                                e.target_len, "start",
                                (json_int_t)hits[i].start, "end",
                                (json_int_t)hits[i].end, "changedate",
                                tmcli_json_date(e.changedate)));
        } else {
            if (conc_kwic(&out, text, len, hits[i].start, hits[i].end, width,
                          ml, mr) != ANV_OK) {
                strbuf_release(&out);
                return cli_error("out of memory");
            }
            strbuf_append_str(&out, "  | ");
            for (size_t k = 0; k < olen; k++)
                strbuf_append_char(&out, other[k] == '\n' || other[k] == '\t'
                                             ? ' ' : other[k]);
            strbuf_append_char(&out, '\n');
        }
    }
    tmcli_put(&out);
    strbuf_release(&out);
    return CLI_OK;
}

int cli_tm_concordance(int argc, char **argv)
{
    static const struct option opts[] = {
        TMCLI_COMMON_OPTIONS,
        {"side", required_argument, NULL, 's'},
        {"substring", no_argument, NULL, 'u'},
        {"limit", required_argument, NULL, 'l'},
        {"width", required_argument, NULL, 'W'},
        {NULL, 0, NULL, 0}};
    tmcli c;
    tmcli_init(&c, "tm concordance");
    conc_opts co = {CONC_BOTH, 0, 50};
    long width = 30, v;
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (tmcli_option(&c, opt, optarg))
            continue;
        switch (opt) {
        case 's':
            if (strcmp(optarg, "source") == 0)
                co.side = CONC_SOURCE;
            else if (strcmp(optarg, "target") == 0)
                co.side = CONC_TARGET;
            else if (strcmp(optarg, "both") == 0)
                co.side = CONC_BOTH;
            else
                return cli_usage_error(c.cmd, "--side is source, target or "
                                       "both, not '%s'", optarg);
            break;
        case 'u': co.substring = 1; break;
        case 'l':
            if ((v = cli_parse_long(c.cmd, "--limit", optarg, 0, 1000000000))
                < 0)
                return CLI_USAGE;
            co.limit = (size_t)v;
            break;
        case 'W':
            if ((width = cli_parse_long(c.cmd, "--width", optarg, 4, 500)) < 0)
                return CLI_USAGE;
            break;
        default: return cli_usage_error(c.cmd, "unknown option");
        }
    }
    if (c.help) {
        usage_concordance(stdout);
        return CLI_OK;
    }
    if (argc - optind != 1)
        return cli_usage_error(c.cmd, "wants one TEXT to look for");
    tm_store *t = tmcli_open(&c, 0, 0);
    if (!t)
        return CLI_FAIL;
    anv_error err;
    anv_error_clear(&err);
    conc_hit *hits;
    size_t n, total;
    int rc = CLI_OK;
    if (conc_search(t, argv[optind], &co, &hits, &n, &total, &err) != ANV_OK) {
        rc = cli_fail(&err);
    } else {
        rc = print_hits(t, hits, n, (int)width, c.json,
                        !c.json && isatty(STDOUT_FILENO));
        if (n < total)
            fprintf(stderr, "%zu of %zu matches shown (--limit)\n", n, total);
        free(hits);
    }
    tm_free(t);
    tmcli_release(&c);
    return rc;
}
