/* tests.c — tests on contingency tables and on two groups' summaries.
 *
 * Pearson's chi-square and the adjusted standardized residuals follow R's
 * chisq.test() (residuals: S. J. Haberman (1973), "The analysis of residuals
 * in cross-classified tables", Biometrics 29).  Cramér's V: H. Cramér,
 * Mathematical Methods of Statistics, 1946, §21.9.  The linear-by-linear
 * association statistic M² = (n-1)r² is from A. Agresti, Categorical Data
 * Analysis, 2nd ed., 2002, §3.4.1.  The two-proportion z test is the score
 * test that R's prop.test() reports as X² = z²; Welch's test follows
 * B. L. Welch (1947), Biometrika 34, with Satterthwaite's df, as R t.test().
 */
#include "stats/stats.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

static void test_nan(struct stats_test *t)
{
    t->statistic = t->df = t->p_value = NAN;
}

static void diff_nan(struct stats_diff *d)
{
    d->difference = d->ci_low = d->ci_high = d->statistic = d->df = d->p_value = NAN;
}

static double row_sum(const double *table, size_t c, size_t i)
{
    double s = 0;
    for (size_t j = 0; j < c; j++)
        s += table[i * c + j];
    return s;
}

static double col_sum(const double *table, size_t r, size_t c, size_t j)
{
    double s = 0;
    for (size_t i = 0; i < r; i++)
        s += table[i * c + j];
    return s;
}

int stats_chisq_test(const double *table, size_t r, size_t c, struct stats_chisq *out,
                     double *stdres)
{
    *out = (struct stats_chisq){NAN, NAN, NAN, NAN, NAN, 0, 0, 0, NAN};
    if (stdres)
        for (size_t k = 0; k < r * c; k++)
            stdres[k] = NAN;

    /* Margins are recomputed where needed instead of stored, so the function
       needs no scratch memory; the tables it serves (age groups, communities
       by a few outcomes) are small enough for the O(r·c·(r + c)) cost. */
    double n = 0;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            double v = table[i * c + j];
            if (!isfinite(v) || v < 0)
                return -1;
            n += v;
        }
    size_t rows = 0, cols = 0;
    for (size_t i = 0; i < r; i++)
        rows += row_sum(table, c, i) > 0;
    for (size_t j = 0; j < c; j++)
        cols += col_sum(table, r, c, j) > 0;
    out->n = n;
    out->rows = rows;
    out->cols = cols;
    if (rows < 2 || cols < 2)
        return 0;

    double x2 = 0;
    for (size_t i = 0; i < r; i++) {
        double ri = row_sum(table, c, i);
        if (ri <= 0)
            continue;
        for (size_t j = 0; j < c; j++) {
            double cj = col_sum(table, r, c, j);
            if (cj <= 0)
                continue;
            double e = ri * cj / n;
            double d = table[i * c + j] - e;
            x2 += d * d / e;
            out->small_expected += e < 5;
            if (!(e >= out->min_expected))
                out->min_expected = e;
            if (stdres)
                stdres[i * c + j] = d / sqrt(e * (1 - ri / n) * (1 - cj / n));
        }
    }
    out->statistic = x2;
    out->df = (double)((rows - 1) * (cols - 1));
    out->p_value = gsl_cdf_chisq_Q(x2, out->df);
    out->cramers_v = sqrt(x2 / (n * (double)((rows < cols ? rows : cols) - 1)));
    return 0;
}

int stats_linear_by_linear(const double *successes, const double *total, const double *scores,
                           size_t k, struct stats_test *out)
{
    test_nan(out);
    /* Two passes: means first, then centred sums, so that scores far from
       zero do not cancel. */
    double n = 0, sx = 0, sy = 0;
    for (size_t i = 0; i < k; i++) {
        double s = scores ? scores[i] : (double)(i + 1);
        if (!isfinite(total[i]) || !isfinite(successes[i]) || !isfinite(s) || successes[i] < 0 ||
            successes[i] > total[i])
            return -1;
        n += total[i];
        sx += total[i] * s;
        sy += successes[i];
    }
    if (n < 2)
        return 0;
    double mx = sx / n, my = sy / n;
    double sxx = 0, sxy = 0;
    for (size_t i = 0; i < k; i++) {
        double dx = (scores ? scores[i] : (double)(i + 1)) - mx;
        sxx += total[i] * dx * dx;
        /* Σ over observations of dx·(y - ȳ): the row's successes have y = 1. */
        sxy += dx * (successes[i] - total[i] * my);
    }
    double syy = n * my * (1 - my);
    if (!(sxx > 0) || !(syy > 0))
        return 0;
    double rr = sxy / sqrt(sxx * syy);
    out->statistic = (n - 1) * rr * rr;
    out->df = 1;
    out->p_value = gsl_cdf_chisq_Q(out->statistic, 1);
    return 0;
}

int stats_prop_z_test(double x1, double n1, double x2, double n2, struct stats_diff *out)
{
    diff_nan(out);
    if (!isfinite(x1) || !isfinite(n1) || !isfinite(x2) || !isfinite(n2) || n1 <= 0 || n2 <= 0 ||
        x1 < 0 || x1 > n1 || x2 < 0 || x2 > n2)
        return -1;
    double p1 = x1 / n1, p2 = x2 / n2, p = (x1 + x2) / (n1 + n2);
    double d = p1 - p2;
    out->difference = d;
    double se_wald = sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
    out->ci_low = d - STATS_Z975 * se_wald;
    out->ci_high = d + STATS_Z975 * se_wald;
    double se0 = sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
    if (!(se0 > 0))
        return 0;
    out->statistic = d / se0;
    out->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(out->statistic));
    return 0;
}

int stats_welch_t_test(double mean1, double sd1, double n1, double mean2, double sd2, double n2,
                       struct stats_diff *out)
{
    diff_nan(out);
    if (!isfinite(mean1) || !isfinite(sd1) || !isfinite(n1) || !isfinite(mean2) ||
        !isfinite(sd2) || !isfinite(n2) || n1 < 2 || n2 < 2 || sd1 < 0 || sd2 < 0)
        return -1;
    double d = mean1 - mean2;
    out->difference = d;
    double v1 = sd1 * sd1 / n1, v2 = sd2 * sd2 / n2;
    double se2 = v1 + v2;
    if (!(se2 > 0))
        return 0;
    double se = sqrt(se2);
    double df = se2 * se2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
    out->statistic = d / se;
    out->df = df;
    out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->statistic), df);
    double half = gsl_cdf_tdist_Qinv(0.025, df) * se;
    out->ci_low = d - half;
    out->ci_high = d + half;
    return 0;
}
