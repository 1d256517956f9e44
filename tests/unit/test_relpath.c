/*
 * test_relpath.c - relative paths between files (base/relpath.h), as a
 * project records its TM: siblings, parents, the root, a folder whose name
 * starts like another's, symbolic links, and back again.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/relpath.h"

static char dir[64];

static void touch(const char *rel)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fclose(f);
}

static void mkd(const char *rel)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    assert_int_equal(mkdir(p, 0777), 0);
}

/* relpath_from(dir/target, dir/base) is `want`. */
static void expect_from(const char *target, const char *base,
                        const char *want)
{
    char t[256], b[256];
    snprintf(t, sizeof t, "%s/%s", dir, target);
    snprintf(b, sizeof b, "%s/%s", dir, base);
    strbuf out = STRBUF_INIT;
    anv_error err;
    assert_int_equal(relpath_from(t, b, &out, &err), ANV_OK);
    assert_string_equal(out.data, want);
    /* and back: the resolved path names the same file */
    strbuf back = STRBUF_INIT;
    assert_int_equal(relpath_resolve(out.data, b, &back, &err), ANV_OK);
    struct stat s1, s2;
    assert_int_equal(stat(t, &s1), 0);
    assert_int_equal(stat(back.data, &s2), 0);
    assert_true(s1.st_ino == s2.st_ino && s1.st_dev == s2.st_dev);
    strbuf_release(&back);
    strbuf_release(&out);
}

static void test_relpath(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/anuvad-relpath.XXXXXX");
    assert_non_null(mkdtemp(dir));
    mkd("job");
    mkd("jo");
    mkd("tms");
    mkd("job/deep");
    touch("tms/my.tmx");
    touch("job/same.tmx");
    touch("jo/x.tmx");
    expect_from("job/same.tmx", "job/p.xlf", "same.tmx");
    expect_from("tms/my.tmx", "job/p.xlf", "../tms/my.tmx");
    expect_from("tms/my.tmx", "job/deep/p.xlf", "../../tms/my.tmx");
    expect_from("job/same.tmx", "job/deep/p.xlf", "../same.tmx");
    expect_from("job/deep/../same.tmx", "p.xlf", "job/same.tmx");
    /* "jo" is not a folder of "job" because its name starts the same */
    expect_from("jo/x.tmx", "job/p.xlf", "../jo/x.tmx");
    /* a symbolic link to the folder: the real folder counts */
    char link[128], target[128];
    snprintf(link, sizeof link, "%s/link", dir);
    snprintf(target, sizeof target, "%s/tms", dir);
    assert_int_equal(symlink(target, link), 0);
    expect_from("link/my.tmx", "job/p.xlf", "../tms/my.tmx");

    strbuf out = STRBUF_INIT;
    anv_error err;
    /* from the root: the path without its leading slash */
    assert_int_equal(relpath_from(target, "/-", &out, &err), ANV_OK);
    assert_string_equal(out.data, target + 1);
    /* resolving: absolute stays, a base without a folder adds none */
    assert_int_equal(relpath_resolve("/a/b.tmx", "x/p.xlf", &out, &err),
                     ANV_OK);
    assert_string_equal(out.data, "/a/b.tmx");
    assert_int_equal(relpath_resolve("b.tmx", "p.xlf", &out, &err), ANV_OK);
    assert_string_equal(out.data, "b.tmx");
    assert_int_equal(relpath_resolve("b.tmx", "/p.xlf", &out, &err), ANV_OK);
    assert_string_equal(out.data, "/b.tmx");
    /* a missing file or folder is an error naming it */
    char missing[128];
    snprintf(missing, sizeof missing, "%s/none.tmx", dir);
    assert_int_equal(relpath_from(missing, "p.xlf", &out, &err),
                     ANV_ENOTFOUND);
    assert_non_null(strstr(err.message, "none.tmx"));
    snprintf(missing, sizeof missing, "%s/nodir/p.xlf", dir);
    snprintf(target, sizeof target, "%s/tms/my.tmx", dir);
    assert_int_equal(relpath_from(target, missing, &out, &err),
                     ANV_ENOTFOUND);
    strbuf_release(&out);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relpath),
    };
    return cmocka_run_group_tests_name("relpath", tests, NULL, NULL);
}
