/*
 * markdown.c - the Markdown filter (CommonMark + GitHub tables,
 * strikethrough, task lists), with md4c for the structure.
 *
 * md4c calls back for blocks, spans and text; text callbacks point into
 * the document, so each text run is known by its bytes, but span markers
 * (**, [, ](url)) are not reported with positions: they are the bytes
 * *between* text runs.  The filter therefore notes every callback in a
 * list (text runs with their offsets) and then builds units from it:
 *
 *   - every leaf block with text (paragraph, heading, table cell, tight
 *     list item) is a unit; code blocks (fenced and indented), HTML blocks
 *     and YAML front matter (a first line "---" up to the next "---" or
 *     "...") are skeleton;
 *   - the bytes between two text runs of a unit are: a space when they are
 *     white space or a line break (with a blockquote's "> " or a list's
 *     indentation); an opening code when only spans began there (** [ ![),
 *     a closing code when only spans ended there (** ](url "t")), paired
 *     with the last open one; an isolated code otherwise (a code span
 *     `x`, an autolink <http://...>, inline HTML, a hard break, "**[" where
 *     one span ends and another begins); a backslash escape is kept in
 *     the bytes and left out of the text;
 *   - markers before the first run of a unit and after its last belong to
 *     the unit when spans open or close there: the run of * _ ~ [ ! `
 *     characters before the text, and * _ ~ ` ] and a link's (...) after;
 *   - entities (&amp; &lt; &gt; &quot; &nbsp;) are decoded, others are
 *     isolated codes.
 * Translated text is written with * ` [ ] < escaped by a backslash.
 */
#include "formats/filters.h"
#include "base/array.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include <md4c.h>

typedef enum {
    MEV_BLOCK,  /* a block begins or ends: the current unit ends */
    MEV_ENTER,  /* a span begins */
    MEV_LEAVE,  /* a span ends */
    MEV_TEXT,   /* normal text at [start, end) */
    MEV_CODE,   /* text that is a code: code span, inline HTML, entity */
    MEV_BREAK,  /* a soft line break */
    MEV_HARD    /* a hard line break */
} mev_type;

typedef struct mev {
    mev_type type;
    size_t start, end;  /* MEV_TEXT/MEV_CODE with an offset */
    int skip;           /* inside a code block, HTML block, code span ... */
} mev;

typedef struct md_state {
    const char *d;
    size_t off, len; /* what md4c parses: d[off .. off+len) */
    mev *ev;
    size_t n, cap;
    int raw_block;   /* inside a code or HTML block */
    int code_span;   /* inside a code span or an autolink */
    int failed;
} md_state;

static int push(md_state *s, mev_type t, size_t start, size_t end)
{
    if (array_grow(&s->ev, &s->cap, s->n + 1, sizeof *s->ev) != ANV_OK) {
        s->failed = 1;
        return -1;
    }
    s->ev[s->n++] = (mev){t, start, end, s->raw_block || s->code_span};
    return 0;
}

static int on_enter_block(MD_BLOCKTYPE t, void *detail, void *ud)
{
    (void)detail;
    md_state *s = ud;
    if (t == MD_BLOCK_CODE || t == MD_BLOCK_HTML)
        s->raw_block = 1;
    return push(s, MEV_BLOCK, 0, 0);
}

static int on_leave_block(MD_BLOCKTYPE t, void *detail, void *ud)
{
    (void)detail;
    md_state *s = ud;
    if (t == MD_BLOCK_CODE || t == MD_BLOCK_HTML)
        s->raw_block = 0;
    return push(s, MEV_BLOCK, 0, 0);
}

static int inside(const md_state *s, const char *p)
{
    return p >= s->d + s->off && p < s->d + s->off + s->len;
}

static int on_enter_span(MD_SPANTYPE t, void *detail, void *ud)
{
    md_state *s = ud;
    if (t == MD_SPAN_CODE) {
        s->code_span++;
    } else if (t == MD_SPAN_A) {
        /* an autolink <http://...>: the URL is not translated */
        const MD_SPAN_A_DETAIL *a = detail;
        if (a && a->href.text && inside(s, a->href.text) &&
            a->href.text > s->d && a->href.text[-1] == '<')
            s->code_span++;
    }
    return push(s, MEV_ENTER, 0, 0);
}

static int on_leave_span(MD_SPANTYPE t, void *detail, void *ud)
{
    md_state *s = ud;
    int r = push(s, MEV_LEAVE, 0, 0);
    if (t == MD_SPAN_CODE && s->code_span) {
        s->code_span--;
    } else if (t == MD_SPAN_A) {
        const MD_SPAN_A_DETAIL *a = detail;
        if (a && a->href.text && inside(s, a->href.text) &&
            a->href.text > s->d && a->href.text[-1] == '<' && s->code_span)
            s->code_span--;
    }
    return r;
}

