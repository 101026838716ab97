/* scales.c — Likert items and scales: each item's mean, interval, top-2 share
 * and distribution; each scale's index on its grid, Cronbach's alpha with the
 * item statistics, the Kruskal–Wallis tests across communities and age
 * groups, and the validity of each scale and of each section's items. */
#include "analysis/analysis.h"
#include "analysis/analysis_internal.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ## What the section counts */

/* The handles of the section's tables (an_declare). */
struct an_scale_tables {
    int *item;      /* per Likert item: one row × its level */
    int *age, *comm; /* per scale: age row × index code, community row × code */
    int *by;        /* per scale, per --by column (at sc · n_by + y): its row × code */
};

int an_scales_declare(struct ctx *c)
{
    struct an_scale_tables *T = c->scales = an_take(c->box, 1, sizeof *c->scales);
    if (!T)
        return -1;
    T->item = an_take(c->box, c->n_item ? c->n_item : 1, sizeof *T->item);
    T->age = an_take(c->box, c->n_sd ? c->n_sd : 1, sizeof *T->age);
    T->comm = an_take(c->box, c->n_sd ? c->n_sd : 1, sizeof *T->comm);
    T->by = an_take(c->box, c->n_sd * c->n_by + 1, sizeof *T->by);
    if (!T->item || !T->age || !T->comm || !T->by)
        return -1;
    for (size_t q = 0; q < c->n_item; q++)
        if ((T->item[q] = an_declare(c, AN_DIM(AN_DIM_ONE),
                                     (struct an_dim){.kind = AN_DIM_LEVEL, .v = c->item[q]}, 0,
                                     "respondents by level of a Likert item")) < 0)
            return -1;
    for (size_t sc = 0; sc < c->n_sd; sc++) {
        struct an_dim code = {.kind = AN_DIM_CODE, .index = sc};
        int *by = T->by + sc * c->n_by;
        if ((T->age[sc] = an_declare(c, AN_DIM(AN_DIM_AGE), code, 0,
                                     "respondents by age group and index")) < 0 ||
            (T->comm[sc] = an_declare(c, AN_DIM(AN_DIM_COMMUNITY), code, 0,
                                      "respondents by community and index")) < 0)
            return -1;
        for (size_t y = 0; y < c->n_by; y++)
            if ((by[y] = an_declare(c, (struct an_dim){.kind = AN_DIM_BY, .index = y}, code, 0,
                                    "respondents by --by group and index")) < 0)
                return -1;
    }
    /* The item sums: each scale's of 2+ items (its alpha), then each
       section's (its validity), unless a scale holding every item of the
       section has them already. */
    for (size_t sc = 0; sc < c->n_sd; sc++)
        if (c->sd[sc].k >= 2)
            c->sd[sc].sums = an_declare_sums(c, c->sd[sc].k, 0);
    for (size_t q = 0; q < c->n_set; q++) {
        struct set_def *set = &c->set[q];
        set->sums = set->span ? set->span->sums : an_declare_sums(c, set->k, 1);
    }
    return 0;
}

/* ## Likert items and scales */

/* An item's figures are of its answers as given (raw), the only place they
   are: the survey holds a reverse-worded item's recoded scores (score = min
   + max - answer), so its raw level L (from the lowest) is counted in cell
   LEVELS - 1 - L of its table.  Reading the cells that way gives the raw
   distribution, mean, SD, interval and top-2 share exactly; the scale
   index, alpha, the item statistics and the validity keep reading the
   recoded scores from their own tables. */
void an_likert_items(struct ctx *c, const struct tally *t, struct an_likert *L, size_t first)
{
    for (size_t q = 0; q < L->n_items; q++) {
        struct an_item *it = &L->items[q];
        int h = c->scales->item[first + q];
        size_t levels = (size_t)(it->max - it->min + 1);
        struct stats_moments m;
        stats_moments_init(&m);
        double top = 0, sw = 0;
        for (size_t l = 0; l < levels; l++) {
            size_t cell = an_cell(c, h, 0, it->reverse ? levels - 1 - l : l);
            it->distribution[l] = an_cell_n(t, cell);
            an_cell_moments(t, cell, it->min + (double)l, &m);
            sw += an_cell_sw(t, cell);
            if (it->min + (int)l >= it->max - 1)
                top += an_cell_sw(t, cell);
        }
        an_mean_result(&m, NULL, &it->stat);
        /* The two highest levels of a 2-level item are all of it: no figure. */
        it->top2 = sw > 0 && levels > 2 ? top / sw : NAN;
    }
}

