/* compare.c — the comparison of waves as researchers read it.  Its findings
 * are phrased in compare_findings.c and its JSON is built in compare_json.c.
 *
 * Every heading, label, note, finding and methods sentence comes from one
 * catalogue of messages in Chinese and English (messages.c).  Each section
 * shows the waves side by side (a value that differs significantly from the
 * previous wave's carries ▲ or ▼, in ASCII + or -) and then, per pair of
 * consecutive waves, the changes with their 95% intervals and tests.  With
 * three or more waves, trend charts show participation by age group and
 * each index over the waves.  Nothing here computes a statistic: whether a
 * change is significant is stats_compare_direction()'s answer.
 *
 * Marked cells are text ("55.1% ▲"), and a table aligns text to the left;
 * so the numbers of a marked column are padded on the left to one width,
 * which lines them up on their last digit with the marks in one column.
 */
#include "report/compare.h"
#include "report/report_internal.h"
#include "report/messages.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ## Messages */

/* The methods, in order; M_CMP_METHOD_MARKS names the marks. */
static const enum rp_msg_id methods[] = {
    M_CMP_METHOD_WAVES, M_CMP_METHOD_PARTICIPANT, M_CMP_METHOD_RATES,
    M_CMP_METHOD_MEANS, M_CMP_METHOD_MARKS,       M_CMP_METHOD_NOT_ASKED,
};

struct doc {
    const struct cmp_results *c;
    enum report_lang lang;
    struct rp_writer w;
    int plain; /* ASCII marks and arrows */
    int marks; /* text and Markdown: marked text cells; CSV: plain numbers */
};

static const char *T(const struct doc *d, enum rp_msg_id m)
{
    return rp_msg_text(d->lang, m);
}

static const char *L(const struct doc *d, const char *zh, const char *en)
{
    return d->lang == REPORT_LANG_ZH ? zh : en;
}

static const char *up_mark(const struct doc *d)
{
    return d->plain ? "+" : "▲";
}

static const char *down_mark(const struct doc *d)
{
    return d->plain ? "-" : "▼";
}

/* ## Rendering helpers: each records the first failure in d->w.rc */

static void heading(struct doc *d, enum rp_msg_id m)
{
    rp_heading(&d->w, T(d, m));
}

static void sentences(struct doc *d, const char *const *s, size_t n)
{
    rp_sentences(&d->w, s, n);
}

static void note(struct doc *d, struct report_table *t, char *s)
{
    if (!s || (t && report_table_set_note(t, s) < 0))
        d->w.rc = -1;
    free(s);
}

/* The wave labels, for columns and charts. */
static const char **wave_labels(const struct cmp_results *c)
{
    const char **w = malloc(c->n_waves * sizeof *w);
    for (size_t i = 0; w && i < c->n_waves; i++)
        w[i] = c->waves[i].label;
    return w;
}

/* "Title, 2023 → 2024" */
static char *pair_title(const struct doc *d, enum rp_msg_id m, size_t i)
{
    return rp_msg_format(d->lang, M_CMP_PAIR_TITLE, T(d, m),
                  d->c->waves[i].label, d->plain ? "->" : "→", d->c->waves[i + 1].label);
}

/* One cell of a marked column: the value, whether it was asked, and its
   mark (+1 ▲, -1 ▼, 0 none). */
struct mcell {
    size_t row;
    double value;
    int asked, dir;
};

/* Fill column COL of T from the N cells CELL: numbers with their marks (see
   report_table_set_mark), or the words "not asked". */
static void marked_column(struct doc *d, struct report_table *t, size_t col,
                          const struct mcell *cell, size_t n, enum report_cell_class cls)
{
    if (!t)
        return;
    for (size_t i = 0; i < n && d->w.rc == 0; i++) {
        int rc;
        if (!cell[i].asked)
            rc = report_table_set_text(t, cell[i].row, col, T(d, M_NOT_ASKED));
        else
            rc = report_table_set_cell(t, cell[i].row, col, cell[i].value, cls) < 0 ||
                         report_table_set_mark(t, cell[i].row, col,
                                               cell[i].dir > 0   ? REPORT_MARK_UP
                                               : cell[i].dir < 0 ? REPORT_MARK_DOWN
                                                                 : REPORT_MARK_SAME) < 0
                     ? -1
                     : 0;
        if (rc < 0)
            d->w.rc = -1;
    }
}

