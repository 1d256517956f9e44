/*
 * spell.c - `anuvad spell`: report misspelt words of a Hindi or
 * English text, or add a word to the personal list.
 *
 * The text is read line by line with text_reader (UTF-8 checked, NFC), each
 * line is checked with spell_check_text(), and every flagged word is
 * printed as LINE:COL<TAB>WORD<TAB>SUGGESTIONS (COL in characters of the
 * input line, found with text_paragraph_locate) or as one JSON object per
 * line.  Output is streamed, so a huge file needs no more memory than its
 * longest line and the verdict cache.
 *
 * --tm TM.tmx: the words the TM has used are accepted (spell_tm.h), through
 * the checker's hook for words its dictionaries reject; the word set is
 * cached beside the TM (TM.tmx.spellwords).
 */
#include "cli/cli.h"
#include "base/json_out.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "spell/spell.h"
#include "spell/spell_tm.h"
#include "base/strbuf.h"
#include "text/text.h"

static void usage(FILE *out)
{
    fputs("Usage: anuvad spell [OPTIONS] FILE|-\n"
          "       anuvad spell --add WORD [--lang hi|en]\n"
          "\n"
          "Print the misspelt words of a Hindi or English text, one a line:\n"
          "  LINE:COL<TAB>WORD<TAB>SUGGESTION1,SUGGESTION2,...\n"
          "(COL counts characters.)  Devanagari words are checked in Hindi,\n"
          "Latin-script words in English; numbers, URLs, e-mail addresses\n"
          "and known abbreviations are skipped.\n"
          "\n"
          "Options:\n"
          "  --lang L        hi, en-US, en-GB or auto (default auto: Hindi\n"
          "                  and en-US).  en-GB also suits Indian English.\n"
          "  --suggest N     at most N suggestions a word (default 5, 0: none)\n"
          "  --json          one JSON object a flagged word\n"
          "  --count         print only how many words were flagged\n"
          "  --words FILE    also accept the words of FILE (one a line) for\n"
          "                  this run, e.g. names from a glossary\n"
          "  --tm TM.tmx     also accept the words the TM has used: English\n"
          "                  words of its targets, Hindi words of its sources\n"
          "                  (cached beside the TM in TM.tmx.spellwords)\n"
          "  --add WORD      add WORD to your personal list for its language\n"
          "                  ($XDG_CONFIG_HOME/anuvad/spell-hi.txt or\n"
          "                  spell-en.txt) and exit\n"
          "  --help          show this help\n"
          "\n"
          "Dictionaries are looked for in $DICPATH, the project's dict/ and\n"
          "$ANUVAD_SYSTEM_DICPATH (default /usr/share/hunspell and the myspell\n"
          "folders).  Exit status 0 also when words are flagged;\n"
          "1 on errors (for example a missing dictionary), 2 on usage errors.\n",
          out);
}

typedef struct print_ctx {
    const text_paragraph *para;
    int json;
    strbuf line;
} print_ctx;

static int print_flag(const spell_flag *f, void *vctx)
{
    print_ctx *ctx = vctx;
    long line, col;
    text_paragraph_locate(ctx->para, f->start, &line, &col);
    strbuf *b = &ctx->line;
    strbuf_clear(b);
    if (ctx->json) {
        json_t *sugg = json_array();
        for (size_t i = 0; sugg && i < f->n_suggestions; i++)
            json_array_append_new(sugg, json_string(f->suggestions[i]));
        if (json_out_line(b, json_pack("{s:I, s:I, s:s, s:s, s:o}", "line",
                                       (json_int_t)line, "col",
                                       (json_int_t)col, "word", f->word,
                                       "lang", spell_lang_name(f->lang),
                                       "suggestions", sugg)) != ANV_OK)
            return 1;
    } else {
        strbuf_printf(b, "%ld:%ld\t%s\t", line, col, f->word);
        for (size_t i = 0; i < f->n_suggestions; i++) {
            if (i)
                strbuf_append_char(b, ',');
            strbuf_append_str(b, f->suggestions[i]);
        }
        strbuf_append_char(b, '\n');
    }
    if (!b->data || fwrite(b->data, 1, b->len, stdout) != b->len)
        return 1;
    return 0;
}

static int add_personal(spell_checker *c, spell_lang lang, const char *word)
{
    anv_error err;
    anv_error_clear(&err);
    int rc = spell_check_word(c, word, strlen(word), &err);
    if (rc < 0)
        return cli_fail(&err);
    if (rc == 1) {
        printf("'%s' is already accepted; nothing to add\n", word);
        return CLI_OK;
    }
    rc = spell_add_personal_word(c, lang, word, strlen(word), &err);
    if (rc < 0)
        return cli_fail(&err);
    printf(rc ? "added '%s' to your personal word list\n"
              : "'%s' is already in your personal word list\n",
           word);
    return CLI_OK;
}

/* --words FILE: accept each line's word for this run; lines that are not
 * one word (comments, phrases) are passed over. */
