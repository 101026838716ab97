/* xlsx.c — the Excel backend: a workbook of one worksheet per section.
 *
 * Every table becomes a three-line table (三线表, the style Chinese journals
 * ask for): a thick rule above the header row, a thin one under it, a thick
 * one under the last row, and no vertical lines.  Numbers are stored as
 * numbers, unrounded, with a number format per cell class, so a reader who
 * copies a cell gets the figure the JSON holds; a share stays a fraction and
 * shows as a percentage.  Titles go above a table in bold, notes below it,
 * merged across the table and wrapped.
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
 *
 * libxlsxwriter writes to a named file, so the workbook is written to a
 * private temporary file, copied to OUT and removed.
 */
#include "report/report.h"
#include "report/report_internal.h"

#include <xlsxwriter.h>
#include <zip.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Excel's limits on a sheet name. */
#define SHEET_NAME_MAX 31
/* Column widths, in characters: a cell's display width plus padding, capped;
   headers longer than HEADER_MAX wrap. */
#define COL_PAD 2
#define STUB_MAX 50
#define DATA_MAX 40
#define HEADER_MAX 24
/* Width of column A on a sheet without tables, where sentences wrap. */
#define PROSE_WIDTH 72
/* Height of a line of text in points, and of a default row in pixels. */
#define LINE_POINTS 16.0
#define ROW_PIXELS 20

/* ## Messages */

enum msg { M_VALUE, M_CI_LOW, M_CI_HIGH, M_N, M_SHARE, M_WAVE, M_CI_MINUS, M_CI_PLUS };

static const struct {
    const char *en, *zh;
} msgs[] = {
    [M_VALUE] = {"Value", "数值"},
    [M_CI_LOW] = {"95% CI low", "置信下限"},
    [M_CI_HIGH] = {"95% CI high", "置信上限"},
    [M_N] = {"n", "人数"},
    [M_SHARE] = {"Share of answers", "回答占比"},
    [M_WAVE] = {"Wave", "调查轮次"},
    [M_CI_MINUS] = {"Error bar: value - CI low", "误差线：数值 - 置信下限"},
    [M_CI_PLUS] = {"Error bar: CI high - value", "误差线：置信上限 - 数值"},
};

/* ## Number formats, one per cell class */

static const char *const num_formats[] = {
    [REPORT_CELL_COUNT] = "0",
    [REPORT_CELL_PERCENT] = "0.0%",
    /* A difference of shares is stored as one (0.032) and shown signed. */
    [REPORT_CELL_PERCENT_CHANGE] = "+0.0%;-0.0%;0.0%",
    [REPORT_CELL_MEAN] = "0.00",
    [REPORT_CELL_MEAN_CHANGE] = "+0.00;-0.00;0.00",
    [REPORT_CELL_STAT] = "0.000",
    [REPORT_CELL_PVALUE] = "[<0.001]\"<0.001\";0.000",
    [REPORT_CELL_RATIO] = "0.00",
};

/* The format of a chart axis of values of class CLS: whole percentages,
   else Excel's own choice for round ticks (10, 20, ... not 10.00). */
static const char *axis_format(enum report_cell_class cls)
{
    if (cls == REPORT_CELL_PERCENT)
        return "0%";
    if (cls == REPORT_CELL_PERCENT_CHANGE)
        return "+0%;-0%;0%";
    return "General";
}

/* ## Cell formats, made once each */

