/*
 * glossary.c - reading termbases (see glossary.h).
 *
 * Strings live in one arena, entries in a growing array.  Every term is
 * trimmed and put in NFC as it is added, so the matcher and the output see
 * one form.  TBX is read as a DOM (termbases are small next to TMs) with
 * XML_PARSE_NONET and without NOENT/DTDLOAD: no entity is expanded and
 * nothing outside the file is read.
 */
#include "term/glossary.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/arena.h"
#include "base/array.h"
#include "base/fileio.h"
#include "base/strbuf.h"
#include "text/text.h"

/* Glossaries bigger than this are refused (a safety limit). */
#define GLOSSARY_MAX_BYTES (512u * 1024u * 1024u)

struct glossary {
    arena *strings;
    glossary_entry *e;
    size_t n, cap;
    strbuf scratch;
};

glossary *glossary_new(anv_error *err)
{
    glossary *g = calloc(1, sizeof *g);
    if (!g || !(g->strings = arena_new())) {
        free(g);
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    return g;
}

void glossary_free(glossary *g)
{
    if (!g)
        return;
    arena_free(g->strings);
    free(g->e);
    strbuf_release(&g->scratch);
    free(g);
}

size_t glossary_count(const glossary *g) { return g->n; }

const glossary_entry *glossary_entry_at(const glossary *g, size_t i)
{
    return i < g->n ? &g->e[i] : NULL;
}

/* A copy of s in the arena: trimmed, NFC; NULL for NULL or empty. */
static const char *keep(glossary *g, const char *s, size_t n, int *bad)
{
    if (!s)
        return NULL;
    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        n--;
    if (!n)
        return NULL;
    strbuf_clear(&g->scratch);
    if (text_append_nfc(&g->scratch, s, n, NULL) != ANV_OK) {
        *bad = 1;
        return NULL;
    }
    char *c = arena_strndup(g->strings, g->scratch.data, g->scratch.len);
    if (!c)
        *bad = 1;
    return c;
}

static const char *keep_str(glossary *g, const char *s, int *bad)
{
    return s ? keep(g, s, strlen(s), bad) : NULL;
}

int glossary_add(glossary *g, const glossary_entry *in, anv_error *err)
{
    if (array_grow(&g->e, &g->cap, g->n + 1, sizeof *g->e) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    int bad = 0;
    glossary_entry e = *in;
    e.source = keep_str(g, in->source, &bad);
    e.target = keep_str(g, in->target, &bad);
    e.note = keep_str(g, in->note, &bad);
    e.pos = keep_str(g, in->pos, &bad);
    e.domain = keep_str(g, in->domain, &bad);
    e.synonyms = keep_str(g, in->synonyms, &bad);
    e.file = keep_str(g, in->file, &bad);
    if (bad)
        return anv_error_set_at(err, ANV_EUTF8, in->file, in->line, 0,
                                "not valid UTF-8 (or out of memory)");
    if (!e.source || !e.target)
        return ANV_OK; /* half an entry: nothing to find or to offer */
    g->e[g->n++] = e;
    return ANV_OK;
}

/* ---- TSV and CSV --------------------------------------------------------- */

/* The fields of one CSV record starting at *pos (RFC 4180: "" inside
 * quotes, quoted fields may hold commas and line breaks), into `fields`
 * (NUL-separated in `buf`).  Returns the number of fields, 0 at the end,
 * -1 on an unterminated quote. */
static int csv_record(const char *s, size_t len, size_t *pos, strbuf *buf,
                      size_t *starts, int max, long *lines)
{
    size_t i = *pos;
    if (i >= len)
        return 0;
    strbuf_clear(buf);
    int nf = 0;
    starts[nf++] = 0;
    int quoted = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (quoted) {
            if (c == '"' && i + 1 < len && s[i + 1] == '"') {
                strbuf_append_char(buf, '"');
                i++;
            } else if (c == '"') {
                quoted = 0;
            } else {
                if (c == '\n')
                    (*lines)++;
                strbuf_append_char(buf, c);
            }
        } else if (c == '"') {
            quoted = 1;
        } else if (c == ',') {
            strbuf_append_char(buf, '\0');
            if (nf < max)
                starts[nf++] = buf->len;
        } else if (c == '\n') {
            (*lines)++;
            i++;
            break;
        } else if (c != '\r') {
            strbuf_append_char(buf, c);
        }
    }
    *pos = i;
    strbuf_append_char(buf, '\0');
    return quoted ? -1 : nf;
}

enum { COL_SOURCE, COL_TARGET, COL_NOTE, COL_POS, COL_DOMAIN, COL_STATUS,
       COL_N };

static int column_of(const char *name)
{
    static const struct { const char *name; int col; } names[] = {
        {"source", COL_SOURCE}, {"hi", COL_SOURCE}, {"hi-in", COL_SOURCE},
        {"hindi", COL_SOURCE}, {"term", COL_SOURCE},
        {"target", COL_TARGET}, {"en", COL_TARGET}, {"en-us", COL_TARGET},
        {"en-gb", COL_TARGET}, {"english", COL_TARGET},
        {"translation", COL_TARGET},
        {"comment", COL_NOTE}, {"note", COL_NOTE}, {"notes", COL_NOTE},
        {"pos", COL_POS}, {"part of speech", COL_POS},
        {"domain", COL_DOMAIN}, {"subject", COL_DOMAIN},
        {"status", COL_STATUS}};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strcasecmp(name, names[k].name) == 0)
            return names[k].col;
    return -1;
}

