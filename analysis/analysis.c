/* analysis.c — from a loaded survey to the results of the report: the
 * results allocator, the accumulators the sections share, and the entry
 * point, which sets up the count tables (count.c), counts the respondents
 * once and lets each section read its figures from the tables: profile and
 * participation (participation.c), Likert items and scales (scales.c) with
 * their validity (validity.c), association (association.c), with weights
 * from a weight column or raking (weighting.c).
 *
 * Each figure follows the definitions in docs/methods.md; the primitives in
 * stats/stats.h hold the formulas and their sources.
 */
#include "analysis/analysis.h"
#include "analysis/analysis_internal.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *an_take(struct results_box *b, size_t count, size_t size)
{
    if (b->oom)
        return NULL;
    if (count && size > ((size_t)-1 - sizeof(struct alloc_node)) / count) {
        b->oom = 1;
        return NULL;
    }
    struct alloc_node *n = calloc(1, sizeof *n + (count ? count * size : 1));
    if (!n) {
        b->oom = 1;
        return NULL;
    }
    n->next = b->mem;
    b->mem = n;
    return n->align;
}

const char *an_str(struct results_box *b, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s) + 1;
    char *p = an_take(b, len, 1);
    if (p)
        memcpy(p, s, len);
    return p;
}

/* The survey's account of what it read, copied into R. */
static void copy_input(struct results_box *box, const struct survey *s)
{
    struct an_input *in = &box->r.input;
    in->rows_read = s->rows_read;
    in->rows_loaded = s->rows_loaded;
    in->rows_excluded = s->rows_excluded;
    in->blank = s->blank;
    in->warnings = s->warnings;
    in->speeders = s->speeders;
    in->straight_liners = s->straight_liners;
    /* The rejected records only: warnings (speeders, straight-liners) are
       counted above, and a million respondents may have tens of thousands. */
    size_t n_rejected = 0;
    for (size_t i = 0; i < s->n_problems; i++)
        n_rejected += survey_reason_rejects(s->problems[i].reason) != 0;
    in->files = an_take(box, s->n_files ? s->n_files : 1, sizeof *in->files);
    in->problems = an_take(box, n_rejected ? n_rejected : 1, sizeof *in->problems);
    if (!in->files || !in->problems)
        return;
    for (size_t i = 0; i < s->n_files; i++) {
        const struct survey_file_info *f = &s->files[i];
        in->files[i] = (struct an_file){
            .name = an_str(box, f->name),
            .where = an_str(box, f->where),
            .format = an_str(box, f->format),
            .sheet = an_str(box, f->sheet),
            .encoding = an_str(box, f->encoding_name ? f->encoding_name
                                                     : survey_encoding_name(f->encoding)),
            .bom = f->bom,
            .rows_read = f->rows_read,
            .rows_loaded = f->rows_loaded,
            .rows_excluded = f->rows_excluded,
            .blank = f->blank,
        };
    }
    in->n_files = s->n_files;
    for (size_t i = 0; i < s->n_problems; i++) {
        const struct survey_problem *p = &s->problems[i];
        if (!survey_reason_rejects(p->reason))
            continue;
        in->problems[in->n_problems++] = (struct an_problem){
            .reason = survey_reason_key(p->reason),
            .file = an_str(box, p->file),
            .line = p->line,
            .column = an_str(box, p->column),
            .value = an_str(box, p->value),
            .detail = an_str(box, p->detail),
        };
    }
}

void stats_results_free(struct an_results *r)
{
    if (!r)
        return;
    struct results_box *b = (struct results_box *)r;
    for (struct alloc_node *n = b->mem, *next; n; n = next) {
        next = n->next;
        free(n);
    }
    free(b);
}

/* ## Accumulators */

void an_prop_rate(const struct prop_acc *a, int weighted, struct an_rate *out)
{
    out->n = a->n;
    out->participants = a->x;
    out->rate = out->ci_low = out->ci_high = NAN;
    if (a->n <= 0 || a->sw <= 0)
        return;
    out->rate = a->swx / a->sw;
    if (!weighted) {
        stats_wilson_ci(a->x, a->n, 0.05, &out->ci_low, &out->ci_high);
    } else {
        double neff = a->sw * a->sw / a->sw2;
        stats_wilson_ci(out->rate * neff, neff, 0.05, &out->ci_low, &out->ci_high);
    }
}

void an_mean_result(const struct stats_moments *m, const char *group, struct an_mean *out)
{
    struct stats_describe d;
    stats_moments_result(m, &d);
    out->group = out->group_en = group;
    out->n = d.n;
    out->mean = d.mean;
    out->sd = d.sd;
    out->ci_low = d.ci_low;
    out->ci_high = d.ci_high;
}

int an_two_threads(const struct an_options *opt, size_t n)
{
    int threads = opt ? opt->threads : 0;
    return threads == 2 || (threads != 1 && n >= THREAD_MIN);
}

/* ## Entry point */

struct an_results *stats_analyse(const struct survey *s, const struct survey_bands *bands,
                                 const struct survey_margins *margins, struct survey_error *err)
{
    return stats_analyse_with(s, bands, margins, NULL, err);
}

