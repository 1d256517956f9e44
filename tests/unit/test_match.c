/*
 * test_match.c - the fuzzy match score and word diff on real Hindi
 * sentences: every worked example of docs/matching.md, the folding of
 * Hindi spelling variants, the penalties and their cap, the arithmetic the
 * index relies on, the character similarity (against a plain dynamic
 * programme) and its lift, and the diff output (JSON and marked text).
 */
#include "testutil.h"

#include "match/match.h"
#include "match/char_sim.h"
#include "match/inflection.h"
#include "base/json_out.h"
#include "base/strbuf.h"

#include <unicode/uclean.h>
#include <unicode/utf8.h>

static matcher *m;

static int setup(void **state)
{
    (void)state;
    anv_error err;
    m = matcher_new(&err);
    return m ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    matcher_free(m);
    u_cleanup();
    return 0;
}

static match_result cmp(const char *query, const char *source)
{
    match_result r;
    anv_error err;
    assert_int_equal(matcher_compare(m, query, strlen(query), source,
                                     strlen(source), &r, &err),
                     ANV_OK);
    return r;
}

/* Score, W, L and minor points of one comparison. */
static void expect(const char *query, const char *source, int score,
                   unsigned w, unsigned l, unsigned minor)
{
    match_result r = cmp(query, source);
    if (r.score != score || r.word_edits != w || r.words != l ||
        r.minor != minor)
        fail_msg("'%s' vs '%s': score %d W %u L %u minor %u, wanted "
                 "%d %u %u %u",
                 query, source, r.score, r.word_edits, r.words, r.minor,
                 score, w, l, minor);
}

/* The diff as "op/kind:match_text>query_text" items. */
static void expect_diff(const char *query, const char *source,
                        const char *want)
{
    match_result r = cmp(query, source);
    assert_true(r.has_diff);
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < r.n_diff; i++) {
        const match_diff *d = &r.diff[i];
        strbuf_printf(&b, "%s%s/%s:%.*s>%.*s", i ? " " : "",
                      match_op_name(d->op), match_diff_kind_name(d->kind),
                      (int)(d->src_end - d->src_start),
                      source + d->src_start,
                      (int)(d->query_end - d->query_start),
                      query + d->query_start);
    }
    assert_string_equal(b.data ? b.data : "", want);
    strbuf_release(&b);
}

static void test_docs_examples(void **state)
{
    (void)state;
    /* docs/matching.md, "Worked examples", in order. */
    expect("मैं कल दिल्ली जाऊँगा।", "मैं कल दिल्ली जाऊँगा।", 100, 0, 4, 0);
    expect("मैं कल दिल्ली जाऊँगा।", "मैं कल दिल्ली जाऊंगा.", 98, 0, 4, 2);
    expect("मुझे ज़रूरत है।", "मुझे जरूरत है।", 99, 0, 3, 1);
    expect("वह पढ़ रहा है।", "वह पढ रहा है।", 75, 1, 4, 0);
    expect("कृपया पृष्ठ 12 देखें।", "कृपया पृष्ठ 15 देखें।", 99, 0, 4, 1);
    expect("Tom ने कहा, \"हाँ\"।", "tom ने कहा हाँ।", 96, 0, 4, 4);
    expect("वह  घर गया", "वह घर गया", 99, 0, 3, 0);
    expect("मैं कल दिल्ली जाऊँगा।", "मैं कल मुंबई जाऊँगा।", 75, 1, 4, 0);
    expect("मैं कल सुबह दिल्ली जाऊँगा।", "मैं कल दिल्ली जाऊँगा।", 80, 1, 5, 0);
    expect("सीएसटीओ के 2,000 सैनिक कज़ाख़स्तान से लौट आए हैं।",
           "सीएसटीओ के 1,600 सैनिक कजाकिस्तान से लौट चुके हैं।", 76, 2, 9,
           1);
    expect("यहाँ \xEF\xBF\xBC" "क्लिक करें\xEF\xBF\xBC और आगे बढ़ें।",
           "यहाँ क्लिक करें और आगे बढ़ें।", 98, 0, 6, 2);
    expect("राम ने श्याम को किताब दी।", "श्याम ने राम को किताब दी।", 66, 2, 6,
           0);
    expect("मैं १९६० में पैदा हुआ था।", "मैं 1960 में पैदा हुआ था|", 98, 0, 6, 2);
    /* forms of one word: W in halves (expect()'s W is rounded up) */
    expect("खींच लाएँ", "खींच लाना", 75, 1, 2, 0);
    assert_int_equal(cmp("खींच लाएँ", "खींच लाना").half_edits, 1);
    expect("बच्चे घर खींच लाएँ", "बच्चों को घर खींच लाना", 60, 2, 5, 0);
    assert_int_equal(cmp("बच्चे घर खींच लाएँ", "बच्चों को घर खींच लाना")
                         .half_edits,
                     4);
    expect("सरकार ने नई किताबें छापीं", "सरकार ने नई किताब छापीं", 90, 1, 5,
           0);
    expect("वह घर जाएगा", "वह घर जाता", 66, 1, 3, 0);
    assert_int_equal(cmp("वह घर जाएगा", "वह घर जाता").half_edits, 2);
}

