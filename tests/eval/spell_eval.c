/*
 * spell_eval.c - how good is `anuvad spell`?  The figures of
 * docs/spelling.md, reproducible: `make spell-eval`.
 *
 * 1. False flags: the share of word tokens (ICU letters tokens) flagged on
 *    edited text where every word is assumed correct, for anuvad and for
 *    plain hunspell used word by word through its C API on the same tokens
 *    (Debian's dictionary alone, only the tokens of its own script).
 * 2. Detection: correct Hindi words (types accepted by plain hunspell-hi)
 *    are drawn from a corpus with a fixed pseudo-random generator, and each
 *    is corrupted once: a vowel sign dropped, a vowel sign swapped for its
 *    short/long partner, a virama dropped, or a consonant doubled (in turn,
 *    skipping kinds that do not apply).  Corruptions that plain hunspell
 *    still accepts are left out.  anuvad must flag the corrupted word and
 *    should offer the original among its first three suggestions.
 *
 * The detection set drawn from Tatoeba and the seed article is the
 * development set, kept apart for tuning; the set drawn from NTREX and
 * FLORES is the test set.
 *
 *   spell_eval [--quick] [--thresholds FILE]
 *
 * --quick uses the first 300 lines of each corpus and 300 words per
 * detection set (the regression test in `make test`); --thresholds checks
 * the figures against FILE (lines "NAME max|min VALUE") and exits 1 when
 * one is out of bounds.  Paths come from $ANUVAD_SHARED (../shared).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hunspell.h>
#include <unicode/utf8.h>

#include "text/devanagari.h"
#include "spell/spell.h"
#include "base/strbuf.h"
#include "text/text.h"
#include "base/wordmap.h"
#include "text/words.h"

typedef struct figure {
    char name[64];
    double value;
} figure;

static figure figures[64];
static size_t n_figures;

static void record(const char *name, double value)
{
    if (n_figures < sizeof figures / sizeof figures[0]) {
        snprintf(figures[n_figures].name, sizeof figures[0].name, "%s", name);
        figures[n_figures++].value = value;
    }
}

static int quick;

static const char *shared(const char *rel, char *buf, size_t size)
{
    const char *base = getenv("ANUVAD_SHARED");
    snprintf(buf, size, "%s/data/%s", base && *base ? base : "../shared",
             rel);
    return buf;
}

static void die(const anv_error *err)
{
    fprintf(stderr, "spell_eval: %s\n", anv_error_message(err));
    exit(1);
}

/* ---- false flags ------------------------------------------------------ */

typedef struct count_ctx {
    size_t flagged;
    spell_lang only; /* count flags of this dictionary only */
} count_ctx;

static int count_flag(const spell_flag *f, void *vctx)
{
    count_ctx *ctx = vctx;
    if (f->lang == ctx->only ||
        (ctx->only != SPELL_HI && f->lang != SPELL_HI))
        ctx->flagged++;
    return 0;
}

typedef struct corpus_result {
    size_t tokens;       /* letters tokens */
    size_t plain_flags;  /* plain hunspell */
    size_t flags;        /* anuvad */
} corpus_result;

/* Run the checker (and, when `plain` is not NULL, plain hunspell on the
 * tokens of `script`) over the lines of `path`.  Only the checker's flags
 * in the language of `script` are counted (a Hindi text's English words
 * are not compared with hunspell-hi, which does not check them). */
