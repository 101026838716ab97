/* likert.c — diverging bars for Likert items.
 *
 * Each item is one line: the share of answers below the middle level
 * extends left of a centre line, the share above it right, and with an odd
 * number of levels the middle (neutral) share is split evenly across the
 * line, so an item's position shows its balance at a glance.  All items use
 * one scale, which must hold the longest half (including the half-neutral).
 * Segment ends are rounded from cumulative shares, so rounding never adds
 * up: a side's length is its total share on the scale, to the cell.
 *
 * Fills: a text chart has no colour, so sides are told apart by texture —
 * shades (░▒▓, darker further from the centre) for disagreement, solid
 * blocks (▃▅█, taller further out) for agreement, dots (·) for the neutral
 * level.  ASCII, and Unicode with more than 7 levels, fill each level with
 * its number (1-9, then A-Z) and the neutral level with '.'. */
#include "report/report.h"
#include "report/report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MIN_HALF 8
#define MIN_LABEL 6
/* Levels that have a fill of their own ("1"-"9" and "A"-"Z" hold more). */
#define MAX_LEVELS REPORT_LIKERT_MAX

/* Unicode fills by side and distance from the centre (1 = innermost), for a
   side of 1, 2 or 3 levels. */
static const char *const disagree[3][3] = {{"▒"}, {"░", "▓"}, {"░", "▒", "▓"}};
static const char *const agree[3][3] = {{"█"}, {"▄", "█"}, {"▃", "▅", "█"}};
static const char *const level_digits = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* The fill of level I (from 0) of K; DIGIT holds at least 2 bytes. */
static const char *fill(size_t i, size_t k, int plain, char *digit)
{
    size_t side = k / 2;
    int neutral = k % 2 && i == side;
    if (plain || side > 3) {
        digit[0] = neutral ? '.' : level_digits[i];
        digit[1] = '\0';
        return digit;
    }
    if (neutral)
        return "·";
    return i < side ? disagree[side - 1][side - 1 - i] : agree[side - 1][i - (k - side)];
}

/* ## Building */

size_t report_likert_bins(size_t levels, size_t *first)
{
    if (levels < 2)
        return 0;
    size_t bins = levels <= MAX_LEVELS ? levels : levels % 2 ? 5 : 6;
    size_t size[MAX_LEVELS], base = levels / bins, rem = levels % bins, mid = bins / 2;
    for (size_t b = 0; b < bins; b++)
        size[b] = base;
    /* The levels left over go to the middle bin (an odd one out) and then
       in pairs to the bins nearest it, keeping the bins symmetric: REM has
       the parity of LEVELS - BINS·BASE, and an even number of bins only
       meets an even number of levels. */
    if (rem % 2)
        size[mid]++, rem--;
    for (size_t d = 1; rem; d++, rem -= 2) {
        size[mid - d]++;
        size[bins % 2 ? mid + d : mid + d - 1]++;
    }
    first[0] = 0;
    for (size_t b = 0; b < bins; b++)
        first[b + 1] = first[b] + size[b];
    return bins;
}

struct report_likert *report_likert_new(const char *title, size_t k,
                                        const char *const *levels)
{
    if (k < 2 || k > MAX_LEVELS)
        return NULL;
    struct report_likert *l = calloc(1, sizeof *l);
    int failed = 0;
    if (!l)
        return NULL;
    l->k = k;
    l->title = rp_strdup(title, &failed);
    l->levels = calloc(k, sizeof *l->levels);
    for (size_t i = 0; l->levels && i < k; i++)
        l->levels[i] = rp_strdup(levels[i] ? levels[i] : "", &failed);
    if (failed || !l->levels) {
        report_likert_free(l);
        return NULL;
    }
    return l;
}

void report_likert_free(struct report_likert *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].label);
        free(l->items[i].shares);
    }
    for (size_t i = 0; l->levels && i < l->k; i++)
        free(l->levels[i]);
    free(l->levels);
    free(l->items);
    free(l->title);
    free(l);
}

