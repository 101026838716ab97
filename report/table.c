/* table.c — the table model and its three renderings.
 *
 * A table is built row by row from classed cells; rendering turns every cell
 * into a string (report_number_format) and lays the strings out.  The text
 * layout measures everything with report_width, so Chinese labels line up.
 * When a width limit is given, columns give up width one column at a time,
 * the widest first, down to a floor: a number's own width, or for wrappable
 * text (labels, headers, text cells) its longest word within MIN_WRAP and
 * MAX_WORD columns.  Group headers span the row.  Wrapped lines of a
 * row are top-aligned; header lines are bottom-aligned so each header sits
 * on its numbers. */
#include "report/report.h"
#include "report/report_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Narrowest a wrappable column is made (four Chinese characters), unless
   it holds a longer word, which is kept whole up to MAX_WORD columns. */
#define MIN_WRAP 8
#define MAX_WORD 16
/* Indentation of the rows under a group header. */
#define GROUP_INDENT 2

/* ## Building */

/* Replace the string in *SLOT by a copy of S; -1 (and *SLOT kept) on OOM. */
static int replace(char **slot, const char *s)
{
    int failed = 0;
    char *copy = rp_strdup(s, &failed);
    if (failed)
        return -1;
    free(*slot);
    *slot = copy;
    return 0;
}

struct report_table *report_table_new(const char *title, size_t ncols)
{
    struct report_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->ncols = ncols;
    t->columns = calloc(ncols ? ncols : 1, sizeof *t->columns);
    if (!t->columns || replace(&t->title, title) < 0) {
        report_table_free(t);
        return NULL;
    }
    return t;
}

void report_table_free(struct report_table *t)
{
    if (!t)
        return;
    for (size_t r = 0; r < t->nrows; r++) {
        struct report_row *row = &t->rows[r];
        for (size_t c = 0; row->cells && c < t->ncols; c++)
            free(row->cells[c].text);
        free(row->cells);
        free(row->label);
    }
    for (size_t c = 0; t->columns && c < t->ncols; c++)
        free(t->columns[c]);
    free(t->columns);
    free(t->rows);
    free(t->title);
    free(t->stub);
    free(t->note);
    free(t);
}

/* Every builder goes through here: a failure is kept in the table, so that a
   document refuses a table one of whose builders failed even when the caller
   did not look at the return value. */
static int latch(struct report_table *t, int rc)
{
    if (rc < 0)
        t->failed = 1;
    return rc;
}

int report_table_set_stub(struct report_table *t, const char *label)
{
    return latch(t, replace(&t->stub, label));
}

int report_table_set_column(struct report_table *t, size_t col, const char *label)
{
    return latch(t, col < t->ncols ? replace(&t->columns[col], label) : -1);
}

int report_table_set_note(struct report_table *t, const char *note)
{
    return latch(t, replace(&t->note, note));
}

static int add_row(struct report_table *t, const char *label, int is_group)
{
    struct report_row *rows = rp_grow(t->rows, &t->cap, t->nrows, sizeof *rows);
    if (!rows)
        return -1;
    t->rows = rows;
    struct report_row row = {.is_group = is_group};
    int failed = 0;
    row.label = rp_strdup(label ? label : "", &failed);
    if (!is_group) {
        row.cells = calloc(t->ncols ? t->ncols : 1, sizeof *row.cells);
        failed |= !row.cells;
    }
    if (failed) {
        free(row.label);
        free(row.cells);
        return -1;
    }
    t->rows[t->nrows++] = row;
    return 0;
}

int report_table_add_row(struct report_table *t, const char *label)
{
    return latch(t, add_row(t, label, 0));
}

int report_table_add_group(struct report_table *t, const char *label)
{
    return latch(t, add_row(t, label, 1));
}

/* The cell at ROW, COL, or NULL for a position that holds none. */
static struct report_cell *cell_at(struct report_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols || t->rows[row].is_group)
        return NULL;
    return &t->rows[row].cells[col];
}

int report_table_set_cell(struct report_table *t, size_t row, size_t col,
                          double value, enum report_cell_class cls)
{
    struct report_cell *c = cell_at(t, row, col);
    if (!c || cls == REPORT_CELL_TEXT)
        return latch(t, -1);
    free(c->text);
    *c = (struct report_cell){.value = value, .cls = cls};
    return 0;
}

int report_table_set_text(struct report_table *t, size_t row, size_t col,
                          const char *text)
{
    struct report_cell *c = cell_at(t, row, col);
    if (!c || replace(&c->text, text ? text : "") < 0)
        return latch(t, -1);
    c->cls = REPORT_CELL_TEXT;
    c->value = NAN;
    return 0;
}

