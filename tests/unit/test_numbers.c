/*
 * test_numbers.c - numbers and month names in Hindi and English, and the
 * pre-translation number fix, on sentences from FLORES-200, NTREX-128,
 * TICO-19 and WMT14 (../shared/data).
 */
#include "testutil.h"

#include "text/numbers.h"
#include "base/strbuf.h"

/* "kind:text=value/english" for every item, space separated. */
static char *render(const char *text, num_lang lang)
{
    num_list l = NUM_LIST_INIT;
    anv_error err;
    assert_int_equal(numbers_find(text, strlen(text), lang, &l, &err),
                     ANV_OK);
    strbuf b = STRBUF_INIT;
    for (size_t k = 0; k < l.n; k++) {
        const num_item *it = &l.items[k];
        strbuf_printf(&b, "%s%c:", k ? " " : "",
                      it->kind == NUM_MONTH ? 'M' : 'N');
        strbuf_append(&b, text + it->start, it->end - it->start);
        strbuf_printf(&b, "=%s/%s", it->value, it->english);
        if (it->suffix_len) {
            strbuf_append_char(&b, '+');
            strbuf_append(&b, text + it->end, it->suffix_len);
        }
        if (it->indian_grouping)
            strbuf_append_str(&b, "(in)");
        if (it->abbreviated)
            strbuf_append_str(&b, "(abbr)");
    }
    num_list_release(&l);
    return strbuf_detach(&b, NULL);
}

#define EXPECT_ITEMS(text, lang, want)      \
    do {                                    \
        char *got_ = render(text, lang);    \
        assert_string_equal(got_, want);    \
        free(got_);                         \
    } while (0)

static void test_find_in_hindi(void **state)
{
    (void)state;
    /* TICO-19: Indian grouping, a date, a time, a leading zero */
    EXPECT_ITEMS("कल तक विश्व स्वास्थ्य संगठन ने 10,51,635 पुष्ट मामलों की "
                 "सूचना दी है, जिसमें 4 अप्रैल को मध्य यूरोपीय समयानुसार "
                 "सुबह 10 बजे (0800 UTC) से पहले के चौबीस घंटों में सामने आए "
                 "79,332 मामले शामिल हैं।",
                 NUM_LANG_HI,
                 "N:10,51,635=1051635/1,051,635(in) N:4=4/4 "
                 "M:अप्रैल=4/April N:10=10/10 N:0800=0800/0800 "
                 "N:79,332=79332/79,332");
    /* WMT14: Devanagari digits, a month */
    EXPECT_ITEMS("रिन्युअल व पक्के ड्राइविंग लाइसेंस (डीएल) जिनकी फोटो ३० "
                 "सितंबर तक हो चुकी है",
                 NUM_LANG_HI, "N:३०=30/30 M:सितंबर=9/September");
    /* NTREX: decimals and a time; FLORES: a spelling variant */
    EXPECT_ITEMS("44 वर्षीय महिला का शव सुबह 7.55 बजे ग्रेसन म्यूज़ में "
                 "पाया गया, 2.8 बिलियन पाउंड",
                 NUM_LANG_HI,
                 "N:44=44/44 N:7.55=7.55/7.55 N:2.8=2.8/2.8");
    EXPECT_ITEMS("16 नवम्बर और १७ सितम्बर, २०२१ को", NUM_LANG_HI,
                 "N:16=16/16 M:नवम्बर=11/November N:१७=17/17 "
                 "M:सितम्बर=9/September N:२०२१=2021/2021");
    /* a comma list is not grouping; the sentence's full stop is not a
     * decimal point; a date with slashes stays one item */
    EXPECT_ITEMS("वर्ष 2010,2011 और 1,2,3 में। 14/01/2022 को 2011.",
                 NUM_LANG_HI,
                 "N:2010=2010/2010 N:2011=2011/2011 N:1=1/1 N:2=2/2 "
                 "N:3=3/3 N:14/01/2022=14/01/2022/14/01/2022 "
                 "N:2011=2011/2011");
    /* month names only as whole words: जूनियर is not जून; मई is */
    EXPECT_ITEMS("जूनियर खिलाड़ी मई में और जून में", NUM_LANG_HI,
                 "M:मई=5/May M:जून=6/June");
    /* फ़रवरी: NFC (फ + nukta) and the precomposed U+095E, and फरवरी */
    EXPECT_ITEMS("फ़रवरी \xE0\xA5\x9Eरवरी फरवरी", NUM_LANG_HI,
                 "M:फ़रवरी=2/February M:\xE0\xA5\x9Eरवरी=2/February "
                 "M:फरवरी=2/February");
    /* digits inside words still count: COVID-19, G20 */
    EXPECT_ITEMS("कोविड-19 और G20", NUM_LANG_HI, "N:19=19/19 N:20=20/20");
}

