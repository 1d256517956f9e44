/*
 * fuzz_formats.c - libFuzzer target for the document filters.
 *
 * The first byte picks the filter (HTML, XHTML, Markdown, SRT, WebVTT),
 * the rest is the document.  Any input must either be refused with an
 * error or go into a project (segmented, codes trimmed and renumbered)
 * that rebuilds the document byte for byte with nothing translated, and
 * with every segment "translated" as its own source renders without an
 * error.  Seeds: tests/fuzz/seeds/formats/ (small real documents).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/format.h"
#include "project/pretranslate.h"

static const char *const names[] = {"html", "xhtml", "markdown", "srt",
                                    "vtt"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static segmenter *sg;
    anv_error err;
    if (!sg)
        sg = segmenter_new(NULL, "hi", &err); /* ICU rules only */
    if (!sg || size < 1)
        return 0;
    const fmt_filter *f = fmt_filter_by_name(names[data[0] % 5]);
    fmt_doc *doc = fmt_doc_open(f, "fuzz", (const char *)data + 1, size - 1,
                                &err);
    if (!doc)
        return 0;
    xliff_project *p = xliff_project_new(&err);
    if (p && pretranslate_add_formatted(p, sg, "fuzz", doc, &err) == ANV_OK) {
        strbuf out = STRBUF_INIT;
        if (xliff_file_rebuild(p, 0, 1, &out, NULL, &err) != ANV_OK ||
            out.len != size - 1 ||
            memcmp(out.data ? out.data : "", data + 1, size - 1) != 0)
            abort(); /* untranslated must give the input back */
        for (size_t i = 0; i < xliff_project_unit_count(p); i++) {
            const xliff_unit *u = xliff_project_unit(p, i);
            if (xliff_unit_set_target(p, i, u->source,
                                      XLIFF_STATE_TRANSLATED,
                                      XLIFF_QUAL_NONE, -1, 0, &err) != ANV_OK)
                abort(); /* a source is always a valid target */
        }
        strbuf_clear(&out);
        xliff_file_rebuild(p, 0, 1, &out, NULL, &err);
        strbuf_release(&out);
    }
    xliff_project_free(p);
    fmt_doc_free(doc);
    return 0;
}
