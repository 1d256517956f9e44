/*
 * subtitles.c - the SRT and WebVTT filters.
 *
 * Both are line formats: blocks separated by blank lines; a cue block has
 * an optional id line, a timing line ("00:00:01,000 --> 00:00:04,000",
 * WebVTT adds settings after it) and text lines.  Timings, ids, the
 * WebVTT header and its NOTE, STYLE and REGION blocks are skeleton.  The
 * text lines of one cue are one unit (segmented into sentences); the line
 * breaks between them are isolated codes (they must come back where the
 * translator puts them).  Cue markup -- <i> <b> <u> <font ...>, and in
 * WebVTT <c.x> <v Speaker> <lang> <ruby> <rt> -- becomes inline codes,
 * paired by tag name; a timestamp tag <00:00:02.000> is an isolated code.
 * WebVTT entities (&amp; &lt; &gt; &nbsp; &lrm; &rlm;) are decoded for the
 * translator and kept as bytes; translated WebVTT text is written with
 * & < > " as character references (WebVTT reads HTML's), SRT text as it
 * is.
 *
 * A sentence that runs on from one cue into the next (the cue's text does
 * not end in . ? ! । ॥ …) is one unit over both, up to 3 cues: the bytes
 * between them (blank line, number, timing) are an isolated code, so the
 * translation is split back into the same cues where the translator
 * puts that code.
 */
#include "formats/filters.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

typedef struct line {
    size_t start, end, next; /* text [start, end), next line at `next` */
} line;

/* The line at pos: its end without the terminator, and where the next
 * starts. */
static line line_at(const char *d, size_t n, size_t pos)
{
    line l = {pos, pos, pos};
    while (l.end < n && d[l.end] != '\n')
        l.end++;
    l.next = l.end < n ? l.end + 1 : n;
    if (l.end > l.start && d[l.end - 1] == '\r')
        l.end--;
    return l;
}

static int blank(const char *d, const line *l)
{
    for (size_t i = l->start; i < l->end; i++)
        if (!isspace((unsigned char)d[i]))
            return 0;
    return 1;
}

static int has_arrow(const char *d, const line *l)
{
    for (size_t i = l->start; i + 3 <= l->end; i++)
        if (memcmp(d + i, "-->", 3) == 0)
            return 1;
    return 0;
}

static int starts(const char *d, const line *l, const char *w)
{
    size_t k = strlen(w);
    return l->end - l->start >= k && memcmp(d + l->start, w, k) == 0 &&
           (l->end - l->start == k || isspace((unsigned char)d[l->start + k]));
}

typedef struct open_tag {
    char name[16];
    unsigned id;
} open_tag;

static const struct {
    const char *name, *text;
} entities[] = {{"&amp;", "&"},       {"&lt;", "<"},
                {"&gt;", ">"},        {"&nbsp;", "\xC2\xA0"},
                {"&lrm;", "\xE2\x80\x8E"}, {"&rlm;", "\xE2\x80\x8F"}};

/* One line of cue text into the unit. */
static int cue_line(fmt_doc *doc, const char *d, const line *l, int vtt,
                    open_tag *stack, size_t *depth, anv_error *err)
{
    size_t run = l->start, i = l->start;
    int rc = ANV_OK;
    while (i < l->end && rc == ANV_OK) {
        if (d[i] == '<') {
            const char *gt = memchr(d + i, '>', l->end - i);
            if (!gt) {
                i++;
                continue;
            }
            size_t end = (size_t)(gt - d) + 1;
            if (i > run && (rc = fmt_unit_text(doc, run, i, NULL, 0, err)))
                break;
            const char *name = d + i + 1;
            int closing = *name == '/';
            if (closing)
                name++;
            size_t nl = 0;
            while (name + nl < gt && isalnum((unsigned char)name[nl]))
                nl++;
            char nm[16];
            snprintf(nm, sizeof nm, "%.*s", (int)nl, name);
            if (!nl || isdigit((unsigned char)nm[0])) {
                rc = fmt_unit_isolated(doc, i, end, err);
            } else if (closing) {
                size_t k = *depth;
                while (k > 0 && strcmp(stack[k - 1].name, nm) != 0)
                    k--;
                if (k > 0) {
                    rc = fmt_unit_close(doc, i, end, stack[k - 1].id, err);
                    *depth = k - 1;
                } else {
                    rc = fmt_unit_isolated(doc, i, end, err);
                }
            } else {
                unsigned id;
                rc = fmt_unit_open(doc, i, end, &id, err);
                if (rc == ANV_OK && *depth < 32) {
                    snprintf(stack[*depth].name, sizeof stack[0].name, "%s",
                             nm);
                    stack[(*depth)++].id = id;
                }
            }
            i = run = end;
            continue;
        }
        if (vtt && d[i] == '&') {
            size_t k = 0;
            while (k < sizeof entities / sizeof entities[0]) {
                size_t el = strlen(entities[k].name);
                if (i + el <= l->end && memcmp(d + i, entities[k].name, el) == 0)
                    break;
                k++;
            }
            if (k < sizeof entities / sizeof entities[0]) {
                size_t el = strlen(entities[k].name);
                if (i > run &&
                    (rc = fmt_unit_text(doc, run, i, NULL, 0, err)))
                    break;
                rc = fmt_unit_text(doc, i, i + el, entities[k].text,
                                   strlen(entities[k].text), err);
                i = run = i + el;
                continue;
            }
        }
        i++;
    }
    if (rc == ANV_OK && l->end > run)
        rc = fmt_unit_text(doc, run, l->end, NULL, 0, err);
    return rc;
}

