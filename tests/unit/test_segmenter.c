/*
 * test_segmenter.c - the segmenter with the shipped rules (dict/segment.srx)
 * on every case the issue lists, the abbreviation list, and the engine's
 * own semantics (gaps, cascade order, unbounded look-behind, errors).
 */
#include "testutil.h"

#include "segment/segmenter.h"
#include "segment/srx.h"
#include "base/strbuf.h"

/* Segment `text` and render the segments joined by " | ".  Also checks
 * that spans are in order, trimmed, and that the gaps between them are
 * white space only (so the text can be rebuilt from spans + gaps). */
static char *render(segmenter *sg, const char *text)
{
    const seg_span *sp;
    size_t n;
    anv_error err;
    size_t len = strlen(text);
    int rc = segmenter_split(sg, text, len, &sp, &n, &err);
    if (rc != ANV_OK)
        fail_msg("segmenter_split: %s", err.message);
    strbuf out = STRBUF_INIT;
    size_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(sp[i].start >= prev);
        assert_true(sp[i].end > sp[i].start);
        for (size_t k = prev; k < sp[i].start; k++)
            assert_true(strchr(" \t\n\r\f\v", text[k]) ||
                        (unsigned char)text[k] >= 0x80); /* NBSP etc. */
        assert_false(strchr(" \t", text[sp[i].start]));
        assert_false(strchr(" \t", text[sp[i].end - 1]));
        if (i)
            strbuf_append_str(&out, " | ");
        strbuf_append(&out, text + sp[i].start, sp[i].end - sp[i].start);
        prev = sp[i].end;
    }
    return strbuf_detach(&out, NULL);
}

static void check(segmenter *sg, const char *text, const char *want)
{
    char *got = render(sg, text);
    if (strcmp(got, want) != 0) {
        print_error("input: %s\nwant:  %s\ngot:   %s\n", text, want, got);
        free(got);
        fail();
    }
    free(got);
}

/* A segmenter for `lang` from loaded rules (which it frees). */
static segmenter *segmenter_from(srx_rules *r, const char *lang,
                                 const anv_error *load_err)
{
    anv_error err;
    if (!r)
        fail_msg("%s", load_err->message);
    segmenter *sg = segmenter_new(r, lang, &err);
    if (!sg)
        fail_msg("%s", err.message);
    srx_free(r);
    return sg;
}

static segmenter *shipped(const char *lang)
{
    char path[1024];
    anv_error err;
    srx_rules *r = srx_load_file(root_path(path, sizeof path,
                                           "dict/segment.srx"), &err);
    return segmenter_from(r, lang, &err);
}

static segmenter *from_memory(const char *srx, const char *lang)
{
    anv_error err;
    srx_rules *r = srx_load_memory("t.srx", srx, strlen(srx), &err);
    return segmenter_from(r, lang, &err);
}

