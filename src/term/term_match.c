/*
 * term_match.c - the Hindi term matcher (see term_match.h).
 *
 * Keys are small integers from one wordmap of folded strings.  The
 * lexicon is a map from a folded form to a run of lemma keys.  Each
 * glossary entry is kept as its words' key sets; entries are reached
 * from any key of their first word (one-word terms) or any pair of keys
 * of their first two words (longer ones) through chained lists
 * (first[key] or pair_first[pair], next[slot]), so a text word costs a
 * few hash probes plus the entries that start with it.
 */
#include "term/term_match.h"

#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/fileio.h"
#include "base/paths.h"
#include "base/strbuf.h"
#include "base/wordmap.h"
#include "text/devanagari.h"
#include "text/stem.h"
#include "text/words.h"

#define MAX_KEYS 6      /* keys of one word: its spelling + lemmas */
#define MAX_TERM_WORDS 12

typedef struct word_keys {
    uint32_t k[MAX_KEYS];
    int n;
    uint32_t stem;   /* key of "\1" + Snowball stem, or NO_STEM */
    unsigned ending; /* paradigm groups of what the stemmer cut (GROUP_*) */
} word_keys;

#define NO_STEM UINT32_MAX

typedef struct term_entry {
    size_t entry;     /* in the glossary */
    size_t first_word; /* into m->words */
    int n_words;
    size_t bytes;     /* length of the term, the tie-breaker */
} term_entry;

struct term_matcher {
    const glossary *g;
    word_splitter *ws;
    word_stemmer *stemmer;  /* Snowball's Hindi stemmer, the fallback */
    wordmap *keys;          /* folded string -> key id */
    uint32_t n_keys;
    uint32_t n_lexicon_keys; /* keys below this are the lexicon's lemmas */
    wordmap *forms;         /* folded form -> form id */
    uint32_t *form_start;   /* form id -> first lemma in form_lemma */
    uint32_t *form_count;
    size_t cap_forms, cap_form_count;
    uint32_t *form_lemma;   /* lemma key ids */
    size_t n_form_lemma, cap_form_lemma;
    term_entry *terms;
    size_t n_terms, cap_terms;
    word_keys *words;       /* the terms' words, in order */
    size_t n_words, cap_words;
    uint32_t *first;        /* key id -> first slot + 1 (0: none):
                               the one-word terms */
    size_t cap_first;
    wordmap *pairs;         /* (key, key) of two words -> pair id */
    uint32_t *pair_first;   /* pair id -> first slot + 1: longer terms */
    size_t cap_pair_first;
    unsigned char *starts_pair; /* key id -> a longer term starts with it
                                   (saves the pair probes of most words) */
    size_t cap_starts_pair;
    uint32_t *slot_term, *slot_next;
    size_t n_slots, cap_slots, cap_slot_next;
    strbuf fold;
    term_hit *hits;
    size_t n_hits, cap_hits;
    word_keys *text_keys;
    size_t cap_text_keys;
    size_t *text_start, *text_end;
    size_t cap_text_start, cap_text_end;
};

