/*
 * xliff_text.c - the words and escapes of the XLIFF module (see xliff.h):
 * XLIFF's state and state-qualifier names, the backslash escapes that
 * keep layout text safe inside attributes, and which characters XML can
 * hold at all.  Pure functions on strings; no project in sight.
 */
#include "project/xliff.h"
#include "project/xliff_internal.h"

#include <stdio.h>
#include <string.h>

#include <unicode/utf8.h>

static const char *const state_names[XLIFF_STATE_COUNT] = {
    "", "new", "needs-translation", "needs-adaptation", "needs-l10n",
    "needs-review-translation", "needs-review-adaptation",
    "needs-review-l10n", "translated", "signed-off", "final"};

static const char *const qualifier_names[XLIFF_QUAL_COUNT] = {
    "", "exact-match", "fuzzy-match", "id-match", "leveraged-glossary",
    "leveraged-inherited", "leveraged-mt", "leveraged-repository",
    "leveraged-tm", "mt-suggestion", "rejected-grammar",
    "rejected-inaccurate", "rejected-length", "rejected-spelling",
    "tm-suggestion"};

/* ---- names ---------------------------------------------------------------- */

const char *xliff_state_name(xliff_state s)
{
    return (unsigned)s < XLIFF_STATE_COUNT ? state_names[s] : "";
}

const char *xliff_qualifier_name(xliff_qualifier q)
{
    return (unsigned)q < XLIFF_QUAL_COUNT ? qualifier_names[q] : "";
}

int xliff_state_parse(const char *name, xliff_state *out)
{
    for (int s = 1; s < XLIFF_STATE_COUNT; s++)
        if (strcmp(name, state_names[s]) == 0) {
            *out = (xliff_state)s;
            return 0;
        }
    return -1;
}

int xliff_qualifier_parse(const char *name, xliff_qualifier *out)
{
    for (int q = 1; q < XLIFF_QUAL_COUNT; q++)
        if (strcmp(name, qualifier_names[q]) == 0) {
            *out = (xliff_qualifier)q;
            return 0;
        }
    return -1;
}

int xliff_state_is_confirmed(xliff_state s)
{
    return s >= XLIFF_STATE_TRANSLATED && s < XLIFF_STATE_COUNT;
}

/* ---- the layout encoding ---------------------------------------------------- */

int xliff_xml_char_ok(unsigned c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

int xliff_escape_layout(strbuf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        const char *rep = NULL;
        char hex[8];
        switch (c) {
        case '\n': rep = "\\n"; break;
        case '\r': rep = "\\r"; break;
        case '\t': rep = "\\t"; break;
        case '\\': rep = "\\\\"; break;
        default:
            if (c < 0 || (c < 0x20) || !xliff_xml_char_ok((unsigned)c)) {
                /* invalid bytes (never in checked input) become U+FFFD */
                snprintf(hex, sizeof hex, "\\u%04X",
                         c < 0 ? 0xFFFDu : (unsigned)c & 0xFFFFu);
                rep = hex;
            }
        }
        int rc = rep ? strbuf_append_str(out, rep)
                     : strbuf_append(out, s + start, i - start);
        if (rc != ANV_OK)
            return ANV_ENOMEM;
    }
    if (!out->data && strbuf_append(out, "", 0) != ANV_OK)
        return ANV_ENOMEM;
    return ANV_OK;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Drop what was appended to `out` since `mark`; returns rc. */
static int cut_back(strbuf *out, size_t mark, int rc)
{
    out->len = mark;
    if (out->data)
        out->data[mark] = '\0';
    return rc;
}

int xliff_unescape_layout(strbuf *out, const char *s, size_t n)
{
    size_t mark = out->len;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            if (strbuf_append_char(out, s[i]) != ANV_OK)
                goto nomem;
            continue;
        }
        if (++i >= n)
            goto bad;
        char c;
        switch (s[i]) {
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case '\\': c = '\\'; break;
        case 'u': {
            if (n - i < 5)
                goto bad;
            unsigned v = 0;
            for (int k = 1; k <= 4; k++) {
                int h = hex_value(s[i + (size_t)k]);
                if (h < 0)
                    goto bad;
                v = v * 16 + (unsigned)h;
            }
            if (U_IS_SURROGATE(v))
                goto bad;
            i += 4;
            char buf[4];
            int32_t len = 0;
            UBool fail = 0;
            U8_APPEND((uint8_t *)buf, len, 4, (UChar32)v, fail);
            if (fail || strbuf_append(out, buf, (size_t)len) != ANV_OK)
                goto nomem;
            continue;
        }
        default:
            goto bad;
        }
        if (strbuf_append_char(out, c) != ANV_OK)
            goto nomem;
    }
    if (!out->data && strbuf_append(out, "", 0) != ANV_OK)
        goto nomem;
    return ANV_OK;
bad:
    return cut_back(out, mark, -1);
nomem:
    return cut_back(out, mark, ANV_ENOMEM);
}