/* Input, then the expected segments joined by " | ". */
static const char *const hindi_cases[][2] = {
    /* danda, double danda, verse numbers */
    {"वह घर गया। फिर सो गया।", "वह घर गया। | फिर सो गया।"},
    {"रघुकुल रीति सदा चलि आई। प्राण जाहुँ बरु बचनु न जाई॥ यह चौपाई है।",
     "रघुकुल रीति सदा चलि आई। | प्राण जाहुँ बरु बचनु न जाई॥ | यह चौपाई है।"},
    {"मामकाः पाण्डवाश्चैव किमकुर्वत सञ्जय॥१॥ धृतराष्ट्र ने पूछा।",
     "मामकाः पाण्डवाश्चैव किमकुर्वत सञ्जय॥१॥ | धृतराष्ट्र ने पूछा।"},
    {"पहला अध्याय समाप्त हुआ ॥ १ ॥ दूसरा आरंभ होता है।",
     "पहला अध्याय समाप्त हुआ ॥ १ ॥ | दूसरा आरंभ होता है।"},
    {"॥ श्री गणेशाय नमः ॥ कथा आरंभ होती है।",
     "॥ श्री गणेशाय नमः ॥ | कथा आरंभ होती है।"},
    {"है।वह गया।", "है। | वह गया।"},
    /* ASCII | and Latin I typed for the danda */
    {"मैं घर जा रहा हूँ| तुम कब आओगे?", "मैं घर जा रहा हूँ| | तुम कब आओगे?"},
    {"यह काम आज ही करना है || कल छुट्टी है|", "यह काम आज ही करना है || | कल छुट्टी है|"},
    {"वो मजेदार था I हम फिर वहाँ जाएँगे I", "वो मजेदार था I | हम फिर वहाँ जाएँगे I"},
    {"मैंने कहा I am fine और चला गया।", "मैंने कहा I am fine और चला गया।"},
    /* ? ! ?! */
    {"क्या तुम सच कह रहे हो?! मुझे विश्वास नहीं होता।",
     "क्या तुम सच कह रहे हो?! | मुझे विश्वास नहीं होता।"},
    {"अरे वाह! कितना सुंदर है! चलो।", "अरे वाह! | कितना सुंदर है! | चलो।"},
    /* full stop as the sentence end */
    {"मोल्दोवा की राजधानी चिसिनाउ है. स्थानीय भाषा रोमानियाई है.",
     "मोल्दोवा की राजधानी चिसिनाउ है. | स्थानीय भाषा रोमानियाई है."},
    {"वह आई. फिर वह चली गई.", "वह आई. | फिर वह चली गई."},
    {"वह 1990 में आया. 25 साल बाद लौटा.", "वह 1990 में आया. | 25 साल बाद लौटा."},
    /* Hindi abbreviations and initials */
    {"डॉ. एहुड उर ने कहा। श्री. रमेश और प्रो. वर्मा आए।",
     "डॉ. एहुड उर ने कहा। | श्री. रमेश और प्रो. वर्मा आए।"},
    {"यह मंदिर 300 ई.पू. में बना था। दूरी 230 कि.मी. है।",
     "यह मंदिर 300 ई.पू. में बना था। | दूरी 230 कि.मी. है।"},
    {"डॉ. ए.पी.जे. अब्दुल कलाम राष्ट्रपति थे। उन्होंने एम.ए. किया। अब पीएच.डी. कर रही हैं।",
     "डॉ. ए.पी.जे. अब्दुल कलाम राष्ट्रपति थे। | उन्होंने एम.ए. किया। | "
     "अब पीएच.डी. कर रही हैं।"},
    {"मूल्य रु. 250 है। पृ. 45 देखें। यह सं. 12 में छपा।",
     "मूल्य रु. 250 है। | पृ. 45 देखें। | यह सं. 12 में छपा।"},
    {"ए. के. शर्मा कल पहुँचे। पी. सतशिवम न्यायाधीश थे।",
     "ए. के. शर्मा कल पहुँचे। | पी. सतशिवम न्यायाधीश थे।"},
    {"शुक्रवार को ओ.पी.सी.डब्लू. ने कहा। मि. हरे ने माना।",
     "शुक्रवार को ओ.पी.सी.डब्लू. ने कहा। | मि. हरे ने माना।"},
    /* decimals, times, Devanagari digits */
    {"बैठक 10.30 बजे शुरू होगी। इसमें 3.5 घंटे लगेंगे।",
     "बैठक 10.30 बजे शुरू होगी। | इसमें 3.5 घंटे लगेंगे।"},
    {"मैं १९६० में पैदा हुआ था। तापमान ३६.५ डिग्री था।",
     "मैं १९६० में पैदा हुआ था। | तापमान ३६.५ डिग्री था।"},
    /* URLs and e-mail addresses */
    {"देखें https://example.org/report?id=42&lang=hi पर। हेल्पलाइन 1075 है।",
     "देखें https://example.org/report?id=42&lang=hi पर। | हेल्पलाइन 1075 है।"},
    {"पता है www.india.gov.in. वहाँ सेवाएँ मिलती हैं।",
     "पता है www.india.gov.in. | वहाँ सेवाएँ मिलती हैं।"},
    {"प्रश्न info@example.com पर भेजें। उत्तर मिलेगा।",
     "प्रश्न info@example.com पर भेजें। | उत्तर मिलेगा।"},
    /* closing quotes and brackets after the terminator */
    {"शोइगु ने कहा कि \"सब नियंत्रण में है।\" पुतिन ने धन्यवाद दिया।",
     "शोइगु ने कहा कि \"सब नियंत्रण में है।\" | पुतिन ने धन्यवाद दिया।"},
    {"उन्होंने कहा “चूहे ठीक हैं। ” डॉ. उर ने बताया।",
     "उन्होंने कहा “चूहे ठीक हैं। ” | डॉ. उर ने बताया।"},
    {"नाम \"हाउस ऑफ शॉक.\" की तरह है।", "नाम \"हाउस ऑफ शॉक.\" की तरह है।"},
    {"प्रेरित करती है. (टोटो, 2004). ब्लॉगिंग एक टूल है.",
     "प्रेरित करती है. (टोटो, 2004). | ब्लॉगिंग एक टूल है."},
    /* English inside Hindi */
    {"उसने कहा कि वह आएगा। The meeting was postponed. फिर सब पहुँचे।",
     "उसने कहा कि वह आएगा। | The meeting was postponed. | फिर सब पहुँचे।"},
    {"Mr. Smith ने कहा। कंपनी Tata Sons Ltd. है। यह U.S. सरकार की रिपोर्ट है।",
     "Mr. Smith ने कहा। | कंपनी Tata Sons Ltd. है। | यह U.S. सरकार की रिपोर्ट है।"},
    /* ellipsis and lists */
    {"केन्द्र \"त्याग दिए गए हैं तथा... वहां रखी वस्तुएँ हटाई गईं\"।",
     "केन्द्र \"त्याग दिए गए हैं तथा... वहां रखी वस्तुएँ हटाई गईं\"।"},
    {"1. परिचय और उद्देश्य", "1. परिचय और उद्देश्य"},
};

