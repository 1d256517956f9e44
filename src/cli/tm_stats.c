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
    json_t *langs = json_object();
    for (size_t i = 0; langs && i < st->n_langs; i++)
        json_object_set_new(langs, st->langs[i].lang,
                            json_integer((json_int_t)st->langs[i].tuvs));
    json_t *combos = json_array();
    for (size_t i = 0; combos && i < st->n_combos; i++)
        json_array_append_new(
            combos, json_pack("{s:s, s:I}", "languages", st->combos[i].langs,
                              "units", (json_int_t)st->combos[i].units));
    json_out_line(
        o, json_pack("{s:s%, s:I, s:I, s:{s:s, s:s, s:I, s:I, s:I, s:I}, "
                     "s:o, s:o, s:o, s:o, s:I, s:I, s:I}",
                     "tm", c->path.data, c->path.len, "units",
                     (json_int_t)st->units, "tuvs", (json_int_t)st->tuvs,
                     "pair", "source", tm_source_lang(t), "target",
                     tm_target_lang(t), "units", (json_int_t)st->pair_units,
                     "with_tags", (json_int_t)st->with_tags,
                     "sources_with_several_targets",
                     (json_int_t)st->dup_sources, "repeated_units",
                     (json_int_t)st->dup_units, "languages", langs,
                     "combinations", combos, "first_date",
                     tmcli_json_date(st->first_date), "last_date",
                     tmcli_json_date(st->last_date), "notes",
                     (json_int_t)st->notes, "props", (json_int_t)st->props,
                     "memory_bytes", (json_int_t)st->memory));
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
