/*
 * test_xmlev.c - XML parts as events with exact bytes (formats/xmlev.h):
 * the events tile the part (declaration, comments, CDATA, empty
 * elements, entities, CRLF line ends, text after the root), start and
 * end events are paired, and broken XML is refused with its line.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "formats/xmlev.h"

/* The events' bytes, joined with '|'. */
static char *tiles(const char *xml, xev_list *x)
{
    size_t n = strlen(xml);
    char *out = malloc(n + x->n + 1), *p = out;
    for (size_t i = 0; i < x->n; i++) {
        if (i)
            *p++ = '|';
        memcpy(p, xml + x->ev[i].start, x->ev[i].end - x->ev[i].start);
        p += x->ev[i].end - x->ev[i].start;
    }
    *p = '\0';
    return out;
}

static void test_tiling(void **state)
{
    (void)state;
    const char *xml = "<?xml version=\"1.0\"?>\r\n<w:p a=\"1\"><!-- c -->"
                      "<w:r><w:b/><w:t xml:space=\"preserve\">A &amp; B"
                      "\r\nnext</w:t></w:r><![CDATA[<x>]]></w:p>\r\n";
    xev_list x;
    anv_error err;
    anv_error_clear(&err);
    assert_int_equal(xmlev_read(xml, strlen(xml), "t.xml", &x, &err),
                     ANV_OK);
    char *t = tiles(xml, &x);
    assert_string_equal(t, "<?xml version=\"1.0\"?>\r\n|<w:p a=\"1\">"
                           "|<!-- c -->|<w:r>|<w:b/>||<w:t xml:space=\""
                           "preserve\">|A |&amp;| B\r\nnext|</w:t>|</w:r>|"
                           "<![CDATA[<x>]]>|</w:p>|\r\n");
    free(t);
    /* the empty element: a start holding it all, an end of no bytes */
    assert_int_equal(x.ev[4].type, XEV_START);
    assert_string_equal(x.ev[4].name, "w:b");
    assert_true(xmlev_empty(&x, 4));
    assert_false(xmlev_empty(&x, 3));
    assert_int_equal(x.ev[4].match, 5);
    assert_int_equal(x.ev[1].match, 13);
    assert_int_equal(x.ev[13].match, 1);
    /* decoded text; CRLF text kept as the part's bytes */
    assert_string_equal(x.ev[8].text, "&");
    assert_string_equal(x.ev[9].text, " B\r\nnext");
    assert_string_equal(xmlev_attr(&x.ev[6], "xml:space"), "preserve");
    assert_null(xmlev_attr(&x.ev[6], "w:val"));
    xmlev_free(&x);
}

/* White space between a comment and the root belongs to the comment
 * (JMP-11-Test01.xlf had been refused for it). */
static void test_space_before_root(void **state)
{
    (void)state;
    const char *xml = "<?xml version=\"1.0\"?>\n<!-- c -->\n\n<a>x</a>\n";
    xev_list x;
    anv_error err;
    anv_error_clear(&err);
    assert_int_equal(xmlev_read(xml, strlen(xml), "t.xml", &x, &err),
                     ANV_OK);
    char *t = tiles(xml, &x);
    assert_string_equal(t, "<?xml version=\"1.0\"?>\n|<!-- c -->\n\n|<a>|x|"
                           "</a>|\n");
    free(t);
    xmlev_free(&x);
}

static void test_broken(void **state)
{
    (void)state;
    const char *xml = "<a>\n<b>\n</a>\n";
    xev_list x;
    anv_error err;
    anv_error_clear(&err);
    assert_int_equal(xmlev_read(xml, strlen(xml), "doc.docx: word/document.xml",
                                &x, &err),
                     ANV_EPARSE);
    assert_non_null(strstr(err.message, "doc.docx: word/document.xml: line 3: "
                                        "broken XML: "));
    assert_int_equal(x.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiling),
        cmocka_unit_test(test_space_before_root),
        cmocka_unit_test(test_broken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
