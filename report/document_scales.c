/* document_scales.c — the Likert sections of the report (satisfaction,
 * trust, other scales): items and their distributions, scales with alpha,
 * indices by age group and community, item statistics and validity. */
#include "report/document_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Kaiser's (1974) reading of a KMO: the first row whose bound it reaches. */
const struct rp_kmo_reading rp_doc_kmo_reading[] = {
    {0.9, M_KMO_MARVELLOUS}, {0.8, M_KMO_MERITORIOUS}, {0.7, M_KMO_MIDDLING},
    {0.6, M_KMO_MEDIOCRE},   {0.5, M_KMO_MISERABLE},   {-INFINITY, M_KMO_UNACCEPTABLE},
};

static const char *level_label(const struct doc *d, const struct an_item *it, int code, char *buf,
                               size_t size)
{
    const char *lab = it->levels ? LB(d, it->levels[code - it->min],
                                      it->levels_en ? it->levels_en[code - it->min] : NULL)
                                 : NULL;
    if (lab)
        return lab;
    snprintf(buf, size, "%d", code);
    return buf;
}

/* The note under the items table ("" for none; NULL when out of memory):
   which items are reverse-worded, shown as answered and recoded for the
   scales, and that a 2-level item has no top-2 share. */
static char *items_note(const struct doc *d, const struct an_likert *Lk)
{
    struct rp_text names;
    int reversed = 0, two_levels = 0;
    rp_text_open(&names);
    for (size_t k = 0; k < Lk->n_items; k++) {
        const struct an_item *it = &Lk->items[k];
        two_levels |= it->max - it->min == 1;
        if (!it->reverse)
            continue;
        if (names.f)
            fprintf(names.f, "%s“%s”", reversed ? T(d, M_LIST_SEP) : "",
                    L(d, it->label_zh, it->label_en));
        reversed = 1;
    }
    char *list = rp_text_close(&names);
    if (!list)
        return NULL;
    char *rev = reversed ? rp_format(T(d, M_REVERSE_NOTE), list) : rp_format("%s", "");
    free(list);
    if (!rev)
        return NULL;
    char *note = rp_format("%s%s%s", rev, reversed && two_levels ? T(d, M_SENTENCE_SEP) : "",
                           two_levels ? T(d, M_TWO_LEVEL_NOTE) : "");
    free(rev);
    return note;
}

/* The diverging bars of items K0..K1 of LK, which share a range: a level
   each, or bins of neighbouring levels when there are too many to draw
   (report_likert_bins), labelled with their ranges and said in a sentence
   after the chart. */
static void likert_chart(struct doc *d, const struct an_likert *Lk, size_t k0, size_t k1)
{
    const struct an_item *first = &Lk->items[k0];
    size_t levels = (size_t)(first->max - first->min + 1), at[REPORT_LIKERT_MAX + 1];
    size_t bins = report_likert_bins(levels, at);
    int binned = bins < levels;
    const char *lab[REPORT_LIKERT_MAX];
    char num[REPORT_LIKERT_MAX][48];
    double share[REPORT_LIKERT_MAX];
    struct report_likert *ch = NULL;
    if (bins) {
        for (size_t b = 0; b < bins; b++) {
            int lo = first->min + (int)at[b], hi = first->min + (int)at[b + 1] - 1;
            if (binned) {
                snprintf(num[b], sizeof num[b], d->w.o->ascii ? "%d-%d" : "%d–%d", lo, hi);
                lab[b] = num[b];
            } else {
                lab[b] = level_label(d, first, lo, num[b], sizeof num[b]);
            }
        }
        ch = report_likert_new(T(d, M_DISTRIBUTION), bins, lab);
    }
    for (size_t k = k0; ch && k < k1; k++) {
        const struct an_item *it = &Lk->items[k];
        for (size_t b = 0; b < bins; b++) {
            double c = 0;
            for (size_t q = at[b]; q < at[b + 1]; q++)
                c += it->distribution[q];
            share[b] = it->stat.n > 0 ? c / it->stat.n : NAN;
        }
        if (report_likert_add(ch, L(d, it->label_zh, it->label_en), share, it->stat.n) < 0)
            d->w.rc = -1;
    }
    /* Nothing to draw (a 1-level item) is no failure; a NULL chart else is. */
    if (bins)
        rp_put_likert(&d->w, ch);
    if (binned && d->w.rc == 0) {
        char a[3][REPORT_NUMBER_SIZE], b[REPORT_NUMBER_SIZE];
        char *s = rp_format(T(d, M_LIKERT_BINNED), fmt(d, a[0], (double)levels, REPORT_CELL_COUNT),
                            fmt(d, a[1], first->min, REPORT_CELL_COUNT),
                            fmt(d, a[2], first->max, REPORT_CELL_COUNT),
                            fmt(d, b, (double)bins, REPORT_CELL_COUNT));
        if (!s)
            d->w.rc = -1;
        else
            sentence(d, s);
        free(s);
    }
}