static void test_identity_is_after_nfc(void **state)
{
    (void)state;
    /* U+095B (precomposed ज़) is NFC ज + U+093C: the same text. */
    expect("\xE0\xA5\x9B" "रूरत", "ज़रूरत", 100, 0, 1, 0);
    expect("", "", 100, 0, 0, 0);
}

static void test_hindi_variants_cost_one_point(void **state)
{
    (void)state;
    /* nukta on क ख ग ज फ is optional ... */
    expect("क़लम ख़त ग़लत ज़मीन फ़ायदा", "कलम खत गलत जमीन फायदा", 95, 0, 5, 5);
    expect("फ़ायदा", "फायदा", 99, 0, 1, 1);
    /* ... on ड and ढ it makes another letter. */
    expect("सड़क", "सडक", 0, 1, 1, 0);
    /* chandrabindu / anusvara, ZWJ / ZWNJ, digits, danda / full stop / pipe */
    expect("हाँ", "हां", 99, 0, 1, 1);
    expect("क्\xE2\x80\x8Dष", "क्ष", 99, 0, 1, 1);
    expect("क्\xE2\x80\x8Cष", "क्ष", 99, 0, 1, 1);
    expect("वर्ष २०२२", "वर्ष 2022", 99, 0, 2, 1);
    expect("ठीक है।", "ठीक है.", 99, 0, 2, 1);
    expect("ठीक है|", "ठीक है।", 99, 0, 2, 1);
    expect_diff("ठीक है|", "ठीक है।", "substitute/variant:।>|");
    expect_diff("हाँ", "हां", "substitute/variant:हां>हाँ");
    expect_diff("वर्ष २०२२", "वर्ष 2022", "substitute/variant:2022>२०२२");
}

static void test_case_is_folded_by_icu(void **state)
{
    (void)state;
    expect("STRASSE", "straße", 99, 0, 1, 1);
    expect_diff("STRASSE", "straße", "substitute/case:straße>STRASSE");
    expect("The WHO said so", "the who said so", 98, 0, 4, 2);
}

static void test_minor_differences_keep_95(void **state)
{
    (void)state;
    /* Ten punctuation marks differ: still 95. */
    expect("हाँ, हाँ, हाँ, हाँ, हाँ, हाँ, हाँ, हाँ, हाँ, हाँ,",
           "हाँ हाँ हाँ हाँ हाँ हाँ हाँ हाँ हाँ हाँ", 95, 0, 10, 10);
    /* Whitespace only: 99. */
    expect("वह घर गया ", "वह घर गया", 99, 0, 3, 0);
    expect_diff("वह  घर गया", "वह घर गया", "substitute/space: >  ");
    /* One word out of many still counts as a word (and never 100). */
    expect("a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f "
           "g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l "
           "m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r "
           "s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v w x "
           "y z",
           "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f "
           "g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l "
           "m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r "
           "s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v w x "
           "y z Q",
           99, 1, 131, 0);
}

static void test_numbers_and_tags(void **state)
{
    (void)state;
    match_result r = cmp("पेज 5 और 7 देखें", "पेज 6 और 8 देखें");
    assert_int_equal(r.score, 98);
    assert_int_equal(r.number_mismatches, 2);
    expect_diff("पेज 5 और 7 देखें", "पेज 6 और 8 देखें",
                "substitute/number:6>5 substitute/number:8>7");
    /* A number added is a word added. */
    expect("पेज 5 देखें", "पेज देखें", 66, 1, 3, 0);
    r = cmp("यहाँ \xEF\xBF\xBC" "क्लिक\xEF\xBF\xBC करें", "यहाँ क्लिक करें");
    assert_int_equal(r.tag_mismatches, 2);
    expect_diff("यहाँ \xEF\xBF\xBC" "क्लिक\xEF\xBF\xBC करें", "यहाँ क्लिक करें",
                "insert/tag:>\xEF\xBF\xBC insert/tag:>\xEF\xBF\xBC");
}

