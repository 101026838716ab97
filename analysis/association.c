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

/* ## What the section counts */

/* The handles of the section's tables (an_declare). */
struct an_assoc_tables {
    int *spear; /* per scale: index code × intensity, counts only */
};

/* Whether the logistic model's predictor patterns are counted directly, by
   key: age group, then gender and party (as code - lowest code present),
   then every index code. */
static void pattern_keys(struct ctx *c)
{
    const struct survey_var *f[2] = {c->gender, c->party};
    int lo[2] = {0, 0};
    size_t range[2] = {1, 1};
    for (int q = 0; q < 2; q++) {
        if (!f[q])
            continue;
        int l = INT16_MAX, h = INT16_MIN;
        for (size_t i = 0; i < c->n; i++) {
            int x = f[q]->v[i];
            if (x != SURVEY_MISSING) {
                l = x < l ? x : l;
                h = x > h ? x : h;
            }
        }
        if (l <= h)
            lo[q] = l, range[q] = (size_t)(h - l + 1);
    }
    c->glo = lo[0], c->ng = range[0], c->plo = lo[1], c->np = range[1];
    size_t keys = c->nb * c->ng * c->np;
    for (size_t sc = 0; sc < c->n_sd && keys <= KEYS_DIRECT; sc++)
        keys *= c->sd[sc].ncode;
    c->direct = c->n_act > 0 && c->nb > 0 && c->nb <= 256 && keys <= KEYS_DIRECT;
    c->keys = c->direct ? keys : 0;
}

int an_association_declare(struct ctx *c)
{
    pattern_keys(c);
    struct an_assoc_tables *A = c->assoc = an_take(c->box, 1, sizeof *c->assoc);
    if (!A || !(A->spear = an_take(c->box, c->n_sd ? c->n_sd : 1, sizeof *A->spear)))
        return -1;
    for (size_t sc = 0; sc < c->n_sd; sc++)
        if ((A->spear[sc] = an_declare(
                 c, (struct an_dim){.kind = AN_DIM_CODE, .index = sc},
                 (struct an_dim){.kind = AN_DIM_INTENSITY, .size = c->n_act + 1}, 1,
                 "respondents by index code and known intensity (counts only)")) < 0)
            return -1;
    return 0;
}

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
            count[k] = an_cell_n(t, an_cell(c, c->assoc->spear[sc], 0, 0) + k);
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

/* ## The logistic model
 *
 * The predictors are those of --model, or by default age group, gender,
 * party member and every scale index, as many of them as the codebook has.
 * The complete cases are the respondents whose outcome is known and who
 * answered every predictor.  A predictor that no such respondent answered,
 * or that takes a single value among the complete cases, cannot be
 * estimated: it is left out, with a note in the results, and the complete
 * cases are found again without it.  The observations are pooled by
 * predictor pattern as grouped binomial data when the patterns are few —
 * counted in the main pass (count.c) for the default model of a survey with
 * ages, else in a pass here — and read respondent by respondent otherwise. */

/* ## The logistic model: reading the respondents */

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

#define LEVEL_NONE UINT16_MAX

struct pred {
    enum an_pred_kind kind;
    const struct survey_var *v; /* FACTOR, NUMERIC */
    const struct scale_def *sd; /* SCALE */
    const char *name;           /* "age_group", a role name, a column, a scale */
    const char *zh, *en;        /* the variable in words (zh also starts its terms) */
    const char *en_prefix;      /* what starts its English terms */
    int dropped;                /* 1 + enum an_drop_reason; 0 while in the model */
    long answered;              /* respondents with a known outcome who answered */
    /* AGE (bands 0..nb-1) and FACTOR (codes LO..LO+RANGE-1): which values the
       complete cases have, and each one's level (0 = the reference). */
    int lo;
    size_t range;
    uint8_t *seen;
    uint16_t *level;
    int *codes;                 /* the levels' values, ascending */
    size_t n_levels;
    double min, max;            /* NUMERIC, SCALE: among the complete cases */
    double *distinct;           /* NUMERIC: the values of the complete cases, ascending */
    size_t n_distinct;
    size_t ncode;               /* radix of the pattern key */
};

