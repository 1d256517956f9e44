/*
 * translate_view.c - the text `anuvad translate` shows: a segment's
 * view, an action's message, concordance hits, help (translate.h).
 *
 * One layout for both modes, labels in a left column:
 *
 *   Segment 2 of 27 · confirmed 1 of 27 segments, 15 of 636 words (2%)
 *   source   रूस के रक्षा मंत्री ... 19 जनवरी तक ...
 *   matches
 *    1  96%  रूस के रक्षा मंत्री ... [-21-]{+19+} जनवरी तक ...   hi-en.tmx
 *            Russian Defence Minister ... by January 21 ...
 *   numbers  19 ✓  January ✓
 *   target   Russian Defence Minister ...     [needs-review-translation ...]
 *
 * With colour, the diff is red (only in the match) and green (only in the
 * segment) instead of [- -] and {+ +}, misspelt words are underlined in
 * red, and scores are coloured by band.  Lines are logical (one a field);
 * at a terminal text/wrap.h wraps them to its width, and translate.c
 * leaves matches out ("+N more") until the view fits the window.
 */
#include "cli/tm.h"
#include "cli/translate.h"
#include "text/icode.h"
#include "match/concordance.h"

#include <string.h>

void tr_style_init(tr_style *st, int colour)
{
    if (colour) {
        *st = (tr_style){"\033[1m", "\033[2m", "\033[0m",
                         "\033[32m", "\033[33m", "\033[31m",
                         "\033[4;31m",
                         "\033[9;31m", "\033[0m", "\033[1;32m", "\033[0m",
                         "\033[1;33m", "\033[0m", NULL};
    } else {
        *st = (tr_style){"", "", "", "", "", "", "", "[-", "-]", "{+", "+}",
                         "[", "]", NULL};
    }
}

/* Text on one line: tabs and line breaks as spaces, inline codes as
 * {1} {/1} {2/}. */
static void put_flat(strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (icode_at(s, n, i, NULL, NULL)) {
            icode_display(out, s + i, ICODE_CHAR_LEN);
            i += ICODE_CHAR_LEN - 1;
            continue;
        }
        strbuf_append_char(out, s[i] == '\n' || s[i] == '\t' || s[i] == '\r'
                                    ? ' '
                                    : s[i]);
    }
}

static void put_label(strbuf *out, const tr_style *st, const char *label)
{
    strbuf_printf(out, "%s%-9s%s", st->dim, label, st->off);
}

/* `text` with the flagged words marked. */
static void put_flagged(strbuf *out, const char *text,
                        const session_word *w, size_t n, const tr_style *st)
{
    size_t pos = 0, len = strlen(text);
    for (size_t k = 0; k < n; k++) {
        if (w[k].start < pos || w[k].end > len)
            continue;
        put_flat(out, text + pos, w[k].start - pos);
        strbuf_append_str(out, st->flag);
        put_flat(out, text + w[k].start, w[k].end - w[k].start);
        strbuf_append_str(out, st->off);
        pos = w[k].end;
    }
    put_flat(out, text + pos, len - pos);
}

/* "spelling: word? suggestion, suggestion · word? ..." */
static void put_spelling(strbuf *out, const session_word *w, size_t n,
                         const tr_style *st)
{
    if (!n)
        return;
    strbuf_printf(out, "%-9s%sspelling:", "", st->dim);
    for (size_t k = 0; k < n; k++) {
        strbuf_printf(out, "%s %s%s%s%s?", k ? " ·" : "", st->off, st->warn,
                      w[k].word, st->off);
        strbuf_append_str(out, st->dim);
        if (*w[k].suggestions)
            strbuf_printf(out, " %s", w[k].suggestions);
    }
    strbuf_printf(out, "%s\n", st->off);
}

static const char *score_colour(int score, const tr_style *st)
{
    return score >= 95 ? st->good : score >= 75 ? st->warn : "";
}

