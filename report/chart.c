/* chart.c — horizontal bar charts and trend charts.
 *
 * Every bar starts at zero, and all bars of a chart share one scale, so
 * lengths compare honestly; an axis under the chart shows the scale.  In
 * Unicode a bar ends in an eighth block (▏▎▍▌▋▊▉), eight steps per column;
 * ASCII bars are whole '#' cells.  A confidence interval is a whisker on its
 * own line under the bar (├──┼──┤: the bounds and, at ┼, the estimate), so
 * the bar keeps the estimate's length and the interval cannot be mistaken
 * for part of it; value, interval and n are printed at the right as well.
 * A trend chart is the same bars, one per wave, grouped by series. */
#include "report/report.h"
#include "report/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Shortest bar track, and narrowest a label is truncated to, to fit a width. */
#define MIN_TRACK 10
#define MIN_LABEL 6

/* ## Bars on a track */

/* Bar length for X on a track of LEN cells ending at MAX, in 1/UNITS cells. */
static size_t bar_units(double x, double max, size_t len, size_t units)
{
    if (!(x > 0))
        return 0; /* NaN and values at or below zero draw nothing */
    double f = x >= max ? 1 : x / max;
    return (size_t)lround(f * (double)(len * units));
}

static size_t units_of(const struct rp_glyphs *gl)
{
    return gl->partial[1] ? 8 : 1;
}

/* Draw a bar of value X: exactly LEN columns, padded with spaces. */
static void draw_bar(FILE *out, const struct rp_glyphs *gl, double x, double max, size_t len)
{
    size_t units = units_of(gl), e = bar_units(x, max, len, units);
    size_t used = e / units;
    rp_repeat(out, gl->full, used);
    if (e % units) {
        fputs(gl->partial[e % units], out);
        used++;
    }
    rp_repeat(out, " ", len - used);
}

/* The cell in which a bar of value X ends (0 for an empty bar). */
static size_t end_cell(const struct rp_glyphs *gl, double x, double max, size_t len)
{
    size_t units = units_of(gl), e = bar_units(x, max, len, units);
    return e ? (e - 1) / units : 0;
}

/* Draw the whisker of LO..HI with the estimate X marked, starting at the
   track's first cell; nothing follows it on the line. */
static void draw_whisker(FILE *out, const struct rp_glyphs *gl, double lo, double x,
                         double hi, double max, size_t len)
{
    size_t a = end_cell(gl, lo, max, len), m = end_cell(gl, x, max, len);
    size_t b = end_cell(gl, hi, max, len);
    rp_repeat(out, " ", a);
    if (a == b) {
        fputs(gl->whisker_one, out);
        return;
    }
    fputs(gl->whisker_lo, out);
    for (size_t c = a + 1; c < b; c++)
        fputs(c == m ? gl->whisker_mid : gl->h, out);
    fputs(gl->whisker_hi, out);
}

/* The axis under a chart whose baseline is column X0 and whose track of LEN
   cells follows it: a rule with ticks at half and full scale, and under it
   the values 0, MAX/2 and MAX (the middle one left out if it would crowd). */
static int draw_axis(FILE *out, const struct rp_glyphs *gl, size_t x0, size_t len,
                     double max, enum report_cell_class cls)
{
    size_t half = end_cell(gl, max / 2, max, len);
    rp_repeat(out, " ", x0);
    fputs(gl->sw, out);
    for (size_t c = 0; c < len; c++)
        fputs(c + 1 == len ? gl->se : c == half ? gl->s : gl->h, out);
    fputc('\n', out);

    /* Tick labels are ASCII (digits, '.', '%'), so bytes are columns. */
    char zero[REPORT_NUMBER_SIZE], mid[REPORT_NUMBER_SIZE], top[REPORT_NUMBER_SIZE];
    rp_tick_label(zero, 0, cls);
    rp_tick_label(mid, max / 2, cls);
    rp_tick_label(top, max, cls);
    size_t end = x0 + 1 + len; /* one past the last track column */
    char *line = malloc(end + 2 * REPORT_NUMBER_SIZE);
    if (!line)
        return -1;
    memset(line, ' ', end);
    size_t lz = strlen(zero), lm = strlen(mid), lt = strlen(top);
    size_t top_at = end > x0 + lt ? end - lt : x0;
    size_t mid_at = x0 + 1 + half >= lm / 2 ? x0 + 1 + half - lm / 2 : 0;
    memcpy(line + x0, zero, lz);
    if (mid_at > x0 + lz && mid_at + lm < top_at)
        memcpy(line + mid_at, mid, lm);
    if (top_at > x0 + lz)
        memcpy(line + top_at, top, lt);
    line[top_at > x0 + lz ? end : x0 + lz] = '\0';
    fprintf(out, "%s\n", line);
    free(line);
    return 0;
}

