/* compare_json.c — `canyu compare --format json`: the waves, participation
 * and scales across them with every change and its test (docs/json.md). */
#include "report/compare.h"
#include "report/json.h"
#include "report/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *jnum(double x)
{
    return report_json_number(x);
}

static json_t *jcount(double x)
{
    return isfinite(x) ? json_integer((json_int_t)llround(x)) : json_null();
}

static json_t *change_obj(const struct cmp_results *c, size_t i, const struct stats_diff *d,
                          int t_test, int with_waves)
{
    json_t *o = json_object();
    if (with_waves) {
        json_object_set_new(o, "from", json_string(c->waves[i].label));
        json_object_set_new(o, "to", json_string(c->waves[i + 1].label));
    }
    json_object_set_new(o, "difference", jnum(d->difference));
    json_object_set_new(o, "ci_low", jnum(d->ci_low));
    json_object_set_new(o, "ci_high", jnum(d->ci_high));
    json_object_set_new(o, t_test ? "t" : "z", jnum(d->statistic));
    if (t_test)
        json_object_set_new(o, "df", jnum(d->df));
    json_object_set_new(o, "p_value", jnum(d->p_value));
    return o;
}

static void rates_json(json_t *o, const struct cmp_results *c, const struct cmp_rates *r)
{
    json_t *bw = json_array(), *ch = json_array();
    for (size_t w = 0; w < c->n_waves; w++) {
        const struct cmp_rate *x = &r->wave[w];
        json_t *e = json_object();
        json_object_set_new(e, "wave", json_string(c->waves[w].label));
        json_object_set_new(e, "asked", json_boolean(x->asked));
        json_object_set_new(e, "n", jcount(x->n));
        json_object_set_new(e, "participants", x->asked ? jcount(x->participants) : json_null());
        json_object_set_new(e, "rate", jnum(x->rate));
        json_object_set_new(e, "ci_low", jnum(x->ci_low));
        json_object_set_new(e, "ci_high", jnum(x->ci_high));
        json_array_append_new(bw, e);
    }
    for (size_t i = 0; i + 1 < c->n_waves; i++)
        json_array_append_new(ch, change_obj(c, i, &r->change[i], 0, 1));
    json_object_set_new(o, "by_wave", bw);
    json_object_set_new(o, "changes", ch);
}

static void means_json(json_t *o, const struct cmp_results *c, const struct cmp_means *m, int item)
{
    json_t *bw = json_array(), *ch = json_array();
    for (size_t w = 0; w < c->n_waves; w++) {
        const struct cmp_mean *x = &m->wave[w];
        json_t *e = json_object();
        json_object_set_new(e, "wave", json_string(c->waves[w].label));
        json_object_set_new(e, "asked", json_boolean(x->asked));
        json_object_set_new(e, "n", jcount(x->n));
        json_object_set_new(e, "mean", jnum(x->mean));
        json_object_set_new(e, "sd", jnum(x->sd));
        json_object_set_new(e, "ci_low", jnum(x->ci_low));
        json_object_set_new(e, "ci_high", jnum(x->ci_high));
        if (item)
            json_object_set_new(e, "top2", jnum(x->top2));
        json_array_append_new(bw, e);
    }
    for (size_t i = 0; i + 1 < c->n_waves; i++) {
        json_t *e = change_obj(c, i, &m->change[i], 1, 1);
        if (item)
            json_object_set_new(e, "top2", change_obj(c, i, &m->top2_change[i], 0, 0));
        json_array_append_new(ch, e);
    }
    json_object_set_new(o, "by_wave", bw);
    json_object_set_new(o, "changes", ch);
}

static const char *section_name(enum cmp_section sec)
{
    return sec == CMP_SATISFACTION ? "satisfaction" : "trust";
}