static void test_word_diff(void **state)
{
    (void)state;
    expect_diff("मैं कल सुबह दिल्ली जाऊँगा।", "मैं कल दिल्ली जाऊँगा।",
                "insert/word:>सुबह");
    expect_diff("मैं दिल्ली जाऊँगा।", "मैं कल दिल्ली जाऊँगा।",
                "delete/word:कल>");
    expect_diff("राम ने श्याम को किताब दी।", "श्याम ने राम को किताब दी।",
                "substitute/word:श्याम>राम substitute/word:राम>श्याम");
    /* another form of the same word is marked as such */
    expect_diff("वह घर जाएगा", "वह घर जाता", "substitute/inflection:जाता>जाएगा");
    /* Byte ranges point into both texts. */
    const char *q = "मैं कल सुबह दिल्ली जाऊँगा।", *s = "मैं कल दिल्ली जाऊँगा।";
    match_result r = cmp(q, s);
    assert_int_equal(r.n_diff, 1);
    assert_int_equal(r.diff[0].src_start, strlen("मैं कल"));
    assert_int_equal(r.diff[0].src_end, strlen("मैं कल"));
    assert_int_equal(r.diff[0].query_start, strlen("मैं कल "));
    assert_int_equal(r.diff[0].query_end, strlen("मैं कल सुबह"));
}

static void test_json_and_marked(void **state)
{
    (void)state;
    const char *q = "कृपया \"पृष्ठ\" 12 देखें।", *s = "कृपया पृष्ठ 15 देखें.";
    match_result r = cmp(q, s);
    strbuf b = STRBUF_INIT;
    assert_int_equal(json_out_append(&b, match_diff_json(&r, s, q)), ANV_OK);
    assert_string_equal(
        b.data,
        "[{\"op\":\"insert\",\"kind\":\"punct\",\"match\":[15,15],"
        "\"query\":[16,17],\"match_text\":\"\",\"query_text\":\"\\\"\"},"
        "{\"op\":\"insert\",\"kind\":\"punct\",\"match\":[31,31],"
        "\"query\":[32,33],\"match_text\":\"\",\"query_text\":\"\\\"\"},"
        "{\"op\":\"substitute\",\"kind\":\"number\",\"match\":[32,34],"
        "\"query\":[34,36],\"match_text\":\"15\",\"query_text\":\"12\"},"
        "{\"op\":\"substitute\",\"kind\":\"variant\",\"match\":[50,51],"
        "\"query\":[52,55],\"match_text\":\".\",\"query_text\":\"।\"}]");
    strbuf_clear(&b);
    assert_int_equal(match_diff_append_marked(&b, &r, s, strlen(s), q),
                     ANV_OK);
    assert_string_equal(b.data, "कृपया{+\"+} पृष्ठ{+\"+} [-15-]{+12+} "
                                "देखें[-.-]{+।+}");
    strbuf_clear(&b);
    r = cmp("मैं कल सुबह दिल्ली जाऊँगा", "मैं कल दिल्ली जाऊँगा");
    match_diff_append_marked(&b, &r, "मैं कल दिल्ली जाऊँगा",
                             strlen("मैं कल दिल्ली जाऊँगा"),
                             "मैं कल सुबह दिल्ली जाऊँगा");
    assert_string_equal(b.data, "मैं कल {+सुबह+} दिल्ली जाऊँगा");
    strbuf_clear(&b);
    r = cmp("", "");
    json_out_append(&b, match_diff_json(&r, "", ""));
    assert_string_equal(b.data, "[]");
    strbuf_release(&b);
}

static void test_context_makes_101(void **state)
{
    (void)state;
    match_result r = cmp("दूसरा वाक्य।", "दूसरा वाक्य।");
    match_context q = {"पहला वाक्य।", "तीसरा वाक्य।"};
    match_context same = {"पहला वाक्य।", "तीसरा वाक्य।"};
    match_context other = {"कोई और वाक्य।", "तीसरा वाक्य।"};
    match_apply_context(&r, &q, &other);
    assert_int_equal(r.score, 100);
    match_apply_context(&r, &q, NULL);
    assert_int_equal(r.score, 100);
    match_apply_context(&r, &q, &same);
    assert_int_equal(r.score, 101);
    /* Only an exact match can be in context. */
    r = cmp("दूसरा वाक्य।", "दूसरा वाक्य.");
    match_apply_context(&r, &q, &same);
    assert_int_equal(r.score, 99);
    /* No neighbour on either side is a context too (first segment). */
    match_context none = {NULL, ""};
    assert_true(match_context_equal(&none, &(match_context){"", NULL}));
}

