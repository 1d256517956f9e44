/*
 * strmap.c - interning byte strings to dense ids (see strmap.h).
 *
 * Keys are appended to one growing arena; offs[id] .. offs[id + 1] is the
 * key of id.  The table doubles when it would become more than half full;
 * rehashing recomputes each key's hash from the arena (cheaper in memory
 * than storing hashes, and growth is rare).
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

struct strmap {
    char *arena;
    size_t arena_len, arena_cap;
    size_t *offs;      /* count + 1 entries */
    size_t count, offs_cap;
    uint32_t *slots;   /* id + 1, 0 = empty */
    size_t mask;       /* table size - 1 (a power of two) */
};

uint64_t strmap_hash(const void *s, size_t n)
{
    const unsigned char *p = s;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

strmap *strmap_new(void)
{
    strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->mask = 63;
    m->slots = calloc(m->mask + 1, sizeof *m->slots);
    m->offs_cap = 64;
    m->offs = malloc(m->offs_cap * sizeof *m->offs);
    if (!m->slots || !m->offs) {
        strmap_free(m);
        return NULL;
    }
    m->offs[0] = 0;
    return m;
}

void strmap_free(strmap *m)
{
    if (!m)
        return;
    free(m->arena);
    free(m->offs);
    free(m->slots);
    free(m);
}

size_t strmap_count(const strmap *m) { return m->count; }

size_t strmap_key_bytes(const strmap *m) { return m->arena_len; }

const char *strmap_key(const strmap *m, uint32_t id, size_t *n)
{
    *n = m->offs[id + 1] - m->offs[id];
    return m->arena + m->offs[id];
}

/* Slot holding s, or the empty slot where it would go. */
static size_t probe(const strmap *m, const char *s, size_t n, uint64_t h)
{
    size_t i = (size_t)h & m->mask;
    for (;;) {
        uint32_t v = m->slots[i];
        if (v == 0)
            return i;
        size_t kn;
        const char *k = strmap_key(m, v - 1, &kn);
        if (kn == n && memcmp(k, s, n) == 0)
            return i;
        i = (i + 1) & m->mask;
    }
}

int strmap_find(const strmap *m, const char *s, size_t n, uint32_t *id)
{
    uint32_t v = m->slots[probe(m, s, n, strmap_hash(s, n))];
    if (v == 0)
        return 0;
    *id = v - 1;
    return 1;
}

static int grow_table(strmap *m)
{
    size_t size = (m->mask + 1) * 2;
    uint32_t *slots = calloc(size, sizeof *slots);
    if (!slots)
        return ANV_ENOMEM;
    free(m->slots);
    m->slots = slots;
    m->mask = size - 1;
    for (size_t id = 0; id < m->count; id++) {
        size_t kn;
        const char *k = strmap_key(m, (uint32_t)id, &kn);
        m->slots[probe(m, k, kn, strmap_hash(k, kn))] = (uint32_t)id + 1;
    }
    return ANV_OK;
}

int strmap_intern(strmap *m, const char *s, size_t n, uint32_t *id,
                  int *added)
{
    uint64_t h = strmap_hash(s, n);
    size_t slot = probe(m, s, n, h);
    if (m->slots[slot]) {
        *id = m->slots[slot] - 1;
        if (added)
            *added = 0;
        return ANV_OK;
    }
    if (m->count >= 0x7ffffffe)
        return ANV_ELIMIT;
    if ((m->count + 1) * 2 > m->mask + 1) {
        if (grow_table(m) != ANV_OK)
            return ANV_ENOMEM;
        slot = probe(m, s, n, h);
    }
    if (m->arena_len + n > m->arena_cap) {
        size_t cap = m->arena_cap ? m->arena_cap * 2 : 4096;
        while (cap < m->arena_len + n)
            cap *= 2;
        char *a = realloc(m->arena, cap);
        if (!a)
            return ANV_ENOMEM;
        m->arena = a;
        m->arena_cap = cap;
    }
    if (m->count + 2 > m->offs_cap) {
        size_t *o = realloc(m->offs, m->offs_cap * 2 * sizeof *o);
        if (!o)
            return ANV_ENOMEM;
        m->offs = o;
        m->offs_cap *= 2;
    }
    if (n)
        memcpy(m->arena + m->arena_len, s, n);
    m->arena_len += n;
    m->offs[m->count + 1] = m->arena_len;
    *id = (uint32_t)m->count++;
    m->slots[slot] = *id + 1;
    if (added)
        *added = 1;
    return ANV_OK;
}
