/*
 * tm_journal.c - appending, syncing and replaying journal records.
 */
#include "tm/tm_journal.h"
#include "base/fileio.h"
#include "base/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* "anuvad-journal V ": version 1 holds put, upd and del records; 2 also
 * "use" (tm_journal.h).  A version-1 journal is raised to 2 before its
 * first "use" record, so that an older anuvad, which would skip a record
 * it does not know and then fold the journal away, refuses it instead. */
#define MAGIC "anuvad-journal 2 "
#define MAGIC_LEN (sizeof MAGIC - 1)
#define VERSION_AT (MAGIC_LEN - 2)
#define HEADER_LEN (MAGIC_LEN + TM_JOURNAL_ID_LEN + 1)
#define MAX_RECORD (256u * 1024u * 1024u)

struct tm_journal {
    int fd;
    int version;
    char *path;
    char id[TM_JOURNAL_ID_LEN + 1];
};

static void new_id(char *id)
{
    uint64_t r = 0;
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
        r = (uint64_t)time(NULL) * 1000003u ^ (uint64_t)getpid() << 32 ^
            (uint64_t)clock();
    snprintf(id, TM_JOURNAL_ID_LEN + 1, "%016" PRIx64, r);
}

/* 1 when `h` starts like a header of any version, as far as it goes. */
static int magic_prefix(const char *h, size_t n)
{
    for (size_t i = 0; i < n && i < MAGIC_LEN; i++)
        if (i == VERSION_AT ? h[i] != '1' && h[i] != '2' : h[i] != MAGIC[i])
            return 0;
    return 1;
}

/* The version (1 or 2) and ID from a header; 0 if it is not one. */
static int parse_header(const char *h, size_t n, char *id)
{
    if (n < HEADER_LEN || !magic_prefix(h, MAGIC_LEN) ||
        h[HEADER_LEN - 1] != '\n')
        return 0;
    for (size_t i = 0; i < TM_JOURNAL_ID_LEN; i++)
        if (!strchr("0123456789abcdef", h[MAGIC_LEN + i]) ||
            !h[MAGIC_LEN + i])
            return 0;
    memcpy(id, h + MAGIC_LEN, TM_JOURNAL_ID_LEN);
    id[TM_JOURNAL_ID_LEN] = '\0';
    return h[VERSION_AT] - '0';
}

