/* findings.c — which figures a report states as its findings: the age groups
 * that take part most and least and whether they differ, the most common
 * activity, the main barrier of each age group, the lowest and highest rated
 * services, differences between communities, trust scales side by side and
 * the predictor of taking part with the largest significant effect.  Every judgement of significance
 * uses AN_ALPHA; a finding is left out when its figures are undefined.
 */
#include "analysis/analysis.h"
#include "analysis/analysis_internal.h"

#include <math.h>
#include <stddef.h>

/* R has room for every finding (see an_findings). */
static void add(struct an_results *r, enum an_finding_kind kind, int a, int b, int significant)
{
    r->findings[r->n_findings++] = (struct an_finding){kind, a, b, 0, 0, significant};
}

/* The highest and lowest of N values (NaN skipped) into *HI and *LO (-1 when
   none); ties keep the first. */
static void extremes(const double *v, size_t stride, size_t n, int *hi, int *lo)
{
    *hi = *lo = -1;
    for (size_t k = 0; k < n; k++) {
        double x = *(const double *)((const char *)v + k * stride);
        if (isnan(x))
            continue;
        if (*hi < 0 || x > *(const double *)((const char *)v + (size_t)*hi * stride))
            *hi = (int)k;
        if (*lo < 0 || x < *(const double *)((const char *)v + (size_t)*lo * stride))
            *lo = (int)k;
    }
}

static void participation(struct an_results *r)
{
    if (!(r->has_participation && r->overall.n > 0)) {
        add(r, AN_FINDING_NO_PARTICIPATION, r->has_participation, 0, 0);
        return;
    }
    add(r, AN_FINDING_PARTICIPATION, 0, 0, 0);
    int hi = -1, lo = -1;
    for (size_t g = 0; g < r->n_bands; g++) {
        const struct an_rate *x = &r->part_by_age[g];
        if (!(x->n > 0) || isnan(x->rate))
            continue;
        if (hi < 0 || x->rate > r->part_by_age[hi].rate)
            hi = (int)g;
        if (lo < 0 || x->rate < r->part_by_age[lo].rate)
            lo = (int)g;
    }
    if (hi >= 0 && lo >= 0 && hi != lo && !isnan(r->chisq.p_value))
        add(r, AN_FINDING_AGE_GROUPS, hi, lo, r->chisq.p_value < AN_ALPHA);
    int top = -1, low;
    if (r->n_activities)
        extremes(&r->activities[0].all.rate, sizeof r->activities[0], r->n_activities, &top,
                 &low);
    if (top >= 0)
        add(r, AN_FINDING_TOP_ACTIVITY, top, 0, 0);
}

static void barriers(struct ctx *c, struct an_results *r)
{
    if (!(r->has_barriers && r->barriers.n > 0))
        return;
    r->main_barrier = an_take(c->box, r->n_bands ? r->n_bands : 1, sizeof *r->main_barrier);
    if (!r->main_barrier)
        return;
    int any = 0;
    for (size_t g = 0; g < r->n_bands; g++) {
        const struct an_share *row = r->barriers.by_age + g * r->barriers.n_cat;
        int best = -1;
        for (size_t k = 0; k < r->barriers.n_cat; k++)
            if (row[k].n > 0 && (best < 0 || row[k].share > row[best].share))
                best = (int)k;
        r->main_barrier[g] = best;
        any |= best >= 0;
    }
    if (any)
        add(r, AN_FINDING_BARRIERS, 0, 0, 0);
}

