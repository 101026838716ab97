/* numeric.c — a numeric question of any questionnaire by every grouping
 * (questions.c): its descriptives and quartiles, each group's n, mean and
 * SD, and the comparison of means (t tests, ANOVA, Welch's ANOVA, Levene,
 * Kruskal–Wallis), as docs/methods.md ("Any question", "Group comparison
 * of a mean").
 *
 * The answers are gathered once, with each respondent's keys
 * (struct grouping), into a work area that every numeric question reuses;
 * every grouping of a batch is served by the same passes over them.  The
 * answers are sorted once for the quartiles and every Kruskal–Wallis, on a
 * second thread (an_two_threads()) while the first compares the means:
 * the figures are the same either way.
 */
#include "analysis/analysis_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Mean and SD (n - 1) of X[0..N) by two passes; with weights W (NULL: none)
   the weighted mean and SD of stats_moments (frequency-style n - 1 on the
   respondents of positive weight, as the Likert items' are). */
static void mean_sd(const double *x, const double *w, size_t n, double *mean, double *sd)
{
    if (w) {
        struct stats_moments m;
        struct stats_describe d;
        stats_moments_init(&m);
        for (size_t i = 0; i < n; i++)
            stats_moments_add(&m, x[i], w[i]);
        stats_moments_result(&m, &d);
        *mean = d.mean;
        *sd = d.sd;
        return;
    }
    double s = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    *mean = n ? s / (double)n : NAN;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - *mean) * (x[i] - *mean);
    *sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
}

void an_numeric_work_free(struct numeric_work *wk)
{
    for (size_t b = 0; wk->kx && b < wk->n_batch; b++)
        free(wk->kx[b]), free(wk->skx[b]);
    free(wk->x), free(wk->xw), free(wk->sx), free(wk->tx), free(wk->tag), free(wk->ttag);
    free(wk->kx), free(wk->skx);
    *wk = (struct numeric_work){0};
}

static int work_new(struct numeric_work *wk, size_t n, int weighted, size_t n_batch)
{
    size_t room = n ? n : 1;
    wk->x = malloc(room * sizeof *wk->x);
    wk->xw = weighted ? malloc(room * sizeof *wk->xw) : NULL;
    wk->sx = malloc(room * sizeof *wk->sx);
    wk->tx = malloc(room * sizeof *wk->tx);
    wk->tag = malloc(room * sizeof *wk->tag);
    wk->ttag = malloc(room * sizeof *wk->ttag);
    wk->kx = calloc(n_batch ? n_batch : 1, sizeof *wk->kx);
    wk->skx = calloc(n_batch ? n_batch : 1, sizeof *wk->skx);
    if (!wk->x || (weighted && !wk->xw) || !wk->sx || !wk->tx || !wk->tag || !wk->ttag ||
        !wk->kx || !wk->skx || n > UINT32_MAX)
        return -1;
    wk->n_batch = n_batch;
    for (size_t b = 0; b < n_batch; b++) {
        wk->kx[b] = malloc(room * sizeof *wk->kx[b]);
        wk->skx[b] = malloc(room * sizeof *wk->skx[b]);
        if (!wk->kx[b] || !wk->skx[b])
            return -1;
    }
    return 0;
}

/* Each group's n, mean and SD (n - 1) of the K groupings X[0..K) of one
   batch over the M answers of the work area, as mean_sd() of each group's
   values in the order of the respondents (two passes over the answers for
   all K); into BY[0..K) means and group_n.  KX the answers' keys. */
