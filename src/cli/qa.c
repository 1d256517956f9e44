/*
 * qa.c - `anuvad qa`: the checks a reviewer runs before delivery
 * (qa/qa.h), over one or more projects.
 *
 * Text output groups the findings by segment; --json gives one object a
 * finding {"file", "unit", "check", "severity", "message", "source",
 * "target"}; --csv the same columns with a header.  Exit status: 0 when
 * nothing was found, 1 when something was (or a project could not be
 * read), 2 on a usage error, so a delivery pipeline can gate on it.
 * Text output gives each finding its id; `--ignore ID` marks that
 * finding "ignore" in the project (saved atomically), and later runs
 * count it as ignored instead of reporting it.
 */
#include "cli/cli.h"
#include "cli/term.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/fileio.h"
#include "base/json_out.h"
#include "base/strbuf.h"
#include "project/xliff.h"
#include "qa/qa.h"
#include "term/glossary.h"
#include "term/term_match.h"
#include "text/icode.h"

enum { OUT_TEXT, OUT_JSON, OUT_CSV, OUT_HTML };

/* --html OUT: one standalone page for the reviewer (no outside files):
 * a row per finding with the segment's source and target, the check's
 * name marked by severity, and a checkbox per check that shows or hides
 * its rows (a few lines of inline script; without it every row shows). */
static void html_head(strbuf *b)
{
    strbuf_append_str(b,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>anuvad qa</title>\n<style>\n"
        "body{font-family:sans-serif;margin:1em}table{border-collapse:"
        "collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;"
        "vertical-align:top;text-align:left}.error .check{background:#f8d0d0}"
        ".warning .check{background:#fff0c0}.src{font-family:serif}"
        "label{margin-right:1em}\n</style></head><body>\n"
        "<h1>anuvad qa</h1>\n<p id=\"filters\"></p>\n<table><thead><tr>"
        "<th>file</th><th>unit</th><th>check</th><th>finding</th>"
        "<th>source</th><th>target</th></tr></thead><tbody>\n");
}

static void html_tail(strbuf *b, size_t found)
{
    strbuf_printf(b,
        "</tbody></table>\n<p>%zu finding%s.</p>\n<script>\n"
        "var rows=document.querySelectorAll('tbody tr'),seen={},f="
        "document.getElementById('filters');\n"
        "rows.forEach(function(r){var c=r.dataset.check;if(seen[c])return;"
        "seen[c]=1;var l=document.createElement('label'),i=document."
        "createElement('input');i.type='checkbox';i.checked=true;"
        "i.onchange=function(){rows.forEach(function(x){if(x.dataset.check"
        "===c)x.style.display=i.checked?'':'none';});};l.appendChild(i);"
        "l.appendChild(document.createTextNode(' '+c));f.appendChild(l);});"
        "\n</script>\n</body></html>\n", found, found == 1 ? "" : "s");
}

static void html_cell(strbuf *b, const char *cls, const char *text)
{
    strbuf_printf(b, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
                  cls ? "\"" : "");
    strbuf_append_xml(b, text, strlen(text), 1);
    strbuf_append_str(b, "</td>");
}

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad qa [--glossary FILE] [--json | --csv] PROJECT.xlf...\n"
            "       anuvad qa --ignore ID [--ignore ID...] PROJECT.xlf\n"
            "\n"
            "Check translated projects as a reviewer does: untranslated,\n"
            "same-as-source, source-script, number, tags, terminology,\n"
            "inconsistent, end-punctuation, brackets, quotes, double-space,\n"
            "whitespace, url-email, length, repeated-word (docs/qa.md).\n"
            "Exit status 0: nothing found; 1: findings; 2: usage error.\n"
            "\n"
            "Options:\n"
            "  --glossary FILE  check the glossary's terms (TBX, TSV, CSV);\n"
            "                   may be repeated\n"
            "  --tm TM          `inconsistent` also against the TM's 100%% matches\n"
            "  --json           one JSON object a finding\n"
            "  --html OUT       a page for the reviewer (filters by check)\n"
            "  --no-spelling    leave the spelling of the targets unchecked\n"
            "  --csv            file,unit,check,severity,message,source,target\n"
            "  --ignore ID      a false alarm: stays quiet in later runs (the\n"
            "                   ids are in the text output); stored in the\n"
            "                   project\n");
}

static void csv_field(strbuf *b, const char *s, int last)
{
    strbuf_append_char(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            strbuf_append_char(b, '"');
        strbuf_append_char(b, *s);
    }
    strbuf_append_str(b, last ? "\"\n" : "\",");
}

