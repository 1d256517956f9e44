/*
 * segmenter.c - ICU sentence boundaries + SRX rules (see segmenter.h).
 *
 * How a paragraph is split:
 *   1. The UTF-8 text is converted once to UTF-16 (ICU's regex engine and
 *      break iterator are fastest on UTF-16), with a table from UTF-16
 *      index back to byte offset.
 *   2. Candidates: ICU sentence boundaries, plus the match ends of every
 *      break="yes" rule's <beforebreak>, found in one pass over the
 *      paragraph for all such rules (scan_rules: the regex runs only
 *      where a match can start).
 *   3. Each candidate is widened to its gap (the white space around it,
 *      and for the rules also the closing brackets and quotes just before
 *      that) and the rules are tried at every position of the gap, in
 *      cascade order, until one matches.  A break decision anywhere in
 *      the gap splits; otherwise a no-break decision vetoes ICU.
 *
 * Trying a rule at one position: most rules have a <beforebreak> of
 * bounded length, so the rule is compiled once as the single expression
 * (?<=(?:BEFORE))(?:AFTER) and tried with uregex_lookingAt at the
 * position: a few hundred nanoseconds, whatever the paragraph length.
 * Scanning every no-break rule over the whole paragraph instead would cost
 * rules x length, and a rule beginning with \b cannot use ICU's
 * start-character optimisation, so a 40-rule file would run at a few MB/s.
 * ICU refuses look-behind of unbounded length (\w+, .*); such a rule
 * falls back to a scan of its <beforebreak> over the paragraph that
 * records where its matches end: in the same pass as the break rules when
 * the rule has a start hint, else once per paragraph by ICU when the rule
 * is first needed.
 *
 * Even so, a look-behind over alternatives costs thousands of
 * instructions per try (measured with callgrind: 8,000 on average, 44% of
 * the run time on Hindi news).  Most rules can only match after one
 * particular character (a full stop) or before one (white space), so a
 * regex_hint on the characters around the position skips the regex at
 * most candidates.
 */
#include "segment/segmenter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "base/array.h"
#include "segment/regex_hint.h"
#include "segment/rule_filter.h"
#include "base/strbuf.h"

enum { CAND_ICU = 1, CAND_RULE = 2 };
/* Hinted rules (scan_rules): at most 15, so that a character's entry in
 * segmenter.char_rules holds a bit per rule for "a match may start with
 * it" (bits 0-14), one for "a match may end with it" (bits 16-30) and
 * CHAR_KNOWN. */
enum { HINTED_MAX = 15, END_SHIFT = 16 };
#define CHAR_KNOWN 0x80000000u

/* A place where some hinted rules may start a match (scan_rules). */
typedef struct scan_cand {
    int32_t at;     /* UTF-16 index */
    uint32_t rules; /* bit k: hinted[k] */
} scan_cand;

typedef struct seg_rule {
    int is_break;
    int has_before;
    URegularExpression *point;  /* (?<=(?:B))(?:A), or NULL */
    URegularExpression *before; /* B alone: scanning (break rules and rules
                                   without `point`); NULL otherwise */
    URegularExpression *after;  /* A alone when there is no `point` and A
                                   is not empty; NULL otherwise */
    regex_hint *last;  /* what B's last character can be, or NULL */
    regex_hint *first; /* what A's first character can be, or NULL */
    int scanned;       /* its matches are found over the whole paragraph
                          (scan_rules): a break rule, or a rule whose B has
                          no combined expression (`ends`) */
    int anchored;      /* scanned, and a match can only start at 0 (^) */
    regex_hint *start; /* scanned: what a match's first character can be
                          (`first` itself when B is empty) */
    regex_hint *end;   /* scanned: what its last one can be, or NULL
                          (`last` itself when B is not empty) */
    int hint_bit;      /* its bit in segmenter.char_rules, or -1 */
    unsigned scan_gen; /* paragraph number the scanned part got the text */
    rule_filter *filter; /* what must stand before B's final full stop */
    unsigned point_gen;  /* paragraph number `point` was given the text */
    unsigned after_gen;
    unsigned ends_gen;   /* paragraph number `ends` was computed for */
    unsigned char *ends; /* ends[i] != 0: a B match ends at UTF-16 index i */
    size_t ends_cap;
    long line;           /* where the rule is, for messages */
    int index;
    char *set_name;
} seg_rule;

