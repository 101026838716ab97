/* sav_cells.c — the SPSS and Stata reader's cell text (sav.c has the parse):
 * a number as reader.h says, whatever its print format; SPSS and Stata dates
 * and date-times as ISO 8601 text; missing values as "".
 */
#include "survey/sav_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days from 1970-01-01 back to each epoch. */
#define SPSS_EPOCH_DAYS 141428LL /* 1582-10-14 */
#define STATA_EPOCH_DAYS 3653LL  /* 1960-01-01 */
#define MS_PER_DAY 86400000LL

enum cell_kind sav_spss_cell_kind(const char *fmt)
{
    char type[16];
    size_t n = 0;
    while (n + 1 < sizeof type && ((fmt[n] >= 'A' && fmt[n] <= 'Z') || (fmt[n] >= 'a' && fmt[n] <= 'z')))
        type[n] = fmt[n], n++;
    type[n] = '\0';
    static const char *const dates[] = {"DATE", "ADATE", "EDATE", "JDATE", "SDATE", "QYR", "MOYR", "WKYR"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        if (!strcasecmp(type, dates[i]))
            return CELL_SPSS_DATE;
    if (!strcasecmp(type, "DATETIME") || !strcasecmp(type, "YMDHMS"))
        return CELL_SPSS_DATETIME;
    return CELL_NUMBER;
}

/* Stata: "%td", "%tdCCYY-NN-DD", "%-td", the old "%d..." dates, "%tc...".
   "%tC" counts leap seconds and stays a number. */
enum cell_kind sav_stata_cell_kind(const char *fmt)
{
    if (fmt[0] != '%')
        return CELL_NUMBER;
    fmt++;
    if (*fmt == '-')
        fmt++;
    if (fmt[0] == 't' && fmt[1] == 'd')
        return CELL_STATA_DATE;
    if (fmt[0] == 't' && fmt[1] == 'c')
        return CELL_STATA_DATETIME;
    if (fmt[0] == 'd' && !(fmt[1] >= '0' && fmt[1] <= '9'))
        return CELL_STATA_DATE;
    return CELL_NUMBER;
}

/* The proleptic Gregorian date of day Z, counted from 1970-01-01: H. Hinnant,
   "chrono-Compatible Low-Level Date Algorithms", civil_from_days (eras of
   400 years of 146097 days, years starting on 1 March). */
static void civil_from_days(long long z, long long *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;                                 /* [0, 146096] */
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          /* [0, 365] */
    long long mp = (5 * doy + 2) / 153;                               /* [0, 11] from March */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* "YYYY-MM-DD" for day DAYS since 1970 into OUT (32 bytes); 0 when the year
   is outside 1..9999 (then the cell is written as a number). */
static size_t date_text(char *out, long long days)
{
    long long y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999)
        return 0;
    return (size_t)snprintf(out, 32, "%04lld-%02d-%02d", y, m, d);
}

/* "YYYY-MM-DD HH:MM:SS[.fff]" for MS milliseconds since 1970 (48 bytes). */
static size_t datetime_text(char *out, long long ms)
{
    long long days = ms >= 0 ? ms / MS_PER_DAY : -((-ms + MS_PER_DAY - 1) / MS_PER_DAY);
    long long in_day = ms - days * MS_PER_DAY;
    size_t n = date_text(out, days);
    if (!n)
        return 0;
    int h = (int)(in_day / 3600000), mi = (int)(in_day / 60000 % 60), s = (int)(in_day / 1000 % 60);
    int f = (int)(in_day % 1000);
    n += (size_t)snprintf(out + n, 48 - n, " %02d:%02d:%02d", h, mi, s);
    if (f) {
        n += (size_t)snprintf(out + n, 48 - n, ".%03d", f);
        while (out[n - 1] == '0')
            out[--n] = '\0';
    }
    return n;
}

/* X as a number cell: digits when whole, else the shortest "%.Ng" that reads
   back as X.  OUT holds 40 bytes. */
size_t sav_double_text(char *out, double x)
{
    if (x == 0)
        return (size_t)snprintf(out, 40, "0"); /* and -0 */
    if (isnan(x))
        return (out[0] = '\0', 0);
    if (isinf(x))
        return (size_t)snprintf(out, 40, "%s", x < 0 ? "-inf" : "inf");
    /* Survey codes: whole and small, written without printf. */
    if (fabs(x) < 1e15 && x == (double)(long long)x) {
        long long v = (long long)x;
        char digits[24];
        size_t n = 0, k = 0;
        unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        do
            digits[n++] = (char)('0' + u % 10);
        while (u /= 10);
        if (v < 0)
            out[k++] = '-';
        while (n)
            out[k++] = digits[--n];
        out[k] = '\0';
        return k;
    }
    /* Below 1e21 a whole double prints exactly as its digits. */
    if (x == trunc(x) && fabs(x) < 1e21)
        return (size_t)snprintf(out, 40, "%.0f", x);
    for (int p = 1; p <= 17; p++) {
        int n = snprintf(out, 40, "%.*g", p, x);
        if (strtod(out, NULL) == x || p == 17)
            return (size_t)n;
    }
    return 0;
}

static size_t float_text(char *out, float x)
{
    if (x == 0 || isnan(x) || isinf(x) || x == truncf(x))
        return sav_double_text(out, (double)x);
    for (int p = 1; p <= 9; p++) {
        int n = snprintf(out, 40, "%.*g", p, (double)x);
        if (strtof(out, NULL) == x || p == 9)
            return (size_t)n;
    }
    return 0;
}

/* A numeric value of a variable of kind K as cell text into OUT (48 bytes);
   "" for a missing one. */
size_t sav_number_cell(char *out, enum cell_kind k, readstat_value_t v)
{
    out[0] = '\0';
    if (readstat_value_is_system_missing(v) || readstat_value_is_tagged_missing(v))
        return 0;
    readstat_type_t t = readstat_value_type(v);
    double x = readstat_double_value(v);
    if (isnan(x))
        return 0;
    size_t n = 0;
    switch (k) {
    case CELL_SPSS_DATE:
        if (fabs(x) < 1e15)
            n = date_text(out, (long long)floor(x / 86400) - SPSS_EPOCH_DAYS);
        break;
    case CELL_SPSS_DATETIME:
        if (fabs(x) < 1e13)
            n = datetime_text(out, llround(x * 1000) - SPSS_EPOCH_DAYS * MS_PER_DAY);
        break;
    case CELL_STATA_DATE:
        if (fabs(x) < 1e12)
            n = date_text(out, (long long)floor(x) - STATA_EPOCH_DAYS);
        break;
    case CELL_STATA_DATETIME:
        if (fabs(x) < 1e17)
            n = datetime_text(out, llround(x) - STATA_EPOCH_DAYS * MS_PER_DAY);
        break;
    default:
        break;
    }
    if (n)
        return n;
    if (t == READSTAT_TYPE_FLOAT)
        return float_text(out, readstat_float_value(v));
    return sav_double_text(out, x);
}
