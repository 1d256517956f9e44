/*
 * srx.h - segmentation rules in SRX 2.0 (Segmentation Rules eXchange).
 *
 * An SRX file holds named sets of rules ("languagerules") and a map from
 * language patterns to those sets ("maprules").  Each rule says whether a
 * position in the text is a sentence break (break="yes") or not
 * (break="no"): it applies where its <beforebreak> regular expression
 * matches the text ending at the position and its <afterbreak> expression
 * matches the text starting there.  For a language, the rules are taken
 * from every languagemap whose pattern matches the language code (when the
 * header says cascade="yes") or from the first one only (cascade="no"),
 * in document order; the first rule that matches a position decides.
 *
 * This module only reads and checks the file (libxml2, no network, no
 * DTD, no entity expansion) and selects rules by language; the regular
 * expressions (ICU syntax) are compiled by the segmenter, lazily, for the
 * one language it segments, so that a 2,800-rule file loads quickly.
 * SRX 1.0 files load too: same elements, <maprule> wrapping the maps.
 *
 *     srx_rules *r = srx_load_file("dict/segment.srx", &err);
 *     const srx_rule **rules; size_t n;
 *     srx_select(r, "hi", &rules, &n, &err);   // Hindi, English, Default
 *     ...
 *     free(rules);
 *     srx_free(r);
 *
 * A loaded srx_rules is never modified, so one can be shared by several
 * segmenters (and threads).
 */
#ifndef ANUVAD_SRX_H
#define ANUVAD_SRX_H

#include <stddef.h>

#include <unicode/uregex.h>

#include "base/error.h"

typedef struct srx_rule {
    int is_break;          /* 1 for break="yes", 0 for break="no" */
    const char *before;    /* UTF-8 regex, "" when absent or empty */
    const char *after;     /* UTF-8 regex, "" when absent or empty */
    const char *set_name;  /* languagerulename of the set it belongs to */
    long line;             /* line of the <rule> element in the file */
    int index;             /* 1-based position of the rule in its set */
} srx_rule;

typedef struct srx_rules srx_rules;

/* Read an SRX file.  Errors name the file and line (malformed XML, a
 * missing attribute, a map to an unknown rule set, a bad language
 * pattern). */
srx_rules *srx_load_file(const char *path, anv_error *err);

/* The same from memory; `name` is used in messages. */
srx_rules *srx_load_memory(const char *name, const char *data, size_t len,
                           anv_error *err);

/* The project's own rules, dict/segment.srx (found with paths_find_data). */
srx_rules *srx_load_default(anv_error *err);

void srx_free(srx_rules *r);

/* The file name given when loading (used in messages). */
const char *srx_name(const srx_rules *r);

/* The rules that apply to language `lang` ("hi", "en-GB" ...), in the order
 * they are tried.  *rules is a malloc()ed array (free() it) of pointers
 * into `r`, valid until srx_free(); a matched rule set may be empty (*n
 * 0).  When no languagemap matches, returns ANV_ENOTFOUND ("FILE: no
 * languagemap matches language ...").  Language patterns are ICU regular
 * expressions matched case-insensitively against the whole code. */
int srx_select(const srx_rules *r, const char *lang, const srx_rule ***rules,
               size_t *n, anv_error *err);

/* Number of rule sets and of rules in the whole file. */
size_t srx_count_sets(const srx_rules *r);
size_t srx_count_rules(const srx_rules *r);

/* Name of rule set i (0-based). */
const char *srx_set_name(const srx_rules *r, size_t i);

/* Compile a UTF-8 ICU regular expression.  On failure returns NULL, sets
 * *status and *char_offset (0-based, in characters of the pattern, -1
 * when ICU does not say).  The expression gets srx_regex_limit's bounds. */
URegularExpression *srx_regex_compile(const char *pattern, uint32_t flags,
                                      UErrorCode *status,
                                      long *char_offset);

/* Bound what one match of `re` may cost, so that a hostile rule such as
 * (a+)+b cannot hang the segmenter: SRX_REGEX_TIME_LIMIT steps of ICU's
 * match engine (a step is 10,000 operations, about a millisecond) and
 * SRX_REGEX_STACK_LIMIT bytes of backtracking stack.  A match that hits
 * either fails with U_REGEX_TIME_OUT or U_REGEX_STACK_OVERFLOW, which
 * srx_regex_is_limit recognises.  uregex_clone does not copy the bounds:
 * call this on every clone. */
#define SRX_REGEX_TIME_LIMIT 2000
#define SRX_REGEX_STACK_LIMIT (8 * 1024 * 1024)
void srx_regex_limit(URegularExpression *re, UErrorCode *status);
int srx_regex_is_limit(UErrorCode status);

/* SRX files written for Java tools (Okapi, OmegaT, LanguageTool) use two
 * things Java accepts and ICU does not: a lone '{' or '}' meaning itself,
 * and '+' or '*' inside a look-behind.  Returns a malloc()ed rewrite with
 * the braces escaped and those quantifiers bounded ({1,64}, {0,64}), or
 * NULL when the pattern needs no change.  The segmenter tries it only
 * after ICU has refused the pattern as written. */
char *srx_regex_java_compat(const char *pattern);

#endif
