/*
 * array.h - growing a malloc()ed array by doubling.
 *
 *     int *v = NULL; size_t cap = 0;
 *     if (array_grow(&v, &cap, n + 1, sizeof *v) != ANV_OK) ...
 *
 * The capacity at least doubles, so n appends cost amortised O(n).  On
 * failure the array and its capacity are left as they were.
 */
#ifndef ANUVAD_ARRAY_H
#define ANUVAD_ARRAY_H

#include <stdlib.h>

#include "base/error.h"

/* Make *pp (an array of `size`-byte elements, *cap of them) hold at least
 * `need` elements.  Returns ANV_OK or ANV_ENOMEM. */
static inline int array_grow(void *pp, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return ANV_OK;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    if (c > (size_t)-1 / size)
        return ANV_ENOMEM;
    void *p = realloc(*(void **)pp, c * size);
    if (!p)
        return ANV_ENOMEM;
    *(void **)pp = p;
    *cap = c;
    return ANV_OK;
}

#endif