struct segmenter {
    UBreakIterator *bi;
    seg_rule *rules;
    size_t n_rules;
    unsigned gen;          /* counts paragraphs, for the lazy setText */
    UChar *u16;            /* the paragraph in UTF-16 */
    int32_t *to_byte;      /* UTF-16 index -> byte offset, n + 1 entries */
    unsigned char *flags;  /* per UTF-16 index: CAND_ICU | CAND_RULE */
    size_t cap;            /* of u16, to_byte, flags */
    seg_span *spans;
    size_t n_spans, cap_spans;
    char *srx_file;        /* the SRX file's name, for messages */
    seg_rule *hinted[HINTED_MAX]; /* scanned rules with a start hint */
    int n_hinted;
    uint32_t anchored_bits;  /* the hinted rules that are anchored */
    uint32_t *char_rules;  /* per BMP character: what hinted rules it may
                              start and end (see HINTED_MAX), filled on
                              first sight */
    scan_cand *cands;      /* scan_rules: where hinted rules may start */
    size_t cap_cands;
};


static int oom(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

static int icu_fail(anv_error *err, const char *what, UErrorCode st)
{
    return anv_error_set(err, ANV_EINTERNAL, "ICU %s: %s", what,
                         u_errorName(st));
}

/* A regex failed while matching rule r.  Hitting the bounds set by
 * srx_regex_limit (a rule that backtracks without end) names the rule;
 * the caller adds the input's place. */
static int regex_fail(const segmenter *sg, const seg_rule *r, UErrorCode st,
                      anv_error *err)
{
    if (!srx_regex_is_limit(st))
        return icu_fail(err, "regex", st);
    return anv_error_set_at(err, ANV_ELIMIT, sg->srx_file, r->line, 0,
                            "rule %d of languagerule \"%s\" gave up (%s: "
                            "the rule backtracks without end)",
                            r->index, r->set_name ? r->set_name : "",
                            u_errorName(st));
}

/* ---- compiling ----------------------------------------------------- */

/* Compile one part of a rule; when ICU refuses it as written, try the
 * Java-compatible rewrite (srx_regex_java_compat).  *used is the pattern
 * text that compiled (the original or *rewritten, which the caller frees). */
static URegularExpression *compile_part(const char *file, const srx_rule *r,
                                        const char *which,
                                        const char *pattern,
                                        const char **used, char **rewritten,
                                        anv_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    long off;
    *used = pattern;
    *rewritten = NULL;
    URegularExpression *re = srx_regex_compile(pattern, 0, &st, &off);
    if (re)
        return re;
    char *alt = srx_regex_java_compat(pattern);
    if (alt) {
        UErrorCode st2 = U_ZERO_ERROR;
        long off2;
        re = srx_regex_compile(alt, 0, &st2, &off2);
        if (re) {
            *used = *rewritten = alt;
            return re;
        }
        free(alt);
    }
    if (st == U_MEMORY_ALLOCATION_ERROR)
        oom(err);
    else
        anv_error_set_at(err, ANV_EPARSE, file, r->line, 0,
                         "rule %d of languagerule \"%s\": bad %s regex "
                         "\"%s\": %s at character %ld",
                         r->index, r->set_name, which, pattern,
                         u_errorName(st), off + 1);
    return NULL;
}

static int compile_rule(seg_rule *out, const srx_rule *r, const char *file,
                        anv_error *err)
{
    out->is_break = r->is_break;
    out->has_before = r->before[0] != '\0';
    out->line = r->line;
    out->index = r->index;
    if (r->set_name && !(out->set_name = strdup(r->set_name)))
        return oom(err);
    /* Each part alone first, so that an error points at the part. */
    URegularExpression *b = NULL, *a = NULL;
    const char *before = r->before, *after = r->after;
    char *before_rw = NULL, *after_rw = NULL;
    int rc = ANV_OK;
    if (out->has_before &&
        !(b = compile_part(file, r, "beforebreak", r->before, &before,
                           &before_rw, err))) {
        rc = err ? err->code : ANV_EPARSE;
        goto out;
    }
    if (r->after[0] &&
        !(a = compile_part(file, r, "afterbreak", r->after, &after,
                           &after_rw, err))) {
        rc = err ? err->code : ANV_EPARSE;
        goto out;
    }
    if (out->has_before) {
        strbuf p = STRBUF_INIT;
        if (strbuf_printf(&p, "(?<=(?:%s))(?:%s)", before, after)) {
            rc = oom(err);
            goto out;
        }
        UErrorCode st = U_ZERO_ERROR;
        long off;
        /* Fails for a look-behind of unbounded length: that rule is then
         * tried by scanning (see the top of this file). */
        out->point = srx_regex_compile(p.data, 0, &st, &off);
        strbuf_release(&p);
        if (st == U_MEMORY_ALLOCATION_ERROR) {
            rc = oom(err);
            goto out;
        }
    }
    /* Cheap pre-checks on the characters around the position. */
    if (out->has_before) {
        out->last = regex_hint_last(before);
        out->filter = rule_filter_new(before);
    }
    if (r->after[0])
        out->first = regex_hint_first(after);
    /* Rules scanned over the paragraph are tried only where a match can
     * start (scan_rules). */
    out->hint_bit = -1;
    out->scanned = out->is_break || (out->has_before && !out->point);
    const char *scan = out->has_before ? before : after;
    if (out->scanned && scan[0]) {
        out->anchored = regex_hint_anchored(scan);
        out->start = out->has_before ? regex_hint_first(before) : out->first;
        out->end = out->has_before ? out->last : regex_hint_last(after);
    }
    /* Without a combined expression the parts are used one by one. */
    if (!out->point) {
        out->after = a;
        a = NULL;
    }
    if (out->has_before && (out->is_break || !out->point)) {
        out->before = b;
        b = NULL;
    }
out:
    uregex_close(a);
    uregex_close(b);
    free(before_rw);
    free(after_rw);
    return rc;
}

segmenter *segmenter_new(const srx_rules *rules, const char *lang,
                         anv_error *err)
{
    segmenter *sg = calloc(1, sizeof *sg);
    if (!sg) {
        oom(err);
        return NULL;
    }
    UErrorCode st = U_ZERO_ERROR;
    sg->bi = ubrk_open(UBRK_SENTENCE, lang, NULL, 0, &st);
    if (U_FAILURE(st)) {
        icu_fail(err, "sentence break iterator", st);
        segmenter_free(sg);
        return NULL;
    }
    const srx_rule **sel = NULL;
    size_t n = 0;
    if (rules && srx_select(rules, lang, &sel, &n, err) != ANV_OK) {
        segmenter_free(sg);
        return NULL;
    }
    if (rules && !(sg->srx_file = strdup(srx_name(rules)))) {
        free(sel);
        oom(err);
        segmenter_free(sg);
        return NULL;
    }
    if (n && !(sg->rules = calloc(n, sizeof *sg->rules))) {
        free(sel);
        oom(err);
        segmenter_free(sg);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        sg->n_rules = i + 1;
        if (compile_rule(&sg->rules[i], sel[i], srx_name(rules), err)) {
            free(sel);
            segmenter_free(sg);
            return NULL;
        }
        seg_rule *r = &sg->rules[i];
        if (r->start && sg->n_hinted < HINTED_MAX) {
            r->hint_bit = sg->n_hinted;
            if (r->anchored)
                sg->anchored_bits |= 1u << r->hint_bit;
            sg->hinted[sg->n_hinted++] = r;
        }
    }
    free(sel);
    return sg;
}

void segmenter_free(segmenter *sg)
{
    if (!sg)
        return;
    for (size_t i = 0; i < sg->n_rules; i++) {
        uregex_close(sg->rules[i].point);
        uregex_close(sg->rules[i].before);
        uregex_close(sg->rules[i].after);
        if (sg->rules[i].start != sg->rules[i].first)
            regex_hint_free(sg->rules[i].start);
        if (sg->rules[i].end != sg->rules[i].last)
            regex_hint_free(sg->rules[i].end);
        regex_hint_free(sg->rules[i].last);
        regex_hint_free(sg->rules[i].first);
        rule_filter_free(sg->rules[i].filter);
        free(sg->rules[i].ends);
        free(sg->rules[i].set_name);
    }
    free(sg->rules);
    ubrk_close(sg->bi);
    free(sg->u16);
    free(sg->to_byte);
    free(sg->flags);
    free(sg->spans);
    free(sg->srx_file);
    free(sg->char_rules);
    free(sg->cands);
    free(sg);
}

size_t segmenter_rule_count(const segmenter *sg)
{
    return sg->n_rules;
}

/* ---- one paragraph ------------------------------------------------- */

/* White space as ICU's \s sees it (Unicode White_Space).  Every such
 * character is in the BMP, so one UTF-16 unit is enough. */
static int is_space(UChar c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0d) ||
           (c > 0x7f && u_isUWhiteSpace(c));
}

