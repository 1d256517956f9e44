/*
 * fuzz_fuzzy_index.c - libFuzzer target: the fuzzy index against a scan.
 *
 * Input: a first byte choosing --min (1..101) and the counting block
 * size (1..5 units), then lines; the first line
 * is the query, every other line a unit.  The units are indexed in memory
 * and the query searched twice, through the index and with `exhaustive`
 * (every unit scored, no filter).  The two result lists must be identical:
 * any difference is a false negative or positive of the filters, and
 * aborts.  Lines that are not valid UTF-8 are skipped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match/fuzzy_index.h"
#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int min = 1 + data[0] % 101;
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *query = p;
    size_t qlen = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (!text_is_valid_utf8(query, qlen, NULL))
        return 0;
    anv_error err;
    fuzzy_builder *b = fuzzy_builder_new(&err);
    if (!b)
        abort();
    uint64_t id = 0;
    for (p = nl ? nl + 1 : end; p < end;) {
        nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        fuzzy_unit u = {id, p, n, (int64_t)(id % 3), (int64_t)(id % 2), NULL,
                        0, 0};
        if (text_is_valid_utf8(p, n, NULL)) {
            if (fuzzy_builder_add(b, &u, &err) != ANV_OK)
                abort();
        }
        id++;
        p = nl ? nl + 1 : end;
    }
    fuzzy_index *x;
    if (fuzzy_builder_finish(b, &x, &err) != ANV_OK)
        abort();
    fuzzy_builder_free(b);
    fuzzy_searcher *s1 = fuzzy_searcher_new(x, &err);
    fuzzy_searcher *s2 = fuzzy_searcher_new(x, &err);
    if (!s1 || !s2)
        abort();
    /* Small blocks, so that the seams between blocks are exercised. */
    if (fuzzy_searcher_set_block(s1, 1 + data[0] % 5) != ANV_OK)
        abort();
    fuzzy_options fast = {min, 0, NULL, NULL, 0};
    fuzzy_options scan = {min, 0, NULL, NULL, 1};
    const fuzzy_match *a, *c;
    size_t na, nc;
    if (fuzzy_search(s1, query, qlen, &fast, &a, &na, &err) != ANV_OK ||
        fuzzy_search(s2, query, qlen, &scan, &c, &nc, &err) != ANV_OK)
        abort();
    if (na != nc)
        abort();
    for (size_t i = 0; i < na; i++)
        if (a[i].id != c[i].id || a[i].score != c[i].score)
            abort();
    fuzzy_searcher_free(s1);
    fuzzy_searcher_free(s2);
    fuzzy_index_free(x);
    return 0;
}
