/* test_stats.c — the statistical primitives of stats/ against R.
 *
 * Every expected value below was computed by R from the same data, with
 * tests/reference/primitives.R; its output is pasted verbatim in the block
 * "Reference values from R".  To regenerate:
 *     Rscript tests/reference/primitives.R
 * The tests themselves never run R.  Besides R's values they check textbook
 * identities and the edge cases: n = 0, n = 1, constant data, all weights
 * zero, values offset by 1e6, perfect separation, an empty raking category.
 */
#include "stats/stats.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

/* cmocka 1.1's assert_float_equal compares floats; this compares doubles at
   relative tolerance REL.  A NAN expectation requires NAN. */
#define assert_close(got, want, rel) assert_close_at((got), (want), (rel), __FILE__, __LINE__)
/* Absolute tolerance, for expectations that are (or may underflow to) 0. */
#define assert_near(got, want, tol) assert_near_at((got), (want), (tol), __FILE__, __LINE__)

static void assert_close_at(double got, double want, double rel, const char *file, int line)
{
    if (isnan(want) ? isnan(got) : got == want || fabs(got - want) <= rel * fabs(want))
        return;
    print_error("got %.17g, want %.17g (relative tolerance %g)\n", got, want, rel);
    _fail(file, line);
}

static void assert_near_at(double got, double want, double tol, const char *file, int line)
{
    if (fabs(got - want) <= tol)
        return;
    print_error("got %.17g, want %.17g (absolute tolerance %g)\n", got, want, tol);
    _fail(file, line);
}

#define REL 1e-9
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ## Reference values from R (tests/reference/primitives.R, R 4.2.2, survey 4.1.1) */

static const double r_wilson_37_120[] = {0.23272736988916301, 0.39582997723800678};
static const double r_wilson_0_15[] = {0, 0.20388330103584854};
static const double r_wilson_15_15[] = {0.79611669896415138, 1};
static const double r_wilson_1_1[] = {0.2065493143772375, 1};
static const double r_wilson_37_120_90[] = {0.24385619835333927, 0.38126261286639368};
static const double r_wilson_weighted[] = {0.31486991698998873, 0.51712289727772376};
static const double r_desc[] = {12, 3.4166666666666665, 1.3113721705515067, 2.5834605406892539, 4.24987279264408};
static const double r_desc_offset[] = {1000003.4166666666, 1.3113721705515067, 1000002.5834605407, 1000004.2498727927};
static const double r_desc_weighted[] = {3.4150943396226414, 1.2246854143897143, 9.3876717415521718, 2.5007232238296342, 4.3294654554156491};
static const double r_kish[] = {9.3876717415521718, 1.2782722202444525, 1.2782722202444523};
static const double r_chisq_4x2[] = {25.89803130588859, 3, 1.0017940315270451e-05, 0.34310104068288022};
static const double r_chisq_4x2_stdres[] = {-3.5365903090450979, 3.5365903090450979, -2.0032360119933457, 2.0032360119933457, 1.1832418380604828, -1.1832418380604828, 4.0872694329439403, -4.0872694329439403};
static const double r_chisq_3x3[] = {30.262228166474475, 4, 4.3281769839841857e-06, 0.32993474483695651};
static const double r_chisq_3x3_stdres[] = {-1.5376725954904549, 2.9752864082927823, -1.272723607380881, 4.7982556146719517, -2.7891782955950766, -1.9615038029204503, -3.0664971749463983, -0.23015883513823127, 3.0920681390307783};
static const double r_chisq_2x2[] = {2.6478284476127749, 1, 0.10369145666730897};
static const double r_lbl[] = {25.463771386402282, 1, 4.5076846196971326e-07};
static const double r_lbl_scores[] = {24.677564330059681, 1, 6.7768507964331132e-07};
static const double r_kw_small[] = {0.89416058394160591, 2, 0.63949256009544131};
static const double r_kw_big[] = {27902.355311181997, 10, 0};
static const double r_kw_sort[] = {0.17693530173857608, 4, 0.99631005601909817};
static const double r_spearman_small[] = {0.84164234017429451, 4.9283936816308689, 0.00059736693041617141};
static const double r_rank_spx[] = {1, 2.5, 2.5, 4.5, 7, 7, 7, 9, 10, 11, 4.5, 12};
static const double r_spearman_big[] = {0.32900750776765969, 0};
static const double r_spearman_sort[] = {-9.7514803215409035e-05, 0.9889976691606468};
static const double r_alpha[] = {0.93145218754453474, 0.93066561026966033};
static const double r_alpha_item_total[] = {0.9541091077681757, 0.75572904413845021, 0.79273591273134114, 0.86469203054747046};
static const double r_alpha_if_deleted[] = {0.87032418952618451, 0.9364754098360657, 0.92548746518105851, 0.90234375};
static const double r_alpha_2items[] = {0.88188976377952755, 0.88588484321449334, 0.79514656794589078};
static const double r_alpha_offset[] = {0.93145218754453474};
static const double r_logit_coef[] = {-3.8358213088805004, 0.90882575668450716, 1.3884590793986265, 0.041841647504713121};
static const double r_logit_se[] = {1.6025929840021347, 0.9674550179410506, 0.90467133406137501, 0.022525989412007352};
static const double r_logit_z[] = {-2.3935093608742464, 0.93939846280262318, 1.534766303653466, 1.8574832270146442};
static const double r_logit_p[] = {0.016688055485816009, 0.34752620195755662, 0.12484124260881857, 0.063242435337532793};
static const double r_logit_or[] = {0.021583604382638247, 2.481407046337051, 4.0086682518916446, 1.0427293468825989};
static const double r_logit_or_low[] = {0.00093324216144995565, 0.37256221493744718, 0.68067920174758445, 0.99769418203289861};
static const double r_logit_or_high[] = {0.49917588101941096, 16.527121330983562, 23.607921488517906, 1.0897973651953785};
static const double r_logit_deviance[] = {44.581869484505717};
static const double r_welch_input[] = {66.785714285714292, 8.3808170984752586, 7, 80.055555555555557, 6.916666666666667, 9};
static const double r_welch[] = {-13.269841269841265, -3.3870155954975365, 11.599460550242336, 0.0056472719488976997, -21.838924464754822, -4.7007580749277098};
static const double r_prop_z[] = {-0.10192307692307695, -1.6272149358989962, 0.10369145666730871, -0.22388427382805842, 0.020038119981904537};
static const double r_rake_weights[] = {0.95571704301433769, 1.3949636387708537, 0.63770233491908568, 0.95571704301433769, 1.9050969632777057, 0.79712791864885701, 0.78727716665558145, 1.0512887473157713, 1.1624696989757113, 1.1321802033778485, 0.55798954305420001, 1.1624696989757113};

