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
#include "base/relpath.h"
#include "base/strbuf.h"
#include "term/cldr.h"
#include "term/glossary.h"
#include "term/names.h"
#include "term/term_match.h"
#include "text/text.h"
#include "tm/tm.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad term lookup [--glossary FILE] [--json] [--names [--tm TM]]\n"
            "                          [TEXT... | -]\n"
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
            "  --names          a romanised hint for each name (words in no\n"
            "                   dictionary): [n1] शोइगु → Shoigu; in JSON\n"
            "                   \"names\": [{\"text\", \"hint\", \"start\", \"end\"}]\n"
            "  --tm TM          with --names: prefer spellings TM's English uses\n"
            "  --names-icu      ICU's plain transliteration instead (to compare)\n"
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

int cli_glossaries_from_project(cli_glossaries *gl, const xliff_project *p,
                                const char *project_path)
{
    const char *list = xliff_project_glossaries(p);
    anv_error err;
    anv_error_clear(&err);
    while (!gl->n && list && *list && gl->n_owned < CLI_MAX_GLOSSARIES) {
        const char *bar = strchr(list, '|');
        size_t n = bar ? (size_t)(bar - list) : strlen(list);
        strbuf rel = STRBUF_INIT, path = STRBUF_INIT;
        int rc = strbuf_append(&rel, list, n) == ANV_OK
                     ? relpath_resolve(rel.data, project_path, &path, &err)
                     : anv_error_set(&err, ANV_ENOMEM, "out of memory");
        strbuf_release(&rel);
        if (rc != ANV_OK) {
            strbuf_release(&path);
            return cli_fail(&err);
        }
        gl->owned[gl->n_owned++] = path.data; /* the strbuf's memory */
        list = bar ? bar + 1 : list + n;
        if (!bar)
            break;
    }
    for (size_t i = 0; !gl->n && i < gl->n_owned; i++)
        gl->files[i] = gl->owned[i];
    if (!gl->n)
        gl->n = gl->n_owned;
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
    for (size_t i = 0; i < gl->n_owned; i++)
        free(gl->owned[i]);
    gl->n_owned = 0;
    term_matcher_free(gl->m);
    glossary_free(gl->g);
    gl->m = NULL;
    gl->g = NULL;
}

typedef struct lookup {
    cli_glossaries gl;
    int json;
    int names;            /* 1: hints for names, 2: ICU's plain ones */
    const char *tm_path;  /* English spellings to prefer */
    spell_checker *hindi; /* which words are in no dictionary */
    name_hints *hints;
    strbuf out, hint;
} lookup;

/* --names: the checker and the hints, with the TM's English learnt. */
static int names_open(lookup *l)
{
    anv_error err;
    anv_error_clear(&err);
    spell_options so;
    spell_options_init(&so);
    so.lang = SPELL_HI;
    so.max_suggestions = 0;
    if (!(l->hindi = spell_checker_new(&so, &err)) ||
        !(l->hints = name_hints_new(&err)))
        return cli_fail(&err);
    if (!l->tm_path)
        return CLI_OK;
    tm_open_opts to = {0};
    tm_store *tm = tm_open(l->tm_path, &to, &err);
    if (!tm)
        return cli_fail(&err);
    int rc = CLI_OK;
    for (uint32_t id = 0; rc == CLI_OK && id < tm_id_limit(tm); id++) {
        tm_entry e;
        if (tm_entry_get(tm, id, &e) &&
            name_hints_learn(l->hints, e.target, e.target_len) != ANV_OK)
            rc = cli_error("out of memory");
    }
    tm_free(tm);
    return rc;
}

static void names_close(lookup *l)
{
    spell_checker_free(l->hindi);
    name_hints_free(l->hints);
    strbuf_release(&l->hint);
}

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

#define MAX_LINE_NAMES 256

/* Characters of s up to a byte offset, counted on from the last call. */
typedef struct char_counter {
    const char *s;
    size_t byte, chars;
} char_counter;

static json_int_t chars_to(char_counter *c, size_t byte)
{
    if (byte < c->byte) { /* back: count again from the start */
        c->byte = 0;
        c->chars = 0;
    }
    c->chars += text_count_chars(c->s + c->byte, byte - c->byte);
    c->byte = byte;
    return (json_int_t)c->chars;
}

