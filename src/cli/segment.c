/*
 * segment.c - `anuvad segment`: split text into sentences.
 *
 *   anuvad segment [--lang hi|en] [--srx FILE] [--paragraphs line|blank]
 *                  [--format text|tsv|json] [FILE...]
 *
 * Each input is streamed paragraph by paragraph through a text_reader
 * (BOM, CRLF, UTF-8 check, NFC) and a segmenter; memory stays flat
 * whatever the input size.  Output formats:
 *   text  one segment per line, a blank line between paragraphs;
 *   tsv   a header line, then file, paragraph, line, segment, start, end,
 *         text per segment (text with \t \n \r \\ escaped);
 *   json  one JSON object per segment per line (JSON Lines) with the same
 *         fields.
 * start/end are byte offsets into the input file as it is on disk (BOM
 * and CR included), so the input can be rebuilt from the segments and
 * the gaps between them; text is the segment as anuvad works with it
 * (NFC; in blank-line mode, the line breaks inside a paragraph read as
 * spaces).
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "segment/segmenter.h"
#include "segment/srx.h"
#include "base/fileio.h"
#include "base/json_out.h"
#include "base/strbuf.h"
#include "formats/format.h"
#include "project/pretranslate.h"
#include "text/icode.h"
#include "text/text.h"

typedef enum { FMT_TEXT, FMT_TSV, FMT_JSON } out_format;

typedef struct seg_output {
    out_format format;
    strbuf line;      /* output not yet written */
    int para_printed; /* text format: a paragraph was printed already */
} seg_output;

/* Plain-text output is written in chunks of this size, not a paragraph
 * (or stdio's 4 KB) at a time: on 51 MB of Hindi news the writes were 4 %
 * of the run.  Standard input's segments are written at once, for a user
 * typing or a pipe that waits for each answer. */
#define OUT_CHUNK (256u * 1024u)

static int out_flush(seg_output *o)
{
    if (o->line.len && fwrite(o->line.data, 1, o->line.len, stdout) !=
                           o->line.len)
        return ANV_EIO;
    strbuf_clear(&o->line);
    return ANV_OK;
}

static void usage(FILE *out)
{
    fputs("Usage: anuvad segment [OPTIONS] [FILE...]\n"
          "Split text into sentences (translation segments).\n"
          "\n"
          "  -l, --lang LANG         language of the text: hi (default) or en;\n"
          "                          the Hindi rules also handle English\n"
          "                          sentences inside Hindi text\n"
          "  -s, --srx FILE          segmentation rules (SRX 2.0) to use instead\n"
          "                          of the shipped dict/segment.srx\n"
          "  -p, --paragraphs MODE   line: every line is a paragraph (default);\n"
          "                          blank: paragraphs end at blank lines\n"
          "  -f, --format FORMAT     text (default): one segment per line, a\n"
          "                          blank line between paragraphs;\n"
          "                          tsv or json: file, paragraph, line,\n"
          "                          segment, byte offsets start-end in the\n"
          "                          input, text (json: one object per line)\n"
          "  -h, --help              show this help\n"
          "\n"
          "With no FILE, or when FILE is -, read standard input.  HTML,\n"
          "XHTML, Markdown, SRT and WebVTT files (by extension or content)\n"
          "are cut as pre-translation cuts them, inline codes shown as\n"
          "{1} {/1} {2/}; offsets are then in the document as UTF-8.\n",
          out);
}