struct model {
    struct ctx *c;
    struct pred *p;
    size_t np;
    char *ok;             /* [n respondents] a complete case */
    size_t n;             /* complete cases */
    size_t cols;          /* design columns, the intercept's included */
    const uint32_t *resp; /* row fit: complete case -> respondent */
    uint16_t *lev;        /* scratch: np levels */
    double *num;          /* scratch: np values */
};

/* Respondent I's value of P as a position — the band, the code less LO, the
   index code, 0 for an answered numeric question — or -1 when missing. */
static long raw_of(const struct ctx *c, const struct pred *p, size_t i)
{
    switch (p->kind) {
    case AN_PRED_AGE: {
        size_t a = an_age_of(c, i);
        return a < c->nb ? (long)a : -1;
    }
    case AN_PRED_FACTOR: {
        int x = p->v->v[i];
        return x == SURVEY_MISSING ? -1 : (long)(x - p->lo);
    }
    case AN_PRED_SCALE: {
        uint16_t g = scale_code(p->sd, i);
        return g == CODE_NONE ? -1 : (long)g;
    }
    case AN_PRED_NUMERIC:
        return p->v->v[i] == SURVEY_MISSING || isnan(p->v->d[i]) ? -1 : 0;
    }
    return -1;
}

/* Note what the complete cases show of P: respondent I, at position RAW. */
static void pred_see(struct pred *p, size_t i, long raw)
{
    double x;
    switch (p->kind) {
    case AN_PRED_AGE:
    case AN_PRED_FACTOR: p->seen[raw] = 1; return;
    case AN_PRED_SCALE: x = p->sd->val[raw]; break;
    default: x = p->v->d[i]; break;
    }
    if (isnan(p->min) || x < p->min)
        p->min = x;
    if (isnan(p->max) || x > p->max)
        p->max = x;
}

static void pred_unsee(struct pred *p)
{
    if (p->seen)
        memset(p->seen, 0, p->range);
    p->min = p->max = NAN;
}

/* Whether P varies among the complete cases; if not, it is dropped. */
static int pred_check(struct pred *p)
{
    if (p->kind == AN_PRED_AGE || p->kind == AN_PRED_FACTOR) {
        size_t n = 0;
        for (size_t k = 0; k < p->range && n < 2; k++)
            n += p->seen[k];
        if (n < 2)
            p->dropped = 1 + AN_DROP_ONE_LEVEL;
    } else if (!(p->min < p->max)) {
        p->dropped = 1 + AN_DROP_CONSTANT;
    }
    return !p->dropped;
}

/* The complete cases into M->ok and M->n, dropping what cannot be
   estimated.  0, or -1 when out of memory. */
static int find_cases(struct model *m)
{
    struct ctx *c = m->c;
    long *raw = malloc((m->np ? m->np : 1) * sizeof *raw);
    if (!raw)
        return -1;
    /* The first pass also counts who answered each predictor: one nobody
       answered is dropped, and the cases found again. */
    long known = 0;
    for (int first = 1;; first = 0) {
        for (size_t q = 0; q < m->np; q++)
            pred_unsee(&m->p[q]);
        m->n = 0;
        for (size_t i = 0; i < c->n; i++) {
            int good = intensity_of(c, i) <= c->n_act;
            if (first && good) {
                known++;
                for (size_t q = 0; q < m->np; q++)
                    m->p[q].answered += (raw[q] = raw_of(c, &m->p[q], i)) >= 0;
                for (size_t q = 0; q < m->np && good; q++)
                    good = raw[q] >= 0;
            } else {
                for (size_t q = 0; q < m->np && good; q++)
                    if (!m->p[q].dropped)
                        good = (raw[q] = raw_of(c, &m->p[q], i)) >= 0;
            }
            m->ok[i] = (char)good;
            if (!good)
                continue;
            m->n++;
            for (size_t q = 0; q < m->np; q++)
                if (!m->p[q].dropped)
                    pred_see(&m->p[q], i, raw[q]);
        }
        /* Without a known outcome there is no model at all, rather than no
           estimable predictor. */
        int dropped = 0;
        for (size_t q = 0; q < m->np && first && known; q++)
            if (!m->p[q].answered) {
                m->p[q].dropped = 1 + AN_DROP_NO_ANSWERS;
                dropped = 1;
            }
        for (size_t q = 0; q < m->np && m->n && !dropped; q++)
            if (!m->p[q].dropped)
                dropped |= !pred_check(&m->p[q]);
        if (!dropped)
            break;
    }
    free(raw);
    return 0;
}

