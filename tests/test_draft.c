/* test_draft.c — the draft codebook (survey_codebook_draft_text) on a
 * 问卷星-shaped export: yes/no questions on taking part coded 1/2, 是/否 and
 * 1.是/2.否 proposed as participation items whose yes the loader can tell,
 * and a multiple-choice question exported one column per option (headers
 * `7、…:(志愿服务)` and `Q8_1`, answers 0/1 or 选中/未选中) proposed as the
 * `option` columns of one question with its label row; and the draft loads
 * the file it was drafted from without a rejection, each answer read as it
 * was meant.  The same for an SPSS file of that shape (written here with
 * ReadStat's writer): numbered option variables Q7_1… whose labels carry
 * the question and the option, value labels 0=未选中 and 1=选中.
 */
#include "survey/survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readstat.h>

static const char export_csv[] =
    "序号,2、您是否参加过社区志愿活动:,3、您是否参与过议事会:,4、您是否参加过文体活动:,"
    "7、您参加过哪些活动:(志愿服务),7、您参加过哪些活动:(文体活动),"
    "7、您参加过哪些活动:(党建活动),Q8_1,Q8_2,Q8_3,9、您的身份:(党员),9、您的身份:(群众),"
    "是否为党员\n"
    "1,1,是,1.是,1,0,0,选中,未选中,未选中,1,0,1\n"
    "2,2,否,2.否,0,1,0,未选中,选中,未选中,0,1,2\n"
    "3,1,是,1.是,1,1,1,选中,选中,(跳过),1,0,1\n"
    "4,2,否,2.否,0,0,-2,未选中,未选中,未选中,0,1,2\n"
    "5,-2,(跳过),1.是,0,0,0,未选中,未选中,选中,0,1,2\n";

/* The draft's row for the column headed COLUMN (without its line end), in
   LINE. */
static void row_of(const char *draft, const char *column, char *line, size_t size)
{
    char key[256];
    snprintf(key, sizeof key, "\n%s,", column);
    const char *row = strstr(draft, key);
    assert_non_null(row);
    const char *end = strchr(row + 1, '\n');
    assert_non_null(end);
    snprintf(line, size, "%.*s", (int)(end - row - 1), row + 1);
}

static char *write_export(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(export_csv, 1, sizeof export_csv - 1, f), sizeof export_csv - 1);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* PATH loaded through DRAFT (LEN bytes, freed here), its codebook in *CB:
   every record loaded, none rejected. */
static struct survey *load_with_draft(char *draft, size_t len, const char *path, struct survey_codebook **cb)
{
    struct survey_error err = {0};
    *cb = survey_codebook_parse(draft, len, "draft", &err);
    if (!*cb)
        print_error("parse: %s\n", err.message);
    free(draft);
    assert_non_null(*cb);
    struct survey *s = survey_new(*cb);
    assert_non_null(s);
    if (survey_load_file(s, path, NULL, &err) != 0)
        fail_msg("load: %s", err.message);
    assert_int_equal(s->rows_excluded, 0);
    return s;
}

