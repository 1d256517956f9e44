/*
 * qa.h - the checks a reviewer runs before delivery, over a project.
 *
 * qa_run() walks every unit of a project and runs each check of the table
 * in qa.c on it; a check looks at one unit's source and target (and, for
 * `inconsistent` and `length`, at the whole project) and reports findings.
 * The library only finds; the CLI (`anuvad qa`) prints them.
 *
 * Checks, by their stable names (docs/qa.md shows an example of each):
 *   untranslated     no target, or an empty one
 *   same-as-source   the target is the source (and the source has words)
 *   source-script    Devanagari words left in the English target
 *   number           numbers or month names missing, extra or changed
 *                    (Devanagari digits, lakh/crore grouping: numbers.h)
 *   tags             inline codes missing, extra, doubled or misnested
 *   terminology      a glossary term of the source whose English term is
 *                    not in the target; a forbidden term used
 *   inconsistent     one source translated two ways in the project; two
 *                    sources translated the same way
 *   end-punctuation  the sentence-final । ? ! : . do not correspond
 *   brackets         ( ) [ ] { } unbalanced, or not as in the source
 *   quotes           quotation marks unbalanced
 *   double-space     two spaces in a row the source does not have
 *   whitespace       leading or trailing spaces differ from the source
 *   url-email        URLs, e-mail addresses, #hashtags, @handles of the
 *                    source missing from the target
 *   length           the target/source length ratio far outside the
 *                    project's own (more than 3 times from its median)
 *   repeated-word    the same word twice in a row ("the the")
 *   spelling         a lower-case word of the target the English
 *                    dictionary does not know (capitalised words are
 *                    mostly names: left to the translator)
 */
#ifndef ANUVAD_QA_H
#define ANUVAD_QA_H

#include <stddef.h>

#include "base/error.h"
#include "project/xliff.h"
#include "term/glossary.h"
#include "term/term_english.h"
#include "term/term_match.h"
#include "match/tm_matcher.h"
#include "spell/spell.h"

typedef enum qa_severity { QA_WARNING, QA_ERROR } qa_severity;

typedef struct qa_finding {
    size_t unit;          /* the project's unit number */
    const char *check;    /* its stable name ("number") */
    qa_severity severity;
    char *message;        /* one line, what is wrong */
} qa_finding;

typedef struct qa_report {
    qa_finding *f;
    size_t n, cap;
    size_t ignored;       /* findings marked "ignore" in the project */
} qa_report;

#define QA_REPORT_INIT {NULL, 0, 0, 0}

typedef struct qa_opts {
    const glossary *glossary;    /* or NULL: no terminology check */
    term_matcher *terms;         /* a matcher over it, or NULL */
    tm_searcher *tm;             /* `inconsistent` also against this TM's
                                    100 % matches, or NULL */
    spell_checker *spell;        /* `spelling` of the target (en-US or
                                    en-GB), or NULL: not checked */
    spell_checker *variant;      /* the other English, or NULL: a word it
                                    knows ("criticised" in en-US) is a
                                    spelling variant, not reported */
    term_english *english_terms; /* finds a term's English in the target
                                    (terminology); NULL: not checked */
} qa_opts;

/* Run every check over project `p`, appending findings in unit order. */
int qa_run(const xliff_project *p, const qa_opts *opts, qa_report *out,
           anv_error *err);
void qa_report_release(qa_report *r);

/* A finding's stable id (12 hex digits + NUL): a hash of the unit's id,
 * the check, the source, the target and the message, so that it stays
 * the same from run to run and changes when the translation does. */
#define QA_ID_SIZE 13
void qa_finding_id(const xliff_project *p, const qa_finding *f,
                   char id[QA_ID_SIZE]);

/* Mark finding `id` "ignore" in the project: a note from "anuvad-qa" on
 * its unit ("ignore ID: CHECK: MESSAGE"), which qa_run() honours in later
 * runs (the finding is counted in `ignored`, not reported).  The caller
 * saves the project.  ANV_ENOTFOUND when no finding has that id. */
int qa_ignore(xliff_project *p, const qa_report *r, const char *id,
              anv_error *err);

/* Mark finding f "ignore" for the unit's translation `target` (one not
 * saved yet: `translate` when the translator confirms over a finding). */
int qa_ignore_finding(xliff_project *p, const qa_finding *f,
                      const char *target, anv_error *err);

/* The checks of one segment with a translation not yet saved (`target`
 * for unit i), for `anuvad translate` at confirm: every per-segment check
 * but untranslated, number and tags (the session checks numbers and
 * codes itself); findings appended to `out`. */
int qa_check_segment(const xliff_project *p, size_t i, const char *target,
                     const qa_opts *opts, qa_report *out, anv_error *err);

/* The checks' names, NULL-terminated, in the order they run. */
const char *const *qa_check_names(void);

#endif