static uint64_t checksum(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

tm_journal *tm_journal_open(const char *path, anv_error *err)
{
    int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    struct stat st;
    char id[TM_JOURNAL_ID_LEN + 1], head[HEADER_LEN];
    int version = 2;
    if (fd < 0 || fstat(fd, &st) != 0) {
        anv_error_set_at(err, ANV_EIO, path, 0, 0, "cannot open the "
                         "journal: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (st.st_size > 0 && (pread(fd, head, HEADER_LEN, 0) != HEADER_LEN ||
                           !(version = parse_header(head, HEADER_LEN, id)))) {
        anv_error_set_at(err, ANV_EPARSE, path, 1, 0, "not an anuvad "
                         "journal");
        close(fd);
        return NULL;
    }
    if (st.st_size == 0) {
        /* A new journal: its header and its name in the folder must be on
         * disk before the first record counts as saved. */
        new_id(id);
        char line[HEADER_LEN + 1];
        snprintf(line, sizeof line, "%s%s\n", MAGIC, id);
        if (write_all(fd, line, HEADER_LEN) != 0 || fdatasync(fd) != 0) {
            anv_error_set_at(err, ANV_EIO, path, 0, 0, "cannot write the "
                             "journal: %s", strerror(errno));
            close(fd);
            return NULL;
        }
        fileio_sync_parent(path, NULL);
    }
    tm_journal *j = malloc(sizeof *j);
    if (j)
        j->path = strdup(path);
    if (!j || !j->path) {
        free(j);
        close(fd);
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    j->fd = fd;
    j->version = version;
    memcpy(j->id, id, sizeof j->id);
    return j;
}

/* Raise a version-1 journal to 2 (see MAGIC): one byte in place, through
 * a descriptor of its own (pwrite on an O_APPEND one appends), synced. */
static int raise_version(tm_journal *j, anv_error *err)
{
    int fd = open(j->path, O_WRONLY | O_CLOEXEC);
    int ok = fd >= 0 && pwrite(fd, "2", 1, VERSION_AT) == 1 &&
             fdatasync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok)
        return anv_error_set_at(err, ANV_EIO, j->path, 0, 0, "cannot write "
                                "the journal: %s", strerror(errno));
    j->version = 2;
    return ANV_OK;
}

const char *tm_journal_id(const tm_journal *j)
{
    return j->id;
}

int tm_journal_append(tm_journal *j, const char *op, const char *payload,
                      size_t len, anv_error *err)
{
    if (j->version < 2 && strcmp(op, "use") == 0) {
        int rc = raise_version(j, err);
        if (rc != ANV_OK)
            return rc;
    }
    strbuf rec = STRBUF_INIT;
    int rc = strbuf_printf(&rec, "%s %zu %016" PRIx64 "\n", op, len,
                           checksum(payload, len));
    if (rc == ANV_OK)
        rc = strbuf_append(&rec, payload, len);
    if (rc == ANV_OK)
        rc = strbuf_append_char(&rec, '\n');
    if (rc != ANV_OK) {
        strbuf_release(&rec);
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    /* One write() for the whole record, then the sync that makes it
     * count. */
    if (write_all(j->fd, rec.data, rec.len) != 0 || fdatasync(j->fd) != 0)
        rc = anv_error_set_at(err, ANV_EIO, j->path, 0, 0, "cannot write "
                              "the journal: %s", strerror(errno));
    strbuf_release(&rec);
    return rc;
}

void tm_journal_close(tm_journal *j)
{
    if (!j)
        return;
    close(j->fd);
    free(j->path);
    free(j);
}

/* Parse "OP LEN SUM\n" at p; returns the header length, 0 if incomplete
 * or malformed. */
static size_t record_header(const char *p, size_t avail, char *op,
                            size_t *len, uint64_t *sum)
{
    const char *nl = memchr(p, '\n', avail < 64 ? avail : 64);
    if (!nl)
        return 0;
    char line[64];
    size_t n = (size_t)(nl - p);
    memcpy(line, p, n);
    line[n] = '\0';
    unsigned long long l, s;
    char o[4];
    int used = 0;
    if (sscanf(line, "%3s %llu %16llx%n", o, &l, &s, &used) != 3 ||
        (size_t)used != n || l > MAX_RECORD)
        return 0;
    memcpy(op, o, 4);
    *len = (size_t)l;
    *sum = (uint64_t)s;
    return n + 1;
}

int tm_journal_replay(int fd, const char *path, int repair,
                      const char *skip_id, uint64_t from, tm_journal_fn fn,
                      void *ctx, long *records, char *id, anv_error *err)
{
    *records = 0;
    id[0] = '\0';
    strbuf data = STRBUF_INIT;
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            strbuf_release(&data);
            return anv_error_set_at(err, ANV_EIO, path, 0, 0, "read error: "
                                    "%s", strerror(errno));
        }
        if (n == 0)
            break;
        if (strbuf_append(&data, buf, (size_t)n) != ANV_OK) {
            strbuf_release(&data);
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        }
    }
    size_t pos = 0, good = 0;
    int rc = ANV_OK;
    if (parse_header(data.data, data.len, id)) {
        pos = good = HEADER_LEN;
        if (skip_id && strcmp(id, skip_id) == 0)
            pos = good = data.len; /* already in the TMX: no replay */
    } else if (data.len >= HEADER_LEN ||
               (data.len > 0 && !magic_prefix(data.data, data.len))) {
        strbuf_release(&data);
        return anv_error_set_at(err, ANV_EPARSE, path, 1, 0,
                                "not an anuvad journal; move it away to "
                                "open the TM");
    }
    /* else: empty, or a header cut short before any record: nothing. */
    while (rc == ANV_OK && pos < data.len) {
        char op[4];
        size_t len;
        uint64_t sum;
        size_t h = record_header(data.data + pos, data.len - pos, op, &len,
                                 &sum);
        if (!h || data.len - pos - h < len + 1 ||
            data.data[pos + h + len] != '\n' ||
            checksum(data.data + pos + h, len) != sum)
            break; /* a torn or garbled tail: everything before is good */
        size_t end = pos + h + len + 1;
        if (end > from) {
            rc = fn(ctx, op, data.data + pos + h, len, err);
            if (rc == ANV_OK)
                (*records)++;
        }
        pos = good = end;
    }
    if (rc == ANV_OK && repair && good < data.len) {
        if (ftruncate(fd, (off_t)good) != 0 || fdatasync(fd) != 0)
            rc = anv_error_set_at(err, ANV_EIO, path, 0, 0, "cannot repair "
                                  "the journal: %s", strerror(errno));
    }
    strbuf_release(&data);
    return rc;
}
