/*
 * tm_codes.c - mapping a TM translation's inline codes onto the codes of
 * the segment being translated (see tm_codes.h).
 *
 * Both <seg>s are parsed with libxml2 (wrapped in <seg>, no entities, no
 * network).  A code's identity in a seg is its element and its i (bpt,
 * ept) or x attribute (ph, it, ut), or its ordinal among the elements of
 * that name when it has none.
 */
#include "project/tm_codes.h"
#include "base/array.h"
#include "text/icode.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

typedef struct tcode {
    char key[64]; /* "bpt 1", "ph x3", "ph #2" */
    icode_kind kind;
} tcode;

typedef struct tcodes {
    tcode *v;
    size_t n, cap;
    unsigned ordinal[5];
} tcodes;

static const char *const code_elems[] = {"bpt", "ept", "it", "ph", "ut"};

static int code_elem(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return -1;
    for (int i = 0; i < 5; i++)
        if (strcmp((const char *)n->name, code_elems[i]) == 0)
            return i;
    return -1;
}

static void describe(const xmlNode *n, int e, tcodes *seen, tcode *out)
{
    const char *attr = e <= 1 ? "i" : "x";
    xmlChar *v = xmlGetProp(n, BAD_CAST attr);
    /* a bpt and its ept share i: the key names the pair, the kind the
     * half */
    const char *name = e <= 1 ? "pair" : code_elems[e];
    if (v)
        snprintf(out->key, sizeof out->key, "%s %s%s", name, attr,
                 (const char *)v);
    else
        snprintf(out->key, sizeof out->key, "%s #%u", name,
                 seen->ordinal[e]);
    seen->ordinal[e]++;
    xmlFree(v);
    out->kind = e == 0 ? ICODE_OPEN : e == 1 ? ICODE_CLOSE : ICODE_ISOLATED;
    if (e == 2) {
        xmlChar *pos = xmlGetProp(n, BAD_CAST "pos");
        out->kind = pos && strcmp((const char *)pos, "end") == 0
                        ? ICODE_CLOSE : ICODE_OPEN;
        xmlFree(pos);
    }
}

static xmlDocPtr parse_seg(const char *xml, size_t len)
{
    strbuf b = STRBUF_INIT;
    xmlDocPtr d = NULL;
    if (strbuf_append_str(&b, "<seg>") == ANV_OK &&
        strbuf_append(&b, xml, len) == ANV_OK &&
        strbuf_append_str(&b, "</seg>") == ANV_OK && b.len < INT32_MAX)
        d = xmlReadMemory(b.data, (int)b.len, "seg.xml", "UTF-8",
                          XML_PARSE_NONET | XML_PARSE_NOERROR |
                              XML_PARSE_NOWARNING);
    strbuf_release(&b);
    return d;
}

/* The codes of a seg in document order (code contents are not walked). */
static int collect(const xmlNode *n, tcodes *out)
{
    for (; n; n = n->next) {
        int e = code_elem(n);
        if (e >= 0) {
            if (array_grow(&out->v, &out->cap, out->n + 1, sizeof *out->v) !=
                ANV_OK)
                return ANV_ENOMEM;
            describe(n, e, out, &out->v[out->n++]);
        } else if (n->type == XML_ELEMENT_NODE &&
                   collect(n->children, out) != ANV_OK) {
            return ANV_ENOMEM;
        }
    }
    return ANV_OK;
}

typedef struct filler {
    const tcodes *src;
    const icode_kind *kinds;
    const unsigned *ids;
    int *used;
    tcodes tgt;   /* ordinals while walking the target */
    strbuf text;
    int ok;
} filler;

static int fill(const xmlNode *n, filler *f)
{
    for (; n && f->ok; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (strbuf_append_str(&f->text, (const char *)n->content) !=
                ANV_OK)
                return ANV_ENOMEM;
            continue;
        }
        int e = code_elem(n);
        if (e < 0) {
            if (n->type == XML_ELEMENT_NODE && fill(n->children, f) != ANV_OK)
                return ANV_ENOMEM;
            continue;
        }
        tcode c;
        describe(n, e, &f->tgt, &c);
        size_t k = 0;
        while (k < f->src->n && (strcmp(f->src->v[k].key, c.key) != 0 ||
                                 f->src->v[k].kind != c.kind))
            k++;
        if (k == f->src->n || f->used[k]) {
            f->ok = 0;
            return ANV_OK;
        }
        f->used[k] = 1;
        if (icode_append(&f->text, f->kinds[k], f->ids[k]) != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

int tm_codes_fill(const char *source, const char *source_seg, size_t slen,
                  const char *target_seg, size_t tlen, strbuf *out,
                  anv_error *err)
{
    size_t n = strlen(source), count = icode_count(source, n);
    icode_kind *kinds = calloc(count + 1, sizeof *kinds);
    unsigned *ids = calloc(count + 1, sizeof *ids);
    int *used = calloc(count + 1, sizeof *used);
    tcodes src = {0};
    filler f = {0};
    xmlDocPtr sd = NULL, td = NULL;
    int rc = 0;
    if (!kinds || !ids || !used) {
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        goto out;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (icode_at(source, n, i, &kinds[k], &ids[k])) {
            k++;
            i += ICODE_CHAR_LEN - 1;
        }
    sd = parse_seg(source_seg, slen);
    td = parse_seg(target_seg, tlen);
    if (!sd || !td)
        goto out; /* cannot read them: not usable */
    if (collect(xmlDocGetRootElement(sd)->children, &src) != ANV_OK) {
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        goto out;
    }
    if (src.n != count)
        goto out;
    for (size_t i = 0; i < count; i++)
        if (src.v[i].kind != kinds[i])
            goto out;
    f.src = &src;
    f.kinds = kinds;
    f.ids = ids;
    f.used = used;
    f.ok = 1;
    if (fill(xmlDocGetRootElement(td)->children, &f) != ANV_OK) {
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        goto out;
    }
    if (!f.ok)
        goto out;
    strbuf_clear(out);
    if ((rc = text_append_nfc(out, f.text.data ? f.text.data : "", f.text.len,
                              err)) != ANV_OK)
        goto out;
    if (!out->data && strbuf_append(out, "", 0) != ANV_OK) {
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        goto out;
    }
    rc = 1;
out:
    free(kinds);
    free(ids);
    free(used);
    free(src.v);
    free(f.tgt.v);
    strbuf_release(&f.text);
    xmlFreeDoc(sd);
    xmlFreeDoc(td);
    return rc;
}
