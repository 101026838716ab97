/* test_questions.c — the "questions" of `canyu report --format json` on a
 * questionnaire of canyu's own (tests/data/any-*.csv: single questions with
 * and without values, numbers and numeric questions with decimals, missing
 * codes, a Likert scale with its label row) against R
 * (tests/reference/questions.R), grouped by age group and by --by 住房,
 * unweighted and weighted; and the codebook's new roles and the loader's
 * handling of them.
 */
#include "report/json.h"
#include "report/document.h"
#include "report/csv_results.h"
#include "analysis/analysis.h"
#include "survey/survey.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REL 1e-9
#define ABS 1e-12

#include "tests/json_walk.h"

struct run {
    struct survey_codebook *cb;
    struct survey *s;
};

static struct run load(const char *codebook, const char *data)
{
    struct survey_error err = {0};
    struct run r = {survey_codebook_load(codebook, &err), NULL};
    if (!r.cb)
        print_error("codebook: %s\n", err.message);
    assert_non_null(r.cb);
    assert_non_null(r.s = survey_new(r.cb));
    int rc = survey_load_file(r.s, data, NULL, &err);
    if (rc)
        print_error("%s: %s\n", data, err.message);
    assert_int_equal(rc, 0);
    assert_int_equal(survey_finish(r.s, NULL), 0);
    return r;
}

static void unload(struct run *r)
{
    survey_free(r->s);
    survey_codebook_free(r->cb);
}

/* canyu's "questions" on CODEBOOK's questionnaire, by age group and 住房,
   against R's REFERENCE; more than MIN_NUMBERS numbers compared. */
static void against_r(const char *codebook, const char *reference, size_t min_numbers)
{
    struct run run = load(codebook, "tests/data/any-data.csv");
    assert_int_equal(run.s->rows_excluded, 0);
    struct survey_error err = {0};
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    const char *by[] = {"住房"};
    struct an_options opt = {.by = by, .n_by = 1};
    struct an_results *r = stats_analyse_with(run.s, &bands, NULL, &opt, &err);
    assert_non_null(r);
    unload(&run);
    survey_bands_free(&bands);
    json_t *root = report_json_report(r, REPORT_LANG_ZH, "test");
    stats_results_free(r);
    assert_non_null(root);
    json_t *got = json_pack("{sO}", "questions", json_object_get(root, "questions"));
    json_decref(root);
    json_error_t jerr;
    json_t *want = json_load_file(reference, 0, &jerr);
    if (!want)
        print_error("%s; regenerate with Rscript tests/reference/questions.R\n", jerr.text);
    assert_non_null(want);
    assert_non_null(got);
    char path[1024] = "";
    struct walk w = {0};
    walk(want, got, path, sizeof path, &w);
    print_message("%s: %zu numbers, %zu nulls and %zu strings compared with R, %zu "
                  "mismatches; largest relative difference %.2g (%s)\n",
                  reference, w.numbers, w.nulls, w.others, w.mismatches, w.max_rel,
                  w.max_path[0] ? w.max_path : "-");
    json_decref(want);
    json_decref(got);
    assert_true(w.numbers > min_numbers);
    assert_int_equal(w.mismatches, 0);
}

static void test_against_r(void **state)
{
    (void)state;
    against_r("tests/data/any-codebook.csv", "tests/reference/questions-any.json", 500);
}

/* The same questionnaire weighted by its column 权重 (one weight blank, so
   0): weighted shares, intervals on Kish's effective n, weighted means and
   SDs, % of responses and of cases; counts, n and tests unweighted. */
static void test_weighted_against_r(void **state)
{
    (void)state;
    against_r("tests/data/any-codebook-weighted.csv", "tests/reference/questions-any-weighted.json",
              500);
}

/* The multiple-response questions as loaded: the ┋ column's options (one
   with 、 in its label, so 、 does not split), fill-ins, codes, the skip
   marker; the option columns with their missing code. */
