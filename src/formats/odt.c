/*
 * odt.c - the ODT (OpenDocument Text) filter.
 *
 * An .odt is a ZIP (zipparts.c) whose text is in content.xml, whose
 * headers and footers are in styles.xml (style:header, style:footer ...)
 * and whose title is in meta.xml (dc:title); everything else is copied
 * unchanged on export, "mimetype" first and stored.  Each XML part is
 * read as events with exact bytes (xmlev.c).
 *
 * Every paragraph and heading (text:p, text:h: in the body, list items,
 * table cells, frames, notes) is a unit.  Inside it:
 *   - text is text (ODF collapses white space as HTML does, and so does
 *     the builder);
 *   - text:span and text:a become paired codes, except a span whose
 *     automatic style changes nothing visible (LibreOffice's
 *     officeooo:rsid revision marks): its tags vanish, so the editing
 *     history makes no codes;
 *   - text:s, text:tab, text:line-break, text:soft-page-break, bookmarks,
 *     reference marks, fields (page numbers, dates ...) and frames
 *     without text are isolated codes (the whole element);
 *   - a note (text:note), a comment (office:annotation) or a text box
 *     inside a paragraph ends the paragraph's unit there (units cannot
 *     hold one another); its own paragraphs are units, and the
 *     paragraph's text after it is a new unit.  A span that holds such a
 *     thing gives isolated codes instead of a pair.
 * Tracked changes (text:tracked-changes with content) are refused.
 */
#include "formats/filters.h"
#include "formats/xmlev.h"
#include "formats/zipparts.h"
#include "base/array.h"
#include "base/strbuf.h"

#include <stdlib.h>
#include <string.h>

static int odt_wanted(const char *part)
{
    return strcmp(part, "content.xml") == 0 ||
           strcmp(part, "styles.xml") == 0 || strcmp(part, "meta.xml") == 0;
}

static int odt_unpack(fmt_doc *doc, const char *data, size_t len,
                      anv_error *err)
{
    return fmt_zip_unpack(doc, data, len, odt_wanted, "content.xml",
                          FMT_ZIP_PART_LIMIT, err);
}

static int is(const xev *e, xev_type t, const char *name)
{
    return e->type == t && e->name && strcmp(e->name, name) == 0;
}

static int is_block(const xev *e)
{
    return e->type == XEV_START &&
           (strcmp(e->name, "text:p") == 0 || strcmp(e->name, "text:h") == 0);
}

typedef struct walker {
    fmt_doc *doc;
    const char *d;
    const xev_list *x;
    const char *context;
    char **invisible; /* automatic text styles that change nothing seen */
    size_t n_invisible, cap_invisible;
    int in_unit;
} walker;

static int invisible_style(const walker *w, const char *name)
{
    for (size_t i = 0; name && i < w->n_invisible; i++)
        if (strcmp(w->invisible[i], name) == 0)
            return 1;
    return 0;
}

/* Automatic text styles whose only properties are officeooo:* marks. */
static int find_invisible(walker *w, anv_error *err)
{
    const xev_list *x = w->x;
    for (size_t i = 0; i < x->n; i++) {
        const xev *e = &x->ev[i];
        if (!is(e, XEV_START, "style:style"))
            continue;
        const char *family = xmlev_attr(e, "style:family");
        const char *name = xmlev_attr(e, "style:name");
        size_t end = e->match;
        if (!family || strcmp(family, "text") != 0 || !name ||
            e->n_attrs != 2) {
            i = end;
            continue;
        }
        int visible = 0;
        for (size_t k = i + 1; k < end && !visible; k++) {
            const xev *c = &x->ev[k];
            if (c->type != XEV_START)
                continue;
            if (strcmp(c->name, "style:text-properties") != 0) {
                visible = 1;
                break;
            }
            for (size_t a = 0; a < c->n_attrs; a++)
                if (strncmp(c->attrs[a].name, "officeooo:", 10) != 0)
                    visible = 1;
        }
        i = end;
        if (visible)
            continue;
        if (array_grow(&w->invisible, &w->cap_invisible, w->n_invisible + 1,
                       sizeof *w->invisible) != ANV_OK ||
            !(w->invisible[w->n_invisible] = strdup(name)))
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        w->n_invisible++;
    }
    return ANV_OK;
}

static int begin(walker *w, anv_error *err)
{
    if (w->in_unit)
        return ANV_OK;
    w->in_unit = 1;
    return fmt_unit_begin(w->doc, w->context, 0, err);
}

static int finish(walker *w, anv_error *err)
{
    if (!w->in_unit)
        return ANV_OK;
    w->in_unit = 0;
    return fmt_unit_end(w->doc, err);
}

/* Does element i hold paragraphs (a note, a comment, a text box)? */
static int contains_blocks(const xev_list *x, size_t i)
{
    for (size_t k = i + 1; k < x->ev[i].match; k++)
        if (is_block(&x->ev[k]))
            return 1;
    return 0;
}

