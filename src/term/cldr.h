/*
 * cldr.h - the starter glossary from ICU's CLDR data (cldr.c): country
 * and territory, language, currency, month and weekday names in Hindi
 * and English, as glossary TSV.
 */
#ifndef ANUVAD_CLDR_H
#define ANUVAD_CLDR_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"

/* Append the glossary (a header line, then "hi TAB en TAB comment"
 * lines) to out; *n (may be NULL) gets the number of entries. */
int cldr_glossary_tsv(strbuf *out, size_t *n, anv_error *err);

#endif
