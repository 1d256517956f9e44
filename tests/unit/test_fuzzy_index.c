/*
 * test_fuzzy_index.c - the fuzzy index finds exactly what a brute-force
 * scan finds.
 *
 * A TM of 2,400 units (400 real Hindi sentences from ../shared/data, each
 * with variants: words replaced, dropped, added or swapped, numbers,
 * spelling variants, punctuation, case, inline tags; tests/bench/tmgen.h)
 * plus a few odd units (empty, punctuation or a tag only, a number, a very
 * long one).  2,000 generated queries (exact, edited, reordered, truncated,
 * unrelated), 200 with every word put in another form (inflected: लड़का
 * -> लड़के, half a word edit when the stem is not a common one) plus odd
 * ones are each compared with every unit by the
 * matcher (no index), and the index must return the same units with the
 * same scores, best first, at --min 30, 50, 75, 95 and 100.
 *
 * Then: the index written to a file and mapped again gives the same
 * answers; damaged files are refused; fuzzy_index_load rebuilds exactly
 * when the TM files change; two threads share one index; context (101),
 * ties and --max; bad arguments.
 */
#include "testutil.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unicode/uclean.h>

#include "../bench/tmgen.h"
#include "match/fuzzy_format.h"
#include "match/fuzzy_index.h"
#include "match/match.h"

#define BASES 400
#define UNITS 2400
#define QUERIES 2000
#define INFLECTED 200 /* queries after the generated ones */

static const int mins[] = {30, 50, 75, 95, 100};
#define N_MINS (sizeof mins / sizeof *mins)

/* Units outside tmgen's pattern. */
static const char *const odd_units[] = {
    "", "।", "...", "\xEF\xBF\xBC", "12", "2022", "नमस्ते", "नमस्ते!",
    "Tom", "TOM.",
};
/* Queries outside tmgen's pattern. */
static const char *const odd_queries[] = {
    "", "।", "!", "\xEF\xBF\xBC", "12", "१२", "नमस्ते।", "tom",
    "क्ष्ज्ञ ज़ज़ज़ त्रत्र", /* words no unit has */
    "  ", "\xE0\xA5\x9B" "रूरत है", /* precomposed nukta */
};
#define N_ODD_UNITS (sizeof odd_units / sizeof *odd_units)
#define N_ODD_QUERIES (sizeof odd_queries / sizeof *odd_queries)
#define N_ALL_QUERIES (QUERIES + INFLECTED + N_ODD_QUERIES)

typedef struct fixture {
    tmgen *g;
    size_t n;                /* units */
    char **src, **tgt;
    int64_t *date, *usage;
    matcher *m;
    match_prepared **prep;
    fuzzy_index *idx;        /* in memory */
    char dir[256];
} fixture;

static fixture F;

/* Forty base sentences in one unit. */
static char *long_unit(void)
{
    strbuf b = STRBUF_INIT;
    for (int i = 0; i < 40; i++)
        strbuf_printf(&b, "%s ", tmgen_base(F.g, (size_t)i, BASES)->hi);
    return b.data;
}

static void add_unit(fuzzy_builder *b, size_t i)
{
    fuzzy_unit u = {i, F.src[i], strlen(F.src[i]), F.date[i], F.usage[i],
                    F.tgt[i], strlen(F.tgt[i]), 0};
    anv_error err;
    assert_int_equal(fuzzy_builder_add(b, &u, &err), ANV_OK);
}

static int feed_all(void *ctx, fuzzy_builder *b, anv_error *err)
{
    (void)err;
    size_t *calls = ctx;
    if (calls)
        (*calls)++;
    for (size_t i = 0; i < F.n; i++)
        add_unit(b, i);
    return ANV_OK;
}

static int setup(void **state)
{
    (void)state;
    char path[4096];
    F.g = tmgen_open(shared_path(path, sizeof path, ""));
    if (!F.g)
        return -1;
    F.n = UNITS + N_ODD_UNITS + 1;
    F.src = calloc(F.n, sizeof *F.src);
    F.tgt = calloc(F.n, sizeof *F.tgt);
    F.date = calloc(F.n, sizeof *F.date);
    F.usage = calloc(F.n, sizeof *F.usage);
    F.prep = calloc(F.n, sizeof *F.prep);
    anv_error err;
    F.m = matcher_new(&err);
    strbuf s = STRBUF_INIT, t = STRBUF_INIT;
    for (size_t i = 0; i < F.n; i++) {
        if (i < UNITS) {
            tmgen_unit(F.g, i, BASES, &s, &t);
            F.src[i] = strdup(s.data);
            F.tgt[i] = strdup(t.data);
        } else {
            F.src[i] = i - UNITS < N_ODD_UNITS ? strdup(odd_units[i - UNITS])
                                              : long_unit();
            F.tgt[i] = strdup("-");
        }
        F.date[i] = tmgen_date(i);
        F.usage[i] = tmgen_usage(i);
        if (matcher_prepare(F.m, F.src[i], strlen(F.src[i]), &F.prep[i],
                            &err) != ANV_OK)
            return -1;
    }
    strbuf_release(&s);
    strbuf_release(&t);
    fuzzy_builder *b = fuzzy_builder_new(&err);
    feed_all(NULL, b, &err);
    if (fuzzy_builder_finish(b, &F.idx, &err) != ANV_OK)
        return -1;
    fuzzy_builder_free(b);
    snprintf(F.dir, sizeof F.dir, "%s/anuvad-fuzzy.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(F.dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < F.n; i++) {
        free(F.src[i]);
        free(F.tgt[i]);
        match_prepared_free(F.prep[i]);
    }
    free(F.src);
    free(F.tgt);
    free(F.date);
    free(F.usage);
    free(F.prep);
    matcher_free(F.m);
    fuzzy_index_free(F.idx);
    tmgen_free(F.g);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", F.dir);
    if (system(cmd) != 0)
        return -1;
    u_cleanup();
    return 0;
}

