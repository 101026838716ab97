/* test_factor.c — scale validity in stats/ (KMO, Bartlett, principal
 * components, varimax) against R and against hand-worked matrices.
 *
 * The values from R are in tests/reference/factor.h, written with
 * tests/data/factor3.csv by tests/reference/factor.R:
 *     Rscript tests/reference/factor.R
 * The tests themselves never run R.  Loadings are compared at 1e-6 absolute
 * (the contract; they agree far closer) and everything else at 1e-9
 * relative.  The edge cases: two and three items by hand, the identity, a
 * copied item, an item that is the sum of two others, a zero-variance item,
 * a matrix that is not positive definite, an item uncorrelated with the rest.
 */
#include "stats/stats.h"

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

#include "tests/reference/factor.h"

/* cmocka 1.1's assert_float_equal compares floats; this compares doubles at
   relative tolerance REL.  A NAN expectation requires NAN. */
#define assert_close(got, want, rel) assert_close_at((got), (want), (rel), __FILE__, __LINE__)
/* Absolute tolerance, for loadings and values that may be 0. */
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
#define LOADING_TOL 1e-6
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ## Against R */

/* Checks FA against the arrays factor.R wrote for one matrix. */
struct r_validity {
    size_t k;
    const double *kmo, *kmo_items, *bartlett, *eigen;
};

struct r_solution {
    size_t factors;
    const double *loadings, *ss, *pct, *cum;
    int iterations; /* -1: not recorded (one factor) */
};

static void check_validity(const struct stats_factor *fa, const struct r_validity *r)
{
    assert_int_equal(fa->k, r->k);
    assert_close(fa->kmo, r->kmo[0], REL);
    for (size_t i = 0; i < r->k; i++) {
        assert_close(fa->kmo_items[i], r->kmo_items[i], REL);
        assert_close(fa->eigenvalues[i], r->eigen[i], REL);
    }
    assert_close(fa->bartlett.statistic, r->bartlett[0], REL);
    assert_close(fa->bartlett.df, r->bartlett[1], REL);
    assert_close(fa->bartlett.p_value, r->bartlett[2], REL);
}

static void check_solution(const struct stats_factor *fa, const struct r_solution *s)
{
    assert_int_equal(fa->factors, s->factors);
    for (size_t i = 0; i < fa->k * s->factors; i++)
        assert_near(fa->loadings[i], s->loadings[i], LOADING_TOL);
    for (size_t f = 0; f < s->factors; f++) {
        assert_close(fa->ss_loadings[f], s->ss[f], REL);
        assert_close(fa->variance_pct[f], s->pct[f], REL);
        assert_close(fa->cumulative_pct[f], s->cum[f], REL);
    }
    if (s->iterations >= 0)
        assert_int_equal(fa->iterations, s->iterations);
    else
        assert_int_equal(fa->iterations, 0);
}

static struct stats_factor *fit(const double *cor, size_t k, double n, size_t nfactors)
{
    struct stats_factor *fa = NULL;
    size_t item = 99;
    assert_int_equal(stats_factor(cor, k, n, nfactors, &fa, &item), STATS_FACTOR_OK);
    assert_non_null(fa);
    assert_int_equal(item, 99); /* untouched on success */
    return fa;
}

static const struct r_validity f3 = {9, r_f3_kmo, r_f3_kmo_items, r_f3_bartlett, r_f3_eigen};

/* tests/data/factor3.csv into X (300 rows of 9). */
static void read_factor3(int x[300][9])
{
    FILE *f = fopen("tests/data/factor3.csv", "r");
    assert_non_null(f);
    char header[256];
    assert_non_null(fgets(header, sizeof header, f));
    assert_string_equal(header, "q1,q2,q3,q4,q5,q6,q7,q8,q9\n");
    for (size_t i = 0; i < 300; i++)
        for (size_t j = 0; j < 9; j++)
            assert_int_equal(fscanf(f, j ? ",%d" : "%d", &x[i][j]), 1);
    int extra;
    assert_int_equal(fscanf(f, "%d", &extra), EOF);
    fclose(f);
}

