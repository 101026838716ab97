/* quantile.c — sample quantiles (median, quartiles) of raw values and of
 * count tables.
 *
 * The definition is R's default, quantile(type = 7) (R. J. Hyndman and
 * Y. Fan (1996), "Sample quantiles in statistical packages", The American
 * Statistician 50, definition 7): with the n values sorted, the p-quantile
 * sits at position h = 1 + (n - 1)·p and is x[⌊h⌋] + (h - ⌊h⌋)·(x[⌈h⌉] -
 * x[⌊h⌋]).  It is computed as R's quantile.default() writes it,
 * (1 - f)·x[⌊h⌋] + f·x[⌈h⌉], and only when the two order statistics differ,
 * so that results agree with R to the last bit.  A count table needs no
 * sorting: the order statistics are found by walking the cumulative counts.
 */
#include "stats/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void quartiles_nan(struct stats_quartiles *q, double n)
{
    *q = (struct stats_quartiles){n, NAN, NAN, NAN, NAN, NAN};
}

/* Type 7 from a function giving the K-th smallest of N values (K 1-based). */
static double type7(double n, double p, double (*order)(const void *ctx, double k),
                    const void *ctx)
{
    if (!(n >= 1) || !(p >= 0 && p <= 1))
        return NAN;
    double index = 1 + (n - 1) * p;
    double lo = floor(index), hi = ceil(index);
    double qs = order(ctx, lo);
    if (index > lo) {
        double xhi = order(ctx, hi);
        if (xhi != qs) {
            double f = index - lo;
            qs = (1 - f) * qs + f * xhi;
        }
    }
    return qs;
}

static double sorted_order(const void *ctx, double k)
{
    const double *x = ctx;
    return x[(size_t)k - 1];
}

double stats_quantile_sorted(const double *x, size_t n, double p)
{
    return type7((double)n, p, sorted_order, x);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The order of finite doubles as unsigned integers (see rank.c). */
static uint64_t order_key(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b >> 63 ? ~b : b | ((uint64_t)1 << 63);
}

/* Sort X[0..N): a least-significant-digit radix sort on 16-bit digits of
   order_key, a pass skipped when every value shares its digit; qsort() when
   the scratch cannot be allocated.  A million answers sort in a few passes
   over memory instead of n·log n comparisons. */
static void sort_doubles(double *x, size_t n)
{
    enum { BITS = 16, BUCKETS = 1 << BITS };
    double *tmp = n > 256 ? malloc(n * sizeof *tmp) : NULL;
    size_t *count = tmp ? malloc(BUCKETS * sizeof *count) : NULL;
    if (!count) {
        free(tmp);
        qsort(x, n, sizeof *x, cmp_double);
        return;
    }
    double *from = x, *to = tmp;
    for (unsigned shift = 0; shift < 64; shift += BITS) {
        memset(count, 0, BUCKETS * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(order_key(from[i]) >> shift) & (BUCKETS - 1)]++;
        if (count[(order_key(from[0]) >> shift) & (BUCKETS - 1)] == n)
            continue; /* one digit for all: the order stands */
        size_t at = 0;
        for (size_t d = 0; d < BUCKETS; d++) {
            size_t c = count[d];
            count[d] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            to[count[(order_key(from[i]) >> shift) & (BUCKETS - 1)]++] = from[i];
        double *t = from;
        from = to;
        to = t;
    }
    if (from != x)
        memcpy(x, from, n * sizeof *x);
    free(count);
    free(tmp);
}

static void quartiles_sorted(const double *x, size_t n, struct stats_quartiles *out)
{
    out->n = (double)n;
    out->min = x[0];
    out->q1 = stats_quantile_sorted(x, n, 0.25);
    out->median = stats_quantile_sorted(x, n, 0.5);
    out->q3 = stats_quantile_sorted(x, n, 0.75);
    out->max = x[n - 1];
}

int stats_quartiles_sorted(const double *x, size_t n, struct stats_quartiles *out)
{
    quartiles_nan(out, (double)n);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || (i > 0 && !(x[i] >= x[i - 1])))
            return -1;
    if (n > 0)
        quartiles_sorted(x, n, out);
    return 0;
}

int stats_quartiles(const double *x, size_t n, struct stats_quartiles *out)
{
    quartiles_nan(out, (double)n);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return -1;
    if (n == 0)
        return 0;
    double *s = malloc(n * sizeof *s);
    if (!s)
        return -2;
    memcpy(s, x, n * sizeof *s);
    sort_doubles(s, n);
    quartiles_sorted(s, n, out);
    free(s);
    return 0;
}

struct table {
    const double *values, *count;
    size_t nvalues;
};

/* The K-th smallest value of the table: the first level whose cumulative
   count reaches K. */
static double table_order(const void *ctx, double k)
{
    const struct table *t = ctx;
    double cum = 0;
    for (size_t v = 0; v < t->nvalues; v++) {
        cum += t->count[v];
        if (cum >= k)
            return t->values[v];
    }
    return NAN; /* not reached: k <= the total count */
}

/* The table's total count, or -1 if it is invalid. */
static double table_total(const double *values, const double *count, size_t nvalues)
{
    double n = 0;
    for (size_t v = 0; v < nvalues; v++) {
        if (!isfinite(values[v]) || (v > 0 && !(values[v] > values[v - 1])) ||
            !isfinite(count[v]) || count[v] < 0 || count[v] != floor(count[v]))
            return -1;
        n += count[v];
    }
    return n;
}

double stats_quantile_table(const double *values, const double *count, size_t nvalues, double p)
{
    double n = table_total(values, count, nvalues);
    struct table t = {values, count, nvalues};
    return n < 0 ? NAN : type7(n, p, table_order, &t);
}

int stats_quartiles_table(const double *values, const double *count, size_t nvalues,
                          struct stats_quartiles *out)
{
    double n = table_total(values, count, nvalues);
    quartiles_nan(out, n < 0 ? NAN : n);
    if (n < 0)
        return -1;
    if (n == 0)
        return 0;
    struct table t = {values, count, nvalues};
    out->min = table_order(&t, 1);
    out->q1 = type7(n, 0.25, table_order, &t);
    out->median = type7(n, 0.5, table_order, &t);
    out->q3 = type7(n, 0.75, table_order, &t);
    out->max = table_order(&t, n);
    return 0;
}
