/*
 * translate.c - `anuvad translate PROJECT.xlf`: translate segment by
 * segment in the terminal, or from a script.
 *
 * The session (session.h) does the work and the saving; this file only
 * talks to the translator:
 *   - interactive mode (standard input a terminal): single keys at a `>`
 *     prompt, read in non-canonical mode; the translation is edited with
 *     GNU readline, prefilled with the match taken or the current target
 *     (rl_startup_hook + rl_insert_text); Enter in the editor confirms,
 *     Ctrl-G leaves it.  `:` reads a command of the script language.
 *     The screen is cleared and the segment drawn again after each key;
 *   - script mode (--script FILE, - for standard input): one command a
 *     line (session_action_parse), each echoed as "> command" and
 *     answered at once (flushed), so that a reader of the output knows
 *     exactly which confirms were saved; the first failing command stops
 *     the script with exit status 1.
 * Colour when standard output is a terminal and NO_COLOR is unset or
 * empty (no-color.org).  --timings measures, for every confirm, the time
 * from the action to the next segment drawn with its matches.
 */
#include "base/array.h"
#include "cli/cli.h"
#include "cli/tm.h"
#include "store/pgtm.h"
#include "cli/translate_team.h"
#include "cli/translate.h"
#include "cli/term.h"
#include "text/icode.h"
#include "base/fileio.h"
#include "text/wrap.h"

#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <readline/readline.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad translate PROJECT.xlf [OPTIONS]\n"
            "\n"
            "Translate a project segment by segment: it opens at the first\n"
            "segment not yet confirmed and shows the source (misspelt words\n"
            "marked), the TM's matches with the words that differ, the\n"
            "translation, and the numbers to carry over.  Each confirmed\n"
            "segment is saved at once in the project and in the TM; identical\n"
            "segments further on get the same translation.  Press ? for the\n"
            "keys; docs/translating.md walks through a session.\n"
            "\n"
            "Options:\n"
            "  --tm FILE         the TM for matches and confirmed translations\n"
            "                    (default: the TM the project was made with,\n"
            "                    `pretranslate --tm`; else PROJECT.tmx beside\n"
            "                    the project, created when missing)\n"
            "  --ref FILE        another TM, for matches only (up to 8)\n"
            "  --script FILE     read commands from FILE (- : standard input)\n"
            "                    instead of keys; `help` lists them\n"
            "  --min N           lowest match score shown, 1-101 (default 50)\n"
            "  --max N           matches shown, 1-9 (default 5)\n"
            "  --no-spell        do not check spelling\n"
            "  --glossary FILE   the glossary's terms under each segment and\n"
            "                    checked at confirm (TBX, TSV, CSV; repeatable)\n"
            "  --wait            wait for another program writing the TM\n"
            "  --timings         at the end, print how long each confirm took\n"
            "                    until the next segment was shown (stderr)\n"
            "  -h, --help        this help\n"
            "\n"
            "Colour when standard output is a terminal and NO_COLOR is not\n"
            "set.  ANUVAD_AUTHOR (else USER) names you in the TM.\n");
}

typedef struct translator {
    session *s;
    tr_style st;
    const char *project_name;
    const char *script;   /* NULL: interactive */
    int clear;            /* clear the screen before each view */
    int cols, rows;       /* the terminal's size, 0 when not a terminal:
                             the view is wrapped and fitted to it */
    int timings;
    double *lat;          /* per confirm: total, save, tm, lookup (ms) */
    size_t n_lat, cap_lat;
    strbuf out;
    session_event ev;
    double started;       /* when the command started (ms) */
    double open_ms;       /* until the first segment was shown */
    tr_team *team;        /* a team TM's live connection, or NULL */
} translator;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void flush_out(translator *t)
{
    if (t->out.len && t->cols > 0) {
        strbuf w = STRBUF_INIT;
        text_wrap(&w, t->out.data, t->out.len, t->cols, TR_WRAP_INDENT);
        if (w.len)
            fwrite(w.data, 1, w.len, stdout);
        strbuf_release(&w);
    } else if (t->out.len) {
        fwrite(t->out.data, 1, t->out.len, stdout);
    }
    strbuf_clear(&t->out);
    cli_flush_stdout();
}

/* The terminal's size now (0 x 0 when standard output is not one). */
static void measure_terminal(translator *t)
{
    struct winsize ws;
    t->cols = t->rows = 0;
    if (t->clear && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col > 0 && ws.ws_row > 0) {
        t->cols = ws.ws_col;
        t->rows = ws.ws_row;
    }
}

/* Rows `text` takes at the terminal's width. */
static int rows_of(const translator *t, const char *text, size_t len)
{
    strbuf w = STRBUF_INIT;
    int rows = text_wrap(&w, text, len, t->cols, TR_WRAP_INDENT);
    strbuf_release(&w);
    return rows;
}

/* ---- timings ------------------------------------------------------------ */

enum { LAT_SHOWN, LAT_SAVED, LAT_SAVE, LAT_TM, LAT_LOOKUP, LAT_COLS };