/* Another form of each word of `text` whose ending is in the table
 * (लड़का -> लड़के, लड़की -> लड़कियों, करना -> करते ...) into q. */
static void inflect(const char *text, strbuf *q)
{
    static const char *const endings[][2] = {
        {"ना", "ते"}, {"ें", "ों"}, {"ों", "े"},
        {"ा", "े"},   {"े", "ा"},   {"ी", "ियों"},
    };
    strbuf_clear(q);
    const char *w = text;
    while (*w) {
        size_t n = strcspn(w, " ");
        size_t e = 0;
        for (; e < sizeof endings / sizeof *endings; e++) {
            size_t el = strlen(endings[e][0]);
            if (n > el && memcmp(w + n - el, endings[e][0], el) == 0)
                break;
        }
        if (e < sizeof endings / sizeof *endings) {
            strbuf_append(q, w, n - strlen(endings[e][0]));
            strbuf_append_str(q, endings[e][1]);
        } else {
            strbuf_append(q, w, n);
        }
        w += n;
        if (*w)
            strbuf_append_char(q, *w++);
    }
}

/* Query number i: the generated ones, the inflected ones (exact copies
 * of units, their words in other forms), then the odd ones. */
static void query_text(size_t i, strbuf *q)
{
    if (i < QUERIES) {
        tmgen_query(F.g, i, UNITS, BASES, q);
    } else if (i < QUERIES + INFLECTED) {
        strbuf exact = STRBUF_INIT;
        tmgen_query(F.g, (i - QUERIES) * TMGEN_KINDS + TMGEN_EXACT, UNITS,
                    BASES, &exact);
        inflect(exact.data ? exact.data : "", q);
        strbuf_release(&exact);
    } else {
        strbuf_clear(q);
        strbuf_append_str(q, odd_queries[i - QUERIES - INFLECTED]);
    }
}

/* The results of query number i (its text left in q) at `min`. */
static const fuzzy_match *search_query(fuzzy_searcher *s, size_t i, int min,
                                       strbuf *q, size_t *n)
{
    anv_error err;
    query_text(i, q);
    fuzzy_options o = {.min = min, .max = 0};
    const fuzzy_match *res;
    assert_int_equal(fuzzy_search(s, q->data, q->len, &o, &res, n, &err),
                     ANV_OK);
    return res;
}

static int query_kind(size_t i)
{
    return i < QUERIES               ? (int)(i % TMGEN_KINDS)
           : i < QUERIES + INFLECTED ? TMGEN_KINDS
                                     : TMGEN_KINDS + 1;
}

static int in_order(const fuzzy_match *a, const fuzzy_match *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    if (a->chars != b->chars)
        return a->chars > b->chars;
    if (a->changedate != b->changedate)
        return a->changedate > b->changedate;
    if (a->usagecount != b->usagecount)
        return a->usagecount > b->usagecount;
    return a->id < b->id;
}

/* --max bounds the work (a candidate that cannot reach the max-th best
 * score is not scored, and the blocks of units searched after the bar
 * rose are gathered at that bar): the max best must be exactly the first
 * max of the whole list, ties and their order included.  Blocks of 61
 * units make the bar rise between blocks of the 2,411 here. */
static void test_max_equals_head_of_all(void **state)
{
    (void)state;
    anv_error err;
    fuzzy_searcher *all = fuzzy_searcher_new(F.idx, &err);
    fuzzy_searcher *tops[2] = {fuzzy_searcher_new(F.idx, &err),
                               fuzzy_searcher_new(F.idx, &err)};
    assert_non_null(all);
    assert_non_null(tops[0]);
    assert_non_null(tops[1]);
    assert_int_equal(fuzzy_searcher_set_block(tops[1], 61), ANV_OK);
    static const size_t maxes[] = {1, 2, 3, 5, 10};
    strbuf q = STRBUF_INIT;
    size_t checked = 0, cut = 0;
    for (size_t i = 0; i < N_ALL_QUERIES; i++) {
        query_text(i, &q);
        for (size_t k = 0; k < N_MINS; k++) {
            /* below 50 the character lift makes nearly every unit that
             * shares a word a candidate: every 4th query is enough there
             * (and keeps this test at a minute under ASan) */
            if (mins[k] < 50 && i % 4)
                continue;
            fuzzy_options o = {.min = mins[k], .max = 0};
            const fuzzy_match *ra, *rt;
            size_t na, nt;
            assert_int_equal(fuzzy_search(all, q.data, q.len, &o, &ra, &na,
                                          &err),
                             ANV_OK);
            for (size_t m = 0; m < 2 * sizeof maxes / sizeof *maxes; m++) {
                fuzzy_searcher *top = tops[m % 2];
                fuzzy_options ot = {.min = mins[k], .max = maxes[m / 2]};
                assert_int_equal(fuzzy_search(top, q.data, q.len, &ot, &rt,
                                              &nt, &err),
                                 ANV_OK);
                size_t want = na < maxes[m / 2] ? na : maxes[m / 2];
                assert_int_equal(nt, want);
                for (size_t r = 0; r < nt; r++) {
                    assert_int_equal(rt[r].id, ra[r].id);
                    assert_int_equal(rt[r].score, ra[r].score);
                }
                checked++;
                cut += na > maxes[m / 2];
            }
        }
    }
    printf("   --max: %zu searches compared, %zu of them cut\n", checked,
           cut);
    assert_true(cut > 100); /* the bound was exercised */
    strbuf_release(&q);
    fuzzy_searcher_free(all);
    fuzzy_searcher_free(tops[0]);
    fuzzy_searcher_free(tops[1]);
}

