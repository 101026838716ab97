/* test_brackets.c — the age asked as brackets and the age from a birth year,
 * on a questionnaire of canyu's own (tests/data/brackets-*.csv, made by
 * tests/reference/brackets.R): every by-age figure of `canyu report --format
 * json` (the age groups, the profile, participation by age group with its
 * tests, each activity and the intensity by age group, the index by age group
 * with Kruskal-Wallis, the logistic model's terms) against R at relative
 * 1e-9; and the loader's rules for a birth year (the survey year from the
 * year cell or the option, a birth year after it, the error without either).
 */
#include "report/json.h"
#include "analysis/analysis.h"
#include "survey/survey.h"
#include "survey/survey_internal.h"

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

#define DATA "tests/data/brackets-data.csv"

/* The JSON of `canyu report` on DATA with CODEBOOK: the brackets as age
   groups when the codebook lists them (in LANG), else the default bands;
   YEAR the survey year for a birth year (0: none). */
static json_t *report(const char *codebook, enum report_lang lang, int year)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_load(codebook, &err);
    if (!cb)
        print_error("%s: %s\n", codebook, err.message);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    struct survey_load_opts opts = {.year = year};
    int rc = survey_load_file(s, DATA, &opts, &err);
    if (rc)
        print_error("%s: %s\n", DATA, err.message);
    assert_int_equal(rc, 0);
    assert_int_equal(survey_finish(s, &opts), 0);
    assert_int_equal(s->rows_excluded, 0);
    assert_int_equal(s->warnings, 0);
    struct survey_bands bands;
    if (survey_codebook_age_brackets(cb))
        rc = survey_bands_from_codebook(cb, lang == REPORT_LANG_EN, &bands, &err);
    else
        rc = survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err);
    assert_int_equal(rc, 0);
    struct an_results *r = stats_analyse(s, &bands, NULL, &err);
    assert_non_null(r);
    survey_free(s);
    survey_codebook_free(cb);
    survey_bands_free(&bands);
    json_t *root = report_json_report(r, lang, "test");
    stats_results_free(r);
    assert_non_null(root);
    return root;
}

static json_t *at(json_t *o, const char *path)
{
    char key[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)n, path);
        o = json_is_array(o) ? json_array_get(o, strtoul(key, NULL, 10)) : json_object_get(o, key);
        path += n + (path[n] == '.');
    }
    if (!o)
        print_error("no %s in canyu's JSON\n", path);
    assert_non_null(o);
    return o;
}

/* canyu's by-age figures in the shape brackets.R writes them. */
static json_t *by_age(json_t *root)
{
    json_t *part = at(root, "participation"), *acts = json_array();
    for (size_t k = 0; k < json_array_size(at(part, "activities")); k++)
        json_array_append(acts, at(json_array_get(at(part, "activities"), k), "by_age_group"));
    json_t *scale = at(root, "likert.scales.0"), *terms = json_array();
    json_t *logit = at(root, "association.logistic");
    for (size_t k = 0; k < json_array_size(at(logit, "terms")); k++) {
        json_t *t = json_deep_copy(json_array_get(at(logit, "terms"), k));
        json_array_append_new(terms, t);
    }
    return json_pack("{sO sO s{sO sO so sO} s{sO sO} s{sO so}}", "age_bands",
                     at(root, "age_bands"), "profile_age_group", at(root, "profile.age_group"),
                     "participation", "by_age_group", at(part, "by_age_group"), "test_age_group",
                     at(part, "test_age_group"), "activities_by_age_group", acts,
                     "intensity_by_age_group", at(part, "intensity.by_age_group"), "index",
                     "by_age_group", at(scale, "by_age_group"), "test_age_group",
                     at(scale, "test_age_group"), "logistic", "n", at(logit, "n"), "terms",
                     terms);
}

static json_t *reference(const char *key)
{
    json_error_t jerr;
    json_t *all = json_load_file("tests/reference/brackets.json", 0, &jerr);
    if (!all)
        print_error("%s; regenerate with Rscript tests/reference/brackets.R\n", jerr.text);
    assert_non_null(all);
    json_t *want = json_incref(json_object_get(all, key));
    json_decref(all);
    assert_non_null(want);
    return want;
}

static void compare(json_t *want, json_t *got, const char *what, size_t at_least)
{
    char path[1024] = "";
    struct walk w = {0};
    assert_non_null(got);
    walk(want, got, path, sizeof path, &w);
    print_message("%s: %zu numbers, %zu nulls and %zu strings compared with R, %zu mismatches; "
                  "largest relative difference %.2g (%s)\n",
                  what, w.numbers, w.nulls, w.others, w.mismatches, w.max_rel,
                  w.max_path[0] ? w.max_path : "-");
    assert_true(w.numbers >= at_least);
    assert_int_equal(w.mismatches, 0);
}

