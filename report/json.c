/* json.c — the pieces of canyu's JSON output that describe the input, and
 * the writer.  Keys are the stable ones of DESIGN.md.
 */
#include "report/json.h"

#include <math.h>
#include <string.h>

json_t *report_json_number(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

json_t *report_json_input(const struct survey *s)
{
    json_t *in = json_object();
    json_t *files = json_array();
    const char *enc = NULL;
    for (size_t i = 0; i < s->n_files; i++) {
        json_array_append_new(files, json_string(s->files[i].name));
        const char *e = survey_encoding_name(s->files[i].encoding);
        enc = !enc || !strcmp(enc, e) ? e : "mixed";
    }
    json_object_set_new(in, "files", files);
    json_object_set_new(in, "encoding", json_string(enc ? enc : "utf-8"));
    json_object_set_new(in, "rows_read", json_integer(s->rows_read));
    json_object_set_new(in, "rows_loaded", json_integer(s->rows_loaded));
    json_object_set_new(in, "rows_excluded", json_integer(s->rows_excluded));
    json_t *ex = json_array();
    for (size_t i = 0; i < s->n_problems; i++) {
        const struct survey_problem *p = &s->problems[i];
        if (!survey_reason_rejects(p->reason))
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(p->file));
        json_object_set_new(o, "line", json_integer(p->line));
        json_object_set_new(o, "column", json_string(p->column));
        json_object_set_new(o, "value", json_string(p->value));
        json_object_set_new(o, "reason", json_string(survey_reason_key(p->reason)));
        json_object_set_new(o, "detail", json_string(p->detail));
        json_array_append_new(ex, o);
    }
    json_object_set_new(in, "excluded", ex);
    json_object_set_new(in, "warnings", json_integer(s->warnings));
    json_object_set_new(in, "speeders", json_integer(s->speeders));
    json_object_set_new(in, "straight_liners", json_integer(s->straight_liners));
    return in;
}

json_t *report_json_age_bands(const struct survey_bands *b)
{
    json_t *a = json_array();
    for (size_t i = 0; i < b->n; i++)
        json_array_append_new(a, json_string(b->band[i].label));
    return a;
}

int report_json_write(json_t *root, FILE *out)
{
    if (json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) < 0)
        return -1;
    return fputc('\n', out) == EOF ? -1 : 0;
}

/* ## Results */

static json_t *num(double x)
{
    return report_json_number(x);
}

static json_t *rate_obj(const struct an_rate *r, int with_counts)
{
    json_t *o = json_object();
    if (r->group)
        json_object_set_new(o, "group", json_string(r->group));
    json_object_set_new(o, "n", json_integer((json_int_t)r->n));
    if (with_counts)
        json_object_set_new(o, "participants", json_integer((json_int_t)r->participants));
    json_object_set_new(o, "rate", num(r->rate));
    if (with_counts) {
        json_object_set_new(o, "ci_low", num(r->ci_low));
        json_object_set_new(o, "ci_high", num(r->ci_high));
    }
    return o;
}

static json_t *mean_obj(const struct an_mean *m, int with_ci)
{
    json_t *o = json_object();
    if (m->group)
        json_object_set_new(o, "group", json_string(m->group));
    json_object_set_new(o, "n", json_integer((json_int_t)m->n));
    json_object_set_new(o, "mean", num(m->mean));
    json_object_set_new(o, "sd", num(m->sd));
    if (with_ci) {
        json_object_set_new(o, "ci_low", num(m->ci_low));
        json_object_set_new(o, "ci_high", num(m->ci_high));
    }
    return o;
}

static json_t *test_obj(const struct an_test *t, const char *key)
{
    json_t *o = json_object();
    json_object_set_new(o, key, num(t->statistic));
    json_object_set_new(o, "df", num(t->df));
    json_object_set_new(o, "p_value", num(t->p_value));
    return o;
}

static json_t *shares(const struct an_share *s, size_t n, const char *key, const char *count_key)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, key, json_string(s[i].label));
        json_object_set_new(o, count_key, json_integer((json_int_t)s[i].n));
        json_object_set_new(o, "share", num(s[i].share));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *numbers(const double *x, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, num(x[i]));
    return a;
}

/* ## Item statistics and validity */

/* A scale's "item_stats": per item the scale mean and variance if it is
   deleted, its corrected item-total correlation and alpha if deleted. */