/* Kruskal–Wallis across the first NG rows of a scale's ROW × code table H
   (unweighted counts). */
static struct an_test kruskal(struct ctx *c, const struct tally *t, const struct scale_def *sd,
                              int h, size_t ng)
{
    struct an_test out = {NAN, NAN, NAN};
    if (!ng)
        return out;
    double *count = malloc(ng * sd->ncode * sizeof *count);
    if (!count) {
        c->box->oom = 1;
        return out;
    }
    for (size_t g = 0; g < ng; g++)
        for (size_t k = 0; k < sd->ncode; k++)
            count[g * sd->ncode + k] = an_cell_n(t, an_cell(c, h, g, k));
    struct stats_test kw;
    int rc = stats_kruskal_wallis_table(count, ng, sd->ncode, &kw);
    free(count);
    if (rc == 0)
        out = (struct an_test){kw.statistic, kw.df, kw.p_value};
    else if (rc == -2)
        c->box->oom = 1;
    return out;
}

void an_scale_result(struct ctx *c, const struct tally *t, const struct scale_def *sd)
{
    struct an_scale *S = sd->S;
    size_t k = sd->k, nc = sd->ncode, sc = (size_t)(sd - c->sd);
    int age = c->scales->age[sc], comm = c->scales->comm[sc];
    struct stats_moments mall;
    stats_moments_init(&mall);
    S->by_age = an_take(c->box, c->nb ? c->nb : 1, sizeof *S->by_age);
    S->by_community = an_take(c->box, c->n_comm ? c->n_comm : 1, sizeof *S->by_community);
    if (c->box->oom)
        return;
    /* Overall: value by value over every age row (incl. no age group). */
    for (size_t g = 0; g < nc; g++) {
        double n = 0, npos = 0, sw = 0, sw2 = 0;
        for (size_t b = 0; b <= c->nb; b++) {
            size_t cell = an_cell(c, age, b, g);
            n += an_cell_n(t, cell);
            sw += an_cell_sw(t, cell);
            sw2 += t->w ? t->w[cell].sw2 : an_cell_n(t, cell);
            npos += t->w ? t->w[cell].npos : an_cell_n(t, cell);
        }
        if (n > 0)
            stats_moments_add_many(&mall, sd->val[g], n, npos, sw, sw2);
    }
    S->n = mall.n;
    an_mean_result(&mall, NULL, &S->index);
    for (size_t b = 0; b < c->nb; b++) {
        struct stats_moments m;
        stats_moments_init(&m);
        for (size_t g = 0; g < nc; g++)
            an_cell_moments(t, an_cell(c, age, b, g), sd->val[g], &m);
        an_mean_result(&m, c->band[b], &S->by_age[b]);
    }
    for (size_t q = 0; q < c->n_comm; q++) {
        struct stats_moments m;
        stats_moments_init(&m);
        for (size_t g = 0; g < nc; g++)
            an_cell_moments(t, an_cell(c, comm, q, g), sd->val[g], &m);
        an_mean_result(&m, an_str(c->box, c->community->col->values[q].text), &S->by_community[q]);
        S->by_community[q].group_en = an_str(
            c->box, survey_cbcol_label_en(c->community->col, c->community->col->values[q].code));
    }
    S->test_age = kruskal(c, t, sd, age, c->nb);
    S->test_community = kruskal(c, t, sd, comm, c->n_comm);

    S->alpha = S->std_alpha = NAN;
    if (k < 2)
        return;
    S->item_total = an_take(c->box, k, sizeof *S->item_total);
    if (k >= 3)
        S->alpha_if_deleted = an_take(c->box, k, sizeof *S->alpha_if_deleted);
    S->scale_mean_if_deleted = an_take(c->box, k, sizeof *S->scale_mean_if_deleted);
    S->scale_var_if_deleted = an_take(c->box, k, sizeof *S->scale_var_if_deleted);
    S->item_var = an_take(c->box, k, sizeof *S->item_var);
    double *cov = malloc(k * k * sizeof *cov), *mean = malloc(k * sizeof *mean);
    if (!cov || !mean || c->box->oom) {
        free(cov);
        free(mean);
        c->box->oom = 1;
        return;
    }
    const uint64_t *sum = t->sums + sd->sums;
    stats_cov_from_sums(sum, sum + k, k, (uint64_t)S->n, cov);
    /* The sums are of scores less each item's minimum. */
    for (size_t q = 0; q < k; q++) {
        mean[q] = S->n > 0 ? (double)sum[q] / S->n + sd->var[q]->col->min : NAN;
        S->item_var[q] = cov[q * k + q]; /* exactly 0 for an item that does not vary */
    }
    stats_scale_if_deleted(cov, mean, k, S->scale_mean_if_deleted, S->scale_var_if_deleted);
    free(mean);
    if (k >= 3)
        S->validity = an_validity(c, sum, sum + k, k, S->n, S->items, 0);
    struct stats_alpha a;
    if (S->n > 0 &&
        stats_alpha_from_cov(cov, k, (size_t)S->n, &a, S->item_total, S->alpha_if_deleted) == 0) {
        S->alpha = a.alpha;
        S->std_alpha = a.std_alpha;
    } else {
        for (size_t q = 0; q < k; q++) {
            S->item_total[q] = NAN;
            if (S->alpha_if_deleted)
                S->alpha_if_deleted[q] = NAN;
        }
    }
    free(cov);
}