static void test_find_in_english(void **state)
{
    (void)state;
    /* FLORES: ordinal with grouping, months full and abbreviated */
    EXPECT_ITEMS("His 1,000th stamp was the magnificent \"Great Deeds by "
                 "Swedish Kings\" in 2000.",
                 NUM_LANG_EN, "N:1,000=1000/1,000+th N:2000=2000/2000");
    EXPECT_ITEMS("on the 6th October 1789, 21st Jan., 3rd Sept and 22ND "
                 "March; 3rdparty, 4thly",
                 NUM_LANG_EN,
                 "N:6=6/6+th M:October=10/October N:1789=1789/1789 "
                 "N:21=21/21+st M:Jan=1/January(abbr) N:3=3/3+rd "
                 "M:Sept=9/September(abbr) N:22=22/22+ND M:March=3/March "
                 "N:3=3/3 N:4=4/4");
    /* lower-case "march" and "may" are not months */
    EXPECT_ITEMS("They may march in May.", NUM_LANG_EN, "M:May=5/May");
}

static void test_to_english(void **state)
{
    (void)state;
    strbuf b = STRBUF_INIT;
    anv_error err;
    const char *s = "१,००,००० रुपये, ३.५ किलो, 10,51,635 मामले और 1,600 लोग";
    assert_int_equal(numbers_to_english(s, strlen(s), &b, &err), ANV_OK);
    assert_string_equal(b.data, "100,000 रुपये, 3.5 किलो, 1,051,635 मामले "
                                "और 1,600 लोग");
    strbuf_release(&b);
}

static void test_compare(void **state)
{
    (void)state;
    /* FLORES: a correct translation has the same numbers and month */
    const char *hi = "हुन और प्राइस को 16 फरवरी को वेस्टमिंस्टर मजिस्ट्रेट "
                     "कोर्ट में पेश होना है.";
    const char *ok = "Huhne and Pryce are scheduled to appear at the "
                     "Westminster Magistrates Court on February 16.";
    const char *bad = "Huhne and Pryce are scheduled to appear at the "
                      "Westminster Magistrates Court on March 17, 2013.";
    num_list a = NUM_LIST_INIT, b = NUM_LIST_INIT, c = NUM_LIST_INIT;
    anv_error err;
    assert_int_equal(numbers_find(hi, strlen(hi), NUM_LANG_HI, &a, &err), 0);
    assert_int_equal(numbers_find(ok, strlen(ok), NUM_LANG_EN, &b, &err), 0);
    assert_int_equal(numbers_find(bad, strlen(bad), NUM_LANG_EN, &c, &err), 0);
    num_diff d;
    assert_int_equal(numbers_compare(&a, &b, &d, &err), ANV_OK);
    assert_int_equal(d.n_missing, 0);
    assert_int_equal(d.n_extra, 0);
    num_diff_release(&d);
    assert_int_equal(numbers_compare(&a, &c, &d, &err), ANV_OK);
    assert_int_equal(d.n_missing, 2); /* 16, February */
    assert_string_equal(a.items[d.missing[0]].value, "16");
    assert_int_equal(a.items[d.missing[1]].month, 2);
    assert_int_equal(d.n_extra, 3); /* March, 17, 2013 */
    assert_int_equal(c.items[d.extra[0]].month, 3);
    assert_string_equal(c.items[d.extra[1]].value, "17");
    assert_string_equal(c.items[d.extra[2]].value, "2013");
    num_diff_release(&d);
    num_list_release(&a);
    num_list_release(&b);
    num_list_release(&c);
}

/* ---- the fix ------------------------------------------------------------ */

static void expect_fix(const char *source, const char *tm_source,
                       const char *tm_target, numfix_outcome outcome,
                       const char *want_target, const char *want_changes)
{
    numfix f;
    anv_error err;
    assert_int_equal(numbers_fix_match(source, tm_source, tm_target, &f,
                                       &err),
                     ANV_OK);
    if (f.outcome != outcome)
        fail_msg("outcome %d, wanted %d (%s)", f.outcome, outcome, f.reason);
    if (outcome == NUMFIX_FIXED) {
        assert_string_equal(f.target, want_target);
        strbuf d = STRBUF_INIT;
        assert_int_equal(numfix_describe(&f, &d), ANV_OK);
        assert_string_equal(d.data ? d.data : "", want_changes);
        strbuf_release(&d);
    } else {
        assert_null(f.target);
        if (outcome == NUMFIX_UNSURE)
            assert_string_equal(f.reason, want_changes);
    }
    numfix_release(&f);
}

