/* analysis.h — the analyses that turn a loaded survey into results: profile,
 * participation by age group, satisfaction and trust scales, association,
 * weighting.  Part of the analysis/ module (stats/stats.h holds the primitives these
 * call); the results are plain structs that report/ renders and never
 * recomputes.
 *
 * Ownership: stats_analyse() returns results that own every array and string
 * in them; free with stats_results_free(), which accepts NULL.  The results
 * are self-contained: every label, the input's account (files, problems)
 * and the age bands are copied, so the survey, its codebook and the bands
 * may be freed before the results, and report/ never needs the survey.
 *
 * Conventions: a statistic that cannot be computed is NAN (JSON null).  `n` is
 * always the unweighted count of respondents behind a figure.  With weights,
 * rates, shares and means are weighted and their intervals use Kish's
 * effective n; tests, alpha, item statistics, validity, Spearman and the
 * logistic model are unweighted.
 */
#ifndef CANYU_STATS_ANALYSIS_H
#define CANYU_STATS_ANALYSIS_H

#include "stats/stats.h"
#include "survey/survey.h"

/* ## Results */

struct an_share {       /* one category of a profile or barrier table */
    const char *label;  /* band label or codebook value label */
    int code;           /* codebook code (band index for age groups) */
    double n;           /* unweighted count */
    double share;       /* (weighted) share of those with a known value */
    const char *label_en; /* the English label (the label when it has none) */
};

struct an_rate {        /* a participation rate */
    const char *group;  /* NULL for "overall" */
    double n, participants; /* unweighted */
    double rate, ci_low, ci_high;
    const char *group_en; /* the group's English label (GROUP when it has none) */
};

struct an_mean {        /* a mean with its spread */
    const char *group;
    double n, mean, sd, ci_low, ci_high;
    const char *group_en; /* as for struct an_rate */
};

struct an_test {        /* chi-square-distributed test: H or M², df, p */
    double statistic, df, p_value;
};

struct an_activity {
    const char *column, *label_zh, *label_en;
    struct an_rate all;
    struct an_rate *by_age; /* one per band */
};

struct an_barriers {
    double n;
    struct an_share *cat;   /* codebook order */
    size_t n_cat;
    double *by_age_n;       /* per band */
    struct an_share *by_age; /* n_bands × n_cat, row per band */
};

struct an_item {
    const char *column, *label_zh, *label_en;
    int min, max;
    const char **levels;  /* max - min + 1 value labels of the levels, lowest
                             first; NULL for a level the codebook leaves
                             unlabelled */
    const char **levels_en; /* their English labels (the labels when none) */
    int reverse;          /* a reverse-worded item: recoded (min + max - answer) for
                             its scale's index, alpha, item statistics and validity */
    /* The answers as given, a reverse-worded item's too (raw): */
    struct an_mean stat;  /* n, mean, SD and its interval */
    double top2;          /* share in the two highest levels; NAN for 2 levels */
    double *distribution; /* max - min + 1 counts (unweighted), lowest level first */
};

/* Why a validity could not be computed. */
/* A section's set of items is factor-analysed up to this many items: its
   correlation matrix is counted for every respondent. */
#define AN_VALIDITY_MAX_ITEMS 300

enum an_validity_status {
    AN_VALIDITY_OK = 0,
    AN_VALIDITY_TOO_FEW,  /* n <= items: the correlation matrix is singular for want of
                             respondents */
    AN_VALIDITY_CONSTANT, /* ITEM has the same score for every respondent */
    AN_VALIDITY_SINGULAR, /* ITEM is (nearly) a linear combination of the items before it */
    AN_VALIDITY_FAILED    /* the eigen or singular value decomposition did not converge */
};

/* The validity of a set of items (stats_factor on their correlation matrix,
   listwise, recoded scores, unweighted).  Unless STATUS is AN_VALIDITY_OK
   only STATUS, K, ITEMS, N and ITEM are set (the arrays are NULL). */
