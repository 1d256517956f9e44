/*
 * fuzzy_bench.c - figures for fuzzy lookups on a generated TM (make bench,
 * section 40-fuzzy), through the real path: a TMX file opened with the TM
 * matcher (tm_matcher.h), as `anuvad tm lookup` does.
 *
 *   fuzzy_bench gen N TM.tsv            write the TM of N units as TSV
 *   fuzzy_bench tmx N TM.tmx            the same units as TMX
 *   fuzzy_bench queries N Q OUT.txt     write Q mixed queries, one a line
 *   fuzzy_bench tm-open TM.tmx          open it (cold when TM.tmx.idx is
 *                                       missing, warm otherwise)
 *   fuzzy_bench tm-search TM.tmx N [MIN [Q [RECALL]]]
 *                                       open it warm, run Q (default 1000)
 *                                       queries at MIN (default 50), --max
 *                                       5, with the diff of each match;
 *                                       then the same with 2 threads; then
 *                                       compare every match of RECALL
 *                                       (default 50) of them with
 *                                       tm_lookup scoring every unit
 *   fuzzy_bench tm-journal TM.tmx K     confirm K new translations
 *                                       (journaled, fsynced), then open
 *                                       the TM warm with them as a delta
 *   fuzzy_bench tm-time TM.tmx QUERIES.txt MIN [each]
 *                                       per-query time of a query file;
 *                                       with "each", every query's time
 *                                       in ms and the query, a line each
 *                                       (to find and profile slow ones)
 *
 * Units and queries come from tmgen.h, so every run sees the same TM.
 * Figures are printed as "name: value unit" lines.  Peak RSS is the
 * process's ru_maxrss, so the cold open and the searches run as separate
 * processes.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <unicode/uclean.h>

#include "match/match.h"
#include "tm/tm.h"
#include "match/tm_matcher.h"
#include "tmgen.h"
#include "tm/tmx_unit.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static const char *shared_dir(void)
{
    const char *s = getenv("ANUVAD_SHARED");
    return s && *s ? s : "../shared";
}

static tmgen *open_gen(void)
{
    tmgen *g = tmgen_open(shared_dir());
    if (!g)
        fprintf(stderr, "fuzzy_bench: cannot read the pairs in %s/data\n",
                shared_dir());
    return g;
}

static int fail(const anv_error *err)
{
    fprintf(stderr, "fuzzy_bench: %s\n", err->message);
    return 1;
}

/* TSV needs no tab or newline inside a field; the data has none, but be
 * sure. */
static void put_field(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
}

static int cmd_gen(size_t n, const char *out)
{
    tmgen *g = open_gen();
    FILE *f = fopen(out, "w");
    if (!g || !f) {
        tmgen_free(g);
        return 1;
    }
    strbuf s = STRBUF_INIT, t = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        tmgen_unit(g, i, 0, &s, &t);
        put_field(f, s.data);
        fputc('\t', f);
        put_field(f, t.data);
        fputc('\n', f);
    }
    strbuf_release(&s);
    strbuf_release(&t);
    tmgen_free(g);
    return fclose(f) == 0 ? 0 : 1;
}

static int cmd_queries(size_t units, size_t nq, const char *out)
{
    tmgen *g = open_gen();
    FILE *f = fopen(out, "w");
    if (!g || !f) {
        tmgen_free(g);
        return 1;
    }
    strbuf q = STRBUF_INIT;
    for (size_t i = 0; i < nq; i++) {
        tmgen_query(g, i, units, 0, &q);
        put_field(f, q.data);
        fputc('\n', f);
    }
    strbuf_release(&q);
    tmgen_free(g);
    return fclose(f) == 0 ? 0 : 1;
}

static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *sorted, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return sorted[i < n ? i : n - 1];
}

/* ---- a TMX and the TM matcher ---------------------------------------------- */

