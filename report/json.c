/* json.c — canyu's JSON output: the documents of `canyu report` and
 * `canyu compare`, the pieces that describe the input, the results, and the
 * writer.  Keys are the stable ones of docs/json.md, in a fixed order.
 *
 * Every jansson call is checked through set() and add(), which latch a
 * failure in *BAD: a constructor that failed returns NULL, and setting or
 * appending NULL fails, so checking the setters checks the constructors
 * too.  Each public builder checks *BAD once, at its end, and returns the
 * whole object or nothing.
 */
#include "report/json.h"
#include "report/compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void report_json_set(int *failed, json_t *obj, const char *key, json_t *value)
{
    /* jansson releases VALUE when it cannot take it. */
    if (json_object_set_new(obj, key, value) != 0)
        *failed = 1;
}

void report_json_append(int *failed, json_t *arr, json_t *value)
{
    if (json_array_append_new(arr, value) != 0)
        *failed = 1;
}

static void set(int *bad, json_t *obj, const char *key, json_t *value)
{
    report_json_set(bad, obj, key, value);
}

static void add(int *bad, json_t *arr, json_t *value)
{
    report_json_append(bad, arr, value);
}

/* OBJ when nothing failed, else NULL (OBJ released). */
static json_t *whole(int bad, json_t *obj)
{
    if (!bad)
        return obj;
    json_decref(obj);
    return NULL;
}

json_t *report_json_number(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

json_t *report_json_string(const char *s)
{
    json_t *j = json_string(s);
    if (j || !s)
        return j;
    /* NULL: out of memory, or S is not valid UTF-8.  Copy it with U+FFFD
       (3 bytes) for each invalid byte; a valid S failed for memory. */
    size_t n = strlen(s), bad_bytes = 0;
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &c);
        if (k < 0) {
            bad_bytes++;
            k = 1;
        }
        i += (size_t)k;
    }
    if (!bad_bytes)
        return NULL;
    char *copy = malloc(n + 2 * bad_bytes + 1), *to = copy;
    if (!copy)
        return NULL;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &c);
        if (k < 0) {
            memcpy(to, "\xEF\xBF\xBD", 3);
            to += 3;
            i++;
        } else {
            memcpy(to, s + i, (size_t)k);
            to += k;
            i += (size_t)k;
        }
    }
    *to = '\0';
    j = json_string(copy);
    free(copy);
    return j;
}

static json_t *str(const char *s)
{
    return report_json_string(s);
}

static json_t *input_obj(int *bad, const struct an_input *s)
{
    json_t *in = json_object();
    json_t *files = json_array(), *info = json_array();
    const char *enc = NULL;
    for (size_t i = 0; i < s->n_files; i++) {
        const struct an_file *f = &s->files[i];
        add(bad, files, str(f->name));
        enc = !enc || !strcmp(enc, f->encoding) ? f->encoding : "mixed";
        json_t *o = json_object();
        set(bad, o, "name", str(f->name));
        set(bad, o, "format", str(f->format));
        set(bad, o, "encoding", str(f->encoding));
        set(bad, o, "sheet", f->sheet ? str(f->sheet) : json_null());
        set(bad, o, "rows_read", json_integer(f->rows_read));
        set(bad, o, "rows_loaded", json_integer(f->rows_loaded));
        set(bad, o, "rows_excluded", json_integer(f->rows_excluded));
        set(bad, o, "blank", json_integer(f->blank));
        add(bad, info, o);
    }
    set(bad, in, "files", files);
    set(bad, in, "encoding", str(enc ? enc : "utf-8"));
    set(bad, in, "rows_read", json_integer(s->rows_read));
    set(bad, in, "rows_loaded", json_integer(s->rows_loaded));
    set(bad, in, "rows_excluded", json_integer(s->rows_excluded));
    set(bad, in, "blank", json_integer(s->blank));
    json_t *ex = json_array();
    for (size_t i = 0; i < s->n_problems; i++) {
        const struct an_problem *p = &s->problems[i];
        json_t *o = json_object();
        set(bad, o, "file", str(p->file));
        set(bad, o, "line", json_integer(p->line));
        set(bad, o, "column", str(p->column));
        set(bad, o, "value", str(p->value));
        set(bad, o, "reason", str(p->reason));
        set(bad, o, "detail", str(p->detail));
        add(bad, ex, o);
    }
    set(bad, in, "excluded", ex);
    set(bad, in, "warnings", json_integer(s->warnings));
    set(bad, in, "speeders", json_integer(s->speeders));
    set(bad, in, "straight_liners", json_integer(s->straight_liners));
    set(bad, in, "file_info", info);
    return in;
}