void report_compare_json(json_t *root, const struct cmp_results *c)
{
    json_t *in = json_object(), *files = json_array();
    for (size_t i = 0; i < c->n_inputs; i++) {
        const struct an_file *fi = &c->inputs[i];
        json_t *f = json_object();
        json_object_set_new(f, "file", json_string(fi->name));
        json_object_set_new(f, "encoding", json_string(fi->encoding));
        json_object_set_new(f, "rows_read", json_integer(fi->rows_read));
        json_object_set_new(f, "rows_loaded", json_integer(fi->rows_loaded));
        json_object_set_new(f, "rows_excluded", json_integer(fi->rows_excluded));
        json_array_append_new(files, f);
    }
    json_object_set_new(in, "files", files);
    json_object_set_new(root, "input", in);

    json_t *waves = json_array();
    for (size_t w = 0; w < c->n_waves; w++) {
        const struct cmp_wave *cw = &c->waves[w];
        json_t *o = json_object(), *f = json_array(), *na = json_array();
        json_object_set_new(o, "label", json_string(cw->label));
        json_object_set_new(o, "year", cw->has_year ? json_integer(cw->year) : json_null());
        for (size_t k = 0; k < cw->n_files; k++)
            json_array_append_new(f, json_string(cw->files[k]));
        json_object_set_new(o, "files", f);
        json_object_set_new(o, "rows_loaded", jcount(cw->n));
        for (size_t k = 0; k < cw->n_not_asked; k++)
            json_array_append_new(na, json_string(cw->not_asked[k].column));
        json_object_set_new(o, "not_asked", na);
        json_array_append_new(waves, o);
    }
    json_object_set_new(root, "waves", waves);
    json_t *bands = json_array();
    for (size_t b = 0; b < c->n_bands; b++)
        json_array_append_new(bands, json_string(c->age_bands[b]));
    json_object_set_new(root, "age_bands", bands);
    json_t *wt = json_object();
    json_object_set_new(wt, "method", json_string("none"));
    json_object_set_new(wt, "weights_ignored", json_boolean(c->weights_ignored));
    json_object_set_new(root, "weighting", wt);

    json_t *p = json_object();
    rates_json(p, c, &c->overall);
    json_t *ba = json_array();
    for (size_t b = 0; b < c->n_bands; b++) {
        json_t *o = json_object();
        json_object_set_new(o, "group", json_string(c->age_bands[b]));
        rates_json(o, c, &c->by_age[b]);
        json_array_append_new(ba, o);
    }
    json_object_set_new(p, "by_age_group", ba);
    json_t *acts = json_array();
    for (size_t k = 0; k < c->n_activities; k++) {
        const struct cmp_rates *r = &c->activities[k];
        json_t *o = json_object();
        json_object_set_new(o, "column", json_string(r->column));
        json_object_set_new(o, "label", json_string(r->label_zh));
        json_object_set_new(o, "label_en", json_string(r->label_en));
        rates_json(o, c, r);
        json_array_append_new(acts, o);
    }
    json_object_set_new(p, "activities", acts);
    json_object_set_new(root, "participation", p);

    json_t *scales = json_array();
    for (size_t k = 0; k < c->n_scales; k++) {
        const struct cmp_means *m = &c->scales[k];
        json_t *o = json_object(), *items = json_array();
        json_object_set_new(o, "scale", json_string(m->name));
        json_object_set_new(o, "section", json_string(section_name(m->section)));
        for (size_t q = 0; q < m->k; q++)
            json_array_append_new(items, json_string(m->items[q]));
        json_object_set_new(o, "items", items);
        means_json(o, c, m, 0);
        json_array_append_new(scales, o);
    }
    json_object_set_new(root, "scales", scales);

    json_t *items = json_array();
    for (size_t k = 0; k < c->n_items; k++) {
        const struct cmp_means *m = &c->items[k];
        json_t *o = json_object();
        json_object_set_new(o, "column", json_string(m->name));
        json_object_set_new(o, "label", json_string(m->label_zh));
        json_object_set_new(o, "label_en", json_string(m->label_en));
        json_object_set_new(o, "section", json_string(section_name(m->section)));
        json_object_set_new(o, "scale", m->scale ? json_string(m->scale) : json_null());
        means_json(o, c, m, 1);
        json_array_append_new(items, o);
    }
    json_object_set_new(root, "items", items);
}

