/*
 * segmenter.h - split a paragraph into sentences (translation segments).
 *
 * A segmenter combines ICU's sentence break iterator with SRX rules for
 * one language:
 *   - candidate positions are ICU's sentence boundaries plus every place
 *     where an SRX break="yes" rule matches;
 *   - at a candidate, the SRX rules are tried in cascade order and the
 *     first that matches decides (break or no break); where no rule
 *     matches, ICU's boundary stands.
 * Rules may put the space after a full stop in their <beforebreak> or in
 * their <afterbreak>; the segmenter therefore decides per gap (a run of
 * white space, or the empty gap between two characters): a break rule
 * matching at any position of the gap splits; otherwise a no-break rule
 * matching anywhere in it vetoes ICU's boundary there.
 *
 * Segments are returned as byte spans of the paragraph; white space
 * around segments is left outside the spans, so joining the spans and the
 * gaps between them gives back the paragraph byte for byte.
 *
 *     srx_rules *rules = srx_load_default(&err);
 *     segmenter *sg = segmenter_new(rules, "hi", &err);
 *     const seg_span *sp; size_t n;
 *     segmenter_split(sg, text, len, &sp, &n, &err);
 *     for (size_t i = 0; i < n; i++)
 *         printf("%.*s\n", (int)(sp[i].end - sp[i].start), text + sp[i].start);
 *     segmenter_free(sg);
 *     srx_free(rules);     // any time after segmenter_new
 *
 * A segmenter holds per-paragraph buffers and compiled regular
 * expressions: use one per thread.
 */
#ifndef ANUVAD_SEGMENTER_H
#define ANUVAD_SEGMENTER_H

#include <stddef.h>

#include "base/error.h"
#include "segment/srx.h"

typedef struct seg_span {
    size_t start, end; /* byte offsets into the paragraph, end exclusive */
} seg_span;

typedef struct segmenter segmenter;

/* A segmenter for language `lang` ("hi", "en" ...: an SRX language code
 * and an ICU locale).  Compiles the rules that apply to `lang`; a bad
 * regular expression is reported as
 *     FILE:LINE: rule N of languagerule "X": bad beforebreak ...
 * `rules` is not referenced after this call; NULL means ICU alone. */
segmenter *segmenter_new(const srx_rules *rules, const char *lang,
                         anv_error *err);

void segmenter_free(segmenter *sg);

/* Number of SRX rules the segmenter applies. */
size_t segmenter_rule_count(const segmenter *sg);

/* Split text[0..len), UTF-8 (NFC expected; invalid UTF-8 is an error).
 * *spans points to *n spans owned by the segmenter, valid until the next
 * call.  Text that is empty or only white space has no segments. */
int segmenter_split(segmenter *sg, const char *text, size_t len,
                    const seg_span **spans, size_t *n, anv_error *err);

#endif
