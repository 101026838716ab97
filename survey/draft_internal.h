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
    int marker;   /* -2 or -3 taken as a skip marker (draft_marker) */
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
    int skip_codes;       /* -2 (1) and -3 (2) seen, kept out of MIN/MAX */
    int place;            /* Likert wordings placed on the full scale */
    char scale[16];       /* a likert item's scale name (likert1, ...) */
    const char *question; /* an option column's question (its scale), else NULL */
    const char *label;    /* an option column's option label, else NULL */
    const char *qlabel;   /* an option column's question's label, when not its name */
    int yes12;            /* a participation item coded 1 (yes) and 2 (no) */
    char note[200];
};

/* A scale the draft names for its likert items: a label row is written. */
#define DRAFT_MAX_SCALES 99
struct dscale {
    char name[16];
    const char *label;
};

struct draft {
    struct dscale scales[DRAFT_MAX_SCALES];
    size_t n_scales;
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
/* Whether answer S of C is missing by the draft: a don't-know answer, a
   skip marker, or -2/-3 when C's other numbers are not negative. */
int draft_marker(const struct dcol *c, const char *s);
/* Guess every column's role, and its note; 0, or -1 out of memory. */
int draft_guess(struct draft *d);
/* The codebook row(s) for column C, appended to B; 0, or -1 out of memory. */
int draft_write_row(struct buf *b, struct dcol *c);
/* The scale label rows of D's likert items and option questions, appended
   to B; 0, or -1. */
int draft_write_scales(struct buf *b, const struct draft *d);
/* Find the option columns of multiple-choice questions (one column per
   option) and give them ROLE_OPTION; 0, or -1 out of memory. */
int draft_guess_options(struct draft *d);
/* Whether S is an option column's answer: 0, 1, 选中 or 未选中. */
int draft_option_answer(const char *s);

#endif
