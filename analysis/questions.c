/* questions.c — every single-choice, multiple-response and numeric question
 * of any questionnaire: frequencies with Wilson intervals, the options of a
 * multiple-response question with their % of responses and % of cases
 * (SPSS MULT RESPONSE), or descriptives and quartiles; each crossed with age
 * group and with each --by column: the crosstab with Pearson's chi-square
 * and its adjusted residuals, each group's share of cases per option, or
 * the comparison of means (t tests, ANOVA, Welch's ANOVA, Levene,
 * Kruskal–Wallis).  The definitions are those of docs/methods.md ("Any
 * question", "Group comparison of a mean").
 *
 * These figures are not read from the count tables of count.c: each
 * grouping's group of every respondent is worked out once, then each
 * question takes one pass over the respondents per grouping.  A survey
 * without such questions costs nothing here.  With weights, shares and
 * means are weighted as the participation rates are (an_prop_rate: the
 * share of the weights, a Wilson interval on Kish's effective n) and
 * counts, n and every test stay unweighted (analysis.h).
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

/* Respondent I's weight: 1 when unweighted. */
static double wt(const double *w, size_t i)
{
    return w ? w[i] : 1.0;
}

static int single_question(struct results_box *b, const struct survey *s,
                           const struct survey_var *v, const double *w,
                           const struct grouping *gr, size_t n_gr, struct an_question *q)
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
    double *wcount = calloc(nc ? nc : 1, sizeof *wcount);
    double *wn = NULL;
    if (!q->cat || !q->ci_low || !q->ci_high || !count || !wcount)
        goto oom;
    double sw = 0, sw2 = 0;
    for (size_t i = 0; i < s->n; i++) {
        int c = at(v->v[i], lut);
        if (c < 0)
            continue;
        double wi = wt(w, i);
        count[c]++;
        wcount[c] += wi;
        sw += wi;
        sw2 += wi * wi;
    }
    for (size_t k = 0; k < nc; k++)
        q->n += count[k];
    for (size_t k = 0; k < nc; k++) {
        const struct survey_label *l = &v->values[idx[k]];
        struct prop_acc acc = {.n = q->n, .x = count[k], .sw = sw, .sw2 = sw2, .swx = wcount[k]};
        struct an_rate rate;
        an_prop_rate(&acc, w != NULL, &rate);
        q->cat[k] = (struct an_share){.label = an_str(b, l->text), .code = l->code, .n = count[k],
                                      .share = rate.rate, .label_en = an_str(b, label_en(l))};
        q->ci_low[k] = rate.ci_low;
        q->ci_high[k] = rate.ci_high;
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
        by->shares = an_take(b, cells, sizeof *by->shares);
        by->residuals = an_take(b, cells, sizeof *by->residuals);
        double *res = malloc(cells * sizeof *res);
        free(wn);
        wn = calloc(ng ? ng : 1, sizeof *wn);
        if (!by->counts || !by->shares || !by->group_n || !by->residuals || !res || !wn) {
            free(res);
            goto oom;
        }
        for (size_t i = 0; i < s->n; i++) {
            int c = at(v->v[i], lut), g = x->g[i];
            if (c >= 0 && g >= 0) {
                by->counts[(size_t)g * nc + (size_t)c]++;
                by->shares[(size_t)g * nc + (size_t)c] += wt(w, i);
                wn[g] += wt(w, i);
            }
        }
        for (size_t g = 0; g < ng; g++)
            for (size_t c = 0; c < nc; c++) {
                by->group_n[g] += by->counts[g * nc + c];
                by->shares[g * nc + c] = wn[g] > 0 ? by->shares[g * nc + c] / wn[g] : NAN;
            }
        stats_chisq_test(by->counts, ng, nc, &by->chisq, res);
        for (size_t c = 0; c < nc; c++)
            for (size_t g = 0; g < ng; g++)
                by->residuals[c * ng + g] = res[g * nc + c];
        free(res);
    }
    free(idx), free(lut), free(count), free(wcount), free(wn);
    return 0;
oom:
    free(idx), free(lut), free(count), free(wcount), free(wn);
    b->oom = 1;
    return -1;
}

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