static int blocks_in(walker *w, size_t from, size_t to, anv_error *err);

/* The content of a paragraph, events from..to (exclusive). */
static int inline_content(walker *w, size_t from, size_t to, anv_error *err)
{
    const xev *ev = w->x->ev;
    int rc = ANV_OK;
    for (size_t i = from; rc == ANV_OK && i < to; i++) {
        const xev *e = &ev[i];
        if (e->type == XEV_TEXT) {
            int raw = e->text_len == e->end - e->start &&
                      memcmp(w->d + e->start, e->text, e->text_len) == 0;
            rc = begin(w, err);
            if (rc == ANV_OK)
                rc = fmt_unit_text(w->doc, e->start, e->end,
                                   raw ? NULL : e->text,
                                   raw ? 0 : e->text_len, err);
            continue;
        }
        if (e->type == XEV_OTHER) {
            if (w->in_unit)
                rc = fmt_unit_isolated(w->doc, e->start, e->end, err);
            continue;
        }
        if (e->type != XEV_START)
            continue; /* ends are handled with their starts */
        const xev *end = &ev[e->match];
        int span = strcmp(e->name, "text:span") == 0 ||
                   strcmp(e->name, "text:a") == 0 ||
                   strcmp(e->name, "text:ruby-base") == 0 ||
                   strcmp(e->name, "text:meta") == 0;
        if (span && strcmp(e->name, "text:span") == 0 &&
            invisible_style(w, xmlev_attr(e, "text:style-name")) &&
            !contains_blocks(w->x, i)) {
            rc = begin(w, err);
            if (rc == ANV_OK)
                rc = fmt_unit_text(w->doc, e->start, e->end, "", 0, err);
            if (rc == ANV_OK)
                rc = inline_content(w, i + 1, e->match, err);
            if (rc == ANV_OK && w->in_unit)
                rc = fmt_unit_text(w->doc, end->start, end->end, "", 0, err);
            i = e->match;
            continue;
        }
        if (span && !xmlev_empty(w->x, i) && !contains_blocks(w->x, i)) {
            unsigned id = 0;
            rc = begin(w, err);
            if (rc == ANV_OK)
                rc = fmt_unit_open(w->doc, e->start, e->end, &id, err);
            if (rc == ANV_OK)
                rc = inline_content(w, i + 1, e->match, err);
            if (rc == ANV_OK)
                rc = fmt_unit_close(w->doc, end->start, end->end, id, err);
            i = e->match;
            continue;
        }
        if (span) {
            /* a span holding a note: its tags are isolated codes */
            if (w->in_unit || (rc = begin(w, err)) == ANV_OK)
                rc = fmt_unit_isolated(w->doc, e->start, e->end, err);
            if (rc == ANV_OK)
                rc = inline_content(w, i + 1, e->match, err);
            if (rc == ANV_OK && end->end > end->start) {
                rc = begin(w, err);
                if (rc == ANV_OK)
                    rc = fmt_unit_isolated(w->doc, end->start, end->end,
                                           err);
            }
            i = e->match;
            continue;
        }
        /* anything else inside text: one isolated code, whole */
        if (contains_blocks(w->x, i)) {
            rc = finish(w, err);
            if (rc == ANV_OK)
                rc = blocks_in(w, i + 1, e->match, err);
        } else {
            rc = begin(w, err);
            if (rc == ANV_OK)
                rc = fmt_unit_isolated(w->doc, e->start, end->end, err);
        }
        i = e->match;
    }
    return rc;
}

/* Paragraphs among events from..to. */
static int blocks_in(walker *w, size_t from, size_t to, anv_error *err)
{
    int rc = ANV_OK;
    for (size_t i = from; rc == ANV_OK && i < to; i++) {
        const xev *e = &w->x->ev[i];
        if (is(e, XEV_START, "text:tracked-changes")) {
            i = e->match; /* the changes' record: deleted text is not text */
            continue;
        }
        if (!is_block(e))
            continue;
        rc = finish(w, err);
        if (rc == ANV_OK)
            rc = inline_content(w, i + 1, e->match, err);
        if (rc == ANV_OK)
            rc = finish(w, err);
        i = e->match;
    }
    return rc;
}

static int check_tracked(const fmt_doc *doc, const xev_list *x,
                         anv_error *err)
{
    if (doc->flags & FMT_ACCEPT_CHANGES)
        return ANV_OK;
    for (size_t i = 0; i < x->n; i++)
        if (is(&x->ev[i], XEV_START, "text:changed-region"))
            return anv_error_set(err, ANV_EINVAL,
                                 "%s: not supported: tracked changes "
                                 "(text:changed-region) in %s: accept or "
                                 "reject them in LibreOffice first, or give "
                                 "--accept-changes",
                                 doc->name, doc->parts[doc->part].name);
    return ANV_OK;
}

