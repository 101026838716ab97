/* test_xlsx_out.h — what the tests of the Excel backend (test_xlsx_out.c,
 * test_xlsx_charts.c) share: a small DOM over expat, the workbook read back
 * from its zip, rendering a document to a file and the document built by
 * hand.  Include after <cmocka.h>.
 */
#ifndef CANYU_TESTS_TEST_XLSX_OUT_H
#define CANYU_TESTS_TEST_XLSX_OUT_H

#include "report/report.h"

#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* ## Helpers */

static void assert_close(double got, double want, double rel)
{
    double tol = rel * fmax(fabs(want), 1e-300);
    if (!(fabs(got - want) <= tol)) {
        print_error("got %.17g, want %.17g (rel %g)\n", got, want, rel);
        fail();
    }
}

static char *xstrdup(const char *s)
{
    char *c = strdup(s ? s : "");
    assert_non_null(c);
    return c;
}

/* ## A small DOM over expat */

struct node {
    char *name;
    char **attr; /* key, value, ..., NULL */
    char *text;
    size_t text_len;
    struct node **kids;
    size_t n, cap;
    struct node *parent;
};

struct parse {
    struct node *root, *cur;
};

static void on_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
    struct parse *p = ud;
    struct node *n = calloc(1, sizeof *n);
    assert_non_null(n);
    n->name = xstrdup(name);
    size_t k = 0;
    while (attr[k])
        k++;
    n->attr = calloc(k + 1, sizeof *n->attr);
    assert_non_null(n->attr);
    for (size_t i = 0; i < k; i++)
        n->attr[i] = xstrdup(attr[i]);
    n->text = xstrdup("");
    n->parent = p->cur;
    if (!p->cur) {
        p->root = n;
    } else {
        struct node *c = p->cur;
        if (c->n == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 8;
            c->kids = realloc(c->kids, c->cap * sizeof *c->kids);
            assert_non_null(c->kids);
        }
        c->kids[c->n++] = n;
    }
    p->cur = n;
}

static void on_end(void *ud, const XML_Char *name)
{
    (void)name;
    struct parse *p = ud;
    p->cur = p->cur->parent;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    struct parse *p = ud;
    if (!p->cur)
        return;
    struct node *n = p->cur;
    n->text = realloc(n->text, n->text_len + (size_t)len + 1);
    assert_non_null(n->text);
    memcpy(n->text + n->text_len, s, (size_t)len);
    n->text_len += (size_t)len;
    n->text[n->text_len] = '\0';
}

/* Parse XML (which must be well-formed). */
static struct node *parse_xml(const char *xml, size_t len)
{
    XML_Parser x = XML_ParserCreate("UTF-8");
    assert_non_null(x);
    struct parse p = {0};
    XML_SetUserData(x, &p);
    XML_SetElementHandler(x, on_start, on_end);
    XML_SetCharacterDataHandler(x, on_text);
    if (XML_Parse(x, xml, (int)len, 1) != XML_STATUS_OK) {
        print_error("XML error: %s at line %lu\n", XML_ErrorString(XML_GetErrorCode(x)),
                    (unsigned long)XML_GetCurrentLineNumber(x));
        fail();
    }
    XML_ParserFree(x);
    assert_non_null(p.root);
    return p.root;
}

static void node_free(struct node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        node_free(n->kids[i]);
    for (size_t i = 0; n->attr[i]; i++)
        free(n->attr[i]);
    free(n->attr);
    free(n->kids);
    free(n->text);
    free(n->name);
    free(n);
}

static const char *attr(const struct node *n, const char *key)
{
    for (size_t i = 0; n->attr[i]; i += 2)
        if (!strcmp(n->attr[i], key))
            return n->attr[i + 1];
    return NULL;
}

/* The first element named NAME at or under N (depth first), or NULL. */
static struct node *find(struct node *n, const char *name)
{
    if (!strcmp(n->name, name))
        return n;
    for (size_t i = 0; i < n->n; i++) {
        struct node *f = find(n->kids[i], name);
        if (f)
            return f;
    }
    return NULL;
}

/* Every element named NAME under N, into OUT (up to MAX).  Returns the count. */
static size_t find_all(struct node *n, const char *name, struct node **out, size_t max,
                       size_t got)
{
    if (!strcmp(n->name, name)) {
        if (got < max)
            out[got] = n;
        got++;
    }
    for (size_t i = 0; i < n->n; i++)
        got = find_all(n->kids[i], name, out, max, got);
    return got;
}