static void test_brackets_against_r(void **state)
{
    (void)state;
    json_t *root = report("tests/data/brackets-codebook.csv", REPORT_LANG_ZH, 0);
    json_t *got = by_age(root), *want = reference("brackets_zh");
    compare(want, got, "brackets", 150);
    /* The reference group of the model is the first bracket. */
    assert_string_equal(json_string_value(at(root, "association.logistic.terms.1.term")),
                        "age_group=30-39岁");
    json_decref(got);
    json_decref(want);
    json_decref(root);
    /* In English, the brackets' English labels. */
    root = report("tests/data/brackets-codebook.csv", REPORT_LANG_EN, 0);
    want = reference("brackets_en");
    got = json_pack("{sO}", "age_bands", at(root, "age_bands"));
    compare(want, got, "brackets (en)", 0);
    assert_string_equal(json_string_value(at(root, "association.logistic.terms.4.term")),
                        "age_group=60+");
    json_decref(got);
    json_decref(want);
    json_decref(root);
}

static void test_birth_year_against_r(void **state)
{
    (void)state;
    json_t *root = report("tests/data/brackets-birth-codebook.csv", REPORT_LANG_ZH, 2024);
    json_t *got = by_age(root), *want = reference("birth_year");
    compare(want, got, "birth year", 150);
    json_decref(got);
    json_decref(want);
    json_decref(root);
}

static struct survey_codebook *codebook(const char *text)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_parse(text, strlen(text), "cb.csv", &err);
    if (!cb)
        print_error("%s\n", err.message);
    assert_non_null(cb);
    return cb;
}

/* The survey year: the year cell, else the option; an age below 0 is out of
   range; a birth year with neither a year column nor the option is an error
   naming the codebook's line. */
static void test_birth_year_rules(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook("column,role,min,max\nid,id,,\nyear,year,,\n"
                                          "born,birth_year,1900,2030\n");
    const char data[] = "id,year,born\n1,2024,1990\n2,,1990\n3,2020,2021\n4,2024,1899\n5,2024,\n"
                        "6,2024,x\n";
    struct survey_error err = {0};
    struct survey *s = survey_new(cb);
    struct survey_load_opts opts = {.year = 2000};
    assert_int_equal(survey_load_mem(s, "d.csv", data, sizeof data - 1, &opts, &err), 0);
    assert_int_equal(survey_finish(s, &opts), 0);
    const struct survey_var *age = survey_var_by_role(s, ROLE_AGE);
    assert_non_null(age);
    assert_string_equal(age->name, "born");
    assert_int_equal(s->n, 3);
    assert_int_equal(age->v[0], 34);
    assert_int_equal(age->v[1], 10); /* no year cell: --year */
    assert_int_equal(age->v[2], SURVEY_MISSING);
    assert_int_equal(s->rows_excluded, 3);
    assert_int_equal(s->problems[0].reason, REASON_OUT_OF_RANGE);
    assert_int_equal(s->problems[0].line, 4);
    assert_string_equal(s->problems[0].column, "born");
    assert_string_equal(s->problems[0].value, "2021");
    assert_string_equal(s->problems[0].detail, "born in 2021, after the survey year 2020");
    assert_int_equal(s->problems[1].reason, REASON_OUT_OF_RANGE); /* outside 1900..2030 */
    assert_int_equal(s->problems[2].reason, REASON_INVALID_VALUE);
    survey_free(s);
    /* --lenient: missing, and a warning. */
    s = survey_new(cb);
    opts = (struct survey_load_opts){.lenient = 1};
    assert_int_equal(survey_load_mem(s, "d.csv", data, sizeof data - 1, &opts, &err), 0);
    age = survey_var_by_role(s, ROLE_AGE);
    assert_int_equal(s->n, 6);
    assert_int_equal(s->warnings, 3);
    assert_int_equal(age->v[1], SURVEY_MISSING); /* no year cell, no option */
    assert_int_equal(age->v[2], SURVEY_MISSING);
    survey_free(s);
    survey_codebook_free(cb);
    /* No year column: the option, else an error. */
    cb = codebook("column,role,min,max\nid,id,,\nborn,birth_year,,\n");
    const char d2[] = "id,born\n1,1990\n";
    s = survey_new(cb);
    assert_int_equal(survey_load_mem(s, "d.csv", d2, sizeof d2 - 1, NULL, &err), -1);
    assert_int_equal(err.code, SURVEY_ERR_CODEBOOK);
    assert_string_equal(err.file, "cb.csv");
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message,
                        "birth_year needs the survey year: add a year column or give --year");
    survey_free(s);
    s = survey_new(cb);
    opts = (struct survey_load_opts){.year = 2024};
    assert_int_equal(survey_load_mem(s, "d.csv", d2, sizeof d2 - 1, &opts, &err), 0);
    assert_int_equal(survey_var_by_role(s, ROLE_AGE)->v[0], 34);
    survey_free(s);
    survey_codebook_free(cb);
}

