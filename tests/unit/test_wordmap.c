/*
 * test_wordmap.c - the word hash map (src/base/wordmap.c): put, get and
 * overwrite; keys of every length including the empty word (as the very
 * first key, which once passed NULL to memcpy); growth past many
 * doublings, clear and reuse, iteration.  Runs under ASan + UBSan in
 * `make test`, which is what catches a NULL pointer handed to
 * memcpy/memcmp.
 */
#include "testutil.h"

#include "base/error.h"
#include "base/wordmap.h"

static void put_get_overwrite_clear(void **state)
{
    (void)state;
    wordmap *m = wordmap_new();
    char key[32];
    for (uint32_t i = 0; i < 10000; i++) {
        snprintf(key, sizeof key, "w%u", i);
        assert_int_equal(wordmap_put(m, key, strlen(key), i), ANV_OK);
    }
    assert_int_equal(wordmap_count(m), 10000);
    uint32_t v;
    assert_true(wordmap_get(m, "w1234", 5, &v));
    assert_int_equal(v, 1234);
    assert_false(wordmap_get(m, "w10000", 6, &v));
    assert_int_equal(wordmap_put(m, "w1234", 5, 7), ANV_OK);
    assert_true(wordmap_get(m, "w1234", 5, &v));
    assert_int_equal(v, 7);
    assert_int_equal(wordmap_count(m), 10000);
    assert_true(wordmap_get(m, "", 0, NULL) == 0);
    wordmap_clear(m);
    assert_int_equal(wordmap_count(m), 0);
    assert_false(wordmap_get(m, "w1", 2, NULL));
    wordmap_free(m);
}

static void empty_key_first(void **state)
{
    (void)state;
    wordmap *m = wordmap_new();
    assert_non_null(m);
    uint32_t v = 0;
    assert_int_equal(wordmap_get(m, "", 0, &v), 0);
    assert_int_equal(wordmap_get(m, NULL, 0, &v), 0);
    /* The first key of a fresh map is the empty word: no arena yet. */
    assert_int_equal(wordmap_put(m, "", 0, 7), ANV_OK);
    assert_int_equal(wordmap_count(m), 1);
    assert_int_equal(wordmap_get(m, "", 0, &v), 1);
    assert_int_equal(v, 7);
    /* A NULL key of length 0 is the same empty word. */
    assert_int_equal(wordmap_get(m, NULL, 0, &v), 1);
    assert_int_equal(wordmap_put(m, NULL, 0, 8), ANV_OK);
    assert_int_equal(wordmap_count(m), 1);
    assert_int_equal(wordmap_get(m, "", 0, &v), 1);
    assert_int_equal(v, 8);
    /* Other keys still work after it, and "" is not a prefix match. */
    assert_int_equal(wordmap_put(m, "राम", strlen("राम"), 3), ANV_OK);
    assert_int_equal(wordmap_get(m, "राम", strlen("राम"), &v), 1);
    assert_int_equal(v, 3);
    assert_int_equal(wordmap_get(m, "रा", strlen("रा"), &v), 0);
    assert_int_equal(wordmap_count(m), 2);
    wordmap_free(m);
}

static void empty_key_after_clear(void **state)
{
    (void)state;
    wordmap *m = wordmap_new();
    assert_int_equal(wordmap_put(m, "abc", 3, 1), ANV_OK);
    wordmap_clear(m);
    assert_int_equal(wordmap_count(m), 0);
    assert_int_equal(wordmap_get(m, "abc", 3, NULL), 0);
    assert_int_equal(wordmap_put(m, "", 0, 5), ANV_OK);
    assert_int_equal(wordmap_put(m, "abd", 3, 6), ANV_OK);
    uint32_t v = 0;
    assert_int_equal(wordmap_get(m, "", 0, &v), 1);
    assert_int_equal(v, 5);
    assert_int_equal(wordmap_get(m, "abd", 3, &v), 1);
    assert_int_equal(v, 6);
    assert_int_equal(wordmap_get(m, "abc", 3, NULL), 0);
    wordmap_free(m);
}

typedef struct seen {
    size_t keys;
    uint64_t value_sum;
    int empty;
} seen;

static void count_key(const char *key, size_t len, uint32_t value, void *ctx)
{
    seen *s = ctx;
    (void)key;
    s->keys++;
    s->value_sum += value;
    if (len == 0)
        s->empty = 1;
}

static void many_keys(void **state)
{
    (void)state;
    wordmap *m = wordmap_new();
    assert_int_equal(wordmap_put(m, "", 0, 0), ANV_OK);
    char key[32];
    const uint32_t n = 20000; /* 64 slots -> 65536: ten doublings */
    for (uint32_t i = 1; i <= n; i++) {
        int len = snprintf(key, sizeof key, "w%u", i);
        assert_int_equal(wordmap_put(m, key, (size_t)len, i), ANV_OK);
    }
    /* Overwrite every tenth: the count stays. */
    for (uint32_t i = 10; i <= n; i += 10) {
        int len = snprintf(key, sizeof key, "w%u", i);
        assert_int_equal(wordmap_put(m, key, (size_t)len, 2 * i), ANV_OK);
    }
    assert_int_equal(wordmap_count(m), n + 1);
    for (uint32_t i = 1; i <= n; i++) {
        int len = snprintf(key, sizeof key, "w%u", i);
        uint32_t v = 0;
        assert_int_equal(wordmap_get(m, key, (size_t)len, &v), 1);
        assert_int_equal(v, i % 10 ? i : 2 * i);
    }
    assert_int_equal(wordmap_get(m, "w0", 2, NULL), 0);
    assert_int_equal(wordmap_get(m, "w20001", 6, NULL), 0);
    seen s = {0, 0, 0};
    wordmap_each(m, count_key, &s);
    assert_int_equal(s.keys, n + 1);
    assert_int_equal(s.empty, 1);
    /* sum of 1..n plus, for the overwritten tenth, i once more */
    uint64_t want = (uint64_t)n * (n + 1) / 2;
    for (uint32_t i = 10; i <= n; i += 10)
        want += i;
    assert_int_equal(s.value_sum, want);
    assert_true(wordmap_bytes(m) >= 65536 * 8);
    wordmap_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_get_overwrite_clear),
        cmocka_unit_test(empty_key_first),
        cmocka_unit_test(empty_key_after_clear),
        cmocka_unit_test(many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
