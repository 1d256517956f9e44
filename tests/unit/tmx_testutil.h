/*
 * tmx_testutil.h - helpers for the TMX and TM tests: the sample table,
 * and a canonical string for a unit so that two units can be compared
 * field by field (the TMX writer is deterministic, so two units with the
 * same attributes, props, notes and segments serialise to the same bytes;
 * the plain text and has_tags are appended because XML does not show them).
 */
#ifndef ANUVAD_TMX_TESTUTIL_H
#define ANUVAD_TMX_TESTUTIL_H

#include "testutil.h"

#include "base/strbuf.h"
#include "tm/tmx_read.h"
#include "tm/tmx_write.h"

/* Every TMX sample in ../shared/data/tmx-samples with its number of <tu>
 * elements, counted by `xmllint --xpath 'count(//tu)'`. */
static const struct sample {
    const char *path;
    int units;
} tmx_samples[] = {
    {"heartsome/ImportTMXTest.tmx", 314},
    {"heartsome/UTF-16LE.tmx", 2},
    {"heartsome/utf-16be.tmx", 2},
    {"heartsome/utf-8.tmx", 2},
    {"lisa-tmx-compliance-kit/ExportTest1A.tmx", 4},
    {"lisa-tmx-compliance-kit/ExportTest1B.tmx", 2},
    {"lisa-tmx-compliance-kit/ExportTest1C.tmx", 4},
    {"lisa-tmx-compliance-kit/ExportTest1D.tmx", 4},
    {"lisa-tmx-compliance-kit/ExportTest1E.tmx", 4},
    {"lisa-tmx-compliance-kit/ExportTest2A.tmx", 6},
    {"lisa-tmx-compliance-kit/ImportTest1A.tmx", 2},
    {"lisa-tmx-compliance-kit/ImportTest1B.tmx", 1},
    {"lisa-tmx-compliance-kit/ImportTest1C.tmx", 3},
    {"lisa-tmx-compliance-kit/ImportTest1D.tmx", 3},
    {"lisa-tmx-compliance-kit/ImportTest1E.tmx", 3},
    {"lisa-tmx-compliance-kit/ImportTest1F.tmx", 3},
    {"lisa-tmx-compliance-kit/ImportTest1G.tmx", 3},
    {"lisa-tmx-compliance-kit/ImportTest1H.tmx", 3},
    {"lisa-tmx-compliance-kit/ImportTest1I.tmx", 1},
    {"lisa-tmx-compliance-kit/ImportTest1J.tmx", 2},
    {"lisa-tmx-compliance-kit/ImportTest1J_many.tmx", 3},
    {"lisa-tmx-compliance-kit/ImportTest1K.tmx", 2},
    {"lisa-tmx-compliance-kit/ImportTest1L.tmx", 1},
    {"lisa-tmx-compliance-kit/ImportTest2A-0index.tmx", 7},
    {"lisa-tmx-compliance-kit/ImportTest2A.tmx", 7},
    {"lisa-tmx-compliance-kit/ImportTest2B.tmx", 7},
    {"lisa-tmx-compliance-kit/ImportTest2C.tmx", 1},
    {"okapi/Paragraph_TM.tmx", 7},
    {"okapi/a_small_test2.tmx", 1},
    {"okapi/bifile_mytm.tmx", 3},
    {"okapi/header_with_prop_and_note.tmx", 1},
    {"okapi/html_test.tmx", 11},
    {"okapi/issue277.tmx", 2},
    {"okapi/mytm.tmx", 25},
    {"okapi/one_to_one2.tmx", 1},
    {"okapi/pensieveTM.pentm.tmx", 9},
    {"okapi/pensieve_Paragraph_TM.tmx", 7},
    {"okapi/potest.po.normal.tmx", 12},
    {"okapi/sample14b.tmx", 25},
    {"okapi/simple.tmx", 1},
    {"okapi/smallParagraph.tmx", 2},
    {"okapi/test01.tmx", 4},
    {"okapi/test02.tmx", 4},
    {"okapi/tmxtest-attributes.tmx", 9},
    {"omegat/acceptance_project_CN_JP_project_save.tmx", 1},
    {"omegat/empty.tmx", 0},
    {"omegat/en-US_en-GB_fr_sr.tmx", 1},
    {"omegat/en-US_sr.tmx", 1},
    {"omegat/en-ca.tmx", 1},
    {"omegat/invalid.tmx", -1}, /* broken on purpose: must fail cleanly */
    {"omegat/mt_mt1.tmx", 1},
    {"omegat/penalty-010_segment_1.tmx", 1},
    {"omegat/project_save.tmx", 5},
    {"omegat/resegmenting.tmx", 1},
    {"omegat/resegmenting11.tmx", 1},
    {"omegat/segment_2.tmx", 1},
    {"omegat/test-SMP.tmx", 1},
    {"omegat/test-level1.tmx", 4},
    {"omegat/test-level2.tmx", 4},
    {"omegat/test-match-stat-en-ca.tmx", 259},
    {"omegat/test-match-stat-en-ca11.tmx", 259},
    {"omegat/test-missingSource.tmx", 4},
    {"omegat/test-multiple-entries.tmx", 4},
    {"omegat/test-multiple-entries11.tmx", 4},
    {"omegat/test-multiple-tuv.tmx", 3},
    {"omegat/test-multiple-tuv14.tmx", 3},
    {"omegat/test-omegat-invalid.tmx", 4},
    {"omegat/test-omegat.tmx", 4},
    {"omegat/test-save-tmx14.tmx", 4},
};
#define N_SAMPLES (sizeof tmx_samples / sizeof tmx_samples[0])

static inline const char *sample_path(char *buf, size_t size, const char *rel)
{
    char tmp[512];
    snprintf(tmp, sizeof tmp, "data/tmx-samples/%s", rel);
    return shared_path(buf, size, tmp);
}

/* Append the canonical form of `u` and a line break to `out`. */
static inline void canon_unit(strbuf *out, const tmx_unit *u)
{
    anv_error err;
    tmx_writer *w = tmx_writer_new_memory(&err);
    assert_non_null(w);
    assert_int_equal(tmx_writer_unit(w, u, &err), ANV_OK);
    size_t len;
    const char *s = tmx_writer_buffer(w, &len);
    strbuf_append(out, s, len);
    for (size_t i = 0; i < u->n_tuvs; i++) {
        strbuf_append_str(out, "\n  plain:");
        strbuf_append(out, u->tuvs[i].plain, u->tuvs[i].plain_len);
        strbuf_printf(out, " tags:%d", u->tuvs[i].has_tags);
    }
    strbuf_append_char(out, '\n');
    tmx_writer_free(w);
}

static inline int canon_cb(void *ctx, const tmx_unit *u, anv_error *err)
{
    (void)err;
    canon_unit(ctx, u);
    return ANV_OK;
}

/* Read a TMX file or buffer into canonical strings; returns the status. */
static inline int canon_read(const char *path, const char *mem, size_t len,
                             strbuf *out, tmx_read_stats *st, anv_error *err)
{
    tmx_read_opts o = {0};
    o.ctx = out;
    o.on_unit = canon_cb;
    return mem ? tmx_read_memory(path, mem, len, &o, st, err)
               : tmx_read_file(path, &o, st, err);
}

#endif
