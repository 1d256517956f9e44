/*
 * rule_filter.h - a cheap necessary condition for an SRX <beforebreak>
 * that ends in a full stop.
 *
 * Measured on the FLORES Hindi paragraphs (perf, callgrind), ICU regex
 * matching is about half of the segmenter's time, and a few rules cost
 * the most: each try of a look-behind over alternatives or over repeated
 * groups runs the expression from every start the look-behind allows
 * (the dotted-abbreviation rule D3 alone, about 7 us a try, was a fifth
 * of the run).  regex_hint already skips positions whose character before
 * is not a full stop; at a full stop, these rules still run.  A filter
 * looks at the text just before that full stop and says "cannot match"
 * in a few instructions when a match is impossible:
 *
 *   - word lists, "...(?:डॉ|श्री|सं\.\s?रा)\." and "\b(?:Mr|Dr)\.": every
 *     alternative ends in literal letters (श्री, रा, Dr), and a match puts
 *     one of those endings just before the full stop: the filter
 *     compares the endings, last character first;
 *   - dotted abbreviations, "(?:[X]{1,7}\.){1,6}[X]{1,7}\.", X not
 *     matching a full stop: a match has another full stop 2 to 8 places
 *     before this one.
 *
 * A filter is derived from the pattern text only when its shape is
 * certain (no flags, the alternatives' endings plain literals); otherwise
 * there is none and the regex decides, as before.  The filter only ever
 * skips the regex where it could not match, so boundaries do not change.
 */
#ifndef ANUVAD_RULE_FILTER_H
#define ANUVAD_RULE_FILTER_H

#include <unicode/utypes.h>

typedef struct rule_filter rule_filter;

/* The filter for <beforebreak> `before` (UTF-8), or NULL (none; also on
 * out of memory: "always try the regex"). */
rule_filter *rule_filter_new(const char *before);

/* 0 when no match of the rule's <beforebreak> can end at UTF-16 index x
 * of u (u[x - 1] being the full stop it ends with), 1 when one may. */
int rule_filter_may_match(const rule_filter *f, const UChar *u, int32_t x);

void rule_filter_free(rule_filter *f);

#endif