enum rule { RULE_NONE, RULE_THIN, RULE_THICK };
enum align { ALIGN_NONE, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct style {
    int cls; /* a number class for its format, or -1 */
    int mark; /* enum report_mark: a ▲ or ▼ after the number */
    unsigned char bold, italic, indent, top, bottom, align, wrap;
    unsigned char size; /* points; 0 = the default */
};

struct cached {
    struct style key;
    lxw_format *f;
};

/* Custom error bars to put into a chart once the workbook is written: the
   placeholder value ID marks the series, XML replaces the placeholder. */
struct patch {
    unsigned id;
    char *xml;
    int done;
};
#define PATCH_BASE 9000

struct xl {
    const struct report_doc *d;
    lxw_workbook *wb;
    int zh;
    struct cached *fmts;
    size_t n_fmts, cap_fmts;
    struct report_table **derived; /* per block: a chart's data as a table */
    struct patch *patches;
    size_t n_patches, cap_patches;
    int err;                       /* a call failed: the workbook is not whole */
};

static int style_eq(const struct style *a, const struct style *b)
{
    return a->cls == b->cls && a->mark == b->mark && a->bold == b->bold && a->italic == b->italic &&
           a->indent == b->indent && a->top == b->top && a->bottom == b->bottom &&
           a->align == b->align && a->wrap == b->wrap && a->size == b->size;
}

static uint8_t border(unsigned char rule)
{
    return rule == RULE_THICK ? LXW_BORDER_MEDIUM : rule == RULE_THIN ? LXW_BORDER_THIN
                                                                      : LXW_BORDER_NONE;
}

/* The workbook's format for S; NULL (and X->err set) when out of memory. */
static lxw_format *format_for(struct xl *x, struct style s)
{
    for (size_t i = 0; i < x->n_fmts; i++)
        if (style_eq(&x->fmts[i].key, &s))
            return x->fmts[i].f;
    struct cached *c = rp_grow(x->fmts, &x->cap_fmts, x->n_fmts, sizeof *c);
    lxw_format *f = c ? workbook_add_format(x->wb) : NULL;
    if (c)
        x->fmts = c;
    if (!f) {
        x->err = 1;
        return NULL;
    }
    if (s.cls > REPORT_CELL_TEXT && (size_t)s.cls < sizeof num_formats / sizeof *num_formats) {
        const char *glyph = rp_mark_glyph((enum report_mark)s.mark, 0);
        if (*glyph) {
            /* The mark is part of the number's format, so the cell stays a
               number: every section of the format gets " ▲". */
            char fmt[96];
            size_t at = 0;
            for (const char *p = num_formats[s.cls]; at + 16 < sizeof fmt; p++) {
                if (*p == ';' || !*p)
                    at += (size_t)snprintf(fmt + at, sizeof fmt - at, "\" %s\"", glyph);
                if (!*p)
                    break;
                fmt[at++] = *p;
                fmt[at] = '\0';
            }
            format_set_num_format(f, fmt);
        } else {
            format_set_num_format(f, num_formats[s.cls]);
        }
    }
    if (s.bold)
        format_set_bold(f);
    if (s.italic)
        format_set_italic(f);
    if (s.indent)
        format_set_indent(f, s.indent);
    if (s.top)
        format_set_top(f, border(s.top));
    if (s.bottom)
        format_set_bottom(f, border(s.bottom));
    if (s.align == ALIGN_LEFT)
        format_set_align(f, LXW_ALIGN_LEFT);
    else if (s.align == ALIGN_CENTER)
        format_set_align(f, LXW_ALIGN_CENTER);
    else if (s.align == ALIGN_RIGHT)
        format_set_align(f, LXW_ALIGN_RIGHT);
    if (s.wrap) {
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    if (s.size)
        format_set_font_size(f, s.size);
    x->fmts[x->n_fmts++] = (struct cached){s, f};
    return f;
}

static void check(struct xl *x, lxw_error e)
{
    if (e != LXW_NO_ERROR)
        x->err = 1;
}

/* ## Measuring */

static size_t text_width(const char *s)
{
    return s ? report_width(s, 1) : 0;
}

/* What a cell shows, for measuring it: BUF holds REPORT_NUMBER_SIZE bytes. */
static const char *cell_text(const struct report_cell *c, char *buf)
{
    if (c->cls == REPORT_CELL_TEXT)
        return c->text ? c->text : "";
    if (c->cls == REPORT_CELL_EMPTY || !isfinite(c->value))
        return "";
    return report_number_format(buf, REPORT_NUMBER_SIZE, c->value, c->cls, 0);
}

static int has_groups(const struct report_table *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].is_group)
            return 1;
    return 0;
}

/* Whether column C of T holds a number: its header and its text are then
   right-aligned with the numbers, else centred. */
