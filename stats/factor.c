/* factor.c — the validity of a scale: KMO, Bartlett's test, principal
 * components and varimax.
 *
 * Everything follows from the items' correlation matrix R (k×k):
 *   KMO        Kaiser (1970), Psychometrika 35; the anti-image correlations
 *              are the partial correlations q_ij = Q_ij/√(Q_ii·Q_jj) of
 *              Q = R⁻¹ (the sign of q does not matter: it enters squared),
 *              as psych::KMO computes them.
 *   Bartlett   Bartlett (1951), JRSS B 13: χ² = -(n - 1 - (2p + 5)/6)·ln|R|,
 *              p(p - 1)/2 df (psych::cortest.bartlett).  ln|R| is twice the
 *              sum of the logs of the Cholesky factor's diagonal.
 *   components R = VΛV' (GSL's symmetric eigensolver); loadings V·√Λ, as
 *              psych::principal, which first raises eigenvalues below
 *              DBL_EPSILON to DBL_EPSILON.
 *   varimax    Kaiser (1958), Psychometrika 23, in the form R's
 *              stats::varimax iterates it: each step takes the orthogonal
 *              polar factor U·V' of the gradient B, found by an SVD.
 * A singular R has no inverse and no logarithm of its determinant, so R is
 * first factored by a plain Cholesky loop that stops at the first pivot
 * below STATS_FACTOR_SINGULAR_TOL: that pivot is 1 - R² of the item on the
 * ones before it, which names the copied or redundant item for the caller.
 */
#include "stats/stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* stats::varimax's defaults. */
#define VARIMAX_MAX_ITER 1000
#define VARIMAX_EPS 1e-5

/* How far a diagonal entry may be from 1 and still be a correlation. */
#define DIAG_TOL 1e-9

static const char *const factor_messages[] = {
    [STATS_FACTOR_OK] = "success",
    [STATS_FACTOR_ERR_ARGS] = "not a correlation matrix of two or more items, or too many factors",
    [STATS_FACTOR_ERR_CONSTANT] = "an item has zero variance",
    [STATS_FACTOR_ERR_SINGULAR] = "an item is a linear combination of other items (the correlation matrix is singular)",
    [STATS_FACTOR_ERR_NUMERIC] = "the eigenvalue or singular value decomposition failed",
    [STATS_FACTOR_ERR_NOMEM] = "out of memory",
};

const char *stats_factor_strerror(enum stats_factor_status status)
{
    if ((size_t)status >= sizeof factor_messages / sizeof factor_messages[0])
        return "unknown factor analysis error";
    return factor_messages[status];
}

int stats_cor_from_cov(const double *cov, size_t k, double *cor, size_t *item)
{
    int bad = 0;
    /* The off-diagonal entries first, while the variances are still there
       when COR is COV. */
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            if (i == j)
                continue;
            double vi = cov[i * k + i], vj = cov[j * k + j];
            cor[i * k + j] = vi > 0 && vj > 0 && isfinite(vi) && isfinite(vj)
                                 ? cov[i * k + j] / sqrt(vi * vj)
                                 : NAN;
        }
    for (size_t i = 0; i < k; i++) {
        double v = cov[i * k + i];
        int ok = v > 0 && isfinite(v);
        if (!ok && !bad) {
            bad = 1;
            if (item)
                *item = i;
        }
        cor[i * k + i] = ok ? 1 : NAN;
    }
    return bad ? -1 : 0;
}

int stats_cor_from_sums(const uint64_t *sum, const uint64_t *cross, size_t k, uint64_t n,
                        double *cor, size_t *item)
{
    stats_cov_from_sums(sum, cross, k, n, cor);
    return stats_cor_from_cov(cor, k, cor, item);
}

/* Entry (i, j) of the correlation matrix from its lower triangle. */
static double cor_at(const double *cor, size_t k, size_t i, size_t j)
{
    return i >= j ? cor[i * k + j] : cor[j * k + i];
}

/* Checks COR and copies it, symmetric with a unit diagonal, into M.  A
   zero-variance item shows as a diagonal entry of 0 or NAN
   (stats_cor_from_cov), or as a row of NAN beside a diagonal of 1 (R cor()):
   the diagonal is looked at first, so that with two items the row of the
   item that really is constant is not blamed on its partner. */
