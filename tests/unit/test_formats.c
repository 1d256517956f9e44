/*
 * test_formats.c - inline codes (text/icode.h) and the filter framework
 * (formats/format.h) with the HTML filter: code chars and their display,
 * the checks a confirm relies on, which codes leave a segment, the units
 * and codes of a small page, entities and white space, the language
 * attribute, a page through a project and back byte for byte, and a
 * translated page with the codes' markup in place.
 */
#include "testutil.h"

#include <unistd.h>

#include "formats/filters.h"
#include "formats/format.h"
#include "project/pretranslate.h"
#include "segment/srx.h"
#include "text/icode.h"

/* "a{1}b{/1}c{2/}" as code chars */
static char *coded(const char *display)
{
    strbuf all = STRBUF_INIT, out = STRBUF_INIT;
    /* allow every code: build a source holding ids 1..9 of each kind */
    for (unsigned id = 1; id < 10; id++)
        for (int k = 0; k < 3; k++)
            icode_append(&all, (icode_kind)k, id);
    icode_parse_display(&out, display, strlen(display), all.data);
    strbuf_release(&all);
    return strbuf_detach(&out, NULL);
}

static char *shown(const char *s)
{
    strbuf out = STRBUF_INIT;
    icode_display(&out, s, strlen(s));
    return strbuf_detach(&out, NULL);
}

static void test_code_chars(void **state)
{
    (void)state;
    char *s = coded("Go {1}home{/1} now{2/}.");
    assert_int_equal(icode_count(s, strlen(s)), 3);
    char *back = shown(s);
    assert_string_equal(back, "Go {1}home{/1} now{2/}.");
    strbuf plain = STRBUF_INIT;
    icode_replace(&plain, s, strlen(s), "");
    assert_string_equal(plain.data, "Go home now.");
    strbuf_release(&plain);
    /* placeholders of codes the source lacks stay text */
    strbuf t = STRBUF_INIT;
    icode_parse_display(&t, "{7} x", 5, s);
    assert_string_equal(t.data, "{7} x");
    strbuf_release(&t);
    free(s);
    free(back);
}

static void test_code_checks(void **state)
{
    (void)state;
    char *src = coded("Go {1}home{/1} now{2/}.");
    char *ok = coded("{2/}Jetzt {1}heim{/1}.");
    char *missing = coded("Jetzt {1}heim{/1}.");
    char *crossed = coded("{2/}Jetzt {/1}heim{1}.");
    char *twice = coded("{2/}{2/}Jetzt {1}heim{/1}.");
    icode_problems pr;
    assert_true(icode_check(src, ok, &pr));
    assert_false(icode_check(src, missing, &pr));
    assert_int_equal(pr.missing, 1);
    assert_false(icode_check(src, crossed, &pr));
    assert_int_equal(pr.misnested, 1);
    assert_false(icode_check(src, twice, &pr));
    assert_int_equal(pr.duplicated, 2);
    icode_kind k;
    unsigned id;
    assert_true(icode_next_missing(src, missing, &k, &id));
    assert_int_equal(k, ICODE_ISOLATED);
    assert_int_equal(id, 2);
    assert_false(icode_next_missing(src, ok, &k, &id));
    free(src);
    free(ok);
    free(missing);
    free(crossed);
    free(twice);
}

static void expect_trim(const char *display, const char *want)
{
    char *s = coded(display);
    size_t a = 0, b = strlen(s);
    icode_trim(s, &a, &b);
    char *part = strndup(s + a, b - a);
    char *got = shown(part);
    assert_string_equal(got, want);
    free(s);
    free(part);
    free(got);
}

static void test_trim(void **state)
{
    (void)state;
    expect_trim("{1}Note:{/1} text", "{1}Note:{/1} text");
    expect_trim("{1}Whole sentence.{/1}", "Whole sentence.");
    expect_trim("{2/} {1}Whole.{/1} {3/}", "Whole.");
    expect_trim("{1}First half.", "First half.");
    expect_trim("second half.{/1}", "second half.");
    expect_trim("A {1}b. C", "A {1}b. C");
    expect_trim("{1/}{2/}", "");
}

