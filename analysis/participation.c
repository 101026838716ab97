/* participation.c — the sample profile and participation: rates overall, by
 * age group and community with their Wilson intervals, the crosstab tests,
 * each activity, intensity and the barriers, all read from the count
 * tables. */
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
struct an_part_tables {
    int age_part;                    /* age row × intensity */
    int comm_part;                   /* community row × taking part */
    int gender_at, party_at, sub_at; /* one-way, by value (-2: no column) */
    int bar_at;                      /* age row × main barrier (-2: none) */
    int *act_at;                     /* per activity: age row × no, yes */
    int *by_part;                    /* per --by column: its row × taking part */
};

static int one_way(struct ctx *c, const struct survey_var *v, const struct lut *l,
                   const char *what)
{
    if (!v || !l->len)
        return -2; /* not counted: no column */
    return an_declare(c, AN_DIM(AN_DIM_ONE), (struct an_dim){.kind = AN_DIM_VALUE, .v = v, .l = l},
                      0, what);
}

int an_participation_declare(struct ctx *c)
{
    struct an_part_tables *P = c->part = an_take(c->box, 1, sizeof *c->part);
    if (!P)
        return -1;
    struct an_dim age = AN_DIM(AN_DIM_AGE), taking = AN_DIM(AN_DIM_TAKING);
    c->part->age_part = an_declare(c, age, AN_DIM(AN_DIM_INTENSITY), 0,
                             "respondents by age group and intensity");
    c->part->comm_part = an_declare(c, AN_DIM(AN_DIM_COMMUNITY), taking, 0,
                              "respondents by community and taking part");
    c->part->gender_at = one_way(c, c->gender, &c->gender_row, "respondents by gender");
    c->part->party_at = one_way(c, c->party, &c->party_row, "respondents by party membership");
    c->part->sub_at = one_way(c, c->subdistrict, &c->sub_row, "respondents by subdistrict");
    c->part->bar_at = -2;
    if (c->barrier && c->bar_row.len)
        c->part->bar_at = an_declare(c, age, (struct an_dim){.kind = AN_DIM_VALUE, .v = c->barrier,
                                                       .l = &c->bar_row},
                               0, "respondents by age group and main barrier");
    c->part->act_at = an_take(c->box, c->n_act ? c->n_act : 1, sizeof *c->part->act_at);
    if (!c->part->act_at)
        return -1;
    for (size_t a = 0; a < c->n_act; a++)
        if ((c->part->act_at[a] = an_declare(c, age, (struct an_dim){.kind = AN_DIM_YES, .v = c->act[a]},
                                       0, "respondents by age group and an activity")) < 0)
            return -1;
    P->by_part = an_take(c->box, c->n_by ? c->n_by : 1, sizeof *P->by_part);
    if (!P->by_part)
        return -1;
    for (size_t y = 0; y < c->n_by; y++)
        if ((c->part->by_part[y] = an_declare(c, (struct an_dim){.kind = AN_DIM_BY, .index = y}, taking,
                                        0, "respondents by --by group and taking part")) < 0)
            return -1;
    return c->part->age_part < 0 || c->part->comm_part < 0 || c->part->gender_at == -1 || c->part->party_at == -1 ||
                   c->part->sub_at == -1 || c->part->bar_at == -1
               ? -1
               : 0;
}

/* ## Profile */

/* Shares of a categorical variable's values from its cells AT + value. */
static struct an_share *profile_of(struct ctx *c, const struct tally *t,
                                   const struct survey_var *v, int h, size_t *count)
{
    *count = 0;
    if (!v || !v->col->n_values || h < 0)
        return NULL;
    size_t at = an_cell(c, h, 0, 0);
    size_t k = v->col->n_values;
    struct an_share *sh = an_take(c->box, k, sizeof *sh);
    if (!sh)
        return NULL;
    double total = 0;
    for (size_t j = 0; j < k; j++)
        total += an_cell_sw(t, at + j);
    for (size_t j = 0; j < k; j++) {
        sh[j].label = an_str(c->box, v->col->values[j].text);
        sh[j].label_en = an_str(c->box, survey_cbcol_label_en(v->col, v->col->values[j].code));
        sh[j].code = v->col->values[j].code;
        sh[j].n = an_cell_n(t, at + j);
        sh[j].share = total > 0 ? an_cell_sw(t, at + j) / total : NAN;
    }
    *count = k;
    return sh;
}