static glossary_status status_of(const char *s)
{
    if (!s)
        return GLOSSARY_ADMITTED;
    if (strstr(s, "forbid") || strstr(s, "deprecated") ||
        strstr(s, "superseded") || strstr(s, "do not use"))
        return GLOSSARY_FORBIDDEN;
    if (strstr(s, "preferred"))
        return GLOSSARY_PREFERRED;
    return GLOSSARY_ADMITTED;
}

static int read_csv(glossary *g, const char *path, const char *s, size_t len,
                    anv_error *err)
{
    strbuf buf = STRBUF_INIT;
    size_t pos = 0, starts[32];
    long line = 1;
    int map[32], rc = ANV_OK;
    int n = csv_record(s, len, &pos, &buf, starts, 32, &line);
    int have_src = 0, have_tgt = 0;
    for (int k = 0; k < n; k++) {
        map[k] = column_of(buf.data + starts[k]);
        have_src |= map[k] == COL_SOURCE;
        have_tgt |= map[k] == COL_TARGET;
    }
    if (n <= 0 || !have_src || !have_tgt) {
        strbuf_release(&buf);
        return anv_error_set_at(err, ANV_EPARSE, path, 1, 0,
                                "a CSV glossary needs a header line naming "
                                "its columns, at least source and target");
    }
    int ncols = n;
    for (;;) {
        long at = line;
        n = csv_record(s, len, &pos, &buf, starts, 32, &line);
        if (n == 0)
            break;
        if (n < 0) {
            rc = anv_error_set_at(err, ANV_EPARSE, path, at, 0,
                                  "a quoted field is not closed");
            break;
        }
        const char *col[COL_N] = {0};
        for (int k = 0; k < n && k < ncols; k++)
            if (map[k] >= 0 && buf.data[starts[k]])
                col[map[k]] = buf.data + starts[k];
        glossary_entry e = {col[COL_SOURCE], col[COL_TARGET], col[COL_NOTE],
                            col[COL_POS], col[COL_DOMAIN], NULL,
                            status_of(col[COL_STATUS]), path, at};
        if ((rc = glossary_add(g, &e, err)) != ANV_OK)
            break;
    }
    strbuf_release(&buf);
    return rc;
}

static int read_tsv(glossary *g, const char *path, const char *s, size_t len,
                    anv_error *err)
{
    long line = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len;
        line++;
        const char *f[3] = {s + pos, NULL, NULL};
        size_t fl[3] = {end - pos, 0, 0};
        for (int k = 0; k < 2; k++) {
            const char *tab = memchr(f[k], '\t', fl[k]);
            if (!tab)
                break;
            f[k + 1] = tab + 1;
            fl[k + 1] = (size_t)(f[k] + fl[k] - f[k + 1]);
            fl[k] = (size_t)(tab - f[k]);
        }
        pos = end + 1;
        if (!f[1] || (line == 1 && ((fl[0] == 2 && !strncasecmp(f[0], "hi", 2)) ||
                                    (fl[0] == 6 &&
                                     !strncasecmp(f[0], "source", 6)))))
            continue; /* no tab (a blank line), or the header */
        int bad = 0;
        glossary_entry e = {0};
        e.source = keep(g, f[0], fl[0], &bad);
        e.target = keep(g, f[1], fl[1], &bad);
        e.note = f[2] ? keep(g, f[2], fl[2], &bad) : NULL;
        e.file = path;
        e.line = line;
        if (bad)
            return anv_error_set_at(err, ANV_EUTF8, path, line, 0,
                                    "not valid UTF-8");
        int rc = glossary_add(g, &e, err);
        if (rc != ANV_OK)
            return rc;
    }
    return ANV_OK;
}

