/*
 * xliff_tmx.c - confirmed units of a project as TMX units (see
 * xliff_tmx.h).
 *
 * One pass over the units in document order.  For each confirmed unit the
 * two texts are made NFC, and their <seg> content escaped, with the
 * characters XML forbids left out (tmx_append_seg_text; XLIFF can hold a
 * few that TMX cannot, e.g. U+FFFE), into scratch buffers reused for every
 * unit; the props and notes go into an "extra" blob (tmx_unit.h).  The
 * tmx_unit handed to the callback points into those buffers.
 */
#include "project/xliff_tmx.h"

#include <string.h>

#include "base/fileio.h"
#include "base/strbuf.h"
#include "text/icode.h"
#include "text/text.h"
#include "tm/tmx_unit.h"
#include "tm/tmx_write.h"

typedef struct side {
    strbuf nfc, plain, seg;
    int has_tags;
} side;

typedef struct builder {
    side src, tgt;
    strbuf extra, tmp;
    long dropped;
} builder;

static void builder_release(builder *b)
{
    side *s[2] = {&b->src, &b->tgt};
    for (int i = 0; i < 2; i++) {
        strbuf_release(&s[i]->nfc);
        strbuf_release(&s[i]->plain);
        strbuf_release(&s[i]->seg);
    }
    strbuf_release(&b->extra);
    strbuf_release(&b->tmp);
}

/* The <seg> content of text with inline codes: each code a TMX element
 * holding its markup from `codes` (a pair's halves share i and x, as
 * bpt/ept; a half alone is <it pos>; an isolated code <ph x>).  Returns
 * the characters dropped, or -1 when out of memory. */
static long append_coded_seg(strbuf *seg, const char *t, size_t n,
                             const icode *codes, size_t n_codes)
{
    long dropped = 0, d;
    size_t pos = 0;
    icode_piece pc;
    while (icode_next_piece(t, n, &pos, &pc)) {
        if (!pc.is_code) {
            if ((d = tmx_append_seg_text(seg, pc.text, pc.len)) < 0)
                return -1;
            dropped += d;
            continue;
        }
        const icode *c = icode_find(codes, n_codes, pc.kind, pc.id);
        int paired = icode_has_partner(t, n, pc.kind, pc.id);
        const char *el = pc.kind == ICODE_ISOLATED ? "ph"
                         : !paired                 ? "it"
                         : pc.kind == ICODE_OPEN   ? "bpt" : "ept";
        int rc;
        if (pc.kind == ICODE_ISOLATED)
            rc = strbuf_printf(seg, "<ph x=\"%u\">", pc.id);
        else if (!paired)
            rc = strbuf_printf(seg, "<it pos=\"%s\" x=\"%u\">",
                               pc.kind == ICODE_OPEN ? "begin" : "end", pc.id);
        else if (pc.kind == ICODE_OPEN)
            rc = strbuf_printf(seg, "<bpt i=\"%u\" x=\"%u\">", pc.id, pc.id);
        else
            rc = strbuf_printf(seg, "<ept i=\"%u\">", pc.id);
        const char *data = c ? c->data : "";
        if (rc != ANV_OK || tmx_append_seg_text(seg, data, strlen(data)) < 0 ||
            strbuf_printf(seg, "</%s>", el) != ANV_OK)
            return -1;
    }
    return dropped;
}

/* Fill side `s` from text (NFC and XML-safe; inline codes as TMX
 * elements with the markup of `codes`).  Returns ANV_OK, or ANV_EINVAL
 * when nothing but blanks is left. */
