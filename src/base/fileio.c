/*
 * fileio.c - atomic file replacement and bounded whole-file reads.
 *
 * Saving `path`:
 *   - a symbolic link is followed to the file it names (a chain of them,
 *     relative or absolute, dangling or not): that file is replaced and
 *     the link stays a link;
 *   - a target with no write permission bit is refused (ANV_EPERM naming
 *     it) unless the caller asked for ATOMIC_REPLACE_READONLY: root can
 *     write anything, so permissions are read from the mode, not access();
 *   - the temporary file is PATH.anuvad.tmp.PID.XXXXXX beside the target:
 *     recognisable, and the PID tells a killed writer's leftover (process
 *     gone) from a live one's; leftovers of the same target are removed
 *     when it is next saved.
 */
#include "base/fileio.h"

#include "base/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Links followed before giving up (as the kernel's own limit). */
#define MAX_LINKS 40

struct atomic_file {
    char *path;     /* the file replaced: `path` with links followed */
    char *tmp_path;
    FILE *fp;
    char *buf;      /* fp's buffer (WRITE_BUFFER), freed after fp is closed */
    int to_stdout;
};

/* A stream's default buffer is the file system's block (4 KB): a write(2)
 * every 4 KB, 96,000 of them for a 376 MB TMX, a second of system time on
 * the bench machine.  1 MB makes them a few hundred. */
#define WRITE_BUFFER (1u << 20)

char *fileio_resolve_links(const char *path)
{
    char *cur = strdup(path);
    for (int hops = 0; cur && hops < MAX_LINKS; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        char target[4096];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0)
            return cur;
        target[n] = '\0';
        char *next;
        if (target[0] == '/') {
            next = strdup(target);
        } else { /* relative to the folder that holds the link */
            const char *slash = strrchr(cur, '/');
            size_t dl = slash ? (size_t)(slash - cur) + 1 : 0;
            next = malloc(dl + (size_t)n + 1);
            if (next) {
                memcpy(next, cur, dl);
                memcpy(next + dl, target, (size_t)n + 1);
            }
        }
        free(cur);
        cur = next;
    }
    return cur; /* a loop: the rename below reports it */
}

/* PID in a temporary file's name BASE.anuvad.tmp.PID.XXXXXX, or -1 when
 * `name` is not one of `base`'s. */
static long temp_pid(const char *name, const char *base)
{
    static const char mark[] = ".anuvad.tmp.";
    size_t bl = strlen(base), ml = sizeof mark - 1;
    if (strncmp(name, base, bl) != 0 || strncmp(name + bl, mark, ml) != 0)
        return -1;
    char *end;
    long pid = strtol(name + bl + ml, &end, 10);
    if (end == name + bl + ml || *end != '.' || strlen(end + 1) != 6)
        return -1;
    return pid;
}

size_t fileio_remove_stale_temps(const char *path, int any_pid)
{
    char *d = strdup(path), *b = strdup(path);
    size_t removed = 0;
    const char *dir = d && b ? dirname(d) : NULL;
    DIR *dh = dir ? opendir(dir) : NULL;
    const char *base = dh ? basename(b) : "";
    struct dirent *de;
    while (dh && (de = readdir(dh))) {
        long pid = temp_pid(de->d_name, base);
        if (pid < 0 || (!any_pid && (pid == (long)getpid() ||
                                      kill((pid_t)pid, 0) == 0 ||
                                      errno != ESRCH)))
            continue;
        strbuf p = STRBUF_INIT;
        if (strbuf_printf(&p, "%s/%s", dir, de->d_name) == ANV_OK &&
            unlink(p.data) == 0)
            removed++;
        strbuf_release(&p);
    }
    if (dh)
        closedir(dh);
    free(d);
    free(b);
    return removed;
}

int fileio_is_readonly(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           (st.st_mode & 0222) == 0;
}

atomic_file *atomic_file_open(const char *path, anv_error *err)
{
    return atomic_file_open_flags(path, 0, err);
}