struct an_validity {
    enum an_validity_status status;
    size_t k;                /* items */
    const char **items;      /* their columns, in codebook order */
    double n;                /* respondents who answered every item */
    const char *item;        /* TOO_FEW: NULL; CONSTANT, SINGULAR: the offending column */
    size_t item_index;       /* and its position in ITEMS */
    double kmo;              /* overall MSA; NAN when no item correlates */
    double *kmo_items;       /* [k] each item's MSA */
    struct an_test bartlett; /* χ², df, p */
    double *eigenvalues;     /* [k] of the correlation matrix, descending */
    double *eigen_pct;       /* [k] 100·eigenvalue / k */
    double *eigen_cum;       /* [k] running sum of eigen_pct */
    size_t factors;          /* K kept */
    int fixed;               /* K was given (struct an_options), not found by eigenvalue */
    double *loadings;        /* [k × K] varimax-rotated, row-major */
    double *ss_loadings;     /* [K] column sums of squared loadings, descending */
    double *variance_pct;    /* [K] 100·ss_loadings / k */
    double *cumulative_pct;  /* [K] running sum of variance_pct */
    size_t *main_factor;     /* [k] the factor of each item's largest |loading| (the
                                first of equals) */
    size_t *scale_factor;    /* a section's set: [n_scales] each scale's main factor,
                                the one where its items' squared loadings sum highest;
                                NULL for a scale's own validity */
};

struct an_qby;

struct an_scale {
    const char *name;
    const char *label_zh, *label_en; /* the codebook's `scale` row, else NAME */
    size_t k;                  /* items */
    const char **items;        /* their columns */
    size_t *item_index;        /* positions in the section's items */
    double n;                  /* listwise-complete respondents */
    double alpha, std_alpha;
    double *item_total;        /* k values, or NULL when k < 2 */
    double *alpha_if_deleted;  /* k values, or NULL when k < 3 */
    /* Item statistics (SPSS RELIABILITY /SUMMARY=TOTAL) on the listwise sample:
       the mean and variance of the sum of the other items.  k values, or NULL
       when k < 2. */
    double *scale_mean_if_deleted, *scale_var_if_deleted;
    double *item_var;          /* k variances (n - 1) of the item scores on the listwise
                                  sample, or NULL when k < 2 */
    struct an_validity *validity; /* NULL when k < 3 */
    struct an_mean index;
    /* The index compared across age groups (when the survey has ages), then
       across each --by column: group n, mean and SD (weighted as BY_AGE;
       COUNTS and RESIDUALS NULL) and every test of struct stats_comparison,
       unweighted. */
    struct an_qby *by;
    size_t n_by;
    struct an_mean *by_age;    /* per band */
    struct an_mean *by_community; /* per community value */
    struct an_test test_community, test_age;
};

struct an_likert {             /* the satisfaction or the trust section */
    struct an_item *items;
    size_t n_items;
    struct an_scale *scales;
    size_t n_scales;
    struct an_validity *validity; /* all the items, listwise; NULL for fewer than 2 */
};

struct an_spearman {
    const char *scale;
    double n, rho, p_value;
    const char *label_zh, *label_en; /* the scale's labels */
};

/* What a term of the logistic model measures. */
enum an_term_kind {
    AN_TERM_INTERCEPT,
    AN_TERM_LEVEL,   /* a level of a categorical variable against its reference */
    AN_TERM_NUMERIC, /* a numeric question, per unit */
    AN_TERM_SCALE    /* a scale index, per index point (0–100) */
};

