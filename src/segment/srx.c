/*
 * srx.c - reading SRX 2.0 (and 1.0) segmentation rule files (see srx.h).
 *
 * The file is parsed into a tree with libxml2 (no network, no DTD loading,
 * no entity substitution; a document with a DTD is refused, so nothing can
 * expand behind our back), then walked once:
 *
 *   srx > header[@cascade]
 *       > body > languagerules > languagerule[@languagerulename]
 *                                > rule[@break] > beforebreak, afterbreak
 *              > maprules > (maprule >)? languagemap[@languagepattern,
 *                                                   @languagerulename]
 *
 * Elements are recognised by local name whatever their namespace (SRX 1.0
 * and 2.0 use different ones; tools add their own elements, such as
 * Okapi's okpsrx:options, which are ignored).  Rule texts are kept as
 * UTF-8 strings with the line of their <rule>; only the language patterns
 * are compiled here (they are few), because srx_select needs them.
 *
 * The input must be UTF-8 (checked first, and the parser told so, whatever
 * the XML declaration says).  The first error libxml2 reports is kept,
 * through a handler on the parser context, not the global one.
 * srx_regex_java_compat rewrites the two Java regex habits ICU refuses.
 */
#include "segment/srx.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>

#include "base/array.h"
#include "base/fileio.h"
#include "base/paths.h"
#include "base/strbuf.h"
#include "text/text.h"

/* SRX files are small (OmegaT's, the largest known, is 360 kB). */
#define SRX_MAX_BYTES (32u * 1024u * 1024u)

typedef struct srx_set {
    char *name;
    srx_rule *rules;
    size_t n, cap;
} srx_set;

typedef struct srx_map {
    URegularExpression *pattern;
    long line;   /* of the <languagemap> */
    size_t set;  /* index into sets */
} srx_map;

struct srx_rules {
    char *name;
    int cascade;
    srx_set *sets;
    size_t n_sets, cap_sets;
    srx_map *maps;
    size_t n_maps, cap_maps;
};

static int oom(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *first_child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_elem(c, name))
            return c;
    return NULL;
}

/* An attribute's value (malloc()ed) or NULL when absent. */
static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

/* The text of an element: its text and CDATA children, concatenated.
 * Anything else inside (comments, stray elements) is skipped. */
static char *element_text(const xmlNode *n)
{
    strbuf b = STRBUF_INIT;
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content &&
            strbuf_append_str(&b, (const char *)c->content) != ANV_OK) {
            strbuf_release(&b);
            return NULL;
        }
    return strbuf_detach(&b, NULL);
}

/* "FILE:LINE: what is wrong", LINE being that of element n. */
static int fail_at(anv_error *err, const srx_rules *r, const xmlNode *n,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail_at(anv_error *err, const srx_rules *r, const xmlNode *n,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = anv_error_vset_at(err, ANV_EPARSE, r->name, xmlGetLineNo(n), 0,
                               fmt, ap);
    va_end(ap);
    return rc;
}

static int yes_no(const srx_rules *r, const xmlNode *n, const char *name,
                  int dflt, int *out, anv_error *err)
{
    char *v = attr(n, name);
    *out = dflt;
    if (!v)
        return ANV_OK;
    int rc = ANV_OK;
    if (strcmp(v, "yes") == 0)
        *out = 1;
    else if (strcmp(v, "no") == 0)
        *out = 0;
    else
        rc = fail_at(err, r, n, "%s=\"%s\" must be \"yes\" or \"no\"", name,
                     v);
    free(v);
    return rc;
}

static long set_index(const srx_rules *r, const char *name)
{
    for (size_t i = 0; i < r->n_sets; i++)
        if (strcmp(r->sets[i].name, name) == 0)
            return (long)i;
    return -1;
}

static int read_rule(srx_rules *r, srx_set *set, const xmlNode *n,
                     anv_error *err)
{
    if (array_grow(&set->rules, &set->cap, set->n + 1, sizeof *set->rules))
        return oom(err);
    srx_rule *rule = &set->rules[set->n];
    memset(rule, 0, sizeof *rule);
    int rc = yes_no(r, n, "break", 1, &rule->is_break, err);
    if (rc != ANV_OK)
        return rc;
    char *before = element_text(first_child(n, "beforebreak"));
    char *after = element_text(first_child(n, "afterbreak"));
    if (!before || !after) {
        free(before);
        free(after);
        return oom(err);
    }
    rule->before = before;
    rule->after = after;
    rule->set_name = set->name;
    rule->line = xmlGetLineNo(n);
    rule->index = (int)set->n + 1;
    set->n++;
    return ANV_OK;
}

static int read_languagerule(srx_rules *r, const xmlNode *n, anv_error *err)
{
    char *name = attr(n, "languagerulename");
    if (!name)
        return fail_at(err, r, n,
                       "<languagerule> without a languagerulename");
    if (set_index(r, name) >= 0) {
        int rc = fail_at(err, r, n, "languagerule \"%s\" is defined twice",
                         name);
        free(name);
        return rc;
    }
    if (array_grow(&r->sets, &r->cap_sets, r->n_sets + 1, sizeof *r->sets)) {
        free(name);
        return oom(err);
    }
    srx_set *set = &r->sets[r->n_sets++];
    memset(set, 0, sizeof *set);
    set->name = name;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is_elem(c, "rule")) {
            int rc = read_rule(r, set, c, err);
            if (rc != ANV_OK)
                return rc;
        }
    return ANV_OK;
}