static int cmd_tmx(size_t n, const char *out)
{
    tmgen *g = open_gen();
    FILE *f = fopen(out, "w");
    if (!g || !f) {
        tmgen_free(g);
        return 1;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"
          "<header creationtool=\"fuzzy_bench\" creationtoolversion=\"1\" "
          "segtype=\"sentence\" o-tmf=\"tmgen\" adminlang=\"en-US\" "
          "srclang=\"hi-IN\" datatype=\"plaintext\"/><body>\n", f);
    strbuf s = STRBUF_INIT, t = STRBUF_INIT, x = STRBUF_INIT;
    char date[TMX_DATE_LEN + 1];
    for (size_t i = 0; i < n; i++) {
        tmgen_unit(g, i, 0, &s, &t);
        tmx_date_format(tmgen_date(i), date);
        strbuf_clear(&x);
        strbuf_printf(&x, "<tu tuid=\"u%zu\" changedate=\"%s\" "
                          "usagecount=\"%lld\"><tuv xml:lang=\"hi-IN\"><seg>",
                      i, date, (long long)tmgen_usage(i));
        tmx_append_seg_text(&x, s.data, s.len);
        strbuf_append_str(&x, "</seg></tuv><tuv xml:lang=\"en-US\"><seg>");
        tmx_append_seg_text(&x, t.data, t.len);
        strbuf_append_str(&x, "</seg></tuv></tu>\n");
        fwrite(x.data, 1, x.len, f);
    }
    fputs("</body></tmx>\n", f);
    strbuf_release(&s);
    strbuf_release(&t);
    strbuf_release(&x);
    tmgen_free(g);
    return fclose(f) == 0 ? 0 : 1;
}

/* When the rebuild's phases start (for the cold open's breakdown). */
typedef struct phases {
    double start, indexing;
} phases;

static void on_phase(void *ctx, const char *what, uint64_t done,
                     uint64_t total)
{
    phases *p = ctx;
    (void)done;
    (void)total;
    if (strcmp(what, "indexing") == 0 && p->indexing == 0)
        p->indexing = now();
}

static tm_matcher *open_tm(const char *path, tm_matcher_info *info,
                           phases *ph)
{
    anv_error err;
    tm_matcher_opts o = {0};
    o.on_progress = on_phase;
    o.ctx = ph;
    ph->start = now();
    ph->indexing = 0;
    tm_matcher *tm = tm_matcher_open(path, &o, info, &err);
    if (!tm)
        fail(&err);
    return tm;
}

static int cmd_tm_open(const char *path)
{
    tm_matcher_info info;
    phases ph;
    tm_matcher *tm = open_tm(path, &info, &ph);
    if (!tm)
        return 1;
    double t = now() - ph.start;
    if (info.rebuilt) {
        printf("tm cold open (read the TMX, build and save the index): "
               "%.2f s\n", t);
        if (ph.indexing)
            printf("tm cold open, of which reading the TMX: %.2f s, "
                   "indexing and saving: %.2f s\n",
                   ph.indexing - ph.start, now() - ph.indexing);
        printf("tm cold open peak RSS: %.0f MB\n", peak_rss_mb());
    } else {
        printf("tm warm open (map and check the index%s): %.3f s\n",
               info.journal_units ? ", read the journal" : "", t);
        if (info.journal_units)
            printf("tm units from the journal (the delta): %zu\n",
                   info.journal_units);
    }
    printf("tm units: %zu\n", info.units);
    tm_matcher_free(tm);
    return 0;
}

typedef struct tm_job {
    tm_matcher *tm;
    char **queries;
    size_t from, to, step;
    int min;
    size_t max;
    int exhaustive;
    double *lat;
    size_t *counts;
    uint64_t *digest;
    uint64_t *head;  /* digest of the first 5 matches (--max 5's list) */
    int failed;
    double cpu;
} tm_job;

static uint64_t fnv_str(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (h ^ 0xff) * 1099511628211ull;
}

/* The (score, tuid, target) list of a lookup's first n matches. */
static uint64_t digest_matches(const tm_matches *r, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    if (n > r->n)
        n = r->n;
    for (size_t i = 0; i < n; i++) {
        const tm_match *m = &r->match[i];
        h = (h ^ (uint64_t)m->score) * 1099511628211ull;
        h = fnv_str(fnv_str(h, m->tuid), m->target);
    }
    return h ^ n;
}