static void test_cor_from_data(void **state)
{
    (void)state;
    static int x[300][9];
    read_factor3(x);
    /* Exact sums, as the analysis keeps them. */
    uint64_t sum[9] = {0}, cross[81] = {0};
    struct stats_cov *acc = stats_cov_new(9);
    assert_non_null(acc);
    for (size_t i = 0; i < 300; i++) {
        double row[9];
        for (size_t q = 0; q < 9; q++) {
            row[q] = x[i][q];
            sum[q] += (uint64_t)x[i][q];
            for (size_t r = q; r < 9; r++)
                cross[q * 9 + r] += (uint64_t)(x[i][q] * x[i][r]);
        }
        stats_cov_add(acc, row);
    }
    double cor[81], cor2[81];
    size_t item = 99;
    assert_int_equal(stats_cor_from_sums(sum, cross, 9, 300, cor, &item), 0);
    assert_int_equal(item, 99);
    /* The accumulator's covariances, converted in place. */
    stats_cov_matrix(acc, cor2);
    stats_cov_free(acc);
    assert_int_equal(stats_cor_from_cov(cor2, 9, cor2, NULL), 0);
    for (size_t i = 0; i < 81; i++) {
        assert_near(cor[i], r_f3_cor[i], 1e-14);
        assert_near(cor2[i], r_f3_cor[i], 1e-14);
    }
    for (size_t i = 0; i < 9; i++)
        assert_true(cor[i * 9 + i] == 1);

    /* The whole analysis from canyu's own matrix. */
    struct stats_factor *fa = fit(cor, 9, 300, 0);
    check_validity(fa, &f3);
    check_solution(fa, &(struct r_solution){3, r_f3_k3_loadings, r_f3_k3_ss, r_f3_k3_pct,
                                            r_f3_k3_cum, r_f3_k3_iterations});
    stats_factor_free(fa);
}

static void test_factor3(void **state)
{
    (void)state;
    /* Kaiser's rule keeps three factors; varimax of GSL's eigenvectors (whose
       signs differ from LAPACK's) then reordering and sign flipping must land
       on psych's columns, which are out of eigenvalue order here. */
    struct stats_factor *fa = fit(r_f3_cor, 9, r_f3_n, 0);
    check_validity(fa, &f3);
    assert_close(fa->n, 300, 0);
    check_solution(fa, &(struct r_solution){3, r_f3_k3_loadings, r_f3_k3_ss, r_f3_k3_pct,
                                            r_f3_k3_cum, r_f3_k3_iterations});
    stats_factor_free(fa);

    fa = fit(r_f3_cor, 9, r_f3_n, 3);
    check_solution(fa, &(struct r_solution){3, r_f3_k3_loadings, r_f3_k3_ss, r_f3_k3_pct,
                                            r_f3_k3_cum, r_f3_k3_iterations});
    stats_factor_free(fa);

    fa = fit(r_f3_cor, 9, r_f3_n, 2);
    check_validity(fa, &f3);
    check_solution(fa, &(struct r_solution){2, r_f3_k2_loadings, r_f3_k2_ss, r_f3_k2_pct,
                                            r_f3_k2_cum, r_f3_k2_iterations});
    stats_factor_free(fa);

    fa = fit(r_f3_cor, 9, r_f3_n, 1);
    check_solution(fa, &(struct r_solution){1, r_f3_k1_loadings, r_f3_k1_ss, r_f3_k1_pct,
                                            r_f3_k1_cum, -1});
    /* One component: its SS is the first eigenvalue. */
    assert_close(fa->ss_loadings[0], r_f3_eigen[0], 1e-12);
    stats_factor_free(fa);

    /* All nine components: the rotation of a full basis. */
    fa = fit(r_f3_cor, 9, r_f3_n, 9);
    double total = 0;
    for (size_t f = 0; f < 9; f++)
        total += fa->ss_loadings[f];
    assert_close(total, 9, 1e-12);
    assert_close(fa->cumulative_pct[8], 100, 1e-12);
    stats_factor_free(fa);
}

