/* quality.c — data-quality warnings, never rejections: speeders (under a
 * third of the median duration, or under --min-duration) and straight-liners
 * (the same answer to every Likert item, six or more answered).
 */
#include "survey/load_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether ROW gives the same answer to every one of at least six Likert
   items (reverse-worded items compared as answered); *RAW gets the answer. */
static int straight_answer(const struct survey *s, const int16_t *row, int *raw, int *answered)
{
    const struct survey_impl *im = s->impl;
    int n = 0, first = 0;
    for (size_t k = 0; k < im->n_likert; k++) {
        const struct survey_var *v = &s->vars[im->likert[k]];
        int16_t x = row[im->likert[k]];
        if (x == SURVEY_MISSING)
            continue;
        int r = ld_likert_score(v->col, x); /* undoes the reverse coding */
        if (n++ == 0)
            first = r;
        else if (r != first)
            return 0;
    }
    *raw = first;
    *answered = n;
    return n >= 6;
}

int ld_straight_lined(const struct survey *s, const int16_t *row)
{
    int raw, answered;
    return straight_answer(s, row, &raw, &answered);
}

int ld_note_straight(struct ld_part *out, size_t row)
{
    if (out->n_straight == out->straight_cap) {
        size_t cap = out->straight_cap ? 2 * out->straight_cap : 64;
        uint32_t *p = realloc(out->straight, cap * sizeof *p);
        if (!p)
            return -1;
        out->straight = p;
        out->straight_cap = cap;
    }
    out->straight[out->n_straight++] = (uint32_t)row;
    return 0;
}

/* ## Data-quality warnings */

/* The k-th smallest of V[0..n), reordering V (Wirth's selection: on return
   everything before index K is <= V[K] and everything after is >= V[K]). */
static double select_kth(double *v, size_t n, size_t k)
{
    size_t l = 0, r = n - 1;
    while (l < r) {
        double x = v[k];
        size_t i = l, j = r;
        do {
            while (v[i] < x)
                i++;
            while (x < v[j])
                j--;
            if (i <= j) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        } while (i <= j);
        if (j < k)
            l = i;
        if (k < i)
            r = j;
    }
    return v[k];
}

/* The median of the N durations D that are not NaN: 1 and *MEDIAN, 0 when
   there are none, -1 out of memory.  Whole seconds under three hours, as
   nearly all are, are counted; anything else is selected. */
static int duration_median(const double *d, size_t n, double *median)
{
    enum { SPAN = 3 * 3600 };
    uint32_t *count = calloc(SPAN, sizeof *count);
    if (!count)
        return -1;
    size_t m = 0, i;
    for (i = 0; i < n; i++) {
        if (isnan(d[i]))
            continue;
        if (!(d[i] >= 0 && d[i] < SPAN && d[i] == (double)(int)d[i]) || m == UINT32_MAX)
            break;
        count[(int)d[i]]++;
        m++;
    }
    if (i == n) {
        int lo = -1, hi = -1; /* the values of ranks (m - 1) / 2 and m / 2 */
        size_t seen = 0;
        for (int v = 0; v < SPAN && hi < 0; v++) {
            seen += count[v];
            if (lo < 0 && seen > (m - 1) / 2)
                lo = v;
            if (seen > m / 2)
                hi = v;
        }
        free(count);
        if (!m)
            return 0;
        *median = lo == hi ? lo : (lo + hi) / 2.0;
        return 1;
    }
    free(count);
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return -1;
    m = 0;
    for (i = 0; i < n; i++)
        if (!isnan(d[i]))
            v[m++] = d[i];
    if (m) {
        *median = select_kth(v, m, (m - 1) / 2);
        if (m % 2 == 0) {
            double hi = v[m / 2];
            for (i = m / 2; i < m; i++)
                if (v[i] < hi)
                    hi = v[i];
            *median = (*median + hi) / 2;
        }
    }
    free(v);
    return m > 0;
}

/* Flag speeders and straight-liners among S's respondents. */
static int flag(struct survey *s, const struct survey_load_opts *opts)
{
    struct ld_part *part = &s->impl->part;
    double min_duration = opts ? opts->min_duration : 0;
    double limit = min_duration;
    if (s->duration) {
        double median;
        int m = duration_median(s->duration, s->n, &median);
        if (m < 0)
            return -1;
        if (m && median / 3 > limit)
            limit = median / 3;
        char detail[96];
        int dcol = survey_codebook_find_role(s->cb, ROLE_DURATION);
        for (size_t i = 0; i < s->n && limit > 0; i++) {
            if (isnan(s->duration[i]) || s->duration[i] >= limit)
                continue;
            snprintf(detail, sizeof detail, "speeder: took %.0f s, under %.0f s", s->duration[i],
                     limit);
            char val[32];
            snprintf(val, sizeof val, "%.0f", s->duration[i]);
            if (ld_add_problem(s, part, REASON_SPEEDER, ld_row_file(s, i),
                               ld_line_of(&part->lines, i), s->cb->cols[dcol].column, val,
                               strlen(val), detail, NULL) < 0)
                return -1;
            s->speeders++;
        }
    }
    /* Straight-liners were noted as they loaded (see ld_record()). */
    int16_t *row = malloc((s->n_vars ? s->n_vars : 1) * sizeof *row);
    if (!row)
        return -1;
    for (size_t k = 0; k < part->n_straight; k++) {
        size_t i = part->straight[k];
        for (size_t j = 0; j < s->n_vars; j++)
            row[j] = s->vars[j].v[i];
        int first, answered;
        straight_answer(s, row, &first, &answered);
        char detail[96], val[16];
        snprintf(detail, sizeof detail, "straight-lining: answered %d to all %d Likert items",
                 first, answered);
        snprintf(val, sizeof val, "%d", first);
        if (ld_add_problem(s, part, REASON_STRAIGHT_LINER, ld_row_file(s, i),
                           ld_line_of(&part->lines, i), "", val, strlen(val), detail, NULL) < 0) {
            free(row);
            return -1;
        }
        s->straight_liners++;
    }
    free(row);
    return 0;
}

int survey_finish(struct survey *s, const struct survey_load_opts *opts)
{
    struct survey_impl *im = s->impl;
    if (im->finished)
        return 0;
    im->finished = 1;
    int rc = ld_any_finish(s) < 0 ? -1 : flag(s, opts);
    ld_publish(s);
    return rc;
}
