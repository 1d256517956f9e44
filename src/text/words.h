/*
 * words.h - words of a UTF-8 text, by ICU's word break rules.
 *
 * Spell checking, fuzzy matching and the analysis report all count and
 * compare words; they all use this one tokenizer, so that "a word" means
 * the same thing everywhere.  ICU's word boundaries never split a grapheme
 * cluster: Devanagari vowel signs, virama, nukta, ZWJ/ZWNJ stay inside
 * their word (the hunspell command line gets this wrong).  ICU also keeps
 * "1,600", "3.5" and "10.30" as one number token.
 *
 * The splitter runs over a UText opened on the UTF-8 text directly, so
 * token offsets are byte offsets into the caller's string: no conversion.
 */
#ifndef ANUVAD_WORDS_H
#define ANUVAD_WORDS_H

#include <stddef.h>

#include "base/error.h"

typedef enum {
    WORD_LETTERS, /* a word: letters (any script), maybe with marks/digits */
    WORD_NUMBER,  /* digits, ASCII or Devanagari, with , . inside */
    WORD_PUNCT,   /* punctuation or symbols (one token per ICU segment) */
    WORD_SPACE    /* whitespace */
} word_kind;

typedef enum {
    WORD_SCRIPT_OTHER,
    WORD_SCRIPT_DEVANAGARI,
    WORD_SCRIPT_LATIN,
    WORD_SCRIPT_NONE     /* no letter at all (word_scripts' bit only) */
} word_script;

typedef struct word_token {
    size_t start, end; /* byte offsets into the text */
    word_kind kind;
    word_script script; /* of the first letter (WORD_LETTERS only) */
} word_token;

typedef struct word_splitter word_splitter;

/* `locale` is an ICU locale id ("hi", "en"); NULL means root rules. */
word_splitter *word_splitter_new(const char *locale, anv_error *err);
void word_splitter_free(word_splitter *ws);

/* Split text[0..len) (valid UTF-8).  On success *tokens points to an array
 * of *n tokens owned by the splitter, valid until the next call.  The
 * tokens cover the text without gaps. */
int word_splitter_split(word_splitter *ws, const char *text, size_t len,
                        const word_token **tokens, size_t *n, anv_error *err);

/* Words as a translator counts them: WORD_LETTERS and WORD_NUMBER tokens. */
size_t word_splitter_count(word_splitter *ws, const char *text, size_t len,
                           anv_error *err);

/* Word motion as an editor does it (Emacs's forward-word and
 * backward-word), by the words above (LETTERS and NUMBER tokens), so that
 * a virama or nukta never stops the cursor inside a word.  `pos` is a
 * byte offset into text[0..len) (valid UTF-8).  Forward: the end of the
 * word at or after pos (len when there is none); backward (forward 0):
 * the start of the word before pos (0 when there is none).  On error:
 * pos. */
size_t word_motion(word_splitter *ws, const char *text, size_t len,
                   size_t pos, int forward);

/* The scripts the letters of s[0..len) are written in: a mask of
 * 1 << WORD_SCRIPT_DEVANAGARI, _LATIN, _OTHER (letters of the Common and
 * Inherited scripts are not counted); 0 when there is no letter. */
unsigned word_scripts(const char *s, size_t len);

#endif
