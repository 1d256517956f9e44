/*
 * term_english.h - is a glossary's English term used in a translation?
 *
 * The terminology check and the translate editor ask whether the English
 * of a term ("file", "Security Council", "analysis") stands in the
 * translation in some inflected form: files, Security Councils, analyses.
 * Like the Hindi matcher, it asks a lexicon first and a stemmer only for
 * words the lexicon does not know:
 *
 *   1. the same word, ignoring case;
 *   2. a word hunspell's English dictionary knows counts when one of its
 *      stems (by the dictionary's affix rules: files -> file, studies ->
 *      study) is the term's word, or when it is the word's classical or
 *      irregular plural (analysis/analyses, criterion/criteria,
 *      child/children); a known word with other stems is another word,
 *      however alike (university is not universe, organization not organ);
 *   3. a word the dictionary does not know (blockchains, geotagged) counts
 *      when Snowball's English stemmer gives both the same stem.
 *
 * A term of several words matches word by word with only spaces or
 * hyphens between.
 */
#ifndef ANUVAD_TERM_ENGLISH_H
#define ANUVAD_TERM_ENGLISH_H

#include <stddef.h>

#include "base/error.h"
#include "spell/spell.h"

typedef struct term_english term_english;

/* A finder using `spell`'s English dictionary (en-US or en-GB by
 * `english`); `spell` NULL opens its own.  `spell` must outlive it. */
term_english *term_english_new(spell_checker *spell, spell_lang english,
                               anv_error *err);
void term_english_free(term_english *t);

/* 1 when English `term` is used in text[0..len) (UTF-8), with the byte
 * range of its first use in *start, *end (either may be NULL); 0 when it
 * is not; a negative error code (out of memory, dictionary missing). */
int term_english_find(term_english *t, const char *text, size_t len,
                      const char *term, size_t *start, size_t *end,
                      anv_error *err);

#endif
