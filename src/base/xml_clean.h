/*
 * xml_clean.h - take out the control characters XML forbids, before the
 * XML parser sees them.
 *
 * Some tools write TMX files with characters XML 1.0 does not allow:
 * vertical tab (U+000B) and form feed pasted from Word or Excel, ESC,
 * BEL ... either raw or as character references (&#11; &#x1B;).  libxml2
 * rightly stops at the first one ("PCDATA invalid Char value 11"), which
 * would make the whole file unreadable for one invisible character.
 *
 * An xml_clean sits between the file and libxml2 (it is an
 * xmlInputReadCallback) and drops those characters, counting them and
 * remembering the first one and its line, so that the caller can report
 * "FILE:LINE: removed 3 control characters XML forbids (first U+000B)".
 * It works on code units: 8-bit (UTF-8 and ASCII-compatible encodings,
 * where bytes below 0x20 are always characters on their own), 16-bit and
 * 32-bit (UTF-16/UTF-32, either byte order, told by the byte-order mark
 * or by how "<" is written), so the parser still does all the decoding.
 * Line breaks are never removed, so the parser's line numbers stay right.
 *
 * It also refuses entity declarations: "<!ENTITY" in the prolog (the DTD
 * internal subset) makes the read fail before the parser sees it, so an
 * entity-expansion attack ("billion laughs") costs nothing.  TMX never
 * needs entities.
 *
 * Known blind spot: "&#11;" written literally inside a CDATA section or a
 * comment is text, not a reference, but is dropped too (and reported).
 */
#ifndef ANUVAD_XML_CLEAN_H
#define ANUVAD_XML_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/xmlerror.h>

#include "base/error.h"

typedef struct xml_clean xml_clean;

/* Read from an open file descriptor (not closed by xml_clean_free). */
xml_clean *xml_clean_open_fd(int fd, anv_error *err);

/* Read from memory (not copied; must outlive the filter). */
xml_clean *xml_clean_open_memory(const char *data, size_t len,
                                 anv_error *err);

void xml_clean_free(xml_clean *xc);

/* An xmlInputReadCallback: `ctx` is the xml_clean.  Returns the number of
 * bytes put in buf, 0 at the end, -1 on a read error. */
int xml_clean_read(void *ctx, char *buf, int len);

/* Bytes taken from the input so far. */
uint64_t xml_clean_bytes_in(const xml_clean *xc);

/* How many characters were removed; the first one and its 1-based line. */
long xml_clean_removed(const xml_clean *xc, uint32_t *first_char,
                       long *first_line);

/* errno of a failed read(), 0 if none. */
int xml_clean_read_errno(const xml_clean *xc);

/* The line of a refused "<!ENTITY" declaration, 0 if none. */
long xml_clean_entity_line(const xml_clean *xc);

/* 1 once the whole input has been read; *lines = its number of lines. */
int xml_clean_at_end(const xml_clean *xc, long *lines);

/* Some libxml2 errors (encoding conversion, I/O) skip a reader's own
 * handler and go to libxml2's thread-local handlers, which print to
 * stderr.  A reader routes those to its own functions for the length of
 * a read (the library never prints) and puts the previous ones back. */
typedef struct xml_error_handlers {
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
    xmlGenericErrorFunc generic;
    void *generic_ctx;
} xml_error_handlers;

void xml_errors_redirect(xml_error_handlers *saved, void *ctx,
                         xmlStructuredErrorFunc structured,
                         xmlGenericErrorFunc generic);
void xml_errors_restore(const xml_error_handlers *saved);

#endif
