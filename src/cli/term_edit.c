/*
 * term_edit.c - `anuvad term add`, `term import`, `term export` and
 * `term stats`: glossaries managed the way `anuvad tm` manages TMs.
 *
 * A glossary file is read whole (TBX, TSV or CSV: term/glossary.h),
 * changed in memory and written back atomically (a temporary file
 * renamed over it, base/fileio.h), as TBX-Basic unless its name ends in
 * .tsv or .txt (then OmegaT's TSV).  A file that cannot be read is an
 * error and is never overwritten.
 */
#include "cli/cli.h"
#include "cli/term.h"

#include <getopt.h>
#include <string.h>
#include <strings.h>

#include "base/fileio.h"
#include "base/json_out.h"
#include "base/strbuf.h"
#include "base/wordmap.h"
#include "term/glossary.h"
#include "text/text.h"

static glossary_format format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (!strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".txt"))
               ? GLOSSARY_TSV
               : GLOSSARY_TBX;
}

/* Read `path` into g when it exists (a new glossary otherwise). */
static int read_existing(glossary *g, const char *path, anv_error *err)
{
    if (!fileio_exists(path))
        return ANV_OK;
    return glossary_read(g, path, err);
}

/* g without repeated entries (the same Hindi and English: an import of
 * a glossary already in the file adds nothing), into a new glossary. */
static glossary *unique(const glossary *g, anv_error *err)
{
    glossary *u = glossary_new(err);
    wordmap *seen = wordmap_new();
    strbuf key = STRBUF_INIT;
    int rc = u && seen ? ANV_OK : ANV_ENOMEM;
    for (size_t i = 0; rc == ANV_OK && i < glossary_count(g); i++) {
        const glossary_entry *e = glossary_entry_at(g, i);
        strbuf_clear(&key);
        uint32_t v;
        if (strbuf_printf(&key, "%s\t%s", e->source, e->target) != ANV_OK) {
            rc = ANV_ENOMEM;
            break;
        }
        if (wordmap_get(seen, key.data, key.len, &v))
            continue;
        rc = wordmap_put(seen, key.data, key.len, 1);
        if (rc == ANV_OK)
            rc = glossary_add(u, e, err);
    }
    wordmap_free(seen);
    strbuf_release(&key);
    if (rc != ANV_OK) {
        if (rc == ANV_ENOMEM)
            anv_error_set(err, rc, "out of memory");
        glossary_free(u);
        return NULL;
    }
    return u;
}

/* Write g (without repeats) to path atomically; *n: its entries. */
static int save(const glossary *g, const char *path, size_t *n,
                anv_error *err)
{
    strbuf out = STRBUF_INIT;
    glossary *u = unique(g, err);
    if (!u)
        return err->code;
    *n = glossary_count(u);
    int rc = glossary_write(u, format_of(path), &out, err);
    glossary_free(u);
    if (rc == ANV_OK)
        rc = fileio_write_atomic(path, out.data ? out.data : "", out.len,
                                 NULL, err);
    strbuf_release(&out);
    return rc;
}

static int term_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"glossary", required_argument, NULL, 'g'},
        {"note", required_argument, NULL, 'n'},
        {"forbidden", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = NULL, *note = NULL;
    int forbidden = 0, opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 'g': path = optarg; break;
        case 'n': note = optarg; break;
        case 'f': forbidden = 1; break;
        case 'h':
            puts("Usage: anuvad term add --glossary FILE [--note TEXT] "
                 "[--forbidden] HINDI ENGLISH");
            return CLI_OK;
        default: return cli_unknown_option("term add", argv, opts);
        }
    }
    if (!path)
        return cli_usage_error("term add", "wants --glossary FILE");
    if (argc - optind != 2)
        return cli_usage_error("term add", "wants the Hindi term and its "
                               "English");
    anv_error err;
    anv_error_clear(&err);
    glossary *g = glossary_new(&err);
    strbuf src = STRBUF_INIT, tgt = STRBUF_INIT;
    int rc = g ? read_existing(g, path, &err) : err.code;
    if (rc == ANV_OK)
        rc = text_append_nfc(&src, argv[optind], strlen(argv[optind]), &err);
    if (rc == ANV_OK)
        rc = text_append_nfc(&tgt, argv[optind + 1],
                             strlen(argv[optind + 1]), &err);
    if (rc == ANV_OK) {
        glossary_entry e = {0};
        e.source = src.data;
        e.target = tgt.data;
        e.note = note;
        e.status = forbidden ? GLOSSARY_FORBIDDEN : GLOSSARY_ADMITTED;
        e.file = path;
        rc = glossary_add(g, &e, &err);
    }
    size_t n = 0;
    if (rc == ANV_OK)
        rc = save(g, path, &n, &err);
    glossary_free(g);
    strbuf_release(&src);
    strbuf_release(&tgt);
    if (rc != ANV_OK)
        return cli_fail(&err);
    fprintf(stderr, "anuvad: %s: %zu entr%s\n", path, n, n == 1 ? "y" : "ies");
    return CLI_OK;
}

