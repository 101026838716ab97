/* html_charts.c — the HTML backend's charts: bars, Likert and trend as
 * inline SVG (the page, tables, headings and lists are in html.c).
 *
 * Charts keep the text charts' semantics (chart.c, likert.c): one scale from
 * zero, the 95% CI as a whisker, Likert halves diverging from the middle
 * level with the neutral share split across the centre line, and the same
 * numbers printed.  Sizes are in a viewBox, so a chart scales to the page.
 * There are no font metrics at hand: a text's width is estimated, a little
 * generously, from rough widths of Latin letters and from display columns
 * for the rest (a CJK character is two columns, one em), and long labels
 * wrap onto up to three lines.  Numbers in SVG attributes are written with
 * two decimals by hand (f2), never through the locale's decimal point.
 */
#include "report/report.h"
#include "report/report_internal.h"
#include "report/html_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ## Charts: measures and shared pieces */

#define FS 13.0         /* font size of chart text, in viewBox units */
#define FS_SMALL 11.5   /* intervals, n, axis labels */
#define LH 15.5         /* line height of wrapped labels */
#define W 760.0         /* width of every chart */
#define PAD 8.0         /* margin inside the chart */
#define GAP 12.0        /* between columns */
#define MAX_LINES 3     /* a label wraps onto at most this many lines */

#define INK "#1a1a1a"
#define GREY "#555555"
#define GRID "#dddddd"
#define NEUTRAL "#bdbdbd"

/* Estimated width of S in font size SIZE, erring wide.  ASCII letters have
   rough widths of a sans-serif font's (in em: narrow i, l and punctuation,
   wide m, w and capitals); any other character is half an em per display
   column, which is exact for CJK. */
static double text_w_n(const char *s, size_t n, double size)
{
    double em = 0;
    for (const char *p = s, *end = s + n; p < end;) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80) {
            if (strchr(" il.,:;'!|", c))
                em += 0.28;
            else if (strchr("ftrjI()[]-/\"", c))
                em += 0.38;
            else if (strchr("mwMW%@", c))
                em += 0.9;
            else if (c >= 'A' && c <= 'Z')
                em += 0.7;
            else
                em += 0.58;
            p++;
            continue;
        }
        size_t len = 1;
        while (p + len < end && (p[len] & 0xC0) == 0x80)
            len++;
        em += 0.5 * (double)rp_width_n(p, len, 1);
        p += len;
    }
    return em * size;
}

static double text_w(const char *s, double size)
{
    return s ? text_w_n(s, strlen(s), size) : 0;
}

/* A label wrapped to a number of columns: where each line starts, its
   length, and whether text was left over after MAX_LINES lines. */
struct lines {
    size_t n, at[MAX_LINES], len[MAX_LINES];
    int cut;
};

static void wrap(struct lines *l, const char *s, size_t cols)
{
    size_t at = 0;
    l->n = 0;
    while (s[at] && l->n < MAX_LINES) {
        size_t next, len = report_wrap(s + at, cols ? cols : 1, 1, &next);
        l->at[l->n] = at;
        l->len[l->n++] = len;
        at += next;
    }
    l->cut = s[at] != '\0';
    if (l->n == 0) {
        l->n = 1;
        l->at[0] = l->len[0] = 0;
    }
}

/* Wrap S into lines each at most ROOM wide in the chart's font: the widest
   wrapping whose lines fit (a word wider than ROOM is cut). */
static void wrap_fit(struct lines *l, const char *s, double room)
{
    for (size_t cols = report_width(s, 1); ; cols--) {
        wrap(l, s, cols);
        int fits = 1;
        for (size_t i = 0; fits && i < l->n; i++)
            fits = text_w_n(s + l->at[i], l->len[i], FS) <= room;
        if (fits || cols <= 1)
            return;
    }
}

/* Write S, wrapped as L, as one <text> whose lines are centred on YC,
   at X with the given text-anchor; a label cut short ends in "…" and
   carries its whole text as a tooltip. */