/* ## The data sets, as in primitives.R */

static const double likert[] = {3, 5, 2, 4, 4, 1, 5, 3, 2, 4, 5, 3};
static const double likert_w[] = {1.5, 0.5, 2, 1, 1, 0.8, 1.2, 3, 0.7, 1.1, 2.2, 0.9};

static const double age_yes[] = {12, 18, 30, 41};
static const double age_no[] = {38, 35, 27, 19};

static const double items[12][4] = {
    {4, 5, 4, 3}, {3, 3, 4, 3}, {5, 5, 5, 4}, {2, 3, 2, 2}, {4, 4, 3, 4}, {1, 2, 2, 1},
    {3, 4, 3, 3}, {5, 4, 5, 5}, {2, 2, 3, 2}, {4, 3, 4, 4}, {3, 3, 2, 3}, {4, 5, 4, 5},
};

/* The generated data: integer arithmetic and one division, as in R. */
static void big_index(size_t n, double *x, int *g, double *y)
{
    for (size_t i = 0; i < n; i++) {
        long long gi = (long long)((i * 31) % 11);
        long long k = (long long)((i * 7919) % 21) + gi % 4;
        x[i] = (double)(k * 100) / 24;
        g[i] = (int)gi;
        y[i] = (double)((i * 104729) % 9) + (double)(k / 7);
    }
}

static void sort_data(size_t n, double *x, int *g, double *y)
{
    for (size_t j = 0; j < n; j++) {
        g[j] = (int)(j % 5);
        x[j] = (double)((j * 7919) % 10007) / 7 + (double)g[j];
        y[j] = (double)((j * 13) % 17);
    }
}

/* ## Proportions */

static void test_wilson(void **state)
{
    (void)state;
    double lo, hi;
    assert_int_equal(stats_wilson_ci(37, 120, 0.05, &lo, &hi), 0);
    assert_close(lo, r_wilson_37_120[0], REL);
    assert_close(hi, r_wilson_37_120[1], REL);
    assert_int_equal(stats_wilson_ci(37, 120, 0.10, &lo, &hi), 0);
    assert_close(lo, r_wilson_37_120_90[0], REL);
    assert_close(hi, r_wilson_37_120_90[1], REL);
    /* The bounds at 0 and 1 are exact. */
    assert_int_equal(stats_wilson_ci(0, 15, 0.05, &lo, &hi), 0);
    assert_true(lo == 0);
    assert_close(hi, r_wilson_0_15[1], REL);
    assert_int_equal(stats_wilson_ci(15, 15, 0.05, &lo, &hi), 0);
    assert_close(lo, r_wilson_15_15[0], REL);
    assert_true(hi == 1);
    assert_int_equal(stats_wilson_ci(1, 1, 0.05, &lo, &hi), 0);
    assert_close(lo, r_wilson_1_1[0], REL);
    assert_true(hi == 1);
    /* A weighted proportion through Kish's effective n. */
    assert_int_equal(stats_wilson_ci(0.4123 * 87.3, 87.3, 0.05, &lo, &hi), 0);
    assert_close(lo, r_wilson_weighted[0], REL);
    assert_close(hi, r_wilson_weighted[1], REL);
}

static void test_wilson_invalid(void **state)
{
    (void)state;
    double lo = 0, hi = 0;
    assert_int_equal(stats_wilson_ci(0, 0, 0.05, &lo, &hi), -1);
    assert_true(isnan(lo) && isnan(hi));
    assert_int_equal(stats_wilson_ci(5, 4, 0.05, &lo, &hi), -1);
    assert_int_equal(stats_wilson_ci(-1, 4, 0.05, &lo, &hi), -1);
    assert_int_equal(stats_wilson_ci(NAN, 4, 0.05, &lo, &hi), -1);
    assert_int_equal(stats_wilson_ci(1, 4, 0, &lo, &hi), -1);
}

static void test_prop_z(void **state)
{
    (void)state;
    struct stats_diff d;
    assert_int_equal(stats_prop_z_test(45, 120, 62, 130, &d), 0);
    assert_close(d.difference, r_prop_z[0], REL);
    assert_close(d.statistic, r_prop_z[1], REL);
    assert_close(d.p_value, r_prop_z[2], REL);
    assert_close(d.ci_low, r_prop_z[3], REL);
    assert_close(d.ci_high, r_prop_z[4], REL);
    assert_true(isnan(d.df));
    /* z² is the chi-square of the same 2×2 table. */
    assert_close(d.statistic * d.statistic, r_chisq_2x2[0], REL);
    /* No variation: no test, but a difference of 0. */
    assert_int_equal(stats_prop_z_test(0, 10, 0, 20, &d), 0);
    assert_true(d.difference == 0);
    assert_true(isnan(d.statistic) && isnan(d.p_value));
    assert_int_equal(stats_prop_z_test(1, 0, 1, 2, &d), -1);
    assert_true(isnan(d.difference));
}

/* ## Descriptives */

static void check_desc(const struct stats_describe *d, double n, double mean, double sd,
                       double lo, double hi)
{
    assert_close(d->n, n, 0);
    assert_close(d->mean, mean, REL);
    assert_close(d->sd, sd, REL);
    assert_close(d->ci_low, lo, REL);
    assert_close(d->ci_high, hi, REL);
}

static void test_describe(void **state)
{
    (void)state;
    struct stats_describe d;
    assert_int_equal(stats_describe(likert, NULL, 12, &d), 0);
    check_desc(&d, r_desc[0], r_desc[1], r_desc[2], r_desc[3], r_desc[4]);
    assert_close(d.n_eff, 12, REL);
    /* Weights of 1 are the unweighted case. */
    double ones[12];
    for (size_t i = 0; i < 12; i++)
        ones[i] = 1;
    assert_int_equal(stats_describe(likert, ones, 12, &d), 0);
    check_desc(&d, r_desc[0], r_desc[1], r_desc[2], r_desc[3], r_desc[4]);

    double off[12];
    for (size_t i = 0; i < 12; i++)
        off[i] = likert[i] + 1e6;
    assert_int_equal(stats_describe(off, NULL, 12, &d), 0);
    check_desc(&d, 12, r_desc_offset[0], r_desc_offset[1], r_desc_offset[2], r_desc_offset[3]);
}

