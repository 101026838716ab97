/* questions.c — every single-choice and numeric question of any
 * questionnaire: frequencies with Wilson intervals, or descriptives and
 * quartiles, and each crossed with age group and with each --by column: the
 * crosstab with Pearson's chi-square and its adjusted residuals, or the
 * comparison of means (t tests, ANOVA, Welch's ANOVA, Levene,
 * Kruskal–Wallis).  The definitions are those of docs/methods.md ("Any
 * question", "Group comparison of a mean").
 *
 * These figures are not read from the count tables of count.c: each
 * grouping's group of every respondent is worked out once, then each
 * question takes one pass over the respondents per grouping.  A survey
 * without such questions costs nothing here.  The figures are unweighted.
 */
#include "analysis/analysis_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int groups_by(enum survey_role r)
{
    return r == ROLE_GENDER || r == ROLE_COMMUNITY || r == ROLE_SUBDISTRICT ||
           r == ROLE_PARTY_MEMBER || r == ROLE_BARRIER || r == ROLE_SINGLE;
}

int an_by_check(const struct survey *s, const char *name, char *why, size_t size)
{
    const struct survey_var *v = survey_var_by_name(s, name);
    if (!v) {
        snprintf(why, size, "--by %s: the codebook has no such column", name);
        return -1;
    }
    if (!groups_by(v->role)) {
        snprintf(why, size,
                 "--by %s: its role is %s; only a categorical column (gender, community, "
                 "subdistrict, party_member, barrier or single) can group respondents",
                 name, survey_role_name(v->role));
        return -1;
    }
    if (!v->n_values) {
        snprintf(why, size, "--by %s: the column has no categories (no values in the codebook)",
                 name);
        return -1;
    }
    return 0;
}

/* The categories of V (its labels, aliases left out): count, and for each
   its index in V->values. */
static size_t categories(const struct survey_var *v, size_t *idx)
{
    size_t n = 0;
    for (size_t k = 0; k < v->n_values; k++)
        if (!v->values[k].alias)
            idx[n++] = k;
    return n;
}

static const char *label_en(const struct survey_label *l)
{
    return l->text_en && *l->text_en ? l->text_en : l->text;
}

/* One grouping: every respondent's group (-1: none). */
struct grouping {
    const char *variable;
    const struct survey_var *var; /* NULL for age group */
    const char *label_zh, *label_en;
    size_t n_groups;
    const char **groups, **groups_en;
    int *g;
};

/* A look-up from code to category index (-1: none), 65,536 entries. */
static int16_t *code_lut(const struct survey_var *v, size_t *n_cat, size_t *idx)
{
    int16_t *lut = malloc(65536 * sizeof *lut);
    if (!lut)
        return NULL;
    for (size_t k = 0; k < 65536; k++)
        lut[k] = -1;
    size_t n = categories(v, idx);
    for (size_t k = 0; k < n; k++)
        lut[(uint16_t)(int16_t)v->values[idx[k]].code] = (int16_t)k;
    /* An alias reads as its code's category. */
    for (size_t k = 0; k < v->n_values; k++)
        if (v->values[k].alias)
            for (size_t j = 0; j < n; j++)
                if (v->values[idx[j]].code == v->values[k].code)
                    lut[(uint16_t)(int16_t)v->values[k].code] = (int16_t)j;
    *n_cat = n;
    return lut;
}

static int at(int16_t x, const int16_t *lut)
{
    return x == SURVEY_MISSING ? -1 : lut[(uint16_t)x];
}

