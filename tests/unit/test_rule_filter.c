/*
 * test_rule_filter.c - the full-stop rule filters (src/segment/
 * rule_filter.c): which patterns get one, and that a filter says "may
 * match" wherever the rule's regex matches (it only skips the regex where
 * it cannot), checked against ICU on every full stop of a sample text.
 */
#include "testutil.h"

#include <unicode/ustring.h>

#include "segment/rule_filter.h"
#include "segment/srx.h"

static const char *const WORDS_H1 =
    "(?<![\\p{L}\\p{M}])(?:डॉ|श्री|सु|प्रो|सं\\.\\s?रा|सं)\\.";
static const char *const WORDS_E3 = "\\b(?:Mr|Mrs|Dr|St|al)\\.";
static const char *const DOTS_D3 =
    "(?<![\\p{L}\\p{M}\\p{N}.@/_-])(?:[\\p{Deva}]{1,7}\\.){1,6}[\\p{Deva}]{1,7}\\.";
static const char *const DOTS_D2 =
    "(?<![\\p{L}\\p{M}\\p{N}.@/_-])(?![Ww]{3}\\.)(?:\\p{Latn}{1,3}\\.){1,6}\\p{Latn}{1,3}\\.";

static void which_patterns(void **state)
{
    (void)state;
    const char *with[] = {WORDS_H1, WORDS_E3, DOTS_D3, DOTS_D2,
                          "\\.\\s?(?:के|जी|आई)\\."};
    for (size_t i = 0; i < sizeof with / sizeof *with; i++) {
        rule_filter *f = rule_filter_new(with[i]);
        assert_non_null(f);
        rule_filter_free(f);
    }
    const char *without[] = {
        "\\.(?<=\\b(?:etc|Inc|[ap]\\.m)\\.)", /* does not end in \. */
        "(?<![^\\s(\\[\"'])\\p{Lu}\\.",       /* no list, no dots */
        "^\\s*\\p{Nd}{1,3}\\.",               /* a quantifier, no group */
        "(?i)\\b(?:mr|dr)\\.",                /* flags */
        "\\b(?:Mr|D[a-z])\\.",                /* an alternative's ending is a set */
        "\\b(?:Mr|Dr?)\\.",                   /* ... or optional */
        "(?:[\\p{L}.]{1,3}\\.){1,2}[\\p{L}.]{1,3}\\.", /* the class takes a dot */
        "[।॥.?!]",
    };
    for (size_t i = 0; i < sizeof without / sizeof *without; i++)
        assert_null(rule_filter_new(without[i]));
}

/* At every full stop of `text`: the regex "(?<=(?:B))" matching means the
 * filter allows. */
static void agrees(const char *before, const char *text, int want_skips)
{
    rule_filter *f = rule_filter_new(before);
    assert_non_null(f);
    char point[512];
    snprintf(point, sizeof point, "(?<=(?:%s))", before);
    UErrorCode st = U_ZERO_ERROR;
    long off;
    URegularExpression *re = srx_regex_compile(point, 0, &st, &off);
    assert_non_null(re);
    UChar u[512];
    int32_t n;
    u_strFromUTF8(u, 512, &n, text, -1, &st);
    uregex_setText(re, u, n, &st);
    int skips = 0;
    for (int32_t x = 1; x <= n; x++) {
        if (u[x - 1] != '.')
            continue;
        int hit = uregex_lookingAt(re, x, &st) != 0;
        int may = rule_filter_may_match(f, u, x);
        if (hit)
            assert_true(may);
        skips += !may;
    }
    assert_true(U_SUCCESS(st));
    assert_int_equal(skips, want_skips);
    uregex_close(re);
    rule_filter_free(f);
}

static void agrees_with_icu(void **state)
{
    (void)state;
    const char *hi = "डॉ. शर्मा और सं. रा. अमेरिका के प्रो. ई.पू. 300 में "
                     "कि.मी. चले. वह घर गया. श्रीमान. सु.";
    /* full stops: डॉ. सं. रा. प्रो. ई. पू. कि. मी. चले. गया. श्रीमान. सु. */
    agrees(WORDS_H1, hi, 7);  /* ई. पू. कि. मी. चले. गया. श्रीमान. */
    agrees(DOTS_D3, hi, 2);   /* डॉ. and प्रो.: no full stop close before */
    const char *en = "Mr. Smith met Dr. Jones et al. on St. John St. at "
                     "3 p.m. in the U.S. and left. Then Mrs. Ray came.";
    agrees(WORDS_E3, en, 6);  /* p. m. U. S. left. came. */
    agrees(DOTS_D2, en, 9);   /* all but St. after al., p.m., U.S. */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(which_patterns),
        cmocka_unit_test(agrees_with_icu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