static const char *const english_cases[][2] = {
    {"Mr. Smith met Dr. Jones at St. Mary's. They talked.",
     "Mr. Smith met Dr. Jones at St. Mary's. | They talked."},
    {"The Govt. of India acted on Jan. 5. It was late.",
     "The Govt. of India acted on Jan. 5. | It was late."},
    {"The U.S. and the U.N. signed it. Talks resume.",
     "The U.S. and the U.N. signed it. | Talks resume."},
    {"Bring fruit, e.g. apples. Do not bring sweets.",
     "Bring fruit, e.g. apples. | Do not bring sweets."},
    {"It opens at 9 a.m. and closes at 5 p.m. on weekdays. It is shut on Sundays.",
     "It opens at 9 a.m. and closes at 5 p.m. on weekdays. | It is shut on Sundays."},
    {"The meeting ended at 10 a.m. Everyone left.",
     "The meeting ended at 10 a.m. | Everyone left."},
    {"The rally is at 7 p.m. ET tonight. Watch it online.",
     "The rally is at 7 p.m. ET tonight. | Watch it online."},
    {"See p. 12 for the table. No. 10 is famous.",
     "See p. 12 for the table. | No. 10 is famous."},
    {"They sell pens, paper etc. at the stall. They sell paper etc. Prices are low.",
     "They sell pens, paper etc. at the stall. | They sell paper etc. | Prices are low."},
    {"J. K. Rowling wrote it. John F. Kennedy read it.",
     "J. K. Rowling wrote it. | John F. Kennedy read it."},
    {"He finished in the Super-G. Czech skiers were next.",
     "He finished in the Super-G. | Czech skiers were next."},
    {"The train leaves at 10.30 and costs 3.50 pounds. Growth was 7.5%.",
     "The train leaves at 10.30 and costs 3.50 pounds. | Growth was 7.5%."},
    {"Visit https://www.example.org/help?topic=5 now. Write to press@example.com. "
     "The data are at www.who.int. They are free.",
     "Visit https://www.example.org/help?topic=5 now. | Write to press@example.com. | "
     "The data are at www.who.int. | They are free."},
    {"\"We will win,\" he said. \"Nobody can stop us.\" The crowd cheered.",
     "\"We will win,\" he said. | \"Nobody can stop us.\" | The crowd cheered."},
    {"\"Why?\" she asked. Nobody answered. What?! Unbelievable!",
     "\"Why?\" she asked. | Nobody answered. | What?! | Unbelievable!"},
    {"The result was clear (the vote was 12 to 3.) The motion passed.",
     "The result was clear (the vote was 12 to 3.) | The motion passed."},
    {"They sang the bhajans. 108 plates were served.",
     "They sang the bhajans. | 108 plates were served."},
};

