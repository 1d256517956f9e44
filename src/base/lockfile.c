/*
 * lockfile.c - flock() on a lock file beside the locked file.
 *
 * The holder removes the lock file when it lets go, so none is left lying
 * about.  That makes one race possible: B opens the file, A (the holder)
 * unlinks it and lets go, B gets the flock on a file no longer in the
 * folder while C creates a new one and locks that too.  So after getting
 * the flock, acquire checks that the path still names the very file it
 * locked (same device and inode) and starts again when not.
 */
#include "base/lockfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct lockfile {
    int fd;
    char *path;
};

/* 1 when `path` still names the open file `fd`. */
static int still_there(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static long holder_pid(int fd)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

lockfile *lockfile_acquire(const char *path, int wait, anv_error *err)
{
again:;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        anv_error_set_at(err, ANV_EIO, path, 0, 0, "cannot create the lock "
                         "file: %s", strerror(errno));
        return NULL;
    }
    int rc;
    while ((rc = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 &&
           errno == EINTR)
        ;
    if (rc != 0) {
        int e = errno;
        long pid = e == EWOULDBLOCK ? holder_pid(fd) : 0;
        /* The pid is a hint left by the holder: name it only if alive. */
        if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
            pid = 0;
        close(fd);
        if (e == EWOULDBLOCK) {
            if (pid > 0)
                anv_error_set_at(err, ANV_ELOCKED, path, 0, 0,
                                 "locked: process %ld is writing this TM",
                                 pid);
            else
                anv_error_set_at(err, ANV_ELOCKED, path, 0, 0,
                                 "locked: another process is writing this "
                                 "TM");
        } else {
            anv_error_set_at(err, ANV_EIO, path, 0, 0, "cannot lock: %s",
                             strerror(e));
        }
        return NULL;
    }
    if (!still_there(fd, path)) { /* its holder removed it meanwhile */
        close(fd);
        goto again;
    }
    lockfile *l = malloc(sizeof *l);
    if (!l || !(l->path = strdup(path))) {
        free(l);
        close(fd);
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    l->fd = fd;
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) != n) {
        /* The pid is only for messages; a failed write changes nothing. */
    }
    return l;
}

void lockfile_release(lockfile *l)
{
    if (!l)
        return;
    /* Remove the file while still holding the lock (see the top). */
    unlink(l->path);
    close(l->fd); /* closing drops the flock */
    free(l->path);
    free(l);
}