int report_likert_add(struct report_likert *l, const char *label, const double *shares,
                      double n)
{
    struct report_likert_item *items = rp_grow(l->items, &l->cap, l->n, sizeof *items);
    if (!items)
        return l->failed = 1, -1;
    l->items = items;
    int failed = 0;
    struct report_likert_item it = {rp_strdup(label ? label : "", &failed),
                                    malloc(l->k * sizeof *shares), n};
    if (failed || !it.shares) {
        free(it.label);
        free(it.shares);
        return l->failed = 1, -1;
    }
    memcpy(it.shares, shares, l->k * sizeof *shares);
    items[l->n++] = it;
    return 0;
}

/* ## Text */

/* Shares of an item below and above the middle level, and of the middle. */
struct split {
    double low, mid, high;
};

static struct split split_of(const struct report_likert *l, const double *shares)
{
    struct split s = {0, 0, 0};
    size_t side = l->k / 2;
    for (size_t i = 0; i < l->k; i++) {
        if (i < side)
            s.low += shares[i];
        else if (i >= l->k - side)
            s.high += shares[i];
        else
            s.mid += shares[i];
    }
    return s;
}

/* Cells from the centre to the end of a cumulative share X on a half of
   HALF cells ending at SCALE. */
static size_t reach(double x, double scale, size_t half)
{
    if (!(x > 0))
        return 0;
    long c = lround(x / scale * (double)half);
    return c > (long)half ? half : (size_t)c;
}

/* Draw one half of an item's bar.  LEFT: the half left of the centre,
   padded on its left and filled outward from the centre with the lower
   levels; else the right half, filled outward with the upper levels and
   padded on its right. */
static void draw_half(FILE *out, const struct report_likert *l, const double *shares,
                      int left, double scale, size_t half, int plain)
{
    size_t side = l->k / 2, ends[MAX_LEVELS + 1], n = 0;
    const char *fills[MAX_LEVELS + 1];
    char digits[MAX_LEVELS + 1][2];
    double cum = 0;

    /* Segments from the centre outward: half the neutral, then the levels. */
    if (l->k % 2) {
        cum = shares[side] / 2;
        fills[n] = fill(side, l->k, plain, digits[n]);
        ends[n++] = reach(cum, scale, half);
    }
    for (size_t d = 0; d < side; d++) {
        size_t i = left ? side - 1 - d : l->k - side + d;
        cum += shares[i];
        fills[n] = fill(i, l->k, plain, digits[n]);
        ends[n++] = reach(cum, scale, half);
    }

    size_t used = n ? ends[n - 1] : 0;
    if (left) {
        rp_repeat(out, " ", half - used);
        for (size_t j = n; j-- > 0;)
            rp_repeat(out, fills[j], ends[j] - (j ? ends[j - 1] : 0));
    } else {
        for (size_t j = 0; j < n; j++)
            rp_repeat(out, fills[j], ends[j] - (j ? ends[j - 1] : 0));
        rp_repeat(out, " ", half - used);
    }
}

/* The legend: each level's fill, twice, then its label; entries run on
   while they fit WIDTH. */
static void legend(FILE *out, const struct report_likert *l, int plain, size_t width,
                   int ambi)
{
    size_t at = 0;
    for (size_t i = 0; i < l->k; i++) {
        char digit[2];
        const char *f = fill(i, l->k, plain, digit);
        size_t w = 2 * report_width(f, ambi) + 1 + report_width(l->levels[i], ambi);
        if (at > 0 && at + 2 + w > width) {
            fputc('\n', out);
            at = 0;
        } else if (at > 0) {
            fputs("  ", out);
            at += 2;
        }
        fprintf(out, "%s%s %s", f, f, l->levels[i]);
        at += w;
    }
    fputc('\n', out);
}

