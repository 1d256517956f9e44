/*
 * numbers.c - finding, converting, comparing and fixing numbers and
 * month names (see numbers.h; the rules are in docs/numbers.md).
 *
 * The scanner walks code points with ICU's U8_NEXT.  A digit is any code
 * point with a decimal digit value (u_charDigitValue >= 0), so ASCII and
 * Devanagari digits (and other scripts') are read alike.  A number is a
 * digit run, then comma groups (kept only when they make Western 1,600 or
 * Indian 1,00,000 grouping, otherwise every run is its own number: "2010,
 * 2011"), then parts joined by '.', ':' or '/' (3.5, 10.30, 14/01/2022).
 * Month names are looked up only where a word starts, and must end where
 * the word ends, so "जूनियर" is not "जून".
 *
 * The fix: both sources are cut into numbers and the text between them.
 * If that text is the same, only numbers differ; each number that changed
 * is looked up by value in the TM target, and replaced there when it
 * occurs exactly as often as in the TM source (so that each occurrence
 * has one counterpart).  Any doubt gives NUMFIX_UNSURE with a reason.
 */
#include "text/numbers.h"
#include "base/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* ---- month names ---------------------------------------------------- */

typedef struct month_name {
    const char *name;
    int month;
    int abbreviated;
} month_name;

/* Hindi names in NFC, with the spellings found in news text (FLORES,
 * NTREX, WMT): सितंबर/सितम्बर, नवंबर/नवम्बर ...  फ़रवरी is NFC फ + nukta
 * (U+095E is a composition exclusion); the precomposed form is listed for
 * text that skipped normalisation. */
static const month_name hindi_months[] = {
    {"जनवरी", 1, 0},
    {"फरवरी", 2, 0},
    {"\xE0\xA4\xAB\xE0\xA4\xBC" "रवरी", 2, 0},
    {"\xE0\xA5\x9E" "रवरी", 2, 0},
    {"मार्च", 3, 0},
    {"अप्रैल", 4, 0},
    {"अप्रेल", 4, 0},
    {"मई", 5, 0},
    {"जून", 6, 0},
    {"जुलाई", 7, 0},
    {"अगस्त", 8, 0},
    {"सितंबर", 9, 0},
    {"सितम्बर", 9, 0},
    {"अक्टूबर", 10, 0},
    {"अक्तूबर", 10, 0},
    {"नवंबर", 11, 0},
    {"नवम्बर", 11, 0},
    {"दिसंबर", 12, 0},
    {"दिसम्बर", 12, 0},
};