atomic_file *atomic_file_open_flags(const char *path, unsigned flags,
                                    anv_error *err)
{
    atomic_file *af = calloc(1, sizeof *af);
    if (!af) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        af->to_stdout = 1;
        af->fp = stdout;
        return af;
    }
    af->path = fileio_resolve_links(path);
    size_t n = af->path ? strlen(af->path) : 0;
    af->tmp_path = malloc(n + 48);
    if (!af->path || !af->tmp_path) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        goto fail;
    }
    if (!(flags & ATOMIC_REPLACE_READONLY) && fileio_is_readonly(af->path)) {
        anv_error_set_at(err, ANV_EPERM, path, 0, 0,
                         "is read-only; not replaced (make it writable "
                         "first%s)",
                         flags & ATOMIC_HAS_FORCE ? ", or use --force" : "");
        goto fail;
    }
    fileio_remove_stale_temps(af->path, 0);
    snprintf(af->tmp_path, n + 48, "%s.anuvad.tmp.%ld.XXXXXX", af->path,
             (long)getpid());
    int fd = mkstemp(af->tmp_path);
    if (fd < 0) {
        anv_error_set_at(err, ANV_EIO, path, 0, 0,
                         "cannot create a temporary file beside it: %s",
                         strerror(errno));
        goto fail;
    }
    /* mkstemp creates 0600; give the new file the usual permissions. */
    mode_t mask = umask(0);
    umask(mask);
    struct stat st;
    fchmod(fd, stat(path, &st) == 0 ? (st.st_mode & 07777)
                                    : (0666 & ~mask));
    af->fp = fdopen(fd, "wb");
    if (!af->fp) {
        anv_error_set_at(err, ANV_EIO, path, 0, 0, "%s", strerror(errno));
        close(fd);
        unlink(af->tmp_path);
        goto fail;
    }
    /* without the buffer (no memory), the stream keeps its own */
    if ((af->buf = malloc(WRITE_BUFFER)) != NULL)
        setvbuf(af->fp, af->buf, _IOFBF, WRITE_BUFFER);
    return af;
fail:
    free(af->path);
    free(af->tmp_path);
    free(af);
    return NULL;
}

FILE *atomic_file_stream(atomic_file *af)
{
    return af->fp;
}

static void atomic_file_free(atomic_file *af)
{
    free(af->buf);
    free(af->path);
    free(af->tmp_path);
    free(af);
}

void atomic_file_abort(atomic_file *af)
{
    if (!af)
        return;
    if (!af->to_stdout) {
        if (af->fp)
            fclose(af->fp);
        unlink(af->tmp_path);
    }
    atomic_file_free(af);
}

int fileio_make_dirs(const char *dir, anv_error *err)
{
    char *p = strdup(dir);
    if (!p)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    int rc = ANV_OK;
    size_t n = strlen(p);
    /* Each prefix that ends before a '/' (and the whole path) in turn. */
    for (size_t i = 1; rc == ANV_OK && i <= n; i++) {
        if (i < n && p[i] != '/')
            continue;
        char keep = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = anv_error_set_at(err, ANV_EIO, p, 0, 0,
                                  "cannot create the folder: %s",
                                  strerror(errno));
        p[i] = keep;
    }
    free(p);
    return rc;
}

int fileio_sync_parent(const char *path, anv_error *err)
{
    char *copy = strdup(path);
    if (!copy)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    free(copy);
    if (fd < 0)
        return ANV_OK; /* nothing we can do; not an error for the user */
    fsync(fd);
    close(fd);
    return ANV_OK;
}