static void test_describe_weighted(void **state)
{
    (void)state;
    struct stats_describe d;
    assert_int_equal(stats_describe(likert, likert_w, 12, &d), 0);
    check_desc(&d, 12, r_desc_weighted[0], r_desc_weighted[1], r_desc_weighted[3],
               r_desc_weighted[4]);
    assert_close(d.n_eff, r_desc_weighted[2], REL);

    /* A zero weight counts in n but not in the estimates (survey's m). */
    double x[13], w[13];
    for (size_t i = 0; i < 12; i++) {
        x[i] = likert[i];
        w[i] = likert_w[i];
    }
    x[12] = 100;
    w[12] = 0;
    assert_int_equal(stats_describe(x, w, 13, &d), 0);
    check_desc(&d, 13, r_desc_weighted[0], r_desc_weighted[1], r_desc_weighted[3],
               r_desc_weighted[4]);

    /* Rescaling analytic weights changes nothing. */
    for (size_t i = 0; i < 12; i++)
        w[i] = likert_w[i] * 1000;
    assert_int_equal(stats_describe(likert, w, 12, &d), 0);
    check_desc(&d, 12, r_desc_weighted[0], r_desc_weighted[1], r_desc_weighted[3],
               r_desc_weighted[4]);
}

static void test_describe_edges(void **state)
{
    (void)state;
    struct stats_describe d;
    assert_int_equal(stats_describe(NULL, NULL, 0, &d), 0);
    assert_true(d.n == 0 && isnan(d.mean) && isnan(d.sd) && isnan(d.ci_low) && isnan(d.n_eff));

    double one = 4.5;
    assert_int_equal(stats_describe(&one, NULL, 1, &d), 0);
    assert_true(d.n == 1 && d.mean == 4.5 && isnan(d.sd) && isnan(d.ci_high));

    double same[5] = {3, 3, 3, 3, 3};
    assert_int_equal(stats_describe(same, NULL, 5, &d), 0);
    assert_true(d.mean == 3 && d.sd == 0 && d.ci_low == 3 && d.ci_high == 3);

    double zero[12] = {0};
    assert_int_equal(stats_describe(likert, zero, 12, &d), 0);
    assert_true(d.n == 12 && d.sum_w == 0 && isnan(d.mean) && isnan(d.sd) && isnan(d.n_eff));

    /* One positive weight: a mean, no spread. */
    zero[3] = 2;
    assert_int_equal(stats_describe(likert, zero, 12, &d), 0);
    assert_true(d.mean == likert[3] && isnan(d.sd));

    double neg[2] = {1, -1}, bad[2] = {1, NAN};
    assert_int_equal(stats_describe(likert, neg, 2, &d), -1);
    assert_int_equal(stats_describe(bad, NULL, 2, &d), -1);
    assert_true(isnan(d.mean) && d.n == 2);
}

static void test_moments_groups(void **state)
{
    (void)state;
    /* The accumulator gives each group its own statistics in one pass:
       split the Likert data into its two halves and the whole. */
    struct stats_moments acc[2], all;
    stats_moments_init(&acc[0]);
    stats_moments_init(&acc[1]);
    stats_moments_init(&all);
    for (size_t i = 0; i < 12; i++) {
        stats_moments_add(&acc[i % 2], likert[i], 1);
        stats_moments_add(&all, likert[i], 1);
    }
    struct stats_describe d0, d1, da;
    stats_moments_result(&acc[0], &d0);
    stats_moments_result(&acc[1], &d1);
    stats_moments_result(&all, &da);
    /* Even positions 3,2,4,5,2,5; odd 5,4,1,3,4,3. */
    assert_close(d0.mean, 21.0 / 6, REL);
    assert_close(d0.sd, sqrt(9.5 / 5), REL);
    assert_close(d1.mean, 20.0 / 6, REL);
    assert_close(d1.sd, sqrt(28.0 / 3 / 5), REL);
    assert_close(da.sd, r_desc[2], REL);
}

static void test_moments_add_many(void **state)
{
    (void)state;
    /* A count table of the weighted Likert data, level by level, gives the
       same figures as the values one by one (R's, from the same data). */
    struct stats_moments acc;
    stats_moments_init(&acc);
    for (int level = 1; level <= 5; level++) {
        double n = 0, npos = 0, sw = 0, sw2 = 0;
        for (size_t i = 0; i < 12; i++)
            if (likert[i] == level) {
                n += 1;
                npos += likert_w[i] > 0;
                sw += likert_w[i];
                sw2 += likert_w[i] * likert_w[i];
            }
        stats_moments_add_many(&acc, level, n, npos, sw, sw2);
    }
    struct stats_describe d;
    stats_moments_result(&acc, &d);
    check_desc(&d, 12, r_desc_weighted[0], r_desc_weighted[1], r_desc_weighted[3],
               r_desc_weighted[4]);
    assert_close(d.n_eff, r_desc_weighted[2], REL);
    /* A block of zero weight counts in n only. */
    stats_moments_add_many(&acc, 99, 3, 0, 0, 0);
    stats_moments_result(&acc, &d);
    assert_close(d.n, 15, 0);
    assert_close(d.mean, r_desc_weighted[0], REL);
}

/* ## Weights */

static void test_kish(void **state)
{
    (void)state;
    assert_close(stats_kish_neff(likert_w, 12), r_kish[0], REL);
    assert_close(stats_design_effect(likert_w, 12), r_kish[1], REL);
    assert_close(stats_design_effect(likert_w, 12), r_kish[2], REL);
    double ones[4] = {2, 2, 2, 2}, zero[3] = {0};
    assert_close(stats_kish_neff(ones, 4), 4, REL);
    assert_close(stats_design_effect(ones, 4), 1, REL);
    assert_true(isnan(stats_kish_neff(zero, 3)));
    assert_true(isnan(stats_design_effect(zero, 3)));
    assert_true(isnan(stats_kish_neff(NULL, 0)));
}

/* ## Contingency tables */

static void check_chisq(const struct stats_chisq *c, const double *want)
{
    assert_close(c->statistic, want[0], REL);
    assert_close(c->df, want[1], 0);
    assert_close(c->p_value, want[2], REL);
    assert_close(c->cramers_v, want[3], REL);
}