void an_set_result(struct ctx *c, const struct tally *t, const struct set_def *set)
{
    struct an_likert *L = set->L;
    const char **cols = malloc(set->k * sizeof *cols);
    if (!cols) {
        c->box->oom = 1;
        return;
    }
    for (size_t q = 0; q < set->k; q++)
        cols[q] = L->items[q].column;
    /* The listwise n: a spanning scale's, else the count after the set's
       sums and cross-products. */
    double n = set->span ? set->span->S->n : (double)t->sums[set->sums + set->k + set->k * set->k];
    const uint64_t *sum = t->sums + set->sums;
    L->validity = an_validity(c, sum, sum + set->k, set->k, n, cols, c->factors);
    free(cols);
    if (L->validity)
        an_validity_scales(c, L->validity, L);
}

/* ## Setting up the tables */

/* An item's scale name and its position in the section. */
struct named {
    const char *name;
    size_t index;
};

/* By name, then by position: a stable grouping. */
static int by_name(const void *a, const void *b)
{
    const struct named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

struct group_sort {
    const struct named *by;
    const size_t *start;
};

/* Order the N groups (indices into GS->start) by their first item's
   position: an insertion sort would be quadratic, so a merge sort. */
static void sort_groups(size_t *g, size_t n, const struct group_sort *gs)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_groups(g, h, gs);
    sort_groups(g + h, n - h, gs);
    size_t *tmp = malloc(n * sizeof *tmp);
    if (!tmp) { /* out of memory: fall back to a slow, allocation-free order */
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && gs->by[gs->start[g[j]]].index <
                                            gs->by[gs->start[g[j - 1]]].index;
                 j--) {
                size_t t = g[j];
                g[j] = g[j - 1];
                g[j - 1] = t;
            }
        return;
    }
    size_t i = 0, j = h, k = 0;
    while (i < h || j < n)
        tmp[k++] = j >= n || (i < h && gs->by[gs->start[g[i]]].index <
                                           gs->by[gs->start[g[j]]].index)
                       ? g[i++]
                       : g[j++];
    memcpy(g, tmp, n * sizeof *tmp);
    free(tmp);
}