/* The interval of a change: one text cell "[-1.2, +3.4]" at column COL, or
   in CSV two numbers at COL and COL + 1.  Returns the next column. */
static size_t ci_cells(struct doc *d, struct report_table *t, size_t row, size_t col,
                       const struct stats_diff *x, enum report_cell_class cls)
{
    if (!t)
        return col + 1;
    if (!d->marks) {
        if (report_table_set_cell(t, row, col, x->ci_low, cls) < 0 ||
            report_table_set_cell(t, row, col + 1, x->ci_high, cls) < 0)
            d->w.rc = -1;
        return col + 2;
    }
    if (!isnan(x->ci_low)) {
        char lo[REPORT_NUMBER_SIZE], hi[REPORT_NUMBER_SIZE];
        char *s = rp_format("[%s, %s]", rp_num(lo, x->ci_low, cls, d->plain), rp_num(hi, x->ci_high, cls, d->plain));
        if (!s || report_table_set_text(t, row, col, s) < 0)
            d->w.rc = -1;
        free(s);
    }
    return col + 1;
}

/* Set the headers of CI columns (one, or low and high in CSV) from COL on;
   returns the next column. */
static size_t ci_headers(struct doc *d, struct report_table *t, size_t col, enum rp_msg_id m)
{
    if (!t)
        return col + 1;
    if (!d->marks) {
        char *lo = rp_format("%s (%s)", T(d, m), T(d, M_LOW));
        char *hi = rp_format("%s (%s)", T(d, m), T(d, M_HIGH));
        if (!lo || !hi || report_table_set_column(t, col, lo) < 0 ||
            report_table_set_column(t, col + 1, hi) < 0)
            d->w.rc = -1;
        free(lo);
        free(hi);
        return col + 2;
    }
    if (report_table_set_column(t, col, T(d, m)) < 0)
        d->w.rc = -1;
    return col + 1;
}

/* Columns a CI takes. */
static size_t ci_width(const struct doc *d)
{
    return d->marks ? 1 : 2;
}

static char *legend(const struct doc *d, enum rp_msg_id m)
{
    return rp_format(T(d, m), up_mark(d), down_mark(d));
}

/* ## Sections */

static void section_findings(struct doc *d)
{
    heading(d, M_FINDINGS);
    char **f;
    long n = report_compare_findings(d->c, d->lang, &f);
    if (n < 0) {
        d->w.rc = -1;
        return;
    }
    sentences(d, (const char *const *)f, (size_t)n);
    rp_list_free(f, n);
}