static json_t *age_bands(int *bad, const char *const *labels, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        add(bad, a, str(labels[i]));
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

/* A label in the report's language: the English one (EN_LABEL) when EN and
   the codebook gives one, else the label as written (ZH). */
static json_t *label(int en, const char *zh, const char *en_label)
{
    return str(en && en_label && *en_label ? en_label : zh);
}

static json_t *rate_obj(int *bad, const struct an_rate *r, int with_counts, int en)
{
    json_t *o = json_object();
    if (r->group)
        set(bad, o, "group", label(en, r->group, r->group_en));
    set(bad, o, "n", json_integer((json_int_t)r->n));
    if (with_counts)
        set(bad, o, "participants", json_integer((json_int_t)r->participants));
    set(bad, o, "rate", num(r->rate));
    if (with_counts) {
        set(bad, o, "ci_low", num(r->ci_low));
        set(bad, o, "ci_high", num(r->ci_high));
    }
    return o;
}

static json_t *mean_obj(int *bad, const struct an_mean *m, int with_ci, int en)
{
    json_t *o = json_object();
    if (m->group)
        set(bad, o, "group", label(en, m->group, m->group_en));
    set(bad, o, "n", json_integer((json_int_t)m->n));
    set(bad, o, "mean", num(m->mean));
    set(bad, o, "sd", num(m->sd));
    if (with_ci) {
        set(bad, o, "ci_low", num(m->ci_low));
        set(bad, o, "ci_high", num(m->ci_high));
    }
    return o;
}

static json_t *test_obj(int *bad, const struct an_test *t, const char *key)
{
    json_t *o = json_object();
    set(bad, o, key, num(t->statistic));
    set(bad, o, "df", num(t->df));
    set(bad, o, "p_value", num(t->p_value));
    return o;
}

static json_t *shares(int *bad, const struct an_share *s, size_t n, const char *key,
                      const char *count_key, int en)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        set(bad, o, key, label(en, s[i].label, s[i].label_en));
        set(bad, o, count_key, json_integer((json_int_t)s[i].n));
        set(bad, o, "share", num(s[i].share));
        add(bad, a, o);
    }
    return a;
}

static json_t *numbers(int *bad, const double *x, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        add(bad, a, num(x[i]));
    return a;
}

/* ## Item statistics and validity */

/* A scale's "item_stats": per item the scale mean and variance if it is
   deleted, its corrected item-total correlation and alpha if deleted. */
static json_t *item_stats_arr(int *bad, const struct an_scale *S)
{
    json_t *a = json_array();
    for (size_t q = 0; q < S->k; q++) {
        json_t *o = json_object();
        set(bad, o, "column", str(S->items[q]));
        set(bad, o, "scale_mean_if_deleted",
                            num(S->scale_mean_if_deleted ? S->scale_mean_if_deleted[q] : NAN));
        set(bad, o, "scale_var_if_deleted",
                            num(S->scale_var_if_deleted ? S->scale_var_if_deleted[q] : NAN));
        set(bad, o, "item_total", num(S->item_total ? S->item_total[q] : NAN));
        set(bad, o, "alpha_if_deleted",
                            num(S->alpha_if_deleted ? S->alpha_if_deleted[q] : NAN));
        add(bad, a, o);
    }
    return a;
}

/* VALIDITY, or null for V NULL.  When the correlation matrix could not be
   analysed (singular, a constant item, too few respondents) every figure
   but "items" and "n" is null. */
