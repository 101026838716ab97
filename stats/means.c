/* means.c — comparing a mean across groups: Student's t, one-way ANOVA,
 * Welch's ANOVA and Levene's test, from group summaries, raw values or a
 * count table.
 *
 * Sources: Student's pooled two-sample t (as R t.test(var.equal = TRUE));
 * the one-way ANOVA F = MS_between / MS_within (R. A. Fisher, Statistical
 * Methods for Research Workers, 1925; R aov); Welch's heteroscedastic F,
 * B. L. Welch (1951), "On the comparison of several mean values: an
 * alternative approach", Biometrika 38, in the form of R oneway.test();
 * Levene's test, H. Levene (1960), in Contributions to Probability and
 * Statistics (Olkin, ed.), the ANOVA F of |x - group mean|, as
 * car::leveneTest(center = mean) and SPSS.
 *
 * Everything is computed from per-group n, mean and SD, so the raw-value and
 * count-table forms only reduce their data to those (and to the same
 * summaries of the absolute deviations, for Levene).  Precision: each group
 * is accumulated by Welford's update on its values minus the group's first
 * value, so data far from zero (values offset by 1e6) lose nothing to
 * cancellation and constant groups have an SD of exactly 0; the ANOVA sums
 * of squares are formed from differences of group means to the first
 * group's mean, never from Σx².
 */
#include "stats/stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

static void diff_nan(struct stats_diff *d)
{
    d->difference = d->ci_low = d->ci_high = d->statistic = d->df = d->p_value = NAN;
}

static void f_nan(struct stats_f_test *f)
{
    f->statistic = f->df1 = f->df2 = f->p_value = NAN;
}

static void anova_nan(struct stats_anova *a)
{
    a->statistic = a->df1 = a->df2 = a->p_value = NAN;
    a->ss_between = a->ss_within = a->eta_squared = NAN;
}

int stats_student_t_test(double mean1, double sd1, double n1, double mean2, double sd2, double n2,
                         struct stats_diff *out)
{
    diff_nan(out);
    if (!isfinite(n1) || !isfinite(n2) || n1 < 1 || n2 < 1 || n1 + n2 < 3 || !isfinite(mean1) ||
        !isfinite(mean2))
        return -1;
    /* A group of one has no SD (it may be NAN) and adds nothing to the
       pooled sum of squares. */
    double ss1 = 0, ss2 = 0;
    if (n1 > 1) {
        if (!isfinite(sd1) || sd1 < 0)
            return -1;
        ss1 = (n1 - 1) * sd1 * sd1;
    }
    if (n2 > 1) {
        if (!isfinite(sd2) || sd2 < 0)
            return -1;
        ss2 = (n2 - 1) * sd2 * sd2;
    }
    double d = mean1 - mean2;
    out->difference = d;
    double df = n1 + n2 - 2;
    double se2 = (ss1 + ss2) / df * (1 / n1 + 1 / n2);
    if (!(se2 > 0))
        return 0;
    double se = sqrt(se2);
    out->statistic = d / se;
    out->df = df;
    out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->statistic), df);
    double half = gsl_cdf_tdist_Qinv(0.025, df) * se;
    out->ci_low = d - half;
    out->ci_high = d + half;
    return 0;
}

/* Checks the summaries of NGROUPS groups; returns the number of non-empty
   groups and their total n, or -1 if one is invalid. */
static int check_summaries(const double *n, const double *mean, const double *sd, size_t ngroups,
                           size_t *groups, double *total)
{
    *groups = 0;
    *total = 0;
    for (size_t g = 0; g < ngroups; g++) {
        if (!isfinite(n[g]) || n[g] < 0)
            return -1;
        if (n[g] == 0)
            continue;
        if (!isfinite(mean[g]) || (n[g] >= 2 && (!isfinite(sd[g]) || sd[g] < 0)))
            return -1;
        ++*groups;
        *total += n[g];
    }
    return 0;
}

/* The index of the first group with n > 0 (NGROUPS if none). */
static size_t first_group(const double *n, size_t ngroups)
{
    size_t g = 0;
    while (g < ngroups && !(n[g] > 0))
        g++;
    return g;
}