static void test_lower_triangle(void **state)
{
    (void)state;
    /* Only the lower triangle is read: NAN above the diagonal changes nothing. */
    double cor[81];
    memcpy(cor, r_f3_cor, sizeof cor);
    for (size_t i = 0; i < 9; i++)
        for (size_t j = i + 1; j < 9; j++)
            cor[i * 9 + j] = NAN;
    struct stats_factor *a = fit(cor, 9, 300, 0), *b = fit(r_f3_cor, 9, 300, 0);
    assert_true(a->kmo == b->kmo);
    assert_true(a->bartlett.statistic == b->bartlett.statistic);
    for (size_t i = 0; i < 27; i++)
        assert_true(a->loadings[i] == b->loadings[i]);
    stats_factor_free(a);
    stats_factor_free(b);
}

static void test_varimax_r(void **state)
{
    (void)state;
    /* stats::varimax on the loadings as R's eigen() gives them (no sign or
       order changes): the same matrix, after the same number of steps.  The
       trust items' two factors converge slowly — 682 steps, stopped by R's
       rule well short of the optimum — so a step more or less would show. */
    struct {
        const double *in, *want;
        size_t p, k;
        int iterations;
    } cases[] = {
        {r_f3_k3_unrotated, r_f3_k3_varimax, 9, 3, r_f3_k3_iterations},
        {r_f3_k2_unrotated, r_f3_k2_varimax, 9, 2, r_f3_k2_iterations},
        {r_trust_k2_unrotated, r_trust_k2_varimax, 6, 2, r_trust_k2_iterations},
    };
    for (size_t c = 0; c < N_OF(cases); c++) {
        double out[27];
        int it = -1;
        assert_int_equal(stats_varimax(cases[c].in, cases[c].p, cases[c].k, out, &it), 0);
        assert_int_equal(it, cases[c].iterations);
        for (size_t i = 0; i < cases[c].p * cases[c].k; i++)
            assert_near(out[i], cases[c].want[i], LOADING_TOL);
    }
    /* In place. */
    double a[27];
    memcpy(a, r_f3_k3_unrotated, sizeof a);
    assert_int_equal(stats_varimax(a, 9, 3, a, NULL), 0);
    for (size_t i = 0; i < 27; i++)
        assert_near(a[i], r_f3_k3_varimax[i], LOADING_TOL);
}

static void test_boli(void **state)
{
    (void)state;
    /* The sample's satisfaction items: one factor by Kaiser's rule. */
    struct stats_factor *fa = fit(r_sat_cor, 7, r_sat_n, 0);
    assert_int_equal(fa->factors, (size_t)r_sat_factors);
    check_validity(fa, &(struct r_validity){7, r_sat_kmo, r_sat_kmo_items, r_sat_bartlett,
                                            r_sat_eigen});
    check_solution(fa, &(struct r_solution){1, r_sat_k1_loadings, r_sat_k1_ss, r_sat_k1_pct,
                                            r_sat_k1_cum, -1});
    stats_factor_free(fa);

    /* The trust items, trust_selfish reversed: interpersonal and
       institutional trust. */
    fa = fit(r_trust_cor, 6, r_trust_n, 0);
    assert_int_equal(fa->factors, (size_t)r_trust_factors);
    check_validity(fa, &(struct r_validity){6, r_trust_kmo, r_trust_kmo_items,
                                            r_trust_bartlett, r_trust_eigen});
    check_solution(fa, &(struct r_solution){2, r_trust_k2_loadings, r_trust_k2_ss,
                                            r_trust_k2_pct, r_trust_k2_cum,
                                            r_trust_k2_iterations});
    stats_factor_free(fa);
}

