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
 * respondent's group in every grouping is worked out once, as a key
 * (struct grouping), then each question takes one pass over the
 * respondents for all its groupings; numeric questions are in numeric.c.
 * A survey without such questions costs nothing here.  With weights, shares and
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

/* A look-up from age (or bracket code) to age group, as code_lut(). */
static int16_t *band_lut(const struct survey_bands *bands)
{
    int16_t *lut = malloc(65536 * sizeof *lut);
    for (size_t k = 0; lut && k < 65536; k++)
        lut[k] = (int16_t)survey_bands_find(bands, (int16_t)(uint16_t)k);
    return lut;
}

/* The keys of G's groupings: each in a batch, every respondent's key, and
   each grouping's table.  AGE and BANDS give the age group. */
static int make_keys(const struct survey *s, const struct survey_var *age,
                     const struct survey_bands *bands, struct groupings *G)
{
    G->key = calloc(G->n ? G->n : 1, sizeof *G->key);
    G->n_keys = calloc(G->n ? G->n : 1, sizeof *G->n_keys);
    if (!G->key || !G->n_keys)
        return -1;
    for (size_t y = 0; y < G->n; y++) {
        struct grouping *x = &G->gr[y];
        size_t radix = x->n_groups + 1;
        if (radix > GROUP_KEYS)
            return -1; /* a column has at most 65,535 codes */
        if (!G->n_batch || G->n_keys[G->n_batch - 1] * radix > GROUP_KEYS)
            G->n_keys[G->n_batch++] = 1;
        x->batch = G->n_batch - 1;
        x->stride = G->n_keys[x->batch];
        G->n_keys[x->batch] *= radix;
    }
    for (size_t b = 0; b < G->n_batch; b++)
        if (!(G->key[b] = calloc(s->n ? s->n : 1, sizeof *G->key[b])))
            return -1;
    int16_t *lut = NULL;
    size_t *idx = NULL;
    for (size_t y = 0; y < G->n; y++) {
        struct grouping *x = &G->gr[y];
        size_t nk = G->n_keys[x->batch], nc = 0, radix = x->n_groups + 1;
        uint16_t *key = G->key[x->batch];
        x->key = key;
        x->map = malloc(nk * sizeof *x->map);
        free(idx), free(lut);
        idx = NULL;
        if (x->var) {
            idx = malloc((x->var->n_values ? x->var->n_values : 1) * sizeof *idx);
            lut = idx ? code_lut(x->var, &nc, idx) : NULL;
        } else {
            lut = band_lut(bands);
        }
        if (!x->map || !lut) {
            free(idx), free(lut);
            return -1;
        }
        for (size_t k = 0; k < nk; k++)
            x->map[k] = (int32_t)(k / x->stride % radix) - 1;
        /* Each code's digit, the group + 1, in place of its group. */
        uint16_t *digit = (uint16_t *)lut;
        for (size_t k = 0; k < 65536; k++)
            digit[k] = (uint16_t)(x->stride * (size_t)(lut[k] + 1));
        digit[(uint16_t)SURVEY_MISSING] = 0;
        const int16_t *v = (x->var ? x->var : age)->v;
        for (size_t i = 0; i < s->n; i++)
            key[i] = (uint16_t)(key[i] + digit[(uint16_t)v[i]]);
    }
    free(idx), free(lut);
    return 0;
}

static void groupings_free(struct groupings *G)
{
    for (size_t y = 0; G->gr && y < G->n; y++)
        free(G->gr[y].map);
    for (size_t b = 0; G->key && b < G->n_batch; b++)
        free(G->key[b]);
    free(G->gr), free(G->key), free(G->n_keys);
}

static int make_groupings(struct results_box *b, const struct survey *s,
                          const struct survey_bands *bands, const struct an_options *opt,
                          struct groupings *G)
{
    size_t n = 0;
    struct grouping *gr = G->gr;
    const struct survey_var *age = survey_var_by_role(s, ROLE_AGE);
    if (age && bands->n) {
        struct grouping *x = &gr[n++];
        x->variable = "age_group";
        x->label_zh = "年龄组";
        x->label_en = "Age group";
        x->n_groups = bands->n;
        x->groups = an_take(b, bands->n, sizeof *x->groups);
        x->groups_en = x->groups;
        if (!x->groups)
            return -1;
        for (size_t k = 0; k < bands->n; k++)
            x->groups[k] = an_str(b, bands->band[k].label);
    }
    for (size_t k = 0; opt && k < opt->n_by; k++) {
        const struct survey_var *v = survey_var_by_name(s, opt->by[k]);
        char why[8];
        if (!v || an_by_check(s, opt->by[k], why, sizeof why) < 0)
            continue;
        struct grouping *x = &gr[n++];
        size_t *idx = malloc((v->n_values ? v->n_values : 1) * sizeof *idx);
        int16_t *lut = idx ? code_lut(v, &x->n_groups, idx) : NULL;
        x->var = v;
        x->variable = an_str(b, v->name);
        x->label_zh = an_str(b, v->label_zh);
        x->label_en = an_str(b, v->label_en);
        x->groups = an_take(b, x->n_groups ? x->n_groups : 1, sizeof *x->groups);
        x->groups_en = an_take(b, x->n_groups ? x->n_groups : 1, sizeof *x->groups_en);
        if (!lut || !x->groups || !x->groups_en) {
            free(idx), free(lut);
            return -1;
        }
        for (size_t j = 0; j < x->n_groups; j++) {
            x->groups[j] = an_str(b, v->values[idx[j]].text);
            x->groups_en[j] = an_str(b, label_en(&v->values[idx[j]]));
        }
        free(idx), free(lut);
    }
    G->n = n;
    if (b->oom || make_keys(s, age, bands, G) < 0)
        return -1;
    return 0;
}

