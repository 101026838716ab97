/* test_validity.c — the validity and item statistics of the analysis
 * (analysis/validity.c, the section sums counted in count.c) and how the
 * report states them.
 *
 * The surveys are generated here, deterministically: six satisfaction items
 * in two scales, "alpha" (a1-a3) and "beta" (b1-b3), whose third beta item is
 * written to measure alpha's construct, with a few answers missing so that
 * the section's listwise sample differs from each scale's.  What the count
 * pass gathered is checked against the same figures computed from the
 * respondents themselves (stats_factor on their correlation matrix, item
 * statistics by brute force), on items whose minimum is not 1; then the
 * cross-loading finding in both languages, --factors, and the cases where no
 * factor analysis can be done: a copied item, a constant item, fewer
 * respondents than items.  R's values for the committed samples are checked
 * in test_analysis.c.
 */
#include "analysis/analysis.h"
#include "report/document.h"
#include "report/json.h"
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

#include <gsl/gsl_errno.h>

#define assert_close(got, want, rel) assert_close_at((got), (want), (rel), __FILE__, __LINE__)

static void assert_close_at(double got, double want, double rel, const char *file, int line)
{
    if (got == want || fabs(got - want) <= rel * fabs(want) || fabs(got - want) <= 1e-12)
        return;
    print_error("got %.17g, want %.17g (relative tolerance %g)\n", got, want, rel);
    _fail(file, line);
}

/* ## Surveys generated here */

#define ITEMS 6
#define NMAX 400

static const char codebook_text[] =
    "column,role,label_zh,label_en,scale,min,max,reverse,missing,values\n"
    "id,id,编号,ID,,,,,,\n"
    "a1,satisfaction,甲一,Alpha one,alpha,1,5,,9,\n"
    "a2,satisfaction,甲二,Alpha two,alpha,1,5,,9,\n"
    "a3,satisfaction,甲三,Alpha three,alpha,0,10,,99,\n"
    "b1,satisfaction,乙一,Beta one,beta,1,5,,9,\n"
    "b2,satisfaction,乙二,Beta two,beta,2,6,,9,\n"
    "b3,satisfaction,乙三,Beta three,beta,1,5,,9,\n";

static const int lo[ITEMS] = {1, 1, 0, 1, 2, 1}, hi[ITEMS] = {5, 5, 10, 5, 6, 5};

/* Answers: x[i][q] for respondent i and item q; -1 is missing. */
struct gen {
    int x[NMAX][ITEMS];
    size_t n;
};

/* Uniform on [0, 1) from a fixed linear congruential sequence. */
static double uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return (double)(*state >> 11) / 9007199254740992.0;
}

/* Roughly normal: the sum of twelve uniforms less 6. */
static double normal(uint64_t *state)
{
    double s = 0;
    for (int k = 0; k < 12; k++)
        s += uniform(state);
    return s - 6;
}

/* N respondents: a1-a3 and b3 follow the first latent factor, b1 and b2
   the second; every 17th respondent skips a1 and every 23rd b2. */
static void generate(struct gen *g, size_t n)
{
    uint64_t state = 20240601;
    assert_true(n <= NMAX);
    g->n = n;
    for (size_t i = 0; i < n; i++) {
        double f1 = normal(&state), f2 = normal(&state);
        const double *f[ITEMS] = {&f1, &f1, &f1, &f2, &f2, &f1};
        for (int q = 0; q < ITEMS; q++) {
            double mid = (lo[q] + hi[q]) / 2.0, spread = (hi[q] - lo[q]) / 3.5;
            double v = mid + spread * (0.8 * *f[q] + 0.6 * normal(&state));
            long r = lround(v);
            g->x[i][q] = (int)(r < lo[q] ? lo[q] : r > hi[q] ? hi[q] : r);
        }
        if (i % 17 == 3)
            g->x[i][0] = -1;
        if (i % 23 == 5)
            g->x[i][4] = -1;
    }
}

struct run {
    struct survey_codebook *cb;
    struct survey *s;
    struct survey_bands bands;
    struct an_results *r;
};

static void run_free(struct run *u)
{
    stats_results_free(u->r);
    survey_bands_free(&u->bands);
    survey_free(u->s);
    survey_codebook_free(u->cb);
}