static int print_project(const char *path, const xliff_project *p,
                         const qa_report *r, int format, strbuf *out)
{
    strbuf src = STRBUF_INIT, tgt = STRBUF_INIT;
    size_t last = (size_t)-1;
    for (size_t k = 0; k < r->n; k++) {
        const qa_finding *f = &r->f[k];
        const xliff_unit *u = xliff_project_unit(p, f->unit);
        const char *file = xliff_project_file(p, u->file)->original;
        strbuf_clear(&src);
        strbuf_clear(&tgt);
        icode_display(&src, u->source, strlen(u->source));
        if (u->target)
            icode_display(&tgt, u->target, strlen(u->target));
        const char *sev = f->severity == QA_ERROR ? "error" : "warning";
        if (format == OUT_JSON) {
            json_out_line(out, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                                         "file", file, "unit", u->id, "check",
                                         f->check, "severity", sev, "message",
                                         f->message, "source",
                                         src.data ? src.data : "", "target",
                                         tgt.data ? tgt.data : ""));
        } else if (format == OUT_HTML) {
            strbuf_printf(out, "<tr class=\"%s\" data-check=\"%s\">", sev,
                          f->check);
            html_cell(out, NULL, file);
            html_cell(out, NULL, u->id);
            html_cell(out, "check", f->check);
            html_cell(out, NULL, f->message);
            html_cell(out, "src", src.data ? src.data : "");
            html_cell(out, NULL, tgt.data ? tgt.data : "");
            strbuf_append_str(out, "</tr>\n");
        } else if (format == OUT_CSV) {
            csv_field(out, file, 0);
            csv_field(out, u->id, 0);
            csv_field(out, f->check, 0);
            csv_field(out, sev, 0);
            csv_field(out, f->message, 0);
            csv_field(out, src.data ? src.data : "", 0);
            csv_field(out, tgt.data ? tgt.data : "", 1);
        } else {
            if (f->unit != last) {
                strbuf_printf(out, "%s%s: segment %zu (%s)\n  source: %s\n"
                              "  target: %s\n", last == (size_t)-1 ? "" : "\n",
                              path, f->unit + 1, file,
                              src.data ? src.data : "",
                              tgt.data ? tgt.data : "(none)");
                last = f->unit;
            }
            char id[QA_ID_SIZE];
            qa_finding_id(p, f, id);
            strbuf_printf(out, "  %-7s %s: %s  [%s]\n", sev, f->check,
                          f->message, id);
        }
    }
    strbuf_release(&src);
    strbuf_release(&tgt);
    return ANV_OK;
}