struct an_term {
    char *term;     /* the stable name: "gender=女" (the value's label) */
    double coef, se, z, p_value, odds_ratio, or_ci_low, or_ci_high;
    char *term_en;  /* for English text: "gender=Female" when the label has an
                       English form, else TERM; a scale's English label */
    char *term_zh;  /* for Chinese text: "性别=女", "年龄组=70+", a scale's label,
                       "常数项" for the intercept */
    enum an_term_kind kind;
    const char *var_zh, *var_en;     /* the variable in words: "年龄组" / "age group",
                                        "性别" / "Gender", a column's or scale's labels */
    const char *level_zh, *level_en; /* LEVEL: the level's labels ("70+", "女" / "Female") */
    size_t reference;                /* LEVEL: its variable's entry in logit_ref */
};

/* The reference level of a categorical variable of the logistic model: the
   first age band present among the complete cases, else the lowest code
   present. */
struct an_reference {
    const char *variable;        /* "age_group", a role name or a column */
    const char *label, *label_en; /* the reference level's labels; NULL when
                                     there is no complete case */
    const char *var_zh, *var_en; /* the variable in words, as in struct an_term */
};

/* Why a predictor asked for was left out of the model. */
enum an_drop_reason {
    AN_DROP_NO_ANSWERS, /* no respondent with a known outcome answered it (a scale:
                           none answered all of its items) */
    AN_DROP_ONE_LEVEL,  /* a categorical variable with one level among the complete
                           cases */
    AN_DROP_CONSTANT    /* a numeric question or index with one value among them */
};

struct an_dropped {
    const char *term;               /* the predictor's name, as a term would start */
    const char *label_zh, *label_en; /* the variable in words */
    enum an_drop_reason reason;
};

/* ## Any question: single-choice, multiple-response and numeric questions
 *
 * With weights (a weight column or raking) the shares and means below are
 * weighted: a single question's shares and their Wilson intervals on Kish's
 * effective n of the respondents who answered, a numeric question's mean and
 * SD (not its quartiles, minimum and maximum), a multiple-response
 * question's % of responses and % of cases, and every group's shares and
 * means.  Counts and n stay unweighted; the tests (chi-square, t tests,
 * ANOVA, Levene, Kruskal–Wallis) are unweighted. */

enum an_question_type { AN_Q_SINGLE, AN_Q_NUMERIC, AN_Q_MULTI };

/* One question crossed with one grouping (age group or a --by column).
   Groups are the grouping's categories in band / codebook order, empty ones
   included; respondents in no group, or who did not answer, are left out. */
struct an_qby {
    const char *variable;          /* "age_group" or the column */
    const char *label_zh, *label_en; /* the grouping's own labels */
    size_t n_groups;
    const char **groups, **groups_en; /* group labels */
    double *group_n;               /* [n_groups] respondents who answered */
    /* Single: COUNTS [n_groups × n_cat], row per group; the Pearson test of
       the table without its empty rows and columns; RESIDUALS [n_cat ×
       n_groups], row per category: adjusted standardized residuals (NAN in
       an empty row or column). */
    double *counts;
    /* Single and multi: SHARES [n_groups × n_cat], row per group: the
       (weighted) fraction of the group's respondents who answered (single)
       or of the group's cases (multi) in each category or option. */
    double *shares;
    struct stats_chisq chisq;
    double *residuals;
    /* Numeric: MEANS [n_groups] (n, mean, SD; CI unset) and every test. */
    struct an_mean *means;
    struct stats_comparison comparison;
};

struct an_question {
    const char *column, *label_zh, *label_en;
    enum an_question_type type;
    double n;            /* respondents who answered */
    /* Single: the categories (codebook order, or as found in the data when
       FROM_DATA): code, labels, count (n) and share of N, Wilson interval. */
    int from_data;
    size_t n_cat;
    struct an_share *cat;
    double *ci_low, *ci_high;
    /* Numeric: mean, SD (n - 1), quartiles (type 7), min, max. */
    double mean, sd;
    struct stats_quartiles quart;
    /* Multi (a `multi` column, or the `option` columns sharing a scale, whose
       name is then COLUMN and whose scale row gives the labels): the options
       are CAT (codebook order; an option column's code is its place 1..k,
       its labels the column's), each with its count of cases choosing it
       (n) and its (weighted) share of the cases (share); OF_RESPONSES [n_cat]
       the (weighted) share of all choices.  CASES = N: the respondents with
       a non-missing cell (multi) or with at least one option chosen
       (option, SPSS's dichotomy rule); RESPONSES: the choices they made.
       In BY, GROUP_N are the group's cases and COUNTS its choices. */
    int dichotomy;       /* from option columns */
    double cases, responses;
    double *of_responses;
    struct an_qby *by;   /* age group (when the survey has ages), then each --by */
    size_t n_by;
};

