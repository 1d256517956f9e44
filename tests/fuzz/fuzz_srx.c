/*
 * fuzz_srx.c - libFuzzer target for the SRX loader and the rule compiler.
 *
 * The input is an SRX file.  When it loads, a segmenter is built for a
 * few languages (which compiles the selected rules, with the Java
 * compatibility rewrite and the regex hints) and splits a short text
 * that exercises every code path: white space, terminators, Devanagari,
 * a surrogate pair.  Errors are fine; crashes, leaks and undefined
 * behaviour are not.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "segment/segmenter.h"
#include "segment/srx.h"

static const char sample[] =
    "Dr. Smith came. He left!  वह घर गया। फिर|सो गया I \xF0\x9F\x98\x80 end.";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {"hi", "en", "de-AT"};
    anv_error err;
    srx_rules *r = srx_load_memory("fuzz.srx", (const char *)data, size, &err);
    if (!r)
        return 0;
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        segmenter *sg = segmenter_new(r, langs[i], &err);
        if (!sg)
            continue;
        const seg_span *sp;
        size_t n;
        if (segmenter_split(sg, sample, sizeof sample - 1, &sp, &n, &err) ==
            ANV_OK)
            for (size_t k = 0; k < n; k++)
                if (sp[k].start >= sp[k].end || sp[k].end > sizeof sample - 1)
                    abort();
        segmenter_free(sg);
    }
    srx_free(r);
    return 0;
}
