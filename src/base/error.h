/*
 * error.h - how anuvad's library reports what went wrong.
 *
 * Every library function that can fail returns an int status (ANV_OK, 0, on
 * success, one of the negative ANV_E* codes otherwise) and takes an
 * `anv_error *` where it leaves a one-line message for the caller.  The
 * library never prints and never exits: the CLI prints the message as
 *
 *     anuvad: FILE:LINE:COL: what is wrong
 *
 * The error object belongs to the caller (usually on the stack), so there is
 * no global or thread-local state.  Passing NULL for the error is allowed and
 * simply discards the message.
 */
#ifndef ANUVAD_ERROR_H
#define ANUVAD_ERROR_H

#include <stdarg.h>

enum {
    ANV_OK = 0,
    ANV_EIO = -1,       /* a file could not be opened, read or written */
    ANV_EUTF8 = -2,     /* input is not valid UTF-8 (or not UTF-8 at all) */
    ANV_EPARSE = -3,    /* malformed input: XML, SRX, TMX, XLIFF, TSV ... */
    ANV_ENOMEM = -4,    /* out of memory */
    ANV_EINVAL = -5,    /* a bad argument or option value */
    ANV_ELOCKED = -6,   /* another process holds the lock */
    ANV_ENOTFOUND = -7, /* a file, dictionary or entry does not exist */
    ANV_ELIMIT = -8,    /* input exceeds a safety limit (size, nesting) */
    ANV_EINTERNAL = -9, /* a library (ICU, libxml2 ...) failed unexpectedly */
    ANV_EPERM = -10     /* a file anuvad may not replace (read-only) */
};

#define ANV_ERROR_MAX 1024

typedef struct anv_error {
    int code;                  /* ANV_OK when nothing went wrong */
    char message[ANV_ERROR_MAX]; /* "FILE:LINE:COL: text", or "text" */
} anv_error;

/* Forget any previous error. */
void anv_error_clear(anv_error *err);

/* Record an error without a location; returns `code` so that callers can
 * write `return anv_error_set(err, ANV_EINVAL, "...")`. */
int anv_error_set(anv_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record an error at a place in a file.  `line` and `col` are 1-based; pass
 * 0 to leave them out ("FILE: text", "FILE:LINE: text"). */
int anv_error_set_at(anv_error *err, int code, const char *file, long line,
                     long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

int anv_error_vset_at(anv_error *err, int code, const char *file, long line,
                      long col, const char *fmt, va_list ap);

/* Put "PREFIX: " in front of an existing message (for example the file name
 * when a lower layer did not know it).  Does nothing when there is no error. */
void anv_error_prefix(anv_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The message, or "" when there is none. */
const char *anv_error_message(const anv_error *err);

/* A short name for a code ("I/O error", "invalid UTF-8" ...). */
const char *anv_error_code_name(int code);

#endif