/* The shipped rules know these languages (plus region subtags). */
static int known_builtin_lang(const char *lang)
{
    static const char *const langs[] = {"hi", "en"};
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        size_t n = strlen(langs[i]);
        if (strncmp(lang, langs[i], n) == 0 &&
            (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
            return 1;
    }
    return 0;
}

static int valid_lang_code(const char *lang)
{
    size_t n = strlen(lang);
    if (n < 2 || n > 35)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = lang[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

static void tsv_escape(strbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '\t': strbuf_append(b, "\\t", 2); break;
        case '\n': strbuf_append(b, "\\n", 2); break;
        case '\r': strbuf_append(b, "\\r", 2); break;
        case '\\': strbuf_append(b, "\\\\", 2); break;
        default: strbuf_append_char(b, s[i]);
        }
    }
}

/* Write the segments of one paragraph (now, or with the next chunk). */
static int write_paragraph(seg_output *o, const char *file, long para_no,
                           const text_paragraph *p, const seg_span *sp,
                           size_t n, int at_once)
{
    strbuf *b = &o->line;
    if (n == 0)
        return ANV_OK;
    if (o->format == FMT_TEXT && o->para_printed)
        strbuf_append_char(b, '\n');
    o->para_printed = 1;
    for (size_t i = 0; i < n; i++) {
        const char *s = p->text + sp[i].start;
        size_t len = sp[i].end - sp[i].start;
        unsigned long long start = text_paragraph_raw_offset(p, sp[i].start);
        unsigned long long end = text_paragraph_raw_offset(p, sp[i].end);
        switch (o->format) {
        case FMT_TEXT:
            strbuf_append(b, s, len);
            break;
        case FMT_TSV:
            tsv_escape(b, file, strlen(file));
            strbuf_printf(b, "\t%ld\t%ld\t%zu\t%llu\t%llu\t", para_no,
                          p->first_line, i + 1, start, end);
            tsv_escape(b, s, len);
            break;
        case FMT_JSON:
            if (json_out_append(
                    b, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:s%}",
                                 "file", file, "paragraph",
                                 (json_int_t)para_no, "line",
                                 (json_int_t)p->first_line, "segment",
                                 (json_int_t)(i + 1), "start",
                                 (json_int_t)start, "end", (json_int_t)end,
                                 "text", s, len)) != ANV_OK)
                return ANV_ENOMEM;
            break;
        }
        if (strbuf_append_char(b, '\n') != ANV_OK)
            return ANV_ENOMEM;
    }
    return at_once || b->len >= OUT_CHUNK ? out_flush(o) : ANV_OK;
}

static int segment_file(segmenter *sg, const char *path, text_para_mode mode,
                        seg_output *o, anv_error *err)
{
    text_reader *r = text_reader_open(path, err);
    if (!r)
        return ANV_EIO;
    const char *name = text_reader_name(r);
    int from_stdin = strcmp(path, "-") == 0;
    text_paragraph p;
    long para_no = 0;
    int rc;
    while ((rc = text_reader_next(r, mode, &p, err)) == 1) {
        para_no++;
        const seg_span *sp;
        size_t n;
        rc = segmenter_split(sg, p.text, p.len, &sp, &n, err);
        if (rc != ANV_OK) {
            long line, col;
            text_paragraph_locate(&p, 0, &line, &col);
            anv_error_prefix(err, "%s:%ld", name, line);
            break;
        }
        rc = write_paragraph(o, name, para_no, &p, sp, n, from_stdin);
        if (rc != ANV_OK) {
            anv_error_set(err, rc, rc == ANV_EIO ? "standard output: %s"
                                                 : "out of memory%s",
                          rc == ANV_EIO ? strerror(errno) : "");
            break;
        }
    }
    text_reader_free(r);
    if (out_flush(o) != ANV_OK && rc >= 0)
        rc = anv_error_set(err, ANV_EIO, "standard output: %s",
                           strerror(errno));
    return rc < 0 ? rc : ANV_OK;
}

/* A document in its own format (formats/format.h): its segments as
 * pre-translation cuts them (inline codes shown as {1} {/1} {2/}); a new
 * paragraph starts where markup stands between two segments.  Offsets
 * are in the document as UTF-8 (after the encoding is converted).
 * Returns 0 when the file is plain text (the caller segments it). */
