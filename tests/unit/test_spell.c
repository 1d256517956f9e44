/*
 * test_spell.c - the spell checker on real Hindi and English words: what
 * it accepts, what it flags and suggests, what it skips, where it finds
 * dictionaries, the personal list, and the devanagari folding under
 * it (the wordmap has its own test_wordmap.c).
 */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "text/devanagari.h"
#include "base/fileio.h"
#include "spell/spell.h"
#include "base/strbuf.h"

/* A checker that ignores the user's own list and $DICPATH. */
static spell_checker *new_checker(spell_lang lang, int max_suggestions)
{
    spell_options o;
    spell_options_init(&o);
    o.lang = lang;
    o.max_suggestions = max_suggestions;
    o.personal_dir = "";
    o.dicpath = "";
    anv_error err;
    anv_error_clear(&err);
    spell_checker *c = spell_checker_new(&o, &err);
    if (!c)
        fail_msg("spell_checker_new: %s", anv_error_message(&err));
    return c;
}

/* Flags of a text rendered as "WORD[lang]:S1,S2 " ... */
static int render_flag(const spell_flag *f, void *ctx)
{
    strbuf *out = ctx;
    strbuf_printf(out, "%s%s@%zu-%zu[%s]:", out->len ? " " : "", f->word,
                  f->start, f->end, spell_lang_name(f->lang));
    for (size_t i = 0; i < f->n_suggestions; i++)
        strbuf_printf(out, "%s%s", i ? "," : "", f->suggestions[i]);
    return 0;
}

static void check(spell_checker *c, const char *text, strbuf *out,
                  spell_stats *st)
{
    anv_error err;
    anv_error_clear(&err);
    strbuf_clear(out);
    assert_int_equal(spell_check_text(c, text, strlen(text), render_flag, out,
                                      st, &err),
                     ANV_OK);
    if (!out->data)
        strbuf_append_str(out, "");
}

static int accepted(spell_checker *c, const char *w)
{
    anv_error err;
    int rc = spell_check_word(c, w, strlen(w), &err);
    assert_true(rc >= 0);
    return rc;
}

static void test_inflected_hindi_is_accepted(void **state)
{
    (void)state;
    spell_checker *c = new_checker(SPELL_HI, 3);
    /* Forms hunspell-hi lacks; apertium-hin (and its nasalised feminine
     * plural perfective) provides them. */
    const char *const words[] = {
        "उठेंगे", "चलोगी", "विद्यार्थियों", "मिठाइयाँ", "ख़रीदीं",
        /* variant spellings of the same words */
        "खरीदीं", "मिठाइयां", "हिन्दी", "हिंदी", "ज़रूरत", "जरूरत",
        "सम्बन्ध", "संबंध",
        /* names from ICU's CLDR data and dict/words-hi.txt */
        "अंगोला", "सिंगापुर", "तिरुवनंतपुरम", "छत्तीसगढ़"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!accepted(c, words[i]))
            fail_msg("'%s' was flagged", words[i]);
    /* ZWJ / ZWNJ only change how a conjunct is drawn */
    assert_true(accepted(c, "विद्यार्\u200dथियों"));
    spell_checker_free(c);
}

static void test_english_words_in_devanagari(void **state)
{
    (void)state;
    /* Transcribed from CMUdict (dict/cmu-to-hindi.awk), with and without
     * the optional nukta; hunspell-hi and apertium-hin lack them. */
    spell_checker *c = new_checker(SPELL_HI, 0);
    assert_true(accepted(c, "डिकोडर"));
    assert_true(accepted(c, "फ़ीट"));
    assert_true(accepted(c, "फीट"));
    spell_checker_free(c);
    spell_options o;
    spell_options_init(&o);
    o.lang = SPELL_HI;
    o.personal_dir = "";
    o.dicpath = "";
    o.transcriptions = 0;
    anv_error err;
    c = spell_checker_new(&o, &err);
    assert_false(accepted(c, "डिकोडर"));
    spell_checker_free(c);
}