static void test_draft_roles(void **state)
{
    (void)state;
    char path[] = "/tmp/canyu-draft-XXXXXX";
    write_export(path);
    struct survey_error err = {0};
    size_t len = 0;
    char *draft = survey_codebook_draft_text(path, NULL, &len, &err);
    if (!draft)
        print_error("draft: %s\n", err.message);
    assert_non_null(draft);
    char line[1024];
    /* 1/2 with a header on taking part: participation, yes 1 and no 2, the
       header's 社区 notwithstanding */
    row_of(draft, "2、您是否参加过社区志愿活动:", line, sizeof line);
    assert_non_null(strstr(line, ",participation,"));
    assert_non_null(strstr(line, ",-2,1=是;2=否,"));
    row_of(draft, "3、您是否参与过议事会:", line, sizeof line);
    assert_non_null(strstr(line, ",participation,"));
    assert_non_null(strstr(line, ",(跳过),1=是;0=否,"));
    row_of(draft, "4、您是否参加过文体活动:", line, sizeof line);
    assert_non_null(strstr(line, ",participation,"));
    assert_non_null(strstr(line, ",1=是;2=否,")); /* the numbers they came with */
    /* 1/2 without a word on taking part is not participation */
    row_of(draft, "是否为党员", line, sizeof line);
    assert_null(strstr(line, ",participation,"));
    /* option columns of one question, labelled with their option */
    row_of(draft, "7、您参加过哪些活动:(志愿服务)", line, sizeof line);
    assert_non_null(strstr(line, ",option,志愿服务,,7、您参加过哪些活动:,"));
    assert_non_null(strstr(line, "participation"));
    row_of(draft, "7、您参加过哪些活动:(党建活动)", line, sizeof line);
    assert_non_null(strstr(line, ",option,党建活动,,7、您参加过哪些活动:,,,,-2,,"));
    row_of(draft, "Q8_3", line, sizeof line);
    assert_non_null(strstr(line, ",option,Q8_3,,Q8,,,,(跳过),1=选中;0=未选中,"));
    row_of(draft, "9、您的身份:(党员)", line, sizeof line); /* not party_member */
    assert_non_null(strstr(line, ",option,党员,,9、您的身份:,"));
    row_of(draft, "7、您参加过哪些活动:", line, sizeof line);
    assert_non_null(strstr(line, "7、您参加过哪些活动:,scale,7、您参加过哪些活动:,"));
    row_of(draft, "Q8", line, sizeof line);
    assert_non_null(strstr(line, "Q8,scale,Q8,"));

    /* the draft loads its file, each answer as meant */
    struct survey_codebook *cb;
    struct survey *s = load_with_draft(draft, len, path, &cb);
    assert_int_equal(s->n, 5);
    const struct survey_var *v = survey_var_by_name(s, "2、您是否参加过社区志愿活动:");
    assert_non_null(v);
    assert_int_equal(v->role, ROLE_PARTICIPATION);
    /* yes is 1 inside; answer 2 (no) is not yes; -2 is missing */
    assert_int_equal(v->v[0], 1);
    assert_true(v->v[1] != 1 && v->v[1] != SURVEY_MISSING);
    assert_int_equal(v->v[4], SURVEY_MISSING);
    v = survey_var_by_name(s, "4、您是否参加过文体活动:");
    assert_non_null(v);
    assert_int_equal(v->v[0], 1);
    assert_true(v->v[1] != 1 && v->v[1] != SURVEY_MISSING);
    v = survey_var_by_name(s, "Q8_2");
    assert_non_null(v);
    assert_int_equal(v->role, ROLE_OPTION);
    assert_int_equal(v->v[0], 0);
    assert_int_equal(v->v[1], 1);
    v = survey_var_by_name(s, "Q8_3");
    assert_int_equal(v->v[2], SURVEY_MISSING);
    v = survey_var_by_name(s, "7、您参加过哪些活动:(党建活动)");
    assert_non_null(v);
    assert_int_equal(v->role, ROLE_OPTION);
    assert_int_equal(v->v[2], 1);
    assert_int_equal(v->v[3], SURVEY_MISSING);
    survey_free(s);
    survey_codebook_free(cb);
    unlink(path);
}

/* One column of a stem is no question of options: 0/1 stays what it was. */
static void test_draft_lone_option(void **state)
{
    (void)state;
    char path[] = "/tmp/canyu-draft-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char csv[] = "id,Q8_1,Q9_1\n1,1,0\n2,0,1\n3,1,1\n";
    assert_int_equal(write(fd, csv, sizeof csv - 1), (ssize_t)(sizeof csv - 1));
    close(fd);
    struct survey_error err = {0};
    size_t len = 0;
    char *draft = survey_codebook_draft_text(path, NULL, &len, &err);
    assert_non_null(draft);
    assert_null(strstr(draft, ",option,"));
    free(draft);
    unlink(path);
}

static ssize_t file_write(const void *data, size_t len, void *ctx)
{
    return fwrite(data, 1, len, ctx) == len ? (ssize_t)len : -1;
}

/* 问卷星's SPSS export: numbered names, the wording in variable labels, the
   answers in value labels. */
