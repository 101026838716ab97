/* rake.c — raking weights to population margins (iterative proportional
 * fitting).
 *
 * W. E. Deming and F. F. Stephan (1940), "On a least squares adjustment of a
 * sampled frequency table when the expected marginal totals are known",
 * Annals of Mathematical Statistics 11; the algorithm of survey::rake() (T.
 * Lumley, Complex Surveys, 2010, §7.3).  For each variable in turn every
 * respondent's weight is multiplied by target share / current weighted share
 * of its category; cycles repeat until every weighted margin is within a
 * relative 1e-10 of its target.  Each adjustment keeps the total weight, so
 * the raked weights sum to the starting total.
 *
 * A cycle costs two passes per variable (its current margin, then the
 * multiplication) plus one pass measuring all margins; the per-category
 * arrays are allocated once per call.
 */
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>

#define RAKE_MAX_ITER 100
#define RAKE_TOL 1e-10
#define RAKE_SHARE_TOL 1e-6

static const char *const rake_messages[] = {
    [STATS_RAKE_OK] = "success",
    [STATS_RAKE_ERR_ARGS] = "invalid arguments or starting weights",
    [STATS_RAKE_ERR_SHARES] = "margin shares are negative or do not sum to 1",
    [STATS_RAKE_ERR_MISSING] = "a respondent has no category on a raking variable",
    [STATS_RAKE_ERR_EMPTY] = "a margin category has no respondents",
    [STATS_RAKE_ERR_NOCONVERGE] = "raking did not converge in 100 iterations",
    [STATS_RAKE_ERR_NOMEM] = "out of memory",
};

const char *stats_rake_strerror(enum stats_rake_status status)
{
    if ((size_t)status >= sizeof rake_messages / sizeof rake_messages[0])
        return "unknown raking error";
    return rake_messages[status];
}

/* Weighted totals of variable V's categories into TOT[0..ncat). */
static void margin(const int *cat, size_t ncat, size_t n, const double *w, double *tot)
{
    for (size_t c = 0; c < ncat; c++)
        tot[c] = 0;
    for (size_t i = 0; i < n; i++)
        tot[cat[i]] += w[i];
}

enum stats_rake_status stats_rake(const int *const *cat, const size_t *ncat,
                                  const double *const *share, size_t nvars, size_t n, double *w,
                                  struct stats_rake_info *info)
{
    struct stats_rake_info dummy;
    if (!info)
        info = &dummy;
    *info = (struct stats_rake_info){0, NAN, 0, 0, 0};
    if (nvars == 0 || !cat || !ncat || !share || (n > 0 && !w))
        return STATS_RAKE_ERR_ARGS;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(w[i]) || w[i] < 0) {
            info->respondent = i;
            return STATS_RAKE_ERR_ARGS;
        }

    size_t total_cats = 0, max_cats = 0;
    for (size_t v = 0; v < nvars; v++) {
        info->var = v;
        if (!cat[v] || !share[v] || ncat[v] == 0)
            return STATS_RAKE_ERR_ARGS;
        double s = 0;
        for (size_t c = 0; c < ncat[v]; c++) {
            if (!isfinite(share[v][c]) || share[v][c] < 0)
                return STATS_RAKE_ERR_SHARES;
            s += share[v][c];
        }
        if (fabs(s - 1) > RAKE_SHARE_TOL)
            return STATS_RAKE_ERR_SHARES;
        for (size_t i = 0; i < n; i++)
            if (cat[v][i] < 0 || (size_t)cat[v][i] >= ncat[v]) {
                info->respondent = i;
                return STATS_RAKE_ERR_MISSING;
            }
        total_cats += ncat[v];
        if (ncat[v] > max_cats)
            max_cats = ncat[v];
    }
    info->var = 0;

    /* tot[off[v] + c]: current weighted total; target: normalised share. */
    double *mem = malloc((2 * total_cats + max_cats) * sizeof *mem);
    size_t *off = malloc(nvars * sizeof *off);
    if (!mem || !off) {
        free(mem);
        free(off);
        return STATS_RAKE_ERR_NOMEM;
    }
    double *tot = mem, *target = mem + total_cats, *factor = mem + 2 * total_cats;
    for (size_t v = 0, o = 0; v < nvars; v++) {
        off[v] = o;
        double s = 0;
        for (size_t c = 0; c < ncat[v]; c++)
            s += share[v][c];
        for (size_t c = 0; c < ncat[v]; c++)
            target[o + c] = share[v][c] / s;
        o += ncat[v];
    }

    enum stats_rake_status status = STATS_RAKE_ERR_NOCONVERGE;
    for (int iter = 0;; iter++) {
        /* Measure every margin against its target. */
        double sum_w = 0, max_err = 0;
        for (size_t i = 0; i < n; i++)
            sum_w += w[i];
        for (size_t v = 0; v < nvars; v++) {
            margin(cat[v], ncat[v], n, w, tot + off[v]);
            for (size_t c = 0; c < ncat[v]; c++) {
                double t = target[off[v] + c], got = tot[off[v] + c];
                if (t > 0 && !(got > 0)) {
                    info->var = v;
                    info->category = c;
                    status = STATS_RAKE_ERR_EMPTY;
                    goto done;
                }
                double err = t > 0 ? fabs(got / sum_w - t) / t : got / sum_w;
                if (err > max_err)
                    max_err = err;
            }
        }
        info->iterations = iter;
        info->max_error = max_err;
        if (max_err < RAKE_TOL) {
            status = STATS_RAKE_OK;
            break;
        }
        if (iter == RAKE_MAX_ITER)
            break;
        /* One cycle: fit each variable's margin exactly, in turn.  The first
           variable's totals were just measured. */
        for (size_t v = 0; v < nvars; v++) {
            double *tv = tot + off[v];
            if (v > 0)
                margin(cat[v], ncat[v], n, w, tv);
            for (size_t c = 0; c < ncat[v]; c++) {
                double t = target[off[v] + c];
                if (t > 0 && !(tv[c] > 0)) {
                    info->var = v;
                    info->category = c;
                    status = STATS_RAKE_ERR_EMPTY;
                    goto done;
                }
                factor[c] = t > 0 ? t * sum_w / tv[c] : 0;
            }
            const int *cv = cat[v];
            for (size_t i = 0; i < n; i++)
                w[i] *= factor[cv[i]];
        }
    }
done:
    free(mem);
    free(off);
    return status;
}
