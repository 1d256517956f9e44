/*
 * session_view.c - what the translator sees of the current segment
 * (session_view_get in session.h), built in two parts:
 *
 *   - the segment part, once per visit: the source in NFC, its matches
 *     (live lookups in every TM of the session, with the segment's
 *     neighbours for 101 % matches, plus the <alt-trans> matches
 *     pre-translation stored in the project, compared again here so that
 *     their differing words can be shown), best first and without
 *     repeats; the misspelt words of the source; its numbers;
 *   - the draft part, again whenever the draft changes: the draft's
 *     misspelt words and which of the source's numbers it has.
 *
 * Everything is copied into the session (a "bag" of blocks freed when the
 * part is rebuilt), because a searcher's results only live until its next
 * lookup and there is one searcher per TM.
 */
#include "session/session_impl.h"
#include "base/array.h"
#include "project/tm_codes.h"
#include "text/icode.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

static int nomem(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* ---- matches ----------------------------------------------------------------- */

int session_is_retracted(const session *s, const char *source,
                         const char *target)
{
    for (size_t k = 0; k < s->n_retracted; k++)
        if (strcmp(s->retracted[k].source, source) == 0 &&
            strcmp(s->retracted[k].target, target) == 0)
            return 1;
    return 0;
}

static session_match *new_match(session *s)
{
    if (array_grow(&s->matches, &s->cap_matches, s->n_matches + 1,
                   sizeof *s->matches) != ANV_OK)
        return NULL;
    session_match *m = &s->matches[s->n_matches++];
    memset(m, 0, sizeof *m);
    return m;
}

/* Copy a comparison's diff into the view. */
static int keep_diff(session *s, session_match *m, const match_result *r)
{
    m->has_diff = r->has_diff;
    m->n_diff = r->n_diff;
    m->number_mismatches = r->number_mismatches;
    if (!r->n_diff)
        return ANV_OK;
    match_diff *d = bag_keep(&s->view_bag, malloc(r->n_diff * sizeof *d));
    if (!d)
        return ANV_ENOMEM;
    memcpy(d, r->diff, r->n_diff * sizeof *d);
    m->diff = d;
    return ANV_OK;
}

static int add_live(session *s, const tm_match *tm, const char *origin)
{
    session_match *m = new_match(s);
    /* a segment with inline codes: the match's translation with this
     * segment's codes where the TM's translator put them (tm_codes.h) */
    const char *target = tm->target;
    size_t target_len = tm->target_len;
    strbuf coded = STRBUF_INIT;
    if (icode_count(s->query.data, s->query.len) &&
        tm_codes_fill(s->query.data, tm->source_seg, tm->source_seg_len,
                      tm->target_seg, tm->target_seg_len, &coded, NULL) == 1) {
        target = coded.data;
        target_len = coded.len;
    }
    if (!m || !(m->source = bag_strndup(&s->view_bag, tm->source,
                                        tm->source_len)) ||
        !(m->target = bag_strndup(&s->view_bag, target, target_len)) ||
        keep_diff(s, m, &tm->cmp) != ANV_OK) {
        strbuf_release(&coded);
        return ANV_ENOMEM;
    }
    strbuf_release(&coded);
    m->score = tm->score;
    m->origin = origin;
    m->changedate = tm->changedate;
    return ANV_OK;
}

static int lookup_each(session *s, const char *text, const char *prev,
                       const char *next, anv_error *err);

static int lookup_all(session *s, const char *prev, const char *next,
                      anv_error *err)
{
    double t0 = session_now_ms();
    /* the TM sees inline codes as TMX placeholders */
    strbuf vq = STRBUF_INIT, vp = STRBUF_INIT, vn = STRBUF_INIT;
    const char *text = s->query.data;
    if (icode_count(text, s->query.len) &&
        icode_replace(&vq, text, s->query.len, "\xEF\xBF\xBC") == ANV_OK)
        text = vq.data;
    if (prev && icode_count(prev, strlen(prev)) &&
        icode_replace(&vp, prev, strlen(prev), "\xEF\xBF\xBC") == ANV_OK)
        prev = vp.data;
    if (next && icode_count(next, strlen(next)) &&
        icode_replace(&vn, next, strlen(next), "\xEF\xBF\xBC") == ANV_OK)
        next = vn.data;
    int rc = lookup_each(s, text, prev, next, err);
    strbuf_release(&vq);
    strbuf_release(&vp);
    strbuf_release(&vn);
    s->timings.lookup_ms = session_now_ms() - t0;
    return rc;
}

static int lookup_each(session *s, const char *text, const char *prev,
                       const char *next, anv_error *err)
{
    for (size_t k = 0; k < s->n_tms; k++) {
        tm_query q = {0};
        q.text = text;
        q.prev = prev;
        q.next = next;
        q.min = s->min;
        /* Units taken back by undo are still in the matcher: ask for
         * enough to fill the list without them. */
        q.max = s->max + (k == 0 ? s->n_retracted : 0);
        tm_matches r;
        int rc = tm_lookup(s->tms[k].s, &q, &r, err);
        if (rc != ANV_OK)
            return rc;
        for (size_t i = 0; i < r.n; i++) {
            const tm_match *tm = &r.match[i];
            if (k == 0 && s->n_retracted &&
                session_is_retracted(s, tm->source, tm->target))
                continue;
            if (add_live(s, tm, s->tms[k].name) != ANV_OK)
                return nomem(err);
        }
    }
    return ANV_OK;
}

/* The matches pre-translation stored in the project, compared with the
 * source again for their diffs. */
static int add_stored(session *s, const xliff_unit *u, anv_error *err)
{
    strbuf nfc = STRBUF_INIT;
    int rc = ANV_OK;
    for (size_t k = 0; k < u->n_matches && rc == ANV_OK; k++) {
        const xliff_match *x = &u->matches[k];
        if (!x->source || !x->target)
            continue;
        strbuf_clear(&nfc);
        match_result r;
        rc = text_append_nfc(&nfc, x->source, strlen(x->source), err);
        if (rc == ANV_OK)
            rc = matcher_compare(s->cmp, s->query.data, s->query.len,
                                 nfc.data ? nfc.data : "", nfc.len, &r, err);
        if (rc != ANV_OK)
            break;
        int score = x->quality >= 0 ? x->quality : r.score;
        if (score < s->min)
            continue;
        session_match *m = new_match(s);
        if (!m || !(m->source = bag_strndup(&s->view_bag,
                                            nfc.data ? nfc.data : "",
                                            nfc.len)) ||
            !(m->target = bag_strndup(&s->view_bag, x->target,
                                      strlen(x->target))) ||
            !(m->origin = bag_strndup(&s->view_bag,
                                      x->origin ? x->origin : "",
                                      x->origin ? strlen(x->origin) : 0)) ||
            keep_diff(s, m, &r) != ANV_OK) {
            rc = nomem(err);
            break;
        }
        m->score = score;
        m->changedate = TMX_NO_DATE;
        m->stored = 1;
    }
    strbuf_release(&nfc);
    return rc;
}

/* Best first: score, then a live lookup before a stored match, then the
 * newer.  Insertion sort: a few dozen matches, and it is stable, so equal
 * matches keep the TMs' own order. */
static int match_before(const session_match *a, const session_match *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    if (a->stored != b->stored)
        return !a->stored;
    return a->changedate > b->changedate;
}

static void sort_and_trim(session *s)
{
    session_match *m = s->matches;
    for (size_t i = 1; i < s->n_matches; i++) {
        session_match x = m[i];
        size_t j = i;
        while (j > 0 && match_before(&x, &m[j - 1])) {
            m[j] = m[j - 1];
            j--;
        }
        m[j] = x;
    }
    size_t kept = 0;
    for (size_t i = 0; i < s->n_matches && kept < s->max; i++) {
        int repeat = 0;
        for (size_t j = 0; j < kept && !repeat; j++)
            repeat = strcmp(m[j].source, m[i].source) == 0 &&
                     strcmp(m[j].target, m[i].target) == 0;
        if (!repeat)
            m[kept++] = m[i];
    }
    s->n_matches = kept;
}

/* ---- spelling ------------------------------------------------------------------ */

typedef struct flag_sink {
    bag *bag;
    session_word **words;
    size_t *n, *cap;
} flag_sink;

/* A flag's suggestions as "a, b, c" (or ""), kept in the bag. */
static const char *join_suggestions(bag *b, const spell_flag *f)
{
    strbuf sugg = STRBUF_INIT;
    for (size_t i = 0; i < f->n_suggestions; i++)
        if (strbuf_printf(&sugg, "%s%s", i ? ", " : "", f->suggestions[i]) !=
            ANV_OK)
            break;
    const char *joined = bag_strndup(b, sugg.data ? sugg.data : "", sugg.len);
    strbuf_release(&sugg);
    return joined;
}

static int on_flag(const spell_flag *f, void *ctx)
{
    flag_sink *k = ctx;
    if (array_grow(k->words, k->cap, *k->n + 1, sizeof **k->words) != ANV_OK)
        return ANV_ENOMEM;
    session_word *w = &(*k->words)[*k->n];
    w->start = f->start;
    w->end = f->end;
    w->word = bag_strndup(k->bag, f->word, strlen(f->word));
    w->suggestions = join_suggestions(k->bag, f);
    if (!w->word || !w->suggestions)
        return ANV_ENOMEM;
    (*k->n)++;
    return 0;
}

/* Check `text`; a checker that fails (a dictionary missing for a script
 * met in the text) is switched off for the session, with the reason kept
 * for the view, rather than failing every view. */
static int check_spelling(session *s, const char *text, size_t len,
                          flag_sink *sink, anv_error *err)
{
    *sink->n = 0;
    if (!s->spell)
        return ANV_OK;
    anv_error e;
    anv_error_clear(&e);
    int rc = spell_check_text(s->spell, text, len, on_flag, sink, NULL, &e);
    if (rc == ANV_ENOMEM)
        return nomem(err);
    if (rc != ANV_OK) {
        s->spell_error = e;
        spell_checker_free(s->spell);
        s->spell = NULL;
        *sink->n = 0;
    }
    return ANV_OK;
}

/* ---- the two parts ---------------------------------------------------------------- */

int session_view_segment(session *s, anv_error *err)
{
    if (s->view_ok && s->view_index == s->cur)
        return ANV_OK;
    bag_clear(&s->view_bag);
    s->n_matches = 0;
    s->n_src_flags = 0;
    num_list_release(&s->src_nums);
    s->draft_ok = 0;
    const xliff_unit *u = xliff_project_unit(s->p, s->cur);
    const char *prev, *next;
    session_context(s, s->cur, &prev, &next);
    strbuf_clear(&s->query);
    int rc = text_append_nfc(&s->query, u->source, strlen(u->source), err);
    if (rc == ANV_OK && !s->query.data)
        rc = strbuf_append_str(&s->query, "") == ANV_OK ? ANV_OK
                                                         : nomem(err);
    if (rc == ANV_OK)
        rc = lookup_all(s, prev, next, err);
    if (rc == ANV_OK)
        rc = add_stored(s, u, err);
    if (rc != ANV_OK)
        return rc;
    sort_and_trim(s);
    flag_sink sink = {&s->view_bag, &s->src_flags, &s->n_src_flags,
                      &s->cap_src_flags};
    rc = check_spelling(s, s->query.data, s->query.len, &sink, err);
    if (rc == ANV_OK)
        rc = numbers_find(s->query.data, s->query.len, NUM_LANG_HI,
                          &s->src_nums, err);
    if (rc != ANV_OK)
        return rc;
    s->view_ok = 1;
    s->view_index = s->cur;
    return ANV_OK;
}

int session_view_draft(session *s, anv_error *err)
{
    int rc = session_view_segment(s, err);
    if (rc != ANV_OK || s->draft_ok)
        return rc;
    bag_clear(&s->draft_bag);
    s->draft_suggested = 0;
    flag_sink sink = {&s->draft_bag, &s->draft_flags, &s->n_draft_flags,
                      &s->cap_draft_flags};
    const char *d = s->has_draft && s->draft.data ? s->draft.data : "";
    size_t dlen = s->has_draft ? s->draft.len : 0;
    rc = check_spelling(s, d, dlen, &sink, err);
    num_list have = NUM_LIST_INIT;
    num_diff diff = {0};
    if (rc == ANV_OK)
        rc = numbers_find(d, dlen, NUM_LANG_EN, &have, err);
    if (rc == ANV_OK)
        rc = numbers_compare(&s->src_nums, &have, &diff, err);
    size_t n = s->src_nums.n;
    session_number *nums = NULL;
    if (rc == ANV_OK && n &&
        !(nums = bag_keep(&s->draft_bag, calloc(n, sizeof *nums))))
        rc = nomem(err);
    if (rc == ANV_OK) {
        for (size_t k = 0; k < n; k++) {
            nums[k].start = s->src_nums.items[k].start;
            nums[k].end = s->src_nums.items[k].end;
            nums[k].english = s->src_nums.items[k].english;
            nums[k].in_draft = 1;
        }
        for (size_t k = 0; k < diff.n_missing; k++)
            nums[diff.missing[k]].in_draft = 0;
        s->numbers = nums;
        s->n_numbers = n;
        s->n_missing = diff.n_missing;
        s->draft_ok = 1;
    }
    num_diff_release(&diff);
    num_list_release(&have);
    return rc;
}

typedef struct first_flag {
    bag *bag;
    const char *suggestions;
} first_flag;

static int on_suggestion(const spell_flag *f, void *ctx)
{
    first_flag *ff = ctx;
    ff->suggestions = join_suggestions(ff->bag, f);
    return ff->suggestions ? 1 : ANV_ENOMEM; /* one word: stop */
}

int session_suggest_draft(session *s, anv_error *err)
{
    if (s->draft_suggested || !s->n_draft_flags)
        return ANV_OK;
    if (!s->suggest) {
        anv_error e;
        anv_error_clear(&e);
        if (!(s->suggest = spell_checker_new(&s->spell_opts, &e)))
            return ANV_OK; /* words are still flagged, just no advice */
        if (s->tm_words)
            spell_set_known_words(s->suggest, spell_tm_words_known,
                                  s->tm_words);
    }
    for (size_t k = 0; k < s->n_draft_flags; k++) {
        session_word *w = &s->draft_flags[k];
        first_flag ff = {&s->draft_bag, NULL};
        int rc = spell_check_text(s->suggest, w->word, strlen(w->word),
                                  on_suggestion, &ff, NULL, NULL);
        if (rc == ANV_ENOMEM)
            return nomem(err);
        if (ff.suggestions)
            w->suggestions = ff.suggestions;
    }
    s->draft_suggested = 1;
    return ANV_OK;
}

int session_view_get(session *s, session_view *v, anv_error *err)
{
    memset(v, 0, sizeof *v);
    double t0 = session_now_ms();
    int was_ok = s->view_ok && s->view_index == s->cur;
    int rc = session_view_draft(s, err);
    if (rc == ANV_OK)
        rc = xliff_project_count(s->p, XLIFF_ALL_FILES, s->ws, &v->counts,
                                 err);
    if (rc != ANV_OK)
        return rc;
    if (!was_ok)
        s->timings.view_ms = session_now_ms() - t0;
    const xliff_unit *u = xliff_project_unit(s->p, s->cur);
    v->index = s->cur;
    v->n_units = xliff_project_unit_count(s->p);
    v->unit = u;
    v->query = s->query.data;
    v->draft = s->has_draft ? (s->draft.data ? s->draft.data : "") : NULL;
    v->draft_saved = v->draft && u->target && strcmp(v->draft, u->target) == 0;
    v->matches = s->matches;
    v->n_matches = s->n_matches;
    v->source_flags = s->src_flags;
    v->n_source_flags = s->n_src_flags;
    v->draft_flags = s->draft_flags;
    v->n_draft_flags = s->n_draft_flags;
    v->numbers = s->numbers;
    v->n_numbers = s->n_numbers;
    v->n_numbers_missing = s->n_missing;
    v->all_confirmed = xliff_project_next_unconfirmed(s->p, 0) == v->n_units;
    v->spell_off = !s->spell;
    v->terms = NULL;
    v->n_terms = 0;
    v->glossary = s->glossary;
    anv_error terr; /* a text the matcher cannot take: no terms shown */
    if (s->terms && v->query &&
        term_matcher_find(s->terms, v->query, strlen(v->query), &v->terms,
                          &v->n_terms, &terr) != ANV_OK) {
        v->terms = NULL;
        v->n_terms = 0;
    }
    return ANV_OK;
}

