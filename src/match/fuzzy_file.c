/*
 * fuzzy_file.c - opening a fuzzy index file, checking it, and knowing when
 * it is stale (see fuzzy_index.h and the layout in fuzzy_format.h).
 *
 * An index is a cache: anything wrong with it (another version, a
 * truncated or damaged file, a stamp that no longer matches the TM) just
 * means "rebuild".  But since a search follows offsets and ids stored in
 * the file, opening checks every one of them once (ranges, monotonic
 * offsets, sorted postings, token ranges inside their unit) after the
 * whole-file hash: a damaged or hand-made file is refused, never crashes
 * a later search.  That reads the whole file: 0.25 s and 800 MB resident
 * for a million units.
 *
 * So the check is done once per version of the file.  After it passes,
 * the file's identity (device, inode, size, modification and change
 * times) is written beside it, in INDEX.ok; an open that finds the same
 * identity there skips the hash and the walks, and maps only the pages a
 * search touches (docs/performance.md: one lookup on a million units in
 * a fraction of the time and memory).  Any write to the index changes its
 * change time, which no program can set back, so a damaged file is checked
 * again.  As git does with its index, a file changed less than
 * RACY_SECONDS before the check is not vouched for: a write within the
 * same clock tick could leave its times as they were.
 *
 * This file knows nothing of building: fuzzy_build.c uses it (hashing,
 * attaching, opening) and holds the open-or-rebuild policy,
 * fuzzy_index_load(); the dependency goes one way.
 */
#include "match/fuzzy_format.h"

#include "base/array.h"
#include "base/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unicode/ustring.h>


/* ---- hashing ------------------------------------------------------------- */

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full

static uint64_t rotl(uint64_t x, int r) { return x << r | x >> (64 - r); }

static uint64_t round64(uint64_t lane, uint64_t w)
{
    return rotl(lane ^ (w * P2), 31) * P1;
}

static uint64_t load64(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

void fz_hash_init(fz_hash *h)
{
    memset(h, 0, sizeof *h);
    h->lane[0] = P1 + P2;
    h->lane[1] = P2;
    h->lane[2] = 0;
    h->lane[3] = 0 - P1;
}

static void block(fz_hash *h, const unsigned char *p)
{
    h->lane[0] = round64(h->lane[0], load64(p));
    h->lane[1] = round64(h->lane[1], load64(p + 8));
    h->lane[2] = round64(h->lane[2], load64(p + 16));
    h->lane[3] = round64(h->lane[3], load64(p + 24));
}

void fz_hash_update(fz_hash *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    h->total += n;
    if (h->nbuf) {
        size_t take = 32 - h->nbuf < n ? 32 - h->nbuf : n;
        memcpy(h->buf + h->nbuf, p, take);
        h->nbuf += take;
        p += take;
        n -= take;
        if (h->nbuf < 32)
            return;
        block(h, h->buf);
        h->nbuf = 0;
    }
    for (; n >= 32; p += 32, n -= 32)
        block(h, p);
    memcpy(h->buf, p, n);
    h->nbuf = n;
}

uint64_t fz_hash_final(fz_hash *h)
{
    memset(h->buf + h->nbuf, 0, 32 - h->nbuf);
    if (h->nbuf)
        block(h, h->buf);
    uint64_t x = rotl(h->lane[0], 1) + rotl(h->lane[1], 7) +
                 rotl(h->lane[2], 12) + rotl(h->lane[3], 18);
    x ^= h->total * P1;
    x ^= x >> 33;
    x *= P2;
    x ^= x >> 29;
    x *= P1;
    x ^= x >> 32;
    return x;
}

uint64_t fz_hash_bytes(const void *data, size_t n)
{
    fz_hash h;
    fz_hash_init(&h);
    fz_hash_update(&h, data, n);
    return fz_hash_final(&h);
}

/* ---- stamps -------------------------------------------------------------- */

#define TAIL_BYTES (64 * 1024)

/* The hash of bytes [size - TAIL_BYTES, size) of fd (the whole file when
 * shorter): 1 and *out set, 0 on a read error. */
static int tail_hash(int fd, uint64_t size, uint64_t *out)
{
    size_t n = size > TAIL_BYTES ? TAIL_BYTES : (size_t)size;
    unsigned char *buf = malloc(n ? n : 1);
    if (!buf)
        return 0;
    ssize_t got = pread(fd, buf, n, (off_t)(size - n));
    if (got == (ssize_t)n)
        *out = fz_hash_bytes(buf, n);
    free(buf);
    return got == (ssize_t)n;
}

int fuzzy_stamp_fd(int fd, const char *name, fuzzy_file_stamp *out,
                   anv_error *err)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (fstat(fd, &st) != 0)
        return anv_error_set_at(err, ANV_EIO, name, 0, 0, "%s",
                                strerror(errno));
    out->exists = 1;
    out->size = (uint64_t)st.st_size;
    out->mtime_sec = st.st_mtim.tv_sec;
    out->mtime_nsec = st.st_mtim.tv_nsec;
    out->inode = st.st_ino;
    out->device = st.st_dev;
    if (!tail_hash(fd, out->size, &out->tail_hash))
        return anv_error_set_at(err, ANV_EIO, name, 0, 0, "cannot read: %s",
                                strerror(errno));
    return ANV_OK;
}

