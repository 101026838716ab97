/* test_by.c — grouping participation and every scale index by --by columns
 * (the "by" keys of `canyu report --format json`) against R
 * (tests/reference/by.R: samples/boli-2024.csv with --by gender,community),
 * with weights, and in the text report's tables; and the labels of the
 * JSON (report and compare) in the report's language.
 */
#include "report/json.h"
#include "report/document.h"
#include "analysis/analysis.h"
#include "analysis/compare.h"
#include "stats/stats.h"
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

/* The results of DATA (codebook CODEBOOK) grouped by the N_BY columns BY. */
static struct an_results *analyse_file(const char *codebook, const char *data,
                                       const char *const *by, size_t n_by)
{
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_load(codebook, &err);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    assert_int_equal(survey_load_file(s, data, NULL, &err), 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct an_options opt = {.by = by, .n_by = n_by};
    struct an_results *r = stats_analyse_with(s, &bands, NULL, &opt, &err);
    assert_non_null(r);
    survey_free(s);
    survey_codebook_free(cb);
    survey_bands_free(&bands);
    return r;
}

/* Those of samples/boli-2024.csv. */
static struct an_results *analyse(const char *const *by, size_t n_by)
{
    return analyse_file("samples/codebook.csv", "samples/boli-2024.csv", by, n_by);
}

/* Their JSON in LANG. */
static json_t *report_of(const char *const *by, size_t n_by, enum report_lang lang)
{
    struct an_results *r = analyse(by, n_by);
    json_t *root = report_json_report(r, lang, "test");
    stats_results_free(r);
    assert_non_null(root);
    return root;
}

/* {"scales": [{"scale", "by"}]} of a Likert section of ROOT. */
static json_t *section_by(json_t *root, const char *key)
{
    json_t *scales = json_array(), *in = json_object_get(json_object_get(root, key), "scales");
    size_t i;
    json_t *S;
    json_array_foreach(in, i, S)
        json_array_append_new(scales, json_pack("{sOsO}", "scale", json_object_get(S, "scale"),
                                                "by", json_object_get(S, "by")));
    return json_pack("{so}", "scales", scales);
}

static void test_against_r(void **state)
{
    (void)state;
    const char *by[] = {"gender", "community"};
    json_t *root = report_of(by, 2, REPORT_LANG_ZH);
    json_t *got = json_pack(
        "{s{sO}soso}", "participation", "by",
        json_object_get(json_object_get(root, "participation"), "by"), "satisfaction",
        section_by(root, "satisfaction"), "trust", section_by(root, "trust"));
    json_decref(root);
    json_error_t jerr;
    json_t *want = json_load_file("tests/reference/by-boli.json", 0, &jerr);
    if (!want)
        print_error("%s; regenerate with Rscript tests/reference/by.R\n", jerr.text);
    assert_non_null(want);
    assert_non_null(got);
    char path[1024] = "";
    struct walk w = {0};
    walk(want, got, path, sizeof path, &w);
    print_message("by: %zu numbers, %zu nulls and %zu strings compared with R, %zu "
                  "mismatches; largest relative difference %.2g (%s)\n",
                  w.numbers, w.nulls, w.others, w.mismatches, w.max_rel,
                  w.max_path[0] ? w.max_path : "-");
    json_decref(want);
    json_decref(got);
    assert_true(w.numbers > 400);
    assert_int_equal(w.mismatches, 0);
}

/* Without --by participation has no groupings and a scale only its age
   groups; a column that cannot group is left out. */
static void test_without_by(void **state)
{
    (void)state;
    json_t *root = report_of(NULL, 0, REPORT_LANG_ZH);
    json_t *p = json_object_get(root, "participation");
    assert_int_equal(json_array_size(json_object_get(p, "by")), 0);
    json_t *S = json_array_get(json_object_get(json_object_get(root, "trust"), "scales"), 0);
    json_t *by = json_object_get(S, "by");
    assert_int_equal(json_array_size(by), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(by, 0), "variable")),
                        "age_group");
    /* The age groups' figures are those of by_age_group. */
    json_t *g = json_object_get(json_array_get(by, 0), "groups");
    json_t *old = json_object_get(S, "by_age_group");
    assert_int_equal(json_array_size(g), json_array_size(old));
    for (size_t k = 0; k < json_array_size(g); k++)
        assert_true(json_equal(json_array_get(g, k), json_array_get(old, k)));
    /* Kruskal–Wallis across age groups, twice. */
    json_t *kw = json_object_get(
        json_object_get(json_object_get(json_array_get(by, 0), "comparison"), "kruskal_wallis"),
        "kruskal_wallis");
    json_t *kw_old = json_object_get(json_object_get(S, "test_age_group"), "kruskal_wallis");
    double a = json_real_value(kw), b = json_real_value(kw_old);
    assert_true(fabs(a - b) <= 1e-12 * fabs(b));
    json_decref(root);

    const char *bad[] = {"age", "no such column", "gender"};
    root = report_of(bad, 3, REPORT_LANG_ZH);
    p = json_object_get(json_object_get(root, "participation"), "by");
    assert_int_equal(json_array_size(p), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(p, 0), "variable")),
                        "gender");
    json_decref(root);
}