/* Participation by one --by column: the rate of each of its categories
   (codebook order, empty ones included; RATES[g].group its label) and the
   test of participant × category, unweighted, with the adjusted
   standardized residual of taking part in each category (NAN for an empty
   one, and all NAN when nobody or everybody took part). */
struct an_part_by {
    const char *variable;            /* the column */
    const char *label_zh, *label_en; /* its labels */
    size_t n_groups;
    struct an_rate *rates;
    struct stats_chisq chisq;
    double *adjusted_residuals;      /* [n_groups] */
};

enum an_weighting { AN_WEIGHT_NONE, AN_WEIGHT_COLUMN, AN_WEIGHT_RAKING };

/* ## Findings
 *
 * What the numbers support is decided here, with one significance level;
 * report/ only phrases it.  Each finding names the figures it rests on by
 * their place in the results (an age band, an activity, an item, a scale, a
 * term). */

/* The two-sided significance level of every finding and every mark of
   change: a difference is called one only when its test gives p < AN_ALPHA. */
#define AN_ALPHA 0.05

enum an_finding_kind {
    AN_FINDING_PARTICIPATION,    /* the overall rate */
    AN_FINDING_NO_PARTICIPATION, /* no participation figures: A = 1 when the codebook
                                    has items whose every answer is missing, 0 when it
                                    has none */
    AN_FINDING_AGE_GROUPS,       /* A: the band with the highest rate, B: the lowest;
                                    SIGNIFICANT: the chi-square test */
    AN_FINDING_TOP_ACTIVITY,     /* A: the activity most taken part in */
    AN_FINDING_BARRIERS,         /* the main barrier of each band: main_barrier */
    AN_FINDING_SATISFACTION,     /* A: the lowest rated satisfaction item, B: the highest */
    AN_FINDING_COMMUNITIES,      /* A: a satisfaction scale; SIGNIFICANT: Kruskal–Wallis
                                    across communities */
    AN_FINDING_TRUST,            /* A: the lowest trust scale, B: the highest */
    AN_FINDING_VALIDITY,         /* A: the section (0 satisfaction, 1 trust) whose set of
                                    items was factor-analysed; SIGNIFICANT: suited to it
                                    (KMO at least 0.5 and Bartlett's p < AN_ALPHA) */
    AN_FINDING_CROSS_LOADING,    /* A: the section; B: an item (its index in the section)
                                    that loads most on the factor of scale D, not on its
                                    own scale C's (with two factors or more) */
    AN_FINDING_MODEL_FAILED,     /* A = 1: too few complete cases; 0: no convergence */
    AN_FINDING_PREDICTOR         /* A: of the terms with p < AN_ALPHA (the intercept
                                    aside), the one with the largest |log odds ratio|,
                                    or -1 for none */
};

/* The term the predictor finding names: of TERMS[1..N) (TERMS[0] is the
   intercept) those with p < AN_ALPHA, the one whose odds ratio lies farthest
   from 1, by |log odds ratio| = |coef| (a term per index point or per unit
   by its effect per point or unit), the first of equals; -1 when none. */
int an_predictor_choice(const struct an_term *terms, size_t n);

struct an_finding {
    enum an_finding_kind kind;
    int a, b, c, d;
    int significant;
};

