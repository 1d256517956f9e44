/*
 * stem.h - Snowball stemmers (Debian's libstemmer) for Hindi and English.
 *
 * A stemmer cuts a word down to a stem by rules, without a lexicon:
 * फ़ाइलों -> फ़ाइल, files -> file, studies -> studi.  It is fast and knows
 * no exceptions, so it also cuts words that are different words
 * (कक्षा "class" -> कक्ष "cell", सरकारी "governmental" -> सरकार): callers
 * use it only where a lexicon does not know a word, and guard it (see
 * term/term_match.c).  A stemmer is not shared between threads.
 *
 *     word_stemmer *s = word_stemmer_new("hindi", &err);
 *     word_stemmer_stem(s, "फ़ाइलों", strlen("फ़ाइलों"), &stem, &n);
 *     word_stemmer_free(s);
 */
#ifndef ANUVAD_STEM_H
#define ANUVAD_STEM_H

#include <stddef.h>

#include "base/error.h"

typedef struct word_stemmer word_stemmer;

/* A stemmer for Snowball's algorithm `language` ("hindi", "english"). */
word_stemmer *word_stemmer_new(const char *language, anv_error *err);
void word_stemmer_free(word_stemmer *s);

/* The stem of UTF-8 word w[0..n) in *stem (owned by the stemmer, valid
 * until its next call), *stem_len bytes.  English words should be given
 * in lower case. */
int word_stemmer_stem(word_stemmer *s, const char *w, size_t n,
                      const char **stem, size_t *stem_len, anv_error *err);

#endif
