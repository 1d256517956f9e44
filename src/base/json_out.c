/*
 * json_out.c - JSON output through jansson (see json_out.h).
 *
 * json_dump_callback() hands the text over in pieces; they are appended
 * to the caller's strbuf as they come, so no intermediate string is
 * allocated.
 */
#include "base/json_out.h"

#include "base/error.h"

static int append_piece(const char *buffer, size_t size, void *data)
{
    return strbuf_append((strbuf *)data, buffer, size) == ANV_OK ? 0 : -1;
}

int json_out_append(strbuf *b, json_t *v)
{
    if (!v)
        return ANV_EINVAL;
    int rc = json_dump_callback(v, append_piece, b, JSON_OUT_FLAGS) == 0
                 ? ANV_OK
                 : ANV_ENOMEM;
    json_decref(v);
    return rc;
}

int json_out_line(strbuf *b, json_t *v)
{
    int rc = json_out_append(b, v);
    return rc == ANV_OK ? strbuf_append_char(b, '\n') : rc;
}