int atomic_file_commit(atomic_file *af, const char *backup_path,
                       anv_error *err)
{
    if (af->to_stdout) {
        errno = 0;
        int bad = fflush(stdout) != 0 || ferror(stdout);
        int e = errno;
        atomic_file_free(af);
        return bad ? anv_error_set(err, ANV_EIO, "standard output: %s",
                                   e ? strerror(e) : "write error")
                   : ANV_OK;
    }
    int rc = ANV_OK;
    if (fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0) {
        rc = anv_error_set_at(err, ANV_EIO, af->path, 0, 0,
                              "write error: %s", strerror(errno));
        fclose(af->fp);
        af->fp = NULL;
        goto out;
    }
    if (fclose(af->fp) != 0) {
        af->fp = NULL;
        rc = anv_error_set_at(err, ANV_EIO, af->path, 0, 0,
                              "write error: %s", strerror(errno));
        goto out;
    }
    af->fp = NULL;
    if (backup_path && fileio_exists(af->path)) {
        /* Keep the old version: link it to the backup name (replacing an
         * older backup); fall back to a copy-free rename being impossible
         * across links by just skipping the backup on exotic filesystems. */
        unlink(backup_path);
        if (link(af->path, backup_path) != 0 && errno != EPERM &&
            errno != EXDEV && errno != ENOTSUP) {
            rc = anv_error_set_at(err, ANV_EIO, backup_path, 0, 0,
                                  "cannot keep the backup: %s",
                                  strerror(errno));
            goto out;
        }
    }
    if (rename(af->tmp_path, af->path) != 0) {
        rc = anv_error_set_at(err, ANV_EIO, af->path, 0, 0,
                              "cannot replace: %s", strerror(errno));
        goto out;
    }
    fileio_sync_parent(af->path, NULL);
    atomic_file_free(af);
    return ANV_OK;
out:
    unlink(af->tmp_path);
    atomic_file_free(af);
    return rc;
}

int fileio_write_atomic(const char *path, const char *data, size_t len,
                        const char *backup_path, anv_error *err)
{
    atomic_file *af = atomic_file_open(path, err);
    if (!af)
        return err ? err->code : ANV_EIO;
    if (len && fwrite(data, 1, len, atomic_file_stream(af)) != len) {
        int e = errno;
        atomic_file_abort(af);
        return anv_error_set_at(err, ANV_EIO, path, 0, 0, "write error: %s",
                                strerror(e));
    }
    return atomic_file_commit(af, backup_path, err);
}

int fileio_read_head(const char *path, char *buf, size_t cap, size_t *len,
                     anv_error *err)
{
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return anv_error_set_at(err,
                                errno == ENOENT ? ANV_ENOTFOUND : ANV_EIO,
                                path, 0, 0, "cannot open: %s",
                                strerror(errno));
    *len = fread(buf, 1, cap, fp);
    int rc = ANV_OK;
    if (*len < cap && ferror(fp))
        rc = anv_error_set_at(err, ANV_EIO, path, 0, 0, "read error: %s",
                              strerror(errno));
    fclose(fp);
    return rc;
}

int fileio_read_all(const char *path, size_t max_bytes, char **data,
                    size_t *len, anv_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    *data = NULL;
    *len = 0;
    if (!fp)
        return anv_error_set_at(err,
                                errno == ENOENT ? ANV_ENOTFOUND : ANV_EIO,
                                name, 0, 0, "cannot open: %s",
                                strerror(errno));
    size_t cap = max_bytes < 65536 ? max_bytes : 65536, n = 0;
    char *buf = malloc(cap + 1);
    int rc = ANV_OK;
    if (!buf) {
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        goto out;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= max_bytes) {
                if (fgetc(fp) == EOF)
                    break; /* exactly max_bytes long */
                rc = anv_error_set_at(err, ANV_ELIMIT, name, 0, 0,
                                      "file larger than %zu bytes", max_bytes);
                goto out;
            }
            size_t ncap = cap * 2 > max_bytes ? max_bytes : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) {
                rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
                goto out;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp))
                rc = anv_error_set_at(err, ANV_EIO, name, 0, 0,
                                      "read error: %s", strerror(errno));
            break;
        }
    }
out:
    if (!is_stdin)
        fclose(fp);
    if (rc != ANV_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return ANV_OK;
}

int fileio_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}
