/* sav_internal.h — what the parts of the SPSS and Stata reader share.  Only
 * survey/sav*.c include this file.
 *
 *   sav.c         detection, ReadStat's input hooks, the file's encoding,
 *                 the parse (variables, cases as records), rd_sav
 *   sav_cells.c   the text of a cell: numbers, SPSS and Stata dates
 *   sav_meta.c    user-missing values, value labels, and the metadata a
 *                 drafted codebook takes from the file
 */
#ifndef CANYU_SURVEY_SAV_INTERNAL_H
#define CANYU_SURVEY_SAV_INTERNAL_H

#include "survey/reader.h"
#include "survey/survey_internal.h"

#include <readstat.h>

#include <stddef.h>

enum kind { KIND_NONE, KIND_SAV, KIND_ZSAV, KIND_POR, KIND_DTA };

/* "SPSS", "SPSS portable", "Stata": in messages. */
extern const char *const sav_kind_title[];

enum cell_kind {
    CELL_TEXT,           /* a string variable */
    CELL_NUMBER,
    CELL_SPSS_DATE,      /* seconds since 1582-10-14, shown as a date */
    CELL_SPSS_DATETIME,  /* the same, shown as date and time */
    CELL_STATA_DATE,     /* %td: days since 1960-01-01 */
    CELL_STATA_DATETIME  /* %tc: milliseconds since 1960-01-01 00:00:00 */
};

struct var {
    char *name, *label;
    char *labels; /* the name of its value label set, or NULL */
    enum cell_kind cell;
    char **missing; /* describe: user-missing values as cell text */
    size_t n_missing;
};

struct lab {
    double num;
    char *str; /* a string value, or NULL for a number */
    char *label;
    size_t order; /* as defined, to keep the first of a code labelled twice */
};

struct labset {
    char *name;
    struct lab *v;
    size_t n, cap;
};

struct parse {
    const struct rd_input *in;
    enum kind kind;
    struct survey_error *err;
    int failed;              /* ERR filled by us (or by the sink) */
    int describing;
    const char *encoding;    /* as ReadStat reports it, or NULL */
    char rs_message[256];    /* the last message of ReadStat's error handler */
    long row_count;          /* from the header, -1 when unknown */
    size_t labels_max;       /* the longest label-set name the format holds (< 260) */

    struct var *vars;
    size_t n_vars, cap_vars;
    struct labset *sets;
    size_t n_sets, cap_sets;

    /* reading */
    rd_sink sink;
    void *sink_ctx;
    int header_sent;
    long obs;                /* the case being assembled, -1 before the first */
    long cases;              /* cases delivered */
    struct buf text;         /* its cells, each NUL-terminated */
    size_t *off, *len;       /* per variable: where its cell is, SIZE_MAX none yet */
    const char **field;
};

/* Fill ERR and make ReadStat stop: READSTAT_HANDLER_ABORT. */
int sav_fail(struct parse *p, enum survey_status code, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
int sav_nomem(struct parse *p);
/* Whether S is valid UTF-8; if not, P fails naming WHAT of NAME. */
int sav_utf8_ok(struct parse *p, const char *s, size_t n, long line, const char *what, const char *name);

/* sav_cells.c */
enum cell_kind sav_spss_cell_kind(const char *fmt);
enum cell_kind sav_stata_cell_kind(const char *fmt);
/* X as a number cell: digits when whole, else the shortest "%.Ng" that reads
   back as X.  OUT holds 40 bytes. */
size_t sav_double_text(char *out, double x);
/* A numeric value of a variable of kind K as cell text into OUT (48 bytes);
   "" for a missing one.  Returns its length. */
size_t sav_number_cell(char *out, enum cell_kind k, readstat_value_t v);

/* sav_meta.c */
/* V's user-missing values (SPSS) as cell text, into v->missing; 0 or -1. */
int sav_collect_missing(struct parse *p, struct var *v, readstat_variable_t *rv);
/* ReadStat's value-label handler: the label sets, into p->sets. */
int sav_on_value_label(const char *set_field, readstat_value_t value, const char *label, void *ctx);
/* V's metadata into M (its strings moved there); 0 or -1 (out of memory). */
int sav_describe_var(struct parse *p, struct var *v, struct rd_var_meta *m);

#endif
