/*
 * error.c - the anv_error helpers: formatting a message with its location.
 *
 * Messages are truncated (never overflowed) at ANV_ERROR_MAX bytes; a cut in
 * the middle of a UTF-8 sequence is trimmed back so the message stays valid.
 */
#include "base/error.h"

#include <stdio.h>
#include <string.h>

static void trim_partial_utf8(char *s)
{
    size_t n = strlen(s);
    size_t i = n;
    /* Walk back over continuation bytes to the lead byte of the last char. */
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < want)
        s[i - 1] = '\0';
}

void anv_error_clear(anv_error *err)
{
    if (!err)
        return;
    err->code = ANV_OK;
    err->message[0] = '\0';
}

int anv_error_vset_at(anv_error *err, int code, const char *file, long line,
                      long col, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    size_t used = 0;
    err->code = code;
    err->message[0] = '\0';
    if (file && *file) {
        int n;
        if (line > 0 && col > 0)
            n = snprintf(err->message, sizeof err->message, "%s:%ld:%ld: ",
                         file, line, col);
        else if (line > 0)
            n = snprintf(err->message, sizeof err->message, "%s:%ld: ", file,
                         line);
        else
            n = snprintf(err->message, sizeof err->message, "%s: ", file);
        if (n > 0)
            used = (size_t)n < sizeof err->message ? (size_t)n
                                                   : sizeof err->message - 1;
    }
    vsnprintf(err->message + used, sizeof err->message - used, fmt, ap);
    trim_partial_utf8(err->message);
    return code;
}

int anv_error_set_at(anv_error *err, int code, const char *file, long line,
                     long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    anv_error_vset_at(err, code, file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

int anv_error_set(anv_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    anv_error_vset_at(err, code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

void anv_error_prefix(anv_error *err, const char *fmt, ...)
{
    if (!err || err->code == ANV_OK)
        return;
    char prefix[ANV_ERROR_MAX];
    char old[ANV_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->message, sizeof old);
    size_t pl = strlen(prefix);
    if (pl > sizeof err->message - 3)
        pl = sizeof err->message - 3;
    memcpy(err->message, prefix, pl);
    memcpy(err->message + pl, ": ", 2);
    size_t room = sizeof err->message - pl - 3;
    size_t ol = strlen(old);
    if (ol > room)
        ol = room;
    memcpy(err->message + pl + 2, old, ol);
    err->message[pl + 2 + ol] = '\0';
    trim_partial_utf8(err->message);
}

const char *anv_error_message(const anv_error *err)
{
    return err ? err->message : "";
}

const char *anv_error_code_name(int code)
{
    switch (code) {
    case ANV_OK: return "no error";
    case ANV_EIO: return "I/O error";
    case ANV_EUTF8: return "invalid UTF-8";
    case ANV_EPARSE: return "malformed input";
    case ANV_ENOMEM: return "out of memory";
    case ANV_EINVAL: return "invalid argument";
    case ANV_ELOCKED: return "locked";
    case ANV_ENOTFOUND: return "not found";
    case ANV_ELIMIT: return "limit exceeded";
    case ANV_EINTERNAL: return "internal error";
    case ANV_EPERM: return "not permitted";
    }
    return "unknown error";
}
