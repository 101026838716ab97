/* test_xlsx_out.c — the Excel backend, read back from the workbook it wrote.
 *
 * A document built by hand is rendered to a file, unzipped with libzip and
 * its XML parsed with expat: the sheet names (sanitized, cut to 31
 * characters, unique), every number a numeric cell equal to the document's
 * value at 1e-12 relative with the number format of its class, NaN an empty
 * cell, text a string; the three rules of each table (a medium border above
 * and a thin one under the header row, a medium one under the last row) and
 * no left or right border anywhere; group headers in bold italic, the rows
 * under them indented; a column as wide as its Chinese labels; the title
 * property; no temporary file left (the charts: test_xlsx_charts.c; the
 * reader both use: test_xlsx_out.h).
 * Then the real report of samples/boli-2024.csv and a comparison of three
 * waves, rendered through the library as `canyu report -o x.xlsx` does:
 * every figure of the JSON's participation.by_age_group is a numeric cell.
 *
 * Run from the repository root (the data are read by relative path).
 */
#include "report/compare.h"
#include "report/document.h"
#include "report/json.h"
#include "report/report.h"
#include "analysis/compare.h"
#include "survey/survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <expat.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include <gsl/gsl_errno.h>

#include "tests/test_xlsx_out.h"


static void test_sheets_and_tables(void **state)
{
    (void)state;
    struct report_doc *d = hand_doc();
    char *path = render_file(d);
    struct book b;
    book_open(&b, path);

    /* Sheet names: forbidden characters replaced, 31 characters, unique. */
    assert_int_equal(b.n_sheets, 5);
    assert_string_equal(b.sheets[0].name, "Results _1_2__ _draft__");
    char cut[128];
    /* 31 characters of the long title (each 3 bytes in UTF-8). */
    snprintf(cut, sizeof cut, "%.*s", 31 * 3, LONG_ZH);
    assert_string_equal(b.sheets[1].name, cut);
    assert_string_equal(b.sheets[2].name, "Results _1_2__ _draft__ (2)");
    assert_string_equal(b.sheets[3].name, "methods");
    assert_string_equal(b.sheets[4].name, "Residents' views & <notes>");

    /* The title property. */
    struct node *title = find(b.core, "dc:title");
    assert_non_null(title);
    assert_string_equal(title->text, "Boli & Co. <2024> survey");

    struct sheet *s = &b.sheets[0];
    check_table(&b, s, nth_block(d, REPORT_BLOCK_TABLE, 0)->table);
    check_table(&b, s, nth_block(d, REPORT_BLOCK_TABLE, 1)->table);
    /* The note under the table, the heading and the list at the top. */
    assert_true(row_of(s, "Shares are of respondents with a known value; p from the "
                          "chi-square test.") == row_of(s, "南城社区") + 1);
    assert_int_equal(row_of(s, "Results [1/2]: *draft*?"), 0);
    assert_true(row_of(s, "A second one.") > 0);
    check_no_vertical_rules(&b);

    /* Column A fits its widest label: 9 Chinese characters are 18 columns. */
    struct node *cols[64];
    size_t nc = find_all(s->xml, "col", cols, 64, 0);
    assert_true(nc >= 5);
    double w0 = 0;
    for (size_t i = 0; i < nc && i < 64; i++)
        if (atoi(attr(cols[i], "min")) == 1)
            w0 = strtod(attr(cols[i], "width"), NULL);
    assert_true(w0 >= 18 + 2 + 2); /* + an indent + padding */
    assert_true(w0 <= 60);

    book_close(&b);
    unlink(path);
    free(path);
    report_doc_free(d);
}


/* The workbook goes through $TMPDIR and leaves nothing there; a failed
   document, a block rendered alone and a full disk are errors. */