int an_likert_setup(struct ctx *c, enum survey_role role, struct an_likert *L)
{
    const struct survey *s = c->s;
    size_t n_items = 0, first = c->n_item;
    for (size_t j = 0; j < s->n_vars; j++)
        n_items += s->vars[j].role == role;
    if (!n_items)
        return 0;
    L->items = an_take(c->box, n_items, sizeof *L->items);
    L->scales = an_take(c->box, n_items, sizeof *L->scales);
    if (!L->items || !L->scales)
        return -1;
    for (size_t j = 0; j < s->n_vars; j++) {
        const struct survey_var *v = &s->vars[j];
        if (v->role != role)
            continue;
        struct an_item *it = &L->items[L->n_items++];
        c->item[c->n_item++] = v;
        it->column = an_str(c->box, v->name);
        it->label_zh = an_str(c->box, v->label_zh);
        it->label_en = an_str(c->box, v->label_en);
        it->min = v->col->min;
        it->max = v->col->max;
        it->reverse = v->col->reverse;
        it->levels = an_take(c->box, (size_t)(it->max - it->min + 1), sizeof *it->levels);
        it->levels_en = an_take(c->box, (size_t)(it->max - it->min + 1), sizeof *it->levels_en);
        for (int q = 0; it->levels && it->levels_en && q <= it->max - it->min; q++) {
            it->levels[q] = an_str(c->box, survey_cbcol_label(v->col, it->min + q));
            it->levels_en[q] = an_str(c->box, survey_cbcol_label_en(v->col, it->min + q));
        }
        it->distribution = an_take(c->box, (size_t)(it->max - it->min + 1), sizeof *it->distribution);
        if (!it->distribution)
            return -1;
    }
    const struct survey_var **var = c->item + first;
    /* The items grouped by scale name, by sorting (a questionnaire of
       20,000 items in as many scales takes no time): each scale, in order of
       its first item, holds its items in codebook order. */
    struct named *by = an_take(c->box, L->n_items, sizeof *by);
    size_t *start = an_take(c->box, L->n_items + 1, sizeof *start);
    if (!by || !start)
        return -1;
    for (size_t k = 0; k < L->n_items; k++)
        by[k] = (struct named){var[k]->col->scale, k};
    qsort(by, L->n_items, sizeof *by, by_name);
    size_t n_groups = 0;
    for (size_t k = 0; k < L->n_items; k++)
        if (k == 0 || strcmp(by[k].name, by[k - 1].name))
            start[n_groups++] = k;
    start[n_groups] = L->n_items;
    /* Groups in order of their first item: the first member's index. */
    size_t *group_order = an_take(c->box, n_groups ? n_groups : 1, sizeof *group_order);
    if (!group_order)
        return -1;
    for (size_t g = 0; g < n_groups; g++)
        group_order[g] = g;
    struct group_sort gs = {by, start};
    sort_groups(group_order, n_groups, &gs);
    for (size_t gi = 0; gi < n_groups; gi++) {
        size_t grp = group_order[gi], g0 = start[grp], g1 = start[grp + 1];
        const char *name = by[g0].name;
        struct an_scale *S = &L->scales[L->n_scales++];
        struct scale_def *sd = &c->sd[c->n_sd++];
        S->name = an_str(c->box, name);
        S->label_zh = an_str(c->box, survey_scale_label(c->s->cb, name, 0));
        S->label_en = an_str(c->box, survey_scale_label(c->s->cb, name, 1));
        S->k = g1 - g0;
        S->items = an_take(c->box, S->k, sizeof *S->items);
        S->item_index = an_take(c->box, S->k, sizeof *S->item_index);
        sd->var = an_take(c->box, S->k, sizeof *sd->var);
        sd->mult = an_take(c->box, S->k, sizeof *sd->mult);
        if (c->box->oom)
            return -1;
        sd->S = S;
        sd->k = S->k;
        c->kmax = sd->k > c->kmax ? sd->k : c->kmax;
        /* The grid: L = lcm of the items' ranges; item q counts L/range_q
           per point, so the code k·L means every item at its maximum. */
        uint64_t lcm = 1;
        size_t m = 0;
        for (size_t member = g0; member < g1; member++) {
            size_t q = by[member].index;
            S->item_index[m] = q;
            S->items[m] = L->items[q].column;
            sd->var[m++] = var[q];
            uint64_t range = (uint64_t)(var[q]->col->max - var[q]->col->min), a = lcm, b = range;
            while (b) {
                uint64_t t = a % b;
                a = b;
                b = t;
            }
            lcm = lcm / a * range;
            if (lcm * sd->k > GRID_MAX)
                return survey_error_set(
                    c->err, SURVEY_ERR_LIMIT, c->s->cb->file, var[q]->col->line,
                    "scale \"%s\": its items' ranges put the index on a grid of more than "
                    "%d points (items × the least common multiple of their ranges), more "
                    "than canyu supports",
                    name, GRID_MAX);
        }
        for (size_t q = 0; q < sd->k; q++)
            sd->mult[q] = (uint16_t)(lcm / (uint64_t)(sd->var[q]->col->max - sd->var[q]->col->min));
        sd->ncode = sd->k * (size_t)lcm + 1;
        sd->val = an_take(c->box, sd->ncode, sizeof *sd->val);
        if (!sd->val)
            return -1;
        /* Each item rescaled to 0..1 then averaged: the same as rescaling the
           item mean when the items share a range. */
        for (size_t g = 0; g < sd->ncode; g++)
            sd->val[g] = 100.0 * ((double)g / (double)lcm) / (double)sd->k;
    }
    if (L->n_items >= 2 && L->n_items <= AN_VALIDITY_MAX_ITEMS &&
        c->n_set < sizeof c->set / sizeof c->set[0]) {
        struct set_def *set = &c->set[c->n_set++];
        *set = (struct set_def){.L = L, .var = var, .first = first, .k = L->n_items};
        if (L->n_scales == 1)
            set->span = &c->sd[c->n_sd - 1];
        else
            c->kmax = set->k > c->kmax ? set->k : c->kmax;
    }
    return 0;
}