static void test_chisq(void **state)
{
    (void)state;
    double t42[8], res[10];
    for (size_t i = 0; i < 4; i++) {
        t42[2 * i] = age_yes[i];
        t42[2 * i + 1] = age_no[i];
    }
    struct stats_chisq c;
    assert_int_equal(stats_chisq_test(t42, 4, 2, &c, res), 0);
    check_chisq(&c, r_chisq_4x2);
    assert_close(c.n, 220, 0);
    for (size_t k = 0; k < 8; k++)
        assert_close(res[k], r_chisq_4x2_stdres[k], REL);

    /* An empty age group is dropped: same test, NAN residuals for it. */
    double t52[10] = {t42[0], t42[1], 0, 0, t42[2], t42[3], t42[4], t42[5], t42[6], t42[7]};
    assert_int_equal(stats_chisq_test(t52, 5, 2, &c, res), 0);
    check_chisq(&c, r_chisq_4x2);
    assert_true(c.rows == 4 && c.cols == 2);
    assert_true(isnan(res[2]) && isnan(res[3]));
    assert_close(res[9], r_chisq_4x2_stdres[7], REL);

    const double t33[9] = {10, 20, 15, 25, 5, 12, 8, 14, 30};
    double res33[9];
    assert_int_equal(stats_chisq_test(t33, 3, 3, &c, res33), 0);
    check_chisq(&c, r_chisq_3x3);
    for (size_t k = 0; k < 9; k++)
        assert_close(res33[k], r_chisq_3x3_stdres[k], REL);

    /* No continuity correction on a 2×2 table; residuals optional. */
    const double t22[4] = {45, 75, 62, 68};
    assert_int_equal(stats_chisq_test(t22, 2, 2, &c, NULL), 0);
    assert_close(c.statistic, r_chisq_2x2[0], REL);
    assert_close(c.p_value, r_chisq_2x2[2], REL);
    /* Cramér's V of a 2×2 table is |phi| = sqrt(X²/n). */
    assert_close(c.cramers_v, sqrt(r_chisq_2x2[0] / 250), REL);
}

static void test_chisq_edges(void **state)
{
    (void)state;
    struct stats_chisq c;
    double res[4];
    const double one_row[4] = {5, 7, 0, 0};
    assert_int_equal(stats_chisq_test(one_row, 2, 2, &c, res), 0);
    assert_true(isnan(c.statistic) && isnan(c.p_value) && isnan(c.cramers_v) && isnan(res[0]));
    const double empty[4] = {0};
    assert_int_equal(stats_chisq_test(empty, 2, 2, &c, NULL), 0);
    assert_true(c.n == 0 && isnan(c.df));
    const double neg[4] = {1, 2, -3, 4};
    assert_int_equal(stats_chisq_test(neg, 2, 2, &c, NULL), -1);
    /* Independence exactly: X² = 0, p = 1. */
    const double indep[4] = {10, 20, 30, 60};
    assert_int_equal(stats_chisq_test(indep, 2, 2, &c, NULL), 0);
    assert_near(c.statistic, 0, 1e-12);
    assert_close(c.p_value, 1, REL);
}

static void test_linear_by_linear(void **state)
{
    (void)state;
    double total[4];
    for (size_t i = 0; i < 4; i++)
        total[i] = age_yes[i] + age_no[i];
    struct stats_test t;
    assert_int_equal(stats_linear_by_linear(age_yes, total, NULL, 4, &t), 0);
    assert_close(t.statistic, r_lbl[0], REL);
    assert_close(t.df, 1, 0);
    assert_close(t.p_value, r_lbl[2], REL);
    const double scores[4] = {20, 35, 45, 70};
    assert_int_equal(stats_linear_by_linear(age_yes, total, scores, 4, &t), 0);
    assert_close(t.statistic, r_lbl_scores[0], REL);
    assert_close(t.p_value, r_lbl_scores[2], REL);
    /* Shifting the scores by 1e6 changes nothing. */
    const double far[4] = {1e6 + 1, 1e6 + 2, 1e6 + 3, 1e6 + 4};
    assert_int_equal(stats_linear_by_linear(age_yes, total, far, 4, &t), 0);
    assert_close(t.statistic, r_lbl[0], 1e-8);

    /* Undefined: every outcome a success, one group, nobody. */
    assert_int_equal(stats_linear_by_linear(total, total, NULL, 4, &t), 0);
    assert_true(isnan(t.statistic) && isnan(t.p_value));
    assert_int_equal(stats_linear_by_linear(age_yes, total, NULL, 1, &t), 0);
    assert_true(isnan(t.statistic));
    const double zero[2] = {0, 0};
    assert_int_equal(stats_linear_by_linear(zero, zero, NULL, 2, &t), 0);
    assert_true(isnan(t.statistic));
    assert_int_equal(stats_linear_by_linear(total, age_yes, NULL, 4, &t), -1);
}

/* ## Ranks */

static void test_rank_average(void **state)
{
    (void)state;
    const double x[12] = {1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 3, 8};
    double r[12];
    assert_int_equal(stats_rank_average(x, 12, r), 0);
    for (size_t i = 0; i < 12; i++)
        assert_close(r[i], r_rank_spx[i], 0);
    /* The sorting path: more distinct values than the counting limit. */
    size_t n = 3 * STATS_RANK_COUNTING_MAX;
    double *v = malloc(n * sizeof *v), *rv = malloc(n * sizeof *rv);
    assert_non_null(v);
    assert_non_null(rv);
    for (size_t i = 0; i < n; i++)
        v[i] = (double)((n - 1 - i) / 2); /* pairs of ties, descending */
    assert_int_equal(stats_rank_average(v, n, rv), 0);
    assert_close(rv[0], (double)n - 0.5, 0);
    assert_close(rv[n - 1], 1.5, 0);
    free(v);
    free(rv);
    double bad = NAN;
    assert_int_equal(stats_rank_average(&bad, 1, r), -1);
}

static void test_kruskal_small(void **state)
{
    (void)state;
    /* R's data plus two observations in no group and an empty fourth group. */
    const double x[17] = {2.5, 3, 3, 4, 1, 2, 2.5, 5, 4, 4, 3.5, 1, 2, 3, 5, 99, -7};
    const int g[17] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, -1, -1};
    struct stats_test t;
    assert_int_equal(stats_kruskal_wallis(x, g, 17, 4, &t), 0);
    assert_close(t.statistic, r_kw_small[0], REL);
    assert_close(t.df, r_kw_small[1], 0);
    assert_close(t.p_value, r_kw_small[2], REL);
    /* Offsetting every value by 1e6 keeps the ranks. */
    double off[15];
    for (size_t i = 0; i < 15; i++)
        off[i] = x[i] + 1e6;
    assert_int_equal(stats_kruskal_wallis(off, g, 15, 3, &t), 0);
    assert_close(t.statistic, r_kw_small[0], REL);
}

