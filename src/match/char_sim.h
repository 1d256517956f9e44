/*
 * char_sim.h - character-level similarity of a TM unit's source to the
 * query: the part of the fuzzy score that lets an inflected form, a
 * compound or a spelling variant cost part of a word (docs/matching.md,
 * "Character similarity").
 *
 * Both texts are read as code points (NFC, as the matcher sees them) with
 * white space left out.  With LCS the length of their longest common
 * subsequence, lq and lu the query's and the unit's code points:
 *
 *     similarity = 100 (1 + b^2) LCS / (b^2 lq + lu),  b = 1.5
 *
 * the F-measure of LCS / lu (how much of the unit is kept) and LCS / lq
 * (how much of the query it already has), weighted towards the second:
 * what the unit lacks must be typed, what it has too much is deleted.
 *
 * The LCS is computed bit-parallel (Hyyrö 2004): the query sets one bit
 * vector per distinct code point, and each code point of the unit that
 * the query has costs one add, and, or per 64 query code points; one the
 * query lacks costs a table look-up.  A unit of 150 code points against a
 * query of 150 takes about a microsecond.
 */
#ifndef ANUVAD_CHAR_SIM_H
#define ANUVAD_CHAR_SIM_H

#include <stddef.h>

/* Texts longer than this (code points without white space) get no
 * character similarity (0); the word score alone counts for them. */
#define CHAR_SIM_MAX_CPS 4096

typedef struct char_sim char_sim;

/* NULL when out of memory. */
char_sim *char_sim_new(void);
void char_sim_free(char_sim *c);

/* Similarity 0..100 of `unit` to `query` (valid UTF-8, NFC).  The query's
 * bit vectors are kept and reused while the same query text comes again.
 * Returns -1 when out of memory. */
int char_sim_score(char_sim *c, const char *query, size_t qlen,
                   const char *unit, size_t ulen);

#endif
