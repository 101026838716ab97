/* document_questions.c — the report's questions section: every single-choice,
 * multiple-response and numeric question of the questionnaire, its
 * frequencies or descriptives, and each crossed with age group and with each
 * --by column (crosstabs with their chi-square, the groups' shares of cases,
 * or the comparison of means).  It picks and formats what
 * analysis/questions.c computed.
 */
#include "report/document_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void single_tables(struct doc *d, const struct an_question *q, const char *qlabel)
{
    char *title = rp_format(T(d, M_FREQ_TITLE), qlabel);
    struct report_table *t = title ? report_table_new(title, 4) : NULL;
    free(title);
    if (!t) {
        d->w.rc = -1;
        return;
    }
    report_table_set_stub(t, T(d, M_CATEGORY));
    enum rp_msg_id cols[] = {M_N, M_SHARE, M_CI_LOW, M_CI_HIGH};
    for (size_t c = 0; c < 4; c++)
        report_table_set_column(t, c, T(d, cols[c]));
    for (size_t k = 0; k < q->n_cat; k++) {
        report_table_add_row(t, LB(d, q->cat[k].label, q->cat[k].label_en));
        report_table_set_cell(t, k, 0, q->cat[k].n, REPORT_CELL_COUNT);
        report_table_set_cell(t, k, 1, q->cat[k].share, REPORT_CELL_PERCENT);
        report_table_set_cell(t, k, 2, q->ci_low[k], REPORT_CELL_PERCENT);
        report_table_set_cell(t, k, 3, q->ci_high[k], REPORT_CELL_PERCENT);
    }
    report_table_add_row(t, T(d, M_OVERALL));
    report_table_set_cell(t, q->n_cat, 0, q->n, REPORT_CELL_COUNT);
    if (q->from_data && report_table_set_note(t, T(d, M_FROM_DATA)) < 0)
        d->w.rc = -1;
    rp_put_table(&d->w, t);
    for (size_t y = 0; y < q->n_by && d->w.rc == 0; y++) {
        const struct an_qby *by = &q->by[y];
        size_t ng = by->n_groups, nc = q->n_cat;
        title = rp_format(T(d, M_CROSS_TITLE), qlabel, rp_doc_by_label(d, by));
        t = title ? report_table_new(title, ng) : NULL;
        free(title);
        if (!t) {
            d->w.rc = -1;
            return;
        }
        report_table_set_stub(t, T(d, M_CATEGORY));
        for (size_t g = 0; g < ng; g++)
            report_table_set_column(t, g, rp_doc_group_label(d, by, g));
        for (size_t c = 0; c < nc; c++) {
            report_table_add_row(t, LB(d, q->cat[c].label, q->cat[c].label_en));
            for (size_t g = 0; g < ng; g++)
                if (by->group_n[g] > 0)
                    report_table_set_cell(t, c, g, by->shares[g * nc + c], REPORT_CELL_PERCENT);
        }
        report_table_add_row(t, T(d, M_N));
        for (size_t g = 0; g < ng; g++)
            report_table_set_cell(t, nc, g, by->group_n[g], REPORT_CELL_COUNT);
        char a[4][REPORT_NUMBER_SIZE];
        char *note = rp_format(T(d, M_CHISQ_NOTE), fmt(d, a[0], by->chisq.df, REPORT_CELL_COUNT),
                               fmt(d, a[1], by->chisq.statistic, REPORT_CELL_STAT),
                               p_after(d, a[2], by->chisq.p_value),
                               fmt(d, a[3], by->chisq.cramers_v, REPORT_CELL_STAT));
        note = rp_doc_expected_note(d, note, (int)(q - d->r->questions), (int)y);
        if (!note || report_table_set_note(t, note) < 0)
            d->w.rc = -1;
        free(note);
        rp_put_table(&d->w, t);
    }
}

static void numeric_tables(struct doc *d, const struct an_question *q, const char *qlabel)
{
    char *title = rp_format(T(d, M_DESC_TITLE), qlabel);
    struct report_table *t = title ? report_table_new(title, 8) : NULL;
    free(title);
    if (!t) {
        d->w.rc = -1;
        return;
    }
    enum rp_msg_id cols[] = {M_N, M_MEAN, M_SD, M_MIN, M_Q1, M_MEDIAN, M_Q3, M_MAX};
    double v[] = {q->n, q->mean, q->sd, q->quart.min, q->quart.q1, q->quart.median,
                  q->quart.q3, q->quart.max};
    for (size_t c = 0; c < 8; c++)
        report_table_set_column(t, c, T(d, cols[c]));
    report_table_add_row(t, qlabel);
    for (size_t c = 0; c < 8; c++)
        report_table_set_cell(t, 0, c, v[c], c ? REPORT_CELL_MEAN : REPORT_CELL_COUNT);
    rp_put_table(&d->w, t);
    for (size_t y = 0; y < q->n_by && d->w.rc == 0; y++)
        rp_doc_comparison_table(d, qlabel, &q->by[y]);
}

