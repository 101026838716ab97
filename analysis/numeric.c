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

/* The descriptives of the answers and of each group of every grouping:
   n, and the mean and SD (n - 1) by two passes, the first the gathering of
   the answers; with weights, the weighted mean and SD of stats_moments
   (frequency-style n - 1 on the respondents of positive weight, as the
   Likert items' are).  Cell 0 is all answers, then each grouping's groups
   from AT[y]. */
struct spread {
    size_t cells, *at;
    double *cnt, *sum, *ss;
    struct stats_moments *mom; /* weighted */
};

static int spread_new(struct spread *sp, const struct groupings *G, int weighted)
{
    sp->cells = 1;
    sp->at = malloc((G->n ? G->n : 1) * sizeof *sp->at);
    for (size_t y = 0; sp->at && y < G->n; y++) {
        sp->at[y] = sp->cells;
        sp->cells += G->gr[y].n_groups;
    }
    sp->cnt = calloc(3 * sp->cells, sizeof *sp->cnt);
    sp->mom = weighted ? malloc(sp->cells * sizeof *sp->mom) : NULL;
    if (!sp->at || !sp->cnt || (weighted && !sp->mom))
        return -1;
    sp->sum = sp->cnt + sp->cells;
    sp->ss = sp->sum + sp->cells;
    for (size_t c = 0; sp->mom && c < sp->cells; c++)
        stats_moments_init(&sp->mom[c]);
    return 0;
}

static void spread_free(struct spread *sp)
{
    free(sp->at), free(sp->cnt), free(sp->mom);
}

/* Answer X (weight W) into cell C. */
static inline void spread_add(struct spread *sp, size_t c, double x, double w)
{
    sp->cnt[c] += 1;
    if (sp->mom)
        stats_moments_add(&sp->mom[c], x, w);
    else
        sp->sum[c] += x;
}

/* Cell C's mean (the first pass) and SD (the second, unweighted). */
static double spread_mean(const struct spread *sp, size_t c)
{
    if (sp->mom) {
        struct stats_describe d;
        stats_moments_result(&sp->mom[c], &d);
        return d.mean;
    }
    return sp->cnt[c] > 0 ? sp->sum[c] / sp->cnt[c] : NAN;
}

static double spread_sd(const struct spread *sp, size_t c)
{
    if (sp->mom) {
        struct stats_describe d;
        stats_moments_result(&sp->mom[c], &d);
        return d.sd;
    }
    return sp->cnt[c] > 1 ? sqrt(sp->ss[c] / (sp->cnt[c] - 1)) : NAN;
}

/* The second pass over the M answers of the work area: every cell's sum of
   squared deviations from its mean MEAN[c] (unweighted). */
static void spread_squares(struct spread *sp, const struct numeric_work *wk,
                           const struct groupings *G, size_t m, const double *mean)
{
    for (size_t j = 0; j < m; j++) {
        double x = wk->x[j], d = x - mean[0];
        sp->ss[0] += d * d;
        for (size_t y = 0; y < G->n; y++) {
            const struct grouping *gx = &G->gr[y];
            int g = gx->map[wk->kx[gx->batch][j]];
            if (g >= 0) {
                size_t c = sp->at[y] + (size_t)g;
                d = x - mean[c];
                sp->ss[c] += d * d;
            }
        }
    }
}

/* The half of a numeric question that the sorted answers serve, on a
   second thread while the first compares the means: gather the answers of
   column D (N respondents) into the work area's SX and sort them once,
   each carrying its key (one batch) or its respondent, for the quartiles
   and every grouping's Kruskal–Wallis (KW, one a grouping). */
struct ranking {
    struct numeric_work *wk;
    const struct groupings *G;
    const double *d; /* the question's column */
    size_t n;        /* respondents */
    struct stats_quartiles *quart;
    struct stats_test *kw;
    int rc;
};