/* Segment every case of a table with the shipped rules for `lang`. */
static void run_cases(const char *lang, const char *const (*cases)[2],
                      size_t n)
{
    segmenter *sg = shipped(lang);
    for (size_t i = 0; i < n; i++)
        check(sg, cases[i][0], cases[i][1]);
    segmenter_free(sg);
}

#define N_CASES(t) (sizeof t / sizeof *t)

static void test_hindi_cases(void **state)
{
    (void)state;
    run_cases("hi", hindi_cases, N_CASES(hindi_cases));
}

static void test_english_cases(void **state)
{
    (void)state;
    run_cases("en", english_cases, N_CASES(english_cases));
}

/* English text segmented with the Hindi rules (the default language)
 * comes out the same: the Hindi rules include the English ones. */
static void test_english_with_hindi_rules(void **state)
{
    (void)state;
    run_cases("hi", english_cases, N_CASES(english_cases));
}

/* English abbreviations that also end sentences commonly: before a
 * capitalised word they break (see dict/abbreviations.txt). */
static int may_end_sentence(const char *abbr)
{
    static const char *const list[] = {"etc.", "Inc.", "Ltd.", "Co.",
                                       "Corp.", "a.m.", "p.m.", "km.",
                                       NULL};
    for (size_t i = 0; list[i]; i++)
        if (strcmp(abbr, list[i]) == 0)
            return 1;
    return 0;
}

/* Abbreviations that only abbreviate before a number (No. 5, p. 12). */
static int before_number_only(const char *abbr)
{
    static const char *const list[] = {"No.", "Nos.", "p.", "pp.", NULL};
    for (size_t i = 0; list[i]; i++)
        if (strcmp(abbr, list[i]) == 0)
            return 1;
    return 0;
}

static void expect_one(segmenter *sg, const char *text)
{
    char *got = render(sg, text);
    if (strcmp(got, text) != 0) {
        print_error("split inside a sentence: %s\n", got);
        free(got);
        fail();
    }
    free(got);
}

/* No entry of dict/abbreviations.txt splits a sentence it stands in. */
static void test_abbreviation_list(void **state)
{
    (void)state;
    char path[1024];
    FILE *f = fopen(root_path(path, sizeof path, "dict/abbreviations.txt"),
                    "r");
    assert_non_null(f);
    segmenter *hi = shipped("hi"), *en = shipped("en");
    char line[256], text[512];
    int entries = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *lang = line, *abbr = tab + 1;
        entries++;
        if (strcmp(lang, "hi") == 0) {
            snprintf(text, sizeof text, "यह %s रमेश का घर है।", abbr);
            expect_one(hi, text);
            snprintf(text, sizeof text, "यह %s 45 पर लिखा है।", abbr);
            expect_one(hi, text);
            continue;
        }
        assert_string_equal(lang, "en");
        snprintf(text, sizeof text, "It is %s 5 and more.", abbr);
        expect_one(en, text);
        snprintf(text, sizeof text, "यह %s 5 के पास है।", abbr);
        expect_one(hi, text);
        if (before_number_only(abbr))
            continue;
        snprintf(text, sizeof text, "We saw %s and more.", abbr);
        expect_one(en, text);
        snprintf(text, sizeof text, "यह %s का घर है।", abbr);
        expect_one(hi, text);
        snprintf(text, sizeof text, "We saw %s Smith there.", abbr);
        if (may_end_sentence(abbr)) { /* a new sentence may start */
            char want[600];
            snprintf(want, sizeof want, "We saw %s | Smith there.", abbr);
            check(en, text, want);
        } else {
            expect_one(en, text);
        }
    }
    fclose(f);
    assert_true(entries > 90);
    segmenter_free(hi);
    segmenter_free(en);
}