static void text_lines(FILE *out, const char *s, const struct lines *l, double x, double yc,
                       const char *anchor)
{
    double y0 = yc - (double)(l->n - 1) * LH / 2 + FS * 0.35;
    fprintf(out, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\">", f2(x).s, f2(y0).s, anchor);
    if (l->cut) {
        fputs("<title>", out);
        esc(out, s);
        fputs("</title>", out);
    }
    for (size_t i = 0; i < l->n; i++) {
        if (l->n > 1)
            fprintf(out, "<tspan x=\"%s\" y=\"%s\">", f2(x).s, f2(y0 + (double)i * LH).s);
        esc_n(out, s + l->at[i], l->len[i]);
        if (l->cut && i + 1 == l->n)
            fputs("…", out);
        if (l->n > 1)
            fputs("</tspan>", out);
    }
    fputs("</text>\n", out);
}

/* A one-line text at X, Y (baseline) in SIZE, FILL and ANCHOR. */
static void text_at(FILE *out, const char *s, double x, double y, double size, const char *fill,
                    const char *anchor)
{
    fprintf(out, "<text x=\"%s\" y=\"%s\" font-size=\"%s\" fill=\"%s\" text-anchor=\"%s\">",
            f2(x).s, f2(y).s, f2(size).s, fill, anchor);
    esc(out, s);
    fputs("</text>\n", out);
}

static void line_at(FILE *out, double x1, double y1, double x2, double y2, const char *stroke,
                    double width)
{
    fprintf(out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>\n",
            f2(x1).s, f2(y1).s, f2(x2).s, f2(y2).s, stroke, f2(width).s);
}

static void rect_at(FILE *out, double x, double y, double w, double h, const char *fill)
{
    fprintf(out, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>\n",
            f2(x).s, f2(y).s, f2(w).s, f2(h).s, fill);
}

/* Open a chart of height H titled TITLE; close it with chart_close. */
static void chart_open(FILE *out, const char *title, double h)
{
    fputs("<figure class=\"chart\">\n", out);
    fprintf(out, "<svg role=\"img\" viewBox=\"0 0 %s %s\" width=\"%s\" height=\"%s\" "
            "font-size=\"%s\" fill=\"" INK "\">\n",
            f2(W).s, f2(h).s, f2(W).s, f2(h).s, f2(FS).s);
    fputs("<title>", out);
    esc(out, title);
    fputs("</title>\n", out);
}

static void chart_close(FILE *out, const char *title)
{
    fputs("</svg>\n", out);
    if (title) {
        fputs("<figcaption>", out);
        esc(out, title);
        fputs("</figcaption>\n", out);
    }
    fputs("</figure>\n", out);
}

/* Intervals an axis ending at MAX and LEN units long is divided into: the
   first count whose step is 1, 2, 2.5 or 5 times a power of ten and at
   least SPACING units long, else 2 (or 1, if 2 would crowd). */
static size_t tick_count(double max, double len, double spacing)
{
    static const size_t counts[] = {5, 4, 6, 8, 7, 3, 2};
    static const double nice[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        if (len / (double)counts[i] < spacing)
            continue;
        double step = max / (double)counts[i];
        double m = step / pow(10, floor(log10(step)));
        for (size_t j = 0; j < sizeof nice / sizeof nice[0]; j++)
            if (fabs(m - nice[j]) < 1e-6)
                return counts[i];
    }
    return len / 2 >= spacing ? 2 : 1;
}

/* Room a tick label of a horizontal axis needs. */
#define TICK_SPACING (FS_SMALL * 3.6)

/* The end of a scale: MAX if set, else a round number at or above TOP. */
static double scale_end(double max, double top)
{
    return max > 0 ? max : rp_nice_max(top);
}

/* X on a scale ending at MAX as a fraction 0..1 (NaN and below zero: 0). */
static double frac(double x, double max)
{
    if (!(x > 0))
        return 0;
    return x >= max ? 1 : x / max;
}

/* Width of a label column that may take up to ROOM units (but never less
   than a few characters) for labels whose widest is NATURAL wide. */
static double label_room(double natural, double room)
{
    room = fmax(room, 6 * FS);
    return natural < room ? natural : room;
}

/* A legend of N entries, each a swatch SW units wide and a label, left to
   right, wrapped to the chart's width.  Draws at Y when OUT is non-NULL;
   returns the legend's height either way.  LABEL gives entry I's label,
   SWATCH draws its swatch at X, YC. */
