/*
 * test_words.c - the ICU word tokenizer on Hindi and English.
 */
#include "testutil.h"

#include "base/strbuf.h"
#include "text/words.h"

/* Render tokens as "kind:text" joined by spaces (spaces tokens skipped). */
static void render(word_splitter *ws, const char *s, strbuf *out)
{
    const word_token *t;
    size_t n;
    anv_error err;
    assert_int_equal(word_splitter_split(ws, s, strlen(s), &t, &n, &err),
                     ANV_OK);
    size_t covered = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].start, covered); /* no gaps */
        covered = t[i].end;
        if (t[i].kind == WORD_SPACE)
            continue;
        static const char kinds[] = "LNPS";
        if (out->len)
            strbuf_append_char(out, ' ');
        strbuf_printf(out, "%c%s:", kinds[t[i].kind],
                      t[i].kind != WORD_LETTERS ? ""
                      : t[i].script == WORD_SCRIPT_DEVANAGARI ? "d"
                      : t[i].script == WORD_SCRIPT_LATIN      ? "l"
                                                              : "o");
        strbuf_append(out, s + t[i].start, t[i].end - t[i].start);
    }
    assert_int_equal(covered, strlen(s));
}

static void test_hindi_words_keep_their_marks(void **state)
{
    (void)state;
    anv_error err;
    word_splitter *ws = word_splitter_new("hi", &err);
    strbuf out = STRBUF_INIT;
    render(ws, "सीएसटीओ के 1,600 सुरक्षा अधिकारियों, क़िला।", &out);
    assert_string_equal(out.data, "Ld:सीएसटीओ Ld:के N:1,600 Ld:सुरक्षा "
                                  "Ld:अधिकारियों P:, Ld:क़िला P:।");
    strbuf_clear(&out);
    render(ws, "पूर्व-सोवियत Almaty १९६० 3.5", &out);
    assert_string_equal(out.data,
                        "Ld:पूर्व P:- Ld:सोवियत Ll:Almaty N:१९६० N:3.5");
    assert_int_equal(word_splitter_count(ws, "जनवरी 14, 2022 को।", 
                                         strlen("जनवरी 14, 2022 को।"), &err),
                     4);
    strbuf_release(&out);
    word_splitter_free(ws);
}

static void test_empty_text(void **state)
{
    (void)state;
    anv_error err;
    word_splitter *ws = word_splitter_new(NULL, &err);
    const word_token *t;
    size_t n = 99;
    assert_int_equal(word_splitter_split(ws, "", 0, &t, &n, &err), ANV_OK);
    assert_int_equal(n, 0);
    word_splitter_free(ws);
}

/* Word motion steps over virama and nukta (issue 14, item 18): from
 * every position, forward lands on a word's end, backward on its start. */
static void test_word_motion(void **state)
{
    (void)state;
    anv_error err;
    word_splitter *ws = word_splitter_new("hi", &err);
    const char *s = "रक्षा मंत्री, क़िला 1,600 end";
    size_t len = strlen(s);
    size_t e1 = strlen("रक्षा"), s2 = strlen("रक्षा "),
           e2 = strlen("रक्षा मंत्री"), s3 = strlen("रक्षा मंत्री, "),
           e3 = strlen("रक्षा मंत्री, क़िला"), s4 = e3 + 1, e4 = s4 + 5,
           s5 = e4 + 1;
    assert_int_equal(word_motion(ws, s, len, 0, 1), e1);
    assert_int_equal(word_motion(ws, s, len, strlen("रक्"), 1), e1);
    assert_int_equal(word_motion(ws, s, len, e1, 1), e2);
    assert_int_equal(word_motion(ws, s, len, s2 + 3, 1), e2);
    assert_int_equal(word_motion(ws, s, len, e2, 1), e3);
    assert_int_equal(word_motion(ws, s, len, e3, 1), e4);
    assert_int_equal(word_motion(ws, s, len, e4, 1), len);
    assert_int_equal(word_motion(ws, s, len, len, 1), len);
    assert_int_equal(word_motion(ws, s, len, len, 0), s5);
    assert_int_equal(word_motion(ws, s, len, s5, 0), s4);
    assert_int_equal(word_motion(ws, s, len, s4, 0), s3);
    assert_int_equal(word_motion(ws, s, len, e3 - 3, 0), s3);
    assert_int_equal(word_motion(ws, s, len, s3, 0), s2);
    assert_int_equal(word_motion(ws, s, len, e2, 0), s2);
    assert_int_equal(word_motion(ws, s, len, s2, 0), 0);
    assert_int_equal(word_motion(ws, s, len, 0, 0), 0);
    word_splitter_free(ws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hindi_words_keep_their_marks),
        cmocka_unit_test(test_empty_text),
        cmocka_unit_test(test_word_motion),
    };
    return cmocka_run_group_tests_name("words", tests, NULL, NULL);
}