/* Titles, ranks, company words and months written in Devanagari, as
 * Hindi news writes them (issue 14, item 12): real sentences from NTREX-128,
 * WMT14 and TICO-19 (../shared/data), each one segment, followed by a
 * sentence that must still be split off. */
static const char *const hindi_news_abbreviations[] = {
    /* ntrex128-hin-eng:1683 */
    "अमेरिका सेन. एलिज़ाबेथ वारेन का कहना है कि वह नवंबर "
     "में चुनाव के बाद \"राष्ट्रपति के परिचालन पर सख्त "
     "नज़र रखेंगी।\"",
    /* ntrex128-hin-eng:249 */
    "फ्लेक ने इस बारे में अपने दोस्त, डेमोक्रेटिक सेन. "
     "क्रिस कून्स के साथ बातचीत की।",
    /* ntrex128-hin-eng:444 */
    "जारी की गई खबर में डेट. डेनिस मैकार्थी ने लिखा कि "
     "कार का ड्राइवर एंटरटेनमेंट कॉम्प्लेक्स में एक एटीएम "
     "को खाली कर रहा था और ज़्यादा पैसे डालने की तैयारी "
     "कर रहा था।",
    /* ntrex128-hin-eng:117 */
    "मिस. सुम्बु ने कहा, “कई स्थितियों में, दुर्भाग्यवश, "
     "उन्हें यह साफ़ तौर दिख रहा था कि वे अंतरराष्ट्रीय "
     "मदद नहीं मांग रहे है, इसलिए यह कुछ ज़्यादा ही "
     "चुनौतीपूर्ण हो गया।”",
    /* wmt14-newstest-hien:26 */
    "लेकिन गृह परिवहन समिति के अध्यक्ष, रिप. बिल शुस्टर "
     "(आ.-पी.ए.) भी ब्लैक बॉक्स को सबसे व्यवहार्य "
     "दीर्घकालिक विकल्प मानते हैं।",
    /* wmt14-newstest-hien:1763 */
    "कार्यक्रम की अध्यक्षता कर रहे चौ. चरण सिंह विवि के "
     "कुलपति विक्रम चंद्र गोयल ने कहा कि संस्थान ने विवि "
     "को गौरवान्वित किया है।",
    /* tico19-test-en-hi:1838 */
    "नोवावैक्स इंक. के साथ मिलकर काम करेगा।",
    /* the other cases */
    "सं. रा. अमेरिका ने प्रस्ताव रखा।",
    "लेफ्टि. जन. जॉन स्मिथ ने सेना की कमान संभाली।",
    "यह समझौता 5 जन. 2020 को हुआ था।",
    "गव. एंड्रयू कुओमो और कैप्ट. राम सिंह वहाँ थे।",
};

static void test_hindi_news_abbreviations(void **state)
{
    (void)state;
    segmenter *hi = shipped("hi");
    char text[1024], want[1100];
    for (size_t i = 0; i < sizeof hindi_news_abbreviations /
                               sizeof *hindi_news_abbreviations;
         i++) {
        const char *s = hindi_news_abbreviations[i];
        snprintf(text, sizeof text, "%s अगला वाक्य आया।", s);
        snprintf(want, sizeof want, "%s | अगला वाक्य आया।", s);
        check(hi, text, want);
    }
    segmenter_free(hi);
}

#define SRX_HEAD                                                             \
    "<srx xmlns='http://www.lisa.org/srx20' version='2.0'>"                  \
    "<header cascade='yes'/><body><languagerules>"