static void test_multi_loaded(void **state)
{
    (void)state;
    struct run run = load("tests/data/any-codebook.csv", "tests/data/any-data.csv");
    const struct survey *s = run.s;
    const struct survey_var *tv = survey_var_by_name(s, "信息渠道[电视、广播]");
    const struct survey_var *other = survey_var_by_name(s, "信息渠道[其他]");
    assert_non_null(tv);
    assert_non_null(other);
    assert_int_equal(tv->role, ROLE_MULTI);
    assert_int_equal(tv->option, 4);
    assert_string_equal(tv->label_en, "TV or radio");
    /* Respondent 1 answered 电视、广播 alone; 2: 微信群┋居委会上门┋电视、广播. */
    assert_int_equal(tv->v[0], 1);
    assert_int_equal(survey_var_by_name(s, "信息渠道[微信群]")->v[0], 0);
    assert_int_equal(survey_var_by_name(s, "信息渠道[微信群]")->v[1], 1);
    size_t skipped = 0, others = 0;
    for (size_t i = 0; i < s->n; i++) {
        skipped += tv->v[i] == SURVEY_MISSING;
        others += other->v[i] == 1;
    }
    assert_true(skipped > 0 && skipped < s->n);
    assert_true(others > 0);
    const struct survey_var *n3 = survey_var_by_name(s, "需求3");
    assert_int_equal(n3->role, ROLE_OPTION);
    size_t missing = 0;
    for (size_t i = 0; i < s->n; i++)
        missing += n3->v[i] == SURVEY_MISSING;
    assert_true(missing > 0);
    unload(&run);

    /* An option not listed is an invalid value; --lenient makes it missing. */
    const char cbtext[] = "column,role,missing,values\nid,id,,\nm,multi,(跳过),1=甲;2=乙、丙;3=丁\n";
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(cbtext, sizeof cbtext - 1, "cb", &err);
    assert_non_null(cb);
    struct survey *sv = survey_new(cb);
    const char data[] = "id,m\n1,甲┋乙、丙\n2,戊\n3,(跳过)\n4,丁〖自填〗┋1\n";
    struct survey_load_opts opts = {0};
    assert_int_equal(survey_load_mem(sv, "d.csv", data, sizeof data - 1, &opts, &err), 0);
    assert_int_equal(survey_finish(sv, &opts), 0);
    assert_int_equal(sv->n, 3);
    assert_int_equal(sv->rows_excluded, 1);
    assert_string_equal(sv->problems[0].detail, "option \"戊\" is not one of the listed options");
    const struct survey_var *b = survey_var_by_name(sv, "m[乙、丙]");
    assert_int_equal(b->v[0], 1);
    assert_int_equal(b->v[1], SURVEY_MISSING);
    assert_int_equal(survey_var_by_name(sv, "m[甲]")->v[2], 1);
    assert_int_equal(survey_var_by_name(sv, "m[丁]")->v[2], 1);
    survey_free(sv);
    survey_codebook_free(cb);
}

/* The new roles as loaded: numbers with decimals, categories from the data,
   the scale label row, bounds. */
static void test_roles_loaded(void **state)
{
    (void)state;
    struct run run = load("tests/data/any-codebook.csv", "tests/data/any-data.csv");
    const struct survey *s = run.s;
    const struct survey_var *inc = survey_var_by_name(s, "月收入");
    assert_non_null(inc);
    assert_int_equal(inc->role, ROLE_NUMERIC);
    assert_non_null(inc->d);
    /* The first respondent's income has a decimal (a number with decimals
       survives as a double, not an int16). */
    size_t with_fraction = 0;
    for (size_t i = 0; i < s->n; i++)
        with_fraction += !isnan(inc->d[i]) && inc->d[i] != floor(inc->d[i]);
    assert_true(with_fraction > 10);
    const struct survey_var *house = survey_var_by_name(s, "住房");
    assert_true(house->from_data);
    assert_int_equal(house->n_values, 4);
    const struct survey_var *hh = survey_var_by_name(s, "家庭人口");
    assert_true(hh->from_data);
    /* All numbers: numeric order, coded by themselves; 9 is missing. */
    assert_int_equal(hh->n_values, 5);
    for (size_t k = 0; k < 5; k++)
        assert_int_equal(hh->values[k].code, (int)k + 1);
    assert_string_equal(survey_scale_label(run.cb, "neighbourhood", 0), "邻里关系");
    assert_string_equal(survey_scale_label(run.cb, "neighbourhood", 1), "Neighbourhood ties");
    assert_string_equal(survey_scale_label(run.cb, "other", 1), "other");
    assert_int_equal(survey_var_by_name(s, "邻里1")->role, ROLE_LIKERT);
    char why[256];
    assert_int_equal(an_by_check(s, "住房", why, sizeof why), 0);
    assert_int_equal(an_by_check(s, "月收入", why, sizeof why), -1);
    assert_non_null(strstr(why, "numeric"));
    assert_int_equal(an_by_check(s, "nope", why, sizeof why), -1);
    unload(&run);
}

