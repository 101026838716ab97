/* test_html.c — the HTML backend: a document built by hand (a heading, a
 * list, a table with a group header and a p-value, one chart of each kind,
 * labels holding < & " ' > and Chinese) renders as one well-formed,
 * self-contained page (a small tag checker below, no browser or xmllint):
 * no script, nothing fetched, one <svg> per chart, every label escaped,
 * three-line table rules and no others, A4 print CSS, section ids and a
 * table of contents; coordinates in the C locale's notation; the charts'
 * numbers as the text charts print them; block fragments alone; a write
 * error is an error.  Everything renders into memory (open_memstream).
 */
#include "report/report.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ## Helpers */

/* A label that needs every escape, with Chinese around it. */
#define NASTY "社区<&\"'>甲"
#define NASTY_ESCAPED "社区&lt;&amp;&quot;&#39;&gt;甲"

static char *render(const struct report_doc *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    struct report_options o = {.format = REPORT_FORMAT_HTML};
    assert_int_equal(report_doc_render(d, &o, f), 0);
    assert_int_equal(fclose(f), 0);
    return text;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* Elements that have no closing tag. */
static int is_void(const char *name, size_t len)
{
    static const char *const voids[] = {"meta", "br", "hr", "img", "link", "input"};
    for (size_t i = 0; i < sizeof voids / sizeof voids[0]; i++)
        if (strlen(voids[i]) == len && !strncmp(voids[i], name, len))
            return 1;
    return 0;
}

/* Nonzero: well_formed() says nothing about what it rejects (the checks
   of the checker itself). */
static int quiet;

/* Say why a page is rejected; returns 0. */
static int reject(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static int reject(const char *fmt, ...)
{
    if (!quiet) {
        va_list ap;
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
    }
    return 0;
}

/* Whether HTML is well formed as this backend writes it: a doctype, then
   elements that nest and close (void elements and "/>" aside), attribute
   values in double quotes, and text in which '<' only opens a tag, '>' does
   not appear and '&' only starts a character reference.  On failure prints
   where (unless QUIET) and returns 0. */
static int well_formed(const char *html)
{
    const char *stack[256];
    size_t len[256], depth = 0;
    const char *p = html;
    if (strncmp(p, "<!DOCTYPE html>\n", 16))
        return reject("no doctype\n");
    p += 16;
    while (*p) {
        if (*p == '&') {
            static const char *const refs[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
            size_t i = 0;
            while (i < 5 && strncmp(p, refs[i], strlen(refs[i])))
                i++;
            if (i == 5)
                return reject("bare & at %.40s\n", p);
            p += strlen(refs[i]);
            continue;
        }
        if (*p == '>')
            return reject("bare > at %.40s\n", p);
        if (*p != '<') {
            p++;
            continue;
        }
        int closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = 0;
        while (isalnum((unsigned char)name[n]))
            n++;
        if (n == 0)
            return reject("bare < at %.40s\n", p);
        const char *q = name + n;
        /* Attributes: name="value", values free of '<' and '"'. */
        while (*q && *q != '>' && !(q[0] == '/' && q[1] == '>')) {
            if (*q == '"') {
                const char *end = strchr(q + 1, '"');
                if (!end || memchr(q + 1, '<', (size_t)(end - q - 1)))
                    return reject("bad attribute at %.40s\n", q);
                q = end + 1;
                continue;
            }
            if (*q == '=' && q[1] != '"')
                return reject("unquoted attribute at %.40s\n", q);
            if (*q == '<' || *q == '\'')
                return reject("stray %c in tag at %.40s\n", *q, q);
            q++;
        }
        if (!*q)
            return reject("unterminated tag %.20s\n", p);
        int self = *q == '/';
        p = q + (self ? 2 : 1);
        if (closing) {
            if (!depth || len[depth - 1] != n || strncmp(stack[depth - 1], name, n))
                return reject("</%.*s> closes <%.*s>\n", (int)n, name,
                              depth ? (int)len[depth - 1] : 0, depth ? stack[depth - 1] : "");
            depth--;
        } else if (!self && !is_void(name, n)) {
            if (depth == 256)
                return reject("too deep\n");
            stack[depth] = name;
            len[depth++] = n;
        }
    }
    if (depth)
        return reject("<%.*s> left open\n", (int)len[depth - 1], stack[depth - 1]);
    return 1;
}

/* The document every test renders. */
static struct report_doc *sample_doc(void)
{
    struct report_doc *d = report_doc_new("报告 " NASTY, "zh");
    assert_non_null(d);
    assert_int_equal(report_doc_section(d, "intro"), 0);
    assert_int_equal(report_doc_heading(d, "发现 " NASTY, 1), 0);
    const char *items[] = {"第一条 " NASTY, "p < 0.001 & more"};
    assert_int_equal(report_doc_list(d, items, 2), 0);
    assert_int_equal(report_doc_heading(d, "小节 " NASTY, 2), 0);

    struct report_table *t = report_table_new("表 " NASTY, 2);
    assert_non_null(t);
    report_table_set_stub(t, "组 " NASTY);
    report_table_set_column(t, 0, "n " NASTY);
    report_table_set_column(t, 1, "p");
    report_table_set_note(t, "注 " NASTY);
    report_table_add_group(t, "年龄组 " NASTY);
    report_table_add_row(t, "18-29 " NASTY);
    report_table_set_cell(t, 0 + 1, 0, 91, REPORT_CELL_COUNT);
    report_table_set_cell(t, 1, 1, 0.0004, REPORT_CELL_PVALUE);
    report_table_add_row(t, "30-39");
    report_table_set_cell(t, 2, 0, 115, REPORT_CELL_COUNT);
    report_table_set_text(t, 2, 1, "文字 " NASTY);
    assert_int_equal(report_doc_table(d, t), 0);

    assert_int_equal(report_doc_section(d, "charts"), 0);
    assert_int_equal(report_doc_heading(d, "图表", 1), 0);
    struct report_bars *b = report_bars_new("参与率 " NASTY, REPORT_CELL_PERCENT);
    assert_non_null(b);
    report_bars_add(b, "长安社区 " NASTY, 0.674, 0.592, 0.746, 138);
    report_bars_add(b, "A very long English label that has to wrap onto a second line, as it "
                       "is far too long to fit the label column of the chart on one",
                    0.5, NAN, NAN, NAN);
    report_bars_add(b, "无数据", NAN, NAN, NAN, 0);
    assert_int_equal(report_doc_bars(d, b), 0);

    const char *levels[] = {("很不满意 " NASTY), "不满意", "一般", "满意", "很满意"};
    struct report_likert *l = report_likert_new("满意度 " NASTY, 5, levels);
    assert_non_null(l);
    double shares[] = {0.1, 0.2, 0.3, 0.25, 0.15};
    report_likert_add(l, "环境卫生 " NASTY, shares, 1160);
    double even[] = {0.5, 0, 0, 0, 0.5};
    report_likert_add(l, "两极", even, NAN);
    assert_int_equal(report_doc_likert(d, l), 0);

    const char *waves[] = {"2022", ("2023 " NASTY), "2024"};
    struct report_trend *tr = report_trend_new("趋势 " NASTY, REPORT_CELL_PERCENT, 3, waves);
    assert_non_null(tr);
    double v1[] = {0.667, 0.684, 0.697}, v2[] = {0.352, NAN, 0.418};
    report_trend_add(tr, "全体 " NASTY, v1);
    report_trend_add(tr, "18-29", v2);
    assert_int_equal(report_doc_trend(d, tr), 0);

    /* Keys that are no plain name, or taken, get ids of their own. */
    assert_int_equal(report_doc_section(d, "intro"), 0);
    assert_int_equal(report_doc_heading(d, "重复", 1), 0);
    assert_int_equal(report_doc_section(d, "中文 \"key\""), 0);
    assert_int_equal(report_doc_heading(d, "中文", 1), 0);
    return d;
}

/* ## Tests */

static void test_well_formed(void **state)
{
    (void)state;
    struct report_doc *d = sample_doc();
    char *html = render(d);
    assert_true(well_formed(html));
    assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(html, "<title>报告 " NASTY_ESCAPED "</title>"));
    assert_non_null(strstr(html, "<h1>报告 " NASTY_ESCAPED "</h1>"));
    assert_non_null(strstr(html, "<h2>发现 " NASTY_ESCAPED "</h2>"));
    assert_non_null(strstr(html, "<h3>小节 " NASTY_ESCAPED "</h3>"));
    assert_non_null(strstr(html, "<li>p &lt; 0.001 &amp; more</li>"));
    free(html);
    report_doc_free(d);

    /* The tag checker catches what it is there for. */
    quiet = 1;
    assert_false(well_formed("<!DOCTYPE html>\n<p><b>x</p></b>"));
    assert_false(well_formed("<!DOCTYPE html>\n<p>a < b</p>"));
    assert_false(well_formed("<!DOCTYPE html>\n<p>a & b</p>"));
    assert_false(well_formed("<!DOCTYPE html>\n<p class=x>a</p>"));
    assert_false(well_formed("<!DOCTYPE html>\n<div>"));
    assert_true(well_formed("<!DOCTYPE html>\n<p>a<br>b<rect x=\"1\"/></p>"));
    quiet = 0;
}

static void test_self_contained(void **state)
{
    (void)state;
    struct report_doc *d = sample_doc();
    char *html = render(d);
    assert_null(strstr(html, "http:"));
    assert_null(strstr(html, "https:"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "@import"));
    assert_null(strstr(html, "url("));
    for (const char *p = html; (p = strstr(p, "src=")); p += 4)
        assert_int_equal(strncmp(p, "src=\"data:", 10), 0);
    /* A font stack with Chinese fonts of Windows, macOS and Linux, and a
       serif one for tables. */
    assert_non_null(strstr(html, "\"Microsoft YaHei\""));
    assert_non_null(strstr(html, "\"PingFang SC\""));
    assert_non_null(strstr(html, "\"Noto Sans CJK SC\""));
    assert_non_null(strstr(html, "SimSun"));
    assert_non_null(strstr(html, "\"Noto Serif CJK SC\""));
    free(html);
    report_doc_free(d);
}

static void test_escaped(void **state)
{
    (void)state;
    struct report_doc *d = sample_doc();
    char *html = render(d);
    /* The raw label never appears; its escaped form once per place it is
       written: title and h1; heading, TOC entry, list item, level-2
       heading; table caption, stub, column, group, row, text cell, note;
       bars chart title, caption, a label; Likert title, caption, legend
       entry, item; trend title, caption, wave, series legend entry. */
    assert_null(strstr(html, "<&\"'>"));
    assert_null(strstr(html, "<&"));
    assert_int_equal(count(html, NASTY_ESCAPED), 2 + 4 + 7 + 3 + 4 + 4);
    /* The long label wraps. */
    assert_non_null(strstr(html, "<tspan"));
    free(html);
    report_doc_free(d);
}

static void test_table(void **state)
{
    (void)state;
    struct report_doc *d = sample_doc();
    char *html = render(d);
    const char *table = strstr(html, "<table class=\"three-line\">");
    assert_non_null(table);
    const char *end = strstr(table, "</table>");
    assert_non_null(end);
    size_t n = (size_t)(end - table);
    char *t = strndup(table, n);
    assert_non_null(t);
    assert_non_null(strstr(t, "<caption>表 " NASTY_ESCAPED "</caption>"));
    /* Three rules: thick above the header, thin under it, thick under the
       last row (its three cells), and none elsewhere. */
    assert_int_equal(count(t, "border-top:1.5pt solid #000"), 3);
    assert_int_equal(count(t, "border-bottom:0.75pt solid #000"), 3);
    assert_int_equal(count(t, "border-bottom:1.5pt solid #000"), 3);
    assert_int_equal(count(t, "border"), 9);
    assert_null(strstr(html, "border-left"));
    assert_null(strstr(html, "border-right"));
    assert_null(strstr(t, " border="));
    /* The group header spans the stub and both columns; rows under it are
       indented; numbers right-aligned, p as <0.001; a text cell in a
       column that also holds numbers is right-aligned with them. */
    assert_non_null(strstr(t, "<th class=\"group\" colspan=\"3\">年龄组 " NASTY_ESCAPED "</th>"));
    assert_non_null(strstr(t, "<th class=\"in\" scope=\"row\">18-29 " NASTY_ESCAPED "</th>"));
    assert_non_null(strstr(t, "<td class=\"num\">91</td>"));
    assert_non_null(strstr(t, "<td class=\"num\">&lt;0.001</td>"));
    free(t);
    assert_non_null(strstr(end, "<p class=\"note\">注 " NASTY_ESCAPED "</p>"));
    free(html);
    report_doc_free(d);
}

static void test_charts(void **state)
{
    (void)state;
    struct report_doc *d = sample_doc();
    char *html = render(d);
    /* One <svg> per chart, each an image with a title. */
    assert_int_equal(count(html, "<svg"), 3);
    assert_int_equal(count(html, "<svg role=\"img\""), 3);
    assert_int_equal(count(html, "</svg>"), 3);
    for (const char *p = html; (p = strstr(p, "<svg")); p++)
        assert_int_equal(strncmp(strchr(p, '>') + 1, "\n<title>", 8), 0);
    assert_int_equal(count(html, "<figure class=\"chart\">"), 3);

    /* The numbers the text charts print: value, CI and n of a bar; the
       shares below and above the middle of a Likert item (10% + 20%, 25% +
       15%); trend values, none for the missing wave. */
    assert_non_null(strstr(html, ">67.4%<"));
    assert_non_null(strstr(html, ">[59.2%, 74.6%]<"));
    assert_non_null(strstr(html, ">n=138<"));
    assert_non_null(strstr(html, ">30.0%<"));
    assert_non_null(strstr(html, ">40.0%<"));
    assert_non_null(strstr(html, ">n=1160<"));
    assert_non_null(strstr(html, ">66.7%<"));
    assert_non_null(strstr(html, ">41.8%<"));
    assert_non_null(strstr(html, ">—<")); /* the bar without data */
    assert_null(strstr(html, "nan"));
    assert_null(strstr(html, "inf\""));
    free(html);
    report_doc_free(d);
}

/* Every coordinate and length in the SVG is a plain decimal with two
   places: "12.50", "-3.00", never "12,50" or "1e+03". */
static void test_coordinates(void **state)
{
    (void)state;
    struct report_doc *d = sample_doc();
    char *html = render(d);
    static const char *const attrs[] = {" x=\"", " y=\"", " x1=\"", " y2=\"", " width=\"",
                                        " height=\"", " cx=\"", " r=\"", " font-size=\""};
    size_t seen = 0;
    for (size_t a = 0; a < sizeof attrs / sizeof attrs[0]; a++) {
        for (const char *p = html; (p = strstr(p, attrs[a])); p++) {
            const char *v = p + strlen(attrs[a]);
            size_t i = *v == '-';
            size_t digits = strspn(v + i, "0123456789");
            assert_true(digits > 0);
            assert_int_equal(v[i + digits], '.');
            assert_int_equal(strspn(v + i + digits + 1, "0123456789"), 2);
            assert_int_equal(v[i + digits + 3], '"');
            seen++;
        }
    }
    assert_true(seen > 50);
    free(html);
    report_doc_free(d);
}

static void test_page(void **state)
{
    (void)state;
    struct report_doc *d = sample_doc();
    char *html = render(d);
    /* Print: A4, each section from a new page; a table of contents linking
       the titled sections by id; ids unique. */
    assert_non_null(strstr(html, "@page { size: A4;"));
    assert_non_null(strstr(html, "section { break-before: page;"));
    assert_non_null(strstr(html, "<section id=\"intro\">"));
    assert_non_null(strstr(html, "<section id=\"charts\">"));
    assert_non_null(strstr(html, "<section id=\"section-3\">"));
    assert_non_null(strstr(html, "<section id=\"section-4\">"));
    assert_int_equal(count(html, "<section id="), 4);
    assert_non_null(strstr(html, "<li><a href=\"#intro\">发现 " NASTY_ESCAPED "</a></li>"));
    assert_non_null(strstr(html, "<li><a href=\"#charts\">图表</a></li>"));
    assert_non_null(strstr(html, "<li><a href=\"#section-4\">中文</a></li>"));
    assert_int_equal(count(html, "<li><a href="), 4);
    /* No CSS grid or flex, which Word and WPS do not read. */
    assert_null(strstr(html, "grid"));
    assert_null(strstr(html, "flex"));
    free(html);
    report_doc_free(d);

    /* English. */
    d = report_doc_new("Report", "en");
    assert_non_null(d);
    html = render(d);
    assert_non_null(strstr(html, "<html lang=\"en\">"));
    assert_true(well_formed(html));
    free(html);
    report_doc_free(d);
}

/* A block rendered alone with format HTML is its fragment, no page. */
static void test_fragments(void **state)
{
    (void)state;
    struct report_options o = {.format = REPORT_FORMAT_HTML};
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    struct report_table *t = report_table_new(NULL, 1);
    assert_non_null(t);
    report_table_add_row(t, "a");
    report_table_set_cell(t, 0, 0, 0.5, REPORT_CELL_PERCENT);
    assert_int_equal(report_table_render(t, &o, f), 0);
    struct report_bars *b = report_bars_new("b", REPORT_CELL_PERCENT);
    assert_non_null(b);
    report_bars_add(b, "x", 0.25, 0.2, 0.3, 10);
    assert_int_equal(report_bars_render(b, &o, f), 0);
    const char *items[] = {"one"};
    assert_int_equal(report_list_render(items, 1, &o, f), 0);
    assert_int_equal(report_heading_render("H", 1, &o, f), 0);
    assert_int_equal(fclose(f), 0);
    assert_null(strstr(text, "<!DOCTYPE"));
    assert_null(strstr(text, "<caption>"));
    assert_non_null(strstr(text, "<td class=\"num\" style=\"border-bottom:1.5pt solid #000\">50.0%</td>"));
    assert_int_equal(count(text, "<svg"), 1);
    assert_non_null(strstr(text, "<ul class=\"findings\">\n<li>one</li>\n</ul>\n<h2>H</h2>\n"));
    free(text);
    report_table_free(t);
    report_bars_free(b);
}

/* A full disk is an error, not a truncated page reported as written. */
static void test_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    struct report_doc *d = sample_doc();
    struct report_options o = {.format = REPORT_FORMAT_HTML};
    assert_int_equal(report_doc_render(d, &o, f), -1);
    fclose(f);
    report_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_well_formed), cmocka_unit_test(test_self_contained),
        cmocka_unit_test(test_escaped),     cmocka_unit_test(test_table),
        cmocka_unit_test(test_charts),      cmocka_unit_test(test_coordinates),
        cmocka_unit_test(test_page),        cmocka_unit_test(test_fragments),
        cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
