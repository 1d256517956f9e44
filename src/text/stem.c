/*
 * stem.c - Snowball stemmers through libstemmer (see stem.h).
 *
 * A thin wrapper: libstemmer works on UTF-8 directly and returns a
 * buffer it owns, so there is nothing to convert or copy.
 */
#include "text/stem.h"

#include <libstemmer.h>
#include <limits.h>
#include <stdlib.h>

struct word_stemmer {
    struct sb_stemmer *sb;
};

word_stemmer *word_stemmer_new(const char *language, anv_error *err)
{
    word_stemmer *s = calloc(1, sizeof *s);
    if (!s) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    s->sb = sb_stemmer_new(language, "UTF_8");
    if (!s->sb) {
        anv_error_set(err, ANV_EINTERNAL,
                      "no Snowball stemmer for %s (libstemmer)", language);
        free(s);
        return NULL;
    }
    return s;
}

void word_stemmer_free(word_stemmer *s)
{
    if (!s)
        return;
    sb_stemmer_delete(s->sb);
    free(s);
}

int word_stemmer_stem(word_stemmer *s, const char *w, size_t n,
                      const char **stem, size_t *stem_len, anv_error *err)
{
    if (n > INT_MAX)
        return anv_error_set(err, ANV_EINVAL, "word too long to stem");
    const sb_symbol *out = sb_stemmer_stem(s->sb, (const sb_symbol *)w, (int)n);
    if (!out)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    *stem = (const char *)out;
    *stem_len = (size_t)sb_stemmer_length(s->sb);
    return ANV_OK;
}