static corpus_result run_corpus(const char *path, spell_checker *c,
                                Hunhandle *plain, word_script script)
{
    spell_lang only =
        script == WORD_SCRIPT_DEVANAGARI ? SPELL_HI : SPELL_EN_US;
    corpus_result res = {0, 0, 0};
    anv_error err;
    anv_error_clear(&err);
    text_reader *r = text_reader_open(path, &err);
    word_splitter *ws = word_splitter_new(NULL, &err);
    if (!r || !ws)
        die(&err);
    text_paragraph p;
    strbuf w = STRBUF_INIT;
    count_ctx cc = {0, only};
    long lines = 0;
    while (text_reader_next(r, TEXT_PARA_LINE, &p, &err) == 1) {
        if (quick && ++lines > 300)
            break;
        const word_token *t;
        size_t n;
        if (word_splitter_split(ws, p.text, p.len, &t, &n, &err) != ANV_OK)
            die(&err);
        for (size_t i = 0; i < n; i++) {
            if (t[i].kind != WORD_LETTERS)
                continue;
            res.tokens++;
            if (!plain || t[i].script != script)
                continue;
            strbuf_clear(&w);
            strbuf_append(&w, p.text + t[i].start, t[i].end - t[i].start);
            if (!Hunspell_spell(plain, w.data))
                res.plain_flags++;
        }
        if (spell_check_text(c, p.text, p.len, count_flag, &cc, NULL, &err) <
            0)
            die(&err);
    }
    res.flags = cc.flagged;
    strbuf_release(&w);
    word_splitter_free(ws);
    text_reader_free(r);
    return res;
}

/* Lexicon levels, to measure what each generated list brings. */
enum { LEX_BASE = 0, LEX_APERTIUM = 1, LEX_FULL = 2 };

static spell_checker *checker(spell_lang lang, int level, int max_suggestions)
{
    spell_options o;
    spell_options_init(&o);
    o.lang = lang;
    o.morphology = level >= LEX_APERTIUM;
    o.transcriptions = level >= LEX_FULL;
    o.max_suggestions = max_suggestions;
    o.personal_dir = "";   /* the user's own list must not change figures */
    o.dicpath = "";        /* nor a $DICPATH */
    anv_error err;
    anv_error_clear(&err);
    spell_checker *c = spell_checker_new(&o, &err);
    if (!c)
        die(&err);
    return c;
}

static double pct(size_t a, size_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void false_flags(const char *label, const char *key, const char *rel,
                        spell_lang lang, Hunhandle *plain)
{
    char path[4096];
    shared(rel, path, sizeof path);
    word_script script =
        lang == SPELL_HI ? WORD_SCRIPT_DEVANAGARI : WORD_SCRIPT_LATIN;
    spell_checker *c = checker(lang, LEX_FULL, 0);
    corpus_result full = run_corpus(path, c, plain, script);
    spell_checker_free(c);
    char name[64];
    if (lang == SPELL_HI) {
        c = checker(lang, LEX_BASE, 0);
        corpus_result base = run_corpus(path, c, NULL, script);
        spell_checker_free(c);
        c = checker(lang, LEX_APERTIUM, 0);
        corpus_result apertium = run_corpus(path, c, NULL, script);
        spell_checker_free(c);
        printf("| %s | %zu | %.2f%% | %.2f%% | %.2f%% | %.2f%% |\n", label,
               full.tokens, pct(full.plain_flags, full.tokens),
               pct(base.flags, full.tokens), pct(apertium.flags, full.tokens),
               pct(full.flags, full.tokens));
    } else {
        c = checker(SPELL_EN_GB, LEX_FULL, 0);
        corpus_result gb = run_corpus(path, c, NULL, script);
        spell_checker_free(c);
        printf("| %s | %zu | %.2f%% | %.2f%% | %.2f%% |\n", label, full.tokens,
               pct(full.plain_flags, full.tokens), pct(full.flags, full.tokens),
               pct(gb.flags, full.tokens));
    }
    snprintf(name, sizeof name, "%s.plain", key);
    record(name, pct(full.plain_flags, full.tokens));
    snprintf(name, sizeof name, "%s.anuvad", key);
    record(name, pct(full.flags, full.tokens));
}

/* ---- detection --------------------------------------------------------- */

#define MAXCP 64

static int decode(const char *s, size_t n, int32_t *cp)
{
    int32_t i = 0, k = 0;
    while (i < (int32_t)n && k < MAXCP) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, (int32_t)n, c);
        if (c < 0)
            return -1;
        cp[k++] = c;
    }
    return k;
}