/* The complete cases of the default model as the main pass counted them by
   pattern (age group, gender, party, every index code): 1 when they are the
   model's — some exist and no predictor must be dropped — else 0. */
static int cases_from_tally(struct model *m, const struct tally *t)
{
    struct ctx *c = m->c;
    uint16_t *code = malloc((c->n_sd ? c->n_sd : 1) * sizeof *code);
    if (!code)
        return 0;
    for (size_t q = 0; q < m->np; q++)
        pred_unsee(&m->p[q]);
    m->n = 0;
    for (size_t k = 0; k < c->keys; k++) {
        if (!t->trials[k])
            continue;
        int gx, px;
        size_t age = key_decode(c, k, &gx, &px, code);
        m->n += t->trials[k];
        for (size_t q = 0; q < m->np; q++) {
            struct pred *p = &m->p[q];
            long raw = p->kind == AN_PRED_AGE     ? (long)age
                       : p->kind == AN_PRED_SCALE ? (long)code[p->sd - c->sd]
                       : p->v == c->gender     ? gx - p->lo
                                               : px - p->lo;
            pred_see(p, 0, raw);
        }
    }
    free(code);
    int usable = m->n > 0;
    for (size_t q = 0; q < m->np && usable; q++)
        usable = pred_check(&m->p[q]);
    for (size_t q = 0; q < m->np; q++)
        m->p[q].dropped = 0; /* the generic path decides again */
    return usable;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Levels, distinct values and design columns of the predictors left in.
   0, or -1 when out of memory. */
static int model_levels(struct model *m, int pool)
{
    struct ctx *c = m->c;
    m->cols = 1;
    for (size_t q = 0; q < m->np; q++) {
        struct pred *p = &m->p[q];
        if (p->dropped)
            continue;
        if (p->kind == AN_PRED_AGE || p->kind == AN_PRED_FACTOR) {
            p->level = malloc(p->range * sizeof *p->level);
            p->codes = malloc(p->range * sizeof *p->codes);
            if (!p->level || !p->codes)
                return -1;
            for (size_t k = 0; k < p->range; k++) {
                p->level[k] = LEVEL_NONE;
                if (p->seen[k]) {
                    p->codes[p->n_levels] = p->lo + (int)k;
                    p->level[k] = (uint16_t)p->n_levels++;
                }
            }
            p->ncode = p->n_levels;
            m->cols += p->n_levels ? p->n_levels - 1 : 0;
        } else {
            p->ncode = p->kind == AN_PRED_SCALE ? p->sd->ncode : 0;
            m->cols++;
        }
        if (p->kind == AN_PRED_NUMERIC && pool) {
            p->distinct = malloc((m->n ? m->n : 1) * sizeof *p->distinct);
            if (!p->distinct)
                return -1;
            size_t n = 0;
            for (size_t i = 0; i < c->n; i++)
                if (m->ok[i])
                    p->distinct[n++] = p->v->d[i];
            qsort(p->distinct, n, sizeof *p->distinct, cmp_double);
            size_t u = 0;
            for (size_t k = 0; k < n; k++)
                if (!u || p->distinct[k] != p->distinct[u - 1])
                    p->distinct[u++] = p->distinct[k];
            p->ncode = p->n_distinct = u;
        }
    }
    return 0;
}

/* The design row of levels M->lev and numeric values M->num into X. */
static void fill_row(const struct model *m, double *x)
{
    size_t col = 0;
    x[col++] = 1;
    for (size_t q = 0; q < m->np; q++) {
        const struct pred *p = &m->p[q];
        if (p->dropped)
            continue;
        if (p->kind == AN_PRED_AGE || p->kind == AN_PRED_FACTOR)
            for (size_t l = 1; l < p->n_levels; l++)
                x[col++] = m->lev[q] == l;
        else if (p->kind == AN_PRED_SCALE)
            x[col++] = p->sd->val[m->lev[q]];
        else
            x[col++] = m->num[q];
    }
}

/* Respondent I's levels (and numeric values, or their places among the
   distinct values when POOL) into M->lev and M->num. */
static void levels_of(struct model *m, size_t i, int pool)
{
    for (size_t q = 0; q < m->np; q++) {
        struct pred *p = &m->p[q];
        if (p->dropped)
            continue;
        long raw = raw_of(m->c, p, i);
        if (p->kind == AN_PRED_AGE || p->kind == AN_PRED_FACTOR) {
            m->lev[q] = p->level[raw];
        } else if (p->kind == AN_PRED_SCALE) {
            m->lev[q] = (uint16_t)raw;
        } else {
            m->num[q] = p->v->d[i];
            if (pool) {
                const double *d = bsearch(&m->num[q], p->distinct, p->n_distinct,
                                          sizeof *p->distinct, cmp_double);
                m->lev[q] = (uint16_t)(d - p->distinct);
            }
        }
    }
}

static const double *design_row(void *vm, size_t obs, double *x)
{
    struct model *m = vm;
    levels_of(m, m->resp[obs], 0);
    fill_row(m, x);
    return x;
}

/* Grouped binomial data: PAT patterns into X (PAT × cols), SUCC and TRIALS;
   the caller frees them.  0, or -1 when out of memory. */
struct pooled {
    double *x, *succ, *trials;
    size_t rows;
};

static int pooled_new(struct pooled *o, size_t rows, size_t cols)
{
    o->rows = 0;
    o->x = malloc((rows ? rows : 1) * cols * sizeof *o->x);
    o->succ = malloc((rows ? rows : 1) * sizeof *o->succ);
    o->trials = malloc((rows ? rows : 1) * sizeof *o->trials);
    return o->x && o->succ && o->trials ? 0 : -1;
}

static void pooled_free(struct pooled *o)
{
    free(o->x), free(o->succ), free(o->trials);
}

/* The main pass's patterns (cases_from_tally() said they are the model's). */
static struct stats_logit *fit_tally(struct model *m, const struct tally *t)
{
    struct ctx *c = m->c;
    size_t npat = 0;
    for (size_t k = 0; k < c->keys; k++)
        npat += t->trials[k] > 0;
    uint16_t *code = malloc((c->n_sd ? c->n_sd : 1) * sizeof *code);
    struct pooled o = {0};
    struct stats_logit *fit = NULL;
    if (code && pooled_new(&o, npat, m->cols) == 0) {
        for (size_t k = 0; k < c->keys; k++) {
            if (!t->trials[k])
                continue;
            int gx, px;
            size_t age = key_decode(c, k, &gx, &px, code);
            for (size_t q = 0; q < m->np; q++) {
                const struct pred *p = &m->p[q];
                m->lev[q] = p->kind == AN_PRED_AGE     ? p->level[age]
                            : p->kind == AN_PRED_SCALE ? code[p->sd - c->sd]
                            : p->v == c->gender     ? p->level[gx - p->lo]
                                                    : p->level[px - p->lo];
            }
            fill_row(m, o.x + o.rows * m->cols);
            o.succ[o.rows] = t->succ[k];
            o.trials[o.rows++] = t->trials[k];
        }
        fit = stats_logit_fit_grouped(o.x, o.succ, o.trials, o.rows, m->cols);
    }
    pooled_free(&o);
    free(code);
    return fit;
}

/* The complete cases pooled by pattern in a table of KEYS cells. */
static struct stats_logit *fit_pooled(struct model *m, size_t keys)
{
    struct ctx *c = m->c;
    uint32_t *trials = calloc(keys, sizeof *trials), *succ = calloc(keys, sizeof *succ);
    struct pooled o = {0};
    struct stats_logit *fit = NULL;
    if (!trials || !succ)
        goto done;
    size_t npat = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (!m->ok[i])
            continue;
        levels_of(m, i, 1);
        size_t key = 0;
        for (size_t q = 0; q < m->np; q++)
            if (!m->p[q].dropped)
                key = key * m->p[q].ncode + m->lev[q];
        npat += !trials[key]++;
        succ[key] += intensity_of(c, i) > 0;
    }
    if (pooled_new(&o, npat, m->cols) < 0)
        goto done;
    for (size_t k = 0; k < keys; k++) {
        if (!trials[k])
            continue;
        size_t key = k;
        for (size_t q = m->np; q-- > 0;) {
            const struct pred *p = &m->p[q];
            if (p->dropped)
                continue;
            m->lev[q] = (uint16_t)(key % p->ncode);
            key /= p->ncode;
            if (p->kind == AN_PRED_NUMERIC)
                m->num[q] = p->distinct[m->lev[q]];
        }
        fill_row(m, o.x + o.rows * m->cols);
        o.succ[o.rows] = succ[k];
        o.trials[o.rows++] = trials[k];
    }
    fit = stats_logit_fit_grouped(o.x, o.succ, o.trials, o.rows, m->cols);
done:
    pooled_free(&o);
    free(trials), free(succ);
    return fit;
}

