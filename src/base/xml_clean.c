/*
 * xml_clean.c - the control-character filter (see xml_clean.h).
 *
 * Input arrives in chunks; a code unit or a character reference may be cut
 * between two chunks, so the filter keeps the incomplete unit bytes
 * (`carry`) and the units of a reference still being read (`pending`).
 * Output goes to `out`, from which xml_clean_read() serves the parser.
 */
#include "base/xml_clean.h"

#include <libxml/globals.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define MAX_PENDING 16   /* "&#x0000000B;" is 12 units: plenty */

enum { REF_NONE, REF_AMP, REF_HASH, REF_X, REF_DEC, REF_HEX };

struct xml_clean {
    int fd;                 /* -1 for memory */
    const char *mem;
    size_t mem_len, mem_pos;
    int width;              /* 1, 2 or 4 bytes per code unit; 0 = unknown */
    int big_endian;
    unsigned char carry[4]; /* bytes of an incomplete unit */
    int n_carry;
    uint32_t pending[MAX_PENDING];
    int n_pending;
    int ref_state;
    uint32_t ref_value;
    char *raw;              /* CHUNK bytes of input */
    char *out;              /* filtered bytes waiting for the parser */
    size_t out_len, out_pos, out_cap;
    int eof;
    int read_errno;
    uint64_t bytes_in;
    int prolog;             /* still before the root element */
    int ent_match;          /* chars of "<!ENTITY" matched so far */
    int after_lt;
    long entity_line;
    long line;
    long removed;
    uint32_t first_char;
    long first_line;
};