static void test_kruskal_edges(void **state)
{
    (void)state;
    struct stats_test t;
    const double x[4] = {1, 2, 3, 4}, same[4] = {2, 2, 2, 2};
    const int g[4] = {0, 0, 1, 1}, one[4] = {1, 1, 1, 1}, bad[4] = {0, 1, 2, 0};
    assert_int_equal(stats_kruskal_wallis(NULL, NULL, 0, 2, &t), 0);
    assert_true(isnan(t.statistic) && isnan(t.df) && isnan(t.p_value));
    assert_int_equal(stats_kruskal_wallis(x, one, 4, 2, &t), 0);
    assert_true(isnan(t.statistic));
    assert_int_equal(stats_kruskal_wallis(same, g, 4, 2, &t), 0);
    assert_true(isnan(t.statistic));
    assert_int_equal(stats_kruskal_wallis(x, g, 1, 2, &t), 0);
    assert_true(isnan(t.statistic));
    assert_int_equal(stats_kruskal_wallis(x, bad, 4, 2, &t), -1);
    /* Two groups of two, fully separated: H = 2.4 by hand. */
    assert_int_equal(stats_kruskal_wallis(x, g, 4, 2, &t), 0);
    assert_close(t.statistic, 2.4, REL);
    assert_close(t.df, 1, 0);
}

static void test_kruskal_table(void **state)
{
    (void)state;
    /* test_kruskal_small's data as counts: groups × the values 1, 2, 2.5,
       3, 3.5, 4, 5 and an unused 6, plus an empty fourth group. */
    const double byval[4 * 8] = {
        1, 0, 1, 2, 0, 1, 0, 0, /* 2.5 3 3 4 1 */
        0, 1, 1, 0, 0, 2, 1, 0, /* 2 2.5 5 4 4 */
        1, 1, 0, 1, 1, 0, 1, 0, /* 3.5 1 2 3 5 */
        0, 0, 0, 0, 0, 0, 0, 0,
    };
    struct stats_test t;
    assert_int_equal(stats_kruskal_wallis_table(byval, 4, 8, &t), 0);
    assert_close(t.statistic, r_kw_small[0], REL);
    assert_close(t.df, r_kw_small[1], 0);
    assert_close(t.p_value, r_kw_small[2], REL);
    /* All tied, one group, no groups, a negative count. */
    const double tied[2] = {3, 4}, one[2] = {3, 4}, neg[2] = {1, -1};
    assert_int_equal(stats_kruskal_wallis_table(tied, 2, 1, &t), 0);
    assert_true(isnan(t.statistic) && isnan(t.p_value));
    assert_int_equal(stats_kruskal_wallis_table(one, 1, 2, &t), 0);
    assert_true(isnan(t.statistic));
    assert_int_equal(stats_kruskal_wallis_table(NULL, 0, 0, &t), 0);
    assert_true(isnan(t.statistic));
    assert_int_equal(stats_kruskal_wallis_table(neg, 1, 2, &t), -1);
}

static void test_spearman_table(void **state)
{
    (void)state;
    /* test_spearman's pairs, whose values are 1..8, as an 8×8 table. */
    const double x[12] = {1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 3, 8};
    const double y[12] = {2, 1, 3, 3, 5, 4, 6, 6, 8, 7, 2, 5};
    double count[8 * 8] = {0};
    for (size_t i = 0; i < 12; i++)
        count[(size_t)(x[i] - 1) * 8 + (size_t)(y[i] - 1)] += 1;
    struct stats_spearman s;
    assert_int_equal(stats_spearman_table(count, 8, 8, &s), 0);
    assert_close(s.n, 12, 0);
    assert_close(s.rho, r_spearman_small[0], REL);
    assert_close(s.t, r_spearman_small[1], REL);
    assert_close(s.df, 10, 0);
    assert_close(s.p_value, r_spearman_small[2], REL);
    /* A constant x, a single pair, a negative count. */
    const double row[3] = {1, 2, 3}, single[1] = {1}, neg[2] = {2, -1};
    assert_int_equal(stats_spearman_table(row, 1, 3, &s), 0);
    assert_true(isnan(s.rho) && s.n == 6);
    assert_int_equal(stats_spearman_table(single, 1, 1, &s), 0);
    assert_true(isnan(s.rho));
    assert_int_equal(stats_spearman_table(neg, 1, 2, &s), -1);
}

static void test_rank_tests_big(void **state)
{
    (void)state;
    size_t n = 1000000;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    int *g = malloc(n * sizeof *g);
    assert_true(x && y && g);
    big_index(n, x, g, y);
    struct stats_test t;
    assert_int_equal(stats_kruskal_wallis(x, g, n, 11, &t), 0);
    assert_close(t.statistic, r_kw_big[0], REL);
    assert_close(t.df, r_kw_big[1], 0);
    assert_near(t.p_value, r_kw_big[2], 1e-300);
    struct stats_spearman s;
    assert_int_equal(stats_spearman(x, y, n, &s), 0);
    assert_close(s.rho, r_spearman_big[0], REL);
    assert_near(s.p_value, r_spearman_big[1], 1e-300);

    /* More than STATS_RANK_COUNTING_MAX distinct values: the sorting path. */
    size_t m = 20000;
    sort_data(m, x, g, y);
    assert_int_equal(stats_kruskal_wallis(x, g, m, 5, &t), 0);
    assert_close(t.statistic, r_kw_sort[0], REL);
    assert_close(t.df, r_kw_sort[1], 0);
    assert_close(t.p_value, r_kw_sort[2], REL);
    assert_int_equal(stats_spearman(x, y, m, &s), 0);
    assert_close(s.rho, r_spearman_sort[0], REL);
    assert_close(s.p_value, r_spearman_sort[1], REL);
    free(x);
    free(y);
    free(g);
}

static void test_spearman(void **state)
{
    (void)state;
    const double x[12] = {1, 2, 2, 3, 4, 4, 4, 5, 6, 7, 3, 8};
    const double y[12] = {2, 1, 3, 3, 5, 4, 6, 6, 8, 7, 2, 5};
    struct stats_spearman s;
    assert_int_equal(stats_spearman(x, y, 12, &s), 0);
    assert_close(s.n, 12, 0);
    assert_close(s.rho, r_spearman_small[0], REL);
    assert_close(s.t, r_spearman_small[1], REL);
    assert_close(s.df, 10, 0);
    assert_close(s.p_value, r_spearman_small[2], REL);
    /* Symmetric, and reversing one variable flips the sign. */
    double neg[12];
    for (size_t i = 0; i < 12; i++)
        neg[i] = 1e6 - y[i];
    assert_int_equal(stats_spearman(neg, x, 12, &s), 0);
    assert_close(s.rho, -r_spearman_small[0], REL);
    assert_close(s.p_value, r_spearman_small[2], REL);
}