/* Closing brackets and quotes (they may follow a full stop). */
static int is_closer(UChar c)
{
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '}')
        return 1;
    if (c < 0x80)
        return 0;
    int8_t t = u_charType(c);
    return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION;
}

/* The paragraph in UTF-16, and the byte offset of each UTF-16 index.
 * (ICU's u_strFromUTF8, plus its UTF-8 length count at each span's ends
 * instead of the table, took 20 % longer on Hindi news.)  The loop works
 * on local copies of the pointers: stores through sg->to_byte could
 * otherwise change sg->u16 for all the compiler knows, and it reloaded
 * both at every character. */
static int to_utf16(segmenter *sg, const char *text, size_t len,
                    int32_t *n16, anv_error *err)
{
    if (len >= (size_t)INT32_MAX / 2)
        return anv_error_set(err, ANV_ELIMIT, "paragraph too long (%zu bytes)",
                             len);
    if (len + 1 > sg->cap) {
        size_t nc = len + 1 < 256 ? 256 : (len + 1) * 3 / 2;
        UChar *u = realloc(sg->u16, nc * sizeof *u);
        if (u)
            sg->u16 = u;
        int32_t *t = realloc(sg->to_byte, nc * sizeof *t);
        if (t)
            sg->to_byte = t;
        unsigned char *f = realloc(sg->flags, nc);
        if (f)
            sg->flags = f;
        if (!u || !t || !f)
            return oom(err);
        sg->cap = nc;
    }
    const uint8_t *s = (const uint8_t *)text;
    UChar *u16 = sg->u16;
    int32_t *to_byte = sg->to_byte;
    int32_t i = 0, n = (int32_t)len, k = 0;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0)
            return anv_error_set(err, ANV_EUTF8,
                                 "invalid UTF-8 at byte %ld", (long)at + 1);
        if (c <= 0xffff) {
            to_byte[k] = at;
            u16[k++] = (UChar)c;
        } else {
            to_byte[k] = at;
            u16[k++] = U16_LEAD(c);
            to_byte[k] = at;
            u16[k++] = U16_TRAIL(c);
        }
    }
    to_byte[k] = n;
    *n16 = k;
    return ANV_OK;
}

