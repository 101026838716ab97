/* xlsx_sheet.c — the Excel reader's strings and sheet (xlsx.c has the
 * archive and the other parts): strings with their _xHHHH_ escapes decoded
 * and their rich-text runs put together, the shared string table, the text a
 * cell is given (reader.h: numbers, dates, booleans), and the rows of the
 * sheet as records: the header first, each later row with a non-empty cell
 * one record of the header's width, its line its sheet row.
 */
#include "survey/xlsx_internal.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ## Strings */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(s[i]);
        if (d < 0)
            return 0;
        v = v << 4 | (unsigned)d;
    }
    *out = v;
    return 1;
}

static int put_utf8(struct buf *out, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    return buf_append(out, b, n);
}

/* Append S to OUT with its escapes decoded: a string writes a character XML
   cannot hold (a control character) as _xHHHH_, the UTF-16 code unit in hex,
   and a literal "_x" followed by four hex digits as _x005F_x... (ECMA-376
   Part 1, 22.9.2.19, ST_Xstring).  U+0000 and unpaired surrogates are left
   as written: no cell text holds a NUL. */
static int decode_append(struct buf *out, const char *s, size_t len)
{
    size_t start = 0, i = 0;
    while (i < len) {
        const char *u = memchr(s + i, '_', len - i);
        if (!u)
            break;
        i = (size_t)(u - s);
        unsigned cu, lo;
        if (len - i >= 7 && s[i + 1] == 'x' && hex4(s + i + 2, &cu) && s[i + 6] == '_') {
            unsigned cp = cu;
            size_t used = 7;
            if (cu >= 0xD800 && cu <= 0xDBFF) {
                if (len - i >= 14 && s[i + 7] == '_' && s[i + 8] == 'x' && hex4(s + i + 9, &lo) &&
                    s[i + 13] == '_' && lo >= 0xDC00 && lo <= 0xDFFF)
                    cp = 0x10000 + ((cu - 0xD800) << 10) + (lo - 0xDC00), used = 14;
                else
                    cp = 0;
            } else if (cu >= 0xDC00 && cu <= 0xDFFF) {
                cp = 0;
            }
            if (cp) {
                if (buf_append(out, s + start, i - start) < 0 || put_utf8(out, cp) < 0)
                    return -1;
                i += used;
                start = i;
                continue;
            }
        }
        i++;
    }
    return buf_append(out, s + start, len - start);
}

/* Text of a <t> that is not in a phonetic run (<rPh>): a shared or inline
   string's text is its runs' <t> put together. */
static int text_start(struct xlsx *x, const char *n)
{
    if (strcmp(n, "rPh") == 0)
        x->rph++;
    else if (strcmp(n, "t") == 0 && !x->rph)
        x->in_t = 1;
    else
        return 0;
    return 1;
}

static void text_end(struct xlsx *x, const char *n)
{
    if (strcmp(n, "rPh") == 0 && x->rph > 0)
        x->rph--;
    else if (strcmp(n, "t") == 0)
        x->in_t = 0;
}

void xl_text_add(struct xlsx *x, struct buf *b, const char *s, int len)
{
    if (b->len + (size_t)len > MAX_ROW_TEXT) {
        xl_fail(x, SURVEY_ERR_LIMIT, 0, "%s: a string of more than 256 MiB", x->member);
        return;
    }
    if (buf_append(b, s, (size_t)len) < 0)
        xl_nomem(x);
}

void XMLCALL xl_sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = xl_local(name);
    if (strcmp(n, "si") == 0) {
        x->in_si = 1;
        x->raw.len = 0;
        x->rph = 0;
        x->in_t = 0;
    } else if (x->in_si) {
        text_start(x, n);
    }
}

void XMLCALL xl_sst_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = xl_local(name);
    if (!x->in_si)
        return;
    if (strcmp(n, "si") != 0) {
        text_end(x, n);
        return;
    }
    x->in_si = 0;
    if (xl_grow(&x->sst_off, &x->cap_sst, x->n_sst + 1, sizeof *x->sst_off) < 0) {
        xl_nomem(x);
        return;
    }
    x->sst_off[x->n_sst++] = x->sst.len;
    if (decode_append(&x->sst, x->raw.data ? x->raw.data : "", x->raw.len) < 0 || buf_putc(&x->sst, '\0') < 0)
        xl_nomem(x);
}

