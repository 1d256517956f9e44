/*
 * test_concordance.c - word and phrase search in a TM: word edges in
 * English and Hindi, case folding, sides, order and limit; and the
 * key-word-in-context layout (columns, cuts at grapheme clusters).
 */
#include "testutil.h"

#include "match/concordance.h"
#include "tm/tm.h"

static tm_store *sample_tm(void)
{
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    static const char *pairs[][2] = {
        {"वह अपने पति से नफ़रत करती थी।", "She hated her husband."},
        {"टॉम मैरी का जेठ है।", "Tom is Mary's husband's older brother."},
        {"मुझे काम करना है।", "I have to work."},
        {"यह किसका है?", "Whose is this?"},
        {"HUSBANDS are people too.", "पति भी इंसान हैं।"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        tm_set_clock(t, 1000 + (int64_t)i);
        assert_int_equal(tm_add(t, pairs[i][0], pairs[i][1], NULL, NULL,
                                NULL, NULL, &err), ANV_OK);
    }
    return t;
}

/* ids of the hits, and the matched text, as "id:side:match;..." */
static void search(tm_store *t, const char *q, conc_side side, int substring,
                   strbuf *out)
{
    conc_opts o = {side, substring, 0};
    conc_hit *hits;
    size_t n, total;
    anv_error err;
    strbuf_clear(out);
    assert_int_equal(conc_search(t, q, &o, &hits, &n, &total, &err), ANV_OK);
    assert_int_equal(n, total);
    for (size_t i = 0; i < n; i++) {
        tm_entry e;
        assert_true(tm_entry_get(t, hits[i].id, &e));
        const char *text = hits[i].side == CONC_SOURCE ? e.source : e.target;
        strbuf_printf(out, "%u:%c:", (unsigned)hits[i].id,
                      hits[i].side == CONC_SOURCE ? 's' : 't');
        strbuf_append(out, text + hits[i].start, hits[i].end - hits[i].start);
        strbuf_append_char(out, ';');
    }
    if (!out->data)
        strbuf_append_str(out, "");
    free(hits);
}

static void test_word_edges_and_case(void **state)
{
    (void)state;
    tm_store *t = sample_tm();
    strbuf out = STRBUF_INIT;
    /* Newest first; case does not matter; "husband" is not in "husbands"
     * nor in "husband's"... but it is: the apostrophe ends the word. */
    search(t, "Husband", CONC_BOTH, 0, &out);
    assert_string_equal(out.data, "1:t:husband;0:t:husband;");
    search(t, "husband", CONC_BOTH, 1, &out);
    assert_string_equal(out.data, "4:s:HUSBAND;1:t:husband;0:t:husband;");
    search(t, "is", CONC_TARGET, 0, &out); /* not "this" */
    assert_string_equal(out.data, "3:t:is;1:t:is;");
    /* Hindi: "कर" is not a word inside "करती" or "करना". */
    search(t, "कर", CONC_SOURCE, 0, &out);
    assert_string_equal(out.data, "");
    search(t, "करना", CONC_SOURCE, 0, &out);
    assert_string_equal(out.data, "2:s:करना;");
    search(t, "पति", CONC_BOTH, 0, &out);
    assert_string_equal(out.data, "4:t:पति;0:s:पति;");
    /* A phrase, and NFC: नफ़रत written with U+095E matches. */
    search(t, "\xE0\xA4\xA8\xE0\xA5\x9E" "रत करती", CONC_SOURCE, 0, &out);
    assert_string_equal(out.data, "0:s:नफ़रत करती;");
    anv_error err;
    conc_hit *hits;
    size_t n;
    assert_int_equal(conc_search(t, "", NULL, &hits, &n, NULL, &err),
                     ANV_EINVAL);
    strbuf_release(&out);
    tm_free(t);
}

/* Folding mixes ASCII (lowercased in place) and other cased letters
 * (ICU's simple folding); offsets still point into the stored text. */
static void test_folding_ascii_and_beyond(void **state)
{
    (void)state;
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    assert_int_equal(tm_add(t, "बर्लिन में।", "ÜBER die Straße, Zone B.", NULL,
                            NULL, NULL, NULL, &err), ANV_OK);
    strbuf out = STRBUF_INIT;
    search(t, "über", CONC_TARGET, 0, &out);
    assert_string_equal(out.data, "0:t:ÜBER;");
    search(t, "STRASSE", CONC_TARGET, 0, &out); /* simple folding: ß stays */
    assert_string_equal(out.data, "");
    search(t, "STRAßE, zONE", CONC_TARGET, 0, &out);
    assert_string_equal(out.data, "0:t:Straße, Zone;");
    search(t, "b", CONC_TARGET, 0, &out);
    assert_string_equal(out.data, "0:t:B;");
    strbuf_release(&out);
    tm_free(t);
}

static void test_limit_keeps_newest(void **state)
{
    (void)state;
    tm_store *t = sample_tm();
    conc_opts o = {CONC_BOTH, 0, 1};
    conc_hit *hits;
    size_t n, total;
    anv_error err;
    assert_int_equal(conc_search(t, "पति", &o, &hits, &n, &total, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(total, 2);
    assert_int_equal(hits[0].id, 4);
    free(hits);
    tm_free(t);
}

static void test_kwic_layout(void **state)
{
    (void)state;
    strbuf out = STRBUF_INIT;
    const char *s = "Tom is Mary's husband's older brother.";
    const char *m = strstr(s, "husband");
    assert_int_equal(conc_kwic(&out, s, strlen(s), (size_t)(m - s),
                               (size_t)(m - s) + 7, 10, "[", "]"), ANV_OK);
    assert_string_equal(out.data, "…s Mary's [husband]'s older …");
    strbuf_clear(&out);
    /* Short context is padded so that matches line up. */
    assert_int_equal(conc_kwic(&out, s, strlen(s), 0, 3, 8, "<", ">"),
                     ANV_OK);
    assert_string_equal(out.data, "        <Tom> is Mar…");
    strbuf_clear(&out);
    /* Hindi: cuts fall between ICU grapheme clusters, so a vowel sign
     * stays with its consonant (की, जि; ICU 72 still splits क्|षा);
     * combining marks take no column. */
    const char *h = "परीक्षा की तैयारी कीजिए";
    const char *k = strstr(h, "तैयारी");
    assert_int_equal(conc_kwic(&out, h, strlen(h), (size_t)(k - h),
                               (size_t)(k - h) + strlen("तैयारी"), 6, "[",
                               "]"), ANV_OK);
    assert_string_equal(out.data, " … की [तैयारी] कीजि…");
    assert_int_equal(conc_columns("क्षा", strlen("क्षा")), 3);
    assert_int_equal(conc_columns("日本", strlen("日本")), 4);
    strbuf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_edges_and_case),
        cmocka_unit_test(test_folding_ascii_and_beyond),
        cmocka_unit_test(test_limit_keeps_newest),
        cmocka_unit_test(test_kwic_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
