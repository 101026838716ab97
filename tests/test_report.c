/* test_report.c — the rendering layer: display width, truncation and
 * wrapping; number formatting at its edges; tables whose every line has one
 * display width in Unicode, ASCII and ambiwidth 2, with or without a width
 * limit; ASCII output that is pure ASCII; Markdown and CSV; bars of
 * proportional length; Likert bars aligned on their centre; trend charts.
 * Everything renders into memory (open_memstream).
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

/* ## Helpers */

/* Output captured in memory. */
struct capture {
    char *text;
    size_t len;
    FILE *f;
};

static FILE *capture_open(struct capture *c)
{
    c->f = open_memstream(&c->text, &c->len);
    assert_non_null(c->f);
    return c->f;
}

static char *capture_close(struct capture *c)
{
    assert_int_equal(fclose(c->f), 0);
    return c->text;
}

static char *render_table(const struct report_table *t, struct report_options o)
{
    struct capture c;
    assert_int_equal(report_table_render(t, &o, capture_open(&c)), 0);
    return capture_close(&c);
}

static char *render_bars(const struct report_bars *b, struct report_options o)
{
    struct capture c;
    assert_int_equal(report_bars_render(b, &o, capture_open(&c)), 0);
    return capture_close(&c);
}

static char *render_likert(const struct report_likert *l, struct report_options o)
{
    struct capture c;
    assert_int_equal(report_likert_render(l, &o, capture_open(&c)), 0);
    return capture_close(&c);
}

static char *render_trend(const struct report_trend *t, struct report_options o)
{
    struct capture c;
    assert_int_equal(report_trend_render(t, &o, capture_open(&c)), 0);
    return capture_close(&c);
}

/* Line I (from 0) of TEXT as a new string, or NULL past the end. */
static char *line_at(const char *text, size_t i)
{
    for (; i > 0; i--) {
        text = strchr(text, '\n');
        if (!text)
            return NULL;
        text++;
    }
    if (!*text)
        return NULL;
    return strndup(text, strcspn(text, "\n"));
}

/* Whether LINE starts with a table border (Unicode or ASCII). */
static int is_box_line(const char *line)
{
    static const char *const starts[] = {"┌", "│", "├", "└", "+", "|"};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        if (strncmp(line, starts[i], strlen(starts[i])) == 0)
            return 1;
    return 0;
}

/* The display width shared by every line of the table in TEXT (the lines
   that start with a border); fails if they differ or there are none. */
static size_t box_width(const char *text, int ambi)
{
    size_t width = 0, lines = 0;
    char *line;
    for (size_t i = 0; (line = line_at(text, i)); i++) {
        if (is_box_line(line)) {
            size_t w = report_width(line, ambi);
            if (lines++ == 0)
                width = w;
            else if (w != width)
                fail_msg("line %zu is %zu columns, not %zu: %s\n%s", i, w, width, line, text);
        }
        free(line);
    }
    assert_true(lines > 0);
    return width;
}

static void assert_ascii(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p >= 0x80)
            fail_msg("byte 0x%02x at offset %td in:\n%s", *p, p - (const unsigned char *)text,
                     text);
}

/* Whether the character at display column COL of LINE is GLYPH. */
static int glyph_at(const char *line, long col, const char *glyph, int ambi)
{
    for (const char *p = line; *p;) {
        size_t len = 1;
        while ((p[len] & 0xC0) == 0x80)
            len++;
        char *prefix = strndup(line, (size_t)(p - line));
        long at = (long)report_width(prefix, ambi);
        free(prefix);
        if (at == col)
            return strncmp(p, glyph, strlen(glyph)) == 0;
        p += len;
    }
    return 0;
}

/* The display column at which NEEDLE starts in LINE, or -1. */
static long column_of(const char *line, const char *needle, int ambi)
{
    const char *at = strstr(line, needle);
    if (!at)
        return -1;
    char *prefix = strndup(line, (size_t)(at - line));
    long col = (long)report_width(prefix, ambi);
    free(prefix);
    return col;
}

/* ## Width, truncation, wrapping */

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(report_width("", 1), 0);
    assert_int_equal(report_width(NULL, 1), 0);
    assert_int_equal(report_width("abc", 1), 3);
    assert_int_equal(report_width("参与率", 1), 6);
    assert_int_equal(report_width("18-29岁", 1), 7);
    assert_int_equal(report_width("Ｎ", 1), 2);          /* fullwidth form */
    assert_int_equal(report_width("e\xcc\x81", 1), 1);  /* e + combining acute */
    assert_int_equal(report_width("\xff", 1), 1);        /* invalid byte */
    /* East Asian ambiguous characters follow AMBIWIDTH; CJK stays 2. */
    assert_int_equal(report_width("…", 1), 1);
    assert_int_equal(report_width("…", 2), 2);
    assert_int_equal(report_width("─│█▌▒", 1), 5);
    assert_int_equal(report_width("─│█▌▒", 2), 10);
    assert_int_equal(report_width("参与a", 2), 5);
}

