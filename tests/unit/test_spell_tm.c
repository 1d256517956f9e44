/*
 * test_spell_tm.c - the words of a TM accepted by the spell checker
 * (src/spell/spell_tm.c and the checker's known-words hook): which side gives
 * which language, Hindi variants and English possessives, the checker's
 * verdicts and counts with and without the TM, and the cache beside the
 * TM (written, reused, rebuilt when the TM or its journal changes or the
 * cache is damaged).
 */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/fileio.h"
#include "spell/spell.h"
#include "spell/spell_tm.h"
#include "tm/tm.h"

static spell_checker *new_checker(void)
{
    spell_options o;
    spell_options_init(&o);
    o.max_suggestions = 0;
    o.personal_dir = "";
    o.dicpath = "";
    anv_error err;
    spell_checker *c = spell_checker_new(&o, &err);
    if (!c)
        fail_msg("spell_checker_new: %s", anv_error_message(&err));
    return c;
}

static void add(tm_store *t, const char *src, const char *tgt)
{
    anv_error err;
    if (tm_add(t, src, tgt, NULL, NULL, NULL, NULL, &err) != ANV_OK)
        fail_msg("tm_add: %s", err.message);
}

/* The flagged words of `text`, space-separated. */
static int collect(const spell_flag *f, void *ctx)
{
    strbuf *b = ctx;
    if (b->len)
        strbuf_append_char(b, ' ');
    strbuf_append_str(b, f->word);
    return 0;
}

static const char text[] = "ज़ेलेंस्की और टोकायव ने कहा कि Tokayev’s "
                           "men and Shoigu left; Zelensky stayed.";

static void check(spell_checker *c, const char *want, size_t flagged)
{
    strbuf b = STRBUF_INIT;
    spell_stats st = {0, 0, 0};
    anv_error err;
    assert_int_equal(spell_check_text(c, text, strlen(text), collect, &b, &st,
                                      &err), ANV_OK);
    assert_string_equal(b.data ? b.data : "", want);
    assert_int_equal(st.flagged, flagged);
    strbuf_release(&b);
}

static void words_of_each_side(void **state)
{
    (void)state;
    anv_error err;
    tm_store *t = tm_new_memory(&err);
    assert_non_null(t);
    /* the name without nukta in the TM, with it in the text */
    add(t, "जेलेंस्की ने टोकायव से बात की।", "Zelensky spoke to Tokayev.");
    /* a Latin word on the source side and a Devanagari one on the target
     * side are not taken: each side gives its own language */
    add(t, "Shoigu आए।", "शोइगु came.");
    spell_tm_words *w = spell_tm_words_build(t, &err);
    assert_non_null(w);
    assert_int_equal(spell_tm_words_count(w, SPELL_HI), 7); /* with आए */
    assert_int_equal(spell_tm_words_count(w, SPELL_EN_US), 5);
    const char *z = "ज़ेलेंस्की";
    assert_int_equal(spell_tm_words_known(w, SPELL_HI, z, strlen(z)), 1);
    assert_int_equal(spell_tm_words_known(w, SPELL_HI, "टोकायव",
                                          strlen("टोकायव")), 1);
    assert_int_equal(spell_tm_words_known(w, SPELL_HI, "शोइगु",
                                          strlen("शोइगु")), 0);
    assert_int_equal(spell_tm_words_known(w, SPELL_EN_US, "Tokayev", 7), 1);
    assert_int_equal(spell_tm_words_known(w, SPELL_EN_GB, "Tokayev's", 9), 1);
    assert_int_equal(spell_tm_words_known(w, SPELL_EN_US, "Tokayev\xE2\x80\x99s",
                                          11), 1);
    assert_int_equal(spell_tm_words_known(w, SPELL_EN_US, "Tokayevs", 8), 0);
    assert_int_equal(spell_tm_words_known(w, SPELL_EN_US, "tokayev", 7), 0);
    assert_int_equal(spell_tm_words_known(w, SPELL_EN_US, "Shoigu", 6), 0);

    spell_checker *c = new_checker();
    check(c, "ज़ेलेंस्की टोकायव Tokayev’s Shoigu Zelensky", 5);
    spell_set_known_words(c, spell_tm_words_known, w);
    check(c, "Shoigu", 1);
    /* spell_check_word goes through the same verdicts */
    assert_int_equal(spell_check_word(c, "Zelensky", 8, &err), 1);
    assert_int_equal(spell_check_word(c, "Zelenskyy", 9, &err), 0);
    spell_set_known_words(c, NULL, NULL);
    check(c, "ज़ेलेंस्की टोकायव Tokayev’s Shoigu Zelensky", 5);
    spell_checker_free(c);
    spell_tm_words_free(w);
    tm_free(t);
}