static void test_fix_date_and_month(void **state)
{
    (void)state;
    /* the example */
    expect_fix("21 जनवरी को बैठक हुई।", "19 जनवरी को बैठक हुई।",
               "The meeting was held on January 19.", NUMFIX_FIXED,
               "The meeting was held on January 21.", "19→21");
    /* FLORES: day and month change; the month name follows */
    const char *tm_src = "अमेरिकी राष्ट्रपति जॉर्ज डब्ल्यू बुश एशिया के एक "
                         "हफ़्ते के दौरे की शुरुआत करते हुए 16 नवंबर की सुबह "
                         "सिंगापुर पहुँचे.";
    const char *tm_tgt = "U.S. President George W. Bush arrived in Singapore "
                         "the morning of November 16, beginning a week-long "
                         "tour of Asia.";
    expect_fix("अमेरिकी राष्ट्रपति जॉर्ज डब्ल्यू बुश एशिया के एक हफ़्ते के "
               "दौरे की शुरुआत करते हुए २ दिसम्बर की सुबह सिंगापुर पहुँचे.",
               tm_src, tm_tgt, NUMFIX_FIXED,
               "U.S. President George W. Bush arrived in Singapore the "
               "morning of December 2, beginning a week-long tour of Asia.",
               "November→December, 16→2");
    /* Devanagari digits and a spelling variant are the same numbers */
    expect_fix("अमेरिकी राष्ट्रपति जॉर्ज डब्ल्यू बुश एशिया के एक हफ़्ते के "
               "दौरे की शुरुआत करते हुए १६ नवंबर की सुबह सिंगापुर पहुँचे.",
               tm_src, tm_tgt, NUMFIX_SAME, NULL, NULL);
    /* FLORES: an ordinal in English ("6th October 1789") */
    expect_fix("... को 3 अक्टूबर 1789 को बाज़ार में मौजूद महिलाओं की भीड़ ने",
               "... को 6 अक्टूबर 1789 को बाज़ार में मौजूद महिलाओं की भीड़ ने",
               "on the 6th October 1789 were forced back to Paris",
               NUMFIX_FIXED, "on the 3rd October 1789 were forced back to "
                             "Paris", "6th→3rd");
    expect_fix("12 अगस्त 1940 को", "15 अगस्त 1940 को",
               "On 15 August 1940,", NUMFIX_FIXED, "On 12 August 1940,",
               "15→12");
}

static void test_fix_grouping_and_decimals(void **state)
{
    (void)state;
    /* TICO-19: Indian grouping becomes Western in the translation */
    const char *tm_src = "कल तक विश्व स्वास्थ्य संगठन ने 10,51,635 पुष्ट मामलों "
                         "की सूचना दी है, जिसमें 4 अप्रैल को मध्य यूरोपीय "
                         "समयानुसार सुबह 10 बजे (0800 UTC) से पहले के चौबीस "
                         "घंटों में सामने आए 79,332 मामले शामिल हैं।";
    const char *tm_tgt = "By yesterday, the World Health Organization "
                         "reported 1,051,635 confirmed cases, including "
                         "79,332 cases in the twenty four hours preceding "
                         "10 a.m. Central European Time (0800 UTC) on "
                         "April 4.";
    expect_fix("कल तक विश्व स्वास्थ्य संगठन ने 11,33,758 पुष्ट मामलों "
               "की सूचना दी है, जिसमें 5 अप्रैल को मध्य यूरोपीय "
               "समयानुसार सुबह 10 बजे (0800 UTC) से पहले के चौबीस "
               "घंटों में सामने आए ८२,७२३ मामले शामिल हैं।",
               tm_src, tm_tgt, NUMFIX_FIXED,
               "By yesterday, the World Health Organization reported "
               "1,133,758 confirmed cases, including 82,723 cases in the "
               "twenty four hours preceding 10 a.m. Central European Time "
               "(0800 UTC) on April 5.",
               "1,051,635→1,133,758, 79,332→82,723, 4→5");
    /* NTREX: a decimal amount and a time written 7.55am */
    expect_fix("44 वर्षीय महिला का शव सुबह 8.10 बजे पाया गया",
               "44 वर्षीय महिला का शव सुबह 7.55 बजे पाया गया",
               "The 44-year-old was found at 7.55am", NUMFIX_FIXED,
               "The 44-year-old was found at 8.10am", "7.55→8.10");
    /* a time the translation writes with a colon keeps the colon */
    expect_fix("सुबह 8.10 बजे", "सुबह 7.55 बजे", "at 7:55 in the morning",
               NUMFIX_FIXED, "at 8:10 in the morning", "7:55→8:10");
    /* FLORES: "1000 पाउंड" is "1,000 pounds"; the new number is written
     * the English way, the ordinal suffix follows the number */
    expect_fix("डेविड ने 2000 में अपना 1001वाँ स्टैंप बनाया था.",
               "डेविड ने 2000 में अपना 1000वाँ स्टैंप बनाया था.",
               "His 1,000th stamp was made by David in 2000.", NUMFIX_FIXED,
               "His 1,001st stamp was made by David in 2000.",
               "1,000th→1,001st");
    /* a short number takes the source's in English form */
    expect_fix("1,00,000 लोग आए", "500 लोग आए", "500 people came",
               NUMFIX_FIXED, "100,000 people came", "500→100,000");
    /* the suffix keeps its case; an abbreviated month stays abbreviated */
    expect_fix("21 फ़रवरी", "22 जनवरी", "the 22ND of Jan.", NUMFIX_FIXED,
               "the 21ST of Feb.", "22ND→21ST, Jan→Feb");
    /* a year stays a year */
    expect_fix("2011 में पूरा हुआ", "2010 में पूरा हुआ",
               "Completed in 2010", NUMFIX_FIXED, "Completed in 2011",
               "2010→2011");
}

