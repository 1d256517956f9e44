/*
 * test_regex_hint.c - first/last character hints: given where they must
 * be, withheld wherever the pattern leaves any doubt.
 */
#include "testutil.h"

#include <unicode/utf8.h>

#include "segment/regex_hint.h"

/* Each character of UTF-8 `chars` must be allowed (want 1) or refused
 * (want 0) by the hint. */
static void expect_each(regex_hint *h, const char *pattern, const char *chars,
                        int want)
{
    for (const unsigned char *s = (const unsigned char *)chars; *s;) {
        UChar32 c;
        int32_t i = 0;
        U8_NEXT(s, i, -1, c);
        if ((regex_hint_allows(h, c) != 0) != want)
            fail_msg("%s: U+%04X %s", pattern, (unsigned)c,
                     want ? "refused" : "allowed");
        s += i;
    }
}

/* "yes" lists characters the hint must allow, "no" ones it must refuse. */
static void expect_hint(regex_hint *h, const char *pattern, const char *yes,
                        const char *no)
{
    if (!h)
        fail_msg("no hint for %s", pattern);
    expect_each(h, pattern, yes, 1);
    expect_each(h, pattern, no, 0);
    /* asked twice: the cached answer is the same */
    if (*yes) {
        UChar32 c;
        int32_t i = 0;
        U8_NEXT((const unsigned char *)yes, i, -1, c);
        assert_true(regex_hint_allows(h, c));
    }
    regex_hint_free(h);
}

static void expect_last(const char *p, const char *yes, const char *no)
{
    expect_hint(regex_hint_last(p), p, yes, no);
}

static void expect_first(const char *p, const char *yes, const char *no)
{
    expect_hint(regex_hint_first(p), p, yes, no);
}

static void test_last(void **state)
{
    (void)state;
    expect_last("\\b(?:Mr|Dr)\\.", ".", "rM ।");
    expect_last("(?<![\\p{L}\\p{M}])(?:डॉ|श्री)\\.", ".", "ॉ।");
    expect_last("[।॥.?!]", "।॥.?!", "a|");
    expect_last("[।॥|.]+", "।|", "a");
    expect_last("I(?<=\\p{Deva}\\s{0,2}I)", "I", "i ");
    expect_last("\\p{Lu}\\b$", "AÉ", "a1");
    expect_last("x\\u0964", "।", "x");
    /* no hint where the last character is not certain */
    assert_null(regex_hint_last("a|b\\."));     /* top-level alternation */
    assert_null(regex_hint_last("\\.[\"']*"));  /* optional last element */
    assert_null(regex_hint_last("(?:Mr|Dr)"));  /* a group */
    assert_null(regex_hint_last("(?i)mr\\."));  /* flags */
    assert_null(regex_hint_last("(a)\\1"));     /* back-reference */
    assert_null(regex_hint_last("\\Qa.b\\E"));  /* quoting */
    assert_null(regex_hint_last(""));
    assert_null(regex_hint_last("\\b"));
}

static void test_first(void **state)
{
    (void)state;
    expect_first("\\s+\\p{Lu}", " \t\xc2\xa0", "Aa.");
    expect_first("(?:etc|Inc|[ap]\\.m)\\.", "eIap", "xE.");
    expect_first("^\\s?\\p{Nd}", " 5५", "a");
    expect_first("(?![|])[\\p{L}\\p{N}_/=&%#~]", "aक5_/=&%#~", " .|");
    expect_first("x|[yz]", "xyz", "a");
    assert_null(regex_hint_first("\\s*$|\\s+x")); /* first may be absent */
    assert_null(regex_hint_first("(?![|\"'])"));
    expect_first("a?b", "ab", "c");
    assert_null(regex_hint_first("a?b*"));
    assert_null(regex_hint_first("x|"));
}

/* Anchored: every match starts at the text's start; never claimed when an
 * alternative or a flag could let a match start elsewhere. */
static void test_anchored(void **state)
{
    (void)state;
    assert_true(regex_hint_anchored("^\\s*[।॥|.]+"));
    assert_true(regex_hint_anchored("^\\s*\\p{Nd}{1,3}\\."));
    assert_true(regex_hint_anchored("^(?:a|b)c"));
    assert_false(regex_hint_anchored("^a|b"));      /* b anywhere */
    assert_false(regex_hint_anchored("(?m)^a"));    /* after any newline */
    assert_false(regex_hint_anchored("\\s*^a"));
    assert_false(regex_hint_anchored("a^"));
    assert_false(regex_hint_anchored("[\\^]a"));
    assert_false(regex_hint_anchored(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last),
        cmocka_unit_test(test_first),
        cmocka_unit_test(test_anchored),
    };
    return cmocka_run_group_tests_name("regex_hint", tests, NULL, NULL);
}