void an_set_by_head(struct results_box *b, struct an_qby *q, const struct grouping *x)
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

/* The by-tables of a question over G's groupings (SKIP left out: a
   question is not crossed with itself), in Q->by; their groupings in BX
   and, in WN, a sum of weights for each of their groups (WN_AT[k] the k-th
   table's).  Returns 0, or -1 when out of memory. */
static int by_tables(struct results_box *b, const struct groupings *G,
                     const struct survey_var *skip, size_t nc, int residuals,
                     struct an_question *q, const struct grouping **bx, double **wn, size_t *wn_at)
{
    size_t total = 0;
    for (size_t y = 0; y < G->n; y++) {
        const struct grouping *x = &G->gr[y];
        if (x->var && x->var == skip)
            continue;
        struct an_qby *by = &q->by[q->n_by];
        an_set_by_head(b, by, x);
        size_t cells = x->n_groups && nc ? x->n_groups * nc : 1;
        by->counts = an_take(b, cells, sizeof *by->counts);
        by->shares = an_take(b, cells, sizeof *by->shares);
        if (residuals)
            by->residuals = an_take(b, cells, sizeof *by->residuals);
        if (!by->counts || !by->shares || !by->group_n || (residuals && !by->residuals))
            return -1;
        bx[q->n_by] = x;
        wn_at[q->n_by++] = total;
        total += x->n_groups;
    }
    *wn = calloc(total ? total : 1, sizeof **wn);
    return *wn ? 0 : -1;
}

/* Counts by key and category (NC of them) for each batch of G, for N
   respondents; NULL when too large (then the crosstabs are counted
   directly) or out of memory. */
static uint32_t **joint_new(const struct groupings *G, size_t nc, size_t n)
{
    size_t cells = 0;
    for (size_t bt = 0; bt < G->n_batch; bt++)
        cells += G->n_keys[bt] * nc;
    if (!G->n_batch || !nc || n > UINT32_MAX || cells > n || cells > GROUP_KEYS * 16)
        return NULL;
    uint32_t **t = calloc(G->n_batch, sizeof *t);
    for (size_t bt = 0; t && bt < G->n_batch; bt++)
        if (!(t[bt] = calloc(G->n_keys[bt] * nc, sizeof *t[bt]))) {
            for (size_t j = 0; j < bt; j++)
                free(t[j]);
            free(t);
            return NULL;
        }
    return t;
}

static void joint_free(const struct groupings *G, uint32_t **t)
{
    for (size_t bt = 0; t && bt < G->n_batch; bt++)
        free(t[bt]);
    free(t);
}

