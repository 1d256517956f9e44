/*
 * test_tm.c - the TM store: adding and merging, exact lookup (NFC,
 * language fallback, newest first), update and delete, saving with a
 * backup, the journal (replay, torn tail, idempotent replay after a crash
 * in a save), confirms journaled before the store is read (the same TM
 * as when it was read; torn tails, left-over journals, version 1), the
 * writer lock, statistics, export filters, imports (TSV,
 * aligned files, every TMX sample) and the import -> export -> import
 * round trip.
 */
#include "tmx_testutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fileio.h"
#include "tm/tm.h"
#include "project/tm_import.h"

#define HEAD_TMX "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body>\n"
#define TAIL_TMX "</body></tmx>\n"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/anuvad-tm-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *in_dir(char *buf, const char *name)
{
    snprintf(buf, 512, "%s/%s", dir, name);
    return buf;
}

/* tm_open that must succeed, the store's clock set to `clock`. */
static tm_store *open_or_fail(const char *path, const tm_open_opts *o,
                              int64_t clock)
{
    anv_error err;
    anv_error_clear(&err);
    tm_store *t = tm_open(path, o, &err);
    if (!t)
        fail_msg("%s", err.message);
    tm_set_clock(t, clock);
    return t;
}

static tm_store *open_tm(const char *path, int write)
{
    tm_open_opts o = {0};
    o.write = write;
    o.create = write;
    return open_or_fail(path, &o, 1700000000);
}

/* The targets of an exact lookup, joined by '|'. */
static void lookup(tm_store *t, const char *q, strbuf *out)
{
    tm_hit *hits;
    size_t n;
    anv_error err;
    strbuf_clear(out);
    assert_int_equal(tm_lookup_exact(t, q, strlen(q), &hits, &n, &err),
                     ANV_OK);
    for (size_t i = 0; i < n; i++) {
        tm_entry e;
        assert_true(tm_entry_get(t, hits[i].id, &e));
        if (i)
            strbuf_append_char(out, '|');
        strbuf_append(out, e.target, e.target_len);
    }
    if (!out->data)
        strbuf_append_str(out, "");
    free(hits);
}

static void add(tm_store *t, const char *s, const char *g, tm_outcome want)
{
    anv_error err;
    tm_outcome got;
    uint32_t id;
    if (tm_add(t, s, g, NULL, &id, &got, NULL, &err) != ANV_OK)
        fail_msg("%s", err.message);
    assert_int_equal(got, want);
}

/* ---- in memory ------------------------------------------------------------------ */

static void test_add_same_pair_merges_other_target_kept_newest_first(void **s)
{
    (void)s;
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    strbuf out = STRBUF_INIT;
    tm_set_clock(t, 1000);
    add(t, "नमस्ते।", "Hello.", TM_ADDED);
    tm_set_clock(t, 2000);
    add(t, "नमस्ते।", "Hello.", TM_MERGED);
    tm_entry e;
    assert_true(tm_entry_get(t, 0, &e));
    assert_int_equal(e.usagecount, 2);
    assert_int_equal(e.changedate, 2000);
    tm_set_clock(t, 3000);
    add(t, "नमस्ते।", "Good day.", TM_ADDED);
    assert_int_equal(tm_count(t), 2);
    lookup(t, "नमस्ते।", &out);
    assert_string_equal(out.data, "Good day.|Hello.");
    tm_set_clock(t, 4000);
    add(t, "नमस्ते।", "Hello.", TM_MERGED); /* used again: newest now */
    lookup(t, "नमस्ते।", &out);
    assert_string_equal(out.data, "Hello.|Good day.");
    lookup(t, "नमस्ते", &out); /* no danda: another text */
    assert_string_equal(out.data, "");
    /* Empty sides and bad UTF-8 are refused. */
    assert_int_equal(tm_add(t, " ", "x", NULL, NULL, NULL, NULL, &err),
                     ANV_EINVAL);
    assert_int_equal(tm_add(t, "a\xFF", "x", NULL, NULL, NULL, NULL, &err),
                     ANV_EUTF8);
    strbuf_release(&out);
    tm_free(t);
}

static void test_lookup_after_nfc_and_control_characters_dropped(void **s)
{
    (void)s;
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    strbuf out = STRBUF_INIT;
    long dropped;
    /* Stored with precomposed U+095B (ज़), looked up as ज + nukta. */
    assert_int_equal(tm_add(t, "\xE0\xA5\x9B" "रा", "A little\x0B.", NULL,
                            NULL, NULL, &dropped, &err), ANV_OK);
    assert_int_equal(dropped, 1);
    lookup(t, "\xE0\xA4\x9C\xE0\xA4\xBC" "रा", &out);
    assert_string_equal(out.data, "A little.");
    tm_entry e;
    assert_true(tm_entry_get(t, 0, &e));
    assert_string_equal(e.target_seg, "A little.");
    strbuf_release(&out);
    tm_free(t);
}