static int numeric_column(const struct report_table *t, size_t c)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const struct report_row *row = &t->rows[r];
        if (!row->is_group && row->cells[c].cls != REPORT_CELL_EMPTY &&
            row->cells[c].cls != REPORT_CELL_TEXT)
            return 1;
    }
    return 0;
}

static void widen(double *w, size_t col, size_t chars, size_t cap)
{
    double want = (double)(chars > cap ? cap : chars) + COL_PAD;
    if (w[col] < want)
        w[col] = want;
}

/* Widen the columns W (at least 1 + T->ncols of them) to fit T. */
static void measure(const struct report_table *t, double *w)
{
    char buf[REPORT_NUMBER_SIZE];
    size_t indent = has_groups(t) ? 2 : 0;
    size_t hw = text_width(t->stub);
    widen(w, 0, hw > HEADER_MAX ? HEADER_MAX : hw, STUB_MAX);
    for (size_t r = 0; r < t->nrows; r++) {
        const struct report_row *row = &t->rows[r];
        widen(w, 0, text_width(row->label) + (row->is_group ? 0 : indent), STUB_MAX);
        /* Text is not right-aligned: it gets room to stand off its neighbours. */
        for (size_t c = 0; !row->is_group && c < t->ncols; c++)
            widen(w, c + 1,
                  text_width(cell_text(&row->cells[c], buf)) +
                      (row->cells[c].cls == REPORT_CELL_TEXT ? COL_PAD : 0),
                  DATA_MAX);
    }
    for (size_t c = 0; c < t->ncols; c++) {
        const char *h = t->columns[c];
        size_t full = text_width(h), word = h ? rp_longest_word(h, 1) : 0;
        widen(w, c + 1, full > HEADER_MAX ? HEADER_MAX : full, DATA_MAX);
        widen(w, c + 1, word, DATA_MAX);
    }
}

/* Lines TEXT takes wrapped in a cell WIDTH characters wide: report_wrap's
   lines (at spaces, and between Chinese characters) a little narrower than
   the cell, since a spreadsheet's font is not a terminal's grid. */
static double lines_for(const char *text, double width)
{
    size_t w = width > 4 ? (size_t)(width - 2) : 2, lines = 0, at = 0, len = strlen(text);
    while (at < len) {
        size_t next;
        report_wrap(text + at, w, 1, &next);
        at += next ? next : len - at;
        lines++;
    }
    return lines ? (double)lines : 1;
}

/* ## A worksheet */

struct sheet {
    lxw_worksheet *ws;
    char *name;
    lxw_row_t row;    /* the next free row */
    double *w;        /* column widths */
    size_t ncols;     /* columns measured */
    size_t span;      /* columns prose is merged across */
    double span_width;
};

static void put_string(struct xl *x, struct sheet *s, lxw_row_t r, lxw_col_t c, const char *text,
                       lxw_format *f)
{
    if (text && *text)
        check(x, worksheet_write_string(s->ws, r, c, text, f));
    else if (f)
        check(x, worksheet_write_blank(s->ws, r, c, f));
}

/* TEXT across the prose span at the cursor, wrapped, in style ST. */
static void put_prose(struct xl *x, struct sheet *s, const char *text, struct style st)
{
    st.wrap = 1;
    lxw_format *f = format_for(x, st);
    if (!f)
        return;
    double lines = lines_for(text, s->span_width);
    double size = st.size ? st.size : 11;
    if (s->span > 1)
        check(x, worksheet_merge_range(s->ws, s->row, 0, s->row, (lxw_col_t)(s->span - 1),
                                       text, f));
    else
        put_string(x, s, s->row, 0, text, f);
    if (lines > 1 || st.size)
        check(x, worksheet_set_row(s->ws, s->row, lines * LINE_POINTS * size / 11, NULL));
    s->row++;
}

/* Where a table's cells went, for a chart to refer to. */
struct placed {
    lxw_row_t title, header, first, last; /* first and last body rows */
};

/* Write T at the cursor as a three-line table. */
static void put_table(struct xl *x, struct sheet *s, const struct report_table *t,
                      struct placed *at)
{
    lxw_row_t r = s->row;
    int groups = has_groups(t);
    at->title = r;
    if (t->title && *t->title)
        put_string(x, s, r++, 0, t->title, format_for(x, (struct style){.cls = -1, .bold = 1}));