static json_t *item_stats_arr(const struct an_scale *S)
{
    json_t *a = json_array();
    for (size_t q = 0; q < S->k; q++) {
        json_t *o = json_object();
        json_object_set_new(o, "column", json_string(S->items[q]));
        json_object_set_new(o, "scale_mean_if_deleted",
                            num(S->scale_mean_if_deleted ? S->scale_mean_if_deleted[q] : NAN));
        json_object_set_new(o, "scale_var_if_deleted",
                            num(S->scale_var_if_deleted ? S->scale_var_if_deleted[q] : NAN));
        json_object_set_new(o, "item_total", num(S->item_total ? S->item_total[q] : NAN));
        json_object_set_new(o, "alpha_if_deleted",
                            num(S->alpha_if_deleted ? S->alpha_if_deleted[q] : NAN));
        json_array_append_new(a, o);
    }
    return a;
}

/* VALIDITY, or null for V NULL.  When the correlation matrix could not be
   analysed (singular, a constant item, too few respondents) every figure
   but "items" and "n" is null. */
static json_t *validity_obj(const struct an_validity *V)
{
    if (!V)
        return json_null();
    json_t *o = json_object(), *items = json_array();
    for (size_t i = 0; i < V->k; i++)
        json_array_append_new(items, json_string(V->items[i]));
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "n", json_integer((json_int_t)V->n));
    int ok = V->status == AN_VALIDITY_OK;
    size_t K = V->factors;
    json_object_set_new(o, "kmo", num(ok ? V->kmo : NAN));
    json_object_set_new(o, "kmo_items", ok ? numbers(V->kmo_items, V->k) : json_null());
    json_t *b = json_null();
    if (ok) {
        b = json_object();
        json_object_set_new(b, "chi_square", num(V->bartlett.statistic));
        json_object_set_new(b, "df", num(V->bartlett.df));
        json_object_set_new(b, "p_value", num(V->bartlett.p_value));
    }
    json_object_set_new(o, "bartlett", b);
    json_object_set_new(o, "eigenvalues", ok ? numbers(V->eigenvalues, V->k) : json_null());
    json_object_set_new(o, "factors", ok ? json_integer((json_int_t)K) : json_null());
    json_t *l = json_null();
    if (ok) {
        l = json_array();
        for (size_t i = 0; i < V->k; i++)
            json_array_append_new(l, numbers(V->loadings + i * K, K));
    }
    json_object_set_new(o, "loadings", l);
    json_object_set_new(o, "ss_loadings", ok ? numbers(V->ss_loadings, K) : json_null());
    json_object_set_new(o, "variance_pct", ok ? numbers(V->variance_pct, K) : json_null());
    json_object_set_new(o, "cumulative_pct", ok ? numbers(V->cumulative_pct, K) : json_null());
    return o;
}

