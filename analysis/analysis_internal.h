/* analysis_internal.h — what the analysis/ sources share: the results
 * allocator, the count tables every figure is read from, and the sections
 * that fill the results from them.  Only the analysis/ sources include this file.
 * Names of functions start with an_ to keep them apart in libcanyu.a.
 */
#ifndef CANYU_ANALYSIS_INTERNAL_H
#define CANYU_ANALYSIS_INTERNAL_H

#include "analysis/analysis.h"
#include "stats/stats.h"
#include "survey/survey.h"

#include <stddef.h>
#include <stdint.h>

/* ## Results memory */

/* Everything the results own is allocated through this bump list, freed at
   once by stats_results_free(). */
struct alloc_node {
    struct alloc_node *next;
    max_align_t align[];
};

struct results_box {
    struct an_results r;
    struct alloc_node *mem;
    int oom;
};

/* ## Accumulators */

/* A (weighted) proportion: count, n, and the sums for Kish's effective n. */
struct prop_acc {
    double n, x, sw, sw2, swx;
};


/* ## The survey as count tables
 *
 * Every figure below is a function of a few small tables: respondents (and,
 * with weights, their weights) counted by age group and participation
 * intensity, by community and taking part, by age group and each activity or
 * barrier, by level of each Likert item, by scale index value with age group,
 * community or intensity, and by the logistic model's predictor pattern;
 * beside them, the exact sums and cross-products of the item scores of each
 * scale and of each section's items over their listwise samples, from which
 * alpha, the item statistics and the validity come.
 * Survey answers take few values: Likert codes, yes/no, a handful of age
 * groups and communities, and scale indices, which lie on the grid
 * 100·j/(k·L), j = 0..k·L, for k items whose ranges have the least common
 * multiple L.  So the tables are small, means and SDs come from them exactly
 * as from the respondents (stats_moments_add_many), and the rank tests count
 * instead of sorting.
 *
 * One pass over the respondents fills every table.  It walks the columns in
 * blocks of BLOCK respondents: each block's age group, community, intensity
 * and index codes are derived into scratch that stays in cache, column by
 * column, then counted; no respondent-length array is allocated.  On two
 * cores each half of the respondents is counted into its own tables, which
 * are then added: counts are exact, so the split changes nothing but the
 * rounding of weighted sums.
 */

#define BLOCK 1024
#define LANES 4
/* A scale's index code is the numerator j of 100·j/(k·L); CODE_NONE marks a
   respondent who left an item of the scale unanswered. */
#define CODE_NONE UINT16_MAX
#define GRID_MAX (CODE_NONE - 1)
/* The logistic model's predictor patterns are counted in a table indexed by
   pattern (age group, gender, party, every index code) when there are at most
   this many possible patterns; otherwise the fit pools rows itself. */
#define KEYS_DIRECT ((size_t)1 << 20)
/* Below this many respondents a second thread costs more than it saves. */
#define THREAD_MIN 100000

/* Whether the analysis of N respondents with OPT (NULL: the defaults) may
   use a second thread (struct an_options: threads). */
int an_two_threads(const struct an_options *opt, size_t n);

/* Sums of weights in a table cell (weighted analyses only). */
struct wsum {
    double sw, sw2, npos;
};

/* A column's codes mapped to table rows: ROW[x - LO] for LO <= x < LO + LEN,
   NONE for every other code and for missing. */
struct lut {
    int lo;
    size_t len;
    uint16_t *row;
    uint16_t none;
};

static inline size_t lut_get(const struct lut *l, int x)
{
    size_t d = (size_t)((long)x - l->lo);
    return d < l->len ? l->row[d] : l->none;
}

/* One scale: its items, its index grid and where its sums are (its tables
   are declared by scales.c, struct an_scale_tables). */
struct scale_def {
    struct an_scale *S;
    const struct survey_var **var; /* the k items */
    uint16_t *mult;                /* L / (max - min) per item */
    size_t k, ncode;               /* ncode = k·L + 1 grid points */
    double *val;                   /* the index value of each code */
    size_t sums;                   /* k item sums, then k×k cross-products
                                      (an_declare_sums, when k >= 2) */
};

