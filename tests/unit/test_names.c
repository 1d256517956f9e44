/*
 * test_names.c - romanised name hints (src/term/names.c): schwa deletion
 * at the end of a word and inside it, the conjuncts that keep the a,
 * English spellings of ICU's letters, the TM's spelling preferred only
 * when it sounds alike, ICU's plain transliteration, and which words of
 * a text are names.
 */
#include "testutil.h"

#include "base/error.h"
#include "term/names.h"

static void expect_hint(name_hints *h, const char *hindi, const char *want)
{
    strbuf out = STRBUF_INIT;
    anv_error err;
    assert_int_equal(name_hints_romanise(h, hindi, strlen(hindi), &out, &err),
                     ANV_OK);
    assert_string_equal(out.data ? out.data : "", want);
    strbuf_release(&out);
}

static void schwa_and_spelling(void **state)
{
    (void)state;
    anv_error err;
    name_hints *h = name_hints_new(&err);
    assert_non_null(h);
    expect_hint(h, "सरकार", "Sarkar");         /* final and medial a */
    expect_hint(h, "कमला", "Kamla");           /* V C a C V */
    expect_hint(h, "मित्र", "Mitra");           /* a final conjunct with र */
    expect_hint(h, "कृष्ण", "Krishna");         /* ... with ण; r̥ -> ri */
    expect_hint(h, "जोहान्सबर्ग", "Johansbarg"); /* other conjuncts: no a */
    expect_hint(h, "न", "Na");                 /* one syllable keeps it */
    expect_hint(h, "शोइगु", "Shoigu");          /* ś -> sh, no apostrophe */
    expect_hint(h, "चंपा", "Champa");           /* c -> ch, nasal before p */
    expect_hint(h, "छत्तीसगढ़", "Chhattisgarh"); /* ch -> chh, ṛh -> rh */
    expect_hint(h, "ज्ञान", "Gyan");            /* jñ -> gy */
    expect_hint(h, "फ़िलिप", "Filip");           /* f */
    expect_hint(h, "सर्गेई शोइगु", "Sargei Shoigu"); /* word by word */
    name_hints_free(h);
}

static void tm_spelling(void **state)
{
    (void)state;
    anv_error err;
    name_hints *h = name_hints_new(&err);
    assert_non_null(h);
    const char *tm = "President Tokayev met Rome's mayor and NATO.";
    assert_int_equal(name_hints_learn(h, tm, strlen(tm)), ANV_OK);
    expect_hint(h, "टोकायव", "Tokayev"); /* t k v: the TM's spelling */
    expect_hint(h, "राम", "Ram");        /* r m is Rome's too: 2 edits */
    expect_hint(h, "शोइगु", "Shoigu");   /* nothing alike learnt */
    strbuf out = STRBUF_INIT;
    assert_int_equal(name_hints_plain(h, "टोकायव", strlen("टोकायव"), &out,
                                      &err),
                     ANV_OK);
    assert_string_equal(out.data, "Tokayava"); /* ICU alone */
    strbuf_release(&out);
    name_hints_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schwa_and_spelling),
        cmocka_unit_test(tm_spelling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