static void test_truncate(void **state)
{
    (void)state;
    char *s = report_truncate("short", 10, 1, 0);
    assert_string_equal(s, "short");
    free(s);
    s = report_truncate("参与率按年龄组", 7, 1, 0);
    assert_string_equal(s, "参与率…");
    free(s);
    s = report_truncate("参与率按年龄组", 8, 1, 0); /* a wide character does not fit 1 */
    assert_string_equal(s, "参与率…");
    assert_true(report_width(s, 1) <= 8);
    free(s);
    s = report_truncate("Participation", 8, 1, 1);
    assert_string_equal(s, "Parti...");
    free(s);
    s = report_truncate("cafe\xcc\x81s and more", 5, 1, 0); /* the mark stays */
    assert_string_equal(s, "cafe\xcc\x81…");
    free(s);
    s = report_truncate("one\ntwo", 20, 1, 1);
    assert_string_equal(s, "one...");
    free(s);
    s = report_truncate("abcdef", 2, 1, 1); /* no room for "..." */
    assert_string_equal(s, "ab");
    free(s);
}

static void test_wrap(void **state)
{
    (void)state;
    size_t next;
    const char *en = "the age group";
    assert_int_equal(report_wrap(en, 8, 1, &next), 7); /* "the age" */
    assert_string_equal(en + next, "group");
    assert_int_equal(report_wrap(en, 20, 1, &next), strlen(en));
    assert_int_equal(next, strlen(en));

    /* Chinese breaks between characters, but not before "，". */
    const char *zh = "参与率，很高";
    size_t len = report_wrap(zh, 6, 1, &next);
    assert_int_equal(len, strlen("参与"));
    assert_string_equal(zh + next, "率，很高");

    /* A word longer than the width is cut; a newline always breaks. */
    assert_int_equal(report_wrap("Participation", 5, 1, &next), 5);
    assert_int_equal(report_wrap("ab\ncd", 10, 1, &next), 2);
    assert_int_equal(next, 3);
    /* A number is not split at its decimal point when a space allows. */
    const char *num = "chi2 35.25";
    assert_int_equal(report_wrap(num, 7, 1, &next), 4);
    assert_string_equal(num + next, "35.25");
}

/* ## Numbers */

static void assert_format(double x, enum report_cell_class cls, const char *want)
{
    char buf[REPORT_NUMBER_SIZE];
    assert_string_equal(report_number_format(buf, sizeof buf, x, cls, 0), want);
}

static void test_number_format(void **state)
{
    (void)state;
    char buf[REPORT_NUMBER_SIZE];
    assert_format(NAN, REPORT_CELL_MEAN, "—");
    assert_format(INFINITY, REPORT_CELL_PERCENT, "—");
    assert_format(-INFINITY, REPORT_CELL_STAT, "—");
    assert_string_equal(report_number_format(buf, sizeof buf, NAN, REPORT_CELL_PVALUE, 1), "-");

    assert_format(1234, REPORT_CELL_COUNT, "1234");
    assert_format(1234567, REPORT_CELL_COUNT, "1234567");
    assert_format(0.423, REPORT_CELL_PERCENT, "42.3%");
    assert_format(0.9995, REPORT_CELL_PERCENT, "100.0%");
    assert_format(0.99949, REPORT_CELL_PERCENT, "99.9%");
    assert_format(0.4235, REPORT_CELL_PERCENT, "42.4%"); /* half away from zero */
    assert_format(1, REPORT_CELL_PERCENT, "100.0%");
    assert_format(3.456, REPORT_CELL_MEAN, "3.46");
    assert_format(2.675, REPORT_CELL_MEAN, "2.68");
    assert_format(12.3456, REPORT_CELL_STAT, "12.346");
    assert_format(-0.0721, REPORT_CELL_STAT, "-0.072");
    assert_format(1.845, REPORT_CELL_RATIO, "1.85");

    /* Never "-0.0": a value that rounds to zero has no sign. */
    assert_format(-0.0, REPORT_CELL_MEAN, "0.00");
    assert_format(-0.0004, REPORT_CELL_MEAN, "0.00");
    assert_format(-0.0001, REPORT_CELL_PERCENT, "0.0%");
    assert_format(-0.0003, REPORT_CELL_STAT, "0.000");
    assert_format(-0.0004, REPORT_CELL_PERCENT_CHANGE, "0.0");
    assert_format(0.032, REPORT_CELL_PERCENT_CHANGE, "+3.2");
    assert_format(-0.008, REPORT_CELL_PERCENT_CHANGE, "-0.8");
    assert_format(0.25, REPORT_CELL_MEAN_CHANGE, "+0.25");

    assert_format(0.0004, REPORT_CELL_PVALUE, "<0.001");
    assert_format(0, REPORT_CELL_PVALUE, "<0.001");
    assert_format(0.00099999, REPORT_CELL_PVALUE, "<0.001");
    assert_format(0.001, REPORT_CELL_PVALUE, "0.001");
    assert_format(0.0449, REPORT_CELL_PVALUE, "0.045");
    assert_format(1, REPORT_CELL_PVALUE, "1.000");

    assert_format(5, REPORT_CELL_TEXT, "");
    assert_format(5, REPORT_CELL_EMPTY, "");
    assert_format(1e300, REPORT_CELL_MEAN, "1e+300");
}