static void section_waves(struct doc *d)
{
    const struct cmp_results *c = d->c;
    int zh = d->lang == REPORT_LANG_ZH;
    heading(d, M_WAVES);
    struct report_table *t = report_table_new(T(d, M_WAVES_TABLE), 3);
    if (t) {
        report_table_set_stub(t, T(d, M_WAVE));
        report_table_set_column(t, 0, T(d, M_CMP_FILES));
        report_table_set_column(t, 1, T(d, M_RESPONDENTS));
        report_table_set_column(t, 2, T(d, M_NOT_ASKED_COL));
        for (size_t w = 0; w < c->n_waves && d->w.rc == 0; w++) {
            const struct cmp_wave *cw = &c->waves[w];
            struct rp_text files, na;
            rp_text_open(&files);
            rp_text_open(&na);
            for (size_t f = 0; files.f && f < cw->n_files; f++)
                fprintf(files.f, "%s%s", f ? rp_msg_text(d->lang, M_LIST_SEP) : "", cw->files[f]);
            size_t n = 0;
            for (size_t a = 0; na.f && a < cw->n_not_asked; a++)
                if (cw->not_asked[a].is_question)
                    fprintf(na.f, "%s%s", n++ ? rp_msg_text(d->lang, M_CF_QUESTION_SEP) : "",
                            rp_compare_col_label(&cw->not_asked[a], zh));
            char *fs = rp_text_close(&files), *ns = rp_text_close(&na);
            if (!fs || !ns || report_table_add_row(t, cw->label) < 0 ||
                report_table_set_text(t, w, 0, fs) < 0 ||
                report_table_set_cell(t, w, 1, cw->n, REPORT_CELL_COUNT) < 0 ||
                report_table_set_text(t, w, 2, n ? ns : T(d, M_NONE)) < 0)
                d->w.rc = -1;
            free(fs);
            free(ns);
        }
    }
    rp_put_table(&d->w, t);

    long excluded = c->rows_excluded;
    t = report_table_new(T(d, M_FILES), 5);
    if (t) {
        report_table_set_stub(t, T(d, M_FILE));
        enum rp_msg_id cols[] = {M_ENCODING, M_READ, M_LOADED, M_EXCLUDED, M_WAVE_COL};
        for (size_t k = 0; k < 5; k++)
            report_table_set_column(t, k, T(d, cols[k]));
        for (size_t i = 0; i < c->n_inputs && d->w.rc == 0; i++) {
            const struct an_file *fi = &c->inputs[i];
            char enc[32];
            snprintf(enc, sizeof enc, "%s%s", fi->encoding,
                     fi->bom ? " (BOM)" : "");
            struct rp_text waves;
            rp_text_open(&waves);
            size_t n = 0;
            for (size_t w = 0; waves.f && w < c->n_waves; w++)
                for (size_t f = 0; f < c->waves[w].n_files; f++)
                    if (!strcmp(c->waves[w].files[f], fi->name))
                        fprintf(waves.f, "%s%s", n++ ? rp_msg_text(d->lang, M_LIST_SEP) : "", c->waves[w].label);
            char *ws = rp_text_close(&waves);
            if (!ws || report_table_add_row(t, fi->name) < 0 ||
                report_table_set_text(t, i, 0, enc) < 0 ||
                report_table_set_cell(t, i, 1, (double)fi->rows_read, REPORT_CELL_COUNT) < 0 ||
                report_table_set_cell(t, i, 2, (double)fi->rows_loaded, REPORT_CELL_COUNT) < 0 ||
                report_table_set_cell(t, i, 3, (double)fi->rows_excluded, REPORT_CELL_COUNT) < 0 ||
                report_table_set_text(t, i, 4, ws) < 0)
                d->w.rc = -1;
            free(ws);
        }
        if (excluded)
            note(d, t, rp_format("%s", T(d, M_EXCLUDED_NOTE)));
    }
    rp_put_table(&d->w, t);
}

/* The rows of the participation tables: overall, the age groups, the
   activities, with group headers. */
struct prow {
    const char *label;
    const struct cmp_rates *r; /* NULL: a group header */
};

static size_t participation_rows(const struct doc *d, struct prow *rows)
{
    const struct cmp_results *c = d->c;
    size_t n = 0;
    rows[n++] = (struct prow){T(d, M_OVERALL), &c->overall};
    rows[n++] = (struct prow){T(d, M_AGE_GROUP), NULL};
    for (size_t b = 0; b < c->n_bands; b++)
        rows[n++] = (struct prow){c->age_bands[b], &c->by_age[b]};
    if (c->n_activities) {
        rows[n++] = (struct prow){T(d, M_ACTIVITY), NULL};
        for (size_t k = 0; k < c->n_activities; k++)
            rows[n++] = (struct prow){L(d, c->activities[k].label_zh, c->activities[k].label_en),
                                      &c->activities[k]};
    }
    return n;
}

/* Add ROWS to T; returns the table row of each (group headers get none). */
static void add_rows(struct doc *d, struct report_table *t, const struct prow *rows, size_t n,
                     size_t *at)
{
    for (size_t i = 0; t && i < n; i++) {
        int rc = rows[i].r ? report_table_add_row(t, rows[i].label)
                           : report_table_add_group(t, rows[i].label);
        if (rc < 0)
            d->w.rc = -1;
        at[i] = t->nrows - 1;
    }
}