static json_t *validity_obj(int *bad, const struct an_validity *V)
{
    if (!V)
        return json_null();
    json_t *o = json_object(), *items = json_array();
    for (size_t i = 0; i < V->k; i++)
        add(bad, items, str(V->items[i]));
    set(bad, o, "items", items);
    set(bad, o, "n", json_integer((json_int_t)V->n));
    int ok = V->status == AN_VALIDITY_OK;
    size_t K = V->factors;
    set(bad, o, "kmo", num(ok ? V->kmo : NAN));
    set(bad, o, "kmo_items", ok ? numbers(bad, V->kmo_items, V->k) : json_null());
    json_t *b = json_null();
    if (ok) {
        b = json_object();
        set(bad, b, "chi_square", num(V->bartlett.statistic));
        set(bad, b, "df", num(V->bartlett.df));
        set(bad, b, "p_value", num(V->bartlett.p_value));
    }
    set(bad, o, "bartlett", b);
    set(bad, o, "eigenvalues", ok ? numbers(bad, V->eigenvalues, V->k) : json_null());
    set(bad, o, "factors", ok ? json_integer((json_int_t)K) : json_null());
    json_t *l = json_null();
    if (ok) {
        l = json_array();
        for (size_t i = 0; i < V->k; i++)
            add(bad, l, numbers(bad, V->loadings + i * K, K));
    }
    set(bad, o, "loadings", l);
    set(bad, o, "ss_loadings", ok ? numbers(bad, V->ss_loadings, K) : json_null());
    set(bad, o, "variance_pct", ok ? numbers(bad, V->variance_pct, K) : json_null());
    set(bad, o, "cumulative_pct", ok ? numbers(bad, V->cumulative_pct, K) : json_null());
    return o;
}

static json_t *comparison_obj(int *bad, const struct stats_comparison *c);

/* A scale's "by": its index across the groups of each grouping. */
static json_t *scale_by(int *bad, const struct an_scale *S, int en)
{
    json_t *a = json_array();
    for (size_t k = 0; k < S->n_by; k++) {
        const struct an_qby *by = &S->by[k];
        json_t *o = json_object(), *groups = json_array();
        set(bad, o, "variable", str(by->variable));
        for (size_t g = 0; g < by->n_groups; g++)
            add(bad, groups, mean_obj(bad, &by->means[g], 0, en));
        set(bad, o, "groups", groups);
        set(bad, o, "comparison", comparison_obj(bad, &by->comparison));
        add(bad, a, o);
    }
    return a;
}