static int lookup_line(lookup *l, long line, const text_paragraph *p)
{
    const char *s = p->text;
    size_t len = p->len;
    anv_error err;
    anv_error_clear(&err);
    const term_hit *hits;
    size_t n, n_names = 0;
    if (term_matcher_find(l->gl.m, s, len, &hits, &n, &err) != ANV_OK)
        return cli_fail(&err);
    /* --names: words in no dictionary, outside the terms found */
    const name_span *names = NULL;
    size_t hint_off[MAX_LINE_NAMES];
    if (l->names) {
        name_span skip[MAX_LINE_NAMES];
        size_t n_skip = 0;
        for (size_t i = 0; i < n && n_skip < MAX_LINE_NAMES; i++)
            skip[n_skip++] = (name_span){hits[i].start, hits[i].end};
        if (name_hints_find(l->hints, l->hindi, s, len, skip, n_skip, &names,
                            &n_names, &err) != ANV_OK)
            return cli_fail(&err);
        if (n_names > MAX_LINE_NAMES)
            n_names = MAX_LINE_NAMES;
        strbuf_clear(&l->hint);
        for (size_t i = 0; i < n_names; i++) {
            hint_off[i] = l->hint.len;
            int rc = l->names == 2
                ? name_hints_plain(l->hints, s + names[i].start,
                                   names[i].end - names[i].start, &l->hint,
                                   &err)
                : name_hints_romanise(l->hints, s + names[i].start,
                                      names[i].end - names[i].start,
                                      &l->hint, &err);
            if (rc != ANV_OK || strbuf_append(&l->hint, "", 1) != ANV_OK)
                return cli_fail(&err);
        }
    }
    if (l->json) {
        json_t *terms = json_array(), *jn = l->names ? json_array() : NULL;
        /* hits are in text order: characters are counted on from the
         * last one, not from the start of the line each time */
        char_counter cc = {p->raw, 0, 0};
        for (size_t i = 0; terms && i < n; i++) {
            const glossary_entry *e = glossary_entry_at(l->gl.g, hits[i].entry);
            size_t a = raw_at(p, hits[i].start), b = raw_at(p, hits[i].end);
            json_int_t ca = chars_to(&cc, a), cb = chars_to(&cc, b);
            json_array_append_new(
                terms,
                json_pack("{s:s, s:s, s:s%, s:I, s:I}", "source", e->source,
                          "target", e->target, "text", p->raw + a, b - a,
                          "start", ca, "end", cb));
        }
        for (size_t i = 0; jn && i < n_names; i++) {
            size_t a = raw_at(p, names[i].start), b = raw_at(p, names[i].end);
            json_array_append_new(
                jn, json_pack("{s:s%, s:s, s:I, s:I}", "text", p->raw + a,
                              b - a, "hint", l->hint.data + hint_off[i],
                              "start",
                              (json_int_t)text_count_chars(p->raw, a), "end",
                              (json_int_t)text_count_chars(p->raw, b)));
        }
        json_t *o = json_pack("{s:I, s:o}", "line", (json_int_t)line, "terms",
                              terms);
        if (o && jn)
            json_object_set_new(o, "names", jn);
        if (json_out_line(&l->out, o) != ANV_OK)
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
        for (size_t i = 0; i < n_names; i++) {
            size_t a = raw_at(p, names[i].start), b = raw_at(p, names[i].end);
            strbuf_printf(&l->out, "%s[n%zu] %.*s → %s", n || i ? "  " : "",
                          i + 1, (int)(b - a), p->raw + a,
                          l->hint.data + hint_off[i]);
        }
        strbuf_append_str(&l->out, n || n_names ? "\n" : "(no term)\n");
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
        {"names", no_argument, NULL, 'n'},
        {"names-icu", no_argument, NULL, 'I'},
        {"tm", required_argument, NULL, 't'},
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
        case 'n': l.names = 1; break;
        case 'I': l.names = 2; break;
        case 't': l.tm_path = optarg; break;
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
    if (rc == CLI_OK && l.tm_path && !l.names)
        rc = cli_usage_error("term lookup", "--tm goes with --names");
    if (rc == CLI_OK && l.names)
        rc = names_open(&l);
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
    names_close(&l);
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
