/*
 * test_wrap.c - text wrapped to a terminal's width (text/wrap.h): display
 * widths (Devanagari marks 0, spacing vowel signs 1, CJK 2, escapes 0),
 * breaks only between words and never inside a cluster, indented
 * continuation rows, colour closed and reopened across a break.
 */
#include "testutil.h"

#include "text/wrap.h"

static void expect_wrap(const char *in, int cols, int indent,
                        const char *want, int want_rows)
{
    strbuf out = STRBUF_INIT;
    int rows = text_wrap(&out, in, strlen(in), cols, indent);
    if (strcmp(out.data ? out.data : "", want) != 0) {
        print_error("cols %d\nwant:\n%s\ngot:\n%s\n", cols, want, out.data);
        fail();
    }
    assert_int_equal(rows, want_rows);
    strbuf_release(&out);
}

static void test_widths(void **state)
{
    (void)state;
    /* क्ष: क 1, virama 0, ष 1; ै and ं (Mn) 0, ि and ो (Mc) 1; nukta 0 */
    assert_int_equal(text_display_width("क्ष", strlen("क्ष")), 2);
    assert_int_equal(text_display_width("सैनिकों", strlen("सैनिकों")), 5);
    assert_int_equal(text_display_width("क़िला", strlen("क़िला")), 4);
    assert_int_equal(text_display_width("日本語", strlen("日本語")), 6);
    assert_int_equal(text_display_width("a\033[1;31mb\033[0m", 11), 2);
    assert_int_equal(text_display_width("a\u200db", strlen("a\u200db")), 2);
}

static void test_breaks(void **state)
{
    (void)state;
    /* fits: as it is */
    expect_wrap("short line\n", 20, 2, "short line\n", 1);
    /* between words, the continuation indented, spaces at the break gone */
    expect_wrap("Russian Defence Minister confirmed\n", 20, 2,
                "Russian Defence\n  Minister confirmed\n", 2);
    /* Devanagari: whole words on each row (never रक्|षा) */
    expect_wrap("रक्षा मंत्री सैनिकों की वापसी\n", 12, 0,
                "रक्षा मंत्री\nसैनिकों की\nवापसी\n", 3);
    /* CJK: two columns a character, ICU breaks between ideographs */
    expect_wrap("日本語のテキストです\n", 8, 0,
                "日本語の\nテキスト\nです\n", 3);
    /* a word wider than a row is cut between clusters */
    expect_wrap("abcdefghijkl\n", 8, 0, "abcdefgh\nijkl\n", 2);
    /* a last line without a newline stays open */
    expect_wrap("one two three\n> ", 8, 0, "one two\nthree\n> ", 2);
    /* too narrow: left alone */
    expect_wrap("one two three\n", 5, 0, "one two three\n", 1);
}

static void test_colour_across_a_break(void **state)
{
    (void)state;
    /* an underlined run broken in two: closed before the break, opened
     * again after the indent (so the indent is not underlined) */
    expect_wrap("x \033[4;31mred words here\033[0m y\n", 10, 2,
                "x \033[4;31mred\033[0m\n  \033[4;31mwords\033[0m\n"
                "  \033[4;31mhere\033[0m y\n",
                3);
    /* a reset before the break: nothing to reopen */
    expect_wrap("\033[1mbold\033[0m plain words\n", 10, 2,
                "\033[1mbold\033[0m plain\n  words\n", 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_breaks),
        cmocka_unit_test(test_colour_across_a_break),
    };
    return cmocka_run_group_tests_name("wrap", tests, NULL, NULL);
}