static void *run_tm_job(void *arg)
{
    tm_job *j = arg;
    anv_error err;
    tm_searcher *s = tm_searcher_new(j->tm, &err);
    if (!s) {
        j->failed = 1;
        return NULL;
    }
    double cpu0 = thread_cpu();
    for (size_t i = j->from; i < j->to; i += j->step) {
        tm_query q = {j->queries[i], NULL, NULL, j->min, j->max,
                      j->exhaustive};
        tm_matches r;
        double a = now();
        if (tm_lookup(s, &q, &r, &err) != ANV_OK) {
            fprintf(stderr, "fuzzy_bench: %s\n", err.message);
            j->failed = 1;
            break;
        }
        if (j->lat)
            j->lat[i] = now() - a;
        if (j->counts)
            j->counts[i] = r.n;
        if (j->digest)
            j->digest[i] = digest_matches(&r, r.n);
        if (j->head)
            j->head[i] = digest_matches(&r, 5);
    }
    j->cpu = thread_cpu() - cpu0;
    tm_searcher_free(s);
    return NULL;
}

static double run_tm_threads(tm_job *tmpl, size_t nq, int threads)
{
    pthread_t th[8];
    tm_job jobs[8];
    double a = now();
    for (int t = 0; t < threads; t++) {
        jobs[t] = *tmpl;
        jobs[t].from = (size_t)t;
        jobs[t].to = nq;
        jobs[t].step = (size_t)threads;
        pthread_create(&th[t], NULL, run_tm_job, &jobs[t]);
    }
    tmpl->cpu = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(th[t], NULL);
        tmpl->failed |= jobs[t].failed;
        tmpl->cpu += jobs[t].cpu;
    }
    return now() - a;
}

static char **make_queries(size_t units, size_t nq)
{
    tmgen *g = open_gen();
    if (!g)
        return NULL;
    char **queries = calloc(nq, sizeof *queries);
    strbuf q = STRBUF_INIT;
    for (size_t i = 0; i < nq; i++) {
        tmgen_query(g, i, units, 0, &q);
        queries[i] = strdup(q.data);
    }
    strbuf_release(&q);
    tmgen_free(g);
    return queries;
}

