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

/* ## Numbered options, fill-ins and decimal codes */

/* A wjx-shaped questionnaire: a categorical of each kind, a participation
   item coded 1=否;2=是 (recoded: yes is 1 inside canyu, "2" an alias of it),
   a barrier question with skip logic, a Likert item, and activities whose
   options hold 、 and ，. */
static const char WJX[] =
    HEAD "序号,id,,,,,,,,\n"
         "3、您的性别:,gender,,,,,,,,1=男|male;2=女|female\n"
         "4、您的年龄:,age,,,,16,100,,,\n"
         "5、您是否为中共党员:,party_member,,,,,,,,0=否;1=是\n"
         "6、是否参加过志愿服务:,participation,,,,,,,,1=否;2=是\n"
         "7、主要原因是:,barrier,,,,,,,(跳过),1=没有时间;2=不了解活动信息;6=其他\n"
         "8、满意度—环境卫生,satisfaction,,,services,1,5,,说不清,"
         "1=非常不满意;2=不满意;3=一般;4=满意;5=非常满意\n"
         "9、参加过哪些活动?(多选),activities,,,,,,,(跳过),"
         "1=居民议事会或协商会;2=志愿服务;3=文体、娱乐活动;4=环境整治，美化;5=其他;0=以上都没有\n";

static const char WJX_HEADER[] = "序号,3、您的性别:,4、您的年龄:,5、您是否为中共党员:,"
                                 "6、是否参加过志愿服务:,7、主要原因是:,8、满意度—环境卫生,"
                                 "9、参加过哪些活动?(多选)\n";

static char *wjx_data(const char *rows)
{
    char *d = malloc(strlen(WJX_HEADER) + strlen(rows) + 1);
    assert_non_null(d);
    strcpy(d, WJX_HEADER);
    strcat(d, rows);
    return d;
}

static void test_numbered_options(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook(WJX);
    char *data = wjx_data(
        "1,1.男,30,B.是,2.是,(1)没有时间,4.满意,1、居民议事会或协商会┋3、文体、娱乐活动\n"
        "2,A.男,31,A.否,①否,（6）其他,（5）非常满意,B.志愿服务\n"
        "3,2、女,32,1)是,1.否,2. 不了解活动信息,3．一般,(2)志愿服务┋(5)其他\n"
        "4,b.女,33,1）是,B.是,(跳过),A.非常不满意,④环境整治，美化\n"
        "5,2.female,34,1.是,2.是,6、其他,E.非常满意,①居民议事会或协商会┋②志愿服务┋3.文体、娱乐活动\n"
        /* a number naming another answer than its label: invalid */
        "6,2.男,35,1.是,2.是,6.其他,4.满意,2.志愿服务\n"
        "7,1.男,36,1.是,1.是,6.其他,4.满意,2.志愿服务\n"
        "8,1.男,37,1.是,2.是,6.其他,5.满意,2.志愿服务\n"
        "9,1.男,38,1.是,2.是,6.其他,4.满意,1、志愿服务\n"
        "10,B.男,39,1.是,2.是,6.其他,4.满意,2.志愿服务\n"
        "11,1.男,40,1.是,2.是,F.其他,4.满意,2.志愿服务\n"
        /* a prefix before no label, or a number, is no option's text */
        "12,1.,41,1.是,2.是,6.其他,4.满意,2.志愿服务\n"
        "13,1.2,42,1.是,2.是,6.其他,4.满意,2.志愿服务\n"
        "14,1.男,43,1.是,2.是,6.其他,4.满意,1┋2┋3\n");
    struct survey *s = load(cb, data, 0);
    expect_var(s, "3、您的性别:", (const int16_t[]){1, 1, 2, 2, 2, 1}, 6);
    expect_var(s, "5、您是否为中共党员:", (const int16_t[]){1, 0, 1, 1, 1, 1}, 6);
    expect_var(s, "6、是否参加过志愿服务:", (const int16_t[]){1, 2, 2, 1, 1, 1}, 6);
    expect_var(s, "7、主要原因是:", (const int16_t[]){1, 6, 2, M, 6, 6}, 6);
    expect_var(s, "8、满意度—环境卫生", (const int16_t[]){4, 5, 3, 1, 5, 4}, 6);
    expect_var(s, "9、参加过哪些活动?(多选)[居民议事会或协商会]", (const int16_t[]){1, 0, 0, 0, 1, 1}, 6);
    expect_var(s, "9、参加过哪些活动?(多选)[志愿服务]", (const int16_t[]){0, 1, 1, 0, 1, 1}, 6);
    expect_var(s, "9、参加过哪些活动?(多选)[文体、娱乐活动]", (const int16_t[]){1, 0, 0, 0, 1, 1}, 6);
    expect_var(s, "9、参加过哪些活动?(多选)[环境整治，美化]", (const int16_t[]){0, 0, 0, 1, 0, 0}, 6);
    expect_var(s, "9、参加过哪些活动?(多选)[其他]", (const int16_t[]){0, 0, 1, 0, 0, 0}, 6);
    assert_int_equal(s->rows_excluded, 8);
    expect_reject(s, 0, 7, "3、您的性别:", "2.男", "the option number 2 is not that of \"男\" (code 1)");
    expect_reject(s, 1, 8, "6、是否参加过志愿服务:", "1.是",
                  "the option number 1 is not that of \"是\" (code 2)");
    expect_reject(s, 2, 9, "8、满意度—环境卫生", "5.满意", "the option number 5 is not that of \"满意\" (code 4)");
    expect_reject(s, 3, 10, "9、参加过哪些活动?(多选)", "1、志愿服务",
                  "the option number 1 is not that of \"志愿服务\" (code 2)");
    expect_reject(s, 4, 11, "3、您的性别:", "B.男",
                  "the option letter B is not that of \"男\" (answer 1 in values)");
    expect_reject(s, 5, 12, "7、主要原因是:", "F.其他", "the option letter F is not that of \"其他\" (answer 3 in values)");
    expect_reject(s, 6, 13, "3、您的性别:", "1.", "not one of the listed answers");
    expect_reject(s, 7, 14, "3、您的性别:", "1.2", "not one of the listed answers");
    survey_free(s);
    free(data);
    survey_codebook_free(cb);
}