static int put_file(tm_store *t, const char *doc)
{
    char path[512];
    in_dir(path, "in.tmx");
    anv_error err;
    assert_int_equal(fileio_write_atomic(path, doc, strlen(doc), NULL, &err),
                     ANV_OK);
    tm_import_counts c = {0};
    int rc = tm_import_file(t, path, NULL, &c, &err);
    if (rc != ANV_OK)
        fail_msg("%s", err.message);
    return (int)c.added;
}

static void test_language_fallback_and_order(void **s)
{
    (void)s;
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    strbuf out = STRBUF_INIT;
    put_file(t, HEAD_TMX
             "<tu changedate=\"20240101T000000Z\"><tuv xml:lang=\"hi\"><seg>"
             "घर</seg></tuv><tuv xml:lang=\"en-GB\"><seg>home (GB)</seg></tuv>"
             "</tu>"
             "<tu changedate=\"20200101T000000Z\"><tuv xml:lang=\"HI_in\">"
             "<seg>घर</seg></tuv><tuv xml:lang=\"en-us\"><seg>home (US)</seg>"
             "</tuv></tu>"
             "<tu><tuv xml:lang=\"ur\"><seg>घर</seg></tuv>"
             "<tuv xml:lang=\"en\"><seg>not Hindi</seg></tuv></tu>"
             "<tu><tuv xml:lang=\"en-US\"><seg>house</seg></tuv>"
             "<tuv xml:lang=\"hi-IN\"><seg>घर</seg></tuv>"
             "<tuv xml:lang=\"fr\"><seg>maison</seg></tuv></tu>"
             TAIL_TMX);
    /* Exact tags first (newest first among them), then other regions. */
    lookup(t, "घर", &out);
    assert_string_equal(out.data, "home (US)|house|home (GB)");
    tm_entry e;
    assert_true(tm_entry_get(t, 0, &e));
    assert_int_equal(e.lang_match, 1);
    assert_false(tm_entry_get(t, 2, &e)); /* ur -> en: not the pair */
    assert_int_equal(tm_set_pair(t, "en", "fr", &err), ANV_OK);
    lookup(t, "house", &out);
    assert_string_equal(out.data, "maison");
    assert_int_equal(tm_set_pair(t, "hi-IN", "x y", &err), ANV_EINVAL);
    strbuf_release(&out);
    tm_free(t);
}

static void test_put_merges_identical_units(void **s)
{
    (void)s;
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    const char *a = HEAD_TMX
        "<tu usagecount=\"2\" changedate=\"20200101T000000Z\" changeid=\"a\">"
        "<note>first</note><tuv xml:lang=\"en\"><seg>Click <ph x=\"1\"/></seg>"
        "</tuv><tuv xml:lang=\"fr\"><seg>Cliquez <ph x=\"1\"/></seg></tuv>"
        "</tu>" TAIL_TMX;
    const char *b = HEAD_TMX
        "<tu usagecount=\"1\" changedate=\"20230101T000000Z\" changeid=\"b\">"
        "<note>second</note><note>first</note><tuv xml:lang=\"fr\"><seg>"
        "Cliquez <ph x=\"1\"/></seg></tuv><tuv xml:lang=\"EN\"><seg>Click "
        "<ph x=\"1\"/></seg></tuv></tu>"
        /* same plain text, other inline code: another unit */
        "<tu><tuv xml:lang=\"en\"><seg>Click <ph x=\"2\"/></seg></tuv>"
        "<tuv xml:lang=\"fr\"><seg>Cliquez <ph x=\"1\"/></seg></tuv></tu>"
        TAIL_TMX;
    assert_int_equal(put_file(t, a), 1);
    assert_int_equal(put_file(t, b), 1);
    assert_int_equal(tm_count(t), 2);
    tmx_tuv tuvs[4];
    tmx_unit u;
    assert_int_equal(tm_unit_get(t, 0, &u, tuvs, 4), 2);
    strbuf c = STRBUF_INIT;
    canon_unit(&c, &u);
    const char *want =
        "\n    <tu changedate=\"20230101T000000Z\" changeid=\"b\" "
        "usagecount=\"2\">\n      <note>first</note>\n      <note>second"
        "</note>\n      <tuv xml:lang=\"en\">\n        <seg>Click <ph x=\"1\"/>"
        "</seg>\n      </tuv>\n      <tuv xml:lang=\"fr\">\n        <seg>"
        "Cliquez <ph x=\"1\"/></seg>\n      </tuv>\n    </tu>";
    assert_memory_equal(c.data, want, strlen(want));
    strbuf_release(&c);
    tm_free(t);
}