static int cmd_tm_search(const char *path, size_t units, int min, size_t nq,
                         size_t recall_n)
{
    char **queries = make_queries(units, nq);
    if (!queries)
        return 1;
    tm_matcher_info info;
    phases ph;
    tm_matcher *tm = open_tm(path, &info, &ph);
    if (!tm)
        return 1;
    printf("tm warm open%s: %.3f s\n", info.rebuilt ? " (was cold!)" : "",
           now() - ph.start);
    double *lat = calloc(nq, sizeof *lat);
    size_t *counts = calloc(nq, sizeof *counts);
    uint64_t *dig1 = calloc(nq, sizeof *dig1), *dig2 = calloc(nq, sizeof *dig2);
    tm_job j = {.tm = tm, .queries = queries, .min = min, .max = 5,
                .lat = lat, .counts = counts, .digest = dig1};
    double one = run_tm_threads(&j, nq, 1);
    qsort(lat, nq, sizeof *lat, by_value);
    size_t total = 0, empty = 0;
    for (size_t i = 0; i < nq; i++) {
        total += counts[i];
        empty += counts[i] == 0;
    }
    printf("tm lookups: %zu mixed queries, --min %d --max 5, with the diffs\n",
           nq, min);
    printf("tm matches per query: %.2f average, %zu queries with none\n",
           (double)total / (double)nq, empty);
    printf("tm lookup p50: %.3f ms (target at 1M units <= 0.5 ms)\n",
           pct(lat, nq, 0.50) * 1e3);
    printf("tm lookup p95: %.3f ms\n", pct(lat, nq, 0.95) * 1e3);
    printf("tm lookup p99: %.3f ms (target at 1M units <= 3 ms)\n",
           pct(lat, nq, 0.99) * 1e3);
    printf("tm lookup max: %.3f ms\n", lat[nq - 1] * 1e3);
    printf("tm queries/s, 1 thread: %.0f (CPU %.3f ms a query)\n",
           (double)nq / one, j.cpu * 1e3 / (double)nq);
    j.lat = NULL;
    j.counts = NULL;
    j.digest = dig2;
    double two = run_tm_threads(&j, nq, 2);
    size_t same = 0;
    for (size_t i = 0; i < nq; i++)
        same += dig1[i] == dig2[i];
    printf("tm queries/s, 2 threads: %.0f (CPU %.3f ms a query; results "
           "identical to 1 thread: %zu/%zu)\n",
           (double)nq / two, j.cpu * 1e3 / (double)nq, same, nq);

    if (recall_n > nq)
        recall_n = nq;
    if (recall_n) {
        /* Every match (not just 5) of a sample mixing the five kinds, from
         * the index and from scoring every unit; and the --max 5 search
         * (the bar rising as matches are found) against the first 5 of
         * scoring every unit. */
        char **sample = calloc(recall_n, sizeof *sample);
        uint64_t *idx = calloc(recall_n, sizeof *idx);
        uint64_t *scan = calloc(recall_n, sizeof *scan);
        uint64_t *top5 = calloc(recall_n, sizeof *top5);
        uint64_t *scan5 = calloc(recall_n, sizeof *scan5);
        size_t *idx_n = calloc(recall_n, sizeof *idx_n);
        size_t *scan_n = calloc(recall_n, sizeof *scan_n);
        for (size_t k = 0; k < recall_n; k++)
            sample[k] = queries[k * 997 % nq];
        tm_job e = {.tm = tm, .queries = sample, .min = min,
                    .max = TM_MAX_ALL, .counts = idx_n, .digest = idx};
        run_tm_threads(&e, recall_n, 2);
        tm_job e5 = e;
        e5.max = 5;
        e5.counts = NULL;
        e5.digest = top5;
        run_tm_threads(&e5, recall_n, 2);
        e.exhaustive = 1;
        e.counts = scan_n;
        e.digest = scan;
        e.head = scan5;
        double t = run_tm_threads(&e, recall_n, 2);
        size_t agree = 0, found = 0, wanted = 0, agree5 = 0;
        for (size_t k = 0; k < recall_n; k++) {
            agree5 += top5[k] == scan5[k];
            agree += scan[k] == idx[k];
            wanted += scan_n[k];
            found += scan[k] == idx[k] ? scan_n[k] : 0;
        }
        printf("tm recall vs brute force (%zu queries, every unit scored, "
               "%.0f s): %.2f%% of %zu matches, identical result lists "
               "%zu/%zu (target 100 %%, all)\n",
               recall_n, t,
               wanted ? 100.0 * (double)found / (double)wanted : 100.0,
               wanted, agree, recall_n);
        printf("tm --max 5 vs the first 5 of brute force: identical lists "
               "%zu/%zu (target: all)\n",
               agree5, recall_n);
        j.failed |= e.failed | e5.failed;
        free(sample);
        free(idx);
        free(scan);
        free(top5);
        free(scan5);
        free(idx_n);
        free(scan_n);
    }
    printf("tm search peak RSS: %.0f MB\n", peak_rss_mb());
    for (size_t i = 0; i < nq; i++)
        free(queries[i]);
    free(queries);
    free(lat);
    free(counts);
    free(dig1);
    free(dig2);
    tm_matcher_free(tm);
    return j.failed;
}