/* A multiple-response question: per option the count, % of responses and %
   of cases (SPSS MULT RESPONSE's frequencies), then each grouping as the %
   of the group's cases choosing each option. */
static void multi_tables(struct doc *d, const struct an_question *q, const char *qlabel)
{
    char *title = rp_format(T(d, M_MULTI_TITLE), qlabel);
    struct report_table *t = title ? report_table_new(title, 3) : NULL;
    free(title);
    if (!t) {
        d->w.rc = -1;
        return;
    }
    report_table_set_stub(t, T(d, M_OPTION));
    enum rp_msg_id cols[] = {M_COUNT_CHOSEN, M_PCT_RESPONSES, M_PCT_CASES};
    for (size_t c = 0; c < 3; c++)
        report_table_set_column(t, c, T(d, cols[c]));
    for (size_t k = 0; k < q->n_cat; k++) {
        report_table_add_row(t, LB(d, q->cat[k].label, q->cat[k].label_en));
        report_table_set_cell(t, k, 0, q->cat[k].n, REPORT_CELL_COUNT);
        report_table_set_cell(t, k, 1, q->of_responses[k], REPORT_CELL_PERCENT);
        report_table_set_cell(t, k, 2, q->cat[k].share, REPORT_CELL_PERCENT);
    }
    report_table_add_row(t, T(d, M_RESPONSES_TOTAL));
    report_table_set_cell(t, q->n_cat, 0, q->responses, REPORT_CELL_COUNT);
    char a[2][REPORT_NUMBER_SIZE];
    char *note = rp_format(T(d, q->dichotomy ? M_MULTI_NOTE_OPTIONS : M_MULTI_NOTE),
                           fmt(d, a[0], q->cases, REPORT_CELL_COUNT),
                           fmt(d, a[1], q->responses, REPORT_CELL_COUNT));
    if (!note || report_table_set_note(t, note) < 0)
        d->w.rc = -1;
    free(note);
    rp_put_table(&d->w, t);
    for (size_t y = 0; y < q->n_by && d->w.rc == 0; y++) {
        const struct an_qby *by = &q->by[y];
        size_t ng = by->n_groups, nc = q->n_cat;
        title = rp_format(T(d, M_MULTI_CROSS_TITLE), qlabel, rp_doc_by_label(d, by));
        t = title ? report_table_new(title, ng) : NULL;
        free(title);
        if (!t) {
            d->w.rc = -1;
            return;
        }
        report_table_set_stub(t, T(d, M_OPTION));
        for (size_t g = 0; g < ng; g++)
            report_table_set_column(t, g, rp_doc_group_label(d, by, g));
        for (size_t c = 0; c < nc; c++) {
            report_table_add_row(t, LB(d, q->cat[c].label, q->cat[c].label_en));
            for (size_t g = 0; g < ng; g++)
                if (by->group_n[g] > 0)
                    report_table_set_cell(t, c, g, by->shares[g * nc + c], REPORT_CELL_PERCENT);
        }
        report_table_add_row(t, T(d, M_CASES));
        for (size_t g = 0; g < ng; g++)
            report_table_set_cell(t, nc, g, by->group_n[g], REPORT_CELL_COUNT);
        rp_put_table(&d->w, t);
    }
}

void rp_doc_section_questions(struct doc *d)
{
    const struct an_results *r = d->r;
    if (!r->n_questions)
        return;
    heading(d, M_QUESTIONS);
    sentence(d, T(d, r->weighting == AN_WEIGHT_NONE ? M_ALL_SHOWN : M_Q_WEIGHTED));
    for (size_t i = 0; i < r->n_questions && d->w.rc == 0; i++) {
        const struct an_question *q = &r->questions[i];
        const char *qlabel = LB(d, q->label_zh, q->label_en);
        if (q->type == AN_Q_SINGLE)
            single_tables(d, q, qlabel);
        else if (q->type == AN_Q_MULTI)
            multi_tables(d, q, qlabel);
        else
            numeric_tables(d, q, qlabel);
    }
}

