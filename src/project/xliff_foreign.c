/*
 * xliff_foreign.c - another tool's XLIFF 1.x, translated in place.
 *
 * An XLIFF that Trados, memoQ, OmegaT, Okapi or Matecat wrote holds much
 * anuvad's model does not (skeleton references, groups, context groups,
 * notes, alt-trans, sdl:/mq: namespaces, its own white space); saving it
 * in anuvad's form would lose all that.  So a project read from such a
 * file keeps the file's bytes, and saving splices: every byte stays as it
 * was except the <target> of each unit whose translation or state
 * changed, which is written anew (or inserted after <source>/<seg-source>
 * when the unit had none).
 *
 * On reading, xmlev (formats/xmlev.h) gives every element's exact bytes.
 * The trans-units are walked in document order, as xliff_read.c reads
 * them (units with translate="no" are not units), and for each we note
 * where its <target> is, the start tag to keep (its attributes stay; the
 * state attribute is set), a single <mrk mtype="seg"> inside it to keep
 * around the text (sdlxliff), and the bytes of each inline element of its
 * <source>, numbered exactly as the reader numbers the codes, so that a
 * translation's codes are written in the file's own vocabulary: <g>
 * stays <g id="3" ctype="bold">, <x/> stays <x id="4"/>, <bpt> its bpt.
 *
 * What cannot be done in place is noted, not refused at reading time
 * (`anuvad tm import` still reads the file): several seg <mrk>s in one
 * unit, a count of units that does not match the reader's.  Writing such
 * a project is refused with that reason (xliff_foreign_problem).
 */
#include "project/xliff_internal.h"
#include "base/array.h"
#include "formats/xmlev.h"
#include "text/icode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct foreign_code {
    icode_kind kind;
    unsigned id;
    char *bytes;
} foreign_code;

typedef struct foreign_unit {
    size_t start, end;        /* the whole <target>, or the insertion point
                                 (start == end) */
    size_t stag_start, stag_end; /* its start tag (0, 0: none) */
    size_t seg_start, seg_end;   /* XLIFF 2: the <segment> start tag, where
                                    the state is (0, 0: XLIFF 1.x); a
                                    sdlxliff segment: its <sdl:seg> */
    int sdl;                     /* the state is sdl:seg's conf */
    int content_only;            /* start..end is a seg <mrk>'s content
                                    (several segments in one target) */
    int self_closed;          /* <target/> */
    char *mrk_open;           /* <mrk mtype="seg" ...> to keep, or NULL */
    char *orig_target;        /* as read (NULL: none) */
    xliff_state orig_state;
    foreign_code *codes;
    size_t n_codes, cap_codes;
} foreign_unit;

struct xliff_foreign {
    char *data;
    size_t len;
    foreign_unit *u;
    size_t n, cap;
    char *problem;            /* why it cannot be saved in place, or NULL */
};

static const char *local(const char *name)
{
    const char *c = strchr(name, ':');
    return c ? c + 1 : name;
}

static int is_el(const xev *e, xev_type t, const char *name)
{
    return e->type == t && e->name && strcmp(local(e->name), name) == 0;
}

void xliff_foreign_free(xliff_foreign *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        foreign_unit *u = &f->u[i];
        free(u->mrk_open);
        free(u->orig_target);
        for (size_t k = 0; k < u->n_codes; k++)
            free(u->codes[k].bytes);
        free(u->codes);
    }
    free(f->u);
    free(f->data);
    free(f->problem);
    free(f);
}

static int add_code(foreign_unit *u, icode_kind kind, unsigned id,
                    const char *bytes, size_t n)
{
    if (array_grow(&u->codes, &u->cap_codes, u->n_codes + 1,
                   sizeof *u->codes) != ANV_OK)
        return ANV_ENOMEM;
    char *b = malloc(n + 1);
    if (!b)
        return ANV_ENOMEM;
    memcpy(b, bytes, n);
    b[n] = '\0';
    u->codes[u->n_codes++] = (foreign_code){kind, id, b};
    return ANV_OK;
}

/* The inline elements of a <source>, numbered as xliff_read.c numbers
 * them (inline_code): a pair's halves share an XLIFF id, ids go up from 1
 * in order of appearance. */
typedef struct slot {
    const char *xid;
    int cls;
    icode_kind kind;
    unsigned id;
} slot;

enum { CLS_PAIR, CLS_ISOLATED, CLS_IT, CLS_G };