/* ## Reliability and validity of a section's scales */

/* Kaiser's word for KMO, or NULL when there is no KMO. */
static const char *kmo_words(const struct doc *d, double kmo)
{
    if (isnan(kmo))
        return NULL;
    size_t i = 0;
    while (kmo < rp_doc_kmo_reading[i].min)
        i++;
    return T(d, rp_doc_kmo_reading[i].m);
}

/* The label of the item in column COL of LK (the column itself if none). */
static const char *item_label(const struct doc *d, const struct an_likert *Lk, const char *col)
{
    for (size_t q = 0; q < Lk->n_items; q++)
        if (!strcmp(Lk->items[q].column, col))
            return L(d, Lk->items[q].label_zh, Lk->items[q].label_en);
    return col;
}

/* SPSS's item-total statistics of every scale of 2+ items, grouped by scale
   when there are several. */
static void item_stats_table(struct doc *d, const struct an_likert *Lk)
{
    size_t any = 0;
    for (size_t k = 0; k < Lk->n_scales; k++)
        any += Lk->scales[k].scale_mean_if_deleted != NULL;
    if (!any)
        return;
    struct report_table *t = report_table_new(T(d, M_ITEM_STATS), 4);
    if (t) {
        report_table_set_stub(t, T(d, M_ITEM));
        enum rp_msg_id cols[] = {M_SCALE_MEAN_DEL, M_SCALE_VAR_DEL, M_ITEM_TOTAL, M_ALPHA_DEL};
        for (size_t c = 0; c < 4; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t k = 0; k < Lk->n_scales; k++) {
            const struct an_scale *S = &Lk->scales[k];
            if (!S->scale_mean_if_deleted)
                continue;
            if (Lk->n_scales > 1)
                report_table_add_group(t, LB(d, S->label_zh, S->label_en));
            for (size_t q = 0; q < S->k; q++) {
                const struct an_item *it = &Lk->items[S->item_index[q]];
                report_table_add_row(t, L(d, it->label_zh, it->label_en));
                size_t row = t->nrows - 1;
                report_table_set_cell(t, row, 0, S->scale_mean_if_deleted[q], REPORT_CELL_MEAN);
                report_table_set_cell(t, row, 1, S->scale_var_if_deleted[q], REPORT_CELL_MEAN);
                report_table_set_cell(t, row, 2, S->item_total[q], REPORT_CELL_STAT);
                report_table_set_cell(t, row, 3,
                                      S->alpha_if_deleted ? S->alpha_if_deleted[q] : NAN,
                                      REPORT_CELL_STAT);
            }
        }
        report_table_set_note(t, T(d, M_ITEM_STATS_NOTE));
    }
    rp_put_table(&d->w, t);
}

/* Why the validity V of NAME could not be computed, as a sentence (NULL
   when out of memory). */