#define SRX_TAIL                                                             \
    "</languagerules><maprules>"                                             \
    "<languagemap languagepattern='.*' languagerulename='A'/>"               \
    "</maprules></body></srx>"

/* A no-break rule vetoes ICU's boundary whether the space after the stop
 * is written in <beforebreak> or in <afterbreak>; the first rule decides. */
static void test_rule_semantics(void **state)
{
    (void)state;
    segmenter *sg = from_memory(
        SRX_HEAD "<languagerule languagerulename='A'>"
        "<rule break='no'><beforebreak>\\bMr\\.</beforebreak>"
        "<afterbreak>\\s</afterbreak></rule>"
        "<rule break='no'><beforebreak>\\bDr\\.\\s</beforebreak></rule>"
        "<rule break='yes'><beforebreak>;</beforebreak>"
        "<afterbreak>\\s</afterbreak></rule>"
        "<rule break='no'><beforebreak>;</beforebreak></rule>"
        "</languagerule>" SRX_TAIL,
        "en");
    check(sg, "Mr. Smith left. Dr. Jones came; then he left.",
          "Mr. Smith left. | Dr. Jones came; | then he left.");
    /* leading and trailing white space stay outside the spans */
    check(sg, "  One. Two.  ", "One. | Two.");
    check(sg, "   ", "");
    check(sg, "", "");
    segmenter_free(sg);
}

/* Rules whose <beforebreak> has no length bound cannot become one ICU
 * look-behind; they are applied by scanning, with the same results. */
static void test_unbounded_beforebreak(void **state)
{
    (void)state;
    segmenter *sg = from_memory(
        SRX_HEAD "<languagerule languagerulename='A'>"
        "<rule break='no'><beforebreak>\\b[A-Z]\\w*\\.</beforebreak>"
        "<afterbreak>\\s\\d</afterbreak></rule>"
        "<rule break='yes'><beforebreak>\\w+:</beforebreak>"
        "<afterbreak>\\s</afterbreak></rule>"
        "<rule break='yes'><beforebreak></beforebreak>"
        "<afterbreak>#</afterbreak></rule>"
        "</languagerule>" SRX_TAIL,
        "en");
    check(sg, "See Vol. 5 Today. Note: it works#here.",
          "See Vol. 5 Today. | Note: | it works | #here.");
    segmenter_free(sg);
}

/* Rules scanned over the paragraph are tried only where a match can
 * start, yet find the matches uregex_findNext finds: the next search goes
 * on where the last match ended.  In "ab... cd" the break rule's \\.\\.
 * matches the first two dots only; the second and third dots, a match of
 * their own, must not make a third segment.  An anchored rule is tried at
 * the start only, and a rule is not run where nothing it can end with
 * stands (the closing quote), but is where it does.  Expected outputs are
 * those of the findNext scan this replaced. */
static void test_scan_resumes_like_find_next(void **state)
{
    (void)state;
    segmenter *sg = from_memory(
        SRX_HEAD "<languagerule languagerulename='A'>"
        "<rule break='yes'><beforebreak>\\.\\.</beforebreak></rule>"
        "</languagerule>" SRX_TAIL,
        "en");
    check(sg, "ab... cd", "ab.. | . cd");
    segmenter_free(sg);
    sg = from_memory(
        SRX_HEAD "<languagerule languagerulename='A'>"
        "<rule break='no'><beforebreak>^\\s*X\\.</beforebreak></rule>"
        "</languagerule>" SRX_TAIL,
        "en");
    check(sg, "X. Y. Z", "X. Y. | Z");
    check(sg, "  X. Y. Z", "X. Y. | Z");
    check(sg, "A X. Y. Z", "A X. | Y. | Z");
    segmenter_free(sg);
    sg = from_memory(
        SRX_HEAD "<languagerule languagerulename='A'>"
        "<rule break='yes'><beforebreak>[.!]\\s+\"+</beforebreak>"
        "<afterbreak>\\s</afterbreak></rule>"
        "</languagerule>" SRX_TAIL,
        "en");
    check(sg, "He said. \" Then he left.", "He said. | \" | Then he left.");
    check(sg, "He said! \"\" Then he left.",
          "He said! | \"\" | Then he left.");
    check(sg, "He said. Then he left.", "He said. | Then he left.");
    segmenter_free(sg);
}