static const char *group_at(json_t *list, size_t k, size_t g)
{
    json_t *groups = json_object_get(json_array_get(list, k), "groups");
    return json_string_value(json_object_get(json_array_get(groups, g), "group"));
}

/* Labels, groups, categories and terms in the report's language; label_en
   stays English. */
static void test_labels_follow_lang(void **state)
{
    (void)state;
    const char *by[] = {"gender"};
    for (int en = 0; en < 2; en++) {
        json_t *root = report_of(by, 1, en ? REPORT_LANG_EN : REPORT_LANG_ZH);
        json_t *p = json_object_get(root, "participation");
        assert_string_equal(group_at(json_object_get(p, "by"), 0, 1), en ? "Female" : "女");
        json_t *comm = json_array_get(json_object_get(p, "by_community"), 0);
        assert_string_equal(json_string_value(json_object_get(comm, "group")),
                            en ? "Chang'an" : "长安社区");
        json_t *act = json_array_get(json_object_get(p, "activities"), 1);
        assert_string_equal(json_string_value(json_object_get(act, "label")),
                            en ? "Volunteer service" : "参加志愿服务");
        assert_string_equal(json_string_value(json_object_get(act, "label_en")),
                            "Volunteer service");
        json_t *cat = json_array_get(json_object_get(json_object_get(p, "barriers"), "categories"), 0);
        assert_string_equal(json_string_value(json_object_get(cat, "category")),
                            en ? "No time" : "没有时间");
        json_t *sat = json_object_get(root, "satisfaction");
        json_t *item = json_array_get(json_object_get(sat, "items"), 0);
        assert_string_equal(json_string_value(json_object_get(item, "label")),
                            en ? "Environment and sanitation" : "环境卫生");
        json_t *S = json_array_get(json_object_get(sat, "scales"), 0);
        assert_string_equal(json_string_value(json_object_get(S, "label")),
                            en ? "Satisfaction with services" : "服务满意度");
        assert_string_equal(json_string_value(json_object_get(S, "label_en")),
                            "Satisfaction with services");
        assert_string_equal(group_at(json_object_get(S, "by"), 1, 0), en ? "Male" : "男");
        json_t *g = json_array_get(json_object_get(json_object_get(root, "profile"), "gender"), 1);
        assert_string_equal(json_string_value(json_object_get(g, "group")), en ? "Female" : "女");
        json_t *terms = json_object_get(
            json_object_get(json_object_get(root, "association"), "logistic"), "terms");
        int found = 0;
        size_t i;
        json_t *T;
        json_array_foreach(terms, i, T) {
            const char *t = json_string_value(json_object_get(T, "term"));
            /* A term is an identifier (as the R fixtures name it), not a
               label: the same in both languages. */
            found += !strcmp(t, "gender=女");
        }
        assert_int_equal(found, 1);
        json_decref(root);
    }
}