/* ## Tables */

/* Participation by age group, labels in Chinese and English; LONG adds a
   long group header and a long wrapped header. */
static struct report_table *sample_table(int ascii_labels)
{
    static const char *const zh[] = {"参与率（按年龄组）", "年龄组", "人数 n", "参与率",
                                     "95% 置信区间下限", "p 值", "青年", "中老年居民"};
    static const char *const en[] = {"Participation by age group", "Age group", "n",
                                     "Rate", "95% CI low", "p", "Young", "Older residents"};
    const char *const *l = ascii_labels ? en : zh;
    struct report_table *t = report_table_new(l[0], 4);
    assert_non_null(t);
    assert_int_equal(report_table_set_stub(t, l[1]), 0);
    for (size_t c = 0; c < 4; c++)
        assert_int_equal(report_table_set_column(t, c, l[2 + c]), 0);
    static const char *const ages[] = {"18-29", "30-39 years", "60+ 岁"};
    static const double n[] = {120, 98, 201}, rate[] = {0.117, 0.2143, 0.4627};
    for (size_t i = 0; i < 3; i++) {
        if (i == 0 || i == 2)
            assert_int_equal(report_table_add_group(t, l[i == 0 ? 6 : 7]), 0);
        assert_int_equal(report_table_add_row(t, ascii_labels && i == 2 ? "60+" : ages[i]), 0);
        size_t r = t->nrows - 1;
        assert_int_equal(report_table_set_cell(t, r, 0, n[i], REPORT_CELL_COUNT), 0);
        assert_int_equal(report_table_set_cell(t, r, 1, rate[i], REPORT_CELL_PERCENT), 0);
        assert_int_equal(report_table_set_cell(t, r, 2, rate[i] - 0.07, REPORT_CELL_PERCENT), 0);
        assert_int_equal(report_table_set_cell(t, r, 3, i == 1 ? NAN : 0.0004, REPORT_CELL_PVALUE), 0);
    }
    assert_int_equal(report_table_add_row(t, ascii_labels ? "Total" : "合计 Total"), 0);
    assert_int_equal(report_table_set_text(t, t->nrows - 1, 3, ascii_labels ? "see note" : "见注"), 0);
    assert_int_equal(report_table_set_note(t, ascii_labels ? "Note: chi-square test."
                                                           : "注：p 值来自卡方检验。"), 0);
    return t;
}

static void test_table_builders(void **state)
{
    (void)state;
    struct report_table *t = report_table_new(NULL, 2);
    assert_non_null(t);
    assert_int_equal(report_table_add_group(t, "group"), 0);
    assert_int_equal(report_table_set_cell(t, 0, 0, 1, REPORT_CELL_COUNT), -1); /* a group */
    assert_int_equal(report_table_add_row(t, "row"), 0);
    assert_int_equal(report_table_set_cell(t, 1, 2, 1, REPORT_CELL_COUNT), -1); /* no column 2 */
    assert_int_equal(report_table_set_cell(t, 2, 0, 1, REPORT_CELL_COUNT), -1); /* no row 2 */
    assert_int_equal(report_table_set_cell(t, 1, 0, 1, REPORT_CELL_TEXT), -1);
    assert_int_equal(report_table_set_column(t, 2, "x"), -1);
    assert_int_equal(report_table_set_text(t, 1, 1, "a"), 0);
    assert_int_equal(report_table_set_cell(t, 1, 1, 7, REPORT_CELL_COUNT), 0); /* text freed */
    assert_int_equal(t->rows[1].cells[1].cls, REPORT_CELL_COUNT);
    assert_int_equal(t->rows[1].cells[0].cls, REPORT_CELL_EMPTY);
    for (int i = 0; i < 100; i++) /* growth */
        assert_int_equal(report_table_add_row(t, "more"), 0);
    assert_int_equal(t->nrows, 102);
    report_table_free(t);
    report_table_free(NULL);
    report_bars_free(NULL);
    report_likert_free(NULL);
    report_trend_free(NULL);
}

