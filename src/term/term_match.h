/*
 * term_match.h - finding a glossary's Hindi terms in text, in every
 * inflection and spelling variant.
 *
 * A glossary says फ़ाइल -> file; the text says फ़ाइलों, फाइलें (no nukta);
 * तालिका appears as तालिकाएँ or तालिकाओं, स्तंभ is also written स्तम्भ.
 * Each word is reduced to a set of keys: its folded spelling
 * (text/devanagari.h: nukta, chandrabindu/anusvara, nasal half-letters,
 * ZWJ/ZWNJ coincide) and the folded lemmas the Hindi lexicon gives for it
 * (dict/hi-lemmas.tsv: every inflected form of apertium-hin with its
 * lemma, generated at build time).  A text word matches a term word when
 * their key sets meet.  Only the lexicon relates two different spellings,
 * so a look-alike that is another word does not match: कक्षा ("class")
 * has the lemma कक्षा, not कक्ष ("cell"); चित्रण is not चित्र.
 *
 * Multiword terms match word by word, each word inflected, with only
 * spaces between them.  Where terms overlap the longest wins (more words,
 * then more bytes), left to right, and hits never overlap.
 *
 *     term_matcher *m = term_matcher_new(g, NULL, &err);  // shipped lexicon
 *     term_matcher_find(m, text, len, &hits, &n, &err);
 *     ... glossary_entry_at(g, hits[0].entry), hits[0].start ...
 *     term_matcher_free(m);
 */
#ifndef ANUVAD_TERM_MATCH_H
#define ANUVAD_TERM_MATCH_H

#include <stddef.h>

#include "base/error.h"
#include "term/glossary.h"

typedef struct term_hit {
    size_t entry;      /* glossary_entry_at(g, entry) */
    size_t start, end; /* byte offsets of the words in the text */
} term_hit;

typedef struct term_matcher term_matcher;

/* A matcher over glossary `g` (which must outlive it).  `lemmas` is a
 * form<TAB>lemma file; NULL finds the shipped dict/hi-lemmas.tsv. */
term_matcher *term_matcher_new(const glossary *g, const char *lemmas,
                               anv_error *err);
void term_matcher_free(term_matcher *m);

/* The term hits of text[0..len) (UTF-8), in text order.  *hits belongs to
 * the matcher until its next call. */
int term_matcher_find(term_matcher *m, const char *text, size_t len,
                      const term_hit **hits, size_t *n, anv_error *err);

#endif
