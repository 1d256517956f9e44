/*
 * text.c - streaming UTF-8 reader with NFC and an offset map (see text.h).
 *
 * How it works: bytes come from a 64 KiB read buffer (or straight from a
 * memory block); a raw line is cut at '\n'; the line is checked, its CR and
 * BOM dropped, and its NFC form appended to the paragraph being built.
 *
 * Almost all real input is already NFC, so one pass over the line's
 * UTF-8 (text/nfc_fast.h, from ICU's quick-check data) first tries to
 * prove it valid and NFC, and such a line is copied as it is.  Otherwise
 * the line is checked for bad bytes (reported with line and column), and
 * normalised piece by piece between normalisation boundaries (characters
 * for which unorm2_hasBoundaryBefore() holds): pieces that are NFC are
 * copied, the others go through ICU, and an anchor of the offset map is
 * placed where the length changed.
 */
#include "text/text.h"
#include "base/array.h"
#include "text/nfc_fast.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#define READ_CHUNK (64u * 1024u)

struct text_reader {
    char *name;
    FILE *fp;            /* NULL when reading from memory */
    int close_fp;
    const char *mem;     /* memory input */
    size_t mem_len;
    char *iobuf;         /* file input buffer */
    const char *buf;     /* current window: iobuf or mem */
    size_t buf_len, buf_pos;
    int eof;

    uint64_t offset;     /* input bytes consumed */
    long lineno;         /* lines consumed */

    strbuf line;         /* current raw line, terminator removed */
    strbuf raw;          /* paragraph: raw input bytes */
    strbuf norm;         /* paragraph: NFC text */
    text_anchor *anchors;
    size_t n_anchors, cap_anchors;

    UChar *u16;          /* scratch for normalisation */
    int32_t u16_cap;
    UChar *tmp16;
    int32_t tmp16_cap;
    const UNormalizer2 *nfc;
    nfc_fast *fast;      /* the one-pass check, made at the first line */
};

/* ---- small helpers -------------------------------------------------- */

static int is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

int text_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

int text_is_valid_utf8(const char *s, size_t n, size_t *bad_off)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t i = 0;
    /* U8_NEXT works on int32_t indexes: walk in windows below 2^31. */
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        int32_t len = (int32_t)((n - i) > 8 ? 8 : (n - i));
        int32_t k = 0;
        UChar32 c;
        U8_NEXT(u + i, k, len, c);
        if (c < 0) {
            if (bad_off)
                *bad_off = i;
            return 0;
        }
        i += (size_t)k;
    }
    return 1;
}

