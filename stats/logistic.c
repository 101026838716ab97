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
 * deviance (to test convergence) and the next system X'WX, X'Wz.  Survey
 * predictors repeat (age groups, yes/no answers, indices on a grid), so the
 * observations are first pooled by identical predictor rows into binomial
 * counts (s successes in m trials): the log-likelihood, its derivatives and
 * R's starting values are sums over observations, so the pooled fit is the
 * same fit, and each iteration costs one pass over the distinct rows (a caller
 * that can pool by an integer key passes them to stats_logit_fit_grouped()).  When
 * rows are mostly distinct (over a quarter of n) the pooling is dropped and
 * every pass streams the rows from the caller: no n×p matrix is kept.  The deviance is summed
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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
static double irls_pass(stats_logit_row_fn row, void *ctx, double *buf, const double *y,
                        const double *m, size_t n, size_t p, const double *beta, gsl_matrix *a,
                        gsl_vector *b, int *extreme)
{
    gsl_matrix_set_zero(a);
    gsl_vector_set_zero(b);
    double *ad = a->data, *bd = b->data;
    size_t tda = a->tda;
    double dev = 0, comp = 0;
    *extreme = 0;
    for (size_t i = 0; i < n; i++) {
        const double *xi = row(ctx, i, buf);
        double trials = m ? m[i] : 1, succ = y[i], d, w, r;
        if (beta) {
            double eta = 0;
            for (size_t j = 0; j < p; j++)
                eta += xi[j] * beta[j];
            double mu = 1 / (1 + exp(-eta));
            if (mu < DBL_EPSILON)
                mu = DBL_EPSILON;
            if (mu > 1 - DBL_EPSILON)
                mu = 1 - DBL_EPSILON;
            if (mu < 10 * DBL_EPSILON || mu > 1 - 10 * DBL_EPSILON || fabs(eta) > LOGIT_SEP_ETA)
                *extreme = 1;
            /* -2 log-likelihood (the deviance of 0/1 data) from η, exactly */
            d = 2 * ((succ > 0 ? succ * softplus(-eta) : 0) +
                     (trials - succ > 0 ? (trials - succ) * softplus(eta) : 0));
            w = trials * mu * (1 - mu);
            r = w * eta + succ - trials * mu;
        } else {
            /* R's start μ = (y + 0.5)/2: 3/4 for a success, 1/4 for a failure;
               both have μ(1 - μ) = 3/16 and |η| = log 3. */
            const double mu1 = 0.75, eta1 = log(3.0), w1 = mu1 * (1 - mu1);
            d = 2 * trials * softplus(-eta1);
            w = trials * w1;
            r = succ * (w1 * eta1 + 1 - mu1) + (trials - succ) * (-w1 * eta1 - (1 - mu1));
        }
        /* Neumaier: carry the low-order bits lost in dev + d. */
        double t = dev + d;
        comp += fabs(dev) >= fabs(d) ? (dev - t) + d : (d - t) + dev;
        dev = t;
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

/* Observations pooled by identical predictor rows. */
struct pooled {
    double *x;      /* npat × p rows */
    double *s, *m;  /* successes and trials per row */
    size_t n, cap, p;
    uint32_t *slot; /* row index + 1, 0 = empty; scap a power of two */
    size_t scap;
};

static uint64_t row_hash(const double *x, size_t p)
{
    uint64_t h = 1469598103934665603u;
    for (size_t j = 0; j < p; j++) {
        double v = x[j] == 0 ? 0 : x[j]; /* -0 and 0 are one value */
        uint64_t bits;
        memcpy(&bits, &v, sizeof bits);
        h = (h ^ bits) * 1099511628211u;
        h ^= h >> 29;
    }
    return h;
}

static size_t pooled_find(const struct pooled *pl, const double *x)
{
    size_t i = row_hash(x, pl->p) & (pl->scap - 1);
    while (pl->slot[i]) {
        const double *o = pl->x + (size_t)(pl->slot[i] - 1) * pl->p;
        size_t j = 0;
        while (j < pl->p && o[j] == x[j])
            j++;
        if (j == pl->p)
            return i;
        i = (i + 1) & (pl->scap - 1);
    }
    return i;
}

static void pooled_free(struct pooled *pl)
{
    free(pl->x);
    free(pl->s);
    free(pl->m);
    free(pl->slot);
}

/* Pool the N rows; returns 0, or -1 when they are too distinct to be worth
   it or memory runs out (then PL is freed and the caller streams). */
static int pool(struct pooled *pl, stats_logit_row_fn row, void *ctx, double *buf,
                const double *y, size_t n, size_t p)
{
    *pl = (struct pooled){.p = p};
    size_t limit = n / 4;
    for (size_t i = 0; i < n; i++) {
        const double *x = row(ctx, i, buf);
        if ((pl->n + 1) * 2 > pl->scap) {
            size_t scap = pl->scap ? 2 * pl->scap : 4096;
            uint32_t *slot = calloc(scap, sizeof *slot);
            if (!slot)
                goto fail;
            free(pl->slot);
            pl->slot = slot;
            pl->scap = scap;
            for (size_t k = 0; k < pl->n; k++)
                slot[pooled_find(pl, pl->x + k * p)] = (uint32_t)k + 1;
        }
        size_t at = pooled_find(pl, x);
        if (!pl->slot[at]) {
            if (pl->n >= limit)
                goto fail;
            if (pl->n == pl->cap) {
                size_t cap = pl->cap ? 2 * pl->cap : 1024;
                double *nx = realloc(pl->x, cap * p * sizeof *nx);
                if (nx)
                    pl->x = nx;
                double *ns = nx ? realloc(pl->s, cap * sizeof *ns) : NULL;
                if (ns)
                    pl->s = ns;
                double *nm = ns ? realloc(pl->m, cap * sizeof *nm) : NULL;
                if (!nm)
                    goto fail;
                pl->m = nm;
                pl->cap = cap;
            }
            memcpy(pl->x + pl->n * p, x, p * sizeof *x);
            pl->s[pl->n] = pl->m[pl->n] = 0;
            pl->slot[at] = (uint32_t)++pl->n;
        }
        pl->s[pl->slot[at] - 1] += y[i];
        pl->m[pl->slot[at] - 1] += 1;
    }
    return 0;
fail:
    pooled_free(pl);
    *pl = (struct pooled){0};
    return -1;
}

/* A result of P terms for N observations, every number NAN and the status
   TOO_FEW until a fit succeeds; BUF receives scratch for one row.  NULL if
   out of memory. */
static struct stats_logit *fit_new(size_t n, size_t p, double **buf)
{
    struct stats_logit *f = malloc(sizeof *f + 8 * p * sizeof(double));
    if (!f)
        return NULL;
    double *mem = (double *)(f + 1);
    *f = (struct stats_logit){.status = STATS_LOGIT_TOO_FEW, .n = n, .p = p};
    f->coef = mem;
    f->se = mem + p;
    f->z = mem + 2 * p;
    f->p_value = mem + 3 * p;
    f->odds_ratio = mem + 4 * p;
    f->or_ci_low = mem + 5 * p;
    f->or_ci_high = mem + 6 * p;
    *buf = mem + 7 * p;
    fit_nan(f);
    return f;
}

/* IRLS on N rows given by ROW, row i with Y[i] successes in M[i] trials (M
   NULL: one each), into F.  Returns 0, or -1 if out of memory. */
static int irls(struct stats_logit *f, stats_logit_row_fn row, void *ctx, double *buf,
                const double *y, const double *m, size_t n, size_t p)
{
    gsl_matrix *a = gsl_matrix_alloc(p, p);
    gsl_vector *b = gsl_vector_alloc(p);
    gsl_vector *beta = gsl_vector_alloc(p);
    int rc = a && b && beta ? 0 : -1;
    if (rc < 0)
        goto done;
    int extreme = 0;
    double dev_old = irls_pass(row, ctx, buf, y, m, n, p, NULL, a, b, &extreme);
    double dev = dev_old;
    f->status = STATS_LOGIT_NOT_CONVERGED;
    for (int iter = 1; iter <= LOGIT_MAX_ITER; iter++) {
        if (gsl_linalg_cholesky_decomp1(a) != GSL_SUCCESS ||
            gsl_linalg_cholesky_solve(a, b, beta) != GSL_SUCCESS) {
            f->status = STATS_LOGIT_SINGULAR;
            break;
        }
        f->iterations = iter;
        dev = irls_pass(row, ctx, buf, y, m, n, p, beta->data, a, b, &extreme);
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
    if (extreme)
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
    return rc;
}

struct stats_logit *stats_logit_fit_rows(stats_logit_row_fn row, void *ctx, const double *y,
                                         size_t n, size_t p)
{
    if (p == 0)
        return NULL;
    double *buf;
    struct stats_logit *f = fit_new(n, p, &buf);
    if (!f)
        return NULL;
    size_t ones = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] != 0 && y[i] != 1)
            return f;
        ones += y[i] == 1;
    }
    if (n <= p || ones == 0 || ones == n)
        return f;

    /* Pool identical rows when they repeat; else stream the caller's rows. */
    struct pooled pl;
    int rc;
    if (pool(&pl, row, ctx, buf, y, n, p) == 0) {
        struct matrix_rows pm = {pl.x, p};
        rc = irls(f, matrix_row, &pm, buf, pl.s, pl.m, pl.n, p);
        pooled_free(&pl);
    } else {
        rc = irls(f, row, ctx, buf, y, NULL, n, p);
    }
    if (rc < 0) {
        free(f);
        return NULL;
    }
    return f;
}

struct stats_logit *stats_logit_fit_grouped(const double *x, const double *succ,
                                            const double *trials, size_t n, size_t p)
{
    if (p == 0)
        return NULL;
    double total = 0, ones = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(trials[i] >= 1) || trials[i] != floor(trials[i]) || !(succ[i] >= 0) ||
            succ[i] > trials[i] || succ[i] != floor(succ[i]))
            total = NAN;
        total += trials[i];
        ones += succ[i];
    }
    double *buf;
    struct stats_logit *f = fit_new(isfinite(total) ? (size_t)total : 0, p, &buf);
    if (!f)
        return NULL;
    if (!isfinite(total) || total <= (double)p || ones == 0 || ones == total)
        return f;
    struct matrix_rows m = {x, p};
    if (irls(f, matrix_row, &m, buf, succ, trials, n, p) < 0) {
        free(f);
        return NULL;
    }
    return f;
}

void stats_logit_free(struct stats_logit *fit)
{
    free(fit);
}