int stats_anova_oneway(const double *n, const double *mean, const double *sd, size_t ngroups,
                       struct stats_anova *out)
{
    anova_nan(out);
    size_t k;
    double total;
    if (check_summaries(n, mean, sd, ngroups, &k, &total) < 0)
        return -1;
    if (k < 2)
        return 0;
    /* Means as differences from a reference mean: the grand mean and the
       between-group sum of squares then do not carry the data's offset. */
    double ref = mean[first_group(n, ngroups)];
    double dbar = 0;
    for (size_t g = 0; g < ngroups; g++)
        if (n[g] > 0)
            dbar += n[g] * (mean[g] - ref);
    dbar /= total;
    double ssb = 0, ssw = 0;
    for (size_t g = 0; g < ngroups; g++) {
        if (!(n[g] > 0))
            continue;
        double d = mean[g] - ref - dbar;
        ssb += n[g] * d * d;
        if (n[g] >= 2)
            ssw += (n[g] - 1) * sd[g] * sd[g];
    }
    out->ss_between = ssb;
    out->ss_within = ssw;
    if (ssb + ssw > 0)
        out->eta_squared = ssb / (ssb + ssw);
    double df1 = (double)(k - 1), df2 = total - (double)k;
    if (!(df2 > 0) || !(ssw > 0))
        return 0;
    out->df1 = df1;
    out->df2 = df2;
    out->statistic = (ssb / df1) / (ssw / df2);
    out->p_value = gsl_cdf_fdist_Q(out->statistic, out->df1, out->df2);
    return 0;
}

/* Welch (1951) as R oneway.test(): w_g = n_g/s_g², W = Σw_g,
   m = Σw_g·x̄_g/W, λ = Σ(1 - w_g/W)²/(n_g - 1) / (k² - 1),
   F = Σw_g(x̄_g - m)² / ((k - 1)(1 + 2(k - 2)λ)) on k - 1 and 1/(3λ) df. */
int stats_welch_anova(const double *n, const double *mean, const double *sd, size_t ngroups,
                      struct stats_f_test *out)
{
    f_nan(out);
    size_t k;
    double total;
    if (check_summaries(n, mean, sd, ngroups, &k, &total) < 0)
        return -1;
    if (k < 2)
        return 0;
    double sw = 0;
    for (size_t g = 0; g < ngroups; g++) {
        if (!(n[g] > 0))
            continue;
        if (n[g] < 2 || !(sd[g] > 0))
            return 0; /* a group without variance: its weight is infinite */
        sw += n[g] / (sd[g] * sd[g]);
    }
    double ref = mean[first_group(n, ngroups)];
    double dm = 0;
    for (size_t g = 0; g < ngroups; g++)
        if (n[g] > 0)
            dm += n[g] / (sd[g] * sd[g]) * (mean[g] - ref);
    dm /= sw;
    double a = 0, lambda = 0;
    for (size_t g = 0; g < ngroups; g++) {
        if (!(n[g] > 0))
            continue;
        double w = n[g] / (sd[g] * sd[g]);
        double d = mean[g] - ref - dm;
        a += w * d * d;
        double u = 1 - w / sw;
        lambda += u * u / (n[g] - 1);
    }
    double kk = (double)k;
    lambda /= kk * kk - 1;
    if (!(lambda > 0))
        return 0;
    out->statistic = a / ((kk - 1) * (1 + 2 * (kk - 2) * lambda));
    out->df1 = kk - 1;
    out->df2 = 1 / (3 * lambda);
    out->p_value = gsl_cdf_fdist_Q(out->statistic, out->df1, out->df2);
    return 0;
}

/* ## Reducing raw values and count tables to group summaries */

/* One group's running moments of its values minus SHIFT (its first value),
   and of the absolute deviations from the group mean (for Levene). */
struct group_acc {
    int seen;
    double shift;
    struct stats_moments x;
    struct stats_moments z;
};

/* Scratch for NGROUPS groups: the accumulators and the summaries handed to
   the tests (n, mean, SD of x, then the same of z). */
struct groups {
    size_t ngroups;
    struct group_acc *acc;
    double *n, *mean, *sd, *zmean, *zsd;
};

static int groups_new(struct groups *G, size_t ngroups)
{
    G->ngroups = ngroups;
    /* One more than needed, so that zero groups is not a zero-size request. */
    G->acc = calloc(ngroups + 1, sizeof *G->acc);
    G->n = calloc(5 * (ngroups + 1), sizeof *G->n);
    if (!G->acc || !G->n) {
        free(G->acc);
        free(G->n);
        return -2;
    }
    G->mean = G->n + (ngroups + 1);
    G->sd = G->mean + (ngroups + 1);
    G->zmean = G->sd + (ngroups + 1);
    G->zsd = G->zmean + (ngroups + 1);
    for (size_t g = 0; g < ngroups; g++) {
        stats_moments_init(&G->acc[g].x);
        stats_moments_init(&G->acc[g].z);
    }
    return 0;
}