/* The direct children of N named NAME, in order. */
static size_t children(struct node *n, const char *name, struct node **out, size_t max)
{
    size_t got = 0;
    for (size_t i = 0; i < n->n; i++)
        if (!strcmp(n->kids[i]->name, name)) {
            if (got < max)
                out[got] = n->kids[i];
            got++;
        }
    return got;
}

/* ## The workbook, read back */

#define MAX_ITEMS 4096

struct cell {
    unsigned row, col; /* 0-based */
    int style;
    int is_string, is_number, has_formula;
    double num;
    const char *str; /* shared string or formula text */
};

struct sheet {
    char *name;
    struct node *xml;
    struct cell *cells;
    size_t n;
    struct node *charts[16]; /* the charts drawn on this sheet */
    size_t n_charts;
};

struct book {
    zip_t *za;
    struct sheet sheets[32];
    size_t n_sheets;
    struct node *sst, *styles, *core, *workbook;
    struct node *strings[MAX_ITEMS];
    size_t n_strings;
    struct node *xfs[MAX_ITEMS];
    size_t n_xfs;
    struct node *borders[256];
    size_t n_borders;
    struct node *fonts[256];
    size_t n_fonts;
    struct node *chart_roots[64]; /* to free */
    size_t n_chart_roots;
    size_t n_chart_files;
};