static void section_participation(struct doc *d)
{
    const struct cmp_results *c = d->c;
    size_t nw = c->n_waves, nb = c->n_bands;
    heading(d, M_PARTICIPATION);
    const char **waves = wave_labels(c);
    size_t cap = 3 + nb + c->n_activities;
    struct prow *rows = malloc(cap * sizeof *rows);
    size_t *at = malloc(cap * sizeof *at);
    struct mcell *cells = malloc(cap * sizeof *cells);
    double *values = malloc(nw * sizeof *values);
    if (!waves || !rows || !at || !cells || !values) {
        d->w.rc = -1;
        goto done;
    }
    size_t n = participation_rows(d, rows);

    if (nw >= 3) {
        struct report_trend *tr = report_trend_new(T(d, M_PART_TREND), REPORT_CELL_PERCENT, nw, waves);
        for (size_t g = 0; tr && g <= nb; g++) {
            const struct cmp_rates *r = g == 0 ? &c->overall : &c->by_age[g - 1];
            for (size_t w = 0; w < nw; w++)
                values[w] = r->wave[w].asked ? r->wave[w].rate : NAN;
            if (report_trend_add(tr, g == 0 ? T(d, M_OVERALL) : c->age_bands[g - 1],
                                 values) < 0)
                d->w.rc = -1;
        }
        rp_put_trend(&d->w, tr);
    }

    struct report_table *t = report_table_new(T(d, M_PART_BY_WAVE), nw);
    if (t) {
        report_table_set_stub(t, T(d, M_GROUP));
        for (size_t w = 0; w < nw; w++)
            report_table_set_column(t, w, waves[w]);
        add_rows(d, t, rows, n, at);
        for (size_t w = 0; w < nw; w++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                if (!rows[i].r)
                    continue;
                const struct cmp_rate *x = &rows[i].r->wave[w];
                cells[m++] = (struct mcell){at[i], x->rate, x->asked,
                                            w ? stats_compare_direction(&rows[i].r->change[w - 1]) : 0};
            }
            marked_column(d, t, w, cells, m, REPORT_CELL_PERCENT);
        }
        if (d->marks)
            note(d, t, legend(d, M_RATE_LEGEND));
    }
    rp_put_table(&d->w, t);

    for (size_t i = 0; i + 1 < nw && d->w.rc == 0; i++) {
        char *title = pair_title(d, M_PART_CHANGE, i);
        size_t ncols = 3 + ci_width(d);
        t = title ? report_table_new(title, ncols) : NULL;
        free(title);
        if (t) {
            report_table_set_stub(t, T(d, M_GROUP));
            report_table_set_column(t, 0, T(d, M_CHANGE));
            size_t col = ci_headers(d, t, 1, M_CI);
            report_table_set_column(t, col, T(d, M_Z));
            report_table_set_column(t, col + 1, T(d, M_P));
            add_rows(d, t, rows, n, at);
            size_t m = 0;
            for (size_t r = 0; r < n; r++) {
                if (!rows[r].r)
                    continue;
                const struct cmp_rates *x = rows[r].r;
                const struct stats_diff *ch = &x->change[i];
                int asked = x->wave[i].asked && x->wave[i + 1].asked;
                cells[m++] = (struct mcell){at[r], ch->difference, asked, stats_compare_direction(ch)};
                if (!asked)
                    continue;
                ci_cells(d, t, at[r], 1, ch, REPORT_CELL_PERCENT_CHANGE);
                if (report_table_set_cell(t, at[r], col, ch->statistic, REPORT_CELL_STAT) < 0 ||
                    report_table_set_cell(t, at[r], col + 1, ch->p_value, REPORT_CELL_PVALUE) < 0)
                    d->w.rc = -1;
            }
            marked_column(d, t, 0, cells, m, REPORT_CELL_PERCENT_CHANGE);
            note(d, t, rp_format("%s", T(d, M_TOP2_NOTE)));
        }
        rp_put_table(&d->w, t);
    }
done:
    free(waves);
    free(rows);
    free(at);
    free(cells);
    free(values);
}

/* Rows of a table of means: the scales (grouped by section), or one
   section's items (grouped by scale). */
struct mrow {
    const char *label;
    const struct cmp_means *m; /* NULL: a group header */
};

