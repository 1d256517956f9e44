/*
 * analysis.c - counting segments, words and characters per match band,
 * and writing the table as text, JSON or CSV (see analysis.h).
 *
 * Words come from words.h (the one tokenizer: ICU word boundaries,
 * letters and numbers count); characters are code points, read with
 * ICU's U8_NEXT, white space being what ICU calls white space
 * (u_isUWhiteSpace: spaces, tabs, NBSP ...).  The writers are plain
 * string building with the escaping strbuf provides.
 */
#include "project/analysis.h"
#include "text/icode.h"

#include "base/json_out.h"

#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

static const char *const band_keys[ANALYSIS_BAND_COUNT] = {
    "101", "100", "repetitions", "95-99", "85-94", "75-84", "50-74", "none"};

static const char *const band_labels[ANALYSIS_BAND_COUNT] = {
    "in context 101%", "100%", "repetitions", "95-99%",
    "85-94%", "75-84%", "50-74%", "no match"};

analysis_band analysis_band_of_score(int score)
{
    if (score >= 101)
        return ANALYSIS_CONTEXT;
    if (score == 100)
        return ANALYSIS_EXACT;
    if (score >= 95)
        return ANALYSIS_95_99;
    if (score >= 85)
        return ANALYSIS_85_94;
    if (score >= 75)
        return ANALYSIS_75_84;
    if (score >= ANALYSIS_MIN_SCORE)
        return ANALYSIS_50_74;
    return ANALYSIS_NONE;
}

const char *analysis_band_key(analysis_band b)
{
    return b < ANALYSIS_BAND_COUNT ? band_keys[b] : "?";
}

const char *analysis_band_label(analysis_band b)
{
    return b < ANALYSIS_BAND_COUNT ? band_labels[b] : "?";
}

static void count_add(analysis_count *to, const analysis_count *c)
{
    to->segments += c->segments;
    to->words += c->words;
    to->chars += c->chars;
    to->chars_spaces += c->chars_spaces;
}

int analysis_add(analysis_table *t, analysis_band b, word_splitter *ws,
                 const char *text, size_t len, anv_error *err)
{
    if (b >= ANALYSIS_BAND_COUNT)
        return anv_error_set(err, ANV_EINVAL, "no such band %d", (int)b);
    anv_error_clear(err);
    analysis_count c = {1, 0, 0, 0};
    c.words = word_splitter_count(ws, text, len, err);
    if (err && err->code != ANV_OK)
        return err->code;
    const uint8_t *s = (const uint8_t *)text;
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        UChar32 ch;
        size_t code = icode_at(text, len, (size_t)i, NULL, NULL);
        if (code) { /* inline codes are neither words nor characters */
            i += (int32_t)code;
            continue;
        }
        U8_NEXT(s, i, n, ch);
        c.chars_spaces++;
        if (ch >= 0 && !u_isUWhiteSpace(ch))
            c.chars++;
    }
    count_add(&t->band[b], &c);
    count_add(&t->total, &c);
    return ANV_OK;
}

void analysis_merge(analysis_table *to, const analysis_table *from)
{
    for (int b = 0; b < ANALYSIS_BAND_COUNT; b++)
        count_add(&to->band[b], &from->band[b]);
    count_add(&to->total, &from->total);
}

/* ---- text ------------------------------------------------------------- */

static void text_row(strbuf *out, const char *label, const analysis_count *c,
                     size_t total_words)
{
    double pct = total_words ? 100.0 * (double)c->words / (double)total_words
                             : 0.0;
    strbuf_printf(out, "  %-16s %9zu %9zu %11zu %11zu %6.1f%%\n", label,
                  c->segments, c->words, c->chars, c->chars_spaces, pct);
}

static void text_table(strbuf *out, const char *title,
                       const analysis_table *t)
{
    strbuf_printf(out, "%s\n", title);
    strbuf_printf(out, "  %-16s %9s %9s %11s %11s %7s\n", "match", "segments",
                  "words", "characters", "with spaces", "words");
    for (int b = 0; b < ANALYSIS_BAND_COUNT; b++)
        text_row(out, band_labels[b], &t->band[b], t->total.words);
    text_row(out, "total", &t->total, t->total.words);
}

int analysis_write_text(strbuf *out, const analysis_table *files, size_t n,
                        const analysis_table *total)
{
    for (size_t f = 0; f < n; f++) {
        if (f)
            strbuf_append_char(out, '\n');
        text_table(out, files[f].name ? files[f].name : "(file)", &files[f]);
    }
    if (n != 1) {
        if (n)
            strbuf_append_char(out, '\n');
        char title[64];
        snprintf(title, sizeof title, "all %zu files", n);
        text_table(out, title, total);
    }
    return strbuf_append_str(out, "");
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *json_count(const analysis_count *c)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "segments",
                     (json_int_t)c->segments, "words", (json_int_t)c->words,
                     "characters", (json_int_t)c->chars,
                     "characters_with_spaces", (json_int_t)c->chars_spaces);
}

/* Set "bands" and "total" of table `t` on object `o`. */
static int json_table(json_t *o, const analysis_table *t)
{
    json_t *bands = json_object();
    int bad = !o || !bands;
    for (int b = 0; !bad && b < ANALYSIS_BAND_COUNT; b++)
        bad = json_object_set_new(bands, band_keys[b],
                                  json_count(&t->band[b])) != 0;
    if (bad) {
        json_decref(bands);
        return -1;
    }
    return json_object_set_new(o, "bands", bands) ||
           json_object_set_new(o, "total", json_count(&t->total));
}

int analysis_write_json(strbuf *out, const char *tm,
                        const analysis_table *files, size_t n,
                        const analysis_table *total)
{
    json_t *list = json_array();
    json_t *job = json_object();
    int bad = !list || !job || json_table(job, total) != 0;
    for (size_t f = 0; !bad && f < n; f++) {
        json_t *o = json_pack("{s:s}", "file",
                              files[f].name ? files[f].name : "");
        if (json_table(o, &files[f]) != 0) {
            json_decref(o);
            bad = 1;
        } else {
            bad = json_array_append_new(list, o) != 0;
        }
    }
    if (bad) {
        json_decref(list);
        json_decref(job);
        return ANV_ENOMEM;
    }
    return json_out_line(out, json_pack("{s:s?, s:o, s:o}", "tm", tm,
                                        "files", list, "job", job));
}

/* ---- CSV -------------------------------------------------------------------- */

static void csv_field(strbuf *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        strbuf_append_str(out, s);
        return;
    }
    strbuf_append_char(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            strbuf_append_char(out, '"');
        strbuf_append_char(out, *s);
    }
    strbuf_append_char(out, '"');
}

static void csv_row(strbuf *out, const char *file, const char *band,
                    const analysis_count *c)
{
    csv_field(out, file);
    strbuf_printf(out, ",%s,%zu,%zu,%zu,%zu\r\n", band, c->segments,
                  c->words, c->chars, c->chars_spaces);
}

static void csv_table(strbuf *out, const char *file, const analysis_table *t)
{
    for (int b = 0; b < ANALYSIS_BAND_COUNT; b++)
        csv_row(out, file, band_keys[b], &t->band[b]);
    csv_row(out, file, "total", &t->total);
}

int analysis_write_csv(strbuf *out, const analysis_table *files, size_t n,
                       const analysis_table *total)
{
    strbuf_append_str(out, "file,band,segments,words,characters,"
                           "characters_with_spaces\r\n");
    for (size_t f = 0; f < n; f++)
        csv_table(out, files[f].name ? files[f].name : "", &files[f]);
    csv_table(out, "", total);
    return strbuf_append_str(out, "");
}