static void test_update_delete_and_ids(void **s)
{
    (void)s;
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    strbuf out = STRBUF_INIT;
    add(t, "एक", "one", TM_ADDED);
    add(t, "दो", "two", TM_ADDED);
    add(t, "तीन", "three", TM_ADDED);
    assert_int_equal(tm_update(t, 1, "Two", &err), ANV_OK);
    lookup(t, "दो", &out);
    assert_string_equal(out.data, "Two");
    assert_int_equal(tm_delete(t, 0, &err), ANV_OK);
    assert_int_equal(tm_delete(t, 0, &err), ANV_ENOTFOUND);
    lookup(t, "एक", &out);
    assert_string_equal(out.data, "");
    /* Ids stay: 0 is a hole, 1 and 2 keep their units. */
    assert_int_equal(tm_id_limit(t), 3);
    assert_int_equal(tm_count(t), 2);
    tm_entry e;
    assert_false(tm_entry_get(t, 0, &e));
    assert_true(tm_entry_get(t, 2, &e));
    assert_string_equal(e.target, "three");
    strbuf_release(&out);
    tm_free(t);
}

static void test_stats(void **s)
{
    (void)s;
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    put_file(t, HEAD_TMX
             "<tu creationdate=\"20200101T000000Z\"><tuv xml:lang=\"hi-IN\">"
             "<seg>क</seg></tuv><tuv xml:lang=\"en-US\"><seg>a</seg></tuv></tu>"
             "<tu changedate=\"20220101T000000Z\"><tuv xml:lang=\"hi-IN\">"
             "<seg>क</seg></tuv><tuv xml:lang=\"en-US\"><seg>b</seg></tuv></tu>"
             "<tu><note>x</note><tuv xml:lang=\"hi-IN\"><seg>ख</seg></tuv>"
             "<tuv xml:lang=\"en-US\"><seg><ph/>c</seg></tuv></tu>"
             "<tu><tuv xml:lang=\"en\"><seg>d</seg></tuv><tuv xml:lang=\"fr\">"
             "<seg>e</seg></tuv></tu>" TAIL_TMX);
    /* ख again, without the inline code: another unit (and a second
     * target for the source ख). */
    put_file(t, HEAD_TMX "<tu tuid=\"z\"><tuv xml:lang=\"hi-IN\"><seg>ख</seg>"
             "</tuv><tuv xml:lang=\"en-US\"><seg>c</seg></tuv></tu>" TAIL_TMX);
    tm_stats st;
    assert_int_equal(tm_stats_compute(t, &st, &err), ANV_OK);
    assert_int_equal(st.units, 5);
    assert_int_equal(st.tuvs, 10);
    assert_int_equal(st.pair_units, 4);
    assert_int_equal(st.with_tags, 1);
    assert_int_equal(st.dup_sources, 2); /* क: a, b; ख: <ph/>c and c */
    assert_int_equal(st.dup_units, 0);
    assert_int_equal(st.notes, 1);
    assert_int_equal(st.n_langs, 4);
    assert_string_equal(st.langs[0].lang, "en-us");
    assert_int_equal(st.langs[0].tuvs, 4);
    assert_int_equal(st.n_combos, 2);
    assert_string_equal(st.combos[0].langs, "en-us + hi-in");
    assert_int_equal(st.combos[0].units, 4);
    assert_string_equal(st.combos[1].langs, "en + fr");
    char a[TMX_DATE_LEN + 1], b[TMX_DATE_LEN + 1];
    tmx_date_format(st.first_date, a);
    tmx_date_format(st.last_date, b);
    assert_string_equal(a, "20200101T000000Z");
    assert_string_equal(b, "20220101T000000Z");
    tm_stats_release(&st);
    tm_free(t);
}

/* ---- imports ------------------------------------------------------------------------ */

