/*
 * inflection.h - are two Hindi words forms of the same word?  The fuzzy
 * match's diff marks such a pair (लाएँ / लाना, लड़का / लड़कों, करेगा /
 * करता) as an "inflection", so that a translator sees that the match only
 * needs another form of a word it has (docs/matching.md).
 *
 * The test is a pure function of the two words' bytes, so it needs no
 * dictionary: each word loses its
 * longest inflectional ending from a fixed list (noun and adjective
 * plurals and obliques, verb infinitives, participles, futures,
 * imperatives, the agentive -वाला), and the two are forms of one word
 * when what remains is the same and at least two code points long.
 *
 * Measured against apertium-hin's lexicon (dict/hi-lemmas.tsv, 51,000
 * forms and lemmas): of the pairs this test calls one word, 97.4 % share a
 * lemma there; it finds 71.3 % of the pairs that share one (irregular
 * forms such as गया / जाना are not found); tests/eval/inflection-eval.py
 * measures it.
 */
#ifndef ANUVAD_INFLECTION_H
#define ANUVAD_INFLECTION_H

#include <stddef.h>

/* Bytes of `w` (UTF-8, NFC) left when its inflectional ending is taken
 * off: n when it has none, or when it is not Devanagari. */
size_t inflection_stem_len(const char *w, size_t n);

/* Bytes of `w` that name its inflection class, the words the fuzzy score
 * counts as forms of one word (half a word edit apart, docs/matching.md):
 * its stem as above, except for the commonest stems (postpositions,
 * pronouns, auxiliary and light verbs: कर, हो, जा ...), whose forms stay
 * words of their own: n for those, as for a word without an ending.  A
 * pure function of the bytes, like the score. */
size_t inflection_class_len(const char *w, size_t n);

/* 1 when the built-in tables are as the code needs them (a test): the
 * common stems in byte order, the endings longest first, each ending in
 * a code point the quick test before them lets through. */
int inflection_tables_ok(void);

/* 1 when a and b are different forms of the same Hindi word. */
int inflection_same_word(const char *a, size_t an, const char *b, size_t bn);

#endif