static const char PAGE[] =
    "<!DOCTYPE html>\n<html lang=\"hi\">\n<head><title>शीर्षक</title>\n"
    "<meta name=\"description\" content=\"विवरण\">\n"
    "<style>p { color: red }</style></head>\n<body>\n"
    "<h1>पहला &amp; दूसरा</h1>\n"
    "<p>यह <b>मोटा</b> है।  दूसरा\n  वाक्य <a href=\"x.html\">कड़ी</a> में।</p>\n"
    "<p><i>पूरा वाक्य।</i></p>\n"
    "<pre>न अनुवाद</pre>\n<p translate=\"no\">यह भी नहीं</p>\n"
    "<img src=\"a.png\" alt=\"चित्र\">\n"
    "<p>कोड <code>x = 1</code> यहाँ।</p>\n"
    "</body></html>\n";

static fmt_doc *open_page(void)
{
    anv_error err;
    anv_error_clear(&err);
    const fmt_filter *f = NULL;
    assert_int_equal(fmt_detect("page.html", PAGE, strlen(PAGE), &f, &err),
                     ANV_OK);
    assert_non_null(f);
    assert_string_equal(f->name, "html");
    fmt_doc *doc = fmt_doc_open(f, "page.html", PAGE, strlen(PAGE), &err);
    assert_non_null(doc);
    return doc;
}

static void test_html_units(void **state)
{
    (void)state;
    fmt_doc *doc = open_page();
    static const char *const want[] = {
        "शीर्षक", "विवरण", "पहला & दूसरा",
        "यह {1}मोटा{/1} है। दूसरा वाक्य {2}कड़ी{/2} में।",
        "{1}पूरा वाक्य।{/1}", "चित्र", "कोड {1/} यहाँ।"};
    assert_int_equal(doc->n_units, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < doc->n_units; i++) {
        char *s = shown(doc->units[i].text);
        assert_string_equal(s, want[i]);
        free(s);
    }
    assert_string_equal(doc->units[0].context, "title");
    assert_string_equal(doc->units[1].context, "meta description");
    assert_true(doc->units[1].flags & FMT_UNIT_WHOLE);
    /* codes keep their markup */
    const fmt_unit *u = &doc->units[3];
    assert_int_equal(u->n_codes, 4);
    assert_string_equal(icode_find(u->codes, 4, ICODE_OPEN, 2)->data,
                        "<a href=\"x.html\">");
    assert_string_equal(icode_find(doc->units[6].codes, 1, ICODE_ISOLATED,
                                   1)->data, "<code>x = 1</code>");
    /* the entity's bytes stay in the map */
    u = &doc->units[2];
    assert_memory_equal(PAGE + u->start, "पहला &amp; दूसरा", u->end - u->start);
    assert_memory_equal(PAGE + doc->lang_start, "hi", 2);
    assert_int_equal(doc->lang_end - doc->lang_start, 2);
    fmt_doc_free(doc);
}

static void test_detect_refuses(void **state)
{
    (void)state;
    anv_error err;
    anv_error_clear(&err);
    const fmt_filter *f;
    assert_int_equal(fmt_detect("a.pdf", "%PDF-1.4", 8, &f, &err),
                     ANV_EINVAL);
    assert_string_equal(err.message, "a.pdf: not supported: PDF");
    assert_int_equal(fmt_detect("report", "PK\3\4xx", 6, &f, &err),
                     ANV_EINVAL);
    assert_string_equal(err.message, "report: not supported: ZIP archive "
                                     "(DOCX/ODT/XLSX...)");
    assert_int_equal(fmt_detect("x.bin", "ab\0cd", 5, &f, &err), ANV_EINVAL);
    assert_string_equal(err.message, "x.bin: not supported: binary file");
    assert_int_equal(fmt_detect("notes.txt", "नमस्ते", 18, &f, &err), ANV_OK);
    assert_null(f);
    assert_int_equal(fmt_detect("page", "<!DOCTYPE html><p>x", 19, &f, &err),
                     ANV_OK);
    assert_string_equal(f->name, "html");
}