static void test_spearman_edges(void **state)
{
    (void)state;
    struct stats_spearman s;
    const double x[4] = {1, 2, 3, 4}, c[4] = {5, 5, 5, 5};
    assert_int_equal(stats_spearman(NULL, NULL, 0, &s), 0);
    assert_true(s.n == 0 && isnan(s.rho) && isnan(s.p_value));
    assert_int_equal(stats_spearman(x, x, 1, &s), 0);
    assert_true(isnan(s.rho));
    assert_int_equal(stats_spearman(x, c, 4, &s), 0);
    assert_true(isnan(s.rho) && isnan(s.p_value));
    /* n = 2: rho is ±1 but there are no degrees of freedom. */
    assert_int_equal(stats_spearman(x, x, 2, &s), 0);
    assert_true(s.rho == 1 && isnan(s.p_value));
    assert_int_equal(stats_spearman(x, x, 4, &s), 0);
    assert_true(s.rho == 1 && s.p_value == 0 && isinf(s.t));
    const double bad[2] = {1, INFINITY};
    assert_int_equal(stats_spearman(bad, x, 2, &s), -1);
}

/* ## Reliability */

static void test_alpha(void **state)
{
    (void)state;
    struct stats_alpha a;
    double it[4], del[4];
    assert_int_equal(stats_alpha(&items[0][0], 12, 4, &a, it, del), 0);
    assert_close(a.n, 12, 0);
    assert_close(a.alpha, r_alpha[0], REL);
    assert_close(a.std_alpha, r_alpha[1], REL);
    for (size_t i = 0; i < 4; i++) {
        assert_close(it[i], r_alpha_item_total[i], REL);
        assert_close(del[i], r_alpha_if_deleted[i], REL);
    }

    /* Offset by 1e6: the covariances must not cancel. */
    double off[12][4];
    for (size_t r = 0; r < 12; r++)
        for (size_t c = 0; c < 4; c++)
            off[r][c] = items[r][c] + 1e6;
    assert_int_equal(stats_alpha(&off[0][0], 12, 4, &a, NULL, NULL), 0);
    assert_close(a.alpha, r_alpha_offset[0], 1e-8);

    /* Two items: no alpha-if-deleted; item-total is their correlation. */
    double two[12][2];
    for (size_t r = 0; r < 12; r++) {
        two[r][0] = items[r][0];
        two[r][1] = items[r][1];
    }
    assert_int_equal(stats_alpha(&two[0][0], 12, 2, &a, it, del), 0);
    assert_close(a.alpha, r_alpha_2items[0], REL);
    assert_close(a.std_alpha, r_alpha_2items[1], REL);
    assert_close(it[0], r_alpha_2items[2], REL);
    assert_close(it[1], r_alpha_2items[2], REL);
    assert_true(isnan(del[0]) && isnan(del[1]));
}

static void test_alpha_edges(void **state)
{
    (void)state;
    struct stats_alpha a;
    double it[3], del[3];
    /* One item: undefined. */
    assert_int_equal(stats_alpha(likert, 12, 1, &a, it, del), -1);
    assert_true(isnan(a.alpha) && isnan(a.std_alpha) && isnan(it[0]) && isnan(del[0]));
    /* Constant answers: total variance 0. */
    const double same[4][3] = {{3, 3, 3}, {3, 3, 3}, {3, 3, 3}, {3, 3, 3}};
    assert_int_equal(stats_alpha(&same[0][0], 4, 3, &a, it, del), 0);
    assert_true(isnan(a.alpha) && isnan(a.std_alpha) && isnan(it[0]) && isnan(del[2]));
    /* One constant item: alpha exists, standardized alpha does not. */
    const double part[4][3] = {{1, 2, 3}, {2, 3, 3}, {4, 4, 3}, {5, 4, 3}};
    assert_int_equal(stats_alpha(&part[0][0], 4, 3, &a, it, del), 0);
    assert_true(isfinite(a.alpha) && isnan(a.std_alpha) && isnan(it[2]));
    /* n = 0 and n = 1. */
    assert_int_equal(stats_alpha(NULL, 0, 3, &a, it, del), 0);
    assert_true(isnan(a.alpha) && isnan(it[1]));
    assert_int_equal(stats_alpha(&part[0][0], 1, 3, &a, it, del), 0);
    assert_true(isnan(a.alpha) && isnan(a.std_alpha));
}

static void test_cov_accumulator(void **state)
{
    (void)state;
    struct stats_cov *acc = stats_cov_new(2);
    assert_non_null(acc);
    const double rows[4][2] = {{1, 2}, {2, 4}, {3, 5}, {4, 9}};
    for (size_t i = 0; i < 4; i++)
        stats_cov_add(acc, rows[i]);
    double cov[4];
    stats_cov_matrix(acc, cov);
    assert_int_equal(stats_cov_n(acc), 4);
    /* By hand: var(x) = 5/3, var(y) = 26/3, cov = 11/3. */
    assert_close(cov[0], 5.0 / 3, REL);
    assert_close(cov[3], 26.0 / 3, REL);
    assert_close(cov[1], 11.0 / 3, REL);
    assert_close(cov[2], 11.0 / 3, REL);
    stats_cov_free(acc);
    stats_cov_free(NULL);
    assert_null(stats_cov_new(0));
}

static void test_cov_from_sums(void **state)
{
    (void)state;
    /* test_cov_accumulator's rows, then the same offset by 60000: exact
       integer sums lose nothing to the offset. */
    const uint64_t rows[4][2] = {{1, 2}, {2, 4}, {3, 5}, {4, 9}};
    for (uint64_t off = 0; off <= 60000; off += 60000) {
        uint64_t sum[2] = {0}, cross[4] = {0};
        for (size_t i = 0; i < 4; i++)
            for (size_t q = 0; q < 2; q++) {
                sum[q] += rows[i][q] + off;
                for (size_t r = q; r < 2; r++)
                    cross[q * 2 + r] += (rows[i][q] + off) * (rows[i][r] + off);
            }
        double cov[4];
        stats_cov_from_sums(sum, cross, 2, 4, cov);
        assert_close(cov[0], 5.0 / 3, 1e-15);
        assert_close(cov[3], 26.0 / 3, 1e-15);
        assert_close(cov[1], 11.0 / 3, 1e-15);
        assert_close(cov[2], 11.0 / 3, 1e-15);
    }
    const uint64_t one[1] = {7}, sq[1] = {49};
    double c;
    stats_cov_from_sums(one, sq, 1, 1, &c);
    assert_true(isnan(c));
}

/* ## Logistic regression */

static const double lg[40] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1,
                              2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0};
static const double lidx[40] = {60, 80, 70, 65, 25, 80, 40, 70, 55, 40, 25, 90, 90, 40,
                                75, 40, 40, 30, 70, 50, 65, 75, 45, 60, 25, 50, 45, 70,
                                55, 75, 25, 40, 80, 75, 50, 30, 50, 65, 55, 65};