/* ## Cautions
 *
 * What a reader must be told beside a figure, lest it be read as firmer than
 * it is: chosen here from the results and the findings (analysis/cautions.c),
 * said by report/ where the figure is shown. */

/* A group of fewer respondents than this behind a finding is called small. */
#define AN_SMALL_GROUP 30

enum an_caution_kind {
    AN_CAUTION_EXPECTED,       /* a chi-square with cells of expected count below 5
                                  (counted in its struct stats_chisq): A = -1 the
                                  participant × age group test (B = 0) or × --by
                                  column B - 1 (B > 0, part_by); else question A
                                  crossed with its grouping B (its index in BY) */
    AN_CAUTION_NEGATIVE_ALPHA, /* section A's (0 satisfaction, 1 trust, 2 likert) scale B
                                  has an alpha below 0 */
    AN_CAUTION_ZERO_VARIANCE,  /* section A's scale B: its item C (its position in the
                                  scale) has the same score from all N respondents of the
                                  scale's listwise sample */
    AN_CAUTION_SMALL_GROUP     /* finding A (its index in FINDINGS) rests on a group of N <
                                  AN_SMALL_GROUP respondents: of grouping B (enum
                                  an_group), group C */
};

enum an_group {
    AN_GROUP_AGE,      /* an age band: its index */
    AN_GROUP_COMMUNITY /* a community: its index in the scale's by_community (the
                          COMMUNITIES finding's scale) */
};

struct an_caution {
    enum an_caution_kind kind;
    int a, b, c;
    double n;
};

/* Matches any A or B in an_caution_next(). */
#define AN_ANY (-2147483647 - 1)

/* What was read: the survey's account of its files, copied. */
struct an_file {
    const char *name;
    const char *where;        /* what messages name: NAME or NAME:SHEET */
    const char *format;       /* "csv", "xlsx", "sav", ... */
    const char *sheet;        /* xlsx: the sheet read; NULL otherwise */
    const char *encoding;     /* "utf-8", "gb18030", or an SPSS file's own */
    int bom;
    long rows_read, rows_loaded, rows_excluded;
    long blank;               /* blank records: rows_read = loaded + excluded + blank */
};

/* One rejected record (struct survey_problem, copied). */
struct an_problem {
    const char *reason;       /* the stable key: "field_count", "speeder", ... */
    const char *file;         /* the file's `where` */
    long line;
    const char *column, *value, *detail;
};

struct an_input {
    struct an_file *files;
    size_t n_files;
    long rows_read, rows_loaded, rows_excluded, blank;
    long warnings, speeders, straight_liners;
    struct an_problem *problems; /* the rejected records, in input order */
    size_t n_problems;
};

struct an_results {
    struct an_input input;
    const char **age_bands;   /* N_BANDS band labels ("18-29", "60+") */
    size_t n_bands;
    enum an_weighting weighting;
    double effective_n, design_effect;
    int rake_iterations;

    /* profile */
    struct an_share *age_group; /* per band */
    double age_group_missing;   /* respondents in no band (or age missing) */
    struct an_share *gender, *party_member, *subdistrict, *community;
    size_t n_gender, n_party_member, n_subdistrict, n_community;

    /* participation */
    int has_participation;
    struct an_rate overall;
    struct an_rate *part_by_age;       /* per band */
    struct an_rate *part_by_community; /* per community value */
    struct stats_chisq chisq;          /* participant × age group */
    struct an_test linear_by_linear;
    double *adjusted_residuals;        /* per band; NAN for an empty band */
    struct an_activity *activities;
    size_t n_activities;
    struct an_mean intensity;
    struct an_mean *intensity_by_age;  /* per band */
    int has_barriers;
    struct an_barriers barriers;
    struct an_part_by *part_by;        /* per --by column */
    size_t n_part_by;

    struct an_likert satisfaction, trust;
    struct an_likert likert; /* the `likert` role's items: other scales */

