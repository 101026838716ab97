/* alpha.c — covariance matrices and Cronbach's alpha.
 *
 * Everything a reliability analysis reports follows from the items' sample
 * covariance matrix C (k×k), so the data are reduced to C in one pass and the
 * rest is arithmetic on C:
 *   total variance        V = Σ_ij C_ij
 *   alpha                 k/(k-1)·(1 - Σ_i C_ii / V)       (Cronbach 1951,
 *                                                           Psychometrika 16)
 *   standardized alpha    k·r̄/(1 + (k-1)·r̄), r̄ the mean off-diagonal
 *                         correlation C_ij/√(C_ii·C_jj)
 *   item i against the rest: cov = Σ_j C_ij - C_ii,
 *                         var(rest) = V - 2Σ_j C_ij + C_ii
 *   alpha without item i: the alpha formula on the rest.
 * The matrix is accumulated with Welford's co-moment update (B. P. Welford
 * (1962), Technometrics 4; the multivariate form in e.g. P. Pébay, Sandia
 * report SAND2008-6212), which stays accurate for data far from zero.
 */
#include "stats/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

struct stats_cov {
    size_t k;
    size_t n;
    double *mean;  /* k */
    double *delta; /* k, scratch for one row */
    double *m2;    /* k×k co-moments Σ(x_i - x̄_i)(x_j - x̄_j) */
};

struct stats_cov *stats_cov_new(size_t k)
{
    if (k == 0)
        return NULL;
    struct stats_cov *acc = malloc(sizeof *acc);
    double *mem = calloc(k * (k + 2), sizeof *mem);
    if (!acc || !mem) {
        free(acc);
        free(mem);
        return NULL;
    }
    *acc = (struct stats_cov){k, 0, mem, mem + k, mem + 2 * k};
    return acc;
}

void stats_cov_free(struct stats_cov *acc)
{
    if (!acc)
        return;
    free(acc->mean);
    free(acc);
}

void stats_cov_add(struct stats_cov *acc, const double *row)
{
    size_t k = acc->k;
    acc->n++;
    double inv = 1.0 / (double)acc->n;
    for (size_t i = 0; i < k; i++) {
        acc->delta[i] = row[i] - acc->mean[i];
        acc->mean[i] += acc->delta[i] * inv;
    }
    /* M_ij += δ_i·(x_j - new mean_j), the exact update of the co-moment;
       only the upper triangle is updated and mirrored on output. */
    for (size_t i = 0; i < k; i++)
        for (size_t j = i; j < k; j++)
            acc->m2[i * k + j] += acc->delta[i] * (row[j] - acc->mean[j]);
}

size_t stats_cov_n(const struct stats_cov *acc)
{
    return acc->n;
}

void stats_cov_matrix(const struct stats_cov *acc, double *cov)
{
    size_t k = acc->k;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i; j < k; j++)
            cov[i * k + j] = cov[j * k + i] =
                acc->n < 2 ? NAN : acc->m2[i * k + j] / (double)(acc->n - 1);
}

/* With S_q = a·n + ra and S_r = b·n + rb (integer division),
   S_q·S_r/n = a·S_r + ra·b + ra·rb/n, so the co-moment
   S_qr - S_q·S_r/n is the integer S_qr - a·S_r - ra·b less the fraction
   ra·rb/n < n: no product exceeds n·max(x)^2 and nothing cancels in
   floating point. */
void stats_cov_from_sums(const uint64_t *sum, const uint64_t *cross, size_t k, uint64_t n,
                         double *cov)
{
    for (size_t q = 0; q < k; q++)
        for (size_t r = q; r < k; r++) {
            double c = NAN;
            if (n >= 2) {
                uint64_t a = sum[q] / n, ra = sum[q] % n, b = sum[r] / n, rb = sum[r] % n;
                int64_t whole = (int64_t)cross[q * k + r] - (int64_t)(a * sum[r]) -
                                (int64_t)(ra * b);
                c = ((double)whole - (double)(ra * rb) / (double)n) / (double)(n - 1);
            }
            cov[q * k + r] = cov[r * k + q] = c;
        }
}

/* Alpha of the items other than SKIP (SKIP = k for all items). */
static double alpha_of(const double *cov, size_t k, size_t skip)
{
    double m = (double)(skip < k ? k - 1 : k);
    if (m < 2)
        return NAN;
    double total = 0, diag = 0;
    for (size_t i = 0; i < k; i++) {
        if (i == skip)
            continue;
        diag += cov[i * k + i];
        for (size_t j = 0; j < k; j++)
            if (j != skip)
                total += cov[i * k + j];
    }
    if (!(total > 0))
        return NAN;
    return m / (m - 1) * (1 - diag / total);
}

int stats_alpha_from_cov(const double *cov, size_t k, size_t n, struct stats_alpha *out,
                         double *item_total, double *alpha_if_deleted)
{
    *out = (struct stats_alpha){(double)n, NAN, NAN};
    for (size_t i = 0; i < k; i++) {
        if (item_total)
            item_total[i] = NAN;
        if (alpha_if_deleted)
            alpha_if_deleted[i] = NAN;
    }
    if (k < 2)
        return -1;
    out->alpha = alpha_of(cov, k, k);

    double rsum = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++)
            rsum += cov[i * k + j] / sqrt(cov[i * k + i] * cov[j * k + j]);
    double rbar = rsum / (double)(k * (k - 1) / 2);
    /* A zero item variance makes a correlation 0/0 or x/0: not finite. */
    if (isfinite(rbar))
        out->std_alpha = (double)k * rbar / (1 + (double)(k - 1) * rbar);

    double total = 0;
    for (size_t i = 0; i < k * k; i++)
        total += cov[i];
    for (size_t i = 0; i < k; i++) {
        double row = 0;
        for (size_t j = 0; j < k; j++)
            row += cov[i * k + j];
        double vi = cov[i * k + i];
        double c_rest = row - vi;
        double v_rest = total - 2 * row + vi;
        if (item_total && vi > 0 && v_rest > 0)
            item_total[i] = c_rest / sqrt(vi * v_rest);
        if (alpha_if_deleted && k >= 3)
            alpha_if_deleted[i] = alpha_of(cov, k, i);
    }
    return 0;
}

int stats_alpha(const double *x, size_t n, size_t k, struct stats_alpha *out, double *item_total,
                double *alpha_if_deleted)
{
    if (k < 2)
        return stats_alpha_from_cov(NULL, k, n, out, item_total, alpha_if_deleted);
    struct stats_cov *acc = stats_cov_new(k);
    double *cov = malloc(k * k * sizeof *cov);
    if (!acc || !cov) {
        stats_cov_free(acc);
        free(cov);
        *out = (struct stats_alpha){(double)n, NAN, NAN};
        return -2;
    }
    for (size_t i = 0; i < n; i++)
        stats_cov_add(acc, x + i * k);
    stats_cov_matrix(acc, cov);
    int rc = stats_alpha_from_cov(cov, k, n, out, item_total, alpha_if_deleted);
    stats_cov_free(acc);
    free(cov);
    return rc;
}
