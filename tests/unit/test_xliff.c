/*
 * test_xliff.c - the XLIFF project: layout kept byte for byte, the file
 * format read back exactly, edits (target, join, split), counts, and
 * clean errors on broken files.
 */
#include "testutil.h"

#include <unistd.h>

#include "base/fileio.h"
#include "xliffutil.h"
#include "base/strbuf.h"
#include "text/words.h"
#include "project/xliff.h"

/* ---- helpers ---------------------------------------------------------- */

static xliff_project *reparse(const xliff_project *p)
{
    char *xml = xliff_to_string(p, 0);
    anv_error err;
    xliff_project *q = xliff_project_parse("mem.xlf", xml, strlen(xml), &err);
    if (!q)
        fail_msg("re-reading our own XLIFF failed: %s", err.message);
    free(xml);
    return q;
}

static char *rebuild(const xliff_project *p, size_t f, int targets,
                     size_t *kept)
{
    strbuf out = STRBUF_INIT;
    anv_error err;
    assert_int_equal(xliff_file_rebuild(p, f, targets, &out, kept, &err),
                     ANV_OK);
    return strbuf_detach(&out, NULL);
}

static void assert_same_unit(const xliff_unit *a, const xliff_unit *b)
{
    assert_string_equal(a->id, b->id);
    assert_int_equal(a->file, b->file);
    assert_string_equal(a->before, b->before);
    assert_string_equal(a->source, b->source);
    if (a->source_raw || b->source_raw) {
        assert_non_null(a->source_raw);
        assert_non_null(b->source_raw);
        assert_string_equal(a->source_raw, b->source_raw);
    }
    if (a->target || b->target) {
        assert_non_null(a->target);
        assert_non_null(b->target);
        assert_string_equal(a->target, b->target);
    }
    assert_int_equal(a->state, b->state);
    assert_int_equal(a->qualifier, b->qualifier);
    assert_int_equal(a->match_quality, b->match_quality);
    assert_int_equal(a->marks, b->marks);
    assert_int_equal(a->n_matches, b->n_matches);
    for (size_t k = 0; k < a->n_matches; k++) {
        const xliff_match *x = &a->matches[k], *y = &b->matches[k];
        assert_int_equal(x->quality, y->quality);
        assert_string_equal(x->source, y->source);
        assert_string_equal(x->target, y->target);
        assert_true((x->origin == NULL) == (y->origin == NULL));
        if (x->origin)
            assert_string_equal(x->origin, y->origin);
        assert_true((x->tuid == NULL) == (y->tuid == NULL));
        if (x->tuid)
            assert_string_equal(x->tuid, y->tuid);
        assert_true((x->changedate == NULL) == (y->changedate == NULL));
        if (x->changedate)
            assert_string_equal(x->changedate, y->changedate);
    }
    assert_int_equal(a->n_notes, b->n_notes);
    for (size_t k = 0; k < a->n_notes; k++) {
        assert_string_equal(a->notes[k].text, b->notes[k].text);
        assert_true((a->notes[k].from == NULL) == (b->notes[k].from == NULL));
    }
}

static void assert_same_project(const xliff_project *a,
                                const xliff_project *b)
{
    assert_int_equal(xliff_project_file_count(a), xliff_project_file_count(b));
    for (size_t f = 0; f < xliff_project_file_count(a); f++) {
        const xliff_file *x = xliff_project_file(a, f);
        const xliff_file *y = xliff_project_file(b, f);
        assert_string_equal(x->original, y->original);
        assert_string_equal(x->source_language, y->source_language);
        assert_string_equal(x->target_language, y->target_language);
        assert_string_equal(x->datatype, y->datatype);
        assert_int_equal(x->bom, y->bom);
        assert_int_equal(x->blank_paragraphs, y->blank_paragraphs);
        assert_string_equal(x->after, y->after);
        assert_int_equal(x->first_unit, y->first_unit);
        assert_int_equal(x->n_units, y->n_units);
    }
    if (xliff_project_tm(a) || xliff_project_tm(b))
        assert_string_equal(xliff_project_tm(a), xliff_project_tm(b));
    assert_int_equal(xliff_project_unit_count(a), xliff_project_unit_count(b));
    for (size_t i = 0; i < xliff_project_unit_count(a); i++)
        assert_same_unit(xliff_project_unit(a, i), xliff_project_unit(b, i));
}

static char *read_shared(const char *rel, size_t *len)
{
    char path[1024];
    char *data;
    anv_error err;
    if (fileio_read_all(shared_path(path, sizeof path, rel), 1u << 26, &data,
                        len, &err) != ANV_OK)
        fail_msg("%s", err.message);
    return data;
}

/* ---- layout ----------------------------------------------------------- */

/* The seed article, cut into sentences, written, read back and rebuilt:
 * the same bytes. */
static void test_seed_article_round_trip(void **state)
{
    (void)state;
    size_t len;
    char *doc = read_shared("data/seed-article/kazakhstan-csto.hi.txt", &len);
    anv_error err;
    xliff_project *p = segstub_project("kazakhstan-csto.hi.txt", doc, len,
                                       TEXT_PARA_LINE, &err);
    if (!p)
        fail_msg("%s", err.message);
    assert_true(xliff_project_unit_count(p) > 20);
    /* The article has blank lines between paragraphs: some unit's layout
     * is a blank line, and the next sentence of a paragraph one space. */
    int saw_blank = 0, saw_space = 0;
    for (size_t i = 0; i < xliff_project_unit_count(p); i++) {
        const char *b = xliff_project_unit(p, i)->before;
        saw_blank |= strcmp(b, "\n\n") == 0;
        saw_space |= strcmp(b, " ") == 0;
    }
    assert_true(saw_blank && saw_space);
    xliff_project *q = reparse(p);
    assert_same_project(p, q);
    size_t kept = 0;
    char *back = rebuild(q, 0, 1, &kept);
    assert_int_equal(strlen(back), len);
    assert_memory_equal(back, doc, len);
    assert_int_equal(kept, xliff_project_unit_count(q));
    free(back);
    xliff_project_free(q);
    xliff_project_free(p);
    free(doc);
}

