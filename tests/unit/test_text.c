/*
 * test_text.c - the text layer: BOM, CRLF, UTF-8 errors, NFC, offset map,
 * paragraph modes, and the helpers in strbuf/error/fileio it rests on.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/fileio.h"
#include "base/json_out.h"
#include "base/strbuf.h"
#include "text/nfc_fast.h"
#include "text/text.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

/* Read all paragraphs of `data`; return how many, fill texts (joined by |). */
static int read_all(const char *data, size_t len, text_para_mode mode,
                    strbuf *joined, anv_error *err)
{
    text_reader *r = text_reader_open_memory("mem.txt", data, len, err);
    assert_non_null(r);
    text_paragraph p;
    int n = 0, rc;
    while ((rc = text_reader_next(r, mode, &p, err)) == 1) {
        if (n++)
            strbuf_append_char(joined, '|');
        strbuf_append(joined, p.text, p.len);
    }
    text_reader_free(r);
    return rc < 0 ? rc : n;
}

static void test_bom_and_crlf(void **state)
{
    (void)state;
    const char in[] = "\xEF\xBB\xBF" "क\r\nख\n";
    anv_error err;
    anv_error_clear(&err);
    text_reader *r = text_reader_open_memory("x", in, sizeof in - 1, &err);
    text_paragraph p;
    assert_int_equal(text_reader_next(r, TEXT_PARA_LINE, &p, &err), 1);
    assert_string_equal(p.text, "क");
    assert_int_equal(p.raw_start, 3);
    assert_int_equal(p.raw_len, 3);
    assert_int_equal(p.first_line, 1);
    assert_int_equal(text_reader_next(r, TEXT_PARA_LINE, &p, &err), 1);
    assert_string_equal(p.text, "ख");
    assert_int_equal(p.raw_start, 8);
    assert_int_equal(p.first_line, 2);
    assert_int_equal(text_reader_next(r, TEXT_PARA_LINE, &p, &err), 0);
    assert_int_equal(text_reader_offset(r), sizeof in - 1);
    text_reader_free(r);
}

static void test_invalid_utf8_names_line_and_column(void **state)
{
    (void)state;
    const char in[] = "ab\nकx\xE0\x41\n";
    anv_error err;
    anv_error_clear(&err);
    strbuf s = STRBUF_INIT;
    assert_int_equal(read_all(in, sizeof in - 1, TEXT_PARA_LINE, &s, &err),
                     ANV_EUTF8);
    assert_string_equal(err.message,
                        "mem.txt:2:3: invalid UTF-8 (byte 0xE0)");
    strbuf_release(&s);
}

static void test_nul_and_utf16_are_refused(void **state)
{
    (void)state;
    anv_error err;
    strbuf s = STRBUF_INIT;
    const char nul[] = "ok\nab\0c\n";
    assert_int_equal(read_all(nul, sizeof nul - 1, TEXT_PARA_LINE, &s, &err),
                     ANV_EUTF8);
    assert_string_equal(err.message, "mem.txt:2:3: NUL byte in text; is this "
                                     "UTF-16 or a binary file?");
    const char u16[] = "\xFF\xFE" "a\0b\0";
    strbuf_clear(&s);
    assert_int_equal(read_all(u16, sizeof u16 - 1, TEXT_PARA_LINE, &s, &err),
                     ANV_EUTF8);
    assert_non_null(strstr(err.message, "mem.txt:1:1: this is UTF-16 text"));
    strbuf_release(&s);
}

static void test_nfc_and_offset_map(void **state)
{
    (void)state;
    /* "ज़रा क़िला।" with precomposed U+095B and U+0958 (3 bytes each); NFC
     * writes each as base + U+093C (6 bytes). */
    const char in[] = "\xE0\xA5\x9B" "रा \xE0\xA5\x98" "िला।";
    anv_error err;
    text_reader *r = text_reader_open_memory("x", in, sizeof in - 1, &err);
    text_paragraph p;
    assert_int_equal(text_reader_next(r, TEXT_PARA_LINE, &p, &err), 1);
    assert_string_equal(p.text, "ज\xE0\xA4\xBC" "रा क\xE0\xA4\xBC" "िला।");
    assert_int_equal(p.len, sizeof in - 1 + 6);
    /* The space: NFC offset 12 (6 + 6), input offset 9 (3 + 6). */
    assert_int_equal(p.text[12], ' ');
    assert_int_equal(text_paragraph_raw_offset(&p, 12), 9);
    assert_int_equal(in[9], ' ');
    /* The end maps to the end. */
    assert_int_equal(text_paragraph_raw_offset(&p, p.len), sizeof in - 1);
    /* The danda: the last 3 bytes on both sides. */
    assert_int_equal(text_paragraph_raw_offset(&p, p.len - 3),
                     sizeof in - 1 - 3);
    long line, col;
    text_paragraph_locate(&p, 13, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 5); /* ज़ र ा space -> क़ is the 5th character */
    text_reader_free(r);
}

