/*
 * test_pretranslate.c - the pre-translation library (pretranslate.h) and
 * the analysis counts (analysis.h): band boundaries, what a word and a
 * character are, repetitions without a TM, in-context matches at the edges
 * of a document, the same project from 1 and 3 threads, analyse-only
 * leaving the project alone, and errors naming the file and place.
 * The TM is a small TMX written into a temporary folder.
 */
#include "testutil.h"

#include <unistd.h>

#include "project/analysis.h"
#include "project/pretranslate.h"
#include "segment/srx.h"

static char dir[] = "/tmp/anuvad-pretranslate-XXXXXX";
static char tmx[256];

static const char TMX[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" "
    "segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"hi-IN\" "
    "datatype=\"plaintext\"/><body>\n"
    /* in context at the start of a document: prev is "" */
    "<tu tuid=\"start\"><prop type=\"x-context-prev\"></prop>"
    "<prop type=\"x-context-next\">वह घर गया।</prop>"
    "<tuv xml:lang=\"hi-IN\"><seg>राम आया।</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>Ram came.</seg></tuv></tu>\n"
    "<tu tuid=\"home\"><tuv xml:lang=\"hi-IN\"><seg>वह घर गया।</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>He went home.</seg></tuv></tu>\n"
    /* the same, confirmed at the end of a document after कुछ और। */
    "<tu tuid=\"end\"><prop type=\"x-context-prev\">कुछ और।</prop>"
    "<prop type=\"x-context-next\"></prop>"
    "<tuv xml:lang=\"hi-IN\"><seg>वह घर गया।</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>He went home.</seg></tuv></tu>\n"
    "<tu tuid=\"num\"><tuv xml:lang=\"hi-IN\"><seg>उसने 3 सेब खाए।</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>He ate 3 apples.</seg></tuv></tu>\n"
    "</body></tmx>\n";

/* राम आया। (101: document start, next वह घर गया।) / वह घर गया। (100) /
 * उसने ४ सेब खाए। (numbers fixed) / कुछ और। (no match) / वह घर गया। (a
 * repetition, but in context: 101): 5 units.  Without the TM the last is
 * a repetition. */
static const char DOC[] = "राम आया। वह घर गया।\nउसने ४ सेब खाए।\n"
                          "कुछ और।\nवह घर गया।\n";

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(tmx, sizeof tmx, "%s/tm.tmx", dir);
    FILE *fp = fopen(tmx, "w");
    if (!fp)
        return -1;
    fputs(TMX, fp);
    return fclose(fp);
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static segmenter *hindi_segmenter(anv_error *err)
{
    char path[512];
    srx_rules *rules =
        srx_load_file(root_path(path, sizeof path, "dict/segment.srx"), err);
    assert_non_null(rules);
    segmenter *sg = segmenter_new(rules, "hi", err);
    srx_free(rules);
    assert_non_null(sg);
    return sg;
}

static xliff_project *project_of(const char *doc, anv_error *err)
{
    segmenter *sg = hindi_segmenter(err);
    xliff_project *p = xliff_project_new(err);
    assert_non_null(p);
    int rc = pretranslate_add_document(p, sg, "doc.txt", doc, strlen(doc),
                                       TEXT_PARA_LINE, err);
    segmenter_free(sg);
    if (rc != ANV_OK) {
        xliff_project_free(p);
        return NULL;
    }
    return p;
}

static tm_matcher *open_tm(anv_error *err)
{
    tm_matcher_opts o = {0};
    o.cache_dir = dir;
    tm_matcher *tm = tm_matcher_open(tmx, &o, NULL, err);
    if (!tm)
        fail_msg("%s", err->message);
    return tm;
}

static char *written(const xliff_project *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    anv_error err;
    assert_int_equal(xliff_project_write(p, fp, 0, &err), ANV_OK);
    fclose(fp);
    return buf;
}

static void test_bands(void **state)
{
    (void)state;
    static const struct { int score; analysis_band band; } cases[] = {
        {-1, ANALYSIS_NONE},    {0, ANALYSIS_NONE},
        {49, ANALYSIS_NONE},    {50, ANALYSIS_50_74},
        {74, ANALYSIS_50_74},   {75, ANALYSIS_75_84},
        {84, ANALYSIS_75_84},   {85, ANALYSIS_85_94},
        {94, ANALYSIS_85_94},   {95, ANALYSIS_95_99},
        {99, ANALYSIS_95_99},   {100, ANALYSIS_EXACT},
        {101, ANALYSIS_CONTEXT}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(analysis_band_of_score(cases[i].score),
                         cases[i].band);
    assert_string_equal(analysis_band_key(ANALYSIS_REPETITION),
                        "repetitions");
    assert_string_equal(analysis_band_label(ANALYSIS_CONTEXT),
                        "in context 101%");
}

static void test_counts(void **state)
{
    (void)state;
    anv_error err;
    word_splitter *ws = word_splitter_new("hi", &err);
    assert_non_null(ws);
    analysis_table t;
    memset(&t, 0, sizeof t);
    /* "1,600" is one word; the danda is no word; 14 characters without
     * the 3 spaces */
    const char *s = "कुल 1,600 लोग आए।";
    assert_int_equal(analysis_add(&t, ANALYSIS_NONE, ws, s, strlen(s), &err),
                     ANV_OK);
    assert_int_equal(t.band[ANALYSIS_NONE].segments, 1);
    assert_int_equal(t.band[ANALYSIS_NONE].words, 4);
    assert_int_equal(t.band[ANALYSIS_NONE].chars, 14);
    assert_int_equal(t.band[ANALYSIS_NONE].chars_spaces, 17);
    /* a no-break space is white space; a hyphenated compound is 2 words */
    s = "पूर्व-सोवियत\xC2\xA0देश";
    assert_int_equal(analysis_add(&t, ANALYSIS_EXACT, ws, s, strlen(s), &err),
                     ANV_OK);
    assert_int_equal(t.band[ANALYSIS_EXACT].words, 3);
    assert_int_equal(t.band[ANALYSIS_EXACT].chars, 15);
    assert_int_equal(t.band[ANALYSIS_EXACT].chars_spaces, 16);
    assert_int_equal(t.total.segments, 2);
    assert_int_equal(t.total.words, 7);
    analysis_table sum;
    memset(&sum, 0, sizeof sum);
    analysis_merge(&sum, &t);
    analysis_merge(&sum, &t);
    assert_int_equal(sum.total.words, 14);
    assert_int_equal(sum.band[ANALYSIS_EXACT].chars, 30);
    word_splitter_free(ws);
}

static void test_repetitions_without_tm(void **state)
{
    (void)state;
    anv_error err;
    xliff_project *p = project_of(DOC, &err);
    assert_non_null(p);
    assert_int_equal(xliff_project_unit_count(p), 5);
    pretranslate_opts o = {0};
    pretranslate_result r;
    assert_int_equal(pretranslate_run(p, NULL, &o, &r, &err), ANV_OK);
    assert_int_equal(r.n, 5);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(r.unit[i].band, ANALYSIS_NONE);
        assert_int_equal(r.unit[i].first, i);
    }
    assert_int_equal(r.unit[4].band, ANALYSIS_REPETITION);
    assert_int_equal(r.unit[4].first, 1);
    assert_int_equal(r.filled, 0);
    assert_null(xliff_project_unit(p, 4)->target);
    pretranslate_result_release(&r);
    xliff_project_free(p);
}

static void test_with_tm(void **state)
{
    (void)state;
    anv_error err;
    tm_matcher *tm = open_tm(&err);
    char *bytes[2];
    static const unsigned jobs[2] = {1, 3};
    for (int k = 0; k < 2; k++) {
        xliff_project *p = project_of(DOC, &err);
        assert_non_null(p);
        pretranslate_opts o = {0};
        o.jobs = jobs[k];
        o.origin = "tm.tmx";
        pretranslate_result r;
        assert_int_equal(pretranslate_run(p, tm, &o, &r, &err), ANV_OK);
        static const analysis_band want[5] = {
            ANALYSIS_CONTEXT, ANALYSIS_EXACT, ANALYSIS_95_99, ANALYSIS_NONE,
            ANALYSIS_CONTEXT};
        for (size_t i = 0; i < 5; i++)
            assert_int_equal(r.unit[i].band, want[i]);
        assert_int_equal(r.filled, 4);
        assert_int_equal(r.numbers_fixed, 1);
        const xliff_unit *u = xliff_project_unit(p, 0);
        assert_string_equal(u->target, "Ram came.");
        assert_int_equal(u->state, XLIFF_STATE_TRANSLATED);
        assert_int_equal(u->qualifier, XLIFF_QUAL_EXACT_MATCH);
        assert_int_equal(u->match_quality, 101);
        u = xliff_project_unit(p, 2);
        assert_string_equal(u->source, "उसने ४ सेब खाए।");
        assert_string_equal(u->target, "He ate 4 apples.");
        assert_int_equal(u->state, XLIFF_STATE_NEEDS_REVIEW_TRANSLATION);
        assert_int_equal(u->marks, XLIFF_MARK_NUMBERS_FIXED);
        assert_int_equal(u->n_notes, 1);
        assert_string_equal(u->notes[0].text, "numbers fixed: 3→4");
        assert_int_equal(u->n_matches, 1);
        assert_string_equal(u->matches[0].target, "He ate 3 apples.");
        assert_string_equal(u->matches[0].tuid, "num");
        /* the repetition in context is no repetition: 101, its own */
        assert_int_equal(r.unit[4].first, 4);
        u = xliff_project_unit(p, 4);
        assert_string_equal(u->target, "He went home.");
        assert_int_equal(u->qualifier, XLIFF_QUAL_EXACT_MATCH);
        assert_int_equal(u->match_quality, 101);
        assert_string_equal(u->matches[0].tuid, "end");
        /* unit 1: two TM units, one translation: a plain 100 */
        u = xliff_project_unit(p, 1);
        assert_int_equal(u->state, XLIFF_STATE_TRANSLATED);
        assert_int_equal(u->qualifier, XLIFF_QUAL_LEVERAGED_TM);
        assert_int_equal(u->n_notes, 0);
        bytes[k] = written(p);
        pretranslate_result_release(&r);
        xliff_project_free(p);
    }
    assert_string_equal(bytes[0], bytes[1]);
    free(bytes[0]);
    free(bytes[1]);
    tm_matcher_free(tm);
}

static void test_analyse_only(void **state)
{
    (void)state;
    anv_error err;
    tm_matcher *tm = open_tm(&err);
    xliff_project *p = project_of(DOC, &err);
    char *before = written(p);
    pretranslate_opts o = {0};
    o.analyse_only = 1;
    o.jobs = 2;
    pretranslate_result r;
    assert_int_equal(pretranslate_run(p, tm, &o, &r, &err), ANV_OK);
    assert_int_equal(r.unit[0].band, ANALYSIS_CONTEXT);
    assert_int_equal(r.unit[4].band, ANALYSIS_CONTEXT);
    char *after = written(p);
    assert_string_equal(before, after);
    word_splitter *ws = word_splitter_new("hi", &err);
    analysis_table files[1], total;
    size_t n_tables = 0;
    assert_int_equal(pretranslate_analysis(p, &r, ws, files, &n_tables,
                                           &total, &err),
                     ANV_OK);
    assert_int_equal(n_tables, 1);
    assert_string_equal(files[0].name, "doc.txt");
    assert_int_equal(total.total.segments, 5);
    assert_int_equal(total.band[ANALYSIS_REPETITION].words, 0);
    assert_int_equal(total.band[ANALYSIS_CONTEXT].words, 5);
    word_splitter_free(ws);
    free(before);
    free(after);
    pretranslate_result_release(&r);
    xliff_project_free(p);
    tm_matcher_free(tm);
}

static void test_errors(void **state)
{
    (void)state;
    anv_error err;
    anv_error_clear(&err);
    assert_null(project_of("ठीक।\nखराब \xff बाइट।\n", &err));
    assert_int_equal(err.code, ANV_EUTF8);
    assert_non_null(strstr(err.message, "doc.txt:2:6"));
    xliff_project *p = project_of(DOC, &err);
    pretranslate_opts o = {0};
    o.min = 102;
    pretranslate_result r;
    assert_int_equal(pretranslate_run(p, NULL, &o, &r, &err), ANV_EINVAL);
    xliff_project_free(p);
    segmenter *sg = hindi_segmenter(&err);
    p = xliff_project_new(&err);
    char path[300];
    snprintf(path, sizeof path, "%s/missing.txt", dir);
    assert_int_equal(pretranslate_add_source(p, sg, path, NULL,
                                             TEXT_PARA_LINE, &err),
                     ANV_ENOTFOUND);
    assert_non_null(strstr(err.message, "missing.txt"));
    segmenter_free(sg);
    xliff_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_repetitions_without_tm),
        cmocka_unit_test(test_with_tm),
        cmocka_unit_test(test_analyse_only),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
