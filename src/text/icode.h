/*
 * icode.h - inline codes inside segment text.
 *
 * Formatting inside a sentence (<b>...</b>, a link, <br>, a Markdown
 * emphasis, a line break inside a subtitle cue) is an *inline code*: the
 * translator must carry it into the translation but never sees or edits
 * its markup.  Inside anuvad, segment text is ordinary UTF-8 in which
 * every inline code is ONE private-use character (as Okapi does):
 *
 *     U+E000 + id   ICODE_OPEN      the start of a pair   shown {1}
 *     U+E400 + id   ICODE_CLOSE     the end of that pair  shown {/1}
 *     U+E800 + id   ICODE_ISOLATED  a standalone code     shown {2/}
 *
 * id is 1..ICODE_MAX_ID, numbered per segment in order of appearance; the
 * open and the close of one pair share an id (a pair's two halves may
 * also turn up alone when a sentence boundary cuts a pair: an open whose
 * close is in another segment).  The characters are enough to show,
 * count, check and match the codes; the markup each one stands for (the
 * `data`, e.g. "<a href=\"x\">") lives in a separate table of `icode`s,
 * kept by whoever owns the segment (the project keeps one per unit).
 *
 * Why one character: the segmenter, the word splitter and the matcher all
 * work on plain strings.  A code char is a Unicode "Other" character with
 * a boundary before and after it, so ICU never joins it to a word, NFC
 * leaves it alone, the word counter skips it (icode_strip), and the TM
 * sees it as U+FFFC, the placeholder TMX inline codes get
 * (icode_replace with TMX's tag char): "codes are placeholders".
 *
 * The project XLIFF writes them as <bpt id>/<ept id>/<ph id> holding the
 * original markup (docs/xliff.md, "Inline codes"); TMX likewise.
 */
#ifndef ANUVAD_ICODE_H
#define ANUVAD_ICODE_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"

#define ICODE_MAX_ID 1023u

/* Code chars are U+E000..U+EBFF, always 3 bytes of UTF-8 (EE 80..AF xx). */
#define ICODE_CHAR_LEN 3

typedef enum icode_kind {
    ICODE_OPEN = 0,
    ICODE_CLOSE = 1,
    ICODE_ISOLATED = 2
} icode_kind;

/* One entry of a code table: which code and the markup it stands for. */
typedef struct icode {
    icode_kind kind;
    unsigned id;
    const char *data; /* the original markup, UTF-8 ("" allowed) */
} icode;

/* A code char at s[i] (s is n bytes)?  Returns ICODE_CHAR_LEN and fills
 * *kind and *id (either may be NULL), or 0 when s[i] starts something
 * else. */
size_t icode_at(const char *s, size_t n, size_t i, icode_kind *kind,
                unsigned *id);

/* Walking a string as text runs and codes:
 *     size_t pos = 0; icode_piece pc;
 *     while (icode_next_piece(s, n, &pos, &pc))
 *         if (pc.is_code) ... pc.kind, pc.id ... else ... pc.text, pc.len
 * A run is never empty; a code is one piece. */
typedef struct icode_piece {
    int is_code;
    const char *text;  /* the run (or the code char) */
    size_t len;
    icode_kind kind;   /* for a code */
    unsigned id;
} icode_piece;
int icode_next_piece(const char *s, size_t n, size_t *pos, icode_piece *out);

/* 1 when s[0..n) holds the other half of pair `id` (a close for an open,
 * an open for a close); 0 for an isolated code. */
int icode_has_partner(const char *s, size_t n, icode_kind kind, unsigned id);

/* The next free id of a code table (its highest id + 1). */
unsigned icode_next_id(const icode *codes, size_t n);

/* Append the code char for (kind, id); ANV_EINVAL when id is out of
 * range. */
int icode_append(strbuf *out, icode_kind kind, unsigned id);

/* Characters of s[0..n) that are text (code chars not counted): the
 * length a translator sees against a length limit. */
size_t icode_text_chars(const char *s, size_t n);

/* Number of code chars in s[0..n). */
size_t icode_count(const char *s, size_t n);

/* Append s[0..n) with every code char replaced by `repl` ("" drops
 * them; "\xEF\xBF\xBC" is TMX's placeholder). */
int icode_replace(strbuf *out, const char *s, size_t n, const char *repl);

/* The translator's view: code chars as {1} {/1} {2/}; text as it is. */
int icode_display(strbuf *out, const char *s, size_t n);

/* Undo icode_display: "{1}" "{/1}" "{2/}" become code chars when
 * `allowed` (the source segment, with code chars) has that code; any
 * other text, placeholders of codes it lacks included, stays as it is. */
int icode_parse_display(strbuf *out, const char *s, size_t n,
                        const char *allowed);

/* What is wrong with a target's codes, compared with its source's. */
typedef struct icode_problems {
    size_t missing;     /* codes of the source not in the target */
    size_t extra;       /* codes in the target the source lacks */
    size_t duplicated;  /* codes the target has more than once */
    size_t misnested;   /* a close before its open, or pairs crossing
                           (<b><i></b></i>) where the source's did not */
} icode_problems;

/* Compare the codes of `target` with those of `source`; returns 1 when
 * everything is fine (all counters 0). */
int icode_check(const char *source, const char *target, icode_problems *out);

/* The first code (in source order) of `source` that `target` lacks:
 * returns 1 and fills *kind and *id, or 0 when none is missing. */
int icode_next_missing(const char *source, const char *target,
                       icode_kind *kind, unsigned *id);

/* The codes at the edges of segment s[start..end) that belong outside it
 * (as Okapi does): leading and trailing isolated codes, a pair whose
 * open starts and whose close ends the segment, and opens/closes whose
 * partner is not inside the segment; whitespace next to them goes too.
 * Narrows *start and *end (to an empty range when the segment holds nothing
 * but codes and spaces: then it has nothing to translate). */
void icode_trim(const char *s, size_t *start, size_t *end);

/* Find (kind, id) in a table; NULL when absent. */
const icode *icode_find(const icode *codes, size_t n, icode_kind kind,
                        unsigned id);

/* Copy/free a table (data strings duplicated). */
int icode_table_copy(icode **dst, const icode *src, size_t n);
void icode_table_free(icode *codes, size_t n);

#endif
