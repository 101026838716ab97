/* format.c — how every number in a report is written.
 *
 * One table says, per cell class, how a number is scaled (a share becomes a
 * percentage), how many decimals it gets, whether it carries a sign and a
 * suffix.  Rounding is half away from zero on the decimal value a reader
 * sees: printf rounds the binary value, which prints 2.675 (stored as
 * 2.67499999…) as "2.67"; nudging the scaled value by a few units in the last
 * place before rounding gives "2.68", as a hand calculation does. */
#include "report/report.h"

#include <float.h>
#include <math.h>
#include <stdio.h>

static const struct number_style {
    double scale;      /* multiply by this before printing */
    int decimals;
    int is_signed;     /* "+" before a positive value */
    const char *suffix;
} styles[] = {
    [REPORT_CELL_COUNT]          = {1, 0, 0, ""},
    [REPORT_CELL_PERCENT]        = {100, 1, 0, "%"},
    [REPORT_CELL_PERCENT_CHANGE] = {100, 1, 1, ""},
    [REPORT_CELL_MEAN]           = {1, 2, 0, ""},
    [REPORT_CELL_MEAN_CHANGE]    = {1, 2, 1, ""},
    [REPORT_CELL_STAT]           = {1, 3, 0, ""},
    [REPORT_CELL_PVALUE]         = {1, 3, 0, ""},
    [REPORT_CELL_RATIO]          = {1, 2, 0, ""},
};

/* Values this large in units of the last decimal lose integer precision in
   a double; they print in scientific notation instead. */
#define EXACT_LIMIT 1e15

char *report_number_format(char *buf, size_t size, double value,
                           enum report_cell_class cls, int ascii)
{
    if (cls == REPORT_CELL_EMPTY || cls == REPORT_CELL_TEXT) {
        snprintf(buf, size, "%s", "");
        return buf;
    }
    if (!isfinite(value)) {
        snprintf(buf, size, "%s", ascii ? "-" : "—");
        return buf;
    }
    if (cls == REPORT_CELL_PVALUE && value >= 0 && value < 0.001) {
        snprintf(buf, size, "%s", "<0.001");
        return buf;
    }

    const struct number_style *st = &styles[cls];
    double unit = pow(10, st->decimals);
    double v = value * st->scale * unit;
    if (fabs(v) >= EXACT_LIMIT) {
        snprintf(buf, size, "%.6g%s", value * st->scale, st->suffix);
        return buf;
    }
    double r = round(v + copysign(fabs(v) * 8 * DBL_EPSILON, v));
    if (r == 0)
        r = 0; /* no "-0.0" */
    snprintf(buf, size, "%s%.*f%s", st->is_signed && r > 0 ? "+" : "", st->decimals,
             r / unit, st->suffix);
    return buf;
}