    /* every single, multi and numeric question, in codebook order (an
       option question where its first column is) */
    struct an_question *questions;
    size_t n_questions;

    /* association */
    struct an_spearman *spearman;
    size_t n_spearman;
    double logit_n;
    int logit_converged;
    int logit_fitted;                  /* a model was attempted */
    struct an_term *terms;
    size_t n_terms;
    struct an_reference *logit_ref;    /* every categorical variable in the model,
                                          in the order of its terms */
    size_t n_logit_ref;
    struct an_dropped *logit_dropped;  /* predictors left out, in the order asked */
    size_t n_logit_dropped;

    /* findings, in the order a report states them */
    struct an_finding *findings;
    size_t n_findings;
    /* cautions: chi-square tests first, then scales, then findings */
    struct an_caution *cautions;
    size_t n_cautions;
    int *main_barrier;                 /* per band: the barrier category most named
                                          there, or -1 */
};

/* ## Analysis */

/* Choices of an analysis.  A zeroed struct is the default. */
struct an_options {
    /* Factors kept in the validity of each section's items (at most its
       items): 0 = as many as eigenvalues > 1.  A scale's own validity always
       keeps the eigenvalues > 1. */
    size_t factors;
    /* Columns to group by as well as age group (--by): each a categorical
       column (gender, community, subdistrict, party_member, barrier, single)
       with categories.  an_by_check() tells whether a column is one. */
    const char *const *by;
    size_t n_by;
    /* The logistic model's predictors (--model), each a term an_model_check()
       accepts; none: the default model, age group, gender, party member and
       every scale index, as the codebook has them. */
    const char *const *model;
    size_t n_model;
    /* 1: everything on the calling thread; 2: a second thread counts half
       of the respondents (from 100,000 on) and sorts each numeric
       question's answers while the first compares its means; 0, the
       default: 2 from 100,000 respondents on, else 1.  The results are the
       same, bit for bit, whatever the choice. */
    int threads;
};

/* Whether NAME can be a predictor of the logistic model of S (--model): a
   single-choice, numeric or categorical column (gender, party_member,
   subdistrict, community, barrier) by its column or role name, a scale's
   name, or age_group.  0, else -1 with a sentence saying why, naming the
   nearest valid term, in WHY (SIZE bytes). */
int an_model_check(const struct survey *s, const char *name, char *why, size_t size);

/* Whether column NAME of S can group respondents (--by): 0, else -1 with a
   sentence saying why in WHY (SIZE bytes). */
int an_by_check(const struct survey *s, const char *name, char *why, size_t size);

/* Analyse S with age bands BANDS (both borrowed; keep them alive).  MARGINS
   (NULL: none) rakes the weights; errors in raking (an unknown variable or
   category, a category with no respondents, no convergence) return NULL with
   ERR filled, as does a scale whose index grid is too fine (SURVEY_ERR_LIMIT:
   items × the least common multiple of their ranges over 65,534).  NULL with
   SURVEY_ERR_NOMEM when out of memory.  From 100,000 respondents on, the
   respondents are counted by two threads. */
struct an_results *stats_analyse(const struct survey *s, const struct survey_bands *bands,
                                 const struct survey_margins *margins, struct survey_error *err);
/* stats_analyse() with the choices OPT (NULL: the defaults). */
struct an_results *stats_analyse_with(const struct survey *s, const struct survey_bands *bands,
                                      const struct survey_margins *margins,
                                      const struct an_options *opt, struct survey_error *err);
void stats_results_free(struct an_results *r);

/* The first caution of R of KIND whose A and B are A and B (AN_ANY: any),
   from index *FROM on (FROM NULL: from the first), moving *FROM past it; NULL
   when there is none. */
const struct an_caution *an_caution_next(const struct an_results *r, enum an_caution_kind kind,
                                         int a, int b, size_t *from);

#endif
