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
 *     anuvad-journal V ID\n              V: 2 (1 before "use" records
 *                                        existed); ID: 16 random hex digits
 *     OP LEN CHECKSUM\n PAYLOAD \n        one record per change
 * OP is "put", "upd", "del" or "use"; LEN the payload's length in bytes;
 * CHECKSUM 16 hex digits of the payload's FNV-1a 64-bit hash.  A record
 * cut short by a crash (or garbled by a power cut) fails the length or
 * checksum test: replay stops there, and a writer truncates the file back
 * to the last good record.  What the payload means is up to the TM store.
 *
 * The ID names this journal.  A save writes the ID of the journal it
 * folded into the TMX; a journal whose ID the TMX already names is left
 * over from a crash between the save's rename and the journal's removal,
 * and must not be replayed again.
 */
#ifndef ANUVAD_TM_JOURNAL_H
#define ANUVAD_TM_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* The journal of TM.tmx is TM.tmx followed by this. */
#define TM_JOURNAL_SUFFIX ".journal"

typedef struct tm_journal tm_journal;

#define TM_JOURNAL_ID_LEN 16

/* Open for appending, creating the file with a new ID (and making its
 * creation durable) when missing or empty. */
tm_journal *tm_journal_open(const char *path, anv_error *err);

/* The journal's ID (TM_JOURNAL_ID_LEN hex digits). */
const char *tm_journal_id(const tm_journal *j);

/* Append one record and fdatasync() it: when this returns ANV_OK the
 * record survives a crash.  The first "use" record raises a version-1
 * journal to version 2. */
int tm_journal_append(tm_journal *j, const char *op, const char *payload,
                      size_t len, anv_error *err);

void tm_journal_close(tm_journal *j);

/* Called for each good record during replay. */
typedef int (*tm_journal_fn)(void *ctx, const char *op, const char *payload,
                             size_t len, anv_error *err);

/* Replay the journal read from `fd` (named `path` in messages), calling
 * fn for the records that end after byte `from` (0: all of them; more:
 * those a reader that stopped at `from` has not seen whole).  With
 * `repair`, a torn tail is cut off the file.  *records gets the number of
 * records passed to fn, `id` (TM_JOURNAL_ID_LEN + 1 bytes) the journal's
 * ID, "" for an empty file.  When the ID equals `skip_id` nothing is
 * replayed.  A file that is not a journal is an error (and untouched). */
int tm_journal_replay(int fd, const char *path, int repair,
                      const char *skip_id, uint64_t from, tm_journal_fn fn,
                      void *ctx, long *records, char *id, anv_error *err);

#endif