static char *validity_failure(const struct doc *d, const struct an_likert *Lk, const char *name,
                              const struct an_validity *V)
{
    char a[2][REPORT_NUMBER_SIZE];
    char *msg = NULL;
    switch (V->status) {
    case AN_VALIDITY_OK: break;
    case AN_VALIDITY_TOO_FEW:
        msg = rp_format(T(d, M_VAL_TOO_FEW), name, fmt(d, a[0], V->n, REPORT_CELL_COUNT),
                        fmt(d, a[1], (double)V->k, REPORT_CELL_COUNT));
        break;
    case AN_VALIDITY_CONSTANT:
    case AN_VALIDITY_SINGULAR:
        msg = rp_format(T(d, V->status == AN_VALIDITY_CONSTANT ? M_VAL_CONSTANT : M_VAL_SINGULAR),
                        name, item_label(d, Lk, V->item));
        break;
    case AN_VALIDITY_FAILED: msg = rp_format(T(d, M_VAL_FAILED), name); break;
    }
    return msg;
}

/* Eigenvalues of every component, and the kept factors' SS loadings after
   rotation (SPSS's "Total Variance Explained"). */
static void variance_table(struct doc *d, const struct an_validity *V)
{
    int rot = V->factors >= 2;
    struct report_table *t = report_table_new(T(d, M_VARIANCE), 6);
    if (t) {
        report_table_set_stub(t, T(d, M_COMPONENT));
        enum rp_msg_id cols[] = {M_EIGENVALUE, M_PCT_VAR, M_CUM_PCT, rot ? M_ROT_SS : M_EXT_SS,
                           rot ? M_ROT_PCT : M_EXT_PCT, rot ? M_ROT_CUM : M_EXT_CUM};
        for (size_t c = 0; c < 6; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t i = 0; i < V->k; i++) {
            char label[24];
            snprintf(label, sizeof label, "%zu", i + 1);
            report_table_add_row(t, label);
            report_table_set_cell(t, i, 0, V->eigenvalues[i], REPORT_CELL_STAT);
            report_table_set_cell(t, i, 1, V->eigen_pct[i] / 100, REPORT_CELL_PERCENT);
            report_table_set_cell(t, i, 2, V->eigen_cum[i] / 100, REPORT_CELL_PERCENT);
            if (i >= V->factors)
                continue;
            report_table_set_cell(t, i, 3, V->ss_loadings[i], REPORT_CELL_STAT);
            report_table_set_cell(t, i, 4, V->variance_pct[i] / 100, REPORT_CELL_PERCENT);
            report_table_set_cell(t, i, 5, V->cumulative_pct[i] / 100, REPORT_CELL_PERCENT);
        }
        char a[3][REPORT_NUMBER_SIZE];
        char *note = rp_format(T(d, V->fixed ? M_VARIANCE_NOTE_FIXED : M_VARIANCE_NOTE),
                               fmt(d, a[0], (double)V->k, REPORT_CELL_COUNT),
                               fmt(d, a[1], V->n, REPORT_CELL_COUNT),
                               fmt(d, a[2], (double)V->factors, REPORT_CELL_COUNT));
        if (!note || report_table_set_note(t, note) < 0)
            d->w.rc = -1;
        free(note);
    }
    rp_put_table(&d->w, t);
}

/* The loadings of V (a section's set of LK's items), SPSS's sorted and
   suppressed display: items grouped under the factor of their largest
   |loading|, by that loading, highest first; |loading| < 0.4 blank. */
