/*
 * zipparts.c - reading and writing the ZIP container of DOCX/ODT (libzip).
 *
 * Reading: the bytes are opened from memory with ZIP_CHECKCONS (libzip
 * checks the central directory against the local headers); each entry's
 * stat is checked (encryption, declared size against the limit) and a
 * wanted entry is read with at most limit + 1 bytes asked for, so an
 * entry whose header lies about its size is refused too.
 *
 * Writing: a new archive in a memory source gets, in the original order,
 * each entry either as a rebuilt part (a buffer source) or copied from
 * the original archive (zip_source_zip), "mimetype" stored; zip_close()
 * writes it and the source's bytes are read back into `out`.
 */
#include "formats/zipparts.h"

#include <stdlib.h>
#include <string.h>

#include <zip.h>

static zip_t *open_mem(const char *data, size_t len, int flags, anv_error *err,
                       const char *name)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, flags, &ze) : NULL;
    if (!za) {
        anv_error_set(err, ANV_EPARSE, "%s: not a valid ZIP container (%s)",
                      name, zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
    }
    zip_error_fini(&ze);
    return za;
}

int fmt_zip_unpack(fmt_doc *doc, const char *data, size_t len,
                   int (*wanted)(const char *part), const char *required,
                   size_t limit, anv_error *err)
{
    zip_t *za = open_mem(data, len, ZIP_RDONLY | ZIP_CHECKCONS, err,
                         doc->name);
    if (!za)
        return ANV_EPARSE;
    int rc = ANV_OK, found = required == NULL;
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; rc == ANV_OK && i < n; i++) {
        zip_stat_t st;
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0) {
            rc = anv_error_set(err, ANV_EPARSE, "%s: entry %lld unreadable: %s",
                               doc->name, (long long)i, zip_strerror(za));
            break;
        }
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
            st.encryption_method != ZIP_EM_NONE) {
            rc = anv_error_set(err, ANV_EINVAL, "%s: not supported: "
                               "password-protected file (%s)", doc->name,
                               st.name);
            break;
        }
        if ((st.valid & ZIP_STAT_SIZE) && st.size > limit) {
            rc = anv_error_set(err, ANV_ELIMIT, "%s: %s expands to %llu "
                               "bytes, past the limit of %zu (refused)",
                               doc->name, st.name,
                               (unsigned long long)st.size, limit);
            break;
        }
        if (required && strcmp(st.name, required) == 0)
            found = 1;
        if (!wanted(st.name))
            continue;
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        if (!zf) {
            rc = anv_error_set(err, ANV_EPARSE, "%s: %s: %s", doc->name,
                               st.name, zip_strerror(za));
            break;
        }
        strbuf b = STRBUF_INIT;
        zip_int64_t r = 0;
        while (rc == ANV_OK && b.len <= limit) {
            if (strbuf_reserve(&b, 65536) != ANV_OK) {
                rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
                break;
            }
            r = zip_fread(zf, b.data + b.len, 65536);
            if (r <= 0)
                break;
            b.len += (size_t)r;
        }
        if (rc == ANV_OK && r < 0)
            rc = anv_error_set(err, ANV_EPARSE, "%s: %s: %s", doc->name,
                               st.name, zip_file_strerror(zf));
        else if (rc == ANV_OK && b.len > limit)
            rc = anv_error_set(err, ANV_ELIMIT, "%s: %s expands past the "
                               "limit of %zu bytes (refused)", doc->name,
                               st.name, limit);
        zip_fclose(zf);
        if (rc == ANV_OK)
            rc = fmt_doc_add_part(doc, st.name, b.data ? b.data : "", b.len,
                                  err);
        strbuf_release(&b);
    }
    zip_discard(za);
    if (rc == ANV_OK && !found)
        rc = anv_error_set(err, ANV_EINVAL, "%s: not a valid document: no %s",
                           doc->name, required);
    return rc;
}

static const fmt_part *part_named(const fmt_part *parts, size_t n,
                                  const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(parts[i].name, name) == 0)
            return &parts[i];
    return NULL;
}

int fmt_zip_pack(const char *original, size_t len, const fmt_part *parts,
                 size_t n_parts, strbuf *out, anv_error *err)
{
    zip_t *in = open_mem(original, len, ZIP_RDONLY, err, "container");
    if (!in)
        return ANV_EPARSE;
    zip_error_t ze;
    zip_error_init(&ze);
    int rc = ANV_OK;
    zip_source_t *dst = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = dst ? zip_open_from_source(dst, ZIP_TRUNCATE, &ze) : NULL;
    if (!za) {
        rc = anv_error_set(err, ANV_EINTERNAL, "libzip: %s",
                           zip_error_strerror(&ze));
        if (dst)
            zip_source_free(dst);
        dst = NULL;
        goto done;
    }
    zip_source_keep(dst);
    zip_int64_t n = zip_get_num_entries(in, 0);
    for (zip_int64_t i = 0; rc == ANV_OK && i < n; i++) {
        const char *name = zip_get_name(in, (zip_uint64_t)i, 0);
        const fmt_part *p = name ? part_named(parts, n_parts, name) : NULL;
        zip_source_t *s =
            p ? zip_source_buffer(za, p->data, p->len, 0)
              : zip_source_zip(za, in, (zip_uint64_t)i, 0, 0, -1);
        zip_int64_t idx = s ? zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            if (s)
                zip_source_free(s);
            rc = anv_error_set(err, ANV_EINTERNAL, "libzip: %s",
                               zip_strerror(za));
        } else if (strcmp(name, "mimetype") == 0 &&
                   zip_set_file_compression(za, (zip_uint64_t)idx,
                                            ZIP_CM_STORE, 0) != 0) {
            rc = anv_error_set(err, ANV_EINTERNAL, "libzip: %s",
                               zip_strerror(za));
        }
    }
    if (rc != ANV_OK) {
        zip_discard(za);
        goto done;
    }
    if (zip_close(za) != 0) {
        rc = anv_error_set(err, ANV_EINTERNAL, "libzip: %s", zip_strerror(za));
        zip_discard(za);
        goto done;
    }
    zip_stat_t st;
    if (zip_source_stat(dst, &st) != 0 || zip_source_open(dst) != 0) {
        rc = anv_error_set(err, ANV_EINTERNAL, "libzip: cannot read back");
        goto done;
    }
    if (strbuf_reserve(out, (size_t)st.size) != ANV_OK)
        rc = anv_error_set(err, ANV_ENOMEM, "out of memory");
    else {
        zip_int64_t r = zip_source_read(dst, out->data + out->len, st.size);
        if (r != (zip_int64_t)st.size)
            rc = anv_error_set(err, ANV_EINTERNAL, "libzip: short read");
        else
            out->data[out->len += (size_t)r] = '\0';
    }
    zip_source_close(dst);
done:
    if (dst)
        zip_source_free(dst);
    zip_discard(in);
    zip_error_fini(&ze);
    return rc;
}
