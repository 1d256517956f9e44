/*
 * test_tmx.c - the TMX reader and writer: every sample from other tools
 * (unit counts, lossless round trip), inline markup, encodings, language
 * tags, and hostile or broken input (entities, control characters,
 * truncation, wrong encoding).
 */
#include "tmx_testutil.h"

#include "text/langtag.h"
#include "tm/tmx_unit.h"

/* ---- small helpers ---------------------------------------------------------- */

typedef struct collected {
    strbuf segs;       /* lang=seg|plain per tuv, one unit per line */
    strbuf warnings;
    int units;
} collected;

static int collect_unit(void *ctx, const tmx_unit *u, anv_error *err)
{
    (void)err;
    collected *c = ctx;
    c->units++;
    for (size_t i = 0; i < u->n_tuvs; i++)
        strbuf_printf(&c->segs, "%s%s=%s|%s", i ? " " : "", u->tuvs[i].lang,
                      u->tuvs[i].seg, u->tuvs[i].plain);
    strbuf_append_char(&c->segs, '\n');
    return ANV_OK;
}

static void collect_warning(void *ctx, const char *msg)
{
    collected *c = ctx;
    strbuf_append_str(&c->warnings, msg);
    strbuf_append_char(&c->warnings, '\n');
}

static int read_mem(const char *doc, collected *c, int skip, anv_error *err)
{
    memset(c, 0, sizeof *c);
    tmx_read_opts o = {0};
    o.ctx = c;
    o.on_unit = collect_unit;
    o.on_warning = collect_warning;
    o.skip_invalid = skip;
    return tmx_read_memory("t.tmx", doc, strlen(doc), &o, NULL, err);
}

static void release(collected *c)
{
    strbuf_release(&c->segs);
    strbuf_release(&c->warnings);
}

#define HEAD "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body>\n"
#define TAIL "</body></tmx>\n"

/* ---- samples ------------------------------------------------------------------ */

static void test_every_sample_reads_all_units(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_SAMPLES; i++) {
        char path[1024];
        sample_path(path, sizeof path, tmx_samples[i].path);
        strbuf c = STRBUF_INIT;
        tmx_read_stats st;
        anv_error err;
        anv_error_clear(&err);
        int rc = canon_read(path, NULL, 0, &c, &st, &err);
        if (tmx_samples[i].units < 0) {
            assert_int_equal(rc, ANV_EPARSE);
        } else {
            if (rc != ANV_OK)
                fail_msg("%s: %s", tmx_samples[i].path, err.message);
            if ((int)st.units != tmx_samples[i].units)
                fail_msg("%s: %d units, expected %d", tmx_samples[i].path,
                         (int)st.units, tmx_samples[i].units);
            assert_int_equal(st.skipped, 0);
        }
        strbuf_release(&c);
    }
}

static void test_invalid_sample_error_names_file_and_line(void **state)
{
    (void)state;
    char path[1024], want[1100];
    sample_path(path, sizeof path, "omegat/invalid.tmx");
    strbuf c = STRBUF_INIT;
    anv_error err;
    anv_error_clear(&err);
    assert_int_equal(canon_read(path, NULL, 0, &c, NULL, &err), ANV_EPARSE);
    snprintf(want, sizeof want,
             "%s:12: <ept i=\"1\"> without a <bpt i=\"1\"> before it", path);
    assert_string_equal(err.message, want);
    /* With skip_invalid the unit is skipped, the read goes on. */
    tmx_read_opts o = {0};
    o.skip_invalid = 1;
    tmx_read_stats st;
    assert_int_equal(tmx_read_file(path, &o, &st, &err), ANV_OK);
    assert_int_equal(st.units, 0);
    assert_int_equal(st.skipped, 1);
    strbuf_release(&c);
}

static int write_cb(void *ctx, const tmx_unit *u, anv_error *err)
{
    return tmx_writer_unit(ctx, u, err);
}

/* Read, write, read again: the same units, field for field; and writing
 * the second reading gives the same bytes as the first write. */
