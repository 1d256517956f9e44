/*
 * wordmap.h - a hash map from words (byte strings) to small integers.
 *
 * The spell checker keeps several sets of words (project and personal word
 * lists, abbreviations, words of the TM) and a cache of verdicts for words
 * already checked; all of them are wordmaps.  Keys are copied into an arena
 * owned by the map, so callers may pass pointers into a line that is about
 * to be overwritten.  Each key carries a uint32_t value the caller defines
 * (a verdict, an index into a side table, a flag set).
 *
 * Open addressing with linear probing; the table doubles at 50% load, so
 * a lookup is one hash of the key and, almost always, one or two memcmp.
 * Keys are never removed one by one; wordmap_clear() empties the map.
 */
#ifndef ANUVAD_WORDMAP_H
#define ANUVAD_WORDMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct wordmap wordmap;

wordmap *wordmap_new(void);
void wordmap_free(wordmap *m);

/* Find `key`; returns 1 and sets *value (if not NULL) when present. */
int wordmap_get(const wordmap *m, const char *key, size_t len,
                uint32_t *value);

/* Insert or overwrite.  Returns ANV_OK or ANV_ENOMEM. */
int wordmap_put(wordmap *m, const char *key, size_t len, uint32_t value);

/* Number of keys. */
size_t wordmap_count(const wordmap *m);

/* Bytes held by the map (table and keys), for memory limits. */
size_t wordmap_bytes(const wordmap *m);

/* Forget every key, keep the memory of the table for reuse. */
void wordmap_clear(wordmap *m);

/* Call fn(key, len, value, ctx) for every key, in no particular order. */
void wordmap_each(const wordmap *m,
                  void (*fn)(const char *key, size_t len, uint32_t value,
                             void *ctx),
                  void *ctx);

#endif