/* Load G and analyse it with OPT (NULL: the defaults). */
static void run(const struct gen *g, const struct an_options *opt, struct run *u)
{
    size_t cap = 64 + g->n * 40, len;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len = (size_t)snprintf(csv, cap, "id,a1,a2,a3,b1,b2,b3\n");
    for (size_t i = 0; i < g->n; i++) {
        len += (size_t)snprintf(csv + len, cap - len, "%zu", i + 1);
        for (int q = 0; q < ITEMS; q++)
            len += g->x[i][q] < 0 ? (size_t)snprintf(csv + len, cap - len, ",")
                                  : (size_t)snprintf(csv + len, cap - len, ",%d", g->x[i][q]);
        len += (size_t)snprintf(csv + len, cap - len, "\n");
        assert_true(len < cap);
    }
    struct survey_error err = {0};
    u->cb = survey_codebook_parse(codebook_text, strlen(codebook_text), "codebook", &err);
    if (!u->cb)
        print_error("codebook: %s\n", err.message);
    assert_non_null(u->cb);
    u->s = survey_new(u->cb);
    assert_non_null(u->s);
    int rc = survey_load_mem(u->s, "gen.csv", csv, len, NULL, &err);
    if (rc)
        print_error("gen.csv: %s\n", err.message);
    assert_int_equal(rc, 0);
    assert_int_equal(survey_finish(u->s, NULL), 0);
    assert_int_equal(u->s->rows_loaded, (long)g->n);
    free(csv);
    assert_int_equal(survey_bands_parse(SURVEY_DEFAULT_BANDS, &u->bands, &err), 0);
    u->r = stats_analyse_with(u->s, &u->bands, NULL, opt, &err);
    if (!u->r)
        print_error("stats_analyse_with: %s\n", err.message);
    assert_non_null(u->r);
}

/* ## The same figures from the respondents */

/* The complete rows of G over items FIRST..FIRST+K: their count, and the
   validity stats_factor gives for their correlation matrix. */
static struct stats_factor *direct_factor(const struct gen *g, int first, int k, size_t nf,
                                          size_t *n_out)
{
    double mean[ITEMS] = {0}, cross[ITEMS][ITEMS] = {{0}};
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++) {
        int ok = 1;
        for (int q = 0; q < k; q++)
            ok = ok && g->x[i][first + q] >= 0;
        if (!ok)
            continue;
        n++;
        for (int q = 0; q < k; q++)
            mean[q] += g->x[i][first + q];
    }
    for (int q = 0; q < k; q++)
        mean[q] /= (double)n;
    for (size_t i = 0; i < g->n; i++) {
        int ok = 1;
        for (int q = 0; q < k; q++)
            ok = ok && g->x[i][first + q] >= 0;
        for (int q = 0; ok && q < k; q++)
            for (int r = 0; r < k; r++)
                cross[q][r] += (g->x[i][first + q] - mean[q]) * (g->x[i][first + r] - mean[r]);
    }
    double cor[ITEMS * ITEMS];
    for (int q = 0; q < k; q++)
        for (int r = 0; r < k; r++)
            cor[q * k + r] = q == r ? 1 : cross[q][r] / sqrt(cross[q][q] * cross[r][r]);
    struct stats_factor *fa = NULL;
    assert_int_equal(stats_factor(cor, (size_t)k, (double)n, nf, &fa, NULL), STATS_FACTOR_OK);
    *n_out = n;
    return fa;
}

static void check_same(const struct an_validity *V, const struct stats_factor *fa, size_t n)
{
    assert_int_equal(V->status, AN_VALIDITY_OK);
    assert_int_equal(V->k, fa->k);
    assert_close(V->n, (double)n, 0);
    assert_close(V->kmo, fa->kmo, 1e-10);
    assert_close(V->bartlett.statistic, fa->bartlett.statistic, 1e-10);
    assert_close(V->bartlett.df, fa->bartlett.df, 0);
    assert_int_equal(V->factors, fa->factors);
    for (size_t i = 0; i < V->k; i++) {
        assert_close(V->kmo_items[i], fa->kmo_items[i], 1e-10);
        assert_close(V->eigenvalues[i], fa->eigenvalues[i], 1e-10);
        assert_close(V->eigen_pct[i], 100 * fa->eigenvalues[i] / (double)V->k, 1e-12);
        for (size_t f = 0; f < V->factors; f++)
            assert_true(fabs(V->loadings[i * V->factors + f] - fa->loadings[i * fa->factors + f]) <
                        1e-9);
    }
    for (size_t f = 0; f < V->factors; f++) {
        assert_close(V->ss_loadings[f], fa->ss_loadings[f], 1e-10);
        assert_close(V->cumulative_pct[f], fa->cumulative_pct[f], 1e-10);
    }
    assert_close(V->eigen_cum[V->k - 1], 100, 1e-12);
}

/* ## Tests */

/* The section's sums (counted on their own: two scales) and each scale's
   give what the respondents give. */
