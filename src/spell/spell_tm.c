/*
 * spell_tm.c - the words of a TM for the spell checker (see spell_tm.h).
 *
 * Building: every unit of the pair (tm_entry_get) is split with the
 * project's tokenizer (words.h): Devanagari letters tokens of the source
 * are folded (devanagari_fold) and put in `hi`, Latin letters tokens of
 * the target in `en` (wordmaps used as sets).
 * The TM's strings are NFC already, so tokens go in as they are.
 *
 * The cache file is text, one word a line, so it can be looked at:
 *
 *     anuvad-spell-tm-words 1 STAMP
 *     h हिन्दी-folded-word
 *     e Tokayev
 *
 * STAMP is the fuzzy_stamp of TM.tmx and TM.tmx.journal in hex.  Anything
 * unexpected in the cache just means "rebuild".
 */
#include "spell/spell_tm.h"

#include <stdlib.h>
#include <string.h>

#include "text/devanagari.h"
#include "base/fileio.h"
#include "tm/tm_journal.h"
#include "match/fuzzy_index.h"
#include "base/strbuf.h"
#include "base/wordmap.h"
#include "text/words.h"

#define CACHE_MAGIC "anuvad-spell-tm-words 1 "
#define CACHE_SUFFIX ".spellwords"
/* A cache bigger than this is not ours (a few bytes a word). */
#define CACHE_MAX_BYTES ((size_t)1 << 30)

struct spell_tm_words {
    wordmap *hi;     /* folded Hindi words */
    wordmap *en;     /* English words */
    strbuf scratch;  /* lookups: the folded form, a possessive cut */
};

