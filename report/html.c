/* html.c — the HTML backend: one self-contained page of three-line tables
 * and inline SVG charts.
 *
 * The page needs nothing from elsewhere — the CSS is inline, there is no
 * script, no font or image to fetch, and every chart is SVG written here —
 * so the file can be mailed, archived, printed on A4 or opened in a word
 * processor.  Tables are three-line tables (sanxianbiao) as journals ask for: a
 * thick rule above the header, a thin one under it, a thick one under the
 * last row and no other rule.  The rules are inline styles on the cells
 * rather than selectors, and the CSS stays simple (no grid, no flex), so
 * that a word processor importing the page (Word, WPS) has the least to
 * interpret.
 *
 * The charts are inline SVG drawn by html_charts.c.
 *
 * Every string from the caller is escaped (& < > " ') in text and in
 * attributes; numbers in SVG attributes are written with two decimals by
 * hand, never through the locale's decimal point.
 */
#include "report/report.h"
#include "report/report_internal.h"
#include "report/html_internal.h"
#include "report/messages.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ## Page */

#define SANS                                                                               \
    "\"Helvetica Neue\", Arial, \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", " \
    "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", sans-serif"
#define SERIF                                                                              \
    "\"Times New Roman\", Times, \"Songti SC\", STSong, SimSun, \"Noto Serif CJK SC\", "    \
    "\"Source Han Serif SC\", serif"

/* Three-line tables are not drawn here but by the cells' inline styles
   (RULE_*); this sheet sets type, spacing and print. */
static const char style[] =
    "@page { size: A4; margin: 20mm 18mm 20mm 18mm; }\n"
    "body { font-family: " SANS "; font-size: 11pt; line-height: 1.55; color: #111;\n"
    "  background: #fff; max-width: 190mm; margin: 0 auto; padding: 10mm 6mm; }\n"
    "h1 { font-size: 20pt; line-height: 1.3; margin: 0 0 12pt; }\n"
    "h2 { font-size: 15pt; line-height: 1.3; margin: 20pt 0 10pt; padding-bottom: 3pt;\n"
    "  border-bottom: 0.75pt solid #888; }\n"
    "h3 { font-size: 12.5pt; margin: 14pt 0 8pt; }\n"
    "nav.toc ol { margin: 0 0 12pt; padding-left: 2em; }\n"
    "nav.toc a { color: #111; text-decoration: none; }\n"
    "ul.findings { padding-left: 1.4em; }\n"
    "ul.findings li { margin: 3pt 0; }\n"
    "div.tbl { display: table; margin: 12pt auto 18pt; break-inside: avoid;\n"
    "  page-break-inside: avoid; }\n"
    "table.three-line { border-collapse: collapse; border-spacing: 0; margin: 0;\n"
    "  font-family: " SERIF "; font-size: 10.5pt; line-height: 1.35; }\n"
    "table.three-line caption { caption-side: top; font-weight: bold; text-align: center;\n"
    "  padding: 0 0 5pt; }\n"
    "table.three-line th, table.three-line td { border: none; padding: 2.5pt 7pt;\n"
    "  text-align: left; vertical-align: top; font-weight: normal; }\n"
    "table.three-line thead th { font-weight: bold; vertical-align: bottom; }\n"
    "table.three-line .num { text-align: right; white-space: nowrap; }\n"
    "table.three-line th.group { font-weight: bold; padding-top: 5pt; }\n"
    "table.three-line th.in { padding-left: 2em; }\n"
    "p.note { display: table-caption; caption-side: bottom; font-family: " SERIF ";\n"
    "  font-size: 9pt; line-height: 1.45; margin: 5pt 0 0; color: #333; }\n"
    "figure.chart { margin: 14pt 0 20pt; break-inside: avoid; page-break-inside: avoid; }\n"
    "figure.chart svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }\n"
    "figure.chart svg text { font-family: " SANS "; }\n"
    "figure.chart figcaption { text-align: center; font-weight: bold; font-size: 10.5pt;\n"
    "  margin-top: 4pt; }\n"
    "@media print {\n"
    "  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }\n"
    "  section { break-before: page; page-break-before: always; }\n"
    "  h2, h3, caption { break-after: avoid; page-break-after: avoid; }\n"
    "  tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "  table.three-line th, table.three-line td { padding-top: 1.5pt; padding-bottom: 1.5pt; }\n"
    "  thead { display: table-header-group; }\n"
    "}\n";

