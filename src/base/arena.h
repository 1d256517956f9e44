/*
 * arena.h - many small strings, few mallocs.
 *
 * The TM store holds millions of short strings (segments, ids, notes).
 * One malloc each would cost 16+ bytes of overhead apiece and scatter them
 * over the heap; an arena packs them into 1 MiB blocks instead and frees
 * everything at once.  Strings are never freed one by one: a TM that
 * replaces a segment leaves the old copy until the arena goes (a save and
 * reopen compacts).
 *
 * A strpool interns strings (language tags, author ids) so that each
 * distinct value is stored once and named by a small number.
 */
#ifndef ANUVAD_ARENA_H
#define ANUVAD_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);

/* A NUL-terminated copy of s[0..n) in the arena; NULL when out of memory. */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Forget every string (they become invalid), keeping one block for the
 * next ones: a scratch arena used over and over. */
void arena_reset(arena *a);

/* Bytes held (blocks allocated), for the statistics. */
size_t arena_bytes(const arena *a);

typedef struct strpool strpool;

strpool *strpool_new(void);
void strpool_free(strpool *p);

/* The id (1, 2, ...) of `s`, adding it if new; 0 when out of memory. */
uint32_t strpool_intern(strpool *p, const char *s);

/* The id of `s`, or 0 when it is not in the pool. */
uint32_t strpool_find(const strpool *p, const char *s);

/* The string of an id (1..strpool_count), NULL for 0. */
const char *strpool_get(const strpool *p, uint32_t id);

uint32_t strpool_count(const strpool *p);

/* A fast 32-bit string hash: the one the store and the pool use. */
uint32_t arena_hash(const char *s, size_t n);

#endif