static void test_blank_paragraph_mode(void **state)
{
    (void)state;
    const char in[] = "\n a\nb\n \n\nc\r\nd";
    anv_error err;
    text_reader *r = text_reader_open_memory("x", in, sizeof in - 1, &err);
    text_paragraph p;
    assert_int_equal(text_reader_next(r, TEXT_PARA_BLANK, &p, &err), 1);
    assert_string_equal(p.text, " a b");
    assert_int_equal(p.raw_start, 1);
    assert_int_equal(p.raw_len, 4);
    assert_int_equal(p.first_line, 2);
    assert_int_equal(text_reader_next(r, TEXT_PARA_BLANK, &p, &err), 1);
    assert_string_equal(p.text, "c d");
    assert_memory_equal(p.raw, "c\r\nd", 4);
    assert_int_equal(p.raw_start, 9);
    assert_int_equal(text_paragraph_raw_offset(&p, 2), 12); /* d */
    assert_int_equal(text_paragraph_raw_offset(&p, 1), 10); /* CR */
    long line, col;
    text_paragraph_locate(&p, 2, &line, &col);
    assert_int_equal(line, 7);
    assert_int_equal(col, 1);
    assert_int_equal(text_reader_next(r, TEXT_PARA_BLANK, &p, &err), 0);
    text_reader_free(r);

    strbuf s = STRBUF_INIT;
    assert_int_equal(read_all(in, sizeof in - 1, TEXT_PARA_LINE, &s, &err), 7);
    assert_string_equal(s.data, "| a|b| ||c|d");
    strbuf_release(&s);
}

/* The Hindi side of FLORES devtest (1,012 lines), read line by line. */
static text_reader *open_flores_hindi(void)
{
    char path[4096];
    anv_error err;
    text_reader *r = text_reader_open(
        shared_path(path, sizeof path,
                    "data/flores200-devtest-hin-eng/hin_Deva.devtest"),
        &err);
    if (!r)
        fail_msg("%s", err.message);
    return r;
}

/* FLORES devtest: SOURCE.md counts 93 Hindi lines that are not NFC.  Every
 * ASCII space of the NFC text must map back to a space of the input. */
static void test_flores_nfc_lines(void **state)
{
    (void)state;
    anv_error err;
    text_reader *r = open_flores_hindi();
    text_paragraph p;
    int lines = 0, changed = 0;
    while (text_reader_next(r, TEXT_PARA_LINE, &p, &err) == 1) {
        lines++;
        if (p.len != p.raw_len || memcmp(p.text, p.raw, p.len) != 0)
            changed++;
        for (size_t i = 0; i < p.len; i++)
            if (p.text[i] == ' ')
                assert_int_equal(
                    p.raw[text_paragraph_raw_offset(&p, i) - p.raw_start],
                    ' ');
    }
    text_reader_free(r);
    assert_int_equal(lines, 1012);
    assert_int_equal(changed, 93);
}

/* ICU's own answer: is UTF-8 s[0..n) NFC? */
static int icu_is_nfc(const char *s, int32_t n)
{
    UChar u[64];
    int32_t len = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(u, 64, &len, s, n, &st);
    assert_true(U_SUCCESS(st));
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    UBool yes = unorm2_isNormalized(nfc, u, len, &st);
    assert_true(U_SUCCESS(st));
    return yes != 0;
}

/* NFC of UTF-8 s[0..n) into out (UTF-16, cap 64): by ICU at once, or by
 * the pieces of nfc_fast_span / nfc_fast_piece as the text reader does. */
