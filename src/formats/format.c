/*
 * format.c - the filter framework: the table of filters, detection, the
 * document's encoding, the unit builder and rendering (see format.h).
 *
 * The builder keeps the unit being built as text bytes plus, for each
 * byte, the document offset it came from.  White space is collapsed as
 * it arrives (the first space byte of a run is kept, mapped to the run's
 * first byte); at fmt_unit_end() the text is trimmed, normalised to NFC
 * chunk by chunk (a chunk starts at each character ICU says has a
 * normalisation boundary before it, so normalising chunks separately
 * equals normalising the whole, and the first byte of each chunk keeps
 * an exact offset), and kept only if it has a character that is neither
 * a space nor a code.
 */
#include "formats/format.h"
#include "formats/filters.h"
#include "base/array.h"
#include "text/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

static const fmt_filter *const filters[] = {
    &fmt_filter_xhtml, &fmt_filter_html, &fmt_filter_vtt, &fmt_filter_srt,
    &fmt_filter_markdown, &fmt_filter_docx, &fmt_filter_odt,
};
#define N_FILTERS (sizeof filters / sizeof filters[0])

typedef struct fmt_builder {
    strbuf text;
    size_t *map;
    size_t cap_map;
    icode *codes;
    size_t n_codes, cap_codes;
    const char *context;
    unsigned flags;
    size_t end;          /* document offset after the last piece */
    int open;
} fmt_builder;

static int oom(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* ---- finding a filter ----------------------------------------------------- */

const fmt_filter *fmt_filter_by_name(const char *name)
{
    for (size_t i = 0; i < N_FILTERS; i++)
        if (strcasecmp(filters[i]->name, name) == 0)
            return filters[i];
    return NULL;
}

const fmt_filter *fmt_filter_by_datatype(const char *datatype)
{
    for (size_t i = 0; datatype && i < N_FILTERS; i++)
        if (strcmp(filters[i]->datatype, datatype) == 0)
            return filters[i];
    return NULL;
}

const char *fmt_filter_names(void)
{
    return "html, xhtml, markdown, srt, vtt, docx, odt and text";
}

static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    return dot ? dot + 1 : "";
}

/* Formats we know by name but cannot read (yet). */
static const struct {
    const char *ext, *what;
} refused[] = {
    {"pdf", "PDF"},         {"doc", "Word 97-2003 (.doc)"},
    {"rtf", "RTF"},         {"xlsx", "XLSX"},
    {"pptx", "PPTX"},       {"ods", "ODS"},         {"odp", "ODP"},
    {"zip", "ZIP archive"}, {"epub", "EPUB"},       {"png", "PNG image"},
    {"jpg", "JPEG image"},  {"jpeg", "JPEG image"}, {"gif", "GIF image"},
    {"xlf", "XLIFF as a source document (it is already bilingual)"},
    {"xliff", "XLIFF as a source document (it is already bilingual)"},
    {"sdlxliff", "SDLXLIFF (Trados)"}, {"mqxliff", "MQXLIFF (memoQ)"},
    {"po", "PO (gettext)"},   {"pot", "PO (gettext)"},
};

static int not_supported(anv_error *err, const char *path, const char *what)
{
    return anv_error_set(err, ANV_EINVAL, "%s: not supported: %s", path,
                         what);
}

