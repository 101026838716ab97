/* test_threads.c — the results do not depend on the threads (struct
 * an_options: threads) nor on how the groupings are keyed: a generated
 * questionnaire of every role of any questionnaire, large enough for the
 * count pass to split (120,000 respondents), reported as JSON with one
 * thread, two, and the default, unweighted and raked; and two grouping
 * columns of 100 categories each (9,000 respondents), too many for one
 * key, whose crosstabs and comparisons must be those of each column alone.
 */
#include "report/json.h"
#include "report/document.h"
#include "analysis/analysis.h"
#include "survey/survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

static char dir[] = "/tmp/canyu-test-threads-XXXXXX";
static char codebook[64], data[64], small[64], margins[64];

static uint64_t rng = 88172645463325252u;

static unsigned next(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static FILE *open_in_dir(char *path, const char *name)
{
    snprintf(path, 64, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    return f;
}

/* N respondents of the questionnaire of tests/data/any-codebook.csv, into
   PATH (NAME in the directory), with two more columns of 100 categories
   each when WIDE. */
static void write_data(char *path, const char *name, size_t n, int wide)
{
    static const char *const edu[] = {"小学及以下", "初中", "高中", "大专", "本科及以上"};
    static const char *const housing[] = {"自有", "租房", "其他"};
    static const char *const channel[] = {"微信群", "社区公告栏", "居委会上门", "电视、广播"};
    FILE *f = open_in_dir(path, name);
    fprintf(f, "编号,性别,年龄,文化程度,住房,家庭人口,月收入,居住年限,邻里1,邻里2,邻里3,信息渠道,"
               "需求1,需求2,需求3,需求4,权重%s\n", wide ? ",楼栋,单元" : "");
    for (size_t i = 0; i < n; i++) {
        unsigned ch = next(16);
        char channels[128] = "";
        for (unsigned c = 0; c < 4; c++)
            if (ch >> c & 1)
                snprintf(channels + strlen(channels), sizeof channels - strlen(channels), "%s%s",
                         *channels ? "┋" : "", channel[c]);
        fprintf(f, "%zu,%u,%u,%s,%s,%u,%u.%u,%d,%u,%u,%u,%s,%u,%u,%u,%u,1", i + 1, 1 + next(2),
                16 + next(85), edu[next(5)], housing[next(3)], next(10) ? 1 + next(6) : 9,
                next(30000), next(10), next(20) ? (int)next(60) : -1, 1 + next(5), 1 + next(5),
                1 + next(5), channels, next(2), next(2), next(2), next(2));
        if (wide)
            fprintf(f, ",b%u,e%u", next(100), next(100));
        fputc('\n', f);
    }
    fclose(f);
}

/* The codebook with the two wide columns; the data sets; the margins. */
static void write_files(void)
{
    FILE *f = open_in_dir(codebook, "codebook.csv");
    FILE *in = fopen("tests/data/any-codebook.csv", "r");
    assert_non_null(in);
    char line[1024];
    while (fgets(line, sizeof line, in))
        fputs(line, f);
    fclose(in);
    fputs("楼栋,single,楼栋,Building,,,,,,\n单元,single,单元,Entrance,,,,,,\n", f);
    fclose(f);

    write_data(data, "data.csv", 120000, 0);
    write_data(small, "small.csv", 9000, 1);
    f = open_in_dir(margins, "margins.csv");
    fputs("variable,category,share\ngender,男,0.45\ngender,女,0.55\n", f);
    fclose(f);
}

static struct survey *load(const char *codebook_path, const char *data_path,
                           struct survey_codebook **cb)
{
    struct survey_error err = {0};
    *cb = survey_codebook_load(codebook_path, &err);
    assert_non_null(*cb);
    struct survey *s = survey_new(*cb);
    assert_non_null(s);
    assert_int_equal(survey_load_file(s, data_path, NULL, &err), 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    return s;
}

/* The JSON report of S by the N_BY columns BY, with THREADS, raked or
   not; a string to free. */
static char *report(const struct survey *s, const char *const *by, size_t n_by, int threads,
                    int raked)
{
    struct survey_error err = {0};
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct survey_margins m = {0};
    if (raked)
        assert_int_equal(survey_margins_load(margins, &m, &err), 0);
    struct an_options opt = {.by = by, .n_by = n_by, .threads = threads};
    struct an_results *r = stats_analyse_with(s, &bands, raked ? &m : NULL, &opt, &err);
    assert_non_null(r);
    json_t *root = report_json_report(r, REPORT_LANG_EN, "test");
    assert_non_null(root);
    char *text = json_dumps(root, JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    assert_non_null(text);
    json_decref(root);
    stats_results_free(r);
    survey_margins_free(&m);
    survey_bands_free(&bands);
    return text;
}

static void test_threads_same(void **state)
{
    (void)state;
    struct survey_codebook *cb;
    struct survey *s = load("tests/data/any-codebook.csv", data, &cb);
    assert_true(s->n >= 100000);
    const char *by[] = {"住房", "性别", "文化程度"};
    for (int raked = 0; raked < 2; raked++) {
        char *one = report(s, by, 3, 1, raked);
        char *two = report(s, by, 3, 2, raked);
        char *def = report(s, by, 3, 0, raked);
        assert_true(strstr(one, "\"comparison\"") && strstr(one, "\"kruskal_wallis\""));
        assert_string_equal(one, two);
        assert_string_equal(one, def);
        free(one), free(two), free(def);
    }
    survey_free(s);
    survey_codebook_free(cb);
}

/* The entry of ROOT's question COLUMN grouped by VARIABLE, as text. */
static char *by_block(json_t *root, const char *column, const char *variable)
{
    json_t *qs = json_object_get(root, "questions"), *q, *b;
    size_t i, j;
    char *out = NULL;
    json_array_foreach(qs, i, q)
        if (!strcmp(json_string_value(json_object_get(q, "column")), column))
            json_array_foreach(json_object_get(q, "by"), j, b)
                if (!strcmp(json_string_value(json_object_get(b, "variable")), variable))
                    out = json_dumps(b, JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    assert_non_null(out);
    return out;
}

static void test_keys_in_batches(void **state)
{
    (void)state;
    struct survey_codebook *cb;
    struct survey *s = load(codebook, small, &cb);
    /* Age group (7 keys with "none"), 101 and 101: more than 65,536 keys,
       so the columns are keyed apart. */
    const char *both[] = {"楼栋", "单元"}, *first[] = {"楼栋"}, *second[] = {"单元"};
    static const char *const columns[] = {"月收入", "居住年限", "住房", "信息渠道", "needs"};
    for (int threads = 1; threads <= 2; threads++) {
        char *text[3] = {report(s, both, 2, threads, 0), report(s, first, 1, threads, 0),
                         report(s, second, 1, threads, 0)};
        json_t *all = json_loads(text[0], 0, NULL), *a = json_loads(text[1], 0, NULL),
               *b = json_loads(text[2], 0, NULL);
        assert_true(all && a && b);
        for (size_t c = 0; c < sizeof columns / sizeof *columns; c++) {
            char *x = by_block(all, columns[c], "楼栋"), *y = by_block(a, columns[c], "楼栋");
            assert_string_equal(x, y);
            free(x), free(y);
            x = by_block(all, columns[c], "单元"), y = by_block(b, columns[c], "单元");
            assert_string_equal(x, y);
            free(x), free(y);
            x = by_block(all, columns[c], "age_group"), y = by_block(b, columns[c], "age_group");
            assert_string_equal(x, y);
            free(x), free(y);
        }
        json_decref(all), json_decref(a), json_decref(b);
        free(text[0]), free(text[1]), free(text[2]);
    }
    survey_free(s);
    survey_codebook_free(cb);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    write_files();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(codebook), unlink(data), unlink(small), unlink(margins);
    rmdir(dir);
    return 0;
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_same),
        cmocka_unit_test(test_keys_in_batches),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
