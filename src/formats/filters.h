/*
 * filters.h - the filters format.c's table lists, and helpers they share.
 *
 * Each filter lives in its own file (html.c, markdown.c, subtitles.c) and
 * exports one const fmt_filter.  A new filter (DOCX, ODT ...) adds its
 * declaration here and its address to the table in format.c.
 */
#ifndef ANUVAD_FILTERS_H
#define ANUVAD_FILTERS_H

#include "formats/format.h"

extern const fmt_filter fmt_filter_html;
extern const fmt_filter fmt_filter_xhtml;
extern const fmt_filter fmt_filter_markdown;
extern const fmt_filter fmt_filter_srt;
extern const fmt_filter fmt_filter_vtt;
extern const fmt_filter fmt_filter_docx;
extern const fmt_filter fmt_filter_odt;

/* Text as it is (Markdown, subtitles). */
int fmt_escape_none(strbuf *out, const char *text, size_t n);

/* & < > " as entities (HTML, XML; fine in text and attribute values). */
int fmt_escape_xml(strbuf *out, const char *text, size_t n);

/* Case-insensitive search for `needle` in hay[0..n). */
const char *fmt_find_nocase(const char *hay, size_t n, const char *needle);

#endif
