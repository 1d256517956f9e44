/*
 * fuzz_numbers.c - libFuzzer target for the number finder and fix.
 *
 * The input is up to three NUL-separated texts: new source, TM source,
 * TM target.  Invalid UTF-8 is allowed (the finder must not trip on it).
 * A fixed target must exist exactly when the outcome is NUMFIX_FIXED, and
 * every change must be described.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/numbers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 3);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = buf[size + 1] = buf[size + 2] = '\0';
    const char *parts[3] = {buf, "", ""};
    size_t k = 1;
    for (size_t i = 0; i < size && k < 3; i++)
        if (buf[i] == '\0')
            parts[k++] = buf + i + 1;
    anv_error err;
    num_list l = NUM_LIST_INIT;
    if (numbers_find(parts[0], strlen(parts[0]), NUM_LANG_EN, &l, &err) ==
        ANV_OK)
        for (size_t j = 0; j < l.n; j++)
            if (l.items[j].end > strlen(parts[0]) ||
                l.items[j].start >= l.items[j].end)
                abort();
    num_list_release(&l);
    strbuf s = STRBUF_INIT;
    numbers_to_english(parts[0], strlen(parts[0]), &s, &err);
    strbuf_release(&s);
    numfix f;
    if (numbers_fix_match(parts[0], parts[1], parts[2], &f, &err) == ANV_OK) {
        if ((f.outcome == NUMFIX_FIXED) != (f.target != NULL))
            abort();
        if (f.outcome == NUMFIX_FIXED && f.n_changes == 0)
            abort();
        numfix_release(&f);
    }
    free(buf);
    return 0;
}