/* ## A scale's index by group */

/* The index across the first NG rows of the scale's row × code table H,
   labelled GROUPS (English GROUPS_EN): each group's n, mean and SD, and the
   comparison from the count table (unweighted). */
static void index_by(struct ctx *c, const struct tally *t, const struct scale_def *sd,
                     int h, size_t ng, const char *const *groups,
                     const char *const *groups_en, struct an_qby *by)
{
    size_t nc = sd->ncode;
    by->n_groups = ng;
    by->groups = (const char **)groups;
    by->groups_en = (const char **)groups_en;
    by->group_n = an_take(c->box, ng ? ng : 1, sizeof *by->group_n);
    by->means = an_take(c->box, ng ? ng : 1, sizeof *by->means);
    double *count = malloc((ng ? ng : 1) * nc * sizeof *count);
    if (!by->group_n || !by->means || !count) {
        free(count);
        c->box->oom = 1;
        return;
    }
    for (size_t g = 0; g < ng; g++) {
        struct stats_moments m;
        stats_moments_init(&m);
        for (size_t k = 0; k < nc; k++) {
            an_cell_moments(t, an_cell(c, h, g, k), sd->val[k], &m);
            count[g * nc + k] = an_cell_n(t, an_cell(c, h, g, k));
        }
        an_mean_result(&m, groups[g], &by->means[g]);
        by->means[g].group_en = groups_en[g];
        by->means[g].ci_low = by->means[g].ci_high = NAN;
        by->group_n[g] = by->means[g].n;
    }
    if (stats_means_compare_table(count, sd->val, ng, nc, &by->comparison) == -2)
        c->box->oom = 1;
    free(count);
}

void an_scale_by(struct ctx *c, const struct tally *t, const struct scale_def *sd)
{
    struct an_scale *S = sd->S;
    size_t sc = (size_t)(sd - c->sd);
    int ages = c->age && c->nb > 0;
    size_t n = (size_t)ages + c->n_by;
    S->by = an_take(c->box, n ? n : 1, sizeof *S->by);
    if (!S->by)
        return;
    if (ages) {
        struct an_qby *by = &S->by[S->n_by++];
        by->variable = "age_group";
        by->label_zh = "年龄组";
        by->label_en = "Age group";
        index_by(c, t, sd, c->scales->age[sc], c->nb, c->band, c->band, by);
    }
    for (size_t y = 0; y < c->n_by && !c->box->oom; y++) {
        const struct by_def *b = &c->by[y];
        struct an_qby *by = &S->by[S->n_by++];
        by->variable = an_str(c->box, b->var->name);
        by->label_zh = an_str(c->box, b->var->label_zh);
        by->label_en = an_str(c->box, b->var->label_en);
        index_by(c, t, sd, c->scales->by[sc * c->n_by + y], b->ng, b->groups, b->groups_en,
                 by);
    }
}