size_t text_count_chars(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

static int grow_u16(UChar **p, int32_t *cap, int32_t need)
{
    if (need <= *cap)
        return ANV_OK;
    int32_t c = *cap ? *cap : 256;
    while (c < need) {
        if (c > INT32_MAX / 2)
            return ANV_ENOMEM;
        c *= 2;
    }
    UChar *q = realloc(*p, (size_t)c * sizeof(UChar));
    if (!q)
        return ANV_ENOMEM;
    *p = q;
    *cap = c;
    return ANV_OK;
}

/* UTF-8 -> UTF-16 into a growable scratch buffer. */
static int to_u16(UChar **buf, int32_t *cap, const char *s, size_t n,
                  int32_t *out_len, anv_error *err)
{
    if (n > (size_t)INT32_MAX / 2)
        return anv_error_set(err, ANV_ELIMIT, "text too long");
    if (grow_u16(buf, cap, (int32_t)n + 1) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(*buf, *cap, out_len, s, (int32_t)n, &st);
    if (U_FAILURE(st))
        return anv_error_set(err, ANV_EINTERNAL, "UTF-8 to UTF-16: %s",
                             u_errorName(st));
    return ANV_OK;
}

/* Append UTF-16 text as UTF-8. */
static int append_u16_as_utf8(strbuf *out, const UChar *s, int32_t n,
                              anv_error *err)
{
    if (strbuf_reserve(out, (size_t)n * 3) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    UErrorCode st = U_ZERO_ERROR;
    int32_t written = 0;
    u_strToUTF8(out->data + out->len, (int32_t)(out->cap - out->len),
                &written, s, n, &st);
    if (U_FAILURE(st))
        return anv_error_set(err, ANV_EINTERNAL, "UTF-16 to UTF-8: %s",
                             u_errorName(st));
    out->len += (size_t)written;
    out->data[out->len] = '\0';
    return ANV_OK;
}

/* Normalise u16[0..n) into *tmp (growable); returns its length or < 0. */
static int32_t normalize_u16(const UNormalizer2 *nfc, const UChar *s,
                             int32_t n, UChar **tmp, int32_t *tmp_cap,
                             anv_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t need = unorm2_normalize(nfc, s, n, *tmp, *tmp_cap, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        if (grow_u16(tmp, tmp_cap, need + 1) != ANV_OK) {
            anv_error_set(err, ANV_ENOMEM, "out of memory");
            return -1;
        }
        st = U_ZERO_ERROR;
        need = unorm2_normalize(nfc, s, n, *tmp, *tmp_cap, &st);
    }
    if (U_FAILURE(st)) {
        anv_error_set(err, ANV_EINTERNAL, "NFC normalisation: %s",
                      u_errorName(st));
        return -1;
    }
    return need;
}

int text_append_nfc(strbuf *out, const char *s, size_t n, anv_error *err)
{
    if (is_ascii(s, n))
        return strbuf_append(out, s, n) == ANV_OK
                   ? ANV_OK
                   : anv_error_set(err, ANV_ENOMEM, "out of memory");
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st))
        return anv_error_set(err, ANV_EINTERNAL, "ICU NFC: %s",
                             u_errorName(st));
    UChar *u16 = NULL, *tmp = NULL;
    int32_t u16_cap = 0, tmp_cap = 0, len16 = 0;
    int rc = to_u16(&u16, &u16_cap, s, n, &len16, err);
    if (rc == ANV_OK) {
        if (unorm2_spanQuickCheckYes(nfc, u16, len16, &st) == len16 &&
            U_SUCCESS(st)) {
            rc = strbuf_append(out, s, n) == ANV_OK
                     ? ANV_OK
                     : anv_error_set(err, ANV_ENOMEM, "out of memory");
        } else {
            int32_t m = normalize_u16(nfc, u16, len16, &tmp, &tmp_cap, err);
            rc = m < 0 ? err ? err->code : ANV_EINTERNAL
                       : append_u16_as_utf8(out, tmp, m, err);
        }
    }
    free(u16);
    free(tmp);
    return rc;
}

/* ---- the reader ----------------------------------------------------- */

static text_reader *reader_new(const char *name, anv_error *err)
{
    text_reader *r = calloc(1, sizeof *r);
    if (r)
        r->name = strdup(name);
    if (!r || !r->name) {
        free(r);
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    UErrorCode st = U_ZERO_ERROR;
    r->nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st)) {
        anv_error_set(err, ANV_EINTERNAL, "ICU NFC: %s", u_errorName(st));
        text_reader_free(r);
        return NULL;
    }
    return r;
}