static void test_index_equals_brute_force(void **state)
{
    (void)state;
    anv_error err;
    /* The second searcher counts in blocks of 97 units: the results must
     * not change at the seams between blocks. */
    fuzzy_searcher *searchers[2] = {fuzzy_searcher_new(F.idx, &err),
                                    fuzzy_searcher_new(F.idx, &err)};
    assert_non_null(searchers[0]);
    assert_non_null(searchers[1]);
    assert_int_equal(fuzzy_searcher_set_block(searchers[1], 97), ANV_OK);
    int *score = malloc(F.n * sizeof *score);
    int *chars = malloc(F.n * sizeof *chars);
    unsigned char *got = malloc(F.n);
    size_t found[TMGEN_KINDS + 2][N_MINS] = {{0}};
    size_t compared = 0;
    strbuf q = STRBUF_INIT;
    for (size_t i = 0; i < N_ALL_QUERIES; i++) {
        query_text(i, &q);
        match_prepared *pq;
        assert_int_equal(matcher_prepare(F.m, q.data, q.len, &pq, &err),
                         ANV_OK);
        for (size_t u = 0; u < F.n; u++) {
            match_result r;
            assert_int_equal(
                matcher_compare_prepared(F.m, pq, F.prep[u], 0, &r, &err),
                ANV_OK);
            score[u] = r.score;
            chars[u] = r.chars;
        }
        compared += F.n;
        match_prepared_free(pq);
        for (size_t k = 0; k < 2 * N_MINS; k++) {
            fuzzy_searcher *s = searchers[k / N_MINS];
            int min = mins[k % N_MINS];
            /* below 50 (the character lift), every 4th query: see
             * test_max_equals_head_of_all */
            if (min < 50 && i % 4)
                continue;
            fuzzy_options o = {.min = min, .max = 0};
            const fuzzy_match *res;
            size_t n;
            assert_int_equal(fuzzy_search(s, q.data, q.len, &o, &res, &n,
                                          &err),
                             ANV_OK);
            size_t want = 0;
            for (size_t u = 0; u < F.n; u++)
                want += score[u] >= min;
            memset(got, 0, F.n);
            for (size_t r = 0; r < n; r++) {
                assert_true(res[r].id < F.n);
                if (got[res[r].id]++ || res[r].score != score[res[r].id] ||
                    res[r].chars != chars[res[r].id])
                    fail_msg("query %zu '%s' --min %d: unit %llu '%s' "
                             "scored %d, brute force %d",
                             i, q.data, min,
                             (unsigned long long)res[r].id,
                             F.src[res[r].id], res[r].score,
                             score[res[r].id]);
                assert_int_equal(res[r].changedate, F.date[res[r].id]);
                assert_int_equal(res[r].usagecount, F.usage[res[r].id]);
                if (r > 0)
                    assert_true(in_order(&res[r - 1], &res[r]));
            }
            if (n != want)
                for (size_t u = 0; u < F.n; u++)
                    if (score[u] >= min && !got[u])
                        fail_msg("query %zu '%s' --min %d: missed unit "
                                 "%zu '%s' (score %d); %zu of %zu found",
                                 i, q.data, min, u, F.src[u], score[u],
                                 n, want);
            assert_int_equal(n, want);
            if (k < N_MINS)
                found[query_kind(i)][k] += n;
        }
    }
    printf("   %zu queries x %zu units = %zu comparisons; matches found:\n",
           (size_t)(N_ALL_QUERIES), F.n, compared);
    for (int kind = 0; kind <= TMGEN_KINDS + 1; kind++) {
        printf("   %-10s", kind < TMGEN_KINDS    ? tmgen_kind_names[kind]
                           : kind == TMGEN_KINDS ? "inflected"
                                                 : "odd");
        for (size_t k = 0; k < N_MINS; k++)
            printf("  >=%d: %zu", mins[k], found[kind][k]);
        printf("\n");
    }
    /* The check means something only if every kind finds matches at low
     * thresholds and exact queries find 100s. */
    for (int kind = 0; kind < TMGEN_KINDS; kind++)
        assert_true(found[kind][0] > 0);
    assert_true(found[TMGEN_EXACT][4] >= QUERIES / TMGEN_KINDS);
    assert_true(found[TMGEN_EDITED][2] > 0);
    assert_true(found[TMGEN_KINDS][2] > 0); /* inflected, at 75 */
    strbuf_release(&q);
    free(score);
    free(chars);
    free(got);
    fuzzy_searcher_free(searchers[0]);
    fuzzy_searcher_free(searchers[1]);
}

/* fuzzy_searcher_compare() gives what matcher_compare() gives for the
 * query and the unit's source: score, counts and the very same diff. */
