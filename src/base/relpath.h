/*
 * relpath.h - a file's path as seen from another file's folder, and back.
 *
 * A project records the TM it was made with (anv:tm).  The path is kept
 * relative to the project's folder, so that a folder holding both can be
 * moved or shared, and resolved against that folder when the project is
 * opened again:
 *
 *     relpath_from("/w/tm/hi-en.tmx", "/w/job/a.xlf", &out)  -> "../tm/hi-en.tmx"
 *     relpath_resolve("../tm/hi-en.tmx", "job/a.xlf", &out)  -> "job/../tm/hi-en.tmx"
 */
#ifndef ANUVAD_RELPATH_H
#define ANUVAD_RELPATH_H

#include "base/error.h"
#include "base/strbuf.h"

/* The path of existing file `target` relative to the folder of `base_file`
 * (which need not exist; its folder must).  Both are made canonical first
 * (realpath: symbolic links resolved).  Fails with ANV_ENOTFOUND or ANV_EIO
 * when either cannot be resolved. */
int relpath_from(const char *target, const char *base_file, strbuf *out,
                 anv_error *err);

/* `rel` as a path usable from the current folder: itself when absolute,
 * else joined to the folder of `base_file`. */
int relpath_resolve(const char *rel, const char *base_file, strbuf *out,
                    anv_error *err);

#endif