text_reader *text_reader_open(const char *path, anv_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    text_reader *r = reader_new(is_stdin ? "<stdin>" : path, err);
    if (!r)
        return NULL;
    r->iobuf = malloc(READ_CHUNK);
    if (!r->iobuf) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        text_reader_free(r);
        return NULL;
    }
    if (is_stdin) {
        r->fp = stdin;
    } else {
        r->fp = fopen(path, "rb");
        if (!r->fp) {
            anv_error_set_at(err, errno == ENOENT ? ANV_ENOTFOUND : ANV_EIO,
                             path, 0, 0, "cannot open: %s", strerror(errno));
            text_reader_free(r);
            return NULL;
        }
        r->close_fp = 1;
        struct stat st;
        if (fstat(fileno(r->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
            anv_error_set_at(err, ANV_EIO, path, 0, 0,
                             "is a folder, not a file");
            text_reader_free(r);
            return NULL;
        }
    }
    return r;
}

text_reader *text_reader_open_memory(const char *name, const char *data,
                                     size_t len, anv_error *err)
{
    text_reader *r = reader_new(name, err);
    if (!r)
        return NULL;
    r->mem = data;
    r->mem_len = len;
    return r;
}

void text_reader_free(text_reader *r)
{
    if (!r)
        return;
    if (r->close_fp && r->fp)
        fclose(r->fp);
    free(r->name);
    free(r->iobuf);
    strbuf_release(&r->line);
    strbuf_release(&r->raw);
    strbuf_release(&r->norm);
    free(r->anchors);
    free(r->u16);
    free(r->tmp16);
    nfc_fast_free(r->fast);
    free(r);
}

const char *text_reader_name(const text_reader *r)
{
    return r->name;
}

uint64_t text_reader_offset(const text_reader *r)
{
    return r->offset;
}

static int refill(text_reader *r, anv_error *err)
{
    if (!r->fp) {
        if (r->buf == r->mem && r->buf) {
            r->eof = 1;
            return ANV_OK;
        }
        r->buf = r->mem ? r->mem : "";
        r->buf_len = r->mem_len;
        r->buf_pos = 0;
        if (r->mem_len == 0)
            r->eof = 1;
        return ANV_OK;
    }
    size_t got = fread(r->iobuf, 1, READ_CHUNK, r->fp);
    if (got == 0) {
        if (ferror(r->fp))
            return anv_error_set_at(err, ANV_EIO, r->name, r->lineno + 1, 0,
                                    "read error: %s", strerror(errno));
        r->eof = 1;
    }
    r->buf = r->iobuf;
    r->buf_len = got;
    r->buf_pos = 0;
    return ANV_OK;
}

/* Cut the next raw line into r->line.  Returns 1 (line, *newline says
 * whether it ended in '\n'), 0 (end of input) or an error. */
static int read_raw_line(text_reader *r, int *newline, anv_error *err)
{
    strbuf_clear(&r->line);
    *newline = 0;
    int any = 0;
    for (;;) {
        if (r->buf_pos == r->buf_len) {
            if (r->eof)
                return any;
            int rc = refill(r, err);
            if (rc != ANV_OK)
                return rc;
            if (r->buf_pos == r->buf_len)
                return any;
        }
        any = 1;
        const char *p = r->buf + r->buf_pos;
        size_t avail = r->buf_len - r->buf_pos;
        const char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        if (r->line.len + take > TEXT_MAX_LINE)
            return anv_error_set_at(err, ANV_ELIMIT, r->name, r->lineno + 1, 0,
                                    "line longer than %u MiB; is this a "
                                    "text file?",
                                    TEXT_MAX_LINE / (1024u * 1024u));
        if (strbuf_append(&r->line, p, take) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        r->buf_pos += take;
        if (nl) {
            r->buf_pos++;
            *newline = 1;
            return 1;
        }
    }
}

static int add_anchor(text_reader *r, size_t norm, uint64_t raw)
{
    if (r->n_anchors) {
        text_anchor *last = &r->anchors[r->n_anchors - 1];
        if ((int64_t)(last->raw - last->norm) == (int64_t)(raw - norm))
            return ANV_OK; /* same shift: the map is already right here */
        if (last->norm == norm) {
            last->raw = raw;
            return ANV_OK;
        }
    }
    if (array_grow(&r->anchors, &r->cap_anchors, r->n_anchors + 1,
                   sizeof *r->anchors))
        return ANV_ENOMEM;
    r->anchors[r->n_anchors].norm = norm;
    r->anchors[r->n_anchors].raw = raw;
    r->n_anchors++;
    return ANV_OK;
}

/* Append the NFC form of a checked line to r->norm, mapping it to input
 * offset `raw_base`.  is_nfc: nfc_fast_check() already proved it NFC.
 * Otherwise the line goes by pieces (text/nfc_fast.h): what is certainly
 * NFC is copied, and only the pieces around the characters that change
 * (a precomposed nukta letter, marks out of order) are normalised by
 * ICU, each with an anchor of the offset map before and after it. */
static int append_line_nfc(text_reader *r, const char *s, size_t n,
                           int is_nfc, uint64_t raw_base, anv_error *err)
{
    if (add_anchor(r, r->norm.len, raw_base) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (is_nfc) {
        if (strbuf_append(&r->norm, s, n) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        return ANV_OK;
    }
    size_t pos = 0;
    while (pos < n) {
        size_t keep = nfc_fast_span(r->fast, s + pos, n - pos);
        if (strbuf_append(&r->norm, s + pos, keep) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        pos += keep;
        if (pos == n)
            break;
        size_t piece = nfc_fast_piece(r->fast, s + pos, n - pos);
        int32_t len16;
        int rc = to_u16(&r->u16, &r->u16_cap, s + pos, piece, &len16, err);
        if (rc != ANV_OK)
            return rc;
        int32_t m = normalize_u16(r->nfc, r->u16, len16, &r->tmp16,
                                  &r->tmp16_cap, err);
        if (m < 0)
            return err ? err->code : ANV_EINTERNAL;
        if (add_anchor(r, r->norm.len, raw_base + pos) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        if ((rc = append_u16_as_utf8(&r->norm, r->tmp16, m, err)) != ANV_OK)
            return rc;
        pos += piece;
        if (add_anchor(r, r->norm.len, raw_base + pos) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    /* Anchor the end so that offsets after the line map exactly. */
    if (add_anchor(r, r->norm.len, raw_base + n) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    return ANV_OK;
}

/* Read one line and check it.  On success *content and *len point into
 * r->line (BOM and CR removed), *raw_start is its input offset,
 * *term is the terminator ("", "\n" or "\r\n") and *is_nfc is 1 when
 * the one-pass check found the line NFC. */
static int next_checked_line(text_reader *r, const char **content,
                             size_t *len, uint64_t *raw_start,
                             const char **term, int *is_nfc, anv_error *err)
{
    int newline;
    uint64_t start = r->offset;
    int rc = read_raw_line(r, &newline, err);
    if (rc <= 0)
        return rc;
    r->lineno++;
    const char *s = r->line.data;
    size_t n = r->line.len;
    size_t skip = 0;
    if (start == 0 && n >= 2 &&
        (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
         ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)))
        return anv_error_set_at(err, ANV_EUTF8, r->name, 1, 1,
                                "this is UTF-16 text; anuvad reads UTF-8 "
                                "(convert it with iconv -f UTF-16 -t UTF-8)");
    if (start == 0 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    *term = newline ? "\n" : "";
    if (n > skip && s[n - 1] == '\r' && newline) {
        n--;
        *term = "\r\n";
    }
    r->offset = start + r->line.len + (newline ? 1 : 0);

    const char *c = s + skip;
    size_t clen = n - skip;
    *content = c;
    *len = clen;
    *raw_start = start + skip;
    if (!r->fast && !(r->fast = nfc_fast_new(err)))
        return err ? err->code : ANV_ENOMEM;
    if ((*is_nfc = nfc_fast_check(r->fast, c, clen)))
        return 1; /* valid, no NUL, NFC: nothing more to look at */
    const char *nul = memchr(c, '\0', clen);
    size_t bad;
    int valid = text_is_valid_utf8(c, nul ? (size_t)(nul - c) : clen, &bad);
    if (!valid || nul) {
        size_t at = valid ? (size_t)(nul - c) : bad;
        long col = (long)text_count_chars(c, at) + 1;
        if (valid)
            return anv_error_set_at(err, ANV_EUTF8, r->name, r->lineno, col,
                                    "NUL byte in text; is this UTF-16 or a "
                                    "binary file?");
        return anv_error_set_at(err, ANV_EUTF8, r->name, r->lineno, col,
                                "invalid UTF-8 (byte 0x%02X)",
                                (unsigned char)c[at]);
    }
    return 1;
}

int text_reader_next(text_reader *r, text_para_mode mode, text_paragraph *out,
                     anv_error *err)
{
    strbuf_clear(&r->raw);
    strbuf_clear(&r->norm);
    r->n_anchors = 0;
    memset(out, 0, sizeof *out);

    /* Initialised only to quiet gcc 12 -O2 (-Wmaybe-uninitialized). */
    const char *s = NULL, *term = NULL;
    size_t n = 0;
    uint64_t start = 0;
    int lines = 0, is_nfc = 0;
    const char *pending_term = "";
    for (;;) {
        int rc = next_checked_line(r, &s, &n, &start, &term, &is_nfc, err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            break;
        if (mode == TEXT_PARA_BLANK && text_is_blank(s, n)) {
            if (lines == 0)
                continue; /* blank lines before a paragraph */
            break;
        }
        if (lines == 0) {
            out->raw_start = start;
            out->first_line = r->lineno;
        } else {
            /* Join: the previous terminator becomes one space. */
            if (add_anchor(r, r->norm.len, start - strlen(pending_term)) !=
                    ANV_OK ||
                strbuf_append_str(&r->raw, pending_term) != ANV_OK ||
                strbuf_append_char(&r->norm, ' ') != ANV_OK)
                return anv_error_set(err, ANV_ENOMEM, "out of memory");
        }
        if (r->norm.len + n > TEXT_MAX_LINE)
            return anv_error_set_at(err, ANV_ELIMIT, r->name, r->lineno, 0,
                                    "paragraph longer than %u MiB",
                                    TEXT_MAX_LINE / (1024u * 1024u));
        if (strbuf_append(&r->raw, s, n) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        rc = append_line_nfc(r, s, n, is_nfc, start, err);
        if (rc != ANV_OK) {
            anv_error_prefix(err, "%s:%ld", r->name, r->lineno);
            return rc;
        }
        lines++;
        pending_term = term;
        if (mode == TEXT_PARA_LINE)
            break;
    }
    if (lines == 0)
        return 0;
    if (r->norm.data == NULL && strbuf_reserve(&r->norm, 0) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (r->raw.data == NULL && strbuf_reserve(&r->raw, 0) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    r->norm.data[r->norm.len] = '\0';
    r->raw.data[r->raw.len] = '\0';
    out->text = r->norm.data;
    out->len = r->norm.len;
    out->raw = r->raw.data;
    out->raw_len = r->raw.len;
    out->anchors = r->anchors;
    out->n_anchors = r->n_anchors;
    return 1;
}

uint64_t text_paragraph_raw_offset(const text_paragraph *p, size_t norm_off)
{
    if (p->n_anchors == 0)
        return p->raw_start + norm_off;
    size_t lo = 0, hi = p->n_anchors; /* last anchor with norm <= off */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (p->anchors[mid].norm <= norm_off)
            lo = mid;
        else
            hi = mid;
    }
    uint64_t raw = p->anchors[lo].raw + (norm_off - p->anchors[lo].norm);
    if (lo + 1 < p->n_anchors && raw > p->anchors[lo + 1].raw)
        raw = p->anchors[lo + 1].raw;
    uint64_t end = p->raw_start + p->raw_len;
    return raw > end ? end : raw;
}

void text_paragraph_locate(const text_paragraph *p, size_t norm_off,
                           long *line, long *col)
{
    size_t at = (size_t)(text_paragraph_raw_offset(p, norm_off) -
                         p->raw_start);
    long l = p->first_line;
    size_t line_start = 0;
    for (size_t i = 0; i < at; i++)
        if (p->raw[i] == '\n') {
            l++;
            line_start = i + 1;
        }
    if (line)
        *line = l;
    if (col)
        *col = (long)text_count_chars(p->raw + line_start, at - line_start) +
               1;
}