static void groups_free(struct groups *G)
{
    free(G->acc);
    free(G->n);
}

/* Adds COUNT observations equal to X to group G. */
static void groups_add(struct groups *G, size_t g, double x, double count)
{
    struct group_acc *a = &G->acc[g];
    if (!(count > 0))
        return;
    if (!a->seen) {
        a->seen = 1;
        a->shift = x;
    }
    stats_moments_add_many(&a->x, x - a->shift, count, count, count, count);
}

static void groups_add_deviation(struct groups *G, size_t g, double x, double count)
{
    struct group_acc *a = &G->acc[g];
    if (!(count > 0))
        return;
    /* The deviation is formed on the shifted scale, where the mean is. */
    double z = fabs(x - a->shift - a->x.mean);
    stats_moments_add_many(&a->z, z, count, count, count, count);
}

/* Fills the summaries from the accumulators: SD with divisor n - 1, NAN for
   a group of one; mean NAN for an empty group.  The means of the values are
   given relative to the first non-empty group's shift: every test is
   invariant to a common shift, and a mean of data near 1e6 written as a
   double would keep only about 1e-10 of its absolute precision. */
static void groups_summarise(struct groups *G, int deviations)
{
    double base = 0;
    for (size_t g = 0; g < G->ngroups; g++)
        if (G->acc[g].seen) {
            base = G->acc[g].shift;
            break;
        }
    for (size_t g = 0; g < G->ngroups; g++) {
        const struct group_acc *a = &G->acc[g];
        const struct stats_moments *m = deviations ? &a->z : &a->x;
        double n = m->sum_w;
        double mean = n > 0 ? (deviations ? m->mean : (a->shift - base) + m->mean) : NAN;
        double sd = n > 1 ? sqrt(m->m2 / (n - 1)) : NAN;
        G->n[g] = n;
        if (deviations) {
            G->zmean[g] = mean;
            G->zsd[g] = sd;
        } else {
            G->mean[g] = mean;
            G->sd[g] = sd;
        }
    }
}

/* Levene's F: the ANOVA of the deviations' summaries. */
static void levene_result(struct groups *G, struct stats_f_test *out)
{
    groups_summarise(G, 1);
    struct stats_anova a;
    stats_anova_oneway(G->n, G->zmean, G->zsd, G->ngroups, &a);
    *out = (struct stats_f_test){a.statistic, a.df1, a.df2, a.p_value};
}

static int check_values(const double *x, const int *group, size_t n, size_t ngroups)
{
    for (size_t i = 0; i < n; i++) {
        if (group[i] < 0)
            continue;
        if ((size_t)group[i] >= ngroups || !isfinite(x[i]))
            return -1;
    }
    return 0;
}

static void values_pass(struct groups *G, const double *x, const int *group, size_t n,
                        int deviations)
{
    for (size_t i = 0; i < n; i++)
        if (group[i] >= 0) {
            if (deviations)
                groups_add_deviation(G, (size_t)group[i], x[i], 1);
            else
                groups_add(G, (size_t)group[i], x[i], 1);
        }
}

static int check_table(const double *count, const double *values, size_t ngroups,
                       size_t nvalues)
{
    for (size_t v = 0; v < nvalues; v++)
        if (!isfinite(values[v]) || (v > 0 && !(values[v] > values[v - 1])))
            return -1;
    for (size_t k = 0; k < ngroups * nvalues; k++)
        if (!isfinite(count[k]) || count[k] < 0)
            return -1;
    return 0;
}

static void table_pass(struct groups *G, const double *count, const double *values,
                       size_t nvalues, int deviations)
{
    for (size_t g = 0; g < G->ngroups; g++)
        for (size_t v = 0; v < nvalues; v++) {
            double c = count[g * nvalues + v];
            if (deviations)
                groups_add_deviation(G, g, values[v], c);
            else
                groups_add(G, g, values[v], c);
        }
}