static void test_fix_swapped_and_unsure(void **state)
{
    (void)state;
    /* FLORES: the score swaps; both replacements use the old positions */
    const char *tm_src = "अंतिम स्कोर एक अंक की जीत थी, 21 और 20, ऑल ब्लैक्स "
                         "का 15 गेम लगातार जीतने का सिलसिला समाप्त हुआ ।";
    const char *tm_tgt = "The final score was a one-point victory, 21 to 20, "
                         "ending the All Blacks' 15 game winning streak.";
    expect_fix("अंतिम स्कोर एक अंक की जीत थी, 20 और 21, ऑल ब्लैक्स का 15 गेम "
               "लगातार जीतने का सिलसिला समाप्त हुआ ।",
               tm_src, tm_tgt, NUMFIX_FIXED,
               "The final score was a one-point victory, 20 to 21, ending "
               "the All Blacks' 15 game winning streak.",
               "21→20, 20→21");
    /* a word changed too: not a numbers-only difference */
    expect_fix("अंतिम स्कोर दो अंक की जीत थी, 22 और 20, ऑल ब्लैक्स का 15 गेम "
               "लगातार जीतने का सिलसिला समाप्त हुआ ।",
               tm_src, tm_tgt, NUMFIX_OTHER_DIFF, NULL, NULL);
    /* one number more: not a numbers-only difference either */
    expect_fix("अंतिम स्कोर 3 अंक", "अंतिम स्कोर अंक", "final score",
               NUMFIX_OTHER_DIFF, NULL, NULL);
    /* the translation spells the number out: leave it to the translator */
    expect_fix("कुछ रिपोर्ट आधिकारिक मृत्यु दर 9 बताती हैं",
               "कुछ रिपोर्ट आधिकारिक मृत्यु दर 8 बताती हैं",
               "Some reports put the official death toll at eight",
               NUMFIX_UNSURE, NULL,
               "8 occurs 1 time in the match's source but 0 in its "
               "translation");
    /* the same old number becomes two different ones */
    expect_fix("21 और 22", "21 और 21", "21 and 21", NUMFIX_UNSURE, NULL,
               "21 occurs 2 times in the match's source and not all of "
               "them change the same way");
    /* COVID-19 adds a 19 the source has only once */
    expect_fix("20 मामले", "19 मामले", "19 cases of COVID-19",
               NUMFIX_UNSURE, NULL,
               "19 occurs 1 time in the match's source but 2 in its "
               "translation");
    /* identical sources */
    expect_fix("बिना संख्या का वाक्य।", "बिना संख्या का वाक्य।",
               "A sentence without numbers.", NUMFIX_SAME, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_in_hindi),
        cmocka_unit_test(test_find_in_english),
        cmocka_unit_test(test_to_english),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_fix_date_and_month),
        cmocka_unit_test(test_fix_grouping_and_decimals),
        cmocka_unit_test(test_fix_swapped_and_unsure),
    };
    return cmocka_run_group_tests_name("numbers", tests, NULL, NULL);
}