typedef const char *(*label_fn)(const void *chart, size_t i);
typedef void (*swatch_fn)(FILE *out, const void *chart, size_t i, double x, double yc);

static double legend(FILE *out, const void *chart, size_t n, label_fn label_of, double sw,
                     swatch_fn swatch, double y)
{
    double x = PAD, row = 0;
    for (size_t i = 0; i < n; i++) {
        const char *label = label_of(chart, i);
        double w = sw + 5 + text_w(label, FS);
        if (x > PAD && x + w > W - PAD) {
            x = PAD;
            row++;
        }
        if (out) {
            double yc = y + row * 20 + 10;
            swatch(out, chart, i, x, yc);
            text_at(out, label, x + sw + 5, yc + FS * 0.35, FS, INK, "start");
        }
        x += w + 18;
    }
    return n ? (row + 1) * 20 : 0;
}

/* The axis of a horizontal scale from X0 (value 0) to X1 (MAX; left of X0
   for Likert's left half) at Y, with tick labels under it; SKIP_ZERO leaves
   out the tick at 0 (drawn by the other half). */
static void h_axis(FILE *out, double x0, double x1, double y, double max,
                   enum report_cell_class cls, int skip_zero)
{
    size_t nt = tick_count(max, fabs(x1 - x0), TICK_SPACING);
    line_at(out, x0, y, x1, y, INK, 0.8);
    for (size_t i = skip_zero ? 1 : 0; i <= nt; i++) {
        char buf[REPORT_NUMBER_SIZE];
        double x = x0 + (x1 - x0) * (double)i / (double)nt;
        line_at(out, x, y, x, y + 4, INK, 0.8);
        text_at(out, rp_tick_label(buf, max * (double)i / (double)nt, cls), x, y + 16, FS_SMALL,
                GREY, "middle");
    }
}

/* Vertical grid lines at the ticks of a scale from X0 to X1, Y0..Y1. */
static void v_grid(FILE *out, double x0, double x1, double y0, double y1, double max)
{
    size_t nt = tick_count(max, fabs(x1 - x0), TICK_SPACING);
    for (size_t i = 1; i <= nt; i++) {
        double x = x0 + (x1 - x0) * (double)i / (double)nt;
        line_at(out, x, y0, x, y1, GRID, 0.8);
    }
}

/* ## Bars */

#define BAR_H 14.0
#define ROW_MIN 30.0
#define MIN_TRACK 200.0

struct bar_text {
    char value[REPORT_NUMBER_SIZE];
    char ci[2 * REPORT_NUMBER_SIZE + 4];
    char n[REPORT_NUMBER_SIZE + 2];
    struct lines label;
};

static int bar_has_ci(const struct report_bar *bar)
{
    return isfinite(bar->ci_low) && isfinite(bar->ci_high);
}

/* Height of a row of L's lines. */
static double row_h(const struct lines *l)
{
    double h = (double)l->n * LH + 12;
    return h > ROW_MIN ? h : ROW_MIN;
}

