/*
 * test_tm_matcher.c - the TM matcher: what a lookup returns (exact,
 * fuzzy with its diff and number mismatches, tags, tuid, dates), context
 * matches (101) from our props and OmegaT's, the persistent index (built,
 * then opened warm; rebuilt when the TMX changes; damaged files rebuilt;
 * saved in the cache or kept in memory when it cannot be saved beside the
 * TM; one file per language pair), the journal delta (units added,
 * updated and deleted after the index was built give the same answers as
 * a full rebuild), tm_matcher_add (found at once, in context, merged),
 * threads, and the index against scoring every unit.
 */
#include "testutil.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fileio.h"
#include "base/strbuf.h"
#include "tm/tm.h"
#include "match/fuzzy_index.h"
#include "match/tm_matcher.h"
#include "tm/tmx_unit.h"

#define HEAD "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body>\n"
#define TAIL "</body></tmx>\n"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/anuvad-tmm-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *in_dir(char *buf, const char *name)
{
    snprintf(buf, 512, "%s/%s", dir, name);
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* A cache folder of the test's own, so nothing lands in the user's. */
static tm_matcher_opts opts_with_cache(void)
{
    static char cache[512];
    tm_matcher_opts o = {0};
    o.cache_dir = in_dir(cache, "cache");
    return o;
}

/* Write `tmx` as NAME in the test folder (its path left in p); the
 * options to open it with. */
static tm_matcher_opts new_tmx(char *p, const char *name, const char *tmx)
{
    write_file(in_dir(p, name), tmx);
    return opts_with_cache();
}

static tm_matcher *open_ok(const char *path, const tm_matcher_opts *o,
                           tm_matcher_info *info)
{
    anv_error err;
    anv_error_clear(&err);
    tm_matcher *tm = tm_matcher_open(path, o, info, &err);
    if (!tm)
        fail_msg("%s", err.message);
    return tm;
}

/* "score target" of each match, joined by " | "; with `full`, also the
 * source, tuid and journal flag. */
static void lookup_str(tm_matcher *tm, const tm_query *q, int full,
                       strbuf *out)
{
    anv_error err;
    anv_error_clear(&err);
    tm_searcher *s = tm_searcher_new(tm, &err);
    assert_non_null(s);
    tm_matches r;
    if (tm_lookup(s, q, &r, &err) != ANV_OK)
        fail_msg("%s", err.message);
    strbuf_clear(out);
    strbuf_append_str(out, "");
    for (size_t i = 0; i < r.n; i++) {
        const tm_match *m = &r.match[i];
        if (i)
            strbuf_append_str(out, " | ");
        if (full)
            strbuf_printf(out, "%d %s => %s [%s]", m->score, m->source,
                          m->target, m->tuid);
        else
            strbuf_printf(out, "%d %s", m->score, m->target);
    }
    tm_searcher_free(s);
}

static void expect_lookup(tm_matcher *tm, const char *text, int min,
                          const char *want)
{
    strbuf got = STRBUF_INIT;
    tm_query q = {text, NULL, NULL, min, TM_MAX_ALL, 0};
    lookup_str(tm, &q, 0, &got);
    assert_string_equal(got.data, want);
    strbuf_release(&got);
}

static void expect_in_context(tm_matcher *tm, const char *text,
                              const char *prev, const char *next,
                              const char *want)
{
    strbuf got = STRBUF_INIT;
    tm_query q = {text, prev, next, 100, TM_MAX_ALL, 0};
    lookup_str(tm, &q, 0, &got);
    assert_string_equal(got.data, want);
    strbuf_release(&got);
}

/* ---- what a lookup returns ------------------------------------------------------- */

static const char fields_tmx[] =
    HEAD
    "<tu tuid=\"p15\" changedate=\"20230412T101500Z\" usagecount=\"3\">"
    "<tuv xml:lang=\"hi-IN\"><seg>कृपया पृष्ठ 15 देखें।</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>Please see page 15.</seg></tuv></tu>\n"
    "<tu tuid=\"tag\" changedate=\"20230101T000000Z\">"
    "<tuv xml:lang=\"hi-IN\"><seg>यहाँ <bpt i=\"1\">&lt;b&gt;</bpt>क्लिक करें"
    "<ept i=\"1\">&lt;/b&gt;</ept> और आगे बढ़ें।</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>Click <bpt i=\"1\">&lt;b&gt;</bpt>here"
    "<ept i=\"1\">&lt;/b&gt;</ept> and go on.</seg></tuv></tu>\n"
    "<tu><tuv xml:lang=\"hi-IN\"><seg>मैं कल दिल्ली जाऊँगा।</seg></tuv>"
    "<tuv xml:lang=\"en-GB\"><seg>I shall go to Delhi tomorrow.</seg></tuv>"
    "</tu>\n" TAIL;

static void test_lookup_fields(void **state)
{
    (void)state;
    char p[512];
    tm_matcher_opts o = new_tmx(p, "f.tmx", fields_tmx);
    tm_matcher *tm = open_ok(p, &o, NULL);
    anv_error err;
    tm_searcher *s = tm_searcher_new(tm, &err);
    assert_non_null(s);

    /* A number mismatch: 99, with the diff and the unit's metadata. */
    tm_query q = {"कृपया पृष्ठ 12 देखें।", NULL, NULL, 0, 0, 0};
    tm_matches r;
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_string_equal(r.query, "कृपया पृष्ठ 12 देखें।");
    assert_int_equal(r.n, 1);
    const tm_match *m = &r.match[0];
    assert_int_equal(m->score, 99);
    assert_string_equal(m->source, "कृपया पृष्ठ 15 देखें।");
    assert_string_equal(m->target, "Please see page 15.");
    assert_string_equal(m->tuid, "p15");
    assert_string_equal(m->target_lang, "en-US");
    assert_int_equal(m->changedate, 1681294500);
    assert_int_equal(m->usagecount, 3);
    assert_int_equal(m->cmp.number_mismatches, 1);
    assert_int_equal(m->cmp.n_diff, 1);
    assert_int_equal(m->cmp.diff[0].kind, MATCH_DIFF_NUMBER);
    assert_memory_equal(m->source + m->cmp.diff[0].src_start, "15", 2);
    assert_memory_equal(r.query + m->cmp.diff[0].query_start, "12", 2);
    assert_int_equal(m->from_journal, 0);
    strbuf marked = STRBUF_INIT;
    match_diff_append_marked(&marked, &m->cmp, m->source, m->source_len,
                             r.query);
    assert_string_equal(marked.data, "कृपया पृष्ठ [-15-]{+12+} देखें।");

    /* Inline codes: U+FFFC in the text, the XML in the segs, and a tag
     * mismatch for the query without them. */
    q.text = "यहाँ क्लिक करें और आगे बढ़ें।";
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_int_equal(r.n, 1);
    m = &r.match[0];
    assert_int_equal(m->score, 98);
    assert_int_equal(m->cmp.tag_mismatches, 2);
    assert_string_equal(m->target, "Click " TMX_TAG_CHAR "here" TMX_TAG_CHAR
                                   " and go on.");
    assert_string_equal(m->target_seg, "Click <bpt i=\"1\">&lt;b&gt;</bpt>"
                                       "here<ept i=\"1\">&lt;/b&gt;</ept> "
                                       "and go on.");
    assert_non_null(strstr(m->source_seg, "<bpt i=\"1\">"));

    /* A unit without tuid, date or count; en-GB serves en-US; the
     * chandrabindu variant costs a point. */
    q.text = "मैं कल दिल्ली जाऊंगा।";
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_int_equal(r.n, 1);
    m = &r.match[0];
    assert_int_equal(m->score, 99);
    assert_string_equal(m->tuid, "");
    assert_string_equal(m->target_lang, "en-GB");
    assert_int_equal(m->changedate, TMX_NO_DATE);
    assert_int_equal(m->usagecount, -1);

    /* min and max. */
    q.text = "कृपया पृष्ठ 15 देखें।";
    q.min = 100;
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.match[0].score, 100);
    assert_int_equal(r.match[0].cmp.n_diff, 0);
    q.text = "कुछ और";
    q.min = 0;
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_int_equal(r.n, 0);

    strbuf_release(&marked);
    tm_searcher_free(s);
    tm_matcher_free(tm);
}