static json_t *likert_obj(int *bad, const struct an_likert *L, size_t nb, size_t ncomm, int en)
{
    json_t *o = json_object(), *items = json_array(), *scales = json_array();
    for (size_t i = 0; i < L->n_items; i++) {
        const struct an_item *it = &L->items[i];
        json_t *j = json_object();
        set(bad, j, "column", str(it->column));
        set(bad, j, "label", label(en, it->label_zh, it->label_en));
        set(bad, j, "label_en", str(it->label_en));
        set(bad, j, "reverse", json_boolean(it->reverse));
        set(bad, j, "n", json_integer((json_int_t)it->stat.n));
        set(bad, j, "mean", num(it->stat.mean));
        set(bad, j, "sd", num(it->stat.sd));
        set(bad, j, "ci_low", num(it->stat.ci_low));
        set(bad, j, "ci_high", num(it->stat.ci_high));
        set(bad, j, "top2", num(it->top2));
        json_t *d = json_array();
        for (int k = 0; k <= it->max - it->min; k++)
            add(bad, d, json_integer((json_int_t)it->distribution[k]));
        set(bad, j, "distribution", d);
        add(bad, items, j);
    }
    for (size_t s = 0; s < L->n_scales; s++) {
        const struct an_scale *S = &L->scales[s];
        json_t *j = json_object(), *names = json_array();
        set(bad, j, "scale", str(S->name));
        set(bad, j, "label", label(en, S->label_zh, S->label_en));
        set(bad, j, "label_en", str(S->label_en));
        for (size_t k = 0; k < S->k; k++)
            add(bad, names, str(S->items[k]));
        set(bad, j, "items", names);
        set(bad, j, "n", json_integer((json_int_t)S->n));
        set(bad, j, "alpha", num(S->alpha));
        set(bad, j, "std_alpha", num(S->std_alpha));
        set(bad, j, "item_total", S->item_total ? numbers(bad, S->item_total, S->k) : json_null());
        set(bad, j, "alpha_if_deleted",
                            S->alpha_if_deleted ? numbers(bad, S->alpha_if_deleted, S->k) : json_null());
        set(bad, j, "index", mean_obj(bad, &S->index, 1, en));
        json_t *ba = json_array(), *bc = json_array();
        for (size_t b = 0; b < nb; b++)
            add(bad, ba, mean_obj(bad, &S->by_age[b], 0, en));
        for (size_t c = 0; c < ncomm; c++)
            add(bad, bc, mean_obj(bad, &S->by_community[c], 0, en));
        set(bad, j, "by_age_group", ba);
        set(bad, j, "by_community", bc);
        set(bad, j, "test_community", test_obj(bad, &S->test_community, "kruskal_wallis"));
        set(bad, j, "test_age_group", test_obj(bad, &S->test_age, "kruskal_wallis"));
        set(bad, j, "by", scale_by(bad, S, en));
        set(bad, j, "item_stats", item_stats_arr(bad, S));
        set(bad, j, "validity", validity_obj(bad, S->validity));
        add(bad, scales, j);
    }
    set(bad, o, "items", items);
    set(bad, o, "scales", scales);
    set(bad, o, "validity", validity_obj(bad, L->validity));
    return o;
}

static const char *const weighting_names[] = {
    [AN_WEIGHT_NONE] = "none", [AN_WEIGHT_COLUMN] = "weights", [AN_WEIGHT_RAKING] = "raking"};

/* ## Any question */

static json_t *test_pair(int *bad, const struct stats_diff *d)
{
    if (!isfinite(d->statistic))
        return json_null();
    json_t *o = json_object();
    set(bad, o, "t", num(d->statistic));
    set(bad, o, "df", num(d->df));
    set(bad, o, "p_value", num(d->p_value));
    return o;
}

static json_t *f_obj(int *bad, const struct stats_f_test *f, const double *eta)
{
    json_t *o = json_object();
    set(bad, o, "f", num(f->statistic));
    set(bad, o, "df1", num(f->df1));
    set(bad, o, "df2", num(f->df2));
    set(bad, o, "p_value", num(f->p_value));
    if (eta)
        set(bad, o, "eta_squared", num(*eta));
    return o;
}

/* COMPARISON: every test of a mean across groups. */
static json_t *comparison_obj(int *bad, const struct stats_comparison *c)
{
    json_t *o = json_object();
    set(bad, o, "t_test", test_pair(bad, &c->student));
    set(bad, o, "welch_t", test_pair(bad, &c->welch));
    struct stats_f_test aov = {c->anova.statistic, c->anova.df1, c->anova.df2, c->anova.p_value};
    set(bad, o, "anova", f_obj(bad, &aov, &c->anova.eta_squared));
    set(bad, o, "welch_anova", f_obj(bad, &c->welch_anova, NULL));
    set(bad, o, "levene", f_obj(bad, &c->levene, NULL));
    struct an_test kw = {c->kruskal_wallis.statistic, c->kruskal_wallis.df,
                         c->kruskal_wallis.p_value};
    set(bad, o, "kruskal_wallis", test_obj(bad, &kw, "kruskal_wallis"));
    return o;
}

