/* test_analysis.c — every figure of `canyu report --format json` against R.
 *
 * For four runs (boli-2024 with the default age bands; boli-2023 with
 * --age-bands 18-34,35-59,60-; tests/data/weighted.csv with its weight
 * column; boli-2024 raked to samples/margins.csv) the survey is loaded and
 * analysed through the library, its JSON is built with report_json_report()
 * exactly as `canyu report -f json` does, and the
 * whole object is compared with a fixture written by R
 * (tests/reference/analysis.R, see tests/reference/README.md): every number
 * at relative tolerance 1e-9 (absolute 1e-12 near zero), null against null,
 * every string, boolean and array length, and every key both ways, so a
 * figure canyu adds without an R reference fails here too; factor loadings
 * (the "validity" objects, from psych::principal) are compared at 1e-6
 * absolute, and KMO, Bartlett and the eigenvalues at 1e-9 like the rest.
 * Mismatches are listed with their JSON path.  The tests never run R.
 *
 * Then edge cases on small surveys in memory: an age group with n = 0 and one
 * with n = 1, constant Likert answers, all participation answers missing, a
 * single community, all weights zero, perfect separation in the logistic
 * model (on the index; separation on a dummy is a known gap, skipped).  They check that what cannot be computed is null (never NaN, never
 * a missing key) and that nothing crashes.
 *
 * Run from the repository root (the data are read by relative path).
 */
#include "report/json.h"
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

#include <gsl/gsl_errno.h>

#define REL 1e-9
#define ABS 1e-12

/* ## Building the JSON of a run */

/* The JSON of `canyu report -f json` (report_json_report) but "tool",
   "version" and "findings", which R does not compute.  Returns a new
   reference. */
static json_t *report_object(const struct an_results *r)
{
    json_t *root = report_json_report(r, REPORT_LANG_ZH, "test");
    assert_non_null(root);
    assert_int_equal(json_object_del(root, "tool"), 0);
    assert_int_equal(json_object_del(root, "version"), 0);
    assert_int_equal(json_object_del(root, "findings"), 0);
    /* The groupings of participation and of each scale index ("by") are
       checked against R by tests/test_by.c. */
    json_t *part = json_object_get(root, "participation");
    if (json_is_object(part))
        assert_int_equal(json_object_del(part, "by"), 0);
    const char *sections[] = {"satisfaction", "trust"};
    for (size_t k = 0; k < 2; k++) {
        json_t *S, *scales = json_object_get(json_object_get(root, sections[k]), "scales");
        size_t i;
        json_array_foreach(scales, i, S)
            assert_int_equal(json_object_del(S, "by"), 0);
    }
    /* Through text and back: what a reader of the output would parse. */
    char *text = json_dumps(root, JSON_REAL_PRECISION(17));
    assert_non_null(text);
    json_decref(root);
    json_error_t jerr;
    root = json_loads(text, 0, &jerr);
    if (!root)
        print_error("canyu's JSON does not parse: %s\n", jerr.text);
    assert_non_null(root);
    free(text);
    return root;
}

/* Load FILES (NULL-terminated) with CODEBOOK (NULL: the built-in one),
   multiply the weights by WEIGHT_SCALE, analyse with BANDS and MARGINS
   (NULL: none), and return the JSON. */
static json_t *run_scaled(const char *const *files, const char *codebook, const char *bands_spec,
                          const char *margins_file, double weight_scale)
{
    struct survey_error err = {0};
    struct survey_codebook *cb =
        codebook ? survey_codebook_load(codebook, &err) : survey_codebook_default(&err);
    if (!cb)
        print_error("codebook: %s\n", err.message);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    for (size_t i = 0; files[i]; i++) {
        int rc = survey_load_file(s, files[i], NULL, &err);
        if (rc)
            print_error("%s: %s\n", files[i], err.message);
        assert_int_equal(rc, 0);
    }
    assert_int_equal(survey_finish(s, NULL), 0);
    assert_int_equal(s->rows_excluded, 0);
    for (size_t i = 0; s->weight && weight_scale != 1 && i < s->n; i++)
        s->weight[i] *= weight_scale;
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(bands_spec, &bands, &err), 0);
    struct survey_margins margins = {0};
    if (margins_file) {
        int rc = survey_margins_load(margins_file, &margins, &err);
        if (rc)
            print_error("%s: %s\n", margins_file, err.message);
        assert_int_equal(rc, 0);
    }
    struct an_results *r = stats_analyse(s, &bands, margins_file ? &margins : NULL, &err);
    if (!r)
        print_error("stats_analyse: %s\n", err.message);
    assert_non_null(r);
    /* The results stand alone: the JSON is built after the survey is gone. */
    survey_margins_free(&margins);
    survey_bands_free(&bands);
    survey_free(s);
    survey_codebook_free(cb);
    json_t *root = report_object(r);
    stats_results_free(r);
    return root;
}

