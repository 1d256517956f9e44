/*
 * langtag.h - comparing language tags the way translators expect.
 *
 * TMX files write the same language in many ways: "hi-IN", "HI-IN",
 * "hi_IN", "hi".  Tags are compared case-insensitively (ASCII: BCP 47
 * tags are ASCII by definition), with "_" read as "-".  When the tags are
 * not identical but name the same language (the first subtag), the match
 * is weaker but still a match, so a lookup for hi-IN finds units written
 * as "hi", and one for en-US finds "en" and, as a last resort, "en-GB".
 */
#ifndef ANUVAD_LANGTAG_H
#define ANUVAD_LANGTAG_H

#include <stddef.h>

/* How well a tag in a file matches the tag asked for. */
typedef enum {
    LANGTAG_NONE = 0,     /* another language */
    LANGTAG_REGION = 1,   /* same language, other region: en-US / en-GB */
    LANGTAG_GENERAL = 2,  /* one tag is the bare language: hi / hi-IN */
    LANGTAG_EXACT = 3     /* same tag after case and '_' folding */
} langtag_match;

langtag_match langtag_compare(const char *want, const char *have);

/* 1 when the tags are the same after case and '_' folding. */
int langtag_equal(const char *a, const char *b);

/* Write the folded form of `tag` (lower case, '-' separators) into out,
 * at most `size` bytes with the NUL; returns 0 if it did not fit. */
int langtag_fold(const char *tag, char *out, size_t size);

/* 1 when `tag` looks like a language tag: 1-8 letters, then subtags of
 * 1-8 letters or digits separated by '-' or '_'. */
int langtag_is_valid(const char *tag);

#endif
