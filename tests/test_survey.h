/* test_survey.h — the small questionnaire of the loader's tests
 * (test_survey.c, test_survey_rules.c) and the helpers both use: its
 * codebook, a load at a chunk size, the k-th rejection.  Include after
 * <cmocka.h> and survey/survey.h.
 */
#ifndef CANYU_TESTS_TEST_SURVEY_H
#define CANYU_TESTS_TEST_SURVEY_H

#include <string.h>

/* A small questionnaire exercising every role the loader types. */
static const char CODEBOOK[] =
    "column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n"
    "id,id,编号,ID,,,,,,\n"
    "community,community,社区,Community,,,,,,1=长安社区;2=南城社区\n"
    "gender,gender,性别,Gender,,,,,,1=男;2=女\n"
    "age,age,年龄,Age,,16,100,,,\n"
    "act_a,participation,活动甲,Activity A,,,,,9,\n"
    "sat_a,satisfaction,满意甲,Sat A,svc,1,5,,9;说不清,1=非常不满意;2=不满意;3=一般;4=满意;5=非常满意\n"
    "sat_b,satisfaction,满意乙,Sat B,svc,1,5,1,9;说不清,\n"
    "dur,duration,用时,Time,,,,,,\n"
    "note,text,备注,Note,,,,,,\n";

static const char HEADER[] = "id,community,gender,age,act_a,sat_a,sat_b,dur,note\n";

static struct survey_codebook *codebook(void)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(CODEBOOK, strlen(CODEBOOK), "cb.csv", &err);
    if (!cb)
        fail_msg("codebook: %s:%ld: %s", err.file, err.line, err.message);
    return cb;
}

/* Load DATA with the test codebook at chunk size CHUNK; *RC gets the status. */
static struct survey *load(struct survey_codebook *cb, const char *data, size_t len, size_t chunk,
                           int lenient, int *rc, struct survey_error *err)
{
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    struct survey_load_opts o = {.chunk_size = chunk, .lenient = lenient};
    memset(err, 0, sizeof *err);
    *rc = survey_load_mem(s, "d.csv", data, len, &o, err);
    if (*rc == 0)
        assert_int_equal(survey_finish(s, &o), 0);
    return s;
}

static const struct survey_problem *nth_reject(const struct survey *s, size_t k)
{
    for (size_t i = 0; i < s->n_problems; i++)
        if (survey_reason_rejects(s->problems[i].reason) && k-- == 0)
            return &s->problems[i];
    return NULL;
}

#endif