static json_t *question_by(int *bad, const struct an_question *q, const struct an_qby *by, int en)
{
    json_t *o = json_object(), *groups = json_array();
    set(bad, o, "variable", str(by->variable));
    size_t nc = q->n_cat;
    for (size_t g = 0; g < by->n_groups; g++) {
        json_t *x = json_object();
        set(bad, x, "group", str(en ? by->groups_en[g] : by->groups[g]));
        set(bad, x, "n", json_integer((json_int_t)by->group_n[g]));
        if (q->type != AN_Q_NUMERIC) {
            json_t *counts = json_array(), *sh = json_array();
            for (size_t c = 0; c < nc; c++) {
                add(bad, counts, json_integer((json_int_t)by->counts[g * nc + c]));
                add(bad, sh, num(by->shares[g * nc + c]));
            }
            set(bad, x, "counts", counts);
            set(bad, x, "shares", sh);
        } else {
            set(bad, x, "mean", num(by->means[g].mean));
            set(bad, x, "sd", num(by->means[g].sd));
        }
        add(bad, groups, x);
    }
    set(bad, o, "groups", groups);
    if (q->type == AN_Q_SINGLE) {
        json_t *t = json_object(), *res = json_array();
        set(bad, t, "chi_square", num(by->chisq.statistic));
        set(bad, t, "df", num(by->chisq.df));
        set(bad, t, "p_value", num(by->chisq.p_value));
        set(bad, t, "cramers_v", num(by->chisq.cramers_v));
        set(bad, t, "expected_below_5", json_integer((json_int_t)by->chisq.small_expected));
        for (size_t c = 0; c < nc; c++)
            add(bad, res, numbers(bad, by->residuals + c * by->n_groups, by->n_groups));
        set(bad, t, "adjusted_residuals", res);
        set(bad, o, "test", t);
    } else if (q->type == AN_Q_NUMERIC) {
        set(bad, o, "comparison", comparison_obj(bad, &by->comparison));
    }
    return o;
}

static const char *const question_types[] = {
    [AN_Q_SINGLE] = "single", [AN_Q_NUMERIC] = "numeric", [AN_Q_MULTI] = "multi"};

static json_t *questions_arr(int *bad, const struct an_results *r, int en)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->n_questions; i++) {
        const struct an_question *q = &r->questions[i];
        json_t *o = json_object();
        set(bad, o, "column", str(q->column));
        set(bad, o, "label", str(en ? q->label_en : q->label_zh));
        set(bad, o, "type", str(question_types[q->type]));
        set(bad, o, "n", json_integer((json_int_t)q->n));
        if (q->type == AN_Q_SINGLE) {
            json_t *cats = json_array();
            for (size_t c = 0; c < q->n_cat; c++) {
                json_t *x = json_object();
                set(bad, x, "code", json_integer(q->cat[c].code));
                set(bad, x, "label", str(en ? q->cat[c].label_en : q->cat[c].label));
                set(bad, x, "count", json_integer((json_int_t)q->cat[c].n));
                set(bad, x, "share", num(q->cat[c].share));
                set(bad, x, "ci_low", num(q->ci_low[c]));
                set(bad, x, "ci_high", num(q->ci_high[c]));
                add(bad, cats, x);
            }
            set(bad, o, "categories", cats);
        } else if (q->type == AN_Q_MULTI) {
            /* Percentages 0-100, as SPSS MULT RESPONSE prints them. */
            json_t *opts = json_array();
            set(bad, o, "cases", json_integer((json_int_t)q->cases));
            set(bad, o, "responses", json_integer((json_int_t)q->responses));
            for (size_t c = 0; c < q->n_cat; c++) {
                json_t *x = json_object();
                set(bad, x, "code", json_integer(q->cat[c].code));
                set(bad, x, "label", str(en ? q->cat[c].label_en : q->cat[c].label));
                set(bad, x, "count", json_integer((json_int_t)q->cat[c].n));
                set(bad, x, "pct_of_responses", num(100 * q->of_responses[c]));
                set(bad, x, "pct_of_cases", num(100 * q->cat[c].share));
                add(bad, opts, x);
            }
            set(bad, o, "options", opts);
        } else {
            set(bad, o, "mean", num(q->mean));
            set(bad, o, "sd", num(q->sd));
            set(bad, o, "median", num(q->quart.median));
            set(bad, o, "q1", num(q->quart.q1));
            set(bad, o, "q3", num(q->quart.q3));
            set(bad, o, "min", num(q->quart.min));
            set(bad, o, "max", num(q->quart.max));
        }
        json_t *by = json_array();
        for (size_t k = 0; k < q->n_by; k++)
            add(bad, by, question_by(bad, q, &q->by[k], en));
        set(bad, o, "by", by);
        add(bad, a, o);
    }
    return a;
}

