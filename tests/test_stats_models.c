/* test_stats_models.c — the statistical primitives of stats/ against R:
 * ranks (Kruskal-Wallis, Spearman), reliability (Cronbach's alpha, the
 * covariance accumulator) and the logistic model.  The other primitives are
 * in test_stats.c; the reference values and data sets in test_stats.h.
 *
 * Besides R's values the tests check the edge cases: ties, constant data,
 * sorted input, perfect separation.
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


static void test_sorted_once(void **state)
{
    (void)state;
    /* test_kruskal_small's data, sorted once by stats_sort_order(). */
    const double x[17] = {2.5, 3, 3, 4, 1, 2, 2.5, 5, 4, 4, 3.5, 1, 2, 3, 5, 99, -7};
    const int g[17] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, -1, -1};
    size_t order[17];
    assert_int_equal(stats_sort_order(x, 17, order), 0);
    for (size_t i = 1; i < 17; i++) {
        assert_true(x[order[i - 1]] <= x[order[i]]);
        if (x[order[i - 1]] == x[order[i]])
            assert_true(order[i - 1] < order[i]); /* stable */
    }
    assert_int_equal(order[0], 16);
    assert_int_equal(order[16], 15);
    double sx[17];
    int sg[17];
    for (size_t i = 0; i < 17; i++)
        sx[i] = x[order[i]], sg[i] = g[order[i]];
    struct stats_test t, u;
    assert_int_equal(stats_kruskal_wallis_sorted(sx, sg, 17, 4, &t), 0);
    assert_close(t.statistic, r_kw_small[0], REL);
    assert_close(t.df, r_kw_small[1], 0);
    assert_close(t.p_value, r_kw_small[2], REL);
    /* Two groups of two, fully separated: H = 2.4 by hand; all tied: NAN. */
    const double y[4] = {1, 2, 3, 4}, down[4] = {4, 3, 2, 1}, same[4] = {2, 2, 2, 2};
    const int g2[4] = {0, 0, 1, 1}, bad[4] = {0, 1, 2, 0};
    size_t o4[4];
    assert_int_equal(stats_kruskal_wallis_sorted(y, g2, 4, 2, &t), 0);
    assert_close(t.statistic, 2.4, REL);
    assert_int_equal(stats_kruskal_wallis_sorted(y, bad, 4, 2, &t), -1);
    assert_int_equal(stats_kruskal_wallis_sorted(down, g2, 4, 2, &t), -1); /* out of order */
    assert_int_equal(stats_kruskal_wallis_sorted(same, g2, 4, 2, &t), 0);
    assert_true(isnan(t.statistic) && isnan(t.p_value));
    const double nan1[2] = {1, NAN};
    assert_int_equal(stats_sort_order(nan1, 2, o4), -1);

    /* R: quantile(1:10) is 1, 3.25, 5.5, 7.75, 10 (type 7). */
    const double ten[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    struct stats_quartiles q;
    assert_int_equal(stats_quartiles_sorted(ten, 10, &q), 0);
    assert_close(q.min, 1, 0);
    assert_close(q.q1, 3.25, REL);
    assert_close(q.median, 5.5, REL);
    assert_close(q.q3, 7.75, REL);
    assert_close(q.max, 10, 0);
    assert_int_equal(stats_quartiles_sorted(down, 4, &q), -1); /* out of order */
    assert_int_equal(stats_quartiles_sorted(NULL, 0, &q), 0);
    assert_true(isnan(q.median));

    /* Many distinct values (beyond the counting ranker) and a few, ties and
       respondents in no group: the same figures, bit for bit, as ranking
       each time. */
    enum { N = 6000 };
    static double big[N];
    static int gb[N];
    static size_t ob[N];
    static double sb[N];
    static int sgb[N];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < N; i++) {
            big[i] = pass ? (double)((i * 7919) % 11) : (double)((i * 7919) % 5003) / 4;
            gb[i] = i % 13 == 0 ? -1 : (int)((i * 31) % 5);
        }
        assert_int_equal(stats_sort_order(big, N, ob), 0);
        for (size_t i = 0; i < N; i++)
            sb[i] = big[ob[i]], sgb[i] = gb[ob[i]];
        assert_int_equal(stats_kruskal_wallis(big, gb, N, 5, &t), 0);
        assert_int_equal(stats_kruskal_wallis_sorted(sb, sgb, N, 5, &u), 0);
        assert_true(t.statistic > 0);
        assert_true(t.statistic == u.statistic && t.p_value == u.p_value && t.df == u.df);
        struct stats_comparison a, b;
        assert_int_equal(stats_means_compare_values(big, gb, N, 5, &a), 0);
        assert_int_equal(stats_means_compare_sorted(big, gb, sb, sgb, N, 5, &b), 0);
        assert_true(a.kruskal_wallis.statistic == b.kruskal_wallis.statistic);
        assert_true(a.anova.statistic == b.anova.statistic && a.levene.statistic == b.levene.statistic);
        assert_true(a.welch_anova.statistic == b.welch_anova.statistic && a.n == b.n);
    }
}

int main(void)
{
    /* As in canyu's main(): GSL reports errors by return code only. */
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank_average),
        cmocka_unit_test(test_kruskal_small),
        cmocka_unit_test(test_kruskal_edges),
        cmocka_unit_test(test_rank_tests_big),
        cmocka_unit_test(test_spearman),
        cmocka_unit_test(test_spearman_edges),
        cmocka_unit_test(test_alpha),
        cmocka_unit_test(test_cov_from_sums),
        cmocka_unit_test(test_kruskal_table),
        cmocka_unit_test(test_sorted_once),
        cmocka_unit_test(test_spearman_table),
        cmocka_unit_test(test_logit_grouped),
        cmocka_unit_test(test_alpha_edges),
        cmocka_unit_test(test_cov_accumulator),
        cmocka_unit_test(test_logit),
        cmocka_unit_test(test_logit_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