/* Does the cue's text (its last line) end a sentence: . ? ! । ॥ … before
 * any closing tags, quotes and spaces? */
static int ends_sentence(const char *d, const line *l)
{
    size_t e = l->end;
    for (;;) {
        while (e > l->start && (d[e - 1] == ' ' || d[e - 1] == '\t' ||
                                d[e - 1] == '"' || d[e - 1] == '\'' ||
                                d[e - 1] == ')'))
            e--;
        if (e > l->start && d[e - 1] == '>') { /* a closing tag */
            size_t k = e - 1;
            while (k > l->start && d[k] != '<')
                k--;
            if (d[k] != '<')
                break;
            e = k;
            continue;
        }
        break;
    }
    static const char *const ends[] = {".", "?", "!", "\xE0\xA5\xA4",
                                       "\xE0\xA5\xA5", "\xE2\x80\xA6",
                                       "\xE2\x80\x9D", "\xC2\xBB"};
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t m = strlen(ends[k]);
        if (e >= l->start + m && memcmp(d + e - m, ends[k], m) == 0)
            return 1;
    }
    return e == l->start; /* no text: nothing to continue */
}

/* Cues whose sentence runs on are joined into one unit, at most this
 * many: the cue boundary (blank line, number, timing) is an isolated
 * code, so the translation is split back where the translator puts it. */
#define MAX_JOINED_CUES 3

static int read_subtitles(fmt_doc *doc, int vtt, anv_error *err)
{
    const char *d = doc->parts[doc->part].data;
    size_t n = doc->parts[doc->part].len;
    size_t pos = n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int first_block = 1, rc = ANV_OK;
    int open = 0;        /* a unit runs on from the previous cue */
    size_t joined = 0, last_end = 0;
    open_tag stack[32];
    size_t depth = 0;
    while (pos < n && rc == ANV_OK) {
        line l = line_at(d, n, pos);
        if (blank(d, &l)) {
            pos = l.next;
            continue;
        }
        /* a block: its lines up to a blank line */
        line lines[64];
        size_t nl = 0, p = pos;
        while (p < n) {
            line x = line_at(d, n, p);
            if (blank(d, &x))
                break;
            if (nl < 64)
                lines[nl++] = x;
            p = x.next;
        }
        int skip = vtt && (first_block || starts(d, &lines[0], "NOTE") ||
                           starts(d, &lines[0], "STYLE") ||
                           starts(d, &lines[0], "REGION"));
        first_block = 0;
        size_t t = 0;
        while (t < nl && t < 2 && !has_arrow(d, &lines[t]))
            t++;
        if (skip || t >= nl || !has_arrow(d, &lines[t]) || t + 1 >= nl) {
            if (open) { /* not a cue: the sentence ends here */
                rc = fmt_unit_end(doc, err);
                open = 0;
            }
            pos = p;
            continue;
        }
        if (open) {
            rc = fmt_unit_isolated(doc, last_end, lines[t + 1].start, err);
            joined++;
        } else {
            rc = fmt_unit_begin(doc, "cue", 0, err);
            joined = 1;
            depth = 0;
        }
        for (size_t k = t + 1; k < nl && rc == ANV_OK; k++) {
            if (k > t + 1)
                rc = fmt_unit_isolated(doc, lines[k - 1].end, lines[k].start,
                                       err);
            if (rc == ANV_OK)
                rc = cue_line(doc, d, &lines[k], vtt, stack, &depth, err);
        }
        last_end = lines[nl - 1].end;
        open = rc == ANV_OK && joined < MAX_JOINED_CUES &&
               !ends_sentence(d, &lines[nl - 1]);
        if (rc == ANV_OK && !open)
            rc = fmt_unit_end(doc, err);
        pos = p;
    }
    if (rc == ANV_OK && open)
        rc = fmt_unit_end(doc, err);
    if (rc != ANV_OK)
        fmt_unit_cancel(doc);
    return rc;
}

static int srt_read(fmt_doc *doc, anv_error *err)
{
    return read_subtitles(doc, 0, err);
}

static int vtt_read(fmt_doc *doc, anv_error *err)
{
    return read_subtitles(doc, 1, err);
}

int fmt_escape_none(strbuf *out, const char *text, size_t n)
{
    return strbuf_append(out, text, n);
}

static int vtt_sniff(const char *d, size_t n)
{
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
        d += 3;
        n -= 3;
    }
    return n >= 6 && memcmp(d, "WEBVTT", 6) == 0 &&
           (n == 6 || isspace((unsigned char)d[6]));
}

/* "1\n00:00:01,000 --> ..." */
static int srt_sniff(const char *d, size_t n)
{
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) {
        d += 3;
        n -= 3;
    }
    line a = line_at(d, n, 0);
    if (a.end == a.start)
        return 0;
    for (size_t i = a.start; i < a.end; i++)
        if (!isdigit((unsigned char)d[i]))
            return 0;
    line b = line_at(d, n, a.next);
    return has_arrow(d, &b);
}

static const char *const srt_ext[] = {"srt", NULL};
static const char *const vtt_ext[] = {"vtt", "webvtt", NULL};

const fmt_filter fmt_filter_srt = {
    .name = "srt",
    .datatype = "x-srt",
    .extensions = srt_ext,
    .sniff = srt_sniff,
    .read = srt_read,
    .escape = fmt_escape_none,
};

const fmt_filter fmt_filter_vtt = {
    .name = "vtt",
    .datatype = "x-vtt",
    .extensions = vtt_ext,
    .sniff = vtt_sniff,
    .read = vtt_read,
    .escape = fmt_escape_xml, /* & < > " as HTML character references */
};