/* Mark where the break rule's <beforebreak> (or, when it is empty, its
 * <afterbreak>) matches: the ends (starts) of its matches.  This is the
 * way for a rule without a start hint; see scan_rules. */
static int scan_break_rule(segmenter *sg, seg_rule *r, int32_t n,
                           anv_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    URegularExpression *re = r->has_before ? r->before : r->after;
    if (!re) { /* both parts empty: it matches everywhere */
        for (int32_t i = 1; i < n; i++)
            sg->flags[i] |= CAND_RULE;
        return ANV_OK;
    }
    uregex_setText(re, sg->u16, n, &st);
    if (re == r->after)
        r->after_gen = sg->gen;
    while (U_SUCCESS(st) && uregex_findNext(re, &st)) {
        int32_t at = r->has_before ? uregex_end(re, 0, &st)
                                   : uregex_start(re, 0, &st);
        if (U_SUCCESS(st) && at > 0 && at < n)
            sg->flags[at] |= CAND_RULE;
    }
    return U_FAILURE(st) ? regex_fail(sg, r, st, err) : ANV_OK;
}

/* What hinted rules code point c may start and end (see HINTED_MAX). */
static uint32_t char_rules_of(const segmenter *sg, UChar32 c)
{
    uint32_t m = 0;
    for (int k = 0; k < sg->n_hinted; k++) {
        const seg_rule *r = sg->hinted[k];
        if (regex_hint_allows(r->start, c))
            m |= 1u << k;
        if (!r->end || regex_hint_allows(r->end, c))
            m |= 1u << (k + END_SHIFT);
    }
    return m;
}

