/* rank.c — average ranks, the Kruskal–Wallis test and Spearman's rho.
 *
 * Survey data have few distinct values: Likert codes, counts of activities,
 * index values on a grid of 100/(k·(max-min)) points.  Ranking them does not
 * need a sort.  A "ranker" first collects the distinct values in a small
 * sorted array (binary search, insertion when new); if there are at most
 * STATS_RANK_COUNTING_MAX of them, each value's average rank is its
 * distinct value's rank, found again by binary search: O(n log d) time and
 * O(d) memory.  With more distinct values it falls back to sorting
 * (value, index) pairs, O(n log n).  Ties are exact equality, as in R.
 *
 * Kruskal–Wallis: W. H. Kruskal and W. A. Wallis (1952), JASA 47, with the
 * tie correction of their eq. (1.2), as R kruskal.test().  H is computed
 * from ranks centred on (N+1)/2, which are multiples of 1/2 whose group sums
 * are exact, instead of the textbook 12/(N(N+1))·ΣR²/n - 3(N+1) that
 * cancels about six digits at N = 10⁶.
 *
 * Spearman: C. Spearman (1904); the p-value is the t approximation that R
 * cor.test(method = "spearman", exact = FALSE) uses (R's pspearman() for
 * n > 1290 or exact = FALSE).
 */
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* Average ranks for the values X[i] with INCLUDE[i] >= 0 (all if INCLUDE is
   NULL).  Exactly one of the two representations is used: a table of
   distinct values (d > 0 or n = 0) or a full array of ranks by index. */
struct ranker {
    const double *x;
    double *uniq;  /* sorted distinct values */
    double *urank; /* their average ranks */
    size_t d;
    double *ranks; /* fallback: rank of x[i], indexed by i */
    double n;      /* values included */
    double ties;   /* Σ(t³ - t) over tied blocks */
};

struct pair {
    double v;
    size_t i;
};

static int pair_cmp(const void *a, const void *b)
{
    double x = ((const struct pair *)a)->v, y = ((const struct pair *)b)->v;
    return (x > y) - (x < y);
}

/* Index of the first element of V[0..D) that is >= KEY. */
static size_t lower_bound(const double *v, size_t d, double key)
{
    size_t lo = 0, hi = d;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void ranker_free(struct ranker *r)
{
    free(r->uniq);
    free(r->ranks);
}

/* Fallback: sort (value, index) pairs and give each block of ties its
   average rank.  Returns 0 or -2 (out of memory). */
static int ranker_sort(struct ranker *r, const int *include, size_t n)
{
    size_t m = (size_t)r->n;
    struct pair *p = malloc((m ? m : 1) * sizeof *p);
    r->ranks = malloc((n ? n : 1) * sizeof *r->ranks);
    if (!p || !r->ranks) {
        free(p);
        return -2;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        r->ranks[i] = NAN;
        if (!include || include[i] >= 0)
            p[k++] = (struct pair){r->x[i], i};
    }
    qsort(p, m, sizeof *p, pair_cmp);
    for (size_t s = 0; s < m;) {
        size_t e = s + 1;
        while (e < m && p[e].v == p[s].v)
            e++;
        double t = (double)(e - s);
        double avg = ((double)s + 1 + (double)e) / 2; /* ranks s+1 .. e */
        for (size_t j = s; j < e; j++)
            r->ranks[p[j].i] = avg;
        r->ties += t * t * t - t;
        s = e;
    }
    free(p);
    return 0;
}

/* Ranks X[0..N) (those with INCLUDE[i] >= 0).  The values must be finite.
   Returns 0 or -2 (out of memory). */
static int ranker_init(struct ranker *r, const double *x, const int *include, size_t n)
{
    *r = (struct ranker){.x = x};
    r->uniq = malloc(2 * STATS_RANK_COUNTING_MAX * sizeof *r->uniq);
    if (!r->uniq)
        return -2;
    r->urank = r->uniq + STATS_RANK_COUNTING_MAX;
    double *count = r->urank; /* counts first, ranks later, in place */
    int few = 1;
    for (size_t i = 0; i < n; i++) {
        if (include && include[i] < 0)
            continue;
        r->n += 1;
        if (!few)
            continue;
        size_t k = lower_bound(r->uniq, r->d, x[i]);
        if (k < r->d && r->uniq[k] == x[i]) {
            count[k] += 1;
            continue;
        }
        if (r->d == STATS_RANK_COUNTING_MAX) {
            few = 0;
            continue;
        }
        memmove(r->uniq + k + 1, r->uniq + k, (r->d - k) * sizeof *r->uniq);
        memmove(count + k + 1, count + k, (r->d - k) * sizeof *count);
        r->uniq[k] = x[i];
        count[k] = 1;
        r->d++;
    }
    if (!few) {
        free(r->uniq);
        r->uniq = r->urank = NULL;
        r->d = 0;
        r->n = 0;
        for (size_t i = 0; i < n; i++)
            r->n += !include || include[i] >= 0;
        return ranker_sort(r, include, n);
    }
    double before = 0;
    for (size_t k = 0; k < r->d; k++) {
        double t = count[k];
        r->urank[k] = before + (t + 1) / 2;
        r->ties += t * t * t - t;
        before += t;
    }
    return 0;
}

static double ranker_get(const struct ranker *r, size_t i)
{
    if (r->ranks)
        return r->ranks[i];
    return r->urank[lower_bound(r->uniq, r->d, r->x[i])];
}

int stats_rank_average(const double *x, size_t n, double *ranks)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return -1;
    struct ranker r;
    if (ranker_init(&r, x, NULL, n) != 0) {
        ranker_free(&r);
        return -2;
    }
    for (size_t i = 0; i < n; i++)
        ranks[i] = ranker_get(&r, i);
    ranker_free(&r);
    return 0;
}