static int nomem(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* The id of a folded string, added when `add` (else UINT32_MAX if new). */
static uint32_t key_id(term_matcher *m, const char *s, size_t n, int add)
{
    uint32_t id;
    if (wordmap_get(m->keys, s, n, &id))
        return id;
    if (!add)
        return UINT32_MAX;
    if (wordmap_put(m->keys, s, n, m->n_keys) != ANV_OK)
        return UINT32_MAX - 1;
    return m->n_keys++;
}

/* Fold w[0..n) into m->fold. */
static int fold(term_matcher *m, const char *w, size_t n)
{
    strbuf_clear(&m->fold);
    return devanagari_fold(w, n, &m->fold);
}

static void add_key(word_keys *wk, uint32_t k)
{
    if (k >= UINT32_MAX - 1)
        return;
    for (int i = 0; i < wk->n; i++)
        if (wk->k[i] == k)
            return;
    if (wk->n < MAX_KEYS)
        wk->k[wk->n++] = k;
}

/* ---- the stemmer fallback ---------------------------------------------------
 *
 * For a word the lexicon does not know (a loanword like सर्वर, a new
 * coinage), Snowball's Hindi stemmer gives a stem: सर्वरों -> सर्वर.  The
 * stemmer has no lexicon and also cuts derivations and look-alikes
 * (सरकारी "governmental" -> सरकार, कक्षा "class" -> कक्ष "cell"), so a
 * match through the stem alone is guarded twice:
 *
 *   - a text word gets a stem only when the lexicon knows it neither as a
 *     form nor as a lemma (कक्षा and चित्रण are words of their own);
 *   - what the stemmer cut from the two words must be endings of one noun
 *     paradigm: "" and ों/ें (सर्वर, सर्वरों, सर्वरें); ा and े/ों/ाएं/ाओं
 *     (लड़का/लड़कों, तालिका/तालिकाओं); ी/ि and ियां/ियों; ु/ू and ुओं/ुएं.
 *     "" against ा or ी (कक्ष/कक्षा, सरकार/सरकारी) is no inflection and
 *     does not match.
 *
 * Endings are compared folded (chandrabindu as anusvara, see
 * text/devanagari.h).  A stem of fewer than two characters is no stem. */

enum {
    GROUP_CONSONANT = 1, /* सर्वर: सर्वरों, सर्वरें */
    GROUP_AA = 2,        /* लड़का, तालिका: लड़के, लड़कों, तालिकाएं, तालिकाओं */
    GROUP_II = 4,        /* लड़की: लड़कियां, लड़कियों */
    GROUP_U = 8          /* वस्तु: वस्तुओं, वस्तुएं */
};

static const struct {
    const char *ending;
    unsigned groups;
} noun_endings[] = {
    {"", GROUP_CONSONANT},
    {"\u094B\u0902", GROUP_CONSONANT | GROUP_AA},   /* ों */
    {"\u0947\u0902", GROUP_CONSONANT},              /* ें */
    {"\u093E", GROUP_AA},                           /* ा */
    {"\u0947", GROUP_AA},                           /* े */
    {"\u093E\u090F\u0902", GROUP_AA},               /* ाएं */
    {"\u093E\u0913\u0902", GROUP_AA},               /* ाओं */
    {"\u0940", GROUP_II},                           /* ी */
    {"\u093F", GROUP_II},                           /* ि */
    {"\u093F\u092F\u093E\u0902", GROUP_II},         /* ियां */
    {"\u093F\u092F\u094B\u0902", GROUP_II},         /* ियों */
    {"\u0941", GROUP_U},                            /* ु */
    {"\u0942", GROUP_U},                            /* ू */
    {"\u0941\u0913\u0902", GROUP_U},                /* ुओं */
    {"\u0941\u090F\u0902", GROUP_U},                /* ुएं */
};

/* The paradigm groups of ending e[0..n), 0 when it is none of them. */
static unsigned ending_groups(const char *e, size_t n)
{
    for (size_t i = 0; i < sizeof noun_endings / sizeof *noun_endings; i++)
        if (strlen(noun_endings[i].ending) == n &&
            memcmp(noun_endings[i].ending, e, n) == 0)
            return noun_endings[i].groups;
    return 0;
}

/* Code points in UTF-8 s[0..n) (counting lead bytes). */
static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Fill out->stem/ending from the folded word in m->fold. */
static int stem_key(term_matcher *m, int add, word_keys *out)
{
    const char *stem;
    size_t sn;
    /* Devanagari letters are U+0900..U+097F: lead byte E0, then A4/A5 */
    if (m->fold.len < 3 || (unsigned char)m->fold.data[0] != 0xE0 ||
        ((unsigned char)m->fold.data[1] & 0xFE) != 0xA4 ||
        word_stemmer_stem(m->stemmer, m->fold.data, m->fold.len, &stem, &sn,
                          NULL) != ANV_OK)
        return ANV_OK;
    if (count_chars(stem, sn) < 2 || sn > m->fold.len ||
        memcmp(stem, m->fold.data, sn) != 0)
        return ANV_OK;
    unsigned groups = ending_groups(m->fold.data + sn, m->fold.len - sn);
    char buf[256];
    if (!groups || sn + 1 > sizeof buf)
        return ANV_OK;
    buf[0] = '\1'; /* stems and spellings are different keys */
    memcpy(buf + 1, stem, sn);
    uint32_t k = key_id(m, buf, sn + 1, add);
    if (k == UINT32_MAX - 1)
        return ANV_ENOMEM;
    if (k != UINT32_MAX) {
        out->stem = k;
        out->ending = groups;
    }
    return ANV_OK;
}

/* The key set of word w: its folded spelling and its lemmas, and for a
 * glossary word (`add`, which creates keys) or a text word the lexicon
 * does not know, its guarded stem.  Text words only look keys up. */
static int word_keys_of(term_matcher *m, const char *w, size_t n, int add,
                        word_keys *out)
{
    out->n = 0;
    out->stem = NO_STEM;
    out->ending = 0;
    if (fold(m, w, n) != ANV_OK)
        return ANV_ENOMEM;
    uint32_t self = key_id(m, m->fold.data, m->fold.len, add);
    add_key(out, self);
    uint32_t f;
    int known = self < m->n_lexicon_keys;
    if (wordmap_get(m->forms, m->fold.data, m->fold.len, &f)) {
        known = 1;
        for (uint32_t i = 0; i < m->form_count[f]; i++)
            add_key(out, m->form_lemma[m->form_start[f] + i]);
    }
    if (add || !known)
        return stem_key(m, add, out);
    return ANV_OK;
}

/* Key k of w: its keys, then (k == w->n) its stem, maybe NO_STEM. */
static uint32_t key_at(const word_keys *w, int k)
{
    return k < w->n ? w->k[k] : w->stem;
}

/* The text word `b` is the glossary word `a`: their keys meet, or their
 * guarded stems are one and what was cut belongs to one paradigm. */
static int meet(const word_keys *a, const word_keys *b)
{
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++)
            if (a->k[i] == b->k[j])
                return 1;
    return a->stem != NO_STEM && a->stem == b->stem &&
           (a->ending & b->ending) != 0;
}