static json_t *likert_obj(const struct an_likert *L, size_t nb, size_t ncomm)
{
    json_t *o = json_object(), *items = json_array(), *scales = json_array();
    for (size_t i = 0; i < L->n_items; i++) {
        const struct an_item *it = &L->items[i];
        json_t *j = json_object();
        json_object_set_new(j, "column", json_string(it->column));
        json_object_set_new(j, "label", json_string(it->label_zh));
        json_object_set_new(j, "label_en", json_string(it->label_en));
        json_object_set_new(j, "n", json_integer((json_int_t)it->stat.n));
        json_object_set_new(j, "mean", num(it->stat.mean));
        json_object_set_new(j, "sd", num(it->stat.sd));
        json_object_set_new(j, "ci_low", num(it->stat.ci_low));
        json_object_set_new(j, "ci_high", num(it->stat.ci_high));
        json_object_set_new(j, "top2", num(it->top2));
        json_t *d = json_array();
        for (int k = 0; k <= it->max - it->min; k++)
            json_array_append_new(d, json_integer((json_int_t)it->distribution[k]));
        json_object_set_new(j, "distribution", d);
        json_array_append_new(items, j);
    }
    for (size_t s = 0; s < L->n_scales; s++) {
        const struct an_scale *S = &L->scales[s];
        json_t *j = json_object(), *names = json_array();
        json_object_set_new(j, "scale", json_string(S->name));
        for (size_t k = 0; k < S->k; k++)
            json_array_append_new(names, json_string(S->items[k]));
        json_object_set_new(j, "items", names);
        json_object_set_new(j, "n", json_integer((json_int_t)S->n));
        json_object_set_new(j, "alpha", num(S->alpha));
        json_object_set_new(j, "std_alpha", num(S->std_alpha));
        json_object_set_new(j, "item_total", S->item_total ? numbers(S->item_total, S->k) : json_null());
        json_object_set_new(j, "alpha_if_deleted",
                            S->alpha_if_deleted ? numbers(S->alpha_if_deleted, S->k) : json_null());
        json_object_set_new(j, "index", mean_obj(&S->index, 1));
        json_t *ba = json_array(), *bc = json_array();
        for (size_t b = 0; b < nb; b++)
            json_array_append_new(ba, mean_obj(&S->by_age[b], 0));
        for (size_t c = 0; c < ncomm; c++)
            json_array_append_new(bc, mean_obj(&S->by_community[c], 0));
        json_object_set_new(j, "by_age_group", ba);
        json_object_set_new(j, "by_community", bc);
        json_object_set_new(j, "test_community", test_obj(&S->test_community, "kruskal_wallis"));
        json_object_set_new(j, "test_age_group", test_obj(&S->test_age, "kruskal_wallis"));
        json_object_set_new(j, "item_stats", item_stats_arr(S));
        json_object_set_new(j, "validity", validity_obj(S->validity));
        json_array_append_new(scales, j);
    }
    json_object_set_new(o, "items", items);
    json_object_set_new(o, "scales", scales);
    json_object_set_new(o, "validity", validity_obj(L->validity));
    return o;
}

static const char *const weighting_names[] = {
    [AN_WEIGHT_NONE] = "none", [AN_WEIGHT_COLUMN] = "weights", [AN_WEIGHT_RAKING] = "raking"};