void an_profile(struct ctx *c, const struct tally *t)
{
    struct an_results *r = &c->box->r;
    size_t ni = c->n_act;
    r->age_group = an_take(c->box, c->nb ? c->nb : 1, sizeof *r->age_group);
    double *sw = an_take(c->box, c->nb + 1, sizeof *sw);
    if (!r->age_group || !sw)
        return;
    double total = 0;
    for (size_t b = 0; b <= c->nb; b++)
        for (size_t j = 0; j < ni + 2; j++) {
            size_t cell = an_cell(c, c->part->age_part, b, j);
            if (b == c->nb) {
                r->age_group_missing += an_cell_n(t, cell);
                continue;
            }
            r->age_group[b].n += an_cell_n(t, cell);
            sw[b] += an_cell_sw(t, cell);
            total += an_cell_sw(t, cell);
        }
    for (size_t b = 0; b < c->nb; b++) {
        r->age_group[b].label = r->age_group[b].label_en = c->band[b];
        r->age_group[b].code = (int)b;
        r->age_group[b].share = total > 0 ? sw[b] / total : NAN;
    }
    r->gender = profile_of(c, t, c->gender, c->part->gender_at, &r->n_gender);
    r->party_member = profile_of(c, t, c->party, c->part->party_at, &r->n_party_member);
    r->subdistrict = profile_of(c, t, c->subdistrict, c->part->sub_at, &r->n_subdistrict);
    /* Communities: every respondent is in one of the community × taking
       part cells. */
    if (!c->community)
        return;
    r->community = an_take(c->box, c->n_comm, sizeof *r->community);
    if (!r->community)
        return;
    total = 0;
    for (size_t k = 0; k < c->n_comm * 3; k++)
        total += an_cell_sw(t, an_cell(c, c->part->comm_part, 0, 0) + k);
    for (size_t k = 0; k < c->n_comm; k++) {
        struct an_share *e = &r->community[k];
        double ksw = 0;
        for (size_t j = 0; j < 3; j++) {
            e->n += an_cell_n(t, an_cell(c, c->part->comm_part, k, j));
            ksw += an_cell_sw(t, an_cell(c, c->part->comm_part, k, j));
        }
        e->label = an_str(c->box, c->community->col->values[k].text);
        e->label_en = an_str(c->box, survey_cbcol_label_en(c->community->col,
                                                           c->community->col->values[k].code));
        e->code = c->community->col->values[k].code;
        e->share = total > 0 ? ksw / total : NAN;
    }
    r->n_community = c->n_comm;
}

/* ## Participation */