static int32_t nfc_whole(const char *s, int32_t n, UChar *out)
{
    UChar u[64];
    int32_t len = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(u, 64, &len, s, n, &st);
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    int32_t m = unorm2_normalize(nfc, u, len, out, 64, &st);
    assert_true(U_SUCCESS(st));
    return m;
}

static int32_t nfc_by_pieces(const nfc_fast *t, const char *s, int32_t n,
                             UChar *out)
{
    int32_t m = 0;
    size_t pos = 0;
    while (pos < (size_t)n) {
        size_t keep = nfc_fast_span(t, s + pos, (size_t)n - pos);
        int32_t k = 0;
        UErrorCode st = U_ZERO_ERROR;
        u_strFromUTF8(out + m, 64 - m, &k, s + pos, (int32_t)keep, &st);
        assert_true(U_SUCCESS(st));
        m += k;
        pos += keep;
        if (pos == (size_t)n)
            break;
        size_t piece = nfc_fast_piece(t, s + pos, (size_t)n - pos);
        assert_true(piece > 0);
        m += nfc_whole(s + pos, (int32_t)piece, out + m);
        pos += piece;
    }
    return m;
}

/* Check every string of `len` characters from cps[] against ICU: the
 * one-pass check may say "don't know", never "NFC" for text that is not,
 * and normalising by its pieces gives ICU's NFC of the whole.  Returns
 * how many it found NFC, *icu_yes how many ICU did. */
static long nfc_fast_against_icu(const nfc_fast *t, const UChar32 *cps,
                                 int n, int len, long *icu_yes)
{
    long fast_yes = 0;
    *icu_yes = 0;
    int idx[3] = {0, 0, 0};
    for (;;) {
        char s[16];
        int32_t k = 0;
        UBool bad = 0;
        for (int j = 0; j < len; j++)
            U8_APPEND(s, k, (int32_t)sizeof s, cps[idx[j]], bad);
        assert_false(bad);
        int fast = nfc_fast_check(t, s, (size_t)k), icu = icu_is_nfc(s, k);
        if (fast && !icu)
            fail_msg("U+%04X U+%04X U+%04X: NFC by the fast check, not by "
                     "ICU", (unsigned)cps[idx[0]], (unsigned)cps[idx[1]],
                     len > 2 ? (unsigned)cps[idx[2]] : 0u);
        fast_yes += fast;
        *icu_yes += icu;
        UChar whole[64], pieces[64];
        int32_t wn = nfc_whole(s, k, whole), pn = nfc_by_pieces(t, s, k,
                                                                pieces);
        if (wn != pn || memcmp(whole, pieces, (size_t)wn * sizeof *whole))
            fail_msg("U+%04X U+%04X U+%04X: NFC by pieces differs",
                     (unsigned)cps[idx[0]], (unsigned)cps[idx[1]],
                     len > 2 ? (unsigned)cps[idx[2]] : 0u);
        int j = len - 1;
        while (j >= 0 && ++idx[j] == n)
            idx[j--] = 0;
        if (j < 0)
            return fast_yes;
    }
}

/* text/nfc_fast.h, the reader's one-pass check and pieces, against ICU:
 * every pair of characters from ASCII letters, Latin-1, the combining
 * marks, Devanagari, General Punctuation and some beyond the table, and
 * every triple of Devanagari letters and signs.  The check must never call
 * NFC what ICU does not, the pieces must give ICU's NFC; and the check
 * must answer for the text it is there for: all 919 FLORES Hindi lines
 * that are NFC (93 are not, see test_flores_nfc_lines), nukta letters
 * included, and nine pairs in ten. */
