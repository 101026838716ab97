/* analysis.h — the analyses that turn a loaded survey into results: profile,
 * participation by age group, satisfaction and trust scales, association,
 * weighting.  Part of the analysis/ module (stats/stats.h holds the primitives these
 * call); the results are plain structs that report/ renders and never
 * recomputes.
 *
 * Ownership: stats_analyse() returns results that own every array and string
 * in them; free with stats_results_free(), which accepts NULL.  Labels point
 * into the survey's codebook, so keep the codebook alive as long as the
 * results.
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
};

struct an_rate {        /* a participation rate */
    const char *group;  /* NULL for "overall" */
    double n, participants; /* unweighted */
    double rate, ci_low, ci_high;
};

struct an_mean {        /* a mean with its spread */
    const char *group;
    double n, mean, sd, ci_low, ci_high;
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
    struct an_mean stat;
    double top2;
    double *distribution; /* max - min + 1 counts (unweighted) */
};

/* Why a validity could not be computed. */
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

struct an_scale {
    const char *name;
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
    struct an_validity *validity; /* NULL when k < 3 */
    struct an_mean index;
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
};

struct an_term {
    char *term;
    double coef, se, z, p_value, odds_ratio, or_ci_low, or_ci_high;
};

enum an_weighting { AN_WEIGHT_NONE, AN_WEIGHT_COLUMN, AN_WEIGHT_RAKING };

struct an_results {
    const struct survey *survey;
    const struct survey_bands *bands;
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

    struct an_likert satisfaction, trust;

    /* association */
    struct an_spearman *spearman;
    size_t n_spearman;
    double logit_n;
    int logit_converged;
    int logit_fitted;                  /* a model was attempted */
    struct an_term *terms;
    size_t n_terms;
};

/* ## Analysis */

/* Choices of an analysis.  A zeroed struct is the default. */
struct an_options {
    /* Factors kept in the validity of each section's items (at most its
       items): 0 = as many as eigenvalues > 1.  A scale's own validity always
       keeps the eigenvalues > 1. */
    size_t factors;
};

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

#endif