static xliff_project *page_project(void)
{
    anv_error err;
    anv_error_clear(&err);
    char path[1024];
    srx_rules *rules =
        srx_load_file(root_path(path, sizeof path, "dict/segment.srx"), &err);
    assert_non_null(rules);
    segmenter *sg = segmenter_new(rules, "hi", &err);
    srx_free(rules);
    xliff_project *p = xliff_project_new(&err);
    fmt_doc *doc = open_page();
    assert_int_equal(pretranslate_add_formatted(p, sg, "page.html", doc,
                                                &err), ANV_OK);
    fmt_doc_free(doc);
    segmenter_free(sg);
    return p;
}

static void test_page_round_trip(void **state)
{
    (void)state;
    anv_error err;
    anv_error_clear(&err);
    xliff_project *p = page_project();
    /* title, description, h1, 2 sentences, the whole <i> sentence (its
     * pair left outside), alt, the code sentence */
    assert_int_equal(xliff_project_unit_count(p), 8);
    char *s4 = shown(xliff_project_unit(p, 4)->source);
    assert_string_equal(s4, "दूसरा वाक्य {1}कड़ी{/1} में।");
    assert_string_equal(xliff_project_unit(p, 5)->source, "पूरा वाक्य।");
    strbuf out = STRBUF_INIT;
    assert_int_equal(xliff_file_rebuild(p, 0, 1, &out, NULL, &err), ANV_OK);
    assert_string_equal(out.data, PAGE);
    /* through the XLIFF file and back */
    char path[] = "/tmp/anuvad-formats-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(xliff_project_save(p, path, 0, &err), ANV_OK);
    xliff_project *q = xliff_project_read(path, &err);
    assert_non_null(q);
    strbuf again = STRBUF_INIT;
    assert_int_equal(xliff_file_rebuild(q, 0, 1, &again, NULL, &err),
                     ANV_OK);
    assert_string_equal(again.data, PAGE);
    assert_int_equal(xliff_project_unit(q, 4)->n_codes, 2);
    /* translated: text escaped, codes as their markup, lang = target */
    char *t = coded("The second sentence is in the {1}link{/1} & co.");
    assert_int_equal(xliff_unit_set_target(q, 4, t, XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_OK);
    /* a code the source lacks is refused */
    char *bad = coded("x {3/}");
    assert_int_equal(xliff_unit_set_target(q, 4, bad, XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_EINVAL);
    strbuf_clear(&again);
    assert_int_equal(xliff_file_rebuild(q, 0, 1, &again, NULL, &err),
                     ANV_OK);
    assert_non_null(strstr(again.data, "<html lang=\"en-US\">"));
    assert_non_null(strstr(again.data, "है।  The second sentence is in the "
                                       "<a href=\"x.html\">link</a> &amp; "
                                       "co.</p>"));
    unlink(path);
    free(s4);
    free(t);
    free(bad);
    strbuf_release(&out);
    strbuf_release(&again);
    xliff_project_free(p);
    xliff_project_free(q);
}

/* ---- a container: two HTML parts joined by a separator line ---------- */

#define SEP "\n====\n"

static int box_unpack(fmt_doc *doc, const char *data, size_t len,
                      anv_error *err)
{
    const char *s = strstr(data, SEP);
    if (!s)
        return anv_error_set(err, ANV_EINVAL, "no separator");
    size_t a = (size_t)(s - data), b = a + strlen(SEP);
    int rc = fmt_doc_add_part(doc, "one.html", data, a, err);
    return rc ? rc : fmt_doc_add_part(doc, "two.html", data + b, len - b, err);
}

static int box_pack(const char *original, size_t len, const fmt_part *parts,
                    size_t n, strbuf *out, anv_error *err)
{
    (void)original;
    (void)len;
    (void)err;
    assert_int_equal(n, 2);
    assert_string_equal(parts[0].name, "one.html");
    strbuf_append(out, parts[0].data, parts[0].len);
    strbuf_append_str(out, SEP);
    return strbuf_append(out, parts[1].data, parts[1].len);
}

static int box_read(fmt_doc *doc, anv_error *err)
{
    return fmt_filter_html.read(doc, err);
}

static const char *const box_ext[] = {"box", NULL};
static const fmt_filter box = {
    .name = "box", .datatype = "x-box", .extensions = box_ext,
    .read = box_read, .escape = fmt_escape_xml,
    .unpack = box_unpack, .pack = box_pack};

static void test_container_parts(void **state)
{
    (void)state;
    static const char DOC[] = "<p>पहला भाग।</p>" SEP
                              "<p>दूसरा <b>भाग</b> है।</p>\n";
    anv_error err;
    anv_error_clear(&err);
    fmt_doc *doc = fmt_doc_open(&box, "doc.box", DOC, strlen(DOC), &err);
    assert_non_null(doc);
    assert_int_equal(doc->n_parts, 2);
    assert_int_equal(doc->n_units, 2);
    assert_int_equal(doc->units[1].part, 1);
    char path[1024];
    srx_rules *rules =
        srx_load_file(root_path(path, sizeof path, "dict/segment.srx"), &err);
    segmenter *sg = segmenter_new(rules, "hi", &err);
    srx_free(rules);
    xliff_project *p = xliff_project_new(&err);
    assert_int_equal(pretranslate_add_formatted(p, sg, "doc.box", doc, &err),
                     ANV_OK);
    fmt_doc_free(doc);
    segmenter_free(sg);
    assert_int_equal(xliff_project_file_count(p), 2);
    assert_int_equal(xliff_document_end(p, 0), 2);
    /* through the XLIFF file: parts and the container kept */
    char xlf[] = "/tmp/anuvad-box-XXXXXX";
    int fd = mkstemp(xlf);
    close(fd);
    assert_int_equal(xliff_project_save(p, xlf, 0, &err), ANV_OK);
    xliff_project *q = xliff_project_read(xlf, &err);
    assert_non_null(q);
    unlink(xlf);
    const xliff_file *f0 = xliff_project_file(q, 0);
    assert_string_equal(f0->part, "one.html");
    assert_string_equal(xliff_project_file(q, 1)->part, "two.html");
    assert_int_equal(f0->container_len, strlen(DOC));
    assert_memory_equal(f0->container, DOC, strlen(DOC));
    assert_null(xliff_project_file(q, 1)->container);
    strbuf out = STRBUF_INIT;
    assert_int_equal(xliff_document_rebuild_with(q, 0, &box, &out, NULL,
                                                 &err), ANV_OK);
    assert_string_equal(out.data, DOC);
    char *t = coded("The second {1}part{/1}.");
    assert_int_equal(xliff_unit_set_target(q, 1, t, XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_OK);
    strbuf_clear(&out);
    assert_int_equal(xliff_document_rebuild_with(q, 0, &box, &out, NULL,
                                                 &err), ANV_OK);
    assert_string_equal(out.data, "<p>पहला भाग।</p>" SEP
                                  "<p>The second <b>part</b>.</p>\n");
    free(t);
    strbuf_release(&out);
    xliff_project_free(p);
    xliff_project_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_chars),
        cmocka_unit_test(test_code_checks),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_html_units),
        cmocka_unit_test(test_detect_refuses),
        cmocka_unit_test(test_page_round_trip),
        cmocka_unit_test(test_container_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