/* A --by column: its categories (the values that are no alias, in order)
   as table rows, NONE = NG for a missing answer. */
struct by_def {
    const struct survey_var *var;
    struct lut row;
    size_t ng;
    const char **groups, **groups_en; /* their labels, in the results */
};

/* The items of one section taken together, for its validity: their sums and
   cross-products over the respondents who answered all of them, counted in
   the same pass.  When one scale holds every item of the section its sums
   are the same numbers, and are read from there instead. */
struct set_def {
    struct an_likert *L;
    const struct survey_var **var; /* the k items: C's items from FIRST on */
    size_t first, k;
    const struct scale_def *span;  /* the scale holding every item, or NULL */
    size_t sums;                   /* k item sums, then k×k cross-products,
                                      then the listwise count (an_declare_sums;
                                      SPAN's when there is one) */
};

/* ## Declaring a table
 *
 * A section says what it counts by declaring its tables before the pass,
 * in its own file; the engine (count.c) lays every declared table out, fills
 * them all in its one block pass and the section reads its cells back
 * through the handle it was given:
 *
 *     // at setup (before an_layout), e.g. in an_participation_declare():
 *     P->age_part = an_declare(c, AN_DIM(AN_DIM_AGE), AN_DIM(AN_DIM_INTENSITY), 0,
 *                              "respondents by age group and intensity");
 *     // after the pass:
 *     an_cell_n(t, an_cell(c, P->age_part, row, col));
 *
 * The section keeps its handles in a struct of its own that only its file
 * defines (struct an_part_tables in participation.c), reached from struct
 * ctx by an opaque pointer: a new crosstab is a declaration and a reading,
 * both in the section's file.
 *
 * Item sums are declared the same way: an_declare_sums(c, k, listwise)
 * before an_layout gives the offset in struct tally's sums of K item sums,
 * K×K cross-products and (LISTWISE) a count, in the order declared; scales.c
 * declares its scales' and sections' (their alpha and validity), which the
 * pass fills from struct scale_def and struct set_def.
 *
 * A table is ROWS × COLS, two dimensions of each respondent; one who falls
 * outside either (a missing answer, a value past the dimension's size) is
 * not counted.  A one-way table has AN_DIM(AN_DIM_ONE) rows.  The
 * dimensions the engine derives for every block: */
enum an_dim_kind {
    AN_DIM_ONE,       /* 1: every respondent in row 0 */
    AN_DIM_AGE,       /* nb + 1: the age group, nb = none */
    AN_DIM_COMMUNITY, /* n_comm + 1: the community, n_comm = none */
    AN_DIM_INTENSITY, /* n_act + 2: activities taken part in, n_act + 1 = unknown */
    AN_DIM_TAKING,    /* 3: not taking part, taking part, unknown */
    AN_DIM_BY,        /* by[index].ng + 1: the --by column's group, ng = none */
    AN_DIM_CODE,      /* sd[index].ncode: the scale's index code (CODE_NONE: not counted) */
    AN_DIM_VALUE,     /* the lut's len...: column V through lut L (L->none: not counted) */
    AN_DIM_YES,       /* 2: column V answered 0 (no) or 1 (yes); missing: not counted */
    AN_DIM_LEVEL,     /* V's max - min + 1: column V's answer less its minimum */
};

/* A dimension: KIND, with INDEX for BY and CODE, V for VALUE, YES and LEVEL,
   L for VALUE.  SIZE is filled in by an_declare() (for INTENSITY a smaller
   SIZE may be given, n_act + 1 leaving the unknown out). */
struct an_dim {
    enum an_dim_kind kind;
    size_t index, size;
    const struct survey_var *v;
    const struct lut *l;
};
#define AN_DIM(kind_) ((struct an_dim){.kind = (kind_)})

/* A declared table: where its cells start once laid out. */
struct an_table {
    struct an_dim row, col;
    int counts_only; /* no sums of weights (the cells' an_cell_n only) */
    const char *what;
    size_t at;
};