int fmt_detect(const char *path, const char *data, size_t len,
               const fmt_filter **filter, anv_error *err)
{
    *filter = NULL;
    const char *ext = extension(path);
    /* a filter's extension first: a DOCX filter added to the table wins
     * over the "not supported: DOCX" below */
    for (size_t i = 0; i < N_FILTERS; i++)
        for (const char *const *e = filters[i]->extensions; *e; e++)
            if (strcasecmp(ext, *e) == 0) {
                *filter = filters[i];
                return ANV_OK;
            }
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (strcasecmp(ext, refused[i].ext) == 0)
            return not_supported(err, path, refused[i].what);
    /* by content */
    if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
        return not_supported(err, path, "PDF");
    if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        return not_supported(err, path, "ZIP archive (DOCX/ODT/XLSX...)");
    if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 ||
                     memcmp(data, "\xFE\xFF", 2) == 0))
        return not_supported(err, path, "UTF-16 text (save it as UTF-8, "
                             "or give it an .html/.srt name)");
    size_t head = len < FMT_SNIFF_BYTES ? len : FMT_SNIFF_BYTES;
    if (memchr(data, '\0', head))
        return not_supported(err, path, "binary file");
    for (size_t i = 0; i < N_FILTERS; i++)
        if (filters[i]->sniff && filters[i]->sniff(data, head)) {
            *filter = filters[i];
            return ANV_OK;
        }
    return ANV_OK; /* plain text */
}

/* ---- encodings ------------------------------------------------------------- */

static int to_utf16(const char *enc, const char *data, size_t len, UChar **out,
                    int32_t *out_len, int stop)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(enc, &st);
    if (U_FAILURE(st))
        return ANV_ENOTFOUND;
    if (stop)
        ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
                            &st);
    size_t cap = len * 2 + 2;
    UChar *u = malloc(cap * sizeof *u);
    if (!u || len > INT32_MAX / 2) {
        free(u);
        ucnv_close(cv);
        return ANV_ENOMEM;
    }
    int32_t n = ucnv_toUChars(cv, u, (int32_t)cap, data, (int32_t)len, &st);
    ucnv_close(cv);
    if (U_FAILURE(st)) {
        free(u);
        return ANV_EUTF8;
    }
    *out = u;
    *out_len = n;
    return ANV_OK;
}

static int from_utf16(const char *enc, const UChar *u, int32_t n, int refs,
                      strbuf *out)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(enc, &st);
    if (U_FAILURE(st))
        return ANV_ENOTFOUND;
    if (refs)
        ucnv_setFromUCallBack(cv, UCNV_FROM_U_CALLBACK_ESCAPE,
                              UCNV_ESCAPE_XML_DEC, NULL, NULL, &st);
    else
        ucnv_setFromUCallBack(cv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL,
                              NULL, &st);
    int32_t need = ucnv_fromUChars(cv, NULL, 0, u, n, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR)
        st = U_ZERO_ERROR;
    int rc = ANV_OK;
    if (U_FAILURE(st) || strbuf_reserve(out, (size_t)need + 1) != ANV_OK) {
        rc = U_FAILURE(st) ? ANV_EINVAL : ANV_ENOMEM;
    } else {
        ucnv_resetFromUnicode(cv);
        int32_t k = ucnv_fromUChars(cv, out->data + out->len, need + 1, u, n,
                                    &st);
        if (U_FAILURE(st))
            rc = ANV_EINVAL;
        else
            out->len += (size_t)k;
        out->data[out->len] = '\0';
    }
    ucnv_close(cv);
    return rc;
}

/* UTF-8 from UTF-16 with ICU. */
static int utf16_to_utf8(const UChar *u, int32_t n, strbuf *out)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t need = 0;
    u_strToUTF8(NULL, 0, &need, u, n, &st);
    st = U_ZERO_ERROR;
    if (strbuf_reserve(out, (size_t)need + 1) != ANV_OK)
        return ANV_ENOMEM;
    u_strToUTF8(out->data + out->len, need + 1, NULL, u, n, &st);
    if (U_FAILURE(st))
        return ANV_EINVAL;
    out->len += (size_t)need;
    out->data[out->len] = '\0';
    return ANV_OK;
}

static int is_utf8_name(const char *e)
{
    return strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "utf8") == 0;
}

