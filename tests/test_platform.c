/* test_platform.c — the conventions of survey platforms' exports that every
 * reader handles, each from a cell as a real export writes it: times taken,
 * spaces trimmed, markers of unanswered questions, and the loaded codes,
 * rejections and messages they give.
 */
#include "survey/survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Internal helpers of survey/ (declared in survey/survey_internal.h, which
   only survey/ includes): tested here through their declarations. */
int survey_duration_parse(const char *s, size_t len, double *seconds);
void text_trim(const char **s, size_t *len);

#define HEAD "column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n"

static struct survey_codebook *codebook(const char *text)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(text, strlen(text), "cb.csv", &err);
    if (!cb)
        fail_msg("codebook: %s:%ld: %s", err.file, err.line, err.message);
    return cb;
}

/* Load DATA through CB (lenient or not); the load must succeed. */
static struct survey *load(const struct survey_codebook *cb, const char *data, int lenient)
{
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    struct survey_load_opts o = {.lenient = lenient};
    struct survey_error err = {0};
    if (survey_load_mem(s, "d.csv", data, strlen(data), &o, &err) < 0)
        fail_msg("load: %s:%ld: %s", err.file, err.line, err.message);
    assert_int_equal(survey_finish(s, &o), 0);
    return s;
}

/* The K-th rejection, or NULL. */
static const struct survey_problem *nth_reject(const struct survey *s, size_t k)
{
    for (size_t i = 0; i < s->n_problems; i++)
        if (survey_reason_rejects(s->problems[i].reason) && k-- == 0)
            return &s->problems[i];
    return NULL;
}

static void expect_reject(const struct survey *s, size_t k, long line, const char *column,
                          const char *value, const char *detail)
{
    const struct survey_problem *p = nth_reject(s, k);
    if (!p)
        fail_msg("no rejection %zu", k);
    assert_int_equal(p->line, line);
    assert_string_equal(p->column, column);
    assert_string_equal(p->value, value);
    if (!strstr(p->detail, detail))
        fail_msg("detail \"%s\" lacks \"%s\"", p->detail, detail);
}

/* The values of variable NAME, respondent by respondent. */
static void expect_var(const struct survey *s, const char *name, const int16_t *want, size_t n)
{
    const struct survey_var *v = survey_var_by_name(s, name);
    if (!v)
        fail_msg("no variable %s", name);
    assert_int_equal(s->n, n);
    for (size_t i = 0; i < n; i++)
        if (v->v[i] != want[i])
            fail_msg("%s, respondent %zu: %d, want %d", name, i + 1, v->v[i], want[i]);
}

#define M SURVEY_MISSING

/* ## Times taken */

static double seconds(const char *text)
{
    double x = -1;
    if (survey_duration_parse(text, strlen(text), &x) < 0)
        fail_msg("\"%s\" is not read as a time taken", text);
    return x;
}

static void test_durations(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double want;
    } good[] = {
        {"125", 125},          {"125秒", 125},       {"125 秒", 125},     {"125s", 125},
        {"125 s", 125},        {"2分5秒", 125},      {"2分05秒", 125},    {"2分 5秒", 125},
        {"1小时2分3秒", 3723}, {"1时2分3秒", 3723},  {"5分钟", 300},      {"3秒钟", 3},
        {"2:05", 125},         {"0:59", 59},         {"125:00", 7500},    {"00:02:05", 125},
        {"1:02:03", 3723},     {"10:00:00", 36000},  {"61.5", 61.5},      {"0", 0},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (fabs(seconds(good[i].text) - good[i].want) > 1e-9)
            fail_msg("\"%s\": %g, want %g", good[i].text, seconds(good[i].text), good[i].want);
    static const char *const bad[] = {
        "1:60", "::", "5分钟3", "2:5", "1:", ":05", "1:02:60", "1:2:03", "1:02:03:04", "-2:05",
        "2：05", "-5", "秒", "5分钟s3", "5 分 钟", "abc", "", "2:05秒", "1.5:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double x;
        if (survey_duration_parse(bad[i], strlen(bad[i]), &x) == 0)
            fail_msg("\"%s\" read as %g seconds", bad[i], x);
    }
}

/* Every form as a cell of a duration column; a bad one is "not a time taken". */
static void test_duration_cells(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook(HEAD "序号,id,,,,,,,,\n所用时间,duration,,,,,,,,\n");
    struct survey *s = load(cb, "序号,所用时间\n"
                                "1,125 秒\n2,125s\n3,2:05\n4,00:02:05\n5,2分05秒\n"
                                "6,1:60\n7,\xC2\xA0" "2:05\xE3\x80\x80\n",
                            0);
    assert_int_equal(s->n, 6);
    for (size_t i = 0; i < 6; i++)
        assert_true(fabs(s->duration[i] - 125) < 1e-12);
    assert_int_equal(s->rows_excluded, 1);
    expect_reject(s, 0, 7, "所用时间", "1:60", "not a time taken");
    survey_free(s);
    survey_codebook_free(cb);
}

/* ## Spaces */

static void test_trim(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"\xC2\xA0男\xC2\xA0", "男"},
        {"\xE3\x80\x80男\xE3\x80\x80", "男"},
        {" \xC2\xA0\xE3\x80\x80\t男 \xC2\xA0", "男"},
        {"男\xC2\xA0女", "男\xC2\xA0女"}, /* inside: kept */
        {"\xC2\xA0", ""},
        {"\xC2", "\xC2"},                 /* a lone byte is no space */
        {"\xE3\x80", "\xE3\x80"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        size_t n = strlen(t);
        text_trim(&t, &n);
        assert_int_equal(n, strlen(cases[i].want));
        assert_memory_equal(t, cases[i].want, n);
    }
}

/* No-break and ideographic spaces around cells, data headers and the
   codebook's own fields are trimmed like ASCII spaces. */
static void test_spaces_everywhere(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook(
        HEAD "序号,id,,,,,,,,\n"
             "3、您的性别:\xC2\xA0,gender,,,,,,,\xC2\xA0说不清\xC2\xA0,1=\xC2\xA0男;2=女\xE3\x80\x80\n"
             "4、您的年龄:,age,,,,16,100,,,\n");
    assert_string_equal(cb->cols[1].column, "3、您的性别:");
    struct survey *s = load(cb, "\xC2\xA0序号\xC2\xA0,\xE3\x80\x80" "3、您的性别:,4、您的年龄:\xC2\xA0\n"
                                "1,\xC2\xA0男,30\n"
                                "2,女\xC2\xA0,\xC2\xA0" "45\xC2\xA0\n"
                                "3,\xE3\x80\x80女\xC2\xA0,50\n"
                                "4,说不清\xC2\xA0,60\n"
                                "5,\xC2\xA0\xC2\xA0,\xC2\xA0\n"
                                "\xC2\xA0,\xC2\xA0,\xE3\x80\x80\n",
                            0);
    assert_int_equal(s->rows_excluded, 0);
    assert_int_equal(s->blank, 1); /* only spaces: a blank record */
    expect_var(s, "3、您的性别:", (const int16_t[]){1, 2, 2, M, M}, 5);
    expect_var(s, "4、您的年龄:", (const int16_t[]){30, 45, 50, 60, M}, 5);
    survey_free(s);
    survey_codebook_free(cb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_duration_cells),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_spaces_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