static int likert_text(const void *chart, const struct report_options *o, FILE *out)
{
    const struct report_likert *l = chart;
    const struct rp_glyphs *gl = rp_glyphs_for(o);
    int ambi = rp_ambi(o);
    size_t width = rp_chart_width(o), lw = 0, pw = 0, nw = 0;
    double top = 0;

    for (size_t i = 0; i < l->n; i++) {
        const struct report_likert_item *it = &l->items[i];
        struct split s = split_of(l, it->shares);
        char buf[REPORT_NUMBER_SIZE];
        size_t w = report_width(it->label, ambi);
        lw = w > lw ? w : lw;
        w = strlen(report_number_format(buf, sizeof buf, s.low, REPORT_CELL_PERCENT, 1));
        pw = w > pw ? w : pw;
        w = strlen(report_number_format(buf, sizeof buf, s.high, REPORT_CELL_PERCENT, 1));
        pw = w > pw ? w : pw;
        if (isfinite(it->n)) {
            w = 2 + strlen(report_number_format(buf, sizeof buf, it->n, REPORT_CELL_COUNT, 1));
            nw = w > nw ? w : nw;
        }
        if (isfinite(s.low + s.mid / 2))
            top = fmax(top, fmax(s.low, s.high) + s.mid / 2);
    }
    double scale = rp_nice_max(top);

    /* Fit: label, 2 spaces, low%, space, half, centre, half, space, high%,
       then 2 spaces and n. */
    size_t fixed = 2 + 2 * pw + 3 + (nw ? 2 + nw : 0);
    size_t room = width > fixed + 2 * MIN_HALF ? width - fixed - 2 * MIN_HALF : 0;
    if (lw > room)
        lw = room > MIN_LABEL ? room : MIN_LABEL;
    size_t half = width > lw + fixed ? (width - lw - fixed) / 2 : MIN_HALF;
    if (half < MIN_HALF)
        half = MIN_HALF;

    legend(out, l, gl->plain, width, ambi);
    for (size_t i = 0; i < l->n; i++) {
        const struct report_likert_item *it = &l->items[i];
        struct split s = split_of(l, it->shares);
        char low[REPORT_NUMBER_SIZE], high[REPORT_NUMBER_SIZE], n[REPORT_NUMBER_SIZE + 2];
        char *label = report_truncate(it->label, lw, ambi, gl->plain);
        if (!label)
            return -1;
        report_number_format(low, sizeof low, s.low, REPORT_CELL_PERCENT, gl->plain);
        report_number_format(high, sizeof high, s.high, REPORT_CELL_PERCENT, gl->plain);
        rp_field(out, label, strlen(label), report_width(label, ambi), lw, 0);
        fputs("  ", out);
        rp_field(out, low, strlen(low), report_width(low, ambi), pw, 1);
        fputc(' ', out);
        draw_half(out, l, it->shares, 1, scale, half, gl->plain);
        fputs(gl->v, out);
        draw_half(out, l, it->shares, 0, scale, half, gl->plain);
        fputc(' ', out);
        rp_field(out, high, strlen(high), report_width(high, ambi), pw, 1);
        if (nw) {
            char count[REPORT_NUMBER_SIZE];
            n[0] = '\0';
            if (isfinite(it->n))
                snprintf(n, sizeof n, "n=%s",
                         report_number_format(count, sizeof count, it->n, REPORT_CELL_COUNT, 1));
            fputs("  ", out);
            rp_field(out, n, strlen(n), strlen(n), nw, 1);
        }
        fputc('\n', out);
        free(label);
    }

    /* The axis: the scale's end on both sides, 0 at the centre. */
    size_t x0 = lw + 2 + pw + 1;
    char end[REPORT_NUMBER_SIZE];
    rp_tick_label(end, scale, REPORT_CELL_PERCENT);
    rp_repeat(out, " ", x0);
    fputs(gl->sw, out);
    rp_repeat(out, gl->h, half - 1);
    fputs(gl->s, out);
    rp_repeat(out, gl->h, half - 1);
    fputs(gl->se, out);
    fputc('\n', out);
    size_t le = strlen(end);
    rp_repeat(out, " ", x0);
    fputs(end, out);
    rp_repeat(out, " ", half > le ? half - le : 1);
    fputc('0', out);
    rp_repeat(out, " ", half > le ? half - le : 1);
    fprintf(out, "%s\n", end);
    return 0;
}

static int likert_csv(const void *chart, const struct report_options *o, FILE *out)
{
    const struct report_likert *l = chart;
    for (size_t i = 0; i < l->n; i++) {
        const struct report_likert_item *it = &l->items[i];
        for (size_t k = 0; k < l->k; k++)
            rp_csv_row(out, o, l->title, "", it->label, l->levels[k], it->shares[k], NULL);
        if (isfinite(it->n))
            rp_csv_row(out, o, l->title, "", it->label, "n", it->n, NULL);
    }
    return 0;
}

int report_likert_render(const struct report_likert *l, const struct report_options *o,
                         FILE *out)
{
    return rp_chart_render(l->title, l, likert_text, likert_csv, rp_html_likert, o, out);
}