/* BOM, CRLF, leading and trailing spaces, a tab, a form feed, no final
 * newline, and a precomposed nukta letter (NFC changes it). */
static void test_awkward_layout_round_trip(void **state)
{
    (void)state;
    const char doc[] =
        "\xEF\xBB\xBF  \xE0\xA4\xAB\xE0\xA4\xBC\xE0\xA4\xB0\xE0\xA4\xB5"
        "\xE0\xA4\xB0\xE0\xA5\x80 19 \xE0\xA4\x95\xE0\xA5\x8B \xE0\xA4\x86"
        "\xE0\xA4\xAF\xE0\xA4\xBE\xE0\xA5\xA4\t\xE0\xA4\xA6\xE0\xA5\x82"
        "\xE0\xA4\xB8\xE0\xA4\xB0\xE0\xA4\xBE\xE0\xA5\xA4  \r\n\r\n\f\r\n"
        "\xE0\xA5\x9B\xE0\xA4\xB0\xE0\xA4\xBE \xE0\xA4\xA0\xE0\xA4\xB9"
        "\xE0\xA4\xB0\xE0\xA5\x8B\xE0\xA5\xA4";
    /* "  फ़रवरी 19 को आया।\tदूसरा।  \r\n\r\n\f\r\nज़रा ठहरो।" with
     * फ़ decomposed and ज़ precomposed (U+095B) */
    size_t len = sizeof doc - 1;
    anv_error err;
    xliff_project *p = segstub_project("odd.txt", doc, len, TEXT_PARA_LINE,
                                       &err);
    if (!p)
        fail_msg("%s", err.message);
    const xliff_file *f = xliff_project_file(p, 0);
    assert_true(f->bom);
    assert_string_equal(f->after, "");
    assert_int_equal(xliff_project_unit_count(p), 3);
    const xliff_unit *u0 = xliff_project_unit(p, 0);
    assert_string_equal(u0->before, "  ");
    assert_null(u0->source_raw);
    assert_string_equal(xliff_project_unit(p, 1)->before, "\t");
    assert_string_equal(xliff_project_unit(p, 2)->before,
                        "  \r\n\r\n\f\r\n");
    /* ज़ (U+095B) is stored decomposed, the bytes kept as raw */
    const xliff_unit *u2 = xliff_project_unit(p, 2);
    assert_string_equal(u2->source, "\xE0\xA4\x9C\xE0\xA4\xBC"
                                    "रा ठहरो।");
    assert_non_null(u2->source_raw);
    assert_memory_equal(u2->source_raw, "\xE0\xA5\x9B", 3);

    char *xml = xliff_to_string(p, 0);
    /* the layout is escaped, never raw control characters */
    assert_non_null(strstr(xml, "anv:before=\"  \\r\\n\\r\\n\\u000C\\r\\n\""));
    assert_non_null(strstr(xml, "anv:bom=\"yes\""));
    free(xml);
    xliff_project *q = reparse(p);
    assert_same_project(p, q);
    char *back = rebuild(q, 0, 0, NULL);
    assert_int_equal(strlen(back), len);
    assert_memory_equal(back, doc, len);
    free(back);
    xliff_project_free(q);
    xliff_project_free(p);
}

/* Paragraphs that run over several lines (blank-line mode): the source has
 * spaces where the document has line breaks; the document comes back. */
static void test_wrapped_paragraphs_round_trip(void **state)
{
    (void)state;
    const char *doc = "पहला वाक्य यहाँ\nखत्म होता है। दूसरा\r\nवाक्य।\n\n"
                      "तीसरा।\n";
    anv_error err;
    xliff_project *p = segstub_project("wrapped.txt", doc, strlen(doc),
                                       TEXT_PARA_BLANK, &err);
    if (!p)
        fail_msg("%s", err.message);
    assert_int_equal(xliff_project_unit_count(p), 3);
    const xliff_unit *u = xliff_project_unit(p, 0);
    assert_string_equal(u->source, "पहला वाक्य यहाँ खत्म होता है।");
    assert_string_equal(u->source_raw, "पहला वाक्य यहाँ\nखत्म होता है।");
    assert_string_equal(xliff_project_unit(p, 1)->source_raw,
                        "दूसरा\r\nवाक्य।");
    assert_string_equal(xliff_project_unit(p, 2)->before, "\n\n");
    assert_string_equal(xliff_project_file(p, 0)->after, "\n");
    xliff_project *q = reparse(p);
    assert_same_project(p, q);
    char *back = rebuild(q, 0, 0, NULL);
    assert_string_equal(back, doc);
    free(back);
    xliff_project_free(q);
    xliff_project_free(p);
}

/* A document with no text at all still round-trips (as layout only). */
static void test_blank_document(void **state)
{
    (void)state;
    anv_error err;
    xliff_project *p = segstub_project("blank.txt", " \r\n\n", 4,
                                       TEXT_PARA_LINE, &err);
    assert_non_null(p);
    assert_int_equal(xliff_project_unit_count(p), 0);
    char *xml = xliff_to_string(p, 0);
    assert_non_null(strstr(xml, "<body/>"));
    free(xml);
    xliff_project *q = reparse(p);
    assert_same_project(p, q);
    char *back = rebuild(q, 0, 1, NULL);
    assert_string_equal(back, " \r\n\n");
    free(back);
    xliff_project_free(q);
    xliff_project_free(p);
}