/* 其他〖跳广场舞〗 is the option 其他: in a single-choice cell, after a
   numbered option, and inside a multiple-choice cell, where the fill-in's
   own 、 and ┋ split nothing.  The fill-in is never analysed and never a
   rejection; a record rejected for another reason keeps it in --rejects. */
static void test_fill_ins(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook(WJX);
    char *data = wjx_data(
        "1,男,30,是,是,其他〖跳广场舞〗,满意,其他〖跳舞、唱歌┋下棋〗\n"
        "2,男,30,是,是,6.其他〖要带孙子〗,满意,志愿服务┋其他〖合唱团〗┋文体、娱乐活动\n"
        "3,男,30,是,是,其他〖〗,满意,5.其他〖广场舞〗\n"
        "4,男,30,是,是, 其他 〖 看孩子 〗 ,满意,以上都没有\n"
        /* no option before the fill-in, an option not listed, a box not closed */
        "5,男,30,是,是,〖没时间〗,满意,以上都没有\n"
        "6,男,30,是,是,其它〖没时间〗,满意,以上都没有\n"
        "7,男,30,是,是,其他〖没时间,满意,以上都没有\n"
        "8,男,130,是,是,其他〖跳广场舞〗,满意,以上都没有\n");
    struct survey *s = load(cb, data, 0);
    expect_var(s, "7、主要原因是:", (const int16_t[]){6, 6, 6, 6}, 4);
    expect_var(s, "9、参加过哪些活动?(多选)[其他]", (const int16_t[]){1, 1, 1, 0}, 4);
    expect_var(s, "9、参加过哪些活动?(多选)[志愿服务]", (const int16_t[]){0, 1, 0, 0}, 4);
    expect_var(s, "9、参加过哪些活动?(多选)[文体、娱乐活动]", (const int16_t[]){0, 1, 0, 0}, 4);
    assert_int_equal(s->rows_excluded, 4);
    expect_reject(s, 0, 6, "7、主要原因是:", "〖没时间〗", "not one of the listed answers");
    expect_reject(s, 1, 7, "7、主要原因是:", "其它〖没时间〗", "not one of the listed answers");
    expect_reject(s, 2, 8, "7、主要原因是:", "其他〖没时间", "not one of the listed answers");
    expect_reject(s, 3, 9, "4、您的年龄:", "130", "outside 16..100");
    /* The rejected record as it was, fill-in and all. */
    assert_non_null(strstr(nth_reject(s, 3)->record, "其他〖跳广场舞〗"));
    char *text = NULL;
    size_t tl = 0;
    FILE *f = open_memstream(&text, &tl);
    assert_non_null(f);
    assert_int_equal(survey_write_rejects(s, f), 0);
    fclose(f);
    assert_non_null(strstr(text, "8,男,130,是,是,其他〖跳广场舞〗,满意,以上都没有"));
    free(text);
    survey_free(s);
    free(data);
    survey_codebook_free(cb);
}