static int cmd_tm_journal(const char *path, size_t k)
{
    tmgen *g = open_gen();
    if (!g)
        return 1;
    anv_error err;
    tm_open_opts o = {0};
    o.write = 1;
    double a = now();
    tm_store *t = tm_open(path, &o, &err);
    if (!t) {
        tmgen_free(g);
        return fail(&err);
    }
    double b = now();
    strbuf s = STRBUF_INIT, tg = STRBUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < k && rc == 0; i++) {
        /* Held-out sentences: new to the TM. */
        tmgen_pair *p = &g->held[i % g->n_held];
        strbuf_clear(&s);
        strbuf_printf(&s, "%s (%zu)", p->hi, i);
        if (tm_add(t, s.data, p->en, NULL, NULL, NULL, NULL, &err) != ANV_OK)
            rc = fail(&err);
    }
    double c = now();
    tm_free(t);
    printf("tm journal: %zu translations confirmed in %.2f s (%.1f ms each, "
           "fsynced), after loading the TM for writing in %.2f s\n",
           k, c - b, (c - b) * 1e3 / (double)(k ? k : 1), b - a);
    strbuf_release(&s);
    strbuf_release(&tg);
    tmgen_free(g);
    return rc ? rc : cmd_tm_open(path);
}

static int cmd_tm_time(const char *path, const char *qfile, int min,
                       int each)
{
    tm_matcher_info info;
    phases ph;
    tm_matcher *tm = open_tm(path, &info, &ph);
    FILE *f = tm ? fopen(qfile, "r") : NULL;
    if (!f) {
        tm_matcher_free(tm);
        return 1;
    }
    anv_error err;
    tm_searcher *s = tm_searcher_new(tm, &err);
    char *line;
    size_t n = 0, found = 0;
    double total = 0;
    while ((line = tmgen_line(f))) {
        tm_query q = {line, NULL, NULL, min, 5, 0};
        tm_matches r;
        double a = now();
        tm_lookup(s, &q, &r, &err);
        double t = now() - a;
        total += t;
        if (each)
            printf("%.3f\t%s\n", t * 1e3, line);
        found += r.n > 0;
        n++;
        free(line);
    }
    fclose(f);
    printf("anuvad: %zu units, %zu queries, %.3f ms a query (min %d, "
           "%zu with a match)\n",
           info.units, n, n ? total * 1e3 / (double)n : 0.0, min, found);
    tm_searcher_free(s);
    tm_matcher_free(tm);
    return 0;
}

int main(int argc, char **argv)
{
    int rc = 2;
    if (argc == 4 && strcmp(argv[1], "gen") == 0)
        rc = cmd_gen(strtoul(argv[2], NULL, 10), argv[3]);
    else if (argc == 5 && strcmp(argv[1], "queries") == 0)
        rc = cmd_queries(strtoul(argv[2], NULL, 10),
                         strtoul(argv[3], NULL, 10), argv[4]);
    else if (argc == 4 && strcmp(argv[1], "tmx") == 0)
        rc = cmd_tmx(strtoul(argv[2], NULL, 10), argv[3]);
    else if (argc == 3 && strcmp(argv[1], "tm-open") == 0)
        rc = cmd_tm_open(argv[2]);
    else if (argc >= 4 && argc <= 7 && strcmp(argv[1], "tm-search") == 0)
        rc = cmd_tm_search(argv[2], strtoul(argv[3], NULL, 10),
                           argc > 4 ? atoi(argv[4]) : 50,
                           argc > 5 ? strtoul(argv[5], NULL, 10) : 1000,
                           argc > 6 ? strtoul(argv[6], NULL, 10) : 50);
    else if (argc == 4 && strcmp(argv[1], "tm-journal") == 0)
        rc = cmd_tm_journal(argv[2], strtoul(argv[3], NULL, 10));
    else if ((argc == 5 || argc == 6) && strcmp(argv[1], "tm-time") == 0)
        rc = cmd_tm_time(argv[2], argv[3], atoi(argv[4]),
                         argc == 6 && strcmp(argv[5], "each") == 0);
    else
        fprintf(stderr, "usage: fuzzy_bench gen|tmx|queries|tm-open|"
                        "tm-search|tm-journal|tm-time ... (see the top of "
                        "tests/bench/fuzzy_bench.c)\n");
    u_cleanup();
    return rc;
}