int stats_levene(const double *x, const int *group, size_t n, size_t ngroups,
                 struct stats_f_test *out)
{
    f_nan(out);
    if (check_values(x, group, n, ngroups) < 0)
        return -1;
    struct groups G;
    if (groups_new(&G, ngroups) < 0)
        return -2;
    values_pass(&G, x, group, n, 0);
    values_pass(&G, x, group, n, 1);
    levene_result(&G, out);
    groups_free(&G);
    return 0;
}

int stats_levene_table(const double *count, const double *values, size_t ngroups, size_t nvalues,
                       struct stats_f_test *out)
{
    f_nan(out);
    if (check_table(count, values, ngroups, nvalues) < 0)
        return -1;
    struct groups G;
    if (groups_new(&G, ngroups) < 0)
        return -2;
    table_pass(&G, count, values, nvalues, 0);
    table_pass(&G, count, values, nvalues, 1);
    levene_result(&G, out);
    groups_free(&G);
    return 0;
}

/* ## All tests at once */

static void comparison_nan(struct stats_comparison *out)
{
    out->groups = 0;
    out->n = 0;
    diff_nan(&out->student);
    diff_nan(&out->welch);
    anova_nan(&out->anova);
    f_nan(&out->welch_anova);
    f_nan(&out->levene);
    out->kruskal_wallis.statistic = out->kruskal_wallis.df = out->kruskal_wallis.p_value = NAN;
}

int stats_means_compare(const double *n, const double *mean, const double *sd, size_t ngroups,
                        struct stats_comparison *out)
{
    comparison_nan(out);
    size_t k;
    double total;
    if (check_summaries(n, mean, sd, ngroups, &k, &total) < 0)
        return -1;
    out->groups = k;
    out->n = total;
    if (k == 2) {
        size_t a = first_group(n, ngroups);
        size_t b = a + 1 + first_group(n + a + 1, ngroups - a - 1);
        stats_student_t_test(mean[a], sd[a], n[a], mean[b], sd[b], n[b], &out->student);
        stats_welch_t_test(mean[a], sd[a], n[a], mean[b], sd[b], n[b], &out->welch);
    }
    stats_anova_oneway(n, mean, sd, ngroups, &out->anova);
    stats_welch_anova(n, mean, sd, ngroups, &out->welch_anova);
    return 0;
}

/* stats_means_compare_values(), its Kruskal–Wallis from SX, SGROUP (NULL:
   rank the values) */
static int compare_values(const double *x, const int *group, const double *sx,
                          const int *sgroup, size_t n, size_t ngroups,
                          struct stats_comparison *out)
{
    comparison_nan(out);
    if (check_values(x, group, n, ngroups) < 0)
        return -1;
    struct groups G;
    if (groups_new(&G, ngroups) < 0)
        return -2;
    values_pass(&G, x, group, n, 0);
    groups_summarise(&G, 0);
    stats_means_compare(G.n, G.mean, G.sd, ngroups, out);
    values_pass(&G, x, group, n, 1);
    levene_result(&G, &out->levene);
    groups_free(&G);
    int rc = sx ? stats_kruskal_wallis_sorted(sx, sgroup, n, ngroups, &out->kruskal_wallis)
                : stats_kruskal_wallis(x, group, n, ngroups, &out->kruskal_wallis);
    if (rc == -2) {
        comparison_nan(out);
        return -2;
    }
    return 0;
}

int stats_means_compare_values(const double *x, const int *group, size_t n, size_t ngroups,
                               struct stats_comparison *out)
{
    return compare_values(x, group, NULL, NULL, n, ngroups, out);
}

int stats_means_compare_sorted(const double *x, const int *group, const double *sx,
                               const int *sgroup, size_t n, size_t ngroups,
                               struct stats_comparison *out)
{
    return compare_values(x, group, sx, sgroup, n, ngroups, out);
}

/* stats_moments_add_many(M, V, 1, 1, 1, 1), written out: the same
   operations (the weight 1 multiplies and divides exactly), inlined in the
   loops of stats_means_compare_keyed().  The counts n, n_pos and sum_w2,
   equal to sum_w for values of weight 1, are set by moments_counts() once
   the values are in. */
static inline void moments_add_one(struct stats_moments *m, double v)
{
    m->sum_w += 1;
    double delta = v - m->mean;
    m->mean += delta * (1.0 / m->sum_w);
    m->m2 += delta * (v - m->mean);
}