static void test_tsv_and_aligned_files(void **s)
{
    (void)s;
    char p[512], q[512];
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    strbuf out = STRBUF_INIT;
    const char *tsv = "एक\tone\n\nदो\ttwo\tnote 2\n \tempty\nएक\tone\n";
    fileio_write_atomic(in_dir(p, "a.tsv"), tsv, strlen(tsv), NULL, &err);
    tm_import_counts c = {0};
    assert_int_equal(tm_import_file(t, p, NULL, &c, &err), ANV_OK);
    assert_int_equal(c.read, 4);
    assert_int_equal(c.added, 2);
    assert_int_equal(c.merged, 1);
    assert_int_equal(c.skipped, 1);
    tm_entry e;
    assert_true(tm_entry_get(t, 1, &e));
    tmx_tuv tuvs[2];
    tmx_unit u;
    tm_unit_get(t, 1, &u, tuvs, 2);
    tmx_extra_item it;
    size_t pos = 0;
    assert_true(tmx_extra_next(u.meta.extra, u.meta.extra_len, &pos, &it));
    assert_int_equal(it.kind, 'n');
    assert_string_equal(it.text, "note 2");
    /* A line without a tab: an error naming the line, or skipped. */
    const char *bad = "एक\tone\nno tab here\n";
    fileio_write_atomic(p, bad, strlen(bad), NULL, &err);
    assert_int_equal(tm_import_file(t, p, NULL, &c, &err), ANV_EPARSE);
    char want[600];
    snprintf(want, sizeof want, "%s:2: expected SOURCE<TAB>TARGET[<TAB>NOTE]",
             p);
    assert_string_equal(err.message, want);
    tm_import_opts o = {0};
    o.skip_invalid = 1;
    assert_int_equal(tm_import_file(t, p, &o, &c, &err), ANV_OK);
    /* Aligned files. */
    fileio_write_atomic(in_dir(p, "s.txt"), "तीन\nचार\n", 20, NULL, &err);
    fileio_write_atomic(in_dir(q, "t.txt"), "three\nfour\n", 11, NULL, &err);
    memset(&c, 0, sizeof c);
    assert_int_equal(tm_import_pair_files(t, p, q, NULL, &c, &err), ANV_OK);
    assert_int_equal(c.added, 2);
    lookup(t, "चार", &out);
    assert_string_equal(out.data, "four");
    fileio_write_atomic(q, "three\n", 6, NULL, &err);
    assert_int_equal(tm_import_pair_files(t, p, q, NULL, &c, &err),
                     ANV_EPARSE);
    assert_non_null(strstr(err.message, "t.txt: has fewer lines than"));
    strbuf_release(&out);
    tm_free(t);
}

/* import -> export -> import keeps every unit with all it carries. */
static void test_every_sample_through_the_store(void **s)
{
    (void)s;
    char out[512];
    in_dir(out, "export.tmx");
    for (size_t i = 0; i < N_SAMPLES; i++) {
        char path[1024];
        sample_path(path, sizeof path, tmx_samples[i].path);
        anv_error err;
        anv_error_clear(&err);
        tm_store *a = tm_new_memory(&err), *b = tm_new_memory(&err);
        tm_import_counts c = {0}, c2 = {0};
        int rc = tm_import_file(a, path, NULL, &c, &err);
        if (tmx_samples[i].units < 0) {
            assert_int_equal(rc, ANV_EPARSE);
            assert_int_equal(tm_count(a), 0);
        } else {
            if (rc != ANV_OK)
                fail_msg("%s: %s", tmx_samples[i].path, err.message);
            assert_int_equal(c.read, tmx_samples[i].units);
            assert_int_equal(c.added + c.merged, c.read);
            assert_int_equal(tm_export(a, out, NULL, NULL, NULL, &err),
                             ANV_OK);
            assert_int_equal(tm_import_file(b, out, NULL, &c2, &err), ANV_OK);
            assert_int_equal(c2.added, c.added);
            assert_int_equal(c2.merged, 0);
            strbuf ca = STRBUF_INIT, cb = STRBUF_INIT;
            for (uint32_t id = 0; id < tm_id_limit(a); id++) {
                tmx_tuv ta[32], tb[32];
                tmx_unit ua, ub;
                assert_int_equal(tm_unit_get(a, id, &ua, ta, 32),
                                 tm_unit_get(b, id, &ub, tb, 32));
                canon_unit(&ca, &ua);
                canon_unit(&cb, &ub);
            }
            if (ca.len && strcmp(ca.data, cb.data) != 0)
                fail_msg("%s: differs after export and import",
                         tmx_samples[i].path);
            strbuf_release(&ca);
            strbuf_release(&cb);
        }
        tm_free(a);
        tm_free(b);
    }
}

/* ---- files, journal, lock ---------------------------------------------------------- */