/* The complete cases one by one. */
static struct stats_logit *fit_respondents(struct model *m)
{
    struct ctx *c = m->c;
    uint32_t *resp = malloc((m->n ? m->n : 1) * sizeof *resp);
    double *y = malloc((m->n ? m->n : 1) * sizeof *y);
    struct stats_logit *fit = NULL;
    if (resp && y) {
        size_t row = 0;
        for (size_t i = 0; i < c->n; i++)
            if (m->ok[i]) {
                resp[row] = (uint32_t)i;
                y[row++] = intensity_of(c, i) > 0;
            }
        m->resp = resp;
        fit = stats_logit_fit_rows(design_row, m, y, m->n, m->cols);
    }
    free(resp), free(y);
    return fit;
}

/* ## Naming the predictors and their terms */

static const char *or_name(const char *s, const char *name)
{
    return s && *s ? s : name;
}

/* P for the term source T of S. */
static void pred_of(struct ctx *c, const struct an_term_src *t, struct pred *p)
{
    *p = (struct pred){.kind = t->kind, .v = t->v};
    if (t->kind == AN_PRED_AGE) {
        p->name = "age_group";
        p->zh = "年龄组";
        p->en = p->en_prefix = "age group";
        p->en_prefix = "age_group";
        p->range = c->nb;
        return;
    }
    if (t->kind == AN_PRED_SCALE) {
        for (size_t sc = 0; sc < c->n_sd; sc++)
            if (!strcmp(c->sd[sc].S->name, t->scale))
                p->sd = &c->sd[sc];
        p->name = p->sd->S->name;
        p->zh = p->sd->S->label_zh;
        p->en = p->en_prefix = p->sd->S->label_en;
        return;
    }
    const struct survey_var *v = t->v;
    if (t->by_role) {
        p->name = p->en_prefix = survey_role_name(v->role);
        p->zh = an_factor_word(v->role);
    } else {
        p->name = v->name;
        p->zh = or_name(v->label_zh, v->name);
        p->en_prefix = or_name(v->label_en, v->name);
    }
    p->en = or_name(v->label_en, p->name);
    if (t->kind == AN_PRED_FACTOR) {
        int lo = INT16_MAX, hi = INT16_MIN;
        for (size_t i = 0; i < c->n; i++) {
            int x = v->v[i];
            if (x != SURVEY_MISSING) {
                lo = x < lo ? x : lo;
                hi = x > hi ? x : hi;
            }
        }
        p->lo = lo <= hi ? lo : 0;
        p->range = lo <= hi ? (size_t)(hi - lo + 1) : 1;
    }
}

