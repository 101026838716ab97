/* association.c — Spearman's rho of each index with participation intensity
 * and the logistic model of taking part, fitted on predictor patterns counted
 * in the tables (or pooled from the respondents when there are too many). */
#include "analysis/analysis.h"
#include "analysis/analysis_internal.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ## Association */

void an_spearman(struct ctx *c, const struct tally *t)
{
    struct an_results *r = &c->box->r;
    if (!c->n_sd)
        return;
    r->spearman = an_take(c->box, c->n_sd, sizeof *r->spearman);
    if (!r->spearman)
        return;
    size_t ny = c->n_act + 1;
    for (size_t sc = 0; sc < c->n_sd; sc++) {
        const struct scale_def *sd = &c->sd[sc];
        double *count = malloc(sd->ncode * ny * sizeof *count);
        if (!count) {
            c->box->oom = 1;
            return;
        }
        for (size_t k = 0; k < sd->ncode * ny; k++)
            count[k] = an_cell_n(t, sd->spear + k);
        struct stats_spearman sp;
        struct an_spearman *o = &r->spearman[r->n_spearman++];
        o->scale = sd->S->name;
        o->label_zh = sd->S->label_zh;
        o->label_en = sd->S->label_en;
        o->rho = o->p_value = NAN;
        int rc = stats_spearman_table(count, sd->ncode, ny, &sp);
        free(count);
        o->n = sp.n;
        if (rc == 0) {
            o->rho = sp.rho;
            o->p_value = sp.p_value;
        } else if (rc == -2) {
            c->box->oom = 1;
        }
    }
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

/* The logistic model's predictors. */
struct design {
    const struct ctx *c;
    const struct factor *f;
    size_t ref, nbands;
    const int *age_present;
    const uint32_t *resp; /* complete case -> respondent (when not direct) */
    uint16_t *code;       /* scratch: n_sd index codes */
};

/* The predictors of a respondent in age group AGE with gender and party codes
   GX and PX and index codes CODE into X. */
static void fill_row(const struct design *d, size_t age, int gx, int px, const uint16_t *code,
                     double *x)
{
    size_t col = 0;
    x[col++] = 1;
    for (size_t b = d->ref + 1; b < d->nbands; b++)
        if (d->age_present[b])
            x[col++] = age == b;
    int fx[2] = {gx, px};
    for (int q = 0; q < 2; q++)
        for (size_t k = 0; k < d->f[q].n_codes; k++)
            x[col++] = fx[q] == d->f[q].codes[k];
    for (size_t sc = 0; sc < d->c->n_sd; sc++)
        x[col++] = d->c->sd[sc].val[code[sc]];
}

/* Respondent I's index code on scale SD, or CODE_NONE. */
static uint16_t scale_code(const struct scale_def *sd, size_t i)
{
    uint32_t g = 0;
    for (size_t q = 0; q < sd->k; q++) {
        int x = sd->var[q]->v[i];
        if (x == SURVEY_MISSING)
            return CODE_NONE;
        g += (uint32_t)(x - sd->var[q]->col->min) * sd->mult[q];
    }
    return (uint16_t)g;
}

/* Respondent I's participation intensity, or n_act + 1 when unknown. */
static size_t intensity_of(const struct ctx *c, size_t i)
{
    size_t yes = 0;
    int known = 0;
    for (size_t a = 0; a < c->n_act; a++) {
        known |= c->act[a]->v[i] != SURVEY_MISSING;
        yes += c->act[a]->v[i] == 1;
    }
    return known ? yes : c->n_act + 1;
}

static const double *design_row(void *vd, size_t obs, double *x)
{
    const struct design *d = vd;
    const struct ctx *c = d->c;
    size_t i = d->resp[obs];
    for (size_t sc = 0; sc < c->n_sd; sc++)
        d->code[sc] = scale_code(&c->sd[sc], i);
    fill_row(d, an_age_of(c, i), c->gender ? c->gender->v[i] : 0, c->party ? c->party->v[i] : 0,
             d->code, x);
    return x;
}

/* Key K's age group, gender and party codes and index codes. */
static size_t key_decode(const struct ctx *c, size_t k, int *gx, int *px, uint16_t *code)
{
    for (size_t sc = c->n_sd; sc-- > 0;) {
        code[sc] = (uint16_t)(k % c->sd[sc].ncode);
        k /= c->sd[sc].ncode;
    }
    *px = *gx = 0;
    if (c->party) {
        *px = c->plo + (int)(k % c->np);
        k /= c->np;
    }
    if (c->gender) {
        *gx = c->glo + (int)(k % c->ng);
        k /= c->ng;
    }
    return k;
}

/* Complete cases: participation known, an age group, gender, party, every
   index.  With direct keys the tally holds them by pattern; otherwise they
   are found here and listed in *RESP with the outcome in *Y. */
static size_t complete_cases(struct ctx *c, const struct tally *t, size_t nbands,
                             int *age_present, struct factor *f, uint32_t **resp, double **y)
{
    size_t n = 0;
    int seen[2][65];
    size_t ns[2] = {0, 0};
    if (c->direct) {
        uint16_t *code = malloc((c->n_sd ? c->n_sd : 1) * sizeof *code);
        uint8_t *gseen = calloc(c->ng + c->np + 1, 1), *pseen = gseen + c->ng;
        if (!code || !gseen) {
            free(code), free(gseen);
            c->box->oom = 1;
            return 0;
        }
        for (size_t k = 0; k < c->keys; k++) {
            if (!t->trials[k])
                continue;
            int gx, px;
            size_t age = key_decode(c, k, &gx, &px, code);
            n += t->trials[k];
            age_present[age] = 1;
            gseen[gx - c->glo] = 1;
            pseen[px - c->plo] = 1;
        }
        for (size_t g = 0; g < c->ng && ns[0] < 65; g++)
            if (gseen[g])
                seen[0][ns[0]++] = c->glo + (int)g;
        for (size_t g = 0; g < c->np && ns[1] < 65; g++)
            if (pseen[g])
                seen[1][ns[1]++] = c->plo + (int)g;
        free(code), free(gseen);
    } else {
        char *ok = calloc(c->n ? c->n : 1, 1);
        if (!ok) {
            c->box->oom = 1;
            return 0;
        }
        for (size_t i = 0; i < c->n; i++) {
            size_t age = an_age_of(c, i);
            int good = age < nbands && intensity_of(c, i) <= c->n_act;
            good = good && (!c->gender || c->gender->v[i] != SURVEY_MISSING);
            good = good && (!c->party || c->party->v[i] != SURVEY_MISSING);
            for (size_t sc = 0; sc < c->n_sd && good; sc++)
                good = scale_code(&c->sd[sc], i) != CODE_NONE;
            ok[i] = (char)good;
            if (good) {
                n++;
                age_present[age] = 1;
            }
        }
        for (int q = 0; q < 2; q++)
            for (size_t i = 0; i < c->n && f[q].v && ns[q] < 65; i++) {
                if (!ok[i])
                    continue;
                size_t k = 0;
                while (k < ns[q] && seen[q][k] != f[q].v->v[i])
                    k++;
                if (k == ns[q])
                    seen[q][ns[q]++] = f[q].v->v[i];
            }
        *y = malloc((n ? n : 1) * sizeof **y);
        *resp = malloc((n ? n : 1) * sizeof **resp);
        if (!*y || !*resp) {
            free(ok);
            c->box->oom = 1;
            return 0;
        }
        size_t row = 0;
        for (size_t i = 0; i < c->n; i++)
            if (ok[i]) {
                (*resp)[row] = (uint32_t)i;
                (*y)[row++] = intensity_of(c, i) > 0;
            }
        free(ok);
    }
    /* Each factor's codes present among complete cases, ascending: the
       lowest is the reference, the others get a dummy column each. */
    for (int q = 0; q < 2; q++) {
        if (!f[q].v)
            continue;
        qsort(seen[q], ns[q], sizeof *seen[q], cmp_int);
        for (size_t k = 1; k < ns[q]; k++)
            f[q].codes[f[q].n_codes++] = seen[q][k];
    }
    return n;
}

/* The predictor patterns of the direct tally as grouped binomial data. */
static struct stats_logit *fit_patterns(struct ctx *c, const struct tally *t,
                                        const struct design *d, size_t p)
{
    size_t npat = 0;
    for (size_t k = 0; k < c->keys; k++)
        npat += t->trials[k] > 0;
    double *x = malloc((npat ? npat : 1) * p * sizeof *x);
    double *succ = malloc((npat ? npat : 1) * sizeof *succ);
    double *trials = malloc((npat ? npat : 1) * sizeof *trials);
    struct stats_logit *fit = NULL;
    if (x && succ && trials) {
        size_t row = 0;
        for (size_t k = 0; k < c->keys; k++) {
            if (!t->trials[k])
                continue;
            int gx, px;
            size_t age = key_decode(c, k, &gx, &px, d->code);
            fill_row(d, age, gx, px, d->code, x + row * p);
            succ[row] = t->succ[k];
            trials[row++] = t->trials[k];
        }
        fit = stats_logit_fit_grouped(x, succ, trials, npat, p);
    }
    free(x), free(succ), free(trials);
    return fit;
}

void an_logistic(struct ctx *c, const struct tally *t)
{
    struct an_results *r = &c->box->r;
    if (!r->has_participation)
        return;
    int age_present[256] = {0};
    size_t nbands = c->nb < 256 ? c->nb : 256;
    struct factor f[2] = {{.v = c->gender}, {.v = c->party}};
    uint32_t *resp = NULL;
    double *Y = NULL;
    uint16_t *code = malloc((c->n_sd ? c->n_sd : 1) * sizeof *code);
    size_t n = code ? complete_cases(c, t, nbands, age_present, f, &resp, &Y) : 0;
    size_t ref = 0;
    while (ref < nbands && !age_present[ref])
        ref++;
    size_t p = 1;
    for (size_t b = ref + 1; b < nbands; b++)
        p += age_present[b];
    p += f[0].n_codes + f[1].n_codes + c->n_sd;
    r->logit_n = (double)n;
    r->logit_fitted = 1;
    r->terms = an_take(c->box, p, sizeof *r->terms);
    if (!code || !r->terms || c->box->oom) {
        free(Y), free(resp), free(code);
        c->box->oom = 1;
        return;
    }
    /* Term names. */
    size_t k = 0;
    r->terms[k].term_en = r->terms[k].term_zh = "(intercept)";
    r->terms[k++].term = "(intercept)";
    for (size_t b = ref + 1; b < nbands; b++)
        if (age_present[b]) {
            size_t len = strlen(c->bands->band[b].label) + 16;
            char *name = an_take(c->box, len, 1);
            if (name)
                snprintf(name, len, "age_group=%s", c->bands->band[b].label);
            char *zh = an_take(c->box, len, 1);
            if (zh)
                snprintf(zh, len, "年龄组=%s", c->bands->band[b].label);
            r->terms[k].term_en = name;
            r->terms[k].term_zh = zh;
            r->terms[k++].term = name;
        }
    for (int q = 0; q < 2; q++)
        for (size_t j = 0; j < f[q].n_codes; j++) {
            const char *lab = survey_cbcol_label(f[q].v->col, f[q].codes[j]);
            size_t len = (lab ? strlen(lab) : 12) + 20;
            char *name = an_take(c->box, len, 1);
            if (name && lab)
                snprintf(name, len, "%s=%s", q ? "party_member" : "gender", lab);
            else if (name)
                snprintf(name, len, "%s=%d", q ? "party_member" : "gender", f[q].codes[j]);
            const char *en = survey_cbcol_label_en(f[q].v->col, f[q].codes[j]);
            size_t elen = (en ? strlen(en) : 12) + 20;
            char *name_en = en && lab && strcmp(en, lab) ? an_take(c->box, elen, 1) : name;
            if (name_en && name_en != name)
                snprintf(name_en, elen, "%s=%s", q ? "party_member" : "gender", en);
            char *zh = an_take(c->box, len + 8, 1);
            if (zh && lab)
                snprintf(zh, len + 8, "%s=%s", q ? "党员" : "性别", lab);
            else if (zh)
                snprintf(zh, len + 8, "%s=%d", q ? "党员" : "性别", f[q].codes[j]);
            r->terms[k].term_en = name_en;
            r->terms[k].term_zh = zh;
            r->terms[k++].term = name;
        }
    for (size_t sc = 0; sc < c->n_sd; sc++) {
        r->terms[k].term_en = (char *)c->sd[sc].S->label_en;
        r->terms[k].term_zh = (char *)c->sd[sc].S->label_zh;
        r->terms[k++].term = (char *)c->sd[sc].S->name;
    }
    r->n_terms = p;
    struct design dz = {c, f, ref, nbands, age_present, resp, code};
    struct stats_logit *fit = c->direct ? fit_patterns(c, t, &dz, p)
                                        : stats_logit_fit_rows(design_row, &dz, Y, n, p);
    if (!fit) {
        c->box->oom = 1;
    } else {
        r->logit_converged = fit->converged;
        for (size_t j = 0; j < p; j++) {
            struct an_term *T = &r->terms[j];
            T->coef = fit->coef[j];
            T->se = fit->se[j];
            T->z = fit->z[j];
            T->p_value = fit->p_value[j];
            T->odds_ratio = fit->odds_ratio[j];
            T->or_ci_low = fit->or_ci_low[j];
            T->or_ci_high = fit->or_ci_high[j];
        }
        stats_logit_free(fit);
    }
    free(Y), free(resp), free(code);
}
