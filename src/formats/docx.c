/*
 * docx.c - the DOCX (Word, Office Open XML) filter.
 *
 * A .docx is a ZIP (zipparts.c) of XML parts.  The parts that carry text
 * are word/document.xml, the headers and footers (word/header*.xml,
 * word/footer*.xml), footnotes, endnotes and comments, and the title in
 * docProps/core.xml; every other entry is copied unchanged on export.
 * Each part is read as events with exact bytes (xmlev.c), and every
 * paragraph (w:p) becomes a unit:
 *
 *   - its text is the content of the w:t elements of its runs (w:r);
 *     the bytes between two pieces of text (run ends and starts, run
 *     properties, tabs, breaks, fields ...) are *markup*;
 *   - each piece of text has a *format key*: the run's properties
 *     (w:rPr) without what Word adds for itself (w:rsid* attributes,
 *     w:noProof, w:lang), plus the elements the run sits in inside the
 *     paragraph (w:hyperlink r:id="...", w:smartTag ...);
 *   - markup between two pieces with the same key that holds nothing but
 *     run boundaries, spell-check marks (w:proofErr) and
 *     w:lastRenderedPageBreak *vanishes*: the pieces merge into one run
 *     of text, so Word's run fragmentation makes no codes (the bytes
 *     stand for no text: untranslated, they are written back as they
 *     were; translated, the text goes into the first run);
 *   - the key that holds most of the paragraph's text is its *base*;
 *     markup from the base into another key opens a paired code, markup
 *     back to the base closes it, so "{1}bold{/1}" and "{2}a link{/2}"
 *     are pairs; a change from one non-base key to another is cut where
 *     the paragraph's element depth returns to the paragraph (after the
 *     run, or the hyperlink, ends) into a closing and an opening code;
 *   - any other markup (w:tab, w:br, a footnote reference, a bookmark,
 *     an image, a field's w:fldChar and w:instrText) is an isolated code.
 *     Every code is a whole "leave this run, enter that one" stretch of
 *     markup, so any order the translation puts the codes in is still
 *     well-formed XML;
 *   - not translated: hidden text (w:vanish), field instructions
 *     (w:instrText), simple fields (w:fldSimple, kept whole as a code),
 *     deleted text; a text box (w:txbxContent) inside a paragraph ends
 *     the paragraph's unit there, and its own paragraphs are units.
 *
 * Tracked changes (w:ins, w:del, w:moveFrom, w:moveTo, and property
 * changes) are refused, naming the part: the reviewer accepts or rejects
 * them in Word first.
 */
#include "formats/filters.h"
#include "formats/xmlev.h"
#include "formats/zipparts.h"
#include "base/array.h"
#include "base/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* ---- parts ------------------------------------------------------------- */

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

static int has_suffix(const char *s, const char *p)
{
    size_t n = strlen(s), k = strlen(p);
    return n >= k && strcmp(s + n - k, p) == 0;
}

static int docx_wanted(const char *part)
{
    if (strcmp(part, "word/document.xml") == 0 ||
        strcmp(part, "word/footnotes.xml") == 0 ||
        strcmp(part, "word/endnotes.xml") == 0 ||
        strcmp(part, "word/comments.xml") == 0 ||
        strcmp(part, "word/styles.xml") == 0 ||
        strcmp(part, "docProps/core.xml") == 0)
        return 1;
    return (has_prefix(part, "word/header") ||
            has_prefix(part, "word/footer")) &&
           has_suffix(part, ".xml") && !strchr(part + 5, '/');
}

static int docx_unpack(fmt_doc *doc, const char *data, size_t len,
                       anv_error *err)
{
    return fmt_zip_unpack(doc, data, len, docx_wanted, "word/document.xml",
                          FMT_ZIP_PART_LIMIT, err);
}

static const char *part_context(const char *part)
{
    if (has_prefix(part, "word/header"))
        return "header";
    if (has_prefix(part, "word/footer"))
        return "footer";
    if (strcmp(part, "word/footnotes.xml") == 0)
        return "footnote";
    if (strcmp(part, "word/endnotes.xml") == 0)
        return "endnote";
    if (strcmp(part, "word/comments.xml") == 0)
        return "comment";
    return NULL;
}

/* ---- the walk ------------------------------------------------------------- */