/* ---- the lexicon ----------------------------------------------------------- */

static int load_lemmas(term_matcher *m, const char *path, anv_error *err)
{
    char *s;
    size_t len;
    int rc = fileio_read_all(path, (size_t)256 << 20, &s, &len, err);
    if (rc != ANV_OK)
        return rc;
    strbuf form = STRBUF_INIT;
    for (size_t pos = 0; pos < len && rc == ANV_OK;) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len;
        const char *tab = memchr(s + pos, '\t', end - pos);
        if (tab) {
            strbuf_clear(&form);
            if (devanagari_fold(s + pos, (size_t)(tab - s - pos), &form) !=
                    ANV_OK ||
                fold(m, tab + 1, (size_t)(s + end - tab - 1)) != ANV_OK) {
                rc = nomem(err);
                break;
            }
            uint32_t lemma = key_id(m, m->fold.data, m->fold.len, 1);
            uint32_t f;
            if (!wordmap_get(m->forms, form.data, form.len, &f)) {
                f = (uint32_t)wordmap_count(m->forms);
                if (wordmap_put(m->forms, form.data, form.len, f) != ANV_OK ||
                    array_grow(&m->form_start, &m->cap_forms, f + 1,
                               sizeof *m->form_start) != ANV_OK ||
                    array_grow(&m->form_count, &m->cap_form_count, f + 1,
                               sizeof *m->form_count) != ANV_OK) {
                    rc = nomem(err);
                    break;
                }
                m->form_start[f] = (uint32_t)m->n_form_lemma;
                m->form_count[f] = 0;
            }
            /* the lemmas of one form are on adjacent lines (sorted file) */
            if (m->form_start[f] + m->form_count[f] == m->n_form_lemma &&
                lemma < UINT32_MAX - 1) {
                if (array_grow(&m->form_lemma, &m->cap_form_lemma,
                               m->n_form_lemma + 1,
                               sizeof *m->form_lemma) != ANV_OK) {
                    rc = nomem(err);
                    break;
                }
                m->form_lemma[m->n_form_lemma++] = lemma;
                m->form_count[f]++;
            }
        }
        pos = end + 1;
    }
    strbuf_release(&form);
    free(s);
    return rc;
}

