/*
 * fuzzy_format.h - the layout of a fuzzy index, on disk and in memory
 * (private to fuzzy_build.c, fuzzy_file.c and fuzzy_search.c).
 *
 * An index file is one header, eighteen sections and a trailer:
 *
 *   header   magic "ANUVADFZ", versions, byte-order mark, counts, the
 *            stamp of the files it was built from, the offset and length
 *            of each section, a hash of the header itself;
 *   sections arrays in native byte order, each starting at a multiple of
 *            8 bytes, so the file can be mmap()ed and used in place:
 *
 *     UNIT_ID      u64[N]    the caller's ids           \
 *     UNIT_DATE    i64[N]    changedate (ties)           | one row per unit,
 *     UNIT_USAGE   i32[N]    usagecount (ties; at most   | units sorted by
 *                            INT32_MAX, -1 unknown)      | word count, so a
 *     UNIT_WORDS   u32[N]    word count L                | length range is a
 *     UNIT_SRC     u64[N+1]  offsets into UNIT_TEXT      | range of unit
 *     UNIT_TOK     u32[N+1]  offsets into TOK_KEYS       | numbers
 *     UNIT_PAYLOAD u64[N+1]  offsets into PAYLOAD_BLOB  /
 *     LEN_START    u32[maxL+2] first unit with >= L words
 *     TOK_KEYS     u32[T]    the keys of every unit's non-space tokens
 *     POST_OFF     u64[K+1]  postings of key k: POSTINGS[off[k]..off[k+1])
 *     POSTINGS     u32[P]    unit numbers, ascending, one per unit that
 *                            holds the word class named by key k (key 0:
 *                            any number; a stem's key: every form of it)
 *     KEY_CLASS    u32[K]    the class of each key (match_tok.cls: the
 *                            key of its stem for a letters word, else
 *                            itself)
 *     DICT_SLOTS   u32[S]    open addressing (fz_hash_bytes, linear probing)
 *                            of key id + 1, 0 = empty; S a power of two
 *     DICT_STR_OFF u64[K+1]  offsets into DICT_STR
 *     DICT_STR     bytes     the folded keys
 *     WIDE_UNITS   u32[W]    the wide units, ascending (few: a 300-byte
 *                            word, 300 spaces in a row)
 *     UNIT_TEXT    bytes     per unit, what the scoring of a unit reads,
 *                            in one piece (one read, fuzzy_file.c):
 *                            - where each token lies in its source: the
 *                              gap since the end of the token before (or
 *                              the start) and its length - 1, a byte each;
 *                              a u16 each in a wide unit (4 bytes a token);
 *                            - then its NFC source in SCSU (Unicode's
 *                              Standard Compression Scheme, ICU's
 *                              converter): about 1 byte a Devanagari
 *                              letter instead of UTF-8's 3, which makes
 *                              the sources 0.4 times the size
 *     PAYLOAD_BLOB bytes     the caller's payloads
 *
 *            The last two, the blobs, come last so that a file cut short
 *            under a search loses only what is read with pread() (they
 *            are, in a file opened for searching: fuzzy_file.c says why);
 *            the others are used through the map.
 *
 *   trailer  a hash of every byte between header and trailer, and the
 *            magic again (a truncated file has neither).
 *
 * A file from another version, byte order or word folding
 * (MATCH_VERSION) is refused, and the caller rebuilds it.
 */
#ifndef ANUVAD_FUZZY_FORMAT_H
#define ANUVAD_FUZZY_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/ucnv.h>

#include "base/strbuf.h"

#include "match/fuzzy_index.h"
#include "match/match.h"

#define FZ_MAGIC "ANUVADFZ"
/* 3: TOKENS (12 bytes a token) split into TOK_KEYS and SPANS, which the
 * search reads apart: keys for every candidate, spans for the few it
 * scores; sources in SCSU, not UTF-8.  4: wide spans apart (no offsets
 * per unit), usagecount and token offsets in 32 bits.  5: a unit's spans
 * and source in one record, UNIT_TEXT, read with one pread()
 * (docs/performance.md).  6: KEY_CLASS, and postings by inflection
 * class. */
#define FZ_FORMAT_VERSION 6u
#define FZ_BYTE_ORDER 0x01020304u

enum {
    FZ_UNIT_ID,
    FZ_UNIT_DATE,
    FZ_UNIT_USAGE,
    FZ_UNIT_WORDS,
    FZ_UNIT_SRC,
    FZ_UNIT_TOK,
    FZ_UNIT_PAYLOAD,
    FZ_LEN_START,
    FZ_TOK_KEYS,
    FZ_POST_OFF,
    FZ_POSTINGS,
    FZ_KEY_CLASS,
    FZ_DICT_SLOTS,
    FZ_DICT_STR_OFF,
    FZ_DICT_STR,
    FZ_WIDE_UNITS,
    FZ_UNIT_TEXT,
    FZ_PAYLOAD_BLOB,
    FZ_N_SECTIONS
};

typedef struct fz_section {
    uint64_t off, len; /* bytes, from the start of the file */
} fz_section;

typedef struct fz_header {
    char magic[8];
    uint32_t format_version;
    uint32_t match_version;
    uint32_t byte_order;
    uint32_t header_size;
    uint64_t file_size;
    uint64_t n_units, n_tokens, n_keys, n_postings, n_slots, max_words;
    fuzzy_stamp stamp;
    fz_section sections[FZ_N_SECTIONS];
    uint64_t header_hash; /* fz_hash of every byte before this field */
} fz_header;

