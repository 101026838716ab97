/* xlsx_internal.h — what the Excel backend's two files share (xlsx.c: the
 * workbook, its sheets and tables; xlsx_charts.c: the native charts and the
 * error-bar patches applied to the written workbook).
 */
#ifndef CANYU_REPORT_XLSX_INTERNAL_H
#define CANYU_REPORT_XLSX_INTERNAL_H

#include "report/report.h"

#include <xlsxwriter.h>

#include <stddef.h>

/* Excel's limits on a sheet name. */
#define SHEET_NAME_MAX 31
/* Column widths, in characters: a cell's display width plus padding, capped;
   headers longer than HEADER_MAX wrap. */
#define COL_PAD 2
#define STUB_MAX 50
#define DATA_MAX 40
#define HEADER_MAX 24
/* Width of column A on a sheet without tables, where sentences wrap. */
#define PROSE_WIDTH 72
/* Height of a line of text in points, and of a default row in pixels. */
#define LINE_POINTS 16.0
#define ROW_PIXELS 20

enum rule { RULE_NONE, RULE_THIN, RULE_THICK };
enum align { ALIGN_NONE, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct style {
    int cls; /* a number class for its format, or -1 */
    int mark; /* enum report_mark: a ▲ or ▼ after the number */
    unsigned char bold, italic, indent, top, bottom, align, wrap;
    unsigned char size; /* points; 0 = the default */
};

struct cached {
    struct style key;
    lxw_format *f;
};

/* Custom error bars to put into a chart once the workbook is written: the
   placeholder value ID marks the series, XML replaces the placeholder. */
struct patch {
    unsigned id;
    char *xml;
    int done;
};
#define PATCH_BASE 9000

struct xl {
    const struct report_doc *d;
    lxw_workbook *wb;
    int zh;
    struct cached *fmts;
    size_t n_fmts, cap_fmts;
    struct report_table **derived; /* per block: a chart's data as a table */
    struct patch *patches;
    size_t n_patches, cap_patches;
    int err;                       /* a call failed: the workbook is not whole */
};

struct sheet {
    lxw_worksheet *ws;
    char *name;
    lxw_row_t row;    /* the next free row */
    double *w;        /* column widths */
    size_t ncols;     /* columns measured */
    size_t span;      /* columns prose is merged across */
    double span_width;
};

/* Where a table's cells went, for a chart to refer to. */
struct placed {
    lxw_row_t title, header, first, last; /* first and last body rows */
};

/* ## xlsx.c */

void rp_xlsx_put_string(struct xl *x, struct sheet *s, lxw_row_t r, lxw_col_t c, const char *text,
                        lxw_format *f);
void rp_xlsx_put_table(struct xl *x, struct sheet *s, const struct report_table *t,
                       struct placed *at);
const char *rp_xlsx_axis_format(enum report_cell_class cls);
void rp_xlsx_check(struct xl *x, lxw_error e);

/* ## xlsx_charts.c */

struct report_table *rp_xlsx_likert_table(const struct xl *x, const struct report_likert *l);
void rp_xlsx_put_trend(struct xl *x, struct sheet *s, const struct report_trend *tr,
                       const struct report_table *t);
struct report_table *rp_xlsx_trend_table(const struct report_trend *tr);
struct report_table *rp_xlsx_bars_table(const struct xl *x, const struct report_bars *b);
int rp_xlsx_patch_charts(struct xl *x, const char *path);
void rp_xlsx_put_bars(struct xl *x, struct sheet *s, const struct report_bars *b,
                      const struct report_table *t);
void rp_xlsx_put_likert(struct xl *x, struct sheet *s, const struct report_likert *l,
                        const struct report_table *t);

#endif