static json_t *run_files(const char *const *files, const char *codebook, const char *bands_spec,
                         const char *margins_file)
{
    return run_scaled(files, codebook, bands_spec, margins_file, 1);
}

/* ## Comparing with a fixture */

#include "tests/json_walk.h"

static void check_against_r(const char *name, const char *fixture, json_t *got)
{
    json_error_t jerr;
    json_t *want = json_load_file(fixture, 0, &jerr);
    if (!want)
        print_error("%s: %s (line %d); regenerate with Rscript tests/reference/analysis.R\n",
                    fixture, jerr.text, jerr.line);
    assert_non_null(want);
    char path[1024] = "";
    struct walk w = {0};
    walk(want, got, path, sizeof path, &w);
    print_message("%s: %zu numbers, %zu nulls and %zu strings/booleans compared with R, "
                  "%zu mismatch%s; largest relative difference %.2g (%s)\n",
                  name, w.numbers, w.nulls, w.others, w.mismatches, w.mismatches == 1 ? "" : "es",
                  w.max_rel, w.max_path[0] ? w.max_path : "-");
    json_decref(want);
    json_decref(got);
    /* The fixtures are a full report: a walk that compares little has gone wrong. */
    assert_true(w.numbers > 500);
    if (w.mismatches)
        fail_msg("%zu figure%s of %s differ from R (listed above)", w.mismatches,
                 w.mismatches == 1 ? "" : "s", name);
}

/* ## The four runs against R */

static void test_boli_2024(void **state)
{
    (void)state;
    const char *files[] = {"samples/boli-2024.csv", NULL};
    check_against_r("boli-2024", "tests/reference/analysis-boli-2024.json",
                    run_files(files, NULL, SURVEY_DEFAULT_BANDS, NULL));
}

static void test_boli_2023_bands(void **state)
{
    (void)state;
    const char *files[] = {"samples/boli-2023.csv", NULL};
    check_against_r("boli-2023 --age-bands 18-34,35-59,60-", "tests/reference/analysis-boli-2023.json",
                    run_files(files, NULL, "18-34,35-59,60-", NULL));
}

static void test_weighted(void **state)
{
    (void)state;
    const char *files[] = {"tests/data/weighted.csv", NULL};
    check_against_r("weighted", "tests/reference/analysis-weighted.json",
                    run_files(files, "tests/data/weighted-codebook.csv", SURVEY_DEFAULT_BANDS, NULL));
}

/* Weights are analytic, so any common factor leaves every figure as it is:
   weights near the largest double must not overflow its sums, nor weights
   near the smallest normal double underflow their squares. */
static void test_weighted_extreme(void **state)
{
    (void)state;
    const char *files[] = {"tests/data/weighted.csv", NULL};
    check_against_r("weighted ×1e306", "tests/reference/analysis-weighted.json",
                    run_scaled(files, "tests/data/weighted-codebook.csv", SURVEY_DEFAULT_BANDS,
                               NULL, 1e306));
    check_against_r("weighted ×1e-300", "tests/reference/analysis-weighted.json",
                    run_scaled(files, "tests/data/weighted-codebook.csv", SURVEY_DEFAULT_BANDS,
                               NULL, 1e-300));
}

static void test_raked(void **state)
{
    (void)state;
    const char *files[] = {"samples/boli-2024.csv", NULL};
    check_against_r("boli-2024 --rake samples/margins.csv", "tests/reference/analysis-raked.json",
                    run_files(files, NULL, SURVEY_DEFAULT_BANDS, "samples/margins.csv"));
}

/* The walk itself: a changed number, a null for a number, a missing key and
   an extra key are all caught. */
