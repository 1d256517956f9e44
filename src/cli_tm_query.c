/*
 * cli_tm_query.c - `anuvad tm lookup` (exact matches) and `anuvad tm
 * concordance` (a word or phrase, key word in context).
 *
 * lookup takes the texts as arguments, or one per line on stdin; with
 * --json it prints one JSON object per text (JSON lines), so a script can
 * feed it a whole document.
 */
#include "cli.h"
#include "cli_tm.h"
#include "concordance.h"
#include "langtag.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *match_name(int m)
{
    return m == 3 ? "exact" : m == 2 ? "language" : "region";
}

/* ---- lookup ------------------------------------------------------------------ */

static void usage_lookup(FILE *out)
{
    fprintf(out,
            "Usage: anuvad tm lookup [--tm TM.tmx] [OPTIONS] [TEXT...]\n"
            "\n"
            "Exact matches (100%%) for each TEXT, or for each line of standard\n"
            "input when no TEXT is given.  The same source is compared after\n"
            "NFC; several translations come newest first, units in the exact\n"
            "language tags before those that only share the language.\n"
            "\n"
            "Options:\n"
            "  --tm FILE           the TM (default: the shipped tm/hi-en.tmx)\n"
            "  --source-lang TAG   (default hi-IN)\n"
            "  --target-lang TAG   (default en-US)\n"
            "  --json              one JSON object per text (JSON lines)\n");
}

static int lookup_one(tm_store *t, const char *q, size_t qn, int json,
                      strbuf *out)
{
    anv_error err;
    anv_error_clear(&err);
    tm_hit *hits;
    size_t n;
    if (tm_lookup_exact(t, q, qn, &hits, &n, &err) != ANV_OK)
        return cli_fail(&err);
    if (json) {
        strbuf_append_str(out, "{\"query\":");
        strbuf_append_json(out, q, qn);
        strbuf_append_str(out, ",\"matches\":[");
    }
    for (size_t i = 0; i < n; i++) {
        tm_entry e;
        tm_entry_get(t, hits[i].id, &e);
        if (!json) {
            strbuf_append_str(out, "100%\t");
            strbuf_append(out, e.target, e.target_len);
            /* Say which language the translation is in when it is not
             * exactly the one asked for (fr for fr-FR, en-GB for en-US). */
            if (langtag_compare(tm_target_lang(t), e.target_lang) !=
                LANGTAG_EXACT)
                strbuf_printf(out, "\t(%s)", e.target_lang);
            strbuf_append_char(out, '\n');
            continue;
        }
        strbuf_printf(out, "%s{\"id\":%u,\"score\":100,\"source\":",
                      i ? "," : "", (unsigned)e.id);
        strbuf_append_json(out, e.source, e.source_len);
        strbuf_append_str(out, ",\"target\":");
        strbuf_append_json(out, e.target, e.target_len);
        strbuf_append_str(out, ",\"target_seg\":");
        strbuf_append_json(out, e.target_seg, e.target_seg_len);
        strbuf_append_str(out, ",\"source_lang\":");
        strbuf_append_json(out, e.source_lang, strlen(e.source_lang));
        strbuf_append_str(out, ",\"target_lang\":");
        strbuf_append_json(out, e.target_lang, strlen(e.target_lang));
        strbuf_printf(out, ",\"lang_match\":\"%s\",\"changedate\":",
                      match_name(e.lang_match));
        tmcli_json_date(out, e.changedate);
        if (e.usagecount >= 0)
            strbuf_printf(out, ",\"usagecount\":%lld}",
                          (long long)e.usagecount);
        else
            strbuf_append_str(out, ",\"usagecount\":null}");
    }
    if (json)
        strbuf_append_str(out, "]}\n");
    free(hits);
    return CLI_OK;
}

int cli_tm_lookup(int argc, char **argv)
{
    tmcli c;
    tmcli_init(&c, "tm lookup");
    int done = tmcli_parse_common(&c, argc, argv, -1, usage_lookup);
    if (done >= 0)
        return done;
    tm_store *t = tmcli_open(&c, 0, 0);
    if (!t)
        return CLI_FAIL;
    strbuf out = STRBUF_INIT;
    int rc = CLI_OK;
    if (optind < argc) {
        for (int i = optind; i < argc && rc == CLI_OK; i++)
            rc = lookup_one(t, argv[i], strlen(argv[i]), c.json, &out);
    } else {
        anv_error err;
        anv_error_clear(&err);
        text_reader *r = text_reader_open("-", &err);
        text_paragraph p;
        int got;
        while (r && rc == CLI_OK &&
               (got = text_reader_next(r, TEXT_PARA_LINE, &p, &err)) == 1) {
            rc = lookup_one(t, p.text, p.len, c.json, &out);
            tmcli_put(&out); /* answer each line as it comes */
            strbuf_clear(&out);
            fflush(stdout);
        }
        if (!r || (rc == CLI_OK && got < 0))
            rc = cli_fail(&err);
        text_reader_free(r);
    }
    tmcli_put(&out);
    strbuf_release(&out);
    tm_free(t);
    tmcli_release(&c);
    return rc;
}

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
            strbuf_printf(&out, "{\"id\":%u,\"side\":\"%s\",\"source\":",
                          (unsigned)e.id, src ? "source" : "target");
            strbuf_append_json(&out, e.source, e.source_len);
            strbuf_append_str(&out, ",\"target\":");
            strbuf_append_json(&out, e.target, e.target_len);
            strbuf_printf(&out, ",\"start\":%zu,\"end\":%zu,\"changedate\":",
                          hits[i].start, hits[i].end);
            tmcli_json_date(&out, e.changedate);
            strbuf_append_str(&out, "}\n");
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