static int group_means(const struct numeric_work *wk, const uint16_t *kx, size_t m,
                       const struct grouping *x, size_t k, struct an_qby *by)
{
    size_t cells = 0;
    for (size_t y = 0; y < k; y++)
        cells += x[y].n_groups;
    /* Per group of each grouping: count, sum, sum of squares; at[y] the
       first group of grouping y. */
    double *acc = calloc(3 * (cells ? cells : 1), sizeof *acc);
    struct stats_moments *mom = wk->xw ? malloc((cells ? cells : 1) * sizeof *mom) : NULL;
    size_t *at = malloc((k ? k : 1) * sizeof *at);
    if (!acc || (wk->xw && !mom) || !at) {
        free(acc), free(mom), free(at);
        return -1;
    }
    for (size_t y = 0, c = 0; y < k; c += x[y++].n_groups)
        at[y] = c;
    double *cnt = acc, *sum = acc + cells, *ss = acc + 2 * cells;
    for (size_t c = 0; mom && c < cells; c++)
        stats_moments_init(&mom[c]);
    for (size_t j = 0; j < m; j++) {
        uint16_t kk = kx[j];
        for (size_t y = 0; y < k; y++) {
            int g = x[y].map[kk];
            if (g < 0)
                continue;
            size_t c = at[y] + (size_t)g;
            cnt[c] += 1;
            if (mom)
                stats_moments_add(&mom[c], wk->x[j], wk->xw[j]);
            else
                sum[c] += wk->x[j];
        }
    }
    for (size_t y = 0; y < k; y++)
        for (size_t g = 0; g < x[y].n_groups; g++) {
            size_t c = at[y] + g;
            struct an_mean *mg = &by[y].means[g];
            by[y].group_n[g] = cnt[c];
            *mg = (struct an_mean){.group = x[y].groups[g], .n = cnt[c], .ci_low = NAN,
                                   .ci_high = NAN, .group_en = x[y].groups_en[g]};
            if (mom) {
                struct stats_describe d;
                stats_moments_result(&mom[c], &d);
                mg->mean = d.mean;
                mg->sd = d.sd;
            } else {
                mg->mean = cnt[c] > 0 ? sum[c] / cnt[c] : NAN;
            }
        }
    if (!mom) {
        for (size_t j = 0; j < m; j++) {
            uint16_t kk = kx[j];
            for (size_t y = 0; y < k; y++) {
                int g = x[y].map[kk];
                if (g >= 0) {
                    double d = wk->x[j] - by[y].means[g].mean;
                    ss[at[y] + (size_t)g] += d * d;
                }
            }
        }
        for (size_t y = 0; y < k; y++)
            for (size_t g = 0; g < x[y].n_groups; g++) {
                size_t c = at[y] + g;
                by[y].means[g].sd = cnt[c] > 1 ? sqrt(ss[c] / (cnt[c] - 1)) : NAN;
            }
    }
    free(acc), free(mom), free(at);
    return 0;
}

/* The half of a numeric question that the sorted answers serve, on a
   second thread while the first compares the means: sort the M answers of
   the work area once, carrying each its key (one batch) or its place, for
   the quartiles and every grouping's Kruskal–Wallis (KW, one a grouping). */
struct ranking {
    struct numeric_work *wk;
    const struct groupings *G;
    size_t m;
    struct stats_quartiles *quart;
    struct stats_test *kw;
    int rc;
};

static void *rank_answers(void *arg)
{
    struct ranking *rk = arg;
    struct numeric_work *wk = rk->wk;
    const struct groupings *G = rk->G;
    size_t m = rk->m;
    memcpy(wk->sx, wk->x, m * sizeof *wk->sx);
    for (size_t j = 0; j < m; j++)
        wk->tag[j] = G->n_batch == 1 ? wk->kx[0][j] : (uint32_t)j;
    /* A value not finite: left in place, the statistics say so (NAN). */
    rk->rc = stats_sort_tagged(wk->sx, wk->tag, m, wk->tx, wk->ttag) == -2 ? -1 : 0;
    for (size_t bt = 0; bt < G->n_batch && rk->rc == 0; bt++)
        for (size_t j = 0; j < m; j++)
            wk->skx[bt][j] = G->n_batch == 1 ? (uint16_t)wk->tag[j] : wk->kx[bt][wk->tag[j]];
    if (rk->rc == 0 && stats_quartiles_sorted(wk->sx, m, rk->quart) == -2)
        rk->rc = -1;
    struct stats_keyed_by *kb = malloc((G->n ? G->n : 1) * sizeof *kb);
    if (!kb)
        rk->rc = -1;
    for (size_t bt = 0, first = 0; bt < G->n_batch && rk->rc == 0; bt++) {
        size_t k = 0;
        while (first + k < G->n && G->gr[first + k].batch == bt) {
            kb[k] = (struct stats_keyed_by){G->gr[first + k].map, G->gr[first + k].n_groups};
            k++;
        }
        if (stats_kruskal_wallis_keyed(wk->sx, wk->skx[bt], m, kb, k, rk->kw + first) == -2)
            rk->rc = -1;
        first += k;
    }
    free(kb);
    return NULL;
}