static enum stats_factor_status cor_load(const double *cor, size_t k, gsl_matrix *m, size_t *item)
{
    for (size_t i = 0; i < k; i++) {
        double d = cor[i * k + i];
        if (!isfinite(d) || d == 0) {
            *item = i;
            return STATS_FACTOR_ERR_CONSTANT;
        }
    }
    for (size_t i = 0; i < k; i++) {
        int all_bad = 1;
        for (size_t j = 0; j < k; j++)
            if (j != i && isfinite(cor_at(cor, k, i, j)))
                all_bad = 0;
        if (all_bad) {
            *item = i;
            return STATS_FACTOR_ERR_CONSTANT;
        }
        if (fabs(cor[i * k + i] - 1) > DIAG_TOL)
            return STATS_FACTOR_ERR_ARGS;
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double r = i == j ? 1 : cor_at(cor, k, i, j);
            if (!isfinite(r))
                return STATS_FACTOR_ERR_ARGS;
            gsl_matrix_set(m, i, j, r);
        }
    return STATS_FACTOR_OK;
}

/* The first item j whose Cholesky pivot 1 - R²(j | 0..j-1) is below the
   tolerance, or K if there is none.  L (k×k scratch) receives the factor's
   rows as far as they were computed. */
static size_t dependent_item(const gsl_matrix *m, double *l)
{
    size_t k = m->size1;
    for (size_t j = 0; j < k; j++) {
        double pivot = 1;
        for (size_t c = 0; c < j; c++)
            pivot -= l[j * k + c] * l[j * k + c];
        if (!(pivot >= STATS_FACTOR_SINGULAR_TOL))
            return j;
        double ljj = sqrt(pivot);
        l[j * k + j] = ljj;
        for (size_t i = j + 1; i < k; i++) {
            double s = gsl_matrix_get(m, i, j);
            for (size_t c = 0; c < j; c++)
                s -= l[i * k + c] * l[j * k + c];
            l[i * k + j] = s / ljj;
        }
    }
    return k;
}

/* KMO and each item's MSA from R (M) and its inverse (INV). */
static void kmo(const gsl_matrix *m, const gsl_matrix *inv, double *overall, double *items)
{
    size_t k = m->size1;
    double r2 = 0, q2 = 0;
    for (size_t j = 0; j < k; j++) {
        double cr = 0, cq = 0;
        for (size_t i = 0; i < k; i++) {
            if (i == j)
                continue;
            double r = gsl_matrix_get(m, i, j);
            double q = gsl_matrix_get(inv, i, j) /
                       sqrt(gsl_matrix_get(inv, i, i) * gsl_matrix_get(inv, j, j));
            cr += r * r;
            cq += q * q;
        }
        items[j] = cr + cq > 0 ? cr / (cr + cq) : NAN;
        r2 += cr;
        q2 += cq;
    }
    *overall = r2 + q2 > 0 ? r2 / (r2 + q2) : NAN;
}

/* Bartlett's test from ln|R|. */
static struct stats_test bartlett(double logdet, size_t k, double n)
{
    double p = (double)k;
    double mult = n - 1 - (2 * p + 5) / 6;
    if (!isfinite(n) || !(mult > 0))
        return (struct stats_test){NAN, NAN, NAN};
    /* + 0.0 turns the -0 of an identity matrix into 0. */
    double chi = -logdet * mult + 0.0;
    if (chi < 0)
        chi = 0; /* ln|R| <= 0 for a correlation matrix; rounding aside */
    double df = p * (p - 1) / 2;
    return (struct stats_test){chi, df, gsl_cdf_chisq_Q(chi, df)};
}

/* The result, one allocation for the struct and its arrays. */
static struct stats_factor *factor_new(size_t k, size_t nf)
{
    size_t nd = 2 * k + k * nf + 3 * nf;
    struct stats_factor *fa = malloc(sizeof *fa + nd * sizeof(double));
    if (!fa)
        return NULL;
    double *d = (double *)(fa + 1);
    *fa = (struct stats_factor){.k = k, .factors = nf};
    fa->kmo_items = d;
    fa->eigenvalues = d + k;
    fa->loadings = d + 2 * k;
    fa->ss_loadings = fa->loadings + k * nf;
    fa->variance_pct = fa->ss_loadings + nf;
    fa->cumulative_pct = fa->variance_pct + nf;
    return fa;
}

void stats_factor_free(struct stats_factor *fa)
{
    free(fa);
}

/* Orders FA's factors by ss_loadings, largest first (a stable insertion sort:
   ties keep their order, as R's order()), and makes each factor's loadings
   sum to >= 0 (psych::principal). */