static void loadings_table(struct doc *d, const struct an_likert *Lk, const struct an_validity *V)
{
    size_t K = V->factors, k = V->k, with_scale = Lk->n_scales > 1;
    size_t *order = malloc(k * sizeof *order), *scale = calloc(k, sizeof *scale);
    struct report_table *t = order && scale ? report_table_new(T(d, K >= 2 ? M_LOADINGS_ROT
                                                                           : M_LOADINGS_ONE),
                                                               K + with_scale)
                                            : NULL;
    if (t) {
        for (size_t s = 0; s < Lk->n_scales; s++)
            for (size_t q = 0; q < Lk->scales[s].k; q++)
                scale[Lk->scales[s].item_index[q]] = s;
        /* Insertion sort: stable, so equal loadings keep codebook order. */
        for (size_t i = 0; i < k; i++) {
            size_t j = i, f = V->main_factor[i];
            double l = fabs(V->loadings[i * K + f]);
            while (j > 0) {
                size_t p = order[j - 1], g = V->main_factor[p];
                if (g < f || (g == f && fabs(V->loadings[p * K + g]) >= l))
                    break;
                order[j] = p;
                j--;
            }
            order[j] = i;
        }
        report_table_set_stub(t, T(d, M_ITEM));
        if (with_scale)
            report_table_set_column(t, 0, T(d, M_SCALE));
        for (size_t f = 0; f < K; f++) {
            char *col = rp_format(T(d, M_FACTOR_N), f + 1);
            if (!col || report_table_set_column(t, with_scale + f, col) < 0)
                d->w.rc = -1;
            free(col);
        }
        for (size_t r = 0; r < k; r++) {
            size_t i = order[r];
            report_table_add_row(t, item_label(d, Lk, V->items[i]));
            if (with_scale)
                report_table_set_text(
                    t, r, 0, LB(d, Lk->scales[scale[i]].label_zh, Lk->scales[scale[i]].label_en));
            for (size_t f = 0; f < K; f++)
                if (fabs(V->loadings[i * K + f]) >= 0.4)
                    report_table_set_cell(t, r, with_scale + f, V->loadings[i * K + f],
                                          REPORT_CELL_STAT);
        }
        report_table_set_note(t, T(d, K >= 2 ? M_LOADINGS_NOTE : M_LOADINGS_ONE_NOTE));
    } else {
        d->w.rc = -1;
    }
    free(order);
    free(scale);
    rp_put_table(&d->w, t);
}

/* The validity of LK's items together and of each scale of 3+ items: KMO
   and Bartlett for each, then the eigenvalues and loadings of the whole set.
   A scale holding every item of the section is the set itself and is shown
   once. */
static void validity_block(struct doc *d, const struct an_likert *Lk)
{
    const struct an_validity **set = malloc((1 + Lk->n_scales) * sizeof *set);
    const char **name = malloc((1 + Lk->n_scales) * sizeof *name);
    size_t n = 0, ok = 0;
    if (!set || !name) {
        free(set);
        free(name);
        d->w.rc = -1;
        return;
    }
    if (Lk->validity) {
        set[n] = Lk->validity;
        name[n++] = T(d, M_ALL_ITEMS);
    }
    for (size_t k = 0; k < Lk->n_scales; k++) {
        const struct an_scale *S = &Lk->scales[k];
        if (S->validity && S->k < Lk->n_items) {
            set[n] = S->validity;
            name[n++] = LB(d, S->label_zh, S->label_en);
        }
    }
    for (size_t i = 0; i < n; i++)
        ok += set[i]->status == AN_VALIDITY_OK;
    if (ok) {
        struct report_table *t = report_table_new(T(d, M_VALIDITY), 9);
        if (t) {
            report_table_set_stub(t, T(d, M_SCALE));
            enum rp_msg_id cols[] = {M_K,  M_N, M_KMO,     M_KMO_READING,  M_BARTLETT,
                               M_DF, M_P, M_FACTORS, M_VAR_EXPLAINED};
            for (size_t c = 0; c < 9; c++)
                report_table_set_column(t, c, T(d, cols[c]));
            for (size_t i = 0; i < n; i++) {
                const struct an_validity *V = set[i];
                if (V->status != AN_VALIDITY_OK)
                    continue;
                report_table_add_row(t, name[i]);
                size_t row = t->nrows - 1;
                const char *words = kmo_words(d, V->kmo);
                report_table_set_cell(t, row, 0, (double)V->k, REPORT_CELL_COUNT);
                report_table_set_cell(t, row, 1, V->n, REPORT_CELL_COUNT);
                report_table_set_cell(t, row, 2, V->kmo, REPORT_CELL_STAT);
                if (words)
                    report_table_set_text(t, row, 3, words);
                report_table_set_cell(t, row, 4, V->bartlett.statistic, REPORT_CELL_STAT);
                report_table_set_cell(t, row, 5, V->bartlett.df, REPORT_CELL_COUNT);
                report_table_set_cell(t, row, 6, V->bartlett.p_value, REPORT_CELL_PVALUE);
                report_table_set_cell(t, row, 7, (double)V->factors, REPORT_CELL_COUNT);
                report_table_set_cell(t, row, 8, V->cumulative_pct[V->factors - 1] / 100,
                                      REPORT_CELL_PERCENT);
            }
            report_table_set_note(t, T(d, M_VALIDITY_NOTE));
        }
        rp_put_table(&d->w, t);
    }
    /* The sets that could not be analysed, in one list. */
    struct rp_list why = {0};
    for (size_t i = 0; i < n; i++)
        if (set[i]->status != AN_VALIDITY_OK)
            rp_list_add(&why, validity_failure(d, Lk, name[i], set[i]));
    if (why.oom)
        d->w.rc = -1;
    else if (why.n)
        rp_sentences(&d->w, (const char *const *)why.s, (size_t)why.n);
    rp_list_free(why.s, why.n);
    free(set);
    free(name);
    if (Lk->validity && Lk->validity->status == AN_VALIDITY_OK) {
        variance_table(d, Lk->validity);
        loadings_table(d, Lk, Lk->validity);
    }
}

