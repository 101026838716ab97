/* output.c — what every renderer shares: the glyph sets, padded and wrapped
 * writing by display width, CSV fields, and the two blocks too small for a
 * file of their own (headings and bulleted lists). */
#include "report/report.h"
#include "report/report_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct rp_glyphs unicode = {
    .plain = 0,
    .h = "─", .v = "│",
    .nw = "┌", .n = "┬", .ne = "┐",
    .w = "├", .c = "┼", .e = "┤",
    .sw = "└", .s = "┴", .se = "┘",
    .full = "█",
    .partial = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"},
    .whisker_lo = "├", .whisker_mid = "┼", .whisker_hi = "┤", .whisker_one = "│",
};

/* ASCII bars have whole-cell resolution (no partial cells). */
static const struct rp_glyphs ascii = {
    .plain = 1,
    .h = "-", .v = "|",
    .nw = "+", .n = "+", .ne = "+",
    .w = "+", .c = "+", .e = "+",
    .sw = "+", .s = "+", .se = "+",
    .full = "#",
    .whisker_lo = "[", .whisker_mid = "+", .whisker_hi = "]", .whisker_one = "|",
};

const struct rp_glyphs *rp_glyphs_for(const struct report_options *o)
{
    return o->ascii || o->ambiwidth == 2 ? &ascii : &unicode;
}

int rp_ambi(const struct report_options *o)
{
    return o->ambiwidth == 2 ? 2 : 1;
}

size_t rp_chart_width(const struct report_options *o)
{
    return o->width ? o->width : REPORT_CHART_WIDTH;
}

void rp_repeat(FILE *out, const char *s, size_t n)
{
    while (n--)
        fputs(s, out);
}

void rp_field(FILE *out, const char *s, size_t len, size_t sw, size_t width, int right)
{
    size_t pad = width > sw ? width - sw : 0;
    if (right)
        rp_repeat(out, " ", pad);
    fwrite(s, 1, len, out);
    if (!right)
        rp_repeat(out, " ", pad);
}

void rp_wrapped(FILE *out, const char *text, size_t width, int ambiwidth,
                const char *prefix, size_t indent)
{
    size_t room = width > indent ? width - indent : 1;
    if (!width)
        room = SIZE_MAX;
    for (size_t at = 0, first = 1; first || text[at]; first = 0) {
        size_t next, len = report_wrap(text + at, room, ambiwidth, &next);
        if (first)
            fputs(prefix, out);
        else
            rp_repeat(out, " ", indent);
        fwrite(text + at, 1, len, out);
        fputc('\n', out);
        at += next;
    }
}

/* Write one CSV field, quoted when it needs to be (RFC 4180), then SEP. */
static void csv_field(FILE *out, const char *field, char sep)
{
    if (!field)
        field = "";
    if (strpbrk(field, ",\"\r\n")) {
        fputc('"', out);
        for (const char *p = field; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        fputs(field, out);
    }
    fputc(sep, out);
}

void rp_csv_row(FILE *out, const struct report_options *o, const char *table,
                const char *group, const char *row, const char *column,
                double x, const char *text)
{
    char num[REPORT_NUMBER_SIZE] = "";
    if (!text && isfinite(x))
        snprintf(num, sizeof num, "%.15g", x == 0 ? 0 : x);
    csv_field(out, o->section, ',');
    csv_field(out, table, ',');
    csv_field(out, group, ',');
    csv_field(out, row, ',');
    csv_field(out, column, ',');
    csv_field(out, text ? text : num, '\n');
}

double rp_nice_max(double x)
{
    static const double steps[] = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 10};
    if (!(x > 0) || !isfinite(x))
        return 1;
    double p = pow(10, floor(log10(x)));
    size_t i = 0;
    while (steps[i] * p < x * (1 - 1e-9))
        i++;
    return steps[i] * p;
}

char *rp_tick_label(char *buf, double x, enum report_cell_class cls)
{
    report_number_format(buf, REPORT_NUMBER_SIZE, x, cls, 1);
    char *dot = strchr(buf, '.');
    if (dot) {
        size_t digits = strspn(dot + 1, "0123456789");
        char *end = dot + 1 + digits, *cut = end;
        while (cut > dot + 1 && cut[-1] == '0')
            cut--;
        if (cut == dot + 1)
            cut = dot;
        memmove(cut, end, strlen(end) + 1);
    }
    return buf;
}