/* Codes a spreadsheet wrote as decimals: 2.0 is 2 in every column holding
   codes; 2.5 is no code; an age 45.9 is 45 (whole years, as before). */
static void test_decimal_codes(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook(WJX);
    char *data = wjx_data("1,2.0,45.0,1.0,2.0,6.00,4.0,2.0┋3.0\n"
                          "2,1.0,45.9,0.0,1.0,(跳过),5.0,0.0\n"
                          "3,+2.0,16.0,1,2,1,1.0,1.0\n"
                          "4,2.5,45,1,2,1,4,2\n"
                          "5,2,45,1,2,1,4.5,2\n"
                          "6,2,45,1,2,1,4,2.5\n"
                          "7,2,45,1,3.0,1,4,2\n"
                          "8,2,45,1,2,2.,4,2\n"
                          "9,2,100.5,1,2,1,4,2\n"
                          "10,2,101.0,1,2,1,4,2\n");
    struct survey *s = load(cb, data, 0);
    expect_var(s, "3、您的性别:", (const int16_t[]){2, 1, 2, 2}, 4);
    expect_var(s, "4、您的年龄:", (const int16_t[]){45, 45, 16, 100}, 4);
    expect_var(s, "5、您是否为中共党员:", (const int16_t[]){1, 0, 1, 1}, 4);
    expect_var(s, "6、是否参加过志愿服务:", (const int16_t[]){1, 2, 1, 1}, 4);
    expect_var(s, "7、主要原因是:", (const int16_t[]){6, M, 1, 1}, 4);
    expect_var(s, "8、满意度—环境卫生", (const int16_t[]){4, 5, 1, 4}, 4);
    expect_var(s, "9、参加过哪些活动?(多选)[志愿服务]", (const int16_t[]){1, 0, 0, 1}, 4);
    expect_var(s, "9、参加过哪些活动?(多选)[文体、娱乐活动]", (const int16_t[]){1, 0, 0, 0}, 4);
    assert_int_equal(s->rows_excluded, 6);
    expect_reject(s, 0, 5, "3、您的性别:", "2.5", "not one of the listed answers");
    expect_reject(s, 1, 6, "8、满意度—环境卫生", "4.5", "not one of the listed answers");
    expect_reject(s, 2, 7, "9、参加过哪些活动?(多选)", "2.5", "option \"2.5\" is not one of the listed");
    expect_reject(s, 3, 8, "6、是否参加过志愿服务:", "3.0", "not one of the listed answers");
    expect_reject(s, 4, 9, "7、主要原因是:", "2.", "not one of the listed answers");
    expect_reject(s, 5, 11, "4、您的年龄:", "101.0", "outside 16..100");
    survey_free(s);
    free(data);
    survey_codebook_free(cb);
}

/* ## Markers of unanswered questions */

/* (跳过), (空), -2 and -3 are missing where the codebook says so: per
   column, or in every column through the file-wide `*` row; written -2.0
   too.  Without either they are invalid. */
static void test_unanswered_markers(void **state)
{
    (void)state;
    static const char rows[] = "1,(跳过),(空),-2,-3,(跳过),(空),-2\n"
                               "2,-2.0,-3,(空),(跳过),-2,-3.0,(空)\n"
                               "3,1,30,1,2,1,4,2\n";
    size_t wl = strlen(WJX);
    char *cbtext = malloc(wl + 64);
    assert_non_null(cbtext);
    memcpy(cbtext, WJX, wl);
    strcpy(cbtext + wl, "*,missing,,,,,,,-2;-3;(跳过);(空),\n");
    struct survey_codebook *cb = codebook(cbtext);
    char *data = wjx_data(rows);
    struct survey *s = load(cb, data, 0);
    assert_int_equal(s->rows_excluded, 0);
    expect_var(s, "3、您的性别:", (const int16_t[]){M, M, 1}, 3);
    expect_var(s, "4、您的年龄:", (const int16_t[]){M, M, 30}, 3);
    expect_var(s, "5、您是否为中共党员:", (const int16_t[]){M, M, 1}, 3);
    expect_var(s, "6、是否参加过志愿服务:", (const int16_t[]){M, M, 1}, 3);
    expect_var(s, "7、主要原因是:", (const int16_t[]){M, M, 1}, 3);
    expect_var(s, "8、满意度—环境卫生", (const int16_t[]){M, M, 4}, 3);
    expect_var(s, "9、参加过哪些活动?(多选)[志愿服务]", (const int16_t[]){M, M, 1}, 3);
    survey_free(s);
    survey_codebook_free(cb);

    /* Per column: the barrier and activities columns list (跳过) only. */
    cb = codebook(WJX);
    free(data);
    data = wjx_data("1,1,30,1,2,(跳过),4,(跳过)\n"
                    "2,(跳过),30,1,2,1,4,2\n"
                    "3,1,30,1,2,(空),4,2\n"
                    "4,1,30,1,2,1,4,-2\n"
                    "5,1,30,1,2,1,4,2┋(跳过)\n"
                    /* numbered missing answers: missing whatever the number */
                    "6,1,30,1,2,7.(跳过),9.说不清,(1)(跳过)\n");
    s = load(cb, data, 0);
    expect_var(s, "7、主要原因是:", (const int16_t[]){M, M}, 2);
    expect_var(s, "8、满意度—环境卫生", (const int16_t[]){4, M}, 2);
    expect_var(s, "9、参加过哪些活动?(多选)[志愿服务]", (const int16_t[]){M, M}, 2);
    assert_int_equal(s->rows_excluded, 4);
    expect_reject(s, 0, 3, "3、您的性别:", "(跳过)", "not one of the listed answers");
    expect_reject(s, 1, 4, "7、主要原因是:", "(空)", "not one of the listed answers");
    expect_reject(s, 2, 5, "9、参加过哪些活动?(多选)", "-2", "not one of the listed activities");
    expect_reject(s, 3, 6, "9、参加过哪些活动?(多选)", "2┋(跳过)", "a missing answer \"(跳过)\" among");
    survey_free(s);
    free(data);
    free(cbtext);
    survey_codebook_free(cb);
}

