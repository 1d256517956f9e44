/*
 * spell.c - the spell checker: tokens, what to skip, verdict cache,
 * dictionaries per script, word lists (see spell.h).
 *
 * The hot loop is spell_check_text(): tokenise with words.h, and for each
 * letters token look its bytes up in the verdict cache.  Keys in the cache
 * are NFC words, and text from text_reader is already NFC, so the raw
 * token bytes are tried first; only on a miss is the token normalised and
 * tried again, and only then are the dictionaries asked.  On real text
 * more than 95% of tokens are hits (news has a few thousand distinct words
 * per megabyte), which is what makes a 10 MB check take about a second.
 *
 * Suggestions are computed only for flagged words and also cached: the
 * verdict word keeps an index into `sugg_index`, whose entries point into
 * the NUL-separated `sugg_words` arena.
 *
 * Verdict values (uint32_t in the cache):
 *   bits 0-1  VERDICT_OK, VERDICT_FLAG or VERDICT_SKIP
 *   bits 2-3  the dictionary (SPELL_HI, SPELL_EN_US, SPELL_EN_GB)
 *   bits 4-   1 + index of the suggestions in sugg_index, 0: not yet made
 */
#include "spell/spell.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "base/array.h"
#include "base/fileio.h"
#include "base/paths.h"
#include "spell/spell_dict.h"
#include "spell/spell_names.h"
#include "base/strbuf.h"
#include "text/text.h"
#include "base/wordmap.h"
#include "text/words.h"

enum { VERDICT_OK = 0, VERDICT_FLAG = 1, VERDICT_SKIP = 2 };

/* Empty the cache past this many words, so that checking an endless
 * stream keeps memory flat (a million words is about 60 MB). */
#define CACHE_MAX_WORDS (1u << 20)

#define SYSTEM_DICPATH "/usr/share/hunspell:/usr/share/myspell:" \
                       "/usr/share/myspell/dicts"

typedef struct abbreviation {
    size_t off, len; /* in abbr_text */
} abbreviation;

typedef struct sugg_entry {
    size_t off;      /* first suggestion in sugg_words */
    size_t count;
} sugg_entry;

typedef struct span {
    size_t start, end;
} span;

struct spell_checker {
    spell_lang english;          /* the English dictionary for Latin words */
    int max_suggestions, project_lists, morphology, transcriptions;
    char *personal_dir;          /* NULL: no personal lists */
    char **dirs;                 /* dictionary folders, NULL-terminated */
    spell_dict *dicts[3];        /* by spell_lang (HI, EN_US, EN_GB) */

    word_splitter *ws;
    wordmap *cache;
    strbuf nfc;                  /* scratch: a word in NFC */
    strbuf sugg_words;
    sugg_entry *sugg_index;
    size_t n_sugg, cap_sugg;
    const char **sugg_ptrs;      /* handed to the callback */
    size_t cap_ptrs;
    span *spans;                 /* URLs and e-mail addresses */
    size_t n_spans, cap_spans;

    strbuf abbr_text;
    abbreviation *abbrs;
    size_t n_abbrs;

    spell_known_fn known;        /* spell_set_known_words(), or NULL */
    void *known_ctx;
};

/* ---- options and names ---------------------------------------------- */

void spell_options_init(spell_options *o)
{
    memset(o, 0, sizeof *o);
    o->lang = SPELL_AUTO;
    o->english = SPELL_EN_US;
    o->max_suggestions = 5;
    o->project_lists = 1;
    o->morphology = 1;
    o->transcriptions = 1;
}

int spell_lang_parse(const char *s, spell_lang *out)
{
    static const struct {
        const char *name;
        spell_lang lang;
    } names[] = {{"hi", SPELL_HI},       {"hi-IN", SPELL_HI},
                 {"hi_IN", SPELL_HI},    {"en", SPELL_EN_US},
                 {"en-US", SPELL_EN_US}, {"en_US", SPELL_EN_US},
                 {"en-GB", SPELL_EN_GB}, {"en_GB", SPELL_EN_GB},
                 {"en-IN", SPELL_EN_GB}, {"en_IN", SPELL_EN_GB},
                 {"auto", SPELL_AUTO}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].lang;
            return ANV_OK;
        }
    return ANV_EINVAL;
}