static void encode(const int32_t *cp, int k, strbuf *out)
{
    strbuf_clear(out);
    for (int i = 0; i < k; i++) {
        char b[4];
        int32_t j = 0;
        U8_APPEND_UNSAFE((uint8_t *)b, j, cp[i]);
        strbuf_append(out, b, (size_t)j);
    }
}

static int is_sign(int32_t c)
{
    return c >= 0x093E && c <= 0x094C;
}

static int is_cons(int32_t c)
{
    return c >= 0x0915 && c <= 0x0939;
}

static int32_t partner(int32_t c)
{
    switch (c) {
    case 0x093F: return 0x0940;
    case 0x0940: return 0x093F;
    case 0x0941: return 0x0942;
    case 0x0942: return 0x0941;
    case 0x0947: return 0x0948;
    case 0x0948: return 0x0947;
    case 0x094B: return 0x094C;
    case 0x094C: return 0x094B;
    default: return 0;
    }
}

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)((rng_state >> 33) % n);
}

/* Corrupt cp[0..k) with kind `kind` (0 drop sign, 1 swap sign, 2 drop
 * virama, 3 double consonant) at a random applicable place; returns the
 * new length or -1 when the kind does not apply. */
static int corrupt(const int32_t *cp, int k, int kind, int32_t *out)
{
    int places[MAXCP], np = 0;
    for (int i = 0; i < k; i++) {
        int ok = kind == 0   ? is_sign(cp[i])
                 : kind == 1 ? partner(cp[i]) != 0
                 : kind == 2 ? cp[i] == 0x094D
                             : is_cons(cp[i]);
        if (ok)
            places[np++] = i;
    }
    if (np == 0 || (kind == 3 && k + 1 > MAXCP))
        return -1;
    int at = places[rnd((uint32_t)np)], m = 0;
    for (int i = 0; i < k; i++) {
        if (i == at && (kind == 0 || kind == 2))
            continue;
        out[m++] = i == at && kind == 1 ? partner(cp[i]) : cp[i];
        if (i == at && kind == 3)
            out[m++] = cp[i];
    }
    return m;
}

typedef struct types_ctx {
    const char **words;
    size_t n, cap;
} types_ctx;

static void collect(const char *key, size_t len, uint32_t value, void *vctx)
{
    (void)value;
    types_ctx *t = vctx;
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 1024;
        t->words = realloc(t->words, t->cap * sizeof *t->words);
    }
    t->words[t->n++] = strndup(key, len);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct sugg_ctx {
    const char *want;
    int flagged, top3;
} sugg_ctx;

static int check_suggestions(const spell_flag *f, void *vctx)
{
    sugg_ctx *s = vctx;
    s->flagged = 1;
    for (size_t i = 0; i < f->n_suggestions && i < 3; i++)
        if (strcmp(f->suggestions[i], s->want) == 0)
            s->top3 = 1;
    return 0;
}