/* Is s (just after a '{') the rest of a quantifier {n}, {n,} or {n,m}?
 * Returns its length up to and including the '}', or 0. */
static size_t quantifier_len(const char *s)
{
    size_t i = 0;
    if (s[i] < '0' || s[i] > '9')
        return 0;
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    if (s[i] == ',')
        for (i++; s[i] >= '0' && s[i] <= '9';)
            i++;
    return s[i] == '}' ? i + 1 : 0;
}

char *srx_regex_java_compat(const char *p)
{
    strbuf b = STRBUF_INIT;
    int in_class = 0, changed = 0;
    /* Open groups, innermost last: 1 when the group is a look-behind. */
    unsigned char groups[256];
    int depth = 0, lookbehind = 0;
    int after_quant = 0; /* the previous token was a quantifier */
    for (size_t i = 0; p[i];) {
        char c = p[i];
        int quant = 0;
        if (c == '\\' && p[i + 1] == 'Q') { /* quoted until \E */
            const char *e = strstr(p + i + 2, "\\E");
            size_t n = e ? (size_t)(e - (p + i)) + 2 : strlen(p + i);
            strbuf_append(&b, p + i, n);
            i += n;
        } else if (c == '\\' && p[i + 1]) {
            size_t n = 2;
            /* \p{..} \x{..} \N{..}: copy the braces with the escape */
            if (strchr("pPxN", p[i + 1]) && p[i + 2] == '{') {
                const char *e = strchr(p + i + 2, '}');
                n = e ? (size_t)(e - (p + i)) + 1 : 2;
            }
            strbuf_append(&b, p + i, n);
            i += n;
        } else if (c == '[') {
            in_class++;
            strbuf_append_char(&b, c);
            i++;
        } else if (c == ']' && in_class) {
            in_class--;
            strbuf_append_char(&b, c);
            i++;
        } else if (in_class) {
            strbuf_append_char(&b, c);
            i++;
        } else if (c == '(') {
            int lb = p[i + 1] == '?' && p[i + 2] == '<' &&
                     (p[i + 3] == '=' || p[i + 3] == '!');
            if (depth < (int)sizeof groups)
                groups[depth] = (unsigned char)lb;
            depth++;
            lookbehind += lb;
            strbuf_append_char(&b, c);
            i++;
        } else if (c == ')') {
            if (depth > 0) {
                depth--;
                if (depth < (int)sizeof groups && groups[depth])
                    lookbehind--;
            }
            strbuf_append_char(&b, c);
            i++;
        } else if (c == '{') {
            size_t n = quantifier_len(p + i + 1);
            if (n) {
                strbuf_append(&b, p + i, n + 1);
                i += n + 1;
                quant = 1;
            } else { /* Java reads a lone brace as itself */
                strbuf_append(&b, "\\{", 2);
                i++;
                changed = 1;
            }
        } else if (c == '}') {
            strbuf_append(&b, "\\}", 2);
            i++;
            changed = 1;
        } else if ((c == '+' || c == '*') && lookbehind > 0 && !after_quant) {
            /* Java bounds a look-behind's + and * itself; ICU wants it
             * written out. */
            strbuf_append_str(&b, c == '+' ? "{1,64}" : "{0,64}");
            i++;
            quant = 1;
            changed = 1;
        } else {
            quant = c == '+' || c == '*' || c == '?';
            strbuf_append_char(&b, c);
            i++;
        }
        after_quant = quant;
    }
    if (!changed || !b.data) {
        strbuf_release(&b);
        return NULL;
    }
    return strbuf_detach(&b, NULL);
}

