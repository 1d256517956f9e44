/*
 * test_xliff_tmx.c - a project's confirmed units as TMX units
 * (src/project/xliff_tmx.c): which states go in, the units' texts, languages,
 * context props, notes, dates and author; the TMX file written by
 * xliff_project_export_tmx read back with the TMX reader; and the same
 * units arriving in a TM through tm_import_file (XLIFF told from TMX by
 * its root element).  The project is tests/interop/fixtures/finished.xlf,
 * made by our writer in test_xliff_fixtures.c.
 */
#include "testutil.h"

#include <unistd.h>

#include "tm/tm.h"
#include "project/tm_import.h"
#include "tm/tmx_read.h"
#include "project/xliff.h"
#include "project/xliff_tmx.h"

#define DATE 1704067200 /* 2024-01-01T00:00:00Z */

/* One unit as the tests compare it: "LANG:SOURCE|LANG:TARGET" plus its
 * props and notes as "p:TYPE=TEXT" / "n:TEXT" lines. */
typedef struct collected {
    strbuf all;
    size_t n;
    size_t index[16];
} collected;

static void describe(strbuf *b, const tmx_unit *u)
{
    assert_int_equal(u->n_tuvs, 2);
    strbuf_printf(b, "%s:%s|%s:%s\n", u->tuvs[0].lang, u->tuvs[0].plain,
                  u->tuvs[1].lang, u->tuvs[1].plain);
    size_t pos = 0;
    tmx_extra_item it;
    while (tmx_extra_next(u->meta.extra, u->meta.extra_len, &pos, &it)) {
        if (it.kind == 'p')
            strbuf_printf(b, "  p:%s=%s\n", it.name, it.text);
        else if (it.kind == 'n')
            strbuf_printf(b, "  n:%s\n", it.text);
    }
}

static int collect(void *ctx, const tmx_unit *u, size_t index, anv_error *err)
{
    (void)err;
    collected *c = ctx;
    assert_true(c->n < 16);
    c->index[c->n++] = index;
    /* plain text and seg agree: seg is the escaped plain text */
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(u->tuvs[i].seg[u->tuvs[i].seg_len], '\0');
    assert_int_equal(u->meta.creationdate, DATE);
    assert_int_equal(u->meta.changedate, DATE);
    assert_string_equal(u->meta.creationid, "tester");
    assert_string_equal(u->meta.changeid, "tester");
    describe(&c->all, u);
    return ANV_OK;
}

static const char want_units[] =
    "hi-IN:टोकायव ने कहा।|en-US:Tokayev said so.\n"
    "  p:x-context-prev=\n"
    "  p:x-context-next=सैनिक लौटे।\n"
    "  n:Name as in the ministry's list & press kit.\n"
    "hi-IN:क < ख|en-US:a < b & c\n"
    "  p:x-context-prev=सैनिक लौटे।\n"
    "  p:x-context-next=अनुवाद नहीं हुआ।\n"
    "hi-IN:अंत।|en-US:The end.\n"
    "  p:x-context-prev=अनुवाद नहीं हुआ।\n"
    "  p:x-context-next=\n"
    "hi-IN:अकेला।|en-GB:Alone.\n"
    "  p:x-context-prev=\n"
    "  p:x-context-next=खाली।\n";

static xliff_project *finished(void)
{
    char path[1024];
    anv_error err;
    xliff_project *p = xliff_project_read(
        root_path(path, sizeof path, "tests/interop/fixtures/finished.xlf"),
        &err);
    if (!p)
        fail_msg("%s", err.message);
    return p;
}

static void confirmed_units_only(void **state)
{
    (void)state;
    xliff_project *p = finished();
    collected c = {STRBUF_INIT, 0, {0}};
    xliff_tmx_opts o = {DATE, "tester"};
    xliff_tmx_counts n;
    anv_error err;
    assert_int_equal(xliff_project_tmx_units(p, &o, collect, &c, &n, &err),
                     ANV_OK);
    assert_string_equal(c.all.data, want_units);
    /* units 1 (needs review) and 3 (no target) are left out; unit 6 is
     * confirmed but its target is a blank */
    assert_int_equal(c.n, 4);
    assert_int_equal(c.index[0], 0);
    assert_int_equal(c.index[1], 2);
    assert_int_equal(c.index[2], 4);
    assert_int_equal(c.index[3], 5);
    assert_int_equal(n.units, 7);
    assert_int_equal(n.confirmed, 4);
    assert_int_equal(n.unconfirmed, 2);
    assert_int_equal(n.empty, 1);
    assert_int_equal(n.dropped, 0);
    strbuf_release(&c.all);
    xliff_project_free(p);
}