static void test_searcher_compare_equals_matcher_compare(void **state)
{
    (void)state;
    anv_error err;
    fuzzy_searcher *s = fuzzy_searcher_new(F.idx, &err);
    assert_non_null(s);
    strbuf q = STRBUF_INIT;
    size_t compared = 0;
    for (size_t i = 0; i < N_ALL_QUERIES; i++) {
        size_t n;
        const fuzzy_match *res = search_query(s, i, 30, &q, &n);
        for (size_t r = 0; r < n; r++) {
            match_result got, want;
            assert_int_equal(fuzzy_searcher_compare(s, res[r].unit, &got),
                             ANV_OK);
            const char *src = F.src[res[r].id];
            assert_int_equal(matcher_compare(F.m, q.data, q.len, src,
                                             strlen(src), &want, &err),
                             ANV_OK);
            assert_int_equal(got.score, want.score);
            assert_int_equal(got.score, res[r].score);
            assert_int_equal(got.word_edits, want.word_edits);
            assert_int_equal(got.words, want.words);
            assert_int_equal(got.minor, want.minor);
            assert_int_equal(got.number_mismatches, want.number_mismatches);
            assert_int_equal(got.tag_mismatches, want.tag_mismatches);
            assert_int_equal(got.has_diff, want.has_diff);
            assert_int_equal(got.n_diff, want.n_diff);
            if (got.n_diff)
                assert_memory_equal(got.diff, want.diff,
                                    got.n_diff * sizeof *got.diff);
            compared++;
        }
    }
    assert_true(compared > QUERIES);
    strbuf_release(&q);
    fuzzy_searcher_free(s);
}

/* A digest of the results of queries [0, n) at --min 50. */
static uint64_t digest_queries(const fuzzy_index *idx, size_t from,
                               size_t n, size_t step)
{
    anv_error err;
    fuzzy_searcher *s = fuzzy_searcher_new(idx, &err);
    assert_non_null(s);
    uint64_t h = 1469598103934665603ull;
    strbuf q = STRBUF_INIT;
    for (size_t i = from; i < n; i += step) {
        size_t k;
        const fuzzy_match *res = search_query(s, i, 50, &q, &k);
        for (size_t r = 0; r < k; r++)
            h = ((h ^ res[r].id) * 1099511628211ull ^ (uint64_t)res[r].score) *
                1099511628211ull;
        h = (h ^ k) * 1099511628211ull;
    }
    strbuf_release(&q);
    fuzzy_searcher_free(s);
    return h;
}

static void path_in_dir(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", F.dir, name);
}

static void write_index_file(const char *path)
{
    anv_error err;
    fuzzy_builder *b = fuzzy_builder_new(&err);
    feed_all(NULL, b, &err);
    assert_int_equal(fuzzy_builder_write(b, path, NULL, &err), ANV_OK);
    fuzzy_builder_free(b);
}

/* The fixture's index written to `name` in the test folder (its path in
 * path[512]) and opened from there. */
static fuzzy_index *write_and_open(char path[512], const char *name)
{
    path_in_dir(path, 512, name);
    write_index_file(path);
    fuzzy_index *x;
    anv_error err;
    assert_int_equal(fuzzy_index_open(path, &x, &err), ANV_OK);
    return x;
}

static void test_file_gives_the_same_answers(void **state)
{
    (void)state;
    char path[512];
    fuzzy_index *x = write_and_open(path, "tm.tmx.idx");
    anv_error err;
    assert_int_equal(fuzzy_index_units(x), F.n);
    assert_int_equal(fuzzy_index_keys(x), fuzzy_index_keys(F.idx));
    assert_int_equal(digest_queries(x, 0, 400, 1),
                     digest_queries(F.idx, 0, 400, 1));
    /* Sources come back NFC, payloads as given. */
    fuzzy_searcher *s = fuzzy_searcher_new(x, &err);
    assert_non_null(s);
    for (uint32_t u = 0; u < fuzzy_index_units(x); u++) {
        uint64_t id = fuzzy_index_id(x, u);
        size_t len, plen;
        const char *src = fuzzy_searcher_source(s, u, &len);
        const char *pay = fuzzy_searcher_payload(s, u, &plen);
        assert_non_null(src);
        assert_non_null(pay);
        assert_int_equal(src[len], '\0');
        assert_int_equal(plen, strlen(F.tgt[id]));
        assert_memory_equal(pay, F.tgt[id], plen);
        size_t nlen;
        const char *nfc = match_prepared_text(F.prep[id], &nlen);
        assert_int_equal(len, nlen);
        assert_memory_equal(src, nfc, len);
    }
    fuzzy_searcher_free(s);
    fuzzy_index_free(x);
}

/* A searched file's sources, spans and payloads are read from the file,
 * not through the map (fuzzy_file.c): each read gives its own unit's text
 * (a unit read again after another is not the other's), and a file cut
 * short under an open index, in its texts, leaves them unreadable (NULL,
 * a low score) where the map would have killed the process (SIGBUS). */
static void test_texts_read_from_the_file(void **state)
{
    (void)state;
    char path[512];
    fuzzy_index *x = write_and_open(path, "cut.idx");
    anv_error err;
    fuzzy_searcher *s = fuzzy_searcher_new(x, &err);
    assert_non_null(s);
    uint32_t last = (uint32_t)fuzzy_index_units(x) - 1;
    uint32_t order[] = {0, last, 0, 0, last, 1, last};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        uint32_t u = order[i];
        size_t len, nlen;
        const char *src = fuzzy_searcher_source(s, u, &len);
        const char *nfc =
            match_prepared_text(F.prep[fuzzy_index_id(x, u)], &nlen);
        assert_non_null(src);
        assert_int_equal(len, nlen);
        assert_memory_equal(src, nfc, len);
    }

    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fz_header h;
    assert_int_equal(fread(&h, sizeof h, 1, f), 1);
    fclose(f);
    assert_int_equal(truncate(path, (off_t)h.sections[FZ_UNIT_TEXT].off), 0);
    size_t unread = 0;
    for (uint32_t u = 0; u <= last; u++) {
        /* an empty text needs no read */
        uint64_t id = fuzzy_index_id(x, u);
        size_t len, plen, nlen;
        match_prepared_text(F.prep[id], &nlen);
        const char *src = fuzzy_searcher_source(s, u, &len);
        const char *pay = fuzzy_searcher_payload(s, u, &plen);
        assert_true(nlen ? src == NULL : src != NULL && len == 0);
        assert_true(strlen(F.tgt[id]) ? pay == NULL : pay != NULL);
        unread += src == NULL;
    }
    assert_true(unread > last / 2);
    /* the keys are still there: the search runs, and what it finds it
     * cannot score as well as the texts would have (no character
     * similarity, no diff) */
    strbuf q = STRBUF_INIT;
    for (size_t i = 0; i < 20; i++) {
        query_text(i, &q);
        fuzzy_options o = {.min = 1, .max = 5};
        const fuzzy_match *m;
        size_t n;
        assert_int_equal(fuzzy_search(s, q.data, q.len, &o, &m, &n, &err),
                         ANV_OK);
        for (size_t k = 0; k < n; k++) {
            match_result r;
            assert_int_equal(fuzzy_searcher_compare(s, m[k].unit, &r),
                             ANV_OK);
            assert_int_equal(r.chars, 0);
        }
    }
    strbuf_release(&q);
    fuzzy_searcher_free(s);
    fuzzy_index_free(x);
}