static int numeric_question(struct results_box *b, const struct survey *s,
                            const struct survey_var *v, const double *w,
                            const struct grouping *gr, size_t n_gr, struct an_question *q)
{
    q->type = AN_Q_NUMERIC;
    size_t room = s->n ? s->n : 1;
    double *x = malloc(room * sizeof *x);
    double *xw = w ? malloc(room * sizeof *xw) : NULL;
    double *gx = malloc(room * sizeof *gx);
    double *gw = w ? malloc(room * sizeof *gw) : NULL;
    int *grp = malloc(room * sizeof *grp);
    size_t *idx = malloc(room * sizeof *idx);
    size_t *order = malloc(room * sizeof *order);
    double *sx = malloc(room * sizeof *sx);
    int *sg = malloc(room * sizeof *sg);
    size_t *at = NULL;
    if (!x || !gx || !grp || !idx || !order || !sx || !sg || (w && (!xw || !gw)))
        goto oom;
    /* The answers (X, respondent IDX) are sorted once (ORDER, the sorted
       values SX): for the quartiles and every grouping's Kruskal–Wallis. */
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++)
        if (!isnan(v->d[i])) {
            if (w)
                xw[m] = w[i];
            idx[m] = i;
            x[m++] = v->d[i];
        }
    q->n = (double)m;
    mean_sd(x, xw, m, &q->mean, &q->sd);
    int sorted = stats_sort_order(x, m, order);
    if (sorted == -2)
        goto oom;
    if (sorted < 0) /* a value not finite: the statistics say so (NAN) */
        for (size_t j = 0; j < m; j++)
            order[j] = j;
    for (size_t j = 0; j < m; j++)
        sx[j] = x[order[j]];
    if (stats_quartiles_sorted(sx, m, &q->quart) == -2)
        goto oom;
    for (size_t y = 0; y < n_gr; y++) {
        const struct grouping *xg = &gr[y];
        struct an_qby *by = &q->by[q->n_by++];
        set_by_head(b, by, xg);
        size_t ng = xg->n_groups;
        by->means = an_take(b, ng ? ng : 1, sizeof *by->means);
        at = calloc(ng + 1, sizeof *at);
        if (!by->means || !by->group_n || !at)
            goto oom;
        for (size_t j = 0; j < m; j++)
            grp[j] = xg->g[idx[j]];
        for (size_t j = 0; j < m; j++)
            sg[j] = grp[order[j]];
        /* Each group's values, in the order of the respondents, one after
           the other in GX (a stable counting sort: one pass, not one a group). */
        for (size_t j = 0; j < m; j++)
            if (grp[j] >= 0)
                at[grp[j] + 1]++;
        for (size_t g = 0; g < ng; g++)
            at[g + 1] += at[g];
        for (size_t j = 0; j < m; j++) {
            if (grp[j] < 0)
                continue;
            size_t k = at[grp[j]]++;
            if (w)
                gw[k] = xw[j];
            gx[k] = x[j];
        }
        for (size_t g = 0, start = 0; g < ng; g++) {
            size_t k = at[g] - start;
            by->group_n[g] = (double)k;
            by->means[g] = (struct an_mean){.group = xg->groups[g], .n = (double)k,
                                            .ci_low = NAN, .ci_high = NAN,
                                            .group_en = xg->groups_en[g]};
            mean_sd(gx + start, gw ? gw + start : NULL, k, &by->means[g].mean, &by->means[g].sd);
            start = at[g];
        }
        free(at);
        at = NULL;
        /* The tests are unweighted. */
        if (stats_means_compare_sorted(x, grp, sx, sg, m, ng, &by->comparison) == -2)
            goto oom;
    }
    free(x), free(xw), free(gx), free(gw), free(grp), free(idx), free(order), free(sx), free(sg);
    return 0;
oom:
    free(x), free(xw), free(gx), free(gw), free(grp), free(idx), free(order), free(sx), free(sg);
    free(at);
    b->oom = 1;
    return -1;
}

/* ## Multiple-response questions */

/* Whether respondent I is a case of the question of the K option variables
   OPT: a non-missing cell (multi), or at least one option chosen (option
   columns, SPSS's dichotomy rule). */
static int is_case(const struct survey_var *const *opt, size_t k, int dichotomy, size_t i)
{
    if (!dichotomy)
        return opt[0]->v[i] != SURVEY_MISSING;
    for (size_t j = 0; j < k; j++)
        if (opt[j]->v[i] == 1)
            return 1;
    return 0;
}

