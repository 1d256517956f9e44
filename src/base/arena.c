/*
 * arena.c - block allocator for strings, and an interning pool.
 */
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK (1u << 20)

typedef struct block {
    struct block *next;
    size_t used, size;
    char data[];
} block;

struct arena {
    block *head;
    size_t bytes;
};

arena *arena_new(void)
{
    return calloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    block *b = a->head;
    if (!b || b->size - b->used < n + 1) {
        /* Big strings get a block of their own, put behind the current
         * one so that the current block keeps filling up. */
        size_t size = n + 1 > BLOCK / 4 ? n + 1 : BLOCK;
        block *nb = malloc(sizeof *nb + size);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->size = size;
        a->bytes += size;
        if (b && size != BLOCK) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    char *p = b->data + b->used;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    b->used += n + 1;
    return p;
}

void arena_reset(arena *a)
{
    block *keep = NULL;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (!keep && b->size == BLOCK)
            keep = b;
        else
            free(b);
    }
    a->head = keep;
    a->bytes = keep ? keep->size : 0;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
}

size_t arena_bytes(const arena *a)
{
    return a->bytes;
}

uint32_t arena_hash(const char *s, size_t n)
{
    /* Eight bytes a step (multiply and fold), not FNV's one: hashing every
     * segment is a visible part of loading a big TM. */
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    return (uint32_t)(h ^ (h >> 32));
}

/* ---- strpool: open addressing over ids ------------------------------- */

struct strpool {
    arena *strings;
    char **by_id;       /* by_id[id - 1] */
    uint32_t count, cap_ids;
    uint32_t *slots;    /* ids, 0 = empty */
    uint32_t n_slots;   /* power of two */
};

strpool *strpool_new(void)
{
    strpool *p = calloc(1, sizeof *p);
    if (p && !(p->strings = arena_new())) {
        free(p);
        return NULL;
    }
    return p;
}

void strpool_free(strpool *p)
{
    if (!p)
        return;
    arena_free(p->strings);
    free(p->by_id);
    free(p->slots);
    free(p);
}

static uint32_t lookup_slot(const strpool *p, const char *s, uint32_t h)
{
    uint32_t mask = p->n_slots - 1, i = h & mask;
    while (p->slots[i] && strcmp(p->by_id[p->slots[i] - 1], s) != 0)
        i = (i + 1) & mask;
    return i;
}

uint32_t strpool_find(const strpool *p, const char *s)
{
    if (!p->n_slots)
        return 0;
    return p->slots[lookup_slot(p, s, arena_hash(s, strlen(s)))];
}

static int grow(strpool *p)
{
    uint32_t n = p->n_slots ? p->n_slots * 2 : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return 0;
    free(p->slots);
    p->slots = slots;
    p->n_slots = n;
    for (uint32_t id = 1; id <= p->count; id++) {
        const char *s = p->by_id[id - 1];
        p->slots[lookup_slot(p, s, arena_hash(s, strlen(s)))] = id;
    }
    return 1;
}

uint32_t strpool_intern(strpool *p, const char *s)
{
    uint32_t found = strpool_find(p, s);
    if (found)
        return found;
    if ((p->count + 1) * 2 > p->n_slots && !grow(p))
        return 0;
    if (p->count == p->cap_ids) {
        uint32_t cap = p->cap_ids ? p->cap_ids * 2 : 16;
        char **ids = realloc(p->by_id, cap * sizeof *ids);
        if (!ids)
            return 0;
        p->by_id = ids;
        p->cap_ids = cap;
    }
    char *copy = arena_strndup(p->strings, s, strlen(s));
    if (!copy)
        return 0;
    p->by_id[p->count++] = copy;
    p->slots[lookup_slot(p, s, arena_hash(s, strlen(s)))] = p->count;
    return p->count;
}

const char *strpool_get(const strpool *p, uint32_t id)
{
    return id && id <= p->count ? p->by_id[id - 1] : NULL;
}

uint32_t strpool_count(const strpool *p)
{
    return p->count;
}