/* Whether P and Q are the same predictor. */
static int same_pred(const struct pred *p, const struct pred *q)
{
    return p->kind == q->kind && p->v == q->v && p->sd == q->sd;
}

/* The predictors: OPT's, else the default ones.  0, or -1 (out of memory). */
static int model_preds(struct ctx *c, const struct an_options *opt, struct model *m)
{
    size_t want = opt && opt->n_model ? opt->n_model : 3 + c->n_sd;
    m->p = calloc(want ? want : 1, sizeof *m->p);
    if (!m->p)
        return -1;
    struct an_term_src t;
    if (opt && opt->n_model) {
        for (size_t k = 0; k < opt->n_model; k++) {
            if (an_model_resolve(c->s, opt->model[k], &t) < 0)
                continue; /* the caller checked them (an_model_check) */
            struct pred p;
            pred_of(c, &t, &p);
            if (p.kind == AN_PRED_SCALE && !p.sd)
                continue;
            size_t q = 0;
            while (q < m->np && !same_pred(&m->p[q], &p))
                q++;
            if (q == m->np)
                m->p[m->np++] = p;
        }
    } else {
        if (c->age)
            pred_of(c, &(struct an_term_src){.kind = AN_PRED_AGE, .v = c->age}, &m->p[m->np++]);
        if (c->gender)
            pred_of(c, &(struct an_term_src){.kind = AN_PRED_FACTOR, .v = c->gender, .by_role = 1},
                    &m->p[m->np++]);
        if (c->party)
            pred_of(c, &(struct an_term_src){.kind = AN_PRED_FACTOR, .v = c->party, .by_role = 1},
                    &m->p[m->np++]);
        for (size_t sc = 0; sc < c->n_sd; sc++) {
            struct pred *p = &m->p[m->np++];
            pred_of(c, &(struct an_term_src){.kind = AN_PRED_SCALE, .scale = c->sd[sc].S->name}, p);
            p->sd = &c->sd[sc]; /* two scales of one name in two sections stay two */
            p->name = p->sd->S->name;
            p->zh = p->sd->S->label_zh;
            p->en = p->en_prefix = p->sd->S->label_en;
        }
    }
    for (size_t q = 0; q < m->np; q++)
        if (m->p[q].range && !(m->p[q].seen = calloc(m->p[q].range, 1)))
            return -1;
    return 0;
}

