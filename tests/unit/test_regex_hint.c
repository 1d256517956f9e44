/*
 * test_regex_hint.c - first/last character hints: given where they must
 * be, withheld wherever the pattern leaves any doubt.
 */
#include "testutil.h"

#include <unicode/utf8.h>

#include "regex_hint.h"

/* "yes" lists characters the hint must allow, "no" ones it must refuse. */
static void expect_hint(regex_hint *h, const char *pattern, const char *yes,
                        const char *no)
{
    if (!h)
        fail_msg("no hint for %s", pattern);
    const unsigned char *s;
    for (s = (const unsigned char *)yes; *s;) {
        UChar32 c;
        int32_t i = 0;
        U8_NEXT(s, i, -1, c);
        if (!regex_hint_allows(h, c))
            fail_msg("%s: U+%04X refused", pattern, (unsigned)c);
        s += i;
    }
    for (s = (const unsigned char *)no; *s;) {
        UChar32 c;
        int32_t i = 0;
        U8_NEXT(s, i, -1, c);
        if (regex_hint_allows(h, c))
            fail_msg("%s: U+%04X allowed", pattern, (unsigned)c);
        s += i;
    }
    /* asked twice: the cached answer is the same */
    if (*yes) {
        UChar32 c;
        int32_t i = 0;
        U8_NEXT((const unsigned char *)yes, i, -1, c);
        assert_true(regex_hint_allows(h, c));
    }
    regex_hint_free(h);
}

static void test_last(void **state)
{
    (void)state;
    const char *p;
    p = "\\b(?:Mr|Dr)\\.";
    expect_hint(regex_hint_last(p), p, ".", "rM ।");
    p = "(?<![\\p{L}\\p{M}])(?:डॉ|श्री)\\.";
    expect_hint(regex_hint_last(p), p, ".", "ॉ।");
    p = "[।॥.?!]";
    expect_hint(regex_hint_last(p), p, "।॥.?!", "a|");
    p = "[।॥|.]+";
    expect_hint(regex_hint_last(p), p, "।|", "a");
    p = "I(?<=\\p{Deva}\\s{0,2}I)";
    expect_hint(regex_hint_last(p), p, "I", "i ");
    p = "\\p{Lu}\\b$";
    expect_hint(regex_hint_last(p), p, "AÉ", "a1");
    p = "x\\u0964";
    expect_hint(regex_hint_last(p), p, "।", "x");
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
    const char *p;
    p = "\\s+\\p{Lu}";
    expect_hint(regex_hint_first(p), p, " \t\xc2\xa0", "Aa.");
    p = "(?:etc|Inc|[ap]\\.m)\\.";
    expect_hint(regex_hint_first(p), p, "eIap", "xE.");
    p = "^\\s?\\p{Nd}";
    expect_hint(regex_hint_first(p), p, " 5५", "a");
    p = "(?![|])[\\p{L}\\p{N}_/=&%#~]";
    expect_hint(regex_hint_first(p), p, "aक5_/=&%#~", " .|");
    p = "x|[yz]";
    expect_hint(regex_hint_first(p), p, "xyz", "a");
    assert_null(regex_hint_first("\\s*$|\\s+x")); /* first may be absent */
    assert_null(regex_hint_first("(?![|\"'])"));
    p = "a?b";
    expect_hint(regex_hint_first(p), p, "ab", "c");
    assert_null(regex_hint_first("a?b*"));
    assert_null(regex_hint_first("x|"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last),
        cmocka_unit_test(test_first),
    };
    return cmocka_run_group_tests_name("regex_hint", tests, NULL, NULL);
}
