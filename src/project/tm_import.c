/*
 * tm_import.c - TMX, XLIFF, TSV and aligned-file import (see tm_import.h).
 *
 * The format is told by the first bytes (tmx_sniff): XML or a UTF-16/32
 * byte-order mark means TMX or XLIFF, which libxml2 tells apart by the
 * name of the root element (xml_root_is_xliff: it reads up to the first
 * start tag and stops); anything else is read as UTF-8 TSV.  Stdin is
 * read whole first, so that the sniffing and the reader see the same bytes.
 */
#include "project/tm_import.h"
#include "base/xml_clean.h"
#include "base/arena.h"
#include "base/fileio.h"
#include "text/text.h"
#include "tm/tm_impl.h"
#include "tm/tmx_read.h"
#include "text/langtag.h"
#include "text/words.h"
#include "project/xliff_tmx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libxml/xmlreader.h>

#define PROGRESS_LINES 4096

typedef struct importer {
    tm_store *t;
    const tm_import_opts *o;
    tm_import_counts *c;
    const char *file;
    uint64_t total;
    long dropped;          /* control characters left out */
    long dropped_line;
    long empty;            /* lines with an empty side */
    long empty_line;
    strbuf line_scratch;
    /* language checks (see check_scripts and tmx_unit_cb) */
    long other_pair;       /* TMX units without the TM's pair */
    long other_pair_line;
    int seen_line;         /* a TSV line was read (a header is the first) */
    long lettered;         /* pairs with letters on both sides */
    long swapped;          /* ... in each other's expected script */
    long src_off, tgt_off; /* ... a side without its expected script */
    long src_off_line, tgt_off_line;
} importer;

