/*
 * xliff.c - the translation project in memory and its edits (see xliff.h).
 *
 * Units live in one array of pointers in document order across all files,
 * so that the editor's "segment n of N" is an index, and a split or join
 * moves pointers, not units.  Every string a unit points to is owned by the
 * unit; the public xliff_unit is the first member of a private record that
 * adds the capacities of its arrays and a cached word count.
 *
 * Layout and split.  A unit's source is NFC with line breaks as spaces;
 * its document bytes (source_raw) may differ.  To split a unit that has
 * raw bytes, we must find the raw offset of a cut made in the NFC text.
 * We walk the raw bytes in normalisation chunks (ICU's hasBoundaryBefore:
 * normalising each chunk alone gives the same result as normalising the
 * whole), canonicalise each chunk (line breaks -> space, NFC) and note at
 * which raw offset the canonical text reaches each length.  A cut at a
 * chunk boundary then has an exact raw offset; a cut elsewhere (inside a
 * cluster) is refused.
 */
#include "project/xliff.h"
#include "project/xliff_internal.h"
#include "text/text.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

typedef struct unit_rec {
    xliff_unit u; /* first, so that a unit_rec * is an xliff_unit * */
    size_t cap_matches, cap_notes;
    size_t words;
    int words_known;
} unit_rec;

struct xliff_project {
    unit_rec **units;
    size_t n_units, cap_units;
    xliff_file *files;
    size_t n_files, cap_files;
    unsigned long next_id;
    char *default_source, *default_target; /* for files added without */
    char *tm; /* the project's TM (anv:tm), or NULL */
    char *glossaries; /* its glossaries (anv:glossaries), or NULL */
    xliff_foreign *foreign; /* another tool's file, saved in place */
};

/* ---- small helpers ------------------------------------------------------ */

void xliff_unit_set_max_chars(xliff_project *p, size_t i, unsigned n)
{
    if (i < p->n_units)
        p->units[i]->u.max_chars = n;
}

void xliff_project_set_foreign(xliff_project *p, xliff_foreign *f)
{
    xliff_foreign_free(p->foreign);
    p->foreign = f;
}

const xliff_foreign *xliff_project_foreign(const xliff_project *p)
{
    return p->foreign;
}

static int check_unit(const xliff_project *p, size_t i, anv_error *err);

static void free_str(const char *s)
{
    free((void *)s);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int oom(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

static unit_rec *rec_at(const xliff_project *p, size_t i)
{
    return p->units[i];
}

/* The strings a match, a note or a file owns. */
static void match_strings_free(const xliff_match *m)
{
    free_str(m->origin);
    free_str(m->source);
    free_str(m->target);
    free_str(m->tuid);
    free_str(m->changedate);
}

static void note_strings_free(const xliff_note *n)
{
    free_str(n->from);
    free_str(n->text);
}

static void file_strings_free(const xliff_file *f)
{
    free_str(f->original);
    free_str(f->source_language);
    free_str(f->target_language);
    free_str(f->datatype);
    free_str(f->after);
    free_str(f->encoding);
    free_str(f->part);
    free_str(f->container);
}

static void free_matches(unit_rec *r)
{
    xliff_match *m = (xliff_match *)r->u.matches;
    for (size_t k = 0; k < r->u.n_matches; k++)
        match_strings_free(&m[k]);
    free(m);
    r->u.matches = NULL;
    r->u.n_matches = 0;
    r->cap_matches = 0;
}

static void unit_free(unit_rec *r)
{
    if (!r)
        return;
    free_str(r->u.id);
    free_str(r->u.before);
    free_str(r->u.source);
    free_str(r->u.source_raw);
    free_str(r->u.target);
    free_matches(r);
    for (size_t k = 0; k < r->u.n_notes; k++)
        note_strings_free(&r->u.notes[k]);
    free((void *)r->u.notes);
    icode_table_free((icode *)r->u.codes, r->u.n_codes);
    free(r);
}

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return ANV_OK;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < need)
        nc *= 2;
    void *na = realloc(*arr, nc * elem);
    if (!na)
        return ANV_ENOMEM;
    *arr = na;
    *cap = nc;
    return ANV_OK;
}

/* Canonical form of document text, as the source of a unit holds it:
 * every line break (CRLF, LF, CR) one space, then NFC. */
static int append_canonical(strbuf *out, const char *s, size_t n,
                            anv_error *err)
{
    strbuf tmp = STRBUF_INIT;
    int rc = ANV_OK;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\n' && s[i] != '\r')
            continue;
        if (strbuf_append(&tmp, s + start, i - start) != ANV_OK ||
            strbuf_append_char(&tmp, ' ') != ANV_OK) {
            rc = oom(err);
            goto out;
        }
        if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
            i++;
        start = i + 1;
    }
    if (strbuf_append(&tmp, s + start, n - start) != ANV_OK) {
        rc = oom(err);
        goto out;
    }
    rc = text_append_nfc(out, tmp.data, tmp.len, err);