static size_t scale_rows(const struct doc *d, struct mrow *rows)
{
    const struct cmp_results *c = d->c;
    size_t n = 0;
    enum cmp_section sec[] = {CMP_SATISFACTION, CMP_TRUST};
    enum rp_msg_id name[] = {M_SATISFACTION, M_TRUST};
    for (size_t s = 0; s < 2; s++) {
        int first = 1;
        for (size_t k = 0; k < c->n_scales; k++) {
            if (c->scales[k].section != sec[s])
                continue;
            if (first)
                rows[n++] = (struct mrow){T(d, name[s]), NULL};
            first = 0;
            rows[n++] = (struct mrow){L(d, c->scales[k].label_zh, c->scales[k].label_en),
                                      &c->scales[k]};
        }
    }
    return n;
}

static size_t item_rows(const struct doc *d, enum cmp_section section, struct mrow *rows)
{
    const struct cmp_results *c = d->c;
    size_t n = 0;
    for (size_t k = 0; k < c->n_scales; k++) {
        const struct cmp_means *s = &c->scales[k];
        if (s->section != section)
            continue;
        rows[n++] = (struct mrow){L(d, s->label_zh, s->label_en), NULL};
        for (size_t q = 0; q < c->n_items; q++) {
            const struct cmp_means *it = &c->items[q];
            if (it->section == section && it->scale && !strcmp(it->scale, s->name))
                rows[n++] = (struct mrow){L(d, it->label_zh, it->label_en), it};
        }
    }
    return n;
}

static void add_mrows(struct doc *d, struct report_table *t, const struct mrow *rows, size_t n,
                      size_t *at)
{
    for (size_t i = 0; t && i < n; i++) {
        int rc = rows[i].m ? report_table_add_row(t, rows[i].label)
                           : report_table_add_group(t, rows[i].label);
        if (rc < 0)
            d->w.rc = -1;
        at[i] = t->nrows - 1;
    }
}

/* A table of the waves side by side: the mean (TOP2 0) or the top-2 share
   (TOP2 1) of each row, marked by its test against the previous wave. */
static void means_by_wave(struct doc *d, const char *title, const char *stub,
                          const struct mrow *rows, size_t n, int top2, enum rp_msg_id legend_msg)
{
    const struct cmp_results *c = d->c;
    size_t nw = c->n_waves;
    size_t *at = malloc((n ? n : 1) * sizeof *at);
    struct mcell *cells = malloc((n ? n : 1) * sizeof *cells);
    struct report_table *t = at && cells ? report_table_new(title, nw) : NULL;
    if (t) {
        report_table_set_stub(t, stub);
        for (size_t w = 0; w < nw; w++)
            report_table_set_column(t, w, c->waves[w].label);
        add_mrows(d, t, rows, n, at);
        for (size_t w = 0; w < nw; w++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                const struct cmp_means *x = rows[i].m;
                if (!x)
                    continue;
                const struct stats_diff *ch = w ? (top2 ? &x->top2_change[w - 1] : &x->change[w - 1]) : NULL;
                cells[m++] = (struct mcell){at[i], top2 ? x->wave[w].top2 : x->wave[w].mean,
                                            x->wave[w].asked, ch ? stats_compare_direction(ch) : 0};
            }
            marked_column(d, t, w, cells, m, top2 ? REPORT_CELL_PERCENT : REPORT_CELL_MEAN);
        }
        if (d->marks)
            note(d, t, legend(d, legend_msg));
    }
    rp_put_table(&d->w, t);
    free(at);
    free(cells);
}

