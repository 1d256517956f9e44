/*
 * xliff_write.c - saving a project as XLIFF 1.2, and rebuilding documents.
 *
 * The XML is produced by libxml2's xmlTextWriter straight into the output
 * stream (no tree in memory), two-space indented, attributes in a fixed
 * order, so that the same project always gives the same bytes.  The shape
 * (docs/xliff.md has every element and attribute):
 *
 *   <xliff version="1.2" xmlns=XLIFF xmlns:anv=XLIFF_ANUVAD_NS [anv:tm] [anv:glossaries]>
 *     <file original source-language target-language datatype
 *           [anv:bom="yes"] [anv:paragraphs="blank"] [anv:after="\n"]>
 *       <header><tool tool-id="anuvad" .../></header>
 *       <body>
 *         <trans-unit id xml:space="preserve" [approved="yes"]
 *                     [anv:before=LAYOUT] [anv:raw=BYTES]>
 *           <source/> [<target state state-qualifier anv:match-quality
 *           anv:marks/>] <alt-trans .../>* <note from/>*
 *
 * Text XML cannot hold (most C0 controls, U+FFFE, U+FFFF) is refused in
 * targets, matches and notes.  In a source it is written as U+FFFD and the
 * exact bytes go to anv:raw, which, like every layout attribute, uses the
 * backslash escapes of xliff_escape_layout(): an attribute value that no
 * XML tool can reflow.
 */
#include "project/xliff.h"
#include "project/xliff_internal.h"
#include "base/fileio.h"
#include "base/version.h"
#include "formats/format.h"

#include <errno.h>
#include <string.h>

#include <libxml/xmlwriter.h>
#include <unicode/utf8.h>

#define XLIFF_NS "urn:oasis:names:tc:xliff:document:1.2"

typedef struct writer {
    xmlTextWriterPtr w;
    strbuf tmp;
    anv_error *err;
    int failed; /* the output failed (libxml2 returned -1) */
} writer;

/* Position of the first character XML cannot hold, or -1. */
static long first_bad_xml_char(const char *s)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t at = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0 || !xliff_xml_char_ok((unsigned)c))
            return (long)at;
    }
    return -1;
}

/* Copy of s with characters XML cannot hold replaced by U+FFFD. */
static int xml_safe_copy(strbuf *out, const char *s)
{
    size_t n = strlen(s), i = 0;
    strbuf_clear(out);
    while (i < n) {
        size_t at = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        int rc = c < 0 || !xliff_xml_char_ok((unsigned)c)
                     ? strbuf_append_str(out, "\xEF\xBF\xBD")
                     : strbuf_append(out, s + at, i - at);
        if (rc != ANV_OK)
            return ANV_ENOMEM;
    }
    return strbuf_append(out, "", 0);
}

static int check_text(writer *wr, const xliff_unit *u, const char *what,
                      const char *s)
{
    long at = first_bad_xml_char(s);
    if (at < 0)
        return ANV_OK;
    unsigned char b = (unsigned char)s[at];
    return anv_error_set(wr->err, ANV_EINVAL,
                         "unit %s: the %s holds a character XML cannot store "
                         "(byte 0x%02X at %ld)", u->id, what, b, at);
}

#define TRY(call)              \
    do {                       \
        if ((call) < 0)        \
            goto write_failed; \
    } while (0)

static int attr(writer *wr, const char *name, const char *value)
{
    return xmlTextWriterWriteAttribute(wr->w, BAD_CAST name, BAD_CAST value);
}

static int anv_attr(writer *wr, const char *name, const char *value)
{
    return xmlTextWriterWriteAttributeNS(wr->w, BAD_CAST "anv",
                                         BAD_CAST name, NULL, BAD_CAST value);
}

/* anv:NAME with the layout escapes, left out when the value is empty. */
static int layout_attr(writer *wr, const char *name, const char *value,
                       size_t n)
{
    if (n == 0)
        return 0;
    strbuf_clear(&wr->tmp);
    if (xliff_escape_layout(&wr->tmp, value, n) != ANV_OK) {
        anv_error_set(wr->err, ANV_ENOMEM, "out of memory");
        return -1;
    }
    return anv_attr(wr, name, wr->tmp.data);
}