static int source_codes(const xev_list *x, const char *d, size_t src,
                        foreign_unit *u)
{
    slot slots[2 * ICODE_MAX_ID + 2];
    size_t n = 0;
    unsigned next = 1;
    for (size_t i = src + 1; i < x->ev[src].match; i++) {
        const xev *e = &x->ev[i];
        if (e->type != XEV_START)
            continue;
        const char *name = local(e->name);
        int cls;
        icode_kind kind = ICODE_ISOLATED;
        if (!strcmp(name, "bpt") || !strcmp(name, "bx")) {
            cls = CLS_PAIR;
            kind = ICODE_OPEN;
        } else if (!strcmp(name, "ept") || !strcmp(name, "ex")) {
            cls = CLS_PAIR;
            kind = ICODE_CLOSE;
        } else if (!strcmp(name, "ph") || !strcmp(name, "x")) {
            cls = CLS_ISOLATED;
        } else if (!strcmp(name, "it")) {
            cls = CLS_IT;
            const char *pos = xmlev_attr(e, "pos");
            kind = pos && !strcmp(pos, "close") ? ICODE_CLOSE : ICODE_OPEN;
        } else if (!strcmp(name, "g")) {
            cls = CLS_G;
            kind = ICODE_OPEN;
        } else {
            continue; /* <mrk>: its text is the unit's, its tags go */
        }
        const char *xid = xmlev_attr(e, "id");
        if (!xid && (!strcmp(name, "bx") || !strcmp(name, "ex")))
            xid = xmlev_attr(e, "rid");
        if (!xid)
            xid = "";
        unsigned id = 0;
        if (kind == ICODE_CLOSE && cls == CLS_PAIR) {
            int open = -1, closed = 0;
            for (size_t k = 0; k < n; k++)
                if (slots[k].cls == cls && !strcmp(slots[k].xid, xid)) {
                    if (slots[k].kind == ICODE_OPEN)
                        open = (int)k;
                    else
                        closed = 1;
                }
            if (open >= 0 && !closed)
                id = slots[open].id;
        }
        if (!id)
            id = next;
        if (id >= next)
            next = id + 1;
        if (n + 2 > sizeof slots / sizeof slots[0] || id > ICODE_MAX_ID)
            return ANV_ELIMIT;
        slots[n++] = (slot){xid, cls, kind, id};
        const xev *end = &x->ev[e->match];
        int rc;
        if (cls == CLS_G) {
            slots[n++] = (slot){xid, cls, ICODE_CLOSE, id};
            rc = add_code(u, ICODE_OPEN, id, d + e->start, e->end - e->start);
            if (rc == ANV_OK)
                rc = xmlev_empty(x, i)
                         ? add_code(u, ICODE_CLOSE, id, "", 0)
                         : add_code(u, ICODE_CLOSE, id, d + end->start,
                                    end->end - end->start);
            if (rc != ANV_OK)
                return rc;
            continue; /* codes inside a <g> are the source's too */
        }
        rc = add_code(u, kind, id, d + e->start, end->end - e->start);
        if (rc != ANV_OK)
            return rc;
        i = e->match;
    }
    return ANV_OK;
}

static int set_problem(xliff_foreign *f, const char *msg)
{
    if (!f->problem)
        f->problem = strdup(msg);
    return f->problem ? ANV_OK : ANV_ENOMEM;
}

/* Count the seg <mrk>s inside element el; *first: the first one. */
static size_t seg_mrks(const xev_list *x, size_t el, size_t *first)
{
    size_t n = 0;
    for (size_t i = el + 1; i < x->ev[el].match; i++)
        if (is_el(&x->ev[i], XEV_START, "mrk")) {
            const char *t = xmlev_attr(&x->ev[i], "mtype");
            if (t && !strcmp(t, "seg") && n++ == 0)
                *first = i;
        }
    return n;
}

static int walk_unit(xliff_foreign *f, const xev_list *x, size_t tu)
{
    const char *d = f->data;
    size_t src = 0, seg = 0, tgt = 0;
    for (size_t k = tu + 1; k < x->ev[tu].match; k++) {
        const xev *e = &x->ev[k];
        if (e->type != XEV_START)
            continue;
        if (is_el(e, XEV_START, "source") && !src)
            src = k;
        else if (is_el(e, XEV_START, "seg-source") && !seg)
            seg = k;
        else if (is_el(e, XEV_START, "target") && !tgt)
            tgt = k;
        k = e->match; /* direct children only (not alt-trans') */
    }
    if (array_grow(&f->u, &f->cap, f->n + 1, sizeof *f->u) != ANV_OK)
        return ANV_ENOMEM;
    foreign_unit *u = &f->u[f->n++];
    memset(u, 0, sizeof *u);
    if (!src)
        return ANV_OK; /* the reader refuses it anyway */
    int rc = source_codes(x, d, src, u);
    if (rc == ANV_ELIMIT)
        return set_problem(f, "a unit has more inline codes than anuvad "
                              "can number");
    if (rc != ANV_OK)
        return rc;
    size_t mrk = 0;
    size_t seg_in_source = seg ? seg_mrks(x, seg, &mrk) : 0;
    if (seg_in_source > 1)
        return set_problem(f, "a trans-unit holds several <mrk mtype=\"seg\"> "
                              "segments");
    if (tgt) {
        const xev *t = &x->ev[tgt];
        u->start = t->start;
        u->end = x->ev[t->match].end;
        u->stag_start = t->start;
        u->stag_end = t->end;
        u->self_closed = xmlev_empty(x, tgt);
        size_t tm = 0, k = seg_mrks(x, tgt, &tm);
        if (k > 1)
            return set_problem(f, "a <target> holds several <mrk "
                                  "mtype=\"seg\"> segments");
        if (k == 1)
            mrk = tm;
        else if (!u->self_closed && x->ev[t->match].start > t->end)
            mrk = 0; /* a target with text of its own: no mrk to keep */
    } else {
        u->start = u->end = x->ev[x->ev[seg ? seg : src].match].end;
    }
    if (mrk) {
        /* <mrk mtype="seg" mid="1"/> (an empty target's) opens as
         * <mrk mtype="seg" mid="1"> */
        const xev *m = &x->ev[mrk];
        size_t n = m->end - m->start;
        int empty = xmlev_empty(x, mrk);
        if (empty) {
            n -= 2; /* "/>" */
            while (n > 4 && d[m->start + n - 1] == ' ')
                n--;
        }
        if (!(u->mrk_open = malloc(n + 2)))
            return ANV_ENOMEM;
        memcpy(u->mrk_open, d + m->start, n);
        if (empty)
            u->mrk_open[n++] = '>';
        u->mrk_open[n] = '\0';
    }
    return ANV_OK;
}

