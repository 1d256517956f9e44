/*
 * match.h - the fuzzy match score: how close a TM unit's source is to the
 * text being translated, and which words differ.
 *
 * docs/matching.md has the exact definition with worked examples; in
 * brief, both texts (NFC) are split into words with the project's one
 * tokenizer (words.h, ICU word boundaries), spaces dropped, and every token
 * gets a folded key: ICU case folding, then the Hindi spelling variants
 * made equal (nukta on क ख ग ज फ, chandrabindu -> anusvara, ZWJ/ZWNJ and
 * other invisible characters dropped, Devanagari digits -> ASCII, danda
 * and | -> full stop).  An alignment of the two token sequences is chosen
 * that first minimises W, the number of word edits (a word or number
 * inserted or deleted, a word replaced by one with another key; half an
 * edit when the two are forms of one Hindi word, inflection.h), then the
 * minor differences (a number with another value, a word that differs only
 * in case or spelling variant, a punctuation mark or inline tag added,
 * removed or changed: 1 point each).  With L the number of words (letters
 * and numbers) of the longer text:
 *
 *     identical bytes                          100 (101 in context)
 *     otherwise  word score S = min(99, floor(100 (L - W) / L) - min(5, minor))
 *                (1 point instead when W = minor = 0: whitespace only)
 *
 * so differences in punctuation, case, spacing, numbers, tags or spelling
 * variants alone keep a score of 95 to 99.  A word score of 1 to 49 is then
 * lifted towards C, the character similarity (char_sim.h), by at most
 * MATCH_LIFT_MAX points and never above MATCH_LIFT_CEIL:
 *
 *     score = max(S, min(C, S + 30, 49))     when 1 <= S <= 49
 *
 * so a unit that shares little word for word but much letter for letter
 * (inflected forms, compounds, spelling variants, a moved phrase) is
 * offered in the 30-49 band, while 50 and above keep their meaning.
 * Equal scores are ordered by C.  A replaced word that is another form of
 * the same Hindi word (inflection.h) is marked as such in the diff.  Because the
 * score can only be >= min when S >= match_word_bar(min), and S only when
 * 2W <= match_max_half_edits(L, that bar), so that W counted over
 * inflection classes is <= match_max_word_edits(L, that bar), an index
 * that counts shared word classes can find every unit above a threshold
 * (fuzzy_index.h).
 *
 * Two layers:
 *   - matcher_compare() compares two strings and gives the score and a
 *     word diff (byte ranges in both texts), with helpers that write the
 *     diff as JSON or mark it up for a terminal;
 *   - the lower layer (match_tok, matcher_tokenize, matcher_word_edits,
 *     matcher_compare_segs) lets the fuzzy index keep tokens in its own
 *     dictionary and run the very same comparison on them.
 *
 * A matcher holds an ICU break iterator and case map, which are not
 * thread-safe: use one matcher per thread.
 */
#ifndef ANUVAD_MATCH_H
#define ANUVAD_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include <jansson.h>

#include "base/strbuf.h"

#define MATCH_SCORE_EXACT 100
#define MATCH_SCORE_CONTEXT 101 /* exact, and the neighbours match too */
#define MATCH_MINOR_CAP 5       /* minor differences never cost more */

/* Version of the key folding and of the score.  Persisted indexes record
 * it and are rebuilt when it changes. */
#define MATCH_VERSION 2

/* ---- comparing two texts -------------------------------------------- */

typedef enum {
    MATCH_OP_INSERT,    /* the query has it, the match does not */
    MATCH_OP_DELETE,    /* the match has it, the query does not */
    MATCH_OP_SUBSTITUTE /* the match has one thing, the query another */
} match_op;