/* The document's bytes as UTF-8 in `out`, its encoding in doc. */
static int decode(fmt_doc *doc, const char *data, size_t len, strbuf *out,
                  anv_error *err)
{
    char enc[64] = "UTF-8";
    if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0)
        strcpy(enc, "UTF-16LE");
    else if (len >= 2 && memcmp(data, "\xFE\xFF", 2) == 0)
        strcpy(enc, "UTF-16BE");
    else if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        strcpy(enc, "UTF-8");
    else if (doc->filter->declared_encoding &&
             doc->filter->declared_encoding(data, len, enc, sizeof enc)) {
        if (strcasecmp(enc, "iso-8859-1") == 0 ||
            strcasecmp(enc, "latin1") == 0 ||
            strcasecmp(enc, "us-ascii") == 0)
            strcpy(enc, "windows-1252"); /* as browsers read them */
    }
    doc->encoding = strdup(enc);
    if (!doc->encoding)
        return oom(err);
    if (is_utf8_name(enc)) {
        size_t bad;
        if (!text_is_valid_utf8(data, len, &bad))
            return anv_error_set(err, ANV_EUTF8, "%s: byte %zu: not UTF-8 "
                                 "(the document declares no other "
                                 "encoding)", doc->name, bad);
        if (memchr(data, '\0', len))
            return anv_error_set(err, ANV_EINVAL, "%s: not supported: NUL "
                                 "bytes in text", doc->name);
        return strbuf_append(out, data, len) == ANV_OK ? ANV_OK : oom(err);
    }
    UChar *u = NULL;
    int32_t n = 0;
    int rc = to_utf16(enc, data, len, &u, &n, 1);
    if (rc == ANV_ENOTFOUND)
        return anv_error_set(err, ANV_EINVAL, "%s: not supported: "
                             "encoding %s", doc->name, enc);
    if (rc == ANV_EUTF8)
        return anv_error_set(err, ANV_EUTF8, "%s: bytes that are not %s",
                             doc->name, enc);
    if (rc != ANV_OK)
        return oom(err);
    /* it must convert back exactly, or export could not be exact */
    strbuf back = STRBUF_INIT;
    rc = from_utf16(enc, u, n, 0, &back);
    if (rc == ANV_OK && (back.len != len || memcmp(back.data, data, len)))
        rc = anv_error_set(err, ANV_EINVAL, "%s: not supported: encoding "
                           "%s does not convert back byte for byte",
                           doc->name, enc);
    else if (rc != ANV_OK)
        rc = anv_error_set(err, ANV_EINVAL, "%s: not supported: encoding %s",
                           doc->name, enc);
    strbuf_release(&back);
    if (rc == ANV_OK && utf16_to_utf8(u, n, out) != ANV_OK)
        rc = oom(err);
    free(u);
    if (rc == ANV_OK && memchr(out->data, '\0', out->len))
        rc = anv_error_set(err, ANV_EINVAL, "%s: not supported: NUL "
                           "characters in text", doc->name);
    return rc;
}

int fmt_encode(const fmt_filter *f, const char *encoding, const char *utf8,
               size_t n, strbuf *out, anv_error *err)
{
    if (!encoding || is_utf8_name(encoding))
        return strbuf_append(out, utf8, n) == ANV_OK ? ANV_OK : oom(err);
    UChar *u = NULL;
    int32_t un = 0;
    int rc = to_utf16("UTF-8", utf8, n, &u, &un, 1);
    if (rc != ANV_OK)
        return anv_error_set(err, ANV_EINVAL, "the rebuilt document is not "
                             "UTF-8");
    rc = from_utf16(encoding, u, un, f && f->char_refs, out);
    free(u);
    if (rc == ANV_EINVAL)
        return anv_error_set(err, ANV_EINVAL, "the translation has "
                             "characters %s cannot hold", encoding);
    if (rc != ANV_OK)
        return anv_error_set(err, rc, "cannot convert to %s", encoding);
    return ANV_OK;
}

/* ---- documents --------------------------------------------------------------- */