int cli_qa(int argc, char **argv)
{
    static const struct option opts[] = {
        {"glossary", required_argument, NULL, 'g'},
        {"json", no_argument, NULL, 'j'},
        {"csv", no_argument, NULL, 'c'},
        {"ignore", required_argument, NULL, 'i'},
        {"tm", required_argument, NULL, 't'},
        {"html", required_argument, NULL, 'H'},
        {"no-spelling", no_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cli_glossaries gl;
    memset(&gl, 0, sizeof gl);
    int format = OUT_TEXT, opt;
    const char *tm_path = NULL, *html_path = NULL;
    int spelling = 1;
    const char *ignore[64];
    size_t n_ignore = 0;
    optind = 0;
    opterr = 0; /* our own messages (cli_unknown_option) */
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 'g':
            if (cli_glossaries_add(&gl, "qa", optarg) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'j':
        case 'c':
            if (format != OUT_TEXT)
                return cli_usage_error("qa", "one of --json, --csv, --html");
            format = opt == 'j' ? OUT_JSON : OUT_CSV;
            break;
        case 't':
            tm_path = optarg;
            break;
        case 'S':
            spelling = 0;
            break;
        case 'H':
            if (format != OUT_TEXT)
                return cli_usage_error("qa", "one of --json, --csv, --html");
            format = OUT_HTML;
            html_path = optarg;
            break;
        case 'i':
            if (n_ignore == sizeof ignore / sizeof *ignore)
                return cli_usage_error("qa", "at most 64 --ignore at once");
            ignore[n_ignore++] = optarg;
            break;
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_unknown_option("qa", argv, opts);
        }
    }
    if (optind == argc)
        return cli_usage_error("qa", "wants a PROJECT.xlf");
    if (n_ignore && argc - optind != 1)
        return cli_usage_error("qa", "--ignore wants one PROJECT.xlf");
    anv_error err;
    anv_error_clear(&err);
    int rc = CLI_OK;
    if (!gl.n) { /* the glossaries the (first) project was made with */
        xliff_project *first = xliff_project_read(argv[optind], &err);
        if (first)
            rc = cli_glossaries_from_project(&gl, first, argv[optind]);
        xliff_project_free(first); /* unreadable: said below */
        anv_error_clear(&err);
    }
    if (rc == CLI_OK)
        rc = cli_glossaries_open(&gl);
    if (rc == CLI_OK)
        rc = cli_glossaries_english(&gl, NULL);
    qa_opts qo = {gl.g, gl.m, NULL, NULL, NULL, gl.en};
    tm_matcher *tm = NULL;
    if (rc == CLI_OK && tm_path) {
        tm = tm_matcher_open(tm_path, NULL, NULL, &err);
        qo.tm = tm ? tm_searcher_new(tm, &err) : NULL;
        if (!qo.tm)
            rc = cli_fail(&err);
    }
    strbuf out = STRBUF_INIT;
    if (format == OUT_CSV)
        strbuf_append_str(&out, "file,unit,check,severity,message,source,"
                                "target\n");
    strbuf page = STRBUF_INIT;
    if (format == OUT_HTML)
        html_head(&page);
    size_t found = 0, ignored = 0;
    for (int i = optind; i < argc && rc == CLI_OK; i++) {
        xliff_project *p = xliff_project_read(argv[i], &err);
        if (!p) {
            rc = cli_fail(&err);
            break;
        }
        /* the targets' English: en-GB when the project says so */
        spell_checker *sp = NULL, *var = NULL;
        if (spelling && xliff_project_file_count(p)) {
            const char *tl = xliff_project_file(p, 0)->target_language;
            spell_options so;
            spell_options_init(&so);
            so.lang = tl && !strncasecmp(tl, "en-GB", 5) ? SPELL_EN_GB
                      : tl && !strncasecmp(tl, "en-IN", 5) ? SPELL_EN_GB
                                                          : SPELL_EN_US;
            so.max_suggestions = 0; /* hunspell suggestions cost 50 ms a word */
            so.morphology = 0;     /* English targets: no Hindi forms */
            so.transcriptions = 0;
            anv_error serr;
            sp = spell_checker_new(&so, &serr); /* none: no spelling check */
            so.lang = so.lang == SPELL_EN_GB ? SPELL_EN_US : SPELL_EN_GB;
            var = sp ? spell_checker_new(&so, &serr) : NULL;
        }
        qo.spell = sp;
        qo.variant = var;
        qa_report r = QA_REPORT_INIT;
        int qrc = qa_run(p, &qo, &r, &err);
        spell_checker_free(sp);
        spell_checker_free(var);
        qo.spell = qo.variant = NULL;
        if (qrc != ANV_OK) {
            rc = cli_fail(&err);
        } else if (n_ignore) {
            if (xliff_project_is_foreign(p)) {
                rc = cli_error("%s: --ignore: another tool's XLIFF keeps "
                               "only its targets; findings cannot be "
                               "stored in it", argv[i]);
            }
            for (size_t k = 0; k < n_ignore && rc == CLI_OK; k++)
                if (qa_ignore(p, &r, ignore[k], &err) != ANV_OK)
                    rc = cli_fail(&err);
            if (rc == CLI_OK &&
                xliff_project_save(p, argv[i], 0, &err) != ANV_OK)
                rc = cli_fail(&err);
            if (rc == CLI_OK)
                fprintf(stderr, "anuvad: %s: %zu finding%s marked ignore\n",
                        argv[i], n_ignore, cli_plural(n_ignore));
            qa_report_release(&r);
            xliff_project_free(p);
            break;
        } else {
            print_project(argv[i], p, &r, format, &out);
            ignored += r.ignored;
        }
        found += r.n;
        qa_report_release(&r);
        xliff_project_free(p);
        if (format == OUT_HTML)
            strbuf_append(&page, out.data ? out.data : "", out.len);
        else
            fwrite(out.data ? out.data : "", 1, out.len, stdout);
        strbuf_clear(&out);
    }
    strbuf_release(&out);
    if (rc == CLI_OK && format == OUT_HTML) {
        html_tail(&page, found);
        if (fileio_write_atomic(html_path, page.data, page.len, NULL, &err) !=
            ANV_OK)
            rc = cli_fail(&err);
        else
            fprintf(stderr, "anuvad: %zu finding%s in %s\n", found,
                    cli_plural(found), html_path);
    }
    strbuf_release(&page);
    tm_searcher_free(qo.tm);
    tm_matcher_free(tm);
    cli_glossaries_release(&gl);
    if (rc != CLI_OK || n_ignore)
        return rc;
    if (format == OUT_TEXT && ignored)
        fprintf(stderr, "anuvad: %zu finding%s (%zu ignored)\n", found,
                cli_plural(found), ignored);
    else if (format == OUT_TEXT)
        fprintf(stderr, "anuvad: %zu finding%s\n", found, cli_plural(found));
    return found ? CLI_FAIL : CLI_OK;
}
