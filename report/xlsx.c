/* xlsx.c — the Excel backend: a workbook of one worksheet per section.
 *
 * Every table becomes a three-line table (sanxianbiao, the style Chinese journals
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
#include "report/xlsx_internal.h"

#include <xlsxwriter.h>
#include <zip.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>


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
const char *rp_xlsx_axis_format(enum report_cell_class cls)
{
    if (cls == REPORT_CELL_PERCENT)
        return "0%";
    if (cls == REPORT_CELL_PERCENT_CHANGE)
        return "+0%;-0%;0%";
    return "General";
}

/* ## Cell formats, made once each */

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

void rp_xlsx_check(struct xl *x, lxw_error e)
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

void rp_xlsx_put_string(struct xl *x, struct sheet *s, lxw_row_t r, lxw_col_t c, const char *text,
                        lxw_format *f)
{
    if (text && *text)
        rp_xlsx_check(x, worksheet_write_string(s->ws, r, c, text, f));
    else if (f)
        rp_xlsx_check(x, worksheet_write_blank(s->ws, r, c, f));
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
        rp_xlsx_check(x, worksheet_merge_range(s->ws, s->row, 0, s->row, (lxw_col_t)(s->span - 1),
                                               text, f));
    else
        rp_xlsx_put_string(x, s, s->row, 0, text, f);
    if (lines > 1 || st.size)
        rp_xlsx_check(x, worksheet_set_row(s->ws, s->row, lines * LINE_POINTS * size / 11, NULL));
    s->row++;
}

/* Write T at the cursor as a three-line table. */
void rp_xlsx_put_table(struct xl *x, struct sheet *s, const struct report_table *t,
                       struct placed *at)
{
    lxw_row_t r = s->row;
    int groups = has_groups(t);
    at->title = r;
    if (t->title && *t->title)
        rp_xlsx_put_string(x, s, r++, 0, t->title,
                           format_for(x, (struct style){.cls = -1, .bold = 1}));

    /* The header: a thick rule above, a thin one below. */
    unsigned char under = t->nrows ? RULE_THIN : RULE_THICK;
    at->header = r;
    rp_xlsx_put_string(x, s, r, 0, t->stub,
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
        rp_xlsx_put_string(x, s, r, (lxw_col_t)(c + 1), t->columns[c],
                           format_for(x, (struct style){.cls = -1, .top = RULE_THICK, .bottom = under,
                                                .align = align[c], .wrap = 1}));
        if (t->columns[c]) {
            double l = lines_for(t->columns[c], s->w[c + 1]);
            lines = l > lines ? l : lines;
        }
    }
    if (lines > 1)
        rp_xlsx_check(x, worksheet_set_row(s->ws, r, lines * LINE_POINTS, NULL));
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
            rp_xlsx_check(x, worksheet_set_row(s->ws, r, height * LINE_POINTS, NULL));
        }
        struct style label = {.cls = -1, .bottom = bottom, .align = ALIGN_LEFT, .wrap = wrap};
        if (row->is_group)
            label.bold = label.italic = 1;
        else if (groups)
            label.indent = 1;
        rp_xlsx_put_string(x, s, r, 0, row->label, format_for(x, label));
        for (size_t c = 0; c < t->ncols; c++) {
            lxw_col_t col = (lxw_col_t)(c + 1);
            const struct report_cell *cell = row->is_group ? NULL : &row->cells[c];
            if (cell && cell->cls == REPORT_CELL_TEXT) {
                /* Not left-aligned: that would touch the number before it. */
                rp_xlsx_put_string(x, s, r, col, cell->text,
                                   format_for(x, (struct style){.cls = -1, .bottom = bottom,
                                                        .align = align[c], .wrap = wrap}));
            } else if (cell && cell->cls != REPORT_CELL_EMPTY && isfinite(cell->value)) {
                lxw_format *f = format_for(x, (struct style){.cls = (int)cell->cls,
                                                             .mark = (int)cell->mark,
                                                             .bottom = bottom, .wrap = wrap});
                rp_xlsx_check(x, worksheet_write_number(s->ws, r, col, cell->value, f));
            } else if (bottom) {
                rp_xlsx_put_string(x, s, r, col, NULL,
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
        rp_xlsx_check(x, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, s->w[c], NULL));
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
        rp_xlsx_put_table(x, s, b->table, &at);
        break;
    case REPORT_BLOCK_BARS:
        rp_xlsx_put_bars(x, s, b->bars, x->derived[i]);
        break;
    case REPORT_BLOCK_LIKERT:
        rp_xlsx_put_likert(x, s, b->likert, x->derived[i]);
        break;
    case REPORT_BLOCK_TREND:
        rp_xlsx_put_trend(x, s, b->trend, x->derived[i]);
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
    rp_xlsx_check(x, workbook_set_properties(x->wb, &props));

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
            t = rp_xlsx_bars_table(&x, b->bars);
        else if (b->kind == REPORT_BLOCK_LIKERT)
            t = rp_xlsx_likert_table(&x, b->likert);
        else if (b->kind == REPORT_BLOCK_TREND)
            t = rp_xlsx_trend_table(b->trend);
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
            rc = rp_xlsx_patch_charts(&x, path);
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
