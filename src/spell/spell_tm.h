/*
 * spell_tm.h - the words a translation memory has used, for the spell
 * checker (`anuvad spell --tm TM.tmx`).
 *
 * "A name the team has used before is not a misspelling."  The set holds
 *   - English: every Latin-script word of the TM's target side (what the
 *     team wrote and confirmed), from one occurrence on;
 *   - Hindi: every Devanagari word of the source side, also from one
 *     occurrence.  The source is the clients' text, which the team has
 *     read and translated; its words are mostly the names and loanwords
 *     the lexicon lacks.  A frequency filter was measured and dropped: it
 *     lost a third of the benefit and did not keep typos out (the most
 *     frequent TM-only word of a news TM was the typo थें, 30 times); see
 *     docs/spelling.md.  Hindi words are kept and looked up in their
 *     folded form (devanagari.h), so ज़/ज and हिन्दी/हिंदी spellings of a
 *     TM name are the same word.
 * The language pair is the TM's default (hi-IN -> en-US, with region
 * fallback: tm.h).
 *
 * The checker asks the set only about words its dictionaries reject
 * (spell_set_known_words in spell.h), so a set of a million words costs
 * nothing per checked word.  What costs is building it: reading a 1M-unit
 * TM and tokenising both sides takes seconds.  So the set is cached beside
 * the TM, in TM.tmx.spellwords, stamped with the size, mtime, inode and
 * tail hash of TM.tmx and TM.tmx.journal (fuzzy_stamp_files, the fuzzy
 * index's freshness test): a changed TM or a new journal entry rebuilds
 * it; a cache that cannot be written is only a warning.
 *
 *     spell_tm_info info;
 *     spell_tm_words *w = spell_tm_words_open("TM.tmx", &info, &err);
 *     spell_set_known_words(checker, spell_tm_words_known, w);
 *     ... check ...
 *     spell_tm_words_free(w);      // after the checker's last use
 */
#ifndef ANUVAD_SPELL_TM_H
#define ANUVAD_SPELL_TM_H

#include <stddef.h>

#include "base/error.h"
#include "spell/spell.h"
#include "tm/tm.h"

typedef struct spell_tm_words spell_tm_words;

typedef struct spell_tm_info {
    int from_cache;          /* read from TM.tmx.spellwords */
    int cache_saved;         /* built, and the cache written */
    char cache_error[ANV_ERROR_MAX]; /* built, cache not written: why */
    size_t units;            /* units read (0 when from the cache) */
    size_t hindi, english;   /* words accepted */
} spell_tm_info;

/* The words of an open TM (its language pair decides the sides). */
spell_tm_words *spell_tm_words_build(const tm_store *t, anv_error *err);

/* The words of the TM at `tm_path`: from the cache when it is fresh, else
 * read with tm_open() (journal replayed) and cached.  `info` may be NULL.
 * Errors are the TM's (missing file, broken TMX: "FILE:LINE: what"). */
spell_tm_words *spell_tm_words_open(const char *tm_path, spell_tm_info *info,
                                    anv_error *err);

void spell_tm_words_free(spell_tm_words *w);

/* A spell_known_fn (spell.h) over a spell_tm_words: 1 when the TM has the
 * NFC word for `lang`.  English also matches a possessive ('s, ’s) of a
 * TM word. */
int spell_tm_words_known(void *ctx, spell_lang lang, const char *word,
                         size_t len);

/* Words accepted: Hindi (folded forms) and English. */
size_t spell_tm_words_count(const spell_tm_words *w, spell_lang lang);

#endif
