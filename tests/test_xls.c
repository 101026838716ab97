/* test_xls.c — the legacy Excel reader (survey/xls.c): a workbook that
 * LibreOffice saved as .xls from tests/data/xlsx/libreoffice-platform.xlsx
 * (soffice --headless --convert-to xls) reads into the same records, cell
 * for cell, as the .xlsx it came from; it is told from its first bytes; a
 * sheet is chosen by name; what FreeXL cannot read is a clear error. */
#include "survey/reader.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define XLS "tests/data/xls/libreoffice-platform.xls"
#define XLSX "tests/data/xlsx/libreoffice-platform.xlsx"

/* Every record as one string: fields joined by US, records by RS, with its
   line. */
struct got {
    char *text;
    size_t len, cap;
    size_t n;
    long last_line;
};

static void put(struct got *g, const char *s, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        g->cap = 2 * (g->len + n + 1);
        g->text = realloc(g->text, g->cap);
        assert_non_null(g->text);
    }
    memcpy(g->text + g->len, s, n);
    g->len += n;
    g->text[g->len] = '\0';
}

static int sink(void *ctx, const struct rd_record *rec)
{
    struct got *g = ctx;
    char line[32];
    snprintf(line, sizeof line, "%ld:", rec->line);
    put(g, line, strlen(line));
    for (size_t i = 0; i < rec->n; i++) {
        put(g, rec->field[i], rec->len[i]);
        put(g, "\x1f", 1);
    }
    put(g, "\x1e", 1);
    assert_true(rec->line > g->last_line);
    g->last_line = rec->line;
    g->n++;
    return 0;
}

static int read_with(const struct rd_class *cls, const char *path, const char *sheet,
                     struct got *g, struct rd_info *info, struct survey_error *err)
{
    struct survey_load_opts opts = {.sheet = sheet};
    struct rd_input in = {.name = path, .path = path, .opts = &opts};
    *info = (struct rd_info){0};
    return cls->read(&in, sink, g, info, err);
}

static void test_same_as_xlsx(void **state)
{
    (void)state;
    struct got a = {0}, b = {0};
    struct rd_info ia, ib;
    struct survey_error err = {0};
    assert_int_equal(read_with(&rd_xls, XLS, NULL, &a, &ia, &err), 0);
    assert_int_equal(read_with(&rd_xlsx, XLSX, NULL, &b, &ib, &err), 0);
    assert_string_equal(ia.format, "xls");
    assert_string_equal(ia.sheet, ib.sheet);
    assert_int_equal(a.n, 201); /* the header and 200 respondents */
    assert_int_equal(a.n, b.n);
    assert_string_equal(a.text, b.text);
    free(a.text);
    free(b.text);
}

static void test_detect_and_sheets(void **state)
{
    (void)state;
    FILE *f = fopen(XLS, "rb");
    assert_non_null(f);
    unsigned char head[RD_HEAD];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    assert_ptr_equal(rd_detect(head, n), &rd_xls);
    assert_null(rd_detect((const unsigned char *)"id,name\n", 8));

    struct got g = {0};
    struct rd_info info;
    struct survey_error err = {0};
    assert_int_equal(read_with(&rd_xls, XLS, "nope", &g, &info, &err), -1);
    assert_string_equal(err.message, "no sheet named \"nope\" (sheets: libreoffice-platform)");
    assert_int_equal(read_with(&rd_xls, XLS, "libreoffice-platform", &g, &info, &err), 0);
    free(g.text);
}

static void test_not_a_workbook(void **state)
{
    (void)state;
    /* the OLE2 signature, then nothing FreeXL can read */
    char path[] = "/tmp/canyu-xls-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    fwrite("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 no more", 1, 16, f);
    fclose(f);
    struct got g = {0};
    struct rd_info info;
    struct survey_error err = {0};
    assert_int_equal(read_with(&rd_xls, path, NULL, &g, &info, &err), -1);
    assert_non_null(strstr(err.message, "save it as .xlsx"));
    remove(path);
    /* from memory (standard input): named, not read */
    struct rd_input in = {.name = "(stdin)", .mem = "x", .size = 1,
                          .opts = &(struct survey_load_opts){0}};
    assert_int_equal(rd_xls.read(&in, sink, &g, &info, &err), -1);
    assert_non_null(strstr(err.message, "not from standard input"));
    free(g.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_xlsx),
        cmocka_unit_test(test_detect_and_sheets),
        cmocka_unit_test(test_not_a_workbook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