struct ctx {
    struct results_box *box;
    const struct survey *s;
    const struct survey_bands *bands;
    const char **band;  /* the NB band labels, copied into the results */
    size_t n, nb;
    const double *w;  /* NULL = unweighted */
    double *wbuf;     /* owned weights (column or raked) */
    struct survey_error *err;

    const struct survey_var *age, *community, *gender, *party, *subdistrict, *barrier;
    /* Rows: age group (nb = none), community (n_comm = none), value index. */
    struct lut age_row, comm_row, gender_row, party_row, sub_row, bar_row;
    size_t n_comm, n_bar;
    const struct survey_var **act; /* participation items */
    size_t n_act;
    const struct survey_var **item; /* Likert items: satisfaction, then trust */
    size_t n_item;
    struct scale_def *sd;           /* scales: satisfaction, then trust */
    size_t n_sd, kmax;
    struct by_def *by;              /* the --by columns that group respondents */
    size_t n_by;
    struct set_def set[3];          /* sections of 2+ items: satisfaction, trust, likert */
    size_t n_set;
    size_t factors;                 /* --factors for the sections' validity; 0 = by eigenvalue */
    int two_threads;                /* an_two_threads() */

    /* The declared tables (an_declare) and, once laid out, their cells in
       struct tally's arrays; the declared item sums (an_declare_sums). */
    struct an_table *table;
    size_t n_table, cap_table;
    size_t cells, nsums;
    /* Each section's handles of its tables, in a struct that only the
       section's file defines, so that a new table is a change there. */
    struct an_part_tables *part;  /* participation.c */
    struct an_assoc_tables *assoc; /* association.c */
    struct an_scale_tables *scales; /* scales.c */

    /* Predictor patterns of the logistic model, counted by key when direct
       (decided by an_association_declare). */
    int direct;
    size_t keys, ng, np; /* key space; gender and party code ranges */
    int glo, plo;        /* their lowest codes */
};

/* The counts of one pass (or half of one). */
struct tally {
    uint32_t *n;
    struct wsum *w;    /* NULL when unweighted */
    uint64_t *sums;    /* the scales' item sums and cross-products */
    uint32_t *trials;  /* per predictor pattern (direct only) */
    uint32_t *succ;
};


/* ## Results and accumulators (analysis.c) */

void *an_take(struct results_box *b, size_t count, size_t size);

/* A copy of S (NULL for NULL) in the results' memory; NULL and B->oom set
   when out of memory. */
const char *an_str(struct results_box *b, const char *s);

/* Rate and Wilson interval; with weights the interval uses Kish's effective n
   (p·n_eff successes in n_eff trials). */
void an_prop_rate(const struct prop_acc *a, int weighted, struct an_rate *out);

void an_mean_result(const struct stats_moments *m, const char *group, struct an_mean *out);

/* ## Any question (questions.c) */

/* Fill R's questions from S (a pass per question for all its groupings),
   weighted by W (per respondent; NULL: unweighted).  0, or -1 with B->oom
   set. */
int an_questions(struct results_box *b, const struct survey *s, const struct survey_bands *bands,
                 const struct an_options *opt, const double *w);

/* ## The groupings of any question (questions.c, numeric.c) */

/* One grouping.  Its groups are read through keys: a respondent's key is
   its group + 1 (0: none) in every grouping of its batch at once, in mixed
   radix (STRIDE the grouping's place), so that one array of 2-byte keys
   stands for every grouping of the batch and a grouping finds a
   respondent's group in its table MAP (key → group, -1: none).  A batch
   holds as many groupings as GROUP_KEYS keys allow: two or three groupings
   of a few categories each are one batch. */
#define GROUP_KEYS 65536

struct grouping {
    const char *variable;
    const struct survey_var *var; /* NULL for age group */
    const char *label_zh, *label_en;
    size_t n_groups;
    const char **groups, **groups_en;
    size_t batch, stride;
    const uint16_t *key; /* its batch's key of every respondent */
    int32_t *map;        /* [its batch's keys] */
};

struct groupings {
    struct grouping *gr;
    size_t n, n_batch;
    uint16_t **key;  /* [n_batch][respondents] */
    size_t *n_keys;  /* [n_batch] keys in use */
};