static void test_sums_match_respondents(void **state)
{
    (void)state;
    static struct gen g;
    generate(&g, 300);
    struct run u;
    run(&g, NULL, &u);
    const struct an_likert *L = &u.r->satisfaction;
    assert_int_equal(L->n_scales, 2);
    assert_non_null(L->validity);
    size_t n;
    struct stats_factor *fa = direct_factor(&g, 0, ITEMS, 0, &n);
    assert_true(n < 300 && n > 250);
    check_same(L->validity, fa, n);
    assert_int_equal(L->validity->factors, 2);
    assert_int_equal(L->validity->fixed, 0);
    stats_factor_free(fa);
    for (int s = 0; s < 2; s++) {
        fa = direct_factor(&g, 3 * s, 3, 0, &n);
        assert_non_null(L->scales[s].validity);
        assert_null(L->scales[s].validity->scale_factor);
        check_same(L->scales[s].validity, fa, n);
        stats_factor_free(fa);
    }
    run_free(&u);
}

/* Item statistics against the sums of the other items, respondent by
   respondent, on items whose minimum is 0 or 2. */
static void test_item_stats(void **state)
{
    (void)state;
    static struct gen g;
    generate(&g, 300);
    struct run u;
    run(&g, NULL, &u);
    for (int s = 0; s < 2; s++) {
        const struct an_scale *S = &u.r->satisfaction.scales[s];
        assert_int_equal(S->k, 3);
        for (int q = 0; q < 3; q++) {
            double sum = 0, sum2 = 0, n = 0;
            for (size_t i = 0; i < g.n; i++) {
                int ok = 1;
                double rest = 0;
                for (int r = 0; r < 3; r++) {
                    ok = ok && g.x[i][3 * s + r] >= 0;
                    rest += r == q ? 0 : g.x[i][3 * s + r];
                }
                if (ok)
                    sum += rest, sum2 += rest * rest, n++;
            }
            assert_close(S->n, n, 0);
            assert_close(S->scale_mean_if_deleted[q], sum / n, 1e-12);
            assert_close(S->scale_var_if_deleted[q], (sum2 - sum * sum / n) / (n - 1), 1e-10);
        }
    }
    run_free(&u);
}

static int has(char **f, long n, const char *text)
{
    for (long i = 0; i < n; i++)
        if (strstr(f[i], text))
            return 1;
    return 0;
}

/* Beta three loads on alpha's factor: said in both languages, only with two
   or more factors. */
static void test_cross_loading_finding(void **state)
{
    (void)state;
    static struct gen g;
    generate(&g, 300);
    struct run u;
    run(&g, NULL, &u);
    const struct an_validity *V = u.r->satisfaction.validity;
    assert_non_null(V->scale_factor);
    assert_int_not_equal(V->scale_factor[0], V->scale_factor[1]);
    assert_int_equal(V->main_factor[5], V->scale_factor[0]);
    for (int i = 0; i < 5; i++)
        assert_int_equal(V->main_factor[i], V->scale_factor[i < 3 ? 0 : 1]);
    char **f;
    long n = report_findings(u.r, REPORT_LANG_EN, &f);
    assert_true(n > 0);
    assert_true(has(f, n, "In the factor analysis of the satisfaction items, “Beta three” "
                          "(scale “beta”) loads more on the factor of “alpha”"));
    assert_true(has(f, n, "finds 2 factors"));
    report_findings_free(f, n);
    n = report_findings(u.r, REPORT_LANG_ZH, &f);
    assert_true(n > 0);
    assert_true(has(f, n, "满意度题项的因子分析中，“乙三”（属“beta”量表）在“alpha”量表的因子上"));
    report_findings_free(f, n);
    run_free(&u);

    /* One factor: nothing to load on instead. */
    run(&g, &(struct an_options){.factors = 1}, &u);
    V = u.r->satisfaction.validity;
    assert_int_equal(V->factors, 1);
    assert_int_equal(V->fixed, 1);
    /* a scale's own analysis is not fixed */
    assert_int_equal(u.r->satisfaction.scales[0].validity->fixed, 0);
    n = report_findings(u.r, REPORT_LANG_EN, &f);
    assert_true(n > 0);
    assert_false(has(f, n, "loads more on"));
    assert_true(has(f, n, "finds 1 factor,"));
    report_findings_free(f, n);
    run_free(&u);
}

/* --factors beyond the items keeps every component. */
static void test_factors_capped(void **state)
{
    (void)state;
    static struct gen g;
    generate(&g, 300);
    struct run u;
    run(&g, &(struct an_options){.factors = 40}, &u);
    const struct an_validity *V = u.r->satisfaction.validity;
    assert_int_equal(V->status, AN_VALIDITY_OK);
    assert_int_equal(V->factors, ITEMS);
    assert_close(V->cumulative_pct[ITEMS - 1], 100, 1e-12);
    run_free(&u);
}

/* The text report of U in English. */
static char *text_of(const struct run *u)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    struct report_options o = {.format = REPORT_FORMAT_TEXT, .width = 100};
    assert_int_equal(report_document_render(u->r, REPORT_LANG_EN, &o, m), 0);
    assert_int_equal(fclose(m), 0);
    return buf;
}

