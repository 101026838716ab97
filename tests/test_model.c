/* test_model.c — the logistic model of taking part (analysis/association.c,
 * analysis/model.c) against R's glm(family = binomial).
 *
 * Three models are compared, at relative 1e-9, with fixtures from R: the
 * default model of the Boli sample (tests/reference/analysis.R, the
 * association.logistic object of analysis-boli-2024.json), and on a
 * questionnaire without an age column (tests/reference/model.R: 200 generated
 * respondents with gender, a single question, a numeric question and a
 * likert scale) its default model — gender and the index, where the model
 * used to be empty — and the model --model 文化程度,月收入,neighbourhood; and
 * the Boli sample with community in the model, whose million possible
 * predictor patterns make canyu fit the respondents one by one.
 * Every key of the logistic object is compared both ways: outcome, n,
 * converged, each term's name, coef, se, z, p_value, odds_ratio, or_ci_low
 * and or_ci_high, and the reference levels.
 *
 * Then what cannot be estimated — a factor with one level among the complete
 * cases, a scale nobody answered in full — is left out with a note, never a
 * NaN or an empty model; and the finding names the significant term with
 * the largest |log odds ratio|, not the largest |z|.
 *
 * Run from the repository root (the data are read by relative path).
 */
#include "analysis/analysis.h"
#include "report/json.h"
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

#include <gsl/gsl_errno.h>

#define REL 1e-9
#define ABS 1e-12

#include "tests/json_walk.h"

#define MODEL_DATA "tests/data/model-data.csv"
#define MODEL_CODEBOOK "tests/data/model-codebook.csv"

/* A loaded survey with its codebook. */
struct loaded {
    struct survey_codebook *cb;
    struct survey *s;
};

static struct loaded load(const char *file, const char *codebook)
{
    struct survey_error err = {0};
    struct loaded l;
    l.cb = codebook ? survey_codebook_load(codebook, &err) : survey_codebook_default(&err);
    if (!l.cb)
        print_error("codebook: %s\n", err.message);
    assert_non_null(l.cb);
    l.s = survey_new(l.cb);
    assert_non_null(l.s);
    int rc = survey_load_file(l.s, file, NULL, &err);
    if (rc)
        print_error("%s: %s\n", file, err.message);
    assert_int_equal(rc, 0);
    assert_int_equal(survey_finish(l.s, NULL), 0);
    assert_int_equal(l.s->rows_excluded, 0);
    return l;
}

static void unload(struct loaded *l)
{
    survey_free(l->s);
    survey_codebook_free(l->cb);
}

/* The results of L with the predictors MODEL (N of them; 0: the default). */
static struct an_results *analyse(const struct loaded *l, const char *const *model, size_t n)
{
    struct survey_error err = {0};
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_options opt = {.model = model, .n_model = n};
    for (size_t k = 0; k < n; k++) {
        char why[512];
        if (an_model_check(l->s, model[k], why, sizeof why) < 0)
            print_error("%s\n", why);
        assert_int_equal(an_model_check(l->s, model[k], why, sizeof why), 0);
    }
    struct an_results *r = stats_analyse_with(l->s, &bands, NULL, &opt, &err);
    if (!r)
        print_error("stats_analyse: %s\n", err.message);
    assert_non_null(r);
    survey_bands_free(&bands);
    return r;
}

/* The association.logistic object of R's JSON, through text and back. */
static json_t *logistic_of(const struct an_results *r)
{
    json_t *root = report_json_report(r, REPORT_LANG_EN, "test");
    assert_non_null(root);
    char *text = json_dumps(root, JSON_REAL_PRECISION(17));
    assert_non_null(text);
    json_decref(root);
    json_error_t jerr;
    root = json_loads(text, 0, &jerr);
    free(text);
    assert_non_null(root);
    json_t *lg = json_object_get(json_object_get(root, "association"), "logistic");
    assert_non_null(lg);
    json_incref(lg);
    json_decref(root);
    return lg;
}

/* GOT against WANT (both consumed), every key both ways. */
static void check(const char *name, json_t *want, json_t *got)
{
    assert_non_null(want);
    char path[1024] = "";
    struct walk w = {0};
    walk(want, got, path, sizeof path, &w);
    print_message("%s: %zu numbers and %zu strings/booleans compared with R, %zu mismatch%s; "
                  "largest relative difference %.2g (%s)\n",
                  name, w.numbers, w.others, w.mismatches, w.mismatches == 1 ? "" : "es",
                  w.max_rel, w.max_path[0] ? w.max_path : "-");
    json_decref(want);
    json_decref(got);
    assert_true(w.numbers >= 16);
    if (w.mismatches)
        fail_msg("%zu figure%s of %s differ from R (listed above)", w.mismatches,
                 w.mismatches == 1 ? "" : "s", name);
}