static void test_bad_input(void **state)
{
    (void)state;
    match_result r;
    anv_error err;
    assert_int_equal(matcher_compare(m, "a\xff", 2, "a", 1, &r, &err),
                     ANV_EUTF8);
    assert_string_equal(err.message, "query: invalid UTF-8 at byte 1");
    assert_int_equal(matcher_compare(m, "a", 1, "\xe0\xa4", 2, &r, &err),
                     ANV_EUTF8);
    assert_string_equal(err.message, "source: invalid UTF-8 at byte 0");
}

/* The bound the index uses is exactly the score's: 2W <= max_half_edits
 * gives base >= min, one more half edit gives less; and the filters'
 * bound over classes, max_word_edits, is its half. */
static void test_max_word_edits_matches_the_score(void **state)
{
    (void)state;
    for (unsigned l = 1; l <= 300; l++)
        for (int min = 1; min <= 100; min++) {
            unsigned w = match_max_word_edits(l, min);
            unsigned h = match_max_half_edits(l, min);
            assert_true(w < l);
            assert_int_equal(w, h / 2);
            /* 2W = h keeps the word score at the bar the lift needs ... */
            int bar = match_word_bar(min);
            assert_true(100 * (2 * l - h) >= (unsigned)bar * 2 * l);
            assert_true(bar == 100 || match_score_of(h, l, 0, 0) >= bar);
            /* ... half an edit more and no text can reach min, even with
             * a character similarity of 100 */
            assert_true(match_lifted(match_score_of(h + 1, l, 0, 0), 100) <
                        min);
        }
    assert_int_equal(match_max_word_edits(10, 75), 2);
    assert_int_equal(match_max_word_edits(10, 50), 5);
    assert_int_equal(match_max_word_edits(10, 30), 9); /* lifted from 1 */
    assert_int_equal(match_max_word_edits(10, 40), 9); /* lifted from 10 */
    assert_int_equal(match_max_word_edits(3, 50), 1);
    assert_int_equal(match_max_word_edits(7, 100), 0);
}

/* Plain Levenshtein over word classes, for checking the banded one. */
static unsigned lev(const uint32_t *a, size_t na, const uint32_t *b,
                    size_t nb)
{
    unsigned *d = malloc((na + 1) * (nb + 1) * sizeof *d);
    for (size_t i = 0; i <= na; i++)
        for (size_t j = 0; j <= nb; j++) {
            unsigned v;
            if (i == 0 || j == 0)
                v = (unsigned)(i + j);
            else {
                v = d[(i - 1) * (nb + 1) + j - 1] + (a[i - 1] != b[j - 1]);
                if (d[(i - 1) * (nb + 1) + j] + 1 < v)
                    v = d[(i - 1) * (nb + 1) + j] + 1;
                if (d[i * (nb + 1) + j - 1] + 1 < v)
                    v = d[i * (nb + 1) + j - 1] + 1;
            }
            d[i * (nb + 1) + j] = v;
        }
    unsigned r = d[na * (nb + 1) + nb];
    free(d);
    return r;
}

static void test_banded_word_edits(void **state)
{
    (void)state;
    uint64_t x = 12345;
    for (int round = 0; round < 3000; round++) {
        match_tok ta[40], tb[40];
        uint32_t ka[40], kb[40];
        size_t na, nb;
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        na = (x >> 33) % 30;
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        nb = (x >> 33) % 30;
        for (size_t i = 0; i < na + nb; i++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            /* keys 1..6, two forms of a word to a class: the banded
             * distance is over classes */
            uint32_t id = 1 + (uint32_t)((x >> 60) % 6);
            uint32_t key = MATCH_KEY(MATCH_TOK_LETTERS, id);
            uint32_t cls = MATCH_KEY(MATCH_TOK_LETTERS, 1 + (id - 1) / 2);
            match_tok t = {key, cls, 0, 0};
            if (i < na)
                ta[i] = t, ka[i] = cls;
            else
                tb[i - na] = t, kb[i - na] = cls;
        }
        match_seg a = {"", 0, ta, na, na}, b = {"", 0, tb, nb, nb};
        unsigned want = lev(ka, na, kb, nb);
        for (unsigned limit = 0; limit <= 30; limit += 3) {
            unsigned got = matcher_word_edits(m, &a, &b, limit);
            assert_int_equal(got, want <= limit ? want : limit + 1);
        }
    }
}