static void test_walk_catches(void **state)
{
    (void)state;
    json_error_t jerr;
    json_t *want = json_loads("{\"a\": [1, 2.5, null], \"b\": {\"c\": \"x\", \"d\": true}}", 0, &jerr);
    json_t *same = json_loads("{\"a\": [1.0, 2.5000000000001, null], \"b\": {\"c\": \"x\", \"d\": true}}", 0, &jerr);
    json_t *diff = json_loads("{\"a\": [1, 2.50001, 0], \"b\": {\"d\": false, \"e\": 1}}", 0, &jerr);
    json_t *shorter = json_loads("{\"a\": [1, 2.5], \"b\": {\"c\": \"x\", \"d\": true}}", 0, &jerr);
    assert_non_null(want);
    assert_non_null(same);
    assert_non_null(diff);
    assert_non_null(shorter);
    char path[256] = "";
    struct walk w = {0};
    walk(want, same, path, sizeof path, &w);
    assert_int_equal(w.mismatches, 0);
    assert_int_equal(w.numbers, 2);
    assert_int_equal(w.nulls, 1);
    print_message("(the mismatches below are expected)\n");
    memset(&w, 0, sizeof w);
    walk(want, diff, path, sizeof path, &w);
    /* a[1] differs, a[2] null vs 0, b.c missing, b.d differs, b.e extra */
    assert_int_equal(w.mismatches, 5);
    memset(&w, 0, sizeof w);
    walk(want, shorter, path, sizeof path, &w);
    assert_int_equal(w.mismatches, 1);
    json_decref(want);
    json_decref(same);
    json_decref(diff);
    json_decref(shorter);

    /* Loadings at 1e-6 absolute, the rest of a validity at 1e-9 relative. */
    want = json_loads("{\"v\": {\"kmo\": 0.8, \"loadings\": [[0.7, 0.1]], \"ss_loadings\": [0.5]}}",
                      0, &jerr);
    same = json_loads("{\"v\": {\"kmo\": 0.8, \"loadings\": [[0.7000009, 0.0999991]], "
                      "\"ss_loadings\": [0.5]}}",
                      0, &jerr);
    diff = json_loads("{\"v\": {\"kmo\": 0.8000001, \"loadings\": [[0.700002, 0.1]], "
                      "\"ss_loadings\": [0.5000001]}}",
                      0, &jerr);
    assert_non_null(want);
    assert_non_null(same);
    assert_non_null(diff);
    memset(&w, 0, sizeof w);
    walk(want, same, path, sizeof path, &w);
    assert_int_equal(w.mismatches, 0);
    memset(&w, 0, sizeof w);
    walk(want, diff, path, sizeof path, &w);
    assert_int_equal(w.mismatches, 3);
    json_decref(want);
    json_decref(same);
    json_decref(diff);
}

/* ## Edge cases on small surveys in memory */

static const char tiny_codebook[] =
    "column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n"
    "id,id,编号,ID,,,,,,\n"
    "community,community,社区,Community,,,,,,1=甲社区;2=乙社区\n"
    "gender,gender,性别,Gender,,,,,,1=男;2=女\n"
    "age,age,年龄,Age,,16,100,,,\n"
    "party,party_member,党员,Party member,,,,,,0=否;1=是\n"
    "act_a,participation,活动A,Activity A,,,,,9,1=是;0=否\n"
    "act_b,participation,活动B,Activity B,,,,,9,1=是;0=否\n"
    "barrier,barrier,原因,Reason,,,,,9,1=没有时间;2=其他\n"
    "sat_a,satisfaction,满意A,Satisfaction A,svc,1,5,,9,\n"
    "sat_b,satisfaction,满意B,Satisfaction B,svc,1,5,,9,\n"
    "sat_c,satisfaction,满意C,Satisfaction C,svc,1,5,,9,\n"
    "weight,weight,权重,Weight,,,,,,\n";

#define TINY_HEADER \
    "id,community,gender,age,party,act_a,act_b,barrier,sat_a,sat_b,sat_c,weight\n"

/* One respondent's answers (cells as text; "" is blank). */
struct tiny_row {
    const char *community, *gender, *age, *party, *act_a, *act_b, *barrier, *sat_a, *sat_b,
        *sat_c, *weight;
};

/* A survey's worth of rows, a CSV text built from them. */
struct tiny {
    struct tiny_row row[64];
    size_t n;
};

/* A varied, healthy respondent I (ages 20..79 over the bands 18-29, 30-39,
   40+; both communities, genders and party statuses; every answer known). */
static struct tiny_row tiny_default(size_t i)
{
    static char age[64][8], sat[64][3][4], w[64][16];
    snprintf(age[i], sizeof age[i], "%zu", 20 + (i * 7) % 60);
    for (int k = 0; k < 3; k++)
        snprintf(sat[i][k], sizeof sat[i][k], "%zu", 1 + (i * (k + 2) + i / 3) % 5);
    snprintf(w[i], sizeof w[i], "%.2f", 0.5 + (double)(i % 4) * 0.5);
    return (struct tiny_row){
        .community = i % 3 ? "1" : "2",
        .gender = i % 2 ? "1" : "2",
        .age = age[i],
        .party = i % 5 == 0 ? "1" : "0",
        .act_a = (i * 3) % 4 == 0 ? "1" : "0",
        .act_b = i % 3 == 1 ? "1" : "0",
        .barrier = i % 2 ? "1" : "2",
        .sat_a = sat[i][0],
        .sat_b = sat[i][1],
        .sat_c = sat[i][2],
        .weight = w[i],
    };
}

