/*
 * cldr.c - the starter glossary: names from ICU's CLDR data.
 *
 * CLDR (the Unicode Common Locale Data Repository, maintained by Unicode
 * and shipped inside ICU) has each country and territory, language,
 * currency, month and weekday named in Hindi and in English.  This file
 * asks ICU for both names of each and writes the pairs as a glossary in
 * TSV (source TAB target TAB comment), which the build keeps in
 * dict/cldr-hi-en.tsv (Makefile) and `anuvad term lookup` uses when no
 * glossary is given.  Pairs whose Hindi name is missing, or is the
 * English one or the code itself (no Hindi in CLDR), are left out.
 */
#include "term/cldr.h"

#include <stdio.h>
#include <string.h>

#include <unicode/ucurr.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

/* UTF-16 -> UTF-8 into buf; 0 when it does not fit or fails. */
static int utf8(const UChar *u, int32_t n, char *buf, int32_t size)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = 0;
    u_strToUTF8(buf, size, &len, u, n, &st);
    return U_SUCCESS(st) && len > 0 && len < size;
}

/* 1 when s has a Devanagari letter. */
static int has_devanagari(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)s[0] == 0xE0 && (unsigned char)s[1] == 0xA4)
            return 1;
    return 0;
}

static int pair(strbuf *out, const char *hi, const char *en,
                const char *what)
{
    if (!*hi || !*en || !strcmp(hi, en) || !has_devanagari(hi))
        return ANV_OK;
    return strbuf_printf(out, "%s\t%s\t%s\n", hi, en, what);
}

static int countries(strbuf *out)
{
    int rc = ANV_OK;
    for (const char *const *c = uloc_getISOCountries(); rc == ANV_OK && *c;
         c++) {
        char loc[16], hi[256], en[256];
        UChar u[128];
        snprintf(loc, sizeof loc, "und_%s", *c);
        UErrorCode st = U_ZERO_ERROR;
        int32_t n = uloc_getDisplayCountry(loc, "hi", u, 128, &st);
        if (U_FAILURE(st) || st == U_USING_DEFAULT_WARNING ||
            !utf8(u, n, hi, sizeof hi))
            continue;
        st = U_ZERO_ERROR;
        n = uloc_getDisplayCountry(loc, "en", u, 128, &st);
        if (U_FAILURE(st) || !utf8(u, n, en, sizeof en) || !strcmp(en, *c))
            continue;
        rc = pair(out, hi, en, "country or territory (CLDR)");
    }
    return rc;
}

static int languages(strbuf *out)
{
    int rc = ANV_OK;
    for (const char *const *l = uloc_getISOLanguages(); rc == ANV_OK && *l;
         l++) {
        /* only languages with a two-letter code (ISO 639-1, the ~180
         * major ones): the long tail's Hindi names collide with common
         * words (सेना "army" is also the Sena language) */
        if (strlen(*l) != 2)
            continue;
        char hi[256], en[256];
        UChar u[128];
        UErrorCode st = U_ZERO_ERROR;
        int32_t n = uloc_getDisplayLanguage(*l, "hi", u, 128, &st);
        if (U_FAILURE(st) || st == U_USING_DEFAULT_WARNING ||
            !utf8(u, n, hi, sizeof hi))
            continue;
        st = U_ZERO_ERROR;
        n = uloc_getDisplayLanguage(*l, "en", u, 128, &st);
        if (U_FAILURE(st) || !utf8(u, n, en, sizeof en) || !strcmp(en, *l))
            continue;
        rc = pair(out, hi, en, "language (CLDR)");
    }
    return rc;
}

static int currencies(strbuf *out)
{
    UErrorCode st = U_ZERO_ERROR;
    UEnumeration *e = ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED,
                                              &st);
    int rc = ANV_OK;
    const char *code;
    while (rc == ANV_OK && e && (code = uenum_next(e, NULL, &st)) && U_SUCCESS(st)) {
        UChar iso[4];
        u_charsToUChars(code, iso, 4);
        char hi[256], en[256];
        UBool is_choice = 0;
        int32_t n = 0;
        UErrorCode s2 = U_ZERO_ERROR;
        const UChar *h = ucurr_getName(iso, "hi", UCURR_LONG_NAME, &is_choice,
                                       &n, &s2);
        if (U_FAILURE(s2) || s2 == U_USING_DEFAULT_WARNING ||
            !utf8(h, n, hi, sizeof hi))
            continue;
        s2 = U_ZERO_ERROR;
        const UChar *g = ucurr_getName(iso, "en", UCURR_LONG_NAME, &is_choice,
                                       &n, &s2);
        if (U_FAILURE(s2) || !utf8(g, n, en, sizeof en))
            continue;
        rc = pair(out, hi, en, "currency (CLDR)");
    }
    uenum_close(e);
    return rc;
}

/* Months and weekdays: the standard (formatting, wide) names. */
static int calendar(strbuf *out)
{
    UErrorCode st = U_ZERO_ERROR;
    UDateFormat *fh = udat_open(UDAT_NONE, UDAT_FULL, "hi", NULL, 0, NULL, 0,
                                &st);
    UDateFormat *fe = udat_open(UDAT_NONE, UDAT_FULL, "en", NULL, 0, NULL, 0,
                                &st);
    int rc = ANV_OK;
    static const struct {
        UDateFormatSymbolType type;
        int first, last;
        const char *what;
    } kinds[] = {{UDAT_MONTHS, 0, 11, "month (CLDR)"},
                 {UDAT_WEEKDAYS, 1, 7, "weekday (CLDR)"}};
    for (size_t k = 0; U_SUCCESS(st) && rc == ANV_OK && k < 2; k++)
        for (int i = kinds[k].first; rc == ANV_OK && i <= kinds[k].last; i++) {
            UChar u[64];
            char hi[256], en[256];
            UErrorCode s2 = U_ZERO_ERROR;
            int32_t n = udat_getSymbols(fh, kinds[k].type, i, u, 64, &s2);
            if (U_FAILURE(s2) || !utf8(u, n, hi, sizeof hi))
                continue;
            n = udat_getSymbols(fe, kinds[k].type, i, u, 64, &s2);
            if (U_FAILURE(s2) || !utf8(u, n, en, sizeof en))
                continue;
            rc = pair(out, hi, en, kinds[k].what);
        }
    if (fh)
        udat_close(fh);
    if (fe)
        udat_close(fe);
    return U_SUCCESS(st) ? rc : ANV_EINTERNAL;
}

int cldr_glossary_tsv(strbuf *out, size_t *n, anv_error *err)
{
    size_t before = out->len;
    int rc = strbuf_append_str(out, "hi\ten\tcomment\n");
    if (rc == ANV_OK)
        rc = countries(out);
    if (rc == ANV_OK)
        rc = languages(out);
    if (rc == ANV_OK)
        rc = currencies(out);
    if (rc == ANV_OK)
        rc = calendar(out);
    if (rc == ANV_EINTERNAL)
        return anv_error_set(err, rc, "ICU has no Hindi date symbols");
    if (rc != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (n) {
        *n = 0;
        for (size_t i = before; i < out->len; i++)
            *n += out->data[i] == '\n';
        *n -= 1; /* the header */
    }
    return ANV_OK;
}