out:
    strbuf_release(&tmp);
    return rc;
}

/* ---- building ------------------------------------------------------------- */

xliff_project *xliff_project_new(anv_error *err)
{
    xliff_project *p = calloc(1, sizeof *p);
    if (!p) {
        oom(err);
        return NULL;
    }
    p->next_id = 1;
    return p;
}

void xliff_project_free(xliff_project *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_units; i++)
        unit_free(p->units[i]);
    free(p->units);
    for (size_t f = 0; f < p->n_files; f++)
        file_strings_free(&p->files[f]);
    free(p->files);
    free(p->default_source);
    free(p->default_target);
    free(p->tm);
    free(p->glossaries);
    xliff_foreign_free(p->foreign);
    free(p);
}

const char *xliff_project_tm(const xliff_project *p)
{
    return p->tm;
}

int xliff_project_set_tm(xliff_project *p, const char *tm, anv_error *err)
{
    char *t = dup_or_null(tm && *tm ? tm : NULL);
    if (tm && *tm && !t)
        return oom(err);
    free(p->tm);
    p->tm = t;
    return ANV_OK;
}

const char *xliff_project_glossaries(const xliff_project *p)
{
    return p->glossaries;
}

int xliff_project_set_glossaries(xliff_project *p, const char *list,
                                 anv_error *err)
{
    char *g = dup_or_null(list && *list ? list : NULL);
    if (list && *list && !g)
        return oom(err);
    free(p->glossaries);
    p->glossaries = g;
    return ANV_OK;
}

int xliff_project_set_default_languages(xliff_project *p,
                                        const char *source_language,
                                        const char *target_language,
                                        anv_error *err)
{
    char *s = dup_or_null(source_language), *t = dup_or_null(target_language);
    if ((source_language && !s) || (target_language && !t)) {
        free(s);
        free(t);
        return oom(err);
    }
    free(p->default_source);
    free(p->default_target);
    p->default_source = s;
    p->default_target = t;
    return ANV_OK;
}

int xliff_project_add_file_full(xliff_project *p, const char *original,
                                const char *source_language,
                                const char *target_language,
                                const char *datatype, anv_error *err)
{
    if (!original || !*original)
        return anv_error_set(err, ANV_EINVAL, "a file needs a name");
    if (grow((void **)&p->files, &p->cap_files, p->n_files + 1,
             sizeof *p->files) != ANV_OK)
        return oom(err);
    xliff_file *f = &p->files[p->n_files];
    memset(f, 0, sizeof *f);
    f->original = strdup(original);
    if (!source_language)
        source_language = p->default_source ? p->default_source : "hi-IN";
    if (!target_language)
        target_language = p->default_target ? p->default_target : "en-US";
    f->source_language = strdup(source_language);
    f->target_language = strdup(target_language);
    f->datatype = strdup(datatype ? datatype : "plaintext");
    f->after = strdup("");
    f->first_unit = p->n_units;
    if (!f->original || !f->source_language || !f->target_language ||
        !f->datatype || !f->after) {
        file_strings_free(f);
        return oom(err);
    }
    p->n_files++;
    return ANV_OK;
}

int xliff_project_add_file(xliff_project *p, const char *original,
                           const char *source_language,
                           const char *target_language, anv_error *err)
{
    return xliff_project_add_file_full(p, original, source_language,
                                       target_language, NULL, err);
}

int xliff_project_set_file_layout(xliff_project *p, size_t f, int bom,
                                  const char *after, anv_error *err)
{
    if (f >= p->n_files)
        return anv_error_set(err, ANV_EINVAL, "no file %zu", f + 1);
    char *a = strdup(after ? after : "");
    if (!a)
        return oom(err);
    free_str(p->files[f].after);
    p->files[f].after = a;
    p->files[f].bom = bom != 0;
    return ANV_OK;
}

int xliff_project_set_file_paragraphs(xliff_project *p, size_t f, int blank,
                                      anv_error *err)
{
    if (f >= p->n_files)
        return anv_error_set(err, ANV_EINVAL, "no file %zu", f + 1);
    p->files[f].blank_paragraphs = blank != 0;
    return ANV_OK;
}

/* Take note of a numeric id so that new ids never collide with it. */
static void note_id(xliff_project *p, const char *id)
{
    char *end;
    if (*id < '0' || *id > '9')
        return;
    unsigned long v = strtoul(id, &end, 10);
    if (*end == '\0' && v < ULONG_MAX && v >= p->next_id)
        p->next_id = v + 1;
}