void srx_regex_limit(URegularExpression *re, UErrorCode *status)
{
    uregex_setTimeLimit(re, SRX_REGEX_TIME_LIMIT, status);
    uregex_setStackLimit(re, SRX_REGEX_STACK_LIMIT, status);
}

int srx_regex_is_limit(UErrorCode status)
{
    return status == U_REGEX_TIME_OUT || status == U_REGEX_STACK_OVERFLOW;
}

URegularExpression *srx_regex_compile(const char *pattern, uint32_t flags,
                                      UErrorCode *status, long *char_offset)
{
    *char_offset = -1;
    int32_t n = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(NULL, 0, &n, pattern, -1, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
        *status = st;
        return NULL;
    }
    UChar *u = malloc(((size_t)n + 1) * sizeof *u);
    if (!u) {
        *status = U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    st = U_ZERO_ERROR;
    u_strFromUTF8(u, n + 1, NULL, pattern, -1, &st);
    UParseError pe;
    pe.offset = -1;
    URegularExpression *re = NULL;
    if (U_SUCCESS(st))
        re = uregex_open(u, n, flags, &pe, &st);
    if (U_SUCCESS(st))
        srx_regex_limit(re, &st);
    if (U_FAILURE(st) && pe.offset >= 0 && pe.offset <= n)
        *char_offset = u_countChar32(u, pe.offset);
    free(u);
    *status = st;
    if (U_FAILURE(st)) {
        uregex_close(re);
        return NULL;
    }
    return re;
}

/* Compile a language pattern (an ICU regex over the language code). */
static int read_languagemap(srx_rules *r, const xmlNode *n, anv_error *err)
{
    char *pattern = attr(n, "languagepattern");
    char *name = attr(n, "languagerulename");
    int rc = ANV_OK;
    long set = -1;
    if (!pattern || !name) {
        rc = fail_at(err, r, n, "<languagemap> needs languagepattern and "
                                "languagerulename");
        goto out;
    }
    set = set_index(r, name);
    if (set < 0) {
        rc = fail_at(err, r, n, "languagemap names languagerule \"%s\", "
                     "which is not defined", name);
        goto out;
    }
    UErrorCode st = U_ZERO_ERROR;
    long off;
    URegularExpression *re =
        srx_regex_compile(pattern, UREGEX_CASE_INSENSITIVE, &st, &off);
    if (!re) {
        rc = fail_at(err, r, n, "bad languagepattern \"%s\": %s at character "
                     "%ld", pattern, u_errorName(st), off + 1);
        goto out;
    }
    if (array_grow(&r->maps, &r->cap_maps, r->n_maps + 1, sizeof *r->maps)) {
        uregex_close(re);
        rc = oom(err);
        goto out;
    }
    r->maps[r->n_maps].pattern = re;
    r->maps[r->n_maps].set = (size_t)set;
    r->maps[r->n_maps].line = xmlGetLineNo(n);
    r->n_maps++;
out:
    free(pattern);
    free(name);
    return rc;
}

/* SRX 2.0 puts the languagemaps straight into <maprules>; SRX 1.0 wraps
 * them in one or more <maprule> elements, of which the first is used. */
static int read_maprules(srx_rules *r, const xmlNode *maprules,
                         anv_error *err)
{
    const xmlNode *from = maprules;
    if (!first_child(maprules, "languagemap") &&
        first_child(maprules, "maprule"))
        from = first_child(maprules, "maprule");
    for (const xmlNode *c = from->children; c; c = c->next)
        if (is_elem(c, "languagemap")) {
            int rc = read_languagemap(r, c, err);
            if (rc != ANV_OK)
                return rc;
        }
    return ANV_OK;
}

static int read_tree(srx_rules *r, const xmlNode *root, anv_error *err)
{
    if (!root || !is_elem(root, "srx"))
        return anv_error_set_at(err, ANV_EPARSE, r->name,
                                root ? xmlGetLineNo(root) : 0, 0,
                                "not an SRX file (the root element is not "
                                "<srx>)");
    char *version = attr(root, "version");
    int known = !version || strcmp(version, "2.0") == 0 ||
                strcmp(version, "1.0") == 0;
    if (!known) {
        int rc = fail_at(err, r, root, "SRX version \"%s\" is not supported "
                         "(1.0 and 2.0 are)", version);
        free(version);
        return rc;
    }
    free(version);
    const xmlNode *header = first_child(root, "header");
    if (header) {
        int rc = yes_no(r, header, "cascade", 0, &r->cascade, err);
        if (rc != ANV_OK)
            return rc;
    }
    const xmlNode *body = first_child(root, "body");
    if (!body)
        return fail_at(err, r, root, "<srx> has no <body>");
    const xmlNode *lr = first_child(body, "languagerules");
    for (const xmlNode *c = lr ? lr->children : NULL; c; c = c->next)
        if (is_elem(c, "languagerule")) {
            int rc = read_languagerule(r, c, err);
            if (rc != ANV_OK)
                return rc;
        }
    const xmlNode *mr = first_child(body, "maprules");
    if (mr)
        return read_maprules(r, mr, err);
    return ANV_OK;
}

/* The first error libxml2 reports (later ones are usually consequences:
 * "Premature end of data" after a tag mismatch). */
typedef struct first_xml_error {
    int set;
    long line, col;
    char message[200];
} first_xml_error;

static void keep_first_error(void *user, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = user;
    first_xml_error *fe = ctxt ? ctxt->_private : NULL;
    if (!fe || fe->set || !e || e->level < XML_ERR_ERROR)
        return;
    fe->set = 1;
    fe->line = e->line;
    fe->col = e->int2;
    snprintf(fe->message, sizeof fe->message, "%s",
             e->message ? e->message : "error");
    /* one line: libxml2 sometimes adds a second ("Bytes: 0xFF ...") */
    for (char *c = fe->message; *c; c++)
        if (*c == '\n')
            *c = ' ';
    size_t n = strlen(fe->message);
    while (n && fe->message[n - 1] == ' ')
        fe->message[--n] = '\0';
}

/* SRX files are read as UTF-8 whatever they declare: libxml2 would
 * otherwise convert other encodings with iconv, and print conversion
 * errors on stderr itself.  Invalid bytes are reported here instead. */
static int check_utf8(const char *name, const char *data, size_t len,
                      anv_error *err)
{
    size_t bad;
    if (text_is_valid_utf8(data, len, &bad))
        return ANV_OK;
    long line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < bad; i++)
        if (data[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    long col = (long)text_count_chars(data + line_start, bad - line_start) + 1;
    return anv_error_set_at(err, ANV_EUTF8, name, line, col,
                            "not UTF-8 (byte 0x%02X); SRX files must be "
                            "UTF-8", (unsigned char)data[bad]);
}

srx_rules *srx_load_memory(const char *name, const char *data, size_t len,
                           anv_error *err)
{
    srx_rules *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name ? name : "<srx>"))) {
        free(r);
        oom(err);
        return NULL;
    }
    if (len > SRX_MAX_BYTES || len > (size_t)INT32_MAX) {
        anv_error_set_at(err, ANV_ELIMIT, r->name, 0, 0,
                         "SRX file larger than %u bytes", SRX_MAX_BYTES);
        srx_free(r);
        return NULL;
    }
    if (check_utf8(r->name, data, len, err) != ANV_OK) {
        srx_free(r);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        oom(err);
        srx_free(r);
        return NULL;
    }
    /* NONET: never fetch anything; no NOENT/DTDLOAD: entities stay
     * references, external subsets are not read. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
               XML_PARSE_BIG_LINES;
    first_xml_error fe = {0, 0, 0, ""};
    ctxt->_private = &fe;
    ctxt->sax->serror = keep_first_error;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, r->name,
                                      "UTF-8", opts);
    int rc = ANV_OK;
    if (!doc || fe.set) {
        rc = anv_error_set_at(err, ANV_EPARSE, r->name, fe.line, fe.col,
                              "malformed XML: %s",
                              fe.set ? fe.message : "cannot parse");
    } else if (doc->intSubset || doc->extSubset) {
        /* libxml2 keeps no line for the DOCTYPE node */
        rc = anv_error_set_at(err, ANV_EPARSE, r->name, 0, 0,
                              "SRX files with a DOCTYPE are not accepted");
    } else {
        rc = read_tree(r, xmlDocGetRootElement(doc), err);
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    if (rc != ANV_OK) {
        srx_free(r);
        return NULL;
    }
    return r;
}