static void test_nfc_fast_agrees_with_icu(void **state)
{
    (void)state;
    anv_error err;
    nfc_fast *t = nfc_fast_new(&err);
    assert_non_null(t);
    UChar32 cps[600];
    int n = 0;
    const UChar32 ascii[] = {' ', '.', 'A', 'a', 'e', 'n'};
    for (size_t i = 0; i < sizeof ascii / sizeof ascii[0]; i++)
        cps[n++] = ascii[i];
    for (UChar32 c = 0xA0; c < 0x100; c++)
        cps[n++] = c;
    for (UChar32 c = 0x300; c < 0x370; c++)
        cps[n++] = c;
    for (UChar32 c = 0x900; c < 0x980; c++)
        cps[n++] = c;
    for (UChar32 c = 0x2000; c < 0x2070; c++)
        cps[n++] = c;
    long icu_yes, fast_yes = nfc_fast_against_icu(t, cps, n, 2, &icu_yes);
    assert_true(fast_yes > icu_yes * 9 / 10); /* 174,184 of 191,643 */
    /* beyond the table: Thai, Bengali o (its parts compose), Ḋ and a dot
     * below, Hangul jamo that compose, Tibetan signs that decompose, an
     * emoji; the check says "don't know", the pieces must still be right */
    const UChar32 beyond[] = {0xE01,  0x9C7,  0x9BE,  0x9CB,  0x1E0A,
                              0x1E0C, 0x1100, 0x1161, 0x11A8, 0xAC00,
                              0xF71,  0xF72,  0xF73,  0x1F600};
    for (size_t i = 0; i < sizeof beyond / sizeof beyond[0]; i++)
        cps[n++] = beyond[i];
    nfc_fast_against_icu(t, cps, n, 2, &icu_yes);
    /* Letters, nukta, vowel signs, virama, precomposed nukta letters. */
    UChar32 deva[] = {0x915, 0x91C, 0x921, 0x928, 0x929, 0x92B, 0x930,
                      0x931, 0x933, 0x934, 0x938, 0x93C, 0x93E, 0x93F,
                      0x940, 0x947, 0x94B, 0x94D, 0x901, 0x902, 0x951,
                      0x958, 0x95C, 0x964, 0x200D, 0x20};
    long deva_icu, deva_fast = nfc_fast_against_icu(
                       t, deva, (int)(sizeof deva / sizeof deva[0]), 3,
                       &deva_icu);
    assert_true(deva_fast > deva_icu * 9 / 10); /* 12,811 of 13,537 */

    /* invalid UTF-8, NUL, a lone continuation byte: don't know */
    assert_int_equal(nfc_fast_check(t, "ab\0c", 4), 0);
    assert_int_equal(nfc_fast_check(t, "\xE0\xA4", 2), 0);
    assert_int_equal(nfc_fast_check(t, "\x80", 1), 0);
    assert_int_equal(nfc_fast_check(t, "\xED\xA0\x80", 3), 0); /* surrogate */
    assert_int_equal(nfc_fast_check(t, "", 0), 1);
    /* ज़ as ज + nukta is NFC (U+095B is a composition exclusion); the
     * precomposed U+095B is not; ऩ (U+0929) is, न + nukta is not */
    assert_int_equal(nfc_fast_check(t, "\xE0\xA4\x9C\xE0\xA4\xBC", 6), 1);
    assert_int_equal(nfc_fast_check(t, "\xE0\xA5\x9B", 3), 0);
    assert_int_equal(nfc_fast_check(t, "\xE0\xA4\xA9", 3), 1);
    assert_int_equal(nfc_fast_check(t, "\xE0\xA4\xA8\xE0\xA4\xBC", 6), 0);

    text_reader *r = open_flores_hindi();
    text_paragraph p;
    int fast_lines = 0;
    while (text_reader_next(r, TEXT_PARA_LINE, &p, &err) == 1)
        fast_lines += nfc_fast_check(t, p.raw, p.raw_len);
    text_reader_free(r);
    assert_int_equal(fast_lines, 919);
    nfc_fast_free(t);
}

static void test_missing_file(void **state)
{
    (void)state;
    anv_error err;
    assert_null(text_reader_open("/nonexistent/x.txt", &err));
    assert_int_equal(err.code, ANV_ENOTFOUND);
    assert_string_equal(err.message,
                        "/nonexistent/x.txt: cannot open: No such file or "
                        "directory");
}