/* The end of a chart's scale: MAX if set, else a round number at or above
   TOP, the largest value drawn. */
static double scale_end(double max, double top)
{
    return max > 0 ? max : rp_nice_max(top);
}

/* ## Horizontal bars */

struct report_bars *report_bars_new(const char *title, enum report_cell_class cls)
{
    struct report_bars *b = calloc(1, sizeof *b);
    int failed = 0;
    if (!b)
        return NULL;
    b->cls = cls;
    b->title = rp_strdup(title, &failed);
    if (failed) {
        free(b);
        return NULL;
    }
    return b;
}

void report_bars_free(struct report_bars *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->bars[i].label);
    free(b->bars);
    free(b->title);
    free(b);
}

int report_bars_add(struct report_bars *b, const char *label, double value,
                    double ci_low, double ci_high, double n)
{
    struct report_bar *bars = rp_grow(b->bars, &b->cap, b->n, sizeof *bars);
    if (!bars)
        return b->failed = 1, -1;
    b->bars = bars;
    int failed = 0;
    char *copy = rp_strdup(label ? label : "", &failed);
    if (failed)
        return b->failed = 1, -1;
    bars[b->n++] = (struct report_bar){copy, value, ci_low, ci_high, n};
    return 0;
}

/* The numbers printed at the right of one bar. */
struct bar_text {
    char value[REPORT_NUMBER_SIZE];
    char ci[2 * REPORT_NUMBER_SIZE + 4];
    char n[REPORT_NUMBER_SIZE + 2];
};

static int has_ci(const struct report_bar *bar)
{
    return isfinite(bar->ci_low) && isfinite(bar->ci_high);
}

