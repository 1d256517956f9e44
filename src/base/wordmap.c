/*
 * wordmap.c - open-addressing hash map from words to uint32_t (see
 * wordmap.h).
 *
 * Slots hold the full 64-bit hash, the key's place in one growing arena
 * and its value; an empty slot has len == UINT32_MAX.  Comparing the stored
 * hash first means a probe almost never touches the arena unless the key
 * really matches.  The hash is 64-bit FNV-1a: words are short (a Hindi word
 * is 10-25 bytes), so a simple byte loop costs less than the memcmp that
 * follows it, and FNV spreads UTF-8 well.
 *
 * The empty word is a valid key.  The arena is allocated at the first
 * insertion whatever the key's length, so `arena + off` is never
 * arithmetic on NULL, and zero-length copies and compares are skipped:
 * memcpy/memcmp with a NULL pointer is undefined even for 0 bytes
 * (UBSan reports it), and callers may pass key == NULL with len == 0.
 */
#include "base/wordmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"

typedef struct slot {
    uint64_t hash;
    size_t off;    /* key bytes at arena[off .. off+len) */
    uint32_t len;  /* UINT32_MAX: empty */
    uint32_t value;
} slot;

struct wordmap {
    slot *slots;
    size_t cap;    /* power of two */
    size_t count;
    char *arena;
    size_t arena_len, arena_cap;
};

#define EMPTY UINT32_MAX

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static slot *new_slots(size_t cap)
{
    slot *s = malloc(cap * sizeof *s);
    if (s)
        for (size_t i = 0; i < cap; i++)
            s[i].len = EMPTY;
    return s;
}

wordmap *wordmap_new(void)
{
    wordmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 64;
    m->slots = new_slots(m->cap);
    if (!m->slots) {
        free(m);
        return NULL;
    }
    return m;
}

void wordmap_free(wordmap *m)
{
    if (!m)
        return;
    free(m->slots);
    free(m->arena);
    free(m);
}

static slot *probe(const wordmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (s->len == EMPTY)
            return s;
        if (s->hash == h && s->len == len &&
            (len == 0 || memcmp(m->arena + s->off, key, len) == 0))
            return s;
    }
}

int wordmap_get(const wordmap *m, const char *key, size_t len,
                uint32_t *value)
{
    if (len >= EMPTY)
        return 0;
    slot *s = probe(m, key, len, hash_bytes(key, len));
    if (s->len == EMPTY)
        return 0;
    if (value)
        *value = s->value;
    return 1;
}

static int grow(wordmap *m)
{
    size_t cap = m->cap * 2;
    slot *ns = new_slots(cap);
    if (!ns)
        return ANV_ENOMEM;
    for (size_t i = 0; i < m->cap; i++) {
        slot *s = &m->slots[i];
        if (s->len == EMPTY)
            continue;
        size_t j = (size_t)s->hash & (cap - 1);
        while (ns[j].len != EMPTY)
            j = (j + 1) & (cap - 1);
        ns[j] = *s;
    }
    free(m->slots);
    m->slots = ns;
    m->cap = cap;
    return ANV_OK;
}

int wordmap_put(wordmap *m, const char *key, size_t len, uint32_t value)
{
    if (len >= EMPTY)
        return ANV_EINVAL;
    uint64_t h = hash_bytes(key, len);
    slot *s = probe(m, key, len, h);
    if (s->len != EMPTY) {
        s->value = value;
        return ANV_OK;
    }
    if (!m->arena || m->arena_len + len > m->arena_cap) {
        size_t cap = m->arena_cap ? m->arena_cap * 2 : 4096;
        while (cap < m->arena_len + len)
            cap *= 2;
        char *a = realloc(m->arena, cap);
        if (!a)
            return ANV_ENOMEM;
        m->arena = a;
        m->arena_cap = cap;
    }
    if ((m->count + 1) * 2 > m->cap) {
        if (grow(m) != ANV_OK)
            return ANV_ENOMEM;
        s = probe(m, key, len, h);
    }
    if (len)
        memcpy(m->arena + m->arena_len, key, len);
    s->hash = h;
    s->off = m->arena_len;
    s->len = (uint32_t)len;
    s->value = value;
    m->arena_len += len;
    m->count++;
    return ANV_OK;
}

size_t wordmap_count(const wordmap *m)
{
    return m->count;
}

size_t wordmap_bytes(const wordmap *m)
{
    return m->cap * sizeof(slot) + m->arena_cap;
}

void wordmap_clear(wordmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        m->slots[i].len = EMPTY;
    m->count = 0;
    m->arena_len = 0;
}

void wordmap_each(const wordmap *m,
                  void (*fn)(const char *key, size_t len, uint32_t value,
                             void *ctx),
                  void *ctx)
{
    for (size_t i = 0; i < m->cap; i++) {
        const slot *s = &m->slots[i];
        if (s->len != EMPTY)
            fn(m->arena + s->off, s->len, s->value, ctx);
    }
}
