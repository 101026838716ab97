/* analysis.c — from a loaded survey to the results of DESIGN.md's report:
 * profile, participation by age group and community with its tests, per
 * activity, intensity and barriers; every satisfaction and trust item and
 * scale (index, Cronbach's alpha, Kruskal–Wallis across communities and age
 * groups); Spearman of each index with participation intensity and the
 * logistic model of taking part; weights from a weight column or raking.
 *
 * Each figure follows the definitions in DESIGN.md ("Statistics"); the
 * primitives in stats.h hold the formulas and their sources.  Respondent-level
 * values that several analyses share (age group, weight, participant,
 * intensity, scale indices) are computed once into arrays, and every grouped
 * statistic is one pass over them.
 */
#include "stats/analysis.h"
#include "survey/survey.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Everything the results own is allocated through this bump list, freed at
   once by stats_results_free(). */
struct alloc_node {
    struct alloc_node *next;
    max_align_t align[];
};

struct results_box {
    struct an_results r;
    struct alloc_node *mem;
    int oom;
};

static void *take(struct results_box *b, size_t count, size_t size)
{
    if (b->oom)
        return NULL;
    if (count && size > ((size_t)-1 - sizeof(struct alloc_node)) / count) {
        b->oom = 1;
        return NULL;
    }
    struct alloc_node *n = calloc(1, sizeof *n + (count ? count * size : 1));
    if (!n) {
        b->oom = 1;
        return NULL;
    }
    n->next = b->mem;
    b->mem = n;
    return n->align;
}

void stats_results_free(struct an_results *r)
{
    if (!r)
        return;
    struct results_box *b = (struct results_box *)r;
    for (struct alloc_node *n = b->mem, *next; n; n = next) {
        next = n->next;
        free(n);
    }
    free(b);
}

/* ## Accumulators */

/* A (weighted) proportion: count, n, and the sums for Kish's effective n. */
struct prop_acc {
    double n, x, sw, sw2, swx;
};

static void prop_add(struct prop_acc *a, int yes, double w)
{
    a->n += 1;
    a->x += yes;
    a->sw += w;
    a->sw2 += w * w;
    a->swx += yes * w;
}

/* Rate and Wilson interval; with weights the interval uses Kish's effective n
   (p·n_eff successes in n_eff trials). */
static void prop_rate(const struct prop_acc *a, int weighted, struct an_rate *out)
{
    out->n = a->n;
    out->participants = a->x;
    out->rate = out->ci_low = out->ci_high = NAN;
    if (a->n <= 0 || a->sw <= 0)
        return;
    out->rate = a->swx / a->sw;
    if (!weighted) {
        stats_wilson_ci(a->x, a->n, 0.05, &out->ci_low, &out->ci_high);
    } else {
        double neff = a->sw * a->sw / a->sw2;
        stats_wilson_ci(out->rate * neff, neff, 0.05, &out->ci_low, &out->ci_high);
    }
}

static void mean_result(const struct stats_moments *m, const char *group, struct an_mean *out)
{
    struct stats_describe d;
    stats_moments_result(m, &d);
    out->group = group;
    out->n = d.n;
    out->mean = d.mean;
    out->sd = d.sd;
    out->ci_low = d.ci_low;
    out->ci_high = d.ci_high;
}

/* ## Shared respondent-level values */

struct ctx {
    struct results_box *box;
    const struct survey *s;
    const struct survey_bands *bands;
    size_t n, nb;
    const double *w;          /* NULL = unweighted */
    double *wbuf;             /* owned weights (column or raked) */
    int *age;                 /* band index or -1 */
    const struct survey_var *community;
    int *comm;                /* community value index or -1 */
    size_t n_comm;
    signed char *part;        /* participant 1/0, or -1 when every item is missing */
    double *intensity;        /* activities answered yes (NAN when part < 0) */
    struct survey_error *err;
};

static double weight(const struct ctx *c, size_t i)
{
    return c->w ? c->w[i] : 1.0;
}

/* The index of CODE among COL's value labels, or -1. */
static int value_index(const struct survey_cbcol *col, int code)
{
    for (size_t k = 0; k < col->n_values; k++)
        if (col->values[k].code == code)
            return (int)k;
    return -1;
}

/* ## Profile */

static struct an_share *profile_of(struct ctx *c, const struct survey_var *v, size_t *count)
{
    *count = 0;
    if (!v || !v->col->n_values)
        return NULL;
    size_t k = v->col->n_values;
    struct an_share *sh = take(c->box, k, sizeof *sh);
    double *sw = take(c->box, k, sizeof *sw);
    if (!sh || !sw)
        return NULL;
    double total = 0;
    for (size_t i = 0; i < c->n; i++) {
        int j = v->v[i] == SURVEY_MISSING ? -1 : value_index(v->col, v->v[i]);
        if (j < 0)
            continue;
        sh[j].n += 1;
        sw[j] += weight(c, i);
        total += weight(c, i);
    }
    for (size_t j = 0; j < k; j++) {
        sh[j].label = v->col->values[j].text;
        sh[j].code = v->col->values[j].code;
        sh[j].share = total > 0 ? sw[j] / total : NAN;
    }
    *count = k;
    return sh;
}