static char *new_id(xliff_project *p)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lu", p->next_id++);
    return strdup(buf);
}

/* Insert a fresh record at position `at` (the file counts are fixed by
 * the caller). */
static unit_rec *insert_rec(xliff_project *p, size_t at)
{
    if (grow((void **)&p->units, &p->cap_units, p->n_units + 1,
             sizeof *p->units) != ANV_OK)
        return NULL;
    unit_rec *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    memmove(p->units + at + 1, p->units + at,
            (p->n_units - at) * sizeof *p->units);
    p->units[at] = r;
    p->n_units++;
    r->u.match_quality = -1;
    return r;
}

static void remove_rec(xliff_project *p, size_t at)
{
    unit_free(p->units[at]);
    memmove(p->units + at, p->units + at + 1,
            (p->n_units - at - 1) * sizeof *p->units);
    p->n_units--;
}

/* Unit counts of the files after `f` moved by `delta` units. */
static void shift_files(xliff_project *p, size_t f, int delta)
{
    p->files[f].n_units = (size_t)((long)p->files[f].n_units + delta);
    for (size_t k = f + 1; k < p->n_files; k++)
        p->files[k].first_unit =
            (size_t)((long)p->files[k].first_unit + delta);
}

int xliff_project_add_unit_id(xliff_project *p, const char *id,
                              const char *before, const char *source,
                              const char *source_raw, anv_error *err)
{
    if (p->n_files == 0)
        return anv_error_set(err, ANV_EINVAL,
                             "add a file before adding units");
    if (!source)
        return anv_error_set(err, ANV_EINVAL, "a unit needs a source");
    if (id && !*id)
        return anv_error_set(err, ANV_EINVAL, "empty unit id");
    unit_rec *r = insert_rec(p, p->n_units);
    if (!r)
        return oom(err);
    r->u.file = p->n_files - 1;
    r->u.id = id ? strdup(id) : new_id(p);
    r->u.before = strdup(before ? before : "");
    r->u.source = strdup(source);
    int keep_raw = source_raw && strcmp(source_raw, source) != 0;
    r->u.source_raw = keep_raw ? strdup(source_raw) : NULL;
    if (!r->u.id || !r->u.before || !r->u.source ||
        (keep_raw && !r->u.source_raw)) {
        remove_rec(p, p->n_units - 1);
        return oom(err);
    }
    if (id)
        note_id(p, id);
    shift_files(p, p->n_files - 1, +1);
    return ANV_OK;
}

int xliff_project_add_unit(xliff_project *p, const char *before,
                           const char *source, const char *source_raw,
                           anv_error *err)
{
    return xliff_project_add_unit_id(p, NULL, before, source, source_raw,
                                     err);
}

/* Every code char of `text` is in the table, and (for a source) every
 * entry of the table is in the text once. */
static int codes_consistent(const char *text, const icode *codes, size_t n,
                            int all, char *what, size_t size)
{
    size_t len = strlen(text), seen = 0;
    icode_kind k;
    unsigned id;
    for (size_t i = 0; i < len; i++)
        if (icode_at(text, len, i, &k, &id)) {
            if (!icode_find(codes, n, k, id)) {
                snprintf(what, size, k == ICODE_OPEN ? "{%u}"
                                     : k == ICODE_CLOSE ? "{/%u}" : "{%u/}",
                         id);
                return 0;
            }
            seen++;
            i += ICODE_CHAR_LEN - 1;
        }
    if (all && seen != n) {
        snprintf(what, size, "%zu codes for a table of %zu", seen, n);
        return 0;
    }
    return 1;
}

int xliff_unit_set_codes(xliff_project *p, size_t i, const icode *codes,
                         size_t n, anv_error *err)
{
    if (check_unit(p, i, err) != ANV_OK)
        return ANV_EINVAL;
    unit_rec *r = rec_at(p, i);
    char what[64];
    if (!codes_consistent(r->u.source, codes, n, 1, what, sizeof what))
        return anv_error_set(err, ANV_EINVAL, "unit %s: inline code %s of "
                             "the source is not in its code table", r->u.id,
                             what);
    icode *t;
    if (icode_table_copy(&t, codes, n) != ANV_OK)
        return oom(err);
    icode_table_free((icode *)r->u.codes, r->u.n_codes);
    r->u.codes = t;
    r->u.n_codes = n;
    return ANV_OK;
}