typedef enum {
    MATCH_DIFF_WORD,    /* another word: costs a whole word (W) */
    MATCH_DIFF_NUMBER,  /* a number with another value (a "number mismatch") */
    MATCH_DIFF_CASE,    /* the same word in another letter case */
    MATCH_DIFF_VARIANT, /* the same word in another Hindi spelling, digits
                           in the other script, danda / full stop / | */
    MATCH_DIFF_PUNCT,   /* punctuation */
    MATCH_DIFF_TAG,     /* an inline tag (U+FFFC in the plain text) */
    MATCH_DIFF_SPACE,   /* whitespace between two tokens that match */
    MATCH_DIFF_INFLECTION /* another form of the same Hindi word (लाएँ /
                             लाना, inflection.h): a whole word (W) */
} match_diff_kind;

/* One difference.  Ranges are byte offsets into the NFC texts compared;
 * an INSERT has an empty source range at the place where the query's word
 * would go, a DELETE an empty query range likewise. */
typedef struct match_diff {
    match_op op;
    match_diff_kind kind;
    size_t src_start, src_end;
    size_t query_start, query_end;
} match_diff;

typedef struct match_result {
    int score;                  /* 0..100 (101 after match_apply_context) */
    int word_score;             /* S, before the character lift */
    int chars;                  /* C: character similarity 0..100 */
    unsigned half_edits;        /* 2W: a word edit counts 2, a word
                                   replaced by another form of it 1 */
    unsigned word_edits;        /* W rounded up (half_edits + 1) / 2 */
    unsigned inflections;       /* words replaced by another form of the
                                   same Hindi word (traced only) */
    unsigned words;             /* L: words of the longer text */
    unsigned minor;             /* minor difference points, before the cap */
    unsigned number_mismatches; /* numbers aligned with another value */
    unsigned tag_mismatches;    /* inline tags added or removed */
    int has_diff;               /* 0 when the texts were too long to trace
                                   (more than MATCH_DIFF_MAX_CELLS) */
    const match_diff *diff;     /* owned by the matcher, valid until its
                                   next comparison */
    size_t n_diff;
} match_result;

/* Past this many cells ((tokens + 1) x (tokens + 1)) the score is still
 * computed, in linear memory, but no diff is traced. */
#define MATCH_DIFF_MAX_CELLS (16u * 1024u * 1024u)

typedef struct matcher matcher;

matcher *matcher_new(anv_error *err);
void matcher_free(matcher *m);

/* Compare `query` with a unit's `source` (valid UTF-8; normalised to NFC
 * here, and the diff's byte ranges refer to the NFC forms, which are the
 * texts themselves when they already are NFC).  Returns ANV_OK, ANV_EUTF8
 * for invalid UTF-8, ANV_ENOMEM or ANV_EINTERNAL. */
int matcher_compare(matcher *m, const char *query, size_t qlen,
                    const char *source, size_t slen, match_result *out,
                    anv_error *err);

/* Replace `out` with the NFC form of s[0..n), the text every comparison
 * sees (out->data is never NULL after ANV_OK).  ANV_EUTF8 "WHAT: invalid
 * UTF-8 at byte N" when s is not UTF-8; ANV_ENOMEM, ANV_EINTERNAL. */
int match_normalize(const char *what, const char *s, size_t n, strbuf *out,
                    anv_error *err);

/* The neighbours of a segment (NFC source text of the previous and next
 * segments; NULL or "" when there is none). */
typedef struct match_context {
    const char *prev;
    const char *next;
} match_context;

/* Turn an exact match (100) into an in-context one (101) when both
 * neighbours are equal.  Does nothing when either context is NULL. */
void match_apply_context(match_result *r, const match_context *query_ctx,
                         const match_context *unit_ctx);

/* 1 when a 100 match is in context (same test as match_apply_context). */
int match_context_equal(const match_context *a, const match_context *b);

/* Texts prepared once and compared many times (a brute-force scan). */
typedef struct match_prepared match_prepared;

int matcher_prepare(matcher *m, const char *text, size_t len,
                    match_prepared **out, anv_error *err);