int xliff_foreign_attach(xliff_project *p, const char *data, size_t len,
                         const char *name, anv_error *err)
{
    xliff_foreign *f = calloc(1, sizeof *f);
    if (!f || !(f->data = malloc(len + 1))) {
        free(f);
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    memcpy(f->data, data, len);
    f->data[len] = '\0';
    f->len = len;
    /* xmlev's byte positions are those of UTF-8 text */
    const char *enc = len > 5 && !memcmp(data, "<?xml", 5)
                          ? strstr(data, "encoding=")
                          : NULL;
    const char *decl_end = enc ? strstr(data, "?>") : NULL;
    if (enc && decl_end && enc < decl_end &&
        strncasecmp(enc + 10, "utf-8", 5) != 0) {
        char why[120];
        snprintf(why, sizeof why, "its encoding is not UTF-8 (%.*s)",
                 (int)strcspn(enc + 10, "\"'?"), enc + 10);
        int rc = set_problem(f, why);
        if (rc == ANV_OK)
            xliff_project_set_foreign(p, f);
        else
            xliff_foreign_free(f);
        return rc == ANV_OK ? ANV_OK
                            : anv_error_set(err, rc, "out of memory");
    }
    xev_list x;
    anv_error xerr;
    anv_error_clear(&xerr);
    int rc = xmlev_read(data, len, name, &x, &xerr);
    if (rc != ANV_OK) {
        /* readable for the reader, not byte for byte: never saved */
        rc = set_problem(f, xerr.message);
        if (rc == ANV_OK)
            xliff_project_set_foreign(p, f);
        else
            xliff_foreign_free(f);
        return rc == ANV_OK ? ANV_OK
                            : anv_error_set(err, rc, "out of memory");
    }
    for (size_t i = 0; rc == ANV_OK && i < x.n; i++) {
        const xev *e = &x.ev[i];
        if (is_el(e, XEV_START, "xliff")) {
            const char *v = xmlev_attr(e, "version");
            if (v && strncmp(v, "1.", 2) != 0)
                rc = set_problem(f, "XLIFF 2 in place");
        }
        if (is_el(e, XEV_START, "bin-unit")) {
            i = e->match; /* the reader does not read what it holds */
            continue;
        }
        if (!is_el(e, XEV_START, "trans-unit"))
            continue;
        /* as xliff_read.c: translate="no" is not a unit unless approved */
        const char *tr = xmlev_attr(e, "translate");
        const char *ap = xmlev_attr(e, "approved");
        if (!(tr && !strcmp(tr, "no")) || (ap && !strcmp(ap, "yes")))
            rc = walk_unit(f, &x, i);
        i = e->match;
    }
    xmlev_free(&x);
    if (rc == ANV_OK && f->n != xliff_project_unit_count(p))
        rc = set_problem(f, "its units are not the ones anuvad reads");
    for (size_t i = 0; rc == ANV_OK && !f->problem && i < f->n; i++) {
        const xliff_unit *u = xliff_project_unit(p, i);
        f->u[i].orig_state = u->state;
        if (u->target && !(f->u[i].orig_target = strdup(u->target)))
            rc = ANV_ENOMEM;
    }
    if (rc != ANV_OK) {
        xliff_foreign_free(f);
        return rc == ANV_ENOMEM ? anv_error_set(err, rc, "out of memory")
                                : rc;
    }
    xliff_project_set_foreign(p, f);
    return ANV_OK;
}

const char *xliff_foreign_problem(const xliff_foreign *f)
{
    return f ? f->problem : NULL;
}

int xliff_project_is_foreign(const xliff_project *p)
{
    return xliff_project_foreign(p) != NULL;
}

const char *xliff_project_in_place_problem(const xliff_project *p)
{
    return xliff_foreign_problem(xliff_project_foreign(p));
}

static const foreign_code *find_code(const foreign_unit *u, icode_kind kind,
                                     unsigned id)
{
    for (size_t k = 0; k < u->n_codes; k++)
        if (u->codes[k].kind == kind && u->codes[k].id == id)
            return &u->codes[k];
    return NULL;
}

/* A new <target> for unit u with text `t` (code chars) and state. */
/* A translation's text, escaped, its codes as the source's markup. */
static int write_text(strbuf *out, const foreign_unit *u, const char *t)
{
    size_t pos = 0, len = strlen(t);
    icode_piece pc;
    int rc = ANV_OK;
    while (rc == ANV_OK && icode_next_piece(t, len, &pos, &pc)) {
        if (!pc.is_code) {
            rc = strbuf_append_xml(out, pc.text, pc.len, 0);
            continue;
        }
        const foreign_code *c = find_code(u, pc.kind, pc.id);
        rc = c ? strbuf_append_str(out, c->bytes) : ANV_EINVAL;
    }
    return rc;
}

/* Trados's segment confirmation levels (sdl:seg conf). */
static const char *sdl_conf_name(xliff_state s)
{
    return s == XLIFF_STATE_FINAL        ? "ApprovedSignOff"
           : s == XLIFF_STATE_SIGNED_OFF ? "ApprovedTranslation"
           : s >= XLIFF_STATE_TRANSLATED ? "Translated"
                                         : "Draft";
}

/* XLIFF 2's four states. */
static const char *state2_name(xliff_state s)
{
    return s == XLIFF_STATE_FINAL        ? "final"
           : s == XLIFF_STATE_SIGNED_OFF ? "reviewed"
           : s >= XLIFF_STATE_TRANSLATED ? "translated"
                                         : "initial";
}

/* A start tag d[s..e) with attribute `name` set to `value`. */
static int set_attr(strbuf *out, const char *d, size_t s, size_t e,
                    const char *name, const char *value)
{
    size_t n = e - s, k = strlen(name);
    int empty = n >= 2 && d[e - 2] == '/';
    const char *t = d + s;
    size_t body = n - (empty ? 2 : 1);
    for (size_t i = 0; i + k + 2 < body; i++) {
        if (t[i] != ' ' || memcmp(t + i + 1, name, k) || t[i + 1 + k] != '=')
            continue;
        char q = t[i + k + 2];
        if (q != '"' && q != '\'')
            continue;
        const char *v = t + i + k + 3;
        const char *ve = memchr(v, q, (size_t)(t + body - v));
        if (!ve)
            break;
        int rc = strbuf_append(out, t, (size_t)(v - t));
        if (rc == ANV_OK)
            rc = strbuf_append_str(out, value);
        return rc == ANV_OK ? strbuf_append(out, ve, (size_t)(t + n - ve))
                            : rc;
    }
    size_t name_end = 1;
    while (name_end < body && t[name_end] != ' ' && t[name_end] != '\t' &&
           t[name_end] != '\n' && t[name_end] != '\r')
        name_end++;
    int rc = strbuf_append(out, t, name_end);
    if (rc == ANV_OK)
        rc = strbuf_printf(out, " %s=\"%s\"", name, value);
    return rc == ANV_OK ? strbuf_append(out, t + name_end, n - name_end) : rc;
}

static int write_target(strbuf *out, const char *d, const foreign_unit *u,
                        const char *t, xliff_state state)
{
    const char *sname = xliff_state_name(state);
    int rc = ANV_OK;
    if (u->content_only) {
        /* one seg <mrk> of several: its text only (an empty one opens) */
        if (u->mrk_open)
            rc = strbuf_append_str(out, u->mrk_open);
        rc = rc == ANV_OK ? write_text(out, u, t) : rc;
        if (rc == ANV_OK && u->mrk_open)
            rc = strbuf_append_str(out, "</mrk>");
        return rc;
    }
    if (u->seg_end) {
        /* XLIFF 2: the state is on <segment>; the target is plain */
        if (u->stag_end > u->stag_start) {
            rc = strbuf_append(out, d + u->stag_start,
                               u->stag_end - u->stag_start -
                                   (u->self_closed ? 2 : 1));
            while (rc == ANV_OK && out->len && out->data[out->len - 1] == ' ')
                out->len--;
            if (rc == ANV_OK)
                rc = strbuf_append(out, ">", 1);
        } else {
            rc = strbuf_append_str(out, "<target>");
        }
    } else if (u->stag_end > u->stag_start) {
        /* the start tag as it was, its state attribute set */
        const char *s = d + u->stag_start;
        size_t n = u->stag_end - u->stag_start;
        if (u->self_closed) {
            n -= 2; /* "/>", and the spaces before it */
            while (n > 7 && s[n - 1] == ' ')
                n--;
        } else {
            n -= 1; /* ">" */
        }
        const char *st = NULL;
        for (size_t k = 0; k + 8 <= n; k++)
            if (!memcmp(s + k, " state=", 7) &&
                (s[k + 7] == '"' || s[k + 7] == '\'')) {
                st = s + k;
                break;
            }
        if (st) {
            char q = st[7];
            const char *v = st + 8, *ve = memchr(v, q, (size_t)(s + n - v));
            if (!ve)
                ve = s + n;
            rc = strbuf_append(out, s, (size_t)(v - s));
            if (rc == ANV_OK)
                rc = strbuf_append_str(out, sname);
            if (rc == ANV_OK)
                rc = strbuf_append(out, ve, (size_t)(s + n - ve));
        } else {
            rc = strbuf_append(out, s, 7); /* "<target" */
            if (rc == ANV_OK)
                rc = strbuf_printf(out, " state=\"%s\"", sname);
            if (rc == ANV_OK)
                rc = strbuf_append(out, s + 7, n - 7);
        }
        if (rc == ANV_OK)
            rc = strbuf_append(out, ">", 1);
    } else {
        rc = strbuf_printf(out, "<target state=\"%s\">", sname);
    }
    if (rc == ANV_OK && u->mrk_open)
        rc = strbuf_append_str(out, u->mrk_open);
    if (rc == ANV_OK)
        rc = write_text(out, u, t);
    if (rc == ANV_OK && u->mrk_open)
        rc = strbuf_append_str(out, "</mrk>");
    if (rc == ANV_OK)
        rc = strbuf_append_str(out, "</target>");
    return rc;
}

/* One replacement of the file's bytes [start, end). */
typedef struct splice {
    size_t start, end;
    strbuf with;
} splice;

static int cmp_splice(const void *a, const void *b)
{
    const splice *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static splice *new_splice(splice **v, size_t *n, size_t *cap, size_t start,
                          size_t end)
{
    if (array_grow(v, cap, *n + 1, sizeof **v) != ANV_OK)
        return NULL;
    splice *sp = &(*v)[(*n)++];
    sp->start = start;
    sp->end = end;
    sp->with = (strbuf)STRBUF_INIT;
    return sp;
}

int xliff_foreign_write(const xliff_project *p, const xliff_foreign *f,
                        strbuf *out, anv_error *err)
{
    if (f->problem)
        return anv_error_set(err, ANV_EINVAL, "not supported: saving this "
                             "XLIFF in place: %s", f->problem);
    /* the replacements, then the file with them in byte order (a
     * sdlxliff's <sdl:seg> states come after the target of all its
     * segments) */
    splice *v = NULL;
    size_t n = 0, cap = 0;
    int rc = ANV_OK;
    for (size_t i = 0; rc == ANV_OK && i < f->n; i++) {
        const foreign_unit *fu = &f->u[i];
        const xliff_unit *u = xliff_project_unit(p, i);
        int same = u->state == fu->orig_state &&
                   ((!u->target && !fu->orig_target) ||
                    (u->target && fu->orig_target &&
                     !strcmp(u->target, fu->orig_target)));
        if (same || !u->target)
            continue;
        splice *sp;
        if (fu->seg_end) {
            if (!(sp = new_splice(&v, &n, &cap, fu->seg_start, fu->seg_end)))
                rc = ANV_ENOMEM;
            else
                rc = fu->sdl ? set_attr(&sp->with, f->data, fu->seg_start,
                                        fu->seg_end, "conf",
                                        sdl_conf_name(u->state))
                             : set_attr(&sp->with, f->data, fu->seg_start,
                                        fu->seg_end, "state",
                                        state2_name(u->state));
        }
        if (rc == ANV_OK &&
            !(sp = new_splice(&v, &n, &cap, fu->start, fu->end)))
            rc = ANV_ENOMEM;
        if (rc == ANV_OK)
            rc = write_target(&sp->with, f->data, fu, u->target, u->state);
        if (rc == ANV_EINVAL)
            rc = anv_error_set(err, ANV_EINVAL, "unit %s: an inline code "
                               "its source does not have", u->id);
    }
    if (rc == ANV_OK && n)
        qsort(v, n, sizeof *v, cmp_splice);
    size_t from = 0;
    for (size_t k = 0; rc == ANV_OK && k < n; k++) {
        if (v[k].start < from) {
            rc = anv_error_set(err, ANV_EINTERNAL, "overlapping targets in "
                               "the file");
            break;
        }
        rc = strbuf_append(out, f->data + from, v[k].start - from);
        if (rc == ANV_OK && v[k].with.len)
            rc = strbuf_append(out, v[k].with.data, v[k].with.len);
        from = v[k].end;
    }
    if (rc == ANV_OK)
        rc = strbuf_append(out, f->data + from, f->len - from);
    for (size_t k = 0; k < n; k++)
        strbuf_release(&v[k].with);
    free(v);
    if (rc == ANV_ENOMEM)
        return anv_error_set(err, rc, "out of memory");
    return rc;
}

/* ---- XLIFF 2 ----------------------------------------------------------------- */

/* The text of a <source> or <target> (XLIFF 2): white space runs as one
 * space, ends trimmed; <pc> a pair, <ph>, <sc>, <ec>, <cp> and anything
 * else isolated codes holding their bytes, <mrk> transparent.  For a
 * source, codes are numbered and noted (u->codes, table); for a target
 * each code takes the number of the source's code with the same id. */
typedef struct code2 {
    char *xid;
    char name[8];     /* the element: "pc", "g", "bpt", "ept" ... */
    icode_kind kind;
    unsigned id;
} code2;

static int text2(const xev_list *x, const char *d, size_t el, int is_source,
                 foreign_unit *u, code2 **ids, size_t *n_ids, size_t *cap_ids,
                 icode **table, size_t *n_table, size_t *cap_table,
                 strbuf *out)
{
    strbuf_clear(out);
    int rc = strbuf_append(out, "", 0), space = 0;
    unsigned next = 1;
    struct { size_t ev; unsigned id; } open[64];
    size_t n_open = 0;
    for (size_t i = el + 1; rc == ANV_OK && i < x->ev[el].match; i++) {
        const xev *e = &x->ev[i];
        if (e->type == XEV_TEXT) {
            for (size_t k = 0; rc == ANV_OK && k < e->text_len; k++) {
                char c = e->text[k];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    space = 1;
                    continue;
                }
                if (space && out->len)
                    rc = strbuf_append_char(out, ' ');
                space = 0;
                if (rc == ANV_OK)
                    rc = strbuf_append_char(out, c);
            }
            continue;
        }
        if (e->type == XEV_END) {
            if (n_open && open[n_open - 1].ev == e->match) {
                /* a space before a close stays inside the pair */
                if (space && out->len)
                    rc = strbuf_append_char(out, ' ');
                space = 0;
                if (rc == ANV_OK)
                    rc = icode_append(out, ICODE_CLOSE, open[--n_open].id);
            }
            continue;
        }
        if (e->type != XEV_START)
            continue;
        const char *name = local(e->name);
        if (!strcmp(name, "mrk"))
            continue;
        const char *xid = xmlev_attr(e, "id");
        if (!xid)
            xid = xmlev_attr(e, "startRef");
        if (!xid)
            xid = "";
        /* XLIFF 2's <pc> and 1.2's <g> hold their text: a pair */
        int pair = (!strcmp(name, "pc") || !strcmp(name, "g")) &&
                   !xmlev_empty(x, i) && n_open < 64;
        if (space && out->len && (rc = strbuf_append_char(out, ' ')) != ANV_OK)
            break;
        space = 0;
        unsigned id = 0;
        if (is_source) {
            id = next++;
            if (id > ICODE_MAX_ID)
                return ANV_ELIMIT;
            if (array_grow(ids, cap_ids, *n_ids + 1, sizeof **ids) != ANV_OK ||
                !((*ids)[*n_ids].xid = strdup(xid)))
                return ANV_ENOMEM;
            (*ids)[*n_ids].kind = pair ? ICODE_OPEN : ICODE_ISOLATED;
            snprintf((*ids)[*n_ids].name, sizeof (*ids)[*n_ids].name, "%s",
                     name);
            (*ids)[(*n_ids)++].id = id;
            const xev *end = &x->ev[e->match];
            const char *base = d;
            size_t blen = pair ? e->end - e->start : end->end - e->start;
            rc = add_code(u, pair ? ICODE_OPEN : ICODE_ISOLATED, id,
                          base + e->start, blen);
            if (rc == ANV_OK && pair)
                rc = add_code(u, ICODE_CLOSE, id, base + end->start,
                              end->end - end->start);
            for (int h = 0; rc == ANV_OK && h < 1 + pair; h++) {
                if (array_grow(table, cap_table, *n_table + 1,
                               sizeof **table) != ANV_OK)
                    return ANV_ENOMEM;
                const foreign_code *fc = &u->codes[u->n_codes - 1 - pair + h];
                icode *ic = &(*table)[(*n_table)++];
                ic->kind = fc->kind;
                ic->id = id;
                if (!(ic->data = strdup(fc->bytes)))
                    return ANV_ENOMEM;
            }
        } else {
            for (size_t k = 0; k < *n_ids && !id; k++)
                if (!strcmp((*ids)[k].xid, xid) &&
                    !strcmp((*ids)[k].name, name) &&
                    ((*ids)[k].kind == ICODE_OPEN) == pair)
                    id = (*ids)[k].id;
            if (!id)
                return ANV_EINVAL; /* a code the source does not have */
        }
        if (rc == ANV_OK)
            rc = icode_append(out, pair ? ICODE_OPEN : ICODE_ISOLATED, id);
        if (pair) {
            open[n_open].ev = i;
            open[n_open++].id = id;
        } else {
            i = e->match;
        }
    }
    return rc;
}

static xliff_state state_of2(const char *st, int has_target)
{
    if (!has_target)
        return XLIFF_STATE_NONE;
    if (st && !strcmp(st, "final"))
        return XLIFF_STATE_FINAL;
    if (st && !strcmp(st, "reviewed"))
        return XLIFF_STATE_SIGNED_OFF;
    if (st && !strcmp(st, "translated"))
        return XLIFF_STATE_TRANSLATED;
    return XLIFF_STATE_NEEDS_REVIEW_TRANSLATION; /* initial, with a target */
}

/* A segment into the project and f: its source the content of event
 * src, its target that of event tgt (0: none) with state `st`.  Returns
 * the foreign unit (its byte ranges are the caller's to set) or NULL. */
static foreign_unit *add_segment(xliff_project *p, xliff_foreign *f,
                                 const xev_list *x, size_t src, size_t tgt,
                                 const char *id, xliff_state st,
                                 anv_error *err)
{
    if (array_grow(&f->u, &f->cap, f->n + 1, sizeof *f->u) != ANV_OK) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    foreign_unit *u = &f->u[f->n++];
    memset(u, 0, sizeof *u);
    code2 *ids = NULL;
    size_t n_ids = 0, cap_ids = 0, n_table = 0, cap_table = 0;
    icode *table = NULL;
    strbuf text = STRBUF_INIT, target = STRBUF_INIT;
    int rc = text2(x, f->data, src, 1, u, &ids, &n_ids, &cap_ids, &table,
                   &n_table, &cap_table, &text);
    int target_ok = 0;
    if (rc == ANV_OK && tgt) {
        int r2 = text2(x, f->data, tgt, 0, u, &ids, &n_ids, &cap_ids, &table,
                       &n_table, &cap_table, &target);
        if (r2 == ANV_OK)
            target_ok = target.len > 0;
        else if (r2 != ANV_EINVAL)
            rc = r2;
    }
    size_t i = xliff_project_unit_count(p);
    if (rc == ANV_OK)
        rc = xliff_project_add_unit_id(p, id, "", text.data, NULL, err);
    else if (rc == ANV_ELIMIT)
        rc = anv_error_set(err, ANV_ELIMIT, "unit %s: more than %u inline "
                           "codes", id, ICODE_MAX_ID);
    else
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (rc == ANV_OK && n_table)
        rc = xliff_unit_set_codes(p, i, table, n_table, err);
    if (rc == ANV_OK && target_ok)
        rc = xliff_unit_set_target(p, i, target.data, st, XLIFF_QUAL_NONE,
                                   -1, 0, err);
    if (rc == ANV_OK) {
        const xliff_unit *xu = xliff_project_unit(p, i);
        u->orig_state = xu->state;
        if (xu->target && !(u->orig_target = strdup(xu->target)))
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < n_ids; k++)
        free(ids[k].xid);
    free(ids);
    icode_table_free(table, n_table);
    strbuf_release(&text);
    strbuf_release(&target);
    return rc == ANV_OK ? u : NULL;
}

/* One <segment> (event sg) of unit `uid` into the project and f. */
static int segment2(xliff_project *p, xliff_foreign *f, const xev_list *x,
                    size_t sg, const char *uid, size_t nth, size_t count,
                    anv_error *err)
{
    size_t src = 0, tgt = 0;
    for (size_t k = sg + 1; k < x->ev[sg].match; k++) {
        const xev *e = &x->ev[k];
        if (e->type != XEV_START)
            continue;
        if (is_el(e, XEV_START, "source") && !src)
            src = k;
        else if (is_el(e, XEV_START, "target") && !tgt)
            tgt = k;
        k = e->match;
    }
    if (!src)
        return ANV_OK;
    strbuf id = STRBUF_INIT;
    const char *sid = xmlev_attr(&x->ev[sg], "id");
    int rc = count > 1 ? (sid ? strbuf_printf(&id, "%s/%s", uid, sid)
                              : strbuf_printf(&id, "%s/%zu", uid, nth + 1))
                       : strbuf_append_str(&id, uid);
    if (rc != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    foreign_unit *u = add_segment(p, f, x, src, tgt, id.data,
                                  state_of2(xmlev_attr(&x->ev[sg], "state"),
                                            1),
                                  err);
    strbuf_release(&id);
    if (!u)
        return err->code;
    u->seg_start = x->ev[sg].start;
    u->seg_end = x->ev[sg].end;
    if (tgt) {
        const xev *t = &x->ev[tgt];
        u->start = t->start;
        u->end = x->ev[t->match].end;
        u->stag_start = t->start;
        u->stag_end = t->end;
        u->self_closed = xmlev_empty(x, tgt);
    } else {
        u->start = u->end = x->ev[x->ev[src].match].end;
    }
    return ANV_OK;
}

xliff_project *xliff2_read(const char *data, size_t len, const char *name,
                           anv_error *err)
{
    xev_list x;
    if (xmlev_read(data, len, name, &x, err) != ANV_OK)
        return NULL;
    xliff_project *p = xliff_project_new(err);
    xliff_foreign *f = p ? calloc(1, sizeof *f) : NULL;
    int rc = p ? ANV_OK : err->code;
    if (p && (!f || !(f->data = malloc(len + 1))))
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (rc == ANV_OK) {
        memcpy(f->data, data, len);
        f->data[len] = '\0';
        f->len = len;
    }
    const char *src_lang = "hi-IN", *trg_lang = "en-US";
    int files = 0;
    for (size_t i = 0; rc == ANV_OK && i < x.n; i++) {
        const xev *e = &x.ev[i];
        if (is_el(e, XEV_START, "xliff")) {
            if (xmlev_attr(e, "srcLang"))
                src_lang = xmlev_attr(e, "srcLang");
            if (xmlev_attr(e, "trgLang"))
                trg_lang = xmlev_attr(e, "trgLang");
            continue;
        }
        if (is_el(e, XEV_START, "file")) {
            const char *orig = xmlev_attr(e, "original");
            rc = xliff_project_add_file_full(p, orig ? orig
                                             : xmlev_attr(e, "id") ? xmlev_attr(e, "id")
                                                                   : name,
                                             src_lang, trg_lang, "x-undefined",
                                             err);
            files++;
            continue;
        }
        if (is_el(e, XEV_START, "group") && xmlev_attr(e, "translate") &&
            !strcmp(xmlev_attr(e, "translate"), "no")) {
            i = e->match; /* its units inherit translate="no" */
            continue;
        }
        if (!is_el(e, XEV_START, "unit"))
            continue;
        const char *tr = xmlev_attr(e, "translate");
        const char *uid = xmlev_attr(e, "id");
        if (!files)
            rc = anv_error_set(err, ANV_EPARSE, "%s: a <unit> outside a "
                               "<file>", name);
        if (rc == ANV_OK && !(tr && !strcmp(tr, "no"))) {
            size_t count = 0;
            for (size_t k = i + 1; k < e->match; k++)
                if (is_el(&x.ev[k], XEV_START, "segment")) {
                    count++;
                    k = x.ev[k].match;
                }
            size_t nth = 0;
            for (size_t k = i + 1; rc == ANV_OK && k < e->match; k++)
                if (is_el(&x.ev[k], XEV_START, "segment")) {
                    rc = segment2(p, f, &x, k, uid ? uid : "", nth++, count,
                                  err);
                    k = x.ev[k].match;
                }
        }
        i = e->match;
    }
    xmlev_free(&x);
    if (rc == ANV_OK && !files)
        rc = anv_error_set(err, ANV_EPARSE, "%s: no <file>", name);
    if (rc != ANV_OK) {
        xliff_foreign_free(f);
        xliff_project_free(p);
        return NULL;
    }
    xliff_project_set_foreign(p, f);
    return p;
}

/* ---- XLIFF 1.x segmented with <mrk mtype="seg"> (Trados, Okapi) ---------------- */

/* The child of el (any depth) that is a seg <mrk> with mid `mid`, or 0. */
static size_t find_mrk(const xev_list *x, size_t el, const char *mid)
{
    for (size_t i = el + 1; i < x->ev[el].match; i++) {
        const xev *e = &x->ev[i];
        if (!is_el(e, XEV_START, "mrk"))
            continue;
        const char *t = xmlev_attr(e, "mtype"), *m = xmlev_attr(e, "mid");
        if (t && !strcmp(t, "seg") && m && !strcmp(m, mid))
            return i;
    }
    return 0;
}

static xliff_state state_of_sdl(const char *conf, int has_target)
{
    if (!has_target)
        return XLIFF_STATE_NONE;
    if (conf && !strcmp(conf, "ApprovedSignOff"))
        return XLIFF_STATE_FINAL;
    if (conf && !strcmp(conf, "ApprovedTranslation"))
        return XLIFF_STATE_SIGNED_OFF;
    if (conf && !strcmp(conf, "Translated"))
        return XLIFF_STATE_TRANSLATED;
    return XLIFF_STATE_NEEDS_REVIEW_TRANSLATION;
}

static xliff_state state_of1(const char *st)
{
    xliff_state s;
    if (st && xliff_state_parse(st, &s) == 0)
        return s;
    return XLIFF_STATE_NEEDS_REVIEW_TRANSLATION;
}

/* One trans-unit (event tu) of a segmented XLIFF 1.x file. */
static int seg_unit(xliff_project *p, xliff_foreign *f, const xev_list *x,
                    size_t tu, anv_error *err)
{
    size_t src = 0, seg = 0, tgt = 0, defs = 0;
    for (size_t k = tu + 1; k < x->ev[tu].match; k++) {
        const xev *e = &x->ev[k];
        if (e->type != XEV_START)
            continue;
        if (is_el(e, XEV_START, "source") && !src)
            src = k;
        else if (is_el(e, XEV_START, "seg-source") && !seg)
            seg = k;
        else if (is_el(e, XEV_START, "target") && !tgt)
            tgt = k;
        else if (is_el(e, XEV_START, "seg-defs") && !defs)
            defs = k;
        k = e->match;
    }
    const char *uid = xmlev_attr(&x->ev[tu], "id");
    if (!uid)
        uid = "";
    if (!src)
        return ANV_OK;
    size_t first = 0, count = seg ? seg_mrks(x, seg, &first) : 0;
    if (!count) {
        /* a unit without segments: its <target> as in walk_unit */
        foreign_unit *u = add_segment(
            p, f, x, src, tgt, uid,
            state_of1(tgt ? xmlev_attr(&x->ev[tgt], "state") : NULL), err);
        if (!u)
            return err->code;
        if (tgt) {
            const xev *t = &x->ev[tgt];
            u->start = t->start;
            u->end = x->ev[t->match].end;
            u->stag_start = t->start;
            u->stag_end = t->end;
            u->self_closed = xmlev_empty(x, tgt);
        } else {
            u->start = u->end = x->ev[x->ev[src].match].end;
        }
        return ANV_OK;
    }
    for (size_t m = seg + 1; m < x->ev[seg].match; m++) {
        const xev *e = &x->ev[m];
        const char *mt = is_el(e, XEV_START, "mrk") ? xmlev_attr(e, "mtype")
                                                   : NULL;
        if (!mt || strcmp(mt, "seg") != 0)
            continue;
        const char *mid = xmlev_attr(e, "mid");
        if (!mid)
            mid = "";
        size_t tm = tgt ? find_mrk(x, tgt, mid) : 0;
        if (!tm)
            return set_problem(f, "a segment has no <mrk mtype=\"seg\"> in "
                                  "its target") == ANV_OK
                       ? ANV_OK
                       : anv_error_set(err, ANV_ENOMEM, "out of memory");
        size_t sdl = 0;
        for (size_t k = defs ? defs + 1 : 0; defs && k < x->ev[defs].match;
             k++)
            if (is_el(&x->ev[k], XEV_START, "seg") &&
                xmlev_attr(&x->ev[k], "id") &&
                !strcmp(xmlev_attr(&x->ev[k], "id"), mid)) {
                sdl = k;
                break;
            }
        strbuf id = STRBUF_INIT;
        if ((count > 1 ? strbuf_printf(&id, "%s/%s", uid, mid)
                       : strbuf_append_str(&id, uid)) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        xliff_state st = sdl ? state_of_sdl(xmlev_attr(&x->ev[sdl], "conf"), 1)
                             : state_of1(xmlev_attr(&x->ev[tgt], "state"));
        foreign_unit *u = add_segment(p, f, x, m, tm, id.data, st, err);
        strbuf_release(&id);
        if (!u)
            return err->code;
        u->content_only = 1;
        const xev *t = &x->ev[tm];
        if (xmlev_empty(x, tm)) {
            /* <mrk mtype="seg" mid="1"/>: written whole, opened */
            u->start = t->start;
            u->end = x->ev[t->match].end;
            size_t n = t->end - t->start - 2;
            while (n > 4 && f->data[t->start + n - 1] == ' ')
                n--;
            if (!(u->mrk_open = malloc(n + 2)))
                return anv_error_set(err, ANV_ENOMEM, "out of memory");
            memcpy(u->mrk_open, f->data + t->start, n);
            u->mrk_open[n] = '>';
            u->mrk_open[n + 1] = '\0';
        } else {
            u->start = t->end;
            u->end = x->ev[t->match].start;
        }
        if (sdl) {
            u->sdl = 1;
            u->seg_start = x->ev[sdl].start;
            u->seg_end = x->ev[sdl].end;
        }
        m = e->match;
    }
    return ANV_OK;
}

xliff_project *xliff1_seg_read(const char *data, size_t len,
                               const char *name, anv_error *err)
{
    xev_list x;
    if (xmlev_read(data, len, name, &x, err) != ANV_OK)
        return NULL;
    xliff_project *p = xliff_project_new(err);
    xliff_foreign *f = p ? calloc(1, sizeof *f) : NULL;
    int rc = p ? ANV_OK : err->code;
    if (p && (!f || !(f->data = malloc(len + 1))))
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (rc == ANV_OK) {
        memcpy(f->data, data, len);
        f->data[len] = '\0';
        f->len = len;
    }
    int files = 0;
    for (size_t i = 0; rc == ANV_OK && i < x.n; i++) {
        const xev *e = &x.ev[i];
        if (is_el(e, XEV_START, "file")) {
            const char *o = xmlev_attr(e, "original");
            const char *sl = xmlev_attr(e, "source-language");
            const char *tl = xmlev_attr(e, "target-language");
            const char *dt = xmlev_attr(e, "datatype");
            rc = xliff_project_add_file_full(p, o ? o : name,
                                             sl ? sl : "hi-IN",
                                             tl ? tl : "en-US",
                                             dt ? dt : "x-undefined", err);
            files++;
            continue;
        }
        if (is_el(e, XEV_START, "bin-unit") || is_el(e, XEV_START, "header")) {
            i = e->match;
            continue;
        }
        if (!is_el(e, XEV_START, "trans-unit"))
            continue;
        const char *tr = xmlev_attr(e, "translate");
        const char *ap = xmlev_attr(e, "approved");
        if (!files)
            rc = anv_error_set(err, ANV_EPARSE, "%s: a <trans-unit> outside "
                               "a <file>", name);
        else if (!(tr && !strcmp(tr, "no")) || (ap && !strcmp(ap, "yes")))
            rc = seg_unit(p, f, &x, i, err);
        i = e->match;
    }
    xmlev_free(&x);
    if (rc == ANV_OK && !files)
        rc = anv_error_set(err, ANV_EPARSE, "%s: no <file>", name);
    if (rc != ANV_OK) {
        xliff_foreign_free(f);
        xliff_project_free(p);
        return NULL;
    }
    xliff_project_set_foreign(p, f);
    return p;
}
