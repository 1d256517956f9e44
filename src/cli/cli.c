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

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
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

int main(int argc, char **argv)
{
    atexit(cleanup_libraries);
    if (argc < 2) {
        print_help(stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        strcmp(cmd, "help") == 0) {
        print_help(stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("anuvad %s\n", ANUVAD_VERSION);
        return CLI_OK;
    }
    const cli_command *c = cli_command_find(commands, cmd);
    if (!c) {
        fprintf(stderr,
                "anuvad: '%s' is not a command. See 'anuvad --help'.\n", cmd);
        return CLI_USAGE;
    }
    int rc = c->run(argc - 1, argv + 1);
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        fprintf(stderr, "anuvad: <stdout>: write error\n");
        rc = CLI_FAIL;
    }
    return rc;
}
