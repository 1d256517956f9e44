/*
 * test_pgtm.c - the parts of the PostgreSQL TM that need no server: which
 * names are URIs, and masking passwords in messages.  (The store itself is
 * tested against a real cluster in tests/e2e/tm_postgres.sh.)
 */
#include "testutil.h"

#include "store/pgtm.h"

static void test_is_uri(void **state)
{
    (void)state;
    assert_int_equal(store_is_uri("postgresql://u@h/db"), 1);
    assert_int_equal(store_is_uri("postgres://h/db"), 1);
    assert_int_equal(store_is_uri("my.tmx"), 0);
    assert_int_equal(store_is_uri("postgresql.tmx"), 0);
    assert_int_equal(store_is_uri("./postgres://x"), 0);
    assert_int_equal(store_is_uri(NULL), 0);
}

static void mask(const char *uri, const char *want)
{
    strbuf b = STRBUF_INIT;
    assert_int_equal(store_mask_uri(uri, &b), ANV_OK);
    assert_string_equal(b.data, want);
    strbuf_release(&b);
}

static void test_mask(void **state)
{
    (void)state;
    mask("postgresql://anv:s3cret@db.example:5432/tm",
         "postgresql://anv:***@db.example:5432/tm");
    mask("postgresql://anv@db/tm", "postgresql://anv@db/tm");
    mask("postgres://db/tm?user=anv&password=s3cret&sslmode=require",
         "postgres://db/tm?user=anv&password=***&sslmode=require");
    mask("postgresql://a:b@/tm?host=/tmp/x&password=c",
         "postgresql://a:***@/tm?host=/tmp/x&password=***");
    /* an @ after the host part is not a user's: left alone */
    mask("postgresql://db/tm?application_name=a:b@c",
         "postgresql://db/tm?application_name=a:b@c");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_uri),
        cmocka_unit_test(test_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
