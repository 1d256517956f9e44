/*
 * tm_add.c - `anuvad tm add` and `anuvad tm delete`: one translation
 * in or out.  The change is journaled (fsynced) first, then the TMX is
 * saved, unless --defer leaves it in the journal for a later save.
 */
#include "cli/cli.h"
#include "cli/tm.h"
#include "store/pgtm.h"
#include "text/text.h"
#include "tm/tm_journal.h"

#include <stdlib.h>
#include <string.h>

static void usage_add(FILE *out)
{
    fprintf(out,
            "Usage: anuvad tm add [--tm TM.tmx] [OPTIONS] SOURCE TARGET\n"
            "\n"
            "Add a translation.  The same source and target again counts a\n"
            "use (usagecount, changedate); another target for the same\n"
            "source is kept beside the first (lookups show the newest first).\n"
            "\n"
            "Options:\n"
            "  --tm FILE           the TM (created when missing)\n"
            "  --source-lang TAG   (default hi-IN)\n"
            "  --target-lang TAG   (default en-US)\n"
            "  --note TEXT         a note on the new unit\n"
            "  --prev TEXT         the source segment before this one and\n"
            "  --next TEXT         the one after (\"\" at a document edge): kept\n"
            "                      as the unit's context, so a lookup with the\n"
            "                      same neighbours scores 101 (in context)\n"
            "  --defer             journal only; the TMX is rewritten at the\n"
            "                      next save (faster for many additions)\n"
            "  --wait              wait for another writer\n"
            "  --json              the result as JSON\n"
            "Authors: $ANUVAD_AUTHOR, else $USER, becomes creationid.\n");
}

static void usage_delete(FILE *out)
{
    fprintf(out,
            "Usage: anuvad tm delete [--tm TM.tmx] [OPTIONS] SOURCE TARGET\n"
            "\n"
            "Delete the units of the language pair whose source and target\n"
            "are exactly these texts (after NFC).  The old TMX is kept as\n"
            "TM.tmx.bak.\n"
            "\n"
            "Options: --tm FILE, --source-lang TAG, --target-lang TAG,\n"
            "         --defer, --wait, --json (as for 'tm add')\n");
}

static int save_unless_deferred(tmcli *c, tm_store *t, int defer)
{
    anv_error err;
    anv_error_clear(&err);
    /* The change was journaled (fsynced) before it was reported: it is
     * stored, lookups see it, and the next save folds it into the TMX.  A
     * save that fails now loses nothing, so it is a warning, not a
     * failure: the status says what is on disk.  A database TM (c->uri)
     * has nothing until tmcli_save() commits: its failure is a failure. */
    if ((!defer || c->uri) && tmcli_save(c, t, &err) != ANV_OK) {
        if (c->uri)
            return cli_fail(&err);
        cli_warn("%s; the change is kept in the TM's journal (%s%s) and "
                 "goes into the TMX at its next save", err.message,
                 tm_path(t), TM_JOURNAL_SUFFIX);
    }
    return CLI_OK;
}

/* What `tm add` takes besides the common options (NULL for delete). */
typedef struct add_opts {
    const char *note, *prev, *next;
} add_opts;

static int parse(int argc, char **argv, tmcli *c, add_opts *a, int *defer)
{
    static const struct option opts[] = {
        TMCLI_COMMON_OPTIONS,
        {"note", required_argument, NULL, 'n'},
        {"prev", required_argument, NULL, 'p'},
        {"next", required_argument, NULL, 'x'},
        {"defer", no_argument, NULL, 'd'},
        {NULL, 0, NULL, 0}};
    int opt;
    optind = 0;
    opterr = 0; /* our own messages (cli_unknown_option) */
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (tmcli_option(c, opt, optarg))
            continue;
        if (opt == 'n' && a)
            a->note = optarg;
        else if (opt == 'p' && a)
            a->prev = optarg;
        else if (opt == 'x' && a)
            a->next = optarg;
        else if (opt == 'd')
            *defer = 1;
        else
            return cli_unknown_option(c->cmd, argv, opts);
    }
    if (c->help)
        return CLI_OK;
    if (argc - optind != 2)
        return cli_usage_error(c->cmd, "wants SOURCE and TARGET");
    return CLI_OK;
}

