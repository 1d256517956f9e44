/*
 * wrap.c - text wrapped to a terminal's width (see wrap.h).
 *
 * `anuvad translate` writes logical lines: one a field, as long as the
 * text is, with colour escapes inside.  Left to the terminal, a long line
 * is cut wherever the width runs out: in the middle of a Devanagari
 * cluster (सैन|िकों) or an English word, and the rest starts in column 1
 * under the labels.  text_wrap breaks each logical line itself:
 *
 *   - where ICU's line breaker allows (UBRK_LINE: between words, after a
 *     hyphen, never inside a cluster); a word wider than the whole line
 *     is cut between grapheme clusters (UBRK_CHARACTER);
 *   - by display width, as a terminal counts it: 2 columns for East Asian
 *     wide and full-width characters, 0 for combining marks (virama,
 *     nukta, vowel signs below or above: Mn, Me) and format characters
 *     (ZWJ, ZWNJ: Cf), 1 for the rest (spacing vowel signs such as ा);
 *   - continuation lines are indented under the text (`indent` columns,
 *     the width of translate's label column);
 *   - colour escapes (ESC [ ... letter) take no room; the colours open at
 *     a break are closed before it and opened again after the indent, so
 *     an underline does not run along the indent.
 *
 * The spaces at a break are dropped.  Each logical line is converted to
 * UTF-16 once (without its escapes) for the break iterators.
 */
#include "text/wrap.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* Display columns of one code point. */
static int cp_width(UChar32 c)
{
    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        return 0;
    int8_t t = u_charType(c);
    if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_FORMAT_CHAR)
        return 0;
    int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

int text_display_width(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '\033') { /* an escape sequence: no room */
            i++;
            if (i < n && s[i] == '[')
                for (i++; i < n && !(s[i] >= 0x40 && s[i] <= 0x7e); i++)
                    ;
            i++;
            continue;
        }
        UChar32 c;
        int32_t k = (int32_t)i;
        U8_NEXT(s, k, (int32_t)n, c);
        i = (size_t)k;
        if (c >= 0)
            w += cp_width(c);
    }
    return w;
}

/* One logical line, its escapes taken out: the text in UTF-16 for ICU,
 * and where each UTF-16 unit and each escape came from. */
typedef struct line_map {
    UChar *u;        /* the text without escapes */
    int32_t *from;   /* byte offset in the line of u[i]; [n] = the end */
    int32_t n;
    char *can_break; /* can_break[i]: a line may start at u[i] */
    char *cluster;   /* cluster[i]: a grapheme cluster starts at u[i] */
} line_map;

static void line_map_free(line_map *m)
{
    free(m->u);
    free(m->from);
    free(m->can_break);
    free(m->cluster);
}

static int line_map_build(line_map *m, const char *s, size_t len)
{
    memset(m, 0, sizeof *m);
    m->u = malloc((len + 1) * sizeof *m->u);
    m->from = malloc((len + 1) * sizeof *m->from);
    m->can_break = calloc(len + 1, 1);
    m->cluster = calloc(len + 1, 1);
    if (!m->u || !m->from || !m->can_break || !m->cluster)
        return -1;
    int32_t n = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] == '\033') {
            i++;
            if (i < len && s[i] == '[')
                for (i++; i < len && !(s[i] >= 0x40 && s[i] <= 0x7e); i++)
                    ;
            i++;
            continue;
        }
        int32_t k = (int32_t)i;
        UChar32 c;
        U8_NEXT(s, k, (int32_t)len, c);
        if (c < 0)
            c = 0xfffd;
        m->from[n] = (int32_t)i;
        if (U_IS_BMP(c)) {
            m->u[n++] = (UChar)c;
        } else {
            m->u[n++] = U16_LEAD(c);
            m->from[n] = (int32_t)i;
            m->u[n++] = U16_TRAIL(c);
        }
        i = (size_t)k;
    }
    m->from[n] = (int32_t)len;
    m->n = n;
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_LINE, "hi", m->u, n, &st);
    if (U_SUCCESS(st))
        for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
            m->can_break[b] = 1;
    ubrk_close(bi);
    st = U_ZERO_ERROR;
    bi = ubrk_open(UBRK_CHARACTER, "hi", m->u, n, &st);
    if (U_SUCCESS(st))
        for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
            m->cluster[b] = 1;
    ubrk_close(bi);
    return U_SUCCESS(st) ? 0 : -1;
}