/* Markup inside <bpt> & co: escaped, CR kept as a reference. */
static int append_markup(strbuf *b, const char *s)
{
    for (; *s; s++) {
        int rc;
        switch (*s) {
        case '&': rc = strbuf_append_str(b, "&amp;"); break;
        case '<': rc = strbuf_append_str(b, "&lt;"); break;
        case '>': rc = strbuf_append_str(b, "&gt;"); break;
        case '\r': rc = strbuf_append_str(b, "&#13;"); break;
        default: rc = strbuf_append_char(b, *s); break;
        }
        if (rc != ANV_OK)
            return rc;
    }
    return ANV_OK;
}

/* Segment text with code chars as XLIFF 1.2 inline elements (see
 * docs/xliff.md, "Inline codes"): a pair whose two halves are both in
 * the text is <bpt id>/<ept id>, a half alone <it pos>, an isolated code
 * <ph id>; each holds the code's markup.  A code char the table lacks is
 * written as the character it is. */
static int append_coded(strbuf *b, const char *text, const icode *codes,
                        size_t n_codes)
{
    size_t len = strlen(text), pos = 0;
    icode_piece pc;
    while (icode_next_piece(text, len, &pos, &pc)) {
        const icode *c = pc.is_code
                             ? icode_find(codes, n_codes, pc.kind, pc.id)
                             : NULL;
        if (!c) { /* text, or a code char the table lacks: as it is */
            if (strbuf_append_xml(b, pc.text, pc.len, 0) != ANV_OK)
                return ANV_ENOMEM;
            continue;
        }
        int paired = icode_has_partner(text, len, pc.kind, pc.id);
        const char *el = pc.kind == ICODE_ISOLATED ? "ph"
                         : !paired                 ? "it"
                         : pc.kind == ICODE_OPEN   ? "bpt" : "ept";
        int rc = strbuf_printf(b, "<%s id=\"%u\"", el, pc.id);
        if (rc == ANV_OK && !paired && pc.kind != ICODE_ISOLATED)
            rc = strbuf_printf(b, " pos=\"%s\"",
                               pc.kind == ICODE_OPEN ? "open" : "close");
        if (rc == ANV_OK)
            rc = strbuf_append_char(b, '>');
        if (rc == ANV_OK)
            rc = append_markup(b, c->data);
        if (rc == ANV_OK)
            rc = strbuf_printf(b, "</%s>", el);
        if (rc != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

/* The content of <source>/<target>: plain text, or with inline codes. */
static int write_content(writer *wr, const char *text, const xliff_unit *u)
{
    if (!u || !u->n_codes)
        return xmlTextWriterWriteString(wr->w, BAD_CAST text);
    strbuf_clear(&wr->tmp);
    if (append_coded(&wr->tmp, text, u->codes, u->n_codes) != ANV_OK ||
        strbuf_append(&wr->tmp, "", 0) != ANV_OK) {
        anv_error_set(wr->err, ANV_ENOMEM, "out of memory");
        return -1;
    }
    return xmlTextWriterWriteRaw(wr->w, BAD_CAST wr->tmp.data);
}

static int coded_element(writer *wr, const char *name, const char *text,
                         const xliff_unit *u)
{
    if (xmlTextWriterStartElement(wr->w, BAD_CAST name) < 0 ||
        write_content(wr, text, u) < 0 ||
        xmlTextWriterEndElement(wr->w) < 0)
        return -1;
    return 0;
}

static int write_marks(writer *wr, unsigned marks)
{
    if (!marks)
        return 0;
    char buf[64] = "";
    if (marks & XLIFF_MARK_NUMBERS_FIXED)
        strcat(buf, "numbers-fixed");
    if (marks & XLIFF_MARK_PROPAGATED)
        strcat(strcat(buf, *buf ? " " : ""), "propagated");
    return *buf ? anv_attr(wr, "marks", buf) : 0;
}

static int write_match(writer *wr, const xliff_match *m, const xliff_unit *u)
{
    char q[16];
    TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "alt-trans"));
    if (m->quality >= 0) {
        snprintf(q, sizeof q, "%d", m->quality);
        TRY(attr(wr, "match-quality", q));
    }
    if (m->origin)
        TRY(attr(wr, "origin", m->origin));
    TRY(attr(wr, "tool-id", "anuvad"));
    if (m->tuid)
        TRY(anv_attr(wr, "tuid", m->tuid));
    if (m->changedate)
        TRY(anv_attr(wr, "changedate", m->changedate));
    TRY(coded_element(wr, "source", m->source, u));
    TRY(coded_element(wr, "target", m->target, u));
    TRY(xmlTextWriterEndElement(wr->w));
    return 0;
write_failed:
    return -1;
}

static int write_unit(writer *wr, const xliff_unit *u, unsigned flags)
{
    /* Refuse what XML cannot hold before writing anything of the unit. */
    if (u->target && check_text(wr, u, "target", u->target) != ANV_OK)
        return ANV_EINVAL;
    for (size_t k = 0; k < u->n_matches; k++)
        if (check_text(wr, u, "match source", u->matches[k].source) ||
            check_text(wr, u, "match target", u->matches[k].target) ||
            (u->matches[k].origin &&
             check_text(wr, u, "match origin", u->matches[k].origin)))
            return ANV_EINVAL;
    for (size_t k = 0; k < u->n_notes; k++)
        if (check_text(wr, u, "note", u->notes[k].text))
            return ANV_EINVAL;

    int confirmed = xliff_state_is_confirmed(u->state);
    int omegat = (flags & XLIFF_WRITE_FOR_OMEGAT) != 0;
    const char *raw = u->source_raw;
    const char *source = u->source;
    strbuf safe = STRBUF_INIT;
    if (first_bad_xml_char(u->source) >= 0) {
        if (xml_safe_copy(&safe, u->source) != ANV_OK) {
            strbuf_release(&safe);
            return anv_error_set(wr->err, ANV_ENOMEM, "out of memory");
        }
        source = safe.data;
        if (!raw)
            raw = u->source;
    }

    TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "trans-unit"));
    TRY(attr(wr, "id", u->id));
    TRY(xmlTextWriterWriteAttribute(wr->w, BAD_CAST "xml:space",
                                    BAD_CAST "preserve"));
    if (confirmed)
        TRY(attr(wr, "approved", "yes"));
    if (omegat && confirmed)
        TRY(attr(wr, "translate", "no"));
    TRY(layout_attr(wr, "before", u->before, strlen(u->before)));
    if (raw)
        TRY(layout_attr(wr, "raw", raw, strlen(raw)));
    TRY(coded_element(wr, "source", source, u));
    if (omegat && !confirmed) {
        /* OmegaT translates <target>: give it the source to translate;
         * a target not yet confirmed is kept as the first proposal */
        TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "target"));
        TRY(attr(wr, "state", "needs-translation"));
        TRY(write_content(wr, source, u));
        TRY(xmlTextWriterEndElement(wr->w));
        if (u->target) {
            xliff_match own = {u->match_quality, "anuvad:target", source,
                               u->target, NULL, NULL};
            TRY(write_match(wr, &own, u));
        }
    } else if (u->target) {
        char q[16];
        TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "target"));
        TRY(attr(wr, "state", xliff_state_name(u->state)));
        if (u->qualifier != XLIFF_QUAL_NONE)
            TRY(attr(wr, "state-qualifier",
                     xliff_qualifier_name(u->qualifier)));
        if (u->match_quality >= 0) {
            snprintf(q, sizeof q, "%d", u->match_quality);
            TRY(anv_attr(wr, "match-quality", q));
        }
        TRY(write_marks(wr, u->marks));
        TRY(write_content(wr, u->target, u));
        TRY(xmlTextWriterEndElement(wr->w));
    }
    for (size_t k = 0; k < u->n_matches; k++)
        TRY(write_match(wr, &u->matches[k], NULL));
    for (size_t k = 0; k < u->n_notes; k++) {
        TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "note"));
        if (u->notes[k].from)
            TRY(attr(wr, "from", u->notes[k].from));
        TRY(xmlTextWriterWriteString(wr->w, BAD_CAST u->notes[k].text));
        TRY(xmlTextWriterEndElement(wr->w));
    }
    TRY(xmlTextWriterEndElement(wr->w));
    strbuf_release(&safe);
    return ANV_OK;
