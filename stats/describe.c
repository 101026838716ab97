/* describe.c — proportions' intervals, means, SDs and weighting summaries.
 *
 * Wilson score interval: E. B. Wilson (1927), "Probable inference, the law of
 * succession, and statistical inference", JASA 22; the form used is R's
 * prop.test() without continuity correction.
 *
 * Means and variances are accumulated in one pass with the weighted update of
 * D. H. D. West (1979), "Updating mean and variance estimates: an improved
 * method", CACM 22(9).  Unlike the textbook Σx², Σx formulas it does not lose
 * precision when the data sit far from zero (values offset by 1e6).
 *
 * The weighted variance is the one survey::svyvar() reports for a design with
 * weights only: m/(m-1)·Σw(x - x̄)²/Σw, m = number of positive weights (T.
 * Lumley, Complex Surveys, 2010, §2.2).  Intervals for weighted estimates use
 * Kish's effective sample size (L. Kish, Survey Sampling, 1965, §11.7).
 */
#include "stats/stats.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

int stats_wilson_ci(double x, double n, double alpha, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!isfinite(x) || !isfinite(n) || !isfinite(alpha) || n <= 0 || x < 0 || x > n ||
        !(alpha > 0 && alpha < 1))
        return -1;
    double z = gsl_cdf_ugaussian_Pinv(1 - alpha / 2);
    double p = x / n;
    double z22n = z * z / (2 * n);
    double half = z * sqrt(p * (1 - p) / n + z22n / (2 * n));
    /* R sets the bound to exactly 0 or 1 at p = 0 or 1, where the formula
       would give it only up to rounding. */
    *lo = p <= 0 ? 0 : (p + z22n - half) / (1 + 2 * z22n);
    *hi = p >= 1 ? 1 : (p + z22n + half) / (1 + 2 * z22n);
    return 0;
}

void stats_moments_init(struct stats_moments *acc)
{
    *acc = (struct stats_moments){0};
}

void stats_moments_add(struct stats_moments *acc, double x, double w)
{
    acc->n += 1;
    if (!(w > 0))
        return;
    acc->n_pos += 1;
    acc->sum_w += w;
    acc->sum_w2 += w * w;
    double delta = x - acc->mean;
    acc->mean += delta * (w / acc->sum_w);
    acc->m2 += w * delta * (x - acc->mean);
}

/* A block of equal values merged into the running moments: with W the
   accumulated weight and B the block's, the mean moves by δ·B/(W+B) and the
   co-moment grows by B·δ·(x - new mean) = δ²·W·B/(W+B), the pairwise update
   of T. F. Chan, G. H. Golub and R. J. LeVeque (1979), "Updating formulae and
   a pairwise algorithm for computing sample variances", for a block with no
   spread.  With a single value of weight w it is stats_moments_add(). */
void stats_moments_add_many(struct stats_moments *acc, double x, double count, double npos,
                            double sum_w, double sum_w2)
{
    acc->n += count;
    if (!(sum_w > 0))
        return;
    acc->n_pos += npos;
    acc->sum_w += sum_w;
    acc->sum_w2 += sum_w2;
    double delta = x - acc->mean;
    acc->mean += delta * (sum_w / acc->sum_w);
    acc->m2 += sum_w * delta * (x - acc->mean);
}

void stats_moments_result(const struct stats_moments *acc, struct stats_describe *out)
{
    out->n = acc->n;
    out->sum_w = acc->sum_w;
    out->n_eff = acc->sum_w2 > 0 ? acc->sum_w * acc->sum_w / acc->sum_w2 : NAN;
    out->mean = acc->sum_w > 0 ? acc->mean : NAN;
    out->sd = out->ci_low = out->ci_high = NAN;
    if (acc->n_pos < 2)
        return;
    double m = acc->n_pos;
    double var = m / (m - 1) * acc->m2 / acc->sum_w;
    out->sd = sqrt(var > 0 ? var : 0);
    if (!(out->n_eff > 1))
        return;
    double half = gsl_cdf_tdist_Qinv(0.025, out->n_eff - 1) * out->sd / sqrt(out->n_eff);
    out->ci_low = out->mean - half;
    out->ci_high = out->mean + half;
}

int stats_describe(const double *x, const double *w, size_t n, struct stats_describe *out)
{
    struct stats_moments acc;
    stats_moments_init(&acc);
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1;
        if (!isfinite(x[i]) || !isfinite(wi) || wi < 0) {
            *out = (struct stats_describe){(double)n, NAN, NAN, NAN, NAN, NAN, NAN};
            return -1;
        }
        stats_moments_add(&acc, x[i], wi);
    }
    stats_moments_result(&acc, out);
    return 0;
}

double stats_kish_neff(const double *w, size_t n)
{
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) {
        s += w[i];
        s2 += w[i] * w[i];
    }
    return s2 > 0 ? s * s / s2 : NAN;
}

double stats_design_effect(const double *w, size_t n)
{
    return (double)n / stats_kish_neff(w, n);
}