    /* The header: a thick rule above, a thin one below. */
    unsigned char under = t->nrows ? RULE_THIN : RULE_THICK;
    at->header = r;
    put_string(x, s, r, 0, t->stub,
               format_for(x, (struct style){.cls = -1, .top = RULE_THICK, .bottom = under,
                                            .align = ALIGN_LEFT, .wrap = 1}));
    double lines = t->stub ? lines_for(t->stub, s->w[0]) : 1;
    unsigned char *align = malloc(t->ncols ? t->ncols : 1);
    if (!align) {
        x->err = 1;
        return;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        align[c] = numeric_column(t, c) ? ALIGN_RIGHT : ALIGN_CENTER;
        put_string(x, s, r, (lxw_col_t)(c + 1), t->columns[c],
                   format_for(x, (struct style){.cls = -1, .top = RULE_THICK, .bottom = under,
                                                .align = align[c], .wrap = 1}));
        if (t->columns[c]) {
            double l = lines_for(t->columns[c], s->w[c + 1]);
            lines = l > lines ? l : lines;
        }
    }
    if (lines > 1)
        check(x, worksheet_set_row(s->ws, r, lines * LINE_POINTS, NULL));
    r++;

    at->first = r;
    for (size_t i = 0; i < t->nrows; i++, r++) {
        const struct report_row *row = &t->rows[i];
        unsigned char bottom = i + 1 == t->nrows ? RULE_THICK : RULE_NONE;
        /* A label or text longer than its column wraps, and its row grows. */
        double height = 1;
        unsigned char wrap = 0;
        if (!row->is_group) {
            size_t lw = text_width(row->label) + (groups ? 2 : 0);
            if (lw + COL_PAD > s->w[0])
                height = fmax(height, lines_for(row->label, s->w[0] - (groups ? 2 : 0)));
            for (size_t c = 0; c < t->ncols; c++)
                if (row->cells[c].cls == REPORT_CELL_TEXT &&
                    text_width(row->cells[c].text) + 2 * COL_PAD > s->w[c + 1])
                    height = fmax(height, lines_for(row->cells[c].text, s->w[c + 1] - COL_PAD));
        }
        if (height > 1) {
            wrap = 1;
            check(x, worksheet_set_row(s->ws, r, height * LINE_POINTS, NULL));
        }
        struct style label = {.cls = -1, .bottom = bottom, .align = ALIGN_LEFT, .wrap = wrap};
        if (row->is_group)
            label.bold = label.italic = 1;
        else if (groups)
            label.indent = 1;
        put_string(x, s, r, 0, row->label, format_for(x, label));
        for (size_t c = 0; c < t->ncols; c++) {
            lxw_col_t col = (lxw_col_t)(c + 1);
            const struct report_cell *cell = row->is_group ? NULL : &row->cells[c];
            if (cell && cell->cls == REPORT_CELL_TEXT) {
                /* Not left-aligned: that would touch the number before it. */
                put_string(x, s, r, col, cell->text,
                           format_for(x, (struct style){.cls = -1, .bottom = bottom,
                                                        .align = align[c], .wrap = wrap}));
            } else if (cell && cell->cls != REPORT_CELL_EMPTY && isfinite(cell->value)) {
                lxw_format *f = format_for(x, (struct style){.cls = (int)cell->cls,
                                                             .mark = (int)cell->mark,
                                                             .bottom = bottom, .wrap = wrap});
                check(x, worksheet_write_number(s->ws, r, col, cell->value, f));
            } else if (bottom) {
                put_string(x, s, r, col, NULL,
                           format_for(x, (struct style){.cls = -1, .bottom = bottom}));
            }
        }
    }
    at->last = r ? r - 1 : 0;
    free(align);

