/*
 * testutil.h - what every cmocka unit test includes.
 *
 * cmocka needs <stdarg.h>, <stddef.h>, <stdint.h> and <setjmp.h> before its
 * header.  shared_path() builds a path into ../shared (the team's data),
 * honouring $ANUVAD_SHARED as the Makefile sets it.
 */
#ifndef ANUVAD_TESTUTIL_H
#define ANUVAD_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static inline const char *shared_path(char *buf, size_t size, const char *rel)
{
    const char *base = getenv("ANUVAD_SHARED");
    snprintf(buf, size, "%s/%s", base && *base ? base : "../shared", rel);
    return buf;
}

static inline const char *root_path(char *buf, size_t size, const char *rel)
{
    const char *base = getenv("ANUVAD_ROOT");
    snprintf(buf, size, "%s/%s", base && *base ? base : ".", rel);
    return buf;
}

#endif