static int accept_list(spell_checker *c, const char *path, anv_error *err)
{
    text_reader *r = text_reader_open(path, err);
    if (!r)
        return err->code;
    text_paragraph p;
    int rc;
    anv_error ignore;
    while ((rc = text_reader_next(r, TEXT_PARA_LINE, &p, err)) == 1) {
        if (p.len == 0 || p.text[0] == '#')
            continue;
        if (spell_accept_word(c, SPELL_AUTO, p.text, p.len, &ignore) ==
            ANV_ENOMEM) {
            rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
            break;
        }
    }
    text_reader_free(r);
    return rc < 0 ? rc : ANV_OK;
}

/* --tm: the TM's words, from the cache or read (saying so on a terminal:
 * a million units take seconds). */
static spell_tm_words *open_tm_words(const char *path, anv_error *err)
{
    int tty = cli_stderr_is_tty();
    if (tty)
        fprintf(stderr, "reading the words of %s ...", path);
    spell_tm_info info;
    spell_tm_words *w = spell_tm_words_open(path, &info, err);
    if (tty)
        fputs("\r\033[K", stderr);
    if (w && !info.from_cache && !info.cache_saved)
        cli_warn("%s: words not cached (%s); the next run reads the TM "
                 "again", path, info.cache_error);
    return w;
}

static int check_file(spell_checker *c, const char *path, int json,
                      int count_only)
{
    anv_error err;
    anv_error_clear(&err);
    text_reader *r = text_reader_open(path, &err);
    if (!r)
        return cli_fail(&err);
    text_paragraph p;
    print_ctx ctx = {&p, json, STRBUF_INIT};
    spell_stats st = {0, 0, 0};
    int rc;
    while ((rc = text_reader_next(r, TEXT_PARA_LINE, &p, &err)) == 1) {
        rc = spell_check_text(c, p.text, p.len, count_only ? NULL : print_flag,
                              &ctx, &st, &err);
        if (rc > 0) { /* the callback could not write */
            anv_error_set(&err, ANV_EIO, "<stdout>: write error");
            rc = ANV_EIO;
        }
        if (rc < 0)
            break;
    }
    strbuf_release(&ctx.line);
    text_reader_free(r);
    if (rc < 0)
        return cli_fail(&err);
    if (count_only && json)
        return cli_print_json(json_pack("{s:I, s:I, s:I}", "words",
                                        (json_int_t)st.words, "checked",
                                        (json_int_t)st.checked, "flagged",
                                        (json_int_t)st.flagged));
    else if (count_only)
        printf("%zu flagged of %zu words (%.2f%%)\n", st.flagged, st.words,
               st.words ? 100.0 * (double)st.flagged / (double)st.words : 0.0);
    return CLI_OK;
}

int cli_spell(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"suggest", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"count", no_argument, NULL, 'c'},
        {"words", required_argument, NULL, 'w'},
        {"tm", required_argument, NULL, 't'},
        {"add", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    spell_options o;
    spell_options_init(&o);
    int json = 0, count_only = 0;
    const char *add = NULL, *words = NULL, *tm = NULL;
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'l':
            if (spell_lang_parse(optarg, &o.lang) != ANV_OK)
                return cli_usage_error("spell",
                                       "--lang wants hi, en-US, en-GB or "
                                       "auto, not '%s'",
                                       optarg);
            break;
        case 's': {
            long n = cli_parse_long("spell", "--suggest", optarg, 0, 50);
            if (n < 0)
                return CLI_USAGE;
            o.max_suggestions = (int)n;
            break;
        }
        case 'j': json = 1; break;
        case 'c': count_only = 1; break;
        case 'w': words = optarg; break;
        case 't': tm = optarg; break;
        case 'a': add = optarg; break;
        case 'h': usage(stdout); return CLI_OK;
        default: return cli_usage_error("spell", "unknown option");
        }
    }
    if (add ? optind != argc : optind != argc - 1)
        return cli_usage_error("spell", add ? "--add takes no FILE"
                                            : "give one FILE (or - for "
                                              "standard input)");
    if (count_only)
        o.max_suggestions = 0;
    /* Where system dictionaries live, for systems other than Debian. */
    o.system_dicpath = getenv("ANUVAD_SYSTEM_DICPATH");
    anv_error err;
    anv_error_clear(&err);
    spell_checker *c = spell_checker_new(&o, &err);
    if (!c)
        return cli_fail(&err);
    int rc = CLI_OK;
    spell_tm_words *tm_words = NULL;
    if (words && accept_list(c, words, &err) != ANV_OK)
        rc = cli_fail(&err);
    if (rc == CLI_OK && tm && !add) {
        tm_words = open_tm_words(tm, &err);
        if (!tm_words)
            rc = cli_fail(&err);
        else
            spell_set_known_words(c, spell_tm_words_known, tm_words);
    }
    if (rc == CLI_OK)
        rc = add ? add_personal(c, o.lang, add)
                 : check_file(c, argv[optind], json, count_only);
    spell_checker_free(c);
    spell_tm_words_free(tm_words);
    return rc;
}