static void every_state(void **state)
{
    (void)state;
    anv_error err;
    xliff_project *p = xliff_project_new(&err);
    assert_int_equal(xliff_project_add_file(p, "s.txt", NULL, NULL, &err),
                     ANV_OK);
    for (int s = XLIFF_STATE_NEW; s < XLIFF_STATE_COUNT; s++) {
        char src[32];
        snprintf(src, sizeof src, "वाक्य %d।", s);
        assert_int_equal(xliff_project_add_unit(p, " ", src, NULL, &err),
                         ANV_OK);
        size_t i = xliff_project_unit_count(p) - 1;
        assert_int_equal(xliff_unit_set_target(p, i, xliff_state_name(s),
                                               (xliff_state)s,
                                               XLIFF_QUAL_NONE, -1, 0, &err),
                         ANV_OK);
    }
    collected c = {STRBUF_INIT, 0, {0}};
    xliff_tmx_opts o = {DATE, "tester"};
    xliff_tmx_counts n;
    assert_int_equal(xliff_project_tmx_units(p, &o, collect, &c, &n, &err),
                     ANV_OK);
    assert_int_equal(n.units, XLIFF_STATE_COUNT - 1);
    assert_int_equal(n.confirmed, 3);
    assert_string_equal(c.all.data,
                        "hi-IN:वाक्य 8।|en-US:translated\n"
                        "  p:x-context-prev=वाक्य 7।\n"
                        "  p:x-context-next=वाक्य 9।\n"
                        "hi-IN:वाक्य 9।|en-US:signed-off\n"
                        "  p:x-context-prev=वाक्य 8।\n"
                        "  p:x-context-next=वाक्य 10।\n"
                        "hi-IN:वाक्य 10।|en-US:final\n"
                        "  p:x-context-prev=वाक्य 9।\n"
                        "  p:x-context-next=\n");
    strbuf_release(&c.all);
    xliff_project_free(p);
}

static int collect_read(void *ctx, const tmx_unit *u, anv_error *err)
{
    return collect(ctx, u, 0, err);
}

static void export_reads_back(void **state)
{
    (void)state;
    xliff_project *p = finished();
    char path[] = "/tmp/anuvad-xliff-tmx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    xliff_tmx_opts o = {DATE, "tester"};
    xliff_tmx_counts n;
    anv_error err;
    assert_int_equal(xliff_project_export_tmx(p, path, &o, &n, &err), ANV_OK);
    assert_int_equal(n.confirmed, 4);
    collected c = {STRBUF_INIT, 0, {0}};
    tmx_read_opts ro = {0};
    ro.ctx = &c;
    ro.on_unit = collect_read;
    tmx_read_stats st;
    assert_int_equal(tmx_read_file(path, &ro, &st, &err), ANV_OK);
    assert_int_equal(st.units, 4);
    assert_string_equal(c.all.data, want_units);
    strbuf_release(&c.all);

    /* The same project through tm import: XLIFF is told from TMX by its
     * root element, and the TM gets the same four units. */
    tm_store *t = tm_new_memory(&err);
    assert_non_null(t);
    tm_set_clock(t, DATE);
    tm_import_counts ic = {0};
    char xlf[1024];
    root_path(xlf, sizeof xlf, "tests/interop/fixtures/finished.xlf");
    assert_int_equal(tm_import_file(t, xlf, NULL, &ic, &err), ANV_OK);
    assert_int_equal(ic.read, 7);
    assert_int_equal(ic.added, 4);
    assert_int_equal(ic.merged, 0);
    assert_int_equal(ic.skipped, 3);
    /* ... and the exported TMX merges into them unit for unit */
    tm_import_counts ic2 = {0};
    assert_int_equal(tm_import_file(t, path, NULL, &ic2, &err), ANV_OK);
    assert_int_equal(ic2.read, 4);
    assert_int_equal(ic2.added, 0);
    assert_int_equal(ic2.merged, 4);
    assert_int_equal(tm_count(t), 4);
    tm_entry e;
    assert_int_equal(tm_entry_get(t, 1, &e), 1);
    assert_string_equal(e.source, "क < ख");
    assert_string_equal(e.target, "a < b & c");
    assert_string_equal(e.target_seg, "a &lt; b &amp; c");
    tm_free(t);
    unlink(path);
    xliff_project_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(confirmed_units_only),
        cmocka_unit_test(every_state),
        cmocka_unit_test(export_reads_back),
    };
    return cmocka_run_group_tests_name("xliff_tmx", tests, NULL, NULL);
}