static json_t *fixture(const char *path)
{
    json_error_t jerr;
    json_t *j = json_load_file(path, 0, &jerr);
    if (!j)
        print_error("%s: %s (line %d); regenerate with Rscript tests/reference/model.R\n", path,
                    jerr.text, jerr.line);
    return j;
}

/* ## Against R */

static void test_boli_default(void **state)
{
    (void)state;
    struct loaded l = load("samples/boli-2024.csv", NULL);
    struct an_results *r = analyse(&l, NULL, 0);
    unload(&l);
    json_t *all = fixture("tests/reference/analysis-boli-2024.json");
    assert_non_null(all);
    json_t *want = json_object_get(json_object_get(all, "association"), "logistic");
    json_incref(want);
    json_decref(all);
    check("boli-2024 default model", want, logistic_of(r));
    stats_results_free(r);
}

static void test_no_age_default(void **state)
{
    (void)state;
    struct loaded l = load(MODEL_DATA, MODEL_CODEBOOK);
    struct an_results *r = analyse(&l, NULL, 0);
    unload(&l);
    check("model-data default model", fixture("tests/reference/model-default.json"),
          logistic_of(r));
    stats_results_free(r);
}

static void test_no_age_terms(void **state)
{
    (void)state;
    struct loaded l = load(MODEL_DATA, MODEL_CODEBOOK);
    const char *const model[] = {"文化程度", "月收入", "neighbourhood"};
    struct an_results *r = analyse(&l, model, 3);
    unload(&l);
    check("model-data --model 文化程度,月收入,neighbourhood",
          fixture("tests/reference/model-terms.json"), logistic_of(r));
    stats_results_free(r);
}

/* Over a million possible patterns: the respondents are fitted one by one. */
static void test_boli_community(void **state)
{
    (void)state;
    struct loaded l = load("samples/boli-2024.csv", NULL);
    const char *const model[] = {"age_group", "gender",        "community",
                                 "services",  "interpersonal", "institutional"};
    struct an_results *r = analyse(&l, model, 6);
    unload(&l);
    check("boli-2024 --model age_group,gender,community,services,interpersonal,institutional",
          fixture("tests/reference/model-boli-community.json"), logistic_of(r));
    stats_results_free(r);
}

/* Terms named twice, by column and by role, are one term. */
static void test_same_term_twice(void **state)
{
    (void)state;
    struct loaded l = load(MODEL_DATA, MODEL_CODEBOOK);
    const char *const model[] = {"性别", "neighbourhood", "gender"};
    struct an_results *r = analyse(&l, model, 3);
    unload(&l);
    assert_int_equal(r->n_terms, 3);
    assert_string_equal(r->terms[1].term, "gender=女");
    assert_string_equal(r->terms[1].term_en, "gender=Female");
    assert_string_equal(r->terms[1].term_zh, "性别=女");
    assert_string_equal(r->terms[2].term, "neighbourhood");
    assert_int_equal(r->n_logit_ref, 1);
    assert_string_equal(r->logit_ref[0].label_en, "Male");
    stats_results_free(r);
}

/* ## What cannot be estimated is left out */

static void test_one_level_dropped(void **state)
{
    (void)state;
    struct loaded l = load(MODEL_DATA, MODEL_CODEBOOK);
    /* every answered gender becomes 男 */
    const struct survey_var *g = survey_var_by_role(l.s, ROLE_GENDER);
    for (size_t i = 0; i < l.s->n; i++)
        if (g->v[i] != SURVEY_MISSING)
            g->v[i] = 1;
    struct an_results *r = analyse(&l, NULL, 0);
    unload(&l);
    assert_true(r->logit_converged);
    assert_int_equal(r->n_terms, 2);
    assert_string_equal(r->terms[1].term, "neighbourhood");
    for (size_t k = 0; k < r->n_terms; k++)
        assert_false(isnan(r->terms[k].coef) || isnan(r->terms[k].se));
    assert_int_equal(r->n_logit_dropped, 1);
    assert_string_equal(r->logit_dropped[0].term, "gender");
    assert_int_equal(r->logit_dropped[0].reason, AN_DROP_ONE_LEVEL);
    assert_int_equal(r->n_logit_ref, 0);
    json_t *lg = logistic_of(r);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(lg, "dropped"), 0), "reason")),
                        "one_level");
    assert_int_equal(json_object_size(json_object_get(lg, "reference")), 0);
    json_decref(lg);
    stats_results_free(r);
}

