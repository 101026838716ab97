/* xlsx_charts.c — the Excel backend's charts (the workbook and its tables
 * are in xlsx.c).
 *
 * A chart block becomes its data, written as a table of its own (an Excel
 * chart plots cells), and a native chart beside it.  Bars with a 95% CI are
 * a bar chart with custom error bars.  libxlsxwriter 1.1 writes only fixed,
 * percentage and standard error bars, so each such series is written with a
 * fixed-value placeholder, and once the workbook is closed the chart's XML
 * is edited in the zip (libzip): the placeholder becomes the "cust" error
 * bars that Excel itself writes, referring to two hidden rows of formulas
 * (value - low, high - value).  Likert distributions are 100% stacked bars
 * whose colours diverge from the neutral level; trends are lines over the
 * waves.
 */
#include "report/report.h"
#include "report/report_internal.h"
#include "report/xlsx_internal.h"
#include "report/messages.h"

#include <xlsxwriter.h>
#include <zip.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ## Charts */

/* A chart's title, guarded: libxlsxwriter takes a name starting with '=' for
   a cell reference. */
static void chart_title(lxw_chart *ch, const char *title, char *buf, size_t size)
{
    if (!title || !*title) {
        chart_title_off(ch);
        return;
    }
    snprintf(buf, size, "%s%s", title[0] == '=' ? " " : "", title);
    chart_title_set_name(ch, buf);
    static lxw_chart_font font = {.size = 12, .bold = LXW_TRUE};
    chart_title_set_name_font(ch, &font);
}

/* Put CH, W x H pixels, at row ROW one column right of a table NCOLS
   columns wide, and move the cursor below both. */
static void place_chart(struct xl *x, struct sheet *s, lxw_chart *ch, lxw_row_t row,
                        size_t ncols, int w, int h)
{
    lxw_chart_options opt = {.x_offset = 8, .x_scale = w / 480.0, .y_scale = h / 288.0,
                             .object_position = LXW_OBJECT_MOVE_DONT_SIZE};
    rp_xlsx_check(x, worksheet_insert_chart_opt(s->ws, row, (lxw_col_t)(ncols + 1), ch, &opt));
    lxw_row_t end = row + (lxw_row_t)((h + ROW_PIXELS - 1) / ROW_PIXELS) + 2;
    if (s->row < end)
        s->row = end;
}

static const char *msg(const struct xl *x, enum rp_msg_id m)
{
    return rp_msg_text(rp_msg_lang(x->zh), m);
}

/* Whether any bar of B has a CI bound. */
static int bars_have_ci(const struct report_bars *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (!isnan(b->bars[i].ci_low) || !isnan(b->bars[i].ci_high))
            return 1;
    return 0;
}

/* The data of bars B as a table: value, CI bounds (when any bar has them),
   n (when any bar has it).  NULL when out of memory. */
struct report_table *rp_xlsx_bars_table(const struct xl *x, const struct report_bars *b)
{
    int ci = bars_have_ci(b), n = 0;
    for (size_t i = 0; i < b->n; i++)
        n |= !isnan(b->bars[i].n);
    size_t ncols = 1 + 2 * (size_t)ci + (size_t)n;
    struct report_table *t = report_table_new(b->title, ncols);
    if (!t)
        return NULL;
    size_t c = 0;
    report_table_set_column(t, c++, msg(x, M_VALUE));
    if (ci) {
        report_table_set_column(t, c++, msg(x, M_CI_LOW));
        report_table_set_column(t, c++, msg(x, M_CI_HIGH));
    }
    if (n)
        report_table_set_column(t, c, msg(x, M_N));
    for (size_t i = 0; i < b->n; i++) {
        const struct report_bar *bar = &b->bars[i];
        report_table_add_row(t, bar->label);
        c = 0;
        report_table_set_cell(t, i, c++, bar->value, b->cls);
        if (ci) {
            report_table_set_cell(t, i, c++, bar->ci_low, b->cls);
            report_table_set_cell(t, i, c++, bar->ci_high, b->cls);
        }
        if (n)
            report_table_set_cell(t, i, c, bar->n, REPORT_CELL_COUNT);
    }
    return t;
}