typedef struct piece {
    size_t ev;   /* the text event */
    char *key;   /* format key (owned) */
} piece;

typedef struct walker {
    fmt_doc *doc;
    const char *d;
    const xev_list *x;
    const char *context;
    piece *pieces;
    size_t n_pieces, cap_pieces;
} walker;

static int is(const xev *e, xev_type t, const char *name)
{
    return e->type == t && e->name && strcmp(e->name, name) == 0;
}

/* Elements of run properties that do not change how text looks. */
static int ignored_property(const char *name)
{
    return strcmp(name, "w:noProof") == 0 || strcmp(name, "w:lang") == 0 ||
           strcmp(name, "w:rPrChange") == 0;
}

/* Append an element's name and attributes (without w:rsid*) to key. */
static int key_element(strbuf *key, const xev *e)
{
    int rc = strbuf_append(key, "<", 1);
    if (rc == ANV_OK)
        rc = strbuf_append(key, e->name, strlen(e->name));
    for (size_t i = 0; rc == ANV_OK && i < e->n_attrs; i++) {
        if (has_prefix(e->attrs[i].name, "w:rsid"))
            continue;
        rc = strbuf_printf(key, " %s=\"%s\"", e->attrs[i].name,
                            e->attrs[i].value);
    }
    return rc == ANV_OK ? strbuf_append(key, ">", 1) : rc;
}

/* The run properties starting at START event rpr: into key; *hidden
 * when they hide the text. */
static int key_properties(const walker *w, size_t rpr, strbuf *key,
                          int *hidden)
{
    int rc = ANV_OK;
    for (size_t i = rpr + 1; rc == ANV_OK && i < w->x->ev[rpr].match; i++) {
        const xev *e = &w->x->ev[i];
        if (e->type != XEV_START)
            continue;
        if (ignored_property(e->name)) {
            i = e->match;
            continue;
        }
        if (strcmp(e->name, "w:vanish") == 0 ||
            strcmp(e->name, "w:specVanish") == 0) {
            const char *v = xmlev_attr(e, "w:val");
            if (!v || (strcmp(v, "0") != 0 && strcmp(v, "false") != 0))
                *hidden = 1;
        }
        rc = key_element(key, e);
    }
    return rc;
}

static void free_pieces(walker *w)
{
    for (size_t i = 0; i < w->n_pieces; i++)
        free(w->pieces[i].key);
    w->n_pieces = 0;
}

/* Markup between two pieces that is nothing but run boundaries and
 * Word's own marks. */
static int transparent(const walker *w, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const xev *e = &w->x->ev[i];
        if (e->type == XEV_TEXT) {
            for (size_t k = 0; k < e->text_len; k++)
                if (!strchr(" \t\r\n", e->text[k]))
                    return 0;
            continue;
        }
        if (e->type == XEV_OTHER)
            return 0;
        if (is(e, XEV_START, "w:rPr") || is(e, XEV_START, "w:del") ||
            is(e, XEV_START, "w:moveFrom")) {
            i = e->match; /* deleted text (--accept-changes) vanishes */
            continue;
        }
        if (strcmp(e->name, "w:r") != 0 && strcmp(e->name, "w:t") != 0 &&
            strcmp(e->name, "w:ins") != 0 && strcmp(e->name, "w:moveTo") != 0 &&
            strcmp(e->name, "w:proofErr") != 0 &&
            strcmp(e->name, "w:lastRenderedPageBreak") != 0)
            return 0;
    }
    return 1;
}

/* Where the markup between events from..to first returns to the
 * paragraph's level (depth counted from the text, `depth` elements deep
 * under the paragraph); 0 when it never does. */
static size_t split_point(const walker *w, size_t from, size_t to,
                          size_t depth)
{
    long d = (long)depth;
    for (size_t i = from; i < to; i++) {
        const xev *e = &w->x->ev[i];
        if (e->type == XEV_END) {
            if (e->end == e->start)
                continue; /* an empty element's end: no level change */
            if (--d == 0)
                return e->end;
        } else if (e->type == XEV_START && !xmlev_empty(w->x, i)) {
            d++;
        }
    }
    return 0;
}