static char *zip_text(zip_t *za, const char *name, size_t *len)
{
    zip_stat_t st;
    if (zip_stat(za, name, 0, &st) < 0)
        return NULL;
    char *buf = malloc(st.size + 1);
    assert_non_null(buf);
    zip_file_t *f = zip_fopen(za, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    buf[st.size] = '\0';
    *len = st.size;
    return buf;
}

static struct node *zip_xml(zip_t *za, const char *name)
{
    size_t len = 0;
    char *text = zip_text(za, name, &len);
    if (!text) {
        print_error("%s: not in the workbook\n", name);
        fail();
    }
    struct node *n = parse_xml(text, len);
    free(text);
    return n;
}

/* The target of relationship ID in the .rels file RELS, resolved against
   the folder DIR ("xl/"): "../charts/chart1.xml" from xl/drawings/ gives
   "xl/charts/chart1.xml".  The caller frees it; NULL when there is none. */
static char *rel_target(zip_t *za, const char *rels, const char *id, const char *dir,
                        size_t nth)
{
    zip_stat_t st;
    if (zip_stat(za, rels, 0, &st) < 0)
        return NULL;
    struct node *r = zip_xml(za, rels);
    struct node *all[64];
    size_t n = find_all(r, "Relationship", all, 64, 0);
    char *out = NULL;
    size_t seen = 0;
    for (size_t i = 0; i < n && i < 64 && !out; i++) {
        if (id && strcmp(attr(all[i], "Id"), id))
            continue;
        if (!id && seen++ != nth)
            continue;
        const char *t = attr(all[i], "Target");
        char buf[512];
        if (!strncmp(t, "../", 3))
            snprintf(buf, sizeof buf, "xl/%s", t + 3);
        else
            snprintf(buf, sizeof buf, "%s%s", dir, t);
        out = xstrdup(buf);
    }
    node_free(r);
    return out;
}

static void parse_ref(const char *ref, unsigned *row, unsigned *col)
{
    unsigned c = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z'; p++)
        c = c * 26 + (unsigned)(*p - 'A' + 1);
    *col = c - 1;
    *row = (unsigned)atoi(p) - 1;
}

static void load_sheet(struct book *b, struct sheet *s, const char *path)
{
    s->xml = zip_xml(b->za, path);
    static struct node *cs[MAX_ITEMS];
    size_t n = find_all(s->xml, "c", cs, MAX_ITEMS, 0);
    assert_true(n <= MAX_ITEMS);
    s->cells = calloc(n ? n : 1, sizeof *s->cells);
    assert_non_null(s->cells);
    for (size_t i = 0; i < n; i++) {
        struct cell *c = &s->cells[s->n++];
        parse_ref(attr(cs[i], "r"), &c->row, &c->col);
        const char *st = attr(cs[i], "s");
        c->style = st ? atoi(st) : 0;
        const char *t = attr(cs[i], "t");
        struct node *v = find(cs[i], "v"), *f = find(cs[i], "f");
        c->has_formula = f != NULL;
        if (f)
            c->str = f->text;
        if (t && !strcmp(t, "s")) {
            assert_non_null(v);
            size_t k = (size_t)atoi(v->text);
            assert_true(k < b->n_strings);
            struct node *tn = find(b->strings[k], "t");
            c->str = tn ? tn->text : "";
            c->is_string = 1;
        } else if ((!t || !strcmp(t, "n")) && v) {
            c->is_number = 1;
            c->num = strtod(v->text, NULL);
        }
    }
    /* Its charts: sheet rels -> drawing -> drawing rels -> charts. */
    const char *slash = strrchr(path, '/');
    char rels[512];
    snprintf(rels, sizeof rels, "xl/worksheets/_rels/%s.rels", slash + 1);
    char *drawing = rel_target(b->za, rels, NULL, "xl/worksheets/", 0);
    if (!drawing)
        return;
    slash = strrchr(drawing, '/');
    snprintf(rels, sizeof rels, "xl/drawings/_rels/%s.rels", slash + 1);
    for (size_t k = 0;; k++) {
        char *chart = rel_target(b->za, rels, NULL, "xl/drawings/", k);
        if (!chart)
            break;
        assert_true(s->n_charts < 16);
        s->charts[s->n_charts++] = b->chart_roots[b->n_chart_roots++] = zip_xml(b->za, chart);
        free(chart);
    }
    free(drawing);
}

static void book_open(struct book *b, const char *path)
{
    memset(b, 0, sizeof *b);
    int err;
    b->za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (!b->za) {
        print_error("%s: not a zip file (libzip error %d)\n", path, err);
        fail();
    }
    zip_stat_t st;
    if (zip_stat(b->za, "xl/sharedStrings.xml", 0, &st) == 0) {
        b->sst = zip_xml(b->za, "xl/sharedStrings.xml");
        b->n_strings = children(b->sst, "si", b->strings, MAX_ITEMS);
    }
    b->styles = zip_xml(b->za, "xl/styles.xml");
    b->n_xfs = children(find(b->styles, "cellXfs"), "xf", b->xfs, MAX_ITEMS);
    b->n_borders = children(find(b->styles, "borders"), "border", b->borders, 256);
    b->n_fonts = children(find(b->styles, "fonts"), "font", b->fonts, 256);
    b->core = zip_xml(b->za, "docProps/core.xml");
    b->workbook = zip_xml(b->za, "xl/workbook.xml");
    struct node *sheets[32];
    b->n_sheets = find_all(b->workbook, "sheet", sheets, 32, 0);
    for (size_t i = 0; i < b->n_sheets; i++) {
        struct sheet *s = &b->sheets[i];
        s->name = xstrdup(attr(sheets[i], "name"));
        char *path2 = rel_target(b->za, "xl/_rels/workbook.xml.rels", attr(sheets[i], "r:id"),
                                 "xl/", 0);
        assert_non_null(path2);
        load_sheet(b, s, path2);
        free(path2);
    }
    zip_int64_t n = zip_get_num_entries(b->za, 0);
    for (zip_int64_t i = 0; i < n; i++)
        if (!strncmp(zip_get_name(b->za, (zip_uint64_t)i, 0), "xl/charts/chart", 15))
            b->n_chart_files++;
}

static void book_close(struct book *b)
{
    for (size_t i = 0; i < b->n_sheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].cells);
        node_free(b->sheets[i].xml);
    }
    for (size_t i = 0; i < b->n_chart_roots; i++)
        node_free(b->chart_roots[i]);
    node_free(b->sst);
    node_free(b->styles);
    node_free(b->core);
    node_free(b->workbook);
    zip_discard(b->za);
}

static const struct cell *cell_at(const struct sheet *s, unsigned row, unsigned col)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->cells[i].row == row && s->cells[i].col == col)
            return &s->cells[i];
    return NULL;
}

/* The row of the string cell TEXT in column A. */
static unsigned row_of(const struct sheet *s, const char *text)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->cells[i].col == 0 && s->cells[i].is_string && !strcmp(s->cells[i].str, text))
            return s->cells[i].row;
    print_error("sheet %s: no \"%s\" in column A\n", s->name, text);
    fail();
    return 0;
}