static void order_and_sign(struct stats_factor *fa, double *tmp)
{
    size_t k = fa->k, nf = fa->factors;
    double *ld = fa->loadings, *ss = fa->ss_loadings;
    for (size_t f = 0; f < nf; f++) {
        double s = 0;
        for (size_t i = 0; i < k; i++)
            s += ld[i * nf + f] * ld[i * nf + f];
        ss[f] = s;
    }
    for (size_t f = 1; f < nf; f++) {
        size_t g = f;
        double s = ss[f];
        for (size_t i = 0; i < k; i++)
            tmp[i] = ld[i * nf + f];
        for (; g > 0 && ss[g - 1] < s; g--) {
            ss[g] = ss[g - 1];
            for (size_t i = 0; i < k; i++)
                ld[i * nf + g] = ld[i * nf + g - 1];
        }
        ss[g] = s;
        for (size_t i = 0; i < k; i++)
            ld[i * nf + g] = tmp[i];
    }
    double cum = 0;
    for (size_t f = 0; f < nf; f++) {
        double sum = 0;
        for (size_t i = 0; i < k; i++)
            sum += ld[i * nf + f];
        if (sum < 0)
            for (size_t i = 0; i < k; i++)
                ld[i * nf + f] = -ld[i * nf + f];
        fa->variance_pct[f] = 100 * ss[f] / (double)k;
        cum += fa->variance_pct[f];
        fa->cumulative_pct[f] = cum;
    }
}

/* Scratch for stats_factor(). */
struct factor_work {
    gsl_matrix *m, *inv, *evec;
    gsl_vector *eval;
    gsl_eigen_symmv_workspace *eig;
    double *l; /* k×k, then k for order_and_sign */
};

static void work_free(struct factor_work *w)
{
    gsl_matrix_free(w->m);
    gsl_matrix_free(w->inv);
    gsl_matrix_free(w->evec);
    gsl_vector_free(w->eval);
    if (w->eig)
        gsl_eigen_symmv_free(w->eig);
    free(w->l);
}

static int work_alloc(struct factor_work *w, size_t k)
{
    w->m = gsl_matrix_alloc(k, k);
    w->inv = gsl_matrix_alloc(k, k);
    w->evec = gsl_matrix_alloc(k, k);
    w->eval = gsl_vector_alloc(k);
    w->eig = gsl_eigen_symmv_alloc(k);
    w->l = calloc(k * k, sizeof *w->l);
    return w->m && w->inv && w->evec && w->eval && w->eig && w->l ? 0 : -1;
}

/* Everything but the loadings, and the number of factors; FA is allocated
   here once that number is known. */
static enum stats_factor_status factor_fit(const double *cor, size_t k, double n, size_t nfactors,
                                           struct factor_work *w, struct stats_factor **out,
                                           size_t *item)
{
    enum stats_factor_status st = cor_load(cor, k, w->m, item);
    if (st != STATS_FACTOR_OK)
        return st;
    size_t dep = dependent_item(w->m, w->l);
    if (dep < k) {
        *item = dep;
        return STATS_FACTOR_ERR_SINGULAR;
    }

    /* Q = R⁻¹ and ln|R| from GSL's Cholesky factor (its diagonal and lower
       triangle hold L). */
    gsl_matrix_memcpy(w->inv, w->m);
    if (gsl_linalg_cholesky_decomp1(w->inv) != GSL_SUCCESS)
        return STATS_FACTOR_ERR_NUMERIC; /* not after the loop above accepted R */
    double logdet = 0;
    for (size_t i = 0; i < k; i++)
        logdet += 2 * log(gsl_matrix_get(w->inv, i, i));
    if (gsl_linalg_cholesky_invert(w->inv) != GSL_SUCCESS)
        return STATS_FACTOR_ERR_NUMERIC;

    /* The eigensolver destroys its input's lower triangle: give it L's
       scratch as a copy of R. */
    gsl_matrix_view a = gsl_matrix_view_array(w->l, k, k);
    gsl_matrix_memcpy(&a.matrix, w->m);
    if (gsl_eigen_symmv(&a.matrix, w->eval, w->evec, w->eig) != GSL_SUCCESS ||
        gsl_eigen_symmv_sort(w->eval, w->evec, GSL_EIGEN_SORT_VAL_DESC) != GSL_SUCCESS)
        return STATS_FACTOR_ERR_NUMERIC;

    size_t nf = nfactors;
    if (nf == 0) {
        while (nf < k && gsl_vector_get(w->eval, nf) > 1)
            nf++;
        if (nf == 0)
            nf = 1;
    }
    struct stats_factor *fa = factor_new(k, nf);
    if (!fa)
        return STATS_FACTOR_ERR_NOMEM;
    fa->n = n;
    kmo(w->m, w->inv, &fa->kmo, fa->kmo_items);
    fa->bartlett = bartlett(logdet, k, n);
    for (size_t i = 0; i < k; i++)
        fa->eigenvalues[i] = gsl_vector_get(w->eval, i);
    for (size_t f = 0; f < nf; f++) {
        double root = sqrt(fmax(fa->eigenvalues[f], DBL_EPSILON));
        for (size_t i = 0; i < k; i++)
            fa->loadings[i * nf + f] = gsl_matrix_get(w->evec, i, f) * root;
    }
    *out = fa;
    return STATS_FACTOR_OK;
}

