/* items.c — the "if item deleted" columns of a scale's item statistics that
 * Cronbach's alpha does not already give (SPSS RELIABILITY /SUMMARY=TOTAL:
 * scale mean and scale variance if item deleted).
 *
 * The scale is the sum of the items, so without item i its mean is the sum
 * of the other items' means and its variance the sum of the covariance
 * matrix with row and column i left out (the variance of a sum is the sum
 * of all covariances of its terms).
 * The sums are formed directly rather than as total minus item, so nothing
 * cancels; k is a scale's handful of items, so O(k³) is nothing.
 */
#include "stats/stats.h"

#include <math.h>

int stats_scale_if_deleted(const double *cov, const double *mean, size_t k, double *scale_mean,
                           double *scale_var)
{
    for (size_t i = 0; i < k; i++) {
        if (scale_mean)
            scale_mean[i] = NAN;
        if (scale_var)
            scale_var[i] = NAN;
    }
    if (k < 2)
        return -1;
    for (size_t i = 0; i < k; i++) {
        if (scale_mean && mean) {
            double s = 0;
            for (size_t j = 0; j < k; j++)
                if (j != i)
                    s += mean[j];
            scale_mean[i] = s;
        }
        if (scale_var && cov) {
            double v = 0;
            for (size_t j = 0; j < k; j++)
                for (size_t l = 0; l < k; l++)
                    if (j != i && l != i)
                        v += cov[j * k + l];
            scale_var[i] = v;
        }
    }
    return 0;
}