void rp_doc_section_likert(struct doc *d, enum rp_msg_id heading_msg, const struct an_likert *Lk)
{
    const struct an_results *r = d->r;
    size_t nb = r->n_bands;
    heading(d, heading_msg);
    if (!Lk->n_items) {
        sentence(d, T(d, M_NO_DATA));
        return;
    }
    struct report_table *t = report_table_new(T(d, M_ITEMS), 6);
    if (t) {
        report_table_set_stub(t, T(d, M_ITEM));
        enum rp_msg_id cols[] = {M_N, M_MEAN, M_SD, M_CI_LOW, M_CI_HIGH, M_TOP2};
        for (size_t c = 0; c < 6; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        for (size_t k = 0; k < Lk->n_items; k++) {
            const struct an_item *it = &Lk->items[k];
            report_table_add_row(t, L(d, it->label_zh, it->label_en));
            report_table_set_cell(t, k, 0, it->stat.n, REPORT_CELL_COUNT);
            report_table_set_cell(t, k, 1, it->stat.mean, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 2, it->stat.sd, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 3, it->stat.ci_low, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 4, it->stat.ci_high, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 5, it->top2, REPORT_CELL_PERCENT);
        }
        char *note = items_note(d, Lk);
        if (!note || (*note && report_table_set_note(t, note) < 0))
            d->w.rc = -1;
        free(note);
    }
    rp_put_table(&d->w, t);

    /* Diverging bars, one chart per run of items sharing a range. */
    for (size_t k0 = 0; k0 < Lk->n_items && d->w.rc == 0;) {
        size_t k1 = k0;
        while (k1 < Lk->n_items && Lk->items[k1].min == Lk->items[k0].min &&
               Lk->items[k1].max == Lk->items[k0].max)
            k1++;
        likert_chart(d, Lk, k0, k1);
        k0 = k1;
    }

    t = report_table_new(T(d, M_SCALES), 7);
    if (t) {
        report_table_set_stub(t, T(d, M_SCALE));
        enum rp_msg_id cols[] = {M_K, M_N, M_ALPHA, M_STD_ALPHA, M_INDEX_MEAN, M_SD, M_CI_LOW};
        for (size_t c = 0; c < 7; c++)
            report_table_set_column(t, c, T(d, cols[c]));
        report_table_set_column(t, 6, T(d, M_CI));
        for (size_t k = 0; k < Lk->n_scales; k++) {
            const struct an_scale *S = &Lk->scales[k];
            char ci[2][REPORT_NUMBER_SIZE], *range;
            report_table_add_row(t, LB(d, S->label_zh, S->label_en));
            report_table_set_cell(t, k, 0, (double)S->k, REPORT_CELL_COUNT);
            report_table_set_cell(t, k, 1, S->n, REPORT_CELL_COUNT);
            report_table_set_cell(t, k, 2, S->alpha, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 3, S->std_alpha, REPORT_CELL_STAT);
            report_table_set_cell(t, k, 4, S->index.mean, REPORT_CELL_MEAN);
            report_table_set_cell(t, k, 5, S->index.sd, REPORT_CELL_MEAN);
            fmt(d, ci[0], S->index.ci_low, REPORT_CELL_MEAN);
            fmt(d, ci[1], S->index.ci_high, REPORT_CELL_MEAN);
            range = rp_format(d->w.o->ascii ? "%s-%s" : "%s–%s", ci[0], ci[1]);
            if (!range || report_table_set_text(t, k, 6, range) < 0)
                d->w.rc = -1;
            free(range);
        }
    }
    rp_put_table(&d->w, t);
    /* A negative alpha, an item that does not vary: said, not hidden. */
    rp_doc_scale_cautions(d, Lk);
    item_stats_table(d, Lk);
    validity_block(d, Lk);

    /* Each scale's index by age group and by community, with its tests. */
    for (size_t k = 0; k < Lk->n_scales; k++) {
        const struct an_scale *S = &Lk->scales[k];
        char *title = rp_format("%s: %s", LB(d, S->label_zh, S->label_en), T(d, M_INDEX_BY_AGE));
        t = title ? report_table_new(title, nb) : NULL;
        free(title);
        if (t) {
            report_table_set_stub(t, "");
            for (size_t g = 0; g < nb; g++)
                report_table_set_column(t, g, r->age_bands[g]);
            report_table_add_row(t, T(d, M_MEAN));
            report_table_add_row(t, T(d, M_SD));
            report_table_add_row(t, T(d, M_N));
            for (size_t g = 0; g < nb; g++) {
                report_table_set_cell(t, 0, g, S->by_age[g].mean, REPORT_CELL_MEAN);
                report_table_set_cell(t, 1, g, S->by_age[g].sd, REPORT_CELL_MEAN);
                report_table_set_cell(t, 2, g, S->by_age[g].n, REPORT_CELL_COUNT);
            }
            /* The comparison across age groups (the first grouping). */
            if (S->n_by && !strcmp(S->by[0].variable, "age_group")) {
                char *note = rp_doc_comparison_note(d, &S->by[0].comparison);
                if (!note || report_table_set_note(t, note) < 0)
                    d->w.rc = -1;
                free(note);
            }
        }
        rp_put_table(&d->w, t);
        if (r->n_community) {
            title = rp_format("%s: %s", LB(d, S->label_zh, S->label_en), T(d, M_INDEX_BY_COMM));
            t = title ? report_table_new(title, 3) : NULL;
            free(title);
            if (t) {
                char a[6][REPORT_NUMBER_SIZE];
                report_table_set_stub(t, T(d, M_COMMUNITY));
                report_table_set_column(t, 0, T(d, M_N));
                report_table_set_column(t, 1, T(d, M_MEAN));
                report_table_set_column(t, 2, T(d, M_SD));
                for (size_t q = 0; q < r->n_community; q++) {
                    report_table_add_row(
                        t, LB(d, S->by_community[q].group, S->by_community[q].group_en));
                    report_table_set_cell(t, q, 0, S->by_community[q].n, REPORT_CELL_COUNT);
                    report_table_set_cell(t, q, 1, S->by_community[q].mean, REPORT_CELL_MEAN);
                    report_table_set_cell(t, q, 2, S->by_community[q].sd, REPORT_CELL_MEAN);
                }
                char *note = rp_format(T(d, M_KW_NOTE), fmt(d, a[0], S->test_age.statistic, REPORT_CELL_STAT),
                                    fmt(d, a[1], S->test_age.df, REPORT_CELL_COUNT),
                                    p_after(d, a[2], S->test_age.p_value),
                                    fmt(d, a[3], S->test_community.statistic, REPORT_CELL_STAT),
                                    fmt(d, a[4], S->test_community.df, REPORT_CELL_COUNT),
                                    p_after(d, a[5], S->test_community.p_value));
                if (!note || report_table_set_note(t, note) < 0)
                    d->w.rc = -1;
                free(note);
            }
            rp_put_table(&d->w, t);
        }
        /* And across each --by column. */
        for (size_t y = 0; y < S->n_by && d->w.rc == 0; y++)
            if (strcmp(S->by[y].variable, "age_group"))
                rp_doc_comparison_table(d, LB(d, S->label_zh, S->label_en), &S->by[y]);
    }
}