static void profile(struct ctx *c)
{
    struct an_results *r = &c->box->r;
    r->age_group = take(c->box, c->nb ? c->nb : 1, sizeof *r->age_group);
    double *sw = take(c->box, c->nb ? c->nb : 1, sizeof *sw);
    if (!r->age_group || !sw)
        return;
    double total = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->age[i] < 0) {
            r->age_group_missing += 1;
            continue;
        }
        r->age_group[c->age[i]].n += 1;
        sw[c->age[i]] += weight(c, i);
        total += weight(c, i);
    }
    for (size_t b = 0; b < c->nb; b++) {
        r->age_group[b].label = c->bands->band[b].label;
        r->age_group[b].code = (int)b;
        r->age_group[b].share = total > 0 ? sw[b] / total : NAN;
    }
    r->gender = profile_of(c, survey_var_by_role(c->s, ROLE_GENDER), &r->n_gender);
    r->party_member =
        profile_of(c, survey_var_by_role(c->s, ROLE_PARTY_MEMBER), &r->n_party_member);
    r->subdistrict = profile_of(c, survey_var_by_role(c->s, ROLE_SUBDISTRICT), &r->n_subdistrict);
    r->community = profile_of(c, c->community, &r->n_community);
}

/* ## Participation */

static void participation(struct ctx *c)
{
    struct an_results *r = &c->box->r;
    const struct survey *s = c->s;
    size_t n_items = 0;
    for (size_t j = 0; j < s->n_vars; j++)
        n_items += s->vars[j].role == ROLE_PARTICIPATION;
    r->part_by_age = take(c->box, c->nb ? c->nb : 1, sizeof *r->part_by_age);
    r->intensity_by_age = take(c->box, c->nb ? c->nb : 1, sizeof *r->intensity_by_age);
    r->adjusted_residuals = take(c->box, c->nb ? c->nb : 1, sizeof *r->adjusted_residuals);
    r->part_by_community = take(c->box, c->n_comm ? c->n_comm : 1, sizeof *r->part_by_community);
    r->activities = take(c->box, n_items ? n_items : 1, sizeof *r->activities);
    if (c->box->oom)
        return;
    /* Participant and intensity per respondent. */
    for (size_t i = 0; i < c->n; i++) {
        int known = 0, yes = 0;
        for (size_t j = 0; j < s->n_vars; j++) {
            if (s->vars[j].role != ROLE_PARTICIPATION || s->vars[j].v[i] == SURVEY_MISSING)
                continue;
            known = 1;
            yes += s->vars[j].v[i] == 1;
        }
        c->part[i] = known ? yes > 0 : -1;
        c->intensity[i] = known ? yes : NAN;
    }
    r->has_participation = n_items > 0;
    int weighted = c->w != NULL;

    struct prop_acc all = {0};
    struct prop_acc *by_age = calloc(c->nb + 1, sizeof *by_age);
    struct prop_acc *by_comm = calloc(c->n_comm + 1, sizeof *by_comm);
    struct stats_moments inten, *inten_age = calloc(c->nb + 1, sizeof *inten_age);
    double *table = calloc(2 * (c->nb + 1), sizeof *table);
    if (!by_age || !by_comm || !inten_age || !table) {
        c->box->oom = 1;
        goto done;
    }
    stats_moments_init(&inten);
    for (size_t b = 0; b < c->nb; b++)
        stats_moments_init(&inten_age[b]);
    for (size_t i = 0; i < c->n; i++) {
        if (c->part[i] < 0)
            continue;
        double w = weight(c, i);
        prop_add(&all, c->part[i], w);
        stats_moments_add(&inten, c->intensity[i], w);
        if (c->age[i] >= 0) {
            prop_add(&by_age[c->age[i]], c->part[i], w);
            stats_moments_add(&inten_age[c->age[i]], c->intensity[i], w);
            /* rows: participant yes / no; columns: age groups */
            table[(c->part[i] ? 0 : c->nb) + (size_t)c->age[i]] += 1;
        }
        if (c->comm[i] >= 0)
            prop_add(&by_comm[c->comm[i]], c->part[i], w);
    }
    prop_rate(&all, weighted, &r->overall);
    mean_result(&inten, NULL, &r->intensity);
    for (size_t b = 0; b < c->nb; b++) {
        prop_rate(&by_age[b], weighted, &r->part_by_age[b]);
        r->part_by_age[b].group = c->bands->band[b].label;
        mean_result(&inten_age[b], c->bands->band[b].label, &r->intensity_by_age[b]);
    }
    for (size_t k = 0; k < c->n_comm; k++) {
        prop_rate(&by_comm[k], weighted, &r->part_by_community[k]);
        r->part_by_community[k].group = c->community->col->values[k].text;
    }
    /* The tests are unweighted: counts of respondents. */
    double *stdres = calloc(2 * (c->nb + 1), sizeof *stdres);
    if (!stdres) {
        c->box->oom = 1;
        goto done;
    }
    stats_chisq_test(table, 2, c->nb, &r->chisq, stdres);
    for (size_t b = 0; b < c->nb; b++)
        r->adjusted_residuals[b] = r->chisq.rows == 2 ? stdres[b] : NAN;
    if (r->chisq.rows < 2) { /* no variation in taking part: nothing to test */
        r->chisq.statistic = r->chisq.df = r->chisq.p_value = r->chisq.cramers_v = NAN;
    }
    free(stdres);
    {
        double *succ = calloc(c->nb + 1, sizeof *succ), *tot = calloc(c->nb + 1, sizeof *tot);
        if (!succ || !tot) {
            free(succ);
            free(tot);
            c->box->oom = 1;
            goto done;
        }
        for (size_t b = 0; b < c->nb; b++) {
            succ[b] = table[b];
            tot[b] = table[b] + table[c->nb + b];
        }
        struct stats_test t;
        if (stats_linear_by_linear(succ, tot, NULL, c->nb, &t) == 0)
            r->linear_by_linear = (struct an_test){t.statistic, t.df, t.p_value};
        else
            r->linear_by_linear = (struct an_test){NAN, NAN, NAN};
        free(succ);
        free(tot);
    }

    /* Per activity, overall and by age group. */
    for (size_t j = 0; j < s->n_vars; j++) {
        const struct survey_var *v = &s->vars[j];
        if (v->role != ROLE_PARTICIPATION)
            continue;
        struct an_activity *a = &r->activities[r->n_activities++];
        a->column = v->name;
        a->label_zh = v->label_zh;
        a->label_en = v->label_en;
        a->by_age = take(c->box, c->nb ? c->nb : 1, sizeof *a->by_age);
        if (!a->by_age)
            goto done;
        struct prop_acc acc = {0};
        memset(by_age, 0, (c->nb + 1) * sizeof *by_age);
        for (size_t i = 0; i < c->n; i++) {
            if (v->v[i] == SURVEY_MISSING)
                continue;
            prop_add(&acc, v->v[i] == 1, weight(c, i));
            if (c->age[i] >= 0)
                prop_add(&by_age[c->age[i]], v->v[i] == 1, weight(c, i));
        }
        prop_rate(&acc, weighted, &a->all);
        for (size_t b = 0; b < c->nb; b++) {
            prop_rate(&by_age[b], weighted, &a->by_age[b]);
            a->by_age[b].group = c->bands->band[b].label;
        }
    }

    /* Barriers: the main reason for not taking part, overall and by age. */
    const struct survey_var *bar = survey_var_by_role(s, ROLE_BARRIER);
    if (bar && bar->col->n_values) {
        struct an_barriers *B = &r->barriers;
        size_t k = bar->col->n_values;
        r->has_barriers = 1;
        B->n_cat = k;
        B->cat = take(c->box, k, sizeof *B->cat);
        B->by_age = take(c->box, k * (c->nb ? c->nb : 1), sizeof *B->by_age);
        B->by_age_n = take(c->box, c->nb ? c->nb : 1, sizeof *B->by_age_n);
        double *sw = take(c->box, k * (c->nb + 1), sizeof *sw);
        if (c->box->oom)
            goto done;
        double *sw_all = sw + k * c->nb, tot_all = 0;
        double *tot_age = calloc(c->nb + 1, sizeof *tot_age);
        if (!tot_age) {
            c->box->oom = 1;
            goto done;
        }
        for (size_t i = 0; i < c->n; i++) {
            int j = bar->v[i] == SURVEY_MISSING ? -1 : value_index(bar->col, bar->v[i]);
            if (j < 0)
                continue;
            double w = weight(c, i);
            B->n += 1;
            B->cat[j].n += 1;
            sw_all[j] += w;
            tot_all += w;
            if (c->age[i] >= 0) {
                size_t g = (size_t)c->age[i];
                B->by_age_n[g] += 1;
                B->by_age[g * k + (size_t)j].n += 1;
                sw[g * k + (size_t)j] += w;
                tot_age[g] += w;
            }
        }
        for (size_t j = 0; j < k; j++) {
            B->cat[j].label = bar->col->values[j].text;
            B->cat[j].code = bar->col->values[j].code;
            B->cat[j].share = tot_all > 0 ? sw_all[j] / tot_all : NAN;
            for (size_t g = 0; g < c->nb; g++) {
                struct an_share *e = &B->by_age[g * k + j];
                e->label = B->cat[j].label;
                e->code = B->cat[j].code;
                e->share = tot_age[g] > 0 ? sw[g * k + j] / tot_age[g] : NAN;
            }
        }
        free(tot_age);
    }
done:
    free(by_age);
    free(by_comm);
    free(inten_age);
    free(table);
}

