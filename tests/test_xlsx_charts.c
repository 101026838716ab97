/* test_xlsx_charts.c — the Excel backend's native charts, read back from
 * the workbook it wrote: one chart per chart block on its section's sheet,
 * of its type (horizontal bars with custom error bars whose hidden formulas
 * hold value - low and high - value, 100% stacked bars, lines).  The sheets
 * and tables are tested in test_xlsx_out.c; the shared reader is
 * test_xlsx_out.h.
 *
 * Run from the repository root.
 */
#include "report/report.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "tests/test_xlsx_out.h"

/* The "val" attribute of the first NAME under N. */
static const char *val_of(struct node *n, const char *name)
{
    struct node *f = find(n, name);
    return f ? attr(f, "val") : NULL;
}
/* The row and first and last columns of a one-row range "'S'!$B$12:$D$12". */
static void parse_range(const char *f, unsigned *row, unsigned *c0, unsigned *c1)
{
    const char *bang = strrchr(f, '!');
    assert_non_null(bang);
    char a[32], z[32];
    assert_int_equal(sscanf(bang + 1, "%31[^:]:%31s", a, z), 2);
    char ca[32], cz[32];
    size_t k = 0;
    for (const char *p = a; *p; p++)
        if (*p != '$')
            ca[k++] = *p;
    ca[k] = '\0';
    k = 0;
    for (const char *p = z; *p; p++)
        if (*p != '$')
            cz[k++] = *p;
    cz[k] = '\0';
    unsigned r2;
    parse_ref(ca, row, c0);
    parse_ref(cz, &r2, c1);
    assert_int_equal(*row, r2);
}

static int row_hidden(const struct sheet *s, unsigned row)
{
    struct node *rows[MAX_ITEMS];
    size_t n = find_all(s->xml, "row", rows, MAX_ITEMS, 0);
    for (size_t i = 0; i < n && i < MAX_ITEMS; i++)
        if ((unsigned)atoi(attr(rows[i], "r")) == row + 1) {
            const char *h = attr(rows[i], "hidden");
            return h && !strcmp(h, "1");
        }
    return 0;
}

/* Error bar side SIDE ("c:plus", "c:minus") of EB holds, for each bar, WANT
   (NaN: nothing) in a hidden formula cell and in the chart's cache. */
static void check_error_side(const struct sheet *s, struct node *eb, const char *side,
                             const double *want, size_t n)
{
    struct node *sd = find(eb, side);
    assert_non_null(sd);
    struct node *f = find(sd, "c:f");
    assert_non_null(f);
    unsigned row, c0, c1;
    parse_range(f->text, &row, &c0, &c1);
    assert_int_equal(c1 - c0 + 1, n);
    assert_true(row_hidden(s, row));
    struct node *pts[64];
    size_t np = find_all(sd, "c:pt", pts, 64, 0);
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        const struct cell *c = cell_at(s, row, c0 + (unsigned)i);
        if (isnan(want[i])) {
            assert_true(!c || !c->is_number);
            continue;
        }
        assert_non_null(c);
        assert_true(c->is_number && c->has_formula);
        assert_close(c->num, want[i], 1e-12);
        assert_true(seen < np);
        assert_int_equal(atoi(attr(pts[seen], "idx")), i);
        assert_close(strtod(find(pts[seen], "c:v")->text, NULL), want[i], 1e-12);
        seen++;
    }
    assert_int_equal(seen, np);
}

/* The fill colour of series SER, or "". */
static const char *series_colour(struct node *ser)
{
    struct node *sp = NULL;
    for (size_t i = 0; i < ser->n && !sp; i++)
        if (!strcmp(ser->kids[i]->name, "c:spPr"))
            sp = ser->kids[i];
    struct node *fill = sp ? find(sp, "a:solidFill") : NULL;
    struct node *rgb = fill ? find(fill, "a:srgbClr") : NULL;
    return rgb ? attr(rgb, "val") : "";
}