static void test_ties_and_max(void **state)
{
    (void)state;
    char p[512];
    tm_matcher_opts o = new_tmx(
        p, "t.tmx",
        HEAD
        "<tu tuid=\"old\" changedate=\"20200101T000000Z\" usagecount=\"9\">"
        "<tuv xml:lang=\"hi\"><seg>वह घर गया।</seg></tuv>"
        "<tuv xml:lang=\"en\"><seg>He went home (old).</seg></tuv></tu>"
        "<tu tuid=\"new\" changedate=\"20240101T000000Z\" usagecount=\"1\">"
        "<tuv xml:lang=\"hi\"><seg>वह घर गया।</seg></tuv>"
        "<tuv xml:lang=\"en\"><seg>He went home.</seg></tuv></tu>"
        "<tu tuid=\"used\" changedate=\"20240101T000000Z\" usagecount=\"5\">"
        "<tuv xml:lang=\"hi\"><seg>वह घर गया।</seg></tuv>"
        "<tuv xml:lang=\"en\"><seg>She went home.</seg></tuv></tu>"
        "<tu><tuv xml:lang=\"hi\"><seg>वह कल घर गया।</seg></tuv>"
        "<tuv xml:lang=\"en\"><seg>He went home yesterday.</seg></tuv></tu>"
        TAIL);
    tm_matcher *tm = open_ok(p, &o, NULL);
    expect_lookup(tm, "वह घर गया।", 50,
                  "100 She went home. | 100 He went home. | "
                  "100 He went home (old). | 75 He went home yesterday.");
    strbuf got = STRBUF_INIT;
    tm_query q = {"वह घर गया।", NULL, NULL, 50, 2, 0};
    lookup_str(tm, &q, 0, &got);
    assert_string_equal(got.data, "100 She went home. | 100 He went home.");
    q.max = 0; /* the default, 5 */
    lookup_str(tm, &q, 0, &got);
    assert_non_null(strstr(got.data, "75 He went home yesterday."));
    strbuf_release(&got);
    tm_matcher_free(tm);
}

/* ---- context ------------------------------------------------------------------------ */

static void test_context_matches(void **state)
{
    (void)state;
    char p[512];
    tm_matcher_opts o = new_tmx(
        p, "c.tmx",
        HEAD
        "<tu changedate=\"20240101T000000Z\">"
        "<prop type=\"x-context-prev\">पहला वाक्य।</prop>"
        "<prop type=\"x-context-next\"></prop>"
        "<prop type=\"x-context-prev\">दूसरा।</prop>"
        "<prop type=\"x-context-next\">तीसरा।</prop>"
        "<tuv xml:lang=\"hi-IN\"><seg>ठीक है।</seg></tuv>"
        "<tuv xml:lang=\"en-US\"><seg>All right.</seg></tuv></tu>"
        "<tu changedate=\"20230101T000000Z\">"
        "<prop type=\"file\">a.html</prop>"
        "<prop type=\"prev\">Before.</prop>"
        "<prop type=\"next\">Café.</prop>"
        "<tuv xml:lang=\"hi-IN\"><seg>ठीक है।</seg></tuv>"
        "<tuv xml:lang=\"en-US\"><seg>OK.</seg></tuv></tu>"
        /* As export --tmx writes a document's first and last
         * segment: the half beyond the edge left out. */
        "<tu changedate=\"20220101T000000Z\">"
        "<prop type=\"x-context-next\">दूसरा।</prop>"
        "<tuv xml:lang=\"hi-IN\"><seg>पहला।</seg></tuv>"
        "<tuv xml:lang=\"en-US\"><seg>First.</seg></tuv></tu>"
        "<tu changedate=\"20220101T000000Z\">"
        "<prop type=\"x-context-prev\">दूसरा।</prop>"
        "<tuv xml:lang=\"hi-IN\"><seg>तीसरा।</seg></tuv>"
        "<tuv xml:lang=\"en-US\"><seg>Third.</seg></tuv></tu>"
        TAIL);
    tm_matcher *tm = open_ok(p, &o, NULL);
    /* Without context: both 100, the newer first. */
    expect_in_context(tm, "ठीक है।", NULL, NULL, "100 All right. | 100 OK.");
    /* Either of the unit's pairs; "" is a document edge. */
    expect_in_context(tm, "ठीक है।", "पहला वाक्य।", "",
                      "101 All right. | 100 OK.");
    expect_in_context(tm, "ठीक है।", "दूसरा।", "तीसरा।",
                      "101 All right. | 100 OK.");
    /* Halves of two different pairs are not a context. */
    expect_in_context(tm, "ठीक है।", "पहला वाक्य।", "तीसरा।",
                      "100 All right. | 100 OK.");
    /* OmegaT's prev/next props; a 101 goes before a newer 100. */
    expect_in_context(tm, "ठीक है।", "Before.", "Café.",
                      "101 OK. | 100 All right.");
    /* The neighbours are compared in NFC (é as e + U+0301 here). */
    expect_in_context(tm, "ठीक है।", "Before.", "Cafe\xcc\x81.",
                      "101 OK. | 100 All right.");
    expect_in_context(tm, "पहला।", "", "दूसरा।", "101 First.");
    expect_in_context(tm, "पहला।", "शून्य।", "दूसरा।", "100 First.");
    expect_in_context(tm, "तीसरा।", "दूसरा।", "", "101 Third.");
    expect_in_context(tm, "तीसरा।", "दूसरा।", "चौथा।", "100 Third.");
    /* --min 101: only in-context matches. */
    strbuf got = STRBUF_INIT;
    tm_query q = {"ठीक है।", "Before.", "Café.", 101, 5, 0};
    lookup_str(tm, &q, 0, &got);
    assert_string_equal(got.data, "101 OK.");
    q.prev = "x";
    lookup_str(tm, &q, 0, &got);
    assert_string_equal(got.data, "");
    strbuf_release(&got);
    tm_matcher_free(tm);
}

static void test_store_keeps_context_pairs(void **state)
{
    (void)state;
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    assert_non_null(t);
    uint32_t id, id2;
    tm_outcome out;
    assert_int_equal(tm_add_in_context(t, "हाँ।", "Yes.", NULL, "a", "", &id,
                                       &out, NULL, &err),
                     ANV_OK);
    assert_int_equal(out, TM_ADDED);
    /* The same pair in the same context: counted, not repeated. */
    assert_int_equal(tm_add_in_context(t, "हाँ।", "Yes.", NULL, "a", "", &id2,
                                       &out, NULL, &err),
                     ANV_OK);
    assert_int_equal(out, TM_MERGED);
    assert_int_equal(id2, id);
    /* Nine more contexts: the oldest go beyond TM_MAX_CONTEXTS. */
    for (int i = 0; i < 9; i++) {
        char prev[16];
        snprintf(prev, sizeof prev, "p%d", i);
        assert_int_equal(tm_add_in_context(t, "हाँ।", "Yes.", NULL, prev,
                                           "n", &id2, &out, NULL, &err),
                         ANV_OK);
    }
    tmx_unit u;
    tm_unit_get(t, id, &u, NULL, 0);
    size_t pos = 0, pairs = 0;
    const char *prev, *next;
    strbuf all = STRBUF_INIT;
    while (tmx_extra_next_context(u.meta.extra, u.meta.extra_len, &pos, &prev,
                                  &next)) {
        strbuf_printf(&all, "%s/%s ", prev, next);
        pairs++;
    }
    assert_int_equal(pairs, TM_MAX_CONTEXTS);
    assert_string_equal(all.data,
                        "p1/n p2/n p3/n p4/n p5/n p6/n p7/n p8/n ");
    tm_entry e;
    assert_true(tm_entry_get(t, id, &e));
    assert_int_equal(e.usagecount, 11);
    /* Merging two copies of a unit keeps each pair whole. */
    strbuf b = STRBUF_INIT, add = STRBUF_INIT;
    tmx_extra_with_context(&b, NULL, 0, "x", "y", 8);
    tmx_extra_with_context(&add, NULL, 0, "x", "z", 8);
    tmx_extra_merge(&b, add.data, add.len);
    assert_true(tmx_extra_has_context(b.data, b.len, "x", "y"));
    assert_true(tmx_extra_has_context(b.data, b.len, "x", "z"));
    assert_false(tmx_extra_has_context(b.data, b.len, "y", "z"));
    /* Lone halves (export --tmx at a document's edges). */
    strbuf_clear(&b);
    tmx_extra_add_prop(&b, TMX_PROP_CONTEXT_NEXT, NULL, NULL, "n1");
    tmx_extra_add_note(&b, NULL, NULL, "a note");
    tmx_extra_add_prop(&b, TMX_PROP_CONTEXT_PREV, NULL, NULL, "p2");
    tmx_extra_add_prop(&b, TMX_PROP_CONTEXT_PREV, NULL, NULL, "p3");
    tmx_extra_add_prop(&b, TMX_PROP_CONTEXT_NEXT, NULL, NULL, "n3");
    assert_true(tmx_extra_has_context(b.data, b.len, "", "n1"));
    assert_true(tmx_extra_has_context(b.data, b.len, "p2", ""));
    assert_true(tmx_extra_has_context(b.data, b.len, "p3", "n3"));
    assert_false(tmx_extra_has_context(b.data, b.len, "p2", "p3"));
    strbuf_release(&b);
    strbuf_release(&add);
    strbuf_release(&all);
    tm_free(t);
}