/* ## Likert items and scales */

static void likert_items(struct ctx *c, enum survey_role role, struct an_likert *L)
{
    const struct survey *s = c->s;
    size_t n_items = 0;
    for (size_t j = 0; j < s->n_vars; j++)
        n_items += s->vars[j].role == role;
    if (!n_items)
        return;
    L->items = take(c->box, n_items, sizeof *L->items);
    if (!L->items)
        return;
    for (size_t j = 0; j < s->n_vars; j++) {
        const struct survey_var *v = &s->vars[j];
        if (v->role != role)
            continue;
        struct an_item *it = &L->items[L->n_items++];
        it->column = v->name;
        it->label_zh = v->label_zh;
        it->label_en = v->label_en;
        it->min = v->col->min;
        it->max = v->col->max;
        size_t levels = (size_t)(it->max - it->min + 1);
        it->distribution = take(c->box, levels, sizeof *it->distribution);
        if (!it->distribution)
            return;
        struct stats_moments m;
        stats_moments_init(&m);
        double top = 0, sw = 0;
        for (size_t i = 0; i < c->n; i++) {
            int x = v->v[i];
            if (x == SURVEY_MISSING)
                continue;
            double w = weight(c, i);
            stats_moments_add(&m, x, w);
            it->distribution[x - it->min] += 1;
            sw += w;
            if (x >= it->max - 1)
                top += w;
        }
        mean_result(&m, NULL, &it->stat);
        it->top2 = sw > 0 ? top / sw : NAN;
    }
}