srx_rules *srx_load_file(const char *path, anv_error *err)
{
    char *data = NULL;
    size_t len = 0;
    if (fileio_read_all(path, SRX_MAX_BYTES, &data, &len, err) != ANV_OK)
        return NULL;
    srx_rules *r = srx_load_memory(path, data, len, err);
    free(data);
    return r;
}

srx_rules *srx_load_default(anv_error *err)
{
    strbuf path = STRBUF_INIT;
    srx_rules *r = NULL;
    if (paths_find_data("dict/segment.srx", &path, err) == ANV_OK)
        r = srx_load_file(path.data, err);
    strbuf_release(&path);
    return r;
}

void srx_free(srx_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_sets; i++) {
        for (size_t j = 0; j < r->sets[i].n; j++) {
            free((char *)r->sets[i].rules[j].before);
            free((char *)r->sets[i].rules[j].after);
        }
        free(r->sets[i].rules);
        free(r->sets[i].name);
    }
    for (size_t i = 0; i < r->n_maps; i++)
        uregex_close(r->maps[i].pattern);
    free(r->sets);
    free(r->maps);
    free(r->name);
    free(r);
}

const char *srx_name(const srx_rules *r)
{
    return r->name;
}

size_t srx_count_sets(const srx_rules *r)
{
    return r->n_sets;
}

