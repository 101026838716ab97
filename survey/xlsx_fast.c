/* xlsx_fast.c — the sheet reader's direct path (xl_sheet_fast): the cells
 * nearly every workbook is made of, `<c r="B2" s="1" t="s"><v>7</v></c>`, read
 * straight from the inflated bytes by xlsx_xml.c's scanner instead of as
 * start, text and end callbacks.  The commonest (a number written as canyu
 * writes it, an existing shared string) are added to the row here; the rest
 * go to xlsx_sheet.c's cell functions, so that every cell gets the same
 * text and the same messages whichever way it is read.
 */
#include "survey/xlsx_internal.h"

#include <string.h>

/* A byte that text copies as it is (printable ASCII but < & >). */
static inline int fast_plain(unsigned c)
{
    return c >= 0x20 && c < 0x7F && c != '<' && c != '&' && c != '>';
}

static inline int fast_alnum(unsigned c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static inline int fast_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

/* Up to 9 digits B[I..E) as a number, as xl_parse_uint() reads them; -1
   for none, more, or any other byte. */
static inline long fast_uint(const unsigned char *b, size_t i, size_t e)
{
    if (i == e || e - i > 9)
        return -1;
    long v = 0;
    for (; i < e; i++) {
        if (!fast_digit(b[i]))
            return -1;
        v = v * 10 + (b[i] - '0');
    }
    return v;
}

/* Whether the number V0..V1 of B (some bytes) is written as canyu writes
   it: most are whole numbers of up to 15 digits, told here without a call. */
static inline int fast_shortest(const unsigned char *b, size_t v0, size_t v1)
{
    size_t n = v1 - v0;
    if (n > 15 || b[v0] < '1' || b[v0] > '9')
        return xl_is_shortest((const char *)b + v0, n);
    for (size_t k = v0 + 1; k < v1; k++)
        if (!fast_digit(b[k]))
            return xl_is_shortest((const char *)b + v0, n);
    return 1;
}

/* What follows a cell's start tag at B[J]: "</c>", or "<v>" a value of
   printable ASCII but < & > "</v></c>" (the value V0..V1, else V0 == V1).
   The index after it; 0 for anything else or a cell cut by the end of the
   LEN bytes. */
static inline size_t fast_content(const unsigned char *b, size_t j, size_t len, size_t *v0, size_t *v1)
{
    if (len - j >= 4 && memcmp(b + j, "</c>", 4) == 0)
        return j + 4;
    if (len - j < 3 || memcmp(b + j, "<v>", 3) != 0)
        return 0;
    size_t e = j + 3;
    while (e < len && fast_plain(b[e]))
        e++;
    if (len - e < 8 || memcmp(b + e, "</v></c>", 8) != 0)
        return 0;
    *v0 = j + 3, *v1 = e;
    return e + 8;
}

/* The cell read by fast_rst() or fast_direct(), added to the row when it is
   of the commonest kinds: a number (SHARED 0) whose text needs no rewriting
   (a plain format, xl_is_shortest()) or a shared string that exists.  COL,
   ROW (0: none), STYLE its attributes; V0..V1 the value in B.  Then the cell
   is added as xl_start_cell() and xl_end_cell() would add it, and 1
   returned; 0, with nothing changed, for any other cell, which then goes
   their way (and gets their messages). */
#if defined(__GNUC__)
__attribute__((always_inline)) /* once a cell: a call costs a fifth of it */
#endif
static inline int
fast_add(struct xlsx *x, const unsigned char *b, long col, long row, long style, int shared, size_t v0, size_t v1)
{
    const char *text = NULL;
    size_t len = 0;
    if (v1 > v0 && shared) {
        long i = fast_uint(b, v0, v1);
        if (i < 0 || (size_t)i >= x->n_sst)
            return 0;
        size_t end = (size_t)i + 1 < x->n_sst ? x->sst_off[i + 1] - 1 : x->sst.len - 1;
        text = x->sst.data + x->sst_off[i], len = end - x->sst_off[i];
    } else if (v1 > v0) {
        if ((size_t)style < x->n_xfs && x->xf_kind && x->xf_kind[style] != FMT_NUMBER)
            return 0;
        if (!fast_shortest(b, v0, v1))
            return 0;
        text = (const char *)b + v0, len = v1 - v0;
    }
    struct buf *rt = &x->row_text;
    if (rt->len + len + 1 > MAX_ROW_TEXT)
        return 0;
    /* from here on, what xl_start_cell() and xl_end_cell() leave */
    if (row && !x->row_ref)
        x->row_ref = row;
    x->col = x->last_col = col;
    x->type = shared ? CT_SHARED : CT_NUMBER;
    x->style = (unsigned long)style;
    x->val.len = x->raw.len = 0;
    if (!len)
        return 1;
    if (x->n_cells == x->cap_cells && xl_grow(&x->cells, &x->cap_cells, x->n_cells + 1, sizeof *x->cells) < 0) {
        xl_nomem(x);
        return 1;
    }
    if (len <= 8 && !shared && rt->cap - rt->len > 16) {
        /* a value in B has its "</v></c>" after it: 8 bytes to copy at once */
        char *d = rt->data + rt->len;
        memcpy(d, text, 8);
        d[len] = d[len + 1] = '\0';
        rt->len += len + 1;
    } else if (xl_cell_append(rt, text, len) < 0 || xl_cell_append(rt, "", 1) < 0) {
        xl_nomem(x);
        return 1;
    }
    x->cells[x->n_cells++] = (struct cell){col, rt->len - len - 1, len};
    if (col > x->max_col)
        x->max_col = col;
    return 1;
}

/* The cell of xl_sheet_fast()'s general loop, its attributes R, S and T
   given as their values [start, end) (start == end when absent): a
   reference of letters then a row within Excel's bounds, a style of
   digits, no type or t="s" or t="n", then fast_add(); 0 for anything else. */
static int fast_direct(struct xlsx *x, const unsigned char *b, const size_t r[2], const size_t s[2],
                       const size_t t[2], size_t v0, size_t v1)
{
    int shared = 0;
    if (t[1] > t[0]) {
        if (t[1] - t[0] != 1 || (b[t[0]] != 's' && b[t[0]] != 'n'))
            return 0;
        shared = b[t[0]] == 's';
    }
    long col = x->last_col + 1, row = 0;
    if (r[1] > r[0]) {
        size_t k = r[0];
        long c = 0;
        for (; k < r[1] && !fast_digit(b[k]) && c <= MAX_COLS; k++)
            c = c * 26 + ((b[k] | 0x20) - 'a' + 1);
        row = fast_uint(b, k, r[1]);
        if (k == r[0] || c > MAX_COLS || row <= 0 || row > MAX_ROWS)
            return 0;
        col = c;
    }
    if (col > MAX_COLS)
        return 0;
    long style = s[1] > s[0] ? fast_uint(b, s[0], s[1]) : 0;
    if (style < 0)
        return 0;
    return fast_add(x, b, col, row, style, shared, v0, v1);
}

/* The cell at B[I] ("<c") as nearly every writer spells it, read in one
   pass: <c r="A1"> with an upper-case reference, then optionally s="digits"
   and t="s" or t="n" in that order, each after one space; then "/>",
   "></c>" or "><v>" printable ASCII but < & > "</v></c>".  The index after
   it when fast_add() took it; 0 otherwise, with nothing changed. */
static size_t fast_rst(struct xlsx *x, const unsigned char *b, size_t i, size_t len)
{
    size_t j = i + 2, k;
    if (len - j < 6 || memcmp(b + j, " r=\"", 4) != 0)
        return 0;
    j += 4;
    long col = 0, row = 0, style = 0;
    for (k = j; j < len && b[j] >= 'A' && b[j] <= 'Z' && col <= MAX_COLS; j++)
        col = col * 26 + (b[j] - 'A' + 1);
    if (j == k || col > MAX_COLS)
        return 0;
    uint64_t w;
    if (x->fast_rl && len - j >= 8 && (memcpy(&w, b + j, 8), ((w ^ x->fast_rw) & x->fast_rm) == 0)) {
        row = x->fast_row; /* the row of the cell before */
        j += x->fast_rl;
    } else {
        for (k = j; j < len && fast_digit(b[j]) && row <= MAX_ROWS; j++)
            row = row * 10 + (b[j] - '0');
        if (j == k || row == 0 || row > MAX_ROWS || j >= len || b[j] != '"')
            return 0;
        j++;
        if (j - k <= 8 && len - k >= 8) { /* up to 7 digits and the quote */
            unsigned char m[8] = {0};
            memset(m, 0xFF, j - k);
            memcpy(&x->fast_rm, m, 8);
            memcpy(&w, b + k, 8);
            x->fast_rw = w & x->fast_rm;
            x->fast_rl = j - k;
            x->fast_row = row;
        }
    }
    if (len - j >= 6 && memcmp(b + j, " s=\"", 4) == 0) {
        j += 4;
        for (k = j; j < len && fast_digit(b[j]) && j - k < 9; j++)
            style = style * 10 + (b[j] - '0');
        if (j == k || j >= len || b[j] != '"')
            return 0;
        j++;
    }
    int shared = 0;
    if (len - j >= 6 && memcmp(b + j, " t=\"", 4) == 0) {
        if ((b[j + 4] != 's' && b[j + 4] != 'n') || b[j + 5] != '"')
            return 0;
        shared = b[j + 4] == 's';
        j += 6;
    }
    size_t v0 = 0, v1 = 0;
    if (len - j >= 2 && b[j] == '/' && b[j + 1] == '>')
        j += 2;
    else if (j < len && b[j] == '>')
        j = fast_content(b, j + 1, len, &v0, &v1);
    else
        return 0;
    return j && fast_add(x, b, col, row, style, shared, v0, v1) ? j : 0;
}

/* The cell at B[I] ("<c"), LEN bytes in the buffer, when it is of the
   shapes nearly every workbook writes: attributes r, s and t only, each at
   most once after one space, their values letters and digits; then "/>",
   or "></c>", or "><v>" a value of printable ASCII but < & > "</v></c>".
   Such a cell is well-formed as it stands and leaves the open elements as
   they were, so it is handed to xl_start_cell() and xl_end_cell() as the start,
   text and end callbacks would hand it.  The index after it; 0 for any
   other shape, a cell cut by the end of the buffer, or a sheet not between
   cells of a row, with nothing changed: then the general scanner reads it. */
size_t xl_sheet_fast(struct xlsx *x, unsigned char *b, size_t i, size_t len)
{
    if (x->failed || !x->in_data || !x->in_row || x->in_c)
        return 0;
    size_t done = fast_rst(x, b, i, len), more;
    if (done) { /* and the cells after it while they are as plain */
        while (!x->failed && len - done >= 2 && b[done] == '<' && b[done + 1] == 'c' &&
               (more = fast_rst(x, b, done, len)) != 0)
            done = more;
        return done;
    }
    size_t j = i + 2, vs[3], ve[3], na = 0, t0 = 0, t1 = 0, at[3][2] = {{0, 0}, {0, 0}, {0, 0}};
    const char *names[3];
    unsigned seen = 0;
    int empty;
    for (;;) {
        if (j >= len)
            return 0;
        unsigned c = b[j];
        if (c == '>') {
            empty = 0, j++;
            break;
        }
        if (c == '/') {
            if (j + 1 >= len || b[j + 1] != '>')
                return 0;
            empty = 1, j += 2;
            break;
        }
        if (c != ' ' || j + 4 > len)
            return 0;
        unsigned n = b[j + 1], bit = n == 'r' ? 1u : n == 's' ? 2u : n == 't' ? 4u : 0u;
        if (!bit || seen & bit || b[j + 2] != '=' || b[j + 3] != '"')
            return 0;
        seen |= bit;
        size_t v0 = j + 4, v1 = v0;
        while (v1 < len && fast_alnum(b[v1]))
            v1++;
        if (bit == 1 && v1 == v0)
            return 0; /* r="": xl_start_cell()'s message, not the column after the last */
        if (v1 >= len || b[v1] != '"')
            return 0;
        names[na] = bit == 1 ? "r" : bit == 2 ? "s" : "t";
        vs[na] = v0, ve[na] = v1, na++;
        at[bit >> 1][0] = v0, at[bit >> 1][1] = v1;
        j = v1 + 1;
    }
    if (!empty && !(j = fast_content(b, j, len, &t0, &t1)))
        return 0;
    if (fast_direct(x, b, at[0], at[1], at[2], t0, t1))
        return j;
    const char *atts[7];
    for (size_t k = 0; k < na; k++) {
        b[ve[k]] = '\0'; /* the closing quote, consumed */
        atts[2 * k] = names[k];
        atts[2 * k + 1] = (const char *)b + vs[k];
    }
    atts[2 * na] = NULL;
    xl_start_cell(x, atts);
    if (x->failed)
        return j;
    if (t1 > t0)
        xl_text_add(x, &x->val, (const char *)b + t0, (int)(t1 - t0));
    if (!x->failed)
        xl_end_cell(x);
    return j;
}
