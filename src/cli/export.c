/*
 * export.c - `anuvad export`: turn a project (XLIFF) into files for
 * the world outside.
 *
 *   anuvad export PROJECT.xlf [--text OUT] [--tsv OUT.tsv] [--omegat OUT.xlf]
 *                             [--tmx OUT.tmx]
 *
 * --text    the translated document, with the source document's layout
 *           byte for byte; segments without a translation keep their
 *           source text, and are counted in a warning.  A project with
 *           several files needs OUT to be a folder: each document is
 *           written there under its own name.
 * --tsv     one line per segment: source TAB target, with \t \n \r \\
 *           escaped (docs/xliff.md); untranslated segments have an empty
 *           target.
 * --omegat  the project as an XLIFF that OmegaT 3.6's own XLIFF filter
 *           can translate (see XLIFF_WRITE_FOR_OMEGAT in xliff.h).
 * --tmx     the confirmed translations as TMX 1.4b, with the neighbours
 *           of each segment as context props (xliff_tmx.h); dates and
 *           author as `anuvad tm` gives them (SOURCE_DATE_EPOCH,
 *           $ANUVAD_AUTHOR).
 *
 * The project is read completely before anything is written, and every
 * output is written atomically, so a broken project never leaves a half
 * export behind.
 */
#include "cli/cli.h"
#include "cli/tm.h"
#include "base/fileio.h"
#include "base/strbuf.h"
#include "project/xliff.h"
#include "project/xliff_tmx.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad export PROJECT.xlf [--text OUT] [--tsv OUT.tsv]\n"
            "                     [--omegat OUT.xlf] [--tmx OUT.tmx]\n"
            "\n"
            "Write a project's translation out of its XLIFF file.\n"
            "\n"
            "  --text OUT      the translated document with the source's "
            "layout\n"
            "                  (untranslated segments keep the source text);\n"
            "                  for a project of several files, OUT is a "
            "folder\n"
            "  --document OUT  the same, named for documents in their own\n"
            "                  formats (HTML, Markdown, SRT, WebVTT): "
            "markup,\n"
            "                  inline codes and encoding as in the original\n"
            "  --tsv OUT       bilingual table: source TAB target per "
            "segment,\n"
            "                  with \\t \\n \\r \\\\ escaped\n"
            "  --omegat OUT    an XLIFF for OmegaT 3.6's XLIFF filter "
            "(untranslated\n"
            "                  units carry the source as target, confirmed "
            "ones\n"
            "                  are locked)\n"
            "  --tmx OUT       the confirmed translations (translated, "
            "signed-off,\n"
            "                  final) as TMX 1.4b, with each segment's "
            "neighbours\n"
            "                  as context props; segments that need review "
            "are\n"
            "                  left out\n"
            "  -h, --help      this help\n"
            "\n"
            "OUT '-' is standard output.  Every file is written atomically.\n");
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Warn about what is not (yet) a confirmed translation. */
static void warn_progress(const xliff_project *p, const char *what)
{
    size_t none = 0, unconfirmed = 0, n = xliff_project_unit_count(p);
    for (size_t i = 0; i < n; i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        if (!u->target)
            none++;
        else if (!xliff_state_is_confirmed(u->state))
            unconfirmed++;
    }
    if (none)
        cli_warn("%s: %zu of %zu segment%s %s not translated; their source "
                 "text was kept", what, none, n, cli_plural(n),
                 none == 1 ? "is" : "are");
    if (unconfirmed)
        cli_warn("%s: %zu of %zu segment%s %s translated but not confirmed",
                 what, unconfirmed, n, cli_plural(n),
                 unconfirmed == 1 ? "is" : "are");
}

static int write_text_file(const xliff_project *p, size_t f, const char *out)
{
    strbuf doc = STRBUF_INIT;
    anv_error err;
    anv_error_clear(&err);
    int rc = xliff_document_rebuild(p, f, &doc, NULL, &err);
    if (rc == ANV_OK)
        rc = fileio_write_atomic(out, doc.data, doc.len, NULL, &err);
    strbuf_release(&doc);
    return rc == ANV_OK ? CLI_OK : cli_fail(&err);
}

/* The primary language subtag of `tag` ("en" of "en-US") into buf. */
static void primary_subtag(const char *tag, char buf[16])
{
    size_t n = tag ? strcspn(tag, "-_") : 0;
    if (n >= 16)
        n = 0;
    memcpy(buf, tag ? tag : "", n);
    buf[n] = '\0';
}