/* Respondent I's group in X (-1: none). */
static inline int an_group_of(const struct grouping *x, size_t i)
{
    return x->map[x->key[i]];
}

/* The scratch of the numeric questions, for N respondents, allocated at
   the first and used by each in turn: the answers X (weights XW), sorted
   SX, the sort's scratch TX and TTAG, its tags TAG, and for each batch of
   groupings the answers' keys KX and the sorted answers' SKX. */
struct numeric_work {
    double *x, *xw, *sx, *tx;
    uint32_t *tag, *ttag;
    uint16_t **kx, **skx;
    size_t n_batch;
};

/* Q's head for grouping X: its variable, labels and groups, and the array
   of group sizes. */
void an_set_by_head(struct results_box *b, struct an_qby *q, const struct grouping *x);

/* The numeric question V of S (weights W, NULL: none) by every grouping of
   G, with the work area WK (allocated at the first, freed by
   an_numeric_work_free()); a second thread sorts the answers when
   TWO_THREADS.  0, or -1 with B->oom set. */
int an_numeric_question(struct results_box *b, const struct survey *s,
                        const struct survey_var *v, const double *w,
                        const struct groupings *G, struct numeric_work *wk, int two_threads,
                        struct an_question *q);
void an_numeric_work_free(struct numeric_work *wk);

/* ## Count tables (count.c) */

/* The index of CODE among COL's value labels, or -1. */
int an_value_index(const struct survey_cbcol *col, int code);

/* Rows for a categorical column: the value label's index, NONE = n_values.
   Returns 0 or -1 (out of memory). */
int an_lut_values(struct ctx *c, struct lut *l, const struct survey_var *v);

/* Rows for the age column: the band, NONE = nb, over the ages present. */
int an_lut_bands(struct ctx *c);

/* Respondent I's age group (NB: none). */
static inline size_t an_age_of(const struct ctx *c, size_t i)
{
    return c->age ? lut_get(&c->age_row, c->age->v[i]) : c->nb;
}

void an_tally_free(struct tally *t);

/* Fill T (allocated here; free with an_tally_free) with the counts of every
   respondent.  Returns 0 or -1 (out of memory). */
int an_count_all(const struct ctx *c, struct tally *t);

double an_cell_n(const struct tally *t, size_t cell);

/* The (weighted) total of a cell: its count without weights. */
double an_cell_sw(const struct tally *t, size_t cell);

/* Adds the respondents of CELL, who all have the value X, to M. */
void an_cell_moments(const struct tally *t, size_t cell, double x, struct stats_moments *m);

/* Adds the respondents of CELL, who all answered YES (1) or not (0), to A. */
void an_cell_prop(const struct tally *t, size_t cell, int yes, struct prop_acc *a);

/* Declare a table of ROW × COL (see "Declaring a table"); WHAT says what
   it counts.  Returns its handle, or -1 when out of memory (C->box->oom
   set). */
int an_declare(struct ctx *c, struct an_dim row, struct an_dim col, int counts_only,
             const char *what);

/* The cell of row R, column K of table H. */
static inline size_t an_cell(const struct ctx *c, int h, size_t r, size_t k)
{
    const struct an_table *x = &c->table[h];
    return x->at + r * x->col.size + k;
}

/* Declare K item sums, then K×K cross-products, then (WITH_LISTWISE) the
   count of respondents who answered all K, in struct tally's sums (see
   "Declaring a table").  Returns their offset. */
size_t an_declare_sums(struct ctx *c, size_t k, int with_listwise);

/* Lay out every declared table in struct tally.  Every section has declared
   its tables and sums by then (analysis.c calls each section's *_declare()
   after an_by_setup()). */
int an_layout(struct ctx *c);

/* C's --by columns from OPT (NULL: none): each that an_by_check() accepts,
   with its rows and labels.  Returns 0 or -1 (out of memory). */
int an_by_setup(struct ctx *c, const struct an_options *opt);


/* ## Profile and participation (participation.c) */

/* Declare the profile's and participation's tables (and each --by
   column's).  Returns 0 or -1 (out of memory). */