/* ## By hand */

static void test_two_items(void **state)
{
    (void)state;
    /* R = [1 r; r 1]: Q = R⁻¹ has partial correlation -r, so every MSA is
       r²/(r² + r²) = 1/2; |R| = 1 - r²; eigenvalues 1 ± r; the first
       component loads sqrt((1 + r)/2) on both items. */
    const double r = 0.6, cor[4] = {1, r, r, 1};
    struct stats_factor *fa = fit(cor, 2, 50, 0);
    assert_close(fa->kmo, 0.5, 1e-15);
    assert_close(fa->kmo_items[0], 0.5, 1e-15);
    assert_close(fa->kmo_items[1], 0.5, 1e-15);
    double chi = -(50 - 1 - 9.0 / 6) * log(1 - r * r);
    assert_close(fa->bartlett.statistic, chi, 1e-13);
    assert_close(fa->bartlett.df, 1, 0);
    assert_close(fa->bartlett.p_value, erfc(sqrt(chi / 2)), 1e-12);
    assert_close(fa->eigenvalues[0], 1 + r, 1e-15);
    assert_close(fa->eigenvalues[1], 1 - r, 1e-14);
    assert_int_equal(fa->factors, 1);
    assert_close(fa->loadings[0], sqrt((1 + r) / 2), 1e-15);
    assert_close(fa->loadings[1], sqrt((1 + r) / 2), 1e-15);
    assert_close(fa->ss_loadings[0], 1 + r, 1e-15);
    assert_close(fa->variance_pct[0], 50 * (1 + r), 1e-15);
    assert_close(fa->cumulative_pct[0], 50 * (1 + r), 1e-15);
    assert_int_equal(fa->iterations, 0);
    stats_factor_free(fa);

    /* A negative correlation: the component's sign makes its loadings sum
       >= 0 (here they cancel, so either item may be the positive one). */
    const double neg[4] = {1, -r, -r, 1};
    fa = fit(neg, 2, 50, 0);
    assert_close(fa->kmo, 0.5, 1e-15);
    assert_near(fabs(fa->loadings[0]), sqrt((1 + r) / 2), 1e-15);
    assert_near(fa->loadings[0] + fa->loadings[1], 0, 1e-15);
    stats_factor_free(fa);
}

static void test_three_items(void **state)
{
    (void)state;
    /* Equal correlations ρ = 0.5: eigenvalues 1 + 2ρ = 2 and 1 - ρ twice;
       partial correlations -ρ/(1 + ρ), so KMO = (1+ρ)²/((1+ρ)² + 1) =
       9/13; |R| = (1 + 2ρ)(1 - ρ)² = 1/2; loadings sqrt(2/3). */
    const double cor[9] = {1, .5, .5, .5, 1, .5, .5, .5, 1};
    struct stats_factor *fa = fit(cor, 3, 100, 0);
    assert_close(fa->kmo, 9.0 / 13, 1e-14);
    for (size_t i = 0; i < 3; i++) {
        assert_close(fa->kmo_items[i], 9.0 / 13, 1e-14);
        assert_close(fa->loadings[i], sqrt(2.0 / 3), 1e-14);
    }
    assert_close(fa->bartlett.statistic, (100 - 1 - 11.0 / 6) * log(2), 1e-14);
    assert_close(fa->bartlett.df, 3, 0);
    assert_close(fa->eigenvalues[0], 2, 1e-15);
    assert_close(fa->eigenvalues[1], 0.5, 1e-14);
    assert_close(fa->eigenvalues[2], 0.5, 1e-14);
    assert_int_equal(fa->factors, 1);
    assert_close(fa->variance_pct[0], 200.0 / 3, 1e-14);
    stats_factor_free(fa);

    /* Too few respondents for Bartlett's multiplier n - 1 - 11/6 > 0. */
    fa = fit(cor, 3, 2, 0);
    assert_true(isnan(fa->bartlett.statistic) && isnan(fa->bartlett.df) &&
                isnan(fa->bartlett.p_value));
    assert_close(fa->kmo, 9.0 / 13, 1e-14);
    stats_factor_free(fa);
    fa = fit(cor, 3, 3, 0);
    assert_close(fa->bartlett.statistic, (3 - 1 - 11.0 / 6) * log(2), 1e-14);
    stats_factor_free(fa);
    fa = fit(cor, 3, NAN, 0);
    assert_true(isnan(fa->bartlett.statistic));
    stats_factor_free(fa);
}