static void test_hindi_typos_are_flagged_with_the_right_word(void **state)
{
    (void)state;
    spell_checker *c = new_checker(SPELL_HI, 3);
    strbuf out = STRBUF_INIT;
    spell_stats st = {0, 0, 0};
    check(c, "विद्यार्थियो ने सरकार् से मिठाईयाँ ली।", &out, &st);
    assert_string_equal(out.data,
                        "विद्यार्थियो@0-36[hi]:विद्यार्थियों,विद्यार्थियाँ,"
                        "विद्यार्थी "
                        "सरकार्@44-62[hi]:सरकार,सरकारी,सरोकार "
                        "मिठाईयाँ@70-94[hi]:मिठाइयाँ,मिठाइयों,मिलाइयाँ");
    assert_int_equal(st.words, 6);
    assert_int_equal(st.checked, 6);
    assert_int_equal(st.flagged, 3);
    /* ड़ / ढ़ are letters of their own: पढना is a typo of पढ़ना */
    assert_false(accepted(c, "पढना"));
    assert_true(accepted(c, "पढ़ना"));
    /* a dropped virama, a doubled consonant */
    assert_false(accepted(c, "विदयार्थियों"));
    assert_false(accepted(c, "सरककार"));
    strbuf_release(&out);
    spell_checker_free(c);
}

static void test_british_spelling_in_en_gb_only(void **state)
{
    (void)state;
    spell_checker *gb = new_checker(SPELL_EN_GB, 2);
    spell_checker *us = new_checker(SPELL_EN_US, 2);
    strbuf out = STRBUF_INIT;
    check(gb, "The colour of our defence.", &out, NULL);
    assert_string_equal(out.data, "");
    check(us, "The colour of our defence.", &out, NULL);
    /* splits ("co lour") come after single words */
    assert_string_equal(out.data, "colour@4-10[en-US]:color,cornflour "
                                  "defence@18-25[en-US]:defense,deference");
    /* Indian English and names from dict/words-en.txt and CLDR */
    check(gb, "Two lakh rupees in Thiruvananthapuram, Kyrgyzstan.", &out,
          NULL);
    assert_string_equal(out.data, "");
    spell_checker_free(gb);
    spell_checker_free(us);
    strbuf_release(&out);
}

static void test_words_go_to_the_dictionary_of_their_script(void **state)
{
    (void)state;
    spell_checker *c = new_checker(SPELL_HI, 1);
    strbuf out = STRBUF_INIT;
    /* An English caption inside Hindi is checked in English. */
    check(c, "फ़ोटो: soldeirs लौटे।", &out, NULL);
    assert_string_equal(out.data, "soldeirs@17-25[en-US]:soldiers");
    spell_checker_free(c);
    strbuf_release(&out);
}

static void test_what_is_skipped(void **state)
{
    (void)state;
    spell_checker *c = new_checker(SPELL_HI, 0);
    strbuf out = STRBUF_INIT;
    spell_stats st = {0, 0, 0};
    check(c,
          "डॉ. राम ई.पू. 500 में १९६० Covid19 NATO https://exampel.com/xyzq "
          "लिखें qwzx@exampel.org या کتاب पर।",
          &out, &st);
    /* numbers, digits inside a word, an acronym, a URL, an e-mail
     * address, abbreviations, a word in Arabic script: nothing flagged */
    assert_string_equal(out.data, "");
    assert_int_equal(st.flagged, 0);
    /* but the same letters without the abbreviation's dot are a word */
    check(c, "सु राम", &out, NULL);
    assert_string_equal(out.data, "सु@0-6[hi]:");
    strbuf_release(&out);
    spell_checker_free(c);
}

static void test_nfc_and_offsets(void **state)
{
    (void)state;
    spell_checker *c = new_checker(SPELL_HI, 1);
    strbuf out = STRBUF_INIT;
    /* U+095B (precomposed ज़) is not NFC; the flag reports the NFC word and
     * the byte offsets of the input. */
    check(c, "\xe0\xa5\x9b\xe0\xa4\xb0\xe0\xa5\x82\xe0\xa4\xb0\xe0\xa4\xa4 "
             "सरककार",
          &out, NULL);
    assert_string_equal(out.data, "सरककार@16-34[hi]:सरकार");
    strbuf_release(&out);
    spell_checker_free(c);
}