/* ---- the index file --------------------------------------------------------------- */

static void test_warm_open_and_rebuild_when_tmx_changes(void **state)
{
    (void)state;
    char p[512], idx[512];
    tm_matcher_opts o = new_tmx(p, "w.tmx", fields_tmx);
    tm_matcher_info info;
    tm_matcher *tm = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    assert_true(info.saved);
    assert_false(info.damaged);
    assert_string_equal(info.index_path, in_dir(idx, "w.tmx.idx"));
    assert_int_equal(info.units, 3);
    assert_int_equal(info.journal_units, 0);
    tm_matcher_free(tm);

    tm = open_ok(p, &o, &info);
    assert_false(info.rebuilt);
    assert_int_equal(info.units, 3);
    expect_lookup(tm, "कृपया पृष्ठ 15 देखें।", 100, "100 Please see page 15.");
    tm_matcher_free(tm);

    /* Another TMX in the same place (an export, a save by another tool). */
    write_file(p, HEAD "<tu><tuv xml:lang=\"hi\"><seg>कृपया पृष्ठ 15 देखें।"
                       "</seg></tuv><tuv xml:lang=\"en\"><seg>See page 15."
                       "</seg></tuv></tu>" TAIL);
    tm = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    assert_int_equal(info.units, 1);
    expect_lookup(tm, "कृपया पृष्ठ 15 देखें।", 100, "100 See page 15.");
    tm_matcher_free(tm);
}

static void test_damaged_index_is_rebuilt(void **state)
{
    (void)state;
    char p[512], idx[512];
    tm_matcher_opts o = new_tmx(p, "d.tmx", fields_tmx);
    in_dir(idx, "d.tmx.idx");
    tm_matcher_info info;
    tm_matcher_free(open_ok(p, &o, &info));
    struct stat st;
    assert_int_equal(stat(idx, &st), 0);

    /* Cut short. */
    assert_int_equal(truncate(idx, st.st_size / 2), 0);
    tm_matcher *tm = open_ok(p, &o, &info);
    assert_true(info.damaged);
    assert_true(info.rebuilt);
    assert_non_null(strstr(info.why.message, "not a usable fuzzy index"));
    expect_lookup(tm, "कृपया पृष्ठ 12 देखें।", 50, "99 Please see page 15.");
    tm_matcher_free(tm);

    /* One byte flipped in the middle. */
    int fd = open(idx, O_RDWR);
    assert_true(fd >= 0);
    unsigned char b;
    assert_int_equal(pread(fd, &b, 1, st.st_size / 2), 1);
    b ^= 0x40;
    assert_int_equal(pwrite(fd, &b, 1, st.st_size / 2), 1);
    close(fd);
    tm = open_ok(p, &o, &info);
    assert_true(info.damaged);
    expect_lookup(tm, "कृपया पृष्ठ 12 देखें।", 50, "99 Please see page 15.");
    tm_matcher_free(tm);

    /* Not an index at all. */
    write_file(idx, "hello");
    tm = open_ok(p, &o, &info);
    assert_true(info.damaged);
    assert_true(info.saved);
    tm_matcher_free(tm);
    tm = open_ok(p, &o, &info);
    assert_false(info.rebuilt);
    tm_matcher_free(tm);
}

static void test_index_in_cache_or_memory(void **state)
{
    (void)state;
    char p[512], c[512], idx[512];
    tm_matcher_opts o = new_tmx(p, "r.tmx", fields_tmx);
    /* TM.tmx.idx cannot be written (a folder is in the way: this fails
     * even for root, unlike a read-only folder): the cache takes it. */
    assert_int_equal(mkdir(in_dir(idx, "r.tmx.idx"), 0755), 0);
    tm_matcher_info info;
    tm_matcher *tm = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    assert_true(info.saved);
    assert_non_null(info.index_path);
    assert_non_null(strstr(info.index_path, "/cache/fuzzy/"));
    assert_non_null(strstr(info.index_path, "-r.tmx.idx"));
    tm_matcher_free(tm);
    tm = open_ok(p, &o, &info);
    assert_false(info.rebuilt);
    expect_lookup(tm, "कृपया पृष्ठ 12 देखें।", 50, "99 Please see page 15.");
    tm_matcher_free(tm);

    /* No usable cache either: in memory, and the lookup still works. */
    o.cache_dir = in_dir(c, "r.tmx"); /* a file, not a folder */
    tm = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    assert_false(info.saved);
    assert_null(info.index_path);
    assert_int_not_equal(info.save_error.code, ANV_OK);
    expect_lookup(tm, "कृपया पृष्ठ 12 देखें।", 50, "99 Please see page 15.");
    tm_matcher_free(tm);
}

static void test_language_pairs_have_their_own_index(void **state)
{
    (void)state;
    char p[512], name[512];
    strbuf s = STRBUF_INIT;
    anv_error err;
    assert_int_equal(tm_matcher_index_name("/x/a.tmx", "hi-IN", "en-US", &s,
                                           &err),
                     ANV_OK);
    assert_string_equal(s.data, "/x/a.tmx.idx");
    assert_int_equal(tm_matcher_index_name("/x/a.tmx", "HI_in", "en_us", &s,
                                           &err),
                     ANV_OK);
    assert_string_equal(s.data, "/x/a.tmx.idx");
    assert_int_equal(tm_matcher_index_name("/x/a.tmx", "en-US", "hi", &s,
                                           &err),
                     ANV_OK);
    assert_string_equal(s.data, "/x/a.tmx.en-us.hi.idx");
    assert_int_equal(tm_matcher_index_name("/x/a.tmx", "en US", "hi", &s,
                                           &err),
                     ANV_EINVAL);
    strbuf_release(&s);

    tm_matcher_opts o = new_tmx(p, "l.tmx", fields_tmx);
    o.source_lang = "en-US";
    o.target_lang = "hi-IN";
    tm_matcher_info info;
    tm_matcher *tm = open_ok(p, &o, &info);
    assert_string_equal(info.index_path, in_dir(name, "l.tmx.en-us.hi-in.idx"));
    expect_lookup(tm, "Please see page 15.", 100,
                  "100 कृपया पृष्ठ 15 देखें।");
    tm_matcher_free(tm);
    o.source_lang = o.target_lang = NULL;
    tm = open_ok(p, &o, &info);
    assert_string_equal(info.index_path, in_dir(name, "l.tmx.idx"));
    expect_lookup(tm, "Please see page 15.", 100, "");
    tm_matcher_free(tm);
}

/* ---- the journal --------------------------------------------------------------------- */

static tm_store *writer(const char *path)
{
    tm_open_opts o = {0};
    o.write = 1;
    o.create = 1;
    anv_error err;
    tm_store *t = tm_open(path, &o, &err);
    if (!t)
        fail_msg("%s", err.message);
    tm_set_clock(t, 1700000000);
    return t;
}

static uint32_t find_unit(tm_store *t, const char *source, const char *target)
{
    tm_hit *hits;
    size_t n;
    anv_error err;
    uint32_t id = UINT32_MAX;
    assert_int_equal(tm_lookup_exact(t, source, strlen(source), &hits, &n,
                                     &err),
                     ANV_OK);
    for (size_t i = 0; i < n; i++) {
        tm_entry e;
        if (tm_entry_get(t, hits[i].id, &e) && strcmp(e.target, target) == 0)
            id = hits[i].id;
    }
    free(hits);
    assert_int_not_equal(id, UINT32_MAX);
    return id;
}