int fmt_doc_add_part(fmt_doc *doc, const char *name, const char *data,
                     size_t len, anv_error *err)
{
    size_t cap = doc->n_parts;
    if (array_grow(&doc->parts, &cap, doc->n_parts + 1, sizeof *doc->parts)
        != ANV_OK)
        return oom(err);
    fmt_part *p = &doc->parts[doc->n_parts];
    p->name = strdup(name);
    p->data = malloc(len + 1);
    if (!p->name || !p->data) {
        free(p->name);
        free(p->data);
        return oom(err);
    }
    memcpy(p->data, data, len);
    p->data[len] = '\0';
    p->len = len;
    doc->n_parts++;
    return ANV_OK;
}

static void builder_free(fmt_builder *b)
{
    if (!b)
        return;
    strbuf_release(&b->text);
    free(b->map);
    icode_table_free(b->codes, b->n_codes);
    free(b);
}

fmt_doc *fmt_doc_open(const fmt_filter *filter, const char *name,
                      const char *data, size_t len, anv_error *err)
{
    return fmt_doc_open_with(filter, name, data, len, 0, err);
}

fmt_doc *fmt_doc_open_with(const fmt_filter *filter, const char *name,
                           const char *data, size_t len, unsigned flags,
                           anv_error *err)
{
    fmt_doc *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->name = strdup(name)) ||
        !(doc->b = calloc(1, sizeof *doc->b))) {
        fmt_doc_free(doc);
        oom(err);
        return NULL;
    }
    doc->filter = filter;
    doc->flags = flags;
    int rc;
    if (filter->unpack) {
        rc = (doc->original = malloc(len + 1)) ? ANV_OK : oom(err);
        if (rc == ANV_OK) {
            memcpy(doc->original, data, len);
            doc->original[len] = '\0';
            doc->original_len = len;
            rc = filter->unpack(doc, data, len, err);
        }
    } else {
        strbuf u = STRBUF_INIT;
        rc = decode(doc, data, len, &u, err);
        if (rc == ANV_OK)
            rc = fmt_doc_add_part(doc, "", u.data ? u.data : "", u.len, err);
        strbuf_release(&u);
    }
    for (size_t i = 0; rc == ANV_OK && i < doc->n_parts; i++) {
        doc->part = i;
        rc = filter->read(doc, err);
        if (rc == ANV_OK && doc->b->open)
            rc = anv_error_set(err, ANV_EINTERNAL, "%s: a unit was not "
                               "ended", name);
    }
    if (rc != ANV_OK) {
        fmt_doc_free(doc);
        return NULL;
    }
    return doc;
}

void fmt_doc_free(fmt_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_units; i++) {
        free(doc->units[i].text);
        free(doc->units[i].map);
        icode_table_free(doc->units[i].codes, doc->units[i].n_codes);
    }
    free(doc->units);
    for (size_t i = 0; i < doc->n_parts; i++) {
        free(doc->parts[i].name);
        free(doc->parts[i].data);
    }
    free(doc->parts);
    builder_free(doc->b);
    free(doc->original);
    free(doc->name);
    free(doc->encoding);
    free(doc);
}

/* ---- the builder ---------------------------------------------------------------- */

static void builder_reset(fmt_builder *b)
{
    strbuf_clear(&b->text);
    icode_table_free(b->codes, b->n_codes);
    b->codes = NULL;
    b->n_codes = b->cap_codes = 0;
    b->open = 0;
}

int fmt_unit_begin(fmt_doc *doc, const char *context, unsigned flags,
                   anv_error *err)
{
    fmt_builder *b = doc->b;
    if (b->open)
        return anv_error_set(err, ANV_EINTERNAL, "%s: unit begun twice",
                             doc->name);
    builder_reset(b);
    b->open = 1;
    b->context = context;
    b->flags = flags;
    b->end = 0;
    return ANV_OK;
}