static void test_save_keeps_backup_and_folds_journal(void **s)
{
    (void)s;
    char path[512], jp[512], bak[512];
    in_dir(path, "tm.tmx");
    in_dir(jp, "tm.tmx.journal");
    in_dir(bak, "tm.tmx.bak");
    anv_error err;
    tm_store *t = open_tm(path, 1);
    add(t, "एक", "one", TM_ADDED);
    assert_true(fileio_exists(jp));        /* journaled, not saved */
    assert_false(fileio_exists(path));
    assert_int_equal(tm_save(t, &err), ANV_OK);
    assert_true(fileio_exists(path));
    assert_false(fileio_exists(jp));       /* folded in */
    add(t, "दो", "two", TM_ADDED);
    tm_free(t);                            /* no save: journal only */
    /* A reader sees both (TMX + journal) and changes nothing. */
    tm_store *r = open_tm(path, 0);
    assert_int_equal(tm_count(r), 2);
    assert_int_equal(tm_save(r, &err), ANV_EINVAL);
    tm_free(r);
    assert_true(fileio_exists(jp));
    t = open_tm(path, 1);
    assert_int_equal(tm_count(t), 2);
    assert_int_equal(tm_save(t, &err), ANV_OK);
    tm_free(t);
    assert_false(fileio_exists(jp));
    r = open_tm(bak, 0);                   /* the previous save */
    assert_int_equal(tm_count(r), 1);
    tm_free(r);
}

static void test_torn_journal_tail_is_cut(void **s)
{
    (void)s;
    char path[512], jp[512];
    in_dir(path, "torn.tmx");
    in_dir(jp, "torn.tmx.journal");
    tm_store *t = open_tm(path, 1);
    add(t, "एक", "one", TM_ADDED);
    add(t, "दो", "two", TM_ADDED);
    tm_free(t);
    struct stat st;
    assert_int_equal(stat(jp, &st), 0);
    /* A record cut short by a crash, then garbage. */
    int fd = open(jp, O_WRONLY | O_APPEND);
    const char torn[] = "put 500 0123456789abcdef\n<tu><tuv";
    assert_int_equal(write(fd, torn, sizeof torn - 1), sizeof torn - 1);
    close(fd);
    tm_store *r = open_tm(path, 0);        /* a reader leaves it alone */
    assert_int_equal(tm_count(r), 2);
    tm_free(r);
    struct stat st2;
    stat(jp, &st2);
    assert_int_equal(st2.st_size, st.st_size + sizeof torn - 1);
    t = open_tm(path, 1);                  /* a writer cuts it off */
    assert_int_equal(tm_count(t), 2);
    stat(jp, &st2);
    assert_int_equal(st2.st_size, st.st_size);
    add(t, "तीन", "three", TM_ADDED);
    tm_free(t);
    r = open_tm(path, 0);
    assert_int_equal(tm_count(r), 3);
    tm_free(r);
    /* Not a journal at all: refused, untouched. */
    fileio_write_atomic(jp, "hello\n", 6, NULL, NULL);
    anv_error err;
    tm_open_opts o = {0};
    assert_null(tm_open(path, &o, &err));
    assert_int_equal(err.code, ANV_EPARSE);
    unlink(jp);
}

/* Save t and free it, then put its journal (`jp`) back: a writer that
 * died between the save's rename and the journal's removal. */
static void save_and_keep_journal(tm_store *t, const char *jp)
{
    anv_error err;
    char *data;
    size_t len;
    assert_int_equal(fileio_read_all(jp, 1 << 20, &data, &len, &err), 0);
    assert_int_equal(tm_save(t, &err), ANV_OK);
    tm_free(t);
    fileio_write_atomic(jp, data, len, NULL, &err);
    free(data);
}

static void test_replay_after_crash_between_rename_and_unlink(void **s)
{
    (void)s;
    char path[512], jp[512], copy[512];
    in_dir(path, "crash.tmx");
    in_dir(jp, "crash.tmx.journal");
    in_dir(copy, "journal.copy");
    anv_error err;
    tm_store *t = open_tm(path, 1);
    add(t, "एक", "one", TM_ADDED);
    add(t, "एक", "one", TM_MERGED);
    add(t, "दो", "two", TM_ADDED);
    assert_int_equal(tm_update(t, 1, "Two", &err), ANV_OK);
    add(t, "तीन", "three", TM_ADDED);
    assert_int_equal(tm_delete(t, 2, &err), ANV_OK);
    /* As if the writer died after the rename, before removing the
     * journal: the replay must change nothing. */
    save_and_keep_journal(t, jp);
    t = open_tm(path, 1);
    strbuf out = STRBUF_INIT;
    assert_int_equal(tm_count(t), 2);
    lookup(t, "दो", &out);
    assert_string_equal(out.data, "Two");
    lookup(t, "तीन", &out);
    assert_string_equal(out.data, "");
    tm_entry e;
    assert_true(tm_entry_get(t, 0, &e));
    assert_int_equal(e.usagecount, 2);
    strbuf_release(&out);
    tm_free(t);
}

