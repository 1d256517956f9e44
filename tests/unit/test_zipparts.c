/*
 * test_zipparts.c - the DOCX/ODT ZIP container (formats/zipparts.h) on
 * real samples: parts out and back in with every entry's bytes and order
 * kept and "mimetype" first and stored; a corrupt archive, a missing
 * required part and an entry past the size limit refused.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <zip.h>

#include "formats/zipparts.h"

static char *slurp(const char *rel, size_t *len)
{
    char path[1024];
    FILE *f = fopen(root_path(path, sizeof path, rel), "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *d = malloc((size_t)n + 1);
    assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return d;
}

static void free_parts(fmt_doc *d)
{
    for (size_t i = 0; i < d->n_parts; i++) {
        free(d->parts[i].name);
        free(d->parts[i].data);
    }
    free(d->parts);
}

static int word_xml(const char *p)
{
    return strncmp(p, "word/", 5) == 0 && strstr(p, ".xml") != NULL;
}

static int odf_xml(const char *p)
{
    return strcmp(p, "content.xml") == 0 || strcmp(p, "styles.xml") == 0;
}

/* Every entry of a and b: same names, order and bytes. */
static void assert_same_entries(const char *a, size_t alen, const char *b,
                                size_t blen)
{
    zip_error_t ze;
    zip_t *za = zip_open_from_source(
        zip_source_buffer_create(a, alen, 0, &ze), ZIP_RDONLY, &ze);
    zip_t *zb = zip_open_from_source(
        zip_source_buffer_create(b, blen, 0, &ze), ZIP_RDONLY | ZIP_CHECKCONS,
        &ze);
    assert_non_null(za);
    assert_non_null(zb);
    zip_int64_t n = zip_get_num_entries(za, 0);
    assert_int_equal(n, zip_get_num_entries(zb, 0));
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t sa, sb;
        assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &sa), 0);
        assert_int_equal(zip_stat_index(zb, (zip_uint64_t)i, 0, &sb), 0);
        assert_string_equal(sa.name, sb.name);
        assert_int_equal(sa.size, sb.size);
        assert_int_equal(sa.crc, sb.crc);
        if (strcmp(sb.name, "mimetype") == 0) {
            assert_int_equal(sb.comp_method, ZIP_CM_STORE);
        }
    }
    zip_discard(za);
    zip_discard(zb);
}

static void round_trip(const char *rel, int (*wanted)(const char *),
                       const char *required, size_t n_parts)
{
    size_t len;
    char *data = slurp(rel, &len);
    fmt_doc doc = {0};
    doc.name = "x";
    anv_error err;
    anv_error_clear(&err);
    assert_int_equal(fmt_zip_unpack(&doc, data, len, wanted, required,
                                    FMT_ZIP_PART_LIMIT, &err), ANV_OK);
    assert_int_equal(doc.n_parts, n_parts);
    strbuf out = STRBUF_INIT;
    assert_int_equal(fmt_zip_pack(data, len, doc.parts, doc.n_parts, &out,
                                  &err), ANV_OK);
    assert_same_entries(data, len, out.data, out.len);
    /* limit below the largest part: refused */
    fmt_doc d2 = {0};
    d2.name = "x";
    assert_int_equal(fmt_zip_unpack(&d2, data, len, wanted, required, 100,
                                    &err), ANV_ELIMIT);
    assert_non_null(strstr(err.message, "past the limit"));
    free_parts(&d2);
    /* no such part */
    fmt_doc d3 = {0};
    d3.name = "x";
    assert_int_equal(fmt_zip_unpack(&d3, data, len, wanted, "no/such.xml",
                                    FMT_ZIP_PART_LIMIT, &err), ANV_EINVAL);
    assert_string_equal(err.message, "x: not a valid document: no no/such.xml");
    free_parts(&d3);
    /* cut in half: refused */
    fmt_doc d4 = {0};
    d4.name = "x";
    assert_int_equal(fmt_zip_unpack(&d4, data, len / 2, wanted, required,
                                    FMT_ZIP_PART_LIMIT, &err), ANV_EPARSE);
    assert_non_null(strstr(err.message, "x: not a valid ZIP container"));
    free_parts(&d4);
    free_parts(&doc);
    strbuf_release(&out);
    free(data);
}

static void test_docx(void **state)
{
    (void)state;
    round_trip("../shared/data/format-samples/docx/docxtest.docx", word_xml,
               "word/document.xml", 10);
}