/* The scales of a section: items sharing a scale name, in order of first
   appearance. */
static void likert_scales(struct ctx *c, struct an_likert *L, double **index_out,
                          size_t *n_index)
{
    if (!L->n_items)
        return;
    const struct survey *s = c->s;
    L->scales = take(c->box, L->n_items, sizeof *L->scales);
    if (!L->scales)
        return;
    /* The survey variables behind the section's items, in order. */
    const struct survey_var **var = calloc(L->n_items, sizeof *var);
    if (!var) {
        c->box->oom = 1;
        return;
    }
    for (size_t k = 0; k < L->n_items; k++)
        var[k] = survey_var_by_name(s, L->items[k].column);
    for (size_t k = 0; k < L->n_items; k++) {
        const char *name = var[k]->col->scale;
        size_t sc;
        for (sc = 0; sc < L->n_scales; sc++)
            if (!strcmp(L->scales[sc].name, name))
                break;
        if (sc < L->n_scales)
            continue;
        struct an_scale *S = &L->scales[L->n_scales++];
        S->name = name;
        for (size_t q = k; q < L->n_items; q++)
            S->k += !strcmp(var[q]->col->scale, name);
        S->items = take(c->box, S->k, sizeof *S->items);
        S->item_index = take(c->box, S->k, sizeof *S->item_index);
        if (c->box->oom)
            break;
        size_t m = 0;
        for (size_t q = k; q < L->n_items; q++)
            if (!strcmp(var[q]->col->scale, name)) {
                S->item_index[m] = q;
                S->items[m++] = L->items[q].column;
            }
    }
    /* Per scale: listwise-complete rows, the index per respondent, alpha,
       the index's descriptives by group and its Kruskal–Wallis tests. */
    for (size_t sc = 0; sc < L->n_scales && !c->box->oom; sc++) {
        struct an_scale *S = &L->scales[sc];
        size_t k = S->k;
        double *index = take(c->box, c->n ? c->n : 1, sizeof *index);
        /* Alpha streams the complete rows through a covariance accumulator:
           no n×k matrix is kept. */
        struct stats_cov *cov_acc = k >= 2 ? stats_cov_new(k) : NULL;
        double *row = malloc(k * sizeof *row), *cov = malloc(k * k * sizeof *cov);
        double *iv = malloc((c->n ? c->n : 1) * sizeof *iv);
        int *ga = malloc((c->n ? c->n : 1) * sizeof *ga), *gc = malloc((c->n ? c->n : 1) * sizeof *gc);
        struct stats_moments *mg = calloc(c->nb + c->n_comm + 1, sizeof *mg);
        if (!index || (k >= 2 && !cov_acc) || !row || !cov || !iv || !ga || !gc || !mg) {
            stats_cov_free(cov_acc);
            free(row), free(cov), free(iv), free(ga), free(gc), free(mg);
            c->box->oom = 1;
            break;
        }
        index_out[(*n_index)++] = index;
        struct stats_moments mall;
        stats_moments_init(&mall);
        for (size_t g = 0; g < c->nb + c->n_comm; g++)
            stats_moments_init(&mg[g]);
        size_t nc = 0;
        for (size_t i = 0; i < c->n; i++) {
            double sum = 0;
            size_t q;
            for (q = 0; q < k; q++) {
                const struct survey_var *v = var[S->item_index[q]];
                int x = v->v[i];
                if (x == SURVEY_MISSING)
                    break;
                row[q] = x;
                sum += (double)(x - v->col->min) / (v->col->max - v->col->min);
            }
            if (q < k) {
                index[i] = NAN;
                continue;
            }
            /* Each item rescaled to 0..1 then averaged: the same as rescaling
               the item mean when the items share a range. */
            index[i] = 100.0 * sum / (double)k;
            if (cov_acc)
                stats_cov_add(cov_acc, row);
            double w = weight(c, i);
            stats_moments_add(&mall, index[i], w);
            if (c->age[i] >= 0)
                stats_moments_add(&mg[c->age[i]], index[i], w);
            if (c->comm[i] >= 0)
                stats_moments_add(&mg[c->nb + (size_t)c->comm[i]], index[i], w);
            iv[nc] = index[i];
            ga[nc] = c->age[i];
            gc[nc] = c->comm[i];
            nc++;
        }
        S->n = (double)nc;
        S->alpha = S->std_alpha = NAN;
        if (k >= 2) {
            S->item_total = take(c->box, k, sizeof *S->item_total);
            if (k >= 3)
                S->alpha_if_deleted = take(c->box, k, sizeof *S->alpha_if_deleted);
            struct stats_alpha a;
            stats_cov_matrix(cov_acc, cov);
            if (!c->box->oom && nc > 0 && stats_alpha_from_cov(cov, k, nc, &a, S->item_total,
                                                               S->alpha_if_deleted) == 0) {
                S->alpha = a.alpha;
                S->std_alpha = a.std_alpha;
            } else if (!c->box->oom) {
                for (size_t q = 0; q < k; q++) {
                    S->item_total[q] = NAN;
                    if (S->alpha_if_deleted)
                        S->alpha_if_deleted[q] = NAN;
                }
            }
        }
        mean_result(&mall, NULL, &S->index);
        S->by_age = take(c->box, c->nb ? c->nb : 1, sizeof *S->by_age);
        S->by_community = take(c->box, c->n_comm ? c->n_comm : 1, sizeof *S->by_community);
        if (!c->box->oom) {
            for (size_t b = 0; b < c->nb; b++)
                mean_result(&mg[b], c->bands->band[b].label, &S->by_age[b]);
            for (size_t q = 0; q < c->n_comm; q++)
                mean_result(&mg[c->nb + q], c->community->col->values[q].text, &S->by_community[q]);
            struct stats_test t;
            S->test_age = S->test_community = (struct an_test){NAN, NAN, NAN};
            if (stats_kruskal_wallis(iv, ga, nc, c->nb, &t) == 0)
                S->test_age = (struct an_test){t.statistic, t.df, t.p_value};
            if (c->n_comm && stats_kruskal_wallis(iv, gc, nc, c->n_comm, &t) == 0)
                S->test_community = (struct an_test){t.statistic, t.df, t.p_value};
        }
        stats_cov_free(cov_acc);
        free(row), free(cov), free(iv), free(ga), free(gc), free(mg);
    }
    free(var);
}