size_t srx_count_rules(const srx_rules *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_sets; i++)
        n += r->sets[i].n;
    return n;
}

const char *srx_set_name(const srx_rules *r, size_t i)
{
    return i < r->n_sets ? r->sets[i].name : NULL;
}

/* Does map pattern `re` match the whole language code?  The compiled
 * pattern is shared, so it is cloned for the match (srx_rules stays
 * read-only and can be used from several threads). */
static int lang_matches(const srx_rules *r, const srx_map *map,
                        const char *code, const UChar *lang, int32_t n,
                        anv_error *err, int *out)
{
    UErrorCode st = U_ZERO_ERROR;
    URegularExpression *m = uregex_clone(map->pattern, &st);
    if (U_SUCCESS(st))
        srx_regex_limit(m, &st);
    if (U_SUCCESS(st))
        uregex_setText(m, lang, n, &st);
    UBool hit = U_SUCCESS(st) ? uregex_matches(m, 0, &st) : 0;
    uregex_close(m);
    if (srx_regex_is_limit(st))
        return anv_error_set_at(err, ANV_ELIMIT, r->name, map->line, 0,
                                "languagepattern gave up on language \"%s\" "
                                "(%s: the pattern backtracks without end)",
                                code, u_errorName(st));
    if (U_FAILURE(st))
        return anv_error_set(err, ANV_EINTERNAL, "ICU regex: %s",
                             u_errorName(st));
    *out = hit != 0;
    return ANV_OK;
}

int srx_select(const srx_rules *r, const char *lang, const srx_rule ***rules,
               size_t *n, anv_error *err)
{
    *rules = NULL;
    *n = 0;
    UChar ulang[64];
    int32_t ulen = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(ulang, 64, &ulen, lang, -1, &st);
    if (U_FAILURE(st) || ulen >= 64)
        return anv_error_set(err, ANV_EINVAL, "bad language code \"%s\"",
                             lang);
    size_t total = 0, cap = 0, maps = 0;
    const srx_rule **out = NULL;
    for (size_t i = 0; i < r->n_maps; i++) {
        int hit = 0;
        int rc = lang_matches(r, &r->maps[i], lang, ulang, ulen, err, &hit);
        if (rc != ANV_OK) {
            free(out);
            return rc;
        }
        if (!hit)
            continue;
        maps++;
        const srx_set *set = &r->sets[r->maps[i].set];
        if (array_grow(&out, &cap, total + set->n, sizeof *out) != ANV_OK) {
            free(out);
            return oom(err);
        }
        for (size_t j = 0; j < set->n; j++)
            out[total++] = &set->rules[j];
        if (!r->cascade)
            break;
    }
    if (maps == 0)
        return anv_error_set_at(err, ANV_ENOTFOUND, r->name, 0, 0,
                                "no languagemap matches language \"%s\"",
                                lang);
    *rules = out;
    *n = total;
    return ANV_OK;
}