/* How deep under its paragraph the text event at `ev` sits. */
static size_t depth_of(const walker *w, size_t ev, size_t para)
{
    size_t depth = 0;
    for (size_t i = para + 1; i < ev; i++) {
        const xev *e = &w->x->ev[i];
        if (e->type == XEV_START) {
            if (e->match > ev)
                depth++;
            else
                i = e->match;
        }
    }
    return depth;
}

enum { K_NONE, K_VANISH, K_ISOLATED, K_OPEN, K_CLOSE };

typedef struct boundary {
    int first, second; /* kinds of [start, split) and [split, end) */
    size_t start, split, end;
} boundary;

static int text_piece(walker *w, const xev *e, anv_error *err)
{
    int raw = e->text_len == e->end - e->start &&
              memcmp(w->d + e->start, e->text, e->text_len) == 0;
    return fmt_unit_text(w->doc, e->start, e->end, raw ? NULL : e->text,
                         raw ? 0 : e->text_len, err);
}

static int emit_piece(walker *w, int kind, size_t s, size_t e,
                      unsigned *open_id, anv_error *err)
{
    if (s == e || kind == K_NONE)
        return ANV_OK;
    switch (kind) {
    case K_VANISH:
        return fmt_unit_text(w->doc, s, e, "", 0, err);
    case K_OPEN:
        return fmt_unit_open(w->doc, s, e, open_id, err);
    case K_CLOSE:
        return fmt_unit_close(w->doc, s, e, *open_id, err);
    default:
        return fmt_unit_isolated(w->doc, s, e, err);
    }
}

/* The collected pieces of one paragraph (or of the part of it before or
 * after a text box) as one unit. */
static int flush_unit(walker *w, size_t para, anv_error *err)
{
    size_t n = w->n_pieces;
    if (n == 0)
        return ANV_OK;
    const xev *ev = w->x->ev;
    /* the base key: the one holding most text */
    size_t base = 0, best = 0;
    for (size_t i = 0; i < n; i++) {
        size_t bytes = 0;
        for (size_t k = 0; k < n; k++)
            if (strcmp(w->pieces[k].key, w->pieces[i].key) == 0)
                bytes += ev[w->pieces[k].ev].text_len;
        if (bytes > best) {
            best = bytes;
            base = i;
        }
    }
    const char *bkey = w->pieces[base].key;
    boundary *b = calloc(n, sizeof *b);
    if (!b)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    /* plan: which markup opens, closes, vanishes */
    int opened = 0;
    size_t open_at = 0;
    int *open_slot = NULL;
    for (size_t k = 0; k + 1 < n; k++) {
        const piece *p = &w->pieces[k], *q = &w->pieces[k + 1];
        boundary *bd = &b[k];
        bd->start = ev[p->ev].end;
        bd->end = ev[q->ev].start;
        bd->split = bd->end;
        bd->first = bd->second = K_NONE;
        if (bd->start == bd->end)
            continue;
        int same = strcmp(p->key, q->key) == 0;
        int from_base = strcmp(p->key, bkey) == 0;
        int to_base = strcmp(q->key, bkey) == 0;
        if (same) {
            bd->first = transparent(w, p->ev + 1, q->ev) ? K_VANISH
                                                          : K_ISOLATED;
        } else if (from_base) {
            bd->first = K_OPEN;
            opened = 1;
            open_at = k;
            open_slot = &bd->first;
        } else if (to_base) {
            bd->first = opened ? K_CLOSE : K_ISOLATED;
            opened = 0;
        } else {
            size_t s = split_point(w, p->ev + 1, q->ev,
                                   depth_of(w, p->ev, para));
            if (s > bd->start && s < bd->end) {
                if (!opened)
                    bd->first = K_ISOLATED;
                else
                    bd->first = K_CLOSE;
                bd->split = s;
                bd->second = K_OPEN;
                opened = 1;
                open_at = k;
                open_slot = &bd->second;
            } else {
                if (opened && open_slot)
                    *open_slot = K_ISOLATED;
                bd->first = K_ISOLATED;
                opened = 0;
            }
        }
    }
    if (opened && open_slot)
        *open_slot = K_ISOLATED; /* closed outside the unit */
    (void)open_at;
    int rc = fmt_unit_begin(w->doc, w->context, 0, err);
    unsigned open_id = 0;
    for (size_t k = 0; rc == ANV_OK && k < n; k++) {
        rc = text_piece(w, &ev[w->pieces[k].ev], err);
        if (rc == ANV_OK && k + 1 < n)
            rc = emit_piece(w, b[k].first, b[k].start, b[k].split, &open_id,
                            err);
        if (rc == ANV_OK && k + 1 < n)
            rc = emit_piece(w, b[k].second, b[k].split, b[k].end, &open_id,
                            err);
    }
    if (rc == ANV_OK)
        rc = fmt_unit_end(w->doc, err);
    else
        fmt_unit_cancel(w->doc);
    free(b);
    free_pieces(w);
    return rc;
}

