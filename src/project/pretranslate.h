/*
 * pretranslate.h - batch pre-translation: documents in, an XLIFF project
 * with the TM's best matches out, and the band of every segment for the
 * analysis report.
 *
 * Two steps:
 *
 *   1. pretranslate_add_source() reads a UTF-8 text document, cuts it into
 *      paragraphs (text.h: one a line, or blank-line separated) and
 *      sentences (segmenter.h), maps every segment back to the document's
 *      bytes through the reader's offset map and adds the document to the
 *      project (xliff_project_add_document), layout kept byte for byte.
 *
 *   2. pretranslate_run() looks every unit up in the TM (tm_matcher.h)
 *      with its neighbours in the document as context, on `jobs` threads
 *      (one tm_searcher each; results are kept per unit, so the output
 *      does not depend on the number of threads), then walks the units in
 *      project order and
 *        - gives each unit its band (analysis.h): the best match's score,
 *          or "repetition" when the same source (NFC, byte for byte) came
 *          earlier in the job and the unit is not a 101 % match itself;
 *        - unless `analyse_only`: writes the best match >= min as the
 *          target (101 % translated/exact-match, 100 % translated/
 *          leveraged-tm, fuzzy needs-review-translation/fuzzy-match), the
 *          matches >= 50 as alt-trans, and applies the number auto-fix
 *          (numbers.h) to a fuzzy match: a match whose source differs only
 *          in numbers and month names gets the source's numbers, stays
 *          needs-review-translation with anv:marks="numbers-fixed" and a
 *          note saying what changed.  A 100 % match for which the TM holds
 *          several different translations is needs-review-translation with
 *          a note.  A repetition gets the first occurrence's target, state
 *          and marks, with state-qualifier leveraged-inherited and a note,
 *          and its alt-trans (a repetition is only looked up at 100 %, to
 *          see whether it is in context itself).
 *
 * docs/pretranslate.md and docs/analysis.md give the rules in full.
 */
#ifndef ANUVAD_PRETRANSLATE_H
#define ANUVAD_PRETRANSLATE_H

#include <stddef.h>

#include "project/analysis.h"
#include "base/error.h"
#include "formats/format.h"
#include "segment/segmenter.h"
#include "text/text.h"
#include "match/tm_matcher.h"
#include "project/xliff.h"

/* Sources larger than this are refused (the project must stay below
 * XLIFF_MAX_BYTES, and a source is held in memory twice). */
#define PRETRANSLATE_MAX_SOURCE (256u * 1024u * 1024u)

/* Read the document at `path` ("-" = standard input), segment it and add
 * it to `p` as a new file named `original` (NULL: `path`).  Errors name
 * the file and place: FILE:LINE:COL for invalid UTF-8. */
int pretranslate_add_source(xliff_project *p, segmenter *sg,
                            const char *path, const char *original,
                            text_para_mode mode, anv_error *err);

/* The same for a document in memory (`name` in messages and as the
 * file's original). */
int pretranslate_add_document(xliff_project *p, segmenter *sg,
                              const char *name, const char *doc, size_t len,
                              text_para_mode mode, anv_error *err);

/* Like pretranslate_add_source() for a document in any format anuvad
 * reads: `format` names the filter ("html", "markdown", "srt", "vtt",
 * "xhtml", or "text" for the plain-text path); NULL finds it by the
 * file's extension and content (formats/format.h).  A format anuvad
 * cannot read gives ANV_EINVAL "FILE: not supported: WHAT". */
int pretranslate_add_file(xliff_project *p, segmenter *sg, const char *path,
                          const char *original, text_para_mode mode,
                          const char *format, anv_error *err);

/* The same with flags for the filter (formats/format.h:
 * FMT_ACCEPT_CHANGES). */
int pretranslate_add_file_with(xliff_project *p, segmenter *sg,
                               const char *path, const char *original,
                               text_para_mode mode, const char *format,
                               unsigned fmt_flags, anv_error *err);

/* A document read by a filter (formats/format.h) into the project as a
 * new file: each unit cut into sentences (a one-segment unit is not),
 * codes at a segment's edges left in the layout (icode_trim), codes
 * renumbered 1.. per segment, the skeleton and the bytes between
 * segments as layout.  A container's parts become one file each, the
 * first holding the container's bytes (xliff_project_set_file_part). */
int pretranslate_add_formatted(xliff_project *p, segmenter *sg,
                               const char *name, const fmt_doc *doc,
                               anv_error *err);

typedef struct pretranslate_opts {
    int min;            /* lowest score written as a target (1..101);
                           0 means 75 */
    size_t max_matches; /* alt-trans a unit at most; 0 means 5 */
    unsigned jobs;      /* lookup threads; 0 means 1 */
    int analyse_only;   /* bands only: the project is not changed */
    const char *origin; /* alt-trans origin (the TM's name), or NULL */
    /* Called now and then from the calling thread with the units looked
     * up so far; may be NULL. */
    void (*on_progress)(void *ctx, size_t done, size_t total);
    void *ctx;
} pretranslate_opts;

#define PRETRANSLATE_MIN_DEFAULT 75
#define PRETRANSLATE_MAX_MATCHES_DEFAULT 5

/* What pre-translation did with one unit. */
typedef struct pretranslate_unit {
    analysis_band band;
    int best;           /* best match's score (>= 50), or -1 */
    size_t first;       /* for a repetition: the unit it repeats, else
                           its own index */
    int filled;         /* a target was written */
    int numbers_fixed;  /* ... with the number auto-fix */
} pretranslate_unit;

typedef struct pretranslate_result {
    pretranslate_unit *unit; /* one per unit of the project, in order */
    size_t n;
    size_t filled;           /* units that got a target */
    size_t numbers_fixed;
} pretranslate_result;

/* Look up every unit of `p` in `tm` (NULL: no TM; every unit is "no
 * match" or a repetition) and fill the project as described above.  On
 * failure the project may be half filled: do not save it. */
int pretranslate_run(xliff_project *p, tm_matcher *tm,
                     const pretranslate_opts *opts,
                     pretranslate_result *out, anv_error *err);

void pretranslate_result_release(pretranslate_result *r);

/* The analysis tables of a pre-translated project: one per document in
 * files[0 .. *n_tables) (an array of xliff_project_file_count(p); the
 * parts of a DOCX or ODT are one document), named by their original, and
 * the total.  Words are counted with `ws` (a "hi" word splitter). */
int pretranslate_analysis(const xliff_project *p,
                          const pretranslate_result *r, word_splitter *ws,
                          analysis_table *files, size_t *n_tables,
                          analysis_table *total, anv_error *err);

#endif
