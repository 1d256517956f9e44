/*
 * spell_names.h - names the spell checker knows from ICU's locale data.
 *
 * News is full of names of countries, cities, languages, currencies,
 * months and weekdays, and hunspell-hi lacks most of them in Devanagari.
 * ICU carries the Unicode CLDR translations of exactly these names (for
 * example अंगोला, दक्षिण कोरिया, राजस्थानी, सिंगापुर डॉलर), reviewed by
 * CLDR's translators.  spell_names_add() reads them from the ICU data
 * bundles (region, lang, zone, curr and the Gregorian calendar) for one
 * locale and adds each word of them, in the wanted script, to a
 * dictionary.  Reading all of it takes about 4 ms.
 */
#ifndef ANUVAD_SPELL_NAMES_H
#define ANUVAD_SPELL_NAMES_H

#include <stddef.h>

#include "base/error.h"
#include "spell/spell_dict.h"
#include "text/words.h"

/* Add the words of ICU's names for `locale` ("hi", "en") that are in
 * `script` to `d`; *added (if not NULL) counts them.  Returns ANV_OK or
 * an error (ICU data missing, out of memory). */
int spell_names_add(spell_dict *d, const char *locale, word_script script,
                    size_t *added, anv_error *err);

#endif
