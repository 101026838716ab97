/* cautions.c — what a reader must be told beside a figure, lest it be read
 * as firmer than it is: a chi-square with cells of expected count below 5
 * (the participation × age group test and every question's crosstab), an
 * alpha below 0, a scale with an item that does not vary, and a finding that
 * rests on a group of fewer than AN_SMALL_GROUP respondents.  Chosen here,
 * from the results and the findings; report/ says each in words where its
 * figure is shown.
 */
#include "analysis/analysis.h"
#include "analysis/analysis_internal.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>

/* Records cautions into R (when R->cautions is set) or only counts them. */
struct sink {
    struct an_results *r;
    size_t n;
};

static void put(struct sink *s, enum an_caution_kind kind, int a, int b, int c, double n)
{
    if (s->r->cautions)
        s->r->cautions[s->n] = (struct an_caution){kind, a, b, c, n};
    s->n++;
}

/* A test with cells of expected count below 5 (a test that was computed). */
static int expected_below_5(const struct stats_chisq *t)
{
    return t->small_expected > 0 && !isnan(t->statistic);
}

static int small(double n)
{
    return n > 0 && n < AN_SMALL_GROUP;
}

static void scales(struct sink *s, const struct an_likert *L, int section)
{
    for (size_t k = 0; k < L->n_scales; k++) {
        const struct an_scale *S = &L->scales[k];
        if (S->alpha < 0)
            put(s, AN_CAUTION_NEGATIVE_ALPHA, section, (int)k, 0, NAN);
        for (size_t q = 0; S->item_var && q < S->k; q++)
            if (S->item_var[q] == 0)
                put(s, AN_CAUTION_ZERO_VARIANCE, section, (int)k, (int)q, S->n);
    }
}

/* The small groups behind finding I of R. */
static void small_groups(struct sink *s, const struct an_results *r, size_t i)
{
    const struct an_finding *f = &r->findings[i];
    switch (f->kind) {
    case AN_FINDING_AGE_GROUPS: {
        int g[2] = {f->a, f->b};
        for (int q = 0; q < 2; q++)
            if (small(r->part_by_age[g[q]].n))
                put(s, AN_CAUTION_SMALL_GROUP, (int)i, AN_GROUP_AGE, g[q], r->part_by_age[g[q]].n);
        break;
    }
    case AN_FINDING_BARRIERS:
        for (size_t g = 0; g < r->n_bands; g++)
            if (r->main_barrier[g] >= 0 && small(r->barriers.by_age_n[g]))
                put(s, AN_CAUTION_SMALL_GROUP, (int)i, AN_GROUP_AGE, (int)g,
                    r->barriers.by_age_n[g]);
        break;
    case AN_FINDING_COMMUNITIES: {
        const struct an_scale *S = &r->satisfaction.scales[f->a];
        for (size_t q = 0; q < r->n_community; q++)
            if (small(S->by_community[q].n))
                put(s, AN_CAUTION_SMALL_GROUP, (int)i, AN_GROUP_COMMUNITY, (int)q,
                    S->by_community[q].n);
        break;
    }
    default: break;
    }
}

static void collect(struct sink *s)
{
    const struct an_results *r = s->r;
    if (r->has_participation && expected_below_5(&r->chisq))
        put(s, AN_CAUTION_EXPECTED, -1, 0, 0, NAN);
    for (size_t k = 0; k < r->n_part_by; k++)
        if (expected_below_5(&r->part_by[k].chisq))
            put(s, AN_CAUTION_EXPECTED, -1, (int)k + 1, 0, NAN);
    for (size_t q = 0; q < r->n_questions; q++)
        for (size_t b = 0; b < r->questions[q].n_by; b++)
            if (r->questions[q].type == AN_Q_SINGLE && expected_below_5(&r->questions[q].by[b].chisq))
                put(s, AN_CAUTION_EXPECTED, (int)q, (int)b, 0, NAN);
    scales(s, &r->satisfaction, 0);
    scales(s, &r->trust, 1);
    scales(s, &r->likert, 2);
    for (size_t i = 0; i < r->n_findings; i++)
        small_groups(s, r, i);
}

void an_cautions(struct ctx *c)
{
    struct an_results *r = &c->box->r;
    struct sink s = {r, 0};
    collect(&s);
    if (!s.n)
        return;
    r->cautions = an_take(c->box, s.n, sizeof *r->cautions);
    if (!r->cautions)
        return;
    s.n = 0;
    collect(&s);
    r->n_cautions = s.n;
}

const struct an_caution *an_caution_next(const struct an_results *r, enum an_caution_kind kind,
                                         int a, int b, size_t *from)
{
    for (size_t i = from ? *from : 0; i < r->n_cautions; i++) {
        const struct an_caution *x = &r->cautions[i];
        if (x->kind == kind && (a == AN_ANY || x->a == a) && (b == AN_ANY || x->b == b)) {
            if (from)
                *from = i + 1;
            return x;
        }
    }
    return NULL;
}
