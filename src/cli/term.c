/*
 * term.c - `anuvad term lookup`: a glossary's terms in Hindi text, in
 * every inflection (term/term_match.h).
 *
 * Each TEXT argument, or each line of standard input (`-`), gives one
 * output line: the hits as "[t1] TEXT → TARGET" (or "(no term)"), or with
 * --json one object {"line", "terms": [{"source", "target", "text",
 * "start", "end"}]} where start/end count characters of the line.
 */
#include "cli/cli.h"
#include "cli/term.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_out.h"
#include "base/paths.h"
#include "base/strbuf.h"
#include "term/cldr.h"
#include "term/glossary.h"
#include "term/term_match.h"
#include "text/text.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad term lookup [--glossary FILE] [--json] [TEXT... | -]\n"
            "       anuvad term add --glossary FILE [--note TEXT] [--forbidden] HINDI ENGLISH\n"
            "       anuvad term import --into FILE GLOSSARY...\n"
            "       anuvad term export --glossary FILE... -o OUT.tbx|OUT.tsv\n"
            "       anuvad term stats --glossary FILE... [--json]\n"
            "       anuvad term cldr   (the starter glossary, as TSV)\n"
            "\n"
            "The glossary's terms found in each TEXT, or in each line of\n"
            "standard input (`-`, or no TEXT), in any inflection or spelling\n"
            "variant (फ़ाइलों and फाइलें for फ़ाइल).  One output line a text.\n"
            "\n"
            "Options:\n"
            "  --glossary FILE  a TBX, TSV (source<TAB>target[<TAB>note]) or\n"
            "                   CSV (with a header) glossary; may be repeated\n"
            "                   (none: the starter glossary dict/cldr-hi-en.tsv,\n"
            "                   country, language, currency, month and\n"
            "                   weekday names from ICU's CLDR data)\n"
            "  --json           {\"line\": N, \"terms\": [{\"source\", \"target\",\n"
            "                   \"text\", \"start\", \"end\"}]} a line (offsets\n"
            "                   in characters)\n");
}

int cli_glossaries_add(cli_glossaries *gl, const char *cmd, const char *file)
{
    if (gl->n == CLI_MAX_GLOSSARIES)
        return cli_usage_error(cmd, "at most %d glossaries",
                               CLI_MAX_GLOSSARIES);
    gl->files[gl->n++] = file;
    return CLI_OK;
}

int cli_glossaries_open(cli_glossaries *gl)
{
    anv_error err;
    anv_error_clear(&err);
    if (!gl->n)
        return CLI_OK;
    if (!(gl->g = glossary_new(&err)))
        return cli_fail(&err);
    for (size_t i = 0; i < gl->n; i++)
        if (glossary_read(gl->g, gl->files[i], &err) != ANV_OK)
            return cli_fail(&err);
    if (!(gl->m = term_matcher_new(gl->g, NULL, &err)))
        return cli_fail(&err);
    return CLI_OK;
}

int cli_glossaries_english(cli_glossaries *gl, spell_checker *spell)
{
    anv_error err;
    anv_error_clear(&err);
    if (!gl->g || gl->en)
        return CLI_OK;
    if (!(gl->en = term_english_new(spell, SPELL_EN_US, &err)))
        return cli_fail(&err);
    return CLI_OK;
}

void cli_glossaries_release(cli_glossaries *gl)
{
    term_english_free(gl->en);
    gl->en = NULL;
    term_matcher_free(gl->m);
    glossary_free(gl->g);
    gl->m = NULL;
    gl->g = NULL;
}

typedef struct lookup {
    cli_glossaries gl;
    int json;
    strbuf out;
} lookup;

/* The term hits of one line, said with the words as they stand in the
 * input and character offsets into it: the matcher reads the NFC text,
 * which differs where the input has precomposed nukta letters (ड़ as
 * U+095C), so hits are mapped back through the paragraph's offset map. */
/* Byte offset in p->raw of byte `norm` of the NFC text. */
static size_t raw_at(const text_paragraph *p, size_t norm)
{
    uint64_t r = text_paragraph_raw_offset(p, norm) - p->raw_start;
    return r > p->raw_len ? p->raw_len : (size_t)r;
}