struct report_table *rp_xlsx_likert_table(const struct xl *x, const struct report_likert *l)
{
    int n = 0;
    for (size_t i = 0; i < l->n; i++)
        n |= !isnan(l->items[i].n);
    struct report_table *t = report_table_new(l->title, l->k + (size_t)n);
    if (!t)
        return NULL;
    for (size_t c = 0; c < l->k; c++)
        report_table_set_column(t, c, l->levels[c]);
    if (n)
        report_table_set_column(t, l->k, msg(x, M_N));
    for (size_t i = 0; i < l->n; i++) {
        report_table_add_row(t, l->items[i].label);
        for (size_t c = 0; c < l->k; c++)
            report_table_set_cell(t, i, c, l->items[i].shares[c], REPORT_CELL_PERCENT);
        if (n)
            report_table_set_cell(t, i, l->k, l->items[i].n, REPORT_CELL_COUNT);
    }
    return t;
}

struct report_table *rp_xlsx_trend_table(const struct report_trend *tr)
{
    struct report_table *t = report_table_new(tr->title, tr->nwaves);
    if (!t)
        return NULL;
    for (size_t c = 0; c < tr->nwaves; c++)
        report_table_set_column(t, c, tr->waves[c]);
    for (size_t i = 0; i < tr->n; i++) {
        report_table_add_row(t, tr->series[i].label);
        for (size_t c = 0; c < tr->nwaves; c++)
            report_table_set_cell(t, i, c, tr->series[i].values[c], tr->cls);
    }
    return t;
}

/* The end of a value axis: MAX when given, else a round number above every
   finite value in V[0..N-1]. */
static double axis_max(double max, const double *v, size_t n, size_t stride)
{
    if (max > 0)
        return max;
    double hi = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i * stride]) && v[i * stride] > hi)
            hi = v[i * stride];
    return rp_nice_max(hi);
}

/* A sheet name as a formula writes it ('quotes', inner ones doubled), made
   safe for XML.  NULL when out of memory. */
static char *sheet_ref(const char *name)
{
    size_t n = strlen(name);
    char *r = malloc(6 * n + 3), *o = r;
    if (!r)
        return NULL;
    *o++ = '\'';
    for (const char *c = name; *c; c++) {
        if (*c == '\'')
            o += sprintf(o, "''");
        else if (*c == '&')
            o += sprintf(o, "&amp;");
        else if (*c == '<')
            o += sprintf(o, "&lt;");
        else if (*c == '>')
            o += sprintf(o, "&gt;");
        else
            *o++ = *c;
    }
    *o++ = '\'';
    *o = '\0';
    return r;
}

/* <c:plus> or <c:minus> (TAG): the N amounts V in row ROW, columns 1..N. */
static void errbar_side(FILE *f, const char *tag, const char *ref, lxw_row_t row, size_t n,
                        const double *v)
{
    char range[64];
    lxw_rowcol_to_range_abs(range, row, 1, row, (lxw_col_t)n);
    fprintf(f, "<c:%s><c:numRef><c:f>%s!%s</c:f><c:numCache><c:formatCode>General</c:formatCode>"
               "<c:ptCount val=\"%zu\"/>",
            tag, ref, range, n);
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            fprintf(f, "<c:pt idx=\"%zu\"><c:v>%.17g</c:v></c:pt>", i, v[i]);
    fprintf(f, "</c:numCache></c:numRef></c:%s>", tag);
}

/* Custom error bars for chart ID: the XML that replaces the fixed-value
   placeholder libxlsxwriter wrote. */
static void add_patch(struct xl *x, const char *sheet, lxw_row_t minus_row, lxw_row_t plus_row,
                      size_t n, const double *minus, const double *plus)
{
    struct patch *p = rp_grow(x->patches, &x->cap_patches, x->n_patches, sizeof *p);
    char *ref = sheet_ref(sheet);
    char *xml = NULL;
    size_t len = 0;
    FILE *f = p && ref ? open_memstream(&xml, &len) : NULL;
    if (p)
        x->patches = p;
    if (!f) {
        free(ref);
        x->err = 1;
        return;
    }
    fputs("<c:errValType val=\"cust\"/>", f);
    errbar_side(f, "plus", ref, plus_row, n, plus);
    errbar_side(f, "minus", ref, minus_row, n, minus);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        free(xml);
        xml = NULL;
    }
    free(ref);
    if (!xml) {
        x->err = 1;
        return;
    }
    p = &x->patches[x->n_patches];
    p->id = PATCH_BASE + (unsigned)x->n_patches;
    p->xml = xml;
    p->done = 0;
    x->n_patches++;
}