struct an_results *stats_analyse_with(const struct survey *s, const struct survey_bands *bands,
                                      const struct survey_margins *margins,
                                      const struct an_options *opt, struct survey_error *err)
{
    struct results_box *box = calloc(1, sizeof *box);
    if (!box) {
        survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
        return NULL;
    }
    struct an_results *r = &box->r;
    struct ctx c = {.box = box, .s = s, .bands = bands, .n = s->n, .nb = bands->n, .err = err,
                    .factors = opt ? opt->factors : 0, .two_threads = an_two_threads(opt, s->n)};
    copy_input(box, s);
    r->n_bands = bands->n;
    r->age_bands = c.band = an_take(box, bands->n ? bands->n : 1, sizeof *c.band);
    for (size_t b = 0; c.band && b < bands->n; b++)
        c.band[b] = an_str(box, bands->band[b].label);
    struct tally t = {0};
    c.age = survey_var_by_role(s, ROLE_AGE);
    c.community = survey_var_by_role(s, ROLE_COMMUNITY);
    if (c.community && !c.community->col->n_values)
        c.community = NULL;
    c.n_comm = c.community ? c.community->col->n_values : 0;
    c.gender = survey_var_by_role(s, ROLE_GENDER);
    c.party = survey_var_by_role(s, ROLE_PARTY_MEMBER);
    c.subdistrict = survey_var_by_role(s, ROLE_SUBDISTRICT);
    c.barrier = survey_var_by_role(s, ROLE_BARRIER);
    c.n_bar = c.barrier ? c.barrier->col->n_values : 0;
    size_t n_likert = 0;
    for (size_t j = 0; j < s->n_vars; j++) {
        c.n_act += s->vars[j].role == ROLE_PARTICIPATION;
        n_likert += s->vars[j].role == ROLE_SATISFACTION || s->vars[j].role == ROLE_TRUST ||
                    s->vars[j].role == ROLE_LIKERT;
    }
    c.act = an_take(box, c.n_act ? c.n_act : 1, sizeof *c.act);
    c.item = an_take(box, n_likert ? n_likert : 1, sizeof *c.item);
    c.sd = an_take(box, n_likert ? n_likert : 1, sizeof *c.sd);
    if (box->oom || an_lut_bands(&c) < 0 || an_lut_values(&c, &c.comm_row, c.community) < 0 ||
        an_lut_values(&c, &c.gender_row, c.gender) < 0 ||
        an_lut_values(&c, &c.party_row, c.party) < 0 ||
        an_lut_values(&c, &c.sub_row, c.subdistrict) < 0 ||
        an_lut_values(&c, &c.bar_row, c.barrier) < 0)
        goto oom;
    for (size_t j = 0, a = 0; j < s->n_vars; j++)
        if (s->vars[j].role == ROLE_PARTICIPATION)
            c.act[a++] = &s->vars[j];

    /* Weights: the weight column (a missing weight counts as 0), then raking. */
    if (s->weight || margins) {
        c.wbuf = an_take(box, s->n ? s->n : 1, sizeof *c.wbuf);
        if (!c.wbuf)
            goto oom;
        /* Weights are analytic: every figure is the same for weights
           multiplied by any constant.  Dividing by the largest makes them
           at most 1, so that no sum of weights or of their squares can
           overflow (weights of 1e306) or their squares underflow (1e-300). */
        double wmax = 0;
        for (size_t i = 0; i < s->n; i++) {
            c.wbuf[i] = s->weight ? (isnan(s->weight[i]) ? 0 : s->weight[i]) : 1.0;
            wmax = c.wbuf[i] > wmax ? c.wbuf[i] : wmax;
        }
        if (wmax > 0 && wmax != 1)
            for (size_t i = 0; i < s->n; i++)
                c.wbuf[i] /= wmax;
        r->weighting = s->weight ? AN_WEIGHT_COLUMN : AN_WEIGHT_NONE;
        if (margins) {
            if (an_rake(&c, margins) < 0)
                goto fail;
            r->weighting = AN_WEIGHT_RAKING;
        }
        c.w = c.wbuf;
        r->effective_n = stats_kish_neff(c.w, s->n);
        r->design_effect = stats_design_effect(c.w, s->n);
    } else {
        r->effective_n = (double)s->n;
        r->design_effect = s->n ? 1.0 : NAN;
    }

    if (an_likert_setup(&c, ROLE_SATISFACTION, &r->satisfaction) < 0 ||
        an_likert_setup(&c, ROLE_TRUST, &r->trust) < 0 ||
        an_likert_setup(&c, ROLE_LIKERT, &r->likert) < 0) {
        if (box->oom)
            goto oom;
        goto fail;
    }
    if (an_by_setup(&c, opt) < 0 || an_participation_declare(&c) < 0 ||
        an_association_declare(&c) < 0 || an_scales_declare(&c) < 0 ||
        an_layout(&c) < 0 || an_count_all(&c, &t) < 0)
        goto oom;
    an_profile(&c, &t);
    an_participation(&c, &t);
    an_participation_by(&c, &t);
    an_likert_items(&c, &t, &r->satisfaction, 0);
    an_likert_items(&c, &t, &r->trust, r->satisfaction.n_items);
    an_likert_items(&c, &t, &r->likert, r->satisfaction.n_items + r->trust.n_items);
    for (size_t sc = 0; sc < c.n_sd && !box->oom; sc++) {
        an_scale_result(&c, &t, &c.sd[sc]);
        an_scale_by(&c, &t, &c.sd[sc]);
    }
    for (size_t q = 0; q < c.n_set && !box->oom; q++)
        an_set_result(&c, &t, &c.set[q]);
    if (!box->oom) {
        an_spearman(&c, &t);
        an_logistic(&c, &t, opt);
        an_questions(box, s, bands, opt, c.w);
        an_findings(&c);
    }
    if (box->oom)
        goto oom;
    an_tally_free(&t);
    return r;
oom:
    survey_error_set(err, SURVEY_ERR_NOMEM, "", 0, "out of memory");
fail:
    an_tally_free(&t);
    stats_results_free(r);
    return NULL;
}
