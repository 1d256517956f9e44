/*
 * tm_stats.c - `anuvad tm stats`: units, languages, dates, duplicates.
 */
#include "cli/cli.h"
#include "cli/tm.h"

#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: anuvad tm stats [--tm TM.tmx] [--json]\n"
            "\n"
            "What is in a TM: units and their languages, the units usable for\n"
            "the language pair, the date range, and duplicates (sources with\n"
            "several translations; units repeating another exactly).\n"
            "\n"
            "Options: --tm FILE, --source-lang TAG, --target-lang TAG, "
            "--json\n");
}

static void print_json(strbuf *o, const tmcli *c, const tm_store *t,
                       const tm_stats *st)
{
    strbuf_append_str(o, "{\"tm\":");
    strbuf_append_json(o, c->path.data, c->path.len);
    strbuf_printf(o, ",\"units\":%zu,\"tuvs\":%zu,\"pair\":{\"source\":",
                  st->units, st->tuvs);
    strbuf_append_json(o, tm_source_lang(t), strlen(tm_source_lang(t)));
    strbuf_append_str(o, ",\"target\":");
    strbuf_append_json(o, tm_target_lang(t), strlen(tm_target_lang(t)));
    strbuf_printf(o, ",\"units\":%zu,\"with_tags\":%zu,"
                  "\"sources_with_several_targets\":%zu,"
                  "\"repeated_units\":%zu},\"languages\":{",
                  st->pair_units, st->with_tags, st->dup_sources,
                  st->dup_units);
    for (size_t i = 0; i < st->n_langs; i++) {
        if (i)
            strbuf_append_char(o, ',');
        strbuf_append_json(o, st->langs[i].lang, strlen(st->langs[i].lang));
        strbuf_printf(o, ":%zu", st->langs[i].tuvs);
    }
    strbuf_append_str(o, "},\"combinations\":[");
    for (size_t i = 0; i < st->n_combos; i++) {
        strbuf_append_str(o, i ? ",{\"languages\":" : "{\"languages\":");
        strbuf_append_json(o, st->combos[i].langs,
                           strlen(st->combos[i].langs));
        strbuf_printf(o, ",\"units\":%zu}", st->combos[i].units);
    }
    strbuf_append_str(o, "],\"first_date\":");
    tmcli_json_date(o, st->first_date);
    strbuf_append_str(o, ",\"last_date\":");
    tmcli_json_date(o, st->last_date);
    strbuf_printf(o, ",\"notes\":%zu,\"props\":%zu,\"memory_bytes\":%zu}\n",
                  st->notes, st->props, st->memory);
}

static void print_text(strbuf *o, const tmcli *c, const tm_store *t,
                       const tm_stats *st)
{
    char a[16], b[16];
    tmcli_day(st->first_date, a);
    tmcli_day(st->last_date, b);
    strbuf_printf(o, "TM:           %s\n", c->path.data);
    strbuf_printf(o, "units:        %zu (%zu language variants)\n", st->units,
                  st->tuvs);
    strbuf_printf(o, "pair:         %s -> %s: %zu units, %zu with inline "
                  "codes\n", tm_source_lang(t), tm_target_lang(t),
                  st->pair_units, st->with_tags);
    strbuf_printf(o, "duplicates:   %zu sources with several targets, %zu "
                  "repeated units\n", st->dup_sources, st->dup_units);
    strbuf_append_str(o, "languages:   ");
    for (size_t i = 0; i < st->n_langs; i++)
        strbuf_printf(o, "%s %s %zu", i ? "," : "", st->langs[i].lang,
                      st->langs[i].tuvs);
    strbuf_append_str(o, "\ncombinations:");
    for (size_t i = 0; i < st->n_combos && i < 10; i++)
        strbuf_printf(o, "%s %s: %zu", i ? "," : "", st->combos[i].langs,
                      st->combos[i].units);
    if (st->n_combos > 10)
        strbuf_printf(o, ", ... (%zu more)", st->n_combos - 10);
    strbuf_printf(o, "\ndates:        %s .. %s\n", a, b);
    strbuf_printf(o, "notes, props: %zu, %zu\n", st->notes, st->props);
    strbuf_printf(o, "memory:       %.1f MB\n",
                  (double)st->memory / (1024.0 * 1024.0));
}

int cli_tm_stats(int argc, char **argv)
{
    tmcli c;
    tmcli_init(&c, "tm stats");
    int done = tmcli_parse_common(&c, argc, argv, 0, usage);
    if (done >= 0)
        return done;
    tm_store *t = tmcli_open(&c, 0, 0);
    if (!t)
        return CLI_FAIL;
    anv_error err;
    anv_error_clear(&err);
    tm_stats st;
    int rc = CLI_OK;
    if (tm_stats_compute(t, &st, &err) != ANV_OK) {
        rc = cli_fail(&err);
    } else {
        strbuf out = STRBUF_INIT;
        (c.json ? print_json : print_text)(&out, &c, t, &st);
        tmcli_put(&out);
        strbuf_release(&out);
        tm_stats_release(&st);
    }
    tm_free(t);
    tmcli_release(&c);
    return rc;
}