    if (t->note && *t->note) {
        s->row = r;
        size_t span = s->span, width_cols = t->ncols + 1;
        double sw = s->span_width;
        /* The note wraps under its own table. */
        s->span = width_cols;
        s->span_width = 0;
        for (size_t c = 0; c < width_cols; c++)
            s->span_width += s->w[c];
        put_prose(x, s, t->note, (struct style){.cls = -1, .align = ALIGN_LEFT});
        s->span = span;
        s->span_width = sw;
        r = s->row;
    }
    s->row = r;
}

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
    check(x, worksheet_insert_chart_opt(s->ws, row, (lxw_col_t)(ncols + 1), ch, &opt));
    lxw_row_t end = row + (lxw_row_t)((h + ROW_PIXELS - 1) / ROW_PIXELS) + 2;
    if (s->row < end)
        s->row = end;
}

static const char *msg(const struct xl *x, enum msg m)
{
    return x->zh ? msgs[m].zh : msgs[m].en;
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
static struct report_table *bars_table(const struct xl *x, const struct report_bars *b)
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

static struct report_table *likert_table(const struct xl *x, const struct report_likert *l)
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

static struct report_table *trend_table(const struct report_trend *tr)
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
        check(x, worksheet_set_row_opt(s->ws, rows[k], LXW_DEF_ROW_HEIGHT, NULL, &hidden));
        put_string(x, s, rows[k], 0, msg(x, k ? M_CI_PLUS : M_CI_MINUS), NULL);
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
            check(x, worksheet_write_formula_num(s->ws, rows[0], c, formula, NULL, minus[i]));
        }
        if (isfinite(plus[i])) {
            snprintf(formula, sizeof formula, "=%s-%s", hi, val);
            check(x, worksheet_write_formula_num(s->ws, rows[1], c, formula, NULL, plus[i]));
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

static void put_bars(struct xl *x, struct sheet *s, const struct report_bars *b,
                     const struct report_table *t)
{
    struct placed at;
    lxw_row_t top = s->row;
    put_table(x, s, t, &at);
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
    chart_axis_set_num_format(ch->x_axis, axis_format(b->cls));
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

static void put_likert(struct xl *x, struct sheet *s, const struct report_likert *l,
                       const struct report_table *t)
{
    struct placed at;
    lxw_row_t top = s->row;
    put_table(x, s, t, &at);
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
    chart_axis_set_name(ch->x_axis, msg(x, M_SHARE));
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    int h = 32 * (int)l->n + 130;
    place_chart(x, s, ch, top, t->ncols + 1, 640, h < 288 ? 288 : h);
}

static void put_trend(struct xl *x, struct sheet *s, const struct report_trend *tr,
                      const struct report_table *t)
{
    struct placed at;
    lxw_row_t top = s->row;
    put_table(x, s, t, &at);
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
    chart_axis_set_num_format(ch->y_axis, axis_format(tr->cls));
    chart_axis_set_min(ch->y_axis, 0);
    chart_axis_set_max(ch->y_axis, tr->max > 0 ? tr->max : hi);
    chart_axis_set_name(ch->x_axis, msg(x, M_WAVE));
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    int w = 80 * (int)tr->nwaves + 300;
    int h = 12 * (int)tr->n + 300;
    place_chart(x, s, ch, top, t->ncols + 1, w < 560 ? 560 : w, h > 480 ? 480 : h);
}

/* ## Sheet names */

/* Characters Excel refuses in a sheet name. */
static int bad_char(unsigned char ch)
{
    return ch < 0x20 || strchr("[]:*?/\\", ch) != NULL;
}

/* Case-insensitive (ASCII) equality, as Excel compares sheet names. */
static int same_name(const char *a, const char *b)
{
    return !strcasecmp(a, b);
}

/* A copy of SRC fit for a sheet name: forbidden characters replaced, cut to
   at most MAX UTF-16 units (Excel's measure) on a character boundary, no
   trailing space, no apostrophe at either end.  NULL when out of memory. */
static char *sheet_base(const char *src, size_t max)
{
    size_t len = strlen(src);
    char *s = malloc(len + 1);
    if (!s)
        return NULL;
    size_t o = 0, units = 0;
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)src[i];
        size_t n = ch < 0x80 ? 1 : ch >> 5 == 6 ? 2 : ch >> 4 == 14 ? 3 : ch >> 3 == 30 ? 4 : 1;
        if (i + n > len)
            n = len - i;
        size_t u = n == 4 ? 2 : 1;
        if (units + u > max)
            break;
        if (n == 1 && ch >= 0x80) { /* a stray byte: not UTF-8 */
            s[o++] = '_';
        } else if (n == 1 && bad_char(ch)) {
            s[o++] = '_';
        } else {
            memcpy(s + o, src + i, n);
            o += n;
        }
        units += u;
        i += n;
    }
    while (o && s[o - 1] == ' ') /* a cut may end in a space */
        o--;
    s[o] = '\0';
    if (o && s[0] == '\'')
        s[0] = '_';
    if (o && s[o - 1] == '\'')
        s[o - 1] = '_';
    return s;
}