static int on_text(MD_TEXTTYPE t, const MD_CHAR *text, MD_SIZE size,
                   void *ud)
{
    md_state *s = ud;
    if (t == MD_TEXT_SOFTBR)
        return push(s, MEV_BREAK, 0, 0);
    if (t == MD_TEXT_BR)
        return push(s, MEV_HARD, 0, 0);
    if (!inside(s, text) || !inside(s, text + size - 1))
        return 0; /* a NUL replacement and the like: bytes stay */
    size_t start = (size_t)(text - s->d);
    mev_type type = t == MD_TEXT_NORMAL ? MEV_TEXT : MEV_CODE;
    if (t == MD_TEXT_CODE && !s->code_span)
        type = MEV_TEXT; /* text of a code block: skipped anyway */
    return push(s, type, start, start + size);
}

/* ---- building units ------------------------------------------------------ */

typedef struct builder {
    fmt_doc *doc;
    const char *d;
    size_t n;
    int open;            /* a unit is being built */
    size_t last;         /* end of the last piece */
    unsigned groups[64]; /* open codes (ids) not closed yet */
    size_t n_groups;
    /* since the last text */
    int enters, leaves, codes, breaks, hard;
    size_t code_start, code_end; /* the span of MEV_CODE texts */
} builder;

static void reset_pending(builder *b)
{
    b->enters = b->leaves = b->codes = b->breaks = b->hard = 0;
}

static int is_space_run(const char *d, size_t a, size_t e)
{
    for (size_t i = a; i < e; i++)
        if (!isspace((unsigned char)d[i]))
            return 0;
    return 1;
}

static const char *const entities[][2] = {
    {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
    {"&nbsp;", "\xC2\xA0"}};

/* The bytes between the last piece and `to` (the next text). */
static int gap(builder *b, size_t to, anv_error *err)
{
    size_t a = b->last;
    int rc = ANV_OK;
    if (to < a)
        to = a;
    if (!b->enters && !b->leaves && !b->codes && !b->hard) {
        if (a == to)
            return ANV_OK;
        if (b->breaks || is_space_run(b->d, a, to))
            return fmt_unit_text(b->doc, a, to, " ", 1, err);
        return fmt_unit_text(b->doc, a, to, "", 0, err); /* an escape */
    }
    if (b->codes == 1 && !b->enters && !b->leaves && !b->hard &&
        b->code_start == a && b->code_end == to) {
        /* one entity alone */
        for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++)
            if (to - a == strlen(entities[k][0]) &&
                memcmp(b->d + a, entities[k][0], to - a) == 0)
                return fmt_unit_text(b->doc, a, to, entities[k][1],
                                     strlen(entities[k][1]), err);
    }
    if (a == to)
        return ANV_OK;
    if (b->enters && !b->leaves && !b->codes && !b->hard) {
        unsigned id;
        rc = fmt_unit_open(b->doc, a, to, &id, err);
        if (rc == ANV_OK && b->n_groups < 64)
            b->groups[b->n_groups++] = id;
        return rc;
    }
    if (b->leaves && !b->enters && !b->codes && !b->hard && b->n_groups)
        return fmt_unit_close(b->doc, a, to, b->groups[--b->n_groups], err);
    if (b->leaves && b->n_groups)
        b->n_groups--;
    return fmt_unit_isolated(b->doc, a, to, err);
}

static int marker_char(char c, const char *set)
{
    return c && strchr(set, c) != NULL;
}

static int end_unit(builder *b, anv_error *err)
{
    int rc = ANV_OK;
    if (!b->open)
        return ANV_OK;
    if (b->leaves && b->n_groups) {
        /* closing markers after the last text: * _ ~ ` ] and (...) */
        size_t e = b->last;
        while (e < b->n && marker_char(b->d[e], "*_~`]")) {
            if (b->d[e] == ']' && e + 1 < b->n && b->d[e + 1] == '(') {
                size_t k = e + 2;
                int depth = 1;
                while (k < b->n && b->d[k] != '\n' && depth) {
                    depth += b->d[k] == '(';
                    depth -= b->d[k] == ')';
                    k++;
                }
                e = depth ? e + 1 : k;
                continue;
            }
            e++;
        }
        if (e > b->last)
            rc = fmt_unit_close(b->doc, b->last, e, b->groups[--b->n_groups],
                                err);
    }
    b->open = 0;
    b->n_groups = 0;
    reset_pending(b);
    return rc == ANV_OK ? fmt_unit_end(b->doc, err) : rc;
}