static void test_missing_dictionary_names_the_package(void **state)
{
    (void)state;
    spell_options o;
    spell_options_init(&o);
    o.lang = SPELL_EN_GB;
    o.personal_dir = "";
    o.dicpath = "/nonexistent/a:/nonexistent/b";
    o.system_dicpath = "/nonexistent/system";
    anv_error err;
    anv_error_clear(&err);
    assert_null(spell_checker_new(&o, &err));
    assert_int_equal(err.code, ANV_ENOTFOUND);
    assert_non_null(strstr(err.message, "hunspell dictionary en_GB not found"));
    assert_non_null(strstr(err.message, "/nonexistent/a, /nonexistent/b"));
    assert_non_null(strstr(err.message, "install the Debian package "
                                        "hunspell-en-gb"));
    /* DICPATH pointing nowhere falls back to the system folders */
    o.system_dicpath = NULL;
    spell_checker *c = spell_checker_new(&o, &err);
    assert_non_null(c);
    const char *path = spell_dictionary_path(c, SPELL_EN_GB, &err);
    assert_string_equal(path, "/usr/share/hunspell/en_GB.dic");
    spell_checker_free(c);
}

static void write_file(const char *path, const char *data)
{
    anv_error err;
    assert_int_equal(fileio_write_atomic(path, data, strlen(data), NULL, &err),
                     ANV_OK);
}

static void test_dictionary_in_another_encoding(void **state)
{
    (void)state;
    char dir[] = "/tmp/anuvad-spell-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char aff[256], dic[256];
    snprintf(aff, sizeof aff, "%s/en_US.aff", dir);
    snprintf(dic, sizeof dic, "%s/en_US.dic", dir);
    write_file(aff, "SET ISO8859-1\nTRY esianrtolcdugmphbyfvkw\n");
    write_file(dic, "2\ncaf\xe9\nna\xefve\n"); /* Latin-1 */
    spell_options o;
    spell_options_init(&o);
    o.lang = SPELL_EN_US;
    o.personal_dir = "";
    o.dicpath = dir;
    o.project_lists = 0;
    o.max_suggestions = 1;
    anv_error err;
    spell_checker *c = spell_checker_new(&o, &err);
    assert_non_null(c);
    assert_true(accepted(c, "café"));
    assert_true(accepted(c, "naïve"));
    assert_false(accepted(c, "cafe"));
    assert_false(accepted(c, "caféş")); /* not even writable in Latin-1 */
    strbuf out = STRBUF_INIT;
    check(c, "cafe", &out, NULL);
    assert_string_equal(out.data, "cafe@0-4[en-US]:café");
    strbuf_release(&out);
    spell_checker_free(c);
    unlink(aff);
    unlink(dic);
    rmdir(dir);
}

static void test_personal_list(void **state)
{
    (void)state;
    char dir[] = "/tmp/anuvad-spell-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char personal[300], list[400];
    snprintf(personal, sizeof personal, "%s/config/anuvad", dir);
    snprintf(list, sizeof list, "%s/spell-hi.txt", personal);
    spell_options o;
    spell_options_init(&o);
    o.lang = SPELL_HI;
    o.dicpath = "";
    o.personal_dir = personal;
    anv_error err;
    spell_checker *c = spell_checker_new(&o, &err);
    assert_non_null(c);
    assert_false(accepted(c, "टोकायव"));
    assert_int_equal(spell_add_personal_word(c, SPELL_AUTO, "टोकायव",
                                             strlen("टोकायव"), &err),
                     1);
    assert_true(accepted(c, "टोकायव"));
    assert_int_equal(spell_add_personal_word(c, SPELL_HI, "टोकायव",
                                             strlen("टोकायव"), &err),
                     0);
    /* not one word, or not in the language's script */
    assert_int_equal(spell_add_personal_word(c, SPELL_HI, "दो शब्द",
                                             strlen("दो शब्द"), &err),
                     ANV_EINVAL);
    assert_int_equal(spell_add_personal_word(c, SPELL_HI, "Tokayev", 7, &err),
                     ANV_EINVAL);
    assert_non_null(strstr(err.message, "not written in Devanagari"));
    char *data;
    size_t len;
    assert_int_equal(fileio_read_all(list, 1 << 20, &data, &len, &err), ANV_OK);
    assert_string_equal(data, "# anuvad personal word list (Hindi): one word "
                              "a line\nटोकायव\n");
    free(data);
    spell_checker_free(c);
    /* a new checker reads the list */
    c = spell_checker_new(&o, &err);
    assert_true(accepted(c, "टोकायव"));
    /* the TM hook: accepted for this checker's life only */
    assert_false(accepted(c, "Zhomart"));
    assert_int_equal(spell_accept_word(c, SPELL_AUTO, "Zhomart", 7, &err),
                     ANV_OK);
    assert_true(accepted(c, "Zhomart"));
    spell_checker_free(c);
    unlink(list);
    char sub[300];
    rmdir(personal);
    snprintf(sub, sizeof sub, "%s/config", dir);
    rmdir(sub);
    rmdir(dir);
}

