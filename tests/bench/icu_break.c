/*
 * icu_break.c - the peer figure for the segmenter bench (make bench,
 * section 10-segment): ICU's bare sentence break iterator over a file,
 * one paragraph a line, with nothing else (no SRX rules, no
 * normalisation, no abbreviation handling).
 *
 *   icu_break LOCALE FILE     print the number of sentences found
 *
 * Each line is converted to UTF-16 with u_strFromUTF8 and given to one
 * ubrk iterator (opened once, reset with ubrk_setText per line), as any
 * program using ICU directly would do.  The section times this program and
 * `anuvad segment` on the same file in the same run and prints the ratio.
 *
 * Copyright the anuvad authors.  GPL-3.0-or-later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: icu_break LOCALE FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        fprintf(stderr, "icu_break: %s: cannot open\n", argv[2]);
        return 1;
    }
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, argv[1], NULL, 0, &st);
    if (U_FAILURE(st)) {
        fprintf(stderr, "icu_break: ubrk_open: %s\n", u_errorName(st));
        fclose(f);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    UChar *u = NULL;
    int32_t ucap = 0;
    long long sentences = 0;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        if (n == 0)
            continue;
        if ((int32_t)n + 1 > ucap) {
            ucap = (int32_t)n + 1; /* UTF-16 units <= UTF-8 bytes */
            UChar *nu = realloc(u, (size_t)ucap * sizeof *u);
            if (!nu) { rc = 1; break; }
            u = nu;
        }
        int32_t ulen = 0;
        st = U_ZERO_ERROR;
        u_strFromUTF8(u, ucap, &ulen, line, (int32_t)n, &st);
        if (U_FAILURE(st)) {
            fprintf(stderr, "icu_break: %s: invalid UTF-8\n", argv[2]);
            rc = 1;
            break;
        }
        ubrk_setText(bi, u, ulen, &st);
        if (U_FAILURE(st)) { rc = 1; break; }
        for (int32_t p = ubrk_first(bi); (p = ubrk_next(bi)) != UBRK_DONE;)
            sentences++;
    }
    printf("%lld\n", sentences);
    free(u);
    free(line);
    ubrk_close(bi);
    fclose(f);
    return rc;
}
