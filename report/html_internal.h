/* html_internal.h — what the HTML backend's two files (html.c: the page,
 * tables, headings and lists; html_charts.c: the SVG charts) share: escaping
 * and coordinates.
 */
#ifndef CANYU_REPORT_HTML_INTERNAL_H
#define CANYU_REPORT_HTML_INTERNAL_H

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ## Writing */

/* Write the LEN bytes at S escaped for HTML and SVG text and attributes.
   Control characters other than tab and newline, which no HTML or XML text
   may hold, are dropped. */
static inline void esc_n(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:
            if ((c >= 0x20 && c != 0x7f) || c == '\t' || c == '\n')
                fputc(c, out);
        }
    }
}

static inline void esc(FILE *out, const char *s)
{
    if (s)
        esc_n(out, s, strlen(s));
}

/* A coordinate with two decimals ("12.50", "-3.00"), whatever the locale. */
struct coord {
    char s[32];
};

static inline struct coord f2(double x)
{
    struct coord c;
    if (!isfinite(x))
        x = 0;
    x = fmax(-1e12, fmin(1e12, x));
    long long v = llround(x * 100);
    long long a = v < 0 ? -v : v;
    snprintf(c.s, sizeof c.s, "%s%lld.%02lld", v < 0 ? "-" : "", a / 100, a % 100);
    return c;
}

#endif