write_failed:
    strbuf_release(&safe);
    wr->failed = 1;
    return ANV_EIO;
}

static int write_file(writer *wr, const xliff_project *p, size_t f,
                      unsigned flags)
{
    const xliff_file *x = xliff_project_file(p, f);
    TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "file"));
    TRY(attr(wr, "original", x->original));
    TRY(attr(wr, "source-language", x->source_language));
    TRY(attr(wr, "target-language", x->target_language));
    TRY(attr(wr, "datatype", x->datatype));
    if (x->bom)
        TRY(anv_attr(wr, "bom", "yes"));
    if (x->blank_paragraphs)
        TRY(anv_attr(wr, "paragraphs", "blank"));
    if (x->encoding)
        TRY(anv_attr(wr, "encoding", x->encoding));
    if (x->lang_end) {
        char buf[48];
        snprintf(buf, sizeof buf, "%zu %zu", x->lang_start, x->lang_end);
        TRY(anv_attr(wr, "lang-at", buf));
    }
    if (x->part)
        TRY(anv_attr(wr, "part", x->part));
    TRY(layout_attr(wr, "after", x->after, strlen(x->after)));
    TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "header"));
    if (x->container) {
        /* the original container, for export (xliff.h) */
        TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "skl"));
        TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "internal-file"));
        TRY(attr(wr, "form", "base64"));
        TRY(xmlTextWriterWriteBase64(wr->w, x->container, 0,
                                     (int)x->container_len));
        TRY(xmlTextWriterEndElement(wr->w));
        TRY(xmlTextWriterEndElement(wr->w));
    }
    TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "tool"));
    TRY(attr(wr, "tool-id", "anuvad"));
    TRY(attr(wr, "tool-name", "anuvad"));
    TRY(attr(wr, "tool-version", ANUVAD_VERSION));
    TRY(xmlTextWriterEndElement(wr->w));
    TRY(xmlTextWriterEndElement(wr->w));
    TRY(xmlTextWriterStartElement(wr->w, BAD_CAST "body"));
    for (size_t i = x->first_unit; i < x->first_unit + x->n_units; i++) {
        int rc = write_unit(wr, xliff_project_unit(p, i), flags);
        if (rc != ANV_OK)
            return rc;
    }
    TRY(xmlTextWriterEndElement(wr->w));
    TRY(xmlTextWriterEndElement(wr->w));
    return ANV_OK;
