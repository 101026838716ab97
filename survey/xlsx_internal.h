/* xlsx_internal.h — what the parts of the Excel reader share: the reader's
 * state, the helpers every part handler uses, and the handlers of the shared
 * strings and of the sheet (xlsx_sheet.c), which xlsx.c runs.  Only
 * survey/xlsx*.c include this file.
 *
 *   xlsx.c        the archive, the parts in their order (relationships, the
 *                 workbook, the styles), choosing the sheet, rd_xlsx
 *   xlsx_sheet.c  strings (escapes, rich text, the shared string table), the
 *                 text of a cell (numbers, dates), the rows of the sheet
 *   xlsx_xml.c    the XML of one part, parsed as it is inflated
 *   xlsx_ahead.c  a large part inflated ahead by a second thread
 */
#ifndef CANYU_SURVEY_XLSX_INTERNAL_H
#define CANYU_SURVEY_XLSX_INTERNAL_H

#include "survey/reader.h"
#include "survey/survey_internal.h"

#include <expat.h>
#include <zip.h>

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Excel's limits ("Excel specifications and limits": 1,048,576 rows by
   16,384 columns, the last being XFD). */
enum { MAX_ROWS = 1048576, MAX_COLS = 16384 };
enum { DEFAULT_CHUNK = 256 << 10, MAX_CHUNK = 4 << 20 };
#define MAX_MEMBER ((zip_uint64_t)4 << 30) /* inflated bytes of one part */
#define MAX_ROW_TEXT ((size_t)256 << 20)   /* the text of one row */

/* What a number cell's format makes of it. */
enum fmt_kind {
    FMT_NUMBER,
    FMT_DATE,     /* a date: YYYY-MM-DD (with the time when it has one) */
    FMT_DATETIME, /* YYYY-MM-DD HH:MM:SS */
    FMT_TIME,     /* a time of day: HH:MM:SS (a date and time when over a day) */
    FMT_ELAPSED,  /* [h]:mm:ss, a duration: total hours:MM:SS */
};

enum cell_type { CT_NUMBER, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERROR, CT_ISODATE };

struct rel {
    const char *id, *type, *target;
    int external;
};

struct sheet {
    const char *name, *rid;
    int hidden;
};

struct custom_fmt {
    unsigned long id;
    enum fmt_kind kind;
};

struct cell {
    long col;
    size_t off, len;
};

struct xlsx {
    const struct rd_input *in;
    const struct survey_load_opts *opts; /* in->opts, or the defaults */
    const char *name;                    /* the input, in messages */
    struct survey_error *err;
    rd_sink sink;
    void *ctx;
    zip_t *za;
    size_t chunk;
    struct arena strs; /* part names, sheet names, relationship fields */
    XML_Parser p;      /* the parser at work, or NULL */
    const char *member;
    int failed; /* ERR is filled, by this file or by the sink */

    /* relationships of the part just read */
    struct rel *rels;
    size_t n_rels, cap_rels;

    /* workbook */
    struct sheet *sheets;
    size_t n_sheets, cap_sheets;
    int in_sheets, date1904;
    int seen_root, is_workbook; /* the main part's root element is <workbook> */

    /* styles: the number format of each cell format (xf), then its kind */
    int in_numfmts, in_cellxfs;
    struct custom_fmt *fmts;
    size_t n_fmts, cap_fmts;
    unsigned long *xf_fmt;
    unsigned char *xf_kind;
    size_t n_xfs, cap_xfs;

    /* shared strings: string I starts at sst.data + sst_off[I] */
    struct buf sst;
    size_t *sst_off;
    size_t n_sst, cap_sst;
    int in_si;

    /* rich text, in shared and inline strings: <t> outside <rPh> */
    int in_t, rph;
    struct buf raw;

    /* the sheet */
    int in_data, in_row, in_c, in_v, in_is, have_is;
    long row_attr, row_ref, prev_row; /* row_ref: the row named by its first cell */
    long col, last_col;
    enum cell_type type;
    unsigned long style;
    struct buf val, tmp;
    struct buf row_text;
    struct cell *cells;
    size_t n_cells, cap_cells;
    long max_col;
    size_t width; /* the header's; 0 until the header */
    const char **field;
    size_t *flen;
    size_t cap_field;
    zip_uint64_t done, total; /* progress through the sheet's part */
    /* the direct path's last row digits with their closing quote, as 8
       bytes under a mask (xlsx_fast.c), and their row */
    uint64_t fast_rw, fast_rm;
    size_t fast_rl;
    long fast_row;
};


