/*
 * text.h - reading UTF-8 text the way every anuvad command needs it.
 *
 * A text_reader streams a file (or stdin, or a memory buffer) one line or
 * one paragraph at a time, so memory stays flat whatever the input size.
 * For each piece it
 *   - drops a leading byte-order mark and reads CRLF as LF;
 *   - checks that the bytes are UTF-8 (ICU's U8_NEXT) and reports the first
 *     bad byte as FILE:LINE:COL (COL counted in characters, 1-based);
 *   - refuses NUL bytes and UTF-16 byte-order marks with a hint, since they
 *     mean "this is not a UTF-8 text file";
 *   - normalises to NFC with ICU.  Real Hindi text mixes precomposed nukta
 *     letters (U+0958..U+095F) with base + U+093C; NFC makes them one form.
 *
 * Normalising changes byte offsets, yet callers must be able to point back
 * into the input (to rebuild a document byte for byte, or to report a
 * column).  Each paragraph therefore carries its raw bytes and a small
 * offset map from the NFC text back to the input; see
 * text_paragraph_raw_offset() and text_paragraph_locate().
 */
#ifndef ANUVAD_TEXT_H
#define ANUVAD_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"

/* Longest line (or paragraph) accepted, in bytes: a safety limit so that a
 * huge file without newlines gives an error instead of eating all memory. */
#define TEXT_MAX_LINE (64u * 1024u * 1024u)

typedef enum {
    TEXT_PARA_LINE,  /* every line is a paragraph (empty lines included) */
    TEXT_PARA_BLANK  /* paragraphs end at blank lines; a single newline inside
                        a paragraph becomes a space */
} text_para_mode;

/* One anchor of the offset map: from byte `norm` of the NFC text on, a
 * byte of NFC text corresponds to a byte of input starting at `raw`. */
typedef struct text_anchor {
    size_t norm;
    uint64_t raw;
} text_anchor;

typedef struct text_paragraph {
    const char *text;    /* NFC UTF-8, NUL-terminated, no line terminator */
    size_t len;
    const char *raw;     /* the input bytes of the paragraph (inner line
                            terminators included, the last one not) */
    size_t raw_len;
    uint64_t raw_start;  /* byte offset of `raw` in the input */
    long first_line;     /* 1-based line number of the first line */
    const text_anchor *anchors; /* offset map, sorted, anchors[0].norm == 0 */
    size_t n_anchors;
} text_paragraph;

typedef struct text_reader text_reader;

/* Open a file; "-" means standard input (named "<stdin>" in messages). */
text_reader *text_reader_open(const char *path, anv_error *err);

/* Read from memory; `name` is used in messages.  The data is not copied and
 * must outlive the reader. */
text_reader *text_reader_open_memory(const char *name, const char *data,
                                     size_t len, anv_error *err);

void text_reader_free(text_reader *r);

/* Next paragraph.  Returns 1 and fills `out` (valid until the next call),
 * 0 at end of input, or a negative ANV_E* code with `err` set.  In
 * TEXT_PARA_BLANK mode blank lines are skipped, never returned. */
int text_reader_next(text_reader *r, text_para_mode mode, text_paragraph *out,
                     anv_error *err);

const char *text_reader_name(const text_reader *r);

/* Bytes of input consumed so far (BOM and terminators included).  After
 * the last paragraph this is the size of the input. */
uint64_t text_reader_offset(const text_reader *r);

/* Input offset of byte `norm_off` of the paragraph's NFC text.  Exact at
 * every character that starts a normalisation unit (which includes every
 * space, punctuation mark and sentence boundary). */
uint64_t text_paragraph_raw_offset(const text_paragraph *p, size_t norm_off);

/* Line and column (1-based, column in characters of the input line) of
 * byte `norm_off` of the paragraph's NFC text. */
void text_paragraph_locate(const text_paragraph *p, size_t norm_off,
                           long *line, long *col);

/* ---- helpers on single strings -------------------------------------- */

/* 1 if s[0..n) is valid UTF-8; otherwise 0 and *bad_off (if given) is the
 * offset of the first byte that is not. */
int text_is_valid_utf8(const char *s, size_t n, size_t *bad_off);

/* Number of Unicode code points in valid UTF-8. */
size_t text_count_chars(const char *s, size_t n);

/* Append the NFC form of valid UTF-8 s[0..n) to `out`.  Text that is
 * already NFC (the common case) is copied without a round trip through
 * UTF-16 normalisation. */
int text_append_nfc(strbuf *out, const char *s, size_t n, anv_error *err);

/* 1 when s[0..n) holds only spaces, tabs, form feeds or vertical tabs. */
int text_is_blank(const char *s, size_t n);

#endif