int report_table_set_mark(struct report_table *t, size_t row, size_t col, enum report_mark mark)
{
    struct report_cell *c = cell_at(t, row, col);
    if (!c || c->cls == REPORT_CELL_TEXT)
        return latch(t, -1);
    c->mark = mark;
    return 0;
}

const char *rp_mark_glyph(enum report_mark mark, int plain)
{
    return mark == REPORT_MARK_UP ? (plain ? "+" : "▲") : mark == REPORT_MARK_DOWN ? (plain ? "-" : "▼") : "";
}

/* ## Layout shared by text and Markdown
 *
 * A grid holds the string of every cell, header row first, stub column
 * first: NR = nrows + 1 rows by NC = ncols + 1 columns. */

struct gcell {
    const char *s;
    int wraps;     /* text that may wrap (not a number) */
    size_t indent; /* leading spaces (stub of a row under a group) */
    int span;      /* a group header: in text, spans the whole row */
};

/* Room for a formatted number, padded and marked. */
#define GRID_CELL (3 * REPORT_NUMBER_SIZE)

struct grid {
    size_t nr, nc;
    struct gcell *cells;             /* NR * NC */
    char (*nums)[GRID_CELL]; /* formatted numbers, one per data cell */
    int *right;                      /* per column: right-aligned */
};

static void grid_free(struct grid *g)
{
    free(g->cells);
    free(g->nums);
    free(g->right);
}

/* The display width of the widest marked number in each column of T, into
   MW (NCOLS entries). */
static void marked_widths(const struct report_table *t, int plain, size_t *mw)
{
    char num[REPORT_NUMBER_SIZE];
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; !t->rows[r].is_group && c < t->ncols; c++) {
            const struct report_cell *cell = &t->rows[r].cells[c];
            if (cell->mark == REPORT_MARK_NONE || cell->cls == REPORT_CELL_TEXT)
                continue;
            report_number_format(num, sizeof num, cell->value, cell->cls, plain);
            size_t w = report_width(num, 1);
            mw[c] = w > mw[c] ? w : mw[c];
        }
}

static int grid_build(struct grid *g, const struct report_table *t, int plain)
{
    g->nr = t->nrows + 1;
    g->nc = t->ncols + 1;
    g->cells = calloc(g->nr * g->nc, sizeof *g->cells);
    g->nums = calloc(t->nrows * t->ncols + 1, sizeof *g->nums);
    g->right = calloc(g->nc, sizeof *g->right);
    size_t *mw = calloc(t->ncols + 1, sizeof *mw);
    if (!g->cells || !g->nums || !g->right || !mw) {
        free(mw);
        grid_free(g);
        return -1;
    }
    marked_widths(t, plain, mw);

    g->cells[0] = (struct gcell){.s = t->stub ? t->stub : "", .wraps = 1};
    for (size_t c = 0; c < t->ncols; c++)
        g->cells[1 + c] = (struct gcell){.s = t->columns[c] ? t->columns[c] : "", .wraps = 1};

    int in_group = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const struct report_row *row = &t->rows[r];
        struct gcell *line = &g->cells[(r + 1) * g->nc];
        in_group |= row->is_group;
        line[0] = (struct gcell){.s = row->label, .wraps = 1, .span = row->is_group,
                                 .indent = in_group && !row->is_group ? GROUP_INDENT : 0};
        for (size_t c = 0; c < t->ncols; c++) {
            if (row->is_group) {
                line[1 + c] = (struct gcell){.s = ""};
                continue;
            }
            const struct report_cell *cell = &row->cells[c];
            char *num = g->nums[r * t->ncols + c];
            if (cell->cls == REPORT_CELL_TEXT) {
                line[1 + c] = (struct gcell){.s = cell->text, .wraps = 1};
            } else if (cell->mark != REPORT_MARK_NONE) {
                /* A marked number is laid out as text: padded to the column's
                   marked width, then the mark. */
                char n[REPORT_NUMBER_SIZE];
                report_number_format(n, sizeof n, cell->value, cell->cls, plain);
                size_t w = report_width(n, 1);
                const char *mark = rp_mark_glyph(cell->mark, plain);
                snprintf(num, GRID_CELL, "%*s%s%s%s", (int)(mw[c] > w ? mw[c] - w : 0), "", n,
                         *mark ? " " : "", mark);
                line[1 + c] = (struct gcell){.s = num, .wraps = 1};
            } else {
                report_number_format(num, REPORT_NUMBER_SIZE, cell->value, cell->cls, plain);
                line[1 + c] = (struct gcell){.s = num};
                g->right[1 + c] |= cell->cls != REPORT_CELL_EMPTY;
            }
        }
    }
    free(mw);
    return 0;
}

/* ## Text */

/* Number of lines S takes wrapped at WIDTH columns ("" takes none). */
static size_t count_lines(const char *s, size_t width, int ambi)
{
    size_t n = 0;
    for (size_t at = 0, next; s[at]; at += next, n++)
        report_wrap(s + at, width, ambi, &next);
    return n;
}