/* meta.xml: the title, one segment. */
static int read_title(walker *w, anv_error *err)
{
    const xev_list *x = w->x;
    int rc = ANV_OK;
    for (size_t i = 0; rc == ANV_OK && i < x->n; i++) {
        const xev *e = &x->ev[i];
        if (!is(e, XEV_START, "dc:title"))
            continue;
        rc = fmt_unit_begin(w->doc, "title", FMT_UNIT_WHOLE, err);
        w->in_unit = 1;
        if (rc == ANV_OK)
            rc = inline_content(w, i + 1, e->match, err);
        if (rc == ANV_OK)
            rc = finish(w, err);
        i = e->match;
    }
    return rc;
}

/* The language of the default paragraph style, fo:language="en"
 * fo:country="US" (the language of Latin-script text; Devanagari goes by
 * style:language-complex, which stays Hindi), noted for export to set
 * to the target: the bytes from fo:language to the end of fo:country's
 * value, when the two stand side by side as LibreOffice writes them. */
static void note_language(walker *w, const xev *e)
{
    const char *d = w->d, *lang = xmlev_attr(e, "fo:language"),
               *country = xmlev_attr(e, "fo:country");
    if (!lang || !country)
        return;
    strbuf want = STRBUF_INIT;
    if (strbuf_printf(&want, "fo:language=\"%s\" fo:country=\"%s\"", lang,
                      country) == ANV_OK) {
        for (size_t k = e->start; k + want.len <= e->end; k++)
            if (memcmp(d + k, want.data, want.len) == 0) {
                w->doc->lang_part = w->doc->part;
                w->doc->lang_start = k;
                w->doc->lang_end = k + want.len;
                break;
            }
    }
    strbuf_release(&want);
}

static int odt_render_lang(const char *tag, strbuf *out)
{
    const char *dash = strchr(tag, '-');
    size_t n = dash ? (size_t)(dash - tag) : strlen(tag);
    if (strbuf_append_str(out, "fo:language=\"") != ANV_OK ||
        strbuf_append(out, tag, n) != ANV_OK)
        return ANV_ENOMEM;
    if (dash && strlen(dash + 1) == 2)
        return strbuf_printf(out, "\" fo:country=\"%s\"", dash + 1);
    return strbuf_append_str(out, "\" fo:country=\"none\"");
}

/* styles.xml: the paragraphs of headers and footers (the master
 * pages); the rest of the part is styles, not text. */
static int read_styles(walker *w, anv_error *err)
{
    const xev_list *x = w->x;
    int rc = ANV_OK;
    for (size_t i = 0; i < x->n; i++) {
        const xev *e = &x->ev[i];
        if (!is(e, XEV_START, "style:default-style"))
            continue;
        const char *family = xmlev_attr(e, "style:family");
        for (size_t k = i + 1; family && strcmp(family, "paragraph") == 0 &&
                               k < e->match; k++)
            if (is(&x->ev[k], XEV_START, "style:text-properties"))
                note_language(w, &x->ev[k]);
        i = e->match;
    }
    for (size_t i = 0; rc == ANV_OK && i < x->n; i++) {
        const xev *e = &x->ev[i];
        if (e->type != XEV_START)
            continue;
        if (strncmp(e->name, "style:header", 12) == 0 ||
            strncmp(e->name, "style:footer", 12) == 0) {
            w->context = strncmp(e->name, "style:header", 12) == 0
                             ? "header"
                             : "footer";
            rc = blocks_in(w, i + 1, e->match, err);
            i = e->match;
        }
    }
    return rc;
}

static int odt_read(fmt_doc *doc, anv_error *err)
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
    walker w = {0};
    w.doc = doc;
    w.d = part->data;
    w.x = &x;
    rc = check_tracked(doc, &x, err);
    if (rc == ANV_OK)
        rc = find_invisible(&w, err);
    if (rc == ANV_OK) {
        if (strcmp(part->name, "meta.xml") == 0)
            rc = read_title(&w, err);
        else if (strcmp(part->name, "styles.xml") == 0)
            rc = read_styles(&w, err);
        else
            rc = blocks_in(&w, 0, x.n, err);
    }
    if (rc != ANV_OK && w.in_unit)
        fmt_unit_cancel(doc);
    for (size_t i = 0; i < w.n_invisible; i++)
        free(w.invisible[i]);
    free(w.invisible);
    xmlev_free(&x);
    return rc;
}

static const char *const odt_extensions[] = {"odt", NULL};

const fmt_filter fmt_filter_odt = {
    .name = "odt",
    .datatype = "x-odt",
    .extensions = odt_extensions,
    .sniff = NULL,
    .declared_encoding = NULL,
    .read = odt_read,
    .escape = fmt_escape_xml,
    .char_refs = 0,
    .render_lang = odt_render_lang,
    .unpack = odt_unpack,
    .pack = fmt_zip_pack,
};
