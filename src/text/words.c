/*
 * words.c - ICU word break iterator over UTF-8 (see words.h).
 *
 * The rule status ICU reports for each segment tells numbers
 * (UBRK_WORD_NUMBER..), letters (UBRK_WORD_LETTER.., KANA, IDEO) and
 * "none" (spaces and punctuation); "none" is split into space and
 * punctuation by looking at the first character.
 */
#include "text/words.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

struct word_splitter {
    UBreakIterator *bi;
    UText *ut;
    word_token *tokens;
    size_t cap;
};

word_splitter *word_splitter_new(const char *locale, anv_error *err)
{
    word_splitter *ws = calloc(1, sizeof *ws);
    if (!ws) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    UErrorCode st = U_ZERO_ERROR;
    ws->bi = ubrk_open(UBRK_WORD, locale ? locale : "", NULL, 0, &st);
    if (U_FAILURE(st)) {
        anv_error_set(err, ANV_EINTERNAL, "ICU word break iterator: %s",
                      u_errorName(st));
        free(ws);
        return NULL;
    }
    return ws;
}

void word_splitter_free(word_splitter *ws)
{
    if (!ws)
        return;
    ubrk_close(ws->bi);
    utext_close(ws->ut);
    free(ws->tokens);
    free(ws);
}

/* The script of the next letter in u[*i..n), letters of the Common and
 * Inherited scripts skipped; WORD_SCRIPT_NONE at the end. */
static word_script next_letter_script(const uint8_t *u, int32_t *i,
                                      int32_t n)
{
    while (*i < n) {
        UChar32 c;
        U8_NEXT(u, *i, n, c);
        if (c < 0 || !u_isalpha(c))
            continue;
        UErrorCode st = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript(c, &st);
        if (U_FAILURE(st) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
            continue;
        return sc == USCRIPT_DEVANAGARI ? WORD_SCRIPT_DEVANAGARI
               : sc == USCRIPT_LATIN    ? WORD_SCRIPT_LATIN
                                        : WORD_SCRIPT_OTHER;
    }
    return WORD_SCRIPT_NONE;
}

static word_script script_of(const char *s, size_t start, size_t end)
{
    int32_t i = 0;
    word_script sc = next_letter_script((const uint8_t *)s + start, &i,
                                        (int32_t)(end - start));
    return sc == WORD_SCRIPT_NONE ? WORD_SCRIPT_OTHER : sc;
}

unsigned word_scripts(const char *s, size_t len)
{
    unsigned mask = 0;
    int32_t i = 0;
    word_script sc;
    while ((sc = next_letter_script((const uint8_t *)s, &i, (int32_t)len)) !=
           WORD_SCRIPT_NONE)
        mask |= 1u << sc;
    return mask;
}

static word_kind kind_of(int32_t status, const char *s, size_t start,
                         size_t end)
{
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
        return WORD_NUMBER;
    if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_IDEO_LIMIT)
        return WORD_LETTERS;
    int32_t i = 0;
    UChar32 c;
    U8_NEXT((const uint8_t *)s + start, i, (int32_t)(end - start), c);
    return c >= 0 && u_isUWhiteSpace(c) ? WORD_SPACE : WORD_PUNCT;
}

int word_splitter_split(word_splitter *ws, const char *text, size_t len,
                        const word_token **tokens, size_t *n, anv_error *err)
{
    *tokens = NULL;
    *n = 0;
    if (len == 0)
        return ANV_OK;
    UErrorCode st = U_ZERO_ERROR;
    ws->ut = utext_openUTF8(ws->ut, text, (int64_t)len, &st);
    if (U_SUCCESS(st))
        ubrk_setUText(ws->bi, ws->ut, &st);
    if (U_FAILURE(st))
        return anv_error_set(err, ANV_EINTERNAL, "ICU word break: %s",
                             u_errorName(st));
    size_t count = 0;
    int32_t prev = ubrk_first(ws->bi);
    for (int32_t pos = ubrk_next(ws->bi); pos != UBRK_DONE;
         prev = pos, pos = ubrk_next(ws->bi)) {
        if (count == ws->cap) {
            size_t cap = ws->cap ? ws->cap * 2 : 64;
            word_token *t = realloc(ws->tokens, cap * sizeof *t);
            if (!t)
                return anv_error_set(err, ANV_ENOMEM, "out of memory");
            ws->tokens = t;
            ws->cap = cap;
        }
        word_token *t = &ws->tokens[count++];
        t->start = (size_t)prev;
        t->end = (size_t)pos;
        t->kind = kind_of(ubrk_getRuleStatus(ws->bi), text, t->start, t->end);
        t->script = t->kind == WORD_LETTERS
                        ? script_of(text, t->start, t->end)
                        : WORD_SCRIPT_OTHER;
    }
    *tokens = ws->tokens;
    *n = count;
    return ANV_OK;
}

size_t word_splitter_count(word_splitter *ws, const char *text, size_t len,
                           anv_error *err)
{
    const word_token *t;
    size_t n, words = 0;
    if (word_splitter_split(ws, text, len, &t, &n, err) != ANV_OK)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (t[i].kind == WORD_LETTERS || t[i].kind == WORD_NUMBER)
            words++;
    return words;
}

static int is_word(const word_token *t)
{
    return t->kind == WORD_LETTERS || t->kind == WORD_NUMBER;
}

size_t word_motion(word_splitter *ws, const char *text, size_t len,
                   size_t pos, int forward)
{
    const word_token *t;
    size_t n;
    if (word_splitter_split(ws, text, len, &t, &n, NULL) != ANV_OK)
        return pos;
    for (size_t k = 0; k < n; k++) {
        const word_token *w = forward ? &t[k] : &t[n - 1 - k];
        if (is_word(w) && (forward ? w->end > pos : w->start < pos))
            return forward ? w->end : w->start;
    }
    return forward ? len : 0;
}