int fuzzy_stamp_appended(int fd, const fuzzy_file_stamp *old)
{
    struct stat st;
    uint64_t h;
    return old->exists && fstat(fd, &st) == 0 && st.st_ino == old->inode &&
           (uint64_t)st.st_dev == old->device &&
           (uint64_t)st.st_size >= old->size &&
           tail_hash(fd, old->size, &h) && h == old->tail_hash;
}

static int stamp_file(const char *path, fuzzy_file_stamp *out, anv_error *err)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return ANV_OK;
        return anv_error_set_at(err, ANV_EIO, path, 0, 0, "%s",
                                strerror(errno));
    }
    int rc = fuzzy_stamp_fd(fd, path, out, err);
    close(fd);
    return rc;
}

int fuzzy_stamp_files(fuzzy_stamp *out, const char *const *paths, size_t n,
                      anv_error *err)
{
    memset(out, 0, sizeof *out);
    if (n > FUZZY_STAMP_FILES)
        return anv_error_set(err, ANV_EINVAL,
                             "an index can follow at most %d files",
                             FUZZY_STAMP_FILES);
    out->n = n;
    for (size_t i = 0; i < n; i++) {
        int rc = stamp_file(paths[i], &out->files[i], err);
        if (rc != ANV_OK)
            return rc;
    }
    return ANV_OK;
}