static spell_tm_words *words_new(anv_error *err)
{
    spell_tm_words *w = calloc(1, sizeof *w);
    if (w) {
        w->hi = wordmap_new();
        w->en = wordmap_new();
    }
    if (!w || !w->hi || !w->en) {
        spell_tm_words_free(w);
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    return w;
}

void spell_tm_words_free(spell_tm_words *w)
{
    if (!w)
        return;
    wordmap_free(w->hi);
    wordmap_free(w->en);
    strbuf_release(&w->scratch);
    free(w);
}

/* Add the letters tokens of `script` in text[0..len); Hindi ones
 * folded. */
static int add_side(spell_tm_words *w, word_splitter *ws, const char *text,
                    size_t len, word_script script, anv_error *err)
{
    const word_token *t;
    size_t n;
    int rc = word_splitter_split(ws, text, len, &t, &n, err);
    for (size_t i = 0; rc == ANV_OK && i < n; i++) {
        if (t[i].kind != WORD_LETTERS || t[i].script != script)
            continue;
        const char *s = text + t[i].start;
        size_t sn = t[i].end - t[i].start;
        if (script == WORD_SCRIPT_DEVANAGARI) {
            strbuf_clear(&w->scratch);
            if (devanagari_fold(s, sn, &w->scratch) != ANV_OK)
                rc = ANV_ENOMEM;
            else
                rc = wordmap_put(w->hi, w->scratch.data, w->scratch.len, 1);
        } else {
            rc = wordmap_put(w->en, s, sn, 1);
        }
        if (rc == ANV_ENOMEM)
            anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    return rc;
}

spell_tm_words *spell_tm_words_build(const tm_store *t, anv_error *err)
{
    spell_tm_words *w = words_new(err);
    word_splitter *hi = w ? word_splitter_new("hi", err) : NULL;
    word_splitter *en = hi ? word_splitter_new("en", err) : NULL;
    int rc = en ? ANV_OK : (err ? err->code : ANV_ENOMEM);
    tm_entry e;
    for (uint32_t id = 0; rc == ANV_OK && id < tm_id_limit(t); id++) {
        if (!tm_entry_get(t, id, &e))
            continue;
        rc = add_side(w, hi, e.source, e.source_len, WORD_SCRIPT_DEVANAGARI,
                      err);
        if (rc == ANV_OK)
            rc = add_side(w, en, e.target, e.target_len, WORD_SCRIPT_LATIN,
                          err);
    }
    word_splitter_free(hi);
    word_splitter_free(en);
    if (rc != ANV_OK) {
        spell_tm_words_free(w);
        return NULL;
    }
    return w;
}

/* ---- lookups ------------------------------------------------------------ */

int spell_tm_words_known(void *ctx, spell_lang lang, const char *word,
                         size_t len)
{
    spell_tm_words *w = ctx;
    if (lang == SPELL_HI) {
        strbuf_clear(&w->scratch);
        return devanagari_fold(word, len, &w->scratch) == ANV_OK &&
               wordmap_get(w->hi, w->scratch.data, w->scratch.len, NULL);
    }
    if (wordmap_get(w->en, word, len, NULL))
        return 1;
    /* Tokayev's, Tokayev’s: ICU keeps the possessive in the word. */
    static const char *const possessive[] = {"'s", "\xE2\x80\x99s"};
    for (size_t i = 0; i < 2; i++) {
        size_t pn = strlen(possessive[i]);
        if (len > pn && memcmp(word + len - pn, possessive[i], pn) == 0 &&
            wordmap_get(w->en, word, len - pn, NULL))
            return 1;
    }
    return 0;
}

size_t spell_tm_words_count(const spell_tm_words *w, spell_lang lang)
{
    return wordmap_count(lang == SPELL_HI ? w->hi : w->en);
}

/* ---- the cache ------------------------------------------------------------ */

typedef struct writer {
    strbuf *out;
    char tag;
    int rc;
} writer;

static void write_word(const char *key, size_t len, uint32_t value,
                       void *ctx)
{
    writer *wr = ctx;
    (void)value;
    if (wr->rc != ANV_OK)
        return;
    if (strbuf_append_char(wr->out, wr->tag) != ANV_OK ||
        strbuf_append_char(wr->out, ' ') != ANV_OK ||
        strbuf_append(wr->out, key, len) != ANV_OK ||
        strbuf_append_char(wr->out, '\n') != ANV_OK)
        wr->rc = ANV_ENOMEM;
}

static int append_stamp(strbuf *out, const fuzzy_stamp *st)
{
    const unsigned char *b = (const unsigned char *)st;
    int rc = ANV_OK;
    for (size_t i = 0; rc == ANV_OK && i < sizeof *st; i++)
        rc = strbuf_printf(out, "%02x", b[i]);
    return rc;
}

static int save_cache(const spell_tm_words *w, const char *path,
                      const fuzzy_stamp *st, anv_error *err)
{
    strbuf out = STRBUF_INIT;
    int rc = strbuf_append_str(&out, CACHE_MAGIC);
    if (rc == ANV_OK)
        rc = append_stamp(&out, st);
    if (rc == ANV_OK)
        rc = strbuf_append_char(&out, '\n');
    writer wr = {&out, 'h', rc};
    wordmap_each(w->hi, write_word, &wr);
    wr.tag = 'e';
    wordmap_each(w->en, write_word, &wr);
    rc = wr.rc == ANV_OK
             ? fileio_write_atomic(path, out.data, out.len, NULL, err)
             : anv_error_set(err, ANV_ENOMEM, "out of memory");
    strbuf_release(&out);
    return rc;
}

/* Read the cache at `path` if its stamp is `st`; NULL when there is none,
 * it is stale or it is not ours. */
static spell_tm_words *load_cache(const char *path, const fuzzy_stamp *st)
{
    char *data;
    size_t len;
    anv_error ignore;
    if (!fileio_exists(path) ||
        fileio_read_all(path, CACHE_MAX_BYTES, &data, &len, &ignore) != ANV_OK)
        return NULL;
    strbuf want = STRBUF_INIT;
    int ok = strbuf_append_str(&want, CACHE_MAGIC) == ANV_OK &&
             append_stamp(&want, st) == ANV_OK &&
             strbuf_append_char(&want, '\n') == ANV_OK && len >= want.len &&
             memcmp(data, want.data, want.len) == 0;
    size_t pos = want.len;
    strbuf_release(&want);
    spell_tm_words *w = ok ? words_new(&ignore) : NULL;
    while (w && pos < len) {
        char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        const char *line = data + pos;
        size_t n = end - pos;
        if (n < 3 || line[1] != ' ' || (line[0] != 'h' && line[0] != 'e') ||
            wordmap_put(line[0] == 'h' ? w->hi : w->en, line + 2, n - 2, 1) !=
                ANV_OK) {
            spell_tm_words_free(w);
            w = NULL;
        }
        pos = end + 1;
    }
    free(data);
    return w;
}

spell_tm_words *spell_tm_words_open(const char *tm_path, spell_tm_info *info,
                                    anv_error *err)
{
    spell_tm_info dummy;
    if (!info)
        info = &dummy;
    memset(info, 0, sizeof *info);
    strbuf journal = STRBUF_INIT, cache = STRBUF_INIT;
    if (strbuf_printf(&journal, "%s" TM_JOURNAL_SUFFIX, tm_path) != ANV_OK ||
        strbuf_printf(&cache, "%s" CACHE_SUFFIX, tm_path) != ANV_OK) {
        strbuf_release(&journal);
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    /* The stamp is taken before the TM is read: a TM that changes while
     * it is being read gets a stale stamp and is read again next time. */
    const char *files[2] = {tm_path, journal.data};
    fuzzy_stamp st;
    spell_tm_words *w = NULL;
    anv_error serr;
    int stamped = fuzzy_stamp_files(&st, files, 2, &serr) == ANV_OK;
    if (stamped && st.files[0].exists)
        w = load_cache(cache.data, &st);
    if (w) {
        info->from_cache = 1;
    } else {
        tm_open_opts o;
        memset(&o, 0, sizeof o);
        tm_store *t = tm_open(tm_path, &o, err);
        if (t) {
            w = spell_tm_words_build(t, err);
            info->units = tm_count(t);
            tm_free(t);
        }
        anv_error cerr;
        anv_error_clear(&cerr);
        if (w && stamped && save_cache(w, cache.data, &st, &cerr) == ANV_OK)
            info->cache_saved = 1;
        else if (w)
            snprintf(info->cache_error, sizeof info->cache_error, "%s",
                     stamped ? cerr.message : "the TM cannot be stamped");
    }
    if (w) {
        info->hindi = spell_tm_words_count(w, SPELL_HI);
        info->english = spell_tm_words_count(w, SPELL_EN_US);
    }
    strbuf_release(&journal);
    strbuf_release(&cache);
    return w;
}