write_failed:
    wr->failed = 1;
    return ANV_EIO;
}

int xliff_project_write(const xliff_project *p, FILE *fp, unsigned flags,
                        anv_error *err)
{
    if (xliff_project_foreign(p)) {
        strbuf b = STRBUF_INIT;
        int rc = xliff_foreign_write(p, xliff_project_foreign(p), &b, err);
        if (rc == ANV_OK && b.len && fwrite(b.data, 1, b.len, fp) != b.len)
            rc = anv_error_set(err, ANV_EIO, "write error");
        strbuf_release(&b);
        (void)flags;
        return rc;
    }
    if (xliff_project_file_count(p) == 0)
        return anv_error_set(err, ANV_EINVAL, "the project has no files");
    xmlOutputBufferPtr out = xmlOutputBufferCreateFile(fp, NULL);
    if (!out)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    writer wr = {xmlNewTextWriter(out), STRBUF_INIT, err, 0};
    if (!wr.w) {
        xmlOutputBufferClose(out);
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    int rc = ANV_OK;
    TRY(xmlTextWriterSetIndent(wr.w, 1));
    TRY(xmlTextWriterSetIndentString(wr.w, BAD_CAST "  "));
    TRY(xmlTextWriterStartDocument(wr.w, "1.0", "UTF-8", NULL));
    TRY(xmlTextWriterStartElement(wr.w, BAD_CAST "xliff"));
    TRY(attr(&wr, "version", "1.2"));
    TRY(attr(&wr, "xmlns", XLIFF_NS));
    TRY(attr(&wr, "xmlns:anv", XLIFF_ANUVAD_NS));
    if (xliff_project_tm(p))
        TRY(anv_attr(&wr, "tm", xliff_project_tm(p)));
    if (xliff_project_glossaries(p))
        TRY(anv_attr(&wr, "glossaries", xliff_project_glossaries(p)));
    for (size_t f = 0; f < xliff_project_file_count(p); f++)
        if ((rc = write_file(&wr, p, f, flags)) != ANV_OK)
            goto out;
    TRY(xmlTextWriterEndDocument(wr.w));
    TRY(xmlTextWriterFlush(wr.w));
    goto out;
write_failed:
    wr.failed = 1;
out:
    if (wr.failed)
        rc = anv_error_set(err, ANV_EIO, "write error: %s",
                           strerror(errno ? errno : EIO));
    xmlFreeTextWriter(wr.w); /* also closes `out`, not `fp` */
    strbuf_release(&wr.tmp);
    if (rc == ANV_OK && (fflush(fp) != 0 || ferror(fp)))
        rc = anv_error_set(err, ANV_EIO, "write error: %s", strerror(errno));
    return rc;
}

int xliff_project_save(const xliff_project *p, const char *path,
                       unsigned flags, anv_error *err)
{
    atomic_file *af = atomic_file_open_flags(
        path, flags & XLIFF_WRITE_REPLACE_READONLY ? ATOMIC_REPLACE_READONLY : 0,
        err);
    if (!af)
        return err ? err->code : ANV_EIO;
    int rc = xliff_project_write(p, atomic_file_stream(af), flags, err);
    if (rc != ANV_OK) {
        atomic_file_abort(af);
        if (rc == ANV_EIO)
            anv_error_prefix(err, "%s", path);
        return rc;
    }
    return atomic_file_commit(af, NULL, err);
}

/* The language value of the first unit's layout (or of `after`)
 * replaced by the target language. */
static int append_layout(strbuf *out, const xliff_file *x,
                         const fmt_filter *filter, const char *s, int first,
                         int translated)
{
    size_t n = strlen(s);
    if (!first || !translated || !x->lang_end || x->lang_end > n)
        return strbuf_append(out, s, n);
    if (strbuf_append(out, s, x->lang_start) != ANV_OK)
        return ANV_ENOMEM;
    if (filter && filter->render_lang
            ? filter->render_lang(x->target_language, out) != ANV_OK
            : strbuf_append_str(out, x->target_language) != ANV_OK)
        return ANV_ENOMEM;
    return strbuf_append(out, s + x->lang_end, n - x->lang_end);
}

static int file_rebuild(const xliff_project *p, size_t f,
                        const fmt_filter *filter, int use_targets,
                        int doc_translated, strbuf *out, size_t *kept_source,
                        anv_error *err);

int xliff_document_rebuild(const xliff_project *p, size_t f, strbuf *out,
                           size_t *kept_source, anv_error *err)
{
    return xliff_document_rebuild_with(p, f, NULL, out, kept_source, err);
}

int xliff_document_rebuild_with(const xliff_project *p, size_t f,
                                const fmt_filter *filter, strbuf *out,
                                size_t *kept_source, anv_error *err)
{
    const xliff_file *x = xliff_project_file(p, f);
    if (!x)
        return anv_error_set(err, ANV_EINVAL, "no file %zu", f + 1);
    if (!x->part)
        return xliff_file_rebuild(p, f, 1, out, kept_source, err);
    if (!filter)
        filter = fmt_filter_by_datatype(x->datatype);
    if (!filter || !filter->pack || !x->container)
        return anv_error_set(err, ANV_EINVAL, "%s: no filter can write a "
                             "%s container back", x->original, x->datatype);
    size_t end = xliff_document_end(p, f), n = end - f, kept = 0;
    /* the language goes to the target when any part has a translation
     * (it may sit in a part without text: DOCX's styles.xml) */
    int doc_translated = 0;
    for (size_t k = f; k < end; k++) {
        const xliff_file *xk = xliff_project_file(p, k);
        for (size_t i = xk->first_unit; i < xk->first_unit + xk->n_units; i++)
            doc_translated |= xliff_project_unit(p, i)->target != NULL;
    }
    fmt_part *parts = calloc(n, sizeof *parts);
    strbuf *bufs = calloc(n, sizeof *bufs);
    int rc = parts && bufs ? ANV_OK
                           : anv_error_set(err, ANV_ENOMEM, "out of memory");
    for (size_t k = 0; rc == ANV_OK && k < n; k++) {
        size_t kk = 0;
        rc = file_rebuild(p, f + k, filter, 1, doc_translated, &bufs[k], &kk,
                          err);
        kept += kk;
        parts[k].name = (char *)xliff_project_file(p, f + k)->part;
        parts[k].data = bufs[k].data ? bufs[k].data : (char *)"";
        parts[k].len = bufs[k].len;
    }
    if (rc == ANV_OK)
        rc = filter->pack(x->container, x->container_len, parts, n, out, err);
    if (rc == ANV_OK && kept_source)
        *kept_source = kept;
    for (size_t k = 0; bufs && k < n; k++)
        strbuf_release(&bufs[k]);
    free(bufs);
    free(parts);
    return rc;
}

int xliff_file_rebuild(const xliff_project *p, size_t f, int use_targets,
                       strbuf *out, size_t *kept_source, anv_error *err)
{
    const xliff_file *x = xliff_project_file(p, f);
    if (!x)
        return anv_error_set(err, ANV_EINVAL, "no file %zu", f + 1);
    return file_rebuild(p, f, fmt_filter_by_datatype(x->datatype),
                        use_targets, -1, out, kept_source, err);
}

/* xliff_file_rebuild with the filter that writes the targets (NULL:
 * plain text).  doc_translated: whether the whole document has a
 * translation (the language is set then), or -1: this file decides. */
static int file_rebuild(const xliff_project *p, size_t f,
                        const fmt_filter *filter, int use_targets,
                        int doc_translated, strbuf *out, size_t *kept_source,
                        anv_error *err)
{
    const xliff_file *x = xliff_project_file(p, f);
    size_t kept = 0, translated = 0;
    for (size_t i = x->first_unit; i < x->first_unit + x->n_units; i++)
        translated += use_targets && xliff_project_unit(p, i)->target;
    if (doc_translated >= 0)
        translated = use_targets && doc_translated;
    strbuf doc = STRBUF_INIT;
    strbuf *dst = filter && x->encoding ? &doc : out;
    int rc = ANV_OK;
    if (x->bom && strbuf_append_str(dst, "\xEF\xBB\xBF") != ANV_OK)
        goto nomem;
    for (size_t i = x->first_unit; i < x->first_unit + x->n_units; i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        if (append_layout(dst, x, filter, u->before, i == x->first_unit,
                          translated > 0) != ANV_OK)
            goto nomem;
        if (!(use_targets && u->target)) {
            kept++;
            if (strbuf_append_str(dst, u->source_raw ? u->source_raw
                                                     : u->source) != ANV_OK)
                goto nomem;
        } else if (!filter) {
            if (strbuf_append_str(dst, u->target) != ANV_OK)
                goto nomem;
        } else if ((rc = fmt_render(filter, u->target, strlen(u->target),
                                    u->codes, u->n_codes, dst, err)) !=
                   ANV_OK) {
            anv_error_prefix(err, "unit %s", u->id);
            goto out;
        }
    }
    if (append_layout(dst, x, filter, x->after, x->n_units == 0,
                      translated > 0) !=
            ANV_OK ||
        strbuf_append(dst, "", 0) != ANV_OK)
        goto nomem;
    if (dst == &doc &&
        (rc = fmt_encode(filter, x->encoding, doc.data, doc.len, out, err)) !=
            ANV_OK)
        goto out;
    if (kept_source)
        *kept_source = kept;
    goto out;
nomem:
    rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
out:
    strbuf_release(&doc);
    return rc;
}