/* One random segment of up to 39 tokens from `pool`, its text the
 * tokens' bytes with a space between them. */
typedef struct pooled_tok {
    uint32_t key, cls;
    const char *text;
} pooled_tok;

/* Tokens of the four kinds for the random comparisons below: keys shared
 * with other bytes (a case or spelling variant), forms of one word (one
 * class, other keys), numbers, marks, a tag. */
#define L_(id) MATCH_KEY(MATCH_TOK_LETTERS, id)
static const pooled_tok kinds_pool[] = {
    {L_(1), L_(1), "ghar"},
    {L_(1), L_(1), "Ghar"},
    {L_(2), L_(2), "gaya"},
    {L_(11), L_(2), "gaye"},
    {L_(12), L_(2), "gayi"},
    {L_(3), L_(3), "vah"},
    {L_(9), L_(9), "nadi"},
    {L_(13), L_(9), "nadiyan"},
    {L_(10), L_(10), "pul"},
    {MATCH_KEY(MATCH_TOK_NUMBER, 4), MATCH_KEY(MATCH_TOK_NUMBER, 4), "12"},
    {MATCH_KEY(MATCH_TOK_NUMBER, 5), MATCH_KEY(MATCH_TOK_NUMBER, 5), "15"},
    {MATCH_KEY(MATCH_TOK_PUNCT, 6), MATCH_KEY(MATCH_TOK_PUNCT, 6), "."},
    {MATCH_KEY(MATCH_TOK_PUNCT, 6), MATCH_KEY(MATCH_TOK_PUNCT, 6),
     "\xE0\xA5\xA4"},
    {MATCH_KEY(MATCH_TOK_PUNCT, 7), MATCH_KEY(MATCH_TOK_PUNCT, 7), ","},
    {MATCH_KEY(MATCH_TOK_TAG, 8), MATCH_KEY(MATCH_TOK_TAG, 8), "\xEF\xBF\xBC"},
};
#define N_KINDS_POOL (sizeof kinds_pool / sizeof *kinds_pool)

static match_seg random_seg(uint64_t *x, const pooled_tok *pool, size_t n_pool,
                            match_tok *tok, strbuf *text)
{
    *x = *x * 6364136223846793005ull + 1442695040888963407ull;
    size_t n = (*x >> 33) % 40, words = 0;
    strbuf_clear(text);
    for (size_t i = 0; i < n; i++) {
        *x = *x * 6364136223846793005ull + 1442695040888963407ull;
        const pooled_tok *p = &pool[(*x >> 40) % n_pool];
        if (i)
            strbuf_append_char(text, ' ');
        tok[i].key = p->key;
        tok[i].cls = p->cls;
        tok[i].start = (uint32_t)text->len;
        strbuf_append_str(text, p->text);
        tok[i].end = (uint32_t)text->len;
        words += match_is_word(p->key);
    }
    match_seg seg = {text->data ? text->data : "", text->len, tok, n, words};
    return seg;
}

/* The table without a diff (how an index search scores each candidate)
 * gives the word edits, minor points, score and character similarity of
 * the traced table, on 5,000 random pairs mixing the four kinds of token,
 * keys shared with other bytes (a case or spelling variant), numbers. */
static void test_untraced_table_equals_traced(void **state)
{
    (void)state;
    uint64_t x = 777;
    match_tok ta[40], tb[40];
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    for (int round = 0; round < 5000; round++) {
        match_seg q = random_seg(&x, kinds_pool, N_KINDS_POOL, ta, &a);
        match_seg u = random_seg(&x, kinds_pool, N_KINDS_POOL, tb, &b);
        match_result traced, plain;
        assert_int_equal(matcher_compare_segs(m, &q, &u, 1, &traced), ANV_OK);
        assert_true(traced.has_diff);
        assert_int_equal(matcher_compare_segs(m, &q, &u, 0, &plain), ANV_OK);
        if (plain.half_edits != traced.half_edits ||
            plain.minor != traced.minor || plain.score != traced.score ||
            plain.chars != traced.chars)
            fail_msg("'%s' vs '%s': W %u/%u minor %u/%u score %d/%d", q.text,
                     u.text, plain.word_edits, traced.word_edits, plain.minor,
                     traced.minor, plain.score, traced.score);
    }
    strbuf_release(&a);
    strbuf_release(&b);
}

