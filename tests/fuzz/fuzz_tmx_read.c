/*
 * fuzz_tmx_read.c - libFuzzer target for the TMX reader (make fuzz).
 *
 * Any input: the reader must return ANV_OK or a clean error, never crash,
 * leak or misbehave under ASan/UBSan.  For inputs it accepts, two more
 * properties are checked, so the fuzzer also hunts for logic bugs:
 *   - what the writer makes of the units reads back to the same units
 *     (same canonical form), i.e. export never writes broken TMX;
 *   - the units go into a TM store (merge, index) and the store holds at
 *     most as many units as were read.
 * The first byte chooses skip_invalid, so both error paths are explored.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "base/strbuf.h"
#include "tm/tm.h"
#include "tm/tmx_read.h"
#include "tm/tmx_write.h"

typedef struct ctx {
    tmx_writer *w;
    strbuf canon;
    tm_store *tm;
    size_t units;
} ctx;

static void canon(strbuf *out, const tmx_unit *u)
{
    anv_error err;
    tmx_writer *w = tmx_writer_new_memory(&err);
    if (!w || tmx_writer_unit(w, u, &err) != ANV_OK)
        abort();
    size_t len;
    const char *s = tmx_writer_buffer(w, &len);
    strbuf_append(out, s, len);
    for (size_t i = 0; i < u->n_tuvs; i++) {
        strbuf_append(out, u->tuvs[i].plain, u->tuvs[i].plain_len);
        strbuf_append_char(out, u->tuvs[i].has_tags ? '1' : '0');
    }
    tmx_writer_free(w);
}

static int on_unit(void *p, const tmx_unit *u, anv_error *err)
{
    ctx *c = p;
    c->units++;
    canon(&c->canon, u);
    if (c->w && tmx_writer_unit(c->w, u, err) != ANV_OK)
        abort();
    if (c->tm && tm_put(c->tm, u, NULL, NULL, err) != ANV_OK)
        abort();
    return ANV_OK;
}

static int on_unit_canon_only(void *p, const tmx_unit *u, anv_error *err)
{
    (void)err;
    ctx *c = p;
    c->units++;
    canon(&c->canon, u);
    return ANV_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    anv_error err;
    ctx a = {0}, b = {0};
    a.w = tmx_writer_new_memory(&err);
    a.tm = tm_new_memory(&err);
    tmx_write_header h = {"*all*", NULL, TMX_NO_DATE, NULL, 0};
    if (!a.w || !a.tm || tmx_writer_begin(a.w, &h, &err) != ANV_OK)
        abort();
    tmx_read_opts o = {0};
    o.skip_invalid = size > 0 && (data[0] & 1);
    o.ctx = &a;
    o.on_unit = on_unit;
    int rc = tmx_read_memory("fuzz", (const char *)data, size, &o, NULL, &err);
    if (rc == ANV_OK) {
        if (tmx_writer_end(a.w, &err) != ANV_OK)
            abort();
        size_t len;
        const char *doc = tmx_writer_buffer(a.w, &len);
        tmx_read_opts o2 = {0};
        o2.ctx = &b;
        o2.on_unit = on_unit_canon_only;
        if (tmx_read_memory("rewritten", doc, len, &o2, NULL, &err) != ANV_OK)
            abort(); /* the writer wrote something the reader refuses */
        if (a.units != b.units || a.canon.len != b.canon.len ||
            (a.canon.len && memcmp(a.canon.data, b.canon.data, a.canon.len)))
            abort(); /* a unit changed on the way out and back */
        if (tm_count(a.tm) > a.units)
            abort();
    } else if (!err.message[0]) {
        abort(); /* every failure says what went wrong */
    }
    tmx_writer_free(a.w);
    tm_free(a.tm);
    strbuf_release(&a.canon);
    strbuf_release(&b.canon);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlInitParser();
    return 0;
}
