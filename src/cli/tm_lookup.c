/*
 * tm_lookup.c - `anuvad tm lookup`: exact, in-context and fuzzy
 * matches for source texts, through the TM matcher (tm_matcher.h).
 *
 * The texts come as arguments, or one a line on standard input (`-`, or
 * no TEXT at all), each answered as soon as it is read, so a script can
 * keep the process open and feed it a document.  With --json each query
 * gives one JSON object on one line (JSON lines), in order; otherwise a
 * listing: the score, the TM source with the words that differ marked
 * [-like this-]{+so+} (wdiff style), and the translation below it.
 */
#include "cli/cli.h"
#include "cli/tm.h"
#include "text/langtag.h"
#include "text/text.h"
#include "match/tm_matcher.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad tm lookup [--tm TM.tmx] [OPTIONS] [TEXT... | -]\n"
            "\n"
            "The TM's matches for each TEXT, or for each line of standard\n"
            "input (`-`, or no TEXT): every unit scoring at least --min, best\n"
            "first (score, then newest, then most used), at most --max.\n"
            "100 = the same text (after NFC); 101 = the same text and the same\n"
            "neighbours (--prev/--next); below 100 the score falls with the\n"
            "words that differ (docs/matching.md).  The listing marks what the\n"
            "TM source has [-like this-] and the text has {+like this+}.\n"
            "\n"
            "Options:\n"
            "  --tm FILE           the TM (default: the shipped tm/hi-en.tmx)\n"
            "  --min N             lowest score shown, 1-101 (default 50)\n"
            "  --max N             at most N matches a text (default 5; 0 = all)\n"
            "  --prev TEXT         the segment before TEXT in its document\n"
            "  --next TEXT         the segment after it (\"\" at an edge)\n"
            "  --json              one JSON object a text, one a line:\n"
            "                      {\"query\", \"matches\": [{\"score\", \"source\",\n"
            "                      \"target\", \"tuid\", \"changedate\", \"diff\", ...}]}\n"
            "  --source-lang TAG   (default hi-IN)\n"
            "  --target-lang TAG   (default en-US)\n"
            "\n"
            "The fuzzy index is kept in TM.tmx.idx (or in ~/.cache/anuvad when\n"
            "the TM's folder is read-only) and rebuilt when the TM changes.\n");
}

typedef struct lookup {
    tmcli c;
    tm_searcher *s;
    tm_query q;
    int several;       /* print each query before its matches */
    int first;
    strbuf out;
} lookup;

/* ---- output ---------------------------------------------------------------------- */

static json_t *json_match(const tm_match *m, const char *query)
{
    return json_pack(
        "{s:i, s:s%, s:s%, s:s?, s:o, s:o, s:o?, s:i, s:i, s:s%, s:s}",
        "score", m->score, "source", m->source, m->source_len, "target",
        m->target, m->target_len, "tuid", *m->tuid ? m->tuid : NULL,
        "changedate", tmcli_json_date(m->changedate), "diff",
        match_diff_json(&m->cmp, m->source, query), "usagecount",
        m->usagecount >= 0 ? json_integer(m->usagecount) : NULL,
        "number_mismatches", (int)m->cmp.number_mismatches, "tag_mismatches",
        (int)m->cmp.tag_mismatches, "target_seg", m->target_seg,
        m->target_seg_len, "target_lang", m->target_lang);
}

/* Text on one line: tabs and line breaks as spaces. */
static void append_flat(strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        strbuf_append_char(out, s[i] == '\n' || s[i] == '\t' || s[i] == '\r'
                                    ? ' '
                                    : s[i]);
}

static void append_text_match(lookup *l, const tm_match *m, const char *query)
{
    strbuf marked = STRBUF_INIT;
    strbuf_printf(&l->out, "%3d%%  ", m->score);
    if (match_diff_append_marked(&marked, &m->cmp, m->source, m->source_len,
                                 query) == ANV_OK)
        append_flat(&l->out, marked.data, marked.len);
    strbuf_append_str(&l->out, "\n      ");
    append_flat(&l->out, m->target, m->target_len);
    /* Say which language the translation is in when it is not exactly
     * the one asked for (en-GB for en-US). */
    const char *want = l->c.tgt ? l->c.tgt : TM_DEFAULT_TARGET;
    if (langtag_compare(want, m->target_lang) != LANGTAG_EXACT)
        strbuf_printf(&l->out, "  (%s)", m->target_lang);
    strbuf_append_char(&l->out, '\n');
    strbuf_release(&marked);
}