void report_json_results(json_t *root, const struct an_results *r)
{
    size_t nb = r->n_bands, ncomm = r->n_community;
    json_t *w = json_object();
    json_object_set_new(w, "method", json_string(weighting_names[r->weighting]));
    json_object_set_new(w, "effective_n", num(r->effective_n));
    json_object_set_new(w, "design_effect", num(r->design_effect));
    json_object_set_new(w, "iterations", json_integer(r->rake_iterations));
    json_object_set_new(root, "weighting", w);

    json_t *p = json_object();
    json_object_set_new(p, "age_group", shares(r->age_group, nb, "group", "n"));
    json_object_set_new(p, "age_group_missing", json_integer((json_int_t)r->age_group_missing));
    json_object_set_new(p, "gender", shares(r->gender, r->n_gender, "group", "n"));
    json_object_set_new(p, "party_member", shares(r->party_member, r->n_party_member, "group", "n"));
    json_object_set_new(p, "subdistrict", shares(r->subdistrict, r->n_subdistrict, "group", "n"));
    json_object_set_new(p, "community", shares(r->community, r->n_community, "group", "n"));
    json_object_set_new(root, "profile", p);

    json_t *pa = json_object();
    json_object_set_new(pa, "overall", rate_obj(&r->overall, 1));
    json_t *ba = json_array(), *bc = json_array();
    for (size_t b = 0; b < nb; b++)
        json_array_append_new(ba, rate_obj(&r->part_by_age[b], 1));
    for (size_t c = 0; c < ncomm; c++)
        json_array_append_new(bc, rate_obj(&r->part_by_community[c], 1));
    json_object_set_new(pa, "by_age_group", ba);
    json_object_set_new(pa, "by_community", bc);
    json_t *t = json_object();
    json_object_set_new(t, "chi_square", num(r->chisq.statistic));
    json_object_set_new(t, "df", num(r->chisq.df));
    json_object_set_new(t, "p_value", num(r->chisq.p_value));
    json_object_set_new(t, "cramers_v", num(r->chisq.cramers_v));
    json_object_set_new(t, "linear_by_linear", test_obj(&r->linear_by_linear, "statistic"));
    json_object_set_new(t, "adjusted_residuals", numbers(r->adjusted_residuals, nb));
    json_object_set_new(pa, "test_age_group", t);
    json_t *acts = json_array();
    for (size_t k = 0; k < r->n_activities; k++) {
        const struct an_activity *a = &r->activities[k];
        json_t *o = json_object(), *by = json_array();
        json_object_set_new(o, "column", json_string(a->column));
        json_object_set_new(o, "label", json_string(a->label_zh));
        json_object_set_new(o, "label_en", json_string(a->label_en));
        json_object_set_new(o, "n", json_integer((json_int_t)a->all.n));
        json_object_set_new(o, "rate", num(a->all.rate));
        json_object_set_new(o, "ci_low", num(a->all.ci_low));
        json_object_set_new(o, "ci_high", num(a->all.ci_high));
        for (size_t b = 0; b < nb; b++)
            json_array_append_new(by, rate_obj(&a->by_age[b], 0));
        json_object_set_new(o, "by_age_group", by);
        json_array_append_new(acts, o);
    }
    json_object_set_new(pa, "activities", acts);
    json_t *in = mean_obj(&r->intensity, 0), *ib = json_array();
    for (size_t b = 0; b < nb; b++)
        json_array_append_new(ib, mean_obj(&r->intensity_by_age[b], 0));
    json_object_set_new(in, "by_age_group", ib);
    json_object_set_new(pa, "intensity", in);
    if (r->has_barriers) {
        const struct an_barriers *B = &r->barriers;
        json_t *bo = json_object(), *bab = json_array();
        json_object_set_new(bo, "n", json_integer((json_int_t)B->n));
        json_object_set_new(bo, "categories", shares(B->cat, B->n_cat, "category", "count"));
        for (size_t b = 0; b < nb; b++) {
            json_t *g = json_object();
            json_object_set_new(g, "group", json_string(r->age_bands[b]));
            json_object_set_new(g, "n", json_integer((json_int_t)B->by_age_n[b]));
            json_object_set_new(g, "categories",
                                shares(B->by_age + b * B->n_cat, B->n_cat, "category", "count"));
            json_array_append_new(bab, g);
        }
        json_object_set_new(bo, "by_age_group", bab);
        json_object_set_new(pa, "barriers", bo);
    } else {
        json_object_set_new(pa, "barriers", json_null());
    }
    json_object_set_new(root, "participation", r->has_participation ? pa : json_null());
    if (!r->has_participation)
        json_decref(pa);

    json_object_set_new(root, "satisfaction", likert_obj(&r->satisfaction, nb, ncomm));
    json_object_set_new(root, "trust", likert_obj(&r->trust, nb, ncomm));

    json_t *as = json_object(), *sp = json_array();
    for (size_t k = 0; k < r->n_spearman; k++) {
        json_t *o = json_object();
        json_object_set_new(o, "scale", json_string(r->spearman[k].scale));
        json_object_set_new(o, "with", json_string("participation_intensity"));
        json_object_set_new(o, "n", json_integer((json_int_t)r->spearman[k].n));
        json_object_set_new(o, "rho", num(r->spearman[k].rho));
        json_object_set_new(o, "p_value", num(r->spearman[k].p_value));
        json_array_append_new(sp, o);
    }
    json_object_set_new(as, "spearman", sp);
    if (r->logit_fitted) {
        json_t *lg = json_object(), *terms = json_array();
        json_object_set_new(lg, "outcome", json_string("participant"));
        json_object_set_new(lg, "n", json_integer((json_int_t)r->logit_n));
        json_object_set_new(lg, "converged", json_boolean(r->logit_converged));
        for (size_t k = 0; k < r->n_terms; k++) {
            const struct an_term *T = &r->terms[k];
            json_t *o = json_object();
            json_object_set_new(o, "term", json_string(T->term));
            json_object_set_new(o, "coef", num(T->coef));
            json_object_set_new(o, "se", num(T->se));
            json_object_set_new(o, "z", num(T->z));
            json_object_set_new(o, "p_value", num(T->p_value));
            json_object_set_new(o, "odds_ratio", num(T->odds_ratio));
            json_object_set_new(o, "or_ci_low", num(T->or_ci_low));
            json_object_set_new(o, "or_ci_high", num(T->or_ci_high));
            json_array_append_new(terms, o);
        }
        json_object_set_new(lg, "terms", terms);
        json_object_set_new(as, "logistic", lg);
    } else {
        json_object_set_new(as, "logistic", json_null());
    }
    json_object_set_new(root, "association", as);
}