static void test_append_nfc(void **state)
{
    (void)state;
    strbuf s = STRBUF_INIT;
    anv_error err;
    assert_int_equal(text_append_nfc(&s, "\xE0\xA5\x9E", 3, &err), ANV_OK);
    assert_string_equal(s.data, "फ\xE0\xA4\xBC");
    assert_int_equal(text_append_nfc(&s, "abc", 3, &err), ANV_OK);
    assert_string_equal(s.data, "फ\xE0\xA4\xBC" "abc");
    strbuf_release(&s);
    assert_int_equal(text_count_chars("कि a", 8), 4);
    size_t bad = 0;
    assert_false(text_is_valid_utf8("a\xC0\x80", 3, &bad)); /* overlong */
    assert_int_equal(bad, 1);
    assert_false(text_is_valid_utf8("\xED\xA0\x80", 3, &bad)); /* surrogate */
    assert_true(text_is_valid_utf8("\xF0\x9F\x98\x80", 4, &bad));
}

static void test_strbuf_and_error(void **state)
{
    (void)state;
    strbuf b = STRBUF_INIT;
    /* JSON text comes from jansson (base/json_out.h): escapes, UTF-8 kept. */
    assert_int_equal(json_out_append(&b, json_stringn("a\"\\\n\x01।", 8)),
                     ANV_OK);
    assert_string_equal(b.data, "\"a\\\"\\\\\\n\\u0001।\"");
    strbuf_clear(&b);
    assert_int_equal(json_out_append(&b, json_pack("{s:i, s:[s]}", "b", 1, "a",
                                                   "x")),
                     ANV_OK);
    assert_string_equal(b.data, "{\"b\":1,\"a\":[\"x\"]}");
    strbuf_clear(&b);
    /* not UTF-8: jansson refuses, and so does json_out_append */
    assert_int_equal(json_out_append(&b, json_pack("{s:s}", "a", "\xC0")),
                     ANV_EINVAL);
    strbuf_clear(&b);
    strbuf_append_xml(&b, "<a href=\"x\">&</a>", 17, 1);
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    strbuf_release(&b);

    anv_error err;
    anv_error_set_at(&err, ANV_EPARSE, "tm.tmx", 12, 0, "bad %s", "tag");
    assert_string_equal(anv_error_message(&err), "tm.tmx:12: bad tag");
    anv_error_prefix(&err, "import");
    assert_string_equal(err.message, "import: tm.tmx:12: bad tag");
}

static void test_atomic_write_keeps_backup(void **state)
{
    (void)state;
    char dir[] = "/tmp/anuvad-unit.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], bak[256];
    snprintf(path, sizeof path, "%s/f.txt", dir);
    snprintf(bak, sizeof bak, "%s/f.txt.bak", dir);
    anv_error err;
    assert_int_equal(fileio_write_atomic(path, "one", 3, bak, &err), ANV_OK);
    assert_false(fileio_exists(bak)); /* nothing to back up the first time */
    assert_int_equal(fileio_write_atomic(path, "two", 3, bak, &err), ANV_OK);
    char *data;
    size_t len;
    assert_int_equal(fileio_read_all(path, 100, &data, &len, &err), ANV_OK);
    assert_string_equal(data, "two");
    free(data);
    assert_int_equal(fileio_read_all(bak, 100, &data, &len, &err), ANV_OK);
    assert_string_equal(data, "one");
    free(data);
    /* An aborted write leaves the file as it was, and no temporary. */
    atomic_file *af = atomic_file_open(path, &err);
    fputs("three", atomic_file_stream(af));
    atomic_file_abort(af);
    assert_int_equal(fileio_read_all(path, 100, &data, &len, &err), ANV_OK);
    assert_string_equal(data, "two");
    free(data);
    /* Size limit. */
    assert_int_equal(fileio_read_all(path, 2, &data, &len, &err), ANV_ELIMIT);
    assert_int_equal(fileio_read_all(path, 3, &data, &len, &err), ANV_OK);
    free(data);
    unlink(path);
    unlink(bak);
    assert_int_equal(rmdir(dir), 0); /* fails if a temporary was left */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_invalid_utf8_names_line_and_column),
        cmocka_unit_test(test_nul_and_utf16_are_refused),
        cmocka_unit_test(test_nfc_and_offset_map),
        cmocka_unit_test(test_blank_paragraph_mode),
        cmocka_unit_test(test_flores_nfc_lines),
        cmocka_unit_test(test_nfc_fast_agrees_with_icu),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_append_nfc),
        cmocka_unit_test(test_strbuf_and_error),
        cmocka_unit_test(test_atomic_write_keeps_backup),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