static const double ly[40] = {0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
                              0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1};

static void test_logit(void **state)
{
    (void)state;
    double x[40][4];
    for (size_t i = 0; i < 40; i++) {
        x[i][0] = 1;
        x[i][1] = lg[i] == 1;
        x[i][2] = lg[i] == 2;
        x[i][3] = lidx[i];
    }
    struct stats_logit *f = stats_logit_fit(&x[0][0], ly, 40, 4);
    assert_non_null(f);
    assert_int_equal(f->status, STATS_LOGIT_OK);
    assert_true(f->converged);
    assert_true(f->iterations >= 3 && f->iterations <= 10);
    assert_close(f->deviance, r_logit_deviance[0], REL);
    for (size_t j = 0; j < 4; j++) {
        assert_close(f->coef[j], r_logit_coef[j], REL);
        assert_close(f->se[j], r_logit_se[j], REL);
        assert_close(f->z[j], r_logit_z[j], REL);
        assert_close(f->p_value[j], r_logit_p[j], REL);
        assert_close(f->odds_ratio[j], r_logit_or[j], REL);
        assert_close(f->or_ci_low[j], r_logit_or_low[j], REL);
        assert_close(f->or_ci_high[j], r_logit_or_high[j], REL);
    }
    stats_logit_free(f);
    stats_logit_free(NULL);
}

static void test_logit_grouped(void **state)
{
    (void)state;
    /* test_logit's observations pooled by predictor row: the same fit. */
    double x[40][4], succ[40], trials[40];
    size_t n = 0;
    for (size_t i = 0; i < 40; i++) {
        double row[4] = {1, lg[i] == 1, lg[i] == 2, lidx[i]};
        size_t k = 0;
        while (k < n && memcmp(x[k], row, sizeof row))
            k++;
        if (k == n) {
            memcpy(x[n], row, sizeof row);
            succ[n] = trials[n] = 0;
            n++;
        }
        succ[k] += ly[i];
        trials[k] += 1;
    }
    assert_true(n < 40);
    struct stats_logit *f = stats_logit_fit_grouped(&x[0][0], succ, trials, n, 4);
    assert_non_null(f);
    assert_int_equal(f->status, STATS_LOGIT_OK);
    assert_int_equal(f->n, 40);
    assert_close(f->deviance, r_logit_deviance[0], REL);
    for (size_t j = 0; j < 4; j++) {
        assert_close(f->coef[j], r_logit_coef[j], REL);
        assert_close(f->se[j], r_logit_se[j], REL);
        assert_close(f->p_value[j], r_logit_p[j], REL);
    }
    stats_logit_free(f);
    /* More successes than trials is not binomial data. */
    succ[0] = trials[0] + 1;
    f = stats_logit_fit_grouped(&x[0][0], succ, trials, n, 4);
    assert_non_null(f);
    assert_int_equal(f->status, STATS_LOGIT_TOO_FEW);
    stats_logit_free(f);
}

static void test_logit_failures(void **state)
{
    (void)state;
    /* Perfect separation: y = 1 exactly when x > 5. */
    double x[10][2], y[10];
    for (size_t i = 0; i < 10; i++) {
        x[i][0] = 1;
        x[i][1] = (double)(i + 1);
        y[i] = i >= 5;
    }
    struct stats_logit *f = stats_logit_fit(&x[0][0], y, 10, 2);
    assert_non_null(f);
    assert_false(f->converged);
    assert_int_equal(f->status, STATS_LOGIT_SEPARATION);
    assert_true(isnan(f->coef[1]) && isnan(f->se[1]) && isnan(f->odds_ratio[1]));
    stats_logit_free(f);

    /* Collinear columns. */
    double c[10][3];
    for (size_t i = 0; i < 10; i++) {
        c[i][0] = 1;
        c[i][1] = (double)(i % 3);
        c[i][2] = 2 * c[i][1] + 1;
        y[i] = (i * 7) % 4 == 1;
    }
    f = stats_logit_fit(&c[0][0], y, 10, 3);
    assert_non_null(f);
    assert_false(f->converged);
    assert_int_equal(f->status, STATS_LOGIT_SINGULAR);
    assert_true(isnan(f->coef[0]));
    stats_logit_free(f);

    /* The outcome does not vary; too few rows; not 0/1. */
    for (size_t i = 0; i < 10; i++)
        y[i] = 1;
    f = stats_logit_fit(&x[0][0], y, 10, 2);
    assert_non_null(f);
    assert_int_equal(f->status, STATS_LOGIT_TOO_FEW);
    assert_false(f->converged);
    stats_logit_free(f);
    f = stats_logit_fit(&x[0][0], y, 2, 2);
    assert_int_equal(f->status, STATS_LOGIT_TOO_FEW);
    stats_logit_free(f);
    y[0] = 0.5;
    f = stats_logit_fit(&x[0][0], y, 10, 2);
    assert_int_equal(f->status, STATS_LOGIT_TOO_FEW);
    stats_logit_free(f);
    f = stats_logit_fit(NULL, NULL, 0, 1);
    assert_int_equal(f->status, STATS_LOGIT_TOO_FEW);
    stats_logit_free(f);
    assert_null(stats_logit_fit(NULL, NULL, 0, 0));
}

/* ## Two groups from summaries */

static void test_welch(void **state)
{
    (void)state;
    const double *in = r_welch_input;
    struct stats_diff d;
    assert_int_equal(stats_welch_t_test(in[0], in[1], in[2], in[3], in[4], in[5], &d), 0);
    assert_close(d.difference, r_welch[0], REL);
    assert_close(d.statistic, r_welch[1], REL);
    assert_close(d.df, r_welch[2], REL);
    assert_close(d.p_value, r_welch[3], REL);
    assert_close(d.ci_low, r_welch[4], REL);
    assert_close(d.ci_high, r_welch[5], REL);
    /* Equal SDs and ns: df = 2(n - 1). */
    assert_int_equal(stats_welch_t_test(1e6 + 1, 2, 10, 1e6, 2, 10, &d), 0);
    assert_close(d.df, 18, REL);
    /* Both SDs zero; n = 1. */
    assert_int_equal(stats_welch_t_test(3, 0, 5, 2, 0, 5, &d), 0);
    assert_true(d.difference == 1 && isnan(d.statistic) && isnan(d.p_value));
    assert_int_equal(stats_welch_t_test(3, 1, 1, 2, 1, 5, &d), -1);
    assert_true(isnan(d.difference));
}

/* ## Raking */

