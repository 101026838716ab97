/* logistic.c — logistic regression by iteratively reweighted least squares.
 *
 * Each IRLS step solves the weighted least-squares problem
 *     (X'WX) β = X'W z,   W = diag(μ(1-μ)),  z = η + (y - μ)/(μ(1-μ)),
 * which is Newton's method on the binomial log-likelihood (P. McCullagh and
 * J. A. Nelder, Generalized Linear Models, 2nd ed., 1989, §2.5; R glm.fit).
 * X'Wz is accumulated as Σ x_i·(w_i·η_i + y_i - μ_i) so that no tiny w_i is
 * divided by.  X'WX is factorised by Cholesky (GSL); at convergence its
 * inverse is the estimated covariance of β, so SE = √diag((X'WX)⁻¹).
 *
 * One pass over the data per iteration computes, at the current β, both the
 * deviance (to test convergence) and the next system X'WX, X'Wz: the rows are
 * never copied and no array of size n is allocated.  The deviance is summed
 * with Neumaier's compensated summation and from the linear predictor
 * (-2 log μ = 2 log(1 + e^-η)), so that its change can be resolved to 1e-10.
 *
 * Like R, the start is μ = (y + 0.5)/2, and μ is kept inside
 * [DBL_EPSILON, 1 - DBL_EPSILON].  Separation shows up as fitted
 * probabilities within 10·DBL_EPSILON of 0 or 1 (R's warning "fitted
 * probabilities numerically 0 or 1 occurred"), or, when the deviance settles
 * first (a yes/no predictor that alone separates the outcome stops near
 * |η| = 28), as a linear predictor beyond ±LOGIT_SEP_ETA at the final β: a
 * fitted probability under 2e-9 is no odds a survey predictor produces, and
 * R's own fit there carries standard errors of 1e5 and more.  The estimates
 * are then not finite in truth and are reported as NAN with converged = 0.
 */
#include "stats/stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#define LOGIT_MAX_ITER 50
#define LOGIT_TOL 1e-10
#define LOGIT_SEP_ETA 20.0
/* Below this relative change the deviance's own rounding dominates. */
#define LOGIT_TOL_REL 1e-13