/* Line K (from 0) of S wrapped at WIDTH: its start, and its length in *LEN;
   NULL when S has no line K. */
static const char *nth_line(const char *s, size_t width, int ambi, size_t k, size_t *len)
{
    for (size_t at = 0, next; s[at]; at += next) {
        *len = report_wrap(s + at, width, ambi, &next);
        if (k-- == 0)
            return s + at;
    }
    *len = 0;
    return NULL;
}

/* Width inside the outer borders of a table with column widths W. */
static size_t inner_width(const size_t *w, size_t nc)
{
    size_t inner = 3 * (nc - 1);
    for (size_t c = 0; c < nc; c++)
        inner += w[c];
    return inner;
}

/* Column widths: natural, then narrowed toward their floors until the
   table fits LIMIT (0: no limit); last, the stub is widened, within the
   limit, until group headers fit on one line. */
static void fit_columns(const struct grid *g, size_t *w, size_t limit, int ambi)
{
    size_t floor_[g->nc], span = 0;
    for (size_t c = 0; c < g->nc; c++)
        w[c] = floor_[c] = 1;
    for (size_t r = 0; r < g->nr; r++)
        for (size_t c = 0; c < g->nc; c++) {
            const struct gcell *x = &g->cells[r * g->nc + c];
            if (x->span) {
                size_t sw = report_width(x->s, ambi);
                span = sw > span ? sw : span;
                break;
            }
            size_t cw = x->indent + report_width(x->s, ambi), fl = cw;
            if (x->wraps) {
                size_t word = rp_longest_word(x->s, ambi);
                word = word < MIN_WRAP ? MIN_WRAP : word > MAX_WORD ? MAX_WORD : word;
                fl = x->indent + word < cw ? x->indent + word : cw;
            }
            if (cw > w[c])
                w[c] = cw;
            if (fl > floor_[c])
                floor_[c] = fl;
        }

    size_t total = inner_width(w, g->nc) + 4; /* with borders and padding */
    while (limit && total > limit) {
        size_t widest = SIZE_MAX;
        for (size_t c = 0; c < g->nc; c++)
            if (w[c] > floor_[c] && (widest == SIZE_MAX || w[c] > w[widest]))
                widest = c;
        if (widest == SIZE_MAX)
            break; /* every column at its floor: the table stays wider */
        w[widest]--;
        total--;
    }
    size_t inner = total - 4;
    if (span > inner) {
        size_t extra = span - inner;
        if (limit && extra > (limit > total ? limit - total : 0))
            extra = limit > total ? limit - total : 0;
        w[0] += extra;
    }
}

static void rule(FILE *out, const struct rp_glyphs *gl, const size_t *w, size_t nc,
                 const char *left, const char *mid, const char *right)
{
    fputs(left, out);
    for (size_t c = 0; c < nc; c++) {
        rp_repeat(out, gl->h, w[c] + 2);
        fputs(c + 1 < nc ? mid : right, out);
    }
    fputc('\n', out);
}

/* Draw a group header across the whole row, INNER columns of text. */
static void span_row(FILE *out, const struct rp_glyphs *gl, const char *label,
                     size_t inner, int ambi)
{
    size_t lines = count_lines(label, inner, ambi);
    for (size_t k = 0; k < (lines ? lines : 1); k++) {
        size_t len;
        const char *s = nth_line(label, inner, ambi, k, &len);
        if (!s)
            s = "";
        fprintf(out, "%s ", gl->v);
        rp_field(out, s, len, rp_width_n(s, len, ambi), inner, 0);
        fprintf(out, " %s\n", gl->v);
    }
}

/* Draw grid row R; a header row (R == 0) is bottom-aligned. */
static void text_row(FILE *out, const struct rp_glyphs *gl, const struct grid *g,
                     const size_t *w, size_t r, int ambi)
{
    const struct gcell *cells = &g->cells[r * g->nc];
    if (cells[0].span) {
        span_row(out, gl, cells[0].s, inner_width(w, g->nc), ambi);
        return;
    }
    size_t lines = 1, count[g->nc];
    for (size_t c = 0; c < g->nc; c++) {
        count[c] = count_lines(cells[c].s, w[c] - cells[c].indent, ambi);
        if (count[c] > lines)
            lines = count[c];
    }
    for (size_t k = 0; k < lines; k++) {
        fputs(gl->v, out);
        for (size_t c = 0; c < g->nc; c++) {
            size_t skip = r == 0 ? lines - count[c] : 0, len = 0;
            const char *s = k >= skip
                ? nth_line(cells[c].s, w[c] - cells[c].indent, ambi, k - skip, &len)
                : NULL;
            fputc(' ', out);
            rp_repeat(out, " ", cells[c].indent);
            if (!s)
                s = "";
            rp_field(out, s, len, rp_width_n(s, len, ambi), w[c] - cells[c].indent,
                     g->right[c]);
            fputc(' ', out);
            fputs(gl->v, out);
        }
        fputc('\n', out);
    }
}