/* The JSON of the satisfaction section's validity is complete but null. */
static void check_json_null(const struct run *u, const char *path)
{
    json_t *root = json_object();
    report_json_results(root, u->r);
    json_t *v = json_object_get(json_object_get(root, "satisfaction"), "validity");
    if (path) /* a scale's */
        v = json_object_get(json_array_get(json_object_get(json_object_get(root, "satisfaction"),
                                                           "scales"),
                                           (size_t)atoi(path)),
                            "validity");
    assert_non_null(v);
    assert_true(json_is_object(v));
    assert_true(json_is_array(json_object_get(v, "items")));
    assert_true(json_is_integer(json_object_get(v, "n")));
    static const char *const keys[] = {"kmo",     "kmo_items",   "bartlett",     "eigenvalues",
                                       "factors", "loadings",    "ss_loadings",  "variance_pct",
                                       "cumulative_pct"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        assert_true(json_is_null(json_object_get(v, keys[k])));
    json_decref(root);
}

/* b2 copies b1: singular, the copy named. */
static void test_singular(void **state)
{
    (void)state;
    static struct gen g;
    generate(&g, 300);
    for (size_t i = 0; i < g.n; i++)
        g.x[i][4] = g.x[i][3] < 0 ? -1 : g.x[i][3] + 1; /* 2..6 */
    struct run u;
    run(&g, NULL, &u);
    const struct an_validity *V = u.r->satisfaction.validity;
    assert_int_equal(V->status, AN_VALIDITY_SINGULAR);
    assert_string_equal(V->item, "b2");
    assert_int_equal(V->item_index, 4);
    assert_null(V->loadings);
    V = u.r->satisfaction.scales[1].validity;
    assert_int_equal(V->status, AN_VALIDITY_SINGULAR);
    assert_string_equal(V->item, "b2");
    assert_int_equal(u.r->satisfaction.scales[0].validity->status, AN_VALIDITY_OK);
    char *text = text_of(&u);
    assert_non_null(strstr(text, "All items: no factor analysis, since “Beta two” is (almost) a "
                                 "linear combination"));
    assert_non_null(strstr(text, "beta: no factor analysis, since “Beta two”"));
    /* alpha's row is still shown, and no loadings of a set that failed */
    assert_non_null(strstr(text, "Validity: KMO and Bartlett"));
    assert_null(strstr(text, "Rotated component matrix"));
    free(text);
    check_json_null(&u, NULL);
    check_json_null(&u, "1");
    char **f;
    long n = report_findings(u.r, REPORT_LANG_EN, &f);
    assert_false(has(f, n, "factor analysis of the satisfaction"));
    report_findings_free(f, n);
    run_free(&u);
}

/* Everybody gives a1 the same answer. */
static void test_constant(void **state)
{
    (void)state;
    static struct gen g;
    generate(&g, 300);
    for (size_t i = 0; i < g.n; i++)
        g.x[i][0] = 3;
    struct run u;
    run(&g, NULL, &u);
    const struct an_validity *V = u.r->satisfaction.validity;
    assert_int_equal(V->status, AN_VALIDITY_CONSTANT);
    assert_string_equal(V->item, "a1");
    assert_int_equal(u.r->satisfaction.scales[0].validity->status, AN_VALIDITY_CONSTANT);
    assert_int_equal(u.r->satisfaction.scales[1].validity->status, AN_VALIDITY_OK);
    char *text = text_of(&u);
    assert_non_null(strstr(text, "every respondent gave “Alpha one” the same answer"));
    free(text);
    check_json_null(&u, NULL);
    run_free(&u);
}

/* Five respondents for six items: too few for the section, enough for a
   scale of three. */
static void test_too_few(void **state)
{
    (void)state;
    static struct gen g;
    generate(&g, 5);
    g.x[3][0] = 2; /* answered after all */
    struct run u;
    run(&g, NULL, &u);
    const struct an_validity *V = u.r->satisfaction.validity;
    assert_int_equal(V->status, AN_VALIDITY_TOO_FEW);
    assert_null(V->item);
    assert_close(V->n, 5, 0);
    char *text = text_of(&u);
    assert_non_null(strstr(text, "All items: no factor analysis, since only 5 respondents answered "
                                 "all 6 items"));
    free(text);
    check_json_null(&u, NULL);
    run_free(&u);

    /* Three respondents for a scale of three. */
    generate(&g, 3);
    run(&g, NULL, &u);
    assert_int_equal(u.r->satisfaction.scales[1].validity->status, AN_VALIDITY_TOO_FEW);
    run_free(&u);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sums_match_respondents),
        cmocka_unit_test(test_item_stats),
        cmocka_unit_test(test_cross_loading_finding),
        cmocka_unit_test(test_factors_capped),
        cmocka_unit_test(test_singular),
        cmocka_unit_test(test_constant),
        cmocka_unit_test(test_too_few),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