/* Clear r->ends for a paragraph of n UTF-16 units. */
static int ends_reset(segmenter *sg, seg_rule *r, int32_t n, anv_error *err)
{
    if ((size_t)n + 1 > r->ends_cap) {
        unsigned char *e = realloc(r->ends, (size_t)n + 1);
        if (!e)
            return oom(err);
        r->ends = e;
        r->ends_cap = (size_t)n + 1;
    }
    memset(r->ends, 0, (size_t)n + 1);
    r->ends_gen = sg->gen;
    return ANV_OK;
}

/* Try scanned rule r's regex at i; on a match record it (a break
 * candidate, an end of B) and set *resume to where a search for the next
 * match goes on, as uregex_findNext would. */
static int try_scanned_at(segmenter *sg, seg_rule *r, int32_t i, int32_t n,
                          int32_t *resume, anv_error *err)
{
    URegularExpression *re = r->has_before ? r->before : r->after;
    UErrorCode st = U_ZERO_ERROR;
    if (r->scan_gen != sg->gen) {
        uregex_setText(re, sg->u16, n, &st);
        r->scan_gen = sg->gen;
        if (re == r->after)
            r->after_gen = sg->gen;
    }
    if (!uregex_lookingAt(re, i, &st))
        return U_FAILURE(st) ? regex_fail(sg, r, st, err) : ANV_OK;
    int32_t end = uregex_end(re, 0, &st);
    if (U_FAILURE(st))
        return regex_fail(sg, r, st, err);
    int32_t at = r->has_before ? end : i;
    if (r->is_break && at > 0 && at < n)
        sg->flags[at] |= CAND_RULE;
    if (r->has_before && !r->point)
        r->ends[end] = 1;
    *resume = end > i ? end : i + 1;
    return ANV_OK;
}

/* The scanned rules' matches over the paragraph, found the way
 * uregex_findNext finds them (leftmost first, each search going on where
 * the last match ended) but with the regex tried only where a match can
 * start, and only when the paragraph holds a character a match can end
 * with (for an anchored rule: only at 0).
 *
 * Why: findNext tests every character of the paragraph against the
 * pattern's start set, and for a character above U+00FF that is a binary
 * search in a UnicodeSet; with the ten scanned rules of dict/segment.srx
 * that was over a third of `anuvad segment`'s time on Hindi news (perf).
 * Here one pass reads one table entry per character for all the rules at
 * once.  The end test matters as much: a rule such as [।॥.?!]\s+["')]+
 * may start at every danda, and each regex call costs about a
 * microsecond, but most paragraphs hold none of its closing quotes.  A
 * rule without a start hint is scanned by ICU: a break rule now, a rule's
 * `ends` when first needed. */
