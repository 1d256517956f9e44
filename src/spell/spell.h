/*
 * spell.h - spell checking of Hindi and English text.
 *
 *     spell_options o;
 *     spell_options_init(&o);
 *     o.lang = SPELL_HI;
 *     spell_checker *c = spell_checker_new(&o, &err);
 *     spell_check_text(c, text, len, on_flag, ctx, &stats, &err);
 *     spell_checker_free(c);
 *
 * Text is split into words by the project's tokenizer (words.h, ICU word
 * boundaries).  Each word goes to the dictionary of its script: Devanagari
 * to Hindi (hunspell-hi + the apertium-hin full forms + word lists),
 * Latin to English (en_US or en_GB), so an English caption inside Hindi is
 * checked in English.  Numbers, tokens with digits, URLs, e-mail
 * addresses, punctuation, abbreviations from dict/abbreviations.txt and
 * words of other scripts are skipped.  A Hindi word not found is retried
 * in its variant spellings (devanagari.h) before it is flagged.
 *
 * Verdicts are cached per checker in a hash table keyed by the NFC word,
 * so a long text costs one dictionary lookup per distinct word and a
 * short segment checked again costs only its tokenisation.
 *
 * Dictionaries are searched in options.dicpath (or $DICPATH), then the
 * project's dict/, then options.system_dicpath (/usr/share/hunspell ...).
 * The main language's dictionary is opened by spell_checker_new(); the
 * other one when the first word of its script is met.
 */
#ifndef ANUVAD_SPELL_H
#define ANUVAD_SPELL_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"

typedef enum {
    SPELL_HI,     /* Hindi: hi_IN (package hunspell-hi) */
    SPELL_EN_US,  /* American English: en_US (hunspell-en-us) */
    SPELL_EN_GB,  /* British (and Indian) English: en_GB (hunspell-en-gb) */
    SPELL_AUTO    /* each word by its script; English as en-US */
} spell_lang;

typedef struct spell_options {
    spell_lang lang;            /* main language (default SPELL_AUTO) */
    spell_lang english;         /* English variant for Latin words when
                                   lang is SPELL_HI or SPELL_AUTO
                                   (default SPELL_EN_US) */
    const char *dicpath;        /* folders searched first, ':'-separated;
                                   NULL: $DICPATH */
    const char *system_dicpath; /* searched last; NULL: the usual Debian
                                   folders (/usr/share/hunspell ...) */
    const char *personal_dir;   /* personal word lists; NULL: the user's
                                   config folder, "": none */
    int max_suggestions;        /* per flagged word (default 5) */
    int project_lists;          /* load dict/words-*.txt (default 1) */
    int morphology;             /* load the apertium-hin full forms
                                   (default 1; 0 only to measure them) */
    int transcriptions;         /* load the Devanagari transcriptions of
                                   CMUdict (default 1; 0 to measure) */
} spell_options;

void spell_options_init(spell_options *o);

/* Parse "hi", "en-US", "en-GB" (also en_US, en, hi_IN ...), "auto". */
int spell_lang_parse(const char *s, spell_lang *out);

/* "hi", "en-US", "en-GB", "auto". */
const char *spell_lang_name(spell_lang lang);

typedef struct spell_checker spell_checker;

spell_checker *spell_checker_new(const spell_options *o, anv_error *err);
void spell_checker_free(spell_checker *c);

/* One flagged word.  Pointers are valid during the callback only. */
typedef struct spell_flag {
    size_t start, end;          /* byte offsets in the text checked */
    const char *word;           /* the word, NFC, NUL-terminated */
    spell_lang lang;            /* the dictionary that rejected it */
    const char *const *suggestions; /* best first */
    size_t n_suggestions;
} spell_flag;

/* Return 0 to go on, non-zero to stop the check (that value is returned by
 * spell_check_text). */
typedef int (*spell_flag_fn)(const spell_flag *flag, void *ctx);

typedef struct spell_stats {
    size_t words;    /* word tokens (letters and numbers) */
    size_t checked;  /* looked up in a dictionary */
    size_t flagged;
} spell_stats;

/* Check text[0..len) (valid UTF-8; NFC is applied word by word, offsets
 * are into `text`).  Calls fn for each flagged word, in order.  Adds to
 * *stats when it is not NULL.  Returns ANV_OK, a callback's non-zero
 * value, or an error (for example a missing dictionary for a script met
 * in the text). */
int spell_check_text(spell_checker *c, const char *text, size_t len,
                     spell_flag_fn fn, void *ctx, spell_stats *stats,
                     anv_error *err);

/* Check one word: returns 1 when accepted or skipped, 0 when it would be
 * flagged, ANV_EINVAL when `word` is not one word (two words, a number,
 * punctuation), or another negative error. */
int spell_check_word(spell_checker *c, const char *word, size_t len,
                     anv_error *err);

/* Accept `word` of language `lang` (SPELL_AUTO: by its script) for the
 * life of this checker, and offer it as a suggestion; this is the hook for
 * names taken from a TM or a glossary.  Returns ANV_OK, ANV_EINVAL for
 * something that is not one word, or another error. */
int spell_accept_word(spell_checker *c, spell_lang lang, const char *word,
                      size_t len, anv_error *err);

/* Words accepted beyond the lexicon (names a TM has used, spell_tm.h):
 * asked only about a word that every dictionary and list rejected, with
 * its NFC form and the language of the dictionary that rejected it.
 * Returns 1 to accept the word.  The answer is cached like any verdict, so
 * a big word set costs one call per distinct misspelling, not per word:
 * far cheaper than spell_accept_word() for every word of a large TM.
 * `fn` NULL removes the hook; `ctx` must outlive the checker's use. */
typedef int (*spell_known_fn)(void *ctx, spell_lang lang, const char *word,
                              size_t len);
void spell_set_known_words(spell_checker *c, spell_known_fn fn, void *ctx);

/* The stems hunspell's dictionary for `lang` gives for `word` (see
 * spell_dict_stems), appended to `out` as NUL-terminated strings, *count
 * of them (0: a word the dictionary does not know).  Returns ANV_OK or
 * an error (the dictionary missing). */
int spell_stems(spell_checker *c, spell_lang lang, const char *word,
                size_t len, strbuf *out, size_t *count, anv_error *err);

/* Add `word` to the user's personal list for its language (file
 * spell-hi.txt or spell-en.txt in the personal folder, created when
 * needed, written atomically) and accept it now.  Returns 1 when it was
 * added, 0 when the list already had it, ANV_EINVAL for something that is
 * not one word of that language, or an I/O error. */
int spell_add_personal_word(spell_checker *c, spell_lang lang,
                            const char *word, size_t len, anv_error *err);

/* The .dic file used for `lang` (opening it if needed), or NULL with
 * `err` set. */
const char *spell_dictionary_path(spell_checker *c, spell_lang lang,
                                  anv_error *err);

#endif