/* What may follow a '<' that opens an HTML tag in GitHub Markdown. */
#define TAG_START "/!?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

char *rp_md_escape(const char *s, int bold)
{
    char *r = malloc(2 * strlen(s) + 5), *p = r;
    if (!r)
        return NULL;
    if (bold)
        p = stpcpy(p, "**");
    for (; *s; s++) {
        if (strchr("\\|*_`", *s) || (*s == '<' && s[1] && strchr(TAG_START, s[1])))
            *p++ = '\\';
        *p++ = *s == '\n' || *s == '\r' ? ' ' : *s;
    }
    if (bold)
        p = stpcpy(p, "**");
    *p = '\0';
    return r;
}

int rp_chart_render(const char *title, const void *chart,
                    int (*text)(const void *, const struct report_options *, FILE *),
                    int (*csv)(const void *, const struct report_options *, FILE *),
                    int (*html)(const void *, FILE *),
                    const struct report_options *o, FILE *out)
{
    int rc = 0;
    switch (o->format) {
    case REPORT_FORMAT_TEXT:
        if (title)
            rp_wrapped(out, title, rp_chart_width(o), rp_ambi(o), "", 0);
        rc = text(chart, o, out);
        fputc('\n', out);
        break;
    case REPORT_FORMAT_MARKDOWN:
        if (title) {
            char *bold = rp_md_escape(title, 1);
            if (!bold)
                return -1;
            fprintf(out, "%s\n\n", bold);
            free(bold);
        }
        fputs("```text\n", out);
        rc = text(chart, o, out);
        fputs("```\n\n", out);
        break;
    case REPORT_FORMAT_CSV:
        rc = csv(chart, o, out);
        break;
    case REPORT_FORMAT_HTML:
        rc = html(chart, out);
        break;
    default: /* a format of whole documents only */
        return -1;
    }
    return rc < 0 ? -1 : rp_finish(out);
}

int rp_finish(FILE *out)
{
    return ferror(out) ? -1 : 0;
}

void *rp_grow(void *p, size_t *cap, size_t n, size_t size)
{
    if (p && n < *cap)
        return p;
    size_t want = *cap ? 2 * *cap : 8;
    void *q = realloc(p, want * size);
    if (q)
        *cap = want;
    return q;
}

char *rp_strdup(const char *s, int *failed)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *failed = 1;
    return d;
}

int report_csv_header(FILE *out)
{
    fputs("section,table,group,row,column,value\n", out);
    return rp_finish(out);
}

int report_heading_render(const char *title, int level, const struct report_options *o,
                          FILE *out)
{
    switch (o->format) {
    case REPORT_FORMAT_TEXT:
        fprintf(out, "%s\n", title);
        rp_repeat(out, level <= 1 ? "=" : "-", report_width(title, rp_ambi(o)));
        fputs("\n\n", out);
        break;
    case REPORT_FORMAT_MARKDOWN: {
        char *escaped = rp_md_escape(title, 0);
        if (!escaped)
            return -1;
        fprintf(out, "%s %s\n\n", level <= 1 ? "#" : "##", escaped);
        free(escaped);
        break;
    }
    case REPORT_FORMAT_CSV:
        break;
    case REPORT_FORMAT_HTML:
        return rp_html_heading(title, level, out);
    default: /* a format of whole documents only */
        return -1;
    }
    return rp_finish(out);
}

int report_list_render(const char *const *items, size_t n,
                       const struct report_options *o, FILE *out)
{
    if (o->format == REPORT_FORMAT_HTML)
        return rp_html_list(items, n, out);
    for (size_t i = 0; i < n; i++) {
        char row[24], *escaped;
        switch (o->format) {
        case REPORT_FORMAT_TEXT:
            rp_wrapped(out, items[i], o->width, rp_ambi(o), "- ", 2);
            break;
        case REPORT_FORMAT_MARKDOWN:
            if (!(escaped = rp_md_escape(items[i], 0)))
                return -1;
            fprintf(out, "- %s\n", escaped);
            free(escaped);
            break;
        case REPORT_FORMAT_CSV:
            snprintf(row, sizeof row, "%zu", i + 1);
            rp_csv_row(out, o, "", "", row, "text", NAN, items[i]);
            break;
        case REPORT_FORMAT_HTML: /* written whole above */
            break;
        default: /* a format of whole documents only */
            return -1;
        }
    }
    if (o->format != REPORT_FORMAT_CSV)
        fputc('\n', out);
    return rp_finish(out);
}