/* The rules of a three-line table: a thick one above the header and under
   the last row, a thin one under the header. */
#define RULE_THICK "1.5pt solid #000"
#define RULE_THIN "0.75pt solid #000"

/* ## Tables */

/* Whether data column C is right-aligned: it holds a number (as in the text
   table, a column is numeric if any of its cells is). */
static int numeric_column(const struct report_table *t, size_t c)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (!t->rows[r].is_group && t->rows[r].cells[c].cls != REPORT_CELL_EMPTY &&
            t->rows[r].cells[c].cls != REPORT_CELL_TEXT)
            return 1;
    return 0;
}

/* Open a cell: TAG with CLASS (NULL: none) and, for the header row and the
   last row, the rules above and below. */
static void cell_open(FILE *out, const char *tag, const char *cls, const char *extra,
                      int header, int last)
{
    fprintf(out, "<%s", tag);
    if (cls)
        fprintf(out, " class=\"%s\"", cls);
    if (extra)
        fputs(extra, out);
    if (header || last)
        fprintf(out, " style=\"%sborder-bottom:%s\"", header ? "border-top:" RULE_THICK ";" : "",
                last ? RULE_THICK : RULE_THIN);
    fputs(">", out);
}

static int table_html(const struct report_table *t, FILE *out)
{
    int *num = calloc(t->ncols + 1, sizeof *num);
    if (!num)
        return -1;
    for (size_t c = 0; c < t->ncols; c++)
        num[c] = numeric_column(t, c);

    fputs("<div class=\"tbl\">\n<table class=\"three-line\">\n", out);
    if (t->title) {
        fputs("<caption>", out);
        esc(out, t->title);
        fputs("</caption>\n", out);
    }
    /* A table without rows has its bottom rule under the header. */
    int header_last = t->nrows == 0;
    fputs("<thead><tr>", out);
    cell_open(out, "th", NULL, " scope=\"col\"", 1, header_last);
    esc(out, t->stub);
    fputs("</th>", out);
    for (size_t c = 0; c < t->ncols; c++) {
        cell_open(out, "th", num[c] ? "num" : NULL, " scope=\"col\"", 1, header_last);
        esc(out, t->columns[c]);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n", out);

    if (t->nrows)
        fputs("<tbody>\n", out);
    int in_group = 0;
    char span[48], buf[REPORT_NUMBER_SIZE];
    snprintf(span, sizeof span, " colspan=\"%zu\"", t->ncols + 1);
    for (size_t r = 0; r < t->nrows; r++) {
        const struct report_row *row = &t->rows[r];
        int last = r + 1 == t->nrows;
        fputs("<tr>", out);
        if (row->is_group) {
            in_group = 1;
            cell_open(out, "th", "group", span, 0, last);
            esc(out, row->label);
            fputs("</th></tr>\n", out);
            continue;
        }
        cell_open(out, "th", in_group ? "in" : NULL, " scope=\"row\"", 0, last);
        esc(out, row->label);
        fputs("</th>", out);
        for (size_t c = 0; c < t->ncols; c++) {
            const struct report_cell *cell = &row->cells[c];
            cell_open(out, "td", num[c] ? "num" : NULL, NULL, 0, last);
            if (cell->cls == REPORT_CELL_TEXT)
                esc(out, cell->text);
            else
                esc(out, report_number_format(buf, sizeof buf, cell->value, cell->cls, 0));
            if (cell->cls != REPORT_CELL_TEXT && *rp_mark_glyph(cell->mark, 0)) {
                fputs("\u00a0", out);
                esc(out, rp_mark_glyph(cell->mark, 0));
            }
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    if (t->nrows)
        fputs("</tbody>\n", out);
    fputs("</table>\n", out);
    if (t->note) {
        fputs("<p class=\"note\">", out);
        esc(out, t->note);
        fputs("</p>\n", out);
    }
    fputs("</div>\n", out);
    free(num);
    return 0;
}

/* ## Headings and lists */

static void heading_html(FILE *out, const char *title, int level)
{
    const char *tag = level <= 1 ? "h2" : "h3";
    fprintf(out, "<%s>", tag);
    esc(out, title);
    fprintf(out, "</%s>\n", tag);
}

static void list_html(FILE *out, const char *const *items, size_t n)
{
    if (!n)
        return;
    fputs("<ul class=\"findings\">\n", out);
    for (size_t i = 0; i < n; i++) {
        fputs("<li>", out);
        esc(out, items[i]);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

/* ## The blocks, one at a time (report_*_render with format HTML) */

int rp_html_table(const struct report_table *t, FILE *out)
{
    return table_html(t, out) < 0 ? -1 : rp_finish(out);
}

int rp_html_heading(const char *title, int level, FILE *out)
{
    heading_html(out, title, level);
    return rp_finish(out);
}

int rp_html_list(const char *const *items, size_t n, FILE *out)
{
    list_html(out, items, n);
    return rp_finish(out);
}

/* ## The document */

/* An id for every section: its key when that is a plain name (letters,
   digits, '-', '_', starting with a letter) not taken by an earlier
   section, else "section-N".  NULL when out of memory. */
static char **section_ids(const struct report_doc *d)
{
    char **ids = calloc(d->n_sections + 1, sizeof *ids);
    for (size_t i = 0; ids && i < d->n_sections; i++) {
        const char *key = d->sections[i].key ? d->sections[i].key : "";
        int plain = (key[0] >= 'a' && key[0] <= 'z') || (key[0] >= 'A' && key[0] <= 'Z');
        for (const char *p = key; plain && *p; p++)
            plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
                           *p) != NULL;
        for (size_t j = 0; plain && j < i; j++)
            plain = strcmp(ids[j], key) != 0;
        ids[i] = plain ? strdup(key) : rp_format("section-%zu", i + 1);
        if (!ids[i]) {
            for (size_t j = 0; j < i; j++)
                free(ids[j]);
            free(ids);
            return NULL;
        }
    }
    return ids;
}

static int block_html(const struct report_block *b, FILE *out)
{
    switch (b->kind) {
    case REPORT_BLOCK_HEADING:
        heading_html(out, b->text, b->level);
        return 0;
    case REPORT_BLOCK_LIST:
        list_html(out, (const char *const *)b->items, b->n_items);
        return 0;
    case REPORT_BLOCK_TABLE:
        return table_html(b->table, out);
    case REPORT_BLOCK_BARS:
        return rp_html_bars(b->bars, out);
    case REPORT_BLOCK_LIKERT:
        return rp_html_likert(b->likert, out);
    case REPORT_BLOCK_TREND:
        return rp_html_trend(b->trend, out);
    }
    return -1;
}

int rp_html_render(const struct report_doc *d, const struct report_options *o, FILE *out)
{
    (void)o;
    int zh = d->lang && !strncmp(d->lang, "zh", 2);
    char **ids = section_ids(d);
    if (!ids)
        return -1;

    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            zh ? "zh-CN" : "en");
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"canyu\">\n<title>", out);
    esc(out, d->title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", style);
    esc(out, d->title);
    fputs("</h1>\n", out);

    /* The table of contents: every section with a title. */
    size_t titled = 0;
    for (size_t i = 0; i < d->n_sections; i++)
        titled += d->sections[i].title != NULL;
    if (titled) {
        fprintf(out, "<nav class=\"toc\">\n<h2>%s</h2>\n<ol>\n", rp_msg_text(rp_msg_lang(zh), M_CONTENTS));
        for (size_t i = 0; i < d->n_sections; i++) {
            if (!d->sections[i].title)
                continue;
            fprintf(out, "<li><a href=\"#%s\">", ids[i]);
            esc(out, d->sections[i].title);
            fputs("</a></li>\n", out);
        }
        fputs("</ol>\n</nav>\n", out);
    }
    fputs("</header>\n", out);

    int rc = 0;
    size_t b = 0;
    for (size_t i = 0; i < d->n_sections && rc == 0; i++) {
        fprintf(out, "<section id=\"%s\">\n", ids[i]);
        for (; b < d->n_blocks && d->blocks[b].section == i && rc == 0; b++)
            rc = block_html(&d->blocks[b], out);
        fputs("</section>\n", out);
    }
    fputs("</body>\n</html>\n", out);
    for (size_t i = 0; i < d->n_sections; i++)
        free(ids[i]);
    free(ids);
    return rc < 0 ? -1 : rp_finish(out);
}