/* Two hidden rows under the table AT of bars B: the amounts below and above
   each value that its CI reaches, as formulas on the table's cells (an error
   bar is drawn from amounts, not bounds).  The series' error bars refer to
   them. */
static void put_ci_amounts(struct xl *x, struct sheet *s, const struct report_bars *b,
                           const struct placed *at, lxw_chart_series *v)
{
    double *minus = malloc(2 * b->n * sizeof *minus);
    if (!minus) {
        x->err = 1;
        return;
    }
    double *plus = minus + b->n;
    lxw_row_t rows[2] = {s->row, s->row + 1};
    lxw_row_col_options hidden = {.hidden = 1};
    for (int k = 0; k < 2; k++) {
        rp_xlsx_check(x, worksheet_set_row_opt(s->ws, rows[k], LXW_DEF_ROW_HEIGHT, NULL, &hidden));
        rp_xlsx_put_string(x, s, rows[k], 0, msg(x, k ? M_CI_PLUS : M_CI_MINUS), NULL);
    }
    for (size_t i = 0; i < b->n; i++) {
        const struct report_bar *bar = &b->bars[i];
        lxw_row_t r = at->first + (lxw_row_t)i;
        lxw_col_t c = (lxw_col_t)(i + 1);
        char val[32], lo[32], hi[32], formula[128];
        lxw_rowcol_to_cell(val, r, 1);
        lxw_rowcol_to_cell(lo, r, 2);
        lxw_rowcol_to_cell(hi, r, 3);
        minus[i] = bar->value - bar->ci_low;
        plus[i] = bar->ci_high - bar->value;
        if (isfinite(minus[i])) {
            snprintf(formula, sizeof formula, "=%s-%s", val, lo);
            rp_xlsx_check(x, worksheet_write_formula_num(s->ws, rows[0], c, formula, NULL, minus[i]));
        }
        if (isfinite(plus[i])) {
            snprintf(formula, sizeof formula, "=%s-%s", hi, val);
            rp_xlsx_check(x, worksheet_write_formula_num(s->ws, rows[1], c, formula, NULL, plus[i]));
        }
    }
    s->row += 2;
    /* A placeholder, replaced once the workbook is written (patch_charts). */
    chart_series_set_error_bars(v->x_error_bars, LXW_CHART_ERROR_BAR_TYPE_FIXED,
                                PATCH_BASE + (double)x->n_patches);
    static lxw_chart_line whisker = {.color = 0x404040, .width = 1};
    chart_series_set_error_bars_line(v->x_error_bars, &whisker);
    add_patch(x, s->name, rows[0], rows[1], b->n, minus, plus);
    free(minus);
}

void rp_xlsx_put_bars(struct xl *x, struct sheet *s, const struct report_bars *b,
                      const struct report_table *t)
{
    struct placed at;
    lxw_row_t top = s->row;
    rp_xlsx_put_table(x, s, t, &at);
    if (!b->n)
        return;
    lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_BAR);
    lxw_chart_series *v = ch ? chart_add_series(ch, NULL, NULL) : NULL;
    if (!v) {
        x->err = 1;
        return;
    }
    char title[1024];
    chart_title(ch, b->title, title, sizeof title);
    chart_series_set_categories(v, s->name, at.first, 0, at.last, 0);
    chart_series_set_values(v, s->name, at.first, 1, at.last, 1);
    chart_series_set_name_range(v, s->name, at.header, 1);
    static lxw_chart_fill fill = {.color = 0x5B8DC9};
    chart_series_set_fill(v, &fill);
    chart_set_series_gap(ch, 60);
    int ci = bars_have_ci(b);
    double hi = 0;
    for (size_t i = 0; i < b->n; i++) {
        double m = ci && isfinite(b->bars[i].ci_high) ? b->bars[i].ci_high : b->bars[i].value;
        if (isfinite(m) && m > hi)
            hi = m;
    }
    if (ci) {
        put_ci_amounts(x, s, b, &at, v);
        chart_show_hidden_data(ch);
    }
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    /* Bars top to bottom in the table's order, the value axis below them. */
    chart_axis_set_reverse(ch->y_axis);
    chart_axis_set_crossing_max(ch->y_axis);
    chart_axis_set_num_format(ch->x_axis, rp_xlsx_axis_format(b->cls));
    chart_axis_set_min(ch->x_axis, 0);
    chart_axis_set_max(ch->x_axis, axis_max(b->max, &hi, 1, 1));
    int h = 26 * (int)b->n + 110;
    place_chart(x, s, ch, top, t->ncols + 1, 560, h < 288 ? 288 : h);
}