static int bars_html(const void *chart, FILE *out)
{
    const struct report_bars *b = chart;
    struct bar_text *tx = calloc(b->n + 1, sizeof *tx);
    if (!tx)
        return -1;
    double vw = 0, cw = 0, nw = 0, top = 0, natural = 0;
    for (size_t i = 0; i < b->n; i++) {
        const struct report_bar *bar = &b->bars[i];
        char lo[REPORT_NUMBER_SIZE], hi[REPORT_NUMBER_SIZE], n[REPORT_NUMBER_SIZE];
        report_number_format(tx[i].value, sizeof tx[i].value, bar->value, b->cls, 0);
        if (bar_has_ci(bar))
            snprintf(tx[i].ci, sizeof tx[i].ci, "[%s, %s]",
                     report_number_format(lo, sizeof lo, bar->ci_low, b->cls, 0),
                     report_number_format(hi, sizeof hi, bar->ci_high, b->cls, 0));
        if (isfinite(bar->n))
            snprintf(tx[i].n, sizeof tx[i].n, "n=%s",
                     report_number_format(n, sizeof n, bar->n, REPORT_CELL_COUNT, 0));
        vw = fmax(vw, text_w(tx[i].value, FS));
        cw = fmax(cw, text_w(tx[i].ci, FS_SMALL));
        nw = fmax(nw, text_w(tx[i].n, FS_SMALL));
        natural = fmax(natural, text_w(bar->label, FS));
        double x = bar_has_ci(bar) ? fmax(bar->value, bar->ci_high) : bar->value;
        if (isfinite(x) && x > top)
            top = x;
    }
    double max = scale_end(b->max, top);

    /* Label, gap, track, then value, interval and n in columns of their own. */
    double right = GAP + vw + (cw > 0 ? GAP + cw : 0) + (nw > 0 ? GAP + nw : 0);
    double lw = label_room(natural, W - 2 * PAD - right - GAP - MIN_TRACK);
    double x0 = PAD + lw + GAP, track = W - PAD - right - x0;
    double h = PAD;
    for (size_t i = 0; i < b->n; i++) {
        wrap_fit(&tx[i].label, b->bars[i].label, lw);
        h += row_h(&tx[i].label);
    }
    double y_axis = h + 4;
    h = y_axis + 26;

    chart_open(out, b->title, h);
    v_grid(out, x0, x0 + track, PAD, y_axis, max);
    double y = PAD;
    for (size_t i = 0; i < b->n; i++) {
        const struct report_bar *bar = &b->bars[i];
        double rh = row_h(&tx[i].label), yc = y + rh / 2;
        text_lines(out, bar->label, &tx[i].label, x0 - 8, yc, "end");
        rect_at(out, x0, yc - BAR_H / 2, track * frac(bar->value, max), BAR_H, "#8db2d6");
        if (bar_has_ci(bar) && isfinite(bar->value)) {
            double a = x0 + track * frac(bar->ci_low, max);
            double z = x0 + track * frac(bar->ci_high, max);
            line_at(out, a, yc, z, yc, INK, 1.4);
            line_at(out, a, yc - 5, a, yc + 5, INK, 1.4);
            line_at(out, z, yc - 5, z, yc + 5, INK, 1.4);
        }
        double xr = x0 + track + GAP + vw;
        text_at(out, tx[i].value, xr, yc + FS * 0.35, FS, INK, "end");
        if (cw > 0) {
            xr += GAP + cw;
            text_at(out, tx[i].ci, xr, yc + FS * 0.35, FS_SMALL, GREY, "end");
        }
        if (nw > 0)
            text_at(out, tx[i].n, xr + GAP + nw, yc + FS * 0.35, FS_SMALL, GREY, "end");
        y += rh;
    }
    line_at(out, x0, PAD, x0, y_axis, INK, 1);
    h_axis(out, x0, x0 + track, y_axis, max, b->cls, 0);
    chart_close(out, b->title);
    free(tx);
    return 0;
}

/* ## Likert */

#define LIKERT_H 16.0
#define MIN_HALF 170.0

/* Fill of level I of K: oranges below the middle, blues above, darker
   further from the centre, grey for the neutral level. */
static void level_fill(size_t i, size_t k, char buf[8])
{
    static const unsigned char light[2][3] = {{253, 208, 162}, {198, 219, 239}};
    static const unsigned char dark[2][3] = {{166, 54, 3}, {8, 81, 156}};
    size_t side = k / 2;
    if (k % 2 && i == side) {
        snprintf(buf, 8, "%s", NEUTRAL);
        return;
    }
    int up = i >= side;
    size_t d = up ? i - (k - side) : side - 1 - i; /* 0: next to the centre */
    double t = side == 1 ? 0.65 : 0.3 + 0.7 * (double)d / (double)(side - 1);
    unsigned rgb[3];
    for (int c = 0; c < 3; c++)
        rgb[c] = (unsigned)lround(light[up][c] + (dark[up][c] - light[up][c]) * t);
    snprintf(buf, 8, "#%02x%02x%02x", rgb[0] & 0xff, rgb[1] & 0xff, rgb[2] & 0xff);
}

static const char *likert_label(const void *chart, size_t i)
{
    return ((const struct report_likert *)chart)->levels[i];
}