/* Bracket cells as platforms write them; a number naming another bracket
   is invalid. */
static void test_bracket_cells(void **state)
{
    (void)state;
    struct survey_codebook *cb =
        codebook("column,role,missing,values\nid,id,,\na,age,说不清,1=18-29岁;2=30-59岁;3=60岁及以上\n");
    const char data[] = "id,a\n1,1\n2,2.0\n3,3.60岁及以上\n4,30-59岁\n5,说不清\n6,2.18-29岁\n7,45\n";
    struct survey_error err = {0};
    struct survey *s = survey_new(cb);
    assert_int_equal(survey_load_mem(s, "d.csv", data, sizeof data - 1, NULL, &err), 0);
    const struct survey_var *age = survey_var_by_role(s, ROLE_AGE);
    assert_int_equal(s->n, 5);
    int want[] = {1, 2, 3, 2, SURVEY_MISSING};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(age->v[i], want[i]);
    assert_int_equal(s->rows_excluded, 2);
    assert_string_equal(s->problems[0].detail,
                        "the option number 2 is not that of \"18-29岁\" (code 1)");
    assert_string_equal(s->problems[1].detail, "not one of the listed answers");
    survey_free(s);
    survey_codebook_free(cb);
}

/* Raking margins name a bracket by its code or either label. */
static void test_bracket_margins(void **state)
{
    (void)state;
    struct survey_codebook *cb = codebook("column,role,values\nid,id,\n"
                                          "a,age,1=18-39岁|18-39;2=40岁及以上|40+\n"
                                          "p,participation,\n");
    const char data[] = "id,a,p\n1,1,1\n2,1,0\n3,1,1\n4,2,0\n";
    struct survey_error err = {0};
    struct survey *s = survey_new(cb);
    assert_int_equal(survey_load_mem(s, "d.csv", data, sizeof data - 1, NULL, &err), 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    char path[] = "/tmp/canyu-margins-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("variable,category,share\nage_group,1,0.5\nage_group,40+,0.5\n", f);
    fclose(f);
    struct survey_margins m = {0};
    assert_int_equal(survey_margins_load(path, &m, &err), 0);
    remove(path);
    struct survey_bands bands;
    assert_int_equal(survey_bands_from_codebook(cb, 0, &bands, &err), 0);
    struct an_results *r = stats_analyse(s, &bands, &m, &err);
    if (!r)
        print_error("%s\n", err.message);
    assert_non_null(r);
    assert_int_equal(r->weighting, AN_WEIGHT_RAKING);
    assert_true(fabs(r->age_group[0].share - 0.5) < 1e-12);
    assert_string_equal(r->age_bands[1], "40岁及以上");
    stats_results_free(r);
    survey_bands_free(&bands);
    survey_margins_free(&m);
    survey_free(s);
    survey_codebook_free(cb);
}

/* What the draft takes for a bracket, and its order. */
static void test_bracket_text(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        double key;
    } yes[] = {{"18-29岁", 18},   {"18～29周岁", 18}, {"30至39岁", 30}, {"40-59", 40},
               {"60岁以上", 60},  {"60岁及以上", 60}, {"60+", 60},      {"70岁或以上", 70},
               {"18岁以下", -982}, {"17岁及以下", -983}, {" 50—59岁 ", 50}};
    static const char *const no[] = {"18",       "岁",     "29-18岁", "18-29岁以上", "老年",
                                     "60岁以上吧", "200岁以上", "-18岁", ""};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        double key = 0;
        if (!text_age_bracket(yes[i].s, strlen(yes[i].s), &key))
            fail_msg("\"%s\" is a bracket", yes[i].s);
        assert_true(key == yes[i].key);
    }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        double key;
        if (text_age_bracket(no[i], strlen(no[i]), &key))
            fail_msg("\"%s\" is no bracket", no[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_brackets_against_r),
        cmocka_unit_test(test_birth_year_against_r),
        cmocka_unit_test(test_birth_year_rules),
        cmocka_unit_test(test_bracket_cells),
        cmocka_unit_test(test_bracket_margins),
        cmocka_unit_test(test_bracket_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