void match_prepared_free(match_prepared *p);
const char *match_prepared_text(const match_prepared *p, size_t *len);

/* Like matcher_compare; both texts prepared by this matcher.  The diff is
 * traced only when `want_diff` is non-zero. */
int matcher_compare_prepared(matcher *m, const match_prepared *query,
                             const match_prepared *source, int want_diff,
                             match_result *out, anv_error *err);

/* ---- the score's arithmetic ----------------------------------------- */

/* The score from its parts (see the top of this file), W given in half
 * edits (2W). */
int match_score_of(unsigned half_edits, unsigned words, unsigned minor,
                   int identical);

/* The lift (see the top of this file). */
#define MATCH_LIFT_MAX 30
#define MATCH_LIFT_CEIL 49

/* The score of a pair with word score S and character similarity C. */
int match_lifted(int word_score, int chars);

/* The least word score from which a pair can still reach `min`. */
int match_word_bar(int min);

/* The most word edits a pair whose longer text has `words` words can have
 * and still score >= min (after the lift).  Every unit scoring >= min has
 * W <= this. */
unsigned match_max_word_edits(unsigned words, int min);

/* The same in half edits (2W): every unit scoring >= min has 2W <= this,
 * and floor(this / 2) is match_max_word_edits(). */
unsigned match_max_half_edits(unsigned words, int min);

/* ---- showing a diff ---------------------------------------------------- */

/* The diff as a JSON array (a new jansson value, NULL when out of memory
 * or a text is not UTF-8):
 *   [{"op":"substitute","kind":"word","match":[12,24],
 *     "query":[12,27],"match_text":"...","query_text":"..."},...]
 * (op: insert, delete, substitute; kind: word, number, case, variant,
 * punct, tag, space). */
json_t *match_diff_json(const match_result *r, const char *source,
                        const char *query);

/* Append `source` with the differences marked the way wdiff does:
 * "[-match text-]{+query text+}" for a substitution, "[-...-]" for what
 * the query lacks, "{+...+}" for what only the query has.  Whitespace
 * differences are not marked. */
int match_diff_append_marked(strbuf *out, const match_result *r,
                             const char *source, size_t slen,
                             const char *query);

/* The same with other marks around the two sides (terminal colours, for
 * instance): del_open/del_close around what only the match has,
 * ins_open/ins_close around what only the query has. */
typedef struct match_marks {
    const char *del_open, *del_close, *ins_open, *ins_close;
} match_marks;
int match_diff_append_styled(strbuf *out, const match_result *r,
                             const char *source, size_t slen,
                             const char *query, const match_marks *marks);

const char *match_op_name(match_op op);
const char *match_diff_kind_name(match_diff_kind kind);

/* ---- lower layer, shared with the fuzzy index -------------------------- */

/* Token kinds; a token's key packs its kind in the top two bits and the id
 * of its folded text below: key = kind << 30 | id. */
enum {
    MATCH_TOK_LETTERS = 0,
    MATCH_TOK_NUMBER = 1,
    MATCH_TOK_PUNCT = 2,
    MATCH_TOK_TAG = 3
};
#define MATCH_KEY(kind, id) (((uint32_t)(kind) << 30) | (uint32_t)(id))
#define MATCH_KEY_KIND(key) ((unsigned)((key) >> 30))
#define MATCH_KEY_ID(key) ((key) & 0x3fffffffu)
#define MATCH_MAX_ID 0x3fffffffu

static inline int match_is_word(uint32_t key)
{
    return MATCH_KEY_KIND(key) <= MATCH_TOK_NUMBER;
}

/* A non-space token: key, its inflection class, and bytes start..end of
 * its text.  The class of a letters token is the key of its stem
 * (inflection_class_len: लाएँ, लाना and खींच's खींचना share one), of
 * any other token the key itself; two letters tokens with other keys
 * and one class are half a word edit apart. */