/* ## Association */

static void spearman(struct ctx *c, double **index, const char **names, size_t n_index)
{
    struct an_results *r = &c->box->r;
    if (!n_index)
        return;
    r->spearman = take(c->box, n_index, sizeof *r->spearman);
    double *x = malloc((c->n ? c->n : 1) * sizeof *x), *y = malloc((c->n ? c->n : 1) * sizeof *y);
    if (!r->spearman || !x || !y) {
        c->box->oom = 1;
        free(x);
        free(y);
        return;
    }
    for (size_t sc = 0; sc < n_index; sc++) {
        size_t m = 0;
        for (size_t i = 0; i < c->n; i++)
            if (!isnan(index[sc][i]) && !isnan(c->intensity[i])) {
                x[m] = index[sc][i];
                y[m++] = c->intensity[i];
            }
        struct stats_spearman sp;
        struct an_spearman *o = &r->spearman[r->n_spearman++];
        o->scale = names[sc];
        o->n = (double)m;
        o->rho = o->p_value = NAN;
        if (stats_spearman(x, y, m, &sp) == 0) {
            o->rho = sp.rho;
            o->p_value = sp.p_value;
        }
    }
    free(x);
    free(y);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Dummy columns of a categorical variable: every code present among complete
   cases but the lowest (at most 64). */
struct factor {
    const struct survey_var *v;
    int codes[64];
    size_t n_codes; /* non-reference levels */
};

/* The logistic model's predictors, built per complete case from the
   respondent-level arrays (no N×P design matrix). */
struct design {
    const struct ctx *c;
    double **index;
    size_t n_index;
    const struct factor *f;
    size_t ref, nbands;
    const int *age_present;
    const uint32_t *resp; /* complete case -> respondent */
};

static const double *design_row(void *vd, size_t obs, double *x)
{
    const struct design *d = vd;
    size_t i = d->resp[obs], col = 0;
    x[col++] = 1;
    for (size_t b = d->ref + 1; b < d->nbands; b++)
        if (d->age_present[b])
            x[col++] = (size_t)d->c->age[i] == b;
    for (int q = 0; q < 2; q++)
        for (size_t k = 0; k < d->f[q].n_codes; k++)
            x[col++] = d->f[q].v->v[i] == d->f[q].codes[k];
    for (size_t sc = 0; sc < d->n_index; sc++)
        x[col++] = d->index[sc][i];
    return x;
}

static void logistic(struct ctx *c, double **index, const char **names, size_t n_index)
{
    struct an_results *r = &c->box->r;
    if (!r->has_participation)
        return;
    const struct survey_var *gender = survey_var_by_role(c->s, ROLE_GENDER);
    const struct survey_var *party = survey_var_by_role(c->s, ROLE_PARTY_MEMBER);
    char *ok = calloc(c->n ? c->n : 1, 1);
    if (!ok) {
        c->box->oom = 1;
        return;
    }
    /* Complete cases: participation known, an age group, gender, party, every index. */
    int age_present[256] = {0};
    size_t nbands = c->nb < 256 ? c->nb : 256;
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        int good = c->part[i] >= 0 && c->age[i] >= 0 && (size_t)c->age[i] < nbands;
        good = good && (!gender || gender->v[i] != SURVEY_MISSING);
        good = good && (!party || party->v[i] != SURVEY_MISSING);
        for (size_t sc = 0; sc < n_index && good; sc++)
            good = !isnan(index[sc][i]);
        ok[i] = (char)good;
        if (good) {
            n++;
            age_present[c->age[i]] = 1;
        }
    }
    /* Each factor's codes present among complete cases, ascending: the
       lowest is the reference, the others get a dummy column each. */
    struct factor f[2] = {{.v = gender}, {.v = party}};
    for (int q = 0; q < 2; q++) {
        if (!f[q].v)
            continue;
        int seen[65];
        size_t ns = 0;
        for (size_t i = 0; i < c->n && ns < 65; i++) {
            if (!ok[i])
                continue;
            size_t k = 0;
            while (k < ns && seen[k] != f[q].v->v[i])
                k++;
            if (k == ns)
                seen[ns++] = f[q].v->v[i];
        }
        qsort(seen, ns, sizeof *seen, cmp_int);
        for (size_t k = 1; k < ns; k++)
            f[q].codes[f[q].n_codes++] = seen[k];
    }
    size_t ref = 0;
    while (ref < nbands && !age_present[ref])
        ref++;
    size_t p = 1;
    for (size_t b = ref + 1; b < nbands; b++)
        p += age_present[b];
    p += f[0].n_codes + f[1].n_codes + n_index;
    r->logit_n = (double)n;
    r->logit_fitted = 1;
    double *Y = malloc((n ? n : 1) * sizeof *Y);
    uint32_t *resp = malloc((n ? n : 1) * sizeof *resp);
    r->terms = take(c->box, p, sizeof *r->terms);
    if (!Y || !resp || !r->terms) {
        free(Y), free(resp), free(ok);
        c->box->oom = 1;
        return;
    }
    /* Term names. */
    size_t t = 0;
    r->terms[t++].term = "(intercept)";
    for (size_t b = ref + 1; b < nbands; b++)
        if (age_present[b]) {
            char *name = take(c->box, 40, 1);
            if (name)
                snprintf(name, 40, "age_group=%s", c->bands->band[b].label);
            r->terms[t++].term = name;
        }
    for (int q = 0; q < 2; q++)
        for (size_t k = 0; k < f[q].n_codes; k++) {
            const char *lab = survey_cbcol_label(f[q].v->col, f[q].codes[k]);
            size_t len = (lab ? strlen(lab) : 12) + 20;
            char *name = take(c->box, len, 1);
            if (name && lab)
                snprintf(name, len, "%s=%s", q ? "party_member" : "gender", lab);
            else if (name)
                snprintf(name, len, "%s=%d", q ? "party_member" : "gender", f[q].codes[k]);
            r->terms[t++].term = name;
        }
    for (size_t sc = 0; sc < n_index; sc++)
        r->terms[t++].term = (char *)names[sc];
    r->n_terms = p;
    size_t row = 0;
    for (size_t i = 0; i < c->n; i++)
        if (ok[i]) {
            resp[row] = (uint32_t)i;
            Y[row++] = c->part[i];
        }
    struct design dz = {c, index, n_index, f, ref, nbands, age_present, resp};
    struct stats_logit *fit = stats_logit_fit_rows(design_row, &dz, Y, n, p);
    if (!fit) {
        c->box->oom = 1;
    } else {
        r->logit_converged = fit->converged;
        for (size_t k = 0; k < p; k++) {
            struct an_term *T = &r->terms[k];
            T->coef = fit->coef[k];
            T->se = fit->se[k];
            T->z = fit->z[k];
            T->p_value = fit->p_value[k];
            T->odds_ratio = fit->odds_ratio[k];
            T->or_ci_low = fit->or_ci_low[k];
            T->or_ci_high = fit->or_ci_high[k];
        }
        stats_logit_free(fit);
    }
    free(Y), free(resp), free(ok);
}