static void section_scales(struct doc *d)
{
    const struct cmp_results *c = d->c;
    size_t nw = c->n_waves;
    heading(d, M_CMP_SCALES);
    if (!c->n_scales) {
        const char *s = T(d, M_NO_DATA);
        sentences(d, &s, 1);
        return;
    }
    size_t cap = 2 + c->n_scales;
    struct mrow *rows = malloc(cap * sizeof *rows);
    size_t *at = malloc(cap * sizeof *at);
    struct mcell *cells = malloc(cap * sizeof *cells);
    const char **waves = wave_labels(c);
    double *values = malloc(nw * sizeof *values);
    if (!rows || !at || !cells || !waves || !values) {
        d->w.rc = -1;
        goto done;
    }
    size_t n = scale_rows(d, rows);
    if (nw >= 3) {
        struct report_trend *tr = report_trend_new(T(d, M_SCALE_TREND), REPORT_CELL_MEAN, nw, waves);
        if (tr)
            tr->max = 100;
        for (size_t k = 0; tr && k < c->n_scales; k++) {
            for (size_t w = 0; w < nw; w++)
                values[w] = c->scales[k].wave[w].asked ? c->scales[k].wave[w].mean : NAN;
            if (report_trend_add(tr, L(d, c->scales[k].label_zh, c->scales[k].label_en), values) < 0)
                d->w.rc = -1;
        }
        rp_put_trend(&d->w, tr);
    }
    means_by_wave(d, T(d, M_SCALE_BY_WAVE), T(d, M_SCALE), rows, n, 0, M_MEAN_LEGEND);

    for (size_t i = 0; i + 1 < nw && d->w.rc == 0; i++) {
        char *title = pair_title(d, M_SCALE_CHANGE, i);
        size_t ncols = 4 + ci_width(d);
        struct report_table *t = title ? report_table_new(title, ncols) : NULL;
        free(title);
        if (t) {
            report_table_set_stub(t, T(d, M_SCALE));
            report_table_set_column(t, 0, T(d, M_CHANGE));
            size_t col = ci_headers(d, t, 1, M_CI);
            report_table_set_column(t, col, T(d, M_T));
            report_table_set_column(t, col + 1, T(d, M_DF));
            report_table_set_column(t, col + 2, T(d, M_P));
            add_mrows(d, t, rows, n, at);
            size_t m = 0;
            for (size_t r = 0; r < n; r++) {
                const struct cmp_means *x = rows[r].m;
                if (!x)
                    continue;
                const struct stats_diff *ch = &x->change[i];
                int asked = x->wave[i].asked && x->wave[i + 1].asked;
                cells[m++] = (struct mcell){at[r], ch->difference, asked, stats_compare_direction(ch)};
                if (!asked)
                    continue;
                ci_cells(d, t, at[r], 1, ch, REPORT_CELL_MEAN_CHANGE);
                if (report_table_set_cell(t, at[r], col, ch->statistic, REPORT_CELL_STAT) < 0 ||
                    report_table_set_cell(t, at[r], col + 1, ch->df, REPORT_CELL_STAT) < 0 ||
                    report_table_set_cell(t, at[r], col + 2, ch->p_value, REPORT_CELL_PVALUE) < 0)
                    d->w.rc = -1;
            }
            marked_column(d, t, 0, cells, m, REPORT_CELL_MEAN_CHANGE);
        }
        rp_put_table(&d->w, t);
    }
done:
    free(rows);
    free(at);
    free(cells);
    free(waves);
    free(values);
}