static void test_charts(void **state)
{
    (void)state;
    struct report_doc *d = hand_doc();
    char *path = render_file(d);
    struct book b;
    book_open(&b, path);
    /* One chart per chart block, each on its section's sheet. */
    assert_int_equal(b.n_chart_files, 4);
    assert_int_equal(b.sheets[0].n_charts, 1);
    assert_int_equal(b.sheets[1].n_charts, 1);
    assert_int_equal(b.sheets[2].n_charts, 1);
    assert_int_equal(b.sheets[3].n_charts, 0);
    assert_int_equal(b.sheets[4].n_charts, 1);

    /* Every reference to the quoted sheet is quoted, apostrophe doubled. */
    struct node *refs[32];
    size_t nr = find_all(b.sheets[4].charts[0], "c:f", refs, 32, 0);
    assert_true(nr >= 5); /* name, categories, values, plus, minus */
    for (size_t i = 0; i < nr && i < 32; i++)
        assert_memory_equal(refs[i]->text, "'Residents'' views & <notes>'!", 30);
    double m2[] = {0.1, 0.05}, p2[] = {0.1, 0.05};
    struct node *eb2 = find(b.sheets[4].charts[0], "c:errBars");
    assert_non_null(eb2);
    check_error_side(&b.sheets[4], eb2, "c:minus", m2, 2);
    check_error_side(&b.sheets[4], eb2, "c:plus", p2, 2);

    /* Bars: the data as a three-line table, a horizontal bar chart of the
       values with custom error bars on hidden formula cells. */
    struct sheet *s = &b.sheets[0];
    const struct report_bars *rb = nth_block(d, REPORT_BLOCK_BARS, 0)->bars;
    struct report_table *t = report_table_new(rb->title, 4);
    assert_non_null(t);
    const char *heads[] = {"Value", "95% CI low", "95% CI high", "n"};
    for (size_t c = 0; c < 4; c++)
        report_table_set_column(t, c, heads[c]);
    double minus[3], plus[3];
    for (size_t i = 0; i < rb->n; i++) {
        const struct report_bar *bar = &rb->bars[i];
        report_table_add_row(t, bar->label);
        report_table_set_cell(t, i, 0, bar->value, REPORT_CELL_PERCENT);
        report_table_set_cell(t, i, 1, bar->ci_low, REPORT_CELL_PERCENT);
        report_table_set_cell(t, i, 2, bar->ci_high, REPORT_CELL_PERCENT);
        report_table_set_cell(t, i, 3, bar->n, REPORT_CELL_COUNT);
        minus[i] = bar->value - bar->ci_low;
        plus[i] = bar->ci_high - bar->value;
    }
    check_table(&b, s, t);
    report_table_free(t);
    struct node *bar = chart_kind(s->charts[0], "c:barChart");
    assert_non_null(bar);
    assert_string_equal(val_of(bar, "c:barDir"), "bar");
    assert_string_equal(val_of(bar, "c:grouping"), "clustered");
    struct node *sers[16];
    assert_int_equal(find_all(bar, "c:ser", sers, 16, 0), 1);
    struct node *pts[16];
    struct node *vals = find(sers[0], "c:val");
    assert_int_equal(find_all(vals, "c:pt", pts, 16, 0), 3);
    for (size_t i = 0; i < 3; i++)
        assert_close(strtod(find(pts[i], "c:v")->text, NULL), rb->bars[i].value, 1e-12);
    struct node *eb = find(bar, "c:errBars");
    assert_non_null(eb);
    assert_string_equal(val_of(eb, "c:errValType"), "cust");
    assert_string_equal(val_of(eb, "c:errBarType"), "both");
    assert_null(find(eb, "c:val"));
    check_error_side(s, eb, "c:minus", minus, 3);
    check_error_side(s, eb, "c:plus", plus, 3);
    /* Hidden cells are plotted (the error bars live there): plotVisOnly is
       absent (as XlsxWriter and libxlsxwriter write it) or false. */
    const char *vis = val_of(s->charts[0], "c:plotVisOnly");
    assert_true(!find(s->charts[0], "c:plotVisOnly") || (vis && !strcmp(vis, "0")));
    struct node *title = find(s->charts[0], "c:title");
    assert_non_null(title);
    assert_string_equal(find(title, "a:t")->text, rb->title);

    /* Likert: 100% stacked bars, one series per level, diverging colours. */
    s = &b.sheets[1];
    const struct report_likert *rl = nth_block(d, REPORT_BLOCK_LIKERT, 0)->likert;
    t = report_table_new(rl->title, 6);
    assert_non_null(t);
    for (size_t c = 0; c < 5; c++)
        report_table_set_column(t, c, rl->levels[c]);
    report_table_set_column(t, 5, "n");
    for (size_t i = 0; i < rl->n; i++) {
        report_table_add_row(t, rl->items[i].label);
        for (size_t c = 0; c < 5; c++)
            report_table_set_cell(t, i, c, rl->items[i].shares[c], REPORT_CELL_PERCENT);
        report_table_set_cell(t, i, 5, rl->items[i].n, REPORT_CELL_COUNT);
    }
    check_table(&b, s, t);
    report_table_free(t);
    bar = chart_kind(s->charts[0], "c:barChart");
    assert_non_null(bar);
    assert_string_equal(val_of(bar, "c:grouping"), "percentStacked");
    assert_string_equal(val_of(bar, "c:barDir"), "bar");
    assert_int_equal(find_all(bar, "c:ser", sers, 16, 0), 5);
    assert_string_equal(series_colour(sers[2]), "D9D9D9"); /* neutral */
    const char *lo = series_colour(sers[0]), *hi = series_colour(sers[4]);
    assert_true(lo[0] > hi[0]); /* red against blue */
    for (size_t k = 0; k < 5; k++) {
        struct node *name = find(find(sers[k], "c:tx"), "c:v");
        assert_string_equal(name->text, rl->levels[k]);
    }

    /* Trend: a line chart, one series per series, the waves as categories. */
    s = &b.sheets[2];
    const struct report_trend *rt = nth_block(d, REPORT_BLOCK_TREND, 0)->trend;
    t = report_table_new(rt->title, 3);
    assert_non_null(t);
    for (size_t c = 0; c < 3; c++)
        report_table_set_column(t, c, rt->waves[c]);
    for (size_t i = 0; i < rt->n; i++) {
        report_table_add_row(t, rt->series[i].label);
        for (size_t c = 0; c < 3; c++)
            report_table_set_cell(t, i, c, rt->series[i].values[c], REPORT_CELL_PERCENT);
    }
    check_table(&b, s, t);
    report_table_free(t);
    struct node *line = chart_kind(s->charts[0], "c:lineChart");
    assert_non_null(line);
    assert_null(chart_kind(s->charts[0], "c:barChart"));
    assert_int_equal(find_all(line, "c:ser", sers, 16, 0), 2);
    struct node *cat = find(sers[0], "c:cat");
    assert_int_equal(find_all(cat, "c:pt", pts, 16, 0), 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(find(pts[i], "c:v")->text, rt->waves[i]);
    check_no_vertical_rules(&b);

    book_close(&b);
    unlink(path);
    free(path);
    report_doc_free(d);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