static void test_identity(void **state)
{
    (void)state;
    /* No correlation at all: KMO is 0/0, Bartlett's χ² is 0 with p = 1; one
       component is still kept and its loadings are finite. */
    double cor[16] = {0};
    for (size_t i = 0; i < 4; i++)
        cor[i * 4 + i] = 1;
    struct stats_factor *fa = fit(cor, 4, 100, 0);
    assert_true(isnan(fa->kmo));
    for (size_t i = 0; i < 4; i++) {
        assert_true(isnan(fa->kmo_items[i]));
        assert_close(fa->eigenvalues[i], 1, 1e-15);
    }
    assert_true(fa->bartlett.statistic == 0 && !signbit(fa->bartlett.statistic));
    assert_close(fa->bartlett.df, 6, 0);
    assert_close(fa->bartlett.p_value, 1, 1e-15);
    assert_int_equal(fa->factors, 1);
    for (size_t i = 0; i < 4; i++)
        assert_true(isfinite(fa->loadings[i]));
    assert_close(fa->ss_loadings[0], 1, 1e-15);
    stats_factor_free(fa);

    /* Two rotated components of the identity: finite too. */
    fa = fit(cor, 4, 100, 2);
    for (size_t i = 0; i < 8; i++)
        assert_true(isfinite(fa->loadings[i]));
    stats_factor_free(fa);
}

static void test_uncorrelated_item(void **state)
{
    (void)state;
    /* Item 2 correlates with nothing and its eigenvalue 1 is the third, so
       two components leave it a row of zeros: R's varimax divides by its
       zero length and returns NAN everywhere; canyu leaves the row at 0 and
       rotates the rest. */
    const double cor[25] = {1, .6, 0, .1, 0,  .6, 1, 0, 0, .1, 0, 0, 1, 0, 0,
                            .1, 0, 0, 1, .5, 0, .1, 0, .5, 1};
    struct stats_factor *fa = fit(cor, 5, 100, 0);
    assert_int_equal(fa->factors, 2);
    assert_close(fa->eigenvalues[2], 1, 1e-14);
    for (size_t i = 0; i < 10; i++)
        assert_true(isfinite(fa->loadings[i]));
    assert_near(fa->loadings[2 * 2], 0, 1e-15);
    assert_near(fa->loadings[2 * 2 + 1], 0, 1e-15);
    /* The two pairs each load on their own factor. */
    assert_true(fa->loadings[0] > 0.8 && fa->loadings[2] > 0.8);
    assert_true(fa->loadings[7] > 0.8 && fa->loadings[9] > 0.8);
    stats_factor_free(fa);
    const double a[6] = {0.8, 0.1, 0, 0, 0.2, 0.9};
    double out[6];
    assert_int_equal(stats_varimax(a, 3, 2, out, NULL), 0);
    assert_true(out[2] == 0 && out[3] == 0);
    for (size_t i = 0; i < 6; i++)
        assert_true(isfinite(out[i]));
}