static struct node *xf_of(const struct book *b, const struct cell *c)
{
    int k = c ? c->style : 0;
    assert_true(k >= 0 && (size_t)k < b->n_xfs);
    return b->xfs[k];
}

/* The number format code of cell C's style. */
static const char *num_format(const struct book *b, const struct cell *c)
{
    int id = atoi(attr(xf_of(b, c), "numFmtId"));
    static const struct {
        int id;
        const char *code;
    } builtin[] = {{0, "General"}, {1, "0"}, {2, "0.00"}, {9, "0%"}, {10, "0.00%"}};
    for (size_t i = 0; i < sizeof builtin / sizeof *builtin; i++)
        if (builtin[i].id == id)
            return builtin[i].code;
    struct node *fmts[256];
    struct node *nf = find(b->styles, "numFmts");
    size_t n = nf ? children(nf, "numFmt", fmts, 256) : 0;
    for (size_t i = 0; i < n; i++)
        if (atoi(attr(fmts[i], "numFmtId")) == id)
            return attr(fmts[i], "formatCode");
    return "?";
}

/* The style attribute of side SIDE ("top", "left", ...) of cell C's border,
   "" for none. */
static const char *border_side(const struct book *b, const struct cell *c, const char *side)
{
    int id = atoi(attr(xf_of(b, c), "borderId"));
    assert_true(id >= 0 && (size_t)id < b->n_borders);
    struct node *sides[8];
    size_t n = children(b->borders[id], side, sides, 8);
    const char *st = n ? attr(sides[0], "style") : NULL;
    return st ? st : "";
}

static int font_has(const struct book *b, const struct cell *c, const char *what)
{
    int id = atoi(attr(xf_of(b, c), "fontId"));
    assert_true(id >= 0 && (size_t)id < b->n_fonts);
    struct node *k[2];
    return children(b->fonts[id], what, k, 2) > 0;
}

static int indent_of(const struct book *b, const struct cell *c)
{
    struct node *al[2];
    if (!children(xf_of(b, c), "alignment", al, 2))
        return 0;
    const char *in = attr(al[0], "indent");
    return in ? atoi(in) : 0;
}

/* ## Rendering */

/* Render D as xlsx into a new temporary file; returns its name (freed by
   the caller, who removes the file). */