/* log(1 + e^t) without overflow. */
static double softplus(double t)
{
    return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

static void fit_nan(struct stats_logit *f)
{
    for (size_t j = 0; j < f->p; j++)
        f->coef[j] = f->se[j] = f->z[j] = f->p_value[j] = f->odds_ratio[j] = f->or_ci_low[j] =
            f->or_ci_high[j] = NAN;
    f->deviance = NAN;
}

/* One pass at BETA (or at R's starting μ when BETA is NULL): the deviance,
   X'WX into A (full symmetric) and X'Wz into B.  *EXTREME is set when a
   fitted probability is numerically 0 or 1. */
static double irls_pass(stats_logit_row_fn row, void *ctx, double *buf, const double *y, size_t n,
                        size_t p, const double *beta, gsl_matrix *a, gsl_vector *b, int *extreme)
{
    gsl_matrix_set_zero(a);
    gsl_vector_set_zero(b);
    double *ad = a->data, *bd = b->data;
    size_t tda = a->tda;
    double dev = 0, comp = 0;
    *extreme = 0;
    for (size_t i = 0; i < n; i++) {
        const double *xi = row(ctx, i, buf);
        double eta, mu;
        if (beta) {
            eta = 0;
            for (size_t j = 0; j < p; j++)
                eta += xi[j] * beta[j];
            mu = 1 / (1 + exp(-eta));
        } else {
            mu = (y[i] + 0.5) / 2;
            eta = log(mu / (1 - mu));
        }
        if (mu < DBL_EPSILON)
            mu = DBL_EPSILON;
        if (mu > 1 - DBL_EPSILON)
            mu = 1 - DBL_EPSILON;
        if (mu < 10 * DBL_EPSILON || mu > 1 - 10 * DBL_EPSILON || fabs(eta) > LOGIT_SEP_ETA)
            *extreme = 1;
        double d = 2 * softplus(y[i] > 0 ? -eta : eta);
        /* Neumaier: carry the low-order bits lost in dev + d. */
        double t = dev + d;
        comp += fabs(dev) >= fabs(d) ? (dev - t) + d : (d - t) + dev;
        dev = t;
        double w = mu * (1 - mu);
        double r = w * eta + y[i] - mu;
        for (size_t j = 0; j < p; j++) {
            double wx = w * xi[j];
            for (size_t k = j; k < p; k++)
                ad[j * tda + k] += wx * xi[k];
            bd[j] += r * xi[j];
        }
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k < j; k++)
            ad[j * tda + k] = ad[k * tda + j];
    return dev + comp;
}

/* Rows of a row-major N×P matrix, in place. */
struct matrix_rows {
    const double *x;
    size_t p;
};

static const double *matrix_row(void *ctx, size_t i, double *buf)
{
    const struct matrix_rows *m = ctx;
    (void)buf;
    return m->x + i * m->p;
}

struct stats_logit *stats_logit_fit(const double *x, const double *y, size_t n, size_t p)
{
    struct matrix_rows m = {x, p};
    return stats_logit_fit_rows(matrix_row, &m, y, n, p);
}

struct stats_logit *stats_logit_fit_rows(stats_logit_row_fn row, void *ctx, const double *y,
                                         size_t n, size_t p)
{
    if (p == 0)
        return NULL;
    struct stats_logit *f = malloc(sizeof *f + 8 * p * sizeof(double));
    gsl_matrix *a = gsl_matrix_alloc(p, p);
    gsl_vector *b = gsl_vector_alloc(p);
    gsl_vector *beta = gsl_vector_alloc(p);
    if (!f || !a || !b || !beta) {
        free(f);
        f = NULL;
        goto done;
    }
    double *mem = (double *)(f + 1);
    *f = (struct stats_logit){.status = STATS_LOGIT_TOO_FEW, .n = n, .p = p};
    f->coef = mem;
    f->se = mem + p;
    f->z = mem + 2 * p;
    f->p_value = mem + 3 * p;
    f->odds_ratio = mem + 4 * p;
    f->or_ci_low = mem + 5 * p;
    f->or_ci_high = mem + 6 * p;
    double *buf = mem + 7 * p; /* a row built by ROW */
    fit_nan(f);

    size_t ones = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] != 0 && y[i] != 1)
            goto done;
        ones += y[i] == 1;
    }
    if (n <= p || ones == 0 || ones == n)
        goto done;

    int extreme = 0;
    double dev_old = irls_pass(row, ctx, buf, y, n, p, NULL, a, b, &extreme);
    double dev = dev_old;
    f->status = STATS_LOGIT_NOT_CONVERGED;
    for (int iter = 1; iter <= LOGIT_MAX_ITER; iter++) {
        if (gsl_linalg_cholesky_decomp1(a) != GSL_SUCCESS ||
            gsl_linalg_cholesky_solve(a, b, beta) != GSL_SUCCESS) {
            f->status = STATS_LOGIT_SINGULAR;
            break;
        }
        f->iterations = iter;
        dev = irls_pass(row, ctx, buf, y, n, p, beta->data, a, b, &extreme);
        if (!isfinite(dev))
            break;
        double change = fabs(dev - dev_old);
        if (change < LOGIT_TOL || change < LOGIT_TOL_REL * dev) {
            f->status = STATS_LOGIT_OK;
            break;
        }
        dev_old = dev;
    }
    /* Separation also makes X'WX singular or the iterations run on. */
    if (extreme && f->status != STATS_LOGIT_TOO_FEW)
        f->status = STATS_LOGIT_SEPARATION;
    if (f->status != STATS_LOGIT_OK)
        goto done;
    /* The information at the final β: A was accumulated there. */
    if (gsl_linalg_cholesky_decomp1(a) != GSL_SUCCESS ||
        gsl_linalg_cholesky_invert(a) != GSL_SUCCESS) {
        f->status = STATS_LOGIT_SINGULAR;
        goto done;
    }
    for (size_t j = 0; j < p; j++) {
        double c = gsl_vector_get(beta, j), v = gsl_matrix_get(a, j, j);
        if (!isfinite(c) || !(v > 0) || !isfinite(v)) {
            f->status = STATS_LOGIT_SINGULAR;
            fit_nan(f);
            goto done;
        }
        double se = sqrt(v);
        f->coef[j] = c;
        f->se[j] = se;
        f->z[j] = c / se;
        f->p_value[j] = 2 * gsl_cdf_ugaussian_Q(fabs(c / se));
        f->odds_ratio[j] = exp(c);
        f->or_ci_low[j] = exp(c - STATS_Z975 * se);
        f->or_ci_high[j] = exp(c + STATS_Z975 * se);
    }
    f->deviance = dev;
    f->converged = 1;
done:
    gsl_matrix_free(a);
    gsl_vector_free(b);
    gsl_vector_free(beta);
    return f;
}

void stats_logit_free(struct stats_logit *fit)
{
    free(fit);
}