static void test_second_writer_is_refused_readers_are_not(void **s)
{
    (void)s;
    char path[512];
    in_dir(path, "locked.tmx");
    tm_store *w = open_tm(path, 1);
    add(w, "एक", "one", TM_ADDED);
    tm_open_opts o = {0};
    o.write = 1;
    o.create = 1;
    anv_error err;
    assert_null(tm_open(path, &o, &err));
    assert_int_equal(err.code, ANV_ELOCKED);
    char want[700];
    snprintf(want, sizeof want, "%s.lock: locked: process %ld is writing "
             "this TM", path, (long)getpid());
    assert_string_equal(err.message, want);
    tm_store *r = open_tm(path, 0);
    assert_int_equal(tm_count(r), 1);
    tm_free(r);
    tm_free(w);
    w = open_tm(path, 1); /* free again */
    tm_free(w);
}

/* A writer opened with defer_load holds the lock before reading; the
 * read may be stopped (the store is then unusable), or done later with
 * every unit and the journal. */
static int units_seen;
static int stop_after_one(void *ctx)
{
    (void)ctx;
    return ++units_seen > 1;
}

static void test_deferred_load_and_stop(void **s)
{
    (void)s;
    char path[512];
    in_dir(path, "deferred.tmx");
    tm_store *w = open_tm(path, 1);
    add(w, "एक", "one", TM_ADDED);
    add(w, "दो", "two", TM_ADDED);
    anv_error err;
    assert_int_equal(tm_save(w, &err), ANV_OK);
    add(w, "तीन", "three", TM_ADDED); /* in the journal */
    tm_free(w);
    tm_open_opts o = {0};
    o.write = 1;
    o.defer_load = 1;
    w = tm_open(path, &o, &err);
    assert_non_null(w);
    /* the lock is held already */
    assert_null(tm_open(path, &o, &err));
    assert_int_equal(err.code, ANV_ELOCKED);
    assert_int_equal(tm_load(w, &err), ANV_OK);
    assert_int_equal(tm_count(w), 3);
    assert_int_equal(tm_load(w, &err), ANV_OK); /* once is enough */
    tm_free(w);
    o.should_stop = stop_after_one;
    units_seen = 0;
    w = tm_open(path, &o, &err);
    assert_non_null(w);
    anv_error_clear(&err);
    assert_int_equal(tm_load(w, &err), ANV_EINTERNAL);
    assert_string_equal(err.message, "reading the TM was stopped");
    tm_free(w);
    w = open_tm(path, 0); /* nothing was lost */
    assert_int_equal(tm_count(w), 3);
    tm_free(w);
}

/* ---- confirms journaled before the store is read ------------------------------------ */

/* A writer opened with defer_load, not read. */
static tm_store *open_unread(const char *path)
{
    tm_open_opts o = {0};
    o.write = 1;
    o.defer_load = 1;
    anv_error err;
    tm_store *t = open_or_fail(path, &o, 1700000500);
    assert_int_equal(tm_set_author(t, "asha", &err), ANV_OK);
    return t;
}

/* The TMX a save writes, without the folded journal's ID (random). */
static char *saved_without_id(const char *path)
{
    anv_error err;
    tm_store *t = open_tm(path, 1);
    assert_int_equal(tm_save(t, &err), ANV_OK);
    tm_free(t);
    char *data;
    size_t len;
    assert_int_equal(fileio_read_all(path, 1 << 20, &data, &len, &err), 0);
    char *p = strstr(data, "x-anuvad-journal");
    if (p) {
        char *lt = p, *end = strchr(p, '\n');
        while (lt > data && *lt != '<')
            lt--;
        memmove(lt, end + 1, strlen(end + 1) + 1);
    }
    return data;
}

/* The confirms of a session, through store t (read or not): a new pair
 * in context, an old one again in two contexts, the new one again, a
 * second target for an old source, and that one undone. */
