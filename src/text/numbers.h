/*
 * numbers.h - numbers and dates in Hindi and English text.
 *
 * Pre-translation and QA both need to know the numbers of a segment:
 *   - numbers_find() lists them: digit runs in any script (ASCII 0-9,
 *     Devanagari ०-९ ... by ICU's u_charDigitValue), with Western (1,600)
 *     or Indian (1,00,000) grouping, decimals and times (3.5, 10.30),
 *     English ordinals (21st); and month names (जनवरी ... दिसंबर with
 *     their common spellings; January ... December, Jan ... Dec);
 *   - each number has a value (its digits, no grouping: 100000) and an
 *     English form (ASCII digits, Western grouping: 100,000);
 *   - numbers_compare() says which numbers of one text are missing from
 *     another (for QA: "21 is in the source, not in the translation");
 *   - numbers_fix_match() is the pre-translation auto-fix: a TM match whose
 *     source differs from the new source only in numbers (and month names)
 *     gets the new numbers in its translation:
 *         source      21 जनवरी को बैठक हुई।
 *         TM source   19 जनवरी को बैठक हुई।
 *         TM target   The meeting was held on January 19.
 *         fixed       The meeting was held on January 21.    ("19→21")
 *     It only rewrites what it can match one to one; otherwise it says why
 *     and leaves the match alone.  docs/numbers.md has the rules.
 *
 * Texts are UTF-8 (NFC for Hindi).  Nothing here keeps state: the month
 * tables are constant.
 */
#ifndef ANUVAD_NUMBERS_H
#define ANUVAD_NUMBERS_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"

typedef enum num_lang {
    NUM_LANG_HI, /* Hindi month names */
    NUM_LANG_EN  /* English month names and ordinal suffixes */
} num_lang;

typedef enum num_kind {
    NUM_NUMBER,
    NUM_MONTH
} num_kind;

typedef struct num_item {
    size_t start, end;   /* bytes in the text (an ordinal suffix excluded) */
    size_t suffix_len;   /* English ordinal suffix right after ("st"): 2 */
    num_kind kind;
    int month;           /* 1..12 for NUM_MONTH, else 0 */
    int abbreviated;     /* NUM_MONTH written "Jan", "Sept" ... */
    int indian_grouping; /* written 1,00,000 (grouping only Indian reads) */
    char *value;         /* NUM_NUMBER: ASCII digits with any '.' ':' '/'
                            kept, no grouping ("100000", "10.30");
                            NUM_MONTH: "1".."12" */
    char *english;       /* how English writes it ("100,000", "January") */
} num_item;

typedef struct num_list {
    num_item *items;
    size_t n, cap;
} num_list;

#define NUM_LIST_INIT {NULL, 0, 0}

/* The numbers and month names of text[0..len), in order (appended to
 * `out`, which the caller releases). */
int numbers_find(const char *text, size_t len, num_lang lang, num_list *out,
                 anv_error *err);
void num_list_release(num_list *l);

/* 1 when two items stand for the same number or month. */
int numbers_same(const num_item *a, const num_item *b);

/* Append `text` with every number in English form: Devanagari (any)
 * digits as ASCII, Indian grouping as Western.  Everything else as is. */
int numbers_to_english(const char *text, size_t len, strbuf *out,
                       anv_error *err);

/* Items of `a` with no equal item in `b` (missing) and of `b` with none
 * in `a` (extra), as indexes, each item matched at most once. */
typedef struct num_diff {
    size_t *missing, n_missing;
    size_t *extra, n_extra;
} num_diff;
int numbers_compare(const num_list *a, const num_list *b, num_diff *out,
                    anv_error *err);
void num_diff_release(num_diff *d);

/* ---- the auto-fix ---------------------------------------------------- */

typedef enum numfix_outcome {
    NUMFIX_SAME,       /* the two sources have the same numbers: the TM
                          target is right as it is */
    NUMFIX_OTHER_DIFF, /* the sources differ in more than numbers */
    NUMFIX_FIXED,      /* `target` is the TM target with the new numbers */
    NUMFIX_UNSURE      /* numbers-only difference, but the TM target's
                          numbers could not be matched one to one (reason) */
} numfix_outcome;

typedef struct numfix_change {
    char *from, *to; /* as written in the target: "19th" -> "21st" */
} numfix_change;

typedef struct numfix {
    numfix_outcome outcome;
    char *target;            /* NUMFIX_FIXED only */
    numfix_change *changes;  /* NUMFIX_FIXED: what was replaced */
    size_t n_changes;
    char reason[200];        /* NUMFIX_UNSURE: why not */
} numfix;

/* Compare `source` with the TM match (tm_source, tm_target) and fix the
 * target's numbers when the sources differ only in numbers and month
 * names.  All NUL-terminated UTF-8.  Release `out` with numfix_release. */
int numbers_fix_match(const char *source, const char *tm_source,
                      const char *tm_target, numfix *out, anv_error *err);
void numfix_release(numfix *f);

/* "19→21, January→February": the changes, for a note. */
int numfix_describe(const numfix *f, strbuf *out);

#endif