/* Where document `original` of a project goes in folder `out`: its path
 * as pretranslate was given it (folders kept when relative and inside,
 * so a/doc.txt and b/doc.txt do not collide), with a file-name part that
 * names the source language (doc.hi.txt) renamed for the target
 * (doc.en.txt). */
static int export_name(const char *original, const char *source_lang,
                       const char *target_lang, const char *out, strbuf *path)
{
    char src[16], tgt[16];
    primary_subtag(source_lang ? source_lang : "hi", src);
    primary_subtag(target_lang ? target_lang : "en", tgt);
    const char *rel = original;
    if (rel[0] == '/' || strstr(rel, "..")) { /* outside: its name only */
        const char *slash = strrchr(rel, '/');
        rel = slash ? slash + 1 : rel;
    }
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    if (strbuf_printf(path, "%s/%.*s", out, (int)(base - rel), rel) != ANV_OK)
        return ANV_ENOMEM;
    /* the dot-separated parts of the name: one equal to the source
     * language becomes the target language */
    for (const char *part = base; *part;) {
        size_t n = strcspn(part, ".");
        int is_lang = *src && *tgt && n == strlen(src) && part != base &&
                      strncasecmp(part, src, n) == 0;
        if (strbuf_append(path, is_lang ? tgt : part,
                          is_lang ? strlen(tgt) : n) != ANV_OK)
            return ANV_ENOMEM;
        part += n;
        if (*part == '.') {
            if (strbuf_append_char(path, '.') != ANV_OK)
                return ANV_ENOMEM;
            part++;
        }
    }
    return ANV_OK;
}

/* Create the folders above `path` that are missing. */
static int make_parent_dirs(const char *path, anv_error *err)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ANV_OK;
    strbuf dir = STRBUF_INIT;
    int rc = strbuf_append(&dir, path, (size_t)(slash - path)) == ANV_OK
                 ? fileio_make_dirs(dir.data, err)
                 : anv_error_set(err, ANV_ENOMEM, "out of memory");
    strbuf_release(&dir);
    return rc;
}

/* The documents of a project: its files, the parts of a container
 * (DOCX, ODT) counting as one. */
static size_t document_count(const xliff_project *p)
{
    size_t n = 0, nf = xliff_project_file_count(p);
    for (size_t f = 0; f < nf; f = xliff_document_end(p, f))
        n++;
    return n;
}

static int export_text(const xliff_project *p, const char *out)
{
    size_t nf = xliff_project_file_count(p), nd = document_count(p);
    if (nd == 1 && !is_dir(out)) {
        if (write_text_file(p, 0, out) != CLI_OK)
            return CLI_FAIL;
        warn_progress(p, out);
        return CLI_OK;
    }
    if (!is_dir(out))
        return cli_error("%s: the project has %zu files; --text needs an "
                         "existing folder", out, nd);
    /* every document under its own name; two of the same name would
     * overwrite each other, so refuse that before writing anything */
    strbuf *names = calloc(nf, sizeof *names);
    if (!names)
        return cli_error("out of memory");
    int rc = CLI_OK;
    for (size_t f = 0; f < nf && rc == CLI_OK; f = xliff_document_end(p, f)) {
        const xliff_file *xf = xliff_project_file(p, f);
        if (export_name(xf->original, xf->source_language,
                        xf->target_language, out, &names[f]) != ANV_OK)
            rc = cli_error("out of memory");
        for (size_t g = 0; g < f && rc == CLI_OK; g = xliff_document_end(p, g))
            if (strcmp(names[f].data, names[g].data) == 0)
                rc = cli_error("%s: two files of the project would both be "
                               "written as %s ('%s' and '%s')", out,
                               names[f].data, xliff_project_file(p, g)->original,
                               xf->original);
    }
    for (size_t f = 0; f < nf && rc == CLI_OK; f = xliff_document_end(p, f)) {
        anv_error err;
        anv_error_clear(&err);
        if (make_parent_dirs(names[f].data, &err) != ANV_OK)
            rc = cli_fail(&err);
        else
            rc = write_text_file(p, f, names[f].data);
    }
    for (size_t f = 0; f < nf; f++)
        strbuf_release(&names[f]);
    free(names);
    if (rc != CLI_OK)
        return rc;
    warn_progress(p, out);
    return CLI_OK;
}

