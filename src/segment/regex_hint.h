/*
 * regex_hint.h - which character can start or end a match of a regex.
 *
 * The segmenter tries each SRX rule at each candidate position with one
 * ICU regex call, which costs several thousand instructions when the
 * <beforebreak> is a look-behind over alternatives.  Yet most rules can
 * only match where one particular character stands: "\bDr\." needs a full
 * stop before the position, "\s+\p{Lu}" white space after it.  A hint
 * answers "can a match end (start) with this character?" in a few
 * instructions, so the regex runs only where it might match.
 *
 * A hint is derived from the pattern text and only when that is certain:
 * the last (first) element of the pattern, skipping zero-width assertions
 * (\b, ^, look-arounds), must be one character, one escape such as \s or
 * \p{Lu}, or one [set], appearing at least once.  Alternation at the top
 * level, flags such as (?i), groups, back-references and \Q...\E give no
 * hint.  Membership is decided by ICU itself (the element is compiled as
 * its own regex) and cached per BMP code point, so the hint always agrees
 * with the regex engine.
 */
#ifndef ANUVAD_REGEX_HINT_H
#define ANUVAD_REGEX_HINT_H

#include <unicode/utypes.h>

typedef struct regex_hint regex_hint;

/* The set every match's last character belongs to, or NULL (no hint, or
 * out of memory: both mean "always try the regex"). */
regex_hint *regex_hint_last(const char *pattern);

/* The same for the first character. */
regex_hint *regex_hint_first(const char *pattern);

/* 1 when every match must start at the beginning of the text: the
 * pattern begins with ^ and has no alternative at the top level (a
 * pattern with flags such as (?m), or one this reader does not follow,
 * gives 0). */
int regex_hint_anchored(const char *pattern);

/* 1 when a match may end (start) with code point c, 0 when it cannot. */
int regex_hint_allows(regex_hint *h, UChar32 c);

void regex_hint_free(regex_hint *h);

#endif