static int multi_question(struct results_box *b, const struct survey *s,
                          const struct survey_var *const *opt, size_t k, int dichotomy,
                          const double *w, const struct grouping *gr, size_t n_gr,
                          struct an_question *q)
{
    q->type = AN_Q_MULTI;
    q->dichotomy = dichotomy;
    q->n_cat = k;
    q->cat = an_take(b, k ? k : 1, sizeof *q->cat);
    q->of_responses = an_take(b, k ? k : 1, sizeof *q->of_responses);
    double *wc = calloc(k ? k : 1, sizeof *wc), *wn = NULL;
    if (!q->cat || !q->of_responses || !wc)
        goto oom;
    double sw_cases = 0, sw_resp = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!is_case(opt, k, dichotomy, i))
            continue;
        double wi = wt(w, i);
        q->cases++;
        sw_cases += wi;
        for (size_t j = 0; j < k; j++)
            if (opt[j]->v[i] == 1) {
                q->cat[j].n++;
                wc[j] += wi;
                q->responses++;
                sw_resp += wi;
            }
    }
    q->n = q->cases;
    for (size_t j = 0; j < k; j++) {
        q->cat[j].label = an_str(b, opt[j]->label_zh);
        q->cat[j].label_en = an_str(b, opt[j]->label_en);
        q->cat[j].code = dichotomy ? (int)j + 1 : opt[j]->option;
        q->cat[j].share = sw_cases > 0 ? wc[j] / sw_cases : NAN;
        q->of_responses[j] = sw_resp > 0 ? wc[j] / sw_resp : NAN;
    }
    for (size_t y = 0; y < n_gr; y++) {
        const struct grouping *x = &gr[y];
        struct an_qby *by = &q->by[q->n_by++];
        set_by_head(b, by, x);
        size_t ng = x->n_groups, cells = ng && k ? ng * k : 1;
        by->counts = an_take(b, cells, sizeof *by->counts);
        by->shares = an_take(b, cells, sizeof *by->shares);
        free(wn);
        wn = calloc(ng ? ng : 1, sizeof *wn);
        if (!by->counts || !by->shares || !by->group_n || !wn)
            goto oom;
        for (size_t i = 0; i < s->n; i++) {
            int g = x->g[i];
            if (g < 0 || !is_case(opt, k, dichotomy, i))
                continue;
            by->group_n[g]++;
            wn[g] += wt(w, i);
            for (size_t j = 0; j < k; j++)
                if (opt[j]->v[i] == 1) {
                    by->counts[(size_t)g * k + j]++;
                    by->shares[(size_t)g * k + j] += wt(w, i);
                }
        }
        for (size_t g = 0; g < ng; g++)
            for (size_t j = 0; j < k; j++)
                by->shares[g * k + j] = wn[g] > 0 ? by->shares[g * k + j] / wn[g] : NAN;
    }
    free(wc), free(wn);
    return 0;
oom:
    free(wc), free(wn);
    b->oom = 1;
    return -1;
}

/* The option columns of S grouped by their question: sorted by scale, then
   by place, so that each question's columns are together and its first
   column comes first.  AT[j] is where variable J is in ORDER (for an option
   variable). */
struct option_ref {
    const char *scale;
    size_t var;
};

struct option_groups {
    const struct survey *s;
    struct option_ref *order;
    size_t *at;
    size_t n;
};

static int by_scale(const void *a, const void *b)
{
    const struct option_ref *x = a, *y = b;
    int c = strcmp(x->scale, y->scale);
    return c ? c : (x->var > y->var) - (x->var < y->var);
}

static int option_groups_make(const struct survey *s, struct option_groups *og)
{
    og->s = s;
    og->n = 0;
    og->order = malloc((s->n_vars ? s->n_vars : 1) * sizeof *og->order);
    og->at = malloc((s->n_vars ? s->n_vars : 1) * sizeof *og->at);
    if (!og->order || !og->at)
        return -1;
    for (size_t j = 0; j < s->n_vars; j++)
        if (s->vars[j].role == ROLE_OPTION)
            og->order[og->n++] = (struct option_ref){s->vars[j].col->scale, j};
    qsort(og->order, og->n, sizeof *og->order, by_scale);
    for (size_t k = 0; k < og->n; k++)
        og->at[og->order[k].var] = k;
    return 0;
}