/* The name of sheet I, unique among NAMES[0..I-1].  NULL when out of memory. */
static char *sheet_name(const struct report_section *sec, size_t i, char **names)
{
    char fallback[32];
    snprintf(fallback, sizeof fallback, "Sheet%zu", i + 1);
    const char *src = sec && sec->title && *sec->title ? sec->title
                      : sec && sec->key && *sec->key   ? sec->key
                                                       : fallback;
    for (unsigned k = 1;; k++) {
        char suffix[16] = "";
        if (k > 1)
            snprintf(suffix, sizeof suffix, " (%u)", k);
        char *base = sheet_base(src, SHEET_NAME_MAX - strlen(suffix));
        if (!base)
            return NULL;
        char *name = rp_format("%s%s", *base ? base : fallback, suffix);
        free(base);
        if (!name)
            return NULL;
        int taken = same_name(name, "History"); /* reserved by Excel */
        for (size_t j = 0; j < i && !taken; j++)
            taken = same_name(name, names[j]);
        if (!taken)
            return name;
        free(name);
    }
}

/* ## The workbook */

static const struct report_table *block_table(const struct xl *x, size_t i)
{
    return x->d->blocks[i].kind == REPORT_BLOCK_TABLE ? x->d->blocks[i].table : x->derived[i];
}

/* Measure section SEC's tables into S's columns and choose the prose span. */
static int sheet_layout(struct xl *x, struct sheet *s, size_t sec)
{
    size_t ncols = 1;
    for (size_t i = 0; i < x->d->n_blocks; i++) {
        const struct report_table *t = block_table(x, i);
        if (t && x->d->blocks[i].section == sec && t->ncols + 1 > ncols)
            ncols = t->ncols + 1;
    }
    if (!(s->w = calloc(ncols, sizeof *s->w)))
        return -1;
    s->ncols = ncols;
    int tables = 0;
    for (size_t i = 0; i < x->d->n_blocks; i++) {
        const struct report_table *t = block_table(x, i);
        if (t && x->d->blocks[i].section == sec) {
            measure(t, s->w);
            tables = 1;
        }
    }
    if (!tables)
        s->w[0] = PROSE_WIDTH;
    s->span = ncols;
    s->span_width = 0;
    for (size_t c = 0; c < ncols; c++) {
        if (s->w[c] < 8.43) /* Excel's default width */
            s->w[c] = 8.43;
        s->span_width += s->w[c];
        check(x, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, s->w[c], NULL));
    }
    return 0;
}

static void put_block(struct xl *x, struct sheet *s, size_t i)
{
    const struct report_block *b = &x->d->blocks[i];
    struct placed at;
    switch (b->kind) {
    case REPORT_BLOCK_HEADING:
        put_prose(x, s, b->text,
                  (struct style){.cls = -1, .bold = 1, .align = ALIGN_LEFT,
                                 .size = b->level <= 1 ? 14 : 12});
        break;
    case REPORT_BLOCK_LIST:
        for (size_t k = 0; k < b->n_items; k++)
            put_prose(x, s, b->items[k], (struct style){.cls = -1, .align = ALIGN_LEFT});
        break;
    case REPORT_BLOCK_TABLE:
        put_table(x, s, b->table, &at);
        break;
    case REPORT_BLOCK_BARS:
        put_bars(x, s, b->bars, x->derived[i]);
        break;
    case REPORT_BLOCK_LIKERT:
        put_likert(x, s, b->likert, x->derived[i]);
        break;
    case REPORT_BLOCK_TREND:
        put_trend(x, s, b->trend, x->derived[i]);
        break;
    }
    s->row++; /* a blank row between blocks */
}