static void test_every_sample_round_trips(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_SAMPLES; i++) {
        if (tmx_samples[i].units < 0)
            continue;
        char path[1024];
        sample_path(path, sizeof path, tmx_samples[i].path);
        anv_error err;
        anv_error_clear(&err);
        strbuf first = STRBUF_INIT, second = STRBUF_INIT;
        assert_int_equal(canon_read(path, NULL, 0, &first, NULL, &err),
                         ANV_OK);
        /* Write the whole file through the writer. */
        tmx_writer *w = tmx_writer_new_memory(&err);
        tmx_write_header h = {"*all*", NULL, TMX_NO_DATE, NULL, 0};
        assert_int_equal(tmx_writer_begin(w, &h, &err), ANV_OK);
        tmx_read_opts o = {0};
        o.ctx = w;
        o.on_unit = write_cb;
        assert_int_equal(tmx_read_file(path, &o, NULL, &err), ANV_OK);
        assert_int_equal(tmx_writer_end(w, &err), ANV_OK);
        size_t len;
        const char *doc = tmx_writer_buffer(w, &len);
        assert_int_equal(canon_read("export", doc, len, &second, NULL, &err),
                         ANV_OK);
        if (strcmp(first.data ? first.data : "", second.data ? second.data
                                                             : "") != 0)
            fail_msg("%s: round trip differs", tmx_samples[i].path);
        tmx_writer_free(w);
        strbuf_release(&first);
        strbuf_release(&second);
    }
}

static void test_inline_markup_kept_and_plain_has_placeholders(void **state)
{
    (void)state;
    char path[1024];
    sample_path(path, sizeof path, "lisa-tmx-compliance-kit/ImportTest2C.tmx");
    collected c = {0};
    tmx_read_opts o = {0};
    o.ctx = &c;
    o.on_unit = collect_unit;
    anv_error err;
    assert_int_equal(tmx_read_file(path, &o, NULL, &err), ANV_OK);
    assert_int_equal(c.units, 1);
    const char *en =
        "en-us=<it x=\"1\" pos=\"begin\" type=\"italic\">&lt;I&gt;</it>"
        "<bpt x=\"2\" i=\"1\" type=\"bold\">&lt;B&gt;</bpt>Click "
        "<ph x=\"3\" type=\"image\" assoc=\"b\">&lt;IMG SRC=\"here.png\" "
        "ALT=\"<sub>Start Here!</sub>\"&gt;</ph> to "
        "<hi type=\"verb\" x=\"4\">start</hi>.<ept i=\"1\">&lt;/B&gt;</ept>"
        "|" TMX_TAG_CHAR TMX_TAG_CHAR "Click " TMX_TAG_CHAR " to start."
        TMX_TAG_CHAR " ";
    assert_memory_equal(c.segs.data, en, strlen(en));
    release(&c);
}