static void test_numeric_bounds(void **state)
{
    (void)state;
    const char cbtext[] = "column,role,min,max,missing\nid,id,,,\nx,numeric,0,2.5,-1\n";
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(cbtext, sizeof cbtext - 1, "cb", &err);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    const char data[] = "id,x\n1,2.25\n2,2.6\n3,-1\n4,\n5,abc\n";
    struct survey_load_opts opts = {0};
    assert_int_equal(survey_load_mem(s, "d.csv", data, sizeof data - 1, &opts, &err), 0);
    assert_int_equal(survey_finish(s, &opts), 0);
    assert_int_equal(s->n, 3);
    assert_int_equal(s->rows_excluded, 2);
    const struct survey_var *x = survey_var_by_name(s, "x");
    assert_true(x->d[0] == 2.25);
    assert_true(isnan(x->d[1]) && isnan(x->d[2]));
    survey_free(s);
    survey_codebook_free(cb);
    const char bad[] = "column,role,min,max\nx,numeric,3,1.5\nn,scale,,,\nn,scale,,,\n";
    assert_null(survey_codebook_parse(bad, sizeof bad - 1, "cb", &err));
    assert_true(survey_error_count(&err) >= 2);
}

/* A draft codebook proposes multi for a ┋-joined column that does not read
   like participation, with a note, and the draft loads the file. */
static void test_draft_multi(void **state)
{
    (void)state;
    struct survey_error err = {0};
    size_t len = 0;
    char *draft = survey_codebook_draft_text("tests/data/any-data.csv", NULL, &len, &err);
    if (!draft)
        print_error("draft: %s\n", err.message);
    assert_non_null(draft);
    const char *row = strstr(draft, "\n信息渠道,");
    assert_non_null(row);
    const char *end = strchr(row + 1, '\n');
    assert_non_null(end);
    char line[1024];
    snprintf(line, sizeof line, "%.*s", (int)(end - row - 1), row + 1);
    assert_non_null(strstr(line, "信息渠道,multi,"));
    assert_non_null(strstr(line, "微信群"));
    assert_non_null(strstr(line, "(跳过)"));
    assert_non_null(strstr(line, "multiple-response question"));
    struct survey_codebook *cb = survey_codebook_parse(draft, len, "draft", &err);
    free(draft);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    assert_int_equal(survey_load_file(s, "tests/data/any-data.csv", NULL, &err), 0);
    assert_int_equal(s->rows_excluded, 0);
    assert_int_equal(survey_var_by_name(s, "信息渠道[微信群]")->role, ROLE_MULTI);
    survey_free(s);
    survey_codebook_free(cb);
}

/* The text report of CODEBOOK's questionnaire in LANG, as a string (the
   caller frees it). */
static char *report_text(const char *codebook, enum report_lang lang)
{
    struct run run = load(codebook, "tests/data/any-data.csv");
    struct survey_error err = {0};
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_results *r = stats_analyse_with(run.s, &bands, NULL, NULL, &err);
    assert_non_null(r);
    unload(&run);
    survey_bands_free(&bands);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    struct report_options o = {.format = REPORT_FORMAT_TEXT, .width = 100};
    assert_int_equal(report_document_render(r, lang, &o, f), 0);
    assert_int_equal(fclose(f), 0);
    stats_results_free(r);
    return text;
}

/* The questions section shows a multiple-response question as SPSS does,
   with the note on its cases, and says whether it is weighted. */
static void test_multi_in_report(void **state)
{
    (void)state;
    char *en = report_text("tests/data/any-codebook.csv", REPORT_LANG_EN);
    assert_non_null(strstr(en, "Where you hear about community affairs: multiple response"));
    assert_non_null(strstr(en, "% of responses"));
    assert_non_null(strstr(en, "% of cases"));
    assert_non_null(strstr(en, "Community services most needed by Age group (% of each group's cases)"));
    assert_non_null(strstr(en, "who chose at least one option"));
    assert_non_null(strstr(en, "Unweighted."));
    assert_null(strstr(en, "Shares and means are weighted"));
    free(en);
    char *zh = report_text("tests/data/any-codebook-weighted.csv", REPORT_LANG_ZH);
    assert_non_null(strstr(zh, "了解社区事务的渠道：多选题各选项"));
    assert_non_null(strstr(zh, "个案百分比"));
    assert_non_null(strstr(zh, "各项检验也未加权"));
    /* Labels, never the question's bare scale name. */
    assert_null(strstr(zh, "needs"));
    free(zh);
}