/* ## One set of separators per column */

/* wjx joins the options chosen by ┋ while an option's own text holds 、 or
   ，: a separator that a listed option contains splits nothing in that
   column.  The others still do, whichever a cell uses. */
static void test_separators(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook(
        HEAD "序号,id,,,,,,,,\n"
             "多选,activities,,,,,,,,1=志愿服务;2=文体、娱乐活动;3=环境整治，美化;0=以上都没有\n"
             "多选2,activities,,,,,,,,1=志愿服务;2=文体活动;3=环境整治;0=以上都没有\n");
    struct survey *s = load(cb, "序号,多选,多选2\n"
                                "1,志愿服务┋文体、娱乐活动,志愿服务┋文体活动\n"
                                "2,文体、娱乐活动,志愿服务、文体活动\n"
                                "3,环境整治，美化┋文体、娱乐活动,志愿服务，环境整治\n"
                                "4,志愿服务|环境整治，美化,1、2、3\n"
                                "5,1;2,志愿服务;环境整治|文体活动\n"
                                "6,以上都没有,2┋3\n"
                                "7,志愿服务、文体,1\n"
                                "8,志愿服务，环境整治，美化,1\n",
                            0);
    expect_var(s, "多选[志愿服务]", (const int16_t[]){1, 0, 0, 1, 1, 0}, 6);
    expect_var(s, "多选[文体、娱乐活动]", (const int16_t[]){1, 1, 1, 0, 1, 0}, 6);
    expect_var(s, "多选[环境整治，美化]", (const int16_t[]){0, 0, 1, 1, 0, 0}, 6);
    expect_var(s, "多选2[志愿服务]", (const int16_t[]){1, 1, 1, 1, 1, 0}, 6);
    expect_var(s, "多选2[文体活动]", (const int16_t[]){1, 1, 0, 1, 1, 1}, 6);
    expect_var(s, "多选2[环境整治]", (const int16_t[]){0, 0, 1, 1, 1, 1}, 6);
    assert_int_equal(s->rows_excluded, 2);
    expect_reject(s, 0, 8, "多选", "志愿服务、文体", "option \"志愿服务、文体\" is not one of the listed");
    expect_reject(s, 1, 9, "多选", "志愿服务，环境整治，美化", "is not one of the listed");
    survey_free(s);
    survey_codebook_free(cb);
}

/* 60 records in the shape of the export the issue describes: 17 of them
   chose 文体、娱乐活动 with another option.  All load, and the option is
   counted in each. */