void XMLCALL xl_sst_text(void *ud, const XML_Char *s, int len)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    if (x->in_si && x->in_t && !x->rph)
        xl_text_add(x, &x->raw, s, len);
}


/* ## Cell text */

/* The shortest text that reads back as V: digits for a whole number below
   2^53 (every such integer is a double), else "%.15g", "%.16g" or "%.17g",
   whichever first reads back the same (15 digits always do when the number
   has a 15-digit form, C11 5.2.4.2.2 DBL_DIG; 17 always do). */
static size_t number_text(double v, char *out, size_t cap)
{
    if (v == 0)
        return (size_t)snprintf(out, cap, "0");
    if (floor(v) == v && fabs(v) < 9007199254740992.0)
        return (size_t)snprintf(out, cap, "%.0f", v);
    for (int p = 15; p <= 17; p++) {
        snprintf(out, cap, "%.*g", p, v);
        if (strtod(out, NULL) == v)
            break;
    }
    return strlen(out);
}

/* Whether S is already what number_text() would write for it, which most
   number cells are ("3", "2.5", "0"): "0", or a nonzero decimal of at most 15 significant
   digits (then no shorter text reads back the same, DBL_DIG again), with no
   exponent, leading zero, trailing fractional zero or plus sign, and at
   least 1e-4 (below, "%g" writes an exponent). */
int xl_is_shortest(const char *s, size_t len)
{
    if (len == 1 && s[0] == '0') /* number_text(0) */
        return 1;
    size_t i = len && s[0] == '-', digits = 0, lead = 0;
    if (i == len || s[i] < '0' || s[i] > '9')
        return 0;
    if (s[i] == '0') { /* "0.xxx" */
        if (i + 1 == len || s[i + 1] != '.')
            return 0;
        i++;
        for (size_t k = i + 1; k < len && s[k] == '0'; k++)
            lead++;
        if (lead > 3)
            return 0;
    }
    int dot = 0;
    for (; i < len; i++) {
        if (s[i] == '.' && !dot && i + 1 < len)
            dot = 1;
        else if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else
            return 0;
    }
    return digits - lead <= 15 && !(dot && s[len - 1] == '0') && digits > lead;
}

/* A day count since 1970-01-01 as a proleptic Gregorian date (the
   civil_from_days algorithm of H. Hinnant, "chrono-Compatible Low-Level Date
   Algorithms"). */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A serial date V as ISO 8601 text, or 0 when V is outside 0..9999-12-31.
   The 1900 date system counts 1900-01-01 as day 1 and, as Lotus 1-2-3 did,
   has a 1900-02-29 (day 60); from day 61 on, day N is 1899-12-30 plus N.
   The 1904 system counts 1904-01-01 as day 0 (ECMA-376 Part 1, 18.17.4). */
static size_t date_text(double v, enum fmt_kind kind, int date1904, char *out, size_t cap)
{
    if (!(v >= 0) || v >= (date1904 ? 2957004.0 : 2958466.0))
        return 0;
    long long secs = llround(v * 86400.0);
    long long days = secs / 86400;
    int sod = (int)(secs % 86400);
    int hh = sod / 3600, mi = sod / 60 % 60, ss = sod % 60;
    if (kind == FMT_ELAPSED || (kind == FMT_TIME && days == 0))
        return (size_t)snprintf(out, cap, "%02lld:%02d:%02d", secs / 3600, mi, ss);
    int y, m, d;
    if (date1904)
        civil_from_days(days + 1462 - 25569, &y, &m, &d);
    else if (days == 60)
        y = 1900, m = 2, d = 29;
    else
        civil_from_days(days - (days < 60 ? 25568 : 25569), &y, &m, &d);
    if (kind == FMT_DATE && sod == 0)
        return (size_t)snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    return (size_t)snprintf(out, cap, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mi, ss);
}

