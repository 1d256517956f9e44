/* version.h - the one place the version number lives. */
#ifndef ANUVAD_VERSION_H
#define ANUVAD_VERSION_H
#define ANUVAD_VERSION "0.1.0"
#endif