/* Texts at the edges of the file's encodings: token spans that need two
 * bytes (a gap of 300 spaces, a 300-byte word, a 64 KiB word: three wide
 * units among narrow ones), usage counts of -1 and past 2^31, sources
 * whose SCSU needs window switches (supplementary characters, Latin
 * with accents, Devanagari and Latin mixed), an empty source.  Each comes
 * back exactly, finds itself, and compares with an edited query exactly
 * as matcher_compare() does, diff offsets included. */
static void test_unusual_texts_round_trip(void **state)
{
    (void)state;
    strbuf t[8] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
                   STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    strbuf_printf(&t[0], "शब्द%300sदूसरा शब्द है।", "");
    for (int i = 0; i < 100; i++)
        strbuf_append_str(&t[1], "क");
    strbuf_append_str(&t[1], " एक लंबा शब्द।");
    strbuf_append_str(&t[2], "मैं 😀 खुश हूँ, 𝐀𝐁𝐂 ठीक है।");
    strbuf_append_str(&t[3], "Café naïve résumé — “quoted” ½ €5.");
    strbuf_append_str(&t[4], "नमस्ते world १२३ 123 ￼ ध्यान दें: ऑफ़िस!");
    strbuf_append_str(&t[5], "");
    for (int i = 0; i < 65534; i++)
        strbuf_append_char(&t[6], 'x');
    strbuf_append_str(&t[6], " y"); /* 65,536 bytes, the most indexed */
    /* U+0958 QA and U+095B ZA: NFC decomposes them (composition
     * exclusions) */
    strbuf_append_str(&t[7], "\xE0\xA5\x98िला और \xE0\xA5\x9Bमीन");
    const size_t n = sizeof t / sizeof t[0];
    anv_error err;
    fuzzy_builder *b = fuzzy_builder_new(&err);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++) {
        /* usage counts past 2^31 are kept as 2^31 - 1 */
        int64_t usage = i == 2 ? 5000000000ll : (int64_t)i - 1;
        fuzzy_unit u = {i, t[i].data ? t[i].data : "", t[i].len, 0, usage,
                        "", 0, 0};
        assert_int_equal(fuzzy_builder_add(b, &u, &err), ANV_OK);
    }
    char path[512];
    path_in_dir(path, sizeof path, "unusual.idx");
    assert_int_equal(fuzzy_builder_write(b, path, NULL, &err), ANV_OK);
    fuzzy_builder_free(b);
    fuzzy_index *x;
    assert_int_equal(fuzzy_index_open(path, &x, &err), ANV_OK);
    assert_int_equal(fuzzy_index_units(x), n);
    fuzzy_searcher *s = fuzzy_searcher_new(x, &err);
    matcher *m = matcher_new(&err);
    assert_non_null(s);
    assert_non_null(m);
    strbuf nfc = STRBUF_INIT, q = STRBUF_INIT;
    for (uint32_t u = 0; u < n; u++) {
        uint64_t id = fuzzy_index_id(x, u);
        const char *text = t[id].data ? t[id].data : "";
        assert_int_equal(match_normalize("t", text, t[id].len, &nfc, &err),
                         ANV_OK);
        size_t len;
        const char *src = fuzzy_searcher_source(s, u, &len);
        assert_non_null(src);
        assert_int_equal(len, nfc.len);
        assert_memory_equal(src, nfc.data, len);
        if (id == 7)
            assert_int_equal(nfc.len, t[id].len + 6);
        if (!len)
            continue;
        /* the text finds itself at 100 */
        fuzzy_options o = {.min = 100};
        const fuzzy_match *res;
        size_t k, found = 0;
        assert_int_equal(fuzzy_search(s, text, t[id].len, &o, &res, &k, &err),
                         ANV_OK);
        for (size_t r = 0; r < k; r++)
            if (res[r].id == id && res[r].score == 100) {
                found++;
                assert_int_equal(res[r].usagecount,
                                 id == 2 ? INT32_MAX : (int64_t)id - 1);
            }
        assert_int_equal(found, 1);
        /* an edited query: the diff's offsets come from the spans */
        strbuf_clear(&q);
        if (id == 6) { /* no room for another word: another last word */
            strbuf_append(&q, text, t[id].len - 1);
            strbuf_append_char(&q, 'z');
        } else {
            strbuf_printf(&q, "नया %s", text);
        }
        o.min = 1;
        assert_int_equal(fuzzy_search(s, q.data, q.len, &o, &res, &k, &err),
                         ANV_OK);
        size_t seen = 0;
        for (size_t r = 0; r < k; r++) {
            if (res[r].id != id)
                continue;
            match_result got, want;
            assert_int_equal(fuzzy_searcher_compare(s, res[r].unit, &got),
                             ANV_OK);
            assert_int_equal(matcher_compare(m, q.data, q.len, text,
                                             t[id].len, &want, &err),
                             ANV_OK);
            assert_int_equal(got.score, want.score);
            assert_int_equal(got.n_diff, want.n_diff);
            assert_true(got.n_diff > 0);
            assert_memory_equal(got.diff, want.diff,
                                got.n_diff * sizeof *got.diff);
            seen++;
        }
        assert_int_equal(seen, 1);
    }
    strbuf_release(&nfc);
    strbuf_release(&q);
    for (size_t i = 0; i < n; i++)
        strbuf_release(&t[i]);
    matcher_free(m);
    fuzzy_searcher_free(s);
    fuzzy_index_free(x);
}

