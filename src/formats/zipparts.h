/*
 * zipparts.h - the ZIP container under DOCX and ODT (libzip).
 *
 * fmt_zip_unpack() opens a document's ZIP bytes, refuses what cannot be
 * read safely (a corrupt archive, an encrypted entry, an entry that
 * expands past `limit` bytes: a ZIP bomb, a missing required part) with
 * one line naming the file, and hands the parts `wanted` picks to
 * fmt_doc_add_part() in archive order.  fmt_zip_pack() writes the
 * archive back: every entry in the original order, the rebuilt parts
 * with their new bytes, every other entry's bytes unchanged, and an entry
 * named "mimetype" stored (not compressed), as ODF requires it first and
 * stored.
 *
 * Used by the DOCX and ODT filters (docx.c, odt.c).
 */
#ifndef ANUVAD_ZIPPARTS_H
#define ANUVAD_ZIPPARTS_H

#include "formats/format.h"

/* Largest uncompressed size of one entry fmt_zip_unpack accepts. */
#define FMT_ZIP_PART_LIMIT (256u * 1024u * 1024u)

int fmt_zip_unpack(fmt_doc *doc, const char *data, size_t len,
                   int (*wanted)(const char *part), const char *required,
                   size_t limit, anv_error *err);

int fmt_zip_pack(const char *original, size_t len, const fmt_part *parts,
                 size_t n_parts, strbuf *out, anv_error *err);

#endif
