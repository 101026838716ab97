/* report_internal.h — helpers shared by the report module's renderers.
 * Only the report module's .c files include this; other modules use
 * report/report.h.  Names start with rp_ to keep them apart from other
 * modules' symbols in libcanyu.a. */
#ifndef CANYU_REPORT_INTERNAL_H
#define CANYU_REPORT_INTERNAL_H

#include "report/report.h"

#include <stddef.h>
#include <stdio.h>

/* The characters a renderer draws with: Unicode, or ASCII (see "Glyphs" in
   report.h).  Box corners and tees are named by compass position. */
struct rp_glyphs {
    int plain;                      /* 1 for the ASCII set */
    const char *h, *v;              /* horizontal and vertical rules */
    const char *nw, *n, *ne;        /* top corners and tee */
    const char *w, *c, *e;          /* left tee, cross, right tee */
    const char *sw, *s, *se;        /* bottom corners and tee */
    const char *full;               /* a full cell of a bar */
    const char *partial[8];         /* bar ends of 0/8 .. 7/8 of a cell; NULLs
                                       when bars have whole-cell resolution */
    const char *whisker_lo, *whisker_mid, *whisker_hi, *whisker_one;
};

/* The glyph set O asks for: ASCII when O->ascii or O->ambiwidth == 2. */
const struct rp_glyphs *rp_glyphs_for(const struct report_options *o);

/* The glyph of MARK ("▲", "▼", or ASCII "+", "-" when PLAIN); "" for none
   and SAME. */
const char *rp_mark_glyph(enum report_mark mark, int plain);

/* O->ambiwidth as 1 or 2. */
int rp_ambi(const struct report_options *o);

/* The width a chart may take under O. */
size_t rp_chart_width(const struct report_options *o);

/* Display width of the LEN bytes at S (report_width of a substring). */
size_t rp_width_n(const char *s, size_t len, int ambiwidth);

/* Width of the widest part of S that report_wrap would not break (a word;
   a single character in Chinese text). */
size_t rp_longest_word(const char *s, int ambiwidth);

/* Write S N times. */
void rp_repeat(FILE *out, const char *s, size_t n);

/* Write the LEN bytes at S, of display width SW, in a field WIDTH columns wide,
   right-aligned when RIGHT is nonzero; a wider S is written whole. */
void rp_field(FILE *out, const char *s, size_t len, size_t sw, size_t width, int right);

/* Write TEXT wrapped to WIDTH columns (0: unwrapped), each line preceded by
   PREFIX (INDENT columns wide) on the first line and by INDENT spaces on the
   others, each line ending in a newline. */
void rp_wrapped(FILE *out, const char *text, size_t width, int ambiwidth,
                 const char *prefix, size_t indent);

/* Write a CSV row section,table,group,row,column,value; VALUE is the number
   X at full precision (empty for NaN) unless TEXT is non-NULL. */
void rp_csv_row(FILE *out, const struct report_options *o, const char *table,
                 const char *group, const char *row, const char *column,
                 double x, const char *text);

/* A round number at or above X > 0 (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7 or 8
   times a power of ten), for the end of a chart's scale; 1 when X is not
   positive. */
double rp_nice_max(double x);

/* X formatted as CLS without trailing decimal zeros ("50%", "2.5"), for an
   axis; BUF holds REPORT_NUMBER_SIZE bytes.  Returns BUF. */
char *rp_tick_label(char *buf, double x, enum report_cell_class cls);

/* S made safe as Markdown inline text (a table cell, a bold title): pipes,
   backslashes and emphasis characters escaped, a tag-like '<' escaped,
   newlines turned into spaces; BOLD wraps it in ** **.  NULL when out of
   memory. */
char *rp_md_escape(const char *s, int bold);

/* Render a chart titled TITLE: in text, the title then TEXT(CHART); in
   Markdown, the title in bold then TEXT(CHART) in a ```text fence; in CSV,
   CSV(CHART); in HTML, HTML(CHART), which writes the title itself.  Each
   callback returns 0 or -1 when out of memory. */
