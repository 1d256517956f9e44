/*
 * strmap.h - a hash map from byte strings to dense 32-bit ids (interning).
 *
 * Fuzzy matching compares words by the id of their folded form, so every
 * distinct folded word must get one small integer: the first string
 * interned gets id 0, the next new one id 1, and so on.  Ids never change
 * and strings are never removed, which keeps the map simple: the strings
 * live back to back in one arena, and an open-addressing table (linear
 * probing, load factor <= 1/2) holds id + 1 in each slot, 0 for empty.
 *
 * strmap_hash() is the hash function of the map; the fuzzy index stores
 * its dictionary on disk with the same function, so it must never change
 * without bumping the index file version.
 */
#ifndef ANUVAD_STRMAP_H
#define ANUVAD_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct strmap strmap;

strmap *strmap_new(void);
void strmap_free(strmap *m);

/* The id of s[0..n), adding it (with the next id) when it is new; *added
 * (if given) says which.  Returns ANV_OK, ANV_ENOMEM, or ANV_ELIMIT when
 * the map already holds 2^31 - 1 strings. */
int strmap_intern(strmap *m, const char *s, size_t n, uint32_t *id,
                  int *added);

/* 1 and *id when s[0..n) is in the map, else 0. */
int strmap_find(const strmap *m, const char *s, size_t n, uint32_t *id);

size_t strmap_count(const strmap *m);

/* The string of an id (not NUL-terminated); *n gets its length. */
const char *strmap_key(const strmap *m, uint32_t id, size_t *n);

/* Bytes used by the arena of keys. */
size_t strmap_key_bytes(const strmap *m);

/* 64-bit FNV-1a: short keys, one multiply per byte, fixed forever. */
uint64_t strmap_hash(const void *s, size_t n);

#endif