int stats_kruskal_wallis(const double *x, const int *group, size_t n, size_t ngroups,
                         struct stats_test *out)
{
    out->statistic = out->df = out->p_value = NAN;
    for (size_t i = 0; i < n; i++)
        if (group[i] >= 0 && ((size_t)group[i] >= ngroups || !isfinite(x[i])))
            return -1;
    if (ngroups == 0)
        return 0;

    /* Per group: sum of centred ranks, then count. */
    double *acc = calloc(2 * ngroups, sizeof *acc);
    struct ranker r;
    if (!acc || ranker_init(&r, x, group, n) != 0) {
        if (acc)
            ranker_free(&r);
        free(acc);
        return -2;
    }
    double nn = r.n, centre = (nn + 1) / 2;
    for (size_t i = 0; i < n; i++) {
        if (group[i] < 0)
            continue;
        acc[2 * (size_t)group[i]] += ranker_get(&r, i) - centre;
        acc[2 * (size_t)group[i] + 1] += 1;
    }
    double ties = r.ties;
    ranker_free(&r);

    size_t k = 0;
    double h = 0;
    for (size_t g = 0; g < ngroups; g++) {
        double ng = acc[2 * g + 1];
        if (ng > 0) {
            k++;
            h += acc[2 * g] * acc[2 * g] / ng; /* n_g·(R̄_g - centre)² */
        }
    }
    free(acc);
    double correction = 1 - ties / (nn * nn * nn - nn);
    if (k < 2 || !(correction > 0))
        return 0;
    h = 12 / (nn * (nn + 1)) * h / correction;
    out->statistic = h;
    out->df = (double)(k - 1);
    out->p_value = gsl_cdf_chisq_Q(h, out->df);
    return 0;
}

int stats_spearman(const double *x, const double *y, size_t n, struct stats_spearman *out)
{
    *out = (struct stats_spearman){(double)n, NAN, NAN, NAN, NAN};
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return -1;
    if (n < 2)
        return 0;
    struct ranker rx, ry;
    int rcx = ranker_init(&rx, x, NULL, n);
    int rcy = rcx == 0 ? ranker_init(&ry, y, NULL, n) : -2;
    if (rcx != 0 || rcy != 0) {
        ranker_free(&rx);
        if (rcx == 0)
            ranker_free(&ry);
        return -2;
    }
    double centre = ((double)n + 1) / 2, sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        double a = ranker_get(&rx, i) - centre, b = ranker_get(&ry, i) - centre;
        sxx += a * a;
        syy += b * b;
        sxy += a * b;
    }
    ranker_free(&rx);
    ranker_free(&ry);
    if (!(sxx > 0) || !(syy > 0))
        return 0;
    double rho = sxy / sqrt(sxx * syy);
    if (rho > 1)
        rho = 1;
    if (rho < -1)
        rho = -1;
    out->rho = rho;
    if (n < 3)
        return 0;
    double df = (double)n - 2;
    out->df = df;
    if (fabs(rho) == 1) {
        out->t = rho * INFINITY;
        out->p_value = 0;
        return 0;
    }
    out->t = rho * sqrt(df / (1 - rho * rho));
    out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->t), df);
    return 0;
}