typedef struct fz_trailer {
    uint64_t body_hash;
    char magic[8];
} fz_trailer;

/* The index in memory: views into one mapped (or allocated) region.
 * Of a file opened for searching, the blobs (UNIT_TEXT, PAYLOAD_BLOB) are
 * read with pread() from `fd`, never through the map (fuzzy_file.c says
 * why); their pointers below only give offsets then. */
struct fuzzy_index {
    void *base;
    size_t size;
    int mapped; /* munmap() rather than free() */
    int fd;     /* the file, for the blobs; -1: read them in place */
    int trusted; /* opened without the whole check (fuzzy_file.c) */
    const fz_header *h;
    size_t n_units, n_keys, max_words;
    const uint64_t *unit_id;
    const int64_t *unit_date;
    const int32_t *unit_usage;
    const uint32_t *unit_words;
    const uint64_t *unit_src, *unit_payload;
    const uint32_t *unit_tok;
    const uint32_t *len_start;
    const uint32_t *tok_key;
    const uint32_t *wide_units;
    size_t n_wide;
    const uint64_t *post_off;
    const uint32_t *post;
    const uint32_t *key_cls;
    const uint32_t *slots;
    size_t slot_mask;
    const uint64_t *str_off;
    const char *str;
    const char *text;
    const char *payload;
};

/* A fast 64-bit hash of a byte stream (four multiply-xorshift lanes over
 * 8-byte words), fed in pieces of any size. */
typedef struct fz_hash {
    uint64_t lane[4];
    unsigned char buf[32];
    size_t nbuf;
    uint64_t total;
} fz_hash;

void fz_hash_init(fz_hash *h);
void fz_hash_update(fz_hash *h, const void *data, size_t n);
uint64_t fz_hash_final(fz_hash *h);
uint64_t fz_hash_bytes(const void *data, size_t n);

/* The same stamp: the index was built from these versions of the files. */
int fz_stamp_equal(const fuzzy_stamp *a, const fuzzy_stamp *b);

/* Check a region holding a whole index file and set up `idx` over it
 * (ANV_EPARSE naming `name` when it is not a sound index).  `trusted`: the
 * same file passed the whole check before (fuzzy_file.c), only the header
 * and the section table are checked. */
int fz_index_attach(fuzzy_index *idx, void *base, size_t size, int mapped,
                    int trusted, const char *name, anv_error *err);

/* Unit u's token keys: sets the keys and classes (KEY_CLASS) of
 * tok[0..n) (n is unit_tok[u + 1] - unit_tok[u]). */
void fz_unit_keys(const fuzzy_index *x, uint32_t u, match_tok *tok);

/* Bytes of an index file read with pread(): the file's [off, off + len)
 * of index x (x NULL: nothing yet).  A zeroed fz_window is empty. */
typedef struct fz_window {
    const fuzzy_index *x;
    uint64_t off;
    strbuf buf;
} fz_window;

void fz_window_release(fz_window *w);

/* n bytes of a blob section at `at` (a pointer into x's sections): `at`
 * itself when x is read in place (x->fd < 0), else the bytes in window w,
 * read from the file unless w holds them already.  Valid until the next
 * call with w.  Returns ANV_OK, ANV_ENOMEM, or ANV_EIO when the read
 * fails or falls short (the file was cut short under us). */
int fz_blob(const fuzzy_index *x, const void *at, size_t n, fz_window *w,
            const void **out);

/* Encode the spans of tokens tok[0..n) into out (room for 4 n bytes);
 * returns the bytes written: 2 n (SPANS) or, when one does not fit a
 * byte, 4 n (WIDE_SPANS).  Tokens are in order, none empty, in a text of
 * at most FUZZY_MAX_TEXT_BYTES. */
size_t fz_spans_encode(const match_tok *tok, size_t n, unsigned char *out);

/* Turning sources to SCSU and back: one per thread (an ICU converter keeps
 * state).  fz_text_init() returns ANV_OK or ANV_ENOMEM; a zeroed fz_text
 * may be released. */
typedef struct fz_text {
    UConverter *cnv;
    UChar *u;        /* UTF-16 between the two */
    size_t u_cap;
    strbuf out;      /* the last text converted */
    fz_window raw;   /* records read from the file (fz_blob) */
} fz_text;

int fz_text_init(fz_text *t);
void fz_text_release(fz_text *t);

/* UTF-8 s[0..n) (at most FUZZY_MAX_TEXT_BYTES) in SCSU, in t->out.
 * Returns ANV_OK, ANV_ENOMEM or ANV_EUTF8. */
int fz_text_encode(fz_text *t, const char *s, size_t n);

/* Unit u's source as UTF-8 (NUL after it), in t->out, and when tok is
 * not NULL, the start and end of its tokens tok[0..n) in it.  Returns
 * ANV_OK, ANV_ENOMEM, ANV_EIO (fz_blob), or ANV_EPARSE when the record is
 * not sound: a source that is not SCSU, spans that do not fit it (a
 * damaged file; the whole check finds it, a trusted file is not checked
 * again).  Then t->out is empty and the spans are empty. */
int fz_unit_text(fz_text *t, const fuzzy_index *x, uint32_t u,
                 match_tok *tok);


/* The dictionary id of a folded key, or -1. */
long fz_dict_find(const fuzzy_index *idx, const char *key, size_t n);

#endif