static int single_question(struct results_box *b, const struct survey *s,
                           const struct survey_var *v, const double *w,
                           const struct groupings *G, struct an_question *q)
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
    const struct grouping **bx = malloc((G->n ? G->n : 1) * sizeof *bx);
    size_t *wn_at = malloc((G->n ? G->n : 1) * sizeof *wn_at);
    double *wn = NULL, *res = NULL;
    if (!q->cat || !q->ci_low || !q->ci_high || !count || !wcount || !bx || !wn_at ||
        by_tables(b, G, v, nc, 1, q, bx, &wn, wn_at) < 0)
        goto oom;
    /* One pass for the frequencies and every crosstab.  Unweighted, each
       batch's respondents are counted by key and category, and the
       crosstabs added from those counts (whole numbers: the same sums). */
    uint32_t **joint = w ? NULL : joint_new(G, nc, s->n);
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
        if (joint) {
            for (size_t bt = 0; bt < G->n_batch; bt++)
                joint[bt][(size_t)G->key[bt][i] * nc + (size_t)c]++;
            continue;
        }
        for (size_t k = 0; k < q->n_by; k++) {
            int g = an_group_of(bx[k], i);
            if (g >= 0) {
                q->by[k].counts[(size_t)g * nc + (size_t)c]++;
                q->by[k].shares[(size_t)g * nc + (size_t)c] += wi;
                wn[wn_at[k] + (size_t)g] += wi;
            }
        }
    }
    for (size_t k = 0; joint && k < q->n_by; k++) {
        const struct grouping *x = bx[k];
        const uint32_t *t = joint[x->batch];
        for (size_t key = 0; key < G->n_keys[x->batch]; key++) {
            int g = x->map[key];
            for (size_t c = 0; g >= 0 && c < nc; c++) {
                double n = t[key * nc + c];
                q->by[k].counts[(size_t)g * nc + c] += n;
                q->by[k].shares[(size_t)g * nc + c] += n;
                wn[wn_at[k] + (size_t)g] += n;
            }
        }
    }
    joint_free(G, joint);
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
    for (size_t k = 0; k < q->n_by; k++) {
        struct an_qby *by = &q->by[k];
        size_t ng = by->n_groups;
        const double *wg = wn + wn_at[k];
        res = malloc((ng && nc ? ng * nc : 1) * sizeof *res);
        if (!res)
            goto oom;
        for (size_t g = 0; g < ng; g++)
            for (size_t c = 0; c < nc; c++) {
                by->group_n[g] += by->counts[g * nc + c];
                by->shares[g * nc + c] = wg[g] > 0 ? by->shares[g * nc + c] / wg[g] : NAN;
            }
        stats_chisq_test(by->counts, ng, nc, &by->chisq, res);
        for (size_t c = 0; c < nc; c++)
            for (size_t g = 0; g < ng; g++)
                by->residuals[c * ng + g] = res[g * nc + c];
        free(res);
        res = NULL;
    }
    free(idx), free(lut), free(count), free(wcount), free(wn), free(bx), free(wn_at);
    return 0;
oom:
    free(idx), free(lut), free(count), free(wcount), free(wn), free(bx), free(wn_at), free(res);
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
                          const double *w, const struct groupings *G, struct an_question *q)
{
    q->type = AN_Q_MULTI;
    q->dichotomy = dichotomy;
    q->n_cat = k;
    q->cat = an_take(b, k ? k : 1, sizeof *q->cat);
    q->of_responses = an_take(b, k ? k : 1, sizeof *q->of_responses);
    double *wc = calloc(k ? k : 1, sizeof *wc), *wn = NULL;
    const struct grouping **bx = malloc((G->n ? G->n : 1) * sizeof *bx);
    size_t *wn_at = malloc((G->n ? G->n : 1) * sizeof *wn_at);
    if (!q->cat || !q->of_responses || !wc || !bx || !wn_at ||
        by_tables(b, G, NULL, k, 0, q, bx, &wn, wn_at) < 0)
        goto oom;
    /* One pass for the options and every grouping's table. */
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
        for (size_t y = 0; y < q->n_by; y++) {
            struct an_qby *by = &q->by[y];
            int g = an_group_of(bx[y], i);
            if (g < 0)
                continue;
            by->group_n[g]++;
            wn[wn_at[y] + (size_t)g] += wi;
            for (size_t j = 0; j < k; j++)
                if (opt[j]->v[i] == 1) {
                    by->counts[(size_t)g * k + j]++;
                    by->shares[(size_t)g * k + j] += wi;
                }
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
    for (size_t y = 0; y < q->n_by; y++) {
        struct an_qby *by = &q->by[y];
        const double *wg = wn + wn_at[y];
        for (size_t g = 0; g < by->n_groups; g++)
            for (size_t j = 0; j < k; j++)
                by->shares[g * k + j] = wg[g] > 0 ? by->shares[g * k + j] / wg[g] : NAN;
    }
    free(wc), free(wn), free(bx), free(wn_at);
    return 0;
oom:
    free(wc), free(wn), free(bx), free(wn_at);
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
    struct groupings G = {.gr = calloc(max_gr, sizeof *G.gr)};
    struct numeric_work wk = {0};
    const struct survey_var **opts = malloc(s->n_vars * sizeof *opts);
    r->questions = an_take(b, nq, sizeof *r->questions);
    int rc = G.gr && opts && r->questions ? make_groupings(b, s, bands, opt, &G) : -1;
    size_t n_gr = G.n;
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
            rc = single_question(b, s, v, w, &G, q);
        else if (v->role == ROLE_NUMERIC)
            rc = an_numeric_question(b, s, v, w, &G, &wk, an_two_threads(opt, s->n), q);
        else
            rc = multi_question(b, s, opts, question_options(&og, j, opts), v->role == ROLE_OPTION,
                                w, &G, q);
    }
    groupings_free(&G);
    an_numeric_work_free(&wk);
    free(opts);
    free(og.order), free(og.at);
    if (rc < 0 || b->oom) {
        b->oom = 1;
        return -1;
    }
    return 0;
}