static void warn(importer *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void warn(importer *im, const char *fmt, ...)
{
    if (!im->o->on_warning)
        return;
    char msg[ANV_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    im->o->on_warning(im->o->ctx, msg);
}

/* ---- languages ------------------------------------------------------------- */

/* The script a language is written in, when anuvad knows it: Hindi in
 * Devanagari, English in Latin; WORD_SCRIPT_NONE for the others (not
 * checked). */
static word_script lang_script(const char *tag)
{
    if (langtag_compare("hi", tag) != LANGTAG_NONE)
        return WORD_SCRIPT_DEVANAGARI;
    if (langtag_compare("en", tag) != LANGTAG_NONE)
        return WORD_SCRIPT_LATIN;
    return WORD_SCRIPT_NONE;
}

static const char *script_name(word_script s)
{
    return s == WORD_SCRIPT_DEVANAGARI ? "Devanagari" : "Latin";
}

/* Count a source/target pair of text against the scripts of the TM's
 * languages (TSV and aligned files, whose lines carry no language). */
static void check_scripts(importer *im, const char *src, const char *tgt,
                          long line)
{
    word_script ss = lang_script(tm_source_lang(im->t));
    word_script ts = lang_script(tm_target_lang(im->t));
    if (ss == WORD_SCRIPT_NONE || ts == WORD_SCRIPT_NONE || ss == ts)
        return;
    unsigned sm = word_scripts(src, strlen(src));
    unsigned tm = word_scripts(tgt, strlen(tgt));
    if (!sm || !tm)
        return;
    int s_ok = (sm >> ss) & 1, t_ok = (tm >> ts) & 1;
    im->lettered++;
    if (!s_ok && !t_ok && ((sm >> ts) & 1) && ((tm >> ss) & 1))
        im->swapped++;
    if (!s_ok && im->src_off++ == 0)
        im->src_off_line = line;
    if (!t_ok && im->tgt_off++ == 0)
        im->tgt_off_line = line;
}

/* After the file: columns swapped in most lines refuse the file (the TM
 * is not saved); a few lines in another script are a warning. */
static int script_verdict(importer *im, anv_error *err)
{
    if (im->swapped * 2 > im->lettered)
        return anv_error_set_at(err, ANV_EINVAL, im->file, 0, 0,
                                "the columns look swapped: in %ld of %ld "
                                "lines the source is in %s script and the "
                                "target in %s, but the TM is %s -> %s",
                                im->swapped, im->lettered,
                                script_name(lang_script(tm_target_lang(im->t))),
                                script_name(lang_script(tm_source_lang(im->t))),
                                tm_source_lang(im->t), tm_target_lang(im->t));
    if (im->src_off)
        warn(im, "%s:%ld: the source is not in %s script (%s) on %ld of "
             "%ld lines", im->file, im->src_off_line,
             script_name(lang_script(tm_source_lang(im->t))),
             tm_source_lang(im->t), im->src_off, im->lettered);
    if (im->tgt_off)
        warn(im, "%s:%ld: the target is not in %s script (%s) on %ld of "
             "%ld lines", im->file, im->tgt_off_line,
             script_name(lang_script(tm_target_lang(im->t))),
             tm_target_lang(im->t), im->tgt_off, im->lettered);
    return ANV_OK;
}

/* 1 when the unit has a tuv in each language of the TM's pair. */
static int unit_has_pair(const importer *im, const tmx_unit *u)
{
    int s = 0, t = 0;
    for (size_t k = 0; k < u->n_tuvs; k++) {
        if (!s && langtag_compare(tm_source_lang(im->t), u->tuvs[k].lang))
            s = 1;
        else if (langtag_compare(tm_target_lang(im->t), u->tuvs[k].lang))
            t = 1;
    }
    return s && t;
}

/* A first line "hi<TAB>en" (language tags) or "source<TAB>target" is a
 * header: 1 to skip it, 0 when it is data, or an error when its
 * languages are not the TM's. */
static int tsv_header(importer *im, char **f, int n, long line,
                      anv_error *err)
{
    static const char *const words[] = {"source", "target", "src", "tgt",
                                        "hindi", "english"};
    if (n < 2)
        return 0;
    int w = 0;
    for (int i = 0; i < 2; i++)
        for (size_t k = 0; k < sizeof words / sizeof *words; k++)
            w += strcasecmp(f[i], words[k]) == 0;
    if (w == 2)
        return 1;
    for (int i = 0; i < 2; i++) {
        size_t primary = strcspn(f[i], "-_");
        if (!langtag_is_valid(f[i]) || primary < 2 || primary > 3)
            return 0;
    }
    if (langtag_compare(tm_source_lang(im->t), f[0]) &&
        langtag_compare(tm_target_lang(im->t), f[1]))
        return 1;
    return anv_error_set_at(err, ANV_EINVAL, im->file, line, 0,
                            "the header says %s -> %s, but the TM is %s -> "
                            "%s%s", f[0], f[1], tm_source_lang(im->t),
                            tm_target_lang(im->t),
                            langtag_compare(tm_source_lang(im->t), f[1]) &&
                                    langtag_compare(tm_target_lang(im->t),
                                                    f[0])
                                ? " (swap the columns)"
                                : " (give --source-lang and --target-lang)");
}

static void summary_warnings(importer *im)
{
    if (im->other_pair)
        warn(im, "%s:%ld: %ld unit%s without both %s and %s: kept for "
             "other language pairs, never a match for %s -> %s",
             im->file, im->other_pair_line, im->other_pair,
             im->other_pair == 1 ? "" : "s", tm_source_lang(im->t),
             tm_target_lang(im->t), tm_source_lang(im->t),
             tm_target_lang(im->t));
    if (im->dropped)
        warn(im, "%s:%ld: removed %ld control character%s that XML does not "
             "allow", im->file, im->dropped_line, im->dropped,
             im->dropped == 1 ? "" : "s");
    if (im->empty)
        warn(im, "%s:%ld: %ld line%s with an empty source or target "
             "skipped", im->file, im->empty_line, im->empty,
             im->empty == 1 ? "" : "s");
}

static uint64_t file_size(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 ? (uint64_t)st.st_size
                                                           : 0;
}

/* Put one unit into the TM and count it as added or merged. */
static int put_unit(importer *im, const tmx_unit *u, anv_error *err)
{
    tm_outcome out;
    int rc = tm_put(im->t, u, NULL, &out, err);
    if (rc == ANV_OK) {
        im->c->added += out == TM_ADDED;
        im->c->merged += out == TM_MERGED;
    }
    return rc;
}

/* ---- TMX ------------------------------------------------------------------ */

static int tmx_header_cb(void *ctx, const tmx_header *h, anv_error *err)
{
    importer *im = ctx;
    return tm_add_header_extra(im->t, h->extra, h->extra_len, err);
}

static int tmx_unit_cb(void *ctx, const tmx_unit *u, anv_error *err)
{
    importer *im = ctx;
    im->c->read++;
    if (!unit_has_pair(im, u)) {
        im->c->other_pair++;
        if (im->other_pair++ == 0)
            im->other_pair_line = u->line;
    }
    return put_unit(im, u, err);
}

static void tmx_warning_cb(void *ctx, const char *message)
{
    importer *im = ctx;
    im->o->on_warning(im->o->ctx, message);
}

static void tmx_progress_cb(void *ctx, uint64_t bytes, uint64_t units)
{
    importer *im = ctx;
    im->o->on_progress(im->o->ctx, im->file, bytes, im->total, units);
}

static int import_tmx(importer *im, const char *path, const char *mem,
                      size_t len, anv_error *err)
{
    tmx_read_opts ro = {0};
    ro.skip_invalid = im->o->skip_invalid;
    ro.ctx = im;
    ro.on_header = tmx_header_cb;
    ro.on_unit = tmx_unit_cb;
    ro.on_warning = im->o->on_warning ? tmx_warning_cb : NULL;
    ro.on_progress = im->o->on_progress ? tmx_progress_cb : NULL;
    tmx_read_stats st;
    int rc = mem ? tmx_read_memory(im->file, mem, len, &ro, &st, err)
                 : tmx_read_file(path, &ro, &st, err);
    if (rc == ANV_OK) {
        im->c->read += st.skipped;
        im->c->skipped += st.skipped;
    }
    return rc;
}

/* ---- XLIFF ---------------------------------------------------------------- */

static void ignore_xml_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

static void ignore_generic_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* 1 when the XML document (the file at `path`, or mem[0..len) when `mem`
 * is not NULL) has <xliff> as its root element.  Reads only up to the
 * first start tag; any error says "not XLIFF", and the TMX reader will
 * then report it properly. */
static int xml_root_is_xliff(const char *path, const char *mem, size_t len)
{
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    /* Encoding and I/O errors bypass the reader's handler and go to
     * libxml2's thread-local ones, which print: silence them for the
     * length of the sniff (as tmx_read.c does for the read). */
    xml_error_handlers saved;
    xml_errors_redirect(&saved, NULL, ignore_xml_error, ignore_generic_error);
    xmlTextReaderPtr r =
        mem ? xmlReaderForMemory(mem, (int)(len > INT32_MAX ? INT32_MAX : len),
                                 NULL, NULL, options)
            : xmlReaderForFile(path, NULL, options);
    int is_xliff = 0;
    if (r) {
        xmlTextReaderSetStructuredErrorHandler(r, ignore_xml_error, NULL);
        while (xmlTextReaderRead(r) == 1) {
            if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT) {
                const xmlChar *name = xmlTextReaderConstLocalName(r);
                is_xliff = name && strcmp((const char *)name, "xliff") == 0;
                break;
            }
        }
        xmlFreeTextReader(r);
    }
    xml_errors_restore(&saved);
    return is_xliff;
}

static int xliff_unit_cb(void *ctx, const tmx_unit *u, size_t index,
                         anv_error *err)
{
    (void)index;
    return put_unit(ctx, u, err);
}

/* A project's confirmed units (xliff_tmx.h); the others are counted as
 * skipped, with one warning saying how many. */
static int import_xliff(importer *im, const char *path, const char *mem,
                        size_t len, anv_error *err)
{
    xliff_project *p = mem ? xliff_project_parse(im->file, mem, len, err)
                           : xliff_project_read(path, err);
    if (!p)
        return err ? err->code : ANV_EPARSE;
    xliff_tmx_opts o = {tm_now(im->t),
                        strpool_get(im->t->authors, im->t->author)};
    xliff_tmx_counts xc;
    int rc = xliff_project_tmx_units(p, &o, xliff_unit_cb, im, &xc, err);
    xliff_project_free(p);
    if (rc != ANV_OK)
        return rc;
    im->c->read += xc.units;
    im->c->skipped += xc.unconfirmed + xc.empty;
    if (xc.unconfirmed)
        warn(im, "%s: %zu of %zu segments have no confirmed translation; "
             "left out", im->file, xc.unconfirmed, xc.units);
    if (xc.empty)
        warn(im, "%s: %zu confirmed segment%s with an empty side left out",
             im->file, xc.empty, xc.empty == 1 ? "" : "s");
    if (xc.dropped)
        warn(im, "%s: removed %ld control character%s that XML does not "
             "allow", im->file, xc.dropped, xc.dropped == 1 ? "" : "s");
    return ANV_OK;
}

/* ---- TSV and aligned files ------------------------------------------------------- */

/* One source/target(/note) triple from line `line` of the input. */
static int put_pair(importer *im, const char *src, const char *tgt,
                    const char *note, long line, anv_error *err)
{
    tmx_unit u;
    tmx_tuv tuvs[2];
    long dropped = 0;
    im->c->read++;
    check_scripts(im, src, tgt, line);
    int rc = tm_make_pair_unit(im->t, src, tgt, note, &u, tuvs, &dropped,
                               err);
    if (dropped && im->dropped++ == 0)
        im->dropped_line = line;
    if (dropped > 1)
        im->dropped += dropped - 1;
    if (rc == ANV_EINVAL) { /* an empty side: nothing to remember */
        anv_error_clear(err);
        im->c->skipped++;
        if (im->empty++ == 0)
            im->empty_line = line;
        return ANV_OK;
    }
    return rc == ANV_OK ? put_unit(im, &u, err) : rc;
}

static void progress_lines(importer *im, text_reader *r)
{
    if (im->o->on_progress && im->c->read % PROGRESS_LINES == 0)
        im->o->on_progress(im->o->ctx, im->file, text_reader_offset(r),
                           im->total, im->c->read);
}

static int import_tsv(importer *im, text_reader *r, anv_error *err)
{
    text_paragraph p;
    int rc;
    while ((rc = text_reader_next(r, TEXT_PARA_LINE, &p, err)) == 1) {
        if (text_is_blank(p.text, p.len))
            continue;
        /* Split on tabs in a copy: the paragraph text is the reader's. */
        strbuf_clear(&im->line_scratch);
        if (strbuf_append(&im->line_scratch, p.text, p.len) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        char *f[4] = {im->line_scratch.data, NULL, NULL, NULL};
        int n = 1;
        for (char *s = f[0]; (s = strchr(s, '\t')) && n < 4; n++) {
            *s++ = '\0';
            f[n] = s;
        }
        if (!im->seen_line++) {
            int h = tsv_header(im, f, n, p.first_line, err);
            if (h < 0)
                return h;
            if (h)
                continue;
        }
        if (n < 2 || n > 3) {
            anv_error_set_at(err, ANV_EPARSE, im->file, p.first_line, 0,
                             n < 2 ? "expected SOURCE<TAB>TARGET[<TAB>NOTE]"
                                   : "more than 3 tab-separated fields");
            if (!im->o->skip_invalid)
                return ANV_EPARSE;
            warn(im, "%s; line skipped", err->message);
            anv_error_clear(err);
            im->c->read++;
            im->c->skipped++;
            continue;
        }
        if ((rc = put_pair(im, f[0], f[1], f[2], p.first_line, err)) != ANV_OK)
            return rc;
        progress_lines(im, r);
    }
    return rc;
}

int tm_import_file(tm_store *t, const char *path, const tm_import_opts *o,
                   tm_import_counts *c, anv_error *err)
{
    static const tm_import_opts none;
    int is_stdin = strcmp(path, "-") == 0;
    importer im = {.t = t, .o = o ? o : &none, .c = c,
                   .file = is_stdin ? "<stdin>" : path,
                   .total = file_size(path), .line_scratch = STRBUF_INIT};
    /* The readers below take `mem` (stdin, read whole) or else the path. */
    char *mem = NULL, head[512];
    size_t len = 0, n = 0;
    int rc;
    if (is_stdin) {
        /* Stdin cannot be read twice: take it whole (bounded). */
        rc = fileio_read_all(path, (size_t)4 << 30, &mem, &len, err);
        if (rc != ANV_OK)
            return rc;
    } else {
        FILE *fp = fopen(path, "rb");
        if (!fp)
            return anv_error_set_at(err, errno == ENOENT ? ANV_ENOTFOUND
                                                         : ANV_EIO,
                                    path, 0, 0, "cannot open: %s",
                                    strerror(errno));
        n = fread(head, 1, sizeof head, fp);
        fclose(fp);
    }
    int xml = is_stdin ? tmx_sniff(mem, len) : tmx_sniff(head, n);
    if (xml && xml_root_is_xliff(path, mem, len)) {
        rc = import_xliff(&im, path, mem, len, err);
    } else if (xml) {
        rc = import_tmx(&im, path, mem, len, err);
    } else {
        text_reader *r = is_stdin
                             ? text_reader_open_memory("<stdin>", mem, len, err)
                             : text_reader_open(path, err);
        rc = r ? import_tsv(&im, r, err)
               : is_stdin ? ANV_ENOMEM : (err ? err->code : ANV_EIO);
        text_reader_free(r);
    }
    free(mem);
    if (rc == ANV_OK)
        rc = script_verdict(&im, err);
    if (rc == ANV_OK)
        summary_warnings(&im);
    strbuf_release(&im.line_scratch);
    return rc;
}

int tm_import_pair_files(tm_store *t, const char *source_path,
                         const char *target_path, const tm_import_opts *o,
                         tm_import_counts *c, anv_error *err)
{
    static const tm_import_opts none;
    importer im = {.t = t, .o = o ? o : &none, .c = c, .file = source_path,
                   .total = file_size(source_path),
                   .line_scratch = STRBUF_INIT};
    text_reader *rs = text_reader_open(source_path, err);
    text_reader *rt = rs ? text_reader_open(target_path, err) : NULL;
    int rc = rs && rt ? ANV_OK : (err ? err->code : ANV_EIO);
    char *src = NULL;
    while (rc == ANV_OK) {
        text_paragraph ps, pt;
        int a = text_reader_next(rs, TEXT_PARA_LINE, &ps, err);
        if (a < 0) {
            rc = a;
            break;
        }
        /* Keep the source line: the next read of either reader may reuse
         * its buffer. */
        free(src);
        src = a ? strndup(ps.text, ps.len) : NULL;
        long line = a ? ps.first_line : 0;
        int b = text_reader_next(rt, TEXT_PARA_LINE, &pt, err);
        if (b < 0) {
            rc = b;
            break;
        }
        if (a != b) {
            rc = anv_error_set_at(err, ANV_EPARSE, a ? target_path
                                                     : source_path,
                                  0, 0, "has fewer lines than %s",
                                  a ? source_path : target_path);
            break;
        }
        if (!a)
            break;
        if (!src) {
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
            break;
        }
        if (text_is_blank(src, strlen(src)) && text_is_blank(pt.text, pt.len))
            continue;
        rc = put_pair(&im, src, pt.text, NULL, line, err);
        progress_lines(&im, rs);
    }
    if (rc == ANV_OK)
        rc = script_verdict(&im, err);
    if (rc == ANV_OK)
        summary_warnings(&im);
    free(src);
    text_reader_free(rs);
    text_reader_free(rt);
    strbuf_release(&im.line_scratch);
    return rc;
}
