/*
 * spell_dict.h - one language's lexicon for the spell checker: a hunspell
 * dictionary plus the word lists anuvad adds to it.
 *
 * A spell_dict wraps a Hunhandle (hunspell's C API) opened on NAME.aff and
 * NAME.dic, found in the first folder of a search list that has both, and
 * converts words between UTF-8 and the dictionary's own encoding (its SET
 * line) with ICU converters.  Extra words (the project's and the user's
 * lists, names from the TM) go into hunspell with Hunspell_add(), so they
 * are accepted and offered as suggestions; see spell_dict_add_dic for the
 * big generated lists.
 *
 * For Hindi the dict also keeps the folded form (devanagari_fold) of every
 * word it knows, mapped to its spelling: a word is accepted when its folded
 * form is known, so the variant spellings Hindi allows (nukta, chandrabindu
 * or anusvara, nasal + virama, ZWJ/ZWNJ) are not flagged, and suggestions
 * can be looked up through the folded form as well.
 */
#ifndef ANUVAD_SPELL_DICT_H
#define ANUVAD_SPELL_DICT_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"

typedef struct spell_dict spell_dict;

/* Open hunspell dictionary `name` ("hi_IN", "en_US", "en_GB").  `dirs` is
 * a NULL-terminated list of folders tried in order.  When none has the
 * dictionary the error (ANV_ENOTFOUND) lists them and names the Debian
 * package `package` to install.  `devanagari` turns on folding. */
spell_dict *spell_dict_open(const char *name, const char *package,
                            const char *const *dirs, int devanagari,
                            anv_error *err);
void spell_dict_free(spell_dict *d);

/* The .dic file in use. */
const char *spell_dict_path(const spell_dict *d);

/* Accept word w[0..n) (UTF-8, NFC) from now on and offer it as a
 * suggestion.  Returns ANV_OK, or ANV_EINVAL for a word that is empty,
 * has spaces or (Hindi) is not well-formed Devanagari, or ANV_ENOMEM. */
int spell_dict_add_word(spell_dict *d, const char *w, size_t n);

/* Add every word of a list file: one word per line, UTF-8, `#` starts a
 * comment line; NFC is applied.  Lines that are not words (see
 * spell_dict_add_word) are skipped and counted in *skipped (if given).
 * Returns ANV_OK, or an error naming the file and line for a file that
 * cannot be read or is not UTF-8. */
int spell_dict_add_list(spell_dict *d, const char *path, size_t *added,
                        size_t *skipped, anv_error *err);

/* Add a whole word list in hunspell's .dic format (a count line, then
 * one word a line, no affix flags): the generated lists.  With `suggest`
 * the words also go to hunspell, whose suggestions then include them (at
 * a cost in time per suggestion); without, Hindi words are accepted and
 * suggested through the folded index only.  Returns ANV_OK or an error
 * naming the file. */
int spell_dict_add_dic(spell_dict *d, const char *path, int suggest,
                       anv_error *err);

/* 1 when w[0..n) (UTF-8, NFC) is a word of the dictionary or a variant
 * spelling of one, 0 when it is not. */
int spell_dict_accepts(spell_dict *d, const char *w, size_t n);

/* The dictionary's stems of w[0..n) (hunspell's affix rules: "files" ->
 * "file", "studies" -> "study"), appended to `out` as NUL-terminated
 * strings; *count is set to how many, 0 for a word the dictionary does
 * not know.  Returns ANV_OK or ANV_ENOMEM. */
int spell_dict_stems(spell_dict *d, const char *w, size_t n, strbuf *out,
                     size_t *count);

/* Up to `max` suggestions for w[0..n), best first, appended to `out` as
 * NUL-terminated strings; *count is set to how many.  Returns ANV_OK or
 * ANV_ENOMEM. */
int spell_dict_suggest(spell_dict *d, const char *w, size_t n, int max,
                       strbuf *out, size_t *count);

#endif
