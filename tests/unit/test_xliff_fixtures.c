/*
 * test_xliff_fixtures.c - the XLIFF files the interop tests feed to
 * xmllint, Translate Toolkit and OmegaT are made here, by our writer, from
 * projects built in code; this test rebuilds them and checks that the
 * committed files in tests/interop/fixtures/ are exactly what the code
 * writes today.  Run with ANUVAD_REGENERATE_FIXTURES=1 to rewrite them
 * after a deliberate change of the format (then review the diff).
 *
 *   seed.xlf         the example article, cut at sentence ends, with a
 *                    hand-made mix of states: exact, fuzzy with a number
 *                    fix and its TM matches, repetition, confirmed,
 *                    untranslated
 *   seed-omegat.xlf  the same, written for OmegaT's XLIFF filter
 *   layout.hi.txt    a small document with every layout trap (BOM, CRLF,
 *                    tab, form feed, blank lines, no final newline,
 *                    precomposed nukta, a paragraph wrapped over lines)
 *   layout.xlf       its project (blank-line paragraphs), one unit done
 *   finished.xlf     a small finished project of two files for TM
 *                    export/import (tests/e2e/project_tmx.sh): every
 *                    state, a reviewer's note beside anuvad's, XML
 *                    specials, a confirmed unit whose target is blank
 */
#include "testutil.h"

#include "base/fileio.h"
#include "text/numbers.h"
#include "xliffutil.h"
#include "project/xliff.h"

static const char layout_doc[] =
    "\xEF\xBB\xBF"
    "  पहला वाक्य १९ फ़रवरी को लिखा गया।\tदूसरा वाक्य\r\n"
    "दो पंक्तियों में है।  \r\n"
    "\r\n"
    "\f\r\n"
    "\xE0\xA5\x9B" "रा ठहरो, 1,00,000 लोग आए।\r\n"
    "\r\n"
    "\r\n"
    "Last line without a newline.";

/* Compare `data` with the committed fixture, or rewrite it. */
static void check_fixture(const char *name, const char *data, size_t len)
{
    char path[1024], rel[256];
    snprintf(rel, sizeof rel, "tests/interop/fixtures/%s", name);
    root_path(path, sizeof path, rel);
    anv_error err;
    const char *regen = getenv("ANUVAD_REGENERATE_FIXTURES");
    if (regen && strcmp(regen, "1") == 0) {
        assert_int_equal(fileio_write_atomic(path, data, len, NULL, &err),
                         ANV_OK);
        print_message("rewrote %s\n", path);
        return;
    }
    char *old;
    size_t old_len;
    if (fileio_read_all(path, 1u << 26, &old, &old_len, &err) != ANV_OK)
        fail_msg("%s (run with ANUVAD_REGENERATE_FIXTURES=1 to create it)",
                 err.message);
    if (old_len != len || memcmp(old, data, len) != 0) {
        free(old);
        fail_msg("%s differs from what the writer produces now; if the "
                 "change is meant, run with ANUVAD_REGENERATE_FIXTURES=1 and "
                 "review the diff", path);
    }
    free(old);
}

static size_t find_unit(const xliff_project *p, const char *prefix)
{
    for (size_t i = 0; i < xliff_project_unit_count(p); i++)
        if (strncmp(xliff_project_unit(p, i)->source, prefix,
                    strlen(prefix)) == 0)
            return i;
    fail_msg("no unit starts with %s", prefix);
    return 0;
}