/* import --into G FILE... / export --glossary G... -o OUT */
static int term_convert(int argc, char **argv, int import)
{
    static const struct option opts[] = {
        {"into", required_argument, NULL, 'i'},
        {"glossary", required_argument, NULL, 'g'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = import ? "term import" : "term export";
    const char *out = NULL, *files[64];
    size_t n = 0;
    int opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (opt) {
        case 'i':
        case 'o': out = optarg; break;
        case 'g':
            if (n == 64)
                return cli_usage_error(cmd, "at most 64 glossaries");
            files[n++] = optarg;
            break;
        case 'h':
            puts(import ? "Usage: anuvad term import --into FILE GLOSSARY..."
                        : "Usage: anuvad term export --glossary FILE... -o OUT "
                          "(.tbx: TBX-Basic, .tsv: TSV)");
            return CLI_OK;
        default: return cli_unknown_option(cmd, argv, opts);
        }
    }
    for (int i = optind; import && i < argc && n < 64; i++)
        files[n++] = argv[i];
    if (!out)
        return cli_usage_error(cmd, import ? "wants --into FILE"
                                           : "wants -o OUT");
    if (!n)
        return cli_usage_error(cmd, import ? "which glossaries?"
                                           : "wants --glossary FILE");
    anv_error err;
    anv_error_clear(&err);
    glossary *g = glossary_new(&err);
    int rc = g ? ANV_OK : err.code;
    if (rc == ANV_OK && import)
        rc = read_existing(g, out, &err);
    glossary *had = import && rc == ANV_OK ? unique(g, &err) : NULL;
    size_t before = had ? glossary_count(had) : 0, total = 0;
    glossary_free(had);
    for (size_t i = 0; rc == ANV_OK && i < n; i++)
        rc = glossary_read(g, files[i], &err);
    if (rc == ANV_OK)
        rc = save(g, out, &total, &err);
    glossary_free(g);
    if (rc != ANV_OK)
        return cli_fail(&err);
    fprintf(stderr, "anuvad: %s: %zu entries (%zu added)\n", out, total,
            total - before);
    return CLI_OK;
}

static int term_stats(int argc, char **argv)
{
    static const struct option opts[] = {
        {"glossary", required_argument, NULL, 'g'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cli_glossaries gl;
    memset(&gl, 0, sizeof gl);
    int json = 0, opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 'g':
            if (cli_glossaries_add(&gl, "term stats", optarg) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'j': json = 1; break;
        case 'h':
            puts("Usage: anuvad term stats --glossary FILE... [--json]");
            return CLI_OK;
        default: return cli_unknown_option("term stats", argv, opts);
        }
    }
    if (!gl.n)
        return cli_usage_error("term stats", "wants --glossary FILE");
    anv_error err;
    anv_error_clear(&err);
    glossary *g = glossary_new(&err);
    int rc = g ? ANV_OK : err.code;
    for (size_t i = 0; rc == ANV_OK && i < gl.n; i++)
        rc = glossary_read(g, gl.files[i], &err);
    if (rc != ANV_OK) {
        glossary_free(g);
        return cli_fail(&err);
    }
    size_t n = glossary_count(g), forbidden = 0, preferred = 0, multi = 0,
           notes = 0, synonyms = 0;
    for (size_t i = 0; i < n; i++) {
        const glossary_entry *e = glossary_entry_at(g, i);
        forbidden += e->status == GLOSSARY_FORBIDDEN;
        preferred += e->status == GLOSSARY_PREFERRED;
        multi += strchr(e->source, ' ') != NULL;
        notes += e->note != NULL;
        synonyms += e->synonyms != NULL;
    }
    glossary_free(g);
    if (json) {
        strbuf o = STRBUF_INIT;
        json_out_line(&o, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
                                    "entries", (json_int_t)n, "multiword",
                                    (json_int_t)multi, "forbidden",
                                    (json_int_t)forbidden, "preferred",
                                    (json_int_t)preferred, "with_note",
                                    (json_int_t)notes, "with_synonyms",
                                    (json_int_t)synonyms));
        fwrite(o.data, 1, o.len, stdout);
        strbuf_release(&o);
    } else {
        printf("entries:       %zu\nmultiword:     %zu\nforbidden:     %zu\n"
               "preferred:     %zu\nwith a note:   %zu\nwith synonyms: %zu\n",
               n, multi, forbidden, preferred, notes, synonyms);
    }
    return cli_flush_stdout();
}

int cli_term_edit(int argc, char **argv)
{
    if (!strcmp(argv[0], "add"))
        return term_add(argc, argv);
    if (!strcmp(argv[0], "import"))
        return term_convert(argc, argv, 1);
    if (!strcmp(argv[0], "export"))
        return term_convert(argc, argv, 0);
    return term_stats(argc, argv);
}