static void tiny_init(struct tiny *t, size_t n)
{
    assert_true(n <= 64);
    t->n = n;
    for (size_t i = 0; i < n; i++)
        t->row[i] = tiny_default(i);
}

/* Analyse T (bands BANDS) and return the JSON, with a few checks common to
   every edge case. */
static json_t *tiny_run(const struct tiny *t, const char *bands_spec)
{
    char csv[16384];
    size_t len = (size_t)snprintf(csv, sizeof csv, "%s", TINY_HEADER);
    for (size_t i = 0; i < t->n; i++) {
        const struct tiny_row *r = &t->row[i];
        len += (size_t)snprintf(csv + len, sizeof csv - len, "%zu,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
                                i + 1, r->community, r->gender, r->age, r->party, r->act_a, r->act_b,
                                r->barrier, r->sat_a, r->sat_b, r->sat_c, r->weight);
        assert_true(len < sizeof csv);
    }
    struct survey_error err = {0};
    struct survey_codebook *cb =
        survey_codebook_parse(tiny_codebook, strlen(tiny_codebook), "tiny-codebook", &err);
    if (!cb)
        print_error("tiny codebook: %s\n", err.message);
    assert_non_null(cb);
    struct survey *s = survey_new(cb);
    assert_non_null(s);
    int rc = survey_load_mem(s, "tiny.csv", csv, len, NULL, &err);
    if (rc)
        print_error("tiny.csv: %s\n", err.message);
    assert_int_equal(rc, 0);
    assert_int_equal(survey_finish(s, NULL), 0);
    for (size_t i = 0; i < s->n_problems; i++)
        if (survey_reason_rejects(s->problems[i].reason))
            print_error("tiny.csv:%ld: %s %s\n", s->problems[i].line, s->problems[i].column,
                        s->problems[i].detail);
    assert_int_equal(s->rows_loaded, (long)t->n);
    struct survey_bands bands;
    assert_int_equal(survey_bands_parse(bands_spec, &bands, &err), 0);
    struct an_results *r = stats_analyse(s, &bands, NULL, &err);
    if (!r)
        print_error("stats_analyse: %s\n", err.message);
    assert_non_null(r);
    survey_bands_free(&bands);
    survey_free(s);
    survey_codebook_free(cb);
    json_t *root = report_object(r);
    stats_results_free(r);
    return root;
}

/* The value at PATH ("a.b[2].c"), or NULL when the path does not exist. */
static json_t *at(json_t *root, const char *path)
{
    json_t *j = root;
    const char *p = path;
    while (j && *p) {
        if (*p == '.') {
            p++;
            continue;
        }
        if (*p == '[') {
            char *end;
            size_t i = strtoul(p + 1, &end, 10);
            j = json_array_get(j, i);
            p = *end == ']' ? end + 1 : end;
            continue;
        }
        size_t k = strcspn(p, ".[");
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)k, p);
        j = json_object_get(j, key);
        p += k;
    }
    return j;
}

#define assert_null_at(root, path) assert_null_at_((root), (path), __FILE__, __LINE__)
#define assert_num_at(root, path, want) assert_num_at_((root), (path), (want), __FILE__, __LINE__)
#define assert_some_at(root, path) assert_some_at_((root), (path), __FILE__, __LINE__)

static void assert_null_at_(json_t *root, const char *path, const char *file, int line)
{
    json_t *j = at(root, path);
    if (j && json_is_null(j))
        return;
    if (!j)
        print_error("%s: missing, expected null\n", path);
    else
        print_error("%s: %s %.17g, expected null\n", path, type_name(j),
                    json_is_number(j) ? json_number_value(j) : 0.0);
    _fail(file, line);
}

static void assert_num_at_(json_t *root, const char *path, double want, const char *file, int line)
{
    json_t *j = at(root, path);
    if (j && json_is_number(j) && close_enough(json_number_value(j), want))
        return;
    if (!j)
        print_error("%s: missing, expected %.17g\n", path, want);
    else
        print_error("%s: %s %.17g, expected %.17g\n", path, type_name(j),
                    json_is_number(j) ? json_number_value(j) : NAN, want);
    _fail(file, line);
}

