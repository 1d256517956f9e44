/*
 * cli.h - what every `anuvad COMMAND` implementation shares.
 *
 * Conventions (all subcommands follow them):
 *   anuvad COMMAND [OPTIONS] [FILE...];  `-` is stdin or stdout;
 *   exit 0 on success, 1 on failure, 2 on a usage error;
 *   messages go to stderr as "anuvad: FILE:LINE:COL: what is wrong";
 *   `--help` on every command, `--json` where the output is structured.
 *
 * Each command lives in its own cli_NAME.c and exports one function
 * `int cli_NAME(int argc, char **argv)` (argv[0] is the command name),
 * listed in the table in cli.c.  Only the CLI prints or exits; the library
 * returns codes and anv_error messages.
 */
#ifndef ANUVAD_CLI_H
#define ANUVAD_CLI_H

#include <stdio.h>

#include <jansson.h>

#include "base/error.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Print "anuvad: MESSAGE" for a library error; returns CLI_FAIL. */
int cli_fail(const anv_error *err);

/* Print "anuvad: TEXT"; returns CLI_FAIL. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "anuvad: TEXT" as a warning; returns nothing. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "anuvad COMMAND: TEXT" and a pointer to --help; returns CLI_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

struct option;

/* After getopt_long() returned '?' (or ':'): "anuvad COMMAND: unknown
 * option '--txt' (did you mean --text?)" naming the closest of `opts`
 * when one is close, and a pointer to --help; returns CLI_USAGE.  Call
 * with opterr = 0 so that getopt says nothing itself. */
int cli_unknown_option(const char *command, char **argv,
                       const struct option *opts);

/* Parse a non-negative integer option value within [min, max]; on error
 * prints a usage message and returns -1. */
long cli_parse_long(const char *command, const char *option, const char *value,
                    long min, long max);

/* Print `v` (released here) as one line of JSON on stdout (base/json_out.h:
 * compact, keys in order); returns CLI_OK, or CLI_FAIL with a message
 * when it could not be made (out of memory). */
int cli_print_json(json_t *v);

/* Flush standard output: 0, or -1 when this or an earlier write to it
 * failed (the cause is reported when anuvad exits, which then fails). */
int cli_flush_stdout(void);

/* "" for 1, "s" otherwise: "%zu segment%s". */
const char *cli_plural(size_t n);

/* 1 when stderr is a terminal (progress output is only shown then). */
int cli_stderr_is_tty(void);

/* A command table (anuvad's commands, tm's subcommands), ended by a
 * {NULL} entry. */
typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_command;

/* The entry named `name`, or NULL. */
const cli_command *cli_command_find(const cli_command *table,
                                    const char *name);

/* "  NAME         summary" a line, for --help. */
void cli_command_list(FILE *out, const cli_command *table);

/* The commands (one file each, in cli_NAME.c). */
int cli_segment(int argc, char **argv);
int cli_spell(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_tm(int argc, char **argv);
int cli_pretranslate(int argc, char **argv);
int cli_analyze(int argc, char **argv);
int cli_translate(int argc, char **argv);
int cli_term(int argc, char **argv);
int cli_qa(int argc, char **argv);

#endif