int fmt_unit_empty(const fmt_doc *doc)
{
    return !doc->b->open || doc->b->text.len == 0;
}

void fmt_unit_cancel(fmt_doc *doc)
{
    builder_reset(doc->b);
}

/* Append bytes to the text, each mapped to `at` (+ its index when
 * `step`). */
static int put(fmt_builder *b, const char *s, size_t n, size_t at, int step)
{
    if (array_grow(&b->map, &b->cap_map, b->text.len + n + 1,
                   sizeof *b->map) != ANV_OK ||
        strbuf_append(&b->text, s, n) != ANV_OK)
        return ANV_ENOMEM;
    for (size_t i = 0; i < n; i++)
        b->map[b->text.len - n + i] = at + (step ? i : 0);
    return ANV_OK;
}

static int last_is_space(const fmt_builder *b)
{
    return b->text.len == 0 || b->text.data[b->text.len - 1] == ' ';
}

static int add_code(fmt_doc *doc, icode_kind kind, unsigned id, size_t start,
                    size_t end, const char *markup, size_t mlen,
                    anv_error *err)
{
    fmt_builder *b = doc->b;
    if (array_grow(&b->codes, &b->cap_codes, b->n_codes + 1,
                   sizeof *b->codes) != ANV_OK)
        return oom(err);
    char *data = strndup(markup, mlen);
    if (!data)
        return oom(err);
    b->codes[b->n_codes++] = (icode){kind, id, data};
    strbuf tmp = STRBUF_INIT;
    int rc = icode_append(&tmp, kind, id);
    if (rc == ANV_OK)
        rc = put(b, tmp.data, tmp.len, start, 0);
    strbuf_release(&tmp);
    if (rc != ANV_OK)
        return oom(err);
    b->end = end;
    return ANV_OK;
}

static size_t next_id(const fmt_builder *b)
{
    return icode_next_id(b->codes, b->n_codes);
}

static int check_piece(fmt_doc *doc, size_t start, size_t end,
                       anv_error *err)
{
    fmt_builder *b = doc->b;
    if (!b->open)
        return anv_error_set(err, ANV_EINTERNAL, "%s: text outside a unit",
                             doc->name);
    if (end < start || end > doc->parts[doc->part].len ||
        (b->text.len && start < b->end))
        return anv_error_set(err, ANV_EINTERNAL, "%s: piece %zu..%zu out of "
                             "order", doc->name, start, end);
    if (next_id(b) > ICODE_MAX_ID)
        return anv_error_set(err, ANV_ELIMIT, "%s: byte %zu: more than %u "
                             "inline codes in one paragraph", doc->name,
                             start, ICODE_MAX_ID);
    return ANV_OK;
}

int fmt_unit_open(fmt_doc *doc, size_t start, size_t end, unsigned *id,
                  anv_error *err)
{
    int rc = check_piece(doc, start, end, err);
    if (rc != ANV_OK)
        return rc;
    *id = (unsigned)next_id(doc->b);
    const char *d = doc->parts[doc->part].data;
    return add_code(doc, ICODE_OPEN, *id, start, end, d + start, end - start,
                    err);
}

int fmt_unit_close(fmt_doc *doc, size_t start, size_t end, unsigned id,
                   anv_error *err)
{
    int rc = check_piece(doc, start, end, err);
    if (rc != ANV_OK)
        return rc;
    const char *d = doc->parts[doc->part].data;
    return add_code(doc, ICODE_CLOSE, id, start, end, d + start, end - start,
                    err);
}