void an_participation(struct ctx *c, const struct tally *t)
{
    struct an_results *r = &c->box->r;
    size_t nb = c->nb, ni = c->n_act;
    r->part_by_age = an_take(c->box, nb ? nb : 1, sizeof *r->part_by_age);
    r->intensity_by_age = an_take(c->box, nb ? nb : 1, sizeof *r->intensity_by_age);
    r->adjusted_residuals = an_take(c->box, nb ? nb : 1, sizeof *r->adjusted_residuals);
    r->part_by_community = an_take(c->box, c->n_comm ? c->n_comm : 1, sizeof *r->part_by_community);
    r->activities = an_take(c->box, ni ? ni : 1, sizeof *r->activities);
    /* rows: participant yes / no; columns: age groups (+ a spare for nb = 0) */
    double *table = an_take(c->box, 2 * (nb + 1), sizeof *table);
    double *stdres = an_take(c->box, 2 * (nb + 1), sizeof *stdres);
    double *succ = an_take(c->box, nb + 1, sizeof *succ), *tot = an_take(c->box, nb + 1, sizeof *tot);
    if (c->box->oom)
        return;
    r->has_participation = ni > 0;
    int weighted = c->w != NULL;

    /* Overall, by age group, intensity: the age × intensity cells. */
    struct prop_acc all = {0};
    struct stats_moments inten;
    stats_moments_init(&inten);
    for (size_t b = 0; b <= nb; b++) {
        struct prop_acc by_age = {0};
        struct stats_moments inten_age;
        stats_moments_init(&inten_age);
        for (size_t j = 0; j <= ni; j++) {
            size_t cell = an_cell(c, c->part->age_part, b, j);
            an_cell_prop(t, cell, j > 0, &all);
            an_cell_prop(t, cell, j > 0, &by_age);
            if (b < nb) {
                an_cell_moments(t, cell, (double)j, &inten_age);
                table[(j > 0 ? 0 : nb) + b] += an_cell_n(t, cell);
            }
        }
        if (b == nb)
            continue;
        an_prop_rate(&by_age, weighted, &r->part_by_age[b]);
        r->part_by_age[b].group = r->part_by_age[b].group_en = c->band[b];
        an_mean_result(&inten_age, c->band[b], &r->intensity_by_age[b]);
    }
    /* The overall intensity, value by value over every age row. */
    for (size_t j = 0; j <= ni; j++) {
        struct stats_moments v;
        stats_moments_init(&v);
        double n = 0, npos = 0, sw = 0, sw2 = 0;
        for (size_t b = 0; b <= nb; b++) {
            size_t cell = an_cell(c, c->part->age_part, b, j);
            n += an_cell_n(t, cell);
            sw += an_cell_sw(t, cell);
            sw2 += t->w ? t->w[cell].sw2 : an_cell_n(t, cell);
            npos += t->w ? t->w[cell].npos : an_cell_n(t, cell);
        }
        if (n > 0)
            stats_moments_add_many(&inten, (double)j, n, npos, sw, sw2);
    }
    an_prop_rate(&all, weighted, &r->overall);
    an_mean_result(&inten, NULL, &r->intensity);
    for (size_t k = 0; k < c->n_comm; k++) {
        struct prop_acc a = {0};
        an_cell_prop(t, an_cell(c, c->part->comm_part, k, 0), 0, &a);
        an_cell_prop(t, an_cell(c, c->part->comm_part, k, 1), 1, &a);
        an_prop_rate(&a, weighted, &r->part_by_community[k]);
        r->part_by_community[k].group = an_str(c->box, c->community->col->values[k].text);
        r->part_by_community[k].group_en = an_str(
            c->box, survey_cbcol_label_en(c->community->col, c->community->col->values[k].code));
    }

    /* The tests are unweighted: counts of respondents. */
    stats_chisq_test(table, 2, nb, &r->chisq, stdres);
    for (size_t b = 0; b < nb; b++)
        r->adjusted_residuals[b] = r->chisq.rows == 2 ? stdres[b] : NAN;
    if (r->chisq.rows < 2) { /* no variation in taking part: nothing to test */
        r->chisq.statistic = r->chisq.df = r->chisq.p_value = r->chisq.cramers_v = NAN;
    }
    for (size_t b = 0; b < nb; b++) {
        succ[b] = table[b];
        tot[b] = table[b] + table[nb + b];
    }
    struct stats_test lbl;
    if (stats_linear_by_linear(succ, tot, NULL, nb, &lbl) == 0)
        r->linear_by_linear = (struct an_test){lbl.statistic, lbl.df, lbl.p_value};
    else
        r->linear_by_linear = (struct an_test){NAN, NAN, NAN};

    /* Per activity, overall and by age group. */
    for (size_t a = 0; a < ni; a++) {
        const struct survey_var *v = c->act[a];
        struct an_activity *act = &r->activities[r->n_activities++];
        act->column = an_str(c->box, v->name);
        act->label_zh = an_str(c->box, v->label_zh);
        act->label_en = an_str(c->box, v->label_en);
        act->by_age = an_take(c->box, nb ? nb : 1, sizeof *act->by_age);
        if (!act->by_age)
            return;
        struct prop_acc acc = {0};
        for (size_t b = 0; b <= nb; b++) {
            struct prop_acc by_age = {0};
            for (int yes = 0; yes < 2; yes++) {
                size_t cell = an_cell(c, c->part->act_at[a], b, (size_t)yes);
                an_cell_prop(t, cell, yes, &acc);
                an_cell_prop(t, cell, yes, &by_age);
            }
            if (b < nb) {
                an_prop_rate(&by_age, weighted, &act->by_age[b]);
                act->by_age[b].group = act->by_age[b].group_en = c->band[b];
            }
        }
        an_prop_rate(&acc, weighted, &act->all);
    }

    /* Barriers: the main reason for not taking part, overall and by age. */
    if (!c->barrier || !c->n_bar || c->part->bar_at < 0)
        return;
    struct an_barriers *B = &r->barriers;
    size_t k = c->n_bar;
    r->has_barriers = 1;
    B->n_cat = k;
    B->cat = an_take(c->box, k, sizeof *B->cat);
    B->by_age = an_take(c->box, k * (nb ? nb : 1), sizeof *B->by_age);
    B->by_age_n = an_take(c->box, nb ? nb : 1, sizeof *B->by_age_n);
    double *tot_age = an_take(c->box, nb + 1, sizeof *tot_age), *sw_all = an_take(c->box, k, sizeof *sw_all);
    if (c->box->oom)
        return;
    double tot_all = 0;
    for (size_t g = 0; g <= nb; g++)
        for (size_t j = 0; j < k; j++) {
            size_t cell = an_cell(c, c->part->bar_at, g, j);
            B->n += an_cell_n(t, cell);
            B->cat[j].n += an_cell_n(t, cell);
            sw_all[j] += an_cell_sw(t, cell);
            tot_all += an_cell_sw(t, cell);
            if (g < nb) {
                B->by_age_n[g] += an_cell_n(t, cell);
                B->by_age[g * k + j].n = an_cell_n(t, cell);
                tot_age[g] += an_cell_sw(t, cell);
            }
        }
    for (size_t j = 0; j < k; j++) {
        B->cat[j].label = an_str(c->box, c->barrier->col->values[j].text);
        B->cat[j].label_en =
            an_str(c->box, survey_cbcol_label_en(c->barrier->col, c->barrier->col->values[j].code));
        B->cat[j].code = c->barrier->col->values[j].code;
        B->cat[j].share = tot_all > 0 ? sw_all[j] / tot_all : NAN;
        for (size_t g = 0; g < nb; g++) {
            struct an_share *e = &B->by_age[g * k + j];
            e->label = B->cat[j].label;
            e->label_en = B->cat[j].label_en;
            e->code = B->cat[j].code;
            e->share = tot_age[g] > 0 ? an_cell_sw(t, an_cell(c, c->part->bar_at, g, j)) / tot_age[g] : NAN;
        }
    }
}