static void moments_counts(struct groups *G, int deviations)
{
    for (size_t g = 0; g < G->ngroups; g++) {
        struct stats_moments *m = deviations ? &G->acc[g].z : &G->acc[g].x;
        m->n = m->n_pos = m->sum_w2 = m->sum_w;
    }
}

/* One grouping in stats_means_compare_keyed(). */
struct keyed {
    const int32_t *map;
    size_t ngroups;
    struct group_acc *acc;
    int ok;
};

int stats_means_compare_keyed(const double *x, const uint16_t *key, const double *sx,
                              const uint16_t *skey, size_t n, const struct stats_keyed_by *by,
                              size_t k, struct stats_comparison *out)
{
    for (size_t y = 0; y < k; y++)
        comparison_nan(&out[y]);
    struct groups *G = calloc(k ? k : 1, sizeof *G);
    struct keyed *ky = calloc(k ? k : 1, sizeof *ky);
    struct stats_test *kw = malloc((k ? k : 1) * sizeof *kw);
    int rc = G && ky && kw ? 0 : -2;
    for (size_t y = 0; y < k && rc == 0; y++) {
        if (groups_new(&G[y], by[y].ngroups) < 0) {
            G[y] = (struct groups){0}; /* freed already */
            rc = -2;
            break;
        }
        ky[y] = (struct keyed){by[y].map, by[y].ngroups, G[y].acc, 1};
    }
    /* compare_values()'s two passes, each over the values once for every
       grouping, each group's accumulator seeing its values in the same
       order; the first pass also makes check_values()'s checks (a grouping
       that fails them is left NAN). */
    for (size_t i = 0; i < n && rc == 0; i++) {
        uint16_t kk = key[i];
        double xi = x[i];
        for (size_t y = 0; y < k; y++) {
            int32_t g = ky[y].map[kk];
            if (g < 0 || !ky[y].ok)
                continue;
            if ((size_t)g >= ky[y].ngroups || !isfinite(xi)) {
                ky[y].ok = 0;
                continue;
            }
            struct group_acc *a = &ky[y].acc[g];
            if (!a->seen) {
                a->seen = 1;
                a->shift = xi;
            }
            moments_add_one(&a->x, xi - a->shift);
        }
    }
    for (size_t y = 0; y < k && rc == 0; y++)
        if (ky[y].ok) {
            moments_counts(&G[y], 0);
            groups_summarise(&G[y], 0);
            stats_means_compare(G[y].n, G[y].mean, G[y].sd, by[y].ngroups, &out[y]);
        }
    for (size_t i = 0; i < n && rc == 0; i++) {
        uint16_t kk = key[i];
        double xi = x[i];
        for (size_t y = 0; y < k; y++) {
            int32_t g = ky[y].map[kk];
            if (g < 0 || !ky[y].ok)
                continue;
            /* groups_add_deviation() */
            struct group_acc *a = &ky[y].acc[g];
            moments_add_one(&a->z, fabs(xi - a->shift - a->x.mean));
        }
    }
    for (size_t y = 0; y < k && rc == 0; y++)
        if (ky[y].ok) {
            moments_counts(&G[y], 1);
            levene_result(&G[y], &out[y].levene);
        }
    if (rc == 0 && sx && stats_kruskal_wallis_keyed(sx, skey, n, by, k, kw) == -2)
        rc = -2;
    for (size_t y = 0; y < k; y++) {
        if (rc < 0)
            comparison_nan(&out[y]);
        else if (sx && ky[y].ok)
            out[y].kruskal_wallis = kw[y];
        if (G)
            groups_free(&G[y]);
    }
    free(G), free(ky), free(kw);
    return rc;
}

int stats_means_compare_table(const double *count, const double *values, size_t ngroups,
                              size_t nvalues, struct stats_comparison *out)
{
    comparison_nan(out);
    if (check_table(count, values, ngroups, nvalues) < 0)
        return -1;
    struct groups G;
    if (groups_new(&G, ngroups) < 0)
        return -2;
    table_pass(&G, count, values, nvalues, 0);
    groups_summarise(&G, 0);
    stats_means_compare(G.n, G.mean, G.sd, ngroups, out);
    table_pass(&G, count, values, nvalues, 1);
    levene_result(&G, &out->levene);
    groups_free(&G);
    if (stats_kruskal_wallis_table(count, ngroups, nvalues, &out->kruskal_wallis) == -2) {
        comparison_nan(out);
        return -2;
    }
    return 0;
}