static void copy_file(const char *from, const char *to, long cut,
                      long flip_at)
{
    FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
    assert_non_null(a);
    assert_non_null(b);
    int c;
    long pos = 0;
    while ((c = fgetc(a)) != EOF && (cut < 0 || pos < cut)) {
        fputc(pos == flip_at ? c ^ 0x20 : c, b);
        pos++;
    }
    fclose(a);
    fclose(b);
}

static void expect_refused(const char *path, const char *why)
{
    fuzzy_index *x = NULL;
    anv_error err;
    assert_int_equal(fuzzy_index_open(path, &x, &err), ANV_EPARSE);
    assert_null(x);
    char want[1024];
    snprintf(want, sizeof want, "%s: not a usable fuzzy index (%s)", path,
             why);
    assert_string_equal(err.message, want);
}

static void test_damaged_files_are_refused(void **state)
{
    (void)state;
    char good[512], bad[512];
    path_in_dir(good, sizeof good, "good.idx");
    path_in_dir(bad, sizeof bad, "bad.idx");
    write_index_file(good);
    struct stat st;
    assert_int_equal(stat(good, &st), 0);
    copy_file(good, bad, st.st_size / 2, -1);
    expect_refused(bad, "truncated");
    copy_file(good, bad, -1, st.st_size / 2);
    expect_refused(bad, "damaged: hash mismatch");
    copy_file(good, bad, -1, 40); /* a count in the header */
    expect_refused(bad, "damaged header");
    copy_file(good, bad, 100, -1);
    expect_refused(bad, "too short");
    FILE *f = fopen(bad, "w");
    fputs("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n", f);
    for (int i = 0; i < 200; i++)
        fputs("<tu><tuv xml:lang=\"hi\"><seg>नमस्ते</seg></tuv></tu>\n", f);
    fputs("</tmx>\n", f);
    fclose(f);
    expect_refused(bad, "no index header");
    fuzzy_index *x;
    anv_error err;
    path_in_dir(bad, sizeof bad, "missing.idx");
    assert_int_equal(fuzzy_index_open(bad, &x, &err), ANV_ENOTFOUND);
}

/* The whole check runs once per version of a file: a file that passed
 * it (and was not changed in the last two seconds before, when a write
 * could leave its times as they were) is trusted at the next open; a
 * write to it is noticed and the file checked again. */