static void likert_swatch(FILE *out, const void *chart, size_t i, double x, double yc)
{
    const struct report_likert *l = chart;
    char fill[8];
    level_fill(i, l->k, fill);
    rect_at(out, x, yc - 6, 12, 12, fill);
}

/* Shares below the middle level, of the middle level, above it. */
static void likert_split(const struct report_likert *l, const double *shares, double *low,
                         double *mid, double *high)
{
    size_t side = l->k / 2;
    *low = *mid = *high = 0;
    for (size_t i = 0; i < l->k; i++) {
        if (i < side)
            *low += shares[i];
        else if (i >= l->k - side)
            *high += shares[i];
        else
            *mid += shares[i];
    }
}

/* Draw one side of an item's bar from the centre C outward (DIR -1: left),
   as likert.c does: half the neutral share first, then the levels. */
static void likert_side(FILE *out, const struct report_likert *l, const double *shares, int dir,
                        double c, double half, double scale, double yc)
{
    size_t side = l->k / 2;
    double cum = 0;
    for (size_t j = 0; j <= side; j++) {
        size_t i;
        double share;
        if (j == 0) {
            if (!(l->k % 2))
                continue;
            i = side;
            share = shares[side] / 2;
        } else {
            i = dir < 0 ? side - j : l->k - side + j - 1;
            share = shares[i];
        }
        double from = frac(cum, scale), to = frac(cum + (share > 0 ? share : 0), scale);
        if (isfinite(share) && share > 0)
            cum += share;
        if (to <= from)
            continue;
        char fill[8];
        level_fill(i, l->k, fill);
        double xa = dir < 0 ? c - half * to : c + half * from;
        rect_at(out, xa, yc - LIKERT_H / 2, half * (to - from), LIKERT_H, fill);
    }
}

struct likert_text {
    char low[REPORT_NUMBER_SIZE], high[REPORT_NUMBER_SIZE], n[REPORT_NUMBER_SIZE + 2];
    struct lines label;
};

static int likert_html(const void *chart, FILE *out)
{
    const struct report_likert *l = chart;
    struct likert_text *tx = calloc(l->n + 1, sizeof *tx);
    if (!tx)
        return -1;
    double pw = 0, nw = 0, top = 0, natural = 0;
    for (size_t i = 0; i < l->n; i++) {
        const struct report_likert_item *it = &l->items[i];
        double low, mid, high;
        likert_split(l, it->shares, &low, &mid, &high);
        report_number_format(tx[i].low, sizeof tx[i].low, low, REPORT_CELL_PERCENT, 0);
        report_number_format(tx[i].high, sizeof tx[i].high, high, REPORT_CELL_PERCENT, 0);
        if (isfinite(it->n)) {
            char count[REPORT_NUMBER_SIZE];
            snprintf(tx[i].n, sizeof tx[i].n, "n=%s",
                     report_number_format(count, sizeof count, it->n, REPORT_CELL_COUNT, 0));
        }
        pw = fmax(pw, fmax(text_w(tx[i].low, FS), text_w(tx[i].high, FS)));
        nw = fmax(nw, text_w(tx[i].n, FS_SMALL));
        natural = fmax(natural, text_w(it->label, FS));
        if (isfinite(low + mid / 2) && isfinite(high))
            top = fmax(top, fmax(low, high) + mid / 2);
    }
    double scale = rp_nice_max(top);

    /* Label, gap, low share, bar of two halves, high share, n. */
    double fixed = 2 * PAD + GAP + 2 * (pw + 6) + (nw > 0 ? GAP + nw : 0);
    double lw = label_room(natural, W - fixed - 2 * MIN_HALF);
    double half = (W - fixed - lw) / 2;
    double x_low = PAD + lw + GAP + pw, c = x_low + 6 + half, x_high = c + half + 6 + pw;

    double y_legend = PAD, leg = legend(NULL, l, l->k, likert_label, 12, likert_swatch, 0);
    double y0 = y_legend + leg + 8, h = y0;
    for (size_t i = 0; i < l->n; i++) {
        wrap_fit(&tx[i].label, l->items[i].label, lw);
        h += row_h(&tx[i].label);
    }
    double y_axis = h + 4;
    h = y_axis + 26;

    chart_open(out, l->title, h);
    legend(out, l, l->k, likert_label, 12, likert_swatch, y_legend);
    v_grid(out, c, c - half, y0, y_axis, scale);
    v_grid(out, c, c + half, y0, y_axis, scale);
    double y = y0;
    for (size_t i = 0; i < l->n; i++) {
        const struct report_likert_item *it = &l->items[i];
        double rh = row_h(&tx[i].label), yc = y + rh / 2;
        text_lines(out, it->label, &tx[i].label, PAD, yc, "start");
        likert_side(out, l, it->shares, -1, c, half, scale, yc);
        likert_side(out, l, it->shares, 1, c, half, scale, yc);
        text_at(out, tx[i].low, x_low, yc + FS * 0.35, FS, INK, "end");
        text_at(out, tx[i].high, x_high, yc + FS * 0.35, FS, INK, "end");
        if (nw > 0)
            text_at(out, tx[i].n, x_high + GAP + nw, yc + FS * 0.35, FS_SMALL, GREY, "end");
        y += rh;
    }
    line_at(out, c, y0, c, y_axis, INK, 1.2);
    h_axis(out, c, c - half, y_axis, scale, REPORT_CELL_PERCENT, 0);
    h_axis(out, c, c + half, y_axis, scale, REPORT_CELL_PERCENT, 1);
    chart_close(out, l->title);
    free(tx);
    return 0;
}