int xliff_project_set_file_format(xliff_project *p, size_t f,
                                  const char *datatype, const char *encoding,
                                  size_t lang_start, size_t lang_end,
                                  anv_error *err)
{
    if (f >= p->n_files)
        return anv_error_set(err, ANV_EINVAL, "no file %zu", f + 1);
    xliff_file *x = &p->files[f];
    char *d = strdup(datatype ? datatype : "plaintext");
    char *e = encoding && strcasecmp(encoding, "UTF-8") != 0
                  ? strdup(encoding) : NULL;
    if (!d || (encoding && strcasecmp(encoding, "UTF-8") != 0 && !e)) {
        free(d);
        free(e);
        return oom(err);
    }
    free_str(x->datatype);
    free_str(x->encoding);
    x->datatype = d;
    x->encoding = e;
    x->lang_start = lang_end > lang_start ? lang_start : 0;
    x->lang_end = lang_end > lang_start ? lang_end : 0;
    return ANV_OK;
}

int xliff_project_set_file_part(xliff_project *p, size_t f, const char *part,
                                const char *container, size_t len,
                                anv_error *err)
{
    if (f >= p->n_files || !part || !*part)
        return anv_error_set(err, ANV_EINVAL, "file %zu: a part needs a "
                             "name", f + 1);
    char *n = strdup(part), *c = NULL;
    if (container && !(c = malloc(len + 1))) {
        free(n);
        return oom(err);
    }
    if (!n) {
        free(c);
        return oom(err);
    }
    if (c) {
        memcpy(c, container, len);
        c[len] = '\0';
    }
    xliff_file *x = &p->files[f];
    free_str(x->part);
    free_str(x->container);
    x->part = n;
    x->container = c;
    x->container_len = c ? len : 0;
    return ANV_OK;
}

size_t xliff_document_end(const xliff_project *p, size_t f)
{
    if (f >= p->n_files)
        return p->n_files;
    size_t g = f + 1;
    if (p->files[f].part && p->files[f].container)
        while (g < p->n_files && p->files[g].part && !p->files[g].container &&
               strcmp(p->files[g].original, p->files[f].original) == 0)
            g++;
    return g;
}

int xliff_project_add_document(xliff_project *p, const char *original,
                               const char *doc, size_t len,
                               const xliff_span *spans, size_t n,
                               anv_error *err)
{
    int bom = len >= 3 && memcmp(doc, "\xEF\xBB\xBF", 3) == 0;
    size_t pos = bom ? 3 : 0;
    for (size_t k = 0; k < n; k++)
        if (spans[k].start < pos || spans[k].end < spans[k].start ||
            spans[k].end > len || !spans[k].source)
            return anv_error_set(err, ANV_EINVAL, "%s: segment %zu (bytes "
                                 "%zu..%zu) is out of order or outside the "
                                 "document", original, k + 1, spans[k].start,
                                 spans[k].end);
        else
            pos = spans[k].end;
    int rc = xliff_project_add_file(p, original, NULL, NULL, err);
    if (rc != ANV_OK)
        return rc;
    size_t f = p->n_files - 1;
    strbuf before = STRBUF_INIT, raw = STRBUF_INIT, canon = STRBUF_INIT;
    pos = bom ? 3 : 0;
    for (size_t k = 0; k < n && rc == ANV_OK; k++) {
        strbuf_clear(&before);
        strbuf_clear(&raw);
        strbuf_clear(&canon);
        const xliff_span *sp = &spans[k];
        if (strbuf_append(&before, doc + pos, sp->start - pos) != ANV_OK ||
            strbuf_append(&raw, doc + sp->start, sp->end - sp->start) !=
                ANV_OK) {
            rc = oom(err);
            break;
        }
        if ((rc = append_canonical(&canon, raw.data, raw.len, err)) !=
            ANV_OK)
            break;
        if (strcmp(canon.data, sp->source) != 0) {
            rc = anv_error_set(err, ANV_EINVAL, "%s: segment %zu does not "
                               "match the document's bytes %zu..%zu",
                               original, k + 1, sp->start, sp->end);
            break;
        }
        rc = xliff_project_add_unit(p, before.data, sp->source, raw.data,
                                    err);
        pos = sp->end;
    }
    strbuf_clear(&before);
    if (rc == ANV_OK && strbuf_append(&before, doc + pos, len - pos) != ANV_OK)
        rc = oom(err);
    if (rc == ANV_OK)
        rc = xliff_project_set_file_layout(p, f, bom, before.data, err);
    strbuf_release(&before);
    strbuf_release(&raw);
    strbuf_release(&canon);
    return rc;
}

/* ---- looking -------------------------------------------------------------- */

size_t xliff_project_unit_count(const xliff_project *p)
{
    return p->n_units;
}

const xliff_unit *xliff_project_unit(const xliff_project *p, size_t i)
{
    return i < p->n_units ? &p->units[i]->u : NULL;
}