static void test_checked_once(void **state)
{
    (void)state;
    char idx[512], ok[600];
    path_in_dir(idx, sizeof idx, "once.idx");
    snprintf(ok, sizeof ok, "%s.ok", idx);
    write_index_file(idx);
    fuzzy_index *x;
    anv_error err;
    assert_int_equal(fuzzy_index_open(idx, &x, &err), ANV_OK);
    assert_false(fuzzy_index_trusted(x));
    fuzzy_index_free(x);
    struct stat st;
    assert_int_equal(stat(ok, &st), -1); /* too fresh to vouch for */

    struct timespec wait = {2, 300000000};
    nanosleep(&wait, NULL);
    assert_int_equal(fuzzy_index_open(idx, &x, &err), ANV_OK);
    assert_false(fuzzy_index_trusted(x));
    fuzzy_index_free(x);
    assert_int_equal(stat(ok, &st), 0);
    assert_int_equal(fuzzy_index_open(idx, &x, &err), ANV_OK);
    assert_true(fuzzy_index_trusted(x));
    assert_int_equal(fuzzy_index_units(x), F.n);
    /* a trusted index answers as the checked one */
    fuzzy_searcher *s = fuzzy_searcher_new(x, &err);
    fuzzy_searcher *all = fuzzy_searcher_new(F.idx, &err);
    assert_non_null(s);
    assert_non_null(all);
    strbuf q = STRBUF_INIT;
    for (size_t i = 0; i < 50; i++) {
        query_text(i, &q);
        fuzzy_options o = {.min = 50, .max = 0};
        const fuzzy_match *a, *b;
        size_t na, nb;
        assert_int_equal(fuzzy_search(s, q.data, q.len, &o, &a, &na, &err),
                         ANV_OK);
        assert_int_equal(fuzzy_search(all, q.data, q.len, &o, &b, &nb, &err),
                         ANV_OK);
        assert_int_equal(na, nb);
        for (size_t k = 0; k < na; k++)
            assert_true(a[k].id == b[k].id && a[k].score == b[k].score);
    }
    strbuf_release(&q);
    fuzzy_searcher_free(s);
    fuzzy_searcher_free(all);
    fuzzy_index_free(x);

    /* one byte changed in place: checked again, and refused */
    assert_int_equal(stat(idx, &st), 0);
    long middle = (long)st.st_size / 2;
    FILE *f = fopen(idx, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, middle, SEEK_SET), 0);
    int c = fgetc(f);
    assert_int_equal(fseek(f, middle, SEEK_SET), 0);
    fputc(c ^ 0x20, f);
    fclose(f);
    expect_refused(idx, "damaged: hash mismatch");
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_load_rebuilds_when_the_tm_changes(void **state)
{
    (void)state;
    char tmx[512], journal[512], idx_path[512];
    path_in_dir(tmx, sizeof tmx, "load.tmx");
    path_in_dir(journal, sizeof journal, "load.tmx.journal");
    path_in_dir(idx_path, sizeof idx_path, "load.tmx.idx");
    write_text(tmx, "<tmx>first version</tmx>\n");
    const char *files[] = {tmx, journal};
    size_t calls = 0;
    fuzzy_index *x;
    fuzzy_load_info info;
    anv_error err;

    /* No index yet: built and saved. */
    assert_int_equal(fuzzy_index_load(idx_path, files, 2, feed_all, &calls,
                                      &x, &info, &err),
                     ANV_OK);
    assert_true(info.rebuilt && info.saved);
    assert_int_equal(info.why.code, ANV_ENOTFOUND);
    assert_int_equal(calls, 1);
    assert_int_equal(fuzzy_index_units(x), F.n);
    fuzzy_index_free(x);

    /* Nothing changed: opened as it is. */
    assert_int_equal(fuzzy_index_load(idx_path, files, 2, feed_all, &calls,
                                      &x, &info, &err),
                     ANV_OK);
    assert_false(info.rebuilt);
    assert_int_equal(calls, 1);
    fuzzy_index_free(x);

    /* A journal appears: rebuilt. */
    write_text(journal, "one unit\n");
    assert_int_equal(fuzzy_index_load(idx_path, files, 2, feed_all, &calls,
                                      &x, &info, &err),
                     ANV_OK);
    assert_true(info.rebuilt);
    assert_non_null(strstr(info.why.message,
                           "built from other versions of the files"));
    assert_int_equal(calls, 2);
    fuzzy_index_free(x);

    /* The TMX rewritten with the same size and mtime: the tail hash
     * still tells. */
    struct stat st;
    assert_int_equal(stat(tmx, &st), 0);
    write_text(tmx, "<tmx>other version</tmx>\n");
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, tmx, times, 0), 0);
    assert_int_equal(fuzzy_index_load(idx_path, files, 2, feed_all, &calls,
                                      &x, &info, &err),
                     ANV_OK);
    assert_true(info.rebuilt);
    assert_int_equal(calls, 3);
    fuzzy_index_free(x);

    /* An index that cannot be saved still works, in memory. */
    char nowhere[600];
    snprintf(nowhere, sizeof nowhere, "%s/no/such/dir/x.idx", F.dir);
    assert_int_equal(fuzzy_index_load(nowhere, files, 2, feed_all, &calls,
                                      &x, &info, &err),
                     ANV_OK);
    assert_true(info.rebuilt);
    assert_false(info.saved);
    assert_int_not_equal(info.save_error.code, ANV_OK);
    assert_int_equal(digest_queries(x, 0, 50, 1),
                     digest_queries(F.idx, 0, 50, 1));
    fuzzy_index_free(x);
}

typedef struct thread_arg {
    uint64_t digest;
    size_t from;
} thread_arg;

static void *search_thread(void *p)
{
    thread_arg *a = p;
    a->digest = digest_queries(F.idx, a->from, 600, 2);
    return NULL;
}

static void test_two_threads_share_an_index(void **state)
{
    (void)state;
    pthread_t t[2];
    thread_arg a[2] = {{0, 0}, {0, 1}};
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, search_thread, &a[i]),
                         0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(a[0].digest, digest_queries(F.idx, 0, 600, 2));
    assert_int_equal(a[1].digest, digest_queries(F.idx, 1, 600, 2));
}

/* ctx: the index unit number of the unit with id 7 */
static int context_of_7(void *ctx, uint32_t unit)
{
    return unit == *(const uint32_t *)ctx;
}

