/*
 * wrap.h - text wrapped to a terminal's width.
 *
 * For the translate screen (and any other terminal output): each line
 * wider than the terminal is broken where ICU's line breaker allows
 * (between words, never inside a grapheme cluster), by display width as
 * a terminal counts it, the rows that continue it indented; colour
 * escapes (ESC [ ... letter) take no room and are closed before a break
 * and opened again after the indent.
 *
 *     strbuf out = STRBUF_INIT;
 *     int rows = text_wrap(&out, view, len, 80, 9);
 */
#ifndef ANUVAD_WRAP_H
#define ANUVAD_WRAP_H

#include <stddef.h>

#include "base/strbuf.h"

/* Display columns of UTF-8 text: 2 for East Asian wide and full-width
 * characters, 0 for combining marks (Mn, Me), format characters (ZWJ,
 * ZWNJ) and colour escapes, 1 for the rest (spacing vowel signs such as
 * ा included). */
int text_display_width(const char *s, size_t n);

/* Append text[0..len) to `out`, every line wider than `cols` broken into
 * rows, each continuation row starting with `indent` spaces (none when
 * indent > cols / 2); a word wider than a row is cut between grapheme
 * clusters.  Spaces at a break are dropped.  Returns the rows; a last line
 * without a newline (a prompt) is left open and not counted.  Lines are
 * left alone when cols < 8. */
int text_wrap(strbuf *out, const char *text, size_t len, int cols,
              int indent);

#endif