int an_numeric_question(struct results_box *b, const struct survey *s,
                            const struct survey_var *v, const double *w,
                            const struct groupings *G, struct numeric_work *wk, int two_threads,
                            struct an_question *q)
{
    q->type = AN_Q_NUMERIC;
    if (!wk->x && work_new(wk, s->n, w != NULL, G->n_batch) < 0)
        goto oom;
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++)
        if (!isnan(v->d[i])) {
            if (w)
                wk->xw[m] = w[i];
            for (size_t bt = 0; bt < G->n_batch; bt++)
                wk->kx[bt][m] = G->key[bt][i];
            wk->x[m++] = v->d[i];
        }
    q->n = (double)m;
    struct stats_keyed_by *kb = malloc((G->n ? G->n : 1) * sizeof *kb);
    struct stats_comparison *cmp = malloc((G->n ? G->n : 1) * sizeof *cmp);
    struct stats_test *kw = malloc((G->n ? G->n : 1) * sizeof *kw);
    if (!kb || !cmp || !kw) {
        free(kb), free(cmp), free(kw);
        goto oom;
    }
    struct ranking rk = {wk, G, m, &q->quart, kw, 0};
    pthread_t th;
    int threaded = two_threads && pthread_create(&th, NULL, rank_answers, &rk) == 0;
    /* Meanwhile (or before), the means: the answers in the order of the
       respondents. */
    int rc = 0;
    mean_sd(wk->x, wk->xw, m, &q->mean, &q->sd);
    for (size_t y = 0; y < G->n && rc == 0; y++) {
        const struct grouping *x = &G->gr[y];
        struct an_qby *by = &q->by[q->n_by++];
        an_set_by_head(b, by, x);
        by->means = an_take(b, x->n_groups ? x->n_groups : 1, sizeof *by->means);
        if (!by->means || !by->group_n)
            rc = -1;
    }
    /* Every grouping of a batch at once; the tests are unweighted. */
    for (size_t bt = 0, first = 0; bt < G->n_batch && rc == 0; bt++) {
        size_t k = 0;
        while (first + k < G->n && G->gr[first + k].batch == bt) {
            kb[k] = (struct stats_keyed_by){G->gr[first + k].map, G->gr[first + k].n_groups};
            k++;
        }
        if (group_means(wk, wk->kx[bt], m, G->gr + first, k, q->by + first) < 0 ||
            stats_means_compare_keyed(wk->x, wk->kx[bt], NULL, NULL, m, kb, k, cmp + first) == -2)
            rc = -1;
        first += k;
    }
    if (threaded)
        pthread_join(th, NULL);
    else
        rank_answers(&rk);
    /* Kruskal–Wallis refuses whatever the other tests refuse (a group code
       out of range, a value not finite), so joining them is
       stats_means_compare_sorted()'s result. */
    for (size_t y = 0; y < G->n && rc == 0 && rk.rc == 0; y++) {
        q->by[y].comparison = cmp[y];
        q->by[y].comparison.kruskal_wallis = kw[y];
    }
    free(kb), free(cmp), free(kw);
    if (rc == 0 && rk.rc == 0)
        return 0;
oom:
    b->oom = 1;
    return -1;
}