size_t xliff_project_file_count(const xliff_project *p)
{
    return p->n_files;
}

const xliff_file *xliff_project_file(const xliff_project *p, size_t f)
{
    return f < p->n_files ? &p->files[f] : NULL;
}

size_t xliff_project_find_id(const xliff_project *p, const char *id)
{
    for (size_t i = 0; i < p->n_units; i++)
        if (strcmp(p->units[i]->u.id, id) == 0)
            return i;
    return p->n_units;
}

size_t xliff_project_next_unconfirmed(const xliff_project *p, size_t from)
{
    for (size_t i = from; i < p->n_units; i++)
        if (!xliff_state_is_confirmed(p->units[i]->u.state))
            return i;
    return p->n_units;
}

size_t xliff_project_next_same_source(const xliff_project *p, size_t i,
                                      size_t from)
{
    if (i >= p->n_units)
        return p->n_units;
    const char *s = p->units[i]->u.source;
    for (size_t j = from; j < p->n_units; j++)
        if (j != i && strcmp(p->units[j]->u.source, s) == 0)
            return j;
    return p->n_units;
}

int xliff_project_count(xliff_project *p, size_t file, word_splitter *ws,
                        xliff_counts *out, anv_error *err)
{
    memset(out, 0, sizeof *out);
    size_t first = 0, n = p->n_units;
    if (file != XLIFF_ALL_FILES) {
        if (file >= p->n_files)
            return anv_error_set(err, ANV_EINVAL, "no file %zu", file + 1);
        first = p->files[file].first_unit;
        n = p->files[file].n_units;
    }
    for (size_t i = first; i < first + n; i++) {
        unit_rec *r = rec_at(p, i);
        if (!r->words_known) {
            anv_error e;
            anv_error_clear(&e);
            size_t w = word_splitter_count(ws, r->u.source,
                                           strlen(r->u.source), &e);
            if (e.code != ANV_OK) {
                if (err)
                    *err = e;
                return e.code;
            }
            r->words = w;
            r->words_known = 1;
        }
        out->units[r->u.state]++;
        out->words[r->u.state] += r->words;
        out->total_units++;
        out->total_words += r->words;
        if (xliff_state_is_confirmed(r->u.state)) {
            out->confirmed_units++;
            out->confirmed_words += r->words;
        }
    }
    return ANV_OK;
}

/* ---- changing ------------------------------------------------------------- */

static int check_unit(const xliff_project *p, size_t i, anv_error *err)
{
    if (i >= p->n_units)
        return anv_error_set(err, ANV_EINVAL, "no unit %zu (the project has "
                             "%zu)", i + 1, p->n_units);
    return ANV_OK;
}

int xliff_unit_set_target(xliff_project *p, size_t i, const char *target,
                          xliff_state state, xliff_qualifier qualifier,
                          int match_quality, unsigned marks, anv_error *err)
{
    if (check_unit(p, i, err) != ANV_OK)
        return ANV_EINVAL;
    if ((unsigned)state >= XLIFF_STATE_COUNT ||
        (unsigned)qualifier >= XLIFF_QUAL_COUNT)
        return anv_error_set(err, ANV_EINVAL, "bad state or qualifier");
    if ((target == NULL) != (state == XLIFF_STATE_NONE))
        return anv_error_set(err, ANV_EINVAL,
                             target ? "a target needs a state"
                                    : "no target, so no state");
    if (match_quality < -1 || match_quality > 101)
        return anv_error_set(err, ANV_EINVAL, "match quality %d is not in "
                             "0..101", match_quality);
    char what[64];
    if (target && !codes_consistent(target, rec_at(p, i)->u.codes,
                                    rec_at(p, i)->u.n_codes, 0, what,
                                    sizeof what))
        return anv_error_set(err, ANV_EINVAL, "unit %s: the target has "
                             "inline code %s, which the source lacks",
                             rec_at(p, i)->u.id, what);
    char *t = NULL;
    if (target && !(t = strdup(target)))
        return oom(err);
    unit_rec *r = rec_at(p, i);
    free_str(r->u.target);
    r->u.target = t;
    r->u.state = state;
    r->u.qualifier = qualifier;
    r->u.match_quality = match_quality;
    r->u.marks = marks;
    return ANV_OK;
}

