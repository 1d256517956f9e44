/*
 * fuzz_office.c - libFuzzer target for the DOCX and ODT readers
 * (formats/docx.c, formats/odt.c, formats/xmlev.c).
 *
 * The first byte picks the format, the rest is its main XML part
 * (word/document.xml or content.xml), which is packed into a ZIP with
 * libzip and read like a real file.  Any input must either be refused
 * with an error or go into a project whose untranslated rebuild of the
 * part gives the input back byte for byte; every segment "translated" as
 * its own source must then render without crashing.  Seeds:
 * tests/fuzz/seeds/office/ (the seed article's parts as LibreOffice
 * wrote them, tests/data/office/).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "formats/format.h"
#include "project/pretranslate.h"

/* A ZIP holding `part` as `name` (stored), into *out. */
static int pack(const char *name, const uint8_t *part, size_t len,
                char **out, size_t *out_len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
    if (!za) {
        zip_source_free(mem);
        return -1;
    }
    zip_source_keep(mem);
    zip_source_t *src = zip_source_buffer(za, part, len, 0);
    if (!src || zip_file_add(za, name, src, 0) < 0) {
        zip_source_free(src);
        zip_discard(za);
        zip_source_free(mem);
        return -1;
    }
    if (zip_close(za) < 0 || zip_source_open(mem) < 0) {
        zip_source_free(mem);
        return -1;
    }
    zip_source_seek(mem, 0, SEEK_END);
    zip_int64_t n = zip_source_tell(mem);
    zip_source_seek(mem, 0, SEEK_SET);
    *out = malloc(n > 0 ? (size_t)n : 1);
    *out_len = n > 0 ? (size_t)n : 0;
    if (*out && n > 0)
        zip_source_read(mem, *out, (zip_uint64_t)n);
    zip_source_close(mem);
    zip_source_free(mem);
    return *out ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static segmenter *sg;
    anv_error err;
    if (!sg)
        sg = segmenter_new(NULL, "hi", &err); /* ICU rules only */
    if (!sg || size < 1)
        return 0;
    int odt = data[0] & 1;
    const char *part = odt ? "content.xml" : "word/document.xml";
    char *zipped = NULL;
    size_t zlen = 0;
    if (pack(part, data + 1, size - 1, &zipped, &zlen) != 0)
        return 0;
    const fmt_filter *f = fmt_filter_by_name(odt ? "odt" : "docx");
    fmt_doc *doc = fmt_doc_open(f, "fuzz", zipped, zlen, &err);
    free(zipped);
    if (!doc)
        return 0;
    xliff_project *p = xliff_project_new(&err);
    if (p && pretranslate_add_formatted(p, sg, "fuzz", doc, &err) == ANV_OK) {
        strbuf out = STRBUF_INIT;
        for (size_t i = 0; i < xliff_project_file_count(p); i++) {
            const xliff_file *xf = xliff_project_file(p, i);
            if (!xf->part || strcmp(xf->part, part) != 0)
                continue;
            strbuf_clear(&out);
            if (xliff_file_rebuild(p, i, 1, &out, NULL, &err) != ANV_OK ||
                out.len != size - 1 ||
                memcmp(out.data ? out.data : "", data + 1, size - 1) != 0)
                abort(); /* untranslated must give the part back */
        }
        for (size_t i = 0; i < xliff_project_unit_count(p); i++) {
            const xliff_unit *u = xliff_project_unit(p, i);
            if (xliff_unit_set_target(p, i, u->source,
                                      XLIFF_STATE_TRANSLATED,
                                      XLIFF_QUAL_NONE, -1, 0, &err) != ANV_OK)
                abort(); /* a source is always a valid target */
        }
        strbuf_clear(&out);
        xliff_document_rebuild(p, 0, &out, NULL, &err);
        strbuf_release(&out);
    }
    xliff_project_free(p);
    fmt_doc_free(doc);
    return 0;
}