static int make_groupings(struct results_box *b, const struct survey *s,
                          const struct survey_bands *bands, const struct an_options *opt,
                          struct grouping *gr, size_t *n_gr)
{
    size_t n = 0;
    const struct survey_var *age = survey_var_by_role(s, ROLE_AGE);
    if (age && bands->n) {
        struct grouping *x = &gr[n++];
        x->variable = "age_group";
        x->label_zh = "年龄组";
        x->label_en = "Age group";
        x->n_groups = bands->n;
        x->groups = an_take(b, bands->n, sizeof *x->groups);
        x->groups_en = x->groups;
        x->g = malloc((s->n ? s->n : 1) * sizeof *x->g);
        if (!x->groups || !x->g)
            return -1;
        for (size_t k = 0; k < bands->n; k++)
            x->groups[k] = an_str(b, bands->band[k].label);
        for (size_t i = 0; i < s->n; i++)
            x->g[i] = age->v[i] == SURVEY_MISSING ? -1 : survey_bands_find(bands, age->v[i]);
    }
    for (size_t k = 0; opt && k < opt->n_by; k++) {
        const struct survey_var *v = survey_var_by_name(s, opt->by[k]);
        char why[8];
        if (!v || an_by_check(s, opt->by[k], why, sizeof why) < 0)
            continue;
        struct grouping *x = &gr[n++];
        size_t *idx = malloc((v->n_values ? v->n_values : 1) * sizeof *idx);
        int16_t *lut = idx ? code_lut(v, &x->n_groups, idx) : NULL;
        x->g = malloc((s->n ? s->n : 1) * sizeof *x->g);
        x->var = v;
        x->variable = an_str(b, v->name);
        x->label_zh = an_str(b, v->label_zh);
        x->label_en = an_str(b, v->label_en);
        x->groups = an_take(b, x->n_groups ? x->n_groups : 1, sizeof *x->groups);
        x->groups_en = an_take(b, x->n_groups ? x->n_groups : 1, sizeof *x->groups_en);
        if (!lut || !x->g || !x->groups || !x->groups_en) {
            free(idx), free(lut);
            return -1;
        }
        for (size_t j = 0; j < x->n_groups; j++) {
            x->groups[j] = an_str(b, v->values[idx[j]].text);
            x->groups_en[j] = an_str(b, label_en(&v->values[idx[j]]));
        }
        for (size_t i = 0; i < s->n; i++)
            x->g[i] = at(v->v[i], lut);
        free(idx), free(lut);
    }
    *n_gr = n;
    return b->oom ? -1 : 0;
}

static void set_by_head(struct results_box *b, struct an_qby *q, const struct grouping *x)
{
    q->variable = x->variable;
    q->label_zh = x->label_zh;
    q->label_en = x->label_en;
    q->n_groups = x->n_groups;
    q->groups = x->groups;
    q->groups_en = x->groups_en;
    q->group_n = an_take(b, x->n_groups ? x->n_groups : 1, sizeof *q->group_n);
}

static int single_question(struct results_box *b, const struct survey *s,
                           const struct survey_var *v, const struct grouping *gr, size_t n_gr,
                           struct an_question *q)
{
    size_t *idx = malloc((v->n_values ? v->n_values : 1) * sizeof *idx);
    size_t nc = 0;
    int16_t *lut = idx ? code_lut(v, &nc, idx) : NULL;
    if (!lut) {
        free(idx);
        return -1;
    }
    q->type = AN_Q_SINGLE;
    q->from_data = v->from_data;
    q->n_cat = nc;
    q->cat = an_take(b, nc ? nc : 1, sizeof *q->cat);
    q->ci_low = an_take(b, nc ? nc : 1, sizeof *q->ci_low);
    q->ci_high = an_take(b, nc ? nc : 1, sizeof *q->ci_high);
    double *count = calloc(nc ? nc : 1, sizeof *count);
    if (!q->cat || !q->ci_low || !q->ci_high || !count)
        goto oom;
    for (size_t i = 0; i < s->n; i++) {
        int c = at(v->v[i], lut);
        if (c >= 0)
            count[c]++;
    }
    for (size_t k = 0; k < nc; k++)
        q->n += count[k];
    for (size_t k = 0; k < nc; k++) {
        const struct survey_label *l = &v->values[idx[k]];
        q->cat[k] = (struct an_share){.label = an_str(b, l->text), .code = l->code, .n = count[k],
                                      .share = q->n > 0 ? count[k] / q->n : NAN,
                                      .label_en = an_str(b, label_en(l))};
        q->ci_low[k] = q->ci_high[k] = NAN;
        if (q->n > 0)
            stats_wilson_ci(count[k], q->n, 0.05, &q->ci_low[k], &q->ci_high[k]);
    }
    for (size_t y = 0; y < n_gr; y++) {
        const struct grouping *x = &gr[y];
        if (x->var == v)
            continue;
        struct an_qby *by = &q->by[q->n_by++];
        set_by_head(b, by, x);
        size_t ng = x->n_groups;
        size_t cells = ng && nc ? ng * nc : 1;
        by->counts = an_take(b, cells, sizeof *by->counts);
        by->residuals = an_take(b, cells, sizeof *by->residuals);
        double *res = malloc(cells * sizeof *res);
        if (!by->counts || !by->group_n || !by->residuals || !res) {
            free(res);
            goto oom;
        }
        for (size_t i = 0; i < s->n; i++) {
            int c = at(v->v[i], lut), g = x->g[i];
            if (c >= 0 && g >= 0)
                by->counts[(size_t)g * nc + (size_t)c]++;
        }
        for (size_t g = 0; g < ng; g++)
            for (size_t c = 0; c < nc; c++)
                by->group_n[g] += by->counts[g * nc + c];
        stats_chisq_test(by->counts, ng, nc, &by->chisq, res);
        for (size_t c = 0; c < nc; c++)
            for (size_t g = 0; g < ng; g++)
                by->residuals[c * ng + g] = res[g * nc + c];
        free(res);
    }
    free(idx), free(lut), free(count);
    return 0;
oom:
    free(idx), free(lut), free(count);
    b->oom = 1;
    return -1;
}