static int bars_text(const void *chart, const struct report_options *o, FILE *out)
{
    const struct report_bars *b = chart;
    const struct rp_glyphs *gl = rp_glyphs_for(o);
    int ambi = rp_ambi(o);
    struct bar_text *tx = calloc(b->n + 1, sizeof *tx);
    if (!tx)
        return -1;

    /* Widths of the label column and of the three number columns. */
    size_t lw = 0, vw = 0, cw = 0, nw = 0;
    for (size_t i = 0; i < b->n; i++) {
        const struct report_bar *bar = &b->bars[i];
        char lo[REPORT_NUMBER_SIZE], hi[REPORT_NUMBER_SIZE], n[REPORT_NUMBER_SIZE];
        report_number_format(tx[i].value, sizeof tx[i].value, bar->value, b->cls, gl->plain);
        if (has_ci(bar))
            snprintf(tx[i].ci, sizeof tx[i].ci, "[%s, %s]",
                     report_number_format(lo, sizeof lo, bar->ci_low, b->cls, 1),
                     report_number_format(hi, sizeof hi, bar->ci_high, b->cls, 1));
        if (isfinite(bar->n))
            snprintf(tx[i].n, sizeof tx[i].n, "n=%s",
                     report_number_format(n, sizeof n, bar->n, REPORT_CELL_COUNT, 1));
        size_t w = report_width(bar->label, ambi);
        lw = w > lw ? w : lw;
        w = report_width(tx[i].value, ambi);
        vw = w > vw ? w : vw;
        cw = strlen(tx[i].ci) > cw ? strlen(tx[i].ci) : cw;
        nw = strlen(tx[i].n) > nw ? strlen(tx[i].n) : nw;
    }

    /* Fit: label, 2 spaces, baseline, track, then the numbers. */
    size_t width = rp_chart_width(o);
    size_t right = 2 + vw + (cw ? 2 + cw : 0) + (nw ? 2 + nw : 0);
    size_t room = width > right + 3 + MIN_TRACK ? width - right - 3 - MIN_TRACK : 0;
    if (lw > room)
        lw = room > MIN_LABEL ? room : MIN_LABEL;
    size_t track = width > lw + 3 + right ? width - lw - 3 - right : 0;
    if (track < MIN_TRACK)
        track = MIN_TRACK;

    double top = 0;
    for (size_t i = 0; i < b->n; i++) {
        const struct report_bar *bar = &b->bars[i];
        double x = has_ci(bar) ? fmax(bar->value, bar->ci_high) : bar->value;
        if (isfinite(x) && x > top)
            top = x;
    }
    double max = scale_end(b->max, top);

    int rc = 0;
    for (size_t i = 0; i < b->n && rc == 0; i++) {
        const struct report_bar *bar = &b->bars[i];
        char *label = report_truncate(bar->label, lw, ambi, gl->plain);
        if (!label) {
            rc = -1;
            break;
        }
        rp_field(out, label, strlen(label), report_width(label, ambi), lw, 0);
        fputs("  ", out);
        fputs(gl->v, out);
        draw_bar(out, gl, bar->value, max, track);
        fputs("  ", out);
        rp_field(out, tx[i].value, strlen(tx[i].value), report_width(tx[i].value, ambi), vw, 1);
        if (cw) {
            fputs("  ", out);
            rp_field(out, tx[i].ci, strlen(tx[i].ci), strlen(tx[i].ci), cw, 1);
        }
        if (nw) {
            fputs("  ", out);
            rp_field(out, tx[i].n, strlen(tx[i].n), strlen(tx[i].n), nw, 1);
        }
        fputc('\n', out);
        if (has_ci(bar) && isfinite(bar->value)) {
            rp_repeat(out, " ", lw + 2);
            fputs(gl->v, out);
            draw_whisker(out, gl, bar->ci_low, bar->value, bar->ci_high, max, track);
            fputc('\n', out);
        }
        free(label);
    }
    if (rc == 0)
        rc = draw_axis(out, gl, lw + 2, track, max, b->cls);
    free(tx);
    return rc;
}

static int bars_csv(const void *chart, const struct report_options *o, FILE *out)
{
    const struct report_bars *b = chart;
    for (size_t i = 0; i < b->n; i++) {
        const struct report_bar *bar = &b->bars[i];
        rp_csv_row(out, o, b->title, "", bar->label, "value", bar->value, NULL);
        if (has_ci(bar)) {
            rp_csv_row(out, o, b->title, "", bar->label, "ci_low", bar->ci_low, NULL);
            rp_csv_row(out, o, b->title, "", bar->label, "ci_high", bar->ci_high, NULL);
        }
        if (isfinite(bar->n))
            rp_csv_row(out, o, b->title, "", bar->label, "n", bar->n, NULL);
    }
    return 0;
}

int report_bars_render(const struct report_bars *b, const struct report_options *o,
                       FILE *out)
{
    return rp_chart_render(b->title, b, bars_text, bars_csv, rp_html_bars, o, out);
}

/* ## Trend */

struct report_trend *report_trend_new(const char *title, enum report_cell_class cls,
                                      size_t nwaves, const char *const *waves)
{
    struct report_trend *t = calloc(1, sizeof *t);
    int failed = 0;
    if (!t || nwaves == 0) {
        free(t);
        return NULL;
    }
    t->cls = cls;
    t->nwaves = nwaves;
    t->title = rp_strdup(title, &failed);
    t->waves = calloc(nwaves, sizeof *t->waves);
    for (size_t w = 0; t->waves && w < nwaves; w++)
        t->waves[w] = rp_strdup(waves[w] ? waves[w] : "", &failed);
    if (failed || !t->waves) {
        report_trend_free(t);
        return NULL;
    }
    return t;
}

