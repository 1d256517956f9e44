/*
 * cli.c - `anuvad` entry point: global options and the command table.
 *
 * main() looks at argv[1]: --help / --version are answered here, anything
 * else is looked up in `commands` and run with argv shifted so that the
 * command sees itself as argv[0].  At exit the libraries' caches are
 * released (u_cleanup, xmlCleanupParser) so that leak checkers only ever
 * report real leaks.
 */
#include "cli/cli.h"
#include "base/json_out.h"
#include "base/strbuf.h"
#include "base/version.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <unicode/uclean.h>

/* One line per command, in the order `anuvad --help` lists them. */
static const cli_command commands[] = {
    {"segment", cli_segment, "split text into sentences (segments)"},
    {"spell", cli_spell, "report misspelt Hindi and English words"},
    {"export", cli_export, "write a project out as text, TSV or XLIFF for OmegaT"},
    {"tm", cli_tm, "translation memory: import, export, add, lookup, stats"},
    {"pretranslate", cli_pretranslate, "fill a new project (XLIFF) from the TM"},
    {"analyze", cli_analyze, "segments and words per TM match band"},
    {"translate", cli_translate, "translate a project segment by segment"},
    {"term", cli_term, "glossary terms in Hindi text, in every inflection"},
    {"qa", cli_qa, "check translated projects before delivery"},
    {NULL, NULL, NULL}
};

int cli_fail(const anv_error *err)
{
    fprintf(stderr, "anuvad: %s\n",
            err && err->message[0] ? err->message : "failed");
    return CLI_FAIL;
}

/* One line on stderr: prefix, then the formatted text. */
static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("anuvad: ", fmt, ap);
    va_end(ap);
    return CLI_FAIL;
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage("anuvad: warning: ", fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "anuvad %s: ", command);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'anuvad %s --help'.\n", command);
    va_end(ap);
    return CLI_USAGE;
}

long cli_parse_long(const char *command, const char *option, const char *value,
                    long min, long max)
{
    char *end = NULL;
    long v = strtol(value, &end, 10);
    if (!*value || *end || v < min || v > max) {
        cli_usage_error(command, "%s wants a number from %ld to %ld, not '%s'",
                        option, min, max, value);
        return -1;
    }
    return v;
}

/* Edit distance of two short strings (option names), capped at 9. */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 30 || lb > 30)
        return 9;
    int d[31][31];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[la][lb] < 9 ? d[la][lb] : 9;
}

int cli_unknown_option(const char *command, char **argv,
                       const struct option *opts)
{
    const char *arg = optind > 0 && argv[optind - 1] ? argv[optind - 1] : "";
    char name[64];
    snprintf(name, sizeof name, "%s", arg + strspn(arg, "-"));
    name[strcspn(name, "=")] = '\0';
    const char *best = NULL;
    int best_d = 3; /* suggest only what is close */
    for (const struct option *o = opts; o && o->name; o++) {
        int d = strncmp(o->name, name, strlen(name)) == 0 && *name
                    ? 1
                    : distance(name, o->name);
        if (d < best_d) {
            best_d = d;
            best = o->name;
        }
    }
    if (best)
        return cli_usage_error(command, "unknown option '%s' (did you mean "
                               "--%s?)", arg, best);
    return cli_usage_error(command, "unknown option '%s'", arg);
}

const char *cli_plural(size_t n)
{
    return n == 1 ? "" : "s";
}

int cli_print_json(json_t *v)
{
    strbuf b = STRBUF_INIT;
    int rc = json_out_line(&b, v);
    if (rc == ANV_OK)
        fwrite(b.data, 1, b.len, stdout);
    strbuf_release(&b);
    return rc == ANV_OK ? CLI_OK : cli_error("out of memory writing JSON");
}

int cli_stderr_is_tty(void)
{
    return isatty(STDERR_FILENO);
}

const cli_command *cli_command_find(const cli_command *table,
                                    const char *name)
{
    for (; table->name; table++)
        if (strcmp(name, table->name) == 0)
            return table;
    return NULL;
}

void cli_command_list(FILE *out, const cli_command *table)
{
    for (; table->name; table++)
        fprintf(out, "  %-12s %s\n", table->name, table->summary);
}

static void print_help(FILE *out)
{
    fprintf(out,
            "anuvad %s - Hindi to English computer-assisted translation\n"
            "\n"
            "Usage: anuvad COMMAND [OPTIONS] [FILE...]\n"
            "\n"
            "Commands:\n",
            ANUVAD_VERSION);
    cli_command_list(out, commands);
    fprintf(out,
            "\n"
            "  anuvad COMMAND --help   options of one command\n"
            "  anuvad --version        print the version\n"
            "\n"
            "FILE '-' is standard input (or output).  Exit status: 0 success,\n"
            "1 failure, 2 usage error.\n");
}

static void cleanup_libraries(void)
{
    xmlCleanupParser();
    u_cleanup();
}

/* The first write error on standard output (its errno), kept so that the
 * message at exit names the cause even when the failed write was an
 * earlier flush.  The program's only mutable global; the library has
 * none. */
static int stdout_errno, stdout_failed;

int cli_flush_stdout(void)
{
    errno = 0;
    int failed = fflush(stdout) != 0;
    if (failed && !stdout_errno)
        stdout_errno = errno;
    if (failed || ferror(stdout))
        stdout_failed = 1; /* the command stops; finish() says why */
    return stdout_failed ? -1 : 0;
}

/* The exit status once stdout is flushed and closed: a write error is a
 * failure, said once (a command that already failed has said why). */
static int finish(int rc)
{
    int stopped = stdout_failed; /* a command stopped without saying why */
    if (cli_flush_stdout() != 0 || fclose(stdout) != 0) {
        if (!stdout_errno)
            stdout_errno = errno;
        if (rc == CLI_OK || stopped)
            fprintf(stderr, "anuvad: standard output: %s\n",
                    stdout_errno ? strerror(stdout_errno) : "write error");
        return CLI_FAIL;
    }
    return rc;
}

/* libxml2 prints its errors ("I/O error : ...") to stderr unless told
 * otherwise.  Library code that needs the details catches them into its
 * anv_error (base/xml_clean.h, xml_errors_redirect); anything that still
 * reaches these handlers would be a second line for a failure the library
 * reports already, so the program's default is silence. */
static void xml_quiet(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static void xml_quiet_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

int main(int argc, char **argv)
{
    atexit(cleanup_libraries);
    xmlSetGenericErrorFunc(NULL, xml_quiet);
    xmlSetStructuredErrorFunc(NULL, xml_quiet_structured);
    if (argc < 2) {
        print_help(stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        print_help(stdout);
        return finish(CLI_OK);
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("anuvad %s\n", ANUVAD_VERSION);
        return finish(CLI_OK);
    }
    const cli_command *c = cli_command_find(commands, cmd);
    if (!c) {
        fprintf(stderr,
                "anuvad: '%s' is not a command. See 'anuvad --help'.\n", cmd);
        return CLI_USAGE;
    }
    int rc = c->run(argc - 1, argv + 1);
    /* Output that was not written is a failure, whatever the command
     * thought: a write error seen on the way (ferror), or now. */
    return finish(rc);
}
