/*
 * names.h - romanised hints for names written in Devanagari.
 *
 * Words in no dictionary are mostly names (शोइगु, टोकायव), and the
 * translator has to spell them in English.  ICU's Devanagari->Latin
 * transform alone is a scholarly transliteration that writes every
 * inherent vowel: सर्गेई शोइगु -> sargē'ī śō'igu.  A hint adds what Hindi
 * readers do:
 *
 *   1. schwa deletion: the inherent a of a consonant is not said at the
 *      end of a word (सरकार sarkār, not sarakāra) nor between a vowel (or
 *      a conjunct) and a consonant that has its own vowel (कमला kamlā); a
 *      final conjunct ending in र, य or व keeps it (मित्र mitra);
 *   2. English spelling of the sounds: ś, ṣ -> sh, c -> ch, ch -> chh,
 *      r̥ -> ri, jñ -> gy, a nasal before p/b/m -> m, else n;
 *   3. ASCII (ā -> a ...) and a capital letter per word;
 *   4. a spelling the translation memory's English already uses wins when
 *      it sounds alike (same consonants, in order, vowels free), so
 *      टोकायव gives Tokayev once the TM has it, not Tokayav.
 *
 *     name_hints *h = name_hints_new(&err);
 *     name_hints_learn(h, "President Tokayev said ...", n);   // TM English
 *     name_hints_romanise(h, "टोकायव", n, &out, &err);        // "Tokayev"
 *     name_hints_free(h);
 */
#ifndef ANUVAD_TERM_NAMES_H
#define ANUVAD_TERM_NAMES_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "spell/spell.h"

typedef struct name_hints name_hints;

name_hints *name_hints_new(anv_error *err);
void name_hints_free(name_hints *h);

/* Remember the capitalised words of English text[0..n) (a TM's targets)
 * as spellings to prefer.  Returns ANV_OK or ANV_ENOMEM. */
int name_hints_learn(name_hints *h, const char *text, size_t n);

/* Append the hint for Devanagari words w[0..n) (one name, maybe several
 * words) to `out`.  Returns ANV_OK or an error. */
int name_hints_romanise(name_hints *h, const char *w, size_t n, strbuf *out,
                        anv_error *err);

/* A name in a text: byte offsets. */
typedef struct name_span {
    size_t start, end;
} name_span;

/* The names of Hindi text[0..len): runs of Devanagari words, with only
 * spaces between, that the Hindi checker `spell` does not know, leaving
 * out the byte ranges skip[0..n_skip) (the glossary's hits, sorted).
 * *out belongs to `h` until its next call. */
int name_hints_find(name_hints *h, spell_checker *spell, const char *text,
                    size_t len, const name_span *skip, size_t n_skip,
                    const name_span **out, size_t *n, anv_error *err);

/* Append ICU's plain Devanagari->Latin->ASCII transliteration (no schwa
 * deletion, no English spelling, no TM), capitalised: the baseline the
 * hints are measured against. */
int name_hints_plain(name_hints *h, const char *w, size_t n, strbuf *out,
                     anv_error *err);

#endif