static void confirm_session(tm_store *t, tm_outcome want_new,
                            tm_outcome want_again)
{
    anv_error err;
    tm_outcome got;
    const struct {
        const char *s, *g, *prev, *next;
        int again;
    } c[] = {
        {"चार", "four", "तीन।", "पाँच।", 0},
        {"एक", "one", "", "दो।", 1},
        {"एक", "one", "शून्य।", "दो।", 1},
        {"चार", "four", "", "", 1},
        {"दो", "a pair", NULL, NULL, 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        if (tm_add_in_context(t, c[i].s, c[i].g, NULL, c[i].prev, c[i].next,
                              NULL, &got, NULL, &err) != ANV_OK)
            fail_msg("%s", err.message);
        assert_int_equal(got, c[i].again ? want_again : want_new);
    }
    assert_int_equal(tm_remove_pair(t, "दो", "a pair", &err), ANV_OK);
    assert_int_equal(tm_remove_pair(t, "दो", "not there", &err), ANV_OK);
}

static void make_base(const char *path)
{
    anv_error err;
    char jp[600];
    snprintf(jp, sizeof jp, "%s.journal", path);
    unlink(path);
    unlink(jp);
    tm_store *t = open_tm(path, 1);
    add(t, "एक", "one", TM_ADDED);
    add(t, "दो", "two", TM_ADDED);
    assert_int_equal(tm_add_in_context(t, "तीन", "three", NULL, "दो।", "",
                                       NULL, NULL, NULL, &err), ANV_OK);
    assert_int_equal(tm_save(t, &err), ANV_OK);
    tm_free(t);
}

static void test_confirms_before_the_read_replay_as_if_read(void **s)
{
    (void)s;
    char a[512], b[512], c[512], jp[512];
    anv_error err;
    in_dir(a, "read.tmx");
    in_dir(b, "unread.tmx");
    in_dir(c, "half.tmx");
    /* the same session through a store that was read ... */
    make_base(a);
    tm_store *t = open_unread(a);
    assert_int_equal(tm_load(t, &err), ANV_OK);
    confirm_session(t, TM_ADDED, TM_MERGED);
    tm_free(t);
    char *want = saved_without_id(a);
    /* ... one that never is: the journal alone has the confirms */
    make_base(b);
    t = open_unread(b);
    confirm_session(t, TM_JOURNALED, TM_JOURNALED);
    tm_free(t);
    char *got = saved_without_id(b);
    assert_string_equal(got, want);
    free(got);
    /* ... and one read in the middle of the session */
    make_base(c);
    t = open_unread(c);
    assert_int_equal(tm_add_in_context(t, "चार", "four", NULL, "तीन।",
                                       "पाँच।", NULL, NULL, NULL, &err),
                     ANV_OK);
    assert_int_equal(tm_load(t, &err), ANV_OK);
    assert_int_equal(tm_count(t), 4);
    tm_outcome o;
    const char *again[][4] = {{"एक", "one", "", "दो।"},
                              {"एक", "one", "शून्य।", "दो।"},
                              {"चार", "four", "", ""}};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tm_add_in_context(t, again[i][0], again[i][1], NULL,
                                           again[i][2], again[i][3], NULL,
                                           &o, NULL, &err),
                         ANV_OK);
        assert_int_equal(o, TM_MERGED);
    }
    add(t, "दो", "a pair", TM_ADDED);
    assert_int_equal(tm_remove_pair(t, "दो", "a pair", &err), ANV_OK);
    tm_free(t);
    got = saved_without_id(c);
    assert_string_equal(got, want);
    free(got);
    /* what they all hold: counts, dates, author, contexts */
    assert_non_null(strstr(want, "usagecount=\"3\""));  /* एक: 1 + 2 */
    assert_non_null(strstr(want, "changeid=\"asha\""));
    assert_non_null(strstr(want, "<prop type=\"x-context-prev\">शून्य।</prop>"));
    assert_null(strstr(want, "a pair"));
    free(want);
    /* a journal of version 1 is raised to 2 by its first confirm */
    make_base(b);
    t = open_tm(b, 1);
    add(t, "पाँच", "five", TM_ADDED);
    tm_free(t);
    in_dir(jp, "unread.tmx.journal");
    int fd = open(jp, O_WRONLY);
    assert_int_equal(pwrite(fd, "1", 1, 15), 1);
    close(fd);
    t = open_unread(b);
    add(t, "छह", "six", TM_JOURNALED);
    tm_free(t);
    char head[17];
    fd = open(jp, O_RDONLY);
    assert_int_equal(read(fd, head, 16), 16);
    close(fd);
    head[16] = '\0';
    assert_string_equal(head, "anuvad-journal 2");
    t = open_tm(b, 0);
    assert_int_equal(tm_count(t), 5);
    tm_free(t);
}

/* The TM read afresh has n units, `target` for `source`, and unit 0
 * (एक) used `uses` times. */
static void expect_read_back(const char *path, size_t n, const char *source,
                             const char *target, int64_t uses)
{
    strbuf out = STRBUF_INIT;
    tm_store *t = open_tm(path, 0);
    assert_int_equal(tm_count(t), n);
    lookup(t, source, &out);
    assert_string_equal(out.data, target);
    tm_entry e;
    assert_true(tm_entry_get(t, 0, &e));
    assert_int_equal(e.usagecount, uses);
    tm_free(t);
    strbuf_release(&out);
}

