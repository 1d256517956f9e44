/*
 * xliffutil.h - helpers for the XLIFF tests: a deliberately simple
 * sentence splitter, and writing a project into a string.
 *
 * The XLIFF tests need documents cut into segments, with the byte ranges
 * the real segmenter will give, but must not change when the real
 * segmenter's rules improve.  So they cut after । ॥ . ? ! followed by a
 * space or tab, nothing else, using text_reader for paragraphs and its offset
 * map for byte ranges (exactly what pretranslate does with real
 * segments).  segstub_project() builds a one-file project from a document
 * in memory; the caller frees it.
 */
#ifndef ANUVAD_XLIFFUTIL_H
#define ANUVAD_XLIFFUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"
#include "project/xliff.h"

typedef struct segstub {
    xliff_span *spans;
    size_t n, cap;
    strbuf texts; /* the sources, NUL-separated; spans point into it later */
    size_t *offs;
} segstub;

static inline int segstub_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static inline int segstub_is_end(const char *t, size_t i, size_t len,
                                 size_t *after)
{
    static const char *const ends[] = {"।", "॥", ".", "?", "!"};
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++) {
        size_t n = strlen(ends[k]);
        if (i + n <= len && memcmp(t + i, ends[k], n) == 0 &&
            (i + n == len || segstub_is_space(t[i + n]))) {
            *after = i + n;
            return 1;
        }
    }
    return 0;
}

static inline void segstub_add(segstub *s, const text_paragraph *p,
                               size_t a, size_t b)
{
    while (a < b && segstub_is_space(p->text[a]))
        a++;
    while (b > a && segstub_is_space(p->text[b - 1]))
        b--;
    if (a == b)
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->spans = realloc(s->spans, s->cap * sizeof *s->spans);
        s->offs = realloc(s->offs, s->cap * sizeof *s->offs);
    }
    s->offs[s->n] = s->texts.len;
    strbuf_append(&s->texts, p->text + a, b - a);
    strbuf_append(&s->texts, "", 1); /* keep the NUL */
    s->spans[s->n].start = (size_t)text_paragraph_raw_offset(p, a);
    s->spans[s->n].end = (size_t)text_paragraph_raw_offset(p, b);
    s->n++;
}

/* Add doc[0..len) to `p` as a new file `name`. */
static inline int segstub_add_document(xliff_project *p, const char *name,
                                       const char *doc, size_t len,
                                       text_para_mode mode, anv_error *err)
{
    segstub s = {0};
    text_reader *r = text_reader_open_memory(name, doc, len, err);
    if (!r)
        return err->code;
    text_paragraph para;
    int rc;
    while ((rc = text_reader_next(r, mode, &para, err)) == 1) {
        size_t start = 0, after;
        for (size_t i = 0; i < para.len; i++)
            if (segstub_is_end(para.text, i, para.len, &after)) {
                segstub_add(&s, &para, start, after);
                start = after;
                i = after - 1;
            }
        segstub_add(&s, &para, start, para.len);
    }
    text_reader_free(r);
    if (rc == 0) {
        for (size_t k = 0; k < s.n; k++)
            s.spans[k].source = s.texts.data + s.offs[k];
        rc = xliff_project_add_document(p, name, doc, len, s.spans, s.n,
                                        err);
    }
    free(s.spans);
    free(s.offs);
    strbuf_release(&s.texts);
    return rc;
}

/* Build a project with one file `name` from doc[0..len).  Returns NULL
 * (with err set) when the document cannot be read or added. */
static inline xliff_project *segstub_project(const char *name,
                                             const char *doc, size_t len,
                                             text_para_mode mode,
                                             anv_error *err)
{
    xliff_project *p = xliff_project_new(err);
    if (!p || segstub_add_document(p, name, doc, len, mode, err) != ANV_OK) {
        xliff_project_free(p);
        return NULL;
    }
    return p;
}

/* The project as XLIFF in a malloc()ed string; a failure aborts the test
 * (cmocka reports the signal). */
static inline char *xliff_to_string(const xliff_project *p, unsigned flags)
{
    char *buf = NULL;
    size_t len = 0;
    anv_error err;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        abort();
    int rc = xliff_project_write(p, fp, flags, &err);
    fclose(fp);
    if (rc != ANV_OK) {
        fprintf(stderr, "writing XLIFF failed: %s\n", err.message);
        abort();
    }
    return buf;
}

#endif
