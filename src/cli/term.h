/*
 * term.h - the --glossary option, as `anuvad term` and `anuvad qa` share
 * it (CLI only): the files given, then the glossary read from all of them
 * and a term matcher over it.
 */
#ifndef ANUVAD_CLI_TERM_H
#define ANUVAD_CLI_TERM_H

#include <stddef.h>

#include "project/xliff.h"
#include "spell/spell.h"
#include "term/glossary.h"
#include "term/term_english.h"
#include "term/term_match.h"

#define CLI_MAX_GLOSSARIES 16

/* term add / import / export / stats (term_edit.c); argv[0] names it. */
int cli_term_edit(int argc, char **argv);

typedef struct cli_glossaries {
    const char *files[CLI_MAX_GLOSSARIES];
    size_t n;
    glossary *g;        /* after cli_glossaries_open(), when n > 0 */
    term_matcher *m;
    term_english *en;   /* after cli_glossaries_english() */
    char *owned[CLI_MAX_GLOSSARIES]; /* paths made from a project's record */
    size_t n_owned;
} cli_glossaries;

/* Note one --glossary FILE of command `cmd`: CLI_OK, or CLI_USAGE (with
 * the message) past CLI_MAX_GLOSSARIES. */
int cli_glossaries_add(cli_glossaries *gl, const char *cmd, const char *file);

/* No --glossary given: note the glossaries project `p` (read from
 * `project_path`) was made with, resolved from its folder.  CLI_OK (also
 * when it has none) or CLI_FAIL after the message. */
int cli_glossaries_from_project(cli_glossaries *gl, const xliff_project *p,
                                const char *project_path);

/* Read the files noted (nothing when none) and make the matcher: CLI_OK,
 * or CLI_FAIL after printing the error. */
int cli_glossaries_open(cli_glossaries *gl);

/* After cli_glossaries_open(), when glossaries were given: the finder of
 * their English in translations (QA, translate), using `spell` (or its
 * own dictionary when NULL).  CLI_OK or CLI_FAIL after the message. */
int cli_glossaries_english(cli_glossaries *gl, spell_checker *spell);

void cli_glossaries_release(cli_glossaries *gl);

#endif