/* ---- the glossary's terms ---------------------------------------------------- */

/* Put term t at the head of chain `id` of heads[]. */
static int chain_push(term_matcher *m, uint32_t **heads, size_t *cap,
                      uint32_t id, size_t t)
{
    size_t old = *cap;
    if (array_grow(heads, cap, (size_t)id + 1, sizeof **heads) != ANV_OK ||
        array_grow(&m->slot_term, &m->cap_slots, m->n_slots + 1,
                   sizeof *m->slot_term) != ANV_OK ||
        array_grow(&m->slot_next, &m->cap_slot_next, m->n_slots + 1,
                   sizeof *m->slot_next) != ANV_OK)
        return ANV_ENOMEM;
    if (*cap > old)
        memset(*heads + old, 0, (*cap - old) * sizeof **heads);
    m->slot_term[m->n_slots] = (uint32_t)t;
    m->slot_next[m->n_slots] = (*heads)[id];
    (*heads)[id] = (uint32_t)++m->n_slots;
    return ANV_OK;
}

/* The id of key pair (a, b) in *id: 1 when known (or added, with `add`),
 * 0 when not known; ANV_ENOMEM. */
static int pair_id(term_matcher *m, uint32_t a, uint32_t b, int add,
                   uint32_t *id)
{
    uint32_t k[2] = {a, b};
    if (wordmap_get(m->pairs, (const char *)k, sizeof k, id))
        return add ? ANV_OK : 1;
    if (!add)
        return 0;
    *id = (uint32_t)wordmap_count(m->pairs);
    return wordmap_put(m->pairs, (const char *)k, sizeof k, *id);
}

static int add_term(term_matcher *m, size_t entry, anv_error *err)
{
    const glossary_entry *e = glossary_entry_at(m->g, entry);
    const word_token *tok;
    size_t nt;
    int rc = word_splitter_split(m->ws, e->source, strlen(e->source), &tok,
                                 &nt, err);
    if (rc != ANV_OK)
        return rc;
    term_entry te = {entry, m->n_words, 0, strlen(e->source)};
    for (size_t i = 0; i < nt && te.n_words < MAX_TERM_WORDS; i++) {
        if (tok[i].kind != WORD_LETTERS && tok[i].kind != WORD_NUMBER)
            continue;
        if (array_grow(&m->words, &m->cap_words, m->n_words + 1,
                       sizeof *m->words) != ANV_OK)
            return nomem(err);
        if (word_keys_of(m, e->source + tok[i].start,
                         tok[i].end - tok[i].start, 1,
                         &m->words[m->n_words]) != ANV_OK)
            return nomem(err);
        m->n_words++;
        te.n_words++;
    }
    if (!te.n_words)
        return ANV_OK;
    if (array_grow(&m->terms, &m->cap_terms, m->n_terms + 1,
                   sizeof *m->terms) != ANV_OK)
        return nomem(err);
    size_t t = m->n_terms++;
    m->terms[t] = te;
    /* One-word terms are reached from each key of their word; longer
     * ones from each pair of keys of their first two words.  Measured
     * with 100,000 entries (tests/bench/77-term.sh): chained from the
     * first word alone, a text word like के walked thousands of
     * "के ..." terms, and matching ran at 1.5 MB/s. */
    const word_keys *w0 = &m->words[te.first_word];
    const word_keys *w1 = te.n_words > 1 ? w0 + 1 : NULL;
    for (int k = 0; k <= w0->n; k++) {
        uint32_t key = key_at(w0, k);
        if (key == NO_STEM)
            continue;
        if (!w1) {
            if (chain_push(m, &m->first, &m->cap_first, key, t) != ANV_OK)
                return nomem(err);
            continue;
        }
        size_t old = m->cap_starts_pair;
        if (array_grow(&m->starts_pair, &m->cap_starts_pair, (size_t)key + 1,
                       1) != ANV_OK)
            return nomem(err);
        memset(m->starts_pair + old, 0, m->cap_starts_pair - old);
        m->starts_pair[key] = 1;
        for (int k1 = 0; k1 <= w1->n; k1++) {
            uint32_t key1 = key_at(w1, k1), pid;
            if (key1 == NO_STEM)
                continue;
            if (pair_id(m, key, key1, 1, &pid) != ANV_OK ||
                chain_push(m, &m->pair_first, &m->cap_pair_first, pid, t) !=
                    ANV_OK)
                return nomem(err);
        }
    }
    return ANV_OK;
}