/* The comparison's labels follow the language too. */
static void test_compare_labels(void **state)
{
    (void)state;
    struct survey_error err = {0};
    struct survey_codebook *cb = survey_codebook_load("samples/codebook.csv", &err);
    assert_non_null(cb);
    const char *files[] = {"samples/boli-2023.csv", "samples/boli-2024.csv"};
    struct survey *s[2];
    for (int k = 0; k < 2; k++) {
        assert_non_null(s[k] = survey_new(cb));
        assert_int_equal(survey_load_file(s[k], files[k], NULL, &err), 0);
        assert_int_equal(survey_finish(s[k], NULL), 0);
    }
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &bands, &err), 0);
    struct cmp_results *c = stats_compare((const struct survey *const *)s, 2, &bands, &err);
    assert_non_null(c);
    for (int en = 0; en < 2; en++) {
        json_t *root = report_json_compare(c, en ? REPORT_LANG_EN : REPORT_LANG_ZH, "test");
        assert_non_null(root);
        json_t *item = json_array_get(json_object_get(root, "items"), 0);
        assert_string_equal(json_string_value(json_object_get(item, "label")),
                            en ? "Environment and sanitation" : "环境卫生");
        assert_string_equal(json_string_value(json_object_get(item, "label_en")),
                            "Environment and sanitation");
        json_decref(root);
    }
    stats_compare_free(c);
    for (int k = 0; k < 2; k++)
        survey_free(s[k]);
    survey_bands_free(&bands);
    survey_codebook_free(cb);
}

/* The text report's tables: participation by each --by column, the
   comparison notes under each index by age group, a comparison table per
   scale and --by column; in both languages. */
static void test_document_tables(void **state)
{
    (void)state;
    const char *by[] = {"gender", "community"};
    struct an_results *r = analyse(by, 2);
    static const char *const want[2][5] = {
        {"按性别分组的参与率（95%置信区间）", "按社区分组的参与率（95%置信区间）",
         "服务满意度 × 性别", "制度信任 × 社区", "方差分析：F(5, 944)"},
        {"Participation by Gender (95% CI)", "Participation by Community (95% CI)",
         "Satisfaction with services by Gender", "Institutional trust by Community",
         "Levene's F(5, 944)"}};
    for (int en = 0; en < 2; en++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        struct report_options o = {.format = REPORT_FORMAT_TEXT, .width = 200};
        assert_int_equal(report_document_render(r, en ? REPORT_LANG_EN : REPORT_LANG_ZH, &o, f), 0);
        assert_int_equal(fclose(f), 0);
        for (size_t k = 0; k < 5; k++) {
            if (!strstr(buf, want[en][k]))
                print_error("the report lacks \"%s\"\n", want[en][k]);
            assert_non_null(strstr(buf, want[en][k]));
        }
        /* Participation by gender: 526 men, 360 taking part, 68.4%. */
        const char *t = strstr(buf, want[en][0]);
        assert_non_null(t);
        assert_non_null(strstr(t, en ? "Male" : "男"));
        assert_non_null(strstr(t, "68.4%"));
        free(buf);
    }
    stats_results_free(r);
}

/* With weights, a --by column's rates and index means are weighted as the
   same figures by community are (checked against R's survey package by
   test_analysis): --by community repeats them exactly. */