static void test_separators_sixty(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook(
        HEAD "序号,id,,,,,,,,\n"
             "6、过去一年您参加过以下哪些社区活动?(多选),activities,,,,,,,,"
             "1=居民议事会或协商会;2=志愿服务;3=文体、娱乐活动;4=环境整治;0=以上都没有\n");
    static const char *const cells[] = {"志愿服务┋文体、娱乐活动", "以上都没有", "环境整治",
                                        "居民议事会或协商会┋文体、娱乐活动┋环境整治"};
    char data[8192];
    size_t n = (size_t)sprintf(data, "序号,6、过去一年您参加过以下哪些社区活动?(多选)\n");
    int with_culture = 0;
    for (int i = 0; i < 60; i++) {
        const char *c = cells[i < 17 ? i % 2 * 3 : 1 + i % 2];
        with_culture += strstr(c, "文体") != NULL;
        n += (size_t)sprintf(data + n, "%d,%s\n", i + 1, c);
    }
    assert_int_equal(with_culture, 17);
    struct survey *s = load(cb, data, 0);
    assert_int_equal(s->rows_loaded, 60);
    assert_int_equal(s->rows_excluded, 0);
    const struct survey_var *v = survey_var_by_name(s, "6、过去一年您参加过以下哪些社区活动?(多选)[文体、娱乐活动]");
    assert_non_null(v);
    int chose = 0;
    for (size_t i = 0; i < s->n; i++)
        chose += v->v[i] == 1;
    assert_int_equal(chose, 17);
    survey_free(s);
    survey_codebook_free(cb);
}

/* ## Repeated headers */

static int load_error(const struct survey_codebook *cb, const char *data, struct survey_error *err)
{
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    memset(err, 0, sizeof *err);
    int rc = survey_load_mem(s, "d.csv", data, strlen(data), NULL, err);
    survey_free(s);
    return rc;
}

/* wjx heads every row of a matrix question 标题: the codebook names the
   Nth of them 标题#N, in header order; one it does not name is ignored
   with the usual warning, named 标题#N too. */
static void test_repeated_headers(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook(
        HEAD "序号,id,,,,,,,,\n"
             "标题#1,trust,邻里关系融洽,,cohesion,1,5,,说不清,1=非常不同意;2=不同意;3=一般;4=同意;5=非常同意\n"
             "标题#2,trust,愿意为社区出力,,cohesion,1,5,,说不清,1=非常不同意;2=不同意;3=一般;4=同意;5=非常同意\n"
             "备注#1,text,,,,,,,,\n");
    struct survey *s = load(cb, "序号,标题,\xC2\xA0标题,标题,备注\n"
                                "1,同意,非常同意,一般,无\n"
                                "2,不同意,说不清,同意,\n",
                            0);
    expect_var(s, "标题#1", (const int16_t[]){4, 2}, 2);
    expect_var(s, "标题#2", (const int16_t[]){5, M}, 2);
    size_t warned = 0;
    for (size_t i = 0; i < s->n_problems; i++)
        if (s->problems[i].reason == REASON_UNKNOWN_COLUMN) {
            assert_string_equal(s->problems[i].column, "标题#3");
            warned++;
        }
    assert_int_equal(warned, 1);
    survey_free(s);

    /* A header the codebook names #N for which the data has fewer. */
    struct survey_error err;
    assert_int_equal(load_error(cb, "序号,标题,备注\n1,同意,\n", &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_HEADER);
    assert_string_equal(err.message, "the codebook's column \"标题#2\" (cb.csv:4) is not in the data");
    survey_codebook_free(cb);

    /* The bare header named while it repeats: an error saying how to name
       each. */
    cb = codebook(HEAD "序号,id,,,,,,,,\n标题,trust,,,,1,5,,,\n");
    assert_int_equal(load_error(cb, "序号,标题,标题\n1,4,5\n", &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_HEADER);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.message, "column \"标题\" appears twice in the header (fields 2 and 3): "
                                     "name them \"标题#1\" and \"标题#2\" in the codebook");
    assert_int_equal(load_error(cb, "标题,序号,x,标题,标题\n4,1,,5,5\n", &err), -1);
    assert_string_equal(err.message,
                        "column \"标题\" appears 3 times in the header (fields 1, 4, …): "
                        "name them \"标题#1\", \"标题#2\", … in the codebook");
    /* Unrepeated, it is the bare header as ever. */
    s = load(cb, "序号,标题\n1,4\n", 0);
    expect_var(s, "标题", (const int16_t[]){4}, 1);
    survey_free(s);
    /* Repeated but not named: ignored, each with its warning. */
    survey_codebook_free(cb);
    cb = codebook(HEAD "序号,id,,,,,,,,\n");
    s = load(cb, "序号,标题,标题\n1,4,5\n", 0);
    assert_int_equal(s->n_problems, 2);
    assert_string_equal(s->problems[0].column, "标题#1");
    assert_string_equal(s->problems[1].column, "标题#2");
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
        cmocka_unit_test(test_numbered_options),
        cmocka_unit_test(test_fill_ins),
        cmocka_unit_test(test_decimal_codes),
        cmocka_unit_test(test_unanswered_markers),
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_separators_sixty),
        cmocka_unit_test(test_repeated_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