/* ## Weights and raking */

static int rake(struct ctx *c, const struct an_margins *M)
{
    struct an_results *r = &c->box->r;
    /* Variables in order of first appearance in the margins file. */
    const char *vars[16];
    size_t nv = 0;
    for (size_t m = 0; m < M->n; m++) {
        size_t v;
        for (v = 0; v < nv; v++)
            if (!strcmp(vars[v], M->m[m].variable))
                break;
        if (v == nv) {
            if (nv == 16)
                return survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, M->m[m].line,
                                   "more than 16 raking variables");
            vars[nv++] = M->m[m].variable;
        }
    }
    int *cat[16] = {0};
    const struct survey_var *svar[16] = {0};
    double *share[16] = {0};
    size_t ncat[16] = {0};
    int rc = 0;
    for (size_t v = 0; v < nv && rc == 0; v++) {
        const struct survey_var *sv = NULL;
        size_t levels;
        if (!strcmp(vars[v], "age_group")) {
            levels = c->nb;
        } else {
            enum survey_role role;
            for (role = 0; role < ROLE_COUNT; role++)
                if (!strcmp(survey_role_name(role), vars[v]))
                    break;
            int categorical = role == ROLE_SUBDISTRICT || role == ROLE_COMMUNITY ||
                              role == ROLE_GENDER || role == ROLE_PARTY_MEMBER;
            sv = categorical ? survey_var_by_role(c->s, role) : NULL;
            if (!sv || !sv->col->n_values) {
                for (size_t m = 0; m < M->n; m++)
                    if (M->m[m].variable == vars[v] || !strcmp(M->m[m].variable, vars[v])) {
                        rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, M->m[m].line,
                                         "unknown raking variable \"%s\" (use age_group, "
                                         "gender, party_member, subdistrict or community, with "
                                         "value labels in the codebook)",
                                         vars[v]);
                        break;
                    }
                break;
            }
            levels = sv->col->n_values;
        }
        svar[v] = sv;
        ncat[v] = levels;
        cat[v] = malloc((c->n ? c->n : 1) * sizeof *cat[v]);
        share[v] = calloc(levels ? levels : 1, sizeof *share[v]);
        char *given = calloc(levels ? levels : 1, 1);
        if (!cat[v] || !share[v] || !given) {
            free(given);
            rc = survey_error_set(c->err, SURVEY_ERR_NOMEM, M->file, 0, "out of memory");
            break;
        }
        for (size_t m = 0; m < M->n && rc == 0; m++) {
            const struct an_margin *mg = &M->m[m];
            if (strcmp(mg->variable, vars[v]))
                continue;
            long k = -1;
            if (!sv) {
                for (size_t b = 0; b < c->nb; b++)
                    if (!strcmp(c->bands->band[b].label, mg->category))
                        k = (long)b;
            } else {
                for (size_t q = 0; q < levels; q++) {
                    char code[16];
                    snprintf(code, sizeof code, "%d", sv->col->values[q].code);
                    if (!strcmp(sv->col->values[q].text, mg->category) ||
                        !strcmp(code, mg->category))
                        k = (long)q;
                }
            }
            if (k < 0)
                rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, mg->line,
                                 "%s has no category \"%s\"%s", vars[v], mg->category,
                                 sv ? "" : " (age groups are named as --age-bands labels them)");
            else if (given[k])
                rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, mg->line,
                                 "%s category \"%s\" is given twice", vars[v], mg->category);
            else {
                given[k] = 1;
                share[v][k] = mg->share;
            }
        }
        for (size_t i = 0; i < c->n && rc == 0; i++) {
            int k = sv ? (sv->v[i] == SURVEY_MISSING ? -1 : value_index(sv->col, sv->v[i]))
                       : c->age[i];
            if (k >= 0 && !given[k]) {
                rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0,
                                 "the margins give no share for %s \"%s\", which respondents "
                                 "have",
                                 vars[v],
                                 sv ? sv->col->values[k].text : c->bands->band[k].label);
            }
            cat[v][i] = k;
        }
        free(given);
    }
    if (rc == 0) {
        /* Respondents with no category on a raking variable cannot be raked. */
        for (size_t v = 0; v < nv && rc == 0; v++)
            for (size_t i = 0; i < c->n && rc == 0; i++)
                if (cat[v][i] < 0)
                    rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0,
                                     "raking on %s needs every respondent in a category, but "
                                     "some have none (a missing value%s)",
                                     vars[v], strcmp(vars[v], "age_group") ? "" : " or an age in no band");
    }
    if (rc == 0) {
        struct stats_rake_info info;
        enum stats_rake_status st = stats_rake((const int *const *)cat, ncat,
                                               (const double *const *)share, nv, c->n, c->wbuf,
                                               &info);
        r->rake_iterations = info.iterations;
        if (st == STATS_RAKE_ERR_EMPTY)
            rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0,
                             "%s category \"%s\" has a share but no respondents",
                             vars[info.var],
                             svar[info.var] ? svar[info.var]->col->values[info.category].text
                                            : c->bands->band[info.category].label);
        else if (st != STATS_RAKE_OK)
            rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, M->file, 0, "raking failed: %s",
                             stats_rake_strerror(st));
    }
    for (size_t v = 0; v < nv; v++) {
        free(cat[v]);
        free(share[v]);
    }
    return rc;
}