static void detection(const char *label, const char *key,
                      const char *const *rels, size_t want, Hunhandle *plain,
                      int level)
{
    /* Distinct Devanagari word types accepted by plain hunspell. */
    anv_error err;
    anv_error_clear(&err);
    wordmap *types = wordmap_new();
    word_splitter *ws = word_splitter_new(NULL, &err);
    for (size_t f = 0; rels[f]; f++) {
        char path[4096];
        text_reader *r = text_reader_open(shared(rels[f], path, sizeof path),
                                          &err);
        if (!r)
            die(&err);
        text_paragraph p;
        while (text_reader_next(r, TEXT_PARA_LINE, &p, &err) == 1) {
            const word_token *t;
            size_t n;
            word_splitter_split(ws, p.text, p.len, &t, &n, &err);
            for (size_t i = 0; i < n; i++)
                if (t[i].kind == WORD_LETTERS &&
                    t[i].script == WORD_SCRIPT_DEVANAGARI)
                    wordmap_put(types, p.text + t[i].start,
                                t[i].end - t[i].start, 0);
        }
        text_reader_free(r);
    }
    types_ctx tc = {NULL, 0, 0};
    wordmap_each(types, collect, &tc);
    qsort(tc.words, tc.n, sizeof *tc.words, cmp_str); /* reproducible */
    spell_checker *c = checker(SPELL_HI, level, 3);
    rng_state = 20260101;
    size_t tried = 0, kept = 0, flagged = 0, top3 = 0, kinds[4] = {0};
    int kind = 0;
    strbuf bad = STRBUF_INIT;
    while (kept < want && tried < 50 * want) {
        tried++;
        const char *w = tc.words[rnd((uint32_t)tc.n)];
        int32_t cp[MAXCP], out[MAXCP + 1];
        int k = decode(w, strlen(w), cp);
        if (k < 3 || !Hunspell_spell(plain, w))
            continue;
        int used = kind, m = corrupt(cp, k, kind, out);
        if (m < 0)
            continue; /* this kind does not apply: draw another word */
        encode(out, m, &bad);
        if (Hunspell_spell(plain, bad.data) || strcmp(bad.data, w) == 0)
            continue;
        kind = (kind + 1) % 4;
        kinds[used]++;
        kept++;
        sugg_ctx s = {w, 0, 0};
        if (spell_check_text(c, bad.data, bad.len, check_suggestions, &s,
                             NULL, &err) < 0)
            die(&err);
        flagged += (size_t)s.flagged;
        top3 += (size_t)s.top3;
        if (getenv("SPELL_EVAL_VERBOSE") && !s.top3)
            fprintf(stderr, "%s -> %s%s\n", w, bad.data,
                    s.flagged ? "" : " (accepted)");
    }
    printf("| %s%s | %zu (%zu/%zu/%zu/%zu) | %.1f%% | %.1f%% |\n", label,
           level == LEX_FULL       ? ""
           : level == LEX_APERTIUM ? ", without CMU transcriptions"
                                   : ", without apertium and CMU",
           kept, kinds[0], kinds[1], kinds[2], kinds[3], pct(flagged, kept),
           pct(top3, kept));
    if (level == LEX_FULL) {
        char name[64];
        snprintf(name, sizeof name, "%s.flagged", key);
        record(name, pct(flagged, kept));
        snprintf(name, sizeof name, "%s.top3", key);
        record(name, pct(top3, kept));
    }
    spell_checker_free(c);
    strbuf_release(&bad);
    for (size_t i = 0; i < tc.n; i++)
        free((void *)tc.words[i]);
    free(tc.words);
    wordmap_free(types);
    word_splitter_free(ws);
}

/* ---- thresholds ---------------------------------------------------------- */

static int check_thresholds(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "spell_eval: %s: cannot open\n", path);
        return 1;
    }
    char line[256], name[64], op[8];
    double limit;
    int bad = 0, passed = 0, failed = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' ||
            sscanf(line, "%63s %7s %lf", name, op, &limit) != 3)
            continue;
        size_t i = 0;
        while (i < n_figures && strcmp(figures[i].name, name) != 0)
            i++;
        if (i == n_figures) {
            printf("FAIL %s: no such figure\n", name);
            bad = 1;
            failed++;
            continue;
        }
        double v = figures[i].value;
        int ok = strcmp(op, "max") == 0 ? v <= limit : v >= limit;
        printf("%s %s = %.2f (%s %.2f)\n", ok ? "ok  " : "FAIL", name, v, op,
               limit);
        bad |= !ok;
        if (ok)
            passed++;
        else
            failed++;
    }
    fclose(f);
    printf("%d passed, %d failed\n", passed, failed);
    return bad;
}