/* The row of the cell being read: its row's r, else its first cell's, else
   the row after the last. */
static long cell_row(const struct xlsx *x)
{
    return x->row_attr ? x->row_attr : x->row_ref ? x->row_ref : x->prev_row + 1;
}

/* The cell reference of the cell being read ("C7"), for messages. */
static const char *cell_ref(const struct xlsx *x, char out[24])
{
    char c[8];
    snprintf(out, 24, "%s%ld", xl_col_name(x->col, c), cell_row(x));
    return out;
}

/* The text of the cell just read, appended to x->row_text (from START). */
static int cell_text(struct xlsx *x, size_t start)
{
    struct buf *t = &x->row_text;
    const char *v = x->val.data ? x->val.data : "";
    size_t vlen = x->val.len;
    char ref[24], num[64];
    if (x->have_is)
        return decode_append(t, x->raw.data ? x->raw.data : "", x->raw.len) < 0 ? xl_nomem(x) : 0;
    switch (x->type) {
    case CT_SHARED: {
        if (!vlen)
            return 0;
        unsigned long i;
        if (xl_parse_uint(v, vlen, ULONG_MAX, &i) < 0)
            return xl_fail(x, SURVEY_ERR_IO, cell_row(x),
                        "cell %s: the shared string index \"%.40s\" is not a number", cell_ref(x, ref), v);
        if (i >= x->n_sst)
            return xl_fail(x, SURVEY_ERR_IO, cell_row(x),
                        "cell %s: shared string %lu does not exist (the workbook has %zu)", cell_ref(x, ref),
                        i, x->n_sst);
        size_t end = i + 1 < x->n_sst ? x->sst_off[i + 1] - 1 : x->sst.len - 1;
        return xl_cell_append(t, x->sst.data + x->sst_off[i], end - x->sst_off[i]) < 0 ? xl_nomem(x) : 0;
    }
    case CT_INLINE:
    case CT_STR: return decode_append(t, v, vlen) < 0 ? xl_nomem(x) : 0;
    case CT_BOOL:
        if ((vlen == 1 && v[0] == '1') || (vlen == 4 && memcmp(v, "true", 4) == 0))
            v = "1", vlen = 1;
        else if ((vlen == 1 && v[0] == '0') || (vlen == 5 && memcmp(v, "false", 5) == 0))
            v = "0", vlen = 1;
        break;
    case CT_ERROR: break;
    case CT_ISODATE: {
        /* "2024-05-01T10:30:00.000Z" as "2024-05-01 10:30:00" */
        size_t n = vlen;
        if (n && v[n - 1] == 'Z')
            n--;
        const char *dot = memchr(v, '.', n);
        if (dot && memchr(v, ':', n))
            n = (size_t)(dot - v);
        if (buf_append(t, v, n) < 0)
            return xl_nomem(x);
        char *tee = memchr(t->data + start, 'T', t->len - start);
        if (tee)
            *tee = ' ';
        return 0;
    }
    case CT_NUMBER: {
        enum fmt_kind k =
            x->style < x->n_xfs && x->xf_kind ? (enum fmt_kind)x->xf_kind[x->style] : FMT_NUMBER;
        if (k == FMT_NUMBER && xl_is_shortest(v, vlen))
            break;
        double d;
        if (text_double(v, vlen, &d) < 0)
            break; /* not a number after all: its text as written */
        size_t n = k != FMT_NUMBER ? date_text(d, k, x->date1904, num, sizeof num) : 0;
        if (!n)
            n = number_text(d, num, sizeof num);
        v = num, vlen = n;
        break;
    }
    }
    return xl_cell_append(t, v, vlen) < 0 ? xl_nomem(x) : 0;
}


/* ## The sheet */

/* A cell reference "C7": its column and row (0 when it has no digits).
   0, -1 when malformed, -2 beyond column XFD or row 1048576. */
