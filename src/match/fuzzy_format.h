/*
 * fuzzy_format.h - the layout of a fuzzy index, on disk and in memory
 * (private to fuzzy_build.c, fuzzy_file.c and fuzzy_search.c).
 *
 * An index file is one header, sixteen sections and a trailer:
 *
 *   header   magic "ANUVADFZ", versions, byte-order mark, counts, the
 *            stamp of the files it was built from, the offset and length
 *            of each section, a hash of the header itself;
 *   sections arrays in native byte order, each starting at a multiple of
 *            8 bytes, so the file can be mmap()ed and used in place:
 *
 *     UNIT_ID      u64[N]    the caller's ids           \
 *     UNIT_DATE    i64[N]    changedate (ties)           | one row per unit,
 *     UNIT_USAGE   i64[N]    usagecount (ties)           | units sorted by
 *     UNIT_WORDS   u32[N]    word count L                | word count, so a
 *     UNIT_SRC     u64[N+1]  offsets into SRC_BLOB       | length range is a
 *     UNIT_TOK     u64[N+1]  offsets into TOKENS         | range of unit
 *     UNIT_PAYLOAD u64[N+1]  offsets into PAYLOAD_BLOB  /  numbers
 *     LEN_START    u32[maxL+2] first unit with >= L words
 *     TOKENS       match_tok[T] every unit's non-space tokens
 *     POST_OFF     u64[K+1]  postings of key k: POSTINGS[off[k]..off[k+1])
 *     POSTINGS     u32[P]    unit numbers, ascending, one per unit that
 *                            holds the word class (key 0: any number)
 *     DICT_SLOTS   u32[S]    open addressing (fz_hash_bytes, linear probing)
 *                            of key id + 1, 0 = empty; S a power of two
 *     DICT_STR_OFF u64[K+1]  offsets into DICT_STR
 *     DICT_STR     bytes     the folded keys
 *     SRC_BLOB     bytes     NFC sources
 *     PAYLOAD_BLOB bytes     the caller's payloads
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

#include "match/fuzzy_index.h"
#include "match/match.h"

#define FZ_MAGIC "ANUVADFZ"
#define FZ_FORMAT_VERSION 2u
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
    FZ_TOKENS,
    FZ_POST_OFF,
    FZ_POSTINGS,
    FZ_DICT_SLOTS,
    FZ_DICT_STR_OFF,
    FZ_DICT_STR,
    FZ_SRC_BLOB,
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

/* The index in memory: views into one mapped (or allocated) region. */
struct fuzzy_index {
    void *base;
    size_t size;
    int mapped; /* munmap() rather than free() */
    int trusted; /* opened without the whole check (fuzzy_file.c) */
    const fz_header *h;
    size_t n_units, n_keys, max_words;
    const uint64_t *unit_id;
    const int64_t *unit_date, *unit_usage;
    const uint32_t *unit_words;
    const uint64_t *unit_src, *unit_tok, *unit_payload;
    const uint32_t *len_start;
    const match_tok *tok;
    const uint64_t *post_off;
    const uint32_t *post;
    const uint32_t *slots;
    size_t slot_mask;
    const uint64_t *str_off;
    const char *str;
    const char *src;
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

/* The dictionary id of a folded key, or -1. */
long fz_dict_find(const fuzzy_index *idx, const char *key, size_t n);

#endif