static int scan_rules(segmenter *sg, int32_t n, anv_error *err)
{
    int rc;
    for (size_t i = 0; i < sg->n_rules; i++) {
        seg_rule *r = &sg->rules[i];
        if (!r->scanned)
            continue;
        if (r->hint_bit < 0) {
            if (r->is_break && (rc = scan_break_rule(sg, r, n, err)) != ANV_OK)
                return rc;
            continue;
        }
        if (r->has_before && !r->point &&
            (rc = ends_reset(sg, r, n, err)) != ANV_OK)
            return rc;
    }
    if (sg->n_hinted == 0 || n == 0)
        return ANV_OK;
    if (!sg->char_rules &&
        !(sg->char_rules = calloc(65536, sizeof *sg->char_rules)))
        return oom(err);

    /* One pass: where rules may start, and which may end somewhere. */
    size_t n_cands = 0;
    uint32_t ends_seen = 0;
    for (int32_t i = 0; i < n; i++) {
        UChar u = sg->u16[i];
        uint32_t m;
        if (U16_IS_LEAD(u) && i + 1 < n && U16_IS_TRAIL(sg->u16[i + 1])) {
            m = char_rules_of(sg, U16_GET_SUPPLEMENTARY(u, sg->u16[i + 1]));
        } else {
            m = sg->char_rules[u];
            if (!(m & CHAR_KNOWN))
                sg->char_rules[u] = m = char_rules_of(sg, u) | CHAR_KNOWN;
        }
        ends_seen |= m >> END_SHIFT;
        uint32_t starts = m & ((1u << HINTED_MAX) - 1);
        if (i > 0)
            starts &= ~sg->anchored_bits;
        if (!starts)
            continue;
        if (array_grow(&sg->cands, &sg->cap_cands, n_cands + 1,
                       sizeof *sg->cands))
            return oom(err);
        sg->cands[n_cands].at = i;
        sg->cands[n_cands++].rules = starts;
    }

    /* The regex calls, in the order findNext would make them. */
    int32_t resume[HINTED_MAX] = {0};
    for (size_t c = 0; c < n_cands; c++) {
        int32_t i = sg->cands[c].at;
        uint32_t m = sg->cands[c].rules & ends_seen;
        for (int k = 0; m; k++, m >>= 1)
            if ((m & 1) && i >= resume[k] &&
                (rc = try_scanned_at(sg, sg->hinted[k], i, n, &resume[k],
                                     err)) != ANV_OK)
                return rc;
    }
    return ANV_OK;
}

/* For a rule without a combined expression: where its <beforebreak>
 * matches end, computed once per paragraph. */
static int scan_ends(segmenter *sg, seg_rule *r, int32_t n, anv_error *err)
{
    int rc = ends_reset(sg, r, n, err);
    if (rc != ANV_OK)
        return rc;
    UErrorCode st = U_ZERO_ERROR;
    uregex_setText(r->before, sg->u16, n, &st);
    while (U_SUCCESS(st) && uregex_findNext(r->before, &st)) {
        int32_t e = uregex_end(r->before, 0, &st);
        if (U_SUCCESS(st))
            r->ends[e] = 1;
    }
    if (U_FAILURE(st))
        return regex_fail(sg, r, st, err);
    return ANV_OK;
}

/* Does rule r match at UTF-16 position x?  1 yes, 0 no, <0 error. */
static int rule_matches(segmenter *sg, seg_rule *r, int32_t x, int32_t n,
                        anv_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    UChar32 c;
    if (r->last) { /* most rules end with one given character: check it */
        int32_t k = x;
        if (x == 0)
            return 0;
        U16_PREV(sg->u16, 0, k, c);
        if (!regex_hint_allows(r->last, c))
            return 0;
    }
    if (r->filter && !rule_filter_may_match(r->filter, sg->u16, x))
        return 0;
    if (r->first) {
        int32_t k = x;
        if (x >= n)
            return 0;
        U16_NEXT(sg->u16, k, n, c);
        if (!regex_hint_allows(r->first, c))
            return 0;
    }
    if (r->point) {
        if (r->point_gen != sg->gen) {
            uregex_setText(r->point, sg->u16, n, &st);
            r->point_gen = sg->gen;
        }
        UBool hit = uregex_lookingAt(r->point, x, &st);
        return U_FAILURE(st) ? regex_fail(sg, r, st, err) : hit != 0;
    }
    if (r->has_before) {
        if (r->ends_gen != sg->gen) {
            int rc = scan_ends(sg, r, n, err);
            if (rc != ANV_OK)
                return rc;
        }
        if (!r->ends[x])
            return 0;
    }
    if (!r->after)
        return 1;
    if (r->after_gen != sg->gen) {
        uregex_setText(r->after, sg->u16, n, &st);
        r->after_gen = sg->gen;
    }
    UBool hit = uregex_lookingAt(r->after, x, &st);
    return U_FAILURE(st) ? regex_fail(sg, r, st, err) : hit != 0;
}

/* The decision of the first rule matching at x: 1 break, 0 no break,
 * -1 no rule matches; ANV_E* (< -1) on error. */