int main(int argc, char **argv)
{
    const char *thresholds = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else if (strcmp(argv[i], "--thresholds") == 0 && i + 1 < argc)
            thresholds = argv[++i];
        else {
            fprintf(stderr, "usage: spell_eval [--quick] [--thresholds F]\n");
            return 2;
        }
    }
    Hunhandle *hi = Hunspell_create("/usr/share/hunspell/hi_IN.aff",
                                    "/usr/share/hunspell/hi_IN.dic");
    Hunhandle *en = Hunspell_create("/usr/share/hunspell/en_US.aff",
                                    "/usr/share/hunspell/en_US.dic");

    printf("False flags, Hindi (share of word tokens flagged)%s\n\n",
           quick ? " - quick: first 300 lines" : "");
    printf("| corpus | tokens | plain hunspell-hi | anuvad without "
           "apertium and CMU | + apertium | anuvad (+ CMU) |\n"
           "| --- | ---: | ---: | ---: | ---: | ---: |\n");
    false_flags("NTREX-128 Hindi (news)", "ntrex.hi",
                "ntrex128-hin-eng/newstest2019-ref.hin.txt", SPELL_HI, hi);
    false_flags("FLORES-200 devtest Hindi", "flores.hi",
                "flores200-devtest-hin-eng/hin_Deva.devtest", SPELL_HI, hi);
    if (!quick) {
        false_flags("WMT14 newstest2014 Hindi", "wmt14.hi",
                    "wmt14-newstest-hien/newstest2014.hi", SPELL_HI, hi);
        false_flags("TICO-19 test Hindi", "tico.hi",
                    "tico19-test-en-hi/tico19-test.hi", SPELL_HI, hi);
    }
    false_flags("Tatoeba Hindi (everyday)", "tatoeba.hi",
                "tatoeba-hin-eng/tatoeba.hi", SPELL_HI, hi);

    printf("\nFalse flags, English\n\n");
    printf("| corpus | tokens | plain hunspell-en-us | anuvad en-US | "
           "anuvad en-GB |\n| --- | ---: | ---: | ---: | ---: |\n");
    false_flags("NTREX-128 English (news)", "ntrex.en",
                "ntrex128-hin-eng/newstest2019-src.eng.txt", SPELL_EN_US, en);
    false_flags("FLORES-200 devtest English", "flores.en",
                "flores200-devtest-hin-eng/eng_Latn.devtest", SPELL_EN_US, en);
    if (!quick)
        false_flags("Tatoeba English", "tatoeba.en",
                    "tatoeba-hin-eng/tatoeba.en", SPELL_EN_US, en);

    size_t want = quick ? 300 : 1000;
    static const char *const test_set[] = {
        "ntrex128-hin-eng/newstest2019-ref.hin.txt",
        "flores200-devtest-hin-eng/hin_Deva.devtest", NULL};
    static const char *const dev_set[] = {
        "tatoeba-hin-eng/tatoeba.hi", "seed-article/kazakhstan-csto.hi.txt",
        NULL};
    printf("\nDetection: corrupted correct words that plain hunspell-hi "
           "rejects\n(kinds: dropped sign / swapped sign / dropped virama / "
           "doubled consonant)\n\n");
    printf("| words from | corrupted words (by kind) | flagged | right word "
           "in top 3 |\n| --- | ---: | ---: | ---: |\n");
    detection("NTREX + FLORES (test)", "detect.test", test_set, want, hi,
              LEX_FULL);
    if (!quick) {
        detection("NTREX + FLORES (test)", "detect.test", test_set, want, hi,
                  LEX_APERTIUM);
        detection("NTREX + FLORES (test)", "detect.test", test_set, want, hi,
                  LEX_BASE);
        detection("Tatoeba + seed article (development)", "detect.dev",
                  dev_set, want, hi, LEX_FULL);
    }
    Hunspell_destroy(hi);
    Hunspell_destroy(en);
    return thresholds ? check_thresholds(thresholds) : 0;
}