int xliff_unit_add_match(xliff_project *p, size_t i, const xliff_match *m,
                         anv_error *err)
{
    if (check_unit(p, i, err) != ANV_OK)
        return ANV_EINVAL;
    if (!m->source || !m->target)
        return anv_error_set(err, ANV_EINVAL, "a match needs a source and a "
                             "target");
    if (m->quality < -1 || m->quality > 101)
        return anv_error_set(err, ANV_EINVAL, "match quality %d is not in "
                             "0..101", m->quality);
    unit_rec *r = rec_at(p, i);
    xliff_match *arr = (xliff_match *)r->u.matches;
    if (grow((void **)&arr, &r->cap_matches, r->u.n_matches + 1,
             sizeof *arr) != ANV_OK)
        return oom(err);
    r->u.matches = arr;
    xliff_match c = {m->quality, dup_or_null(m->origin), strdup(m->source),
                     strdup(m->target), dup_or_null(m->tuid),
                     dup_or_null(m->changedate)};
    if ((m->origin && !c.origin) || !c.source || !c.target ||
        (m->tuid && !c.tuid) || (m->changedate && !c.changedate)) {
        match_strings_free(&c);
        return oom(err);
    }
    arr[r->u.n_matches++] = c;
    return ANV_OK;
}

void xliff_unit_clear_matches(xliff_project *p, size_t i)
{
    if (i < p->n_units)
        free_matches(rec_at(p, i));
}

int xliff_unit_add_note(xliff_project *p, size_t i, const char *from,
                        const char *text, anv_error *err)
{
    if (check_unit(p, i, err) != ANV_OK)
        return ANV_EINVAL;
    if (!text)
        return anv_error_set(err, ANV_EINVAL, "a note needs a text");
    unit_rec *r = rec_at(p, i);
    xliff_note *arr = (xliff_note *)r->u.notes;
    if (grow((void **)&arr, &r->cap_notes, r->u.n_notes + 1, sizeof *arr) !=
        ANV_OK)
        return oom(err);
    r->u.notes = arr;
    xliff_note c = {dup_or_null(from), strdup(text)};
    if ((from && !c.from) || !c.text) {
        note_strings_free(&c);
        return oom(err);
    }
    arr[r->u.n_notes++] = c;
    return ANV_OK;
}

/* ---- join ----------------------------------------------------------------- */

static const char *raw_of(const xliff_unit *u)
{
    return u->source_raw ? u->source_raw : u->source;
}

/* Does the layout between two units end a paragraph?  With one paragraph
 * a line (the default) any line break does; with paragraphs at blank lines
 * a blank line does (a single line break is inside the paragraph).  A
 * joined target could not keep that break, so the exported document would
 * lose lines (memoQ and Trados refuse such joins too).  Line breaks are
 * those text_reader_next splits at: LF, CRLF, CR. */
static int crosses_paragraph(const char *gap, int blank_paragraphs)
{
    int breaks = 0;
    for (const char *s = gap; *s; s++) {
        if (*s == '\r' && s[1] == '\n')
            s++;
        if (*s == '\n' || *s == '\r') {
            if (!blank_paragraphs || ++breaks == 2)
                return 1;
        } else if (*s != ' ' && *s != '\t') {
            breaks = 0;
        }
    }
    return 0;
}

