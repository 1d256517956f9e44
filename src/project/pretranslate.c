/*
 * pretranslate.c - documents into an XLIFF project, every segment looked
 * up in the TM, the best matches filled in (see pretranslate.h).
 *
 * Threads.  The lookups are the work (about a millisecond each on a
 * million-unit TM); everything else is cheap.  So pretranslate_run() runs
 * `jobs` workers (the calling thread is worker 0) that take unit numbers
 * from one atomic counter and keep what they found in that unit's slot:
 * copies of the matches, the number auto-fix, whether the TM disagrees
 * with itself.  The project is only read while they run.  Then one pass
 * in document order decides repetitions (which need the order) and writes
 * into the project.  The result therefore depends only on the project and
 * the TM, never on the number of threads or their timing; a failure is
 * reported for the lowest unit that failed, for the same reason.
 */
#include "project/pretranslate.h"
#include "project/tm_codes.h"
#include "base/array.h"
#include "base/fileio.h"
#include "text/numbers.h"
#include "tm/tmx_unit.h"
#include "base/wordmap.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- step 1: documents into the project ---------------------------------- */

int pretranslate_add_document(xliff_project *p, segmenter *sg,
                              const char *name, const char *doc, size_t len,
                              text_para_mode mode, anv_error *err)
{
    text_reader *r = text_reader_open_memory(name, doc, len, err);
    if (!r)
        return err ? err->code : ANV_EIO;
    xliff_span *spans = NULL;
    size_t n = 0, cap = 0, *offs = NULL, cap_offs = 0;
    strbuf texts = STRBUF_INIT; /* the sources, NUL-separated */
    text_paragraph para;
    int rc;
    while ((rc = text_reader_next(r, mode, &para, err)) == 1) {
        const seg_span *sp;
        size_t k;
        rc = segmenter_split(sg, para.text, para.len, &sp, &k, err);
        if (rc != ANV_OK) {
            anv_error_prefix(err, "%s:%ld", name, para.first_line);
            break;
        }
        if (array_grow(&spans, &cap, n + k, sizeof *spans) != ANV_OK ||
            array_grow(&offs, &cap_offs, n + k, sizeof *offs) != ANV_OK) {
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
            break;
        }
        for (size_t i = 0; i < k; i++, n++) {
            offs[n] = texts.len;
            if (strbuf_append(&texts, para.text + sp[i].start,
                              sp[i].end - sp[i].start) != ANV_OK ||
                strbuf_append(&texts, "", 1) != ANV_OK) {
                rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
                break;
            }
            spans[n].start = (size_t)text_paragraph_raw_offset(&para,
                                                               sp[i].start);
            spans[n].end = (size_t)text_paragraph_raw_offset(&para, sp[i].end);
        }
        if (rc < 0)
            break;
    }
    text_reader_free(r);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            spans[i].source = texts.data + offs[i];
        rc = xliff_project_add_document(p, name, doc, len, spans, n, err);
        if (rc == ANV_OK)
            rc = xliff_project_set_file_paragraphs(
                p, xliff_project_file_count(p) - 1, mode == TEXT_PARA_BLANK,
                err);
    }
    free(spans);
    free(offs);
    strbuf_release(&texts);
    return rc < 0 ? rc : ANV_OK;
}

int pretranslate_add_source(xliff_project *p, segmenter *sg,
                            const char *path, const char *original,
                            text_para_mode mode, anv_error *err)
{
    return pretranslate_add_file(p, sg, path, original, mode, "text", err);
}

/* One segment of a formatted unit: text[a..b) with its codes renumbered
 * 1.. in order of appearance (a pair keeps one number), into `out` and
 * its table into *codes. */