static int paragraph(walker *w, size_t para, anv_error *err);

/* Inserted text (w:ins, w:moveTo; read with --accept-changes) is text
 * like any other: the insertion is not part of its format key. */
static int is_insertion(const xev *e)
{
    return strcmp(e->name, "w:ins") == 0 || strcmp(e->name, "w:moveTo") == 0;
}

static int add_piece(walker *w, size_t ev, const strbuf *key,
                     anv_error *err)
{
    if (array_grow(&w->pieces, &w->cap_pieces, w->n_pieces + 1,
                   sizeof *w->pieces) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    piece *p = &w->pieces[w->n_pieces];
    p->ev = ev;
    p->key = strdup(key->data ? key->data : "");
    if (!p->key)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    w->n_pieces++;
    return ANV_OK;
}

/* Paragraphs inside events from..to (a text box's content). */
static int paragraphs_in(walker *w, size_t from, size_t to, anv_error *err)
{
    int rc = ANV_OK;
    for (size_t i = from; rc == ANV_OK && i < to; i++)
        if (is(&w->x->ev[i], XEV_START, "w:p")) {
            rc = paragraph(w, i, err);
            i = w->x->ev[i].match;
        }
    return rc;
}

/* One w:p starting at event para. */
static int paragraph(walker *w, size_t para, anv_error *err)
{
    const xev *ev = w->x->ev;
    size_t end = ev[para].match;
    /* a text box's paragraph: its enclosing paragraph's pieces were
     * made a unit before (flush_unit), so w->pieces is empty here */
    strbuf wrap = STRBUF_INIT, key = STRBUF_INIT;
    int rc = ANV_OK, hidden = 0;
    size_t run = 0; /* the w:r we are in (0: none) */
    for (size_t i = para + 1; rc == ANV_OK && i < end; i++) {
        const xev *e = &ev[i];
        if (e->type != XEV_START)
            continue;
        if (strcmp(e->name, "w:txbxContent") == 0) {
            rc = flush_unit(w, para, err);
            if (rc == ANV_OK)
                rc = paragraphs_in(w, i + 1, e->match, err);
            i = e->match;
        } else if (strcmp(e->name, "w:del") == 0 ||
                   strcmp(e->name, "w:moveFrom") == 0) {
            i = e->match; /* deleted text (--accept-changes): not text */
        } else if (strcmp(e->name, "w:fldSimple") == 0 ||
                   strcmp(e->name, "w:instrText") == 0 ||
                   strcmp(e->name, "w:delText") == 0 ||
                   strcmp(e->name, "w:pPr") == 0) {
            i = e->match; /* markup: never text */
        } else if (strcmp(e->name, "w:r") == 0) {
            /* the run's key: the elements around it, then its rPr */
            strbuf_clear(&wrap);
            for (size_t k = para + 1; rc == ANV_OK && k < i; k++)
                if (ev[k].type == XEV_START) {
                    if (ev[k].match > i && !is_insertion(&ev[k]))
                        rc = key_element(&wrap, &ev[k]);
                    else
                        k = ev[k].match;
                }
            strbuf_clear(&key);
            if (rc == ANV_OK)
                rc = strbuf_append(&key, wrap.data ? wrap.data : "",
                                   wrap.len);
            if (rc == ANV_OK)
                rc = strbuf_append(&key, "|", 1);
            hidden = 0;
            size_t j = i + 1;
            while (j < e->match && ev[j].type == XEV_TEXT)
                j++;
            if (rc == ANV_OK && is(&ev[j], XEV_START, "w:rPr"))
                rc = key_properties(w, j, &key, &hidden);
            run = i;
        } else if (strcmp(e->name, "w:t") == 0 && run && !hidden &&
                   ev[run].match > i) {
            for (size_t k = i + 1; rc == ANV_OK && k < e->match; k++)
                if (ev[k].type == XEV_TEXT && ev[k].end > ev[k].start)
                    rc = add_piece(w, k, &key, err);
            i = e->match;
        }
    }
    if (rc == ANV_OK)
        rc = flush_unit(w, para, err);
    free_pieces(w);
    strbuf_release(&wrap);
    strbuf_release(&key);
    return rc;
}

/* ---- reading a part ---------------------------------------------------- */

static const char *const tracked[] = {
    "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange",
    "w:pPrChange", "w:sectPrChange", "w:tblPrChange", "w:trPrChange",
    "w:tcPrChange", "w:numberingChange", NULL};

static int check_tracked(const fmt_doc *doc, const xev_list *x,
                         anv_error *err)
{
    const char *part = doc->parts[doc->part].name;
    if (doc->flags & FMT_ACCEPT_CHANGES)
        return ANV_OK;
    for (size_t i = 0; i < x->n; i++) {
        if (x->ev[i].type != XEV_START)
            continue;
        for (const char *const *t = tracked; *t; t++)
            if (strcmp(x->ev[i].name, *t) == 0)
                return anv_error_set(err, ANV_EINVAL,
                                     "%s: not supported: tracked changes "
                                     "(%s) in %s: accept or reject them in "
                                     "Word first, or give --accept-changes",
                                     doc->name, *t, part);
    }
    return ANV_OK;
}

/* docProps/core.xml: the title. */
static int read_core(fmt_doc *doc, const xev_list *x, anv_error *err)
{
    int rc = ANV_OK;
    for (size_t i = 0; rc == ANV_OK && i < x->n; i++) {
        const xev *e = &x->ev[i];
        if (!is(e, XEV_START, "dc:title") || xmlev_empty(x, i))
            continue;
        rc = fmt_unit_begin(doc, "title", FMT_UNIT_WHOLE, err);
        for (size_t k = i + 1; rc == ANV_OK && k < e->match; k++) {
            const xev *t = &x->ev[k];
            int raw = t->text_len == t->end - t->start &&
                      memcmp(doc->parts[doc->part].data + t->start, t->text,
                             t->text_len) == 0;
            if (t->type == XEV_TEXT)
                rc = fmt_unit_text(doc, t->start, t->end,
                                   raw ? NULL : t->text,
                                   raw ? 0 : t->text_len, err);
        }
        if (rc == ANV_OK)
            rc = fmt_unit_end(doc, err);
        i = e->match;
    }
    return rc;
}

/* word/styles.xml: no text, but the document's default language
 * (w:docDefaults/w:rPrDefault/w:rPr/w:lang w:val), which export sets to
 * the target language.  w:val is the language of Latin-script text;
 * Devanagari text goes by w:bidi (complex script) and keeps "hi-IN", so
 * text left untranslated is still Hindi to Word. */
static int read_styles(fmt_doc *doc, const xev_list *x)
{
    const char *d = doc->parts[doc->part].data;
    int in_defaults = 0;
    for (size_t i = 0; i < x->n; i++) {
        const xev *e = &x->ev[i];
        if (is(e, XEV_START, "w:docDefaults"))
            in_defaults = 1;
        else if (is(e, XEV_END, "w:docDefaults"))
            return ANV_OK;
        if (!in_defaults || !is(e, XEV_START, "w:lang") ||
            !xmlev_attr(e, "w:val"))
            continue;
        /* the value's bytes: after ' w:val="' in the start tag */
        const char *v = xmlev_attr(e, "w:val");
        for (size_t k = e->start; k + 8 < e->end; k++) {
            if (memcmp(d + k, " w:val=", 7) != 0)
                continue;
            char q = d[k + 7];
            size_t vs = k + 8, n = strlen(v);
            if ((q == '"' || q == '\'') && vs + n < e->end &&
                memcmp(d + vs, v, n) == 0 && d[vs + n] == q && n) {
                doc->lang_part = doc->part;
                doc->lang_start = vs;
                doc->lang_end = vs + n;
            }
            break;
        }
        return ANV_OK;
    }
    return ANV_OK;
}

static int docx_read(fmt_doc *doc, anv_error *err)
{
    const fmt_part *part = &doc->parts[doc->part];
    strbuf name = STRBUF_INIT;
    if (strbuf_printf(&name, "%s: %s", doc->name, part->name) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    xev_list x;
    int rc = xmlev_read(part->data, part->len, name.data, &x, err);
    strbuf_release(&name);
    if (rc != ANV_OK)
        return rc;
    if (strcmp(part->name, "word/styles.xml") == 0) {
        rc = read_styles(doc, &x);
        xmlev_free(&x);
        return rc;
    }
    if (strcmp(part->name, "docProps/core.xml") == 0) {
        rc = read_core(doc, &x, err);
        xmlev_free(&x);
        return rc;
    }
    rc = check_tracked(doc, &x, err);
    walker w = {0};
    w.doc = doc;
    w.d = part->data;
    w.x = &x;
    w.context = part_context(part->name);
    for (size_t i = 0; rc == ANV_OK && i < x.n; i++)
        if (is(&x.ev[i], XEV_START, "w:p")) {
            rc = paragraph(&w, i, err);
            i = x.ev[i].match;
        }
    free_pieces(&w);
    free(w.pieces);
    xmlev_free(&x);
    return rc;
}

/* Text that anuvad wrote may begin or end with a space inside a w:t that
 * had none (the runs it merged put all text in the first one), and Word
 * drops such spaces unless the element says xml:space="preserve"; so in
 * every part the translation changed, each bare <w:t> gets it.  Parts
 * that come back as they were are left alone, byte for byte. */
static int preserve_spaces(const char *data, size_t len, strbuf *out)
{
    static const char bare[] = "<w:t>";
    static const char kept[] = "<w:t xml:space=\"preserve\">";
    size_t from = 0;
    for (size_t i = 0; i + sizeof bare - 1 <= len; i++) {
        if (memcmp(data + i, bare, sizeof bare - 1) != 0)
            continue;
        if (strbuf_append(out, data + from, i - from) != ANV_OK ||
            strbuf_append(out, kept, sizeof kept - 1) != ANV_OK)
            return ANV_ENOMEM;
        from = i + sizeof bare - 1;
    }
    return strbuf_append(out, data + from, len - from);
}

static int docx_pack(const char *original, size_t len, const fmt_part *parts,
                     size_t n_parts, strbuf *out, anv_error *err)
{
    /* the original parts, to see which ones the translation changed */
    fmt_doc orig = {0};
    orig.name = (char *)"document";
    int rc = fmt_zip_unpack(&orig, original, len, docx_wanted, NULL,
                            FMT_ZIP_PART_LIMIT, err);
    fmt_part *fixed = rc == ANV_OK ? calloc(n_parts ? n_parts : 1,
                                            sizeof *fixed)
                                   : NULL;
    strbuf *bufs = fixed ? calloc(n_parts ? n_parts : 1, sizeof *bufs) : NULL;
    if (rc == ANV_OK && !bufs)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    for (size_t k = 0; rc == ANV_OK && k < n_parts; k++) {
        fixed[k] = parts[k];
        const fmt_part *o = NULL;
        for (size_t j = 0; j < orig.n_parts; j++)
            if (strcmp(orig.parts[j].name, parts[k].name) == 0)
                o = &orig.parts[j];
        if (o && o->len == parts[k].len &&
            memcmp(o->data, parts[k].data, o->len) == 0)
            continue;
        if (preserve_spaces(parts[k].data, parts[k].len, &bufs[k]) != ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        fixed[k].data = bufs[k].data ? bufs[k].data : (char *)"";
        fixed[k].len = bufs[k].len;
    }
    if (rc == ANV_OK)
        rc = fmt_zip_pack(original, len, fixed, n_parts, out, err);
    for (size_t k = 0; bufs && k < n_parts; k++)
        strbuf_release(&bufs[k]);
    free(bufs);
    free(fixed);
    for (size_t j = 0; j < orig.n_parts; j++) {
        free(orig.parts[j].name);
        free(orig.parts[j].data);
    }
    free(orig.parts);
    return rc;
}

static const char *const docx_extensions[] = {"docx", NULL};

const fmt_filter fmt_filter_docx = {
    .name = "docx",
    .datatype = "x-docx",
    .extensions = docx_extensions,
    .sniff = NULL,
    .declared_encoding = NULL,
    .read = docx_read,
    .escape = fmt_escape_xml,
    .char_refs = 0,
    .unpack = docx_unpack,
    .pack = docx_pack,
};