/* "participation"."by": the rate in each category of each --by column and
   the test of participant × category. */
static json_t *participation_by(int *bad, const struct an_results *r, int en)
{
    json_t *a = json_array();
    for (size_t k = 0; k < r->n_part_by; k++) {
        const struct an_part_by *P = &r->part_by[k];
        json_t *o = json_object(), *groups = json_array(), *t = json_object();
        set(bad, o, "variable", str(P->variable));
        for (size_t g = 0; g < P->n_groups; g++)
            add(bad, groups, rate_obj(bad, &P->rates[g], 1, en));
        set(bad, o, "groups", groups);
        set(bad, t, "chi_square", num(P->chisq.statistic));
        set(bad, t, "df", num(P->chisq.df));
        set(bad, t, "p_value", num(P->chisq.p_value));
        set(bad, t, "cramers_v", num(P->chisq.cramers_v));
        set(bad, t, "expected_below_5", json_integer((json_int_t)P->chisq.small_expected));
        set(bad, t, "adjusted_residuals", numbers(bad, P->adjusted_residuals, P->n_groups));
        set(bad, o, "test", t);
        add(bad, a, o);
    }
    return a;
}

static void results(int *bad, json_t *root, const struct an_results *r, int en)
{
    size_t nb = r->n_bands, ncomm = r->n_community;
    json_t *w = json_object();
    set(bad, w, "method", str(weighting_names[r->weighting]));
    set(bad, w, "effective_n", num(r->effective_n));
    set(bad, w, "design_effect", num(r->design_effect));
    set(bad, w, "iterations", json_integer(r->rake_iterations));
    set(bad, root, "weighting", w);

    json_t *p = json_object();
    set(bad, p, "age_group", shares(bad, r->age_group, nb, "group", "n", en));
    set(bad, p, "age_group_missing", json_integer((json_int_t)r->age_group_missing));
    set(bad, p, "gender", shares(bad, r->gender, r->n_gender, "group", "n", en));
    set(bad, p, "party_member", shares(bad, r->party_member, r->n_party_member, "group", "n", en));
    set(bad, p, "subdistrict", shares(bad, r->subdistrict, r->n_subdistrict, "group", "n", en));
    set(bad, p, "community", shares(bad, r->community, r->n_community, "group", "n", en));
    set(bad, root, "profile", p);
    if (r->n_questions)
        set(bad, root, "questions", questions_arr(bad, r, en));

    json_t *pa = json_object();
    set(bad, pa, "overall", rate_obj(bad, &r->overall, 1, en));
    json_t *ba = json_array(), *bc = json_array();
    for (size_t b = 0; b < nb; b++)
        add(bad, ba, rate_obj(bad, &r->part_by_age[b], 1, en));
    for (size_t c = 0; c < ncomm; c++)
        add(bad, bc, rate_obj(bad, &r->part_by_community[c], 1, en));
    set(bad, pa, "by_age_group", ba);
    set(bad, pa, "by_community", bc);
    json_t *t = json_object();
    set(bad, t, "chi_square", num(r->chisq.statistic));
    set(bad, t, "df", num(r->chisq.df));
    set(bad, t, "p_value", num(r->chisq.p_value));
    set(bad, t, "cramers_v", num(r->chisq.cramers_v));
    set(bad, t, "linear_by_linear", test_obj(bad, &r->linear_by_linear, "statistic"));
    set(bad, t, "adjusted_residuals", numbers(bad, r->adjusted_residuals, nb));
    set(bad, pa, "test_age_group", t);
    set(bad, pa, "by", participation_by(bad, r, en));
    json_t *acts = json_array();
    for (size_t k = 0; k < r->n_activities; k++) {
        const struct an_activity *a = &r->activities[k];
        json_t *o = json_object(), *by = json_array();
        set(bad, o, "column", str(a->column));
        set(bad, o, "label", label(en, a->label_zh, a->label_en));
        set(bad, o, "label_en", str(a->label_en));
        set(bad, o, "n", json_integer((json_int_t)a->all.n));
        set(bad, o, "rate", num(a->all.rate));
        set(bad, o, "ci_low", num(a->all.ci_low));
        set(bad, o, "ci_high", num(a->all.ci_high));
        for (size_t b = 0; b < nb; b++)
            add(bad, by, rate_obj(bad, &a->by_age[b], 0, en));
        set(bad, o, "by_age_group", by);
        add(bad, acts, o);
    }
    set(bad, pa, "activities", acts);
    json_t *in = mean_obj(bad, &r->intensity, 0, en), *ib = json_array();
    for (size_t b = 0; b < nb; b++)
        add(bad, ib, mean_obj(bad, &r->intensity_by_age[b], 0, en));
    set(bad, in, "by_age_group", ib);
    set(bad, pa, "intensity", in);
    if (r->has_barriers) {
        const struct an_barriers *B = &r->barriers;
        json_t *bo = json_object(), *bab = json_array();
        set(bad, bo, "n", json_integer((json_int_t)B->n));
        set(bad, bo, "categories", shares(bad, B->cat, B->n_cat, "category", "count", en));
        for (size_t b = 0; b < nb; b++) {
            json_t *g = json_object();
            set(bad, g, "group", str(r->age_bands[b]));
            set(bad, g, "n", json_integer((json_int_t)B->by_age_n[b]));
            set(bad, g, "categories",
                                shares(bad, B->by_age + b * B->n_cat, B->n_cat, "category", "count", en));
            add(bad, bab, g);
        }
        set(bad, bo, "by_age_group", bab);
        set(bad, pa, "barriers", bo);
    } else {
        set(bad, pa, "barriers", json_null());
    }
    set(bad, root, "participation", r->has_participation ? pa : json_null());
    if (!r->has_participation)
        json_decref(pa);

    set(bad, root, "satisfaction", likert_obj(bad, &r->satisfaction, nb, ncomm, en));
    set(bad, root, "trust", likert_obj(bad, &r->trust, nb, ncomm, en));
    if (r->likert.n_items) /* the key is there only for a codebook with such items */
        set(bad, root, "likert", likert_obj(bad, &r->likert, nb, ncomm, en));

    json_t *as = json_object(), *sp = json_array();
    for (size_t k = 0; k < r->n_spearman; k++) {
        json_t *o = json_object();
        set(bad, o, "scale", str(r->spearman[k].scale));
        set(bad, o, "with", str("participation_intensity"));
        set(bad, o, "n", json_integer((json_int_t)r->spearman[k].n));
        set(bad, o, "rho", num(r->spearman[k].rho));
        set(bad, o, "p_value", num(r->spearman[k].p_value));
        add(bad, sp, o);
    }
    set(bad, as, "spearman", sp);
    if (r->logit_fitted) {
        json_t *lg = json_object(), *terms = json_array();
        set(bad, lg, "outcome", str("participant"));
        set(bad, lg, "n", json_integer((json_int_t)r->logit_n));
        set(bad, lg, "converged", json_boolean(r->logit_converged));
        for (size_t k = 0; k < r->n_terms; k++) {
            const struct an_term *T = &r->terms[k];
            json_t *o = json_object();
            set(bad, o, "term", str(T->term)); /* an identifier, the same in every language */
            set(bad, o, "coef", num(T->coef));
            set(bad, o, "se", num(T->se));
            set(bad, o, "z", num(T->z));
            set(bad, o, "p_value", num(T->p_value));
            set(bad, o, "odds_ratio", num(T->odds_ratio));
            set(bad, o, "or_ci_low", num(T->or_ci_low));
            set(bad, o, "or_ci_high", num(T->or_ci_high));
            add(bad, terms, o);
        }
        set(bad, lg, "terms", terms);
        /* Each categorical variable's reference level, by the name its terms
           start with. */
        json_t *ref = json_object();
        for (size_t k = 0; k < r->n_logit_ref; k++)
            set(bad, ref, r->logit_ref[k].variable,
                r->logit_ref[k].label ? str(r->logit_ref[k].label) : json_null());
        set(bad, lg, "reference", ref);
        /* Predictors left out (none asked for is not estimable: no key). */
        static const char *const why[] = {[AN_DROP_NO_ANSWERS] = "no_answers",
                                          [AN_DROP_ONE_LEVEL] = "one_level",
                                          [AN_DROP_CONSTANT] = "constant"};
        if (r->n_logit_dropped) {
            json_t *dr = json_array();
            for (size_t k = 0; k < r->n_logit_dropped; k++) {
                json_t *o = json_object();
                set(bad, o, "term", str(r->logit_dropped[k].term));
                set(bad, o, "reason", str(why[r->logit_dropped[k].reason]));
                add(bad, dr, o);
            }
            set(bad, lg, "dropped", dr);
        }
        set(bad, as, "logistic", lg);
    } else {
        set(bad, as, "logistic", json_null());
    }
    set(bad, root, "association", as);
}