int rp_chart_render(const char *title, const void *chart,
                    int (*text)(const void *, const struct report_options *, FILE *),
                    int (*csv)(const void *, const struct report_options *, FILE *),
                    int (*html)(const void *, FILE *),
                    const struct report_options *o, FILE *out);

/* The block end shared by every renderer: 0, or -1 if OUT has an error. */
int rp_finish(FILE *out);

/* P (an array of *CAP elements of SIZE bytes, N of them used) with room for
   one more element: P itself, or P moved to a larger block whose capacity is
   stored in *CAP.  NULL when out of memory (P is then unchanged). */
void *rp_grow(void *p, size_t *cap, size_t n, size_t size);

/* A copy of S, or NULL for NULL S; sets *FAILED when out of memory. */
char *rp_strdup(const char *s, int *failed);

/* ## HTML (html.c): see "HTML" in report.h */

/* The whole document D as one page. */
int rp_html_render(const struct report_doc *d, const struct report_options *o, FILE *out);
/* One block's fragment: a table, a chart (a struct report_bars, _likert or
   _trend), a heading, a list.  0, or -1 when out of memory or on a write
   error. */
int rp_html_table(const struct report_table *t, FILE *out);
int rp_html_bars(const void *bars, FILE *out);
int rp_html_likert(const void *likert, FILE *out);
int rp_html_trend(const void *trend, FILE *out);
int rp_html_heading(const char *title, int level, FILE *out);
int rp_html_list(const char *const *items, size_t n, FILE *out);

/* ## Backends of whole documents (one file each) */

/* xlsx.c: D as an Excel workbook, written to OUT (see "Excel" in report.h). */
int rp_xlsx_render(const struct report_doc *d, const struct report_options *o, FILE *out);

/* ## Documents (prose.c): what the report and the comparison share */

/* Adds blocks to DOC, keeping the first failure in RC (later calls then do
   nothing but free what they are given).  O is what the sentences are
   formatted for (ASCII dashes for missing numbers). */
struct rp_writer {
    const struct report_options *o;
    struct report_doc *doc;
    const char *key; /* the section the next heading starts */
    int rc;
};

/* Add T to the document, which owns it from now on (NULL: a failed builder,
   recorded as a failure). */
void rp_put_table(struct rp_writer *w, struct report_table *t);
void rp_put_bars(struct rp_writer *w, struct report_bars *b);
void rp_put_likert(struct rp_writer *w, struct report_likert *l);
void rp_put_trend(struct rp_writer *w, struct report_trend *t);
/* Start the section W->KEY titled TITLE (a level-1 heading). */
void rp_heading(struct rp_writer *w, const char *title);
void rp_sentences(struct rp_writer *w, const char *const *s, size_t n);

/* A new string from a printf format; NULL when out of memory. */
char *rp_format(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* A growing list of owned sentences; OOM is set once an add fails. */
struct rp_list {
    char **s;
    long n, cap;
    int oom;
};
/* Take S into L (S NULL: a failed rp_format, recorded as out of memory). */
void rp_list_add(struct rp_list *l, char *s);
void rp_list_free(char **s, long n);

/* A growing string (open_memstream) for a sentence built from parts. */
struct rp_text {
    char *s;
    size_t len;
    FILE *f;
};
void rp_text_open(struct rp_text *t);
/* The text, or NULL when out of memory (the caller frees it). */
char *rp_text_close(struct rp_text *t);

/* V formatted as CLS into BUF (REPORT_NUMBER_SIZE bytes), ASCII dashes when
   PLAIN; returns BUF. */
const char *rp_num(char *buf, double v, enum report_cell_class cls, int plain);

/* ## The comparison (compare*.c) */

struct cmp_column;
/* A not-asked column's label in Chinese (ZH) or English, else its header. */
const char *rp_compare_col_label(const struct cmp_column *col, int zh);

/* "p < 0.001" or "p = 0.042" into BUF (SIZE bytes). */
char *rp_p_phrase(char *buf, size_t size, double p);

#endif