static int text_piece(builder *b, const mev *e, anv_error *err)
{
    int rc = ANV_OK;
    if (!b->open) {
        rc = fmt_unit_begin(b->doc, NULL, 0, err);
        if (rc != ANV_OK)
            return rc;
        b->open = 1;
        b->n_groups = 0;
        b->last = e->start;
        if (b->enters) {
            /* opening markers before the first text */
            size_t a = e->start;
            while (a > 0 && marker_char(b->d[a - 1], "*_~[!`"))
                a--;
            if (a < e->start) {
                unsigned id;
                rc = fmt_unit_open(b->doc, a, e->start, &id, err);
                if (rc == ANV_OK)
                    b->groups[b->n_groups++] = id;
            }
        }
    } else {
        rc = gap(b, e->start, err);
    }
    if (rc == ANV_OK)
        rc = fmt_unit_text(b->doc, e->start, e->end, NULL, 0, err);
    b->last = e->end;
    reset_pending(b);
    return rc;
}

static int build(builder *b, const md_state *s, anv_error *err)
{
    int rc = ANV_OK;
    for (size_t i = 0; i < s->n && rc == ANV_OK; i++) {
        const mev *e = &s->ev[i];
        switch (e->type) {
        case MEV_BLOCK:
            rc = end_unit(b, err);
            break;
        case MEV_ENTER: b->enters++; break;
        case MEV_LEAVE: b->leaves++; break;
        case MEV_BREAK: b->breaks++; break;
        case MEV_HARD: b->hard++; break;
        case MEV_CODE:
            if (e->skip && !b->open)
                break;
            if (!b->codes)
                b->code_start = e->start;
            b->code_end = e->end;
            b->codes++;
            break;
        case MEV_TEXT:
            if (e->skip) {
                if (b->open) { /* code span text: part of a code */
                    if (!b->codes)
                        b->code_start = e->start;
                    b->code_end = e->end;
                    b->codes++;
                }
                break;
            }
            rc = text_piece(b, e, err);
            break;
        }
    }
    if (rc == ANV_OK)
        rc = end_unit(b, err);
    else if (b->open)
        fmt_unit_cancel(b->doc);
    return rc;
}

/* Where the body starts after YAML front matter ("---" ... "---"/"..."),
 * or 0. */
static size_t front_matter(const char *d, size_t n)
{
    size_t p = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (n - p < 4 || memcmp(d + p, "---", 3) != 0 ||
        (d[p + 3] != '\n' && d[p + 3] != '\r'))
        return 0;
    const char *q = d + p + 3;
    while ((q = memchr(q, '\n', (size_t)(d + n - q))) != NULL) {
        q++;
        size_t rest = (size_t)(d + n - q);
        if (rest >= 3 && (memcmp(q, "---", 3) == 0 || memcmp(q, "...", 3) == 0)) {
            const char *e = q + 3;
            while (e < d + n && (*e == ' ' || *e == '\t'))
                e++;
            if (e == d + n || *e == '\n' || *e == '\r')
                return (size_t)(e - d);
        }
    }
    return 0;
}

static int md_read(fmt_doc *doc, anv_error *err)
{
    const fmt_part *part = &doc->parts[doc->part];
    md_state s = {0};
    s.d = part->data;
    s.off = front_matter(part->data, part->len);
    s.len = part->len - s.off;
    if (s.len > UINT32_MAX)
        return anv_error_set(err, ANV_ELIMIT, "%s: too large", doc->name);
    MD_PARSER parser = {0};
    parser.flags = MD_DIALECT_GITHUB & ~MD_FLAG_PERMISSIVEAUTOLINKS;
    parser.enter_block = on_enter_block;
    parser.leave_block = on_leave_block;
    parser.enter_span = on_enter_span;
    parser.leave_span = on_leave_span;
    parser.text = on_text;
    int r = md_parse(s.d + s.off, (MD_SIZE)s.len, &parser, &s);
    int rc = ANV_OK;
    if (s.failed)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    else if (r != 0)
        rc = anv_error_set(err, ANV_EINTERNAL, "%s: md4c could not parse "
                           "it", doc->name);
    if (rc == ANV_OK) {
        builder b = {0};
        b.doc = doc;
        b.d = part->data;
        b.n = part->len;
        rc = build(&b, &s, err);
    }
    free(s.ev);
    return rc;
}

/* * ` [ ] < escaped with a backslash, so they stay text. */
static int md_escape(strbuf *out, const char *text, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strchr("*`[]<", text[i]) || !text[i])
            continue;
        if (strbuf_append(out, text + run, i - run) != ANV_OK ||
            strbuf_append_char(out, '\\') != ANV_OK)
            return ANV_ENOMEM;
        run = i;
    }
    return strbuf_append(out, text + run, n - run);
}

static const char *const md_ext[] = {"md", "markdown", "mdown", "mkd", "mdx",
                                     NULL};

const fmt_filter fmt_filter_markdown = {
    .name = "markdown",
    .datatype = "x-markdown",
    .extensions = md_ext,
    .read = md_read,
    .escape = md_escape,
};