static void note_timing(translator *t, double shown, double saved)
{
    if (!t->timings)
        return;
    if (array_grow(&t->lat, &t->cap_lat, t->n_lat + 1,
                   LAT_COLS * sizeof *t->lat) != ANV_OK)
        return;
    session_timings st;
    session_get_timings(t->s, &st);
    double *row = &t->lat[t->n_lat++ * LAT_COLS];
    row[LAT_SHOWN] = shown;
    row[LAT_SAVED] = saved;
    row[LAT_SAVE] = st.save_ms;
    row[LAT_TM] = st.tm_ms;
    row[LAT_LOOKUP] = st.lookup_ms;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile (0..1) of column c. */
static double quantile(const translator *t, int c, double q)
{
    double *v = malloc(t->n_lat * sizeof *v);
    if (!v)
        return 0;
    for (size_t k = 0; k < t->n_lat; k++)
        v[k] = t->lat[k * LAT_COLS + c];
    qsort(v, t->n_lat, sizeof *v, cmp_double);
    size_t i = (size_t)(q * (double)(t->n_lat - 1) + 0.5);
    double r = v[i];
    free(v);
    return r;
}

static void report_timings(const translator *t)
{
    if (!t->timings)
        return;
    fprintf(stderr, "timings: opened and first segment shown in %.2f s\n",
            t->open_ms / 1e3);
    if (!t->n_lat) {
        fprintf(stderr, "timings: no segment was confirmed\n");
        return;
    }
    fprintf(stderr,
            "timings: %zu confirms; confirm to next segment shown: median "
            "%.2f ms, p95 %.2f ms, max %.2f ms; to saved in project and "
            "TM: median %.2f ms, p95 %.2f ms, max %.2f ms; medians of the "
            "parts: project save %.2f ms, TM journal %.2f ms, lookups "
            "%.2f ms\n",
            t->n_lat, quantile(t, LAT_SHOWN, 0.5),
            quantile(t, LAT_SHOWN, 0.95), quantile(t, LAT_SHOWN, 1),
            quantile(t, LAT_SAVED, 0.5), quantile(t, LAT_SAVED, 0.95),
            quantile(t, LAT_SAVED, 1), quantile(t, LAT_SAVE, 0.5),
            quantile(t, LAT_TM, 0.5), quantile(t, LAT_LOOKUP, 0.5));
}

/* ---- showing ---------------------------------------------------------------- */

enum { SHOW_FULL, SHOW_DRAFT };

/* The rows the view may take: the window less the keys, the prompt and a
 * message. */
static int view_room(const translator *t)
{
    strbuf keys = STRBUF_INIT;
    tr_render_keys(&keys, &t->st);
    int room = t->rows - rows_of(t, keys.data, keys.len) - 2;
    strbuf_release(&keys);
    return room;
}

/* At a terminal: leave matches out, last first, until the view, the keys,
 * the prompt and a message fit the window, so that the header and the
 * source never scroll away.  Sets v->n_matches; returns how many were left
 * out. */
static size_t fit_matches(translator *t, session_view *v)
{
    if (t->rows <= 0 || !v->n_matches)
        return 0;
    strbuf view = STRBUF_INIT;
    int room = view_room(t);
    size_t all = v->n_matches;
    for (;;) {
        strbuf_clear(&view);
        tr_render_view(&view, v, &t->st, t->project_name,
                       all - v->n_matches);
        if (v->n_matches == 0 || rows_of(t, view.data, view.len) <= room)
            break;
        v->n_matches--;
    }
    strbuf_release(&view);
    return all - v->n_matches;
}

/* The view at a terminal.  When it is still too tall without matches (a
 * very long source), the head is cut, with one row saying so, and the
 * target part kept whole: what is being written stays on the screen. */
static void fit_view(translator *t, const session_view *v, size_t more)
{
    strbuf head = STRBUF_INIT, tail = STRBUF_INIT, wh = STRBUF_INIT;
    tr_render_head(&head, v, &t->st, t->project_name, more);
    tr_render_tail(&tail, v, &t->st);
    int room = view_room(t);
    int hr = text_wrap(&wh, head.data, head.len, t->cols, TR_WRAP_INDENT);
    int tr = rows_of(t, tail.data, tail.len);
    if (hr + tr <= room) {
        strbuf_append(&t->out, head.data, head.len);
    } else {
        int keep = room - tr - 1 < 1 ? 1 : room - tr - 1;
        const char *p = wh.data;
        for (int k = 0; k < keep && p; k++)
            if ((p = strchr(p, '\n')))
                p++;
        size_t n = p ? (size_t)(p - wh.data) : wh.len;
        strbuf_append(&t->out, wh.data, n);
        strbuf_printf(&t->out, "%s%-9s%s… %d more rows (a taller window shows "
                      "them)%s\n", t->st.off, "", t->st.dim, hr - keep,
                      t->st.off);
    }
    strbuf_append(&t->out, tail.data, tail.len);
    strbuf_release(&head);
    strbuf_release(&tail);
    strbuf_release(&wh);
}

static int show(translator *t, int what)
{
    anv_error err;
    anv_error_clear(&err);
    session_view v;
    if (session_view_get(t->s, &v, &err) != ANV_OK)
        return cli_fail(&err);
    if (!t->open_ms)
        t->open_ms = now_ms() - t->started;
    if (what == SHOW_FULL) {
        if (t->clear)
            strbuf_append_str(&t->out, "\033[H\033[2J");
        size_t more = fit_matches(t, &v);
        if (t->rows > 0)
            fit_view(t, &v, more);
        else
            tr_render_view(&t->out, &v, &t->st, t->project_name, more);
    } else {
        tr_render_draft(&t->out, &v, &t->st);
    }
    return CLI_OK;
}

static int is_confirm(session_verb v)
{
    return v == SESSION_CONFIRM || v == SESSION_CONFIRM_FORCE;
}

/* Do one action and show what came of it.  `where` prefixes an error
 * ("script:12"); interactive errors are shown and the session goes on. */
static int perform_held(translator *t, const session_action *a,
                        const char *where)
{
    double t0 = now_ms();
    anv_error err;
    anv_error_clear(&err);
    if (session_do(t->s, a, &t->ev, &err) != ANV_OK) {
        flush_out(t);
        if (where)
            fprintf(stderr, "anuvad: %s: %s\n", where, err.message);
        else
            cli_fail(&err);
        return CLI_FAIL;
    }
    int rc = CLI_OK;
    session_verb v = a->verb;
    int full = !t->script || t->ev.moved || v == SESSION_JOIN ||
               v == SESSION_SPLIT || v == SESSION_UNDO || v == SESSION_SHOW;
    if (full) {
        rc = show(t, SHOW_FULL);
    } else if (v == SESSION_TAKE || v == SESSION_EDIT ||
               v == SESSION_COPY_SOURCE || v == SESSION_ADD_WORD ||
               t->ev.outcome == SESSION_WARNED) {
        rc = show(t, SHOW_DRAFT);
    }
    tr_render_event(&t->out, &t->ev, &t->st);
    tr_render_hits(&t->out, &t->ev, &t->st);
    flush_out(t);
    double shown = now_ms() - t0;
    if (!t->ev.pending) {
        if (is_confirm(v) && t->ev.outcome == SESSION_DONE)
            note_timing(t, shown, shown);
        return rc;
    }
    /* The next segment is on the screen; the confirm's writes finish
     * now, and only then is it reported done. */
    if (session_wait(t->s, &t->ev, &err) != ANV_OK) {
        if (where)
            fprintf(stderr, "anuvad: %s: %s\n", where, err.message);
        else if (show(t, SHOW_FULL) == CLI_OK)
            strbuf_printf(&t->out, "%s%s%s\n", t->st.bad, err.message,
                          t->st.off);
        flush_out(t);
        return CLI_FAIL;
    }
    tr_render_event(&t->out, &t->ev, &t->st);
    flush_out(t);
    note_timing(t, shown, now_ms() - t0);
    return rc;
}

/* A terminating signal (the terminal window closed, kill)
 * that arrives during an action waits until the action is done: a confirm
 * whose next segment is already on the screen is always written to the
 * end.  Only SIGKILL cuts it short, and then the project on disk is the
 * one before the confirm or the one after it (atomic_file). */
static int perform(translator *t, const session_action *a, const char *where)
{
    sigset_t hold, was;
    sigemptyset(&hold);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigaddset(&hold, SIGQUIT);
    sigaddset(&hold, SIGINT);
    pthread_sigmask(SIG_BLOCK, &hold, &was);
    int rc = perform_held(t, a, where);
    pthread_sigmask(SIG_SETMASK, &was, NULL);
    return rc;
}

/* ---- script mode ---------------------------------------------------------------- */

/* The team TM's news: a confirm it did not take (said once per outage),
 * and colleagues' confirms, merged; returns 1 when some came. */
static int team_news(translator *t)
{
    if (!t->team)
        return 0;
    char *m = tr_team_take_message(t->team);
    if (m) {
        strbuf_printf(&t->out, "%s%s%s\n", t->st.warn, m, t->st.off);
        free(m);
    }
    long n = tr_team_poll(t->team, t->s, 0);
    if (n > 0)
        strbuf_printf(&t->out, "%steam TM: %ld new or changed unit%s from "
                      "colleagues%s\n", t->st.dim, n, n == 1 ? "" : "s",
                      t->st.off);
    flush_out(t);
    return n > 0;
}

static int run_script(translator *t)
{
    FILE *in = strcmp(t->script, "-") == 0 ? stdin : fopen(t->script, "r");
    if (!in)
        return cli_error("%s: %s", t->script, strerror(errno));
    int rc = show(t, SHOW_FULL);
    flush_out(t);
    char *line = NULL, where[64];
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    const char *name = strcmp(t->script, "-") == 0 ? "<stdin>" : t->script;
    while (rc == CLI_OK && (len = getline(&line, &cap, in)) >= 0) {
        lineno++;
        team_news(t); /* colleagues' confirms, before the command runs */
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        snprintf(where, sizeof where, "%.40s:%ld", name, lineno);
        session_action a;
        anv_error err;
        anv_error_clear(&err);
        int prc = session_action_parse(line, &a, &err);
        if (prc == ANV_ENOTFOUND)
            continue;
        if (prc != ANV_OK) {
            fprintf(stderr, "anuvad: %s: %s\n", where, err.message);
            rc = CLI_FAIL;
            break;
        }
        /* Echoed before it runs, so that a reader of the output who sees
         * no answer knows which command was under way. */
        strbuf_printf(&t->out, "%s> %s%s\n", t->st.bold, line, t->st.off);
        flush_out(t);
        if (a.verb == SESSION_QUIT)
            break;
        if (a.verb == SESSION_HELP) {
            tr_render_help(&t->out, 0);
            flush_out(t);
            continue;
        }
        rc = perform(t, &a, where);
        team_news(t);
    }
    flush_out(t);
    free(line);
    if (in != stdin)
        fclose(in);
    return rc;
}

/* ---- the terminal ----------------------------------------------------------------- */

/* The key prompt reads single keys: the terminal stays in non-canonical
 * mode without echo (and without ISIG: Ctrl-C is a key) for the whole
 * session, except while readline runs, which wants it as it was.  Keys
 * typed early are thus never echoed or held in a line buffer.  The
 * settings to restore live here, for the signal handler too: one
 * terminal per process. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_raw;

static void tty_cooked(void)
{
    if (tty_raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    tty_raw = 0;
}

static void tty_keys(void)
{
    static int saved;
    if (!saved) {
        if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
            return;
        saved = 1;
    }
    struct termios raw = saved_tty;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
        tty_raw = 1;
}

static void on_signal(int sig)
{
    if (tty_raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* ---- the line editor --------------------------------------------------------------- */

/* readline calls hooks without a user pointer, so the text to prefill
 * and the Ctrl-G flag live here, set just before each readline() call. */
static const char *rl_prefill;
static int rl_cancelled;
static const char *rl_source; /* the segment, for the insert-code key */
/* the English of the segment's glossary terms, for the insert-term key */
#define RL_MAX_TERMS 16
static const char *rl_terms[RL_MAX_TERMS];
static size_t rl_n_terms;
static term_english *rl_english; /* a term the line has in any form */

static int prefill_hook(void)
{
    if (rl_prefill)
        rl_insert_text(rl_prefill);
    rl_prefill = NULL;
    return 0;
}

static int cancel_edit(int count, int key)
{
    (void)count;
    (void)key;
    rl_cancelled = 1;
    rl_done = 1;
    return 0;
}

/* Ctrl-T: insert the next inline code of the source that the line does
 * not have yet ({1}, then {/1} ...). */
static int insert_code(int count, int key)
{
    (void)count;
    (void)key;
    if (!rl_source)
        return 0;
    strbuf line = STRBUF_INIT, ph = STRBUF_INIT, c = STRBUF_INIT;
    icode_kind k;
    unsigned id;
    icode_parse_display(&line, rl_line_buffer, (size_t)rl_end, rl_source);
    if (icode_next_missing(rl_source, line.data ? line.data : "", &k, &id) &&
        icode_append(&c, k, id) == ANV_OK &&
        icode_display(&ph, c.data, c.len) == ANV_OK)
        rl_insert_text(ph.data);
    else
        rl_ding();
    strbuf_release(&line);
    strbuf_release(&ph);
    strbuf_release(&c);
    return 0;
}

/* Ctrl-O: insert the English of the first glossary term of the segment
 * that the line does not have yet (then the next one ...). */
static int insert_term(int count, int key)
{
    (void)count;
    (void)key;
    for (size_t k = 0; k < rl_n_terms; k++) {
        const char *t = rl_terms[k];
        if (!rl_english || term_english_find(rl_english, rl_line_buffer,
                                             (size_t)rl_end, t, NULL, NULL,
                                             NULL) == 0) {
            rl_insert_text(t);
            return 0;
        }
    }
    rl_ding();
    return 0;
}

static char *no_completion(const char *text, int state)
{
    (void)text;
    (void)state;
    return NULL;
}

static void editor_init(void)
{
    rl_readline_name = "anuvad"; /* for $if anuvad in ~/.inputrc */
    rl_initialize();
    rl_bind_key(CTRL('g'), cancel_edit);
    rl_bind_key(CTRL('t'), insert_code);
    rl_bind_key(CTRL('o'), insert_term);
    tr_editor_bind_words();
    rl_completion_entry_function = no_completion;
}

/* The line typed, or NULL when the translator left with Ctrl-G or
 * Ctrl-D.  Free the result. */
static char *edit_line(const char *prompt, const char *prefill)
{
    /* On a line of its own, not after the "> " of the key prompt. */
    if (isatty(STDOUT_FILENO)) {
        fputs("\r\033[K", stdout);
        fflush(stdout);
    }
    rl_prefill = prefill;
    rl_cancelled = 0;
    rl_startup_hook = prefill_hook;
    int keys = tty_raw;
    tty_cooked();
    char *line = readline(prompt);
    if (keys)
        tty_keys();
    rl_startup_hook = NULL;
    if (line && rl_cancelled) {
        free(line);
        line = NULL;
    }
    return line;
}

/* ---- keys ------------------------------------------------------------------------ */

enum { KEY_EOF = -1, KEY_UP = 0x100, KEY_DOWN, KEY_OTHER, KEY_RESIZE };

/* Set by SIGWINCH (the window changed size): the key reader returns
 * KEY_RESIZE and the view is drawn again for the new size. */
static volatile sig_atomic_t resized;

static void on_winch(int sig)
{
    (void)sig;
    resized = 1;
}

static int read_byte(int timeout_ms)
{
    struct pollfd pf = {STDIN_FILENO, POLLIN, 0};
    unsigned char c;
    for (;;) {
        if (resized)
            return KEY_RESIZE;
        int p = timeout_ms >= 0 ? poll(&pf, 1, timeout_ms) : 1;
        if (p < 0 && errno == EINTR)
            continue;
        if (p <= 0)
            return KEY_EOF;
        ssize_t r = read(STDIN_FILENO, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        return r == 1 ? c : KEY_EOF;
    }
}

/* One key press, without echo and without waiting for Enter: a byte, an
 * arrow, or KEY_OTHER for anything else (other escape sequences, non-ASCII
 * characters). */
static int read_key(void)
{
    int c = read_byte(-1);
    if (c == KEY_RESIZE)
        return c;
    if (c == 0x1b) {
        int a = read_byte(50), b = a == '[' || a == 'O' ? read_byte(50) : -1;
        c = b == 'A' ? KEY_UP : b == 'B' ? KEY_DOWN : KEY_OTHER;
        int b2; /* the rest of the sequence */
        while ((b2 = read_byte(0)) != KEY_EOF && b2 != KEY_RESIZE)
            ;
    } else if (c >= 0x80) {
        int b2; /* the rest of the character */
        while ((b2 = read_byte(10)) >= 0x80 && b2 != KEY_RESIZE)
            ;
        c = KEY_OTHER;
    }
    return c;
}

static void prompt(translator *t)
{
    tr_render_keys(&t->out, &t->st);
    strbuf_append_str(&t->out, "> ");
    flush_out(t);
}

static int act(translator *t, session_verb verb, long n, const char *text)
{
    session_action a = {verb, n, text};
    return perform(t, &a, NULL);
}

/* The editor, prefilled with the translation; Enter confirms. */
static void edit_and_confirm(translator *t)
{
    anv_error err;
    anv_error_clear(&err);
    session_view v;
    if (session_view_get(t->s, &v, &err) != ANV_OK) {
        cli_fail(&err);
        return;
    }
    /* inline codes shown and typed as {1} {/1} {2/}; Ctrl-T inserts the
     * next one the line lacks */
    strbuf pre = STRBUF_INIT;
    icode_display(&pre, v.draft ? v.draft : "", v.draft ? strlen(v.draft) : 0);
    rl_source = v.query;
    rl_n_terms = 0;
    for (size_t k = 0; v.glossary && k < v.n_terms && k < RL_MAX_TERMS; k++)
        rl_terms[rl_n_terms++] =
            glossary_entry_at(v.glossary, v.terms[k].entry)->target;
    char *line = edit_line("target> ", pre.data ? pre.data : "");
    rl_source = NULL;
    rl_n_terms = 0;
    int same = line && strcmp(line, pre.data ? pre.data : "") == 0;
    strbuf_release(&pre);
    if (!line) {
        show(t, SHOW_FULL);
        strbuf_printf(&t->out, "%snot confirmed%s\n", t->st.warn, t->st.off);
        flush_out(t);
        return;
    }
    if (!v.draft || !same)
        act(t, SESSION_EDIT, 0, line);
    if (*line)
        act(t, SESSION_CONFIRM, 0, NULL);
    free(line);
}

/* Ask for a line (goto, search, a word); NULL when left empty. */
static char *ask(translator *t, const char *question, const char *prefill)
{
    (void)t;
    char *line = edit_line(question, prefill);
    if (line && !*line) {
        free(line);
        line = NULL;
    }
    return line;
}

static const char *first_flagged(translator *t)
{
    session_view v;
    anv_error err;
    if (session_view_get(t->s, &v, &err) != ANV_OK)
        return "";
    return v.n_draft_flags    ? v.draft_flags[0].word
           : v.n_source_flags ? v.source_flags[0].word
                              : "";
}

/* Returns 1 to quit. */
static int on_key(translator *t, int key)
{
    char *line = NULL;
    switch (key) {
    case '\r':
    case '\n':
    case 'c': act(t, SESSION_CONFIRM, 0, NULL); break;
    case 'e':
    case 'i': edit_and_confirm(t); break;
    case '0':
        if (act(t, SESSION_COPY_SOURCE, 0, NULL) == CLI_OK)
            edit_and_confirm(t);
        break;
    case 's': act(t, SESSION_SKIP, 0, NULL); break;
    case 'n':
    case 'j':
    case KEY_DOWN: act(t, SESSION_NEXT, 0, NULL); break;
    case 'p':
    case 'k':
    case KEY_UP: act(t, SESSION_PREV, 0, NULL); break;
    case 'u': act(t, SESSION_UNDO, 0, NULL); break;
    case 'J': act(t, SESSION_JOIN, 0, NULL); break;
    case 'g':
        if ((line = ask(t, "go to segment: ", NULL))) {
            char *end;
            long n = strtol(line, &end, 10);
            act(t, SESSION_GOTO, *end || n < 1 ? 0 : n, NULL);
        } else {
            act(t, SESSION_SHOW, 0, NULL);
        }
        break;
    case '/':
        if ((line = ask(t, "find in the TM: ", NULL)))
            act(t, SESSION_CONCORDANCE, 0, line);
        else
            act(t, SESSION_SHOW, 0, NULL);
        break;
    case 'a':
        if ((line = ask(t, "add to your dictionary: ", first_flagged(t))))
            act(t, SESSION_ADD_WORD, 0, line);
        else
            act(t, SESSION_SHOW, 0, NULL);
        break;
    case 'S':
        if ((line = ask(t, "type | where to cut> ",
                        xliff_project_unit(session_project(t->s),
                                           session_current(t->s))->source)))
            act(t, SESSION_SPLIT, 0, line);
        else
            act(t, SESSION_SHOW, 0, NULL);
        break;
    case ':':
        if ((line = ask(t, ":", NULL))) {
            session_action a;
            anv_error err;
            anv_error_clear(&err);
            int prc = session_action_parse(line, &a, &err);
            if (prc == ANV_OK && a.verb == SESSION_QUIT) {
                free(line);
                return 1;
            }
            if (prc == ANV_OK && a.verb == SESSION_HELP) {
                show(t, SHOW_FULL);
                tr_render_help(&t->out, 0);
                flush_out(t);
            } else if (prc == ANV_OK) {
                perform(t, &a, NULL);
            } else if (prc != ANV_ENOTFOUND) {
                show(t, SHOW_FULL);
                strbuf_printf(&t->out, "%s%s%s\n", t->st.bad, err.message,
                              t->st.off);
                flush_out(t);
            } else {
                act(t, SESSION_SHOW, 0, NULL);
            }
        } else {
            act(t, SESSION_SHOW, 0, NULL);
        }
        break;
    case '?':
    case 'h':
        show(t, SHOW_FULL);
        tr_render_help(&t->out, 1);
        flush_out(t);
        break;
    case KEY_RESIZE:
        resized = 0;
        measure_terminal(t);
        act(t, SESSION_SHOW, 0, NULL);
        break;
    case 'r':
    case 0x0c: act(t, SESSION_SHOW, 0, NULL); break;
    case 'q':
    case 0x04:
    case KEY_EOF: return 1;
    case 0x03:
        show(t, SHOW_FULL);
        strbuf_printf(&t->out, "%sq quits (everything is saved)%s\n",
                      t->st.warn, t->st.off);
        flush_out(t);
        break;
    default:
        if (key >= '1' && key <= '9') {
            if (act(t, SESSION_TAKE, key - '0', NULL) == CLI_OK &&
                t->ev.outcome == SESSION_DONE)
                edit_and_confirm(t);
            break;
        }
        show(t, SHOW_FULL);
        strbuf_printf(&t->out, "%sunknown key; ? shows the keys%s\n",
                      t->st.warn, t->st.off);
        flush_out(t);
    }
    free(line);
    return 0;
}

/* Wait for a key or the team TM's socket: 1 when the socket woke us
 * (and no key is waiting), 0 when a key is there to read. */
static int team_waiting(translator *t)
{
    int sock = t->team ? tr_team_socket(t->team) : -1;
    if (sock < 0)
        return 0;
    struct pollfd pfd[2] = {{STDIN_FILENO, POLLIN, 0}, {sock, POLLIN, 0}};
    if (poll(pfd, 2, -1) < 0)
        return 0; /* a signal (resize): read_key handles it */
    return !(pfd[0].revents & (POLLIN | POLLHUP)) && (pfd[1].revents & POLLIN);
}

static int run_interactive(translator *t)
{
    editor_init();
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    signal(SIGQUIT, on_signal);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_winch; /* no SA_RESTART: a blocked read returns */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGWINCH, &sa, NULL);
    measure_terminal(t);
    tty_keys();
    int rc = show(t, SHOW_FULL);
    flush_out(t);
    while (rc == CLI_OK) {
        prompt(t);
        /* a colleague's confirm while the translator reads: the view is
         * shown again with it among the matches */
        while (team_waiting(t))
            if (team_news(t)) {
                show(t, SHOW_FULL);
                flush_out(t);
                prompt(t);
            }
        if (on_key(t, read_key()))
            break;
        if (team_news(t)) {
            show(t, SHOW_FULL);
            flush_out(t);
        }
    }
    tty_cooked();
    fputc('\n', stdout);
    return rc;
}

/* ---- opening ---------------------------------------------------------------------- */

static void on_warning(void *ctx, const char *message)
{
    (void)ctx;
    cli_warn("%s", message);
}

static void on_progress(void *ctx, const char *what, uint64_t done,
                        uint64_t total)
{
    int *shown = ctx;
    if (!cli_stderr_is_tty())
        return;
    fprintf(stderr, "\r\033[K%s: %3d%%", what,
            total ? (int)(done * 100 / total) : 0);
    fflush(stderr);
    *shown = 1;
}

/* PROJECT.xlf -> PROJECT.tmx */
static int default_tm(const char *project, strbuf *out)
{
    size_t n = strlen(project);
    static const char *const exts[] = {".xlf", ".xliff", ".xlif"};
    for (size_t k = 0; k < sizeof exts / sizeof *exts; k++) {
        size_t e = strlen(exts[k]);
        if (n > e && strcasecmp(project + n - e, exts[k]) == 0) {
            n -= e;
            break;
        }
    }
    return strbuf_append(out, project, n) == ANV_OK &&
                   strbuf_append_str(out, ".tmx") == ANV_OK
               ? 0
               : -1;
}

/* Readline and the screen want UTF-8; a C locale would make readline
 * count bytes instead of characters.  readline sets LC_CTYPE itself when
 * it starts, from LC_ALL, LC_CTYPE or LANG, so the environment says
 * C.UTF-8 too: otherwise, with LANG unset (containers, ssh), it would
 * move by bytes, stop inside Devanagari words and read UTF-8 bytes as
 * Meta keys. */
static void utf8_locale(void)
{
    setlocale(LC_CTYPE, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 &&
        setlocale(LC_CTYPE, "C.UTF-8")) {
        const char *all = getenv("LC_ALL");
        setenv(all && *all ? "LC_ALL" : "LC_CTYPE", "C.UTF-8", 1);
    }
}

int cli_translate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"tm", required_argument, NULL, 't'},
        {"ref", required_argument, NULL, 'r'},
        {"script", required_argument, NULL, 's'},
        {"min", required_argument, NULL, 'm'},
        {"max", required_argument, NULL, 'x'},
        {"no-spell", no_argument, NULL, 'S'},
        {"glossary", required_argument, NULL, 'g'},
        {"wait", no_argument, NULL, 'w'},
        {"timings", no_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = "translate";
    cli_glossaries gl;
    memset(&gl, 0, sizeof gl);
    session_opts so;
    session_opts_init(&so);
    translator t;
    memset(&t, 0, sizeof t);
    t.started = now_ms();
    long v;
    int opt;
    optind = 0;
    opterr = 0; /* our own messages (cli_unknown_option) */
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 't': so.tm_path = optarg; break;
        case 'r':
            if (so.n_refs == SESSION_MAX_REFS)
                return cli_usage_error(cmd, "at most %d --ref TMs",
                                       SESSION_MAX_REFS);
            so.refs[so.n_refs++] = optarg;
            break;
        case 's': t.script = optarg; break;
        case 'm':
            if ((v = cli_parse_long(cmd, "--min", optarg, 1, 101)) < 0)
                return CLI_USAGE;
            so.min = (int)v;
            break;
        case 'x':
            if ((v = cli_parse_long(cmd, "--max", optarg, 1,
                                    SESSION_MAX_MATCHES)) < 0)
                return CLI_USAGE;
            so.max_matches = (size_t)v;
            break;
        case 'S': so.spell = 0; break;
        case 'g':
            if (cli_glossaries_add(&gl, cmd, optarg) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'w': so.wait_tm = 1; break;
        case 'T': t.timings = 1; break;
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_unknown_option(cmd, argv, opts);
        }
    }
    if (argc - optind != 1)
        return cli_usage_error(cmd, argc - optind ? "one project at a time"
                                                  : "which project?");
    const char *project = argv[optind];
    if (!t.script && !isatty(STDIN_FILENO))
        return cli_usage_error(cmd, "standard input is not a terminal; "
                                    "give --script FILE (- for standard "
                                    "input)");
    strbuf tm = STRBUF_INIT;
    if (!so.tm_path) {
        if (default_tm(project, &tm) != 0)
            return cli_error("out of memory");
        so.default_tm_path = tm.data;
    }
    tmcli pg;                   /* a team TM (tm_pg.c) */
    tr_team team;               /* its live connection (translate_team.c) */
    tmcli_init(&pg, cmd);
    if (store_is_uri(so.tm_path)) {
        pg.uri = so.tm_path;
        if (tmcli_pg_session_start(&pg) != 0) {
            tmcli_release(&pg);
            strbuf_release(&tm);
            return CLI_FAIL;
        }
        int64_t mark = tmcli_pg_mark(&pg); /* (it rebuilds pg.path) */
        so.tm_path = pg.path.data;
        tr_team_start(&team, pg.uri, mark, &so);
        t.team = &team;
    }
    so.author = tmcli_author();
    so.clock = tmcli_clock();
    int progress = 0;
    so.background_save = 1;
    so.on_warning = on_warning;
    so.on_progress = on_progress;
    so.ctx = &progress;
    if (!t.script)
        utf8_locale();

    anv_error err;
    anv_error_clear(&err);
    /* Another tool's XLIFF is translated in place: saving changes only
     * the targets of the units translated (project/xliff_foreign.c).
     * What cannot be kept that way is refused before anything is
     * touched. */
    if (fileio_exists(project) && xliff_written_by_anuvad(project, &err) == 0) {
        xliff_project *fp = xliff_project_read(project, &err);
        const char *why = fp ? xliff_project_in_place_problem(fp) : NULL;
        if (fp && why) {
            cli_error("%s: not supported: translating another tool's XLIFF "
                      "in place: %s; `anuvad tm import --into TM %s` takes "
                      "its confirmed units", project, why, project);
            xliff_project_free(fp);
            strbuf_release(&tm);
            return CLI_FAIL;
        }
        xliff_project_free(fp);
    }
    anv_error_clear(&err); /* unreadable: session_open says why */
    session_open_info info;
    /* the glossaries given (the starter glossary is term lookup's; here
     * its hits would hold back confirms nobody asked to be checked) */
    strbuf starter = STRBUF_INIT;
    int given_glossaries = gl.n > 0;
    if (cli_glossaries_open(&gl) != CLI_OK ||
        cli_glossaries_english(&gl, NULL) != CLI_OK) {
        cli_glossaries_release(&gl);
        strbuf_release(&starter);
        strbuf_release(&tm);
        tmcli_release(&pg);
        return CLI_FAIL;
    }
    so.glossary = gl.g;
    so.terms = gl.m;
    so.english_terms = gl.en;
    rl_english = gl.en;
    t.s = session_open(project, &so, &info, &err);
    if (progress)
        fputs("\r\033[K", stderr);
    if (!t.s) {
        cli_fail(&err);
        if (err.code == ANV_ELOCKED && !info.project_locked && !so.wait_tm)
            fprintf(stderr, "(run again with --wait to wait for it)\n");
        cli_glossaries_release(&gl);
        strbuf_release(&starter);
        strbuf_release(&tm);
        tmcli_release(&pg);
        return CLI_FAIL;
    }
    if (t.team) /* what colleagues confirmed since the copy's last read */
        tr_team_poll(t.team, t.s, 1);
    /* no --glossary: the glossaries the project was made with */
    if (!given_glossaries &&
        xliff_project_glossaries(session_project(t.s))) {
        if (cli_glossaries_from_project(&gl, session_project(t.s), project) !=
                CLI_OK ||
            cli_glossaries_open(&gl) != CLI_OK ||
            cli_glossaries_english(&gl, NULL) != CLI_OK) {
            fprintf(stderr, "(going on without the project's glossaries)\n");
            cli_glossaries_release(&gl);
        } else {
            for (size_t i = 0; i < gl.n; i++)
                fprintf(stderr, "anuvad: glossary %s (the project's)\n",
                        gl.files[i]);
            session_set_glossary(t.s, gl.g, gl.m, gl.en);
            rl_english = gl.en;
        }
    }
    const char *tm_path = session_tm_path(t.s);
    if (info.tm_created)
        fprintf(stderr, "anuvad: new TM %s\n", tm_path);
    else
        fprintf(stderr, "anuvad: TM %s%s\n", tm_path,
                info.tm_from_project ? " (the project's)" : "");
    if (info.recovered)
        fprintf(stderr, "anuvad: %zu confirmed segment%s of the project "
                "added to the TM %s\n", info.recovered,
                info.recovered == 1 ? "" : "s", tm_path);
    if (info.spell_off && so.spell)
        cli_warn("spelling is not checked: %s", info.spell_error.message);

    const char *no_color = getenv("NO_COLOR");
    int colour = isatty(STDOUT_FILENO) && !(no_color && *no_color);
    tr_style_init(&t.st, colour);
    anv_error nerr; /* no hints is no reason to stop translating */
    t.st.names = name_hints_new(&nerr);
    t.clear = !t.script && isatty(STDOUT_FILENO);
    const char *slash = strrchr(project, '/');
    t.project_name = slash ? slash + 1 : project;
    int rc = t.script ? run_script(&t) : run_interactive(&t);
    report_timings(&t);
    int saved;
    if (session_close(t.s, &saved, &err) != ANV_OK) {
        cli_warn("%s", err.message);
        rc = CLI_FAIL;
    } else if (!t.script) {
        session_view v;
        if (session_view_get(t.s, &v, &err) == ANV_OK)
            fprintf(stderr,
                    "anuvad: %s: %zu of %zu segment%s confirmed; all saved\n",
                    project, v.counts.confirmed_units, v.counts.total_units,
                    cli_plural(v.counts.total_units));
    }
    session_event_release(&t.ev);
    strbuf_release(&t.out);
    free(t.lat);
    session_free(t.s);
    name_hints_free(t.st.names);
    cli_glossaries_release(&gl);
    strbuf_release(&starter);
    if (pg.uri) {
        if (team.sent)
            fprintf(stderr, "anuvad: %zu confirm%s committed to the team TM "
                    "as %s made\n", team.sent, cli_plural(team.sent),
                    team.sent == 1 ? "it was" : "they were");
        tr_team_end(&team);
        tmcli_pg_session_end(&pg);   /* on failure: warned, sent next time */
    }
    tmcli_release(&pg);
    strbuf_release(&tm);
    return rc;
}