int fmt_unit_isolated(fmt_doc *doc, size_t start, size_t end,
                      anv_error *err)
{
    int rc = check_piece(doc, start, end, err);
    if (rc != ANV_OK)
        return rc;
    const char *d = doc->parts[doc->part].data;
    return add_code(doc, ICODE_ISOLATED, (unsigned)next_id(doc->b), start,
                    end, d + start, end - start, err);
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int fmt_unit_text(fmt_doc *doc, size_t start, size_t end, const char *text,
                  size_t n, anv_error *err)
{
    int rc = check_piece(doc, start, end, err);
    if (rc != ANV_OK)
        return rc;
    fmt_builder *b = doc->b;
    const char *d = doc->parts[doc->part].data;
    int collapse = !(b->flags & FMT_UNIT_KEEP_SPACE);
    if (text) { /* a decoded entity or escape: all of it maps to start */
        if (n == 1 && is_ws(text[0])) {
            if (!(collapse && last_is_space(b)) && put(b, " ", 1, start, 0))
                return oom(err);
        } else if (put(b, text, n, start, 0) != ANV_OK) {
            return oom(err);
        }
        b->end = end;
        return ANV_OK;
    }
    size_t run = start;
    for (size_t i = start; i < end;) {
        unsigned char c = (unsigned char)d[i];
        if (is_ws((char)c)) {
            if (put(b, d + run, i - run, run, 1) != ANV_OK)
                return oom(err);
            size_t j = i + 1;
            if (c == '\r' && j < end && d[j] == '\n')
                j++;
            if (!(collapse && last_is_space(b)) &&
                put(b, " ", 1, i, 0) != ANV_OK)
                return oom(err);
            if (collapse)
                while (j < end && is_ws(d[j]))
                    j++;
            i = run = j;
            continue;
        }
        if (c == 0xEE && icode_at(d, end, i, NULL, NULL)) {
            /* a literal private-use character: an isolated code */
            if (put(b, d + run, i - run, run, 1) != ANV_OK)
                return oom(err);
            b->end = i;
            rc = add_code(doc, ICODE_ISOLATED, (unsigned)next_id(b), i,
                          i + ICODE_CHAR_LEN, d + i, ICODE_CHAR_LEN, err);
            if (rc != ANV_OK)
                return rc;
            i = run = i + ICODE_CHAR_LEN;
            continue;
        }
        i++;
    }
    if (put(b, d + run, end - run, run, 1) != ANV_OK)
        return oom(err);
    b->end = end;
    return ANV_OK;
}

/* Does text hold something besides spaces and codes? */
static int has_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (icode_at(s, n, i, NULL, NULL)) {
            i += ICODE_CHAR_LEN - 1;
            continue;
        }
        if (s[i] != ' ')
            return 1;
    }
    return 0;
}

/* NFC of text[0..len) with its map, chunk by chunk (see the top). */
static int normalise(fmt_builder *b, char **out_text, size_t *out_len,
                     size_t **out_map, anv_error *err)
{
    const char *s = b->text.data;
    size_t n = b->text.len;
    strbuf nt = STRBUF_INIT;
    size_t *nm = NULL, cap = 0;
    /* the common case: already NFC, the map stays as it is */
    if (text_append_nfc(&nt, s, n, err) != ANV_OK) {
        strbuf_release(&nt);
        return err && err->code ? err->code : oom(err);
    }
    if (nt.len == n && memcmp(nt.data ? nt.data : "", s, n) == 0) {
        if (array_grow(&b->map, &b->cap_map, n + 1, sizeof *b->map) !=
            ANV_OK) {
            strbuf_release(&nt);
            return oom(err);
        }
        b->map[n] = b->end;
        *out_len = n;
        *out_text = nt.data ? strbuf_detach(&nt, NULL) : strdup("");
        *out_map = b->map; /* the builder gets a new one */
        b->map = NULL;
        b->cap_map = 0;
        return *out_text ? ANV_OK : oom(err);
    }
    strbuf_clear(&nt);
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st))
        return anv_error_set(err, ANV_EINTERNAL, "ICU: no NFC data");
    int rc = ANV_OK;
    size_t chunk = 0;
    for (size_t i = 0; i <= n && rc == ANV_OK;) {
        UChar32 c = 0;
        size_t next = i;
        if (i < n)
            U8_NEXT((const uint8_t *)s, next, n, c);
        if (i == n || (i > chunk && unorm2_hasBoundaryBefore(nfc, c))) {
            size_t before = nt.len;
            if (text_append_nfc(&nt, s + chunk, i - chunk, err) != ANV_OK ||
                array_grow(&nm, &cap, nt.len + 1, sizeof *nm) != ANV_OK) {
                rc = err && err->code ? err->code : oom(err);
                break;
            }
            if (nt.len - before == i - chunk)
                memcpy(nm + before, b->map + chunk,
                       (i - chunk) * sizeof *nm);
            else
                for (size_t k = before; k < nt.len; k++)
                    nm[k] = b->map[chunk];
            chunk = i;
        }
        if (i == n)
            break;
        i = next;
    }
    if (rc != ANV_OK) {
        strbuf_release(&nt);
        free(nm);
        return rc;
    }
    nm[nt.len] = b->end;
    *out_len = nt.len;
    *out_text = strbuf_detach(&nt, NULL);
    if (!*out_text)
        *out_text = strdup("");
    *out_map = nm;
    return *out_text ? ANV_OK : oom(err);
}