int fz_stamp_equal(const fuzzy_stamp *a, const fuzzy_stamp *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* ---- checking and attaching ---------------------------------------------- */

static int bad(anv_error *err, const char *name, const char *what)
{
    return anv_error_set_at(err, ANV_EPARSE, name, 0, 0,
                            "not a usable fuzzy index (%s)", what);
}

/* Section s holds exactly `count` elements of `size` bytes. */
static int section_ok(const fz_header *h, int s, uint64_t count,
                      uint64_t size, size_t file_size)
{
    const fz_section *sec = &h->sections[s];
    uint64_t body_end = file_size - sizeof(fz_trailer);
    if (size && count > UINT64_MAX / size)
        return 0;
    return sec->off % 8 == 0 && sec->off >= sizeof *h &&
           sec->off <= body_end && sec->len <= body_end - sec->off &&
           (size == 0 || sec->len == count * size);
}

/* Wide units ascending, each a unit. */
static int wide_ok(const fuzzy_index *x)
{
    for (size_t i = 0; i < x->n_wide; i++)
        if (x->wide_units[i] >= x->n_units ||
            (i > 0 && x->wide_units[i] <= x->wide_units[i - 1]))
            return 0;
    return 1;
}

/* Offset i of an array of 64-bit (bits64) or 32-bit offsets. */
static uint64_t offset_at(const void *off, int bits64, size_t i)
{
    return bits64 ? ((const uint64_t *)off)[i] : ((const uint32_t *)off)[i];
}

/* off[0] == 0, off[] non-decreasing, off[n] == end. */
static int offsets_ok(const void *off, int bits64, size_t n, uint64_t end)
{
    if (offset_at(off, bits64, 0) != 0 || offset_at(off, bits64, n) != end)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (offset_at(off, bits64, i) > offset_at(off, bits64, i + 1))
            return 0;
    return 1;
}

static int units_ok(const fuzzy_index *x, uint64_t n_tokens)
{
    const uint32_t *ls = x->len_start;
    if (ls[0] != 0 || ls[x->max_words + 1] != x->n_units)
        return 0;
    for (size_t l = 0; l <= x->max_words; l++) {
        if (ls[l] > ls[l + 1])
            return 0;
        for (uint32_t u = ls[l]; u < ls[l + 1]; u++)
            if (x->unit_words[u] != l)
                return 0;
    }
    match_tok *tok = NULL;
    size_t cap = 0;
    fz_text text;
    /* out of memory: refused, never trusted */
    int ok = fz_text_init(&text) == ANV_OK;
    for (size_t u = 0; u < x->n_units && ok; u++) {
        uint64_t words = 0;
        if (x->unit_tok[u + 1] > n_tokens) {
            ok = 0;
            break;
        }
        uint64_t nt = x->unit_tok[u + 1] - x->unit_tok[u];
        if (array_grow(&tok, &cap, nt ? nt : 1, sizeof *tok) != ANV_OK) {
            ok = 0;
            break;
        }
        const uint32_t *keys = x->tok_key + x->unit_tok[u];
        for (uint64_t t = 0; t < nt && ok; t++) {
            if (MATCH_KEY_ID(keys[t]) >= x->n_keys)
                ok = 0;
            words += match_is_word(keys[t]);
        }
        if (!ok)
            break;
        fz_unit_keys(x, (uint32_t)u, tok); /* key_cls: checked before */
        ok = fz_unit_text(&text, x, (uint32_t)u, tok) == ANV_OK &&
             text.out.len <= FUZZY_MAX_TEXT_BYTES;
        if (words != x->unit_words[u])
            ok = 0;
    }
    free(tok);
    fz_text_release(&text);
    return ok;
}

static int postings_ok(const fuzzy_index *x)
{
    for (size_t k = 0; k < x->n_keys; k++) {
        const uint32_t *p = x->post + x->post_off[k];
        size_t n = x->post_off[k + 1] - x->post_off[k];
        for (size_t i = 0; i < n; i++)
            if (p[i] >= x->n_units || (i > 0 && p[i] <= p[i - 1]))
                return 0;
    }
    for (size_t i = 0; i <= x->slot_mask; i++)
        if (x->slots[i] > x->n_keys)
            return 0;
    for (size_t k = 0; k < x->n_keys; k++)
        if (MATCH_KEY_ID(x->key_cls[k]) >= x->n_keys)
            return 0;
    return 1;
}

int fz_index_attach(fuzzy_index *x, void *base, size_t size, int mapped,
                    int trusted, const char *name, anv_error *err)
{
    memset(x, 0, sizeof *x);
    x->base = base;
    x->size = size;
    x->mapped = mapped;
    x->fd = -1;
    if (size < sizeof(fz_header) + sizeof(fz_trailer))
        return bad(err, name, "too short");
    const fz_header *h = base;
    const fz_trailer *t =
        (const fz_trailer *)((const char *)base + size - sizeof *t);
    if (memcmp(h->magic, FZ_MAGIC, 8) != 0)
        return bad(err, name, "no index header");
    if (h->byte_order != FZ_BYTE_ORDER)
        return bad(err, name, "written on a machine of other byte order");
    if (h->format_version != FZ_FORMAT_VERSION ||
        h->match_version != MATCH_VERSION ||
        h->header_size != sizeof *h)
        return bad(err, name, "another version");
    if (h->header_hash !=
        fz_hash_bytes(h, offsetof(fz_header, header_hash)))
        return bad(err, name, "damaged header");
    if (h->file_size != size || memcmp(t->magic, FZ_MAGIC, 8) != 0)
        return bad(err, name, "truncated");
    if (!trusted &&
        t->body_hash != fz_hash_bytes((const char *)base + sizeof *h,
                                      size - sizeof *h - sizeof *t))
        return bad(err, name, "damaged: hash mismatch");

    uint64_t n = h->n_units, k = h->n_keys;
    uint64_t wide = h->sections[FZ_WIDE_UNITS].len / 4;
    if (n >= UINT32_MAX || k == 0 || k > (uint64_t)MATCH_MAX_ID + 1 ||
        h->max_words >= UINT32_MAX - 1 || h->n_slots < 2 * k ||
        (h->n_slots & (h->n_slots - 1)) != 0)
        return bad(err, name, "impossible counts");
    if (!section_ok(h, FZ_UNIT_ID, n, 8, size) ||
        !section_ok(h, FZ_UNIT_DATE, n, 8, size) ||
        !section_ok(h, FZ_UNIT_USAGE, n, 4, size) ||
        !section_ok(h, FZ_UNIT_WORDS, n, 4, size) ||
        !section_ok(h, FZ_UNIT_SRC, n + 1, 8, size) ||
        !section_ok(h, FZ_UNIT_TOK, n + 1, 4, size) ||
        !section_ok(h, FZ_UNIT_PAYLOAD, n + 1, 8, size) ||
        !section_ok(h, FZ_LEN_START, h->max_words + 2, 4, size) ||
        !section_ok(h, FZ_TOK_KEYS, h->n_tokens, 4, size) ||
        !section_ok(h, FZ_POST_OFF, k + 1, 8, size) ||
        !section_ok(h, FZ_POSTINGS, h->n_postings, 4, size) ||
        !section_ok(h, FZ_KEY_CLASS, k, 4, size) ||
        !section_ok(h, FZ_DICT_SLOTS, h->n_slots, 4, size) ||
        !section_ok(h, FZ_DICT_STR_OFF, k + 1, 8, size) ||
        !section_ok(h, FZ_DICT_STR, 0, 0, size) ||
        !section_ok(h, FZ_UNIT_TEXT, 0, 0, size) ||
        !section_ok(h, FZ_PAYLOAD_BLOB, 0, 0, size) ||
        !section_ok(h, FZ_WIDE_UNITS, wide, 4, size))
        return bad(err, name, "section out of place");

    const char *b = base;
#define AT(s) ((const void *)(b + h->sections[s].off))
    x->h = h;
    x->n_units = n;
    x->n_keys = k;
    x->max_words = h->max_words;
    x->unit_id = AT(FZ_UNIT_ID);
    x->unit_date = AT(FZ_UNIT_DATE);
    x->unit_usage = AT(FZ_UNIT_USAGE);
    x->unit_words = AT(FZ_UNIT_WORDS);
    x->unit_src = AT(FZ_UNIT_SRC);
    x->unit_tok = AT(FZ_UNIT_TOK);
    x->unit_payload = AT(FZ_UNIT_PAYLOAD);
    x->len_start = AT(FZ_LEN_START);
    x->tok_key = AT(FZ_TOK_KEYS);
    x->post_off = AT(FZ_POST_OFF);
    x->post = AT(FZ_POSTINGS);
    x->key_cls = AT(FZ_KEY_CLASS);
    x->slots = AT(FZ_DICT_SLOTS);
    x->slot_mask = h->n_slots - 1;
    x->str_off = AT(FZ_DICT_STR_OFF);
    x->str = AT(FZ_DICT_STR);
    x->text = AT(FZ_UNIT_TEXT);
    x->payload = AT(FZ_PAYLOAD_BLOB);
    x->wide_units = AT(FZ_WIDE_UNITS);
    x->n_wide = (size_t)wide;
#undef AT
    x->trusted = trusted;
    if (trusted)
        return ANV_OK;
    if (!offsets_ok(x->unit_src, 1, n, h->sections[FZ_UNIT_TEXT].len) ||
        !offsets_ok(x->unit_tok, 0, n, h->n_tokens) ||
        !offsets_ok(x->unit_payload, 1, n, h->sections[FZ_PAYLOAD_BLOB].len) ||
        !offsets_ok(x->post_off, 1, k, h->n_postings) ||
        !offsets_ok(x->str_off, 1, k, h->sections[FZ_DICT_STR].len))
        return bad(err, name, "offsets out of order");
    if (!wide_ok(x) || !units_ok(x, h->n_tokens))
        return bad(err, name, "units out of order");
    if (!postings_ok(x))
        return bad(err, name, "postings out of order");
    return ANV_OK;
}

/* ---- sources in SCSU --------------------------------------------------------- */

/* Measured on the 1M-unit bench TM (Hindi sources, 265 bytes of UTF-8 on
 * average): SCSU is 0.40 of the UTF-8, and ICU decodes a source back to
 * UTF-8 in about 0.6 us.  A search decodes only the units it scores (about
 * 30 a query there), where their tokens alone are checked for the rest.
 * Through UTF-16 in two calls, not ucnv_toAlgorithmic(UCNV_UTF8, ...):
 * that one call took 0.75 us against 0.58 (200,000 sources, same
 * output). */

int fz_text_init(fz_text *t)
{
    memset(t, 0, sizeof *t);
    UErrorCode st = U_ZERO_ERROR;
    t->cnv = ucnv_open("SCSU", &st);
    if (U_FAILURE(st)) {
        t->cnv = NULL;
        return ANV_ENOMEM;
    }
    /* A damaged file must say so, not decode to U+FFFD. */
    st = U_ZERO_ERROR;
    ucnv_setToUCallBack(t->cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
                        &st);
    return U_FAILURE(st) ? ANV_ENOMEM : ANV_OK;
}

void fz_text_release(fz_text *t)
{
    if (t->cnv)
        ucnv_close(t->cnv);
    free(t->u);
    strbuf_release(&t->out);
    fz_window_release(&t->raw);
    memset(t, 0, sizeof *t);
}

/* Room for n UTF-16 units. */
static int utf16_room(fz_text *t, size_t n)
{
    return array_grow(&t->u, &t->u_cap, n ? n : 1, sizeof *t->u);
}

int fz_text_encode(fz_text *t, const char *s, size_t n)
{
    /* UTF-16 has at most as many units as UTF-8 has bytes; SCSU at most
     * 3 bytes a UTF-16 unit, plus a few mode switches */
    strbuf_clear(&t->out);
    if (utf16_room(t, n) != ANV_OK ||
        strbuf_reserve(&t->out, 3 * n + 16) != ANV_OK)
        return ANV_ENOMEM;
    UErrorCode st = U_ZERO_ERROR;
    int32_t nu;
    u_strFromUTF8(t->u, (int32_t)t->u_cap, &nu, s, (int32_t)n, &st);
    if (U_FAILURE(st))
        return st == U_INVALID_CHAR_FOUND ? ANV_EUTF8 : ANV_ENOMEM;
    st = U_ZERO_ERROR;
    ucnv_resetFromUnicode(t->cnv);
    int32_t got = ucnv_fromUChars(t->cnv, t->out.data,
                                  (int32_t)(t->out.cap - 1), t->u, nu, &st);
    if (U_FAILURE(st))
        return ANV_ENOMEM;
    t->out.len = (size_t)got;
    return ANV_OK;
}

/* SCSU p[0..n) as UTF-8 in t->out. */
static int decode_source(fz_text *t, const char *p, size_t n)
{
    /* one SCSU byte gives at most two UTF-16 units (a quoted or windowed
     * supplementary character), one unit at most 3 bytes of UTF-8 */
    if (utf16_room(t, 2 * n) != ANV_OK)
        return ANV_ENOMEM;
    UErrorCode st = U_ZERO_ERROR;
    ucnv_resetToUnicode(t->cnv);
    int32_t nu = ucnv_toUChars(t->cnv, t->u, (int32_t)t->u_cap, p,
                               (int32_t)n, &st);
    if (U_FAILURE(st))
        return st == U_BUFFER_OVERFLOW_ERROR ? ANV_ENOMEM : ANV_EPARSE;
    strbuf_clear(&t->out);
    if (strbuf_reserve(&t->out, 3 * (size_t)nu + 1) != ANV_OK)
        return ANV_ENOMEM;
    int32_t got;
    st = U_ZERO_ERROR;
    u_strToUTF8(t->out.data, (int32_t)(t->out.cap - 1), &got, t->u, nu,
                &st);
    if (U_FAILURE(st)) /* a lone surrogate */
        return ANV_EPARSE;
    t->out.len = (size_t)got;
    t->out.data[got] = '\0';
    return ANV_OK;
}

/* ---- reading the blobs -------------------------------------------------------- */

/* Why the blobs of an index opened for searching are read with pread()
 * and not through the map.  On Linux (6.18 measured) a fault in a file
 * mapping maps the whole page-cache folio around the page, and a file
 * written or read ahead in big pieces sits in folios of up to 2 MB: a
 * lookup's few dozen scattered reads of sources, spans and payloads
 * mapped megabytes each, so a process that had made a few hundred
 * lookups counted most of a 508 MB index in its RSS (docs/performance.md,
 * "Memory, step 1": one byte read per megabyte mapped 463 MB).  The blobs
 * are 59 % of the file and read only for the units a search scores or
 * returns: on section 40's bench, 43 reads a query (about 2 us each)
 * while spans and sources were apart, 21 with them in one record
 * (UNIT_TEXT), a unit scored being one read.  What the process maps is
 * then the keys, postings and per-unit rows it scans (at most 41 % of
 * the file).  The page cache holds the same pages either way.
 *
 * The check (fz_index_attach) still reads the blobs through the map, in
 * place: x->fd is set only once it has passed. */

/* A read that starts where the window's last one ended is a scan (a
 * concordance reads every unit in order): it reads this much ahead, so
 * that a million units are a few thousand reads, not two million. */
#define READ_AHEAD ((size_t)64 * 1024)

void fz_window_release(fz_window *w)
{
    strbuf_release(&w->buf);
    memset(w, 0, sizeof *w);
}

int fz_blob(const fuzzy_index *x, const void *at, size_t n, fz_window *w,
            const void **out)
{
    *out = at;
    if (x->fd < 0)
        return ANV_OK;
    uint64_t off = (uint64_t)((const char *)at - (const char *)x->base);
    uint64_t end = w->off + w->buf.len;
    if (w->x == x && off >= w->off && off + n <= end) {
        *out = w->buf.data + (off - w->off);
        return ANV_OK;
    }
    size_t want = n;
    if (w->x == x && off == end && want < READ_AHEAD &&
        off + READ_AHEAD <= x->size)
        want = READ_AHEAD;
    w->x = NULL;
    strbuf_clear(&w->buf);
    if (strbuf_reserve(&w->buf, want) != ANV_OK)
        return ANV_ENOMEM;
    size_t got = 0;
    while (got < want) {
        ssize_t r = pread(x->fd, w->buf.data + got, want - got,
                          (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    if (got < n)
        return ANV_EIO;
    w->x = x;
    w->off = off;
    w->buf.len = got;
    w->buf.data[got] = '\0';
    *out = w->buf.data;
    return ANV_OK;
}

/* ---- token spans ----------------------------------------------------------- */

/* A source is at most FUZZY_MAX_TEXT_BYTES (64 KiB), so a gap and a
 * length - 1 always fit a u16; in nearly every unit they fit a byte (words
 * and single spaces), which halves the spans again. */
#define SPAN_NARROW_MAX 255u

size_t fz_spans_encode(const match_tok *tok, size_t n, unsigned char *out)
{
    int narrow = 1;
    uint32_t end = 0;
    for (size_t i = 0; i < n && narrow; i++) {
        if (tok[i].start - end > SPAN_NARROW_MAX ||
            tok[i].end - tok[i].start - 1 > SPAN_NARROW_MAX)
            narrow = 0;
        end = tok[i].end;
    }
    end = 0;
    for (size_t i = 0; i < n; i++) {
        uint16_t gap = (uint16_t)(tok[i].start - end);
        uint16_t len1 = (uint16_t)(tok[i].end - tok[i].start - 1);
        if (narrow) {
            out[2 * i] = (unsigned char)gap;
            out[2 * i + 1] = (unsigned char)len1;
        } else {
            memcpy(out + 4 * i, &gap, 2);
            memcpy(out + 4 * i + 2, &len1, 2);
        }
        end = tok[i].end;
    }
    return narrow ? 2 * n : 4 * n;
}

void fz_unit_keys(const fuzzy_index *x, uint32_t u, match_tok *tok)
{
    const uint32_t *k = x->tok_key + x->unit_tok[u];
    size_t n = x->unit_tok[u + 1] - x->unit_tok[u];
    for (size_t i = 0; i < n; i++)
        tok[i].key = k[i], tok[i].cls = x->key_cls[MATCH_KEY_ID(k[i])];
}

/* Where unit u is among the wide units, or -1 (binary search: they are
 * few, and rarely any). */
static long wide_index(const fuzzy_index *x, uint32_t u)
{
    size_t lo = 0, hi = x->n_wide;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->wide_units[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->n_wide && x->wide_units[lo] == u ? (long)lo : -1;
}

/* The spans of n tokens, p[0..2n) (4n when wide), in a source of `len`
 * bytes, into tok; 0 when one does not fit. */
static int decode_spans(const unsigned char *p, size_t n, int wide,
                        size_t len, match_tok *tok)
{
    uint64_t end = 0;
    for (size_t i = 0; i < n; i++) {
        uint16_t gap, len1;
        if (!wide) {
            gap = p[2 * i];
            len1 = p[2 * i + 1];
        } else {
            memcpy(&gap, p + 4 * i, 2);
            memcpy(&len1, p + 4 * i + 2, 2);
        }
        uint64_t start = end + gap;
        end = start + len1 + 1u;
        if (end > len)
            return 0;
        tok[i].start = (uint32_t)start;
        tok[i].end = (uint32_t)end;
    }
    return 1;
}

int fz_unit_text(fz_text *t, const fuzzy_index *x, uint32_t u,
                 match_tok *tok)
{
    size_t n = x->unit_tok[u + 1] - x->unit_tok[u];
    size_t rec_len = x->unit_src[u + 1] - x->unit_src[u];
    int wide = x->n_wide && wide_index(x, u) >= 0;
    size_t span_bytes = (wide ? 4 : 2) * n;
    const void *rec = x->text + x->unit_src[u];
    int rc = rec_len < span_bytes ? ANV_EPARSE
                                  : fz_blob(x, rec, rec_len, &t->raw, &rec);
    if (rc == ANV_OK)
        rc = decode_source(t, (const char *)rec + span_bytes,
                           rec_len - span_bytes);
    if (rc == ANV_OK && tok &&
        !decode_spans(rec, n, wide, t->out.len, tok))
        rc = ANV_EPARSE;
    if (rc != ANV_OK) {
        strbuf_clear(&t->out);
        for (size_t i = 0; tok && i < n; i++)
            tok[i].start = tok[i].end = 0;
    }
    return rc;
}


long fz_dict_find(const fuzzy_index *x, const char *key, size_t n)
{
    size_t i = (size_t)fz_hash_bytes(key, n) & x->slot_mask;
    for (size_t probes = 0; probes <= x->slot_mask; probes++) {
        uint32_t v = x->slots[i];
        if (v == 0)
            return -1;
        uint64_t a = x->str_off[v - 1], e = x->str_off[v];
        if (e - a == n && memcmp(x->str + a, key, n) == 0)
            return (long)(v - 1);
        i = (i + 1) & x->slot_mask;
    }
    return -1;
}

/* ---- opening ------------------------------------------------------------- */

#define RACY_SECONDS 2

/* The identity of an index file, as one line of INDEX.ok. */
static void identity(const struct stat *st, char *out, size_t n)
{
    snprintf(out, n, "anuvad-index-checked 1 %llu %llu %llu %lld.%09ld %lld.%09ld\n",
             (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
             (unsigned long long)st->st_size, (long long)st->st_mtim.tv_sec,
             st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec,
             st->st_ctim.tv_nsec);
}

/* PATH.ok, or 0 when the name would be too long. */
static int ok_path(const char *path, char *out, size_t n)
{
    return snprintf(out, n, "%s.ok", path) < (int)n;
}

static int checked_before(const char *path, const char *id)
{
    char okpath[4096], *line = NULL;
    size_t len;
    if (!ok_path(path, okpath, sizeof okpath) ||
        fileio_read_all(okpath, 256, &line, &len, NULL) != ANV_OK)
        return 0;
    int same = strcmp(line, id) == 0;
    free(line);
    return same;
}

/* Vouches for the file just checked; any failure only means the next
 * open checks it again. */
static void remember_checked(const char *path, const struct stat *st,
                             const char *id)
{
    struct timespec now;
    char okpath[4096];
    if (clock_gettime(CLOCK_REALTIME, &now) != 0 ||
        now.tv_sec - st->st_mtim.tv_sec < RACY_SECONDS ||
        now.tv_sec - st->st_ctim.tv_sec < RACY_SECONDS ||
        !ok_path(path, okpath, sizeof okpath))
        return;
    fileio_write_atomic(okpath, id, strlen(id), NULL, NULL);
}

int fuzzy_index_open(const char *path, fuzzy_index **out, anv_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return anv_error_set_at(err, errno == ENOENT ? ANV_ENOTFOUND : ANV_EIO,
                                path, 0, 0, "%s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return anv_error_set_at(err, ANV_EIO, path, 0, 0, "%s", strerror(e));
    }
    if ((uint64_t)st.st_size < sizeof(fz_header) + sizeof(fz_trailer) ||
        (uint64_t)st.st_size > SIZE_MAX) {
        close(fd);
        return bad(err, path, "too short");
    }
    char id[256];
    identity(&st, id, sizeof id);
    int trusted = checked_before(path, id);
    /* MAP_POPULATE when checking: the check reads every page anyway, and
     * asking for them up front lets the kernel do it in big batches.  A
     * file checked before is mapped lazily: a search reads a few pages. */
    void *base = mmap(NULL, (size_t)st.st_size, PROT_READ,
                      MAP_PRIVATE | (trusted ? 0 : MAP_POPULATE), fd, 0);
    int e = errno;
    if (base == MAP_FAILED) {
        close(fd);
        return anv_error_set_at(err, ANV_EIO, path, 0, 0, "cannot map: %s",
                                strerror(e));
    }
    fuzzy_index *x = malloc(sizeof *x);
    if (!x) {
        close(fd);
        munmap(base, (size_t)st.st_size);
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    /* checked through the map, searched with the blobs read (fz_blob) */
    int rc = fz_index_attach(x, base, (size_t)st.st_size, 1, trusted, path,
                             err);
    x->fd = fd;
    if (rc != ANV_OK) {
        fuzzy_index_free(x);
        return rc;
    }
    if (!trusted) {
        remember_checked(path, &st, id);
        /* The check mapped every page; a search maps only what it reads
         * (the pages stay in the page cache). */
        madvise(base, (size_t)st.st_size, MADV_DONTNEED);
    }
    *out = x;
    return ANV_OK;
}

int fuzzy_index_trusted(const fuzzy_index *x)
{
    return x->trusted;
}

void fuzzy_index_free(fuzzy_index *x)
{
    if (!x)
        return;
    if (x->mapped)
        munmap(x->base, x->size);
    else
        free(x->base);
    if (x->fd >= 0)
        close(x->fd);
    free(x);
}

/* ---- facts --------------------------------------------------------------- */

size_t fuzzy_index_units(const fuzzy_index *x) { return x->n_units; }
size_t fuzzy_index_keys(const fuzzy_index *x) { return x->n_keys; }

const fuzzy_stamp *fuzzy_index_stamp(const fuzzy_index *x)
{
    return &x->h->stamp;
}

uint64_t fuzzy_index_id(const fuzzy_index *x, uint32_t unit)
{
    return x->unit_id[unit];
}

int64_t fuzzy_index_changedate(const fuzzy_index *x, uint32_t unit)
{
    return x->unit_date[unit];
}