static int make_side(builder *b, side *s, const char *text,
                     const icode *codes, size_t n_codes, anv_error *err)
{
    strbuf_clear(&s->nfc);
    strbuf_clear(&s->plain);
    strbuf_clear(&s->seg);
    int rc = text_append_nfc(&s->nfc, text, strlen(text), err);
    if (rc != ANV_OK)
        return rc;
    const char *t = s->nfc.data ? s->nfc.data : "";
    s->has_tags = icode_count(t, s->nfc.len) > 0;
    long dropped;
    if (s->has_tags) {
        strbuf_clear(&b->tmp);
        if (icode_replace(&b->tmp, t, s->nfc.len, TMX_TAG_CHAR) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        dropped = tmx_append_xml_safe(&s->plain, b->tmp.data, b->tmp.len);
    } else {
        dropped = tmx_append_xml_safe(&s->plain, t, s->nfc.len);
    }
    long dropped_seg =
        dropped < 0    ? dropped
        : s->has_tags  ? append_coded_seg(&s->seg, t, s->nfc.len, codes,
                                          n_codes)
                       : tmx_append_seg_text(&s->seg, t, s->nfc.len);
    /* Both buffers also need a NUL-terminated "" when the text is empty. */
    if (dropped < 0 || dropped_seg < 0 ||
        strbuf_append(&s->plain, "", 0) != ANV_OK ||
        strbuf_append(&s->seg, "", 0) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    b->dropped += dropped;
    return text_is_blank(s->plain.data, s->plain.len) ? ANV_EINVAL : ANV_OK;
}

/* b->tmp = text without the characters XML forbids (NUL-terminated),
 * inline codes as TMX placeholders. */
static int xml_safe_tmp(builder *b, const char *text)
{
    strbuf plain = STRBUF_INIT;
    if (icode_replace(&plain, text, strlen(text), TMX_TAG_CHAR) != ANV_OK) {
        strbuf_release(&plain);
        return ANV_ENOMEM;
    }
    strbuf_clear(&b->tmp);
    long d = tmx_append_xml_safe(&b->tmp, plain.data ? plain.data : "",
                                 plain.len);
    strbuf_release(&plain);
    if (d < 0 || strbuf_append(&b->tmp, "", 0) != ANV_OK)
        return ANV_ENOMEM;
    return ANV_OK;
}

/* A prop with a neighbour's source, XML-safe. */
static int add_context(builder *b, const char *type, const char *source)
{
    if (xml_safe_tmp(b, source) != ANV_OK)
        return ANV_ENOMEM;
    return tmx_extra_add_prop(&b->extra, type, NULL, NULL, b->tmp.data);
}

/* Props (neighbours) and notes of unit i of file f. */
static int make_extra(builder *b, const xliff_project *p, const xliff_file *f,
                      size_t i)
{
    const xliff_unit *u = xliff_project_unit(p, i);
    strbuf_clear(&b->extra);
    int rc = ANV_OK;
    /* Always both props, "" at a document edge: the pair is what the
     * matcher compares for an in-context (101) match (tmx_unit.h). */
    rc = add_context(b, TMX_PROP_CONTEXT_PREV,
                     i > f->first_unit ? xliff_project_unit(p, i - 1)->source
                                       : "");
    if (rc == ANV_OK)
        rc = add_context(b, TMX_PROP_CONTEXT_NEXT,
                         i + 1 < f->first_unit + f->n_units
                             ? xliff_project_unit(p, i + 1)->source
                             : "");
    for (size_t k = 0; rc == ANV_OK && k < u->n_notes; k++) {
        const xliff_note *n = &u->notes[k];
        if (n->from && strcmp(n->from, "anuvad") == 0)
            continue;
        if (xml_safe_tmp(b, n->text) != ANV_OK)
            return ANV_ENOMEM;
        if (!text_is_blank(b->tmp.data, b->tmp.len))
            rc = tmx_extra_add_note(&b->extra, NULL, NULL, b->tmp.data);
    }
    return rc;
}

static void init_tuv(tmx_tuv *t, const char *lang, const side *s)
{
    memset(t, 0, sizeof *t);
    t->lang = lang;
    t->plain = s->plain.data;
    t->plain_len = s->plain.len;
    t->seg = s->seg.data;
    t->seg_len = s->seg.len;
    t->has_tags = s->has_tags;
    tmx_meta_init(&t->meta);
}

/* The options when the caller gives none: no date, no author. */
static const xliff_tmx_opts no_opts = {TMX_NO_DATE, NULL};

int xliff_project_tmx_units(const xliff_project *p, const xliff_tmx_opts *o,
                            xliff_tmx_fn fn, void *ctx,
                            xliff_tmx_counts *counts, anv_error *err)
{
    if (!o)
        o = &no_opts;
    xliff_tmx_counts c;
    memset(&c, 0, sizeof c);
    builder b;
    memset(&b, 0, sizeof b);
    int rc = ANV_OK;
    size_t nf = xliff_project_file_count(p);
    for (size_t fi = 0; fi < nf && rc == ANV_OK; fi++) {
        const xliff_file *f = xliff_project_file(p, fi);
        for (size_t i = f->first_unit;
             i < f->first_unit + f->n_units && rc == ANV_OK; i++) {
            const xliff_unit *u = xliff_project_unit(p, i);
            c.units++;
            if (!u->target || !xliff_state_is_confirmed(u->state)) {
                c.unconfirmed++;
                continue;
            }
            /* ANV_EINVAL: a side is blank; other codes are errors */
            int a = make_side(&b, &b.src, u->source, u->codes, u->n_codes,
                              err);
            int t = a == ANV_OK || a == ANV_EINVAL
                        ? make_side(&b, &b.tgt, u->target, u->codes,
                                    u->n_codes, err)
                        : a;
            if (t != ANV_OK && t != ANV_EINVAL) {
                rc = t;
                break;
            }
            if (a == ANV_EINVAL || t == ANV_EINVAL) {
                c.empty++;
                continue;
            }
            if (make_extra(&b, p, f, i) != ANV_OK) {
                rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
                break;
            }
            tmx_tuv tuvs[2];
            init_tuv(&tuvs[0], f->source_language, &b.src);
            init_tuv(&tuvs[1], f->target_language, &b.tgt);
            tmx_unit unit;
            memset(&unit, 0, sizeof unit);
            tmx_meta_init(&unit.meta);
            unit.meta.creationdate = unit.meta.changedate = o->date;
            unit.meta.creationid = unit.meta.changeid = o->author;
            unit.meta.extra = b.extra.len ? b.extra.data : NULL;
            unit.meta.extra_len = b.extra.len;
            unit.tuvs = tuvs;
            unit.n_tuvs = 2;
            c.confirmed++;
            rc = fn(ctx, &unit, i, err);
        }
    }
    c.dropped = b.dropped;
    builder_release(&b);
    if (counts)
        *counts = c;
    return rc;
}

static int write_unit(void *ctx, const tmx_unit *u, size_t index,
                      anv_error *err)
{
    (void)index;
    return tmx_writer_unit(ctx, u, err);
}

/* The files' common source language, or "*all*". */
static const char *header_srclang(const xliff_project *p)
{
    size_t nf = xliff_project_file_count(p);
    const char *lang = nf ? xliff_project_file(p, 0)->source_language
                          : "*all*";
    for (size_t f = 1; f < nf; f++)
        if (strcmp(xliff_project_file(p, f)->source_language, lang) != 0)
            return "*all*";
    return lang;
}

int xliff_project_export_tmx(const xliff_project *p, const char *path,
                             const xliff_tmx_opts *o,
                             xliff_tmx_counts *counts, anv_error *err)
{
    if (!o)
        o = &no_opts;
    atomic_file *af = atomic_file_open(path, err);
    if (!af)
        return err ? err->code : ANV_EIO;
    const char *name = strcmp(path, "-") == 0 ? "<stdout>" : path;
    tmx_writer *w = tmx_writer_new(atomic_file_stream(af), name, err);
    int rc = w ? ANV_OK : (err ? err->code : ANV_ENOMEM);
    tmx_write_header h = {header_srclang(p), NULL, o->date, NULL, 0};
    if (rc == ANV_OK)
        rc = tmx_writer_begin(w, &h, err);
    xliff_tmx_counts c;
    memset(&c, 0, sizeof c);
    if (rc == ANV_OK)
        rc = xliff_project_tmx_units(p, o, write_unit, w, &c, err);
    if (rc == ANV_OK)
        rc = tmx_writer_end(w, err);
    if (w)
        c.dropped += tmx_writer_dropped(w);
    tmx_writer_free(w);
    if (rc != ANV_OK) {
        atomic_file_abort(af);
        return rc;
    }
    rc = atomic_file_commit(af, NULL, err);
    if (counts)
        *counts = c;
    return rc;
}