/* seg's tokens, each kept, dropped, replaced or preceded by a token of the
 * pool with the odds of `edits` in 16, as a new segment. */
static match_seg edited_seg(uint64_t *x, const match_seg *seg, int edits,
                            const pooled_tok *pool, size_t n_pool,
                            match_tok *tok, strbuf *text)
{
    size_t n = 0, words = 0;
    strbuf_clear(text);
    for (size_t i = 0; i <= seg->n && n < 78; i++) {
        *x = *x * 6364136223846793005ull + 1442695040888963407ull;
        unsigned roll = (unsigned)(*x >> 40) % 16, what = roll % 3;
        const pooled_tok *p = &pool[(*x >> 20) % n_pool];
        int edit = roll < (unsigned)edits;
        uint32_t key = 0, cls = 0;
        const char *t = NULL;
        size_t len = 0;
        for (int two = 0; two < 2; two++) {
            if (two == 0 && edit && what != 0) { /* replace, or insert */
                key = p->key, cls = p->cls, t = p->text;
                len = strlen(p->text);
            } else if (two == 1 && i < seg->n && !(edit && what < 2)) {
                const match_tok *o = &seg->tok[i];
                key = o->key, cls = o->cls, t = seg->text + o->start;
                len = o->end - o->start;
            } else {
                continue;
            }
            if (n)
                strbuf_append_char(text, ' ');
            tok[n].key = key;
            tok[n].cls = cls;
            tok[n].start = (uint32_t)text->len;
            strbuf_append(text, t, len);
            tok[n].end = (uint32_t)text->len;
            words += match_is_word(key);
            n++;
        }
    }
    match_seg out = {text->data ? text->data : "", text->len, tok, n, words};
    return out;
}

/* With a bar (how an index search scores candidates once it has max of
 * them), the comparison gives the full comparison's result whenever the
 * word score reaches the bar, and says "below" exactly when it does not,
 * though it stops counting word edits past what the bar allows: 20,000
 * pairs of a random segment and an edited copy, bars 50 to 100. */
static void test_bar_stops_where_the_full_comparison_agrees(void **state)
{
    (void)state;
    static const int bars[] = {50, 60, 75, 80, 85, 90, 95, 99, 100};
    size_t n_pool = N_KINDS_POOL;
    uint64_t x = 4242;
    match_tok ta[40], tb[80];
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    size_t below = 0, kept = 0;
    for (int round = 0; round < 20000; round++) {
        match_seg q = random_seg(&x, kinds_pool, n_pool, ta, &a);
        match_seg u = edited_seg(&x, &q, round % 9, kinds_pool, n_pool, tb, &b);
        const match_seg *one = round % 2 ? &q : &u, *two = round % 2 ? &u : &q;
        match_result full, r;
        assert_int_equal(matcher_compare_segs(m, one, two, 0, &full), ANV_OK);
        int bar = bars[round % (sizeof bars / sizeof *bars)], is_below;
        assert_int_equal(matcher_compare_segs_bar(m, one, two, bar, &r,
                                                  &is_below),
                         ANV_OK);
        if (full.word_score < bar) {
            if (!is_below || r.word_edits > full.word_edits ||
                r.score >= bar)
                fail_msg("'%s' vs '%s' at %d: below %d, W %u of %u", q.text,
                         u.text, bar, is_below, r.word_edits,
                         full.word_edits);
            below++;
        } else if (is_below || r.word_edits != full.word_edits ||
                   r.minor != full.minor || r.score != full.score ||
                   r.chars != full.chars) {
            fail_msg("'%s' vs '%s' at %d: W %u/%u minor %u/%u score %d/%d",
                     q.text, u.text, bar, r.word_edits, full.word_edits,
                     r.minor, full.minor, r.score, full.score);
        } else {
            kept++;
        }
    }
    /* both sides of the bar well covered */
    assert_true(below > 4000);
    assert_true(kept > 4000);
    strbuf_release(&a);
    strbuf_release(&b);
}

static void test_long_texts_have_no_diff(void **state)
{
    (void)state;
    /* 4,500 words each: over MATCH_DIFF_MAX_CELLS, scored without a trace. */
    static const char *const c[] = {"क", "ख", "ग", "घ", "च",
                                    "छ", "ज", "झ", "ट", "ठ"};
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    for (int i = 0; i < 4500; i++) {
        int w = i % 50;
        strbuf_printf(&a, "%s%sा ", c[w / 10], c[w % 10]);
        strbuf_printf(&b, "%s%sा ", w == 7 ? "म" : c[w / 10], c[w % 10]);
    }
    match_result r = cmp(a.data, b.data);
    assert_false(r.has_diff);
    assert_int_equal(r.word_edits, 90);
    assert_int_equal(r.words, 4500);
    assert_int_equal(r.score, 98);
    strbuf_release(&a);
    strbuf_release(&b);
}