static char *render_file(const struct report_doc *d)
{
    char *path = xstrdup("/tmp/canyu-test-xlsx-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    struct report_options o = {.format = REPORT_FORMAT_XLSX};
    assert_int_equal(report_doc_render(d, &o, f), 0);
    assert_int_equal(fclose(f), 0);
    return path;
}

static const char *expected_format(enum report_cell_class cls)
{
    switch (cls) {
    case REPORT_CELL_COUNT: return "0";
    case REPORT_CELL_PERCENT: return "0.0%";
    case REPORT_CELL_PERCENT_CHANGE: return "+0.0%;-0.0%;0.0%";
    case REPORT_CELL_MEAN: return "0.00";
    case REPORT_CELL_MEAN_CHANGE: return "+0.00;-0.00;0.00";
    case REPORT_CELL_STAT: return "0.000";
    case REPORT_CELL_PVALUE: return "[<0.001]\"<0.001\";0.000";
    case REPORT_CELL_RATIO: return "0.00";
    default: return "";
    }
}

/* Table T (titled) on sheet S: every cell where it belongs, as what it is,
   and the three rules. */
static void check_table(struct book *b, const struct sheet *s, const struct report_table *t)
{
    unsigned top = row_of(s, t->title), head = top + 1;
    unsigned width = (unsigned)t->ncols + 1;
    /* The title in bold. */
    assert_true(font_has(b, cell_at(s, top, 0), "b"));
    int groups = 0;
    for (size_t r = 0; r < t->nrows; r++)
        groups |= t->rows[r].is_group;
    for (unsigned c = 0; c < width; c++) {
        const struct cell *h = cell_at(s, head, c);
        assert_non_null(h);
        assert_string_equal(border_side(b, h, "top"), "medium");
        assert_string_equal(border_side(b, h, "bottom"), t->nrows ? "thin" : "medium");
        const char *want = c == 0 ? t->stub : t->columns[c - 1];
        if (want && *want) {
            assert_true(h->is_string);
            assert_string_equal(h->str, want);
        }
    }
    for (size_t r = 0; r < t->nrows; r++) {
        const struct report_row *row = &t->rows[r];
        unsigned y = head + 1 + (unsigned)r;
        const struct cell *label = cell_at(s, y, 0);
        assert_non_null(label);
        assert_string_equal(label->str, row->label);
        if (row->is_group) {
            assert_true(font_has(b, label, "b"));
            assert_true(font_has(b, label, "i"));
        } else {
            assert_int_equal(indent_of(b, label), groups ? 1 : 0);
        }
        for (unsigned c = 0; c < width; c++) {
            const struct cell *k = cell_at(s, y, c);
            /* The last rule under the last row, nothing under the others. */
            assert_string_equal(k ? border_side(b, k, "bottom") : "",
                                r + 1 == t->nrows ? "medium" : "");
            assert_string_equal(k ? border_side(b, k, "top") : "", "");
            if (c == 0 || row->is_group)
                continue;
            const struct report_cell *want = &row->cells[c - 1];
            if (want->cls == REPORT_CELL_TEXT) {
                assert_non_null(k);
                assert_true(k->is_string);
                assert_string_equal(k->str, want->text);
            } else if (want->cls == REPORT_CELL_EMPTY || !isfinite(want->value)) {
                assert_true(!k || (!k->is_number && !k->is_string));
            } else {
                assert_non_null(k);
                assert_true(k->is_number);
                assert_false(k->has_formula);
                assert_close(k->num, want->value, 1e-12);
                assert_string_equal(num_format(b, k), expected_format(want->cls));
            }
        }
    }
}

/* No cell anywhere in B has a left or right border. */
static void check_no_vertical_rules(struct book *b)
{
    for (size_t i = 0; i < b->n_sheets; i++)
        for (size_t k = 0; k < b->sheets[i].n; k++) {
            const struct cell *c = &b->sheets[i].cells[k];
            assert_string_equal(border_side(b, c, "left"), "");
            assert_string_equal(border_side(b, c, "right"), "");
        }
}

static struct node *chart_kind(struct node *chart, const char *kind)
{
    return find(chart, kind);
}

/* ## A document built by hand */

#define LONG_ZH "满意度与信任：各题项的回答分布以及按年龄组和社区的比较结果汇总表"

static struct report_doc *hand_doc(void)
{
    struct report_doc *d = report_doc_new("Boli & Co. <2024> survey", "en");
    assert_non_null(d);
    assert_int_equal(report_doc_section(d, "first"), 0);
    assert_int_equal(report_doc_heading(d, "Results [1/2]: *draft*?", 1), 0);
    const char *items[] = {"A first finding, long enough to wrap over more than one line when "
                           "the column is narrow: 参与率随年龄组差异显著。",
                           "A second one."};
    assert_int_equal(report_doc_list(d, items, 2), 0);

    struct report_table *t = report_table_new("Rates by group", 4);
    assert_non_null(t);
    report_table_set_stub(t, "Group");
    report_table_set_column(t, 0, "n");
    report_table_set_column(t, 1, "Rate");
    report_table_set_column(t, 2, "p");
    report_table_set_column(t, 3, "Statistic with a rather long header");
    report_table_add_row(t, "All respondents");
    report_table_set_cell(t, 0, 0, 1190, REPORT_CELL_COUNT);
    report_table_set_cell(t, 0, 1, 0.69747899159663862, REPORT_CELL_PERCENT);
    report_table_set_cell(t, 0, 2, 0.00012345678901234, REPORT_CELL_PVALUE);
    report_table_set_cell(t, 0, 3, -12.3456789012345678, REPORT_CELL_STAT);
    report_table_add_group(t, "Community");
    report_table_add_row(t, "长安社区（城关镇）");
    report_table_set_cell(t, 2, 0, 138, REPORT_CELL_COUNT);
    report_table_set_cell(t, 2, 1, NAN, REPORT_CELL_PERCENT);
    report_table_set_cell(t, 2, 2, 0.0423, REPORT_CELL_PVALUE);
    report_table_set_text(t, 2, 3, "58.75–60.85");
    report_table_add_row(t, "南城社区");
    report_table_set_cell(t, 3, 0, 90, REPORT_CELL_COUNT);
    report_table_set_cell(t, 3, 1, 1.0 / 3.0, REPORT_CELL_PERCENT);
    report_table_set_cell(t, 3, 3, 1e-7, REPORT_CELL_STAT);
    report_table_set_note(t, "Shares are of respondents with a known value; p from the "
                             "chi-square test.");
    assert_int_equal(report_doc_table(d, t), 0);

    struct report_table *u = report_table_new("Changes", 4);
    assert_non_null(u);
    report_table_set_column(u, 0, "Mean");
    report_table_set_column(u, 1, "Change");
    report_table_set_column(u, 2, "Points");
    report_table_set_column(u, 3, "OR");
    report_table_add_row(u, "services");
    report_table_set_cell(u, 0, 0, 3.4567, REPORT_CELL_MEAN);
    report_table_set_cell(u, 0, 1, -0.25, REPORT_CELL_MEAN_CHANGE);
    report_table_set_cell(u, 0, 2, 0.032, REPORT_CELL_PERCENT_CHANGE);
    report_table_set_cell(u, 0, 3, 8.3702, REPORT_CELL_RATIO);
    assert_int_equal(report_doc_table(d, u), 0);

    struct report_bars *bars = report_bars_new("Rate by age group (95% CI)", REPORT_CELL_PERCENT);
    assert_non_null(bars);
    report_bars_add(bars, "18-29", 0.4175824175824176, 0.32161298120760784, 0.5202283381213286,
                    91);
    report_bars_add(bars, "30-39", 0.5175438596491229, NAN, NAN, 114);
    report_bars_add(bars, "70+", 0.8709677419354839, 0.826537341437104, 0.9047, NAN);
    assert_int_equal(report_doc_bars(d, bars), 0);

    assert_int_equal(report_doc_section(d, "second"), 0);
    assert_int_equal(report_doc_heading(d, LONG_ZH, 1), 0);
    const char *levels[] = {"很不满意", "不满意", "一般", "满意", "很满意"};
    struct report_likert *l = report_likert_new("回答分布", 5, levels);
    assert_non_null(l);
    double s1[] = {0.084, 0.1, 0.2, 0.4, 0.216}, s2[] = {0.01, 0.02, 0.3, 0.37, 0.3};
    report_likert_add(l, "环境卫生", s1, 1160);
    report_likert_add(l, "社会治安", s2, 1162);
    assert_int_equal(report_doc_likert(d, l), 0);

    /* The same title again: the sheet's name must differ. */
    assert_int_equal(report_doc_section(d, "third"), 0);
    assert_int_equal(report_doc_heading(d, "Results [1/2]: *draft*?", 1), 0);
    const char *waves[] = {"2021", "2022", "2023"};
    struct report_trend *tr = report_trend_new("Trend", REPORT_CELL_PERCENT, 3, waves);
    assert_non_null(tr);
    double v1[] = {0.793, 0.828, 0.843}, v2[] = {0.508, NAN, 0.492};
    report_trend_add(tr, "All", v1);
    report_trend_add(tr, "18-29", v2);
    assert_int_equal(report_doc_trend(d, tr), 0);

    /* A section without a heading is named after its key. */
    assert_int_equal(report_doc_section(d, "methods"), 0);
    assert_int_equal(report_doc_list(d, items + 1, 1), 0);

    /* A name that formulas must quote, and XML escape. */
    assert_int_equal(report_doc_section(d, "quoted"), 0);
    assert_int_equal(report_doc_heading(d, "Residents' views & <notes>", 1), 0);
    bars = report_bars_new("Shares", REPORT_CELL_PERCENT);
    assert_non_null(bars);
    report_bars_add(bars, "a", 0.5, 0.4, 0.6, 10);
    report_bars_add(bars, "b", 0.25, 0.2, 0.3, 20);
    assert_int_equal(report_doc_bars(d, bars), 0);
    return d;
}

static const struct report_block *nth_block(const struct report_doc *d,
                                            enum report_block_kind kind, size_t nth)
{
    for (size_t i = 0; i < d->n_blocks; i++)
        if (d->blocks[i].kind == kind && nth-- == 0)
            return &d->blocks[i];
    fail();
    return NULL;
}

#endif