static void section_items(struct doc *d, enum rp_msg_id heading_msg, enum cmp_section section)
{
    const struct cmp_results *c = d->c;
    size_t nw = c->n_waves;
    heading(d, heading_msg);
    size_t cap = c->n_scales + c->n_items + 1;
    struct mrow *rows = malloc(cap * sizeof *rows);
    size_t *at = malloc(cap * sizeof *at);
    struct mcell *mean = malloc(cap * sizeof *mean);
    if (!rows || !at || !mean) {
        d->w.rc = -1;
        goto done;
    }
    size_t n = item_rows(d, section, rows);
    if (!n) {
        const char *s = T(d, M_NO_DATA);
        sentences(d, &s, 1);
        goto done;
    }
    means_by_wave(d, T(d, M_ITEM_MEANS), T(d, M_ITEM), rows, n, 0, M_MEAN_LEGEND);
    means_by_wave(d, T(d, M_ITEM_TOP2), T(d, M_ITEM), rows, n, 1, M_TOP2_LEGEND);

    for (size_t i = 0; i + 1 < nw && d->w.rc == 0; i++) {
        /* Means, then top-2 shares: two tables, as for scales and rates. */
        for (int top2 = 0; top2 <= 1 && d->w.rc == 0; top2++) {
            char *title = pair_title(d, top2 ? M_TOP2_CHANGE_T : M_MEAN_CHANGE_T, i);
            size_t ncols = (top2 ? 3 : 4) + ci_width(d);
            struct report_table *t = title ? report_table_new(title, ncols) : NULL;
            free(title);
            if (t) {
                report_table_set_stub(t, T(d, M_ITEM));
                report_table_set_column(t, 0, T(d, M_CHANGE));
                size_t col = ci_headers(d, t, 1, M_CI);
                report_table_set_column(t, col, T(d, top2 ? M_Z : M_T));
                if (!top2)
                    report_table_set_column(t, col + 1, T(d, M_DF));
                size_t pcol = top2 ? col + 1 : col + 2;
                report_table_set_column(t, pcol, T(d, M_P));
                add_mrows(d, t, rows, n, at);
                size_t m = 0;
                for (size_t r = 0; r < n; r++) {
                    const struct cmp_means *x = rows[r].m;
                    if (!x)
                        continue;
                    const struct stats_diff *ch = top2 ? &x->top2_change[i] : &x->change[i];
                    int asked = x->wave[i].asked && x->wave[i + 1].asked;
                    mean[m++] = (struct mcell){at[r], ch->difference, asked, stats_compare_direction(ch)};
                    if (!asked)
                        continue;
                    ci_cells(d, t, at[r], 1, ch,
                             top2 ? REPORT_CELL_PERCENT_CHANGE : REPORT_CELL_MEAN_CHANGE);
                    if (report_table_set_cell(t, at[r], col, ch->statistic, REPORT_CELL_STAT) < 0 ||
                        (!top2 && report_table_set_cell(t, at[r], col + 1, ch->df, REPORT_CELL_STAT) < 0) ||
                        report_table_set_cell(t, at[r], pcol, ch->p_value, REPORT_CELL_PVALUE) < 0)
                        d->w.rc = -1;
                }
                marked_column(d, t, 0, mean, m,
                              top2 ? REPORT_CELL_PERCENT_CHANGE : REPORT_CELL_MEAN_CHANGE);
                note(d, t, rp_format("%s", T(d, top2 ? M_TOP2_NOTE : M_MEAN_NOTE)));
            }
            rp_put_table(&d->w, t);
        }
    }
done:
    free(rows);
    free(at);
    free(mean);
}

static void section_methods(struct doc *d)
{
    heading(d, M_METHODS);
    size_t nm = sizeof methods / sizeof methods[0];
    const char *items[sizeof methods / sizeof methods[0] + 1];
    char *marks = NULL;
    for (size_t i = 0; i < nm; i++) {
        if (methods[i] != M_CMP_METHOD_MARKS) {
            items[i] = T(d, methods[i]);
        } else if (!d->marks) {
            /* The sentence on marks, for CSV, which has none. */
            items[i] = T(d, M_CMP_METHOD_SIGNIFICANCE);
        } else {
            free(marks);
            if (!(marks = rp_msg_format(d->lang, methods[i], up_mark(d), down_mark(d))))
                d->w.rc = -1;
            items[i] = marks ? marks : "";
        }
    }
    items[nm] = T(d, d->c->weights_ignored ? M_CMP_WEIGHTS_IGNORED : M_WEIGHTS_NONE);
    sentences(d, items, nm + 1);
    free(marks);
}

int report_compare_render(const struct cmp_results *c, enum report_lang lang,
                          const struct report_options *o, FILE *out)
{
    const struct rp_glyphs *gl = rp_glyphs_for(o);
    struct report_doc *doc = report_doc_new(rp_msg_text(lang, M_CMP_TITLE),
                                            lang == REPORT_LANG_ZH ? "zh" : "en");
    if (!doc)
        return -1;
    struct doc d = {c, lang, {o, doc, NULL, 0}, gl->plain, o->format != REPORT_FORMAT_CSV};
    d.w.key = "findings";
    section_findings(&d);
    d.w.key = "waves";
    if (d.w.rc == 0)
        section_waves(&d);
    d.w.key = "participation";
    if (d.w.rc == 0)
        section_participation(&d);
    d.w.key = "scales";
    if (d.w.rc == 0)
        section_scales(&d);
    d.w.key = "satisfaction";
    if (d.w.rc == 0)
        section_items(&d, M_SAT_ITEMS, CMP_SATISFACTION);
    d.w.key = "trust";
    if (d.w.rc == 0)
        section_items(&d, M_TRUST_ITEMS, CMP_TRUST);
    d.w.key = "methods";
    if (d.w.rc == 0)
        section_methods(&d);
    int rc = d.w.rc == 0 ? report_doc_render(doc, o, out) : -1;
    report_doc_free(doc);
    return rc;
}