struct handlers {
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    XML_CharacterDataHandler text;
};

/* Fill ERR (unless it is filled already) and stop the parser at work; -1. */
int xl_fail(struct xlsx *x, enum survey_status code, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
int xl_nomem(struct xlsx *x);
/* Make room in *P (of *CAP elements of SIZE bytes) for NEED; 0 or -1. */
int xl_grow(void *p, size_t *cap, size_t need, size_t size);
/* A name without its namespace prefix ("x:c" is "c"), and whether it is WANT. */
static inline const char *xl_local(const char *name)
{
    if (!name[0] || (name[0] != ':' && !name[1])) /* "c", "v", "r": no prefix */
        return name;
    const char *l = name;
    for (const char *p = name; *p; p++)
        if (*p == ':')
            l = p + 1;
    return l;
}
int xl_is(const char *name, const char *want);
/* The value of the attribute WANT (prefix ignored), or NULL. */
const char *xl_attr(const XML_Char **atts, const char *want);
/* A whole unsigned decimal number no greater than MAX; 0 or -1. */
int xl_parse_uint(const char *s, size_t len, unsigned long max, unsigned long *out);
/* "C" for column 3, "XFD" for 16384. */
const char *xl_col_name(long col, char out[8]);

/* xlsx_xml.c: parse the member at INDEX of the archive, named NAME, with
   H; TRACK: report progress through it.  0, or -1 with ERR filled. */
int xl_parse_member(struct xlsx *x, zip_int64_t index, const char *name, const struct handlers *h, int track);

/* xlsx_ahead.c: inflating a part ahead of the scan, SLOTS chunks at most. */
enum { SLOTS = 4, MIN_AHEAD_CHUNK = 4096 };

struct ahead {
    zip_file_t *zf;
    size_t chunk;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned char *data[SLOTS];
    zip_int64_t n[SLOTS];
    int full[SLOTS];
    size_t next; /* the slot the scan takes next */
    int stop, running;
};
/* Start inflating ZF ahead in chunks of CHUNK; 0, or -1 (then nothing runs
   and the caller inflates as it goes). */
int xl_ahead_start(struct ahead *a, zip_file_t *zf, size_t chunk);
/* The next chunk, copied to DST: its size, 0 at the end, -1 on an error of
   zip_fread (the thread has ended then). */
zip_int64_t xl_ahead_take(struct ahead *a, unsigned char *dst);
/* Stop the thread (if it runs) and free A; A may be zeroed and never started. */
void xl_ahead_end(struct ahead *a);

/* xlsx_sheet.c: the shared string table and the sheet. */
void XMLCALL xl_sst_start(void *ud, const XML_Char *name, const XML_Char **atts);
void XMLCALL xl_sst_end(void *ud, const XML_Char *name);
void XMLCALL xl_sst_text(void *ud, const XML_Char *s, int len);
void XMLCALL xl_sheet_start(void *ud, const XML_Char *name, const XML_Char **atts);
void XMLCALL xl_sheet_end(void *ud, const XML_Char *name);
void XMLCALL xl_sheet_text(void *ud, const XML_Char *s, int len);
/* xlsx_fast.c: a common cell at B[I] ("<c", LEN bytes on), and the plain
   cells right after it, read without the general scanner: the index after
   them, or 0 to leave the cell to the scanner. */
size_t xl_sheet_fast(struct xlsx *x, unsigned char *b, size_t i, size_t len);
/* What the sheet's cells share with xl_sheet_fast() (xlsx_sheet.c): a
   cell's start (its r, s and t attributes in ATTS) and end, text added to
   one of its buffers, and whether a number's text is what canyu would write
   for it. */
void xl_start_cell(struct xlsx *x, const XML_Char **atts);
void xl_end_cell(struct xlsx *x);
void xl_text_add(struct xlsx *x, struct buf *b, const char *s, int len);
int xl_is_shortest(const char *s, size_t len);
/* buf_append() for the short texts of cells, without a call when there is
   room (most cells are a few bytes). */
static inline int xl_cell_append(struct buf *t, const char *s, size_t n)
{
    if (t->cap - t->len <= n)
        return buf_append(t, s, n);
    char *d = t->data + t->len;
    if (n <= 16) {
        for (size_t k = 0; k < n; k++)
            d[k] = s[k];
    } else {
        memcpy(d, s, n);
    }
    t->len += n;
    t->data[t->len] = '\0';
    return 0;
}


#endif
