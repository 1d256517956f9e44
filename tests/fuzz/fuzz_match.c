/*
 * fuzz_match.c - libFuzzer target for the fuzzy score and word diff.
 *
 * The input is two texts separated by the first NUL byte (query, then the
 * TM source).  Invalid UTF-8 must give ANV_EUTF8; otherwise the result
 * must be sane: a score in 0..100 that is 100 exactly when the NFC texts
 * are equal, W <= L, every diff range inside its text and in order, and
 * the JSON and marked renderings must not fail.  ASan/UBSan catch the
 * rest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_out.h"
#include "match/match.h"
#include "base/strbuf.h"
#include "text/text.h"

static matcher *m;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!m) {
        anv_error err;
        m = matcher_new(&err);
        if (!m)
            abort();
    }
    const char *q = (const char *)data;
    const char *nul = memchr(data, 0, size);
    size_t qlen = nul ? (size_t)(nul - q) : size;
    const char *s = nul ? nul + 1 : "";
    size_t slen = nul ? size - qlen - 1 : 0;
    match_result r;
    anv_error err;
    int rc = matcher_compare(m, q, qlen, s, slen, &r, &err);
    int valid = text_is_valid_utf8(q, qlen, NULL) &&
                text_is_valid_utf8(s, slen, NULL);
    if (!valid) {
        if (rc != ANV_EUTF8)
            abort();
        return 0;
    }
    if (rc != ANV_OK)
        abort();
    strbuf nq = STRBUF_INIT, ns = STRBUF_INIT;
    if (text_append_nfc(&nq, q, qlen, &err) != ANV_OK ||
        text_append_nfc(&ns, s, slen, &err) != ANV_OK)
        abort();
    int same = nq.len == ns.len && (nq.len == 0 ||
                                    memcmp(nq.data, ns.data, nq.len) == 0);
    if (r.score < 0 || r.score > 100 || (r.score == 100) != same ||
        r.word_edits > r.words)
        abort();
    size_t last_src = 0;
    for (size_t i = 0; r.has_diff && i < r.n_diff; i++) {
        const match_diff *d = &r.diff[i];
        if (d->src_start > d->src_end || d->src_end > ns.len ||
            d->query_start > d->query_end || d->query_end > nq.len ||
            d->src_start < last_src)
            abort();
        last_src = d->src_start;
    }
    strbuf out = STRBUF_INIT;
    if (json_out_append(&out, match_diff_json(&r, ns.data ? ns.data : "",
                                              nq.data ? nq.data : "")) !=
            ANV_OK ||
        match_diff_append_marked(&out, &r, ns.data ? ns.data : "", ns.len,
                                 nq.data ? nq.data : "") != ANV_OK)
        abort();
    strbuf_release(&out);
    strbuf_release(&nq);
    strbuf_release(&ns);
    return 0;
}
