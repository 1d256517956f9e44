/*
 * glossary_write.c - a glossary written as TBX-Basic or TSV.
 *
 * TBX-Basic is TBX v2 (<martif type="TBX-Basic">) with one <termEntry>
 * per entry: the domain and note at concept level (<descrip
 * type="subjectField">, <note>), a Hindi <langSet> with its term and part
 * of speech, and an English <langSet> with the target and each synonym as
 * <tig>s; the entry's status is its Hindi term's, as glossary_read()
 * takes it: <termNote type="administrativeStatus">deprecatedTerm-admn-sts
 * </termNote> for a forbidden entry, preferredTerm-admn-sts.  libxml2's writer does the XML
 * (escaping, UTF-8); glossary_read() reads it back to the same entries.
 * TSV is OmegaT's: source TAB target TAB comment (tabs and line breaks in
 * a field become spaces).
 */
#include "term/glossary.h"
#include "base/strbuf.h"

#include <string.h>

#include <libxml/xmlwriter.h>

static const char *status_name(glossary_status s)
{
    return s == GLOSSARY_FORBIDDEN   ? "deprecatedTerm-admn-sts"
           : s == GLOSSARY_PREFERRED ? "preferredTerm-admn-sts"
                                     : NULL;
}

static int tig(xmlTextWriterPtr w, const char *term, const char *pos,
               glossary_status st)
{
    int bad = xmlTextWriterStartElement(w, BAD_CAST "tig") < 0 ||
              xmlTextWriterWriteElement(w, BAD_CAST "term", BAD_CAST term) < 0;
    if (!bad && pos)
        bad = xmlTextWriterStartElement(w, BAD_CAST "termNote") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "type",
                                          BAD_CAST "partOfSpeech") < 0 ||
              xmlTextWriterWriteString(w, BAD_CAST pos) < 0 ||
              xmlTextWriterEndElement(w) < 0;
    if (!bad && status_name(st))
        bad = xmlTextWriterStartElement(w, BAD_CAST "termNote") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "type",
                                          BAD_CAST "administrativeStatus") <
                  0 ||
              xmlTextWriterWriteString(w, BAD_CAST status_name(st)) < 0 ||
              xmlTextWriterEndElement(w) < 0;
    return bad || xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

static int tbx(const glossary *g, strbuf *out)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        xmlBufferFree(buf);
        return ANV_ENOMEM;
    }
    xmlTextWriterSetIndent(w, 1);
    int bad = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
              xmlTextWriterStartElement(w, BAD_CAST "martif") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "type",
                                          BAD_CAST "TBX-Basic") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
                                          BAD_CAST "en") < 0 ||
              xmlTextWriterStartElement(w, BAD_CAST "martifHeader") < 0 ||
              xmlTextWriterStartElement(w, BAD_CAST "fileDesc") < 0 ||
              xmlTextWriterStartElement(w, BAD_CAST "sourceDesc") < 0 ||
              xmlTextWriterWriteElement(w, BAD_CAST "p",
                                        BAD_CAST "written by anuvad") < 0 ||
              xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0 ||
              xmlTextWriterEndElement(w) < 0 ||
              xmlTextWriterStartElement(w, BAD_CAST "text") < 0 ||
              xmlTextWriterStartElement(w, BAD_CAST "body") < 0;
    for (size_t i = 0; !bad && i < glossary_count(g); i++) {
        const glossary_entry *e = glossary_entry_at(g, i);
        char id[32];
        snprintf(id, sizeof id, "c%zu", i + 1);
        bad = xmlTextWriterStartElement(w, BAD_CAST "termEntry") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id) < 0;
        if (!bad && e->domain)
            bad = xmlTextWriterStartElement(w, BAD_CAST "descrip") < 0 ||
                  xmlTextWriterWriteAttribute(w, BAD_CAST "type",
                                              BAD_CAST "subjectField") < 0 ||
                  xmlTextWriterWriteString(w, BAD_CAST e->domain) < 0 ||
                  xmlTextWriterEndElement(w) < 0;
        if (!bad && e->note)
            bad = xmlTextWriterWriteElement(w, BAD_CAST "note",
                                            BAD_CAST e->note) < 0;
        bad = bad || xmlTextWriterStartElement(w, BAD_CAST "langSet") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
                                          BAD_CAST "hi") < 0 ||
              tig(w, e->source, e->pos, e->status) < 0 ||
              xmlTextWriterEndElement(w) < 0 ||
              xmlTextWriterStartElement(w, BAD_CAST "langSet") < 0 ||
              xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
                                          BAD_CAST "en") < 0 ||
              tig(w, e->target, NULL, GLOSSARY_ADMITTED) < 0;
        /* synonyms: "a; b" */
        for (const char *s = e->synonyms; !bad && s && *s;) {
            const char *semi = strstr(s, "; ");
            size_t n = semi ? (size_t)(semi - s) : strlen(s);
            char syn[512];
            snprintf(syn, sizeof syn, "%.*s", (int)(n < 511 ? n : 511), s);
            if (*syn)
                bad = tig(w, syn, NULL, GLOSSARY_ADMITTED) < 0;
            s = semi ? semi + 2 : s + n;
        }
        bad = bad || xmlTextWriterEndElement(w) < 0 ||
              xmlTextWriterEndElement(w) < 0;
    }
    bad = bad || xmlTextWriterEndDocument(w) < 0;
    xmlFreeTextWriter(w);
    int rc = bad ? ANV_ENOMEM
                 : strbuf_append(out, (const char *)buf->content,
                                 (size_t)buf->use);
    xmlBufferFree(buf);
    return rc;
}

static int tsv_field(strbuf *out, const char *s)
{
    for (; s && *s; s++)
        if (strbuf_append_char(out, *s == '\t' || *s == '\n' || *s == '\r'
                                        ? ' '
                                        : *s) != ANV_OK)
            return ANV_ENOMEM;
    return ANV_OK;
}

int glossary_write(const glossary *g, glossary_format f, strbuf *out,
                   anv_error *err)
{
    int rc = ANV_OK;
    if (f == GLOSSARY_TBX) {
        rc = tbx(g, out);
    } else {
        rc = strbuf_append_str(out, "hi\ten\tcomment\n");
        for (size_t i = 0; rc == ANV_OK && i < glossary_count(g); i++) {
            const glossary_entry *e = glossary_entry_at(g, i);
            rc = tsv_field(out, e->source);
            if (rc == ANV_OK)
                rc = strbuf_append_char(out, '\t');
            if (rc == ANV_OK)
                rc = tsv_field(out, e->target);
            if (rc == ANV_OK && e->note) {
                rc = strbuf_append_char(out, '\t');
                if (rc == ANV_OK)
                    rc = tsv_field(out, e->note);
            }
            if (rc == ANV_OK)
                rc = strbuf_append_char(out, '\n');
        }
    }
    return rc == ANV_OK ? ANV_OK
                        : anv_error_set(err, ANV_ENOMEM, "out of memory");
}