/* Half edits (2W), word score S, character similarity C and score of
 * one comparison. */
static void expect_parts(const char *query, const char *source,
                         unsigned half, int word_score, int chars, int score)
{
    match_result r = cmp(query, source);
    if (r.half_edits != half || r.word_score != word_score ||
        r.chars != chars || r.score != score)
        fail_msg("'%s' vs '%s': 2W %u S %d C %d score %d, wanted "
                 "%u %d %d %d",
                 query, source, r.half_edits, r.word_score, r.chars, r.score,
                 half, word_score, chars, score);
}

/* The lift of docs/matching.md, "Character similarity". */
static void test_character_lift(void **state)
{
    (void)state;
    /* nothing but whole words in common: बाज़ार, of three and five
     * words, 4 edits (3 replaced, 1 added) in 5: 20; the characters
     * (C = 48) lift it to 48 */
    expect_parts("लड़की बाज़ार गई", "मेरा भाई आज बाज़ार गया", 8, 20, 48, 48);
    /* three word edits in five (मेरे / मेरा, a common stem, and है /
     * हैं whole; किताबें / किताब, पढ़ते / पढ़ता half each): 40 lifted
     * to 49 by C = 82 */
    expect_parts("मेरे दोस्त किताबें पढ़ते हैं", "मेरा दोस्त किताब पढ़ता है", 6,
                 40, 82, 49);
    match_result r = cmp("बाज़ार बंद है", "आज मौसम अच्छा था"); /* nothing shared */
    assert_int_equal(r.word_score, 0);
    assert_int_equal(r.score, 0);
    assert_int_equal(cmp("हाँ", "हाँ").chars, 100);

    assert_int_equal(match_lifted(30, 75), 49);
    assert_int_equal(match_lifted(30, 40), 40);
    assert_int_equal(match_lifted(10, 90), 40); /* at most 30 points */
    assert_int_equal(match_lifted(40, 20), 40); /* never lowered */
    assert_int_equal(match_lifted(0, 90), 0);   /* no word in common */
    assert_int_equal(match_lifted(50, 99), 50); /* 50 and up as they are */
    assert_int_equal(match_word_bar(100), 100);
    assert_int_equal(match_word_bar(50), 50);
    assert_int_equal(match_word_bar(49), 19);
    assert_int_equal(match_word_bar(40), 10);
    assert_int_equal(match_word_bar(30), 1);
    /* the bar is exact: every word score from it lifts to min, none below */
    for (int min = 1; min <= 100; min++)
        for (int ws = 0; ws <= 100; ws++)
            assert_int_equal(match_lifted(ws, 100) >= min,
                             ws >= match_word_bar(min));
}

/* A word replaced by another form of it (same inflection class) is half
 * a word edit, unless its stem is a common one (docs/matching.md, "The
 * score"); the diff names both "inflection". */
static void test_inflection_costs_half_a_word(void **state)
{
    (void)state;
    /* (the worked examples are in test_docs_examples) */
    expect_parts("खींच लाएँ", "खींच लाना", 1, 75, 75, 75);
    match_result r = cmp("खींच लाएँ", "खींच लाना");
    assert_int_equal(r.inflections, 1);
    expect_diff("खींच लाएँ", "खींच लाना", "substitute/inflection:लाना>लाएँ");
    /* a common stem's forms cost a word, and are still shown as forms */
    expect_diff("वह घर जाएगा", "वह घर जाता",
                "substitute/inflection:जाता>जाएगा");
    /* से / सेना share a "stem" by the suffix rule; से is a common one */
    r = cmp("सेना आई", "से आई");
    assert_int_equal(r.half_edits, 2);
    assert_int_equal(r.score, 50);
    assert_true(inflection_tables_ok());
    assert_int_equal(inflection_class_len("जाएगा", strlen("जाएगा")),
                     strlen("जाएगा"));
    assert_int_equal(inflection_class_len("लड़कों", strlen("लड़कों")),
                     strlen("लड़क"));
    assert_int_equal(inflection_class_len("वह", strlen("वह")), strlen("वह"));
}

