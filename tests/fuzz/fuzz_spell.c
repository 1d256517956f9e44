/*
 * fuzz_spell.c - libFuzzer target for the spell checker: any valid UTF-8
 * text must be checked without crashing, flags must lie inside the text
 * on token boundaries, and the Devanagari helpers must survive any word.
 *
 * The checker is created once (loading dictionaries takes 80 ms) and kept
 * for the whole run, as the interactive translator keeps it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/devanagari.h"
#include "spell/spell.h"
#include "base/strbuf.h"
#include "text/text.h"

static spell_checker *checker;

typedef struct bounds {
    size_t len;
} bounds;

static int on_flag(const spell_flag *f, void *ctx)
{
    const bounds *b = ctx;
    if (f->start >= f->end || f->end > b->len || !f->word[0])
        abort();
    for (size_t i = 0; i < f->n_suggestions; i++)
        if (!f->suggestions[i][0] ||
            !text_is_valid_utf8(f->suggestions[i], strlen(f->suggestions[i]),
                                NULL))
            abort();
    return 0;
}

static int count_edit(const char *cand, size_t len, int cost, void *ctx)
{
    (void)cand;
    (void)len;
    (void)cost;
    ++*(size_t *)ctx;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!checker) {
        spell_options o;
        spell_options_init(&o);
        o.personal_dir = "";
        o.max_suggestions = 3;
        anv_error err;
        checker = spell_checker_new(&o, &err);
        if (!checker)
            abort();
    }
    const char *text = (const char *)data;
    if (size > 4096 || !text_is_valid_utf8(text, size, NULL))
        return 0;
    bounds b = {size};
    anv_error err;
    if (spell_check_text(checker, text, size, on_flag, &b, NULL, &err) < 0 &&
        err.code != ANV_ENOMEM)
        abort();
    strbuf f = STRBUF_INIT;
    devanagari_fold(text, size, &f);
    strbuf_release(&f);
    (void)devanagari_is_wellformed(text, size);
    if (size < 64) {
        size_t n = 0;
        devanagari_edits(text, size, count_edit, &n);
        (void)devanagari_distance(text, size, "सरकार", strlen("सरकार"));
    }
    return 0;
}