static void test_journal_changes_are_found_without_rebuild(void **state)
{
    (void)state;
    char p[512];
    tm_matcher_opts o = new_tmx(
        p, "j.tmx",
        HEAD
        "<tu><tuv xml:lang=\"hi\"><seg>वह घर गया।</seg></tuv>"
        "<tuv xml:lang=\"en\"><seg>He went home.</seg></tuv></tu>"
        "<tu><tuv xml:lang=\"hi\"><seg>वह स्कूल गया।</seg></tuv>"
        "<tuv xml:lang=\"en\"><seg>He went to school.</seg></tuv></tu>"
        "<tu><tuv xml:lang=\"hi\"><seg>वह बाज़ार गया।</seg></tuv>"
        "<tuv xml:lang=\"en\"><seg>He went to market.</seg></tuv></tu>"
        TAIL);
    tm_matcher_info info;
    tm_matcher_free(open_ok(p, &o, &info));
    assert_true(info.saved);

    /* Changes after the index: journaled, not saved. */
    anv_error err;
    tm_store *t = writer(p);
    assert_int_equal(tm_add(t, "वह दफ़्तर गया।", "He went to the office.",
                            NULL, NULL, NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(tm_update(t, find_unit(t, "वह स्कूल गया।",
                                            "He went to school."),
                               "He has gone to school.", &err),
                     ANV_OK);
    assert_int_equal(tm_delete(t, find_unit(t, "वह बाज़ार गया।",
                                            "He went to market."),
                               &err),
                     ANV_OK);
    tm_free(t);

    tm_matcher *tm = open_ok(p, &o, &info);
    assert_false(info.rebuilt);
    assert_int_equal(info.journal_units, 2);
    assert_int_equal(info.units, 3);
    /* the two 66s tie on words; घर keeps more of दफ़्तर's characters
     * (65) than स्कूल (59) */
    expect_lookup(tm, "वह दफ़्तर गया।", 60,
                  "100 He went to the office. | 66 He went home. | "
                  "66 He has gone to school.");
    expect_lookup(tm, "वह बाज़ार गया।", 100, "");
    expect_lookup(tm, "वह स्कूल गया।", 100, "100 He has gone to school.");
    tm_matcher_free(tm);

    /* More changes: the journal grows again; the index still serves. */
    t = writer(p);
    assert_int_equal(tm_add(t, "वह बाज़ार गया।", "He went to the bazaar.",
                            NULL, NULL, NULL, NULL, &err),
                     ANV_OK);
    tm_free(t);
    tm = open_ok(p, &o, &info);
    assert_false(info.rebuilt);
    assert_int_equal(info.journal_units, 3);
    expect_lookup(tm, "वह बाज़ार गया।", 100, "100 He went to the bazaar.");
    tm_matcher_free(tm);

    /* An index built with the journal there; then that journal replaced
     * rather than grown (another journal, even a longer one): it is not
     * read as a continuation, the index is rebuilt. */
    char jp[600], ip[600];
    snprintf(jp, sizeof jp, "%s.journal", p);
    snprintf(ip, sizeof ip, "%s.idx", p);
    assert_int_equal(unlink(ip), 0);
    tm = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    tm_matcher_free(tm);
    assert_int_equal(unlink(jp), 0);
    t = writer(p);
    assert_int_equal(tm_add(t, "वह घर आया।", "He came home.", NULL, NULL,
                            NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(tm_add(t, "वह घर नहीं गया।", "He did not go home.", NULL,
                            NULL, NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(tm_add(t, "वह फिर घर गया।", "He went home again.", NULL,
                            NULL, NULL, NULL, &err),
                     ANV_OK);
    tm_free(t);
    tm = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    expect_lookup(tm, "वह बाज़ार गया।", 100, "100 He went to market.");
    expect_lookup(tm, "वह घर आया।", 100, "100 He came home.");
    tm_matcher_free(tm);

    /* A save folds the journal in: the TMX changed, so a rebuild. */
    t = writer(p);
    assert_int_equal(tm_save(t, &err), ANV_OK);
    tm_free(t);
    tm = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    assert_int_equal(info.journal_units, 0);
    expect_lookup(tm, "वह घर आया।", 100, "100 He came home.");
    tm_matcher_free(tm);
}

static void test_add_is_found_at_once(void **state)
{
    (void)state;
    char p[512];
    tm_matcher_opts o = new_tmx(p, "a.tmx", fields_tmx);
    o.write = 1;
    tm_matcher_info info;
    tm_matcher *tm = open_ok(p, &o, &info);
    tm_set_clock(tm_matcher_store(tm), 1700000000);
    anv_error err;
    tm_searcher *s = tm_searcher_new(tm, &err);
    tm_query q = {"कृपया पृष्ठ 16 देखें।", NULL, NULL, 0, 0, 0};
    tm_matches r;
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.match[0].score, 99);

    assert_int_equal(tm_matcher_add(tm, "कृपया पृष्ठ 16 देखें।",
                                    "Please see page 16.", "पहला।", "",
                                    NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.match[0].score, 100);
    assert_string_equal(r.match[0].target, "Please see page 16.");
    assert_true(r.match[0].from_journal);
    assert_int_equal(r.match[0].usagecount, 1);
    q.prev = "पहला।";
    q.next = "";
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_int_equal(r.match[0].score, 101);

    /* The same again: one unit used twice; an existing unit of the TMX
     * confirmed again is replaced by its new version, not doubled. */
    assert_int_equal(tm_matcher_add(tm, "कृपया पृष्ठ 16 देखें।",
                                    "Please see page 16.", NULL, NULL, NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(tm_matcher_add(tm, "कृपया पृष्ठ 15 देखें।",
                                    "Please see page 15.", NULL, NULL, NULL, NULL, &err),
                     ANV_OK);
    q.prev = q.next = NULL;
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.match[0].usagecount, 2);
    assert_int_equal(r.match[1].usagecount, 4);
    assert_true(r.match[1].from_journal);
    assert_string_equal(r.match[1].tuid, "p15");
    assert_int_equal(tm_matcher_units(tm), 4);
    tm_searcher_free(s);
    tm_matcher_free(tm);

    /* The next process reads them from the journal. */
    o.write = 0;
    tm = open_ok(p, &o, &info);
    assert_false(info.rebuilt);
    assert_int_equal(info.journal_units, 2);
    expect_lookup(tm, "कृपया पृष्ठ 16 देखें।", 99,
                  "100 Please see page 16. | 99 Please see page 15.");
    expect_in_context(tm, "कृपया पृष्ठ 16 देखें।", "पहला।", "",
                      "101 Please see page 16.");
    assert_int_equal(tm_matcher_add(tm, "a", "b", NULL, NULL, NULL, NULL, &err),
                     ANV_EINVAL);
    tm_matcher_free(tm);
}

/* A writer opened with `background` takes the lock at once, serves
 * lookups from the index while its store is read, and adds (waiting for
 * the store) exactly as one that read it first: the same journal, the
 * same lookups after, the clock and author set on the store. */
static void test_background_writer(void **state)
{
    (void)state;
    char p[512], jp[600];
    tm_matcher_opts o = new_tmx(p, "b.tmx", fields_tmx);
    tm_matcher_info info;
    tm_matcher_free(open_ok(p, &o, &info)); /* the index, fresh */
    assert_true(info.rebuilt);
    o.write = 1;
    o.background = 1;
    o.clock = 1700000000;
    o.author = "tester";
    tm_matcher *tm = open_ok(p, &o, &info);
    assert_false(info.rebuilt);
    /* another writer is refused at open, not later */
    anv_error err;
    anv_error_clear(&err);
    tm_matcher_opts o2 = o;
    assert_null(tm_matcher_open(p, &o2, NULL, &err));
    assert_int_equal(err.code, ANV_ELOCKED);
    /* lookups need no store */
    expect_lookup(tm, "कृपया पृष्ठ 16 देखें।", 90,
                  "99 Please see page 15.");
    assert_int_equal(tm_matcher_add(tm, "कृपया पृष्ठ 16 देखें।",
                                    "Please see page 16.", "पहला।", "",
                                    NULL, NULL, &err),
                     ANV_OK);
    assert_true(tm_matcher_store_loaded(tm));
    assert_int_equal(tm_matcher_load(tm, &err), ANV_OK);
    expect_in_context(tm, "कृपया पृष्ठ 16 देखें।", "पहला।", "",
                      "101 Please see page 16.");
    tm_store *t = tm_matcher_store(tm);
    assert_non_null(t);
    assert_int_equal(tm_count(t), 4);
    tm_matcher_free(tm);
    /* the journal has the unit with the caller's clock and author */
    snprintf(jp, sizeof jp, "%s.journal", p);
    FILE *f = fopen(jp, "r");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    assert_non_null(strstr(buf, "creationid=\"tester\""));
    assert_non_null(strstr(buf, "creationdate=\"20231114T221320Z\""));
    /* freed before the store was ever needed: the thread is waited for */
    tm = open_ok(p, &o, &info);
    assert_int_equal(info.journal_units, 1);
    tm_matcher_free(tm);
    /* a TM changed since its index was built: the writer reads it before
     * the rebuild, and the rebuilt index holds the journal's unit */
    write_file(p, fields_tmx);
    tm = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    assert_true(tm_matcher_store_loaded(tm));
    expect_lookup(tm, "कृपया पृष्ठ 16 देखें।", 100,
                  "100 Please see page 16.");
    tm_matcher_free(tm);
    /* changed again, and no journal: the index is streamed from the TMX
     * while the thread reads the store, which an add then waits for */
    assert_int_equal(unlink(jp), 0);
    write_file(p, fields_tmx);
    tm = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    expect_lookup(tm, "कृपया पृष्ठ 16 देखें।", 90, "99 Please see page 15.");
    assert_int_equal(tm_matcher_add(tm, "कृपया पृष्ठ 17 देखें।",
                                    "Please see page 17.", NULL, NULL, NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(tm_count(tm_matcher_store(tm)), 4);
    expect_lookup(tm, "कृपया पृष्ठ 17 देखें।", 100,
                  "100 Please see page 17.");
    tm_matcher_free(tm);
}

/* The use count and in-context score of the best exact match. */
static void expect_use(tm_matcher *tm, const char *text, const char *prev,
                       const char *next, int score, int64_t uses,
                       const char *target)
{
    anv_error err;
    tm_searcher *s = tm_searcher_new(tm, &err);
    tm_query q = {text, prev, next, 100, TM_MAX_ALL, 0};
    tm_matches r;
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    assert_true(r.n >= 1);
    assert_int_equal(r.match[0].score, score);
    assert_int_equal(r.match[0].usagecount, uses);
    assert_string_equal(r.match[0].target, target);
    tm_searcher_free(s);
}

/* A writer with a TM bigger than read_up_to never reads it for confirms:
 * they go to the journal, lookups see them at once (new units, a use
 * counted on a unit only the index has, contexts), an undo removes one,
 * and a later open, with or without the store, finds the same. */
static void test_confirms_without_the_store(void **state)
{
    (void)state;
    char p[512], jp[600];
    tm_matcher_opts o = new_tmx(p, "lazy.tmx", fields_tmx);
    o.write = 1;
    o.background = 1;
    o.read_up_to = 2; /* the TM has 3 units */
    o.clock = 1700000000;
    o.author = "tester";
    tm_matcher_info info;
    tm_matcher *tm = open_ok(p, &o, &info); /* no index yet: built, from */
    assert_true(info.rebuilt);              /* the TMX, the store unread */
    assert_false(tm_matcher_store_loaded(tm));
    anv_error err;
    tm_outcome how;
    uint32_t id;
    const char *p15 = "कृपया पृष्ठ 15 देखें।", *p16 = "कृपया पृष्ठ 16 देखें।",
               *p17 = "कृपया पृष्ठ 17 देखें।";
    assert_int_equal(tm_matcher_add(tm, p16, "Please see page 16.", "पहला।",
                                    "", &how, &id, &err),
                     ANV_OK);
    assert_int_equal(how, TM_ADDED);
    assert_int_equal(id, UINT32_MAX);
    expect_use(tm, p16, "पहला।", "", 101, 1, "Please see page 16.");
    /* the index's unit, used again in a new context */
    assert_int_equal(tm_matcher_add(tm, p15, "Please see page 15.", "दूसरा।",
                                    "", &how, &id, &err),
                     ANV_OK);
    assert_int_equal(how, TM_MERGED);
    expect_use(tm, p15, "दूसरा।", "", 101, 4, "Please see page 15.");
    expect_use(tm, p15, "कोई।", "", 100, 4, "Please see page 15.");
    assert_int_equal(tm_matcher_add(tm, p16, "Please see page 16.", "", "",
                                    &how, NULL, &err),
                     ANV_OK);
    assert_int_equal(how, TM_MERGED);
    expect_use(tm, p16, "पहला।", "", 101, 2, "Please see page 16.");
    /* confirmed, then undone */
    assert_int_equal(tm_matcher_add(tm, p17, "Please see page 17.", NULL,
                                    NULL, &how, NULL, &err),
                     ANV_OK);
    expect_lookup(tm, p17, 100, "100 Please see page 17.");
    assert_int_equal(tm_matcher_remove(tm, p17, "Please see page 17.", &err),
                     ANV_OK);
    expect_lookup(tm, p17, 100, "");
    /* the repair's question: in the index, in the delta, gone, another
     * target, another source */
    tm_searcher *ts = tm_searcher_new(tm, &err);
    assert_int_equal(tm_searcher_has_pair(ts, p15, "Please see page 15.",
                                          &err), 1);
    assert_int_equal(tm_searcher_has_pair(ts, p16, "Please see page 16.",
                                          &err), 1);
    assert_int_equal(tm_searcher_has_pair(ts, p17, "Please see page 17.",
                                          &err), 0);
    assert_int_equal(tm_searcher_has_pair(ts, p15, "Please see page 16.",
                                          &err), 0);
    assert_int_equal(tm_searcher_has_pair(ts, "कृपया पृष्ठ 15 देखें",
                                          "Please see page 15.", &err), 0);
    tm_searcher_free(ts);
    assert_false(tm_matcher_store_loaded(tm));
    assert_int_equal(tm_matcher_units(tm), 4);
    tm_matcher_free(tm);
    snprintf(jp, sizeof jp, "%s.journal", p);
    char *data;
    size_t len;
    assert_int_equal(fileio_read_all(jp, 1 << 20, &data, &len, &err), 0);
    assert_non_null(strstr(data, "anuvad-journal 2 "));
    assert_non_null(strstr(data, "\nuse "));
    assert_non_null(strstr(data, "\ndel "));
    free(data);
    /* a reader: the index and the journal's records */
    tm_matcher_opts r = opts_with_cache();
    tm = open_ok(p, &r, &info);
    assert_false(info.rebuilt);
    expect_use(tm, p15, "दूसरा।", "", 101, 4, "Please see page 15.");
    expect_use(tm, p16, "पहला।", "", 101, 2, "Please see page 16.");
    expect_lookup(tm, p17, 100, "");
    tm_matcher_free(tm);
    /* a writer that reads the store: the same TM */
    o.background = 0;
    o.read_up_to = 0;
    tm = open_ok(p, &o, NULL);
    tm_store *t = tm_matcher_store(tm);
    assert_int_equal(tm_count(t), 4);
    tm_hit *hits;
    size_t n;
    tm_entry e;
    assert_int_equal(tm_lookup_exact(t, p15, strlen(p15), &hits, &n, &err),
                     ANV_OK);
    assert_int_equal(n, 1);
    assert_true(tm_entry_get(t, hits[0].id, &e));
    assert_int_equal(e.usagecount, 4);
    free(hits);
    expect_use(tm, p16, "पहला।", "", 101, 2, "Please see page 16.");
    tm_matcher_free(tm);
}

/* A reader without a journal builds the index from the TMX read as a
 * stream; a writer builds it from its store.  Both give every unit the
 * same id, payload and source, also around units a store keeps but the
 * pair leaves out (another language only, no tuv at all), repeats, tags,
 * a region that only nearly matches and a tag in capitals. */
static const char stream_tmx[] =
    HEAD
    "<tu tuid=\"a\"><tuv xml:lang=\"hi-IN\"><seg>पहला वाक्य।</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>First sentence.</seg></tuv></tu>\n"
    "<tu tuid=\"fr\"><tuv xml:lang=\"hi-IN\"><seg>दूसरा।</seg></tuv>"
    "<tuv xml:lang=\"fr-FR\"><seg>Deuxième.</seg></tuv></tu>\n"
    "<tu tuid=\"empty\"></tu>\n"
    "<tu tuid=\"a2\"><tuv xml:lang=\"hi-IN\"><seg>पहला वाक्य।</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>First sentence.</seg></tuv></tu>\n"
    "<tu tuid=\"tag\" usagecount=\"7\" changedate=\"20230101T000000Z\">"
    "<tuv xml:lang=\"hi-IN\"><seg>यहाँ <bpt i=\"1\">&lt;b&gt;</bpt>क्लिक"
    "<ept i=\"1\">&lt;/b&gt;</ept> करें।</seg></tuv>"
    "<tuv xml:lang=\"en-US\"><seg>Click <bpt i=\"1\">&lt;b&gt;</bpt>here"
    "<ept i=\"1\">&lt;/b&gt;</ept>.</seg></tuv></tu>\n"
    "<tu tuid=\"gb\"><tuv xml:lang=\"hi-IN\"><seg>तीसरा वाक्य।</seg></tuv>"
    "<tuv xml:lang=\"en-GB\"><seg>Third sentence.</seg></tuv></tu>\n"
    "<tu tuid=\"caps\"><tuv xml:lang=\"HI-IN\"><seg>चौथा।</seg></tuv>"
    "<tuv xml:lang=\"EN-US\"><seg>Fourth.</seg></tuv></tu>\n" TAIL;

/* id, payload and source of each unit of the index at `path`, one line
 * each. */
static void index_rows(const char *path, strbuf *out)
{
    fuzzy_index *x;
    anv_error err;
    assert_int_equal(fuzzy_index_open(path, &x, &err), ANV_OK);
    fuzzy_searcher *s = fuzzy_searcher_new(x, &err);
    assert_non_null(s);
    strbuf_clear(out);
    for (uint32_t u = 0; u < fuzzy_index_units(x); u++) {
        size_t pn, sn;
        const char *pay = fuzzy_searcher_payload(s, u, &pn);
        const char *src = fuzzy_searcher_source(s, u, &sn);
        assert_non_null(src);
        strbuf_printf(out, "%llu|%.*s|", (unsigned long long)fuzzy_index_id(x, u),
                      (int)sn, src);
        for (size_t i = 0; i < pn; i++)
            strbuf_append_char(out, pay[i] ? pay[i] : '/');
        strbuf_append_char(out, '\n');
    }
    fuzzy_searcher_free(s);
    fuzzy_index_free(x);
}

static void test_stream_build_equals_store_build(void **state)
{
    (void)state;
    char a[512], b[512], ia[600], ib[600];
    tm_matcher_opts o = new_tmx(a, "stream.tmx", stream_tmx);
    write_file(in_dir(b, "store.tmx"), stream_tmx);
    tm_matcher_info info;
    tm_matcher_free(open_ok(a, &o, &info)); /* a reader: the stream */
    assert_true(info.rebuilt);
    assert_int_equal(info.units, 5);
    o.write = 1;
    tm_matcher_free(open_ok(b, &o, &info)); /* a writer: its store */
    assert_true(info.rebuilt);
    strbuf ra = STRBUF_INIT, rb = STRBUF_INIT;
    snprintf(ia, sizeof ia, "%s.idx", a);
    snprintf(ib, sizeof ib, "%s.idx", b);
    index_rows(ia, &ra);
    index_rows(ib, &rb);
    assert_string_equal(ra.data, rb.data);
    /* ids are places in the file (a <tu> without a <tuv> is not a unit):
     * 1 (no English) has none in the index; units sorted by word count */
    assert_string_equal(ra.data,
                        "5|चौथा।|Fourth./caps///EN-US/\n"
                        "0|पहला वाक्य।|First sentence./a///en-US/\n"
                        "2|पहला वाक्य।|First sentence./a2///en-US/\n"
                        "4|तीसरा वाक्य।|Third sentence./gb///en-GB/\n"
                        "3|यहाँ \xEF\xBF\xBCक्लिक\xEF\xBF\xBC करें।|Click "
                        "\xEF\xBF\xBChere\xEF\xBF\xBC./tag/Click <bpt i=\"1\">"
                        "&lt;b&gt;</bpt>here<ept i=\"1\">&lt;/b&gt;</ept>./यहाँ "
                        "<bpt i=\"1\">&lt;b&gt;</bpt>क्लिक<ept i=\"1\">&lt;/b&gt;"
                        "</ept> करें।/en-US/\n");
    strbuf_release(&ra);
    strbuf_release(&rb);

    /* long units fill a batch by its bytes, not its count: 60 units of
     * 39 KB, read by the stream and by a store, index alike */
    strbuf longs = STRBUF_INIT;
    strbuf_append_str(&longs, HEAD);
    for (int i = 0; i < 60; i++) {
        strbuf_append_str(&longs, "<tu><tuv xml:lang=\"hi-IN\"><seg>");
        for (int k = 0; k < 1300; k++)
            strbuf_printf(&longs, "शब्द%d ", (k * 7 + i) % 50);
        strbuf_printf(&longs, "</seg></tuv><tuv xml:lang=\"en-US\"><seg>Long "
                              "%d</seg></tuv></tu>\n", i);
    }
    strbuf_append_str(&longs, TAIL);
    write_file(in_dir(a, "long-stream.tmx"), longs.data);
    write_file(in_dir(b, "long-store.tmx"), longs.data);
    strbuf_release(&longs);
    o.write = 0;
    tm_matcher_free(open_ok(a, &o, &info));
    assert_int_equal(info.units, 60);
    o.write = 1;
    tm_matcher_free(open_ok(b, &o, &info));
    snprintf(ia, sizeof ia, "%s.idx", a);
    snprintf(ib, sizeof ib, "%s.idx", b);
    index_rows(ia, &ra);
    index_rows(ib, &rb);
    assert_string_equal(ra.data, rb.data);
    strbuf_release(&ra);
    strbuf_release(&rb);

    /* a TMX broken after several batches of units: the read's error,
     * with its place, and no index */
    strbuf big = STRBUF_INIT;
    strbuf_append_str(&big, HEAD);
    for (int i = 0; i < 3000; i++)
        strbuf_printf(&big, "<tu><tuv xml:lang=\"hi-IN\"><seg>वाक्य %d</seg>"
                            "</tuv><tuv xml:lang=\"en-US\"><seg>Sentence %d"
                            "</seg></tuv></tu>\n", i, i);
    strbuf_append_str(&big, "<tu><tuv xml:lang=\"hi-IN\"><seg>टूटा</tuv></tu>\n");
    strbuf_append_str(&big, TAIL);
    write_file(in_dir(a, "broken.tmx"), big.data);
    strbuf_release(&big);
    anv_error err;
    anv_error_clear(&err);
    o.write = 0;
    assert_null(tm_matcher_open(a, &o, NULL, &err));
    assert_int_equal(err.code, ANV_EPARSE);
    char want[600];
    snprintf(want, sizeof want, "%s:3003:", a);
    if (!strstr(err.message, want)) fail_msg("%s", err.message);
    snprintf(ia, sizeof ia, "%s.idx", a);
    assert_int_equal(access(ia, F_OK), -1);
}

/* ---- against a full rebuild and against scoring every unit ----------------------------- */

/* A TMX of pairs from tm/tatoeba-hin-eng.tsv, lines [from, to). */
static int read_pairs(char ***src, char ***tgt)
{
    char path[512];
    FILE *f = fopen(root_path(path, sizeof path, "tm/tatoeba-hin-eng.tsv"),
                    "r");
    assert_non_null(f);
    char line[4096];
    int n = 0;
    *src = calloc(4000, sizeof **src);
    *tgt = calloc(4000, sizeof **tgt);
    while (n < 4000 && fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), *tab2;
        if (!tab)
            continue;
        *tab = '\0';
        if ((tab2 = strchr(tab + 1, '\t')))
            *tab2 = '\0';
        tab[1 + strcspn(tab + 1, "\n")] = '\0';
        (*src)[n] = strdup(line);
        (*tgt)[n] = strdup(tab + 1);
        n++;
    }
    fclose(f);
    return n;
}

static void write_pairs_tmx(const char *path, char **src, char **tgt, int n)
{
    strbuf b = STRBUF_INIT;
    strbuf_append_str(&b, HEAD);
    for (int i = 0; i < n; i++) {
        strbuf_printf(&b, "<tu tuid=\"t%d\" changedate=\"2023%02d01T000000Z\">"
                          "<tuv xml:lang=\"hi-IN\"><seg>",
                      i, 1 + i % 12);
        tmx_append_seg_text(&b, src[i], strlen(src[i]));
        strbuf_append_str(&b, "</seg></tuv><tuv xml:lang=\"en-US\"><seg>");
        tmx_append_seg_text(&b, tgt[i], strlen(tgt[i]));
        strbuf_append_str(&b, "</seg></tuv></tu>\n");
    }
    strbuf_append_str(&b, TAIL);
    write_file(path, b.data);
    strbuf_release(&b);
}

/* Query k: a source as it is, without its last word, or with a word
 * added in front. */
static void make_query(char **src, int n, int k, strbuf *q)
{
    const char *s = src[(k * 37) % n];
    strbuf_clear(q);
    switch (k % 3) {
    case 0:
        strbuf_append_str(q, s);
        break;
    case 1: {
        const char *sp = strrchr(s, ' ');
        strbuf_append(q, s, sp ? (size_t)(sp - s) : strlen(s));
        break;
    }
    default:
        strbuf_printf(q, "आज %s", s);
    }
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every match as "score source => target", sorted, so that two matchers
 * whose tie order differs (by internal ids) compare equal. */
static void match_set(tm_matcher *tm, const char *text, int exhaustive,
                      strbuf *out)
{
    tm_query q = {text, NULL, NULL, 50, TM_MAX_ALL, exhaustive};
    strbuf all = STRBUF_INIT;
    lookup_str(tm, &q, 1, &all);
    /* Sort the " | "-separated items. */
    size_t n = 0;
    char **items = calloc(all.len / 3 + 2, sizeof *items);
    for (char *tok = all.data, *sep; all.len && tok; tok = sep) {
        if ((sep = strstr(tok, " | "))) {
            *sep = '\0';
            sep += 3;
        }
        items[n++] = tok;
    }
    qsort(items, n, sizeof *items, by_string);
    strbuf_clear(out);
    strbuf_append_str(out, "");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(out, "%s|", items[i]);
    free(items);
    strbuf_release(&all);
}

static void free_pairs(char **src, char **tgt, int n)
{
    for (int i = 0; i < n; i++) {
        free(src[i]);
        free(tgt[i]);
    }
    free(src);
    free(tgt);
}

/* Query k finds the same matches through the delta and through an index
 * rebuilt from the whole TM (their sets left in a and b). */
static void same_matches(tm_matcher *delta, tm_matcher *full, int k,
                         const char *q, strbuf *a, strbuf *b)
{
    match_set(delta, q, 0, a);
    match_set(full, q, 0, b);
    if (strcmp(a->data, b->data) != 0)
        fail_msg("query %d '%s':\n delta %s\n full  %s", k, q, a->data,
                 b->data);
}

static void test_delta_equals_rebuild_and_brute_force(void **state)
{
    (void)state;
    char p[512], idx[512];
    char **src, **tgt;
    int total = read_pairs(&src, &tgt);
    assert_true(total >= 3000);
    const int base = 2500;
    write_pairs_tmx(in_dir(p, "b.tmx"), src, tgt, base);
    tm_matcher_opts o = opts_with_cache();
    tm_matcher_info info;
    tm_matcher_free(open_ok(p, &o, &info));

    /* 60 added, 20 retranslated, 20 deleted, journaled. */
    anv_error err;
    tm_store *t = writer(p);
    for (int i = 0; i < 60; i++)
        assert_int_equal(tm_add(t, src[base + i], tgt[base + i], NULL, NULL,
                                NULL, NULL, &err),
                         ANV_OK);
    for (int i = 0; i < 20; i++) {
        char g[600];
        snprintf(g, sizeof g, "%s (revised)", tgt[i * 7]);
        assert_int_equal(tm_update(t, find_unit(t, src[i * 7], tgt[i * 7]), g,
                                   &err),
                         ANV_OK);
        assert_int_equal(tm_delete(t, find_unit(t, src[300 + i * 5],
                                                tgt[300 + i * 5]),
                                   &err),
                         ANV_OK);
    }
    tm_free(t);

    tm_matcher *delta = open_ok(p, &o, &info);
    assert_false(info.rebuilt);
    assert_true(info.journal_units >= 60);
    /* The reference: the index rebuilt from the TM with the journal
     * replayed by the store. */
    char moved[512];
    assert_int_equal(rename(in_dir(idx, "b.tmx.idx"), in_dir(moved, "x.idx")),
                     0);
    tm_matcher *full = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    assert_int_equal(tm_matcher_units(delta), tm_matcher_units(full));

    strbuf q = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
    size_t matches = 0;
    for (int k = 0; k < 240; k++) {
        /* Most queries are about the changed units: retranslated,
         * deleted, added. */
        if (k % 4 == 0)
            make_query(src, 140, k, &q);
        else if (k % 4 == 1)
            make_query(src + 300, 100, k, &q);
        else if (k % 4 == 2)
            make_query(src + base - 20, 80, k, &q);
        else
            make_query(src, total, k, &q);
        same_matches(delta, full, k, q.data, &a, &b);
        if (k % 8 == 0) {
            match_set(delta, q.data, 1, &b);
            assert_string_equal(a.data, b.data);
        }
        for (char *c2 = a.data; *c2; c2++)
            matches += *c2 == '|';
    }
    assert_true(matches > 240);
    strbuf_release(&q);
    strbuf_release(&a);
    strbuf_release(&b);
    tm_matcher_free(delta);
    tm_matcher_free(full);
    free_pairs(src, tgt, total);
}

/* ---- threads -------------------------------------------------------------------------- */

typedef struct worker {
    tm_matcher *tm;
    int failed;
    int found;
} worker;

/* How many matches of `source` are exactly (source, target) at 100. */
static int exact_copies(tm_matcher *tm, const char *source,
                        const char *target, strbuf *scratch)
{
    strbuf want = STRBUF_INIT;
    strbuf_printf(&want, "100 %s => %s [", source, target);
    match_set(tm, source, 0, scratch);
    int n = 0;
    for (const char *at = scratch->data; (at = strstr(at, want.data));
         at += want.len)
        n++;
    strbuf_release(&want);
    return n;
}

/* Changes made while the matcher is open, each followed by a lookup, go
 * into the delta's fresh index, and past a quarter of the sealed units
 * all are sealed again: at every point the lookups equal those of an
 * index rebuilt from the TM with the journal replayed. */
static void test_delta_in_two_parts_equals_rebuild(void **state)
{
    (void)state;
    char p[512], idx[512], moved[512];
    char **src, **tgt;
    int total = read_pairs(&src, &tgt);
    const int base = 2500;
    write_pairs_tmx(in_dir(p, "b.tmx"), src, tgt, base);
    tm_matcher_opts o = opts_with_cache();
    tm_matcher_free(open_ok(p, &o, NULL));
    tm_matcher_opts w = o;
    w.write = 1;
    w.background = 1;
    w.read_up_to = 1; /* journal only: every change through the delta */
    w.clock = 1700000000;
    tm_matcher *tm = open_ok(p, &w, NULL);
    anv_error err;
    strbuf q = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
    for (int i = 0; i < 240; i++) {
        const char *s1 = src[base + i], *t1 = tgt[base + i];
        if (i % 3 == 1) { /* a unit of the index, used again */
            s1 = src[i * 7];
            t1 = tgt[i * 7];
        } else if (i % 5 == 2 && i >= 100) { /* one of the delta's, sealed */
            s1 = src[base + i - 100];
            t1 = tgt[base + i - 100];
        }
        assert_int_equal(tm_matcher_add(tm, s1, t1, i % 2 ? "पिछला।" : NULL,
                                        i % 2 ? "" : NULL, NULL, NULL, &err),
                         ANV_OK);
        /* found once: a copy sealed before this change is not found */
        assert_int_equal(exact_copies(tm, s1, t1, &a), 1);
        const char *gone = i % 10 == 9 ? src[base + i - 1] /* an undo */
                           : i % 10 == 4 && i >= 50 ? src[base + i - 50]
                                                    : NULL;
        if (gone) {
            const char *g = gone == src[base + i - 1] ? tgt[base + i - 1]
                                                      : tgt[base + i - 50];
            assert_int_equal(tm_matcher_remove(tm, gone, g, &err), ANV_OK);
            assert_int_equal(exact_copies(tm, gone, g, &a), 0);
        }
    }
    assert_false(tm_matcher_store_loaded(tm));
    /* the reference: the index rebuilt by a reader, whose store replays
     * the journal */
    assert_int_equal(rename(in_dir(idx, "b.tmx.idx"), in_dir(moved, "x.idx")),
                     0);
    tm_matcher_info info;
    tm_matcher *full = open_ok(p, &o, &info);
    assert_true(info.rebuilt);
    assert_int_equal(tm_matcher_units(tm), tm_matcher_units(full));
    for (int k = 0; k < 440; k++) {
        strbuf_clear(&q);
        if (k < 240) /* each source changed, as it is */
            strbuf_append_str(&q, src[base + k]);
        else if (k % 2 == 0)
            make_query(src + base, 240, k, &q);
        else
            make_query(src, 240 * 7, k, &q);
        same_matches(tm, full, k, q.data, &a, &b);
    }
    strbuf_release(&q);
    strbuf_release(&a);
    strbuf_release(&b);
    tm_matcher_free(tm);
    tm_matcher_free(full);
    free_pairs(src, tgt, total);
}

/* The hits of a concordance, one "side start end source => target" line
 * each, in their order or sorted. */
static void conc_lines(const tm_conc_hit *h, const conc_hit *c,
                       const tm_store *t, size_t n, int sorted, strbuf *out)
{
    char **lines = calloc(n + 1, sizeof *lines);
    for (size_t k = 0; k < n; k++) {
        strbuf l = STRBUF_INIT;
        if (h) {
            strbuf_printf(&l, "%d %zu %zu %.*s => %.*s", (int)h[k].side,
                          h[k].start, h[k].end, (int)h[k].source_len,
                          h[k].source, (int)h[k].target_len, h[k].target);
        } else {
            tm_entry e;
            assert_true(tm_entry_get(t, c[k].id, &e));
            strbuf_printf(&l, "%d %zu %zu %.*s => %.*s", (int)c[k].side,
                          c[k].start, c[k].end, (int)e.source_len, e.source,
                          (int)e.target_len, e.target);
        }
        lines[k] = l.data;
    }
    if (sorted)
        qsort(lines, n, sizeof *lines, by_string);
    strbuf_clear(out);
    strbuf_append_str(out, "");
    for (size_t k = 0; k < n; k++) {
        strbuf_printf(out, "%s\n", lines[k]);
        free(lines[k]);
    }
    free(lines);
}

/* Concordance through the index and the journal equals the store's: the
 * same hits, in the same order while no unit changed since the index
 * was built (after changes, units of one date may come in another
 * order), Hindi and folded English. */
static void expect_same_concordance(tm_matcher *tm, const char *path,
                                    const char *q, size_t limit, int sorted)
{
    anv_error err;
    conc_opts o = {CONC_BOTH, 0, limit};
    tm_conc_result r;
    assert_int_equal(tm_matcher_concordance(tm, q, &o, &r, &err), ANV_OK);
    tm_open_opts so = {0};
    tm_store *t = tm_open(path, &so, &err);
    assert_non_null(t);
    assert_int_equal(tm_set_pair(t, "hi-IN", "en-US", &err), ANV_OK);
    conc_hit *hits;
    size_t n, total;
    assert_int_equal(conc_search(t, q, &o, &hits, &n, &total, &err), ANV_OK);
    assert_int_equal(r.total, total);
    assert_int_equal(r.n, n);
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    conc_lines(r.hits, NULL, NULL, r.n, sorted, &a);
    conc_lines(NULL, hits, t, n, sorted, &b);
    assert_string_equal(a.data, b.data);
    assert_true(total > 0);
    strbuf_release(&a);
    strbuf_release(&b);
    free(hits);
    tm_free(t);
    tm_conc_result_release(&r);
}

static void test_concordance_without_the_store(void **state)
{
    (void)state;
    char p[512];
    char **src, **tgt;
    int total = read_pairs(&src, &tgt);
    write_pairs_tmx(in_dir(p, "c.tmx"), src, tgt, 2000);
    tm_matcher_opts o = opts_with_cache();
    o.write = 1;
    o.background = 1;
    o.read_up_to = 1;
    tm_matcher *tm = open_ok(p, &o, NULL);
    expect_same_concordance(tm, p, "है", 20, 0);
    expect_same_concordance(tm, p, "the", 20, 0);
    expect_same_concordance(tm, p, "Tom", 0, 0);
    /* confirms since: new units, uses of the index's, an undo */
    anv_error err;
    for (int i = 0; i < 30; i++)
        assert_int_equal(tm_matcher_add(tm, src[i % 3 ? 2000 + i : i],
                                        tgt[i % 3 ? 2000 + i : i], "", "",
                                        NULL, NULL, &err),
                         ANV_OK);
    assert_int_equal(tm_matcher_remove(tm, src[2001], tgt[2001], &err),
                     ANV_OK);
    expect_same_concordance(tm, p, "है", 0, 1);
    expect_same_concordance(tm, p, "the", 0, 1);
    assert_false(tm_matcher_store_loaded(tm));
    tm_matcher_free(tm);
    free_pairs(src, tgt, total);
}

static void *look_up_many(void *arg)
{
    worker *w = arg;
    anv_error err;
    tm_searcher *s = tm_searcher_new(w->tm, &err);
    if (!s) {
        w->failed = 1;
        return NULL;
    }
    for (int i = 0; i < 200; i++) {
        tm_query q = {i % 2 ? "कृपया पृष्ठ 12 देखें।" : "नया वाक्य 7।", NULL,
                      NULL, 60, 0, 0};
        tm_matches r;
        if (tm_lookup(s, &q, &r, &err) != ANV_OK || (i % 2 && r.n < 1))
            w->failed = 1;
        w->found += (int)r.n;
    }
    tm_searcher_free(s);
    return NULL;
}

static void test_threads_look_up_while_one_adds(void **state)
{
    (void)state;
    char p[512];
    tm_matcher_opts o = new_tmx(p, "th.tmx", fields_tmx);
    o.write = 1;
    tm_matcher *tm = open_ok(p, &o, NULL);
    pthread_t th[2];
    worker w[2] = {{tm, 0, 0}, {tm, 0, 0}};
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, look_up_many, &w[i]);
    anv_error err;
    for (int i = 0; i < 10; i++) {
        char s[64];
        snprintf(s, sizeof s, "नया वाक्य %d।", i);
        assert_int_equal(tm_matcher_add(tm, s, "A new sentence.", NULL, NULL,
                                        NULL, NULL, &err),
                         ANV_OK);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
        assert_false(w[i].failed);
    }
    expect_lookup(tm, "नया वाक्य 7।", 100, "100 A new sentence.");
    assert_int_equal(tm_matcher_units(tm), 13);
    tm_matcher_free(tm);
}

/* ---- errors ---------------------------------------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    char p[512];
    anv_error err;
    tm_matcher_opts o = opts_with_cache();
    assert_null(tm_matcher_open(in_dir(p, "missing.tmx"), &o, NULL, &err));
    assert_int_equal(err.code, ANV_ENOTFOUND);
    assert_non_null(strstr(err.message, "missing.tmx"));

    write_file(in_dir(p, "bad.tmx"), HEAD "<tu><tuv xml:lang=\"hi\">" TAIL);
    assert_null(tm_matcher_open(p, &o, NULL, &err));
    assert_int_equal(err.code, ANV_EPARSE);
    assert_non_null(strstr(err.message, "bad.tmx:"));

    write_file(in_dir(p, "e.tmx"), fields_tmx);
    o.source_lang = "not a tag";
    assert_null(tm_matcher_open(p, &o, NULL, &err));
    assert_int_equal(err.code, ANV_EINVAL);
    o.source_lang = NULL;
    tm_matcher *tm = open_ok(p, &o, NULL);
    tm_searcher *s = tm_searcher_new(tm, &err);
    tm_matches r;
    tm_query q = {"\xff\xfe", NULL, NULL, 0, 0, 0};
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_EUTF8);
    q.text = "ठीक";
    q.prev = "\xc3";
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_EUTF8);
    q.prev = NULL;
    q.min = 102;
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_EINVAL);
    q.min = -1;
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_EINVAL);
    q.min = 0;
    assert_int_equal(tm_lookup(s, &q, &r, &err), ANV_OK);
    tm_searcher_free(s);
    tm_matcher_free(tm);

    /* An empty TM (a journal-only TM is empty too until something is
     * added) answers with nothing. */
    write_file(in_dir(p, "empty.tmx"), HEAD TAIL);
    tm = open_ok(p, &o, NULL);
    expect_lookup(tm, "कुछ भी", 1, "");
    tm_matcher_free(tm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ties_and_max, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context_matches, setup, teardown),
        cmocka_unit_test(test_store_keeps_context_pairs),
        cmocka_unit_test_setup_teardown(
            test_warm_open_and_rebuild_when_tmx_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_index_is_rebuilt, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_index_in_cache_or_memory, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_language_pairs_have_their_own_index, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_journal_changes_are_found_without_rebuild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_is_found_at_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_delta_equals_rebuild_and_brute_force, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delta_in_two_parts_equals_rebuild,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_concordance_without_the_store,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads_look_up_while_one_adds,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_background_writer, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_confirms_without_the_store, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stream_build_equals_store_build,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