/* A finite number (anything but null) at PATH. */
static void assert_some_at_(json_t *root, const char *path, const char *file, int line)
{
    json_t *j = at(root, path);
    if (j && json_is_number(j))
        return;
    print_error("%s: %s, expected a number\n", path, j ? type_name(j) : "missing");
    _fail(file, line);
}

/* Every key of the healthy run's JSON is in GOT as well (a NAN written as a
   missing key would show here), recursively; null may stand for anything. */
static void same_keys(const json_t *healthy, const json_t *got, char *path, size_t cap,
                      struct walk *w)
{
    size_t len = strlen(path);
    if (json_is_null(got) || json_is_null(healthy))
        return;
    if (json_typeof(healthy) != json_typeof(got) &&
        !(json_is_number(healthy) && json_is_number(got)) &&
        !(json_is_boolean(healthy) && json_is_boolean(got))) {
        mismatch(w, path, "%s here, %s in a healthy run", type_name(got), type_name(healthy));
        return;
    }
    if (json_is_array(healthy)) {
        size_t n = json_array_size(got);
        for (size_t i = 0; i < n && json_array_size(healthy); i++) {
            snprintf(path + len, cap - len, "[%zu]", i);
            size_t hi = i < json_array_size(healthy) ? i : 0;
            same_keys(json_array_get(healthy, hi), json_array_get(got, i), path, cap, w);
            path[len] = '\0';
        }
    } else if (json_is_object(healthy)) {
        const char *key;
        const json_t *v;
        json_object_foreach((json_t *)healthy, key, v) {
            snprintf(path + len, cap - len, "%s%s", len ? "." : "", key);
            const json_t *g = json_object_get(got, key);
            if (!g)
                mismatch(w, path, "missing (a healthy run has it)");
            else
                same_keys(v, g, path, cap, w);
            path[len] = '\0';
        }
    }
}

static void assert_complete(json_t *got, const char *bands)
{
    struct tiny t;
    tiny_init(&t, 40);
    json_t *healthy = tiny_run(&t, bands);
    char path[1024] = "";
    struct walk w = {0};
    same_keys(healthy, got, path, sizeof path, &w);
    json_decref(healthy);
    if (w.mismatches)
        fail_msg("%zu key%s missing or mistyped (listed above)", w.mismatches,
                 w.mismatches == 1 ? "" : "s");
}

/* The healthy tiny survey itself: everything computed. */
static void test_edge_healthy(void **state)
{
    (void)state;
    struct tiny t;
    tiny_init(&t, 40);
    json_t *j = tiny_run(&t, "18-29,30-39,40-");
    assert_some_at(j, "participation.overall.rate");
    assert_some_at(j, "participation.test_age_group.chi_square");
    assert_some_at(j, "satisfaction.scales[0].alpha");
    assert_some_at(j, "satisfaction.scales[0].test_community.kruskal_wallis");
    assert_some_at(j, "association.spearman[0].rho");
    assert_true(json_is_true(at(j, "association.logistic.converged")));
    assert_complete(j, "18-29,30-39,40-");
    json_decref(j);
}

/* An age group with no respondent and one with a single respondent; ages in
   no band (17, blank). */
static void test_edge_small_groups(void **state)
{
    (void)state;
    struct tiny t;
    tiny_init(&t, 30);
    for (size_t i = 0; i < t.n; i++) /* nobody 18-29: ages 40+ */
        t.row[i].age = i % 2 ? "45" : "70";
    t.row[3].age = "35"; /* the only one in 30-39, a participant */
    t.row[3].act_a = "1";
    t.row[5].age = "17";
    t.row[6].age = "";
    json_t *j = tiny_run(&t, "18-29,30-39,40-");
    assert_num_at(j, "profile.age_group[0].n", 0);
    assert_num_at(j, "profile.age_group[0].share", 0);
    assert_num_at(j, "profile.age_group[1].n", 1);
    assert_num_at(j, "profile.age_group_missing", 2);
    /* n = 0 */
    assert_num_at(j, "participation.by_age_group[0].n", 0);
    assert_null_at(j, "participation.by_age_group[0].rate");
    assert_null_at(j, "participation.by_age_group[0].ci_low");
    assert_null_at(j, "participation.by_age_group[0].ci_high");
    assert_null_at(j, "participation.test_age_group.adjusted_residuals[0]");
    assert_null_at(j, "participation.activities[0].by_age_group[0].rate");
    assert_null_at(j, "participation.intensity.by_age_group[0].mean");
    assert_null_at(j, "participation.intensity.by_age_group[0].sd");
    assert_null_at(j, "participation.barriers.by_age_group[0].categories[0].share");
    assert_null_at(j, "satisfaction.scales[0].by_age_group[0].mean");
    /* n = 1: a rate of 1 with its Wilson interval (R prop.test(1, 1)), no SD */
    assert_num_at(j, "participation.by_age_group[1].n", 1);
    assert_num_at(j, "participation.by_age_group[1].rate", 1);
    assert_num_at(j, "participation.by_age_group[1].ci_low", 0.2065493143772375);
    assert_num_at(j, "participation.by_age_group[1].ci_high", 1);
    assert_some_at(j, "participation.intensity.by_age_group[1].mean");
    assert_null_at(j, "participation.intensity.by_age_group[1].sd");
    assert_null_at(j, "satisfaction.scales[0].by_age_group[1].sd");
    /* the tests drop the empty group: 2 groups left, df = 1 */
    assert_num_at(j, "participation.test_age_group.df", 1);
    assert_some_at(j, "participation.test_age_group.adjusted_residuals[1]");
    assert_num_at(j, "satisfaction.scales[0].test_age_group.df", 1);
    /* the reference age group is the first one present */
    assert_string_equal(json_string_value(at(j, "association.logistic.terms[1].term")), "age_group=40+");
    assert_complete(j, "18-29,30-39,40-");
    json_decref(j);
}