/* Columns of u[a..b). */
static int span_width(const line_map *m, int32_t a, int32_t b)
{
    int w = 0;
    for (int32_t i = a; i < b;) {
        UChar32 c;
        U16_NEXT(m->u, i, b, c);
        w += cp_width(c);
    }
    return w;
}

/* The colour escapes in s[0..end) since the last reset (ESC [ 0 m or
 * ESC [ m): what is open at `end`. */
static void open_styles(strbuf *open, const char *s, size_t end)
{
    strbuf_clear(open);
    for (size_t i = 0; i < end; i++) {
        if (s[i] != '\033' || i + 1 >= end || s[i + 1] != '[')
            continue;
        size_t j = i + 2;
        while (j < end && !(s[j] >= 0x40 && s[j] <= 0x7e))
            j++;
        if (j >= end)
            break;
        if (s[j] == 'm' && (j == i + 2 || (j == i + 3 && s[i + 2] == '0')))
            strbuf_clear(open);
        else if (s[j] == 'm')
            strbuf_append(open, s + i, j + 1 - i);
        i = j;
    }
}

/* Wrap one logical line (no '\n' inside) into `out`, each row ending in
 * '\n'; returns the rows written. */
static int wrap_line(strbuf *out, const char *s, size_t len, int cols,
                     int indent)
{
    if (text_display_width(s, len) <= cols || cols < 8) {
        strbuf_append(out, s, len);
        strbuf_append_char(out, '\n');
        return 1;
    }
    line_map m;
    if (line_map_build(&m, s, len) != 0) {
        line_map_free(&m);
        strbuf_append(out, s, len);
        strbuf_append_char(out, '\n');
        return 1;
    }
    if (indent > cols / 2)
        indent = 0;
    strbuf open = STRBUF_INIT;
    int rows = 0, room = cols;
    int32_t row_start = 0; /* in u: where the current row's text starts */
    size_t byte_start = 0; /* in s: where the current row's bytes start */
    int32_t i = 0;
    while (i < m.n) {
        /* the next piece: up to the next break opportunity */
        int32_t j = i + 1;
        while (j < m.n && !m.can_break[j])
            j++;
        /* its width without the spaces at its end */
        int32_t vis = j;
        while (vis > i && (m.u[vis - 1] == ' ' || m.u[vis - 1] == '\t'))
            vis--;
        int wv = span_width(&m, i, vis);
        int used = span_width(&m, row_start, i);
        if (used + wv <= room) {
            i = j;
            continue;
        }
        int32_t cut;
        if (i > row_start) {
            cut = i; /* break before the piece */
        } else {
            /* a piece wider than the row: cut between clusters */
            cut = i;
            for (int32_t k = i + 1; k <= vis; k++)
                if (m.cluster[k]) {
                    if (span_width(&m, row_start, k) > room)
                        break;
                    cut = k;
                }
            if (cut == row_start) /* one cluster wider than the row */
                for (cut = row_start + 1; cut < m.n && !m.cluster[cut]; cut++)
                    ;
        }
        /* the row: bytes up to the cut, trailing spaces dropped */
        int32_t end = cut;
        while (end > row_start && m.u[end - 1] == ' ')
            end--;
        size_t byte_end = (size_t)m.from[end];
        /* escapes between the last character and the cut belong here */
        strbuf_append(out, s + byte_start, byte_end - byte_start);
        open_styles(&open, s, (size_t)m.from[cut]);
        if (open.len)
            strbuf_append_str(out, "\033[0m");
        strbuf_append_char(out, '\n');
        rows++;
        /* skip the spaces at the start of the next row */
        while (cut < m.n && m.u[cut] == ' ')
            cut++;
        strbuf_printf(out, "%*s", indent, "");
        if (open.len)
            strbuf_append(out, open.data, open.len);
        byte_start = (size_t)m.from[cut];
        /* the escapes just before the cut were re-opened above */
        row_start = i = cut;
        room = cols - indent;
    }
    strbuf_append(out, s + byte_start, len - byte_start);
    strbuf_append_char(out, '\n');
    rows++;
    strbuf_release(&open);
    line_map_free(&m);
    return rows;
}

int text_wrap(strbuf *out, const char *text, size_t len, int cols,
              int indent)
{
    int rows = 0;
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        rows += wrap_line(out, text + i, end - i, cols, indent);
        i = nl ? end + 1 : len;
        if (!nl) { /* a last line without '\n' (a prompt): keep it open */
            out->len--;
            out->data[out->len] = '\0';
            rows--;
        }
    }
    return rows;
}
