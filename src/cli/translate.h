/*
 * translate.h - what the files of `anuvad translate` share (CLI
 * only): translate.c runs the session (keys, the line editor, the
 * script language), translate_view.c turns views and events into
 * text for the terminal, coloured or plain (wrapped to the terminal's
 * width with text/wrap.h), translate_editor.c moves readline's cursor by
 * ICU words.
 */
#ifndef ANUVAD_CLI_TRANSLATE_H
#define ANUVAD_CLI_TRANSLATE_H

#include "term/names.h"
#include "session/session.h"
#include "base/strbuf.h"

/* Escape sequences, all "" for plain text. */
typedef struct tr_style {
    const char *bold, *dim, *off;
    const char *good, *warn, *bad; /* green, yellow, red */
    const char *flag;              /* a misspelt word: red underline */
    const char *del_open, *del_close, *ins_open, *ins_close; /* diffs */
    const char *hit_open, *hit_close; /* concordance match */
    name_hints *names; /* romanised hints for the source's words in no
                          dictionary (names), learning the matches'
                          English spellings; NULL: none shown */
} tr_style;

/* Colour when `colour`, else plain text with wdiff-style diff marks. */
void tr_style_init(tr_style *st, int colour);

/* The whole view of the current segment; `more`: matches left out to fit
 * the window (after v->n_matches), said in one line. */
void tr_render_view(strbuf *out, const session_view *v, const tr_style *st,
                    const char *project_name, size_t more);

/* Its two parts: the header, source and matches; the numbers, target and
 * checks (the part a view too tall for the window keeps whole). */
void tr_render_head(strbuf *out, const session_view *v, const tr_style *st,
                    const char *project_name, size_t more);
void tr_render_tail(strbuf *out, const session_view *v, const tr_style *st);

/* Wrapped rows (text/wrap.h) continue under the text, after the label
 * column. */
#define TR_WRAP_INDENT 9

/* Only the translation and its checks (after take / edit in a script). */
void tr_render_draft(strbuf *out, const session_view *v,
                     const tr_style *st);

/* An action's message, coloured by its outcome. */
void tr_render_event(strbuf *out, const session_event *ev,
                     const tr_style *st);

/* Concordance hits, key word in context. */
void tr_render_hits(strbuf *out, const session_event *ev,
                    const tr_style *st);

/* The keys (interactive) or the script commands. */
void tr_render_help(strbuf *out, int interactive);

/* Bind Alt-F/B/D, Alt-Backspace and Ctrl-arrows in readline to word
 * motion by ICU words (translate_editor.c); after rl_initialize. */
void tr_editor_bind_words(void);

/* The one-line reminder of the main keys. */
void tr_render_keys(strbuf *out, const tr_style *st);

#endif