typedef struct match_tok {
    uint32_t key;
    uint32_t cls;
    uint32_t start, end;
} match_tok;

/* Words compare by "word class" in the index's filters and in
 * matcher_word_edits: a letters token by its inflection class (forms of
 * one word cost nothing there, a lower bound of the score's half edit),
 * and every number as the same class (another value is a minor
 * difference). */
#define MATCH_NUMBER_CLASS MATCH_KEY(MATCH_TOK_NUMBER, 0)
static inline uint32_t match_word_class(uint32_t key, uint32_t cls)
{
    return MATCH_KEY_KIND(key) == MATCH_TOK_NUMBER ? MATCH_NUMBER_CLASS : cls;
}

/* A growable array of tokens. */
typedef struct match_tokens {
    match_tok *tok;
    size_t n, cap;
    size_t words; /* LETTERS and NUMBER tokens */
} match_tokens;

void match_tokens_release(match_tokens *t);

/* A text with its tokens, as the comparison sees it. */
typedef struct match_seg {
    const char *text;
    size_t len;
    const match_tok *tok;
    size_t n;
    size_t words;
} match_seg;

/* How keys get ids: called with the folded key (its first byte is the
 * kind: 'L', 'N', 'P' or 'T'); sets *id (<= MATCH_MAX_ID).  Returns ANV_OK
 * or an error code.  Numbers never get id 0 (MATCH_NUMBER_CLASS). */
typedef int (*match_key_fn)(void *ctx, const char *key, size_t n,
                            uint32_t *id);

/* A match_key_fn that interns keys in a wordmap (wordmap.h) given as ctx:
 * a new key gets the next id (the map's count).  Maps for it start with
 * MATCH_RESERVED_KEY, which takes id 0 (real keys begin with L N P T). */
#define MATCH_RESERVED_KEY "#"
int match_intern_key(void *wordmap, const char *key, size_t n, uint32_t *id);

/* Split NFC text[0..len) into tokens with keys.  Texts longer than 4 GiB
 * are refused (ANV_ELIMIT). */
int matcher_tokenize(matcher *m, const char *text, size_t len,
                     match_key_fn key_id, void *ctx, match_tokens *out,
                     anv_error *err);

/* The word classes of s's words, in order, into out (room for s->words):
 * their count. */
size_t match_word_classes(const match_seg *s, uint32_t *out);

/* W between a and b over word classes (forms of one word equal, so at
 * most the score's 2W / 2), or limit + 1 as soon as it must exceed
 * limit. */
unsigned matcher_word_edits(matcher *m, const match_seg *a,
                            const match_seg *b, unsigned limit);
/* The same with b given by its keys[0..n) (`words` of them words) and
 * the class of each key id, key_cls[MATCH_KEY_ID(key)]: an index's
 * candidates, before their spans and text are read. */
unsigned matcher_word_edits_keys(matcher *m, const match_seg *a,
                                 const uint32_t *keys, size_t n,
                                 const uint32_t *key_cls, size_t words,
                                 unsigned limit);

/* The full comparison of two segments whose keys come from one
 * dictionary.  Fills `out` (diff only when want_diff).  Returns ANV_OK or
 * ANV_ENOMEM. */
int matcher_compare_segs(matcher *m, const match_seg *query,
                         const match_seg *source, int want_diff,
                         match_result *out);

/* The same without a diff, for a search that keeps only scores of at
 * least `bar`: when bar is above MATCH_LIFT_CEIL (no lift can reach it)
 * and the word score falls short, the character similarity (a fifth of
 * the comparison of two long sentences) is not computed, nor the word
 * edits past what the bar allows: *below is 1, out->word_edits at most
 * the true count (one more than the bar allows when there are more),
 * out->score the word score of that and out->chars 0.  Else as above,
 * *below 0. */
int matcher_compare_segs_bar(matcher *m, const match_seg *query,
                             const match_seg *source, int bar,
                             match_result *out, int *below);

#endif
