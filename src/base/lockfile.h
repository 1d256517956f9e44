/*
 * lockfile.h - one writer at a time, readers never wait.
 *
 * A writer of TM.tmx holds an exclusive flock() on TM.tmx.lock (created
 * beside the TM and left there; removing lock files is racy).  flock locks
 * go away with the process, so a killed writer never leaves a stale lock.
 * The holder writes its pid into the file so that a second writer can say
 * who is in the way.  Readers take no lock at all: the TM file is only
 * ever replaced by rename, so a reader sees the old or the new one whole.
 */
#ifndef ANUVAD_LOCKFILE_H
#define ANUVAD_LOCKFILE_H

#include "base/error.h"

typedef struct lockfile lockfile;

/* Lock `path`.  When another process holds it: with `wait`, block until it
 * is free; otherwise fail with ANV_ELOCKED ("PATH: locked by process N"). */
lockfile *lockfile_acquire(const char *path, int wait, anv_error *err);

void lockfile_release(lockfile *l);

#endif