/* A rule may match between any two UTF-16 units; a segment boundary
 * never falls inside a character (found by fuzzing). */
static void test_break_everywhere(void **state)
{
    (void)state;
    segmenter *sg = from_memory(
        SRX_HEAD "<languagerule languagerulename='A'>"
        "<rule break='yes'/></languagerule>" SRX_TAIL,
        "en");
    check(sg, "a\xF0\x9F\x98\x80" "b", "a | \xF0\x9F\x98\x80 | b");
    segmenter_free(sg);
}

/* Java-style patterns from other tools' files are accepted. */
static void test_java_compat(void **state)
{
    (void)state;
    char *p = srx_regex_java_compat("<0}");
    assert_string_equal(p, "<0\\}");
    free(p);
    p = srx_regex_java_compat("(?<=[XVI]+)\\p{Lu}{2}");
    assert_string_equal(p, "(?<=[XVI]{1,64})\\p{Lu}{2}");
    free(p);
    p = srx_regex_java_compat("(?<=a*+)[+*{}]x{2,3}");
    assert_string_equal(p, "(?<=a{0,64}+)[+*{}]x{2,3}");
    free(p);
    assert_null(srx_regex_java_compat("\\b(Mr|Dr)\\.\\s+\\p{Lu}"));
    segmenter *sg = from_memory(
        SRX_HEAD "<languagerule languagerulename='A'>"
        "<rule break='yes'><beforebreak></beforebreak>"
        "<afterbreak>&lt;0}</afterbreak></rule>"
        "</languagerule>" SRX_TAIL,
        "en");
    check(sg, "a<0}b", "a | <0}b");
    segmenter_free(sg);
}

static void test_bad_input(void **state)
{
    (void)state;
    segmenter *sg = shipped("hi");
    const seg_span *sp;
    size_t n;
    anv_error err;
    assert_int_equal(segmenter_split(sg, "ab\xff" "cd", 5, &sp, &n, &err),
                     ANV_EUTF8);
    assert_string_equal(err.message, "invalid UTF-8 at byte 3");
    /* the segmenter is still usable afterwards */
    check(sg, "ठीक है। चलो।", "ठीक है। | चलो।");
    segmenter_free(sg);

    anv_error_clear(&err);
    srx_rules *r;
    r = srx_load_memory(
        "bad.srx",
        SRX_HEAD "<languagerule languagerulename='A'>\n"
        "<rule break='no'><beforebreak>ok</beforebreak></rule>\n"
        "<rule break='no'><beforebreak>a(b</beforebreak></rule>\n"
        "</languagerule>" SRX_TAIL,
        strlen(SRX_HEAD "<languagerule languagerulename='A'>\n"
               "<rule break='no'><beforebreak>ok</beforebreak></rule>\n"
               "<rule break='no'><beforebreak>a(b</beforebreak></rule>\n"
               "</languagerule>" SRX_TAIL),
        &err);
    assert_non_null(r);
    assert_null(segmenter_new(r, "hi", &err));
    assert_string_equal(err.message,
                        "bad.srx:3: rule 2 of languagerule \"A\": bad "
                        "beforebreak regex \"a(b\": U_REGEX_MISMATCHED_PAREN "
                        "at character 4");
    srx_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hindi_cases),
        cmocka_unit_test(test_english_cases),
        cmocka_unit_test(test_english_with_hindi_rules),
        cmocka_unit_test(test_abbreviation_list),
        cmocka_unit_test(test_hindi_news_abbreviations),
        cmocka_unit_test(test_rule_semantics),
        cmocka_unit_test(test_unbounded_beforebreak),
        cmocka_unit_test(test_break_everywhere),
        cmocka_unit_test(test_scan_resumes_like_find_next),
        cmocka_unit_test(test_java_compat),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests_name("segmenter", tests, NULL, NULL);
}