static void test_weighted(void **state)
{
    (void)state;
    const char *by[] = {"community"};
    struct an_results *r =
        analyse_file("tests/data/weighted-codebook.csv", "tests/data/weighted.csv", by, 1);
    assert_int_equal(r->weighting, AN_WEIGHT_COLUMN);
    assert_int_equal(r->n_part_by, 1);
    const struct an_part_by *P = &r->part_by[0];
    assert_int_equal(P->n_groups, r->n_community);
    for (size_t g = 0; g < P->n_groups; g++) {
        const struct an_rate *a = &P->rates[g], *b = &r->part_by_community[g];
        assert_string_equal(a->group, b->group);
        assert_true(a->n == b->n && a->participants == b->participants);
        assert_true(a->rate == b->rate && a->ci_low == b->ci_low && a->ci_high == b->ci_high);
    }
    const struct an_scale *S = &r->satisfaction.scales[0];
    assert_int_equal(S->n_by, 2);
    assert_string_equal(S->by[1].variable, "community");
    for (size_t g = 0; g < r->n_community; g++) {
        const struct an_mean *a = &S->by[1].means[g], *b = &S->by_community[g];
        assert_true(a->n == b->n && a->mean == b->mean && a->sd == b->sd);
    }
    for (size_t g = 0; g < r->n_bands; g++) {
        const struct an_mean *a = &S->by[0].means[g], *b = &S->by_age[g];
        assert_true(a->n == b->n && a->mean == b->mean && a->sd == b->sd);
    }
    /* The tests stay unweighted: Kruskal–Wallis as test_community. */
    assert_true(fabs(S->by[1].comparison.kruskal_wallis.statistic - S->test_community.statistic) <=
                1e-12 * S->test_community.statistic);
    stats_results_free(r);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Many distinct values (more than the counting of few values takes, and
   more than the radix sort's threshold) are ranked and their quartiles
   found as by a comparison sort: negatives, -0 tied with +0, ties, huge
   and tiny magnitudes. */
static void test_large_sorts(void **state)
{
    (void)state;
    enum { N = 20011 };
    double *x = malloc(N * sizeof *x), *sorted = malloc(N * sizeof *x);
    double *ranks = malloc(N * sizeof *x);
    assert_true(x && sorted && ranks);
    uint64_t seed = 88172645463325252u;
    for (size_t i = 0; i < N; i++) {
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        double u = (double)(seed >> 11) / 9007199254740992.0;
        switch (i % 7) {
        case 0: x[i] = (u - 0.5) * 1e6; break;
        case 1: x[i] = floor(u * 50) - 25; break; /* ties */
        case 2: x[i] = i % 2 ? -0.0 : 0.0; break;
        case 3: x[i] = (u - 0.5) * 1e300; break;
        case 4: x[i] = (u - 0.5) * 1e-300; break;
        default: x[i] = u * 5000.5 + 1e6; break;
        }
    }
    memcpy(sorted, x, N * sizeof *x);
    qsort(sorted, N, sizeof *sorted, cmp_double);
    struct stats_quartiles q;
    assert_int_equal(stats_quartiles(x, N, &q), 0);
    assert_true(q.min == sorted[0] && q.max == sorted[N - 1]);
    assert_true(q.median == stats_quantile_sorted(sorted, N, 0.5));
    assert_true(q.q1 == stats_quantile_sorted(sorted, N, 0.25));
    assert_true(q.q3 == stats_quantile_sorted(sorted, N, 0.75));
    assert_int_equal(stats_rank_average(x, N, ranks), 0);
    for (size_t i = 0; i < N; i += 37) {
        /* The average rank: values below, plus (ties + 1) / 2. */
        double below = 0, equal = 0;
        for (size_t j = 0; j < N; j++) {
            below += x[j] < x[i];
            equal += x[j] == x[i];
        }
        assert_true(ranks[i] == below + (equal + 1) / 2);
    }
    free(x);
    free(sorted);
    free(ranks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_r),
        cmocka_unit_test(test_without_by),
        cmocka_unit_test(test_labels_follow_lang),
        cmocka_unit_test(test_compare_labels),
        cmocka_unit_test(test_document_tables),
        cmocka_unit_test(test_weighted),
        cmocka_unit_test(test_large_sorts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