term_matcher *term_matcher_new(const glossary *g, const char *lemmas,
                               anv_error *err)
{
    term_matcher *m = calloc(1, sizeof *m);
    if (!m) {
        nomem(err);
        return NULL;
    }
    m->g = g;
    strbuf path = STRBUF_INIT;
    int rc = ANV_OK;
    if (!(m->keys = wordmap_new()) || !(m->forms = wordmap_new()) ||
        !(m->pairs = wordmap_new()))
        rc = nomem(err);
    else if (!(m->ws = word_splitter_new("hi", err)))
        rc = err ? err->code : ANV_EINTERNAL;
    if (rc == ANV_OK && !lemmas) {
        rc = paths_find_data("dict/hi-lemmas.tsv", &path, err);
        lemmas = path.data;
    }
    if (rc == ANV_OK && !(m->stemmer = word_stemmer_new("hindi", err)))
        rc = err ? err->code : ANV_EINTERNAL;
    if (rc == ANV_OK)
        rc = load_lemmas(m, lemmas, err);
    m->n_lexicon_keys = m->n_keys;
    for (size_t i = 0; rc == ANV_OK && i < glossary_count(g); i++)
        rc = add_term(m, i, err);
    strbuf_release(&path);
    if (rc != ANV_OK) {
        term_matcher_free(m);
        return NULL;
    }
    return m;
}

void term_matcher_free(term_matcher *m)
{
    if (!m)
        return;
    word_splitter_free(m->ws);
    word_stemmer_free(m->stemmer);
    wordmap_free(m->keys);
    wordmap_free(m->forms);
    free(m->form_start);
    free(m->form_count);
    free(m->form_lemma);
    free(m->terms);
    free(m->words);
    free(m->first);
    wordmap_free(m->pairs);
    free(m->starts_pair);
    free(m->pair_first);
    free(m->slot_term);
    free(m->slot_next);
    strbuf_release(&m->fold);
    free(m->hits);
    free(m->text_keys);
    free(m->text_start);
    free(m->text_end);
    free(m);
}

/* ---- finding ------------------------------------------------------------------- */

/* Only spaces between text[a..b). */
static int only_spaces(const char *text, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n')
            return 0;
    return 1;
}

/* Term t at text word i: every word meets (the guard included), only
 * spaces between; kept in *best when it beats it (more words, then
 * longer, then first in the glossary). */
