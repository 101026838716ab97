/* test_stats.c — the statistical primitives of stats/ against R: proportions,
 * descriptives and moments, the design effect, contingency tables, two
 * groups from summaries and raking.  Ranks, reliability and the logistic
 * model are in test_stats_models.c; the reference values and data sets in
 * test_stats.h.
 *
 * Besides R's values the tests check textbook identities and the edge cases:
 * n = 0, n = 1, constant data, all weights zero, values offset by 1e6, an
 * empty raking category.
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

#include "tests/test_stats.h"

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
        cmocka_unit_test(test_moments_add_many),
        cmocka_unit_test(test_welch),
        cmocka_unit_test(test_rake),
        cmocka_unit_test(test_rake_errors),
        cmocka_unit_test(test_rake_noconverge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
