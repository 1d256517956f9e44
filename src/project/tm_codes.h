/*
 * tm_codes.h - a TM translation with inline codes, given the codes of the
 * segment being translated.
 *
 * A TM stores a unit's <seg> as TMX XML (<bpt i>/<ept i>/<ph x>/<it>/<ut>
 * holding the markup of the document the TM came from) and matches on
 * its plain form, each code one U+FFFC.  A project segment has its own
 * codes (text/icode.h).  When a TM source matches the segment with the
 * same number and kinds of codes, the TM source's k-th code stands for
 * the segment's k-th code; the TM target's codes are found in the TM
 * source by element and i/x attribute and replaced by the segment's code
 * chars, so the translation gets the *current* document's markup (another
 * href, another class) placed where the TM's translator put the codes.
 */
#ifndef ANUVAD_TM_CODES_H
#define ANUVAD_TM_CODES_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"

/* The TM target `target_seg` (TMX <seg> content) with its codes mapped
 * onto those of `source` (a segment with code chars), into `out` (NFC).
 * Returns 1 when every code of the TM target was mapped, each at most
 * once; 0 when it cannot be (a different number or kind of codes, a
 * target code the TM source lacks, a code used twice): then `out` is
 * not to be used.  Negative ANV_E* on failure. */
int tm_codes_fill(const char *source, const char *source_seg, size_t slen,
                  const char *target_seg, size_t tlen, strbuf *out,
                  anv_error *err);

#endif
