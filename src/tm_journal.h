/*
 * tm_journal.h - the append-only journal beside a TM (TM.tmx.journal).
 *
 * Saving a big TMX takes seconds, too long to do after every confirmed
 * segment; yet a confirmed translation must never be lost.  So each change
 * between two saves is appended to the journal and fsync()ed before the
 * change is acknowledged; opening the TM replays the journal; a save folds
 * everything into the TMX and removes the journal.
 *
 * File format (text, so a human can read it):
 *     anuvad-journal 1\n
 *     OP LEN CHECKSUM\n PAYLOAD \n        one record per change
 * OP is "put", "upd" or "del"; LEN the payload's length in bytes;
 * CHECKSUM 16 hex digits of the payload's FNV-1a 64-bit hash.  A record
 * cut short by a crash (or garbled by a power cut) fails the length or
 * checksum test: replay stops there, and a writer truncates the file back
 * to the last good record.  What the payload means is up to the TM store.
 */
#ifndef ANUVAD_TM_JOURNAL_H
#define ANUVAD_TM_JOURNAL_H

#include <stddef.h>

#include "error.h"

typedef struct tm_journal tm_journal;

/* Open for appending, creating the file (and making its creation durable)
 * when missing. */
tm_journal *tm_journal_open(const char *path, anv_error *err);

/* Append one record and fdatasync() it: when this returns ANV_OK the
 * record survives a crash. */
int tm_journal_append(tm_journal *j, const char *op, const char *payload,
                      size_t len, anv_error *err);

void tm_journal_close(tm_journal *j);

/* Called for each good record during replay. */
typedef int (*tm_journal_fn)(void *ctx, const char *op, const char *payload,
                             size_t len, anv_error *err);

/* Replay the journal read from `fd` (named `path` in messages).  With
 * `repair`, a torn tail is cut off the file.  *records gets the number of
 * good records.  A file that is not a journal is an error (and untouched). */
int tm_journal_replay(int fd, const char *path, int repair, tm_journal_fn fn,
                      void *ctx, long *records, anv_error *err);

#endif