/* Option columns of two questions interleaved: each question where its
   first column is, its options in codebook order coded 1..k; a multi
   column's code 0 is an option; cases by each rule. */
static void test_option_questions(void **state)
{
    (void)state;
    const char cbtext[] = "column,role,label_zh,scale,missing,values\n"
                          "id,id,,,,\n"
                          "a1,option,甲一,qa,,\n"
                          "b1,option,乙一,qb,,\n"
                          "m,multi,多选,,,0=无;1=有\n"
                          "a2,option,甲二,qa,9,\n"
                          "qa,scale,问题甲,,,\n";
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(cbtext, sizeof cbtext - 1, "cb", &err);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    const char data[] = "id,a1,b1,m,a2\n1,1,0,无,1\n2,0,0,有┋无,9\n3,,1,,0\n4,0,1,有,0\n";
    struct survey_load_opts opts = {0};
    assert_int_equal(survey_load_mem(s, "d.csv", data, sizeof data - 1, &opts, &err), 0);
    assert_int_equal(survey_finish(s, &opts), 0);
    assert_int_equal(s->n, 4);
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_results *r = stats_analyse(s, &bands, NULL, &err);
    assert_non_null(r);
    assert_int_equal(r->n_questions, 3);
    const struct an_question *qa = &r->questions[0], *qb = &r->questions[1],
                             *qm = &r->questions[2];
    assert_string_equal(qa->column, "qa");
    assert_string_equal(qa->label_zh, "问题甲");
    assert_int_equal(qa->type, AN_Q_MULTI);
    assert_int_equal(qa->n_cat, 2);
    assert_string_equal(qa->cat[1].label, "甲二");
    assert_int_equal(qa->cat[1].code, 2);
    /* Cases: at least one option chosen (respondent 1 only). */
    assert_true(qa->cases == 1 && qa->responses == 2);
    assert_true(qa->cat[0].share == 1 && qa->of_responses[0] == 0.5);
    assert_string_equal(qb->column, "qb");
    assert_string_equal(qb->label_zh, "qb");
    assert_true(qb->cases == 2 && qb->cat[0].n == 2);
    /* The multi column: cases are the non-missing cells (1, 2, 4). */
    assert_string_equal(qm->column, "m");
    assert_int_equal(qm->cat[0].code, 0);
    assert_true(qm->cases == 3 && qm->responses == 4);
    assert_true(fabs(qm->cat[1].share - 2.0 / 3) < 1e-15);
    assert_true(qm->of_responses[0] == 0.5);
    stats_results_free(r);
    survey_bands_free(&bands);
    survey_free(s);
    survey_codebook_free(cb);
}

/* -f csv names a question's group counts and shares by its categories or
   options, and its residuals by category and group. */
static void test_questions_csv(void **state)
{
    (void)state;
    struct run run = load("tests/data/any-codebook.csv", "tests/data/any-data.csv");
    struct survey_error err = {0};
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_results *r = stats_analyse_with(run.s, &bands, NULL, NULL, &err);
    assert_non_null(r);
    unload(&run);
    survey_bands_free(&bands);
    json_t *root = report_json_report(r, REPORT_LANG_EN, "test");
    stats_results_free(r);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(report_csv_results(root, f), 0);
    assert_int_equal(fclose(f), 0);
    json_decref(root);
    assert_non_null(strstr(text, "questions,[信息渠道].by[age_group].groups,18-29,WeChat groups,counts,"));
    assert_non_null(strstr(text, "questions,[needs].by[age_group].groups,70+,Legal advice,shares,"));
    assert_non_null(strstr(text, "questions,options,needs,Childcare,pct_of_cases,"));
    assert_non_null(
        strstr(text, "questions,[文化程度].by[age_group].test,Primary or less,18-29,adjusted_residuals,"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_r),
        cmocka_unit_test(test_weighted_against_r),
        cmocka_unit_test(test_multi_loaded),
        cmocka_unit_test(test_draft_multi),
        cmocka_unit_test(test_multi_in_report),
        cmocka_unit_test(test_option_questions),
        cmocka_unit_test(test_questions_csv),
        cmocka_unit_test(test_roles_loaded),
        cmocka_unit_test(test_numeric_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