/* ## Entry point */

struct an_results *stats_analyse(const struct survey *s, const struct survey_bands *bands,
                                 const struct an_margins *margins, struct survey_error *err)
{
    struct results_box *box = calloc(1, sizeof *box);
    if (!box) {
        survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
        return NULL;
    }
    struct an_results *r = &box->r;
    r->survey = s;
    r->bands = bands;
    struct ctx c = {.box = box, .s = s, .bands = bands, .n = s->n, .nb = bands->n, .err = err};
    size_t n1 = s->n ? s->n : 1;
    c.age = take(box, n1, sizeof *c.age);
    c.comm = take(box, n1, sizeof *c.comm);
    c.part = take(box, n1, sizeof *c.part);
    c.intensity = take(box, n1, sizeof *c.intensity);
    if (s->weight || margins)
        c.wbuf = take(box, n1, sizeof *c.wbuf);
    if (box->oom)
        goto oom;
    const struct survey_var *age = survey_var_by_role(s, ROLE_AGE);
    for (size_t i = 0; i < s->n; i++)
        c.age[i] = age ? survey_bands_find(bands, age->v[i]) : -1;
    c.community = survey_var_by_role(s, ROLE_COMMUNITY);
    if (c.community && !c.community->col->n_values)
        c.community = NULL;
    c.n_comm = c.community ? c.community->col->n_values : 0;
    for (size_t i = 0; i < s->n; i++)
        c.comm[i] = c.community && c.community->v[i] != SURVEY_MISSING
                        ? value_index(c.community->col, c.community->v[i])
                        : -1;
    /* Weights: the weight column (a missing weight counts as 0), then raking. */
    if (s->weight || margins) {
        for (size_t i = 0; i < s->n; i++)
            c.wbuf[i] = s->weight ? (isnan(s->weight[i]) ? 0 : s->weight[i]) : 1.0;
        r->weighting = s->weight ? AN_WEIGHT_COLUMN : AN_WEIGHT_NONE;
        if (margins) {
            if (rake(&c, margins) < 0) {
                stats_results_free(r);
                return NULL;
            }
            r->weighting = AN_WEIGHT_RAKING;
        }
        c.w = c.wbuf;
        r->effective_n = stats_kish_neff(c.w, s->n);
        r->design_effect = stats_design_effect(c.w, s->n);
    } else {
        r->effective_n = (double)s->n;
        r->design_effect = s->n ? 1.0 : NAN;
    }

    profile(&c);
    participation(&c);
    likert_items(&c, ROLE_SATISFACTION, &r->satisfaction);
    likert_items(&c, ROLE_TRUST, &r->trust);
    double *index[64];
    const char *names[64];
    size_t n_index = 0, n_sat = 0;
    likert_scales(&c, &r->satisfaction, index, &n_index);
    n_sat = n_index;
    for (size_t k = 0; k < r->satisfaction.n_scales && k < 64; k++)
        names[k] = r->satisfaction.scales[k].name;
    likert_scales(&c, &r->trust, index, &n_index);
    for (size_t k = 0; k < r->trust.n_scales && n_sat + k < 64; k++)
        names[n_sat + k] = r->trust.scales[k].name;
    if (!box->oom) {
        spearman(&c, index, names, n_index);
        logistic(&c, index, names, n_index);
    }
    if (box->oom)
        goto oom;
    return r;
oom:
    stats_results_free(r);
    survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
    return NULL;
}

