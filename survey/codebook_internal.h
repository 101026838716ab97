/* codebook_internal.h — what the codebook parser's sources share.  Only the
 * survey/ sources include this file.
 *
 * The parser is cut along its seams, one file each:
 *   codebook.c         the entry points (parse, load, the built-in codebook,
 *                      free), the codebook's own header, each row that
 *                      describes a column, and the helpers every part uses
 *                      (problems, names shown with invisible characters)
 *   codebook_values.c  value labels, missing answers, the file-wide missing
 *                      row, full-width separators, min and max
 *   codebook_roles.c   the role table and the rules of the roles
 *   codebook_lookup.c  the `scale` rows and the public look-ups
 *
 * Every problem found is added to the parse's list and the parse goes on, so
 * that one run reports every mistake of a codebook; only running out of
 * memory stops it.  Functions returning int return 0, or -1 when out of
 * memory, unless they say otherwise.  Strings live in the codebook's arena.
 */
#ifndef CANYU_SURVEY_CODEBOOK_INTERNAL_H
#define CANYU_SURVEY_CODEBOOK_INTERNAL_H

#include "survey/survey.h"
#include "survey/survey_internal.h"

#include <stddef.h>

/* ## The roles */

enum role_kind { KIND_TEXT, KIND_NUMBER, KIND_CATEGORY, KIND_LIKERT, KIND_MULTI };

struct role_def {
    const char *name;
    enum role_kind kind;
    int once; /* may appear at most once */
};
extern const struct role_def cb_roles[ROLE_COUNT];

/* ## The codebook's headings */

enum field { F_COLUMN, F_ROLE, F_LABEL_ZH, F_LABEL_EN, F_SCALE, F_MIN, F_MAX, F_REVERSE,
             F_MISSING, F_VALUES, F_NOTE, F_COUNT };
extern const char *const cb_field_names[F_COUNT];
#define FIELD_LIST                                                                           \
    "column, role, label_zh, label_en, scale, min, max, reverse, missing, values, note"

/* ## One parse */

/* The codebook and the arena that holds its strings, freed together. */
struct codebook_box {
    struct survey_codebook cb;
    struct arena arena;
    size_t cap;
};

struct parse_ctx {
    struct codebook_box *box;
    const char *name;
    int map[F_COUNT]; /* field -> position in the record, or -1 */
    int have_header;
    struct survey_error problems; /* every problem found, in line order */
    struct survey_error *fatal;   /* what stops the parse: out of memory */
    int oom;
    struct strmap columns;        /* column name -> its index in cb->cols */
    struct strmap scales;         /* a Likert scale's or option question's name ->
                                     the index of its first column */
};

/* ## Shared helpers (codebook.c) */

/* Whether LEN bytes at S are NAME in any ASCII letter case ("Column"). */
int cb_heading_is(const char *s, size_t len, const char *name);
/* Out of memory: stop the parse.  Returns -1. */
int cb_nomem(struct parse_ctx *c);
/* One more problem of the codebook, on LINE.  Returns -1. */
int cb_problem(struct parse_ctx *c, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* S for a message: invisible characters shown, at most about 200 bytes. */
const char *cb_vis(struct parse_ctx *c, const char *s);
/* Field F of REC as read ("" when the header lacks it or the row is short). */
const char *cb_get(const struct parse_ctx *c, const struct rd_record *rec, enum field f);
/* FIELD of REC, trimmed, in the arena; NULL when out of memory. */
char *cb_field(struct parse_ctx *c, const struct rd_record *rec, enum field f);

/* ## Values, missing answers and bounds (codebook_values.c) */

/* A whole number in INT16_MIN+1..INT16_MAX into *OUT; else a problem. */
int cb_parse_int(struct parse_ctx *c, long line, const struct survey_cbcol *col,
                 const char *what, const char *s, int *out);
/* A number with decimals into *OUT; else a problem. */
int cb_parse_bound(struct parse_ctx *c, long line, const struct survey_cbcol *col,
                   const char *what, const char *s, double *out);
/* Split S at ';' into trimmed parts.  Returns the count, or -1 when out of
   memory. */
long cb_split(struct parse_ctx *c, const char *s, char ***out);
/* SPEC, "1=是;0=否" or "是;否", into COL's value labels. */
int cb_parse_values(struct parse_ctx *c, struct survey_cbcol *col, const char *spec);
/* Full-width `；` (and, with EQ, `＝`) in S read as `;` and `=`, in place. */
void cb_ascii_separators(char *s, int eq);
/* The file-wide missing row (or a row that mistakes it). */
int cb_missing_row(struct parse_ctx *c, const struct rd_record *rec, const char *column,
                   const char *role);
/* Add the file-wide missing answers to every column's own, once each. */
int cb_merge_missing(struct parse_ctx *c);

/* ## Roles (codebook_roles.c) */

/* The problem of an unknown ROLE on LINE, with the nearest role suggested. */
void cb_unknown_role(struct parse_ctx *c, long line, const char *column, const char *role);
/* A participation item's yes, recoded to code 1 when it is another. */
int cb_participation_yes(struct parse_ctx *c, struct survey_cbcol *col);
/* The rules of the multiple-response roles and of scale names; VALUES is the
   column's `values` as given. */
int cb_option_rules(struct parse_ctx *c, struct survey_cbcol *col, const char *values);

/* ## Scale rows (codebook_lookup.c) */

/* A `scale` row: the labels of the scale NAME. */
int cb_scale_row(struct parse_ctx *c, const struct rd_record *rec, const char *name);

#endif