static int export_tsv(const xliff_project *p, const char *out)
{
    anv_error err;
    anv_error_clear(&err);
    atomic_file *af = atomic_file_open(out, &err);
    if (!af)
        return cli_fail(&err);
    FILE *fp = atomic_file_stream(af);
    strbuf line = STRBUF_INIT;
    int rc = ANV_OK;
    for (size_t i = 0; rc == ANV_OK && i < xliff_project_unit_count(p); i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        strbuf_clear(&line);
        rc = xliff_escape_layout(&line, u->source, strlen(u->source));
        if (rc == ANV_OK)
            rc = strbuf_append_char(&line, '\t');
        if (rc == ANV_OK && u->target)
            rc = xliff_escape_layout(&line, u->target, strlen(u->target));
        if (rc == ANV_OK)
            rc = strbuf_append_char(&line, '\n');
        if (rc == ANV_OK && fwrite(line.data, 1, line.len, fp) != line.len)
            rc = ANV_EIO;
    }
    strbuf_release(&line);
    if (rc != ANV_OK) {
        atomic_file_abort(af);
        return cli_error("%s: %s", out, rc == ANV_EIO ? "write error"
                                                      : "out of memory");
    }
    if (atomic_file_commit(af, NULL, &err) != ANV_OK)
        return cli_fail(&err);
    return CLI_OK;
}

static int export_tmx(const xliff_project *p, const char *out)
{
    anv_error err;
    anv_error_clear(&err);
    int64_t now = tmcli_clock();
    xliff_tmx_opts o = {now ? now : (int64_t)time(NULL), tmcli_author()};
    xliff_tmx_counts c;
    if (xliff_project_export_tmx(p, out, &o, &c, &err) != ANV_OK)
        return cli_fail(&err);
    if (strcmp(out, "-") == 0)
        out = "<stdout>";
    if (c.unconfirmed)
        cli_warn("%s: %zu of %zu segment%s %s no confirmed translation; "
                 "left out", out, c.unconfirmed, c.units, cli_plural(c.units),
                 c.unconfirmed == 1 ? "has" : "have");
    if (c.empty)
        cli_warn("%s: %zu confirmed segment%s with an empty side left out",
                 out, c.empty, c.empty == 1 ? "" : "s");
    if (c.dropped)
        cli_warn("%s: %ld character%s that XML does not allow left out", out,
                 c.dropped, c.dropped == 1 ? "" : "s");
    return CLI_OK;
}

int cli_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"text", required_argument, NULL, 't'},
        {"document", required_argument, NULL, 't'},
        {"tsv", required_argument, NULL, 's'},
        {"omegat", required_argument, NULL, 'o'},
        {"tmx", required_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *text = NULL, *tsv = NULL, *omegat = NULL, *tmx = NULL;
    int c;
    optind = 0;
    opterr = 0; /* our own messages (cli_unknown_option) */
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't': text = optarg; break;
        case 's': tsv = optarg; break;
        case 'o': omegat = optarg; break;
        case 'x': tmx = optarg; break;
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_unknown_option("export", argv, opts);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("export", optind == argc
                                             ? "which project? (PROJECT.xlf)"
                                             : "one project at a time");
    if (!text && !tsv && !omegat && !tmx)
        return cli_usage_error("export", "say what to write: --text "
                                         "(--document), --tsv, --omegat or "
                                         "--tmx");
    int to_stdout = (text && strcmp(text, "-") == 0) +
                    (tsv && strcmp(tsv, "-") == 0) +
                    (omegat && strcmp(omegat, "-") == 0) +
                    (tmx && strcmp(tmx, "-") == 0);
    if (to_stdout > 1)
        return cli_usage_error("export", "only one output can go to "
                                         "standard output");
    anv_error err;
    anv_error_clear(&err);
    xliff_project *p = xliff_project_read(argv[optind], &err);
    if (!p)
        return cli_fail(&err);
    int rc = CLI_OK;
    if (text)
        rc = export_text(p, text);
    if (rc == CLI_OK && tsv)
        rc = export_tsv(p, tsv);
    if (rc == CLI_OK && omegat &&
        xliff_project_save(p, omegat, XLIFF_WRITE_FOR_OMEGAT, &err) != ANV_OK)
        rc = cli_fail(&err);
    if (rc == CLI_OK && tmx)
        rc = export_tmx(p, tmx);
    xliff_project_free(p);
    return rc;
}