void report_trend_free(struct report_trend *t)
{
    if (!t)
        return;
    for (size_t s = 0; s < t->n; s++) {
        free(t->series[s].label);
        free(t->series[s].values);
    }
    for (size_t w = 0; t->waves && w < t->nwaves; w++)
        free(t->waves[w]);
    free(t->waves);
    free(t->series);
    free(t->title);
    free(t);
}

int report_trend_add(struct report_trend *t, const char *label, const double *values)
{
    struct report_series *series = rp_grow(t->series, &t->cap, t->n, sizeof *series);
    if (!series)
        return t->failed = 1, -1;
    t->series = series;
    int failed = 0;
    struct report_series s = {rp_strdup(label ? label : "", &failed),
                              malloc(t->nwaves * sizeof *values)};
    if (failed || !s.values) {
        free(s.label);
        free(s.values);
        return t->failed = 1, -1;
    }
    memcpy(s.values, values, t->nwaves * sizeof *values);
    series[t->n++] = s;
    return 0;
}

/* Series labels on their own lines; under each, one indented line per wave:
   wave label, baseline, bar, value. */
static int trend_text(const void *chart, const struct report_options *o, FILE *out)
{
    const struct report_trend *t = chart;
    const struct rp_glyphs *gl = rp_glyphs_for(o);
    int ambi = rp_ambi(o);
    size_t width = rp_chart_width(o), ww = 0, vw = 0;
    double top = 0;

    for (size_t w = 0; w < t->nwaves; w++) {
        size_t lw = report_width(t->waves[w], ambi);
        ww = lw > ww ? lw : ww;
    }
    for (size_t s = 0; s < t->n; s++) {
        for (size_t w = 0; w < t->nwaves; w++) {
            char v[REPORT_NUMBER_SIZE];
            report_number_format(v, sizeof v, t->series[s].values[w], t->cls, gl->plain);
            size_t vlen = report_width(v, ambi);
            vw = vlen > vw ? vlen : vw;
            if (isfinite(t->series[s].values[w]) && t->series[s].values[w] > top)
                top = t->series[s].values[w];
        }
    }
    double max = scale_end(t->max, top);

    /* Fit: 2 spaces, wave label, 2 spaces, baseline, track, 2 spaces, value. */
    size_t right = 2 + vw;
    size_t room = width > right + 5 + MIN_TRACK ? width - right - 5 - MIN_TRACK : 0;
    if (ww > room)
        ww = room > MIN_LABEL ? room : MIN_LABEL;
    size_t track = width > ww + 5 + right ? width - ww - 5 - right : MIN_TRACK;
    if (track < MIN_TRACK)
        track = MIN_TRACK;

    for (size_t s = 0; s < t->n; s++) {
        char *label = report_truncate(t->series[s].label, width, ambi, gl->plain);
        if (!label)
            return -1;
        fprintf(out, "%s\n", label);
        free(label);
        for (size_t w = 0; w < t->nwaves; w++) {
            char v[REPORT_NUMBER_SIZE], *wave = report_truncate(t->waves[w], ww, ambi, gl->plain);
            if (!wave)
                return -1;
            double x = t->series[s].values[w];
            fputs("  ", out);
            rp_field(out, wave, strlen(wave), report_width(wave, ambi), ww, 0);
            fputs("  ", out);
            fputs(gl->v, out);
            draw_bar(out, gl, x, max, track);
            report_number_format(v, sizeof v, x, t->cls, gl->plain);
            fputs("  ", out);
            rp_field(out, v, strlen(v), report_width(v, ambi), vw, 1);
            fputc('\n', out);
            free(wave);
        }
    }
    return draw_axis(out, gl, ww + 4, track, max, t->cls);
}

static int trend_csv(const void *chart, const struct report_options *o, FILE *out)
{
    const struct report_trend *t = chart;
    for (size_t s = 0; s < t->n; s++)
        for (size_t w = 0; w < t->nwaves; w++)
            rp_csv_row(out, o, t->title, "", t->series[s].label, t->waves[w],
                       t->series[s].values[w], NULL);
    return 0;
}

int report_trend_render(const struct report_trend *t, const struct report_options *o,
                        FILE *out)
{
    return rp_chart_render(t->title, t, trend_text, trend_csv, rp_html_trend, o, out);
}