/* Everybody answers 3 to every Likert item. */
static void test_edge_constant_likert(void **state)
{
    (void)state;
    struct tiny t;
    tiny_init(&t, 30);
    for (size_t i = 0; i < t.n; i++)
        t.row[i].sat_a = t.row[i].sat_b = t.row[i].sat_c = "3";
    json_t *j = tiny_run(&t, "18-29,30-39,40-");
    for (int k = 0; k < 3; k++) {
        char p[64];
        snprintf(p, sizeof p, "satisfaction.items[%d].mean", k);
        assert_num_at(j, p, 3);
        snprintf(p, sizeof p, "satisfaction.items[%d].sd", k);
        assert_num_at(j, p, 0);
        /* mean ± t·0/√n */
        snprintf(p, sizeof p, "satisfaction.items[%d].ci_low", k);
        assert_num_at(j, p, 3);
        snprintf(p, sizeof p, "satisfaction.items[%d].ci_high", k);
        assert_num_at(j, p, 3);
        snprintf(p, sizeof p, "satisfaction.items[%d].top2", k);
        assert_num_at(j, p, 0);
        snprintf(p, sizeof p, "satisfaction.items[%d].distribution[2]", k);
        assert_num_at(j, p, 30);
        snprintf(p, sizeof p, "satisfaction.scales[0].item_total[%d]", k);
        assert_null_at(j, p);
        snprintf(p, sizeof p, "satisfaction.scales[0].alpha_if_deleted[%d]", k);
        assert_null_at(j, p);
    }
    assert_num_at(j, "satisfaction.scales[0].n", 30);
    assert_null_at(j, "satisfaction.scales[0].alpha");
    assert_null_at(j, "satisfaction.scales[0].std_alpha");
    assert_num_at(j, "satisfaction.scales[0].index.mean", 50);
    assert_num_at(j, "satisfaction.scales[0].index.sd", 0);
    /* all values tied: no rank test, no rank correlation */
    assert_null_at(j, "satisfaction.scales[0].test_community.kruskal_wallis");
    assert_null_at(j, "satisfaction.scales[0].test_age_group.kruskal_wallis");
    assert_null_at(j, "association.spearman[0].rho");
    assert_null_at(j, "association.spearman[0].p_value");
    /* a constant index cannot be estimated (it is collinear with the
       intercept): it is left out with a note, and the rest is fitted */
    assert_string_equal(json_string_value(at(j, "association.logistic.dropped[0].term")), "svc");
    assert_string_equal(json_string_value(at(j, "association.logistic.dropped[0].reason")),
                        "constant");
    json_t *terms = at(j, "association.logistic.terms");
    for (size_t k = 0; k < json_array_size(terms); k++) {
        const char *name = json_string_value(json_object_get(json_array_get(terms, k), "term"));
        assert_string_not_equal(name, "svc");
        assert_true(json_is_number(json_object_get(json_array_get(terms, k), "coef")));
    }
    assert_true(json_is_true(at(j, "association.logistic.converged")));
    json_object_del(at(j, "association.logistic"), "dropped");
    assert_complete(j, "18-29,30-39,40-");
    json_decref(j);
}