static xliff_project *seed_project(void)
{
    char path[1024];
    char *doc;
    size_t len;
    anv_error err;
    if (fileio_read_all(root_path(path, sizeof path,
                                  "examples/kazakhstan-csto.hi.txt"),
                        1u << 26, &doc, &len, &err) != ANV_OK)
        fail_msg("%s", err.message);
    xliff_project *p = segstub_project("kazakhstan-csto.hi.txt", doc, len,
                                       TEXT_PARA_LINE, &err);
    free(doc);
    if (!p)
        fail_msg("%s", err.message);

    /* the headline: an exact TM match */
    const char *title = "Russia's CSTO forces begin withdrawal from "
                        "Kazakhstan after quelling unrest";
    assert_int_equal(xliff_unit_set_target(p, 0, title,
                                           XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_EXACT_MATCH, 100, 0,
                                           &err), ANV_OK);
    /* the headline again, under the photo: a repetition */
    size_t rep = 3;
    assert_string_equal(xliff_project_unit(p, rep)->source,
                        xliff_project_unit(p, 0)->source);
    assert_int_equal(xliff_unit_set_target(p, rep, title,
                                           XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_LEVERAGED_INHERITED, -1,
                                           XLIFF_MARK_PROPAGATED, &err),
                     ANV_OK);
    /* the lead sentence: a TM match that differed only in the date, fixed
     * by the number rules, left for review */
    size_t lead = find_unit(p, "रूस के रक्षा मंत्री सर्गेई शोइगु");
    const char *src = xliff_project_unit(p, lead)->source;
    xliff_match m = {96, "tm/hi-en.tmx",
                     "रूस के रक्षा मंत्री सर्गेई शोइगु ने पुष्टि की कि सैनिक "
                     "अपनी सप्ताह भर की तैनाती के बाद 21 जनवरी तक अपनी "
                     "वापसी पूरी कर लेंगे।",
                     "Russian Defence Minister Sergei Shoigu confirmed that "
                     "the troops will complete their withdrawal by January "
                     "21 after their week-long deployment.",
                     "csto-0042", "20220113T091500Z"};
    numfix fix;
    assert_int_equal(numbers_fix_match(src, m.source, m.target, &fix, &err),
                     ANV_OK);
    assert_int_equal(fix.outcome, NUMFIX_FIXED);
    strbuf note = STRBUF_INIT;
    strbuf_append_str(&note, "numbers fixed: ");
    numfix_describe(&fix, &note);
    assert_string_equal(note.data, "numbers fixed: 21→19");
    assert_int_equal(xliff_unit_set_target(
                         p, lead, fix.target,
                         XLIFF_STATE_NEEDS_REVIEW_TRANSLATION,
                         XLIFF_QUAL_FUZZY_MATCH, 96,
                         XLIFF_MARK_NUMBERS_FIXED, &err), ANV_OK);
    assert_int_equal(xliff_unit_add_match(p, lead, &m, &err), ANV_OK);
    xliff_match m2 = {78, "tm/hi-en.tmx",
                      "रूस के रक्षा मंत्री सर्गेई शोइगु ने पुष्टि की कि सैनिक "
                      "अपनी वापसी पूरी कर लेंगे।",
                      "Russian Defence Minister Sergei Shoigu confirmed that "
                      "the troops will complete their withdrawal.",
                      "csto-0043", NULL};
    assert_int_equal(xliff_unit_add_match(p, lead, &m2, &err), ANV_OK);
    assert_int_equal(xliff_unit_add_note(p, lead, "anuvad", note.data, &err),
                     ANV_OK);
    strbuf_release(&note);
    numfix_release(&fix);
    /* the dateline, reviewed */
    assert_int_equal(xliff_unit_set_target(p, find_unit(p, "जनवरी 14, 2022"),
                                           "January 14, 2022",
                                           XLIFF_STATE_SIGNED_OFF,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_OK);
    /* the English caption stays as it is */
    size_t cap = find_unit(p, "Russian CSTO troops");
    assert_int_equal(xliff_unit_set_target(p, cap,
                                           xliff_project_unit(p, cap)->source,
                                           XLIFF_STATE_FINAL, XLIFF_QUAL_NONE,
                                           -1, 0, &err), ANV_OK);
    /* a low fuzzy match offered but not used */
    size_t last = find_unit(p, "अमेरिका ने कहा कि");
    xliff_match m3 = {62, "tm/hi-en.tmx", "अमेरिका ने कहा कि वह स्थिति पर "
                      "नज़र बनाए हुए है।",
                      "The US said it is monitoring the situation.", NULL,
                      NULL};
    assert_int_equal(xliff_unit_add_match(p, last, &m3, &err), ANV_OK);
    return p;
}

static void test_seed_fixtures(void **state)
{
    (void)state;
    xliff_project *p = seed_project();
    char *xml = xliff_to_string(p, 0);
    check_fixture("seed.xlf", xml, strlen(xml));
    free(xml);
    xml = xliff_to_string(p, XLIFF_WRITE_FOR_OMEGAT);
    check_fixture("seed-omegat.xlf", xml, strlen(xml));
    free(xml);
    xliff_project_free(p);
}

static void test_layout_fixtures(void **state)
{
    (void)state;
    size_t len = sizeof layout_doc - 1;
    check_fixture("layout.hi.txt", layout_doc, len);
    anv_error err;
    xliff_project *p = segstub_project("layout.hi.txt", layout_doc, len,
                                       TEXT_PARA_BLANK, &err);
    if (!p)
        fail_msg("%s", err.message);
    assert_int_equal(xliff_project_unit_count(p), 4);
    /* the wrapped second sentence keeps its CRLF in anv:raw */
    assert_string_equal(xliff_project_unit(p, 1)->source_raw,
                        "दूसरा वाक्य\r\nदो पंक्तियों में है।");
    assert_int_equal(xliff_unit_set_target(p, 0, "The first sentence was "
                                           "written on 19 February.",
                                           XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_OK);
    char *xml = xliff_to_string(p, 0);
    check_fixture("layout.xlf", xml, strlen(xml));
    free(xml);
    xliff_project_free(p);
}

static void set_target(xliff_project *p, size_t i, const char *target,
                       xliff_state state)
{
    anv_error err;
    assert_int_equal(xliff_unit_set_target(p, i, target, state,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_OK);
}

static void test_finished_fixture(void **state)
{
    (void)state;
    anv_error err;
    xliff_project *p = xliff_project_new(&err);
    assert_non_null(p);
    assert_int_equal(xliff_project_add_file(p, "a.hi.txt", NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(xliff_project_set_file_layout(p, 0, 0, "\n", &err),
                     ANV_OK);
    const char *a[] = {"टोकायव ने कहा।", "सैनिक लौटे।", "क < ख",
                       "अनुवाद नहीं हुआ।", "अंत।"};
    const char *before[] = {NULL, " ", " ", "\n", " "};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(xliff_project_add_unit(p, before[i], a[i], NULL,
                                                &err), ANV_OK);
    set_target(p, 0, "Tokayev said so.", XLIFF_STATE_TRANSLATED);
    assert_int_equal(xliff_unit_add_note(p, 0, "anuvad",
                                         "numbers fixed: 21→19", &err),
                     ANV_OK);
    assert_int_equal(xliff_unit_add_note(p, 0, "reviewer",
                                         "Name as in the ministry's list & "
                                         "press kit.", &err), ANV_OK);
    assert_int_equal(xliff_unit_set_target(
                         p, 1, "The soldiers came back.",
                         XLIFF_STATE_NEEDS_REVIEW_TRANSLATION,
                         XLIFF_QUAL_FUZZY_MATCH, 88, 0, &err), ANV_OK);
    set_target(p, 2, "a < b & c", XLIFF_STATE_SIGNED_OFF);
    set_target(p, 4, "The end.", XLIFF_STATE_FINAL);
    assert_int_equal(xliff_project_add_file(p, "b.hi.txt", "hi-IN", "en-GB",
                                            &err), ANV_OK);
    assert_int_equal(xliff_project_add_unit(p, NULL, "अकेला।", NULL, &err),
                     ANV_OK);
    assert_int_equal(xliff_project_add_unit(p, " ", "खाली।", NULL, &err),
                     ANV_OK);
    set_target(p, 5, "Alone.", XLIFF_STATE_TRANSLATED);
    set_target(p, 6, " ", XLIFF_STATE_TRANSLATED);
    char *xml = xliff_to_string(p, 0);
    check_fixture("finished.xlf", xml, strlen(xml));
    free(xml);
    xliff_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_fixtures),
        cmocka_unit_test(test_layout_fixtures),
        cmocka_unit_test(test_finished_fixture),
    };
    return cmocka_run_group_tests_name("xliff_fixtures", tests, NULL, NULL);
}
