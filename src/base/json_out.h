/*
 * json_out.h - JSON output through jansson, one object a line.
 *
 * Every JSON anuvad prints is built as a jansson value (json_pack() or
 * json_object_set_new()) and turned into text here, so that escaping and
 * UTF-8 checks are jansson's, never hand-written.  The form is the same
 * everywhere: compact (`{"a":1,"b":[2,3]}`), keys in the order they were
 * set, UTF-8 kept as it is (no \u escapes for Devanagari).
 *
 *     json_t *o = json_pack("{s:s%, s:i}", "text", s, len, "n", 3);
 *     rc = json_out_append(&buf, o);       // appends, then frees o
 */
#ifndef ANUVAD_JSON_OUT_H
#define ANUVAD_JSON_OUT_H

#include <jansson.h>

#include "base/strbuf.h"

/* The flags of every dump: compact, keys in insertion order, any value. */
#define JSON_OUT_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)

/* Append `v` as JSON text to `b` and release `v` (json_decref), so that a
 * json_pack() result can be passed straight in.  `v` NULL (a json_pack
 * that failed: out of memory, or text that is not UTF-8) gives
 * ANV_EINVAL; out of memory gives ANV_ENOMEM. */
int json_out_append(strbuf *b, json_t *v);

/* The same followed by a newline: one JSON Lines record. */
int json_out_line(strbuf *b, json_t *v);

#endif