static void test_utf16_and_declared_encodings_give_the_same_text(void **state)
{
    (void)state;
    const char *same[][2] = {
        {"lisa-tmx-compliance-kit/ImportTest1D.tmx",   /* UTF-8 + BOM */
         "lisa-tmx-compliance-kit/ImportTest1F.tmx"},  /* UTF-16LE */
        {"lisa-tmx-compliance-kit/ImportTest1D.tmx",
         "lisa-tmx-compliance-kit/ImportTest1G.tmx"},  /* UTF-16BE */
        {"lisa-tmx-compliance-kit/ImportTest1D.tmx",
         "lisa-tmx-compliance-kit/ImportTest1H.tmx"},  /* us-ascii + refs */
        {"heartsome/UTF-16LE.tmx", "heartsome/utf-16be.tmx"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        collected a = {0}, b = {0};
        for (int k = 0; k < 2; k++) {
            char path[1024];
            sample_path(path, sizeof path, same[i][k]);
            tmx_read_opts o = {0};
            o.ctx = k ? &b : &a;
            o.on_unit = collect_unit;
            anv_error err;
            assert_int_equal(tmx_read_file(path, &o, NULL, &err), ANV_OK);
        }
        assert_non_null(a.segs.data);
        assert_string_equal(a.segs.data, b.segs.data);
        release(&a);
        release(&b);
    }
}

static void test_tmx11_lang_attribute_and_all_metadata(void **state)
{
    (void)state;
    collected c;
    anv_error err;
    const char *doc =
        "<tmx version=\"1.1\"><header srclang=\"*all*\"/><body>"
        "<tu tuid=\"7\" usagecount=\"3\" creationdate=\"20020523T091200Z\" "
        "changedate=\"2020-01-02T03:04:05Z\" creationid=\"ys\" "
        "segtype=\"block\">"
        "<note>n1</note><prop type=\"x-a\" xml:lang=\"en\">v</prop>"
        "<tuv lang=\"EN-us\"><seg>Hello</seg></tuv>"
        "<tuv lang=\"hi_IN\" changeid=\"ra\"><seg>नमस्ते</seg></tuv>"
        "</tu></body></tmx>";
    assert_int_equal(read_mem(doc, &c, 0, &err), ANV_OK);
    assert_string_equal(c.segs.data,
                        "EN-us=Hello|Hello hi_IN=नमस्ते|नमस्ते\n");
    release(&c);
    /* The metadata, through the canonical (re-written) form. */
    strbuf s = STRBUF_INIT;
    assert_int_equal(canon_read("t", doc, strlen(doc), &s, NULL, &err), 0);
    const char *want =
        "\n    <tu tuid=\"7\" segtype=\"block\" creationdate=\"20020523T091200Z\""
        " creationid=\"ys\" changedate=\"20200102T030405Z\" usagecount=\"3\">"
        "\n      <note>n1</note>"
        "\n      <prop type=\"x-a\" xml:lang=\"en\">v</prop>"
        "\n      <tuv xml:lang=\"EN-us\">\n        <seg>Hello</seg>\n      </tuv>"
        "\n      <tuv xml:lang=\"hi_IN\" changeid=\"ra\">\n        <seg>नमस्ते"
        "</seg>\n      </tuv>\n    </tu>";
    assert_memory_equal(s.data, want, strlen(want));
    strbuf_release(&s);
}

static void test_nfc_plain_text_but_seg_kept_as_written(void **state)
{
    (void)state;
    collected c;
    anv_error err;
    /* U+0958 (क़ precomposed) is not NFC: NFC is क + U+093C. */
    const char *doc = HEAD "<tu><tuv xml:lang=\"hi\"><seg>\xE0\xA5\x98 &amp; "
                      "x</seg></tuv></tu>" TAIL;
    assert_int_equal(read_mem(doc, &c, 0, &err), ANV_OK);
    assert_string_equal(c.segs.data, "hi=\xE0\xA5\x98 &amp; x|"
                                     "\xE0\xA4\x95\xE0\xA4\xBC & x\n");
    release(&c);
}

static void test_foreign_inline_elements_become_ph(void **state)
{
    (void)state;
    collected c;
    anv_error err;
    const char *doc = HEAD "<tu><tuv xml:lang=\"en\"><seg>a <g id=\"1\">b</g>"
                      " <x id=\"2\"/>c<ph><b>code</b></ph></seg></tuv></tu>"
                      TAIL;
    assert_int_equal(read_mem(doc, &c, 0, &err), ANV_OK);
    assert_string_equal(
        c.segs.data,
        "en=a <ph>&lt;g id=\"1\"&gt;</ph>b<ph>&lt;/g&gt;</ph> "
        "<ph>&lt;x id=\"2\"/&gt;</ph>c<ph>&lt;b&gt;code&lt;/b&gt;</ph>|"
        "a " TMX_TAG_CHAR "b" TMX_TAG_CHAR " " TMX_TAG_CHAR "c" TMX_TAG_CHAR
        "\n");
    assert_non_null(strstr(c.warnings.data,
                           "t.tmx:3: <g> is not a TMX inline element; kept "
                           "as a <ph> code"));
    release(&c);
}

static void test_unit_errors(void **state)
{
    (void)state;
    static const struct {
        const char *body, *message;
    } cases[] = {
        {"<tu><tuv><seg>x</seg></tuv></tu>",
         "t.tmx:3: <tuv> without xml:lang"},
        {"<tu><tuv xml:lang=\"en\"></tuv></tu>",
         "t.tmx:3: <tuv> without <seg>"},
        {"<tu><tuv xml:lang=\"en\">loose<seg>x</seg></tuv></tu>",
         "t.tmx:3: text outside <seg> in a <tuv>"},
        {"<tu><tuv xml:lang=\"en\"><seg><bpt i=\"1\">a</bpt></seg></tuv></tu>",
         "t.tmx:3: <bpt i=\"1\"> without its <ept>"},
        {"<tu><tuv xml:lang=\"en\"><seg><bpt i=\"1\"/><bpt i=\"1\"/>"
         "<ept i=\"1\"/></seg></tuv></tu>",
         "t.tmx:3: two <bpt> with i=\"1\" in one segment"},
        {"<tu><tuv xml:lang=\"en\"><seg><it>x</it></seg></tuv></tu>",
         "t.tmx:3: <it> needs pos=\"begin\" or pos=\"end\""},
        {"<tu><tuv xml:lang=\"e n\"><seg>x</seg></tuv></tu>",
         "t.tmx:3: <tuv> language 'e n' is not a language tag"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        strbuf doc = STRBUF_INIT;
        strbuf_printf(&doc, HEAD "%s\n<tu><tuv xml:lang=\"en\"><seg>ok</seg>"
                      "</tuv></tu>" TAIL, cases[i].body);
        collected c;
        anv_error err;
        anv_error_clear(&err);
        assert_int_equal(read_mem(doc.data, &c, 0, &err), ANV_EPARSE);
        assert_string_equal(err.message, cases[i].message);
        release(&c);
        /* Skipping: the good unit after the bad one still comes. */
        assert_int_equal(read_mem(doc.data, &c, 1, &err), ANV_OK);
        assert_int_equal(c.units, 1);
        assert_string_equal(c.segs.data, "en=ok|ok\n");
        release(&c);
        strbuf_release(&doc);
    }
}

/* ---- hostile and broken input ------------------------------------------------- */

static void test_entity_declarations_refused_at_once(void **state)
{
    (void)state;
    const char *doc =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n"
        " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        "]>\n<tmx version=\"1.4\" a=\"&e;\"><header/><body><tu>"
        "<tuv xml:lang=\"en\"><seg>&e;&e;&e;</seg></tuv></tu></body></tmx>\n";
    collected c;
    anv_error err;
    assert_int_equal(read_mem(doc, &c, 0, &err), ANV_EPARSE);
    assert_string_equal(err.message, "t.tmx:3: the DTD declares entities; "
                                     "refused (anuvad never expands "
                                     "entities)");
    assert_int_equal(c.units, 0);
    release(&c);
}

static void test_undeclared_entity_reference_is_an_error(void **state)
{
    (void)state;
    const char *doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM "
                      "\"tmx14.dtd\">\n<tmx version=\"1.4\"><header/><body>"
                      "\n<tu><tuv xml:lang=\"en\"><seg>a &nbsp; b</seg></tuv>"
                      "</tu>" TAIL;
    collected c;
    anv_error err;
    assert_int_equal(read_mem(doc, &c, 0, &err), ANV_EPARSE);
    /* libxml2 stops at the reference; nothing is expanded or fetched. */
    assert_string_equal(err.message, "t.tmx:4: Entity 'nbsp' not defined");
    release(&c);
}

static void test_forbidden_control_characters_removed_and_reported(void **s)
{
    (void)s;
    const char *doc = HEAD "<tu><tuv xml:lang=\"en\"><seg>a\x0B" "b&#11;c"
                      "&#x1B;d&#65;&amp;#11;</seg></tuv></tu>" TAIL;
    collected c;
    anv_error err;
    assert_int_equal(read_mem(doc, &c, 0, &err), ANV_OK);
    assert_string_equal(c.segs.data, "en=abcdA&amp;#11;|abcdA&#11;\n");
    assert_string_equal(c.warnings.data,
                        "t.tmx:3: removed 3 control characters that XML "
                        "does not allow (first U+000B)\n");
    release(&c);
}

static void test_long_character_references_pass_through(void **s)
{
    (void)s;
    /* Longer than the filter holds back (16 units): passed on as they are,
     * for libxml2 to read (found by the fuzzer). */
    const char *doc = HEAD "<tu><tuv xml:lang=\"en\"><seg>&#x0000000000000000"
                      "00000041;&#00000000000000000000000066;</seg></tuv></tu>"
                      TAIL;
    collected c;
    anv_error err;
    assert_int_equal(read_mem(doc, &c, 0, &err), ANV_OK);
    assert_string_equal(c.segs.data, "en=AB|AB\n");
    release(&c);
}

static void test_control_character_reference_split_across_chunks(void **s)
{
    (void)s;
    /* The filter reads 64 KiB at a time: put "&#x0B;" across the edge. */
    strbuf doc = STRBUF_INIT;
    strbuf_append_str(&doc, HEAD "<tu><tuv xml:lang=\"en\"><seg>");
    while (doc.len < 65536 - 3)
        strbuf_append_char(&doc, 'x');
    strbuf_append_str(&doc, "&#x0B;y</seg></tuv></tu>" TAIL);
    collected c;
    anv_error err;
    assert_int_equal(read_mem(doc.data, &c, 0, &err), ANV_OK);
    assert_int_equal(c.units, 1);
    assert_non_null(strstr(c.segs.data, "xy|"));
    assert_non_null(strstr(c.warnings.data, "removed 1 control character"));
    release(&c);
    strbuf_release(&doc);
}

static void test_broken_files_give_clean_errors(void **state)
{
    (void)state;
    static const struct {
        const char *doc, *message;
        int code;
    } cases[] = {
        {"", "t.tmx: empty file, not TMX", ANV_EPARSE},
        {"<html><body/></html>", "t.tmx:1: not a TMX file: the root element "
         "is <html>, not <tmx>", ANV_EPARSE},
        {"<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><body>\n<tu><tuv",
         "t.tmx:3: the file ends too early (truncated?): ", ANV_EPARSE},
        {"<?xml version=\"1.0\"?>\n<tmx><body><tu><tuv xml:lang=\"fr\"><seg>"
         "caf\xE9</seg></tuv></tu></body></tmx>\n",
         "t.tmx:2: not valid UTF-8 and no other encoding declared (Bytes: "
         "0xE9 ", ANV_EUTF8},
        {"<tmx><body><tu></body></tmx>", "t.tmx:1: ", ANV_EPARSE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        collected c;
        anv_error err;
        anv_error_clear(&err);
        assert_int_equal(read_mem(cases[i].doc, &c, 0, &err), cases[i].code);
        if (strncmp(err.message, cases[i].message,
                    strlen(cases[i].message)) != 0)
            fail_msg("case %zu: got '%s'", i, err.message);
        release(&c);
    }
    anv_error err;
    assert_int_equal(tmx_read_file("/nonexistent/x.tmx", NULL, NULL, &err),
                     ANV_ENOTFOUND);
    assert_string_equal(err.message, "/nonexistent/x.tmx: cannot open: No "
                                     "such file or directory");
}

/* ---- writer ---------------------------------------------------------------------- */

static void test_writer_header_and_dropped_characters(void **state)
{
    (void)state;
    anv_error err;
    tmx_writer *w = tmx_writer_new_memory(&err);
    strbuf extra = STRBUF_INIT;
    tmx_extra_add_note(&extra, NULL, NULL, "bad\x01note");
    tmx_write_header h = {"hi-IN", NULL, 0, extra.data, extra.len};
    assert_int_equal(tmx_writer_begin(w, &h, &err), ANV_OK);
    assert_int_equal(tmx_writer_end(w, &err), ANV_OK);
    size_t len;
    const char *doc = tmx_writer_buffer(w, &len);
    const char *want =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
        "<tmx version=\"1.4\">\n"
        "  <header creationtool=\"anuvad\" creationtoolversion=\"0.1.0\" "
        "segtype=\"sentence\" o-tmf=\"anuvad\" adminlang=\"en-US\" "
        "srclang=\"hi-IN\" datatype=\"plaintext\" "
        "creationdate=\"19700101T000000Z\">\n"
        "    <note>badnote</note>\n  </header>\n  <body>\n  </body>\n</tmx>\n";
    assert_string_equal(doc, want);
    assert_int_equal(tmx_writer_dropped(w), 1);
    tmx_writer_free(w);
    strbuf_release(&extra);
}

static void test_dates(void **state)
{
    (void)state;
    int64_t t;
    char buf[TMX_DATE_LEN + 1];
    assert_true(tmx_date_parse("20240229T235959Z", &t));
    tmx_date_format(t, buf);
    assert_string_equal(buf, "20240229T235959Z");
    assert_true(tmx_date_parse("2024-03-01", &t));
    tmx_date_format(t, buf);
    assert_string_equal(buf, "20240301T000000Z");
    assert_false(tmx_date_parse("20230229T000000Z", &t)); /* no 29 Feb */
    assert_false(tmx_date_parse("2024-13-01", &t));
    assert_false(tmx_date_parse("yesterday", &t));
    assert_false(tmx_date_parse("20240101T0000", &t));
}

static void test_language_tags(void **state)
{
    (void)state;
    assert_int_equal(langtag_compare("hi-IN", "hi-IN"), LANGTAG_EXACT);
    assert_int_equal(langtag_compare("hi-IN", "HI_in"), LANGTAG_EXACT);
    assert_int_equal(langtag_compare("hi-IN", "hi"), LANGTAG_GENERAL);
    assert_int_equal(langtag_compare("hi", "hi-IN"), LANGTAG_GENERAL);
    assert_int_equal(langtag_compare("en-US", "en-GB"), LANGTAG_REGION);
    assert_int_equal(langtag_compare("en-US", "eng"), LANGTAG_NONE);
    assert_int_equal(langtag_compare("hi", "ur"), LANGTAG_NONE);
    assert_true(langtag_is_valid("zh-Hans-CN"));
    assert_true(langtag_is_valid("x-klingon"));
    assert_false(langtag_is_valid("*all*"));
    assert_false(langtag_is_valid("en-"));
    assert_false(langtag_is_valid(""));
    char f[16];
    assert_true(langtag_fold("EN_us", f, sizeof f));
    assert_string_equal(f, "en-us");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_sample_reads_all_units),
        cmocka_unit_test(test_invalid_sample_error_names_file_and_line),
        cmocka_unit_test(test_every_sample_round_trips),
        cmocka_unit_test(test_inline_markup_kept_and_plain_has_placeholders),
        cmocka_unit_test(test_utf16_and_declared_encodings_give_the_same_text),
        cmocka_unit_test(test_tmx11_lang_attribute_and_all_metadata),
        cmocka_unit_test(test_nfc_plain_text_but_seg_kept_as_written),
        cmocka_unit_test(test_foreign_inline_elements_become_ph),
        cmocka_unit_test(test_unit_errors),
        cmocka_unit_test(test_entity_declarations_refused_at_once),
        cmocka_unit_test(test_undeclared_entity_reference_is_an_error),
        cmocka_unit_test(test_forbidden_control_characters_removed_and_reported),
        cmocka_unit_test(test_long_character_references_pass_through),
        cmocka_unit_test(test_control_character_reference_split_across_chunks),
        cmocka_unit_test(test_broken_files_give_clean_errors),
        cmocka_unit_test(test_writer_header_and_dropped_characters),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_language_tags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
