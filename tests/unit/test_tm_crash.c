/*
 * test_tm_crash.c - a confirmed translation is never lost.
 *
 * A child process opens a TM for writing and adds units in a loop (each
 * tm_add journals and fsyncs before it returns), saving the TMX every few
 * additions (half the children start with the TM unread, defer_load, and
 * journal their adds alone until they read it); after every successful add it tells the parent through a
 * pipe.  The parent kills it with SIGKILL after a random delay, at least
 * KILLS times, and after each kill checks that
 *   - the TMX file parses on its own (never half-written),
 *   - the TM opens (TMX + journal replay, torn tail repaired),
 *   - every unit whose add was acknowledged is there, exactly once,
 *   - no temporary file is left once a writer has opened the TM.
 * The TM starts afresh every ROUND_KILLS kills so that it stays small and
 * the test quick.  Random but reproducible: srand(KILLS).
 */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/fileio.h"
#include "tm/tm.h"
#include "tm/tmx_read.h"

#define KILLS 220
#define ROUND_KILLS 40
#define MAX_ACKS 100000

static char dir[256], path[512];

static void child(int fd, int start)
{
    anv_error err;
    tm_open_opts o = {0};
    o.write = o.create = o.wait = 1;
    /* half the writers start without reading the TM, as `translate`
     * does with a big one: their adds go to the journal alone ("use"
     * records) until they read it */
    int unread = rand() % 2;
    o.defer_load = unread;
    tm_store *t = tm_open(path, &o, &err);
    if (!t)
        _exit(3);
    for (int i = start;; i++) {
        char src[64], tgt[64], msg[32];
        snprintf(src, sizeof src, "वाक्य %d।", i);
        snprintf(tgt, sizeof tgt, "Sentence %d.", i);
        if (tm_add(t, src, tgt, NULL, NULL, NULL, NULL, &err) != ANV_OK)
            _exit(4);
        int n = snprintf(msg, sizeof msg, "a %d\n", i);
        if (write(fd, msg, (size_t)n) != n)
            _exit(5);
        if (unread && rand() % 8 == 0) {
            if (tm_load(t, &err) != ANV_OK)
                _exit(7);
            unread = 0;
        } else if (!unread && rand() % 4 == 0) {
            if (write(fd, "S\n", 2) != 2 || tm_save(t, &err) != ANV_OK)
                _exit(6);
            if (write(fd, "s\n", 2) != 2)
                _exit(5);
        }
    }
}

static int no_temp_files(void)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int ok = 1;
    while ((de = readdir(d)))
        if (strstr(de->d_name, ".tmp."))
            ok = 0;
    closedir(d);
    return ok;
}

static void test_sigkill_never_loses_an_acknowledged_unit(void **state)
{
    (void)state;
    static int acked[MAX_ACKS];
    int n_acked = 0, next = 0, in_save_kills = 0, total_acks = 0;
    srand(KILLS);
    for (int k = 0; k < KILLS; k++) {
        if (k % ROUND_KILLS == 0) { /* a fresh TM */
            char cmd[600];
            snprintf(cmd, sizeof cmd, "rm -f '%s'/*", dir);
            assert_int_equal(system(cmd), 0);
            n_acked = 0;
        }
        int p[2];
        assert_int_equal(pipe(p), 0);
        int seed = rand();
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            srand((unsigned)seed);
            child(p[1], next);
        }
        close(p[1]);
        /* Let it run 1-25 ms, then kill it wherever it is. */
        struct timespec ts = {0, (long)(1 + rand() % 25) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        assert_true(WIFSIGNALED(status)); /* killed, not failed */
        /* Everything it acknowledged before dying is in the pipe. */
        FILE *in = fdopen(p[0], "r");
        char line[64];
        int saving = 0;
        while (fgets(line, sizeof line, in)) {
            if (line[0] == 'a') {
                assert_true(n_acked < MAX_ACKS);
                acked[n_acked++] = atoi(line + 2);
                next = atoi(line + 2) + 1;
                total_acks++;
            }
            saving = line[0] == 'S' ? 1 : line[0] == 's' ? 0 : saving;
        }
        fclose(in);
        in_save_kills += saving;
        anv_error err;
        anv_error_clear(&err);
        /* The TMX alone parses (when there is one yet). */
        if (fileio_exists(path) &&
            tmx_read_file(path, NULL, NULL, &err) != ANV_OK)
            fail_msg("kill %d: the TMX does not parse: %s", k, err.message);
        /* Open as a writer (repairs the journal, removes temp files). */
        tm_open_opts o = {0};
        o.write = o.create = 1;
        tm_store *t = tm_open(path, &o, &err);
        if (!t)
            fail_msg("kill %d: %s", k, err.message);
        assert_true(no_temp_files());
        for (int i = 0; i < n_acked; i++) {
            char src[64];
            snprintf(src, sizeof src, "वाक्य %d।", acked[i]);
            tm_hit *hits;
            size_t n;
            assert_int_equal(tm_lookup_exact(t, src, strlen(src), &hits, &n,
                                             &err), ANV_OK);
            if (n != 1)
                fail_msg("kill %d: unit %d found %zu times", k, acked[i], n);
            free(hits);
        }
        tm_free(t);
    }
    print_message("%d kills (%d during a save), %d acknowledged units "
                  "checked after each\n", KILLS, in_save_kills, total_acks);
    assert_true(in_save_kills > 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/anuvad-crash-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/crash.tmx", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigkill_never_loses_an_acknowledged_unit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