enum stats_factor_status stats_factor(const double *cor, size_t k, double n, size_t nfactors,
                                      struct stats_factor **out, size_t *item)
{
    size_t dummy;
    if (!item)
        item = &dummy;
    if (out)
        *out = NULL;
    if (!cor || !out || k < 2 || nfactors > k)
        return STATS_FACTOR_ERR_ARGS;

    struct factor_work w = {0};
    struct stats_factor *fa = NULL;
    enum stats_factor_status st = STATS_FACTOR_ERR_NOMEM;
    if (work_alloc(&w, k) == 0)
        st = factor_fit(cor, k, n, nfactors, &w, &fa, item);
    if (st == STATS_FACTOR_OK && fa->factors > 1) {
        int rc = stats_varimax(fa->loadings, k, fa->factors, fa->loadings, &fa->iterations);
        if (rc != 0) {
            st = rc == -2 ? STATS_FACTOR_ERR_NOMEM : STATS_FACTOR_ERR_NUMERIC;
            stats_factor_free(fa);
            fa = NULL;
        }
    }
    if (st == STATS_FACTOR_OK)
        order_and_sign(fa, w.l);
    work_free(&w);
    *out = fa;
    return st;
}

int stats_varimax(const double *a, size_t p, size_t k, double *out, int *iterations)
{
    if (iterations)
        *iterations = 0;
    if (p == 0 || k == 0)
        return -1;
    if (k == 1) {
        memmove(out, a, p * sizeof *out);
        return 0;
    }
    gsl_matrix *x = gsl_matrix_alloc(p, k), *z = gsl_matrix_alloc(p, k);
    gsl_matrix *t = gsl_matrix_alloc(k, k), *b = gsl_matrix_alloc(k, k),
               *v = gsl_matrix_alloc(k, k);
    gsl_vector *s = gsl_vector_alloc(k), *colsq = gsl_vector_alloc(k);
    double *sc = malloc(p * sizeof *sc);
    int rc = -2;
    if (!x || !z || !t || !b || !v || !s || !colsq || !sc)
        goto done;

    /* Kaiser normalisation: each row to unit length. */
    for (size_t i = 0; i < p; i++) {
        double ss = 0;
        for (size_t j = 0; j < k; j++)
            ss += a[i * k + j] * a[i * k + j];
        sc[i] = sqrt(ss);
        for (size_t j = 0; j < k; j++)
            gsl_matrix_set(x, i, j, sc[i] > 0 ? a[i * k + j] / sc[i] : 0);
    }

    gsl_matrix_set_identity(t);
    double d = 0;
    int it = 0;
    rc = -1;
    while (it < VARIMAX_MAX_ITER) {
        it++;
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, x, t, 0, z);
        for (size_t j = 0; j < k; j++) {
            double c = 0;
            for (size_t i = 0; i < p; i++)
                c += gsl_matrix_get(z, i, j) * gsl_matrix_get(z, i, j);
            gsl_vector_set(colsq, j, c);
        }
        /* Z∘Z∘Z - Z·diag(colSums(Z∘Z))/p, in place of Z. */
        for (size_t i = 0; i < p; i++)
            for (size_t j = 0; j < k; j++) {
                double e = gsl_matrix_get(z, i, j);
                gsl_matrix_set(z, i, j, e * e * e - e * gsl_vector_get(colsq, j) / (double)p);
            }
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, x, z, 0, b);
        /* B = U·D·V' with U in B.  One-sided Jacobi, not Golub–Kahan:
           gsl_linalg_SV_decomp allocates inside (bidiag_decomp) and crashes
           when that allocation fails; the Jacobi form allocates nothing,
           and U·V' and the sum of D are the same whichever SVD finds them. */
        if (gsl_linalg_SV_decomp_jacobi(b, v, s) != GSL_SUCCESS)
            goto done;
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, b, v, 0, t);
        double dpast = d;
        d = 0;
        for (size_t j = 0; j < k; j++)
            d += gsl_vector_get(s, j);
        if (d < dpast * (1 + VARIMAX_EPS))
            break;
    }
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, x, t, 0, z);
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < k; j++)
            out[i * k + j] = gsl_matrix_get(z, i, j) * sc[i];
    if (iterations)
        *iterations = it;
    rc = 0;
done:
    gsl_matrix_free(x);
    gsl_matrix_free(z);
    gsl_matrix_free(t);
    gsl_matrix_free(b);
    gsl_matrix_free(v);
    gsl_vector_free(s);
    gsl_vector_free(colsq);
    free(sc);
    return rc;
}