/* Nobody answered the participation question. */
static void test_edge_no_participation(void **state)
{
    (void)state;
    struct tiny t;
    tiny_init(&t, 30);
    for (size_t i = 0; i < t.n; i++) {
        t.row[i].act_a = i % 2 ? "9" : "";
        t.row[i].act_b = "9";
    }
    json_t *j = tiny_run(&t, "18-29,30-39,40-");
    assert_num_at(j, "participation.overall.n", 0);
    assert_num_at(j, "participation.overall.participants", 0);
    assert_null_at(j, "participation.overall.rate");
    assert_null_at(j, "participation.overall.ci_low");
    assert_null_at(j, "participation.overall.ci_high");
    assert_null_at(j, "participation.by_age_group[2].rate");
    assert_null_at(j, "participation.by_community[0].rate");
    assert_null_at(j, "participation.test_age_group.chi_square");
    assert_null_at(j, "participation.test_age_group.df");
    assert_null_at(j, "participation.test_age_group.p_value");
    assert_null_at(j, "participation.test_age_group.cramers_v");
    assert_null_at(j, "participation.test_age_group.linear_by_linear.statistic");
    assert_null_at(j, "participation.test_age_group.linear_by_linear.p_value");
    assert_null_at(j, "participation.test_age_group.adjusted_residuals[0]");
    assert_num_at(j, "participation.activities[0].n", 0);
    assert_null_at(j, "participation.activities[0].rate");
    assert_null_at(j, "participation.activities[1].ci_low");
    assert_num_at(j, "participation.intensity.n", 0);
    assert_null_at(j, "participation.intensity.mean");
    assert_null_at(j, "participation.intensity.sd");
    /* the barrier question is asked regardless */
    assert_num_at(j, "participation.barriers.n", 30);
    assert_some_at(j, "participation.barriers.categories[0].share");
    assert_num_at(j, "association.spearman[0].n", 0);
    assert_null_at(j, "association.spearman[0].rho");
    assert_null_at(j, "association.spearman[0].p_value");
    assert_num_at(j, "association.logistic.n", 0);
    assert_true(json_is_false(at(j, "association.logistic.converged")));
    assert_null_at(j, "association.logistic.terms[0].coef");
    assert_null_at(j, "association.logistic.terms[0].se");
    assert_complete(j, "18-29,30-39,40-");
    json_decref(j);
}

/* Everybody lives in the first community. */
static void test_edge_one_community(void **state)
{
    (void)state;
    struct tiny t;
    tiny_init(&t, 30);
    for (size_t i = 0; i < t.n; i++)
        t.row[i].community = "1";
    json_t *j = tiny_run(&t, "18-29,30-39,40-");
    assert_num_at(j, "profile.community[0].share", 1);
    assert_num_at(j, "profile.community[1].n", 0);
    assert_num_at(j, "profile.community[1].share", 0);
    assert_num_at(j, "participation.by_community[1].n", 0);
    assert_null_at(j, "participation.by_community[1].rate");
    assert_num_at(j, "satisfaction.scales[0].by_community[1].n", 0);
    assert_null_at(j, "satisfaction.scales[0].by_community[1].mean");
    assert_null_at(j, "satisfaction.scales[0].test_community.kruskal_wallis");
    assert_null_at(j, "satisfaction.scales[0].test_community.df");
    assert_null_at(j, "satisfaction.scales[0].test_community.p_value");
    assert_some_at(j, "satisfaction.scales[0].test_age_group.kruskal_wallis");
    assert_complete(j, "18-29,30-39,40-");
    json_decref(j);
}

/* A weight column of zeros: no weighted estimate exists; counts, tests,
   alpha and the (unweighted) model still do. */
static void test_edge_zero_weights(void **state)
{
    (void)state;
    struct tiny t;
    tiny_init(&t, 40);
    for (size_t i = 0; i < t.n; i++)
        t.row[i].weight = "0";
    size_t young = 0, sat_1 = 0;
    for (size_t i = 0; i < t.n; i++) {
        young += atoi(t.row[i].age) < 30;
        sat_1 += !strcmp(t.row[i].sat_a, "1");
    }
    json_t *j = tiny_run(&t, "18-29,30-39,40-");
    assert_string_equal(json_string_value(at(j, "weighting.method")), "weights");
    assert_null_at(j, "weighting.effective_n");
    assert_null_at(j, "weighting.design_effect");
    assert_num_at(j, "profile.age_group[0].n", (double)young);
    assert_null_at(j, "profile.age_group[0].share");
    assert_null_at(j, "profile.gender[0].share");
    assert_num_at(j, "participation.overall.n", 40);
    assert_null_at(j, "participation.overall.rate");
    assert_null_at(j, "participation.overall.ci_low");
    assert_null_at(j, "participation.by_age_group[0].rate");
    assert_null_at(j, "participation.activities[0].rate");
    assert_null_at(j, "participation.intensity.mean");
    assert_null_at(j, "participation.barriers.categories[0].share");
    assert_num_at(j, "satisfaction.items[0].n", 40);
    assert_null_at(j, "satisfaction.items[0].mean");
    assert_null_at(j, "satisfaction.items[0].sd");
    assert_null_at(j, "satisfaction.items[0].ci_low");
    assert_null_at(j, "satisfaction.items[0].top2");
    assert_num_at(j, "satisfaction.items[0].distribution[0]", (double)sat_1);
    assert_null_at(j, "satisfaction.scales[0].index.mean");
    assert_null_at(j, "satisfaction.scales[0].by_community[0].mean");
    assert_some_at(j, "participation.test_age_group.chi_square");
    assert_some_at(j, "satisfaction.scales[0].alpha");
    assert_some_at(j, "satisfaction.scales[0].test_community.kruskal_wallis");
    assert_some_at(j, "association.spearman[0].rho");
    assert_true(json_is_true(at(j, "association.logistic.converged")));
    assert_complete(j, "18-29,30-39,40-");
    json_decref(j);
}