static void test_temporary_and_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/canyu-test-tmpdir-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *old = getenv("TMPDIR");
    char *saved = old ? xstrdup(old) : NULL;
    setenv("TMPDIR", dir, 1);
    struct report_doc *d = hand_doc();
    char *path = render_file(d);
    DIR *dh = opendir(dir);
    assert_non_null(dh);
    struct dirent *e;
    size_t left = 0;
    while ((e = readdir(dh)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            left++;
    closedir(dh);
    assert_int_equal(left, 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char magic[2];
    assert_int_equal(fread(magic, 1, 2, f), 2);
    fclose(f);
    assert_memory_equal(magic, "PK", 2);
    unlink(path);
    free(path);

    /* A TMPDIR that does not exist: an error, not a crash. */
    setenv("TMPDIR", "/nonexistent/canyu", 1);
    struct report_options o = {.format = REPORT_FORMAT_XLSX};
    FILE *out = tmpfile();
    assert_non_null(out);
    assert_int_equal(report_doc_render(d, &o, out), -1);
    fclose(out);
    if (saved) {
        setenv("TMPDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TMPDIR");
    }
    assert_int_equal(rmdir(dir), 0);

    /* A full disk. */
    out = fopen("/dev/full", "wb");
    if (out) {
        assert_int_equal(report_doc_render(d, &o, out), -1);
        fclose(out);
    }
    /* Blocks alone have no xlsx rendering. */
    out = tmpfile();
    assert_non_null(out);
    assert_int_equal(report_table_render(nth_block(d, REPORT_BLOCK_TABLE, 0)->table, &o, out),
                     -1);
    assert_int_equal(report_bars_render(nth_block(d, REPORT_BLOCK_BARS, 0)->bars, &o, out), -1);
    assert_int_equal(report_heading_render("x", 1, &o, out), -1);
    fclose(out);
    /* A failed document writes nothing. */
    d->failed = 1;
    out = tmpfile();
    assert_non_null(out);
    assert_int_equal(report_doc_render(d, &o, out), -1);
    assert_int_equal(ftell(out), 0);
    fclose(out);
    report_doc_free(d);

    /* An empty document is still a workbook, of one sheet. */
    d = report_doc_new("", "zh");
    assert_non_null(d);
    path = render_file(d);
    struct book b;
    book_open(&b, path);
    assert_int_equal(b.n_sheets, 1);
    book_close(&b);
    unlink(path);
    free(path);
    report_doc_free(d);
}

/* ## The real report and a comparison */

/* Every numeric cell of B that is not a formula. */
static size_t numbers_of(const struct book *b, double *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n_sheets; i++)
        for (size_t k = 0; k < b->sheets[i].n; k++) {
            const struct cell *c = &b->sheets[i].cells[k];
            if (c->is_number && !c->has_formula && n < max)
                out[n++] = c->num;
        }
    return n;
}

/* Every number among KEYS of the objects of array A is in NUMS. */
static size_t check_numbers(json_t *a, const char *const *keys, const double *nums, size_t n)
{
    size_t checked = 0;
    assert_true(json_is_array(a) && json_array_size(a) > 0);
    for (size_t i = 0; i < json_array_size(a); i++)
        for (const char *const *k = keys; *k; k++) {
            json_t *v = json_object_get(json_array_get(a, i), *k);
            if (!json_is_number(v))
                continue;
            double want = json_number_value(v);
            int found = 0;
            for (size_t j = 0; j < n && !found; j++)
                found = fabs(nums[j] - want) <= 1e-12 * fmax(fabs(want), 1e-300);
            if (!found) {
                print_error("%s = %.17g of item %zu: not a numeric cell\n", *k, want, i);
                fail();
            }
            checked++;
        }
    return checked;
}

static void test_report(void **state)
{
    (void)state;
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_default(&err);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    assert_int_equal(survey_load_file(s, "samples/boli-2024.csv", NULL, &err), 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_results *r = stats_analyse(s, &bands, NULL, &err);
    assert_non_null(r);
    json_t *root = json_object();
    report_json_results(root, r);
    static double nums[1 << 14];
    const char *keys[] = {"n", "participants", "rate", "ci_low", "ci_high", NULL};
    for (int zh = 0; zh <= 1; zh++) {
        char path[] = "/tmp/canyu-test-report-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "wb");
        assert_non_null(f);
        struct report_options o = {.format = REPORT_FORMAT_XLSX};
        assert_int_equal(
            report_document_render(r, zh ? REPORT_LANG_ZH : REPORT_LANG_EN, &o, f), 0);
        assert_int_equal(fclose(f), 0);
        struct book b;
        book_open(&b, path);
        assert_int_equal(b.n_sheets, 8);
        assert_string_equal(b.sheets[3].name, zh ? "社区参与" : "Participation");
        /* Three bar charts and two Likert distributions. */
        assert_int_equal(b.n_chart_files, 5);
        check_no_vertical_rules(&b);
        size_t n = numbers_of(&b, nums, sizeof nums / sizeof *nums);
        json_t *part = json_object_get(root, "participation");
        size_t checked = check_numbers(json_object_get(part, "by_age_group"), keys, nums, n);
        assert_int_equal(checked, 5 * bands.n);
        book_close(&b);
        unlink(path);
    }
    json_decref(root);
    stats_results_free(r);
    survey_bands_free(&bands);
    survey_free(s);
    survey_codebook_free(cb);
}

static void test_compare(void **state)
{
    (void)state;
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_default(&err);
    assert_non_null(cb);
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse("18-34,35-59,60-", &bands, &err), 0);
    const char *files[] = {"tests/data/compare-2021.csv", "tests/data/compare-2022.csv",
                           "tests/data/compare-2023.csv"};
    struct survey *sv[3];
    const struct survey_load_opts lo = {.absent_columns_ok = 1};
    for (size_t i = 0; i < 3; i++) {
        sv[i] = survey_new(cb);
        assert_non_null(sv[i]);
        assert_int_equal(survey_load_file(sv[i], files[i], &lo, &err), 0);
        assert_int_equal(survey_finish(sv[i], &lo), 0);
    }
    struct cmp_results *c = stats_compare((const struct survey *const *)sv, 3, &bands, &err);
    assert_non_null(c);
    char path[] = "/tmp/canyu-test-compare-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    struct report_options o = {.format = REPORT_FORMAT_XLSX};
    assert_int_equal(report_compare_render(c, REPORT_LANG_ZH, &o, f), 0);
    assert_int_equal(fclose(f), 0);
    struct book b;
    book_open(&b, path);
    /* The trends of participation and of the indices, as line charts. */
    size_t lines = 0;
    for (size_t i = 0; i < b.n_sheets; i++)
        for (size_t k = 0; k < b.sheets[i].n_charts; k++)
            lines += chart_kind(b.sheets[i].charts[k], "c:lineChart") != NULL;
    assert_int_equal(lines, 2);
    check_no_vertical_rules(&b);
    static double nums[1 << 14];
    size_t n = numbers_of(&b, nums, sizeof nums / sizeof *nums);
    json_t *root = json_object();
    report_compare_json(root, c);
    json_t *part = json_object_get(root, "participation");
    const char *keys[] = {"rate", NULL};
    assert_int_equal(check_numbers(json_object_get(part, "by_wave"), keys, nums, n), 3);
    json_t *ages = json_object_get(part, "by_age_group");
    for (size_t g = 0; g < json_array_size(ages); g++)
        check_numbers(json_object_get(json_array_get(ages, g), "by_wave"), keys, nums, n);
    json_decref(root);
    book_close(&b);
    unlink(path);
    stats_compare_free(c);
    for (size_t i = 0; i < 3; i++)
        survey_free(sv[i]);
    survey_bands_free(&bands);
    survey_codebook_free(cb);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheets_and_tables),
        cmocka_unit_test(test_temporary_and_errors),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