static void test_table_text_aligned(void **state)
{
    (void)state;
    struct report_table *t = sample_table(0);
    struct report_options unicode = {0}, ascii = {.ascii = 1}, ambi2 = {.ambiwidth = 2};

    char *u = render_table(t, unicode);
    size_t w = box_width(u, 1);
    assert_non_null(strstr(u, "┌"));
    assert_non_null(strstr(u, "  30-39 years")); /* indented under its group */
    assert_non_null(strstr(u, "<0.001"));
    assert_non_null(strstr(u, "—"));
    assert_non_null(strstr(u, "注：p 值来自卡方检验。"));
    assert_string_equal(u + strlen(u) - 2, "\n\n"); /* a block ends with a blank line */
    free(u);

    char *a = render_table(t, ascii);
    assert_int_equal(box_width(a, 1), w);
    assert_null(strstr(a, "┌"));
    assert_null(strstr(a, "—"));
    free(a);

    /* With ambiwidth 2 the same table, measured as such a terminal draws it,
       is still aligned: borders are ASCII, so only the labels count wide. */
    char *b = render_table(t, ambi2);
    box_width(b, 2);
    assert_null(strstr(b, "│"));
    free(b);

    /* A width limit wraps headers and labels; every line still aligns, and
       the table fits unless its numbers alone are wider. */
    for (size_t limit = 20; limit <= 80; limit += 3) {
        struct report_options o = {.width = limit};
        char *s = render_table(t, o);
        size_t sw = box_width(s, 1);
        assert_true(sw <= w);
        if (limit >= 55)
            assert_true(sw <= limit);
        free(s);
    }
    report_table_free(t);
}

static void test_table_ascii_only(void **state)
{
    (void)state;
    struct report_table *t = sample_table(1);
    struct report_options ascii = {.ascii = 1, .width = 40};
    char *s = render_table(t, ascii);
    assert_ascii(s);
    box_width(s, 1);
    free(s);
    ascii.format = REPORT_FORMAT_MARKDOWN;
    s = render_table(t, ascii);
    assert_ascii(s);
    free(s);
    report_table_free(t);
}

static void test_table_markdown(void **state)
{
    (void)state;
    struct report_table *t = sample_table(0);
    assert_int_equal(report_table_add_row(t, "a|b *c*"), 0);
    struct report_options md = {.format = REPORT_FORMAT_MARKDOWN};
    char *s = render_table(t, md);
    char *title = line_at(s, 0), *header = line_at(s, 2), *sep = line_at(s, 3);
    assert_string_equal(title, "**参与率（按年龄组）**");
    assert_true(strncmp(header, "| 年龄组", strlen("| 年龄组")) == 0);
    assert_true(strncmp(sep, "| :---", 6) == 0);      /* the label column: left */
    assert_non_null(strstr(sep, "---: |"));           /* numbers: right */
    assert_non_null(strstr(s, "| **青年**"));         /* group headers in bold */
    assert_non_null(strstr(s, "a\\|b \\*c\\*"));      /* escaped */
    assert_non_null(strstr(s, "\n注：p 值来自卡方检验。\n"));
    /* Every table line has the same number of unescaped pipes. */
    char *line;
    for (size_t i = 2; (line = line_at(s, i)) && line[0] == '|'; i++) {
        int pipes = 0;
        for (char *p = line; *p; p++)
            pipes += *p == '|' && (p == line || p[-1] != '\\');
        assert_int_equal(pipes, 6);
        free(line);
    }
    free(line);
    free(title);
    free(header);
    free(sep);
    free(s);
    report_table_free(t);
}

static void test_table_csv(void **state)
{
    (void)state;
    struct report_table *t = report_table_new("T, \"quoted\"", 2);
    assert_int_equal(report_table_set_column(t, 0, "n"), 0);
    assert_int_equal(report_table_set_column(t, 1, "note"), 0);
    assert_int_equal(report_table_add_group(t, "g"), 0);
    assert_int_equal(report_table_add_row(t, "line1\nline2"), 0);
    assert_int_equal(report_table_set_cell(t, 1, 0, 12, REPORT_CELL_COUNT), 0);
    assert_int_equal(report_table_set_text(t, 1, 1, "say \"hi\""), 0);
    assert_int_equal(report_table_add_row(t, "plain"), 0);
    assert_int_equal(report_table_set_cell(t, 2, 0, NAN, REPORT_CELL_PERCENT), 0);
    assert_int_equal(report_table_set_cell(t, 2, 1, 0.1234567890123456, REPORT_CELL_PERCENT), 0);

    struct capture c;
    FILE *f = capture_open(&c);
    struct report_options o = {.format = REPORT_FORMAT_CSV, .section = "s"};
    assert_int_equal(report_csv_header(f), 0);
    assert_int_equal(report_table_render(t, &o, f), 0);
    char *s = capture_close(&c);
    assert_string_equal(s,
                        "section,table,group,row,column,value\n"
                        "s,\"T, \"\"quoted\"\"\",g,\"line1\nline2\",n,12\n"
                        "s,\"T, \"\"quoted\"\"\",g,\"line1\nline2\",note,\"say \"\"hi\"\"\"\n"
                        "s,\"T, \"\"quoted\"\"\",g,plain,n,\n"
                        "s,\"T, \"\"quoted\"\"\",g,plain,note,0.123456789012346\n");
    free(s);
    report_table_free(t);
}