static void model_free(struct model *m)
{
    for (size_t q = 0; q < m->np; q++) {
        free(m->p[q].seen), free(m->p[q].level), free(m->p[q].codes);
        free(m->p[q].distinct);
    }
    free(m->p), free(m->ok), free(m->lev), free(m->num);
}

/* The label of value CODE of V (English when EN), or NULL. */
static const char *value_label(const struct survey_var *v, int code, int en)
{
    for (size_t k = 0; k < v->n_values; k++) {
        const struct survey_label *l = &v->values[k];
        if (l->code == code && !l->alias)
            return en && l->text_en && *l->text_en ? l->text_en : l->text;
    }
    return NULL;
}

/* "PREFIX=LABEL" in the results' memory. */
static char *joined(struct results_box *b, const char *prefix, const char *label)
{
    size_t len = strlen(prefix) + strlen(label) + 2;
    char *s = an_take(b, len, 1);
    if (s)
        snprintf(s, len, "%s=%s", prefix, label);
    return s;
}

/* Level L of P's labels (zh, en) into the results. */
static void level_labels(struct results_box *b, const struct pred *p, size_t l, const char **zh,
                         const char **en)
{
    if (p->kind == AN_PRED_AGE) {
        *zh = *en = an_str(b, p->codes[l] >= 0 ? b->r.age_bands[p->codes[l]] : "");
        return;
    }
    int code = p->codes[l];
    const char *z = value_label(p->v, code, 0), *e = value_label(p->v, code, 1);
    char digits[16];
    snprintf(digits, sizeof digits, "%d", code);
    *zh = an_str(b, z ? z : digits);
    *en = an_str(b, e ? e : z ? z : digits);
}

