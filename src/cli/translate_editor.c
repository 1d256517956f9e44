/*
 * translate_editor.c - word motion in `anuvad translate`'s line editor.
 *
 * readline decides what a word is with iswalnum(), which is false for the
 * Devanagari virama (्) and nukta (़): Alt-F and Alt-B stopped inside
 * रक्षा and क़िला.  These commands move and kill by ICU's word boundaries
 * instead (text/words.h), the same words the rest of anuvad counts, and
 * are bound to the keys readline's emacs mode uses for words: Alt-F,
 * Alt-B, Alt-D, Alt-Backspace, Ctrl-Right and Ctrl-Left.
 *
 * rl_point and rl_end are byte offsets into rl_line_buffer (UTF-8), as
 * are word_motion_*'s; readline keeps the buffer valid UTF-8.
 */
#include "cli/translate.h"
#include "text/words.h"

#include <stdio.h>

#include <readline/readline.h>

/* Where `count` words forward (count > 0) or back (count < 0) of the
 * cursor end or start. */
static int word_target(int count)
{
    word_splitter *ws = word_splitter_new("hi", NULL);
    if (!ws)
        return rl_point;
    size_t pos = (size_t)rl_point, len = (size_t)rl_end;
    for (; count > 0; count--)
        pos = word_motion(ws, rl_line_buffer, len, pos, 1);
    for (; count < 0; count++)
        pos = word_motion(ws, rl_line_buffer, len, pos, 0);
    word_splitter_free(ws);
    return (int)pos;
}

static int forward_word(int count, int key)
{
    (void)key;
    rl_point = word_target(count);
    return 0;
}

static int backward_word(int count, int key)
{
    (void)key;
    rl_point = word_target(-count);
    return 0;
}

static int kill_word(int count, int key)
{
    (void)key;
    int to = word_target(count), from = rl_point;
    if (to != from) {
        rl_kill_text(from, to);
        rl_point = from < to ? from : to;
    }
    return 0;
}

static int backward_kill_word(int count, int key)
{
    return kill_word(-count, key);
}

void tr_editor_bind_words(void)
{
    rl_bind_keyseq("\033f", forward_word);
    rl_bind_keyseq("\033b", backward_word);
    rl_bind_keyseq("\033d", kill_word);
    rl_bind_keyseq("\033\177", backward_kill_word);
    rl_bind_keyseq("\033\010", backward_kill_word);
    rl_bind_keyseq("\033[1;5C", forward_word);
    rl_bind_keyseq("\033[1;5D", backward_word);
}
