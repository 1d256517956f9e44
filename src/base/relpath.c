/*
 * relpath.c - relative paths between files (see relpath.h).
 *
 * relpath_from makes both paths canonical with realpath(3), then drops
 * their common leading folders and climbs ("..") out of what is left of
 * the base folder.  Comparison is by whole path components, so /a/bc is
 * not taken for a folder inside /a/b.
 */
#include "base/relpath.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The folder part of `file` ("." when it has none). */
static int folder_of(const char *file, strbuf *out)
{
    const char *slash = strrchr(file, '/');
    strbuf_clear(out);
    if (!slash)
        return strbuf_append_str(out, ".");
    if (slash == file)
        return strbuf_append_str(out, "/");
    return strbuf_append(out, file, (size_t)(slash - file));
}

static int canonical(const char *path, char **out, anv_error *err)
{
    *out = realpath(path, NULL);
    if (*out)
        return ANV_OK;
    int e = errno;
    return anv_error_set(err, e == ENOENT ? ANV_ENOTFOUND : ANV_EIO,
                         "%s: %s", path, strerror(e));
}

int relpath_from(const char *target, const char *base_file, strbuf *out,
                 anv_error *err)
{
    strbuf dir = STRBUF_INIT;
    char *t = NULL, *d = NULL;
    int rc = folder_of(base_file, &dir) != ANV_OK
                 ? anv_error_set(err, ANV_ENOMEM, "out of memory")
                 : ANV_OK;
    if (rc == ANV_OK)
        rc = canonical(target, &t, err);
    if (rc == ANV_OK)
        rc = canonical(dir.data, &d, err);
    strbuf_release(&dir);
    if (rc != ANV_OK) {
        free(t);
        free(d);
        return rc;
    }
    /* the longest common run of whole components */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        if (d[i] == '\0' && (t[i] == '/' || t[i] == '\0')) {
            common = i;
            break;
        }
        if (d[i] != t[i])
            break;
        if (d[i] == '/')
            common = i;
    }
    strbuf_clear(out);
    int bad = 0;
    /* one ".." for every component of d after the common part */
    for (const char *s = d + common; *s; s++)
        if (*s == '/' && s[1])
            bad |= strbuf_append_str(out, "../");
    const char *rest = t + common;
    if (*rest == '/')
        rest++;
    bad |= strbuf_append_str(out, rest);
    free(t);
    free(d);
    return bad ? anv_error_set(err, ANV_ENOMEM, "out of memory") : ANV_OK;
}

int relpath_resolve(const char *rel, const char *base_file, strbuf *out,
                    anv_error *err)
{
    int bad = 0;
    strbuf_clear(out);
    if (rel[0] == '/') {
        bad = strbuf_append_str(out, rel);
    } else {
        bad = folder_of(base_file, out);
        if (!bad && strcmp(out->data, ".") == 0) {
            strbuf_clear(out);
        } else if (!bad && strcmp(out->data, "/") != 0) {
            bad = strbuf_append_str(out, "/");
        }
        bad |= strbuf_append_str(out, rel);
    }
    return bad ? anv_error_set(err, ANV_ENOMEM, "out of memory") : ANV_OK;
}