static int parse_ref(const char *r, long *col, long *row)
{
    const char *p = r;
    long c = 0, n = 0;
    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
        c = c * 26 + ((*p | 0x20) - 'a' + 1);
        if (c > MAX_COLS)
            return -2;
    }
    if (p == r)
        return -1;
    if (*p) {
        for (; *p >= '0' && *p <= '9'; p++) {
            n = n * 10 + (*p - '0');
            if (n > MAX_ROWS)
                return -2;
        }
        if (*p || n == 0)
            return -1;
    }
    *col = c, *row = n;
    return 0;
}

static void start_row(struct xlsx *x, const XML_Char **atts)
{
    x->in_row = 1;
    x->row_attr = x->row_ref = 0;
    x->last_col = x->max_col = 0;
    x->n_cells = 0;
    x->row_text.len = 0;
    const char *r = xl_attr(atts, "r");
    unsigned long v;
    if (!r)
        return;
    if (xl_parse_uint(r, strlen(r), ULONG_MAX, &v) < 0 || v == 0)
        xl_fail(x, SURVEY_ERR_IO, 0, "%s: a row numbered \"%.40s\"", x->member, r);
    else if (v > MAX_ROWS)
        xl_fail(x, SURVEY_ERR_LIMIT, 0, "%s: row %lu, beyond Excel's last row 1048576", x->member, v);
    else
        x->row_attr = (long)v;
}

void xl_start_cell(struct xlsx *x, const XML_Char **atts)
{
    x->in_c = 1;
    x->in_v = x->in_is = x->have_is = x->in_t = x->rph = 0;
    x->val.len = x->raw.len = 0;
    const char *r = NULL, *t = NULL, *s = NULL;
    for (size_t i = 0; atts[i]; i += 2) { /* the first r, s and t, as xl_attr() finds them */
        const char *n = xl_local(atts[i]);
        if (!n[0] || n[1])
            continue;
        if (n[0] == 'r' && !r)
            r = atts[i + 1];
        else if (n[0] == 's' && !s)
            s = atts[i + 1];
        else if (n[0] == 't' && !t)
            t = atts[i + 1];
    }
    long col = x->last_col + 1, row = 0;
    if (r) {
        int rc = parse_ref(r, &col, &row);
        if (rc == -1) {
            xl_fail(x, SURVEY_ERR_IO, cell_row(x), "%s: a cell at \"%.40s\", which is not a cell reference",
                 x->member, r);
            return;
        }
        if (rc == -2) {
            xl_fail(x, SURVEY_ERR_LIMIT, cell_row(x),
                 "%s: a cell at %.40s, beyond Excel's last column XFD or row 1048576", x->member, r);
            return;
        }
    }
    if (col > MAX_COLS) {
        xl_fail(x, SURVEY_ERR_LIMIT, cell_row(x), "%s: a row with cells beyond Excel's last column XFD",
             x->member);
        return;
    }
    if (row && !x->row_ref)
        x->row_ref = row;
    x->col = x->last_col = col;
    /* t: n (the default, also for a value unknown), s, inlineStr, str, b, e, d */
    x->type = CT_NUMBER;
    if (t && t[0] && !t[1])
        x->type = t[0] == 's' ? CT_SHARED : t[0] == 'b' ? CT_BOOL : t[0] == 'e' ? CT_ERROR
                : t[0] == 'd' ? CT_ISODATE : CT_NUMBER;
    else if (t && strcmp(t, "inlineStr") == 0)
        x->type = CT_INLINE;
    else if (t && strcmp(t, "str") == 0)
        x->type = CT_STR;
    unsigned long style;
    x->style = s && xl_parse_uint(s, strlen(s), ULONG_MAX, &style) == 0 ? style : 0;
}