int xliff_project_join(xliff_project *p, size_t i, anv_error *err)
{
    if (check_unit(p, i, err) != ANV_OK)
        return ANV_EINVAL;
    if (i + 1 >= p->n_units)
        return anv_error_set(err, ANV_EINVAL,
                             "unit %zu is the last one; nothing to join",
                             i + 1);
    unit_rec *a = rec_at(p, i), *b = rec_at(p, i + 1);
    if (a->u.file != b->u.file)
        return anv_error_set(err, ANV_EINVAL, "units %zu and %zu are in "
                             "different files", i + 1, i + 2);
    if (crosses_paragraph(b->u.before,
                          p->files[a->u.file].blank_paragraphs))
        return anv_error_set(err, ANV_EINVAL, "units %zu and %zu are in "
                             "different paragraphs; only segments of one "
                             "paragraph can be joined", i + 1, i + 2);
    if (a->u.n_codes || b->u.n_codes ||
        (strcmp(p->files[a->u.file].datatype, "plaintext") != 0 &&
         !text_is_blank(b->u.before, strlen(b->u.before))))
        return anv_error_set(err, ANV_EINVAL, "units %zu and %zu: joining "
                             "segments with inline codes or markup between "
                             "them is not supported", i + 1, i + 2);
    strbuf src = STRBUF_INIT, raw = STRBUF_INIT, tgt = STRBUF_INIT;
    int rc = ANV_OK;
    if (strbuf_append_str(&src, a->u.source) != ANV_OK) {
        rc = oom(err);
        goto out;
    }
    if ((rc = append_canonical(&src, b->u.before, strlen(b->u.before),
                               err)) != ANV_OK)
        goto out;
    if (strbuf_append_str(&src, b->u.source) != ANV_OK ||
        strbuf_append_str(&raw, raw_of(&a->u)) != ANV_OK ||
        strbuf_append_str(&raw, b->u.before) != ANV_OK ||
        strbuf_append_str(&raw, raw_of(&b->u)) != ANV_OK) {
        rc = oom(err);
        goto out;
    }
    const char *ta = a->u.target, *tb = b->u.target;
    if (ta && tb && *ta && *tb) {
        if (strbuf_printf(&tgt, "%s %s", ta, tb) != ANV_OK) {
            rc = oom(err);
            goto out;
        }
    } else if ((ta || tb) &&
               strbuf_append_str(&tgt, ta && *ta ? ta : tb ? tb : "") !=
                   ANV_OK) {
        rc = oom(err);
        goto out;
    }
    xliff_state st = XLIFF_STATE_NONE;
    if (ta || tb) {
        if (ta && tb && xliff_state_is_confirmed(a->u.state) &&
            xliff_state_is_confirmed(b->u.state))
            st = a->u.state < b->u.state ? a->u.state : b->u.state;
        else
            st = XLIFF_STATE_NEEDS_REVIEW_TRANSLATION;
    }
    /* Everything allocated up front, so the swap below cannot fail. */
    char *nsrc = strbuf_detach(&src, NULL);
    int raw_differs = nsrc && strcmp(raw.data, nsrc) != 0;
    char *nraw = raw_differs ? strbuf_detach(&raw, NULL) : NULL;
    char *ntgt = (ta || tb) ? strbuf_detach(&tgt, NULL) : NULL;
    size_t need_notes = a->u.n_notes + b->u.n_notes;
    xliff_note *notes = (xliff_note *)a->u.notes;
    if (!nsrc || (raw_differs && !nraw) || ((ta || tb) && !ntgt) ||
        grow((void **)&notes, &a->cap_notes, need_notes, sizeof *notes) !=
            ANV_OK) {
        free(nsrc);
        free(nraw);
        free(ntgt);
        rc = oom(err);
        goto out;
    }
    a->u.notes = notes;
    if (b->u.n_notes)
        memcpy(notes + a->u.n_notes, b->u.notes,
               b->u.n_notes * sizeof *notes);
    a->u.n_notes = need_notes;
    free((void *)b->u.notes);
    b->u.notes = NULL;
    b->u.n_notes = 0;
    free_str(a->u.source);
    free_str(a->u.source_raw);
    free_str(a->u.target);
    a->u.source = nsrc;
    a->u.source_raw = nraw;
    a->u.target = ntgt;
    a->u.state = st;
    a->u.qualifier = XLIFF_QUAL_NONE;
    a->u.match_quality = -1;
    a->u.marks = 0;
    a->words_known = 0;
    free_matches(a);
    size_t f = a->u.file;
    remove_rec(p, i + 1);
    shift_files(p, f, -1);
out:
    strbuf_release(&src);
    strbuf_release(&raw);
    strbuf_release(&tgt);
    return rc;
}

/* ---- split ---------------------------------------------------------------- */

/* Raw offsets of canonical offsets `ca` and `cb` in `raw` (whose canonical
 * form must be `canon`).  Returns ANV_OK, or ANV_EINVAL when a cut does
 * not fall on a normalisation boundary of the raw text. */
static int raw_offsets(const char *raw, const char *canon, size_t ca,
                       size_t cb, size_t *ra, size_t *rb, anv_error *err)
{
    UErrorCode uerr = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&uerr);
    if (U_FAILURE(uerr))
        return anv_error_set(err, ANV_EINTERNAL, "ICU NFC: %s",
                             u_errorName(uerr));
    size_t n = strlen(raw);
    strbuf acc = STRBUF_INIT;
    int found_a = 0, found_b = 0, rc = ANV_OK;
    size_t chunk = 0, i = 0;
    while (i <= n) {
        size_t at = i;
        UChar32 c = 0;
        if (i < n)
            U8_NEXT(raw, i, n, c);
        int boundary = at == n || at == 0 ||
                       (unorm2_hasBoundaryBefore(nfc, c) &&
                        !(c == '\n' && raw[at - 1] == '\r'));
        if (!boundary)
            continue;
        if (at > chunk) {
            if ((rc = append_canonical(&acc, raw + chunk, at - chunk, err)) !=
                ANV_OK)
                goto out;
            chunk = at;
        }
        if (!found_a && acc.len == ca) {
            *ra = at;
            found_a = 1;
        }
        if (!found_b && acc.len == cb) {
            *rb = at;
            found_b = 1;
        }
        if (at == n)
            break;
    }
    if (strcmp(acc.data ? acc.data : "", canon) != 0)
        rc = anv_error_set(err, ANV_EINVAL, "the unit's document text does "
                           "not match its source");
    else if (!found_a || !found_b)
        rc = anv_error_set(err, ANV_EINVAL, "cannot split inside a "
                           "character of the original text");