/* Write D's workbook into the file PATH.  0 or -1. */
static int write_workbook(struct xl *x, const char *path, const char *tmpdir)
{
    const struct report_doc *d = x->d;
    lxw_workbook_options wo = {.tmpdir = (char *)tmpdir};
    if (!(x->wb = workbook_new_opt(path, &wo)))
        return -1;
    lxw_doc_properties props = {.title = d->title, .comments = "canyu"};
    check(x, workbook_set_properties(x->wb, &props));

    size_t n = d->n_sections ? d->n_sections : 1;
    char **names = calloc(n, sizeof *names);
    struct sheet *sheets = calloc(n, sizeof *sheets);
    if (!names || !sheets)
        x->err = 1;
    for (size_t i = 0; i < n && !x->err; i++) {
        struct sheet *s = &sheets[i];
        if (!(names[i] = sheet_name(d->n_sections ? &d->sections[i] : NULL, i, names)) ||
            !(s->ws = workbook_add_worksheet(x->wb, names[i]))) {
            x->err = 1;
            break;
        }
        s->name = names[i];
        worksheet_gridlines(s->ws, LXW_HIDE_ALL_GRIDLINES);
        worksheet_set_paper(s->ws, 9); /* A4 */
        worksheet_fit_to_pages(s->ws, 1, 0);
        if (sheet_layout(x, s, i) < 0)
            x->err = 1;
    }
    for (size_t i = 0; i < d->n_blocks && !x->err; i++)
        put_block(x, &sheets[d->blocks[i].section], i);
    /* The workbook is closed (and freed) whatever happened. */
    if (workbook_close(x->wb) != LXW_NO_ERROR)
        x->err = 1;
    x->wb = NULL;
    for (size_t i = 0; i < n; i++) {
        free(names ? names[i] : NULL);
        free(sheets ? sheets[i].w : NULL);
    }
    free(names);
    free(sheets);
    return x->err ? -1 : 0;
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
static int patch_charts(struct xl *x, const char *path)
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

/* Copy the file PATH to OUT.  0 or -1. */
static int copy_file(const char *path, FILE *out)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return -1;
    char buf[1 << 16];
    size_t got;
    int rc = 0;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, got, out) != got) {
            rc = -1;
            break;
        }
    if (ferror(in))
        rc = -1;
    fclose(in);
    return rc;
}

int rp_xlsx_render(const struct report_doc *d, const struct report_options *o, FILE *out)
{
    (void)o;
    struct xl x = {.d = d, .zh = d->lang && !strcmp(d->lang, "zh")};
    if (d->n_blocks && !(x.derived = calloc(d->n_blocks, sizeof *x.derived)))
        return -1;
    for (size_t i = 0; i < d->n_blocks && !x.err; i++) {
        const struct report_block *b = &d->blocks[i];
        struct report_table *t = NULL;
        if (b->kind == REPORT_BLOCK_BARS)
            t = bars_table(&x, b->bars);
        else if (b->kind == REPORT_BLOCK_LIKERT)
            t = likert_table(&x, b->likert);
        else if (b->kind == REPORT_BLOCK_TREND)
            t = trend_table(b->trend);
        else
            continue;
        if (!t || t->failed)
            x.err = 1;
        x.derived[i] = t;
    }

    int rc = -1;
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir)
        tmpdir = "/tmp";
    char *path = x.err ? NULL : rp_format("%s/canyu-xlsx-XXXXXX", tmpdir);
    int fd = path ? mkstemp(path) : -1;
    if (fd >= 0) {
        close(fd);
        rc = write_workbook(&x, path, tmpdir);
        if (rc == 0)
            rc = patch_charts(&x, path);
        if (rc == 0)
            rc = copy_file(path, out);
        unlink(path);
    }
    free(path);
    for (size_t i = 0; i < d->n_blocks && x.derived; i++)
        report_table_free(x.derived[i]);
    free(x.derived);
    for (size_t i = 0; i < x.n_patches; i++)
        free(x.patches[i].xml);
    free(x.patches);
    free(x.fmts);
    return rc;
}