/* Mean and SD (n - 1) of X[0..N) by two passes. */
static void mean_sd(const double *x, size_t n, double *mean, double *sd)
{
    double s = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    *mean = n ? s / (double)n : NAN;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - *mean) * (x[i] - *mean);
    *sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
}

static int numeric_question(struct results_box *b, const struct survey *s,
                            const struct survey_var *v, const struct grouping *gr, size_t n_gr,
                            struct an_question *q)
{
    q->type = AN_Q_NUMERIC;
    double *x = malloc((s->n ? s->n : 1) * sizeof *x);
    int *grp = malloc((s->n ? s->n : 1) * sizeof *grp);
    if (!x || !grp)
        goto oom;
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++)
        if (!isnan(v->d[i]))
            x[m++] = v->d[i];
    q->n = (double)m;
    mean_sd(x, m, &q->mean, &q->sd);
    if (stats_quartiles(x, m, &q->quart) == -2)
        goto oom;
    for (size_t y = 0; y < n_gr; y++) {
        const struct grouping *xg = &gr[y];
        struct an_qby *by = &q->by[q->n_by++];
        set_by_head(b, by, xg);
        size_t ng = xg->n_groups;
        by->means = an_take(b, ng ? ng : 1, sizeof *by->means);
        if (!by->means || !by->group_n)
            goto oom;
        m = 0;
        for (size_t i = 0; i < s->n; i++)
            if (!isnan(v->d[i]) && xg->g[i] >= 0) {
                x[m] = v->d[i];
                grp[m++] = xg->g[i];
            }
        for (size_t g = 0; g < ng; g++) {
            /* The group's values, gathered at the end of X's room. */
            size_t k = 0;
            double *gx = malloc((m ? m : 1) * sizeof *gx);
            if (!gx)
                goto oom;
            for (size_t i = 0; i < m; i++)
                if ((size_t)grp[i] == g)
                    gx[k++] = x[i];
            by->group_n[g] = (double)k;
            by->means[g] = (struct an_mean){.group = xg->groups[g], .n = (double)k,
                                            .ci_low = NAN, .ci_high = NAN,
                                            .group_en = xg->groups_en[g]};
            mean_sd(gx, k, &by->means[g].mean, &by->means[g].sd);
            free(gx);
        }
        if (stats_means_compare_values(x, grp, m, ng, &by->comparison) == -2)
            goto oom;
    }
    free(x), free(grp);
    return 0;
oom:
    free(x), free(grp);
    b->oom = 1;
    return -1;
}

int an_questions(struct results_box *b, const struct survey *s, const struct survey_bands *bands,
                 const struct an_options *opt)
{
    struct an_results *r = &b->r;
    size_t nq = 0;
    for (size_t j = 0; j < s->n_vars; j++)
        nq += s->vars[j].role == ROLE_SINGLE || s->vars[j].role == ROLE_NUMERIC;
    if (!nq)
        return 0;
    size_t max_gr = 1 + (opt ? opt->n_by : 0);
    struct grouping *gr = calloc(max_gr, sizeof *gr);
    r->questions = an_take(b, nq, sizeof *r->questions);
    size_t n_gr = 0;
    int rc = gr && r->questions ? make_groupings(b, s, bands, opt, gr, &n_gr) : -1;
    for (size_t j = 0; j < s->n_vars && rc == 0; j++) {
        const struct survey_var *v = &s->vars[j];
        if (v->role != ROLE_SINGLE && v->role != ROLE_NUMERIC)
            continue;
        struct an_question *q = &r->questions[r->n_questions++];
        memset(q, 0, sizeof *q);
        q->column = an_str(b, v->name);
        q->label_zh = an_str(b, v->label_zh);
        q->label_en = an_str(b, v->label_en);
        q->by = an_take(b, n_gr ? n_gr : 1, sizeof *q->by);
        if (!q->by) {
            rc = -1;
            break;
        }
        memset(q->by, 0, (n_gr ? n_gr : 1) * sizeof *q->by);
        rc = v->role == ROLE_SINGLE ? single_question(b, s, v, gr, n_gr, q)
                                    : numeric_question(b, s, v, gr, n_gr, q);
    }
    for (size_t k = 0; gr && k < max_gr; k++)
        free(gr[k].g);
    free(gr);
    if (rc < 0 || b->oom) {
        b->oom = 1;
        return -1;
    }
    return 0;
}