static int lookup_one(lookup *l, const char *text)
{
    anv_error err;
    anv_error_clear(&err);
    tm_matches r;
    l->q.text = text;
    if (tm_lookup(l->s, &l->q, &r, &err) != ANV_OK)
        return cli_fail(&err);
    strbuf *out = &l->out;
    if (l->c.json) {
        json_t *matches = json_array();
        int bad = !matches;
        for (size_t i = 0; !bad && i < r.n; i++)
            bad = json_array_append_new(matches,
                                        json_match(&r.match[i], r.query));
        if (bad)
            json_decref(matches);
        if (bad || json_out_line(out, json_pack("{s:s%, s:o}", "query",
                                                r.query, r.query_len,
                                                "matches", matches))) {
            anv_error_set(&err, ANV_ENOMEM,
                          "out of memory writing the JSON of '%s'", text);
            return cli_fail(&err);
        }
    } else {
        if (l->several) {
            strbuf_append_str(out, l->first ? "> " : "\n> ");
            append_flat(out, r.query, r.query_len);
            strbuf_append_char(out, '\n');
        }
        for (size_t i = 0; i < r.n; i++)
            append_text_match(l, &r.match[i], r.query);
        if (r.n == 0)
            strbuf_printf(out, "(no match of %d%% or more)\n",
                          l->q.min ? l->q.min : TM_MIN_DEFAULT);
    }
    l->first = 0;
    tmcli_put(out); /* answer each query as it comes */
    strbuf_clear(out);
    fflush(stdout);
    return CLI_OK;
}

static int lookup_stdin(lookup *l)
{
    anv_error err;
    anv_error_clear(&err);
    text_reader *r = text_reader_open("-", &err);
    text_paragraph p;
    int got = 0, rc = CLI_OK;
    while (r && rc == CLI_OK &&
           (got = text_reader_next(r, TEXT_PARA_LINE, &p, &err)) == 1)
        rc = lookup_one(l, p.text);
    if (!r || (rc == CLI_OK && got < 0))
        rc = cli_fail(&err);
    text_reader_free(r);
    return rc;
}

/* ---- the command ---------------------------------------------------------------------- */

int cli_tm_lookup(int argc, char **argv)
{
    static const struct option opts[] = {
        TMCLI_COMMON_OPTIONS,
        {"min", required_argument, NULL, 'm'},
        {"max", required_argument, NULL, 'x'},
        {"prev", required_argument, NULL, 'p'},
        {"next", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0}};
    lookup l;
    memset(&l, 0, sizeof l);
    tmcli_init(&l.c, "tm lookup");
    l.q.min = TM_MIN_DEFAULT;
    l.q.max = TM_MAX_DEFAULT;
    l.first = 1;
    long v;
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (tmcli_option(&l.c, opt, optarg))
            continue;
        switch (opt) {
        case 'm':
            if ((v = cli_parse_long(l.c.cmd, "--min", optarg, 1, 101)) < 0)
                return CLI_USAGE;
            l.q.min = (int)v;
            break;
        case 'x':
            if ((v = cli_parse_long(l.c.cmd, "--max", optarg, 0,
                                    1000000000)) < 0)
                return CLI_USAGE;
            l.q.max = v ? (size_t)v : TM_MAX_ALL;
            break;
        case 'p': l.q.prev = optarg; break;
        case 'n': l.q.next = optarg; break;
        default: return cli_usage_error(l.c.cmd, "unknown option");
        }
    }
    if (l.c.help) {
        usage(stdout);
        return CLI_OK;
    }
    int texts = argc - optind;
    int from_stdin = texts == 0;
    for (int i = optind; i < argc; i++)
        from_stdin |= strcmp(argv[i], "-") == 0;
    l.several = texts > 1 || from_stdin;
    if ((l.q.prev || l.q.next) && l.several)
        return cli_usage_error(l.c.cmd, "--prev and --next go with one TEXT");
    tm_matcher *tm = tmcli_open_matcher(&l.c);
    if (!tm)
        return CLI_FAIL;
    anv_error err;
    anv_error_clear(&err);
    int rc = CLI_OK;
    if (!(l.s = tm_searcher_new(tm, &err)))
        rc = cli_fail(&err);
    else if (texts == 0)
        rc = lookup_stdin(&l);
    for (int i = optind; i < argc && rc == CLI_OK; i++)
        rc = strcmp(argv[i], "-") == 0 ? lookup_stdin(&l)
                                       : lookup_one(&l, argv[i]);
    strbuf_release(&l.out);
    tm_searcher_free(l.s);
    tm_matcher_free(tm);
    tmcli_release(&l.c);
    return rc;
}