static int render_text(const struct report_table *t, const struct report_options *o,
                       FILE *out)
{
    const struct rp_glyphs *gl = rp_glyphs_for(o);
    int ambi = rp_ambi(o);
    struct grid g;
    if (grid_build(&g, t, gl->plain) < 0)
        return -1;
    size_t w[g.nc];
    fit_columns(&g, w, o->width, ambi);

    if (t->title)
        rp_wrapped(out, t->title, o->width, ambi, "", 0);
    rule(out, gl, w, g.nc, gl->nw, gl->n, gl->ne);
    text_row(out, gl, &g, w, 0, ambi);
    rule(out, gl, w, g.nc, gl->w, gl->c, gl->e);
    for (size_t r = 1; r < g.nr; r++)
        text_row(out, gl, &g, w, r, ambi);
    rule(out, gl, w, g.nc, gl->sw, gl->s, gl->se);
    if (t->note)
        rp_wrapped(out, t->note, o->width, ambi, "", 0);
    fputc('\n', out);
    grid_free(&g);
    return rp_finish(out);
}

/* ## Markdown */

static int render_markdown(const struct report_table *t, const struct report_options *o,
                           FILE *out)
{
    int ambi = rp_ambi(o), failed = 0;
    struct grid g;
    if (grid_build(&g, t, rp_glyphs_for(o)->plain) < 0)
        return -1;
    size_t n = g.nr * g.nc, w[g.nc];
    char **esc = calloc(n, sizeof *esc);
    failed = !esc;
    for (size_t c = 0; c < g.nc; c++)
        w[c] = 3; /* the "---" of the separator row */
    for (size_t i = 0; !failed && i < n; i++) {
        failed = !(esc[i] = rp_md_escape(g.cells[i].s, g.cells[i].span));
        if (!failed && report_width(esc[i], ambi) > w[i % g.nc])
            w[i % g.nc] = report_width(esc[i], ambi);
    }

    if (!failed) {
        if (t->title) {
            char *title = rp_md_escape(t->title, 1);
            failed = !title;
            if (title)
                fprintf(out, "%s\n\n", title);
            free(title);
        }
        for (size_t r = 0; r < g.nr; r++) {
            fputc('|', out);
            for (size_t c = 0; c < g.nc; c++) {
                const char *s = esc[r * g.nc + c];
                fputc(' ', out);
                rp_field(out, s, strlen(s), report_width(s, ambi), w[c], g.right[c]);
                fputs(" |", out);
            }
            fputc('\n', out);
            if (r > 0)
                continue;
            fputc('|', out); /* the separator row, which sets the alignment */
            for (size_t c = 0; c < g.nc; c++) {
                fputs(g.right[c] ? " " : " :", out);
                rp_repeat(out, "-", w[c] - 1);
                fputs(g.right[c] ? ": |" : " |", out);
            }
            fputc('\n', out);
        }
        char *note = t->note ? rp_md_escape(t->note, 0) : NULL;
        if (note)
            fprintf(out, "\n%s\n", note);
        failed |= t->note && !note;
        free(note);
        fputc('\n', out);
    }
    for (size_t i = 0; esc && i < n; i++)
        free(esc[i]);
    free(esc);
    grid_free(&g);
    return failed ? -1 : rp_finish(out);
}

/* ## CSV */

static int render_csv(const struct report_table *t, const struct report_options *o,
                      FILE *out)
{
    const char *group = "";
    for (size_t r = 0; r < t->nrows; r++) {
        const struct report_row *row = &t->rows[r];
        if (row->is_group) {
            group = row->label;
            continue;
        }
        for (size_t c = 0; c < t->ncols; c++) {
            const struct report_cell *cell = &row->cells[c];
            if (cell->cls != REPORT_CELL_EMPTY)
                rp_csv_row(out, o, t->title, group, row->label, t->columns[c], cell->value,
                           cell->cls == REPORT_CELL_TEXT ? cell->text : NULL);
        }
    }
    return rp_finish(out);
}

int report_table_render(const struct report_table *t, const struct report_options *o,
                        FILE *out)
{
    switch (o->format) {
    case REPORT_FORMAT_MARKDOWN:
        return render_markdown(t, o, out);
    case REPORT_FORMAT_CSV:
        return render_csv(t, o, out);
    case REPORT_FORMAT_HTML:
        return rp_html_table(t, out);
    case REPORT_FORMAT_TEXT:
        break;
    default: /* a format of whole documents only */
        return -1;
    }
    return render_text(t, o, out);
}