/* A TM file with one unit, saved. */
static void make_tm(const char *path, const char *src, const char *tgt)
{
    anv_error err;
    tm_open_opts o;
    memset(&o, 0, sizeof o);
    o.write = o.create = 1;
    tm_store *t = tm_open(path, &o, &err);
    if (!t)
        fail_msg("tm_open: %s", err.message);
    add(t, src, tgt);
    assert_int_equal(tm_save(t, &err), ANV_OK);
    tm_free(t);
}

static void cache_beside_the_tm(void **state)
{
    (void)state;
    char dir[] = "/tmp/anuvad-spell-tm-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char tm[256], cache[512], journal[512], lock[512], bak[512];
    snprintf(tm, sizeof tm, "%s/team.tmx", dir);
    snprintf(cache, sizeof cache, "%s.spellwords", tm);
    snprintf(journal, sizeof journal, "%s.journal", tm);
    snprintf(lock, sizeof lock, "%s.lock", tm);
    snprintf(bak, sizeof bak, "%s.bak", tm);
    make_tm(tm, "टोकायव ने कहा।", "Tokayev said so.");

    anv_error err;
    spell_tm_info info;
    spell_tm_words *w = spell_tm_words_open(tm, &info, &err);
    if (!w)
        fail_msg("%s", err.message);
    assert_int_equal(info.from_cache, 0);
    assert_int_equal(info.cache_saved, 1);
    assert_int_equal(info.units, 1);
    assert_int_equal(info.hindi, 3);
    assert_int_equal(info.english, 3);
    spell_tm_words_free(w);
    assert_true(fileio_exists(cache));

    /* again: from the cache, same words */
    w = spell_tm_words_open(tm, &info, &err);
    assert_non_null(w);
    assert_int_equal(info.from_cache, 1);
    assert_int_equal(info.units, 0);
    assert_int_equal(info.hindi, 3);
    assert_int_equal(info.english, 3);
    assert_int_equal(spell_tm_words_known(w, SPELL_EN_US, "Tokayev", 7), 1);
    assert_int_equal(spell_tm_words_known(w, SPELL_HI, "टोकायव",
                                          strlen("टोकायव")), 1);
    spell_tm_words_free(w);

    /* a journaled addition (not saved yet) makes the cache stale */
    tm_open_opts o;
    memset(&o, 0, sizeof o);
    o.write = 1;
    tm_store *t = tm_open(tm, &o, &err);
    assert_non_null(t);
    add(t, "शोइगु आए।", "Shoigu came.");
    tm_free(t);
    assert_true(fileio_exists(journal));
    w = spell_tm_words_open(tm, &info, &err);
    assert_non_null(w);
    assert_int_equal(info.from_cache, 0);
    assert_int_equal(info.units, 2);
    assert_int_equal(spell_tm_words_known(w, SPELL_EN_US, "Shoigu", 6), 1);
    spell_tm_words_free(w);

    /* a damaged cache is rebuilt, not an error */
    const char junk[] = "anuvad-spell-tm-words 1 00\nx\n";
    assert_int_equal(fileio_write_atomic(cache, junk, sizeof junk - 1, NULL,
                                         &err), ANV_OK);
    w = spell_tm_words_open(tm, &info, &err);
    assert_non_null(w);
    assert_int_equal(info.from_cache, 0);
    assert_int_equal(info.cache_saved, 1);
    assert_int_equal(spell_tm_words_known(w, SPELL_EN_US, "Shoigu", 6), 1);
    spell_tm_words_free(w);
    w = spell_tm_words_open(tm, &info, &err);
    assert_int_equal(info.from_cache, 1);
    spell_tm_words_free(w);

    /* a TM that is not there, or broken: the TM's own error */
    char missing[512];
    snprintf(missing, sizeof missing, "%s/none.tmx", dir);
    assert_null(spell_tm_words_open(missing, &info, &err));
    assert_int_equal(err.code, ANV_ENOTFOUND);
    char broken[256], broken_cache[512];
    snprintf(broken, sizeof broken, "%s/broken.tmx", dir);
    snprintf(broken_cache, sizeof broken_cache, "%s.spellwords", broken);
    const char bad[] = "<tmx version=\"1.4\">\n<body>\n<tu><tuv>\n";
    assert_int_equal(fileio_write_atomic(broken, bad, sizeof bad - 1, NULL,
                                         &err), ANV_OK);
    assert_null(spell_tm_words_open(broken, &info, &err));
    assert_int_equal(err.code, ANV_EPARSE);
    assert_non_null(strstr(err.message, "broken.tmx:"));
    assert_false(fileio_exists(broken_cache));

    unlink(cache);
    unlink(journal);
    unlink(lock);
    unlink(bak);
    unlink(tm);
    unlink(broken);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    char root[4096];
    setenv("ANUVAD_DATA", root_path(root, sizeof root, ""), 0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_of_each_side),
        cmocka_unit_test(cache_beside_the_tm),
    };
    return cmocka_run_group_tests_name("spell_tm", tests, NULL, NULL);
}
