/*
 * nfc_fast.h - is this UTF-8 line valid and already NFC?  One pass, no
 * UTF-16.
 *
 * Almost every line anuvad reads is Hindi or English and already NFC, yet
 * ICU's check (unorm2_spanQuickCheckYes) wants UTF-16: the text reader
 * validated each line, converted it to UTF-16 only to look at it, and ran
 * the check, which stops at every nukta (U+093C is a "maybe" character)
 * and sent the line down the piece-by-piece path.  Measured with perf on
 * `anuvad segment` over Hindi news, that was a quarter of the run.
 *
 * An nfc_fast holds ICU's own values for U+0000..U+0FFF (Latin, the
 * combining marks, Devanagari and its neighbours) and U+2000..U+20FF
 * (punctuation, currency signs): NFC_Quick_Check,
 * canonical combining class, whether the character decomposes; taken from
 * ICU when the table is made (about 0.2 ms), so they always agree with the
 * ICU anuvad runs on.  nfc_fast_check() then walks the UTF-8 with ICU's
 * U8_NEXT and applies the quick-check algorithm of UAX #15 (canonical
 * order, no NFC_QC=No character).  A "maybe" character is settled on the
 * spot when it follows a starter that does not decompose: it is NFC there
 * unless unorm2_composePair() says the two compose (ज + ़ do not: the
 * precomposed ज़ is a composition exclusion).
 *
 * The answer is 1 only when the line is certainly valid UTF-8, free of NUL
 * bytes, and NFC; 0 means "don't know" (another script, an invalid byte, a
 * maybe that needs context): the caller takes ICU's full path, which also
 * finds and reports what is wrong.  tests/unit/test_text.c compares the
 * answer with unorm2_isNormalized over every pair of characters in the
 * range and over real Hindi and English text.
 */
#ifndef ANUVAD_NFC_FAST_H
#define ANUVAD_NFC_FAST_H

#include <stddef.h>

#include "base/error.h"

typedef struct nfc_fast nfc_fast;

/* The table, from ICU's data.  NULL with err set when out of memory or
 * when ICU has no NFC data. */
nfc_fast *nfc_fast_new(anv_error *err);

void nfc_fast_free(nfc_fast *t);

/* 1: s[0..n) is valid UTF-8 without NUL bytes and NFC.  0: don't know. */
int nfc_fast_check(const nfc_fast *t, const char *s, size_t n);

/* For text that is not all NFC, normalised piece by piece (the text
 * reader keeps an offset map, so it normalises only what changes).  Both
 * take valid UTF-8 and work on any character, asking ICU for those
 * outside the table.
 *
 * nfc_fast_span: the length of the longest start of s that is certainly
 * NFC and ends at a normalisation boundary (the end of s, or a character
 * with unorm2_hasBoundaryBefore); it can be kept as it is.
 * nfc_fast_piece: where the piece that starts at s (at a boundary) ends:
 * the next character with a boundary before it, or n.  Normalising the
 * pieces one by one gives the NFC of the whole. */
size_t nfc_fast_span(const nfc_fast *t, const char *s, size_t n);
size_t nfc_fast_piece(const nfc_fast *t, const char *s, size_t n);

#endif