out:
    strbuf_release(&acc);
    return rc;
}

/* 1 when `off` is a grapheme cluster boundary of s (ICU): a split must
 * never separate a vowel sign, virama or nukta from its letter. */
static int is_cluster_boundary(const char *s, size_t off, anv_error *err)
{
    UErrorCode uerr = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, (int64_t)strlen(s), &uerr);
    UBreakIterator *bi = ubrk_open(UBRK_CHARACTER, "hi", NULL, 0, &uerr);
    int yes = 0;
    if (U_SUCCESS(uerr))
        ubrk_setUText(bi, ut, &uerr);
    if (U_SUCCESS(uerr))
        yes = ubrk_isBoundary(bi, (int32_t)off) != 0;
    else
        anv_error_set(err, ANV_EINTERNAL, "ICU break iterator: %s",
                      u_errorName(uerr));
    ubrk_close(bi);
    utext_close(ut);
    return U_SUCCESS(uerr) ? yes : -1;
}

int xliff_project_split(xliff_project *p, size_t i, size_t offset,
                        anv_error *err)
{
    if (check_unit(p, i, err) != ANV_OK)
        return ANV_EINVAL;
    unit_rec *r = rec_at(p, i);
    const char *s = r->u.source;
    size_t n = strlen(s);
    if (r->u.n_codes)
        return anv_error_set(err, ANV_EINVAL, "unit %s: splitting a segment "
                             "with inline codes is not supported", r->u.id);
    if (offset == 0 || offset >= n)
        return anv_error_set(err, ANV_EINVAL, "split point %zu is not "
                             "inside the segment (1..%zu)", offset,
                             n ? n - 1 : 0);
    int cb = U8_IS_TRAIL(s[offset]) ? 0 : is_cluster_boundary(s, offset, err);
    if (cb < 0)
        return ANV_EINTERNAL;
    if (!cb)
        return anv_error_set(err, ANV_EINVAL, "split point %zu is inside a "
                             "character", offset);
    /* Whitespace around the cut becomes layout. */
    size_t a = offset, b = offset;
    while (a > 0) {
        int32_t k = (int32_t)a;
        UChar32 c;
        U8_PREV(s, 0, k, c);
        if (c < 0 || !u_isUWhiteSpace(c))
            break;
        a = (size_t)k;
    }
    while (b < n) {
        size_t k = b;
        UChar32 c;
        U8_NEXT(s, k, n, c);
        if (c < 0 || !u_isUWhiteSpace(c))
            break;
        b = k;
    }
    if (a == 0 || b == n)
        return anv_error_set(err, ANV_EINVAL, "splitting at %zu would leave "
                             "an empty segment", offset);
    const char *raw = raw_of(&r->u);
    size_t ra = a, rb = b;
    if (r->u.source_raw &&
        raw_offsets(raw, s, a, b, &ra, &rb, err) != ANV_OK)
        return ANV_EINVAL;
    char *left = strndup(s, a), *right = strndup(s + b, n - b);
    char *left_raw = strndup(raw, ra), *mid = strndup(raw + ra, rb - ra);
    char *right_raw = strdup(raw + rb);
    char *id = new_id(p);
    unit_rec *nr = NULL;
    if (!left || !right || !left_raw || !mid || !right_raw || !id ||
        !(nr = insert_rec(p, i + 1))) {
        free(left);
        free(right);
        free(left_raw);
        free(mid);
        free(right_raw);
        free(id);
        return oom(err);
    }
    r = rec_at(p, i); /* the array may have moved */
    nr->u.file = r->u.file;
    nr->u.id = id;
    nr->u.before = mid;
    nr->u.source = right;
    if (strcmp(right_raw, right) != 0) {
        nr->u.source_raw = right_raw;
    } else {
        free(right_raw);
    }
    free_str(r->u.source);
    free_str(r->u.source_raw);
    r->u.source = left;
    if (strcmp(left_raw, left) != 0) {
        r->u.source_raw = left_raw;
    } else {
        r->u.source_raw = NULL;
        free(left_raw);
    }
    if (r->u.target && xliff_state_is_confirmed(r->u.state))
        r->u.state = XLIFF_STATE_NEEDS_REVIEW_TRANSLATION;
    r->u.qualifier = XLIFF_QUAL_NONE;
    r->u.match_quality = -1;
    r->u.marks = 0;
    r->words_known = 0;
    free_matches(r);
    shift_files(p, r->u.file, +1);
    return ANV_OK;
}