static void consider(term_matcher *m, const char *text, size_t i, size_t nw,
                     uint32_t t, long *best, int *best_words)
{
    const term_entry *te = &m->terms[t];
    if (i + (size_t)te->n_words > nw)
        return;
    /* what could not win is not checked */
    if (!(te->n_words > *best_words ||
          (te->n_words == *best_words &&
           (te->bytes > m->terms[*best].bytes ||
            (te->bytes == m->terms[*best].bytes &&
             te->entry < m->terms[*best].entry)))))
        return;
    for (int j = 0; j < te->n_words; j++)
        if ((j && !only_spaces(text, m->text_end[i + j - 1],
                               m->text_start[i + j])) ||
            !meet(&m->words[te->first_word + j], &m->text_keys[i + j]))
            return;
    *best = t;
    *best_words = te->n_words;
}

int term_matcher_find(term_matcher *m, const char *text, size_t len,
                      const term_hit **hits, size_t *n, anv_error *err)
{
    *hits = NULL;
    *n = 0;
    m->n_hits = 0;
    const word_token *tok;
    size_t nt;
    int rc = word_splitter_split(m->ws, text, len, &tok, &nt, err);
    if (rc != ANV_OK)
        return rc;
    /* the text's words and their keys */
    size_t nw = 0;
    for (size_t i = 0; i < nt; i++) {
        if (tok[i].kind != WORD_LETTERS && tok[i].kind != WORD_NUMBER)
            continue;
        if (array_grow(&m->text_keys, &m->cap_text_keys, nw + 1,
                       sizeof *m->text_keys) != ANV_OK ||
            array_grow(&m->text_start, &m->cap_text_start, nw + 1,
                       sizeof *m->text_start) != ANV_OK ||
            array_grow(&m->text_end, &m->cap_text_end, nw + 1,
                       sizeof *m->text_end) != ANV_OK)
            return nomem(err);
        if (word_keys_of(m, text + tok[i].start, tok[i].end - tok[i].start,
                         0, &m->text_keys[nw]) != ANV_OK)
            return nomem(err);
        m->text_start[nw] = tok[i].start;
        m->text_end[nw] = tok[i].end;
        nw++;
    }
    for (size_t i = 0; i < nw;) {
        const word_keys *wk = &m->text_keys[i];
        long best = -1;
        int best_words = 0;
        int two = i + 1 < nw && only_spaces(text, m->text_end[i],
                                            m->text_start[i + 1]);
        for (int k = 0; k <= wk->n; k++) {
            uint32_t key = key_at(wk, k);
            if (key == NO_STEM)
                continue;
            if (key < m->cap_first)
                for (uint32_t s = m->first[key]; s; s = m->slot_next[s - 1])
                    consider(m, text, i, nw, m->slot_term[s - 1], &best,
                             &best_words);
            const word_keys *wk1 = two && key < m->cap_starts_pair &&
                                           m->starts_pair[key]
                                       ? &m->text_keys[i + 1]
                                       : NULL;
            for (int k1 = 0; wk1 && k1 <= wk1->n; k1++) {
                uint32_t key1 = key_at(wk1, k1), pid;
                if (key1 == NO_STEM || pair_id(m, key, key1, 0, &pid) != 1 ||
                    pid >= m->cap_pair_first)
                    continue;
                for (uint32_t s = m->pair_first[pid]; s; s = m->slot_next[s - 1])
                    consider(m, text, i, nw, m->slot_term[s - 1], &best,
                             &best_words);
            }
        }
        if (best < 0) {
            i++;
            continue;
        }
        if (array_grow(&m->hits, &m->cap_hits, m->n_hits + 1,
                       sizeof *m->hits) != ANV_OK)
            return nomem(err);
        term_hit h = {m->terms[best].entry, m->text_start[i],
                      m->text_end[i + (size_t)best_words - 1]};
        m->hits[m->n_hits++] = h;
        i += (size_t)best_words;
    }
    *hits = m->hits;
    *n = m->n_hits;
    return ANV_OK;
}
