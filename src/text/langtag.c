/*
 * langtag.c - case- and separator-insensitive language tag comparison.
 *
 * Tags are ASCII, so folding is a byte loop; nothing here needs ICU.
 */
#include "text/langtag.h"

#include <string.h>

static char fold_char(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c == '_' ? '-' : c;
}

int langtag_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (fold_char(*a) != fold_char(*b))
            return 0;
    return *a == *b;
}

/* Length of the primary language subtag. */
static size_t primary_len(const char *t)
{
    size_t n = 0;
    while (t[n] && t[n] != '-' && t[n] != '_')
        n++;
    return n;
}

langtag_match langtag_compare(const char *want, const char *have)
{
    if (!want || !have)
        return LANGTAG_NONE;
    if (langtag_equal(want, have))
        return LANGTAG_EXACT;
    size_t pw = primary_len(want), ph = primary_len(have);
    if (pw == 0 || pw != ph)
        return LANGTAG_NONE;
    for (size_t i = 0; i < pw; i++)
        if (fold_char(want[i]) != fold_char(have[i]))
            return LANGTAG_NONE;
    if (want[pw] == '\0' || have[ph] == '\0')
        return LANGTAG_GENERAL;
    return LANGTAG_REGION;
}

int langtag_fold(const char *tag, char *out, size_t size)
{
    size_t n = strlen(tag);
    if (n + 1 > size)
        return 0;
    for (size_t i = 0; i <= n; i++)
        out[i] = fold_char(tag[i]);
    return 1;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

int langtag_is_valid(const char *tag)
{
    size_t n = 0;
    while (is_alpha(tag[n]))
        n++;
    if (n < 1 || n > 8)
        return 0;
    while (tag[n]) {
        if (tag[n] != '-' && tag[n] != '_')
            return 0;
        size_t start = ++n;
        while (is_alnum(tag[n]))
            n++;
        if (n - start < 1 || n - start > 8)
            return 0;
    }
    return 1;
}