static void put_match(strbuf *out, size_t k, const session_match *m,
                      const char *query, const tr_style *st)
{
    strbuf_printf(out, "%2zu %s%4d%%%s  ", k + 1, score_colour(m->score, st),
                  m->score, st->off);
    match_result r;
    memset(&r, 0, sizeof r);
    r.diff = m->diff;
    r.n_diff = m->n_diff;
    r.has_diff = m->has_diff;
    match_marks marks = {st->del_open, st->del_close, st->ins_open,
                         st->ins_close};
    strbuf marked = STRBUF_INIT;
    if (m->has_diff && match_diff_append_styled(&marked, &r, m->source,
                                                strlen(m->source), query,
                                                &marks) == ANV_OK)
        put_flat(out, marked.data, marked.len);
    else
        put_flat(out, m->source, strlen(m->source));
    strbuf_release(&marked);
    strbuf_printf(out, "   %s", st->dim);
    if (*m->origin)
        strbuf_append_str(out, m->origin);
    if (m->changedate != TMX_NO_DATE) {
        char day[16];
        tmcli_day(m->changedate, day);
        strbuf_printf(out, " %s", day);
    }
    if (m->stored)
        strbuf_append_str(out, " (pre-translation)");
    strbuf_printf(out, "%s\n%-9s", st->off, "");
    put_flat(out, m->target, strlen(m->target));
    strbuf_append_char(out, '\n');
}

static void put_state(strbuf *out, const session_view *v, const tr_style *st)
{
    const xliff_unit *u = v->unit;
    if (!v->draft_saved) {
        strbuf_printf(out, "   %s[not confirmed]%s", st->warn, st->off);
        return;
    }
    strbuf_printf(out, "   %s[%s", st->dim, xliff_state_name(u->state));
    if (u->qualifier != XLIFF_QUAL_NONE)
        strbuf_printf(out, ", %s", xliff_qualifier_name(u->qualifier));
    if (u->match_quality >= 0)
        strbuf_printf(out, " %d%%", u->match_quality);
    if (u->marks & XLIFF_MARK_PROPAGATED)
        strbuf_append_str(out, ", propagated");
    if (u->marks & XLIFF_MARK_NUMBERS_FIXED)
        strbuf_append_str(out, ", numbers fixed");
    strbuf_printf(out, "]%s", st->off);
}

void tr_render_draft(strbuf *out, const session_view *v, const tr_style *st)
{
    if (v->n_numbers) {
        put_label(out, st, "numbers");
        for (size_t k = 0; k < v->n_numbers; k++) {
            const session_number *n = &v->numbers[k];
            strbuf_printf(out, "%s%s%s %s%s", k ? "  " : "",
                          n->in_draft ? st->good : st->warn, n->english,
                          n->in_draft ? "✓" : "✗", st->off);
        }
        strbuf_append_char(out, '\n');
    }
    put_label(out, st, "target");
    if (!v->draft) {
        strbuf_printf(out, "%s(none)%s\n", st->dim, st->off);
        return;
    }
    strbuf_append_str(out, st->bold);
    put_flagged(out, v->draft, v->draft_flags, v->n_draft_flags, st);
    strbuf_append_str(out, st->off);
    put_state(out, v, st);
    strbuf_append_char(out, '\n');
    put_spelling(out, v->draft_flags, v->n_draft_flags, st);
}

/* The source's Devanagari words in no dictionary, mostly names, with a
 * romanised hint each (term/names.h), words with only a space between
 * taken as one name: "names    [n1] शोइगु → Shoigu".  The matches'
 * English is learnt first, so a spelling the TM uses wins. */