/* ## Margins file */

/* One record of a margins file: "variable,category,share", the header
   skipped, blank records ignored. */
struct margins_ctx {
    struct an_margins *out;
    size_t cap;
    struct survey_error *err;
};

static char *trimmed(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static int margins_record(void *vc, size_t n, const char *const *field, const size_t *len,
                          long line)
{
    struct margins_ctx *c = vc;
    struct an_margins *out = c->out;
    int blank = 1;
    for (size_t i = 0; i < n && blank; i++)
        for (size_t k = 0; k < len[i] && blank; k++)
            blank = field[i][k] == ' ' || field[i][k] == '\t';
    if (blank)
        return 0;
    if (n != 3)
        return survey_error_set(c->err, SURVEY_ERR_MARGINS, out->file, line,
                                "expected three fields: variable,category,share");
    char *var = trimmed(field[0], len[0]), *cat = trimmed(field[1], len[1]);
    char *share_text = trimmed(field[2], len[2]);
    int rc = 0;
    if (!var || !cat || !share_text) {
        rc = survey_error_set(c->err, SURVEY_ERR_NOMEM, out->file, 0, "out of memory");
    } else if (line == 1 && !strcmp(var, "variable")) {
        free(var), free(cat), free(share_text);
        return 0; /* the header */
    }
    char *end = NULL;
    double share = 0;
    if (rc == 0) {
        errno = 0;
        share = strtod(share_text, &end);
        if (end == share_text || *end || errno || !(share >= 0 && share <= 1))
            rc = survey_error_set(c->err, SURVEY_ERR_MARGINS, out->file, line,
                                  "share \"%s\" is not a number between 0 and 1", share_text);
    }
    if (rc == 0 && out->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        struct an_margin *m = realloc(out->m, cap * sizeof *m);
        if (!m)
            rc = survey_error_set(c->err, SURVEY_ERR_NOMEM, out->file, 0, "out of memory");
        else {
            out->m = m;
            c->cap = cap;
        }
    }
    free(share_text);
    if (rc < 0) {
        free(var);
        free(cat);
        return rc;
    }
    out->m[out->n++] = (struct an_margin){var, cat, share, line};
    return 0;
}

int stats_margins_load(const char *path, struct an_margins *out, struct survey_error *err)
{
    memset(out, 0, sizeof *out);
    out->file = strdup(path);
    if (!out->file)
        return survey_error_set(err, SURVEY_ERR_NOMEM, path, 0, "out of memory");
    struct margins_ctx c = {out, 0, err};
    /* The loader's reader: a BOM, GB18030 as Excel saves it on Chinese
       Windows, quoted categories and CRLF are all read as in the data. */
    int rc = survey_csv_read(path, SURVEY_ENC_AUTO, margins_record, &c, err);
    if (rc < 0 && err && err->code != SURVEY_ERR_MARGINS && err->code != SURVEY_ERR_NOMEM &&
        err->code != SURVEY_ERR_IO)
        err->code = SURVEY_ERR_MARGINS;
    if (rc == 0 && out->n == 0)
        rc = survey_error_set(err, SURVEY_ERR_MARGINS, path, 0, "no margins in the file");
    /* Each variable's shares must sum to 1. */
    for (size_t i = 0; i < out->n && rc == 0; i++) {
        double sum = 0;
        int first = 1;
        for (size_t j = 0; j < out->n; j++)
            if (!strcmp(out->m[j].variable, out->m[i].variable)) {
                sum += out->m[j].share;
                first = first && j >= i;
            }
        if (first && fabs(sum - 1) > 1e-6)
            rc = survey_error_set(err, SURVEY_ERR_MARGINS, path, out->m[i].line,
                                  "the shares of %s sum to %.6g, not 1", out->m[i].variable, sum);
    }
    if (rc < 0)
        stats_margins_free(out);
    return rc;
}

void stats_margins_free(struct an_margins *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->m[i].variable);
        free(m->m[i].category);
    }
    free(m->m);
    free(m->file);
    memset(m, 0, sizeof *m);
}