const char *spell_lang_name(spell_lang lang)
{
    switch (lang) {
    case SPELL_HI: return "hi";
    case SPELL_EN_US: return "en-US";
    case SPELL_EN_GB: return "en-GB";
    default: return "auto";
    }
}

/* ---- set-up ----------------------------------------------------------- */

static int push_dirs(strbuf *all, const char *list)
{
    if (!list || !*list)
        return ANV_OK;
    if (all->len && strbuf_append_char(all, ':') != ANV_OK)
        return ANV_ENOMEM;
    return strbuf_append_str(all, list);
}

/* DICPATH folders, the project's dict/, the system folders. */
static int make_dirs(spell_checker *c, const spell_options *o,
                     anv_error *err)
{
    strbuf all = STRBUF_INIT, dict = STRBUF_INIT;
    const char *dicpath = o->dicpath ? o->dicpath : getenv("DICPATH");
    int rc = push_dirs(&all, dicpath);
    anv_error ignore;
    if (rc == ANV_OK && paths_find_data("dict", &dict, &ignore) == ANV_OK)
        rc = push_dirs(&all, dict.data);
    if (rc == ANV_OK)
        rc = push_dirs(&all, o->system_dicpath ? o->system_dicpath
                                               : SYSTEM_DICPATH);
    size_t n = 1;
    for (size_t i = 0; i < all.len; i++)
        n += all.data[i] == ':';
    if (rc == ANV_OK)
        c->dirs = calloc(n + 1, sizeof *c->dirs);
    if (rc == ANV_OK && c->dirs) {
        size_t k = 0;
        char *s = all.data ? all.data : "";
        for (char *tok = strsep(&s, ":"); tok; tok = strsep(&s, ":"))
            if (*tok && !(c->dirs[k++] = strdup(tok)))
                rc = ANV_ENOMEM;
    } else if (rc == ANV_OK) {
        rc = ANV_ENOMEM;
    }
    strbuf_release(&all);
    strbuf_release(&dict);
    return rc == ANV_OK ? ANV_OK : anv_error_set(err, rc, "out of memory");
}

/* dict/abbreviations.txt: LANG<TAB>ABBR lines. */
static int load_abbreviations(spell_checker *c, anv_error *err)
{
    strbuf path = STRBUF_INIT;
    int rc = paths_find_data("dict/abbreviations.txt", &path, err);
    text_reader *r = rc == ANV_OK ? text_reader_open(path.data, err) : NULL;
    strbuf_release(&path);
    if (!r)
        return err ? err->code : ANV_EIO;
    text_paragraph p;
    size_t cap = 0;
    while ((rc = text_reader_next(r, TEXT_PARA_LINE, &p, err)) == 1) {
        const char *tab = memchr(p.text, '\t', p.len);
        if (p.text[0] == '#' || !tab || tab + 1 == p.text + p.len)
            continue;
        if (array_grow(&c->abbrs, &cap, c->n_abbrs + 1, sizeof *c->abbrs) !=
            ANV_OK) {
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
            break;
        }
        size_t len = (size_t)(p.text + p.len - (tab + 1));
        c->abbrs[c->n_abbrs].off = c->abbr_text.len;
        c->abbrs[c->n_abbrs++].len = len;
        if (strbuf_append(&c->abbr_text, tab + 1, len) != ANV_OK) {
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
            break;
        }
    }
    text_reader_free(r);
    return rc < 0 ? rc : ANV_OK;
}

static int lang_code_is_hindi(spell_lang lang)
{
    return lang == SPELL_HI;
}

static const char *list_suffix(spell_lang lang)
{
    return lang_code_is_hindi(lang) ? "hi" : "en";
}

/* Add shipped list `rel`: a .dic (generated lists; `suggest`: also to
 * hunspell's suggestions) or a plain word list.  A missing one is an
 * error, prefixed with `hint` when given. */
static int add_data_list(spell_dict *d, const char *rel, int suggest,
                         const char *hint, anv_error *err)
{
    strbuf path = STRBUF_INIT;
    int rc = paths_find_data(rel, &path, err);
    size_t n = strlen(rel);
    if (rc == ANV_OK && n > 4 && strcmp(rel + n - 4, ".dic") == 0)
        rc = spell_dict_add_dic(d, path.data, suggest, err);
    else if (rc == ANV_OK)
        rc = spell_dict_add_list(d, path.data, NULL, NULL, err);
    else if (hint)
        anv_error_prefix(err, "%s", hint);
    strbuf_release(&path);
    return rc;
}