/* The fill of level I of K, diverging from the neutral middle (K odd): reds
   below it, blues above it, darker towards the ends (ColorBrewer RdBu). */
static lxw_color_t likert_colour(size_t i, size_t k)
{
    static const int dark[2][3] = {{0xB2, 0x18, 0x2B}, {0x21, 0x66, 0xAC}};
    static const int light[2][3] = {{0xF4, 0xA5, 0x82}, {0x92, 0xC5, 0xDE}};
    size_t half = k / 2;
    if (k % 2 && i == half)
        return 0xD9D9D9;
    int side = i >= half;
    size_t from_end = side ? k - 1 - i : i; /* 0 = the outermost level */
    double t = half > 1 ? (double)from_end / (double)(half - 1) : 0.5;
    lxw_color_t rgb = 0;
    for (int ch = 0; ch < 3; ch++) {
        int v = (int)lround(dark[side][ch] + t * (light[side][ch] - dark[side][ch]));
        rgb = (rgb << 8) | (lxw_color_t)v;
    }
    return rgb;
}

void rp_xlsx_put_likert(struct xl *x, struct sheet *s, const struct report_likert *l,
                        const struct report_table *t)
{
    struct placed at;
    lxw_row_t top = s->row;
    rp_xlsx_put_table(x, s, t, &at);
    if (!l->n)
        return;
    lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_BAR_STACKED_PERCENT);
    if (!ch) {
        x->err = 1;
        return;
    }
    char title[1024];
    chart_title(ch, l->title, title, sizeof title);
    for (size_t c = 0; c < l->k; c++) {
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        if (!se) {
            x->err = 1;
            return;
        }
        lxw_col_t col = (lxw_col_t)(c + 1);
        chart_series_set_categories(se, s->name, at.first, 0, at.last, 0);
        chart_series_set_values(se, s->name, at.first, col, at.last, col);
        chart_series_set_name_range(se, s->name, at.header, col);
        lxw_chart_fill fill = {.color = likert_colour(c, l->k)};
        lxw_chart_line edge = {.color = 0xFFFFFF, .width = 0.5};
        chart_series_set_fill(se, &fill);
        chart_series_set_line(se, &edge);
    }
    chart_set_series_gap(ch, 50);
    /* Items top to bottom in the table's order, the value axis below them. */
    chart_axis_set_reverse(ch->y_axis);
    chart_axis_set_crossing_max(ch->y_axis);
    chart_axis_set_num_format(ch->x_axis, "0%");
    chart_axis_set_name(ch->x_axis, msg(x, M_XLSX_SHARE));
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    int h = 32 * (int)l->n + 130;
    place_chart(x, s, ch, top, t->ncols + 1, 640, h < 288 ? 288 : h);
}