static const int rage[12] = {0, 1, 2, 0, 1, 2, 0, 0, 1, 2, 2, 1};
static const int rsex[12] = {0, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1};
static const double rw[12] = {1, 1.2, 0.8, 1, 1.5, 1, 0.9, 1.1, 1, 1.3, 0.7, 1};
static const double age_share[3] = {0.3, 0.45, 0.25};
static const double sex_share[2] = {0.48, 0.52};

static void test_rake(void **state)
{
    (void)state;
    const int *cat[2] = {rage, rsex};
    const size_t ncat[2] = {3, 2};
    const double *share[2] = {age_share, sex_share};
    double w[12], start = 0;
    for (size_t i = 0; i < 12; i++) {
        w[i] = rw[i];
        start += rw[i];
    }
    struct stats_rake_info info;
    assert_int_equal(stats_rake(cat, ncat, share, 2, 12, w, &info), STATS_RAKE_OK);
    assert_true(info.iterations > 1 && info.iterations < 100);
    assert_true(info.max_error < 1e-10);
    double total = 0, age[3] = {0}, sex[2] = {0};
    for (size_t i = 0; i < 12; i++) {
        assert_close(w[i], r_rake_weights[i], REL);
        total += w[i];
        age[rage[i]] += w[i];
        sex[rsex[i]] += w[i];
    }
    assert_close(total, start, 1e-12);
    for (size_t c = 0; c < 3; c++)
        assert_close(age[c] / total, age_share[c], 1e-10);
    for (size_t c = 0; c < 2; c++)
        assert_close(sex[c] / total, sex_share[c], 1e-10);

    /* Already on target: no iteration needed. */
    assert_int_equal(stats_rake(cat, ncat, share, 2, 12, w, &info), STATS_RAKE_OK);
    assert_int_equal(info.iterations, 0);
}

static void test_rake_errors(void **state)
{
    (void)state;
    const int *cat[2] = {rage, rsex};
    const size_t ncat[2] = {3, 2};
    const double *share[2] = {age_share, sex_share};
    double w[12];
    struct stats_rake_info info;

    /* A fourth age category with a target but no respondents. */
    const double four[4] = {0.3, 0.4, 0.2, 0.1};
    const double *share4[2] = {four, sex_share};
    const size_t ncat4[2] = {4, 2};
    for (size_t i = 0; i < 12; i++)
        w[i] = rw[i];
    assert_int_equal(stats_rake(cat, ncat4, share4, 2, 12, w, &info), STATS_RAKE_ERR_EMPTY);
    assert_true(info.var == 0 && info.category == 3);
    for (size_t i = 0; i < 12; i++)
        assert_true(w[i] == rw[i]);
    /* ...but a zero target for it is fine. */
    const double four0[4] = {0.3, 0.45, 0.25, 0};
    const double *share40[2] = {four0, sex_share};
    assert_int_equal(stats_rake(cat, ncat4, share40, 2, 12, w, NULL), STATS_RAKE_OK);

    /* Shares that do not sum to 1. */
    const double bad[2] = {0.5, 0.6};
    const double *share_bad[2] = {age_share, bad};
    assert_int_equal(stats_rake(cat, ncat, share_bad, 2, 12, w, &info), STATS_RAKE_ERR_SHARES);
    assert_int_equal(info.var, 1);

    /* A missing category. */
    int sex_missing[12];
    for (size_t i = 0; i < 12; i++)
        sex_missing[i] = rsex[i];
    sex_missing[7] = -1;
    const int *cat_missing[2] = {rage, sex_missing};
    assert_int_equal(stats_rake(cat_missing, ncat, share, 2, 12, w, &info),
                     STATS_RAKE_ERR_MISSING);
    assert_true(info.var == 1 && info.respondent == 7);

    /* All weights zero: every category is empty. */
    double zero[12] = {0};
    assert_int_equal(stats_rake(cat, ncat, share, 2, 12, zero, NULL), STATS_RAKE_ERR_EMPTY);
    /* No respondents, no variables, a negative weight. */
    assert_int_equal(stats_rake(cat, ncat, share, 2, 0, NULL, NULL), STATS_RAKE_ERR_EMPTY);
    assert_int_equal(stats_rake(cat, ncat, share, 0, 12, w, NULL), STATS_RAKE_ERR_ARGS);
    w[0] = -1;
    assert_int_equal(stats_rake(cat, ncat, share, 2, 12, w, NULL), STATS_RAKE_ERR_ARGS);

    assert_string_equal(stats_rake_strerror(STATS_RAKE_ERR_EMPTY),
                        "a margin category has no respondents");
}

static void test_rake_noconverge(void **state)
{
    (void)state;
    /* Two variables that are the same split but asked for different
       margins: no weights can satisfy both, so IPF oscillates. */
    const int a[4] = {0, 0, 1, 1};
    const int *cat[2] = {a, a};
    const size_t ncat[2] = {2, 2};
    const double s1[2] = {0.3, 0.7}, s2[2] = {0.6, 0.4};
    const double *share[2] = {s1, s2};
    double w[4] = {1, 1, 1, 1};
    struct stats_rake_info info;
    assert_int_equal(stats_rake(cat, ncat, share, 2, 4, w, &info), STATS_RAKE_ERR_NOCONVERGE);
    assert_int_equal(info.iterations, 100);
    assert_true(info.max_error > 0.1);
}

int main(void)
{
    /* As in canyu's main(): GSL reports errors by return code only. */
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_wilson_invalid),
        cmocka_unit_test(test_prop_z),
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_describe_weighted),
        cmocka_unit_test(test_describe_edges),
        cmocka_unit_test(test_moments_groups),
        cmocka_unit_test(test_kish),
        cmocka_unit_test(test_chisq),
        cmocka_unit_test(test_chisq_edges),
        cmocka_unit_test(test_linear_by_linear),
        cmocka_unit_test(test_rank_average),
        cmocka_unit_test(test_kruskal_small),
        cmocka_unit_test(test_kruskal_edges),
        cmocka_unit_test(test_rank_tests_big),
        cmocka_unit_test(test_spearman),
        cmocka_unit_test(test_spearman_edges),
        cmocka_unit_test(test_alpha),
        cmocka_unit_test(test_cov_from_sums),
        cmocka_unit_test(test_kruskal_table),
        cmocka_unit_test(test_spearman_table),
        cmocka_unit_test(test_moments_add_many),
        cmocka_unit_test(test_logit_grouped),
        cmocka_unit_test(test_alpha_edges),
        cmocka_unit_test(test_cov_accumulator),
        cmocka_unit_test(test_logit),
        cmocka_unit_test(test_logit_failures),
        cmocka_unit_test(test_welch),
        cmocka_unit_test(test_rake),
        cmocka_unit_test(test_rake_errors),
        cmocka_unit_test(test_rake_noconverge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