static void test_devanagari_folding(void **state)
{
    (void)state;
    const char *const same[][2] = {{"हिन्दी", "हिंदी"},
                                   {"ज़रूरत", "जरूरत"},
                                   {"हाँ", "हां"},
                                   {"पण्डित", "पंडित"},
                                   {"क्\u200dष", "क्ष"}};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        strbuf a = STRBUF_INIT, b = STRBUF_INIT;
        devanagari_fold(same[i][0], strlen(same[i][0]), &a);
        devanagari_fold(same[i][1], strlen(same[i][1]), &b);
        assert_string_equal(a.data, b.data);
        strbuf_release(&a);
        strbuf_release(&b);
    }
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    devanagari_fold("पढ़ना", strlen("पढ़ना"), &a);
    devanagari_fold("पढना", strlen("पढना"), &b);
    assert_string_not_equal(a.data, b.data);
    strbuf_release(&a);
    strbuf_release(&b);
    /* न्न is not a nasal before a stop of its class */
    strbuf_clear(&a);
    devanagari_fold("अन्न", strlen("अन्न"), &a);
    assert_string_equal(a.data, "अन्न");
    strbuf_release(&a);

    assert_true(devanagari_is_wellformed("विद्यार्थियों",
                                         strlen("विद्यार्थियों")));
    assert_true(devanagari_is_wellformed("जगत्", strlen("जगत्")));
    /* broken entries of generated lists */
    assert_false(devanagari_is_wellformed("भेजनाअिये", strlen("भेजनाअिये")));
    assert_false(devanagari_is_wellformed("जीिएगा", strlen("जीिएगा")));
    assert_false(devanagari_is_wellformed("बन्िये", strlen("बन्िये")));
    assert_false(devanagari_is_wellformed("abc", 3));
    assert_true(devanagari_distance("उठेगे", strlen("उठेगे"), "उठेंगे",
                                    strlen("उठेंगे")) <
                devanagari_distance("उठेगे", strlen("उठेगे"), "उठेगा",
                                    strlen("उठेगा")));
}

static void test_lang_names(void **state)
{
    (void)state;
    spell_lang l;
    assert_int_equal(spell_lang_parse("en-GB", &l), ANV_OK);
    assert_int_equal(l, SPELL_EN_GB);
    assert_int_equal(spell_lang_parse("hi_IN", &l), ANV_OK);
    assert_int_equal(l, SPELL_HI);
    assert_int_equal(spell_lang_parse("fr", &l), ANV_EINVAL);
    assert_string_equal(spell_lang_name(SPELL_EN_US), "en-US");
}

int main(void)
{
    /* Shipped data (dict/) is found through $ANUVAD_DATA: the test binary
     * does not sit beside the project's dict/. */
    char root[4096];
    setenv("ANUVAD_DATA", root_path(root, sizeof root, ""), 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inflected_hindi_is_accepted),
        cmocka_unit_test(test_english_words_in_devanagari),
        cmocka_unit_test(test_hindi_typos_are_flagged_with_the_right_word),
        cmocka_unit_test(test_british_spelling_in_en_gb_only),
        cmocka_unit_test(test_words_go_to_the_dictionary_of_their_script),
        cmocka_unit_test(test_what_is_skipped),
        cmocka_unit_test(test_nfc_and_offsets),
        cmocka_unit_test(test_missing_dictionary_names_the_package),
        cmocka_unit_test(test_dictionary_in_another_encoding),
        cmocka_unit_test(test_personal_list),
        cmocka_unit_test(test_devanagari_folding),
        cmocka_unit_test(test_lang_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
