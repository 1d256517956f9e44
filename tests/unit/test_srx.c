/*
 * test_srx.c - reading SRX files: every file from other tools in
 * ../shared/data/srx-rules loads and segments, the language map and
 * cascade work as SRX 2.0 says, and bad files give one-line errors with
 * file and line.
 */
#include "testutil.h"

#include <dirent.h>

#include "segment/segmenter.h"
#include "segment/srx.h"
#include "base/strbuf.h"
#include "text/text.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    strbuf b = STRBUF_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_append(&b, buf, n);
    fclose(f);
    return strbuf_detach(&b, len);
}

/* Count "<rule " and "<rule>" outside comments in the file text: what
 * the loader must find. */
static size_t count_rule_elements(const char *s)
{
    size_t n = 0;
    const char *p = s;
    while (*p) {
        if (strncmp(p, "<!--", 4) == 0) {
            const char *e = strstr(p + 4, "-->");
            if (!e)
                break;
            p = e + 3;
        } else if (strncmp(p, "<rule", 5) == 0 && (p[5] == ' ' || p[5] == '>')) {
            n++;
            p += 5;
        } else {
            p++;
        }
    }
    return n;
}

/* Every language code any of the shared files maps. */
static const char *const langs[] = {
    "en", "de", "fr", "it", "es", "pt", "nl", "ru", "pl", "ro", "sk", "sl",
    "is", "ca", "cs", "da", "eo", "uk", "be", "gl", "br", "ta", "fa", "sv",
    "lt", "ml", "tl", "ast", "el", "fi", "ja", "zh", "th", "km", "en_one",
    "en_two", "hi", "xx"};

static void test_shared_files_load(void **state)
{
    (void)state;
    char dir[1024];
    shared_path(dir, sizeof dir, "data/srx-rules");
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t nl = strlen(e->d_name);
        if (nl < 5 || strcmp(e->d_name + nl - 4, ".srx") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        anv_error err;
        srx_rules *r = srx_load_file(path, &err);
        if (!r)
            fail_msg("%s", err.message);
        size_t len;
        char *text = slurp(path, &len);
        assert_int_equal(srx_count_rules(r), count_rule_elements(text));
        free(text);
        int used = 0;
        for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
            segmenter *sg = segmenter_new(r, langs[i], &err);
            if (!sg) {
                /* only "no languagemap matches" is acceptable */
                if (err.code != ANV_ENOTFOUND)
                    fail_msg("%s [%s]", err.message, langs[i]);
                continue;
            }
            used++;
            const seg_span *sp;
            size_t n;
            const char *sample = "Dr. Smith arrived at 10 a.m. on Jan. 5. "
                                 "He left! Did he? वह घर गया। फिर सो गया।";
            if (segmenter_split(sg, sample, strlen(sample), &sp, &n, &err))
                fail_msg("%s", err.message);
            assert_true(n >= 3);
            segmenter_free(sg);
        }
        assert_true(used > 0);
        srx_free(r);
        files++;
    }
    closedir(d);
    assert_true(files >= 7); /* the seven described in SOURCE.md */
}

/* OmegaT's file: 2772 rules, English cascades into Default/Text/HTML. */
static void test_omegat_file(void **state)
{
    (void)state;
    char path[1024];
    anv_error err;
    srx_rules *r = srx_load_file(
        shared_path(path, sizeof path, "data/srx-rules/omegat-defaultRules.srx"),
        &err);
    assert_non_null(r);
    assert_int_equal(srx_count_rules(r), 2772);
    const srx_rule **rules;
    size_t n;
    assert_int_equal(srx_select(r, "en-GB", &rules, &n, &err), ANV_OK);
    assert_true(n > 3);
    assert_string_equal(rules[0]->set_name, "English");
    size_t k = 0; /* then Default, Text and HTML (all mapped to .*) */
    while (k < n && strcmp(rules[k]->set_name, "English") == 0)
        k++;
    assert_true(k < n);
    assert_string_equal(rules[k]->set_name, "Default");
    assert_string_equal(rules[n - 1]->set_name, "HTML");
    free(rules);
    segmenter *sg = segmenter_new(r, "en", &err);
    assert_non_null(sg);
    const char *t = "Mr. Smith went home. He slept.";
    const seg_span *sp;
    assert_int_equal(segmenter_split(sg, t, strlen(t), &sp, &n, &err), ANV_OK);
    assert_int_equal(n, 2);
    assert_int_equal(sp[0].end, strlen("Mr. Smith went home."));
    segmenter_free(sg);
    srx_free(r);
}

