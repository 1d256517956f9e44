/*
 * paths.c - locating shipped data and the user's config folder.
 */
#include "base/paths.h"
#include "base/fileio.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef ANUVAD_DATADIR
#define ANUVAD_DATADIR "/usr/local/share/anuvad"
#endif

static int exe_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    return 1;
}

static int try_candidate(strbuf *out, const char *dir, const char *mid,
                         const char *rel)
{
    strbuf_clear(out);
    if (strbuf_printf(out, "%s%s/%s", dir, mid, rel) != ANV_OK)
        return 0;
    return fileio_exists(out->data);
}

int paths_find_data(const char *rel, strbuf *out, anv_error *err)
{
    const char *env = getenv("ANUVAD_DATA");
    if (env && *env && try_candidate(out, env, "", rel))
        return ANV_OK;
    char dir[PATH_MAX];
    if (exe_dir(dir, sizeof dir)) {
        static const char *const mids[] = {"/..", "/../..",
                                           "/../share/anuvad"};
        for (size_t i = 0; i < sizeof mids / sizeof mids[0]; i++)
            if (try_candidate(out, dir, mids[i], rel))
                return ANV_OK;
    }
    if (try_candidate(out, ANUVAD_DATADIR, "", rel))
        return ANV_OK;
    strbuf_clear(out);
    return anv_error_set(err, ANV_ENOTFOUND,
                         "%s: not found beside the program, in "
                         "%s or in $ANUVAD_DATA",
                         rel, ANUVAD_DATADIR);
}

/* $ENV/anuvad, else ~/FALLBACK/anuvad. */
static int user_dir(strbuf *out, const char *env, const char *fallback,
                    anv_error *err)
{
    strbuf_clear(out);
    const char *xdg = getenv(env);
    const char *home = getenv("HOME");
    int rc;
    if (xdg && *xdg)
        rc = strbuf_printf(out, "%s/anuvad", xdg);
    else if (home && *home)
        rc = strbuf_printf(out, "%s/%s/anuvad", home, fallback);
    else
        return anv_error_set(err, ANV_ENOTFOUND,
                             "neither %s nor HOME is set", env);
    return rc == ANV_OK ? ANV_OK
                        : anv_error_set(err, ANV_ENOMEM, "out of memory");
}

int paths_config_dir(strbuf *out, anv_error *err)
{
    return user_dir(out, "XDG_CONFIG_HOME", ".config", err);
}

int paths_cache_dir(strbuf *out, anv_error *err)
{
    return user_dir(out, "XDG_CACHE_HOME", ".cache", err);
}