static spell_dict *open_dict(spell_checker *c, spell_lang lang,
                             anv_error *err)
{
    static const char *const names[] = {"hi_IN", "en_US", "en_GB"};
    static const char *const packages[] = {"hunspell-hi", "hunspell-en-us",
                                           "hunspell-en-gb"};
    int hindi = lang_code_is_hindi(lang);
    spell_dict *d = spell_dict_open(names[lang], packages[lang],
                                    (const char *const *)c->dirs, hindi, err);
    if (!d)
        return NULL;
    int rc = ANV_OK;
    if (hindi && c->morphology)
        rc = add_data_list(d, "dict/hi-apertium.dic", 1,
                           "Hindi word forms from apertium-hin are missing: "
                           "run make (needs Debian packages apertium-hin "
                           "and lttoolbox-dev)",
                           err);
    if (rc == ANV_OK && hindi && c->transcriptions)
        rc = add_data_list(d, "dict/hi-cmu.dic", 0,
                           "Hindi transcriptions of English words are "
                           "missing: run make (needs Debian package "
                           "festlex-cmu)",
                           err);
    if (rc == ANV_OK && c->project_lists)
        rc = spell_names_add(d, hindi ? "hi" : "en",
                             hindi ? WORD_SCRIPT_DEVANAGARI : WORD_SCRIPT_LATIN,
                             NULL, err);
    if (rc == ANV_OK && c->project_lists) {
        char rel[32];
        snprintf(rel, sizeof rel, "dict/words-%s.txt", list_suffix(lang));
        rc = add_data_list(d, rel, 0, NULL, err);
    }
    if (rc == ANV_OK && c->personal_dir) {
        strbuf path = STRBUF_INIT;
        if (strbuf_printf(&path, "%s/spell-%s.txt", c->personal_dir,
                          list_suffix(lang)) != ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        else if (fileio_exists(path.data)) /* no list yet: fine */
            rc = spell_dict_add_list(d, path.data, NULL, NULL, err);
        strbuf_release(&path);
    }
    if (rc != ANV_OK) {
        spell_dict_free(d);
        return NULL;
    }
    return d;
}

/* The dictionary for `lang`, opened on first use. */
static spell_dict *dict_for(spell_checker *c, spell_lang lang,
                            anv_error *err)
{
    if (!c->dicts[lang])
        c->dicts[lang] = open_dict(c, lang, err);
    return c->dicts[lang];
}

int spell_stems(spell_checker *c, spell_lang lang, const char *word,
                size_t len, strbuf *out, size_t *count, anv_error *err)
{
    *count = 0;
    spell_dict *d = dict_for(c, lang, err);
    if (!d)
        return err ? err->code : ANV_ENOTFOUND;
    return spell_dict_stems(d, word, len, out, count);
}

spell_checker *spell_checker_new(const spell_options *o, anv_error *err)
{
    spell_checker *c = calloc(1, sizeof *c);
    if (!c) {
        anv_error_set(err, ANV_ENOMEM, "out of memory");
        return NULL;
    }
    c->english = o->english == SPELL_EN_GB ? SPELL_EN_GB : SPELL_EN_US;
    if (o->lang == SPELL_EN_US || o->lang == SPELL_EN_GB)
        c->english = o->lang;
    c->max_suggestions = o->max_suggestions;
    c->project_lists = o->project_lists;
    c->morphology = o->morphology;
    c->transcriptions = o->transcriptions;
    int rc = make_dirs(c, o, err);
    if (rc == ANV_OK && !o->personal_dir) {
        strbuf dir = STRBUF_INIT;
        anv_error ignore; /* no HOME: simply no personal list */
        if (paths_config_dir(&dir, &ignore) == ANV_OK)
            c->personal_dir = strbuf_detach(&dir, NULL);
        strbuf_release(&dir);
    } else if (rc == ANV_OK && *o->personal_dir) {
        c->personal_dir = strdup(o->personal_dir);
        if (!c->personal_dir)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    if (rc == ANV_OK)
        rc = load_abbreviations(c, err);
    if (rc == ANV_OK) {
        c->ws = word_splitter_new(lang_code_is_hindi(o->lang) ? "hi" : "en",
                                  err);
        c->cache = wordmap_new();
        if (!c->ws)
            rc = err ? err->code : ANV_EINTERNAL;
        else if (!c->cache)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    /* Open the main dictionary (Hindi for SPELL_AUTO) now, so that a
     * missing one is reported before any text is read. */
    if (rc == ANV_OK &&
        !dict_for(c, o->lang == SPELL_AUTO ? SPELL_HI : o->lang, err))
        rc = err ? err->code : ANV_ENOTFOUND;
    if (rc != ANV_OK) {
        spell_checker_free(c);
        return NULL;
    }
    return c;
}

void spell_checker_free(spell_checker *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < 3; i++)
        spell_dict_free(c->dicts[i]);
    for (size_t i = 0; c->dirs && c->dirs[i]; i++)
        free(c->dirs[i]);
    free(c->dirs);
    free(c->personal_dir);
    word_splitter_free(c->ws);
    wordmap_free(c->cache);
    strbuf_release(&c->nfc);
    strbuf_release(&c->sugg_words);
    free(c->sugg_index);
    free(c->sugg_ptrs);
    free(c->spans);
    strbuf_release(&c->abbr_text);
    free(c->abbrs);
    free(c);
}

const char *spell_dictionary_path(spell_checker *c, spell_lang lang,
                                  anv_error *err)
{
    if (lang == SPELL_AUTO)
        lang = SPELL_HI;
    spell_dict *d = dict_for(c, lang, err);
    return d ? spell_dict_path(d) : NULL;
}

/* Forget verdicts and suggestions (after the lexicon changed). */
static void forget_verdicts(spell_checker *c)
{
    wordmap_clear(c->cache);
    strbuf_clear(&c->sugg_words);
    c->n_sugg = 0;
}

/* ---- verdicts ---------------------------------------------------------- */

/* An all-capitals Latin word of two letters or more (NATO, BST): an
 * acronym, skipped as word processors skip them by default. */
static int is_acronym(const char *w, size_t n)
{
    int32_t i = 0, len = (int32_t)n, letters = 0;
    while (i < len) {
        UChar32 ch;
        U8_NEXT((const uint8_t *)w, i, len, ch);
        if (ch < 0 || (u_isalpha(ch) && !u_isupper(ch)))
            return 0;
        letters += u_isalpha(ch) != 0;
    }
    return letters >= 2;
}

static int has_digit(const char *w, size_t n)
{
    int32_t i = 0, len = (int32_t)n;
    while (i < len) {
        UChar32 ch;
        U8_NEXT((const uint8_t *)w, i, len, ch);
        if (ch >= 0 && u_isdigit(ch))
            return 1;
    }
    return 0;
}

/* Which dictionary checks a word of this script, or -1 for none. */
static int lang_of_script(const spell_checker *c, word_script script)
{
    if (script == WORD_SCRIPT_DEVANAGARI)
        return SPELL_HI;
    if (script == WORD_SCRIPT_LATIN)
        return (int)c->english;
    return -1;
}

/* Verdict of word w[0..n) of `script`, from the cache or computed and
 * cached.  *key, *klen: the word the verdict is cached under, `w` itself
 * when it is NFC, else its NFC form in c->nfc (valid until the next
 * call).  Returns the verdict (>= 0) or a negative error. */
static int64_t verdict_of(spell_checker *c, const char *w, size_t n,
                          word_script script, const char **key, size_t *klen,
                          anv_error *err)
{
    uint32_t v;
    *key = w;
    *klen = n;
    if (wordmap_get(c->cache, w, n, &v))
        return v;
    strbuf_clear(&c->nfc);
    int rc = text_append_nfc(&c->nfc, w, n, err);
    if (rc != ANV_OK)
        return rc;
    const char *k = c->nfc.data ? c->nfc.data : "";
    size_t kn = c->nfc.len;
    *key = k;
    *klen = kn;
    if ((kn != n || memcmp(k, w, n) != 0) && wordmap_get(c->cache, k, kn, &v))
        return v;
    int lang = lang_of_script(c, script);
    if (lang < 0 || has_digit(k, kn) ||
        (script == WORD_SCRIPT_LATIN && is_acronym(k, kn))) {
        v = VERDICT_SKIP;
    } else {
        spell_dict *d = dict_for(c, (spell_lang)lang, err);
        if (!d)
            return err ? err->code : ANV_ENOTFOUND;
        int ok = spell_dict_accepts(d, k, kn) ||
                 (c->known &&
                  c->known(c->known_ctx, (spell_lang)lang, k, kn));
        v = (uint32_t)(ok ? VERDICT_OK : VERDICT_FLAG) | (uint32_t)lang << 2;
    }
    if (wordmap_put(c->cache, k, kn, v) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    return v;
}

/* Suggestions for flagged NFC word w (in the cache with verdict *v). */
static int suggestions_of(spell_checker *c, const char *w, size_t n,
                          uint32_t v, size_t *first, size_t *count,
                          anv_error *err)
{
    if ((v >> 4) == 0) {
        spell_dict *d = c->dicts[(v >> 2) & 3];
        size_t off = c->sugg_words.len, k = 0;
        if (array_grow(&c->sugg_index, &c->cap_sugg, c->n_sugg + 1,
                       sizeof *c->sugg_index) != ANV_OK ||
            spell_dict_suggest(d, w, n, c->max_suggestions, &c->sugg_words,
                               &k) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
        c->sugg_index[c->n_sugg] = (sugg_entry){off, k};
        v |= (uint32_t)(++c->n_sugg) << 4;
        if (wordmap_put(c->cache, w, n, v) != ANV_OK)
            return anv_error_set(err, ANV_ENOMEM, "out of memory");
    }
    const sugg_entry *e = &c->sugg_index[(v >> 4) - 1];
    *first = e->off;
    *count = e->count;
    return ANV_OK;
}

/* ---- what to skip ------------------------------------------------------ */

static int is_ascii_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
           ch == '\f' || ch == '\v';
}

/* Mark URLs and e-mail addresses: space-separated chunks holding "://",
 * starting with "www." or holding an '@' with a '.' after it.  Most text
 * has none of '@', "://", "www.", so a memmem pass decides quickly. */
static int find_spans(spell_checker *c, const char *text, size_t len)
{
    c->n_spans = 0;
    if (!memchr(text, '@', len) && !memmem(text, len, "://", 3) &&
        !memmem(text, len, "www.", 4))
        return ANV_OK;
    size_t i = 0;
    while (i < len) {
        while (i < len && is_ascii_space(text[i]))
            i++;
        size_t s = i;
        while (i < len && !is_ascii_space(text[i]))
            i++;
        size_t n = i - s;
        const char *chunk = text + s;
        const char *at = memchr(chunk, '@', n);
        int url = memmem(chunk, n, "://", 3) != NULL ||
                  memmem(chunk, n, "www.", 4) != NULL ||
                  (at && at > chunk &&
                   memchr(at, '.', n - (size_t)(at - chunk)) != NULL);
        if (!url)
            continue;
        if (array_grow(&c->spans, &c->cap_spans, c->n_spans + 1,
                       sizeof *c->spans) != ANV_OK)
            return ANV_ENOMEM;
        c->spans[c->n_spans++] = (span){s, i};
    }
    return ANV_OK;
}

static int in_span(const spell_checker *c, size_t pos)
{
    for (size_t i = 0; i < c->n_spans; i++)
        if (pos >= c->spans[i].start && pos < c->spans[i].end)
            return 1;
    return 0;
}

/* If an abbreviation (डॉ., ई.पू., Dr.) starts at token i, return the index
 * of the last token it covers; else -1.  Every abbreviation in the list
 * ends in '.', so only a token followed by '.' can start one. */
static long abbreviation_end(const spell_checker *c, const char *text,
                             size_t len, const word_token *t, size_t n,
                             size_t i)
{
    if (t[i].end >= len || text[t[i].end] != '.')
        return -1;
    long best = -1;
    size_t best_len = 0;
    for (size_t a = 0; a < c->n_abbrs; a++) {
        size_t alen = c->abbrs[a].len;
        if (alen <= best_len || t[i].start + alen > len ||
            memcmp(text + t[i].start, c->abbr_text.data + c->abbrs[a].off,
                   alen) != 0)
            continue;
        size_t end = t[i].start + alen;
        for (size_t j = i; j < n && t[j].end <= end; j++)
            if (t[j].end == end) {
                best = (long)j;
                best_len = alen;
            }
    }
    return best;
}

/* ---- checking ------------------------------------------------------------ */

static int report(spell_checker *c, const word_token *t, const char *w,
                  size_t n, uint32_t v, spell_flag_fn fn, void *ctx,
                  anv_error *err)
{
    /* `w` is in the text (no NUL) or in c->nfc: copy for the callback. */
    strbuf word = STRBUF_INIT;
    if (strbuf_append(&word, w, n) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    size_t first = 0, count = 0;
    int rc = ANV_OK;
    if (c->max_suggestions > 0)
        rc = suggestions_of(c, word.data, n, v, &first, &count, err);
    if (rc == ANV_OK && array_grow(&c->sugg_ptrs, &c->cap_ptrs, count,
                                   sizeof *c->sugg_ptrs) != ANV_OK)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (rc == ANV_OK) {
        const char *s = c->sugg_words.data + (count ? first : 0);
        for (size_t k = 0; k < count; k++) {
            c->sugg_ptrs[k] = s;
            s += strlen(s) + 1;
        }
        spell_flag f = {t->start, t->end, word.data, (spell_lang)((v >> 2) & 3),
                        c->sugg_ptrs, count};
        rc = fn(&f, ctx);
    }
    strbuf_release(&word);
    return rc;
}

int spell_check_text(spell_checker *c, const char *text, size_t len,
                     spell_flag_fn fn, void *ctx, spell_stats *stats,
                     anv_error *err)
{
    if (wordmap_count(c->cache) > CACHE_MAX_WORDS)
        forget_verdicts(c);
    const word_token *t;
    size_t n;
    int rc = word_splitter_split(c->ws, text, len, &t, &n, err);
    if (rc != ANV_OK)
        return rc;
    if (find_spans(c, text, len) != ANV_OK)
        return anv_error_set(err, ANV_ENOMEM, "out of memory");
    spell_stats st = {0, 0, 0};
    for (size_t i = 0; i < n && rc == ANV_OK; i++) {
        if (t[i].kind == WORD_NUMBER)
            st.words++;
        if (t[i].kind != WORD_LETTERS)
            continue;
        st.words++;
        if (c->n_spans && in_span(c, t[i].start))
            continue;
        long abbr_last = abbreviation_end(c, text, len, t, n, i);
        if (abbr_last >= 0) {
            i = (size_t)abbr_last;
            continue;
        }
        const char *w;
        size_t wn;
        int64_t v = verdict_of(c, text + t[i].start, t[i].end - t[i].start,
                               t[i].script, &w, &wn, err);
        if (v < 0) {
            rc = (int)v;
            break;
        }
        if ((v & 3) == VERDICT_SKIP)
            continue;
        st.checked++;
        if ((v & 3) != VERDICT_FLAG)
            continue;
        st.flagged++;
        if (!fn)
            continue; /* only counting: no suggestions needed */
        rc = report(c, &t[i], w, wn, (uint32_t)v, fn, ctx, err);
    }
    if (stats) {
        stats->words += st.words;
        stats->checked += st.checked;
        stats->flagged += st.flagged;
    }
    return rc;
}

/* The one letters token that w[0..n) is, or NULL. */
static const word_token *single_word(spell_checker *c, const char *w,
                                     size_t n, anv_error *err)
{
    const word_token *t;
    size_t k;
    if (n == 0 || !text_is_valid_utf8(w, n, NULL) ||
        word_splitter_split(c->ws, w, n, &t, &k, err) != ANV_OK || k != 1 ||
        t[0].kind != WORD_LETTERS)
        return NULL;
    return t;
}

int spell_check_word(spell_checker *c, const char *word, size_t len,
                     anv_error *err)
{
    const word_token *t = single_word(c, word, len, err);
    if (!t)
        return anv_error_set(err, ANV_EINVAL, "'%.*s' is not one word",
                             (int)len, word);
    const char *key;
    size_t klen;
    int64_t v = verdict_of(c, word, len, t->script, &key, &klen, err);
    if (v < 0)
        return (int)v;
    return (v & 3) != VERDICT_FLAG;
}

/* Check that `word` is one word of `*lang` (resolving SPELL_AUTO) and put
 * its NFC form in `out`. */
static int prepare_word(spell_checker *c, spell_lang *lang, const char *word,
                        size_t len, strbuf *out, anv_error *err)
{
    strbuf_clear(out);
    if (!text_is_valid_utf8(word, len, NULL))
        return anv_error_set(err, ANV_EUTF8, "the word is not valid UTF-8");
    int rc = text_append_nfc(out, word, len, err);
    if (rc != ANV_OK)
        return rc;
    const word_token *t = single_word(c, out->data ? out->data : "", out->len,
                                      err);
    if (!t || has_digit(out->data, out->len))
        return anv_error_set(err, ANV_EINVAL, "'%.*s' is not one word",
                             (int)len, word);
    int by_script = lang_of_script(c, t->script);
    if (by_script < 0)
        return anv_error_set(err, ANV_EINVAL,
                             "'%s' is neither Devanagari nor Latin script",
                             out->data);
    if (*lang == SPELL_AUTO)
        *lang = (spell_lang)by_script;
    else if (!lang_code_is_hindi(*lang) && by_script != SPELL_HI)
        *lang = c->english; /* one English dictionary per checker */
    if (lang_code_is_hindi(*lang) != (by_script == SPELL_HI))
        return anv_error_set(err, ANV_EINVAL, "'%s' is not written in %s",
                             out->data,
                             lang_code_is_hindi(*lang) ? "Devanagari"
                                                       : "Latin script");
    return ANV_OK;
}

int spell_accept_word(spell_checker *c, spell_lang lang, const char *word,
                      size_t len, anv_error *err)
{
    strbuf w = STRBUF_INIT;
    int rc = prepare_word(c, &lang, word, len, &w, err);
    spell_dict *d = rc == ANV_OK ? dict_for(c, lang, err) : NULL;
    if (rc == ANV_OK && !d)
        rc = err ? err->code : ANV_ENOTFOUND;
    if (rc == ANV_OK) {
        rc = spell_dict_add_word(d, w.data, w.len);
        if (rc != ANV_OK)
            anv_error_set(err, rc, "'%s' cannot be added as a word", w.data);
        forget_verdicts(c);
    }
    strbuf_release(&w);
    return rc;
}

void spell_set_known_words(spell_checker *c, spell_known_fn fn, void *ctx)
{
    c->known = fn;
    c->known_ctx = ctx;
    forget_verdicts(c);
}

/* 1 when `word` is a line of data[0..len). */
static int has_line(const char *data, size_t len, const char *word, size_t n)
{
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if ((size_t)(e - p) == n && memcmp(p, word, n) == 0)
            return 1;
        p = e + 1;
    }
    return 0;
}

int spell_add_personal_word(spell_checker *c, spell_lang lang,
                            const char *word, size_t len, anv_error *err)
{
    if (!c->personal_dir)
        return anv_error_set(err, ANV_EINVAL,
                             "no personal folder (set XDG_CONFIG_HOME or "
                             "HOME)");
    strbuf w = STRBUF_INIT, path = STRBUF_INIT, content = STRBUF_INIT;
    char *old = NULL;
    size_t old_len = 0;
    int rc = prepare_word(c, &lang, word, len, &w, err);
    if (rc == ANV_OK &&
        strbuf_printf(&path, "%s/spell-%s.txt", c->personal_dir,
                      list_suffix(lang)) != ANV_OK)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    if (rc == ANV_OK && fileio_exists(path.data))
        rc = fileio_read_all(path.data, TEXT_MAX_LINE, &old, &old_len, err);
    int added = 0;
    if (rc == ANV_OK && !has_line(old ? old : "", old_len, w.data, w.len)) {
        added = 1;
        if (old_len)
            strbuf_append(&content, old, old_len);
        else
            strbuf_printf(&content,
                          "# anuvad personal word list (%s): one word a "
                          "line\n",
                          lang_code_is_hindi(lang) ? "Hindi" : "English");
        if (content.len && content.data[content.len - 1] != '\n')
            strbuf_append_char(&content, '\n');
        strbuf_append(&content, w.data, w.len);
        rc = strbuf_append_char(&content, '\n');
        if (rc != ANV_OK)
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
        if (rc == ANV_OK)
            rc = fileio_make_dirs(c->personal_dir, err);
        if (rc == ANV_OK)
            rc = fileio_write_atomic(path.data, content.data, content.len,
                                     NULL, err);
    }
    /* Accept it now if the dictionary is open; otherwise it is read with
     * the list when the dictionary opens. */
    if (rc == ANV_OK && c->dicts[lang]) {
        spell_dict_add_word(c->dicts[lang], w.data, w.len);
        forget_verdicts(c);
    }
    free(old);
    strbuf_release(&w);
    strbuf_release(&path);
    strbuf_release(&content);
    return rc == ANV_OK ? added : rc;
}