static void put_names(strbuf *out, const session_view *v, const tr_style *st)
{
    if (!st->names || !v->n_source_flags)
        return;
    for (size_t k = 0; k < v->n_matches; k++)
        name_hints_learn(st->names, v->matches[k].target,
                         strlen(v->matches[k].target));
    size_t shown = 0;
    for (size_t k = 0; k < v->n_source_flags;) {
        const session_word *w = &v->source_flags[k];
        size_t end = w->end, j = k + 1;
        /* Devanagari letters are U+0900..U+097F: lead byte E0, then A4/A5 */
        const unsigned char *c = (const unsigned char *)v->query + w->start;
        if (w->end - w->start < 3 || c[0] != 0xE0 || (c[1] & 0xFE) != 0xA4) {
            k++;
            continue;
        }
        while (j < v->n_source_flags && v->source_flags[j].start == end + 1 &&
               v->query[end] == ' ')
            end = v->source_flags[j++].end;
        strbuf hint = STRBUF_INIT;
        anv_error err;
        if (name_hints_romanise(st->names, v->query + w->start,
                                end - w->start, &hint, &err) == ANV_OK &&
            hint.len) {
            if (!shown++)
                put_label(out, st, "names");
            strbuf_printf(out, "%s[n%zu] ", shown > 1 ? "  " : "", shown);
            put_flat(out, v->query + w->start, end - w->start);
            strbuf_printf(out, " → %s", hint.data);
        }
        strbuf_release(&hint);
        k = j;
    }
    if (shown)
        strbuf_append_char(out, '\n');
}

void tr_render_head(strbuf *out, const session_view *v, const tr_style *st,
                    const char *project_name, size_t more)
{
    const xliff_counts *c = &v->counts;
    strbuf_printf(out, "%sSegment %zu of %zu%s%s · confirmed %zu of %zu "
                  "segments, %zu of %zu words (%zu%%) · %s%s\n",
                  st->bold, v->index + 1, v->n_units, st->off, st->dim,
                  c->confirmed_units, c->total_units, c->confirmed_words,
                  c->total_words,
                  c->total_words ? c->confirmed_words * 100 / c->total_words
                                 : 0,
                  project_name, st->off);
    put_label(out, st, "source");
    put_flagged(out, v->query, v->source_flags, v->n_source_flags, st);
    strbuf_append_char(out, '\n');
    put_spelling(out, v->source_flags, v->n_source_flags, st);
    /* the glossary's terms in the source: [t1] फ़ाइलों → file */
    if (v->n_terms && v->glossary) {
        put_label(out, st, "terms");
        for (size_t k = 0; k < v->n_terms; k++) {
            const term_hit *h = &v->terms[k];
            const glossary_entry *e = glossary_entry_at(v->glossary, h->entry);
            strbuf_printf(out, "%s[t%zu] ", k ? "  " : "", k + 1);
            put_flat(out, v->query + h->start, h->end - h->start);
            strbuf_printf(out, " → %s%s", e->target,
                          e->status == GLOSSARY_FORBIDDEN ? " (forbidden)"
                                                          : "");
        }
        strbuf_append_char(out, '\n');
    }
    put_names(out, v, st);
    /* what the file says about the unit: its notes (another tool's
     * instructions, anuvad's own remarks) and its length limit */
    for (size_t k = 0; v->unit && k < v->unit->n_notes; k++) {
        const xliff_note *n = &v->unit->notes[k];
        put_label(out, st, "note");
        if (n->from && *n->from)
            strbuf_printf(out, "%s(%s)%s ", st->dim, n->from, st->off);
        put_flat(out, n->text, strlen(n->text));
        strbuf_append_char(out, '\n');
    }
    if (v->unit && v->unit->max_chars) {
        put_label(out, st, "limit");
        strbuf_printf(out, "%u characters\n", v->unit->max_chars);
    }
    if (v->n_matches || more) { /* the matches on lines of their own */
        strbuf_printf(out, "%smatches%s\n", st->dim, st->off);
    } else {
        put_label(out, st, "matches");
        strbuf_printf(out, "%snone%s\n", st->dim, st->off);
    }
    for (size_t k = 0; k < v->n_matches; k++)
        put_match(out, k, &v->matches[k], v->query, st);
    if (more == 1)
        strbuf_printf(out, "%-9s%s+1 more match (key %zu takes it)%s\n", "",
                      st->dim, v->n_matches + 1, st->off);
    else if (more)
        strbuf_printf(out, "%-9s%s+%zu more matches (keys %zu-%zu take "
                      "them)%s\n", "", st->dim, more, v->n_matches + 1,
                      v->n_matches + more, st->off);
}