static void *rank_answers(void *arg)
{
    struct ranking *rk = arg;
    struct numeric_work *wk = rk->wk;
    const struct groupings *G = rk->G;
    /* The answers, each tagged with its key (one batch) or its respondent,
       gathered apart from the first thread's. */
    size_t m = 0;
    for (size_t i = 0; i < rk->n; i++)
        if (!isnan(rk->d[i])) {
            wk->tag[m] = G->n_batch == 1 ? G->key[0][i] : (uint32_t)i;
            wk->sx[m++] = rk->d[i];
        }
    /* A value not finite: left in place, the statistics say so (NAN). */
    rk->rc = stats_sort_tagged(wk->sx, wk->tag, m, wk->tx, wk->ttag) == -2 ? -1 : 0;
    for (size_t bt = 0; bt < G->n_batch && rk->rc == 0; bt++)
        for (size_t j = 0; j < m; j++)
            wk->skx[bt][j] = G->n_batch == 1 ? (uint16_t)wk->tag[j] : G->key[bt][wk->tag[j]];
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
    struct stats_keyed_by *kb = malloc((G->n ? G->n : 1) * sizeof *kb);
    struct stats_comparison *cmp = malloc((G->n ? G->n : 1) * sizeof *cmp);
    struct stats_test *kw = malloc((G->n ? G->n : 1) * sizeof *kw);
    if (!kb || !cmp || !kw) {
        free(kb), free(cmp), free(kw);
        goto oom;
    }
    struct ranking rk = {wk, G, v->d, s->n, &q->quart, kw, 0};
    pthread_t th;
    int threaded = two_threads && pthread_create(&th, NULL, rank_answers, &rk) == 0;
    /* Meanwhile (or before), the means: the answers in the order of the
       respondents, with their keys, and every mean's first pass. */
    struct spread sp = {0};
    double *mean = NULL;
    int rc = spread_new(&sp, G, w != NULL);
    size_t m = 0;
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        double x = v->d[i];
        if (isnan(x))
            continue;
        double wi = w ? w[i] : 1;
        if (w)
            wk->xw[m] = wi;
        for (size_t bt = 0; bt < G->n_batch; bt++)
            wk->kx[bt][m] = G->key[bt][i];
        wk->x[m++] = x;
        spread_add(&sp, 0, x, wi);
        for (size_t y = 0; y < G->n; y++) {
            int g = an_group_of(&G->gr[y], i);
            if (g >= 0)
                spread_add(&sp, sp.at[y] + (size_t)g, x, wi);
        }
    }
    q->n = (double)m;
    if (rc == 0 && !(mean = malloc(sp.cells * sizeof *mean)))
        rc = -1;
    for (size_t c = 0; rc == 0 && c < sp.cells; c++)
        mean[c] = spread_mean(&sp, c);
    if (rc == 0 && !w)
        spread_squares(&sp, wk, G, m, mean);
    if (rc == 0) {
        q->mean = mean[0];
        q->sd = spread_sd(&sp, 0);
    }
    for (size_t y = 0; y < G->n && rc == 0; y++) {
        const struct grouping *x = &G->gr[y];
        struct an_qby *by = &q->by[q->n_by++];
        an_set_by_head(b, by, x);
        by->means = an_take(b, x->n_groups ? x->n_groups : 1, sizeof *by->means);
        if (!by->means || !by->group_n) {
            rc = -1;
            break;
        }
        for (size_t g = 0; g < x->n_groups; g++) {
            size_t c = sp.at[y] + g;
            by->group_n[g] = sp.cnt[c];
            by->means[g] = (struct an_mean){.group = x->groups[g], .n = sp.cnt[c],
                                            .mean = mean[c], .sd = spread_sd(&sp, c),
                                            .ci_low = NAN, .ci_high = NAN,
                                            .group_en = x->groups_en[g]};
        }
    }
    spread_free(&sp);
    free(mean);
    /* Every grouping of a batch at once; the tests are unweighted. */
    for (size_t bt = 0, first = 0; bt < G->n_batch && rc == 0; bt++) {
        size_t k = 0;
        while (first + k < G->n && G->gr[first + k].batch == bt) {
            kb[k] = (struct stats_keyed_by){G->gr[first + k].map, G->gr[first + k].n_groups};
            k++;
        }
        if (stats_means_compare_keyed(wk->x, wk->kx[bt], NULL, NULL, m, kb, k, cmp + first) == -2)
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
