/*
 * tmx_write.h - writing TMX 1.4b with libxml2's xmlTextWriter.
 *
 * The output is valid against the TMX 1.4 DTD (tmx14.dtd): the header
 * carries every required attribute (creationtool="anuvad",
 * creationtoolversion, segtype, o-tmf, adminlang, srclang, datatype),
 * dates are written YYYYMMDDThhmmssZ, and units are written as read
 * (tmx_unit.h): known attributes, then the extra ones, props and notes in
 * their order, then one <tuv> per language with its <seg> content, which
 * is already canonical XML and goes out byte for byte.
 *
 * Characters XML forbids never reach the output: strings are checked and
 * such characters left out (counted in tmx_writer_dropped()).
 *
 *     tmx_writer *w = tmx_writer_new(fp, "out.tmx", &err);
 *     tmx_writer_begin(w, &header, &err);
 *     for each unit: tmx_writer_unit(w, &u, &err);
 *     tmx_writer_end(w, &err);      // flushes; fp stays open
 *     tmx_writer_free(w);
 */
#ifndef ANUVAD_TMX_WRITE_H
#define ANUVAD_TMX_WRITE_H

#include <stdio.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "tm/tmx_unit.h"

typedef struct tmx_writer tmx_writer;

typedef struct tmx_write_header {
    const char *srclang;     /* "hi-IN", or "*all*"; NULL = "*all*" */
    const char *adminlang;   /* NULL = "en-US" */
    int64_t creationdate;    /* TMX_NO_DATE to leave it out */
    const char *extra;       /* props and notes for the header ('a'
                                records are ignored: the header's
                                attributes are anuvad's own) */
    size_t extra_len;
} tmx_write_header;

/* Write to an open stream; `name` is used in messages. */
tmx_writer *tmx_writer_new(FILE *fp, const char *name, anv_error *err);

/* Write into memory; get the bytes with tmx_writer_buffer(). */
tmx_writer *tmx_writer_new_memory(anv_error *err);

int tmx_writer_begin(tmx_writer *w, const tmx_write_header *h,
                     anv_error *err);
int tmx_writer_unit(tmx_writer *w, const tmx_unit *u, anv_error *err);
int tmx_writer_end(tmx_writer *w, anv_error *err);

/* The document written so far (memory writers only; valid until free). */
const char *tmx_writer_buffer(tmx_writer *w, size_t *len);

/* Characters left out because XML does not allow them. */
long tmx_writer_dropped(const tmx_writer *w);

void tmx_writer_free(tmx_writer *w);

#endif
