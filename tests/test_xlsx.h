/* test_xlsx.h — what the tests of the Excel reader (test_xlsx.c,
 * test_xlsx_fast.c) share: a sink that keeps every record the reader
 * delivers, one reading of a file or a buffer, the record check, and ZIP
 * archives made in memory with libzip.  Include after <cmocka.h>.
 */
#ifndef CANYU_TESTS_TEST_XLSX_H
#define CANYU_TESTS_TEST_XLSX_H

#include "survey/reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* ## Collecting what the reader delivers */

struct rec {
    long line;
    size_t n;
    char **field;
};

struct got {
    struct rec *r;
    size_t n, cap;
    long stop_after;          /* the sink stops after this many records; -1: never */
    struct survey_error *err; /* what the stopping sink fills */
};

static int collect(void *ctx, const struct rd_record *rec)
{
    struct got *g = ctx;
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 16;
        g->r = realloc(g->r, g->cap * sizeof *g->r);
        assert_non_null(g->r);
    }
    struct rec *r = &g->r[g->n++];
    r->line = rec->line;
    r->n = rec->n;
    r->field = calloc(rec->n ? rec->n : 1, sizeof *r->field);
    assert_non_null(r->field);
    for (size_t i = 0; i < rec->n; i++) {
        assert_int_equal(strlen(rec->field[i]), rec->len[i]);
        r->field[i] = strdup(rec->field[i]);
        assert_non_null(r->field[i]);
    }
    if (g->stop_after >= 0 && (long)g->n >= g->stop_after) {
        survey_error_set(g->err, SURVEY_ERR_HEADER, "sink", rec->line, "stopped by the sink");
        return -1;
    }
    return 0;
}

static void got_free(struct got *g)
{
    for (size_t i = 0; i < g->n; i++) {
        for (size_t k = 0; k < g->r[i].n; k++)
            free(g->r[i].field[k]);
        free(g->r[i].field);
    }
    free(g->r);
    memset(g, 0, sizeof *g);
}

static int read_input(const char *path, const void *mem, size_t len, const char *sheet, size_t chunk,
                      struct got *g, struct rd_info *info, struct survey_error *err)
{
    struct survey_load_opts o = {.sheet = sheet, .chunk_size = chunk};
    struct rd_input in = {.name = "in.xlsx", .path = path, .mem = mem, .size = len, .opts = &o};
    memset(g, 0, sizeof *g);
    g->stop_after = -1;
    g->err = err;
    memset(info, 0, sizeof *info);
    memset(err, 0, sizeof *err);
    return rd_xlsx.read(&in, collect, g, info, err);
}

/* The record I of G is LINE with the N fields WANT. */
static void check_rec(const struct got *g, size_t i, long line, const char *const *want, size_t n)
{
    if (i >= g->n)
        fail_msg("record %zu missing (%zu read)", i, g->n);
    const struct rec *r = &g->r[i];
    if (r->line != line)
        fail_msg("record %zu: line %ld, want %ld", i, r->line, line);
    if (r->n != n)
        fail_msg("record %zu (line %ld): %zu fields, want %zu", i, line, r->n, n);
    for (size_t k = 0; k < n; k++)
        if (strcmp(r->field[k], want[k]) != 0)
            fail_msg("record %zu (line %ld) field %zu: \"%s\", want \"%s\"", i, line, k + 1, r->field[k],
                     want[k]);
}

#define CHECK(g, i, line, ...)                                                                               \
    do {                                                                                                     \
        static const char *const want_[] = {__VA_ARGS__};                                                    \
        check_rec((g), (i), (line), want_, sizeof want_ / sizeof want_[0]);                                  \
    } while (0)

/* A ZIP archive in memory of the members NAME, TEXT, ... NULL, made with
   libzip (deflated, as writers do). */
static char *zip_of(size_t *len, ...)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    va_list ap;
    va_start(ap, len);
    for (const char *name; (name = va_arg(ap, const char *));) {
        const char *text = va_arg(ap, const char *);
        zip_source_t *s = zip_source_buffer(za, text, strlen(text), 0);
        assert_non_null(s);
        assert_true(zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    va_end(ap);
    assert_int_equal(zip_close(za), 0);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_END), 0);
    zip_int64_t n = zip_source_tell(src);
    assert_true(n > 0);
    assert_int_equal(zip_source_seek(src, 0, SEEK_SET), 0);
    char *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(zip_source_read(src, buf, (zip_uint64_t)n), n);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *len = (size_t)n;
    return buf;
}

#define REL(id, type, target)                                                                                \
    "<Relationship Id=\"" id                                                                                 \
    "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/" type                    \
    "\" Target=\"" target "\"/>"

#endif