static void test_add_document_checks_spans(void **state)
{
    (void)state;
    anv_error err;
    xliff_project *p = xliff_project_new(&err);
    const char *doc = "एक। दो।";
    xliff_span bad[] = {{"एक।", 0, 10}}; /* "एक।" is 9 bytes */
    assert_int_equal(xliff_project_add_document(p, "d", doc, strlen(doc),
                                                bad, 1, &err),
                     ANV_EINVAL);
    assert_non_null(strstr(err.message, "segment 1 does not match"));
    xliff_span order[] = {{"दो।", 10, 19}, {"एक।", 0, 9}};
    assert_int_equal(xliff_project_add_document(p, "d", doc, strlen(doc),
                                                order, 2, &err),
                     ANV_EINVAL);
    assert_non_null(strstr(err.message, "out of order"));
    xliff_project_free(p);
}

static void test_layout_escapes(void **state)
{
    (void)state;
    strbuf b = STRBUF_INIT, c = STRBUF_INIT;
    const char in[] = "a\\b\n\r\t\x01\x0b\xEF\xBF\xBE z";
    assert_int_equal(xliff_escape_layout(&b, in, sizeof in - 1), ANV_OK);
    assert_string_equal(b.data, "a\\\\b\\n\\r\\t\\u0001\\u000B\\uFFFE z");
    assert_int_equal(xliff_unescape_layout(&c, b.data, b.len), ANV_OK);
    assert_int_equal(c.len, sizeof in - 1);
    assert_memory_equal(c.data, in, c.len);
    static const char *const bad[] = {"\\", "\\x", "\\u12", "\\u12G4",
                                      "\\uD800"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        strbuf_clear(&c);
        assert_int_equal(xliff_unescape_layout(&c, bad[k], strlen(bad[k])),
                         -1);
        assert_int_equal(c.len, 0);
    }
    strbuf_release(&b);
    strbuf_release(&c);
}

/* ---- the format ----------------------------------------------------------- */