void rp_xlsx_put_trend(struct xl *x, struct sheet *s, const struct report_trend *tr,
                       const struct report_table *t)
{
    struct placed at;
    lxw_row_t top = s->row;
    rp_xlsx_put_table(x, s, t, &at);
    if (!tr->n || !tr->nwaves)
        return;
    lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_LINE);
    if (!ch) {
        x->err = 1;
        return;
    }
    char title[1024];
    chart_title(ch, tr->title, title, sizeof title);
    lxw_col_t last = (lxw_col_t)tr->nwaves;
    for (size_t i = 0; i < tr->n; i++) {
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        if (!se) {
            x->err = 1;
            return;
        }
        lxw_row_t r = at.first + (lxw_row_t)i;
        chart_series_set_categories(se, s->name, at.header, 1, at.header, last);
        chart_series_set_values(se, s->name, r, 1, r, last);
        chart_series_set_name_range(se, s->name, r, 0);
        chart_series_set_marker_type(se, LXW_CHART_MARKER_AUTOMATIC);
    }
    double hi = 0;
    for (size_t i = 0; i < tr->n; i++) {
        double m = axis_max(0, tr->series[i].values, tr->nwaves, 1);
        hi = m > hi ? m : hi;
    }
    chart_axis_set_num_format(ch->y_axis, rp_xlsx_axis_format(tr->cls));
    chart_axis_set_min(ch->y_axis, 0);
    chart_axis_set_max(ch->y_axis, tr->max > 0 ? tr->max : hi);
    chart_axis_set_name(ch->x_axis, msg(x, M_XLSX_WAVE));
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    int w = 80 * (int)tr->nwaves + 300;
    int h = 12 * (int)tr->n + 300;
    place_chart(x, s, ch, top, t->ncols + 1, w < 560 ? 560 : w, h > 480 ? 480 : h);
}

/* Read entry I of ZA whole into a NUL-terminated buffer.  NULL on failure. */
static char *zip_read(zip_t *za, zip_uint64_t i, size_t *len)
{
    zip_stat_t st;
    if (zip_stat_index(za, i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > SIZE_MAX - 1)
        return NULL;
    char *buf = malloc((size_t)st.size + 1);
    zip_file_t *zf = buf ? zip_fopen_index(za, i, 0) : NULL;
    if (!zf) {
        free(buf);
        return NULL;
    }
    zip_int64_t got = zip_fread(zf, buf, st.size);
    zip_fclose(zf);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(buf);
        return NULL;
    }
    buf[st.size] = '\0';
    *len = (size_t)st.size;
    return buf;
}

/* In XML (LEN bytes, reallocated), replace the placeholder of P.  Returns
   the new buffer (P->done set when found), or NULL when out of memory (XML
   is then freed). */
static char *apply_patch(char *xml, size_t *len, struct patch *p)
{
    char from[96];
    snprintf(from, sizeof from, "<c:errValType val=\"fixedVal\"/><c:val val=\"%u\"/>", p->id);
    char *at = strstr(xml, from);
    if (!at)
        return xml;
    size_t head = (size_t)(at - xml), fl = strlen(from), xl = strlen(p->xml);
    char *out = malloc(*len - fl + xl + 1);
    if (!out) {
        free(xml);
        return NULL;
    }
    memcpy(out, xml, head);
    memcpy(out + head, p->xml, xl);
    memcpy(out + head + xl, at + fl, *len - head - fl + 1);
    *len = *len - fl + xl;
    free(xml);
    p->done = 1;
    return out;
}

/* Put the custom error bars into the charts of the workbook PATH.  0 or -1
   (also when a placeholder was not found). */
int rp_xlsx_patch_charts(struct xl *x, const char *path)
{
    if (!x->n_patches)
        return 0;
    int zerr;
    zip_t *za = zip_open(path, 0, &zerr);
    if (!za)
        return -1;
    int rc = 0;
    zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n && rc == 0; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
        if (!name || strncmp(name, "xl/charts/chart", 15))
            continue;
        size_t len;
        char *xml = zip_read(za, (zip_uint64_t)i, &len);
        if (!xml) {
            rc = -1;
            break;
        }
        int changed = 0;
        for (size_t k = 0; k < x->n_patches && xml; k++)
            if (!x->patches[k].done) {
                xml = apply_patch(xml, &len, &x->patches[k]);
                changed |= x->patches[k].done;
            }
        if (!xml) {
            rc = -1;
        } else if (!changed) {
            free(xml);
        } else {
            zip_source_t *src = zip_source_buffer(za, xml, len, 1);
            if (!src) {
                free(xml);
                rc = -1;
            } else if (zip_file_replace(za, (zip_uint64_t)i, src, 0) < 0) {
                zip_source_free(src);
                rc = -1;
            }
        }
    }
    for (size_t k = 0; k < x->n_patches; k++)
        if (!x->patches[k].done)
            rc = -1;
    if (rc == 0 && zip_close(za) < 0)
        rc = -1;
    if (rc < 0)
        zip_discard(za);
    return rc;
}