int an_participation_declare(struct ctx *c);

void an_profile(struct ctx *c, const struct tally *t);

void an_participation(struct ctx *c, const struct tally *t);

/* Participation by each --by column (results' part_by). */
void an_participation_by(struct ctx *c, const struct tally *t);


/* ## Likert items and scales (scales.c) */

/* Declare the scales' tables: each Likert item by level, each index by age
   group, community and --by column; and the item sums of each scale of 2+
   items and of each section's set.  Returns 0 or -1 (out of memory). */
int an_scales_declare(struct ctx *c);

void an_likert_items(struct ctx *c, const struct tally *t, struct an_likert *L, size_t first);

/* Alpha, the index's descriptives by group and its Kruskal–Wallis tests. */
void an_scale_result(struct ctx *c, const struct tally *t, const struct scale_def *sd);

/* The index compared across age groups and each --by column (the scale's
   BY). */
void an_scale_by(struct ctx *c, const struct tally *t, const struct scale_def *sd);

/* The items of a section (ROLE) and its scales: items sharing a scale name,
   in order of first appearance, each on its grid.  Appends to C's items and
   scale definitions, and for 2+ items a set definition.  Returns 0, or -1
   with C->err filled when a scale's grid is too fine (or out of memory, with
   C->box->oom set). */
int an_likert_setup(struct ctx *c, enum survey_role role, struct an_likert *L);

/* The section's validity, from its set's sums (stats_factor, C->factors). */
void an_set_result(struct ctx *c, const struct tally *t, const struct set_def *set);


/* ## Validity (validity.c) */

/* The validity of K items (columns ITEMS, borrowed) from their exact sums
   SUM[K] and cross-products CROSS[K×K] over N respondents, keeping NFACTORS
   factors (0: eigenvalues > 1; more than K: K).  Allocated in C's results;
   NULL when out of memory (C->box->oom set). */
struct an_validity *an_validity(struct ctx *c, const uint64_t *sum, const uint64_t *cross,
                                size_t k, double n, const char *const *items, size_t nfactors);

/* For a section's validity V (OK), each of L's scales' main factor. */
void an_validity_scales(struct ctx *c, struct an_validity *V, const struct an_likert *L);


/* ## Association (association.c) */

/* How a predictor enters the logistic model: age group and categorical
   variables as indicators of their levels, numbers per unit, indices per
   point. */
enum an_pred_kind { AN_PRED_AGE, AN_PRED_FACTOR, AN_PRED_NUMERIC, AN_PRED_SCALE };

/* What a name of --model stands for (model.c). */
struct an_term_src {
    enum an_pred_kind kind;
    const struct survey_var *v; /* AGE, FACTOR, NUMERIC */
    const char *scale;          /* SCALE: the scale's name */
    int by_role;                /* FACTOR: named by its role (gender=女), not its column */
};

/* NAME as a predictor of S: 0 with *T filled; else -1 (no such name) or -2
   (a column that cannot be one, in T->v; NULL: a role or age_group the
   codebook lacks). */
int an_model_resolve(const struct survey *s, const char *name, struct an_term_src *t);

/* The word that starts the Chinese terms of categorical ROLE ("性别"), or
   NULL when a model takes no such role. */
const char *an_factor_word(enum survey_role role);

/* Declare the association section's tables, and decide whether the
   logistic model's predictor patterns are counted directly by key (C->direct,
   C->keys and the gender and party code ranges).  Returns 0 or -1 (out of
   memory). */
int an_association_declare(struct ctx *c);

void an_spearman(struct ctx *c, const struct tally *t);

/* The logistic model of taking part on the predictors of OPT (NULL: the
   default ones); see association.c. */
void an_logistic(struct ctx *c, const struct tally *t, const struct an_options *opt);


/* ## Findings (findings.c) */

/* Choose the findings from the figures in C's results. */
void an_findings(struct ctx *c);

/* Choose the cautions from C's results and findings (cautions.c). */
void an_cautions(struct ctx *c);

/* ## Raking (weighting.c) */

int an_rake(struct ctx *c, const struct survey_margins *M);

#endif