static xliff_project *sample_project(void)
{
    anv_error err;
    xliff_project *p = xliff_project_new(&err);
    assert_int_equal(xliff_project_add_file(p, "a.hi.txt", NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(xliff_project_add_unit(p, "", "19 जनवरी को बैठक हुई।",
                                            NULL, &err), ANV_OK);
    assert_int_equal(xliff_project_add_unit(p, " ", "यह <ठीक> & \"सही\" है।",
                                            NULL, &err), ANV_OK);
    assert_int_equal(xliff_project_add_unit(p, "\n\n", "तीसरा वाक्य।", NULL,
                                            &err), ANV_OK);
    assert_int_equal(xliff_project_set_file_layout(p, 0, 0, "\n", &err),
                     ANV_OK);
    assert_int_equal(xliff_unit_set_target(p, 0, "The meeting was held on "
                                           "January 21.",
                                           XLIFF_STATE_NEEDS_REVIEW_TRANSLATION,
                                           XLIFF_QUAL_FUZZY_MATCH, 97,
                                           XLIFF_MARK_NUMBERS_FIXED, &err),
                     ANV_OK);
    xliff_match m = {97, "tm/hi-en.tmx", "21 जनवरी को बैठक हुई।",
                     "The meeting was held on January 21.", "tu-42",
                     "20220114T101500Z"};
    assert_int_equal(xliff_unit_add_match(p, 0, &m, &err), ANV_OK);
    xliff_match m2 = {71, NULL, "बैठक हुई।", "A meeting was held.", NULL,
                      NULL};
    assert_int_equal(xliff_unit_add_match(p, 0, &m2, &err), ANV_OK);
    assert_int_equal(xliff_unit_add_note(p, 0, "anuvad",
                                         "numbers fixed: 21→19", &err),
                     ANV_OK);
    assert_int_equal(xliff_unit_set_target(p, 1, "This is <right> & \"ok\".",
                                           XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_EXACT_MATCH, 100, 0,
                                           &err),
                     ANV_OK);
    assert_int_equal(xliff_project_add_file(p, "b.hi.txt", "hi", "en-GB",
                                            &err), ANV_OK);
    assert_int_equal(xliff_project_add_unit(p, NULL, "तीसरा वाक्य।", NULL,
                                            &err), ANV_OK);
    assert_int_equal(xliff_unit_set_target(p, 3, "The third sentence.",
                                           XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_LEVERAGED_INHERITED, -1,
                                           XLIFF_MARK_PROPAGATED, &err),
                     ANV_OK);
    return p;
}

static void test_everything_survives_a_round_trip(void **state)
{
    (void)state;
    xliff_project *p = sample_project();
    char *xml = xliff_to_string(p, 0);
    assert_non_null(strstr(xml, "<trans-unit id=\"2\" xml:space=\"preserve\" "
                                "approved=\"yes\" anv:before=\" \">"));
    assert_non_null(strstr(xml, "<target state=\"needs-review-translation\" "
                                "state-qualifier=\"fuzzy-match\" "
                                "anv:match-quality=\"97\" "
                                "anv:marks=\"numbers-fixed\">"));
    assert_non_null(strstr(xml, "<source>यह &lt;ठीक&gt; &amp; &quot;सही&quot; "
                                "है।</source>"));
    assert_non_null(strstr(xml, "<alt-trans match-quality=\"97\" "
                                "origin=\"tm/hi-en.tmx\" tool-id=\"anuvad\" "
                                "anv:tuid=\"tu-42\" "
                                "anv:changedate=\"20220114T101500Z\">"));
    assert_non_null(strstr(xml, "<note from=\"anuvad\">numbers fixed: "
                                "21→19</note>"));
    assert_non_null(strstr(xml, "target-language=\"en-GB\""));
    xliff_project *q = xliff_project_parse("m.xlf", xml, strlen(xml), NULL);
    assert_non_null(q);
    assert_same_project(p, q);
    /* writing what we read gives the same bytes */
    char *again = xliff_to_string(q, 0);
    assert_string_equal(again, xml);
    free(again);
    free(xml);
    xliff_project_free(q);
    xliff_project_free(p);
}

static void test_save_is_atomic_and_readable(void **state)
{
    (void)state;
    char dir[] = "/tmp/anuvad-xliff-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/p.xlf", dir);
    xliff_project *p = sample_project();
    anv_error err;
    assert_int_equal(xliff_project_save(p, path, 0, &err), ANV_OK);
    xliff_project *q = xliff_project_read(path, &err);
    if (!q)
        fail_msg("%s", err.message);
    assert_same_project(p, q);
    /* a unit that cannot be written leaves the old file untouched */
    assert_int_equal(xliff_unit_set_target(p, 2, "bad \x01 char",
                                           XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_OK);
    assert_int_equal(xliff_project_save(p, path, 0, &err), ANV_EINVAL);
    assert_non_null(strstr(err.message, "unit 3: the target holds a "
                                        "character XML cannot store"));
    xliff_project *r = xliff_project_read(path, &err);
    assert_non_null(r);
    assert_same_project(q, r);
    xliff_project_free(r);
    xliff_project_free(q);
    xliff_project_free(p);
    unlink(path);
    rmdir(dir);
}

/* A control character inside a source is kept in anv:raw; <source> gets
 * U+FFFD, and the document still comes back whole. */
static void test_control_char_in_source(void **state)
{
    (void)state;
    anv_error err;
    xliff_project *p = xliff_project_new(&err);
    xliff_project_add_file(p, "v.txt", NULL, NULL, &err);
    assert_int_equal(xliff_project_add_unit(p, "", "एक\x0b दो।", NULL, &err),
                     ANV_OK);
    char *xml = xliff_to_string(p, 0);
    assert_non_null(strstr(xml, "<source>एक\xEF\xBF\xBD दो।</source>"));
    assert_non_null(strstr(xml, "anv:raw=\"एक\\u000B दो।\""));
    xliff_project *q = xliff_project_parse("v.xlf", xml, strlen(xml), &err);
    assert_non_null(q);
    char *back = rebuild(q, 0, 0, NULL);
    assert_string_equal(back, "एक\x0b दो।");
    free(back);
    free(xml);
    xliff_project_free(q);
    xliff_project_free(p);
}

static void test_omegat_flavour(void **state)
{
    (void)state;
    xliff_project *p = sample_project();
    char *xml = xliff_to_string(p, XLIFF_WRITE_FOR_OMEGAT);
    /* confirmed units are locked, untranslated ones get a source copy */
    assert_non_null(strstr(xml, "approved=\"yes\" translate=\"no\""));
    assert_non_null(strstr(xml, "<target state=\"needs-translation\">तीसरा "
                                "वाक्य।</target>"));
    /* and that copy reads back as "not translated"; the fuzzy target of
     * unit 1 became the first proposal */
    xliff_project *q = xliff_project_parse("o.xlf", xml, strlen(xml), NULL);
    assert_non_null(q);
    for (size_t i = 1; i < xliff_project_unit_count(p); i++)
        assert_same_unit(xliff_project_unit(p, i), xliff_project_unit(q, i));
    const xliff_unit *a = xliff_project_unit(p, 0), *b =
                                                        xliff_project_unit(q, 0);
    assert_null(b->target);
    assert_int_equal(b->n_matches, a->n_matches + 1);
    assert_string_equal(b->matches[0].origin, "anuvad:target");
    assert_string_equal(b->matches[0].target, a->target);
    assert_int_equal(b->matches[0].quality, 97);
    assert_string_equal(b->matches[1].target, a->matches[0].target);
    free(xml);
    xliff_project_free(q);
    xliff_project_free(p);
}

/* Files from other tools: states as Translate Toolkit reads them. */
static void test_reading_peer_states(void **state)
{
    (void)state;
    const char *xml =
        "<?xml version='1.0'?>\n"
        "<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>"
        "<file original='x' source-language='hi' datatype='plaintext'><body>"
        "<group id='g'>"
        "<trans-unit id='a'><source>एक</source><target>One</target>"
        "</trans-unit>"
        "<trans-unit id='b' approved='yes'><source>दो</source>"
        "<target state='needs-review-translation'>Two</target></trans-unit>"
        "<trans-unit id='c' approved='no'><source>तीन</source>"
        "<target state='final'>Three</target></trans-unit>"
        "<trans-unit id='d'><source>चार</source>"
        "<target state='new'>चार</target></trans-unit>"
        "<trans-unit id='e'><source>पाँच</source><target/></trans-unit>"
        "<trans-unit id='f'><source>छह <mrk mtype='term'>सात</mrk></source>"
        "<target state='x-custom' state-qualifier='x-mine'>Six</target>"
        "<alt-trans match-quality='88%'><target>Six seven</target>"
        "</alt-trans></trans-unit>"
        "</group></body></file></xliff>";
    anv_error err;
    xliff_project *p = xliff_project_parse("peer.xlf", xml, strlen(xml), &err);
    if (!p)
        fail_msg("%s", err.message);
    assert_int_equal(xliff_project_unit_count(p), 6);
    static const xliff_state want[] = {
        XLIFF_STATE_NEEDS_REVIEW_TRANSLATION, XLIFF_STATE_TRANSLATED,
        XLIFF_STATE_NEEDS_REVIEW_TRANSLATION, XLIFF_STATE_NONE,
        XLIFF_STATE_NONE, XLIFF_STATE_NEEDS_REVIEW_TRANSLATION};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(xliff_project_unit(p, i)->state, want[i]);
    assert_null(xliff_project_unit(p, 3)->target);
    assert_null(xliff_project_unit(p, 4)->target);
    const xliff_unit *u = xliff_project_unit(p, 5);
    assert_string_equal(u->source, "छह सात");
    assert_int_equal(u->n_matches, 1);
    assert_int_equal(u->matches[0].quality, 88);
    assert_string_equal(u->matches[0].source, "छह सात"); /* from the unit */
    assert_string_equal(xliff_project_file(p, 0)->target_language, "en-US");
    xliff_project_free(p);
}

/* ---- errors ------------------------------------------------------------- */

static void expect_parse_error(const char *xml, const char *want)
{
    anv_error err;
    anv_error_clear(&err);
    xliff_project *p = xliff_project_parse("bad.xlf", xml, strlen(xml), &err);
    if (p) {
        xliff_project_free(p);
        fail_msg("no error for: %s", xml);
    }
    if (!strstr(err.message, want))
        fail_msg("error '%s' does not contain '%s'", err.message, want);
    if (strchr(err.message, '\n'))
        fail_msg("two lines: %s", err.message);
}

#define HEAD "<?xml version='1.0'?>\n<xliff version='1.2' " \
             "xmlns='urn:oasis:names:tc:xliff:document:1.2'>\n" \
             "<file original='x' source-language='hi' datatype='plaintext'>" \
             "\n<body>\n"
#define TAIL "</body></file></xliff>\n"

static void test_broken_files_give_clean_errors(void **state)
{
    (void)state;
    expect_parse_error(HEAD "<trans-unit id='1'><source>a</target>\n" TAIL,
                       "bad.xlf:5: Opening and ending tag mismatch");
    expect_parse_error("<tmx version='1.4'><body/></tmx>",
                       "bad.xlf:1: not an XLIFF file (the root element is "
                       "<tmx>)");
    expect_parse_error("<xliff version='2.0' xmlns='urn:oasis:names:tc:"
                       "xliff:document:1.2'/>",
                       "XLIFF version 2.0 is not supported");
    expect_parse_error(HEAD "<trans-unit id='1'>\n<target>x</target>"
                            "</trans-unit>\n" TAIL,
                       "bad.xlf:6: <target> before <source>");
    expect_parse_error(HEAD "<trans-unit id='1'><source>a</source>"
                            "</trans-unit>\n<trans-unit id='1'>"
                            "<source>b</source></trans-unit>\n" TAIL,
                       "bad.xlf:6: duplicate trans-unit id '1' (first on "
                       "line 5)");
    /* inline codes are read (<g> included); a target may only use its
     * source's, and elements that are not XLIFF inline codes are refused */
    expect_parse_error(HEAD "<trans-unit id='1'><source>a <g id='1'>b</g>"
                            "</source><target>a <ph id='9'>x</ph> b</target>"
                            "</trans-unit>\n" TAIL,
                       "bad.xlf:5: <ph id=\"9\"> in the target is not in "
                       "the source");
    expect_parse_error(HEAD "<trans-unit id='1'><source>a <b>b</b>"
                            "</source></trans-unit>\n" TAIL,
                       "bad.xlf:5: <source> holds inline markup <b>");
    expect_parse_error(HEAD "<trans-unit id='1'><source>a</source>"
                            "<note>a <ph id='1'>x</ph></note></trans-unit>\n"
                            TAIL,
                       "bad.xlf:5: <note> holds inline markup <ph>");
    expect_parse_error(HEAD "<trans-unit id='1'><source>a</source>"
                            "<target state='done'>b</target></trans-unit>\n"
                            TAIL,
                       "bad.xlf:5: unknown state 'done'");
    expect_parse_error(HEAD "<trans-unit id='1' anv:before='\\q' "
                            "xmlns:anv='urn:anuvad:xliff:1'>"
                            "<source>a</source></trans-unit>\n" TAIL,
                       "bad.xlf:5: bad escape in anv:before");
    expect_parse_error(HEAD "<trans-unit><source>a</source></trans-unit>"
                            TAIL,
                       "<trans-unit> without an id");
    expect_parse_error(HEAD "<trans-unit id='1'><source>a</source>",
                       "bad.xlf:5: unexpected end of file inside <trans-unit> "
                       "(is the file cut short?)");
    expect_parse_error(HEAD "<trans-unit id='1'><source>a</source>"
                            "</trans-unit>" TAIL "<junk/>",
                       ":6: Extra content at the end of the document");
    expect_parse_error("", "bad.xlf: the file is empty");
    expect_parse_error("पहला वाक्य।\n", "bad.xlf:1: not an XML file");
    expect_parse_error("<?xml version='1.0'?><xliff version='1.2'/>",
                       "no <file> in the XLIFF");
    /* no entity is ever expanded, and nothing outside the file is read */
    expect_parse_error("<?xml version='1.0'?>\n<!DOCTYPE xliff [\n"
                       "<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
                       "<xliff version='1.2'><file original='x' "
                       "source-language='hi' datatype='plaintext'><body>"
                       "<trans-unit id='1'><source>&x;</source>"
                       "</trans-unit></body></file></xliff>",
                       "entity");
    expect_parse_error("<?xml version='1.0' encoding='UTF-8'?>\n"
                       "<xliff version='1.2'>\xff</xliff>",
                       "bad.xlf:2:");
}

static void test_missing_file(void **state)
{
    (void)state;
    anv_error err;
    assert_null(xliff_project_read("/nonexistent/p.xlf", &err));
    assert_int_equal(err.code, ANV_ENOTFOUND);
    assert_string_equal(err.message, "/nonexistent/p.xlf: cannot open: No "
                                     "such file or directory");
}

/* ---- edits ---------------------------------------------------------------- */

static void test_set_target_rules(void **state)
{
    (void)state;
    xliff_project *p = sample_project();
    anv_error err;
    assert_int_equal(xliff_unit_set_target(p, 2, "x", XLIFF_STATE_NONE,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_EINVAL);
    assert_int_equal(xliff_unit_set_target(p, 2, NULL, XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_EINVAL);
    assert_int_equal(xliff_unit_set_target(p, 9, "x", XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_EINVAL);
    assert_string_equal(err.message, "no unit 10 (the project has 4)");
    assert_int_equal(xliff_unit_set_target(p, 2, "x", XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_NONE, 102, 0, &err),
                     ANV_EINVAL);
    /* removing a target */
    assert_int_equal(xliff_unit_set_target(p, 0, NULL, XLIFF_STATE_NONE,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_OK);
    assert_null(xliff_project_unit(p, 0)->target);
    assert_int_equal(xliff_project_unit(p, 0)->marks, 0);
    xliff_project_free(p);
}

static void test_next_unconfirmed_and_counts(void **state)
{
    (void)state;
    xliff_project *p = sample_project();
    /* 0 fuzzy, 1 translated, 2 untranslated, 3 translated (file 2) */
    assert_int_equal(xliff_project_next_unconfirmed(p, 0), 0);
    assert_int_equal(xliff_project_next_unconfirmed(p, 1), 2);
    assert_int_equal(xliff_project_next_unconfirmed(p, 3), 4);
    /* units 2 and 3 have the same source (in different files) */
    assert_int_equal(xliff_project_next_same_source(p, 2, 0), 3);
    assert_int_equal(xliff_project_next_same_source(p, 3, 0), 2);
    assert_int_equal(xliff_project_next_same_source(p, 2, 4), 4);
    assert_int_equal(xliff_project_next_same_source(p, 0, 0), 4);
    assert_int_equal(xliff_project_find_id(p, "3"), 2);
    assert_int_equal(xliff_project_find_id(p, "nope"), 4);
    anv_error err;
    word_splitter *ws = word_splitter_new("hi", &err);
    xliff_counts c;
    assert_int_equal(xliff_project_count(p, XLIFF_ALL_FILES, ws, &c, &err),
                     ANV_OK);
    assert_int_equal(c.total_units, 4);
    /* 19 जनवरी को बैठक हुई = 5; यह ठीक सही है = 4; तीसरा वाक्य = 2 (x2) */
    assert_int_equal(c.total_words, 13);
    assert_int_equal(c.units[XLIFF_STATE_NEEDS_REVIEW_TRANSLATION], 1);
    assert_int_equal(c.words[XLIFF_STATE_NEEDS_REVIEW_TRANSLATION], 5);
    assert_int_equal(c.units[XLIFF_STATE_NONE], 1);
    assert_int_equal(c.confirmed_units, 2);
    assert_int_equal(c.confirmed_words, 6);
    assert_int_equal(xliff_project_count(p, 1, ws, &c, &err), ANV_OK);
    assert_int_equal(c.total_units, 1);
    assert_int_equal(c.total_words, 2);
    assert_int_equal(xliff_project_count(p, 7, ws, &c, &err), ANV_EINVAL);
    word_splitter_free(ws);
    xliff_project_free(p);
}

/* Split then join gives back the unit; the document stays the same. */
static void test_split_and_join(void **state)
{
    (void)state;
    const char *doc = "पहला वाक्य। दूसरा वाक्य।\nतीसरा।\n";
    anv_error err;
    xliff_project *p = xliff_project_new(&err);
    size_t n1 = strlen("पहला वाक्य। दूसरा वाक्य।");
    xliff_span spans[] = {{"पहला वाक्य। दूसरा वाक्य।", 0, n1},
                          {"तीसरा।", n1 + 1, n1 + 1 + strlen("तीसरा।")}};
    assert_int_equal(xliff_project_add_document(p, "s.txt", doc, strlen(doc),
                                                spans, 2, &err), ANV_OK);
    /* paragraphs end at blank lines: the newline is inside one */
    assert_int_equal(xliff_project_set_file_paragraphs(p, 0, 1, &err),
                     ANV_OK);
    assert_int_equal(xliff_unit_set_target(p, 0, "First. Second.",
                                           XLIFF_STATE_TRANSLATED,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_OK);
    /* cut at the space after the danda (byte 31) */
    size_t cut = strlen("पहला वाक्य।");
    assert_int_equal(xliff_project_split(p, 0, cut, &err), ANV_OK);
    assert_int_equal(xliff_project_unit_count(p), 3);
    const xliff_unit *a = xliff_project_unit(p, 0), *b =
                                                        xliff_project_unit(p, 1);
    assert_string_equal(a->source, "पहला वाक्य।");
    assert_string_equal(b->source, "दूसरा वाक्य।");
    assert_string_equal(b->before, " ");
    assert_string_equal(b->id, "3");
    assert_null(b->target);
    /* the old target stays on the first half, no longer confirmed */
    assert_string_equal(a->target, "First. Second.");
    assert_int_equal(a->state, XLIFF_STATE_NEEDS_REVIEW_TRANSLATION);
    assert_int_equal(xliff_project_file(p, 0)->n_units, 3);
    char *back = rebuild(p, 0, 0, NULL);
    assert_string_equal(back, doc);
    free(back);
    /* cutting right after the space works the same way */
    assert_int_equal(xliff_project_join(p, 0, &err), ANV_OK);
    assert_string_equal(xliff_project_unit(p, 0)->source,
                        "पहला वाक्य। दूसरा वाक्य।");
    assert_null(xliff_project_unit(p, 0)->source_raw);
    assert_int_equal(xliff_project_split(p, 0, cut + 1, &err), ANV_OK);
    assert_string_equal(xliff_project_unit(p, 1)->before, " ");
    assert_int_equal(xliff_project_join(p, 0, &err), ANV_OK);
    /* refused: inside a cluster (between क and its vowel sign), at the
     * edges, and a cut that leaves only spaces */
    size_t in_cluster = strlen("पहला व");
    assert_int_equal(xliff_project_split(p, 0, in_cluster, &err),
                     ANV_EINVAL);
    assert_non_null(strstr(err.message, "inside a character"));
    assert_int_equal(xliff_project_split(p, 0, in_cluster + 1, &err),
                     ANV_EINVAL);
    assert_non_null(strstr(err.message, "inside a character"));
    assert_int_equal(xliff_project_split(p, 0, 0, &err), ANV_EINVAL);
    assert_int_equal(xliff_project_split(p, 1, strlen("तीसरा।"), &err),
                     ANV_EINVAL);
    /* joining across the line break: the source gets a space, the
     * document keeps its newline */
    assert_int_equal(xliff_project_join(p, 0, &err), ANV_OK);
    const xliff_unit *j = xliff_project_unit(p, 0);
    assert_string_equal(j->source, "पहला वाक्य। दूसरा वाक्य। तीसरा।");
    assert_string_equal(j->source_raw, "पहला वाक्य। दूसरा वाक्य।\nतीसरा।");
    back = rebuild(p, 0, 0, NULL);
    assert_string_equal(back, doc);
    free(back);
    assert_int_equal(xliff_project_join(p, 0, &err), ANV_EINVAL);
    assert_string_equal(err.message,
                        "unit 1 is the last one; nothing to join");
    /* and splitting there again restores the newline as layout */
    size_t at = strlen("पहला वाक्य। दूसरा वाक्य। ");
    assert_int_equal(xliff_project_split(p, 0, at, &err), ANV_OK);
    assert_string_equal(xliff_project_unit(p, 1)->before, "\n");
    assert_null(xliff_project_unit(p, 0)->source_raw);
    assert_null(xliff_project_unit(p, 1)->source_raw);
    back = rebuild(p, 0, 0, NULL);
    assert_string_equal(back, doc);
    free(back);
    xliff_project_free(p);
}

/* A unit whose document bytes differ from its NFC source (precomposed
 * nukta): split finds the right place in the bytes. */
static void test_split_with_raw_bytes(void **state)
{
    (void)state;
    /* "क़िला बड़ा है। ज़रा देखो।" with क़ and ज़ precomposed */
    const char *doc = "\xE0\xA5\x98िला बड़ा है। \xE0\xA5\x9Bरा देखो।";
    anv_error err;
    xliff_project *p = xliff_project_new(&err);
    strbuf nfc = STRBUF_INIT;
    assert_int_equal(text_append_nfc(&nfc, doc, strlen(doc), &err), ANV_OK);
    xliff_span sp = {nfc.data, 0, strlen(doc)};
    assert_int_equal(xliff_project_add_document(p, "n.txt", doc, strlen(doc),
                                                &sp, 1, &err), ANV_OK);
    assert_non_null(xliff_project_unit(p, 0)->source_raw);
    size_t cut = strstr(nfc.data, " ज") - nfc.data;
    assert_int_equal(xliff_project_split(p, 0, cut, &err), ANV_OK);
    const xliff_unit *a = xliff_project_unit(p, 0), *b =
                                                        xliff_project_unit(p, 1);
    assert_string_equal(a->source_raw, "\xE0\xA5\x98िला बड़ा है।");
    assert_string_equal(b->source_raw, "\xE0\xA5\x9Bरा देखो।");
    assert_string_equal(b->before, " ");
    char *back = rebuild(p, 0, 0, NULL);
    assert_string_equal(back, doc);
    free(back);
    assert_int_equal(xliff_project_join(p, 0, &err), ANV_OK);
    assert_string_equal(xliff_project_unit(p, 0)->source, nfc.data);
    assert_string_equal(xliff_project_unit(p, 0)->source_raw, doc);
    strbuf_release(&nfc);
    xliff_project_free(p);
}

static void test_join_states_and_files(void **state)
{
    (void)state;
    xliff_project *p = sample_project();
    anv_error err;
    /* units 2 and 3 are separate paragraphs (a blank line between them):
     * the joined target could not keep the blank line (issue 14, item 13) */
    assert_int_equal(xliff_project_join(p, 1, &err), ANV_EINVAL);
    assert_string_equal(err.message, "units 2 and 3 are in different "
                                     "paragraphs; only segments of one "
                                     "paragraph can be joined");
    assert_int_equal(xliff_project_set_file_paragraphs(p, 0, 1, &err),
                     ANV_OK);
    assert_int_equal(xliff_project_join(p, 1, &err), ANV_EINVAL);
    assert_int_equal(xliff_project_unit_count(p), 4);
    /* fuzzy (with matches and a note) + translated: needs review */
    assert_int_equal(xliff_project_join(p, 0, &err), ANV_OK);
    const xliff_unit *u = xliff_project_unit(p, 0);
    assert_string_equal(u->source, "19 जनवरी को बैठक हुई। यह <ठीक> & "
                                   "\"सही\" है।");
    assert_int_equal(u->n_matches, 0);
    assert_int_equal(u->n_notes, 1);
    assert_int_equal(u->marks, 0);
    assert_string_equal(u->target, "The meeting was held on January 21. "
                                   "This is <right> & \"ok\".");
    assert_int_equal(u->state, XLIFF_STATE_NEEDS_REVIEW_TRANSLATION);
    assert_int_equal(u->qualifier, XLIFF_QUAL_NONE);
    assert_int_equal(xliff_project_unit_count(p), 3);
    assert_int_equal(xliff_project_file(p, 0)->n_units, 2);
    assert_int_equal(xliff_project_file(p, 1)->first_unit, 2);
    /* the next unit is in another file */
    assert_int_equal(xliff_project_join(p, 1, &err), ANV_EINVAL);
    assert_string_equal(err.message,
                        "units 2 and 3 are in different files");
    /* two confirmed units stay confirmed */
    assert_int_equal(xliff_project_add_unit(p, " ", "और।", NULL, &err),
                     ANV_OK);
    assert_int_equal(xliff_unit_set_target(p, 3, "And.", XLIFF_STATE_FINAL,
                                           XLIFF_QUAL_NONE, -1, 0, &err),
                     ANV_OK);
    assert_int_equal(xliff_project_join(p, 2, &err), ANV_OK);
    assert_string_equal(xliff_project_unit(p, 2)->target,
                        "The third sentence. And.");
    assert_int_equal(xliff_project_unit(p, 2)->state, XLIFF_STATE_TRANSLATED);
    /* translated + untranslated: the target is kept, needs review */
    assert_int_equal(xliff_project_add_unit(p, " ", "फिर।", NULL, &err),
                     ANV_OK);
    assert_int_equal(xliff_project_join(p, 2, &err), ANV_OK);
    u = xliff_project_unit(p, 2);
    assert_string_equal(u->target, "The third sentence. And.");
    assert_int_equal(u->state, XLIFF_STATE_NEEDS_REVIEW_TRANSLATION);
    /* one paragraph a line (file b): a line break ends the paragraph... */
    assert_int_equal(xliff_project_add_unit(p, "\r\n", "अंत।", NULL, &err),
                     ANV_OK);
    assert_int_equal(xliff_project_join(p, 2, &err), ANV_EINVAL);
    /* ...paragraphs at blank lines: it does not, and the file says so */
    assert_int_equal(xliff_project_set_file_paragraphs(p, 1, 1, &err),
                     ANV_OK);
    /* the project's TM goes with it (anv:tm) */
    assert_int_equal(xliff_project_set_tm(p, "../tms/a & b.tmx", &err),
                     ANV_OK);
    xliff_project *q = reparse(p);
    assert_same_project(p, q);
    assert_string_equal(xliff_project_tm(q), "../tms/a & b.tmx");
    assert_int_equal(xliff_project_file(q, 0)->blank_paragraphs, 1);
    assert_int_equal(xliff_project_file(q, 1)->blank_paragraphs, 1);
    assert_int_equal(xliff_project_join(q, 2, &err), ANV_OK);
    assert_string_equal(xliff_project_unit(q, 2)->source_raw,
                        "तीसरा वाक्य। और। फिर।\r\nअंत।");
    xliff_project_free(q);
    xliff_project_free(p);
}

/* The names of states and qualifiers are XLIFF's. */
static void test_names(void **state)
{
    (void)state;
    for (int s = 1; s < XLIFF_STATE_COUNT; s++) {
        xliff_state back;
        assert_int_equal(xliff_state_parse(xliff_state_name((xliff_state)s),
                                           &back), 0);
        assert_int_equal(back, s);
    }
    for (int q = 1; q < XLIFF_QUAL_COUNT; q++) {
        xliff_qualifier back;
        assert_int_equal(xliff_qualifier_parse(
                             xliff_qualifier_name((xliff_qualifier)q), &back),
                         0);
        assert_int_equal(back, q);
    }
    assert_string_equal(xliff_state_name(XLIFF_STATE_SIGNED_OFF),
                        "signed-off");
    assert_string_equal(xliff_qualifier_name(XLIFF_QUAL_LEVERAGED_INHERITED),
                        "leveraged-inherited");
    xliff_state s;
    assert_int_equal(xliff_state_parse("approved", &s), -1);
    assert_true(xliff_state_is_confirmed(XLIFF_STATE_TRANSLATED));
    assert_false(xliff_state_is_confirmed(
        XLIFF_STATE_NEEDS_REVIEW_TRANSLATION));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_article_round_trip),
        cmocka_unit_test(test_awkward_layout_round_trip),
        cmocka_unit_test(test_wrapped_paragraphs_round_trip),
        cmocka_unit_test(test_blank_document),
        cmocka_unit_test(test_add_document_checks_spans),
        cmocka_unit_test(test_layout_escapes),
        cmocka_unit_test(test_everything_survives_a_round_trip),
        cmocka_unit_test(test_save_is_atomic_and_readable),
        cmocka_unit_test(test_control_char_in_source),
        cmocka_unit_test(test_omegat_flavour),
        cmocka_unit_test(test_reading_peer_states),
        cmocka_unit_test(test_broken_files_give_clean_errors),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_set_target_rules),
        cmocka_unit_test(test_next_unconfirmed_and_counts),
        cmocka_unit_test(test_split_and_join),
        cmocka_unit_test(test_split_with_raw_bytes),
        cmocka_unit_test(test_join_states_and_files),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("xliff", tests, NULL, NULL);
}