static int segment_document(segmenter *sg, const char *path, seg_output *o,
                            int *done, anv_error *err)
{
    char head[FMT_SNIFF_BYTES];
    size_t len = 0;
    const fmt_filter *f = NULL;
    *done = 0;
    if (strcmp(path, "-") == 0)
        return ANV_OK;
    /* Only the start decides the format: a big text file is then read
     * once, streamed by the text reader. */
    anv_error rerr;
    if (fileio_read_head(path, head, sizeof head, &len, &rerr) != ANV_OK)
        return ANV_OK; /* the text reader says what is wrong, as before */
    int rc = fmt_detect(path, head, len, &f, err);
    if (rc != ANV_OK || !f)
        return rc;
    *done = 1;
    xliff_project *p = xliff_project_new(err);
    if (!p)
        return ANV_ENOMEM;
    rc = pretranslate_add_file(p, sg, path, NULL, TEXT_PARA_LINE, f->name,
                               err);
    size_t pos = 0, n = xliff_project_unit_count(p);
    long para = 0, line = 1, seg = 0;
    strbuf shown = STRBUF_INIT;
    for (size_t i = 0; rc == ANV_OK && i < n; i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        const char *raw = u->source_raw ? u->source_raw : u->source;
        size_t bl = strlen(u->before), rl = strlen(raw);
        if (i == 0 || !text_is_blank(u->before, bl)) {
            para++;
            seg = 0;
            if (o->format == FMT_TEXT && o->para_printed)
                fputc('\n', stdout);
        }
        for (size_t k = 0; k < bl; k++)
            line += u->before[k] == '\n';
        pos += bl;
        seg++;
        strbuf_clear(&shown);
        icode_display(&shown, u->source, strlen(u->source));
        strbuf_clear(&o->line);
        strbuf *b = &o->line;
        switch (o->format) {
        case FMT_TEXT:
            strbuf_append(b, shown.data, shown.len);
            break;
        case FMT_TSV:
            tsv_escape(b, path, strlen(path));
            strbuf_printf(b, "\t%ld\t%ld\t%ld\t%zu\t%zu\t", para, line, seg,
                          pos, pos + rl);
            tsv_escape(b, shown.data, shown.len);
            break;
        case FMT_JSON:
            if (json_out_append(
                    b, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:s%}",
                                 "file", path, "paragraph", (json_int_t)para,
                                 "line", (json_int_t)line, "segment",
                                 (json_int_t)seg, "start", (json_int_t)pos,
                                 "end", (json_int_t)(pos + rl), "text",
                                 shown.data, shown.len)) != ANV_OK)
                rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
            break;
        }
        strbuf_append_char(b, '\n');
        o->para_printed = 1;
        if (fwrite(b->data, 1, b->len, stdout) != b->len)
            rc = anv_error_set(err, ANV_EIO, "<stdout>: write error");
        for (size_t k = 0; k < rl; k++)
            line += raw[k] == '\n';
        pos += rl;
    }
    strbuf_release(&shown);
    xliff_project_free(p);
    return rc;
}

static int segment_any(segmenter *sg, const char *path, text_para_mode mode,
                       seg_output *o, anv_error *err)
{
    int done;
    int rc = segment_document(sg, path, o, &done, err);
    if (rc != ANV_OK || done)
        return rc;
    return segment_file(sg, path, mode, o, err);
}

int cli_segment(int argc, char **argv)
{
    static const struct option opts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"srx", required_argument, NULL, 's'},
        {"paragraphs", required_argument, NULL, 'p'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *lang = "hi", *srx_path = NULL;
    text_para_mode mode = TEXT_PARA_LINE;
    seg_output out = {FMT_TEXT, STRBUF_INIT, 0};
    int c;
    optind = 0;
    opterr = 0; /* our own messages, in the CLI's format */
    while ((c = getopt_long(argc, argv, ":l:s:p:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            lang = optarg;
            break;
        case 's':
            srx_path = optarg;
            break;
        case 'p':
            if (strcmp(optarg, "line") == 0)
                mode = TEXT_PARA_LINE;
            else if (strcmp(optarg, "blank") == 0)
                mode = TEXT_PARA_BLANK;
            else
                return cli_usage_error("segment", "--paragraphs wants line "
                                       "or blank, not '%s'", optarg);
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                out.format = FMT_TEXT;
            else if (strcmp(optarg, "tsv") == 0)
                out.format = FMT_TSV;
            else if (strcmp(optarg, "json") == 0)
                out.format = FMT_JSON;
            else
                return cli_usage_error("segment", "--format wants text, tsv "
                                       "or json, not '%s'", optarg);
            break;
        case 'h':
            usage(stdout);
            return CLI_OK;
        case ':':
            return cli_usage_error("segment", "%s needs a value",
                                   argv[optind - 1]);
        default:
            return cli_unknown_option("segment", argv, opts);
        }
    }

    if (!valid_lang_code(lang) || (!srx_path && !known_builtin_lang(lang)))
        return cli_usage_error("segment", "unknown language '%s' (the "
                               "shipped rules know hi and en; use --srx for "
                               "others)", lang);

    anv_error err;
    anv_error_clear(&err);
    srx_rules *rules = srx_path ? srx_load_file(srx_path, &err)
                                : srx_load_default(&err);
    if (!rules)
        return cli_fail(&err);
    segmenter *sg = segmenter_new(rules, lang, &err);
    srx_free(rules);
    if (!sg)
        return cli_fail(&err);

    if (out.format == FMT_TSV)
        fputs("file\tparagraph\tline\tsegment\tstart\tend\ttext\n", stdout);
    int rc = CLI_OK;
    if (optind >= argc) {
        if (segment_file(sg, "-", mode, &out, &err) != ANV_OK)
            rc = cli_fail(&err);
    }
    for (int i = optind; i < argc && rc == CLI_OK; i++)
        if (segment_any(sg, argv[i], mode, &out, &err) != ANV_OK)
            rc = cli_fail(&err);
    segmenter_free(sg);
    strbuf_release(&out.line);
    return rc;
}