void tr_render_tail(strbuf *out, const session_view *v, const tr_style *st)
{
    tr_render_draft(out, v, st);
    if (v->all_confirmed)
        strbuf_printf(out, "%sAll segments are confirmed.%s\n", st->good,
                      st->off);
}

void tr_render_view(strbuf *out, const session_view *v, const tr_style *st,
                    const char *project_name, size_t more)
{
    tr_render_head(out, v, st, project_name, more);
    tr_render_tail(out, v, st);
}

void tr_render_event(strbuf *out, const session_event *ev,
                     const tr_style *st)
{
    if (!ev->message.len)
        return;
    const char *colour = ev->outcome == SESSION_WARNED    ? st->warn
                         : ev->outcome == SESSION_REFUSED ? st->bad
                         : ev->tm_pending                 ? st->warn
                                                          : st->good;
    strbuf_printf(out, "%s%s%s\n", colour, ev->message.data, st->off);
}

void tr_render_hits(strbuf *out, const session_event *ev,
                    const tr_style *st)
{
    for (size_t k = 0; k < ev->n_hits; k++) {
        const session_conc_hit *h = &ev->hits[k];
        int src = h->side == CONC_SOURCE;
        const char *text = src ? h->source : h->target;
        size_t len = src ? h->source_len : h->target_len;
        const char *other = src ? h->target : h->source;
        size_t olen = src ? h->target_len : h->source_len;
        strbuf_printf(out, "%3zu  ", k + 1);
        conc_kwic(out, text, len, h->start, h->end, 30, st->hit_open,
                  st->hit_close);
        strbuf_printf(out, "\n     %s", st->dim);
        put_flat(out, other, olen);
        strbuf_printf(out, "%s\n", st->off);
    }
}

void tr_render_keys(strbuf *out, const tr_style *st)
{
    strbuf_printf(out, "%sEnter confirm · 1-9 take match · e edit · 0 copy "
                  "source · s skip · n/p next/prev · / search · u undo · "
                  "? help · q quit%s\n",
                  st->dim, st->off);
}

void tr_render_help(strbuf *out, int interactive)
{
    if (interactive)
        strbuf_append_str(
            out,
            "Keys (no Enter needed):\n"
            "  Enter, c   confirm the target and go to the next segment to do\n"
            "             (a warning about spelling or numbers first: Enter\n"
            "             again accepts)\n"
            "  1-9        take match N into the editor (numbers carried over)\n"
            "  e, i       edit the target in the editor\n"
            "  0          copy the source into the editor\n"
            "             In the editor: Enter confirms, Ctrl-G leaves it\n"
            "             without confirming; Ctrl-T inserts the next inline\n"
            "             code, Ctrl-O the English of the next glossary term\n"
            "             the line lacks; the usual readline keys work.\n"
            "  s          skip: on to the next segment to do\n"
            "  n, j, Down next segment      p, k, Up  previous segment\n"
            "  g          go to segment N\n"
            "  /          concordance: find words in the TM\n"
            "  a          add a word to your dictionary\n"
            "  J          join this segment with the next\n"
            "  S          split this segment (type | where to cut)\n"
            "  u          undo the last confirm, or the copies it made\n"
            "  :          a command: goto 12, split 5, concordance WORDS ...\n"
            "  r, Ctrl-L  redraw       ?, h  this help       q  quit\n"
            "Everything is saved as it happens: quit or close at any time.\n");
    else
        strbuf_append_str(
            out,
            "Commands (one a line; # starts a comment):\n"
            "  take N          match N becomes the translation\n"
            "  copy-source     the source becomes the translation\n"
            "  edit TEXT       TEXT becomes the translation\n"
            "  confirm         confirm it (after a warning: confirm again)\n"
            "  confirm!        confirm without the spelling/number checks\n"
            "  skip | next | prev | goto N\n"
            "  concordance WORDS | /WORDS\n"
            "  add-word WORD\n"
            "  join | split N (before word N) | split TEXT|TEXT\n"
            "  undo | show | help | quit\n");
}