static void test_draft_sav(void **state)
{
    (void)state;
    char path[] = "/tmp/canyu-draft-sav-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    readstat_writer_t *w = readstat_writer_init();
    assert_non_null(w);
    readstat_set_data_writer(w, file_write);
    readstat_label_set_t *sex = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "sex");
    readstat_label_double_value(sex, 1, "男");
    readstat_label_double_value(sex, 2, "女");
    readstat_label_set_t *yes = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "yes");
    readstat_label_double_value(yes, 1, "是");
    readstat_label_double_value(yes, 2, "否");
    readstat_label_set_t *pick = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "pick");
    readstat_label_double_value(pick, 0, "未选中");
    readstat_label_double_value(pick, 1, "选中");
    static const char *const names[] = {"Q1", "Q2", "Q7_1", "Q7_2", "Q7_3", "Q8_1", "Q8_2"};
    static const char *const labels[] = {"1、您的性别:", "2、您是否参加过社区志愿活动:",
                                         "7、您参加过哪些活动:志愿服务", "7、您参加过哪些活动:文体活动",
                                         "7、您参加过哪些活动:党建活动", "需求一", "需求二"};
    enum { VARS = 7, ROWS = 6 };
    readstat_variable_t *var[VARS];
    for (int i = 0; i < VARS; i++) {
        var[i] = readstat_add_variable(w, names[i], READSTAT_TYPE_DOUBLE, 0);
        readstat_variable_set_label(var[i], labels[i]);
        readstat_variable_set_label_set(var[i], i == 0 ? sex : i == 1 ? yes : pick);
    }
    static const double rows[ROWS][VARS] = {{1, 1, 1, 0, 0, 1, 0}, {2, 2, 0, 1, 0, 0, 1}, {1, 1, 1, 1, 1, 1, 1},
                                            {2, 2, 0, 0, 1, 0, 0}, {1, 1, 0, 1, 0, 1, 0}, {2, 1, 1, 0, 0, 0, 1}};
    assert_int_equal(readstat_begin_writing_sav(w, f, ROWS), READSTAT_OK);
    for (int r = 0; r < ROWS; r++) {
        assert_int_equal(readstat_begin_row(w), READSTAT_OK);
        for (int i = 0; i < VARS; i++)
            assert_int_equal(readstat_insert_double_value(w, var[i], rows[r][i]), READSTAT_OK);
        assert_int_equal(readstat_end_row(w), READSTAT_OK);
    }
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    readstat_writer_free(w);
    assert_int_equal(fclose(f), 0);

    struct survey_error err = {0};
    size_t len = 0;
    char *draft = survey_codebook_draft_text(path, NULL, &len, &err);
    if (!draft)
        print_error("draft: %s\n", err.message);
    assert_non_null(draft);
    char line[1024];
    row_of(draft, "Q2", line, sizeof line);
    assert_non_null(strstr(line, ",participation,"));
    /* the question's wording goes to its label row, each option keeps its own */
    row_of(draft, "Q7_1", line, sizeof line);
    assert_non_null(strstr(line, "Q7_1,option,志愿服务,,Q7,"));
    row_of(draft, "Q7_3", line, sizeof line);
    assert_non_null(strstr(line, "Q7_3,option,党建活动,,Q7,"));
    row_of(draft, "Q7", line, sizeof line);
    assert_non_null(strstr(line, "Q7,scale,7、您参加过哪些活动:,"));
    /* labels with no common question: whole */
    row_of(draft, "Q8_2", line, sizeof line);
    assert_non_null(strstr(line, "Q8_2,option,需求二,,Q8,"));
    row_of(draft, "Q8", line, sizeof line);
    assert_non_null(strstr(line, "Q8,scale,Q8,"));

    struct survey_codebook *cb;
    struct survey *s = load_with_draft(draft, len, path, &cb);
    assert_int_equal(s->n, ROWS);
    const struct survey_var *v = survey_var_by_name(s, "Q7_2");
    assert_non_null(v);
    assert_int_equal(v->role, ROLE_OPTION);
    for (int r = 0; r < ROWS; r++)
        assert_int_equal(v->v[r], (int)rows[r][3]);
    v = survey_var_by_name(s, "Q2");
    assert_non_null(v);
    assert_int_equal(v->role, ROLE_PARTICIPATION);
    assert_int_equal(v->v[0], 1);
    assert_true(v->v[1] != 1 && v->v[1] != SURVEY_MISSING);
    survey_free(s);
    survey_codebook_free(cb);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draft_roles),
        cmocka_unit_test(test_draft_lone_option),
        cmocka_unit_test(test_draft_sav),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
