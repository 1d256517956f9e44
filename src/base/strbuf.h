/*
 * strbuf.h - a growable byte buffer, always NUL-terminated.
 *
 * The one string type the library shares between modules: build output
 * (TMX, XLIFF, JSON lines, reports) or collect text, then hand out `s->data`.
 * Growth doubles the capacity, so appending n bytes costs amortised O(n).
 *
 *     strbuf b = STRBUF_INIT;
 *     strbuf_append(&b, "abc", 3);
 *     strbuf_printf(&b, " %d", 42);
 *     puts(b.data);           // "abc 42"
 *     strbuf_release(&b);
 *
 * Every function that may allocate returns ANV_OK or ANV_ENOMEM.  After a
 * failed allocation the buffer keeps its previous content.
 */
#ifndef ANUVAD_STRBUF_H
#define ANUVAD_STRBUF_H

#include <stddef.h>

typedef struct strbuf {
    char *data;  /* NUL-terminated; NULL until the first append */
    size_t len;  /* bytes used, not counting the NUL */
    size_t cap;  /* bytes allocated */
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

int strbuf_reserve(strbuf *b, size_t extra);
int strbuf_append(strbuf *b, const char *s, size_t n);
int strbuf_append_str(strbuf *b, const char *s);
int strbuf_append_char(strbuf *b, char c);
int strbuf_printf(strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));


/* Append `s` with the XML special characters escaped (& < > and, when
 * `attr` is non-zero, " as well). */
int strbuf_append_xml(strbuf *b, const char *s, size_t n, int attr);

void strbuf_clear(strbuf *b);      /* len = 0, memory kept */
void strbuf_release(strbuf *b);    /* free the memory, back to STRBUF_INIT */

/* Hand the data over to the caller (who frees it) and reset the buffer.
 * Returns an empty allocated string when the buffer was never used, or
 * NULL when that allocation fails. */
char *strbuf_detach(strbuf *b, size_t *len);

#endif