static void satisfaction(struct an_results *r)
{
    const struct an_likert *S = &r->satisfaction;
    if (S->n_items >= 2) {
        /* Items ranked by their mean answer: a reverse-worded item's answers
           run the other way (agreeing is being dissatisfied), so it is not
           ranked with the others. */
        int hi = -1, lo = -1;
        for (size_t k = 0; k < S->n_items; k++) {
            double x = S->items[k].stat.mean;
            if (S->items[k].reverse || isnan(x))
                continue;
            if (hi < 0 || x > S->items[hi].stat.mean)
                hi = (int)k;
            if (lo < 0 || x < S->items[lo].stat.mean)
                lo = (int)k;
        }
        if (hi >= 0 && lo >= 0 && hi != lo)
            add(r, AN_FINDING_SATISFACTION, lo, hi, 0);
    }
    for (size_t k = 0; k < S->n_scales; k++) {
        double p = S->scales[k].test_community.p_value;
        if (!isnan(p))
            add(r, AN_FINDING_COMMUNITIES, (int)k, 0, p < AN_ALPHA);
    }
}

static void trust(struct an_results *r)
{
    const struct an_likert *T = &r->trust;
    if (T->n_scales < 2)
        return;
    int hi, lo;
    extremes(&T->scales[0].index.mean, sizeof T->scales[0], T->n_scales, &hi, &lo);
    if (hi >= 0 && lo >= 0 && hi != lo)
        add(r, AN_FINDING_TRUST, lo, hi, 0);
}

/* Each section's factor analysis: whether its items suit one, and the items
   that load most on another scale's factor than on their own scale's. */
static void validity(struct an_results *r)
{
    const struct an_likert *sections[] = {&r->satisfaction, &r->trust};
    for (int q = 0; q < 2; q++) {
        const struct an_likert *Lk = sections[q];
        const struct an_validity *V = Lk->validity;
        if (!V || V->status != AN_VALIDITY_OK)
            continue;
        add(r, AN_FINDING_VALIDITY, q, 0, V->kmo >= 0.5 && V->bartlett.p_value < AN_ALPHA);
        if (V->factors < 2 || !V->scale_factor)
            continue;
        for (size_t s = 0; s < Lk->n_scales; s++) {
            const struct an_scale *own = &Lk->scales[s];
            size_t f = V->scale_factor[s];
            for (size_t k = 0; k < own->k; k++) {
                size_t i = own->item_index[k], g = V->main_factor[i], o;
                if (g == f)
                    continue;
                for (o = 0; o < Lk->n_scales && (o == s || V->scale_factor[o] != g); o++)
                    ;
                if (o == Lk->n_scales)
                    continue; /* its factor is no other scale's */
                r->findings[r->n_findings++] =
                    (struct an_finding){AN_FINDING_CROSS_LOADING, q, (int)i, (int)s, (int)o, 0};
            }
        }
    }
}

/* The predictor of the largest effect (see analysis.h): |log OR| = |coef|,
   not the largest |z|, which grows with the sample and names the most
   certain effect rather than the largest. */
int an_predictor_choice(const struct an_term *terms, size_t n)
{
    int best = -1;
    for (size_t k = 1; k < n; k++) {
        const struct an_term *t = &terms[k];
        if (!(t->p_value < AN_ALPHA) || isnan(t->coef))
            continue;
        if (best < 0 || fabs(t->coef) > fabs(terms[best].coef))
            best = (int)k;
    }
    return best;
}

static void model(struct an_results *r)
{
    if (!r->logit_fitted)
        return;
    if (!r->logit_converged) {
        add(r, AN_FINDING_MODEL_FAILED, r->logit_n <= (double)r->n_terms, 0, 0);
        return;
    }
    int best = an_predictor_choice(r->terms, r->n_terms);
    add(r, AN_FINDING_PREDICTOR, best, 0, best >= 0);
}

void an_findings(struct ctx *c)
{
    struct an_results *r = &c->box->r;
    /* Room: one per kind, one per satisfaction scale, two per section and
       one per Likert item for the cross-loadings. */
    size_t room = 12 + r->satisfaction.n_scales + r->satisfaction.n_items + r->trust.n_items;
    r->findings = an_take(c->box, room, sizeof *r->findings);
    if (!r->findings)
        return;
    participation(r);
    barriers(c, r);
    satisfaction(r);
    trust(r);
    validity(r);
    model(r);
    an_cautions(c);
}