/* ---- TBX -------------------------------------------------------------------- */

static int named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The language of a langSet/langSec: "hi", "en" (primary subtag). */
static int lang_is(const xmlNode *n, const char *want)
{
    xmlChar *l = xmlNodeGetLang(n);
    int yes = l && strncasecmp((const char *)l, want, strlen(want)) == 0 &&
              (l[strlen(want)] == '\0' || l[strlen(want)] == '-' ||
               l[strlen(want)] == '_');
    xmlFree(l);
    return yes;
}

typedef struct tbx_term {
    char *term, *pos, *status;
} tbx_term;

/* The terms of one language section (tig/ntig/termSec, or the term
 * directly under it), at most `max`. */
static size_t lang_terms(const xmlNode *ls, tbx_term *out, size_t max)
{
    size_t n = 0;
    for (const xmlNode *t = ls->children; t && n < max; t = t->next) {
        if (!named(t, "tig") && !named(t, "ntig") && !named(t, "termSec") &&
            !named(t, "term"))
            continue;
        tbx_term tt = {0};
        const xmlNode *scope = t;
        if (named(t, "term")) {
            tt.term = (char *)xmlNodeGetContent(t);
            out[n++] = tt;
            continue;
        }
        /* ntig: termGrp holds the term and its notes */
        for (const xmlNode *c = t->children; c; c = c->next)
            if (named(c, "termGrp"))
                scope = c;
        for (const xmlNode *c = scope->children; c; c = c->next) {
            if (named(c, "term") && !tt.term) {
                tt.term = (char *)xmlNodeGetContent(c);
            } else if (named(c, "termNote") || named(c, "partOfSpeech") ||
                       named(c, "administrativeStatus")) {
                char *type = attr(c, "type");
                const char *kind = type ? type : (const char *)c->name;
                if (strcmp(kind, "partOfSpeech") == 0 && !tt.pos)
                    tt.pos = (char *)xmlNodeGetContent(c);
                else if (strcmp(kind, "administrativeStatus") == 0 &&
                         !tt.status)
                    tt.status = (char *)xmlNodeGetContent(c);
                xmlFree(type);
            }
        }
        if (tt.term)
            out[n++] = tt;
        else {
            xmlFree(tt.pos);
            xmlFree(tt.status);
        }
    }
    return n;
}

static void free_terms(tbx_term *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xmlFree(t[i].term);
        xmlFree(t[i].pos);
        xmlFree(t[i].status);
    }
}

/* descrip/note of a concept: the subject field and a note. */
static void concept_info(const xmlNode *ce, char **domain, char **note)
{
    for (const xmlNode *c = ce->children; c; c = c->next) {
        if (named(c, "descripGrp"))
            concept_info(c, domain, note);
        if (!named(c, "descrip") && !named(c, "note") &&
            !named(c, "subjectField") && !named(c, "definition"))
            continue;
        char *type = attr(c, "type");
        const char *kind = type ? type : (const char *)c->name;
        if (strcmp(kind, "subjectField") == 0 && !*domain)
            *domain = (char *)xmlNodeGetContent(c);
        else if (!*note && (strcmp(kind, "note") == 0 ||
                            strcmp(kind, "definition") == 0))
            *note = (char *)xmlNodeGetContent(c);
        xmlFree(type);
    }
}

#define TBX_MAX_TERMS 16