static int lookup_line(lookup *l, long line, const text_paragraph *p)
{
    const char *s = p->text;
    size_t len = p->len;
    anv_error err;
    anv_error_clear(&err);
    const term_hit *hits;
    size_t n;
    if (term_matcher_find(l->gl.m, s, len, &hits, &n, &err) != ANV_OK)
        return cli_fail(&err);
    if (l->json) {
        json_t *terms = json_array();
        for (size_t i = 0; terms && i < n; i++) {
            const glossary_entry *e = glossary_entry_at(l->gl.g, hits[i].entry);
            size_t a = raw_at(p, hits[i].start), b = raw_at(p, hits[i].end);
            json_array_append_new(
                terms,
                json_pack("{s:s, s:s, s:s%, s:I, s:I}", "source", e->source,
                          "target", e->target, "text", p->raw + a, b - a,
                          "start", (json_int_t)text_count_chars(p->raw, a),
                          "end", (json_int_t)text_count_chars(p->raw, b)));
        }
        if (json_out_line(&l->out, json_pack("{s:I, s:o}", "line",
                                             (json_int_t)line, "terms",
                                             terms)) != ANV_OK)
            return cli_error("out of memory writing JSON");
    } else {
        for (size_t i = 0; i < n; i++) {
            const glossary_entry *e = glossary_entry_at(l->gl.g, hits[i].entry);
            size_t a = raw_at(p, hits[i].start), b = raw_at(p, hits[i].end);
            strbuf_printf(&l->out, "%s[t%zu] %.*s → %s%s", i ? "  " : "",
                          i + 1, (int)(b - a), p->raw + a, e->target,
                          e->status == GLOSSARY_FORBIDDEN ? " (forbidden)"
                                                          : "");
        }
        strbuf_append_str(&l->out, n ? "\n" : "(no term)\n");
    }
    fwrite(l->out.data, 1, l->out.len, stdout);
    strbuf_clear(&l->out);
    return cli_flush_stdout() == 0 ? CLI_OK : CLI_FAIL;
}

static int lookup_stdin(lookup *l)
{
    anv_error err;
    anv_error_clear(&err);
    text_reader *r = text_reader_open("-", &err);
    if (!r)
        return cli_fail(&err);
    text_paragraph p;
    int rc = CLI_OK, got;
    long line = 0;
    while (rc == CLI_OK &&
           (got = text_reader_next(r, TEXT_PARA_LINE, &p, &err)) == 1)
        rc = lookup_line(l, ++line, &p);
    if (rc == CLI_OK && got < 0)
        rc = cli_fail(&err);
    text_reader_free(r);
    return rc;
}

static int term_lookup(int argc, char **argv)
{
    static const struct option opts[] = {
        {"glossary", required_argument, NULL, 'g'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    lookup l;
    memset(&l, 0, sizeof l);
    int opt;
    optind = 0;
    opterr = 0; /* our own messages (cli_unknown_option) */
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 'g':
            if (cli_glossaries_add(&l.gl, "term lookup", optarg) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'j': l.json = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_unknown_option("term lookup", argv, opts);
        }
    }
    anv_error err;
    anv_error_clear(&err);
    strbuf starter = STRBUF_INIT;
    if (!l.gl.n) {
        /* the starter glossary the build made from CLDR */
        if (paths_find_data("dict/cldr-hi-en.tsv", &starter, &err) != ANV_OK)
            return cli_usage_error("term lookup", "wants --glossary FILE "
                                   "(the starter glossary "
                                   "dict/cldr-hi-en.tsv is not built)");
        cli_glossaries_add(&l.gl, "term lookup", starter.data);
    }
    int rc = cli_glossaries_open(&l.gl);
    int from_stdin = optind == argc ||
                     (argc - optind == 1 && !strcmp(argv[optind], "-"));
    if (rc == CLI_OK && from_stdin)
        rc = lookup_stdin(&l);
    for (int i = optind; rc == CLI_OK && !from_stdin && i < argc; i++) {
        /* an argument is read like a line of input: checked, put in NFC,
         * with the map back to its bytes */
        text_reader *r = text_reader_open_memory("argument", argv[i],
                                                 strlen(argv[i]), &err);
        text_paragraph p;
        int got = r ? text_reader_next(r, TEXT_PARA_BLANK, &p, &err) : -1;
        if (got < 0)
            rc = cli_fail(&err);
        else if (got == 0) { /* an empty argument */
            text_paragraph empty = {"", 0, "", 0, 0, 1, NULL, 0};
            rc = lookup_line(&l, i - optind + 1, &empty);
        } else
            rc = lookup_line(&l, i - optind + 1, &p);
        text_reader_free(r);
    }
    cli_glossaries_release(&l.gl);
    strbuf_release(&l.out);
    strbuf_release(&starter);
    return rc;
}

/* `anuvad term cldr`: the starter glossary from ICU's CLDR data. */
static int term_cldr(void)
{
    anv_error err;
    anv_error_clear(&err);
    strbuf out = STRBUF_INIT;
    size_t n = 0;
    if (cldr_glossary_tsv(&out, &n, &err) != ANV_OK) {
        strbuf_release(&out);
        return cli_fail(&err);
    }
    fwrite(out.data, 1, out.len, stdout);
    strbuf_release(&out);
    fprintf(stderr, "anuvad: %zu entries from CLDR\n", n);
    return cli_flush_stdout();
}

int cli_term(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strcmp(argv[1], "lookup") == 0)
        return term_lookup(argc - 1, argv + 1);
    if (strcmp(argv[1], "cldr") == 0 && argc == 2)
        return term_cldr();
    if (!strcmp(argv[1], "add") || !strcmp(argv[1], "import") ||
        !strcmp(argv[1], "export") || !strcmp(argv[1], "stats"))
        return cli_term_edit(argc - 1, argv + 1);
    return cli_usage_error("term", "'%s' is not a term command (lookup, "
                           "add, import, export, stats, cldr)", argv[1]);
}