/* ## Trend */

#define PLOT_H 230.0

/* Series styles: colour, dash and marker, told apart in greyscale too. */
static const char *const series_colour[] = {"#08519c", "#d95f0e", "#525252", "#31a354",
                                            "#756bb1", "#a63603", "#3182bd", "#000000"};
#define N_COLOURS (sizeof series_colour / sizeof series_colour[0])

static const char *series_dash(size_t s)
{
    return (s / 4) % 2 ? " stroke-dasharray=\"6 3\"" : "";
}

/* Marker of series S at X, Y: circle, square, triangle or diamond. */
static void marker(FILE *out, size_t s, double x, double y)
{
    const char *fill = series_colour[s % N_COLOURS];
    switch (s % 4) {
    case 0:
        fprintf(out, "<circle cx=\"%s\" cy=\"%s\" r=\"4.00\"", f2(x).s, f2(y).s);
        break;
    case 1:
        fprintf(out, "<rect x=\"%s\" y=\"%s\" width=\"7.00\" height=\"7.00\"", f2(x - 3.5).s,
                f2(y - 3.5).s);
        break;
    case 2:
        fprintf(out, "<path d=\"M%s %sL%s %sL%s %sZ\"", f2(x).s, f2(y - 5).s, f2(x + 4.5).s,
                f2(y + 3.5).s, f2(x - 4.5).s, f2(y + 3.5).s);
        break;
    default:
        fprintf(out, "<path d=\"M%s %sL%s %sL%s %sL%s %sZ\"", f2(x).s, f2(y - 5).s,
                f2(x + 5).s, f2(y).s, f2(x).s, f2(y + 5).s, f2(x - 5).s, f2(y).s);
        break;
    }
    fprintf(out, " fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1.00\"/>\n", fill);
}

static const char *trend_label(const void *chart, size_t i)
{
    return ((const struct report_trend *)chart)->series[i].label;
}

static void trend_swatch(FILE *out, const void *chart, size_t i, double x, double yc)
{
    (void)chart;
    fprintf(out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" "
            "stroke-width=\"2.00\"%s/>\n",
            f2(x).s, f2(yc).s, f2(x + 24).s, f2(yc).s, series_colour[i % N_COLOURS],
            series_dash(i));
    marker(out, i, x + 12, yc);
}

/* A value label of series S whose marker is at height MY: where it went
   (a box, and the text's anchor point). */
struct vlabel {
    size_t s;
    double my;
    double x0, x1, y0, y1; /* the box */
    double tx, ty;         /* anchor point, baseline */
    const char *anchor;
};

/* Markers first from the top. */
static int by_height(const void *a, const void *b)
{
    double ya = ((const struct vlabel *)a)->my, yb = ((const struct vlabel *)b)->my;
    return ya < yb ? -1 : ya > yb;
}