static int decide(segmenter *sg, int32_t x, int32_t n, anv_error *err)
{
    for (size_t i = 0; i < sg->n_rules; i++) {
        int m = rule_matches(sg, &sg->rules[i], x, n, err);
        if (m < 0)
            return m < -1 ? m : ANV_EINTERNAL;
        if (m)
            return sg->rules[i].is_break;
    }
    return -1;
}

static int add_span(segmenter *sg, int32_t from, int32_t to, anv_error *err)
{
    while (from < to && is_space(sg->u16[from]))
        from++;
    while (to > from && is_space(sg->u16[to - 1]))
        to--;
    if (from == to)
        return ANV_OK;
    if (array_grow(&sg->spans, &sg->cap_spans, sg->n_spans + 1,
                   sizeof *sg->spans))
        return oom(err);
    sg->spans[sg->n_spans].start = (size_t)sg->to_byte[from];
    sg->spans[sg->n_spans].end = (size_t)sg->to_byte[to];
    sg->n_spans++;
    return ANV_OK;
}

int segmenter_split(segmenter *sg, const char *text, size_t len,
                    const seg_span **spans, size_t *n_out, anv_error *err)
{
    *spans = NULL;
    *n_out = 0;
    sg->n_spans = 0;
    if (++sg->gen == 0) { /* wrapped: 0 means "never" in the *_gen fields */
        for (size_t i = 0; i < sg->n_rules; i++)
            sg->rules[i].point_gen = sg->rules[i].after_gen =
                sg->rules[i].ends_gen = sg->rules[i].scan_gen = 0;
        sg->gen = 1;
    }
    int32_t n = 0;
    int rc = to_utf16(sg, text, len, &n, err);
    if (rc != ANV_OK)
        return rc;
    memset(sg->flags, 0, (size_t)n + 1);

    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(sg->bi, sg->u16, n, &st);
    if (U_FAILURE(st))
        return icu_fail(err, "sentence break iterator", st);
    for (int32_t b = ubrk_next(sg->bi); b != UBRK_DONE && b < n;
         b = ubrk_next(sg->bi))
        sg->flags[b] |= CAND_ICU;
    if ((rc = scan_rules(sg, n, err)) != ANV_OK)
        return rc;

    int32_t seg_start = 0;
    for (int32_t i = 1; i < n; i++) {
        if (!sg->flags[i])
            continue;
        if (U16_IS_TRAIL(sg->u16[i]) && U16_IS_LEAD(sg->u16[i - 1]))
            continue; /* never inside a character (a rule may match anywhere) */
        /* The gap: white space q..p around the candidate, and for the
         * rules also the closing brackets and quotes just before it, so
         * that "(डॉ.) उपाधि" is judged where the abbreviation ends. */
        int32_t q = i, p = i, from;
        while (q > 0 && is_space(sg->u16[q - 1]))
            q--;
        while (p < n && is_space(sg->u16[p]))
            p++;
        if (q == 0 || p == n) { /* white space at an edge: nothing to split */
            i = p;
            continue;
        }
        from = q;
        while (from > seg_start + 1 && from > q - 8 &&
               is_closer(sg->u16[from - 1]))
            from--;
        int32_t brk = -1;
        int veto = 0, icu = 0;
        for (int32_t x = from; x <= p && brk < 0; x++) {
            if (x >= q) /* ICU's boundaries before q had their own gap */
                icu |= sg->flags[x] & CAND_ICU;
            int d = decide(sg, x, n, err);
            if (d < -1)
                return d;
            if (d == 1)
                brk = x;
            else if (d == 0)
                veto = 1;
        }
        if (brk >= 0 && brk < q) { /* a rule breaks before the closers */
            if ((rc = add_span(sg, seg_start, brk, err)) != ANV_OK)
                return rc;
            seg_start = brk;
        } else if (brk >= 0 || (icu && !veto)) {
            if ((rc = add_span(sg, seg_start, q, err)) != ANV_OK)
                return rc;
            seg_start = p;
        }
        i = p;
    }
    if ((rc = add_span(sg, seg_start, n, err)) != ANV_OK)
        return rc;
    *spans = sg->spans;
    *n_out = sg->n_spans;
    return ANV_OK;
}