static int renumber(const fmt_unit *u, size_t a, size_t b, strbuf *out,
                    icode **codes, size_t *n_codes, anv_error *err)
{
    unsigned old_ids[ICODE_MAX_ID + 1];
    size_t n_old = 0, run = a;
    icode *t = NULL;
    size_t n = 0, cap = 0;
    icode_kind k;
    unsigned id;
    strbuf_clear(out);
    for (size_t i = a; i < b; i++) {
        if (!icode_at(u->text, b, i, &k, &id))
            continue;
        unsigned nid = 0;
        for (size_t j = 0; j < n_old && !nid; j++)
            if (old_ids[j] == id)
                nid = (unsigned)j + 1;
        if (!nid) {
            old_ids[n_old++] = id;
            nid = (unsigned)n_old;
        }
        const icode *c = icode_find(u->codes, u->n_codes, k, id);
        if (array_grow(&t, &cap, n + 1, sizeof *t) != ANV_OK ||
            strbuf_append(out, u->text + run, i - run) != ANV_OK ||
            icode_append(out, k, nid) != ANV_OK)
            goto nomem;
        t[n].kind = k;
        t[n].id = nid;
        t[n].data = strdup(c ? c->data : "");
        if (!t[n++].data)
            goto nomem;
        i += ICODE_CHAR_LEN - 1;
        run = i + 1;
    }
    if (strbuf_append(out, u->text + run, b - run) != ANV_OK)
        goto nomem;
    *codes = t;
    *n_codes = n;
    return ANV_OK;
nomem:
    icode_table_free(t, n);
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* Sentences of a unit's text with inline codes.  The segmenter sees the
 * text without its code chars: a code inside an abbreviation ("<span>डॉ
 * </span>." as LibreOffice writes Hindi in HTML) or between a full stop
 * and a closing quote would otherwise hide the rule that applies there.
 * Each boundary found in the plain text goes back to the coded text
 * right after the last character before it, so codes between two
 * sentences start the next one (icode_trim then moves the ones that
 * belong outside). `spans` is reused between calls. */
static int split_coded(segmenter *sg, const char *text, size_t len,
                       seg_span **spans, size_t *cap, size_t *n,
                       anv_error *err)
{
    const seg_span *sp;
    int rc;
    if (!icode_count(text, len)) {
        rc = segmenter_split(sg, text, len, &sp, n, err);
        if (rc == ANV_OK && array_grow(spans, cap, *n ? *n : 1,
                                       sizeof **spans) != ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        if (rc == ANV_OK && *n)
            memcpy(*spans, sp, *n * sizeof *sp);
        return rc;
    }
    strbuf plain = STRBUF_INIT;
    size_t *at = malloc((len + 1) * sizeof *at); /* plain byte -> coded */
    if (!at)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    rc = ANV_OK;
    for (size_t i = 0; i < len && rc == ANV_OK;) {
        if (icode_at(text, len, i, NULL, NULL)) {
            i += ICODE_CHAR_LEN;
            continue;
        }
        at[plain.len] = i;
        if (strbuf_append(&plain, text + i, 1) != ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        i++;
    }
    if (rc == ANV_OK)
        rc = segmenter_split(sg, plain.data ? plain.data : "", plain.len, &sp,
                             n, err);
    if (rc == ANV_OK &&
        array_grow(spans, cap, *n ? *n : 1, sizeof **spans) != ANV_OK)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    for (size_t k = 0; rc == ANV_OK && k < *n; k++) {
        size_t b = sp[k].end;
        (*spans)[k].start = k == 0 ? 0 : (*spans)[k - 1].end;
        size_t e = b == plain.len ? len : at[b - 1] + 1;
        /* closing codes right after a sentence belong to it (its opens
         * are in it): "...siguiente:{/2} {/1} Partiendo" */
        for (size_t j = e; j < len && b < plain.len;) {
            icode_kind kind;
            while (j < len && text[j] == ' ')
                j++;
            if (!icode_at(text, len, j, &kind, NULL) || kind != ICODE_CLOSE)
                break;
            j += ICODE_CHAR_LEN;
            e = j;
        }
        (*spans)[k].end = e;
    }
    free(at);
    strbuf_release(&plain);
    return rc;
}

/* One part of a document (all of it for one-part documents) as a new
 * file of the project. */
static int add_part(xliff_project *p, segmenter *sg, const char *name,
                    const fmt_doc *doc, size_t pi, anv_error *err)
{
    const fmt_part *part = &doc->parts[pi];
    int rc = xliff_project_add_file(p, name, NULL, NULL, err);
    if (rc != ANV_OK)
        return rc;
    size_t f = xliff_project_file_count(p) - 1;
    size_t first = xliff_project_unit_count(p);
    strbuf before = STRBUF_INIT, raw = STRBUF_INIT, text = STRBUF_INIT;
    size_t pos = 0;
    seg_span *spans = NULL;
    size_t cap_spans = 0;
    for (size_t k = 0; k < doc->n_units && rc == ANV_OK; k++) {
        const fmt_unit *u = &doc->units[k];
        if (u->part != pi)
            continue;
        const seg_span *sp;
        seg_span whole = {0, u->len};
        size_t n = 1;
        if (u->flags & FMT_UNIT_WHOLE)
            sp = &whole;
        else if ((rc = split_coded(sg, u->text, u->len, &spans, &cap_spans,
                                   &n, err)) == ANV_OK)
            sp = spans;
        else {
            anv_error_prefix(err, "%s: byte %zu", name, u->start);
            break;
        }
        for (size_t s = 0; s < n && rc == ANV_OK; s++) {
            size_t a = sp[s].start, b = sp[s].end;
            icode_trim(u->text, &a, &b);
            if (a >= b)
                continue;
            size_t da = u->map[a], db = u->map[b];
            icode *codes = NULL;
            size_t n_codes = 0;
            strbuf_clear(&before);
            strbuf_clear(&raw);
            if (da < pos || db < da || db > part->len) {
                rc = anv_error_set(err, ANV_EINTERNAL, "%s: segment at byte "
                                   "%zu out of order", name, da);
                break;
            }
            if (strbuf_append(&before, part->data + pos, da - pos) !=
                    ANV_OK ||
                strbuf_append(&raw, part->data + da, db - da) != ANV_OK) {
                rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
                break;
            }
            if ((rc = renumber(u, a, b, &text, &codes, &n_codes, err)) !=
                ANV_OK)
                break;
            rc = xliff_project_add_unit(p, before.data ? before.data : "",
                                        text.data, raw.data ? raw.data : "",
                                        err);
            if (rc == ANV_OK && n_codes)
                rc = xliff_unit_set_codes(p, xliff_project_unit_count(p) - 1,
                                          codes, n_codes, err);
            icode_table_free(codes, n_codes);
            pos = db;
        }
    }
    strbuf_clear(&before);
    if (rc == ANV_OK &&
        strbuf_append(&before, part->data + pos, part->len - pos) != ANV_OK)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (rc == ANV_OK)
        rc = xliff_project_set_file_layout(p, f, 0,
                                           before.data ? before.data : "",
                                           err);
    /* the language value, when it lies before the first segment */
    size_t ls = doc->lang_start, le = doc->lang_end;
    size_t limit = xliff_project_unit_count(p) > first
                       ? strlen(xliff_project_unit(p, first)->before)
                       : part->len;
    if (le > limit || doc->lang_part != pi)
        ls = le = 0;
    if (rc == ANV_OK)
        rc = xliff_project_set_file_format(p, f, doc->filter->datatype,
                                           doc->encoding, ls, le, err);
    if (rc == ANV_OK && doc->filter->unpack)
        rc = xliff_project_set_file_part(p, f, part->name,
                                         pi == 0 ? doc->original : NULL,
                                         pi == 0 ? doc->original_len : 0,
                                         err);
    free(spans);
    strbuf_release(&before);
    strbuf_release(&raw);
    strbuf_release(&text);
    return rc;
}

int pretranslate_add_formatted(xliff_project *p, segmenter *sg,
                               const char *name, const fmt_doc *doc,
                               anv_error *err)
{
    if (doc->filter->unpack && (!doc->n_parts || !doc->original))
        return anv_error_set(err, ANV_EINVAL, "%s: a container without "
                             "parts", name);
    int rc = ANV_OK;
    for (size_t pi = 0; pi < doc->n_parts && rc == ANV_OK; pi++)
        rc = add_part(p, sg, name, doc, pi, err);
    return rc;
}

int pretranslate_add_file(xliff_project *p, segmenter *sg, const char *path,
                          const char *original, text_para_mode mode,
                          const char *format, anv_error *err)
{
    return pretranslate_add_file_with(p, sg, path, original, mode, format, 0,
                                      err);
}

int pretranslate_add_file_with(xliff_project *p, segmenter *sg,
                               const char *path, const char *original,
                               text_para_mode mode, const char *format,
                               unsigned fmt_flags, anv_error *err)
{
    const fmt_filter *filter = NULL;
    if (format && strcmp(format, "text") != 0 &&
        !(filter = fmt_filter_by_name(format)))
        return anv_error_set(err, ANV_EINVAL, "unknown format '%s' (anuvad "
                             "reads %s)", format, fmt_filter_names());
    char *doc = NULL;
    size_t len = 0;
    int rc = fileio_read_all(path, PRETRANSLATE_MAX_SOURCE, &doc, &len, err);
    if (rc != ANV_OK)
        return rc;
    if (!original)
        original = strcmp(path, "-") == 0 ? "<stdin>" : path;
    if (!format)
        rc = fmt_detect(original, doc, len, &filter, err);
    if (rc == ANV_OK && !filter) {
        rc = pretranslate_add_document(p, sg, original, doc, len, mode, err);
    } else if (rc == ANV_OK) {
        fmt_doc *fd = fmt_doc_open_with(filter, original, doc, len,
                                        fmt_flags, err);
        rc = fd ? pretranslate_add_formatted(p, sg, original, fd, err)
                : (err ? err->code : ANV_EINVAL);
        fmt_doc_free(fd);
    }
    free(doc);
    return rc;
}

/* ---- step 2: lookups (in threads) -------------------------------------- */

typedef struct found_match {
    int score;
    char *source, *target, *tuid; /* tuid NULL when the unit has none */
    char changedate[TMX_DATE_LEN + 1]; /* "" when there is none */
} found_match;

/* What the lookup of one unit found; written by one worker only. */
typedef struct unit_work {
    found_match *m;
    size_t n;
    int several;     /* the best is 100 and the TM has another translation
                        of the same source among the matches */
    char *fixed;     /* the best match's target with the numbers fixed */
    char *note;      /* what the auto-fix did (or why it did not) */
    char *coded;     /* the best match's target with the segment's own
                        inline codes (tm_codes.h), when it has codes */
    char *code_note; /* why the best match's codes could not be used */
} unit_work;

typedef struct job {
    const xliff_project *p;
    const pretranslate_opts *o;
    int min, floor;
    size_t max;
    unit_work *work;
    const pretranslate_unit *units; /* .first: repetitions, known before */
    size_t n;
    atomic_size_t next, done;
    pthread_mutex_t lock; /* guards the error fields */
    size_t err_unit;      /* lowest unit that failed, or n */
    anv_error err;
} job;

typedef struct worker {
    job *j;
    tm_searcher *s;
    int is_caller;
    pthread_t thread;
} worker;

static void unit_work_release(unit_work *w)
{
    for (size_t k = 0; k < w->n; k++) {
        free(w->m[k].source);
        free(w->m[k].target);
        free(w->m[k].tuid);
    }
    free(w->m);
    free(w->fixed);
    free(w->note);
    free(w->coded);
    free(w->code_note);
    memset(w, 0, sizeof *w);
}

/* A TM target we can put into a plain-text project: not empty, and
 * without inline codes (U+FFFC stands for a tag of the TM's <seg>). */
static int usable_target(const char *t)
{
    return t && *t && !strstr(t, "\xEF\xBF\xBC");
}

/* The number auto-fix on the best match (a fuzzy one above min). */
static int fix_numbers(const char *source, unit_work *w, anv_error *err)
{
    numfix nf;
    int rc = numbers_fix_match(source, w->m[0].source, w->m[0].target, &nf,
                               err);
    if (rc != ANV_OK)
        return rc;
    strbuf note = STRBUF_INIT;
    if (nf.outcome == NUMFIX_FIXED) {
        strbuf_append_str(&note, "numbers fixed: ");
        numfix_describe(&nf, &note);
        w->fixed = nf.target ? strdup(nf.target) : NULL;
        if (!w->fixed)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    } else if (nf.outcome == NUMFIX_UNSURE) {
        strbuf_printf(&note, "numbers not fixed: %s", nf.reason);
    }
    if (rc == ANV_OK && note.len) {
        w->note = strbuf_detach(&note, NULL);
        if (!w->note)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    strbuf_release(&note);
    numfix_release(&nf);
    return rc;
}

/* The TM's view of a segment: inline codes as TMX placeholders. */
static const char *tm_view(const char *s, strbuf *b)
{
    size_t n = strlen(s);
    if (!icode_count(s, n))
        return s;
    strbuf_clear(b);
    if (icode_replace(b, s, n, TMX_TAG_CHAR) != ANV_OK)
        return NULL;
    return b->data;
}

/* The best match of a segment with codes (or of a TM target with codes):
 * the target with the segment's own codes, or why not. */
static int map_codes(const char *source, const tm_match *m, unit_work *w,
                     anv_error *err)
{
    if (!icode_count(source, strlen(source)) &&
        !memmem(m->target, m->target_len, TMX_TAG_CHAR, TMX_TAG_CHAR_LEN))
        return ANV_OK;
    strbuf out = STRBUF_INIT;
    int rc = tm_codes_fill(source, m->source_seg, m->source_seg_len,
                           m->target_seg, m->target_seg_len, &out, err);
    if (rc == 1) {
        w->coded = strbuf_detach(&out, NULL);
        rc = w->coded ? ANV_OK
                      : anv_error_set(err, ANV_ENOMEM, "out of memory");
    } else if (rc == 0) {
        w->code_note = strdup("the TM's translation has inline codes that "
                              "do not match this segment's; not used");
        rc = w->code_note ? ANV_OK
                          : anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    strbuf_release(&out);
    return rc;
}

static int lookup_unit(worker *wk, size_t i, anv_error *err)
{
    job *j = wk->j;
    const xliff_unit *u = xliff_project_unit(j->p, i);
    const xliff_file *f = xliff_project_file(j->p, u->file);
    tm_query q = {0};
    strbuf vt = STRBUF_INIT, vp = STRBUF_INIT, vn = STRBUF_INIT;
    q.text = tm_view(u->source, &vt);
    q.prev = i > f->first_unit
                 ? tm_view(xliff_project_unit(j->p, i - 1)->source, &vp)
                 : "";
    q.next = i + 1 < f->first_unit + f->n_units
                 ? tm_view(xliff_project_unit(j->p, i + 1)->source, &vn)
                 : "";
    if (!q.text || !q.prev || !q.next) {
        strbuf_release(&vt);
        strbuf_release(&vp);
        strbuf_release(&vn);
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    /* A repetition only needs to know whether it is in context itself
     * (101); its other matches are its first occurrence's.  Exact
     * lookups are ten times cheaper than fuzzy ones down to 50. */
    q.min = j->units[i].first != i ? 100 : j->floor;
    q.max = j->max;
    tm_matches r;
    int rc = tm_lookup(wk->s, &q, &r, err);
    strbuf_release(&vt);
    strbuf_release(&vp);
    strbuf_release(&vn);
    if (rc != ANV_OK)
        return rc;
    unit_work *w = &j->work[i];
    if (r.n && r.match[0].score >= j->min &&
        (rc = map_codes(u->source, &r.match[0], w, err)) != ANV_OK)
        return rc;
    if (r.n && !(w->m = calloc(r.n, sizeof *w->m)))
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    for (size_t k = 0; k < r.n; k++, w->n++) {
        const tm_match *m = &r.match[k];
        found_match *fm = &w->m[k];
        fm->score = m->score;
        fm->source = strndup(m->source, m->source_len);
        fm->target = strndup(m->target, m->target_len);
        fm->tuid = *m->tuid ? strdup(m->tuid) : NULL;
        if (!fm->source || !fm->target || (*m->tuid && !fm->tuid)) {
            w->n++; /* release what was copied */
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        }
        if (m->changedate != TMX_NO_DATE)
            tmx_date_format(m->changedate, fm->changedate);
        if (k > 0 && m->score == 100 && w->m[0].score == 100 &&
            strcmp(fm->target, w->m[0].target) != 0)
            w->several = 1;
    }
    if (w->n && w->m[0].score >= j->min && w->m[0].score < 100 &&
        usable_target(w->m[0].target) && !u->n_codes)
        return fix_numbers(u->source, w, err);
    return ANV_OK;
}

static void *worker_run(void *arg)
{
    worker *wk = arg;
    job *j = wk->j;
    anv_error err;
    anv_error_clear(&err);
    for (;;) {
        size_t i = atomic_fetch_add(&j->next, 1);
        if (i >= j->n)
            break;
        if (lookup_unit(wk, i, &err) != ANV_OK) {
            pthread_mutex_lock(&j->lock);
            if (i < j->err_unit) {
                j->err_unit = i;
                j->err = err;
            }
            pthread_mutex_unlock(&j->lock);
            atomic_store(&j->next, j->n); /* everyone stops soon */
            break;
        }
        size_t done = atomic_fetch_add(&j->done, 1) + 1;
        if (wk->is_caller && j->o->on_progress && done % 128 == 0)
            j->o->on_progress(j->o->ctx, done, j->n);
    }
    return NULL;
}

static int run_lookups(job *j, tm_matcher *tm, unsigned jobs, anv_error *err)
{
    if (jobs > j->n)
        jobs = j->n ? (unsigned)j->n : 1;
    worker *wk = calloc(jobs, sizeof *wk);
    if (!wk)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    int rc = ANV_OK;
    unsigned made = 0, started = 0;
    for (; made < jobs; made++) {
        wk[made].j = j;
        wk[made].is_caller = made == 0;
        if (!(wk[made].s = tm_searcher_new(tm, err))) {
            rc = err ? err->code : ANV_ENOMEM;
            break;
        }
    }
    if (rc == ANV_OK) {
        for (started = 1; started < jobs; started++)
            if (pthread_create(&wk[started].thread, NULL, worker_run,
                               &wk[started]) != 0)
                break; /* the threads we have do the work */
        worker_run(&wk[0]);
        for (unsigned t = 1; t < started; t++)
            pthread_join(wk[t].thread, NULL);
        if (j->err_unit < j->n) {
            if (err)
                *err = j->err;
            rc = j->err.code ? j->err.code : ANV_EINTERNAL;
        } else if (j->o->on_progress) {
            j->o->on_progress(j->o->ctx, j->n, j->n);
        }
    }
    for (unsigned t = 0; t < made; t++)
        tm_searcher_free(wk[t].s);
    free(wk);
    return rc;
}

/* ---- step 3: in document order, into the project ------------------------ */

static int add_matches(xliff_project *p, size_t i, const unit_work *w,
                       const char *origin, anv_error *err)
{
    for (size_t k = 0; k < w->n; k++) {
        xliff_match m = {w->m[k].score, origin, w->m[k].source,
                         w->m[k].target, w->m[k].tuid,
                         w->m[k].changedate[0] ? w->m[k].changedate : NULL};
        int rc = xliff_unit_add_match(p, i, &m, err);
        if (rc != ANV_OK)
            return rc;
    }
    return ANV_OK;
}

/* A unit seen for the first time (or a 101 % repetition): its best match. */
static int fill_from_tm(xliff_project *p, size_t i, const unit_work *w,
                        int min, pretranslate_unit *pu, anv_error *err)
{
    if (!w->n || w->m[0].score < min)
        return ANV_OK;
    if (!w->coded && !usable_target(w->m[0].target))
        return w->code_note ? xliff_unit_add_note(p, i, "anuvad",
                                                  w->code_note, err)
                            : ANV_OK;
    const found_match *best = &w->m[0];
    xliff_state state = XLIFF_STATE_NEEDS_REVIEW_TRANSLATION;
    xliff_qualifier qual = XLIFF_QUAL_FUZZY_MATCH;
    const char *target = w->coded ? w->coded : best->target;
    unsigned marks = 0;
    const char *note = NULL;
    char several[160], codes_note[160];
    const char *source = xliff_project_unit(p, i)->source;
    icode_problems cp;
    int codes_ok = icode_check(source, target, &cp);
    if (best->score >= 101) {
        state = XLIFF_STATE_TRANSLATED;
        qual = XLIFF_QUAL_EXACT_MATCH;
    } else if (best->score == 100) {
        qual = XLIFF_QUAL_LEVERAGED_TM;
        if (w->several) {
            size_t k = 0;
            while (k < w->n && w->m[k].score == 100)
                k++;
            snprintf(several, sizeof several,
                     "the TM has %zu translations of this source; the "
                     "newest is used", k);
            note = several;
        } else {
            state = XLIFF_STATE_TRANSLATED;
        }
    } else if (w->fixed) {
        target = w->fixed;
        marks = XLIFF_MARK_NUMBERS_FIXED;
        note = w->note;
        pu->numbers_fixed = 1;
    } else {
        note = w->note; /* numbers not fixed: why */
    }
    strbuf placed = STRBUF_INIT;
    if (!codes_ok && cp.missing && !cp.extra && !cp.duplicated &&
        !cp.misnested) {
        /* The TM's translation lacks some of the segment's codes (a TM
         * without markup, a page that wraps words in <span lang>): they
         * go at its end, in the source's order, so the document keeps
         * every tag; never silently: the unit needs review and says so
         * (as Trados and memoQ place missing tags). */
        icode_kind kind;
        unsigned id;
        int rc = strbuf_append_str(&placed, target);
        while (rc == ANV_OK &&
               icode_next_missing(source, placed.data, &kind, &id))
            rc = icode_append(&placed, kind, id);
        if (rc != ANV_OK) {
            strbuf_release(&placed);
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        }
        icode_problems after;
        if (icode_check(source, placed.data, &after)) {
            target = placed.data;
            state = XLIFF_STATE_NEEDS_REVIEW_TRANSLATION;
            snprintf(codes_note, sizeof codes_note, "inline codes: %zu the "
                     "TM's translation lacked are placed at its end; move "
                     "them where they belong", cp.missing);
            note = codes_note;
            codes_ok = 1;
        }
    }
    if (!codes_ok) {
        /* never silently: the translator places the codes */
        state = XLIFF_STATE_NEEDS_REVIEW_TRANSLATION;
        snprintf(codes_note, sizeof codes_note, "inline codes: %zu missing, "
                 "%zu misplaced in the TM's translation; check them",
                 cp.missing, cp.misnested + cp.duplicated);
        note = codes_note;
    }
    int rc = xliff_unit_set_target(p, i, target, state, qual, best->score,
                                   marks, err);
    if (rc == ANV_OK && note)
        rc = xliff_unit_add_note(p, i, "anuvad", note, err);
    pu->filled = rc == ANV_OK;
    strbuf_release(&placed);
    return rc;
}

/* A repetition: the first occurrence's target, state and marks. */
static int fill_from_first(xliff_project *p, size_t i, size_t first,
                           pretranslate_unit *pu, anv_error *err)
{
    const xliff_unit *f = xliff_project_unit(p, first);
    if (!f->target)
        return ANV_OK;
    int quality = f->match_quality > 100 ? 100 : f->match_quality;
    char note[160];
    snprintf(note, sizeof note, "repetition of unit %s: its target copied",
             f->id);
    /* f's strings stay valid: only unit i changes */
    int rc = xliff_unit_set_target(p, i, f->target, f->state,
                                   XLIFF_QUAL_LEVERAGED_INHERITED, quality,
                                   f->marks, err);
    if (rc == ANV_OK)
        rc = xliff_unit_add_note(p, i, "anuvad", note, err);
    pu->filled = rc == ANV_OK;
    pu->numbers_fixed = pu->filled && (f->marks & XLIFF_MARK_NUMBERS_FIXED);
    return rc;
}

/* Which units repeat an earlier one (the same source, NFC, byte for
 * byte): unit i's `first` is the first unit with its source. */
static int find_repetitions(const xliff_project *p, pretranslate_unit *units,
                            size_t n, anv_error *err)
{
    wordmap *seen = wordmap_new();
    if (!seen)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    int rc = ANV_OK;
    for (size_t i = 0; i < n && rc == ANV_OK; i++) {
        const char *src = xliff_project_unit(p, i)->source;
        size_t len = strlen(src);
        uint32_t first;
        units[i].first = i;
        if (wordmap_get(seen, src, len, &first))
            units[i].first = first;
        else if (wordmap_put(seen, src, len, (uint32_t)i) != ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    wordmap_free(seen);
    return rc;
}

/* A repetition's alt-trans: its first occurrence's. */
static int copy_matches(xliff_project *p, size_t i, size_t first,
                        anv_error *err)
{
    const xliff_unit *f = xliff_project_unit(p, first);
    for (size_t k = 0; k < f->n_matches; k++) {
        int rc = xliff_unit_add_match(p, i, &f->matches[k], err);
        if (rc != ANV_OK)
            return rc;
    }
    return ANV_OK;
}

static int decide(xliff_project *p, job *j, pretranslate_result *out,
                  anv_error *err)
{
    int rc = ANV_OK;
    for (size_t i = 0; i < j->n && rc == ANV_OK; i++) {
        unit_work *w = &j->work[i];
        pretranslate_unit *pu = &out->unit[i];
        pu->best = w->n ? w->m[0].score : -1;
        if (pu->first != i && pu->best < 101) {
            pu->band = ANALYSIS_REPETITION;
            pu->best = out->unit[pu->first].best;
        } else {
            pu->first = i; /* a 101 % match is no repetition */
            pu->band = analysis_band_of_score(pu->best);
        }
        if (j->o->analyse_only)
            continue;
        if (xliff_project_unit(p, i)->target)
            continue; /* another tool's file: its translations stay */
        if (pu->first != i) {
            rc = fill_from_first(p, i, pu->first, pu, err);
            if (rc == ANV_OK)
                rc = copy_matches(p, i, pu->first, err);
        } else {
            rc = fill_from_tm(p, i, w, j->min, pu, err);
            if (rc == ANV_OK)
                rc = add_matches(p, i, w, j->o->origin, err);
        }
        out->filled += pu->filled;
        out->numbers_fixed += pu->numbers_fixed;
        unit_work_release(w); /* done with it: keep memory flat */
    }
    return rc;
}

int pretranslate_run(xliff_project *p, tm_matcher *tm,
                     const pretranslate_opts *opts,
                     pretranslate_result *out, anv_error *err)
{
    pretranslate_opts o = *opts;
    memset(out, 0, sizeof *out);
    job j;
    memset(&j, 0, sizeof j);
    j.p = p;
    j.o = &o;
    j.min = o.min ? o.min : PRETRANSLATE_MIN_DEFAULT;
    if (j.min < 1 || j.min > 101)
        return anv_error_set(err, ANV_EINVAL, "--min must be 1 to 101, not "
                             "%d", j.min);
    j.floor = j.min < ANALYSIS_MIN_SCORE ? j.min : ANALYSIS_MIN_SCORE;
    j.max = o.max_matches ? o.max_matches : PRETRANSLATE_MAX_MATCHES_DEFAULT;
    j.n = xliff_project_unit_count(p);
    j.err_unit = j.n;
    if (j.n >= UINT32_MAX)
        return anv_error_set(err, ANV_ELIMIT, "too many segments (%zu)",
                             j.n);
    out->n = j.n;
    out->unit = calloc(j.n ? j.n : 1, sizeof *out->unit);
    j.work = calloc(j.n ? j.n : 1, sizeof *j.work);
    if (!out->unit || !j.work) {
        free(j.work);
        pretranslate_result_release(out);
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    atomic_init(&j.next, 0);
    atomic_init(&j.done, 0);
    pthread_mutex_init(&j.lock, NULL);
    j.units = out->unit;
    int rc = find_repetitions(p, out->unit, j.n, err);
    if (rc == ANV_OK && tm)
        rc = run_lookups(&j, tm, o.jobs ? o.jobs : 1, err);
    if (rc == ANV_OK)
        rc = decide(p, &j, out, err);
    for (size_t i = 0; i < j.n; i++)
        unit_work_release(&j.work[i]);
    free(j.work);
    pthread_mutex_destroy(&j.lock);
    if (rc != ANV_OK)
        pretranslate_result_release(out);
    return rc;
}

void pretranslate_result_release(pretranslate_result *r)
{
    free(r->unit);
    memset(r, 0, sizeof *r);
}

int pretranslate_analysis(const xliff_project *p,
                          const pretranslate_result *r, word_splitter *ws,
                          analysis_table *files, size_t *n_tables,
                          analysis_table *total, anv_error *err)
{
    size_t nf = xliff_project_file_count(p), t = 0;
    memset(total, 0, sizeof *total);
    for (size_t f = 0; f < nf; t++) {
        /* a container's parts (DOCX, ODT) are one document: one table */
        size_t end = xliff_document_end(p, f);
        memset(&files[t], 0, sizeof files[t]);
        files[t].name = xliff_project_file(p, f)->original;
        for (; f < end; f++) {
            const xliff_file *xf = xliff_project_file(p, f);
            for (size_t i = xf->first_unit;
                 i < xf->first_unit + xf->n_units; i++) {
                if (i >= r->n)
                    return anv_error_set(err, ANV_EINVAL, "the result has "
                                         "%zu units, the project more", r->n);
                const xliff_unit *u = xliff_project_unit(p, i);
                int rc = analysis_add(&files[t], r->unit[i].band, ws,
                                      u->source, strlen(u->source), err);
                if (rc != ANV_OK)
                    return rc;
            }
        }
        analysis_merge(total, &files[t]);
    }
    *n_tables = t;
    return ANV_OK;
}