/* ## The documents */

json_t *report_json_input(const struct an_input *in)
{
    int bad = 0;
    json_t *o = input_obj(&bad, in);
    return whole(bad, o);
}

json_t *report_json_age_bands(const char *const *labels, size_t n)
{
    int bad = 0;
    json_t *a = age_bands(&bad, labels, n);
    return whole(bad, a);
}

int report_json_results(json_t *root, const struct an_results *r)
{
    int bad = 0;
    results(&bad, root, r, 0);
    return bad ? -1 : 0;
}

/* Set ROOT's "findings" to the N sentences F and free them; N < 0 (the
   findings failed for memory) is a failure. */
static void findings(int *bad, json_t *root, char **f, long n)
{
    if (n < 0) {
        *bad = 1;
        return;
    }
    json_t *a = json_array();
    for (long i = 0; i < n; i++)
        add(bad, a, str(f[i]));
    set(bad, root, "findings", a);
    report_findings_free(f, n);
}

json_t *report_json_report(const struct an_results *r, enum report_lang lang, const char *version)
{
    int bad = 0;
    json_t *root = json_object();
    set(&bad, root, "tool", str("canyu"));
    set(&bad, root, "version", str(version));
    set(&bad, root, "input", input_obj(&bad, &r->input));
    set(&bad, root, "age_bands", age_bands(&bad, r->age_bands, r->n_bands));
    results(&bad, root, r, lang == REPORT_LANG_EN);
    char **f = NULL;
    long nf = bad ? 0 : report_findings(r, lang, &f);
    findings(&bad, root, f, nf);
    return whole(bad, root);
}

/* Labels in English throughout J: every object holding both "label" and a
   non-empty "label_en" (an item, an activity) takes the English one as its
   "label".  The comparison's objects are built with both. */
static void english_labels(int *bad, json_t *j)
{
    size_t i;
    const char *key;
    json_t *v;
    if (json_is_array(j)) {
        json_array_foreach(j, i, v)
            english_labels(bad, v);
        return;
    }
    if (!json_is_object(j))
        return;
    const char *en = json_string_value(json_object_get(j, "label_en"));
    if (en && *en && json_object_get(j, "label"))
        set(bad, j, "label", str(en));
    json_object_foreach(j, key, v)
        english_labels(bad, v);
}

json_t *report_json_compare(const struct cmp_results *c, enum report_lang lang, const char *version)
{
    int bad = 0;
    json_t *root = json_object();
    set(&bad, root, "tool", str("canyu"));
    set(&bad, root, "version", str(version));
    if (!bad)
        report_compare_json(root, c);
    if (!bad && lang == REPORT_LANG_EN)
        english_labels(&bad, root);
    char **f = NULL;
    long nf = bad ? 0 : report_compare_findings(c, lang, &f);
    findings(&bad, root, f, nf);
    return whole(bad, root);
}