void xl_end_cell(struct xlsx *x)
{
    x->in_c = 0;
    size_t start = x->row_text.len;
    if (cell_text(x, start) < 0)
        return;
    size_t len = x->row_text.len - start;
    if (!len)
        return;
    if (x->row_text.len + 1 > MAX_ROW_TEXT) {
        xl_fail(x, SURVEY_ERR_LIMIT, cell_row(x), "%s: a row of more than 256 MiB of text", x->member);
        return;
    }
    if ((x->n_cells == x->cap_cells &&
         xl_grow(&x->cells, &x->cap_cells, x->n_cells + 1, sizeof *x->cells) < 0) ||
        xl_cell_append(&x->row_text, "", 1) < 0) {
        xl_nomem(x);
        return;
    }
    x->cells[x->n_cells++] = (struct cell){x->col, start, len};
    if (x->col > x->max_col)
        x->max_col = x->col;
}

static void end_row(struct xlsx *x)
{
    x->in_row = 0;
    long row = cell_row(x);
    if (row > MAX_ROWS) {
        xl_fail(x, SURVEY_ERR_LIMIT, 0, "%s: a row after row 1048576, Excel's last", x->member);
        return;
    }
    if (row <= x->prev_row) {
        xl_fail(x, SURVEY_ERR_IO, row, "%s: row %ld comes after row %ld (rows must be in order)", x->member, row,
             x->prev_row);
        return;
    }
    x->prev_row = row;
    if (!x->n_cells)
        return;
    if (!x->width)
        x->width = (size_t)x->max_col;
    size_t n = (size_t)x->max_col > x->width ? (size_t)x->max_col : x->width;
    if (n > x->cap_field) {
        const char **f = realloc(x->field, n * sizeof *f);
        if (!f) {
            xl_nomem(x);
            return;
        }
        x->field = f;
        size_t *l = realloc(x->flen, n * sizeof *l);
        if (!l) {
            xl_nomem(x);
            return;
        }
        x->flen = l;
        x->cap_field = n;
    }
    for (size_t i = 0; i < n; i++)
        x->field[i] = "", x->flen[i] = 0;
    for (size_t i = 0; i < x->n_cells; i++) {
        const struct cell *c = &x->cells[i];
        x->field[c->col - 1] = x->row_text.data + c->off;
        x->flen[c->col - 1] = c->len;
    }
    struct rd_record rec = {n, x->field, x->flen, row};
    if (x->sink(x->ctx, &rec) != 0) {
        x->failed = 1; /* the sink filled ERR */
        if (x->p)
            XML_StopParser(x->p, XML_FALSE);
    }
}

void XMLCALL xl_sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = xl_local(name);
    if (!x->in_data) {
        x->in_data = strcmp(n, "sheetData") == 0;
    } else if (!x->in_row) {
        if (n[0] == 'r' && n[1] == 'o' && n[2] == 'w' && !n[3])
            start_row(x, atts);
    } else if (!x->in_c) {
        if (n[0] == 'c' && !n[1])
            xl_start_cell(x, atts);
    } else if (x->in_is) {
        text_start(x, n);
    } else if (n[0] == 'v' && !n[1]) {
        x->in_v = 1;
    } else if (n[0] == 'i' && n[1] == 's' && !n[2]) {
        x->in_is = x->have_is = 1;
    }
}

void XMLCALL xl_sheet_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    const char *n = xl_local(name);
    if (!x->in_data)
        return;
    if (x->in_c) {
        if (n[0] == 'c' && !n[1])
            xl_end_cell(x);
        else if (n[0] == 'i' && n[1] == 's' && !n[2])
            x->in_is = 0;
        else if (x->in_is)
            text_end(x, n);
        else if (n[0] == 'v' && !n[1])
            x->in_v = 0;
    } else if (x->in_row) {
        if (n[0] == 'r' && n[1] == 'o' && n[2] == 'w' && !n[3])
            end_row(x);
    } else if (strcmp(n, "sheetData") == 0) {
        x->in_data = 0;
    }
}

void XMLCALL xl_sheet_text(void *ud, const XML_Char *s, int len)
{
    struct xlsx *x = ud;
    if (x->failed)
        return;
    if (!x->in_c)
        return;
    if (x->in_is) {
        if (x->in_t && !x->rph)
            xl_text_add(x, &x->raw, s, len);
    } else if (x->in_v) {
        xl_text_add(x, &x->val, s, len);
    }
}