static void test_confirms_before_the_read_survive_torn_and_folded(void **s)
{
    (void)s;
    char path[512], jp[512];
    in_dir(path, "early.tmx");
    in_dir(jp, "early.tmx.journal");
    /* a torn tail: replay would stop there, so it is cut before the
     * first record is appended */
    make_base(path);
    tm_store *t = open_tm(path, 1);
    add(t, "पाँच", "five", TM_ADDED);
    tm_free(t);
    int fd = open(jp, O_WRONLY | O_APPEND);
    const char torn[] = "put 500 0123456789abcdef\n<tu><tuv";
    assert_int_equal(write(fd, torn, sizeof torn - 1), sizeof torn - 1);
    close(fd);
    t = open_unread(path);
    add(t, "छह", "six", TM_JOURNALED);
    tm_free(t);
    expect_read_back(path, 5, "छह", "six", 1);
    /* a journal the TMX already holds (a save died before removing it):
     * it goes, and the new record is not skipped with it */
    make_base(path);
    t = open_tm(path, 1);
    add(t, "एक", "one", TM_MERGED);
    save_and_keep_journal(t, jp);
    t = open_unread(path);
    add(t, "सात", "seven", TM_JOURNALED);
    tm_free(t);
    /* the old journal not replayed: एक used twice, not three times */
    expect_read_back(path, 4, "सात", "seven", 2);
}

static void test_stale_temporary_files_removed_by_writer(void **s)
{
    (void)s;
    char path[512], tmp[512], other[512];
    in_dir(path, "stale.tmx");
    /* PATH.anuvad.tmp.PID.XXXXXX (base/fileio.h): under the lock any
     * PID's is a leftover; a name of another shape is not ours. */
    in_dir(tmp, "stale.tmx.anuvad.tmp.4242.AbC123");
    in_dir(other, "stale.tmx.anuvad.tmp.keep-me");
    fileio_write_atomic(tmp, "x", 1, NULL, NULL);
    fileio_write_atomic(other, "x", 1, NULL, NULL);
    tm_store *r = open_tm(path, 1);
    tm_free(r);
    assert_false(fileio_exists(tmp));
    assert_true(fileio_exists(other));
}

static void test_export_since_and_pair(void **s)
{
    (void)s;
    char out[512];
    in_dir(out, "part.tmx");
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    put_file(t, HEAD_TMX
             "<tu changedate=\"20200101T000000Z\"><tuv xml:lang=\"hi\"><seg>क"
             "</seg></tuv><tuv xml:lang=\"en\"><seg>a</seg></tuv>"
             "<tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>"
             "<tu><tuv xml:lang=\"hi\" changedate=\"20240101T000000Z\"><seg>ख"
             "</seg></tuv><tuv xml:lang=\"en\"><seg>c</seg></tuv></tu>"
             "<tu creationdate=\"20240101T000000Z\"><tuv xml:lang=\"de\"><seg>"
             "d</seg></tuv><tuv xml:lang=\"fr\"><seg>e</seg></tuv></tu>"
             TAIL_TMX);
    tm_export_opts o = {TMX_NO_DATE, 1};
    size_t n;
    assert_int_equal(tm_export(t, out, &o, &n, NULL, &err), ANV_OK);
    assert_int_equal(n, 2);
    strbuf c = STRBUF_INIT;
    tmx_read_stats st;
    assert_int_equal(canon_read(out, NULL, 0, &c, &st, &err), ANV_OK);
    assert_null(strstr(c.data, "xml:lang=\"fr\"")); /* only the pair */
    strbuf_release(&c);
    o.pair_only = 0;
    assert_true(tmx_date_parse("2023-06-01", &o.since));
    assert_int_equal(tm_export(t, out, &o, &n, NULL, &err), ANV_OK);
    assert_int_equal(n, 2); /* the two 2024 units */
    tm_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_same_pair_merges_other_target_kept_newest_first),
        cmocka_unit_test(test_lookup_after_nfc_and_control_characters_dropped),
        cmocka_unit_test(test_language_fallback_and_order),
        cmocka_unit_test(test_put_merges_identical_units),
        cmocka_unit_test(test_update_delete_and_ids),
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_tsv_and_aligned_files),
        cmocka_unit_test(test_every_sample_through_the_store),
        cmocka_unit_test(test_save_keeps_backup_and_folds_journal),
        cmocka_unit_test(test_torn_journal_tail_is_cut),
        cmocka_unit_test(test_replay_after_crash_between_rename_and_unlink),
        cmocka_unit_test(test_second_writer_is_refused_readers_are_not),
        cmocka_unit_test(test_deferred_load_and_stop),
        cmocka_unit_test(test_confirms_before_the_read_replay_as_if_read),
        cmocka_unit_test(test_confirms_before_the_read_survive_torn_and_folded),
        cmocka_unit_test(test_stale_temporary_files_removed_by_writer),
        cmocka_unit_test(test_export_since_and_pair),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