static int same_question(const struct option_groups *og, size_t a, size_t b)
{
    return !strcmp(og->order[a].scale, og->order[b].scale);
}

/* Whether variable J opens a question: a single or numeric question, the
   first option of a multi column, or the first option column of its
   question. */
static int opens_question(const struct option_groups *og, size_t j)
{
    const struct survey *s = og->s;
    const struct survey_var *v = &s->vars[j];
    if (v->role == ROLE_SINGLE || v->role == ROLE_NUMERIC)
        return 1;
    if (v->role == ROLE_MULTI)
        return j == 0 || s->vars[j - 1].col != v->col;
    return v->role == ROLE_OPTION && (og->at[j] == 0 || !same_question(og, og->at[j] - 1, og->at[j]));
}

/* The option variables of the question that variable J opens, into OPT;
   their count. */
static size_t question_options(const struct option_groups *og, size_t j,
                               const struct survey_var **opt)
{
    const struct survey *s = og->s;
    const struct survey_var *v = &s->vars[j];
    size_t k = 0;
    if (v->role == ROLE_MULTI) {
        for (size_t i = j; i < s->n_vars && s->vars[i].col == v->col; i++)
            opt[k++] = &s->vars[i];
        return k;
    }
    for (size_t a = og->at[j]; a < og->n && same_question(og, og->at[j], a); a++)
        opt[k++] = &s->vars[og->order[a].var];
    return k;
}

int an_questions(struct results_box *b, const struct survey *s, const struct survey_bands *bands,
                 const struct an_options *opt, const double *w)
{
    struct an_results *r = &b->r;
    struct option_groups og;
    size_t nq = 0;
    if (option_groups_make(s, &og) < 0) {
        free(og.order), free(og.at);
        b->oom = 1;
        return -1;
    }
    for (size_t j = 0; j < s->n_vars; j++)
        nq += opens_question(&og, j);
    if (!nq) {
        free(og.order), free(og.at);
        return 0;
    }
    size_t max_gr = 1 + (opt ? opt->n_by : 0);
    struct grouping *gr = calloc(max_gr, sizeof *gr);
    const struct survey_var **opts = malloc(s->n_vars * sizeof *opts);
    r->questions = an_take(b, nq, sizeof *r->questions);
    size_t n_gr = 0;
    int rc = gr && opts && r->questions ? make_groupings(b, s, bands, opt, gr, &n_gr) : -1;
    for (size_t j = 0; j < s->n_vars && rc == 0; j++) {
        const struct survey_var *v = &s->vars[j];
        if (!opens_question(&og, j))
            continue;
        struct an_question *q = &r->questions[r->n_questions++];
        memset(q, 0, sizeof *q);
        if (v->role == ROLE_OPTION) {
            q->column = an_str(b, v->col->scale);
            q->label_zh = an_str(b, survey_scale_label(s->cb, v->col->scale, 0));
            q->label_en = an_str(b, survey_scale_label(s->cb, v->col->scale, 1));
        } else {
            q->column = an_str(b, v->role == ROLE_MULTI ? v->col->column : v->name);
            q->label_zh = an_str(b, v->role == ROLE_MULTI ? v->col->label_zh : v->label_zh);
            q->label_en = an_str(b, v->role == ROLE_MULTI ? v->col->label_en : v->label_en);
        }
        q->by = an_take(b, n_gr ? n_gr : 1, sizeof *q->by);
        if (!q->by) {
            rc = -1;
            break;
        }
        memset(q->by, 0, (n_gr ? n_gr : 1) * sizeof *q->by);
        if (v->role == ROLE_SINGLE)
            rc = single_question(b, s, v, w, gr, n_gr, q);
        else if (v->role == ROLE_NUMERIC)
            rc = numeric_question(b, s, v, w, gr, n_gr, q);
        else
            rc = multi_question(b, s, opts, question_options(&og, j, opts), v->role == ROLE_OPTION,
                                w, gr, n_gr, q);
    }
    for (size_t k = 0; gr && k < max_gr; k++)
        free(gr[k].g);
    free(gr);
    free(opts);
    free(og.order), free(og.at);
    if (rc < 0 || b->oom) {
        b->oom = 1;
        return -1;
    }
    return 0;
}