static int boxes_meet(double ax0, double ax1, double ay0, double ay1, double bx0, double bx1,
                      double by0, double by1)
{
    return ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1;
}

/* Place the labels L[0..N-1] of one wave, at X, inside Y_TOP..Y_BOTTOM:
   each, from the top, above its marker, else below, right or left of it,
   wherever it overlaps no marker and no label placed before; when nowhere
   is free, just under the label placed before it. */
static void place_labels(struct vlabel *l, size_t n, double x, double y_top, double y_bottom,
                         const struct report_trend *t, size_t wave)
{
    const double asc = FS_SMALL * 0.78, m = 5.5; /* text above baseline; marker half-size */
    qsort(l, n, sizeof *l, by_height);
    for (size_t j = 0; j < n; j++) {
        char buf[REPORT_NUMBER_SIZE];
        double w = text_w(report_number_format(buf, sizeof buf, t->series[l[j].s].values[wave],
                                               t->cls, 0), FS_SMALL);
        const struct {
            double x0, ty;
            const char *anchor;
            double tx;
        } cand[] = {
            {x - w / 2, l[j].my - 8, "middle", x},
            {x - w / 2, l[j].my + 8 + asc, "middle", x},
            {x + 8, l[j].my + asc / 2, "start", x + 8},
            {x - 8 - w, l[j].my + asc / 2, "end", x - 8},
        };
        size_t c = 0;
        for (; c < sizeof cand / sizeof cand[0]; c++) {
            double bx0 = cand[c].x0 - 1, bx1 = cand[c].x0 + w + 1;
            double by0 = cand[c].ty - asc - 1, by1 = cand[c].ty + 2;
            int free_ = by0 >= y_top && by1 <= y_bottom;
            for (size_t k = 0; free_ && k < n; k++)
                free_ = !boxes_meet(bx0, bx1, by0, by1, x - m, x + m, l[k].my - m, l[k].my + m);
            for (size_t k = 0; free_ && k < j; k++)
                free_ = !boxes_meet(bx0, bx1, by0, by1, l[k].x0, l[k].x1, l[k].y0, l[k].y1);
            if (free_)
                break;
        }
        if (c == sizeof cand / sizeof cand[0]) {
            c = 0;
            double ty = j ? fmax(cand[0].ty, l[j - 1].y1 + asc + 1) : cand[0].ty;
            l[j].tx = x;
            l[j].ty = fmin(ty, y_bottom - 2);
        } else {
            l[j].tx = cand[c].tx;
            l[j].ty = cand[c].ty;
        }
        l[j].anchor = cand[c].anchor;
        l[j].x0 = cand[c].x0 - 1;
        l[j].x1 = cand[c].x0 + w + 1;
        l[j].y0 = l[j].ty - asc - 1;
        l[j].y1 = l[j].ty + 2;
    }
}