static const char *const english_months[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const english_abbrevs[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static const month_name english_months_extra[] = {{"Sept", 9, 1}};

/* ---- helpers ---------------------------------------------------------- */

static int oom(anv_error *err)
{
    return anv_error_set(err, ANV_ENOMEM, "out of memory");
}

/* Part of a word: letters, combining marks (vowel signs, virama, nukta),
 * ZWJ/ZWNJ. */
static int is_word_char(UChar32 c)
{
    if (c < 0)
        return 0;
    if (u_isalpha(c) || c == 0x200C || c == 0x200D)
        return 1;
    int8_t t = u_charType(c);
    return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK ||
           t == U_ENCLOSING_MARK;
}

static UChar32 char_at(const char *s, size_t i, size_t len, size_t *next)
{
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (next)
        *next = i;
    return c;
}

static UChar32 char_before(const char *s, size_t i)
{
    if (i == 0)
        return -1;
    int32_t k = (int32_t)i;
    UChar32 c;
    U8_PREV(s, 0, k, c);
    return c;
}

static int digit_at(const char *s, size_t i, size_t len, size_t *next)
{
    if (i >= len)
        return -1;
    UChar32 c = char_at(s, i, len, next);
    return c < 0 ? -1 : u_charDigitValue(c);
}

/* Read a run of digits at i: append ASCII digits to `out`, return the
 * number of digits (0 when there is none) and set *end. */
static size_t digit_run(const char *s, size_t i, size_t len, strbuf *out,
                        size_t *end, int *err)
{
    size_t n = 0, next;
    int d;
    while ((d = digit_at(s, i, len, &next)) >= 0) {
        if (strbuf_append_char(out, (char)('0' + d)) != ANV_OK)
            *err = 1;
        n++;
        i = next;
    }
    *end = i;
    return n;
}

static int push_item(num_list *l, const num_item *it)
{
    if (array_grow(&l->items, &l->cap, l->n + 1, sizeof *l->items) != ANV_OK)
        return ANV_ENOMEM;
    l->items[l->n++] = *it;
    return ANV_OK;
}

/* Western grouping of an ASCII digit string into `out`. */
static int append_grouped(strbuf *out, const char *digits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0 && strbuf_append_char(out, ',') != ANV_OK)
            return ANV_ENOMEM;
        if (strbuf_append_char(out, digits[i]) != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

/* ---- finding ---------------------------------------------------------- */

/* A number at `i` (which holds a digit).  Adds it and returns where it
 * ends. */
static int scan_number(const char *s, size_t i, size_t len, num_lang lang,
                       num_list *out, size_t *end_out, anv_error *err)
{
    strbuf digits = STRBUF_INIT, rest = STRBUF_INIT;
    size_t groups[64], n_groups = 0, end;
    int e = 0;
    groups[n_groups++] = digit_run(s, i, len, &digits, &end, &e);
    /* comma groups: 1,600 or 1,00,000 */
    size_t grouped_end = end;
    while (n_groups < 64 && grouped_end < len && s[grouped_end] == ',' &&
           digit_at(s, grouped_end + 1, len, NULL) >= 0) {
        size_t e2;
        groups[n_groups++] =
            digit_run(s, grouped_end + 1, len, &digits, &e2, &e);
        grouped_end = e2;
    }
    int indian = 0;
    if (n_groups > 1) {
        int western = groups[0] >= 1 && groups[0] <= 3;
        int ind = groups[0] >= 1 && groups[0] <= 2 &&
                  groups[n_groups - 1] == 3;
        for (size_t g = 1; g < n_groups; g++) {
            western &= groups[g] == 3;
            if (g < n_groups - 1)
                ind &= groups[g] == 2;
        }
        if (western || ind) {
            end = grouped_end;
            indian = ind && !western;
        } else {
            /* not grouping: "2010,2011" is two numbers */
            digits.len = groups[0];
            digits.data[digits.len] = '\0';
            n_groups = 1;
        }
    }
    size_t int_digits = digits.len;
    /* decimals, times, dates: 3.5  10.30  14/01/2022 */
    while (end < len && (s[end] == '.' || s[end] == ':' || s[end] == '/') &&
           digit_at(s, end + 1, len, NULL) >= 0) {
        size_t e2;
        /* 10:30 and 10.30 are the same time: the value says '.' */
        if (strbuf_append_char(&digits, s[end] == ':' ? '.' : s[end]) !=
                ANV_OK ||
            strbuf_append_char(&rest, s[end]) != ANV_OK)
            e = 1;
        size_t before = digits.len;
        digit_run(s, end + 1, len, &digits, &e2, &e);
        if (strbuf_append(&rest, digits.data + before, digits.len - before) !=
            ANV_OK)
            e = 1;
        end = e2;
    }
    num_item it = {0};
    it.start = i;
    it.end = end;
    it.kind = NUM_NUMBER;
    it.indian_grouping = indian;
    /* English ordinal: 21st, 2nd, 3rd, 4th (not "4thly", not "3rdparty") */
    if (lang == NUM_LANG_EN && end + 2 <= len) {
        static const char *const sfx[] = {"st", "nd", "rd", "th"};
        for (size_t k = 0; k < 4; k++)
            if (strncasecmp(s + end, sfx[k], 2) == 0 &&
                (end + 2 == len || !is_word_char(char_at(s, end + 2, len,
                                                         NULL)))) {
                it.suffix_len = 2;
                break;
            }
    }
    /* value: digits without grouping; English: grouped when it was */
    strbuf value = STRBUF_INIT, english = STRBUF_INIT;
    if (strbuf_append(&value, digits.data ? digits.data : "", digits.len) !=
            ANV_OK ||
        (n_groups > 1 ? append_grouped(&english, digits.data, int_digits)
                      : strbuf_append(&english, digits.data, int_digits)) !=
            ANV_OK ||
        strbuf_append(&english, rest.data ? rest.data : "", rest.len) !=
            ANV_OK)
        e = 1;
    it.value = strbuf_detach(&value, NULL);
    it.english = strbuf_detach(&english, NULL);
    strbuf_release(&digits);
    strbuf_release(&rest);
    if (e || !it.value || !it.english || push_item(out, &it) != ANV_OK) {
        free(it.value);
        free(it.english);
        return oom(err);
    }
    *end_out = end;
    return ANV_OK;
}

/* Take `m` as *best when s[0..avail) starts with its name and that name
 * is longer than *best_len bytes (the longest name wins). */
static void longer_name(const char *s, size_t avail, month_name m,
                        month_name *best, size_t *best_len)
{
    size_t n = strlen(m.name);
    if (n > *best_len && n <= avail && memcmp(s, m.name, n) == 0) {
        *best = m;
        *best_len = n;
    }
}

/* A month name starting at i (a word start)?  Adds it, sets *end_out. */
static int scan_month(const char *s, size_t i, size_t len, num_lang lang,
                      num_list *out, size_t *end_out, int *found,
                      anv_error *err)
{
    month_name best = {NULL, 0, 0};
    size_t best_len = 0;
    if (lang == NUM_LANG_HI) {
        for (size_t k = 0; k < sizeof hindi_months / sizeof *hindi_months;
             k++)
            longer_name(s + i, len - i, hindi_months[k], &best, &best_len);
    } else {
        for (int m = 0; m < 12; m++) {
            longer_name(s + i, len - i,
                        (month_name){english_months[m], m + 1, 0}, &best,
                        &best_len);
            longer_name(s + i, len - i,
                        (month_name){english_abbrevs[m], m + 1, 1}, &best,
                        &best_len);
        }
        longer_name(s + i, len - i, english_months_extra[0], &best,
                    &best_len);
    }
    *found = 0;
    if (!best_len)
        return ANV_OK;
    size_t end = i + best_len;
    if (end < len && is_word_char(char_at(s, end, len, NULL)))
        return ANV_OK;
    char v[4];
    snprintf(v, sizeof v, "%d", best.month);
    num_item it = {0};
    it.start = i;
    it.end = end;
    it.kind = NUM_MONTH;
    it.month = best.month;
    it.abbreviated = best.abbreviated;
    it.value = strdup(v);
    it.english = strdup(english_months[best.month - 1]);
    if (!it.value || !it.english || push_item(out, &it) != ANV_OK) {
        free(it.value);
        free(it.english);
        return oom(err);
    }
    *found = 1;
    *end_out = end;
    return ANV_OK;
}

int numbers_find(const char *text, size_t len, num_lang lang, num_list *out,
                 anv_error *err)
{
    size_t i = 0;
    while (i < len) {
        size_t next;
        UChar32 c = char_at(text, i, len, &next);
        if (c >= 0 && u_charDigitValue(c) >= 0) {
            int rc = scan_number(text, i, len, lang, out, &i, err);
            if (rc != ANV_OK)
                return rc;
            i += out->items[out->n - 1].suffix_len;
            continue;
        }
        if (is_word_char(c) && !is_word_char(char_before(text, i))) {
            int found;
            int rc = scan_month(text, i, len, lang, out, &i, &found, err);
            if (rc != ANV_OK)
                return rc;
            if (found)
                continue;
        }
        i = next;
    }
    return ANV_OK;
}

void num_list_release(num_list *l)
{
    for (size_t k = 0; k < l->n; k++) {
        free(l->items[k].value);
        free(l->items[k].english);
    }
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

int numbers_same(const num_item *a, const num_item *b)
{
    if (a->kind != b->kind)
        return 0;
    return a->kind == NUM_MONTH ? a->month == b->month
                                : strcmp(a->value, b->value) == 0;
}

int numbers_to_english(const char *text, size_t len, strbuf *out,
                       anv_error *err)
{
    num_list l = NUM_LIST_INIT;
    int rc = numbers_find(text, len, NUM_LANG_EN, &l, err);
    size_t pos = 0;
    for (size_t k = 0; rc == ANV_OK && k < l.n; k++) {
        const num_item *it = &l.items[k];
        if (it->kind != NUM_NUMBER)
            continue;
        if (strbuf_append(out, text + pos, it->start - pos) != ANV_OK ||
            strbuf_append_str(out, it->english) != ANV_OK)
            rc = oom(err);
        pos = it->end;
    }
    if (rc == ANV_OK && strbuf_append(out, text + pos, len - pos) != ANV_OK)
        rc = oom(err);
    num_list_release(&l);
    return rc;
}

/* ---- comparing ------------------------------------------------------------ */

int numbers_compare(const num_list *a, const num_list *b, num_diff *out,
                    anv_error *err)
{
    memset(out, 0, sizeof *out);
    char *used = calloc(b->n + 1, 1);
    out->missing = malloc((a->n + 1) * sizeof *out->missing);
    out->extra = malloc((b->n + 1) * sizeof *out->extra);
    if (!used || !out->missing || !out->extra) {
        free(used);
        num_diff_release(out);
        return oom(err);
    }
    for (size_t i = 0; i < a->n; i++) {
        size_t j = 0;
        while (j < b->n && (used[j] || !numbers_same(&a->items[i],
                                                     &b->items[j])))
            j++;
        if (j < b->n)
            used[j] = 1;
        else
            out->missing[out->n_missing++] = i;
    }
    for (size_t j = 0; j < b->n; j++)
        if (!used[j])
            out->extra[out->n_extra++] = j;
    free(used);
    return ANV_OK;
}

void num_diff_release(num_diff *d)
{
    free(d->missing);
    free(d->extra);
    memset(d, 0, sizeof *d);
}

/* ---- the fix ------------------------------------------------------------- */

static size_t count_same(const num_list *l, const num_item *x)
{
    size_t n = 0;
    for (size_t k = 0; k < l->n; k++)
        n += numbers_same(&l->items[k], x);
    return n;
}

/* 1 when the text between items is the same in both sources. */
static int same_frame(const char *a, const num_list *la, const char *b,
                      const num_list *lb)
{
    if (la->n != lb->n)
        return 0;
    size_t pa = 0, pb = 0, na = strlen(a), nb = strlen(b);
    for (size_t k = 0; k <= la->n; k++) {
        size_t ea = k < la->n ? la->items[k].start : na;
        size_t eb = k < lb->n ? lb->items[k].start : nb;
        if (ea - pa != eb - pb || memcmp(a + pa, b + pb, ea - pa) != 0)
            return 0;
        if (k < la->n) {
            if (la->items[k].kind != lb->items[k].kind)
                return 0;
            pa = la->items[k].end;
            pb = lb->items[k].end;
        }
    }
    return 1;
}

static const char *ordinal_suffix(const char *digits)
{
    size_t n = strlen(digits);
    int last = n ? digits[n - 1] - '0' : 0;
    int tens = n > 1 ? digits[n - 2] - '0' : 0;
    if (tens == 1)
        return "th";
    return last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
}

/* How the target should now read at item `old` (of the TM target, text
 * `t`) for the new source item `neu`. */
static int replacement(const char *t, const num_item *old,
                       const num_item *neu, strbuf *out)
{
    if (neu->kind == NUM_MONTH)
        return strbuf_append_str(out, old->abbreviated
                                          ? english_abbrevs[neu->month - 1]
                                          : english_months[neu->month - 1]);
    /* Grouping follows the translation's style: "1,000th" stays grouped,
     * a year "2000" is never written "2,001"; otherwise the source's
     * number in English form. */
    const char *o = t + old->start;
    size_t olen = old->end - old->start;
    size_t old_int = strcspn(old->value, "./");
    size_t new_int = strcspn(neu->value, "./");
    const char *rest = neu->english + strcspn(neu->english, ".:/");
    size_t start = out->len;
    int rc;
    if (memchr(o, ',', olen))
        rc = append_grouped(out, neu->value, new_int);
    else if (old_int >= 4)
        rc = strbuf_append(out, neu->value, new_int);
    else
        rc = strbuf_append(out, neu->english, (size_t)(rest - neu->english));
    if (rc != ANV_OK || strbuf_append_str(out, rest) != ANV_OK)
        return ANV_ENOMEM;
    /* a time the target wrote 10:30 stays in that style */
    if (memchr(o, ':', olen) && !memchr(o, '.', olen))
        for (size_t k = start; k < out->len; k++)
            if (out->data[k] == '.')
                out->data[k] = ':';
    if (old->suffix_len) {
        const char *sfx = ordinal_suffix(neu->value);
        int upper = t[old->end] >= 'A' && t[old->end] <= 'Z';
        char buf[3] = {sfx[0], sfx[1], 0};
        if (upper) {
            buf[0] = (char)(buf[0] - 'a' + 'A');
            buf[1] = (char)(buf[1] - 'a' + 'A');
        }
        if (strbuf_append_str(out, buf) != ANV_OK)
            return ANV_ENOMEM;
    }
    return ANV_OK;
}

static void describe_item(const num_item *it, char *buf, size_t size)
{
    snprintf(buf, size, "%s", it->kind == NUM_MONTH ? it->english
                                                    : it->value);
}

static int add_change(numfix *f, const char *from, size_t from_len,
                      const char *to, size_t to_len)
{
    for (size_t k = 0; k < f->n_changes; k++)
        if (strlen(f->changes[k].from) == from_len &&
            memcmp(f->changes[k].from, from, from_len) == 0 &&
            strlen(f->changes[k].to) == to_len &&
            memcmp(f->changes[k].to, to, to_len) == 0)
            return ANV_OK;
    numfix_change *nc =
        realloc(f->changes, (f->n_changes + 1) * sizeof *nc);
    if (!nc)
        return ANV_ENOMEM;
    f->changes = nc;
    numfix_change c = {strndup(from, from_len), strndup(to, to_len)};
    if (!c.from || !c.to) {
        free(c.from);
        free(c.to);
        return ANV_ENOMEM;
    }
    f->changes[f->n_changes++] = c;
    return ANV_OK;
}

int numbers_fix_match(const char *source, const char *tm_source,
                      const char *tm_target, numfix *out, anv_error *err)
{
    memset(out, 0, sizeof *out);
    num_list ls = NUM_LIST_INIT, lm = NUM_LIST_INIT, lt = NUM_LIST_INIT;
    strbuf fixed = STRBUF_INIT, rep = STRBUF_INIT;
    /* new[k]: the source item that TM target item k becomes, or NULL */
    const num_item **neu = NULL;
    int rc;
    if ((rc = numbers_find(source, strlen(source), NUM_LANG_HI, &ls, err)) ||
        (rc = numbers_find(tm_source, strlen(tm_source), NUM_LANG_HI, &lm,
                           err)) ||
        (rc = numbers_find(tm_target, strlen(tm_target), NUM_LANG_EN, &lt,
                           err)))
        goto out;
    if (!same_frame(source, &ls, tm_source, &lm)) {
        out->outcome = NUMFIX_OTHER_DIFF;
        goto out;
    }
    neu = calloc(lt.n + 1, sizeof *neu);
    if (!neu) {
        rc = oom(err);
        goto out;
    }
    int changed = 0;
    for (size_t k = 0; k < lm.n; k++) {
        const num_item *old = &lm.items[k], *now = &ls.items[k];
        if (numbers_same(old, now))
            continue;
        changed = 1;
        char o[64];
        describe_item(old, o, sizeof o);
        /* every occurrence of the old number must become the same one */
        for (size_t j = 0; j < lm.n; j++)
            if (numbers_same(&lm.items[j], old) &&
                !numbers_same(&ls.items[j], now)) {
                out->outcome = NUMFIX_UNSURE;
                snprintf(out->reason, sizeof out->reason,
                         "%s occurs %zu times in the match's source and "
                         "not all of them change the same way", o,
                         count_same(&lm, old));
                goto out;
            }
        size_t in_src = count_same(&lm, old), in_tgt = count_same(&lt, old);
        if (in_src != in_tgt) {
            out->outcome = NUMFIX_UNSURE;
            snprintf(out->reason, sizeof out->reason,
                     "%s occurs %zu time%s in the match's source but %zu in "
                     "its translation", o, in_src, in_src == 1 ? "" : "s",
                     in_tgt);
            goto out;
        }
        for (size_t j = 0; j < lt.n; j++)
            if (numbers_same(&lt.items[j], old))
                neu[j] = now;
    }
    if (!changed) {
        out->outcome = NUMFIX_SAME;
        goto out;
    }
    size_t pos = 0;
    for (size_t j = 0; j < lt.n; j++) {
        if (!neu[j])
            continue;
        const num_item *it = &lt.items[j];
        size_t old_end = it->end + it->suffix_len;
        strbuf_clear(&rep);
        if (strbuf_append(&fixed, tm_target + pos, it->start - pos) !=
                ANV_OK ||
            replacement(tm_target, it, neu[j], &rep) != ANV_OK ||
            strbuf_append(&fixed, rep.data, rep.len) != ANV_OK ||
            add_change(out, tm_target + it->start, old_end - it->start,
                       rep.data, rep.len) != ANV_OK) {
            rc = oom(err);
            goto out;
        }
        pos = old_end;
    }
    if (strbuf_append_str(&fixed, tm_target + pos) != ANV_OK) {
        rc = oom(err);
        goto out;
    }
    out->target = strbuf_detach(&fixed, NULL);
    if (!out->target) {
        rc = oom(err);
        goto out;
    }
    out->outcome = NUMFIX_FIXED;
out:
    if (rc != ANV_OK)
        numfix_release(out);
    free(neu);
    num_list_release(&ls);
    num_list_release(&lm);
    num_list_release(&lt);
    strbuf_release(&fixed);
    strbuf_release(&rep);
    return rc;
}

void numfix_release(numfix *f)
{
    free(f->target);
    for (size_t k = 0; k < f->n_changes; k++) {
        free(f->changes[k].from);
        free(f->changes[k].to);
    }
    free(f->changes);
    f->target = NULL;
    f->changes = NULL;
    f->n_changes = 0;
}

int numfix_describe(const numfix *f, strbuf *out)
{
    for (size_t k = 0; k < f->n_changes; k++)
        if (strbuf_printf(out, "%s%s→%s", k ? ", " : "", f->changes[k].from,
                          f->changes[k].to) != ANV_OK)
            return ANV_ENOMEM;
    return ANV_OK;
}