static void test_table_empty(void **state)
{
    (void)state;
    struct report_table *t = report_table_new(NULL, 0);
    struct report_options o = {0};
    char *s = render_table(t, o);
    assert_int_equal(box_width(s, 1), 5); /* "│   │": an empty column is 1 wide */
    free(s);
    report_table_free(t);
}

/* ## Bars */

/* Length in eighths of a cell of the bar on LINE (Unicode), after "│". */
static size_t bar_eighths(const char *line)
{
    static const char *const partial[] = {"▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    const char *p = strstr(line, "│");
    size_t e = 0;
    assert_non_null(p);
    p += strlen("│");
    for (;;) {
        if (strncmp(p, "█", strlen("█")) == 0) {
            e += 8;
            p += strlen("█");
            continue;
        }
        for (size_t i = 0; i < 7; i++)
            if (strncmp(p, partial[i], strlen(partial[i])) == 0)
                return e + i + 1;
        return e;
    }
}

static void test_bars_proportional(void **state)
{
    (void)state;
    struct report_bars *b = report_bars_new("参与率", REPORT_CELL_PERCENT);
    assert_int_equal(report_bars_add(b, "全部", 1.0, NAN, NAN, 50), 0);
    assert_int_equal(report_bars_add(b, "一半 half", 0.5, 0.4, 0.6, 40), 0);
    assert_int_equal(report_bars_add(b, "0.3", 0.3, NAN, NAN, NAN), 0);
    for (size_t width = 55; width <= 120; width += 7) {
        struct report_options o = {.width = width};
        char *s = render_bars(b, o);
        char *full = line_at(s, 1), *half = line_at(s, 2), *third = line_at(s, 4);
        size_t e1 = bar_eighths(full), e2 = bar_eighths(half), e3 = bar_eighths(third);
        assert_true(e1 > 0);
        assert_int_equal(2 * e2, e1);
        assert_true(labs((long)(10 * e3) - (long)(3 * e1)) <= 5); /* 0.3 to 1/16 cell */
        /* Labels, baselines and numbers line up. */
        assert_int_equal(column_of(full, "│", 1), column_of(half, "│", 1));
        assert_int_equal(column_of(full, "100.0%", 1) + 6, column_of(half, "50.0%", 1) + 5);
        assert_int_equal(report_width(full, 1), report_width(half, 1));
        assert_true(report_width(full, 1) <= width);
        assert_non_null(strstr(half, "[40.0%, 60.0%]"));
        assert_non_null(strstr(half, "n=40"));
        free(full);
        free(half);
        free(third);
        free(s);
    }
    report_bars_free(b);
}

static void test_bars_whisker_and_ascii(void **state)
{
    (void)state;
    struct report_bars *b = report_bars_new("Rate by age", REPORT_CELL_PERCENT);
    b->max = 1;
    assert_int_equal(report_bars_add(b, "18-29", 0.5, 0.25, 0.75, 100), 0);
    assert_int_equal(report_bars_add(b, "no data", NAN, NAN, NAN, 0), 0);
    struct report_options o = {.width = 60};

    char *s = render_bars(b, o);
    char *bar = line_at(s, 1), *whisker = line_at(s, 2);
    /* The whisker runs from a quarter to three quarters of the track, with
       the estimate marked where the bar ends. */
    long base = column_of(bar, "│", 1);
    long lo = column_of(whisker, "├", 1), mid = column_of(whisker, "┼", 1);
    long hi = column_of(whisker, "┤", 1);
    long track = (long)bar_eighths(bar) / 4; /* the bar is half the track */
    assert_int_equal(lo - base - 1, (lround(0.25 * (double)track * 8) - 1) / 8);
    assert_int_equal(mid - base - 1, (track * 4 - 1) / 8);
    assert_int_equal(hi - base - 1, (lround(0.75 * (double)track * 8) - 1) / 8);
    assert_non_null(strstr(s, "no data"));
    assert_non_null(strstr(s, "0%"));
    assert_non_null(strstr(s, "100%"));
    free(bar);
    free(whisker);
    free(s);

    o.ascii = 1;
    s = render_bars(b, o);
    assert_ascii(s);
    assert_non_null(strstr(s, "#"));
    assert_non_null(strstr(s, "[--"));
    free(s);
    o.ascii = 0;
    o.ambiwidth = 2; /* block elements are ambiguous: ASCII again */
    s = render_bars(b, o);
    assert_ascii(s);
    free(s);

    o.format = REPORT_FORMAT_CSV;
    o.section = "participation";
    s = render_bars(b, o);
    assert_string_equal(s, "participation,Rate by age,,18-29,value,0.5\n"
                           "participation,Rate by age,,18-29,ci_low,0.25\n"
                           "participation,Rate by age,,18-29,ci_high,0.75\n"
                           "participation,Rate by age,,18-29,n,100\n"
                           "participation,Rate by age,,no data,value,\n"
                           "participation,Rate by age,,no data,n,0\n");
    free(s);

    o.format = REPORT_FORMAT_MARKDOWN;
    s = render_bars(b, o);
    assert_true(strncmp(s, "**Rate by age**\n\n```text\n", 25) == 0);
    assert_non_null(strstr(s, "\n```\n"));
    free(s);
    report_bars_free(b);
}

static void test_bars_long_labels(void **state)
{
    (void)state;
    struct report_bars *b = report_bars_new(NULL, REPORT_CELL_MEAN);
    assert_int_equal(report_bars_add(b, "参加过社区组织的志愿服务活动（如环境整治、治安巡逻）", 3.2,
                                     3.0, 3.4, 310), 0);
    assert_int_equal(report_bars_add(b, "四联", 2.1, 1.9, 2.3, 120), 0);
    struct report_options o = {.width = 60};
    char *s = render_bars(b, o);
    char *first = line_at(s, 0), *second = line_at(s, 2);
    assert_non_null(strstr(first, "…"));
    assert_int_equal(column_of(first, "│", 1), column_of(second, "│", 1));
    assert_true(report_width(first, 1) <= 60);
    free(first);
    free(second);
    free(s);
    report_bars_free(b);
}

/* ## Likert */

/* Check that every item line of the chart in S has its centre glyph CENTRE
   in one column, which the axis marks with TICK; return that column. */
static long centre_column(const char *s, const char *centre, const char *tick,
                          size_t first, size_t items, int ambi)
{
    long col = -1;
    for (size_t i = 0; i < items; i++) {
        char *line = line_at(s, first + i);
        assert_non_null(line);
        long c = column_of(line, centre, ambi);
        assert_true(c > 0);
        if (col < 0)
            col = c;
        assert_int_equal(c, col);
        free(line);
    }
    char *axis = line_at(s, first + items);
    assert_true(glyph_at(axis, col, tick, ambi));
    free(axis);
    return col;
}

static void test_likert(void **state)
{
    (void)state;
    static const char *const five[] = {"非常不满意", "不满意", "一般", "满意", "非常满意"};
    struct report_likert *l = report_likert_new("满意度", 5, five);
    assert_non_null(l);
    static const double a[] = {0.10, 0.24, 0.30, 0.26, 0.10};
    static const double b[] = {0.02, 0.08, 0.20, 0.45, 0.25};
    static const double c[] = {0.50, 0.30, 0.00, 0.10, 0.10};
    assert_int_equal(report_likert_add(l, "信息化服务", a, 310), 0);
    assert_int_equal(report_likert_add(l, "Environment 环境", b, 402), 0);
    assert_int_equal(report_likert_add(l, "应急管理", c, 12), 0);

    struct report_options o = {.width = 80};
    char *s = render_likert(l, o);
    /* Line 0 is the title, 1 the legend, 2-4 the items, 5 the axis. */
    char *legend = line_at(s, 1);
    assert_non_null(strstr(legend, "▓▓ 非常不满意"));
    assert_non_null(strstr(legend, "·· 一般"));
    assert_non_null(strstr(legend, "██ 非常满意"));
    free(legend);
    long col = centre_column(s, "│", "┴", 2, 3, 1);

    /* The neutral share sits across the centre, half on each side; the
       shares below and above it are printed at the ends. */
    char *item = line_at(s, 2);
    assert_non_null(strstr(item, "···│···"));
    assert_non_null(strstr(item, "34.0%"));
    assert_non_null(strstr(item, "36.0%"));
    free(item);
    /* Disagreement goes left: the first item's left part is as long as its
       right part (0.34 + 0.15 against 0.36 + 0.15), to within a cell. */
    item = line_at(s, 2);
    long left = col - column_of(item, "▓", 1), right = column_of(item, "█", 1) - col;
    assert_true(labs(left - right) <= 2);
    free(item);
    free(s);

    o.ascii = 1;
    s = render_likert(l, o);
    char *ascii_item = line_at(s, 2);
    assert_non_null(strstr(ascii_item, "..|.."));
    assert_non_null(strstr(ascii_item, "11"));
    free(ascii_item);
    centre_column(s, "|", "+", 2, 3, 1);
    free(s);

    o.ascii = 0;
    o.ambiwidth = 2;
    s = render_likert(l, o);
    centre_column(s, "|", "+", 2, 3, 2);
    free(s);

    o.format = REPORT_FORMAT_CSV;
    s = render_likert(l, o);
    assert_non_null(strstr(s, ",,信息化服务,非常不满意,0.1\n"));
    assert_non_null(strstr(s, ",,应急管理,n,12\n"));
    free(s);
    report_likert_free(l);
}

static void test_likert_even_and_seven(void **state)
{
    (void)state;
    static const char *const four[] = {"不同意", "有点不同意", "有点同意", "同意"};
    struct report_likert *l = report_likert_new(NULL, 4, four);
    static const double a[] = {0.1, 0.2, 0.4, 0.3}, b[] = {0.4, 0.4, 0.1, 0.1};
    assert_int_equal(report_likert_add(l, "one", a, NAN), 0);
    assert_int_equal(report_likert_add(l, "two", b, NAN), 0);
    struct report_options o = {.width = 70};
    char *s = render_likert(l, o);
    centre_column(s, "│", "┴", 1, 2, 1);
    assert_null(strstr(s, "·")); /* no neutral level */
    assert_null(strstr(s, "n="));
    free(s);
    report_likert_free(l);

    static const char *const seven[] = {"1", "2", "3", "4", "5", "6", "7"};
    l = report_likert_new("7", 7, seven);
    static const double c[] = {0.05, 0.1, 0.15, 0.2, 0.2, 0.2, 0.1};
    assert_int_equal(report_likert_add(l, "邻里", c, 100), 0);
    assert_int_equal(report_likert_add(l, "居委会 committee", c, 100), 0);
    s = render_likert(l, o);
    centre_column(s, "│", "┴", 2, 2, 1);
    /* Seven levels, seven different fills. */
    static const char *const fills[] = {"▓▓ 1", "▒▒ 2", "░░ 3", "·· 4", "▃▃ 5", "▅▅ 6", "██ 7"};
    for (size_t i = 0; i < 7; i++)
        assert_non_null(strstr(s, fills[i]));
    free(s);
    report_likert_free(l);

    assert_null(report_likert_new("too few", 1, seven));
}

/* Bins of a chart: a level each up to REPORT_LIKERT_MAX; beyond, 5 or 6
   bins covering every level once, symmetric about the middle, sizes at
   most one apart; 11 levels at most in a chart. */
static void test_likert_bins(void **state)
{
    (void)state;
    size_t at[REPORT_LIKERT_MAX + 1];
    assert_int_equal(report_likert_bins(1, at), 0);
    for (size_t levels = 2; levels <= 1000; levels++) {
        size_t b = report_likert_bins(levels, at);
        size_t want = levels <= REPORT_LIKERT_MAX ? levels : levels % 2 ? 5 : 6;
        assert_int_equal(b, want);
        assert_int_equal(at[0], 0);
        assert_int_equal(at[b], levels);
        size_t lo = levels, hi = 0;
        for (size_t i = 0; i < b; i++) {
            size_t n = at[i + 1] - at[i], mirror = at[b - i] - at[b - i - 1];
            assert_true(n >= 1);
            assert_int_equal(n, mirror);
            lo = n < lo ? n : lo;
            hi = n > hi ? n : hi;
        }
        assert_true(hi - lo <= 1);
        if (b % 2) /* the middle bin holds the middle level */
            assert_true(at[b / 2] <= levels / 2 && levels / 2 < at[b / 2 + 1]);
    }
    /* 0..100: 0-19, 20-39, 40-60, 61-80, 81-100. */
    assert_int_equal(report_likert_bins(101, at), 5);
    static const size_t want101[] = {0, 20, 40, 61, 81, 101};
    for (size_t i = 0; i <= 5; i++)
        assert_int_equal(at[i], want101[i]);
    static const char *const twelve[12] = {"1", "2", "3", "4", "5", "6",
                                           "7", "8", "9", "10", "11", "12"};
    assert_null(report_likert_new("too many", 12, twelve));
}

/* Every chart in ASCII mode, with ASCII labels, writes only ASCII. */
static void test_charts_ascii_only(void **state)
{
    (void)state;
    struct report_options o = {.ascii = 1};
    struct report_bars *b = report_bars_new("Rates", REPORT_CELL_PERCENT);
    assert_int_equal(report_bars_add(b, "a", 0.3, 0.2, 0.4, 10), 0);
    assert_int_equal(report_bars_add(b, "b", NAN, NAN, NAN, NAN), 0);
    char *s = render_bars(b, o);
    assert_ascii(s);
    free(s);
    report_bars_free(b);

    static const char *const levels[] = {"low", "mid", "high"};
    struct report_likert *l = report_likert_new("Items", 3, levels);
    static const double x[] = {0.2, 0.3, 0.5}, none[] = {NAN, NAN, NAN};
    assert_int_equal(report_likert_add(l, "item", x, 10), 0);
    assert_int_equal(report_likert_add(l, "empty", none, 0), 0);
    s = render_likert(l, o);
    assert_ascii(s);
    free(s);
    report_likert_free(l);

    static const char *const waves[] = {"2023", "2024"};
    struct report_trend *t = report_trend_new("Trend", REPORT_CELL_MEAN, 2, waves);
    static const double v[] = {3.1, NAN};
    assert_int_equal(report_trend_add(t, "index", v), 0);
    s = render_trend(t, o);
    assert_ascii(s);
    free(s);
    report_trend_free(t);
}

/* ## Trend, headings, lists */

static void test_trend(void **state)
{
    (void)state;
    static const char *const waves[] = {"2022", "2023", "2024年"};
    struct report_trend *t = report_trend_new("变化", REPORT_CELL_PERCENT, 3, waves);
    static const double rate[] = {0.25, 0.5, NAN}, sat[] = {0.6, 0.55, 0.7};
    assert_int_equal(report_trend_add(t, "参与率", rate), 0);
    assert_int_equal(report_trend_add(t, "满意度 satisfaction", sat), 0);
    t->max = 1;
    struct report_options o = {.width = 60};
    char *s = render_trend(t, o);
    char *w1 = line_at(s, 2), *w2 = line_at(s, 3), *w3 = line_at(s, 4);
    assert_int_equal(2 * bar_eighths(w1), bar_eighths(w2));
    assert_int_equal(bar_eighths(w3), 0);
    assert_non_null(strstr(w3, "—"));
    assert_int_equal(column_of(w1, "│", 1), column_of(w3, "│", 1));
    assert_int_equal(report_width(w1, 1), report_width(w3, 1));
    free(w1);
    free(w2);
    free(w3);
    free(s);

    o.ascii = 1;
    s = render_trend(t, o);
    assert_non_null(strstr(s, "#"));
    free(s);

    o.format = REPORT_FORMAT_CSV;
    s = render_trend(t, o);
    assert_non_null(strstr(s, ",变化,,参与率,2023,0.5\n"));
    assert_non_null(strstr(s, ",变化,,参与率,2024年,\n"));
    free(s);
    report_trend_free(t);
}

static void test_heading_and_list(void **state)
{
    (void)state;
    struct capture c;
    struct report_options o = {.width = 24};
    FILE *f = capture_open(&c);
    assert_int_equal(report_heading_render("参与情况", 1, &o, f), 0);
    static const char *const items[] = {"老年居民的参与率明显高于青年居民。", "short one"};
    assert_int_equal(report_list_render(items, 2, &o, f), 0);
    char *s = capture_close(&c);
    assert_string_equal(s, "参与情况\n========\n\n"
                           "- 老年居民的参与率明显高\n"
                           "  于青年居民。\n"
                           "- short one\n\n");
    free(s);

    o.format = REPORT_FORMAT_MARKDOWN;
    f = capture_open(&c);
    assert_int_equal(report_heading_render("Trust", 2, &o, f), 0);
    assert_int_equal(report_list_render(items, 1, &o, f), 0);
    s = capture_close(&c);
    assert_string_equal(s, "## Trust\n\n- 老年居民的参与率明显高于青年居民。\n\n");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_truncate),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_number_format),
        cmocka_unit_test(test_table_builders),
        cmocka_unit_test(test_table_text_aligned),
        cmocka_unit_test(test_table_ascii_only),
        cmocka_unit_test(test_table_markdown),
        cmocka_unit_test(test_table_csv),
        cmocka_unit_test(test_table_empty),
        cmocka_unit_test(test_bars_proportional),
        cmocka_unit_test(test_bars_whisker_and_ascii),
        cmocka_unit_test(test_bars_long_labels),
        cmocka_unit_test(test_likert),
        cmocka_unit_test(test_likert_even_and_seven),
        cmocka_unit_test(test_likert_bins),
        cmocka_unit_test(test_charts_ascii_only),
        cmocka_unit_test(test_trend),
        cmocka_unit_test(test_heading_and_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
