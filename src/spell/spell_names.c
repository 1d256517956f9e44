/*
 * spell_names.c - words of CLDR names from ICU resource bundles (see
 * spell_names.h).
 *
 * Each bundle is opened with ures_openDirect() for the locale itself (no
 * fallback to root, whose names are English or codes), the table is
 * walked recursively, and every string in it is split by the project's
 * tokenizer; letters tokens of the wanted script are added.  The time-zone
 * table also holds metazone names ("इर्कुत्स्क समय"); their words are
 * names too, so they are kept.
 */
#include "spell/spell_names.h"

#include <unicode/ures.h>
#include <unicode/ustring.h>

#include "base/strbuf.h"

typedef struct names_ctx {
    spell_dict *d;
    word_splitter *ws;
    word_script script;
    strbuf utf8;
    size_t added;
    int rc;
} names_ctx;

static void add_string(names_ctx *c, const UChar *s, int32_t len)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    u_strToUTF8(NULL, 0, &n, s, len, &st);
    st = U_ZERO_ERROR;
    strbuf_clear(&c->utf8);
    if (strbuf_reserve(&c->utf8, (size_t)n + 1) != ANV_OK) {
        c->rc = ANV_ENOMEM;
        return;
    }
    u_strToUTF8(c->utf8.data, n + 1, NULL, s, len, &st);
    if (U_FAILURE(st))
        return;
    c->utf8.len = (size_t)n;
    const word_token *t;
    size_t k;
    anv_error ignore;
    if (word_splitter_split(c->ws, c->utf8.data, c->utf8.len, &t, &k,
                            &ignore) != ANV_OK)
        return;
    for (size_t i = 0; i < k; i++) {
        if (t[i].kind != WORD_LETTERS || t[i].script != c->script)
            continue;
        int rc = spell_dict_add_word(c->d, c->utf8.data + t[i].start,
                                     t[i].end - t[i].start);
        if (rc == ANV_ENOMEM)
            c->rc = rc;
        else if (rc == ANV_OK)
            c->added++;
    }
}

static void walk(names_ctx *c, UResourceBundle *r)
{
    UErrorCode st = U_ZERO_ERROR;
    UResType type = ures_getType(r);
    if (type == URES_STRING) {
        int32_t len;
        const UChar *s = ures_getString(r, &len, &st);
        if (U_SUCCESS(st))
            add_string(c, s, len);
        return;
    }
    if (type != URES_TABLE && type != URES_ARRAY)
        return;
    ures_resetIterator(r);
    while (ures_hasNext(r) && c->rc == ANV_OK) {
        st = U_ZERO_ERROR;
        UResourceBundle *child = ures_getNextResource(r, NULL, &st);
        if (U_FAILURE(st))
            break;
        walk(c, child);
        ures_close(child);
    }
}

/* Walk bundle `package` (NULL: the main one) for `locale`, at the path of
 * keys `keys` (NULL-terminated).  A missing bundle or key is skipped: not
 * every locale has every table. */
static void walk_path(names_ctx *c, const char *package, const char *locale,
                      const char *const *keys)
{
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *r = ures_openDirect(package, locale, &st);
    for (size_t i = 0; keys[i] && U_SUCCESS(st); i++)
        r = ures_getByKey(r, keys[i], r, &st);
    if (U_SUCCESS(st))
        walk(c, r);
    ures_close(r);
}

#define ICU_PACKAGE(name) U_ICUDATA_NAME "-" name

int spell_names_add(spell_dict *d, const char *locale, word_script script,
                    size_t *added, anv_error *err)
{
    names_ctx c = {d, NULL, script, STRBUF_INIT, 0, ANV_OK};
    c.ws = word_splitter_new(locale, err);
    if (!c.ws)
        return err ? err->code : ANV_EINTERNAL;
    static const char *const countries[] = {"Countries", NULL};
    static const char *const languages[] = {"Languages", NULL};
    static const char *const zones[] = {"zoneStrings", NULL};
    static const char *const currencies[] = {"Currencies", NULL};
    static const char *const months[] = {"calendar", "gregorian",
                                         "monthNames", NULL};
    static const char *const days[] = {"calendar", "gregorian", "dayNames",
                                       NULL};
    walk_path(&c, ICU_PACKAGE("region"), locale, countries);
    walk_path(&c, ICU_PACKAGE("lang"), locale, languages);
    walk_path(&c, ICU_PACKAGE("zone"), locale, zones);
    walk_path(&c, ICU_PACKAGE("curr"), locale, currencies);
    walk_path(&c, NULL, locale, months);
    walk_path(&c, NULL, locale, days);
    word_splitter_free(c.ws);
    strbuf_release(&c.utf8);
    if (added)
        *added = c.added;
    return c.rc == ANV_OK ? ANV_OK
                          : anv_error_set(err, c.rc, "out of memory");
}
