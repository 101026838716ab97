/* validity.c — the validity of a set of Likert items as survey papers report
 * it: KMO, Bartlett's test and a varimax-rotated principal component
 * analysis (stats_factor), from the items' sums and cross-products that the
 * count pass gathered, so no respondent is visited here.  Which factor each
 * item and each scale belongs to is read off the rotated loadings, for the
 * report's sorted loading table and its cross-loading finding.
 */
#include "analysis/analysis.h"
#include "analysis/analysis_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Copy N doubles into the results. */
static double *keep(struct ctx *c, const double *x, size_t n)
{
    double *d = an_take(c->box, n ? n : 1, sizeof *d);
    if (d)
        memcpy(d, x, n * sizeof *d);
    return d;
}

struct an_validity *an_validity(struct ctx *c, const uint64_t *sum, const uint64_t *cross,
                                size_t k, double n, const char *const *items, size_t nfactors)
{
    struct an_validity *V = an_take(c->box, 1, sizeof *V);
    const char **names = an_take(c->box, k ? k : 1, sizeof *names);
    if (!V || !names)
        return NULL;
    memcpy(names, items, k * sizeof *names);
    *V = (struct an_validity){.k = k, .items = names, .n = n, .kmo = NAN};
    V->bartlett = (struct an_test){NAN, NAN, NAN};
    /* With n <= k the centred data have rank below k whatever they are. */
    if (n <= (double)k) {
        V->status = AN_VALIDITY_TOO_FEW;
        return V;
    }
    double *cor = malloc(k * k * sizeof *cor);
    if (!cor) {
        c->box->oom = 1;
        return NULL;
    }
    size_t bad = 0;
    struct stats_factor *fa = NULL;
    enum stats_factor_status st = STATS_FACTOR_ERR_CONSTANT;
    if (stats_cor_from_sums(sum, cross, k, (uint64_t)n, cor, &bad) == 0)
        st = stats_factor(cor, k, n, nfactors > k ? k : nfactors, &fa, &bad);
    free(cor);
    switch (st) {
    case STATS_FACTOR_OK: break;
    case STATS_FACTOR_ERR_CONSTANT:
    case STATS_FACTOR_ERR_SINGULAR:
        V->status = st == STATS_FACTOR_ERR_CONSTANT ? AN_VALIDITY_CONSTANT : AN_VALIDITY_SINGULAR;
        V->item_index = bad < k ? bad : 0;
        V->item = names[V->item_index];
        return V;
    case STATS_FACTOR_ERR_NOMEM: c->box->oom = 1; return NULL;
    default: V->status = AN_VALIDITY_FAILED; return V;
    }
    size_t K = fa->factors;
    V->kmo = fa->kmo;
    V->bartlett = (struct an_test){fa->bartlett.statistic, fa->bartlett.df, fa->bartlett.p_value};
    V->factors = K;
    V->fixed = nfactors > 0;
    V->kmo_items = keep(c, fa->kmo_items, k);
    V->eigenvalues = keep(c, fa->eigenvalues, k);
    V->loadings = keep(c, fa->loadings, k * K);
    V->ss_loadings = keep(c, fa->ss_loadings, K);
    V->variance_pct = keep(c, fa->variance_pct, K);
    V->cumulative_pct = keep(c, fa->cumulative_pct, K);
    V->eigen_pct = an_take(c->box, k, sizeof *V->eigen_pct);
    V->eigen_cum = an_take(c->box, k, sizeof *V->eigen_cum);
    V->main_factor = an_take(c->box, k, sizeof *V->main_factor);
    stats_factor_free(fa);
    if (c->box->oom)
        return NULL;
    double cum = 0;
    for (size_t i = 0; i < k; i++) {
        V->eigen_pct[i] = 100.0 * V->eigenvalues[i] / (double)k;
        V->eigen_cum[i] = cum += V->eigen_pct[i];
        const double *row = V->loadings + i * K;
        size_t best = 0;
        for (size_t f = 1; f < K; f++)
            if (fabs(row[f]) > fabs(row[best]))
                best = f;
        V->main_factor[i] = best;
    }
    return V;
}

void an_validity_scales(struct ctx *c, struct an_validity *V, const struct an_likert *L)
{
    if (V->status != AN_VALIDITY_OK || !L->n_scales)
        return;
    V->scale_factor = an_take(c->box, L->n_scales, sizeof *V->scale_factor);
    if (!V->scale_factor)
        return;
    size_t K = V->factors;
    for (size_t s = 0; s < L->n_scales; s++) {
        const struct an_scale *S = &L->scales[s];
        size_t best = 0;
        double best_ss = -1;
        for (size_t f = 0; f < K; f++) {
            double ss = 0;
            for (size_t q = 0; q < S->k; q++) {
                double l = V->loadings[S->item_index[q] * K + f];
                ss += l * l;
            }
            if (ss > best_ss)
                best = f, best_ss = ss;
        }
        V->scale_factor[s] = best;
    }
}