static void test_odt(void **state)
{
    (void)state;
    round_trip("../shared/data/format-samples/odt/TestDocument01.odt",
               odf_xml, "content.xml", 2);
}

/* A part rebuilt with new bytes is written with them; the rest kept. */
static void test_changed_part(void **state)
{
    (void)state;
    size_t len;
    char *data = slurp("../shared/data/format-samples/odt/TestDocument01.odt",
                       &len);
    fmt_part part = {"content.xml", "<x>new</x>", 10};
    strbuf out = STRBUF_INIT;
    anv_error err;
    anv_error_clear(&err);
    assert_int_equal(fmt_zip_pack(data, len, &part, 1, &out, &err), ANV_OK);
    fmt_doc doc = {0};
    doc.name = "x";
    assert_int_equal(fmt_zip_unpack(&doc, out.data, out.len, odf_xml,
                                    "content.xml", FMT_ZIP_PART_LIMIT, &err),
                     ANV_OK);
    assert_int_equal(doc.n_parts, 2);
    assert_string_equal(doc.parts[0].name, "content.xml");
    assert_string_equal(doc.parts[0].data, "<x>new</x>");
    free_parts(&doc);
    strbuf_release(&out);
    free(data);
}

/* An archive with a password-protected entry: refused, one line. */
static void test_encrypted(void **state)
{
    (void)state;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *dst = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = zip_open_from_source(dst, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    zip_source_keep(dst);
    zip_int64_t i = zip_file_add(
        za, "content.xml", zip_source_buffer(za, "<x/>", 4, 0), 0);
    assert_true(i >= 0);
    assert_int_equal(zip_file_set_encryption(za, (zip_uint64_t)i,
                                             ZIP_EM_AES_256, "pw"), 0);
    assert_int_equal(zip_close(za), 0);
    zip_stat_t st;
    assert_int_equal(zip_source_stat(dst, &st), 0);
    assert_int_equal(zip_source_open(dst), 0);
    char *buf = malloc(st.size);
    assert_int_equal(zip_source_read(dst, buf, st.size), (zip_int64_t)st.size);
    zip_source_close(dst);
    zip_source_free(dst);
    zip_error_fini(&ze);
    fmt_doc doc = {0};
    doc.name = "x.odt";
    anv_error err;
    anv_error_clear(&err);
    assert_int_equal(fmt_zip_unpack(&doc, buf, st.size, odf_xml, "content.xml",
                                    FMT_ZIP_PART_LIMIT, &err), ANV_EINVAL);
    assert_string_equal(err.message, "x.odt: not supported: "
                                     "password-protected file (content.xml)");
    assert_int_equal(doc.n_parts, 0);
    free(buf);
}

static int any_xml(const char *p)
{
    return strstr(p, ".xml") != NULL;
}

/* Every DOCX and ODT sample, all its XML parts taken out and put back:
 * same entries, order, sizes and CRCs, "mimetype" stored. */
static void test_all_samples(void **state)
{
    (void)state;
    static const char *const dirs[] = {"../shared/data/format-samples/docx",
                                       "../shared/data/format-samples/odt"};
    size_t seen = 0;
    for (size_t k = 0; k < 2; k++) {
        char path[1024];
        DIR *d = opendir(root_path(path, sizeof path, dirs[k]));
        assert_non_null(d);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char rel[1024];
            snprintf(rel, sizeof rel, "%s/%s", dirs[k], e->d_name);
            size_t len;
            char *data = slurp(rel, &len);
            fmt_doc doc = {0};
            doc.name = e->d_name;
            anv_error err;
            anv_error_clear(&err);
            assert_int_equal(fmt_zip_unpack(&doc, data, len, any_xml, NULL,
                                            FMT_ZIP_PART_LIMIT, &err), ANV_OK);
            assert_true(doc.n_parts > 0);
            strbuf out = STRBUF_INIT;
            assert_int_equal(fmt_zip_pack(data, len, doc.parts, doc.n_parts,
                                          &out, &err), ANV_OK);
            assert_same_entries(data, len, out.data, out.len);
            free_parts(&doc);
            strbuf_release(&out);
            free(data);
            seen++;
        }
        closedir(d);
    }
    assert_int_equal(seen, 19);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx),
        cmocka_unit_test(test_odt),
        cmocka_unit_test(test_changed_part),
        cmocka_unit_test(test_encrypted),
        cmocka_unit_test(test_all_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