static xml_clean *new_filter(anv_error *err)
{
    xml_clean *xc = calloc(1, sizeof *xc);
    if (xc) {
        xc->raw = malloc(CHUNK);
        xc->out_cap = CHUNK * 2 + 4 * MAX_PENDING + 16;
        xc->out = malloc(xc->out_cap);
    }
    if (!xc || !xc->raw || !xc->out) {
        xml_clean_free(xc);
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    xc->fd = -1;
    xc->line = 1;
    xc->prolog = 1;
    return xc;
}

xml_clean *xml_clean_open_fd(int fd, anv_error *err)
{
    xml_clean *xc = new_filter(err);
    if (xc)
        xc->fd = fd;
    return xc;
}

xml_clean *xml_clean_open_memory(const char *data, size_t len,
                                 anv_error *err)
{
    xml_clean *xc = new_filter(err);
    if (xc) {
        xc->mem = data;
        xc->mem_len = len;
    }
    return xc;
}

void xml_clean_free(xml_clean *xc)
{
    if (!xc)
        return;
    free(xc->raw);
    free(xc->out);
    free(xc);
}

uint64_t xml_clean_bytes_in(const xml_clean *xc)
{
    return xc->bytes_in;
}

long xml_clean_removed(const xml_clean *xc, uint32_t *first_char,
                       long *first_line)
{
    if (first_char)
        *first_char = xc->first_char;
    if (first_line)
        *first_line = xc->first_line;
    return xc->removed;
}

int xml_clean_read_errno(const xml_clean *xc)
{
    return xc->read_errno;
}

long xml_clean_entity_line(const xml_clean *xc)
{
    return xc->entity_line;
}

int xml_clean_at_end(const xml_clean *xc, long *lines)
{
    *lines = xc->line;
    return xc->eof;
}

/* Before the root element: watch for "<!ENTITY"; the prolog ends at the
 * first "<" followed by a letter (a start tag). */
/* ---- libxml2's thread-local error handlers -------------------------------- */

void xml_errors_redirect(xml_error_handlers *saved, void *ctx,
                         xmlStructuredErrorFunc structured,
                         xmlGenericErrorFunc generic)
{
    saved->structured = xmlStructuredError;
    saved->structured_ctx = xmlStructuredErrorContext;
    saved->generic = xmlGenericError;
    saved->generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(ctx, structured);
    xmlSetGenericErrorFunc(ctx, generic);
}

void xml_errors_restore(const xml_error_handlers *saved)
{
    xmlSetStructuredErrorFunc(saved->structured_ctx, saved->structured);
    xmlSetGenericErrorFunc(saved->generic_ctx, saved->generic);
}

static void prolog_unit(xml_clean *xc, uint32_t u)
{
    static const char pat[] = "<!ENTITY";
    if (xc->ent_match > 0) {
        if (u == (uint32_t)pat[xc->ent_match]) {
            if (++xc->ent_match == (int)sizeof pat - 1) {
                if (!xc->entity_line)
                    xc->entity_line = xc->line;
                xc->ent_match = 0;
            }
            xc->after_lt = 0;
            return;
        }
        xc->ent_match = 0;
    }
    if (xc->after_lt && ((u | 0x20) >= 'a' && (u | 0x20) <= 'z'))
        xc->prolog = 0;
    xc->after_lt = u == '<';
    if (u == '<')
        xc->ent_match = 1;
}

/* Guess the code unit size from the first bytes, as XML 1.0 appendix F. */
static void detect_width(xml_clean *xc, const unsigned char *b, size_t n)
{
    xc->width = 1;
    if (n < 4)
        return;
    if ((b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) ||
        (b[0] && !b[1] && !b[2] && !b[3])) {
        xc->width = 4;
    } else if ((!b[0] && !b[1] && b[2] == 0xFE && b[3] == 0xFF) ||
               (!b[0] && !b[1] && !b[2] && b[3])) {
        xc->width = 4;
        xc->big_endian = 1;
    } else if ((b[0] == 0xFF && b[1] == 0xFE) ||
               (b[0] && !b[1] && b[2] && !b[3])) {
        xc->width = 2;
    } else if ((b[0] == 0xFE && b[1] == 0xFF) ||
               (!b[0] && b[1] && !b[2] && b[3])) {
        xc->width = 2;
        xc->big_endian = 1;
    }
}

static void emit(xml_clean *xc, uint32_t u)
{
    unsigned char *o = (unsigned char *)xc->out + xc->out_len;
    switch (xc->width) {
    case 1:
        o[0] = (unsigned char)u;
        break;
    case 2:
        o[xc->big_endian ? 0 : 1] = (unsigned char)(u >> 8);
        o[xc->big_endian ? 1 : 0] = (unsigned char)u;
        break;
    default:
        for (int i = 0; i < 4; i++)
            o[xc->big_endian ? 3 - i : i] = (unsigned char)(u >> (8 * i));
        break;
    }
    xc->out_len += (size_t)xc->width;
}

static void flush_pending(xml_clean *xc)
{
    for (int i = 0; i < xc->n_pending; i++)
        emit(xc, xc->pending[i]);
    xc->n_pending = 0;
    xc->ref_state = REF_NONE;
}

static int forbidden(uint32_t c)
{
    return c < 0x20 && c != 0x9 && c != 0xA && c != 0xD;
}

static void note_removed(xml_clean *xc, uint32_t c)
{
    if (xc->removed++ == 0) {
        xc->first_char = c;
        xc->first_line = xc->line;
    }
}

static int hex_value(uint32_t u)
{
    if (u >= '0' && u <= '9')
        return (int)(u - '0');
    if (u >= 'a' && u <= 'f')
        return (int)(u - 'a' + 10);
    if (u >= 'A' && u <= 'F')
        return (int)(u - 'A' + 10);
    return -1;
}

/* One code unit through the character-reference state machine. */
static void unit(xml_clean *xc, uint32_t u)
{
    if (xc->prolog)
        prolog_unit(xc, u);
    for (;;) {
        int st = xc->ref_state;
        if (st == REF_NONE) {
            if (u == '&') {
                xc->pending[0] = u;
                xc->n_pending = 1;
                xc->ref_state = REF_AMP;
            } else if (forbidden(u)) {
                note_removed(xc, u);
            } else {
                if (u == '\n')
                    xc->line++;
                emit(xc, u);
            }
            return;
        }
        int accept = 0;
        if (st == REF_AMP && u == '#') {
            xc->ref_state = REF_HASH;
            accept = 1;
        } else if (st == REF_HASH && u == 'x') {
            xc->ref_state = REF_X;
            xc->ref_value = 0;
            accept = 1;
        } else if ((st == REF_HASH || st == REF_DEC) && u >= '0' && u <= '9') {
            if (st == REF_HASH)
                xc->ref_value = 0;
            xc->ref_state = REF_DEC;
            if (xc->ref_value < 0x1000000)
                xc->ref_value = xc->ref_value * 10 + (u - '0');
            accept = 1;
        } else if ((st == REF_X || st == REF_HEX) && hex_value(u) >= 0) {
            xc->ref_state = REF_HEX;
            if (xc->ref_value < 0x1000000)
                xc->ref_value = xc->ref_value * 16 + (uint32_t)hex_value(u);
            accept = 1;
        } else if ((st == REF_DEC || st == REF_HEX) && u == ';') {
            if (forbidden(xc->ref_value)) {
                note_removed(xc, xc->ref_value);
                xc->n_pending = 0;
                xc->ref_state = REF_NONE;
            } else {
                flush_pending(xc); /* pending may be full: ';' goes after */
                emit(xc, u);
            }
            return;
        }
        if (accept && xc->n_pending < MAX_PENDING) {
            xc->pending[xc->n_pending++] = u;
            return;
        }
        /* Not a reference after all: let the text through, then look at
         * this unit again from the normal state. */
        flush_pending(xc);
        if (accept) {
            emit(xc, u);
            return;
        }
    }
}

static uint32_t load_unit(const xml_clean *xc, const unsigned char *p)
{
    if (xc->width == 1)
        return p[0];
    if (xc->width == 2)
        return xc->big_endian ? (uint32_t)(p[0] << 8 | p[1])
                              : (uint32_t)(p[1] << 8 | p[0]);
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)p[xc->big_endian ? i : 3 - i] << (8 * (3 - i));
    return v;
}