/* ## Participation by each --by column */

void an_participation_by(struct ctx *c, const struct tally *t)
{
    struct an_results *r = &c->box->r;
    if (!c->n_act || !c->n_by)
        return;
    r->part_by = an_take(c->box, c->n_by, sizeof *r->part_by);
    if (!r->part_by)
        return;
    int weighted = c->w != NULL;
    for (size_t y = 0; y < c->n_by; y++) {
        const struct by_def *by = &c->by[y];
        struct an_part_by *P = &r->part_by[r->n_part_by++];
        size_t ng = by->ng;
        P->variable = an_str(c->box, by->var->name);
        P->label_zh = an_str(c->box, by->var->label_zh);
        P->label_en = an_str(c->box, by->var->label_en);
        P->n_groups = ng;
        P->rates = an_take(c->box, ng ? ng : 1, sizeof *P->rates);
        P->adjusted_residuals = an_take(c->box, ng ? ng : 1, sizeof *P->adjusted_residuals);
        /* rows: taking part, not; columns: the categories */
        double *table = an_take(c->box, 2 * (ng ? ng : 1), sizeof *table);
        double *stdres = an_take(c->box, 2 * (ng ? ng : 1), sizeof *stdres);
        if (c->box->oom)
            return;
        for (size_t g = 0; g < ng; g++) {
            struct prop_acc a = {0};
            an_cell_prop(t, an_cell(c, c->part->by_part[y], g, 0), 0, &a);
            an_cell_prop(t, an_cell(c, c->part->by_part[y], g, 1), 1, &a);
            an_prop_rate(&a, weighted, &P->rates[g]);
            P->rates[g].group = by->groups[g];
            P->rates[g].group_en = by->groups_en[g];
            table[g] = an_cell_n(t, an_cell(c, c->part->by_part[y], g, 1));
            table[ng + g] = an_cell_n(t, an_cell(c, c->part->by_part[y], g, 0));
        }
        stats_chisq_test(table, 2, ng, &P->chisq, stdres);
        for (size_t g = 0; g < ng; g++)
            P->adjusted_residuals[g] = P->chisq.rows == 2 ? stdres[g] : NAN;
    }
}