/* The results' terms, references and notes of the predictors. */
static void model_terms(struct ctx *c, const struct model *m)
{
    struct results_box *b = c->box;
    struct an_results *r = &b->r;
    size_t nref = 0, ndrop = 0;
    for (size_t q = 0; q < m->np; q++) {
        nref += !m->p[q].dropped && (m->p[q].kind == AN_PRED_AGE || m->p[q].kind == AN_PRED_FACTOR);
        ndrop += m->p[q].dropped != 0;
    }
    r->terms = an_take(b, m->cols, sizeof *r->terms);
    r->logit_ref = an_take(b, nref ? nref : 1, sizeof *r->logit_ref);
    r->logit_dropped = an_take(b, ndrop ? ndrop : 1, sizeof *r->logit_dropped);
    if (!r->terms || !r->logit_ref || !r->logit_dropped)
        return;
    size_t k = 0;
    r->terms[k].term_en = r->terms[k].term = "(intercept)";
    r->terms[k].term_zh = "常数项"; /* as Chinese statistics texts and SPSS name it */
    r->terms[k++].kind = AN_TERM_INTERCEPT;
    for (size_t q = 0; q < m->np; q++) {
        const struct pred *p = &m->p[q];
        if (p->dropped) {
            r->logit_dropped[r->n_logit_dropped++] = (struct an_dropped){
                an_str(b, p->name), an_str(b, p->zh), an_str(b, p->en),
                (enum an_drop_reason)(p->dropped - 1)};
            continue;
        }
        const char *var_zh = an_str(b, p->zh), *var_en = an_str(b, p->en);
        if (p->kind == AN_PRED_SCALE || p->kind == AN_PRED_NUMERIC) {
            struct an_term *T = &r->terms[k++];
            T->term = (char *)an_str(b, p->name);
            T->term_zh = (char *)var_zh;
            T->term_en = (char *)var_en;
            T->kind = p->kind == AN_PRED_SCALE ? AN_TERM_SCALE : AN_TERM_NUMERIC;
            T->var_zh = var_zh;
            T->var_en = var_en;
            continue;
        }
        struct an_reference *ref = &r->logit_ref[r->n_logit_ref];
        ref->variable = an_str(b, p->name);
        ref->var_zh = var_zh;
        ref->var_en = var_en;
        if (p->n_levels) /* else no complete case: no level, labels NULL */
            level_labels(b, p, 0, &ref->label, &ref->label_en);
        for (size_t l = 1; l < p->n_levels; l++) {
            struct an_term *T = &r->terms[k++];
            level_labels(b, p, l, &T->level_zh, &T->level_en);
            if (!T->level_zh || !T->level_en)
                return;
            T->term = joined(b, p->name, T->level_zh);
            T->term_zh = joined(b, p->zh, T->level_zh);
            T->term_en = joined(b, p->en_prefix, T->level_en);
            T->kind = AN_TERM_LEVEL;
            T->var_zh = var_zh;
            T->var_en = var_en;
            T->reference = r->n_logit_ref;
        }
        r->n_logit_ref++;
    }
    r->n_terms = k;
}

void an_logistic(struct ctx *c, const struct tally *t, const struct an_options *opt)
{
    struct an_results *r = &c->box->r;
    if (!r->has_participation)
        return;
    struct model m = {.c = c};
    int rc = model_preds(c, opt, &m);
    m.ok = rc == 0 ? calloc(c->n ? c->n : 1, 1) : NULL;
    m.lev = m.ok ? calloc(m.np ? m.np : 1, sizeof *m.lev) : NULL;
    m.num = m.lev ? calloc(m.np ? m.np : 1, sizeof *m.num) : NULL;
    if (!m.num) {
        model_free(&m);
        c->box->oom = 1;
        return;
    }
    int tally = !(opt && opt->n_model) && c->direct && c->age && cases_from_tally(&m, t);
    if (!tally)
        rc = find_cases(&m);
    /* Patterns are pooled when a table of every possible one is small. */
    size_t keys = 1;
    if (rc == 0)
        rc = model_levels(&m, !tally);
    for (size_t q = 0; q < m.np && keys <= KEYS_DIRECT; q++)
        if (!m.p[q].dropped)
            keys = m.p[q].ncode ? keys * m.p[q].ncode : KEYS_DIRECT + 1;
    r->logit_n = (double)m.n;
    r->logit_fitted = 1;
    if (rc == 0)
        model_terms(c, &m);
    if (rc < 0 || c->box->oom) {
        model_free(&m);
        c->box->oom = 1;
        return;
    }
    struct stats_logit *fit = tally               ? fit_tally(&m, t)
                              : keys <= KEYS_DIRECT ? fit_pooled(&m, keys)
                                                    : fit_respondents(&m);
    if (!fit) {
        c->box->oom = 1;
    } else {
        r->logit_converged = fit->converged;
        for (size_t j = 0; j < m.cols; j++) {
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
    model_free(&m);
}
