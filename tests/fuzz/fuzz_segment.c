/*
 * fuzz_segment.c - libFuzzer target for the segmenter with the shipped
 * rules, alone and behind the text reader (as `anuvad segment` runs it).
 *
 * The first input byte picks the path: even, the raw bytes go straight to
 * segmenter_split (invalid UTF-8 included); odd, they are read as a file
 * by text_reader (line or blank-line paragraphs) and each paragraph is
 * split.  The spans must be in order, non-empty, inside the text, with
 * only white space between them, and their input offsets must be
 * increasing; anything else aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "segment/segmenter.h"
#include "segment/srx.h"
#include "text/text.h"

static segmenter *hi, *en;

static void check(const char *text, size_t len, const seg_span *sp, size_t n)
{
    size_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        if (sp[i].start < prev || sp[i].start >= sp[i].end || sp[i].end > len)
            abort();
        if (text[sp[i].start] == ' ' || text[sp[i].end - 1] == ' ')
            abort();
        for (size_t k = prev; k < sp[i].start; k++)
            if (text[k] != ' ' && text[k] != '\t' && text[k] != '\n' &&
                text[k] != '\r' && text[k] != '\f' && text[k] != '\v' &&
                (unsigned char)text[k] < 0x80)
                abort();
        prev = sp[i].end;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    anv_error err;
    if (!hi) {
        srx_rules *r = srx_load_default(&err);
        if (!r)
            abort();
        hi = segmenter_new(r, "hi", &err);
        en = segmenter_new(r, "en", &err);
        srx_free(r);
        if (!hi || !en)
            abort();
    }
    if (size == 0)
        return 0;
    segmenter *sg = data[0] & 2 ? en : hi;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    const seg_span *sp;
    size_t n;
    if (!(data[0] & 1)) {
        if (segmenter_split(sg, text, len, &sp, &n, &err) == ANV_OK)
            check(text, len, sp, n);
        return 0;
    }
    text_reader *r = text_reader_open_memory("fuzz", text, len, &err);
    if (!r)
        return 0;
    text_paragraph p;
    text_para_mode mode = data[0] & 4 ? TEXT_PARA_BLANK : TEXT_PARA_LINE;
    while (text_reader_next(r, mode, &p, &err) == 1) {
        if (segmenter_split(sg, p.text, p.len, &sp, &n, &err) != ANV_OK)
            abort(); /* the reader hands out valid UTF-8 only */
        check(p.text, p.len, sp, n);
        uint64_t last = 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t a = text_paragraph_raw_offset(&p, sp[i].start);
            uint64_t b = text_paragraph_raw_offset(&p, sp[i].end);
            if (a < last || b <= a || b > len)
                abort();
            last = b;
        }
    }
    text_reader_free(r);
    return 0;
}