static void test_varimax_hand_built(void **state)
{
    (void)state;
    /* A simple structure turned by 30°: R's iteration overshoots and stops
       with the input unrotated, so canyu does too.  With cross-loadings the
       structure is found again. */
    double out[10];
    int it = 0;
    assert_int_equal(stats_varimax(r_vm_pure, 4, 2, out, &it), 0);
    assert_int_equal(it, r_vm_pure_iterations);
    for (size_t i = 0; i < 8; i++)
        assert_near(out[i], r_vm_pure_varimax[i], LOADING_TOL);
    assert_int_equal(stats_varimax(r_vm_cross, 5, 2, out, &it), 0);
    assert_int_equal(it, r_vm_cross_iterations);
    for (size_t i = 0; i < 10; i++)
        assert_near(out[i], r_vm_cross_varimax[i], LOADING_TOL);
    const double cross[10] = {.8, .1, .7, 0, .1, .6, 0, .9, .5, .05};
    for (size_t i = 0; i < 10; i++)
        assert_near(out[i], cross[i], 0.01);

    /* One column is returned as it is. */
    assert_int_equal(stats_varimax(cross, 10, 1, out, &it), 0);
    assert_int_equal(it, 0);
    assert_memory_equal(out, cross, sizeof cross);
    assert_int_equal(stats_varimax(cross, 0, 2, out, NULL), -1);
    assert_int_equal(stats_varimax(cross, 5, 0, out, NULL), -1);
}

/* ## Errors */

static void test_singular(void **state)
{
    (void)state;
    struct stats_factor *fa = (struct stats_factor *)&fa;
    size_t item = 99;
    /* Item 2 is a copy of item 0: the copy is named. */
    const double copy[9] = {1, .5, 1, .5, 1, .5, 1, .5, 1};
    assert_int_equal(stats_factor(copy, 3, 100, 0, &fa, &item), STATS_FACTOR_ERR_SINGULAR);
    assert_null(fa);
    assert_int_equal(item, 2);

    /* Not positive definite (pairwise correlations that no data can have). */
    const double npd[9] = {1, .9, .9, .9, 1, -.9, .9, -.9, 1};
    assert_int_equal(stats_factor(npd, 3, 100, 0, &fa, &item), STATS_FACTOR_ERR_SINGULAR);
    assert_int_equal(item, 2);

    /* From data: item 3 = item 0 + item 1, exactly. */
    static int x[300][9];
    read_factor3(x);
    uint64_t sum[4] = {0}, cross[16] = {0};
    for (size_t i = 0; i < 300; i++) {
        int row[4] = {x[i][0], x[i][1], x[i][2], x[i][0] + x[i][1]};
        for (size_t q = 0; q < 4; q++) {
            sum[q] += (uint64_t)row[q];
            for (size_t r = q; r < 4; r++)
                cross[q * 4 + r] += (uint64_t)(row[q] * row[r]);
        }
    }
    double cor[16];
    assert_int_equal(stats_cor_from_sums(sum, cross, 4, 300, cor, &item), 0);
    item = 99;
    assert_int_equal(stats_factor(cor, 4, 300, 0, &fa, NULL), STATS_FACTOR_ERR_SINGULAR);
    assert_int_equal(stats_factor(cor, 4, 300, 0, &fa, &item), STATS_FACTOR_ERR_SINGULAR);
    assert_int_equal(item, 3);
    assert_null(fa);
}