int fmt_unit_end(fmt_doc *doc, anv_error *err)
{
    fmt_builder *b = doc->b;
    if (!b->open)
        return anv_error_set(err, ANV_EINTERNAL, "%s: no unit to end",
                             doc->name);
    /* trim spaces: the trailing ones end the unit where they start */
    while (b->text.len && b->text.data[b->text.len - 1] == ' ') {
        b->end = b->map[b->text.len - 1];
        b->text.len--;
    }
    size_t lead = 0;
    while (lead < b->text.len && b->text.data[lead] == ' ')
        lead++;
    if (lead) {
        memmove(b->text.data, b->text.data + lead, b->text.len - lead);
        memmove(b->map, b->map + lead, (b->text.len - lead) * sizeof *b->map);
        b->text.len -= lead;
    }
    if (b->text.data)
        b->text.data[b->text.len] = '\0';
    if (!has_text(b->text.data, b->text.len)) {
        builder_reset(b);
        return ANV_OK;
    }
    if (array_grow(&doc->units, &doc->cap_units, doc->n_units + 1,
                   sizeof *doc->units) != ANV_OK)
        return oom(err);
    fmt_unit *u = &doc->units[doc->n_units];
    memset(u, 0, sizeof *u);
    int rc = normalise(b, &u->text, &u->len, &u->map, err);
    if (rc != ANV_OK)
        return rc;
    u->part = doc->part;
    u->start = u->map[0];
    u->end = b->end;
    u->codes = b->codes;
    u->n_codes = b->n_codes;
    b->codes = NULL;
    b->n_codes = b->cap_codes = 0;
    u->context = b->context;
    u->flags = b->flags;
    doc->n_units++;
    builder_reset(b);
    return ANV_OK;
}

/* ---- writing -------------------------------------------------------------------- */

int fmt_render(const fmt_filter *f, const char *text, size_t n,
               const icode *codes, size_t n_codes, strbuf *out,
               anv_error *err)
{
    size_t pos = 0;
    icode_piece pc;
    while (icode_next_piece(text, n, &pos, &pc)) {
        if (!pc.is_code) {
            if (f->escape(out, pc.text, pc.len) != ANV_OK)
                return oom(err);
            continue;
        }
        const icode *c = icode_find(codes, n_codes, pc.kind, pc.id);
        if (!c)
            return anv_error_set(err, ANV_EINVAL, "inline code %s%u%s is "
                                 "not one of the source's",
                                 pc.kind == ICODE_CLOSE ? "{/" : "{", pc.id,
                                 pc.kind == ICODE_ISOLATED ? "/}" : "}");
        if (strbuf_append_str(out, c->data) != ANV_OK)
            return oom(err);
    }
    return ANV_OK;
}
