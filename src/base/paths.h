/*
 * paths.h - where anuvad finds its own data and the user's files.
 *
 * Shipped data (dict/segment.srx, word lists in dict/, tm/hi-en.tmx) is looked
 * up by its path relative to the project root, in this order:
 *   1. $ANUVAD_DATA/REL                  (an explicit override)
 *   2. EXEDIR/../REL, EXEDIR/../../REL   (running from a source tree:
 *                                          build/anuvad, build/asan/anuvad)
 *   3. EXEDIR/../share/anuvad/REL        (after `make install`)
 *   4. ANUVAD_DATADIR/REL                 (compiled-in install prefix)
 * The first candidate that exists wins.
 *
 * The user's own files (personal word list, settings) live in
 * $XDG_CONFIG_HOME/anuvad, or ~/.config/anuvad when that is unset.
 */
#ifndef ANUVAD_PATHS_H
#define ANUVAD_PATHS_H

#include "base/error.h"
#include "base/strbuf.h"

/* Find shipped data file `rel` ("dict/segment.srx").  Returns ANV_OK and
 * sets `out` to the path, or ANV_ENOTFOUND with a message listing where it
 * looked. */
int paths_find_data(const char *rel, strbuf *out, anv_error *err);

/* The user's configuration folder (not created). */
int paths_config_dir(strbuf *out, anv_error *err);

/* The user's cache folder, $XDG_CACHE_HOME/anuvad or ~/.cache/anuvad (not
 * created): files anuvad can always rebuild, such as the fuzzy index of a
 * TM in a folder it may not write to. */
int paths_cache_dir(strbuf *out, anv_error *err);

#endif
