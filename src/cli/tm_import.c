/*
 * tm_import.c - `anuvad tm import`: TMX, XLIFF projects (confirmed
 * units), TSV or aligned files into a TM, merged and de-duplicated, saved
 * once at the end (all or nothing).
 */
#include "cli/cli.h"
#include "cli/tm.h"
#include "base/fileio.h"
#include "project/tm_import.h"

#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad tm import --into TM.tmx [OPTIONS] FILE...\n"
            "       anuvad tm import --into TM.tmx --source-file F "
            "--target-file G\n"
            "\n"
            "Add translations to TM.tmx (created when missing).  FILE is TMX\n"
            "(any version or encoding), an XLIFF project (its confirmed\n"
            "segments: translated, signed-off, final) or TSV\n"
            "(SOURCE<TAB>TARGET[<TAB>NOTE] a line, UTF-8), told apart by\n"
            "content; '-' is stdin.  A unit identical to one in the TM is\n"
            "merged, not added twice.  If any file fails, nothing is saved.\n"
            "\n"
            "Options:\n"
            "  --into FILE, --tm FILE   the TM to import into\n"
            "  --source-file F          aligned files: line n of F is the\n"
            "  --target-file G            source of line n of G\n"
            "  --source-lang TAG        language of TSV/aligned sources "
            "(hi-IN)\n"
            "  --target-lang TAG        language of their targets (en-US)\n"
            "  --skip-invalid           skip broken units (with a warning)\n"
            "                           instead of failing\n"
            "  --header-note TEXT       add a note to the TM's header (e.g.\n"
            "                           where the data comes from)\n"
            "  --wait                   wait for another writer\n"
            "  --json                   counts as JSON\n");
}

static void on_progress(void *ctx, const char *file, uint64_t bytes,
                        uint64_t total, uint64_t units)
{
    tmcli_progress(ctx, file, bytes, total, units);
}

static void add_counts(tm_import_counts *sum, const tm_import_counts *c)
{
    sum->read += c->read;
    sum->added += c->added;
    sum->merged += c->merged;
    sum->skipped += c->skipped;
    sum->other_pair += c->other_pair;
}

/* One file's counts: a line of text, or (jfiles not NULL) an object
 * appended to the JSON list of files. */
static void print_counts(strbuf *out, json_t *jfiles, const char *name,
                         const tm_import_counts *c)
{
    if (jfiles) {
        json_array_append_new(
            jfiles, json_pack("{s:s, s:I, s:I, s:I, s:I}", "file", name,
                              "read", (json_int_t)c->read, "added",
                              (json_int_t)c->added, "merged",
                              (json_int_t)c->merged, "skipped",
                              (json_int_t)c->skipped));
    } else {
        strbuf_printf(out, "%s: read %llu, added %llu, merged %llu, "
                      "skipped %llu", name, (unsigned long long)c->read,
                      (unsigned long long)c->added,
                      (unsigned long long)c->merged,
                      (unsigned long long)c->skipped);
        if (c->other_pair) /* stored, but no match in the TM's pair */
            strbuf_printf(out, "; %llu in other languages only",
                          (unsigned long long)c->other_pair);
        strbuf_append_char(out, '\n');
    }
}

int cli_tm_import(int argc, char **argv)
{
    static const struct option opts[] = {
        TMCLI_COMMON_OPTIONS,
        {"into", required_argument, NULL, 't'},
        {"source-file", required_argument, NULL, 's'},
        {"target-file", required_argument, NULL, 'g'},
        {"skip-invalid", no_argument, NULL, 'k'},
        {"header-note", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0}};
    tmcli c;
    tmcli_init(&c, "tm import");
    const char *src_file = NULL, *tgt_file = NULL, *note = NULL;
    int skip = 0, opt;
    optind = 0;
    opterr = 0; /* our own messages (cli_unknown_option) */
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (tmcli_option(&c, opt, optarg))
            continue;
        switch (opt) {
        case 's': src_file = optarg; break;
        case 'g': tgt_file = optarg; break;
        case 'k': skip = 1; break;
        case 'n': note = optarg; break;
        default: return cli_unknown_option(c.cmd, argv, opts);
        }
    }
    if (c.help) {
        usage(stdout);
        return CLI_OK;
    }
    if (!c.tm_path)
        return cli_usage_error(c.cmd, "say which TM with --into FILE");
    if (!src_file != !tgt_file)
        return cli_usage_error(c.cmd, "--source-file and --target-file go "
                               "together");
    if (optind >= argc && !src_file)
        return cli_usage_error(c.cmd, "no file to import");

    tm_store *t = tmcli_open(&c, 1, 1);
    if (!t)
        return CLI_FAIL;
    tm_import_opts io = {0};
    io.skip_invalid = skip;
    io.ctx = &c;
    io.on_warning = tmcli_warning;
    io.on_progress = on_progress;
    tm_import_counts total = {0};
    strbuf out = STRBUF_INIT;
    anv_error err;
    anv_error_clear(&err);
    int rc = ANV_OK, files = 0;
    json_t *jfiles = c.json ? json_array() : NULL;
    if (note)
        rc = tm_add_header_note(t, note, &err);
    if (rc == ANV_OK && src_file) {
        tm_import_counts one = {0};
        rc = tm_import_pair_files(t, src_file, tgt_file, &io, &one, &err);
        tmcli_progress_done(&c);
        if (rc == ANV_OK) {
            print_counts(&out, jfiles, src_file, &one);
            add_counts(&total, &one);
            files++;
        }
    }
    for (int i = optind; i < argc && rc == ANV_OK; i++) {
        tm_import_counts one = {0};
        rc = tm_import_file(t, argv[i], &io, &one, &err);
        tmcli_progress_done(&c);
        if (rc == ANV_OK) {
            print_counts(&out, jfiles,
                         strcmp(argv[i], "-") ? argv[i] : "<stdin>", &one);
            add_counts(&total, &one);
            files++;
        }
    }
    if (rc == ANV_OK && (c.uri || tm_is_dirty(t) ||
                         !fileio_exists(c.path.data))) {
        if (cli_stderr_is_tty()) {
            fprintf(stderr, "saving %s ...", c.path.data);
            c.progress_shown = 1;
        }
        rc = tmcli_save(&c, t, &err);
        tmcli_progress_done(&c);
    }
    if (rc != ANV_OK) {
        json_decref(jfiles);
        strbuf_release(&out);
        cli_fail(&err);
        fprintf(stderr, "(nothing was imported; %s is unchanged)\n",
                c.path.data);
        tm_free(t);
        tmcli_release(&c);
        return CLI_FAIL;
    }
    if (c.json) {
        json_out_line(&out,
                      json_pack("{s:s%, s:o, s:I, s:I, s:I, s:I, s:I}", "tm",
                                c.path.data, c.path.len, "files", jfiles,
                                "read", (json_int_t)total.read, "added",
                                (json_int_t)total.added, "merged",
                                (json_int_t)total.merged, "skipped",
                                (json_int_t)total.skipped, "units",
                                (json_int_t)tm_count(t)));
    } else {
        if (files > 1)
            print_counts(&out, NULL, "total", &total);
        strbuf_printf(&out, "%s: %zu unit%s\n", c.path.data, tm_count(t),
                      tm_count(t) == 1 ? "" : "s");
    }
    tmcli_put(&out);
    strbuf_release(&out);
    tm_free(t);
    tmcli_release(&c);
    return CLI_OK;
}