static void test_ties_context_and_max(void **state)
{
    (void)state;
    /* The same source five times: ties ordered by date, then usage. */
    static const struct {
        int64_t date, usage;
    } meta[] = {{100, 1}, {300, 0}, {300, 5}, {200, 9}, {INT64_MIN, -1}};
    anv_error err;
    fuzzy_builder *b = fuzzy_builder_new(&err);
    for (uint64_t i = 0; i < 5; i++) {
        fuzzy_unit u = {i + 5, "मैं घर जा रहा हूँ।", strlen("मैं घर जा रहा हूँ।"),
                        meta[i].date, meta[i].usage, NULL, 0, 0};
        assert_int_equal(fuzzy_builder_add(b, &u, &err), ANV_OK);
    }
    fuzzy_unit other = {99, "मैं घर जा रहा हूं।", strlen("मैं घर जा रहा हूं।"),
                        999, 0, NULL, 0, 0};
    assert_int_equal(fuzzy_builder_add(b, &other, &err), ANV_OK);
    fuzzy_index *x;
    assert_int_equal(fuzzy_builder_finish(b, &x, &err), ANV_OK);
    fuzzy_builder_free(b);
    fuzzy_searcher *s = fuzzy_searcher_new(x, &err);
    const char *q = "मैं घर जा रहा हूँ।";
    const fuzzy_match *res;
    size_t n;
    fuzzy_options o = {.min = 90, .max = 0};
    assert_int_equal(fuzzy_search(s, q, strlen(q), &o, &res, &n, &err),
                     ANV_OK);
    assert_int_equal(n, 6);
    static const uint64_t order[] = {7, 6, 8, 5, 9, 99};
    static const int scores[] = {100, 100, 100, 100, 100, 99};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(res[i].id, order[i]);
        assert_int_equal(res[i].score, scores[i]);
    }
    /* Context: unit 7 becomes 101 and comes first; --min 101 keeps it
     * alone; --max cuts the list. */
    uint32_t unit7 = res[0].unit; /* id 7, first above */
    o.in_context = context_of_7;
    o.context_ctx = &unit7;
    o.max = 2;
    assert_int_equal(fuzzy_search(s, q, strlen(q), &o, &res, &n, &err),
                     ANV_OK);
    assert_int_equal(n, 2);
    assert_int_equal(res[0].id, 7);
    assert_int_equal(res[0].score, 101);
    assert_int_equal(res[1].id, 6);
    o.min = 101;
    o.max = 0;
    assert_int_equal(fuzzy_search(s, q, strlen(q), &o, &res, &n, &err),
                     ANV_OK);
    assert_int_equal(n, 1);
    assert_int_equal(res[0].id, 7);
    fuzzy_searcher_free(s);
    fuzzy_index_free(x);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    anv_error err;
    fuzzy_searcher *s = fuzzy_searcher_new(F.idx, &err);
    const fuzzy_match *res;
    size_t n;
    fuzzy_options o = {.min = 0, .max = 0};
    assert_int_equal(fuzzy_search(s, "a", 1, &o, &res, &n, &err),
                     ANV_EINVAL);
    assert_string_equal(err.message,
                        "minimum score 0 is not between 1 and 101");
    o.min = 102;
    assert_int_equal(fuzzy_search(s, "a", 1, &o, &res, &n, &err),
                     ANV_EINVAL);
    o.min = 50;
    assert_int_equal(fuzzy_search(s, "घर\xc3", 7, &o, &res, &n, &err),
                     ANV_EUTF8);
    assert_string_equal(err.message, "query: invalid UTF-8 at byte 6");
    fuzzy_searcher_free(s);
    fuzzy_builder *b = fuzzy_builder_new(&err);
    fuzzy_unit u = {42, "ok \xff", 4, 0, 0, NULL, 0, 0};
    assert_int_equal(fuzzy_builder_add(b, &u, &err), ANV_EUTF8);
    assert_string_equal(err.message, "unit 42: invalid UTF-8 at byte 3");
    /* An empty index answers with nothing. */
    fuzzy_index *x;
    assert_int_equal(fuzzy_builder_finish(b, &x, &err), ANV_OK);
    fuzzy_builder_free(b);
    s = fuzzy_searcher_new(x, &err);
    assert_int_equal(fuzzy_search(s, "घर", strlen("घर"), &o, &res, &n, &err),
                     ANV_OK);
    assert_int_equal(n, 0);
    fuzzy_searcher_free(s);
    fuzzy_index_free(x);
}

/* Units and queries over FUZZY_MAX_TEXT_BYTES stay out of fuzzy matching:
 * a 70 KB unit is not indexed (before the bound, a 20 MB <seg> made a
 * 70 MB index), a 70 KB query gets no match; the rest is unchanged. */
static void test_length_bound(void **state)
{
    (void)state;
    anv_error err;
    size_t big_len = 70 * 1024;
    char *big = malloc(big_len + 1);
    assert_non_null(big);
    for (size_t i = 0; i < big_len; i++)
        big[i] = i % 4 == 3 ? ' ' : 'a' + (char)(i / 4 % 26);
    big[big_len] = '\0';
    fuzzy_builder *b = fuzzy_builder_new(&err);
    fuzzy_unit u1 = {1, big, big_len, 0, 0, NULL, 0, 0};
    fuzzy_unit u2 = {2, "मैं घर जा रहा हूँ।", strlen("मैं घर जा रहा हूँ।"), 0, 0,
                     NULL, 0, 0};
    assert_int_equal(fuzzy_builder_add(b, &u1, &err), ANV_OK);
    assert_int_equal(fuzzy_builder_add(b, &u2, &err), ANV_OK);
    assert_int_equal(fuzzy_builder_units(b), 1);
    assert_int_equal(fuzzy_builder_skipped(b), 1);
    fuzzy_index *x;
    assert_int_equal(fuzzy_builder_finish(b, &x, &err), ANV_OK);
    fuzzy_builder_free(b);
    fuzzy_searcher *s = fuzzy_searcher_new(x, &err);
    const fuzzy_match *res;
    size_t n;
    fuzzy_options o = {.min = 50, .max = 5};
    assert_int_equal(fuzzy_search(s, big, big_len, &o, &res, &n, &err), ANV_OK);
    assert_int_equal(n, 0);
    assert_int_equal(fuzzy_search(s, u2.source, u2.source_len, &o, &res, &n,
                                  &err),
                     ANV_OK);
    assert_int_equal(n, 1);
    assert_int_equal(res[0].score, 100);
    fuzzy_searcher_free(s);
    fuzzy_index_free(x);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_equals_brute_force),
        cmocka_unit_test(test_max_equals_head_of_all),
        cmocka_unit_test(test_searcher_compare_equals_matcher_compare),
        cmocka_unit_test(test_file_gives_the_same_answers),
        cmocka_unit_test(test_texts_read_from_the_file),
        cmocka_unit_test(test_unusual_texts_round_trip),
        cmocka_unit_test(test_damaged_files_are_refused),
        cmocka_unit_test(test_checked_once),
        cmocka_unit_test(test_load_rebuilds_when_the_tm_changes),
        cmocka_unit_test(test_two_threads_share_an_index),
        cmocka_unit_test(test_ties_context_and_max),
        cmocka_unit_test(test_length_bound),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
