/* draft_internal.h — what the draft codebook's files share (survey/ only):
 * the answers collected per column (draft.c reads them), the role guessed
 * for each (draft_guess.c) and the row written for it (draft_write.c).
 */
#ifndef CANYU_DRAFT_INTERNAL_H
#define CANYU_DRAFT_INTERNAL_H

#include "survey/survey.h"
#include "survey/load_internal.h"
#include "survey/survey_internal.h"

#include <stddef.h>

/* Distinct answers kept per column; a column with more is not categorical. */
#define MAX_DISTINCT 200

struct dval {
    char *text;
    long count;
    size_t first; /* order of first appearance */
    long number;  /* the platform's option number it came with (1.男: 1), or 0 */
    int letter;   /* that number was a letter (A.男) */
    int bare;     /* a code alone (2, or a spreadsheet's 2.0): NUMBER is it */
};

/* What a column's answers look like. */
struct dcol {
    char *header;
    const char *wording;  /* what role guesses read: an SPSS variable label, or
                             the header */
    const struct rd_var_meta *meta; /* SPSS/Stata: the variable's metadata */
    long answered;
    size_t total_len;
    struct strmap seen;   /* answer -> index in vals */
    struct dval *vals;
    size_t n_vals, cap;
    int many;             /* more than MAX_DISTINCT distinct answers */
    int all_int, all_num, all_dur;
    double min, max;
    int multi;            /* some answer holds "┋" */
    struct strmap opt;    /* options of a multiple-choice column */
    struct dval *opts;
    size_t n_opts, cap_opts;
    enum survey_role role;
    int brackets;         /* an age asked as brackets: VALS are in age order */
    int used;             /* a role given; the rest are kept as text */
    char note[200];
};

struct draft {
    struct dcol *col;
    size_t n_col;
    int have_header;
    long records;
    struct arena arena;
    struct survey_error *err;
    const char *name;
};

/* Answers that mean "don't know", and skip markers: 1 when S is one. */
int draft_dont_know(const char *s);
/* The rank 1..7 of a Likert wording (4 the neutral answer), its stem in *STEM. */
int draft_likert_rank(const char *s, const char **stem);
/* Whether CODE is one of M's user-missing values. */
int draft_is_missing_meta(const struct rd_var_meta *m, const char *code);
/* Guess every column's role, and its note. */
void draft_guess(struct draft *d);
/* The codebook row(s) for column C, appended to B; 0, or -1 out of memory. */
int draft_write_row(struct buf *b, struct dcol *c);

#endif