static int tbx_concept(glossary *g, const char *path, const xmlNode *ce,
                       anv_error *err)
{
    tbx_term hi[TBX_MAX_TERMS], en[TBX_MAX_TERMS];
    size_t nh = 0, ne = 0;
    for (const xmlNode *ls = ce->children; ls; ls = ls->next) {
        if (!named(ls, "langSet") && !named(ls, "langSec"))
            continue;
        if (lang_is(ls, "hi"))
            nh += lang_terms(ls, hi + nh, TBX_MAX_TERMS - nh);
        else if (lang_is(ls, "en"))
            ne += lang_terms(ls, en + ne, TBX_MAX_TERMS - ne);
    }
    char *domain = NULL, *note = NULL;
    concept_info(ce, &domain, &note);
    /* the target: the first English term not forbidden, preferred first */
    size_t best = ne;
    for (size_t k = 0; k < ne; k++) {
        glossary_status st = status_of(en[k].status);
        if (st == GLOSSARY_PREFERRED) {
            best = k;
            break;
        }
        if (st != GLOSSARY_FORBIDDEN && best == ne)
            best = k;
    }
    strbuf syn = STRBUF_INIT;
    for (size_t k = 0; k < ne; k++)
        if (k != best && status_of(en[k].status) != GLOSSARY_FORBIDDEN)
            strbuf_printf(&syn, "%s%s", syn.len ? "; " : "", en[k].term);
    int rc = ANV_OK;
    for (size_t k = 0; best < ne && k < nh && rc == ANV_OK; k++) {
        glossary_entry e = {hi[k].term, en[best].term, note,
                            hi[k].pos ? hi[k].pos : en[best].pos, domain,
                            syn.len ? syn.data : NULL,
                            status_of(hi[k].status), path, ce->line};
        rc = glossary_add(g, &e, err);
    }
    strbuf_release(&syn);
    free_terms(hi, nh);
    free_terms(en, ne);
    xmlFree(domain);
    xmlFree(note);
    return rc;
}

static int tbx_walk(glossary *g, const char *path, const xmlNode *n,
                    anv_error *err)
{
    for (; n; n = n->next) {
        if (named(n, "termEntry") || named(n, "conceptEntry")) {
            int rc = tbx_concept(g, path, n, err);
            if (rc != ANV_OK)
                return rc;
        } else if (n->type == XML_ELEMENT_NODE) {
            int rc = tbx_walk(g, path, n->children, err);
            if (rc != ANV_OK)
                return rc;
        }
    }
    return ANV_OK;
}

static int read_tbx(glossary *g, const char *path, const char *s, size_t len,
                    anv_error *err)
{
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!ctx)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    xmlDocPtr doc = xmlCtxtReadMemory(ctx, s, (int)len, path, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING);
    int rc;
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctx);
        rc = anv_error_set_at(err, ANV_EPARSE, path, e ? e->line : 0, 0,
                              "%.*s", e && e->message ?
                                  (int)strcspn(e->message, "\n") : 13,
                              e && e->message ? e->message : "malformed XML");
    } else {
        const xmlNode *root = xmlDocGetRootElement(doc);
        if (root && doc->intSubset && doc->intSubset->entities)
            rc = anv_error_set_at(err, ANV_EPARSE, path, 1, 0,
                                  "the DTD declares entities; refused");
        else if (!root || (strcmp((const char *)root->name, "martif") != 0 &&
                           strcmp((const char *)root->name, "tbx") != 0))
            rc = anv_error_set_at(err, ANV_EPARSE, path, root ? root->line : 1,
                                  0, "not TBX: the root element is <%s>",
                                  root ? (const char *)root->name : "");
        else
            rc = tbx_walk(g, path, root, err);
        xmlFreeDoc(doc);
    }
    xmlFreeParserCtxt(ctx);
    return rc;
}

int glossary_read(glossary *g, const char *path, anv_error *err)
{
    char *s;
    size_t len;
    int rc = fileio_read_all(path, GLOSSARY_MAX_BYTES, &s, &len, err);
    if (rc != ANV_OK)
        return rc;
    size_t skip = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t bad;
    const char *dot = strrchr(path, '.');
    size_t i = skip;
    while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' ||
                       s[i] == '\t'))
        i++;
    if (i < len && s[i] == '<')
        rc = read_tbx(g, path, s, len, err);
    else if (!text_is_valid_utf8(s + skip, len - skip, &bad))
        rc = anv_error_set_at(err, ANV_EUTF8, path, 0, 0,
                              "not UTF-8 (byte %zu); glossaries are read as "
                              "UTF-8", bad + skip);
    else if (dot && strcasecmp(dot, ".csv") == 0)
        rc = read_csv(g, path, s + skip, len - skip, err);
    else
        rc = read_tsv(g, path, s + skip, len - skip, err);
    free(s);
    return rc;
}
