/*
 * fuzz_xliff.c - libFuzzer target for the XLIFF reader.
 *
 * Any input must either be refused with an error or give a project that
 * writes, reads back to the same number of units, and rebuilds its
 * documents.  Seeds: tests/fuzz/seeds/xliff/ (files our writer made).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>

#include "project/xliff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    anv_error err;
    xliff_project *p = xliff_project_parse("fuzz.xlf", (const char *)data,
                                           size, &err);
    if (!p)
        return 0;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (fp && xliff_project_write(p, fp, 0, &err) == ANV_OK) {
        fclose(fp);
        fp = NULL;
        xliff_project *q = xliff_project_parse("again.xlf", buf, len, &err);
        if (!q ||
            xliff_project_unit_count(q) != xliff_project_unit_count(p))
            abort(); /* we must read what we write */
        xliff_project_free(q);
    }
    if (fp)
        fclose(fp);
    free(buf);
    for (size_t f = 0; f < xliff_project_file_count(p); f++) {
        strbuf doc = STRBUF_INIT;
        xliff_file_rebuild(p, f, 1, &doc, NULL, &err);
        strbuf_release(&doc);
    }
    xliff_project_free(p);
    return 0;
}