static const char *const cascade_srx =
    "<?xml version='1.0'?>\n"
    "<srx xmlns='http://www.lisa.org/srx20' version='2.0'>\n"
    "<header cascade='%s'/>\n"
    "<body><languagerules>\n"
    "<languagerule languagerulename='Hindi'>\n"
    "  <rule break='no'><beforebreak>h</beforebreak></rule>\n"
    "</languagerule>\n"
    "<languagerule languagerulename='Default'>\n"
    "  <rule><beforebreak>d</beforebreak><afterbreak>x</afterbreak></rule>\n"
    "  <rule break='no'><beforebreak><![CDATA[a<b]]></beforebreak></rule>\n"
    "</languagerule>\n"
    "</languagerules><maprules>\n"
    "<languagemap languagepattern='HI.*' languagerulename='Hindi'/>\n"
    "<languagemap languagepattern='.*' languagerulename='Default'/>\n"
    "</maprules></body></srx>\n";

static void test_cascade_and_map(void **state)
{
    (void)state;
    char buf[2048];
    anv_error err;
    const srx_rule **rules;
    size_t n;
    for (int cascade = 0; cascade <= 1; cascade++) {
        snprintf(buf, sizeof buf, cascade_srx, cascade ? "yes" : "no");
        srx_rules *r = srx_load_memory("c.srx", buf, strlen(buf), &err);
        assert_non_null(r);
        assert_int_equal(srx_count_sets(r), 2);
        assert_string_equal(srx_set_name(r, 1), "Default");
        /* the pattern matches case-insensitively, on the whole code */
        assert_int_equal(srx_select(r, "hi-IN", &rules, &n, &err), ANV_OK);
        assert_int_equal(n, cascade ? 3 : 1);
        assert_string_equal(rules[0]->before, "h");
        assert_int_equal(rules[0]->is_break, 0);
        assert_int_equal(rules[0]->line, 6);
        if (cascade) {
            assert_int_equal(rules[1]->is_break, 1); /* break defaults to yes */
            assert_string_equal(rules[1]->after, "x");
            assert_string_equal(rules[2]->before, "a<b");
            assert_string_equal(rules[2]->after, "");
            assert_int_equal(rules[2]->index, 2);
        }
        free(rules);
        assert_int_equal(srx_select(r, "en", &rules, &n, &err), ANV_OK);
        assert_int_equal(n, 2);
        free(rules);
        srx_free(r);
    }
}

/* SRX 1.0: other namespace, no cascade attribute, maps inside <maprule>. */
static void test_srx10(void **state)
{
    (void)state;
    const char *s =
        "<srx version='1.0' xmlns='http://www.lisa.org/srx10'><header/>"
        "<body><languagerules><languagerule languagerulename='Default'>"
        "<rule break='no'><beforebreak>Mr\\.</beforebreak>"
        "<afterbreak>\\s</afterbreak></rule></languagerule></languagerules>"
        "<maprules><maprule maprulename='Default'>"
        "<languagemap languagepattern='.*' languagerulename='Default'/>"
        "</maprule></maprules></body></srx>";
    anv_error err;
    srx_rules *r = srx_load_memory("old.srx", s, strlen(s), &err);
    assert_non_null(r);
    const srx_rule **rules;
    size_t n;
    assert_int_equal(srx_select(r, "en", &rules, &n, &err), ANV_OK);
    assert_int_equal(n, 1);
    free(rules);
    srx_free(r);
}