static int trend_html(const void *chart, FILE *out)
{
    const struct report_trend *t = chart;
    struct vlabel *vl = calloc(t->n + 1, sizeof *vl);
    struct lines *wl = calloc(t->nwaves + 1, sizeof *wl);
    if (!vl || !wl) {
        free(vl);
        free(wl);
        return -1;
    }
    double top = 0;
    for (size_t s = 0; s < t->n; s++)
        for (size_t w = 0; w < t->nwaves; w++)
            if (isfinite(t->series[s].values[w]) && t->series[s].values[w] > top)
                top = t->series[s].values[w];
    double max = scale_end(t->max, top);
    size_t nt = tick_count(max, PLOT_H, 2 * FS_SMALL);

    /* The y axis labels, then the plot, waves spread evenly across it. */
    double yw = 0;
    for (size_t i = 0; i <= nt; i++) {
        char buf[REPORT_NUMBER_SIZE];
        yw = fmax(yw, text_w(rp_tick_label(buf, max * (double)i / (double)nt, t->cls), FS_SMALL));
    }
    double x0 = PAD + yw + 8, x1 = W - PAD - 10, slot = (x1 - x0) / (double)t->nwaves;
    size_t wave_lines = 1;
    for (size_t w = 0; w < t->nwaves; w++) {
        wrap_fit(&wl[w], t->waves[w], slot - 8);
        wave_lines = wl[w].n > wave_lines ? wl[w].n : wave_lines;
    }
    double leg = legend(NULL, t, t->n, trend_label, 24, trend_swatch, 0);
    double y_plot = PAD + leg + 18, y_base = y_plot + PLOT_H;
    double h = y_base + 10 + (double)wave_lines * LH + PAD;

    chart_open(out, t->title, h);
    legend(out, t, t->n, trend_label, 24, trend_swatch, PAD);
    for (size_t i = 0; i <= nt; i++) {
        char buf[REPORT_NUMBER_SIZE];
        double y = y_base - PLOT_H * (double)i / (double)nt;
        line_at(out, x0, y, x1, y, i ? GRID : INK, i ? 0.8 : 1);
        text_at(out, rp_tick_label(buf, max * (double)i / (double)nt, t->cls), x0 - 6,
                y + FS_SMALL * 0.35, FS_SMALL, GREY, "end");
    }
    for (size_t w = 0; w < t->nwaves; w++) {
        double x = x0 + slot * ((double)w + 0.5);
        line_at(out, x, y_base, x, y_base + 4, INK, 0.8);
        text_lines(out, t->waves[w], &wl[w], x,
                   y_base + 10 + (double)wl[w].n * LH / 2, "middle");
    }

    /* Lines, broken where a wave has no value, then markers. */
    for (size_t s = 0; s < t->n; s++) {
        const double *v = t->series[s].values;
        int open = 0;
        for (size_t w = 0; w < t->nwaves; w++) {
            if (!isfinite(v[w]))
                continue;
            double x = x0 + slot * ((double)w + 0.5), y = y_base - PLOT_H * frac(v[w], max);
            int run = w + 1 < t->nwaves && isfinite(v[w + 1]);
            if (!open && !run)
                continue; /* a lone point: its marker alone */
            if (!open)
                fprintf(out, "<path d=\"M%s %s", f2(x).s, f2(y).s);
            else
                fprintf(out, "L%s %s", f2(x).s, f2(y).s);
            open = run;
            if (!open)
                fprintf(out, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.00\"%s/>\n",
                        series_colour[s % N_COLOURS], series_dash(s));
        }
    }
    for (size_t s = 0; s < t->n; s++)
        for (size_t w = 0; w < t->nwaves; w++)
            if (isfinite(t->series[s].values[w]))
                marker(out, s, x0 + slot * ((double)w + 0.5),
                       y_base - PLOT_H * frac(t->series[s].values[w], max));

    /* Value labels, placed where they hide no marker and no other label. */
    for (size_t w = 0; w < t->nwaves; w++) {
        size_t n = 0;
        double x = x0 + slot * ((double)w + 0.5);
        for (size_t s = 0; s < t->n; s++)
            if (isfinite(t->series[s].values[w]))
                vl[n++] = (struct vlabel){.s = s,
                                          .my = y_base - PLOT_H * frac(t->series[s].values[w], max)};
        place_labels(vl, n, x, y_plot - 18, y_base - 1, t, w);
        for (size_t j = 0; j < n; j++) {
            char buf[REPORT_NUMBER_SIZE];
            report_number_format(buf, sizeof buf, t->series[vl[j].s].values[w], t->cls, 0);
            /* A white outline keeps a label legible where a line crosses it. */
            fprintf(out, "<text x=\"%s\" y=\"%s\" font-size=\"%s\" fill=\"%s\" "
                    "text-anchor=\"%s\" stroke=\"#ffffff\" stroke-width=\"3.00\" "
                    "stroke-linejoin=\"round\" paint-order=\"stroke\">",
                    f2(vl[j].tx).s, f2(vl[j].ty).s, f2(FS_SMALL).s,
                    series_colour[vl[j].s % N_COLOURS], vl[j].anchor);
            esc(out, buf);
            fputs("</text>\n", out);
        }
    }
    chart_close(out, t->title);
    free(vl);
    free(wl);
    return 0;
}

int rp_html_bars(const void *chart, FILE *out)
{
    return bars_html(chart, out);
}

int rp_html_likert(const void *chart, FILE *out)
{
    return likert_html(chart, out);
}

int rp_html_trend(const void *chart, FILE *out)
{
    return trend_html(chart, out);
}
