/*
 * devanagari.h - spelling facts about Hindi words in Devanagari.
 *
 * Hindi has several accepted ways to write the same word, and a spell
 * checker that knows only one of them flags correct text:
 *   - nukta on the Perso-Arabic letters क़ ख़ ग़ ज़ फ़ is often left out
 *     (ज़रूरत / जरूरत).  ड़ and ढ़ are different letters, not variants, so
 *     their nukta is kept (पढ़ना is right, पढना is a typo);
 *   - chandrabindu and anusvara are used for the same nasal (हाँ / हां);
 *   - a nasal consonant + virama before a consonant of its own class is
 *     written as anusvara (हिन्दी / हिंदी, सम्बन्ध / संबंध);
 *   - ZWJ / ZWNJ only change how a conjunct is drawn.
 * devanagari_fold() maps a word to a key in which all of these coincide,
 * so "is some variant of this word in the dictionary" is one lookup of the
 * folded key.
 *
 * devanagari_is_wellformed() checks the order of signs in an orthographic
 * syllable (a vowel sign only after a consonant, no two vowel signs in a
 * row ...); it keeps broken entries of generated word lists out of the
 * lexicon.  devanagari_edits() enumerates the single-character edits a
 * typist makes, for suggestions.
 */
#ifndef ANUVAD_DEVANAGARI_H
#define ANUVAD_DEVANAGARI_H

#include <stddef.h>

#include "base/strbuf.h"

/* Append the folded form of UTF-8 word w[0..n) (NFC) to `out`.  Returns
 * ANV_OK or ANV_ENOMEM. */
int devanagari_fold(const char *w, size_t n, strbuf *out);

/* 1 when w[0..n) is a non-empty run of Devanagari letters and signs in a
 * valid order (ZWJ/ZWNJ allowed after a virama or a consonant). */
int devanagari_is_wellformed(const char *w, size_t n);

/* Call fn(candidate, len, cost, ctx) for every string one typing slip away
 * from w[0..n): a code point dropped, two adjacent ones swapped, one
 * replaced or one inserted, using the Devanagari letters and signs.  The
 * cost says how likely the slip is (1: a confusable sign such as ि/ी or a
 * missing virama, 2: any other sign, 3: a letter).  Stops early and returns
 * the callback's value when it is non-zero; returns ANV_ENOMEM on memory
 * failure, else 0. */
int devanagari_edits(const char *w, size_t n,
                     int (*fn)(const char *cand, size_t len, int cost,
                               void *ctx),
                     void *ctx);

/* Weighted edit distance between two words (in the units of
 * devanagari_edits' costs); used to rank suggestions. */
int devanagari_distance(const char *a, size_t an, const char *b, size_t bn);

#endif