static void expect_error(const char *doc, const char *message)
{
    anv_error err;
    anv_error_clear(&err);
    srx_rules *r = srx_load_memory("bad.srx", doc, strlen(doc), &err);
    if (r) {
        srx_free(r);
        fail_msg("loaded: %s", doc);
    }
    assert_int_equal(err.code, ANV_EPARSE);
    assert_string_equal(err.message, message);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("<srx version='2.0'>\n<body>\n<languagerules>\n</body></srx>",
                 "bad.srx:4:8: malformed XML: Opening and ending tag "
                 "mismatch: languagerules line 3 and body");
    expect_error("", "bad.srx:1:1: malformed XML: Document is empty");
    expect_error("<tmx version='1.4'/>",
                 "bad.srx:1: not an SRX file (the root element is not <srx>)");
    expect_error("<srx version='3.0'><body/></srx>",
                 "bad.srx:1: SRX version \"3.0\" is not supported "
                 "(1.0 and 2.0 are)");
    expect_error("<srx version='2.0'/>", "bad.srx:1: <srx> has no <body>");
    expect_error("<srx version='2.0'><header cascade='maybe'/><body/></srx>",
                 "bad.srx:1: cascade=\"maybe\" must be \"yes\" or \"no\"");
    expect_error("<srx version='2.0'><body><languagerules>\n"
                 "<languagerule languagerulename='A'>\n"
                 "<rule break='sometimes'/></languagerule>"
                 "</languagerules></body></srx>",
                 "bad.srx:3: break=\"sometimes\" must be \"yes\" or \"no\"");
    expect_error("<srx version='2.0'><body><languagerules>\n"
                 "<languagerule/></languagerules></body></srx>",
                 "bad.srx:2: <languagerule> without a languagerulename");
    expect_error("<srx version='2.0'><body><languagerules>\n"
                 "<languagerule languagerulename='A'/>\n"
                 "<languagerule languagerulename='A'/>"
                 "</languagerules></body></srx>",
                 "bad.srx:3: languagerule \"A\" is defined twice");
    expect_error("<srx version='2.0'><body><languagerules/><maprules>\n"
                 "<languagemap languagepattern='.*' languagerulename='B'/>"
                 "</maprules></body></srx>",
                 "bad.srx:2: languagemap names languagerule \"B\", which "
                 "is not defined");
    expect_error("<srx version='2.0'><body><languagerules>"
                 "<languagerule languagerulename='A'/></languagerules>"
                 "<maprules>\n<languagemap languagepattern='(en' "
                 "languagerulename='A'/></maprules></body></srx>",
                 "bad.srx:2: bad languagepattern \"(en\": "
                 "U_REGEX_MISMATCHED_PAREN at character 4");
    /* read as UTF-8 whatever the declaration says; other bytes refused */
    anv_error err;
    const char *latin1 = "<?xml version='1.0' encoding='ISO-8859-1'?>\n"
                         "<srx version='2.0'><body>caf\xe9</body></srx>";
    assert_null(srx_load_memory("l1.srx", latin1, strlen(latin1), &err));
    assert_int_equal(err.code, ANV_EUTF8);
    assert_string_equal(err.message, "l1.srx:2:29: not UTF-8 (byte 0xE9); "
                                     "SRX files must be UTF-8");
    /* no DTDs: nothing can be expanded or fetched */
    expect_error("<?xml version='1.0'?>\n<!DOCTYPE srx [\n"
                 "<!ENTITY a 'aaaaaaaaaa'>]>\n<srx version='2.0'><body/></srx>",
                 "bad.srx: SRX files with a DOCTYPE are not accepted");
}

static void test_unknown_language(void **state)
{
    (void)state;
    const char *s =
        "<srx version='2.0'><body><languagerules>"
        "<languagerule languagerulename='A'/></languagerules><maprules>"
        "<languagemap languagepattern='en' languagerulename='A'/>"
        "</maprules></body></srx>";
    anv_error err;
    srx_rules *r = srx_load_memory("l.srx", s, strlen(s), &err);
    assert_non_null(r);
    assert_null(segmenter_new(r, "hi", &err));
    assert_int_equal(err.code, ANV_ENOTFOUND);
    assert_string_equal(err.message,
                        "l.srx: no languagemap matches language \"hi\"");
    segmenter *sg = segmenter_new(r, "EN", &err);
    assert_non_null(sg);
    assert_int_equal(segmenter_rule_count(sg), 0);
    segmenter_free(sg);
    srx_free(r);
    assert_null(srx_load_file("/nonexistent/x.srx", &err));
    assert_int_equal(err.code, ANV_ENOTFOUND);
    assert_non_null(strstr(err.message, "/nonexistent/x.srx"));
}

/* The shipped rules: NFC (patterns must match NFC text), and every rule
 * compiles for both languages. */
static void test_shipped_rules(void **state)
{
    (void)state;
    char path[1024];
    size_t len;
    char *text = slurp(root_path(path, sizeof path, "dict/segment.srx"), &len);
    strbuf nfc = STRBUF_INIT;
    anv_error err;
    assert_int_equal(text_append_nfc(&nfc, text, len, &err), ANV_OK);
    assert_int_equal(nfc.len, len);
    assert_memory_equal(nfc.data, text, len);
    strbuf_release(&nfc);
    free(text);
    srx_rules *r = srx_load_file(path, &err);
    assert_non_null(r);
    for (int i = 0; i < 2; i++) {
        segmenter *sg = segmenter_new(r, i ? "en" : "hi", &err);
        if (!sg)
            fail_msg("%s", err.message);
        assert_true(segmenter_rule_count(sg) > 10);
        segmenter_free(sg);
    }
    srx_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_files_load),
        cmocka_unit_test(test_omegat_file),
        cmocka_unit_test(test_cascade_and_map),
        cmocka_unit_test(test_srx10),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_unknown_language),
        cmocka_unit_test(test_shipped_rules),
    };
    return cmocka_run_group_tests_name("srx", tests, NULL, NULL);
}