static void test_constant_item(void **state)
{
    (void)state;
    /* Item 1 never varies: its correlations are NAN and it is named. */
    const double rows[5][3] = {{1, 3, 2}, {2, 3, 2}, {3, 3, 5}, {4, 3, 4}, {5, 3, 1}};
    uint64_t sum[3] = {0}, cross[9] = {0};
    for (size_t i = 0; i < 5; i++)
        for (size_t q = 0; q < 3; q++) {
            sum[q] += (uint64_t)rows[i][q];
            for (size_t r = q; r < 3; r++)
                cross[q * 3 + r] += (uint64_t)(rows[i][q] * rows[i][r]);
        }
    double cor[9];
    size_t item = 99;
    assert_int_equal(stats_cor_from_sums(sum, cross, 3, 5, cor, &item), -1);
    assert_int_equal(item, 1);
    assert_true(isnan(cor[4]) && isnan(cor[1]) && isnan(cor[7]));
    assert_true(cor[0] == 1 && cor[8] == 1 && isfinite(cor[2]));
    struct stats_factor *fa = NULL;
    item = 99;
    assert_int_equal(stats_factor(cor, 3, 5, 0, &fa, &item), STATS_FACTOR_ERR_CONSTANT);
    assert_int_equal(item, 1);
    assert_null(fa);

    /* R's cor() style: a unit diagonal beside a row of NA. */
    const double rstyle[9] = {1, .3, NAN, .3, 1, NAN, NAN, NAN, 1};
    assert_int_equal(stats_factor(rstyle, 3, 5, 0, &fa, &item), STATS_FACTOR_ERR_CONSTANT);
    assert_int_equal(item, 2);
    /* A diagonal of 0. */
    const double zero[9] = {0, 0, 0, 0, 1, .3, 0, .3, 1};
    assert_int_equal(stats_factor(zero, 3, 5, 0, &fa, &item), STATS_FACTOR_ERR_CONSTANT);
    assert_int_equal(item, 0);

    /* Fewer than two rows: no variance anywhere. */
    assert_int_equal(stats_cor_from_sums(sum, cross, 3, 1, cor, &item), -1);
    assert_int_equal(item, 0);
    const double cov[4] = {2, 1, 1, INFINITY};
    assert_int_equal(stats_cor_from_cov(cov, 2, cor, NULL), -1);
    assert_true(cor[0] == 1 && isnan(cor[1]) && isnan(cor[3]));
}

static void test_bad_arguments(void **state)
{
    (void)state;
    const double cor[4] = {1, .5, .5, 1};
    const double cov[4] = {2, .5, .5, 1};
    const double stray[9] = {1, .5, .2, .5, 1, .1, NAN, .1, 1};
    struct stats_factor *fa = (struct stats_factor *)&fa;
    assert_int_equal(stats_factor(cor, 1, 10, 0, &fa, NULL), STATS_FACTOR_ERR_ARGS);
    assert_null(fa);
    assert_int_equal(stats_factor(cor, 2, 10, 3, &fa, NULL), STATS_FACTOR_ERR_ARGS);
    assert_int_equal(stats_factor(NULL, 2, 10, 0, &fa, NULL), STATS_FACTOR_ERR_ARGS);
    assert_int_equal(stats_factor(cor, 2, 10, 0, NULL, NULL), STATS_FACTOR_ERR_ARGS);
    /* A covariance matrix is not a correlation matrix. */
    assert_int_equal(stats_factor(cov, 2, 10, 0, &fa, NULL), STATS_FACTOR_ERR_ARGS);
    /* One NAN in a row that has other correlations. */
    assert_int_equal(stats_factor(stray, 3, 10, 0, &fa, NULL), STATS_FACTOR_ERR_ARGS);
    assert_null(fa);
    stats_factor_free(NULL);

    for (int s = STATS_FACTOR_OK; s <= STATS_FACTOR_ERR_NOMEM; s++)
        assert_true(strlen(stats_factor_strerror((enum stats_factor_status)s)) > 0);
    assert_string_equal(stats_factor_strerror((enum stats_factor_status)99),
                        "unknown factor analysis error");
}

int main(void)
{
    /* As in canyu's main(): GSL reports errors by return code only. */
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cor_from_data),
        cmocka_unit_test(test_factor3),
        cmocka_unit_test(test_lower_triangle),
        cmocka_unit_test(test_varimax_r),
        cmocka_unit_test(test_boli),
        cmocka_unit_test(test_two_items),
        cmocka_unit_test(test_three_items),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_uncorrelated_item),
        cmocka_unit_test(test_varimax_hand_built),
        cmocka_unit_test(test_singular),
        cmocka_unit_test(test_constant_item),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