/* Filter n raw bytes (plus any carried bytes) into out. */
static void filter(xml_clean *xc, const unsigned char *b, size_t n)
{
    if (!xc->width) {
        detect_width(xc, b, n);
    }
    size_t w = (size_t)xc->width, i = 0;
    if (w == 1) {
        /* The common case, and the hot loop of every TMX read: copy runs
         * of ordinary bytes (counting line feeds on the way) and hand only
         * '&' and control bytes to the state machine. */
        while (i < n) {
            if (xc->ref_state == REF_NONE && !xc->prolog) {
                size_t j = i;
                long lines = 0;
                for (; j < n; j++) {
                    unsigned char c = b[j];
                    if (c < 0x20) {
                        if (c == '\n')
                            lines++;
                        else if (c != '\t' && c != '\r')
                            break;
                    } else if (c == '&') {
                        break;
                    }
                }
                memcpy(xc->out + xc->out_len, b + i, j - i);
                xc->out_len += j - i;
                xc->line += lines;
                i = j;
                if (i == n)
                    break;
            }
            unit(xc, b[i++]);
        }
        return;
    }
    while (xc->n_carry && i < n) {
        xc->carry[xc->n_carry++] = b[i++];
        if ((size_t)xc->n_carry == w) {
            unit(xc, load_unit(xc, xc->carry));
            xc->n_carry = 0;
        }
    }
    for (; i + w <= n; i += w)
        unit(xc, load_unit(xc, b + i));
    while (i < n)
        xc->carry[xc->n_carry++] = b[i++];
}

static ssize_t raw_read(xml_clean *xc, size_t want)
{
    if (xc->fd < 0) {
        size_t n = xc->mem_len - xc->mem_pos;
        if (n > want)
            n = want;
        memcpy(xc->raw, xc->mem + xc->mem_pos, n);
        xc->mem_pos += n;
        return (ssize_t)n;
    }
    for (;;) {
        ssize_t n = read(xc->fd, xc->raw, want);
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

static int refill(xml_clean *xc)
{
    xc->out_len = xc->out_pos = 0;
    while (xc->out_len == 0 && !xc->eof) {
        ssize_t n = raw_read(xc, CHUNK);
        if (n < 0) {
            xc->read_errno = errno;
            return -1;
        }
        if (n == 0) {
            xc->eof = 1;
            flush_pending(xc);
            for (int i = 0; i < xc->n_carry; i++) /* a broken last unit */
                xc->out[xc->out_len++] = (char)xc->carry[i];
            xc->n_carry = 0;
            break;
        }
        xc->bytes_in += (uint64_t)n;
        filter(xc, (const unsigned char *)xc->raw, (size_t)n);
        if (xc->entity_line) {
            xc->out_len = 0; /* the parser never sees the declaration */
            return -1;
        }
    }
    return 0;
}

int xml_clean_read(void *ctx, char *buf, int len)
{
    xml_clean *xc = ctx;
    if (len <= 0)
        return 0;
    if (xc->out_pos == xc->out_len && refill(xc) < 0)
        return -1;
    size_t n = xc->out_len - xc->out_pos;
    if (n > (size_t)len)
        n = (size_t)len;
    memcpy(buf, xc->out + xc->out_pos, n);
    xc->out_pos += n;
    return (int)n;
}