static void assert_not_converged(json_t *j)
{
    assert_true(json_is_false(at(j, "association.logistic.converged")));
    json_t *terms = at(j, "association.logistic.terms");
    assert_non_null(terms);
    assert_true(json_array_size(terms) > 0);
    size_t k;
    json_t *term;
    json_array_foreach(terms, k, term) {
        assert_true(json_is_string(json_object_get(term, "term")));
        assert_true(json_is_null(json_object_get(term, "coef")));
        assert_true(json_is_null(json_object_get(term, "se")));
        assert_true(json_is_null(json_object_get(term, "p_value")));
        assert_true(json_is_null(json_object_get(term, "or_ci_high")));
    }
}

/* Those with a satisfaction index of 50 or more all take part, nobody else
   does: the index's coefficient is infinite, and the model says it did not
   converge. */
static void test_edge_separation(void **state)
{
    (void)state;
    struct tiny t;
    tiny_init(&t, 40);
    size_t yes = 0;
    for (size_t i = 0; i < t.n; i++) {
        int sum = atoi(t.row[i].sat_a) + atoi(t.row[i].sat_b) + atoi(t.row[i].sat_c);
        t.row[i].act_a = sum >= 9 ? "1" : "0"; /* index = (sum/3 - 1)/4·100 >= 50 */
        t.row[i].act_b = "0";
        yes += sum >= 9;
    }
    json_t *j = tiny_run(&t, "18-29,30-39,40-");
    assert_num_at(j, "participation.overall.participants", (double)yes);
    assert_num_at(j, "association.logistic.n", 40);
    assert_not_converged(j);
    assert_complete(j, "18-29,30-39,40-");
    json_decref(j);
}

/* Party members all take part, nobody else does: separation on a dummy.
   The |Δdeviance| < 1e-10 rule stops IRLS at fitted probabilities near
   4e-13, before they are numerically 0 or 1; stats_logit_fit() still reports
   separation because the linear predictor is beyond ±20 there (R's glm says
   converged, with a party coefficient of about 57 and SEs near 1e6). */
static void test_edge_separation_dummy(void **state)
{
    (void)state;
    struct tiny t;
    tiny_init(&t, 40);
    for (size_t i = 0; i < t.n; i++) {
        int member = !strcmp(t.row[i].party, "1");
        t.row[i].act_a = member ? "1" : "0";
        t.row[i].act_b = "0";
    }
    json_t *j = tiny_run(&t, "18-29,30-39,40-");
    assert_num_at(j, "participation.overall.participants", 8);
    assert_num_at(j, "association.logistic.n", 40);
    assert_complete(j, "18-29,30-39,40-");
    assert_not_converged(j);
    json_decref(j);
}

int main(void)
{
    /* As in canyu's main(): GSL reports errors by return code only. */
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_catches),
        cmocka_unit_test(test_boli_2024),
        cmocka_unit_test(test_boli_2023_bands),
        cmocka_unit_test(test_weighted),
        cmocka_unit_test(test_weighted_extreme),
        cmocka_unit_test(test_raked),
        cmocka_unit_test(test_edge_healthy),
        cmocka_unit_test(test_edge_small_groups),
        cmocka_unit_test(test_edge_constant_likert),
        cmocka_unit_test(test_edge_no_participation),
        cmocka_unit_test(test_edge_one_community),
        cmocka_unit_test(test_edge_zero_weights),
        cmocka_unit_test(test_edge_separation),
        cmocka_unit_test(test_edge_separation_dummy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