int cli_tm_add(int argc, char **argv)
{
    tmcli c;
    tmcli_init(&c, "tm add");
    add_opts a = {NULL, NULL, NULL};
    int defer = 0;
    int rc = parse(argc, argv, &c, &a, &defer);
    if (rc != CLI_OK || c.help) {
        if (c.help)
            usage_add(stdout);
        return rc;
    }
    tm_store *t = tmcli_open(&c, 1, 1);
    if (!t)
        return CLI_FAIL;
    anv_error err;
    anv_error_clear(&err);
    uint32_t id;
    tm_outcome outcome;
    long dropped = 0;
    if (tm_add_in_context(t, argv[optind], argv[optind + 1], a.note, a.prev,
                          a.next, &id, &outcome, &dropped, &err) != ANV_OK) {
        rc = cli_fail(&err);
    } else {
        if (dropped)
            cli_warn("%ld control characters that XML does not allow were "
                     "left out", dropped);
        tm_entry e;
        tm_entry_get(t, id, &e);
        if (c.json)
            cli_print_json(json_pack(
                "{s:I, s:s, s:I}", "id", (json_int_t)id, "outcome",
                outcome == TM_ADDED ? "added" : "merged", "usagecount",
                (json_int_t)e.usagecount));
        else if (outcome == TM_ADDED)
            printf("added (unit %u)\n", (unsigned)id);
        else
            printf("already there: used %lld times (unit %u)\n",
                   (long long)e.usagecount, (unsigned)id);
        rc = save_unless_deferred(&c, t, defer);
    }
    tm_free(t);
    tmcli_release(&c);
    return rc;
}

int cli_tm_delete(int argc, char **argv)
{
    tmcli c;
    tmcli_init(&c, "tm delete");
    int defer = 0;
    int rc = parse(argc, argv, &c, NULL, &defer);
    if (rc != CLI_OK || c.help) {
        if (c.help)
            usage_delete(stdout);
        return rc;
    }
    if (c.tm_path && store_is_uri(c.tm_path)) {
        tmcli_release(&c);
        return cli_error("tm delete: not done for a PostgreSQL TM yet "
                         "(delete the row from anv_units)");
    }
    tm_store *t = tmcli_open(&c, 1, 0);
    if (!t)
        return CLI_FAIL;
    anv_error err;
    anv_error_clear(&err);
    const char *src = argv[optind], *tgt = argv[optind + 1];
    strbuf want = STRBUF_INIT;
    tm_hit *hits = NULL;
    size_t n = 0, deleted = 0;
    rc = text_append_nfc(&want, tgt, strlen(tgt), &err);
    if (rc == ANV_OK)
        rc = tm_lookup_exact(t, src, strlen(src), &hits, &n, &err);
    for (size_t i = 0; i < n && rc == ANV_OK; i++) {
        tm_entry e;
        if (tm_entry_get(t, hits[i].id, &e) && e.target_len == want.len &&
            memcmp(e.target, want.data ? want.data : "", want.len) == 0) {
            rc = tm_delete(t, hits[i].id, &err);
            deleted += rc == ANV_OK;
        }
    }
    if (rc != ANV_OK) {
        rc = cli_fail(&err);
    } else {
        if (c.json)
            cli_print_json(json_pack("{s:I}", "deleted", (json_int_t)deleted));
        else
            printf("deleted %zu unit%s\n", deleted, deleted == 1 ? "" : "s");
        rc = deleted ? save_unless_deferred(&c, t, defer) : CLI_OK;
    }
    free(hits);
    strbuf_release(&want);
    tm_free(t);
    tmcli_release(&c);
    return rc;
}
