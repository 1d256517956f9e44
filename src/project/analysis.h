/*
 * analysis.h - the analysis report: how much of a job is new work.
 *
 * Translators quote prices from this table: every segment of the job
 * falls in exactly one band, and the report gives segments, words and
 * characters per band, per file and for the whole job.  The bands are the
 * ones OmegaT, memoQ and Trados use (../shared/docs/cat-landscape.md §1):
 *
 *     in context 101 %   the TM has the same source with the same
 *                        neighbours
 *     100 %              the TM has the same source
 *     repetitions        the same source occurred earlier in the job
 *     95-99 %, 85-94 %, 75-84 %, 50-74 %   the best fuzzy match
 *     no match           nothing scoring 50 or more
 *
 * Which band a segment is in is decided by pre-translation
 * (pretranslate.h); this module only counts and writes.  docs/analysis.md
 * states the counting rules: a word is what words.h counts (ICU word
 * boundaries, letters and numbers, "1,600" one word); characters are
 * Unicode code points of the segment (NFC), without and with white space.
 */
#ifndef ANUVAD_ANALYSIS_H
#define ANUVAD_ANALYSIS_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "text/words.h"

typedef enum analysis_band {
    ANALYSIS_CONTEXT = 0, /* 101 % */
    ANALYSIS_EXACT,       /* 100 % */
    ANALYSIS_REPETITION,
    ANALYSIS_95_99,
    ANALYSIS_85_94,
    ANALYSIS_75_84,
    ANALYSIS_50_74,
    ANALYSIS_NONE,
    ANALYSIS_BAND_COUNT
} analysis_band;

/* The lowest score that has a band of its own (below it: no match). */
#define ANALYSIS_MIN_SCORE 50

/* The band of a best match's score (-1 or below 50: no match). */
analysis_band analysis_band_of_score(int score);

/* "101", "100", "repetitions", "95-99" ... "none": for JSON and CSV. */
const char *analysis_band_key(analysis_band b);

/* "in context 101%", "100%", "repetitions" ...: for people. */
const char *analysis_band_label(analysis_band b);

typedef struct analysis_count {
    size_t segments;
    size_t words;
    size_t chars;        /* code points other than white space */
    size_t chars_spaces; /* all code points */
} analysis_count;

typedef struct analysis_table {
    const char *name; /* the file's name (not owned), or NULL for a total */
    analysis_count band[ANALYSIS_BAND_COUNT];
    analysis_count total;
} analysis_table;

/* Count one segment (valid UTF-8) into band b of table t. */
int analysis_add(analysis_table *t, analysis_band b, word_splitter *ws,
                 const char *text, size_t len, anv_error *err);

/* Add table `from` into `to` (for the total over files). */
void analysis_merge(analysis_table *to, const analysis_table *from);

/* The tables as a text report: one table per file, and the total when
 * there is more than one file. */
int analysis_write_text(strbuf *out, const analysis_table *files, size_t n,
                        const analysis_table *total);

/* As JSON: {"files": [{"file": NAME, "bands": {"101": {"segments": ..,
 * "words": .., "characters": .., "characters_with_spaces": ..}, ...},
 * "total": {...}}, ...], "total": {...}} followed by a newline.  `tm`
 * (may be NULL) is written as "tm". */
int analysis_write_json(strbuf *out, const char *tm,
                        const analysis_table *files, size_t n,
                        const analysis_table *total);

/* As CSV (RFC 4180): a header line, then file,band,segments,words,
 * characters,characters_with_spaces for every band and "total" of every
 * file, then the same for the whole job with an empty file field. */
int analysis_write_csv(strbuf *out, const analysis_table *files, size_t n,
                       const analysis_table *total);

#endif