static void test_unanswered_scale_dropped(void **state)
{
    (void)state;
    struct loaded l = load(MODEL_DATA, MODEL_CODEBOOK);
    const struct survey_var *v = survey_var_by_name(l.s, "邻里2");
    for (size_t i = 0; i < l.s->n; i++)
        v->v[i] = SURVEY_MISSING;
    const char *const model[] = {"文化程度", "neighbourhood", "月收入"};
    struct an_results *r = analyse(&l, model, 3);
    unload(&l);
    assert_true(r->logit_converged);
    assert_true(r->logit_n > 150);
    assert_int_equal(r->n_terms, 5); /* intercept, 3 education levels, income */
    assert_string_equal(r->terms[4].term, "月收入");
    assert_int_equal(r->terms[4].kind, AN_TERM_NUMERIC);
    assert_int_equal(r->n_logit_dropped, 1);
    assert_string_equal(r->logit_dropped[0].term, "neighbourhood");
    assert_int_equal(r->logit_dropped[0].reason, AN_DROP_NO_ANSWERS);
    assert_string_equal(r->logit_ref[0].variable, "文化程度");
    assert_string_equal(r->logit_ref[0].label, "小学及以下");
    assert_string_equal(r->logit_ref[0].label_en, "Primary or less");
    stats_results_free(r);
}

/* ## Names that are no term */

static void test_model_check(void **state)
{
    (void)state;
    struct loaded l = load(MODEL_DATA, MODEL_CODEBOOK);
    char why[512];
    const char *const good[] = {"文化程度", "月收入", "neighbourhood", "gender", "性别"};
    for (size_t k = 0; k < sizeof good / sizeof *good; k++)
        assert_int_equal(an_model_check(l.s, good[k], why, sizeof why), 0);
    assert_int_equal(an_model_check(l.s, "文化成度", why, sizeof why), -1);
    assert_non_null(strstr(why, "did you mean \"文化程度\"?"));
    assert_int_equal(an_model_check(l.s, "neighbourhod", why, sizeof why), -1);
    assert_non_null(strstr(why, "did you mean \"neighbourhood\"?"));
    /* no age column here */
    assert_int_equal(an_model_check(l.s, "age_group", why, sizeof why), -1);
    assert_non_null(strstr(why, "no age column"));
    /* an item is named by its scale; the outcome is no predictor */
    assert_int_equal(an_model_check(l.s, "邻里1", why, sizeof why), -1);
    assert_non_null(strstr(why, "--model neighbourhood"));
    assert_int_equal(an_model_check(l.s, "参加议事会", why, sizeof why), -1);
    assert_non_null(strstr(why, "its role is participation"));
    unload(&l);
}

/* ## The finding's choice */

static void test_finding_choice(void **state)
{
    (void)state;
    /* B is the most certain (|z| = 10) but A the largest effect
       (|log OR| = 2); C is larger still but not significant. */
    struct an_term t[4] = {
        {.term = "(intercept)", .coef = -3, .z = -6, .p_value = 1e-9},
        {.term = "B", .coef = 0.5, .z = 10, .p_value = 1e-23},
        {.term = "A", .coef = -2, .z = -2.1, .p_value = 0.036},
        {.term = "C", .coef = 3, .z = 1.5, .p_value = 0.13},
    };
    assert_int_equal(an_predictor_choice(t, 4), 2);
    t[2].p_value = 0.06;
    assert_int_equal(an_predictor_choice(t, 4), 1);
    t[1].p_value = 0.05; /* p < AN_ALPHA, not <= */
    assert_int_equal(an_predictor_choice(t, 4), -1);
    assert_int_equal(an_predictor_choice(t, 1), -1);
}

/* The Boli sample's finding is about the largest significant effect. */
static void test_finding_boli(void **state)
{
    (void)state;
    struct loaded l = load("samples/boli-2024.csv", NULL);
    struct an_results *r = analyse(&l, NULL, 0);
    unload(&l);
    const struct an_finding *f = NULL;
    for (size_t k = 0; k < r->n_findings; k++)
        if (r->findings[k].kind == AN_FINDING_PREDICTOR)
            f = &r->findings[k];
    assert_non_null(f);
    assert_true(f->a > 0);
    const struct an_term *best = &r->terms[f->a];
    assert_true(best->p_value < AN_ALPHA);
    for (size_t k = 1; k < r->n_terms; k++)
        if (r->terms[k].p_value < AN_ALPHA)
            assert_true(fabs(r->terms[k].coef) <= fabs(best->coef));
    assert_int_equal(best->kind, AN_TERM_LEVEL);
    assert_string_equal(r->logit_ref[best->reference].variable, "age_group");
    assert_string_equal(r->logit_ref[best->reference].label, "18-29");
    stats_results_free(r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boli_default),
        cmocka_unit_test(test_no_age_default),
        cmocka_unit_test(test_no_age_terms),
        cmocka_unit_test(test_boli_community),
        cmocka_unit_test(test_same_term_twice),
        cmocka_unit_test(test_one_level_dropped),
        cmocka_unit_test(test_unanswered_scale_dropped),
        cmocka_unit_test(test_model_check),
        cmocka_unit_test(test_finding_choice),
        cmocka_unit_test(test_finding_boli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