static int same(const char *a, const char *b)
{
    return inflection_same_word(a, strlen(a), b, strlen(b));
}

/* Forms of one word, and look-alikes that are not. */
static void test_inflections(void **state)
{
    (void)state;
    assert_true(same("लाएँ", "लाना"));
    assert_true(same("लड़का", "लड़कों"));
    assert_true(same("करेगा", "करता"));
    assert_true(same("करना", "कर"));
    assert_true(same("सरकारें", "सरकार"));
    assert_true(same("बीमारियों", "बीमारी"));
    assert_true(same("बेचनेवाला", "बेचना"));
    assert_false(same("कर", "कर"));     /* the same word is no inflection */
    assert_false(same("की", "का"));     /* stems of one code point */
    assert_false(same("जान", "जाना"));  /* न is no ending */
    assert_false(same("गया", "जाना"));  /* irregular: not found */
    assert_false(same("house", "houses")); /* Hindi only */
    assert_int_equal(inflection_stem_len("लड़कियों", strlen("लड़कियों")),
                     strlen("लड़क")); /* the longest ending: -ियों */
    assert_int_equal(inflection_stem_len("ना", strlen("ना")),
                     strlen("ना")); /* too short to lose one */
}

/* The plain O(n m) LCS of two code point arrays. */
static size_t plain_lcs(const UChar32 *a, size_t na, const UChar32 *b,
                        size_t nb)
{
    size_t *prev = calloc(nb + 1, sizeof *prev), *cur = calloc(nb + 1, sizeof *cur);
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++)
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1
                     : prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    size_t l = prev[nb];
    free(prev);
    free(cur);
    return l;
}

/* The bit-parallel LCS against the plain one on random texts of 0 to 300
 * code points (several 64-bit words, carries between them), from a
 * small alphabet so that there is much to match, with spaces (left out)
 * and a character above the direct table. */
static void test_char_sim_equals_plain_lcs(void **state)
{
    (void)state;
    static const UChar32 alphabet[] = {0x915, 0x93E, 0x930, 0x947, 0x902,
                                       'a', ' ', 0x1F600};
    char_sim *c = char_sim_new();
    assert_non_null(c);
    unsigned seed = 12345;
    UChar32 a[300], b[300];
    char sa[1300], sb[1300];
    for (int round = 0; round < 400; round++) {
        size_t na = 0, nb = 0, la = 0, lb = 0;
        size_t wa = (size_t)(round % 7 == 0 ? 0 : rand_r(&seed) % 300);
        size_t wb = (size_t)(rand_r(&seed) % 300);
        for (size_t i = 0; i < wa; i++) {
            UChar32 cp = alphabet[rand_r(&seed) % 8];
            U8_APPEND_UNSAFE(sa, la, cp);
            if (cp != ' ')
                a[na++] = cp;
        }
        for (size_t i = 0; i < wb; i++) {
            UChar32 cp = alphabet[rand_r(&seed) % 8];
            U8_APPEND_UNSAFE(sb, lb, cp);
            if (cp != ' ')
                b[nb++] = cp;
        }
        int want = na == 0 && nb == 0 ? 100
                   : na == 0 || nb == 0
                       ? 0
                       : (int)(1300 * plain_lcs(a, na, b, nb) / (9 * na + 4 * nb));
        /* the same query several times in a row reuses its vectors */
        assert_int_equal(char_sim_score(c, sa, la, sb, lb), want);
        assert_int_equal(char_sim_score(c, sa, la, sb, lb), want);
    }
    char_sim_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docs_examples),
        cmocka_unit_test(test_identity_is_after_nfc),
        cmocka_unit_test(test_hindi_variants_cost_one_point),
        cmocka_unit_test(test_case_is_folded_by_icu),
        cmocka_unit_test(test_minor_differences_keep_95),
        cmocka_unit_test(test_numbers_and_tags),
        cmocka_unit_test(test_word_diff),
        cmocka_unit_test(test_json_and_marked),
        cmocka_unit_test(test_context_makes_101),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_max_word_edits_matches_the_score),
        cmocka_unit_test(test_banded_word_edits),
        cmocka_unit_test(test_untraced_table_equals_traced),
        cmocka_unit_test(test_bar_stops_where_the_full_comparison_agrees),
        cmocka_unit_test(test_long_texts_have_no_diff),
        cmocka_unit_test(test_character_lift),
        cmocka_unit_test(test_inflections),
        cmocka_unit_test(test_inflection_costs_half_a_word),
        cmocka_unit_test(test_char_sim_equals_plain_lcs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
