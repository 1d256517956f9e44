/*
 * fileio.h - files that are never left half-written.
 *
 * Everything anuvad saves (a TMX, an XLIFF project, an exported document)
 * goes through an atomic_file: the content is written to a temporary file
 * in the same folder, flushed and fsync()ed, then rename()d over the
 * target, and the folder is fsync()ed so the rename itself survives a power
 * cut.  A crash at any moment leaves either the old file or the new one,
 * never a mixture.  Optionally the previous version is kept as a backup
 * (for example TM.tmx.bak) by hard-linking it before the rename.
 *
 *     atomic_file *af = atomic_file_open("out.xlf", &err);
 *     fputs("...", atomic_file_stream(af));
 *     if (atomic_file_commit(af, NULL, &err) != ANV_OK) ...   // frees af
 *
 * atomic_file_abort() removes the temporary file and frees the handle.
 *
 * A symbolic link is followed: the file it names is replaced and the link
 * kept.  A read-only target (no write bit in its mode) is refused unless
 * ATOMIC_REPLACE_READONLY is given.  Temporary files are named
 * PATH.anuvad.tmp.PID.XXXXXX; a killed writer's are removed at the next
 * save of the same file.
 */
#ifndef ANUVAD_FILEIO_H
#define ANUVAD_FILEIO_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

typedef struct atomic_file atomic_file;

/* Flags of atomic_file_open_flags(). */
enum {
    ATOMIC_REPLACE_READONLY = 1u << 0, /* the user asked (--force) */
    ATOMIC_HAS_FORCE = 1u << 1         /* the command has --force: say so
                                          when refusing a read-only file */
};

/* Start writing `path` ("-" writes straight to stdout, no atomicity).
 * The same as atomic_file_open_flags(path, 0, err). */
atomic_file *atomic_file_open(const char *path, anv_error *err);
atomic_file *atomic_file_open_flags(const char *path, unsigned flags,
                                    anv_error *err);

/* `path` with symbolic links followed (malloc()ed; NULL when out of
 * memory).  A dangling link gives the path it points to. */
char *fileio_resolve_links(const char *path);

/* 1 when `path` is a regular file without any write permission bit. */
int fileio_is_readonly(const char *path);

/* Remove temporary files of `path` left by writers that were killed (their
 * process is gone; any process's when `any_pid`, for a caller holding the
 * file's lock).  Returns how many were removed. */
size_t fileio_remove_stale_temps(const char *path, int any_pid);

/* The stream to write to. */
FILE *atomic_file_stream(atomic_file *af);

/* Flush, fsync and rename into place.  When `backup_path` is not NULL and
 * the target exists, the old target is kept under that name.  Always frees
 * `af`; on failure the target is untouched and the temporary file removed. */
int atomic_file_commit(atomic_file *af, const char *backup_path,
                       anv_error *err);

/* Give up: remove the temporary file, leave the target untouched. */
void atomic_file_abort(atomic_file *af);

/* Write a whole buffer atomically. */
int fileio_write_atomic(const char *path, const char *data, size_t len,
                        const char *backup_path, anv_error *err);

/* Read a whole file ("-" = stdin) into a NUL-terminated malloc()ed buffer.
 * Files larger than `max_bytes` are refused with ANV_ELIMIT. */
int fileio_read_all(const char *path, size_t max_bytes, char **data,
                    size_t *len, anv_error *err);

/* Read at most `cap` bytes from the start of a file into buf (not
 * NUL-terminated), for sniffing its format without reading it whole. */
int fileio_read_head(const char *path, char *buf, size_t cap, size_t *len,
                     anv_error *err);

/* 1 if the path exists (any type), 0 if not. */
int fileio_exists(const char *path);

/* Create the folder `dir` and the folders above it that are missing
 * (mkdir -p).  An error names the folder that could not be made. */
int fileio_make_dirs(const char *dir, anv_error *err);

/* fsync the folder that holds `path` (after a rename or create). */
int fileio_sync_parent(const char *path, anv_error *err);

#endif
